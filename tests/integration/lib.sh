# Shared helpers for the iokitfs mount tests (POSIX sh; sourced).
#
# Every test mounts into a fresh directory under /tmp/iokitfs-test.XXXXXX and
# installs a trap that unmounts (fusermount3 -u, then -uz) and kills the
# daemons it started, whatever happens.  Exit 77 = skipped (automake).
#
# Environment: IOKITFS (the daemon; default: fs/iokitfs in the build tree,
# then iokitfs in PATH), IOKITFS_DATA_DIR (the real Mac dumps; default
# ../shared/data next to the repository; tests that need a dump skip,
# naming it, when it is absent: require_data).

TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
REPO_DIR=$(cd "$TESTS_DIR/../.." && pwd)

if [ -z "${IOKITFS:-}" ]; then
	if [ -x "$REPO_DIR/fs/iokitfs" ]; then
		IOKITFS=$REPO_DIR/fs/iokitfs
	elif [ -x "${abs_top_builddir:-/nonexistent}/fs/iokitfs" ]; then
		IOKITFS=$abs_top_builddir/fs/iokitfs
	else
		IOKITFS=$(command -v iokitfs || true)
	fi
fi

if [ -z "${IOKITFS_DATA_DIR:-}" ]; then
	IOKITFS_DATA_DIR=$REPO_DIR/../shared/data
fi

FAILURES=0
WORK=
DAEMON_PIDS=
MOUNTS=

skip() {
	echo "SKIP: $*"
	exit 77
}

fail() {
	echo "FAIL: $*"
	FAILURES=$((FAILURES + 1))
}

pass() {
	echo "ok: $*"
}

# check DESCRIPTION COMMAND...: runs the command, records pass/fail.
check() {
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1: expected [$2], got [$3]"
	fi
}

require_fuse() {
	[ -n "$IOKITFS" ] && [ -x "$IOKITFS" ] || skip "iokitfs binary not found (set IOKITFS)"
	[ -c /dev/fuse ] || skip "/dev/fuse absent"
	command -v fusermount3 >/dev/null 2>&1 || skip "fusermount3 absent"
	[ "$(id -u)" = 0 ] || skip "mount tests need root"
}

require_data() {
	for f in "$@"; do
		[ -r "$IOKITFS_DATA_DIR/$f" ] || skip "$IOKITFS_DATA_DIR/$f absent"
	done
}

is_mounted() {
	grep -q " $1 fuse" /proc/mounts
}

