/* Prints the battery's state from AppleSmartBattery, as battery tools on
 * macOS read it: a few well-known keys of its property table.
 *
 *   cc -Ilib/include battery.c -lIOKit   (IOKIT_ROOT=MNT ./a.out) */
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

static void print_key(CFDictionaryRef props, const char *key)
{
	CFStringRef name = CFStringCreateWithCString(kCFAllocatorDefault, key,
						     kCFStringEncodingUTF8);
	CFTypeRef value = CFDictionaryGetValue(props, name);
	long long n;

	CFRelease(name);
	if (!value)
		return;
	if (CFGetTypeID(value) == CFNumberGetTypeID() &&
	    CFNumberGetValue(value, kCFNumberLongLongType, &n))
		printf("%s = %lld\n", key, n);
	else if (CFGetTypeID(value) == CFBooleanGetTypeID())
		printf("%s = %s\n", key, CFBooleanGetValue(value) ? "Yes" : "No");
}

int main(void)
{
	static const char *const keys[] = {
		"CurrentCapacity", "MaxCapacity", "DesignCapacity", "CycleCount",
		"Voltage", "Amperage", "Temperature", "IsCharging", "ExternalConnected",
		"FullyCharged",
	};
	CFMutableDictionaryRef props = NULL;
	io_service_t battery;
	kern_return_t kr;

	battery = IOServiceGetMatchingService(kIOMainPortDefault,
					      IOServiceMatching("AppleSmartBattery"));
	if (!battery) {
		fprintf(stderr, "no AppleSmartBattery\n");
		return 1;
	}
	kr = IORegistryEntryCreateCFProperties(battery, &props, kCFAllocatorDefault, 0);
	IOObjectRelease(battery);
	if (kr != KERN_SUCCESS) {
		fprintf(stderr, "IORegistryEntryCreateCFProperties: 0x%08x\n", kr);
		return 1;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		print_key(props, keys[i]);
	CFRelease(props);
	return 0;
}
