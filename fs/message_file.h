/* Message files: the one request/reply layer under every control file of
 * the daemon (.iokit/control, .iokit/connect, .iokit/notify and watch).
 *
 * A message file is an open file whose ioctl carries a struct iokitfs_msg
 * (proto/rpc_wire.h) to a kind-specific handler and back.  This layer does
 * everything around the handler, the same way for every kind:
 *   - the tag (struct fs_handle) and the per-open lock;
 *   - the opener's credentials (uid, gid, thread-group id of the FUSE
 *     request that opened it) and each request's own (msg_call.caller,
 *     straight from the kernel: pid there is the calling thread);
 *   - the ioctl's checks (command, 32-bit callers, buffer sizes);
 *   - staging of requests too large for one message (write() or
 *     IOKITFS_OP_STAGE ioctls) up to the kind's per-open cap, and the rest
 *     of replies too large for one message, read() afterwards;
 *   - per-uid quotas (quota.h): staged and pending-reply bytes, and
 *     requests in flight (kIOReturnBusy past it).  A handler whose reply
 *     length is known beforehand reserves it (msg_call_reserve_reply)
 *     before building it, so a user's staged bytes never pass the quota;
 *     other replies are charged once built, before they are kept.
 * A new control file gets all of that by embedding struct msg_file first
 * in its per-open state and passing its handler to msg_file_ioctl.
 *
 * Ownership: the embedding struct is a talloc object owned by the open
 * file (fi->fh) and freed at release; its destructor calls msg_file_fini.
 * Locking: m->lock is held while the handler runs (one request per open
 * at a time, and a reply's rest stays with the descriptor that asked).
 * Error convention: handlers return an IOReturn (it travels in
 * msg->result); errors of the FUSE request itself are -errno. */
#ifndef IOKITFS_FS_MESSAGE_FILE_H
#define IOKITFS_FS_MESSAGE_FILE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "handle.h"

struct fs_quota;
struct iokitfs_msg;

struct msg_file {
	struct fs_handle h;
	pthread_mutex_t lock;
	struct fs_quota *quota;		/* NULL: no limits */
	struct reg_caller opener;	/* pid is the thread group */
	size_t stage_max;		/* per-open cap on a staged request */
	uint8_t *staged;		/* request bytes written so far */
	size_t staged_len;
	bool staged_refused;		/* past the cap or the quota: remembered */
	int staged_error;		/* its IOReturn */
	uint8_t *reply;			/* the rest of the last reply */
	size_t reply_len;
	size_t reply_off;
	size_t reserved;		/* reply bytes a running handler reserved */
	size_t charged;			/* staged quota held (staged + reply +
					 * reserved bytes) */
};

/* One request as the handler sees it. */
struct msg_call {
	fuse_req_t req;
	struct reg_caller caller;	/* this request's; pid is the calling thread */
	uint32_t op;
	const uint8_t *in;		/* the payload (inline or staged) */
	size_t in_len;
	void *ctx;			/* the reply and scratch go here */
	uint8_t *out;			/* the handler's reply payload, on ctx */
	size_t out_len;
	bool out_on_error;		/* send out (one message at most) with a failure too */
};

/* Runs one request (m->lock held).  Returns an IOReturn. */
typedef int (*msg_handler)(struct msg_file *m, struct msg_call *call);

/* For a handler that knows how long its reply can be before building it:
 * reserves the part of max_len that would stay for read() (beyond the
 * first message) against the opener's staged quota, on top of the request
 * itself, which is still charged.  The reservation becomes the kept reply's
 * charge, or is given back when the request ends.  Returns
 * kIOReturnNoResources (nothing built yet, nothing reserved) past the
 * quota.  m->lock held (handlers run with it). */
int msg_call_reserve_reply(struct msg_file *m, size_t max_len);

/* Sets up m (embedded in a zeroed talloc object) for the request opening
 * it: kind, the opener's credentials, quota, cap. */
void msg_file_init(struct msg_file *m, enum fs_handle_kind kind, fuse_req_t req,
		   struct fs_quota *quota, size_t stage_max);
/* The same without a FUSE request (tests; init calls it). */
void msg_file_setup(struct msg_file *m, enum fs_handle_kind kind,
		    const struct reg_caller *opener, struct fs_quota *quota, size_t stage_max);
/* Releases what m holds (staged bytes, reply, quota, lock). */
void msg_file_fini(struct msg_file *m);

/* Sets the open flags message files use (direct_io, nonseekable,
 * noflush) and replies to the open; false when the kernel did not take it
 * (then no release comes: the caller frees its state). */
bool msg_file_reply_open(fuse_req_t req, struct fuse_file_info *fi, void *state);

/* read(): the rest of the last reply, in order. */
void msg_file_read(fuse_req_t req, struct msg_file *m, size_t size);
/* write(): appends to the staged request. */
void msg_file_write(fuse_req_t req, struct msg_file *m, const char *buf, size_t size);
/* The ioctl: checks, staging, quotas, the handler, the reply (a reply
 * longer than one message keeps its rest for read() when long_replies,
 * else is kIOReturnNoSpace). */
void msg_file_ioctl(fuse_req_t req, struct msg_file *m, unsigned int cmd, unsigned int want_cmd,
		    unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz,
		    msg_handler handler, bool long_replies);

/* The FUSE-free core, m->lock held (unit-tested on its own):
 * msg_file_stage appends to the staged request, returns an IOReturn:
 * kIOReturnMessageTooLarge past stage_max, kIOReturnNoResources past the
 * opener's staged quota (both remembered until the staged request is
 * dropped, so nothing half-staged runs); msg_file_keep_reply keeps the
 * rest of a reply of out_len bytes whose first sent went out (steals out
 * onto m), charged to the same quota (kIOReturnNoResources past it);
 * msg_file_reply_rest points at up to size bytes of that rest and
 * msg_file_reply_consumed moves past n of them (dropping the reply at its
 * end); the drop functions forget and give the quota back. */
int msg_file_stage(struct msg_file *m, const void *buf, size_t size);
/* Runs the request in msg (inline or staged) through handler for caller
 * (the FUSE request's credentials; req is passed on to the handler and may
 * be NULL in tests), then turns msg into its reply: the first message in
 * msg, the rest kept when long_replies (else kIOReturnNoSpace).  ctx holds
 * the handler's scratch and reply. */
void msg_file_run(struct msg_file *m, fuse_req_t req, const struct reg_caller *caller,
		  struct iokitfs_msg *msg, void *ctx, msg_handler handler, bool long_replies);
int msg_file_keep_reply(struct msg_file *m, uint8_t *out, size_t out_len, size_t sent);
size_t msg_file_reply_rest(struct msg_file *m, size_t size, const uint8_t **bytes);
void msg_file_reply_consumed(struct msg_file *m, size_t n);
void msg_file_drop_staged(struct msg_file *m);
void msg_file_drop_reply(struct msg_file *m);

/* The thread group (process) of a thread id, from /proc; tid itself when
 * unreadable.  Connections and ports belong to processes. */
pid_t msg_thread_group(pid_t tid);

#endif
