#!/bin/sh
# tools/ioreg against mounts of real `ioreg -l` text dumps (MacBookPro12,1,
# MacBook8,1; both planes each): `ioreg -l -w0` must give the dump back,
# line for line, except where the text format itself lost information
# (classes of difference: see ioreg_compare.awk).  Then the options, each
# cross-checked with the full output or the dump: -p -c -n -k -r -t -d -x
# -w -i -f -a -b, and the usage errors.
#
# Environment (besides lib.sh's): IOREG (the tool; default: tools/ioreg in
# the build tree).
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
IOREG=${IOREG:-$BUILD_DIR/tools/ioreg}
COMPARE=$TESTS_DIR/ioreg_compare.awk
PRO=macbookpro12-1
AIR=macbook8-1

require_fuse
require_data "$PRO/IOReg.txt" "$PRO/IORegDT.txt"
[ -x "$IOREG" ] || skip "$IOREG not built"
setup

PRO_DIR=$IOKITFS_DATA_DIR/$PRO
MNT=$WORK/pro
mount_fs "$MNT" "$PRO_DIR/IOReg.txt" "IODeviceTree=$PRO_DIR/IORegDT.txt"
export IOKIT_ROOT=$MNT

# ioreg ARGS...: runs the tool; its stderr goes to $WORK/err.
ioreg() {
	"$IOREG" "$@" 2>"$WORK/err"
}

# compare DESCRIPTION OUTPUT DUMP [OTHER_DUMPS]
compare() {
	echo "$1:"
	if LC_ALL=C awk -f "$COMPARE" -v actual="$2" -v expected="$3" -v others="$4" -v show=5
	then
		pass "$1"
	else
		fail "$1"
	fi
}

no_errors() {
	if [ -s "$WORK/err" ]; then
		fail "$1 printed errors: $(sort "$WORK/err" | uniq -c | head -3)"
	else
		pass "$1 printed no errors"
	fi
}

requests() {
	sed -n 's/^requests //p' "$MNT/.iokit/stats"
}

# Subtrees rooted at the entries whose IDs are listed in $1,
# cut from the full output $2, tree drawing removed, empty lines dropped.
cut_subtrees() {
	LC_ALL=C awk -v ids="$(echo $1)" '
		BEGIN { n = split(ids, list, " "); for (i = 1; i <= n; i++) want[list[i]] = 1 }
		/^[ |]*\+-o / {
			d = index($0, "+-o")
			if (inside && d <= root) inside = 0
			if (!inside && match($0, /, id 0x[0-9a-f]+/) &&
			    (substr($0, RSTART + 5, RLENGTH - 5) in want)) {
				inside = 1
				root = d
			}
		}
		inside { sub(/^[ |]*(\+-o )?/, ""); if ($0 != "") print }
	' "$2"
}

untree() {
	LC_ALL=C sed -e 's/^[ |]*//' -e 's/^+-o //' -e '/^$/d' "$1"
}

# ---- the whole registry, both planes ----

before=$(requests)
ioreg -l -w0 >"$WORK/full.txt"
status=$?
after=$(requests)
expect_eq "ioreg -l -w0 exits 0" 0 "$status"
no_errors "ioreg -l -w0"
entries=$(grep -c '+-o ' "$WORK/full.txt")
echo "info: ioreg -l: $entries entries, $((after - before)) daemon requests" \
	"($(awk -v r=$((after - before)) -v e="$entries" 'BEGIN { printf "%.2f", r / e }') per entry)"
compare "$PRO IOService plane" "$WORK/full.txt" "$PRO_DIR/IOReg.txt" "$PRO_DIR/IORegDT.txt"

ioreg -l -w0 -p IODeviceTree >"$WORK/dt.txt"
no_errors "ioreg -l -p IODeviceTree"
compare "$PRO IODeviceTree plane (-p)" "$WORK/dt.txt" "$PRO_DIR/IORegDT.txt" "$PRO_DIR/IOReg.txt"

# Without -l: the node lines alone.
grep -a '+-o ' "$PRO_DIR/IOReg.txt" >"$WORK/nodes.expected"
ioreg -w0 >"$WORK/nodes.txt"
compare "node lines without -l" "$WORK/nodes.txt" "$WORK/nodes.expected" "$PRO_DIR/IORegDT.txt"

# ---- -d: the tree cut below depth 3 ----
ioreg -w0 -d 3 >"$WORK/d3.txt"
awk 'index($0, "+-o") <= 5' "$WORK/nodes.txt" >"$WORK/d3.expected"
check "-d 3 shows the first three levels" cmp -s "$WORK/d3.expected" "$WORK/d3.txt"
expect_eq "-d 1 shows Root alone" 1 "$(ioreg -d 1 | wc -l)"

