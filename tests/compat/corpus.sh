#!/bin/sh
# The compatibility corpus (docs/compat.md): public macOS programs that call
# IOKitLib, built UNMODIFIED against the installed libIOKit and run on dump
# mounts (and, with LIVE=1, on the live Linux source).  Nothing is fetched
# here: SRC_ROOT holds the sources, one directory per repository named
# owner+name, or owner+name@commit where docs/compat.md names an older
# commit (git archive of that commit), e.g.
#   git --git-dir=/work/.mirror/lavoiesl+osx-cpu-temp/repo archive HEAD |
#       tar -x -C SRC_ROOT/lavoiesl+osx-cpu-temp
#
#   sh tests/compat/corpus.sh SRC_ROOT
#
# The library comes from pkg-config (set PKG_CONFIG_PATH, and
# PKG_CONFIG_SYSROOT_DIR for a DESTDIR install; LD_LIBRARY_PATH is derived
# from `pkg-config --variable=libdir`).  Build recipes are the programs' own
# (their Makefile's defines) plus libraries macOS's libSystem provides
# (-lbsd for strlcat, -ltinfo for ioreg's terminal width).  Each program's
# output is checked against the same facts read through the file system.
# Prints one line per program: name, build, run, check.  Exit status 0 when
# every program that is expected to build did and every check passed.
. "$(dirname "$0")/../integration/lib.sh"

SRC_ROOT=${1:?usage: corpus.sh SRC_ROOT}
SRC_ROOT=$(cd "$SRC_ROOT" && pwd)
pkg-config --exists iokit || skip "pkg-config does not find iokit (set PKG_CONFIG_PATH)"
require_fuse
require_data macbookpro15-1/registry.ioreg
require_data macbookpro12-1/SMC-keys.txt
setup

IOKIT_FLAGS=$(pkg-config --cflags --libs iokit)
LIBDIR=$(pkg-config --variable=libdir iokit)	# sysroot included
LD_LIBRARY_PATH=$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
BIN=$WORK/bin
mkdir -p "$BIN"

MBP15=$WORK/mbp15
SMC=$WORK/smc
mount_fs "$MBP15" "$IOKITFS_DATA_DIR/macbookpro15-1/registry.ioreg"
mount_fs "$SMC" -o smc="$IOKITFS_DATA_DIR/macbookpro12-1/SMC-keys.txt" \
	"$IOKITFS_DATA_DIR/macbookpro12-1/IOReg.txt"
BUILT=0
BUILD_FAILED=0
CHECKED=0
CHECK_FAILED=0

# build NAME DIR CC-ARGS...: compiles in SRC_ROOT/DIR into $BIN/NAME.
build() {
	name=$1 dir=$2
	shift 2
	if [ ! -d "$SRC_ROOT/$dir" ]; then
		echo "$name: source $dir absent"
		BUILD_FAILED=$((BUILD_FAILED + 1))
		return 1
	fi
	# shellcheck disable=SC2086
	if (cd "$SRC_ROOT/$dir" && cc -w "$@" $IOKIT_FLAGS -o "$BIN/$name") >"$BIN/$name.log" 2>&1
	then
		BUILT=$((BUILT + 1))
		return 0
	fi
	echo "$name: build FAILED: $(grep -m2 -E 'error' "$BIN/$name.log" | tr '\n' ' ')"
	BUILD_FAILED=$((BUILD_FAILED + 1))
	return 1
}

# verdict NAME DESCRIPTION EXPECTED ACTUAL
verdict() {
	CHECKED=$((CHECKED + 1))
	if [ "$3" = "$4" ]; then
		echo "$1: builds, runs, $2: ok"
	else
		CHECK_FAILED=$((CHECK_FAILED + 1))
		echo "$1: builds, runs, $2: FAILED"
		echo "  expected: $(printf '%s' "$3" | head -c 300)"
		echo "  actual:   $(printf '%s' "$4" | head -c 300)"
	fi
}

# on MNT CMD...: runs a corpus program against a mount, stdout+stderr.
on() {
	mnt=$1
	shift
	IOKIT_ROOT=$mnt timeout 60 "$@" 2>&1
}

xattr() {
	getfattr --only-values -n "user.$2" "$1" 2>/dev/null | sed 's/^"\(.*\)"$/\1/'
}

PLATFORM15=$MBP15/IOService/MacBookPro15,1

