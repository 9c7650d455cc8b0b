/* Family-specific matchPropertyTable hooks; see match_family.h. */
#include "match_family.h"

#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "name_match.h"

void match_family_classes_init(struct match_family_classes *fc,
			       const struct registry *reg)
{
	static const char *const usb_classes[] = {
		"IOUSBHostDevice", "IOUSBHostInterface", "IOUSBDevice", "IOUSBInterface",
	};

	fc->resources = registry_class_get(reg, "IOResources");
	fc->pci_device = registry_class_get(reg, "IOPCIDevice");
	for (size_t i = 0; i < 4; i++)
		fc->usb[i] = registry_class_get(reg, usb_classes[i]);
}

/* ---- IOResources ---- */

static bool resources_match(const struct reg_entry *e, const struct reg_value *table)
{
	const struct reg_value *prop = reg_dict_get(table, "IOResourceMatch");
	const struct reg_value *matched, *have;

	if (reg_value_is_string(prop))
		return reg_entry_property(e, prop->u.string.chars) != NULL;
	if (prop && prop->type == REG_SET) {
		for (size_t i = 0; i < prop->u.array.count; i++) {
			const struct reg_value *key = prop->u.array.items[i];
			if (!reg_value_is_string(key))
				break;
			if (!reg_entry_property(e, key->u.string.chars))
				return false;
		}
		return true;
	}
	matched = reg_dict_get(table, "IOResourceMatched");
	if (!matched)
		return true;
	have = reg_entry_property(e, "IOResourceMatched");
	if (!have || have->type != REG_ARRAY)
		return false;
	for (size_t i = 0; i < have->u.array.count; i++)
		if (reg_match_value_equal(matched, have->u.array.items[i]))
			return true;
	return false;
}

/* ---- PCI ---- */

bool match_pci_keys(const char *keys, uint32_t reg_value, uint32_t default_mask)
{
	for (;;) {
		char *next;
		uint32_t value = (uint32_t)strtoul(keys, &next, 16), mask;

		if (next == keys)
			return false;
		while (*next == ' ')
			next++;
		if (*next == '&')
			mask = (uint32_t)strtoul(next + 1, &next, 16);
		else
			mask = default_mask;
		if ((value & mask) == (reg_value & mask))
			return true;
		keys = next;
	}
}

/* A config-space field as the registry shows it: little-endian data (as
 * IOPCIFamily publishes "vendor-id" and friends) or a number. */
static uint32_t pci_field(const struct reg_entry *e, const char *key)
{
	const struct reg_value *v = reg_entry_property(e, key);
	uint32_t out = 0;

	if (!v)
		return 0;
	if (v->type == REG_NUMBER)
		return (uint32_t)reg_match_number_value(v);
	if (v->type != REG_DATA)
		return 0;
	for (size_t i = 0; i < v->u.data.len && i < 4; i++)
		out |= (uint32_t)v->u.data.bytes[i] << (8 * i);
	return out;
}

static uint32_t pci_config_register(const struct reg_entry *e, unsigned offset)
{
	switch (offset) {
	case 0x00:
		return (pci_field(e, "vendor-id") & 0xffff) |
		       (pci_field(e, "device-id") & 0xffff) << 16;
	case 0x08:
		return (pci_field(e, "revision-id") & 0xff) |
		       (pci_field(e, "class-code") & 0xffffff) << 8;
	case 0x2c:
		return (pci_field(e, "subsystem-vendor-id") & 0xffff) |
		       (pci_field(e, "subsystem-id") & 0xffff) << 16;
	default:
		return 0;
	}
}

static bool pci_match(const struct reg_entry *e, const struct reg_value *table)
{
	static const struct {
		const char *key;
		unsigned regs[2];
		size_t nregs;
		uint32_t default_mask;
	} keys[] = {
		{ "IOPCIMatch", { 0x00, 0x2c }, 2, 0xffffffff },
		{ "IOPCIPrimaryMatch", { 0x00 }, 1, 0xffffffff },
		{ "IOPCISecondaryMatch", { 0x2c }, 1, 0xffffffff },
		{ "IOPCIClassMatch", { 0x08 }, 1, 0xffffff00 },
	};

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		const struct reg_value *v = reg_dict_get(table, keys[k].key);
		bool found = false;

		if (!v)
			continue;
		if (!reg_value_is_string(v))
			return false;
		for (size_t r = 0; r < keys[k].nregs && !found; r++)
			found = match_pci_keys(v->u.string.chars,
					       pci_config_register(e, keys[k].regs[r]),
					       keys[k].default_mask);
		if (!found)
			return false;
	}
	return true;
}

/* ---- USB ---- */

static bool usb_match(const struct reg_entry *e, const struct reg_value *table)
{
	static const char *const equal_keys[] = {
		"idVendor", "bcdDevice", "bDeviceClass", "bDeviceSubClass",
		"bDeviceProtocol", "bConfigurationValue", "bInterfaceNumber",
		"bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol",
	};
	const struct reg_value *want, *have, *mask, *list;

	for (size_t i = 0; i < sizeof(equal_keys) / sizeof(equal_keys[0]); i++) {
		want = reg_dict_get(table, equal_keys[i]);
		if (want && !reg_match_value_equal(want, reg_entry_property(e, equal_keys[i])))
			return false;
	}
	have = reg_entry_property(e, "idProduct");
	want = reg_dict_get(table, "idProduct");
	mask = reg_dict_get(table, "idProductMask");
	list = reg_dict_get(table, "idProductArray");
	if (want && mask && mask->type == REG_NUMBER && want->type == REG_NUMBER) {
		if (!have || have->type != REG_NUMBER ||
		    ((reg_match_number_value(have) ^ reg_match_number_value(want)) &
		     reg_match_number_value(mask)))
			return false;
	} else if (want && !reg_match_value_equal(want, have)) {
		return false;
	}
	if (list && list->type == REG_ARRAY) {
		bool found = false;
		for (size_t i = 0; i < list->u.array.count && !found; i++)
			found = reg_match_value_equal(list->u.array.items[i], have);
		if (!found)
			return false;
	}
	return true;
}

bool match_family_property_table(const struct match_family_classes *fc,
				 const struct reg_entry *e, const struct reg_value *table)
{
	if (reg_class_is_a(e->cls, fc->resources))
		return resources_match(e, table);
	if (reg_class_is_a(e->cls, fc->pci_device))
		return pci_match(e, table);
	for (size_t i = 0; i < 4; i++)
		if (reg_class_is_a(e->cls, fc->usb[i]))
			return usb_match(e, table);
	return true;
}
