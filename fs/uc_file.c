/* MNT/.iokit/connect (see uc_file.h and proto/uc_wire.h). */
#include "uc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <talloc.h>
#include <unistd.h>

#include "ioreturn.h"
#include "notifier.h"
#include "message_file.h"
#include "notify_file.h"
#include "quota.h"
#include "stats.h"
#include "uc_table.h"
#include "uc_wire.h"
#include "user_client.h"
#include "value_binary.h"

/* Structures go up to REG_UC_STRUCT_MAX, plus the header and scalars. */
#define UC_STAGE_MAX (REG_UC_STRUCT_MAX + 4096u)

/* One open of the connection file: a message file (message_file.h) and
 * the connection it opened. */
struct uc_file {
	struct msg_file m;		/* first: the tagged handle */
	struct reg_connection *conn;	/* NULL until UC_OP_OPEN */
	bool conn_charged;		/* holds one of m.opener's connection quota */
	uid_t conn_uid;
	struct fs_quota *quota;
	uint64_t table_row;	/* in .iokit/connections (uc_table.h), or 0 */
	struct notify_hub *notify;	/* where async completions go */
	/* IOConnectSetNotificationPort (registerNotificationPort) */
	struct uc_notification_port notification_port;
};

/* ---- memory hand-over (proto/uc_wire.h) ---- */

/* Sends fd to the abstract socket name if its listener is process pid of
 * user uid.  Never waits: a non-blocking connect (a full backlog is
 * EAGAIN), then one non-blocking send into the fresh connection's empty
 * buffer.  Returns an IOReturn. */
static int hand_over(const char *name, pid_t pid, uid_t uid, int fd)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = strnlen(name, UC_SOCKET_NAME_MAX);
	struct ucred cred;
	socklen_t cred_len = sizeof(cred);
	uint8_t status = 0;
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &status, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int sock, ret = REG_IO_IPC_ERROR;

	if (len == 0 || len >= UC_SOCKET_NAME_MAX || len > sizeof(addr.sun_path) - 1)
		return REG_IO_BAD_ARGUMENT;
	memcpy(addr.sun_path + 1, name, len);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (sock < 0)
		return REG_IO_NO_RESOURCES;
	if (connect(sock, (struct sockaddr *)&addr,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0)
		goto out;
	/* The listener's credentials, recorded when it called listen(). */
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) != 0 ||
	    cred.pid != pid || cred.uid != uid) {
		ret = REG_IO_NOT_PERMITTED;
		goto out;
	}
	cm = CMSG_FIRSTHDR(&mh);
	if (!cm)
		goto out;
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	if (sendmsg(sock, &mh, MSG_DONTWAIT | MSG_NOSIGNAL) == 1)
		ret = REG_IO_SUCCESS;
out:
	close(sock);
	return ret;
}

static int uc_file_destructor(struct uc_file *f)
{
	/* The last reference went: an open connection's process closed the
	 * file or died without IOServiceClose (reg_connection_died runs
	 * close when the driver has no died op). */
	if (f->conn && !f->conn->closed)
		(void)reg_connection_died(f->conn);
	uc_table_remove(f->table_row);
	TALLOC_FREE(f->conn);
	if (f->conn_charged)
		fs_quota_give(f->quota, f->conn_uid, FS_QUOTA_CONNS, 1);
	msg_file_fini(&f->m);
	return 0;
}

static struct uc_file *uc_file_of(const struct fuse_file_info *fi)
{
	return (struct uc_file *)(uintptr_t)fi->fh;
}

void uc_file_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct uc_file *f = talloc_zero(NULL, struct uc_file);

	if (!f) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	msg_file_init(&f->m, FS_HANDLE_CONNECT, req, fs_of(req)->quota, UC_STAGE_MAX);
	f->quota = fs_of(req)->quota;
	talloc_set_destructor(f, uc_file_destructor);
	if (!msg_file_reply_open(req, fi, f))
		talloc_free(f);
}


void uc_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi)
{
	msg_file_read(req, &uc_file_of(fi)->m, size);
}

void uc_file_write(fuse_req_t req, const char *buf, size_t size, struct fuse_file_info *fi)
{
	msg_file_write(req, &uc_file_of(fi)->m, buf, size);
}

void uc_file_close(struct fs_handle *h)
{
	talloc_free(h);
}

void uc_file_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASE);
	uc_file_close((struct fs_handle *)uc_file_of(fi));
	fuse_reply_err(req, 0);
}

/* What a call gives back: payload on ctx (the reply's bytes). */
struct uc_out {
	void *ctx;
	uint8_t *bytes;
	size_t len;
};

