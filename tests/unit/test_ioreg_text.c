/* Unit tests for registry/sources/ioreg_text.c: the `ioreg -l -w0` loader,
 * on small texts and on the real dumps in shared/data. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <check.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "leak_check.h"
#include "test_util.h"
#include "registry.h"
#include "sources/ioreg_text.h"
#include "value_literal.h"

static struct registry *load_ok(const char *text, const char *plane)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };

	ck_assert_ptr_nonnull(reg);
	ck_assert_msg(source_load_ioreg_text(reg, text, strlen(text), plane, &err) == 0,
		      "load failed: line %zu offset %zu: %s", err.line, err.offset, err.message);
	return reg;
}

static void load_fails(const char *text, size_t line, const char *what)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };

	ck_assert_msg(source_load_ioreg_text(reg, text, strlen(text), NULL, &err) != 0,
		      "load of %s should fail", text);
	ck_assert_msg(err.line == line, "error on line %zu (%s), expected %zu", err.line,
		      err.message, line);
	ck_assert_msg(strstr(err.message, what), "message '%s' lacks '%s'", err.message, what);
	talloc_free(reg);
}

static const char small[] =
	"+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
	"  | {\n"
	"  |   \"IORegistryPlanes\" = {\"IOService\"=\"IOService\"}\n"
	"  |   \"z\" = 1\n"
	"  | }\n"
	"  | \n"
	"  +-o Mac@Book@0  <class IOPlatformExpertDevice, id 0x100000112, registered, matched, active, busy 0 (7785 ms), retain 42>\n"
	"    | {\n"
	"    |   \"model\" = <\"MacBook8,1\">\n"
	"    |   \"multi\" = \"line one\n"
	"line two\n"
	"\"\n"
	"    |   \"n\" = 18446744073709551615\n"
	"    | }\n"
	"    | \n"
	"    +-o A  <class AppleFoo, id 0x100000200, !registered, !matched, inactive, busy 3 (0 ms), retain 5>\n"
	"    | {\n"
	"    | }\n"
	"    | \n"
	"    | +-o Shared  <class IOHIDSystem, id 0x100000300, registered, matched, active, busy 0, retain 9>\n"
	"    |   {\n"
	"    |     \"first\" = Yes\n"
	"    |   }\n"
	"    |   \n"
	"    +-o B  <class IOResources, id 0x100000201, registered, matched, active, busy 0, retain 7>\n"
	"      {\n"
	"      }\n"
	"      \n"
	"      +-o Shared  <class IOHIDSystem, id 0x100000300, registered, matched, active, busy 0, retain 10>\n"
	"        {\n"
	"          \"second\" = No\n"
	"        }\n"
	"        \n";

START_TEST(test_small_tree)
{
	struct registry *reg = load_ok(small, NULL);
	int svc = registry_plane_index(reg, "IOService");
	struct reg_entry *root = registry_root(reg), *pe, *a, *b, *shared;
	struct reg_value *v;

	ck_assert_int_ge(svc, 0);
	ck_assert_uint_eq(registry_entry_count(reg), 5);
	ck_assert_uint_eq(root->retain, 15);
	ck_assert_uint_eq(root->properties->u.dict.count, 2);
	ck_assert_str_eq(root->properties->u.dict.keys[0], "IORegistryPlanes");

	pe = registry_entry_by_id(reg, 0x100000112);
	ck_assert_ptr_nonnull(pe);
	ck_assert_ptr_eq(reg_entry_parent(pe, svc, 0), root);
	ck_assert_str_eq(pe->name, "Mac@Book");	/* split at the last '@' */
	ck_assert_str_eq(pe->location, "0");
	ck_assert(pe->is_service);
	ck_assert_uint_eq(pe->state, REG_STATE_REGISTERED | REG_STATE_MATCHED);
	ck_assert_uint_eq(pe->busy_time_ns, 7785000000ULL);
	ck_assert_uint_eq(pe->retain, 42);
	v = reg_entry_property(pe, "multi");
	ck_assert_str_eq(v->u.string.chars, "line one\nline two\n");
	v = reg_entry_property(pe, "model");
	ck_assert_uint_eq(v->u.data.len, 11);
	ck_assert_int_eq(reg_entry_property(pe, "n")->u.number.value, -1);

	a = registry_entry_by_id(reg, 0x100000200);
	ck_assert_uint_eq(a->state, REG_STATE_INACTIVE);
	ck_assert_uint_eq(a->busy, 3);
	ck_assert_uint_eq(a->busy_time_ns, 1);	/* "(0 ms)": under a millisecond */
	/* Unknown class with state fields: an IOService. */
	ck_assert(a->is_service);
	ck_assert(reg_class_conforms_to(a->cls, "IOService"));

	b = registry_entry_by_id(reg, 0x100000201);
	ck_assert_uint_eq(b->busy_time_ns, 0);
	ck_assert_uint_eq(reg_entry_child_count(pe, svc), 2);

	/* Printed under two parents: one entry, two parents, first block. */
	shared = registry_entry_by_id(reg, 0x100000300);
	ck_assert_uint_eq(reg_entry_parent_count(shared, svc), 2);
	ck_assert_ptr_eq(reg_entry_parent(shared, svc, 0), a);
	ck_assert_ptr_eq(reg_entry_parent(shared, svc, 1), b);
	ck_assert_uint_eq(shared->retain, 9);
	ck_assert_ptr_nonnull(reg_entry_property(shared, "first"));
	ck_assert_ptr_null(reg_entry_property(shared, "second"));
	talloc_free(reg);
}
END_TEST

