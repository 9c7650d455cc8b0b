/* Name resolution, attributes and directory listings.
 *
 * Listings need no per-open state: readdir cookies are stable (inode
 * number order, see do_readdir), so a directory changing during a listing
 * never makes readdir skip or repeat an unrelated entry.  The kernel caches
 * listings until the notifier invalidates them.  readdirplus hands the
 * kernel each child's attributes with its name, so `ls -l` and `find` need
 * no LOOKUP per entry. */
#include "ops.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <talloc.h>

#include "policy.h"
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

bool fs_propfile_node_or_reply(fuse_req_t req, fuse_ino_t ino, void *ctx,
			       struct inode_info *info)
{
	if (!inode_table_info(fs_of(req)->inodes, ino, ctx, info) ||
	    (info->removed && info->ident.kind != FS_PROPFILE)) {
		fuse_reply_err(req, ESTALE);
		return false;
	}
	return true;
}

/* Names and attributes are cached for the mount's timeout, property files
 * included: a change made through the mount waits for the notifier's
 * invalidations before it returns (notifier_sync), other changes reach the
 * kernel as soon as the notifier gets through. */
static double timeout_of(const struct iokitfs *fs, const struct fs_ident *ident)
{
	/* Connections come and go without the notifier: never cached. */
	if (ident->kind >= FS_CONNECTIONS && ident->kind <= FS_CONN_MEM)
		return 0;
	return fs->timeout;
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
	struct reg_caller who = { .uid = c->uid, .gid = c->gid, .pid = c->pid };

	/* The policy point's notion of privilege (root or the mount's owner,
	 * registry/policy.h), so files and libIOKit agree. */
	return reg_policy_privileged(fs_of(req)->reg, &who) ? 0 : -EACCES;
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

	if (!fs_propfile_node_or_reply(req, ino, tmp, &info))
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
	if (!fs_propfile_node_or_reply(req, ino, tmp, &info))
		goto out;
	if (fs->read_only)
		err = EROFS;
	else if ((to_set & ~harmless) ||
		 (info.ident.kind != FS_PROPFILE && info.ident.kind != FS_STATS))
		err = EPERM;
	else
		err = -fs_check_write(req);
	if (err)
		fuse_reply_err(req, err);
	else
		reply_attr(req, ino);
out:
	talloc_free(tmp);
}

/* Directories need no open handle: readdir cookies are stable without one
 * (below).  Where the kernel allows it (FUSE_CAP_NO_OPENDIR_SUPPORT),
 * ENOSYS makes it stop sending OPENDIR and RELEASEDIR for the whole
 * connection and cache every listing (FOPEN_KEEP_CACHE | FOPEN_CACHE_DIR)
 * until the notifier invalidates it; .properties listings are then kept
 * fresh by the writers waiting for the notifier (notifier_sync).  Otherwise
 * opendir caches every listing but those of .properties. */
void fs_op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info info;

	fs_stats_count(fs->stats, FS_OP_OPENDIR);
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	if (!fs_kind_is_dir(info.ident.kind)) {
		fuse_reply_err(req, ENOTDIR);
		goto out;
	}
	if (fs->no_opendir) {
		fuse_reply_err(req, ENOSYS);
		goto out;
	}
	fi->fh = 0;
	if (info.ident.kind != FS_PROPDIR &&
	    !(info.ident.kind >= FS_CONNECTIONS && info.ident.kind <= FS_CONN_MEM)) {
		fi->cache_readdir = 1;
		fi->keep_cache = 1;
	}
	fuse_reply_open(req, fi);
out:
	talloc_free(tmp);
}

static bool is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Readdir cookies.  "." is 1, ".." is 2, and a child's cookie is its inode
 * number + 2: inode numbers are given once per (parent, child) and never
 * reused, so the listing ordered by them only ever grows at the end, and
 * readdir(off) resumes at the first child whose cookie is above off.
 * Entries added or removed meanwhile never make a reader skip or repeat an
 * unrelated entry, with or without an open handle (fuse_lowlevel.h,
 * readdir). */
#define COOKIE_DOT 1
#define COOKIE_DOTDOT 2

struct cookie_dirent {
	const struct fs_dirent *d;
	uint64_t cookie;
};

static int compare_cookie(const void *x, const void *y)
{
	uint64_t a = ((const struct cookie_dirent *)x)->cookie;
	uint64_t b = ((const struct cookie_dirent *)y)->cookie;

	return a < b ? -1 : a > b;
}

/* Directory ino's listing now, ordered by cookie, "." and ".." first;
 * array on ctx.  Caller holds the registry read lock.  Returns the count
 * or a negative errno. */
