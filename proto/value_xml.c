/* XML property lists: CF-layout writer and IOKit-dialect reader. */
#include "value_xml.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "hex_digit.h"

/* ==== Writer ==== */

struct xml_out {
	void *ctx;
	char *buf;
	size_t len, cap;
	bool failed;
	unsigned flags;
};

static bool out_reserve(struct xml_out *o, size_t n)
{
	size_t cap;
	char *buf;

	if (o->failed)
		return false;
	if (o->len + n + 1 <= o->cap)
		return true;
	cap = o->cap ? o->cap : 4096;
	while (cap < o->len + n + 1)
		cap *= 2;
	buf = talloc_realloc(o->ctx, o->buf, char, cap);
	if (!buf) {
		o->failed = true;
		return false;
	}
	o->buf = buf;
	o->cap = cap;
	return true;
}

static void out_mem(struct xml_out *o, const char *s, size_t n)
{
	if (!out_reserve(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_str(struct xml_out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_tabs(struct xml_out *o, unsigned n)
{
	if (!out_reserve(o, n))
		return;
	memset(o->buf + o->len, '\t', n);
	o->len += n;
}

/* CF escapes exactly these three. */
static void out_escaped(struct xml_out *o, const char *s, size_t n)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '&': rep = "&amp;"; break;
		default: continue;
		}
		out_mem(o, s + run, i - run);
		out_str(o, rep);
		run = i + 1;
	}
	out_mem(o, s + run, n - run);
}

static const char base64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* CF's layout: every line, the first included, is indented by min(indent, 8)
 * tabs and holds at most 76 - 8 * min(indent, 8) characters. */
static void out_base64(struct xml_out *o, const uint8_t *p, size_t n, unsigned indent)
{
	unsigned tabs = indent > 8 ? 8 : indent;
	size_t line_max = 76 - 8 * tabs;
	size_t groups = (n + 2) / 3;
	size_t chars = groups * 4;
	size_t lines = chars ? (chars + line_max - 1) / line_max : 0;
	size_t col = 0;

	if (!out_reserve(o, chars + lines * (tabs + 1)))
		return;
	for (size_t i = 0; i < n; i += 3) {
		uint32_t w = (uint32_t)p[i] << 16;
		char q[4];

		if (i + 1 < n)
			w |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			w |= p[i + 2];
		q[0] = base64_alphabet[(w >> 18) & 63];
		q[1] = base64_alphabet[(w >> 12) & 63];
		q[2] = i + 1 < n ? base64_alphabet[(w >> 6) & 63] : '=';
		q[3] = i + 2 < n ? base64_alphabet[w & 63] : '=';
		if (col == 0)
			out_tabs(o, tabs);
		out_mem(o, q, 4);
		col += 4;
		if (col >= line_max) {
			out_mem(o, "\n", 1);
			col = 0;
		}
	}
	if (col)
		out_mem(o, "\n", 1);
}

/* Code-unit order of the UTF-16 forms of two UTF-8 strings, which is what
 * CFStringCompare without options gives.  It differs from byte order only
 * where characters above U+FFFF meet U+E000..U+FFFF. */
static uint32_t utf8_decode(const unsigned char *s, size_t *adv)
{
	unsigned char c = s[0];

	if (c < 0x80 || !s[1]) {
		*adv = 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		*adv = 2;
		return ((uint32_t)(c & 0x1f) << 6) | (s[1] & 0x3f);
	}
	if ((c & 0xf0) == 0xe0 && s[2]) {
		*adv = 3;
		return ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(s[1] & 0x3f) << 6) |
		       (s[2] & 0x3f);
	}
	if ((c & 0xf8) == 0xf0 && s[2] && s[3]) {
		*adv = 4;
		return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[1] & 0x3f) << 12) |
		       ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
	}
	*adv = 1;
	return c;
}

static uint32_t utf16_sort_key(uint32_t cp)
{
	/* A supplementary character sorts as its high surrogate (plus the low
	 * one as a tie-breaker), i.e. below U+E000. */
	if (cp >= 0x10000)
		return 0xd800u * 0x10000u + (cp - 0x10000);
	return cp * 0x10000u;
}

static int cf_string_compare(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;
	size_t i = 0, start, ax, ay;
	uint32_t ka, kb;

	while (x[i] && x[i] == y[i])
		i++;
	if (x[i] == y[i])
		return 0;
	if (x[i] < 0x80 && y[i] < 0x80)
		return x[i] < y[i] ? -1 : 1;
	/* Decode both characters from the start of the one that differs
	 * (the bytes before i are common to both strings). */
	start = i;
	while (start > 0 && (x[start] & 0xc0) == 0x80)
		start--;
	ka = utf16_sort_key(utf8_decode(x + start, &ax));
	kb = utf16_sort_key(utf8_decode(y + start, &ay));
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return x[i] < y[i] ? -1 : 1;
}

struct key_slot {
	const char *key;
	size_t index;
};

static int key_order_compare(const void *pa, const void *pb)
{
	const struct key_slot *a = pa, *b = pb;

	return cf_string_compare(a->key, b->key);
}

static void write_value(struct xml_out *o, const struct reg_value *v, unsigned indent);

/* A float as CFPropertyList writes it: %.17g, +infinity, -infinity, nan;
 * a Float32 keeps its width as size="32" unless widths are off. */
