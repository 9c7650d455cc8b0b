/* mach/mach_error.h: error texts for kern, IPC, MIG and IOKit codes. */
#ifndef _MACH_ERROR_
#define _MACH_ERROR_

#include <mach/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* "(os/kern) invalid name", "(iokit/common) not found", ... */
char *mach_error_string(mach_error_t error_value);
/* Prints "<str> <text>" (plus the type and hex code for unknown codes) on
 * stderr. */
void mach_error(const char *str, mach_error_t error_value);
/* The "(system/subsystem)" prefix alone. */
char *mach_error_type(mach_error_t error_value);

#ifdef __cplusplus
}
#endif

#endif
