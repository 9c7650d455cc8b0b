/* A HID report descriptor parsed for IOHIDDevice's keys; see
 * hid_descriptor.h for the contract.  Item format (HID 1.11, 6.2.2.2): a
 * prefix byte holds bSize (0, 1, 2 or 4 data bytes), bType (Main 0,
 * Global 1, Local 2, reserved 3) and bTag; 0xFE starts a long item
 * (bDataSize, bLongItemTag, data).  Data is little-endian. */
#include "hid_descriptor.h"

#include <string.h>

enum { KIND_INPUT, KIND_OUTPUT, KIND_FEATURE, NKINDS };

enum {
	MAIN_INPUT = 0x8, MAIN_OUTPUT = 0x9, MAIN_COLLECTION = 0xA,
	MAIN_FEATURE = 0xB, MAIN_END_COLLECTION = 0xC,
};
enum {
	GLOBAL_USAGE_PAGE = 0x0, GLOBAL_REPORT_SIZE = 0x7, GLOBAL_REPORT_ID = 0x8,
	GLOBAL_REPORT_COUNT = 0x9, GLOBAL_PUSH = 0xA, GLOBAL_POP = 0xB,
};
enum { LOCAL_USAGE = 0x0 };
enum { COLLECTION_PHYSICAL = 0, COLLECTION_APPLICATION = 1 };

/* The largest report, in bits, that still fits 2^32-1 bytes. */
#define MAX_REPORT_BITS ((uint64_t)UINT32_MAX * 8)

struct globals {
	uint32_t usage_page;
	uint32_t report_size, report_count;
	uint32_t report_id;
};

struct parser {
	struct globals g;
	struct globals stack[HID_DESC_MAX_PUSH];
	size_t pushed;
	size_t depth;			/* open collections */
	bool have_usage;		/* a Usage local since the last Main item */
	uint32_t usage;
	bool have_first;		/* the first collection's pair, for the fallback */
	struct hid_usage_pair first;
	bool report_seen[256];
	uint64_t bits[256][NKINDS];
};