START_TEST(test_merge_planes)
{
	static const char dt[] =
		"+-o Root  <class IORegistryEntry, id 0x100000100, retain 13>\n"
		"  +-o /  <class IOPlatformExpertDevice, id 0x100000112, registered, matched, active, busy 0 (7785 ms), retain 42>\n"
		"    +-o cpus  <class IOPlatformDevice, id 0x100000119, registered, matched, active, busy 0 (1 ms), retain 14>\n"
		"    | {\n"
		"    |   \"name\" = <\"cpus\">\n"
		"    | }\n"
		"    | \n"
		"    +-o A@1c  <class AppleFoo, id 0x100000200, registered, matched, active, busy 0, retain 14>\n"
		"      +-o Shared@5  <class IOHIDSystem, id 0x100000300, registered, matched, active, busy 0, retain 14>\n";
	struct registry *reg = load_ok(small, "IOService");
	struct reg_parse_error err = { 0 };
	struct ioreg_text_stats st;
	int svc, dtp;
	struct reg_entry *pe, *a, *shared, *cpus;

	ck_assert_int_eq(source_load_ioreg_text_stats(reg, dt, strlen(dt), NULL, &st, &err), 0);
	svc = registry_plane_index(reg, "IOService");
	dtp = registry_plane_index(reg, "IODeviceTree");
	ck_assert_int_eq(st.plane, dtp);
	ck_assert_uint_eq(st.headers, 5);
	ck_assert_uint_eq(st.new_entries, 1);
	ck_assert_uint_eq(st.merged_entries, 3);
	ck_assert_uint_eq(registry_entry_count(reg), 6);

	pe = registry_entry_by_id(reg, 0x100000112);
	ck_assert_str_eq(reg_entry_name(pe, svc), "Mac@Book");
	ck_assert_str_eq(reg_entry_name(pe, dtp), "/");
	ck_assert_str_eq(reg_entry_location(pe, dtp), "");
	ck_assert_ptr_eq(reg_entry_parent(pe, dtp, 0), registry_root(reg));
	a = registry_entry_by_id(reg, 0x100000200);
	ck_assert_str_eq(reg_entry_location(a, dtp), "1c");
	ck_assert_ptr_null(reg_entry_location(a, svc));
	ck_assert(reg_entry_in_plane(a, svc) && reg_entry_in_plane(a, dtp));
	shared = registry_entry_by_id(reg, 0x100000300);
	ck_assert_uint_eq(reg_entry_parent_count(shared, dtp), 1);
	ck_assert_uint_eq(reg_entry_parent_count(shared, svc), 2);
	/* Kept from the first file. */
	ck_assert_uint_eq(shared->retain, 9);
	cpus = registry_entry_by_id(reg, 0x100000119);
	ck_assert_ptr_nonnull(reg_entry_property(cpus, "name"));
	ck_assert(!reg_entry_in_plane(cpus, svc));
	talloc_free(reg);
}
END_TEST

START_TEST(test_header_variants)
{
	static const char text[] =
		"+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		"  +-o x@1,2  <class IORegistryEntry:IOService:IOFooFamily:AppleFoo, id 0x100000500, registered, matched, active, busy 0, retain 3>\n"
		"  | +-o plain  <class IOServiceish, id 0x100000501, retain 2>\n"
		"  +-o old  <class IOService, id 0x100000502, registered, matched, active, busy 1, retain count 4>\n"
		"  +-o Apple Internal Keyboard / Trackpad  <class IOService, id 0x100000503, retain 4>\n";
	struct registry *reg = load_ok(text, NULL);
	struct reg_entry *x = registry_entry_by_id(reg, 0x100000500);
	struct reg_entry *plain = registry_entry_by_id(reg, 0x100000501);
	struct reg_entry *old = registry_entry_by_id(reg, 0x100000502);
	struct reg_entry *kbd = registry_entry_by_id(reg, 0x100000503);

	ck_assert_int_ge(registry_plane_index(reg, "IOService"), 0);
	ck_assert_str_eq(x->cls->name, "AppleFoo");
	ck_assert_str_eq(x->cls->super->name, "IOFooFamily");
	ck_assert_str_eq(x->location, "1,2");
	ck_assert(!plain->is_service);
	ck_assert_uint_eq(plain->state, 0);
	ck_assert_uint_eq(old->retain, 4);
	ck_assert_uint_eq(old->busy, 1);
	/* No state fields: not shown as a service, whatever the class. */
	ck_assert(!kbd->is_service);
	ck_assert_str_eq(kbd->name, "Apple Internal Keyboard / Trackpad");
	ck_assert_ptr_null(kbd->location);
	talloc_free(reg);
}
END_TEST

