/* IOPowerSources (IOKit/ps/IOPowerSources.h): power source descriptions
 * built from the registry's IOPMPowerSource services through IOKitLib, so
 * they work on every source the mount shows (a Mac dump's
 * AppleSmartBattery, the live Linux source's batteries and adapters).
 *
 * A snapshot ("blob") is a CFDictionary: "Sources" (an array of
 * description dictionaries, which are also the opaque "ps" references) and
 * "Provider" (the providing power source type).  Nothing is cached: each
 * IOPSCopyPowerSourcesInfo asks the registry.
 *
 * Battery description, from the entry's properties (macOS units):
 *   Current Capacity  CurrentCapacity * 100 / MaxCapacity, rounded (a
 *                     registry whose MaxCapacity is 100, as on Apple
 *                     Silicon, already holds the percentage)
 *   Max Capacity      100
 *   Is Charging       IsCharging;  Is Charged  FullyCharged
 *   Is Present        BatteryInstalled (Yes when absent)
 *   Power Source State  AC Power / Battery Power (see provider below)
 *   Time to Empty     on battery: TimeRemaining, else AvgTimeToEmpty,
 *                     else InstantTimeToEmpty (minutes; 65535 = none),
 *                     else CurrentCapacity / -Amperage; -1 when none of
 *                     these exists; 0 on AC
 *   Time to Full Charge  when charging: AvgTimeToFull, else
 *                     (MaxCapacity - CurrentCapacity) / Amperage; 0 when
 *                     charged; -1 unknown
 *   Voltage, Current  Voltage (mV), Amperage (mA)
 *   DesignCapacity    DesignCapacity;  Nominal Capacity  MaxCapacity (mAh)
 *   Hardware Serial Number  BatterySerialNumber
 *   DesignCycleCount  DesignCycleCount9C, else DesignCycleCount70 (what
 *                     Mac batteries report; absent on Linux batteries)
 *   BatteryHealth     Poor with BatteryHealthCondition "Permanent Battery
 *                     Failure" when PermanentFailureStatus is not 0; else,
 *                     from MaxCapacity (AppleRawMaxCapacity when present)
 *                     against DesignCapacity, both in mAh: Poor when
 *                     CycleCount reached the design cycle count or at most
 *                     50 % is left, Fair at most 80 % (both with condition
 *                     "Check Battery"), Good above; absent without those
 *                     figures.  The thresholds are this library's rule.
 *   Name "InternalBattery-N", Type "InternalBattery", Transport Type
 *   "Internal", Power Source ID (the low 32 bits of the registry ID),
 *   Battery Provides Time Remaining Yes.
 * Provider: AC when any battery has ExternalConnected = Yes, or any other
 * IOPMPowerSource has ExternalConnected = Yes; Battery when there are
 * batteries and none of that; AC without batteries.
 *
 * IOPSNotificationCreateRunLoopSource watches every IOPMPowerSource
 * (kIOGeneralInterest: property changes, termination) and new ones
 * (first-match notification) on one IONotificationPort whose run loop
 * source it returns; the callback runs on that run loop.  The port and its
 * notifications live as long as the process (releasing the source does not
 * tear them down).
 *
 * Errors: NULL (no mount, out of memory), as the macOS calls return. */
#include "iokit_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOMessage.h>
#include <IOKit/ps/IOPowerSources.h>

#define NO_TIME 65535	/* the Smart Battery spec's "not available" */

static CFTypeRef get_value(CFDictionaryRef d, const char *key)
{
	CFStringRef k = CFStringCreateWithCString(NULL, key, kCFStringEncodingUTF8);
	CFTypeRef v = k ? CFDictionaryGetValue(d, k) : NULL;

	if (k)
		CFRelease(k);
	return v;
}

static bool get_long(CFDictionaryRef d, const char *key, long long *out)
{
	CFTypeRef v = get_value(d, key);

	return v && CFGetTypeID(v) == CFNumberGetTypeID() &&
	       CFNumberGetValue(v, kCFNumberLongLongType, out);
}

