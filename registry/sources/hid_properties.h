/* IOHIDDevice's descriptor-derived keys, put into an entry's property
 * dictionary from the raw report descriptor: ReportDescriptor (the bytes),
 * PrimaryUsagePage, PrimaryUsage, DeviceUsagePairs and MaxInput/Output/
 * FeatureReportSize, with the values hid_descriptor.h computes and the
 * types macOS publishes (32-bit numbers; an array of dictionaries with
 * DeviceUsagePage and DeviceUsage).
 *
 * Values are allocated on props.  A descriptor that does not parse keeps
 * ReportDescriptor alone (macOS would not start such a device, so there is
 * nothing else true to say) and the status is returned for the caller to
 * report.  Not thread-safe on one props (callers own it while building). */
#ifndef IOKITFS_SOURCES_HID_PROPERTIES_H
#define IOKITFS_SOURCES_HID_PROPERTIES_H

#include <stddef.h>
#include <stdint.h>

#include "hid_descriptor.h"
#include "value.h"

/* Returns the parse status.  Out of memory leaves out the keys that could
 * not be made (a DeviceUsagePairs array is put whole or not at all). */
enum hid_desc_status hid_put_descriptor_properties(struct reg_value *props,
						   const uint8_t *bytes, size_t len);

#endif
