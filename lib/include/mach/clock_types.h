/* mach/clock_types.h (subset): mach_timespec_t, which IOKit's wait calls take. */
#ifndef _MACH_CLOCK_TYPES_H_
#define _MACH_CLOCK_TYPES_H_

typedef int clock_res_t;

struct mach_timespec {
	unsigned int	tv_sec;
	clock_res_t	tv_nsec;
};
typedef struct mach_timespec mach_timespec_t;

#define NSEC_PER_USEC	1000ull
#define USEC_PER_SEC	1000000ull
#define NSEC_PER_SEC	1000000000ull
#define NSEC_PER_MSEC	1000000ull

#endif
