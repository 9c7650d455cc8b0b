/* IOKit/network/IOEthernetController.h (subset). */
#ifndef _IOETHERNETCONTROLLER_H
#define _IOETHERNETCONTROLLER_H

#include <IOKit/network/IONetworkController.h>

#define kIOEthernetControllerClass	"IOEthernetController"
#define kIOEthernetAddressSize		6

typedef struct {
	UInt8 bytes[kIOEthernetAddressSize];
} IOEthernetAddress;

#define kIOActivePacketFilters		"IOActivePacketFilters"
#define kIOEthernetWakeOnLANFilterGroup	"IOEthernetWakeOnLANFilterGroup"

#endif
