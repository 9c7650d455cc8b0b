/* Printing and parsing property values in ioreg's literal syntax. */
#include "value_literal.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <talloc.h>

#include "hex_digit.h"
#include "macroman.h"

/* ---- output buffer ---- */

struct outbuf {
	char *buf;
	size_t len, cap;
	bool failed;
};

static bool out_reserve(struct outbuf *o, size_t more)
{
	size_t cap;
	char *b;

	if (o->failed)
		return false;
	if (o->len + more + 1 <= o->cap)
		return true;
	cap = o->cap ? o->cap : 64;
	while (cap < o->len + more + 1)
		cap *= 2;
	b = talloc_realloc(NULL, o->buf, char, cap);
	if (!b) {
		o->failed = true;
		return false;
	}
	o->buf = b;
	o->cap = cap;
	return true;
}

static void out_mem(struct outbuf *o, const void *p, size_t n)
{
	if (!out_reserve(o, n))
		return;
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static void out_str(struct outbuf *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_char(struct outbuf *o, char c)
{
	out_mem(o, &c, 1);
}

static const char hex_digits[] = "0123456789abcdef";

static void out_hex_byte(struct outbuf *o, uint8_t b)
{
	char h[2] = { hex_digits[b >> 4], hex_digits[b & 15] };
	out_mem(o, h, 2);
}

/* ---- printing ---- */

static bool is_print_ascii(uint8_t c)
{
	return c >= 0x20 && c <= 0x7e;
}

/* ioreg.c cfdatashow's scan (the non-PowerPC build, where a NUL must be
 * followed by another string or the end). */
bool reg_data_looks_like_strings(const uint8_t *bytes, size_t len)
{
	size_t normal = 0, symbol = 0, i;

	for (i = 0; i < len; i++) {
		if (bytes[i] == 0)
			break;
		for (; i < len; i++) {
			if (is_print_ascii(bytes[i]))
				normal++;
			else if (bytes[i] >= 128 && bytes[i] <= 254)
				symbol++;
			else
				break;
		}
		if (i < len && bytes[i] == 0)
			continue;
		break;
	}
	if ((normal >> 2) < symbol || len == 1)
		return false;
	return i >= len && normal > 0;
}

/* Backslash escapes for EXACT strings; high bytes only escaped in data. */
static void out_escaped(struct outbuf *o, const uint8_t *s, size_t n, bool escape_high)
{
	size_t run = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		const char *esc = NULL;
		char xbuf[5];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\t')
			esc = "\\t";
		else if (c == '\r')
			esc = "\\r";
		else if (c < 0x20 || c == 0x7f || (escape_high && c >= 0x80)) {
			xbuf[0] = '\\';
			xbuf[1] = 'x';
			xbuf[2] = hex_digits[c >> 4];
			xbuf[3] = hex_digits[c & 15];
			xbuf[4] = '\0';
			esc = xbuf;
		}
		if (!esc) {
			run++;
			continue;
		}
		out_mem(o, s + i - run, run);
		run = 0;
		out_str(o, esc);
	}
	out_mem(o, s + n - run, run);
}

static void print_string(struct outbuf *o, const char *s, size_t len, unsigned flags)
{
	if (!(flags & REG_LITERAL_EXACT)) {
		/* ioreg converts the string to MacRoman and prints it with %s,
		 * quotes included, or prints nothing at all when a character
		 * has no MacRoman byte (so an unknown string, U+FFFD, prints
		 * as nothing). */
		bool unmappable = false;
		size_t n = strnlen(s, len), mlen = 0;
		/* Bytes that are not UTF-8 came raw from a dump: as they are. */
		char *m = macroman_has_high(s, n) && macroman_is_utf8(s, n)
				  ? macroman_from_utf8(NULL, s, n, &mlen, &unmappable)
				  : NULL;
		if (unmappable)
			return;
		out_char(o, '"');
		if (m)
			out_mem(o, m, strnlen(m, mlen));
		else
			out_mem(o, s, n);
		out_char(o, '"');
		talloc_free(m);
		return;
	}
	out_char(o, '"');
	out_escaped(o, (const uint8_t *)s, len, false);
	out_char(o, '"');
}

/* Floats.  ioreg prints a number only when CFNumberGetValue(kCFNumberLong-
 * LongType) succeeds, which for a float means it is integral and in range
 * (CF refuses lossy conversions): then the integer, printed unsigned, else
 * nothing at all.  The exact style prints the
 * shortest decimal that reads back to the same double, always with a '.'
 * or an exponent (or nan, inf, -inf), and ":32" after a Float32. */
static void print_real(struct outbuf *o, const struct reg_value *v, unsigned flags)
{
	double d = reg_number_double(v);
	char buf[64];

	if (!(flags & REG_LITERAL_EXACT)) {
		if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) ||
		    (double)(int64_t)d != d)
			return;
		snprintf(buf, sizeof(buf), (flags & REG_LITERAL_HEX) ? "0x%" PRIx64 : "%" PRIu64,
			 (uint64_t)(int64_t)d);
		out_str(o, buf);
		return;
	}
	if (d != d) {
		snprintf(buf, sizeof(buf), "nan");
	} else if (d == HUGE_VAL || d == -HUGE_VAL) {
		snprintf(buf, sizeof(buf), d > 0 ? "inf" : "-inf");
	} else {
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, d);
			double back = strtod(buf, NULL);

			if (v->u.number.width == REG_NUMBER_FLOAT32 ? (float)back == (float)d
								   : back == d)
				break;
		}
		if (!strpbrk(buf, ".e"))
			strcat(buf, ".0");
	}
	out_str(o, buf);
	if (v->u.number.width == REG_NUMBER_FLOAT32)
		out_str(o, ":32");
}

