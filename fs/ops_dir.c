/* Name resolution, attributes and directory listings.
 *
 * A directory's listing is snapshotted at opendir (per open handle), so
 * readdir offsets are indexes into a list that never changes under the
 * reader: entries added or removed meanwhile are neither skipped nor
 * repeated.  The kernel caches listings (cache_readdir) until the notifier
 * invalidates them, except those of .properties, which change through the
 * mount itself and must show a change at once.  readdirplus hands the kernel each child's attributes with its
 * name, so `ls -l` and `find` need no LOOKUP per entry. */
#include "ops.h"

#include <errno.h>
#include <string.h>
#include <sys/statvfs.h>
#include <talloc.h>

#include "stats.h"
#include "tree.h"

bool fs_node_or_reply(fuse_req_t req, fuse_ino_t ino, void *ctx, struct inode_info *info)
{
	if (!inode_table_info(fs_of(req)->inodes, ino, ctx, info) || info->removed) {
		fuse_reply_err(req, ESTALE);
		return false;
	}
	return true;
}

/* Property files change through the file system itself (setfattr), so
 * their names and sizes are never cached: a change is visible the moment
 * the call that made it returns, not when the notifier catches up. */
static double timeout_of(const struct iokitfs *fs, const struct fs_ident *ident)
{
	return ident->kind == FS_PROPFILE ? 0.0 : fs->timeout;
}

int fs_make_entry(struct iokitfs *fs, fuse_ino_t parent, const struct fs_ident *child,
		  const char *name, struct fuse_entry_param *e)
{
	int ret;

	memset(e, 0, sizeof(*e));
	ret = fs_tree_stat(fs, child, &e->attr);
	if (ret)
		return ret;
	e->ino = inode_table_get(fs->inodes, parent, child, name, 1);
	if (!e->ino)
		return -ENOMEM;
	e->attr.st_ino = e->ino;
	e->generation = INODE_GENERATION;
	e->attr_timeout = timeout_of(fs, child);
	e->entry_timeout = timeout_of(fs, child);
	return 0;
}

int fs_check_write(fuse_req_t req)
{
	const struct fuse_ctx *c = fuse_req_ctx(req);

	return c->uid == 0 || c->uid == fs_of(req)->uid ? 0 : EACCES;
}

void fs_op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info dir;
	struct fs_ident child;
	struct fuse_entry_param e;
	int ret;

	fs_stats_count(fs->stats, FS_OP_LOOKUP);
	if (!fs_node_or_reply(req, parent, tmp, &dir))
		goto out;
	registry_rdlock(fs->reg);
	ret = fs_tree_lookup(tmp, fs->reg, &dir.ident, name, &child);
	if (ret == 0)
		ret = fs_make_entry(fs, parent, &child, name, &e);
	registry_unlock(fs->reg);
	if (ret)
		fuse_reply_err(req, -ret);
	else
		fuse_reply_entry(req, &e);
out:
	talloc_free(tmp);
}

void fs_op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	struct iokitfs *fs = fs_of(req);

	fs_stats_count(fs->stats, FS_OP_FORGET);
	inode_table_forget(fs->inodes, ino, nlookup);
	fuse_reply_none(req);
}

void fs_op_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets)
{
	struct iokitfs *fs = fs_of(req);

	fs_stats_count(fs->stats, FS_OP_FORGET);
	for (size_t i = 0; i < count; i++)
		inode_table_forget(fs->inodes, forgets[i].ino, forgets[i].nlookup);
	fuse_reply_none(req);
}

static void reply_attr(fuse_req_t req, fuse_ino_t ino)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info info;
	struct stat st;
	int ret;

	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	registry_rdlock(fs->reg);
	ret = fs_tree_stat(fs, &info.ident, &st);
	if (ret == -ENOENT && info.ident.kind == FS_PROPFILE &&
	    registry_entry_by_id(fs->reg, info.ident.id)) {
		fs_tree_stat_unset_property(fs, &st);
		ret = 0;
	}
	registry_unlock(fs->reg);
	if (ret) {
		fuse_reply_err(req, ret == -ENOENT ? ESTALE : -ret);
		goto out;
	}
	st.st_ino = ino;
	fuse_reply_attr(req, &st, timeout_of(fs, &info.ident));
out:
	talloc_free(tmp);
}

void fs_op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)fi;
	fs_stats_count(fs_of(req)->stats, FS_OP_GETATTR);
	reply_attr(req, ino);
}

/* Only what an O_TRUNC open or `touch` of a writable file asks: accepted
 * and ignored, because a property changes on write, never by truncation. */
void fs_op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		   struct fuse_file_info *fi)
{
	const int harmless = FUSE_SET_ATTR_SIZE | FUSE_SET_ATTR_ATIME | FUSE_SET_ATTR_MTIME |
			     FUSE_SET_ATTR_ATIME_NOW | FUSE_SET_ATTR_MTIME_NOW |
			     FUSE_SET_ATTR_CTIME;
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info info;
	int err;

	(void)attr;
	(void)fi;
	fs_stats_count(fs->stats, FS_OP_SETATTR);
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	if (fs->read_only)
		err = EROFS;
	else if ((to_set & ~harmless) ||
		 (info.ident.kind != FS_PROPFILE && info.ident.kind != FS_STATS))
		err = EPERM;
	else
		err = fs_check_write(req);
	if (err)
		fuse_reply_err(req, err);
	else
		reply_attr(req, ino);
out:
	talloc_free(tmp);
}

