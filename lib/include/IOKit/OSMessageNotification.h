/* IOKit/OSMessageNotification.h: the layout of IOKit notification messages
 * and their type codes (xnu's values). */
#ifndef __OS_OSMESSAGENOTIFICATION_H
#define __OS_OSMESSAGENOTIFICATION_H

#include <mach/mach_types.h>
#include <mach/message.h>
#include <device/device_types.h>
#include <IOKit/IOReturn.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	kFirstIOKitNotificationType		= 100,
	kIOServicePublishNotificationType	= 100,
	kIOServiceMatchedNotificationType	= 101,
	kIOServiceTerminatedNotificationType	= 102,
	kIOAsyncCompletionNotificationType	= 150,
	kIOServiceMessageNotificationType	= 160,
	kLastIOKitNotificationType		= 199,

	kIOKitNoticationTypeMask		= 0x00000FFF,
	kIOKitNoticationTypeSizeAdjShift	= 30,
	kIOKitNoticationMsgSizeMask		= 3
};

enum {
	kOSNotificationMessageID	= 53,
	kOSAsyncCompleteMessageID	= 57,
	kMaxAsyncArgs			= 16
};

enum {
	kIOAsyncReservedIndex	= 0,
	kIOAsyncReservedCount,

	kIOAsyncCalloutFuncIndex = kIOAsyncReservedCount,
	kIOAsyncCalloutRefconIndex,
	kIOAsyncCalloutCount,

	kIOMatchingCalloutFuncIndex = kIOAsyncReservedCount,
	kIOMatchingCalloutRefconIndex,
	kIOMatchingCalloutCount,

	kIOInterestCalloutFuncIndex = kIOAsyncReservedCount,
	kIOInterestCalloutRefconIndex,
	kIOInterestCalloutServiceIndex,
	kIOInterestCalloutCount
};

enum {
	kOSAsyncRef64Count	= 8,
	kOSAsyncRef64Size	= kOSAsyncRef64Count * ((int) sizeof(io_user_reference_t))
};
typedef io_user_reference_t OSAsyncReference64[kOSAsyncRef64Count];

struct OSNotificationHeader64 {
	mach_msg_size_t		size;
	natural_t		type;
	OSAsyncReference64	reference;
	unsigned char		content[];
};

#pragma pack(4)
struct IOServiceInterestContent64 {
	natural_t		messageType;
	io_user_reference_t	messageArgument[1];
};
#pragma pack()

enum {
	kOSAsyncRefCount	= 8,
	kOSAsyncRefSize		= 32
};
typedef natural_t OSAsyncReference[kOSAsyncRefCount];

struct OSNotificationHeader {
	mach_msg_size_t		size;
	natural_t		type;
	OSAsyncReference	reference;
	unsigned char		content[];
};

struct IOServiceInterestContent {
	natural_t		messageType;
	void			*messageArgument[1];
};

struct IOAsyncCompletionContent {
	IOReturn		result;
	void			*args[] __attribute__((packed));
};

typedef struct OSNotificationHeader	OSNotificationHeader;
typedef struct IOServiceInterestContent	IOServiceInterestContent;
typedef struct IOAsyncCompletionContent	IOAsyncCompletionContent;

#ifdef __cplusplus
}
#endif

#endif