# ours PID: the process runs for this test (its command line names the
# test's directory, where every mount point of a test lives).
ours() {
	[ -n "$WORK" ] && { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -qF -- "$WORK"
}

cleanup() {
	status=$?
	for m in $MOUNTS; do
		if is_mounted "$m"; then
			fusermount3 -u "$m" 2>/dev/null || fusermount3 -uz "$m" 2>/dev/null ||
				umount -l "$m" 2>/dev/null
		fi
	done
	for p in $DAEMON_PIDS; do
		# A daemon that died before the end is worth a line in the log.
		if ! kill -0 "$p" 2>/dev/null; then
			wait "$p" 2>/dev/null
			rc=$?
			# (127: not our child, e.g. a daemon that detached)
			[ "$rc" -ne 0 ] && [ "$rc" -ne 127 ] && [ "$status" -ne 0 ] &&
				echo "daemon $p had exited with status $rc"
		fi
	done
	# Only processes of this test: a daemon that ended earlier left its
	# PID free, and under a parallel `make check` another test's daemon
	# may have it by now (this killed test_ioreg's daemon mid-run).
	live=
	for p in $DAEMON_PIDS; do
		ours "$p" && kill "$p" 2>/dev/null && live="$live $p"
	done
	[ -n "$live" ] && sleep 0.2
	for p in $live; do
		ours "$p" && kill -9 "$p" 2>/dev/null
	done
	for p in $DAEMON_PIDS; do
		wait "$p" 2>/dev/null
	done
	# A failed test shows what its daemons said (crashes, sanitizer reports).
	if [ "$status" -ne 0 ] && [ "$status" -ne 77 ] && [ -s "$WORK/daemon.log" ]; then
		echo "--- daemon log (last 60 lines)"
		tail -n 60 "$WORK/daemon.log"
	fi
	[ -n "$WORK" ] && rm -rf "$WORK"
	exit $status
}

setup() {
	WORK=$(mktemp -d /tmp/iokitfs-test.XXXXXX)
	trap cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

# mount_fs MNT ARGS...: starts the daemon in the foreground (background job),
# waits for its readiness byte on a FIFO.  Sets LAST_PID.
mount_fs() {
	mnt=$1
	shift
	mkdir -p "$mnt"
	fifo=$WORK/ready.$$.$(date +%s%N)
	mkfifo "$fifo"
	# LAUNCH (optional) is a command prefix, e.g. one that resets signals.
	${LAUNCH:-} "$IOKITFS" -f -o notify_pipe="$fifo" "$@" "$mnt" 2>>"$WORK/daemon.log" &
	LAST_PID=$!
	DAEMON_PIDS="$DAEMON_PIDS $LAST_PID"
	MOUNTS="$MOUNTS $mnt"
	state=$(timeout 60 head -c1 "$fifo" 2>/dev/null)
	rm -f "$fifo"
	if [ "$state" != s ]; then
		cat "$WORK/daemon.log"
		echo "FAIL: mount of $mnt did not come up ($state)"
		exit 1
	fi
}

unmount_fs() {
	fusermount3 -u "$1"
}

# wait_gone PID [SECONDS]: true once the process has exited.
wait_gone() {
	n=0
	while kill -0 "$1" 2>/dev/null; do
		n=$((n + 1))
		[ $n -gt $((${2:-10} * 10)) ] && return 1
		sleep 0.1
	done
	wait "$1" 2>/dev/null
	return 0
}

# wait_unmounted MNT [SECONDS]
wait_unmounted() {
	n=0
	while is_mounted "$1"; do
		n=$((n + 1))
		[ $n -gt $((${2:-10} * 10)) ] && return 1
		sleep 0.1
	done
	return 0
}

finish() {
	# Like libfuse's OutputChecker: a daemon that complains has a bug.
	if [ -s "$WORK/daemon.log" ] &&
		grep -E 'writing device|AddressSanitizer|LeakSanitizer|runtime error|ERROR' \
			"$WORK/daemon.log" >/dev/null; then
		fail "daemon reported errors"
	fi
	if [ "$FAILURES" -ne 0 ]; then
		echo "$FAILURES check(s) failed"
		[ -s "$WORK/daemon.log" ] && { echo "--- daemon log"; head -50 "$WORK/daemon.log"; }
		exit 1
	fi
	echo "all checks passed"
	exit 0
}

# sim_device NAME LOCATION PARAMETERS: prints one drivers-file entry that
# creates the entry NAME (class IOKitFSSimDevice) under IOService:/ at
# LOCATION and binds the simulated device driver to it; PARAMETERS is the
# plist XML inside its parameters dict (e.g. a Regions array).
sim_device() {
	cat <<EOF_ENTRY
	<dict>
		<key>create</key>
		<dict>
			<key>name</key><string>$1</string>
			<key>class</key><string>IOKitFSSimDevice</string>
			<key>parent</key><string>IOService:/</string>
			<key>location</key><string>$2</string>
		</dict>
		<key>driver</key><string>IOKitFSSimDevice</string>
		<key>parameters</key>
		<dict>$3</dict>
	</dict>
EOF_ENTRY
}

# write_drivers FILE ENTRY...: writes a drivers file (-o drivers=FILE), a
# plist array of the entries (see sim_device).
write_drivers() {
	drivers_file=$1
	shift
	{
		printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
			'<plist version="1.0">' '<array>'
		for entry in "$@"; do
			printf '%s\n' "$entry"
		done
		printf '%s\n' '</array>' '</plist>'
	} >"$drivers_file"
}

# make_fixture_sysfs DIR [OPTION...]: builds the fixture sysfs tree
# (tests/fixtures/make_sysfs_fixture.sh) in DIR; a failure ends the test.
make_fixture_sysfs() {
	bash "$TESTS_DIR/../fixtures/make_sysfs_fixture.sh" "$@" >/dev/null ||
		{ echo "FAIL: fixture"; exit 1; }
}