/* The connection's reg_uc_async_hook: queues the completion on the
 * caller's notification port. */
static int post_async(void *data, struct reg_connection *conn, const struct reg_uc_async *ref,
		      int result, const uint64_t *args, uint32_t nargs)
{
	struct uc_file *f = data;

	return notify_hub_post_async(f->notify, conn->caller.pid, ref, result, args, nargs);
}

static int do_open(struct uc_file *f, const struct reg_caller *c, struct iokitfs *fs,
		   const uint8_t *in, size_t len)
{
	struct uc_open o;
	struct reg_caller caller = *c;
	int ret;

	if (len != sizeof(o))
		return REG_IO_BAD_ARGUMENT;
	if (f->conn)
		return REG_IO_EXCLUSIVE_ACCESS;	/* one connection per open */
	memcpy(&o, in, sizeof(o));
	caller.pid = msg_thread_group(c->pid);
	if (!fs_quota_take(fs->quota, caller.uid, FS_QUOTA_CONNS, 1))
		return REG_IO_NO_RESOURCES;
	ret = reg_service_open(f, fs->reg, o.service_id, o.type, &caller, &f->conn);
	if (ret != REG_IO_SUCCESS) {
		fs_quota_give(fs->quota, caller.uid, FS_QUOTA_CONNS, 1);
	} else {
		f->conn_charged = true;
		f->conn_uid = caller.uid;
		f->table_row = uc_table_add(f->conn);
		f->notify = fs->notify;
		reg_connection_set_async_hook(f->conn, post_async, f);
	}
	return ret;
}

