/* IOKit/pwr_mgt/IOPMKeys.h (subset): power-management keys found on the
 * IOPMrootDomain and power-source entries. */
#ifndef _IOKIT_IOPMKEYS_H_
#define _IOKIT_IOPMKEYS_H_

#define kIOPMRootDomainClass		"IOPMrootDomain"
#define kIOPMACPowerKey			"AC Power"
#define kIOPMBatteryPowerKey		"Battery Power"
#define kIOPMUPSPowerKey		"UPS Power"
#define kIOPMSystemSleepEnabledKey	"System Sleep Enabled"
#define kIOPMSleepWakeUUIDKey		"SleepWakeUUID"
#define kIOPMBootSessionUUIDKey		"BootSessionUUID"
#define kIOPMDisplaySleepKey		"Display Sleep Timer"
#define kIOPMSystemSleepKey		"System Sleep Timer"
#define kIOPMDiskSleepKey		"Disk Sleep Timer"
#define kIOPMWakeOnLANKey		"Wake On LAN"
#define kIOPMWakeOnACChangeKey		"Wake On AC Change"
#define kIOPMRestartOnPowerLossKey	"Automatic Restart On Power Loss"
#define kIOPMWakeOnClamshellKey		"Wake On Clamshell Open"
#define kIOPMReduceBrightnessKey	"ReduceBrightness"
#define kIOPMDisplaySleepUsesDimKey	"Display Sleep Uses Dim"
#define kIOPMMobileMotionModuleKey	"Mobile Motion Module"
#define kIOPMTTYSPreventSleepKey	"TTYSPreventSleep"
#define kIOPMGPUSwitchKey		"GPUSwitch"
#define kIOPMDeepSleepEnabledKey	"Standby Enabled"
#define kIOPMDeepSleepDelayKey		"Standby Delay"
#define kIOHibernateModeKey		"Hibernate Mode"
#define kIOHibernateFileKey		"Hibernate File"

/* Assertion types (names only: assertions are not provided here). */
#define kIOPMAssertionTypeNoIdleSleep		"NoIdleSleepAssertion"
#define kIOPMAssertionTypeNoDisplaySleep	"NoDisplaySleepAssertion"
#define kIOPMAssertionTypePreventUserIdleSystemSleep "PreventUserIdleSystemSleep"
#define kIOPMAssertionTypePreventUserIdleDisplaySleep "PreventUserIdleDisplaySleep"
#define kIOPMAssertionTypePreventSystemSleep	"PreventSystemSleep"

#endif