START_TEST(test_errors)
{
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  +-o AppleACPIPlatformExpert  <class AppleACPIPlatformExpert, id 0x1000$\n",
		   2, "line truncated by ioreg -w; re-run with -w0");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | {\n"
		   "  |   \"IOKitBuildVersion\" = \"Darwin Kernel Version 16.1.0: Thu Oct$\n",
		   3, "line truncated by ioreg -w");
	/* A clipped string must not run on to the next line's closing quote. */
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | {\n"
		   "  |   \"IOKitBuildVersion\" = \"Darwin Kernel Version 16.1.0: Thu Oct$\n"
		   "  |   \"OS Build Version\" = \"16B2555\"\n"
		   "  | }\n",
		   3, "line truncated by ioreg -w");
	load_fails("bplist00\x01\x02", 1, "not ioreg text");
	load_fails("", 0, "not ioreg text");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  +-o A  <class X, id 0x100000200, retain 1>\n"
		   "      +-o B  <class X, id 0x100000201, retain 1>\n",
		   3, "indented deeper");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "   +-o A  <class X, id 0x100000200, retain 1>\n",
		   2, "odd column");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  +-o A <class X, id 0x100000200, retain 1>\n",
		   2, "malformed entry header");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  +-o A  <class X, id 0x100000200, retain one>\n",
		   2, "malformed field");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  +-o A  <class X, id 0x100000100, retain 1>\n",
		   2, "Root's ID");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | {\n"
		   "  |   \"ok\" = 1\n"
		   "  |   \"bad\" = (1,2\n"
		   "  | }\n",
		   4, "property \"bad\": unterminated '('");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | {\n"
		   "  |   \"ok\" = 1\n",
		   3, "unterminated property block");
	/* Line numbers count the lines a multi-line string ran over. */
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | {\n"
		   "  |   \"s\" = \"one\n"
		   "two\n"
		   "\"\n"
		   "  |   \"bad\" = <0g>\n"
		   "  | }\n",
		   6, "property \"bad\": bad hex digit");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | {\n"
		   "  |   \"reg\" = \n"
		   "  |     00: phys.hi: 00000000 phys.mid: 00000000 phys.lo: 00000000\n"
		   "  | }\n",
		   3, "missing value");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  | }\n", 2, "unexpected '}'");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  |   \"ok\" = 1\n", 2, "outside a property block");
	load_fails("+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		   "  +-o A  <class X, id 0x100000200, retain 1>\n"
		   "  | +-o B  <class X, id 0x100000201, retain 1>\n"
		   "  |   +-o A  <class X, id 0x100000200, retain 1>\n",
		   4, "own ancestor");
	{
		static const char nul[] =
			"+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\nx\0y\n";
		struct registry *reg = registry_new(test_ctx);
		struct reg_parse_error err = { 0 };
		ck_assert_int_ne(source_load_ioreg_text(reg, nul, sizeof(nul) - 1, NULL, &err), 0);
		ck_assert_uint_eq(err.offset, 62);
		ck_assert_ptr_nonnull(strstr(err.message, "NUL byte"));
		talloc_free(reg);
	}
}
END_TEST

START_TEST(test_redacted_value)
{
	static const char text[] =
		"+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
		"  | {\n"
		"  |   \"IOPlatformSerialNumber\" = \"C**********4\"\n"
		"  |   \"IOMACAddress\" = <a**********c>\n"
		"  | }\n";
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct ioreg_text_stats st;
	struct reg_value *v;

	ck_assert_int_eq(source_load_ioreg_text_stats(reg, text, strlen(text), NULL, &st,
						      &err), 0);
	ck_assert_uint_eq(st.redacted, 1);
	/* Redacted data loads as data (what it claims to be) whose bytes are
	 * unknown, keeping the text the dump showed. */
	v = reg_entry_property(registry_root(reg), "IOMACAddress");
	ck_assert_int_eq(v->type, REG_DATA);
	ck_assert_uint_eq(v->u.data.len, 0);
	ck_assert_uint_eq(v->mark, REG_MARK_REDACTED);
	ck_assert_str_eq(v->raw, "<a**********c>");
	talloc_free(reg);
}
END_TEST