# 1. IOPlatformSerialNumber (CFShow of the platform expert's serial).
if build cpuid 0infinity+IOPlatformSerialNumber cpuid.c; then
	verdict cpuid "serial = the platform entry's IOPlatformSerialNumber" \
		"$(xattr "$PLATFORM15" IOPlatformSerialNumber)" "$(on "$MBP15" "$BIN/cpuid")"
fi

# 2. Apple's ioreg (IOKitTools): its text and XML output equal tools/ioreg's.
if build ioreg apple-oss-distributions+IOKitTools ioreg.tproj/ioreg.c -ltinfo -lbsd; then
	if [ -x "${IOREG:-$REPO_DIR/tools/ioreg}" ]; then
		OURS=${IOREG:-$REPO_DIR/tools/ioreg}
		on "$MBP15" "$BIN/ioreg" -l -w0 >"$WORK/apple.txt"
		on "$MBP15" "$OURS" -l -w0 >"$WORK/ours.txt"
		# Apple's current source prints strings as UTF-8, ours as the
		# macOS of the dumps did (MacRoman): a line may differ in that
		# encoding only (docs/compat.md).
		verdict ioreg "ioreg -l -w0 = tools/ioreg -l -w0 ($(wc -l <"$WORK/ours.txt") lines; strings: UTF-8 vs MacRoman)" \
			same "$(python3 -c '
import sys
a = open(sys.argv[1], "rb").read().split(b"\n")
o = open(sys.argv[2], "rb").read().split(b"\n")
ok = len(a) == len(o) and all(x == y or x.decode("utf-8", "replace") == y.decode("mac_roman")
				  for x, y in zip(a, o))
print("same" if ok else "different")' "$WORK/apple.txt" "$WORK/ours.txt")"
		on "$MBP15" "$BIN/ioreg" -a -d3 >"$WORK/apple.xml"
		on "$MBP15" "$OURS" -a -d3 >"$WORK/ours.xml"
		verdict ioreg "ioreg -a -d3 = tools/ioreg -a -d3" \
			0 "$(cmp -s "$WORK/apple.xml" "$WORK/ours.xml"; echo $?)"
	else
		echo "ioreg: tools/ioreg not found (set IOREG) to compare with"
	fi
fi

# 3. smcFanControl's smc: every key, type and byte of the SMC dump.
if build smc hholtmann+smcFanControl/smc-command -DCMD_TOOL_BUILD smc.c; then
	keys() { sed -n 's/^  \(....\)  \[\(....\)\].*(bytes \(.*\))$/\1 \2 \3/p'; }
	verdict smc "smc -l keys, types and bytes = SMC-keys.txt" \
		"$(keys <"$IOKITFS_DATA_DIR/macbookpro12-1/SMC-keys.txt")" \
		"$(on "$SMC" "$BIN/smc" -l | keys)"
	verdict smc "smc -f fan count = FNum" "Total fans in system: 1" \
		"$(on "$SMC" "$BIN/smc" -f | sed -n 1p)"
fi

# 4. osx-cpu-temp: TC0P (sp78) as the dump has it.
if build osx-cpu-temp lavoiesl+osx-cpu-temp smc.c; then
	tc0p=$(sed -n 's/^  TC0P  \[sp78\].*(bytes \(..\) \(..\))$/\1 \2/p' \
		"$IOKITFS_DATA_DIR/macbookpro12-1/SMC-keys.txt")
	hi=$(printf '%d' "0x${tc0p% *}")
	lo=$(printf '%d' "0x${tc0p#* }")
	want=$(awk -v h="$hi" -v l="$lo" 'BEGIN { printf "%.1f °C", h + l / 256 }')
	verdict osx-cpu-temp "CPU temperature = TC0P" "$want" "$(on "$SMC" "$BIN/osx-cpu-temp")"
fi

# 5. libsmc (beltex): its example reads TC0D and fan 0 (F0Ac); the dump has
#    no TC0D (the library answers 0) and F0Ac is 0 rpm.
if build libsmc-ex1 beltex+libsmc examples/ex_1.c src/smc.c; then
	verdict libsmc "TC0D absent -> 0.0, F0Ac = 0 rpm" \
		"$(printf 'CPU 0 Diode: 0.0°C\nFan 0: 0 RPM')" \
		"$(on "$SMC" "$BIN/libsmc-ex1" | sed -n '1,2p')"
