/* CoreFoundation/CFPropertyList.h for libIOKit on Linux.
 *
 * XML property lists only (kCFPropertyListXMLFormat_v1_0), read and written
 * with iokitfs's registry XML code, which writes CF's exact layout (sorted
 * keys, tab indentation).  Binary and OpenStep formats give an error.
 * IOKit values have no floating point: a CFNumber of a float type is
 * written as an integer (truncated), as IOKit does, and <real> reads back as
 * an integer; <date> reads back as its ISO 8601 string. */
#ifndef __COREFOUNDATION_CFPROPERTYLIST__
#define __COREFOUNDATION_CFPROPERTYLIST__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFString.h>

CF_EXTERN_C_BEGIN

typedef CF_OPTIONS(CFOptionFlags, CFPropertyListMutabilityOptions) {
	kCFPropertyListImmutable			= 0,
	kCFPropertyListMutableContainers		= 1 << 0,
	kCFPropertyListMutableContainersAndLeaves	= 1 << 1
};

typedef CF_ENUM(CFIndex, CFPropertyListFormat) {
	kCFPropertyListOpenStepFormat		= 1,
	kCFPropertyListXMLFormat_v1_0		= 100,
	kCFPropertyListBinaryFormat_v1_0	= 200
};

enum {
	kCFPropertyListReadCorruptError			= 3840,
	kCFPropertyListReadUnknownVersionError		= 3841,
	kCFPropertyListReadStreamError			= 3842,
	kCFPropertyListWriteStreamError			= 3851
};

CF_EXPORT CFPropertyListRef CFPropertyListCreateWithData(CFAllocatorRef allocator, CFDataRef data,
							 CFOptionFlags options,
							 CFPropertyListFormat *format,
							 CFErrorRef *error);
CF_EXPORT CFDataRef CFPropertyListCreateData(CFAllocatorRef allocator, CFPropertyListRef propertyList,
					     CFPropertyListFormat format, CFOptionFlags options,
					     CFErrorRef *error);
CF_EXPORT CFPropertyListRef CFPropertyListCreateDeepCopy(CFAllocatorRef allocator,
							 CFPropertyListRef propertyList,
							 CFOptionFlags mutabilityOption);
CF_EXPORT Boolean CFPropertyListIsValid(CFPropertyListRef plist, CFPropertyListFormat format);

/* The deprecated forms that many tools still use. */
CF_EXPORT CFPropertyListRef CFPropertyListCreateFromXMLData(CFAllocatorRef allocator, CFDataRef xmlData,
							    CFOptionFlags mutabilityOption,
							    CFStringRef *errorString);
CF_EXPORT CFDataRef CFPropertyListCreateXMLData(CFAllocatorRef allocator,
						CFPropertyListRef propertyList);

CF_EXTERN_C_END

#endif
