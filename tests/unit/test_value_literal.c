/* Unit tests for registry/value_literal.c: ioreg literal printing and
 * parsing, EXACT round trips, errors, bare values. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "leak_check.h"
#include "test_util.h"
#include "value.h"
#include "value_literal.h"

static char *lit(const struct reg_value *v, unsigned flags)
{
	char *s = reg_value_to_literal(test_ctx, v, flags);
	ck_assert_ptr_nonnull(s);
	return s;
}

static struct reg_value *data(const void *b, size_t n)
{
	return reg_value_new_data(test_ctx, b, n);
}

static struct reg_value *parse(const char *text, unsigned flags)
{
	struct reg_parse_error err = { 0 };
	struct reg_value *v = reg_value_from_literal(test_ctx, text, strlen(text), flags, &err);
	ck_assert_msg(v != NULL, "parse of %s failed: %s at %zu", text, err.message, err.offset);
	return v;
}

/* Parsing text fails at offset, with a message containing what. */
static void parse_fails(const char *text, unsigned flags, size_t offset, const char *what)
{
	struct reg_parse_error err = { 0 };
	struct reg_value *v = reg_value_from_literal(test_ctx, text, strlen(text), flags, &err);

	ck_assert_msg(v == NULL, "parse of %s should fail", text);
	ck_assert_msg(err.offset == offset, "%s: error at %zu (%s), expected %zu", text,
		      err.offset, err.message, offset);
	ck_assert_msg(strstr(err.message, what), "%s: message '%s' lacks '%s'", text,
		      err.message, what);
}

