#!/bin/sh
# Runs inside a fresh Debian 12 tree (tests/slow/packages.sh): installs only
# the declared build-dependencies and builds the binary packages from this
# clean clone.  The .debs land in the clone's parent directory.
set -u
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || { echo "FAIL: apt-get update"; exit 1; }
apt-get install -y -qq --no-install-recommends dpkg-dev >/dev/null ||
	{ echo "FAIL: install dpkg-dev"; exit 1; }
if apt-get build-dep -y -qq ./ >/tmp/build-dep.log 2>&1; then
	echo "ok: apt-get build-dep ./ installs the declared build-dependencies"
else
	tail -n 20 /tmp/build-dep.log | sed 's/^/  | /'
	echo "FAIL: apt-get build-dep ./"
	exit 1
fi
if DEB_BUILD_OPTIONS=parallel=2 nice dpkg-buildpackage -us -uc -b >/tmp/build.log 2>&1; then
	echo "ok: dpkg-buildpackage -us -uc -b in a clean clone (unit and fuzz tests passed)"
else
	tail -n 60 /tmp/build.log | sed 's/^/  | /'
	echo "FAIL: dpkg-buildpackage -us -uc -b"
	exit 1
fi
grep -E '^(# (PASS|FAIL|SKIP|ERROR):)' /tmp/build.log | tr '\n' ' ' | sed 's/^/note: build-time tests: /; s/$/\n/'
