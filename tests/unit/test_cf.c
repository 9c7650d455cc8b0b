/* Unit tests for libIOKit's CoreFoundation subset (lib/cf).  Every test
 * also checks that the number of live CF objects returns to where it was
 * (cf_live_objects): that is the CF leak check, next to talloc's. */
#include <check.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include <CoreFoundation/CoreFoundation.h>

#include "cf_internal.h"
#include "cf_reg_value.h"
#include "leak_check.h"

static long objects_before;

static void objects_setup(void)
{
	objects_before = cf_live_objects();
}

static void objects_teardown(void)
{
	ck_assert_int_eq(cf_live_objects(), objects_before);
}

static TCase *checked_tcase(const char *name)
{
	TCase *tc = tcase_create(name);

	LEAK_CHECKED(tc);
	tcase_add_checked_fixture(tc, objects_setup, objects_teardown);
	return tc;
}

/* The UTF-8 text of a string, in a static buffer. */
static const char *utf8(CFStringRef s)
{
	static char buf[4096];

	ck_assert(CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingUTF8));
	return buf;
}

static void assert_string(CFStringRef s, const char *expected)
{
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(utf8(s), expected);
}

static CFStringRef str(const char *s)
{
	CFStringRef r = CFStringCreateWithCString(NULL, s, kCFStringEncodingUTF8);

	ck_assert_ptr_nonnull(r);
	return r;
}

static CFNumberRef num32(SInt32 v)
{
	return CFNumberCreate(NULL, kCFNumberSInt32Type, &v);
}

static CFStringRef format(CFStringRef fmt, ...)
{
	va_list ap;
	CFStringRef s;

	va_start(ap, fmt);
	s = CFStringCreateWithFormatAndArguments(NULL, NULL, fmt, ap);
	va_end(ap);
	return s;
}

static void assert_format(const char *expected, CFStringRef s)
{
	assert_string(s, expected);
	CFRelease(s);
}

/* ---------------- base types and runtime ---------------- */

START_TEST(test_types_and_constants)
{
	ck_assert_uint_eq(sizeof(CFIndex), sizeof(long));
	ck_assert((CFIndex)-1 < 0);
	ck_assert_uint_eq(sizeof(Boolean), 1);
	ck_assert((Boolean)-1 > 0);
	ck_assert_uint_eq(sizeof(UniChar), 2);
	ck_assert_uint_eq(sizeof(CFTypeID), sizeof(unsigned long));
	ck_assert_uint_eq(sizeof(CFHashCode), sizeof(unsigned long));
	ck_assert_uint_eq(sizeof(CFStringEncoding), 4);
	ck_assert_uint_eq(sizeof(UInt32), 4);
	ck_assert_uint_eq(sizeof(SInt64), 8);
	ck_assert_uint_eq(kCFStringEncodingUTF8, 0x08000100);
	ck_assert_uint_eq(kCFStringEncodingASCII, 0x0600);
	ck_assert_uint_eq(kCFStringEncodingMacRoman, 0);
	ck_assert_uint_eq(kCFStringEncodingISOLatin1, 0x0201);
	ck_assert_int_eq(kCFNumberSInt8Type, 1);
	ck_assert_int_eq(kCFNumberFloat64Type, 6);
	ck_assert_int_eq(kCFNumberCGFloatType, 16);
	ck_assert_int_eq(kCFNumberMaxType, 16);
	ck_assert_int_eq(kCFCompareLessThan, -1);
	ck_assert_int_eq(kCFCompareEqualTo, 0);
	ck_assert_int_eq(kCFCompareGreaterThan, 1);
	ck_assert_int_eq(kCFNotFound, -1);
	ck_assert_int_eq(kCFCompareCaseInsensitive, 1);
	ck_assert_int_eq(kCFCompareNumerically, 64);
	ck_assert_int_eq(kCFPropertyListXMLFormat_v1_0, 100);
	ck_assert_int_eq(kCFPropertyListMutableContainersAndLeaves, 2);
	ck_assert_int_eq(CFRangeMake(3, 4).location, 3);
	ck_assert_int_eq(CFRangeMake(3, 4).length, 4);

	ck_assert_uint_eq(CFStringGetTypeID(), 7);
	ck_assert_uint_eq(CFDictionaryGetTypeID(), 18);
	ck_assert_uint_eq(CFArrayGetTypeID(), 19);
	ck_assert_uint_eq(CFNumberGetTypeID(), 22);
	ck_assert_uint_ne(CFSetGetTypeID(), CFDataGetTypeID());
	ck_assert_uint_ne(CFBooleanGetTypeID(), CFNumberGetTypeID());
	ck_assert_uint_eq(CFGetTypeID(kCFBooleanTrue), CFBooleanGetTypeID());
	ck_assert_uint_eq(CFGetTypeID(kCFNull), CFNullGetTypeID());
	ck_assert_uint_eq(CFGetTypeID(kCFAllocatorSystemDefault), CFAllocatorGetTypeID());
	ck_assert_ptr_null(kCFAllocatorDefault);
	ck_assert_ptr_eq(CFAllocatorGetDefault(), kCFAllocatorSystemDefault);
}
END_TEST

START_TEST(test_retain_release)
{
	long before = cf_live_objects();
	CFStringRef s = str("counted");

	ck_assert_int_eq(cf_live_objects(), before + 1);
	ck_assert_int_eq(CFGetRetainCount(s), 1);
	ck_assert_ptr_eq(CFRetain(s), s);
	ck_assert_int_eq(CFGetRetainCount(s), 2);
	CFRelease(s);
	ck_assert_int_eq(CFGetRetainCount(s), 1);
	ck_assert_ptr_eq(CFGetAllocator(s), kCFAllocatorSystemDefault);
	CFRelease(s);
	ck_assert_int_eq(cf_live_objects(), before);

	/* Static objects are immortal and uncounted. */
	ck_assert_int_eq(CFGetRetainCount(CFSTR("static")), LONG_MAX);
	CFRetain(CFSTR("static"));
	CFRelease(CFSTR("static"));
	CFRelease(CFSTR("static"));
	CFRelease(kCFBooleanTrue);
	ck_assert_int_eq(CFGetRetainCount(kCFBooleanTrue), LONG_MAX);
	ck_assert_int_eq(cf_live_objects(), before);
}
END_TEST

struct retain_arg {
	CFTypeRef obj;
};

static void *retain_hammer(void *p)
{
	struct retain_arg *arg = p;
	int i;

	for (i = 0; i < 20000; i++) {
		CFRetain(arg->obj);
		CFRelease(arg->obj);
		CFRetain(arg->obj);
	}
	return NULL;
}

START_TEST(test_retain_threads)
{
	enum { THREADS = 4 };
	pthread_t t[THREADS];
	struct retain_arg arg = { .obj = str("shared") };
	int i;

	for (i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, retain_hammer, &arg), 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_eq(CFGetRetainCount(arg.obj), 1 + THREADS * 20000);
	for (i = 0; i < THREADS * 20000; i++)
		CFRelease(arg.obj);
	ck_assert_int_eq(CFGetRetainCount(arg.obj), 1);
	CFRelease(arg.obj);
}
END_TEST

START_TEST(test_equal_hash_across_types)
{
	CFStringRef one_str = str("1");
	CFNumberRef one = num32(1);
	double d = 1.0;
	CFNumberRef one_double = CFNumberCreate(NULL, kCFNumberDoubleType, &d);
	UInt8 b = 1;
	CFDataRef one_data = CFDataCreate(NULL, &b, 1);
	CFStringRef s2 = str("key");

	ck_assert(!CFEqual(one_str, one));
	ck_assert(!CFEqual(one, kCFBooleanTrue));
	ck_assert(!CFEqual(one_data, one_str));
	ck_assert(CFEqual(one, one_double));
	ck_assert_uint_eq(CFHash(one), CFHash(one_double));
	ck_assert(CFEqual(CFSTR("key"), s2));
	ck_assert(CFEqual(s2, CFSTR("key")));
	ck_assert_uint_eq(CFHash(CFSTR("key")), CFHash(s2));
	ck_assert(!CFEqual(kCFBooleanTrue, kCFBooleanFalse));
	ck_assert(CFEqual(kCFNull, kCFNull));
	CFRelease(one_str);
	CFRelease(one);
	CFRelease(one_double);
	CFRelease(one_data);
	CFRelease(s2);
}
END_TEST

START_TEST(test_descriptions_and_show)
{
	CFNumberRef n = num32(42);
	CFStringRef d = CFCopyDescription(n);
	char buf[256] = "";
	FILE *saved = stderr, *f = tmpfile();

	ck_assert_ptr_nonnull(strstr(utf8(d), "<CFNumber"));
	ck_assert_ptr_nonnull(strstr(utf8(d), "{value = +42, type = kCFNumberSInt32Type}"));
	CFRelease(d);
	d = CFCopyDescription(CFSTR("text"));
	ck_assert_ptr_nonnull(strstr(utf8(d), "{contents = \"text\"}"));
	CFRelease(d);
	d = CFCopyDescription(kCFBooleanFalse);
	ck_assert_ptr_nonnull(strstr(utf8(d), "{value = false}"));
	CFRelease(d);
	d = CFCopyTypeIDDescription(CFArrayGetTypeID());
	assert_string(d, "CFArray");
	CFRelease(d);
	ck_assert_ptr_null(CFCopyTypeIDDescription(0));
	ck_assert_ptr_null(CFCopyDescription(NULL));

	/* CFShow prints a string's characters, else the description. */
	ck_assert_ptr_nonnull(f);
	stderr = f;
	CFShow(CFSTR("plain text"));
	CFShow(n);
	CFShow(NULL);
	stderr = saved;
	rewind(f);
	ck_assert_uint_gt(fread(buf, 1, sizeof(buf) - 1, f), 0);
	fclose(f);
	ck_assert_mem_eq(buf, "plain text\n<CFNumber ", 21);
	ck_assert_ptr_nonnull(strstr(buf, "kCFNumberSInt32Type}\n(null)\n"));
	CFRelease(n);
}
END_TEST

/* ---------------- CFString ---------------- */