START_TEST(test_print_ioreg_scalars)
{
	ck_assert_str_eq(lit(reg_value_new_string(test_ctx, "a b"), 0), "\"a b\"");
	/* No escaping at all, as ioreg prints. */
	ck_assert_str_eq(lit(reg_value_new_string(test_ctx, "a\"b\\c"), 0), "\"a\"b\\c\"");
	ck_assert_str_eq(lit(reg_value_new_symbol(test_ctx, "sym"), 0), "\"sym\"");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, 42, 0), 0), "42");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 32), 0), "18446744073709551615");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 8), 0), "18446744073709551615");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, 4294967295LL, 64), 0), "4294967295");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, INT64_MIN, 64), 0),
			 "9223372036854775808");
	ck_assert_str_eq(lit(reg_value_new_bool(test_ctx, true), 0), "Yes");
	ck_assert_str_eq(lit(reg_value_new_bool(test_ctx, false), 0), "No");
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_print_ioreg_data)
{
	ck_assert_str_eq(lit(data("\x0a\x0b\xff", 3), 0), "<0a0bff>");
	ck_assert_str_eq(lit(data("", 0), 0), "<>");
	ck_assert_str_eq(lit(data("abc", 4), 0), "<\"abc\">");		/* with NUL */
	ck_assert_str_eq(lit(data("abc", 3), 0), "<\"abc\">");		/* without */
	ck_assert_str_eq(lit(data("a\0bc\0", 5), 0), "<\"a\",\"bc\">");
	ck_assert_str_eq(lit(data("a\0bc", 4), 0), "<\"a\",\"bc\">");
	/* A NUL must be followed by a string or the end. */
	ck_assert_str_eq(lit(data("abc\0\0", 5), 0), "<6162630000>");
	ck_assert_str_eq(lit(data("\0abc", 4), 0), "<00616263>");
	ck_assert_str_eq(lit(data("a", 1), 0), "<61>");		/* one byte: never */
	ck_assert_str_eq(lit(data("ab", 2), 0), "<\"ab\">");
	ck_assert_str_eq(lit(data("a\tb", 3), 0), "<610962>");	/* tab is not printable */
	/* High bytes count as symbols; at most a fifth of the normal ones. */
	ck_assert_str_eq(lit(data("ab\xff", 3), 0), "<6162ff>");
	ck_assert_str_eq(lit(data("abcd\xfe", 5), 0), "<\"abcd\xfe\">");
	ck_assert_str_eq(lit(data("abcd\xff", 5), 0), "<61626364ff>");	/* 255 never */
	ck_assert_str_eq(lit(data("\0", 1), 0), "<00>");
	ck_assert_str_eq(lit(data("\0\0", 2), 0), "<0000>");
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_print_ioreg_containers)
{
	struct reg_value *d = reg_value_new_dict(test_ctx);
	struct reg_value *a = reg_value_new_array(test_ctx);
	struct reg_value *s = reg_value_new_set(test_ctx);

	ck_assert_str_eq(lit(d, 0), "{}");
	ck_assert_str_eq(lit(a, 0), "()");
	ck_assert_str_eq(lit(s, 0), "[]");
	reg_array_append(a, reg_value_new_number(test_ctx, 1, 0));
	reg_array_append(a, reg_value_new_string(test_ctx, "x"));
	reg_array_append(s, reg_value_new_bool(test_ctx, true));
	reg_array_append(s, data("\x01", 1));
	reg_dict_set(d, "k2", reg_value_new_number(test_ctx, 7, 0));
	reg_dict_set(d, "k1", a);
	reg_dict_set(d, "s", s);
	ck_assert_str_eq(lit(d, 0), "{\"k2\"=7,\"k1\"=(1,\"x\"),\"s\"=[Yes,<01>]}");
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_print_exact_and_hex)
{
	ck_assert_str_eq(lit(reg_value_new_string(test_ctx, "a\"b\\c\n\t\r\x01\x7f\xc3\xa9"), 1),
			 "\"a\\\"b\\\\c\\n\\t\\r\\x01\\x7f\xc3\xa9\"");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 8), 1), "255:8");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 16), 1), "65535:16");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 32), 1), "18446744073709551615");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 64), 1),
			 "18446744073709551615:64");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, 5, 64), 1), "5:64");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, 1LL << 40, 64), 1), "1099511627776");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, 5, 32), 1), "5");
	/* String data only when it parses back to the same bytes. */
	ck_assert_str_eq(lit(data("abc", 4), 1), "<\"abc\">");
	ck_assert_str_eq(lit(data("abc", 3), 1), "<616263>");
	ck_assert_str_eq(lit(data("a\"b\0c\0", 6), 1), "<\"a\\\"b\",\"c\">");
	ck_assert_str_eq(lit(data("abcd\xfe", 6), 1), "<\"abcd\\xfe\">");
	ck_assert_str_eq(lit(reg_value_new_symbol(test_ctx, "s"), 1), "\"s\"");
	/* HEX (ioreg -x) */
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, 42, 0), 2), "0x2a");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 32), 2), "0xffffffffffffffff");
	ck_assert_str_eq(lit(data("abc", 4), 2), "<61626300>");
	ck_assert_str_eq(lit(reg_value_new_number(test_ctx, -1, 8), 3), "0xff:8");
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_parse_scalars)
{
	struct reg_value *v;

	v = parse("  42 ", 0);
	ck_assert_int_eq(v->type, REG_NUMBER);
	ck_assert_int_eq(v->u.number.value, 42);
	ck_assert_uint_eq(v->u.number.width, 32);
	v = parse("18446744073709551615", 0);
	ck_assert_int_eq(v->u.number.value, -1);
	ck_assert_uint_eq(v->u.number.width, 32);
	v = parse("4294967295", 0);
	ck_assert_int_eq(v->u.number.value, 4294967295LL);
	ck_assert_uint_eq(v->u.number.width, 64);
	v = parse("0x2A", 0);
	ck_assert_int_eq(v->u.number.value, 42);
	v = parse("-0x10", 0);
	ck_assert_int_eq(v->u.number.value, -16);
	v = parse("-9223372036854775808", 0);
	ck_assert_int_eq(v->u.number.value, INT64_MIN);
	v = parse("255:8", 1);
	ck_assert_int_eq(v->u.number.value, -1);
	ck_assert_uint_eq(v->u.number.width, 8);
	v = parse("-128:8", 0);
	ck_assert_int_eq(v->u.number.value, -128);
	v = parse("5:64", 0);
	ck_assert_uint_eq(v->u.number.width, 64);
	v = parse("Yes", 0);
	ck_assert_int_eq(v->type, REG_BOOL);
	ck_assert(v->u.boolean);
	v = parse("No", 0);
	ck_assert(!v->u.boolean);
	v = parse("\"a\"b\"", 0);	/* IOREG: a string ends where a string may end */
	ck_assert_str_eq(v->u.string.chars, "a\"b");
	v = parse("\"a\\\"b\\x41\\n\"", 1);
	ck_assert_str_eq(v->u.string.chars, "a\"bA\n");
	v = parse("\"a\\nb\"", 0);	/* IOREG: backslashes are characters */
	ck_assert_str_eq(v->u.string.chars, "a\\nb");
	v = parse("\"X is not serializable\"", 0);
	ck_assert_int_eq(v->type, REG_STRING);
	v = parse("<unknown object>", 0);
	ck_assert_str_eq(v->u.string.chars, "<unknown object>");
	v = parse("\"multi\nline\n\"", 0);
	ck_assert_str_eq(v->u.string.chars, "multi\nline\n");
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_parse_data_and_containers)
{
	struct reg_value *v;

	v = parse("<0a 0B ff>", 0);
	ck_assert_uint_eq(v->u.data.len, 3);
	ck_assert_mem_eq(v->u.data.bytes, "\x0a\x0b\xff", 3);
	v = parse("<>", 0);
	ck_assert_uint_eq(v->u.data.len, 0);
	v = parse("<\"abc\">", 0);
	ck_assert_uint_eq(v->u.data.len, 4);
	ck_assert_mem_eq(v->u.data.bytes, "abc", 4);
	v = parse("<\"pci106b,13e\",\"pciclass,060000\",\"MCHC\">", 0);
	ck_assert_uint_eq(v->u.data.len, 12 + 16 + 5);
	ck_assert_mem_eq(v->u.data.bytes, "pci106b,13e\0pciclass,060000\0MCHC", 33);
	v = parse("{\"a\"=1,\"b\"=(Yes,<00>,[\"x\"]),\"c\"={}}", 0);
	ck_assert_int_eq(v->type, REG_DICT);
	ck_assert_uint_eq(v->u.dict.count, 3);
	ck_assert_str_eq(v->u.dict.keys[1], "b");
	ck_assert_int_eq(v->u.dict.values[1]->type, REG_ARRAY);
	ck_assert_int_eq(v->u.dict.values[1]->u.array.items[2]->type, REG_SET);
	ck_assert_int_eq(v->u.dict.values[2]->type, REG_DICT);
	/* Blanks between tokens, as users write. */
	v = parse(" { \"a\" = 1 , \"b\" = ( 1 , 2 ) } ", 1);
	ck_assert_uint_eq(v->u.dict.count, 2);
	/* IOREG strings with quotes inside, ended by what may follow them. */
	v = parse("(\"x\"y\",\"z\")", 0);
	ck_assert_uint_eq(v->u.array.count, 2);
	ck_assert_str_eq(v->u.array.items[0]->u.string.chars, "x\"y");
	v = parse("{\"k\"1\"=\"v\"}", 0);
	ck_assert_str_eq(v->u.dict.keys[0], "k\"1");
	/* Key order is file order. */
	v = parse("{\"z\"=1,\"a\"=2}", 0);
	ck_assert_str_eq(v->u.dict.keys[0], "z");
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_parse_errors)
{
	parse_fails("", 0, 0, "missing value");
	parse_fails("(1,2", 0, 0, "unterminated '('");
	parse_fails("(1,2]", 0, 4, "expected ',' or ')'");
	parse_fails("{\"a\"=}", 0, 5, "unexpected character");
	parse_fails("{\"a\" 1}", 1, 5, "expected '='");
	parse_fails("{1=2}", 0, 1, "quoted key");
	parse_fails("<0g>", 0, 2, "bad hex digit");
	parse_fails("<abc>", 0, 4, "odd number");
	parse_fails("<0a", 0, 0, "unterminated data");
	parse_fails("<\"a\" \"b\">", 1, 5, "expected ',' or '>' in data");
	parse_fails("12x", 0, 2, "unexpected character in number");
	parse_fails("\"abc", 0, 0, "unterminated string");
	parse_fails("\"abc", 1, 0, "unterminated string");
	parse_fails("\"a\\q\"", 1, 2, "unknown backslash escape");
	parse_fails("\"a\\x4\"", 1, 2, "\\x escape");
	parse_fails("300:8", 0, 0, "does not fit in 8 bits");
	parse_fails("1:12", 0, 2, "width");
	parse_fails("18446744073709551616", 0, 0, "larger than");
	parse_fails("0x10000000000000000", 0, 0, "wider than 64 bits");
	parse_fails("-9223372036854775809", 0, 0, "below");
	parse_fails("1 2", 0, 2, "unexpected text after value");
	parse_fails("Maybe", 0, 0, "unexpected character");
	parse_fails("Yess", 0, 0, "unexpected character");
	parse_fails("(1,)", 0, 3, "unexpected character");
	parse_fails("{\"a\\x00b\"=1}", 1, 1, "NUL in dictionary key");
	parse_fails("<unknown object>", 1, 1, "bad hex digit");
}
END_TEST

