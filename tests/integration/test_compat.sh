#!/bin/sh
# The CI part of the compatibility corpus (docs/compat.md): our own small
# programs in tests/compat/, written the way public macOS IOKit tools are
# (each includes the headers the way those tools do), built against a
# DESTDIR install of libIOKit through `pkg-config --cflags --libs iokit`
# exactly as a porter would, then run on dump mounts; their output is
# checked against the same facts read through the file system.
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
COMPAT=$REPO_DIR/tests/compat

require_fuse
require_data macbookpro15-1/registry.ioreg
require_data macbookpro12-1/SMC-keys.txt
command -v pkg-config >/dev/null 2>&1 || skip "pkg-config not installed"
[ -f "$BUILD_DIR/Makefile" ] || skip "no build tree at $BUILD_DIR"
setup

DEST=$WORK/dest
check "make install DESTDIR=$DEST" sh -c "make -s -C '$BUILD_DIR' install DESTDIR='$DEST' >'$WORK/install.log' 2>&1"
PC=$(find "$DEST" -name iokit.pc | head -1)
[ -n "$PC" ] || { cat "$WORK/install.log"; fail "iokit.pc not installed"; finish; }
PKG_CONFIG_PATH=$(dirname "$PC")
PKG_CONFIG_SYSROOT_DIR=$DEST
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
LD_LIBRARY_PATH=$(pkg-config --variable=libdir iokit)
export LD_LIBRARY_PATH
FLAGS=$(pkg-config --cflags --libs iokit)
# The build's own CFLAGS/LDFLAGS (a sanitizer build's library needs its
# runtime in the program too, as it would for any porter).
BUILD_CFLAGS=$(sed -n 's/^CFLAGS = //p' "$BUILD_DIR/Makefile")
BUILD_LDFLAGS=$(sed -n 's/^LDFLAGS = //p' "$BUILD_DIR/Makefile")

for prog in smc_temp usb_list serial_mac smbios_keys registry_dump hid_list; do
	# shellcheck disable=SC2086
	check "$prog builds with cc \$(pkg-config --cflags --libs iokit) -Wall -Wextra -Werror" \
		cc $BUILD_CFLAGS -Wall -Wextra -Werror -o "$WORK/$prog" "$COMPAT/$prog.c" $FLAGS \
		$BUILD_LDFLAGS
done

MBP15=$WORK/mbp15
SMC=$WORK/smc
mount_fs "$MBP15" "$IOKITFS_DATA_DIR/macbookpro15-1/registry.ioreg"
mount_fs "$SMC" -o smc="$IOKITFS_DATA_DIR/macbookpro12-1/SMC-keys.txt" \
	"$IOKITFS_DATA_DIR/macbookpro12-1/IOReg.txt"

xattr() {
	getfattr --only-values -n "user.$2" "$1" 2>/dev/null | sed 's/^"\(.*\)"$/\1/'
}
# Directories of the entries of a class, below the IOService plane.
of_class() {
	find "$1/IOService" -name .class 2>/dev/null | while read -r c; do
		[ "$(cat "$c")" = "$2" ] && echo "${c%/.class}"
	done
}

# IOPowerSources on the dump's AppleSmartBattery: the description carries
# what macOS's does for that battery (DesignCycleCount from
# DesignCycleCount9C = 1000, health from MaxCapacity 7280 of 7336 mAh).
PS=$BUILD_DIR/docs/examples/power_sources
if [ -x "$PS" ]; then
	out=$(IOKIT_ROOT=$MBP15 "$PS")
	check "power_sources: MBP15 battery description with DesignCycleCount and BatteryHealth" \
		sh -c 'echo "$1" | grep -q "^- Name=InternalBattery-0 Type=InternalBattery Power Source State=AC Power Current Capacity=100 Max Capacity=100 Is Charging=No Is Charged=Yes Is Present=Yes Time to Empty=0 Time to Full Charge=0 Voltage=12849 Current=0 DesignCapacity=7336 Hardware Serial Number=D868294AA3EJ65HAM DesignCycleCount=1000 BatteryHealth=Good$"' _ "$out"
else
	fail "$PS not built (make check builds it)"
fi

SMCKEYS=$IOKITFS_DATA_DIR/macbookpro12-1/SMC-keys.txt
out=$(IOKIT_ROOT=$SMC "$WORK/smc_temp")
expect_eq "smc_temp: FNum as the SMC dump" \
	"FNum $(sed -n 's/^  FNum  \[ui8 \]  \([0-9]*\) .*/\1/p' "$SMCKEYS")" "$(echo "$out" | sed -n 1p)"
tc0p=$(sed -n 's/^  TC0P  \[sp78\].*(bytes \(..\) \(..\))$/\1 \2/p' "$SMCKEYS")
expect_eq "smc_temp: TC0P (sp78) as the SMC dump" \
	"TC0P $(awk -v h="$(printf '%d' "0x${tc0p% *}")" -v l="$(printf '%d' "0x${tc0p#* }")" \
		'BEGIN { printf "%.3f", h + l / 256 }')" "$(echo "$out" | sed -n 2p)"

