#!/bin/sh
# libIOKit.so exports its public API only: every dynamic symbol it defines
# is an IOKitLib, CoreFoundation, Mach or dispatch name of the installed
# headers (IO*, CF*, kIO*, kCF*, OS*, mach_*, vm_*, dispatch_*,
# bootstrap_port, _IOObject*, __CFRangeMake), never one of the library's
# internal helpers (cf_*, iokit_*, port_table_*, reg_*, proto_*), and the
# public names programs link against are still there.  Needs nm (binutils);
# no mount, no root.
. "$(dirname "$0")/lib.sh"

command -v nm >/dev/null 2>&1 || skip "nm (binutils) not installed"
LIB=${abs_top_builddir:-$REPO_DIR}/.libs/libIOKit.so.0
[ -e "$LIB" ] || skip "libIOKit.so.0 not built"

# A sanitizer build's instrumentation symbols (__asan_*, __odr_asan.*,
# __ubsan_*) are the runtime's, not the library's.
syms=$(nm -D --defined-only "$LIB" | awk 'NF == 3 { print $3 }' |
	grep -v -e '^__asan' -e '^__odr_asan' -e '^__ubsan' -e '^__sanitizer' | LC_ALL=C sort)
count=$(printf '%s\n' "$syms" | grep -c .)
check "libIOKit.so.0 exports symbols ($count)" [ "$count" -gt 300 ]

internal=$(printf '%s\n' "$syms" | grep -E '^(cf|iokit|reg|port_table|proto)_' || true)
[ -z "$internal" ] && internal_n=0 || internal_n=$(printf '%s\n' "$internal" | wc -l)
[ -z "$internal" ] || printf 'internal symbols exported:\n%s\n' "$internal" | head -20
expect_eq "no internal helper (cf_ iokit_ reg_ port_table_ proto_) is exported" 0 "$internal_n"

public_re='^(_{0,2}(IO|CF|OS)[A-Za-z0-9_]*|kIO[A-Za-z0-9_]+|kCF[A-Za-z0-9_]+|mach_[a-z0-9_]+|vm_[a-z0-9_]+|dispatch_[a-z0-9_]+|bootstrap_port)$'
other=$(printf '%s\n' "$syms" | grep -vE "$public_re" || true)
[ -z "$other" ] && other_n=0 || other_n=$(printf '%s\n' "$other" | wc -l)
[ -z "$other" ] || printf 'exported names outside the public API:\n%s\n' "$other" | head -20
expect_eq "every exported name is an IOKit/CF/Mach/dispatch name" 0 "$other_n"

# The public API is still there: functions, data, the inline helpers' and
# macros' targets.
for s in IOServiceGetMatchingServices IORegistryEntryCreateCFProperties \
	IOConnectCallStructMethod IONotificationPortGetFileDescriptor \
	CFDictionaryCreateMutable CFStringCreateWithCString __CFRangeMake \
	kCFBooleanTrue kCFTypeDictionaryKeyCallBacks kIOMasterPortDefault \
	kIOMainPortDefault bootstrap_port mach_task_self_ mach_task_self \
	vm_page_size mach_msg dispatch_queue_create; do
	check "$s is exported" sh -c "printf '%s\n' \"\$1\" | grep -qx '$s'" sh "$syms"
done

[ "$FAILURES" -eq 0 ]
