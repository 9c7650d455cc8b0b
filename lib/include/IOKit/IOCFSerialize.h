/* IOKit/IOCFSerialize.h: CF objects to IOKit's XML dialect (or, with
 * kIOCFSerializeToBinary, its binary format), as IOKitLib sends them to
 * the kernel.  See libIOKit(3) and docs/compat.md for the format. */
#ifndef __IOKIT_IOCFSERIALIZE_H
#define __IOKIT_IOCFSERIALIZE_H

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFData.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	kIOCFSerializeToBinary = 0x00000001
};

/* +1 CFData (the XML's terminating NUL included), or NULL for NULL, an
 * unknown option or an object that cannot be written. */
CFDataRef IOCFSerialize(CFTypeRef object, CFOptionFlags options);

#ifdef __cplusplus
}
#endif

#endif
