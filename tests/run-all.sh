#!/bin/sh
# The whole test suite, as CI runs it: installs what is missing, then
#  1. a normal build (warnings as errors) and `make check`,
#  2. an AddressSanitizer + UndefinedBehaviorSanitizer build and `make check`,
# and prints one closing line "N passed, N failed, N skipped".
#
# Mount tests need root and /dev/fuse, and most need the Mac dumps in
# ../shared/data (or IOKITFS_DATA_DIR); without them they are skipped (exit
# 77), counted as skipped and listed with their reason.  No test is rerun:
# a failure is a failure.
#
# Speed (2 cores): the plain build's tests run while the sanitizer build
# compiles (most mount tests wait on the daemon, not the CPU), and `make
# check` runs JOBS tests at once (default: twice the cores, as many tests
# spend their time waiting).  Each build directory keeps the duration of
# every test in test-durations.txt; the slowest are printed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
t0=$(date +%s)
# Test mounts present before the run are someone else's (another run on a
# shared machine): only new ones left behind count as failures.
mounts_before=$(grep -o ' /tmp/iokitfs-test[^ ]* ' /proc/mounts | sort)
sh tools/install-deps.sh --tests || exit 1
autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; exit 1; }
cores=$(nproc 2>/dev/null || echo 2)
JOBS=${JOBS:-$((cores * 2))}
# Check's per-test timeouts only guard against hangs: on a loaded machine
# under the sanitizer a slow test is not a failure.
CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-4}
export CK_TIMEOUT_MULTIPLIER

# The sanitizer flags: configure's switch where it has one.
if grep -q 'enable-sanitizers' configure.ac; then
	set -- --enable-sanitizers
else
	set -- CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined"
fi

# A LOG_COMPILER that notes how long each test took.
timer=$(mktemp)
trap 'rm -f "$timer"' EXIT
cat >"$timer" <<'EOF'
#!/bin/sh
s=$(date +%s%N)
"$@"
rc=$?
echo "$(( ($(date +%s%N) - s) / 1000000 )) ms $1 (exit $rc)" >>"$DURATIONS"
exit $rc
EOF
chmod +x "$timer"

# build NAME CONFIGURE_ARGS...: a fresh build directory, compiled.
build() {
	name=$1
	shift
	dir="$top/build/test-$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "=== $name build"
	if ! (cd "$dir" && "$top/configure" -q "$@" >/dev/null && make -j"$cores" -s >/dev/null 2>"$dir/build.err"); then
		echo "=== $name build FAILED"
		(cd "$dir" && make -s 2>&1 | tail -50)
		return 1
	fi
}

# check NAME: make check in its build directory (output in check.out).
check() {
	dir="$top/build/test-$1"
	: >"$dir/test-durations.txt"
	(cd "$dir" && DURATIONS="$dir/test-durations.txt" \
		make -j"$JOBS" -s check LOG_COMPILER="$timer" >"$dir/check.out" 2>&1)
	echo $? >"$dir/check.status"
}

passed=0
failed=0
skipped=0
# report NAME: counts and shows the results of a check.
report() {
	name=$1
	dir="$top/build/test-$name"
	echo "=== $name make check"
	grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR)' "$dir/check.out"
	p=$(grep -c '^PASS' "$dir/check.out")
	f=$(grep -cE '^(FAIL|ERROR|XPASS)' "$dir/check.out")
	s=$(grep -c '^SKIP' "$dir/check.out")
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	for t in $(sed -n 's/^SKIP: //p' "$dir/check.out"); do
		echo "  skipped $t: $(grep -m1 '^SKIP' "$dir/$t.log" 2>/dev/null | sed 's/^SKIP: //')"
	done
	echo "  slowest:"
	sort -rn "$dir/test-durations.txt" | head -5 | sed 's/^/    /'
	if [ "$(cat "$dir/check.status")" -ne 0 ]; then
		[ "$f" -gt 0 ] || failed=$((failed + 1))
		echo "=== $name: failing test logs"
		for log in $(grep -lE '^:test-result: (FAIL|ERROR)' $(find "$dir" -name '*.trs') 2>/dev/null); do
			echo "--- ${log%.trs}.log"
			tail -80 "${log%.trs}.log"
		done
		tail -30 "$dir/check.out"
	fi
}

if build plain --enable-werror; then
	check plain &
	plain_check=$!
else
	failed=$((failed + 1))
	plain_check=
fi
if build asan --enable-werror "$@"; then
	asan_ok=1
else
	failed=$((failed + 1))
	asan_ok=
fi
if [ -n "$plain_check" ]; then
	wait "$plain_check"
	report plain
fi
if [ -n "$asan_ok" ]; then
	check asan
	report asan
fi

# Leftover mounts from a test are a failure too (the tests mount under
# /tmp/iokitfs-test.*; a user's own mounts, e.g. /run/iokit, are not ours).
left=$(grep -o ' /tmp/iokitfs-test[^ ]* ' /proc/mounts | sort | while read -r m; do
	printf '%s\n' "$mounts_before" | grep -qxF " $m " || echo "$m"
done)
if [ -n "$left" ]; then
	echo "leftover test mounts:"
	echo "$left"
	failed=$((failed + 1))
fi
elapsed=$(( $(date +%s) - t0 ))
printf 'seconds %s\ncores %s\ndate %s\n' "$elapsed" "$cores" "$(date -u +%Y-%m-%dT%H:%MZ)" \
	>"$top/build/suite-time.txt"	# bench/run.sh reports it
echo "suite time: $elapsed s"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
