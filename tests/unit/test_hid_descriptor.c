/* Tests for registry/sources/hid_descriptor.c and hid_properties.c: report
 * descriptors written by hand from the HID 1.11 specification (its boot
 * keyboard and boot mouse, a composite with report IDs, a vendor page,
 * Push/Pop, long items), hostile ones (truncated, unbalanced, too deep,
 * bad report IDs, huge reports), and every descriptor in the real Mac dumps
 * against the keys macOS published for it. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>

#include "leak_check.h"
#include "test_util.h"
#include "hid_descriptor.h"
#include "hid_properties.h"

#define PARSE_OK(bytes, info) \
	ck_assert_int_eq(hid_descriptor_parse((bytes), sizeof(bytes), (info), NULL), HID_DESC_OK)

static void assert_pairs(const struct hid_desc_info *info, size_t n, const uint32_t *flat)
{
	ck_assert_uint_eq(info->npairs, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(info->pairs[i].page, flat[2 * i]);
		ck_assert_uint_eq(info->pairs[i].usage, flat[2 * i + 1]);
	}
}

static void assert_sizes(const struct hid_desc_info *info, uint32_t in, uint32_t out,
			 uint32_t feature)
{
	ck_assert_uint_eq(info->max_input, in);
	ck_assert_uint_eq(info->max_output, out);
	ck_assert_uint_eq(info->max_feature, feature);
}

/* HID 1.11 Appendix B.1: 8 modifier bits, a reserved byte, 6 key codes in;
 * 5 LED bits and 3 padding bits out. */
static const uint8_t boot_keyboard[] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x05, 0x07, 0x19, 0xe0, 0x29, 0xe7,
	0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0x95, 0x01,
	0x75, 0x08, 0x81, 0x01, 0x95, 0x05, 0x75, 0x01, 0x05, 0x08, 0x19, 0x01,
	0x29, 0x05, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03, 0x91, 0x01, 0x95, 0x06,
	0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00, 0x29, 0x65,
	0x81, 0x00, 0xc0,
};

START_TEST(test_boot_keyboard)
{
	struct hid_desc_info info;
	static const uint32_t pairs[] = { 1, 6 };

	PARSE_OK(boot_keyboard, &info);
	ck_assert(info.has_primary);
	ck_assert_uint_eq(info.primary.page, 1);
	ck_assert_uint_eq(info.primary.usage, 6);
	assert_pairs(&info, 1, pairs);
	assert_sizes(&info, 8, 1, 0);
	ck_assert(!info.uses_report_ids);
	ck_assert_uint_eq(info.ncollections, 1);
}
END_TEST

/* Appendix B.2: an Application mouse holding a Physical pointer; 3 buttons,
 * 5 bits of padding, X and Y. */
static const uint8_t boot_mouse[] = {
	0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x09, 0x01, 0xa1, 0x00, 0x05, 0x09,
	0x19, 0x01, 0x29, 0x03, 0x15, 0x00, 0x25, 0x01, 0x95, 0x03, 0x75, 0x01,
	0x81, 0x02, 0x95, 0x01, 0x75, 0x05, 0x81, 0x01, 0x05, 0x01, 0x09, 0x30,
	0x09, 0x31, 0x15, 0x81, 0x25, 0x7f, 0x75, 0x08, 0x95, 0x02, 0x81, 0x06,
	0xc0, 0xc0,
};

START_TEST(test_boot_mouse)
{
	struct hid_desc_info info;
	/* Physical collections count too, at any depth (as on macOS). */
	static const uint32_t pairs[] = { 1, 2, 1, 1 };

	PARSE_OK(boot_mouse, &info);
	ck_assert_uint_eq(info.primary.page, 1);
	ck_assert_uint_eq(info.primary.usage, 2);
	assert_pairs(&info, 2, pairs);
	assert_sizes(&info, 3, 0, 0);
	ck_assert_uint_eq(info.ncollections, 2);
}
END_TEST

/* A keyboard (report 1) and a consumer control (report 2, a 16-bit usage
 * array), as wireless keyboards describe themselves. */
