/* CoreFoundation/CFBase.h for libIOKit on Linux: the CF runtime's base
 * types (macOS sizes: CFIndex is signed long, Boolean unsigned char,
 * UniChar uint16_t), allocators, and the functions every CF object has.
 *
 * Ownership follows CF: a function with Create or Copy in its name returns
 * an object you own (+1, CFRelease it); a Get function returns a borrowed
 * one.  Retain counts are atomic, so objects may be shared between threads;
 * a mutable object must not be changed while another thread uses it. */
#ifndef __COREFOUNDATION_CFBASE__
#define __COREFOUNDATION_CFBASE__

#include <TargetConditionals.h>
#include <Availability.h>
#include <AvailabilityMacros.h>
#include <MacTypes.h>
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/cdefs.h>

/* What macOS's <sys/cdefs.h> defines beyond glibc's, which code written
 * for macOS uses after including any system header. */
#ifndef __printflike
#define __printflike(fmtarg, firstvararg) __attribute__((__format__(__printf__, fmtarg, firstvararg)))
#endif
#ifndef __scanflike
#define __scanflike(fmtarg, firstvararg) __attribute__((__format__(__scanf__, fmtarg, firstvararg)))
#endif
#ifndef __unused
#define __unused __attribute__((__unused__))
#endif
#ifndef __used
#define __used __attribute__((__used__))
#endif
#ifndef __dead2
#define __dead2 __attribute__((__noreturn__))
#endif
#ifndef __pure2
#define __pure2 __attribute__((__const__))
#endif
#ifndef __deprecated
#define __deprecated __attribute__((__deprecated__))
#endif
#ifndef __unavailable
#define __unavailable __attribute__((__unavailable__))
#endif

#ifdef __cplusplus
#define CF_EXTERN_C_BEGIN	extern "C" {
#define CF_EXTERN_C_END		}
#define CF_EXPORT		extern "C"
#else
#define CF_EXTERN_C_BEGIN
#define CF_EXTERN_C_END
#define CF_EXPORT		extern
#endif

#define CF_INLINE		static __inline__ __attribute__((always_inline))
#define CF_RETURNS_RETAINED
#define CF_RETURNS_NOT_RETAINED
#define CF_RELEASES_ARGUMENT
#define CF_CONSUMED
#define CF_IMPLICIT_BRIDGING_ENABLED
#define CF_IMPLICIT_BRIDGING_DISABLED
#define CF_ASSUME_NONNULL_BEGIN
#define CF_ASSUME_NONNULL_END
#define CF_BRIDGED_TYPE(T)
#define CF_BRIDGED_MUTABLE_TYPE(T)
#define CF_RELATED_TYPE(T, C, I)
#define CF_NOESCAPE
#define CF_SWIFT_NAME(_name)
#define CF_REFINED_FOR_SWIFT
#define CF_AUTOMATED_REFCOUNT_UNAVAILABLE
#define CF_FORMAT_FUNCTION(F, A)
#define CF_FORMAT_ARGUMENT
#define CF_WARN_UNUSED_RESULT	__attribute__((warn_unused_result))
#define CF_AVAILABLE(_mac, _ios)
#define CF_AVAILABLE_MAC(_mac)
#define CF_AVAILABLE_IOS(_ios)
#define CF_DEPRECATED(_macIntro, _macDep, _iosIntro, _iosDep, ...)
#define CF_DEPRECATED_MAC(_macIntro, _macDep, ...)
#define CF_DEPRECATED_IOS(_iosIntro, _iosDep, ...)
#define CF_ENUM(_type, _name)		_type _name; enum
#define CF_OPTIONS(_type, _name)	_type _name; enum
#define CF_CLOSED_ENUM(_type, _name)	_type _name; enum
#define __CF_ENUM_GET_MACRO(_1, _2, NAME, ...) NAME
#define _Nullable_result
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#ifndef __has_attribute
#define __has_attribute(x) 0
#endif
#ifndef __has_extension
#define __has_extension(x) 0
#endif
#if !defined(__clang__)
#ifndef _Nullable
#define _Nullable
#endif
#ifndef _Nonnull
#define _Nonnull
#endif
#ifndef _Null_unspecified
#define _Null_unspecified
#endif
#endif

#if !defined(TRUE)
#define TRUE	1
#endif
#if !defined(FALSE)
#define FALSE	0
#endif

