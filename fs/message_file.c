/* Message files (message_file.h). */
#include "message_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "open_handles.h"
#include "ioreturn.h"
#include "ops.h"
#include "quota.h"
#include "rpc_wire.h"
#include "stats.h"
#include "version.h"

pid_t msg_thread_group(pid_t tid)
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

void msg_file_setup(struct msg_file *m, enum fs_handle_kind kind,
		    const struct reg_caller *opener, struct fs_quota *quota, size_t stage_max)
{
	m->h.kind = kind;
	pthread_mutex_init(&m->lock, NULL);
	m->quota = quota;
	m->opener = *opener;
	m->stage_max = stage_max;
}

void msg_file_init(struct msg_file *m, enum fs_handle_kind kind, fuse_req_t req,
		   struct fs_quota *quota, size_t stage_max)
{
	const struct fuse_ctx *c = fuse_req_ctx(req);
	struct reg_caller opener = { .uid = c->uid, .gid = c->gid,
				     .pid = msg_thread_group(c->pid) };

	msg_file_setup(m, kind, &opener, quota, stage_max);
}

/* Holds exactly total bytes of the opener's staged quota.  Lock held (or
 * the file private to the caller).  false when more was refused. */
static bool charge(struct msg_file *m, size_t total)
{
	if (total > m->charged) {
		if (!fs_quota_take(m->quota, m->opener.uid, FS_QUOTA_STAGED, total - m->charged))
			return false;
	} else if (total < m->charged) {
		fs_quota_give(m->quota, m->opener.uid, FS_QUOTA_STAGED, m->charged - total);
	}
	m->charged = total;
	return true;
}

/* The bytes m holds for its uid: what is staged, the rest of a kept reply,
 * and the reservation for a reply being built. */
static size_t held(const struct msg_file *m)
{
	return m->staged_len + (m->reply_len - m->reply_off) + m->reserved;
}

void msg_file_drop_reply(struct msg_file *m)
{
	TALLOC_FREE(m->reply);
	m->reply_len = m->reply_off = 0;
	charge(m, held(m));
}

void msg_file_drop_staged(struct msg_file *m)
{
	TALLOC_FREE(m->staged);
	m->staged_len = 0;
	m->staged_refused = false;
	m->staged_error = 0;
	charge(m, held(m));
}

void msg_file_fini(struct msg_file *m)
{
	TALLOC_FREE(m->staged);
	TALLOC_FREE(m->reply);
	m->staged_len = m->reply_len = m->reply_off = m->reserved = 0;
	charge(m, 0);
	pthread_mutex_destroy(&m->lock);
}

bool msg_file_reply_open(fuse_req_t req, struct fuse_file_info *fi, void *state)
{
	fi->fh = (uint64_t)(uintptr_t)state;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->nonseekable = 1;
	fi->noflush = 1;
	open_handles_add(fs_of(req)->handles, state);
	if (fuse_reply_open(req, fi) == 0)
		return true;
	open_handles_remove(fs_of(req)->handles, state);
	return false;
}

size_t msg_file_reply_rest(struct msg_file *m, size_t size, const uint8_t **bytes)
{
	size_t n = m->reply_len - m->reply_off;

	if (n > size)
		n = size;
	*bytes = n ? m->reply + m->reply_off : NULL;
	return n;
}

void msg_file_reply_consumed(struct msg_file *m, size_t n)
{
	m->reply_off += n;
	if (m->reply_off >= m->reply_len)
		msg_file_drop_reply(m);
}

int msg_file_keep_reply(struct msg_file *m, uint8_t *out, size_t out_len, size_t sent)
{
	if (out_len <= sent)
		return REG_IO_SUCCESS;
	/* A reservation becomes this charge (its unused part is given back) */
	m->reserved = 0;
	if (!charge(m, m->staged_len + (out_len - sent)))
		return REG_IO_NO_RESOURCES;
	m->reply = talloc_steal(m, out);
	m->reply_len = out_len;
	m->reply_off = sent;
	return REG_IO_SUCCESS;
}

