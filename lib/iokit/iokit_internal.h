/* What libIOKit's files share.  Not installed.
 *
 * Handles live in the Mach port table (lib/mach/port_table.h): registry
 * entries under PORT_KIND_REGISTRY_ENTRY keyed by registry ID (so the same
 * entry is the same name), iterators under PORT_KIND_ITERATOR.  An entry's
 * state caches what the daemon said about it (names in one plane, class),
 * so that names read from an iterator's entries cost no request. */
#ifndef IOKITFS_LIB_IOKIT_INTERNAL_H
#define IOKITFS_LIB_IOKIT_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <IOKit/IOKitLib.h>

#include "port_table.h"
#include "rpc_wire.h"
#include "value.h"

/* ---- transport.c ---- */

/* The mount libIOKit uses.  0, or -1 when there is none. */
int iokit_find_mount(char *out, size_t size);

/* Opens the control file if needed and checks the daemon's protocol
 * version (proto/version.h).  kIOReturnSuccess, kIOReturnNoDevice without
 * a mount, kIOReturnUnsupported for a mismatched daemon.  The connect and
 * notify files are opened only after it said yes. */
int iokit_check_daemon(void);

/* One request to the daemon.  *reply (may be NULL) is on ctx.  Returns the
 * IOReturn of the call, kIOReturnNoDevice without a mount. */
int iokit_call(void *ctx, uint32_t op, const struct reg_value *args, struct reg_value **reply);

/* ---- args.c: building requests, reading replies ---- */

struct reg_value *iokit_args_id(void *ctx, uint64_t id);
bool iokit_put_u64(struct reg_value *d, const char *key, uint64_t n);
bool iokit_put_string(struct reg_value *d, const char *key, const char *s);
bool iokit_put_bool(struct reg_value *d, const char *key, bool b);
bool iokit_get_u64(const struct reg_value *d, const char *key, uint64_t *out);
const char *iokit_get_string(const struct reg_value *d, const char *key);
bool iokit_get_bool(const struct reg_value *d, const char *key);
/* Copies s into a fixed buffer of size bytes (io_name_t, io_string_t),
 * cut to fit. */
void iokit_copy_name(char *dst, size_t size, const char *s);

/* ---- main_port.c ---- */

/* MACH_PORT_NULL or the main port: KERN_SUCCESS.  A dead or unknown name:
 * MACH_SEND_INVALID_DEST; another live name: kIOReturnNotPrivileged. */
kern_return_t iokit_check_main_port(mach_port_t port);

/* ---- entries (objects.c) ---- */

struct iokit_entry {
	pthread_mutex_t lock;
	uint64_t id;
	/* Cached info, all on this object (talloc); NULL: not known yet. */
	char *info_plane;	/* plane of name/location ("" for global) */
	char *name;		/* name in info_plane */
	char *location;		/* location in info_plane, NULL: none */
	char *global_name;
	char *class_name;
	char *class_override;
	char **superclasses;	/* nearest first, NULL-terminated */
	/* The volatile part of the last info seen (a listing, a match, a
	 * fetch): served once, to the first retain-count or busy-state
	 * question after it, then asked for again.  So a handle an iterator
	 * just returned answers from that snapshot, and nothing is ever
	 * older than the caller's own last request. */
	bool fresh_retain, fresh_state;
	/* The properties a match reply carried (IOServiceGetMatchingServices
	 * of a few services): likewise served once, to the first property
	 * question without a recursive search, then asked for again. */
	struct reg_value *props;
	bool fresh_props;
	bool service;
	uint64_t retain, state, busy, busy_time;
};

/* A name for entry id (+1 uref); info (may be NULL), an info dictionary
 * from the daemon for plane (NULL: global), refreshes its cache (its
 * "properties" move into the cache: iokit_entry_update). */
kern_return_t iokit_entry_name(uint64_t id, struct reg_value *info, const char *plane,
			       io_object_t *out);

/* Holds entry o (kinds: registry entries only). */
kern_return_t iokit_entry_hold(io_object_t o, struct port_hold *hold, struct iokit_entry **e);

/* Stores info (for plane) in e's cache.  Its "properties" dictionary, if
 * any, is moved (not copied) into the cache and taken out of info.  Takes
 * e->lock. */
void iokit_entry_update(struct iokit_entry *e, struct reg_value *info, const char *plane);

/* Refreshes e's cache with an ENTRY_INFO request for plane (NULL: global).
 * The reply's info is stored and also returned on ctx if info_out. */
kern_return_t iokit_entry_fetch(void *ctx, struct iokit_entry *e, const char *plane,
				const struct reg_value **info_out);

/* ---- iterators (iterators.c) ---- */

/* A snapshot iterator over ids (matching results, links); infos (may be
 * NULL) parallel to ids, for plane.  Takes ids and infos over (moved onto
 * the iterator: the caller's reply must not be used for them afterwards).
 * Returns KERN_SUCCESS and *out. */
kern_return_t iokit_list_iterator(struct reg_value *ids, struct reg_value *infos,
				  const char *plane, io_iterator_t *out);

/* ---- notifications (notifications.c) ---- */

/* Opens MNT/.iokit/notify (O_NONBLOCK); -1 without a mount. */
int iokit_notify_open(void);
/* One request on a notify descriptor (proto/notify_wire.h); *reply on
 * ctx. */
kern_return_t iokit_notify_call(int fd, void *ctx, uint32_t op, const struct reg_value *args,
				struct reg_value **reply);
/* Whether o is a notification object, and IOIteratorNext on one. */
bool iokit_notification_is(io_object_t o);
io_object_t iokit_notification_next(io_object_t o);

/* The daemon's id of the IONotificationPort whose wake port is wake_port
 * (for async calls).  MACH_SEND_INVALID_DEST / kIOReturnBadArgument as
 * port_table_hold for a bad name. */
kern_return_t iokit_notify_port_id(mach_port_t wake_port, uint64_t *id);

/* mach_msg's receive: waits (timeout_ms < 0: forever) until the receive
 * right's notify descriptor is readable.  KERN_SUCCESS, MACH_RCV_TIMED_OUT,
 * MACH_RCV_INVALID_NAME (not a live receive right), MACH_RCV_INTERRUPTED,
 * MACH_RCV_PORT_DIED (the daemon closed the descriptor). */
kern_return_t iokit_receive_wait(mach_port_t name, int timeout_ms);

/* The notify descriptor behind a receive right (attached the first time,
 * as for a wake port), or -1 for a name that is not a live receive right or
 * when no mount can be opened.  The descriptor stays the right's. */
int iokit_receive_right_fd(mach_port_t name);

#endif
