#!/bin/sh
# HID devices on the live source (a fixture sysfs tree): a hid bus device's
# report_descriptor becomes IOHIDDevice's keys (ReportDescriptor,
# PrimaryUsagePage/PrimaryUsage, DeviceUsagePairs, Max*ReportSize), shown
# as xattrs, and a libIOKit program finds the device the way hidapi's mac
# backend does: IOServiceGetMatchingServices on {"PrimaryUsagePage": 1,
# "PrimaryUsage": 6}, or with DeviceUsagePage/DeviceUsage, which match any
# of the device's usage pairs.
#
# The fixture's receiver describes a keyboard (report 1) and a consumer
# control (report 2); the PS/2 keyboard is an IOHIDDevice without a
# descriptor (an input device), so it has no usage at all.
#
# Environment (besides lib.sh's): HID_MATCH (the helper; default: the build
# tree's).
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
HID_MATCH=${HID_MATCH:-$BUILD_DIR/tests/integration/hid_match}

require_fuse
[ -x "$HID_MATCH" ] || skip "$HID_MATCH not built"
command -v getfattr >/dev/null 2>&1 || skip "getfattr absent (tools/install-deps.sh installs attr)"
command -v bash >/dev/null 2>&1 || skip "bash absent (the fixture script needs it)"
setup

SYS=$WORK/sys
MNT=$WORK/mnt
make_fixture_sysfs "$SYS"
mount_fs "$MNT" --sysfs-root "$SYS" linux

# The receiver's IOHIDDevice (its IOHIDEventService child has the same name
# and a longer path).
HID=$(find "$MNT/IOService" -type d -name 'Logitech USB Receiver' 2>/dev/null | sort | head -1)
check "the HID device is in the IOService plane" test -n "$HID"
expect_eq "it is an IOHIDDevice" IOHIDDevice "$(cat "$HID/.class" 2>/dev/null)"

x() {
	getfattr --absolute-names --only-values -n "user.$1" "$HID" 2>/dev/null
}
expect_eq "user.PrimaryUsagePage (Generic Desktop)" 1 "$(x PrimaryUsagePage)"
expect_eq "user.PrimaryUsage (Keyboard)" 6 "$(x PrimaryUsage)"
expect_eq "user.DeviceUsagePairs: keyboard, then consumer control" \
	'({"DeviceUsagePage"=1,"DeviceUsage"=6},{"DeviceUsagePage"=12,"DeviceUsage"=1})' \
	"$(x DeviceUsagePairs)"
# Report 1: ID + modifiers + reserved + 6 keys = 9 bytes in, ID + LEDs = 2
# out; no feature report, but the ID byte makes 1 (as on macOS).
expect_eq "user.MaxInputReportSize" 9 "$(x MaxInputReportSize)"
expect_eq "user.MaxOutputReportSize" 2 "$(x MaxOutputReportSize)"
expect_eq "user.MaxFeatureReportSize" 1 "$(x MaxFeatureReportSize)"
RD=$SYS/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/0003:046D:C52B.0001/report_descriptor
expect_eq "user.ReportDescriptor: the file's bytes" \
	"<$(od -An -tx1 -v "$RD" | tr -d ' \n')>" "$(x ReportDescriptor)"
check "a key listed by listxattr" \
	sh -c 'getfattr --absolute-names -d -m "^user\.Max" "$1" | grep -q "^user.MaxInputReportSize="' _ "$HID"

# match EXPECTED DESCRIPTION KEY=VALUE...: the names hid_match finds, sorted
# and joined by commas.
match() {
	want=$1
	what=$2
	shift 2
	got=$(IOKIT_ROOT=$MNT "$HID_MATCH" "$@" 2>"$WORK/match.err" | sort | paste -sd, -)
	if [ -s "$WORK/match.err" ]; then
		fail "$what: $(head -2 "$WORK/match.err")"
	else
		expect_eq "$what" "$want" "$got"
	fi
}
match "AT Translated Set 2 keyboard,Logitech USB Receiver" "every IOHIDDevice"
match "Logitech USB Receiver" "{PrimaryUsagePage 1, PrimaryUsage 6} (hidapi's keyboard query)" \
	PrimaryUsagePage=1 PrimaryUsage=6
match "" "{PrimaryUsagePage 12}: the consumer control is not the primary usage" \
	PrimaryUsagePage=12
match "Logitech USB Receiver" "{DeviceUsagePage 12, DeviceUsage 1}: any pair matches" \
	DeviceUsagePage=12 DeviceUsage=1
match "Logitech USB Receiver" "{DeviceUsagePage 1}: a page alone" DeviceUsagePage=1
match "" "{DeviceUsagePage 1, DeviceUsage 2}: no mouse here" DeviceUsagePage=1 DeviceUsage=2
match "" "{DeviceUsagePage 12, DeviceUsage 6}: page and usage from different pairs" \
	DeviceUsagePage=12 DeviceUsage=6
# IOHIDDevice's matchPropertyTable compares a fixed set of keys; others in
# the table constrain nothing (macOS ignores them too).
match "AT Translated Set 2 keyboard,Logitech USB Receiver" \
	"{MaxInputReportSize 9}: not a key IOHIDDevice matches on" MaxInputReportSize=9

finish
