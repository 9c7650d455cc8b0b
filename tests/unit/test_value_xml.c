/* Unit tests for proto/value_xml.c: the XML plist writer (CF's layout)
 * and reader (plists and IOKit's dialect). */
#include <check.h>
#include <math.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include "leak_check.h"
#include "test_util.h"
#include "value_xml.h"

static struct reg_value *parse_ok(const char *xml)
{
	struct reg_parse_error err = { 0 };
	struct reg_value *v = reg_value_from_xml(test_ctx, xml, strlen(xml), &err);

	ck_assert_msg(v, "parse of %s failed: line %zu offset %zu: %s", xml, err.line,
		      err.offset, err.message);
	return v;
}

static void parse_fails(const char *xml, size_t line, const char *what)
{
	struct reg_parse_error err = { 0 };
	struct reg_value *v = reg_value_from_xml(test_ctx, xml, strlen(xml), &err);

	ck_assert_msg(!v, "parse of %s should fail", xml);
	ck_assert_msg(strstr(err.message, what), "message '%s' lacks '%s'", err.message, what);
	if (line)
		ck_assert_msg(err.line == line, "error on line %zu (%s), expected %zu",
			      err.line, err.message, line);
	ck_assert_uint_le(err.offset, strlen(xml));
}

static int64_t parse_number(const char *xml, unsigned *width)
{
	struct reg_value *v = parse_ok(xml);
	int64_t n;

	ck_assert_int_eq(v->type, REG_NUMBER);
	n = v->u.number.value;
	*width = v->u.number.width;
	talloc_free(v);
	return n;
}

static struct reg_value *every_type(void *ctx)
{
	struct reg_value *d = reg_value_new_dict(ctx), *a, *s, *inner;
	static const uint8_t bytes[100] = { 0, 1, 2, 0xff, 0xfe, 0x80, '<', '&' };

	reg_dict_set(d, "string", reg_value_new_string(d, "a <b> & \"c\" 'd' \xc3\xa9\t\n x"));
	reg_dict_set(d, "empty string", reg_value_new_string(d, ""));
	reg_dict_set(d, "k<&>", reg_value_new_bool(d, true));
	reg_dict_set(d, "false", reg_value_new_bool(d, false));
	reg_dict_set(d, "i8", reg_value_new_number(d, -1, 8));
	reg_dict_set(d, "i16", reg_value_new_number(d, 0x8000, 16));
	reg_dict_set(d, "i32", reg_value_new_number(d, 0xffffffff, 32));
	reg_dict_set(d, "i64 small", reg_value_new_number(d, 5, 64));
	reg_dict_set(d, "i64 min", reg_value_new_number(d, INT64_MIN, 64));
	reg_dict_set(d, "i64 max", reg_value_new_number(d, INT64_MAX, 0));
	reg_dict_set(d, "default", reg_value_new_number(d, 4294967296LL, 0));
	reg_dict_set(d, "data0", reg_value_new_data(d, bytes, 0));
	reg_dict_set(d, "data1", reg_value_new_data(d, bytes, 1));
	reg_dict_set(d, "data2", reg_value_new_data(d, bytes, 2));
	reg_dict_set(d, "data3", reg_value_new_data(d, bytes, 3));
	reg_dict_set(d, "data100", reg_value_new_data(d, bytes, 100));
	a = reg_value_new_array(d);
	reg_array_append(a, reg_value_new_array(a));
	reg_array_append(a, reg_value_new_dict(a));
	reg_array_append(a, reg_value_new_data(a, bytes, 51));
	inner = reg_value_new_dict(a);
	reg_dict_set(inner, "deep", reg_value_new_data(inner, bytes, 60));
	reg_array_append(a, inner);
	reg_dict_set(d, "array", a);
	s = reg_value_new_set(d);
	reg_array_append(s, reg_value_new_string(s, "x"));
	reg_array_append(s, reg_value_new_number(s, 3, 16));
	reg_dict_set(d, "set", s);
	reg_dict_set(d, "empty set", reg_value_new_set(d));
	return d;
}

