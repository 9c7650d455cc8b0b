/* The CF runtime: class registry, object allocation, retain/release with
 * atomic counts, and the polymorphic functions (CFEqual, CFHash,
 * CFCopyDescription, CFShow...). */
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf_internal.h"

extern const struct cf_class cf_allocator_class;
extern const struct cf_class cf_string_class;
extern const struct cf_class cf_null_class;
extern const struct cf_class cf_set_class;
extern const struct cf_class cf_dictionary_class;
extern const struct cf_class cf_array_class;
extern const struct cf_class cf_data_class;
extern const struct cf_class cf_boolean_class;
extern const struct cf_class cf_number_class;
extern const struct cf_class cf_error_class;

static const struct cf_class cf_type_class = { .name = "CFType" };

/* Built-in slots are fixed; dynamic ones are appended under the mutex and
 * read without it (a slot is written once, before its ID is handed out). */
static const struct cf_class *classes[CF_TYPE_MAX] = {
	[CF_TYPE_TYPE] = &cf_type_class,
	[CF_TYPE_ALLOCATOR] = &cf_allocator_class,
	[CF_TYPE_STRING] = &cf_string_class,
	[CF_TYPE_NULL] = &cf_null_class,
	[CF_TYPE_SET] = &cf_set_class,
	[CF_TYPE_DICTIONARY] = &cf_dictionary_class,
	[CF_TYPE_ARRAY] = &cf_array_class,
	[CF_TYPE_DATA] = &cf_data_class,
	[CF_TYPE_BOOLEAN] = &cf_boolean_class,
	[CF_TYPE_NUMBER] = &cf_number_class,
	[CF_TYPE_ERROR] = &cf_error_class,
};
static pthread_mutex_t classes_lock = PTHREAD_MUTEX_INITIALIZER;
static CFTypeID next_dynamic_type = CF_TYPE_FIRST_DYNAMIC;

static long live_objects;

double kCFCoreFoundationVersionNumber = 1953.300;

