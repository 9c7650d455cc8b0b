#!/bin/sh
# Mounts real Mac dumps read-only and checks the read path: the tree per
# plane, names, views, xattrs against property files, refusals of a
# read-only mount, stable inode numbers.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro12-1/IOReg.txt macbookpro12-1/IORegDT.txt
setup

D=$IOKITFS_DATA_DIR/macbookpro12-1
MNT=$WORK/mnt
mount_fs "$MNT" "$D/IOReg.txt" "IODeviceTree=$D/IORegDT.txt"

# --- the mount root is Root: one directory per plane, .iokit, Root's views
expect_eq "planes at the root" "IODeviceTree IOService" "$(ls "$MNT" | tr '\n' ' ' | sed 's/ $//')"
check "hidden views at the root" test -r "$MNT/.ioreg" -a -r "$MNT/.plist" -a -d "$MNT/.iokit"
expect_eq "root class" "IORegistryEntry" "$(cat "$MNT/.class")"
check "mount is read-only" grep -q " $MNT fuse.iokitfs ro," /proc/mounts

# --- the tree, per plane, is what the registry holds
find "$MNT" -mindepth 1 -type d ! -path '*/.*' | sed "s|^$MNT/||" | sort >"$WORK/find.txt"
"$IOKITFS" --check --list "$D/IOReg.txt" "IODeviceTree=$D/IORegDT.txt" | sort >"$WORK/list.txt"
check "find matches --check --list" cmp -s "$WORK/find.txt" "$WORK/list.txt"
# ... and, independently of our code, the dump: one directory per +-o header
# (Root is the plane directory itself).
headers=$(grep -c '+-o ' "$D/IOReg.txt")
dirs=$(grep -c '^IOService/' "$WORK/find.txt")
expect_eq "IOService entries = ioreg headers" "$headers" "$((dirs + 1))"
headers=$(grep -c '+-o ' "$D/IORegDT.txt")
dirs=$(grep -c '^IODeviceTree/' "$WORK/find.txt")
expect_eq "IODeviceTree entries = ioreg headers" "$headers" "$((dirs + 1))"

# --- IOKit paths map to mount paths
PE=$MNT/IOService/MacBookPro12,1/AppleACPIPlatformExpert
check "IOService:/AppleACPIPlatformExpert is a directory" test -d "$PE"
expect_eq ".path of AppleACPIPlatformExpert" "IOService:/AppleACPIPlatformExpert" "$(cat "$PE/.path")"
pci0=$(ls -d "$PE"/PCI0@* | head -1)
check "PCI0@0 under the platform expert" test -d "$pci0"

# --- names: reversible escapes and duplicate suffixes
check "names with '/' are escaped as %2F" grep -q '%2F' "$WORK/find.txt"
check "no unescaped names break the tree" test "$(grep -c '//' "$WORK/find.txt")" = 0
dups=$(grep -c '~0x' "$WORK/find.txt")
check "duplicate siblings carry ~0x<id> ($dups)" test "$dups" -gt 0
# every member of a duplicate group has the suffix: no bare name beside a
# suffixed one
bare_and_suffixed=$(sed -n 's/~0x[0-9a-f]*$//p' "$WORK/find.txt" | sort -u | while read -r p; do
	[ -d "$MNT/$p" ] && echo "$p"
done | wc -l)
expect_eq "no duplicate group member without suffix" 0 "$bare_and_suffixed"

# --- metadata views, without parsing
expect_eq ".class of the platform expert" "AppleACPIPlatformExpert" "$(cat "$PE/.class")"
check ".superclasses ends with OSObject" test "$(tail -1 "$PE/.superclasses")" = OSObject
id=$(cat "$PE/.id")
matches() { printf '%s\n' "$1" | grep -qx "$2"; }
check ".id is 0x<hex>" matches "$id" '0x[0-9a-f]*'
expect_eq ".state" "registered matched active" "$(cat "$PE/.state")"
check ".busy is a number" matches "$(cat "$PE/.busy")" '[0-9][0-9]*'
check ".retain is a number" matches "$(cat "$PE/.retain")" '[0-9][0-9]*'

