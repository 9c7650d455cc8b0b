#!/bin/sh
# The dump corpus: real registry dumps of real Macs that people shared in
# public repositories, loaded with `iokitfs --check` (docs/dumps.md).  The
# dumps are not part of iokitfs; this lists where each comes from
# (repository, commit, path in it) and checks a local copy.
#
# usage: tools/dump-corpus.sh [--fetch] CORPUS_DIR [IOKITFS]
#   CORPUS_DIR/<owner>+<name>/ holds each repository's files at the commit
#   listed (a checkout, or the files copied out of one).  --fetch clones the
#   repositories there first (network and git needed; about 700 MB).
#   IOKITFS defaults to fs/iokitfs of the build tree, else iokitfs in PATH.
# Prints a Markdown table (source, Mac, format, loads, warnings, entries,
# planes) and a summary line; exits 1 when a dump does not load, 2 when a
# listed path is missing.
#
# A path is a dump file, a .zip or a folder (a Mac's folder in DarwinDumped
# holds DarwinDumper reports, zips of ioreg text and IORegistryExplorer
# archives): iokitfs finds the dump files in it by content.  Formats: text
# (ioreg -l), archive (IORegistryExplorer .ioreg), html (HTML-escaped
# text), rtf (text in a TextEdit document), zip: inside a zip.
set -u

fetch=0
if [ "${1:-}" = "--fetch" ]; then
	fetch=1
	shift
