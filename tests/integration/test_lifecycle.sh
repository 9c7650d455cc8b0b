#!/bin/sh
# The daemon's life: daemon mode reports success and failure through its
# exit status, SIGTERM / SIGINT / fusermount3 -u end it cleanly,
# auto_unmount cleans up after kill -9, --check, and the mount helper.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro12-1/IOReg.txt
setup

D=$IOKITFS_DATA_DIR/macbookpro12-1
DUMP=$D/IOReg.txt

daemon_of() {
	pgrep -f -- "iokitfs.* $1\$" | head -1
}

# --- daemon mode: the exit status says whether the mount exists
MNT=$WORK/mnt
mkdir -p "$MNT"
MOUNTS="$MOUNTS $MNT"
check "daemon mode exits 0" "$IOKITFS" "$DUMP" "$MNT"
check "mounted when the parent returned" is_mounted "$MNT"
pid=$(daemon_of "$MNT")
DAEMON_PIDS="$DAEMON_PIDS $pid"
check "the daemon is running ($pid)" kill -0 "$pid"
check "the mount answers" test -d "$MNT/IOService"
kill -TERM "$pid"
check "SIGTERM: daemon exits" wait_gone "$pid"
check "SIGTERM: unmounted" wait_unmounted "$MNT"

# --- files still open when the daemon is stopped: the kernel never sends
# their RELEASE, so the daemon closes them itself (an ASan build's leak
# check fails the exit status otherwise)
MNT2=$WORK/held
mount_fs "$MNT2" "$DUMP"
pid=$LAST_PID
sh -c 'exec 3<"$1/.iokit/control" 4<"$1/.iokit/notify" 5<"$1/IOService/.class" 6<"$1/.iokit/stats"
	echo held >"$2"; sleep 30' sh "$MNT2" "$WORK/held.flag" &
holder=$!
for _ in $(seq 50); do [ -s "$WORK/held.flag" ] && break; sleep 0.1; done
check "four files held open" test -s "$WORK/held.flag"
kill -TERM "$pid"
(sleep 20; kill -9 "$pid" 2>/dev/null) &
dog=$!
wait "$pid"
expect_eq "SIGTERM with files open: the daemon exits 0" 0 "$?"
kill "$dog" "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
check "no leak reported" sh -c "! grep -q LeakSanitizer '$WORK/daemon.log'"
fusermount3 -uz "$MNT2" 2>/dev/null

# --- failures are reported before detaching
out=$("$IOKITFS" "$WORK/nonexistent.ioreg" "$MNT" 2>&1)
st=$?
check "missing source: non-zero exit" test "$st" -ne 0
case $out in *nonexistent.ioreg*) pass "missing source: message names the file" ;; *) fail "message: $out" ;; esac
check "missing source: nothing mounted" sh -c "! grep -q ' $MNT fuse' /proc/mounts"
head -c 3000 "$DUMP" >"$WORK/truncated.txt"
printf '    | |   "broken" = <0a\n' >>"$WORK/truncated.txt"
# (dumps load leniently, the oddities as warnings: --strict refuses them)
out=$("$IOKITFS" --strict "$WORK/truncated.txt" "$MNT" 2>&1)
check "malformed dump: non-zero exit ($out)" test $? -ne 0
check "malformed dump: nothing mounted" sh -c "! grep -q ' $MNT fuse' /proc/mounts"
out=$("$IOKITFS" "$DUMP" "$WORK/no/such/dir" 2>&1)
check "bad mount point: non-zero exit ($out)" test $? -ne 0

# --- --check
out=$("$IOKITFS" --check "$DUMP")
case $out in *"IOService"*entries*) pass "--check prints entries per plane" ;; *) fail "--check: $out" ;; esac
"$IOKITFS" --check --strict "$WORK/truncated.txt" >/dev/null 2>&1
check "--check --strict of a bad dump fails" test $? -ne 0
"$IOKITFS" --check "$WORK/truncated.txt" >"$WORK/lenient.out" 2>&1
check "--check of a bad dump recovers, with warnings" grep -q '^warnings: [1-9]' "$WORK/lenient.out"
printf 'not a dump\n' >"$WORK/notadump.txt"
"$IOKITFS" --check "$WORK/notadump.txt" >/dev/null 2>&1
check "--check of a file that is no dump fails" test $? -ne 0

# --- foreground: SIGINT and fusermount3 -u
# A background job of a non-interactive shell starts with SIGINT ignored,
# and libfuse keeps ignored signals ignored (as nohup wants): reset it.
if command -v python3 >/dev/null 2>&1; then
	cat >"$WORK/sigdfl.py" <<'PY'
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])
PY
	LAUNCH="python3 $WORK/sigdfl.py" mount_fs "$MNT" "$DUMP"
	pid=$LAST_PID
	kill -INT "$pid"
	check "SIGINT: daemon exits" wait_gone "$pid"
	check "SIGINT: unmounted" wait_unmounted "$MNT"
fi
mount_fs "$MNT" "$DUMP"
pid=$LAST_PID
fusermount3 -u "$MNT"
check "fusermount3 -u: daemon exits" wait_gone "$pid"

# --- auto_unmount cleans up after kill -9
mount_fs "$MNT" -o auto_unmount "$DUMP"
pid=$LAST_PID
kill -9 "$pid"
wait "$pid" 2>/dev/null
# (fusermount3 notices the dead daemon; slow on a loaded machine)
check "auto_unmount: gone after kill -9" wait_unmounted "$MNT" 30

# --- the mount helper (as mount(8) calls it)
HELPER=$REPO_DIR/mount-helpers/mount.iokitfs
IOKITFS=$IOKITFS sh "$HELPER" "$DUMP" "$MNT" -o ro,nofail,noauto,allow_other
check "mount.iokitfs mounts" is_mounted "$MNT"
check "mount.iokitfs passed allow_other" grep -q " $MNT fuse.iokitfs ro,.*allow_other" /proc/mounts
pid=$(daemon_of "$MNT")
DAEMON_PIDS="$DAEMON_PIDS $pid"
fusermount3 -u "$MNT"
check "helper mount unmounts" wait_gone "$pid"
IOKITFS=$IOKITFS sh "$HELPER" "$DUMP" "$MNT" -f -o ro
check "mount.iokitfs -f (fake) mounts nothing" sh -c "! grep -q ' $MNT fuse' /proc/mounts"
finish
