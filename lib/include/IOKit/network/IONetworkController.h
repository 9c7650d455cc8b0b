/* IOKit/network/IONetworkController.h (subset): class name and keys of
 * network controller entries. */
#ifndef _IONETWORKCONTROLLER_H
#define _IONETWORKCONTROLLER_H

#include <IOKit/IOTypes.h>
#include <IOKit/network/IONetworkMedium.h>

#define kIONetworkControllerClass	"IONetworkController"
#define kIOVendor			"IOVendor"
#define kIOModel			"IOModel"
#define kIORevision			"IORevision"
#define kIOFeatures			"IOFeatures"
#define kIOMediumDictionary		"IOMediumDictionary"
#define kIODefaultMedium		"IODefaultMedium"
#define kIOSelectedMedium		"IOSelectedMedium"
#define kIOActiveMedium			"IOActiveMedium"
#define kIOLinkSpeed			"IOLinkSpeed"
#define kIOLinkStatus			"IOLinkStatus"
#define kIOLinkData			"IOLinkData"
#define kIOPacketFilters		"IOPacketFilters"
#define kIOMACAddress			"IOMACAddress"
#define kIOMaxPacketSize		"IOMaxPacketSize"
#define kIOMinPacketSize		"IOMinPacketSize"

#endif
