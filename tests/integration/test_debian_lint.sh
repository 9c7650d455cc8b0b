#!/bin/sh
# debian/ stays valid: the changelog's version is configure.ac's, the
# library still exports every symbol debian/libiokit0.symbols promises (an
# ABI break fails here, not first in a package build), and lintian finds no
# error or warning in the source package.  Needs dpkg-dev, lintian and git
# (skip, counted, naming what is missing); no root.
. "$(dirname "$0")/lib.sh"

missing=
for t in dpkg-parsechangelog dpkg-gensymbols dpkg-source lintian git; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
[ -z "$missing" ] || skip "not installed:$missing"
git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1 || skip "$REPO_DIR is not a git checkout"
LIB=${abs_top_builddir:-$REPO_DIR}/.libs/libIOKit.so.0
[ -e "$LIB" ] || skip "libIOKit.so.0 not built"
setup

deb_version=$(cd "$REPO_DIR" && dpkg-parsechangelog -S Version)
ac_version=$(sed -n 's/^AC_INIT(\[iokitfs\], \[\([^]]*\)\].*/\1/p' "$REPO_DIR/configure.ac")
expect_eq "debian/changelog's version is configure.ac's" "$ac_version" "$deb_version"

# -c1: fail when a symbol the file lists has disappeared (checked as if for
# the next version: a symbol "added" in this very version may otherwise go).
out=$(cd "$REPO_DIR" && dpkg-gensymbols -plibiokit0 -e"$(readlink -f "$LIB")" \
	-v"$deb_version+check" -c1 -Idebian/libiokit0.symbols -O"$WORK/symbols" 2>&1)
rc=$?
[ "$rc" -eq 0 ] || printf '%s\n' "$out"
expect_eq "libIOKit.so.0 exports every symbol of debian/libiokit0.symbols" 0 "$rc"
# And the other way: every exported symbol is in the file (a new public
# function goes in with the version that adds it).  A sanitizer build's
# instrumentation symbols (__odr_asan.*, __asan_*) are not the library's.
new_syms=$(printf '%s\n' "$out" | grep '^+ ' | grep -v '^+ __' || true)
[ -z "$new_syms" ] || printf 'new public symbols; add them to debian/libiokit0.symbols:\n%s\n' "$new_syms"
expect_eq "debian/libiokit0.symbols lists every exported symbol" "" "$new_syms"

# The source package, from the files git knows (committed or not).
mkdir "$WORK/src" "$WORK/src/iokitfs"
(cd "$REPO_DIR" && git ls-files -z --cached --others --exclude-standard |
	xargs -0 cp --parents -t "$WORK/src/iokitfs" 2>/dev/null)
(cd "$WORK/src" && dpkg-source -b iokitfs >"$WORK/dpkg-source.log" 2>&1)
expect_eq "dpkg-source builds the source package" 0 "$?"
out=$(cd "$WORK/src" && lintian --fail-on error,warning "iokitfs_$deb_version.dsc" 2>&1 |
	grep -v 'running with root privileges')
printf '%s\n' "$out" | grep -q '^[EW]:' && printf '%s\n' "$out"
check "lintian: no error or warning in the source package" \
	sh -c "! printf '%s\n' '$out' | grep -q '^[EW]:'"

[ "$FAILURES" -eq 0 ]