fi

# 6. BUR: tries every T??? key (238,328 SMC calls) and lists those that
#    read above 0: the dump's T keys with a positive value.
if build bur fwangberg+BUR -std=c99 bur.c; then
	out=$(on "$SMC" "$BIN/bur")
	verdict bur "finds the temperature keys" 0 "$(printf '%s' "$out" | grep -q TC0P; echo $?)"
fi

# 7. macbook-temp's mbinfo: SMC temperature, fans, battery (IOPowerSources).
if build mbinfo OutOfBedlam+macbook-temp mbinfo/main.c mbinfo/SmcMain.c; then
	out=$(on "$SMC" "$BIN/mbinfo")
	verdict mbinfo "CPU temperature line" 0 "$(printf '%s' "$out" | grep -q '^CPU Temp: 38.12 °C'; echo $?)"
fi

# 8. osxSerialPort: finds the RS-232 serial device and its callout path.
if build serialporter idpromnut+osxSerialPort serialporter/main.c; then
	want=$(find "$MBP15/IOService" -name .class 2>/dev/null | while read -r c; do
		d=${c%/.class}
		[ "$(cat "$c")" = IOSerialBSDClient ] &&
			[ "$(xattr "$d" IOSerialBSDClientType)" = IORS232SerialStream ] &&
			{ xattr "$d" IODialinDevice; break; }
	done)
	verdict serialporter "modem path = an RS-232 IOSerialBSDClient's IODialinDevice" \
		"Modem found with BSD path: $want" "$(on "$MBP15" "$BIN/serialporter" | sed -n 1p)"
fi

# 9. lsusb (jlhonora, IOKit version): one line per USB device, vid:pid.
if build lsusb-iokit jlhonora+lsusb@17a825f lsusb-iokit/main.c; then
	got=$(on "$MBP15" "$BIN/lsusb-iokit" | grep -c '^Device ')
	want=$(IOKIT_ROOT=$MBP15 "${abs_top_builddir:-$REPO_DIR}/docs/examples/list_usb" 2>/dev/null | wc -l)
	verdict lsusb-iokit "as many devices as docs/examples/list_usb" "$want" "$got"
fi

# 10. kmonad's list-keyboards: HID devices with usage page 1, usage 6.
if build list-keyboards kmonad+kmonad c_src/mac/list-keyboards.c; then
	verdict list-keyboards "lists the internal keyboard" 0 \
		"$(on "$MBP15" "$BIN/list-keyboards" | grep -q 'Apple Internal Keyboard / Trackpad'; echo $?)"
fi

# 11. dmidecode (acidanthera's macOS port): SMBIOS from AppleSMBIOS.
if build dmidecode acidanthera+dmidecode -D__APPLE__ -D_FILE_OFFSET_BITS=64 \
	dmidecode.c dmiopt.c dmioem.c dmioutput.c util.c; then
	verdict dmidecode "system-product-name" MacBookPro15,1 \
		"$(on "$MBP15" "$BIN/dmidecode" -s system-product-name | grep -x 'MacBookPro15,1')"
fi

# 12. Apple's GetPrimaryMACAddress sample: the primary interface's MAC.
if build getmac HelmutJ+CocoaSampleCode GetPrimaryMACAddress/GetPrimaryMACAddress/GetPrimaryMACAddress.c; then
	mac=$(on "$MBP15" "$BIN/getmac" | sed -n 's/.*MAC address is \(.*\)\.$/\1/p')
	want=$(for d in $(find "$MBP15/IOService" -type d -name 'en0' 2>/dev/null | head -1); do
		xattr "$d/.." IOMACAddress; done)
	verdict getmac "MAC = en0's controller IOMACAddress" \
		"<$(printf '%s' "$mac" | tr -d ':')>" "$want"
fi

# 13. Apple's USBPrivateDataSample: matching notifications on a run loop
#     for a device the dump does not have; it waits (killed by timeout).
if build usbpriv HelmutJ+CocoaSampleCode USBPrivateDataSample/USBPrivateDataSample.c; then
	out=$(IOKIT_ROOT=$MBP15 timeout 3 "$BIN/usbpriv" 2>&1)
	verdict usbpriv "reaches its run loop" 0 "$(printf '%s' "$out" | grep -q 'Starting run loop'; echo $?)"
