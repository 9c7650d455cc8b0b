/* Matching dictionaries and IOService lookup: one request per lookup, the
 * dictionary sent in IOKit's binary serialization. */
#include "iokit_internal.h"

#include <mach/mach.h>
#include <talloc.h>

#include <CoreFoundation/CoreFoundation.h>

#include "cf_reg_value.h"

static CFMutableDictionaryRef one_key_dictionary(CFStringRef key, CFTypeRef value)
{
	CFMutableDictionaryRef d;

	if (!value)
		return NULL;
	d = CFDictionaryCreateMutable(kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks,
				      &kCFTypeDictionaryValueCallBacks);
	if (d)
		CFDictionarySetValue(d, key, value);
	CFRelease(value);
	return d;
}

static CFMutableDictionaryRef string_matching(CFStringRef key, const char *s)
{
	if (!s)
		return NULL;
	return one_key_dictionary(key, CFStringCreateWithCString(kCFAllocatorDefault, s,
								   kCFStringEncodingMacRoman));
}

CFMutableDictionaryRef IOServiceMatching(const char *name)
{
	return string_matching(CFSTR(kIOProviderClassKey), name);
}

CFMutableDictionaryRef IOServiceNameMatching(const char *name)
{
	return string_matching(CFSTR(kIONameMatchKey), name);
}

CFMutableDictionaryRef IOBSDNameMatching(mach_port_t mainPort, uint32_t options,
					 const char *bsdName)
{
	(void)mainPort;
	(void)options;
	return string_matching(CFSTR("BSD Name"), bsdName);
}

CFMutableDictionaryRef IORegistryEntryIDMatching(uint64_t entryID)
{
	int64_t id = (int64_t)entryID;

	return one_key_dictionary(CFSTR(kIORegistryEntryIDKey),
				  CFNumberCreate(kCFAllocatorDefault, kCFNumberSInt64Type, &id));
}

CFMutableDictionaryRef IOOpenFirmwarePathMatching(mach_port_t mainPort, uint32_t options,
						  const char *path)
{
	CFMutableDictionaryRef d;
	char *full;

	(void)mainPort;
	(void)options;
	if (!path || !(full = talloc_asprintf(NULL, "IODeviceTree:%s", path)))
		return NULL;
	d = string_matching(CFSTR("IOPathMatch"), full);
	talloc_free(full);
	return d;
}

/* Runs a match request; *reply on ctx.  Does not release matching. */
static kern_return_t match(void *ctx, mach_port_t mainPort, CFDictionaryRef matching,
			   bool first, bool with_properties, struct reg_value **reply)
{
	struct reg_value *args, *m;
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!matching || CFGetTypeID(matching) != CFDictionaryGetTypeID())
		return kIOReturnBadArgument;
	args = reg_value_new_dict(ctx);
	if (!args)
		return kIOReturnNoMemory;
	m = cf_to_reg_value(args, matching);
	if (!m)
		return kIOReturnUnsupported;	/* IOCFSerialize failed */
	if (reg_dict_set(args, "matching", m) != 0 ||
	    (first && !iokit_put_bool(args, "first", true)) ||
	    (with_properties && !iokit_put_bool(args, "with_properties", true)))
		return kIOReturnNoMemory;
	return iokit_call(ctx, RPC_OP_MATCH, args, reply);
}

io_service_t IOServiceGetMatchingService(mach_port_t mainPort, CFDictionaryRef matching)
{
	void *tmp;
	struct reg_value *reply = NULL;
	const struct reg_value *ids;
	io_service_t service = IO_OBJECT_NULL;

	if (!matching)
		return IO_OBJECT_NULL;
	tmp = talloc_new(NULL);
	if (tmp && match(tmp, mainPort, matching, true, false, &reply) == KERN_SUCCESS) {
		ids = reg_dict_get(reply, "ids");
		if (ids && ids->type == REG_ARRAY && ids->u.array.count > 0 &&
		    ids->u.array.items[0]->type == REG_NUMBER)
			iokit_entry_name((uint64_t)ids->u.array.items[0]->u.number.value, NULL,
					 NULL, &service);
	}
	talloc_free(tmp);
	CFRelease(matching);
	return service;
}

kern_return_t IOServiceGetMatchingServices(mach_port_t mainPort, CFDictionaryRef matching,
					   io_iterator_t *existing)
{
	void *tmp;
	struct reg_value *reply = NULL;
	struct reg_value *ids;
	kern_return_t kr;

	if (!matching)
		return kIOReturnBadArgument;
	if (!existing) {
		CFRelease(matching);
		return kIOReturnBadArgument;
	}
	*existing = IO_OBJECT_NULL;
	tmp = talloc_new(NULL);
	kr = tmp ? match(tmp, mainPort, matching, false, true, &reply) : kIOReturnNoMemory;
	if (kr == KERN_SUCCESS) {
		struct reg_value *infos = reg_dict_get(reply, "infos");

		ids = reg_dict_get(reply, "ids");
		/* Nothing matched: success with no iterator, as the kernel does.
		 * A small result carries each entry's info and properties. */
		if (ids && ids->type == REG_ARRAY && ids->u.array.count > 0)
			kr = iokit_list_iterator(ids, infos && infos->type == REG_ARRAY &&
							      infos->u.array.count == ids->u.array.count
							      ? infos : NULL,
						 NULL, existing);
	}
	talloc_free(tmp);
	CFRelease(matching);
	return kr;
}

kern_return_t IOServiceMatchPropertyTable(io_service_t service, CFDictionaryRef matching,
					  boolean_t *matches)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct reg_value *args, *m, *reply = NULL;
	void *tmp;
	kern_return_t kr;

	kr = iokit_entry_hold(service, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	if (!matching || !matches || CFGetTypeID(matching) != CFDictionaryGetTypeID()) {
		port_table_unhold(&hold);
		return kIOReturnBadArgument;
	}
	tmp = talloc_new(NULL);
	args = tmp ? iokit_args_id(tmp, e->id) : NULL;
	m = args ? cf_to_reg_value(args, matching) : NULL;
	if (!args)
		kr = kIOReturnNoMemory;
	else if (!m)
		kr = kIOReturnUnsupported;
	else if (reg_dict_set(args, "matching", m) != 0)
		kr = kIOReturnNoMemory;
	else
		kr = iokit_call(tmp, RPC_OP_MATCH_ENTRY, args, &reply);
	if (kr == KERN_SUCCESS)
		*matches = iokit_get_bool(reply, "matches");
	talloc_free(tmp);
	port_table_unhold(&hold);
	return kr;
}
