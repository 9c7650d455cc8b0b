/* Written the way hardware-info tools (a dmidecode port, HID listers) are:
 * the AppleSMBIOS blob read with a fixed-size CFDataGetBytes (tools read
 * 0x20 bytes whatever the length, which release CoreFoundation allows),
 * the SMBIOS type 1 product name, then HID keyboards by usage with the HID
 * keys and usage tables.  Umbrella headers as Carbon-era tools include them.
 * Prints "product <name>" and "keyboard <Product>" lines. */
#include <stdio.h>
#include <string.h>
#include <Carbon/Carbon.h>
#include <ApplicationServices/ApplicationServices.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/hid/IOHIDLib.h>
#include <IOKit/hid/IOHIDKeys.h>
#include <IOKit/hidsystem/IOHIDShared.h>
#include <libkern/OSAtomic.h>

static volatile int32_t found;

static void product_from_smbios(void)
{
	io_registry_entry_t e = IORegistryEntryFromPath(kIOMasterPortDefault,
		"IOService:/AppleACPIPlatformExpert/bios/AppleSMBIOS");
	CFDataRef data;
	const UInt8 *p, *end;
	UInt8 head[0x20];

	if (!e)
		return;
	data = IORegistryEntryCreateCFProperty(e, CFSTR("SMBIOS"), kCFAllocatorDefault, 0);
	IOObjectRelease(e);
	if (!data)
		return;
	CFDataGetBytes(data, CFRangeMake(0, sizeof(head)), head);	/* may run past the end */
	p = CFDataGetBytePtr(data);
	end = p + CFDataGetLength(data);
	while (p + 4 <= end && p[0] != 127) {
		const UInt8 *strings = p + p[1], *s = strings;
		int want = p[0] == 1 && p[1] > 5 ? p[5] : 0;	/* type 1: product name */

		for (int i = 1; s < end && *s; i++) {
			if (i == want)
				printf("product %s\n", (const char *)s);
			s += strlen((const char *)s) + 1;
		}
		p = (s < end && *s == 0 && s == strings) ? s + 2 : s + 1;
	}
	CFRelease(data);
}

int main(void)
{
	CFMutableDictionaryRef match = IOServiceMatching(kIOHIDDeviceKey);
	UInt32 page = kHIDPage_GenericDesktop, usage = kHIDUsage_GD_Keyboard;
	CFNumberRef n;
	io_iterator_t iter;
	io_object_t o;

	product_from_smbios();
	n = CFNumberCreate(kCFAllocatorDefault, kCFNumberSInt32Type, &page);
	CFDictionarySetValue(match, CFSTR(kIOHIDPrimaryUsagePageKey), n);
	CFRelease(n);
	n = CFNumberCreate(kCFAllocatorDefault, kCFNumberSInt32Type, &usage);
	CFDictionarySetValue(match, CFSTR(kIOHIDPrimaryUsageKey), n);
	CFRelease(n);
	if (IOServiceGetMatchingServices(kIOMainPortDefault, match, &iter) != KERN_SUCCESS)
		return 1;
	while ((o = IOIteratorNext(iter))) {
		CFStringRef name = IORegistryEntryCreateCFProperty(o, CFSTR(kIOHIDProductKey),
								   kCFAllocatorDefault, kIOHIDOptionsTypeNone);
		char text[256];

		if (name && CFStringGetCString(name, text, sizeof(text), kCFStringEncodingUTF8))
			printf("keyboard %s\n", text);
		if (name)
			CFRelease(name);
		OSAtomicIncrement32(&found);
		IOObjectRelease(o);
	}
	IOObjectRelease(iter);
	return found ? 0 : 2;
}
