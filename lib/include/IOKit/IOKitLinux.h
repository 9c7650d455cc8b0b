/* IOKit/IOKitLinux.h: libIOKit's additions for Linux programs that have
 * their own event loop (docs/notifications.md).
 *
 * A notification port is an open MNT/.iokit/notify file underneath.  Poll
 * its descriptor for POLLIN and, when it is readable, let libIOKit read
 * the events and run the callbacks:
 *
 *     struct pollfd p = { IONotificationPortGetFileDescriptor(port), POLLIN };
 *     while (poll(&p, 1, -1) > 0)
 *             IONotificationPortDispatch(port);
 *
 * IODispatchCalloutFromMessage(NULL, &msg, NULL) with msg.msgh_local_port
 * set to IONotificationPortGetMachPort(port) does the same, for code
 * written for macOS's mach_msg loops. */
#ifndef _IOKIT_IOKITLINUX_H
#define _IOKIT_IOKITLINUX_H

#include <IOKit/IOKitLib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The port's descriptor (owned by the port: do not read or close it), or
 * -1 for NULL. */
int IONotificationPortGetFileDescriptor(IONotificationPortRef notify);

/* Reads every queued event and runs its callback on the calling thread.
 * Returns without waiting when nothing is queued. */
void IONotificationPortDispatch(IONotificationPortRef notify);

#ifdef __cplusplus
}
#endif

#endif
