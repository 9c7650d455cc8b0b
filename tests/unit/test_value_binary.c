/* Unit tests for proto/value_binary.c (IOKit binary serialization). */
#include <check.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "leak_check.h"
#include "test_util.h"
#include "value_binary.h"

/* A deterministic pseudo-random value tree of every type. */
static struct reg_value *random_value(void *ctx, unsigned *seed, unsigned depth)
{
	static const unsigned widths[] = { 8, 16, 32, 64 };
	unsigned pick;

	*seed = *seed * 1103515245u + 12345u;
	pick = (*seed >> 16) % (depth < 4 ? 8 : 5);
	switch (pick) {
	case 0: {
		uint8_t bytes[40];
		size_t n = (*seed >> 3) % sizeof(bytes);
		for (size_t i = 0; i < n; i++)
			bytes[i] = (uint8_t)(*seed >> (i % 24));
		return reg_value_new_data(ctx, bytes, n);
	}
	case 1:
		/* Floats go as IOKit's widths 31 and 63. */
		if (((*seed >> 5) & 3) == 0)
			return reg_value_new_real(ctx, (double)(int32_t)*seed / 1024.0,
						  (*seed & 64) ? REG_NUMBER_FLOAT32
							       : REG_NUMBER_FLOAT64);
		return reg_value_new_number(ctx, (int64_t)((uint64_t)*seed * 0x9e3779b97f4a7c15ULL),
					    widths[(*seed >> 7) % 4]);
	case 2:
		return reg_value_new_bool(ctx, *seed & 1);
	case 3:
		return reg_value_new_string(ctx, (*seed & 2) ? "" : "Apple Internal Keyboard / Trackpad");
	case 4:
		return reg_value_new_data(ctx, "ab\0c", 4);
	default: {
		enum reg_value_type t = pick == 5 ? REG_DICT : pick == 6 ? REG_ARRAY : REG_SET;
		struct reg_value *c = t == REG_DICT ? reg_value_new_dict(ctx)
				    : t == REG_ARRAY ? reg_value_new_array(ctx) : reg_value_new_set(ctx);
		unsigned n = (*seed >> 9) % 5;
		for (unsigned i = 0; i < n; i++) {
			struct reg_value *item = random_value(c, seed, depth + 1);
			if (t == REG_DICT) {
				char key[16];
				snprintf(key, sizeof(key), "k%u", i);
				reg_dict_set(c, key, item);
			} else {
				reg_array_append(c, item);
			}
		}
		return c;
	}
	}
}

START_TEST(test_round_trip_random)
{
	unsigned seed = 7;

	for (int i = 0; i < 500; i++) {
		void *tmp = talloc_new(test_ctx);
		struct reg_value *v = random_value(tmp, &seed, 0), *back;
		struct reg_parse_error err = { .message = "" };
		size_t len;
		uint8_t *bin = reg_value_to_binary(tmp, v, &len);

		ck_assert_ptr_nonnull(bin);
		ck_assert_uint_eq(len % 4, 0);
		back = reg_value_from_binary(tmp, bin, len, &err);
		ck_assert_msg(back != NULL, "round %d: %s", i, err.message);
		ck_assert(reg_value_identical(v, back));
		/* Every truncation is an error, never a crash. */
		for (size_t cut = 0; cut < len; cut += 4) {
			struct reg_parse_error e2 = { .message = "" };
			ck_assert_ptr_null(reg_value_from_binary(tmp, bin, cut, &e2));
			ck_assert(e2.message[0]);
		}
		talloc_free(tmp);
	}
}
END_TEST

static void w32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

START_TEST(test_references_and_hostile_input)
{
	struct reg_parse_error err = { .message = "" };
	uint8_t buf[64];
	struct reg_value *v;

	/* [ "ab", ref(1) ]: a reference copies the earlier string. */
	w32(buf, 0xd3);
	w32(buf + 4, 0x02000002);		/* array of 2 */
	w32(buf + 8, 0x09000002);		/* string "ab" */
	memcpy(buf + 12, "ab\0\0", 4);
	w32(buf + 16, 0x8c000001);		/* last: ref to object 1 */
	v = reg_value_from_binary(test_ctx, buf, 20, &err);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->u.array.count, 2);
	ck_assert_str_eq(v->u.array.items[1]->u.string.chars, "ab");
	talloc_free(v);

	/* A reference to the enclosing array is a cycle. */
	w32(buf + 16, 0x8c000000);
	memset(&err, 0, sizeof(err));
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, 20, &err));
	ck_assert_str_eq(err.message, "reference to an unknown or enclosing object");

	/* Bad signature, bad width, symbol without NUL, unknown type. */
	w32(buf, 0xd4);
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, 20, NULL));
	w32(buf, 0xd3);
	w32(buf + 4, 0x84000007);
	memset(buf + 8, 0, 8);
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, 16, NULL));
	w32(buf + 4, 0x88000002);
	memcpy(buf + 8, "ab\0\0", 4);
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, 12, NULL));
	w32(buf + 4, 0x8f000000);
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, 8, NULL));
	/* A count far larger than the data is a truncation. */
	w32(buf + 4, 0x82ffffff);
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, 8, NULL));
}
END_TEST

