/* CFString: immutable and mutable strings.
 *
 * The characters are kept as NUL-terminated UTF-8 (always valid: input that
 * is not is refused, and unpaired surrogates become U+FFFD), with the
 * length in UTF-16 units and an ASCII flag cached, so the common cases
 * (ASCII text, C-string access, appends) need no conversion.  Operations
 * that index by UTF-16 unit in non-ASCII text convert on the fly.
 *
 * CFSTR strings are static struct __CFConstStr objects: only the runtime
 * header, the byte pointer and the byte length exist for them, so every
 * reader goes through view_of(). */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf_internal.h"
#include "cf_string_tables.h"

struct __CFString {
	CFRuntimeBase base;
	char *bytes;		/* UTF-8, NUL-terminated */
	long byte_len;
	/* Not present in CFSTR constants. */
	CFIndex utf16_len;
	size_t capacity;	/* bytes allocated, NUL included */
	CFIndex max_length;	/* mutable strings: 0 = unlimited */
	bool ascii;
};

/* What every reader needs, for constant and ordinary strings alike. */
struct str_view {
	const uint8_t *p;
	size_t len;
	CFIndex units;
	bool ascii;
	bool valid;	/* false only for CFSTR text that is not UTF-8 */
};

#define REPLACEMENT_CHAR 0xFFFD

/* ---- UTF-8 ---- */

/* Decodes one code point at s[*i], strictly; returns -1 (and advances one
 * byte) on an invalid sequence. */
