#!/bin/sh
# Unprivileged access: with allow_other, nobody reads everything and changes
# nothing (nodes are owned by the mounting user, dirs 0755, files 0644 or
# 0444; default_permissions plus the daemon's own owner check); without
# allow_other, nobody gets nothing.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro12-1/IOReg.txt
command -v setpriv >/dev/null 2>&1 || skip "setpriv absent"
setup
chmod 755 "$WORK"

D=$IOKITFS_DATA_DIR/macbookpro12-1
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
}

MNT=$WORK/mnt
mount_fs "$MNT" -o rw,allow_other "$D/IOReg.txt"
PE=$MNT/IOService/MacBookPro12,1/AppleACPIPlatformExpert

expect_eq "owner and mode of an entry" "0:755" "$(stat -c %u:%a "$PE")"
expect_eq "mode of a property file" "644" "$(stat -c %a "$PE/.properties/IOClass")"
expect_eq "mode of a view" "444" "$(stat -c %a "$PE/.class")"

check "nobody lists" as_nobody ls "$PE" >/dev/null
check "nobody reads a view" as_nobody cat "$PE/.class" >/dev/null
check "nobody reads xattrs" as_nobody getfattr -n user.IOClass "$PE" >/dev/null
before=$(getfattr --absolute-names --only-values -n user.IOClass "$PE")

out=$(as_nobody setfattr -n user.IOClass -v '"x"' "$PE" 2>&1)
case $out in *"Permission denied"*) pass "nobody setfattr: EACCES" ;; *) fail "nobody setfattr: $out" ;; esac
out=$(as_nobody setfattr -x user.IOClass "$PE" 2>&1)
case $out in *"Permission denied"*) pass "nobody removexattr: EACCES" ;; *) fail "nobody -x: $out" ;; esac
out=$(as_nobody sh -c "echo x > '$PE/.properties/IOClass'" 2>&1)
case $out in *"Permission denied"*) pass "nobody write: EACCES" ;; *) fail "nobody write: $out" ;; esac
out=$(as_nobody rm -f "$PE/.properties/IOClass" 2>&1)
case $out in *"Permission denied"*) pass "nobody rm: EACCES" ;; *) fail "nobody rm: $out" ;; esac
out=$(as_nobody sh -c "echo 1 > '$PE/.properties/NewByNobody'" 2>&1)
case $out in *"Permission denied"*) pass "nobody create: EACCES" ;; *) fail "nobody create: $out" ;; esac
expect_eq "nothing changed" "$before" "$(getfattr --absolute-names --only-values -n user.IOClass "$PE")"
check "nothing created" test ! -e "$PE/.properties/NewByNobody"
out=$(as_nobody sh -c "echo 0 > '$MNT/.iokit/stats'" 2>&1)
case $out in *"Permission denied"*) pass "nobody cannot reset stats" ;; *) fail "nobody stats: $out" ;; esac

# root may
setfattr -n user.IOClass -v '"changed by root"' "$PE"
expect_eq "root writes" '"changed by root"' "$(as_nobody getfattr --absolute-names --only-values -n user.IOClass "$PE")"
unmount_fs "$MNT"

# without allow_other the kernel keeps everyone else out
M2=$WORK/mnt2
mount_fs "$M2" "$D/IOReg.txt"
out=$(as_nobody ls "$M2/IOService" 2>&1)
case $out in *"Permission denied"*) pass "no allow_other: nobody gets EACCES" ;; *) fail "no allow_other: $out" ;; esac
unmount_fs "$M2"
finish
