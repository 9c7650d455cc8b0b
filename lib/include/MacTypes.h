/* MacTypes.h for libIOKit on Linux: the fixed-size integer names macOS code
 * uses, with macOS's LP64 definitions (UInt32 is unsigned int, Boolean is
 * unsigned char). */
#ifndef __MACTYPES__
#define __MACTYPES__

#include <stdint.h>

typedef unsigned char		UInt8;
typedef signed char		SInt8;
typedef unsigned short		UInt16;
typedef signed short		SInt16;
#if defined(__LP64__) || defined(_LP64)
typedef unsigned int		UInt32;
typedef signed int		SInt32;
#else
typedef unsigned long		UInt32;
typedef signed long		SInt32;
#endif
typedef unsigned long long	UInt64;
typedef signed long long	SInt64;

typedef float			Float32;
typedef double			Float64;

typedef unsigned char		Boolean;
typedef UInt8			Byte;
typedef SInt8			SignedByte;
typedef char			*Ptr;
typedef Ptr			*Handle;
typedef long			Size;
typedef SInt16			OSErr;
typedef SInt32			OSStatus;
typedef UInt32			OptionBits;
typedef UInt32			FourCharCode;
typedef FourCharCode		OSType;
typedef FourCharCode		ResType;
typedef UInt16			UniChar;
typedef UInt32			UniCharCount;
typedef UInt32			UTF32Char;
typedef UInt16			UTF16Char;
typedef UInt8			UTF8Char;
typedef unsigned char		Str255[256];
typedef unsigned char		*StringPtr;
typedef const unsigned char	*ConstStringPtr;
typedef unsigned char		Str63[64];
typedef unsigned char		Str31[32];

/* A version number as 'vers' resources hold it. */
typedef struct NumVersion {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	UInt8 majorRev;
	UInt8 minorAndBugRev;
	UInt8 stage;
	UInt8 nonRelRev;
#else
	UInt8 nonRelRev;
	UInt8 stage;
	UInt8 minorAndBugRev;
	UInt8 majorRev;
#endif
} NumVersion;

enum {
	noErr = 0
};

enum {
	kNilOptions = 0
};

#define kVariableLengthArray	1
#define kUnknownType		0x3F3F3F3F

#endif
