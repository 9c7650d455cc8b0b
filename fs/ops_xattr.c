/* Properties as extended attributes: user.<key> on an entry's directory,
 * valued in ioreg literal syntax (REG_LITERAL_EXACT), so what getfattr shows
 * setfattr takes back.
 *
 * Names outside user.* are not ours.  POSIX ACL names answer ENODATA ("no
 * ACL", which the kernel caches per inode; an error there would fail
 * permission checks).  Every other namespace (security.*, trusted.*, ...)
 * answers ENOTSUP on get, set and remove, as the VFS does for a namespace a
 * file system has no handler for; ls and libselinux remember that per
 * device and stop asking.  Never ENOSYS, which the kernel would remember for
 * the whole mount (docs/fuse-facts.md §2).  Files have no attributes.  A value longer
 * than the 64 KiB the kernel can pass gives E2BIG; it stays readable as
 * .properties/<key>.  Each getxattr is one request: the size probe gets the
 * real size, the second call the value. */
#include "ops.h"

#include <errno.h>
#include <string.h>
#include <sys/xattr.h>
#include <talloc.h>

#include "notifier.h"
#include "setprop.h"
#include "stats.h"
#include "value_literal.h"

#define USER_PREFIX "user."
#define USER_PREFIX_LEN 5
#define XATTR_VALUE_MAX 65536
#define XATTR_LIST_LIMIT 65536
#define XATTR_NAME_LIMIT 255

static const char *user_key(const char *name)
{
	return strncmp(name, USER_PREFIX, USER_PREFIX_LEN) == 0 ? name + USER_PREFIX_LEN
								: NULL;
}

/* The answer to a get or remove of a name outside user.*. */
static int foreign_name_error(const char *name)
{
	if (strcmp(name, "system.posix_acl_access") == 0 ||
	    strcmp(name, "system.posix_acl_default") == 0)
		return ENODATA;
	return ENOTSUP;
}

static bool kind_has_properties(enum fs_kind kind)
{
	return kind == FS_MOUNT_ROOT || kind == FS_ENTRY;
}

/* Replies with buf (len bytes) following the size-probe protocol. */
static void reply_sized(fuse_req_t req, const char *buf, size_t len, size_t size,
			size_t limit)
{
	if (len > limit)
		fuse_reply_err(req, E2BIG);
	else if (size == 0)
		fuse_reply_xattr(req, len);
	else if (size < len)
		fuse_reply_err(req, ERANGE);
	else
		fuse_reply_buf(req, buf, len);
}

void fs_op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	struct iokitfs *fs = fs_of(req);
	const char *key = user_key(name);
	void *tmp = talloc_new(NULL);
	struct inode_info info;
	const struct reg_entry *e;
	const struct reg_value *v;
	char *text = NULL;
	int err = 0;

	fs_stats_count(fs->stats, FS_OP_GETXATTR);
	if (!key) {
		fuse_reply_err(req, foreign_name_error(name));
		goto out;
	}
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	if (!kind_has_properties(info.ident.kind)) {
		fuse_reply_err(req, ENODATA);
		goto out;
	}
	registry_rdlock(fs->reg);
	e = registry_entry_by_id(fs->reg, info.ident.id);
	v = e ? reg_entry_property(e, key) : NULL;
	if (!e)
		err = ESTALE;
	else if (!v)
		err = ENODATA;
	else if (!(text = reg_value_to_literal(tmp, v, REG_LITERAL_EXACT)))
		err = ENOMEM;
	registry_unlock(fs->reg);
	if (err)
		fuse_reply_err(req, err);
	else
		reply_sized(req, text, strlen(text), size, XATTR_VALUE_MAX);
out:
	talloc_free(tmp);
}

