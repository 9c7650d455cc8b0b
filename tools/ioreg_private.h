/* The IOKitLib SPI that macOS's ioreg takes from <IOKit/IOKitLibPrivate.h>
 * and <IOKit/IOKitKeysPrivate.h>: the class without IOClassNameOverride,
 * and a service's state, busy count and busy time in one call.
 *
 * When libIOKit installs IOKitLibPrivate.h, that header is used.  Until
 * then the declarations are here, weak, so that ioreg still builds and
 * runs against a libIOKit without them: each call site checks the symbol
 * and falls back to the public call (IOObjectGetClass, IOObjectConformsTo)
 * or to the error path ioreg takes when the call fails. */
#ifndef IOKITFS_TOOLS_IOREG_PRIVATE_H
#define IOKITFS_TOOLS_IOREG_PRIVATE_H

#include <stdint.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

#if defined(__has_include)
#if __has_include(<IOKit/IOKitLibPrivate.h>)
#include <IOKit/IOKitLibPrivate.h>
#define IOREG_HAVE_PRIVATE_HEADER 1
#endif
#if __has_include(<IOKit/IOKitKeysPrivate.h>)
#include <IOKit/IOKitKeysPrivate.h>
#endif
#endif

#ifndef IOREG_HAVE_PRIVATE_HEADER
#define IOREG_WEAK __attribute__((weak))

IOREG_WEAK kern_return_t IOServiceGetBusyStateAndTime(io_service_t service, uint64_t *state,
						      uint32_t *busy_state,
						      uint64_t *accumulated_busy_time);
IOREG_WEAK boolean_t _IOObjectConformsTo(io_object_t object, const char *className,
					 uint64_t options);
IOREG_WEAK kern_return_t _IOObjectGetClass(io_object_t object, uint64_t options,
					   io_name_t className);
IOREG_WEAK CFStringRef _IOObjectCopyClass(io_object_t object, uint64_t options);

enum {
	kIOClassNameOverrideNone = 0x00000001
};

#define IOREG_AVAILABLE(fn) ((fn) != NULL)
#else
#define IOREG_AVAILABLE(fn) 1
#endif

/* ---- ioreg_spi.c: the calls above, with their fallbacks ---- */

/* The class without IOClassNameOverride (_IOObjectGetClass). */
kern_return_t ioreg_get_class(io_object_t object, io_name_t class_name);
CFStringRef ioreg_copy_class(io_object_t object);
boolean_t ioreg_conforms_to(io_object_t object, const char *class_name);
/* State bits, busy count and accumulated busy nanoseconds. */
kern_return_t ioreg_busy_state(io_service_t service, uint64_t *state, uint32_t *busy,
			       uint64_t *busy_time);

#endif
