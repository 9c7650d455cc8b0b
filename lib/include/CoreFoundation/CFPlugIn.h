/* CoreFoundation/CFPlugIn.h for libIOKit on Linux: the types only (no
 * bundles are loaded here); includes the COM definitions, as CF does. */
#ifndef __COREFOUNDATION_CFPLUGIN__
#define __COREFOUNDATION_CFPLUGIN__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFUUID.h>
#include <CoreFoundation/CFPlugInCOM.h>

typedef struct __CFBundle *CFPlugInRef;

#endif
