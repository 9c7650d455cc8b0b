#!/bin/sh
# The live unit's sandbox, without systemd: the daemon started as
# iokitfs.service starts it (its ExecStart options, its
# CapabilityBoundingSet and NoNewPrivileges, applied with setpriv) mounts
# the live registry, answers ioreg -l and PCI configuration reads through
# the user client, and SIGTERM (systemctl stop) unmounts it.  Root + FUSE.
. "$(dirname "$0")/lib.sh"

require_fuse
command -v setpriv >/dev/null 2>&1 || skip "setpriv (util-linux) not installed"
[ -d /sys/devices ] || skip "no sysfs"
TOOLS=${abs_top_builddir:-$REPO_DIR}
[ -x "$TOOLS/tools/ioreg" ] || skip "tools/ioreg not built"
setup
chmod 755 "$WORK"	# other users reach the mount point

unit=$REPO_DIR/systemd/iokitfs.service.in
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$unit")
expect_eq "unit keeps exactly CAP_SYS_ADMIN and CAP_SYS_RAWIO" "CAP_SYS_ADMIN CAP_SYS_RAWIO" "$caps"
bounding=-all
for c in $caps; do
	bounding="$bounding,+$(echo "${c#CAP_}" | tr 'A-Z' 'a-z')"
done
nnp=
grep -q '^NoNewPrivileges=yes$' "$unit" && nnp=--no-new-privs
opts=$(sed -n 's|^ExecStart=@bindir@/iokitfs -f -o \([^ ]*\) linux /run/iokit$|\1|p' "$unit")
expect_eq "unit's mount options" "allow_other" "$opts"

MNT=$WORK/mnt
LAUNCH="setpriv --bounding-set $bounding $nnp --" mount_fs "$MNT" -o "$opts" linux
pid=$LAST_PID
check "the sandboxed daemon mounted" is_mounted "$MNT"
check "the mount allows other users" grep -q " $MNT fuse.iokitfs .*allow_other" /proc/mounts
n=$(IOKIT_ROOT=$MNT "$TOOLS/tools/ioreg" -l 2>/dev/null | wc -l)
check "ioreg -l lists the live registry ($n lines)" [ "$n" -gt 10 ]
check "another user reads the mount" sh -c "setpriv --reuid 65534 --regid 65534 \
	--clear-groups ls '$MNT/IOService' >/dev/null"
if [ -x "$TOOLS/docs/examples/pci_config" ] && ls /sys/bus/pci/devices/ 2>/dev/null | grep -q .; then
	check "PCI configuration through the user client, under the sandbox" \
		sh -c "IOKIT_ROOT='$MNT' '$TOOLS/docs/examples/pci_config' | grep -q '^0 [0-9a-f]\{4\}:[0-9a-f]\{4\}'"
else
	echo "note: no PCI devices or no pci_config example; PCI part not run"
fi
kill -TERM "$pid"
for _ in $(seq 50); do is_mounted "$MNT" || break; sleep 0.1; done
check "SIGTERM (systemctl stop) unmounts" sh -c "! grep -q ' $MNT fuse' /proc/mounts"
# (a watchdog, so a daemon that never exits fails the test instead of hanging it)
(sleep 20; kill -9 "$pid" 2>/dev/null) &
dog=$!
wait "$pid"
expect_eq "the daemon exits cleanly on SIGTERM (status 0, not a unit failure)" 0 "$?"
kill "$dog" 2>/dev/null

[ "$FAILURES" -eq 0 ]
