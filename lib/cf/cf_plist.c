/* CFPropertyList: XML property lists through the registry's XML reader and
 * writer (proto/value_xml.h), with cf_reg_value.c converting between
 * the two models.  See CFPropertyList.h for what is and is not supported. */
#include <string.h>
#include <talloc.h>

#include "cf_internal.h"
#include "cf_reg_value.h"
#include "parse_error.h"
#include "value_xml.h"

static void set_error(CFErrorRef *error, CFIndex code, CFStringRef message)
{
	const void *keys[] = { kCFErrorDebugDescriptionKey };
	const void *values[] = { message };
	CFDictionaryRef info;

	if (error == NULL)
		return;
	info = CFDictionaryCreate(NULL, keys, values, 1, &kCFTypeDictionaryKeyCallBacks,
				  &kCFTypeDictionaryValueCallBacks);
	*error = CFErrorCreate(NULL, kCFErrorDomainCocoa, code, info);
	CFRelease(info);
}

static void set_error_text(CFErrorRef *error, CFIndex code, const char *text)
{
	CFStringRef message;

	if (error == NULL)
		return;
	message = CFStringCreateWithCString(NULL, text, kCFStringEncodingUTF8);
	if (message == NULL)
		message = CFRetain(CFSTR("property list error"));
	set_error(error, code, message);
	CFRelease(message);
}

CFPropertyListRef CFPropertyListCreateWithData(CFAllocatorRef allocator, CFDataRef data,
					       CFOptionFlags options,
					       CFPropertyListFormat *format, CFErrorRef *error)
{
	struct reg_parse_error perr = { .message = "" };
	const UInt8 *bytes;
	CFIndex len;
	void *tmp_ctx;
	struct reg_value *v;
	CFPropertyListRef result;

	(void)allocator;
	if (error)
		*error = NULL;
	cf_check(data, CF_TYPE_DATA, "CFPropertyListCreateWithData");
	bytes = CFDataGetBytePtr(data);
	len = CFDataGetLength(data);
	if (len >= 6 && memcmp(bytes, "bplist", 6) == 0) {
		set_error_text(error, kCFPropertyListReadCorruptError,
			       "binary property lists are not supported (only XML)");
		return NULL;
	}
	tmp_ctx = talloc_new(NULL);
	if (tmp_ctx == NULL) {
		set_error_text(error, kCFPropertyListReadCorruptError, "out of memory");
		return NULL;
	}
	v = reg_value_from_xml_depth(tmp_ctx, (const char *)bytes, (size_t)len,
				     REG_XML_MAX_DEPTH_LIMIT, &perr);
	if (v == NULL) {
		char text[400];

		snprintf(text, sizeof(text), "XML property list parse error at line %zu (byte %zu): %s",
			 perr.line, perr.offset, perr.message[0] ? perr.message : "invalid");
		set_error_text(error, kCFPropertyListReadCorruptError, text);
		talloc_free(tmp_ctx);
		return NULL;
	}
	result = cf_from_reg_value(v, options);
	talloc_free(tmp_ctx);
	if (format)
		*format = kCFPropertyListXMLFormat_v1_0;
	return result;
}

/* CF's rule: strings, data, numbers, booleans, arrays and dictionaries
 * with string keys; no sets; depth bounded (which also rejects cycles). */
struct validity {
	bool ok;
	unsigned depth_left;
};

static bool valid(CFTypeRef obj, unsigned depth_left);

static void check_item(const void *value, void *context)
{
	struct validity *v = context;

	if (v->ok && !valid(value, v->depth_left))
		v->ok = false;
}

static void check_entry(const void *key, const void *value, void *context)
{
	struct validity *v = context;

	if (!v->ok)
		return;
	if (key == NULL || CFGetTypeID(key) != CFStringGetTypeID() ||
	    !valid(value, v->depth_left))
		v->ok = false;
}

static bool valid(CFTypeRef obj, unsigned depth_left)
{
	struct validity v = { .ok = true };
	CFTypeID type;

	if (obj == NULL)
		return false;
	type = CFGetTypeID(obj);
	if (type == CFStringGetTypeID() || type == CFDataGetTypeID() ||
	    type == CFNumberGetTypeID() || type == CFBooleanGetTypeID())
		return true;
	if (depth_left == 0)
		return false;
	v.depth_left = depth_left - 1;
	if (type == CFArrayGetTypeID())
		CFArrayApplyFunction(obj, CFRangeMake(0, CFArrayGetCount(obj)), check_item, &v);
	else if (type == CFDictionaryGetTypeID())
		CFDictionaryApplyFunction(obj, check_entry, &v);
	else
		return false;
	return v.ok;
}

Boolean CFPropertyListIsValid(CFPropertyListRef plist, CFPropertyListFormat format)
{
	if (format != kCFPropertyListXMLFormat_v1_0 && format != kCFPropertyListBinaryFormat_v1_0 &&
	    format != kCFPropertyListOpenStepFormat)
		return false;
	return valid(plist, CF_REG_VALUE_MAX_DEPTH);
}

