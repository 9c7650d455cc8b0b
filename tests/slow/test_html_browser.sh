#!/bin/sh
# iokit-html in a real browser: headless Chromium from Debian (`apt-get
# install chromium`) loads the pages from file:// with the network off and
# runs the page's own #selftest harness, which drives the UI through DOM
# events (expands every node by clicking, types a search, clicks the first
# result) and writes what it saw into <pre id="selftest">, read back with
# --dump-dom.  Checks: the tree renders every entry of the plane, a deep link
# (#id=0x...) selects its entry and fills the path bar, the property panel
# shows a value, search by value / class / key finds the right entries, a diff
# page lists its hunks; prints load/expand/search times for a 20,000-entry
# registry (no timing is asserted).  Prints "browser test: P passed, F
# failed, S skipped"; exit 1 on failure, 77 when Chromium is absent.
#
# Environment: abs_top_builddir (the build tree; else iokit-html, iokit-diff
# and iokitfs from PATH), IOKITFS_DATA_DIR (the real dumps; parts skip
# without them), CHROMIUM (default: chromium).
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
T=$REPO/tests/tools
if [ -n "${abs_top_builddir:-}" ]; then
	HTML=$abs_top_builddir/tools/iokit-html
	DIFF=$abs_top_builddir/tools/iokit-diff
	IOKITFS=${IOKITFS:-$abs_top_builddir/fs/iokitfs}
else
	HTML=$(command -v iokit-html)
	DIFF=$(command -v iokit-diff)
	IOKITFS=${IOKITFS:-$(command -v iokitfs)}
fi
D=${IOKITFS_DATA_DIR:-$REPO/../shared/data}
CHROMIUM=${CHROMIUM:-chromium}
PASS=0 FAIL=0 SKIP=0

report() {
	echo "browser test: $PASS passed, $FAIL failed, $SKIP skipped"
}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	echo "SKIP: $CHROMIUM not installed (apt-get install chromium)"
	SKIP=1
	report
	exit 77
fi
for b in "$HTML" "$DIFF" "$IOKITFS"; do
	if [ ! -x "$b" ]; then
		echo "SKIP: ${b:-a tool} not found (build, or install iokitfs)"
		SKIP=1
		report
		exit 77
	fi
done

W=$(mktemp -d /tmp/iokitfs-test.XXXXXX)
trap 'rm -rf "$W"' EXIT
trap 'exit 1' INT TERM HUP

pass() { echo "ok: $1"; PASS=$((PASS + 1)); }
fail() { echo "FAIL: $1"; FAIL=$((FAIL + 1)); }
skip_part() { echo "SKIP: $1"; SKIP=$((SKIP + 1)); }
expect_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected [$2], got [$3]"; fi; }
expect_in() { case $3 in *"$2"*) pass "$1" ;; *) fail "$1: [$2] not in [$(printf '%.300s' "$3")]" ;; esac; }

# chrome ARGS...: a fresh profile each time, no network, no GPU.
chrome() {
	prof=$(mktemp -d "$W/profile.XXXXXX")
	timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --no-first-run \
		--disable-sync --no-default-browser-check --user-data-dir="$prof" "$@" 2>>"$W/chrome.log"
}

# selftest PAGE FRAGMENT: runs the page's harness, output JSON in $W/st
selftest() {
	chrome --dump-dom "file://$1#$2" >"$W/dom"
	sed -n 's/.*<pre id="selftest">\([^<]*\)<\/pre>.*/\1/p' "$W/dom" | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&amp;/\&/g' >"$W/st"
	if [ ! -s "$W/st" ]; then
		fail "selftest output from $(basename "$1")#$2 (chrome log: $(tail -3 "$W/chrome.log" | tr '\n' ' '))"
		return 1
	fi
}
# field NAME: a value from $W/st (string without quotes, or number/true/false)
field() {
	sed -n "s/.*\"$1\":\(\"\([^\"\\\\]\|\\\\.\)*\"\|[^,}]*\).*/\1/p" "$W/st" | sed 's/^"\(.*\)"$/\1/; s/\\"/"/g'
}
# id_of PAGE NAME CLASS: registry ID of the first entry named NAME of CLASS
id_of() {
	grep -o "^\[\"0x[0-9a-f]*\",\"$2\",[^,]*,\"$3\"" "$1" | head -1 | sed 's/^\["\(0x[0-9a-f]*\)".*/\1/'
}
# plane_entries SOURCE...: entries of the IOService plane per iokitfs --check
plane_entries() {
	"$IOKITFS" --check "$@" | awk '$1 == "IOService" && $3 == "entries" { print $2; exit }'
}

# ---- the synthetic dump
"$HTML" "$T/base.xml" >"$W/base.html" || fail "iokit-html base.xml"
GFX=$(id_of "$W/base.html" GFX0 IOPCIDevice)
if selftest "$W/base.html" "id=$GFX&selftest=Keyboard"; then
	n=$(plane_entries "$T/base.xml")
	expect_eq "tree renders every IOService entry after expanding" "$n $n" \
		"$(field distinctInTree) $(field entriesInPlane)"
	expect_eq "deep link selects its entry" "$GFX true" "$(field selected) $(field selectedRow)"
	expect_eq "deep link fills the path bar" "IOService:/PCI0@0/GFX0@2" "$(field path)"
	expect_in "property panel shows a string value" '"Test Graphics 630"' "$(field panelText)"
	expect_in "property panel shows data as hex" '<9b3e0000>' "$(field panelText)"
	expect_in "property panel shows a nested dictionary" 'CurrentPowerState' "$(field panelText)"
	expect_eq "search by value: one match" "1 match" "$(field searchCount)"
	expect_eq "clicking the result selects it" "IOService:/PCI0@0/XHC1@14/Port" "$(field afterClickPath)"
	expect_in "and shows its properties" '"USB Product Name"' "$(grep -o '"afterClickPanelKeys":\[[^]]*\]' "$W/st")"
