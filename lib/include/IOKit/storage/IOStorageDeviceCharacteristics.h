/* IOKit/storage/IOStorageDeviceCharacteristics.h (subset). */
#ifndef _IOSTORAGEDEVICECHARACTERISTICS_H
#define _IOSTORAGEDEVICECHARACTERISTICS_H

#define kIOPropertyDeviceCharacteristicsKey	"Device Characteristics"
#define kIOPropertyVendorNameKey		"Vendor Name"
#define kIOPropertyProductNameKey		"Product Name"
#define kIOPropertyProductRevisionLevelKey	"Product Revision Level"
#define kIOPropertyProductSerialNumberKey	"Serial Number"
#define kIOPropertyMediumTypeKey		"Medium Type"
#define kIOPropertyMediumTypeRotationalKey	"Rotational"
#define kIOPropertyMediumTypeSolidStateKey	"Solid State"
#define kIOPropertyMediumRotationRateKey	"Medium Rotation Rate"
#define kIOPropertyLogicalBlockSizeKey		"Logical Block Size"
#define kIOPropertyPhysicalBlockSizeKey		"Physical Block Size"

#include <IOKit/storage/IOStorageProtocolCharacteristics.h>

#endif
