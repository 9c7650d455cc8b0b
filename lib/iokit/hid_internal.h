/* What the HID manager (hid_manager.c) needs of HID devices (hid_device.c)
 * beyond IOHIDDevice.h.  Not installed. */
#ifndef IOKITFS_LIB_HID_INTERNAL_H
#define IOKITFS_LIB_HID_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <IOKit/hid/IOHIDDevice.h>

/* The registry ID of the device's entry. */
uint64_t hid_device_entry_id(IOHIDDeviceRef device);

/* The buffer of the device's input report callback, NULL without one
 * (the manager clears its own before freeing the buffer). */
const uint8_t *hid_device_input_buffer(IOHIDDeviceRef device);

/* The device's entry left the registry: its removal callback runs (once),
 * its node is closed and its run-loop source removed. */
void hid_device_removed(IOHIDDeviceRef device);

/* Whether the descriptor's bytes declare report IDs (a Report ID item). */
bool hid_descriptor_has_report_ids(const uint8_t *d, size_t len);

/* The IOReturn macOS gives for what errno says of a hidraw call. */
IOReturn hid_ioreturn_from_errno(int err);

#endif
