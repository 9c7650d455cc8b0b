/* Properties: one request each, values in IOKit's binary serialization
 * turned into CF objects (containers mutable, as IOKitLib's unserializer
 * makes them). */
#include "iokit_internal.h"

#include <mach/mach.h>
#include <string.h>
#include <talloc.h>

#include <CoreFoundation/CoreFoundation.h>

#include "cf_reg_value.h"

kern_return_t IORegistryEntryCreateCFProperties(io_registry_entry_t entry,
						CFMutableDictionaryRef *properties,
						CFAllocatorRef allocator, IOOptionBits options)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct reg_value *args, *reply = NULL;
	const struct reg_value *props;
	void *tmp;
	kern_return_t kr;

	(void)allocator;
	(void)options;		/* unused, as in IOKitLib */
	if (!properties)
		return kIOReturnBadArgument;
	*properties = NULL;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	tmp = talloc_new(NULL);
	args = tmp ? iokit_args_id(tmp, e->id) : NULL;
	kr = args ? iokit_call(tmp, RPC_OP_PROPERTIES, args, &reply) : kIOReturnNoMemory;
	if (kr == KERN_SUCCESS) {
		props = reg_dict_get(reply, "properties");
		if (!props || props->type != REG_DICT)
			kr = kIOReturnInternalError;
		else if (!(*properties = (CFMutableDictionaryRef)cf_from_reg_value(
				   props, kCFPropertyListMutableContainers)))
			kr = kIOReturnNoMemory;
	}
	talloc_free(tmp);
	port_table_unhold(&hold);
	return kr;
}

/* The property key as the kernel gets it: an io_name_t. */
static bool key_name(CFStringRef key, char *out)
{
	return key && CFGetTypeID(key) == CFStringGetTypeID() &&
	       CFStringGetCString(key, out, sizeof(io_name_t), kCFStringEncodingUTF8);
}

/* A property of entry (searched as IORegistryEntrySearchCFProperty does),
 * on ctx. */
static kern_return_t fetch_property(void *ctx, io_registry_entry_t entry, const char *plane,
				    const char *key, IOOptionBits options,
				    const struct reg_value **value)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct reg_value *args, *reply = NULL;
	kern_return_t kr;

	*value = NULL;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	if (!(options & kIORegistryIterateRecursively)) {
		bool served = false;

		pthread_mutex_lock(&e->lock);
		if (e->fresh_props) {
			const struct reg_value *v = reg_dict_get(e->props, key);

			e->fresh_props = false;
			served = true;
			*value = v ? reg_value_copy(ctx, v) : NULL;
			kr = !v ? kIOReturnNotFound : *value ? KERN_SUCCESS : kIOReturnNoMemory;
		}
		pthread_mutex_unlock(&e->lock);
		if (served) {
			port_table_unhold(&hold);
			return kr;
		}
	}
	args = iokit_args_id(ctx, e->id);
	port_table_unhold(&hold);
	/* Without the recursive flag the plane is not sent. */
	if (!(options & kIORegistryIterateRecursively) || !plane)
		plane = "";
	if (!args || !iokit_put_string(args, "key", key) || !iokit_put_string(args, "plane", plane) ||
	    !iokit_put_u64(args, "options", options))
		return kIOReturnNoMemory;
	kr = iokit_call(ctx, RPC_OP_PROPERTY, args, &reply);
	if (kr == KERN_SUCCESS && !(*value = reg_dict_get(reply, "value")))
		kr = kIOReturnNotFound;
	return kr;
}

CFTypeRef IORegistryEntrySearchCFProperty(io_registry_entry_t entry, const char *plane,
					  CFStringRef key, CFAllocatorRef allocator,
					  IOOptionBits options)
{
	char name[sizeof(io_name_t)];
	const struct reg_value *value;
	CFTypeRef out = NULL;
	void *tmp;

	(void)allocator;
	if (!key_name(key, name))
		return NULL;
	tmp = talloc_new(NULL);
	if (tmp && fetch_property(tmp, entry, plane, name, options, &value) == KERN_SUCCESS)
		out = cf_from_reg_value(value, kCFPropertyListMutableContainers);
	talloc_free(tmp);
	return out;
}

CFTypeRef IORegistryEntryCreateCFProperty(io_registry_entry_t entry, CFStringRef key,
					  CFAllocatorRef allocator, IOOptionBits options)
{
	(void)options;		/* ignored, as in IOKitLib */
	return IORegistryEntrySearchCFProperty(entry, NULL, key, allocator, 0);
}

