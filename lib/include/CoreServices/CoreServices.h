/* CoreServices/CoreServices.h for libIOKit on Linux: CoreFoundation, the
 * Mac types, byte order and atomics (what tools written against the
 * umbrella use of it). */
#ifndef __CORESERVICES__
#define __CORESERVICES__

#include <MacTypes.h>
#include <CoreFoundation/CoreFoundation.h>
#include <libkern/OSAtomic.h>
#include <libkern/OSByteOrder.h>
#include <mach/mach_time.h>

#endif
