/* IOCFSerialize and IOCFUnserialize (IOKit/IOCFSerialize.h,
 * IOKit/IOCFUnserialize.h): CF objects to and from IOKit's XML dialect and
 * its binary format.
 *
 * XML out, as IOKitLib writes it: one bare element, NUL-terminated (the
 * NUL is part of the data); a first pass counts containers, strings,
 * numbers and data by pointer identity, and any seen twice gets ID="n" on
 * its first start tag and is written <tag IDREF="n"/> after that;
 * <integer size="8|16|32|64">0x...</integer> from the CFNumber type, floats
 * truncated to an integer of size 64 (IOKit's XML has no reals); data as
 * base64 on one line; a type it cannot carry becomes "<string>typeID 0x%x
 * not serializable</string>".  kIOCFSerializeToBinary gives the binary
 * format (floats kept).  Any other option: NULL.
 *
 * In: the XML reader of the model (fragments, ID/IDREF, size=, sets) or
 * the binary reader, by the buffer's signature; containers come back
 * mutable.  Errors: NULL and, if asked, a CFString saying where.
 * Stateless; thread-safe. */
#include "iokit_internal.h"

#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include <IOKit/IOCFSerialize.h>
#include <IOKit/IOCFUnserialize.h>

#include "cf_reg_value.h"
#include "value_binary.h"
#include "value_xml.h"

struct ser {
	CFMutableDataRef out;
	CFMutableDictionaryRef seen;	/* object -> count, then -> ID number */
	int next_id;
	bool ok;
};

static const CFDictionaryKeyCallBacks identity_keys = { 0, NULL, NULL, NULL, NULL, NULL };

static bool shareable(CFTypeRef o)
{
	CFTypeID t = CFGetTypeID(o);

	return t == CFDictionaryGetTypeID() || t == CFArrayGetTypeID() || t == CFSetGetTypeID() ||
	       t == CFStringGetTypeID() || t == CFNumberGetTypeID() || t == CFDataGetTypeID();
}

static void scan(struct ser *s, CFTypeRef o);

static void scan_applier(const void *value, void *ctx)
{
	scan(ctx, value);
}

static void scan_dict_applier(const void *key, const void *value, void *ctx)
{
	(void)key;
	scan(ctx, value);
}

/* Counts references; descends into a container the first time only. */
static void scan(struct ser *s, CFTypeRef o)
{
	intptr_t n;
	CFTypeID t;

	if (!o || !shareable(o))
		return;
	n = (intptr_t)CFDictionaryGetValue(s->seen, o);
	CFDictionarySetValue(s->seen, o, (const void *)(n + 1));
	if (n)
		return;
	t = CFGetTypeID(o);
	if (t == CFDictionaryGetTypeID())
		CFDictionaryApplyFunction(o, scan_dict_applier, s);
	else if (t == CFArrayGetTypeID())
		CFArrayApplyFunction(o, CFRangeMake(0, CFArrayGetCount(o)), scan_applier, s);
	else if (t == CFSetGetTypeID())
		CFSetApplyFunction(o, scan_applier, s);
}

static void put(struct ser *s, const char *text)
{
	CFDataAppendBytes(s->out, (const UInt8 *)text, (CFIndex)strlen(text));
}

static void put_escaped(struct ser *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '<')
			put(s, "&lt;");
		else if (p[i] == '>')
			put(s, "&gt;");
		else if (p[i] == '&')
			put(s, "&amp;");
		else
			CFDataAppendBytes(s->out, (const UInt8 *)&p[i], 1);
	}
}

/* The start tag (with ID when shared), or the IDREF form: returns false
 * when the object was written as a reference and nothing follows. */
static bool start_tag(struct ser *s, CFTypeRef o, const char *tag, const char *extra)
{
	intptr_t n = (intptr_t)CFDictionaryGetValue(s->seen, o);
	char text[160];

	if (n < 0) {	/* already written: -(id + 1) */
		snprintf(text, sizeof(text), "<%s IDREF=\"%ld\"/>", tag, (long)(-n - 1));
		put(s, text);
		return false;
	}
	if (n > 1) {
		int id = s->next_id++;

		CFDictionarySetValue(s->seen, o, (const void *)(intptr_t)(-id - 1));
		snprintf(text, sizeof(text), "<%s ID=\"%d\"%s%s>", tag, id, extra ? " " : "",
			 extra ? extra : "");
	} else {
		snprintf(text, sizeof(text), "<%s%s%s>", tag, extra ? " " : "", extra ? extra : "");
	}
	put(s, text);
	return true;
}

