#!/bin/sh
# iokit-html's page, checked structurally (no browser; the browser test is
# tests/slow/test_html_browser.sh): one JSON data element that is valid JSON
# with as many entries as iokitfs --check counts, no '<' inside it whatever
# the dump holds (</script>, <!--), non-UTF-8 text kept as valid JSON, no
# URL or network call outside it; iokit-diff --html carries both registries
# and the same hunks as the text diff.
. "$(dirname "$0")/../integration/lib.sh"

BUILD=${abs_top_builddir:-$REPO_DIR}
HTML=$BUILD/tools/iokit-html
DIFF=$BUILD/tools/iokit-diff
CHECK=$BUILD/tests/tools/page_check
for b in "$HTML" "$DIFF" "$CHECK" "$IOKITFS"; do
	[ -x "$b" ] || skip "$b not built"
done
setup
T=$TESTS_DIR/../tools
W=$WORK

# entries SOURCE...: the entry count iokitfs --check reports
entries() { "$IOKITFS" --check "$@" | awk '$1 == "entries:" { print $2 }'; }

page() {	# page NAME SOURCE...: writes $W/NAME.html, checks it, output in $W/NAME.chk
	name=$1
	shift
	"$HTML" "$@" >"$W/$name.html" 2>"$W/err"
	expect_eq "iokit-html $name exits 0" "0:" "$?:$(cat "$W/err")"
	"$CHECK" "$W/$name.html" >"$W/$name.chk" 2>&1
	check "page of $name is well formed ($(tr '\n' ' ' <"$W/$name.chk"))" \
		test "$(grep -c '^views 1$' "$W/$name.chk")" = 1
	expect_eq "page of $name has every entry" "entries 0 $(entries "$@")" \
		"$(grep '^entries' "$W/$name.chk")"
}

page base "$T/base.xml"
check "a property value is embedded" grep -q '"Test Graphics 630"' "$W/base.html"
check "the page has no URL at all" sh -c "! grep -qiE 'https?:' '$W/base.html'"

page nasty "$T/nasty.txt"
check "</script> in names and values cannot end the data" \
	test "$(grep -c '</script>' "$W/nasty.html")" = "$(grep -c '</script>' "$T/../../tools/iokit-html.html")"
# A file that is not all UTF-8 is read as MacRoman, the encoding ioreg
# writes (docs/dumps.md): e9 e8 are E-grave and E-diaeresis there.
check "non-UTF-8 text is read as MacRoman" grep -q 'cafÈ crËme' "$W/nasty.html"
# U+2028/2029 would end a JavaScript line: a UTF-8 dump that holds them.
printf '+-o Root  <class IORegistryEntry, id 0x100000100, retain 5>\n  | {\n  |   "separators" = "a\342\200\250b\342\200\251c"\n  | }\n  | \n' >"$W/sep.txt"
"$HTML" "$W/sep.txt" >"$W/sep.html" 2>/dev/null
check "U+2028 is escaped" grep -q 'a\\u2028b\\u2029c' "$W/sep.html"

"$HTML" -t 'My <Mac>' -o "$W/titled.html" "$T/base.xml"
expect_eq "-o FILE exits 0" 0 "$?"
check "-t title is escaped in the data" grep -q '"title":"My \\u003cMac\\u003e"' "$W/titled.html"
"$HTML" "$W/no-such" >/dev/null 2>"$W/err"
expect_eq "missing source: exit 1" 1 "$?"
check "missing source: message names it" grep -q no-such "$W/err"
"$HTML" >/dev/null 2>&1
expect_eq "no source: exit 2" 2 "$?"

# iokit-diff --html: two views, the text diff's hunks
sed 's|<string>Test Graphics 630</string>|<string>Test Graphics 640</string>|' "$T/base.xml" >"$W/changed.xml"
"$DIFF" --html "$T/base.xml" "$W/changed.xml" >"$W/diff.html"
expect_eq "iokit-diff --html exits 1 (different)" 1 "$?"
"$CHECK" "$W/diff.html" >"$W/diff.chk" 2>&1
expect_eq "diff page: two views, 11 entries each, 1 hunk" "entries 0 11
entries 1 11
views 2
hunks 1" "$(cat "$W/diff.chk")"
"$DIFF" --html "$T/base.xml" "$T/base.xml" >"$W/same.html"
expect_eq "iokit-diff --html of the same: exit 0" 0 "$?"
check "same: no hunks" grep -q '^hunks 0$' "$("$CHECK" "$W/same.html" >"$W/same.chk"; echo "$W/same.chk")"

D=$IOKITFS_DATA_DIR
if [ -r "$D/macbookpro15-1/registry.ioreg" ]; then
	page mbp15 "$D/macbookpro15-1/registry.ioreg"
else
	echo "SKIP (part): $D/macbookpro15-1/registry.ioreg absent"
fi
if [ -r "$D/macbookpro12-1/IOReg.txt" ]; then
	page mbp12 "$D/macbookpro12-1/IOReg.txt" "IODeviceTree=$D/macbookpro12-1/IORegDT.txt"
	"$DIFF" "$D/macbookpro12-1/IOReg.txt" "$D/macbook8-1/IOReg.txt" >"$W/d.txt"
	"$DIFF" --html "$D/macbookpro12-1/IOReg.txt" "$D/macbook8-1/IOReg.txt" >"$W/d.html"
	expect_eq "real diff page: as many hunks as the text" "hunks $(grep -c '^@@ ' "$W/d.txt")" \
		"$("$CHECK" "$W/d.html" | grep '^hunks')"
else
	echo "SKIP (part): $D/macbookpro12-1/IOReg.txt absent"
fi
finish
