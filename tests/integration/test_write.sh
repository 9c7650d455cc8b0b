#!/bin/sh
# Mounts a dump -o rw and checks the write path: setfattr / echo > file /
# setfattr -x / rm, type keeping, literals, refusals that change nothing,
# XATTR_CREATE / XATTR_REPLACE, every change visible in every view at once.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro12-1/IOReg.txt macbookpro12-1/IORegDT.txt
setup

D=$IOKITFS_DATA_DIR/macbookpro12-1
MNT=$WORK/mnt
mount_fs "$MNT" -o rw "$D/IOReg.txt" "IODeviceTree=$D/IORegDT.txt"

check "mount is read-write" grep -q " $MNT fuse.iokitfs rw," /proc/mounts
PE=$MNT/IOService/MacBookPro12,1/AppleACPIPlatformExpert
ID=$(cat "$PE/.id")
BYID=$MNT/.iokit/entries/$ID

xget() { getfattr --absolute-names --only-values -n "user.$2" "$1" 2>&1; }
# stderr only (stdout dropped)
# shellcheck disable=SC2069
errof() { "$@" 2>&1 >/dev/null; }

# --- set, then see it in every view
setfattr -n user.TestKey -v '"hello world"' "$PE"
expect_eq "getfattr after setfattr" '"hello world"' "$(xget "$PE" TestKey)"
expect_eq ".properties file" '"hello world"' "$(cat "$PE/.properties/TestKey")"
expect_eq "same entry by ID" '"hello world"' "$(xget "$BYID" TestKey)"
check ".ioreg shows it (ioreg style)" grep -qx '  "TestKey" = "hello world"' "$PE/.ioreg"
check ".plist shows it" grep -q '<key>TestKey</key>' "$PE/.plist"
check "listxattr shows it" sh -c "getfattr --absolute-names -d '$PE' | grep -q '^user.TestKey='"
check ".properties lists it" test -f "$PE/.properties/TestKey"
check "ls .properties shows it at once" sh -c "ls '$PE/.properties' | grep -qx TestKey"
expect_eq "stat size at once" 14 "$(stat -c %s "$PE/.properties/TestKey")"

# --- bare values keep the existing type, literals set any type
setfattr -n user.Num -v '42:16' "$PE"
setfattr -n user.Num -v 7 "$PE"
expect_eq "bare number keeps width" '7:16' "$(xget "$PE" Num)"
check "plist keeps integer" sh -c "grep -A1 '<key>Num</key>' '$PE/.plist' | grep -q '<integer size=\"16\">7</integer>\\|<integer>7</integer>'"
setfattr -n user.Num -v '<0a0b>' "$PE"
expect_eq "literal changes the type" '<0a0b>' "$(xget "$PE" Num)"
setfattr -n user.Num -v '0c 0d' "$PE"
expect_eq "bare hex for data" '<0c0d>' "$(xget "$PE" Num)"
setfattr -n user.Flag -v Yes "$PE"
setfattr -n user.Flag -v false "$PE"
expect_eq "bare boolean" 'No' "$(xget "$PE" Flag)"
setfattr -n user.Dict -v '{"a"=1,"b"=("x",<01>)}' "$PE"
expect_eq "dictionary literal" '{"a"=1,"b"=("x",<01>)}' "$(xget "$PE" Dict)"

# --- invalid literals: EINVAL, nothing changes
for bad in '<0a0' '{"a"=' '"unterminated' '300:8'; do
	out=$(errof setfattr -n user.Num -v "$bad" "$PE")
	case $out in *"Invalid argument"*) pass "setfattr $bad: EINVAL" ;; *) fail "setfattr $bad: $out" ;; esac
done
expect_eq "value unchanged after EINVAL" '<0c0d>' "$(xget "$PE" Num)"
out=$( (env echo '<zz>' >"$PE/.properties/Num") 2>&1)
case $out in *"Invalid argument"*) pass "echo bad > file: EINVAL" ;; *) fail "echo bad: $out" ;; esac
expect_eq "file write refused leaves value" '<0c0d>' "$(cat "$PE/.properties/Num")"

