#!/bin/sh
# iokit-diff on the synthetic dump tests/tools/base.xml and edited copies:
# self-diff is empty (exit 0), one changed property is exactly one hunk, an
# added subtree is one hunk, exit codes as diff(1), -I, -c, -p, -s, --all,
# duplicate siblings paired by content, and the real MacBookPro15,1 archive
# against itself when ../shared/data has it.
. "$(dirname "$0")/../integration/lib.sh"

BUILD=${abs_top_builddir:-$REPO_DIR}
DIFF=$BUILD/tools/iokit-diff
[ -x "$DIFF" ] || skip "$DIFF not built"
setup
BASE=$TESTS_DIR/../tools/base.xml
W=$WORK

# run ARGS...: output in $W/out, status in $RC
run() {
	"$DIFF" "$@" >"$W/out" 2>"$W/err"
	RC=$?
}
hunks() { grep -c '^@@ ' "$W/out"; }

# --- self-diff
run "$BASE" "$BASE"
expect_eq "self-diff exits 0" 0 "$RC"
expect_eq "self-diff prints nothing" "" "$(cat "$W/out")"

# --- one changed property: exactly one hunk with one - and one + line
sed 's|<string>Test Graphics 630</string>|<string>Test Graphics 640</string>|' "$BASE" >"$W/changed.xml"
run "$BASE" "$W/changed.xml"
expect_eq "changed property exits 1" 1 "$RC"
expect_eq "changed property is one hunk" 1 "$(hunks)"
expect_eq "hunk header is the entry's path" "@@ IOService:/PCI0@0/GFX0@2 @@" "$(grep '^@@' "$W/out")"
expect_eq "one - line" '-  "model" = "Test Graphics 630"' "$(grep '^-  ' "$W/out")"
expect_eq "one + line" '+  "model" = "Test Graphics 640"' "$(grep '^+  ' "$W/out")"
expect_eq "file header" "--- $BASE" "$(head -1 "$W/out")"
run -q "$BASE" "$W/changed.xml"
expect_eq "-q exits 1" 1 "$RC"
expect_eq "-q says so" "Registries $BASE and $W/changed.xml differ" "$(cat "$W/out")"

# --- a nested dictionary value: context lines around the change
sed '/<key>CurrentPowerState<\/key>/{n;s|<integer>2</integer>|<integer>1</integer>|}' "$BASE" >"$W/nested.xml"
run "$BASE" "$W/nested.xml"
expect_eq "nested change is one hunk" 1 "$(hunks)"
expect_eq "nested change shown in its dictionary" \
"@@ IOService:/PCI0@0/GFX0@2 @@
   \"IOPowerManagement\" = {
-    \"CurrentPowerState\" = 2
+    \"CurrentPowerState\" = 1
   }" "$(sed 1,2d "$W/out")"

# --- an array by position
sed '/<key>depth<\/key>/,/<\/array>/s|<integer>32</integer>|<integer>30</integer>|' "$BASE" >"$W/array.xml"
run "$BASE" "$W/array.xml"
expect_eq "array item by position" '-    [2] = 32
+    [2] = 30' "$(grep '^[-+]  ' "$W/out")"

# --- an added subtree (an entry with a child) is one hunk, shown once
awk '/<key>IOKit<\/key>/ {
	print "\t\t\t\t<key>IORegistryEntryChildren</key><array>";
	print "\t\t\t\t<dict><key>IORegistryEntryName</key><string>NewDevice</string><key>IOObjectClass</key><string>IOService</string><key>IOServiceState</key><integer>6</integer>";
	print "\t\t\t\t<key>IORegistryEntryChildren</key><array><dict><key>IORegistryEntryName</key><string>NewChild</string><key>IOObjectClass</key><string>IOService</string><key>IOServiceState</key><integer>6</integer></dict></array></dict>";
	print "\t\t\t\t</array>" } { print }' "$BASE" >"$W/added.xml"
run "$BASE" "$W/added.xml"
expect_eq "added subtree exits 1" 1 "$RC"
expect_eq "added subtree is one hunk" 1 "$(hunks)"
expect_eq "added subtree hunk" "@@ IOService:/IOResources/NewDevice @@ added
++-o NewDevice  <class IOService, registered, matched, active>
+  +-o NewChild  <class IOService, registered, matched, active>" "$(sed 1,2d "$W/out")"
run "$W/added.xml" "$BASE"
expect_eq "removed subtree is one hunk" 1 "$(hunks)"
expect_eq "removed subtree header" "@@ IOService:/IOResources/NewDevice @@ removed" "$(grep '^@@' "$W/out")"
expect_eq "removed subtree lines" 2 "$(grep -c '^-' "$W/out" | awk '{print $1 - 1}')"
run --stat "$BASE" "$W/added.xml"
expect_eq "--stat: one line per hunk and a summary" "1:+ IOService:/IOResources/NewDevice  (2 entries)
0 entries changed, 1 subtree added (2 entries), 0 subtrees removed (0 entries)" "$RC:$(cat "$W/out")"
run --color=always "$BASE" "$W/changed.xml"
check "--color=always colours removed lines red" grep -q "$(printf '^\033\\[31m-  "model"')" "$W/out"
run "$BASE" "$W/changed.xml"
check "no colour when not a terminal" sh -c "! grep -q \"\$(printf '\033')\" '$W/out'"
run --color=sometimes "$BASE" "$BASE"
expect_eq "--color=bad: exit 2" 2 "$RC"
run -l "$BASE" "$W/added.xml"
check "-l prints the added entries' properties" grep -q '^+  {' "$W/out"