/* ---- floats ----
 * Two texts of ours.  The first holds floats as the mount's literals print
 * them (xattrs, .properties/: the shortest decimal that reads back to the
 * same double, ":32" after a Float32, nan/inf/-inf), in lines and inside
 * containers: each must load back bit for bit, width included.  The second
 * is what macOS's ioreg -l prints for floats: an integral float as its
 * integer (printed unsigned, as %llu does), any other float as nothing. */
static const char floats_exact[] =
	"+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
	"  | {\n"
	"  |   \"half\" = 1.5\n"
	"  |   \"tenth32\" = 0.1:32\n"
	"  |   \"third\" = 0.30000000000000004\n"
	"  |   \"small\" = -2.5e-300\n"
	"  |   \"denormal\" = 5e-324\n"
	"  |   \"max\" = 1.7976931348623157e+308\n"
	"  |   \"max32\" = 3.4028235e+38:32\n"
	"  |   \"negzero\" = -0.0\n"
	"  |   \"whole\" = 42.0\n"
	"  |   \"whole64\" = 42.0:64\n"
	"  |   \"nan\" = nan\n"
	"  |   \"ninf\" = -inf\n"
	"  |   \"pinf\" = inf:32\n"
	"  |   \"dict\" = {\"a\"=1.5,\"b\"=2,\"c\"=-0.25:32}\n"
	"  |   \"list\" = (0.25,3.0,1e+20,-inf)\n"
	"  | }\n"
	"  | \n";

static uint64_t bits_of(double d)
{
	uint64_t b;

	memcpy(&b, &d, sizeof(b));
	return b;
}

/* v is a float of that width holding exactly d (nan: any nan). */
static void assert_real(const struct reg_value *v, double d, unsigned width, const char *what)
{
	ck_assert_msg(v != NULL, "%s: missing", what);
	ck_assert_msg(v->type == REG_NUMBER && reg_number_is_float(v), "%s: not a float", what);
	ck_assert_msg(v->u.number.width == width, "%s: width %u, expected %u", what,
		      v->u.number.width, width);
	if (d != d)
		ck_assert_msg(reg_number_double(v) != reg_number_double(v), "%s: not nan", what);
	else
		ck_assert_msg(bits_of(reg_number_double(v)) == bits_of(d),
			      "%s: %.17g, expected %.17g", what, reg_number_double(v), d);
}

START_TEST(test_float_lines)
{
	struct registry *reg = load_ok(floats_exact, NULL);
	const struct reg_entry *root = registry_root(reg);
	const struct reg_value *d, *l;
	char *again;

	assert_real(reg_entry_property(root, "half"), 1.5, REG_NUMBER_FLOAT64, "half");
	assert_real(reg_entry_property(root, "tenth32"), (double)0.1f, REG_NUMBER_FLOAT32,
		    "tenth32");
	assert_real(reg_entry_property(root, "third"), 0.1 + 0.2, REG_NUMBER_FLOAT64, "third");
	assert_real(reg_entry_property(root, "small"), -2.5e-300, REG_NUMBER_FLOAT64, "small");
	assert_real(reg_entry_property(root, "denormal"), 5e-324, REG_NUMBER_FLOAT64, "denormal");
	assert_real(reg_entry_property(root, "max"), 1.7976931348623157e+308, REG_NUMBER_FLOAT64,
		    "max");
	assert_real(reg_entry_property(root, "max32"), (double)3.4028235e+38f, REG_NUMBER_FLOAT32,
		    "max32");
	assert_real(reg_entry_property(root, "negzero"), -0.0, REG_NUMBER_FLOAT64, "negzero");
	assert_real(reg_entry_property(root, "whole"), 42.0, REG_NUMBER_FLOAT64, "whole");
	assert_real(reg_entry_property(root, "whole64"), 42.0, REG_NUMBER_FLOAT64, "whole64");
	assert_real(reg_entry_property(root, "nan"), NAN, REG_NUMBER_FLOAT64, "nan");
	assert_real(reg_entry_property(root, "ninf"), -INFINITY, REG_NUMBER_FLOAT64, "ninf");
	assert_real(reg_entry_property(root, "pinf"), INFINITY, REG_NUMBER_FLOAT32, "pinf");
	d = reg_entry_property(root, "dict");
	ck_assert_ptr_nonnull(d);
	assert_real(reg_dict_get(d, "a"), 1.5, REG_NUMBER_FLOAT64, "dict a");
	ck_assert(!reg_number_is_float(reg_dict_get(d, "b")));
	assert_real(reg_dict_get(d, "c"), -0.25, REG_NUMBER_FLOAT32, "dict c");
	l = reg_entry_property(root, "list");
	ck_assert_ptr_nonnull(l);
	ck_assert_uint_eq(l->u.array.count, 4);
	assert_real(l->u.array.items[0], 0.25, REG_NUMBER_FLOAT64, "list 0");
	assert_real(l->u.array.items[1], 3.0, REG_NUMBER_FLOAT64, "list 1");
	assert_real(l->u.array.items[2], 1e20, REG_NUMBER_FLOAT64, "list 2");
	assert_real(l->u.array.items[3], -INFINITY, REG_NUMBER_FLOAT64, "list 3");
	/* And they print back as they were written. */
	again = reg_value_to_literal(test_ctx, reg_entry_property(root, "third"),
				     REG_LITERAL_EXACT);
	ck_assert_str_eq(again, "0.30000000000000004");
	talloc_free(again);
	again = reg_value_to_literal(test_ctx, l, REG_LITERAL_EXACT);
	ck_assert_str_eq(again, "(0.25,3.0,1e+20,-inf)");
	talloc_free(again);
	talloc_free(reg);
}
END_TEST

