/* File names for registry entries, planes and property keys (see names.h). */
#include "names.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "hash_table.h"
#include "hex_digit.h"

static bool needs_escape(unsigned char c, bool in_name, bool first)
{
	if (c < 0x20 || c == 0x7f)
		return true;
	switch (c) {
	case '%':
	case '/':
	case '~':
		return true;
	case '@':
		return in_name;
	case '.':
		return first;
	default:
		return false;
	}
}

char *fs_name_escape(void *ctx, const char *raw, bool in_name, bool at_start)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(raw), extra = 0, i, o = 0;
	char *out;

	for (i = 0; i < len; i++)
		if (needs_escape((unsigned char)raw[i], in_name, at_start && i == 0))
			extra += 2;
	out = talloc_array(ctx, char, len + extra + 1);
	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (needs_escape(c, in_name, at_start && i == 0)) {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

char *fs_entry_component(void *ctx, const char *name, const char *location)
{
	char *n, *l, *out;

	if (!name)
		name = "";
	/* An empty location is no location, as in IOKit paths. */
	if (location && location[0] == '\0')
		location = NULL;
	if (name[0] == '\0' && !location)
		return talloc_strdup(ctx, "%00");
	n = fs_name_escape(ctx, name, true, true);
	if (!n)
		return NULL;
	if (!location)
		return n;
	/* The location never starts the component, so its dots stay. */
	l = fs_name_escape(n, location, false, false);
	out = l ? talloc_asprintf(ctx, "%s@%s", n, l) : NULL;
	talloc_free(n);
	return out;
}


static char *unescape_len(void *ctx, const char *text, size_t len)
{
	char *out = talloc_array(ctx, char, len + 1);
	size_t i, o = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		if (text[i] != '%') {
			out[o++] = text[i];
			continue;
		}
		int hi = i + 2 < len ? reg_hex_digit(text[i + 1]) : -1;
		int lo = i + 2 < len ? reg_hex_digit(text[i + 2]) : -1;

		if (hi < 0 || lo < 0) {
			talloc_free(out);
			return NULL;
		}
		out[o++] = (char)(hi << 4 | lo);
		i += 2;
	}
	out[o] = '\0';
	return out;
}

char *fs_name_unescape(void *ctx, const char *text)
{
	return unescape_len(ctx, text, strlen(text));
}

bool fs_entry_component_parse(void *ctx, const char *text, char **name,
			      char **location, uint64_t *id)
{
	const char *tilde = strchr(text, '~');
	const char *end = tilde ? tilde : text + strlen(text);
	const char *at = memchr(text, '@', (size_t)(end - text));

	*name = NULL;
	*location = NULL;
	*id = 0;
	if (tilde) {
		char *stop = NULL;

		if (strncmp(tilde, "~0x", 3) != 0 || !tilde[3])
			return false;
		*id = strtoull(tilde + 3, &stop, 16);
		if (*stop != '\0')
			return false;
	}
	*name = unescape_len(ctx, text, (size_t)((at ? at : end) - text));
	if (!*name)
		return false;
	if (at) {
		*location = unescape_len(ctx, at + 1, (size_t)(end - at - 1));
		if (!*location) {
			TALLOC_FREE(*name);
			return false;
		}
	}
	return true;
}

/* Longest prefix of text that fits in max bytes without splitting a %XX
 * escape or a UTF-8 sequence. */
static size_t cut_point(const char *text, size_t max)
{
	size_t len = strlen(text), cut, i;

	if (len <= max)
		return len;
	cut = max;
	for (i = 1; i <= 2 && i <= cut; i++)
		if (text[cut - i] == '%') {
			cut -= i;
			break;
		}
	while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
		cut--;
	return cut;
}

static char *with_suffix(void *ctx, const char *base, const char *suffix)
{
	size_t room = FS_NAME_MAX - strlen(suffix);

	return talloc_asprintf(ctx, "%.*s%s", (int)cut_point(base, room), base,
			       suffix);
}

static int compare_named(const void *a, const void *b)
{
	const struct fs_named *x = *(const struct fs_named *const *)a;
	const struct fs_named *y = *(const struct fs_named *const *)b;

	return strcmp(x->base, y->base);
}

int fs_names_assign(void *ctx, struct fs_named *items, size_t n)
{
	struct fs_named **order;
	size_t i, j;

	if (n == 0)
		return 0;
	order = talloc_array(NULL, struct fs_named *, n);
	if (!order)
		return -1;
	for (i = 0; i < n; i++)
		order[i] = &items[i];
	qsort(order, n, sizeof(*order), compare_named);
	for (i = 0; i < n; i = j) {
		bool group = false;

		for (j = i + 1; j < n && strcmp(order[j]->base, order[i]->base) == 0; j++)
			group = true;
		for (size_t k = i; k < j; k++) {
			struct fs_named *it = order[k];

			if (group || strlen(it->base) > FS_NAME_MAX) {
				char suffix[24];

				snprintf(suffix, sizeof(suffix), "~0x%" PRIx64, it->id);
				it->final = with_suffix(ctx, it->base, suffix);
			} else {
				it->final = talloc_strdup(ctx, it->base);
			}
			if (!it->final) {
				talloc_free(order);
				return -1;
			}
		}
	}
	talloc_free(order);
	return 0;
}

char *fs_key_file_name(void *ctx, const char *key)
{
	char *escaped, *out, suffix[16];

	if (key[0] == '\0')
		return talloc_strdup(ctx, "%00");
	escaped = fs_name_escape(ctx, key, false, true);
	if (!escaped || strlen(escaped) <= FS_NAME_MAX)
		return escaped;
	snprintf(suffix, sizeof(suffix), "~%08" PRIx32, hash_string32(key));
	out = with_suffix(ctx, escaped, suffix);
	talloc_free(escaped);
	return out;
}
