/* IOKitLibPrivate.h: the calls ioreg needs beyond the public API. */
#include <string.h>
#include <talloc.h>

#include <IOKit/IOKitLibPrivate.h>

#include "iokit_internal.h"
#include "port_table.h"

/* A fresh info dictionary for a registry-entry handle (one request). */
static kern_return_t fetch_info(void *ctx, io_object_t object, const struct reg_value **info)
{
	struct port_hold hold;
	struct iokit_entry *e;
	kern_return_t kr;

	kr = iokit_entry_hold(object, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = iokit_entry_fetch(ctx, e, NULL, info);
	port_table_unhold(&hold);
	return kr;
}

/* The state from the handle's last snapshot, if not served yet (see
 * struct iokit_entry).  True when it answered (*kr says how). */
static bool take_fresh_state(io_object_t object, uint64_t *state, uint64_t *busy,
			     uint64_t *time, kern_return_t *kr)
{
	struct port_hold hold;
	struct iokit_entry *e;
	bool taken = false;

	if (iokit_entry_hold(object, &hold, &e) != KERN_SUCCESS)
		return false;
	pthread_mutex_lock(&e->lock);
	if (e->fresh_state) {
		e->fresh_state = false;
		taken = true;
		*kr = e->service ? KERN_SUCCESS : kIOReturnBadArgument;
		*state = e->state;
		*busy = e->busy;
		*time = e->busy_time;
	}
	pthread_mutex_unlock(&e->lock);
	port_table_unhold(&hold);
	return taken;
}

kern_return_t IOServiceGetBusyStateAndTime(io_service_t service, uint64_t *state,
					   uint32_t *busy_state, uint64_t *accumulated_busy_time)
{
	void *tmp = talloc_new(NULL);
	const struct reg_value *info = NULL;
	uint64_t st = 0, busy = 0, time = 0;
	kern_return_t kr, ignored;

	if (!tmp)
		return kIOReturnNoMemory;
	if (take_fresh_state(service, &st, &busy, &time, &kr)) {
		talloc_free(tmp);
		if (kr == KERN_SUCCESS) {
			if (state)
				*state = st;
			if (busy_state)
				*busy_state = (uint32_t)busy;
			if (accumulated_busy_time)
				*accumulated_busy_time = time;
		}
		return kr;
	}
	kr = fetch_info(tmp, service, &info);
	if (kr == KERN_SUCCESS && !iokit_get_bool(info, "service"))
		kr = kIOReturnBadArgument;	/* not an IOService, as the kernel says */
	if (kr == KERN_SUCCESS) {
		iokit_get_u64(info, "state", &st);
		iokit_get_u64(info, "busy", &busy);
		iokit_get_u64(info, "busy_time", &time);
		if (state)
			*state = st;
		if (busy_state)
			*busy_state = (uint32_t)busy;
		if (accumulated_busy_time)
			*accumulated_busy_time = time;
	}
	talloc_free(tmp);
	/* The fetch refreshed the snapshot and this answer used it. */
	take_fresh_state(service, &st, &busy, &time, &ignored);
	return kr;
}

kern_return_t IOServiceGetState(io_service_t service, uint64_t *state)
{
	return IOServiceGetBusyStateAndTime(service, state, NULL, NULL);
}

/* The class name, with the override unless options say none. */
static kern_return_t class_of(io_object_t object, uint64_t options, char *out, size_t size)
{
	struct port_hold hold;
	struct iokit_entry *e;
	kern_return_t kr = KERN_SUCCESS;

	/* With the override, or for handles that are not entries (whose
	 * classes have none), the public call answers. */
	if (!(options & kIOClassNameOverrideNone) ||
	    iokit_entry_hold(object, &hold, &e) != KERN_SUCCESS)
		return IOObjectGetClass(object, out);
	pthread_mutex_lock(&e->lock);
	bool known = e->class_name != NULL;
	pthread_mutex_unlock(&e->lock);
	if (!known) {
		void *tmp = talloc_new(NULL);
		kr = tmp ? iokit_entry_fetch(tmp, e, NULL, NULL) : kIOReturnNoMemory;
		talloc_free(tmp);
	}
	if (kr == KERN_SUCCESS) {
		pthread_mutex_lock(&e->lock);
		iokit_copy_name(out, size, e->class_name);
		pthread_mutex_unlock(&e->lock);
	}
	port_table_unhold(&hold);
	return kr;
}

kern_return_t _IOObjectGetClass(io_object_t object, uint64_t options, io_name_t className)
{
	if (!className)
		return kIOReturnBadArgument;
	return class_of(object, options, className, sizeof(io_name_t));
}

CFStringRef _IOObjectCopyClass(io_object_t object, uint64_t options)
{
	io_name_t name;

	if (object == IO_OBJECT_NULL || class_of(object, options, name, sizeof(name)) != KERN_SUCCESS)
		return NULL;
	return CFStringCreateWithCString(kCFAllocatorDefault, name, kCFStringEncodingUTF8);
}

boolean_t _IOObjectConformsTo(io_object_t object, const char *className, uint64_t options)
{
	struct port_hold hold;
	struct iokit_entry *e;
	boolean_t conforms = false;

	if (!(options & kIOClassNameOverrideNone))
		return IOObjectConformsTo(object, className);
	if (!className || iokit_entry_hold(object, &hold, &e) != KERN_SUCCESS)
		return IOObjectConformsTo(object, className);
	/* IOObjectConformsTo fills the class chain; then only the real
	 * class and its superclasses count, not the override. */
	(void)IOObjectConformsTo(object, "OSObject");
	pthread_mutex_lock(&e->lock);
	conforms = e->class_name && strcmp(e->class_name, className) == 0;
	for (char **s = e->superclasses; !conforms && s && *s; s++)
		conforms = strcmp(*s, className) == 0;
	pthread_mutex_unlock(&e->lock);
	port_table_unhold(&hold);
	return conforms;
}
