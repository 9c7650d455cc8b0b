#!/bin/sh
# libIOKit's HID manager on the live source (a fixture sysfs tree):
#  - hid_list enumerates as hidapi's mac backend does (IOHIDManager,
#    SetDeviceMatching NULL or VendorID/ProductID, CopyDevices,
#    IOHIDDeviceGetProperty) and finds what the registry holds;
#  - hid_io follows the receiver's arrival (matching callback) and removal
#    (a remove event: the manager's and the device's removal callbacks),
#    and moves reports through its hidraw node, a pseudo-terminal here
#    (this machine has no uhid): an input report on the run loop, output
#    reports with and without a report ID, and the errors of a device
#    without a node, a dangling node, a closed device and a removed one;
#    an open manager's input callback (in place of the device's); a new matching set from inside the
#    manager's removal callback.
#
# Environment (besides lib.sh's): HID_IO, HID_LIST (default: the build
# tree's).
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
HID_IO=${HID_IO:-$BUILD_DIR/tests/integration/hid_io}
HID_LIST=${HID_LIST:-$BUILD_DIR/tests/integration/hid_list}

require_fuse
[ -x "$HID_IO" ] || skip "$HID_IO not built"
[ -x "$HID_LIST" ] || skip "$HID_LIST not built"
command -v bash >/dev/null 2>&1 || skip "bash absent (the fixture script needs it)"
[ -c /dev/ptmx ] || skip "no /dev/ptmx (hid_io's stand-in node is a pty)"
setup

SYS=$WORK/sys
MNT=$WORK/mnt
DEV=$WORK/dev
mkdir -p "$DEV"
make_fixture_sysfs "$SYS"
mount_fs "$MNT" --sysfs-root "$SYS" linux
HIDPATH=/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:046D:C52B.0001

out=$(IOKIT_ROOT=$MNT "$HID_LIST" 2>"$WORK/list.err")
expect_eq "hid_list: every IOHIDDevice, with its keys" \
	"AT Translated Set 2 keyboard|0001:0001|-1:-1|pairs -1|conforms no|AT Translated Set 2 keyboard|||PS2
Logitech USB Receiver|046d:c52b|1:6|pairs 2|conforms yes|Logitech USB Receiver|Logitech||USB" \
	"$(echo "$out" | grep '|' | sort)"
expect_eq "hid_list: count" "devices 2" "$(echo "$out" | grep '^devices ')"
expect_eq "hid_list: a second CopyDevices gives the same objects" "same objects yes" \
	"$(echo "$out" | grep '^same objects')"
expect_eq "hid_list: no error output" "" "$(cat "$WORK/list.err")"
expect_eq "hid_list 0x046d 0xc52b: VendorID/ProductID matching" "Logitech USB Receiver" \
	"$(IOKIT_ROOT=$MNT "$HID_LIST" 0x046d 0xc52b | grep '|' | cut -d'|' -f1)"
expect_eq "hid_list 0x046d 0x0001: no match, CopyDevices NULL" "devices 0" \
	"$(IOKIT_ROOT=$MNT "$HID_LIST" 0x046d 0x0001)"

out=$(IOKIT_ROOT=$MNT IOKIT_SYSFS_ROOT=$SYS IOKIT_DEV_ROOT=$DEV "$HID_IO" "$HIDPATH" 2>"$WORK/io.err")
rc=$?
expect_eq "hid_io exits 0" 0 "$rc"
[ -s "$WORK/io.err" ] && echo "  hid_io stderr: $(head -3 "$WORK/io.err")"
step() {
	echo "$out" | sed -n "s/^$1 //p"
}
expect_eq "matching callback: not before the run loop runs" 0 "$(step matched-before-run)"
expect_eq "matching callback: the receiver, once" 1 "$(step matched)"
expect_eq "CopyDevices: the callback's device" "1 same" "$(step copy)"
expect_eq "IOHIDManagerSetProperty: on the manager and its devices" "set on-device" \
	"$(step manager-property)"
expect_eq "ConformsTo(1, 6): the keyboard collection" 1 "$(step conforms-keyboard)"
expect_eq "ConformsTo(12, 1): the consumer control collection" 1 "$(step conforms-consumer)"
expect_eq "ConformsTo(1, 2): no mouse" 0 "$(step conforms-mouse)"
expect_eq "Open without a hidraw node: kIOReturnUnsupported" 0xe00002c7 "$(step open-no-node)"
expect_eq "SetReport before Open: kIOReturnNotOpen" 0xe00002cd "$(step set-not-open)"
expect_eq "Close before Open: kIOReturnNotOpen" 0xe00002cd "$(step close-not-open)"
expect_eq "Open of a dangling node: kIOReturnNoDevice" 0xe00002c0 "$(step open-dangling)"
expect_eq "Open (seize)" 0x0 "$(step open)"
expect_eq "input report on the run loop: ID 1, 9 bytes, as the node gave them" \
	"1 id=1 len=9 010200040000000000" "$(step input)"
expect_eq "IOHIDManagerOpen" 0x0 "$(step manager-open)"
expect_eq "open manager: its input callback replaces the device's (as on macOS)" \
	"1 device-input 1 010000050000000000" "$(step manager-input)"
expect_eq "SetReport output, ID 1" 0x0 "$(step set-output-id1)"
expect_eq "SetReport output, ID 0" 0x0 "$(step set-output-id0)"
expect_eq "the node got: the ID-1 report as given, the ID-0 one behind a 0 byte" \
	"0103
0055" "$(step node-got)"
expect_eq "SetReport of an unknown type: kIOReturnBadArgument" 0xe00002c2 "$(step set-bad-type)"
expect_eq "GetReport feature on a node without the ioctl: kIOReturnUnsupported" \
	0xe00002c7 "$(step get-feature)"
expect_eq "GetReport input on a node without the ioctl: kIOReturnUnsupported" \
	0xe00002c7 "$(step get-input)"
expect_eq "GetReport with a 10000-byte buffer: as for any size (the ioctl answers)" \
	0xe00002c7 "$(step get-feature-big)"
expect_eq "GetReport with a negative length: kIOReturnBadArgument" 0xe00002c2 "$(step get-negative)"
expect_eq "SetDeviceMatchingMultiple: the receiver or the PS/2 keyboard; another manager's own objects" \
	"2 own-objects" "$(step multiple)"
expect_eq "IOHIDDeviceCreate on the PS/2 keyboard's service" "ok service-same 1" "$(step create)"
expect_eq "its Open" 0x0 "$(step ps2-open)"
expect_eq "no report IDs: ID 0, the report cut to the 2-byte buffer" \
	"1 id=0 len=2 002a" "$(step ps2-input)"
expect_eq "the node hangs up: its removal callback, once" 1 "$(step ps2-hangup)"
expect_eq "Close after the hang-up (the node is closed): kIOReturnNotOpen" 0xe00002cd "$(step ps2-close)"
expect_eq "Open after the hang-up: kIOReturnNoDevice" 0xe00002c0 "$(step ps2-reopen)"
expect_eq "removal: the manager's callback and the device's, same object" \
	"manager=1 device=1 same=yes" "$(step removed)"
expect_eq "CopyDevices after the removal: an empty set (NULL only before any device was found)" \
	"set 0" "$(step copy-after)"
expect_eq "Open after the removal: kIOReturnNoDevice" 0xe00002c0 "$(step open-after)"
expect_eq "SetReport after the removal: kIOReturnNoDevice" 0xe00002c0 "$(step set-after)"
expect_eq "IOHIDManagerClose, then again: kIOReturnNotOpen" "0x0 0xe00002cd" "$(step manager-close)"
finish