static int32_t utf8_decode_strict(const uint8_t *s, size_t len, size_t *i)
{
	uint8_t c = s[*i];
	uint32_t cp, min;
	size_t n, k;

	if (c < 0x80) {
		(*i)++;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 1;
		cp = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 2;
		cp = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		(*i)++;
		return -1;
	}
	if (len - *i <= n) {
		(*i)++;
		return -1;
	}
	for (k = 1; k <= n; k++) {
		uint8_t cc = s[*i + k];

		if ((cc & 0xC0) != 0x80) {
			(*i)++;
			return -1;
		}
		cp = (cp << 6) | (cc & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
		(*i)++;
		return -1;
	}
	*i += n + 1;
	return (int32_t)cp;
}

/* Lenient: invalid bytes read as U+FFFD (only CFSTR text can hold them). */
static uint32_t utf8_next(const uint8_t *s, size_t len, size_t *i)
{
	int32_t cp = utf8_decode_strict(s, len, i);

	return cp < 0 ? REPLACEMENT_CHAR : (uint32_t)cp;
}

static size_t utf8_encode(uint32_t cp, uint8_t out[4])
{
	if (cp < 0x80) {
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (uint8_t)(0xC0 | (cp >> 6));
		out[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (uint8_t)(0xE0 | (cp >> 12));
		out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (uint8_t)(0xF0 | (cp >> 18));
	out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

static void buf_append_cp(struct cf_buf *b, uint32_t cp)
{
	uint8_t tmp[4];

	cf_buf_append(b, tmp, utf8_encode(cp, tmp));
}

/* Scans UTF-8: false if invalid; otherwise its UTF-16 length and whether it
 * is ASCII. */
static bool utf8_scan(const uint8_t *s, size_t len, CFIndex *units, bool *ascii)
{
	size_t i = 0;
	CFIndex n = 0;
	bool all_ascii = true;

	while (i < len) {
		int32_t cp;

		if (s[i] < 0x80) {
			i++;
			n++;
			continue;
		}
		all_ascii = false;
		cp = utf8_decode_strict(s, len, &i);
		if (cp < 0)
			return false;
		n += cp >= 0x10000 ? 2 : 1;
	}
	*units = n;
	*ascii = all_ascii;
	return true;
}

/* ---- views and construction ---- */

static bool is_const(CFStringRef s)
{
	return (s->base._cfinfo & CF_INFO_STATIC) != 0;
}

static void view_of(CFStringRef s, struct str_view *v)
{
	v->p = (const uint8_t *)s->bytes;
	v->len = (size_t)s->byte_len;
	v->valid = true;
	if (!is_const(s)) {
		v->units = s->utf16_len;
		v->ascii = s->ascii;
		return;
	}
	/* Constants may hold any bytes the compiler accepted. */
	if (!utf8_scan(v->p, v->len, &v->units, &v->ascii)) {
		size_t i = 0;

		v->units = 0;
		v->ascii = false;
		v->valid = false;
		while (i < v->len)
			v->units += utf8_next(v->p, v->len, &i) >= 0x10000 ? 2 : 1;
	}
}

static struct str_view view(CFStringRef s, const char *func)
{
	struct str_view v;

	cf_check(s, CF_TYPE_STRING, func);
	view_of(s, &v);
	return v;
}

/* Takes ownership of a malloc'd, valid, NUL-terminated UTF-8 buffer. */
static struct __CFString *string_take(char *bytes, size_t len, size_t capacity,
				      CFIndex units, bool ascii, bool mutable_string)
{
	struct __CFString *s;

	if (len > LONG_MAX / 2)
		cf_fatal("CFString: string too long (%zu bytes)", len);
	s = cf_object_alloc(CF_TYPE_STRING, sizeof(*s), mutable_string ? CF_INFO_MUTABLE : 0);
	s->bytes = bytes;
	s->byte_len = (long)len;
	s->capacity = capacity;
	s->utf16_len = units;
	s->ascii = ascii;
	return s;
}

static struct __CFString *string_copy_valid(const void *bytes, size_t len, CFIndex units,
					    bool ascii, bool mutable_string)
{
	char *p = malloc(len + 1);

	if (p == NULL)
		cf_fatal("out of memory (%zu bytes)", len + 1);
	if (len)
		memcpy(p, bytes, len);
	p[len] = '\0';
	return string_take(p, len, len + 1, units, ascii, mutable_string);
}

CFStringRef cf_string_create_utf8(const char *bytes, size_t len, bool mutable_string)
{
	CFIndex units;
	bool ascii;

	if (!utf8_scan((const uint8_t *)bytes, len, &units, &ascii))
		return NULL;
	return string_copy_valid(bytes, len, units, ascii, mutable_string);
}

const char *cf_string_utf8(CFStringRef s, size_t *len)
{
	cf_check(s, CF_TYPE_STRING, "CFStringGetCStringPtr");
	if (len)
		*len = (size_t)s->byte_len;
	return s->bytes;
}

/* Replaces invalid sequences by U+FFFD, then hands the bytes to a string. */
CFStringRef cf_buf_to_string(struct cf_buf *b)
{
	CFIndex units;
	bool ascii;
	struct __CFString *s;

	if (b->p == NULL)
		cf_buf_reserve(b, 0);
	if (!utf8_scan((const uint8_t *)b->p, b->len, &units, &ascii)) {
		struct cf_buf clean = { 0 };
		size_t i = 0;

		while (i < b->len)
			buf_append_cp(&clean, utf8_next((const uint8_t *)b->p, b->len, &i));
		if (clean.p == NULL)
			cf_buf_reserve(&clean, 0);
		cf_buf_free(b);
		*b = clean;
		utf8_scan((const uint8_t *)b->p, b->len, &units, &ascii);
	}
	s = string_take(b->p, b->len, b->cap, units, ascii, false);
	b->p = NULL;
	b->len = b->cap = 0;
	return s;
}

/* ---- encodings ---- */

static bool encoding_is_utf16(CFStringEncoding enc)
{
	return enc == kCFStringEncodingUTF16 || enc == kCFStringEncodingUTF16BE ||
	       enc == kCFStringEncodingUTF16LE;
}

static bool encoding_is_utf32(CFStringEncoding enc)
{
	return enc == kCFStringEncodingUTF32 || enc == kCFStringEncodingUTF32BE ||
	       enc == kCFStringEncodingUTF32LE;
}

static bool encoding_is_8bit(CFStringEncoding enc)
{
	return enc == kCFStringEncodingMacRoman || enc == kCFStringEncodingISOLatin1 ||
	       enc == kCFStringEncodingWindowsLatin1 || enc == kCFStringEncodingASCII;
}

Boolean CFStringIsEncodingAvailable(CFStringEncoding encoding)
{
	return encoding == kCFStringEncodingUTF8 || encoding_is_8bit(encoding) ||
	       encoding_is_utf16(encoding) || encoding_is_utf32(encoding);
}

/* The code point of one byte in a single-byte encoding; -1 if invalid. */
static int32_t byte_to_cp(uint8_t c, CFStringEncoding enc)
{
	if (c < 0x80)
		return c;
	switch (enc) {
	case kCFStringEncodingMacRoman:
		return mac_roman_high[c - 0x80];
	case kCFStringEncodingISOLatin1:
		return c;
	case kCFStringEncodingWindowsLatin1:
		return c < 0xA0 ? cp1252_c1[c - 0x80] : c;
	default:
		return -1;
	}
}

/* The byte for a code point in a single-byte encoding; -1 if it has none. */
static int cp_to_byte(uint32_t cp, CFStringEncoding enc)
{
	unsigned i;

	if (cp < 0x80)
		return (int)cp;
	switch (enc) {
	case kCFStringEncodingMacRoman:
		for (i = 0; i < 128; i++)
			if (mac_roman_high[i] == cp)
				return (int)(0x80 + i);
		return -1;
	case kCFStringEncodingISOLatin1:
		return cp <= 0xFF ? (int)cp : -1;
	case kCFStringEncodingWindowsLatin1:
		if (cp >= 0xA0 && cp <= 0xFF)
			return (int)cp;
		for (i = 0; i < 32; i++)
			if (cp1252_c1[i] == cp)
				return (int)(0x80 + i);
		return -1;
	default:
		return -1;
	}
}

static bool host_is_big_endian(void)
{
	const uint16_t one = 1;

	return *(const uint8_t *)&one == 0;
}

/* Decodes bytes in any supported encoding into UTF-8; false if the bytes
 * are invalid or the encoding unsupported. */
static bool decode_to_utf8(struct cf_buf *out, const uint8_t *bytes, size_t len,
			   CFStringEncoding enc, bool external)
{
	size_t i = 0;

	if (enc == kCFStringEncodingUTF8) {
		CFIndex units;
		bool ascii;

		if (external && len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
			bytes += 3;
			len -= 3;
		}
		if (!utf8_scan(bytes, len, &units, &ascii))
			return false;
		cf_buf_append(out, bytes, len);
		return true;
	}
	if (encoding_is_8bit(enc)) {
		for (i = 0; i < len; i++) {
			int32_t cp = byte_to_cp(bytes[i], enc);

			if (cp < 0)
				return false;
			buf_append_cp(out, (uint32_t)cp);
		}
		return true;
	}
	if (encoding_is_utf16(enc)) {
		bool big = enc == kCFStringEncodingUTF16BE ||
			   (enc == kCFStringEncodingUTF16 && host_is_big_endian());

		if (len % 2)
			return false;
		if (enc == kCFStringEncodingUTF16 && len >= 2) {
			if (bytes[0] == 0xFE && bytes[1] == 0xFF) {
				big = true;
				i = 2;
			} else if (bytes[0] == 0xFF && bytes[1] == 0xFE) {
				big = false;
				i = 2;
			}
		}
		for (; i < len; i += 2) {
			uint32_t u = big ? (uint32_t)(bytes[i] << 8 | bytes[i + 1]) :
					   (uint32_t)(bytes[i + 1] << 8 | bytes[i]);

			if (u >= 0xD800 && u <= 0xDBFF && i + 3 < len) {
				uint32_t lo = big ? (uint32_t)(bytes[i + 2] << 8 | bytes[i + 3]) :
						    (uint32_t)(bytes[i + 3] << 8 | bytes[i + 2]);

				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					i += 2;
				}
			}
			if (u >= 0xD800 && u <= 0xDFFF)
				u = REPLACEMENT_CHAR;
			buf_append_cp(out, u);
		}
		return true;
	}
	if (encoding_is_utf32(enc)) {
		bool big = enc == kCFStringEncodingUTF32BE ||
			   (enc == kCFStringEncodingUTF32 && host_is_big_endian());

		if (len % 4)
			return false;
		if (enc == kCFStringEncodingUTF32 && len >= 4) {
			if (!memcmp(bytes, "\0\0\xFE\xFF", 4)) {
				big = true;
				i = 4;
			} else if (!memcmp(bytes, "\xFF\xFE\0\0", 4)) {
				big = false;
				i = 4;
			}
		}
		for (; i < len; i += 4) {
			uint32_t u = big ? ((uint32_t)bytes[i] << 24 | (uint32_t)bytes[i + 1] << 16 |
					    (uint32_t)bytes[i + 2] << 8 | bytes[i + 3]) :
					   ((uint32_t)bytes[i + 3] << 24 | (uint32_t)bytes[i + 2] << 16 |
					    (uint32_t)bytes[i + 1] << 8 | bytes[i]);

			if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF))
				return false;
			buf_append_cp(out, u);
		}
		return true;
	}
	return false;
}

/* ---- UTF-16 access ---- */

/* The whole string as UTF-16 (malloc'd; the caller frees). */
static UniChar *utf16_of(const struct str_view *v)
{
	UniChar *u = malloc(((size_t)v->units + 1) * sizeof(UniChar));
	size_t i = 0, n = 0;

	if (u == NULL)
		cf_fatal("out of memory");
	if (v->ascii) {
		for (i = 0; i < v->len; i++)
			u[i] = v->p[i];
		return u;
	}
	while (i < v->len) {
		uint32_t cp = utf8_next(v->p, v->len, &i);

		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[n++] = (UniChar)(0xD800 + (cp >> 10));
			u[n++] = (UniChar)(0xDC00 + (cp & 0x3FF));
		} else {
			u[n++] = (UniChar)cp;
		}
	}
	return u;
}

