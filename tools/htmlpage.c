/* The explorer page: the template with the registries embedded as JSON.
 * See htmlpage.h for the JSON layout. */
#include "htmlpage.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "macroman.h"
#include "value_literal.h"

/* htmlpage_template: tools/iokit-html.html as a C string. */
#include "htmlpage_asset.h"

#define DATA_MARKER "@IOKIT_DATA@"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len = macroman_utf8_decode(s, n, &cp);

	/* U+2028/2029 are fine in JSON; escaped anyway for old parsers. */
	if (len == 3 && (cp == 0x2028 || cp == 0x2029))
		return 0;
	return len;
}

static void json_strn(FILE *f, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, run = 0;

	fputc('"', f);
	while (i < n) {
		unsigned char c = s[i];
		size_t l = 0;
		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' &&
		    (l = utf8_seq(s + i, n - i)) > 0) {
			i += l;
			run += l;
			continue;
		}
		fwrite(s + i - run, 1, run, f);
		run = 0;
		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
		} else if (c == '\n') {
			fputs("\\n", f);
		} else if (c == '\t') {
			fputs("\\t", f);
		} else if (c >= 0xe2 && n - i >= 3 && s[i + 1] == 0x80 &&
			   (s[i + 2] == 0xa8 || s[i + 2] == 0xa9)) {
			fprintf(f, "\\u%04x", 0x2000 | (s[i + 2] & 0x3f));
			i += 3;
			continue;
		} else {
			/* control bytes, < > &, and bytes that are not UTF-8 (Latin-1) */
			fprintf(f, "\\u%04x", c);
		}
		i++;
	}
	fwrite(s + i - run, 1, run, f);
	fputc('"', f);
}

static void json_str(FILE *f, const char *s)
{
	if (!s)
		fputs("null", f);
	else
		json_strn(f, s, strlen(s));
}

static void json_value(FILE *f, const struct reg_value *v, unsigned depth)
{
	static const char hex[] = "0123456789abcdef";

	if (depth > REG_VALUE_MAX_DEPTH) {
		fputs("[\"s\",\"(nested too deep)\"]", f);
		return;
	}
	switch (v->type) {
	case REG_STRING:
	case REG_SYMBOL:
		fputs(v->type == REG_STRING ? "[\"s\"," : "[\"y\",", f);
		json_strn(f, v->u.string.chars, v->u.string.len);
		fputc(']', f);
		break;
	case REG_NUMBER: {
		uint64_t bits = (uint64_t)v->u.number.value;
		unsigned w = v->u.number.width;
		uint64_t masked = w >= 64 ? bits : bits & ((UINT64_C(1) << w) - 1);
		/* ioreg shows the unsigned 64-bit value; the hex shows the width's bits. */
		fprintf(f, "[\"n\",\"%" PRIu64 "\",%u,\"0x%" PRIx64 "\"]", bits, w, masked);
		break;
	}
	case REG_BOOL:
		fprintf(f, "[\"b\",%d]", v->u.boolean ? 1 : 0);
		break;
	case REG_DATA:
		fputs("[\"d\",\"", f);
		for (size_t i = 0; i < v->u.data.len; i++) {
			fputc(hex[v->u.data.bytes[i] >> 4], f);
			fputc(hex[v->u.data.bytes[i] & 15], f);
		}
		fputs("\"]", f);
		break;
	case REG_ARRAY:
	case REG_SET:
		fputs(v->type == REG_ARRAY ? "[\"A\",[" : "[\"S\",[", f);
		for (size_t i = 0; i < v->u.array.count; i++) {
			if (i)
				fputc(',', f);
			json_value(f, v->u.array.items[i], depth + 1);
		}
		fputs("]]", f);
		break;
	case REG_DICT:
		fputs("[\"D\",[", f);
		for (size_t i = 0; i < v->u.dict.count; i++) {
			if (i)
				fputc(',', f);
			json_str(f, v->u.dict.keys[i]);
			fputc(',', f);
			json_value(f, v->u.dict.values[i], depth + 1);
		}
		fputs("]]", f);
		break;
	}
}

/* Entry -> index, open addressing on the entry pointer. */
struct index_map {
	const struct reg_entry **keys;
	size_t *vals;
	size_t mask;
};

static size_t ptr_hash(const void *p)
{
	uint64_t x = (uint64_t)(uintptr_t)p;
	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	return (size_t)x;
}

static int map_init(void *ctx, struct index_map *m, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap *= 2;
	m->keys = talloc_zero_array(ctx, const struct reg_entry *, cap);
	m->vals = talloc_array(ctx, size_t, cap);
	m->mask = cap - 1;
	return m->keys && m->vals ? 0 : -1;
}

static void map_put(struct index_map *m, const struct reg_entry *e, size_t v)
{
	size_t h = ptr_hash(e) & m->mask;

	while (m->keys[h] && m->keys[h] != e)
		h = (h + 1) & m->mask;
	m->keys[h] = e;
	m->vals[h] = v;
}

static long map_get(const struct index_map *m, const struct reg_entry *e)
{
	if (!e)
		return -1;
	for (size_t h = ptr_hash(e) & m->mask; m->keys[h]; h = (h + 1) & m->mask)
		if (m->keys[h] == e)
			return (long)m->vals[h];
	return -1;
}

struct collect {
	const struct reg_entry **list;
	size_t n;
};