static const uint8_t composite[] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x01, 0x05, 0x07, 0x19, 0xe0,
	0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02,
	0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00,
	0x25, 0x65, 0x19, 0x00, 0x29, 0x65, 0x81, 0x00, 0x05, 0x08, 0x19, 0x01,
	0x29, 0x05, 0x95, 0x05, 0x75, 0x01, 0x91, 0x02, 0x95, 0x01, 0x75, 0x03,
	0x91, 0x01, 0xc0,
	0x05, 0x0c, 0x09, 0x01, 0xa1, 0x01, 0x85, 0x02, 0x15, 0x00, 0x26, 0xff,
	0x03, 0x19, 0x00, 0x2a, 0xff, 0x03, 0x75, 0x10, 0x95, 0x01, 0x81, 0x00,
	0xc0,
};

START_TEST(test_composite_report_ids)
{
	struct hid_desc_info info;
	static const uint32_t pairs[] = { 1, 6, 12, 1 };

	PARSE_OK(composite, &info);
	ck_assert(info.uses_report_ids);
	ck_assert_uint_eq(info.primary.page, 1);
	ck_assert_uint_eq(info.primary.usage, 6);
	assert_pairs(&info, 2, pairs);
	/* Input: ID + 8 + 8 + 48 bits = 9 bytes (report 1), ID + 16 = 3
	 * (report 2).  Output: ID + 8 = 2.  No feature report, but a report
	 * ID counts 8 bits for every kind: 1, as macOS shows. */
	assert_sizes(&info, 9, 2, 1);
}
END_TEST

static const uint8_t vendor[] = {
	0x06, 0x00, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x15, 0x00, 0x26, 0xff, 0x00,
	0x75, 0x08, 0x95, 0x40, 0x81, 0x02, 0x95, 0x40, 0x91, 0x02, 0xc0,
};

START_TEST(test_vendor_page)
{
	struct hid_desc_info info;
	static const uint32_t pairs[] = { 0xff00, 1 };

	PARSE_OK(vendor, &info);
	ck_assert_uint_eq(info.primary.page, 0xff00);
	assert_pairs(&info, 1, pairs);
	assert_sizes(&info, 64, 64, 0);
}
END_TEST

START_TEST(test_push_pop)
{
	/* Report 5 (8 x 2), then Push, report 6 with 4 counts, Pop: the
	 * Input after Pop goes to report 5 again with 8 x 2. */
	static const uint8_t d[] = {
		0x05, 0x01, 0x09, 0x00, 0xa1, 0x01, 0x85, 0x05, 0x75, 0x08, 0x95, 0x02,
		0xa4, 0x85, 0x06, 0x95, 0x04, 0x81, 0x02, 0xb4, 0x81, 0x02, 0xb1, 0x02,
		0xc0,
	};
	struct hid_desc_info info;

	PARSE_OK(d, &info);
	assert_sizes(&info, 5, 1, 3);
}
END_TEST

START_TEST(test_items_skipped)
{
	/* A long item (0xFE, 2 data bytes), a reserved-type item (0x0C) and
	 * an undefined Main tag (0x00) before a keyboard. */
	static const uint8_t d[] = {
		0xfe, 0x02, 0x10, 0xaa, 0xbb, 0x0c, 0x00, 0x05, 0x01, 0x09, 0x06, 0xa1,
		0x01, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xc0,
	};
	struct hid_desc_info info;
	static const uint32_t pairs[] = { 1, 6 };

	PARSE_OK(d, &info);
	assert_pairs(&info, 1, pairs);
	assert_sizes(&info, 1, 0, 0);
}
END_TEST

START_TEST(test_collection_usages)
{
	struct hid_desc_info info;
	/* An extended usage (page 0x0D, usage 4) under Usage Page 1: the
	 * collection keeps page 1 and the low half, as IOHIDFamily does. */
	static const uint8_t extended[] = { 0x05, 0x01, 0x0b, 0x04, 0x00, 0x0d, 0x00,
					    0xa1, 0x01, 0xc0 };
	/* A Logical collection only: its usage is the fallback pair. */
	static const uint8_t logical[] = { 0x05, 0x01, 0x09, 0x05, 0xa1, 0x02, 0xc0 };
	/* No Usage before the collection: usage 0.  Then the same pair twice
	 * (one kept), the usage page set after the Usage, and a second Usage
	 * that does not name the collection. */
	static const uint8_t mixed[] = {
		0x05, 0x0c, 0xa1, 0x01, 0xc0,
		0x09, 0x06, 0x05, 0x01, 0x09, 0x07, 0xa1, 0x01, 0xc0,
		0x09, 0x06, 0xa1, 0x01, 0xc0,
	};
	static const uint32_t p_ext[] = { 1, 4 }, p_log[] = { 1, 5 }, p_mixed[] = { 12, 0, 1, 6 };

	PARSE_OK(extended, &info);
	assert_pairs(&info, 1, p_ext);
	PARSE_OK(logical, &info);
	assert_pairs(&info, 1, p_log);
	ck_assert_uint_eq(info.primary.usage, 5);
	PARSE_OK(mixed, &info);
	assert_pairs(&info, 2, p_mixed);
	ck_assert_uint_eq(info.primary.page, 12);
	ck_assert_uint_eq(info.primary.usage, 0);
	ck_assert_uint_eq(info.ncollections, 3);
}
END_TEST

