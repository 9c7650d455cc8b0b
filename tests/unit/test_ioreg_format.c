/* Unit tests for ioreg's output (tools/ioreg_print.c, ioreg_format.c):
 * -w clipping, the tree's columns, value formatting (cfshow) with the
 * data-as-strings rule, and -f's hex dump.  CF values come from libIOKit's
 * CoreFoundation; no mount is needed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include <CoreFoundation/CoreFoundation.h>

#include "ioreg.h"
#include "leak_check.h"

/* A printer writing to memory; finish() returns what it wrote. */
struct capture {
	struct ioreg_printer p;
	char *buffer;
	size_t size;
};

static void capture_start(struct capture *c, uint32_t width)
{
	c->buffer = NULL;
	c->size = 0;
	ioreg_printer_init(&c->p, open_memstream(&c->buffer, &c->size), width);
	ck_assert_ptr_nonnull(c->p.out);
}

static char *capture_finish(struct capture *c)
{
	char *text;

	fclose(c->p.out);
	text = talloc_strdup(test_ctx, c->buffer);
	free(c->buffer);
	return text;
}

static char *show(CFTypeRef value, bool hex)
{
	struct capture c;

	capture_start(&c, 0);
	ioreg_show_value(&c.p, value, hex);
	CFRelease(value);
	return capture_finish(&c);
}

/* Compares, then frees what the test produced. */
static void expect_text(char *got, const char *want)
{
	ck_assert_str_eq(got, want);
	talloc_free(got);
}

static CFDataRef data(const char *bytes, size_t length)
{
	return CFDataCreate(NULL, (const UInt8 *)bytes, (CFIndex)length);
}

static CFStringRef string(const char *s)
{
	return CFStringCreateWithCString(NULL, s, kCFStringEncodingUTF8);
}

static bool is_strings(const char *bytes, size_t length, bool trailing_nuls)
{
	return ioreg_data_is_strings((const uint8_t *)bytes, length, false, trailing_nuls);
}

START_TEST(test_data_string_rule)
{
	ck_assert(is_strings("abc", 3, false));
	ck_assert(is_strings("abc\0", 4, false));
	ck_assert(is_strings("ab\0cd", 5, false));
	ck_assert(is_strings("ab\0cd\0", 6, false));
	/* cfshow accepts one NUL at the end, -f a run of them. */
	ck_assert(!is_strings("abc\0\0", 5, false));
	ck_assert(is_strings("abc\0\0\0", 6, true));
	ck_assert(!is_strings("ab\0\0cd", 6, false));
	ck_assert(!is_strings("ab\0\0cd", 6, true));
	/* Never one byte, never empty, never a leading NUL. */
	ck_assert(!is_strings("a", 1, false));
	ck_assert(!is_strings("", 0, false));
	ck_assert(!is_strings("\0ab", 3, false));
	/* Control bytes and 0xff are not text; 128..254 are symbols, at
	 * most one per four normal characters. */
	ck_assert(!is_strings("ab\x01", 3, false));
	ck_assert(!is_strings("abcd\xff", 5, false));
	ck_assert(is_strings("abcd\x80", 5, false));
	ck_assert(!is_strings("abc\x80", 4, false));
	ck_assert(!ioreg_data_is_strings((const uint8_t *)"abc", 3, true, false));
}
END_TEST

START_TEST(test_scalars)
{
	long long minus_one = -1, big = 16777223;

	expect_text(show(CFNumberCreate(NULL, kCFNumberSInt64Type, &minus_one), false),
			 "18446744073709551615");
	expect_text(show(CFNumberCreate(NULL, kCFNumberSInt64Type, &minus_one), true),
			 "0xffffffffffffffff");
	expect_text(show(CFNumberCreate(NULL, kCFNumberSInt64Type, &big), true),
			 "0x1000007");
	expect_text(show(CFRetain(kCFBooleanTrue), false), "Yes");
	expect_text(show(CFRetain(kCFBooleanFalse), false), "No");
	/* Strings are not escaped. */
	expect_text(show(string("a \"b\"\nc"), false), "\"a \"b\"\nc\"");
}
END_TEST

START_TEST(test_data)
{
	expect_text(show(data("MacBookPro12,1\0", 15), false), "<\"MacBookPro12,1\">");
	expect_text(show(data("pci1,2\0pciclass,0600\0", 21), false),
			 "<\"pci1,2\",\"pciclass,0600\">");
	expect_text(show(data("\x0a\x00\x00\x00", 4), false), "<0a000000>");
	expect_text(show(data("AB", 2), true), "<4142>");
	expect_text(show(data("A", 1), false), "<41>");
	expect_text(show(data("", 0), false), "<>");
}
END_TEST

