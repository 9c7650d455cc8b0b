/* IOKit/IOTypes.h: IOKit's scalar types, handle types and constants, with
 * the sizes of macOS user space on the same architecture. */
#ifndef __IOKIT_IOTYPES_H
#define __IOKIT_IOTYPES_H

#ifndef IOKIT
#define IOKIT 1
#endif

#include <stdint.h>
#include <stddef.h>
#include <libkern/OSTypes.h>
#include <mach/mach_types.h>
#include <mach/vm_types.h>
#include <mach/clock_types.h>
#include <device/device_types.h>
#include <IOKit/IOReturn.h>
#include <IOKit/IOMapTypes.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NULL
#define NULL 0
#endif

typedef UInt32		IOOptionBits;
typedef SInt32		IOFixed;
typedef UInt32		IOVersion;
typedef UInt32		IOItemCount;
typedef UInt32		IOCacheMode;

typedef UInt32		IOByteCount32;
typedef UInt64		IOByteCount64;

typedef UInt32		IOPhysicalAddress32;
typedef UInt64		IOPhysicalAddress64;
typedef UInt32		IOPhysicalLength32;
typedef UInt64		IOPhysicalLength64;

/* x86_64 user space has a 32-bit IOByteCount and IOPhysicalAddress; arm64
 * user space has 64-bit ones. */
#if defined(__x86_64__) || defined(__i386__) || defined(__arm__)
typedef IOByteCount32		IOByteCount;
typedef IOPhysicalAddress32	IOPhysicalAddress;
typedef IOPhysicalLength32	IOPhysicalLength;
#else
typedef IOByteCount64		IOByteCount;
typedef IOPhysicalAddress64	IOPhysicalAddress;
typedef IOPhysicalLength64	IOPhysicalLength;
#endif
#define IOPhysSize	64

typedef mach_vm_address_t	IOVirtualAddress;
typedef IOVirtualAddress	IOLogicalAddress;

typedef struct {
	IOPhysicalAddress	address;
	IOByteCount		length;
} IOPhysicalRange;

typedef struct {
	IOVirtualAddress	address;
	IOByteCount		length;
} IOVirtualRange;

typedef struct {
	mach_vm_address_t	address;
	mach_vm_size_t		length;
} IOAddressRange;

typedef struct {
	int			value;
	const char		*name;
} IONamedValue;

typedef unsigned int	IOAlignment;

#define IO_NULL_VM_TASK	((vm_map_t)0)

/* Handles: every one is a 32-bit name in the process's handle table. */
typedef io_object_t	io_connect_t;
typedef io_object_t	io_enumerator_t;
typedef io_object_t	io_ident_t;
typedef io_object_t	io_iterator_t;
typedef io_object_t	io_registry_entry_t;
typedef io_object_t	io_service_t;
typedef io_object_t	uext_object_t;

#define IO_OBJECT_NULL	((io_object_t) 0)

enum {
	kIODefaultProbeScore = 0
};

/* IOService states, as IOServiceGetState and ioreg report them. */
enum {
	kIOServiceInactiveState		= 0x00000001,
	kIOServiceRegisteredState	= 0x00000002,
	kIOServiceMatchedState		= 0x00000004,
	kIOServiceFirstPublishState	= 0x00000008,
	kIOServiceFirstMatchState	= 0x00000010
};

enum {
	kIOConnectMethodVarOutputSize = -3
};

enum {
	kIOUCVariableStructureSize = 0xffffffff
};

enum {
	kIOUCTypeMask		= 0x0000000f,
	kIOUCScalarIScalarO	= 0,
	kIOUCScalarIStructO	= 2,
	kIOUCStructIStructO	= 3,
	kIOUCScalarIStructI	= 4,
	kIOUCForegroundOnly	= 0x00000010
};

enum {
	kNanosecondScale	= 1,
	kMicrosecondScale	= 1000,
	kMillisecondScale	= 1000 * 1000,
	kSecondScale		= 1000 * 1000 * 1000,
	kTickScale		= (kSecondScale / 100)
};

enum {
	kIOMaxBusStall40usec = 40000,
	kIOMaxBusStall30usec = 30000,
	kIOMaxBusStall25usec = 25000,
	kIOMaxBusStall20usec = 20000,
	kIOMaxBusStall10usec = 10000,
	kIOMaxBusStall5usec  = 5000,
	kIOMaxBusStallNone   = 0
};

typedef unsigned int	IOHardwareOptions;

#ifdef __cplusplus
}
#endif

#endif
