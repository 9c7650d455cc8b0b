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
	'. /usr/share/bash-completion/bash_completion && _completion_loader ioreg && complete -p ioreg >/dev/null'

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

flags=$(pkg-config --cflags --libs iokit 2>&1)
check "pkg-config --cflags --libs iokit: $flags" pkg-config --exists iokit
# shellcheck disable=SC2086
if cc -o /tmp/platform_uuid /root/work/project/docs/examples/platform_uuid.c $flags \
	2>/tmp/cc.err; then
	ok "a program builds against libiokit-dev with pkg-config's flags"
	uuid=$(IOKIT_ROOT=$MNT /tmp/platform_uuid 2>&1)
	check "and runs against the mount: IOPlatformUUID $uuid" \
		sh -c "printf '%s\n' '$uuid' | grep -Eq '^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$'"
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
check "nothing left on disk after purge ($(grep -c '^[<>]' /tmp/left) paths differ)" \
	test ! -s /tmp/left
sed 's/^/  /' /tmp/left | head -40
exit $failures
