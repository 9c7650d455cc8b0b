/* CoreFoundation/CFMachPort.h for libIOKit on Linux: a receive right on a
 * run loop.  The rights that exist here are libIOKit's (mach_port_allocate,
 * IOCreateReceivePort, IONotificationPortGetMachPort); the callout runs on
 * the loop whenever a notification or async completion is queued on the
 * right, with a message header naming it (msgh_local_port), which the
 * callout hands to IODispatchCalloutFromMessage as on macOS.  The callout
 * must do that (or otherwise dispatch), or the message stays queued. */
#ifndef __COREFOUNDATION_CFMACHPORT__
#define __COREFOUNDATION_CFMACHPORT__

#include <CoreFoundation/CFRunLoop.h>
#include <mach/port.h>

CF_EXTERN_C_BEGIN

typedef struct __CFMachPort *CFMachPortRef;

typedef struct {
	CFIndex version;	/* 0 */
	void *info;
	const void *(*retain)(const void *info);
	void (*release)(const void *info);
	CFStringRef (*copyDescription)(const void *info);
} CFMachPortContext;

typedef void (*CFMachPortCallBack)(CFMachPortRef port, void *msg, CFIndex size, void *info);
typedef void (*CFMachPortInvalidationCallBack)(CFMachPortRef port, void *info);

CF_EXPORT CFTypeID CFMachPortGetTypeID(void);
/* A new receive right (NULL when none can be made). */
CF_EXPORT CFMachPortRef CFMachPortCreate(CFAllocatorRef allocator, CFMachPortCallBack callout,
					 CFMachPortContext *context, Boolean *shouldFreeInfo);
/* portNum must be a receive right of this process (else NULL); the right
 * stays the caller's. */
CF_EXPORT CFMachPortRef CFMachPortCreateWithPort(CFAllocatorRef allocator, mach_port_t portNum,
						 CFMachPortCallBack callout,
						 CFMachPortContext *context, Boolean *shouldFreeInfo);
CF_EXPORT mach_port_t CFMachPortGetPort(CFMachPortRef port);
CF_EXPORT void CFMachPortGetContext(CFMachPortRef port, CFMachPortContext *context);
CF_EXPORT void CFMachPortInvalidate(CFMachPortRef port);
CF_EXPORT Boolean CFMachPortIsValid(CFMachPortRef port);
CF_EXPORT CFRunLoopSourceRef CFMachPortCreateRunLoopSource(CFAllocatorRef allocator,
							   CFMachPortRef port, CFIndex order);

CF_EXTERN_C_END

#endif
