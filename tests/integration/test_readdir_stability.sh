#!/bin/sh
# Directory listings while the directory changes, and cached listings.
#
# Mounts a dump -o rw and reads an entry's .properties directory a few
# names per getdents64 call while properties are added and removed between
# the calls (both before and after the reader's position): every name that
# exists for the whole listing must come exactly once, no name twice, and
# nothing that never existed.  Then: a second listing is served from the
# kernel's cache (no daemon request), and a change made through the mount
# shows in the next listing at once.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro12-1/IOReg.txt macbookpro12-1/IORegDT.txt
command -v python3 >/dev/null 2>&1 || skip "python3 absent (needed for getdents64)"
setup

D=$IOKITFS_DATA_DIR/macbookpro12-1
MNT=$WORK/mnt
mount_fs "$MNT" -o rw "$D/IOReg.txt" "IODeviceTree=$D/IORegDT.txt"
PE=$MNT/IOService/MacBookPro12,1/AppleACPIPlatformExpert

stat_of() { sed -n "s/^$1 //p" "$MNT/.iokit/stats"; }

# --- cached listings, and changes through the mount show at once.  (Run
# first: a listing cache the kernel was filling when the directory changed
# stays unused until the kernel drops the inode; see docs/filesystem.md.)
ls -a "$PE" >/dev/null
ls -a "$PE/.properties" >/dev/null
r0=$(stat_of readdirplus)
o0=$(stat_of opendir)
ls -a "$PE" >/dev/null
ls -a "$PE/.properties" >/dev/null
r1=$(stat_of readdirplus)
o1=$(stat_of opendir)
if [ "$o1" = "$o0" ]; then
	expect_eq "second listings come from the kernel's cache (readdirplus requests)" \
		"$r0" "$r1"
else
	echo "note: this kernel sends OPENDIR (no FUSE_NO_OPENDIR_SUPPORT): listings of .properties are not cached"
fi
setfattr -n user.AfterCache -v '"x"' "$PE"
check "a new property shows in the cached listing at once" \
	sh -c "ls -a '$PE/.properties' | grep -qx AfterCache"
setfattr -x user.AfterCache "$PE"
check "a removed property leaves the cached listing at once" \
	sh -c "! ls -a '$PE/.properties' | grep -qx AfterCache"
echo 5 >"$PE/.properties/ViaFile"
check "a property created through its file is listed at once" \
	sh -c "ls -a '$PE/.properties' | grep -qx ViaFile"
expect_eq "and its size is right at once" 2 "$(stat -c %s "$PE/.properties/ViaFile")"
echo 12345 >"$PE/.properties/ViaFile"
expect_eq "a new value's size shows at once" 6 "$(stat -c %s "$PE/.properties/ViaFile")"
rm "$PE/.properties/ViaFile"
check "rm drops it from the listing at once" \
	sh -c "! ls -a '$PE/.properties' | grep -qx ViaFile"
check "every view keeps . and .." sh -c "ls -a '$PE' | grep -qx '\\.\\.'"

# --- a listing read piecemeal while the directory changes
out=$(python3 - "$PE" <<'EOF' 2>&1
import ctypes, os, struct, sys

entry = sys.argv[1]
props = os.path.join(entry, ".properties")
nr = {"x86_64": 217, "aarch64": 61, "riscv64": 61}.get(os.uname().machine)
if nr is None:
    print("SKIP: no getdents64 number for", os.uname().machine)
    sys.exit(0)
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

def getdents(fd, size):
    buf = ctypes.create_string_buffer(size)
    n = libc.syscall(ctypes.c_long(nr), ctypes.c_int(fd), buf, ctypes.c_uint(size))
    if n < 0:
        raise OSError(ctypes.get_errno(), "getdents64")
    names, pos, raw = [], 0, buf.raw
    while pos < n:
        reclen = struct.unpack_from("H", raw, pos + 16)[0]
        names.append(raw[pos + 19:pos + reclen].split(b"\0", 1)[0].decode())
        pos += reclen
    return names

def setp(key):
    os.setxattr(entry, "user." + key, b"1")

def delp(key):
    os.removexattr(entry, "user." + key)

original = set(os.listdir(props))
# Stable and volatile keys interleaved, so removing volatile ones shifts
# the position of every stable one after them.
stable, volatile = [], []
for i in range(150):
    stable.append("S%03d" % i)
    volatile.append("V%03d" % i)
    setp(stable[-1])
    setp(volatile[-1])
ever = original | set(stable) | set(volatile)

fd = os.open(props, os.O_RDONLY | os.O_DIRECTORY)
seen, calls, added = [], 0, 0
while True:
    names = getdents(fd, 600)
    calls += 1
    if not names:
        break
    seen += names
    # Change the directory behind and ahead of the reader.
    for _ in range(3):
        if volatile:
            delp(volatile.pop(0))
        if volatile:
            delp(volatile.pop())
    # New names come at the end: add only while the volatile ones last,
    # or the reader would chase them for ever.
    for _ in range(2 if volatile else 0):
        key = "N%03d" % added
        added += 1
        setp(key)
        ever.add(key)
os.close(fd)

problems = []
dups = sorted({n for n in seen if seen.count(n) > 1})
if dups:
    problems.append("repeated: %s" % dups[:10])
missing = sorted((original | set(stable)) - set(seen) - {".", ".."})
if missing:
    problems.append("skipped: %s" % missing[:10])
strange = sorted(set(seen) - ever - {".", ".."})
if strange:
    problems.append("never existed: %s" % strange[:10])
if calls < 6:
    problems.append("only %d getdents calls: not a piecemeal listing" % calls)
now = set(os.listdir(props))
want = original | set(stable) | set(volatile) | {"N%03d" % i for i in range(added)}
if now != want:
    problems.append("fresh listing differs: extra %s, missing %s"
                    % (sorted(now - want)[:5], sorted(want - now)[:5]))
print("calls=%d seen=%d added=%d removed=%d" % (calls, len(seen), added, 150 - len(volatile)))
print("\n".join(problems) if problems else "STABLE")
EOF
)
case $out in
*SKIP:*) echo "$out" ;;
*STABLE*) pass "piecemeal listing during changes: no skip, no repeat ($(echo "$out" | head -1))" ;;
*) fail "piecemeal listing during changes: $out" ;;
esac

# --- after the piecemeal listing, changes still show at once
setfattr -n user.AfterStress -v 1 "$PE"
check "a new property shows after the piecemeal listing" \
	sh -c "ls -a '$PE/.properties' | grep -qx AfterStress"
setfattr -x user.AfterStress "$PE"
check "and leaves at once" sh -c "! ls -a '$PE/.properties' | grep -qx AfterStress"

unmount_fs "$MNT"
check "unmounted" wait_unmounted "$MNT"
finish
