/* The connection file's wire format (MNT/.iokit/connect), shared by the
 * daemon (fs/uc_file.c) and libIOKit (lib/iokit/connect.c, memory.c).
 *
 * Each open of the file is one potential connection (io_connect_t).  The
 * same struct iokitfs_msg as the control file travels in one restricted
 * ioctl, IOKITFS_IOC_UC; data[] holds a fixed little header per op (below),
 * native byte order, and the variable parts after it.  A request too large
 * for the message is staged with IOKITFS_OP_STAGE ioctls (or write()) and
 * sent with length 0 and total = the staged size; a reply too large for it
 * is read() afterwards, as on the control file.  Closing the file (the
 * last descriptor of the open file) closes the connection, or reports the
 * client's death when IOServiceClose never came. */
#ifndef IOKITFS_PROTO_UC_WIRE_H
#define IOKITFS_PROTO_UC_WIRE_H

#include <linux/ioctl.h>
#include <stdint.h>

#include "rpc_wire.h"

#define IOKITFS_CONNECT_NAME "connect"
#define IOKITFS_IOC_UC _IOWR('K', 2, struct iokitfs_msg)

enum uc_op {
	UC_OP_OPEN = 1,		/* struct uc_open -> nothing */
	UC_OP_CLOSE,		/* nothing -> nothing */
	UC_OP_CALL,		/* struct uc_call + scalars + struct -> same */
	UC_OP_MAP,		/* struct uc_map -> struct uc_map_reply */
	UC_OP_NOTE_MAPPING,	/* struct uc_mapping -> nothing */
	UC_OP_UNMAP,		/* struct uc_mapping (size ignored) -> nothing */
	UC_OP_SET_PROPERTIES,	/* a binary reg_value (value_binary.h) -> nothing */
	UC_OP_GET_SERVICE,	/* nothing -> uint64_t service registry ID */
	UC_OP_SET_NOTIFICATION_PORT,	/* struct uc_notification_port -> nothing */
};

struct uc_open {
	uint64_t service_id;
	uint32_t type;
	uint32_t pad;
};

/* Request: this header, scalar_input_count uint64_t, struct_input_size
 * bytes.  Reply: this header (counts and sizes as the driver left them),
 * scalar_output_count uint64_t, struct_output_size bytes. */
struct uc_call {
	uint32_t selector;
	uint32_t scalar_input_count;
	uint32_t scalar_output_count;	/* the caller's capacity */
	uint32_t flags;			/* UC_CALL_* */
	uint64_t struct_input_size;
	uint64_t struct_output_size;	/* the caller's capacity */
};

#define UC_CALL_STRUCT_OUTPUT	0x1u	/* the caller passed outputStructCnt */
#define UC_CALL_VAR_OUTPUT	0x2u	/* kIOConnectMethodVarOutputSize */
#define UC_CALL_SCALAR_OUTPUT	0x4u	/* the caller passed outputCnt */
/* IOConnectCallAsync*: a struct uc_async_ref follows the header (before
 * the scalars); the completion is queued on that notification port
 * (notify_wire.h, NOTIFY_OP_PORT_ID) as IOKITFS_NOTE_ASYNC records. */
#define UC_CALL_ASYNC		0x8u

struct uc_async_ref {
	uint64_t port;			/* a notify port id of the same process */
	uint32_t reference_count;	/* 1..8 */
	uint32_t pad;
	uint64_t reference[8];
};

/* IOConnectSetNotificationPort: port 0 forgets the port. */
struct uc_notification_port {
	uint64_t port;
	uint64_t reference;
	uint32_t type;
	uint32_t pad;
};

/* Memory hand-over (FUSE replies carry no descriptors).  The client
 * listens on an abstract UNIX stream socket of its own, with a random
 * name, and sends the name (leading NUL left out, NUL-terminated) in the
 * map request.  While answering that request, the daemon connects to it
 * without blocking, checks with SO_PEERCRED that the listener is the
 * process that opened the connection (pid and uid), and sends the
 * descriptor with SCM_RIGHTS and one status byte (0) before it replies.
 * The client accepts only a peer of the mount's owner uid.  Nothing waits
 * on anyone else: no shared listener, no token table.  Errors:
 * kIOReturnIPCError when the socket cannot be reached or takes nothing
 * more (another process filled its backlog), kIOReturnNotPermitted when it
 * belongs to another process or user. */
#define UC_SOCKET_NAME_MAX 64
struct uc_map {
	uint32_t type;
	uint32_t options;
	char socket_name[UC_SOCKET_NAME_MAX];
};

/* The reply; the descriptor came through the client's socket. */
struct uc_map_reply {
	uint64_t offset;
	uint64_t size;
	uint32_t options;
	uint32_t pad;
};

struct uc_mapping {
	uint64_t address;
	uint64_t size;
	uint32_t type;
	uint32_t pad;
};

#endif