START_TEST(test_depth_limit)
{
	char text[2 * REG_VALUE_MAX_DEPTH + 8];
	struct reg_value *v, *inner;
	size_t n = 0;

	for (int i = 0; i < REG_VALUE_MAX_DEPTH; i++)
		text[n++] = '(';
	for (int i = 0; i < REG_VALUE_MAX_DEPTH; i++)
		text[n++] = ')';
	text[n] = '\0';
	v = parse(text, 0);
	ck_assert_str_eq(lit(v, 0), text);

	memmove(text + 1, text, n + 1);
	text[0] = '[';
	text[n + 1] = ']';
	text[n + 2] = '\0';
	parse_fails(text, 0, REG_VALUE_MAX_DEPTH, "nested deeper than 64");

	/* A value built deeper than a parser accepts cannot be printed. */
	inner = v;
	while (inner->u.array.count)
		inner = inner->u.array.items[0];
	reg_array_append(inner, reg_value_new_array(test_ctx));
	ck_assert_ptr_null(reg_value_to_literal(test_ctx, v, 0));
	ck_assert_ptr_null(reg_value_to_literal(test_ctx, v, 1));
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_literal_line)
{
	const char *text = "\"two\nlines\"  \n  \"next\" = 1\n";
	struct reg_parse_error err = { 0 };
	size_t used = 0;
	struct reg_value *v = reg_value_from_literal_line(test_ctx, text, strlen(text), 0,
							  &used, &err);

	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->u.string.chars, "two\nlines");
	ck_assert_uint_eq(used, 13);
	v = reg_value_from_literal_line(test_ctx, "42\nrest", 7, 0, &used, &err);
	ck_assert_int_eq(v->u.number.value, 42);
	ck_assert_uint_eq(used, 2);
	/* ioreg prints containers on one line: a newline ends them. */
	ck_assert_ptr_null(reg_value_from_literal_line(test_ctx, "(1,\n2)", 6, 0, &used, &err));
	ck_assert_uint_eq(err.offset, 0);
	ck_assert_str_eq(err.message, "unterminated '('");
	memset(&err, 0, sizeof(err));
	/* but strings inside them may hold newlines */
	v = reg_value_from_literal_line(test_ctx, "(\"a\nb\",1)\n", 10, 0, &used, &err);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->u.array.items[0]->u.string.chars, "a\nb");
	ck_assert_ptr_null(reg_value_from_literal_line(test_ctx, "42 x\n", 5, 0, &used, &err));
	ck_assert_uint_eq(err.offset, 3);
	talloc_free_children(test_ctx);
}
END_TEST

