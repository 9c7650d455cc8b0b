/* MNT/.iokit/control: the file through which libIOKit calls the registry
 * (docs/control-protocol.md).  One ioctl(IOKITFS_IOC_CALL) is one call;
 * a reply too large for the message is read() afterwards, a request too
 * large for it is write()n first.  Both live in the open file's state, so
 * every process (every open) has its own; message_file.h does all of that,
 * this file only runs the registry call.  Open files are FS_HANDLE_CONTROL
 * handles (handle.h). */
#ifndef IOKITFS_FS_RPC_FILE_H
#define IOKITFS_FS_RPC_FILE_H

struct fs_handle;
#include <stdbool.h>

#include "ops.h"

/* Opens the control file (any user, any access mode). */
void rpc_file_open(fuse_req_t req, struct fuse_file_info *fi);

/* read, write, release of an open control file. */
void rpc_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi);
void rpc_file_write(fuse_req_t req, const char *buf, size_t size, struct fuse_file_info *fi);
void rpc_file_release(fuse_req_t req, struct fuse_file_info *fi);
/* The release without a request (a handle left when the session ended). */
void rpc_file_close(struct fs_handle *h);

/* The daemon's ioctl handler (every file; only the control file answers). */
void fs_op_ioctl(fuse_req_t req, fuse_ino_t ino, unsigned int cmd, void *arg,
		 struct fuse_file_info *fi, unsigned flags, const void *in_buf,
		 size_t in_bufsz, size_t out_bufsz);

#endif
