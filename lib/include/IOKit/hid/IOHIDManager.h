/* IOKit/hid/IOHIDManager.h (subset): finding HID devices and following
 * their arrival and removal.
 *
 * A manager matches IOHIDDevice registry entries against its matching
 * dictionaries (each merged into IOServiceMatching(kIOHIDDevice), so the
 * registry's IOHIDDevice matching rules apply: VendorID, ProductID,
 * PrimaryUsagePage, DeviceUsagePage/DeviceUsage against any usage pair,
 * ...).  The devices it hands out are its own objects, the same object for
 * the same entry while the manager lives.  Not thread-safe: use a manager
 * from one thread (its run loop's). */
#ifndef _IOKIT_HID_IOHIDMANAGER_H_
#define _IOKIT_HID_IOHIDMANAGER_H_

#include <IOKit/hid/IOHIDBase.h>
#include <IOKit/hid/IOHIDDevice.h>

CF_EXTERN_C_BEGIN

typedef struct __IOHIDManager *IOHIDManagerRef;

/* Manager option bits (accepted; the managers here hold no state across
 * processes). */
enum {
	kIOHIDManagerOptionNone				= 0x0,
	kIOHIDManagerOptionUsePersistentProperties	= 0x1,
	kIOHIDManagerOptionDoNotLoadProperties		= 0x2,
	kIOHIDManagerOptionDoNotSaveProperties		= 0x4,
	kIOHIDManagerOptionIndependentDevices		= 0x8
};
typedef uint32_t IOHIDManagerOptions;

CFTypeID IOHIDManagerGetTypeID(void);

/* +1. */
IOHIDManagerRef IOHIDManagerCreate(CFAllocatorRef allocator, IOOptionBits options) CF_RETURNS_RETAINED;

/* kIOReturnSuccess.  Opening with kIOHIDOptionsTypeSeizeDevice opens the
 * devices the manager finds afterwards with that option; closing closes
 * the devices the manager opened. */
IOReturn IOHIDManagerOpen(IOHIDManagerRef manager, IOOptionBits options);
IOReturn IOHIDManagerClose(IOHIDManagerRef manager, IOOptionBits options);

/* Properties of the manager object itself.  Get: not retained. */
CFTypeRef IOHIDManagerGetProperty(IOHIDManagerRef manager, CFStringRef key);
Boolean IOHIDManagerSetProperty(IOHIDManagerRef manager, CFStringRef key, CFTypeRef value);

/* One matching dictionary (NULL: every HID device), or several (a device
 * matching any of them). */
void IOHIDManagerSetDeviceMatching(IOHIDManagerRef manager, CFDictionaryRef matching);
void IOHIDManagerSetDeviceMatchingMultiple(IOHIDManagerRef manager, CFArrayRef multiple);

/* The devices matching now: a set of IOHIDDeviceRef, NULL when there are
 * none or no matching was set.  +1. */
CFSetRef IOHIDManagerCopyDevices(IOHIDManagerRef manager) CF_RETURNS_RETAINED;

/* Matching devices (those present when the manager is scheduled, then new
 * ones) and removed devices are reported on the manager's run loop. */
void IOHIDManagerRegisterDeviceMatchingCallback(IOHIDManagerRef manager,
						IOHIDDeviceCallback callback, void *context);
void IOHIDManagerRegisterDeviceRemovalCallback(IOHIDManagerRef manager,
					       IOHIDDeviceCallback callback, void *context);
/* Input reports of every device the manager opened (the device as
 * sender); the manager opens a matching device when it is itself open. */
void IOHIDManagerRegisterInputReportCallback(IOHIDManagerRef manager,
					     IOHIDReportCallback callback, void *context);

void IOHIDManagerScheduleWithRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				     CFStringRef runLoopMode);
void IOHIDManagerUnscheduleFromRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				       CFStringRef runLoopMode);

CF_EXTERN_C_END

#endif