static void out_real(struct xml_out *o, const struct reg_value *v)
{
	double d = reg_number_double(v);
	char num[48];

	if (!(o->flags & REG_XML_NO_WIDTHS) && v->u.number.width == REG_NUMBER_FLOAT32)
		out_str(o, "<real size=\"32\">");
	else
		out_str(o, "<real>");
	if (isnan(d))
		snprintf(num, sizeof(num), "nan");
	else if (isinf(d))
		snprintf(num, sizeof(num), d > 0 ? "+infinity" : "-infinity");
	else
		snprintf(num, sizeof(num), "%.17g", d);
	out_str(o, num);
	out_str(o, "</real>\n");
}

static void write_dict(struct xml_out *o, const struct reg_value *v, unsigned indent)
{
	size_t n = v->u.dict.count;
	struct key_slot *order = NULL;

	if (n == 0) {
		out_str(o, "<dict/>\n");
		return;
	}
	out_str(o, "<dict>\n");
	if (o->flags & REG_XML_SORT_KEYS) {
		order = talloc_array(o->ctx, struct key_slot, n);
		if (!order) {
			o->failed = true;
			return;
		}
		for (size_t i = 0; i < n; i++) {
			order[i].key = v->u.dict.keys[i];
			order[i].index = i;
		}
		qsort(order, n, sizeof(*order), key_order_compare);
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = order ? order[i].index : i;

		out_tabs(o, indent + 1);
		out_str(o, "<key>");
		out_escaped(o, v->u.dict.keys[k], strlen(v->u.dict.keys[k]));
		out_str(o, "</key>\n");
		write_value(o, v->u.dict.values[k], indent + 1);
	}
	talloc_free(order);
	out_tabs(o, indent);
	out_str(o, "</dict>\n");
}

static void write_value(struct xml_out *o, const struct reg_value *v, unsigned indent)
{
	char num[48];

	if (o->failed)
		return;
	out_tabs(o, indent);
	switch (v->type) {
	case REG_DICT:
		write_dict(o, v, indent);
		break;
	case REG_ARRAY:
	case REG_SET: {
		const char *tag = v->type == REG_SET ? "set" : "array";
		if (v->u.array.count == 0) {
			snprintf(num, sizeof(num), "<%s/>\n", tag);
			out_str(o, num);
			break;
		}
		snprintf(num, sizeof(num), "<%s>\n", tag);
		out_str(o, num);
		for (size_t i = 0; i < v->u.array.count; i++)
			write_value(o, v->u.array.items[i], indent + 1);
		out_tabs(o, indent);
		snprintf(num, sizeof(num), "</%s>\n", tag);
		out_str(o, num);
		break;
	}
	case REG_STRING:
	case REG_SYMBOL:
		out_str(o, "<string>");
		out_escaped(o, v->u.string.chars, v->u.string.len);
		out_str(o, "</string>\n");
		break;
	case REG_DATA:
		out_str(o, "<data>\n");
		out_base64(o, v->u.data.bytes, v->u.data.len, indent);
		out_tabs(o, indent);
		out_str(o, "</data>\n");
		break;
	case REG_NUMBER:
		if (reg_number_is_float(v)) {
			out_real(o, v);
			break;
		}
		if (!(o->flags & REG_XML_NO_WIDTHS) &&
		    v->u.number.width != reg_number_default_width(v->u.number.value))
			snprintf(num, sizeof(num), "<integer size=\"%u\">", v->u.number.width);
		else
			snprintf(num, sizeof(num), "<integer>");
		out_str(o, num);
		snprintf(num, sizeof(num), "%" PRId64, v->u.number.value);
		out_str(o, num);
		out_str(o, "</integer>\n");
		break;
	case REG_BOOL:
		out_str(o, v->u.boolean ? "<true/>\n" : "<false/>\n");
		break;
	default:
		o->failed = true;
		break;
	}
}

char *reg_value_to_xml(void *ctx, const struct reg_value *v, unsigned flags, size_t *len)
{
	struct xml_out o = { .ctx = ctx, .flags = flags };

	if (!v)
		return NULL;
	if (!(flags & REG_XML_FRAGMENT))
		out_str(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			    "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
			    "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
			    "<plist version=\"1.0\">\n");
	write_value(&o, v, 0);
	if (!(flags & REG_XML_FRAGMENT))
		out_str(&o, "</plist>\n");
	if (!out_reserve(&o, 0)) {
		talloc_free(o.buf);
		return NULL;
	}
	o.buf[o.len] = '\0';
	if (len)
		*len = o.len;
	return o.buf;
}

/* ==== Reader ==== */

struct xml_parser {
	const char *buf, *p, *end;
	unsigned max_depth;
	struct reg_parse_error *err;
	bool failed;
	void *tmp_ctx;
	void *graveyard;		/* replaced values that IDs may still name */
	struct reg_value **ids;		/* ID n -> finished object, or NULL */
	size_t ids_cap;
	size_t budget;			/* bytes the values may still take */
	char *text;			/* decoded character data of one element */
	size_t text_len, text_cap;
};

struct xml_tag {
	const char *at;			/* its '<' */
	const char *name;
	size_t name_len;
	bool closing;			/* </name> */
	bool empty;			/* <name/> */
	int64_t id;			/* ID="n", or -1 */
	int64_t idref;			/* IDREF="n", or -1 */
	unsigned size;			/* size="n", or 0 */
};

static size_t line_of(const struct xml_parser *ps, const char *at)
{
	size_t line = 1;
	const char *p = ps->buf;

	while (p < at) {
		const char *nl = memchr(p, '\n', (size_t)(at - p));
		if (!nl)
			break;
		line++;
		p = nl + 1;
	}
	return line;
}