out=$(IOKIT_ROOT=$MBP15 "$WORK/usb_list")
expect_eq "usb_list: the plug-in call answers kIOReturnUnsupported, as for a missing plug-in" \
	"plugin 0xe00002c7" "$(echo "$out" | sed -n 1p)"
expect_eq "usb_list: one line per device matching IOUSBDevice" \
	"$(IOKIT_ROOT=$MBP15 "$BUILD_DIR/docs/examples/list_usb" | wc -l)" \
	"$(echo "$out" | grep -c '^[0-9a-f]\{4\}:[0-9a-f]\{4\} ')"
bad=0
for d in $(of_class "$MBP15" IOUSBHostDevice | tr ' ' '%'); do
	d=$(echo "$d" | tr '%' ' ')
	vid=$(xattr "$d" idVendor)
	pid=$(xattr "$d" idProduct)
	[ -n "$vid" ] || continue
	line=$(printf '%04x:%04x %s' "$vid" "$pid" "$(basename "$d" | sed 's/@.*//')")
	echo "$out" | grep -qxF "$line" || { bad=$((bad + 1)); echo "  missing: $line"; }
done
expect_eq "usb_list: every IOUSBHostDevice's vendor:product and name" 0 "$bad"

out=$(IOKIT_ROOT=$MBP15 "$WORK/serial_mac")
want=$(of_class "$MBP15" IOSerialBSDClient | while read -r d; do
	echo "serial $(xattr "$d" IOCalloutDevice)"; done | sort)
expect_eq "serial_mac: every IOSerialBSDClient's IOCalloutDevice" "$want" \
	"$(echo "$out" | grep '^serial ' | sort)"
# The primary interface (of IOEthernetInterface or a subclass such as
# IO80211Interface): the entry whose IOPrimaryInterface is Yes.
en=$(find "$MBP15/IOService" -name .class 2>/dev/null | while read -r c; do
	d=${c%/.class}
	[ "$(xattr "$d" IOPrimaryInterface)" = Yes ] && { xattr "$d/.." IOMACAddress; break; }; done)
expect_eq "serial_mac: the primary interface's controller IOMACAddress" \
	"mac $(echo "$en" | tr -d '<>')" "$(echo "$out" | grep '^mac ')"

out=$(IOKIT_ROOT=$MBP15 "$WORK/smbios_keys" 2>"$WORK/smbios.err")
expect_eq "smbios_keys: SMBIOS type 1 product = the platform's model" \
	"product $(xattr "$MBP15/IOService/MacBookPro15,1" model | tr -d '<>"')" \
	"$(echo "$out" | sed -n 1p)"
check "smbios_keys: the internal keyboard is listed" grep -qx 'keyboard Apple Internal Keyboard / Trackpad' \
	<<EOF2
$out
EOF2

out=$(IOKIT_ROOT=$MBP15 "$WORK/registry_dump" "$WORK/platform.plist")
expect_eq "registry_dump: IOCFSerialize/IOCFUnserialize round trip of IORegistryPlanes" \
	"$(ls "$MBP15" | sed 's/^/plane /' | sort)" "$(echo "$out" | grep '^plane ' | sort)"
check "registry_dump: round trip equal" grep -qx 'roundtrip ok' <<EOF2
$out
EOF2
check "registry_dump: the plist written through CFWriteStream is the entry's .plist" \
	diff "$WORK/platform.plist" "$MBP15/IOService/MacBookPro15,1/.plist"
# hid_list enumerates as hidapi's mac backend does (IOHIDManager): the same
# devices as IOServiceGetMatchingServices on IOHIDDevice, each handed out
# as one IOHIDDeviceRef; VendorID/ProductID matching keeps that product's.
HID_MATCH=$BUILD_DIR/tests/integration/hid_match
if [ -x "$HID_MATCH" ]; then
	out=$(IOKIT_ROOT=$MBP15 "$WORK/hid_list")
	expect_eq "hid_list: the IOHIDDevice entries (names) of the MBP15 dump" \
		"$(IOKIT_ROOT=$MBP15 "$HID_MATCH" | sort)" "$(echo "$out" | grep '|' | cut -d'|' -f1 | sort)"
	expect_eq "hid_list: one IOHIDDeviceRef per entry, the same on a second CopyDevices" \
		"same objects yes" "$(echo "$out" | grep '^same objects')"
	check "hid_list: the internal keyboard (05ac:027c, 1:6, USB)" grep -qx \
		'IOUSBHostHIDDevice|05ac:027c|1:6|pairs 4|conforms yes|Apple Internal Keyboard / Trackpad|Apple Inc.|FM7832601K9HYYMAM+RRZ|USB' <<EOF2
$out
EOF2
	expect_eq "hid_list 0x05ac 0x027c: the internal keyboard's interfaces" \
		"$(IOKIT_ROOT=$MBP15 "$HID_MATCH" VendorID=0x05ac ProductID=0x027c | wc -l)" \
		"$(IOKIT_ROOT=$MBP15 "$WORK/hid_list" 0x05ac 0x027c | grep -c '|05ac:027c|')"
else
	fail "$HID_MATCH not built (make check builds it)"
fi
finish
