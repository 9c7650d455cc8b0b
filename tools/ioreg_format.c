/* Property values as ioreg prints them (its cfshow), and -f's hex dumps.
 *
 * Strings are printed between double quotes without any escaping, numbers
 * as the unsigned decimal (or with -x, 0x hex) of their 64-bit value,
 * booleans as Yes/No, dictionaries as {"k"=v,...}, arrays as (a,b), sets
 * as [a,b].  Data is <hex>, or <"str","str"> when its bytes look like
 * NUL-separated text (ioreg_data_is_strings). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ioreg.h"

bool ioreg_data_is_strings(const uint8_t *bytes, size_t length, bool hex, bool trailing_nuls)
{
	size_t normal = 0, symbols = 0, i = 0;

	while (i < length) {
		if (bytes[i] == 0) {
			/* A NUL where a string should start: the end, if only
			 * NULs follow (-f accepts a run of them, cfshow one). */
			if (trailing_nuls)
				while (i < length && bytes[i] == 0)
					i++;
			break;
		}
		for (; i < length; i++) {
			if (isprint(bytes[i]))
				normal++;
			else if (bytes[i] >= 128 && bytes[i] <= 254)
				symbols++;
			else
				break;
		}
		if (i < length && bytes[i] == 0)
			i++;		/* the terminator; another string may follow */
		else
			break;
	}
	/* At least 80% plain ASCII, more than one byte, and no -x. */
	if ((normal >> 2) < symbols || length == 1 || hex)
		return false;
	return i >= length && normal > 0;
}

/* <"a","b">: each run of non-NUL bytes quoted, as the raw bytes. */
static void show_data_strings(struct ioreg_printer *p, const uint8_t *bytes, size_t length)
{
	size_t i = 0;

	ioreg_print(p, "<");
	while (i < length && bytes[i]) {
		size_t start = i;

		while (i < length && bytes[i])
			i++;
		ioreg_print(p, "%s\"%.*s\"", start ? "," : "", (int)(i - start),
			    (const char *)bytes + start);
		if (i < length)
			i++;	/* the NUL; a second NUL in a row ends the list */
	}
	ioreg_print(p, ">");
}

static void show_data_hex(struct ioreg_printer *p, const uint8_t *bytes, size_t length)
{
	ioreg_print(p, "<");
	for (size_t i = 0; i < length; i++)
		ioreg_print(p, "%02x", bytes[i]);
	ioreg_print(p, ">");
}

static void show_data(struct ioreg_printer *p, CFDataRef data, bool hex)
{
	const uint8_t *bytes = CFDataGetBytePtr(data);
	size_t length = (size_t)CFDataGetLength(data);

	if (ioreg_data_is_strings(bytes, length, hex, false))
		show_data_strings(p, bytes, length);
	else
		show_data_hex(p, bytes, length);
}

/* As macOS ioreg: the string converted to MacRoman, or nothing at all
 * (not even the quotes) when a character has no MacRoman byte. */
static void show_string(struct ioreg_printer *p, CFStringRef string)
{
	const char *c = CFStringGetCStringPtr(string, kCFStringEncodingMacRoman);
	CFIndex size;
	char *buffer;

	if (c) {
		ioreg_print(p, "\"%s\"", c);
		return;
	}
	size = CFStringGetMaximumSizeForEncoding(CFStringGetLength(string),
						 kCFStringEncodingMacRoman) + 1;
	buffer = malloc((size_t)size);
	if (!buffer)
		ioreg_fatal("can't allocate buffer");
	if (CFStringGetCString(string, buffer, size, kCFStringEncodingMacRoman))
		ioreg_print(p, "\"%s\"", buffer);
	free(buffer);
}

static void show_number(struct ioreg_printer *p, CFNumberRef number, bool hex)
{
	long long value;

	/* As ioreg: a number that is no 64-bit integer prints nothing. */
	if (!CFNumberGetValue(number, kCFNumberLongLongType, &value))
		return;
	if (hex)
		ioreg_print(p, "0x%llx", (unsigned long long)value);
	else
		ioreg_print(p, "%llu", (unsigned long long)value);
}

struct collection_context {
	struct ioreg_printer *p;
	bool hex;
	bool first;
};

static void show_element(const void *value, void *context)
{
	struct collection_context *c = context;

	if (!c->first)
		ioreg_print(c->p, ",");
	c->first = false;
	ioreg_show_value(c->p, value, c->hex);
}