/* UTF-16 units to UTF-8; unpaired surrogates become U+FFFD. */
static void buf_append_utf16(struct cf_buf *b, const UniChar *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t c = u[i];

		if (c < 0x80) {
			char ch = (char)c;

			cf_buf_append(b, &ch, 1);
			continue;
		}
		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 &&
		    u[i + 1] <= 0xDFFF) {
			c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00u);
			i++;
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			c = REPLACEMENT_CHAR;
		}
		buf_append_cp(b, c);
	}
}

/* ---- class ---- */

static void string_finalize(CFTypeRef cf)
{
	struct __CFString *s = (struct __CFString *)cf;

	free(s->bytes);
}

static Boolean string_equal(CFTypeRef a, CFTypeRef b)
{
	struct str_view va, vb;
	size_t i = 0, j = 0;

	view_of(a, &va);
	view_of(b, &vb);
	if (va.units != vb.units)
		return false;
	if (va.len == vb.len && (va.len == 0 || memcmp(va.p, vb.p, va.len) == 0))
		return true;
	if (!is_const(a) && !is_const(b))
		return false;	/* both valid UTF-8: bytes decide */
	while (i < va.len && j < vb.len)
		if (utf8_next(va.p, va.len, &i) != utf8_next(vb.p, vb.len, &j))
			return false;
	return i == va.len && j == vb.len;
}

static CFHashCode string_hash(CFTypeRef cf)
{
	struct str_view v;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i = 0;

	view_of(cf, &v);
	while (i < v.len) {
		uint32_t cp = v.p[i] < 0x80 ? v.p[i++] : utf8_next(v.p, v.len, &i);

		h = (h ^ cp) * 0x100000001b3ULL;
	}
	return (CFHashCode)h;
}

static CFStringRef string_copy_debug_desc(CFTypeRef cf)
{
	struct cf_buf b = { 0 };

	cf_buf_append_prefix(&b, cf, "CFString");
	cf_buf_puts(&b, "{contents = \"");
	cf_buf_append_string(&b, cf);
	cf_buf_puts(&b, "\"}");
	return cf_buf_to_string(&b);
}

static CFStringRef string_copy_format_desc(CFTypeRef cf)
{
	return CFStringCreateCopy(NULL, cf);
}

const struct cf_class cf_string_class = {
	.name = "CFString",
	.finalize = string_finalize,
	.equal = string_equal,
	.hash = string_hash,
	.copy_debug_desc = string_copy_debug_desc,
	.copy_format_desc = string_copy_format_desc,
};

CFTypeID CFStringGetTypeID(void)
{
	return CF_TYPE_STRING;
}

/* ---- creation ---- */

CFStringRef CFStringCreateWithBytes(CFAllocatorRef alloc, const UInt8 *bytes, CFIndex numBytes,
				    CFStringEncoding encoding, Boolean isExternalRepresentation)
{
	struct cf_buf b = { 0 };

	(void)alloc;
	if (numBytes < 0 || (bytes == NULL && numBytes > 0))
		return NULL;
	if (!decode_to_utf8(&b, bytes, (size_t)numBytes, encoding, isExternalRepresentation)) {
		cf_buf_free(&b);
		return NULL;
	}
	return cf_buf_to_string(&b);
}

CFStringRef CFStringCreateWithBytesNoCopy(CFAllocatorRef alloc, const UInt8 *bytes,
					  CFIndex numBytes, CFStringEncoding encoding,
					  Boolean isExternalRepresentation,
					  CFAllocatorRef contentsDeallocator)
{
	/* The bytes are converted, so they are no longer needed. */
	CFStringRef s = CFStringCreateWithBytes(alloc, bytes, numBytes, encoding,
						isExternalRepresentation);

	if (s != NULL && !cf_allocator_is_null(contentsDeallocator))
		free((void *)bytes);
	return s;
}

CFStringRef CFStringCreateWithCString(CFAllocatorRef alloc, const char *cStr,
				      CFStringEncoding encoding)
{
	if (cStr == NULL)
		return NULL;
	return CFStringCreateWithBytes(alloc, (const UInt8 *)cStr, (CFIndex)strlen(cStr),
				       encoding, false);
}

CFStringRef CFStringCreateWithCStringNoCopy(CFAllocatorRef alloc, const char *cStr,
					    CFStringEncoding encoding,
					    CFAllocatorRef contentsDeallocator)
{
	CFStringRef s = CFStringCreateWithCString(alloc, cStr, encoding);

	if (s != NULL && !cf_allocator_is_null(contentsDeallocator))
		free((void *)cStr);
	return s;
}

