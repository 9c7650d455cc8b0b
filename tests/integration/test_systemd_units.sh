#!/bin/sh
# The systemd units (systemd/*.service.in): `systemd-analyze verify` passes
# on both, with the build tree's daemon standing in for @bindir@, and the
# choices docs/packaging.md describes are in them.  Needs systemd-analyze
# (skip, counted, without it); no root, no mount.
. "$(dirname "$0")/lib.sh"

command -v systemd-analyze >/dev/null 2>&1 || skip "systemd-analyze not installed"
[ -n "$IOKITFS" ] && [ -x "$IOKITFS" ] || skip "iokitfs binary not found (set IOKITFS)"
setup

bindir=$(dirname "$IOKITFS")
for u in iokitfs.service iokitfs-dump@.service; do
	sed "s|@bindir@|$bindir|g" "$REPO_DIR/systemd/$u.in" >"$WORK/$u"
done
unit=$WORK/iokitfs.service
dump=$WORK/iokitfs-dump@.service

# verify prints problems on stderr but can exit 0 for some: both must be clean.
out=$(cd "$WORK" && systemd-analyze verify --man=no "$unit" "$dump" 2>&1)
rc=$?
expect_eq "systemd-analyze verify exits 0" 0 "$rc"
expect_eq "systemd-analyze verify says nothing" "" "$out"

has() { grep -q "^$2\$" "$1"; }
check "live unit mounts the live source at /run/iokit with allow_other" \
	has "$unit" "ExecStart=$bindir/iokitfs -f -o allow_other linux /run/iokit"
check "live unit restarts on failure" has "$unit" "Restart=on-failure"
check "live unit is ordered after udev" \
	has "$unit" "After=systemd-udevd.service systemd-udev-trigger.service modprobe@fuse.service"
check "live unit is enabled for multi-user.target" has "$unit" "WantedBy=multi-user.target"
check "live unit has the state directory" has "$unit" "StateDirectory=iokitfs"
check "live unit cleans up a dead mount after stop" \
	has "$unit" "ExecStopPost=-/bin/umount -q -l /run/iokit"
check "dump template mounts read-only" \
	has "$dump" "ExecStart=$bindir/iokitfs -f -o ro,allow_other %f /run/iokit-dump/%i"
# No option that creates a private mount namespace (it would hide the mount).
for o in ProtectSystem ProtectHome PrivateTmp PrivateDevices ProtectKernelTunables \
	ProtectKernelModules ProtectKernelLogs ProtectControlGroups ProtectHostname \
	ReadOnlyPaths ReadWritePaths InaccessiblePaths PrivateMounts TemporaryFileSystem \
	BindPaths BindReadOnlyPaths MountFlags; do
	check "no $o= (would hide the mount in a private namespace)" \
		sh -c "! grep -q '^$o=' '$unit' '$dump'"
done

[ "$FAILURES" -eq 0 ]
