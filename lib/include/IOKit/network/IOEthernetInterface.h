/* IOKit/network/IOEthernetInterface.h (subset). */
#ifndef _IOETHERNETINTERFACE_H
#define _IOETHERNETINTERFACE_H

#include <IOKit/network/IONetworkInterface.h>

#define kIOEthernetInterfaceClass	"IOEthernetInterface"
#define kIOActivePacketFilters		"IOActivePacketFilters"
#define kIORequiredPacketFilters	"IORequiredPacketFilters"
#define kIOMulticastAddressList		"IOMulticastAddressList"
#define kIOMulticastFilterData		"IOMulticastFilterData"

#endif