static void print_number(struct outbuf *o, const struct reg_value *v, unsigned flags)
{
	int64_t value = v->u.number.value;
	unsigned width = v->u.number.width;
	bool suffix = (flags & REG_LITERAL_EXACT) &&
		      width != reg_number_default_width(value);
	uint64_t u = (uint64_t)value;
	char buf[48];

	if (reg_number_is_float(v)) {
		print_real(o, v, flags);
		return;
	}
	/* With a suffix the N-bit pattern is shown, so an 8-bit -1 is 255:8. */
	if (suffix && width < 64)
		u &= (UINT64_C(1) << width) - 1;
	if (flags & REG_LITERAL_HEX)
		snprintf(buf, sizeof(buf), "0x%" PRIx64, u);
	else
		snprintf(buf, sizeof(buf), "%" PRIu64, u);
	out_str(o, buf);
	if (suffix) {
		snprintf(buf, sizeof(buf), ":%u", width);
		out_str(o, buf);
	}
}

static void print_data(struct outbuf *o, const uint8_t *b, size_t len, unsigned flags)
{
	bool strings = !(flags & REG_LITERAL_HEX) && reg_data_looks_like_strings(b, len);

	/* EXACT: only the form that parses back to the same bytes. */
	if (strings && (flags & REG_LITERAL_EXACT) && b[len - 1] != 0)
		strings = false;
	out_char(o, '<');
	if (!strings) {
		if (!out_reserve(o, 2 * len))
			return;
		for (size_t i = 0; i < len; i++)
			out_hex_byte(o, b[i]);
	} else if (flags & REG_LITERAL_EXACT) {
		/* b is "s1\0s2\0...sn\0" with every si non-empty. */
		size_t start = 0;
		for (size_t i = 0; i < len; i++) {
			if (b[i])
				continue;
			if (start)
				out_char(o, ',');
			out_char(o, '"');
			out_escaped(o, b + start, i - start, true);
			out_char(o, '"');
			start = i + 1;
		}
	} else {
		/* ioreg's printing loop, including its stop at a second NUL. */
		bool quoted = false;
		for (size_t i = 0; i < len; i++) {
			if (b[i]) {
				if (!quoted) {
					quoted = true;
					out_str(o, i ? ",\"" : "\"");
				}
				out_char(o, (char)b[i]);
			} else if (quoted) {
				quoted = false;
				out_char(o, '"');
			} else {
				break;
			}
		}
		if (quoted)
			out_char(o, '"');
	}
	out_char(o, '>');
}

static bool print_value(struct outbuf *o, const struct reg_value *v, unsigned flags,
			unsigned depth)
{
	const char *open = "(", *close = ")";

	if (v->mark == REG_MARK_REDACTED && v->raw &&
	    (v->type == REG_DATA || !(flags & REG_LITERAL_EXACT))) {
		/* What the dump showed instead of the value.  Redacted data's
		 * text parses back to redacted data; a redacted text that is
		 * no value at all is a string, printed as one when exact. */
		out_str(o, v->raw);
		return true;
	}
	switch (v->type) {
	case REG_STRING:
	case REG_SYMBOL:
		print_string(o, v->u.string.chars, v->u.string.len, flags);
		return true;
	case REG_NUMBER:
		print_number(o, v, flags);
		return true;
	case REG_BOOL:
		out_str(o, v->u.boolean ? "Yes" : "No");
		return true;
	case REG_DATA:
		print_data(o, v->u.data.bytes, v->u.data.len, flags);
		return true;
	case REG_DICT:
		if (depth >= REG_VALUE_MAX_DEPTH)
			return false;
		out_char(o, '{');
		for (size_t i = 0; i < v->u.dict.count; i++) {
			if (i)
				out_char(o, ',');
			print_string(o, v->u.dict.keys[i], strlen(v->u.dict.keys[i]), flags);
			out_char(o, '=');
			if (!print_value(o, v->u.dict.values[i], flags, depth + 1))
				return false;
		}
		out_char(o, '}');
		return true;
	case REG_SET:
		open = "[";
		close = "]";
		/* fall through */
	case REG_ARRAY:
		if (depth >= REG_VALUE_MAX_DEPTH)
			return false;
		out_str(o, open);
		for (size_t i = 0; i < v->u.array.count; i++) {
			if (i)
				out_char(o, ',');
			if (!print_value(o, v->u.array.items[i], flags, depth + 1))
				return false;
		}
		out_str(o, close);
		return true;
	}
	out_str(o, "<unknown object>");
	return true;
}

char *reg_value_to_literal(void *ctx, const struct reg_value *v, unsigned flags)
{
	struct outbuf o = { 0 };

	if (!v)
		return NULL;
	if (!print_value(&o, v, flags, 0) || !out_reserve(&o, 0)) {
		talloc_free(o.buf);
		return NULL;
	}
	o.buf[o.len] = '\0';
	return talloc_steal(ctx, o.buf);
}

/* ---- parsing ---- */

struct parser {
	const char *s;
	size_t len, pos;
	unsigned flags;
	bool line_mode;		/* the value ends its line, not the text */
	struct reg_parse_error *err;
	/* Lenient parsing of dumps (NULL: strict).  greedy: <"..."> data may
	 * hold quotes (the second attempt at a value that failed). */
	const struct reg_literal_lenient *lenient;
	bool greedy;
	size_t nwarn;
	size_t warn_at[8];
	const char *warn_what[8];
};

/* Oddities are reported once the whole value parsed (a failed attempt
 * leaves none behind). */
