/* Finds HID devices the way hidapi's mac backend and game-controller tools
 * do: IOServiceGetMatchingServices with IOServiceMatching("IOHIDDevice")
 * plus number keys (PrimaryUsagePage/PrimaryUsage, or DeviceUsagePage/
 * DeviceUsage, which IOHIDDevice matches against any of its usage pairs).
 * Prints each match's name, one a line, in the iterator's order.
 *
 *   IOKIT_ROOT=MNT hid_match [class=CLASS] KEY=NUMBER...
 *
 * Used by test_live_hid.sh.  Exit status 0, or 2 on a usage or IOKit error
 * (with the kern_return_t on stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

int main(int argc, char **argv)
{
	const char *cls = "IOHIDDevice";
	CFMutableDictionaryRef match;
	io_iterator_t iterator = 0;
	io_service_t service;
	kern_return_t kr;
	int first = 1;

	if (argc > 1 && strncmp(argv[1], "class=", 6) == 0) {
		cls = argv[1] + 6;
		first = 2;
	}
	match = IOServiceMatching(cls);
	if (!match) {
		fprintf(stderr, "IOServiceMatching failed\n");
		return 2;
	}
	for (int i = first; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		char *end;
		long long n;

		if (!eq || eq == argv[i]) {
			fprintf(stderr, "usage: hid_match [class=CLASS] KEY=NUMBER...\n");
			return 2;
		}
		n = strtoll(eq + 1, &end, 0);
		if (*end || end == eq + 1) {
			fprintf(stderr, "%s: not a number\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		CFStringRef key = CFStringCreateWithCString(NULL, argv[i], kCFStringEncodingUTF8);
		CFNumberRef value = CFNumberCreate(NULL, kCFNumberLongLongType, &n);

		CFDictionarySetValue(match, key, value);
		CFRelease(key);
		CFRelease(value);
	}
	/* The call consumes the matching dictionary. */
	kr = IOServiceGetMatchingServices(kIOMainPortDefault, match, &iterator);
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "IOServiceGetMatchingServices: 0x%08x\n", kr);
		return 2;
	}
	while ((service = IOIteratorNext(iterator))) {
		io_name_t name;

		if (IORegistryEntryGetName(service, name) != KERN_SUCCESS)
			strcpy(name, "?");
		printf("%s\n", name);
		IOObjectRelease(service);
	}
	IOObjectRelease(iterator);
	return 0;
}