START_TEST(test_no_collection)
{
	static const uint8_t d[] = { 0x75, 0x08, 0x95, 0x03, 0x81, 0x02 };
	struct hid_desc_info info;

	PARSE_OK(d, &info);
	ck_assert(!info.has_primary);
	ck_assert_uint_eq(info.npairs, 0);
	assert_sizes(&info, 3, 0, 0);
}
END_TEST

START_TEST(test_many_pairs)
{
	/* 40 distinct vendor collections: the first 32 pairs are kept. */
	uint8_t d[40 * 9];
	struct hid_desc_info info;

	for (size_t i = 0; i < 40; i++) {
		uint8_t item[] = { 0x06, 0x00, 0xff, 0x09, (uint8_t)(i + 1), 0xa1, 0x01, 0xc0, 0x00 };

		memcpy(d + 9 * i, item, 9);
	}
	ck_assert_int_eq(hid_descriptor_parse(d, sizeof(d), &info, NULL), HID_DESC_OK);
	ck_assert_uint_eq(info.npairs, HID_DESC_MAX_PAIRS);
	ck_assert(info.pairs_truncated);
	ck_assert_uint_eq(info.pairs[31].usage, 32);
	ck_assert_uint_eq(info.ncollections, 40);
}
END_TEST

static void expect_fail(const uint8_t *d, size_t len, enum hid_desc_status want, size_t at)
{
	struct hid_desc_info info;
	size_t off = 12345;

	memset(&info, 0xa5, sizeof(info));
	ck_assert_int_eq(hid_descriptor_parse(d, len, &info, &off), want);
	ck_assert_uint_eq(off, at);
	/* Nothing half-made is left. */
	ck_assert(!info.has_primary);
	ck_assert_uint_eq(info.npairs, 0);
	ck_assert_uint_eq(info.max_input, 0);
	ck_assert_str_ne(hid_descriptor_strerror(want), "unknown status");
}