CFStringRef CFStringCreateWithCharacters(CFAllocatorRef alloc, const UniChar *chars,
					 CFIndex numChars)
{
	struct cf_buf b = { 0 };

	(void)alloc;
	if (numChars < 0 || (chars == NULL && numChars > 0))
		return NULL;
	buf_append_utf16(&b, chars, (size_t)numChars);
	return cf_buf_to_string(&b);
}

CFStringRef CFStringCreateCopy(CFAllocatorRef alloc, CFStringRef theString)
{
	struct str_view v = view(theString, "CFStringCreateCopy");

	(void)alloc;
	/* Immutable strings are shared, as in CF. */
	if (!cf_is_mutable(theString))
		return CFRetain(theString);
	return string_copy_valid(v.p, v.len, v.units, v.ascii, false);
}

/* A new string holding units [range] of v. */
static struct __CFString *substring(const struct str_view *v, CFRange range, bool mutable_string)
{
	struct cf_buf b = { 0 };
	UniChar *u;
	CFStringRef s;

	if (v->ascii)
		return string_copy_valid(v->p + range.location, (size_t)range.length,
					 range.length, true, mutable_string);
	u = utf16_of(v);
	buf_append_utf16(&b, u + range.location, (size_t)range.length);
	free(u);
	s = cf_buf_to_string(&b);
	if (mutable_string)
		((struct __CFString *)s)->base._cfinfo |= CF_INFO_MUTABLE;
	return (struct __CFString *)s;
}

CFStringRef CFStringCreateWithSubstring(CFAllocatorRef alloc, CFStringRef str, CFRange range)
{
	struct str_view v = view(str, "CFStringCreateWithSubstring");

	(void)alloc;
	cf_check_range(range, v.units, "CFStringCreateWithSubstring");
	return substring(&v, range, false);
}

CFMutableStringRef CFStringCreateMutable(CFAllocatorRef alloc, CFIndex maxLength)
{
	struct __CFString *s;

	(void)alloc;
	s = string_copy_valid("", 0, 0, true, true);
	s->max_length = maxLength > 0 ? maxLength : 0;
	return s;
}

CFMutableStringRef CFStringCreateMutableCopy(CFAllocatorRef alloc, CFIndex maxLength,
					     CFStringRef theString)
{
	struct str_view v = view(theString, "CFStringCreateMutableCopy");
	struct __CFString *s;

	(void)alloc;
	if (maxLength > 0 && v.units > maxLength)
		cf_fatal("CFStringCreateMutableCopy(): string longer than maxLength %ld", maxLength);
	if (!v.valid) {
		struct cf_buf b = { 0 };

		cf_buf_append(&b, v.p, v.len);
		s = (struct __CFString *)cf_buf_to_string(&b);
		s->base._cfinfo |= CF_INFO_MUTABLE;
	} else {
		s = string_copy_valid(v.p, v.len, v.units, v.ascii, true);
	}
	s->max_length = maxLength > 0 ? maxLength : 0;
	return s;
}

CFDataRef CFStringCreateExternalRepresentation(CFAllocatorRef alloc, CFStringRef theString,
					       CFStringEncoding encoding, UInt8 lossByte)
{
	CFIndex len = CFStringGetLength(theString), used = 0, done;
	UInt8 *buf;
	CFDataRef data;

	done = CFStringGetBytes(theString, CFRangeMake(0, len), encoding, lossByte, true, NULL, 0,
				&used);
	if (done != len)
		return NULL;
	buf = malloc((size_t)used + 1);
	if (buf == NULL)
		cf_fatal("out of memory");
	CFStringGetBytes(theString, CFRangeMake(0, len), encoding, lossByte, true, buf, used, &used);
	data = CFDataCreate(alloc, buf, used);
	free(buf);
	return data;
}

CFStringRef CFStringCreateFromExternalRepresentation(CFAllocatorRef alloc, CFDataRef data,
						     CFStringEncoding encoding)
{
	return CFStringCreateWithBytes(alloc, CFDataGetBytePtr(data), CFDataGetLength(data),
				       encoding, true);
}

/* ---- contents ---- */

CFIndex CFStringGetLength(CFStringRef theString)
{
	return view(theString, "CFStringGetLength").units;
}

UniChar CFStringGetCharacterAtIndex(CFStringRef theString, CFIndex idx)
{
	struct str_view v = view(theString, "CFStringGetCharacterAtIndex");
	size_t i = 0;
	CFIndex unit = 0;

	if (idx < 0 || idx >= v.units)
		cf_fatal("CFStringGetCharacterAtIndex(): index %ld out of bounds (length %ld)", idx,
			 v.units);
	if (v.ascii)
		return v.p[idx];
	while (i < v.len) {
		uint32_t cp = utf8_next(v.p, v.len, &i);

		if (cp >= 0x10000) {
			cp -= 0x10000;
			if (unit == idx)
				return (UniChar)(0xD800 + (cp >> 10));
			if (unit + 1 == idx)
				return (UniChar)(0xDC00 + (cp & 0x3FF));
			unit += 2;
		} else {
			if (unit == idx)
				return (UniChar)cp;
			unit++;
		}
	}
	return 0;
}

void CFStringGetCharacters(CFStringRef theString, CFRange range, UniChar *buffer)
{
	struct str_view v = view(theString, "CFStringGetCharacters");
	UniChar *u;

	cf_check_range(range, v.units, "CFStringGetCharacters");
	u = utf16_of(&v);
	memcpy(buffer, u + range.location, (size_t)range.length * sizeof(UniChar));
	free(u);
}

const UniChar *CFStringGetCharactersPtr(CFStringRef theString)
{
	/* The storage is UTF-8; CF allows NULL here. */
	view(theString, "CFStringGetCharactersPtr");
	return NULL;
}

const char *CFStringGetCStringPtr(CFStringRef theString, CFStringEncoding encoding)
{
	struct str_view v = view(theString, "CFStringGetCStringPtr");

	if (memchr(v.p, '\0', v.len) != NULL)
		return NULL;
	if (encoding == kCFStringEncodingUTF8 && (!is_const(theString) || v.ascii ||
						  utf8_scan(v.p, v.len, &v.units, &v.ascii)))
		return (const char *)v.p;
	if (v.ascii && encoding_is_8bit(encoding))
		return (const char *)v.p;
	return NULL;
}