static void note(struct parser *p, size_t at, const char *what)
{
	if (p->nwarn < 8) {
		p->warn_at[p->nwarn] = at;
		p->warn_what[p->nwarn] = what;
	}
	p->nwarn++;
}

/* What may follow a string where it stands (IOREG mode ends a string at
 * the first '"' followed by one of these). */
enum string_context {
	AT_TOP,		/* end of text */
	IN_KEY,		/* '=' */
	IN_DICT,	/* ',' or '}' */
	IN_ARRAY,	/* ',' or ')' */
	IN_SET,		/* ',' or ']' */
	IN_DATA,	/* ',' or '>' */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_line_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* In line mode a newline ends the value, so it is no blank. */
static void skip_blanks(struct parser *p)
{
	while (p->pos < p->len && is_blank(p->s[p->pos]) &&
	       !(p->line_mode && p->s[p->pos] == '\n'))
		p->pos++;
}

static bool at_end(const struct parser *p)
{
	return p->pos >= p->len || (p->line_mode && p->s[p->pos] == '\n');
}

static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static void fail_at(struct parser *p, size_t at, const char *what)
{
	reg_parse_error_set(p->err, 0, at, "%s", what);
}

static void fail_oom(struct parser *p)
{
	reg_parse_error_set(p->err, 0, p->pos, "out of memory");
}


/* Does the text after a closing quote at q fit the string's context? */
static bool string_ends_at(const struct parser *p, size_t q, enum string_context where)
{
	size_t i = q + 1;

	if (where == AT_TOP && p->line_mode) {
		while (i < p->len && is_line_blank(p->s[i]))
			i++;
		return i >= p->len || p->s[i] == '\n';
	}
	while (i < p->len && is_blank(p->s[i]))
		i++;
	if (i >= p->len)
		return where == AT_TOP;
	switch (where) {
	case AT_TOP:
		return false;
	case IN_KEY:
		return p->s[i] == '=';
	case IN_DICT:
		return p->s[i] == ',' || p->s[i] == '}';
	case IN_ARRAY:
		return p->s[i] == ',' || p->s[i] == ')';
	case IN_SET:
		return p->s[i] == ',' || p->s[i] == ']';
	case IN_DATA:
		return p->s[i] == ',' || p->s[i] == '>';
	}
	return false;
}

/* Parses a quoted string at p->pos.  The characters go to *out (allocated on
 * ctx when escapes had to be decoded, else pointing into the text). */
static bool parse_string(struct parser *p, void *ctx, enum string_context where,
			 const char **out, size_t *out_len)
{
	size_t start = p->pos;

	p->pos++;	/* opening quote */
	if (!(p->flags & REG_LITERAL_EXACT)) {
		size_t first_quote = SIZE_MAX;
		for (size_t q = p->pos; q < p->len; q++) {
			if (p->s[q] != '"')
				continue;
			if (first_quote == SIZE_MAX)
				first_quote = q;
			if (string_ends_at(p, q, where)) {
				*out = p->s + p->pos;
				*out_len = q - p->pos;
				p->pos = q + 1;
				return true;
			}
		}
		/* A string that ends in the wrong place says more than "unterminated". */
		if (first_quote != SIZE_MAX)
			fail_at(p, first_quote + 1, "unexpected text after string");
		else
			fail_at(p, start, "unterminated string");
		return false;
	}

	/* EXACT: the first unescaped quote ends it. */
	size_t i = p->pos, n = 0;
	bool escaped = false;
	char *buf;

	for (; i < p->len && p->s[i] != '"'; i++) {
		if (p->s[i] == '\\') {
			escaped = true;
			i++;
		}
	}
	if (i >= p->len) {
		fail_at(p, start, "unterminated string");
		return false;
	}
	if (!escaped) {
		*out = p->s + p->pos;
		*out_len = i - p->pos;
		p->pos = i + 1;
		return true;
	}
	buf = talloc_size(ctx, i - p->pos + 1);
	if (!buf) {
		fail_oom(p);
		return false;
	}
	for (size_t j = p->pos; j < i; j++) {
		char c = p->s[j];
		if (c != '\\') {
			buf[n++] = c;
			continue;
		}
		c = p->s[++j];
		switch (c) {
		case '"':
		case '\\':
			buf[n++] = c;
			break;
		case 'n':
			buf[n++] = '\n';
			break;
		case 't':
			buf[n++] = '\t';
			break;
		case 'r':
			buf[n++] = '\r';
			break;
		case 'x': {
			int hi = j + 1 < i ? reg_hex_digit((unsigned char)p->s[j + 1]) : -1;
			int lo = j + 2 < i ? reg_hex_digit((unsigned char)p->s[j + 2]) : -1;
			if (hi < 0 || lo < 0) {
				fail_at(p, j - 1, "bad \\x escape (needs two hex digits)");
				talloc_free(buf);
				return false;
			}
			buf[n++] = (char)(hi << 4 | lo);
			j += 2;
			break;
		}
		default:
			fail_at(p, j - 1, "unknown backslash escape");
			talloc_free(buf);
			return false;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	p->pos = i + 1;
	return true;
}

#define MACROMAN_TEXT_NOTE "non-ASCII text in a string: read as the MacRoman ioreg writes"
#define UTF8_TEXT_NOTE "non-ASCII text in a string is UTF-8, not the MacRoman ioreg " \
	"writes (converted on its way?): read as UTF-8"

/* Lenient: string bytes that are MacRoman (ioreg's output encoding) become
 * UTF-8.  False when out of memory. */
static bool lenient_decode(struct parser *p, void *tmp, size_t at, const char **chars,
			   size_t *n)
{
	char *u;

	if (!p->lenient || !macroman_has_high(*chars, *n))
		return true;
	if (!p->lenient->macroman) {
		note(p, at, UTF8_TEXT_NOTE);
		return true;
	}
	note(p, at, MACROMAN_TEXT_NOTE);
	u = macroman_to_utf8(tmp, *chars, *n, n);
	if (!u) {
		fail_oom(p);
		return false;
	}
	*chars = u;
	return true;
}

/* "XXXXXXXX", "****": what people put in place of serial numbers. */
static bool looks_redacted(const char *s, size_t n)
{
	size_t hidden = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == 'X' || s[i] == 'x' || s[i] == '*')
			hidden++;
		else if (s[i] != '-' && s[i] != ' ')
			return false;
	}
	return hidden >= 4;
}

static void mark_string(struct parser *p, struct reg_value *v, size_t at)
{
	if (v->u.string.len == sizeof(REG_UNKNOWN_STRING) - 1 &&
	    memcmp(v->u.string.chars, REG_UNKNOWN_STRING, v->u.string.len) == 0) {
		v->mark = REG_MARK_UNKNOWN;
	} else if (p->lenient && looks_redacted(v->u.string.chars, v->u.string.len)) {
		v->mark = REG_MARK_REDACTED;
		note(p, at, "redacted string: loaded as the dump shows it");
	}
}

/* A word ends at a blank, a structural character or the end. */
static bool at_word_end(const struct parser *p)
{
	int c = peek(p);
	return c < 0 || is_blank((char)c) || (c > 0 && strchr(",)}]>=", c) != NULL);
}

/* A real: [-]digits with a '.' or an exponent, or nan/inf/-inf, then an
 * optional ":32" (Float32) or ":64".  Returns false, consuming nothing,
 * when the text at p is not a real. */
static bool parse_real(struct parser *p, void *ctx, unsigned default_width,
		       struct reg_value **out)
{
	size_t start = p->pos, end = start;
	bool real = false;
	char buf[64];
	unsigned width = default_width == REG_NUMBER_FLOAT32 ? REG_NUMBER_FLOAT32
							     : REG_NUMBER_FLOAT64;
	double d;

