/* ApplicationServices/ApplicationServices.h for libIOKit on Linux: the
 * part that exists here (CoreServices). */
#ifndef __APPLICATIONSERVICES__
#define __APPLICATIONSERVICES__

#include <CoreServices/CoreServices.h>

#endif
