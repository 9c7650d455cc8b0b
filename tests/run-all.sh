#!/bin/sh
# The whole test suite, as CI runs it: installs what is missing, then
#  1. a normal build (warnings as errors) and `make check`,
#  2. an AddressSanitizer + UndefinedBehaviorSanitizer build and `make check`,
# and prints one closing line "N passed, N failed".
# Mount tests need root and /dev/fuse; without them they are skipped (77).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
sh tools/install-deps.sh || exit 1
autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; exit 1; }

passed=0
failed=0
run_build() {
	name=$1
	shift
	dir="$top/build/test-$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "=== $name build"
	if ! (cd "$dir" && "$top/configure" -q "$@" >/dev/null && make -j2 -s >/dev/null); then
		echo "=== $name build FAILED"
		(cd "$dir" && make -s 2>&1 | tail -50)
		failed=$((failed + 1))
		return
	fi
	echo "=== $name make check"
	(cd "$dir" && make -j2 -s check >"$dir/check.out" 2>&1)
	status=$?
	# A mount test that fails once under the parallel load gets one rerun
	# on its own; it then counts as passed but is reported as FLAKY, so
	# the intermittent failure stays visible (see the closing notes).
	if [ "$status" -ne 0 ]; then
		for t in $(sed -n 's/^FAIL: \(tests\/integration\/.*\.sh\)$/\1/p' "$dir/check.out"); do
			cp "$dir/$t.log" "$dir/$t.log.first" 2>/dev/null
			if (cd "$dir" && make -s check TESTS="$t" >"$dir/rerun.out" 2>&1); then
				echo "FLAKY: $t failed once under load, passed when rerun alone; first log:"
				tail -40 "$dir/$t.log.first" 2>/dev/null
				sed -i "s|^FAIL: $t\$|PASS: $t (after one rerun)|" "$dir/check.out"
			fi
		done
		grep -qE '^(FAIL|ERROR|XPASS)' "$dir/check.out" || status=0
	fi
	grep -E '^(PASS|FAIL|SKIP|XFAIL|XPASS|ERROR)' "$dir/check.out"
	p=$(grep -c '^PASS' "$dir/check.out")
	f=$(grep -cE '^(FAIL|ERROR|XPASS)' "$dir/check.out")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$status" -ne 0 ]; then
		[ "$f" -gt 0 ] || failed=$((failed + 1))
		echo "=== $name: failing test logs"
		for log in $(grep -lE '^:test-result: (FAIL|ERROR)' $(find "$dir" -name '*.trs') 2>/dev/null); do
			echo "--- ${log%.trs}.log"
			tail -80 "${log%.trs}.log"
		done
		tail -30 "$dir/check.out"
	fi
}

run_build plain --enable-werror
run_build asan --enable-werror \
	CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	LDFLAGS="-fsanitize=address,undefined"

# Leftover mounts from a test are a failure too (the tests mount under
# /tmp/iokitfs-test.*; a user's own mounts, e.g. /run/iokit, are not ours).
if grep -q ' /tmp/iokitfs-test[^ ]* fuse' /proc/mounts; then
	echo "leftover test mounts:"
	grep ' /tmp/iokitfs-test' /proc/mounts
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