START_TEST(test_cfstr)
{
	CFStringRef made = str("hello world");
	CFStringRef seen[3];
	int i;

	ck_assert(CFEqual(CFSTR("hello world"), made));
	ck_assert(CFEqual(CFSTR("hello " "world"), made));
	ck_assert_int_eq(CFStringGetLength(CFSTR("hello")), 5);
	ck_assert_int_eq(CFStringGetLength(CFSTR("")), 0);
	ck_assert_int_eq(CFStringGetLength(CFSTR("caf\xc3\xa9")), 4);
	for (i = 0; i < 3; i++)
		seen[i] = CFSTR("same site");
	ck_assert_ptr_eq(seen[0], seen[2]);
	ck_assert_str_eq(CFStringGetCStringPtr(CFSTR("ptr"), kCFStringEncodingMacRoman), "ptr");
	ck_assert_uint_eq(CFGetTypeID(CFSTR("x")), CFStringGetTypeID());
	CFRelease(made);

	/* Constant text that is not UTF-8 reads as U+FFFD, consistently. */
	made = CFStringCreateMutableCopy(NULL, 0, CFSTR("a\xff" "b"));
	ck_assert_int_eq(CFStringGetLength(CFSTR("a\xff" "b")), 3);
	assert_string(CFSTR("a\xff" "b"), "a\xef\xbf\xbd" "b");
	assert_string(made, "a\xef\xbf\xbd" "b");
	ck_assert(CFEqual(made, CFSTR("a\xff" "b")));
	ck_assert_uint_eq(CFHash(made), CFHash(CFSTR("a\xff" "b")));
	ck_assert_ptr_null(CFStringGetCStringPtr(CFSTR("a\xff" "b"), kCFStringEncodingUTF8));
	CFRelease(made);
}
END_TEST

START_TEST(test_string_encodings)
{
	const UInt8 macroman[] = { 'A', 0x80, 0xA5, 0xDB };	/* A Ä • € */
	const UInt8 latin1[] = { 'c', 'a', 'f', 0xE9 };
	const UInt8 utf16be_bom[] = { 0xFE, 0xFF, 0x00, 'h', 0x00, 0xE9, 0xD8, 0x3D, 0xDE, 0x00 };
	const UInt8 utf16le[] = { 'o', 0, 'k', 0 };
	CFStringRef s;
	char buf[32];

	s = CFStringCreateWithBytes(NULL, macroman, sizeof(macroman), kCFStringEncodingMacRoman,
				    false);
	assert_string(s, "A\xc3\x84\xe2\x80\xa2\xe2\x82\xac");
	ck_assert_int_eq(CFStringGetLength(s), 4);
	ck_assert(CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingMacRoman));
	ck_assert_mem_eq(buf, macroman, sizeof(macroman));
	ck_assert(!CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingISOLatin1));
	ck_assert(!CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingASCII));
	ck_assert_ptr_null(CFStringGetCStringPtr(s, kCFStringEncodingMacRoman));
	ck_assert_ptr_nonnull(CFStringGetCStringPtr(s, kCFStringEncodingUTF8));
	CFRelease(s);

	s = CFStringCreateWithBytes(NULL, latin1, sizeof(latin1), kCFStringEncodingISOLatin1, false);
	assert_string(s, "caf\xc3\xa9");
	ck_assert(CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingISOLatin1));
	ck_assert_mem_eq(buf, latin1, sizeof(latin1));
	ck_assert_uint_eq(CFStringGetCharacterAtIndex(s, 3), 0xE9);
	CFRelease(s);

	s = CFStringCreateWithBytes(NULL, utf16be_bom, sizeof(utf16be_bom), kCFStringEncodingUTF16,
				    true);
	assert_string(s, "h\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_int_eq(CFStringGetLength(s), 4);
	ck_assert_uint_eq(CFStringGetCharacterAtIndex(s, 2), 0xD83D);
	ck_assert_uint_eq(CFStringGetCharacterAtIndex(s, 3), 0xDE00);
	CFRelease(s);
	s = CFStringCreateWithBytes(NULL, utf16le, sizeof(utf16le), kCFStringEncodingUTF16LE, false);
	assert_string(s, "ok");
	CFRelease(s);

	/* Bytes that are not in the encoding make no string. */
	ck_assert_ptr_null(CFStringCreateWithCString(NULL, "\xff\xfe", kCFStringEncodingUTF8));
	ck_assert_ptr_null(CFStringCreateWithCString(NULL, "\xc0\x80", kCFStringEncodingUTF8));
	ck_assert_ptr_null(CFStringCreateWithCString(NULL, "\xed\xa0\x80", kCFStringEncodingUTF8));
	ck_assert_ptr_null(CFStringCreateWithCString(NULL, "caf\xe9", kCFStringEncodingASCII));
	ck_assert_ptr_null(CFStringCreateWithBytes(NULL, utf16le, 3, kCFStringEncodingUTF16LE,
						   false));
	ck_assert_ptr_null(CFStringCreateWithCString(NULL, "x", 0x7777));
	ck_assert_ptr_null(CFStringCreateWithCString(NULL, NULL, kCFStringEncodingUTF8));
	ck_assert(CFStringIsEncodingAvailable(kCFStringEncodingWindowsLatin1));
	ck_assert(!CFStringIsEncodingAvailable(0x7777));
}
END_TEST

START_TEST(test_string_characters)
{
	const UniChar chars[] = { 'a', 0xE9, 0xD83D, 0xDE00, 'z' };
	const UniChar lone[] = { 'x', 0xDC00, 'y' };
	UniChar out[5];
	CFStringRef s = CFStringCreateWithCharacters(NULL, chars, 5);
	CFStringRef sub;

	ck_assert_int_eq(CFStringGetLength(s), 5);
	assert_string(s, "a\xc3\xa9\xf0\x9f\x98\x80z");
	CFStringGetCharacters(s, CFRangeMake(0, 5), out);
	ck_assert_mem_eq(out, chars, sizeof(chars));
	ck_assert_uint_eq(CFStringGetCharacterAtIndex(s, 4), 'z');
	sub = CFStringCreateWithSubstring(NULL, s, CFRangeMake(1, 3));
	assert_string(sub, "\xc3\xa9\xf0\x9f\x98\x80");
	CFRelease(sub);
	/* A range that splits a surrogate pair gets U+FFFD for the half. */
	sub = CFStringCreateWithSubstring(NULL, s, CFRangeMake(3, 2));
	assert_string(sub, "\xef\xbf\xbdz");
	CFRelease(sub);
	ck_assert_ptr_null(CFStringGetCharactersPtr(s));
	CFRelease(s);

	s = CFStringCreateWithCharacters(NULL, lone, 3);
	assert_string(s, "x\xef\xbf\xbdy");
	ck_assert_int_eq(CFStringGetLength(s), 3);
	CFRelease(s);
}
END_TEST

START_TEST(test_string_get_cstring)
{
	CFStringRef s = str("abcdef");
	char buf[8];
	UInt8 bytes[16];
	CFIndex used = 0;

	ck_assert(!CFStringGetCString(s, buf, 6, kCFStringEncodingUTF8));
	ck_assert(CFStringGetCString(s, buf, 7, kCFStringEncodingUTF8));
	ck_assert_str_eq(buf, "abcdef");
	ck_assert(!CFStringGetCString(s, NULL, 7, kCFStringEncodingUTF8));
	ck_assert_str_eq(CFStringGetCStringPtr(s, kCFStringEncodingASCII), "abcdef");
	ck_assert_int_eq(CFStringGetBytes(s, CFRangeMake(1, 3), kCFStringEncodingUTF8, 0, false,
					  bytes, sizeof(bytes), &used), 3);
	ck_assert_int_eq(used, 3);
	ck_assert_mem_eq(bytes, "bcd", 3);
	ck_assert_int_eq(CFStringGetBytes(s, CFRangeMake(0, 6), kCFStringEncodingUTF16BE, 0, false,
					  bytes, 5, &used), 2);
	ck_assert_int_eq(used, 4);
	ck_assert_int_eq(CFStringGetBytes(s, CFRangeMake(0, 6), kCFStringEncodingUTF16LE, 0, false,
					  NULL, 0, &used), 6);
	ck_assert_int_eq(used, 12);
	CFRelease(s);

	s = str("a\xe2\x82\xac" "b");	/* a€b */
	ck_assert_int_eq(CFStringGetBytes(s, CFRangeMake(0, 3), kCFStringEncodingASCII, '?', false,
					  bytes, sizeof(bytes), &used), 3);
	ck_assert_mem_eq(bytes, "a?b", 3);
	ck_assert_int_eq(CFStringGetBytes(s, CFRangeMake(0, 3), kCFStringEncodingASCII, 0, false,
					  bytes, sizeof(bytes), &used), 1);
	CFRelease(s);

	ck_assert_int_eq(CFStringGetMaximumSizeForEncoding(10, kCFStringEncodingUTF8), 30);
	ck_assert_int_eq(CFStringGetMaximumSizeForEncoding(10, kCFStringEncodingASCII), 10);
	ck_assert_int_eq(CFStringGetMaximumSizeForEncoding(10, kCFStringEncodingUTF16), 20);
	ck_assert_int_eq(CFStringGetMaximumSizeForEncoding(LONG_MAX / 2, kCFStringEncodingUTF8),
			 kCFNotFound);
}
END_TEST

START_TEST(test_string_compare_find)
{
	CFStringRef s = str("The Quick brown fox");
	CFRange r;

	ck_assert_int_eq(CFStringCompare(CFSTR("abc"), CFSTR("abd"), 0), kCFCompareLessThan);
	ck_assert_int_eq(CFStringCompare(CFSTR("abc"), CFSTR("abc"), 0), kCFCompareEqualTo);
	ck_assert_int_eq(CFStringCompare(CFSTR("abcd"), CFSTR("abc"), 0), kCFCompareGreaterThan);
	ck_assert_int_eq(CFStringCompare(CFSTR("B"), CFSTR("a"), 0), kCFCompareLessThan);
	ck_assert_int_eq(CFStringCompare(CFSTR("B"), CFSTR("a"), kCFCompareCaseInsensitive),
			 kCFCompareGreaterThan);
	ck_assert_int_eq(CFStringCompare(CFSTR("HeLLo"), CFSTR("hello"), kCFCompareCaseInsensitive),
			 kCFCompareEqualTo);
	ck_assert_int_eq(CFStringCompare(CFSTR("\xc3\x89t\xc3\xa9"), CFSTR("\xc3\xa9T\xc3\x89"),
					 kCFCompareCaseInsensitive), kCFCompareEqualTo);
	ck_assert_int_eq(CFStringCompare(CFSTR("file2"), CFSTR("file10"), 0),
			 kCFCompareGreaterThan);
	ck_assert_int_eq(CFStringCompare(CFSTR("file2"), CFSTR("file10"), kCFCompareNumerically),
			 kCFCompareLessThan);
	ck_assert_int_eq(CFStringCompare(CFSTR("v1.10.2"), CFSTR("v1.9.9"), kCFCompareNumerically),
			 kCFCompareGreaterThan);
	ck_assert_int_eq(CFStringCompareWithOptions(s, CFSTR("quick"), CFRangeMake(4, 5),
						    kCFCompareCaseInsensitive), kCFCompareEqualTo);
	/* UTF-16 order: U+FFFF sorts below a supplementary character? No:
	 * surrogates (0xD8xx) sort below U+FFFF, as in CF. */
	ck_assert_int_eq(CFStringCompare(CFSTR("\xf0\x9f\x98\x80"), CFSTR("\xef\xbf\xbf"), 0),
			 kCFCompareLessThan);

	r = CFStringFind(s, CFSTR("o"), 0);
	ck_assert_int_eq(r.location, 12);
	ck_assert_int_eq(r.length, 1);
	r = CFStringFind(s, CFSTR("o"), kCFCompareBackwards);
	ck_assert_int_eq(r.location, 17);
	r = CFStringFind(s, CFSTR("QUICK"), 0);
	ck_assert_int_eq(r.location, kCFNotFound);
	ck_assert_int_eq(r.length, 0);
	r = CFStringFind(s, CFSTR("QUICK"), kCFCompareCaseInsensitive);
	ck_assert_int_eq(r.location, 4);
	r = CFStringFind(s, CFSTR("Quick"), kCFCompareAnchored);
	ck_assert_int_eq(r.location, kCFNotFound);
	r = CFStringFind(s, CFSTR(""), 0);
	ck_assert_int_eq(r.location, kCFNotFound);
	ck_assert(CFStringFindWithOptions(s, CFSTR("fox"), CFRangeMake(10, 9), 0, &r));
	ck_assert_int_eq(r.location, 16);
	ck_assert(!CFStringFindWithOptions(s, CFSTR("The"), CFRangeMake(1, 18), 0, NULL));
	ck_assert(CFStringHasPrefix(s, CFSTR("The ")));
	ck_assert(!CFStringHasPrefix(s, CFSTR("the ")));
	ck_assert(CFStringHasSuffix(s, CFSTR("fox")));
	ck_assert(!CFStringHasSuffix(s, CFSTR("The")));
	ck_assert(!CFStringHasPrefix(CFSTR("ab"), CFSTR("abc")));
	CFRelease(s);
}
END_TEST

