/* Lists the services of a class (IOUSBDevice unless given), with their
 * name, registry ID and, when they have them, USB vendor and product IDs.
 *
 *   cc -Ilib/include list_usb.c -lIOKit   (IOKIT_ROOT=MNT ./a.out [class]) */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

static long number_property(io_service_t service, CFStringRef key)
{
	CFTypeRef value = IORegistryEntryCreateCFProperty(service, key, kCFAllocatorDefault, 0);
	long n = -1;

	if (value && CFGetTypeID(value) == CFNumberGetTypeID())
		CFNumberGetValue(value, kCFNumberLongType, &n);
	if (value)
		CFRelease(value);
	return n;
}

int main(int argc, char **argv)
{
	const char *cls = argc > 1 ? argv[1] : "IOUSBDevice";
	io_iterator_t iterator;
	io_service_t service;
	kern_return_t kr;
	int count = 0;

	kr = IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching(cls), &iterator);
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "IOServiceGetMatchingServices: 0x%08x\n", kr);
		return 1;
	}
	while ((service = IOIteratorNext(iterator))) {
		io_name_t name, class_name;
		uint64_t id = 0;

		if (IORegistryEntryGetName(service, name) != KERN_SUCCESS)
			name[0] = '\0';
		if (IOObjectGetClass(service, class_name) != KERN_SUCCESS)
			class_name[0] = '\0';
		IORegistryEntryGetRegistryEntryID(service, &id);
		printf("0x%llx %s <%s>", (unsigned long long)id, name, class_name);
		long vendor = number_property(service, CFSTR("idVendor"));
		long product = number_property(service, CFSTR("idProduct"));
		if (vendor >= 0 && product >= 0)
			printf(" %04lx:%04lx", vendor, product);
		printf("\n");
		IOObjectRelease(service);
		count++;
	}
	if (iterator)
		IOObjectRelease(iterator);
	fprintf(stderr, "%d services of class %s\n", count, cls);
	return 0;
}
