/* IOKit/storage/IOStorageProtocolCharacteristics.h (subset). */
#ifndef _IOSTORAGEPROTOCOLCHARACTERISTICS_H
#define _IOSTORAGEPROTOCOLCHARACTERISTICS_H

#define kIOPropertyProtocolCharacteristicsKey		"Protocol Characteristics"
#define kIOPropertyPhysicalInterconnectTypeKey		"Physical Interconnect"
#define kIOPropertyPhysicalInterconnectLocationKey	"Physical Interconnect Location"
#define kIOPropertyInternalKey				"Internal"
#define kIOPropertyExternalKey				"External"
#define kIOPropertyInternalExternalKey			"Internal/External"
#define kIOPropertyInterconnectFileKey			"File"
#define kIOPropertyInterconnectRAMKey			"RAM"
#define kIOPropertyPhysicalInterconnectTypeATA		"ATA"
#define kIOPropertyPhysicalInterconnectTypeSerialATA	"SATA"
#define kIOPropertyPhysicalInterconnectTypeSerialAttachedSCSI "SAS"
#define kIOPropertyPhysicalInterconnectTypeATAPI	"ATAPI"
#define kIOPropertyPhysicalInterconnectTypeUSB		"USB"
#define kIOPropertyPhysicalInterconnectTypeFireWire	"FireWire"
#define kIOPropertyPhysicalInterconnectTypeSCSIParallel	"SCSI Parallel Interface"
#define kIOPropertyPhysicalInterconnectTypeFibreChannel	"Fibre Channel Interface"
#define kIOPropertyPhysicalInterconnectTypeVirtual	"Virtual Interface"
#define kIOPropertyPhysicalInterconnectTypePCIExpress	"PCI-Express"
#define kIOPropertyPhysicalInterconnectTypeSecureDigital "Secure Digital"
#define kIOPropertyPhysicalInterconnectTypeApplePCIe	"Apple Fabric"

#endif
