/* IOKit/storage/IOBlockStorageDevice.h (subset): class name and keys. */
#ifndef _IOBLOCKSTORAGEDEVICE_H
#define _IOBLOCKSTORAGEDEVICE_H

#include <IOKit/storage/IOStorageDeviceCharacteristics.h>

#define kIOBlockStorageDeviceClass		"IOBlockStorageDevice"
#define kIOBlockStorageDeviceTypeKey		"device-type"
#define kIOBlockStorageDeviceTypeGeneric	"Generic"
#define kIOBlockStorageDeviceWriteCacheStateKey	"WriteCacheState"

#endif