START_TEST(test_reference_blowup_is_refused)
{
	/* Each array holds two references to the previous one: 2^40 nodes. */
	enum { LEVELS = 40 };
	uint8_t buf[8 + 4 + LEVELS * 12 + 4];
	size_t pos = 0;
	struct reg_parse_error err = { .message = "" };

	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x02000000 | (LEVELS + 1)); pos += 4;	/* outer array */
	w32(buf + pos, 0x0b000001); pos += 4;			/* object 1: true */
	for (int i = 0; i < LEVELS; i++) {
		bool last = i == LEVELS - 1;
		w32(buf + pos, 0x02000002 | (last ? 0x80000000u : 0)); pos += 4;
		w32(buf + pos, 0x0c000000 | (uint32_t)(i + 1)); pos += 4;
		w32(buf + pos, 0x8c000000 | (uint32_t)(i + 1)); pos += 4;
	}
	{
		struct timespec t0, t1;
		double ms;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, pos, &err));
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		/* Refused after a budget linear in the input (4096 + 4 per
		 * byte), not after a million copies: generous bound, the
		 * measured figure is printed. */
		printf("blow-up (%zu bytes) refused in %.3f ms\n", pos, ms);
		ck_assert_msg(ms < 250, "took %.1f ms", ms);
	}
	ck_assert(err.message[0]);
	ck_assert_uint_eq(reg_binary_node_budget(pos), 4096 + 4 * pos);
	ck_assert_uint_eq(reg_binary_node_budget(1u << 30), REG_BINARY_MAX_OBJECTS);
}
END_TEST

START_TEST(test_reference_byte_blowup_is_refused)
{
	/* [ data of 64 KiB, 1000 references to it ] and { "k": true } whose
	 * keys are 1000 references to one 64 KiB string: 68 KB of input
	 * that would copy 64 MB.  The node budget passes both (about a
	 * thousand values); the byte budget (64 KiB + 4 per input byte)
	 * refuses them. */
	enum { BIG = 64 * 1024, REFS = 1000 };
	size_t len = 16 + BIG + 8 * REFS, pos = 0;
	uint8_t *buf = talloc_zero_size(test_ctx, len);
	struct reg_parse_error err = { .message = "" };

	ck_assert_ptr_nonnull(buf);
	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x02000000 | (REFS + 1)); pos += 4;	/* object 0: array */
	w32(buf + pos, 0x0a000000 | BIG); pos += 4;		/* object 1: data */
	memset(buf + pos, 'A', BIG); pos += BIG;
	for (int i = 0; i < REFS; i++) {
		w32(buf + pos, 0x0c000001 | (i == REFS - 1 ? 0x80000000u : 0));
		pos += 4;
	}
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, pos, &err));
	ck_assert_str_eq(err.message, "references expand to too many bytes");

	/* Keys: [ string of 64 KiB, { ref 1: true, ref 1: true, ... } ] */
	pos = 0;
	memset(&err, 0, sizeof(err));
	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x02000002); pos += 4;			/* object 0: array */
	w32(buf + pos, 0x09000000 | BIG); pos += 4;		/* object 1: string */
	memset(buf + pos, 'k', BIG); pos += BIG;
	w32(buf + pos, 0x81000000 | REFS); pos += 4;		/* last: dict */
	for (int i = 0; i < REFS; i++) {
		w32(buf + pos, 0x0c000001); pos += 4;
		w32(buf + pos, 0x0b000001 | (i == REFS - 1 ? 0x80000000u : 0)); pos += 4;
	}
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, pos, &err));
	ck_assert_str_eq(err.message, "references expand to too many bytes");

	/* A few references to a large object stay within the budget. */
	pos = 0;
	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x02000004); pos += 4;
	w32(buf + pos, 0x0a000000 | BIG); pos += 4;
	memset(buf + pos, 'A', BIG); pos += BIG;
	for (int i = 0; i < 3; i++) {
		w32(buf + pos, 0x0c000001 | (i == 2 ? 0x80000000u : 0));
		pos += 4;
	}
	{
		struct reg_value *v = reg_value_from_binary(test_ctx, buf, pos, NULL);

		ck_assert_ptr_nonnull(v);
		ck_assert_uint_eq(v->u.array.count, 4);
		ck_assert_uint_eq(v->u.array.items[3]->u.data.len, BIG);
		talloc_free(v);
	}
	ck_assert_uint_eq(reg_binary_byte_budget(pos), 65536 + 4 * pos);
	talloc_free(buf);
}
END_TEST

