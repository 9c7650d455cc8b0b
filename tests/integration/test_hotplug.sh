#!/bin/sh
# The live Linux source mounted on a fixture sysfs tree: devices added,
# changed and removed while mounted (events fed through .iokit/uevent, as
# udev would deliver them) show in the tree, the xattrs and the views at
# once (the kernel's caches are invalidated), and entries keep their IDs.
. "$(dirname "$0")/lib.sh"
require_fuse
setup

SYS=$WORK/sys
MNT=$WORK/mnt
make_fixture_sysfs "$SYS"
mount_fs "$MNT" --sysfs-root "$SYS" linux

# The USB hub of the fixture and its first device, found by their class files.
find_class_dir() {
	grep -rlx "$1" --include=.class "$MNT/IOService" 2>/dev/null | head -n 1 | xargs -r dirname
}
usb_dev=$(grep -rl '"USB Receiver"' --include=.ioreg "$MNT/IOService" | head -n 1)
check "fixture USB device is in the tree" test -n "$usb_dev"
hub=$(dirname "$(dirname "$usb_dev")")
before=$(ls "$hub" | sort)

wait_for() { # wait_for SECONDS COMMAND...
	t=$1
	shift
	n=0
	while ! "$@" 2>/dev/null; do
		n=$((n + 1))
		[ $n -ge $((t * 20)) ] && return 1
		sleep 0.05
	done
}

# ---- add ----
D=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.4
mkdir -p "$SYS$D"
printf 'DEVTYPE=usb_device\nPRODUCT=781/5567/100\n' >"$SYS$D/uevent"
printf '0781\n' >"$SYS$D/idVendor"
printf '5567\n' >"$SYS$D/idProduct"
printf 'Cruzer Blade\n' >"$SYS$D/product"
printf '480\n' >"$SYS$D/speed"
ln -s "$SYS/bus/usb" "$SYS$D/subsystem"
echo "add $D" >"$MNT/.iokit/uevent"
check "added device appears" wait_for 5 sh -c "grep -rl 'Cruzer Blade' --include=.ioreg '$MNT/IOService' >/dev/null"
new_dir=$(dirname "$(grep -rl 'Cruzer Blade' --include=.ioreg "$MNT/IOService" | head -n 1)")
expect_eq "added device's class" IOUSBHostDevice "$(cat "$new_dir/.class" 2>/dev/null)"
expect_eq "added device's idVendor" 1921 "$(getfattr --only-values -n user.idVendor "$new_dir" 2>/dev/null)"
id_before=$(cat "$new_dir/.id")
check "listed in .iokit/entries" test -d "$MNT/.iokit/entries/$id_before"

# ---- change ----
printf 'Cruzer Ultra\n' >"$SYS$D/product"
echo "change $D" >"$MNT/.iokit/uevent"
# The entry is named after its product, as on macOS, so it is found again
# by its registry ID, which a change keeps.
by_id=$MNT/.iokit/entries/$id_before
check "changed product name shows" wait_for 5 sh -c \
	"getfattr --only-values -n 'user.USB Product Name' '$by_id' | grep -q 'Cruzer Ultra'"
expect_eq "ID kept across a change" "$id_before" "$(cat "$by_id/.id" 2>/dev/null)"
check "renamed directory appears in the plane" wait_for 5 sh -c \
	"grep -rl 'Cruzer Ultra' --include=.ioreg '$MNT/IOService' >/dev/null"
old_dir=$new_dir
new_dir=$(dirname "$(grep -rl 'Cruzer Ultra' --include=.ioreg "$MNT/IOService" | head -n 1)")
check "old name is gone (kernel cache invalidated)" wait_for 5 sh -c "! test -e '$old_dir'"

# ---- remove ----
rm -rf "${SYS:?}$D"
echo "remove $D" >"$MNT/.iokit/uevent"
check "removed device disappears" wait_for 5 sh -c "! test -e '$new_dir'"
check "gone from .iokit/entries" wait_for 5 sh -c "! test -e '$MNT/.iokit/entries/$id_before'"
expect_eq "hub lists what it listed before" "$before" "$(ls "$hub" | sort)"

# ---- refusals ----
check "malformed event refused (EINVAL)" sh -c "! echo 'explode /devices/x' >'$MNT/.iokit/uevent' 2>/dev/null"
check "event outside /devices refused" sh -c "! echo 'add /etc/passwd' >'$MNT/.iokit/uevent' 2>/dev/null"
if command -v setpriv >/dev/null 2>&1; then
	check "non-root may not feed events" sh -c \
		"! setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'echo add $D >$MNT/.iokit/uevent' 2>/dev/null"
fi
check "daemon still serving" test -d "$MNT/IOService"

[ "$FAILURES" -eq 0 ] || { cat "$WORK/daemon.log"; exit 1; }
echo "all hot-plug checks passed"
