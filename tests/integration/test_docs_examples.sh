#!/bin/sh
# Runs every example of the README and of the man pages literally and
# checks what it prints.
#
# An example is a "$ command" line in a fenced block of README.md, or in a
# .nf/.fi block of a man page's EXAMPLES section; the lines after it, up to
# the next "$ " line, are its expected output (compared with runs of blank
# space, newlines included, taken as one space; the exit status is not
# compared then).  A command shown without output must exit 0.  The
# commands of one block run in one shell, in order (cd and export carry
# over), from the directory the document assumes: the repository for the
# README and libIOKit(3), a MacBookPro12,1 dump's directory for the
# commands' pages.  Two things are changed, in commands and expected output
# alike, so that the test touches nothing of the system: /mnt/... becomes
# $WORK/mnt/... and /run/iokit becomes $WORK/run/iokit (the live registry
# is mounted there).  pkg-config answers for iokit from the build tree.
#
# A block with a command that changes the system (sudo, apt, dpkg,
# systemctl, make install, the quickstart) is not run; it is named in the
# output and counted.
#
# Also checked: every page a SEE ALSO names exists (ours in docs/man, else
# on the system), every "man PAGE" the README names and every installed
# command has a page.
. "$(dirname "$0")/lib.sh"

require_fuse
require_data macbookpro15-1/registry.ioreg macbookpro12-1/IOReg.txt \
	macbookpro12-1/IORegDT.txt macbookpro12-1/SMC-keys.txt macbook8-1/IOReg.txt
for t in getfattr setfattr cc; do
	command -v $t >/dev/null 2>&1 || skip "$t absent"
done
setup

BUILD=${abs_top_builddir:-$REPO_DIR}
[ -x "$BUILD/tools/ioreg" ] || skip "$BUILD/tools/ioreg not built"
DATA=$(cd "$IOKITFS_DATA_DIR" && pwd)
MAN=$REPO_DIR/docs/man

# The tools as a user has them, from the build tree.
mkdir -p "$WORK/bin" "$WORK/mnt" "$WORK/run"
# (a sanitizer build's library needs its runtime in the program too)
BUILD_LDFLAGS=$(sed -n 's/^LDFLAGS = //p' "$BUILD/Makefile" 2>/dev/null)
cat >"$WORK/bin/pkg-config" <<EOF
#!/bin/sh
# iokit.pc's answers for the build tree; anything else to the real one.
case " \$* " in
*" iokit "*)
	out=
	case " \$* " in *" --cflags "*) out="-I$REPO_DIR/lib/include" ;; esac
	case " \$* " in *" --libs "*) out="\$out -L$BUILD/.libs -lIOKit -Wl,-rpath,$BUILD/.libs $BUILD_LDFLAGS" ;; esac
	echo \$out ;;
*) exec /usr/bin/pkg-config "\$@" ;;
esac
EOF
chmod +x "$WORK/bin/pkg-config"
PATH=$WORK/bin:$BUILD/fs:$BUILD/tools:$REPO_DIR/mount-helpers:$PATH
IOKITFS=$BUILD/fs/iokitfs
export PATH IOKITFS
unset IOKIT_ROOT IOKIT_QUIET
# The README's relative paths (docs/, ../shared/data) from a scratch copy of
# the tree's layout, so that what examples build lands in $WORK.
mkdir -p "$WORK/tree"
ln -s "$REPO_DIR/docs" "$WORK/tree/docs"
ln -s "$(dirname "$DATA")" "$WORK/shared"
MOUNTS="$WORK/mnt/mac $WORK/mnt/rw $WORK/run/iokit"

