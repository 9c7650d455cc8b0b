/* Generated files (views, property files, .iokit control files).
 *
 * Every file is direct_io: its contents are generated per open handle, at
 * the first read and again at every read from offset 0, and later reads of
 * the same handle are served from that snapshot.  Read-only opens set
 * noflush, so closing them costs no request.
 *
 * Writing a property file is atomic: the value changes in one step or not
 * at all.  A write() at offset 0 of less than 64 KiB that ends with a
 * newline (what `echo value > file` does) is a whole value: it is applied
 * at once and its error is the write()'s error.  Anything else (values
 * written in pieces, without a final newline, or longer) is collected and
 * applied when the file is closed (FLUSH, so the change is visible when
 * close() returns, and the error is close()'s).  When several processes
 * share the open file, every close applies what was written so far.  After
 * a refused write, the rest of that value (writes at offsets other than 0)
 * is refused too, so a failed start never turns into a half value.
 * Pieces must follow each other: a write at an offset other than 0 or the
 * end of what was written (pwrite into the middle or past the end,
 * O_APPEND) is EINVAL, never a zero-filled hole.
 */
#include "ops.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <talloc.h>

#include "open_handles.h"
#include "control.h"
#include "handle.h"
#include "names.h"
#include "notifier.h"
#include "notify_file.h"
#include "rpc_file.h"
#include "uc_file.h"
#include "uc_table.h"
#include "last_error.h"
#include "setprop.h"
#include "stats.h"
#include "tree.h"
#include "views.h"

#define IMMEDIATE_WRITE_MAX (64 * 1024)
#define PROPERTY_WRITE_MAX (4 * 1024 * 1024)	/* IOKit's setProperties limit */

struct open_file {
	struct fs_handle h;		/* first: FS_HANDLE_FILE */
	pthread_mutex_t lock;
	struct fs_ident ident;		/* key on this context */
	struct reg_caller caller;	/* who opened it for writing */
	char *content;			/* snapshot for reads */
	size_t len;
	char *wbuf;			/* collected writes */
	size_t wlen;
	bool pending;			/* wbuf not yet applied */
	bool sync_due;			/* applied by write(): flush waits for the notifier */
	bool refused;			/* the value being written was refused */
};

static int open_file_destructor(struct open_file *f)
{
	pthread_mutex_destroy(&f->lock);
	return 0;
}

static struct open_file *file_of(struct fuse_file_info *fi)
{
	return (struct open_file *)(uintptr_t)fi->fh;
}

static bool kind_writable(enum fs_kind kind)
{
	return kind == FS_PROPFILE || kind == FS_STATS || kind == FS_UEVENT;
}

static struct reg_caller caller_of(fuse_req_t req)
{
	const struct fuse_ctx *c = fuse_req_ctx(req);

	return (struct reg_caller){ .uid = c->uid, .gid = c->gid, .pid = c->pid };
}

static struct open_file *open_file_new(fuse_req_t req, const struct inode_info *info)
{
	struct open_file *f = talloc_zero(NULL, struct open_file);

	if (!f)
		return NULL;
	f->h.kind = FS_HANDLE_FILE;
	pthread_mutex_init(&f->lock, NULL);
	talloc_set_destructor(f, open_file_destructor);
	f->ident = info->ident;
	if (info->ident.key && !(f->ident.key = talloc_strdup(f, info->ident.key))) {
		talloc_free(f);
		return NULL;
	}
	f->caller = caller_of(req);
	return f;
}

/* Checks an open for writing.  Returns 0 or a negative errno. */
static int may_open_for_write(fuse_req_t req, const struct fs_ident *ident)
{
	if (fs_of(req)->read_only)
		return -EROFS;
	if (!kind_writable(ident->kind))
		return -EACCES;
	return fs_check_write(req);
}