static ssize_t cookie_listing(void *ctx, struct iokitfs *fs, const struct inode_info *dir,
			      struct cookie_dirent **out)
{
	static const struct fs_dirent dot = { .name = "." }, dotdot = { .name = ".." };
	struct fs_dirent *items = NULL;
	struct cookie_dirent *list;
	ssize_t n = fs_tree_list(ctx, fs->reg, &dir->ident, &items);
	size_t count = 2;

	if (n < 0)
		return n;
	list = talloc_array(ctx, struct cookie_dirent, (size_t)n + 2);
	if (!list)
		return -ENOMEM;
	list[0] = (struct cookie_dirent){ .d = &dot, .cookie = COOKIE_DOT };
	list[1] = (struct cookie_dirent){ .d = &dotdot, .cookie = COOKIE_DOTDOT };
	for (ssize_t i = 0; i < n; i++) {
		uint64_t ino;

		if (items[i].hidden)
			continue;
		ino = inode_table_get(fs->inodes, dir->ino, &items[i].ident, items[i].name, 0);
		if (!ino)
			return -ENOMEM;
		list[count++] = (struct cookie_dirent){ .d = &items[i],
							.cookie = ino + COOKIE_DOTDOT };
	}
	qsort(list + 2, count - 2, sizeof(*list), compare_cookie);
	*out = list;
	return (ssize_t)count;
}

static void do_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, bool plus)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	char *buf = talloc_size(tmp, size ? size : 1);
	struct cookie_dirent *list = NULL;
	struct inode_info dir;
	size_t pos = 0;
	ssize_t n;

	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		goto out;
	}
	if (!fs_node_or_reply(req, ino, tmp, &dir))
		goto out;
	registry_rdlock(fs->reg);
	n = cookie_listing(tmp, fs, &dir, &list);
	if (n < 0) {
		registry_unlock(fs->reg);
		fuse_reply_err(req, n == -ENOENT ? ESTALE : (int)-n);
		goto out;
	}
	for (size_t i = 0; i < (size_t)n; i++) {
		const struct fs_dirent *d = list[i].d;
		struct fuse_entry_param e = { .ino = 0 };
		size_t need;

		if (off >= 0 && list[i].cookie <= (uint64_t)off)
			continue;
		if (is_dot(d->name)) {
			e.attr.st_ino = list[i].cookie == COOKIE_DOT ? ino
				      : dir.parent ? dir.parent : ino;
			e.attr.st_mode = S_IFDIR;
		} else if (!plus) {
			e.attr.st_ino = list[i].cookie - COOKIE_DOTDOT;
			e.attr.st_mode = fs_kind_is_dir(d->ident.kind) ? S_IFDIR
				       : d->ident.kind == FS_ENTRY_LINK ? S_IFLNK : S_IFREG;
		}
		if (!plus) {
			need = fuse_add_direntry(req, buf + pos, size - pos, d->name, &e.attr,
						 (off_t)list[i].cookie);
		} else {
			need = fuse_add_direntry_plus(req, NULL, 0, d->name, NULL, 0);
			if (need > size - pos)
				break;
			/* Counts a lookup only once the entry is sure to fit. */
			if (!is_dot(d->name) &&
			    fs_make_entry(fs, ino, &d->ident, d->name, &e) != 0)
				continue;
			need = fuse_add_direntry_plus(req, buf + pos, size - pos, d->name, &e,
						      (off_t)list[i].cookie);
		}
		if (need > size - pos)
			break;
		pos += need;
	}
	registry_unlock(fs->reg);
	fuse_reply_buf(req, buf, pos);
out:
	talloc_free(tmp);
}

void fs_op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		   struct fuse_file_info *fi)
{
	(void)fi;
	fs_stats_count(fs_of(req)->stats, FS_OP_READDIR);
	do_readdir(req, ino, size, off, false);
}

void fs_op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi)
{
	(void)fi;
	fs_stats_count(fs_of(req)->stats, FS_OP_READDIRPLUS);
	do_readdir(req, ino, size, off, true);
}

/* .iokit/entries/<id>: the path is computed on each call (the kernel does
 * not cache symlink targets unless asked to), so it follows renames. */
void fs_op_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info info;
	char *target = NULL;
	int err = EINVAL;

	fs_stats_count(fs->stats, FS_OP_READLINK);
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	if (info.ident.kind == FS_ENTRY_LINK) {
		registry_rdlock(fs->reg);
		target = fs_tree_link_target(tmp, fs->reg, info.ident.id, &err);
		registry_unlock(fs->reg);
	}
	if (target)
		fuse_reply_readlink(req, target);
	else
		fuse_reply_err(req, err == ENOENT ? ESTALE : err);
out:
	talloc_free(tmp);
}

void fs_op_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASEDIR);
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
