/* ioreg's private IOKitLib calls, falling back to the public ones when
 * the libIOKit it runs with lacks them (see ioreg_private.h).  A fallback
 * changes what ioreg shows, so it says so, once per call. */
#include <stdio.h>
#include <string.h>

#include "ioreg_private.h"

/* Single-threaded tool: a flag per missing call is enough. */
static void missing(const char *call, const char *effect)
{
	static const char *said[4];

	for (size_t i = 0; i < sizeof(said) / sizeof(said[0]); i++) {
		if (said[i] == call)
			return;
		if (!said[i]) {
			said[i] = call;
			fprintf(stderr, "ioreg: warning: libIOKit has no %s: %s.\n", call, effect);
			return;
		}
	}
}

kern_return_t ioreg_get_class(io_object_t object, io_name_t class_name)
{
	if (IOREG_AVAILABLE(_IOObjectGetClass))
		return _IOObjectGetClass(object, kIOClassNameOverrideNone, class_name);
	missing("_IOObjectGetClass", "classes are shown as IOClassNameOverride names them");
	return IOObjectGetClass(object, class_name);
}

CFStringRef ioreg_copy_class(io_object_t object)
{
	if (IOREG_AVAILABLE(_IOObjectCopyClass))
		return _IOObjectCopyClass(object, kIOClassNameOverrideNone);
	missing("_IOObjectCopyClass", "classes are shown as IOClassNameOverride names them");
	return IOObjectCopyClass(object);
}

boolean_t ioreg_conforms_to(io_object_t object, const char *class_name)
{
	if (IOREG_AVAILABLE(_IOObjectConformsTo))
		return _IOObjectConformsTo(object, class_name, kIOClassNameOverrideNone);
	missing("_IOObjectConformsTo", "-c also matches IOClassNameOverride names");
	return IOObjectConformsTo(object, class_name);
}

kern_return_t ioreg_busy_state(io_service_t service, uint64_t *state, uint32_t *busy,
			       uint64_t *busy_time)
{
	if (IOREG_AVAILABLE(IOServiceGetBusyStateAndTime))
		return IOServiceGetBusyStateAndTime(service, state, busy, busy_time);
	missing("IOServiceGetBusyStateAndTime", "no service state, busy count or busy time");
	return kIOReturnUnsupported;
}
