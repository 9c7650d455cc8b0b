/* mach/mach_time.h: a monotonic tick counter.  Ticks are nanoseconds
 * here (CLOCK_MONOTONIC), so mach_timebase_info gives 1/1. */
#ifndef _MACH_MACH_TIME_H_
#define _MACH_MACH_TIME_H_

#include <stdint.h>
#include <mach/kern_return.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mach_timebase_info {
	uint32_t numer;
	uint32_t denom;
};
typedef struct mach_timebase_info *mach_timebase_info_t;
typedef struct mach_timebase_info mach_timebase_info_data_t;

kern_return_t mach_timebase_info(mach_timebase_info_t info);
uint64_t mach_absolute_time(void);
/* Counts while suspended too (CLOCK_BOOTTIME). */
uint64_t mach_continuous_time(void);
uint64_t mach_approximate_time(void);

#ifdef __cplusplus
}
#endif

#endif
