/* CFAllocator: the allocator constants CF code passes around.  They are
 * accepted everywhere; objects always come from malloc.  kCFAllocatorNull
 * allocates nothing and frees nothing (its one real use is as the "do not
 * free" bytes deallocator). */
#include <stdlib.h>

#include "cf_internal.h"

struct __CFAllocator {
	CFRuntimeBase base;
	const char *name;
	bool null_allocator;
};

#define STATIC_ALLOCATOR(var, label, is_null) \
	static const struct __CFAllocator var = { \
		{ CF_TYPE_ALLOCATOR | CF_INFO_STATIC, 0 }, label, is_null }

STATIC_ALLOCATOR(system_default, "kCFAllocatorSystemDefault", false);
STATIC_ALLOCATOR(malloc_allocator, "kCFAllocatorMalloc", false);
STATIC_ALLOCATOR(malloc_zone, "kCFAllocatorMallocZone", false);
STATIC_ALLOCATOR(null_allocator, "kCFAllocatorNull", true);
STATIC_ALLOCATOR(use_context, "kCFAllocatorUseContext", false);

const CFAllocatorRef kCFAllocatorDefault = NULL;
const CFAllocatorRef kCFAllocatorSystemDefault = &system_default;
const CFAllocatorRef kCFAllocatorMalloc = &malloc_allocator;
const CFAllocatorRef kCFAllocatorMallocZone = &malloc_zone;
const CFAllocatorRef kCFAllocatorNull = &null_allocator;
const CFAllocatorRef kCFAllocatorUseContext = &use_context;

const void *cf_allocator_description_address = &system_default;

static CFStringRef allocator_copy_desc(CFTypeRef cf)
{
	const struct __CFAllocator *a = cf;
	struct cf_buf b = { 0 };

	cf_buf_append_prefix(&b, cf, "CFAllocator");
	cf_buf_printf(&b, "{%s}", a->name);
	return cf_buf_to_string(&b);
}

const struct cf_class cf_allocator_class = {
	.name = "CFAllocator",
	.copy_debug_desc = allocator_copy_desc,
};

CFTypeID CFAllocatorGetTypeID(void)
{
	return CF_TYPE_ALLOCATOR;
}

CFAllocatorRef CFAllocatorGetDefault(void)
{
	return kCFAllocatorSystemDefault;
}

void CFAllocatorSetDefault(CFAllocatorRef allocator)
{
	/* Only malloc-backed allocators exist, so there is nothing to switch. */
	(void)allocator;
}

static bool is_null_allocator(CFAllocatorRef allocator)
{
	return allocator != NULL && allocator->null_allocator;
}

void *CFAllocatorAllocate(CFAllocatorRef allocator, CFIndex size, CFOptionFlags hint)
{
	(void)hint;
	if (size <= 0 || is_null_allocator(allocator))
		return NULL;
	return malloc((size_t)size);
}

void *CFAllocatorReallocate(CFAllocatorRef allocator, void *ptr, CFIndex newsize,
			    CFOptionFlags hint)
{
	(void)hint;
	if (is_null_allocator(allocator))
		return NULL;
	if (ptr == NULL)
		return newsize > 0 ? malloc((size_t)newsize) : NULL;
	if (newsize <= 0) {
		free(ptr);
		return NULL;
	}
	return realloc(ptr, (size_t)newsize);
}

void CFAllocatorDeallocate(CFAllocatorRef allocator, void *ptr)
{
	if (!is_null_allocator(allocator))
		free(ptr);
}

CFIndex CFAllocatorGetPreferredSizeForSize(CFAllocatorRef allocator, CFIndex size,
					   CFOptionFlags hint)
{
	(void)allocator;
	(void)hint;
	return size;
}

bool cf_allocator_is_null(CFAllocatorRef allocator)
{
	return is_null_allocator(allocator);
}