# --- XATTR_CREATE / XATTR_REPLACE
if command -v python3 >/dev/null 2>&1; then
	r=$(python3 -c "
import os, errno, sys
p = sys.argv[1]
try:
    os.setxattr(p, 'user.TestKey', b'1', os.XATTR_CREATE); print('created')
except OSError as e: print(errno.errorcode[e.errno])
try:
    os.setxattr(p, 'user.Missing', b'1', os.XATTR_REPLACE); print('replaced')
except OSError as e: print(errno.errorcode[e.errno])
" "$PE" | tr '\n' ' ')
	expect_eq "XATTR_CREATE / XATTR_REPLACE" "EEXIST ENODATA " "$r"
fi

# --- writes through property files
echo '"via echo"' >"$PE/.properties/TestKey"
expect_eq "echo > file sets" '"via echo"' "$(xget "$PE" TestKey)"
echo 'bare text' >"$PE/.properties/TestKey"
expect_eq "bare text keeps string" '"bare text"' "$(xget "$PE" TestKey)"
echo 12 >"$PE/.properties/NewKey"
expect_eq "echo > new file creates the key" '12' "$(xget "$PE" NewKey)"
printf '("a",' >"$WORK/piece1"
printf '"b")' >"$WORK/piece2"
cat "$WORK/piece1" "$WORK/piece2" >"$PE/.properties/Pieces"
expect_eq "a value written in pieces applies at close" '("a","b")' "$(xget "$PE" Pieces)"

# --- values over the xattr limit: E2BIG, still a file
head -c 100000 /dev/zero | tr '\0' 'a' >"$WORK/big"
(printf '"'; cat "$WORK/big"; printf '"\n') >"$WORK/bigvalue"
cat "$WORK/bigvalue" >"$PE/.properties/Big"
out=$(errof getfattr -n user.Big "$PE")
case $out in *"Argument list too long"*) pass "big value: E2BIG" ;; *) fail "big value: $out" ;; esac
check "big value readable as a file" cmp -s "$WORK/bigvalue" "$PE/.properties/Big"

# --- removal, in every view
setfattr -x user.TestKey "$PE"
out=$(errof getfattr -n user.TestKey "$PE")
case $out in *"No such attribute"*) pass "removed: ENODATA" ;; *) fail "after -x: $out" ;; esac
check "removed from .properties" test ! -e "$PE/.properties/TestKey"
check "ls .properties drops it at once" sh -c "! ls '$PE/.properties' | grep -qx TestKey"
check "removed from .ioreg" sh -c "! grep -q '\"TestKey\"' '$PE/.ioreg'"
check "removed from the ID view" sh -c "! getfattr -n user.TestKey '$BYID' 2>/dev/null"
out=$(errof setfattr -x user.TestKey "$PE")
case $out in *"No such attribute"*) pass "second -x: ENODATA" ;; *) fail "second -x: $out" ;; esac
rm "$PE/.properties/NewKey"
check "rm removes the key" sh -c "! getfattr -n user.NewKey '$PE' 2>/dev/null"

# --- other namespaces are not ours
out=$(errof setfattr -n trusted.x -v 1 "$PE")
check "set trusted.x refused ($out)" test -n "$out"
check "no trusted.x stored" sh -c "! getfattr -n trusted.x '$PE' 2>/dev/null"
out=$(errof setfattr -n user.X -v 1 "$PE/.class")
check "files take no xattrs ($out)" test -n "$out"
out=$( (echo 1 >"$PE/.class") 2>&1)
check "views are read-only ($out)" test -n "$out"

# --- the same entry in two planes: a change shows in both trees at once
two=$(for d in "$MNT"/.iokit/entries/*; do
	[ "$(wc -l <"$d/.path")" -ge 2 ] && { echo "$d"; break; }
done)
if [ -n "$two" ]; then
	tid=$(cat "$two/.id")
	setfattr -n user.Shared -v '"both"' "$two"
	seen=0
	for f in $(grep -rlx "$tid" "$MNT/IOService" "$MNT/IODeviceTree" --include=.id | sed 's/ /?/g'); do
		dir=$(dirname "$f")
		[ "$(xget "$dir" Shared)" = '"both"' ] && seen=$((seen + 1))
	done
	check "change seen in both planes ($seen views)" test "$seen" -ge 2
else
	echo "note: no entry in two planes in this dump"
fi

# --- stats reset
echo 0 >"$MNT/.iokit/stats"
req=$(sed -n 's/^requests //p' "$MNT/.iokit/stats")
check "stats reset ($req)" test "$req" -lt 10

unmount_fs "$MNT"
check "unmounted" wait_unmounted "$MNT"
finish
