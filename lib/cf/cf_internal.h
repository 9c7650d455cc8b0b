/* libIOKit's CoreFoundation runtime: what the cf_*.c files share.  Not
 * installed.
 *
 * Objects are malloc'd, not talloc'd: CF objects are shared between
 * threads and released from any of them, and talloc hierarchies are not
 * thread-safe.  Every object starts with a CFRuntimeBase: the type ID and
 * flags in _cfinfo, the retain count in _rc (changed with atomics).
 * Static objects (CFSTR strings, kCFBooleanTrue, ...) carry
 * __kCFRuntimeStaticFlag and are never counted or freed. */
#ifndef IOKITFS_LIB_CF_INTERNAL_H
#define IOKITFS_LIB_CF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <CoreFoundation/CoreFoundation.h>

/* Type IDs of the built-in classes (the values CF itself uses). */
enum {
	CF_TYPE_NOT_A_TYPE	= 0,
	CF_TYPE_TYPE		= 1,
	CF_TYPE_ALLOCATOR	= 2,
	CF_TYPE_STRING		= 7,
	CF_TYPE_NULL		= 16,
	CF_TYPE_SET		= 17,
	CF_TYPE_DICTIONARY	= 18,
	CF_TYPE_ARRAY		= 19,
	CF_TYPE_DATA		= 20,
	CF_TYPE_BOOLEAN		= 21,
	CF_TYPE_NUMBER		= 22,
	CF_TYPE_ERROR		= 27,
	CF_TYPE_FIRST_DYNAMIC	= 64,
	CF_TYPE_MAX		= 256,
};

#define CF_INFO_TYPE_MASK	0xffffUL
#define CF_INFO_STATIC		__kCFRuntimeStaticFlag
#define CF_INFO_MUTABLE		0x20000UL

/* A class: its functions receive objects of its own type only. */
struct cf_class {
	const char *name;
	void (*finalize)(CFTypeRef cf);			/* frees contents, not the object */
	Boolean (*equal)(CFTypeRef a, CFTypeRef b);	/* NULL: identity */
	CFHashCode (*hash)(CFTypeRef cf);		/* NULL: address */
	CFStringRef (*copy_debug_desc)(CFTypeRef cf);	/* +1; NULL: generic */
	CFStringRef (*copy_format_desc)(CFTypeRef cf);	/* +1 for %@; NULL: debug */
};

/* Registers a class beyond the built-in ones (run loop sources, mach
 * ports...).  Returns its type ID, or CF_TYPE_NOT_A_TYPE when full. */
CFTypeID cf_register_class(const struct cf_class *cls);

/* A zeroed object of `size` bytes with retain count 1. */
void *cf_object_alloc(CFTypeID type, size_t size, uintptr_t flags);

/* Number of objects allocated and not yet freed (the tests' leak check). */
long cf_live_objects(void);

static inline CFTypeID cf_type_of(CFTypeRef cf)
{
	return ((const CFRuntimeBase *)cf)->_cfinfo & CF_INFO_TYPE_MASK;
}

static inline bool cf_is_mutable(CFTypeRef cf)
{
	return (((const CFRuntimeBase *)cf)->_cfinfo & CF_INFO_MUTABLE) != 0;
}

/* CF's reaction to API misuse (NULL object, wrong type, index out of range,
 * mutating an immutable object): a message on stderr and abort(). */
void cf_fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Aborts unless cf is a live object of the type. */
void cf_check(CFTypeRef cf, CFTypeID type, const char *func);
void cf_check_mutable(CFTypeRef cf, CFTypeID type, const char *func);
/* Aborts unless 0 <= range within [0, count]. */
void cf_check_range(CFRange range, CFIndex count, const char *func);

/* The text %@ prints: the class's formatting description, else its
 * debug description.  +1. */
CFStringRef cf_copy_format_description(CFTypeRef cf);

/* A growable byte buffer for building text. */
struct cf_buf {
	char *p;
	size_t len;
	size_t cap;
};
void cf_buf_reserve(struct cf_buf *b, size_t extra);
void cf_buf_append(struct cf_buf *b, const void *bytes, size_t len);
void cf_buf_puts(struct cf_buf *b, const char *s);
void cf_buf_printf(struct cf_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends a CF object's description (the string itself for strings). */
void cf_buf_append_description(struct cf_buf *b, CFTypeRef cf);
void cf_buf_append_string(struct cf_buf *b, CFStringRef s);
void cf_buf_free(struct cf_buf *b);
/* A new immutable string from the buffer (invalid UTF-8 becomes U+FFFD);
 * the buffer is emptied.  +1. */
CFStringRef cf_buf_to_string(struct cf_buf *b);

/* The "<CFType 0x... [0x...]>" prefix of debug descriptions. */
void cf_buf_append_prefix(struct cf_buf *b, CFTypeRef cf, const char *type_name);

/* Strings: the internal UTF-8 bytes (not NUL-terminated for embedded NULs,
 * but always followed by a NUL). */
const char *cf_string_utf8(CFStringRef s, size_t *len);
/* A new string from UTF-8 bytes; NULL if they are not valid UTF-8. */
CFStringRef cf_string_create_utf8(const char *bytes, size_t len, bool mutable_string);

/* Formatting shared by CFStringCreateWithFormat and CFStringAppendFormat. */
void cf_format_append(struct cf_buf *out, CFStringRef format, va_list args);

/* The functions behind kCFTypeArrayCallBacks and friends. */
const void *cf_callback_retain(CFAllocatorRef allocator, const void *value);
void cf_callback_release(CFAllocatorRef allocator, const void *value);
CFStringRef cf_callback_copy_description(const void *value);
Boolean cf_callback_equal(const void *a, const void *b);
CFHashCode cf_callback_hash(const void *value);
const void *cf_callback_copy_string(CFAllocatorRef allocator, const void *value);
/* A collection member's description through its callback, or "<0x...>". */
void cf_buf_append_callback_description(struct cf_buf *b, const void *value,
					CFStringRef (*copy_description)(const void *));

/* True for kCFAllocatorNull ("do not free"). */
bool cf_allocator_is_null(CFAllocatorRef allocator);

/* Allocator objects' address for descriptions. */
extern const void *cf_allocator_description_address;

/* Hashing helpers. */
static inline CFHashCode cf_hash_mix(CFHashCode h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

#endif
