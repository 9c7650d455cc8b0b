/* The IOCatalogue calls (IOKitLib.h, flags in IOKit/IOKitServer.h).  The
 * kernel's driver catalogue (kext personalities) has no counterpart on
 * Linux.  The checks come in xnu's order: a bad main port
 * (MACH_SEND_INVALID_DEST, or kIOReturnNotPrivileged for a name that is
 * not the main port), missing data or an unknown flag
 * (kIOReturnBadArgument), a caller without the catalogue's privilege (not
 * root: kIOReturnNotPrivileged); past those, a request the catalogue would
 * carry out answers kIOReturnUnsupported, since there is none to change or
 * read.  Stateless. */
#include "iokit_internal.h"

#include <unistd.h>

#include <IOKit/IOKitServer.h>

static kern_return_t common_checks(mach_port_t mainPort)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	return geteuid() == 0 ? KERN_SUCCESS : kIOReturnNotPrivileged;
}

kern_return_t IOCatalogueSendData(mach_port_t mainPort, uint32_t flag, const char *buffer,
				  uint32_t size)
{
	kern_return_t kr = iokit_check_main_port(mainPort);
	bool needs_data = flag != kIOCatalogRemoveKernelLinker && flag != kIOCatalogKextdActive &&
			  flag != kIOCatalogKextdFinishedLaunching;

	if (kr != KERN_SUCCESS)
		return kr;
	if (needs_data && (!buffer || !size))
		return kIOReturnBadArgument;
	if (flag < kIOCatalogAddDrivers || flag > kIOCatalogResetDriversNoMatch)
		return kIOReturnBadArgument;
	kr = common_checks(mainPort);
	return kr != KERN_SUCCESS ? kr : kIOReturnUnsupported;
}

kern_return_t IOCatalogueTerminate(mach_port_t mainPort, uint32_t flag, io_name_t description)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!description || flag < kIOCatalogModuleUnload || flag > kIOCatalogServiceTerminate)
		return kIOReturnBadArgument;
	kr = common_checks(mainPort);
	return kr != KERN_SUCCESS ? kr : kIOReturnUnsupported;
}

kern_return_t IOCatalogueGetData(mach_port_t mainPort, uint32_t flag, char **buffer,
				 uint32_t *size)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!buffer || !size || flag < kIOCatalogGetContents || flag > kIOCatalogGetROMMkextList)
		return kIOReturnBadArgument;
	kr = common_checks(mainPort);
	return kr != KERN_SUCCESS ? kr : kIOReturnUnsupported;
}

kern_return_t IOCatalogueModuleLoaded(mach_port_t mainPort, io_name_t name)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!name)
		return kIOReturnBadArgument;
	kr = common_checks(mainPort);
	return kr != KERN_SUCCESS ? kr : kIOReturnUnsupported;
}

kern_return_t IOCatalogueReset(mach_port_t mainPort, uint32_t flag)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	if (flag != kIOCatalogResetDefault)
		return kIOReturnBadArgument;
	kr = common_checks(mainPort);
	return kr != KERN_SUCCESS ? kr : kIOReturnUnsupported;
}
