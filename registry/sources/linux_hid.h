/* The live Linux source's HID report descriptor: a hid bus device's
 * report_descriptor file becomes IOHIDDevice's descriptor keys
 * (hid_properties.h).  Called by the class map while it builds the entry;
 * same ownership and locking as the other derive steps (props belongs to
 * the entry being built, no lock held). */
#ifndef IOKITFS_SOURCES_LINUX_HID_H
#define IOKITFS_SOURCES_LINUX_HID_H

#include "linux_sysfs_internal.h"

/* The kernel's HID_MAX_DESCRIPTOR_SIZE: sysfs shows at most this much. */
#define LX_HID_MAX_DESCRIPTOR	4096

/* Puts ReportDescriptor, PrimaryUsagePage, PrimaryUsage, DeviceUsagePairs
 * and Max{Input,Output,Feature}ReportSize into props.  A descriptor that
 * does not parse gets IOLinuxReportDescriptorError ("what at byte N")
 * next to its bytes; no descriptor file, nothing. */
void lx_hid_put_descriptor(struct lx_device *dev, struct reg_value *props);

#endif
