/* CoreFoundation/CFStream.h (subset) for libIOKit on Linux: write streams
 * to files and CFPropertyListWrite.  Synchronous; a stream is used by one
 * thread at a time, as with CF. */
#ifndef __COREFOUNDATION_CFSTREAM__
#define __COREFOUNDATION_CFSTREAM__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFError.h>
#include <CoreFoundation/CFPropertyList.h>
#include <CoreFoundation/CFURL.h>

CF_EXTERN_C_BEGIN

typedef struct __CFWriteStream *CFWriteStreamRef;

typedef CF_ENUM(CFIndex, CFStreamStatus) {
	kCFStreamStatusNotOpen = 0,
	kCFStreamStatusOpening,
	kCFStreamStatusOpen,
	kCFStreamStatusReading,
	kCFStreamStatusWriting,
	kCFStreamStatusAtEnd,
	kCFStreamStatusClosed,
	kCFStreamStatusError
};

CF_EXPORT CFTypeID CFWriteStreamGetTypeID(void);
/* A stream that creates or truncates the file at fileURL when opened. */
CF_EXPORT CFWriteStreamRef CFWriteStreamCreateWithFile(CFAllocatorRef alloc, CFURLRef fileURL);
CF_EXPORT Boolean CFWriteStreamOpen(CFWriteStreamRef stream);
/* Bytes written, or -1 on error (the stream's status is then
 * kCFStreamStatusError). */
CF_EXPORT CFIndex CFWriteStreamWrite(CFWriteStreamRef stream, const UInt8 *buffer,
				     CFIndex bufferLength);
CF_EXPORT void CFWriteStreamClose(CFWriteStreamRef stream);
CF_EXPORT CFStreamStatus CFWriteStreamGetStatus(CFWriteStreamRef stream);

/* Writes the property list's data in format to the open stream: the
 * bytes written, or 0 with *error set. */
CF_EXPORT CFIndex CFPropertyListWrite(CFPropertyListRef propertyList, CFWriteStreamRef stream,
				      CFPropertyListFormat format, CFOptionFlags options,
				      CFErrorRef *error);

CF_EXTERN_C_END

#endif
