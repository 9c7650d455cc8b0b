/* IOKit objects: registry-entry handles and their cached info, reference
 * counting (the Mach port table's user references), class queries. */
#include "iokit_internal.h"

#include <mach/mach.h>
#include <string.h>
#include <talloc.h>

#include <CoreFoundation/CoreFoundation.h>

/* ---- entry state ---- */

static int entry_destructor(struct iokit_entry *e)
{
	pthread_mutex_destroy(&e->lock);
	return 0;
}

static void entry_destroy(void *state)
{
	talloc_free(state);
}

static struct iokit_entry *entry_new(uint64_t id)
{
	struct iokit_entry *e = talloc_zero(NULL, struct iokit_entry);

	if (!e)
		return NULL;
	pthread_mutex_init(&e->lock, NULL);
	talloc_set_destructor(e, entry_destructor);
	e->id = id;
	return e;
}

/* Replaces *slot with a copy of s (NULL clears it). */
static void set_field(struct iokit_entry *e, char **slot, const char *s)
{
	char *copy = s ? talloc_strdup(e, s) : NULL;

	if (s && !copy)
		return;		/* out of memory: keep the old value */
	talloc_free(*slot);
	*slot = copy;
}

void iokit_entry_update(struct iokit_entry *e, struct reg_value *info, const char *plane)
{
	const char *name = iokit_get_string(info, "name");
	const char *global = iokit_get_string(info, "global_name");
	const struct reg_value *supers;

	if (!name)
		return;
	pthread_mutex_lock(&e->lock);
	set_field(e, &e->info_plane, plane ? plane : "");
	set_field(e, &e->name, name);
	set_field(e, &e->location, iokit_get_string(info, "location"));
	set_field(e, &e->global_name, global ? global : name);
	if (iokit_get_string(info, "class"))
		set_field(e, &e->class_name, iokit_get_string(info, "class"));
	set_field(e, &e->class_override, iokit_get_string(info, "class_override"));
	if (iokit_get_u64(info, "retain", &e->retain))
		e->fresh_retain = true;
	if (iokit_get_u64(info, "state", &e->state)) {
		iokit_get_u64(info, "busy", &e->busy);
		iokit_get_u64(info, "busy_time", &e->busy_time);
		e->service = iokit_get_bool(info, "service");
		e->fresh_state = true;
	}
	{
		/* Moved, not copied: a match reply carries every property of up
		 * to 64 entries, and a copy of them cost more than the call. */
		struct reg_value *props = reg_dict_get(info, "properties");

		if (props && props->type == REG_DICT) {
			talloc_free(e->props);
			e->props = reg_dict_take(info, "properties", e);
			e->fresh_props = true;
		}
	}
	supers = reg_dict_get(info, "superclasses");
	if (supers && supers->type == REG_ARRAY) {
		char **list = talloc_zero_array(e, char *, supers->u.array.count + 1);

		for (size_t i = 0; list && i < supers->u.array.count; i++) {
			const struct reg_value *s = supers->u.array.items[i];

			list[i] = talloc_strdup(list, reg_value_is_string(s) ? s->u.string.chars : "");
		}
		if (list) {
			talloc_free(e->superclasses);
			e->superclasses = list;
		}
	}
	pthread_mutex_unlock(&e->lock);
}

kern_return_t iokit_entry_name(uint64_t id, struct reg_value *info, const char *plane,
			       io_object_t *out)
{
	struct iokit_entry *e;
	struct port_hold hold;
	bool inserted;
	kern_return_t kr;

	*out = IO_OBJECT_NULL;
	kr = port_table_retain_keyed(PORT_KIND_REGISTRY_ENTRY, id, out);
	if (kr == KERN_SUCCESS) {
		if (info && port_table_hold(*out, PORT_KIND_REGISTRY_ENTRY, &hold) == KERN_SUCCESS) {
			iokit_entry_update(hold.state, info, plane);
			port_table_unhold(&hold);
		}
		return KERN_SUCCESS;
	}
	e = entry_new(id);
	if (!e)
		return kIOReturnNoMemory;
	if (info)
		iokit_entry_update(e, info, plane);
	kr = port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, id, e, entry_destroy, out,
				     &inserted);
	if (kr != KERN_SUCCESS || !inserted)
		talloc_free(e);	/* another thread made the name first */
	return kr;
}

