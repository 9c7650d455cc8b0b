#!/bin/sh
# Tree walkers finish on the mount: cp -a, rsync -a, tar, grep -r,
# find -exec cat, du over the whole mount of a dump and of the live source
# (a fixture sysfs tree).  The streams and control files of .iokit are
# lookup only (never listed), .iokit/entries/<id> are symlinks (not
# descended), and a notification port with nothing subscribed reads as
# end of file, so nothing a walker meets can block it.
#
# Each tool runs under a generous timeout: a hang is the failure this test
# looks for, so the limit only bounds the damage, it measures nothing.
. "$(dirname "$0")/lib.sh"

require_fuse
for tool in cp rsync tar grep find du timeout; do
	command -v $tool >/dev/null 2>&1 || skip "$tool absent (tools/install-deps.sh installs it)"
done
require_data macbook8-1/IORegDT.txt
setup

LIMIT=${WALKER_TIMEOUT:-300}
D=$IOKITFS_DATA_DIR/macbook8-1
DUMP=$WORK/dump
LIVE=$WORK/live
SYS=$WORK/sys
make_fixture_sysfs "$SYS"
# The device tree alone (106 entries): every kind of node, and quick to
# walk six times under the sanitizer.
mount_fs "$DUMP" -o ro "IODeviceTree=$D/IORegDT.txt"
mount_fs "$LIVE" --sysfs-root "$SYS" linux

# walk NAME COMMAND...: the command finishes within LIMIT and succeeds.
walk() {
	name=$1
	shift
	timeout "$LIMIT" "$@" >"$WORK/out" 2>"$WORK/err"
	rc=$?
	if [ $rc -eq 124 ]; then
		fail "$name: still running after ${LIMIT}s (blocked)"
	elif [ $rc -ne 0 ]; then
		fail "$name: exit status $rc: $(head -3 "$WORK/err")"
	else
		pass "$name"
	fi
}

for MNT in "$DUMP" "$LIVE"; do
	what=$(basename "$MNT")
	plane=$(ls "$MNT" | head -1)
	expect_eq "$what: .iokit lists only plain files and entries" \
		"entries stats version" "$(ls "$MNT/.iokit" | tr '\n' ' ' | sed 's/ $//')"
	check "$what: unlisted files still resolve by name" \
		test -e "$MNT/.iokit/notify" -a -e "$MNT/.iokit/control" -a -e "$MNT/.iokit/watch"
	check "$what: .properties is not listed" \
		sh -c "! ls -a '$MNT/$plane' | grep -qx .properties"
	check "$what: .properties resolves by name" test -d "$MNT/$plane/.properties"
	id=$(ls "$MNT/.iokit/entries" | sed -n 2p)
	check "$what: .iokit/entries/<id> is a symlink" test -L "$MNT/.iokit/entries/$id"
	expect_eq "$what: the symlink leads to the entry" "$id" \
		"$(cat "$MNT/.iokit/entries/$id/.id")"
	check "$what: a notify port with nothing subscribed reads as end of file" \
		timeout 30 cat "$MNT/.iokit/notify"

	walk "$what: cp -a" cp -a "$MNT" "$WORK/cp"
	check "$what: cp -a copied the planes" test -d "$WORK/cp/$plane"
	check "$what: cp -a kept entries as symlinks" test -L "$WORK/cp/.iokit/entries/$id"
	check "$what: cp -a copied no stream" test ! -e "$WORK/cp/.iokit/notify"
	rm -rf "$WORK/cp"
	walk "$what: rsync -a" rsync -a "$MNT/" "$WORK/rsync/"
	check "$what: rsync -a copied the planes" test -d "$WORK/rsync/$plane"
	rm -rf "$WORK/rsync"
	walk "$what: tar" sh -c "tar cf - -C '$MNT' . | wc -c"
	check "$what: tar wrote an archive" test "$(cat "$WORK/out")" -gt 10240
	walk "$what: grep -r" grep -r -l -s IORegistryEntry "$MNT"
	walk "$what: find -exec cat" find "$MNT" -type f -exec cat {} +
	walk "$what: du" du -s "$MNT"
done
check "the dump daemon still answers" test -d "$DUMP/IODeviceTree"
check "the live daemon still answers" test -d "$LIVE/IOService"
finish
