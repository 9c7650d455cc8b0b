/* The notification file's wire format, shared by the daemon
 * (fs/notify_file.c) and libIOKit (lib/iokit/notifications.c).  See
 * docs/notifications.md.
 *
 * Each open of MNT/.iokit/notify is one notification port.  Requests are
 * ioctl(IOKITFS_IOC_CALL) calls with the control file's message
 * (rpc_wire.h) and one of the ops below; events are read() as whole
 * struct iokitfs_note records (never split), poll() says POLLIN while any
 * is queued. */
#ifndef IOKITFS_PROTO_NOTIFY_WIRE_H
#define IOKITFS_PROTO_NOTIFY_WIRE_H

#include <stdint.h>

#include "rpc_wire.h"

#define IOKITFS_NOTIFY_NAME "notify"
#define IOKITFS_WATCH_NAME "watch"

/* Ops of a notification port's ioctl.  Arguments and replies are
 * dictionaries in binary serialization, as on the control file. */
enum iokitfs_notify_op {
	/* {type, matching} -> {sub, ids, more}: ids is the existing set, or
	 * its first part when more (the count left) is not 0. */
	NOTIFY_OP_ADD_MATCHING = 0x4e000001,
	/* {id, type} -> {sub} */
	NOTIFY_OP_ADD_INTEREST,
	/* {sub} -> {} */
	NOTIFY_OP_REMOVE,
	/* {id, delta} -> {busy}: IOService::adjustBusy for tests and tools;
	 * root only, refused on a read-only mount. */
	NOTIFY_OP_ADJUST_BUSY,
	/* {id, message, argument} -> {}: messageClients on behalf of a
	 * driver; root only, refused on a read-only mount. */
	NOTIFY_OP_MESSAGE,
	/* {id} -> {busy, busy_time, state}: busy counts busy descendants. */
	NOTIFY_OP_BUSY_STATE,
	/* {sub} -> {ids, more}: the next part of the existing set. */
	NOTIFY_OP_EXISTING,
	/* {} -> {port}: the port's id, for a connection's async calls
	 * (uc_wire.h); only the process that opened the port may use it. */
	NOTIFY_OP_PORT_ID,
};

enum iokitfs_note_kind {
	IOKITFS_NOTE_MATCHING = 1,	/* entry matched a matching subscription */
	IOKITFS_NOTE_INTEREST = 2,	/* a message for an interest subscription */
	IOKITFS_NOTE_OVERFLOW = 3,	/* argument events were lost here */
	/* An async method completed (sendAsyncResult64): message is the
	 * result, argument the number of arguments, flags the number of
	 * reference words, sub the number of words (references, then
	 * arguments) in the IOKITFS_NOTE_ASYNC_DATA records that follow at
	 * once, three per record.  Queued all together or not at all. */
	IOKITFS_NOTE_ASYNC = 4,
	/* entry_id, argument, time_ns: words message, message+1, message+2. */
	IOKITFS_NOTE_ASYNC_DATA = 5,
};

#define IOKITFS_NOTE_FINAL 0x1u	/* the entry is gone; nothing more follows */

struct iokitfs_note {
	uint32_t kind;		/* enum iokitfs_note_kind */
	uint32_t sub;		/* subscription on this port */
	uint64_t entry_id;
	uint32_t message;	/* matching: 100/101/102; interest: IOMessage */
	uint32_t flags;		/* IOKITFS_NOTE_* */
	uint64_t argument;	/* interest: argument; overflow: events lost */
	uint64_t seq;		/* per port, from 1; gaps only after an overflow */
	uint64_t time_ns;	/* CLOCK_MONOTONIC when the registry changed */
};

_Static_assert(sizeof(struct iokitfs_note) == 48, "note size");

/* Events one port holds before it reports an overflow. */
#define IOKITFS_NOTIFY_QUEUE 65536

#endif
