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

	static const char *const hid_classes[] = {
		"IOHIDDevice", "IOHIDInterface", "IOHIDEventService",
	};

	fc->resources = registry_class_get(reg, "IOResources");
	fc->pci_device = registry_class_get(reg, "IOPCIDevice");
	for (size_t i = 0; i < 4; i++)
		fc->usb[i] = registry_class_get(reg, usb_classes[i]);
	for (size_t i = 0; i < 3; i++)
		fc->hid[i] = registry_class_get(reg, hid_classes[i]);
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

/* ---- HID ---- */

static const struct reg_value *number_in(const struct reg_value *dict, const char *key)
{
	const struct reg_value *v = dict && dict->type == REG_DICT ? reg_dict_get(dict, key) : NULL;

	return v && v->type == REG_NUMBER ? v : NULL;
}

/* A table key that must equal the entry's property when present. */
static bool hid_same(const struct reg_entry *e, const struct reg_value *table, const char *key)
{
	const struct reg_value *want = reg_dict_get(table, key);

	return !want || reg_match_value_equal(want, reg_entry_property(e, key));
}

/* DeviceUsagePage / DeviceUsage of one dictionary (the table, or one
 * element of its DeviceUsagePairs) against the entry's usage pairs. */
static bool hid_usage(const struct reg_entry *e, const struct reg_value *want)
{
	const struct reg_value *page = number_in(want, "DeviceUsagePage");
	const struct reg_value *usage = number_in(want, "DeviceUsage");
	const struct reg_value *pairs = reg_entry_property(e, "DeviceUsagePairs");
	const struct reg_value *ppage, *pusage;
	bool matches = true;

	if (!page && !usage)
		return true;
	if (!pairs || pairs->type != REG_ARRAY) {
		/* No pairs published (a Linux HID device): its primary usage
		 * is its one pair; without one it has no known usage. */
		ppage = reg_entry_property(e, "PrimaryUsagePage");
		pusage = reg_entry_property(e, "PrimaryUsage");
		if (!ppage || ppage->type != REG_NUMBER)
			return false;
		if (!page)
			return true;
		return reg_match_value_equal(page, ppage) &&
		       (!usage || reg_match_value_equal(usage, pusage));
	}
	/* macOS's loop: the first pair with the page (and the usage, when
	 * asked) matches; otherwise the last comparison made decides, and a
	 * usage asked without a page constrains nothing. */
	for (size_t i = 0; i < pairs->u.array.count; i++) {
		const struct reg_value *pair = pairs->u.array.items[i];

		ppage = number_in(pair, "DeviceUsagePage");
		pusage = number_in(pair, "DeviceUsage");
		if (!page || !ppage || !(matches = reg_match_value_equal(page, ppage)))
			continue;
		if (!usage)
			break;
		if (!pusage || !(matches = reg_match_value_equal(usage, pusage)))
			continue;
		break;
	}
	return matches;
}

/* A number property against a table's list (and optional mask):
 * -1 not asked, 0 missed, 1 hit. */
static int hid_number_list(const struct reg_entry *e, const struct reg_value *list,
			   const char *key, const struct reg_value *mask)
{
	const struct reg_value *have = reg_entry_property(e, key);
	uint64_t m = mask ? reg_match_number_value(mask) & 0xffffffff : 0;

	if (!list || list->type != REG_ARRAY)
		return -1;
	if (!have || have->type != REG_NUMBER)
		return 0;
	for (size_t i = 0; i < list->u.array.count; i++) {
		const struct reg_value *v = list->u.array.items[i];

		if (!v || v->type != REG_NUMBER)
			continue;
		if (mask ? ((reg_match_number_value(v) ^ reg_match_number_value(have)) & m) == 0
			 : reg_match_value_equal(v, have))
			return 1;
	}
	return 0;
}

/* ProductID, ProductIDArray, ProductIDMask: one hit among the four ways
 * accepts; otherwise every way must be unasked. */
static bool hid_product(const struct reg_entry *e, const struct reg_value *table)
{
	const struct reg_value *pid = reg_dict_get(table, "ProductID");
	const struct reg_value *list = reg_dict_get(table, "ProductIDArray");
	const struct reg_value *mask = reg_dict_get(table, "ProductIDMask");
	const struct reg_value *have = reg_entry_property(e, "ProductID");
	int ways[4];

	if (mask && mask->type != REG_NUMBER)
		mask = NULL;
	ways[0] = pid ? reg_match_value_equal(pid, have) : -1;
	if (pid && pid->type == REG_NUMBER && mask)
		ways[1] = have && have->type == REG_NUMBER &&
			  ((reg_match_number_value(pid) ^ reg_match_number_value(have)) &
			   reg_match_number_value(mask) & 0xffffffff) == 0;
	else
		ways[1] = -1;
	ways[2] = hid_number_list(e, list, "ProductID", NULL);
	ways[3] = mask ? hid_number_list(e, list, "ProductID", mask) : -1;
	for (size_t i = 0; i < 4; i++)
		if (ways[i] == 1)
			return true;
	for (size_t i = 0; i < 4; i++)
		if (ways[i] == 0)
			return false;
	return true;
}

static bool hid_match(const struct reg_entry *e, const struct reg_value *table)
{
	static const char *const same_keys[] = {
		"PrimaryUsagePage", "PrimaryUsage", "Transport", "LocationID", "VendorID",
		"VersionNumber", "Manufacturer", "SerialNumber", "PhysicalDeviceUniqueID",
		"BootProtocol",
	};
	const struct reg_value *pairs = reg_dict_get(table, "DeviceUsagePairs");

	for (size_t i = 0; i < sizeof(same_keys) / sizeof(same_keys[0]); i++)
		if (!hid_same(e, table, same_keys[i]))
			return false;
	if (pairs && pairs->type == REG_ARRAY) {
		bool matches = true;

		for (size_t i = 0; i < pairs->u.array.count; i++) {
			const struct reg_value *want = pairs->u.array.items[i];

			if (!want || want->type != REG_DICT)
				continue;
			if ((matches = hid_usage(e, want)))
				break;
		}
		if (!matches)
			return false;
	}
	if (!hid_usage(e, table) || !hid_product(e, table))
		return false;
	if (reg_dict_get(table, "HIDDefaultBehavior") &&
	    !reg_entry_property(e, "HIDDefaultBehavior"))
		return false;
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
	for (size_t i = 0; i < 3; i++)
		if (reg_class_is_a(e->cls, fc->hid[i]))
			return hid_match(e, table);
	return true;
}