/* What macOS's ioreg -l prints for the floats 42.0, -3.0 and 4.0e15 (their
 * integers; %llu shows -3 as 2^64 - 3) and 36.6 (nothing). */
static const char floats_as_ioreg[] =
	"+-o Root  <class IORegistryEntry, id 0x100000100, retain 15>\n"
	"  | {\n"
	"  |   \"whole\" = 42\n"
	"  |   \"negative\" = 18446744073709551613\n"
	"  |   \"large\" = 4000000000000000\n"
	"  |   \"temperature\" = \n"
	"  |   \"dict\" = {\"t\"=,\"w\"=42}\n"
	"  | }\n"
	"  | \n";

START_TEST(test_float_lines_as_ioreg_prints)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct load_warnings *w = talloc_zero(reg, struct load_warnings);
	const struct reg_entry *root;
	struct reg_value *want = reg_value_new_real(test_ctx, 42.0, REG_NUMBER_FLOAT64);
	struct reg_value *neg = reg_value_new_real(test_ctx, -3.0, REG_NUMBER_FLOAT64);
	struct reg_value *large = reg_value_new_real(test_ctx, 4.0e15, REG_NUMBER_FLOAT64);
	const struct reg_value *t;

	w->file = "floats.txt";
	ck_assert_int_eq(source_load_ioreg_text_warn(reg, floats_as_ioreg, strlen(floats_as_ioreg),
						     NULL, NULL, w, &err), 0);
	root = registry_root(reg);
	/* An integral float comes back as its integer, equal to the float by
	 * value (CFEqual's rule for numbers): all the text holds. */
	ck_assert(reg_value_equal(reg_entry_property(root, "whole"), want));
	ck_assert(reg_value_equal(reg_entry_property(root, "negative"), neg));
	ck_assert(reg_value_equal(reg_entry_property(root, "large"), large));
	ck_assert(reg_value_equal(reg_dict_get(reg_entry_property(root, "dict"), "w"), want));
	/* A fractional float left no text: the value is unknown, loaded marked
	 * so, and the warning says what ioreg leaves out (file:line). */
	t = reg_entry_property(root, "temperature");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->mark, REG_MARK_UNKNOWN);
	ck_assert_uint_eq(reg_dict_get(reg_entry_property(root, "dict"), "t")->mark,
			  REG_MARK_UNKNOWN);
	ck_assert_uint_eq(w->count, 2);
	ck_assert_msg(strstr(w->first[0], "floats.txt:6:"), "%s", w->first[0]);
	ck_assert_msg(strstr(w->first[0], "non-integral float"), "%s", w->first[0]);
	ck_assert_msg(strstr(w->first[0], "could not print"), "%s", w->first[0]);
	talloc_free(want);
	talloc_free(neg);
	talloc_free(large);
	talloc_free(reg);
}
END_TEST

/* ---- the real dumps ---- */

static const char *data_dir(void)
{
	const char *env = getenv("IOKITFS_DATA_DIR");
	struct stat st;

	if (env && stat(env, &st) == 0)
		return env;
	if (stat(SRCDIR "/../shared/data", &st) == 0)
		return SRCDIR "/../shared/data";
	return NULL;
}

