#!/bin/sh
# libIOKit against real mounts of the MacBookPro15,1 archive: the Check
# program iokit_api_test (every IOKitLib call, cross-checked with the
# mount's files), then the docs/examples programs, whose output is compared
# with the same data read through the file surface.
#
# Environment (besides lib.sh's): IOKIT_API_TEST (the Check program) and
# IOKIT_EXAMPLES (the directory of the built examples); both default to the
# build tree.
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
IOKIT_API_TEST=${IOKIT_API_TEST:-$BUILD_DIR/tests/integration/iokit_api_test}
IOKIT_EXAMPLES=${IOKIT_EXAMPLES:-$BUILD_DIR/docs/examples}
ARCHIVE=macbookpro15-1/registry.ioreg

require_fuse
require_data "$ARCHIVE"
[ -x "$IOKIT_API_TEST" ] || skip "$IOKIT_API_TEST not built"
command -v getfattr >/dev/null 2>&1 || skip "getfattr absent (attr package)"
setup

RO=$WORK/ro
RW=$WORK/rw
mount_fs "$RO" "$IOKITFS_DATA_DIR/$ARCHIVE"
mount_fs "$RW" -o rw "$IOKITFS_DATA_DIR/$ARCHIVE"

# Distinct entries below the IOService plane (a recursive registry iterator
# returns each once; the tree repeats entries that have several parents).
ioservice_ids=$(find "$RO/IOService" -mindepth 2 -name .id -exec cat {} + | sort -u | wc -l)

export IOKIT_ROOT=$RO
check "IOKitLib API (iokit_api_test)" \
	env IOKIT_RW_ROOT="$RW" IOKIT_EXPECT_IOSERVICE="$ioservice_ids" "$IOKIT_API_TEST"

# A property as the file surface shows it: the xattr's literal, unquoted.
xattr_value() {
	getfattr --only-values -n "user.$2" "$1" 2>/dev/null | sed 's/^"\(.*\)"$/\1/'
}

PLATFORM=$RO/IOService/MacBookPro15,1
if [ -x "$IOKIT_EXAMPLES/platform_uuid" ]; then
	expect_eq "platform_uuid prints IOPlatformUUID" \
		"$(xattr_value "$PLATFORM" IOPlatformUUID)" "$("$IOKIT_EXAMPLES/platform_uuid")"
else
	fail "platform_uuid example not built"
fi

if [ -x "$IOKIT_EXAMPLES/list_usb" ]; then
	"$IOKIT_EXAMPLES/list_usb" >"$WORK/usb.txt" 2>/dev/null
	check "list_usb lists USB devices" test -s "$WORK/usb.txt"
	bad=0
	while read -r id name; do
		dir=$RO/.iokit/entries/$id
		shown=$(printf '%s\n' "$name" | sed -n 's/.*<\([^>]*\)>.*/\1/p')
		real=$(xattr_value "$dir" IOClassNameOverride)
		[ -n "$real" ] || real=$(cat "$dir/.class")
		[ "$shown" = "$real" ] || { bad=$((bad + 1)); echo "  $id: $shown != $real"; }
		vid=$(xattr_value "$dir" idVendor)
		if [ -n "$vid" ]; then
			printf '%s\n' "$name" | grep -q " $(printf '%04x' "$vid"):" ||
				{ bad=$((bad + 1)); echo "  $id: vendor $vid"; }
		fi
	done <"$WORK/usb.txt"
	expect_eq "list_usb classes and vendor IDs match the mount" 0 "$bad"
else
	fail "list_usb example not built"
fi

if [ -x "$IOKIT_EXAMPLES/walk_plane" ]; then
	lines=$("$IOKIT_EXAMPLES/walk_plane" IOService 2>/dev/null | wc -l)
	dirs=$(find "$RO/IOService" -mindepth 1 -type d ! -name .properties | wc -l)
	expect_eq "walk_plane visits every IOService directory (+ Root)" $((dirs + 1)) "$lines"
	first=$("$IOKIT_EXAMPLES/walk_plane" IODeviceTree 2>/dev/null | sed -n 2p)
	expect_eq "walk_plane shows IODeviceTree names" "  /  <IOPlatformExpertDevice>" "$first"
