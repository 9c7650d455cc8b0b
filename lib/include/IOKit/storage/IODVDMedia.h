/* IOKit/storage/IODVDMedia.h (subset): the class name. */
#ifndef _IODVDMEDIA_H
#define _IODVDMEDIA_H

#include <IOKit/storage/IOMedia.h>

#define kIODVDMediaClass	"IODVDMedia"

#endif
