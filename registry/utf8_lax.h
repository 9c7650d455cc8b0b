/* The lenient UTF-8 test the sysfs reader and the setfattr value decoder
 * share to tell text from bytes: a lead byte 0xC2..0xF4 and as many
 * continuation bytes as it announces.  Lenient on purpose: overlong 3- and
 * 4-byte forms and surrogates pass (deciding "text or data", not
 * validating).  Pure, header-only. */
#ifndef IOKITFS_REGISTRY_UTF8_LAX_H
#define IOKITFS_REGISTRY_UTF8_LAX_H

#include <stdbool.h>
#include <stddef.h>

/* Length (2..4) of the multi-byte sequence starting at s[i] (a byte >=
 * 0x80) within len bytes, or 0 when it is not one. */
static inline size_t reg_utf8_lax_seq(const unsigned char *s, size_t len, size_t i)
{
	unsigned char c = s[i];
	size_t n;

	if (c >= 0xc2 && c <= 0xdf)
		n = 1;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3;
	else
		return 0;
	for (size_t k = 1; k <= n; k++)
		if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
			return 0;
	return n + 1;
}

/* True when the len bytes are lenient UTF-8 (above) whose ASCII bytes all
 * pass ascii_ok. */
static inline bool reg_utf8_lax_text(const unsigned char *s, size_t len,
				     bool (*ascii_ok)(unsigned char c))
{
	for (size_t i = 0; i < len;) {
		size_t n;

		if (s[i] < 0x80) {
			if (!ascii_ok(s[i]))
				return false;
			i++;
			continue;
		}
		n = reg_utf8_lax_seq(s, len, i);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

#endif
