/* MacRoman <-> UTF-8 (see macroman.h).  The table (proto/macroman_table.h)
 * is Apple's current MacRoman (0xDB is the euro sign, 0xF0 the Apple logo in
 * the private use area), the same one libIOKit's CFString uses. */
#include "macroman.h"

#include <stdint.h>
#include <string.h>
#include <talloc.h>

#include "macroman_table.h"	/* mac_roman_high */

bool macroman_has_high(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

size_t macroman_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	*cp = c;
	return len;
}

bool macroman_is_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = macroman_utf8_decode(u + i, n - i, &cp);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

char *macroman_to_utf8(void *ctx, const char *s, size_t n, size_t *out_len)
{
	char *out = talloc_size(ctx, 3 * n + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c < 0x80 ? c : mac_roman_high[c - 0x80];

		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else if (cp < 0x800) {
			out[o++] = (char)(0xc0 | cp >> 6);
			out[o++] = (char)(0x80 | (cp & 0x3f));
		} else {
			out[o++] = (char)(0xe0 | cp >> 12);
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			out[o++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	out[o] = '\0';
	if (out_len)
		*out_len = o;
	return out;
}

char *macroman_from_utf8(void *ctx, const char *s, size_t n, size_t *out_len,
			 bool *unmappable)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = talloc_size(ctx, n + 1);
	size_t o = 0;

	*unmappable = false;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = macroman_utf8_decode(u + i, n - i, &cp);
		int b = -1;

		if (!k)
			goto unmappable;
		if (cp < 0x80) {
			b = (int)cp;
		} else {
			for (unsigned j = 0; j < 128; j++)
				if (mac_roman_high[j] == cp)
					b = (int)(0x80 + j);
		}
		if (b < 0)
			goto unmappable;
		out[o++] = (char)b;
		i += k;
	}
	out[o] = '\0';
	if (out_len)
		*out_len = o;
	return out;
unmappable:
	*unmappable = true;
	talloc_free(out);
	return NULL;
}