static uint32_t item_value(const uint8_t *p, size_t size)
{
	uint32_t v = 0;

	for (size_t i = 0; i < size; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

static void add_pair(struct hid_desc_info *out, struct hid_usage_pair pair)
{
	for (size_t i = 0; i < out->npairs; i++)
		if (out->pairs[i].page == pair.page && out->pairs[i].usage == pair.usage)
			return;
	if (out->npairs == HID_DESC_MAX_PAIRS) {
		out->pairs_truncated = true;
		return;
	}
	out->pairs[out->npairs++] = pair;
}

static enum hid_desc_status main_item(struct parser *ps, struct hid_desc_info *out,
				      unsigned tag, uint32_t value)
{
	int kind = -1;

	switch (tag) {
	case MAIN_COLLECTION: {
		struct hid_usage_pair pair = { ps->g.usage_page, ps->have_usage ? ps->usage : 0 };

		if (ps->depth == HID_DESC_MAX_NESTING)
			return HID_DESC_TOO_DEEP;
		if (ps->depth == 0 && !out->has_primary) {
			out->has_primary = true;
			out->primary = pair;
		}
		if (!ps->have_first) {
			ps->have_first = true;
			ps->first = pair;
		}
		/* The collection type is the item's data (no data: 0). */
		if (value == COLLECTION_APPLICATION || value == COLLECTION_PHYSICAL)
			add_pair(out, pair);
		ps->depth++;
		out->ncollections++;
		break;
	}
	case MAIN_END_COLLECTION:
		if (ps->depth == 0)
			return HID_DESC_UNBALANCED;
		ps->depth--;
		break;
	case MAIN_INPUT:
		kind = KIND_INPUT;
		break;
	case MAIN_OUTPUT:
		kind = KIND_OUTPUT;
		break;
	case MAIN_FEATURE:
		kind = KIND_FEATURE;
		break;
	default:
		break;		/* undefined Main tags: nothing to count */
	}
	if (kind >= 0) {
		uint64_t *bits = &ps->bits[ps->g.report_id][kind];
		uint64_t add = (uint64_t)ps->g.report_size * ps->g.report_count;

		/* Each factor is below 2^32, so the product fits; the sum is
		 * checked against the bound, which is far below 2^64. */
		if (add > MAX_REPORT_BITS || *bits + add > MAX_REPORT_BITS)
			return HID_DESC_TOO_LARGE;
		*bits += add;
	}
	ps->have_usage = false;		/* every Main item ends the locals */
	return HID_DESC_OK;
}

static enum hid_desc_status global_item(struct parser *ps, struct hid_desc_info *out,
					unsigned tag, uint32_t value)
{
	switch (tag) {
	case GLOBAL_USAGE_PAGE:
		ps->g.usage_page = value;
		break;
	case GLOBAL_REPORT_SIZE:
		ps->g.report_size = value;
		break;
	case GLOBAL_REPORT_COUNT:
		ps->g.report_count = value;
		break;
	case GLOBAL_REPORT_ID:
		if (value == 0 || value > 255)
			return HID_DESC_BAD_REPORT_ID;
		if (!ps->report_seen[value]) {
			ps->report_seen[value] = true;
			for (int k = 0; k < NKINDS; k++)
				ps->bits[value][k] = 8;		/* the ID byte */
		}
		ps->g.report_id = value;
		out->uses_report_ids = true;
		break;
	case GLOBAL_PUSH:
		if (ps->pushed == HID_DESC_MAX_PUSH)
			return HID_DESC_TOO_DEEP;
		ps->stack[ps->pushed++] = ps->g;
		break;
	case GLOBAL_POP:
		if (ps->pushed == 0)
			return HID_DESC_POP_EMPTY;
		ps->g = ps->stack[--ps->pushed];
		break;
	default:
		break;		/* logical/physical ranges, units: not needed */
	}
	return HID_DESC_OK;
}

static void local_item(struct parser *ps, unsigned tag, uint32_t value, size_t size)
{
	if (tag != LOCAL_USAGE || ps->have_usage)
		return;		/* only the first Usage names a collection */
	ps->have_usage = true;
	/* An extended usage carries its page in the high half; the
	 * collection keeps the Usage Page global (see the header). */
	ps->usage = size == 4 ? value & 0xffff : value;
}

static uint32_t bytes_of(uint64_t bits)
{
	return (uint32_t)((bits + 7) / 8);	/* bits <= MAX_REPORT_BITS */
}

static enum hid_desc_status parse(struct parser *ps, const uint8_t *bytes, size_t len,
				  struct hid_desc_info *out, size_t *at)
{
	size_t pos = 0;

	if (len == 0)
		return HID_DESC_EMPTY;
	ps->report_seen[0] = true;	/* report 0: items before any ID */
	while (pos < len) {
		uint8_t prefix = bytes[pos];
		enum hid_desc_status st = HID_DESC_OK;

		*at = pos;
		if (prefix == 0xFE) {		/* long item: skipped */
			if (len - pos < 3 || len - pos - 3 < bytes[pos + 1])
				return HID_DESC_TRUNCATED;
			pos += 3 + (size_t)bytes[pos + 1];
			continue;
		}
		size_t size = (prefix & 3) == 3 ? 4 : prefix & 3;
		unsigned type = (prefix >> 2) & 3, tag = prefix >> 4;

		if (len - pos - 1 < size)
			return HID_DESC_TRUNCATED;
		uint32_t value = item_value(bytes + pos + 1, size);

		if (type == 0)
			st = main_item(ps, out, tag, value);
		else if (type == 1)
			st = global_item(ps, out, tag, value);
		else if (type == 2)
			local_item(ps, tag, value, size);
		/* type 3 is reserved: skipped */
		if (st != HID_DESC_OK)
			return st;
		pos += 1 + size;
	}
	*at = len;
	if (ps->depth != 0)
		return HID_DESC_UNBALANCED;
	if (out->npairs == 0 && ps->have_first)
		out->pairs[out->npairs++] = ps->first;
	uint64_t max[NKINDS] = { 0, 0, 0 };

	for (size_t id = 0; id < 256; id++) {
		if (!ps->report_seen[id])
			continue;
		for (int k = 0; k < NKINDS; k++)
			if (ps->bits[id][k] > max[k])
				max[k] = ps->bits[id][k];
	}
	out->max_input = bytes_of(max[KIND_INPUT]);
	out->max_output = bytes_of(max[KIND_OUTPUT]);
	out->max_feature = bytes_of(max[KIND_FEATURE]);
	return HID_DESC_OK;
}

enum hid_desc_status hid_descriptor_parse(const uint8_t *bytes, size_t len,
					  struct hid_desc_info *out, size_t *err_offset)
{
	struct parser ps;
	size_t at = 0;
	enum hid_desc_status st;

	memset(&ps, 0, sizeof(ps));
	memset(out, 0, sizeof(*out));
	st = bytes || len == 0 ? parse(&ps, bytes, len, out, &at) : HID_DESC_EMPTY;
	if (st != HID_DESC_OK) {
		memset(out, 0, sizeof(*out));
		if (err_offset)
			*err_offset = at;
	}
	return st;
}

const char *hid_descriptor_strerror(enum hid_desc_status status)
{
	switch (status) {
	case HID_DESC_OK:
		return "success";
	case HID_DESC_EMPTY:
		return "empty descriptor";
	case HID_DESC_TRUNCATED:
		return "item runs past the end";
	case HID_DESC_UNBALANCED:
		return "unbalanced collections";
	case HID_DESC_TOO_DEEP:
		return "collections or Push nested too deep";
	case HID_DESC_POP_EMPTY:
		return "Pop without Push";
	case HID_DESC_BAD_REPORT_ID:
		return "report ID 0 or above 255";
	case HID_DESC_TOO_LARGE:
		return "report larger than 2^32-1 bytes";
	}
	return "unknown status";
}
