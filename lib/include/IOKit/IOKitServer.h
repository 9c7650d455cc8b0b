/* IOKit/IOKitServer.h (subset): the flags of the IOCatalogue* calls. */
#ifndef _IOKIT_IOKITSERVER_H
#define _IOKIT_IOKITSERVER_H

/* IOCatalogueSendData */
enum {
	kIOCatalogAddDrivers = 1,
	kIOCatalogAddDriversNoMatch,
	kIOCatalogRemoveDrivers,
	kIOCatalogRemoveDriversNoMatch,
	kIOCatalogStartMatching,
	kIOCatalogRemoveKernelLinker,
	kIOCatalogKextdActive,
	kIOCatalogKextdFinishedLaunching,
	kIOCatalogResetDrivers,
	kIOCatalogResetDriversNoMatch
};

/* IOCatalogueGetData */
enum {
	kIOCatalogGetContents = 1,
	kIOCatalogGetModuleDemandList = 2,
	kIOCatalogGetCacheMissList = 3,
	kIOCatalogGetROMMkextList = 4
};

/* IOCatalogueReset */
enum {
	kIOCatalogResetDefault = 1
};

/* IOCatalogueTerminate */
enum {
	kIOCatalogModuleUnload = 1,
	kIOCatalogModuleTerminate,
	kIOCatalogServiceTerminate
};

#endif
