/* Registry entries: the root, paths both ways, names and locations (from
 * the entry's cached info when it is for the plane asked), IDs. */
#include "iokit_internal.h"

#include <mach/mach.h>
#include <string.h>
#include <talloc.h>

#include <CoreFoundation/CoreFoundation.h>

io_registry_entry_t IORegistryGetRootEntry(mach_port_t mainPort)
{
	io_registry_entry_t root = IO_OBJECT_NULL;
	struct reg_value *reply = NULL;
	uint64_t id;
	void *tmp;

	if (iokit_check_main_port(mainPort) != KERN_SUCCESS)
		return IO_OBJECT_NULL;
	tmp = talloc_new(NULL);
	if (tmp && iokit_call(tmp, RPC_OP_ROOT, NULL, &reply) == KERN_SUCCESS &&
	    iokit_get_u64(reply, "id", &id))
		iokit_entry_name(id, NULL, NULL, &root);
	talloc_free(tmp);
	return root;
}

static io_registry_entry_t lookup_path(mach_port_t mainPort, const char *path)
{
	io_registry_entry_t entry = IO_OBJECT_NULL;
	struct reg_value *args, *reply = NULL;
	uint64_t id;
	void *tmp;

	if (!path || iokit_check_main_port(mainPort) != KERN_SUCCESS)
		return IO_OBJECT_NULL;
	tmp = talloc_new(NULL);
	args = tmp ? reg_value_new_dict(tmp) : NULL;
	if (args && iokit_put_string(args, "path", path) &&
	    iokit_call(tmp, RPC_OP_LOOKUP_PATH, args, &reply) == KERN_SUCCESS &&
	    iokit_get_u64(reply, "id", &id))
		iokit_entry_name(id, NULL, NULL, &entry);
	talloc_free(tmp);
	return entry;
}

io_registry_entry_t IORegistryEntryFromPath(mach_port_t mainPort, const char *path)
{
	char copy[sizeof(io_string_t)];

	if (!path)
		return IO_OBJECT_NULL;
	/* An io_string_t travels as a c_string[*:512]. */
	iokit_copy_name(copy, sizeof(copy), path);
	return lookup_path(mainPort, copy);
}

io_registry_entry_t IORegistryEntryCopyFromPath(mach_port_t mainPort, CFStringRef path)
{
	io_registry_entry_t entry;
	CFIndex size;
	char *buf;

	if (!path || CFGetTypeID(path) != CFStringGetTypeID())
		return IO_OBJECT_NULL;
	size = CFStringGetMaximumSizeForEncoding(CFStringGetLength(path), kCFStringEncodingUTF8) + 1;
	buf = talloc_size(NULL, (size_t)size);
	if (!buf || !CFStringGetCString(path, buf, size, kCFStringEncodingUTF8)) {
		talloc_free(buf);
		return IO_OBJECT_NULL;
	}
	entry = lookup_path(mainPort, buf);
	talloc_free(buf);
	return entry;
}

/* The entry's path in plane, on ctx. */
static kern_return_t entry_path(void *ctx, io_registry_entry_t entry, const char *plane,
				const char **path)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct reg_value *args, *reply = NULL;
	kern_return_t kr;

	*path = NULL;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	args = iokit_args_id(ctx, e->id);
	port_table_unhold(&hold);
	if (!plane)
		return kIOReturnBadArgument;
	if (!args || !iokit_put_string(args, "plane", plane))
		return kIOReturnNoMemory;
	kr = iokit_call(ctx, RPC_OP_PATH, args, &reply);
	if (kr == KERN_SUCCESS && !(*path = iokit_get_string(reply, "path")))
		kr = kIOReturnIPCError;
	return kr;
}

kern_return_t IORegistryEntryGetPath(io_registry_entry_t entry, const char *plane,
				     io_string_t path)
{
	void *tmp = talloc_new(NULL);
	const char *p;
	kern_return_t kr;

	if (!tmp)
		return kIOReturnNoMemory;
	kr = entry_path(tmp, entry, plane, &p);
	if (kr == KERN_SUCCESS) {
		/* The kernel keeps two bytes of headroom in the 512. */
		if (strlen(p) + 2 >= sizeof(io_string_t))
			kr = kIOReturnBadArgument;
		else if (path)
			strcpy(path, p);
		else
			kr = kIOReturnBadArgument;
	}
	talloc_free(tmp);
	return kr;
}

