/* Parsing SMC key dumps (smc_keys.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "smc_keys.h"
#include "hex_digit.h"
#include "read_file.h"

#define SMC_KEYS_FILE_MAX (16u * 1024 * 1024)

static int build_index(struct smc_key_table *t);

struct smc_key_table *smc_keys_new_empty(void *ctx)
{
	struct smc_key_table *t = talloc_zero(ctx, struct smc_key_table);

	if (t)
		t->declared_count = -1;
	if (t && build_index(t) != 0) {
		talloc_free(t);
		return NULL;
	}
	return t;
}

bool smc_key_default_writable(uint32_t key)
{
	char k[5];

	smc_fourcc_text(key, k);
	if (strcmp(k, "FS! ") == 0)
		return true;
	return k[0] == 'F' && k[1] >= '0' && k[1] <= '9' &&
	       (strcmp(k + 2, "Mn") == 0 || strcmp(k + 2, "Mx") == 0 ||
		strcmp(k + 2, "Tg") == 0 || strcmp(k + 2, "Md") == 0);
}

static const char *find_last(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	const char *found = NULL;

	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(s + i, needle, n) == 0)
			found = s + i;
	return found;
}

/* "(bytes xx xx ...)" at p, up to end; fills data and size.  Returns a
 * pointer past ')' or NULL. */
static const char *parse_bytes(const char *p, const char *end, struct smc_key *k,
			       const char **why)
{
	p += strlen("(bytes");
	k->size = 0;
	for (;;) {
		int hi, lo;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == ')')
			return p + 1;
		if (end - p < 2 || (hi = reg_hex_digit(p[0])) < 0 || (lo = reg_hex_digit(p[1])) < 0 ||
		    (end - p > 2 && p[2] != ' ' && p[2] != '\t' && p[2] != ')')) {
			*why = "bad hex byte in (bytes ...)";
			return NULL;
		}
		if (k->size == SMC_KEY_DATA_MAX) {
			*why = "more than 32 data bytes";
			return NULL;
		}
		k->data[k->size++] = (uint8_t)(hi << 4 | lo);
		p += 2;
	}
}

/* One key line [p, end).  Returns NULL, or why it is malformed. */
static const char *parse_key_line(const char *p, const char *end, struct smc_key *k)
{
	const char *why = NULL, *bytes, *close_bracket;
	char type[4] = { ' ', ' ', ' ', ' ' };

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 4)
		return "line too short for a key";
	for (int i = 0; i < 4; i++)
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] > 0x7e)
			return "key is not 4 printable characters";
	k->key = smc_fourcc(p);
	p += 4;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end || *p != '[')
		return "expected [type] after the key";
	p++;
	close_bracket = memchr(p, ']', (size_t)(end - p));
	if (!close_bracket || close_bracket == p || close_bracket - p > 4)
		return "type must be 1 to 4 characters in brackets";
	memcpy(type, p, (size_t)(close_bracket - p));
	k->type = smc_fourcc(type);
	p = close_bracket + 1;
	bytes = find_last(p, (size_t)(end - p), "(bytes");
	if (!bytes)
		return "no (bytes ...) on the line";
	p = parse_bytes(bytes, end, k, &why);
	if (!p)
		return why;
	k->attributes = SMC_ATTR_READ |
			(smc_key_default_writable(k->key) ? SMC_ATTR_WRITE : 0);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p < end) {
		int hi, lo;

		if (end - p < 7 || memcmp(p, "attr=", 5) != 0 ||
		    (hi = reg_hex_digit(p[5])) < 0 || (lo = reg_hex_digit(p[6])) < 0)
			return "unexpected text after (bytes ...)";
		k->attributes = (uint8_t)(hi << 4 | lo);
		p += 7;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end)
			return "unexpected text after attr=";
	}
	return NULL;
}

/* qsort has no context argument; qsort_r does (glibc). */
static int compare_sorted_r(const void *a, const void *b, void *keys)
{
	uint32_t ka = ((const struct smc_key *)keys)[*(const uint32_t *)a].key;
	uint32_t kb = ((const struct smc_key *)keys)[*(const uint32_t *)b].key;

	return ka < kb ? -1 : ka > kb;
}

static int build_index(struct smc_key_table *t)
{
	uint32_t *sorted = talloc_realloc(t, t->sorted, uint32_t, t->count ? t->count : 1);

	if (!sorted)
		return -1;
	t->sorted = sorted;
	for (size_t i = 0; i < t->count; i++)
		t->sorted[i] = (uint32_t)i;
	qsort_r(t->sorted, t->count, sizeof(*t->sorted), compare_sorted_r, t->keys);
	return 0;
}

int smc_keys_reindex(struct smc_key_table *t)
{
	return build_index(t);
}