# --- IDs, retain counts and volatile properties: ignored unless --all
sed -e 's|<integer>4294967808</integer>|<integer>4294969000</integer>|' \
    -e 's|<string>pid 42, WindowServer</string>|<string>pid 77, WindowServer</string>|' \
    -e '/IOObjectRetainCount/{n;s|<integer>10</integer>|<integer>11</integer>|}' "$BASE" >"$W/ids.xml"
cmp -s "$BASE" "$W/ids.xml" && fail "ids.xml was not changed by sed"
run "$BASE" "$W/ids.xml"
expect_eq "IDs, retain counts, volatile keys ignored by default" "0:" "$RC:$(cat "$W/out")"
run --all "$BASE" "$W/ids.xml"
expect_eq "--all sees them" 1 "$RC"
check "--all shows the retain count" grep -q '^+.*retain 11>' "$W/out"
check "--all shows IOUserClientCreator" grep -q '^+  "IOUserClientCreator" = "pid 77' "$W/out"

# --- -I KEY (repeatable, patterns)
run -I model "$BASE" "$W/changed.xml"
expect_eq "-I model hides the change" "0:" "$RC:$(cat "$W/out")"
run -I 'mo*' -I other "$BASE" "$W/changed.xml"
expect_eq "-I pattern, repeated" 0 "$RC"
run -I CurrentPowerState "$BASE" "$W/nested.xml"
expect_eq "-I applies inside dictionaries" 0 "$RC"

# --- -c CLASS: entries of (a subclass of) CLASS only
run -c IOUSBHostDevice "$BASE" "$W/changed.xml"
expect_eq "-c other class: same" 0 "$RC"
run -c IOPCIDevice "$BASE" "$W/changed.xml"
expect_eq "-c the class: differ" "1 1" "$RC $(hunks)"
run -c IOService "$BASE" "$W/changed.xml"
expect_eq "-c a superclass: differ" 1 "$RC"
run -c IOService "$BASE" "$W/added.xml"
expect_eq "-c on an added subtree" "1 1" "$RC $(hunks)"

# --- -s PATH: one subtree
run -s IOService:/PCI0@0/XHC1@14 "$BASE" "$W/changed.xml"
expect_eq "-s elsewhere: same" 0 "$RC"
run -s /PCI0@0/GFX0@2 "$BASE" "$W/changed.xml"
expect_eq "-s on the change: differ" "1 1" "$RC $(hunks)"
run -s IOService:/NoSuch "$BASE" "$BASE"
expect_eq "-s in neither: trouble" 2 "$RC"

# --- -p PLANE: the dumps' planes
run -p IODeviceTree "$BASE" "$BASE"
expect_eq "-p plane in neither: trouble" 2 "$RC"
check "-p error names the plane" grep -q 'IODeviceTree' "$W/err"
run -p IODeviceTree "IODeviceTree=$BASE" "IODeviceTree=$W/changed.xml"
expect_eq "-p IODeviceTree sees the change" "1 1" "$RC $(hunks)"
check "-p path is in that plane" grep -q '^@@ IODeviceTree:/PCI0@0/GFX0@2 @@' "$W/out"
run "IODeviceTree=$BASE" "IODeviceTree=$W/changed.xml"
expect_eq "default plane IOService absent in both: trouble" 2 "$RC"
# (without IDs: a plane file's entries with known IDs are the same entries)
sed '/<key>IORegistryEntryID<\/key>/{N;d;}' "$BASE" >"$W/dt.xml"
sed '/<key>IORegistryEntryID<\/key>/{N;d;}' "$W/changed.xml" >"$W/dt-changed.xml"
run -p IODeviceTree -A "IODeviceTree=$W/dt.xml" -B "IODeviceTree=$W/dt-changed.xml" "$BASE" "$BASE"
expect_eq "-A/-B add a plane file to each side" "1 1" "$RC $(hunks)"
run -A "IODeviceTree=$W/dt.xml" -B "IODeviceTree=$W/dt-changed.xml" "$BASE" "$BASE"
expect_eq "... and IOService stays the same" 0 "$RC"

