/* Unit tests for fs/user_value.c and fs/last_error.c: setfattr's decoded
 * forms, negative numbers, the one-line reasons, per-uid last errors. */
#include <check.h>
#include <string.h>
#include <talloc.h>

#include "fs/last_error.h"
#include "fs/user_value.h"
#include "leak_check.h"
#include "test_util.h"
#include "value_literal.h"

#define TEST_BEGIN void *ctx = talloc_new(test_ctx); char why[512] = ""
#define TEST_END talloc_free(ctx)

static struct reg_value *lit(void *ctx, const char *text)
{
	struct reg_value *v = reg_value_from_literal(ctx, text, strlen(text),
						     REG_LITERAL_EXACT, NULL);
	ck_assert_ptr_nonnull(v);
	return v;
}

static struct reg_value *user(void *ctx, const char *text, size_t len,
			      const struct reg_value *like, char *why)
{
	return fs_value_from_user_text(ctx, text, len, like, why, 512);
}

START_TEST(test_setfattr_string_forms)
{
	TEST_BEGIN;
	struct reg_value *v;

	/* setfattr -v '"str"' sends str: a new property and a string both
	 * take it as the string */
	v = user(ctx, "str", 3, NULL, why);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, "str");
	v = user(ctx, "other words", 11, lit(ctx, "\"x\""), why);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->u.string.chars, "other words");
	/* a literal still sets any type */
	v = user(ctx, "\"42\"", 4, NULL, why);
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, "42");
	TEST_END;
}
END_TEST

START_TEST(test_setfattr_raw_bytes)
{
	TEST_BEGIN;
	struct reg_value *v;
	const char raw[] = { 0x00, (char)0xff, 0x01 };

	/* setfattr -v 0x00ff01 sends three bytes: data, new or existing */
	v = user(ctx, raw, 3, NULL, why);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, REG_DATA);
	ck_assert_uint_eq(v->u.data.len, 3);
	ck_assert_int_eq(v->u.data.bytes[1], 0xff);
	v = user(ctx, raw, 3, lit(ctx, "<0a>"), why);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, REG_DATA);
	/* hex text for data still works */
	v = user(ctx, "0a0b", 4, lit(ctx, "<0a>"), why);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->u.data.len, 2);
	/* setfattr -v 0x41 sends "A": not hex, refused with the way out */
	ck_assert_ptr_null(user(ctx, "A", 1, lit(ctx, "<0a>"), why));
	ck_assert_ptr_nonnull(strstr(why, "expected data"));
	ck_assert_ptr_nonnull(strstr(why, "-v '\"0a0b\"'"));
	/* raw bytes for a number are refused, never read as a number */
	ck_assert_ptr_null(user(ctx, raw, 3, lit(ctx, "7:32"), why));
	TEST_END;
}
END_TEST

START_TEST(test_numbers)
{
	TEST_BEGIN;
	struct reg_value *v;

	v = user(ctx, "42\n", 3, lit(ctx, "7:32"), why);
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->u.number.value, 42);
	ck_assert_uint_eq(v->u.number.width, 32);
	/* setfattr -v 0x2a sends "*" */
	ck_assert_ptr_null(user(ctx, "*", 1, lit(ctx, "7:32"), why));
	ck_assert_ptr_nonnull(strstr(why, "expected a number (32-bit"));
	ck_assert_ptr_nonnull(strstr(why, "-v '\"0x2a\"'"));
	/* -1 never wraps silently */
	ck_assert_ptr_null(user(ctx, "-1", 2, lit(ctx, "7:32"), why));
	ck_assert_ptr_nonnull(strstr(why, "negative numbers are refused"));
	ck_assert_ptr_nonnull(strstr(why, "4294967295"));
	ck_assert_ptr_null(user(ctx, "-1", 2, lit(ctx, "7:64"), why));
	ck_assert_ptr_nonnull(strstr(why, "18446744073709551615"));
	ck_assert_ptr_null(user(ctx, "-5", 2, NULL, why));
	/* the unsigned spelling is taken */
	v = user(ctx, "4294967295", 10, lit(ctx, "7:32"), why);
	ck_assert_ptr_nonnull(v);
	TEST_END;
}
END_TEST

START_TEST(test_other_types)
{
	TEST_BEGIN;

	ck_assert_ptr_null(user(ctx, "maybe", 5, lit(ctx, "Yes"), why));
	ck_assert_ptr_nonnull(strstr(why, "expected a boolean (Yes or No)"));
	ck_assert_ptr_null(user(ctx, "{bad", 4, lit(ctx, "{\"a\"=1}"), why));
	ck_assert_ptr_nonnull(strstr(why, "expected a dictionary literal"));
	TEST_END;
}
END_TEST

START_TEST(test_last_error_per_uid)
{
	TEST_BEGIN;
	struct fs_last_errors *t = fs_last_errors_new(ctx);

	(void)why;

	ck_assert_str_eq(fs_last_error_render(ctx, t, 1000), "");
	fs_last_error_set(t, 1000, "first");
	fs_last_error_set(t, 1001, "theirs");
	fs_last_error_set(t, 1000, "second");
	ck_assert_str_eq(fs_last_error_render(ctx, t, 1000), "second\n");
	ck_assert_str_eq(fs_last_error_render(ctx, t, 1001), "theirs\n");
	ck_assert_str_eq(fs_last_error_render(ctx, t, 0), "");
	/* more users than slots: the oldest goes, the newest stay */
	for (uid_t u = 2000; u < 2000 + FS_LAST_ERROR_USERS; u++)
		fs_last_error_set(t, u, "x");
	ck_assert_str_eq(fs_last_error_render(ctx, t, 1000), "");
	ck_assert_str_eq(fs_last_error_render(ctx, t, 2000 + FS_LAST_ERROR_USERS - 1), "x\n");
	TEST_END;
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("user_value");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_setfattr_string_forms);
	tcase_add_test(tc, test_setfattr_raw_bytes);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_other_types);
	tcase_add_test(tc, test_last_error_per_uid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
