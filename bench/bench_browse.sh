#!/bin/sh
# bench_browse.sh [SOURCE...]: browsing figures for docs/design-goals.md §2.
#
#   warm browse: find, ls -lR and stat of every entry, on the mount (after
#                one warm-up pass) and on a copy of the mount in tmpfs
#                (cp -a, xattrs included); prints the ratio mount/tmpfs.
#   cold browse: daemon requests (from .iokit/stats) for the first find and
#                the first ls -lR of a fresh mount, per registry entry and
#                per name listed.
#   getfattr:    daemon requests for one `getfattr -n user.KEY`, and for a
#                size probe plus read (getfattr with no value cached).
#   ioreg -l:    daemon requests per registry entry (IOREG names the tool;
#                default tools/ioreg next to the daemon's build).
# Lines starting "target: " hold a figure against its target (bench/run.sh
# gathers them): "target: WHAT | MEASURED | TARGET | ok or MISSED".
#
# Needs root and /dev/fuse.  IOKITFS names the daemon (default fs/iokitfs,
# then PATH).  Default source: the MacBookPro15,1 archive if this build
# loads it, else the MacBookPro12,1 text dumps.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
IOKITFS=${IOKITFS:-$REPO/fs/iokitfs}
[ -x "$IOKITFS" ] || IOKITFS=$(command -v iokitfs) || { echo "no iokitfs binary"; exit 1; }
DATA=${IOKITFS_DATA_DIR:-$REPO/../shared/data}
ROUNDS=${ROUNDS:-5}
IOREG=${IOREG:-$(dirname "$IOKITFS")/../tools/ioreg}

# target WHAT MEASURED TARGET OK(0/1)
target() {
	if [ "$4" = 1 ]; then v=ok; else v=MISSED; fi
	echo "target: $1 | $2 | $3 | $v"
}
# le A B: 1 when A <= B (decimals)
le() {
	echo "$1 $2" | awk '{ print ($1 <= $2) ? 1 : 0 }'
}

