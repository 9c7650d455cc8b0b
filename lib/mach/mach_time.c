/* mach_absolute_time and friends (mach/mach_time.h) over clock_gettime:
 * one tick is one nanosecond.  Stateless, thread-safe. */
#include <time.h>

#include <mach/mach_time.h>

static uint64_t ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

kern_return_t mach_timebase_info(mach_timebase_info_t info)
{
	if (!info)
		return KERN_INVALID_ARGUMENT;
	info->numer = 1;
	info->denom = 1;
	return KERN_SUCCESS;
}

uint64_t mach_absolute_time(void)
{
	return ns(CLOCK_MONOTONIC);
}

uint64_t mach_approximate_time(void)
{
	return ns(CLOCK_MONOTONIC_COARSE);
}

uint64_t mach_continuous_time(void)
{
	return ns(CLOCK_BOOTTIME);
}
