/* The FUSE low-level handlers, split by concern (ops_dir.c, ops_file.c,
 * ops_xattr.c), and what they share.  Handlers stay thin: they copy the
 * node's identity out of the inode table, take the registry read lock, ask
 * tree.c / views.c / setprop.c, unlock, and reply.
 *
 * Error convention of fs/ (see also handle.h): every helper returns 0 or a
 * negative errno; a handler's local `err` holds the positive errno it
 * replies with (err = -helper(...)); message-file handlers return an
 * IOReturn, which travels to libIOKit.  IOReturns from registry/ become
 * errnos only through reg_ioreturn_to_errno. */
#ifndef IOKITFS_FS_OPS_H
#define IOKITFS_FS_OPS_H

#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>

#include "fs.h"
#include "inode_table.h"

/* The handler table, for fuse_session_new. */
extern const struct fuse_lowlevel_ops iokitfs_ops;

static inline struct iokitfs *fs_of(fuse_req_t req)
{
	return fuse_req_userdata(req);
}

/* Node ino's identity, on ctx.  Replies ESTALE itself and returns false
 * when the node is unknown or removed. */
bool fs_node_or_reply(fuse_req_t req, fuse_ino_t ino, void *ctx, struct inode_info *info);

/* The same, but a property file whose key went away (the notifier dropped
 * its node) still answers: its identity (entry, key) stays meaningful, and
 * an open for writing, an O_TRUNC or a stat of it must not fail with
 * ESTALE while another process removes and re-creates the key. */
bool fs_propfile_node_or_reply(fuse_req_t req, fuse_ino_t ino, void *ctx,
			       struct inode_info *info);

/* Fills e for child (under parent, named name) and counts one lookup.
 * Caller holds the registry read lock.  Returns 0 or a negative errno. */
int fs_make_entry(struct iokitfs *fs, fuse_ino_t parent, const struct fs_ident *child,
		  const char *name, struct fuse_entry_param *e);

/* Daemon-side write check: the caller must own the node (every node is
 * owned by the daemon's user) or be root -- reg_policy_privileged of the
 * policy point.  Returns 0 or -EACCES. */
int fs_check_write(fuse_req_t req);

/* Handlers implemented in the split files. */
void fs_op_lookup(fuse_req_t req, fuse_ino_t parent, const char *name);
void fs_op_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup);
void fs_op_forget_multi(fuse_req_t req, size_t count, struct fuse_forget_data *forgets);
void fs_op_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void fs_op_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
		   struct fuse_file_info *fi);
void fs_op_opendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void fs_op_readdir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		   struct fuse_file_info *fi);
void fs_op_readdirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		       struct fuse_file_info *fi);
void fs_op_readlink(fuse_req_t req, fuse_ino_t ino);
void fs_op_releasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void fs_op_statfs(fuse_req_t req, fuse_ino_t ino);

void fs_op_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void fs_op_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		struct fuse_file_info *fi);
void fs_op_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		 struct fuse_file_info *fi);
void fs_op_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
void fs_op_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi);
/* Closes every handle the kernel still holds (open_handles.h): when the
 * session has ended, before the daemon's parts are stopped. */
void fs_handles_close_all(struct iokitfs *fs);
void fs_op_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
		  struct fuse_file_info *fi);
void fs_op_unlink(fuse_req_t req, fuse_ino_t parent, const char *name);

void fs_op_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size);
void fs_op_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size);
void fs_op_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name, const char *value,
		    size_t size, int flags);
void fs_op_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name);

#endif
