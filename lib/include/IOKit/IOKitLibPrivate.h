/* IOKitLib's private calls that macOS's own tools (ioreg) use: the class
 * without IOClassNameOverride, and a service's state, busy count and busy
 * time.  Same signatures as Apple's IOKitLibPrivate.h. */
#ifndef _IOKIT_IOKITLIBPRIVATE_H
#define _IOKIT_IOKITLIBPRIVATE_H

#include <stdint.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	kIOClassNameOverrideNone = 0x00000001
};

kern_return_t IOServiceGetState(io_service_t service, uint64_t *state);
/* IOKitWaitQuiet with options (macOS 13 SPI; the options, a panic on
 * timeout, are ignored). */
kern_return_t IOKitWaitQuietWithOptions(mach_port_t mainPort, mach_timespec_t *waitTime,
					IOOptionBits options);
kern_return_t IOServiceGetBusyStateAndTime(io_service_t service, uint64_t *state,
					   uint32_t *busy_state, uint64_t *accumulated_busy_time);
boolean_t _IOObjectConformsTo(io_object_t object, const char *className, uint64_t options);
kern_return_t _IOObjectGetClass(io_object_t object, uint64_t options, io_name_t className);
CFStringRef _IOObjectCopyClass(io_object_t object, uint64_t options);

#ifdef __cplusplus
}
#endif

#endif