int smc_keys_ensure_count_key(struct smc_key_table *t)
{
	struct smc_key *keys;

	if (smc_keys_find(t, smc_fourcc("#KEY")))
		return 0;
	keys = talloc_realloc(t, t->keys, struct smc_key, t->count + 1);
	if (!keys)
		return -1;
	memmove(keys + 1, keys, t->count * sizeof(*keys));
	memset(&keys[0], 0, sizeof(keys[0]));
	keys[0].key = smc_fourcc("#KEY");
	keys[0].type = smc_fourcc("ui32");
	keys[0].size = 4;
	keys[0].attributes = SMC_ATTR_READ;
	t->keys = keys;
	t->count++;
	return build_index(t);
}

struct smc_key *smc_keys_find(const struct smc_key_table *t, uint32_t key)
{
	size_t lo = 0, hi = t->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct smc_key *k = &t->keys[t->sorted[mid]];

		if (k->key == key)
			return k;
		if (k->key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool is_skipped_line(const char *p, const char *end)
{
	const char *q = p;

	if (p < end && *p == '#')
		return true;
	if (end - p >= 4 && memcmp(p, "Num:", 4) == 0)
		return true;
	while (q < end && (*q == ' ' || *q == '\t' || *q == '\r'))
		q++;
	return q == end;
}

struct smc_key_table *smc_keys_parse(void *ctx, const char *buf, size_t len,
				     struct reg_parse_error *err)
{
	struct smc_key_table *t = smc_keys_new_empty(ctx);
	const char *p = buf, *end = buf + len;
	size_t line = 0, cap = 0;
	size_t *lines = NULL;	/* each key's line, for duplicate messages */

	if (!t)
		goto oom;
	if (memchr(buf, '\0', len)) {
		const char *nul = memchr(buf, '\0', len);
		size_t at = (size_t)(nul - buf), nul_line = 1;

		for (const char *q = buf; q < nul; q++)
			nul_line += *q == '\n';
		reg_parse_error_set(err, nul_line, at, "NUL byte in SMC key dump");
		goto fail;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		const char *why;
		struct smc_key k = { 0 };

		line++;
		if (line_end > p && line_end[-1] == '\r')
			line_end--;
		if (is_skipped_line(p, line_end))
			goto next;
		why = parse_key_line(p, line_end, &k);
		if (why) {
			reg_parse_error_set(err, line, (size_t)(p - buf), "%s", why);
			goto fail;
		}
		if (t->count == SMC_KEYS_MAX) {
			reg_parse_error_set(err, line, (size_t)(p - buf),
					    "more than %d keys", SMC_KEYS_MAX);
			goto fail;
		}
		if (t->count == cap) {
			struct smc_key *more;

			size_t *more_lines;

			cap = cap ? cap * 2 : 256;
			more = talloc_realloc(t, t->keys, struct smc_key, cap);
			if (!more)
				goto oom;
			t->keys = more;
			more_lines = talloc_realloc(t, lines, size_t, cap);
			if (!more_lines)
				goto oom;
			lines = more_lines;
		}
		lines[t->count] = line;
		if (k.key == smc_fourcc("#KEY") && k.size == 4)
			t->declared_count = (int64_t)k.data[0] << 24 | k.data[1] << 16 |
					    k.data[2] << 8 | k.data[3];
		t->keys[t->count++] = k;
next:
		p = eol ? eol + 1 : end;
	}
	if (build_index(t) != 0)
		goto oom;
	for (size_t i = 1; i < t->count; i++) {
		const struct smc_key *a = &t->keys[t->sorted[i - 1]];
		const struct smc_key *b = &t->keys[t->sorted[i]];

		if (a->key == b->key) {
			char name[5];
			size_t first = t->sorted[i - 1] > t->sorted[i] ? t->sorted[i - 1]
								       : t->sorted[i];

			size_t other = first == t->sorted[i] ? t->sorted[i - 1] : t->sorted[i];

			smc_fourcc_text(a->key, name);
			reg_parse_error_set(err, lines[first], 0,
					    "duplicate key '%s' (key #%zu; first on line %zu)", name,
					    first + 1, lines[other]);
			goto fail;
		}
	}
	talloc_free(lines);
	return t;
oom:
	reg_parse_error_set(err, line, (size_t)(p - buf), "out of memory");
fail:
	talloc_free(t);
	return NULL;
}

struct smc_key_table *smc_keys_load_file(void *ctx, const char *path,
					 struct reg_parse_error *err)
{
	size_t len = 0;
	char *buf = reg_read_file(NULL, path, SMC_KEYS_FILE_MAX, &len, err);
	struct smc_key_table *t;

	if (!buf)
		return NULL;
	t = smc_keys_parse(ctx, buf, len, err);
	talloc_free(buf);
	if (!t)	/* "file:line: why", as every dump error reads */
		reg_parse_error_prefix_file(err, path);
	return t;
}
