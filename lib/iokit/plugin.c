/* IOCFPlugIn (IOKit/IOCFPlugIn.h).  IOKitLib looks the service's
 * IOCFPlugInTypes property up for a bundle implementing pluginType, loads
 * it with CFPlugIn and asks its factories for interfaceType; when it finds
 * no factory (no property, no such type, no bundle installed) it returns
 * kIOReturnUnsupported.  There are no plug-in bundles on Linux, so that is
 * always the answer here.  Stateless. */
#include "iokit_internal.h"

#include <IOKit/IOCFPlugIn.h>

kern_return_t IOCreatePlugInInterfaceForService(io_service_t service, CFUUIDRef pluginType,
						CFUUIDRef interfaceType,
						IOCFPlugInInterface ***theInterface,
						SInt32 *theScore)
{
	(void)service;
	(void)pluginType;
	(void)interfaceType;
	(void)theInterface;
	(void)theScore;
	return kIOReturnUnsupported;
}

kern_return_t IODestroyPlugInInterface(IOCFPlugInInterface **interface)
{
	if (interface && *interface && (*interface)->Release)
		(*interface)->Release(interface);
	return kIOReturnSuccess;
}
