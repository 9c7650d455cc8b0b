/* Unwrapping dump text from RTF and HTML escapes (see unwrap.h). */
#include "unwrap.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "hex_digit.h"

bool unwrap_is_rtf(const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t'))
		i++;
	return len - i >= 5 && memcmp(buf + i, "{\\rtf", 5) == 0;
}

bool unwrap_is_html_escaped(const char *buf, size_t len)
{
	const char *esc = memmem(buf, len, "&lt;class ", 10);
	const char *raw = memmem(buf, len, "<class ", 7);

	return esc && (!raw || raw > esc);
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char *unwrap_rtf(void *ctx, const char *buf, size_t len, size_t *out_len)
{
	char *out = talloc_size(ctx, len + 1);
	size_t o = 0, depth = 0, skip_from = 0;	/* skip_from: depth of a dropped group, 0 none */
	bool group_start = false;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		bool skipping = skip_from && depth >= skip_from;

		if (c == '\n') {
			out[o++] = '\n';	/* lines stay lines */
			continue;
		}
		if (c == '\r')
			continue;
		if (c == '{') {
			depth++;
			group_start = true;
			continue;
		}
		if (c == '}') {
			if (skip_from && depth == skip_from)
				skip_from = 0;
			if (depth)
				depth--;
			group_start = false;
			continue;
		}
		if (c != '\\') {
			group_start = false;
			if (!skipping)
				out[o++] = c;
			continue;
		}
		/* A control sequence. */
		if (i + 1 >= len)
			break;
		c = buf[i + 1];
		if (c == '\\' || c == '{' || c == '}') {
			if (!skipping)
				out[o++] = c;
			i++;
		} else if (c == '\'' && i + 3 < len &&
			   reg_hex_digit((unsigned char)buf[i + 2]) >= 0 &&
			   reg_hex_digit((unsigned char)buf[i + 3]) >= 0) {
			if (!skipping)
				out[o++] = (char)(reg_hex_digit((unsigned char)buf[i + 2]) << 4 |
						  reg_hex_digit((unsigned char)buf[i + 3]));
			i += 3;
		} else if (c == '\n' || c == '\r') {
			/* "\" at the end of a line: a line break; the newline
			 * itself is written when the loop reaches it. */
		} else if (c == '*') {
			if (group_start && !skip_from)
				skip_from = depth;
			i++;
		} else if (is_alpha(c)) {
			size_t j = i + 1;
			while (j < len && is_alpha(buf[j]))
				j++;
			size_t wlen = j - (i + 1);
			const char *word = buf + i + 1;
			if (j < len && (buf[j] == '-' || (buf[j] >= '0' && buf[j] <= '9'))) {
				j++;
				while (j < len && buf[j] >= '0' && buf[j] <= '9')
					j++;
			}
			if (j < len && buf[j] == ' ')
				j++;
			if (group_start && !skip_from &&
			    ((wlen == 7 && memcmp(word, "fonttbl", 7) == 0) ||
			     (wlen == 8 && memcmp(word, "colortbl", 8) == 0) ||
			     (wlen == 10 && memcmp(word, "stylesheet", 10) == 0) ||
			     (wlen == 4 && memcmp(word, "info", 4) == 0) ||
			     (wlen == 16 && memcmp(word, "expandedcolortbl", 16) == 0)))
				skip_from = depth;
			if (!skipping && wlen == 3 && memcmp(word, "tab", 3) == 0)
				out[o++] = '\t';
			i = j - 1;
		} else {
			i++;	/* a control symbol: dropped */
		}
		group_start = false;
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}

char *unwrap_html(void *ctx, const char *buf, size_t len, size_t *out_len)
{
	static const struct { const char *name; char c; } ents[] = {
		{ "lt;", '<' }, { "gt;", '>' }, { "amp;", '&' }, { "quot;", '"' },
		{ "apos;", '\'' },
	};
	char *out = talloc_size(ctx, len + 1);
	size_t o = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		bool done = false;

		if (buf[i] != '&') {
			out[o++] = buf[i];
			continue;
		}
		for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]) && !done; k++) {
			size_t n = strlen(ents[k].name);
			if (len - i - 1 >= n && memcmp(buf + i + 1, ents[k].name, n) == 0) {
				out[o++] = ents[k].c;
				i += n;
				done = true;
			}
		}
		if (!done && i + 2 < len && buf[i + 1] == '#') {
			bool hex = buf[i + 2] == 'x' || buf[i + 2] == 'X';
			size_t j = i + (hex ? 3 : 2);
			unsigned v = 0;
			size_t digits = 0;
			for (; j < len && digits < 4; j++, digits++) {
				int d = hex ? reg_hex_digit((unsigned char)buf[j])
					    : (buf[j] >= '0' && buf[j] <= '9' ? buf[j] - '0' : -1);
				if (d < 0)
					break;
				v = v * (hex ? 16 : 10) + (unsigned)d;
			}
			if (digits && j < len && buf[j] == ';' && v > 0 && v < 256) {
				out[o++] = (char)v;
				i = j;
				done = true;
			}
		}
		if (!done)
			out[o++] = '&';
	}
	out[o] = '\0';
	*out_len = o;
	return out;
}
