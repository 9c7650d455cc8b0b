/* IOKit/hid/IOHIDLib.h (subset): the HID keys, usage tables and types, the
 * HID manager (IOHIDManager*: finding devices, arrival and removal) and
 * HID devices (IOHIDDevice*: properties from the registry; reports through
 * the device's Linux hidraw node on a live mount).  Elements, values,
 * queues and transactions (IOHIDElement*, IOHIDValue*, IOHIDQueue*,
 * IOHIDTransaction*) are not provided. */
#ifndef _IOKIT_HID_IOHIDLIB_H_
#define _IOKIT_HID_IOHIDLIB_H_

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOCFPlugIn.h>
#include <IOKit/hid/IOHIDKeys.h>
#include <IOKit/hid/IOHIDUsageTables.h>
#include <IOKit/hid/IOHIDBase.h>
#include <IOKit/hid/IOHIDDevice.h>
#include <IOKit/hid/IOHIDManager.h>

#endif
