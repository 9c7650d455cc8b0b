#!/bin/sh
# libiokit-exports.sh INCLUDE_DIR 'HEADERS' OBJECT...: prints, one a line,
# the symbols libIOKit.so exports (the libtool -export-symbols list).
#
# A symbol is exported when the library defines it globally (NM over the
# objects: libtool .lo files or .la convenience libraries, read through
# their PIC objects) and an installed header names it: a declaration, an
# inline function's body (CFRangeMake calls __CFRangeMake) or a macro's
# (mach_task_self() reads mach_task_self_).  Everything else (cf_*,
# iokit_*, port_table_*, reg_* ...) stays inside the library, so no program
# can come to depend on it.  HEADERS are paths relative to INCLUDE_DIR's
# parent's parent (the source tree), as Makefile.am lists them.
#
# Environment: CC (preprocessor, default cc), NM (default nm), SRCDIR
# (where the HEADERS paths start, default .).  Exit status non-zero with a
# message on stderr when a header does not preprocess or nm fails.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 INCLUDE_DIR 'HEADERS' OBJECT..." >&2; exit 2; }
inc=$1 headers=$2
shift 2
CC=${CC:-cc} NM=${NM:-nm} SRCDIR=${SRCDIR:-.}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/libiokit-exports.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Every identifier the installed headers name, macro bodies included (-dD
# keeps the #defines); string literals are not names.
for h in $headers; do
	printf '#include "%s/%s"\n' "$(cd "$SRCDIR" && pwd)" "$h"
done >"$tmp/all.c"
$CC -E -dD -I"$inc" "$tmp/all.c" >"$tmp/all.i"
grep -v '^# ' "$tmp/all.i" | sed -E 's/"([^"\\]|\\.)*"//g' |
	grep -oE '[A-Za-z_][A-Za-z0-9_]*' | LC_ALL=C sort -u >"$tmp/named"

# Every global the library's objects define.
for o in "$@"; do
	case $o in
	*.lo) d=$(dirname "$o"); b=$(basename "$o" .lo)
	      printf '%s\n' "$d/.libs/$b.o" ;;
	*.la) d=$(dirname "$o"); b=$(basename "$o" .la)
	      printf '%s\n' "$d/.libs/$b.a" ;;
	*)    printf '%s\n' "$o" ;;
	esac
done >"$tmp/objects"
# shellcheck disable=SC2046
$NM -g --defined-only $(cat "$tmp/objects") |
	awk 'NF == 3 && $2 ~ /^[A-Z]$/ && $2 != "U" { print $3 }' |
	LC_ALL=C sort -u >"$tmp/defined"

LC_ALL=C comm -12 "$tmp/named" "$tmp/defined"
