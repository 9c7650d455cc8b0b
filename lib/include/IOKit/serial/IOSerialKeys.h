/* IOKit/serial/IOSerialKeys.h: matching and property keys of serial
 * devices (IOSerialBSDClient entries). */
#ifndef _IOSERIALKEYS_H
#define _IOSERIALKEYS_H

#define kIOSerialBSDServiceValue	"IOSerialBSDClient"
#define kIOSerialBSDTypeKey		"IOSerialBSDClientType"
#define kIOSerialBSDAllTypes		"IOSerialStream"
#define kIOSerialBSDModemType		"IOModemSerialStream"
#define kIOSerialBSDRS232Type		"IORS232SerialStream"
#define kIOTTYDeviceKey			"IOTTYDevice"
#define kIOTTYBaseNameKey		"IOTTYBaseName"
#define kIOTTYSuffixKey			"IOTTYSuffix"
#define kIOCalloutDeviceKey		"IOCalloutDevice"
#define kIODialinDeviceKey		"IODialinDevice"
#define kIOTTYWaitForIdleKey		"IOTTYWaitForIdle"

#endif
