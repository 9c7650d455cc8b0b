/* IOKit/pwr_mgt/IOPMLib.h (subset): the power-management keys and types.
 * The IOPM* calls (assertions, sleep/wake registration, schedules) are
 * not provided: Linux's power management is not reachable through the
 * registry.  The root domain itself is IOServiceMatching("IOPMrootDomain"). */
#ifndef _IOKIT_PWRMGT_IOPMLIB_H
#define _IOKIT_PWRMGT_IOPMLIB_H

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/pwr_mgt/IOPM.h>
#include <IOKit/pwr_mgt/IOPMKeys.h>

typedef uint32_t IOPMAssertionID;
typedef uint32_t IOPMAssertionLevel;
enum {
	kIOPMAssertionLevelOff = 0,
	kIOPMAssertionLevelOn = 255
};
#define kIOPMNullAssertionID	((IOPMAssertionID)0)

#endif