	*out = NULL;
	if (end < p->len && (p->s[end] == '-' || p->s[end] == '+'))
		end++;
	if (p->len - end >= 3 && (memcmp(p->s + end, "nan", 3) == 0 ||
				  memcmp(p->s + end, "inf", 3) == 0)) {
		end += 3;
		real = true;
	} else {
		if (end + 1 < p->len && p->s[end] == '0' && (p->s[end + 1] | 0x20) == 'x')
			return false;	/* hex: an integer */
		for (; end < p->len && strchr("0123456789.eE", p->s[end]) && p->s[end]; end++) {
			real |= p->s[end] == '.' || p->s[end] == 'e' || p->s[end] == 'E';
			if ((p->s[end] == 'e' || p->s[end] == 'E') && end + 1 < p->len &&
			    (p->s[end + 1] == '-' || p->s[end + 1] == '+'))
				end++;
		}
	}
	/* An integer written for a float property becomes a float. */
	if (!real && default_width != REG_NUMBER_FLOAT32 && default_width != REG_NUMBER_FLOAT64)
		return false;
	if (end - start >= sizeof(buf)) {
		fail_at(p, start, "number too long");
		return true;
	}
	memcpy(buf, p->s + start, end - start);
	buf[end - start] = '\0';
	{
		char *endp;

		d = strtod(buf, &endp);
		if (endp == buf || *endp) {
			fail_at(p, start, "bad number");
			return true;
		}
	}
	p->pos = end;
	if (peek(p) == ':') {
		size_t at = ++p->pos;
		unsigned w = 0;

		for (int c; (c = peek(p)) >= '0' && c <= '9' && w < 1000; p->pos++)
			w = w * 10 + (unsigned)(c - '0');
		if (w != 32 && w != 64) {
			fail_at(p, at, "a real's width must be 32 or 64");
			return true;
		}
		width = w == 32 ? REG_NUMBER_FLOAT32 : REG_NUMBER_FLOAT64;
	}
	if (!at_word_end(p)) {
		fail_at(p, p->pos, "unexpected character in number");
		return true;
	}
	*out = reg_value_new_real(ctx, d, width);
	if (!*out)
		fail_oom(p);
	return true;
}

/* Number: [-](decimal|0xhex)[:N], or a real (parse_real). */
static struct reg_value *parse_number(struct parser *p, void *ctx, unsigned default_width)
{
	size_t start = p->pos;
	bool negative = false, any = false;
	uint64_t u = 0;
	unsigned width = 0;
	int64_t value;
	struct reg_value *real;

	if (parse_real(p, ctx, default_width, &real))
		return real;

