/* IOKit/hidsystem/IOHIDShared.h (subset): the HID system's class names
 * and parameter keys. */
#ifndef _IOKIT_HIDSYSTEM_IOHIDSHARED_H
#define _IOKIT_HIDSYSTEM_IOHIDSHARED_H

#include <IOKit/IOTypes.h>
#include <IOKit/hid/IOHIDKeys.h>

#define kIOHIDSystemClass		"IOHIDSystem"
#define kIOHIKeyboardClass		"IOHIKeyboard"
#define kIOHIPointingClass		"IOHIPointing"
#define kIOHIDParametersKey		"HIDParameters"
#define kIOHIDKeyboardCapsLockDoesLockKey "HIDKeyboardCapsLockDoesLock"
#define kIOHIDMouseAccelerationType	"HIDMouseAcceleration"
#define kIOHIDIdleTimeKey		"HIDIdleTime"

enum {
	kIOHIDParamConnectType = 1,
	kIOHIDServerConnectType = 0,
	kIOHIDGlobalMemory = 0,
	kIOHIDEventQueueTypeKernel = 0
};

#endif
