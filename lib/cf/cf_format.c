/* printf-style formatting for CFStringCreateWithFormat and
 * CFStringAppendFormat.
 *
 * Everything printf takes, plus CF's own conversions: %@ (a CF object's
 * formatting description: a string's characters, a number's value...),
 * %C (a UniChar), %S (a NUL-terminated UniChar string), %D/%U/%O (as
 * %d/%u/%o) and the q length modifier (long long).  Positional arguments
 * (%2$@) work, which is why arguments are collected in a first pass: each
 * position is fetched from the va_list once, with its own type. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf_internal.h"

enum arg_type {
	ARG_NONE,
	ARG_INT,
	ARG_LONG,
	ARG_LLONG,
	ARG_SIZE,
	ARG_PTRDIFF,
	ARG_INTMAX,
	ARG_DOUBLE,
	ARG_LDOUBLE,
	ARG_PTR,
};

union arg_value {
	long long i;
	double d;
	long double ld;
	const void *p;
};

enum length_mod { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_BIGL, LEN_Z, LEN_T, LEN_J };

#define MAX_ARGS 128

struct spec {
	size_t start, end;	/* byte range of the whole spec in the format */
	char flags[8];
	int width;		/* -1: none */
	int width_arg;		/* argument index for '*', or -1 */
	int precision;		/* -1: none */
	int precision_arg;
	enum length_mod len;
	char conv;
	int arg;		/* argument index of the value, -1 for %% */
};

static enum arg_type type_for(char conv, enum length_mod len)
{
	switch (conv) {
	case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
		switch (len) {
		case LEN_L:
			return ARG_LONG;
		case LEN_LL:
			return ARG_LLONG;
		case LEN_Z:
			return ARG_SIZE;
		case LEN_T:
			return ARG_PTRDIFF;
		case LEN_J:
			return ARG_INTMAX;
		default:
			return ARG_INT;
		}
	case 'D': case 'U': case 'O': case 'c': case 'C':
		return ARG_INT;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		return len == LEN_BIGL ? ARG_LDOUBLE : ARG_DOUBLE;
	case 's': case 'S': case 'p': case '@': case 'n':
		return ARG_PTR;
	default:
		return ARG_NONE;
	}
}

/* Reads "123$" at f[*i]; returns the 0-based position or -1 (no change). */
static int parse_position(const char *f, size_t n, size_t *i)
{
	size_t j = *i;
	int v = 0;

	if (j >= n || f[j] < '1' || f[j] > '9')
		return -1;
	while (j < n && f[j] >= '0' && f[j] <= '9' && v < 10000)
		v = v * 10 + (f[j++] - '0');
	if (j >= n || f[j] != '$')
		return -1;
	*i = j + 1;
	return v - 1;
}

static int parse_number(const char *f, size_t n, size_t *i)
{
	int v = 0;

	while (*i < n && f[*i] >= '0' && f[*i] <= '9') {
		if (v < 100000)
			v = v * 10 + (f[*i] - '0');
		(*i)++;
	}
	return v;
}

/* Parses the spec starting at f[start] == '%'.  Returns false when it is
 * not a valid spec (it is then copied literally). */
static bool parse_spec(const char *f, size_t n, size_t start, struct spec *s, int *next_arg)
{
	size_t i = start + 1;
	int pos;
	size_t nflags = 0;

	memset(s, 0, sizeof(*s));
	s->start = start;
	s->width = s->precision = -1;
	s->width_arg = s->precision_arg = -1;
	pos = parse_position(f, n, &i);
	while (i < n && strchr("-+ #0'", f[i]) && f[i] != '\0') {
		if (nflags < sizeof(s->flags) - 1)
			s->flags[nflags++] = f[i];
		i++;
	}
	if (i < n && f[i] == '*') {
		i++;
		s->width_arg = parse_position(f, n, &i);
		if (s->width_arg < 0)
			s->width_arg = (*next_arg)++;
	} else if (i < n && f[i] >= '0' && f[i] <= '9') {
		s->width = parse_number(f, n, &i);
	}
	if (i < n && f[i] == '.') {
		i++;
		if (i < n && f[i] == '*') {
			i++;
			s->precision_arg = parse_position(f, n, &i);
			if (s->precision_arg < 0)
				s->precision_arg = (*next_arg)++;
		} else {
			s->precision = parse_number(f, n, &i);
		}
	}
	if (i + 1 < n && f[i] == 'h' && f[i + 1] == 'h') {
		s->len = LEN_HH;
		i += 2;
	} else if (i + 1 < n && f[i] == 'l' && f[i + 1] == 'l') {
		s->len = LEN_LL;
		i += 2;
	} else if (i < n && strchr("hlqLztj", f[i]) && f[i] != '\0') {
		switch (f[i]) {
		case 'h': s->len = LEN_H; break;
		case 'l': s->len = LEN_L; break;
		case 'q': s->len = LEN_LL; break;
		case 'L': s->len = LEN_BIGL; break;
		case 'z': s->len = LEN_Z; break;
		case 't': s->len = LEN_T; break;
		case 'j': s->len = LEN_J; break;
		}
		i++;
	}
	if (i >= n)
		return false;
	s->conv = f[i];
	s->end = i + 1;
	if (s->conv == '%') {
		s->arg = -1;
		return true;
	}
	if (type_for(s->conv, s->len) == ARG_NONE)
		return false;
	s->arg = pos >= 0 ? pos : (*next_arg)++;
	return true;
}