CFStringRef IORegistryEntryCopyPath(io_registry_entry_t entry, const char *plane)
{
	void *tmp = talloc_new(NULL);
	CFStringRef out = NULL;
	const char *p;

	/* Up to 16384 bytes out of line, as IOKitLib asks. */
	if (tmp && entry_path(tmp, entry, plane, &p) == KERN_SUCCESS && strlen(p) < 16384)
		out = CFStringCreateWithCString(kCFAllocatorDefault, p, kCFStringEncodingUTF8);
	talloc_free(tmp);
	return out;
}

kern_return_t IORegistryEntryGetRegistryEntryID(io_registry_entry_t entry, uint64_t *entryID)
{
	struct port_hold hold;
	struct iokit_entry *e;
	kern_return_t kr;

	if (!entryID)
		return kIOReturnBadArgument;
	*entryID = 0;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	*entryID = e->id;
	port_table_unhold(&hold);
	return KERN_SUCCESS;
}

/* Which name: the name or the location in a plane, or the global name. */
enum name_field { FIELD_NAME, FIELD_LOCATION, FIELD_GLOBAL_NAME };

static kern_return_t get_name_field(io_registry_entry_t entry, const char *plane,
				    enum name_field field, char *out)
{
	struct port_hold hold;
	struct iokit_entry *e;
	const char *value;
	bool cached;
	kern_return_t kr;

	if (!out)
		return kIOReturnBadArgument;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	/* A NULL plane travels as "": the global name and location. */
	if (!plane)
		plane = "";
	pthread_mutex_lock(&e->lock);
	cached = field == FIELD_GLOBAL_NAME ? e->global_name != NULL
		 : e->info_plane && strcmp(e->info_plane, plane) == 0;
	pthread_mutex_unlock(&e->lock);
	if (!cached) {
		void *tmp = talloc_new(NULL);

		kr = tmp ? iokit_entry_fetch(tmp, e, field == FIELD_GLOBAL_NAME ? NULL : plane, NULL)
			 : kIOReturnNoMemory;
		talloc_free(tmp);
	}
	if (kr == KERN_SUCCESS) {
		pthread_mutex_lock(&e->lock);
		value = field == FIELD_NAME ? e->name
			: field == FIELD_LOCATION ? e->location : e->global_name;
		if (value)
			iokit_copy_name(out, sizeof(io_name_t), value);
		else
			kr = kIOReturnNotFound;
		pthread_mutex_unlock(&e->lock);
	}
	port_table_unhold(&hold);
	return kr;
}

kern_return_t IORegistryEntryGetName(io_registry_entry_t entry, io_name_t name)
{
	return get_name_field(entry, NULL, FIELD_GLOBAL_NAME, name);
}

kern_return_t IORegistryEntryGetNameInPlane(io_registry_entry_t entry, const char *plane,
					    io_name_t name)
{
	return get_name_field(entry, plane, FIELD_NAME, name);
}

kern_return_t IORegistryEntryGetLocationInPlane(io_registry_entry_t entry,
						const char *plane, io_name_t location)
{
	return get_name_field(entry, plane, FIELD_LOCATION, location);
}

boolean_t IORegistryEntryInPlane(io_registry_entry_t entry, const char *plane)
{
	struct port_hold hold;
	struct iokit_entry *e;
	const struct reg_value *info;
	boolean_t in = false;
	void *tmp;

	if (iokit_entry_hold(entry, &hold, &e) != KERN_SUCCESS)
		return false;
	tmp = talloc_new(NULL);
	/* NULL or unknown plane: "in any plane" (the daemon's reading of an
	 * unknown name). */
	if (tmp && iokit_entry_fetch(tmp, e, plane ? plane : "", &info) == KERN_SUCCESS)
		in = iokit_get_bool(info, "in_plane");
	talloc_free(tmp);
	port_table_unhold(&hold);
	return in;
}
