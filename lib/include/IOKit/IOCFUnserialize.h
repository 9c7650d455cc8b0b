/* IOKit/IOCFUnserialize.h: IOKit's XML (a bare element or a plist
 * document, with ID/IDREF, size= and <set>) or binary serialization back
 * to CF objects; containers come back mutable.  On failure NULL, and
 * *errorString (when errorString is not NULL) is a +1 CFString saying what
 * and where. */
#ifndef __IOKIT_IOCFUNSERIALIZE_H
#define __IOKIT_IOCFUNSERIALIZE_H

#include <stddef.h>

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFString.h>

#ifdef __cplusplus
extern "C" {
#endif

/* buffer: NUL-terminated XML. */
CFTypeRef IOCFUnserialize(const char *buffer, CFAllocatorRef allocator, CFOptionFlags options,
			  CFStringRef *errorString);
CFTypeRef IOCFUnserializeBinary(const char *buffer, size_t bufferSize, CFAllocatorRef allocator,
				CFOptionFlags options, CFStringRef *errorString);
/* Either format, by the buffer's first bytes. */
CFTypeRef IOCFUnserializeWithSize(const char *buffer, size_t bufferSize, CFAllocatorRef allocator,
				  CFOptionFlags options, CFStringRef *errorString);

#ifdef __cplusplus
}
#endif

#endif
