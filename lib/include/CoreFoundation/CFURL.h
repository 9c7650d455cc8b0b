/* CoreFoundation/CFURL.h (subset) for libIOKit on Linux: file URLs, made
 * from and turned back into file-system paths (what tools use to name an
 * output file).  Other schemes are kept as text only. */
#ifndef __COREFOUNDATION_CFURL__
#define __COREFOUNDATION_CFURL__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFString.h>

CF_EXTERN_C_BEGIN

typedef const struct __CFURL *CFURLRef;

typedef CF_ENUM(CFIndex, CFURLPathStyle) {
	kCFURLPOSIXPathStyle = 0,
	kCFURLHFSPathStyle = 1,
	kCFURLWindowsPathStyle = 2
};

CF_EXPORT CFTypeID CFURLGetTypeID(void);
/* A file URL for filePath (POSIX style only; other styles give NULL); a
 * relative path is taken relative to the current directory. */
CF_EXPORT CFURLRef CFURLCreateWithFileSystemPath(CFAllocatorRef allocator, CFStringRef filePath,
						 CFURLPathStyle pathStyle, Boolean isDirectory);
CF_EXPORT CFURLRef CFURLCreateFromFileSystemRepresentation(CFAllocatorRef allocator,
							   const UInt8 *buffer, CFIndex bufLen,
							   Boolean isDirectory);
/* The path, NUL-terminated; false when it does not fit. */
CF_EXPORT Boolean CFURLGetFileSystemRepresentation(CFURLRef url, Boolean resolveAgainstBase,
						   UInt8 *buffer, CFIndex maxBufLen);
CF_EXPORT CFStringRef CFURLCopyFileSystemPath(CFURLRef anURL, CFURLPathStyle pathStyle);
/* "file:///path" (not retained: owned by the URL). */
CF_EXPORT CFStringRef CFURLGetString(CFURLRef anURL);
CF_EXPORT Boolean CFURLHasDirectoryPath(CFURLRef anURL);

CF_EXTERN_C_END

#endif