static int do_call(struct uc_file *f, const uint8_t *in, size_t len, struct uc_out *out)
{
	struct uc_call h;
	uint64_t scalars_in[REG_UC_SCALAR_MAX], scalars_out[REG_UC_SCALAR_MAX];
	uint32_t out_count;
	size_t struct_out_size = 0;
	void *struct_out = NULL, *var_out = NULL;
	const void *struct_in;
	struct uc_async_ref wire_ref;
	struct reg_uc_async async = { 0 };
	size_t need;
	int ret;

	if (len < sizeof(h))
		return REG_IO_BAD_ARGUMENT;
	memcpy(&h, in, sizeof(h));
	if (h.flags & UC_CALL_ASYNC) {
		if (len < sizeof(h) + sizeof(wire_ref))
			return REG_IO_BAD_ARGUMENT;
		memcpy(&wire_ref, in + sizeof(h), sizeof(wire_ref));
		if (wire_ref.reference_count < 1 ||
		    wire_ref.reference_count > REG_UC_ASYNC_REF_MAX)
			return REG_IO_BAD_ARGUMENT;
		if (!notify_hub_port_valid(f->notify, wire_ref.port, f->conn->caller.pid))
			return REG_IO_BAD_ARGUMENT;
		async.port = wire_ref.port;
		async.reference_count = wire_ref.reference_count;
		memcpy(async.reference, wire_ref.reference,
		       wire_ref.reference_count * sizeof(async.reference[0]));
		/* The rest reads as a synchronous call. */
		in += sizeof(wire_ref);
		len -= sizeof(wire_ref);
	}
	if (h.scalar_input_count > REG_UC_SCALAR_MAX || h.scalar_output_count > REG_UC_SCALAR_MAX)
		return REG_IO_BAD_ARGUMENT;
	if (h.struct_input_size > REG_UC_STRUCT_MAX ||
	    (!(h.flags & UC_CALL_VAR_OUTPUT) && h.struct_output_size > REG_UC_STRUCT_MAX))
		return REG_IO_MESSAGE_TOO_LARGE;
	need = sizeof(h) + h.scalar_input_count * sizeof(uint64_t) + h.struct_input_size;
	if (len != need)
		return REG_IO_BAD_ARGUMENT;
	memcpy(scalars_in, in + sizeof(h), h.scalar_input_count * sizeof(uint64_t));
	struct_in = h.struct_input_size ? in + sizeof(h) + h.scalar_input_count * 8 : NULL;
	out_count = h.scalar_output_count;
	if (h.flags & UC_CALL_VAR_OUTPUT) {
		struct_out = &var_out;
		struct_out_size = REG_UC_VAR_OUTPUT_SIZE;
	} else if (h.flags & UC_CALL_STRUCT_OUTPUT) {
		struct_out_size = h.struct_output_size;
	}
	if (!(h.flags & UC_CALL_VAR_OUTPUT)) {
		/* The reply's length is known: its room is reserved against the
		 * opener's staged quota before anything is built, and the
		 * driver writes the structure in place (the scalars the driver
		 * leaves out close the gap afterwards). */
		size_t max = sizeof(h) + (size_t)h.scalar_output_count * sizeof(uint64_t) +
			     ((h.flags & UC_CALL_STRUCT_OUTPUT) ? struct_out_size : 0);

		ret = msg_call_reserve_reply(&f->m, max);
		if (ret != REG_IO_SUCCESS)
			return ret;
		out->bytes = talloc_zero_size(out->ctx, max);
		if (!out->bytes)
			return REG_IO_NO_MEMORY;
		if ((h.flags & UC_CALL_STRUCT_OUTPUT) && struct_out_size)
			struct_out = out->bytes + sizeof(h) +
				     (size_t)h.scalar_output_count * sizeof(uint64_t);
	}
	ret = reg_connection_call_method_async(f->conn, h.selector,
					 (h.flags & UC_CALL_ASYNC) ? &async : NULL,
					 h.scalar_input_count ? scalars_in : NULL,
					 h.scalar_input_count,
					 struct_in, h.struct_input_size,
					 (h.flags & UC_CALL_SCALAR_OUTPUT) ? scalars_out : NULL,
					 (h.flags & UC_CALL_SCALAR_OUTPUT) ? &out_count : NULL,
					 struct_out,
					 (h.flags & (UC_CALL_STRUCT_OUTPUT | UC_CALL_VAR_OUTPUT))
						 ? &struct_out_size : NULL,
					 out->ctx);
	if (ret != REG_IO_SUCCESS)
		return ret;
	if (h.flags & UC_CALL_VAR_OUTPUT)
		struct_out = var_out;
	if (!(h.flags & UC_CALL_SCALAR_OUTPUT))
		out_count = 0;
	if (!(h.flags & (UC_CALL_STRUCT_OUTPUT | UC_CALL_VAR_OUTPUT)))
		struct_out_size = 0;
	out->len = sizeof(h) + out_count * sizeof(uint64_t) + struct_out_size;
	if (h.flags & UC_CALL_VAR_OUTPUT) {
		/* The driver's answer exists already; its copy is charged
		 * before it is made. */
		ret = msg_call_reserve_reply(&f->m, out->len);
		if (ret != REG_IO_SUCCESS)
			return ret;
		out->bytes = talloc_size(out->ctx, out->len);
		if (!out->bytes)
			return REG_IO_NO_MEMORY;
		if (struct_out_size)
			memcpy(out->bytes + sizeof(h) + out_count * sizeof(uint64_t), struct_out,
			       struct_out_size);
	} else if (struct_out_size && out_count < h.scalar_output_count) {
		memmove(out->bytes + sizeof(h) + out_count * sizeof(uint64_t), struct_out,
			struct_out_size);
	}
	h.scalar_output_count = out_count;
	h.struct_output_size = struct_out_size;
	memcpy(out->bytes, &h, sizeof(h));
	memcpy(out->bytes + sizeof(h), scalars_out, out_count * sizeof(uint64_t));
	return REG_IO_SUCCESS;
}

static int do_map(struct uc_file *f, struct iokitfs *fs, const uint8_t *in, size_t len,
		  struct uc_out *out)
{
	struct uc_map m;
	struct uc_map_reply r = { 0 };
	struct reg_uc_map_result res;
	int fd, ret;

