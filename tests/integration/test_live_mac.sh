#!/bin/sh
# What every Mac registry holds, on the live Linux source: macOS-style
# programs (docs/examples: IOPowerSources reader, SMBIOS reader through
# IOServiceGetMatchingService(IOServiceMatching("AppleSMBIOS")), SMC reader,
# GetPrimaryMACAddress) against fixture trees whose truth the test knows (a
# laptop with DMI tables and a battery, an Intel Mac with applesmc, an
# Apple Silicon board with a device tree), then this machine's own mount
# without any machine-id (as in a container): IOResources, Root's keys, an
# IOPlatformUUID kept across mounts, and network links fresh after
# `ip link set DEV up`.
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
EX=${IOKIT_EXAMPLES:-$BUILD_DIR/docs/examples}
IOREG=${IOREG:-$BUILD_DIR/tools/ioreg}
FIXTURE="$REPO_DIR/tests/fixtures/make_sysfs_fixture.sh"

require_fuse
for p in power_sources smbios smc_tool primary_mac platform_uuid; do
	[ -x "$EX/$p" ] || skip "$EX/$p not built"
done
[ -x "$IOREG" ] || skip "$IOREG not built"
command -v bash >/dev/null 2>&1 || skip "bash absent (the fixture script needs it)"
setup

LAPTOP=$WORK/laptop
MAC=$WORK/mac
ARM=$WORK/arm
bash "$FIXTURE" "$LAPTOP/sys" >/dev/null
bash "$FIXTURE" "$MAC/sys" --mac --no-dt >/dev/null
bash "$FIXTURE" "$ARM/sys" --arm --no-dmi >/dev/null

# --- a laptop: battery, adapter, SMBIOS
mount_fs "$LAPTOP/mnt" -o state_dir="$WORK/state-fixture" --sysfs-root "$LAPTOP/sys"
export IOKIT_ROOT=$LAPTOP/mnt
out=$("$EX/power_sources")
expect_eq "laptop: IOPowerSources on AC while the adapter is online" \
	"Now drawing from 'AC Power'" "$(echo "$out" | head -1)"
# charge_now 4000000 / charge_full 5000000 µAh; voltage 12 V; current_avg
# 1.4 A discharging; charge_full_design 5.2 Ah; serial 1234; 5.0 of 5.2 Ah
# left: health Good; no design cycle count on Linux, so none described.
check "laptop: battery description (capacity %, V, mA, design mAh, serial, health)" \
	sh -c 'echo "$1" | grep -q "^- Name=InternalBattery-0 Type=InternalBattery Power Source State=AC Power Current Capacity=80 Max Capacity=100 Is Charging=No Is Present=Yes Time to Empty=0 Time to Full Charge=-1 Voltage=12000 Current=-1400 DesignCapacity=5200 Hardware Serial Number=1234 BatteryHealth=Good$"' _ "$out"
expect_eq "laptop: time remaining unlimited on AC" "time remaining estimate: -2" \
	"$(echo "$out" | grep '^time remaining')"
# The adapter goes offline: the change event re-reads it, the batteries'
# ExternalConnected follows, and IOPowerSources reads Battery Power.
AC=/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0003:00/power_supply/AC
echo 0 >"$LAPTOP/sys$AC/online"
echo "change $AC" >"$LAPTOP/mnt/.iokit/uevent"
n=0
until "$EX/power_sources" | grep -q "'Battery Power'" || [ $n -ge 50 ]; do
	n=$((n + 1))
	sleep 0.1
done
out=$("$EX/power_sources")
check "laptop: on battery after the adapter went offline" \
	sh -c 'echo "$1" | grep -q "Power Source State=Battery Power .*Time to Empty=160 "' _ "$out"
expect_eq "laptop: time remaining = AvgTimeToEmpty (9600 s)" \
	"time remaining estimate: 9600" "$(echo "$out" | grep '^time remaining')"
# A battery menu's way: IOPSNotificationCreateRunLoopSource on a run loop
# hears the adapter come back.
"$EX/power_sources" -w >"$WORK/watch.txt" 2>&1 &
watcher=$!
n=0
until grep -q '^watching' "$WORK/watch.txt" 2>/dev/null || [ $n -ge 100 ]; do n=$((n + 1)); sleep 0.1; done
echo 1 >"$LAPTOP/sys$AC/online"
echo "change $AC" >"$LAPTOP/mnt/.iokit/uevent"
wait "$watcher"
expect_eq "laptop: the run loop source fires on the adapter's change" 0 $?
check "laptop: after the notification IOPowerSources reads AC Power" \
	grep -q "Now drawing from 'AC Power'" "$WORK/watch.txt"
out=$("$EX/smbios")
expect_eq "laptop: SMBIOS reader finds the 3.0 entry point" \
	"SMBIOS 3.0 (64-bit entry point)" "$(echo "$out" | head -1)"
check "laptop: SMBIOS system structure (type 1) from the raw table" \
	sh -c 'echo "$1" | grep -qx "type 1 handle 0x0001 manufacturer \"LENOVO\" product \"ThinkPad X1 Carbon 6th\" serial \"PF1ABCDE\""' _ "$out"
expect_eq "laptop: platform_uuid = DMI product_uuid" \
	"4C4C4544-0031-3510-8052-B4C04F4E4A31" "$("$EX/platform_uuid")"
expect_eq "laptop: primary_mac reads the controller's IOMACAddress" \
	"3c:97:0e:12:34:56" "$("$EX/primary_mac")"
