/* Unit tests for fs/names.c: escaping, reversibility, stable disambiguation. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "fs/names.h"
#include "leak_check.h"
#include "test_util.h"

/* Each test allocates on its own child of test_ctx and frees it, so the
 * fixture sees test_ctx empty again. */
#define TEST_BEGIN void *ctx = talloc_new(test_ctx)
#define TEST_END talloc_free(ctx)

START_TEST(test_escape_plain)
{
	TEST_BEGIN;
	char *c = fs_entry_component(ctx, "PCI0", "0");

	ck_assert_str_eq(c, "PCI0@0");
	ck_assert_str_eq(fs_entry_component(ctx, "AppleACPIPlatformExpert", NULL),
			 "AppleACPIPlatformExpert");
	ck_assert_str_eq(fs_entry_component(ctx, "MacBookPro15,1", NULL),
			 "MacBookPro15,1");
	ck_assert_str_eq(fs_entry_component(ctx, "RP01", "1C,4"), "RP01@1C,4");
	TEST_END;
}
END_TEST

START_TEST(test_escape_special)
{
	TEST_BEGIN;
	ck_assert_str_eq(fs_entry_component(ctx, "Apple Internal Keyboard / Trackpad", NULL),
			 "Apple Internal Keyboard %2F Trackpad");
	ck_assert_str_eq(fs_entry_component(ctx, "100%", NULL), "100%25");
	ck_assert_str_eq(fs_entry_component(ctx, "a~b", NULL), "a%7Eb");
	ck_assert_str_eq(fs_entry_component(ctx, "a@b", "c@d"), "a%40b@c@d");
	ck_assert_str_eq(fs_entry_component(ctx, ".", NULL), "%2E");
	ck_assert_str_eq(fs_entry_component(ctx, "..", NULL), "%2E.");
	ck_assert_str_eq(fs_entry_component(ctx, ".ioreg", NULL), "%2Eioreg");
	ck_assert_str_eq(fs_entry_component(ctx, "a.b", ".1"), "a.b@.1");
	ck_assert_str_eq(fs_entry_component(ctx, "", NULL), "%00");
	ck_assert_str_eq(fs_entry_component(ctx, NULL, NULL), "%00");
	ck_assert_str_eq(fs_entry_component(ctx, "", "3"), "@3");
	ck_assert_str_eq(fs_entry_component(ctx, "x", ""), "x");
	ck_assert_str_eq(fs_entry_component(ctx, "tab\there\n", NULL), "tab%09here%0A");
	TEST_END;
}
END_TEST

static void round_trip(void *ctx, const char *name, const char *location)
{
	char *c = fs_entry_component(ctx, name, location);
	char *n = NULL, *l = NULL;
	uint64_t id = 1;

	ck_assert_ptr_nonnull(c);
	ck_assert_msg(strchr(c, '/') == NULL, "slash in %s", c);
	ck_assert_msg(c[0] != '.', "leading dot in %s", c);
	ck_assert(fs_entry_component_parse(ctx, c, &n, &l, &id));
	ck_assert_str_eq(n, name);
	if (location)
		ck_assert_str_eq(l, location);
	else
		ck_assert_ptr_null(l);
	ck_assert_uint_eq(id, 0);
}

START_TEST(test_round_trip)
{
	TEST_BEGIN;
	round_trip(ctx, "Apple Internal Keyboard / Trackpad", NULL);
	round_trip(ctx, "%2F", "x/y");
	round_trip(ctx, "a@b@c", "1@2");
	round_trip(ctx, "..", NULL);
	round_trip(ctx, ".hidden", ".loc");
	round_trip(ctx, "~0x1", NULL);
	round_trip(ctx, "\x01\x7f\xc3\xa9", NULL);
	TEST_END;
}
END_TEST

START_TEST(test_unescape_errors)
{
	TEST_BEGIN;
	ck_assert_ptr_null(fs_name_unescape(ctx, "%"));
	ck_assert_ptr_null(fs_name_unescape(ctx, "%2"));
	ck_assert_ptr_null(fs_name_unescape(ctx, "%zz"));
	ck_assert_ptr_null(fs_name_unescape(ctx, "abc%4"));
	ck_assert_str_eq(fs_name_unescape(ctx, "%2f%2F%25"), "//%");
	TEST_END;
}
END_TEST

START_TEST(test_parse_suffix)
{
	TEST_BEGIN;
	char *n, *l;
	uint64_t id;

	ck_assert(fs_entry_component_parse(ctx, "IOPP@1~0x100000123", &n, &l, &id));
	ck_assert_str_eq(n, "IOPP");
	ck_assert_str_eq(l, "1");
	ck_assert_uint_eq(id, 0x100000123ULL);
	ck_assert(!fs_entry_component_parse(ctx, "IOPP~12", &n, &l, &id));
	ck_assert(!fs_entry_component_parse(ctx, "IOPP~0x", &n, &l, &id));
	ck_assert(!fs_entry_component_parse(ctx, "IOPP~0x12z", &n, &l, &id));
	ck_assert(!fs_entry_component_parse(ctx, "bad%", &n, &l, &id));
	TEST_END;
}
END_TEST

