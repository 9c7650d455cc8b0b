#!/bin/sh
# The Debian packages, end to end (issue 17), on two fresh minimal Debian 12
# trees made with ../shared/tools/fresh-debian.sh from the committed HEAD:
#   1. build: apt-get build-dep ./ (only what debian/control declares),
#      dpkg-buildpackage -us -uc -b in a clean clone (unit and fuzz tests
#      run in the build);
#   2. lintian on the result (on this machine): no errors;
#   3. install: apt-get install ./*.deb into the other tree, then
#      tests/slow/packages-install.sh there (version, mount -t iokitfs,
#      ioreg -l, pkg-config build, purge, nothing left).
# Environment: FRESH_BASE (a finished fresh tree to copy; default
# /var/tmp/fresh-debian12; made anew for the run when absent or not
# pristine), SLOW_KEEP=1 keeps the work trees.
# Prints ok:/FAIL:/SKIP: lines; exit 77 when it cannot run here.
top=$(cd "$(dirname "$0")/../.." && pwd)
base=${FRESH_BASE:-/var/tmp/fresh-debian12}
tool=$top/../shared/tools/fresh-debian.sh

skip() { echo "SKIP: packages: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (chroot, mounts)"
[ -r "$tool" ] || skip "$tool absent"
pgrep -x debootstrap >/dev/null 2>&1 && skip "debootstrap is still building a tree"
command -v unshare >/dev/null 2>&1 || skip "unshare (util-linux) absent"
# The trees copy the base.  One where the README's quickstart has run (make
# install, a live mount's state: what fresh-debian.sh's default tree holds
# after the README's commands) would make "purge removes only what the
# packages brought" fail for files that are not the packages': then a
# pristine base is made for this run (debootstrap, well under a minute).
pristine=true
[ -x "$base/bin/bash" ] || pristine=false
for f in usr/local/bin/iokitfs sbin/mount.iokitfs var/lib/iokitfs; do
	[ -e "$base/$f" ] && pristine=false
done
[ -c /dev/fuse ] || skip "/dev/fuse absent"
git -C "$top" diff --quiet HEAD -- debian tests/slow 2>/dev/null ||
	echo "note: uncommitted changes in debian/ or tests/slow are not tested (the trees clone HEAD)"

failures=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

work=$(mktemp -d /var/tmp/iokitfs-slow.XXXXXX)
cleanup() {
	# fresh-debian.sh mounts in a private namespace that ends with it;
	# nothing should be left mounted under the trees, but never rm across
	# a mount.
	if grep -q " $work/" /proc/mounts; then
		echo "FAIL: mounts left under $work:"
		grep " $work/" /proc/mounts
		exit 1
	fi
	[ "${SLOW_KEEP:-0}" = 1 ] && echo "note: work trees kept in $work" || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
if ! $pristine; then
	echo "note: $base is absent or not pristine: making a fresh base for this run"
	(cd "$top" && FRESH="$work/base" FRESH_RESET=1 sh "$tool" true) >"$work/base.log" 2>&1 &&
		[ -x "$work/base/bin/bash" ] || { fail "debootstrap of a base tree (see $work/base.log)"; exit 1; }
	base=$work/base
fi
cp -a "$base" "$work/build" && cp -a "$base" "$work/install" || { fail "copy $base"; exit 1; }

cd "$top" || exit 1
t0=$(date +%s)
FRESH=$work/build sh "$tool" 'sh tests/slow/packages-build.sh' >"$work/build.log" 2>&1
rc=$?
grep -E '^(ok|FAIL|note):' "$work/build.log"
debs=$(ls "$work/build/root/work/"iokitfs_*.deb "$work/build/root/work/"libiokit0_*.deb \
	"$work/build/root/work/"libiokit-dev_*.deb 2>/dev/null)
if [ "$rc" -ne 0 ] || [ "$(echo "$debs" | grep -c .)" -ne 3 ]; then
	tail -n 60 "$work/build.log" | sed 's/^/  | /'
	fail "package build in a fresh Debian 12 (status $rc)"
	exit 1
fi
echo "note: build tree: $(($(date +%s) - t0)) s (apt, configure, build, unit tests)"

if command -v lintian >/dev/null 2>&1; then
	changes=$(ls "$work/build/root/work/"iokitfs_*.changes)
	lint=$(lintian "$changes" 2>&1 | grep -v 'running with root privileges')
	printf '%s\n' "$lint" | grep -E '^[EWI]:' | sed 's/^/  lintian /'
	if printf '%s\n' "$lint" | grep -q '^E:'; then
		fail "lintian reports errors on the binary packages"
	else
		ok "lintian: no errors on the binary packages ($(printf '%s\n' "$lint" | grep -c '^W:') warnings)"
	fi
else
	echo "SKIP: lintian not installed on this machine"
fi

mkdir -p "$work/install/root/debs"
# shellcheck disable=SC2086
cp $debs "$work/install/root/debs/"
FRESH=$work/install sh "$tool" 'sh tests/slow/packages-install.sh' >"$work/install.log" 2>&1
rc=$?
grep -E '^(ok|FAIL|note):' "$work/install.log"
if [ "$rc" -ne 0 ] && ! grep -q '^FAIL:' "$work/install.log"; then
	tail -n 60 "$work/install.log" | sed 's/^/  | /'
	fail "install test in a fresh Debian 12 (status $rc)"
fi
grep -q '^FAIL:' "$work/install.log" && grep -v '^ok:' "$work/install.log" | tail -n 40 | sed 's/^/  | /'
[ "$failures" -eq 0 ] && ! grep -q '^FAIL:' "$work/install.log" "$work/build.log"
