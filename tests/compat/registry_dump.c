/* Written the way registry tools (ioreg, nvram) are: IOCFSerialize and
 * IOCFUnserialize of a property table, the private keys header, CFDate and
 * mach_absolute_time for timing, a write stream for the XML.  Prints the
 * root's plane names after a serialize/unserialize round trip, then
 * "roundtrip ok", and writes the platform entry's properties as an XML
 * plist to the file named by argv[1]. */
#include <stdio.h>
#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOKitKeysPrivate.h>
#include <IOKit/IOCFSerialize.h>
#include <IOKit/IOCFUnserialize.h>
#include <mach/mach_time.h>

static void print_key(const void *key, const void *value, void *ctx)
{
	char text[128];

	(void)value;
	(void)ctx;
	if (CFStringGetCString(key, text, sizeof(text), kCFStringEncodingUTF8))
		printf("plane %s\n", text);
}

int main(int argc, char **argv)
{
	io_registry_entry_t root = IORegistryGetRootEntry(kIOMasterPortDefault);
	io_registry_entry_t platform = IORegistryEntryFromPath(kIOMasterPortDefault, "IOService:/");
	CFTypeRef planes = IORegistryEntryCreateCFProperty(root, CFSTR(kIORegistryPlanesKey),
							   kCFAllocatorDefault, 0);
	CFMutableDictionaryRef props = NULL;
	CFDataRef xml;
	CFTypeRef back;
	CFStringRef error = NULL;
	uint64_t t0 = mach_absolute_time();
	CFDateRef when = CFDateCreate(kCFAllocatorDefault, CFAbsoluteTimeGetCurrent());

	if (!planes || !platform || argc < 2)
		return 1;
	xml = IOCFSerialize(planes, 0);
	back = IOCFUnserialize((const char *)CFDataGetBytePtr(xml), kCFAllocatorDefault, 0, &error);
	if (!back || !CFEqual(back, planes))
		return 2;
	CFDictionaryApplyFunction(back, print_key, NULL);
	printf("roundtrip ok\n");
	if (IORegistryEntryCreateCFProperties(platform, &props, kCFAllocatorDefault, 0) == KERN_SUCCESS) {
		CFStringRef path = CFStringCreateWithCString(NULL, argv[1], kCFStringEncodingUTF8);
		CFURLRef url = CFURLCreateWithFileSystemPath(NULL, path, kCFURLPOSIXPathStyle, false);
		CFWriteStreamRef out = CFWriteStreamCreateWithFile(NULL, url);

		if (CFWriteStreamOpen(out)) {
			CFPropertyListWrite(props, out, kCFPropertyListXMLFormat_v1_0, 0, NULL);
			CFWriteStreamClose(out);
		}
		CFRelease(out);
		CFRelease(url);
		CFRelease(path);
		CFRelease(props);
	}
	if (mach_absolute_time() < t0 || CFDateGetAbsoluteTime(when) <= 0)
		return 3;
	CFRelease(when);
	CFRelease(back);
	CFRelease(xml);
	CFRelease(planes);
	IOObjectRelease(platform);
	IOObjectRelease(root);
	return 0;
}