/* -1 when absent. */
static int get_bool(CFDictionaryRef d, const char *key)
{
	CFTypeRef v = get_value(d, key);

	return v && CFGetTypeID(v) == CFBooleanGetTypeID() ? CFBooleanGetValue(v) : -1;
}

static void set_value(CFMutableDictionaryRef d, const char *key, CFTypeRef v)
{
	CFStringRef k = CFStringCreateWithCString(NULL, key, kCFStringEncodingUTF8);

	if (k && v)
		CFDictionarySetValue(d, k, v);
	if (k)
		CFRelease(k);
}

static void set_int(CFMutableDictionaryRef d, const char *key, long long n)
{
	int v = (int)n;
	CFNumberRef num = CFNumberCreate(NULL, kCFNumberIntType, &v);

	set_value(d, key, num);
	if (num)
		CFRelease(num);
}

static void set_string(CFMutableDictionaryRef d, const char *key, const char *s)
{
	CFStringRef str = CFStringCreateWithCString(NULL, s, kCFStringEncodingUTF8);

	set_value(d, key, str);
	if (str)
		CFRelease(str);
}

static void set_bool(CFMutableDictionaryRef d, const char *key, bool b)
{
	set_value(d, key, b ? kCFBooleanTrue : kCFBooleanFalse);
}

/* A minutes figure from the battery, or -1. */
static long long minutes(CFDictionaryRef p, const char *key)
{
	long long m;

	return get_long(p, key, &m) && m >= 0 && m < NO_TIME ? m : -1;
}

/* DesignCycleCount, BatteryHealth and BatteryHealthCondition (see the top
 * comment); nothing when the battery reports neither capacity figure. */
static void health(CFMutableDictionaryRef d, CFDictionaryRef p, long long max)
{
	long long design_cycles = -1, cycles = -1, design = -1, pf = 0, raw;
	const char *h = NULL, *cond = NULL;

	if (get_long(p, "DesignCycleCount9C", &design_cycles) ||
	    get_long(p, "DesignCycleCount70", &design_cycles))
		set_int(d, kIOPSDesignCycleCountKey, design_cycles);
	get_long(p, "CycleCount", &cycles);
	get_long(p, "DesignCapacity", &design);
	get_long(p, "PermanentFailureStatus", &pf);
	/* Apple Silicon: MaxCapacity is a percentage, the mAh are raw. */
	if (get_long(p, "AppleRawMaxCapacity", &raw) && raw > 0)
		max = raw;
	if (pf != 0) {
		h = kIOPSPoorValue;
		cond = kIOPSPermanentFailureValue;
	} else if (design > 0 && max > 100) {
		if (design_cycles > 0 && cycles >= design_cycles) {
			h = kIOPSPoorValue;
			cond = kIOPSCheckBatteryValue;
		} else if (max * 10 <= design * 5) {
			h = kIOPSPoorValue;
			cond = kIOPSCheckBatteryValue;
		} else if (max * 10 <= design * 8) {
			h = kIOPSFairValue;
			cond = kIOPSCheckBatteryValue;
		} else {
			h = kIOPSGoodValue;
		}
	}
	if (h)
		set_string(d, kIOPSBatteryHealthKey, h);
	if (cond)
		set_string(d, kIOPSBatteryHealthConditionKey, cond);
}

