/* CoreFoundation/CFString.h for libIOKit on Linux.
 *
 * Strings hold UTF-8 internally; lengths and indexes are in UTF-16 code
 * units as in CF.  CFStringGetCStringPtr returns the internal bytes for
 * kCFStringEncodingUTF8 always, and for the 8-bit encodings when the string
 * is pure ASCII; otherwise NULL (which CF allows).  Unpaired UTF-16
 * surrogates given to CFStringCreateWithCharacters become U+FFFD. */
#ifndef __COREFOUNDATION_CFSTRING__
#define __COREFOUNDATION_CFSTRING__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFData.h>
#include <CoreFoundation/CFDictionary.h>

CF_EXTERN_C_BEGIN

typedef UInt32 CFStringEncoding;

typedef CF_ENUM(CFStringEncoding, CFStringBuiltInEncodings) {
	kCFStringEncodingMacRoman	= 0,
	kCFStringEncodingWindowsLatin1	= 0x0500,
	kCFStringEncodingISOLatin1	= 0x0201,
	kCFStringEncodingNextStepLatin	= 0x0B01,
	kCFStringEncodingASCII		= 0x0600,
	kCFStringEncodingUnicode	= 0x0100,
	kCFStringEncodingUTF8		= 0x08000100,
	kCFStringEncodingNonLossyASCII	= 0x0BFF,

	kCFStringEncodingUTF16		= 0x0100,
	kCFStringEncodingUTF16BE	= 0x10000100,
	kCFStringEncodingUTF16LE	= 0x14000100,
	kCFStringEncodingUTF32		= 0x0c000100,
	kCFStringEncodingUTF32BE	= 0x18000100,
	kCFStringEncodingUTF32LE	= 0x1c000100
};

#define kCFStringEncodingInvalidId (0xffffffffU)

typedef CF_OPTIONS(CFOptionFlags, CFStringCompareFlags) {
	kCFCompareCaseInsensitive	= 1,
	kCFCompareBackwards		= 4,
	kCFCompareAnchored		= 8,
	kCFCompareNonliteral		= 16,
	kCFCompareLocalized		= 32,
	kCFCompareNumerically		= 64,
	kCFCompareDiacriticInsensitive	= 128,
	kCFCompareWidthInsensitive	= 256,
	kCFCompareForcedOrdering	= 512
};

/* The layout of a compile-time constant string (see CFSTR). */
struct __CFConstStr {
	CFRuntimeBase	_base;
	const char	*_ptr;
	long		_length;
};
#define __kCFConstStrTypeID	7UL

/* CFSTR("text"): a constant, immortal string, usable inside functions
 * (a GCC statement expression; as on macOS it is not a constant expression
 * for file-scope initializers).  CFSTR("a" "b") works. */
#define CFSTR(cStr) (__extension__({					\
	static const struct __CFConstStr __cfconststr = {		\
		{ __kCFConstStrTypeID | __kCFRuntimeStaticFlag, 0 },	\
		"" cStr "", (long)sizeof("" cStr "") - 1 };		\
	(CFStringRef)&__cfconststr;					\
}))

CF_EXPORT CFTypeID CFStringGetTypeID(void);

/* Immutable strings */
CF_EXPORT CFStringRef CFStringCreateWithCString(CFAllocatorRef alloc, const char *cStr,
						CFStringEncoding encoding);
CF_EXPORT CFStringRef CFStringCreateWithCStringNoCopy(CFAllocatorRef alloc, const char *cStr,
						      CFStringEncoding encoding,
						      CFAllocatorRef contentsDeallocator);
CF_EXPORT CFStringRef CFStringCreateWithBytes(CFAllocatorRef alloc, const UInt8 *bytes,
					      CFIndex numBytes, CFStringEncoding encoding,
					      Boolean isExternalRepresentation);
CF_EXPORT CFStringRef CFStringCreateWithBytesNoCopy(CFAllocatorRef alloc, const UInt8 *bytes,
						    CFIndex numBytes, CFStringEncoding encoding,
						    Boolean isExternalRepresentation,
						    CFAllocatorRef contentsDeallocator);
CF_EXPORT CFStringRef CFStringCreateWithCharacters(CFAllocatorRef alloc, const UniChar *chars,
						   CFIndex numChars);
CF_EXPORT CFStringRef CFStringCreateWithSubstring(CFAllocatorRef alloc, CFStringRef str,
						  CFRange range);
CF_EXPORT CFStringRef CFStringCreateCopy(CFAllocatorRef alloc, CFStringRef theString);
CF_EXPORT CFStringRef CFStringCreateWithFormat(CFAllocatorRef alloc, CFDictionaryRef formatOptions,
					       CFStringRef format, ...);
CF_EXPORT CFStringRef CFStringCreateWithFormatAndArguments(CFAllocatorRef alloc,
							   CFDictionaryRef formatOptions,
							   CFStringRef format, va_list arguments);
CF_EXPORT CFDataRef CFStringCreateExternalRepresentation(CFAllocatorRef alloc,
							 CFStringRef theString,
							 CFStringEncoding encoding,
							 UInt8 lossByte);
CF_EXPORT CFStringRef CFStringCreateFromExternalRepresentation(CFAllocatorRef alloc,
							       CFDataRef data,
							       CFStringEncoding encoding);