static const char *final_of(struct fs_named *items, size_t n, uint64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (items[i].id == id)
			return items[i].final;
	return NULL;
}

START_TEST(test_duplicates)
{
	TEST_BEGIN;
	struct fs_named items[] = {
		{ .base = "IOPP", .id = 0x100000200 },
		{ .base = "Other", .id = 0x100000201 },
		{ .base = "IOPP", .id = 0x100000202 },
		{ .base = "IOPP@1", .id = 0x100000203 },
	};
	size_t n = sizeof(items) / sizeof(items[0]);

	ck_assert_int_eq(fs_names_assign(ctx, items, n), 0);
	ck_assert_str_eq(final_of(items, n, 0x100000200), "IOPP~0x100000200");
	ck_assert_str_eq(final_of(items, n, 0x100000202), "IOPP~0x100000202");
	ck_assert_str_eq(final_of(items, n, 0x100000201), "Other");
	ck_assert_str_eq(final_of(items, n, 0x100000203), "IOPP@1");
	TEST_END;
}
END_TEST

/* A sibling coming or going never renames members of other groups, and the
 * members of a duplicate group keep their names while the group has two or
 * more members. */
START_TEST(test_stability)
{
	TEST_BEGIN;
	struct fs_named before[] = {
		{ .base = "A", .id = 1 }, { .base = "A", .id = 2 }, { .base = "A", .id = 3 },
		{ .base = "B", .id = 4 },
	};
	struct fs_named after[] = {
		{ .base = "A", .id = 3 }, { .base = "C", .id = 9 }, { .base = "A", .id = 1 },
		{ .base = "B", .id = 4 },
	};

	ck_assert_int_eq(fs_names_assign(ctx, before, 4), 0);
	ck_assert_int_eq(fs_names_assign(ctx, after, 4), 0);
	ck_assert_str_eq(final_of(before, 4, 1), final_of(after, 4, 1));
	ck_assert_str_eq(final_of(before, 4, 3), final_of(after, 4, 3));
	ck_assert_str_eq(final_of(before, 4, 4), "B");
	ck_assert_str_eq(final_of(after, 4, 4), "B");
	ck_assert_str_eq(final_of(after, 4, 9), "C");
	TEST_END;
}
END_TEST

START_TEST(test_long_names)
{
	TEST_BEGIN;
	char *longname = talloc_array(ctx, char, 400);
	struct fs_named items[2];
	char *n, *l;
	uint64_t id;

	memset(longname, 'x', 399);
	longname[399] = '\0';
	/* An escape straddling the cut must not be split. */
	longname[FS_NAME_MAX - 20] = '/';
	items[0].base = fs_entry_component(ctx, longname, NULL);
	items[0].id = 0x1234;
	items[1].base = "short";
	items[1].id = 0x99;
	ck_assert_int_eq(fs_names_assign(ctx, items, 2), 0);
	ck_assert_uint_le(strlen(items[0].final), FS_NAME_MAX);
	ck_assert_ptr_nonnull(strstr(items[0].final, "~0x1234"));
	ck_assert(fs_entry_component_parse(ctx, items[0].final, &n, &l, &id));
	ck_assert_uint_eq(id, 0x1234);
	ck_assert_str_eq(items[1].final, "short");
	TEST_END;
}
END_TEST

START_TEST(test_key_names)
{
	TEST_BEGIN;
	char *longkey = talloc_array(ctx, char, 600);
	char *a, *b;

	ck_assert_str_eq(fs_key_file_name(ctx, "IOClass"), "IOClass");
	ck_assert_str_eq(fs_key_file_name(ctx, "a/b"), "a%2Fb");
	ck_assert_str_eq(fs_key_file_name(ctx, ".x"), "%2Ex");
	ck_assert_str_eq(fs_key_file_name(ctx, "k@1"), "k@1");
	ck_assert_str_eq(fs_key_file_name(ctx, ""), "%00");
	memset(longkey, '%', 599);
	longkey[599] = '\0';
	a = fs_key_file_name(ctx, longkey);
	ck_assert_uint_le(strlen(a), FS_NAME_MAX);
	longkey[598] = 'y';
	b = fs_key_file_name(ctx, longkey);
	ck_assert_uint_le(strlen(b), FS_NAME_MAX);
	ck_assert_str_ne(a, b);
	TEST_END;
}
END_TEST

static Suite *names_suite(void)
{
	Suite *s = suite_create("names");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_escape_plain);
	tcase_add_test(tc, test_escape_special);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_unescape_errors);
	tcase_add_test(tc, test_parse_suffix);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_stability);
	tcase_add_test(tc, test_long_names);
	tcase_add_test(tc, test_key_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(names_suite());
}