START_TEST(test_collections)
{
	long long one = 1, two = 2;
	CFNumberRef n1 = CFNumberCreate(NULL, kCFNumberSInt64Type, &one);
	CFNumberRef n2 = CFNumberCreate(NULL, kCFNumberSInt64Type, &two);
	const void *items[] = { n1, n2 };
	CFArrayRef array = CFArrayCreate(NULL, items, 2, &kCFTypeArrayCallBacks);
	CFMutableDictionaryRef dict = CFDictionaryCreateMutable(NULL, 0,
								&kCFTypeDictionaryKeyCallBacks,
								&kCFTypeDictionaryValueCallBacks);
	CFStringRef k = string("k"), j = string("j");

	CFDictionarySetValue(dict, k, n1);
	CFDictionarySetValue(dict, j, array);
	expect_text(show(CFRetain(array), false), "(1,2)");
	expect_text(show(CFSetCreate(NULL, items, 1, &kCFTypeSetCallBacks), false), "[1]");
	/* Insertion order, as the registry keeps it; no spaces. */
	expect_text(show(dict, false), "{\"k\"=1,\"j\"=(1,2)}");
	expect_text(show(CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks), false), "()");
	CFRelease(array);
	CFRelease(n1);
	CFRelease(n2);
	CFRelease(k);
	CFRelease(j);
}
END_TEST

START_TEST(test_clipping)
{
	struct capture c;

	capture_start(&c, 10);
	ioreg_println(&c.p, "%s", "abcdefghijkl");
	ioreg_print(&c.p, "abcd");
	ioreg_print(&c.p, "efgh");
	ioreg_print(&c.p, "ij");
	ioreg_println(&c.p, "%s", "");
	ioreg_println(&c.p, "%s", "123456789");	/* 9 columns fit */
	ioreg_println(&c.p, "%s", "a\nb");		/* newlines become spaces */
	expect_text(capture_finish(&c), "abcdefghi$\nabcdefghi$\n123456789\na b\n");

	capture_start(&c, 0);
	ioreg_println(&c.p, "%s", "a\nb");
	expect_text(capture_finish(&c), "a\nb\n");
}
END_TEST

START_TEST(test_indent)
{
	struct ioreg_bits bits = { NULL, 0 };
	struct capture c;

	ioreg_bits_set(&bits, 0, true);
	ioreg_bits_set(&bits, 1, false);
	ioreg_bits_set(&bits, 3, true);
	ioreg_bits_set(&bits, 200, false);	/* unset bits read as 0 */
	ck_assert(!ioreg_bits_get(&bits, 200));
	capture_start(&c, 0);
	ioreg_indent(&c.p, true, 2, &bits);
	ioreg_println(&c.p, "x");
	ioreg_indent(&c.p, false, 2, &bits);
	ioreg_println(&c.p, "{");
	expect_text(capture_finish(&c), "|   +-o x\n|     | {\n");
	ioreg_bits_free(&bits);
}
END_TEST

START_TEST(test_hex_dump)
{
	struct ioreg_options options = { .width = 0 };
	struct ioreg_bits bits = { NULL, 0 };
	struct capture c;
	struct ioreg_node node = { 0, 0, &bits, &options, &c.p };
	char bytes[34];
	char *want;
	CFDataRef d;

	for (int i = 0; i < 34; i++)
		bytes[i] = (char)(i + 0x3e);
	d = data(bytes, sizeof(bytes));
	capture_start(&c, 0);
	ioreg_print(&c.p, "k = ");
	ioreg_show_data_dump(&node, d);
	ioreg_println(&c.p, "%s", "");
	/* No width: 32 bytes a line; the last one padded to the ASCII column
	 * (30 missing bytes of 3 columns, then the separating space). */
	want = talloc_asprintf(test_ctx, "k = \n"
				"        00000000: 3E 3F 40 41 42 43 44 45 46 47 48 49 4A 4B 4C 4D "
				"4E 4F 50 51 52 53 54 55 56 57 58 59 5A 5B 5C 5D "
				">?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]\n"
				"        00000020: 5E 5F%*s^_\n", 91, "");
	expect_text(capture_finish(&c), want);
	talloc_free(want);
	CFRelease(d);
}
END_TEST

static Suite *ioreg_format_suite(void)
{
	Suite *s = suite_create("ioreg_format");
	TCase *tc = tcase_create("format");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_data_string_rule);
	tcase_add_test(tc, test_scalars);
	tcase_add_test(tc, test_data);
	tcase_add_test(tc, test_collections);
	tcase_add_test(tc, test_clipping);
	tcase_add_test(tc, test_indent);
	tcase_add_test(tc, test_hex_dump);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(ioreg_format_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? 1 : 0;
}