START_TEST(test_string_mutable)
{
	CFMutableStringRef m = CFStringCreateMutable(NULL, 0);
	CFStringRef copy, copy2;

	CFStringAppend(m, CFSTR("IOService"));
	CFStringAppendCString(m, ":/", kCFStringEncodingASCII);
	CFStringAppendCString(m, "caf\xe9", kCFStringEncodingASCII);	/* refused: nothing */
	CFStringAppendFormat(m, NULL, CFSTR("%s@%x"), "PCI0", 0x1f);
	assert_string(m, "IOService:/PCI0@1f");
	ck_assert(CFStringHasSuffix(m, CFSTR("@1f")));
	CFStringInsert(m, 0, CFSTR(">"));
	CFStringDelete(m, CFRangeMake(1, 9));
	assert_string(m, ">:/PCI0@1f");
	CFStringReplace(m, CFRangeMake(3, 4), CFSTR("\xc3\xa9t\xc3\xa9"));
	assert_string(m, ">:/\xc3\xa9t\xc3\xa9@1f");
	ck_assert_int_eq(CFStringGetLength(m), 9);
	CFStringUppercase(m, NULL);
	assert_string(m, ">:/\xc3\x89T\xc3\x89@1F");
	CFStringLowercase(m, NULL);
	assert_string(m, ">:/\xc3\xa9t\xc3\xa9@1f");
	CFStringAppendCharacters(m, (const UniChar[]){ 0x263A }, 1);
	assert_string(m, ">:/\xc3\xa9t\xc3\xa9@1f\xe2\x98\xba");

	/* Copies: an immutable copy of a mutable string is new; of an
	 * immutable one it is the same object (CF's rule). */
	copy = CFStringCreateCopy(NULL, m);
	ck_assert_ptr_ne(copy, m);
	ck_assert(CFEqual(copy, m));
	CFStringReplaceAll(m, CFSTR("changed"));
	assert_string(m, "changed");
	ck_assert(!CFEqual(copy, m));
	copy2 = CFStringCreateCopy(NULL, copy);
	ck_assert_ptr_eq(copy2, copy);
	ck_assert_int_eq(CFGetRetainCount(copy), 2);
	CFRelease(copy2);
	CFRelease(copy);
	CFRelease(m);

	m = CFStringCreateMutableCopy(NULL, 0, CFSTR("base"));
	CFStringAppend(m, m);
	assert_string(m, "basebase");
	CFRelease(m);
}
END_TEST

START_TEST(test_string_format)
{
	CFNumberRef n = num32(-7);
	double pi = 3.14159;
	CFNumberRef f = CFNumberCreate(NULL, kCFNumberDoubleType, &pi);
	const UniChar wide[] = { 'w', 0xE9, 0 };
	CFStringRef s;

	assert_format("int 42, str abc, obj name, num -7",
		      format(CFSTR("int %d, str %s, obj %@, num %@"), 42, "abc", CFSTR("name"), n));
	assert_format("3.14 |  3.1| 0x1f 1F 17 %", format(CFSTR("%.2f |%5.1f| %#x %X %o %%"),
							  pi, pi, 31, 31, 15));
	assert_format("l=-1 ll=123456789012 q=5 z=7 u=4294967295 hh=-1",
		      format(CFSTR("l=%ld ll=%lld q=%qd z=%zu u=%u hh=%hhd"), -1L, 123456789012LL,
			     5LL, (size_t)7, 4294967295u, 255));
	assert_format("true/false 3.14159", format(CFSTR("%@/%@ %@"), kCFBooleanTrue,
						   kCFBooleanFalse, f));
	assert_format("second first", format(CFSTR("%2$@ %1$s"), "first", CFSTR("second")));
	assert_format("[ab   ][   ab][ ab]", format(CFSTR("[%-5s][%5@][%*s]"), "ab", CFSTR("ab"),
						      3, "ab"));
	assert_format("\xc3\xa9 w\xc3\xa9 (null) (null)", format(CFSTR("%C %S %@ %s"), 0xE9, wide,
								 NULL, NULL));
	assert_format("100% literal, bad %y stays", format(CFSTR("100%% literal, bad %y stays")));
	assert_format("p=0x10", format(CFSTR("p=%p"), (void *)0x10));
	assert_format("x\xc3\xa9", format(CFSTR("x%s"), "\xc3\xa9"));

	s = format(CFSTR("%@"), n);
	assert_string(s, "-7");
	CFRelease(s);
	/* Objects without a formatting description use their description. */
	s = format(CFSTR("%@"), kCFNull);
	ck_assert_ptr_nonnull(strstr(utf8(s), "<CFNull"));
	CFRelease(s);
	s = CFStringCreateWithFormat(NULL, NULL, CFSTR("%@ and %@"), CFSTR("a"), CFSTR("b"));
	assert_string(s, "a and b");
	CFRelease(s);
	CFRelease(n);
	CFRelease(f);
}
END_TEST

START_TEST(test_string_values)
{
	ck_assert_int_eq(CFStringGetIntValue(CFSTR("  42")), 42);
	ck_assert_int_eq(CFStringGetIntValue(CFSTR("-17abc")), -17);
	ck_assert_int_eq(CFStringGetIntValue(CFSTR("+5")), 5);
	ck_assert_int_eq(CFStringGetIntValue(CFSTR("abc")), 0);
	ck_assert_int_eq(CFStringGetIntValue(CFSTR("99999999999")), INT32_MAX);
	ck_assert_int_eq(CFStringGetIntValue(CFSTR("-99999999999")), INT32_MIN);
	ck_assert(fabs(CFStringGetDoubleValue(CFSTR("2.5")) - 2.5) < 1e-12);
	ck_assert_uint_eq(CFStringGetSmallestEncoding(CFSTR("ascii")), kCFStringEncodingASCII);
	ck_assert_uint_eq(CFStringGetSystemEncoding(), kCFStringEncodingUTF8);
}
END_TEST

START_TEST(test_string_split_join_external)
{
	CFArrayRef parts = CFStringCreateArrayBySeparatingStrings(NULL, CFSTR("a,b,,c"), CFSTR(","));
	CFStringRef joined, back;
	CFDataRef ext;

	ck_assert_int_eq(CFArrayGetCount(parts), 4);
	assert_string(CFArrayGetValueAtIndex(parts, 2), "");
	assert_string(CFArrayGetValueAtIndex(parts, 3), "c");
	joined = CFStringCreateByCombiningStrings(NULL, parts, CFSTR(" / "));
	assert_string(joined, "a / b /  / c");
	CFRelease(joined);
	CFRelease(parts);

	ext = CFStringCreateExternalRepresentation(NULL, CFSTR("h\xc3\xa9"), kCFStringEncodingUTF16,
						   0);
	ck_assert_int_eq(CFDataGetLength(ext), 6);
	back = CFStringCreateFromExternalRepresentation(NULL, ext, kCFStringEncodingUTF16);
	assert_string(back, "h\xc3\xa9");
	CFRelease(back);
	CFRelease(ext);
	ck_assert_ptr_null(CFStringCreateExternalRepresentation(NULL, CFSTR("\xc3\xa9"),
								kCFStringEncodingASCII, 0));
}
END_TEST

/* ---------------- CFNumber and CFBoolean ---------------- */

START_TEST(test_number_types)
{
	static const struct {
		CFNumberType create, canonical;
		CFIndex size;
		bool is_float;
	} cases[] = {
		{ kCFNumberSInt8Type, kCFNumberSInt8Type, 1, false },
		{ kCFNumberCharType, kCFNumberSInt8Type, 1, false },
		{ kCFNumberSInt16Type, kCFNumberSInt16Type, 2, false },
		{ kCFNumberShortType, kCFNumberSInt16Type, 2, false },
		{ kCFNumberSInt32Type, kCFNumberSInt32Type, 4, false },
		{ kCFNumberIntType, kCFNumberSInt32Type, 4, false },
		{ kCFNumberSInt64Type, kCFNumberSInt64Type, 8, false },
		{ kCFNumberLongType, kCFNumberSInt64Type, 8, false },
		{ kCFNumberLongLongType, kCFNumberSInt64Type, 8, false },
		{ kCFNumberCFIndexType, kCFNumberSInt64Type, 8, false },
		{ kCFNumberNSIntegerType, kCFNumberSInt64Type, 8, false },
		{ kCFNumberFloat32Type, kCFNumberFloat32Type, 4, true },
		{ kCFNumberFloatType, kCFNumberFloat32Type, 4, true },
		{ kCFNumberFloat64Type, kCFNumberFloat64Type, 8, true },
		{ kCFNumberDoubleType, kCFNumberFloat64Type, 8, true },
		{ kCFNumberCGFloatType, kCFNumberFloat64Type, 8, true },
	};
	union {
		int64_t i64;
		double d;
		float f;
		int32_t i32;
		int16_t i16;
		int8_t i8;
	} value;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CFNumberRef n;
		double got = 0;

		memset(&value, 0, sizeof(value));
		if (cases[i].is_float) {
			if (cases[i].size == 4)
				value.f = 12.0f;
			else
				value.d = 12.0;
		} else {
			switch (cases[i].size) {
			case 1: value.i8 = 12; break;
			case 2: value.i16 = 12; break;
			case 4: value.i32 = 12; break;
			default: value.i64 = 12; break;
			}
		}
		n = CFNumberCreate(NULL, cases[i].create, &value);
		ck_assert_ptr_nonnull(n);
		ck_assert_int_eq(CFNumberGetType(n), cases[i].canonical);
		ck_assert_int_eq(CFNumberGetByteSize(n), cases[i].size);
		ck_assert_int_eq(CFNumberIsFloatType(n), cases[i].is_float);
		ck_assert(CFNumberGetValue(n, kCFNumberDoubleType, &got));
		ck_assert(got == 12.0);
		CFRelease(n);
	}
	ck_assert_ptr_null(CFNumberCreate(NULL, 0, &value));
	ck_assert_ptr_null(CFNumberCreate(NULL, 17, &value));
	ck_assert_ptr_null(CFNumberCreate(NULL, kCFNumberIntType, NULL));
}
END_TEST

