/* MNT/.iokit/control (see rpc_file.h and docs/control-protocol.md). */
#include "rpc_file.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <talloc.h>

#include "ioreturn.h"
#include "notifier.h"
#include "notify_file.h"
#include "rpc.h"
#include "rpc_wire.h"
#include "stats.h"
#include "uc_file.h"
#include "value_binary.h"
#include "version.h"

/* One open of the control file.  The lock keeps a reply and the read()s
 * that fetch its rest together when threads share the descriptor (libIOKit
 * serialises its own calls; this protects the daemon from anyone else). */
struct rpc_file {
	pthread_mutex_t lock;
	uint8_t *staged;	/* request bytes written so far */
	size_t staged_len;
	bool staged_too_large;	/* a write went past IOKITFS_MAX_PAYLOAD */
	uint8_t *reply;		/* encoded reply of the last call */
	size_t reply_len;
	size_t reply_off;	/* bytes of it already delivered */
};

static int rpc_file_destructor(struct rpc_file *f)
{
	pthread_mutex_destroy(&f->lock);
	return 0;
}

static struct rpc_file *rpc_file_of(const struct fuse_file_info *fi)
{
	return (struct rpc_file *)(uintptr_t)fi->fh;
}

bool rpc_file_owns(const struct fuse_file_info *fi)
{
	/* Every fh of the daemon is a talloc pointer; the type name tells
	 * ours from ops_file.c's. */
	return fi && fi->fh && talloc_check_name(rpc_file_of(fi), "struct rpc_file") != NULL;
}

void rpc_file_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct rpc_file *f = talloc_zero(NULL, struct rpc_file);

	if (!f) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pthread_mutex_init(&f->lock, NULL);
	talloc_set_destructor(f, rpc_file_destructor);
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->nonseekable = 1;
	fi->noflush = 1;
	if (fuse_reply_open(req, fi) != 0)
		talloc_free(f);
}

static void drop_reply(struct rpc_file *f)
{
	TALLOC_FREE(f->reply);
	f->reply_len = f->reply_off = 0;
}

static void drop_staged(struct rpc_file *f)
{
	TALLOC_FREE(f->staged);
	f->staged_len = 0;
	f->staged_too_large = false;
}

/* The rest of the last reply, in order; offsets mean nothing here. */
void rpc_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi)
{
	struct rpc_file *f = rpc_file_of(fi);
	size_t n;

	fs_stats_count(fs_of(req)->stats, FS_OP_READ);
	pthread_mutex_lock(&f->lock);
	n = f->reply_len - f->reply_off;
	if (n > size)
		n = size;
	fuse_reply_buf(req, n ? (const char *)f->reply + f->reply_off : NULL, n);
	f->reply_off += n;
	if (f->reply_off == f->reply_len)
		drop_reply(f);
	pthread_mutex_unlock(&f->lock);
}

/* Appends to the staged request.  Called with f->lock held.  Returns 0 or
 * a positive errno (EFBIG past IOKITFS_MAX_PAYLOAD: remembered, so the call
 * that follows says kIOReturnMessageTooLarge). */
static int stage(struct rpc_file *f, const void *buf, size_t size)
{
	uint8_t *grown;

	if (f->staged_too_large || size > IOKITFS_MAX_PAYLOAD - f->staged_len) {
		f->staged_too_large = true;
		TALLOC_FREE(f->staged);
		f->staged_len = 0;
		return EFBIG;
	}
	grown = talloc_realloc(f, f->staged, uint8_t, f->staged_len + size + 1);
	if (!grown)
		return ENOMEM;
	memcpy(grown + f->staged_len, buf, size);
	f->staged = grown;
	f->staged_len += size;
	return 0;
}

void rpc_file_write(fuse_req_t req, const char *buf, size_t size, struct fuse_file_info *fi)
{
	struct rpc_file *f = rpc_file_of(fi);
	int err;

	fs_stats_count(fs_of(req)->stats, FS_OP_WRITE);
	pthread_mutex_lock(&f->lock);
	err = stage(f, buf, size);
	pthread_mutex_unlock(&f->lock);
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_write(req, size);
}

void rpc_file_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASE);
	talloc_free(rpc_file_of(fi));
	fuse_reply_err(req, 0);
}

/* Decodes the request in msg (or the staged one), runs it, and fills msg
 * with the reply's first part.  Called with f->lock held.  Returns the
 * IOReturn for msg->result. */
