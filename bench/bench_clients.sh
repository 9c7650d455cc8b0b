#!/bin/sh
# bench_clients on a dump and on the live source: mounts each, runs
# 32 clients for SECONDS, unmounts.
#   sh bench/bench_clients.sh BUILD_DIR DATA_DIR [SECONDS=60] [CLIENTS=32]
# An empty DATA_DIR (no Mac dumps) skips the dump run, saying so.
set -u
build=$1 data=$2 secs=${3:-60} clients=${4:-32}
run() {
	label=$1
	shift
	mnt=$(mktemp -d /tmp/iokitfs-bench-clients.XXXXXX)
	"$build/fs/iokitfs" -f "$@" "$mnt" 2>/dev/null &
	pid=$!
	n=0
	until [ -e "$mnt/.iokit/control" ] || [ $n -gt 100 ]; do sleep 0.1; n=$((n + 1)); done
	echo "-- $label"
	IOKIT_ROOT=$mnt "$build/bench/bench_clients" "$pid" "$clients" "$secs"
	fusermount3 -u "$mnt"
	wait "$pid" 2>/dev/null
	rmdir "$mnt"
}
if [ -n "$data" ] && [ -r "$data/macbookpro15-1/registry.ioreg" ]; then
	run "dump (MacBookPro15,1 archive)" "$data/macbookpro15-1/registry.ioreg"
elif [ -z "$data" ]; then
	echo "SKIP: dump (MacBookPro15,1 archive): no Mac dumps (set IOKITFS_DATA_DIR)"
else
	echo "SKIP: dump (MacBookPro15,1 archive): $data/macbookpro15-1/registry.ioreg absent"
fi
run "live (this machine)" linux
