/* IOKit/hid/IOHIDLib.h (subset): the HID keys, usage tables and types.
 * The HID manager and device calls (IOHIDManager*, IOHIDDevice*) are not
 * provided; HID devices are found with IOServiceMatching(kIOHIDDeviceKey)
 * and read through their registry properties. */
#ifndef _IOKIT_HID_IOHIDLIB_H_
#define _IOKIT_HID_IOHIDLIB_H_

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOCFPlugIn.h>
#include <IOKit/hid/IOHIDKeys.h>
#include <IOKit/hid/IOHIDUsageTables.h>

#endif