	if (peek(p) == '-') {
		negative = true;
		p->pos++;
	}
	if (p->pos + 1 < p->len && p->s[p->pos] == '0' &&
	    (p->s[p->pos + 1] == 'x' || p->s[p->pos + 1] == 'X')) {
		p->pos += 2;
		for (int d; (d = reg_hex_digit(peek(p))) >= 0; p->pos++) {
			if (u >> 60) {
				fail_at(p, start, "hex number wider than 64 bits");
				return NULL;
			}
			u = u << 4 | (unsigned)d;
			any = true;
		}
	} else {
		for (int c; (c = peek(p)) >= '0' && c <= '9'; p->pos++) {
			unsigned d = (unsigned)(c - '0');
			if (u > (UINT64_MAX - d) / 10) {
				fail_at(p, start, "number larger than 18446744073709551615");
				return NULL;
			}
			u = u * 10 + d;
			any = true;
		}
	}
	if (!any) {
		fail_at(p, start, "bad number");
		return NULL;
	}
	if (negative && u > (uint64_t)INT64_MAX + 1) {
		fail_at(p, start, "negative number below -9223372036854775808");
		return NULL;
	}
	value = negative ? (int64_t)(0 - u) : (int64_t)u;
	if (peek(p) == ':') {
		size_t at = ++p->pos;
		for (int c; (c = peek(p)) >= '0' && c <= '9' && width < 1000; p->pos++)
			width = width * 10 + (unsigned)(c - '0');
		if (!reg_number_width_valid(width) || width == REG_NUMBER_FLOAT32 ||
		    width == REG_NUMBER_FLOAT64) {
			fail_at(p, at, "number width must be 8, 16, 32 or 64");
			return NULL;
		}
	}
	if (!at_word_end(p)) {
		fail_at(p, p->pos, "unexpected character in number");
		return NULL;
	}
	if (!width)
		width = default_width ? default_width : reg_number_default_width(value);
	if (width < 64) {
		/* It must fit N bits, as a signed or an unsigned number. */
		int64_t lo = -((int64_t)1 << (width - 1));
		int64_t hi = ((int64_t)1 << width) - 1;
		if (value < lo || value > hi) {
			reg_parse_error_set(p->err, 0, start,
					    "number does not fit in %u bits", width);
			return NULL;
		}
	}
	struct reg_value *v = reg_value_new_number(ctx, value, width);
	if (!v)
		fail_oom(p);
	return v;
}

/* Redacted data: between '<' at start and the next '>' on the line, only
 * hex digits, blanks, capitals and the characters people hide bytes with
 * (- * x ? # _ .), at least one of them neither a hex digit nor a dot:
 * <--->, <xxxx>, <0*3>, <00 1b **>, <PRIVATE>.  Recognised in every parse,
 * so that the exact style's text of such data reads back as it. */
static struct reg_value *redacted_data(struct parser *p, void *ctx, size_t start)
{
	size_t i = start + 1;
	bool hidden = false;
	struct reg_value *v;

	for (; i < p->len && p->s[i] != '>' && p->s[i] != '\n'; i++) {
		char c = p->s[i];
		if (strchr("-*xX?#_", c) || (c >= 'G' && c <= 'Z'))
			hidden = true;	/* capitals too: <PRIVATE> */
		else if (c != '.' && c != ' ' && reg_hex_digit((unsigned char)c) < 0)
			return NULL;
	}
	if (!hidden || i >= p->len || p->s[i] != '>')
		return NULL;
	v = reg_value_new_data(ctx, NULL, 0);
	if (!v || !(v->raw = talloc_strndup(v, p->s + start, i + 1 - start))) {
		talloc_free(v);
		fail_oom(p);
		return NULL;
	}
	v->mark = REG_MARK_REDACTED;
	note(p, start, "redacted data: loaded as data whose bytes are unknown");
	p->pos = i + 1;
	return v;
}

/* Greedy <"..."> (a second attempt): the data ends at the first '">' after
 * which the value's context goes on, so quotes inside it are kept. */
static struct reg_value *greedy_data(struct parser *p, void *ctx, size_t start,
				     enum string_context where)
{
	struct reg_value *v;

	for (size_t q = start + 2; q + 1 < p->len && p->s[q] != '\n'; q++) {
		if (p->s[q] != '"' || p->s[q + 1] != '>' || !string_ends_at(p, q + 1, where))
			continue;
		uint8_t *b = talloc_size(NULL, q - (start + 2) + 1);
		if (!b) {
			fail_oom(p);
			return NULL;
		}
		memcpy(b, p->s + start + 2, q - (start + 2));
		b[q - (start + 2)] = 0;
		v = reg_value_new_data(ctx, b, q - (start + 2) + 1);
		talloc_free(b);
		if (!v) {
			fail_oom(p);
			return NULL;
		}
		note(p, start, "data printed as a string that contains quotes: kept up "
			       "to the last '\">' of the value");
		p->pos = q + 2;
		return v;
	}
	return NULL;
}

static struct reg_value *parse_data_plain(struct parser *p, void *ctx);

static struct reg_value *parse_data(struct parser *p, void *ctx, enum string_context where)
{
	size_t start = p->pos;
	struct reg_value *v;
	struct reg_parse_error saved = { .line = 0 };

	if (p->greedy && start + 1 < p->len && p->s[start + 1] == '"') {
		/* The plain form first, if the value's context goes on after it. */
		if (p->err)
			saved = *p->err;
		v = parse_data_plain(p, ctx);
		if (v && string_ends_at(p, p->pos - 1, where))
			return v;
		talloc_free(v);
		if (p->err)
			*p->err = saved;
		p->pos = start;
		v = greedy_data(p, ctx, start, where);
		if (v)
			return v;
		p->pos = start;
		return parse_data_plain(p, ctx);
	}
	if (p->err)
		saved = *p->err;
	v = parse_data_plain(p, ctx);
	if (v)
		return v;
	/* Not data as ioreg prints it: perhaps what a publisher hid. */
	if (p->s[start + 1] != '"') {
		size_t pos = p->pos;
		struct reg_parse_error failed = p->err ? *p->err : saved;
		if (p->err)
			*p->err = saved;
		v = redacted_data(p, ctx, start);
		if (v)
			return v;
		if (p->err)
			*p->err = failed;
		p->pos = pos;
	}
	return NULL;
}

static struct reg_value *parse_data_plain(struct parser *p, void *ctx)
{
	size_t start = p->pos;
	uint8_t *bytes = NULL;
	size_t n = 0, cap = 0;
	struct reg_value *v = NULL;
	void *tmp = talloc_new(NULL);