void fs_op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	struct iokitfs *fs = fs_of(req);
	void *tmp = talloc_new(NULL);
	struct inode_info info;
	const struct reg_entry *e;
	char *list = NULL;
	size_t len = 0;

	fs_stats_count(fs->stats, FS_OP_LISTXATTR);
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	if (!kind_has_properties(info.ident.kind)) {
		reply_sized(req, "", 0, size, XATTR_LIST_LIMIT);
		goto out;
	}
	registry_rdlock(fs->reg);
	e = registry_entry_by_id(fs->reg, info.ident.id);
	if (e) {
		const struct reg_value *props = e->properties;
		size_t total = 0;

		for (size_t i = 0; i < props->u.dict.count; i++) {
			size_t klen = strlen(props->u.dict.keys[i]);

			if (USER_PREFIX_LEN + klen <= XATTR_NAME_LIMIT && klen > 0)
				total += USER_PREFIX_LEN + klen + 1;
		}
		list = talloc_size(tmp, total ? total : 1);
		for (size_t i = 0; list && i < props->u.dict.count; i++) {
			const char *k = props->u.dict.keys[i];
			size_t klen = strlen(k);

			if (USER_PREFIX_LEN + klen > XATTR_NAME_LIMIT || klen == 0)
				continue;
			memcpy(list + len, USER_PREFIX, USER_PREFIX_LEN);
			memcpy(list + len + USER_PREFIX_LEN, k, klen + 1);
			len += USER_PREFIX_LEN + klen + 1;
		}
	}
	registry_unlock(fs->reg);
	if (!e)
		fuse_reply_err(req, ESTALE);
	else if (!list)
		fuse_reply_err(req, ENOMEM);
	else
		reply_sized(req, list, len, size, XATTR_LIST_LIMIT);
out:
	talloc_free(tmp);
}

static struct reg_caller caller_of(fuse_req_t req)
{
	const struct fuse_ctx *c = fuse_req_ctx(req);

	return (struct reg_caller){ .uid = c->uid, .gid = c->gid, .pid = c->pid };
}

/* Common checks of set and remove.  Returns 0 or a negative errno. */
static int may_change(fuse_req_t req, const struct inode_info *info)
{
	if (fs_of(req)->read_only)
		return -EROFS;
	if (!kind_has_properties(info->ident.kind))
		return -EPERM;
	return fs_check_write(req);
}

void fs_op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value,
		    size_t size, int flags)
{
	struct iokitfs *fs = fs_of(req);
	const char *key = user_key(name);
	void *tmp = talloc_new(NULL);
	struct reg_caller caller = caller_of(req);
	struct inode_info info;
	int err;

	fs_stats_count(fs->stats, FS_OP_SETXATTR);
	if (!key || !key[0]) {
		fuse_reply_err(req, ENOTSUP);
		goto out;
	}
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	err = -may_change(req, &info);
	if (!err)
		err = -fs_set_property_text(fs, info.ident.id, key, value, size,
					   (flags & XATTR_CREATE ? FS_SET_CREATE : 0) |
					   (flags & XATTR_REPLACE ? FS_SET_REPLACE : 0),
					   &caller);
	/* Cached .properties listings show the change when we return. */
	if (!err)
		notifier_sync(fs->notifier);
	fuse_reply_err(req, err);
out:
	talloc_free(tmp);
}

void fs_op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	struct iokitfs *fs = fs_of(req);
	const char *key = user_key(name);
	void *tmp = talloc_new(NULL);
	struct reg_caller caller = caller_of(req);
	struct inode_info info;
	int err;

	fs_stats_count(fs->stats, FS_OP_REMOVEXATTR);
	if (!key) {
		fuse_reply_err(req, foreign_name_error(name));
		goto out;
	}
	if (!fs_node_or_reply(req, ino, tmp, &info))
		goto out;
	err = -may_change(req, &info);
	if (!err)
		err = -fs_remove_property(fs, info.ident.id, key, &caller);
	if (!err)
		notifier_sync(fs->notifier);
	fuse_reply_err(req, err);
out:
	talloc_free(tmp);
}
