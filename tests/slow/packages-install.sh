#!/bin/sh
# Runs inside a fresh Debian 12 tree (tests/slow/packages.sh) with the
# built .debs in /root/debs: installs them the way a user would, uses them,
# purges them, and checks that nothing they brought is left.
set -u
export DEBIAN_FRONTEND=noninteractive
MNT=/mnt/iokit
failures=0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}
cleanup() {
	grep -q " $MNT fuse" /proc/mounts && umount -l "$MNT"
	exit $failures
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# The file system without what changes anyway (apt's and dpkg's own state,
# logs, caches, this test's files).
snapshot() {
	find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp \
		-o -path /root -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg \
		-o -path /var/log -o -path /run/lock \) -prune -o -print | sort
}

apt-get update -qq || { fail "apt-get update"; exit 1; }
# What the test itself needs (a C compiler for the libiokit-dev check),
# installed before the "before" snapshot.
apt-get install -y -qq --no-install-recommends gcc libc6-dev pkg-config >/dev/null ||
	{ fail "install gcc, pkg-config"; exit 1; }
snapshot >/tmp/before

cd /root/debs || exit 1
if apt-get install -y -qq ./*.deb >/tmp/install.log 2>&1; then
	ok "apt-get install ./*.deb ($(ls ./*.deb | xargs -n1 basename | tr '\n' ' '))"
else
	tail -n 20 /tmp/install.log | sed 's/^/  | /'
	fail "apt-get install ./*.deb"
	exit 1
fi

v=$(iokitfs --version 2>&1)
check "iokitfs --version: $v" sh -c "iokitfs --version | grep -q '^iokitfs [0-9]'"
check "mount.iokitfs is in /sbin, where mount(8) looks" test -x /sbin/mount.iokitfs
check "iokitfs.service is installed" test -f /lib/systemd/system/iokitfs.service
check "the package enabled iokitfs.service" \
	test -L /etc/systemd/system/multi-user.target.wants/iokitfs.service
check "man page installed" test -f /usr/share/man/man8/iokitfs.8.gz
check "bash completion for ioreg loads" bash -c \
	'. /usr/share/bash-completion/bash_completion; _completion_loader ioreg; complete -p ioreg >/dev/null'

mkdir -p "$MNT"
if mount -t iokitfs linux "$MNT" -o allow_other 2>/tmp/mount.err; then
	ok "mount -t iokitfs linux $MNT -o allow_other"
else
	cat /tmp/mount.err
	fail "mount -t iokitfs linux $MNT"
fi
check "the live registry is mounted" sh -c "grep -q ' $MNT fuse.iokitfs .*allow_other' /proc/mounts"
n=$(IOKIT_ROOT=$MNT ioreg -l 2>/tmp/ioreg.err | tee /tmp/ioreg.out | wc -l)
cat /tmp/ioreg.err
check "ioreg -l lists the live registry ($n lines)" \
	sh -c "[ $n -gt 10 ] && grep -q 'IOPlatformExpertDevice' /tmp/ioreg.out"

grep -q IOPlatformUUID /tmp/ioreg.out ||
	echo "note: no IOPlatformUUID on this tree's live registry (no /etc/machine-id, no DMI)"

flags=$(pkg-config --cflags --libs iokit 2>&1)
check "pkg-config --cflags --libs iokit: $flags" pkg-config --exists iokit
# docs/examples/walk_plane.c: a macOS-style tool walking the IOService plane.
# shellcheck disable=SC2086
if cc -o /tmp/walk_plane /root/work/project/docs/examples/walk_plane.c $flags \
	2>/tmp/cc.err; then
	ok "a program builds against libiokit-dev with pkg-config's flags"
	n=$(IOKIT_ROOT=$MNT /tmp/walk_plane 2>/tmp/walk.err | wc -l)
	cat /tmp/walk.err
	check "and runs against the mount ($n lines)" [ "$n" -gt 10 ]
else
	cat /tmp/cc.err
	fail "a program builds against libiokit-dev with pkg-config's flags"
fi

umount "$MNT"
check "umount unmounts" sh -c "! grep -q ' $MNT fuse' /proc/mounts"
rmdir "$MNT"

# The daemon's state directory, as systemd would have made it.
mkdir -p /var/lib/iokitfs && echo state >/var/lib/iokitfs/state
if apt-get purge -y -qq iokitfs libiokit0 libiokit-dev >/tmp/purge.log 2>&1 &&
	apt-get autoremove --purge -y -qq >>/tmp/purge.log 2>&1; then
	ok "apt-get purge iokitfs libiokit0 libiokit-dev; apt-get autoremove --purge"
else
	tail -n 20 /tmp/purge.log | sed 's/^/  | /'
	fail "purge"
fi
left=$(dpkg -l 'iokitfs' 'libiokit*' 2>/dev/null | grep '^[a-z][a-z] ' | grep -v '^un')
check "no package state left" test -z "$left"
snapshot >/tmp/after
diff /tmp/before /tmp/after >/tmp/left
sed -n 's/^> //p' /tmp/left >/tmp/added
sed -n 's/^< //p' /tmp/left >/tmp/removed
# An added path that belongs to a package still installed is that package's:
# apt keeps an automatically installed Recommends that another installed
# package also recommends (bash recommends bash-completion).
: >/tmp/unowned
if [ -s /tmp/added ]; then
	xargs -d '\n' dpkg-query -S <"/tmp/added" >/tmp/owned 2>/tmp/unowned.err
	sed -n 's/^dpkg-query: no path found matching pattern //p' /tmp/unowned.err >/tmp/unowned
	kept=$(cut -d: -f1 /tmp/owned | tr ', ' '\n\n' | grep . | sort -u | tr '\n' ' ')
	[ -n "$kept" ] && echo "note: kept by apt's own rules, not ours: $kept"
fi
check "nothing left on disk after purge ($(grep -c . /tmp/unowned) stray paths)" \
	test ! -s /tmp/unowned
sed 's/^/  | left: /' /tmp/unowned | head -40
check "nothing removed that was there before ($(grep -c . /tmp/removed) paths)" \
	test ! -s /tmp/removed
sed 's/^/  | gone: /' /tmp/removed | head -40
exit $failures
