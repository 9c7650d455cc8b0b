/* IOKit/hid/IOHIDBase.h (subset): the HID manager's and HID device's CF
 * types and the callback shapes.
 * IOHIDElementRef, IOHIDValueRef, IOHIDQueueRef and IOHIDTransactionRef are
 * not provided (libIOKit has no element or queue API). */
#ifndef _IOKIT_HID_IOHIDBASE_H_
#define _IOKIT_HID_IOHIDBASE_H_

#include <stdint.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOReturn.h>
#include <IOKit/hid/IOHIDKeys.h>

CF_EXTERN_C_BEGIN

/* A HID device as the HID manager or IOHIDDeviceCreate gives it; a CF
 * object (CFRetain, CFRelease, CFGetTypeID). */
typedef struct __IOHIDDevice *IOHIDDeviceRef;

/* IOHIDReportType (kIOHIDReportTypeInput/Output/Feature) and
 * IOHIDOptionsType (kIOHIDOptionsTypeNone/SeizeDevice) are in IOHIDKeys.h. */

/* A call finished (removal of a device: result, the device as sender). */
typedef void (*IOHIDCallback)(void *context, IOReturn result, void *sender);

/* A report arrived: its type and ID (0 for a device without report IDs)
 * and the bytes, in the buffer given when the callback was registered. */
typedef void (*IOHIDReportCallback)(void *context, IOReturn result, void *sender,
				    IOHIDReportType type, uint32_t reportID,
				    uint8_t *report, CFIndex reportLength);

/* A device matched or went away (the manager as sender). */
typedef void (*IOHIDDeviceCallback)(void *context, IOReturn result, void *sender,
				    IOHIDDeviceRef device);

CF_EXTERN_C_END

#endif
