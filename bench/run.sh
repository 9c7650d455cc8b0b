#!/bin/sh
# Runs every benchmark against a build directory and prints their figures:
#   sh bench/run.sh BUILD_DIR
# Ratios are against baselines measured in the same run (see each program).
set -u
build=${1:-$(pwd)}
here=$(cd "$(dirname "$0")" && pwd)
data=${IOKITFS_DATA_DIR:-$here/../../shared/data}
[ -d "$data" ] || data=/work/shared/data
echo "== load time and memory per dump (bench_load)"
"$build/bench/bench_load" 10 "$data"
echo "== live Linux source: this machine and a 10,000-device fixture (bench_linux)"
(cd "$here/.." && "$build/bench/bench_linux" 10000)
if [ -x "$build/bench/bench_match" ]; then
	echo "== matching in a 100,000-entry registry (bench_match)"
	"$build/bench/bench_match"
fi
echo "== PCI enumeration + vendor-id reads: libIOKit vs libudev (bench_pci)"
mnt=$(mktemp -d /tmp/iokitfs-bench-pci.XXXXXX)
if "$build/fs/iokitfs" linux "$mnt"; then
	IOKIT_ROOT=$mnt "$build/bench/bench_pci" 200
	fusermount3 -u "$mnt"
fi
rmdir "$mnt"
echo "== browsing vs tmpfs, requests per entry (bench_browse.sh)"
IOKITFS="$build/fs/iokitfs" IOKITFS_DATA_DIR="$data" sh "$here/bench_browse.sh"
echo "== load: 32 clients x ${BENCH_CLIENT_SECONDS:-60} s on a dump and on live (bench_clients.sh)"; sh "$here/bench_clients.sh" "$build" "$data" "${BENCH_CLIENT_SECONDS:-60}"
