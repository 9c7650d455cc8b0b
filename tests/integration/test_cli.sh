#!/bin/sh
# The command lines a new user gets wrong, and what they are told: every
# refusal of iokitfs (its one-line message and exit status 2), load errors
# with file:line (exit 1), --check checking every option, --version and
# --help, /dev/fuse without access, and the messages of ioreg, libIOKit,
# mount.iokitfs and the daemon's log (AppleSMC without -o smc, a bad
# property value) - see docs/cli.md.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro15-1/registry.ioreg macbookpro12-1/IOReg.txt \
	macbookpro12-1/IORegDT.txt macbookpro12-1/SMC-keys.txt macbook8-1/IORegDT.txt
setup

BUILD=${abs_top_builddir:-$REPO_DIR}
IOREG=$BUILD/tools/ioreg
[ -x "$IOREG" ] || skip "$IOREG not built"
D12=$IOKITFS_DATA_DIR/macbookpro12-1
A15=$IOKITFS_DATA_DIR/macbookpro15-1/registry.ioreg
AIR=$IOKITFS_DATA_DIR/macbook8-1

# run NAME CMD...: runs CMD, leaving its exit status in RC and its stderr
# in $WORK/NAME.err (stdout in $WORK/NAME.out).
run() {
	name=$1
	shift
	"$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
	RC=$?
}

# refused DESC STATUS PATTERN CMD...: CMD exits STATUS and its stderr's
# first line matches PATTERN (grep -E); the message is one line.
refused() {
	desc=$1 want=$2 pattern=$3
	shift 3
	run refusal "$@"
	expect_eq "$desc: exit status" "$want" "$RC"
	if head -1 "$WORK/refusal.err" | grep -qE -- "$pattern"; then
		pass "$desc: says [$(head -1 "$WORK/refusal.err" | cut -c1-100)...]"
	else
		fail "$desc: expected /$pattern/, got [$(cat "$WORK/refusal.err")]"
	fi
}

not_mounted() {
	if grep -q " $1 " /proc/mounts; then
		fail "$2: something got mounted on $1"
	else
		pass "$2: nothing mounted"
	fi
}

# ---- the mount point ----
cp "$A15" "$WORK/registry.ioreg"
refused "dump without a mount point" 2 \
	"registry.ioreg is a registry dump, not a mount point: give the mount point last" \
	"$IOKITFS" "$WORK/registry.ioreg"
not_mounted "$WORK/registry.ioreg" "dump without a mount point"
check "the dump is still readable" cmp -s "$A15" "$WORK/registry.ioreg"
refused "--list without --check" 2 "--list only goes with --check" \
	"$IOKITFS" --list "$WORK/registry.ioreg"
not_mounted "$WORK/registry.ioreg" "--list without --check"
echo "some text" >"$WORK/afile"
refused "a file as mount point" 2 "mount point .*afile is not a directory" \
	"$IOKITFS" "$A15" "$WORK/afile"
check "stat afile still works" sh -c "stat '$WORK/afile' >/dev/null"
refused "a missing mount point" 2 "mount point .*nodir does not exist: create it first \(mkdir -p" \
	"$IOKITFS" "$A15" "$WORK/nodir"
refused "no arguments" 2 "no mount point given" "$IOKITFS"
refused "linux without a mount point" 2 "linux is a source, not a mount point: give the mount point last" \
	"$IOKITFS" linux
refused "PLANE=FILE last" 2 "IODeviceTree=.*IORegDT.txt is a source, not a mount point" \
	"$IOKITFS" "$D12/IOReg.txt" "IODeviceTree=$D12/IORegDT.txt"
mkdir -p "$WORK/full"
touch "$WORK/full/x"
refused "a non-empty directory" 2 "is not empty \(it holds x\).*-o nonempty" \
	"$IOKITFS" "$A15" "$WORK/full"
