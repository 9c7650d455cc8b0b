#!/bin/sh
# User clients (docs/drivers.md): the Check program uc_test on a mount of a
# fixture sysfs tree whose drivers file adds two IOKitFSSimDevice entries,
# then the AppleSMC acceptance: docs/examples/smc_tool, a macOS-style SMC
# tool compiled unchanged against libIOKit, lists every key of each SMC
# dump mounted with -o smc=, and the listing must match the dump (key, type
# and bytes; the dumps' value column is lossy and not compared).
#
# Environment (besides lib.sh's): UC_TEST, SMC_TOOL (default: the build
# tree's).
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
UC_TEST=${UC_TEST:-$BUILD_DIR/tests/integration/uc_test}
SMC_TOOL=${SMC_TOOL:-$BUILD_DIR/docs/examples/smc_tool}

require_fuse
[ -x "$UC_TEST" ] || skip "$UC_TEST not built"
setup
chmod 755 "$WORK"	# the unprivileged checks reach the mount through it

write_drivers "$WORK/drivers.plist" \
	"$(sim_device SimDevice 1 '<key>Regions</key><array><integer>4096</integer>
		<dict><key>Size</key><integer>65536</integer><key>ReadOnly</key><true/></dict></array>')" \
	"$(sim_device SimExclusive 2 '<key>Exclusive</key><true/>')"

SYS=$WORK/sys
MNT=$WORK/mnt
make_fixture_sysfs "$SYS"
mount_fs "$MNT" -o allow_other,drivers="$WORK/drivers.plist" --sysfs-root "$SYS" linux

check "uc_test (libIOKit user clients)" env IOKIT_ROOT="$MNT" "$UC_TEST"
check "the connection file resolves by name, mode 0666" \
	sh -c "ls -l '$MNT/.iokit/connect' | grep -q '^-rw-rw-rw-'"
# A connection shows in the registry while it is open: a shell can see it.
check "no user client left behind" \
	sh -c "! find '$MNT/IOService' -maxdepth 3 -name 'IOKitFSSimDeviceUserClient*' | grep -q ."

# ---- .iokit/connections: a held connection's memory for shell users ----
CONNS=$MNT/.iokit/connections
check "no connection listed while none is open" sh -c "[ -z \"\$(ls '$CONNS')\" ]"
mkfifo "$WORK/hold.in"
IOKIT_ROOT="$MNT" "$UC_TEST" hold <"$WORK/hold.in" >"$WORK/hold.out" 2>"$WORK/hold.err" &
HOLD=$!
exec 9>"$WORK/hold.in"
for _ in $(seq 100); do grep -q ready "$WORK/hold.out" && break; sleep 0.1; done
expect_eq "the holding client mapped region 0" ready "$(cat "$WORK/hold.out")"
C=$(ls "$CONNS")
expect_eq "one connection listed" 1 "$(echo "$C" | grep -c .)"
check "info names the opener's pid and class" \
	sh -c "grep -qx 'pid $HOLD' '$CONNS/$C/info' &&
	       grep -qx 'class IOKitFSSimDeviceUserClient' '$CONNS/$C/info'"
expect_eq "memory lists the mapped type" 0 "$(ls "$CONNS/$C/memory")"
check "the region file is the opener's, mode 0600, region-sized" \
	sh -c "ls -ln '$CONNS/$C/memory/0' | grep -q '^-rw------- 1 0 0 4096 '"
expect_eq "dd reads what the client stored through its mapping" "44 33 22 11" \
	"$(dd if="$CONNS/$C/memory/0" bs=4 skip=2 count=1 2>/dev/null | od -An -tx1 | xargs)"
printf '\170\126\064\022' | dd of="$CONNS/$C/memory/0" bs=4 seek=3 conv=notrunc 2>/dev/null
printf '\051\000\000\000' | dd of="$CONNS/$C/memory/0" bs=4 seek=0 conv=notrunc 2>/dev/null
if command -v setpriv >/dev/null 2>&1; then
	check "another uid gets EACCES" \
		sh -c "setpriv --reuid=65534 --regid=65534 --clear-groups \
			dd if='$CONNS/$C/memory/0' bs=4 count=1 2>&1 >/dev/null | grep -q 'Permission denied'"
else
	echo "SKIP: setpriv absent"
fi
echo go >&9
exec 9>&-
wait $HOLD
expect_eq "the client sees dd's word through its mapping, and the doorbell dd's counter" \
	"12345678 42" "$(tail -n1 "$WORK/hold.out")"
for _ in $(seq 100); do [ -z "$(ls "$CONNS")" ] && break; sleep 0.1; done
check "the connection's directory goes when the client exits" \
	sh -c "[ -z \"\$(ls '$CONNS')\" ] && [ ! -e '$CONNS/$C' ]"

mkdir -p "$WORK/nomnt"
check "a bad drivers file refuses the mount" \
	sh -c "! timeout 20 '$IOKITFS' -f -o drivers=/nonexistent --sysfs-root '$SYS' linux \
		'$WORK/nomnt' 2>/dev/null"

# ---- the SMC acceptance tool on each dump ----
smc_dump() {
	dir=$1
	[ -r "$IOKITFS_DATA_DIR/$dir/SMC-keys.txt" ] || {
		echo "SKIP: $IOKITFS_DATA_DIR/$dir/SMC-keys.txt absent"
		return 0
	}
	m=$WORK/smc-$dir
	mount_fs "$m" -o smc="$IOKITFS_DATA_DIR/$dir/SMC-keys.txt" "$IOKITFS_DATA_DIR/$dir/IOReg.txt"
	grep -v '^Num:' "$IOKITFS_DATA_DIR/$dir/SMC-keys.txt" |
		sed -E -e 's/^  (.{4})  \[(.{4})\].*\(bytes ?([0-9a-f ]*)\)$/  \1  [\2]  (bytes \3)/' \
			-e 's/\(bytes \)$/(bytes)/' >"$WORK/$dir.expect"
	IOKIT_ROOT=$m "$SMC_TOOL" -l >"$WORK/$dir.out" 2>"$WORK/$dir.err"
	expect_eq "smc_tool -l on $dir exits 0" 0 $?
	check "smc_tool -l on $dir prints the dump's keys, types and bytes" \
		cmp -s "$WORK/$dir.expect" "$WORK/$dir.out"
	expect_eq "$dir: as many keys as the dump" "$(wc -l <"$WORK/$dir.expect")" \
		"$(wc -l <"$WORK/$dir.out")"
	# A fan key is writable by root, then reads back; nobody may not.
	key=$(grep -m1 -E '^  F0Mn' "$WORK/$dir.out" | cut -c3-6)
	if [ -n "$key" ]; then
		check "$dir: root writes F0Mn" env IOKIT_ROOT="$m" "$SMC_TOOL" -w F0Mn 12 34
		expect_eq "$dir: F0Mn reads back" "  F0Mn  [fpe2]  (bytes 12 34)" \
			"$(IOKIT_ROOT=$m "$SMC_TOOL" -r F0Mn)"
	fi
	check "$dir: an unknown key is an SMC error" \
		sh -c "! IOKIT_ROOT='$m' '$SMC_TOOL' -r ZZZZ 2>/dev/null"
	unmount_fs "$m"
}
if [ -x "$SMC_TOOL" ]; then
	smc_dump macbookpro12-1
	smc_dump macbook8-1
else
	echo "SKIP: $SMC_TOOL not built"
fi
finish
