/* MNT/.iokit/notify and MNT/.iokit/watch: notification ports and the
 * event stream for shell users (docs/notifications.md).
 *
 * The hub's registry listener (called under the registry's write lock)
 * filters every change through each open port's subscriptions
 * (registry/notify_filter.h) and appends what they hear to the port's
 * bounded queue; nothing there waits.  Readers that wait are woken, and
 * parked read requests answered, from the notifier thread
 * (notifier_defer), never from a handler. */
#ifndef IOKITFS_FS_NOTIFY_FILE_H
#define IOKITFS_FS_NOTIFY_FILE_H

struct fs_handle;
#include <stdbool.h>

#include "ops.h"

struct notify_hub;

/* Registers the listener.  NULL on failure. */
struct notify_hub *notify_hub_start(void *ctx, struct iokitfs *fs);
/* Unregisters and answers every parked read.  Safe with NULL. */
void notify_hub_stop(struct notify_hub *hub);

struct reg_uc_async;
/* Does port_id name an open notification port of process pid? */
bool notify_hub_port_valid(struct notify_hub *hub, uint64_t port_id, pid_t pid);
/* Queues an async completion on port ref->port of process pid and wakes
 * its reader.  Must not be called with a port or hub lock held.  Returns
 * an IOReturn: kIOReturnNotFound for no such port, kIOReturnNoSpace when
 * its queue is full. */
int notify_hub_post_async(struct notify_hub *hub, pid_t pid, const struct reg_uc_async *ref,
			  int result, const uint64_t *args, uint32_t nargs);

/* Opens a port (FS_NOTIFY) or a watch stream (FS_WATCH). */
void notify_file_open(fuse_req_t req, enum fs_kind kind, struct fuse_file_info *fi);
void notify_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi);
void notify_file_release(fuse_req_t req, struct fuse_file_info *fi);
/* The release without a request (a handle left when the session ended). */
void notify_file_close(struct iokitfs *fs, struct fs_handle *h);
void notify_file_ioctl(fuse_req_t req, unsigned int cmd, struct fuse_file_info *fi,
		       unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz);

/* The daemon's poll handler: notification files say POLLIN while events
 * are queued; every other file is always ready. */
void fs_op_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
		struct fuse_pollhandle *ph);

#endif