# ---- -i: class chains; -c conformance from them ----
ioreg -i -w0 >"$WORK/inherit.txt"
check "-i: Root is an IORegistryEntry (OSObject left out)" \
	grep -q '^+-o Root  <class IORegistryEntry, id ' "$WORK/inherit.txt"
check "-i: IOPCIDevice's chain" \
	grep -q '<class IORegistryEntry:IOService:IOPCIDevice, id ' "$WORK/inherit.txt"
pci_ids=$(sed -n 's/.*\(<class \|:\)IOPCIDevice\(:[^,]*\)\{0,1\}, id \(0x[0-9a-f]*\),.*/\3/p' \
	"$WORK/inherit.txt")
pci_count=$(printf '%s\n' "$pci_ids" | grep -c .)
check "the dump has IOPCIDevices" test "$pci_count" -gt 0

# ---- -r -c: exactly the subtrees of the entries that conform ----
ioreg -r -c IOPCIDevice -l -w0 >"$WORK/r.txt"
no_errors "ioreg -r -c IOPCIDevice"
cut_subtrees "$pci_ids" "$WORK/full.txt" >"$WORK/r.expected"
untree "$WORK/r.txt" >"$WORK/r.untree"
check "-r -c IOPCIDevice -l: the IOPCIDevice subtrees, in order" \
	cmp -s "$WORK/r.expected" "$WORK/r.untree"
expect_eq "-r -c IOPCIDevice: each subtree starts at column 0 with an IOPCIDevice" \
	"$(grep -c '^+-o ' "$WORK/r.txt")" "$(grep -c '^+-o .*<class IOPCIDevice, ' "$WORK/r.txt")"
ioreg -r -c IOPCIDevice -w0 >"$WORK/r-nol.txt"
expect_eq "-r -c without -l: properties of the IOPCIDevices only" "$pci_count" \
	"$(grep -c '^[ |]*{$' "$WORK/r-nol.txt")"
expect_eq "-r without criteria prints nothing" 0 "$(ioreg -r | wc -c)"

# ---- -r -t -n name@location: the ancestors above the subtree ----
ioreg -r -t -n PCI0@0 -w0 >"$WORK/t.txt"
expect_eq "-t shows Root, the platform and the expert above PCI0@0" \
	"+-o Root|  +-o MacBookPro12,1|    +-o AppleACPIPlatformExpert|      +-o PCI0@0" \
	"$(sed -n '1,4s/  <class.*//p' "$WORK/t.txt" | grep -v '^ *[|{}]' | paste -sd'|')"
expect_eq "-n name@location: the properties of PCI0@0 only" 1 \
	"$(grep -c '^[ |]*{$' "$WORK/t.txt")"

