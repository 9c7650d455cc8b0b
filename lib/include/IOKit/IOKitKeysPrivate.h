/* IOKit/IOKitKeysPrivate.h (subset): the private keys Apple's own tools
 * (ioreg) include from here.  The keys libIOKit defines in IOKitKeys.h are
 * available through it too. */
#ifndef _IOKIT_IOKITKEYSPRIVATE_H
#define _IOKIT_IOKITKEYSPRIVATE_H

#include <IOKit/IOKitKeys.h>

#define kIORegistryEntryIDKey		"IORegistryEntryID"
#define kIORegistryEntryPropertyKeysKey	"IORegistryEntryPropertyKeys"
#define kIORegistryEntryAllowableSetPropertiesKey "IORegistryEntryAllowableSetProperties"
#define kIORegistryEntryDefaultLockingSetPropertiesKey "IORegistryEntryDefaultLockingSetProperties"
#define kIOUserClientCrossEndianKey	"IOUserClientCrossEndian"
#define kIOUserClientCrossEndianCompatibleKey "IOUserClientCrossEndianCompatible"
#define kIOUserClientSharedInstanceKey	"IOUserClientSharedInstance"
#define kIOConsoleSessionUIDKey		"kCGSSessionUserIDKey"
#define kIOConsoleUsersKey		"IOConsoleUsers"
#define kIOConsoleSessionOnConsoleKey	"kCGSSessionOnConsoleKey"
#define kIOConsoleSessionLoginDoneKey	"kCGSessionLoginDoneKey"
#define kIOConsoleSessionIDKey		"kCGSSessionIDKey"
#define kIOConsoleLockedKey		"IOConsoleLocked"
#define kIOServiceBusyStateKey		"IOServiceBusyState"
#define kIOServiceBusyTimeKey		"IOServiceBusyTime"
#define kIOServiceStateKey		"IOServiceState"
#define kIONVRAMPropertyKey		"IONVRAM"

#endif
