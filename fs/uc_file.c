/* MNT/.iokit/connect (see uc_file.h and proto/uc_wire.h). */
#include "uc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

#include "ioreturn.h"
#include "notifier.h"
#include "notify_file.h"
#include "stats.h"
#include "uc_table.h"
#include "uc_wire.h"
#include "user_client.h"
#include "value_binary.h"

/* A descriptor waiting to be fetched through the socket. */
struct uc_pending {
	uint8_t token[UC_TOKEN_SIZE];
	pid_t pid;
	int fd;
	time_t expires;
};

#define UC_PENDING_MAX 256
#define UC_PENDING_LIFETIME 30	/* seconds: a client fetches at once */

struct uc_hub {
	pthread_mutex_t lock;
	struct uc_pending pending[UC_PENDING_MAX];
	size_t npending;
	int sock;
	bool running;
	pthread_t thread;
	char name[64];		/* abstract address without its NUL */
};

/* One open of the connection file. */
struct uc_file {
	pthread_mutex_t lock;
	struct reg_connection *conn;	/* NULL until UC_OP_OPEN */
	uint8_t *staged;
	size_t staged_len;
	bool staged_too_large;
	uint8_t *reply;
	size_t reply_len;
	size_t reply_off;
	uint64_t table_row;	/* in .iokit/connections (uc_table.h), or 0 */
	struct notify_hub *notify;	/* where async completions go */
	/* IOConnectSetNotificationPort (registerNotificationPort) */
	struct uc_notification_port notification_port;
};

/* ---- the descriptor socket ---- */

static void pending_drop(struct uc_hub *hub, size_t i)
{
	close(hub->pending[i].fd);
	hub->pending[i] = hub->pending[--hub->npending];
}

/* Takes fd (closed on failure).  Returns an IOReturn. */
static int pending_add(struct uc_hub *hub, pid_t pid, int fd, uint8_t token[UC_TOKEN_SIZE])
{
	time_t now = time(NULL);
	int ret = REG_IO_SUCCESS;

	if (getrandom(token, UC_TOKEN_SIZE, 0) != UC_TOKEN_SIZE) {
		close(fd);
		return REG_IO_NO_RESOURCES;
	}
	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->npending;) {
		if (hub->pending[i].expires < now)
			pending_drop(hub, i);
		else
			i++;
	}
	if (hub->npending == UC_PENDING_MAX) {
		close(fd);
		ret = REG_IO_NO_RESOURCES;
	} else {
		struct uc_pending *p = &hub->pending[hub->npending++];

		memcpy(p->token, token, UC_TOKEN_SIZE);
		p->pid = pid;
		p->fd = fd;
		p->expires = now + UC_PENDING_LIFETIME;
	}
	pthread_mutex_unlock(&hub->lock);
	return ret;
}

/* The descriptor for token if peer_pid opened its connection; -1 and
 * *status = EACCES (wrong process) or ENOENT (no such token). */
static int pending_take(struct uc_hub *hub, const uint8_t *token, pid_t peer_pid, int *status)
{
	int fd = -1;

	*status = ENOENT;
	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->npending; i++) {
		struct uc_pending *p = &hub->pending[i];

		if (memcmp(p->token, token, UC_TOKEN_SIZE) != 0)
			continue;
		if (p->pid != peer_pid) {
			*status = EACCES;	/* the token stays for its owner */
			break;
		}
		fd = p->fd;
		p->fd = -1;
		hub->pending[i] = hub->pending[--hub->npending];
		*status = 0;
		break;
	}
	pthread_mutex_unlock(&hub->lock);
	return fd;
}

