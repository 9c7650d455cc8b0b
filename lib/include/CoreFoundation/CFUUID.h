/* CoreFoundation/CFUUID.h for libIOKit on Linux: 128-bit UUIDs.  As in
 * CF, UUIDs are uniqued: two CFUUIDRefs with the same bytes are the same
 * object, so == compares them, and CFUUIDGetConstantUUIDWithBytes returns
 * an object that is never freed (the IOKit and USB interface IDs are
 * written with it). */
#ifndef __COREFOUNDATION_CFUUID__
#define __COREFOUNDATION_CFUUID__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFString.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef const struct __CFUUID *CFUUIDRef;

typedef struct {
	UInt8 byte0, byte1, byte2, byte3, byte4, byte5, byte6, byte7;
	UInt8 byte8, byte9, byte10, byte11, byte12, byte13, byte14, byte15;
} CFUUIDBytes;

CF_EXPORT CFTypeID CFUUIDGetTypeID(void);
/* A new random (version 4) UUID. */
CF_EXPORT CFUUIDRef CFUUIDCreate(CFAllocatorRef alloc);
CF_EXPORT CFUUIDRef CFUUIDCreateWithBytes(CFAllocatorRef alloc, UInt8 byte0, UInt8 byte1,
					  UInt8 byte2, UInt8 byte3, UInt8 byte4, UInt8 byte5,
					  UInt8 byte6, UInt8 byte7, UInt8 byte8, UInt8 byte9,
					  UInt8 byte10, UInt8 byte11, UInt8 byte12, UInt8 byte13,
					  UInt8 byte14, UInt8 byte15);
/* "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX", either case; NULL if malformed. */
CF_EXPORT CFUUIDRef CFUUIDCreateFromString(CFAllocatorRef alloc, CFStringRef uuidStr);
/* Upper-case, with dashes. */
CF_EXPORT CFStringRef CFUUIDCreateString(CFAllocatorRef alloc, CFUUIDRef uuid);
CF_EXPORT CFUUIDRef CFUUIDGetConstantUUIDWithBytes(CFAllocatorRef alloc, UInt8 byte0, UInt8 byte1,
						   UInt8 byte2, UInt8 byte3, UInt8 byte4,
						   UInt8 byte5, UInt8 byte6, UInt8 byte7,
						   UInt8 byte8, UInt8 byte9, UInt8 byte10,
						   UInt8 byte11, UInt8 byte12, UInt8 byte13,
						   UInt8 byte14, UInt8 byte15);
CF_EXPORT CFUUIDBytes CFUUIDGetUUIDBytes(CFUUIDRef uuid);
CF_EXPORT CFUUIDRef CFUUIDCreateFromUUIDBytes(CFAllocatorRef alloc, CFUUIDBytes bytes);

#ifdef __cplusplus
}
#endif

#endif
