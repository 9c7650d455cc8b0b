/* IOKit/hid/IOHIDKeys.h: the keys of HID device registry entries and
 * matching dictionaries (the HID manager itself is not provided). */
#ifndef _IOKIT_HID_IOHIDKEYS_H_
#define _IOKIT_HID_IOHIDKEYS_H_

#include <IOKit/IOTypes.h>

#define kIOHIDDeviceKey			"IOHIDDevice"
#define kIOHIDInterfaceClassName	"IOHIDInterface"
#define kIOHIDTransportKey		"Transport"
#define kIOHIDVendorIDKey		"VendorID"
#define kIOHIDVendorIDSourceKey		"VendorIDSource"
#define kIOHIDProductIDKey		"ProductID"
#define kIOHIDVersionNumberKey		"VersionNumber"
#define kIOHIDManufacturerKey		"Manufacturer"
#define kIOHIDProductKey		"Product"
#define kIOHIDSerialNumberKey		"SerialNumber"
#define kIOHIDCountryCodeKey		"CountryCode"
#define kIOHIDStandardTypeKey		"StandardType"
#define kIOHIDLocationIDKey		"LocationID"
#define kIOHIDDeviceUsageKey		"DeviceUsage"
#define kIOHIDDeviceUsagePageKey	"DeviceUsagePage"
#define kIOHIDDeviceUsagePairsKey	"DeviceUsagePairs"
#define kIOHIDPrimaryUsageKey		"PrimaryUsage"
#define kIOHIDPrimaryUsagePageKey	"PrimaryUsagePage"
#define kIOHIDMaxInputReportSizeKey	"MaxInputReportSize"
#define kIOHIDMaxOutputReportSizeKey	"MaxOutputReportSize"
#define kIOHIDMaxFeatureReportSizeKey	"MaxFeatureReportSize"
#define kIOHIDReportIntervalKey		"ReportInterval"
#define kIOHIDReportDescriptorKey	"ReportDescriptor"
#define kIOHIDBuiltInKey		"Built-In"
#define kIOHIDPhysicalDeviceUniqueIDKey	"PhysicalDeviceUniqueID"
#define kIOHIDElementKey		"Elements"
#define kIOHIDUniqueIDKey		"UniqueID"
#define kIOHIDTransportUSBValue		"USB"
#define kIOHIDTransportBluetoothValue	"Bluetooth"
#define kIOHIDTransportBluetoothLowEnergyValue "Bluetooth Low Energy"
#define kIOHIDTransportSPIValue		"SPI"
#define kIOHIDTransportI2CValue		"I2C"
#define kIOHIDTransportFIFOValue	"FIFO"

typedef uint32_t IOHIDOptionsType;
enum {
	kIOHIDOptionsTypeNone = 0x00,
	kIOHIDOptionsTypeSeizeDevice = 0x01
};

typedef uint32_t IOHIDReportType;
enum {
	kIOHIDReportTypeInput = 0,
	kIOHIDReportTypeOutput,
	kIOHIDReportTypeFeature,
	kIOHIDReportTypeCount
};

typedef uint32_t IOHIDElementType;
enum {
	kIOHIDElementTypeInput_Misc = 1,
	kIOHIDElementTypeInput_Button = 2,
	kIOHIDElementTypeInput_Axis = 3,
	kIOHIDElementTypeInput_ScanCodes = 4,
	kIOHIDElementTypeInput_NULL = 5,
	kIOHIDElementTypeOutput = 129,
	kIOHIDElementTypeFeature = 257,
	kIOHIDElementTypeCollection = 513
};

#endif
