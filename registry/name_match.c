/* IOKit's name comparison for IONameMatch; see name_match.h. */
#include "name_match.h"

#include <string.h>

void reg_name_classes_init(struct reg_name_classes *nc, const struct registry *reg)
{
	nc->platform_device = registry_class_get(reg, "IOPlatformDevice");
	nc->platform_expert_device = registry_class_get(reg, "IOPlatformExpertDevice");
	nc->pci_device = registry_class_get(reg, "IOPCIDevice");
}

bool reg_class_is_a(const struct reg_class *cls, const struct reg_class *ancestor)
{
	if (!ancestor)
		return false;
	for (; cls; cls = cls->super)
		if (cls == ancestor)
			return true;
	return false;
}

const char *reg_entry_effective_name(const struct reg_entry *e, int plane)
{
	const char *name = reg_entry_name(e, plane);

	if (name && name[0])
		return name;
	return e->cls ? e->cls->name : "";
}

bool reg_dt_compare_key(const char *key, const struct reg_value *prop)
{
	const char *names, *last;
	size_t key_len = strlen(key);
	bool wild = key_len > 0 && key[key_len - 1] == '*';

	if (!prop)
		return false;
	if (prop->type == REG_DATA) {
		names = (const char *)prop->u.data.bytes;
		last = names + prop->u.data.len;
	} else if (reg_value_is_string(prop)) {
		names = prop->u.string.chars;
		last = names + prop->u.string.len + 1;
	} else {
		return false;
	}
	if (!names)
		return false;
	while (names < last) {
		const char *nul = memchr(names, '\0', (size_t)(last - names));
		size_t len = nul ? (size_t)(nul - names) : (size_t)(last - names);

		if (wild) {
			if (len >= key_len - 1 && memcmp(key, names, key_len - 1) == 0)
				return true;
		} else if (len == key_len && memcmp(key, names, key_len) == 0) {
			return true;
		}
		names += len + 1;
	}
	return false;
}

static bool compares_like_dt_nub(const struct reg_name_classes *nc,
				 const struct reg_entry *e)
{
	return reg_class_is_a(e->cls, nc->platform_device) ||
	       reg_class_is_a(e->cls, nc->platform_expert_device) ||
	       reg_class_is_a(e->cls, nc->pci_device);
}

bool reg_entry_compare_name_nc(const struct reg_name_classes *nc,
			       const struct reg_entry *e, const char *name)
{
	static const char *const dt_keys[] = { "name", "compatible", "device_type",
					       "model" };

	if (compares_like_dt_nub(nc, e)) {
		for (size_t i = 0; i < sizeof(dt_keys) / sizeof(dt_keys[0]); i++)
			if (reg_dt_compare_key(name, reg_entry_property(e, dt_keys[i])))
				return true;
		return false;
	}
	return strcmp(reg_entry_effective_name(e, REG_NO_PLANE), name) == 0;
}

bool reg_entry_compare_names_nc(const struct reg_name_classes *nc,
				const struct reg_entry *e, const struct reg_value *names)
{
	if (!names)
		return false;
	switch (names->type) {
	case REG_STRING:
	case REG_SYMBOL:
		return reg_entry_compare_name_nc(nc, e, names->u.string.chars);
	case REG_ARRAY:
	case REG_SET:
		for (size_t i = 0; i < names->u.array.count; i++) {
			const struct reg_value *item = names->u.array.items[i];
			if (!reg_value_is_string(item))
				return false;
			if (reg_entry_compare_name_nc(nc, e, item->u.string.chars))
				return true;
		}
		return false;
	case REG_DICT:
		for (size_t i = 0; i < names->u.dict.count; i++)
			if (reg_entry_compare_name_nc(nc, e, names->u.dict.keys[i]))
				return true;
		return false;
	default:
		return false;
	}
}

bool reg_entry_compare_name(const struct registry *reg, const struct reg_entry *e,
			    const char *name)
{
	struct reg_name_classes nc;

	reg_name_classes_init(&nc, reg);
	return reg_entry_compare_name_nc(&nc, e, name);
}

bool reg_entry_compare_names(const struct registry *reg, const struct reg_entry *e,
			     const struct reg_value *names)
{
	struct reg_name_classes nc;

	reg_name_classes_init(&nc, reg);
	return reg_entry_compare_names_nc(&nc, e, names);
}
