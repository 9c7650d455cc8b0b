/* Unit tests for registry/value.c: construction, containers, equality, copy. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "leak_check.h"
#include "test_util.h"
#include "value.h"

START_TEST(test_number_widths)
{
	struct reg_value *n = reg_value_new_number(test_ctx, 0xffffffffLL, 32);

	ck_assert_ptr_nonnull(n);
	ck_assert_int_eq(n->u.number.value, -1);	/* CF sign-extends */
	ck_assert_uint_eq(n->u.number.width, 32);
	n = reg_value_new_number(test_ctx, 0x1ff, 8);
	ck_assert_int_eq(n->u.number.value, -1);
	n = reg_value_new_number(test_ctx, 4294967295LL, 0);
	ck_assert_uint_eq(n->u.number.width, 64);
	n = reg_value_new_number(test_ctx, -5, 0);
	ck_assert_uint_eq(n->u.number.width, 32);
	ck_assert_ptr_null(reg_value_new_number(test_ctx, 1, 12));
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_dict_order_and_replace)
{
	struct reg_value *d = reg_value_new_dict(test_ctx);

	ck_assert_int_eq(reg_dict_set(d, "b", reg_value_new_number(test_ctx, 1, 0)), 0);
	ck_assert_int_eq(reg_dict_set(d, "a", reg_value_new_string(test_ctx, "x")), 0);
	ck_assert_int_eq(reg_dict_set(d, "b", reg_value_new_bool(test_ctx, true)), 0);
	ck_assert_uint_eq(d->u.dict.count, 2);
	ck_assert_str_eq(d->u.dict.keys[0], "b");
	ck_assert_int_eq(reg_dict_get(d, "b")->type, REG_BOOL);
	ck_assert(reg_dict_remove(d, "b"));
	ck_assert(!reg_dict_remove(d, "b"));
	ck_assert_str_eq(d->u.dict.keys[0], "a");
	ck_assert_ptr_null(reg_dict_get(d, "zz"));
	talloc_free(d);
}
END_TEST

static struct reg_value *sample(void *ctx, bool reversed)
{
	struct reg_value *d = reg_value_new_dict(ctx), *a = reg_value_new_array(ctx);
	struct reg_value *s = reg_value_new_set(ctx);
	const uint8_t bytes[] = { 0, 1, 0xff, 'a' };

	reg_array_append(a, reg_value_new_data(ctx, bytes, sizeof(bytes)));
	reg_array_append(a, reg_value_new_number(ctx, 7, 16));
	reg_array_append(s, reg_value_new_string(ctx, reversed ? "y" : "x"));
	reg_array_append(s, reg_value_new_string(ctx, reversed ? "x" : "y"));
	if (reversed) {
		reg_dict_set(d, "set", s);
		reg_dict_set(d, "arr", a);
	} else {
		reg_dict_set(d, "arr", a);
		reg_dict_set(d, "set", s);
	}
	return d;
}

START_TEST(test_equal_vs_identical)
{
	struct reg_value *a = sample(test_ctx, false), *b = sample(test_ctx, true);
	struct reg_value *c;

	ck_assert(reg_value_equal(a, b));
	ck_assert(!reg_value_identical(a, b));
	c = reg_value_copy(test_ctx, a);
	ck_assert(reg_value_identical(a, c));
	/* A width change is equal but not identical. */
	reg_dict_get(c, "arr")->u.array.items[1]->u.number.width = 32;
	ck_assert(reg_value_equal(a, c));
	ck_assert(!reg_value_identical(a, c));
	/* Strings and symbols are equal, as CFStrings are. */
	ck_assert(reg_value_equal(reg_value_new_string(test_ctx, "k"),
				  reg_value_new_symbol(test_ctx, "k")));
	ck_assert(!reg_value_identical(reg_value_new_string(test_ctx, "k"),
				       reg_value_new_symbol(test_ctx, "k")));
	ck_assert(!reg_value_equal(reg_value_new_string(test_ctx, "k"),
				   reg_value_new_data(test_ctx, "k", 1)));
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_empty_data)
{
	struct reg_value *d = reg_value_new_data(test_ctx, NULL, 0);

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(d->u.data.bytes);
	ck_assert(reg_value_equal(d, reg_value_new_data(test_ctx, "", 0)));
	talloc_free_children(test_ctx);
}
END_TEST

/* reg_dict_take moves a value out: same pointer, new parent, key gone. */
START_TEST(test_dict_take)
{
	struct reg_value *d = reg_value_new_dict(test_ctx);
	struct reg_value *inner = reg_value_new_dict(test_ctx);
	void *other = talloc_new(test_ctx);
	struct reg_value *taken;

	ck_assert_int_eq(reg_dict_set(inner, "k", reg_value_new_string(test_ctx, "v")), 0);
	ck_assert_int_eq(reg_dict_set(d, "first", reg_value_new_bool(test_ctx, true)), 0);
	ck_assert_int_eq(reg_dict_set(d, "props", inner), 0);
	ck_assert_int_eq(reg_dict_set(d, "last", reg_value_new_bool(test_ctx, false)), 0);
	taken = reg_dict_take(d, "props", other);
	ck_assert_ptr_eq(taken, inner);
	ck_assert_ptr_eq(talloc_parent(taken), other);
	ck_assert_uint_eq(d->u.dict.count, 2);
	ck_assert_str_eq(d->u.dict.keys[1], "last");
	ck_assert_ptr_null(reg_dict_get(d, "props"));
	ck_assert_ptr_null(reg_dict_take(d, "props", other));
	talloc_free(d);	/* the taken value outlives its old dictionary */
	ck_assert_str_eq(reg_dict_get(taken, "k")->u.string.chars, "v");
	talloc_free_children(test_ctx);
}
END_TEST

/* An alias shows the same contents and frees only itself. */
START_TEST(test_alias)
{
	struct reg_value *d = reg_value_new_dict(test_ctx), *reply, *alias;

	ck_assert_int_eq(reg_dict_set(d, "k", reg_value_new_string(test_ctx, "v")), 0);
	reply = reg_value_new_dict(test_ctx);
	alias = reg_value_alias(reply, d);
	ck_assert_ptr_nonnull(alias);
	ck_assert_int_eq(reg_dict_set(reply, "properties", alias), 0);
	ck_assert(reg_value_identical(reg_dict_get(reply, "properties"), d));
	ck_assert_ptr_eq(alias->u.dict.keys, d->u.dict.keys);
	talloc_free(reply);
	ck_assert_uint_eq(d->u.dict.count, 1);
	ck_assert_str_eq(reg_dict_get(d, "k")->u.string.chars, "v");
	talloc_free_children(test_ctx);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("value");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_number_widths);
	tcase_add_test(tc, test_dict_order_and_replace);
	tcase_add_test(tc, test_equal_vs_identical);
	tcase_add_test(tc, test_empty_data);
	tcase_add_test(tc, test_dict_take);
	tcase_add_test(tc, test_alias);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
