/* IOKit/usb/IOUSBLib.h: the USB family's user-space plug-in interfaces
 * (IOUSBDeviceInterface, IOUSBInterfaceInterface and their versions) and
 * their UUIDs.  The interfaces come from IOCreatePlugInInterfaceForService,
 * which has no plug-in to load on Linux (kIOReturnUnsupported, see
 * IOKit/IOCFPlugIn.h); USB devices are read through their registry
 * properties (USBSpec.h's keys) instead.  Every versioned interface name
 * is the full vtable here: the members are in the order IOUSBLib gives
 * them, so code written for any version compiles. */
#ifndef _IOUSBLIB_H
#define _IOUSBLIB_H

#include <CoreFoundation/CFPlugIn.h>
#include <CoreFoundation/CFPlugInCOM.h>
#include <CoreFoundation/CFRunLoop.h>
#include <IOKit/IOCFPlugIn.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/usb/USB.h>
#include <MacTypes.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 9DC7B780-9EC0-11D4-A54F-000A27052861 */
#define kIOUSBDeviceUserClientTypeID CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x9D, 0xC7, 0xB7, 0x80, 0x9E, 0xC0, 0x11, 0xD4, \
	0xA5, 0x4F, 0x00, 0x0A, 0x27, 0x05, 0x28, 0x61)

/* 2D9786C6-9EF3-11D4-AD51-000A27052861 */
#define kIOUSBInterfaceUserClientTypeID CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x2D, 0x97, 0x86, 0xC6, 0x9E, 0xF3, 0x11, 0xD4, \
	0xAD, 0x51, 0x00, 0x0A, 0x27, 0x05, 0x28, 0x61)

/* 4547A8AA-9EF3-11D4-A9BD-000A27052861 */
#define kIOUSBFactoryID CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x45, 0x47, 0xA8, 0xAA, 0x9E, 0xF3, 0x11, 0xD4, \
	0xA9, 0xBD, 0x00, 0x0A, 0x27, 0x05, 0x28, 0x61)

/* 5C8187D0-9EF3-11D4-8B45-000A27052861 */
#define kIOUSBDeviceInterfaceID CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x5C, 0x81, 0x87, 0xD0, 0x9E, 0xF3, 0x11, 0xD4, \
	0x8B, 0x45, 0x00, 0x0A, 0x27, 0x05, 0x28, 0x61)

/* 73C97AE8-9EF3-11D4-B1D0-000A27052861 */
#define kIOUSBInterfaceInterfaceID CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x73, 0xC9, 0x7A, 0xE8, 0x9E, 0xF3, 0x11, 0xD4, \
	0xB1, 0xD0, 0x00, 0x0A, 0x27, 0x05, 0x28, 0x61)

/* 152FC496-4891-11D5-9D52-000A27801E86 */
#define kIOUSBDeviceInterfaceID182 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x15, 0x2F, 0xC4, 0x96, 0x48, 0x91, 0x11, 0xD5, \
	0x9D, 0x52, 0x00, 0x0A, 0x27, 0x80, 0x1E, 0x86)

/* 3C9EE1EB-2402-11B2-8E7E-000A27801E86 */
#define kIOUSBDeviceInterfaceID187 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x3C, 0x9E, 0xE1, 0xEB, 0x24, 0x02, 0x11, 0xB2, \
	0x8E, 0x7E, 0x00, 0x0A, 0x27, 0x80, 0x1E, 0x86)

/* C809B8D8-0884-11D7-BB96-0003933E3E3E */
#define kIOUSBDeviceInterfaceID197 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0xC8, 0x09, 0xB8, 0xD8, 0x08, 0x84, 0x11, 0xD7, \
	0xBB, 0x96, 0x00, 0x03, 0x93, 0x3E, 0x3E, 0x3E)

/* 4923AC4C-4896-11D5-9208-000A27801E86 */
#define kIOUSBInterfaceInterfaceID182 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x49, 0x23, 0xAC, 0x4C, 0x48, 0x96, 0x11, 0xD5, \
	0x92, 0x08, 0x00, 0x0A, 0x27, 0x80, 0x1E, 0x86)

/* 1C438356-74C4-11D5-92E6-000A27801E86 */
#define kIOUSBInterfaceInterfaceID183 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x1C, 0x43, 0x83, 0x56, 0x74, 0xC4, 0x11, 0xD5, \
	0x92, 0xE6, 0x00, 0x0A, 0x27, 0x80, 0x1E, 0x86)

