/* CFError (subset): domain, code and user info, enough for the
 * property-list functions to report why they failed. */
#include "cf_internal.h"

#define CONST_STRING(var, text) \
	static const struct __CFConstStr var##_object = { \
		{ __kCFConstStrTypeID | __kCFRuntimeStaticFlag, 0 }, text, sizeof(text) - 1 }; \
	const CFStringRef var = (CFStringRef)&var##_object

CONST_STRING(kCFErrorDomainPOSIX, "NSPOSIXErrorDomain");
CONST_STRING(kCFErrorDomainOSStatus, "NSOSStatusErrorDomain");
CONST_STRING(kCFErrorDomainMach, "NSMachErrorDomain");
CONST_STRING(kCFErrorDomainCocoa, "NSCocoaErrorDomain");
CONST_STRING(kCFErrorLocalizedDescriptionKey, "NSLocalizedDescription");
CONST_STRING(kCFErrorLocalizedFailureReasonKey, "NSLocalizedFailureReason");
CONST_STRING(kCFErrorDescriptionKey, "NSDescription");
CONST_STRING(kCFErrorDebugDescriptionKey, "NSDebugDescription");
CONST_STRING(kCFErrorUnderlyingErrorKey, "NSUnderlyingError");

struct __CFError {
	CFRuntimeBase base;
	CFStringRef domain;
	CFIndex code;
	CFDictionaryRef user_info;
};

static void error_finalize(CFTypeRef cf)
{
	struct __CFError *e = (struct __CFError *)cf;

	CFRelease(e->domain);
	CFRelease(e->user_info);
}

static Boolean error_equal(CFTypeRef a, CFTypeRef b)
{
	const struct __CFError *x = a, *y = b;

	return x->code == y->code && CFEqual(x->domain, y->domain) &&
	       CFEqual(x->user_info, y->user_info);
}

static CFHashCode error_hash(CFTypeRef cf)
{
	const struct __CFError *e = cf;

	return CFHash(e->domain) ^ (CFHashCode)e->code;
}

static CFStringRef error_copy_debug_desc(CFTypeRef cf)
{
	const struct __CFError *e = cf;
	struct cf_buf b = { 0 };
	CFStringRef desc = CFErrorCopyDescription((CFErrorRef)cf);

	cf_buf_puts(&b, "Error Domain=");
	cf_buf_append_string(&b, e->domain);
	cf_buf_printf(&b, " Code=%ld \"", e->code);
	cf_buf_append_string(&b, desc);
	cf_buf_puts(&b, "\"");
	CFRelease(desc);
	return cf_buf_to_string(&b);
}

const struct cf_class cf_error_class = {
	.name = "CFError",
	.finalize = error_finalize,
	.equal = error_equal,
	.hash = error_hash,
	.copy_debug_desc = error_copy_debug_desc,
};

CFTypeID CFErrorGetTypeID(void)
{
	return CF_TYPE_ERROR;
}

CFErrorRef CFErrorCreate(CFAllocatorRef allocator, CFErrorDomain domain, CFIndex code,
			 CFDictionaryRef userInfo)
{
	struct __CFError *e;

	(void)allocator;
	cf_check(domain, CF_TYPE_STRING, "CFErrorCreate");
	e = cf_object_alloc(CF_TYPE_ERROR, sizeof(*e), 0);
	e->domain = CFStringCreateCopy(NULL, domain);
	e->code = code;
	e->user_info = userInfo ? CFDictionaryCreateCopy(NULL, userInfo) :
				  CFDictionaryCreate(NULL, NULL, NULL, 0,
						     &kCFTypeDictionaryKeyCallBacks,
						     &kCFTypeDictionaryValueCallBacks);
	return e;
}

static const struct __CFError *error(CFErrorRef e, const char *func)
{
	cf_check(e, CF_TYPE_ERROR, func);
	return e;
}

CFErrorDomain CFErrorGetDomain(CFErrorRef err)
{
	return error(err, "CFErrorGetDomain")->domain;
}

CFIndex CFErrorGetCode(CFErrorRef err)
{
	return error(err, "CFErrorGetCode")->code;
}

CFDictionaryRef CFErrorCopyUserInfo(CFErrorRef err)
{
	return CFRetain(error(err, "CFErrorCopyUserInfo")->user_info);
}

static CFStringRef user_string(const struct __CFError *e, CFStringRef key)
{
	CFTypeRef v = CFDictionaryGetValue(e->user_info, key);

	if (v != NULL && CFGetTypeID(v) == CF_TYPE_STRING)
		return CFRetain(v);
	return NULL;
}

CFStringRef CFErrorCopyDescription(CFErrorRef err)
{
	const struct __CFError *e = error(err, "CFErrorCopyDescription");
	CFStringRef s = user_string(e, kCFErrorLocalizedDescriptionKey);

	if (s == NULL)
		s = user_string(e, kCFErrorDescriptionKey);
	if (s == NULL)
		s = user_string(e, kCFErrorDebugDescriptionKey);
	if (s == NULL)
		s = CFStringCreateWithFormat(NULL, NULL,
					     CFSTR("The operation couldn\u2019t be completed. (%@ error %ld.)"),
					     e->domain, (long)e->code);
	return s;
}

CFStringRef CFErrorCopyFailureReason(CFErrorRef err)
{
	return user_string(error(err, "CFErrorCopyFailureReason"),
			   kCFErrorLocalizedFailureReasonKey);
}