START_TEST(test_every_type_round_trips)
{
	struct reg_value *d = every_type(test_ctx);
	unsigned flags[] = { 0, REG_XML_FRAGMENT, REG_XML_SORT_KEYS,
			     REG_XML_SORT_KEYS | REG_XML_FRAGMENT };

	for (size_t i = 0; i < 4; i++) {
		size_t len;
		char *xml = reg_value_to_xml(test_ctx, d, flags[i], &len);
		struct reg_value *back;

		ck_assert_ptr_nonnull(xml);
		ck_assert_uint_eq(strlen(xml), len);
		back = parse_ok(xml);
		if (flags[i] & REG_XML_SORT_KEYS)
			ck_assert(reg_value_equal(back, d));
		else
			ck_assert(reg_value_identical(back, d));
		if (flags[i] & REG_XML_FRAGMENT)
			ck_assert(strncmp(xml, "<dict>", 6) == 0);
		talloc_free(back);
		talloc_free(xml);
	}
	talloc_free(d);
}
END_TEST

START_TEST(test_symbol_becomes_string)
{
	struct reg_value *sym = reg_value_new_symbol(test_ctx, "IOService");
	char *xml = reg_value_to_xml(test_ctx, sym, REG_XML_FRAGMENT, NULL);
	struct reg_value *back;

	ck_assert_str_eq(xml, "<string>IOService</string>\n");
	back = parse_ok(xml);
	ck_assert_int_eq(back->type, REG_STRING);
	ck_assert(reg_value_equal(back, sym));
	talloc_free(back);
	talloc_free(xml);
	talloc_free(sym);
}
END_TEST

/* CF's layout, byte for byte (checked against the 1,859 property tables
 * CF wrote into the MacBookPro15,1 archive, which test_ioreg_archive
 * round-trips, and against this hand-made sample). */
