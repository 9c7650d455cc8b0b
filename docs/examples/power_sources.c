/* Prints every power source as macOS's IOPowerSources API describes it,
 * the way battery menus and `pmset -g batt` read it: the providing
 * source, then one line per source with its description's keys, then the
 * time remaining estimate.  With -w it then waits (10 s at most) for a
 * change through IOPSNotificationCreateRunLoopSource, as a battery menu
 * does, and prints the sources again.
 *
 *   cc -Ilib/include power_sources.c -lIOKit   (IOKIT_ROOT=MNT ./a.out [-w]) */
#include <stdio.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/ps/IOPowerSources.h>
#include <IOKit/ps/IOPSKeys.h>

static void print_value(CFDictionaryRef d, const char *key)
{
	CFStringRef k = CFStringCreateWithCString(NULL, key, kCFStringEncodingUTF8);
	CFTypeRef v = CFDictionaryGetValue(d, k);
	char buf[256];
	long long n;

	CFRelease(k);
	if (!v)
		return;
	if (CFGetTypeID(v) == CFNumberGetTypeID() &&
	    CFNumberGetValue(v, kCFNumberLongLongType, &n))
		printf(" %s=%lld", key, n);
	else if (CFGetTypeID(v) == CFBooleanGetTypeID())
		printf(" %s=%s", key, CFBooleanGetValue(v) ? "Yes" : "No");
	else if (CFGetTypeID(v) == CFStringGetTypeID() &&
		 CFStringGetCString(v, buf, sizeof(buf), kCFStringEncodingUTF8))
		printf(" %s=%s", key, buf);
}

static int print_all(void);

static void changed(void *context)
{
	int *seen = context;

	if (*seen)
		return;
	*seen = 1;
	printf("power sources changed\n");
	CFRunLoopStop(CFRunLoopGetCurrent());
}

int main(int argc, char **argv)
{
	int seen = 0;

	if (argc > 1 && strcmp(argv[1], "-w") == 0) {
		CFRunLoopSourceRef src = IOPSNotificationCreateRunLoopSource(changed, &seen);

		if (!src) {
			fprintf(stderr, "IOPSNotificationCreateRunLoopSource failed\n");
			return 1;
		}
		CFRunLoopAddSource(CFRunLoopGetCurrent(), src, kCFRunLoopDefaultMode);
		printf("watching\n");
		fflush(stdout);
		CFRunLoopRunInMode(kCFRunLoopDefaultMode, 10.0, false);
		CFRelease(src);
		if (!seen) {
			printf("no change within 10 s\n");
			return 1;
		}
	}
	return print_all();
}

static int print_all(void)
{
	static const char *const keys[] = {
		kIOPSNameKey, kIOPSTypeKey, kIOPSPowerSourceStateKey, kIOPSCurrentCapacityKey,
		kIOPSMaxCapacityKey, kIOPSIsChargingKey, kIOPSIsChargedKey, kIOPSIsPresentKey,
		kIOPSTimeToEmptyKey, kIOPSTimeToFullChargeKey, kIOPSVoltageKey, kIOPSCurrentKey,
		kIOPSDesignCapacityKey, kIOPSHardwareSerialNumberKey, kIOPSDesignCycleCountKey,
		kIOPSBatteryHealthKey, kIOPSBatteryHealthConditionKey,
	};
	CFTypeRef blob = IOPSCopyPowerSourcesInfo();
	CFArrayRef list;
	char buf[64];

	if (!blob) {
		fprintf(stderr, "IOPSCopyPowerSourcesInfo failed\n");
		return 1;
	}
	list = IOPSCopyPowerSourcesList(blob);
	CFStringGetCString(IOPSGetProvidingPowerSourceType(blob), buf, sizeof(buf),
			   kCFStringEncodingUTF8);
	printf("Now drawing from '%s'\n", buf);
	for (CFIndex i = 0; list && i < CFArrayGetCount(list); i++) {
		CFDictionaryRef d = IOPSGetPowerSourceDescription(blob,
								  CFArrayGetValueAtIndex(list, i));

		if (!d)
			continue;
		printf("-");
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
			print_value(d, keys[k]);
		printf("\n");
	}
	printf("time remaining estimate: %.0f\n", IOPSGetTimeRemainingEstimate());
	printf("warning level: %d\n", (int)IOPSGetBatteryWarningLevel());
	if (list)
		CFRelease(list);
	CFRelease(blob);
	return 0;
}