	if (!tmp) {
		fail_oom(p);
		return NULL;
	}
	p->pos++;	/* '<' */
	if (!(p->flags & REG_LITERAL_EXACT) && p->len - p->pos >= 15 &&
	    memcmp(p->s + p->pos, "unknown object>", 15) == 0) {
		p->pos += 15;
		v = reg_value_new_string(ctx, "<unknown object>");
		if (!v)
			fail_oom(p);
		goto done;
	}
	skip_blanks(p);
	if (peek(p) == '"') {
		for (;;) {
			const char *chars;
			size_t clen;
			if (peek(p) != '"') {
				fail_at(p, p->pos, "expected a string in data");
				goto done;
			}
			if (!parse_string(p, tmp, IN_DATA, &chars, &clen))
				goto done;
			if (n + clen + 1 > cap) {
				size_t ncap = (n + clen + 1) * 2;
				uint8_t *nb = talloc_realloc(tmp, bytes, uint8_t, ncap);
				if (!nb) {
					fail_oom(p);
					goto done;
				}
				bytes = nb;
				cap = ncap;
			}
			memcpy(bytes + n, chars, clen);
			n += clen;
			bytes[n++] = 0;
			skip_blanks(p);
			if (peek(p) == ',') {
				p->pos++;
				skip_blanks(p);
				continue;
			}
			if (peek(p) == '>')
				break;
			if (at_end(p))
				fail_at(p, start, "unterminated data");
			else
				fail_at(p, p->pos, "expected ',' or '>' in data");
			goto done;
		}
	} else {
		int hi = -1;
		/* At most one byte per two characters of what is left. */
		cap = (p->len - p->pos) / 2 + 1;
		bytes = talloc_size(tmp, cap);
		if (!bytes) {
			fail_oom(p);
			goto done;
		}
		for (;; p->pos++) {
			int c = peek(p), d;
			if (c == '>')
				break;
			if (at_end(p)) {
				fail_at(p, start, "unterminated data");
				goto done;
			}
			if (is_blank((char)c))
				continue;
			d = reg_hex_digit(c);
			if (d < 0) {
				fail_at(p, p->pos, "bad hex digit in data");
				goto done;
			}
			if (hi < 0) {
				hi = d;
			} else {
				bytes[n++] = (uint8_t)(hi << 4 | d);
				hi = -1;
			}
		}
		if (hi >= 0) {
			fail_at(p, p->pos, "odd number of hex digits in data");
			goto done;
		}
	}
	p->pos++;	/* '>' */
	v = reg_value_new_data(ctx, bytes, n);
	if (!v)
		fail_oom(p);
done:
	talloc_free(tmp);
	return v;
}

static struct reg_value *parse_value(struct parser *p, void *ctx, unsigned depth,
				     enum string_context where);

static bool too_deep(struct parser *p, unsigned depth)
{
	if (depth < REG_VALUE_MAX_DEPTH)
		return false;
	reg_parse_error_set(p->err, 0, p->pos, "values nested deeper than %d",
			    REG_VALUE_MAX_DEPTH);
	return true;
}

/* After an item: ',' (more follow) or the closing character. */
static int after_item(struct parser *p, char close, size_t open_at)
{
	skip_blanks(p);
	if (peek(p) == ',') {
		p->pos++;
		skip_blanks(p);
		return 1;
	}
	if (peek(p) == close) {
		p->pos++;
		return 0;
	}
	if (at_end(p))
		reg_parse_error_set(p->err, 0, open_at, "unterminated '%c'", p->s[open_at]);
	else
		reg_parse_error_set(p->err, 0, p->pos, "expected ',' or '%c'", close);
	return -1;
}

static struct reg_value *parse_dict(struct parser *p, void *ctx, unsigned depth)
{
	size_t open_at = p->pos;
	struct reg_value *d;
	void *tmp;

	if (too_deep(p, depth))
		return NULL;
	d = reg_value_new_dict(ctx);
	tmp = talloc_new(NULL);
	if (!d || !tmp) {
		fail_oom(p);
		goto fail;
	}
	p->pos++;
	skip_blanks(p);
	if (peek(p) == '}') {
		p->pos++;
		talloc_free(tmp);
		return d;
	}
	for (;;) {
		const char *kchars;
		size_t klen, key_at = p->pos;
		char *key;
		struct reg_value *item;
		int more;

		if (peek(p) != '"') {
			fail_at(p, at_end(p) ? open_at : p->pos,
				at_end(p) ? "unterminated '{'" : "expected a quoted key");
			goto fail;
		}
		if (!parse_string(p, tmp, IN_KEY, &kchars, &klen) ||
		    !lenient_decode(p, tmp, key_at, &kchars, &klen))
			goto fail;
		if (memchr(kchars, 0, klen)) {
			fail_at(p, key_at, "NUL in dictionary key");
			goto fail;
		}
		key = talloc_strndup(tmp, kchars, klen);
		if (!key) {
			fail_oom(p);
			goto fail;
		}
		skip_blanks(p);
		if (peek(p) != '=') {
			fail_at(p, p->pos, "expected '=' after key");
			goto fail;
		}
		p->pos++;
		skip_blanks(p);
		item = parse_value(p, d, depth + 1, IN_DICT);
		if (!item)
			goto fail;
		if (reg_dict_set(d, key, item) != 0) {
			fail_oom(p);
			goto fail;
		}
		talloc_free_children(tmp);
		more = after_item(p, '}', open_at);
		if (more < 0)
			goto fail;
		if (!more)
			break;
	}
	talloc_free(tmp);
	return d;
fail:
	talloc_free(tmp);
	talloc_free(d);
	return NULL;
}

static struct reg_value *parse_list(struct parser *p, void *ctx, unsigned depth)
{
	size_t open_at = p->pos;
	bool is_set = p->s[p->pos] == '[';
	char close = is_set ? ']' : ')';
	struct reg_value *a;