START_TEST(test_cf_layout)
{
	struct reg_value *d = reg_value_new_dict(test_ctx), *a, *inner;
	static const char expected[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
		"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
		"<plist version=\"1.0\">\n"
		"<dict>\n"
		"\t<key>a&amp;b</key>\n"
		"\t<string>x &lt;y&gt; \"z\"</string>\n"
		"\t<key>b</key>\n"
		"\t<array>\n"
		"\t\t<array/>\n"
		"\t\t<dict/>\n"
		"\t\t<data>\n"
		"\t\tAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss\n"
		"\t\tLS4v\n"
		"\t\t</data>\n"
		"\t\t<dict>\n"
		"\t\t\t<key>n</key>\n"
		"\t\t\t<integer>-7</integer>\n"
		"\t\t</dict>\n"
		"\t</array>\n"
		"\t<key>c</key>\n"
		"\t<data>\n"
		"\tAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEy\n"
		"\t</data>\n"
		"\t<key>d</key>\n"
		"\t<data>\n"
		"\t</data>\n"
		"\t<key>e</key>\n"
		"\t<true/>\n"
		"\t<key>f</key>\n"
		"\t<integer>-1</integer>\n"
		"</dict>\n"
		"</plist>\n";
	uint8_t bytes[64];
	char *xml;
	size_t len;

	for (int i = 0; i < 64; i++)
		bytes[i] = (uint8_t)i;
	/* Inserted out of order: the writer sorts. */
	reg_dict_set(d, "f", reg_value_new_number(d, -1, 0));
	reg_dict_set(d, "e", reg_value_new_bool(d, true));
	reg_dict_set(d, "d", reg_value_new_data(d, bytes, 0));
	reg_dict_set(d, "c", reg_value_new_data(d, bytes, 51));	/* one full line */
	a = reg_value_new_array(d);
	reg_array_append(a, reg_value_new_array(a));
	reg_array_append(a, reg_value_new_dict(a));
	reg_array_append(a, reg_value_new_data(a, bytes, 48));	/* 60 + 4 at indent 2 */
	inner = reg_value_new_dict(a);
	reg_dict_set(inner, "n", reg_value_new_number(inner, -7, 0));
	reg_array_append(a, inner);
	reg_dict_set(d, "b", a);
	reg_dict_set(d, "a&b", reg_value_new_string(d, "x <y> \"z\""));
	xml = reg_value_to_xml(test_ctx, d, REG_XML_SORT_KEYS, &len);
	ck_assert_str_eq(xml, expected);
	ck_assert_uint_eq(len, strlen(xml));
	talloc_free(xml);
	talloc_free(d);
}
END_TEST

START_TEST(test_base64_line_length_by_depth)
{
	uint8_t bytes[200] = { 0 };

	/* Lines of 76 - 8 * min(depth, 8) characters, indented by
	 * min(depth, 8) tabs. */
	for (unsigned depth = 0; depth <= 10; depth++) {
		struct reg_value *top = reg_value_new_array(test_ctx), *cur = top;
		unsigned tabs = depth > 8 ? 8 : depth;
		size_t want = 76 - 8 * tabs;
		char *xml, *line, *save;
		bool seen = false;

		for (unsigned i = 1; i < depth; i++) {
			struct reg_value *next = reg_value_new_array(cur);
			reg_array_append(cur, next);
			cur = next;
		}
		if (depth == 0) {
			talloc_free(top);
			top = cur = reg_value_new_data(test_ctx, bytes, sizeof(bytes));
		} else {
			reg_array_append(cur, reg_value_new_data(cur, bytes, sizeof(bytes)));
		}
		xml = reg_value_to_xml(test_ctx, top, REG_XML_FRAGMENT, NULL);
		for (line = strtok_r(xml, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			size_t t = strspn(line, "\t");
			if (line[t] != 'A')
				continue;
			ck_assert_uint_eq(t, tabs);
			if (!seen)
				ck_assert_uint_eq(strlen(line + t), want);
			ck_assert_uint_le(strlen(line + t), want);
			seen = true;
		}
		ck_assert(seen);
		talloc_free(xml);
		talloc_free(top);
	}
}
END_TEST

START_TEST(test_base64_reading)
{
	struct reg_value *v;

	v = parse_ok("<data>\n\tAAEC\n  AwQ\tF\r\nBg==\n</data>");
	ck_assert_uint_eq(v->u.data.len, 7);
	ck_assert_mem_eq(v->u.data.bytes, "\0\1\2\3\4\5\6", 7);
	talloc_free(v);
	v = parse_ok("<data>AAECAw</data>");	/* padding left out */
	ck_assert_uint_eq(v->u.data.len, 4);
	talloc_free(v);
	v = parse_ok("<data/>");
	ck_assert_uint_eq(v->u.data.len, 0);
	talloc_free(v);
	v = parse_ok("<data>  </data>");
	ck_assert_uint_eq(v->u.data.len, 0);
	talloc_free(v);
	parse_fails("<data>AA*A</data>", 1, "invalid base64");
	parse_fails("<data>AAECA</data>", 1, "truncated base64");
	parse_fails("<data>AA==AA</data>", 1, "after padding");
	parse_fails("<data>AAEC", 1, "unterminated <data>");
}
END_TEST

START_TEST(test_integers)
{
	unsigned w;

	ck_assert_int_eq(parse_number("<integer>42</integer>", &w), 42);
	ck_assert_uint_eq(w, 32);
	ck_assert_int_eq(parse_number("<integer> -42 </integer>", &w), -42);
	ck_assert_int_eq(parse_number("<integer>0x1F</integer>", &w), 31);
	ck_assert_int_eq(parse_number("<integer>4294967296</integer>", &w), 4294967296LL);
	ck_assert_uint_eq(w, 64);
	ck_assert_int_eq(parse_number("<integer>18446744073709551615</integer>", &w), -1);
	ck_assert_int_eq(parse_number("<integer>-9223372036854775808</integer>", &w), INT64_MIN);
	/* IOKit's size attribute sets the width, sign-extending. */
	ck_assert_int_eq(parse_number("<integer size=\"8\">0xff</integer>", &w), -1);
	ck_assert_uint_eq(w, 8);
	ck_assert_int_eq(parse_number("<integer size=\"16\">0x8000</integer>", &w), -32768);
	ck_assert_uint_eq(w, 16);
	ck_assert_int_eq(parse_number("<integer size=\"32\" ID=\"3\">0xffffffff</integer>", &w), -1);
	ck_assert_uint_eq(w, 32);
	ck_assert_int_eq(parse_number("<integer size='64'>1</integer>", &w), 1);
	ck_assert_uint_eq(w, 64);
	/* real: a double (width 63), or a float with our size="32". */
	{
		struct reg_value *r = parse_ok("<real>3.99</real>");

		ck_assert(reg_number_is_float(r));
		ck_assert_uint_eq(r->u.number.width, REG_NUMBER_FLOAT64);
		ck_assert(reg_number_double(r) == 3.99);
		talloc_free(r);
		r = parse_ok("<real>-2.5e1</real>");
		ck_assert(reg_number_double(r) == -25.0);
		talloc_free(r);
		r = parse_ok("<real size=\"32\">0.1</real>");
		ck_assert_uint_eq(r->u.number.width, REG_NUMBER_FLOAT32);
		ck_assert(reg_number_double(r) == (double)0.1f);
		talloc_free(r);
		r = parse_ok("<real>1e30</real>");
		ck_assert(reg_number_double(r) == 1e30);
		talloc_free(r);
		parse_fails("<integer size=\"63\">1</integer>", 1, "8, 16, 32 or 64");
		r = parse_ok("<real>-infinity</real>");
		ck_assert(isinf(reg_number_double(r)) && reg_number_double(r) < 0);
		talloc_free(r);
	}
	parse_fails("<integer></integer>", 1, "malformed integer");
	parse_fails("<integer>12a</integer>", 1, "malformed integer");
	parse_fails("<integer>0x</integer>", 1, "malformed integer");
	parse_fails("<integer>18446744073709551616</integer>", 1, "out of range");
	parse_fails("<integer>-9223372036854775809</integer>", 1, "out of range");
	parse_fails("<integer size=\"12\">1</integer>", 1, "8, 16, 32 or 64");
	parse_fails("<real>x</real>", 1, "malformed real");
}
END_TEST

START_TEST(test_size_attribute_written)
{
	struct reg_value *a = reg_value_new_array(test_ctx);
	char *xml;

	reg_array_append(a, reg_value_new_number(a, 200, 8));
	reg_array_append(a, reg_value_new_number(a, 7, 32));
	reg_array_append(a, reg_value_new_number(a, 7, 64));
	reg_array_append(a, reg_value_new_number(a, 1LL << 40, 64));
	xml = reg_value_to_xml(test_ctx, a, REG_XML_FRAGMENT, NULL);
	ck_assert_str_eq(xml, "<array>\n"
			      "\t<integer size=\"8\">-56</integer>\n"
			      "\t<integer>7</integer>\n"
			      "\t<integer size=\"64\">7</integer>\n"
			      "\t<integer>1099511627776</integer>\n"
			      "</array>\n");
	talloc_free(xml);
	talloc_free(a);
}
END_TEST

START_TEST(test_strings_entities_markup)
{
	struct reg_value *v;

	v = parse_ok("<string>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#xe9;&#x1F600;</string>");
	ck_assert_str_eq(v->u.string.chars, "<>&\"'AB\xc3\xa9\xf0\x9f\x98\x80");
	talloc_free(v);
	v = parse_ok("<string>a<![CDATA[<b>&amp;]]>c<!-- x -->d</string>");
	ck_assert_str_eq(v->u.string.chars, "a<b>&amp;cd");
	talloc_free(v);
	v = parse_ok("<string/>");
	ck_assert_uint_eq(v->u.string.len, 0);
	talloc_free(v);
	v = parse_ok("<date>2018-10-16T19:21:37Z</date>");
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, "2018-10-16T19:21:37Z");
	talloc_free(v);
	/* Prolog, DOCTYPE with an internal subset, comments, PIs, BOM,
	 * trailing NULs (IOKit's buffers end in one). */
	v = parse_ok("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n"
		     "<!DOCTYPE plist [ <!ENTITY x \"y>\"> ]>\n<?pi x?>"
		     "<plist version=\"1.0\"><!-- c --><true/><!-- d --></plist>\n");
	ck_assert_int_eq(v->type, REG_BOOL);
	ck_assert(v->u.boolean);
	talloc_free(v);
	{
		static const char nul_end[] = "<false/>\0\0";
		struct reg_parse_error err = { 0 };
		v = reg_value_from_xml(test_ctx, nul_end, sizeof(nul_end), &err);
		ck_assert_ptr_nonnull(v);
		ck_assert(!v->u.boolean);
		talloc_free(v);
	}
	v = parse_ok("<true></true>");
	ck_assert(v->u.boolean);
	talloc_free(v);
	parse_fails("<string>&bogus;</string>", 1, "unknown entity");
	parse_fails("<string>&#0;</string>", 1, "not allowed");
	parse_fails("<string>&#x110000;</string>", 1, "out of range");
	parse_fails("<string>&amp</string>", 1, "unterminated entity");
	parse_fails("<string>a<b/></string>", 1, "only text");
}
END_TEST

START_TEST(test_id_idref)
{
	/* The kernel's OSSerialize style and IOCFSerialize's. */
	struct reg_value *v = parse_ok(
		"<dict ID=\"0\"><key>a</key><string ID=\"1\">shared</string>"
		"<key>b</key><reference IDREF=\"1\"/>"
		"<key>c</key><string IDREF=\"1\"/>"
		"<key>d</key><array ID=\"2\"><integer size=\"16\" ID=\"3\">0x10</integer></array>"
		"<key>e</key><reference IDREF=\"2\"/>"
		"<key>f</key><integer IDREF=\"3\"/></dict>");

	ck_assert_str_eq(reg_dict_get(v, "b")->u.string.chars, "shared");
	ck_assert_str_eq(reg_dict_get(v, "c")->u.string.chars, "shared");
	ck_assert_ptr_ne(reg_dict_get(v, "b"), reg_dict_get(v, "a"));	/* a copy */
	ck_assert(reg_value_identical(reg_dict_get(v, "d"), reg_dict_get(v, "e")));
	ck_assert_uint_eq(reg_dict_get(v, "f")->u.number.width, 16);
	talloc_free(v);
	/* An ID that names a value replaced by a duplicate key stays valid. */
	v = parse_ok("<dict><key>a</key><string ID=\"1\">x</string><key>a</key><true/>"
		     "<key>b</key><reference IDREF=\"1\"/></dict>");
	ck_assert_uint_eq(v->u.dict.count, 2);
	ck_assert_int_eq(reg_dict_get(v, "a")->type, REG_BOOL);
	ck_assert_str_eq(reg_dict_get(v, "b")->u.string.chars, "x");
	talloc_free(v);
	parse_fails("<array ID=\"0\"><reference IDREF=\"0\"/></array>", 1, "no finished object");
	parse_fails("<reference IDREF=\"5\"/>", 1, "no finished object");
	parse_fails("<reference/>", 1, "without IDREF");
	parse_fails("<string IDREF=\"0\">x</string>", 1, "must be empty");
	parse_fails("<string ID=\"99999\">x</string>", 1, "out of range");
	parse_fails("<string ID=\"x\">x</string>", 1, "bad ID");
}
END_TEST

/* Each level doubles the previous one: 2^40 values from a few KB. */
START_TEST(test_idref_expansion_bounded)
{
	char *xml = talloc_strdup(test_ctx, "<array><array ID=\"0\"><true/></array>");
	struct reg_parse_error err = { 0 };

	for (int i = 1; i <= 40; i++)
		xml = talloc_asprintf_append(xml, "<array ID=\"%d\"><reference IDREF=\"%d\"/>"
					     "<reference IDREF=\"%d\"/></array>", i, i - 1, i - 1);
	xml = talloc_strdup_append(xml, "</array>");
	ck_assert_ptr_null(reg_value_from_xml(test_ctx, xml, strlen(xml), &err));
	ck_assert_ptr_nonnull(strstr(err.message, "too much"));
	talloc_free(xml);
}
END_TEST

START_TEST(test_duplicate_keys_and_big_dict)
{
	char *xml = talloc_strdup(test_ctx, "<dict>");
	struct reg_value *v;

	for (int i = 0; i < 500; i++)
		xml = talloc_asprintf_append(xml, "<key>k%d</key><integer>%d</integer>", i % 300, i);
	xml = talloc_strdup_append(xml, "</dict>");
	v = parse_ok(xml);
	ck_assert_uint_eq(v->u.dict.count, 300);
	ck_assert_str_eq(v->u.dict.keys[0], "k0");
	ck_assert_int_eq(reg_dict_get(v, "k0")->u.number.value, 300);
	ck_assert_int_eq(reg_dict_get(v, "k299")->u.number.value, 299);
	ck_assert_int_eq(reg_dict_get(v, "k199")->u.number.value, 499);
	talloc_free(v);
	talloc_free(xml);
}
END_TEST

START_TEST(test_sort_order_is_utf16)
{
	struct reg_value *d = reg_value_new_dict(test_ctx);
	char *xml, *a, *b, *c;

	/* U+FF21 sorts after U+1F600 in UTF-16 (D83D...), before it in UTF-8. */
	reg_dict_set(d, "\xef\xbc\xa1", reg_value_new_bool(d, true));
	reg_dict_set(d, "\xf0\x9f\x98\x80", reg_value_new_bool(d, true));
	reg_dict_set(d, "Z", reg_value_new_bool(d, true));
	xml = reg_value_to_xml(test_ctx, d, REG_XML_SORT_KEYS | REG_XML_FRAGMENT, NULL);
	a = strstr(xml, "Z");
	b = strstr(xml, "\xf0\x9f\x98\x80");
	c = strstr(xml, "\xef\xbc\xa1");
	ck_assert(a && b && c && a < b && b < c);
	talloc_free(xml);
	talloc_free(d);
}
END_TEST

START_TEST(test_errors)
{
	struct reg_parse_error err = { 0 };

	parse_fails("", 0, "missing value");
	parse_fails("   \n", 0, "missing value");
	parse_fails("hello", 1, "unexpected text");
	parse_fails("<plist>\n<dict>\n<key>a</key>\n<strin>x</string>\n</dict>\n</plist>", 4,
		    "unknown tag <strin>");
	parse_fails("<dict>\n<key>a</key>\n</dict>", 3, "without a value");
	parse_fails("<dict>\n<string>a</string>\n</dict>", 2, "expected <key>");
	parse_fails("<array>\n<true/>\n</dict>", 3, "does not close");
	parse_fails("<array>\n<true/>\n", 1, "unterminated <array>");
	parse_fails("<key>a</key>", 1, "not allowed here");
	parse_fails("<true/><true/>", 1, "content after the end");
	parse_fails("<plist><true/><false/></plist>", 1, "more than one value");
	parse_fails("<plist></plist>", 1, "empty <plist>");
	parse_fails("<plist/>", 1, "empty <plist>");
	parse_fails("<true>x</true>", 1, "text inside <true>");
	parse_fails("<!-- x", 1, "unterminated comment");
	parse_fails("<!DOCTYPE x", 1, "unterminated DOCTYPE");
	parse_fails("<string a=b>x</string>", 1, "unquoted");
	parse_fails("<string a=\"b>x</string>", 1, "unterminated attribute");
	parse_fails("<dict><key>a\xc0</key><true/><key>\0</key></dict>", 1, "unterminated");
	parse_fails("</array>", 1, "unexpected </array>");
	parse_fails("<>", 1, "malformed tag");
	ck_assert_ptr_null(reg_value_from_xml(test_ctx, NULL, 0, &err));
	/* The offset points at the problem. */
	memset(&err, 0, sizeof(err));
	ck_assert_ptr_null(reg_value_from_xml(test_ctx, "<array>\n  <bad/>", 16, &err));
	ck_assert_uint_eq(err.line, 2);
	ck_assert_uint_eq(err.offset, 10);
}
END_TEST

static char *nested_arrays(int depth)
{
	char *xml = talloc_size(test_ctx, (size_t)depth * 15 + 1), *p = xml;

	ck_assert_ptr_nonnull(xml);
	for (int i = 0; i < depth; i++, p += 7)
		memcpy(p, "<array>", 7);
	for (int i = 0; i < depth; i++, p += 8)
		memcpy(p, "</array>", 8);
	*p = '\0';
	return xml;
}

START_TEST(test_depth_limit)
{
	char *ok = nested_arrays(REG_VALUE_MAX_DEPTH);
	char *deep = nested_arrays(REG_VALUE_MAX_DEPTH + 1);
	char *huge = nested_arrays(100000);
	struct reg_parse_error err = { 0 };
	struct reg_value *v;

	v = parse_ok(ok);
	talloc_free(v);
	parse_fails(deep, 1, "nested deeper than 64");
	v = reg_value_from_xml_depth(test_ctx, deep, strlen(deep), 200, &err);
	ck_assert_ptr_nonnull(v);
	talloc_free(v);
	memset(&err, 0, sizeof(err));
	ck_assert_ptr_null(reg_value_from_xml_depth(test_ctx, huge, strlen(huge), 1u << 30,
						    &err));
	ck_assert_ptr_nonnull(strstr(err.message, "nested deeper than 1024"));
	talloc_free(ok);
	talloc_free(deep);
	talloc_free(huge);
}
END_TEST

/* Every prefix of a document fails cleanly or parses (no crash, no leak). */
START_TEST(test_truncations)
{
	struct reg_value *d = every_type(test_ctx);
	size_t len;
	char *xml = reg_value_to_xml(test_ctx, d, 0, &len);

	for (size_t cut = 0; cut < len; cut++) {
		struct reg_parse_error err = { 0 };
		struct reg_value *v = reg_value_from_xml(test_ctx, xml, cut, &err);
		if (v)
			talloc_free(v);
		else
			ck_assert(err.message[0]);
	}
	talloc_free(xml);
	talloc_free(d);
}
END_TEST

static Suite *value_xml_suite(void)
{
	Suite *s = suite_create("value_xml");
	TCase *w = tcase_create("writer");
	TCase *r = tcase_create("reader");

	LEAK_CHECKED(w);
	tcase_add_test(w, test_every_type_round_trips);
	tcase_add_test(w, test_symbol_becomes_string);
	tcase_add_test(w, test_cf_layout);
	tcase_add_test(w, test_base64_line_length_by_depth);
	tcase_add_test(w, test_size_attribute_written);
	tcase_add_test(w, test_sort_order_is_utf16);
	suite_add_tcase(s, w);
	LEAK_CHECKED(r);
	tcase_add_test(r, test_base64_reading);
	tcase_add_test(r, test_integers);
	tcase_add_test(r, test_strings_entities_markup);
	tcase_add_test(r, test_id_idref);
	tcase_add_test(r, test_idref_expansion_bounded);
	tcase_add_test(r, test_duplicate_keys_and_big_dict);
	tcase_add_test(r, test_errors);
	tcase_add_test(r, test_depth_limit);
	tcase_add_test(r, test_truncations);
	suite_add_tcase(s, r);
	return s;
}

int main(void)
{
	return test_run_suite(value_xml_suite());
}
