/* Tagged file handles: what an open file's fh points to.
 *
 * Every per-open state the daemon hands the kernel as fi->fh starts with a
 * struct fs_handle, whose kind says which layer owns it.  Handlers
 * dispatch on the kind (fs_handle_kind), never on talloc names or on
 * flags such as noflush that a kernel may ignore.  A handle is created at
 * open and freed at release by its own layer; between the two the daemon
 * tracks it (open_handles.h), so one the kernel never releases is closed
 * when the session ends.
 *
 * Error convention of fs/ (every layer of the daemon): FUSE handlers reply
 * themselves; helpers return 0 or a negative errno ("-errno"), except
 * where they compute a reply for libIOKit, which is an IOReturn (as
 * registry/ speaks).  IOReturns become errnos in one place,
 * reg_ioreturn_to_errno, at the edge where a file-system caller is
 * answered. */
#ifndef IOKITFS_FS_HANDLE_H
#define IOKITFS_FS_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

#define FUSE_USE_VERSION 312
#include <fuse_lowlevel.h>

enum fs_handle_kind {
	FS_HANDLE_NONE = 0,
	FS_HANDLE_FILE = 0x46494c45,		/* ops_file.c: views, property files */
	FS_HANDLE_CONTROL = 0x4354524c,		/* .iokit/control (rpc_file.c) */
	FS_HANDLE_CONNECT = 0x434f4e4e,		/* .iokit/connect (uc_file.c) */
	FS_HANDLE_NOTIFY = 0x4e4f5446,		/* .iokit/notify and watch */
	FS_HANDLE_CONN_TABLE = 0x55435442,	/* .iokit/connections/<n>/... */
};

struct fs_handle {
	enum fs_handle_kind kind;
	/* open_handles.c: the list of handles the kernel holds. */
	struct fs_handle *prev, *next;
	bool tracked;
};

static inline enum fs_handle_kind fs_handle_kind(const struct fuse_file_info *fi)
{
	return fi && fi->fh ? ((const struct fs_handle *)(uintptr_t)fi->fh)->kind
			    : FS_HANDLE_NONE;
}

#endif
