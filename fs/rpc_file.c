/* MNT/.iokit/control (see rpc_file.h and docs/control-protocol.md): the
 * registry calls of libIOKit, as a message file (message_file.h). */
#include "rpc_file.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "ioreturn.h"
#include "message_file.h"
#include "notifier.h"
#include "notify_file.h"
#include "rpc.h"
#include "rpc_wire.h"
#include "stats.h"
#include "uc_file.h"
#include "value_binary.h"
#include "version.h"

/* One open of the control file: nothing but the message file. */
struct rpc_file {
	struct msg_file m;
};

static int rpc_file_destructor(struct rpc_file *f)
{
	msg_file_fini(&f->m);
	return 0;
}

static struct rpc_file *rpc_file_of(const struct fuse_file_info *fi)
{
	return (struct rpc_file *)(uintptr_t)fi->fh;
}

void rpc_file_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct rpc_file *f = talloc_zero(NULL, struct rpc_file);

	if (!f) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	msg_file_init(&f->m, FS_HANDLE_CONTROL, req, fs_of(req)->quota, IOKITFS_MAX_PAYLOAD);
	talloc_set_destructor(f, rpc_file_destructor);
	if (!msg_file_reply_open(req, fi, f))
		talloc_free(f);
}

void rpc_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi)
{
	msg_file_read(req, &rpc_file_of(fi)->m, size);
}

void rpc_file_write(fuse_req_t req, const char *buf, size_t size, struct fuse_file_info *fi)
{
	msg_file_write(req, &rpc_file_of(fi)->m, buf, size);
}

void rpc_file_close(struct fs_handle *h)
{
	talloc_free(h);
}

void rpc_file_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASE);
	rpc_file_close((struct fs_handle *)rpc_file_of(fi));
	fuse_reply_err(req, 0);
}

/* IOKITFS_OP_HELLO (proto/version.h). */
static int hello(struct iokitfs *fs, struct msg_call *call)
{
	struct iokitfs_hello peer, mine = {
		.magic = IOKITFS_HELLO_MAGIC,
		.version = IOKITFS_PROTO_VERSION,
		.min_version = IOKITFS_PROTO_MIN_VERSION,
		.flags = fs->read_only ? IOKITFS_HELLO_READ_ONLY : 0,
	};
	bool ok = false;

	if (call->in_len == sizeof(peer)) {
		memcpy(&peer, call->in, sizeof(peer));
		ok = peer.magic == IOKITFS_HELLO_MAGIC &&
		     peer.version >= IOKITFS_PROTO_MIN_VERSION &&
		     peer.version <= IOKITFS_PROTO_VERSION;
	}
	/* The answer travels either way, so the client can say what we speak:
	 * a mismatch is a success of the transport with a refusal inside. */
	call->out = talloc_memdup(call->ctx, &mine, sizeof(mine));
	if (!call->out)
		return REG_IO_NO_MEMORY;
	call->out_len = sizeof(mine);
	call->out_on_error = true;
	return ok ? REG_IO_SUCCESS : REG_IO_UNSUPPORTED;
}

/* One registry call: decode, run, encode. */
static int handle(struct msg_file *m, struct msg_call *call)
{
	struct iokitfs *fs = fs_of(call->req);
	struct reg_value *args = NULL;
	int ret;

	(void)m;
	if (call->op == IOKITFS_OP_HELLO)
		return hello(fs, call);
	fs_stats_count_rpc(fs->stats, call->op);
	if (call->in_len) {
		struct reg_parse_error err;

		args = reg_value_from_binary(call->ctx, call->in, call->in_len, &err);
		if (!args)
			return REG_IO_BAD_ARGUMENT;
	}
	ret = registry_rpc(call->ctx, fs->reg, call->op, args, &call->caller, &call->out,
			   &call->out_len);
	if (ret == REG_IO_SUCCESS && call->op == RPC_OP_SET_PROPERTIES)
		notifier_sync(fs->notifier);	/* listings and xattrs see it */
	return ret;
}

void fs_op_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg,
		 struct fuse_file_info *fi, unsigned flags, const void *in_buf,
		 size_t in_bufsz, size_t out_bufsz)
{
	(void)ino;
	(void)arg;
	switch (fs_handle_kind(fi)) {
	case FS_HANDLE_NOTIFY:
		notify_file_ioctl(req, cmd, fi, flags, in_buf, in_bufsz, out_bufsz);
		return;
	case FS_HANDLE_CONNECT:
		uc_file_ioctl(req, cmd, fi, flags, in_buf, in_bufsz, out_bufsz);
		return;
	case FS_HANDLE_CONTROL:
		msg_file_ioctl(req, &rpc_file_of(fi)->m, cmd, (unsigned int)IOKITFS_IOC_CALL, flags,
			       in_buf, in_bufsz, out_bufsz, handle, true);
		return;
	default:
		fs_stats_count(fs_of(req)->stats, FS_OP_IOCTL);
		fuse_reply_err(req, ENOTTY);
		return;
	}
}
