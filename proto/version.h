/* The protocol version handshake between libIOKit and the daemon.
 *
 * The daemon and libIOKit are separate installs (libIOKit.so can be newer
 * or older than the iokitfs binary serving the mount), so the first thing
 * libIOKit does on a control-file descriptor is IOKITFS_OP_HELLO: an ioctl
 * on MNT/.iokit/control with struct iokitfs_hello in data[].  The daemon
 * answers with its own struct iokitfs_hello and
 *   kIOReturnSuccess      when it speaks the client's version,
 *   kIOReturnUnsupported  when it does not (the reply still says which
 *                         versions it speaks, for the error message).
 * A daemon from before the handshake (protocol 1) answers HELLO with
 * kIOReturnUnsupported and no payload.  libIOKit then refuses every call
 * with kIOReturnUnsupported and prints one line saying both versions.
 *
 * The version covers every file of the wire (rpc_wire.h, uc_wire.h,
 * notify_wire.h, value_binary.h): bump it when any message layout, op
 * code or encoding changes.  See docs/control-protocol.md. */
#ifndef IOKITFS_PROTO_VERSION_H
#define IOKITFS_PROTO_VERSION_H

#include <stdint.h>

/* 1: the unversioned protocol of 0.1.  2: HELLO, memory hand-over through
 * the client's own socket (uc_wire.h struct uc_map). */
#define IOKITFS_PROTO_VERSION 2u
/* Oldest client version this daemon still serves. */
#define IOKITFS_PROTO_MIN_VERSION 2u

#define IOKITFS_OP_HELLO 0x48454c4fu	/* "HELO" */
#define IOKITFS_HELLO_MAGIC 0x494f4b46u	/* "IOKF" */

struct iokitfs_hello {
	uint32_t magic;		/* IOKITFS_HELLO_MAGIC */
	uint32_t version;	/* the sender's IOKITFS_PROTO_VERSION */
	uint32_t min_version;	/* the oldest peer version the sender serves */
	uint32_t flags;		/* 0; reply: IOKITFS_HELLO_* bits below */
};

/* Reply flags: what this mount is. */
#define IOKITFS_HELLO_READ_ONLY 0x1u

_Static_assert(sizeof(struct iokitfs_hello) == 16, "hello size");

#endif
