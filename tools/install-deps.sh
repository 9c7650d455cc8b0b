#!/bin/sh
# Installs what iokitfs needs to build, run and test on Debian 12.
#   install-deps.sh          build and run (tools/quickstart.sh)
#   install-deps.sh --tests  also the tools some tests drive (tests/run-all.sh):
#                            without them those tests are skipped, counted
set -e
pkgs="build-essential autoconf automake libtool pkg-config fuse3 libfuse3-dev
libtalloc-dev check libplist-dev libudev-dev libncurses-dev attr util-linux
procps python3 libarchive-dev rsync"
# valgrind: the API test under memcheck; systemd: systemd-analyze verify of
# the units; bash-completion: the completion test; lintian, git, dpkg-dev:
# the debian/ checks.
[ "${1:-}" = --tests ] && pkgs="$pkgs valgrind systemd bash-completion lintian git dpkg-dev"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi
