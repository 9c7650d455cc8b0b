/* IOKitFSSimDevice: a simulated register device, the test bed for user
 * clients (docs/drivers.md).
 *
 * Parameters (a dictionary, all optional):
 *   "Regions": array; each item a size in bytes (a number) or a dictionary
 *     {"Size": n, "ReadOnly": bool, "CacheMode": 0..9 (kIO*Cache)}.
 *     Sizes are 8 bytes to 64 MiB.  Default: one region of 4096 bytes.
 *   "Exclusive": bool; one open connection at a time (default false).
 * Each region is a memfd shared by the driver and every client that maps it
 * (memory type i is region i).
 *
 * Open types: 0 anyone, 1 root only (kIOReturnNotPrivileged), others
 * kIOReturnBadArgument.
 *
 * Methods (IOConnectCallMethod selector: scalars in -> scalars out):
 *   0 reset: () -> (); zeroes every region, SimResets += 1.
 *   1 doorbell: () -> (count); adds 1 to the 32-bit counter at offset 0 of
 *     region 0 and sends SIM_DEVICE_MESSAGE_DOORBELL with the new count.
 *   2 read: (region, offset, width) -> (value); width 1, 2, 4 or 8, offset
 *     aligned to width; host byte order.
 *   3 write: (region, offset, width, value) -> (); value must fit width.
 *   4 echo: struct in (any size) -> the same bytes out (inline, out of line
 *     or kIOConnectMethodVarOutputSize).
 *   5 async doorbell: (0..16 scalars) -> (count), async calls only: rings
 *     the doorbell as 1 does, then completes through the caller's
 *     notification port with kIOReturnSuccess and the inputs as arguments.
 * Bad region, offset, width or value: kIOReturnBadArgument.
 *
 * Service properties: "IOUserClientClass", "SimRegions" (array of
 * {"Size","ReadOnly","CacheMode"}), "SimResets", "SimDoorbells",
 * "SimScratch".  setProperties (on the service or a connection) accepts
 * {"SimScratch": number} and {"SimReset": true}; other keys give
 * kIOReturnUnsupported, wrong types kIOReturnBadArgument, all or nothing. */
#ifndef IOKITFS_REGISTRY_DRIVERS_SIM_DEVICE_H
#define IOKITFS_REGISTRY_DRIVERS_SIM_DEVICE_H

#include "driver.h"

#define SIM_DEVICE_DRIVER_NAME		"IOKitFSSimDevice"
#define SIM_DEVICE_USER_CLIENT_CLASS	"IOKitFSSimDeviceUserClient"
/* iokit_vendor_specific_msg(1) */
#define SIM_DEVICE_MESSAGE_DOORBELL	0xe3ff8001u

enum sim_device_selector {
	SIM_DEVICE_RESET = 0,
	SIM_DEVICE_DOORBELL,
	SIM_DEVICE_READ,
	SIM_DEVICE_WRITE,
	SIM_DEVICE_ECHO,
	SIM_DEVICE_ASYNC_DOORBELL,
	SIM_DEVICE_METHOD_COUNT
};

#define SIM_DEVICE_MAX_REGIONS		64
#define SIM_DEVICE_MIN_REGION_SIZE	8
#define SIM_DEVICE_MAX_REGION_SIZE	(64u * 1024 * 1024)

extern const struct reg_driver sim_device_driver;

#endif
