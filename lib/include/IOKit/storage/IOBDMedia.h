/* IOKit/storage/IOBDMedia.h (subset): the class name. */
#ifndef _IOBDMEDIA_H
#define _IOBDMEDIA_H

#include <IOKit/storage/IOMedia.h>

#define kIOBDMediaClass	"IOBDMedia"

#endif