else
	fail "walk_plane example not built"
fi

if [ -x "$IOKIT_EXAMPLES/battery" ]; then
	battery=$(grep -lx AppleSmartBattery "$RO"/.iokit/entries/*/.class | head -1)
	battery=${battery%/.class}
	"$IOKIT_EXAMPLES/battery" >"$WORK/battery.txt"
	check "battery prints AppleSmartBattery keys" grep -q '^CurrentCapacity = ' "$WORK/battery.txt"
	bad=0
	while read -r key eq value; do
		[ "$(xattr_value "$battery" "$key")" = "$value" ] ||
			{ bad=$((bad + 1)); echo "  $key: $value != $(xattr_value "$battery" "$key")"; }
	done <"$WORK/battery.txt"
	expect_eq "battery values match the mount's xattrs" 0 "$bad"
else
	fail "battery example not built"
fi

if [ -x "$IOKIT_EXAMPLES/disk_interconnect" ]; then
	"$IOKIT_EXAMPLES/disk_interconnect" >"$WORK/disks.txt"
	# IOMedia and its subclasses (APFS volumes...), read through the files.
	media=$(for d in "$RO"/.iokit/entries/*; do
		cat "$d/.class" "$d/.superclasses"
		echo --
	done | awk '/^--$/ { n += hit; hit = 0; next } $0 == "IOMedia" { hit = 1 } END { print n }')
	expect_eq "disk_interconnect: one line per IOMedia" "$media" "$(wc -l <"$WORK/disks.txt")"
	expect_eq "disk_interconnect: found up the providers for every disk" "$media" \
		"$(grep -c ': PCI-Express$' "$WORK/disks.txt")"
else
	fail "disk_interconnect example not built"
fi

# --- the same unmodified programs on the live Linux source (this machine)
LIVE=$WORK/live
mount_fs "$LIVE" linux
export IOKIT_ROOT=$LIVE
plat=$(ls -d "$LIVE"/IOService/* | head -n 1)
expect_eq "live: platform_uuid = the platform entry's IOPlatformUUID" \
	"$(xattr_value "$plat" IOPlatformUUID)" "$("$IOKIT_EXAMPLES/platform_uuid" 2>&1)"
# The live tree moves while other tests run (every FUSE mount adds a bdi
# device to /sys): compare a walk with the directories around it, and try
# again when the machine changed in between.
n=0
while :; do
	before=$(find "$LIVE/IOService" -mindepth 1 -type d ! -name .properties | wc -l)
	lines=$("$IOKIT_EXAMPLES/walk_plane" IOService 2>/dev/null | wc -l)
	after=$(find "$LIVE/IOService" -mindepth 1 -type d ! -name .properties | wc -l)
	n=$((n + 1))
	[ "$before" = "$after" ] || [ $n -ge 5 ] || { sleep 0.5; continue; }
	break
done
expect_eq "live: walk_plane visits every IOService directory (+ Root)" $((after + 1)) "$lines"
disks=$(ls /sys/block | wc -l)
expect_eq "live: disk_interconnect sees every block device's media" "$disks" \
	"$("$IOKIT_EXAMPLES/disk_interconnect" IOLinuxSubsystem 2>/dev/null | grep -c ': block$')"
if [ -x "$IOKIT_EXAMPLES/pci_config" ]; then
	# Configuration space through the IOPCIDevice user client (root).
	"$IOKIT_EXAMPLES/pci_config" >"$WORK/pci.txt" 2>&1
	check "live: pci_config reads every PCI device's IDs through its user client" \
		test $? -eq 0
	expect_eq "live: one line per PCI device" "$(ls /sys/bus/pci/devices | wc -l)" \
		"$(wc -l <"$WORK/pci.txt")"
	for d in /sys/bus/pci/devices/*; do
		want="$(cut -c3- "$d/vendor"):$(cut -c3- "$d/device")"
		grep -q " $want\$" "$WORK/pci.txt" || fail "live: $d ($want) not read"
	done
fi
unmount_fs "$LIVE"

finish