START_TEST(test_hostile)
{
	static const uint8_t truncated[] = { 0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x75 };
	static const uint8_t truncated4[] = { 0x05, 0x01, 0x0b, 0x01, 0x00, 0x01 };
	static const uint8_t long_trunc[] = { 0x05, 0x01, 0xfe, 0x05, 0x00, 0x01 };
	static const uint8_t long_head[] = { 0x05, 0x01, 0xfe, 0x05 };
	static const uint8_t unclosed[] = { 0x05, 0x01, 0x09, 0x06, 0xa1, 0x01 };
	static const uint8_t extra_end[] = { 0xa1, 0x01, 0xc0, 0xc0 };
	static const uint8_t pop_empty[] = { 0x05, 0x01, 0xb4 };
	static const uint8_t id_zero[] = { 0x85, 0x00 };
	static const uint8_t id_big[] = { 0x86, 0x00, 0x01 };
	static const uint8_t huge[] = {
		0x77, 0xff, 0xff, 0xff, 0xff, 0x97, 0xff, 0xff, 0xff, 0xff, 0x81, 0x02,
	};
	/* Report Size 2^29 x Report Count 32 = 2^34 bits per Input: one is
	 * 2^31 bytes (fine), two are 2^32 bytes, one more than 32 bits hold. */
	static const uint8_t sum[] = {
		0x77, 0x00, 0x00, 0x00, 0x20, 0x95, 0x20, 0x81, 0x02, 0x81, 0x02,
	};
	struct hid_desc_info info;
	uint8_t push[HID_DESC_MAX_PUSH + 1], nest[2 * (HID_DESC_MAX_NESTING + 1)];

	expect_fail(NULL, 0, HID_DESC_EMPTY, 0);
	expect_fail(truncated, sizeof(truncated), HID_DESC_TRUNCATED, 6);
	expect_fail(truncated4, sizeof(truncated4), HID_DESC_TRUNCATED, 2);
	expect_fail(long_trunc, sizeof(long_trunc), HID_DESC_TRUNCATED, 2);
	expect_fail(long_head, sizeof(long_head), HID_DESC_TRUNCATED, 2);
	expect_fail(unclosed, sizeof(unclosed), HID_DESC_UNBALANCED, sizeof(unclosed));
	expect_fail(extra_end, sizeof(extra_end), HID_DESC_UNBALANCED, 3);
	expect_fail(pop_empty, sizeof(pop_empty), HID_DESC_POP_EMPTY, 2);
	expect_fail(id_zero, sizeof(id_zero), HID_DESC_BAD_REPORT_ID, 0);
	expect_fail(id_big, sizeof(id_big), HID_DESC_BAD_REPORT_ID, 0);
	expect_fail(huge, sizeof(huge), HID_DESC_TOO_LARGE, 10);

	ck_assert_int_eq(hid_descriptor_parse(sum, 9, &info, NULL), HID_DESC_OK);
	ck_assert_uint_eq(info.max_input, 1u << 31);
	expect_fail(sum, sizeof(sum), HID_DESC_TOO_LARGE, 9);

	memset(push, 0xa4, sizeof(push));
	expect_fail(push, sizeof(push), HID_DESC_TOO_DEEP, HID_DESC_MAX_PUSH);
	ck_assert_int_eq(hid_descriptor_parse(push, HID_DESC_MAX_PUSH, &info, NULL), HID_DESC_OK);
	for (size_t i = 0; i < HID_DESC_MAX_NESTING + 1; i++) {
		nest[2 * i] = 0xa1;
		nest[2 * i + 1] = 0x01;
	}
	expect_fail(nest, sizeof(nest), HID_DESC_TOO_DEEP, 2 * HID_DESC_MAX_NESTING);
}
END_TEST

START_TEST(test_garbage_bounded)
{
	/* Every prefix of every descriptor above, and pseudo-random bytes:
	 * each either parses or fails cleanly (ASan/valgrind catch a read past
	 * the end; each buffer is allocated to its exact length). */
	const struct { const uint8_t *d; size_t len; } all[] = {
		{ boot_keyboard, sizeof(boot_keyboard) }, { boot_mouse, sizeof(boot_mouse) },
		{ composite, sizeof(composite) }, { vendor, sizeof(vendor) },
	};
	struct hid_desc_info info;
	uint32_t seed = 12345;

	for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) {
		for (size_t len = 0; len <= all[k].len; len++) {
			uint8_t *copy = talloc_memdup(test_ctx, all[k].d, len ? len : 1);
			enum hid_desc_status st = hid_descriptor_parse(copy, len, &info, NULL);

			ck_assert(st == HID_DESC_OK || len < all[k].len);
			talloc_free(copy);
		}
	}
	for (size_t round = 0; round < 2000; round++) {
		size_t len = 1 + round % 97;
		uint8_t *buf = talloc_size(test_ctx, len);

		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (uint8_t)(seed >> 16);
		}
		enum hid_desc_status st = hid_descriptor_parse(buf, len, &info, NULL);

		ck_assert(st <= HID_DESC_TOO_LARGE);
		if (st == HID_DESC_OK)
			ck_assert_uint_le(info.npairs, HID_DESC_MAX_PAIRS);
		talloc_free(buf);
	}
}
END_TEST

static int64_t num(const struct reg_value *props, const char *key)
{
	const struct reg_value *v = reg_dict_get(props, key);

	ck_assert_msg(v && v->type == REG_NUMBER, "%s missing", key);
	ck_assert_uint_eq(v->u.number.width, 32);
	return v->u.number.value;
}