/* Encodes one code point; returns the byte count, 0 if the encoding cannot
 * hold it. */
static size_t encode_cp(uint32_t cp, CFStringEncoding enc, bool big, uint8_t out[4])
{
	int byte;

	if (enc == kCFStringEncodingUTF8)
		return utf8_encode(cp, out);
	if (encoding_is_8bit(enc)) {
		byte = enc == kCFStringEncodingASCII ? (cp < 0x80 ? (int)cp : -1) :
						       cp_to_byte(cp, enc);
		if (byte < 0)
			return 0;
		out[0] = (uint8_t)byte;
		return 1;
	}
	if (encoding_is_utf32(enc)) {
		if (big) {
			out[0] = (uint8_t)(cp >> 24);
			out[1] = (uint8_t)(cp >> 16);
			out[2] = (uint8_t)(cp >> 8);
			out[3] = (uint8_t)cp;
		} else {
			out[3] = (uint8_t)(cp >> 24);
			out[2] = (uint8_t)(cp >> 16);
			out[1] = (uint8_t)(cp >> 8);
			out[0] = (uint8_t)cp;
		}
		return 4;
	}
	return 0;
}

CFIndex CFStringGetBytes(CFStringRef theString, CFRange range, CFStringEncoding encoding,
			 UInt8 lossByte, Boolean isExternalRepresentation, UInt8 *buffer,
			 CFIndex maxBufLen, CFIndex *usedBufLen)
{
	struct str_view v = view(theString, "CFStringGetBytes");
	bool utf16 = encoding_is_utf16(encoding);
	bool big;
	UniChar *u;
	CFIndex i, used = 0;
	uint8_t tmp[8];
	size_t n;

	cf_check_range(range, v.units, "CFStringGetBytes");
	if (!CFStringIsEncodingAvailable(encoding)) {
		if (usedBufLen)
			*usedBufLen = 0;
		return 0;
	}
	big = encoding == kCFStringEncodingUTF16BE || encoding == kCFStringEncodingUTF32BE ||
	      ((encoding == kCFStringEncodingUTF16 || encoding == kCFStringEncodingUTF32) &&
	       (isExternalRepresentation || host_is_big_endian()));
	if (buffer == NULL)
		maxBufLen = LONG_MAX;

	if (isExternalRepresentation && (encoding == kCFStringEncodingUTF16 ||
					 encoding == kCFStringEncodingUTF32)) {
		/* Big-endian with a byte-order mark, as CF writes. */
		n = encoding == kCFStringEncodingUTF16 ? 2 : 4;
		memcpy(tmp, encoding == kCFStringEncodingUTF16 ? "\xFE\xFF" : "\0\0\xFE\xFF", n);
		if ((CFIndex)n > maxBufLen) {
			if (usedBufLen)
				*usedBufLen = 0;
			return 0;
		}
		if (buffer)
			memcpy(buffer, tmp, n);
		used = (CFIndex)n;
	}

	u = utf16_of(&v);
	for (i = range.location; i < range.location + range.length;) {
		uint32_t c = u[i];
		CFIndex width = 1;

		if (c >= 0xD800 && c <= 0xDBFF && i + 1 < range.location + range.length &&
		    u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
			c = 0x10000 + ((c - 0xD800) << 10) + (u[i + 1] - 0xDC00u);
			width = 2;
		}
		if (utf16) {
			n = 0;
			for (CFIndex k = 0; k < width; k++) {
				UniChar unit = u[i + k];

				tmp[n++] = big ? (uint8_t)(unit >> 8) : (uint8_t)unit;
				tmp[n++] = big ? (uint8_t)unit : (uint8_t)(unit >> 8);
			}
		} else if (c >= 0xD800 && c <= 0xDFFF) {
			n = 0;	/* a lone surrogate has no encoding but UTF-16 */
		} else {
			n = encode_cp(c, encoding, big, tmp);
		}
		if (n == 0) {
			if (lossByte == 0)
				break;
			tmp[0] = lossByte;
			n = 1;
		}
		if ((CFIndex)n > maxBufLen - used)
			break;
		if (buffer)
			memcpy(buffer + used, tmp, n);
		used += (CFIndex)n;
		i += width;
	}
	free(u);
	if (usedBufLen)
		*usedBufLen = used;
	return i - range.location;
}

Boolean CFStringGetCString(CFStringRef theString, char *buffer, CFIndex bufferSize,
			   CFStringEncoding encoding)
{
	CFIndex len = CFStringGetLength(theString), used = 0, done;

	if (buffer == NULL || bufferSize < 1)
		return false;
	done = CFStringGetBytes(theString, CFRangeMake(0, len), encoding, 0, false,
				(UInt8 *)buffer, bufferSize - 1, &used);
	if (done != len) {
		buffer[0] = '\0';
		return false;
	}
	buffer[used] = '\0';
	return true;
}

CFIndex CFStringGetMaximumSizeForEncoding(CFIndex length, CFStringEncoding encoding)
{
	CFIndex per;

	if (length < 0)
		return kCFNotFound;
	if (encoding == kCFStringEncodingUTF8)
		per = 3;
	else if (encoding_is_8bit(encoding))
		per = 1;
	else if (encoding_is_utf16(encoding))
		per = 2;
	else if (encoding_is_utf32(encoding))
		per = 4;
	else
		return kCFNotFound;
	if (length > LONG_MAX / per)
		return kCFNotFound;
	return length * per;
}

CFIndex CFStringGetMaximumSizeOfFileSystemRepresentation(CFStringRef string)
{
	CFIndex n = CFStringGetMaximumSizeForEncoding(CFStringGetLength(string),
						      kCFStringEncodingUTF8);

	return n == kCFNotFound ? kCFNotFound : n + 1;
}

Boolean CFStringGetFileSystemRepresentation(CFStringRef string, char *buffer, CFIndex maxBufLen)
{
	/* Linux file names are bytes; UTF-8 without normalisation. */
	return CFStringGetCString(string, buffer, maxBufLen, kCFStringEncodingUTF8);
}

CFStringEncoding CFStringGetSystemEncoding(void)
{
	/* macOS answers MacRoman; Linux's text is UTF-8. */
	return kCFStringEncodingUTF8;
}