CFTypeID cf_register_class(const struct cf_class *cls)
{
	CFTypeID id = CF_TYPE_NOT_A_TYPE;

	pthread_mutex_lock(&classes_lock);
	if (next_dynamic_type < CF_TYPE_MAX) {
		id = next_dynamic_type++;
		__atomic_store_n(&classes[id], cls, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&classes_lock);
	return id;
}

static const struct cf_class *class_of_id(CFTypeID id)
{
	if (id >= CF_TYPE_MAX)
		return NULL;
	return __atomic_load_n(&classes[id], __ATOMIC_ACQUIRE);
}

void cf_fatal(const char *fmt, ...)
{
	va_list ap;

	fputs("*** CoreFoundation (libIOKit): ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static const struct cf_class *class_of(CFTypeRef cf, const char *func)
{
	const struct cf_class *cls;

	if (cf == NULL)
		cf_fatal("%s() called with NULL", func);
	cls = class_of_id(cf_type_of(cf));
	if (cls == NULL)
		cf_fatal("%s() called with %p, which is not a CF object", func, cf);
	if (!(((const CFRuntimeBase *)cf)->_cfinfo & CF_INFO_STATIC) &&
	    __atomic_load_n(&((const CFRuntimeBase *)cf)->_rc, __ATOMIC_RELAXED) <= 0)
		cf_fatal("%s() called with %p, which was already freed", func, cf);
	return cls;
}

/* The name of a type, for messages; an unregistered id is a caller bug. */
static const char *type_name(CFTypeID type)
{
	const struct cf_class *cls = class_of_id(type);

	return cls ? cls->name : "unregistered type";
}

void cf_check(CFTypeRef cf, CFTypeID type, const char *func)
{
	const struct cf_class *cls = class_of(cf, func);

	if (cf_type_of(cf) != type)
		cf_fatal("%s() called with a %s, not a %s", func, cls->name, type_name(type));
}

void cf_check_mutable(CFTypeRef cf, CFTypeID type, const char *func)
{
	cf_check(cf, type, func);
	if (!cf_is_mutable(cf))
		cf_fatal("%s() called with an immutable %s (attempt to mutate)", func,
			 type_name(type));
}

void cf_check_range(CFRange range, CFIndex count, const char *func)
{
	if (range.location < 0 || range.length < 0 || range.location > count ||
	    range.length > count - range.location)
		cf_fatal("%s(): range {%ld, %ld} out of bounds (count %ld)", func,
			 range.location, range.length, count);
}

void *cf_object_alloc(CFTypeID type, size_t size, uintptr_t flags)
{
	CFRuntimeBase *base;

	if (size < sizeof(*base))
		cf_fatal("cf_object_alloc: size %zu too small", size);
	base = calloc(1, size);
	if (base == NULL)
		cf_fatal("out of memory allocating a %s (%zu bytes)",
			 class_of_id(type) ? class_of_id(type)->name : "?", size);
	base->_cfinfo = type | (flags & ~CF_INFO_TYPE_MASK & ~CF_INFO_STATIC);
	base->_rc = 1;
	__atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED);
	return base;
}

long cf_live_objects(void)
{
	return __atomic_load_n(&live_objects, __ATOMIC_RELAXED);
}

CFTypeRef CFRetain(CFTypeRef cf)
{
	CFRuntimeBase *base = (CFRuntimeBase *)cf;
	long old;

	class_of(cf, "CFRetain");
	if (base->_cfinfo & CF_INFO_STATIC)
		return cf;
	old = __atomic_fetch_add(&base->_rc, 1, __ATOMIC_RELAXED);
	if (old <= 0)
		cf_fatal("CFRetain() of a freed object %p", cf);
	if (old == LONG_MAX)
		cf_fatal("CFRetain(): retain count overflow on %p", cf);
	return cf;
}

void CFRelease(CFTypeRef cf)
{
	CFRuntimeBase *base = (CFRuntimeBase *)cf;
	const struct cf_class *cls = class_of(cf, "CFRelease");
	long old;

	if (base->_cfinfo & CF_INFO_STATIC)
		return;
	old = __atomic_fetch_sub(&base->_rc, 1, __ATOMIC_ACQ_REL);
	if (old > 1)
		return;
	if (old < 1)
		cf_fatal("CFRelease() of a freed object %p", cf);
	if (cls->finalize)
		cls->finalize(cf);
	free(base);
	__atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED);
}

CFIndex CFGetRetainCount(CFTypeRef cf)
{
	const CFRuntimeBase *base = cf;

	class_of(cf, "CFGetRetainCount");
	if (base->_cfinfo & CF_INFO_STATIC)
		return LONG_MAX;
	return __atomic_load_n(&base->_rc, __ATOMIC_RELAXED);
}

CFTypeID CFGetTypeID(CFTypeRef cf)
{
	class_of(cf, "CFGetTypeID");
	return cf_type_of(cf);
}

CFTypeRef CFMakeCollectable(CFTypeRef cf)
{
	return cf;
}

CFAllocatorRef CFGetAllocator(CFTypeRef cf)
{
	class_of(cf, "CFGetAllocator");
	return kCFAllocatorSystemDefault;
}

Boolean CFEqual(CFTypeRef cf1, CFTypeRef cf2)
{
	const struct cf_class *cls = class_of(cf1, "CFEqual");

	class_of(cf2, "CFEqual");
	if (cf1 == cf2)
		return true;
	if (cf_type_of(cf1) != cf_type_of(cf2))
		return false;
	return cls->equal ? cls->equal(cf1, cf2) : false;
}

CFHashCode CFHash(CFTypeRef cf)
{
	const struct cf_class *cls = class_of(cf, "CFHash");

	if (cls->hash)
		return cls->hash(cf);
	return cf_hash_mix((CFHashCode)(uintptr_t)cf);
}

CFStringRef CFCopyDescription(CFTypeRef cf)
{
	const struct cf_class *cls;
	struct cf_buf b = { 0 };

	if (cf == NULL)
		return NULL;
	cls = class_of(cf, "CFCopyDescription");
	if (cls->copy_debug_desc)
		return cls->copy_debug_desc(cf);
	cf_buf_append_prefix(&b, cf, cls->name);
	return cf_buf_to_string(&b);
}

CFStringRef cf_copy_format_description(CFTypeRef cf)
{
	const struct cf_class *cls = class_of(cf, "CFCopyDescription");

	if (cls->copy_format_desc)
		return cls->copy_format_desc(cf);
	return CFCopyDescription(cf);
}

CFStringRef CFCopyTypeIDDescription(CFTypeID type_id)
{
	const struct cf_class *cls = class_of_id(type_id);

	if (cls == NULL || type_id == CF_TYPE_NOT_A_TYPE)
		return NULL;
	return cf_string_create_utf8(cls->name, strlen(cls->name), false);
}

void CFShow(CFTypeRef obj)
{
	struct cf_buf b = { 0 };

	if (obj == NULL) {
		fputs("(null)\n", stderr);
		return;
	}
	if (CFGetTypeID(obj) == CF_TYPE_STRING)
		cf_buf_append_string(&b, obj);
	else
		cf_buf_append_description(&b, obj);
	cf_buf_append(&b, "\n", 1);
	fwrite(b.p, 1, b.len, stderr);
	cf_buf_free(&b);
}

CFRange __CFRangeMake(CFIndex loc, CFIndex len)
{
	return CFRangeMake(loc, len);
}

/* The functions behind the kCFType collection callbacks. */
const void *cf_callback_retain(CFAllocatorRef allocator, const void *value)
{
	(void)allocator;
	return CFRetain(value);
}

void cf_callback_release(CFAllocatorRef allocator, const void *value)
{
	(void)allocator;
	CFRelease(value);
}

CFStringRef cf_callback_copy_description(const void *value)
{
	return CFCopyDescription(value);
}

Boolean cf_callback_equal(const void *a, const void *b)
{
	return CFEqual(a, b);
}

CFHashCode cf_callback_hash(const void *value)
{
	return CFHash(value);
}

const void *cf_callback_copy_string(CFAllocatorRef allocator, const void *value)
{
	return CFStringCreateCopy(allocator, value);
}

/* How collections describe one of their values. */
void cf_buf_append_callback_description(struct cf_buf *b, const void *value,
					CFStringRef (*copy_description)(const void *))
{
	CFStringRef desc = copy_description ? copy_description(value) : NULL;

	if (desc == NULL) {
		cf_buf_printf(b, "<%p>", value);
		return;
	}
	cf_buf_append_string(b, desc);
	CFRelease(desc);
}
