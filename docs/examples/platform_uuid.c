/* Prints the machine's IOPlatformUUID, the way macOS programs read it:
 * the IOPlatformExpertDevice service's property.
 *
 *   cc -Ilib/include platform_uuid.c -lIOKit   (IOKIT_ROOT=MNT ./a.out) */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

int main(void)
{
	io_service_t platform;
	CFTypeRef uuid;
	char buf[128];

	platform = IOServiceGetMatchingService(kIOMainPortDefault,
					       IOServiceMatching("IOPlatformExpertDevice"));
	if (!platform) {
		fprintf(stderr, "no IOPlatformExpertDevice\n");
		return 1;
	}
	uuid = IORegistryEntryCreateCFProperty(platform, CFSTR("IOPlatformUUID"),
					       kCFAllocatorDefault, 0);
	IOObjectRelease(platform);
	if (!uuid || CFGetTypeID(uuid) != CFStringGetTypeID() ||
	    !CFStringGetCString(uuid, buf, sizeof(buf), kCFStringEncodingUTF8)) {
		fprintf(stderr, "no IOPlatformUUID\n");
		if (uuid)
			CFRelease(uuid);
		return 1;
	}
	printf("%s\n", buf);
	CFRelease(uuid);
	return 0;
}
