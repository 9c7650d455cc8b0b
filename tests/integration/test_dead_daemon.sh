#!/bin/sh
# A program waiting on notifications when its daemon is killed (kill -9):
# the run loop drops the dead port's source once and CFRunLoopRun returns,
# the dispatch-queue watcher stops; both tell the interest notification
# kIOMessageServiceIsTerminated once.  A program that spun on the dead
# descriptor would never return and time out here.
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
DEAD_DAEMON=${DEAD_DAEMON:-$BUILD_DIR/tests/integration/dead_daemon}
ARCHIVE=macbookpro15-1/registry.ioreg

require_fuse
require_data "$ARCHIVE"
[ -x "$DEAD_DAEMON" ] || skip "$DEAD_DAEMON not built"
setup

for mode in runloop dispatch; do
	MNT=$WORK/mnt-$mode
	mount_fs "$MNT" "$IOKITFS_DATA_DIR/$ARCHIVE"
	daemon=$LAST_PID
	out=$WORK/out-$mode
	IOKIT_ROOT=$MNT timeout 30 "$DEAD_DAEMON" $mode >"$out" 2>"$WORK/err-$mode" &
	prog=$!
	for i in $(seq 1 100); do
		grep -q ready "$out" 2>/dev/null && break
		sleep 0.1
	done
	check "$mode: the program is waiting" grep -q ready "$out"
	kill -9 "$daemon"
	wait "$prog"
	rc=$?
	expect_eq "$mode: the program returns (no spinning, no hang)" 0 "$rc"
	check "$mode: kIOMessageServiceIsTerminated heard once" grep -qx "terminated 1" "$out"
	check "$mode: stderr says the daemon went away" grep -q "daemon has gone away" "$WORK/err-$mode"
	fusermount3 -uz "$MNT" 2>/dev/null || umount -l "$MNT" 2>/dev/null
done
finish
