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

/* Every catalogue call's answer, from whether its arguments are good: the
 * main port's error, kIOReturnBadArgument, kIOReturnNotPrivileged (not
 * root), else kIOReturnUnsupported. */
static kern_return_t answer(mach_port_t mainPort, bool args_ok)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	if (!args_ok)
		return kIOReturnBadArgument;
	return geteuid() == 0 ? kIOReturnUnsupported : kIOReturnNotPrivileged;
}

kern_return_t IOCatalogueSendData(mach_port_t mainPort, uint32_t flag, const char *buffer,
				  uint32_t size)
{
	bool needs_data = flag != kIOCatalogRemoveKernelLinker && flag != kIOCatalogKextdActive &&
			  flag != kIOCatalogKextdFinishedLaunching;

	return answer(mainPort, (!needs_data || (buffer && size)) &&
				flag >= kIOCatalogAddDrivers && flag <= kIOCatalogResetDriversNoMatch);
}

kern_return_t IOCatalogueTerminate(mach_port_t mainPort, uint32_t flag, io_name_t description)
{
	return answer(mainPort, description && flag >= kIOCatalogModuleUnload &&
				flag <= kIOCatalogServiceTerminate);
}

kern_return_t IOCatalogueGetData(mach_port_t mainPort, uint32_t flag, char **buffer,
				 uint32_t *size)
{
	return answer(mainPort, buffer && size && flag >= kIOCatalogGetContents &&
				flag <= kIOCatalogGetROMMkextList);
}

kern_return_t IOCatalogueModuleLoaded(mach_port_t mainPort, io_name_t name)
{
	return answer(mainPort, name != NULL);
}

kern_return_t IOCatalogueReset(mach_port_t mainPort, uint32_t flag)
{
	return answer(mainPort, flag == kIOCatalogResetDefault);
}