MOUNTS="$MOUNTS $WORK/full $WORK/m $WORK/tmpfs"
run nonempty "$IOKITFS" -o nonempty "$A15" "$WORK/full"
expect_eq "-o nonempty mounts anyway" 0 "$RC"
check "... and the mount is there" test -d "$WORK/full/IOService"
refused "an existing iokitfs mount" 2 "is already an iokitfs mount: unmount it first \(fusermount3 -u" \
	"$IOKITFS" -o nonempty "$A15" "$WORK/full"
fusermount3 -u "$WORK/full"
mount_fs "$WORK/dead" "$A15"
kill -9 "$LAST_PID"
wait "$LAST_PID" 2>/dev/null
refused "a mount whose daemon died" 2 "is a FUSE mount whose daemon died: unmount it first \(fusermount3 -u" \
	"$IOKITFS" "$A15" "$WORK/dead"
fusermount3 -u "$WORK/dead" 2>/dev/null || fusermount3 -uz "$WORK/dead"
mkdir -p "$WORK/tmpfs"
if mount -t tmpfs tmpfs "$WORK/tmpfs" 2>/dev/null; then
	refused "another file system's mount point" 2 "is already a mount point \(tmpfs\).*-o nonempty" \
		"$IOKITFS" "$A15" "$WORK/tmpfs"
	run overmount "$IOKITFS" -o nonempty "$A15" "$WORK/tmpfs"
	expect_eq "-o nonempty mounts on top of it" 0 "$RC"
	fusermount3 -u "$WORK/tmpfs"
	umount "$WORK/tmpfs"
else
	echo "SKIP: no tmpfs mount here (the stacking check on another file system)"
fi

# ---- options ----
mkdir -p "$WORK/m"
refused "an unknown -o option" 2 "unknown option" "$IOKITFS" -o bogus "$A15" "$WORK/m"
check "... with a pointer to --help" grep -q "Try '.*--help'" "$WORK/refusal.err"
refused "an unknown option" 2 "unknown option" "$IOKITFS" --bogus "$A15" "$WORK/m"
refused "ro and rw" 2 "-o ro and -o rw contradict each other" "$IOKITFS" -o ro,rw "$A15" "$WORK/m"
refused "a negative timeout" 2 "timeout=-1: must not be negative" \
	"$IOKITFS" -o timeout=-1 "$A15" "$WORK/m"
not_mounted "$WORK/m" "refused options"

# ---- planes and machines ----
refused "a plane typo" 2 'unknown plane "IODevicetree": did you mean IODeviceTree\?.*-o anyplane' \
	"$IOKITFS" --check "$D12/IOReg.txt" "IODevicetree=$D12/IORegDT.txt"
refused "a plane typo when mounting" 2 'unknown plane "IODevicetree"' \
	"$IOKITFS" "$D12/IOReg.txt" "IODevicetree=$D12/IORegDT.txt" "$WORK/m"
not_mounted "$WORK/m" "a plane typo"
refused "an unknown plane" 2 'unknown plane "Bogus": macOS.s planes are' \
	"$IOKITFS" --check "Bogus=$D12/IORegDT.txt"
run anyplane "$IOKITFS" --check -o anyplane "$D12/IOReg.txt" "IODevicetree=$D12/IORegDT.txt"
expect_eq "-o anyplane accepts the new plane" 0 "$RC"
check "... which then exists" grep -q "IODevicetree" "$WORK/anyplane.out"
refused "dumps of two Macs" 2 "come from different machines \(IOPlatformUUID .* and .*\).*-o mixed" \
	"$IOKITFS" --check "$D12/IOReg.txt" "IODeviceTree=$AIR/IORegDT.txt"
refused "dumps of two Macs when mounting" 2 "come from different machines" \
	"$IOKITFS" "$D12/IOReg.txt" "IODeviceTree=$AIR/IORegDT.txt" "$WORK/m"
not_mounted "$WORK/m" "dumps of two Macs"
run mixed "$IOKITFS" --check -o mixed "$D12/IOReg.txt" "IODeviceTree=$AIR/IORegDT.txt"
expect_eq "-o mixed merges them" 0 "$RC"
run same "$IOKITFS" --check "$D12/IOReg.txt" "IODeviceTree=$D12/IORegDT.txt"
expect_eq "two files of one Mac load" 0 "$RC"