kern_return_t iokit_entry_hold(io_object_t o, struct port_hold *hold, struct iokit_entry **e)
{
	kern_return_t kr = port_table_hold(o, PORT_KIND_REGISTRY_ENTRY, hold);

	*e = kr == KERN_SUCCESS ? hold->state : NULL;
	return kr;
}

kern_return_t iokit_entry_fetch(void *ctx, struct iokit_entry *e, const char *plane,
				const struct reg_value **info_out)
{
	struct reg_value *args = iokit_args_id(ctx, e->id), *reply = NULL;
	struct reg_value *info;
	kern_return_t kr;

	if (!args || (plane && !iokit_put_string(args, "plane", plane)))
		return kIOReturnNoMemory;
	kr = iokit_call(ctx, RPC_OP_ENTRY_INFO, args, &reply);
	talloc_free(args);
	if (kr != KERN_SUCCESS)
		return kr;
	info = reg_dict_get(reply, "info");
	if (!info || info->type != REG_DICT)
		return kIOReturnIPCError;
	iokit_entry_update(e, info, plane);
	if (info_out)
		*info_out = info;
	return KERN_SUCCESS;
}

/* Makes sure e's class (and superclasses if asked) are cached. */
static kern_return_t ensure_class(struct iokit_entry *e, bool superclasses)
{
	void *tmp;
	char *plane = NULL;
	bool known;
	kern_return_t kr;

	pthread_mutex_lock(&e->lock);
	known = e->class_name && (!superclasses || e->superclasses);
	pthread_mutex_unlock(&e->lock);
	if (known)
		return KERN_SUCCESS;
	tmp = talloc_new(NULL);
	if (!tmp)
		return kIOReturnNoMemory;
	/* Ask in the cached names' plane, so the cache stays of one plane. */
	pthread_mutex_lock(&e->lock);
	if (e->info_plane && e->info_plane[0])
		plane = talloc_strdup(tmp, e->info_plane);
	pthread_mutex_unlock(&e->lock);
	kr = iokit_entry_fetch(tmp, e, plane, NULL);
	talloc_free(tmp);
	return kr;
}

/* ---- IOObject ---- */

kern_return_t IOObjectRelease(io_object_t object)
{
	return mach_port_deallocate(mach_task_self(), object);
}

kern_return_t IOObjectRetain(io_object_t object)
{
	kern_return_t kr = mach_port_mod_refs(mach_task_self(), object, MACH_PORT_RIGHT_SEND, 1);

	if (kr == KERN_INVALID_RIGHT)
		kr = mach_port_mod_refs(mach_task_self(), object, MACH_PORT_RIGHT_DEAD_NAME, 1);
	return kr;
}

boolean_t IOObjectIsEqualTo(io_object_t object, io_object_t anObject)
{
	return object == anObject;
}

uint32_t IOObjectGetUserRetainCount(io_object_t object)
{
	mach_port_urefs_t refs = 0;

	if (mach_port_get_refs(mach_task_self(), object, MACH_PORT_RIGHT_SEND, &refs) !=
	    KERN_SUCCESS)
		return 0;
	return refs;
}

uint32_t IOObjectGetKernelRetainCount(io_object_t object)
{
	struct port_hold hold;
	struct iokit_entry *e;
	const struct reg_value *info;
	uint64_t retain = 0;
	void *tmp;

	if (port_table_hold(object, PORT_KINDS_IO_OBJECT, &hold) != KERN_SUCCESS)
		return 0;
	if (hold.kind != PORT_KIND_REGISTRY_ENTRY) {
		/* The object behind another handle lives as long as the handle. */
		port_table_unhold(&hold);
		return 1;
	}
	e = hold.state;
	pthread_mutex_lock(&e->lock);
	if (e->fresh_retain) {
		retain = e->retain;
		e->fresh_retain = false;
		pthread_mutex_unlock(&e->lock);
		port_table_unhold(&hold);
		return (uint32_t)retain;
	}
	pthread_mutex_unlock(&e->lock);
	tmp = talloc_new(NULL);
	if (tmp && iokit_entry_fetch(tmp, e, NULL, &info) == KERN_SUCCESS)
		iokit_get_u64(info, "retain", &retain);
	talloc_free(tmp);
	/* The fetch refreshed the cache: this answer used it. */
	pthread_mutex_lock(&e->lock);
	e->fresh_retain = false;
	pthread_mutex_unlock(&e->lock);
	port_table_unhold(&hold);
	return (uint32_t)retain;
}

