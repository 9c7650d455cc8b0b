#!/bin/sh
# The slow checks: too long, or too invasive, for `make check` (minutes each;
# root; fresh Debian 12 trees and apt).  Run from anywhere, as root:
#     sh tests/run-slow.sh
# Each check is a script under tests/slow/ printing "ok: ...", "FAIL: ..."
# and "SKIP: ..." lines (exit 77 = skipped as a whole); this script counts
# them and ends with "N passed, N failed, N skipped".  Exit status 1 when
# anything failed.  Add a check with one `run` line below.
top=$(cd "$(dirname "$0")/.." && pwd)
log=${SLOW_LOG:-/tmp/iokitfs-run-slow.log}
: >"$log"
passed=0 failed=0 skipped=0

run() {
	script=$1
	echo "=== $script"
	tmp=$(mktemp)
	sh "$top/$script" >"$tmp" 2>&1
	rc=$?
	cat "$tmp" >>"$log"
	# A check that died without saying why is a failure too.
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ] && ! grep -q '^FAIL:' "$tmp"; then
		echo "FAIL: $script exited with status $rc" >>"$tmp"
	fi
	grep -E '^(ok|FAIL|SKIP|note):' "$tmp"
	p=$(grep -c '^ok:' "$tmp")
	f=$(grep -c '^FAIL:' "$tmp")
	s=$(grep -c '^SKIP:' "$tmp")
	rm -f "$tmp"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	echo "--- $script: $p passed, $f failed, $s skipped (full output: $log)"
}

run tests/slow/packages.sh
run tests/slow/test_html_browser.sh

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
