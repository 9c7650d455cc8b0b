#!/bin/sh
# Runs every benchmark against a build directory and prints their figures,
# then every target of the design brief that they measure, as a figure
# against its target:
#   sh bench/run.sh BUILD_DIR
# Ratios are against baselines measured in the same run (see each program).
# Needs root and /dev/fuse for the mount benchmarks.
#
# The closing "targets" table is built from lines "target: WHAT | MEASURED
# | TARGET | ok or MISSED" that the benchmarks print (bench_browse.sh) or
# that this script derives from their output (add_target); a benchmark
# added later adds its line the same way.
set -u
build=${1:-$(pwd)}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# The real Mac dumps: IOKITFS_DATA_DIR, else ../shared/data beside the
# repository.  Without them the dump benchmarks are skipped, each saying so
# and counted at the end (the live and synthetic ones still run).
data=${IOKITFS_DATA_DIR:-$here/../../shared/data}
out=$(mktemp -d /tmp/iokitfs-bench-run.XXXXXX)
trap 'rm -rf "$out"' EXIT
SKIPPED=0
# skip_bench WHAT REASON: says so, counts it, and lists it with the targets.
skip_bench() {
	echo "SKIP: $1: $2"
	SKIPPED=$((SKIPPED + 1))
	echo "target: $1 | not measured | $2 | SKIPPED" >>"$out/skipped"
}
if [ -d "$data" ]; then
	data=$(cd "$data" && pwd)
	have_data=1
else
	have_data=0
	echo "note: no Mac dumps in $data (set IOKITFS_DATA_DIR): the dump benchmarks are skipped"
fi
# sim_device and write_drivers (the drivers file of the user-client benchmark)
. "$here/../tests/integration/lib.sh"
TARGETS=$out/targets
: >"$TARGETS"

# add_target WHAT MEASURED TARGET OK(1/0)
add_target() {
	if [ "$4" = 1 ]; then v=ok; else v=MISSED; fi
	echo "target: $1 | $2 | $3 | $v" >>"$TARGETS"
}
# le A B: 1 when A <= B (decimals)
le() {
	echo "$1 $2" | awk '{ print ($1 <= $2) ? 1 : 0 }'
}
# run NAME CMD...: runs a benchmark, shows and keeps its output.
run() {
	name=$1
	shift
	"$@" 2>&1 | tee "$out/$name"
}

echo "== load time and memory per dump (bench_load)"
if [ "$have_data" = 1 ]; then
	run load "$build/bench/bench_load" 10 "$data"
else
	skip_bench "dump load time and memory (bench_load)" "no dumps in $data"
	: >"$out/load"
fi
awk '$1 ~ /registry.ioreg|MacBookPro15/ && $NF ~ /^[0-9.]+$/ { print $(NF-1); exit }' "$out/load" >"$out/bpe"
[ -s "$out/bpe" ] && add_target "memory per entry, MacBookPro15,1 archive (linear in entries)" \
	"$(cat "$out/bpe") B" "report" 1

echo "== live Linux source: this machine and a 10,000-device fixture (bench_linux)"
(cd "$here/.." && run linux "$build/bench/bench_linux" 10000)
grep '^target: ' "$out/linux" >>"$TARGETS"	# load and rescan, with their floors

if [ -x "$build/bench/bench_match" ]; then
	echo "== matching in a 100,000-entry registry (bench_match)"
	run match "$build/bench/bench_match"
	for what in "class BenchTarget" "class IOService (everything)" "IONameMatch dev4242" \
		"IONameMatch pci8086,1b5f (compatible)" "IOPropertyMatch {Index=4242}"; do
		ms=$(grep -F "$what " "$out/match" | head -1 | sed -n 's/.* \([0-9.]*\) ms\/match.*/\1/p')
		[ -n "$ms" ] && add_target "matching over 100,000 entries: $what" "$ms ms" "<= 2 ms" \
			"$(le "$ms" 2)"
	done
fi