	if (too_deep(p, depth))
		return NULL;
	a = is_set ? reg_value_new_set(ctx) : reg_value_new_array(ctx);
	if (!a) {
		fail_oom(p);
		return NULL;
	}
	p->pos++;
	skip_blanks(p);
	if (peek(p) == close) {
		p->pos++;
		return a;
	}
	for (;;) {
		struct reg_value *item;
		int more;

		if (at_end(p)) {
			reg_parse_error_set(p->err, 0, open_at, "unterminated '%c'",
					    p->s[open_at]);
			goto fail;
		}
		item = parse_value(p, a, depth + 1, is_set ? IN_SET : IN_ARRAY);
		if (!item)
			goto fail;
		if (reg_array_append(a, item) != 0) {
			fail_oom(p);
			goto fail;
		}
		more = after_item(p, close, open_at);
		if (more < 0)
			goto fail;
		if (!more)
			break;
	}
	return a;
fail:
	talloc_free(a);
	return NULL;
}

static bool match_word(struct parser *p, const char *word)
{
	size_t n = strlen(word);
	size_t save = p->pos;

	if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0)
		return false;
	p->pos += n;
	if (at_word_end(p))
		return true;
	p->pos = save;
	return false;
}

static struct reg_value *parse_value(struct parser *p, void *ctx, unsigned depth,
				     enum string_context where)
{
	int c = at_end(p) ? -1 : peek(p);
	struct reg_value *v;

	switch (c) {
	case '"': {
		const char *chars;
		size_t n;
		void *tmp = talloc_new(NULL);
		if (!tmp) {
			fail_oom(p);
			return NULL;
		}
		size_t at = p->pos;
		v = NULL;
		if (parse_string(p, tmp, where, &chars, &n) &&
		    lenient_decode(p, tmp, at, &chars, &n)) {
			v = reg_value_new_string_len(ctx, chars, n);
			if (!v)
				fail_oom(p);
			else
				mark_string(p, v, at);
		}
		talloc_free(tmp);
		return v;
	}
	case '{':
		return parse_dict(p, ctx, depth);
	case '(':
	case '[':
		return parse_list(p, ctx, depth);
	case '<':
		return parse_data(p, ctx, where);
	case -1:
	case '\n':
	case ',':
	case '}':
	case ')':
	case ']':
		if (p->lenient && (c == -1 || c == '\n' ? where == AT_TOP && p->line_mode
					      : where != AT_TOP && where != IN_KEY)) {
			/* ioreg printed nothing: a string it could not convert, or
			 * a number CFNumberGetValue(kCFNumberLongLongType) refused
			 * (a non-integral float, or one past 64 bits).  Which of
			 * the two, and the value, are lost with the text. */
			note(p, p->pos, "a string ioreg could not print (a character MacRoman "
					"lacks) or a non-integral float: loaded as an unknown string");
			v = reg_value_new_string(ctx, REG_UNKNOWN_STRING);
			if (!v)
				fail_oom(p);
			else
				v->mark = REG_MARK_UNKNOWN;
			return v;
		}
		if (c == -1 || c == '\n') {
			fail_at(p, p->pos, "missing value");
			return NULL;
		}
		break;
	}
	if (c == '-' || (c >= '0' && c <= '9') ||
	    (p->len - p->pos >= 3 && (memcmp(p->s + p->pos, "nan", 3) == 0 ||
				      memcmp(p->s + p->pos, "inf", 3) == 0)))
		return parse_number(p, ctx, 0);
	if (match_word(p, "Yes") || match_word(p, "No")) {
		v = reg_value_new_bool(ctx, p->s[p->pos - 1] == 's');
		if (!v)
			fail_oom(p);
		return v;
	}
	fail_at(p, p->pos, "unexpected character");
	return NULL;
}

struct reg_value *reg_value_from_literal(void *ctx, const char *text, size_t len,
					 unsigned flags, struct reg_parse_error *err)
{
	struct parser p = { .s = text, .len = len, .flags = flags, .err = err };
	struct reg_value *v;

	skip_blanks(&p);
	v = parse_value(&p, ctx, 0, AT_TOP);
	if (!v)
		return NULL;
	skip_blanks(&p);
	if (p.pos < p.len) {
		fail_at(&p, p.pos, "unexpected text after value");
		talloc_free(v);
		return NULL;
	}
	return v;
}

struct reg_value *reg_value_from_literal_line(void *ctx, const char *text, size_t len,
					      unsigned flags, size_t *used,
					      struct reg_parse_error *err)
{
	struct parser p = { .s = text, .len = len, .flags = flags, .line_mode = true,
			    .err = err };
	struct reg_value *v;

	while (p.pos < p.len && is_line_blank(p.s[p.pos]))
		p.pos++;
	v = parse_value(&p, ctx, 0, AT_TOP);
	if (!v)
		return NULL;
	while (p.pos < p.len && is_line_blank(p.s[p.pos]))
		p.pos++;
	if (p.pos < p.len && p.s[p.pos] != '\n') {
		fail_at(&p, p.pos, "unexpected text after value");
		talloc_free(v);
		return NULL;
	}
	*used = p.pos;
	return v;
}

