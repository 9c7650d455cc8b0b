/* The families' matchPropertyTable hooks that run for keys IOService's own
 * matching did not handle (internal to match.c).
 *
 * - IOResources: IOResourceMatch, a string or a set of strings, each of which
 *   must be a property of IOResources (AND); else IOResourceMatched must be
 *   in IOResources' "IOResourceMatched" array.
 * - IOPCIDevice (IOPCIBridge::pciMatchNub): IOPCIMatch, IOPCIPrimaryMatch,
 *   IOPCISecondaryMatch, IOPCIClassMatch, each a list of "0xVALUE[&0xMASK]"
 *   compared with the device's config registers as the properties give them
 *   (vendor-id/device-id at 0x00, subsystem ids at 0x2c, class-code and
 *   revision-id at 0x08); IOPCIMatch tries 0x00, then 0x2c.
 * - USB devices and interfaces (IOUSBHostDevice, IOUSBHostInterface and the
 *   legacy IOUSBDevice, IOUSBInterface): idVendor, idProduct, bcdDevice,
 *   bDeviceClass/SubClass/Protocol, bConfigurationValue, bInterfaceNumber,
 *   bInterfaceClass/SubClass/Protocol must equal the entry's property;
 *   idProductArray lists acceptable idProducts and idProductMask masks the
 *   idProduct comparison.  (The USB family's full rules, e.g. its score
 *   keys, are not modelled.)
 * - HID (IOHIDDevice, IOHIDInterface, IOHIDEventService: IOHIDFamily's
 *   MatchPropertyTable): PrimaryUsagePage, PrimaryUsage, Transport,
 *   LocationID, VendorID, VersionNumber, Manufacturer, SerialNumber,
 *   PhysicalDeviceUniqueID, BootProtocol must equal the entry's property;
 *   ProductID / ProductIDArray / ProductIDMask accept on any hit among
 *   them; HIDDefaultBehavior needs the property.  DeviceUsagePage and
 *   DeviceUsage (numbers) are looked for in the entry's DeviceUsagePairs:
 *   a pair with that page (and usage, when given) matches, as macOS's loop
 *   decides it (a usage without a page constrains nothing); a table's
 *   DeviceUsagePairs array matches when one of its dictionaries does.  An
 *   entry without DeviceUsagePairs (macOS's devices always publish them; a
 *   Linux HID device does not) uses its PrimaryUsagePage/PrimaryUsage as
 *   its one pair, and matches no usage when it has no PrimaryUsagePage.
 *   Scores (the order of drivers) are not modelled.
 * - Every other class accepts (IOService::matchPropertyTable). */
#ifndef IOKITFS_REGISTRY_MATCH_FAMILY_H
#define IOKITFS_REGISTRY_MATCH_FAMILY_H

#include <stdbool.h>

#include "registry.h"

struct match_family_classes {
	const struct reg_class *resources;
	const struct reg_class *pci_device;
	const struct reg_class *usb[4];
	const struct reg_class *hid[3];
};

void match_family_classes_init(struct match_family_classes *fc,
			       const struct registry *reg);

bool match_family_property_table(const struct match_family_classes *fc,
				 const struct reg_entry *e, const struct reg_value *table);

/* Parses one IOPCI*Match list against a 32-bit register value. */
bool match_pci_keys(const char *keys, uint32_t reg_value, uint32_t default_mask);

#endif