echo "== PCI enumeration + vendor-id reads: libIOKit vs libudev (bench_pci)"
mnt=$(mktemp -d /tmp/iokitfs-bench-pci.XXXXXX)
if "$build/fs/iokitfs" linux "$mnt"; then
	IOKIT_ROOT=$mnt run pci "$build/bench/bench_pci" 200
	fusermount3 -u "$mnt"
	r=$(sed -n 's/^ratio libIOKit\/libudev: \([0-9.]*\).*/\1/p' "$out/pci")
	req=$(sed -n 's/.*(\([0-9]*\) daemon requests).*/\1/p' "$out/pci")
	[ -n "$r" ] && add_target "PCI enumeration + vendor-id reads, libIOKit / libudev (${req:-?} requests)" \
		"${r}x" "<= 1.0x" "$(le "$r" 1.0)"
fi
rmdir "$mnt"

echo "== user clients: requests per call, mapped memory (bench_connect)"
if [ -x "$build/bench/bench_connect" ]; then
	write_drivers "$out/drivers.plist" \
		"$(sim_device SimDevice 1 '<key>Regions</key><array><integer>1048576</integer></array>')"
	mkdir -p "$out/sys" "$out/mnt"
	bash "$here/../tests/fixtures/make_sysfs_fixture.sh" "$out/sys" >/dev/null
	if "$build/fs/iokitfs" -o drivers="$out/drivers.plist" --sysfs-root "$out/sys" linux \
		"$out/mnt"; then
		IOKIT_ROOT=$out/mnt run connect "$build/bench/bench_connect" 20000
		fusermount3 -u "$out/mnt"
		n=$(sed -n 's/^requests per IOConnectCallStructMethod: \([0-9.]*\).*/\1/p' "$out/connect")
		[ -n "$n" ] && add_target "IOConnectCallStructMethod, daemon requests per call" "$n" "1" \
			"$(le "$n" 1.001)"
		r=$(sed -n 's/^ratio plain\/mapped: \([0-9.]*\)x.*/\1/p' "$out/connect")
		[ -n "$r" ] && add_target "loads+stores via IOConnectMapMemory64 vs plain memfd" "${r}x" \
			"<= 1.2x" "$(le "$r" 1.2)"
	fi
fi

echo "== browsing vs tmpfs, requests per entry, ioreg -l (bench_browse.sh)"
if [ "$have_data" = 1 ]; then
	IOKITFS="$build/fs/iokitfs" IOREG="$build/tools/ioreg" IOKITFS_DATA_DIR="$data" \
		run browse sh "$here/bench_browse.sh"
	grep '^target: ' "$out/browse" >>"$TARGETS"
else
	skip_bench "browsing a dump vs tmpfs (bench_browse.sh)" "no dumps in $data"
fi

echo "== load: 32 clients x ${BENCH_CLIENT_SECONDS:-60} s on a dump and on live (bench_clients.sh)"
[ "$have_data" = 1 ] ||
	skip_bench "32 clients on a dump (bench_clients.sh; live still runs)" "no dumps in $data"
sh "$here/bench_clients.sh" "$build" "$([ "$have_data" = 1 ] && echo "$data")" \
	"${BENCH_CLIENT_SECONDS:-60}"

# The suite's time is measured by tests/run-all.sh itself (25 minutes of
# tests have no place in a benchmark run): its last figure, if any.
suite=$here/../build/suite-time.txt
if [ -r "$suite" ]; then
	s=$(sed -n 's/^seconds \([0-9]*\).*/\1/p' "$suite")
	add_target "sh tests/run-all.sh on $(sed -n 's/^cores \([0-9]*\).*/\1/p' "$suite") cores (last run, $(sed -n 's/^date //p' "$suite"))" \
		"$s s" "<= 600 s" "$(le "$s" 600)"
fi


echo
echo "== targets (design brief, section 4)"
[ -s "$out/skipped" ] && cat "$out/skipped" >>"$TARGETS"
sed 's/^target: //' "$TARGETS" | awk -F' [|] ' '{ printf "%-7s %-70s %-22s %s\n", $4, $1, $2, $3 }'
echo "skipped benchmarks: $SKIPPED"
