/* CoreFoundation/CFDate.h for libIOKit on Linux: absolute time (seconds
 * since 2001-01-01 00:00:00 UTC, as a double) and immutable CFDate objects.
 * Dates are equal when their times are; CFShow prints the UTC time. */
#ifndef __COREFOUNDATION_CFDATE__
#define __COREFOUNDATION_CFDATE__

#include <CoreFoundation/CFBase.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef __IOKITFS_CFTIMEINTERVAL
#define __IOKITFS_CFTIMEINTERVAL
typedef double CFTimeInterval;
#endif
typedef CFTimeInterval CFAbsoluteTime;

CF_EXPORT const CFTimeInterval kCFAbsoluteTimeIntervalSince1970;	/* 978307200.0 */
CF_EXPORT const CFTimeInterval kCFAbsoluteTimeIntervalSince1904;	/* 3061152000.0 */

/* The current time (CLOCK_REALTIME). */
CF_EXPORT CFAbsoluteTime CFAbsoluteTimeGetCurrent(void);

typedef const struct __CFDate *CFDateRef;

CF_EXPORT CFTypeID CFDateGetTypeID(void);
CF_EXPORT CFDateRef CFDateCreate(CFAllocatorRef allocator, CFAbsoluteTime at);
CF_EXPORT CFAbsoluteTime CFDateGetAbsoluteTime(CFDateRef theDate);
CF_EXPORT CFTimeInterval CFDateGetTimeIntervalSinceDate(CFDateRef theDate, CFDateRef otherDate);
CF_EXPORT CFComparisonResult CFDateCompare(CFDateRef theDate, CFDateRef otherDate, void *context);

#ifdef __cplusplus
}
#endif

#endif
