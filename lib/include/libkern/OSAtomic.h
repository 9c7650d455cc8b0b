/* libkern/OSAtomic.h for libIOKit on Linux: OSAtomic*, OSSpinLock and
 * OSMemoryBarrier as static inline functions on the C11/GCC __atomic
 * builtins (sequentially consistent throughout, so the Barrier variants
 * and the plain ones are equally strong).  OSSpinLock spins with a yield,
 * like macOS's. */
#ifndef _OSATOMIC_H_
#define _OSATOMIC_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sched.h>

#define __IOKITFS_ATOMIC	__ATOMIC_SEQ_CST

static inline int32_t OSAtomicAdd32(int32_t amount, volatile int32_t *value)
{ return __atomic_add_fetch(value, amount, __IOKITFS_ATOMIC); }
static inline int64_t OSAtomicAdd64(int64_t amount, volatile int64_t *value)
{ return __atomic_add_fetch(value, amount, __IOKITFS_ATOMIC); }
#define OSAtomicAdd32Barrier		OSAtomicAdd32
#define OSAtomicAdd64Barrier		OSAtomicAdd64
#define OSAtomicIncrement32(v)		OSAtomicAdd32(1, (v))
#define OSAtomicIncrement64(v)		OSAtomicAdd64(1, (v))
#define OSAtomicDecrement32(v)		OSAtomicAdd32(-1, (v))
#define OSAtomicDecrement64(v)		OSAtomicAdd64(-1, (v))
#define OSAtomicIncrement32Barrier(v)	OSAtomicAdd32(1, (v))
#define OSAtomicIncrement64Barrier(v)	OSAtomicAdd64(1, (v))
#define OSAtomicDecrement32Barrier(v)	OSAtomicAdd32(-1, (v))
#define OSAtomicDecrement64Barrier(v)	OSAtomicAdd64(-1, (v))

/* Or/And/Xor: the new value; the Orig forms return the old one. */
static inline int32_t OSAtomicOr32(uint32_t mask, volatile uint32_t *value)
{ return (int32_t)__atomic_or_fetch(value, mask, __IOKITFS_ATOMIC); }
static inline int32_t OSAtomicAnd32(uint32_t mask, volatile uint32_t *value)
{ return (int32_t)__atomic_and_fetch(value, mask, __IOKITFS_ATOMIC); }
static inline int32_t OSAtomicXor32(uint32_t mask, volatile uint32_t *value)
{ return (int32_t)__atomic_xor_fetch(value, mask, __IOKITFS_ATOMIC); }
static inline int32_t OSAtomicOr32Orig(uint32_t mask, volatile uint32_t *value)
{ return (int32_t)__atomic_fetch_or(value, mask, __IOKITFS_ATOMIC); }
static inline int32_t OSAtomicAnd32Orig(uint32_t mask, volatile uint32_t *value)
{ return (int32_t)__atomic_fetch_and(value, mask, __IOKITFS_ATOMIC); }
static inline int32_t OSAtomicXor32Orig(uint32_t mask, volatile uint32_t *value)
{ return (int32_t)__atomic_fetch_xor(value, mask, __IOKITFS_ATOMIC); }
#define OSAtomicOr32Barrier		OSAtomicOr32
#define OSAtomicAnd32Barrier		OSAtomicAnd32
#define OSAtomicXor32Barrier		OSAtomicXor32
#define OSAtomicOr32OrigBarrier		OSAtomicOr32Orig
#define OSAtomicAnd32OrigBarrier	OSAtomicAnd32Orig
#define OSAtomicXor32OrigBarrier	OSAtomicXor32Orig

/* Compare and swap: true when *value held oldValue and now holds newValue. */
static inline bool OSAtomicCompareAndSwap32(int32_t oldValue, int32_t newValue,
					    volatile int32_t *value)
{ return __atomic_compare_exchange_n(value, &oldValue, newValue, false, __IOKITFS_ATOMIC,
				     __IOKITFS_ATOMIC); }
static inline bool OSAtomicCompareAndSwap64(int64_t oldValue, int64_t newValue,
					    volatile int64_t *value)
{ return __atomic_compare_exchange_n(value, &oldValue, newValue, false, __IOKITFS_ATOMIC,
				     __IOKITFS_ATOMIC); }
static inline bool OSAtomicCompareAndSwapInt(int oldValue, int newValue, volatile int *value)
{ return __atomic_compare_exchange_n(value, &oldValue, newValue, false, __IOKITFS_ATOMIC,
				     __IOKITFS_ATOMIC); }
static inline bool OSAtomicCompareAndSwapLong(long oldValue, long newValue, volatile long *value)
{ return __atomic_compare_exchange_n(value, &oldValue, newValue, false, __IOKITFS_ATOMIC,
				     __IOKITFS_ATOMIC); }
static inline bool OSAtomicCompareAndSwapPtr(void *oldValue, void *newValue,
					     void *volatile *value)
{ return __atomic_compare_exchange_n(value, &oldValue, newValue, false, __IOKITFS_ATOMIC,
				     __IOKITFS_ATOMIC); }
#define OSAtomicCompareAndSwap32Barrier		OSAtomicCompareAndSwap32
#define OSAtomicCompareAndSwap64Barrier		OSAtomicCompareAndSwap64
#define OSAtomicCompareAndSwapIntBarrier	OSAtomicCompareAndSwapInt
#define OSAtomicCompareAndSwapLongBarrier	OSAtomicCompareAndSwapLong
#define OSAtomicCompareAndSwapPtrBarrier	OSAtomicCompareAndSwapPtr

/* Bit n counts from the most significant bit of the first byte, as on
 * macOS; the old value of the bit is returned. */
static inline bool OSAtomicTestAndSet(uint32_t n, volatile void *theAddress)
{
	volatile uint8_t *byte = (volatile uint8_t *)theAddress + (n >> 3);
	uint8_t mask = (uint8_t)(0x80u >> (n & 7));

	return (__atomic_fetch_or(byte, mask, __IOKITFS_ATOMIC) & mask) != 0;
}
static inline bool OSAtomicTestAndClear(uint32_t n, volatile void *theAddress)
{
	volatile uint8_t *byte = (volatile uint8_t *)theAddress + (n >> 3);
	uint8_t mask = (uint8_t)(0x80u >> (n & 7));

	return (__atomic_fetch_and(byte, (uint8_t)~mask, __IOKITFS_ATOMIC) & mask) != 0;
}
#define OSAtomicTestAndSetBarrier	OSAtomicTestAndSet
#define OSAtomicTestAndClearBarrier	OSAtomicTestAndClear

static inline void OSMemoryBarrier(void)
{ __atomic_thread_fence(__IOKITFS_ATOMIC); }

typedef int32_t OSSpinLock;
#define OS_SPINLOCK_INIT	0

static inline bool OSSpinLockTry(volatile OSSpinLock *lock)
{ return __atomic_exchange_n(lock, 1, __ATOMIC_ACQUIRE) == 0; }
static inline void OSSpinLockLock(volatile OSSpinLock *lock)
{
	while (!OSSpinLockTry(lock))
		sched_yield();
}
static inline void OSSpinLockUnlock(volatile OSSpinLock *lock)
{ __atomic_store_n(lock, 0, __ATOMIC_RELEASE); }

#endif