static void pad(struct cf_buf *out, int count)
{
	while (count-- > 0)
		cf_buf_append(out, " ", 1);
}

/* Appends text with the spec's width (counted in code points) and '-'. */
static void append_padded(struct cf_buf *out, const struct spec *s, int width, const char *text,
			  size_t len)
{
	size_t chars = 0, i;
	bool left = strchr(s->flags, '-') != NULL;

	for (i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			chars++;
	if (!left && width > 0 && (size_t)width > chars)
		pad(out, width - (int)chars);
	cf_buf_append(out, text, len);
	if (left && width > 0 && (size_t)width > chars)
		pad(out, width - (int)chars);
}

static void append_unichars(struct cf_buf *out, const UniChar *u, size_t n)
{
	CFStringRef s = CFStringCreateWithCharacters(NULL, u, (CFIndex)n);

	if (s == NULL)
		return;
	cf_buf_append_string(out, s);
	CFRelease(s);
}

/* The C library formats the numeric conversions; the format is built at
 * run time, so this wrapper has no format attribute (vsnprintf checks
 * nothing more than it would). */
static void buf_printf_built(struct cf_buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	cf_buf_reserve(b, (size_t)len);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)len;
}

/* Formats a printf conversion with the C library. */
static void append_c_conversion(struct cf_buf *out, const struct spec *s, int width,
				int precision, const union arg_value *v)
{
	char fmt[48];
	size_t k = 0;
	char conv = s->conv;
	long long iv = v->i;
	unsigned long long uv = (unsigned long long)v->i;

	fmt[k++] = '%';
	for (const char *f = s->flags; *f; f++)
		if (*f != '\'')
			fmt[k++] = *f;
	fmt[k] = '\0';
	if (width >= 0)
		k += (size_t)snprintf(fmt + k, sizeof(fmt) - k, "%d", width);
	if (precision >= 0)
		k += (size_t)snprintf(fmt + k, sizeof(fmt) - k, ".%d", precision);

	switch (conv) {
	case 'D': conv = 'd'; break;
	case 'U': conv = 'u'; break;
	case 'O': conv = 'o'; break;
	default: break;
	}
	switch (conv) {
	case 'd': case 'i':
		switch (s->len) {
		case LEN_HH: iv = (signed char)iv; break;
		case LEN_H: iv = (short)iv; break;
		case LEN_NONE: iv = (int)iv; break;
		default: break;
		}
		snprintf(fmt + k, sizeof(fmt) - k, "ll%c", conv);
		buf_printf_built(out, fmt, iv);
		return;
	case 'o': case 'u': case 'x': case 'X':
		switch (s->len) {
		case LEN_HH: uv = (unsigned char)uv; break;
		case LEN_H: uv = (unsigned short)uv; break;
		case LEN_NONE: uv = (unsigned int)uv; break;
		case LEN_L: uv = (unsigned long)uv; break;
		default: break;
		}
		snprintf(fmt + k, sizeof(fmt) - k, "ll%c", conv);
		buf_printf_built(out, fmt, uv);
		return;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
		if (s->len == LEN_BIGL) {
			snprintf(fmt + k, sizeof(fmt) - k, "L%c", conv);
			buf_printf_built(out, fmt, v->ld);
		} else {
			snprintf(fmt + k, sizeof(fmt) - k, "%c", conv);
			buf_printf_built(out, fmt, v->d);
		}
		return;
	case 'c':
		snprintf(fmt + k, sizeof(fmt) - k, "c");
		buf_printf_built(out, fmt, (int)(unsigned char)iv);
		return;
	case 'p':
		snprintf(fmt + k, sizeof(fmt) - k, "p");
		buf_printf_built(out, fmt, v->p);
		return;
	default:
		return;
	}
}

