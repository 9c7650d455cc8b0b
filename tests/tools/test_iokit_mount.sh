#!/bin/sh
# iokit-diff and iokit-html reading a mounted iokitfs through its files: a
# mount of a dump equals the dump, a property set through the mount is one
# hunk, and the page of a mount has the dump's entries.  Mounts (root, FUSE).
. "$(dirname "$0")/../integration/lib.sh"

BUILD=${abs_top_builddir:-$REPO_DIR}
DIFF=$BUILD/tools/iokit-diff
HTML=$BUILD/tools/iokit-html
[ -x "$DIFF" ] && [ -x "$HTML" ] || skip "iokit-diff/iokit-html not built"
require_fuse
setup
BASE=$TESTS_DIR/../tools/base.xml
MNT=$WORK/mnt

mount_fs "$MNT" -o rw "$BASE"
"$DIFF" "$BASE" "$MNT" >"$WORK/out" 2>&1
expect_eq "dump vs its mount: same" "0:" "$?:$(cat "$WORK/out")"
"$DIFF" --all "$BASE" "$MNT" >"$WORK/out" 2>&1
expect_eq "dump vs its mount --all (IDs, retain counts): same" "0:" "$?:$(cat "$WORK/out")"

GFX="$MNT/IOService/TestMac1,1/PCI0@0/GFX0@2"
[ -d "$GFX" ] || fail "$GFX missing"
echo '"Test Graphics 999"' >"$GFX/.properties/model" || fail "could not set model"
"$DIFF" "$BASE" "$MNT" >"$WORK/out" 2>&1
expect_eq "one property set through the mount: exit 1" 1 "$?"
expect_eq "... one hunk" 1 "$(grep -c '^@@ ' "$WORK/out")"
expect_eq "... its lines" '-  "model" = "Test Graphics 630"
+  "model" = "Test Graphics 999"' "$(grep '^[-+]  ' "$WORK/out")"

"$HTML" "$MNT" >"$WORK/page.html" 2>"$WORK/err"
expect_eq "iokit-html of the mount exits 0" "0:" "$?:$(cat "$WORK/err")"
expect_eq "page of the mount has the dump's 11 entries" 11 \
	"$(grep -o '^\[\"0x[0-9a-f]*\"' "$WORK/page.html" | wc -l)"
check "page of the mount has the new value" grep -q 'Test Graphics 999' "$WORK/page.html"

D=$IOKITFS_DATA_DIR/macbookpro15-1/registry.ioreg
if [ -r "$D" ]; then
	mount_fs "$WORK/mbp" "$D"
	for p in IOService IODeviceTree IOPower; do
		"$DIFF" -a -p $p "$D" "$WORK/mbp" >"$WORK/out" 2>&1
		expect_eq "MacBookPro15,1 archive vs its mount, $p, --all" "0:" "$?:$(head -5 "$WORK/out")"
	done
else
	echo "SKIP (part): $D absent"
fi
finish
