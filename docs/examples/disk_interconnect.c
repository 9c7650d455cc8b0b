/* For every disk (IOMedia), finds how it is attached by searching up its
 * providers for a property, the way macOS disk tools do: the media itself
 * rarely has it, the storage device or controller above it does.
 *
 *   cc -Ilib/include disk_interconnect.c -lIOKit   (IOKIT_ROOT=MNT ./a.out [KEY])
 *
 * KEY defaults to "Physical Interconnect" (IOKit's protocol
 * characteristics); on Linux mounts try "IOLinuxSubsystem". */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

static void print_value(CFTypeRef v)
{
	char buf[256];

	if (CFGetTypeID(v) == CFStringGetTypeID() &&
	    CFStringGetCString(v, buf, sizeof(buf), kCFStringEncodingUTF8))
		printf("%s", buf);
	else if (CFGetTypeID(v) == CFDictionaryGetTypeID())
		printf("<dictionary of %ld>", (long)CFDictionaryGetCount(v));
	else
		printf("<not a string>");
}

int main(int argc, char **argv)
{
	const char *key = argc > 1 ? argv[1] : "Physical Interconnect";
	CFStringRef cfkey = CFStringCreateWithCString(kCFAllocatorDefault, key,
						      kCFStringEncodingUTF8);
	io_iterator_t it;
	io_service_t media;
	int found = 0;

	if (IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOMedia"),
					 &it) != KERN_SUCCESS) {
		fprintf(stderr, "matching failed\n");
		return 1;
	}
	while ((media = IOIteratorNext(it))) {
		io_name_t name;
		CFTypeRef v = IORegistryEntrySearchCFProperty(media, kIOServicePlane, cfkey,
							      kCFAllocatorDefault,
							      kIORegistryIterateRecursively |
								      kIORegistryIterateParents);
		IORegistryEntryGetName(media, name);
		printf("%s: ", name);
		if (v) {
			print_value(v);
			CFRelease(v);
			found++;
		} else {
			printf("(no %s above it)", key);
		}
		printf("\n");
		IOObjectRelease(media);
	}
	IOObjectRelease(it);
	CFRelease(cfkey);
	return found ? 0 : 2;
}
