/* IOKit's name comparison (IORegistryEntry::compareName/compareNames), used
 * by IONameMatch.
 *
 * The base rule compares a string with the entry's global name.  Device-tree
 * style nubs (IOPlatformDevice and its subclasses such as
 * IOACPIPlatformDevice, IOPlatformExpertDevice, IOPCIDevice) override it:
 * the string is compared with the "name", "compatible", "device_type" and
 * "model" properties instead (IODTCompareNubName), each of which may hold
 * several NUL-separated names, and a string ending in '*' matches as a
 * prefix. */
#ifndef IOKITFS_REGISTRY_NAME_MATCH_H
#define IOKITFS_REGISTRY_NAME_MATCH_H

#include <stdbool.h>

#include "registry.h"

/* The classes whose instances compare names the device-tree way, looked up
 * once per registry so that a test is a walk up the class chain. */
struct reg_name_classes {
	const struct reg_class *platform_device;
	const struct reg_class *platform_expert_device;
	const struct reg_class *pci_device;
};

void reg_name_classes_init(struct reg_name_classes *nc, const struct registry *reg);

/* cls is ancestor or a subclass of it (pointer walk; NULL ancestor: false). */
bool reg_class_is_a(const struct reg_class *cls, const struct reg_class *ancestor);

/* The entry's name in a plane as IOKit reports it: the plane's name, else
 * the global name, else the class name. */
const char *reg_entry_effective_name(const struct reg_entry *e, int plane);

/* One of the NUL-separated names in prop (data or string) equals key, or
 * starts with key's text before a trailing '*' (IODTCompareNubName's rule
 * for one property). */
bool reg_dt_compare_key(const char *key, const struct reg_value *prop);

/* compareName: name against the entry (see above for which rule applies). */
bool reg_entry_compare_name(const struct registry *reg, const struct reg_entry *e,
			    const char *name);
/* compareNames: names is one string, or a collection (array, set; for a
 * dictionary its keys) of strings, OR'ed; iteration stops at the first item
 * that is not a string, as OSCollectionIterator + OSDynamicCast do. */
bool reg_entry_compare_names(const struct registry *reg, const struct reg_entry *e,
			     const struct reg_value *names);

/* The same with the class lookups done by the caller. */
bool reg_entry_compare_name_nc(const struct reg_name_classes *nc,
			       const struct reg_entry *e, const char *name);
bool reg_entry_compare_names_nc(const struct reg_name_classes *nc,
				const struct reg_entry *e, const struct reg_value *names);

#endif