CFDataRef CFPropertyListCreateData(CFAllocatorRef allocator, CFPropertyListRef propertyList,
				   CFPropertyListFormat format, CFOptionFlags options,
				   CFErrorRef *error)
{
	void *tmp_ctx;
	struct reg_value *v;
	char *xml;
	size_t len = 0;
	CFDataRef data;

	(void)options;
	if (error)
		*error = NULL;
	if (format != kCFPropertyListXMLFormat_v1_0) {
		set_error_text(error, kCFPropertyListWriteStreamError,
			       "only the XML property list format is supported");
		return NULL;
	}
	if (!valid(propertyList, CF_REG_VALUE_MAX_DEPTH)) {
		set_error_text(error, kCFPropertyListWriteStreamError,
			       "property list contains an invalid object (or nests too deeply)");
		return NULL;
	}
	tmp_ctx = talloc_new(NULL);
	v = tmp_ctx ? cf_to_reg_value(tmp_ctx, propertyList) : NULL;
	xml = v ? reg_value_to_xml(tmp_ctx, v, REG_XML_SORT_KEYS | REG_XML_NO_WIDTHS, &len) : NULL;
	if (xml == NULL) {
		talloc_free(tmp_ctx);
		set_error_text(error, kCFPropertyListWriteStreamError,
			       "could not serialize the property list");
		return NULL;
	}
	data = CFDataCreate(allocator, (const UInt8 *)xml, (CFIndex)len);
	talloc_free(tmp_ctx);
	return data;
}

CFPropertyListRef CFPropertyListCreateFromXMLData(CFAllocatorRef allocator, CFDataRef xmlData,
						  CFOptionFlags mutabilityOption,
						  CFStringRef *errorString)
{
	CFErrorRef error = NULL;
	CFPropertyListRef plist;

	if (errorString)
		*errorString = NULL;
	plist = CFPropertyListCreateWithData(allocator, xmlData, mutabilityOption, NULL, &error);
	if (plist == NULL && error != NULL) {
		if (errorString)
			*errorString = CFErrorCopyDescription(error);
		CFRelease(error);
	}
	return plist;
}

CFDataRef CFPropertyListCreateXMLData(CFAllocatorRef allocator, CFPropertyListRef propertyList)
{
	return CFPropertyListCreateData(allocator, propertyList, kCFPropertyListXMLFormat_v1_0, 0,
					NULL);
}

/* Deep copies: containers and leaves are copied as the mutability option
 * asks; numbers and booleans are immutable in CF and are shared. */
struct copy_ctx {
	CFOptionFlags mutability;
	unsigned depth_left;
	CFTypeRef container;
	bool failed;
};

static CFTypeRef deep_copy(CFTypeRef obj, CFOptionFlags mutability, unsigned depth_left);

static void copy_item(const void *value, void *context)
{
	struct copy_ctx *c = context;
	CFTypeRef item;

	if (c->failed)
		return;
	item = deep_copy(value, c->mutability, c->depth_left);
	if (item == NULL) {
		c->failed = true;
		return;
	}
	if (CFGetTypeID(c->container) == CFArrayGetTypeID())
		CFArrayAppendValue((CFMutableArrayRef)c->container, item);
	else
		CFSetAddValue((CFMutableSetRef)c->container, item);
	CFRelease(item);
}

static void copy_entry(const void *key, const void *value, void *context)
{
	struct copy_ctx *c = context;
	CFTypeRef k, item;

	if (c->failed)
		return;
	k = deep_copy(key, kCFPropertyListImmutable, c->depth_left);
	item = deep_copy(value, c->mutability, c->depth_left);
	if (k == NULL || item == NULL)
		c->failed = true;
	else
		CFDictionarySetValue((CFMutableDictionaryRef)c->container, k, item);
	if (k)
		CFRelease(k);
	if (item)
		CFRelease(item);
}

static CFTypeRef deep_copy(CFTypeRef obj, CFOptionFlags mutability, unsigned depth_left)
{
	bool mutable_containers = mutability & (kCFPropertyListMutableContainers |
						kCFPropertyListMutableContainersAndLeaves);
	bool mutable_leaves = mutability & kCFPropertyListMutableContainersAndLeaves;
	struct copy_ctx c = { .mutability = mutability, .failed = false };
	CFTypeID type;

	if (obj == NULL)
		return NULL;
	type = CFGetTypeID(obj);
	if (type == CFStringGetTypeID())
		return mutable_leaves ? CFStringCreateMutableCopy(NULL, 0, obj) :
					CFStringCreateWithSubstring(NULL, obj,
								    CFRangeMake(0, CFStringGetLength(obj)));
	if (type == CFDataGetTypeID())
		return mutable_leaves ? (CFTypeRef)CFDataCreateMutableCopy(NULL, 0, obj) :
					(CFTypeRef)CFDataCreate(NULL, CFDataGetBytePtr(obj),
								CFDataGetLength(obj));
	if (type == CFNumberGetTypeID() || type == CFBooleanGetTypeID())
		return CFRetain(obj);
	if (depth_left == 0)
		return NULL;
	c.depth_left = depth_left - 1;
	if (type == CFArrayGetTypeID()) {
		c.container = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
		CFArrayApplyFunction(obj, CFRangeMake(0, CFArrayGetCount(obj)), copy_item, &c);
	} else if (type == CFSetGetTypeID()) {
		c.container = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);
		CFSetApplyFunction(obj, copy_item, &c);
	} else if (type == CFDictionaryGetTypeID()) {
		c.container = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
							&kCFTypeDictionaryValueCallBacks);
		CFDictionaryApplyFunction(obj, copy_entry, &c);
	} else {
		return NULL;
	}
	if (c.failed) {
		CFRelease(c.container);
		return NULL;
	}
	if (!mutable_containers)
		((CFRuntimeBase *)c.container)->_cfinfo &= ~CF_INFO_MUTABLE;
	return c.container;
}

CFPropertyListRef CFPropertyListCreateDeepCopy(CFAllocatorRef allocator,
					       CFPropertyListRef propertyList,
					       CFOptionFlags mutabilityOption)
{
	(void)allocator;
	return deep_copy(propertyList, mutabilityOption, CF_REG_VALUE_MAX_DEPTH);
}