static void put_cfstring(struct ser *s, CFStringRef str)
{
	CFIndex max = CFStringGetMaximumSizeForEncoding(CFStringGetLength(str),
							 kCFStringEncodingUTF8) + 1;
	char *buf = malloc((size_t)max);

	if (!buf || !CFStringGetCString(str, buf, max, kCFStringEncodingUTF8)) {
		s->ok = false;
		free(buf);
		return;
	}
	put_escaped(s, buf, strlen(buf));
	free(buf);
}

static void write_xml(struct ser *s, CFTypeRef o);

static void dict_member(const void *key, const void *value, void *ctx)
{
	struct ser *s = ctx;

	if (CFGetTypeID(key) != CFStringGetTypeID()) {
		s->ok = false;
		return;
	}
	put(s, "<key>");
	put_cfstring(s, key);
	put(s, "</key>");
	write_xml(s, value);
}

static void list_member(const void *value, void *ctx)
{
	write_xml(ctx, value);
}

static void put_base64(struct ser *s, const UInt8 *p, CFIndex n)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (CFIndex i = 0; i < n; i += 3) {
		uint32_t w = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		char q[4] = { digits[w >> 18 & 63], digits[w >> 12 & 63],
			      i + 1 < n ? digits[w >> 6 & 63] : '=', i + 2 < n ? digits[w & 63] : '=' };

		CFDataAppendBytes(s->out, (const UInt8 *)q, 4);
	}
}

static void write_xml(struct ser *s, CFTypeRef o)
{
	CFTypeID t = CFGetTypeID(o);
	char text[64];

	if (!s->ok)
		return;
	if (t == CFDictionaryGetTypeID()) {
		if (start_tag(s, o, "dict", NULL)) {
			CFDictionaryApplyFunction(o, dict_member, s);
			put(s, "</dict>");
		}
	} else if (t == CFArrayGetTypeID()) {
		if (start_tag(s, o, "array", NULL)) {
			CFArrayApplyFunction(o, CFRangeMake(0, CFArrayGetCount(o)), list_member, s);
			put(s, "</array>");
		}
	} else if (t == CFSetGetTypeID()) {
		if (start_tag(s, o, "set", NULL)) {
			CFSetApplyFunction(o, list_member, s);
			put(s, "</set>");
		}
	} else if (t == CFStringGetTypeID()) {
		if (start_tag(s, o, "string", NULL)) {
			put_cfstring(s, o);
			put(s, "</string>");
		}
	} else if (t == CFNumberGetTypeID()) {
		long long value = 0;
		int size;

		switch (CFNumberGetType(o)) {
		case kCFNumberSInt8Type:
		case kCFNumberCharType:
			size = 8;
			break;
		case kCFNumberSInt16Type:
		case kCFNumberShortType:
			size = 16;
			break;
		case kCFNumberSInt32Type:
		case kCFNumberIntType:
			size = 32;
			break;
		default:	/* long (LP64), 64-bit, and floats */
			size = 64;
			break;
		}
		CFNumberGetValue(o, kCFNumberLongLongType, &value);
		snprintf(text, sizeof(text), "size=\"%d\"", size);
		if (start_tag(s, o, "integer", text)) {
			/* As IOKitLib prints it: 0x%lx of the long long (so an
			 * 8-bit -1 is 0xffffffffffffffff on LP64). */
			if (size <= 32)
				snprintf(text, sizeof(text), "0x%lx", (unsigned long)value);
			else
				snprintf(text, sizeof(text), "0x%llx", (unsigned long long)value);
			put(s, text);
			put(s, "</integer>");
		}
	} else if (t == CFDataGetTypeID()) {
		if (start_tag(s, o, "data", NULL)) {
			put_base64(s, CFDataGetBytePtr(o), CFDataGetLength(o));
			put(s, "</data>");
		}
	} else if (t == CFBooleanGetTypeID()) {
		put(s, CFBooleanGetValue(o) ? "<true/>" : "<false/>");
	} else {
		snprintf(text, sizeof(text), "<string>typeID 0x%x not serializable</string>",
			 (unsigned)t);
		put(s, text);
	}
}