static bool collect_one(void *data, struct reg_entry *e)
{
	struct collect *c = data;

	if (e != registry_root(e->registry))
		c->list[c->n++] = e;
	return true;
}

struct view_index {
	const struct reg_entry **list;
	size_t n;
	struct index_map map;
};

static int index_view(void *ctx, const struct registry *reg, struct view_index *vi)
{
	size_t n = registry_entry_count(reg);
	struct collect c;

	c.list = talloc_array(ctx, const struct reg_entry *, n + 1);
	if (!c.list || map_init(ctx, &vi->map, n + 1) != 0)
		return -1;
	c.list[0] = registry_root(reg);
	c.n = 1;
	registry_foreach_entry(reg, collect_one, &c);
	vi->list = c.list;
	vi->n = c.n;
	for (size_t i = 0; i < c.n; i++)
		map_put(&vi->map, c.list[i], i);
	return 0;
}

static void write_view(FILE *f, const struct htmlpage_view *v, const struct view_index *vi)
{
	const struct registry *reg = v->reg;
	size_t np = registry_plane_count(reg);

	fputs("{\"title\":", f);
	json_str(f, v->title);
	fputs(",\"planes\":[", f);
	for (size_t p = 0; p < np; p++) {
		if (p)
			fputc(',', f);
		json_str(f, registry_plane_name(reg, (int)p));
	}
	fputs("],\"entries\":[", f);
	for (size_t i = 0; i < vi->n; i++) {
		const struct reg_entry *e = vi->list[i];
		const struct reg_class *sc;
		bool first = true;

		fprintf(f, "%s\n[\"0x%" PRIx64 "\",", i ? "," : "", e->id);
		json_str(f, e->name);
		fputc(',', f);
		json_str(f, e->location);
		fputc(',', f);
		json_str(f, e->cls ? e->cls->name : "?");
		fprintf(f, ",%ld,%u,%u,[", e->is_service ? (long)e->state : -1L, e->busy,
			e->retain);
		for (sc = e->cls ? e->cls->super : NULL; sc; sc = sc->super) {
			if (sc != e->cls->super)
				fputc(',', f);
			json_str(f, sc->name);
		}
		fputs("],", f);
		json_value(f, e->properties, 0);
		fputs(",{", f);
		for (size_t p = 0; p < np; p++) {
			const struct reg_plane_links *l = e->planes[p];
			if (!l)
				continue;
			fprintf(f, "%s\"%zu\":[[", first ? "" : ",", p);
			first = false;
			for (size_t k = 0; k < l->nparents; k++)
				fprintf(f, "%s%ld", k ? "," : "", map_get(&vi->map, l->parents[k]));
			fputs("],[", f);
			for (size_t k = 0; k < l->nchildren; k++)
				fprintf(f, "%s%ld", k ? "," : "", map_get(&vi->map, l->children[k]));
			fputs("],", f);
			json_str(f, l->name);
			fputc(',', f);
			json_str(f, l->location);
			fputc(']', f);
		}
		fputs("}]", f);
	}
	fputs("]}", f);
}

static void write_diff(FILE *f, const struct regdiff_result *d, const struct view_index *vi)
{
	static const char *const kinds[] = {
		[REGDIFF_CHANGED] = "changed", [REGDIFF_ADDED] = "added",
		[REGDIFF_REMOVED] = "removed",
	};

	fputs("{\"plane\":", f);
	json_str(f, d->plane);
	fputs(",\"hunks\":[", f);
	for (size_t i = 0; i < d->nhunks; i++) {
		const struct regdiff_hunk *h = &d->hunks[i];
		fprintf(f, "%s\n[\"%s\",%ld,%ld,", i ? "," : "", kinds[h->kind],
			map_get(&vi[0].map, h->a), map_get(&vi[1].map, h->b));
		json_str(f, h->header);
		fputc(',', f);
		json_str(f, h->body);
		fputc(']', f);
	}
	fputs("],\"pairs\":[", f);
	for (size_t i = 0; i < d->npairs; i++)
		fprintf(f, "%s%ld,%ld", i ? "," : "", map_get(&vi[0].map, d->pairs[i].a),
			map_get(&vi[1].map, d->pairs[i].b));
	fputs("]}", f);
}

int htmlpage_write(FILE *out, const char *title, const struct htmlpage_view *views,
		   size_t nviews, const struct regdiff_result *diff)
{
	const char *mark = strstr(htmlpage_template, DATA_MARKER);
	void *tmp = talloc_new(NULL);
	struct view_index *vi = talloc_zero_array(tmp, struct view_index, nviews ? nviews : 1);
	int ret = -1;

	if (!mark || !vi) {
		errno = ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nviews; i++)
		if (index_view(tmp, views[i].reg, &vi[i]) != 0) {
			errno = ENOMEM;
			goto out;
		}
	fwrite(htmlpage_template, 1, (size_t)(mark - htmlpage_template), out);
	fputs("{\"title\":", out);
	json_str(out, title);
	fputs(",\"views\":[", out);
	for (size_t i = 0; i < nviews; i++) {
		if (i)
			fputc(',', out);
		write_view(out, &views[i], &vi[i]);
	}
	fputs("],\"diff\":", out);
	if (diff && nviews == 2)
		write_diff(out, diff, vi);
	else
		fputs("null", out);
	fputc('}', out);
	fputs(mark + strlen(DATA_MARKER), out);
	ret = ferror(out) ? -1 : 0;
out:
	talloc_free(tmp);
	return ret;
}
