/* Written the way USB listers (lsusb clones, Apple's USB samples) are: the
 * CoreFoundation, IOKitLib, USB and plug-in headers, kIOUSBDeviceClassName,
 * an attempt at the device plug-in first (IOCreatePlugInInterfaceForService,
 * kIOUSBDeviceUserClientTypeID) and the registry properties after it.
 * Prints "vvvv:pppp name" per device and the plug-in's answer once. */
#include <stdio.h>
#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOCFPlugIn.h>
#include <IOKit/usb/IOUSBLib.h>
#include <IOKit/usb/USB.h>

static int number(io_service_t dev, const char *key)
{
	CFStringRef k = CFStringCreateWithCString(kCFAllocatorDefault, key, kCFStringEncodingUTF8);
	CFNumberRef n = IORegistryEntryCreateCFProperty(dev, k, kCFAllocatorDefault, 0);
	int v = -1;

	CFRelease(k);
	if (n) {
		CFNumberGetValue(n, kCFNumberIntType, &v);
		CFRelease(n);
	}
	return v;
}

int main(void)
{
	CFMutableDictionaryRef match = IOServiceMatching(kIOUSBDeviceClassName);
	io_iterator_t iter;
	io_service_t dev;
	int plugin_reported = 0;

	if (IOServiceGetMatchingServices(kIOMasterPortDefault, match, &iter) != KERN_SUCCESS)
		return 1;
	while ((dev = IOIteratorNext(iter))) {
		IOCFPlugInInterface **plugin = NULL;
		SInt32 score = 0;
		io_name_t name;
		kern_return_t kr;

		kr = IOCreatePlugInInterfaceForService(dev, kIOUSBDeviceUserClientTypeID,
						       kIOCFPlugInInterfaceID, &plugin, &score);
		if (!plugin_reported++)
			printf("plugin 0x%x\n", kr);
		if (kr == kIOReturnSuccess && plugin)
			IODestroyPlugInInterface(plugin);
		IORegistryEntryGetName(dev, name);
		printf("%04x:%04x %s\n", number(dev, kUSBVendorID) & 0xffff,
		       number(dev, kUSBProductID) & 0xffff, name);
		IOObjectRelease(dev);
	}
	IOObjectRelease(iter);
	return 0;
}
