/* IOKit/network/IONetworkInterface.h (subset): class name and keys of
 * network interface entries (en0...). */
#ifndef _IONETWORKINTERFACE_H
#define _IONETWORKINTERFACE_H

#include <IOKit/IOTypes.h>
#include <IOKit/IOBSD.h>

#define kIONetworkInterfaceClass	"IONetworkInterface"
#define kIONetworkData			"IONetworkData"
#define kIOInterfaceType		"IOInterfaceType"
#define kIOMaxTransferUnit		"IOMaxTransferUnit"
#define kIOMediaAddressLength		"IOMediaAddressLength"
#define kIOMediaHeaderLength		"IOMediaHeaderLength"
#define kIOInterfaceFlags		"IOInterfaceFlags"
#define kIOInterfaceExtraFlags		"IOInterfaceExtraFlags"
#define kIOInterfaceUnit		"IOInterfaceUnit"
#define kIOInterfaceState		"IOInterfaceState"
#define kIOInterfaceNamePrefix		"IOInterfaceNamePrefix"
#define kIOPrimaryInterface		"IOPrimaryInterface"
#define kIOBuiltin			"IOBuiltin"
#define kIOLocation			"IOLocation"
#define kIONetworkNoBSDAttachKey	"IONetworkNoBSDAttach"

enum {
	kIONetworkInterfaceRegisteredState = 0x1,
	kIONetworkInterfaceOpenedState = 0x2,
	kIONetworkInterfaceDisabledState = 0x4
};

#endif