/* 8FDB8455-74A6-11D6-97B1-003065D3608E */
#define kIOUSBInterfaceInterfaceID190 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x8F, 0xDB, 0x84, 0x55, 0x74, 0xA6, 0x11, 0xD6, \
	0x97, 0xB1, 0x00, 0x30, 0x65, 0xD3, 0x60, 0x8E)

/* 6C798A6E-D6E9-11D6-ADD6-0003933E3E3E */
#define kIOUSBInterfaceInterfaceID192 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0x6C, 0x79, 0x8A, 0x6E, 0xD6, 0xE9, 0x11, 0xD6, \
	0xAD, 0xD6, 0x00, 0x03, 0x93, 0x3E, 0x3E, 0x3E)

/* C63D3C92-0884-11D7-9692-0003933E3E3E */
#define kIOUSBInterfaceInterfaceID197 CFUUIDGetConstantUUIDWithBytes(NULL, \
	0xC6, 0x3D, 0x3C, 0x92, 0x08, 0x84, 0x11, 0xD7, \
	0x96, 0x92, 0x00, 0x03, 0x93, 0x3E, 0x3E, 0x3E)

/* Later interface versions share the last vtable here. */
#define kIOUSBDeviceInterfaceID245	kIOUSBDeviceInterfaceID197
#define kIOUSBDeviceInterfaceID300	kIOUSBDeviceInterfaceID197
#define kIOUSBDeviceInterfaceID320	kIOUSBDeviceInterfaceID197
#define kIOUSBDeviceInterfaceID500	kIOUSBDeviceInterfaceID197
#define kIOUSBDeviceInterfaceID650	kIOUSBDeviceInterfaceID197
#define kIOUSBInterfaceInterfaceID220	kIOUSBInterfaceInterfaceID197
#define kIOUSBInterfaceInterfaceID245	kIOUSBInterfaceInterfaceID197
#define kIOUSBInterfaceInterfaceID300	kIOUSBInterfaceInterfaceID197
#define kIOUSBInterfaceInterfaceID500	kIOUSBInterfaceInterfaceID197
#define kIOUSBInterfaceInterfaceID550	kIOUSBInterfaceInterfaceID197
#define kIOUSBInterfaceInterfaceID650	kIOUSBInterfaceInterfaceID197

