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

/* Open opens the manager's devices, and those it finds later, with the
 * options; it answers the first device's failure (kIOReturnSuccess when
 * all opened or the manager was open).  Close closes them and, as on
 * macOS, unschedules the manager; kIOReturnNotOpen when it was closed. */
IOReturn IOHIDManagerOpen(IOHIDManagerRef manager, IOOptionBits options);
IOReturn IOHIDManagerClose(IOHIDManagerRef manager, IOOptionBits options);

/* Properties of the manager, also set on its devices (and on those it
 * finds later).  Get: not retained. */
CFTypeRef IOHIDManagerGetProperty(IOHIDManagerRef manager, CFStringRef key);
Boolean IOHIDManagerSetProperty(IOHIDManagerRef manager, CFStringRef key, CFTypeRef value);

/* One matching dictionary (NULL: every HID device), or several (a device
 * matching any of them).  The devices present are found at once; a new
 * matching replaces the device set. */
void IOHIDManagerSetDeviceMatching(IOHIDManagerRef manager, CFDictionaryRef matching);
void IOHIDManagerSetDeviceMatchingMultiple(IOHIDManagerRef manager, CFArrayRef multiple);

/* The manager's devices: a set of IOHIDDeviceRef; NULL until it has
 * found one (then a set, empty when they are gone).  +1. */
CFSetRef IOHIDManagerCopyDevices(IOHIDManagerRef manager) CF_RETURNS_RETAINED;

/* Matching devices (those present when the manager is scheduled, then new
 * ones; result: the device's open result when the manager is open) and
 * removed devices are reported on the manager's run loop. */
void IOHIDManagerRegisterDeviceMatchingCallback(IOHIDManagerRef manager,
						IOHIDDeviceCallback callback, void *context);
void IOHIDManagerRegisterDeviceRemovalCallback(IOHIDManagerRef manager,
					       IOHIDDeviceCallback callback, void *context);
/* Set on each device of the open manager as its input report callback
 * (replacing the device's own), with a buffer of MaxInputReportSize bytes
 * the manager owns; the device is the sender. */
void IOHIDManagerRegisterInputReportCallback(IOHIDManagerRef manager,
					     IOHIDReportCallback callback, void *context);

void IOHIDManagerScheduleWithRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				     CFStringRef runLoopMode);
void IOHIDManagerUnscheduleFromRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				       CFStringRef runLoopMode);

CF_EXTERN_C_END

#endif
