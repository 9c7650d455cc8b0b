#!/bin/sh
# A short fuzz pass for every loader and parser (gcc build, no libFuzzer):
# each target gets the real dumps and small hand-made seeds, plus
# FUZZ_MUTATIONS pseudo-random mutations of each.  Any crash, sanitizer
# report or abort fails the test.
set -u
build=${abs_top_builddir:-$(pwd)}
data=${IOKITFS_DATA_DIR:-}
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT INT TERM

printf '{"a"=1,"b"=(<0a0b>,Yes,"x"),"c"=[<"str">]}' >"$seeds/literal1"
printf '"unterminated' >"$seeds/literal2"
printf '+-o Root  <class IORegistryEntry, id 0x100000100, retain 9>\n  | {\n  |   "k" = 1\n  | }\n' >"$seeds/text1"
printf '\323\0\0\0\001\0\0\201\010\0\0\002a\0\0\0\013\0\0\201' >"$seeds/binary1"

run() {
	target=$1
	shift
	[ -x "$build/tests/fuzz/$target" ] || { echo "missing $target"; return 1; }
	# shellcheck disable=SC2068
	if ! FUZZ_MUTATIONS=${FUZZ_MUTATIONS:-300} "$build/tests/fuzz/$target" $@; then
		echo "FAIL: $target"
		return 1
	fi
	echo "ok: $target"
}

status=0
text_seeds="$seeds/text1"
if [ -n "$data" ] && [ -d "$data/macbookpro12-1" ]; then
	# A slice of a real dump keeps each mutation cheap.
	head -c 60000 "$data/macbookpro12-1/IOReg.txt" >"$seeds/text2"
	head -c 30000 "$data/macbook8-1/IORegDT.txt" >"$seeds/text3"
	text_seeds="$text_seeds $seeds/text2 $seeds/text3"
fi
run fuzz_literal "$seeds/literal1" "$seeds/literal2" || status=1
run fuzz_ioreg_text $text_seeds || status=1
# The lenient paths: the synthetic quirky dumps, and a zip of them (the
# folder target puts each input in a folder as well).
dumps_dir=${abs_top_srcdir:-$build/../..}/tests/dumps
quirk_seeds=""
for f in unprintable.txt quoted-data.txt redacted.txt macroman.txt truncated.txt \
	old-10.4.txt arm-devicetree.txt wrapped.rtf escaped.html planes-in-one.txt; do
	[ -r "$dumps_dir/$f" ] && quirk_seeds="$quirk_seeds $dumps_dir/$f"
done
if [ -n "$quirk_seeds" ]; then
	run fuzz_dump_lenient $quirk_seeds || status=1
	source_seeds="$dumps_dir/unprintable.txt $dumps_dir/arm-devicetree.xml"
	if command -v python3 >/dev/null; then
		python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sys.argv[2:]:
        z.write(f, "IORegDump/" + f.rsplit("/", 1)[1])' "$seeds/dumps.zip" \
			"$dumps_dir/quoted-data.txt" "$dumps_dir/arm-devicetree.txt" &&
			source_seeds="$source_seeds $seeds/dumps.zip"
	fi
	FUZZ_MUTATIONS=${FUZZ_SOURCE_MUTATIONS:-100} run fuzz_dump_source $source_seeds || status=1
else
	echo "FAIL: the synthetic dumps (tests/dumps) not found in $dumps_dir"
	status=1
fi
run fuzz_value_binary "$seeds/binary1" || status=1
printf '<?xml version="1.0"?><plist version="1.0"><dict><key>a</key><integer size="16">5</integer><key>b</key><set><string>x</string></set><key>c</key><data>AAEC</data><key>d</key><array ID="1"><true/></array><key>e</key><array IDREF="1"/></dict></plist>' >"$seeds/xml1"
run fuzz_value_xml "$seeds/xml1" || status=1
xml_seeds="$seeds/xml1"
archive_seeds=""
if [ -n "$data" ] && [ -f "$data/macbookpro15-1/registry.ioreg" ]; then
	# ioreg -a XML of a small plane and the archive itself (fewer mutations:
	# each run loads 1,859 entries).
	archive_seeds="$data/macbookpro15-1/registry.ioreg"
fi
run fuzz_ioreg_xml $xml_seeds || status=1
if [ -n "$archive_seeds" ]; then
	FUZZ_MUTATIONS=${FUZZ_ARCHIVE_MUTATIONS:-20} run fuzz_ioreg_archive $archive_seeds || status=1
else
	echo "SKIP: fuzz_ioreg_archive seed (the MacBookPro15,1 archive) absent"
fi
smc_seeds=""
printf '  #KEY  [ui32]  670 (bytes 00 00 02 9e)\n  ACID  [ch8*]  (bytes 01 02)\n' >"$seeds/smc1"
smc_seeds="$seeds/smc1"
[ -n "$data" ] && [ -r "$data/macbook8-1/SMC-keys.txt" ] && smc_seeds="$smc_seeds $data/macbook8-1/SMC-keys.txt"
run fuzz_smc_keys $smc_seeds || status=1
# HID report descriptors: a boot keyboard, and a keyboard + consumer
# control with report IDs, Push/Pop and a long item.
printf '\005\001\011\006\241\001\005\007\031\340\051\347\025\000\045\001\165\001\225\010\201\002\225\001\165\010\201\001\225\005\165\001\005\010\031\001\051\005\221\002\225\001\165\003\221\001\225\006\165\010\025\000\045\145\005\007\031\000\051\145\201\000\300' >"$seeds/hid1"
printf '\005\001\011\006\241\001\205\001\165\010\225\010\201\002\244\205\003\225\002\261\002\264\300\376\002\020\252\273\005\014\011\001\241\001\205\002\165\020\225\001\201\000\300' >"$seeds/hid2"
run fuzz_hid_descriptor "$seeds/hid1" "$seeds/hid2" || status=1
exit $status
