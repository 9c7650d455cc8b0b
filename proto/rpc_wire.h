/* The control file's wire format, shared by the daemon (fs/control.c) and
 * libIOKit: one restricted ioctl carries a request and its reply.  See
 * docs/control-protocol.md. */
#ifndef IOKITFS_PROTO_RPC_WIRE_H
#define IOKITFS_PROTO_RPC_WIRE_H

#include <linux/ioctl.h>
#include <stdint.h>

/* FUSE caps a restricted ioctl's buffer at 16383 bytes (14-bit size). */
#define IOKITFS_MSG_SIZE 16376
#define IOKITFS_MSG_HEADER 16
#define IOKITFS_MSG_DATA (IOKITFS_MSG_SIZE - IOKITFS_MSG_HEADER)

struct iokitfs_msg {
	uint32_t op;		/* enum rpc_op */
	int32_t result;		/* reply: IOReturn */
	uint32_t length;	/* payload bytes in data[] */
	uint32_t total;		/* whole payload; > length: read() the rest */
	uint8_t data[IOKITFS_MSG_DATA];
};

_Static_assert(sizeof(struct iokitfs_msg) == IOKITFS_MSG_SIZE, "wire size");

#define IOKITFS_IOC_CALL _IOWR('K', 1, struct iokitfs_msg)

/* Largest request or reply staged through write()/read(): 4 MiB, the
 * kernel's own cap on a property blob. */
#define IOKITFS_MAX_PAYLOAD (4u * 1024 * 1024)

/* Not a registry op: appends data[0..length) to the descriptor's staged
 * request, like write() does.  A read-only mount refuses write opens, so
 * this is how a large request is staged on a descriptor opened O_RDONLY.
 * result: kIOReturnSuccess, or kIOReturnMessageTooLarge past the cap. */
#define IOKITFS_OP_STAGE 0x53544147u	/* "STAG" */

enum rpc_op {
	RPC_OP_ROOT = 1,	/* -> {id} */
	RPC_OP_GENERATION,	/* -> {generation} */
	RPC_OP_PLANES,		/* -> {planes: (names)} */
	RPC_OP_MATCH,		/* {matching, first?} -> {ids} */
	RPC_OP_MATCH_ENTRY,	/* {id, matching} -> {matches} */
	RPC_OP_ENTRY_INFO,	/* {id, plane?} -> info dictionary (below) */
	RPC_OP_PROPERTIES,	/* {id} -> {properties} */
	RPC_OP_PROPERTY,	/* {id, key, plane?, options?} -> {value} */
	RPC_OP_SET_PROPERTIES,	/* {id, value} -> {} */
	RPC_OP_PATH,		/* {id, plane} -> {path} */
	RPC_OP_LOOKUP_PATH,	/* {path} -> {id} */
	RPC_OP_LINKS,		/* {id, plane, parents?, info?} -> {ids, entries?, generation}
				 * (no ids: unknown plane; entries: info dicts) */
	RPC_OP_SUBTREE,		/* {id, plane, options?} -> {generation, entries} */
	RPC_OP_CLASS_INFO,	/* {class} -> {superclass?, bundle?} */
	RPC_OP_MAX
};

/* The root entry's registry ID (IORegistryGetRootEntry without a call;
 * kIORegistryIDReserved + 1, as on macOS). */
#define RPC_ROOT_ID 0x100000100ULL

/* Option bits shared with IOKitLib (kIORegistryIterate*). */
#define RPC_ITERATE_RECURSIVELY 0x1u
#define RPC_ITERATE_PARENTS 0x2u

/* Name of the control file under MNT/.iokit/. */
#define IOKITFS_CONTROL_NAME "control"

#endif
