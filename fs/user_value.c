/* Property values from user text, with setfattr's decoding in mind
 * (user_value.h). */
#include "user_value.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse_error.h"
#include "utf8_lax.h"
#include "value_literal.h"

/* The ASCII bytes text may hold: no control bytes other than tab, newline
 * and carriage return. */
static bool text_ascii(unsigned char c)
{
	return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') && c != 0x7f;
}

/* True when the bytes read as text: valid UTF-8 without control bytes
 * other than tab, newline and carriage return. */
static bool is_text(const unsigned char *s, size_t len)
{
	return reg_utf8_lax_text(s, len, text_ascii);
}

static const char *expected(const struct reg_value *like)
{
	if (!like)
		return "any ioreg literal";
	switch (like->type) {
	case REG_NUMBER:
		return "a number";
	case REG_BOOL:
		return "a boolean (Yes or No)";
	case REG_DATA:
		return "data (hex digits such as 0a0b, or <0a0b>)";
	case REG_DICT:
		return "a dictionary literal ({\"key\"=value,...})";
	case REG_ARRAY:
		return "an array literal ((value,...))";
	case REG_SET:
		return "a set literal ([value,...])";
	default:
		return "a string";
	}
}

/* Text without a trailing newline and leading blanks starts with '-'. */
static bool starts_negative(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	return i < len && text[i] == '-';
}

struct reg_value *fs_value_from_user_text(void *ctx, const char *text, size_t len,
					  const struct reg_value *like, char *why,
					  size_t size)
{
	struct reg_parse_error err = { .message = "" };
	struct reg_value *v;
	bool text_like = is_text((const unsigned char *)text, len);

	/* Raw bytes (setfattr -v 0x0a0b or 0s...): data, when nothing else
	 * could have meant them. */
	if (!text_like && (!like || like->type == REG_DATA))
		return reg_value_new_data(ctx, text, len);
	v = reg_value_from_text_as(ctx, text, len, like, &err);
	if (v && v->type == REG_NUMBER && starts_negative(text, len)) {
		unsigned w = v->u.number.width;
		unsigned long long as_unsigned = w >= 64
			? (unsigned long long)v->u.number.value
			: (unsigned long long)v->u.number.value & ((1ULL << w) - 1);

		snprintf(why, size, "negative numbers are refused (registry numbers are "
				    "unsigned %u-bit: %.*s would read back as %llu; write that "
				    "if you mean it)", w, (int)(len && text[len - 1] == '\n' ? len - 1 : len),
			 text, as_unsigned);
		return NULL;
	}
	if (v)
		return v;
	if (like && like->type == REG_NUMBER)
		snprintf(why, size, "expected %s (%u-bit; decimal such as 42, or 0x2a): %s "
				    "(setfattr decodes -v 0x2a itself into one byte: write -v 42 "
				    "or -v '\"0x2a\"')", expected(like), like->u.number.width,
			 err.message);
	else
		snprintf(why, size, "expected %s: %s%s", expected(like),
			 err.message[0] ? err.message : "bad value",
			 like && like->type == REG_DATA
				 ? " (setfattr decodes -v 0x... itself: write -v '\"0a0b\"')" : "");
	return NULL;
}
