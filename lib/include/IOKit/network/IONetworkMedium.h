/* IOKit/network/IONetworkMedium.h (subset): link status bits and medium
 * dictionary keys. */
#ifndef _IONETWORKMEDIUM_H
#define _IONETWORKMEDIUM_H

#include <IOKit/IOTypes.h>

typedef UInt32 IOMediumType;

enum {
	kIONetworkLinkValid = 0x00000001,
	kIONetworkLinkActive = 0x00000002,
	kIONetworkLinkNoNetworkChange = 0x00000004
};

#define kIOMediumType		"Type"
#define kIOMediumFlags		"Flags"
#define kIOMediumSpeed		"Speed"
#define kIOMediumIndex		"Index"

#endif