# extract FILE: the examples as lines "B" (a block begins), "C<text>" (a
# command) and "O<text>" (a line of its expected output).
extract() {
	case $1 in
	*.md)
		awk '
			/^```/ { inb = !inb; if (inb) print "B"; cmd = 0; next }
			inb && /^\$ / { print "C" substr($0, 3); cmd = 1; next }
			inb && cmd { print "O" $0 }' "$1"
		;;
	*)
		awk '
			/^\.SH / { ex = ($2 == "EXAMPLES"); next }
			!ex { next }
			/^\.nf/ { inb = 1; print "B"; cmd = 0; next }
			/^\.fi/ { inb = 0; next }
			!inb { next }
			{
				gsub(/\\-/, "-"); gsub(/\\\(dq/, "\""); gsub(/\\&/, "")
				gsub(/\\e/, "\\")
			}
			/^\$ / { print "C" substr($0, 3); cmd = 1; next }
			cmd { print "O" $0 }' "$1"
		;;
	esac | sed -e "s|/mnt/|$WORK/mnt/|g" -e "s|/run/iokit|$WORK/run/iokit|g"
}

normalize() {
	tr -s ' \t\n' '   ' <"$1" | sed 's/^ //; s/ $//'
}

# run_doc FILE DIR: runs FILE's blocks from DIR, checks each command.
run_doc() {
	doc=$1
	dir=$2
	name=$(basename "$doc")
	extract "$doc" >"$WORK/examples"
	block=0
	n=0
	ncmd=0
	: >"$WORK/cmds"
	# One script per block; n numbers commands across the document.
	while IFS= read -r line; do
		case $line in
		B)
			block=$((block + 1))
			skip_block=0
			printf 'cd "%s" || exit 1\n' "$dir" >"$WORK/block.$block.sh"
			;;
		C*)
			if printf '%s\n' "${line#C}" |
				grep -qE '(^|[;&|( ])(sudo|apt|apt-get|dpkg|systemctl|make install|sh tools/quickstart.sh|sh tests/run-all.sh)( |$)'; then
				echo "NOT RUN: $name block $block changes the system: \$ ${line#C}"
				[ $skip_block = 1 ] || nskipped=$((nskipped + 1))
				skip_block=1
				rm -f "$WORK/block.$block.sh"
			fi
			n=$((n + 1))
			printf '%s\n' "${line#C}" >"$WORK/cmd.$n"
			: >"$WORK/want.$n"
			echo "$block $n" >>"$WORK/cmds"
			[ $skip_block = 1 ] || {
				printf '{ %s\n} >"%s" 2>&1 </dev/null\n' "${line#C}" "$WORK/got.$n"
				printf 'echo $? >"%s"\n' "$WORK/rc.$n"
			} >>"$WORK/block.$block.sh"
			;;
		O*)
			printf '%s\n' "${line#O}" >>"$WORK/want.$n"
			;;
		esac
	done <"$WORK/examples"
	b=1
	while [ $b -le $block ]; do
		[ -f "$WORK/block.$b.sh" ] && sh "$WORK/block.$b.sh"
		b=$((b + 1))
	done
	while read -r b i; do
		[ -f "$WORK/rc.$i" ] || [ -f "$WORK/block.$b.sh" ] || continue
		ncmd=$((ncmd + 1))
		cmd=$(cat "$WORK/cmd.$i")
		rc=$(cat "$WORK/rc.$i" 2>/dev/null || echo "not run")
		if [ -s "$WORK/want.$i" ]; then
			want=$(normalize "$WORK/want.$i")
			got=$(normalize "$WORK/got.$i")
			if [ "$want" = "$got" ]; then
				pass "$name: \$ $cmd"
			else
				fail "$name: \$ $cmd: expected [$want], got [$got]"
			fi
		elif [ "$rc" = 0 ]; then
			pass "$name: \$ $cmd (exit 0)"
		else
			fail "$name: \$ $cmd: exit $rc: $(head -c 300 "$WORK/got.$i")"
		fi
	done <"$WORK/cmds"
	# (the block scripts are kept until here: a removed one was not run)
	rm -f "$WORK"/block.*.sh "$WORK"/cmd.* "$WORK"/want.* "$WORK"/got.* "$WORK"/rc.*
	[ "$ncmd" -gt 0 ] || fail "$name: no examples found"
	echo "($name: $ncmd commands)"
}

nskipped=0
run_doc "$REPO_DIR/README.md" "$WORK/tree"
for page in "$MAN"/*.[1-8]; do
	case $(basename "$page") in
	libIOKit.3) run_doc "$page" "$WORK/tree" ;;
	iokitfs.8 | mount.iokitfs.8 | ioreg.8) run_doc "$page" "$DATA/macbookpro12-1" ;;
	*) echo "(no examples run for $(basename "$page"): not this test's page)" ;;
	esac
done
for m in $MOUNTS; do
	is_mounted "$m" && fail "an example left $m mounted"
done
echo "($nskipped example block(s) not run: they change the system)"

# ---- SEE ALSO names pages that exist ----
# System pages may be absent from minimal systems (no man-db, or dpkg
# excluding /usr/share/man): those named here are known to ship with the
# packages iokitfs depends on.
system_pages="setfattr.1 getfattr.1 fusermount3.1 mount.8 fstab.5"
for page in "$MAN"/*.[1-8]; do
	refs=$(awk '/^\.SH/ { see = ($0 ~ /SEE ALSO/); next }
		see && /^\.BR/ { gsub(/[(),]/, " "); print $2 "." $3 }' "$page")
	for r in $refs; do
		if [ -f "$MAN/$r" ] || man -w "${r##*.}" "${r%.*}" >/dev/null 2>&1; then
			pass "$(basename "$page") SEE ALSO $r exists"
		else
			case " $system_pages " in
			*" $r "*) pass "$(basename "$page") SEE ALSO $r (a system page, not installed here)" ;;
			*) fail "$(basename "$page") SEE ALSO names $r, which does not exist" ;;
			esac
		fi
	done
done

# ---- man pages for what the README names and for every installed command ----
for r in $(grep -o '`man [0-9 ]*[A-Za-z][A-Za-z0-9_.-]*`' "$REPO_DIR/README.md" | tr -d '`' |
	sed 's/^man //; s/ /:/'); do
	pg=${r#*:}
	if ls "$MAN/$pg".[1-8] >/dev/null 2>&1; then
		pass "README's \`man $pg\` has a page"
	else
		fail "README names \`man $pg\`, which docs/man lacks"
	fi
done
for prog in $(sed -n 's/^\(dist_\)\{0,1\}\(s\{0,1\}bin_PROGRAMS\|s\{0,1\}bin_SCRIPTS\|mounthelper_SCRIPTS\) *+\{0,1\}= *//p' \
	"$REPO_DIR/Makefile.am"); do
	case $prog in *'$('*) continue ;; esac
	p=$(basename "$prog")
	if find "$REPO_DIR/docs" "$REPO_DIR/tools" -name "$p.[1-8]" 2>/dev/null | grep -q .; then
		pass "installed command $p has a man page"
	else
		fail "installed command $p has no man page"
	fi
done

finish