CF_EXPORT CFArrayRef CFStringCreateArrayBySeparatingStrings(CFAllocatorRef alloc,
							    CFStringRef theString,
							    CFStringRef separatorString);
CF_EXPORT CFStringRef CFStringCreateByCombiningStrings(CFAllocatorRef alloc, CFArrayRef theArray,
						       CFStringRef separatorString);

/* Mutable strings */
CF_EXPORT CFMutableStringRef CFStringCreateMutable(CFAllocatorRef alloc, CFIndex maxLength);
CF_EXPORT CFMutableStringRef CFStringCreateMutableCopy(CFAllocatorRef alloc, CFIndex maxLength,
						       CFStringRef theString);

/* Contents */
CF_EXPORT CFIndex CFStringGetLength(CFStringRef theString);
CF_EXPORT UniChar CFStringGetCharacterAtIndex(CFStringRef theString, CFIndex idx);
CF_EXPORT void CFStringGetCharacters(CFStringRef theString, CFRange range, UniChar *buffer);
CF_EXPORT Boolean CFStringGetCString(CFStringRef theString, char *buffer, CFIndex bufferSize,
				     CFStringEncoding encoding);
CF_EXPORT const char *CFStringGetCStringPtr(CFStringRef theString, CFStringEncoding encoding);
CF_EXPORT const UniChar *CFStringGetCharactersPtr(CFStringRef theString);
CF_EXPORT CFIndex CFStringGetBytes(CFStringRef theString, CFRange range,
				   CFStringEncoding encoding, UInt8 lossByte,
				   Boolean isExternalRepresentation, UInt8 *buffer,
				   CFIndex maxBufLen, CFIndex *usedBufLen);
CF_EXPORT CFIndex CFStringGetMaximumSizeForEncoding(CFIndex length, CFStringEncoding encoding);
CF_EXPORT CFIndex CFStringGetMaximumSizeOfFileSystemRepresentation(CFStringRef string);
CF_EXPORT Boolean CFStringGetFileSystemRepresentation(CFStringRef string, char *buffer,
						      CFIndex maxBufLen);
CF_EXPORT CFStringEncoding CFStringGetSystemEncoding(void);
CF_EXPORT CFStringEncoding CFStringGetFastestEncoding(CFStringRef theString);
CF_EXPORT CFStringEncoding CFStringGetSmallestEncoding(CFStringRef theString);
CF_EXPORT Boolean CFStringIsEncodingAvailable(CFStringEncoding encoding);
CF_EXPORT SInt32 CFStringGetIntValue(CFStringRef str);
CF_EXPORT double CFStringGetDoubleValue(CFStringRef str);

/* Comparing and searching.  Ordering is by UTF-16 code unit; case folding
 * covers ASCII, Latin-1 and Latin Extended-A; kCFCompareLocalized and the
 * other locale-dependent flags are accepted and ignored. */
CF_EXPORT CFComparisonResult CFStringCompare(CFStringRef theString1, CFStringRef theString2,
					     CFStringCompareFlags compareOptions);
CF_EXPORT CFComparisonResult CFStringCompareWithOptions(CFStringRef theString1,
							CFStringRef theString2,
							CFRange rangeToCompare,
							CFStringCompareFlags compareOptions);
CF_EXPORT Boolean CFStringFindWithOptions(CFStringRef theString, CFStringRef stringToFind,
					  CFRange rangeToSearch,
					  CFStringCompareFlags searchOptions, CFRange *result);
CF_EXPORT CFRange CFStringFind(CFStringRef theString, CFStringRef stringToFind,
			       CFStringCompareFlags compareOptions);
CF_EXPORT Boolean CFStringHasPrefix(CFStringRef theString, CFStringRef prefix);
CF_EXPORT Boolean CFStringHasSuffix(CFStringRef theString, CFStringRef suffix);

/* Editing (mutable strings only) */
CF_EXPORT void CFStringAppend(CFMutableStringRef theString, CFStringRef appendedString);
CF_EXPORT void CFStringAppendCharacters(CFMutableStringRef theString, const UniChar *chars,
					CFIndex numChars);
CF_EXPORT void CFStringAppendCString(CFMutableStringRef theString, const char *cStr,
				     CFStringEncoding encoding);
CF_EXPORT void CFStringAppendFormat(CFMutableStringRef theString, CFDictionaryRef formatOptions,
				    CFStringRef format, ...);
CF_EXPORT void CFStringAppendFormatAndArguments(CFMutableStringRef theString,
						CFDictionaryRef formatOptions,
						CFStringRef format, va_list arguments);
CF_EXPORT void CFStringInsert(CFMutableStringRef str, CFIndex idx, CFStringRef insertedStr);
CF_EXPORT void CFStringDelete(CFMutableStringRef theString, CFRange range);
CF_EXPORT void CFStringReplace(CFMutableStringRef theString, CFRange range,
			       CFStringRef replacement);
CF_EXPORT void CFStringReplaceAll(CFMutableStringRef theString, CFStringRef replacement);
CF_EXPORT void CFStringUppercase(CFMutableStringRef theString, const void *localeTBD);
CF_EXPORT void CFStringLowercase(CFMutableStringRef theString, const void *localeTBD);

/* Prints a string's characters, or any other object's description, and a
 * newline to stderr, as CF does. */
CF_EXPORT void CFShow(CFTypeRef obj);

CF_EXTERN_C_END

#endif
