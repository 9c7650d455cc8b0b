/* IOPowerSources.h: the power sources (batteries, external power) of the
 * registry the mount shows, as macOS's IOKit/ps API gives them.
 *
 * Descriptions are built from the registry's IOPMPowerSource services:
 * AppleSmartBattery entries (a real Mac's, from a dump, or a Linux
 * battery shaped like one) become "InternalBattery-N" descriptions; the
 * providing source is AC when a battery says ExternalConnected, or when an
 * adapter entry (IOPMPowerSource with ExternalConnected) is online.  A
 * registry without batteries has no power sources and runs on "AC Power",
 * as a Mac desktop does.  Each call reads the registry afresh; the
 * snapshot it returns is an ordinary CF object (CFRelease it).
 * docs/linux-source.md ("IOPowerSources") gives every key's origin. */
#ifndef _IOKIT_PS_IOPOWERSOURCES_H
#define _IOKIT_PS_IOPOWERSOURCES_H

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/ps/IOPSKeys.h>

#ifdef __cplusplus
extern "C" {
#endif

#define kIOPSTimeRemainingUnknown	((CFTimeInterval)-1.0)
#define kIOPSTimeRemainingUnlimited	((CFTimeInterval)-2.0)

typedef enum {
	kIOPSLowBatteryWarningNone = 1,
	kIOPSLowBatteryWarningEarly = 2,
	kIOPSLowBatteryWarningFinal = 3
} IOPSLowBatteryWarningLevel;

/* A snapshot of every power source; NULL when the registry cannot be
 * read (no mount).  Release with CFRelease. */
CFTypeRef IOPSCopyPowerSourcesInfo(void);
/* The sources in a snapshot (an array of opaque references; release). */
CFArrayRef IOPSCopyPowerSourcesList(CFTypeRef blob);
/* The description of one source of the snapshot (not retained: valid
 * while blob is), or NULL when ps is not one of blob's. */
CFDictionaryRef IOPSGetPowerSourceDescription(CFTypeRef blob, CFTypeRef ps);
/* CFSTR(kIOPMACPowerKey), (kIOPMBatteryPowerKey), or (kIOPMUPSPowerKey);
 * not retained. */
CFStringRef IOPSGetProvidingPowerSourceType(CFTypeRef snapshot);
/* Seconds of battery left: kIOPSTimeRemainingUnlimited on external power,
 * kIOPSTimeRemainingUnknown while no estimate exists. */
CFTimeInterval IOPSGetTimeRemainingEstimate(void);
/* On battery power only, as macOS defines them: Final when the estimate
 * is at most 10 minutes, Early when the batteries are below 22 %; None
 * otherwise (and on external power). */
IOPSLowBatteryWarningLevel IOPSGetBatteryWarningLevel(void);
/* A run loop source that calls callback(context) whenever a power source
 * changes, appears or goes away.  Add it to a run loop; release it when
 * done (the watch itself lasts as long as the process). */
typedef void (*IOPowerSourceCallbackType)(void *context);
CFRunLoopSourceRef IOPSNotificationCreateRunLoopSource(IOPowerSourceCallbackType callback,
						      void *context);
/* Details of the external adapter, or NULL when there is none online or
 * the registry has no facts about it. */
CFDictionaryRef IOPSCopyExternalPowerAdapterDetails(void);

#ifdef __cplusplus
}
#endif

#endif