fi
[ $# -ge 1 ] || { sed -n '8,13p' "$0" >&2; exit 2; }
corpus=$1
here=$(cd "$(dirname "$0")/.." && pwd)
iokitfs=${2:-}
if [ -z "$iokitfs" ]; then
	for c in "$here/build/dev/fs/iokitfs" "$here/fs/iokitfs"; do
		[ -x "$c" ] && iokitfs=$c && break
	done
	[ -n "$iokitfs" ] || iokitfs=$(command -v iokitfs) || { echo "no iokitfs" >&2; exit 2; }
fi

# REPOSITORY|COMMIT|PATH|MAC|FORMAT
list() {
	cat <<'LIST'
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook1,1|MacBook1,1|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook2,1|MacBook2,1|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook3,1|MacBook3,1|zip:archive + zip:html
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook4,1|MacBook4,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook5,1|MacBook5,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook5,2|MacBook5,2|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook6,1|MacBook6,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook8,1|MacBook8,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBook/MacBook9,1|MacBook9,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir1,1|MacBookAir1,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir2,1|MacBookAir2,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir3,1|MacBookAir3,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir3,2|MacBookAir3,2|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir4,1|MacBookAir4,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir4,2|MacBookAir4,2|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir5,1|MacBookAir5,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir5,2|MacBookAir5,2|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir7,2|MacBookAir7,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookAir/MacBookAir9,1(2)|MacBookAir9,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro10,1|MacBookPro10,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro10,2|MacBookPro10,2|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro11,2|MacBookPro11,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro11,3|MacBookPro11,3|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro12,1|MacBookPro12,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro13,3|MacBookPro13,3|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro14,1|MacBookPro14,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro15,1|MacBookPro15,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro15,2|MacBookPro15,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro17,1|MacBookPro17,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro3,1|MacBookPro3,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro4,1|MacBookPro4,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro5,1|MacBookPro5,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro5,2|MacBookPro5,2|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro5,3|MacBookPro5,3|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro5,4|MacBookPro5,4|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro5,5|MacBookPro5,5|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro6,1|MacBookPro6,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro6,2|MacBookPro6,2|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro7,1|MacBookPro7,1|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro8,1|MacBookPro8,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro8,2|MacBookPro8,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro8,3|MacBookPro8,3|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro9,1|MacBookPro9,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacBookPro/MacBookPro9,2|MacBookPro9,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini1,1|MacMini1,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini2,1|MacMini2,1|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini3,1|MacMini3,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini5,1|MacMini5,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini5,2|MacMini5,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini6,2|MacMini6,2|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini7,1|MacMini7,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini/MacMini8,1|MacMini8,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacMini - PPC/PowerMac10,2|PowerMac10,2|text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro1,1|MacPro1,1|zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro2,1|MacPro2,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro3,1|MacPro3,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro4,1|MacPro4,1|zip:html + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro4,1(2)|MacPro4,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro5,1|MacPro5,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|MacPro/MacPro6,1|MacPro6,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|Xserve/Xserve2,1|Xserve2,1|zip:archive + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac10,1|iMac10,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac11,1|iMac11,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac11,2|iMac11,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac12,1|iMac12,1|DarwinDumper folder; archive + text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac12,2|iMac12,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac13,1|iMac13,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac13,2|iMac13,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac14,1|iMac14,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac14,2|iMac14,2|DarwinDumper folder; archive + text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac15,1|iMac15,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac16,1|iMac16,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac16,2|iMac16,2|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac17,1|iMac17,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac18,3|iMac18,3|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac19,1|iMac19,1|DarwinDumper folder; text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac5,1|iMac5,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac6,1|iMac6,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac7,1|iMac7,1|zip:archive
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac/iMac8,1|iMac8,1|DarwinDumper folder; zip:rtf + zip:text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac - PPC/PowerPC4,1|PowerPC4,1|text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMac - PPC/PowerPC6,1|PowerPC6,1|text
khronokernel/DarwinDumped|259dd5d1e48a2370c37d95d1ca27219badd32b36|iMacPro/iMacPro1,1|iMacPro1,1|DarwinDumper folder; text
ThomasKaiser/Knowledge|8d3704484554ab006419dea4e2b30bf3ed197243|media/ioreg-MacBookAir10.txt|MacBookAir10,1 (M1)|text
sonvirgo/KVM-QEMU-macOS-Monterey|53c5d2c855493f771affd7694bc93ba35d56daab|ioreg.txt|MacPro7,1 (macOS 12 in QEMU/KVM)|text (tree only)
komugi2018/oc.github.io|da4b7ac6d64203b5b3c9b7ab6b51af5f3631b48a|ioreg.txt|MacBookPro15,2 (OpenCore)|text (tree only)
LIST
}

if [ $fetch = 1 ]; then
	list | cut -d'|' -f1,2 | sort -u | while IFS='|' read -r repo commit; do
		dir=$corpus/$(echo "$repo" | tr / +)
		[ -d "$dir/.git" ] || git clone -q "https://github.com/$repo" "$dir" || exit 2
		git -C "$dir" checkout -q "$commit" || exit 2
	done || exit 2
fi

echo "| source | Mac | format | loads | warnings | entries | planes |"
echo "|---|---|---|---|---|---|---|"
total=0 loaded=0 warnings=0 missing=0 with_warnings=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
list >"$tmp.list"
while IFS='|' read -r repo commit path mac format; do
	total=$((total + 1))
	src=$corpus/$(echo "$repo" | tr / +)/$path
	if [ ! -e "$src" ]; then
		echo "| $repo \`$path\` | $mac | $format | missing | | | |"
		missing=$((missing + 1))
		continue
	fi
	if "$iokitfs" --check "$src" >"$tmp" 2>&1; then
		loaded=$((loaded + 1))
		w=$(sed -n 's/^warnings: //p' "$tmp")
		e=$(sed -n 's/^entries: //p' "$tmp")
		p=$(sed -n 's/^planes: //p' "$tmp")
		warnings=$((warnings + ${w:-0}))
		[ "${w:-0}" -gt 0 ] && with_warnings=$((with_warnings + 1))
		echo "| $repo@${commit%"${commit#???????}"} \`$path\` | $mac | $format | yes | $w | $e | $p |"
	else
		echo "| $repo@${commit%"${commit#???????}"} \`$path\` | $mac | $format | **no**: $(grep -m1 '^iokitfs:' "$tmp" | cut -c1-120) | | | |"
	fi
done <"$tmp.list"
rm -f "$tmp.list"
echo
summary="$loaded of $total dumps load ($with_warnings with warnings, $warnings warnings in all)"
[ $missing -gt 0 ] && summary="$summary; $missing missing"
echo "$summary"
[ $missing -gt 0 ] && exit 2
[ $loaded -eq $total ] || exit 1
exit 0
