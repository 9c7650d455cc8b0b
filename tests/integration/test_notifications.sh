#!/bin/sh
# Notifications on the live source mounted on a fixture sysfs tree: the
# Check program notify_test (run loops, matching and interest
# notifications while devices come and go, busy state, dispatch queues, a
# port nobody reads), then the shell surface: `cat MNT/.iokit/watch`.
#
# Environment (besides lib.sh's): NOTIFY_TEST (the Check program; default:
# the build tree's).
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
NOTIFY_TEST=${NOTIFY_TEST:-$BUILD_DIR/tests/integration/notify_test}

require_fuse
[ -x "$NOTIFY_TEST" ] || skip "$NOTIFY_TEST not built"
setup

SYS=$WORK/sys
MNT=$WORK/mnt
make_fixture_sysfs "$SYS"
mount_fs "$MNT" --sysfs-root "$SYS" linux

check "notify_test (libIOKit notifications)" \
	env IOKIT_ROOT="$MNT" NOTIFY_SYSFS="$SYS" "$NOTIFY_TEST"

# ---- the watch stream: a blocking cat that ends on a signal ----
# The shell opens the stream before the events start (a cat started in
# the background might open it after them, under load).
exec 3<"$MNT/.iokit/watch"
cat <&3 >"$WORK/watch.txt" &
CAT=$!
exec 3<&-
D=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.7
mkdir -p "$SYS$D"
printf 'DEVTYPE=usb_device\nPRODUCT=781/5567/100\n' >"$SYS$D/uevent"
printf 'Watched Stick\n' >"$SYS$D/product"
ln -s "$SYS/bus/usb" "$SYS$D/subsystem"
echo "add $D" >"$MNT/.iokit/uevent"
# The live source reads the device's sysfs files when it takes the event:
# they stay until the publish shows (removing them at once raced the add).
wait_line() {
	n=0
	while ! grep -q "$1" "$WORK/watch.txt" && [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
wait_line 'publish .*"Watched Stick"'
rm -rf "${SYS:?}$D"
echo "remove $D" >"$MNT/.iokit/uevent"
wait_line 'terminate .*"Watched Stick"'
check "watch shows the publish" grep -q 'publish .*IOUSBHostDevice "Watched Stick"' "$WORK/watch.txt"
check "watch shows the terminate" grep -q 'terminate .*"Watched Stick"' "$WORK/watch.txt"
check "publish before terminate" sh -c \
	"grep -n 'Watched Stick' '$WORK/watch.txt' | head -n1 | grep -q publish"
kill -TERM $CAT
check "cat ends on a signal (parked read interrupted)" wait_gone $CAT 30
check "watch resolves by name in .iokit" test -e "$MNT/.iokit/watch"
check "a non-blocking read of an idle watch says EAGAIN" sh -c \
	"python3 -c 'import os,sys,errno
fd=os.open(sys.argv[1], os.O_RDONLY|os.O_NONBLOCK)
try:
    os.read(fd, 4096); sys.exit(1)
except BlockingIOError:
    sys.exit(0)' '$MNT/.iokit/watch'"
check "the daemon still answers" test -d "$MNT/IOService"
finish
