#!/bin/sh
# Installs dependencies, builds, installs, and mounts this machine's
# registry at /run/iokit (the default place libIOKit looks).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh tools/install-deps.sh
autoreconf -fi
mkdir -p build/release
cd build/release
"$top/configure" -q
make -j2 -s
make -s install
ldconfig
mkdir -p /run/iokit
if mountpoint -q /run/iokit; then
	fusermount3 -u /run/iokit || umount -l /run/iokit
fi
iokitfs -o allow_other linux /run/iokit
echo "mounted this machine's I/O Registry at /run/iokit:"
ls /run/iokit