void fs_op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	bool writing = (fi->flags & O_ACCMODE) != O_RDONLY;
	struct inode_info info;
	struct open_file *f;
	int err = 0;

	fs_stats_count(fs->stats, FS_OP_OPEN);
	if (!(writing ? fs_propfile_node_or_reply(req, ino, tmp, &info)
		      : fs_node_or_reply(req, ino, tmp, &info)))
		goto out;
	if (info.ident.kind == FS_CONTROL) {
		rpc_file_open(req, fi);
		goto out;
	}
	if (info.ident.kind == FS_CONNECT) {
		uc_file_open(req, fi);
		goto out;
	}
	if (info.ident.kind == FS_CONN_INFO || info.ident.kind == FS_CONN_MEM) {
		uc_table_file_open(req, &info.ident, fi);
		goto out;
	}
	if (info.ident.kind == FS_NOTIFY || info.ident.kind == FS_WATCH) {
		if (writing)
			fuse_reply_err(req, EACCES);
		else
			notify_file_open(req, info.ident.kind, fi);
		goto out;
	}
	if (fs_kind_is_dir(info.ident.kind))
		err = EISDIR;
	else if (writing)
		err = -may_open_for_write(req, &info.ident);
	/* Appending to a value has no meaning (see fs_op_write). */
	if (!err && writing && (fi->flags & O_APPEND))
		err = EINVAL;
	if (!err && fs_kind_has_entry(info.ident.kind)) {
		registry_rdlock(fs->reg);
		/* Writing a property file (re)creates its key: only the entry
		 * must still be there. */
		if (writing && info.ident.kind == FS_PROPFILE
			    ? !registry_entry_by_id(fs->reg, info.ident.id)
			    : !fs_tree_exists(fs->reg, &info.ident))
			err = ESTALE;
		registry_unlock(fs->reg);
	}
	if (err) {
		fuse_reply_err(req, err);
		goto out;
	}
	f = open_file_new(req, &info);
	if (!f) {
		fuse_reply_err(req, ENOMEM);
		goto out;
	}
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	fi->noflush = !writing;
	open_handles_add(fs->handles, &f->h);
	if (fuse_reply_open(req, fi) != 0) {
		open_handles_remove(fs->handles, &f->h);
		talloc_free(f);
	}
out:
	talloc_free(tmp);
}

/* Regenerates f's snapshot.  Returns 0 or a positive errno. */
static int render(struct iokitfs *fs, struct open_file *f)
{
	char *content;
	size_t len = 0;
	int err = 0;

	if (fs_kind_has_entry(f->ident.kind)) {
		registry_rdlock(fs->reg);
		content = fs_view_render(f, fs->reg, &f->ident, &len, &err);
		registry_unlock(fs->reg);
	} else if (f->ident.kind == FS_LASTERROR) {
		/* the opener's own, never another user's */
		content = fs_last_error_render(f, fs->last_errors, f->caller.uid);
		len = content ? strlen(content) : 0;
		err = content ? 0 : ENOMEM;
	} else {
		content = fs_control_render(f, fs, f->ident.kind, &len);
		err = content ? 0 : ENOMEM;
	}
	if (!content)
		return err;
	talloc_free(f->content);
	f->content = content;
	f->len = len;
	return 0;
}

void fs_op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	struct open_file *f = file_of(fi);
	char *copy = NULL;
	size_t len = 0;
	int err = 0;

	(void)ino;
	switch (fs_handle_kind(fi)) {
	case FS_HANDLE_CONTROL:
		rpc_file_read(req, size, fi);
		return;
	case FS_HANDLE_CONNECT:
		uc_file_read(req, size, fi);
		return;
	case FS_HANDLE_CONN_TABLE:
		uc_table_file_read(req, size, off, fi);
		return;
	case FS_HANDLE_NOTIFY:
		notify_file_read(req, size, fi);
		return;
	case FS_HANDLE_FILE:
		break;
	default:
		fuse_reply_err(req, EBADF);
		return;
	}
	fs_stats_count(fs->stats, FS_OP_READ);
	pthread_mutex_lock(&f->lock);
	if (off == 0 || !f->content)
		err = render(fs, f);
	if (!err && (size_t)off < f->len) {
		size_t n = size < f->len - (size_t)off ? size : f->len - (size_t)off;

		if (!(copy = talloc_memdup(NULL, f->content + off, n)))
			err = ENOMEM;
		else
			len = n;
	}
	pthread_mutex_unlock(&f->lock);
	/* The reply comes last: once it is sent the reader may close and the
	 * release (on another worker thread) frees f. */
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_buf(req, copy, len);
	talloc_free(copy);
}

/* Applies the collected value.  Called with f->lock held.  Returns 0 or a
 * negative errno. */