fi
if selftest "$W/base.html" "selftest=IOUSBHostDevice"; then
	expect_eq "search by class: three entries" "3 matches" "$(field searchCount)"
	expect_eq "no deep link: nothing selected" "null" "$(field selected)"
fi
if selftest "$W/base.html" "selftest=IOPCIExpressLinkStatus"; then
	expect_eq "search by property key" "1 match IOService:/PCI0@0/GFX0@2" \
		"$(field searchCount) $(field afterClickPath)"
fi
if selftest "$W/base.html" "id=0x1&selftest=no-such-thing-anywhere"; then
	expect_eq "unknown deep link and no match: nothing selected, 0 matches" "null 0 matches" \
		"$(field selected) $(field searchCount)"
fi

# ---- hostile text: shown as text, never run
"$HTML" "$T/nasty.txt" >"$W/nasty.html" || fail "iokit-html nasty.txt"
if selftest "$W/nasty.html" "id=0x100000200&selftest=alert"; then
	expect_eq "hostile names: the entry (the plane root) is selected" "0x100000200 IOService:/" \
		"$(field selected) $(field path)"
	expect_in "hostile names are shown as text" 'Nasty</script>@1' "$(field panelText)"
	expect_in "hostile values are shown as text" '"</script><script>alert(1)</script><!--"' "$(field panelText)"
	# not all UTF-8: read as MacRoman, as ioreg wrote it (docs/dumps.md)
	expect_in "non-UTF-8 text is shown through MacRoman" 'cafÈ crËme' "$(field panelText)"
	expect_eq "search finds the hostile value" "1 match" "$(field searchCount)"
fi

# ---- a diff page
sed 's|<string>Test Graphics 630</string>|<string>Test Graphics 640</string>|' "$T/base.xml" >"$W/changed.xml"
"$DIFF" --html "$T/base.xml" "$W/changed.xml" >"$W/diff.html"
if selftest "$W/diff.html" "id=$GFX&selftest="; then
	expect_eq "diff page: one hunk listed" "1 1" "$(field hunks) $(field hunkRows)"
	expect_in "diff page: the changed entry is marked" '"marked":[1,' "$(cat "$W/st")"
	expect_eq "diff page: deep link into A" "IOService:/PCI0@0/GFX0@2" "$(field path)"
fi

# ---- the real MacBookPro15,1 archive
R=$D/macbookpro15-1/registry.ioreg
if [ -r "$R" ]; then
	"$HTML" "$R" >"$W/mbp.html" || fail "iokit-html $R"
	SMC=$(id_of "$W/mbp.html" AppleSMC AppleSMC)
	if selftest "$W/mbp.html" "id=$SMC&selftest=AppleSMCRTC"; then
		n=$(plane_entries "$R")
		expect_eq "MacBookPro15,1: tree renders all $n IOService entries" "$n $n" \
			"$(field distinctInTree) $(field entriesInPlane)"
		expect_eq "MacBookPro15,1: deep link to AppleSMC" "$SMC IOService:/AppleACPIPlatformExpert/SMC/AppleSMC" \
			"$(field selected) $(field path)"
		expect_in "MacBookPro15,1: panel shows AppleSMC's bundle" 'com.apple.driver.AppleSMC' "$(field panelText)"
		expect_eq "MacBookPro15,1: search finds AppleSMCRTC first" "IOService:/AppleACPIPlatformExpert/ARTC/AppleSMCRTC" \
			"$(field afterClickPath)"
		echo "figures: MacBookPro15,1 ($(field entries) entries): load $(field loadMs) ms," \
			"expand all $(field expandMs) ms ($(field expandedRows) rows), search $(field searchMs) ms"
	fi
	if selftest "$W/mbp.html" "id=$SMC&plane=IOPower&selftest="; then
		expect_in "MacBookPro15,1: &plane= opens the entry in that plane" "IOPower:/" "$(field path)"
	fi
	if chrome --window-size=1400,900 --screenshot="$W/shot.png" "file://$W/mbp.html#id=$SMC" >/dev/null &&
		[ "$(head -c 8 "$W/shot.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] &&
		[ "$(wc -c <"$W/shot.png")" -gt 20000 ]; then
		pass "screenshot of the page is a non-trivial PNG"
		[ -n "${SCREENSHOT_DIR:-}" ] && cp "$W/shot.png" "$SCREENSHOT_DIR/iokit-html.png"
	else
		fail "screenshot"
	fi
else
	skip_part "$R absent: real-dump checks"
fi

# ---- 20,000 entries: every row renders; times are printed, not asserted
sh "$T/gen_big.sh" 100 199 >"$W/big.xml"
"$HTML" "$W/big.xml" >"$W/big.html" || fail "iokit-html big.xml"
if selftest "$W/big.html" "id=0x100001000&selftest=model 99-198"; then
	expect_eq "20,002 entries: all rendered when expanded" "20002 20002" \
		"$(field entries) $(field distinctInTree)"
	expect_eq "20,002 entries: search finds the one" "1 match" "$(field searchCount)"
	echo "figures: 20,002 entries: load $(field loadMs) ms, expand all $(field expandMs) ms," \
		"search $(field searchMs) ms, page $(wc -c <"$W/big.html") bytes"
fi

report
[ "$FAIL" -eq 0 ]
