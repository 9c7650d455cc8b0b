/* IOKit/hid/IOHIDDevice.h (subset): one HID device, over its registry
 * entry (properties) and, on a live mount, the Linux hidraw node that
 * sysfs names for it (reports).
 *
 * Properties come from the IOHIDDevice entry; a value IOHIDDeviceGetProperty
 * returns is owned by the device ("Get" rule) and stays valid as long as
 * the device.  Report I/O needs IOHIDDeviceOpen; on a mount of a dump, or
 * for a device without a hidraw node, IOHIDDeviceOpen returns
 * kIOReturnUnsupported.  Not thread-safe: use a device from one thread at
 * a time (as with a run loop). */
#ifndef _IOKIT_HID_IOHIDDEVICE_H_
#define _IOKIT_HID_IOHIDDEVICE_H_

#include <IOKit/hid/IOHIDBase.h>

CF_EXTERN_C_BEGIN

CFTypeID IOHIDDeviceGetTypeID(void);

/* A device object for an IOHIDDevice registry entry (it takes its own
 * reference on service).  NULL when service is not a HID device.  +1. */
IOHIDDeviceRef IOHIDDeviceCreate(CFAllocatorRef allocator, io_service_t service) CF_RETURNS_RETAINED;

/* The registry entry (not retained for the caller). */
io_service_t IOHIDDeviceGetService(IOHIDDeviceRef device);

/* Opens the device for report I/O.  kIOReturnSuccess; kIOReturnNotPermitted
 * (no access to the node), kIOReturnExclusiveAccess (busy),
 * kIOReturnNoDevice (gone), kIOReturnUnsupported (no hidraw node: a dump,
 * or a device without one). */
IOReturn IOHIDDeviceOpen(IOHIDDeviceRef device, IOOptionBits options);
IOReturn IOHIDDeviceClose(IOHIDDeviceRef device, IOOptionBits options);

/* Whether (usagePage, usage) is among the device's DeviceUsagePairs (usage
 * 0: any usage on the page). */
Boolean IOHIDDeviceConformsTo(IOHIDDeviceRef device, uint32_t usagePage, uint32_t usage);

/* A registry property of the device, or one set with
 * IOHIDDeviceSetProperty; NULL when absent.  Not retained for the caller. */
CFTypeRef IOHIDDeviceGetProperty(IOHIDDeviceRef device, CFStringRef key);
/* Sets a property on this device object (not in the registry).  true. */
Boolean IOHIDDeviceSetProperty(IOHIDDeviceRef device, CFStringRef key, CFTypeRef property);

/* Input reports and removal are delivered on the run loop the device is
 * scheduled on. */
void IOHIDDeviceScheduleWithRunLoop(IOHIDDeviceRef device, CFRunLoopRef runLoop,
				    CFStringRef runLoopMode);
void IOHIDDeviceUnscheduleFromRunLoop(IOHIDDeviceRef device, CFRunLoopRef runLoop,
				      CFStringRef runLoopMode);

/* callback(context, kIOReturnSuccess, device) once the device is gone. */
void IOHIDDeviceRegisterRemovalCallback(IOHIDDeviceRef device, IOHIDCallback callback,
					void *context);

/* Each input report is copied into report (reportLength bytes, cut to
 * fit) and callback gets it, with the device as sender.  callback NULL
 * stops the reports. */
void IOHIDDeviceRegisterInputReportCallback(IOHIDDeviceRef device, uint8_t *report,
					    CFIndex reportLength, IOHIDReportCallback callback,
					    void *context);

/* Sends a report.  For reportID 0 report holds the data only; for another
 * ID report starts with that ID byte (as on macOS).  Output reports are
 * written to the node, feature reports set with HIDIOCSFEATURE, input
 * reports with HIDIOCSINPUT.  kIOReturnNotOpen before IOHIDDeviceOpen,
 * kIOReturnNoDevice once the device is gone, kIOReturnBadArgument for an
 * unknown type or an ID above 255, kIOReturnUnsupported where the node
 * lacks the request. */
IOReturn IOHIDDeviceSetReport(IOHIDDeviceRef device, IOHIDReportType reportType,
			      CFIndex reportID, const uint8_t *report, CFIndex reportLength);

/* Reads a report into report (at most *pReportLength bytes); *pReportLength
 * becomes its length, laid out as for IOHIDDeviceSetReport.  Feature:
 * HIDIOCGFEATURE; input: HIDIOCGINPUT; output: HIDIOCGOUTPUT. */
IOReturn IOHIDDeviceGetReport(IOHIDDeviceRef device, IOHIDReportType reportType,
			      CFIndex reportID, uint8_t *report, CFIndex *pReportLength);

CF_EXTERN_C_END

#endif