# ---- -k: properties of the entries that have the key ----
key=IOInterruptSpecifiers
with_key=$(LC_ALL=C awk -v k="\"$key\" = " '
	/^[ |]*\+-o / { node++ } index($0, k) && !(node in seen) { seen[node]; n++ }
	END { print n + 0 }' "$WORK/full.txt")
check "the dump has entries with $key" test "$with_key" -gt 0
expect_eq "-k $key: one property block per entry that has it" "$with_key" \
	"$(ioreg -k $key -w0 | grep -c '^[ |]*{$')"

# ---- -x: numbers and data in hex ----
ioreg -x -w0 -d 2 -n MacBookPro12,1 >"$WORK/x.txt"
ioreg -x -l -w0 -d 1 >"$WORK/x-root.txt"
decimal=$(sed -n 's/^  |   "OSKernelCPUType" = \([0-9]*\)$/\1/p' "$WORK/full.txt")
expect_eq "-x: OSKernelCPUType in hex" "$(printf '0x%x' "$decimal")" \
	"$(sed -n 's/^[ |]*"OSKernelCPUType" = //p' "$WORK/x-root.txt")"
compatible=$(printf 'MacBookPro12,1' | od -An -tx1 | tr -d ' \n')
check "-x: data strings in hex" grep -q "\"compatible\" = <$compatible" "$WORK/x.txt"
expect_eq "-x: no quoted data" 0 "$(grep -c '= <"' "$WORK/x.txt")"

# ---- -w: clipped lines are width columns, ending in $ ----
# (With a width, newlines inside values become spaces, so the reference
# is a width no line reaches.)
ioreg -l -w 80 >"$WORK/w80.txt"
ioreg -l -w 100000 >"$WORK/wide.txt"
check "-w turns newlines inside values into spaces" \
	test "$(wc -l <"$WORK/wide.txt")" -lt "$(wc -l <"$WORK/full.txt")"
bad=$(LC_ALL=C awk -v wide="$WORK/wide.txt" '
	{ getline f < wide
	  want = length(f) <= 79 ? f : substr(f, 1, 79) "$"
	  if ($0 != want) bad++ }
	END { print bad + 0 }' "$WORK/w80.txt")
expect_eq "-w 80: lines over 79 columns cut to 79 and \$" 0 "$bad"
check "-w 80: some lines are clipped" grep -q '\$$' "$WORK/w80.txt"

# ---- -f: device-tree formatters and hex dumps ----
ioreg -f -l -w0 -p IODeviceTree >"$WORK/f.txt"
no_errors "ioreg -f -p IODeviceTree"
records=$(LC_ALL=C awk '/"assigned-addresses" = </ {
	v = $0; sub(/.*= </, "", v); sub(/>$/, "", v); n += int(length(v) / 40) }
	END { print n + 0 }' "$WORK/dt.txt")
check "the dump has assigned-addresses" test "$records" -gt 0
expect_eq "-f: one phys.hi line per assigned-addresses record" "$records" \
	"$(grep -c ': phys.hi: ' "$WORK/f.txt")"
check "-f: long data as hex dump lines" \
	grep -Eq '^[ |]*    0000000[0-9A-F]:( [0-9A-F]{2})+ ' "$WORK/f.txt"

# ---- -b: names between the terminal's bold strings ----
check "-b with TERM=xterm" sh -c "TERM=xterm '$IOREG' -b -d 1 | grep -q \"\$(printf '\\033')\\[1mRoot\""

# ---- -a: an XML plist that the loader reads back ----
ioreg -a -l >"$WORK/archive.xml"
no_errors "ioreg -a -l"
check "-a starts with CF's XML header" grep -q '^<!DOCTYPE plist PUBLIC' "$WORK/archive.xml"
expect_eq "-a: CF's layout, without IOKit's <integer size=...>" 0 \
	"$(grep -c '<integer size=' "$WORK/archive.xml")"
"$IOKITFS" --check "$PRO_DIR/IOReg.txt" >"$WORK/check.text" 2>&1
"$IOKITFS" --check "$WORK/archive.xml" >"$WORK/check.archive" 2>&1
check "-a -l loads back: same entries and classes as the dump" \
	cmp -s "$WORK/check.text" "$WORK/check.archive"
ioreg -a -r -c IOPCIDevice >"$WORK/archive-r.xml"
check "-a -r: an array of subtrees" sh -c "sed -n 4p '$WORK/archive-r.xml' | grep -qx '<array>'"
expect_eq "-a -r -c IOPCIDevice: one dictionary per subtree" \
	"$(grep -c '^+-o ' "$WORK/r.txt")" "$(grep -c '^		<key>IORegistryEntryName</key>' "$WORK/archive-r.xml")"

# ---- usage ----
"$IOREG" -Z >/dev/null 2>"$WORK/usage"
expect_eq "an unknown option exits 1" 1 $?
check "an unknown option prints the usage" \
	grep -q '^usage: ioreg \[-abfilrtxy\] \[-c class\] \[-d depth\]' "$WORK/usage"
"$IOREG" -c >/dev/null 2>&1
expect_eq "a missing argument exits 1" 1 $?
IOKIT_ROOT=$WORK "$IOREG" >/dev/null 2>"$WORK/noroot"
expect_eq "no registry exits 1" 1 $?
check "no registry: ioreg's error" \
	grep -qx "ioreg: error: can't obtain I/O Kit's root service." "$WORK/noroot"

# ---- MacBook8,1 ----
if [ -r "$IOKITFS_DATA_DIR/$AIR/IOReg.txt" ] && [ -r "$IOKITFS_DATA_DIR/$AIR/IORegDT.txt" ]; then
	AIR_DIR=$IOKITFS_DATA_DIR/$AIR
	mount_fs "$WORK/air" "$AIR_DIR/IOReg.txt" "IODeviceTree=$AIR_DIR/IORegDT.txt"
	IOKIT_ROOT=$WORK/air ioreg -l -w0 >"$WORK/air.txt"
	no_errors "$AIR ioreg -l"
	compare "$AIR IOService plane" "$WORK/air.txt" "$AIR_DIR/IOReg.txt" "$AIR_DIR/IORegDT.txt"
	IOKIT_ROOT=$WORK/air ioreg -l -w0 -p IODeviceTree >"$WORK/air-dt.txt"
	compare "$AIR IODeviceTree plane" "$WORK/air-dt.txt" "$AIR_DIR/IORegDT.txt" \
		"$AIR_DIR/IOReg.txt"
else
	echo "SKIP: $AIR dumps absent"
fi

finish