# .ioreg's first line is ioreg's own header line for the entry
want=$(grep -m1 '+-o AppleACPIPlatformExpert  <class' "$D/IOReg.txt" | sed 's/^[ |]*+-o //')
expect_eq ".ioreg header = ioreg's" "$want" "$(head -1 "$PE/.ioreg")"
check ".plist is an XML plist" grep -q '<plist version="1.0">' "$PE/.plist"

# --- .iokit/entries/<id> is the same entry
expect_eq ".iokit/entries/<id>/.class" "AppleACPIPlatformExpert" "$(cat "$MNT/.iokit/entries/$id/.class")"
nentries=$(sed -n 's/^entries //p' "$MNT/.iokit/version")
expect_eq ".iokit/entries lists every entry" "$nentries" "$(ls "$MNT/.iokit/entries" | wc -l)"
check ".iokit/stats counts requests" grep -q '^lookup [0-9]' "$MNT/.iokit/stats"

# --- xattrs agree with the property files, for many entries
mismatch=0
compared=0
for dir in $(find "$MNT/IOService" -maxdepth 4 -type d ! -path '*/.*' | head -60 | tr ' ' '?'); do
	[ -d "$dir" ] || continue
	for name in $(getfattr --absolute-names -d -m '^user\.' "$dir" 2>/dev/null |
		sed -n 's/^user\.\([A-Za-z0-9_-]*\)=.*/\1/p'); do
		a=$(getfattr --absolute-names --only-values -n "user.$name" "$dir")
		b=$(cat "$dir/.properties/$name")
		compared=$((compared + 1))
		[ "$a" = "$b" ] || { mismatch=$((mismatch + 1)); echo "  differs: $dir $name"; }
	done
done
check "compared some properties ($compared)" test "$compared" -gt 100
expect_eq "xattr values = property files" 0 "$mismatch"
keys_x=$(getfattr --absolute-names -d -m '^user\.' "$PE" | grep -c '^user\.')
keys_f=$(ls "$PE/.properties" | wc -l)
expect_eq "listxattr = .properties listing" "$keys_f" "$keys_x"
check "a string value is a literal" sh -c "getfattr --absolute-names --only-values -n user.IOClass '$PE' | grep -qx '\"AppleACPIPlatformExpert\"'"

# --- names we don't own: other namespaces ENOTSUP (ls then stops asking
# per device), ACLs and missing user keys ENODATA; never ENOSYS, which the
# kernel would remember for user.* too
for n in security.capability security.selinux trusted.x; do
	out=$(getfattr -n "$n" "$PE" 2>&1)
	case $out in
	*"Operation not supported"*) pass "getxattr $n: ENOTSUP" ;;
	*) fail "getxattr $n: $out" ;;
	esac
done
for n in system.posix_acl_access user.NoSuchKey; do
	out=$(getfattr -n "$n" "$PE" 2>&1)
	case $out in
	*"No such attribute"*) pass "getxattr $n: ENODATA" ;;
	*) fail "getxattr $n: $out" ;;
	esac
done
check "user.* still answers after an ENOTSUP" sh -c "getfattr --absolute-names --only-values -n user.IOClass '$PE' | grep -q ."
# warm: the listing and attributes are cached, so what reaches the daemon
# is getxattr; ls -l asks security.selinux until it sees ENOTSUP once
ls -lR "$PE" >/dev/null
before=$(sed -n 's/^getxattr //p' "$MNT/.iokit/stats")
ls -lR "$PE" >/dev/null
after=$(sed -n 's/^getxattr //p' "$MNT/.iokit/stats")
check "a warm ls -lR asks one xattr per run, not one per name ($((after - before)))" test $((after - before)) -le 2
check "files have no xattrs" test -z "$(getfattr -d "$PE/.class" 2>/dev/null)"

# --- grep -r and find work across the views
pci_dump=$(grep -c '<class IOPCIDevice,' "$D/IOReg.txt")
pci_fs=$(grep -rlx IOPCIDevice "$MNT/IOService" --include=.class | wc -l)
expect_eq "grep -r finds every IOPCIDevice" "$pci_dump" "$pci_fs"

