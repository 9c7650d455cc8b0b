/* libkern/OSByteOrder.h for libIOKit on Linux: byte swapping and
 * host/big/little-endian conversions, as static inline functions on the
 * compiler's byte-swap builtins (no library code). */
#ifndef _OS_OSBYTEORDER_H
#define _OS_OSBYTEORDER_H

#include <stdint.h>

enum { OSUnknownByteOrder, OSLittleEndian, OSBigEndian };

static inline int32_t OSHostByteOrder(void)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return OSBigEndian;
#else
	return OSLittleEndian;
#endif
}

#define OSSwapConstInt16(x)	((uint16_t)__builtin_bswap16((uint16_t)(x)))
#define OSSwapConstInt32(x)	((uint32_t)__builtin_bswap32((uint32_t)(x)))
#define OSSwapConstInt64(x)	((uint64_t)__builtin_bswap64((uint64_t)(x)))
#define OSSwapInt16(x)		OSSwapConstInt16(x)
#define OSSwapInt32(x)		OSSwapConstInt32(x)
#define OSSwapInt64(x)		OSSwapConstInt64(x)

#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define OSSwapHostToBigInt16(x)		((uint16_t)(x))
#define OSSwapHostToBigInt32(x)		((uint32_t)(x))
#define OSSwapHostToBigInt64(x)		((uint64_t)(x))
#define OSSwapHostToLittleInt16(x)	OSSwapInt16(x)
#define OSSwapHostToLittleInt32(x)	OSSwapInt32(x)
#define OSSwapHostToLittleInt64(x)	OSSwapInt64(x)
#else
#define OSSwapHostToBigInt16(x)		OSSwapInt16(x)
#define OSSwapHostToBigInt32(x)		OSSwapInt32(x)
#define OSSwapHostToBigInt64(x)		OSSwapInt64(x)
#define OSSwapHostToLittleInt16(x)	((uint16_t)(x))
#define OSSwapHostToLittleInt32(x)	((uint32_t)(x))
#define OSSwapHostToLittleInt64(x)	((uint64_t)(x))
#endif
#define OSSwapBigToHostInt16(x)		OSSwapHostToBigInt16(x)
#define OSSwapBigToHostInt32(x)		OSSwapHostToBigInt32(x)
#define OSSwapBigToHostInt64(x)		OSSwapHostToBigInt64(x)
#define OSSwapLittleToHostInt16(x)	OSSwapHostToLittleInt16(x)
#define OSSwapLittleToHostInt32(x)	OSSwapHostToLittleInt32(x)
#define OSSwapLittleToHostInt64(x)	OSSwapHostToLittleInt64(x)
#define OSSwapHostToBigConstInt16(x)	OSSwapHostToBigInt16(x)
#define OSSwapHostToBigConstInt32(x)	OSSwapHostToBigInt32(x)
#define OSSwapHostToBigConstInt64(x)	OSSwapHostToBigInt64(x)
#define OSSwapBigToHostConstInt16(x)	OSSwapBigToHostInt16(x)
#define OSSwapBigToHostConstInt32(x)	OSSwapBigToHostInt32(x)
#define OSSwapBigToHostConstInt64(x)	OSSwapBigToHostInt64(x)
#define OSSwapHostToLittleConstInt16(x)	OSSwapHostToLittleInt16(x)
#define OSSwapHostToLittleConstInt32(x)	OSSwapHostToLittleInt32(x)
#define OSSwapHostToLittleConstInt64(x)	OSSwapHostToLittleInt64(x)
#define OSSwapLittleToHostConstInt16(x)	OSSwapLittleToHostInt16(x)
#define OSSwapLittleToHostConstInt32(x)	OSSwapLittleToHostInt32(x)
#define OSSwapLittleToHostConstInt64(x)	OSSwapLittleToHostInt64(x)

/* Unaligned reads and writes at base + offset. */
#define __IOKITFS_RW(bits) \
static inline uint##bits##_t OSReadBigInt##bits(const volatile void *base, uintptr_t off) \
{ uint##bits##_t v; __builtin_memcpy(&v, (const char *)base + off, sizeof(v)); \
  return OSSwapBigToHostInt##bits(v); } \
static inline uint##bits##_t OSReadLittleInt##bits(const volatile void *base, uintptr_t off) \
{ uint##bits##_t v; __builtin_memcpy(&v, (const char *)base + off, sizeof(v)); \
  return OSSwapLittleToHostInt##bits(v); } \
static inline uint##bits##_t OSReadSwapInt##bits(const volatile void *base, uintptr_t off) \
{ uint##bits##_t v; __builtin_memcpy(&v, (const char *)base + off, sizeof(v)); \
  return OSSwapInt##bits(v); } \
static inline void OSWriteBigInt##bits(volatile void *base, uintptr_t off, uint##bits##_t d) \
{ d = OSSwapHostToBigInt##bits(d); __builtin_memcpy((char *)base + off, &d, sizeof(d)); } \
static inline void OSWriteLittleInt##bits(volatile void *base, uintptr_t off, uint##bits##_t d) \
{ d = OSSwapHostToLittleInt##bits(d); __builtin_memcpy((char *)base + off, &d, sizeof(d)); } \
static inline void OSWriteSwapInt##bits(volatile void *base, uintptr_t off, uint##bits##_t d) \
{ d = OSSwapInt##bits(d); __builtin_memcpy((char *)base + off, &d, sizeof(d)); }
__IOKITFS_RW(16)
__IOKITFS_RW(32)
__IOKITFS_RW(64)
#undef __IOKITFS_RW

#endif
