/* What connect.c and memory.c share: the state behind an io_connect_t
 * (PORT_KIND_CONNECTION) and one request on its file.  Not installed. */
#ifndef IOKITFS_LIB_IOKIT_CONNECT_INTERNAL_H
#define IOKITFS_LIB_IOKIT_CONNECT_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <IOKit/IOKitLib.h>

#include "port_table.h"

/* A mapping this process made (munmapped when the connection dies). */
struct iokit_mapping {
	uint32_t type;
	void *base;		/* what mmap returned (page aligned) */
	size_t length;		/* what was mmapped */
	uint64_t address;	/* what the caller got */
	uint64_t size;
};

struct iokit_conn {
	pthread_mutex_t lock;	/* one request at a time on fd */
	int fd;			/* MNT/.iokit/connect, one open per connection */
	uint64_t service_id;
	struct iokitfs_msg *msg;
	struct iokit_mapping *mappings;
	size_t nmappings;
	/* connect.c's list of live connections */
	struct iokit_conn *prev, *next;
	bool linked;
};

/* Holds connect (PORT_KIND_CONNECTION).  Same errors as port_table_hold. */
kern_return_t iokit_conn_hold(io_connect_t connect, struct port_hold *hold,
			      struct iokit_conn **conn);

/* One request: in (in_len bytes, staged when large) to op; the reply's
 * bytes are allocated on ctx (*out NULL when it had none).  Takes
 * conn->lock unless the caller holds it (locked).  Returns the IOReturn. */
kern_return_t iokit_conn_request(struct iokit_conn *conn, uint32_t op, const void *in,
				 size_t in_len, void *ctx, uint8_t **out, size_t *out_len);

/* Unmaps everything (memory.c); conn->lock held or conn unreachable. */
void iokit_conn_unmap_all(struct iokit_conn *conn);

#endif