/* The snapshot one opendir works from. */
struct dir_handle {
	fuse_ino_t ino;
	struct fs_dirent *items;	/* [0] ".", [1] "..", then the listing */
	size_t count;
};

void fs_op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	struct dir_handle *h = talloc_zero(NULL, struct dir_handle);
	struct fs_dirent *listing = NULL;
	struct inode_info info;
	ssize_t n;

	fs_stats_count(fs->stats, FS_OP_OPENDIR);
	if (!h) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	if (!fs_node_or_reply(req, ino, h, &info)) {
		talloc_free(h);
		return;
	}
	registry_rdlock(fs->reg);
	n = fs_tree_list(h, fs->reg, &info.ident, &listing);
	registry_unlock(fs->reg);
	if (n < 0) {
		fuse_reply_err(req, n == -ENOENT ? ESTALE : (int)-n);
		talloc_free(h);
		return;
	}
	h->ino = ino;
	h->count = (size_t)n + 2;
	h->items = talloc_zero_array(h, struct fs_dirent, h->count);
	if (!h->items) {
		fuse_reply_err(req, ENOMEM);
		talloc_free(h);
		return;
	}
	h->items[0].name = ".";
	h->items[0].ident = info.ident;
	h->items[1].name = "..";
	h->items[1].ident.kind = FS_IOKIT;	/* only its ino is reported */
	h->items[1].ident.id = info.parent ? info.parent : ino;
	if (n > 0)
		memcpy(h->items + 2, listing, (size_t)n * sizeof(*listing));
	fi->fh = (uint64_t)(uintptr_t)h;
	/* The kernel may keep the listing until the notifier invalidates the
	 * directory (notifier.c), so a warm walk reads no listing again. */
	if (info.ident.kind != FS_PROPDIR) {
		fi->cache_readdir = 1;
		fi->keep_cache = 1;
	}
	if (fuse_reply_open(req, fi) != 0)
		talloc_free(h);
}

static bool is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

static void do_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi, bool plus)
{
	struct iokitfs *fs = fs_of(req);
	struct dir_handle *h = (struct dir_handle *)(uintptr_t)fi->fh;
	char *buf = talloc_size(NULL, size ? size : 1);
	size_t pos = 0;

	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	if (plus)
		registry_rdlock(fs->reg);
	for (size_t i = off > 0 ? (size_t)off : 0; i < h->count; i++) {
		const struct fs_dirent *d = &h->items[i];
		struct fuse_entry_param e = { .ino = 0 };
		size_t need;

		if (is_dot(d->name)) {
			e.attr.st_ino = i == 0 ? ino : d->ident.id;
			e.attr.st_mode = S_IFDIR;
		} else if (!plus) {
			e.attr.st_ino = inode_table_get(fs->inodes, ino, &d->ident, d->name, 0);
			e.attr.st_mode = fs_kind_is_dir(d->ident.kind) ? S_IFDIR : S_IFREG;
		}
		if (!plus) {
			need = fuse_add_direntry(req, buf + pos, size - pos, d->name, &e.attr,
						 (off_t)i + 1);
		} else {
			need = fuse_add_direntry_plus(req, NULL, 0, d->name, NULL, 0);
			if (need > size - pos)
				break;
			/* Counts a lookup only once the entry is sure to fit. */
			if (!is_dot(d->name) &&
			    fs_make_entry(fs, ino, &d->ident, d->name, &e) != 0)
				continue;	/* gone since opendir */
			need = fuse_add_direntry_plus(req, buf + pos, size - pos, d->name, &e,
						      (off_t)i + 1);
		}
		if (need > size - pos)
			break;
		pos += need;
	}
	if (plus)
		registry_unlock(fs->reg);
	fuse_reply_buf(req, buf, pos);
	talloc_free(buf);
}

void fs_op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_READDIR);
	do_readdir(req, ino, size, off, fi, false);
}

void fs_op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_READDIRPLUS);
	do_readdir(req, ino, size, off, fi, true);
}

void fs_op_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASEDIR);
	talloc_free((struct dir_handle *)(uintptr_t)fi->fh);
	fuse_reply_err(req, 0);
}

void fs_op_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct iokitfs *fs = fs_of(req);
	struct statvfs sv = {
		.f_bsize = 4096,
		.f_frsize = 4096,
		.f_namemax = 255,
	};

	(void)ino;
	fs_stats_count(fs->stats, FS_OP_STATFS);
	registry_rdlock(fs->reg);
	sv.f_files = registry_entry_count(fs->reg);
	registry_unlock(fs->reg);
	fuse_reply_statfs(req, &sv);
}