static void serve_peer(struct uc_hub *hub, int peer)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct timeval tv = { .tv_sec = 1 };
	uint8_t token[UC_TOKEN_SIZE];
	uint8_t status;
	int err = EACCES, fd = -1;
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };

	setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (getsockopt(peer, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0 &&
	    recv(peer, token, sizeof(token), MSG_WAITALL) == (ssize_t)sizeof(token))
		fd = pending_take(hub, token, cred.pid, &err);
	status = (uint8_t)err;
	iov.iov_base = &status;
	iov.iov_len = 1;
	if (fd >= 0) {
		struct cmsghdr *cm;

		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	(void)sendmsg(peer, &mh, MSG_NOSIGNAL);
	if (fd >= 0)
		close(fd);
}

static void *hub_thread(void *arg)
{
	struct uc_hub *hub = arg;

	for (;;) {
		int peer = accept4(hub->sock, NULL, NULL, SOCK_CLOEXEC);

		if (peer < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			pthread_mutex_lock(&hub->lock);
			bool running = hub->running;
			pthread_mutex_unlock(&hub->lock);
			if (!running)
				break;
			struct timespec pause = { 0, 10 * 1000 * 1000 };
			nanosleep(&pause, NULL);	/* EMFILE and such: don't spin */
			continue;
		}
		serve_peer(hub, peer);
		close(peer);
	}
	return NULL;
}

static int hub_destructor(struct uc_hub *hub)
{
	uc_hub_stop(hub);
	for (size_t i = 0; i < hub->npending; i++)
		close(hub->pending[i].fd);
	hub->npending = 0;
	pthread_mutex_destroy(&hub->lock);
	return 0;
}

struct uc_hub *uc_hub_start(void *ctx)
{
	struct uc_hub *hub = talloc_zero(ctx, struct uc_hub);
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	uint32_t salt = 0;
	socklen_t alen;

	if (!hub)
		return NULL;
	pthread_mutex_init(&hub->lock, NULL);
	hub->sock = -1;
	talloc_set_destructor(hub, hub_destructor);
	if (getrandom(&salt, sizeof(salt), 0) != sizeof(salt))
		goto fail;
	snprintf(hub->name, sizeof(hub->name), "iokitfs-%d-%08x", (int)getpid(), salt);
	hub->sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (hub->sock < 0)
		goto fail;
	/* Abstract: nothing to clean up, and the name dies with the daemon. */
	memcpy(addr.sun_path + 1, hub->name, strlen(hub->name));
	alen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(hub->name));
	if (bind(hub->sock, (struct sockaddr *)&addr, alen) != 0 || listen(hub->sock, 64) != 0)
		goto fail;
	hub->running = true;
	if (pthread_create(&hub->thread, NULL, hub_thread, hub) != 0) {
		hub->running = false;
		goto fail;
	}
	return hub;
fail:
	talloc_free(hub);
	return NULL;
}

void uc_hub_stop(struct uc_hub *hub)
{
	bool was_running;

	if (!hub)
		return;
	pthread_mutex_lock(&hub->lock);
	was_running = hub->running;
	hub->running = false;
	pthread_mutex_unlock(&hub->lock);
	if (hub->sock >= 0)
		shutdown(hub->sock, SHUT_RDWR);	/* wakes accept() */
	if (was_running)
		pthread_join(hub->thread, NULL);
	if (hub->sock >= 0)
		close(hub->sock);
	hub->sock = -1;
}

/* ---- the file ---- */

static int uc_file_destructor(struct uc_file *f)
{
	/* The last reference went: an open connection's process closed the
	 * file or died without IOServiceClose (reg_connection_died runs
	 * close when the driver has no died op). */
	if (f->conn && !f->conn->closed)
		(void)reg_connection_died(f->conn);
	uc_table_remove(f->table_row);
	TALLOC_FREE(f->conn);
	pthread_mutex_destroy(&f->lock);
	return 0;
}

static struct uc_file *uc_file_of(const struct fuse_file_info *fi)
{
	return (struct uc_file *)(uintptr_t)fi->fh;
}

bool uc_file_owns(const struct fuse_file_info *fi)
{
	return fi && fi->fh && talloc_check_name(uc_file_of(fi), "struct uc_file") != NULL;
}

void uc_file_open(fuse_req_t req, struct fuse_file_info *fi)
{
	struct uc_file *f = talloc_zero(NULL, struct uc_file);

	if (!f) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pthread_mutex_init(&f->lock, NULL);
	talloc_set_destructor(f, uc_file_destructor);
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->nonseekable = 1;
	fi->noflush = 1;
	if (fuse_reply_open(req, fi) != 0)
		talloc_free(f);
}

static void drop_reply(struct uc_file *f)
{
	TALLOC_FREE(f->reply);
	f->reply_len = f->reply_off = 0;
}

static void drop_staged(struct uc_file *f)
{
	TALLOC_FREE(f->staged);
	f->staged_len = 0;
	f->staged_too_large = false;
}

