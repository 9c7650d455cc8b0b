/* CFBoolean: the two singletons kCFBooleanTrue and kCFBooleanFalse. */
#include "cf_internal.h"

struct __CFBoolean {
	CFRuntimeBase base;
	bool value;
};

static const struct __CFBoolean boolean_true = { { CF_TYPE_BOOLEAN | CF_INFO_STATIC, 0 }, true };
static const struct __CFBoolean boolean_false = { { CF_TYPE_BOOLEAN | CF_INFO_STATIC, 0 }, false };

const CFBooleanRef kCFBooleanTrue = &boolean_true;
const CFBooleanRef kCFBooleanFalse = &boolean_false;

static CFHashCode boolean_hash(CFTypeRef cf)
{
	return ((const struct __CFBoolean *)cf)->value ? 1 : 0;
}

static CFStringRef boolean_copy_debug_desc(CFTypeRef cf)
{
	struct cf_buf b = { 0 };

	cf_buf_append_prefix(&b, cf, "CFBoolean");
	cf_buf_printf(&b, "{value = %s}", ((const struct __CFBoolean *)cf)->value ? "true" : "false");
	return cf_buf_to_string(&b);
}

static CFStringRef boolean_copy_format_desc(CFTypeRef cf)
{
	return ((const struct __CFBoolean *)cf)->value ? CFSTR("true") : CFSTR("false");
}

const struct cf_class cf_boolean_class = {
	.name = "CFBoolean",
	.hash = boolean_hash,
	.copy_debug_desc = boolean_copy_debug_desc,
	.copy_format_desc = boolean_copy_format_desc,
};

CFTypeID CFBooleanGetTypeID(void)
{
	return CF_TYPE_BOOLEAN;
}

Boolean CFBooleanGetValue(CFBooleanRef boolean)
{
	cf_check(boolean, CF_TYPE_BOOLEAN, "CFBooleanGetValue");
	return boolean->value;
}