static void fail(struct xml_parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct xml_parser *ps, const char *at, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = true;
	if (at > ps->end)
		at = ps->end;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	reg_parse_error_set(ps->err, line_of(ps, at), (size_t)(at - ps->buf), "%s", msg);
}

static bool charge(struct xml_parser *ps, size_t bytes)
{
	/* struct reg_value plus talloc's header, and the payload. */
	size_t cost = 128 + bytes;

	if (cost > ps->budget) {
		fail(ps, ps->p, "document expands to too much data (ID/IDREF copies?)");
		return false;
	}
	ps->budget -= cost;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool starts_with(const struct xml_parser *ps, const char *p, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(ps->end - p) >= n && memcmp(p, s, n) == 0;
}

static const char *find(const struct xml_parser *ps, const char *p, const char *s)
{
	size_t n = strlen(s);

	while (p < ps->end) {
		const char *hit = memchr(p, s[0], (size_t)(ps->end - p));
		if (!hit || (size_t)(ps->end - hit) < n)
			return NULL;
		if (memcmp(hit, s, n) == 0)
			return hit;
		p = hit + 1;
	}
	return NULL;
}

/* Skips blanks, comments, processing instructions and DOCTYPE. */
static bool skip_misc(struct xml_parser *ps)
{
	for (;;) {
		const char *q;

		while (ps->p < ps->end && is_blank(*ps->p))
			ps->p++;
		if (starts_with(ps, ps->p, "<!--")) {
			q = find(ps, ps->p + 4, "-->");
			if (!q) {
				fail(ps, ps->p, "unterminated comment");
				return false;
			}
			ps->p = q + 3;
		} else if (starts_with(ps, ps->p, "<?")) {
			q = find(ps, ps->p + 2, "?>");
			if (!q) {
				fail(ps, ps->p, "unterminated <?...?>");
				return false;
			}
			ps->p = q + 2;
		} else if (starts_with(ps, ps->p, "<!DOCTYPE")) {
			/* Skip to the closing '>', past an internal subset [...]. */
			int in_subset = 0;
			char quote = 0;
			for (q = ps->p + 9; q < ps->end; q++) {
				if (quote) {
					if (*q == quote)
						quote = 0;
				} else if (*q == '"' || *q == '\'') {
					quote = *q;
				} else if (*q == '[') {
					in_subset = 1;
				} else if (*q == ']') {
					in_subset = 0;
				} else if (*q == '>' && !in_subset) {
					break;
				}
			}
			if (q >= ps->end) {
				fail(ps, ps->p, "unterminated DOCTYPE");
				return false;
			}
			ps->p = q + 1;
		} else {
			return true;
		}
	}
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == ':';
}

static bool tag_is(const struct xml_tag *t, const char *name)
{
	size_t n = strlen(name);

	return t->name_len == n && memcmp(t->name, name, n) == 0;
}

/* A non-negative decimal attribute value. */
static bool attr_number(const char *v, size_t n, int64_t *out)
{
	int64_t x = 0;

	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (v[i] - '0');
	}
	*out = x;
	return true;
}

/* Reads a tag at ps->p (which is '<'). */
static bool parse_tag(struct xml_parser *ps, struct xml_tag *t)
{
	const char *p = ps->p;

	memset(t, 0, sizeof(*t));
	t->at = p;
	t->id = -1;
	t->idref = -1;
	p++;
	if (p < ps->end && *p == '/') {
		t->closing = true;
		p++;
	}
	t->name = p;
	while (p < ps->end && is_name_char(*p))
		p++;
	t->name_len = (size_t)(p - t->name);
	if (t->name_len == 0) {
		fail(ps, t->at, "malformed tag");
		return false;
	}
	for (;;) {
		const char *an, *av;
		size_t an_len, av_len;
		char quote;
		int64_t num;

		while (p < ps->end && is_blank(*p))
			p++;
		if (p >= ps->end) {
			fail(ps, t->at, "unterminated tag <%.*s", (int)t->name_len, t->name);
			return false;
		}
		if (*p == '>') {
			p++;
			break;
		}
		if (*p == '/' && !t->closing && p + 1 < ps->end && p[1] == '>') {
			t->empty = true;
			p += 2;
			break;
		}
		if (t->closing || !is_name_char(*p)) {
			fail(ps, p, "malformed tag <%.*s>", (int)t->name_len, t->name);
			return false;
		}
		an = p;
		while (p < ps->end && is_name_char(*p))
			p++;
		an_len = (size_t)(p - an);
		while (p < ps->end && is_blank(*p))
			p++;
		if (p >= ps->end || *p != '=') {
			fail(ps, p, "attribute without a value in <%.*s>",
			     (int)t->name_len, t->name);
			return false;
		}
		p++;
		while (p < ps->end && is_blank(*p))
			p++;
		if (p >= ps->end || (*p != '"' && *p != '\'')) {
			fail(ps, p, "unquoted attribute value in <%.*s>",
			     (int)t->name_len, t->name);
			return false;
		}
		quote = *p++;
		av = p;
		while (p < ps->end && *p != quote && *p != '<')
			p++;
		if (p >= ps->end || *p != quote) {
			fail(ps, av, "unterminated attribute value");
			return false;
		}
		av_len = (size_t)(p - av);
		p++;
		if (an_len == 2 && memcmp(an, "ID", 2) == 0) {
			if (!attr_number(av, av_len, &num)) {
				fail(ps, av, "bad ID attribute");
				return false;
			}
			t->id = num;
		} else if (an_len == 5 && memcmp(an, "IDREF", 5) == 0) {
			if (!attr_number(av, av_len, &num)) {
				fail(ps, av, "bad IDREF attribute");
				return false;
			}
			t->idref = num;
		} else if (an_len == 4 && memcmp(an, "size", 4) == 0) {
			/* 8, 16, 32, 64: the floats' 31 and 63 are the binary
			 * format's, not XML's. */
			if (!attr_number(av, av_len, &num) ||
			    !reg_number_width_valid((unsigned)num) ||
			    num == REG_NUMBER_FLOAT32 || num == REG_NUMBER_FLOAT64) {
				fail(ps, av, "integer size must be 8, 16, 32 or 64");
				return false;
			}
			t->size = (unsigned)num;
		}
		/* Other attributes (plist's version...) carry nothing for us. */
	}
	ps->p = p;
	return true;
}