CFStringEncoding CFStringGetFastestEncoding(CFStringRef theString)
{
	view(theString, "CFStringGetFastestEncoding");
	return kCFStringEncodingUTF8;
}

CFStringEncoding CFStringGetSmallestEncoding(CFStringRef theString)
{
	return view(theString, "CFStringGetSmallestEncoding").ascii ? kCFStringEncodingASCII :
								     kCFStringEncodingUTF8;
}

SInt32 CFStringGetIntValue(CFStringRef str)
{
	struct str_view v = view(str, "CFStringGetIntValue");
	size_t i = 0;
	bool negative = false;
	long long value = 0;

	while (i < v.len && (v.p[i] == ' ' || v.p[i] == '\t' || v.p[i] == '\n' || v.p[i] == '\r'))
		i++;
	if (i < v.len && (v.p[i] == '+' || v.p[i] == '-'))
		negative = v.p[i++] == '-';
	for (; i < v.len && v.p[i] >= '0' && v.p[i] <= '9'; i++) {
		value = value * 10 + (v.p[i] - '0');
		if (value > (long long)INT32_MAX + 1)
			value = (long long)INT32_MAX + 1;
	}
	if (negative)
		return (SInt32)-value;
	return value > INT32_MAX ? INT32_MAX : (SInt32)value;
}

double CFStringGetDoubleValue(CFStringRef str)
{
	struct str_view v = view(str, "CFStringGetDoubleValue");
	char *copy = strndup((const char *)v.p, v.len);
	double d;

	if (copy == NULL)
		cf_fatal("out of memory");
	d = strtod(copy, NULL);
	free(copy);
	return d;
}

/* ---- comparison ---- */

/* Simple case folding: ASCII, Latin-1, Latin Extended-A, basic Greek and
 * Cyrillic. */
static UniChar fold_case(UniChar c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? (UniChar)(c + 32) : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return (UniChar)(c + 32);
	if (c == 0x178)
		return 0xFF;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (UniChar)(c | 1);
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? (UniChar)(c + 1) : c;
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2)
		return (UniChar)(c + 32);
	if (c >= 0x410 && c <= 0x42F)
		return (UniChar)(c + 32);
	if (c >= 0x400 && c <= 0x40F)
		return (UniChar)(c + 80);
	return c;
}

static UniChar upper_case(UniChar c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') ? (UniChar)(c - 32) : c;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return (UniChar)(c - 32);
	if (c == 0xFF)
		return 0x178;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (UniChar)(c & ~1);
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (c & 1) ? c : (UniChar)(c - 1);
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return (UniChar)(c - 32);
	if (c >= 0x430 && c <= 0x44F)
		return (UniChar)(c - 32);
	if (c >= 0x450 && c <= 0x45F)
		return (UniChar)(c - 80);
	return c;
}

static bool is_digit(UniChar c)
{
	return c >= '0' && c <= '9';
}

static CFComparisonResult compare_units(const UniChar *a, size_t na, const UniChar *b, size_t nb,
					CFStringCompareFlags options)
{
	bool fold = options & kCFCompareCaseInsensitive;
	bool numeric = options & kCFCompareNumerically;
	size_t i = 0, j = 0;

	while (i < na && j < nb) {
		if (numeric && is_digit(a[i]) && is_digit(b[j])) {
			size_t si, sj, li, lj, k;

			while (i < na && a[i] == '0' && i + 1 < na && is_digit(a[i + 1]))
				i++;
			while (j < nb && b[j] == '0' && j + 1 < nb && is_digit(b[j + 1]))
				j++;
			for (si = i; i < na && is_digit(a[i]); i++)
				;
			for (sj = j; j < nb && is_digit(b[j]); j++)
				;
			li = i - si;
			lj = j - sj;
			if (li != lj)
				return li < lj ? kCFCompareLessThan : kCFCompareGreaterThan;
			for (k = 0; k < li; k++)
				if (a[si + k] != b[sj + k])
					return a[si + k] < b[sj + k] ? kCFCompareLessThan :
								       kCFCompareGreaterThan;
			continue;
		}
		UniChar ca = fold ? fold_case(a[i]) : a[i];
		UniChar cb = fold ? fold_case(b[j]) : b[j];

		if (ca != cb)
			return ca < cb ? kCFCompareLessThan : kCFCompareGreaterThan;
		i++;
		j++;
	}
	if (i < na)
		return kCFCompareGreaterThan;
	if (j < nb)
		return kCFCompareLessThan;
	return kCFCompareEqualTo;
}

CFComparisonResult CFStringCompareWithOptions(CFStringRef theString1, CFStringRef theString2,
					      CFRange rangeToCompare,
					      CFStringCompareFlags compareOptions)
{
	struct str_view v1 = view(theString1, "CFStringCompare");
	struct str_view v2 = view(theString2, "CFStringCompare");
	CFComparisonResult r;
	UniChar *u1, *u2;

	cf_check_range(rangeToCompare, v1.units, "CFStringCompareWithOptions");
	if (v1.ascii && v2.ascii && !(compareOptions & (kCFCompareCaseInsensitive |
							kCFCompareNumerically))) {
		/* For ASCII, byte order is UTF-16 order. */
		size_t n1 = (size_t)rangeToCompare.length, n2 = v2.len;
		int c = memcmp(v1.p + rangeToCompare.location, v2.p, n1 < n2 ? n1 : n2);

		if (c != 0)
			return c < 0 ? kCFCompareLessThan : kCFCompareGreaterThan;
		return n1 == n2 ? kCFCompareEqualTo :
				  (n1 < n2 ? kCFCompareLessThan : kCFCompareGreaterThan);
	}
	u1 = utf16_of(&v1);
	u2 = utf16_of(&v2);
	r = compare_units(u1 + rangeToCompare.location, (size_t)rangeToCompare.length, u2,
			  (size_t)v2.units, compareOptions);
	free(u1);
	free(u2);
	return r;
}

CFComparisonResult CFStringCompare(CFStringRef theString1, CFStringRef theString2,
				   CFStringCompareFlags compareOptions)
{
	return CFStringCompareWithOptions(theString1, theString2,
					  CFRangeMake(0, CFStringGetLength(theString1)),
					  compareOptions);
}

