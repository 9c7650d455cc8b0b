#!/bin/sh
# bash completion (completion/iokitfs, completion/ioreg) against a mounted
# dump: ioreg completes planes after -p, classes after -c and entry names
# after -n from the registry at IOKIT_ROOT, and its options; iokitfs
# completes its options, -o names after a comma, and "linux".  Needs bash
# and bash-completion, root + FUSE for the mount (skips counted).
. "$(dirname "$0")/lib.sh"

BC=/usr/share/bash-completion/bash_completion
command -v bash >/dev/null 2>&1 || skip "bash not installed"
[ -r "$BC" ] || skip "bash-completion not installed ($BC)"
require_fuse
require_data macbookpro15-1/registry.ioreg
setup

TOOLS=${abs_top_builddir:-$REPO_DIR}
[ -x "$TOOLS/tools/ioreg" ] || skip "tools/ioreg not built"
PATH=$TOOLS/tools:$PATH	# the completion runs ioreg
export PATH
MNT=$WORK/mnt
mount_fs "$MNT" "$IOKITFS_DATA_DIR/macbookpro15-1/registry.ioreg"
# The completion gives ioreg 2 s, for a key press; a sanitizer build on a
# loaded machine can take longer, and what is tested is what is offered.
IOKITFS_COMPLETION_TIMEOUT=120
export IOKITFS_COMPLETION_TIMEOUT

# complete SCRIPT FUNCTION WORD...: the candidates bash would offer for the
# last word, one a line, sorted.
complete_words() {
	script=$1
	func=$2
	shift 2
	IOKIT_ROOT=$MNT bash -c '
		. "$1"; . "$2"; func=$3; shift 3
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		"$func"
		printf "%s\n" "${COMPREPLY[@]}"' sh "$BC" "$REPO_DIR/completion/$script" "$func" "$@" |
		sort
}

check "completion scripts parse" bash -n "$REPO_DIR/completion/ioreg"
check "iokitfs completion parses" bash -n "$REPO_DIR/completion/iokitfs"

planes=$(complete_words ioreg _ioreg ioreg -p IO | tr '\n' ' ')
expect_eq "ioreg -p IO<tab>: the mount's planes" \
	"IO80211Plane IOACPIPlane IODeviceTree IOPower IOService IOUSB " "$planes"
classes=$(complete_words ioreg _ioreg ioreg -c IOPCIDe)
check "ioreg -c IOPCIDe<tab> offers IOPCIDevice ($classes)" \
	sh -c "printf '%s\n' '$classes' | grep -qx IOPCIDevice"
check "every offered class starts with IOPCIDe" \
	sh -c "! printf '%s\n' '$classes' | grep -qv '^IOPCIDe'"
names=$(complete_words ioreg _ioreg ioreg -n AppleACPIPlatformEx)
expect_eq "ioreg -n AppleACPIPlatformEx<tab>: the entry name, without @location" \
	"AppleACPIPlatformExpert" "$names"
opts=$(complete_words ioreg _ioreg ioreg -l | tr '\n' ' ')
expect_eq "ioreg -l<tab>: the option itself" "-l " "$opts"
opts=$(complete_words iokitfs _iokitfs iokitfs -o ro,allow_ | tr '\n' ' ')
expect_eq "iokitfs -o ro,allow_<tab>: option names after the comma" \
	"ro,allow_other ro,allow_root " "$opts"
opts=$(complete_words iokitfs _iokitfs iokitfs --ch)
expect_eq "iokitfs --ch<tab>" "--check" "$opts"
opts=$(cd "$WORK" && complete_words iokitfs _iokitfs iokitfs lin)
expect_eq "iokitfs lin<tab>: the live source" "linux" "$opts"

names=$(complete_words ioreg _ioreg ioreg -n 'Apple\ Internal\ Key')
check "a name with spaces is offered quoted ($names)" \
	sh -c "printf '%s\n' '$names' | grep -q '^Apple\\\\ Internal\\\\ Keyboard'"

# Without a mount the completion offers nothing and says nothing.
out=$(IOKIT_ROOT=$WORK/none bash -c '. "$1"; . "$2"
	COMP_WORDS=(ioreg -p ""); COMP_CWORD=2; COMP_LINE="ioreg -p "; COMP_POINT=9
	_ioreg; printf "%s\n" "${COMPREPLY[@]}"' sh "$BC" "$REPO_DIR/completion/ioreg" 2>&1)
expect_eq "no mount: no planes, no error" "" "$out"

[ "$FAILURES" -eq 0 ]
