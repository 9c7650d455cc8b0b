/* CoreFoundation/CFByteOrder.h for libIOKit on Linux: CFSwapInt* and the
 * big/little-endian conversions, inline over libkern/OSByteOrder.h (which
 * this header makes visible, as CF's does). */
#ifndef __COREFOUNDATION_CFBYTEORDER__
#define __COREFOUNDATION_CFBYTEORDER__

#include <CoreFoundation/CFBase.h>
#include <libkern/OSByteOrder.h>

typedef enum __CFByteOrder {
	CFByteOrderUnknown,
	CFByteOrderLittleEndian,
	CFByteOrderBigEndian
} CFByteOrder;

static inline CFByteOrder CFByteOrderGetCurrent(void)
{
	return OSHostByteOrder() == OSBigEndian ? CFByteOrderBigEndian : CFByteOrderLittleEndian;
}

static inline uint16_t CFSwapInt16(uint16_t v) { return OSSwapInt16(v); }
static inline uint32_t CFSwapInt32(uint32_t v) { return OSSwapInt32(v); }
static inline uint64_t CFSwapInt64(uint64_t v) { return OSSwapInt64(v); }
static inline uint16_t CFSwapInt16BigToHost(uint16_t v) { return OSSwapBigToHostInt16(v); }
static inline uint32_t CFSwapInt32BigToHost(uint32_t v) { return OSSwapBigToHostInt32(v); }
static inline uint64_t CFSwapInt64BigToHost(uint64_t v) { return OSSwapBigToHostInt64(v); }
static inline uint16_t CFSwapInt16HostToBig(uint16_t v) { return OSSwapHostToBigInt16(v); }
static inline uint32_t CFSwapInt32HostToBig(uint32_t v) { return OSSwapHostToBigInt32(v); }
static inline uint64_t CFSwapInt64HostToBig(uint64_t v) { return OSSwapHostToBigInt64(v); }
static inline uint16_t CFSwapInt16LittleToHost(uint16_t v) { return OSSwapLittleToHostInt16(v); }
static inline uint32_t CFSwapInt32LittleToHost(uint32_t v) { return OSSwapLittleToHostInt32(v); }
static inline uint64_t CFSwapInt64LittleToHost(uint64_t v) { return OSSwapLittleToHostInt64(v); }
static inline uint16_t CFSwapInt16HostToLittle(uint16_t v) { return OSSwapHostToLittleInt16(v); }
static inline uint32_t CFSwapInt32HostToLittle(uint32_t v) { return OSSwapHostToLittleInt32(v); }
static inline uint64_t CFSwapInt64HostToLittle(uint64_t v) { return OSSwapHostToLittleInt64(v); }

typedef struct { uint32_t v; } CFSwappedFloat32;
typedef struct { uint64_t v; } CFSwappedFloat64;

static inline CFSwappedFloat32 CFConvertFloat32HostToSwapped(Float32 f)
{ CFSwappedFloat32 s; __builtin_memcpy(&s.v, &f, 4); s.v = CFSwapInt32HostToBig(s.v); return s; }
static inline Float32 CFConvertFloat32SwappedToHost(CFSwappedFloat32 s)
{ Float32 f; s.v = CFSwapInt32BigToHost(s.v); __builtin_memcpy(&f, &s.v, 4); return f; }
static inline CFSwappedFloat64 CFConvertFloat64HostToSwapped(Float64 f)
{ CFSwappedFloat64 s; __builtin_memcpy(&s.v, &f, 8); s.v = CFSwapInt64HostToBig(s.v); return s; }
static inline Float64 CFConvertFloat64SwappedToHost(CFSwappedFloat64 s)
{ Float64 f; s.v = CFSwapInt64BigToHost(s.v); __builtin_memcpy(&f, &s.v, 8); return f; }

#endif
