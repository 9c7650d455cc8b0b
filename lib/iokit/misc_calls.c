/* IOKitLib calls with no Linux counterpart, answering what macOS answers
 * in the same situation:
 *  - IOConnectTrap0..6: a user client without traps (every one here)
 *    gives kIOReturnBadArgument, as iokit_user_client_trap does when the
 *    client has no trap at that index;
 *  - IOServiceAuthorize: kIOReturnUnsupported (no authorization agent);
 *  - IOServiceOpenAsFileDescriptor: -1 with errno ENOTSUP;
 *  - OSGetNotificationFromMessage: libIOKit's receive headers (mach_msg)
 *    carry no notification body, so kIOReturnBadArgument;
 *  - IOServiceOFPathToBSDName works: the device-tree entry at the path,
 *    then the "BSD Name" of the first IOService-plane descendant that has
 *    one (kIOReturnNoDevice when there is none).
 * Stateless. */
#include "iokit_internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <IOKit/IOBSD.h>

static kern_return_t no_trap(io_connect_t connect)
{
	(void)connect;
	return kIOReturnBadArgument;
}

kern_return_t IOConnectTrap0(io_connect_t connect, uint32_t index)
{
	(void)index;
	return no_trap(connect);
}

kern_return_t IOConnectTrap1(io_connect_t connect, uint32_t index, uintptr_t p1)
{
	(void)index, (void)p1;
	return no_trap(connect);
}

kern_return_t IOConnectTrap2(io_connect_t connect, uint32_t index, uintptr_t p1, uintptr_t p2)
{
	(void)index, (void)p1, (void)p2;
	return no_trap(connect);
}

kern_return_t IOConnectTrap3(io_connect_t connect, uint32_t index, uintptr_t p1, uintptr_t p2,
			     uintptr_t p3)
{
	(void)index, (void)p1, (void)p2, (void)p3;
	return no_trap(connect);
}

kern_return_t IOConnectTrap4(io_connect_t connect, uint32_t index, uintptr_t p1, uintptr_t p2,
			     uintptr_t p3, uintptr_t p4)
{
	(void)index, (void)p1, (void)p2, (void)p3, (void)p4;
	return no_trap(connect);
}

kern_return_t IOConnectTrap5(io_connect_t connect, uint32_t index, uintptr_t p1, uintptr_t p2,
			     uintptr_t p3, uintptr_t p4, uintptr_t p5)
{
	(void)index, (void)p1, (void)p2, (void)p3, (void)p4, (void)p5;
	return no_trap(connect);
}

kern_return_t IOConnectTrap6(io_connect_t connect, uint32_t index, uintptr_t p1, uintptr_t p2,
			     uintptr_t p3, uintptr_t p4, uintptr_t p5, uintptr_t p6)
{
	(void)index, (void)p1, (void)p2, (void)p3, (void)p4, (void)p5, (void)p6;
	return no_trap(connect);
}

kern_return_t IOServiceAuthorize(io_service_t service, uint32_t options)
{
	(void)service;
	(void)options;
	return kIOReturnUnsupported;
}

int IOServiceOpenAsFileDescriptor(io_service_t service, int oflag)
{
	(void)service;
	(void)oflag;
	errno = ENOTSUP;
	return -1;
}

kern_return_t OSGetNotificationFromMessage(mach_msg_header_t *msg, uint32_t index, uint32_t *type,
					   uintptr_t *reference, void **content, vm_size_t *size)
{
	(void)msg, (void)index, (void)type, (void)reference, (void)content, (void)size;
	return kIOReturnBadArgument;
}

kern_return_t IOServiceOFPathToBSDName(mach_port_t mainPort, const char *openFirmwarePath,
				       io_name_t bsdName)
{
	char path[sizeof(io_string_t) + 16];
	io_registry_entry_t entry;
	CFTypeRef name;
	kern_return_t kr = kIOReturnNoDevice;

	if (!openFirmwarePath || !bsdName || strlen(openFirmwarePath) >= sizeof(io_string_t))
		return kIOReturnBadArgument;
	if (strchr(openFirmwarePath, ':'))
		snprintf(path, sizeof(path), "%s", openFirmwarePath);
	else
		snprintf(path, sizeof(path), "%s:%s", kIODeviceTreePlane, openFirmwarePath);
	entry = IORegistryEntryFromPath(mainPort, path);
	if (!entry)
		return kIOReturnNoDevice;
	name = IORegistryEntrySearchCFProperty(entry, kIOServicePlane, CFSTR(kIOBSDNameKey),
					       kCFAllocatorDefault, kIORegistryIterateRecursively);
	if (name && CFGetTypeID(name) == CFStringGetTypeID() &&
	    CFStringGetCString(name, bsdName, sizeof(io_name_t), kCFStringEncodingUTF8))
		kr = kIOReturnSuccess;
	if (name)
		CFRelease(name);
	IOObjectRelease(entry);
	return kr;
}