if [ $# -eq 0 ]; then
	[ -d "$DATA" ] || { echo "bench_browse: no Mac dumps in $DATA (set IOKITFS_DATA_DIR or name a source)"; exit 1; }
	if "$IOKITFS" --check "$DATA/macbookpro15-1/registry.ioreg" >/dev/null 2>&1; then
		set -- "$DATA/macbookpro15-1/registry.ioreg"
	else
		set -- "$DATA/macbookpro12-1/IOReg.txt" "IODeviceTree=$DATA/macbookpro12-1/IORegDT.txt"
	fi
fi

WORK=$(mktemp -d /tmp/iokitfs-bench.XXXXXX)
MNT=$WORK/mnt
COPY=/dev/shm/iokitfs-bench.$$
PID=
cleanup() {
	if grep -q " $MNT fuse" /proc/mounts; then
		fusermount3 -u "$MNT" 2>/dev/null || fusermount3 -uz "$MNT"
	fi
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	rm -rf "$WORK" "$COPY"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

start() {
	mkdir -p "$MNT"
	mkfifo "$WORK/ready"
	"$IOKITFS" -f -o notify_pipe="$WORK/ready" "$@" "$MNT" 2>"$WORK/daemon.log" &
	PID=$!
	[ "$(head -c1 "$WORK/ready")" = s ] || { cat "$WORK/daemon.log"; exit 1; }
	rm -f "$WORK/ready"
	calibrate	# the first pass also brings .iokit/stats into the caches
	calibrate
}
stop() {
	fusermount3 -u "$MNT"
	# The daemon ends when the kernel drops the connection; a copy of the
	# mount in another mount namespace (a container started meanwhile)
	# keeps it alive: then it is told to end.
	n=0
	while kill -0 "$PID" 2>/dev/null && [ $n -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill "$PID" 2>/dev/null
	wait "$PID" 2>/dev/null
	PID=
}
requests() {
	sed -n 's/^requests //p' "$MNT/.iokit/stats"
}
# Counters are read as differences (a read-only mount cannot reset them).
# Reading the stats file costs requests of its own (open, read...): that
# cost is measured with nothing in between (calibrate) and subtracted.
OPS="opendir readdirplus readdir releasedir lookup getattr getxattr listxattr open read"
OVERHEAD=0
reset() {
	cp "$MNT/.iokit/stats" "$WORK/stats.base"
}
raw_since() {
	cat "$MNT/.iokit/stats" >"$WORK/stats.now"
	a=$(sed -n 's/^requests //p' "$WORK/stats.base")
	b=$(sed -n 's/^requests //p' "$WORK/stats.now")
	echo $((b - a))
}
since() {
	echo $(( $(raw_since) - OVERHEAD ))
}
# per-operation differences since reset, less the calibration's
ops_since() {
	cat "$MNT/.iokit/stats" >"$WORK/stats.now"
	for op in $OPS; do
		a=$(sed -n "s/^$op //p" "$WORK/stats.base")
		b=$(sed -n "s/^$op //p" "$WORK/stats.now")
		c=$(sed -n "s/^$op //p" "$WORK/stats.calib" 2>/dev/null)
		printf '  %s %s' "$op" $((b - a - ${c:-0}))
	done
	echo
}
calibrate() {
	reset
	OVERHEAD=$(raw_since)
	for op in $OPS; do
		a=$(sed -n "s/^$op //p" "$WORK/stats.base")
		b=$(sed -n "s/^$op //p" "$WORK/stats.now")
		echo "$op $((b - a))"
	done >"$WORK/stats.calib"
}
now_ns() {
	date +%s%N
}
# time_ms CMD...: best of $ROUNDS runs, in milliseconds (3 decimals)
time_ms() {
	best=
	i=0
	while [ $i -lt "$ROUNDS" ]; do
		t0=$(now_ns)
		"$@" >/dev/null 2>&1
		t1=$(now_ns)
		d=$((t1 - t0))
		[ -z "$best" ] || [ $d -lt "$best" ] && best=$d
		i=$((i + 1))
	done
	echo "$best" | awk '{ printf "%.3f", $1 / 1e6 }'
}
stat_all() {
	find "$1" -mindepth 1 -print0 | xargs -0 stat >/dev/null
}

echo "source: $*"
# --- cold: a fresh mount, nothing cached
t0=$(now_ns)
start "$@"
t1=$(now_ns)
ready=$(echo $((t1 - t0)) | awk '{ printf "%.3f", $1 / 1e9 }')
echo "mount ready: $ready s (daemon start, load, mount)"
target "ready mount of $(basename "$1") ($(basename "$(dirname "$1")"))" "$ready s" "<= 0.5 s" "$(le "$ready" 0.5)"
entries=$(sed -n 's/^entries //p' "$MNT/.iokit/version")
reset
find "$MNT" -mindepth 1 >"$WORK/names"
cold_find=$(since)
ops=$(ops_since)
names=$(wc -l <"$WORK/names")
dirs=$(find "$MNT" -mindepth 1 -type d | wc -l)
echo "registry entries: $entries; names in the mount: $names; directories: $dirs"
per_entry=$(echo "$cold_find $entries" | awk '{ printf "%.2f", $1 / $2 }')
echo "cold find: $cold_find requests = $per_entry per registry entry, $(echo "$cold_find $names" | awk '{ printf "%.3f", $1 / $2 }') per name"
echo "$ops"
# The kernel reads a cold directory with 2 READDIRPLUS (the names with
# their attributes, then the end: FUSE has no end-of-directory flag), and
# the layout has one directory per (entry, plane) pair.
floor=$((2 * (dirs + 1)))	# + the mount root
echo "kernel floor: 2 READDIRPLUS x $((dirs + 1)) directories = $floor requests = $(echo "$floor $entries" | awk '{ printf "%.2f", $1 / $2 }') per registry entry ($(echo "$dirs $entries" | awk '{ printf "%.2f", $1 / $2 }') directories per entry: one per plane it is in)"
# No layout that keeps a directory per (entry, plane) can go below this:
# even if a leaf entry's directory listed nothing at all (not even "." and
# ".."), its first READDIRPLUS would be its end, 1 request; every other
# directory needs 2.
leaves=$(find "$MNT" -mindepth 1 -path "$MNT/.iokit" -prune -o -type d -print |
	awk '{ d[$0] = 1; n = $0; sub("/[^/]*$", "", n); parent[n] = 1 }
	     END { for (x in d) if (!(x in parent)) c++; print c + 0 }')
any_layout=$(( (dirs + 1) * 2 - leaves ))
echo "lowest for any layout with a directory per (entry, plane): $leaves leaf directories x 1 + $((dirs + 1 - leaves)) x 2 = $any_layout requests = $(echo "$any_layout $entries" | awk '{ printf "%.2f", $1 / $2 }') per registry entry"
target "cold find, requests per registry entry (kernel floor $(echo "$floor $entries" | awk '{ printf "%.2f", $1 / $2 }'), any layout >= $(echo "$any_layout $entries" | awk '{ printf "%.2f", $1 / $2 }'))" "$per_entry" "<= 1.5" "$(le "$per_entry" 1.5)"
above=$(echo "$cold_find $floor $entries" | awk '{ printf "%.3f", ($1 - $2) / $3 }')
target "cold find, requests above the kernel floor per registry entry" "$above" "<= 0.05" "$(le "$above" 0.05)"
stop
start "$@"
reset
ls -lR "$MNT" >/dev/null 2>&1
cold_ls=$(since)
echo "cold ls -lR: $cold_ls requests = $(echo "$cold_ls $entries" | awk '{ printf "%.2f", $1 / $2 }') per registry entry, $(echo "$cold_ls $names" | awk '{ printf "%.3f", $1 / $2 }') per name"
ops_since

# --- getfattr: one property
dir=$(find "$MNT" -mindepth 3 -maxdepth 3 -type d ! -name '.*' | head -1)
key=$(getfattr --absolute-names -d -m '^user\.' "$dir" | sed -n 's/^user\.\([A-Za-z0-9_]*\)=.*/\1/p' | head -1)
reset
getfattr --absolute-names -n "user.$key" "$dir" >/dev/null
n=$(since)
echo "getfattr -n user.$key: $n daemon request(s):$(ops_since)"
target "one property via getfattr (2 getxattr calls: size, value)" "$n requests" "1 per call" "$(le "$n" 2)"
reset
getfattr --absolute-names --only-values -n "user.$key" "$dir" >/dev/null
n=$(since)
echo "getfattr --only-values: $n daemon request(s)"
reset
getfattr --absolute-names -d "$dir" >/dev/null
n=$(since)
nkeys=$(getfattr --absolute-names -d "$dir" | grep -c '^user\.')
echo "getfattr -d ($nkeys properties): $n daemon requests"

# --- ioreg -l: requests per entry
if [ -x "$IOREG" ]; then
	reset
	IOKIT_ROOT=$MNT "$IOREG" -l -w0 >/dev/null 2>&1
	n=$(since)
	per=$(echo "$n $entries" | awk '{ printf "%.2f", $1 / $2 }')
	echo "ioreg -l: $n daemon requests = $per per registry entry"
	target "ioreg -l, requests per registry entry" "$per" "<= 2" "$(le "$per" 2)"
fi

# --- warm: the mount (caches filled) vs a tmpfs copy
cp -a "$MNT" "$COPY" 2>"$WORK/cp.log" || echo "note: cp -a reported $(wc -l <"$WORK/cp.log") errors"
find "$MNT" >/dev/null; ls -lR "$MNT" >/dev/null 2>&1; stat_all "$MNT"
printf '%-22s %12s %12s %8s\n' "warm" "mount ms" "tmpfs ms" "ratio"
for what in find ls-lR stat-all; do
	case $what in
	find) a=$(time_ms find "$MNT"); b=$(time_ms find "$COPY") ;;
	ls-lR) a=$(time_ms ls -lR "$MNT"); b=$(time_ms ls -lR "$COPY") ;;
	stat-all) a=$(time_ms stat_all "$MNT"); b=$(time_ms stat_all "$COPY") ;;
	esac
	r=$(echo "$a $b" | awk '{ printf "%.2f", $1 / $2 }')
	printf '%-22s %12s %12s %8s\n' "$what" "$a" "$b" "$r"
	echo "$what $r" >>"$WORK/warm"
done
while read -r what r; do
	target "warm $what vs tmpfs copy" "${r}x" "<= 1.5x" "$(le "$r" 1.5)"
done <"$WORK/warm"

reset
find "$MNT" >/dev/null
echo "warm find: $(since) daemon requests:$(ops_since)"
reset
ls -lR "$MNT" >/dev/null
echo "warm ls -lR: $(since) daemon requests:$(ops_since)"
grep -E '^(registry-bytes|inodes) ' "$MNT/.iokit/version" | tr '\n' ' '
echo
stop