START_TEST(test_number_conversions)
{
	SInt32 i300 = 300;
	CFNumberRef n = CFNumberCreate(NULL, kCFNumberSInt32Type, &i300);
	SInt8 i8 = 0;
	SInt16 i16 = 0;
	SInt64 i64 = 0;
	int64_t big = INT64_MAX, two24p1 = 16777217;
	double d = 0, onehalf = 1.5, two = 2.0, huge = 1e30, tenth = 0.1, nan_value = NAN;
	float f = 0, fhalf = 0.5f;
	int i = 0;
	long l = 0;

	/* Out of range: truncated like a cast, and reported as lossy. */
	ck_assert(!CFNumberGetValue(n, kCFNumberSInt8Type, &i8));
	ck_assert_int_eq(i8, 44);
	ck_assert(CFNumberGetValue(n, kCFNumberSInt16Type, &i16));
	ck_assert_int_eq(i16, 300);
	ck_assert(CFNumberGetValue(n, kCFNumberFloat32Type, &f));
	ck_assert(f == 300.0f);
	CFRelease(n);

	n = CFNumberCreate(NULL, kCFNumberSInt64Type, &big);
	ck_assert(!CFNumberGetValue(n, kCFNumberDoubleType, &d));
	ck_assert(!CFNumberGetValue(n, kCFNumberIntType, &i));
	ck_assert(CFNumberGetValue(n, kCFNumberLongType, &l));
	ck_assert_int_eq(l, INT64_MAX);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberSInt64Type, &two24p1);
	ck_assert(!CFNumberGetValue(n, kCFNumberFloatType, &f));
	ck_assert(CFNumberGetValue(n, kCFNumberDoubleType, &d));
	CFRelease(n);

	/* Floats to integers: a dropped fraction is lossy; range saturates. */
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &onehalf);
	ck_assert(!CFNumberGetValue(n, kCFNumberIntType, &i));
	ck_assert_int_eq(i, 1);
	ck_assert(CFNumberGetValue(n, kCFNumberFloat32Type, &f));
	ck_assert(f == 1.5f);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &two);
	ck_assert(CFNumberGetValue(n, kCFNumberSInt64Type, &i64));
	ck_assert_int_eq(i64, 2);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &huge);
	ck_assert(!CFNumberGetValue(n, kCFNumberSInt64Type, &i64));
	ck_assert_int_eq(i64, INT64_MAX);
	ck_assert(!CFNumberGetValue(n, kCFNumberSInt8Type, &i8));
	ck_assert_int_eq(i8, 127);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &tenth);
	ck_assert(!CFNumberGetValue(n, kCFNumberFloatType, &f));
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberFloatType, &fhalf);
	ck_assert(CFNumberGetValue(n, kCFNumberDoubleType, &d));
	ck_assert(d == 0.5);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &nan_value);
	ck_assert(!CFNumberGetValue(n, kCFNumberSInt32Type, &i));
	ck_assert_int_eq(i, 0);
	ck_assert(CFNumberGetValue(n, kCFNumberFloatType, &f));
	ck_assert(isnan(f));
	CFRelease(n);
}
END_TEST

START_TEST(test_number_compare)
{
	SInt64 big = 9007199254740993LL;	/* 2^53 + 1: not a double */
	double big_d = 9007199254740992.0, minus = -1.0, nan_value = NAN;
	CFNumberRef a = CFNumberCreate(NULL, kCFNumberSInt64Type, &big);
	CFNumberRef b = CFNumberCreate(NULL, kCFNumberDoubleType, &big_d);
	CFNumberRef m = CFNumberCreate(NULL, kCFNumberDoubleType, &minus);
	CFNumberRef nan1 = CFNumberCreate(NULL, kCFNumberDoubleType, &nan_value);
	CFNumberRef one = num32(1), two = num32(2);
	CFStringRef s;

	ck_assert_int_eq(CFNumberCompare(one, two, NULL), kCFCompareLessThan);
	ck_assert_int_eq(CFNumberCompare(two, one, NULL), kCFCompareGreaterThan);
	ck_assert_int_eq(CFNumberCompare(a, b, NULL), kCFCompareGreaterThan);
	ck_assert(!CFEqual(a, b));
	ck_assert_int_eq(CFNumberCompare(m, one, NULL), kCFCompareLessThan);
	ck_assert_int_eq(CFNumberCompare(nan1, kCFNumberNaN, NULL), kCFCompareEqualTo);
	ck_assert_int_eq(CFNumberCompare(nan1, m, NULL), kCFCompareLessThan);
	ck_assert(CFEqual(nan1, kCFNumberNaN));
	ck_assert_int_eq(CFNumberCompare(kCFNumberPositiveInfinity, a, NULL),
			 kCFCompareGreaterThan);
	s = format(CFSTR("%@ %@ %@"), m, b, kCFNumberNegativeInfinity);
	assert_string(s, "-1 9007199254740992 -inf");
	CFRelease(s);
	CFRelease(a);
	CFRelease(b);
	CFRelease(m);
	CFRelease(nan1);
	CFRelease(one);
	CFRelease(two);
}
END_TEST

START_TEST(test_boolean)
{
	ck_assert(CFBooleanGetValue(kCFBooleanTrue));
	ck_assert(!CFBooleanGetValue(kCFBooleanFalse));
	ck_assert_uint_eq(CFGetTypeID(kCFBooleanFalse), CFBooleanGetTypeID());
	ck_assert_ptr_eq(CFRetain(kCFBooleanTrue), kCFBooleanTrue);
	CFRelease(kCFBooleanTrue);
	ck_assert(CFEqual(kCFBooleanTrue, kCFBooleanTrue));
	ck_assert_uint_ne(CFHash(kCFBooleanTrue), CFHash(kCFBooleanFalse));
}
END_TEST

/* ---------------- CFData ---------------- */

START_TEST(test_data)
{
	const UInt8 bytes[] = { 1, 2, 3, 4, 5 };
	CFDataRef d = CFDataCreate(NULL, bytes, 5), copy;
	CFMutableDataRef m;
	UInt8 out[8];
	UInt8 *owned;
	CFDataRef nocopy;

	ck_assert_int_eq(CFDataGetLength(d), 5);
	ck_assert_mem_eq(CFDataGetBytePtr(d), bytes, 5);
	ck_assert_ptr_ne(CFDataGetBytePtr(d), bytes);
	CFDataGetBytes(d, CFRangeMake(1, 3), out);
	ck_assert_mem_eq(out, bytes + 1, 3);
	copy = CFDataCreateCopy(NULL, d);
	ck_assert_ptr_eq(copy, d);	/* immutable: shared */
	CFRelease(copy);

	m = CFDataCreateMutableCopy(NULL, 0, d);
	ck_assert(CFEqual(m, d));
	ck_assert_uint_eq(CFHash(m), CFHash(d));
	CFDataAppendBytes(m, (const UInt8 *)"\x06\x07", 2);
	ck_assert_int_eq(CFDataGetLength(m), 7);
	ck_assert(!CFEqual(m, d));
	CFDataSetLength(m, 9);
	ck_assert_mem_eq(CFDataGetBytePtr(m), "\x01\x02\x03\x04\x05\x06\x07\x00\x00", 9);
	CFDataSetLength(m, 2);
	ck_assert_int_eq(CFDataGetLength(m), 2);
	CFDataIncreaseLength(m, 1);
	ck_assert_mem_eq(CFDataGetBytePtr(m), "\x01\x02\x00", 3);
	CFDataReplaceBytes(m, CFRangeMake(1, 1), (const UInt8 *)"abcd", 4);
	ck_assert_mem_eq(CFDataGetBytePtr(m), "\x01" "abcd" "\x00", 6);
	CFDataDeleteBytes(m, CFRangeMake(0, 2));
	ck_assert_mem_eq(CFDataGetBytePtr(m), "bcd\x00", 4);
	/* Appending the data to itself (the source moves during growth). */
	CFDataAppendBytes(m, CFDataGetBytePtr(m), CFDataGetLength(m));
	ck_assert_int_eq(CFDataGetLength(m), 8);
	ck_assert_mem_eq(CFDataGetBytePtr(m), "bcd\x00" "bcd\x00", 8);
	CFDataGetMutableBytePtr(m)[0] = 'X';
	ck_assert_int_eq(CFDataFind(m, d, CFRangeMake(0, 8), 0).location, kCFNotFound);
	copy = CFDataCreate(NULL, (const UInt8 *)"cd", 2);
	ck_assert_int_eq(CFDataFind(m, copy, CFRangeMake(0, 8), 0).location, 1);
	ck_assert_int_eq(CFDataFind(m, copy, CFRangeMake(0, 8), kCFDataSearchBackwards).location,
			 5);
	ck_assert_int_eq(CFDataFind(m, copy, CFRangeMake(0, 8), kCFDataSearchAnchored).location,
			 kCFNotFound);
	CFRelease(copy);
	copy = CFDataCreateCopy(NULL, m);
	ck_assert_ptr_ne(copy, m);
	ck_assert(CFEqual(copy, m));
	CFRelease(copy);
	CFRelease(m);

	/* Bytes handed over without copying: freed unless kCFAllocatorNull. */
	owned = malloc(4);
	memcpy(owned, "own", 4);
	nocopy = CFDataCreateWithBytesNoCopy(NULL, owned, 4, kCFAllocatorDefault);
	ck_assert_ptr_eq(CFDataGetBytePtr(nocopy), owned);
	CFRelease(nocopy);
	nocopy = CFDataCreateWithBytesNoCopy(NULL, bytes, 5, kCFAllocatorNull);
	ck_assert_ptr_eq(CFDataGetBytePtr(nocopy), bytes);
	ck_assert(CFEqual(nocopy, d));
	CFRelease(nocopy);

	m = CFDataCreateMutable(NULL, 0);
	ck_assert_int_eq(CFDataGetLength(m), 0);
	ck_assert(!CFEqual(m, d));
	CFRelease(m);
	CFRelease(d);
}
END_TEST