static char *read_file(void *ctx, const char *dir, const char *machine, const char *file,
		       size_t *len)
{
	char *path = talloc_asprintf(ctx, "%s/%s/%s", dir, machine, file);
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	talloc_free(path);
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = talloc_size(ctx, (size_t)n + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* An independent reading of the file: header IDs with their depth, and
 * property lines (a value continues on lines that are not block lines). */
struct scanned {
	uint64_t *ids;		/* per header */
	size_t nheaders;
	uint64_t *links;	/* parent, child pairs */
	size_t nlinks;
};

/* A line ioreg's block drawing makes: blank, brace, header or "key" = ... */
static bool is_block_line(const char *s, const char *end)
{
	const char *eq;

	while (s < end && (*s == ' ' || *s == '|'))
		s++;
	if (s == end || ((*s == '{' || *s == '}') && s + 1 == end))
		return true;
	if (end - s >= 4 && !strncmp(s, "+-o ", 4))
		return true;
	eq = *s == '"' ? memmem(s, (size_t)(end - s), "\" = ", 4) : NULL;
	return eq != NULL && eq > s;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v and counts its distinct values. */
static size_t distinct(uint64_t *v, size_t n)
{
	size_t k = 0;

	qsort(v, n, sizeof(uint64_t), cmp_u64);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || v[i] != v[i - 1])
			k++;
	return k;
}

static int cmp_pair(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

struct compare_result {
	size_t all_properties;	/* property lines, in every block */
	size_t properties;	/* in first blocks, compared */
	size_t mismatches, redacted_lines, missing, order_errors;
};

/* Walks the file: checks every property of every entry's first block
 * against the IOREG-style printing of the loaded value. */
static void scan_and_compare(void *ctx, const char *buf, size_t len, struct registry *reg,
			     struct scanned *sc, struct compare_result *res, bool verbose)
{
	uint64_t stack[256];
	size_t cap = 1024, nlinks_cap = 1024;
	uint64_t current = 0;
	bool compare_block = false;
	size_t key_index = 0;
	uint64_t *seen = talloc_array(ctx, uint64_t, 4096);
	size_t nseen = 0;
	const char *s = buf, *end = buf + len;

	sc->ids = talloc_array(ctx, uint64_t, cap);
	sc->links = talloc_array(ctx, uint64_t, 2 * nlinks_cap);
	sc->nheaders = sc->nlinks = 0;
	memset(res, 0, sizeof(*res));
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end, *p = s;
		const char *hdr;

		while (p < le && (*p == ' ' || *p == '|'))
			p++;
		if (le - p > 4 && !strncmp(p, "+-o ", 4)) {
			size_t depth = (size_t)(p - s) / 2;
			uint64_t id;
			hdr = strstr(p, ", id 0x");
			ck_assert_ptr_nonnull(hdr);
			id = strtoull(hdr + 7, NULL, 16);
			ck_assert(depth < 256);
			stack[depth] = id;
			if (depth) {
				if (sc->nlinks == nlinks_cap) {
					nlinks_cap *= 2;
					sc->links = talloc_realloc(ctx, sc->links, uint64_t,
								   2 * nlinks_cap);
				}
				sc->links[2 * sc->nlinks] = stack[depth - 1];
				sc->links[2 * sc->nlinks + 1] = id;
				sc->nlinks++;
			}
			if (sc->nheaders == cap) {
				cap *= 2;
				sc->ids = talloc_realloc(ctx, sc->ids, uint64_t, cap);
			}
			sc->ids[sc->nheaders++] = id;
			current = id;
			compare_block = true;
			for (size_t i = 0; i < nseen; i++)
				if (seen[i] == id)
					compare_block = false;
			ck_assert(nseen < 4096);
			seen[nseen++] = id;
			key_index = 0;
		} else if (p < le && *p == '"') {
			const char *eq = strstr(p, "\" = ");
			const char *vend = le;
			char *key, *text, *printed;
			struct reg_entry *e = registry_entry_by_id(reg, current);
			struct reg_value *v;

			ck_assert(eq && eq < le);
			/* A value that runs over lines (raw newlines in strings). */
			while (vend < end) {
				const char *n2 = memchr(vend + 1, '\n', (size_t)(end - vend - 1));
				const char *l2 = n2 ? n2 : end;
				if (is_block_line(vend + 1, l2))
					break;
				vend = l2;
			}
			res->all_properties++;
			if (!compare_block) {
				s = vend < end ? vend + 1 : end;
				continue;
			}
			key = talloc_strndup(ctx, p + 1, (size_t)(eq - p - 1));
			text = talloc_strndup(ctx, eq + 4, (size_t)(vend - eq - 4));
			res->properties++;
			ck_assert_ptr_nonnull(e);
			v = reg_entry_property(e, key);
			if (!v) {
				res->missing++;
			} else {
				if (key_index >= e->properties->u.dict.count ||
				    strcmp(e->properties->u.dict.keys[key_index], key))
					res->order_errors++;
				printed = reg_value_to_literal(ctx, v, REG_LITERAL_IOREG);
				if (strcmp(printed, text) != 0) {
					if (strstr(text, "**"))
						res->redacted_lines++;
					else if (res->mismatches++ < 5 && verbose)
						fprintf(stderr, "mismatch for %s:\n file: %.200s\n ours: %.200s\n",
							key, text, printed);
				}
				talloc_free(printed);
			}
			key_index++;
			talloc_free(key);
			talloc_free(text);
			s = vend < end ? vend + 1 : end;
			continue;
		}
		s = nl ? nl + 1 : end;
	}
	talloc_free(seen);
}

struct plane_count {
	int plane;
	size_t entries, links;
};

static bool count_in_plane(void *data, struct reg_entry *e)
{
	struct plane_count *pc = data;

	if (reg_entry_in_plane(e, pc->plane)) {
		pc->entries++;
		pc->links += reg_entry_parent_count(e, pc->plane);
	}
	return true;
}

static void check_file_alone(const char *dir, const char *machine, const char *file,
			     const char *plane)
{
	size_t len;
	char *buf = read_file(test_ctx, dir, machine, file, &len);
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct ioreg_text_stats st;
	struct scanned sc;
	struct compare_result res;
	struct plane_count pc = { 0 };
	size_t nids, nlinks;

	ck_assert_ptr_nonnull(buf);
	ck_assert_msg(source_load_ioreg_text_stats(reg, buf, len, NULL, &st, &err) == 0,
		      "%s/%s: line %zu: %s", machine, file, err.line, err.message);
	ck_assert_str_eq(registry_plane_name(reg, st.plane), plane);

	scan_and_compare(test_ctx, buf, len, reg, &sc, &res, true);
	ck_assert_uint_eq(st.headers, sc.nheaders);
	nids = distinct(sc.ids, sc.nheaders);
	qsort(sc.links, sc.nlinks, 2 * sizeof(uint64_t), cmp_pair);
	nlinks = 0;
	for (size_t i = 0; i < sc.nlinks; i++)
		if (i == 0 || cmp_pair(&sc.links[2 * i], &sc.links[2 * (i - 1)]))
			nlinks++;
	pc.plane = st.plane;
	registry_foreach_entry(reg, count_in_plane, &pc);
	/* Every entry of the file (Root included) is in the plane, once. */
	ck_assert_uint_eq(registry_entry_count(reg), nids);
	ck_assert_uint_eq(pc.entries, nids);
	ck_assert_uint_eq(pc.links, nlinks);
	ck_assert_uint_eq(res.all_properties, st.properties);
	ck_assert_uint_eq(res.missing, 0);
	ck_assert_uint_eq(res.order_errors, 0);
	ck_assert_uint_eq(res.mismatches, 0);
	/* Redacted data (<a****c>) loads marked, with its text, and prints
	 * back identically like everything else. */
	ck_assert_uint_eq(res.redacted_lines, 0);
	printf("%s/%s: %zu '+-o' lines, %zu entries, %zu links in %s; %zu properties "
	       "re-printed identically, %zu of them redacted data\n",
	       machine, file, sc.nheaders, nids, nlinks, plane, res.properties, st.redacted);
	talloc_free(reg);
	talloc_free(sc.ids);
	talloc_free(sc.links);
	talloc_free(buf);
}

static void check_machine(const char *machine)
{
	const char *dir = data_dir();
	size_t len_svc, len_dt;
	char *svc, *dt;
	struct registry *reg;
	struct reg_parse_error err = { 0 };
	struct scanned sc_svc, sc_dt;
	struct compare_result res;
	size_t both = 0, all;
	int psvc, pdt;

	if (!dir) {
		printf("SKIP: %s dumps: shared/data absent\n", machine);
		return;
	}
	check_file_alone(dir, machine, "IOReg.txt", "IOService");
	check_file_alone(dir, machine, "IORegDT.txt", "IODeviceTree");

	/* Both files into one registry: entries merged by ID. */
	svc = read_file(test_ctx, dir, machine, "IOReg.txt", &len_svc);
	dt = read_file(test_ctx, dir, machine, "IORegDT.txt", &len_dt);
	reg = registry_new(test_ctx);
	ck_assert_int_eq(source_load_ioreg_text(reg, svc, len_svc, "IOService", &err), 0);
	ck_assert_int_eq(source_load_ioreg_text(reg, dt, len_dt, NULL, &err), 0);
	psvc = registry_plane_index(reg, "IOService");
	pdt = registry_plane_index(reg, "IODeviceTree");
	ck_assert_uint_eq(registry_plane_count(reg), 2);

	scan_and_compare(test_ctx, svc, len_svc, reg, &sc_svc, &res, true);
	ck_assert_uint_eq(res.mismatches, 0);
	/* Not compared: the blocks of entries first loaded from IOReg.txt were
	 * not stored, and the two captures' counters differ. */
	scan_and_compare(test_ctx, dt, len_dt, reg, &sc_dt, &res, false);
	all = distinct(sc_svc.ids, sc_svc.nheaders);
	distinct(sc_dt.ids, sc_dt.nheaders);
	for (size_t i = 0; i < sc_dt.nheaders; i++) {
		struct reg_entry *e = registry_entry_by_id(reg, sc_dt.ids[i]);
		bool in_svc = bsearch(&sc_dt.ids[i], sc_svc.ids, sc_svc.nheaders,
				      sizeof(uint64_t), cmp_u64) != NULL;
		if (i && sc_dt.ids[i] == sc_dt.ids[i - 1])
			continue;
		ck_assert_ptr_nonnull(e);
		ck_assert(reg_entry_in_plane(e, pdt));
		ck_assert(reg_entry_in_plane(e, psvc) == in_svc);
		if (in_svc)
			both++;
		else
			all++;
	}
	ck_assert_uint_eq(registry_entry_count(reg), all);
	/* The platform expert is "/" in the device tree, the model elsewhere. */
	{
		struct reg_entry *pe = reg_entry_child(registry_root(reg), pdt, 0);
		ck_assert_str_eq(reg_entry_name(pe, pdt), "/");
		ck_assert(reg_entry_in_plane(pe, psvc));
		ck_assert_str_eq(reg_entry_name(pe, psvc), machine[7] == 'p' ?
				 "MacBookPro12,1" : "MacBook8,1");
		ck_assert_ptr_nonnull(reg_entry_property(pe, "IOPlatformSerialNumber"));
	}
	printf("%s: IOReg.txt + IORegDT.txt: %zu entries, %zu in both planes\n", machine,
	       all, both);
	talloc_free(reg);
	talloc_free(svc);
	talloc_free(dt);
	talloc_free(sc_svc.ids);
	talloc_free(sc_svc.links);
	talloc_free(sc_dt.ids);
	talloc_free(sc_dt.links);
}

START_TEST(test_macbookpro12_1)
{
	check_machine("macbookpro12-1");
}
END_TEST

START_TEST(test_macbook8_1)
{
	check_machine("macbook8-1");
}
END_TEST

/* Samples checked against the raw text, not through our printer. */
START_TEST(test_dump_samples)
{
	const char *dir = data_dir();
	size_t len;
	char *buf;
	struct registry *reg;
	struct reg_parse_error err = { 0 };
	struct reg_entry *root, *e;
	struct reg_value *v, *classes;
	const char *line;

	if (!dir) {
		printf("SKIP: dump samples: shared/data absent\n");
		return;
	}
	buf = read_file(test_ctx, dir, "macbookpro12-1", "IOReg.txt", &len);
	ck_assert_ptr_nonnull(buf);
	reg = registry_new(test_ctx);
	ck_assert_int_eq(source_load_ioreg_text(reg, buf, len, NULL, &err), 0);
	root = registry_root(reg);
	ck_assert_uint_eq(root->retain, 15);
	v = reg_entry_property(root, "OSKernelCPUType");
	ck_assert_int_eq(v->u.number.value, 16777223);
	v = reg_entry_property(root, "IOConsoleLocked");
	ck_assert(v->type == REG_BOOL && !v->u.boolean);
	v = reg_entry_property(root, "IOKitDiagnostics");
	classes = reg_dict_get(v, "Classes");
	ck_assert_int_eq(classes->type, REG_DICT);
	ck_assert_int_eq(reg_dict_get(classes, "IORegistryEntry")->u.number.value, 90);
	v = reg_entry_property(root, "IOConsoleUsers");
	ck_assert_int_eq(v->type, REG_ARRAY);
	ck_assert_int_eq(reg_dict_get(v->u.array.items[0], "kCGSSessionUserIDKey")->u.number.value,
			 501);

	/* The multi-line string of the Wi-Fi interface. */
	line = strstr(buf, "\"IO80211HardwareVersion\" = \"");
	ck_assert_ptr_nonnull(line);
	e = NULL;
	{
		const char *h = line;
		while (h > buf && strncmp(h, ", id 0x", 7))
			h--;
		e = registry_entry_by_id(reg, strtoull(h + 7, NULL, 16));
	}
	ck_assert_ptr_nonnull(e);
	v = reg_entry_property(e, "IO80211HardwareVersion");
	ck_assert_ptr_nonnull(v);
	ck_assert(strncmp(v->u.string.chars, "vendorid: 0x14e4\ndeviceid: ", 27) == 0);
	ck_assert(v->u.string.chars[v->u.string.len - 1] == '\n');
	/* and the property after it, on the line after the closing quote */
	ck_assert_ptr_nonnull(reg_entry_property(e, "IO80211RSNDone"));
	talloc_free(reg);
	talloc_free(buf);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ioreg_text");
	TCase *tc = tcase_create("core");
	TCase *dumps = tcase_create("dumps");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_small_tree);
	tcase_add_test(tc, test_merge_planes);
	tcase_add_test(tc, test_header_variants);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_redacted_value);
	tcase_add_test(tc, test_float_lines);
	tcase_add_test(tc, test_float_lines_as_ioreg_prints);
	suite_add_tcase(s, tc);
	LEAK_CHECKED(dumps);
	tcase_set_timeout(dumps, 120);
	tcase_add_test(dumps, test_macbookpro12_1);
	tcase_add_test(dumps, test_macbook8_1);
	tcase_add_test(dumps, test_dump_samples);
	suite_add_tcase(s, dumps);
	return test_run_suite(s);
}
