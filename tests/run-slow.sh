#!/bin/sh
# Slow tests, not part of `make check`: each script prints its own counts
# and exits 0 (passed), 77 (skipped, with the reason) or else (failed).
# Environment as for the scripts (abs_top_builddir, IOKITFS_DATA_DIR).
HERE=$(cd "$(dirname "$0")" && pwd)
status=0
sh "$HERE/slow/test_html_browser.sh" || [ $? -eq 77 ] || status=1
exit $status