# --- duplicate siblings: paired by content, not by order
# swap the first two Port entries' properties (port 1 keyboard <-> port 2 mouse)
sed -e 's|<string>Keyboard</string>|<string>@K@</string>|' -e 's|<string>Mouse</string>|<string>Keyboard</string>|' \
    -e 's|<string>@K@</string>|<string>Mouse</string>|' \
    -e '/<key>port<\/key>/{n;s|>1<|>@<|;s|>2<|>1<|;s|>@<|>2<|}' \
    -e '/<key>speed<\/key>/{n;s|>3<|>@<|;s|>2<|>3<|;s|>@<|>2<|}' "$BASE" >"$W/swapped.xml"
cmp -s "$BASE" "$W/swapped.xml" && fail "swapped.xml was not changed by sed"
run "$BASE" "$W/swapped.xml"
expect_eq "reordered duplicates are the same" "0:" "$RC:$(cat "$W/out")"
sed 's|<string>Hub</string>|<string>Hub 2</string>|' "$BASE" >"$W/dup.xml"
run "$BASE" "$W/dup.xml"
expect_eq "a changed duplicate is one hunk" "1 1" "$RC $(hunks)"
check "a duplicate's path has the ~0x<ID> suffix" grep -q '^@@ IOService:/PCI0@0/XHC1@14/Port~0x[0-9a-f]* @@' "$W/out"
DUP=$(sed -n 's/^@@ \(.*\) @@$/\1/p' "$W/out")
run -s "$DUP" "$BASE" "$W/dup.xml"
expect_eq "-s with a printed duplicate path: that entry" "1 1" "$RC $(hunks)"
run -s "$(echo "$DUP" | sed 's/~0x[0-9a-f]*$/~0x1/')" "$BASE" "$W/dup.xml"
expect_eq "-s with another duplicate's suffix: in neither (2)" 2 "$RC"
run -s "$(echo "$DUP" | sed 's/^IOService://; s/~0x[0-9a-f]*$/~0x100000202/')" "$BASE" "$W/dup.xml"
expect_eq "-s with a sibling duplicate, no plane prefix: same" 0 "$RC"

# --- locations compare as IOKit compares them (hex numbers): matched, the text change shown
sed 's|<string>14</string>|<string>0014</string>|' "$BASE" >"$W/loc.xml"
run "$BASE" "$W/loc.xml"
expect_eq "a location written 0014 for 14: the same entry, its header changed" \
"@@ -IOService:/PCI0@0/XHC1@14 +IOService:/PCI0@0/XHC1@0014 @@
-+-o XHC1@14  <class IOPCIDevice, registered, matched, active>
++-o XHC1@0014  <class IOPCIDevice, registered, matched, active>" "$(sed 1,2d "$W/out")"

# --- trouble: exit 2, message names the file
run "$BASE" "$W/no-such-file"
expect_eq "missing file: exit 2" 2 "$RC"
check "missing file: message names it" grep -q "no-such-file" "$W/err"
printf 'not a dump\n' >"$W/bad.txt"
run "$BASE" "$W/bad.txt"
expect_eq "not a dump: exit 2" 2 "$RC"
run "$BASE"
expect_eq "one argument: exit 2" 2 "$RC"
run --bogus "$BASE" "$BASE"
expect_eq "unknown option: exit 2" 2 "$RC"
run --help
expect_eq "--help: exit 0" 0 "$RC"

# --- the real MacBookPro15,1 archive against itself, and a text dump
D=$IOKITFS_DATA_DIR
if [ -r "$D/macbookpro15-1/registry.ioreg" ]; then
	run "$D/macbookpro15-1/registry.ioreg" "$D/macbookpro15-1/registry.ioreg"
	expect_eq "MacBookPro15,1 self-diff: empty" "0:" "$RC:$(cat "$W/out")"
	for p in IODeviceTree IOPower IOUSB IOACPIPlane; do
		run -p $p "$D/macbookpro15-1/registry.ioreg" "$D/macbookpro15-1/registry.ioreg"
		expect_eq "MacBookPro15,1 self-diff -p $p" "0:" "$RC:$(cat "$W/out")"
	done
else
	echo "SKIP (part): $D/macbookpro15-1/registry.ioreg absent"
fi
if [ -r "$D/macbookpro12-1/IOReg.txt" ] && [ -r "$D/macbook8-1/IOReg.txt" ]; then
	run "$D/macbookpro12-1/IOReg.txt" "$D/macbook8-1/IOReg.txt"
	expect_eq "two different Macs: exit 1" 1 "$RC"
	check "plane roots matched despite their names" grep -q '^@@ IOService:/ @@' "$W/out"
	expect_eq "no hunk for a descendant of an added subtree" "" \
		"$(grep '^@@ .* @@ added' "$W/out" | sed 's/^@@ \(.*\) @@ added/\1/' | sort | awk 'p != "" && index($0, p "/") == 1 { print } { p = $0 }')"
else
	echo "SKIP (part): MacBookPro12,1 / MacBook8,1 text dumps absent"
fi
finish
