/* Written the way serial-port and MAC-address tools (Apple's
 * SerialPortSample and GetPrimaryMACAddress) are: IOMasterPort with
 * bootstrap_port, the serial and network family keys, a property match
 * dictionary inside the matching dictionary, the parent controller.
 * Prints "serial <IOCalloutDevice>" per serial device and "mac <hex>". */
#include <stdio.h>
#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOBSD.h>
#include <IOKit/serial/IOSerialKeys.h>
#include <IOKit/network/IOEthernetInterface.h>
#include <IOKit/network/IONetworkInterface.h>
#include <IOKit/network/IOEthernetController.h>

int main(void)
{
	mach_port_t master;
	CFMutableDictionaryRef match, props;
	io_iterator_t iter;
	io_object_t o, controller;
	char path[256];

	if (IOMasterPort(bootstrap_port, &master) != KERN_SUCCESS)
		return 1;
	match = IOServiceMatching(kIOSerialBSDServiceValue);
	CFDictionarySetValue(match, CFSTR(kIOSerialBSDTypeKey), CFSTR(kIOSerialBSDAllTypes));
	if (IOServiceGetMatchingServices(master, match, &iter) == KERN_SUCCESS) {
		while ((o = IOIteratorNext(iter))) {
			CFTypeRef s = IORegistryEntryCreateCFProperty(o, CFSTR(kIOCalloutDeviceKey),
								      kCFAllocatorDefault, 0);

			if (s && CFStringGetCString(s, path, sizeof(path), kCFStringEncodingUTF8))
				printf("serial %s\n", path);
			if (s)
				CFRelease(s);
			IOObjectRelease(o);
		}
		IOObjectRelease(iter);
	}
	match = IOServiceMatching(kIOEthernetInterfaceClass);
	props = CFDictionaryCreateMutable(kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks,
					  &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(props, CFSTR(kIOPrimaryInterface), kCFBooleanTrue);
	CFDictionarySetValue(match, CFSTR(kIOPropertyMatchKey), props);
	CFRelease(props);
	if (IOServiceGetMatchingServices(master, match, &iter) != KERN_SUCCESS)
		return 1;
	while ((o = IOIteratorNext(iter))) {
		if (IORegistryEntryGetParentEntry(o, kIOServicePlane, &controller) == KERN_SUCCESS) {
			CFDataRef mac = IORegistryEntryCreateCFProperty(controller, CFSTR(kIOMACAddress),
									kCFAllocatorDefault, 0);
			UInt8 b[kIOEthernetAddressSize];

			if (mac) {
				CFDataGetBytes(mac, CFRangeMake(0, kIOEthernetAddressSize), b);
				printf("mac %02x%02x%02x%02x%02x%02x\n", b[0], b[1], b[2], b[3], b[4], b[5]);
				CFRelease(mac);
			}
			IOObjectRelease(controller);
		}
		IOObjectRelease(o);
	}
	IOObjectRelease(iter);
	mach_port_deallocate(mach_task_self(), master);
	return 0;
}
