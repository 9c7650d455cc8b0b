/* MNT/.iokit/connect: user-client connections (proto/uc_wire.h).  Each
 * open of the file is one connection; ioctl(IOKITFS_IOC_UC) opens it on a
 * service, calls its methods, maps its memory; release closes it, or runs
 * the driver's died path when the process went away without closing.
 *
 * Memory goes to clients as descriptors through a socket the client
 * listens on (FUSE replies carry no descriptors), only to the opening
 * process; the request's own thread sends it without waiting
 * (proto/uc_wire.h). */
#ifndef IOKITFS_FS_UC_FILE_H
#define IOKITFS_FS_UC_FILE_H

struct fs_handle;
#include <stdbool.h>

#include "ops.h"

void uc_file_open(fuse_req_t req, struct fuse_file_info *fi);
void uc_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi);
void uc_file_write(fuse_req_t req, const char *buf, size_t size, struct fuse_file_info *fi);
void uc_file_release(fuse_req_t req, struct fuse_file_info *fi);
/* The release without a request (a handle left when the session ended). */
void uc_file_close(struct fs_handle *h);
void uc_file_ioctl(fuse_req_t req, unsigned int cmd, struct fuse_file_info *fi,
		   unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz);

#endif