uint32_t IOObjectGetRetainCount(io_object_t object)
{
	return IOObjectGetKernelRetainCount(object);
}

/* The class IOObjectGetClass reports for a handle, copied to out. */
static kern_return_t object_class(io_object_t object, char *out, size_t size)
{
	struct port_hold hold;
	struct iokit_entry *e;
	kern_return_t kr;

	kr = port_table_hold(object, PORT_KINDS_IO_OBJECT, &hold);
	if (kr != KERN_SUCCESS)
		return kr;
	if (hold.kind == PORT_KIND_ITERATOR) {
		iokit_copy_name(out, size, "IOUserIterator");
		port_table_unhold(&hold);
		return KERN_SUCCESS;
	}
	if (hold.kind != PORT_KIND_REGISTRY_ENTRY) {
		port_table_unhold(&hold);
		return kIOReturnBadArgument;
	}
	e = hold.state;
	kr = ensure_class(e, false);
	if (kr == KERN_SUCCESS) {
		pthread_mutex_lock(&e->lock);
		iokit_copy_name(out, size, e->class_override ? e->class_override : e->class_name);
		pthread_mutex_unlock(&e->lock);
	}
	port_table_unhold(&hold);
	return kr;
}

kern_return_t IOObjectGetClass(io_object_t object, io_name_t className)
{
	if (!className)
		return kIOReturnBadArgument;
	return object_class(object, className, sizeof(io_name_t));
}

CFStringRef IOObjectCopyClass(io_object_t object)
{
	io_name_t name;

	if (object == IO_OBJECT_NULL || object_class(object, name, sizeof(name)) != KERN_SUCCESS)
		return NULL;
	return CFStringCreateWithCString(kCFAllocatorDefault, name, kCFStringEncodingUTF8);
}

boolean_t IOObjectConformsTo(io_object_t object, const char *className)
{
	struct port_hold hold;
	struct iokit_entry *e;
	boolean_t conforms = false;

	if (!className || port_table_hold(object, PORT_KINDS_IO_OBJECT, &hold) != KERN_SUCCESS)
		return false;
	if (hold.kind == PORT_KIND_ITERATOR) {
		conforms = strcmp(className, "IOUserIterator") == 0 ||
			   strcmp(className, "OSIterator") == 0 ||
			   strcmp(className, "OSObject") == 0;
	} else if (hold.kind == PORT_KIND_REGISTRY_ENTRY) {
		e = hold.state;
		if (ensure_class(e, true) == KERN_SUCCESS) {
			pthread_mutex_lock(&e->lock);
			conforms = strcmp(e->class_name, className) == 0 ||
				   (e->class_override && strcmp(e->class_override, className) == 0);
			for (char **s = e->superclasses; !conforms && s && *s; s++)
				conforms = strcmp(*s, className) == 0;
			pthread_mutex_unlock(&e->lock);
		}
	}
	port_table_unhold(&hold);
	return conforms;
}

/* IOObjectCopySuperclassForClass / ...BundleIdentifierForClass: one
 * class_info request; key is "superclass" or "bundle". */
static CFStringRef copy_class_info(CFStringRef classname, const char *key)
{
	void *tmp;
	struct reg_value *args, *reply = NULL;
	const char *value;
	char name[sizeof(io_name_t)];
	CFStringRef out = NULL;

	if (!classname ||
	    !CFStringGetCString(classname, name, sizeof(name), kCFStringEncodingUTF8))
		return NULL;
	tmp = talloc_new(NULL);
	args = tmp ? reg_value_new_dict(tmp) : NULL;
	if (args && iokit_put_string(args, "class", name) &&
	    iokit_call(tmp, RPC_OP_CLASS_INFO, args, &reply) == KERN_SUCCESS &&
	    (value = iokit_get_string(reply, key)))
		out = CFStringCreateWithCString(kCFAllocatorDefault, value, kCFStringEncodingUTF8);
	talloc_free(tmp);
	return out;
}

CFStringRef IOObjectCopySuperclassForClass(CFStringRef classname)
{
	return copy_class_info(classname, "superclass");
}

CFStringRef IOObjectCopyBundleIdentifierForClass(CFStringRef classname)
{
	return copy_class_info(classname, "bundle");
}
