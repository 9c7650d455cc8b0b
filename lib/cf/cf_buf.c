/* A growable text buffer for descriptions and formatting. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf_internal.h"

void cf_buf_reserve(struct cf_buf *b, size_t extra)
{
	size_t need;
	char *p;

	if (extra > SIZE_MAX / 2 - b->len - 1)
		cf_fatal("cf_buf: size overflow");
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (need < b->cap * 2)
		need = b->cap * 2;
	if (need < 64)
		need = 64;
	p = realloc(b->p, need);
	if (p == NULL)
		cf_fatal("out of memory (%zu bytes)", need);
	b->p = p;
	b->cap = need;
}

void cf_buf_append(struct cf_buf *b, const void *bytes, size_t len)
{
	cf_buf_reserve(b, len);
	if (len)
		memcpy(b->p + b->len, bytes, len);
	b->len += len;
	b->p[b->len] = '\0';
}

void cf_buf_puts(struct cf_buf *b, const char *s)
{
	cf_buf_append(b, s, strlen(s));
}

void cf_buf_printf(struct cf_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	cf_buf_reserve(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void cf_buf_append_string(struct cf_buf *b, CFStringRef s)
{
	size_t len;
	const char *p = cf_string_utf8(s, &len);

	cf_buf_append(b, p, len);
}

void cf_buf_append_description(struct cf_buf *b, CFTypeRef cf)
{
	CFStringRef desc;

	if (cf == NULL) {
		cf_buf_puts(b, "(null)");
		return;
	}
	desc = CFCopyDescription(cf);
	cf_buf_append_string(b, desc);
	CFRelease(desc);
}

void cf_buf_append_prefix(struct cf_buf *b, CFTypeRef cf, const char *type_name)
{
	cf_buf_printf(b, "<%s %p [%p]>", type_name, cf, cf_allocator_description_address);
}

void cf_buf_free(struct cf_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
