/* mach_msg for code written around macOS's receive loops (mach/message.h):
 * a receive on a receive right that libIOKit delivers notifications or
 * async completions to waits until its notify descriptor is readable and
 * returns a header naming the port; IODispatchCalloutFromMessage on that
 * header runs the callbacks.  No message is consumed here, so a receive
 * that is not followed by a dispatch returns at once the next time.
 * Thread-safe; no state of its own. */
#include "iokit_internal.h"

#include <string.h>

#include <IOKit/OSMessageNotification.h>
#include <mach/mach.h>

mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
			   mach_msg_size_t send_size, mach_msg_size_t rcv_size,
			   mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
			   mach_port_name_t notify)
{
	kern_return_t kr;

	(void)send_size;
	(void)notify;
	if (!msg)
		return (option & MACH_SEND_MSG) ? MACH_SEND_INVALID_DATA : MACH_RCV_INVALID_DATA;
	if (option & MACH_SEND_MSG)
		return MACH_SEND_INVALID_DEST;	/* no Mach IPC to send on */
	if (!(option & MACH_RCV_MSG))
		return MACH_MSG_SUCCESS;
	if (rcv_size < sizeof(mach_msg_header_t))
		return MACH_RCV_TOO_LARGE;
	kr = iokit_receive_wait(rcv_name, (option & MACH_RCV_TIMEOUT) ?
				(timeout > 0x7fffffff ? 0x7fffffff : (int)timeout) : -1);
	if (kr != KERN_SUCCESS)
		return kr;
	memset(msg, 0, sizeof(*msg));
	msg->msgh_size = sizeof(*msg);
	msg->msgh_local_port = rcv_name;
	msg->msgh_id = kOSNotificationMessageID;
	return MACH_MSG_SUCCESS;
}