	if (len != sizeof(m))
		return REG_IO_BAD_ARGUMENT;
	memcpy(&m, in, sizeof(m));
	ret = reg_connection_map_memory(out->ctx, f->conn, m.type, m.options, &res);
	if (ret != REG_IO_SUCCESS)
		return ret;
	fd = res.fd;
	if (fd >= 0) {
		/* Shell users reach it too (uc_table.h). */
		int own = fcntl(fd, F_DUPFD_CLOEXEC, 0);

		if (own >= 0)
			uc_table_add_region(f->table_row, m.type, own, res.offset, res.size,
					    res.options & REG_MAP_READ_ONLY);
	}
	if (fd >= 0 && (res.options & REG_MAP_READ_ONLY)) {
		/* A read-only open of the same memory, so that the client
		 * cannot mprotect its mapping writable.  The client can
		 * still reopen /proc/self/fd/N itself, which checks only the
		 * inode's permissions: a driver's anonymous memory (a memfd
		 * is created 0777) must first refuse writes to anyone but the
		 * daemon's user (root, or the mount's owner: privileged). */
		char path[64];
		struct stat st;
		int ro;

		if (fstat(fd, &st) != 0 ||
		    (S_ISREG(st.st_mode) && (st.st_mode & (S_IWGRP | S_IWOTH)) &&
		     fchmod(fd, st.st_mode & 07755) != 0)) {
			close(fd);
			return REG_IO_NO_RESOURCES;
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		ro = open(path, O_RDONLY | O_CLOEXEC);
		close(fd);
		if (ro < 0)
			return REG_IO_NO_RESOURCES;
		fd = ro;
	}
	if (fd < 0) {
		/* A device file: the daemon opens it, the client may not be
		 * allowed to. */
		fd = open(res.path, ((res.options & REG_MAP_READ_ONLY) ? O_RDONLY : O_RDWR) |
				    O_CLOEXEC);
		if (fd < 0)
			return REG_IO_BAD_ARGUMENT;
	}
	ret = hand_over(m.socket_name, f->conn->caller.pid, f->conn->caller.uid, fd);
	close(fd);
	if (ret != REG_IO_SUCCESS)
		return ret;
	r.offset = res.offset;
	r.size = res.size;
	r.options = res.options;
	out->bytes = talloc_memdup(out->ctx, &r, sizeof(r));
	out->len = sizeof(r);
	return out->bytes ? REG_IO_SUCCESS : REG_IO_NO_MEMORY;
}

/* Runs one request.  f->lock held. */
static int run_op(struct iokitfs *fs, struct uc_file *f, const struct reg_caller *caller,
		  uint32_t op, const uint8_t *in, size_t len, struct uc_out *out)
{
	struct uc_mapping m;

	if (op == UC_OP_OPEN)
		return do_open(f, caller, fs, in, len);
	if (!f->conn)
		return REG_IO_NOT_OPEN;
	switch (op) {
	case UC_OP_CLOSE:
		uc_table_remove(f->table_row);
		f->table_row = 0;
		return reg_connection_close(f->conn);
	case UC_OP_CALL:
		return do_call(f, in, len, out);
	case UC_OP_MAP:
		return do_map(f, fs, in, len, out);
	case UC_OP_NOTE_MAPPING:
	case UC_OP_UNMAP:
		if (len != sizeof(m))
			return REG_IO_BAD_ARGUMENT;
		memcpy(&m, in, sizeof(m));
		if (op == UC_OP_UNMAP)
			return reg_connection_unmap_memory(f->conn, m.type, m.address);
		return reg_connection_note_mapping(f->conn, m.type, m.address, m.size);
	case UC_OP_SET_PROPERTIES: {
		struct reg_parse_error err;
		struct reg_value *props = reg_value_from_binary(out->ctx, in, len, &err);
		int ret;

		if (!props)
			return REG_IO_BAD_ARGUMENT;
		ret = reg_connection_set_properties(f->conn, props);
		if (ret == REG_IO_SUCCESS)
			notifier_sync(fs->notifier);
		return ret;
	}
	case UC_OP_SET_NOTIFICATION_PORT: {
		struct uc_notification_port np;

		if (len != sizeof(np))
			return REG_IO_BAD_ARGUMENT;
		memcpy(&np, in, sizeof(np));
		if (f->conn->closed)
			return REG_IO_NOT_OPEN;
		if (np.port && !notify_hub_port_valid(fs->notify, np.port, f->conn->caller.pid))
			return REG_IO_BAD_ARGUMENT;
		/* Our drivers send no registerNotificationPort messages of
		 * their own; async calls name their port per call. */
		f->notification_port = np;
		return REG_IO_SUCCESS;
	}
	case UC_OP_GET_SERVICE: {
		uint64_t id = f->conn->service_id;

		if (f->conn->closed)
			return REG_IO_NOT_OPEN;
		out->bytes = talloc_memdup(out->ctx, &id, sizeof(id));
		out->len = sizeof(id);
		return out->bytes ? REG_IO_SUCCESS : REG_IO_NO_MEMORY;
	}
	default:
		return REG_IO_UNSUPPORTED;
	}
}

/* The message file's handler. */
static int handle(struct msg_file *m, struct msg_call *call)
{
	struct uc_file *f = (struct uc_file *)m;
	struct uc_out out = { .ctx = call->ctx };
	int ret = run_op(fs_of(call->req), f, &call->caller, call->op, call->in, call->in_len,
			 &out);

	call->out = out.bytes;
	call->out_len = out.len;
	return ret;
}

void uc_file_ioctl(fuse_req_t req, unsigned int cmd, struct fuse_file_info *fi,
		   unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	msg_file_ioctl(req, &uc_file_of(fi)->m, cmd, (unsigned int)IOKITFS_IOC_UC, flags, in_buf,
		       in_bufsz, out_bufsz, handle, true);
}