# --- read-only refusals leave nothing changed
before=$(getfattr --absolute-names --only-values -n user.IOClass "$PE")
out=$(setfattr -n user.IOClass -v '"x"' "$PE" 2>&1)
case $out in *"Read-only file system"*) pass "setfattr: EROFS" ;; *) fail "setfattr on ro: $out" ;; esac
out=$( (echo '"x"' >"$PE/.properties/IOClass") 2>&1)
case $out in *"Read-only file system"*) pass "write: EROFS" ;; *) fail "write on ro: $out" ;; esac
out=$(setfattr -x user.IOClass "$PE" 2>&1)
case $out in *"Read-only file system"*) pass "removexattr: EROFS" ;; *) fail "remove on ro: $out" ;; esac
expect_eq "value unchanged after refusals" "$before" "$(getfattr --absolute-names --only-values -n user.IOClass "$PE")"

# --- inode numbers are stable, also after the kernel forgot them
ino1=$(stat -c %i "$PE")
ino_file=$(stat -c %i "$PE/.properties/IOClass")
sync
echo 2 >/proc/sys/vm/drop_caches
expect_eq "directory inode stable" "$ino1" "$(stat -c %i "$PE")"
expect_eq "file inode stable" "$ino_file" "$(stat -c %i "$PE/.properties/IOClass")"
check "distinct inodes per plane view" test "$(stat -c %i "$MNT/IOService")" != "$(stat -c %i "$MNT/IODeviceTree")"

# --- the .ioreg archive, when the loader supports it
ARCH=$IOKITFS_DATA_DIR/macbookpro15-1/registry.ioreg
if [ -r "$ARCH" ] && "$IOKITFS" --check "$ARCH" >/dev/null 2>&1; then
	M2=$WORK/mnt2
	mount_fs "$M2" "$ARCH"
	expect_eq "archive planes" 7 "$(ls "$M2" | wc -l)"
	check "IOKit path of the brief" test -d "$M2/IOService/MacBookPro15,1/AppleACPIPlatformExpert/PCI0@0"
	find "$M2" -mindepth 1 -type d ! -path '*/.*' | sed "s|^$M2/||" | sort >"$WORK/find2.txt"
	"$IOKITFS" --check --list "$ARCH" | sort >"$WORK/list2.txt"
	check "archive: find matches --check --list" cmp -s "$WORK/find2.txt" "$WORK/list2.txt"
	check "archive: a name with / is escaped" grep -q 'Apple Internal Keyboard %2F Trackpad' "$WORK/find2.txt"
	unmount_fs "$M2"
else
	echo "note: .ioreg archive not loadable by this build; archive checks skipped"
fi

# --- the MacBook8,1 text dumps: every ioreg header is one directory view
D8=$IOKITFS_DATA_DIR/macbook8-1
if [ -r "$D8/IOReg.txt" ] && [ -r "$D8/IORegDT.txt" ]; then
	M3=$WORK/mnt3
	mount_fs "$M3" "$D8/IOReg.txt" "IODeviceTree=$D8/IORegDT.txt"
	find "$M3" -mindepth 1 -type d ! -path '*/.*' | sed "s|^$M3/||" | sort >"$WORK/find3.txt"
	for plane in IOService IODeviceTree; do
		f=IOReg.txt
		[ "$plane" = IODeviceTree ] && f=IORegDT.txt
		headers=$(grep -c '+-o ' "$D8/$f")
		dirs=$(grep -c "^$plane/" "$WORK/find3.txt")
		expect_eq "MacBook8,1 $plane entries = ioreg headers" "$headers" "$((dirs + 1))"
	done
	root=$(ls "$M3/IOService")
	expect_eq "MacBook8,1 plane root" "MacBook8,1" "$root"
	want=$(grep -m1 '"IOPlatformSerialNumber"' "$D8/IOReg.txt" | sed 's/^[ |]*"IOPlatformSerialNumber" = //')
	expect_eq "MacBook8,1 serial number via getfattr" "$want" \
		"$(getfattr --absolute-names --only-values -n user.IOPlatformSerialNumber "$M3/IOService/$root")"
	unmount_fs "$M3"
fi

unmount_fs "$MNT"
check "unmounted" wait_unmounted "$MNT"
finish