/* ---------------- CFArray ---------------- */

static void sum_applier(const void *value, void *context)
{
	SInt32 v = 0;

	CFNumberGetValue(value, kCFNumberSInt32Type, &v);
	*(long *)context += v;
}

static CFComparisonResult compare_numbers(const void *a, const void *b, void *context)
{
	(void)context;
	return CFNumberCompare(a, b, NULL);
}

START_TEST(test_array)
{
	CFNumberRef n[5];
	CFMutableArrayRef m;
	CFArrayRef a, copy;
	const void *values[5];
	long sum = 0;
	int i;

	for (i = 0; i < 5; i++)
		n[i] = num32(i * 10);
	a = CFArrayCreate(NULL, (const void **)n, 3, &kCFTypeArrayCallBacks);
	ck_assert_int_eq(CFGetRetainCount(n[0]), 2);
	ck_assert_int_eq(CFArrayGetCount(a), 3);
	ck_assert_ptr_eq(CFArrayGetValueAtIndex(a, 2), n[2]);
	ck_assert(CFArrayContainsValue(a, CFRangeMake(0, 3), n[1]));
	ck_assert(!CFArrayContainsValue(a, CFRangeMake(0, 3), n[3]));
	ck_assert(!CFArrayContainsValue(a, CFRangeMake(2, 1), n[1]));

	m = CFArrayCreateMutableCopy(NULL, 0, a);
	ck_assert(CFEqual(m, a));
	ck_assert_uint_eq(CFHash(m), CFHash(a));
	CFArrayAppendValue(m, n[3]);
	CFArrayInsertValueAtIndex(m, 0, n[4]);		/* 40 0 10 20 30 */
	CFArrayAppendValue(m, n[1]);			/* 40 0 10 20 30 10 */
	ck_assert_int_eq(CFArrayGetCount(m), 6);
	ck_assert_int_eq(CFArrayGetFirstIndexOfValue(m, CFRangeMake(0, 6), n[1]), 2);
	ck_assert_int_eq(CFArrayGetLastIndexOfValue(m, CFRangeMake(0, 6), n[1]), 5);
	ck_assert_int_eq(CFArrayGetCountOfValue(m, CFRangeMake(0, 6), n[1]), 2);
	ck_assert_int_eq(CFArrayGetFirstIndexOfValue(m, CFRangeMake(0, 2), n[1]), kCFNotFound);
	CFArrayApplyFunction(m, CFRangeMake(0, 6), sum_applier, &sum);
	ck_assert_int_eq(sum, 110);
	CFArrayRemoveValueAtIndex(m, 5);
	CFArraySortValues(m, CFRangeMake(0, 5), compare_numbers, NULL);
	CFArrayGetValues(m, CFRangeMake(0, 5), values);
	for (i = 0; i < 5; i++)
		ck_assert_ptr_eq(values[i], n[i]);
	ck_assert_int_eq(CFArrayBSearchValues(m, CFRangeMake(0, 5), n[3], compare_numbers, NULL), 3);
	CFArrayExchangeValuesAtIndices(m, 0, 4);
	ck_assert_ptr_eq(CFArrayGetValueAtIndex(m, 0), n[4]);
	CFArraySetValueAtIndex(m, 0, n[0]);
	ck_assert_ptr_eq(CFArrayGetValueAtIndex(m, 0), n[0]);
	CFArrayAppendArray(m, m, CFRangeMake(0, 2));
	ck_assert_int_eq(CFArrayGetCount(m), 7);
	ck_assert_ptr_eq(CFArrayGetValueAtIndex(m, 6), n[1]);

	copy = CFArrayCreateCopy(NULL, m);
	ck_assert(!cf_is_mutable(copy));
	ck_assert(CFEqual(copy, m));
	CFRelease(copy);
	CFArrayRemoveAllValues(m);
	ck_assert_int_eq(CFArrayGetCount(m), 0);
	ck_assert(!CFEqual(m, a));
	CFRelease(m);
	CFRelease(a);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(CFGetRetainCount(n[i]), 1);
		CFRelease(n[i]);
	}
}
END_TEST

START_TEST(test_array_raw_pointers)
{
	CFMutableArrayRef m = CFArrayCreateMutable(NULL, 0, NULL);
	static int x, y;
	int i;

	CFArrayAppendValue(m, &x);
	CFArrayAppendValue(m, &y);
	CFArrayAppendValue(m, (const void *)(uintptr_t)7);
	for (i = 0; i < 1000; i++)
		CFArrayAppendValue(m, (const void *)(uintptr_t)i);
	ck_assert_int_eq(CFArrayGetCount(m), 1003);
	ck_assert_ptr_eq(CFArrayGetValueAtIndex(m, 1), &y);
	ck_assert_int_eq(CFArrayGetFirstIndexOfValue(m, CFRangeMake(0, 1003),
						     (const void *)(uintptr_t)7), 2);
	CFRelease(m);
}
END_TEST

START_TEST(test_array_capacity)
{
	CFMutableArrayRef m = CFArrayCreateMutable(NULL, 2, &kCFTypeArrayCallBacks);

	CFArrayAppendValue(m, CFSTR("a"));
	CFArrayAppendValue(m, CFSTR("b"));
	ck_assert_int_eq(CFArrayGetCount(m), 2);
	CFRelease(m);
}
END_TEST

/* ---------------- CFDictionary ---------------- */

struct order {
	char keys[64][16];
	int n;
};

static void order_applier(const void *key, const void *value, void *context)
{
	struct order *o = context;

	(void)value;
	ck_assert(CFStringGetCString(key, o->keys[o->n], 16, kCFStringEncodingUTF8));
	o->n++;
}

START_TEST(test_dictionary)
{
	CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
							     &kCFTypeDictionaryValueCallBacks);
	CFStringRef key = str("vendor-id");
	CFNumberRef one = num32(1), two = num32(2);
	const void *value = NULL;
	const void *keys[3], *values[3];
	struct order o = { .n = 0 };
	CFDictionaryRef copy;
	CFMutableDictionaryRef mcopy, other;

	CFDictionarySetValue(d, key, one);
	ck_assert_int_eq(CFGetRetainCount(key), 2);
	ck_assert_int_eq(CFGetRetainCount(one), 2);
	/* Lookup with an equal, different object. */
	ck_assert_ptr_eq(CFDictionaryGetValue(d, CFSTR("vendor-id")), one);
	ck_assert(CFDictionaryGetValueIfPresent(d, CFSTR("vendor-id"), &value));
	ck_assert_ptr_eq(value, one);
	ck_assert(!CFDictionaryGetValueIfPresent(d, CFSTR("device-id"), &value));
	ck_assert_ptr_null(CFDictionaryGetValue(d, CFSTR("device-id")));
	ck_assert(CFDictionaryContainsKey(d, CFSTR("vendor-id")));
	ck_assert(CFDictionaryContainsValue(d, one));
	ck_assert(!CFDictionaryContainsValue(d, two));

	CFDictionaryAddValue(d, CFSTR("vendor-id"), two);	/* present: no change */
	ck_assert_ptr_eq(CFDictionaryGetValue(d, key), one);
	CFDictionaryReplaceValue(d, CFSTR("absent"), two);	/* absent: no change */
	ck_assert(!CFDictionaryContainsKey(d, CFSTR("absent")));
	CFDictionaryReplaceValue(d, CFSTR("vendor-id"), two);
	ck_assert_ptr_eq(CFDictionaryGetValue(d, key), two);
	ck_assert_int_eq(CFGetRetainCount(one), 1);
	CFDictionarySetValue(d, CFSTR("a"), one);
	CFDictionarySetValue(d, CFSTR("b"), one);
	CFDictionarySetValue(d, key, one);	/* keeps its first position */
	ck_assert_int_eq(CFDictionaryGetCount(d), 3);
	ck_assert_int_eq(CFDictionaryGetCountOfValue(d, one), 3);
	ck_assert_int_eq(CFDictionaryGetCountOfKey(d, CFSTR("a")), 1);
	CFDictionaryGetKeysAndValues(d, keys, values);
	ck_assert(CFEqual(keys[0], CFSTR("vendor-id")));
	ck_assert(CFEqual(keys[2], CFSTR("b")));
	CFDictionaryApplyFunction(d, order_applier, &o);
	ck_assert_int_eq(o.n, 3);
	ck_assert_str_eq(o.keys[1], "a");

	copy = CFDictionaryCreateCopy(NULL, d);
	ck_assert(!cf_is_mutable(copy));
	mcopy = CFDictionaryCreateMutableCopy(NULL, 0, d);
	ck_assert(CFEqual(copy, d));
	ck_assert(CFEqual(mcopy, d));
	ck_assert_uint_eq(CFHash(copy), CFHash(d));
	/* Equality ignores order. */
	other = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					  &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(other, CFSTR("b"), one);
	CFDictionarySetValue(other, CFSTR("a"), one);
	CFDictionarySetValue(other, CFSTR("vendor-id"), one);
	ck_assert(CFEqual(other, d));
	CFDictionarySetValue(other, CFSTR("a"), two);
	ck_assert(!CFEqual(other, d));

	CFDictionaryRemoveValue(d, CFSTR("a"));
	CFDictionaryRemoveValue(d, CFSTR("never there"));
	ck_assert_int_eq(CFDictionaryGetCount(d), 2);
	ck_assert(!CFDictionaryContainsKey(d, CFSTR("a")));
	ck_assert_int_eq(CFDictionaryGetCount(mcopy), 3);
	CFDictionaryRemoveAllValues(d);
	ck_assert_int_eq(CFDictionaryGetCount(d), 0);
	ck_assert_int_eq(CFGetRetainCount(key), 3);	/* ours + copy + mcopy */

	CFRelease(copy);
	CFRelease(mcopy);
	CFRelease(other);
	CFRelease(d);
	ck_assert_int_eq(CFGetRetainCount(key), 1);
	ck_assert_int_eq(CFGetRetainCount(one), 1);
	CFRelease(key);
	CFRelease(one);
	CFRelease(two);
}
END_TEST

