/* Carbon/Carbon.h for libIOKit on Linux: what Carbon brings in that
 * exists here (CoreServices: CoreFoundation and the Mac types). */
#ifndef __CARBON__
#define __CARBON__

#include <CoreServices/CoreServices.h>
#include <ApplicationServices/ApplicationServices.h>

#endif