static void show_pair(const void *key, const void *value, void *context)
{
	struct collection_context *c = context;

	if (!c->first)
		ioreg_print(c->p, ",");
	c->first = false;
	ioreg_show_value(c->p, key, c->hex);
	ioreg_print(c->p, "=");
	ioreg_show_value(c->p, value, c->hex);
}

void ioreg_show_value(struct ioreg_printer *p, CFTypeRef value, bool hex)
{
	struct collection_context c = { p, hex, true };
	CFTypeID type = CFGetTypeID(value);

	if (type == CFArrayGetTypeID()) {
		ioreg_print(p, "(");
		CFArrayApplyFunction(value, CFRangeMake(0, CFArrayGetCount(value)), show_element,
				     &c);
		ioreg_print(p, ")");
	} else if (type == CFBooleanGetTypeID()) {
		ioreg_print(p, "%s", CFBooleanGetValue(value) ? "Yes" : "No");
	} else if (type == CFDataGetTypeID()) {
		show_data(p, value, hex);
	} else if (type == CFDictionaryGetTypeID()) {
		ioreg_print(p, "{");
		CFDictionaryApplyFunction(value, show_pair, &c);
		ioreg_print(p, "}");
	} else if (type == CFNumberGetTypeID()) {
		show_number(p, value, hex);
	} else if (type == CFSetGetTypeID()) {
		ioreg_print(p, "[");
		CFSetApplyFunction(value, show_element, &c);
		ioreg_print(p, "]");
	} else if (type == CFStringGetTypeID()) {
		show_string(p, value);
	} else {
		ioreg_print(p, "<unknown object>");
	}
}

static char hex_digit(unsigned nibble)
{
	return "0123456789ABCDEF"[nibble & 0xf];
}

void ioreg_show_data_dump(const struct ioreg_node *node, CFDataRef data)
{
	const uint8_t *bytes = CFDataGetBytePtr(data);
	size_t length = (size_t)CFDataGetLength(data);
	/* As wide as the line allows (20 columns of offset and spacing, the
	 * tree's indentation, 4 columns a byte), at most 32 bytes; ioreg
	 * computes this unsigned, so no width (or too little) gives 32. */
	uint32_t per_line = (node->options->width - 20 - 2 * node->depth) / 4;
	char line[9 + 32 * 3 + 1 + 32 + 1];

	if (per_line > 32)
		per_line = 32;
	if (per_line == 0)
		per_line = 1;	/* ioreg would loop forever */
	for (size_t offset = 0; offset < length; offset += per_line) {
		size_t count = length - offset < per_line ? length - offset : per_line;
		char *c = line;

		ioreg_println(node->p, "%s", "");
		for (int shift = 28; shift >= 0; shift -= 4)
			*c++ = hex_digit((unsigned)(offset >> shift));
		*c++ = ':';
		for (size_t i = 0; i < per_line; i++) {
			*c++ = ' ';
			*c++ = i < count ? hex_digit(bytes[offset + i] >> 4) : ' ';
			*c++ = i < count ? hex_digit(bytes[offset + i]) : ' ';
		}
		*c++ = ' ';
		for (size_t i = 0; i < count; i++) {
			uint8_t b = bytes[offset + i];

			*c++ = b < ' ' || b > '~' ? '.' : (char)b;
		}
		*c = '\0';
		ioreg_indent(node->p, false, node->depth, node->bits);
		ioreg_print(node->p, "    %s", line);
	}
}

/* -f's default for data: strings, a hex dump when longer than 8 bytes,
 * else <hex>. */
static void show_data_formatted(const struct ioreg_node *node, CFDataRef data)
{
	const uint8_t *bytes = CFDataGetBytePtr(data);
	size_t length = (size_t)CFDataGetLength(data);

	if (ioreg_data_is_strings(bytes, length, node->options->hex, true))
		show_data_strings(node->p, bytes, length);
	else if (length > 8)
		ioreg_show_data_dump(node, data);
	else
		show_data_hex(node->p, bytes, length);
	ioreg_println(node->p, "%s", "");
}

void ioreg_show_property(const struct ioreg_node *node, CFStringRef key, CFTypeRef value)
{
	struct ioreg_printer *p = node->p;

	ioreg_indent(p, false, node->depth, node->bits);
	ioreg_print(p, "  ");
	ioreg_show_value(p, key, node->options->hex);
	ioreg_print(p, " = ");
	if (node->options->format) {
		if (ioreg_show_devtree_property(node, key, value))
			return;
		if (CFGetTypeID(value) == CFDataGetTypeID()) {
			show_data_formatted(node, value);
			return;
		}
	}
	ioreg_show_value(p, value, node->options->hex);
	ioreg_println(p, "%s", "");
}
