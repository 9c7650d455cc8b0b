/* IOKit/storage/IOCDMedia.h (subset): the class name. */
#ifndef _IOCDMEDIA_H
#define _IOCDMEDIA_H

#include <IOKit/storage/IOMedia.h>

#define kIOCDMediaClass	"IOCDMedia"

#endif