struct reg_value *reg_value_from_literal_line_lenient(void *ctx, const char *text, size_t len,
						      unsigned flags,
						      const struct reg_literal_lenient *lenient,
						      size_t *used, struct reg_parse_error *err)
{
	struct reg_parse_error first = { .line = 0 };
	struct reg_value *v = NULL;

	for (int attempt = 0; attempt < 2 && !v; attempt++) {
		struct parser p = { .s = text, .len = len, .flags = flags, .line_mode = true,
				    .err = attempt ? err : &first, .lenient = lenient,
				    .greedy = attempt == 1 };

		while (p.pos < p.len && is_line_blank(p.s[p.pos]))
			p.pos++;
		v = parse_value(&p, ctx, 0, AT_TOP);
		if (v) {
			while (p.pos < p.len && is_line_blank(p.s[p.pos]))
				p.pos++;
			if (p.pos < p.len && p.s[p.pos] != '\n') {
				fail_at(&p, p.pos, "unexpected text after value");
				talloc_free(v);
				v = NULL;
			}
		}
		if (!v) {
			if (!lenient)
				break;
			continue;	/* again, greedy */
		}
		*used = p.pos;
		for (size_t i = 0; lenient && lenient->warn && i < p.nwarn && i < 8; i++)
			lenient->warn(lenient->arg, p.warn_at[i], p.warn_what[i]);
	}
	if (!v && first.message[0] && err && !err->message[0])
		*err = first;
	return v;
}

/* ---- bare values ---- */

static struct reg_value *bare_bool(void *ctx, struct parser *p)
{
	static const char *const yes[] = { "yes", "true", "1" };
	static const char *const no[] = { "no", "false", "0" };
	size_t n = p->len - p->pos;
	const char *s = p->s + p->pos;
	struct reg_value *v;

	while (n && is_blank(s[n - 1]))
		n--;
	for (size_t i = 0; i < 3; i++) {
		bool is_yes = strlen(yes[i]) == n && strncasecmp(s, yes[i], n) == 0;
		bool is_no = strlen(no[i]) == n && strncasecmp(s, no[i], n) == 0;
		if (is_yes || is_no) {
			v = reg_value_new_bool(ctx, is_yes);
			if (!v)
				fail_oom(p);
			return v;
		}
	}
	fail_at(p, p->pos, "expected Yes, No, true, false, 1 or 0");
	return NULL;
}

static struct reg_value *bare_data(void *ctx, struct parser *p)
{
	uint8_t *bytes;
	size_t n = 0;
	int hi = -1;
	struct reg_value *v;

	if (p->len - p->pos >= 2 && p->s[p->pos] == '0' &&
	    (p->s[p->pos + 1] == 'x' || p->s[p->pos + 1] == 'X'))
		p->pos += 2;
	bytes = talloc_size(NULL, (p->len - p->pos) / 2 + 1);
	if (!bytes) {
		fail_oom(p);
		return NULL;
	}
	for (; p->pos < p->len; p->pos++) {
		int d;
		if (is_blank(p->s[p->pos]))
			continue;
		d = reg_hex_digit((unsigned char)p->s[p->pos]);
		if (d < 0) {
			fail_at(p, p->pos, "expected hex digits for data (or a <...> literal)");
			talloc_free(bytes);
			return NULL;
		}
		if (hi < 0) {
			hi = d;
		} else {
			bytes[n++] = (uint8_t)(hi << 4 | d);
			hi = -1;
		}
	}
	if (hi >= 0) {
		fail_at(p, p->pos, "odd number of hex digits in data");
		talloc_free(bytes);
		return NULL;
	}
	v = reg_value_new_data(ctx, bytes, n);
	talloc_free(bytes);
	if (!v)
		fail_oom(p);
	return v;
}

struct reg_value *reg_value_from_text_as(void *ctx, const char *text, size_t len,
					 const struct reg_value *like,
					 struct reg_parse_error *err)
{
	struct parser p = { .s = text, .flags = REG_LITERAL_EXACT, .err = err };
	struct reg_value *v;
	int first;

	if (len && text[len - 1] == '\n') {
		len--;
		if (len && text[len - 1] == '\r')
			len--;
	}
	p.len = len;

	if (like && reg_value_is_string(like)) {
		/* Raw text, unless it is a whole literal. */
		skip_blanks(&p);
		first = peek(&p);
		if (first > 0 && strchr("\"{([<", first)) {
			v = reg_value_from_literal(ctx, text, len, REG_LITERAL_EXACT, NULL);
			if (v)
				return v;
		}
		v = reg_value_new_string_len(ctx, text, len);
		if (v && like->type == REG_SYMBOL)
			v->type = REG_SYMBOL;
		if (!v) {
			p.pos = 0;
			fail_oom(&p);
		}
		return v;
	}

	skip_blanks(&p);
	first = peek(&p);
	if (!like && !(first > 0 && strchr("\"{([<", first))) {
		/* A new property: a literal (number, Yes/No) or else a string. */
		v = reg_value_from_literal(ctx, text, len, REG_LITERAL_EXACT, NULL);
		if (!v)
			v = reg_value_new_string_len(ctx, text, len);
		if (!v)
			fail_oom(&p);
		return v;
	}
	if (!like || (first > 0 && strchr("\"{([<", first)) ||
	    like->type == REG_DICT || like->type == REG_ARRAY || like->type == REG_SET)
		return reg_value_from_literal(ctx, text, len, REG_LITERAL_EXACT, err);

	switch (like->type) {
	case REG_NUMBER:
		v = parse_number(&p, ctx, like->u.number.width);
		if (!v)
			return NULL;
		skip_blanks(&p);
		if (p.pos < p.len) {
			fail_at(&p, p.pos, "unexpected text after number");
			talloc_free(v);
			return NULL;
		}
		return v;
	case REG_BOOL:
		return bare_bool(ctx, &p);
	case REG_DATA:
		return bare_data(ctx, &p);
	default:
		return reg_value_from_literal(ctx, text, len, REG_LITERAL_EXACT, err);
	}
}