static int apply(struct iokitfs *fs, struct open_file *f)
{
	int err;

	if (f->ident.kind == FS_STATS || f->ident.kind == FS_UEVENT)
		err = fs_control_write(fs, f->ident.kind, f->wbuf ? f->wbuf : "", f->wlen,
				       &f->caller);
	else
		err = fs_set_property_text(fs, f->ident.id, f->ident.key,
					   f->wbuf ? f->wbuf : "", f->wlen, 0, &f->caller);
	/* A refused value stays pending: another holder of the file may
	 * still complete it. */
	f->pending = err != 0;
	return err;
}

void fs_op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		 struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	struct open_file *f = file_of(fi);
	size_t end = (size_t)off + size;
	bool applied = false;
	int err = 0;

	(void)ino;
	switch (fs_handle_kind(fi)) {
	case FS_HANDLE_CONTROL:
		rpc_file_write(req, buf, size, fi);
		return;
	case FS_HANDLE_CONNECT:
		uc_file_write(req, buf, size, fi);
		return;
	case FS_HANDLE_CONN_TABLE:
		uc_table_file_write(req, buf, size, off, fi);
		return;
	case FS_HANDLE_FILE:
		break;
	default:		/* notification files are opened read-only */
		fuse_reply_err(req, EBADF);
		return;
	}
	fs_stats_count(fs->stats, FS_OP_WRITE);
	if (off < 0 || end > PROPERTY_WRITE_MAX || end < size) {
		fuse_reply_err(req, EFBIG);
		return;
	}
	pthread_mutex_lock(&f->lock);
	if (off == 0) {
		/* A new value starts: forget the last one. */
		f->wlen = 0;
		f->refused = false;
	} else if (f->refused || (size_t)off != f->wlen) {
		/* A value is text written from its start, in order: a write
		 * anywhere else (pwrite at an offset, O_APPEND, a seek back)
		 * would leave a hole or rewrite the middle.  Refused; nothing
		 * is zero-filled. */
		pthread_mutex_unlock(&f->lock);
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (end > talloc_get_size(f->wbuf)) {
		char *grown = talloc_realloc(f, f->wbuf, char, end + 1);

		if (!grown) {
			pthread_mutex_unlock(&f->lock);
			fuse_reply_err(req, ENOMEM);
			return;
		}
		f->wbuf = grown;
	}
	memcpy(f->wbuf + off, buf, size);
	f->wlen = end;
	if (off == 0 && size > 0 && size < IMMEDIATE_WRITE_MAX && buf[size - 1] == '\n') {
		applied = true;
		err = -apply(fs, f);
		f->refused = err != 0;
		f->pending = false;
	} else {
		f->pending = true;
	}
	if (applied && !err)
		f->sync_due = true;
	pthread_mutex_unlock(&f->lock);
	/* No notifier_sync here: the kernel holds this file's inode lock
	 * during write(), and the notifier may need it (to drop the file's
	 * name when another writer removes the key), so waiting here stalled
	 * for the sync's whole 2 s bound under concurrent writers.  close()
	 * waits instead (FLUSH runs with no inode lock held). */
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_write(req, size);
}

void fs_op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	struct open_file *f = file_of(fi);
	bool applied;
	int err = 0;

	(void)ino;
	fs_stats_count(fs->stats, FS_OP_FLUSH);
	/* Only property files have anything to apply at close; the rest
	 * set noflush, but a kernel may send FLUSH anyway. */
	if (fs_handle_kind(fi) != FS_HANDLE_FILE) {
		fuse_reply_err(req, 0);
		return;
	}
	pthread_mutex_lock(&f->lock);
	applied = f->pending;
	if (f->pending)
		err = -apply(fs, f);
	if (f->sync_due)
		applied = true;
	f->sync_due = false;
	pthread_mutex_unlock(&f->lock);
	if (applied && !err)
		notifier_sync(fs->notifier);
	fuse_reply_err(req, err);
}

/* A property file's release: what was written and not yet applied is
 * applied (nobody is left to hear an error; flush normally came first). */
static void open_file_close(struct iokitfs *fs, struct open_file *f)
{
	pthread_mutex_lock(&f->lock);
	if (f->pending)
		(void)apply(fs, f);
	pthread_mutex_unlock(&f->lock);
	talloc_free(f);
}