/* ---- randomised EXACT round trips ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static char *random_bytes(void *ctx, size_t *len, bool nul_ok)
{
	size_t n = rnd() % 12;
	char *s = talloc_size(ctx, n + 1);
	static const char interesting[] = "\"\\,)}]>=<({[ \n\t\x01\x7f\xc3\xa9\xff\0";

	for (size_t i = 0; i < n; i++) {
		switch (rnd() % 3) {
		case 0:
			s[i] = (char)('a' + rnd() % 26);
			break;
		case 1:
			s[i] = interesting[rnd() % (sizeof(interesting) - 1)];
			break;
		default:
			s[i] = (char)(rnd() & 0xff);
			break;
		}
		if (!nul_ok && s[i] == 0)
			s[i] = 'z';
	}
	s[n] = '\0';
	*len = n;
	return s;
}

static struct reg_value *random_value(void *ctx, unsigned depth)
{
	static const unsigned widths[] = { 8, 16, 32, 64 };
	unsigned kind = (unsigned)(rnd() % (depth < 5 ? 9 : 6));
	struct reg_value *v = NULL;
	size_t n;
	char *s;

	switch (kind) {
	case 0:
		s = random_bytes(ctx, &n, true);
		v = reg_value_new_string_len(ctx, s, n);
		break;
	case 1: {
		int64_t x = (int64_t)rnd();
		if (rnd() % 2)
			x %= 1000;
		v = reg_value_new_number(ctx, x, widths[rnd() % 4]);
		break;
	}
	case 2:
		v = reg_value_new_bool(ctx, rnd() % 2);
		break;
	case 3:
		s = random_bytes(ctx, &n, true);
		v = reg_value_new_data(ctx, s, n);
		break;
	case 4: {
		/* Data that looks like strings, with and without a final NUL. */
		char buf[32];
		size_t k = 0;
		for (unsigned parts = 1 + rnd() % 3; parts--;) {
			for (unsigned c = 1 + rnd() % 5; c--;)
				buf[k++] = (char)(rnd() % 4 ? 'a' + rnd() % 26 : 0x80 + rnd() % 127);
			buf[k++] = 0;
		}
		v = reg_value_new_data(ctx, buf, k - rnd() % 2);
		break;
	}
	case 5:
		v = reg_value_new_number(ctx, (int64_t)rnd(), 0);
		break;
	case 6:
		v = reg_value_new_dict(ctx);
		for (unsigned i = rnd() % 5; i--;) {
			s = random_bytes(ctx, &n, false);
			reg_dict_set(v, s, random_value(ctx, depth + 1));
		}
		break;
	case 7:
	case 8:
		v = kind == 7 ? reg_value_new_array(ctx) : reg_value_new_set(ctx);
		for (unsigned i = rnd() % 5; i--;)
			reg_array_append(v, random_value(ctx, depth + 1));
		break;
	}
	ck_assert_ptr_nonnull(v);
	return v;
}