static CFMutableDictionaryRef battery_description(CFDictionaryRef p, int index,
						  uint64_t id, bool on_ac)
{
	CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0,
		&kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
	long long cur = -1, max = -1, design, volt, amp = 0, t;
	int charging = get_bool(p, "IsCharging"), full = get_bool(p, "FullyCharged");
	int present = get_bool(p, "BatteryInstalled");
	char name[32];
	bool have_amp;

	if (!d)
		return NULL;
	snprintf(name, sizeof(name), "InternalBattery-%d", index);
	set_string(d, kIOPSNameKey, name);
	set_string(d, kIOPSTypeKey, kIOPSInternalBatteryType);
	set_string(d, kIOPSTransportTypeKey, kIOPSInternalType);
	set_int(d, kIOPSPowerSourceIDKey, (long long)(id & 0x7fffffff));
	set_bool(d, kIOPSIsPresentKey, present != 0);
	set_string(d, kIOPSPowerSourceStateKey, on_ac ? kIOPSACPowerValue
						      : kIOPSBatteryPowerValue);
	get_long(p, "CurrentCapacity", &cur);
	get_long(p, "MaxCapacity", &max);
	if (cur >= 0 && max > 0) {
		long long pct = (cur * 100 + max / 2) / max;

		set_int(d, kIOPSCurrentCapacityKey, pct > 100 ? 100 : pct);
		set_int(d, kIOPSMaxCapacityKey, 100);
	}
	if (max > 100)
		set_int(d, kIOPSNominalCapacityKey, max);
	if (get_long(p, "DesignCapacity", &design))
		set_int(d, kIOPSDesignCapacityKey, design);
	set_bool(d, kIOPSIsChargingKey, charging == 1);
	if (full == 1)
		set_bool(d, kIOPSIsChargedKey, true);
	if (get_long(p, "Voltage", &volt))
		set_int(d, kIOPSVoltageKey, volt);
	have_amp = get_long(p, "Amperage", &amp);
	if (have_amp)
		set_int(d, kIOPSCurrentKey, amp);

	if (on_ac) {
		t = 0;
	} else if ((t = minutes(p, "TimeRemaining")) < 0 &&
		   (t = minutes(p, "AvgTimeToEmpty")) < 0 &&
		   (t = minutes(p, "InstantTimeToEmpty")) < 0) {
		t = have_amp && amp < 0 && cur >= 0 && max > 100 ? cur * 60 / -amp : -1;
	}
	/* TimeRemaining is 0 on a Mac on AC; on battery a 0 would be "empty". */
	set_int(d, kIOPSTimeToEmptyKey, t);
	if (full == 1) {
		t = 0;
	} else if (charging == 1) {
		t = minutes(p, "AvgTimeToFull");
		if (t < 0 && have_amp && amp > 0 && cur >= 0 && max > 100 && max >= cur)
			t = (max - cur) * 60 / amp;
	} else {
		t = -1;
	}
	set_int(d, kIOPSTimeToFullChargeKey, t);
	{
		CFTypeRef serial = get_value(p, "BatterySerialNumber");

		if (serial && CFGetTypeID(serial) == CFStringGetTypeID())
			set_value(d, kIOPSHardwareSerialNumberKey, serial);
	}
	set_bool(d, kIOPSBatteryProvidesTimeRemaining, true);
	health(d, p, max);
	return d;
}

/* The registry's IOPMPowerSource services' properties, and IDs. */
struct collected {
	CFMutableArrayRef batteries;	/* property dicts */
	uint64_t ids[64];
	bool any_external;		/* some source says ExternalConnected */
	CFMutableArrayRef adapters;	/* property dicts of online adapters */
};

static bool collect(struct collected *c)
{
	io_iterator_t it = 0;
	io_service_t s;

	memset(c, 0, sizeof(*c));
	if (IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOPMPowerSource"),
					 &it) != KERN_SUCCESS)
		return false;
	c->batteries = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	c->adapters = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	while ((s = IOIteratorNext(it))) {
		CFMutableDictionaryRef p = NULL;

		if (c->batteries && c->adapters &&
		    IORegistryEntryCreateCFProperties(s, &p, NULL, 0) == KERN_SUCCESS && p) {
			bool battery = IOObjectConformsTo(s, "AppleSmartBattery") ||
				       get_bool(p, "BatteryInstalled") >= 0;
			int ext = get_bool(p, "ExternalConnected");

			if (ext == 1)
				c->any_external = true;
			if (battery) {
				CFIndex n = CFArrayGetCount(c->batteries);

				if (n < 64) {
					IORegistryEntryGetRegistryEntryID(s, &c->ids[n]);
					CFArrayAppendValue(c->batteries, p);
				}
			} else if (ext == 1) {
				CFArrayAppendValue(c->adapters, p);
			}
		}
		if (p)
			CFRelease(p);
		IOObjectRelease(s);
	}
	IOObjectRelease(it);
	if (!c->batteries || !c->adapters) {
		if (c->batteries)
			CFRelease(c->batteries);
		if (c->adapters)
			CFRelease(c->adapters);
		return false;
	}
	return true;
}