START_TEST(test_properties)
{
	void *ctx = talloc_new(test_ctx);
	struct reg_value *props = reg_value_new_dict(ctx);
	const struct reg_value *pairs, *rd;
	static const uint8_t bad[] = { 0xa1, 0x01 };

	ck_assert_int_eq(hid_put_descriptor_properties(props, composite, sizeof(composite)),
			 HID_DESC_OK);
	rd = reg_dict_get(props, "ReportDescriptor");
	ck_assert(rd && rd->type == REG_DATA && rd->u.data.len == sizeof(composite));
	ck_assert_mem_eq(rd->u.data.bytes, composite, sizeof(composite));
	ck_assert_int_eq(num(props, "PrimaryUsagePage"), 1);
	ck_assert_int_eq(num(props, "PrimaryUsage"), 6);
	ck_assert_int_eq(num(props, "MaxInputReportSize"), 9);
	ck_assert_int_eq(num(props, "MaxOutputReportSize"), 2);
	ck_assert_int_eq(num(props, "MaxFeatureReportSize"), 1);
	pairs = reg_dict_get(props, "DeviceUsagePairs");
	ck_assert(pairs && pairs->type == REG_ARRAY && pairs->u.array.count == 2);
	ck_assert_int_eq(num(pairs->u.array.items[1], "DeviceUsagePage"), 12);
	ck_assert_int_eq(num(pairs->u.array.items[1], "DeviceUsage"), 1);
	ck_assert_uint_eq(pairs->u.array.items[1]->u.dict.count, 2);

	/* A descriptor that does not parse: the bytes alone. */
	props = reg_value_new_dict(ctx);
	ck_assert_int_eq(hid_put_descriptor_properties(props, bad, sizeof(bad)),
			 HID_DESC_UNBALANCED);
	ck_assert_uint_eq(props->u.dict.count, 1);
	ck_assert_ptr_nonnull(reg_dict_get(props, "ReportDescriptor"));
	talloc_free(ctx);
}
END_TEST

/* ---- the real dumps: what macOS published for each descriptor ---- */

static const char *data_dir(void)
{
	static const char *const candidates[] = {
		"../shared/data", "../../../shared/data", SRCDIR "/../shared/data",
	};
	const char *env = getenv("IOKITFS_DATA_DIR");
	struct stat st;

	if (env && stat(env, &st) == 0)
		return env;
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++)
		if (stat(candidates[i], &st) == 0)
			return candidates[i];
	return NULL;
}

struct dump_entry {
	uint8_t *desc;
	size_t len;
	long in, out, feature, page, usage;	/* -1: not shown */
	struct hid_usage_pair pairs[HID_DESC_MAX_PAIRS];
	long npairs;				/* -1: not shown */
};

static void reset(struct dump_entry *e)
{
	talloc_free(e->desc);
	memset(e, 0, sizeof(*e));
	e->in = e->out = e->feature = e->page = e->usage = e->npairs = -1;
}

static long key_number(const char *line, const char *key)
{
	char pattern[64];
	const char *p;

	snprintf(pattern, sizeof(pattern), "\"%s\" = ", key);
	p = strstr(line, pattern);
	return p ? strtol(p + strlen(pattern), NULL, 10) : -1;
}

static void read_line(struct dump_entry *e, const char *line)
{
	const char *p;
	long v;

	if ((p = strstr(line, "\"ReportDescriptor\" = <")) && p[22] != '"') {
		const char *hex = p + 22, *end = strchr(hex, '>');
		size_t n = end ? (size_t)(end - hex) / 2 : 0;

		e->desc = talloc_size(NULL, n ? n : 1);
		for (size_t i = 0; i < n; i++) {
			unsigned b;

			ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &b), 1);
			e->desc[i] = (uint8_t)b;
		}
		e->len = n;
	}
	if ((v = key_number(line, "MaxInputReportSize")) >= 0)
		e->in = v;
	if ((v = key_number(line, "MaxOutputReportSize")) >= 0)
		e->out = v;
	if ((v = key_number(line, "MaxFeatureReportSize")) >= 0)
		e->feature = v;
	if ((v = key_number(line, "PrimaryUsagePage")) >= 0)
		e->page = v;
	if ((v = key_number(line, "PrimaryUsage")) >= 0)
		e->usage = v;
	if ((p = strstr(line, "\"DeviceUsagePairs\" = ("))) {
		e->npairs = 0;
		while ((p = strchr(p, '{')) && e->npairs < HID_DESC_MAX_PAIRS) {
			const char *pg = strstr(p, "\"DeviceUsagePage\"=");
			const char *us = strstr(p, "\"DeviceUsage\"=");
			const char *close = strchr(p, '}');

			ck_assert(pg && us && close && pg < close && us < close);
			e->pairs[e->npairs].page = (uint32_t)strtoul(pg + 18, NULL, 10);
			e->pairs[e->npairs].usage = (uint32_t)strtoul(us + 14, NULL, 10);
			e->npairs++;
			p = close;
		}
	}
}

