/* IOKit/IOKitKeys.h: registry planes, matching keys, notification and
 * interest types, and other property keys (xnu's strings). */
#ifndef _IOKIT_IOKITKEYS_H
#define _IOKIT_IOKITKEYS_H

/* Planes */
#define kIOServicePlane		"IOService"
#define kIOPowerPlane		"IOPower"
#define kIODeviceTreePlane	"IODeviceTree"
#define kIOAudioPlane		"IOAudio"
#define kIOFireWirePlane	"IOFireWire"
#define kIOUSBPlane		"IOUSB"

/* Registry ID */
#define kIORegistryEntryIDKey				"IORegistryEntryID"
#define kIORegistryEntryPropertyKeysKey			"IORegistryEntryPropertyKeys"
#define kIORegistryEntryAllowableSetPropertiesKey	"IORegistryEntryAllowableSetProperties"
#define kIORegistryEntryDefaultLockingSetPropertiesKey	"IORegistryEntryDefaultLockingSetProperties"

/* IOService class name */
#define kIOServiceClass		"IOService"
#define kIOResourcesClass	"IOResources"

/* Matching and personality keys */
#define kIOClassKey			"IOClass"
#define kIOProbeScoreKey		"IOProbeScore"
#define kIOKitDebugKey			"IOKitDebug"
#define kIOUserClassKey			"IOUserClass"
#define kIOUserClassesKey		"IOUserClasses"
#define kIOSupportedPropertiesKey	"IOSupportedProperties"
#define kIOUserServicePropertiesKey	"IOUserServiceProperties"
#define kIOProviderClassKey		"IOProviderClass"
#define kIONameMatchKey			"IONameMatch"
#define kIOPropertyMatchKey		"IOPropertyMatch"
#define kIOPropertyExistsMatchKey	"IOPropertyExistsMatch"
#define kIOPathMatchKey			"IOPathMatch"
#define kIOLocationMatchKey		"IOLocationMatch"
#define kIOParentMatchKey		"IOParentMatch"
#define kIOResourceMatchKey		"IOResourceMatch"
#define kIOResourceMatchedKey		"IOResourceMatched"
#define kIOMatchedServiceCountKey	"IOMatchedServiceCountMatch"
#define kIONameMatchedKey		"IONameMatched"
#define kIOMatchCategoryKey		"IOMatchCategory"
#define kIODefaultMatchCategoryKey	"IODefaultMatchCategory"
#define kIOMatchedPersonalityKey	"IOMatchedPersonality"
#define kIORematchPersonalityKey	"IORematchPersonality"
#define kIORematchCountKey		"IORematchCount"
#define kIODEXTMatchCountKey		"IODEXTMatchCount"
#define kIOMatchDeferKey		"IOMatchDefer"

/* User clients */
#define kIOUserClientClassKey		"IOUserClientClass"
#define kIOMapperIDKey			"IOMapperID"
#define kIOUserClientCrossEndianKey	"IOUserClientCrossEndian"
#define kIOUserClientCrossEndianCompatibleKey "IOUserClientCrossEndianCompatible"
#define kIOUserClientSharedInstanceKey	"IOUserClientSharedInstance"
#define kIOUserClientDefaultLockingKey	"IOUserClientDefaultLocking"
#define kIOUserClientDefaultLockingSetPropertiesKey "IOUserClientDefaultLockingSetProperties"
#define kIOUserClientDefaultLockingSingleThreadExternalMethodKey \
	"IOUserClientDefaultLockingSingleThreadExternalMethod"
#define kIOUserClientCreatorKey		"IOUserClientCreator"
#define kIOUserClientEntitlementsKey	"IOUserClientEntitlements"
#define kIOUserServerCDHashKey		"IOUserServerCDHash"
#define kIOUserUserClientKey		"IOUserUserClient"

/* Notification types (IOServiceAddMatchingNotification) */
#define kIOPublishNotification		"IOServicePublish"
#define kIOFirstPublishNotification	"IOServiceFirstPublish"
#define kIOMatchedNotification		"IOServiceMatched"
#define kIOFirstMatchNotification	"IOServiceFirstMatch"
#define kIOTerminatedNotification	"IOServiceTerminate"
#define kIOWillTerminateNotification	"IOServiceWillTerminate"

