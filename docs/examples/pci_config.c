/* Reads every PCI device's vendor and device IDs from its configuration
 * space through the IOPCIDevice user client (method 0: offset, width ->
 * value; root only), and checks them against the registry's "vendor-id".
 * Prints "bus-address vendor:device".
 *
 *   cc -Ilib/include pci_config.c -lIOKit   (IOKIT_ROOT=MNT ./a.out) */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <mach/mach_error.h>

static int config_read(io_connect_t c, uint64_t offset, uint64_t width, uint64_t *value)
{
	uint64_t in[2] = { offset, width };
	uint32_t n = 1;

	return IOConnectCallScalarMethod(c, 0, in, 2, value, &n);
}

int main(void)
{
	io_iterator_t it;
	io_service_t dev;
	int bad = 0, seen = 0;

	if (IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOPCIDevice"),
					 &it) != KERN_SUCCESS)
		return 1;
	while ((dev = IOIteratorNext(it))) {
		io_connect_t c;
		uint64_t vendor = 0, device = 0;
		io_name_t location = "";
		CFDataRef reg_vendor;
		kern_return_t kr = IOServiceOpen(dev, mach_task_self(), 0, &c);

		IORegistryEntryGetLocationInPlane(dev, kIOServicePlane, location);
		if (kr != KERN_SUCCESS) {
			printf("%s: IOServiceOpen: %s\n", location, mach_error_string(kr));
			bad++;
			IOObjectRelease(dev);
			continue;
		}
		if (config_read(c, 0, 2, &vendor) != KERN_SUCCESS ||
		    config_read(c, 2, 2, &device) != KERN_SUCCESS)
			bad++;
		reg_vendor = IORegistryEntryCreateCFProperty(dev, CFSTR("vendor-id"),
							     kCFAllocatorDefault, 0);
		if (reg_vendor && CFDataGetLength(reg_vendor) >= 2) {
			const UInt8 *b = CFDataGetBytePtr(reg_vendor);
			if ((uint64_t)(b[0] | b[1] << 8) != vendor)
				bad++;
		}
		if (reg_vendor)
			CFRelease(reg_vendor);
		printf("%s %04llx:%04llx\n", location, (unsigned long long)vendor,
		       (unsigned long long)device);
		IOServiceClose(c);
		IOObjectRelease(dev);
		seen++;
	}
	IOObjectRelease(it);
	return bad || !seen ? 1 : 0;
}
