#!/bin/sh
# The IOKitLib API test (iokit_api_test, every test in its own forked
# child) under valgrind's memcheck against ro and rw mounts of the
# MacBookPro15,1 archive: no invalid access, no uninitialised byte sent to
# the daemon or used in a branch, no definite leak.  Skips when valgrind is
# not installed.
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
IOKIT_API_TEST=${IOKIT_API_TEST:-$BUILD_DIR/tests/integration/iokit_api_test}
ARCHIVE=macbookpro15-1/registry.ioreg

require_fuse
require_data "$ARCHIVE"
command -v valgrind >/dev/null 2>&1 || skip "valgrind not installed"
[ -x "$IOKIT_API_TEST" ] || skip "$IOKIT_API_TEST not built"
# libtool's wrapper script: valgrind the real binary, with the library path.
REAL=$(dirname "$IOKIT_API_TEST")/.libs/$(basename "$IOKIT_API_TEST")
[ -x "$REAL" ] || REAL=$IOKIT_API_TEST
# memcheck cannot run a sanitizer build (both replace the allocator).
if [ -f "$BUILD_DIR/Makefile" ] && grep -q '^CFLAGS = .*-fsanitize' "$BUILD_DIR/Makefile"; then
	skip "sanitizer build: valgrind runs on the plain build only"
fi
setup

mount_fs "$WORK/ro" "$IOKITFS_DATA_DIR/$ARCHIVE"
mount_fs "$WORK/rw" -o rw "$IOKITFS_DATA_DIR/$ARCHIVE"
ioservice_ids=$(find "$WORK/ro/IOService" -mindepth 2 -name .id -exec cat {} + | sort -u | wc -l)

check "iokit_api_test is clean under valgrind" \
	env LD_LIBRARY_PATH="$BUILD_DIR/.libs" IOKIT_ROOT="$WORK/ro" IOKIT_RW_ROOT="$WORK/rw" \
	IOKIT_EXPECT_IOSERVICE="$ioservice_ids" CK_DEFAULT_TIMEOUT=600 \
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--track-origins=yes "$REAL"
finish