static void collected_free(struct collected *c)
{
	CFRelease(c->batteries);
	CFRelease(c->adapters);
}

CFTypeRef IOPSCopyPowerSourcesInfo(void)
{
	struct collected c;
	CFMutableDictionaryRef blob;
	CFMutableArrayRef sources;
	bool on_ac;

	if (!collect(&c))
		return NULL;
	on_ac = c.any_external || CFArrayGetCount(c.batteries) == 0;
	blob = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					 &kCFTypeDictionaryValueCallBacks);
	sources = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	for (CFIndex i = 0; blob && sources && i < CFArrayGetCount(c.batteries); i++) {
		CFMutableDictionaryRef d = battery_description(
			CFArrayGetValueAtIndex(c.batteries, i), (int)i, c.ids[i], on_ac);

		if (d) {
			CFArrayAppendValue(sources, d);
			CFRelease(d);
		}
	}
	if (blob && sources) {
		set_value(blob, "Sources", sources);
		set_string(blob, "Provider", on_ac ? kIOPMACPowerKey : kIOPMBatteryPowerKey);
	}
	if (sources)
		CFRelease(sources);
	collected_free(&c);
	return blob;
}

static CFArrayRef blob_sources(CFTypeRef blob)
{
	CFTypeRef v;

	if (!blob || CFGetTypeID(blob) != CFDictionaryGetTypeID())
		return NULL;
	v = get_value(blob, "Sources");
	return v && CFGetTypeID(v) == CFArrayGetTypeID() ? v : NULL;
}

CFArrayRef IOPSCopyPowerSourcesList(CFTypeRef blob)
{
	CFArrayRef sources = blob_sources(blob);

	return sources ? CFArrayCreateCopy(NULL, sources) : NULL;
}

CFDictionaryRef IOPSGetPowerSourceDescription(CFTypeRef blob, CFTypeRef ps)
{
	CFArrayRef sources = blob_sources(blob);

	if (!sources || !ps)
		return NULL;
	for (CFIndex i = 0; i < CFArrayGetCount(sources); i++)
		if (CFArrayGetValueAtIndex(sources, i) == ps)
			return ps;
	return NULL;
}

CFStringRef IOPSGetProvidingPowerSourceType(CFTypeRef snapshot)
{
	CFTypeRef v = snapshot && CFGetTypeID(snapshot) == CFDictionaryGetTypeID()
			      ? get_value(snapshot, "Provider")
			      : NULL;

	/* The constant strings, so callers may compare pointers too. */
	if (v && CFGetTypeID(v) == CFStringGetTypeID() &&
	    CFStringCompare(v, CFSTR(kIOPMBatteryPowerKey), 0) == kCFCompareEqualTo)
		return CFSTR(kIOPMBatteryPowerKey);
	return CFSTR(kIOPMACPowerKey);
}

/* Minutes left over every battery on battery power (sum), -1 unknown,
 * -2 on external power; *pct the mean capacity percentage (or -1). */
static long long estimate(long long *pct)
{
	CFTypeRef blob = IOPSCopyPowerSourcesInfo();
	CFArrayRef sources = blob_sources(blob);
	long long total = 0, sum_pct = 0, n_pct = 0, v;
	bool on_ac;

	*pct = -1;
	if (!blob)
		return -1;
	on_ac = CFStringCompare(IOPSGetProvidingPowerSourceType(blob), CFSTR(kIOPMACPowerKey),
				0) == kCFCompareEqualTo;
	for (CFIndex i = 0; sources && i < CFArrayGetCount(sources); i++) {
		CFDictionaryRef d = CFArrayGetValueAtIndex(sources, i);

		if (get_long(d, kIOPSCurrentCapacityKey, &v)) {
			sum_pct += v;
			n_pct++;
		}
		if (total >= 0 && get_long(d, kIOPSTimeToEmptyKey, &v) && v >= 0)
			total += v;
		else
			total = -1;
	}
	if (n_pct)
		*pct = sum_pct / n_pct;
	CFRelease(blob);
	return on_ac ? -2 : total;
}