# ---- --check checks every option; errors name file:line ----
printf '  #KEY  [ui32]  2 (bytes 00 00 00 02)\n  ABCD  [ui8 ]  1 (bytes 0g)\n' >"$WORK/bad.txt"
refused "--check -o smc=bad file" 1 "^iokitfs: -o smc: .*bad.txt:2: bad hex byte" \
	"$IOKITFS" --check -o smc="$WORK/bad.txt" "$A15"
printf '  ABCD  [ui8 ]  (bytes 01)\n\n  ABCD  [ui8 ]  (bytes 02)\n' >"$WORK/dup.txt"
refused "a duplicate SMC key" 1 "dup.txt:3: duplicate key 'ABCD' \(key #2; first on line 1\)" \
	"$IOKITFS" --check -o smc="$WORK/dup.txt" "$A15"
refused "--check -o drivers=missing file" 1 "^iokitfs: -o drivers: .*missing.plist: No such file" \
	"$IOKITFS" --check -o drivers="$WORK/missing.plist" "$A15"
printf '<?xml version="1.0"?>\n<plist version="1.0">\n<array>\n<dict><key>driver</key>\n<strin>x</string></dict>\n</array>\n</plist>\n' >"$WORK/bad.plist"
refused "a drivers file with a syntax error" 1 "^iokitfs: -o drivers: .*bad.plist:5: unknown tag <strin>" \
	"$IOKITFS" --check -o drivers="$WORK/bad.plist" "$A15"
refused "--check -o with an option libfuse rejects" 2 "unknown option" \
	"$IOKITFS" --check -o allow_other,bogus "$A15"
run goodsmc "$IOKITFS" --check -o smc="$D12/SMC-keys.txt" "$A15"
expect_eq "--check -o smc=good file" 0 "$RC"
printf '+-o Root  <class IORegistryEntry, id 0x100000100, retain 1>\n  +-o A  <class IOService, id 0x100000101>\n    {\n      "k" = <0g>\n' >"$WORK/bad.ioreg.txt"
refused "a bad text dump (--strict)" 1 "bad.ioreg.txt:[0-9]+: " "$IOKITFS" --check --strict "$WORK/bad.ioreg.txt"
refused "--check without a source" 2 "--check needs a SOURCE" "$IOKITFS" --check

# ---- --version, --help ----
run version "$IOKITFS" --version
expect_eq "--version exits 0" 0 "$RC"
check "--version names iokitfs and libfuse" grep -qE '^iokitfs [0-9.]+ \(libfuse [0-9.]+\)$' "$WORK/version.out"
# Every printed version is configure.ac's (config.h's PACKAGE_VERSION).
VERSION=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$BUILD/config.h")
check "config.h has a PACKAGE_VERSION" test -n "$VERSION"
expect_eq "--version is configure's version" "iokitfs $VERSION" \
	"$(sed 's/ (libfuse.*//' "$WORK/version.out")"
for tool in iokit-diff iokit-html; do
	if [ -x "$BUILD/tools/$tool" ]; then
		expect_eq "$tool --version is configure's version" "$tool (iokitfs) $VERSION" \
			"$("$BUILD/tools/$tool" --version)"
	else
		fail "$BUILD/tools/$tool not built"
	fi