void fs_handles_close_all(struct iokitfs *fs)
{
	struct fs_handle *h;

	while ((h = open_handles_take(fs->handles))) {
		switch (h->kind) {
		case FS_HANDLE_CONTROL:
			rpc_file_close(h);
			break;
		case FS_HANDLE_CONNECT:
			uc_file_close(h);
			break;
		case FS_HANDLE_CONN_TABLE:
			uc_table_file_close(h);
			break;
		case FS_HANDLE_NOTIFY:
			notify_file_close(fs, h);
			break;
		case FS_HANDLE_FILE:
			open_file_close(fs, (struct open_file *)h);
			break;
		default:
			break;
		}
	}
}

void fs_op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	struct open_file *f = file_of(fi);

	(void)ino;
	if (fi && fi->fh)
		open_handles_remove(fs->handles, (struct fs_handle *)(uintptr_t)fi->fh);
	switch (fs_handle_kind(fi)) {
	case FS_HANDLE_CONTROL:
		rpc_file_release(req, fi);
		return;
	case FS_HANDLE_CONNECT:
		uc_file_release(req, fi);
		return;
	case FS_HANDLE_CONN_TABLE:
		uc_table_file_release(req, fi);
		return;
	case FS_HANDLE_NOTIFY:
		notify_file_release(req, fi);
		return;
	case FS_HANDLE_FILE:
		break;
	default:
		fuse_reply_err(req, 0);
		return;
	}
	fs_stats_count(fs->stats, FS_OP_RELEASE);
	open_file_close(fs, f);
	fuse_reply_err(req, 0);
}

/* A new property file: nothing exists until a value is written. */
void fs_op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
		  struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info dir, node = { .ino = 0 };
	struct fuse_entry_param e = { .ino = 0 };
	struct open_file *f;
	char *key, *back;
	int err = 0;

	(void)mode;
	fs_stats_count(fs->stats, FS_OP_CREATE);
	if (!fs_node_or_reply(req, parent, tmp, &dir))
		goto out;
	key = fs_name_unescape(tmp, name);
	back = key ? fs_key_file_name(tmp, key) : NULL;
	if (fs->read_only)
		err = EROFS;
	else if (dir.ident.kind != FS_PROPDIR)
		err = EACCES;
	else if (!back || strcmp(back, name) != 0)
		err = EINVAL;	/* not a name fs_key_file_name would give */
	else
		err = -fs_check_write(req);
	if (err) {
		fuse_reply_err(req, err);
		goto out;
	}
	node.ident = (struct fs_ident){ .kind = FS_PROPFILE, .id = dir.ident.id,
					.plane = dir.ident.plane, .key = key };
	f = open_file_new(req, &node);
	e.ino = f ? inode_table_get(fs->inodes, parent, &node.ident, name, 1) : 0;
	if (!e.ino) {
		talloc_free(f);
		fuse_reply_err(req, ENOMEM);
		goto out;
	}
	e.generation = INODE_GENERATION;
	fs_tree_stat_unset_property(fs, &e.attr);
	e.attr.st_ino = e.ino;
	/* Property files are never cached (ops_dir.c). */
	e.attr_timeout = 0;
	e.entry_timeout = 0;
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	open_handles_add(fs->handles, &f->h);
	if (fuse_reply_create(req, &e, fi) != 0) {
		open_handles_remove(fs->handles, &f->h);
		talloc_free(f);
	}
out:
	talloc_free(tmp);
}

void fs_op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info dir;
	struct fs_ident child;
	struct reg_caller caller = caller_of(req);
	int err;

	fs_stats_count(fs->stats, FS_OP_UNLINK);
	if (!fs_node_or_reply(req, parent, tmp, &dir))
		goto out;
	if (fs->read_only) {
		fuse_reply_err(req, EROFS);
		goto out;
	}
	if (dir.ident.kind != FS_PROPDIR) {
		fuse_reply_err(req, EPERM);
		goto out;
	}
	registry_rdlock(fs->reg);
	err = -fs_tree_lookup(tmp, fs->reg, &dir.ident, name, &child);
	registry_unlock(fs->reg);
	if (!err)
		err = -fs_check_write(req);
	if (!err)
		err = -fs_remove_property(fs, child.id, child.key, &caller);
	fuse_reply_err(req, err == ENODATA ? ENOENT : err);
out:
	talloc_free(tmp);
}