/* The raw bytes IORegistryEntryGetProperty gives for a value: the data,
 * a string with its NUL, "Yes"/"No", a number's bytes (host order). */
static kern_return_t raw_bytes(const struct reg_value *v, const void **bytes, size_t *len,
			       uint8_t number[8])
{
	switch (v->type) {
	case REG_DATA:
		*bytes = v->u.data.bytes;
		*len = v->u.data.len;
		return KERN_SUCCESS;
	case REG_STRING:
	case REG_SYMBOL:
		*bytes = v->u.string.chars;
		*len = v->u.string.len + 1;
		return KERN_SUCCESS;
	case REG_BOOL:
		*bytes = v->u.boolean ? "Yes" : "No";
		*len = strlen(*bytes) + 1;
		return KERN_SUCCESS;
	case REG_NUMBER: {
		uint64_t n = (uint64_t)v->u.number.value;

		/* Little-endian hosts only, as the kernel's copy is.  A float
		 * gives its 4 bytes, a double its 8. */
		if (v->u.number.width == REG_NUMBER_FLOAT32) {
			float f = (float)reg_number_double(v);

			memcpy(number, &f, sizeof(f));
			*bytes = number;
			*len = sizeof(f);
			return KERN_SUCCESS;
		}
		memcpy(number, &n, 8);
		*bytes = number;
		*len = v->u.number.width == REG_NUMBER_FLOAT64 ? 8 : v->u.number.width / 8;
		return KERN_SUCCESS;
	}
	default:
		return kIOReturnBadArgument;
	}
}

kern_return_t IORegistryEntryGetProperty(io_registry_entry_t entry,
					 const char *propertyName,
					 io_struct_inband_t buffer, uint32_t *size)
{
	char name[sizeof(io_name_t)];
	const struct reg_value *value;
	const void *bytes;
	uint8_t number[8];
	size_t len = 0;
	void *tmp;
	kern_return_t kr;

	if (!propertyName || !size)
		return kIOReturnBadArgument;
	iokit_copy_name(name, sizeof(name), propertyName);
	tmp = talloc_new(NULL);
	if (!tmp)
		return kIOReturnNoMemory;
	kr = fetch_property(tmp, entry, NULL, name, 0, &value);
	if (kr == kIOReturnNotFound)
		kr = kIOReturnNoResources;
	if (kr == KERN_SUCCESS)
		kr = raw_bytes(value, &bytes, &len, number);
	if (kr == KERN_SUCCESS) {
		if (len > *size || len > sizeof(io_struct_inband_t) || (!buffer && len)) {
			kr = kIOReturnIPCError;
		} else {
			if (len)
				memcpy(buffer, bytes, len);
			*size = (uint32_t)len;
		}
	}
	talloc_free(tmp);
	return kr;
}

kern_return_t IORegistryEntrySetCFProperties(io_registry_entry_t entry, CFTypeRef properties)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct reg_value *args, *value;
	void *tmp;
	kern_return_t kr;

	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	tmp = talloc_new(NULL);
	args = tmp ? iokit_args_id(tmp, e->id) : NULL;
	port_table_unhold(&hold);
	if (!args) {
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	/* What IOCFSerialize cannot carry. */
	value = properties ? cf_to_reg_value(args, properties) : NULL;
	if (!value)
		kr = kIOReturnUnsupported;
	else if (reg_dict_set(args, "value", value) != 0)
		kr = kIOReturnNoMemory;
	else
		kr = iokit_call(tmp, RPC_OP_SET_PROPERTIES, args, NULL);
	talloc_free(tmp);
	return kr;
}

kern_return_t IORegistryEntrySetCFProperty(io_registry_entry_t entry, CFStringRef propertyName,
					   CFTypeRef property)
{
	CFMutableDictionaryRef dict;
	kern_return_t kr;

	if (!propertyName || !property)
		return kIOReturnBadArgument;
	dict = CFDictionaryCreateMutable(kCFAllocatorDefault, 1, &kCFTypeDictionaryKeyCallBacks,
					 &kCFTypeDictionaryValueCallBacks);
	if (!dict)
		return kIOReturnNoMemory;
	CFDictionarySetValue(dict, propertyName, property);
	kr = IORegistryEntrySetCFProperties(entry, dict);
	CFRelease(dict);
	return kr;
}