done
for page in "$REPO_DIR"/docs/man/*.[0-9]; do
	check "$(basename "$page") names iokitfs $VERSION" \
		grep -q "^\.TH .* \"iokitfs $VERSION\"" "$page"
done
run help "$IOKITFS" --help
expect_eq "--help exits 0" 0 "$RC"
check "--help shows the usage and the exit status" \
	sh -c "grep -q '^usage: ' '$WORK/help.out' && grep -q '^Exit status: ' '$WORK/help.out'"
check "--help lists -o nonempty, anyplane, mixed" \
	sh -c "grep -q 'nonempty' '$WORK/help.out' && grep -q 'anyplane' '$WORK/help.out' && grep -q 'mixed' '$WORK/help.out'"

# ---- a user who may not open /dev/fuse ----
if command -v unshare >/dev/null && command -v setpriv >/dev/null &&
	unshare -m true 2>/dev/null; then
	: >"$WORK/nofuse"
	chmod 600 "$WORK/nofuse"
	mkdir -p "$WORK/usermnt"
	chmod 777 "$WORK/usermnt"
	chmod 755 "$WORK"
	cp "$A15" "$WORK/user.ioreg"
	chmod 644 "$WORK/user.ioreg"
	run nofuse unshare -m sh -c "mount --bind '$WORK/nofuse' /dev/fuse &&
		exec setpriv --reuid=65534 --regid=65534 --clear-groups '$IOKITFS' '$WORK/user.ioreg' '$WORK/usermnt'"
	expect_eq "no access to /dev/fuse: exit status" 1 "$RC"
	check "no access to /dev/fuse: explained" \
		grep -q "cannot open /dev/fuse (Permission denied): mount as root, or ask root" "$WORK/nofuse.err"
else
	echo "SKIP: unshare/setpriv unavailable (the /dev/fuse access check)"
fi

# ---- ioreg and libIOKit without a mount ----
run ioreg_none env IOKIT_ROOT="$WORK" "$IOREG"
expect_eq "ioreg without a mount exits 1" 1 "$RC"
check "ioreg keeps macOS's line" grep -qx "ioreg: error: can't obtain I/O Kit's root service." "$WORK/ioreg_none.err"
check "ioreg names IOKIT_ROOT and how to mount" \
	grep -qx "ioreg: IOKIT_ROOT=$WORK is not an iokitfs mount (mount one: iokitfs \[SOURCE\] $WORK)." \
	"$WORK/ioreg_none.err"
run ioreg_bad "$IOREG" -Z
expect_eq "ioreg -Z exits 1 (as macOS's)" 1 "$RC"
check "ioreg -Z names the option, then the usage" \
	sh -c "head -1 '$WORK/ioreg_bad.err' | grep -qx 'ioreg: unknown option -Z' && grep -q '^usage: ioreg' '$WORK/ioreg_bad.err'"
run ioreg_w "$IOREG" -w x
check "ioreg -w x is refused" sh -c "[ $RC = 1 ] && grep -q 'ioreg: -w needs a number, not \"x\"' '$WORK/ioreg_w.err'"
run ioreg_arg "$IOREG" stray
check "ioreg with a stray argument is refused" sh -c "[ $RC = 1 ] && grep -q 'unexpected argument \"stray\"' '$WORK/ioreg_arg.err'"
run ioreg_help "$IOREG" --help
check "ioreg --help: the usage on stdout, exit 0" sh -c "[ $RC = 0 ] && grep -q '^usage: ioreg' '$WORK/ioreg_help.out'"

UUID_TOOL=$BUILD/docs/examples/platform_uuid
if [ -x "$UUID_TOOL" ]; then
	run lib_none env IOKIT_ROOT="$WORK" "$UUID_TOOL"
	expect_eq "libIOKit: one explaining line, once" 1 "$(grep -c '^libIOKit: ' "$WORK/lib_none.err")"
	check "libIOKit: the line says what to do" \
		grep -q "^libIOKit: IOKIT_ROOT=$WORK is not an iokitfs mount (mount one: iokitfs \[SOURCE\] $WORK); IOKIT_QUIET=1 silences this" \
		"$WORK/lib_none.err"
	run lib_quiet env IOKIT_ROOT="$WORK" IOKIT_QUIET=1 "$UUID_TOOL"
	expect_eq "libIOKit: IOKIT_QUIET=1 silences it" 0 "$(grep -c '^libIOKit: ' "$WORK/lib_quiet.err")"
else
	fail "$UUID_TOOL not built"
fi

# ---- mount.iokitfs ----
run helper "$REPO_DIR/mount-helpers/mount.iokitfs"
check "mount.iokitfs without arguments: usage, exit 1" \
	sh -c "[ $RC = 1 ] && grep -q '^usage: mount.iokitfs SOURCE MOUNTPOINT' '$WORK/helper.err'"
run helper_help "$REPO_DIR/mount-helpers/mount.iokitfs" --help
check "mount.iokitfs --help: usage on stdout, exit 0" \
	sh -c "[ $RC = 0 ] && grep -q '^usage: mount.iokitfs' '$WORK/helper_help.out'"
run helper_dump env IOKITFS="$IOKITFS" "$REPO_DIR/mount-helpers/mount.iokitfs" "$A15" "$WORK/afile"
expect_eq "mount.iokitfs passes iokitfs's refusal on" 2 "$RC"

# ---- the daemon's log: AppleSMC without -o smc, a bad property value ----
SMC_TOOL=$BUILD/docs/examples/smc_tool
mount_fs "$WORK/smc" -o rw "$A15"
expect_eq ".iokit/version names configure's version" "iokitfs $VERSION" \
	"$(head -1 "$WORK/smc/.iokit/version")"
if [ -x "$SMC_TOOL" ]; then
	run smc env IOKIT_ROOT="$WORK/smc" "$SMC_TOOL" -l
	check "IOServiceOpen on AppleSMC fails without -o smc" grep -q "IOServiceOpen: 0xe00002c7" "$WORK/smc.err"
	check "the daemon's log says to add -o smc=FILE" \
		grep -q "IOServiceOpen on AppleSMC (0x[0-9a-f]*): no SMC keys to answer with: mount with -o smc=FILE" \
		"$WORK/daemon.log"
else
	fail "$SMC_TOOL not built"
fi
run ioreg_plane env IOKIT_ROOT="$WORK/smc" "$IOREG" -p IODevicetree
expect_eq "ioreg -p with a wrong plane: only Root, as macOS's" 1 "$(grep -c '^+-o ' "$WORK/ioreg_plane.out")"
check "... and stderr names the planes there are" \
	grep -q "^ioreg: no plane named IODevicetree; the registry's planes:.* IODeviceTree" "$WORK/ioreg_plane.err"
PE=$WORK/smc/IOService/MacBookPro15,1
setfattr -n user.Count -v 7 "$PE"
setfattr -n user.Count -v 0x2a "$PE" 2>"$WORK/setfattr.err"
expect_eq "setfattr -v 0x2a on a number: EINVAL" "setfattr: $PE: Invalid argument" "$(cat "$WORK/setfattr.err")"
check "the daemon's log says what was expected" \
	grep -q "uid 0: set MacBookPro15,1 (0x[0-9a-f]*) user.Count: expected a number (32-bit" "$WORK/daemon.log"
check ".iokit/lasterror says it to the caller" \
	grep -q "^set MacBookPro15,1 (0x[0-9a-f]*) user.Count: expected a number" "$WORK/smc/.iokit/lasterror"
setfattr -n user.Count -v -1 "$PE" 2>/dev/null
check "setfattr -v -1 is refused, not wrapped" \
	grep -q "negative numbers are refused.*-1 would read back as 4294967295" "$WORK/smc/.iokit/lasterror"
expect_eq "... and the value is unchanged" 7 "$(getfattr --absolute-names -n user.Count --only-values "$PE")"
unmount_fs "$WORK/smc"

# Another user reads only their own last error.
mount_fs "$WORK/shared" -o rw,allow_other "$A15"
setfattr -n user.Count -v 7 "$WORK/shared/IOService/MacBookPro15,1"
setfattr -n user.Count -v x "$WORK/shared/IOService/MacBookPro15,1" 2>/dev/null
check "root's lasterror is set" grep -q "user.Count: expected a number" "$WORK/shared/.iokit/lasterror"
chmod 755 "$WORK"
run other setpriv --reuid=65534 --regid=65534 --clear-groups cat "$WORK/shared/.iokit/lasterror"
expect_eq "another user reads their own (empty) lasterror" "0:0" "$RC:$(wc -c <"$WORK/other.out")"
unmount_fs "$WORK/shared"

finish