START_TEST(test_dictionary_order_and_growth)
{
	CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
							     &kCFTypeDictionaryValueCallBacks);
	struct order o = { .n = 0 };
	enum { N = 5000 };
	int i;

	for (i = 0; i < N; i++) {
		CFStringRef k = CFStringCreateWithFormat(NULL, NULL, CFSTR("k%d"), i);
		CFNumberRef v = num32(i);

		CFDictionarySetValue(d, k, v);
		CFRelease(k);
		CFRelease(v);
	}
	ck_assert_int_eq(CFDictionaryGetCount(d), N);
	for (i = 0; i < N; i += 2) {
		CFStringRef k = CFStringCreateWithFormat(NULL, NULL, CFSTR("k%d"), i);

		CFDictionaryRemoveValue(d, k);
		CFRelease(k);
	}
	for (i = 0; i < N; i++) {
		CFStringRef k = CFStringCreateWithFormat(NULL, NULL, CFSTR("k%d"), i);
		CFNumberRef v = CFDictionaryGetValue(d, k);
		SInt32 got = -1;

		if (i % 2 == 0) {
			ck_assert_ptr_null(v);
		} else {
			ck_assert_ptr_nonnull(v);
			CFNumberGetValue(v, kCFNumberSInt32Type, &got);
			ck_assert_int_eq(got, i);
		}
		CFRelease(k);
	}
	CFDictionaryRemoveAllValues(d);
	/* Insertion order survives removals and re-additions. */
	CFDictionarySetValue(d, CFSTR("z"), kCFBooleanTrue);
	CFDictionarySetValue(d, CFSTR("a"), kCFBooleanTrue);
	CFDictionarySetValue(d, CFSTR("m"), kCFBooleanTrue);
	CFDictionaryRemoveValue(d, CFSTR("a"));
	CFDictionarySetValue(d, CFSTR("a"), kCFBooleanFalse);
	CFDictionaryApplyFunction(d, order_applier, &o);
	ck_assert_int_eq(o.n, 3);
	ck_assert_str_eq(o.keys[0], "z");
	ck_assert_str_eq(o.keys[1], "m");
	ck_assert_str_eq(o.keys[2], "a");
	CFRelease(d);
}
END_TEST

START_TEST(test_dictionary_callbacks)
{
	CFMutableDictionaryRef raw = CFDictionaryCreateMutable(NULL, 0, NULL, NULL);
	CFMutableDictionaryRef copying;
	CFMutableStringRef key = CFStringCreateMutableCopy(NULL, 0, CFSTR("key"));
	CFNumberRef one = num32(1), one_again = num32(1);
	static char a[] = "a", b[] = "b";
	double d1 = 1.0;
	CFNumberRef one_double = CFNumberCreate(NULL, kCFNumberDoubleType, &d1);
	CFMutableDictionaryRef by_number;

	/* NULL callbacks: raw pointers, no retains, identity. */
	CFDictionarySetValue(raw, a, b);
	CFDictionarySetValue(raw, one, b);
	ck_assert_ptr_eq(CFDictionaryGetValue(raw, a), b);
	ck_assert_ptr_null(CFDictionaryGetValue(raw, one_again));
	ck_assert_int_eq(CFGetRetainCount(one), 1);
	CFRelease(raw);

	/* Copying string keys: the dictionary keeps its own immutable copy. */
	copying = CFDictionaryCreateMutable(NULL, 0, &kCFCopyStringDictionaryKeyCallBacks,
					    &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(copying, key, one);
	ck_assert_int_eq(CFGetRetainCount(key), 1);
	CFStringAppend(key, CFSTR("-changed"));
	ck_assert_ptr_eq(CFDictionaryGetValue(copying, CFSTR("key")), one);
	ck_assert_ptr_null(CFDictionaryGetValue(copying, key));
	CFRelease(copying);

	/* Keys hash with CFHash: 1 and 1.0 are the same key. */
	by_number = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					      &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(by_number, one, CFSTR("int"));
	CFDictionarySetValue(by_number, one_double, CFSTR("double"));
	ck_assert_int_eq(CFDictionaryGetCount(by_number), 1);
	assert_string(CFDictionaryGetValue(by_number, one_again), "double");
	CFRelease(by_number);

	CFRelease(key);
	CFRelease(one);
	CFRelease(one_again);
	CFRelease(one_double);
}
END_TEST

START_TEST(test_dictionary_create)
{
	const void *keys[] = { CFSTR("a"), CFSTR("b"), CFSTR("a") };
	const void *values[] = { kCFBooleanTrue, kCFBooleanFalse, kCFNull };
	CFDictionaryRef d = CFDictionaryCreate(NULL, keys, values, 3,
					       &kCFTypeDictionaryKeyCallBacks,
					       &kCFTypeDictionaryValueCallBacks);
	CFDictionaryRef empty = CFDictionaryCreate(NULL, NULL, NULL, 0,
						   &kCFTypeDictionaryKeyCallBacks,
						   &kCFTypeDictionaryValueCallBacks);
	CFStringRef desc;

	ck_assert_int_eq(CFDictionaryGetCount(d), 2);
	ck_assert_ptr_eq(CFDictionaryGetValue(d, CFSTR("a")), kCFNull);
	ck_assert_int_eq(CFDictionaryGetCount(empty), 0);
	ck_assert(!CFEqual(d, empty));
	desc = CFCopyDescription(d);
	ck_assert_ptr_nonnull(strstr(utf8(desc), "type = immutable dict, count = 2"));
	ck_assert_ptr_nonnull(strstr(utf8(desc), "{contents = \"b\"} = <CFBoolean"));
	CFRelease(desc);
	CFRelease(d);
	CFRelease(empty);
}
END_TEST

/* ---------------- CFSet ---------------- */

static void count_applier(const void *value, void *context)
{
	(void)value;
	(*(int *)context)++;
}

START_TEST(test_set)
{
	CFMutableSetRef s = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);
	CFStringRef made = str("IOService");
	const void *values[4];
	const void *found = NULL;
	CFSetRef copy;
	int count = 0;

	CFSetAddValue(s, CFSTR("IOService"));
	CFSetAddValue(s, made);		/* equal: not added */
	CFSetAddValue(s, CFSTR("IOPCIDevice"));
	ck_assert_int_eq(CFSetGetCount(s), 2);
	ck_assert_int_eq(CFGetRetainCount(made), 1);
	ck_assert(CFSetContainsValue(s, made));
	ck_assert_int_eq(CFSetGetCountOfValue(s, CFSTR("IOPCIDevice")), 1);
	ck_assert(!CFSetContainsValue(s, CFSTR("other")));
	ck_assert(CFSetGetValueIfPresent(s, made, &found));
	ck_assert_ptr_ne(found, made);
	CFSetSetValue(s, made);		/* replaces the member */
	ck_assert_ptr_eq(CFSetGetValue(s, CFSTR("IOService")), made);
	ck_assert_int_eq(CFGetRetainCount(made), 2);
	CFSetReplaceValue(s, CFSTR("absent"));
	ck_assert_int_eq(CFSetGetCount(s), 2);
	CFSetGetValues(s, values);
	ck_assert_ptr_eq(values[0], made);
	CFSetApplyFunction(s, count_applier, &count);
	ck_assert_int_eq(count, 2);

	copy = CFSetCreateCopy(NULL, s);
	ck_assert(CFEqual(copy, s));
	ck_assert(!cf_is_mutable(copy));
	CFSetRemoveValue(s, CFSTR("IOService"));
	ck_assert_int_eq(CFSetGetCount(s), 1);
	ck_assert(!CFEqual(copy, s));
	CFSetRemoveAllValues(s);
	ck_assert_int_eq(CFSetGetCount(s), 0);
	CFRelease(copy);
	CFRelease(s);
	ck_assert_int_eq(CFGetRetainCount(made), 1);
	CFRelease(made);

	values[0] = CFSTR("x");
	values[1] = CFSTR("x");
	values[2] = CFSTR("y");
	copy = CFSetCreate(NULL, values, 3, &kCFTypeSetCallBacks);
	ck_assert_int_eq(CFSetGetCount(copy), 2);
	s = CFSetCreateMutableCopy(NULL, 0, copy);
	CFSetAddValue(s, CFSTR("z"));
	ck_assert_int_eq(CFSetGetCount(s), 3);
	CFRelease(s);
	CFRelease(copy);
}
END_TEST

/* ---------------- misuse aborts, as in CF ---------------- */

START_TEST(test_abort_release_null)
{
	CFRelease(NULL);
}
END_TEST

START_TEST(test_abort_mutate_immutable)
{
	CFArrayRef a = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);

	CFArrayAppendValue((CFMutableArrayRef)a, CFSTR("x"));
}
END_TEST

START_TEST(test_abort_index)
{
	CFArrayRef a = CFArrayCreate(NULL, NULL, 0, &kCFTypeArrayCallBacks);

	CFArrayGetValueAtIndex(a, 0);
}
END_TEST

START_TEST(test_abort_wrong_type)
{
	CFStringGetLength((CFStringRef)kCFBooleanTrue);
}
END_TEST

START_TEST(test_abort_capacity)
{
	CFMutableArrayRef m = CFArrayCreateMutable(NULL, 1, &kCFTypeArrayCallBacks);

	CFArrayAppendValue(m, CFSTR("a"));
	CFArrayAppendValue(m, CFSTR("b"));
}
END_TEST

/* ---------------- property lists ---------------- */

static CFDictionaryRef every_plist_type(void)
{
	CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
							     &kCFTypeDictionaryValueCallBacks);
	CFMutableDictionaryRef inner = CFDictionaryCreateMutable(NULL, 0,
								 &kCFTypeDictionaryKeyCallBacks,
								 &kCFTypeDictionaryValueCallBacks);
	CFMutableArrayRef a = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	SInt8 i8 = -1;
	SInt16 i16 = 0x1234;
	SInt32 i32 = -5;
	SInt64 i64 = 0x123456789LL;
	UInt8 bytes[100];
	CFNumberRef n;
	CFDataRef data;
	int i;

	for (i = 0; i < 100; i++)
		bytes[i] = (UInt8)(i * 7);
	n = CFNumberCreate(NULL, kCFNumberSInt8Type, &i8);
	CFDictionarySetValue(d, CFSTR("i8"), n);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberSInt16Type, &i16);
	CFDictionarySetValue(d, CFSTR("i16"), n);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberSInt32Type, &i32);
	CFDictionarySetValue(d, CFSTR("i32"), n);
	CFArrayAppendValue(a, n);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberSInt64Type, &i64);
	CFDictionarySetValue(d, CFSTR("i64"), n);
	CFRelease(n);
	data = CFDataCreate(NULL, bytes, sizeof(bytes));
	CFDictionarySetValue(d, CFSTR("data"), data);
	CFArrayAppendValue(a, data);
	CFRelease(data);
	CFDictionarySetValue(d, CFSTR("text <&> \xc3\xa9"), CFSTR("value <&> \xe2\x82\xac"));
	CFDictionarySetValue(d, CFSTR("yes"), kCFBooleanTrue);
	CFDictionarySetValue(d, CFSTR("no"), kCFBooleanFalse);
	CFArrayAppendValue(a, CFSTR("item"));
	CFDictionarySetValue(inner, CFSTR("array"), a);
	CFDictionarySetValue(d, CFSTR("inner"), inner);
	CFDictionarySetValue(d, CFSTR("empty"), CFSTR(""));
	CFRelease(a);
	CFRelease(inner);
	return d;
}