/* Floats: ioreg shows only integral ones (CFNumberGetValue refuses lossy
 * conversions, and ioreg then prints nothing); the
 * exact style round-trips every double and keeps Float32's width. */
START_TEST(test_floats)
{
	static const double values[] = { 1234.5678, -2.5, 0.1, 1e300, -0.0, 3.0, 1.0 / 3 };
	struct reg_value *v, *back;
	char *text;

	v = reg_value_new_real(test_ctx, 1234.5678, REG_NUMBER_FLOAT64);
	ck_assert_str_eq(lit(v, REG_LITERAL_IOREG), "");
	ck_assert_str_eq(lit(v, REG_LITERAL_EXACT), "1234.5678");
	v = reg_value_new_real(test_ctx, -2.0, REG_NUMBER_FLOAT64);
	ck_assert_str_eq(lit(v, REG_LITERAL_IOREG), "18446744073709551614");
	v = reg_value_new_real(test_ctx, 3.0, REG_NUMBER_FLOAT64);
	ck_assert_str_eq(lit(v, REG_LITERAL_EXACT), "3.0");
	v = reg_value_new_real(test_ctx, 0.1, REG_NUMBER_FLOAT32);
	ck_assert_str_eq(lit(v, REG_LITERAL_EXACT), "0.1:32");
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		for (unsigned w = 0; w < 2; w++) {
			unsigned width = w ? REG_NUMBER_FLOAT32 : REG_NUMBER_FLOAT64;

			v = reg_value_new_real(test_ctx, values[i], width);
			if (w && values[i] == 1e300)
				continue;	/* no such float */
			text = lit(v, REG_LITERAL_EXACT);
			back = parse(text, REG_LITERAL_EXACT);
			ck_assert_msg(reg_value_identical(v, back), "%s", text);
		}
	}
	v = reg_value_new_real(test_ctx, HUGE_VAL, REG_NUMBER_FLOAT64);
	ck_assert_str_eq(lit(v, REG_LITERAL_EXACT), "inf");
	ck_assert(reg_value_identical(v, parse("inf", REG_LITERAL_EXACT)));
	ck_assert(reg_number_double(parse("-inf", REG_LITERAL_EXACT)) == -HUGE_VAL);
	back = parse("nan", REG_LITERAL_EXACT);
	ck_assert(reg_number_double(back) != reg_number_double(back));
	/* Inside containers, with the equality CF uses (1.0 equals 1). */
	back = parse("{\"a\"=1.5,\"b\"=(2.0,3e2:32)}", REG_LITERAL_EXACT);
	ck_assert(reg_number_is_float(reg_dict_get(back, "a")));
	ck_assert(reg_value_equal(parse("2.0", REG_LITERAL_EXACT), parse("2", REG_LITERAL_EXACT)));
	ck_assert(!reg_value_identical(parse("2.0", REG_LITERAL_EXACT),
				       parse("2", REG_LITERAL_EXACT)));
	ck_assert(!reg_value_equal(parse("2.5", REG_LITERAL_EXACT), parse("2", REG_LITERAL_EXACT)));
	/* Integers stay integers; hex is never a real. */
	ck_assert(!reg_number_is_float(parse("0x1e5", REG_LITERAL_EXACT)));
	parse_fails("1.5:16", REG_LITERAL_EXACT, 4, "32 or 64");
	parse_fails("1.5x", REG_LITERAL_EXACT, 3, "unexpected character");
	parse_fails("5:63", REG_LITERAL_EXACT, 2, "8, 16, 32 or 64");	/* floats' widths */
	/* Every NaN reads back as the one NaN (text keeps no payload or sign). */
	ck_assert(reg_value_identical(parse("-nan", REG_LITERAL_EXACT),
				      parse("nan", REG_LITERAL_EXACT)));
	talloc_free_children(test_ctx);
}
END_TEST