typedef struct IOUSBDeviceStruct {
	IUNKNOWN_C_GUTS;
	IOReturn (*CreateDeviceAsyncEventSource)(void *self, CFRunLoopSourceRef *source);
	CFRunLoopSourceRef (*GetDeviceAsyncEventSource)(void *self);
	IOReturn (*CreateDeviceAsyncPort)(void *self, mach_port_t *port);
	mach_port_t (*GetDeviceAsyncPort)(void *self);
	IOReturn (*USBDeviceOpen)(void *self);
	IOReturn (*USBDeviceClose)(void *self);
	IOReturn (*GetDeviceClass)(void *self, UInt8 *devClass);
	IOReturn (*GetDeviceSubClass)(void *self, UInt8 *devSubClass);
	IOReturn (*GetDeviceProtocol)(void *self, UInt8 *devProtocol);
	IOReturn (*GetDeviceVendor)(void *self, UInt16 *devVendor);
	IOReturn (*GetDeviceProduct)(void *self, UInt16 *devProduct);
	IOReturn (*GetDeviceReleaseNumber)(void *self, UInt16 *devRelNum);
	IOReturn (*GetDeviceAddress)(void *self, USBDeviceAddress *addr);
	IOReturn (*GetDeviceBusPowerAvailable)(void *self, UInt32 *powerAvailable);
	IOReturn (*GetDeviceSpeed)(void *self, UInt8 *devSpeed);
	IOReturn (*GetNumberOfConfigurations)(void *self, UInt8 *numConfig);
	IOReturn (*GetLocationID)(void *self, UInt32 *locationID);
	IOReturn (*GetConfigurationDescriptorPtr)(void *self, UInt8 configIndex, IOUSBConfigurationDescriptorPtr *desc);
	IOReturn (*GetConfiguration)(void *self, UInt8 *configNum);
	IOReturn (*SetConfiguration)(void *self, UInt8 configNum);
	IOReturn (*GetBusFrameNumber)(void *self, UInt64 *frame, AbsoluteTime *atTime);
	IOReturn (*ResetDevice)(void *self);
	IOReturn (*DeviceRequest)(void *self, IOUSBDevRequest *req);
	IOReturn (*DeviceRequestAsync)(void *self, IOUSBDevRequest *req, IOAsyncCallback1 callback, void *refCon);
	IOReturn (*CreateInterfaceIterator)(void *self, IOUSBFindInterfaceRequest *req, io_iterator_t *iter);
	IOReturn (*USBDeviceOpenSeize)(void *self);
	IOReturn (*DeviceRequestTO)(void *self, IOUSBDevRequestTO *req);
	IOReturn (*DeviceRequestAsyncTO)(void *self, IOUSBDevRequestTO *req, IOAsyncCallback1 callback, void *refCon);
	IOReturn (*USBDeviceSuspend)(void *self, Boolean suspend);
	IOReturn (*USBDeviceAbortPipeZero)(void *self);
	IOReturn (*USBGetManufacturerStringIndex)(void *self, UInt8 *msi);
	IOReturn (*USBGetProductStringIndex)(void *self, UInt8 *psi);
	IOReturn (*USBGetSerialNumberStringIndex)(void *self, UInt8 *snsi);
	IOReturn (*USBDeviceReEnumerate)(void *self, UInt32 options);
	IOReturn (*GetBusMicroFrameNumber)(void *self, UInt64 *microFrame, AbsoluteTime *atTime);
	IOReturn (*GetIOUSBLibVersion)(void *self, NumVersion *ioUSBLibVersion, NumVersion *usbFamilyVersion);
} IOUSBDeviceInterface;
typedef IOUSBDeviceInterface IOUSBDeviceInterface182;
typedef IOUSBDeviceInterface IOUSBDeviceInterface187;
typedef IOUSBDeviceInterface IOUSBDeviceInterface197;
typedef IOUSBDeviceInterface IOUSBDeviceInterface245;
typedef IOUSBDeviceInterface IOUSBDeviceInterface300;
typedef IOUSBDeviceInterface IOUSBDeviceInterface320;
typedef IOUSBDeviceInterface IOUSBDeviceInterface500;
typedef IOUSBDeviceInterface IOUSBDeviceInterface650;