static void append_spec(struct cf_buf *out, const struct spec *s, const union arg_value *args)
{
	int width = s->width, precision = s->precision;
	const union arg_value *v = &args[s->arg];

	if (s->width_arg >= 0) {
		width = (int)args[s->width_arg].i;
		if (width < 0) {
			/* A negative '*' width means left-justify. */
			struct spec left = *s;
			size_t nf = strlen(left.flags);

			if (nf < sizeof(left.flags) - 1)
				left.flags[nf] = '-';
			left.width_arg = -1;
			left.width = -width;
			append_spec(out, &left, args);
			return;
		}
	}
	if (s->precision_arg >= 0) {
		precision = (int)args[s->precision_arg].i;
		if (precision < 0)
			precision = -1;
	}

	switch (s->conv) {
	case '@': {
		CFStringRef desc;
		size_t len;
		const char *p;

		if (v->p == NULL) {
			append_padded(out, s, width, "(null)", 6);
			return;
		}
		desc = cf_copy_format_description(v->p);
		p = cf_string_utf8(desc, &len);
		append_padded(out, s, width, p, len);
		CFRelease(desc);
		return;
	}
	case 's': {
		const char *str = v->p ? v->p : "(null)";
		size_t len = precision >= 0 ? strnlen(str, (size_t)precision) : strlen(str);

		append_padded(out, s, width, str, len);
		return;
	}
	case 'S': {
		const UniChar *u = v->p;
		size_t n = 0;
		struct cf_buf tmp = { 0 };

		if (u == NULL) {
			append_padded(out, s, width, "(null)", 6);
			return;
		}
		while (u[n] && (precision < 0 || n < (size_t)precision))
			n++;
		append_unichars(&tmp, u, n);
		append_padded(out, s, width, tmp.p ? tmp.p : "", tmp.len);
		cf_buf_free(&tmp);
		return;
	}
	case 'C': {
		UniChar c = (UniChar)v->i;
		struct cf_buf tmp = { 0 };

		append_unichars(&tmp, &c, 1);
		append_padded(out, s, width, tmp.p ? tmp.p : "", tmp.len);
		cf_buf_free(&tmp);
		return;
	}
	case 'n':
		/* Writing through %n is a classic exploit; it writes nothing. */
		return;
	default:
		append_c_conversion(out, s, width, precision, v);
		return;
	}
}

static void fetch_args(union arg_value *args, const enum arg_type *types, int count,
		       va_list ap)
{
	int i;

	for (i = 0; i < count; i++) {
		switch (types[i]) {
		case ARG_NONE:	/* a hole in positional numbering: assume int */
		case ARG_INT:
			args[i].i = va_arg(ap, int);
			break;
		case ARG_LONG:
			args[i].i = va_arg(ap, long);
			break;
		case ARG_LLONG:
			args[i].i = va_arg(ap, long long);
			break;
		case ARG_SIZE:
			args[i].i = (long long)va_arg(ap, size_t);
			break;
		case ARG_PTRDIFF:
			args[i].i = va_arg(ap, ptrdiff_t);
			break;
		case ARG_INTMAX:
			args[i].i = va_arg(ap, intmax_t);
			break;
		case ARG_DOUBLE:
			args[i].d = va_arg(ap, double);
			break;
		case ARG_LDOUBLE:
			args[i].ld = va_arg(ap, long double);
			break;
		case ARG_PTR:
			args[i].p = va_arg(ap, const void *);
			break;
		}
	}
}

static void note_type(enum arg_type *types, int *count, int index, enum arg_type t)
{
	if (index < 0 || index >= MAX_ARGS)
		return;
	if (types[index] == ARG_NONE)
		types[index] = t;
	if (index + 1 > *count)
		*count = index + 1;
}

void cf_format_append(struct cf_buf *out, CFStringRef format, va_list args)
{
	size_t n, i, nspecs = 0, cap = 0;
	const char *f = cf_string_utf8(format, &n);
	struct spec *specs = NULL;
	enum arg_type types[MAX_ARGS] = { 0 };
	union arg_value values[MAX_ARGS];
	int next_arg = 0, nargs = 0;
	size_t k, last;
	va_list ap;

	/* Pass 1: find the specs and the type of every argument. */
	for (i = 0; i < n; i++) {
		struct spec s;

		if (f[i] != '%')
			continue;
		if (!parse_spec(f, n, i, &s, &next_arg))
			continue;
		if (s.arg >= MAX_ARGS || s.width_arg >= MAX_ARGS || s.precision_arg >= MAX_ARGS)
			cf_fatal("CFStringCreateWithFormat(): more than %d arguments", MAX_ARGS);
		if (nspecs == cap) {
			cap = cap ? cap * 2 : 16;
			specs = realloc(specs, cap * sizeof(*specs));
			if (specs == NULL)
				cf_fatal("out of memory");
		}
		specs[nspecs++] = s;
		note_type(types, &nargs, s.width_arg, ARG_INT);
		note_type(types, &nargs, s.precision_arg, ARG_INT);
		if (s.arg >= 0)
			note_type(types, &nargs, s.arg, type_for(s.conv, s.len));
		i = s.end - 1;
	}

	va_copy(ap, args);
	fetch_args(values, types, nargs, ap);
	va_end(ap);

	/* Pass 2: copy the text between specs, format the specs. */
	last = 0;
	for (k = 0; k < nspecs; k++) {
		cf_buf_append(out, f + last, specs[k].start - last);
		if (specs[k].conv == '%')
			cf_buf_append(out, "%", 1);
		else
			append_spec(out, &specs[k], values);
		last = specs[k].end;
	}
	cf_buf_append(out, f + last, n - last);
	free(specs);
}