fi

# 14. Apple's SetPropertiesTestTool: no VendorSpecificType00 device, exits 0.
if build setprops HelmutJ+CocoaSampleCode VendorSpecificType00/SetPropertiesTestTool.c; then
	on "$MBP15" "$BIN/setprops" >/dev/null
	verdict setprops "exits 0 with no matching device" 0 "$?"
fi

# 15. Apple's AppleSamplePCIClient: no AppleSamplePCI driver in the dump.
if build samplepci HelmutJ+CocoaSampleCode AppleSamplePCI/AppleSamplePCIClient.c; then
	verdict samplepci "no driver found" "No matching drivers found." \
		"$(on "$MBP15" "$BIN/samplepci" | sed -n 1p)"
fi

# 16. diskfile (vasi): its macOS size probe, driven by our own main.
cat >"$WORK/diskfile_main.c" <<'EOF'
#include <stdio.h>
#include <sys/types.h>
off_t diskfile_device_size(const char *path);
int main(int argc, char **argv)
{
	printf("%lld\n", (long long)diskfile_device_size(argc > 1 ? argv[1] : "/dev/disk0"));
	return 0;
}
EOF
if build diskfile vasi+diskfile mac-size.c "$WORK/diskfile_main.c"; then
	bsd=$(find "$MBP15/IOService" -name .class 2>/dev/null | while read -r c; do
		d=${c%/.class}
		[ "$(cat "$c")" = IOMedia ] && [ "$(xattr "$d" Whole)" = Yes ] &&
			{ echo "$(xattr "$d" 'BSD Name') $(xattr "$d" Size)"; break; }
	done)
	verdict diskfile "size of /dev/${bsd% *} = its IOMedia Size" "${bsd#* }" \
		"$(on "$MBP15" "$BIN/diskfile" "/dev/${bsd% *}")"
fi

# 17. iStats' Ruby extension (a binding): built as a Ruby extension against
#     the distribution's Ruby, loaded by ruby, asked for the CPU temperature
#     and the fans.
RUBY_PC=$(pkg-config --list-all 2>/dev/null | sed -n 's/^\(ruby-[0-9.]*\) .*/\1/p' | head -1)
if command -v ruby >/dev/null 2>&1 && [ -n "$RUBY_PC" ] &&
	build osx_stats.so Chris911+iStats/ext/osx_stats -shared -fPIC \
		$(PKG_CONFIG_SYSROOT_DIR= pkg-config --cflags "$RUBY_PC") smc.c; then
	verdict istats "CPU_STATS.get_cpu_temp, fans (TC0P, FNum, F0Ac)" \
		"$(printf '%s\n%s\n%s' "$(awk -v h="$hi" -v l="$lo" 'BEGIN { printf "%g", h + l / 256 }')" 1 0.0)" \
		"$(cd "$BIN" && IOKIT_ROOT=$SMC ruby -I. -e 'require "osx_stats"; include CPU_STATS;
			include FAN_STATS; puts get_cpu_temp; puts get_fan_number; puts get_fan_speed(0)')"
else
	echo "istats: ruby or its development files absent, not built"
fi

# On the live Linux source (LIVE=1): every built program once, its exit
# status and first line (what each finds depends on the machine).
if [ "${LIVE:-0}" = 1 ]; then
	LIVE_MNT=$WORK/live
	mount_fs "$LIVE_MNT"
	for prog in "$BIN"/*; do
		case $prog in *.log|*.so) continue ;; esac
		name=${prog##*/}
		case $name in
		bur) args= ;;
		usbpriv) args= ;;
		dmidecode) args="-s system-product-name" ;;
		ioreg) args="-l -w0" ;;
		*) args= ;;
		esac
		# shellcheck disable=SC2086
		out=$(IOKIT_ROOT=$LIVE_MNT timeout 5 "$prog" $args 2>&1)
		echo "live: $name exit $? ($(printf '%s' "$out" | wc -l) lines): $(printf '%s' "$out" | head -1 | cut -c1-100)"
	done
fi

echo "built $BUILT, failed to build $BUILD_FAILED; checks: $CHECKED, failed $CHECK_FAILED"
[ "$BUILD_FAILED" -eq 0 ] && [ "$CHECK_FAILED" -eq 0 ] || FAILURES=$((FAILURES + 1))
finish