START_TEST(test_repeated_key_then_reference)
{
	/* { "k": ["x"], "k": true, "r": ref to the first ["x"] }: the
	 * repeated key replaces the array, which a later reference still
	 * names (a use after free before, found by fuzzing .iokit/notify as
	 * uid 65534). */
	uint8_t buf[80];
	size_t pos = 0;
	struct reg_value *v;

	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x81000003); pos += 4;		/* object 0: dict of 3 */
	w32(buf + pos, 0x08000002); pos += 4;		/* object 1: key "k" */
	memcpy(buf + pos, "k\0\0\0", 4); pos += 4;
	w32(buf + pos, 0x02000001); pos += 4;		/* object 2: array of 1 */
	w32(buf + pos, 0x89000001); pos += 4;		/* object 3: last, "x" */
	memcpy(buf + pos, "x\0\0\0", 4); pos += 4;
	w32(buf + pos, 0x08000002); pos += 4;		/* object 4: key "k" */
	memcpy(buf + pos, "k\0\0\0", 4); pos += 4;
	w32(buf + pos, 0x0b000001); pos += 4;		/* object 5: true */
	w32(buf + pos, 0x08000002); pos += 4;		/* object 6: key "r" */
	memcpy(buf + pos, "r\0\0\0", 4); pos += 4;
	w32(buf + pos, 0x8c000002); pos += 4;		/* last: ref to object 2 */
	v = reg_value_from_binary(test_ctx, buf, pos, NULL);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->u.dict.count, 2);
	ck_assert_int_eq(reg_dict_get(v, "k")->type, REG_BOOL);
	ck_assert_int_eq(reg_dict_get(v, "r")->type, REG_ARRAY);
	ck_assert_str_eq(reg_dict_get(v, "r")->u.array.items[0]->u.string.chars, "x");
	talloc_free(v);
}
END_TEST

START_TEST(test_many_keys_linear)
{
	/* A dictionary of 100,000 distinct keys, then each of the first ten
	 * again (later wins).  Each key was looked up among all the earlier
	 * ones: n^2/2 comparisons, 21 s for 40,000 keys in the daemon (ASan).
	 * Bound generous; the figure is printed. */
	enum { N = 100000, AGAIN = 10 };
	size_t len = 8 + (N + AGAIN) * 24, pos = 0;
	uint8_t *buf = talloc_zero_size(test_ctx, len);
	struct reg_value *v;
	struct timespec t0, t1;
	double ms;
	char key[8];

	ck_assert_ptr_nonnull(buf);
	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x81000000 | (N + AGAIN)); pos += 4;
	for (int i = 0; i < N + AGAIN; i++) {
		snprintf(key, sizeof(key), "%07x", i < N ? i : i - N);
		w32(buf + pos, 0x08000008); pos += 4;
		memcpy(buf + pos, key, 8); pos += 8;
		w32(buf + pos, 0x04000020 | (i + 1 == N + AGAIN ? 0x80000000u : 0)); pos += 4;
		memset(buf + pos, 0, 8);
		buf[pos] = i < N ? 1 : 2;
		pos += 8;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	v = reg_value_from_binary(test_ctx, buf, pos, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	printf("%d-key dictionary decoded in %.1f ms\n", N, ms);
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->u.dict.count, N);
	ck_assert_int_eq(reg_dict_get(v, "0000003")->u.number.value, 2);
	ck_assert_int_eq(reg_dict_get(v, "000000a")->u.number.value, 1);
	ck_assert_str_eq(v->u.dict.keys[N - 1], "001869f");
	ck_assert_msg(ms < 5000, "took %.1f ms", ms);
	talloc_free(v);
	talloc_free(buf);
}
END_TEST

START_TEST(test_deep_nesting_is_refused)
{
	enum { DEPTH = 200 };
	uint8_t buf[4 + DEPTH * 4 + 4];
	struct reg_parse_error err = { .message = "" };

	w32(buf, 0xd3);
	for (int i = 0; i < DEPTH; i++)
		w32(buf + 4 + 4 * i, 0x82000001);
	w32(buf + 4 + 4 * DEPTH, 0x8b000001);
	ck_assert_ptr_null(reg_value_from_binary(test_ctx, buf, sizeof(buf), &err));
	ck_assert_str_eq(err.message, "nesting deeper than the limit");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("value_binary");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_round_trip_random);
	tcase_add_test(tc, test_references_and_hostile_input);
	tcase_add_test(tc, test_reference_blowup_is_refused);
	tcase_add_test(tc, test_reference_byte_blowup_is_refused);
	tcase_add_test(tc, test_repeated_key_then_reference);
	tcase_add_test(tc, test_many_keys_linear);
	tcase_add_test(tc, test_deep_nesting_is_refused);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