int msg_call_reserve_reply(struct msg_file *m, size_t max_len)
{
	size_t rest = max_len > IOKITFS_MSG_DATA ? max_len - IOKITFS_MSG_DATA : 0;

	if (rest <= m->reserved)
		return REG_IO_SUCCESS;
	if (!charge(m, held(m) - m->reserved + rest))
		return REG_IO_NO_RESOURCES;
	m->reserved = rest;
	return REG_IO_SUCCESS;
}

void msg_file_read(fuse_req_t req, struct msg_file *m, size_t size)
{
	const uint8_t *bytes;
	uint8_t *copy = NULL;
	size_t n;

	fs_stats_count(fs_of(req)->stats, FS_OP_READ);
	pthread_mutex_lock(&m->lock);
	n = msg_file_reply_rest(m, size, &bytes);
	if (n && !(copy = talloc_memdup(NULL, bytes, n))) {
		pthread_mutex_unlock(&m->lock);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	msg_file_reply_consumed(m, n);
	pthread_mutex_unlock(&m->lock);
	/* The reply comes last: once it is sent the reader may close, and
	 * the release (on another worker thread) frees m.  Replying under
	 * the lock and consuming afterwards was a use after free any user
	 * could trigger with read() and close(). */
	fuse_reply_buf(req, (const char *)copy, n);
	talloc_free(copy);
}

/* Appends to the staged request.  Lock held.  Returns an IOReturn:
 * kIOReturnMessageTooLarge past the per-open cap, kIOReturnNoResources
 * past the uid's quota (both remembered, so that the call which follows
 * fails the same way and nothing half-staged runs). */
int msg_file_stage(struct msg_file *m, const void *buf, size_t size)
{
	uint8_t *grown;

	if (m->staged_refused)
		return m->staged_error;
	if (size > m->stage_max - m->staged_len) {
		m->staged_error = REG_IO_MESSAGE_TOO_LARGE;
		goto refuse;
	}
	if (!charge(m, held(m) + size)) {
		m->staged_error = REG_IO_NO_RESOURCES;
		goto refuse;
	}
	grown = talloc_realloc(m, m->staged, uint8_t, m->staged_len + size + 1);
	if (!grown) {
		charge(m, held(m));
		return REG_IO_NO_MEMORY;
	}
	memcpy(grown + m->staged_len, buf, size);
	m->staged = grown;
	m->staged_len += size;
	return REG_IO_SUCCESS;
refuse:
	m->staged_refused = true;
	TALLOC_FREE(m->staged);
	m->staged_len = 0;
	charge(m, held(m));
	return m->staged_error;
}

void msg_file_write(fuse_req_t req, struct msg_file *m, const char *buf, size_t size)
{
	int ret;

	fs_stats_count(fs_of(req)->stats, FS_OP_WRITE);
	pthread_mutex_lock(&m->lock);
	ret = msg_file_stage(m, buf, size);
	pthread_mutex_unlock(&m->lock);
	if (ret == REG_IO_SUCCESS)
		fuse_reply_write(req, size);
	else
		fuse_reply_err(req, ret == REG_IO_MESSAGE_TOO_LARGE ? EFBIG
				    : ret == REG_IO_NO_RESOURCES    ? EDQUOT
								    : ENOMEM);
}

void msg_file_run(struct msg_file *m, fuse_req_t req, const struct reg_caller *caller,
		  struct iokitfs_msg *msg, void *tmp, msg_handler handler, bool long_replies)
{
	struct msg_call call = {
		.req = req,
		.caller = *caller,
		.op = msg->op,
		.in = msg->data,
		.in_len = msg->length,
		.ctx = tmp,
	};
	int ret;

	if (msg->length == 0 && msg->total > 0) {
		call.in = m->staged;
		call.in_len = m->staged_len;
		ret = m->staged_refused		  ? m->staged_error
		      : m->staged_len != msg->total ? REG_IO_BAD_ARGUMENT
						    : REG_IO_SUCCESS;
	} else {
		ret = msg->length > IOKITFS_MSG_DATA ? REG_IO_BAD_ARGUMENT : REG_IO_SUCCESS;
	}
	if (ret == REG_IO_SUCCESS) {
		if (!fs_quota_take(m->quota, call.caller.uid, FS_QUOTA_IN_FLIGHT, 1)) {
			ret = REG_IO_BUSY;
		} else {
			ret = handler(m, &call);
			fs_quota_give(m->quota, call.caller.uid, FS_QUOTA_IN_FLIGHT, 1);
		}
	}
	msg_file_drop_staged(m);
	msg->length = msg->total = 0;
	if (ret != REG_IO_SUCCESS && call.out_on_error && call.out_len <= IOKITFS_MSG_DATA) {
		msg->total = msg->length = (uint32_t)call.out_len;
		memcpy(msg->data, call.out, call.out_len);
	} else if (ret == REG_IO_SUCCESS && call.out_len) {
		size_t first = call.out_len < IOKITFS_MSG_DATA ? call.out_len : IOKITFS_MSG_DATA;

		if (call.out_len > first && !long_replies)
			ret = REG_IO_NO_SPACE;
		else
			ret = msg_file_keep_reply(m, call.out, call.out_len, first);
		if (ret == REG_IO_SUCCESS) {
			msg->total = (uint32_t)call.out_len;
			msg->length = (uint32_t)first;
			memcpy(msg->data, call.out, first);
		}
	}
	/* what the handler reserved and the reply did not keep goes back */
	m->reserved = 0;
	charge(m, held(m));
	msg->result = ret;
}

void msg_file_ioctl(fuse_req_t req, struct msg_file *m, unsigned int cmd, unsigned int want_cmd,
		    unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz,
		    msg_handler handler, bool long_replies)
{
	struct iokitfs *fs = fs_of(req);
	/* On the stack: a heap block this size per call costs more than the
	 * call (glibc consolidates its small free chunks for it). */
	struct iokitfs_msg message, *msg = &message;
	void *tmp;

	if (cmd != want_cmd) {
		fs_stats_count(fs->stats, FS_OP_IOCTL);
		fuse_reply_err(req, ENOTTY);
		return;
	}
	/* 32-bit callers would need their own layout check; there are none
	 * to serve. */
	if (flags & FUSE_IOCTL_COMPAT) {
		fs_stats_count(fs->stats, FS_OP_IOCTL);
		fuse_reply_err(req, ENOSYS);
		return;
	}
	if (in_bufsz != sizeof(*msg) || out_bufsz != sizeof(*msg)) {
		fs_stats_count(fs->stats, FS_OP_IOCTL);
		fuse_reply_err(req, EINVAL);
		return;
	}
	tmp = talloc_new(NULL);
	if (!tmp) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	memcpy(msg, in_buf, sizeof(*msg));
	/* The version handshake is the transport's, not a call: uncounted. */
	if (msg->op != IOKITFS_OP_HELLO)
		fs_stats_count(fs->stats, FS_OP_IOCTL);
	pthread_mutex_lock(&m->lock);
	msg_file_drop_reply(m);		/* a new call forgets the last reply's rest */
	if (msg->op == IOKITFS_OP_STAGE) {
		msg->result = msg->length <= IOKITFS_MSG_DATA ? msg_file_stage(m, msg->data, msg->length)
							      : REG_IO_BAD_ARGUMENT;
		msg->length = msg->total = 0;
	} else {
		const struct fuse_ctx *c = fuse_req_ctx(req);
		struct reg_caller caller = { .uid = c->uid, .gid = c->gid, .pid = c->pid };

		msg_file_run(m, req, &caller, msg, tmp, handler, long_replies);
	}
	pthread_mutex_unlock(&m->lock);
	/* Only the header and the used part of data[] matter, but a
	 * restricted ioctl copies out exactly out_bufsz bytes. */
	fuse_reply_ioctl(req, 0, msg, sizeof(*msg));
	talloc_free(tmp);
}