START_TEST(test_exact_round_trip_random)
{
	for (unsigned seed = 1; seed <= 3000; seed++) {
		void *ctx = talloc_new(test_ctx);
		struct reg_parse_error err = { 0 };
		struct reg_value *v, *back;
		char *text;

		rng_state = seed * 0x9e3779b97f4a7c15ULL;
		v = random_value(ctx, 0);
		for (unsigned flags = 1; flags <= 3; flags += 2) {
			text = reg_value_to_literal(ctx, v, flags);
			ck_assert_ptr_nonnull(text);
			back = reg_value_from_literal(ctx, text, strlen(text), flags, &err);
			ck_assert_msg(back != NULL, "seed %u: %s does not parse: %s at %zu",
				      seed, text, err.message, err.offset);
			ck_assert_msg(reg_value_identical(v, back), "seed %u: %s changed", seed,
				      text);
		}
		talloc_free(ctx);
	}
}
END_TEST

START_TEST(test_symbol_round_trip)
{
	struct reg_value *v = reg_value_new_symbol(test_ctx, "IOService");
	char *text = lit(v, 1);
	struct reg_value *back = parse(text, 1);

	/* The one documented loss: symbols come back as strings. */
	ck_assert_int_eq(back->type, REG_STRING);
	ck_assert(reg_value_equal(v, back));
	ck_assert(!reg_value_identical(v, back));
	talloc_free_children(test_ctx);
}
END_TEST

/* IOREG output of values ioreg prints unambiguously parses back equal. */
START_TEST(test_ioreg_round_trip)
{
	const char *samples[] = {
		"{\"IOPower\"=\"IOPower\",\"n\"=18446744073709551615,\"d\"=<\"a\",\"b\">}",
		"({\"k\"=Yes,\"x\"=(1,2,())},[<00ff>,\"s\"])",
		"<6162630000>",
		"\"string with \"quotes\" inside\"",
	};

	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct reg_value *v = parse(samples[i], 0);
		ck_assert_str_eq(lit(v, 0), samples[i]);
	}
	talloc_free_children(test_ctx);
}
END_TEST

/* ---- bare values ---- */

static struct reg_value *as(const char *text, const struct reg_value *like)
{
	struct reg_parse_error err = { 0 };
	struct reg_value *v = reg_value_from_text_as(test_ctx, text, strlen(text), like, &err);
	ck_assert_msg(v != NULL, "'%s' failed: %s at %zu", text, err.message, err.offset);
	return v;
}

static void as_fails(const char *text, const struct reg_value *like)
{
	struct reg_parse_error err = { 0 };

	ck_assert_msg(!reg_value_from_text_as(test_ctx, text, strlen(text), like, &err),
		      "'%s' should fail", text);
	ck_assert(err.message[0]);
}