static CFDataRef serialize_binary(CFTypeRef object)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *v = tmp ? cf_to_reg_value(tmp, object) : NULL;
	uint8_t *bytes;
	size_t len = 0;
	CFDataRef data = NULL;

	if (v && (bytes = reg_value_to_binary(tmp, v, &len)))
		data = CFDataCreate(kCFAllocatorDefault, bytes, (CFIndex)len);
	talloc_free(tmp);
	return data;
}

CFDataRef IOCFSerialize(CFTypeRef object, CFOptionFlags options)
{
	struct ser s = { 0 };

	if (!object)
		return NULL;
	if (options & kIOCFSerializeToBinary)
		return serialize_binary(object);
	if (options)
		return NULL;
	s.out = CFDataCreateMutable(kCFAllocatorDefault, 0);
	s.seen = CFDictionaryCreateMutable(kCFAllocatorDefault, 0, &identity_keys, NULL);
	s.ok = s.out && s.seen;
	if (s.ok) {
		scan(&s, object);
		write_xml(&s, object);
		CFDataAppendBytes(s.out, (const UInt8 *)"", 1);	/* the NUL */
	}
	if (s.seen)
		CFRelease(s.seen);
	if (!s.ok && s.out) {
		CFRelease(s.out);
		s.out = NULL;
	}
	return s.out;
}

static void set_error(CFStringRef *errorString, const struct reg_parse_error *err)
{
	if (!errorString)
		return;
	if (err->line)
		*errorString = CFStringCreateWithFormat(kCFAllocatorDefault, NULL,
							CFSTR("%s near line %lu"), err->message,
							(unsigned long)err->line);
	else
		*errorString = CFStringCreateWithFormat(kCFAllocatorDefault, NULL,
							CFSTR("%s at byte %lu"), err->message,
							(unsigned long)err->offset);
}

CFTypeRef IOCFUnserializeWithSize(const char *buffer, size_t bufferSize, CFAllocatorRef allocator,
				  CFOptionFlags options, CFStringRef *errorString)
{
	struct reg_parse_error err = { 0 };
	void *tmp;
	struct reg_value *v;
	CFTypeRef result = NULL;

	(void)allocator;
	(void)options;
	if (errorString)
		*errorString = NULL;
	if (!buffer || !bufferSize) {
		reg_parse_error_set(&err, 0, 0, "no data");
		set_error(errorString, &err);
		return NULL;
	}
	tmp = talloc_new(NULL);
	if (!tmp)
		return NULL;
	if (bufferSize >= 4 && (uint8_t)buffer[0] == 0xd3 && !buffer[1] && !buffer[2] && !buffer[3])
		v = reg_value_from_binary(tmp, buffer, bufferSize, &err);
	else
		v = reg_value_from_xml(tmp, buffer, strnlen(buffer, bufferSize), &err);
	if (v)
		result = cf_from_reg_value(v, kCFPropertyListMutableContainers);
	else
		set_error(errorString, &err);
	talloc_free(tmp);
	return result;
}

CFTypeRef IOCFUnserialize(const char *buffer, CFAllocatorRef allocator, CFOptionFlags options,
			  CFStringRef *errorString)
{
	return IOCFUnserializeWithSize(buffer, buffer ? strlen(buffer) + 1 : 0, allocator, options,
				       errorString);
}

CFTypeRef IOCFUnserializeBinary(const char *buffer, size_t bufferSize, CFAllocatorRef allocator,
				CFOptionFlags options, CFStringRef *errorString)
{
	struct reg_parse_error err = { 0 };

	if (bufferSize < 4 || !buffer || (uint8_t)buffer[0] != 0xd3) {
		if (errorString) {
			reg_parse_error_set(&err, 0, 0, "not IOKit's binary serialization");
			set_error(errorString, &err);
		}
		return NULL;
	}
	return IOCFUnserializeWithSize(buffer, bufferSize, allocator, options, errorString);
}
