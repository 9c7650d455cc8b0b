/* Prints the primary Ethernet interface's MAC address the way Apple's
 * GetPrimaryMACAddress sample finds it: match IOEthernetInterface services
 * whose IOPrimaryInterface is true (an IOPropertyMatch), take each one's
 * parent in the IOService plane (its IOEthernetController) and read
 * kIOMACAddress there.
 *
 *   cc -Ilib/include primary_mac.c -lIOKit   (IOKIT_ROOT=MNT ./a.out) */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

int main(void)
{
	CFMutableDictionaryRef matching = IOServiceMatching("IOEthernetInterface");
	CFMutableDictionaryRef property = CFDictionaryCreateMutable(
		kCFAllocatorDefault, 0, &kCFTypeDictionaryKeyCallBacks,
		&kCFTypeDictionaryValueCallBacks);
	io_iterator_t it;
	io_object_t intf;
	int found = 0;

	CFDictionarySetValue(property, CFSTR("IOPrimaryInterface"), kCFBooleanTrue);
	CFDictionarySetValue(matching, CFSTR("IOPropertyMatch"), property);
	CFRelease(property);
	if (IOServiceGetMatchingServices(kIOMainPortDefault, matching, &it) != KERN_SUCCESS) {
		fprintf(stderr, "IOServiceGetMatchingServices failed\n");
		return 1;
	}
	while ((intf = IOIteratorNext(it))) {
		io_object_t controller;
		CFTypeRef mac;

		if (IORegistryEntryGetParentEntry(intf, kIOServicePlane, &controller) ==
		    KERN_SUCCESS) {
			mac = IORegistryEntryCreateCFProperty(controller, CFSTR("IOMACAddress"),
							      kCFAllocatorDefault, 0);
			if (mac && CFGetTypeID(mac) == CFDataGetTypeID() &&
			    CFDataGetLength(mac) == 6) {
				const UInt8 *b = CFDataGetBytePtr(mac);

				printf("%02x:%02x:%02x:%02x:%02x:%02x\n", b[0], b[1], b[2], b[3],
				       b[4], b[5]);
				found = 1;
			}
			if (mac)
				CFRelease(mac);
			IOObjectRelease(controller);
		}
		IOObjectRelease(intf);
	}
	IOObjectRelease(it);
	if (!found) {
		fprintf(stderr, "no primary Ethernet interface with a MAC address\n");
		return 1;
	}
	return 0;
}
