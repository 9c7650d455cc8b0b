/* IOKit's well-known classes and their superclasses, as macOS has them.
 *
 * The chains come from real machines (the "inheritance" arrays that
 * IORegistryExplorer saves, e.g. a MacBookPro15,1 on macOS 10.13) and from
 * the IOKit families' headers.  Only classes that exist on macOS are listed;
 * sources that know a class's real chain (.ioreg archives, ioreg -i) declare
 * it themselves and do not need this table.
 *
 * The table is sorted by strcmp order so that lookups are a binary search;
 * tests/unit/test_builtin_classes.c checks the order and that every chain
 * ends at OSObject. */
#include "builtin_classes.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct builtin_class {
	const char *name;
	const char *superclass;
};

static const struct builtin_class builtin_classes[] = {
	{ "AppleACPIACAdapter", "IOService" },
	{ "AppleACPIButton", "IOHIDEventService" },
	{ "AppleACPICPU", "IOCPU" },
	{ "AppleACPIEC", "IOService" },
	{ "AppleACPILid", "IOService" },
	{ "AppleACPIPCI", "IOPCIBridge" },
	{ "AppleACPIPlatformExpert", "IOACPIPlatformExpert" },
	{ "AppleAPFSContainer", "IOPartitionScheme" },
	{ "AppleAPFSContainerScheme", "IOStorage" },
	{ "AppleAPFSMedia", "IOMedia" },
	{ "AppleAPFSVolume", "IOMedia" },
	{ "AppleBacklightDisplay", "IOBacklightDisplay" },
	{ "AppleDisplay", "IODisplay" },
	{ "AppleEFINVRAM", "IODTNVRAM" },
	{ "AppleEmbeddedKeyboard", "IOHIDEventDriver" },
	{ "AppleIntelFramebuffer", "IOFramebuffer" },
	{ "AppleMultitouchDevice", "IOService" },
	{ "AppleNVMeController", "IONVMeController" },
	{ "AppleSMC", "AppleSMCFamily" },
	{ "AppleSMCFamily", "IOService" },
	{ "AppleSMCRTC", "IORTC" },
	{ "AppleSmartBattery", "IOPMPowerSource" },
	{ "AppleSmartBatteryManager", "IOService" },
	{ "AppleUSBHostCompositeDevice", "IOService" },
	{ "AppleUSBHostController", "IOService" },
	{ "AppleUSBHostPort", "IOService" },
	{ "AppleUSBHub", "IOService" },
	{ "AppleUSBHubPort", "AppleUSBHostPort" },
	{ "AppleUSBXHCI", "AppleUSBHostController" },
	{ "AppleUSBXHCIPCI", "AppleUSBXHCI" },
	{ "AppleUSBXHCIPort", "AppleUSBHostPort" },
	{ "IOACPIPlatformDevice", "IOPlatformDevice" },
	{ "IOACPIPlatformExpert", "IODTPlatformExpert" },
	{ "IOAHCIBlockStorageDevice", "IOBlockStorageDevice" },
	{ "IOAHCIDevice", "IOService" },
	{ "IOAccelerator", "IOService" },
	{ "IOApplePartitionScheme", "IOPartitionScheme" },
	{ "IOAudioControl", "IOService" },
	{ "IOAudioControlUserClient", "IOUserClient" },
	{ "IOAudioDevice", "IOService" },
	{ "IOAudioEngine", "IOService" },
	{ "IOAudioEngineUserClient", "IOUserClient" },
	{ "IOAudioStream", "IOService" },
	{ "IOBacklightDisplay", "IODisplay" },
	{ "IOBlockStorageDevice", "IOService" },
	{ "IOBlockStorageDriver", "IOStorage" },
	{ "IOBlockStorageServices", "IOBlockStorageDevice" },
	{ "IOCPU", "IOService" },
	{ "IODTNVRAM", "IOService" },
	{ "IODTPlatformExpert", "IOPlatformExpert" },
	{ "IODisplay", "IOService" },
	{ "IODisplayConnect", "IOService" },
	{ "IODisplayWrangler", "IOService" },
	{ "IOEthernetController", "IONetworkController" },
	{ "IOEthernetInterface", "IONetworkInterface" },
	{ "IOFDiskPartitionScheme", "IOPartitionScheme" },
	{ "IOFramebuffer", "IOGraphicsDevice" },
	{ "IOFramebufferSharedUserClient", "IOUserClient" },
	{ "IOFramebufferUserClient", "IOUserClient" },
	{ "IOGUIDPartitionScheme", "IOPartitionScheme" },
	{ "IOGraphicsDevice", "IOService" },
	{ "IOHIDDevice", "IOService" },
	{ "IOHIDEventDriver", "IOHIDEventService" },
	{ "IOHIDEventService", "IOService" },
	{ "IOHIDEventServiceUserClient", "IOUserClient" },
	{ "IOHIDEventSystemUserClient", "IOUserClient" },
	{ "IOHIDInterface", "IOService" },
	{ "IOHIDLibUserClient", "IOUserClient" },
	{ "IOHIDSystem", "IOService" },
	{ "IOHIDUserClient", "IOUserClient" },
	{ "IOInterruptController", "IOService" },
	{ "IOMedia", "IOStorage" },
	{ "IOMediaBSDClient", "IOService" },
	{ "IONVMeBlockStorageDevice", "IOBlockStorageDevice" },
	{ "IONVMeController", "IOService" },
	{ "IONetworkController", "IOService" },
	{ "IONetworkInterface", "IOService" },
	{ "IOPCI2PCIBridge", "IOPCIBridge" },
	{ "IOPCIBridge", "IOService" },
	{ "IOPCIDevice", "IOService" },
	{ "IOPMPowerSource", "IOService" },
	{ "IOPMrootDomain", "IOService" },
	{ "IOPartitionScheme", "IOStorage" },
	{ "IOPlatformDevice", "IOService" },
	{ "IOPlatformExpert", "IOService" },
	{ "IOPlatformExpertDevice", "IOService" },
	{ "IOPowerConnection", "IOService" },
	{ "IORS232SerialStreamSync", "IOSerialStreamSync" },
	{ "IORTC", "IOService" },
	{ "IORegistryEntry", "OSObject" },
	{ "IOResources", "IOService" },
	{ "IOSCSIBlockCommandsDevice", "IOSCSIPrimaryCommandsDevice" },
	{ "IOSCSIPeripheralDeviceNub", "IOService" },
	{ "IOSCSIPeripheralDeviceType00", "IOSCSIBlockCommandsDevice" },
	{ "IOSCSIPrimaryCommandsDevice", "IOService" },
	{ "IOSerialBSDClient", "IOService" },
	{ "IOSerialDriverSync", "IOService" },
	{ "IOSerialStreamSync", "IOService" },
	{ "IOService", "IORegistryEntry" },
	{ "IOStorage", "IOService" },
	{ "IOUSBDevice", "IOUSBNub" },
	{ "IOUSBHostDevice", "IOService" },
	{ "IOUSBHostHIDDevice", "IOHIDDevice" },
	{ "IOUSBHostInterface", "IOService" },
	{ "IOUSBInterface", "IOUSBNub" },
	{ "IOUSBNub", "IOService" },
	{ "IOUserClient", "IOService" },
	{ "IOWatchDogTimer", "IOService" },
	{ "RootDomainUserClient", "IOUserClient" },
	{ "SMCWatchDogTimer", "IOWatchDogTimer" },
};

static int compare_class_name(const void *key, const void *member)
{
	const struct builtin_class *c = member;

	return strcmp(key, c->name);
}

const char *reg_builtin_superclass(const char *class_name)
{
	const struct builtin_class *c;

	if (!class_name)
		return NULL;
	c = bsearch(class_name, builtin_classes,
		    sizeof(builtin_classes) / sizeof(builtin_classes[0]),
		    sizeof(builtin_classes[0]), compare_class_name);
	return c ? c->superclass : NULL;
}

size_t reg_builtin_class_count(void)
{
	return sizeof(builtin_classes) / sizeof(builtin_classes[0]);
}

const char *reg_builtin_class_at(size_t i)
{
	return i < reg_builtin_class_count() ? builtin_classes[i].name : NULL;
}