static bool units_match(const UniChar *a, const UniChar *b, size_t n, bool fold)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fold ? fold_case(a[i]) != fold_case(b[i]) : a[i] != b[i])
			return false;
	return true;
}

Boolean CFStringFindWithOptions(CFStringRef theString, CFStringRef stringToFind,
				CFRange rangeToSearch, CFStringCompareFlags searchOptions,
				CFRange *result)
{
	struct str_view v = view(theString, "CFStringFindWithOptions");
	struct str_view f = view(stringToFind, "CFStringFindWithOptions");
	bool fold = searchOptions & kCFCompareCaseInsensitive;
	bool backwards = searchOptions & kCFCompareBackwards;
	bool anchored = searchOptions & kCFCompareAnchored;
	CFIndex first, last, pos, step;
	UniChar *u, *uf;
	bool found = false;

	cf_check_range(rangeToSearch, v.units, "CFStringFindWithOptions");
	if (f.units == 0 || f.units > rangeToSearch.length)
		return false;
	u = utf16_of(&v);
	uf = utf16_of(&f);
	first = rangeToSearch.location;
	last = rangeToSearch.location + rangeToSearch.length - f.units;
	if (anchored) {
		if (backwards)
			first = last;
		else
			last = first;
	}
	pos = backwards ? last : first;
	step = backwards ? -1 : 1;
	for (; pos >= first && pos <= last; pos += step) {
		if (units_match(u + pos, uf, (size_t)f.units, fold)) {
			found = true;
			break;
		}
	}
	free(u);
	free(uf);
	if (found && result)
		*result = CFRangeMake(pos, f.units);
	return found;
}

CFRange CFStringFind(CFStringRef theString, CFStringRef stringToFind,
		     CFStringCompareFlags compareOptions)
{
	CFRange r;

	if (CFStringFindWithOptions(theString, stringToFind,
				    CFRangeMake(0, CFStringGetLength(theString)), compareOptions,
				    &r))
		return r;
	return CFRangeMake(kCFNotFound, 0);
}

Boolean CFStringHasPrefix(CFStringRef theString, CFStringRef prefix)
{
	return CFStringFindWithOptions(theString, prefix,
				       CFRangeMake(0, CFStringGetLength(theString)),
				       kCFCompareAnchored, NULL);
}

Boolean CFStringHasSuffix(CFStringRef theString, CFStringRef suffix)
{
	return CFStringFindWithOptions(theString, suffix,
				       CFRangeMake(0, CFStringGetLength(theString)),
				       kCFCompareAnchored | kCFCompareBackwards, NULL);
}

CFArrayRef CFStringCreateArrayBySeparatingStrings(CFAllocatorRef alloc, CFStringRef theString,
						  CFStringRef separatorString)
{
	CFMutableArrayRef parts = CFArrayCreateMutable(alloc, 0, &kCFTypeArrayCallBacks);
	CFIndex len = CFStringGetLength(theString), start = 0;
	CFRange found;
	CFArrayRef result;

	while (start <= len && CFStringGetLength(separatorString) > 0 &&
	       CFStringFindWithOptions(theString, separatorString,
				       CFRangeMake(start, len - start), 0, &found)) {
		CFStringRef part = CFStringCreateWithSubstring(alloc, theString,
							       CFRangeMake(start, found.location - start));

		CFArrayAppendValue(parts, part);
		CFRelease(part);
		start = found.location + found.length;
	}
	{
		CFStringRef part = CFStringCreateWithSubstring(alloc, theString,
							       CFRangeMake(start, len - start));

		CFArrayAppendValue(parts, part);
		CFRelease(part);
	}
	result = CFArrayCreateCopy(alloc, parts);
	CFRelease(parts);
	return result;
}

CFStringRef CFStringCreateByCombiningStrings(CFAllocatorRef alloc, CFArrayRef theArray,
					     CFStringRef separatorString)
{
	struct cf_buf b = { 0 };
	CFIndex i, n = CFArrayGetCount(theArray);

	(void)alloc;
	for (i = 0; i < n; i++) {
		CFStringRef part = CFArrayGetValueAtIndex(theArray, i);

		cf_check(part, CF_TYPE_STRING, "CFStringCreateByCombiningStrings");
		if (i > 0)
			cf_buf_append_string(&b, separatorString);
		cf_buf_append_string(&b, part);
	}
	return cf_buf_to_string(&b);
}

/* ---- editing ---- */

static void check_max_length(struct __CFString *s, CFIndex new_units, const char *func)
{
	if (s->max_length > 0 && new_units > s->max_length)
		cf_fatal("%s(): would exceed the string's maxLength %ld", func, s->max_length);
}

/* Appends valid UTF-8 with known length and ASCII-ness. */
static void append_valid(struct __CFString *s, const void *bytes, size_t len, CFIndex units,
			 bool ascii, const char *func)
{
	size_t need;

	check_max_length(s, s->utf16_len + units, func);
	if (len > (size_t)LONG_MAX / 2 - (size_t)s->byte_len)
		cf_fatal("%s(): string too long", func);
	need = (size_t)s->byte_len + len + 1;
	if (need > s->capacity) {
		size_t cap = s->capacity * 2 > need ? s->capacity * 2 : need;
		/* The bytes may be the string's own (appending to itself). */
		bool inside = (const char *)bytes >= s->bytes &&
			      (const char *)bytes < s->bytes + s->capacity;
		size_t offset = inside ? (size_t)((const char *)bytes - s->bytes) : 0;
		char *p = realloc(s->bytes, cap);

		if (p == NULL)
			cf_fatal("out of memory (%zu bytes)", cap);
		s->bytes = p;
		s->capacity = cap;
		if (inside)
			bytes = p + offset;
	}
	memmove(s->bytes + s->byte_len, bytes, len);
	s->byte_len += (long)len;
	s->bytes[s->byte_len] = '\0';
	s->utf16_len += units;
	s->ascii = s->ascii && ascii;
}