START_TEST(test_plist_round_trip)
{
	CFDictionaryRef d = every_plist_type();
	CFErrorRef error = (CFErrorRef)(uintptr_t)1;
	CFPropertyListFormat fmt = 0;
	CFDataRef xml = CFPropertyListCreateData(NULL, d, kCFPropertyListXMLFormat_v1_0, 0, &error);
	CFPropertyListRef back;
	CFNumberRef n;

	ck_assert_ptr_nonnull(xml);
	ck_assert_ptr_null(error);
	ck_assert(CFPropertyListIsValid(d, kCFPropertyListXMLFormat_v1_0));
	back = CFPropertyListCreateWithData(NULL, xml, kCFPropertyListImmutable, &fmt, &error);
	ck_assert_ptr_nonnull(back);
	ck_assert_ptr_null(error);
	ck_assert_int_eq(fmt, kCFPropertyListXMLFormat_v1_0);
	ck_assert(CFEqual(back, d));
	ck_assert(!cf_is_mutable(back));
	/* CF's XML has no integer widths (ioreg -a must match macOS's byte for
	 * byte), so values come back equal but not with their types. */
	ck_assert_ptr_null(memmem(CFDataGetBytePtr(xml), (size_t)CFDataGetLength(xml),
				  "size=", 5));
	n = CFDictionaryGetValue(back, CFSTR("i8"));
	ck_assert(CFEqual(n, CFDictionaryGetValue(d, CFSTR("i8"))));
	CFRelease(back);

	back = CFPropertyListCreateWithData(NULL, xml, kCFPropertyListMutableContainers, NULL, NULL);
	ck_assert(cf_is_mutable(back));
	ck_assert(cf_is_mutable(CFDictionaryGetValue(back, CFSTR("inner"))));
	ck_assert(!cf_is_mutable(CFDictionaryGetValue(back, CFSTR("empty"))));
	CFDictionarySetValue((CFMutableDictionaryRef)back, CFSTR("added"), kCFBooleanTrue);
	CFRelease(back);
	back = CFPropertyListCreateWithData(NULL, xml, kCFPropertyListMutableContainersAndLeaves,
					    NULL, NULL);
	ck_assert(cf_is_mutable(CFDictionaryGetValue(back, CFSTR("empty"))));
	ck_assert(cf_is_mutable(CFDictionaryGetValue(back, CFSTR("data"))));
	ck_assert(CFEqual(back, d));
	CFRelease(back);

	/* The deprecated forms. */
	CFRelease(xml);
	xml = CFPropertyListCreateXMLData(NULL, d);
	ck_assert_ptr_nonnull(xml);
	back = CFPropertyListCreateFromXMLData(NULL, xml, kCFPropertyListImmutable, NULL);
	ck_assert(CFEqual(back, d));
	CFRelease(back);
	CFRelease(xml);
	CFRelease(d);
}
END_TEST

START_TEST(test_plist_exact_xml)
{
	const void *keys[] = { CFSTR("b"), CFSTR("a") };
	CFNumberRef n = num32(-3);
	const void *values[] = { n, kCFBooleanTrue };
	CFDictionaryRef d = CFDictionaryCreate(NULL, keys, values, 2, &kCFTypeDictionaryKeyCallBacks,
					       &kCFTypeDictionaryValueCallBacks);
	CFDataRef xml = CFPropertyListCreateData(NULL, d, kCFPropertyListXMLFormat_v1_0, 0, NULL);
	const char *expected =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
		"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
		"<plist version=\"1.0\">\n"
		"<dict>\n"
		"\t<key>a</key>\n"
		"\t<true/>\n"
		"\t<key>b</key>\n"
		"\t<integer>-3</integer>\n"
		"</dict>\n"
		"</plist>\n";

	ck_assert_int_eq(CFDataGetLength(xml), (CFIndex)strlen(expected));
	ck_assert_mem_eq(CFDataGetBytePtr(xml), expected, strlen(expected));
	CFRelease(xml);
	CFRelease(d);
	CFRelease(n);
}
END_TEST

START_TEST(test_plist_errors)
{
	const char *bad = "<?xml version=\"1.0\"?>\n<plist>\n<dict>\n<key>a</key>\n</plist>\n";
	CFDataRef data = CFDataCreate(NULL, (const UInt8 *)bad, (CFIndex)strlen(bad));
	CFDataRef binary = CFDataCreate(NULL, (const UInt8 *)"bplist00\x08", 9);
	CFErrorRef error = NULL;
	CFStringRef desc, error_string = NULL;
	CFMutableSetRef set;
	CFMutableDictionaryRef d;
	CFNumberRef one = num32(1);

	ck_assert_ptr_null(CFPropertyListCreateWithData(NULL, data, 0, NULL, &error));
	ck_assert_ptr_nonnull(error);
	ck_assert(CFEqual(CFErrorGetDomain(error), kCFErrorDomainCocoa));
	ck_assert_int_eq(CFErrorGetCode(error), kCFPropertyListReadCorruptError);
	desc = CFErrorCopyDescription(error);
	ck_assert_ptr_nonnull(strstr(utf8(desc), "line "));
	CFRelease(desc);
	CFRelease(error);
	error = NULL;
	ck_assert_ptr_null(CFPropertyListCreateFromXMLData(NULL, data, 0, &error_string));
	ck_assert_ptr_nonnull(error_string);
	CFRelease(error_string);
	ck_assert_ptr_null(CFPropertyListCreateWithData(NULL, binary, 0, NULL, &error));
	desc = CFErrorCopyDescription(error);
	ck_assert_ptr_nonnull(strstr(utf8(desc), "binary"));
	CFRelease(desc);
	CFRelease(error);
	error = NULL;
	ck_assert_ptr_null(CFPropertyListCreateWithData(NULL, binary, 0, NULL, NULL));

	/* Sets and non-string keys are not property lists. */
	set = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);
	ck_assert(!CFPropertyListIsValid(set, kCFPropertyListXMLFormat_v1_0));
	ck_assert_ptr_null(CFPropertyListCreateData(NULL, set, kCFPropertyListXMLFormat_v1_0, 0,
						    &error));
	ck_assert_ptr_nonnull(error);
	CFRelease(error);
	error = NULL;
	d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
				      &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(d, one, CFSTR("x"));
	ck_assert(!CFPropertyListIsValid(d, kCFPropertyListXMLFormat_v1_0));
	ck_assert_ptr_null(CFPropertyListCreateXMLData(NULL, d));
	ck_assert_ptr_null(CFPropertyListCreateData(NULL, CFSTR("x"),
						    kCFPropertyListBinaryFormat_v1_0, 0, &error));
	CFRelease(error);
	ck_assert(!CFPropertyListIsValid(kCFNull, kCFPropertyListXMLFormat_v1_0));
	ck_assert(CFPropertyListIsValid(CFSTR("x"), kCFPropertyListXMLFormat_v1_0));

	CFRelease(d);
	CFRelease(set);
	CFRelease(one);
	CFRelease(data);
	CFRelease(binary);
}
END_TEST