CF_EXTERN_C_BEGIN

CF_EXPORT double kCFCoreFoundationVersionNumber;

typedef unsigned long		CFTypeID;
typedef unsigned long		CFOptionFlags;
typedef unsigned long		CFHashCode;
typedef signed long		CFIndex;

typedef const void		*CFTypeRef;

/* Every CF object starts with this header.  It is public only so that
 * CFSTR can build constant strings at compile time; use the functions. */
typedef struct __CFRuntimeBase {
	uintptr_t	_cfinfo;	/* type ID (low 16 bits) and flags */
	long		_rc;		/* retain count, changed atomically */
} CFRuntimeBase;
#define __kCFRuntimeStaticFlag	0x10000UL	/* immortal, never freed */
typedef const struct __CFString	*CFStringRef;
typedef struct __CFString	*CFMutableStringRef;
typedef CFTypeRef		CFPropertyListRef;

typedef CF_ENUM(CFIndex, CFComparisonResult) {
	kCFCompareLessThan	= -1L,
	kCFCompareEqualTo	= 0,
	kCFCompareGreaterThan	= 1
};

typedef CFComparisonResult (*CFComparatorFunction)(const void *val1, const void *val2,
						    void *context);

static const CFIndex kCFNotFound = -1;

typedef struct {
	CFIndex location;
	CFIndex length;
} CFRange;

CF_INLINE CFRange CFRangeMake(CFIndex loc, CFIndex len)
{
	CFRange range;

	range.location = loc;
	range.length = len;
	return range;
}

CF_EXPORT CFRange __CFRangeMake(CFIndex loc, CFIndex len);

/* Null */
typedef const struct __CFNull *CFNullRef;
CF_EXPORT CFTypeID CFNullGetTypeID(void);
CF_EXPORT const CFNullRef kCFNull;

/* Allocators.  They are accepted everywhere CF takes one; the memory always
 * comes from malloc.  kCFAllocatorNull as a bytes deallocator means "do not
 * free the bytes". */
typedef const struct __CFAllocator *CFAllocatorRef;

CF_EXPORT const CFAllocatorRef kCFAllocatorDefault;
CF_EXPORT const CFAllocatorRef kCFAllocatorSystemDefault;
CF_EXPORT const CFAllocatorRef kCFAllocatorMalloc;
CF_EXPORT const CFAllocatorRef kCFAllocatorMallocZone;
CF_EXPORT const CFAllocatorRef kCFAllocatorNull;
CF_EXPORT const CFAllocatorRef kCFAllocatorUseContext;

CF_EXPORT CFTypeID CFAllocatorGetTypeID(void);
CF_EXPORT CFAllocatorRef CFAllocatorGetDefault(void);
CF_EXPORT void CFAllocatorSetDefault(CFAllocatorRef allocator);
CF_EXPORT void *CFAllocatorAllocate(CFAllocatorRef allocator, CFIndex size, CFOptionFlags hint);
CF_EXPORT void *CFAllocatorReallocate(CFAllocatorRef allocator, void *ptr, CFIndex newsize,
				      CFOptionFlags hint);
CF_EXPORT void CFAllocatorDeallocate(CFAllocatorRef allocator, void *ptr);
CF_EXPORT CFIndex CFAllocatorGetPreferredSizeForSize(CFAllocatorRef allocator, CFIndex size,
						     CFOptionFlags hint);

/* Polymorphic functions */
CF_EXPORT CFTypeID CFGetTypeID(CFTypeRef cf);
CF_EXPORT CFStringRef CFCopyTypeIDDescription(CFTypeID type_id);
CF_EXPORT CFTypeRef CFRetain(CFTypeRef cf);
CF_EXPORT void CFRelease(CFTypeRef cf);
CF_EXPORT CFIndex CFGetRetainCount(CFTypeRef cf);
CF_EXPORT Boolean CFEqual(CFTypeRef cf1, CFTypeRef cf2);
CF_EXPORT CFHashCode CFHash(CFTypeRef cf);
CF_EXPORT CFStringRef CFCopyDescription(CFTypeRef cf);
CF_EXPORT CFAllocatorRef CFGetAllocator(CFTypeRef cf);
CF_EXPORT CFTypeRef CFMakeCollectable(CFTypeRef cf);

CF_EXTERN_C_END

#endif
