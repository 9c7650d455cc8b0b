/* libkern/OSTypes.h for libIOKit on Linux: the macOS user-space view, which
 * is MacTypes.h's integer names plus a few libkern extras. */
#ifndef _OS_OSTYPES_H
#define _OS_OSTYPES_H

#include <MacTypes.h>

typedef unsigned int	UInt;
typedef signed int	SInt;

typedef struct UnsignedWide {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	UInt32 hi;
	UInt32 lo;
#else
	UInt32 lo;
	UInt32 hi;
#endif
} UnsignedWide;

typedef struct wide {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	SInt32 hi;
	UInt32 lo;
#else
	UInt32 lo;
	SInt32 hi;
#endif
} wide;

typedef UnsignedWide	AbsoluteTime;
typedef SInt32		Duration;

#endif