START_TEST(test_plist_cycle_and_depth)
{
	CFMutableArrayRef a = CFArrayCreateMutable(NULL, 0, NULL);
	CFMutableArrayRef outer = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	CFMutableStringRef deep = CFStringCreateMutable(NULL, 0);
	CFDataRef data;
	CFPropertyListRef back;
	int i;

	/* A cycle (held without retains, so it can be freed) is rejected. */
	CFArrayAppendValue(a, a);
	CFArrayAppendValue(outer, a);
	ck_assert(!CFPropertyListIsValid(outer, kCFPropertyListXMLFormat_v1_0));
	ck_assert_ptr_null(CFPropertyListCreateXMLData(NULL, outer));
	ck_assert_ptr_null(cf_to_reg_value(test_ctx, outer));
	CFRelease(outer);
	CFRelease(a);

	/* 200 levels: deeper than a property table, fine for a plist. */
	CFStringAppend(deep, CFSTR("<plist><array>"));
	for (i = 0; i < 200; i++)
		CFStringAppend(deep, CFSTR("<array>"));
	for (i = 0; i < 200; i++)
		CFStringAppend(deep, CFSTR("</array>"));
	CFStringAppend(deep, CFSTR("</array></plist>"));
	data = CFStringCreateExternalRepresentation(NULL, deep, kCFStringEncodingUTF8, 0);
	back = CFPropertyListCreateWithData(NULL, data, 0, NULL, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(CFArrayGetCount(back), 1);
	CFRelease(back);
	CFRelease(data);
	CFRelease(deep);
}
END_TEST

START_TEST(test_plist_deep_copy)
{
	CFDictionaryRef d = every_plist_type();
	CFPropertyListRef copy = CFPropertyListCreateDeepCopy(NULL, d, kCFPropertyListImmutable);
	CFPropertyListRef mcopy = CFPropertyListCreateDeepCopy(
		NULL, d, kCFPropertyListMutableContainersAndLeaves);

	ck_assert(CFEqual(copy, d));
	ck_assert(CFEqual(mcopy, d));
	ck_assert_ptr_ne(CFDictionaryGetValue(copy, CFSTR("inner")),
			 CFDictionaryGetValue(d, CFSTR("inner")));
	ck_assert(!cf_is_mutable(copy));
	ck_assert(cf_is_mutable(mcopy));
	ck_assert(cf_is_mutable(CFDictionaryGetValue(mcopy, CFSTR("empty"))));
	ck_assert_ptr_null(CFPropertyListCreateDeepCopy(NULL, kCFNull, 0));
	CFRelease(copy);
	CFRelease(mcopy);
	CFRelease(d);
}
END_TEST

/* ---------------- CF <-> registry values ---------------- */

START_TEST(test_reg_value_to_cf)
{
	struct reg_value *d = reg_value_new_dict(test_ctx), *a, *s;
	CFDictionaryRef cf;
	CFNumberRef n;
	SInt64 v64 = 0;
	struct reg_value *back;
	CFTypeRef mutable_cf;

	reg_dict_set(d, "i8", reg_value_new_number(d, -2, 8));
	reg_dict_set(d, "i16", reg_value_new_number(d, 0x7fff, 16));
	reg_dict_set(d, "i32", reg_value_new_number(d, 0xffffffff, 32));
	reg_dict_set(d, "i64", reg_value_new_number(d, -5, 64));
	reg_dict_set(d, "sym", reg_value_new_symbol(d, "IOPCIDevice"));
	reg_dict_set(d, "str", reg_value_new_string(d, "caf\xc3\xa9"));
	reg_dict_set(d, "bad utf8", reg_value_new_string(d, "x\xff"));
	reg_dict_set(d, "data", reg_value_new_data(d, "\x00\x01\x02", 3));
	reg_dict_set(d, "bool", reg_value_new_bool(d, true));
	a = reg_value_new_array(d);
	reg_array_append(a, reg_value_new_string(a, "one"));
	reg_dict_set(d, "array", a);
	s = reg_value_new_set(d);
	reg_array_append(s, reg_value_new_string(s, "IOService"));
	reg_array_append(s, reg_value_new_string(s, "IOResources"));
	reg_dict_set(d, "set", s);

	cf = cf_from_reg_value(d, kCFPropertyListMutableContainers);
	ck_assert(cf_is_mutable(cf));
	ck_assert_int_eq(CFDictionaryGetCount(cf), 11);
	n = CFDictionaryGetValue(cf, CFSTR("i8"));
	ck_assert_int_eq(CFNumberGetType(n), kCFNumberSInt8Type);
	n = CFDictionaryGetValue(cf, CFSTR("i16"));
	ck_assert_int_eq(CFNumberGetType(n), kCFNumberSInt16Type);
	n = CFDictionaryGetValue(cf, CFSTR("i32"));
	ck_assert_int_eq(CFNumberGetType(n), kCFNumberSInt32Type);
	ck_assert(CFNumberGetValue(n, kCFNumberSInt64Type, &v64));
	ck_assert_int_eq(v64, -1);
	n = CFDictionaryGetValue(cf, CFSTR("i64"));
	ck_assert_int_eq(CFNumberGetType(n), kCFNumberSInt64Type);
	assert_string(CFDictionaryGetValue(cf, CFSTR("sym")), "IOPCIDevice");
	assert_string(CFDictionaryGetValue(cf, CFSTR("str")), "caf\xc3\xa9");
	assert_string(CFDictionaryGetValue(cf, CFSTR("bad utf8")), "x\xef\xbf\xbd");
	ck_assert_ptr_eq(CFDictionaryGetValue(cf, CFSTR("bool")), kCFBooleanTrue);
	ck_assert_uint_eq(CFGetTypeID(CFDictionaryGetValue(cf, CFSTR("set"))), CFSetGetTypeID());
	ck_assert(CFSetContainsValue(CFDictionaryGetValue(cf, CFSTR("set")), CFSTR("IOResources")));
	ck_assert(cf_is_mutable(CFDictionaryGetValue(cf, CFSTR("array"))));
	ck_assert_int_eq(CFDataGetLength(CFDictionaryGetValue(cf, CFSTR("data"))), 3);

	/* Back again: identical but for symbols, which become strings. */
	reg_dict_remove(d, "bad utf8");
	CFDictionaryRemoveValue((CFMutableDictionaryRef)cf, CFSTR("bad utf8"));
	back = cf_to_reg_value(test_ctx, cf);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(reg_dict_get(back, "sym")->type, REG_STRING);
	ck_assert_uint_eq(reg_dict_get(back, "i8")->u.number.width, 8);
	ck_assert_int_eq(reg_dict_get(back, "i32")->u.number.value, -1);
	ck_assert(reg_value_equal(back, d));
	reg_dict_set(d, "sym", reg_value_new_string(d, "IOPCIDevice"));
	ck_assert(reg_value_identical(back, d));
	talloc_free(back);
	CFRelease(cf);

	cf = cf_from_reg_value(d, kCFPropertyListImmutable);
	ck_assert(!cf_is_mutable(cf));
	ck_assert(!cf_is_mutable(CFDictionaryGetValue(cf, CFSTR("set"))));
	CFRelease(cf);
	mutable_cf = cf_from_reg_value(reg_dict_get(d, "str"),
				       kCFPropertyListMutableContainersAndLeaves);
	ck_assert(cf_is_mutable(mutable_cf));
	CFRelease(mutable_cf);
	ck_assert_ptr_null(cf_from_reg_value(NULL, 0));
	talloc_free(d);
}
END_TEST

START_TEST(test_cf_to_reg_value)
{
	double pi = -3.9, nan_value = NAN, huge = 1e300;
	float f = 2.5f;
	long l = 7;
	CFNumberRef n;
	struct reg_value *v;
	CFMutableDictionaryRef d;
	CFMutableStringRef nul_key;

	/* Floats stay floats (IOKit's binary widths 63 and 31). */
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &pi);
	v = cf_to_reg_value(test_ctx, n);
	ck_assert_uint_eq(v->u.number.width, REG_NUMBER_FLOAT64);
	ck_assert(reg_number_double(v) == -3.9);
	talloc_free(v);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &nan_value);
	v = cf_to_reg_value(test_ctx, n);
	ck_assert(isnan(reg_number_double(v)));
	talloc_free(v);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberDoubleType, &huge);
	v = cf_to_reg_value(test_ctx, n);
	ck_assert(reg_number_double(v) == 1e300);
	{
		CFNumberRef back = cf_from_reg_value(v, kCFPropertyListImmutable);
		double got = 0;

		ck_assert(CFNumberIsFloatType(back));
		ck_assert(CFNumberGetValue(back, kCFNumberDoubleType, &got));
		ck_assert(got == 1e300);
		CFRelease(back);
	}
	talloc_free(v);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberFloatType, &f);
	v = cf_to_reg_value(test_ctx, n);
	ck_assert_uint_eq(v->u.number.width, REG_NUMBER_FLOAT32);
	ck_assert(reg_number_double(v) == 2.5);
	{
		CFNumberRef back = cf_from_reg_value(v, kCFPropertyListImmutable);

		ck_assert_int_eq(CFNumberGetType(back), kCFNumberFloat32Type);
		ck_assert(CFEqual(back, n));
		CFRelease(back);
	}
	talloc_free(v);
	CFRelease(n);
	n = CFNumberCreate(NULL, kCFNumberLongType, &l);
	v = cf_to_reg_value(test_ctx, n);
	ck_assert_uint_eq(v->u.number.width, 64);
	talloc_free(v);
	CFRelease(n);

	/* Unsupported things give NULL and leave nothing on the context. */
	ck_assert_ptr_null(cf_to_reg_value(test_ctx, kCFNull));
	ck_assert_ptr_null(cf_to_reg_value(test_ctx, NULL));
	d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
				      &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(d, CFSTR("fine"), CFSTR("yes"));
	CFDictionarySetValue(d, CFSTR("null"), kCFNull);
	ck_assert_ptr_null(cf_to_reg_value(test_ctx, d));
	CFDictionaryRemoveValue(d, CFSTR("null"));
	nul_key = CFStringCreateMutable(NULL, 0);
	CFStringAppendCharacters(nul_key, (const UniChar[]){ 'a', 0, 'b' }, 3);
	CFDictionarySetValue(d, nul_key, CFSTR("x"));
	ck_assert_ptr_null(cf_to_reg_value(test_ctx, d));
	CFDictionaryRemoveValue(d, nul_key);
	v = cf_to_reg_value(test_ctx, d);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(reg_dict_get(v, "fine")->u.string.chars, "yes");
	talloc_free(v);
	/* Nesting beyond the limit is refused. */
	v = cf_to_reg_value_depth(test_ctx, d, 0);
	ck_assert_ptr_null(v);
	CFRelease(nul_key);
	CFRelease(d);
}
END_TEST

static Suite *cf_suite(void)
{
	Suite *s = suite_create("cf");
	TCase *tc;
	const char *fork_mode = getenv("CK_FORK");

	tc = checked_tcase("base");
	tcase_add_test(tc, test_types_and_constants);
	tcase_add_test(tc, test_retain_release);
	tcase_add_test(tc, test_retain_threads);
	tcase_add_test(tc, test_equal_hash_across_types);
	tcase_add_test(tc, test_descriptions_and_show);
	suite_add_tcase(s, tc);

	tc = checked_tcase("string");
	tcase_add_test(tc, test_cfstr);
	tcase_add_test(tc, test_string_encodings);
	tcase_add_test(tc, test_string_characters);
	tcase_add_test(tc, test_string_get_cstring);
	tcase_add_test(tc, test_string_compare_find);
	tcase_add_test(tc, test_string_mutable);
	tcase_add_test(tc, test_string_format);
	tcase_add_test(tc, test_string_values);
	tcase_add_test(tc, test_string_split_join_external);
	suite_add_tcase(s, tc);

	tc = checked_tcase("number");
	tcase_add_test(tc, test_number_types);
	tcase_add_test(tc, test_number_conversions);
	tcase_add_test(tc, test_number_compare);
	tcase_add_test(tc, test_boolean);
	suite_add_tcase(s, tc);

	tc = checked_tcase("collections");
	tcase_add_test(tc, test_data);
	tcase_add_test(tc, test_array);
	tcase_add_test(tc, test_array_raw_pointers);
	tcase_add_test(tc, test_array_capacity);
	tcase_add_test(tc, test_dictionary);
	tcase_add_test(tc, test_dictionary_order_and_growth);
	tcase_add_test(tc, test_dictionary_callbacks);
	tcase_add_test(tc, test_dictionary_create);
	tcase_add_test(tc, test_set);
	suite_add_tcase(s, tc);

	/* Misuse aborts the process, so these need Check's forked mode. */
	if (fork_mode == NULL || strcmp(fork_mode, "no") != 0) {
		tc = tcase_create("misuse");
		tcase_add_test_raise_signal(tc, test_abort_release_null, SIGABRT);
		tcase_add_test_raise_signal(tc, test_abort_mutate_immutable, SIGABRT);
		tcase_add_test_raise_signal(tc, test_abort_index, SIGABRT);
		tcase_add_test_raise_signal(tc, test_abort_wrong_type, SIGABRT);
		tcase_add_test_raise_signal(tc, test_abort_capacity, SIGABRT);
		suite_add_tcase(s, tc);
	} else {
		printf("SKIP: misuse (abort) tests need CK_FORK=yes\n");
	}

	tc = checked_tcase("plist");
	tcase_add_test(tc, test_plist_round_trip);
	tcase_add_test(tc, test_plist_exact_xml);
	tcase_add_test(tc, test_plist_errors);
	tcase_add_test(tc, test_plist_cycle_and_depth);
	tcase_add_test(tc, test_plist_deep_copy);
	tcase_add_test(tc, test_reg_value_to_cf);
	tcase_add_test(tc, test_cf_to_reg_value);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
