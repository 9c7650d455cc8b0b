/* Written the way hidapi's mac backend enumerates (hid_enumerate): one
 * IOHIDManager, IOHIDManagerSetDeviceMatching(NULL) for every HID device
 * (or VendorID/ProductID keys when given), the run loop turned once,
 * IOHIDManagerCopyDevices, CFSetGetValues, then IOHIDDeviceGetProperty of
 * VendorID, ProductID, Product, Manufacturer, SerialNumber,
 * PrimaryUsagePage, PrimaryUsage, DeviceUsagePairs and Transport.
 *
 *   hid_list [VENDOR PRODUCT]
 *
 * Prints, per device: "NAME|vvvv:pppp|page:usage|pairs N|conforms yes/no|
 * PRODUCT|MANUFACTURER|SERIAL|TRANSPORT" (NAME the registry entry's name),
 * then "devices N" and "same objects yes/no" (a second CopyDevices hands out
 * the same IOHIDDeviceRefs).  "devices 0" when CopyDevices returns NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/hid/IOHIDManager.h>
#include <IOKit/hid/IOHIDKeys.h>

static int32_t get_int(IOHIDDeviceRef dev, CFStringRef key)
{
	CFTypeRef ref = IOHIDDeviceGetProperty(dev, key);
	int32_t value = -1;

	if (ref && CFGetTypeID(ref) == CFNumberGetTypeID())
		CFNumberGetValue((CFNumberRef)ref, kCFNumberSInt32Type, &value);
	return value;
}

static void get_string(IOHIDDeviceRef dev, CFStringRef key, char *buf, size_t len)
{
	CFTypeRef str = IOHIDDeviceGetProperty(dev, key);

	buf[0] = '\0';
	if (str && CFGetTypeID(str) == CFStringGetTypeID())
		CFStringGetCString((CFStringRef)str, buf, (CFIndex)len, kCFStringEncodingUTF8);
}

static void put_number(CFMutableDictionaryRef d, CFStringRef key, int v)
{
	CFNumberRef n = CFNumberCreate(kCFAllocatorDefault, kCFNumberIntType, &v);

	CFDictionarySetValue(d, key, n);
	CFRelease(n);
}

int main(int argc, char **argv)
{
	IOHIDManagerRef mgr = IOHIDManagerCreate(kCFAllocatorDefault, kIOHIDOptionsTypeNone);
	CFMutableDictionaryRef matching = NULL;
	CFSetRef set, again;
	CFIndex n, same = 0;
	IOHIDDeviceRef *devs;

	if (!mgr || CFGetTypeID(mgr) != IOHIDManagerGetTypeID()) {
		fprintf(stderr, "IOHIDManagerCreate failed\n");
		return 2;
	}
	if (argc == 3) {
		matching = CFDictionaryCreateMutable(kCFAllocatorDefault, 0,
						     &kCFTypeDictionaryKeyCallBacks,
						     &kCFTypeDictionaryValueCallBacks);
		put_number(matching, CFSTR(kIOHIDVendorIDKey), (int)strtol(argv[1], NULL, 0));
		put_number(matching, CFSTR(kIOHIDProductIDKey), (int)strtol(argv[2], NULL, 0));
	}
	IOHIDManagerSetDeviceMatching(mgr, matching);
	if (matching)
		CFRelease(matching);
	/* hidapi's process_pending_events() */
	IOHIDManagerScheduleWithRunLoop(mgr, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	while (CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.001, FALSE) == kCFRunLoopRunHandledSource)
		;
	set = IOHIDManagerCopyDevices(mgr);
	if (!set) {
		printf("devices 0\n");
		CFRelease(mgr);
		return 0;
	}
	n = CFSetGetCount(set);
	devs = calloc((size_t)n, sizeof(*devs));
	CFSetGetValues(set, (const void **)devs);
	for (CFIndex i = 0; i < n; i++) {
		IOHIDDeviceRef dev = devs[i];
		char product[256], manufacturer[256], serial[256], transport[64];
		io_name_t name;
		CFTypeRef pairs = IOHIDDeviceGetProperty(dev, CFSTR(kIOHIDDeviceUsagePairsKey));
		int page = get_int(dev, CFSTR(kIOHIDPrimaryUsagePageKey));
		int usage = get_int(dev, CFSTR(kIOHIDPrimaryUsageKey));

		if (CFGetTypeID(dev) != IOHIDDeviceGetTypeID()) {
			fprintf(stderr, "not an IOHIDDevice\n");
			return 2;
		}
		if (IORegistryEntryGetName(IOHIDDeviceGetService(dev), name) != KERN_SUCCESS)
			strcpy(name, "?");
		get_string(dev, CFSTR(kIOHIDProductKey), product, sizeof(product));
		get_string(dev, CFSTR(kIOHIDManufacturerKey), manufacturer, sizeof(manufacturer));
		get_string(dev, CFSTR(kIOHIDSerialNumberKey), serial, sizeof(serial));
		get_string(dev, CFSTR(kIOHIDTransportKey), transport, sizeof(transport));
		printf("%s|%04x:%04x|%d:%d|pairs %ld|conforms %s|%s|%s|%s|%s\n", name,
		       get_int(dev, CFSTR(kIOHIDVendorIDKey)) & 0xffff,
		       get_int(dev, CFSTR(kIOHIDProductIDKey)) & 0xffff, page, usage,
		       pairs && CFGetTypeID(pairs) == CFArrayGetTypeID() ?
			       (long)CFArrayGetCount(pairs) : -1L,
		       page >= 0 && IOHIDDeviceConformsTo(dev, (uint32_t)page, (uint32_t)usage) ?
			       "yes" : "no",
		       product, manufacturer, serial, transport);
	}
	again = IOHIDManagerCopyDevices(mgr);
	for (CFIndex i = 0; again && i < n; i++)
		same += CFSetContainsValue(again, devs[i]) ? 1 : 0;
	printf("devices %ld\nsame objects %s\n", (long)n,
	       again && CFSetGetCount(again) == n && same == n ? "yes" : "no");
	if (again)
		CFRelease(again);
	free(devs);
	CFRelease(set);
	IOHIDManagerUnscheduleFromRunLoop(mgr, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	CFRelease(mgr);
	return 0;
}