CFTimeInterval IOPSGetTimeRemainingEstimate(void)
{
	long long pct, m = estimate(&pct);

	if (m == -2)
		return kIOPSTimeRemainingUnlimited;
	if (m < 0)
		return kIOPSTimeRemainingUnknown;
	return (CFTimeInterval)m * 60.0;
}

IOPSLowBatteryWarningLevel IOPSGetBatteryWarningLevel(void)
{
	long long pct, m = estimate(&pct);

	if (m == -2)
		return kIOPSLowBatteryWarningNone;
	if (m >= 0 && m <= 10)
		return kIOPSLowBatteryWarningFinal;
	if (pct >= 0 && pct < 22)
		return kIOPSLowBatteryWarningEarly;
	return kIOPSLowBatteryWarningNone;
}

CFDictionaryRef IOPSCopyExternalPowerAdapterDetails(void)
{
	struct collected c;
	CFMutableDictionaryRef d = NULL;

	if (!collect(&c))
		return NULL;
	if (CFArrayGetCount(c.adapters) > 0) {
		CFDictionaryRef p = CFArrayGetValueAtIndex(c.adapters, 0);
		long long v;

		d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					      &kCFTypeDictionaryValueCallBacks);
		long long mv;

		/* Only what the adapter entry states: the supply's limits
		 * (mA, mV) when its driver knows them; Watts from both. */
		if (d && get_long(p, "IOLinuxCurrentMax", &v)) {
			set_int(d, kIOPSPowerAdapterCurrentKey, v);
			if (get_long(p, "IOLinuxVoltageMax", &mv) && v > 0 && mv > 0)
				set_int(d, kIOPSPowerAdapterWattsKey, (v * mv + 500000) / 1000000);
		}
		if (d)
			set_string(d, kIOPSPowerAdapterSourceKey, kIOPSACPowerValue);
	}
	collected_free(&c);
	return d;
}

/* ---- change notification ---- */

struct ps_watch {
	IOPowerSourceCallbackType callback;
	void *context;
	IONotificationPortRef port;
};

static void ps_interest(void *refcon, io_service_t service, natural_t type, void *arg)
{
	struct ps_watch *w = refcon;

	(void)service;
	(void)arg;
	if (type == kIOMessageServicePropertyChange || type == kIOMessageServiceIsTerminated)
		w->callback(w->context);
}

/* Arms an interest notification on every power source the iterator
 * holds (draining it also re-arms the first-match notification). */
static void ps_matched(void *refcon, io_iterator_t it)
{
	struct ps_watch *w = refcon;
	io_service_t s;

	while ((s = IOIteratorNext(it))) {
		io_object_t n;

		IOServiceAddInterestNotification(w->port, s, kIOGeneralInterest, ps_interest, w, &n);
		IOObjectRelease(s);
	}
}

/* A source that appears after the first pass: watch it, and report it. */
static void ps_arrived(void *refcon, io_iterator_t it)
{
	struct ps_watch *w = refcon;

	ps_matched(refcon, it);
	w->callback(w->context);
}

CFRunLoopSourceRef IOPSNotificationCreateRunLoopSource(IOPowerSourceCallbackType callback,
						      void *context)
{
	struct ps_watch *w;
	io_iterator_t it = 0;
	CFRunLoopSourceRef source;

	if (!callback)
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->callback = callback;
	w->context = context;
	w->port = IONotificationPortCreate(kIOMainPortDefault);
	if (!w->port ||
	    IOServiceAddMatchingNotification(w->port, kIOFirstMatchNotification,
					     IOServiceMatching("IOPMPowerSource"), ps_arrived, w,
					     &it) != KERN_SUCCESS) {
		if (w->port)
			IONotificationPortDestroy(w->port);
		free(w);
		return NULL;
	}
	ps_matched(w, it);	/* arms the iterator and watches today's sources */
	source = IONotificationPortGetRunLoopSource(w->port);
	return source ? (CFRunLoopSourceRef)CFRetain(source) : NULL;
}
