/* CFNull: the kCFNull singleton. */
#include "cf_internal.h"

struct __CFNull {
	CFRuntimeBase base;
};

static const struct __CFNull null_object = { { CF_TYPE_NULL | CF_INFO_STATIC, 0 } };
const CFNullRef kCFNull = &null_object;

static CFStringRef null_copy_desc(CFTypeRef cf)
{
	struct cf_buf b = { 0 };

	cf_buf_append_prefix(&b, cf, "CFNull");
	return cf_buf_to_string(&b);
}

const struct cf_class cf_null_class = {
	.name = "CFNull",
	.copy_debug_desc = null_copy_desc,
};

CFTypeID CFNullGetTypeID(void)
{
	return CF_TYPE_NULL;
}
