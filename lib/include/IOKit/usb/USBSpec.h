/* IOKit/usb/USBSpec.h: USB class codes, descriptor types and the keys of
 * USB device and interface registry entries (as the USB family names
 * them; the live Linux source and Mac dumps carry the same names). */
#ifndef _USBSPEC_H
#define _USBSPEC_H

#include <IOKit/IOTypes.h>

/* Registry keys */
#define kUSBDeviceClass			"bDeviceClass"
#define kUSBDeviceSubClass		"bDeviceSubClass"
#define kUSBDeviceProtocol		"bDeviceProtocol"
#define kUSBDeviceMaxPacketSize		"bMaxPacketSize0"
#define kUSBVendorID			"idVendor"
#define kUSBVendorName			kUSBVendorID
#define kUSBProductID			"idProduct"
#define kUSBProductName			kUSBProductID
#define kUSBDeviceReleaseNumber		"bcdDevice"
#define kUSBManufacturerStringIndex	"iManufacturer"
#define kUSBProductStringIndex		"iProduct"
#define kUSBSerialNumberStringIndex	"iSerialNumber"
#define kUSBDeviceNumConfigs		"bNumConfigurations"
#define kUSBInterfaceNumber		"bInterfaceNumber"
#define kUSBAlternateSetting		"bAlternateSetting"
#define kUSBNumEndpoints		"bNumEndpoints"
#define kUSBInterfaceClass		"bInterfaceClass"
#define kUSBInterfaceSubClass		"bInterfaceSubClass"
#define kUSBInterfaceProtocol		"bInterfaceProtocol"
#define kUSBInterfaceStringIndex	"iInterface"
#define kUSBConfigurationValue		"bConfigurationValue"
#define kUSBProductString		"USB Product Name"
#define kUSBVendorString		"USB Vendor Name"
#define kUSBSerialNumberString		"USB Serial Number"
#define kUSB1284DeviceID		"1284 Device ID"
#define kUSBCompatibilityMatch		"USBCompatibilityMatch"
#define kUSBDevicePropertyBusPowerAvailable	"Bus Power Available"
#define kUSBDevicePropertyAddress		"USB Address"
#define kUSBDevicePropertyLocationID		"locationID"
#define kUSBDevicePropertySpeed			"Device Speed"
#define kUSBDevicePortUsageCount		"PortUsageCount"
#define kUSBPreferredConfiguration		"Preferred Configuration"
#define kUSBControllerNeedsContiguousMemoryForIsoch "Need contiguous memory for isoch"
#define kUSBHubDontAllowLowPower		"kUSBHubDontAllowLowPower"
#define kUSBDeviceResumeRecoveryTime		"kUSBDeviceResumeRecoveryTime"
#define kUSBOutOfSpecMPSOK			"Out of spec MPS OK"
#define kUSBSuspendPort				"kSuspendPort"
#define kUSBExpressCardCantWake			"ExpressCardCantWake"

/* Class codes */
enum {
	kUSBCompositeClass = 0,
	kUSBCommClass = 2,
	kUSBCommunicationClass = 2,
	kUSBHubClass = 9,
	kUSBDataClass = 10,
	kUSBPersonalHealthcareClass = 15,
	kUSBDiagnosticClass = 0xDC,
	kUSBWirelessControllerClass = 0xE0,
	kUSBMiscellaneousClass = 0xEF,
	kUSBApplicationSpecificClass = 0xFE,
	kUSBVendorSpecificClass = 0xFF
};

/* Interface class codes */
enum {
	kUSBAudioInterfaceClass = 1,
	kUSBCommunicationControlInterfaceClass = 2,
	kUSBCommunicationDataInterfaceClass = 10,
	kUSBHIDInterfaceClass = 3,
	kUSBHIDClass = 3,
	kUSBPhysicalInterfaceClass = 5,
	kUSBImageInterfaceClass = 6,
	kUSBPrintingInterfaceClass = 7,
	kUSBPrintingClass = 7,
	kUSBMassStorageInterfaceClass = 8,
	kUSBMassStorageClass = 8,
	kUSBChipSmartCardInterfaceClass = 11,
	kUSBContentSecurityInterfaceClass = 13,
	kUSBVideoInterfaceClass = 14,
	kUSBPersonalHealthcareInterfaceClass = 15,
	kUSBDiagnosticDeviceInterfaceClass = 0xDC,
	kUSBWirelessControllerInterfaceClass = 0xE0,
	kUSBApplicationSpecificInterfaceClass = 0xFE,
	kUSBVendorSpecificInterfaceClass = 0xFF
};

/* Descriptor types */
enum {
	kUSBAnyDesc = 0,
	kUSBDeviceDesc = 1,
	kUSBConfDesc = 2,
	kUSBStringDesc = 3,
	kUSBInterfaceDesc = 4,
	kUSBEndpointDesc = 5,
	kUSBDeviceQualifierDesc = 6,
	kUSBOtherSpeedConfDesc = 7,
	kUSBInterfacePowerDesc = 8,
	kUSBOnTheGoDesc = 9,
	kUSBDebugDesc = 10,
	kUSBInterfaceAssociationDesc = 11,
	kUSBBOSDescriptor = 15,
	kUSBDeviceCapability = 16,
	kUSBHIDDesc = 0x21,
	kUSBReportDesc = 0x22,
	kUSBPhysicalDesc = 0x23,
	kUSBHUBDesc = 0x29,
	kUSBSuperSpeedHUBDesc = 0x2A
};

/* Standard requests */
enum {
	kUSBRqGetStatus = 0,
	kUSBRqClearFeature = 1,
	kUSBRqGetState = 2,
	kUSBRqSetFeature = 3,
	kUSBRqReserved2 = 4,
	kUSBRqSetAddress = 5,
	kUSBRqGetDescriptor = 6,
	kUSBRqSetDescriptor = 7,
	kUSBRqGetConfig = 8,
	kUSBRqSetConfig = 9,
	kUSBRqGetInterface = 10,
	kUSBRqSetInterface = 11,
	kUSBRqSyncFrame = 12
};

/* Speeds, as "Device Speed" holds them */
enum {
	kUSBDeviceSpeedLow = 0,
	kUSBDeviceSpeedFull = 1,
	kUSBDeviceSpeedHigh = 2,
	kUSBDeviceSpeedSuper = 3,
	kUSBDeviceSpeedSuperPlus = 4
};

/* Transfer types and directions */
enum {
	kUSBControl = 0, kUSBIsoc = 1, kUSBBulk = 2, kUSBInterrupt = 3, kUSBAnyType = 0xFF
};
enum {
	kUSBOut = 0, kUSBIn = 1, kUSBNone = 2, kUSBAnyDirn = 3
};
enum {
	kUSBStandard = 0, kUSBClass = 1, kUSBVendor = 2
};
enum {
	kUSBDevice = 0, kUSBInterface = 1, kUSBEndpoint = 2, kUSBOther = 3
};

#define USBmakebmRequestType(direction, type, recipient) \
	(((direction & 1) << 7) | ((type & 3) << 5) | (recipient & 31))

#endif