static bool text_reserve(struct xml_parser *ps, size_t n)
{
	size_t cap;
	char *text;

	if (ps->text_len + n + 1 <= ps->text_cap)
		return true;
	cap = ps->text_cap ? ps->text_cap : 256;
	while (cap < ps->text_len + n + 1)
		cap *= 2;
	text = talloc_realloc(ps->tmp_ctx, ps->text, char, cap);
	if (!text) {
		fail(ps, ps->p, "out of memory");
		return false;
	}
	ps->text = text;
	ps->text_cap = cap;
	return true;
}

static bool text_append(struct xml_parser *ps, const char *s, size_t n)
{
	if (!text_reserve(ps, n))
		return false;
	memcpy(ps->text + ps->text_len, s, n);
	ps->text_len += n;
	return true;
}

static bool text_append_utf8(struct xml_parser *ps, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return text_append(ps, u, n);
}

/* Decodes one entity at p ('&'); returns the byte after it or NULL. */
static const char *decode_entity(struct xml_parser *ps, const char *p)
{
	const char *semi;
	size_t n;
	static const struct {
		const char *name;
		char c;
	} named[] = {
		{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
	};

	semi = memchr(p, ';', (size_t)(ps->end - p) < 12 ? (size_t)(ps->end - p) : 12);
	if (!semi) {
		fail(ps, p, "unterminated entity");
		return NULL;
	}
	n = (size_t)(semi - p - 1);
	if (n >= 2 && p[1] == '#') {
		uint32_t cp = 0;
		bool hex = p[2] == 'x' || p[2] == 'X';
		size_t i = hex ? 3 : 2;

		if (i >= n + 1) {
			fail(ps, p, "empty character reference");
			return NULL;
		}
		for (; p + i < semi; i++) {
			int d = reg_hex_digit((unsigned char)p[i]);

			if (d < 0 || (!hex && d > 9)) {
				fail(ps, p, "bad character reference");
				return NULL;
			}
			cp = cp * (hex ? 16 : 10) + (unsigned)d;
			if (cp > 0x10ffff) {
				fail(ps, p, "character reference out of range");
				return NULL;
			}
		}
		if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff)) {
			fail(ps, p, "character reference to U+%04X is not allowed", cp);
			return NULL;
		}
		return text_append_utf8(ps, cp) ? semi + 1 : NULL;
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (strlen(named[i].name) == n && memcmp(p + 1, named[i].name, n) == 0)
			return text_append(ps, &named[i].c, 1) ? semi + 1 : NULL;
	}
	fail(ps, p, "unknown entity &%.*s;", (int)n, p + 1);
	return NULL;
}

/* Reads character data up to the closing tag of t into ps->text
 * (NUL-terminated), and consumes that closing tag. */
static bool read_text(struct xml_parser *ps, const struct xml_tag *t)
{
	const char *p = ps->p;
	struct xml_tag close;

	ps->text_len = 0;
	if (t->empty)
		goto done;
	for (;;) {
		const char *run = p;

		while (p < ps->end && *p != '<' && *p != '&')
			p++;
		if (!text_append(ps, run, (size_t)(p - run)))
			return false;
		if (p >= ps->end) {
			fail(ps, t->at, "unterminated <%.*s>", (int)t->name_len, t->name);
			return false;
		}
		if (*p == '&') {
			p = decode_entity(ps, p);
			if (!p)
				return false;
			continue;
		}
		if (starts_with(ps, p, "<![CDATA[")) {
			const char *q = find(ps, p + 9, "]]>");
			if (!q) {
				fail(ps, p, "unterminated CDATA section");
				return false;
			}
			if (!text_append(ps, p + 9, (size_t)(q - p - 9)))
				return false;
			p = q + 3;
			continue;
		}
		if (starts_with(ps, p, "<!--")) {
			const char *q = find(ps, p + 4, "-->");
			if (!q) {
				fail(ps, p, "unterminated comment");
				return false;
			}
			p = q + 3;
			continue;
		}
		break;
	}
	ps->p = p;
	if (!parse_tag(ps, &close))
		return false;
	if (!close.closing || close.name_len != t->name_len ||
	    memcmp(close.name, t->name, t->name_len) != 0) {
		fail(ps, close.at, "<%.*s> inside <%.*s> (only text may be there)",
		     (int)close.name_len, close.name, (int)t->name_len, t->name);
		return false;
	}
done:
	if (!text_reserve(ps, 0))
		return false;
	ps->text[ps->text_len] = '\0';
	return true;
}

static bool text_is_blank(const struct xml_parser *ps)
{
	for (size_t i = 0; i < ps->text_len; i++)
		if (!is_blank(ps->text[i]))
			return false;
	return true;
}