void uc_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi)
{
	struct uc_file *f = uc_file_of(fi);
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

/* Structures go up to REG_UC_STRUCT_MAX, plus the header and scalars. */
#define UC_STAGE_MAX (REG_UC_STRUCT_MAX + 4096u)

static int stage(struct uc_file *f, const void *buf, size_t size)
{
	uint8_t *grown;

	if (f->staged_too_large || size > UC_STAGE_MAX - f->staged_len) {
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

void uc_file_write(fuse_req_t req, const char *buf, size_t size, struct fuse_file_info *fi)
{
	struct uc_file *f = uc_file_of(fi);
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

void uc_file_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASE);
	talloc_free(uc_file_of(fi));
	fuse_reply_err(req, 0);
}

/* The kernel names the calling thread; connections belong to processes. */
static pid_t thread_group_of(pid_t tid)
{
	char path[64], line[128];
	pid_t tgid = tid;
	FILE *fp;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	fp = fopen(path, "re");
	if (!fp)
		return tid;
	while (fgets(line, sizeof(line), fp)) {
		if (strncmp(line, "Tgid:", 5) == 0) {
			tgid = (pid_t)strtol(line + 5, NULL, 10);
			break;
		}
	}
	fclose(fp);
	return tgid;
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
	caller.pid = thread_group_of(c->pid);
	ret = reg_service_open(f, fs->reg, o.service_id, o.type, &caller, &f->conn);
	if (ret == REG_IO_SUCCESS) {
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
		if (struct_out_size) {
			struct_out = talloc_zero_size(out->ctx, struct_out_size);
			if (!struct_out)
				return REG_IO_NO_MEMORY;
		}
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
	h.scalar_output_count = out_count;
	h.struct_output_size = struct_out_size;
	out->len = sizeof(h) + out_count * sizeof(uint64_t) + struct_out_size;
	out->bytes = talloc_size(out->ctx, out->len);
	if (!out->bytes)
		return REG_IO_NO_MEMORY;
	memcpy(out->bytes, &h, sizeof(h));
	memcpy(out->bytes + sizeof(h), scalars_out, out_count * sizeof(uint64_t));
	if (struct_out_size)
		memcpy(out->bytes + sizeof(h) + out_count * sizeof(uint64_t), struct_out,
		       struct_out_size);
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
	if (!fs->uc)
		return REG_IO_NO_RESOURCES;
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
		 * cannot mprotect its mapping writable. */
		char path[64];
		int ro;

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
	ret = pending_add(fs->uc, f->conn->caller.pid, fd, r.token);
	if (ret != REG_IO_SUCCESS)
		return ret;
	r.offset = res.offset;
	r.size = res.size;
	r.options = res.options;
	snprintf(r.socket_name, sizeof(r.socket_name), "%s", fs->uc->name);
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

void uc_file_ioctl(fuse_req_t req, unsigned int cmd, struct fuse_file_info *fi,
		   unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	struct iokitfs *fs = fs_of(req);
	const struct fuse_ctx *c = fuse_req_ctx(req);
	struct reg_caller caller = { .uid = c->uid, .gid = c->gid, .pid = c->pid };
	struct uc_file *f = uc_file_of(fi);
	struct iokitfs_msg *msg;
	void *tmp;

	fs_stats_count(fs->stats, FS_OP_IOCTL);
	if (cmd != (unsigned int)IOKITFS_IOC_UC) {
		fuse_reply_err(req, ENOTTY);
		return;
	}
	if (flags & FUSE_IOCTL_COMPAT) {
		fuse_reply_err(req, ENOSYS);
		return;
	}
	if (in_bufsz != sizeof(*msg) || out_bufsz != sizeof(*msg)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	tmp = talloc_new(NULL);
	msg = tmp ? talloc_memdup(tmp, in_buf, sizeof(*msg)) : NULL;
	if (!msg) {
		talloc_free(tmp);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pthread_mutex_lock(&f->lock);
	drop_reply(f);
	if (msg->op == IOKITFS_OP_STAGE) {
		int err = msg->length <= IOKITFS_MSG_DATA ? stage(f, msg->data, msg->length)
							  : EINVAL;

		msg->result = err == EFBIG ? REG_IO_MESSAGE_TOO_LARGE
			    : err == ENOMEM ? REG_IO_NO_MEMORY
			    : err ? REG_IO_BAD_ARGUMENT : REG_IO_SUCCESS;
		msg->length = msg->total = 0;
	} else {
		struct uc_out out = { .ctx = tmp };
		const uint8_t *payload = msg->data;
		size_t payload_len = msg->length;

		if (msg->length == 0 && msg->total > 0) {
			payload = f->staged;
			payload_len = f->staged_len;
			msg->result = f->staged_too_large ? REG_IO_MESSAGE_TOO_LARGE
				    : f->staged_len != msg->total ? REG_IO_BAD_ARGUMENT
				    : run_op(fs, f, &caller, msg->op, payload, payload_len, &out);
		} else if (msg->length > IOKITFS_MSG_DATA) {
			msg->result = REG_IO_BAD_ARGUMENT;
		} else {
			msg->result = run_op(fs, f, &caller, msg->op, payload, payload_len, &out);
		}
		drop_staged(f);
		msg->length = msg->total = 0;
		if (msg->result == REG_IO_SUCCESS && out.len) {
			msg->total = (uint32_t)out.len;
			msg->length = out.len < IOKITFS_MSG_DATA ? (uint32_t)out.len
								 : IOKITFS_MSG_DATA;
			memcpy(msg->data, out.bytes, msg->length);
			if (out.len > msg->length) {
				f->reply = talloc_steal(f, out.bytes);
				f->reply_len = out.len;
				f->reply_off = msg->length;
			}
		}
	}
	pthread_mutex_unlock(&f->lock);
	/* Only the header and the used part of data[] matter, but a
	 * restricted ioctl copies out exactly out_bufsz bytes. */
	fuse_reply_ioctl(req, 0, msg, sizeof(*msg));
	talloc_free(tmp);
}