/* Replaces the contents with valid UTF-8 taken from a buffer. */
static void set_contents(struct __CFString *s, struct cf_buf *b, const char *func)
{
	CFIndex units;
	bool ascii;

	if (b->p == NULL)
		cf_buf_reserve(b, 0);
	utf8_scan((const uint8_t *)b->p, b->len, &units, &ascii);
	check_max_length(s, units, func);
	free(s->bytes);
	s->bytes = b->p;
	s->byte_len = (long)b->len;
	s->capacity = b->cap;
	s->utf16_len = units;
	s->ascii = ascii;
	b->p = NULL;
	b->len = b->cap = 0;
}

void CFStringAppend(CFMutableStringRef theString, CFStringRef appendedString)
{
	struct str_view v;

	cf_check_mutable(theString, CF_TYPE_STRING, "CFStringAppend");
	v = view(appendedString, "CFStringAppend");
	if (is_const(appendedString) && !v.ascii) {
		/* Constant text may be invalid UTF-8: go through the cleaner. */
		struct cf_buf b = { 0 };
		CFStringRef clean;

		cf_buf_append(&b, v.p, v.len);
		clean = cf_buf_to_string(&b);
		CFStringAppend(theString, clean);
		CFRelease(clean);
		return;
	}
	append_valid(theString, v.p, v.len, v.units, v.ascii, "CFStringAppend");
}

void CFStringAppendCharacters(CFMutableStringRef theString, const UniChar *chars,
			      CFIndex numChars)
{
	CFStringRef add;

	cf_check_mutable(theString, CF_TYPE_STRING, "CFStringAppendCharacters");
	add = CFStringCreateWithCharacters(NULL, chars, numChars);
	if (add == NULL)
		cf_fatal("CFStringAppendCharacters(): invalid arguments");
	CFStringAppend(theString, add);
	CFRelease(add);
}

void CFStringAppendCString(CFMutableStringRef theString, const char *cStr,
			   CFStringEncoding encoding)
{
	CFStringRef add;

	cf_check_mutable(theString, CF_TYPE_STRING, "CFStringAppendCString");
	add = CFStringCreateWithCString(NULL, cStr, encoding);
	/* CF appends nothing when the bytes do not convert. */
	if (add == NULL)
		return;
	CFStringAppend(theString, add);
	CFRelease(add);
}

void CFStringAppendFormatAndArguments(CFMutableStringRef theString, CFDictionaryRef formatOptions,
				      CFStringRef format, va_list arguments)
{
	struct cf_buf b = { 0 };
	CFStringRef add;

	(void)formatOptions;
	cf_check_mutable(theString, CF_TYPE_STRING, "CFStringAppendFormat");
	cf_format_append(&b, format, arguments);
	add = cf_buf_to_string(&b);
	CFStringAppend(theString, add);
	CFRelease(add);
}

void CFStringAppendFormat(CFMutableStringRef theString, CFDictionaryRef formatOptions,
			  CFStringRef format, ...)
{
	va_list ap;

	va_start(ap, format);
	CFStringAppendFormatAndArguments(theString, formatOptions, format, ap);
	va_end(ap);
}

CFStringRef CFStringCreateWithFormatAndArguments(CFAllocatorRef alloc,
						 CFDictionaryRef formatOptions,
						 CFStringRef format, va_list arguments)
{
	struct cf_buf b = { 0 };

	(void)alloc;
	(void)formatOptions;
	cf_format_append(&b, format, arguments);
	return cf_buf_to_string(&b);
}

CFStringRef CFStringCreateWithFormat(CFAllocatorRef alloc, CFDictionaryRef formatOptions,
				     CFStringRef format, ...)
{
	va_list ap;
	CFStringRef s;

	va_start(ap, format);
	s = CFStringCreateWithFormatAndArguments(alloc, formatOptions, format, ap);
	va_end(ap);
	return s;
}

void CFStringReplace(CFMutableStringRef theString, CFRange range, CFStringRef replacement)
{
	struct str_view v, r;
	struct cf_buf b = { 0 };
	UniChar *u, *ur;

	cf_check_mutable(theString, CF_TYPE_STRING, "CFStringReplace");
	v = view(theString, "CFStringReplace");
	r = view(replacement, "CFStringReplace");
	cf_check_range(range, v.units, "CFStringReplace");
	if (v.ascii && r.ascii) {
		cf_buf_append(&b, v.p, (size_t)range.location);
		cf_buf_append(&b, r.p, r.len);
		cf_buf_append(&b, v.p + range.location + range.length,
			      v.len - (size_t)(range.location + range.length));
	} else {
		u = utf16_of(&v);
		ur = utf16_of(&r);
		buf_append_utf16(&b, u, (size_t)range.location);
		buf_append_utf16(&b, ur, (size_t)r.units);
		buf_append_utf16(&b, u + range.location + range.length,
				 (size_t)(v.units - range.location - range.length));
		free(u);
		free(ur);
	}
	set_contents(theString, &b, "CFStringReplace");
}

void CFStringInsert(CFMutableStringRef str, CFIndex idx, CFStringRef insertedStr)
{
	CFStringReplace(str, CFRangeMake(idx, 0), insertedStr);
}

void CFStringDelete(CFMutableStringRef theString, CFRange range)
{
	CFStringReplace(theString, range, CFSTR(""));
}

void CFStringReplaceAll(CFMutableStringRef theString, CFStringRef replacement)
{
	CFStringReplace(theString, CFRangeMake(0, CFStringGetLength(theString)), replacement);
}

static void change_case(CFMutableStringRef theString, bool upper, const char *func)
{
	struct str_view v;
	struct cf_buf b = { 0 };
	UniChar *u;
	CFIndex i;

	cf_check_mutable(theString, CF_TYPE_STRING, func);
	v = view(theString, func);
	u = utf16_of(&v);
	for (i = 0; i < v.units; i++)
		u[i] = upper ? upper_case(u[i]) : fold_case(u[i]);
	buf_append_utf16(&b, u, (size_t)v.units);
	free(u);
	set_contents(theString, &b, func);
}

void CFStringUppercase(CFMutableStringRef theString, const void *localeTBD)
{
	(void)localeTBD;
	change_case(theString, true, "CFStringUppercase");
}

void CFStringLowercase(CFMutableStringRef theString, const void *localeTBD)
{
	(void)localeTBD;
	change_case(theString, false, "CFStringLowercase");
}
