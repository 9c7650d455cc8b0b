/* IOKit/usb/USB.h: USB descriptor structures, request blocks, the USB
 * family's class names and its IOReturn codes.  Includes USBSpec.h, as on
 * macOS. */
#ifndef _USB_H
#define _USB_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOReturn.h>
#include <IOKit/usb/USBSpec.h>
#include <libkern/OSByteOrder.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Class names: the legacy family's and the current (IOUSBHost) family's;
 * kIOUSBDeviceClassName matches both kinds of device on current macOS. */
#define kIOUSBDeviceClassName		"IOUSBDevice"
#define kIOUSBInterfaceClassName	"IOUSBInterface"
#define kIOUSBHostDeviceClassName	"IOUSBHostDevice"
#define kIOUSBHostInterfaceClassName	"IOUSBHostInterface"
#define kIOUSBPlane			"IOUSB"
#define kAppleUSBHubClassName		"AppleUSBHub"

#define USBToHostWord(x)	OSSwapLittleToHostInt16(x)
#define HostToUSBWord(x)	OSSwapHostToLittleInt16(x)
#define USBToHostLong(x)	OSSwapLittleToHostInt32(x)
#define HostToUSBLong(x)	OSSwapHostToLittleInt32(x)

typedef UInt16 USBDeviceAddress;

#pragma pack(1)
typedef struct IOUSBDeviceDescriptor {
	UInt8 bLength;
	UInt8 bDescriptorType;
	UInt16 bcdUSB;
	UInt8 bDeviceClass;
	UInt8 bDeviceSubClass;
	UInt8 bDeviceProtocol;
	UInt8 bMaxPacketSize0;
	UInt16 idVendor;
	UInt16 idProduct;
	UInt16 bcdDevice;
	UInt8 iManufacturer;
	UInt8 iProduct;
	UInt8 iSerialNumber;
	UInt8 bNumConfigurations;
} IOUSBDeviceDescriptor;
typedef IOUSBDeviceDescriptor *IOUSBDeviceDescriptorPtr;

typedef struct IOUSBDescriptorHeader {
	UInt8 bLength;
	UInt8 bDescriptorType;
} IOUSBDescriptorHeader;
typedef IOUSBDescriptorHeader *IOUSBDescriptorHeaderPtr;

typedef struct IOUSBConfigurationDescriptor {
	UInt8 bLength;
	UInt8 bDescriptorType;
	UInt16 wTotalLength;
	UInt8 bNumInterfaces;
	UInt8 bConfigurationValue;
	UInt8 iConfiguration;
	UInt8 bmAttributes;
	UInt8 MaxPower;
} IOUSBConfigurationDescriptor;
typedef IOUSBConfigurationDescriptor *IOUSBConfigurationDescriptorPtr;

typedef struct IOUSBInterfaceDescriptor {
	UInt8 bLength;
	UInt8 bDescriptorType;
	UInt8 bInterfaceNumber;
	UInt8 bAlternateSetting;
	UInt8 bNumEndpoints;
	UInt8 bInterfaceClass;
	UInt8 bInterfaceSubClass;
	UInt8 bInterfaceProtocol;
	UInt8 iInterface;
} IOUSBInterfaceDescriptor;
typedef IOUSBInterfaceDescriptor *IOUSBInterfaceDescriptorPtr;

typedef struct IOUSBEndpointDescriptor {
	UInt8 bLength;
	UInt8 bDescriptorType;
	UInt8 bEndpointAddress;
	UInt8 bmAttributes;
	UInt16 wMaxPacketSize;
	UInt8 bInterval;
} IOUSBEndpointDescriptor;
typedef IOUSBEndpointDescriptor *IOUSBEndpointDescriptorPtr;
#pragma pack()

/* Control requests: wValue, wIndex, wLength in host order. */
typedef struct {
	UInt8 bmRequestType;
	UInt8 bRequest;
	UInt16 wValue;
	UInt16 wIndex;
	UInt16 wLength;
	void *pData;
	UInt32 wLenDone;
} IOUSBDevRequest;
typedef IOUSBDevRequest *IOUSBDeviceRequestPtr;

typedef struct {
	UInt8 bmRequestType;
	UInt8 bRequest;
	UInt16 wValue;
	UInt16 wIndex;
	UInt16 wLength;
	void *pData;
	UInt32 wLenDone;
	UInt32 noDataTimeout;
	UInt32 completionTimeout;
} IOUSBDevRequestTO;

typedef struct {
	IOReturn frStatus;
	UInt16 frReqCount;
	UInt16 frActCount;
} IOUSBIsocFrame;

typedef struct {
	IOReturn frStatus;
	UInt16 frReqCount;
	UInt16 frActCount;
	AbsoluteTime frTimeStamp;
} IOUSBLowLatencyIsocFrame;

/* CreateInterfaceIterator's filter; kIOUSBFindInterfaceDontCare matches
 * any value. */
typedef struct {
	UInt16 bInterfaceClass;
	UInt16 bInterfaceSubClass;
	UInt16 bInterfaceProtocol;
	UInt16 bAlternateSetting;
} IOUSBFindInterfaceRequest;

enum { kIOUSBFindInterfaceDontCare = 0xFFFF };

/* The USB family's IOReturn codes (sub_iokit_usb). */
#define iokit_usb_err(ret)	((IOReturn)(sys_iokit | sub_iokit_usb | (ret)))
#define kIOUSBUnknownPipeErr		iokit_usb_err(0x61)
#define kIOUSBTooManyPipesErr		iokit_usb_err(0x60)
#define kIOUSBNoAsyncPortErr		iokit_usb_err(0x5f)
#define kIOUSBNotEnoughPipesErr		iokit_usb_err(0x5e)
#define kIOUSBNotEnoughPowerErr		iokit_usb_err(0x5d)
#define kIOUSBEndpointNotFound		iokit_usb_err(0x57)
#define kIOUSBConfigNotFound		iokit_usb_err(0x56)
#define kIOUSBTransactionTimeout	iokit_usb_err(0x51)
#define kIOUSBTransactionReturned	iokit_usb_err(0x50)
#define kIOUSBPipeStalled		iokit_usb_err(0x4f)
#define kIOUSBInterfaceNotFound		iokit_usb_err(0x4e)
#define kIOUSBLowLatencyBufferNotPreviouslyAllocated iokit_usb_err(0x4d)
#define kIOUSBLowLatencyFrameListNotPreviouslyAllocated iokit_usb_err(0x4c)
#define kIOUSBHighSpeedSplitError	iokit_usb_err(0x4b)
#define kIOUSBSyncRequestOnWLThread	iokit_usb_err(0x4a)
#define kIOUSBDeviceNotHighSpeed	iokit_usb_err(0x49)
#define kIOUSBDevicePortWasNotSuspended	iokit_usb_err(0x50)

#ifdef __cplusplus
}
#endif

#endif
