#!/bin/sh
# The synthetic quirky dumps of tests/dumps/ mounted and read back with our
# ioreg: `ioreg -l -w0` prints each file again byte for byte (empty values
# of strings ioreg could not print, data printed as strings holding quotes,
# MacRoman names and strings, redacted strings), also when the dump came
# wrapped in RTF or HTML escapes.  Redacted data prints as <> (its bytes
# are unknown) while its xattr keeps the dump's text.  Then dumps that
# travel: a .zip (DarwinDumper layout, macOS resource forks, a second file
# of a plane, a file that is no dump) and a folder, found by content.
. "$(dirname "$0")/lib.sh"

BUILD_DIR=${abs_top_builddir:-$REPO_DIR}
IOREG=${IOREG:-$BUILD_DIR/tools/ioreg}
DUMPS=$REPO_DIR/tests/dumps

require_fuse
[ -x "$IOREG" ] || skip "$IOREG not built"
command -v python3 >/dev/null || skip "python3 (to write a zip) not installed"
setup

n=0
# ioreg_of DUMP...: mounts the dumps (at $WORK/m$n), runs `ioreg -l -w0`
# (-p $PLANE when set) into $OUT.
ioreg_of() {
	n=$((n + 1))
	mnt=$WORK/m$n
	OUT=$WORK/out.$n
	mount_fs "$mnt" "$@"
	IOKIT_ROOT=$mnt "$IOREG" -l -w0 ${PLANE:+-p "$PLANE"} >"$OUT" 2>"$WORK/err.$n"
	[ -s "$WORK/err.$n" ] && fail "ioreg on $*: $(head -2 "$WORK/err.$n")"
	return 0
}

same() {	# DESCRIPTION EXPECTED_FILE ACTUAL_FILE
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff "$2" "$3" | head -10
	fi
}

# --- byte for byte
for d in unprintable quoted-data macroman; do
	ioreg_of "$DUMPS/$d.txt"
	same "ioreg -l -w0 of $d.txt prints it again" "$DUMPS/$d.txt" "$OUT"
done
PLANE=IODeviceTree ioreg_of "$DUMPS/arm-devicetree.txt"
same "ioreg -l -w0 -p IODeviceTree of an Apple Silicon device tree" \
	"$DUMPS/arm-devicetree.txt" "$OUT"
for d in wrapped.rtf escaped.html; do
	ioreg_of "$DUMPS/$d"
	same "ioreg -l -w0 of $d prints the dump it wraps" "$DUMPS/unprintable.txt" "$OUT"
done
check "a MacRoman name is a directory of the same bytes" \
	test -d "$WORK/m3/IOService/TestMac1,1/$(printf 'Ann\325s Mouse')"
IOKIT_ROOT=$WORK/m3 "$IOREG" -a -l >"$WORK/macroman.xml" 2>"$WORK/macroman.err"
check "ioreg -a shows a MacRoman name through MacRoman (UTF-8 XML)" \
	grep -q "<string>Ann$(printf '\342\200\231')s Mouse</string>" "$WORK/macroman.xml"

# --- redacted: strings print as the dump shows them, data's bytes unknown
ioreg_of "$DUMPS/redacted.txt"
sed -e 's/= <--->$/= <>/' -e 's/= <xxxx>$/= <>/' -e 's/= <0\*3>$/= <>/' \
	-e 's/= <320\*\*\*\*\*\*\*\*\*\*000>$/= <>/' "$DUMPS/redacted.txt" >"$WORK/redacted.exp"
same "ioreg -l -w0 of redacted.txt: strings as shown, data as <>" \
	"$WORK/redacted.exp" "$OUT"
expect_eq "xattr of redacted data is the dump's text" "<--->" \
	"$(getfattr --only-values -n user.serial-number "$WORK/m$n/IOService/TestMac1,1")"
expect_eq "xattr of a redacted string" '"XXXXXXXXXXXX"' \
	"$(getfattr --only-values -n user.IOPlatformSerialNumber "$WORK/m$n/IOService/TestMac1,1")"

# --- an unknown string's xattr is U+FFFD (documented in docs/dumps.md)
expect_eq "xattr of an unknown string" "$(printf '"\357\277\275"')" \
	"$(getfattr --only-values -n user.image-type "$WORK/m1/IOService/TestMac1,1")"

# --- a zip as DarwinDumper reports travel; files found by content
Z=$WORK/report.zip
python3 - "$Z" "$DUMPS" <<'EOF'
import sys, zipfile
z, d = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as f:
    f.write(d + "/quoted-data.txt", "DD/IORegistry/IOReg.txt")
    f.write(d + "/arm-devicetree.txt", "DD/IORegistry/some-tree.log")
    f.write(d + "/unprintable.txt", "DD/IORegistry/zz-another-capture.txt")
    f.writestr("__MACOSX/DD/IORegistry/._IOReg.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00+-o ")
    f.writestr("DD/IORegViewer/index.html", "<html>+-o not a dump</html>")
    f.writestr("DD/SystemInfo/notes.txt", "nothing to see\n")
EOF
"$IOKITFS" --check "$Z" >"$WORK/zip.check" 2>&1
check "--check of the zip loads (the files merged by registry ID)" grep -q '^entries: 5$' "$WORK/zip.check"
check "zip: IOService and IODeviceTree told from content" \
	grep -q 'IODeviceTree *4 entries' "$WORK/zip.check"
check "zip: a second IOService file is skipped with a warning" \
	grep -q 'zz-another-capture.txt: skipped (another file of this plane' "$WORK/zip.check"
check "zip: warnings name the file inside the zip and the line" \
	grep -q "report.zip/DD/IORegistry/IOReg.txt:8: data printed as a string" "$WORK/zip.check"
ioreg_of "$Z"
same "ioreg -l -w0 of the zip's IOService plane" "$DUMPS/quoted-data.txt" "$OUT"
if "$IOKITFS" --check --strict "$Z" >"$WORK/strict.out" 2>&1; then
	fail "--strict refuses the zip's first oddity"
else
	check "--strict refuses the zip's first oddity" grep -q 'refused by --strict' "$WORK/strict.out"
fi

# --- a folder (a *.ioreg folder inside a report), by content
F=$WORK/report
mkdir -p "$F/Mac.ioreg" "$F/ACPI"
cp "$DUMPS/macroman.txt" "$F/Mac.ioreg/contents"
printf 'DSDT' >"$F/ACPI/DSDT.aml"
"$IOKITFS" --check "$F" >"$WORK/dir.check" 2>&1
check "--check of the folder loads" grep -q '^entries: 3$' "$WORK/dir.check"
ioreg_of "$F"
same "ioreg -l -w0 of the folder's dump" "$DUMPS/macroman.txt" "$OUT"
mkdir -p "$WORK/empty"
printf 'hello\n' >"$WORK/empty/readme.txt"
if "$IOKITFS" --check "$WORK/empty" >"$WORK/empty.out" 2>&1; then
	fail "a folder without dumps is refused"
else
	check "a folder without dumps is refused, saying why" grep -q 'no registry dump' "$WORK/empty.out"
fi

finish