check "laptop: IOResources is a service" sh -c '"$1" -r -c IOResources | grep -q "^+-o IOResources"' _ "$IOREG"
# A worn battery: 4.1 of 5.2 Ah left (79 %) reads Fair, 2.5 Ah (48 %) Poor,
# both with the condition "Check Battery".
BAT=/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:00/power_supply/BAT0
for wear in "4100000 Fair" "2500000 Poor"; do
	# shellcheck disable=SC2086
	set -- $wear
	echo "$1" >"$LAPTOP/sys$BAT/charge_full"
	echo "change $BAT" >"$LAPTOP/mnt/.iokit/uevent"
	n=0
	until "$EX/power_sources" | grep -q "BatteryHealth=$2 " || [ $n -ge 50 ]; do
		n=$((n + 1))
		sleep 0.1
	done
	check "laptop: charge_full $1 of 5200000 µAh reads BatteryHealth=$2, Check Battery" \
		sh -c '"$1" | grep -q "BatteryHealth=$2 BatteryHealthCondition=Check Battery$"' _ \
		"$EX/power_sources" "$2"
done
unmount_fs "$LAPTOP/mnt"

# --- an Intel Mac: the SMC key table from applesmc
mount_fs "$MAC/mnt" --sysfs-root "$MAC/sys"
export IOKIT_ROOT=$MAC/mnt
out=$("$EX/smc_tool" -l 2>&1)
check "mac: smc_tool reads TC0P from applesmc's key table" \
	sh -c 'echo "$1" | grep -qx "  TC0P  \[sp78\]  (bytes 2d 80)"' _ "$out"
check "mac: #KEY counts the keys" \
	sh -c 'echo "$1" | grep -qx "  #KEY  \[ui32\]  (bytes 00 00 00 02)"' _ "$out"
check "mac: SMBIOS product MacBookPro11,1" \
	sh -c '"$1" | grep -q "product \"MacBookPro11,1\""' _ "$EX/smbios"
unmount_fs "$MAC/mnt"

# --- an Apple Silicon board: IODeviceTree from the device tree
mount_fs "$ARM/mnt" -o state_dir="$WORK/state-arm" --sysfs-root "$ARM/sys"
export IOKIT_ROOT=$ARM/mnt
out=$("$IOREG" -p IODeviceTree -l -w0)
check "arm: the device tree's root is the platform entry with its compatible" \
	sh -c 'echo "$1" | grep -q "\"compatible\" = <\"apple,j313\",\"apple,t8103\",\"apple,arm-platform\">"' _ "$out"
check "arm: cpu@1 carries logical-cpu-id 1" \
	sh -c 'echo "$1" | grep -A6 "o cpu@1 " | grep -q "\"logical-cpu-id\" = <01000000>"' _ "$out"
check "arm: no SMBIOS on a device-tree machine" sh -c '! "$1" 2>/dev/null' _ "$EX/smbios"
uuid=$("$EX/platform_uuid")
expect_eq "arm: IOPlatformUUID generated once and kept in the state directory" \
	"$uuid" "$(cat "$WORK/state-arm/platform-uuid" 2>/dev/null)"
unmount_fs "$ARM/mnt"

# --- this machine, as in a container: no machine-id files
LIVE=$WORK/live
mount_fs "$LIVE" -o machine_id=none,state_dir="$WORK/state-live" linux
export IOKIT_ROOT=$LIVE
root=$("$IOREG" -l -d1 -w0)
for key in IOKitBuildVersion OSKernelCPUType OSKernelCPUSubtype IOKitDiagnostics; do
	check "live: Root has $key" sh -c 'echo "$1" | grep -q "\"$2\" = "' _ "$root" "$key"
done
check "live: IOResources with IOKit" \
	sh -c '"$1" -r -c IOResources -l -w0 | grep -q "\"IOKit\" = \"IOService\""' _ "$IOREG"
uuid=$("$EX/platform_uuid" 2>&1)
if [ -r /sys/class/dmi/id/product_uuid ] && [ -n "$(cat /sys/class/dmi/id/product_uuid 2>/dev/null)" ]; then
	pass "live: IOPlatformUUID from DMI ($uuid) (this machine has one)"
else
	expect_eq "live: without machine-id, IOPlatformUUID is the kept one" \
		"$uuid" "$(cat "$WORK/state-live/platform-uuid" 2>/dev/null)"
fi
unmount_fs "$LIVE"
mount_fs "$LIVE" -o machine_id=none,state_dir="$WORK/state-live" linux
expect_eq "live: the same IOPlatformUUID at the next mount" "$uuid" \
	"$("$EX/platform_uuid" 2>&1)"

# Links are fresh when read: a veth pair brought up changes IOLinkStatus
# without any uevent (rtnetlink).
if command -v ip >/dev/null 2>&1 && ip link add iokt$$a type veth peer name iokt$$b 2>/dev/null; then
	link_state() {
		"$IOREG" -r -n "iokt$$a" -l -w0 | sed -n 's/^ *"IOLinuxOperState" = "\(.*\)"$/\1/p'
	}
	n=0
	until [ "$(link_state)" = down ] || [ $n -ge 50 ]; do n=$((n + 1)); sleep 0.1; done
	expect_eq "live: a new veth link reads down" down "$(link_state)"
	ip link set "iokt$$a" up
	ip link set "iokt$$b" up
	n=0
	until [ "$(link_state)" = up ] || [ $n -ge 50 ]; do n=$((n + 1)); sleep 0.1; done
	expect_eq "live: after ip link set up it reads up, without a remount" up "$(link_state)"
	check "live: IOLinkStatus 3 (valid, active)" \
		sh -c '"$1" -r -n "$2" -l -w0 | grep -q "\"IOLinkStatus\" = 3"' _ "$IOREG" "iokt$$a"
	ip link del "iokt$$a" 2>/dev/null
else
	echo "note: no veth support here (ip link add ... type veth failed): link freshness NOT checked"
fi
finish