static bool parse_integer_text(struct xml_parser *ps, const struct xml_tag *t,
			       int64_t *out)
{
	const char *s = ps->text, *e = ps->text + ps->text_len;
	bool neg = false, hex = false;
	uint64_t x = 0;
	const char *digits;

	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	if (s < e && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (e - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		hex = true;
		s += 2;
	}
	digits = s;
	for (; s < e; s++) {
		int v = reg_hex_digit((unsigned char)*s);
		unsigned d;

		if (v < 0 || (!hex && v > 9))
			break;
		d = (unsigned)v;
		if (x > (UINT64_MAX - d) / (hex ? 16 : 10)) {
			fail(ps, t->at, "integer out of range");
			return false;
		}
		x = x * (hex ? 16 : 10) + d;
	}
	if (s == digits || s != e) {
		fail(ps, t->at, "malformed integer \"%.40s\"", ps->text);
		return false;
	}
	if (neg) {
		if (x > (uint64_t)INT64_MAX + 1) {
			fail(ps, t->at, "integer out of range");
			return false;
		}
		*out = (int64_t)(0 - x);
	} else {
		/* Values above INT64_MAX wrap, as unsigned 64-bit OSNumbers do
		 * in CF's signed view. */
		*out = (int64_t)x;
	}
	return true;
}

/* <real>: a double (CF writes +infinity, -infinity and nan for the
 * special values; strtod reads those). */
static bool parse_real_text(struct xml_parser *ps, const struct xml_tag *t, double *out)
{
	char *endp;
	double d;

	errno = 0;
	d = strtod(ps->text, &endp);
	while (*endp && is_blank(*endp))
		endp++;
	if (endp == ps->text || *endp) {
		fail(ps, t->at, "malformed real \"%.40s\"", ps->text);
		return false;
	}
	*out = d;
	return true;
}

static int base64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Decodes ps->text in place; returns the byte count or -1. */
static ssize_t decode_base64_text(struct xml_parser *ps, const struct xml_tag *t)
{
	uint8_t *out = (uint8_t *)ps->text;
	size_t n = 0, sextets = 0;
	uint32_t acc = 0;
	bool padding = false;

	for (size_t i = 0; i < ps->text_len; i++) {
		unsigned char c = (unsigned char)ps->text[i];
		int v;

		if (is_blank((char)c))
			continue;
		if (c == '=') {
			padding = true;
			continue;
		}
		v = base64_value(c);
		if (v < 0 || padding) {
			fail(ps, t->at, v < 0 ? "invalid base64 character 0x%02x in <data>"
					      : "base64 data after padding (0x%02x)", c);
			return -1;
		}
		acc = (acc << 6) | (uint32_t)v;
		if (++sextets == 4) {
			out[n++] = (uint8_t)(acc >> 16);
			out[n++] = (uint8_t)(acc >> 8);
			out[n++] = (uint8_t)acc;
			sextets = 0;
			acc = 0;
		}
	}
	switch (sextets) {
	case 1:
		fail(ps, t->at, "truncated base64 in <data>");
		return -1;
	case 2:
		out[n++] = (uint8_t)(acc >> 4);
		break;
	case 3:
		out[n++] = (uint8_t)(acc >> 10);
		out[n++] = (uint8_t)(acc >> 2);
		break;
	}
	return (ssize_t)n;
}

/* Appends key/value to a dict without looking for an existing key; key
 * must be allocated on d. */
static bool dict_append(struct reg_value *d, char *key, struct reg_value *value)
{
	if (d->u.dict.count == d->u.dict.capacity) {
		size_t cap = d->u.dict.capacity ? d->u.dict.capacity * 2 : 8;
		char **keys = talloc_realloc(d, d->u.dict.keys, char *, cap);
		struct reg_value **values;
		if (!keys)
			return false;
		d->u.dict.keys = keys;
		values = talloc_realloc(d, d->u.dict.values, struct reg_value *, cap);
		if (!values)
			return false;
		d->u.dict.values = values;
		d->u.dict.capacity = cap;
	}
	d->u.dict.keys[d->u.dict.count] = key;
	d->u.dict.values[d->u.dict.count] = talloc_steal(d, value);
	d->u.dict.count++;
	return true;
}

/* A copy of v for an IDREF, with the same structure and order. */
static struct reg_value *clone_value(void *ctx, const struct reg_value *v)
{
	struct reg_value *c;

	switch (v->type) {
	case REG_DICT:
		c = reg_value_new_dict(ctx);
		if (!c)
			return NULL;
		for (size_t i = 0; i < v->u.dict.count; i++) {
			struct reg_value *item = clone_value(c, v->u.dict.values[i]);
			char *key = talloc_strdup(c, v->u.dict.keys[i]);
			if (!item || !key || !dict_append(c, key, item)) {
				talloc_free(c);
				return NULL;
			}
		}
		return c;
	case REG_ARRAY:
	case REG_SET:
		c = v->type == REG_SET ? reg_value_new_set(ctx) : reg_value_new_array(ctx);
		if (!c)
			return NULL;
		for (size_t i = 0; i < v->u.array.count; i++) {
			struct reg_value *item = clone_value(c, v->u.array.items[i]);
			if (!item || reg_array_append(c, item) != 0) {
				talloc_free(c);
				return NULL;
			}
		}
		return c;
	default:
		return reg_value_copy(ctx, v);
	}
}

/* What clone_value will allocate, in charge() units; stops counting once
 * limit is passed. */
static size_t value_cost(const struct reg_value *v, size_t limit)
{
	size_t cost = 128;

	switch (v->type) {
	case REG_DICT:
		for (size_t i = 0; i < v->u.dict.count && cost <= limit; i++)
			cost += strlen(v->u.dict.keys[i]) + 64 +
				value_cost(v->u.dict.values[i], limit - cost);
		break;
	case REG_ARRAY:
	case REG_SET:
		for (size_t i = 0; i < v->u.array.count && cost <= limit; i++)
			cost += 8 + value_cost(v->u.array.items[i], limit - cost);
		break;
	case REG_STRING:
	case REG_SYMBOL:
		cost += v->u.string.len;
		break;
	case REG_DATA:
		cost += v->u.data.len;
		break;
	default:
		break;
	}
	return cost;
}

/* Open-addressed index of a big dictionary's keys, so that duplicate
 * detection stays linear on hostile input. */
struct key_index {
	size_t *slots;		/* entry index + 1; 0 = free */
	size_t cap;		/* power of two */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 0x100000001b3ULL;
	return h;
}

#define KEY_INDEX_THRESHOLD 16

static bool key_index_rebuild(struct xml_parser *ps, struct key_index *ki,
			      const struct reg_value *d)
{
	size_t cap = 64;

	while (cap < d->u.dict.count * 2 + 2)
		cap *= 2;
	talloc_free(ki->slots);
	ki->slots = talloc_zero_array(ps->tmp_ctx, size_t, cap);
	if (!ki->slots) {
		fail(ps, ps->p, "out of memory");
		return false;
	}
	ki->cap = cap;
	for (size_t i = 0; i < d->u.dict.count; i++) {
		const char *k = d->u.dict.keys[i];
		size_t j = hash_bytes(k, strlen(k)) & (cap - 1);
		while (ki->slots[j])
			j = (j + 1) & (cap - 1);
		ki->slots[j] = i + 1;
	}
	return true;
}

/* Index of key in d, or -1. */
static ssize_t dict_find(struct xml_parser *ps, struct key_index *ki,
			 const struct reg_value *d, const char *key, size_t key_len)
{
	if (d->u.dict.count < KEY_INDEX_THRESHOLD) {
		for (size_t i = 0; i < d->u.dict.count; i++)
			if (strncmp(d->u.dict.keys[i], key, key_len) == 0 &&
			    d->u.dict.keys[i][key_len] == '\0')
				return (ssize_t)i;
		return -1;
	}
	if (ki->cap < d->u.dict.count * 2 + 2 && !key_index_rebuild(ps, ki, d))
		return -2;
	for (size_t j = hash_bytes(key, key_len) & (ki->cap - 1); ki->slots[j];
	     j = (j + 1) & (ki->cap - 1)) {
		const char *k = d->u.dict.keys[ki->slots[j] - 1];
		if (strncmp(k, key, key_len) == 0 && k[key_len] == '\0')
			return (ssize_t)(ki->slots[j] - 1);
	}
	return -1;
}

static void key_index_add(struct key_index *ki, const struct reg_value *d, size_t i)
{
	const char *k;
	size_t j;

	if (!ki->slots)
		return;	/* built on first use */
	k = d->u.dict.keys[i];
	j = hash_bytes(k, strlen(k)) & (ki->cap - 1);
	while (ki->slots[j])
		j = (j + 1) & (ki->cap - 1);
	ki->slots[j] = i + 1;
}

static struct reg_value *parse_element(struct xml_parser *ps, void *ctx,
				       const struct xml_tag *t, unsigned depth);

/* The next tag after blanks and comments, or an error on text or end. */
static bool next_tag(struct xml_parser *ps, struct xml_tag *t, const struct xml_tag *parent)
{
	if (!skip_misc(ps))
		return false;
	if (ps->p >= ps->end) {
		if (parent)
			fail(ps, parent->at, "unterminated <%.*s>",
			     (int)parent->name_len, parent->name);
		else
			fail(ps, ps->p, "missing value");
		return false;
	}
	if (*ps->p != '<') {
		fail(ps, ps->p, "unexpected text");
		return false;
	}
	return parse_tag(ps, t);
}

static bool expect_close(struct xml_parser *ps, const struct xml_tag *close,
			 const struct xml_tag *open)
{
	if (close->name_len == open->name_len &&
	    memcmp(close->name, open->name, open->name_len) == 0)
		return true;
	fail(ps, close->at, "</%.*s> does not close <%.*s>", (int)close->name_len,
	     close->name, (int)open->name_len, open->name);
	return false;
}

static struct reg_value *parse_dict(struct xml_parser *ps, void *ctx,
				    const struct xml_tag *t, unsigned depth)
{
	struct reg_value *d;
	struct key_index ki = { 0 };

	if (!charge(ps, 0))
		return NULL;
	d = reg_value_new_dict(ctx);
	if (!d) {
		fail(ps, t->at, "out of memory");
		return NULL;
	}
	if (t->empty)
		return d;
	for (;;) {
		struct xml_tag kt, vt;
		struct reg_value *v;
		char *key;
		size_t key_len;
		ssize_t at;

		if (!next_tag(ps, &kt, t))
			goto fail;
		if (kt.closing) {
			if (!expect_close(ps, &kt, t))
				goto fail;
			break;
		}
		if (!tag_is(&kt, "key")) {
			fail(ps, kt.at, "expected <key> in <dict>, found <%.*s>",
			     (int)kt.name_len, kt.name);
			goto fail;
		}
		if (!read_text(ps, &kt))
			goto fail;
		if (memchr(ps->text, '\0', ps->text_len)) {
			fail(ps, kt.at, "NUL character in a key");
			goto fail;
		}
		/* Allocated on d: it becomes the dictionary's own key. */
		key = talloc_strndup(d, ps->text, ps->text_len);
		if (!key) {
			fail(ps, kt.at, "out of memory");
			goto fail;
		}
		key_len = ps->text_len;
		if (!charge(ps, key_len) || !next_tag(ps, &vt, t))
			goto fail;
		if (vt.closing) {
			fail(ps, vt.at, "<key>%.40s</key> without a value", key);
			goto fail;
		}
		v = parse_element(ps, d, &vt, depth + 1);
		if (!v)
			goto fail;
		at = dict_find(ps, &ki, d, key, key_len);
		if (at == -2)
			goto fail;
		if (at >= 0) {
			/* The last value wins; the old one may be named by an
			 * ID, so it is kept alive until the parse ends. */
			talloc_steal(ps->graveyard, d->u.dict.values[at]);
			d->u.dict.values[at] = v;
			talloc_free(key);
		} else if (dict_append(d, key, v)) {
			key_index_add(&ki, d, d->u.dict.count - 1);
		} else {
			fail(ps, kt.at, "out of memory");
			goto fail;
		}
	}
	talloc_free(ki.slots);
	return d;
fail:
	talloc_free(ki.slots);
	talloc_free(d);
	return NULL;
}

static struct reg_value *parse_array(struct xml_parser *ps, void *ctx,
				     const struct xml_tag *t, unsigned depth, bool set)
{
	struct reg_value *a;

	if (!charge(ps, 0))
		return NULL;
	a = set ? reg_value_new_set(ctx) : reg_value_new_array(ctx);
	if (!a) {
		fail(ps, t->at, "out of memory");
		return NULL;
	}
	if (t->empty)
		return a;
	for (;;) {
		struct xml_tag it;
		struct reg_value *v;

		if (!next_tag(ps, &it, t))
			goto fail;
		if (it.closing) {
			if (!expect_close(ps, &it, t))
				goto fail;
			break;
		}
		v = parse_element(ps, a, &it, depth + 1);
		if (!v)
			goto fail;
		if (reg_array_append(a, v) != 0) {
			fail(ps, it.at, "out of memory");
			goto fail;
		}
	}
	return a;
fail:
	talloc_free(a);
	return NULL;
}

static struct reg_value *parse_reference(struct xml_parser *ps, void *ctx,
					 const struct xml_tag *t)
{
	struct reg_value *target, *copy;
	size_t cost;

	if (!t->empty) {
		fail(ps, t->at, "an IDREF tag must be empty (<%.*s IDREF=\"n\"/>)",
		     (int)t->name_len, t->name);
		return NULL;
	}
	if ((uint64_t)t->idref >= ps->ids_cap || !ps->ids[t->idref]) {
		fail(ps, t->at, "IDREF=\"%" PRId64 "\" names no finished object", t->idref);
		return NULL;
	}
	target = ps->ids[t->idref];
	cost = value_cost(target, ps->budget);
	if (cost > ps->budget) {
		fail(ps, t->at, "document expands to too much data (ID/IDREF copies)");
		return NULL;
	}
	ps->budget -= cost;
	copy = clone_value(ctx, target);
	if (!copy)
		fail(ps, t->at, "out of memory");
	return copy;
}

static bool register_id(struct xml_parser *ps, const struct xml_tag *t, struct reg_value *v)
{
	size_t id = (size_t)t->id;

	/* Writers number objects from 0 upwards, one per object, so an ID
	 * never exceeds the document's length. */
	if (id > (size_t)(ps->end - ps->buf)) {
		fail(ps, t->at, "ID=\"%zu\" is out of range", id);
		return false;
	}
	if (id >= ps->ids_cap) {
		size_t cap = ps->ids_cap ? ps->ids_cap : 64;
		struct reg_value **ids;
		while (cap <= id)
			cap *= 2;
		ids = talloc_realloc(ps->tmp_ctx, ps->ids, struct reg_value *, cap);
		if (!ids) {
			fail(ps, t->at, "out of memory");
			return false;
		}
		memset(ids + ps->ids_cap, 0, (cap - ps->ids_cap) * sizeof(*ids));
		ps->ids = ids;
		ps->ids_cap = cap;
	}
	ps->ids[id] = v;
	return true;
}

static struct reg_value *parse_element(struct xml_parser *ps, void *ctx,
				       const struct xml_tag *t, unsigned depth)
{
	struct reg_value *v = NULL;
	int64_t num;

	if (t->closing) {
		fail(ps, t->at, "unexpected </%.*s>", (int)t->name_len, t->name);
		return NULL;
	}
	if (depth > ps->max_depth) {
		fail(ps, t->at, "nested deeper than %u levels", ps->max_depth);
		return NULL;
	}
	if (t->idref >= 0)
		return parse_reference(ps, ctx, t);

	switch (t->name_len) {
	case 3:
		if (tag_is(t, "set"))
			v = parse_array(ps, ctx, t, depth, true);
		else if (tag_is(t, "key"))
			goto misplaced;
		else
			goto unknown;
		break;
	case 4:
		if (tag_is(t, "dict")) {
			v = parse_dict(ps, ctx, t, depth);
		} else if (tag_is(t, "data")) {
			ssize_t n;
			if (!read_text(ps, t))
				return NULL;
			n = decode_base64_text(ps, t);
			if (n < 0 || !charge(ps, (size_t)n))
				return NULL;
			v = reg_value_new_data(ctx, ps->text, (size_t)n);
		} else if (tag_is(t, "real")) {
			double d;

			if (!read_text(ps, t) || !parse_real_text(ps, t, &d) ||
			    !charge(ps, 0))
				return NULL;
			/* size="32" (our width-keeping style) marks a Float32. */
			v = reg_value_new_real(ctx, d, t->size == 32 ? REG_NUMBER_FLOAT32
								     : REG_NUMBER_FLOAT64);
		} else if (tag_is(t, "true")) {
			if (!read_text(ps, t))
				return NULL;
			if (!text_is_blank(ps)) {
				fail(ps, t->at, "text inside <true>");
				return NULL;
			}
			if (!charge(ps, 0))
				return NULL;
			v = reg_value_new_bool(ctx, true);
		} else if (tag_is(t, "date")) {
			goto string;
		} else {
			goto unknown;
		}
		break;
	case 5:
		if (tag_is(t, "array"))
			v = parse_array(ps, ctx, t, depth, false);
		else if (tag_is(t, "false")) {
			if (!read_text(ps, t))
				return NULL;
			if (!text_is_blank(ps)) {
				fail(ps, t->at, "text inside <false>");
				return NULL;
			}
			if (!charge(ps, 0))
				return NULL;
			v = reg_value_new_bool(ctx, false);
		} else if (tag_is(t, "plist"))
			goto misplaced;
		else
			goto unknown;
		break;
	case 6:
		if (tag_is(t, "string"))
			goto string;
		goto unknown;
	case 7:
		if (tag_is(t, "integer")) {
			if (!read_text(ps, t) || !parse_integer_text(ps, t, &num) ||
			    !charge(ps, 0))
				return NULL;
			if (t->size)
				v = reg_value_new_number(ctx, reg_number_normalise(num, t->size),
							 t->size);
			else
				v = reg_value_new_number(ctx, num, 0);
		} else {
			goto unknown;
		}
		break;
	case 9:
		if (tag_is(t, "reference")) {
			fail(ps, t->at, "<reference> without IDREF");
			return NULL;
		}
		goto unknown;
	default:
		goto unknown;
	}
	goto made;
string:
	if (!read_text(ps, t) || !charge(ps, ps->text_len))
		return NULL;
	v = reg_value_new_string_len(ctx, ps->text, ps->text_len);
made:
	if (!v) {
		if (!ps->failed)
			fail(ps, t->at, "out of memory");
		return NULL;
	}
	if (t->id >= 0 && !register_id(ps, t, v)) {
		talloc_free(v);
		return NULL;
	}
	return v;
misplaced:
	fail(ps, t->at, "<%.*s> is not allowed here", (int)t->name_len, t->name);
	return NULL;
unknown:
	fail(ps, t->at, "unknown tag <%.*s>", (int)t->name_len > 40 ? 40 : (int)t->name_len,
	     t->name);
	return NULL;
}

struct reg_value *reg_value_from_xml_depth(void *ctx, const char *buf, size_t len,
					   unsigned max_depth,
					   struct reg_parse_error *err)
{
	struct xml_parser ps = {
		.buf = buf, .p = buf, .end = buf + len, .err = err,
		.max_depth = max_depth > REG_XML_MAX_DEPTH_LIMIT ?
			     REG_XML_MAX_DEPTH_LIMIT : max_depth,
	};
	struct xml_tag t, close;
	struct reg_value *v = NULL;

	if (!buf) {
		reg_parse_error_set(err, 0, 0, "no input");
		return NULL;
	}
	/* Memory the values may take: generous for real documents, but
	 * bounded so that nested IDREF copies cannot explode. */
	ps.budget = len > (SIZE_MAX - (1u << 20)) / 64 ? SIZE_MAX : len * 64 + (1u << 20);
	ps.tmp_ctx = talloc_new(NULL);
	if (!ps.tmp_ctx) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	ps.graveyard = talloc_new(ps.tmp_ctx);
	if (!ps.graveyard) {
		fail(&ps, ps.p, "out of memory");
		goto out;
	}
	if (starts_with(&ps, ps.p, "\xef\xbb\xbf"))
		ps.p += 3;
	if (!next_tag(&ps, &t, NULL))
		goto out;
	if (tag_is(&t, "plist") && !t.closing) {
		struct xml_tag inner;
		if (t.empty) {
			fail(&ps, t.at, "empty <plist>");
			goto out;
		}
		if (!next_tag(&ps, &inner, &t))
			goto out;
		if (inner.closing) {
			fail(&ps, inner.at, "empty <plist>");
			goto out;
		}
		v = parse_element(&ps, ps.tmp_ctx, &inner, 1);
		if (!v || !next_tag(&ps, &close, &t))
			goto out;
		if (!close.closing) {
			fail(&ps, close.at, "more than one value in <plist>");
			goto out;
		}
		if (!expect_close(&ps, &close, &t))
			goto out;
	} else {
		v = parse_element(&ps, ps.tmp_ctx, &t, 1);
		if (!v)
			goto out;
	}
	/* Trailing blanks, comments and NULs (IOKit's buffers end in one). */
	for (;;) {
		if (!skip_misc(&ps))
			goto out;
		if (ps.p < ps.end && *ps.p == '\0')
			ps.p++;
		else
			break;
	}
	if (ps.p != ps.end) {
		fail(&ps, ps.p, "content after the end of the property list");
		goto out;
	}
out:
	if (ps.failed)
		v = NULL;
	else
		talloc_steal(ctx, v);
	talloc_free(ps.tmp_ctx);
	return v;
}

struct reg_value *reg_value_from_xml(void *ctx, const char *buf, size_t len,
				     struct reg_parse_error *err)
{
	return reg_value_from_xml_depth(ctx, buf, len, REG_VALUE_MAX_DEPTH, err);
}