/* Returns 1 when the entry had a descriptor (and was compared). */
static int compare(const struct dump_entry *e, const char *where)
{
	struct hid_desc_info info;

	if (!e->desc)
		return 0;
	ck_assert_msg(hid_descriptor_parse(e->desc, e->len, &info, NULL) == HID_DESC_OK,
		      "%s: descriptor does not parse", where);
	if (e->in >= 0)
		ck_assert_msg(info.max_input == (uint32_t)e->in, "%s: input %u, macOS %ld", where,
			      info.max_input, e->in);
	if (e->out >= 0)
		ck_assert_msg(info.max_output == (uint32_t)e->out, "%s: output %u, macOS %ld",
			      where, info.max_output, e->out);
	if (e->feature >= 0)
		ck_assert_msg(info.max_feature == (uint32_t)e->feature,
			      "%s: feature %u, macOS %ld", where, info.max_feature, e->feature);
	if (e->page >= 0)
		ck_assert_msg(info.primary.page == (uint32_t)e->page, "%s: page", where);
	if (e->usage >= 0)
		ck_assert_msg(info.primary.usage == (uint32_t)e->usage, "%s: usage", where);
	if (e->npairs >= 0) {
		ck_assert_msg(info.npairs == (size_t)e->npairs, "%s: %zu pairs, macOS %ld", where,
			      info.npairs, e->npairs);
		for (long i = 0; i < e->npairs; i++)
			ck_assert_msg(info.pairs[i].page == e->pairs[i].page &&
				      info.pairs[i].usage == e->pairs[i].usage,
				      "%s: pair %ld", where, i);
	}
	return 1;
}

START_TEST(test_real_dumps)
{
	static const char *const machines[] = { "macbookpro12-1", "macbook8-1" };
	const char *dir = data_dir();
	void *ctx = talloc_new(test_ctx);
	int compared = 0;

	if (!dir) {
		printf("SKIP: real dump descriptors: shared/data absent\n");
		talloc_free(ctx);
		return;
	}
	for (size_t m = 0; m < 2; m++) {
		char *path = talloc_asprintf(ctx, "%s/%s/IOReg.txt", dir, machines[m]);
		FILE *f = fopen(path, "r");
		char *line = NULL;
		size_t cap = 0;
		struct dump_entry e = { 0 };
		unsigned lineno = 0, start = 0;

		ck_assert_msg(f != NULL, "%s", path);
		reset(&e);
		while (getline(&line, &cap, f) > 0) {
			lineno++;
			if (strstr(line, "+-o ")) {
				char *where = talloc_asprintf(ctx, "%s:%u", path, start);

				compared += compare(&e, where);
				talloc_free(where);
				reset(&e);
				start = lineno;
				continue;
			}
			read_line(&e, line);
		}
		compared += compare(&e, path);
		reset(&e);
		free(line);
		fclose(f);
	}
	/* The two text dumps hold a dozen HID devices between them. */
	ck_assert_int_ge(compared, 8);
	printf("real dumps: %d descriptors agree with macOS\n", compared);
	talloc_free(ctx);
}
END_TEST

static Suite *hid_suite(void)
{
	Suite *s = suite_create("hid_descriptor");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_boot_keyboard);
	tcase_add_test(tc, test_boot_mouse);
	tcase_add_test(tc, test_composite_report_ids);
	tcase_add_test(tc, test_vendor_page);
	tcase_add_test(tc, test_push_pop);
	tcase_add_test(tc, test_items_skipped);
	tcase_add_test(tc, test_collection_usages);
	tcase_add_test(tc, test_no_collection);
	tcase_add_test(tc, test_many_pairs);
	tcase_add_test(tc, test_hostile);
	tcase_add_test(tc, test_garbage_bounded);
	tcase_add_test(tc, test_properties);
	tcase_add_test(tc, test_real_dumps);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(hid_suite());
}
