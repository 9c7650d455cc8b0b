/* IOKit/storage/IOMedia.h (subset): IOMedia's class name and keys. */
#ifndef _IOMEDIA_H
#define _IOMEDIA_H

#include <IOKit/storage/IOStorage.h>

#define kIOMediaClass			"IOMedia"
#define kIOMediaContentKey		"Content"
#define kIOMediaContentHintKey		"Content Hint"
#define kIOMediaContentMaskKey		"Content Mask"
#define kIOMediaEjectableKey		"Ejectable"
#define kIOMediaIconKey			"IOMediaIcon"
#define kIOMediaLeafKey			"Leaf"
#define kIOMediaOpenKey			"Open"
#define kIOMediaPreferredBlockSizeKey	"Preferred Block Size"
#define kIOMediaRemovableKey		"Removable"
#define kIOMediaSizeKey			"Size"
#define kIOMediaUUIDKey			"UUID"
#define kIOMediaWholeKey		"Whole"
#define kIOMediaWritableKey		"Writable"
#define kIOMediaBaseKey			"Base"
#define kIOMediaPartitionIDKey		"Partition ID"

#endif