typedef struct IOUSBInterfaceStruct {
	IUNKNOWN_C_GUTS;
	IOReturn (*CreateInterfaceAsyncEventSource)(void *self, CFRunLoopSourceRef *source);
	CFRunLoopSourceRef (*GetInterfaceAsyncEventSource)(void *self);
	IOReturn (*CreateInterfaceAsyncPort)(void *self, mach_port_t *port);
	mach_port_t (*GetInterfaceAsyncPort)(void *self);
	IOReturn (*USBInterfaceOpen)(void *self);
	IOReturn (*USBInterfaceClose)(void *self);
	IOReturn (*GetInterfaceClass)(void *self, UInt8 *intfClass);
	IOReturn (*GetInterfaceSubClass)(void *self, UInt8 *intfSubClass);
	IOReturn (*GetInterfaceProtocol)(void *self, UInt8 *intfProtocol);
	IOReturn (*GetDeviceVendor)(void *self, UInt16 *devVendor);
	IOReturn (*GetDeviceProduct)(void *self, UInt16 *devProduct);
	IOReturn (*GetDeviceReleaseNumber)(void *self, UInt16 *devRelNum);
	IOReturn (*GetConfigurationValue)(void *self, UInt8 *configVal);
	IOReturn (*GetInterfaceNumber)(void *self, UInt8 *intfNumber);
	IOReturn (*GetAlternateSetting)(void *self, UInt8 *intfAltSetting);
	IOReturn (*GetNumEndpoints)(void *self, UInt8 *intfNumEndpoints);
	IOReturn (*GetLocationID)(void *self, UInt32 *locationID);
	IOReturn (*GetDevice)(void *self, io_service_t *device);
	IOReturn (*SetAlternateInterface)(void *self, UInt8 alternateSetting);
	IOReturn (*GetBusFrameNumber)(void *self, UInt64 *frame, AbsoluteTime *atTime);
	IOReturn (*ControlRequest)(void *self, UInt8 pipeRef, IOUSBDevRequest *req);
	IOReturn (*ControlRequestAsync)(void *self, UInt8 pipeRef, IOUSBDevRequest *req, IOAsyncCallback1 callback, void *refCon);
	IOReturn (*GetPipeProperties)(void *self, UInt8 pipeRef, UInt8 *direction, UInt8 *number, UInt8 *transferType, UInt16 *maxPacketSize, UInt8 *interval);
	IOReturn (*GetPipeStatus)(void *self, UInt8 pipeRef);
	IOReturn (*AbortPipe)(void *self, UInt8 pipeRef);
	IOReturn (*ResetPipe)(void *self, UInt8 pipeRef);
	IOReturn (*ClearPipeStall)(void *self, UInt8 pipeRef);
	IOReturn (*ReadPipe)(void *self, UInt8 pipeRef, void *buf, UInt32 *size);
	IOReturn (*WritePipe)(void *self, UInt8 pipeRef, void *buf, UInt32 size);
	IOReturn (*ReadPipeAsync)(void *self, UInt8 pipeRef, void *buf, UInt32 size, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*WritePipeAsync)(void *self, UInt8 pipeRef, void *buf, UInt32 size, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*ReadIsochPipeAsync)(void *self, UInt8 pipeRef, void *buf, UInt64 frameStart, UInt32 numFrames, IOUSBIsocFrame *frameList, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*WriteIsochPipeAsync)(void *self, UInt8 pipeRef, void *buf, UInt64 frameStart, UInt32 numFrames, IOUSBIsocFrame *frameList, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*ControlRequestTO)(void *self, UInt8 pipeRef, IOUSBDevRequestTO *req);
	IOReturn (*ControlRequestAsyncTO)(void *self, UInt8 pipeRef, IOUSBDevRequestTO *req, IOAsyncCallback1 callback, void *refCon);
	IOReturn (*ReadPipeTO)(void *self, UInt8 pipeRef, void *buf, UInt32 *size, UInt32 noDataTimeout, UInt32 completionTimeout);
	IOReturn (*WritePipeTO)(void *self, UInt8 pipeRef, void *buf, UInt32 size, UInt32 noDataTimeout, UInt32 completionTimeout);
	IOReturn (*ReadPipeAsyncTO)(void *self, UInt8 pipeRef, void *buf, UInt32 size, UInt32 noDataTimeout, UInt32 completionTimeout, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*WritePipeAsyncTO)(void *self, UInt8 pipeRef, void *buf, UInt32 size, UInt32 noDataTimeout, UInt32 completionTimeout, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*USBInterfaceGetStringIndex)(void *self, UInt8 *si);
	IOReturn (*USBInterfaceOpenSeize)(void *self);
	IOReturn (*ClearPipeStallBothEnds)(void *self, UInt8 pipeRef);
	IOReturn (*SetPipePolicy)(void *self, UInt8 pipeRef, UInt16 maxPacketSize, UInt8 maxInterval);
	IOReturn (*GetBandwidthAvailable)(void *self, UInt32 *bandwidth);
	IOReturn (*GetEndpointProperties)(void *self, UInt8 alternateSetting, UInt8 endpointNumber, UInt8 direction, UInt8 *transferType, UInt16 *maxPacketSize, UInt8 *interval);
	IOReturn (*LowLatencyReadIsochPipeAsync)(void *self, UInt8 pipeRef, void *buf, UInt64 frameStart, UInt32 numFrames, UInt32 updateFrequency, IOUSBLowLatencyIsocFrame *frameList, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*LowLatencyWriteIsochPipeAsync)(void *self, UInt8 pipeRef, void *buf, UInt64 frameStart, UInt32 numFrames, UInt32 updateFrequency, IOUSBLowLatencyIsocFrame *frameList, IOAsyncCallback1 callback, void *refcon);
	IOReturn (*LowLatencyCreateBuffer)(void *self, void **buffer, IOByteCount size, UInt32 bufferType);
	IOReturn (*LowLatencyDestroyBuffer)(void *self, void *buffer);
	IOReturn (*GetBusMicroFrameNumber)(void *self, UInt64 *microFrame, AbsoluteTime *atTime);
	IOReturn (*GetFrameListTime)(void *self, UInt32 *microsecondsInFrame);
	IOReturn (*GetIOUSBLibVersion)(void *self, NumVersion *ioUSBLibVersion, NumVersion *usbFamilyVersion);
} IOUSBInterfaceInterface;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface182;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface183;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface190;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface192;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface197;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface220;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface245;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface300;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface500;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface550;
typedef IOUSBInterfaceInterface IOUSBInterfaceInterface650;

#ifdef __cplusplus
}
#endif

#endif