static int run_call(struct iokitfs *fs, struct rpc_file *f, const struct reg_caller *caller,
		    struct iokitfs_msg *msg)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *args = NULL, *reply = NULL;
	const uint8_t *payload = msg->data;
	size_t payload_len = msg->length;
	uint8_t *encoded;
	size_t encoded_len = 0;
	int ret;

	if (!tmp)
		return REG_IO_NO_MEMORY;
	if (msg->length == 0 && msg->total > 0) {
		if (f->staged_too_large) {
			ret = REG_IO_MESSAGE_TOO_LARGE;
			goto out;
		}
		if (f->staged_len != msg->total) {
			ret = REG_IO_BAD_ARGUMENT;
			goto out;
		}
		payload = f->staged;
		payload_len = f->staged_len;
	} else if (msg->length > IOKITFS_MSG_DATA) {
		ret = REG_IO_BAD_ARGUMENT;
		goto out;
	}
	if (payload_len) {
		struct reg_parse_error err;

		args = reg_value_from_binary(tmp, payload, payload_len, &err);
		if (!args) {
			ret = REG_IO_BAD_ARGUMENT;
			goto out;
		}
	}
	msg->length = msg->total = 0;	/* from here on msg is the reply */
	ret = registry_rpc(tmp, fs->reg, msg->op, args, caller, &reply);
	if (ret == REG_IO_SUCCESS && msg->op == RPC_OP_SET_PROPERTIES)
		notifier_sync(fs->notifier);	/* listings and xattrs see it */
	if (reply) {
		encoded = reg_value_to_binary(tmp, reply, &encoded_len);
		if (!encoded) {
			ret = REG_IO_NO_MEMORY;
			goto out;
		}
		msg->total = (uint32_t)encoded_len;
		msg->length = encoded_len < IOKITFS_MSG_DATA ? (uint32_t)encoded_len
							     : IOKITFS_MSG_DATA;
		memcpy(msg->data, encoded, msg->length);
		if (encoded_len > msg->length) {
			f->reply = talloc_steal(f, encoded);
			f->reply_len = encoded_len;
			f->reply_off = msg->length;
		}
	}
out:
	drop_staged(f);
	talloc_free(tmp);
	return ret;
}

static bool is_hello(const void *in_buf, size_t in_bufsz)
{
	uint32_t op;

	if (in_bufsz < sizeof(op))
		return false;
	memcpy(&op, in_buf, sizeof(op));
	return op == IOKITFS_OP_HELLO;
}

void fs_op_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg,
		 struct fuse_file_info *fi, unsigned flags, const void *in_buf,
		 size_t in_bufsz, size_t out_bufsz)
{
	struct iokitfs *fs = fs_of(req);
	const struct fuse_ctx *c = fuse_req_ctx(req);
	struct reg_caller caller = { .uid = c->uid, .gid = c->gid, .pid = c->pid };
	struct iokitfs_msg *msg;
	struct rpc_file *f;

	(void)ino;
	(void)arg;
	if (notify_file_owns(fi)) {
		notify_file_ioctl(req, cmd, fi, flags, in_buf, in_bufsz, out_bufsz);
		return;
	}
	if (uc_file_owns(fi)) {
		uc_file_ioctl(req, cmd, fi, flags, in_buf, in_bufsz, out_bufsz);
		return;
	}
	/* The version handshake is the transport's, not a call: uncounted. */
	if (!is_hello(in_buf, in_bufsz))
		fs_stats_count(fs->stats, FS_OP_IOCTL);
	if (!rpc_file_owns(fi) || cmd != (unsigned int)IOKITFS_IOC_CALL) {
		fuse_reply_err(req, ENOTTY);
		return;
	}
	/* 32-bit callers would need their own layout check; there are none
	 * to serve. */
	if (flags & FUSE_IOCTL_COMPAT) {
		fuse_reply_err(req, ENOSYS);
		return;
	}
	if (in_bufsz != sizeof(*msg) || out_bufsz != sizeof(*msg)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	msg = talloc_size(NULL, sizeof(*msg));
	if (!msg) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	memcpy(msg, in_buf, sizeof(*msg));
	f = rpc_file_of(fi);
	pthread_mutex_lock(&f->lock);
	drop_reply(f);		/* a new call forgets the last reply's rest */
	if (msg->op == IOKITFS_OP_HELLO) {
		struct iokitfs_hello peer, mine = {
			.magic = IOKITFS_HELLO_MAGIC,
			.version = IOKITFS_PROTO_VERSION,
			.min_version = IOKITFS_PROTO_MIN_VERSION,
			.flags = fs->read_only ? IOKITFS_HELLO_READ_ONLY : 0,
		};

		memcpy(&peer, msg->data, sizeof(peer));
		msg->result = msg->length == sizeof(peer) && peer.magic == IOKITFS_HELLO_MAGIC &&
					      peer.version >= IOKITFS_PROTO_MIN_VERSION &&
					      peer.version <= IOKITFS_PROTO_VERSION
				      ? REG_IO_SUCCESS
				      : REG_IO_UNSUPPORTED;
		memcpy(msg->data, &mine, sizeof(mine));
		msg->length = msg->total = sizeof(mine);
	} else if (msg->op == IOKITFS_OP_STAGE) {
		int err = msg->length <= IOKITFS_MSG_DATA ? stage(f, msg->data, msg->length)
							  : EINVAL;

		msg->result = err == EFBIG ? REG_IO_MESSAGE_TOO_LARGE
			    : err == ENOMEM ? REG_IO_NO_MEMORY
			    : err ? REG_IO_BAD_ARGUMENT : REG_IO_SUCCESS;
		msg->length = msg->total = 0;
	} else {
		fs_stats_count_rpc(fs->stats, msg->op);
		msg->result = run_call(fs, f, &caller, msg);
		if (msg->result != REG_IO_SUCCESS) {
			drop_reply(f);
			msg->length = msg->total = 0;
		}
	}
	pthread_mutex_unlock(&f->lock);
	/* Only the header and the used part of data[] need to travel... but
	 * a restricted ioctl copies out exactly out_bufsz bytes. */
	fuse_reply_ioctl(req, 0, msg, sizeof(*msg));
	talloc_free(msg);
}