/* Interest types (IOServiceAddInterestNotification) */
#define kIOGeneralInterest		"IOGeneralInterest"
#define kIOBusyInterest			"IOBusyInterest"
#define kIOAppPowerStateInterest	"IOAppPowerStateInterest"
#define kIOPriorityPowerStateInterest	"IOPriorityPowerStateInterest"

#define kIOPlatformDeviceMessageKey	"IOPlatformDeviceMessage"

/* IOService idle and busy timing */
#define kIOCFPlugInTypesKey		"IOCFPlugInTypes"
#define kIOCompatibilityMatchKey	"IOCompatibilityMatch"
#define kIOCompatibilityPropertiesKey	"IOCompatibilityProperties"
#define kIOPathKey			"IOPath"

/* Block storage limits */
#define kIOCommandPoolSizeKey			"IOCommandPoolSize"
#define kIOMaximumPriorityCountKey		"IOMaximumPriorityCount"
#define kIOMaximumBlockCountReadKey		"IOMaximumBlockCountRead"
#define kIOMaximumBlockCountWriteKey		"IOMaximumBlockCountWrite"
#define kIOMaximumByteCountReadKey		"IOMaximumByteCountRead"
#define kIOMaximumByteCountWriteKey		"IOMaximumByteCountWrite"
#define kIOMaximumSegmentCountReadKey		"IOMaximumSegmentCountRead"
#define kIOMaximumSegmentCountWriteKey		"IOMaximumSegmentCountWrite"
#define kIOMaximumSegmentByteCountReadKey	"IOMaximumSegmentByteCountRead"
#define kIOMaximumSegmentByteCountWriteKey	"IOMaximumSegmentByteCountWrite"
#define kIOMinimumSegmentAlignmentByteCountKey	"IOMinimumSegmentAlignmentByteCount"
#define kIOMaximumSegmentAddressableBitCountKey	"IOMaximumSegmentAddressableBitCount"
#define kIOMinimumSaturationByteCountKey	"IOMinimumSaturationByteCount"
#define kIOMaximumSwapWriteKey			"IOMaximumSwapWrite"

/* Icons */
#define kIOIconKey			"IOIcon"
#define kIOBundleResourceFileKey	"IOBundleResourceFile"
#define kIOBusBadgeKey			"IOBusBadge"
#define kIODeviceIconKey		"IODeviceIcon"

/* Platform */
#define kIOPlatformSerialNumberKey	"IOPlatformSerialNumber"
#define kIOPlatformUUIDKey		"IOPlatformUUID"

/* NVRAM (the IODTNVRAM entry, IODeviceTree:/options) */
#define kIONVRAMBootArgsKey		"boot-args"
#define kIONVRAMDeletePropertyKey	"IONVRAM-DELETE-PROPERTY"
#define kIONVRAMDeletePropertyKeyWRet	"IONVRAM-DELETEWRET-PROPERTY"
#define kIONVRAMSyncNowPropertyKey	"IONVRAM-SYNCNOW-PROPERTY"
#define kIONVRAMActivateCSRConfigPropertyKey "IONVRAM-ARMCSR-PROPERTY"
#define kIONVRAMForceSyncNowPropertyKey	"IONVRAM-FORCESYNCNOW-PROPERTY"
#define kIODTNVRAMPanicInfoKey		"aapl,panic-info"

/* Boot */
#define kIOBootDeviceKey		"IOBootDevice"
#define kIOBootDevicePathKey		"IOBootDevicePath"
#define kIOBootDeviceSizeKey		"IOBootDeviceSize"

#define kOSBuildVersionKey		"OS Build Version"

/* Root entry */
#define kIORegistryPlanesKey		"IORegistryPlanes"
#define kIOKitBuildVersionKey		"IOKitBuildVersion"
#define kIOKitDiagnosticsKey		"IOKitDiagnostics"
#define kIOCatalogueKey			"IOCatalogue"

/* From IOKitKeysPrivate.h: keys ioreg and IOKitLib use. */
#define kIOClassNameOverrideKey		"IOClassNameOverride"
#define kIOConsoleSecurityInterest	"IOConsoleSecurityInterest"
#define kIOServiceLegacyMatchingRegistryIDKey "IOServiceLegacyMatchingRegistryID"
#define kIOServiceNotificationUserKey	"IOServiceNotificationUser"

#endif