START_TEST(test_text_as)
{
	struct reg_value *num8 = reg_value_new_number(test_ctx, 3, 8);
	struct reg_value *num32 = reg_value_new_number(test_ctx, 3, 32);
	struct reg_value *str = reg_value_new_string(test_ctx, "x");
	struct reg_value *sym = reg_value_new_symbol(test_ctx, "x");
	struct reg_value *yes = reg_value_new_bool(test_ctx, true);
	struct reg_value *dat = data("x", 1);
	struct reg_value *dict = reg_value_new_dict(test_ctx);
	struct reg_value *v;

	v = as("42\n", num8);
	ck_assert_int_eq(v->u.number.value, 42);
	ck_assert_uint_eq(v->u.number.width, 8);
	v = as("0x2a", num32);
	ck_assert_uint_eq(v->u.number.width, 32);
	v = as("255", num8);
	ck_assert_int_eq(v->u.number.value, -1);
	v = as("-1", num8);
	ck_assert_int_eq(v->u.number.value, -1);
	v = as("7:64", num8);
	ck_assert_uint_eq(v->u.number.width, 64);
	as_fails("256", num8);
	as_fails("12abc", num32);
	as_fails("", num32);
	as_fails("Yes", num32);

	v = as("hello world\n", str);
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, "hello world");
	v = as("42", str);
	ck_assert_str_eq(v->u.string.chars, "42");
	v = as("\"quoted \\\"x\\\"\"", str);	/* a whole literal */
	ck_assert_str_eq(v->u.string.chars, "quoted \"x\"");
	v = as("<html>", str);			/* not a literal: raw */
	ck_assert_str_eq(v->u.string.chars, "<html>");
	v = as("(1,2)", str);			/* the literal syntax sets any type */
	ck_assert_int_eq(v->type, REG_ARRAY);
	v = as("", str);
	ck_assert_uint_eq(v->u.string.len, 0);
	v = as("abc", sym);
	ck_assert_int_eq(v->type, REG_SYMBOL);

	ck_assert(!as("no", yes)->u.boolean);
	ck_assert(as("TRUE", yes)->u.boolean);
	ck_assert(as("1\n", yes)->u.boolean);
	ck_assert(!as("0", yes)->u.boolean);
	ck_assert(as("Yes", yes)->u.boolean);
	as_fails("maybe", yes);
	ck_assert_int_eq(as("<00>", yes)->type, REG_DATA);

	v = as("0a0B ff\n", dat);
	ck_assert_uint_eq(v->u.data.len, 3);
	ck_assert_mem_eq(v->u.data.bytes, "\x0a\x0b\xff", 3);
	v = as("0xcafe", dat);
	ck_assert_uint_eq(v->u.data.len, 2);
	v = as("", dat);
	ck_assert_uint_eq(v->u.data.len, 0);
	v = as("<\"ab\">", dat);
	ck_assert_uint_eq(v->u.data.len, 3);
	as_fails("hello", dat);
	as_fails("abc", dat);

	v = as("{\"a\"=1}", dict);
	ck_assert_int_eq(v->type, REG_DICT);
	v = as("42", dict);
	ck_assert_int_eq(v->type, REG_NUMBER);
	as_fails("{\"a\"=", dict);
	v = as("Yes", NULL);
	ck_assert_int_eq(v->type, REG_BOOL);
	v = as("hello", NULL);
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, "hello");
	ck_assert_int_eq(as("-5\n", NULL)->type, REG_NUMBER);
	as_fails("(1,", NULL);
	talloc_free_children(test_ctx);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("value_literal");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_floats);
	tcase_add_test(tc, test_print_ioreg_scalars);
	tcase_add_test(tc, test_print_ioreg_data);
	tcase_add_test(tc, test_print_ioreg_containers);
	tcase_add_test(tc, test_print_exact_and_hex);
	tcase_add_test(tc, test_parse_scalars);
	tcase_add_test(tc, test_parse_data_and_containers);
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_depth_limit);
	tcase_add_test(tc, test_literal_line);
	tcase_add_test(tc, test_exact_round_trip_random);
	tcase_add_test(tc, test_symbol_round_trip);
	tcase_add_test(tc, test_ioreg_round_trip);
	tcase_add_test(tc, test_text_as);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
