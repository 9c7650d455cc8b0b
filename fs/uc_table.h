/* MNT/.iokit/connections: the open user-client connections, for shell users
 * (docs/user-clients.md).  <n>/info describes connection n (its opener's
 * pid, uid and gid among it: mode 0400, read by the opener's uid or root);
 * <n>/memory/<type> is each region the connection has mapped, read and
 * written with pread/pwrite (dd) by the opener's uid (or root); other uids
 * get EACCES on both.
 *
 * One table per daemon process, behind a mutex: the tree code (tree.c) only
 * has the registry, and the table must not call drivers, which want the
 * registry's write lock.  Regions are recorded when the connection maps
 * them, with a descriptor of their own. */
#ifndef IOKITFS_FS_UC_TABLE_H
#define IOKITFS_FS_UC_TABLE_H

struct fs_handle;
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ops.h"

struct reg_connection;

/* A new row for an opened connection; its number (> 0), or 0 out of memory. */
uint64_t uc_table_add(const struct reg_connection *conn);
/* The connection closed: its directory goes.  0 does nothing. */
void uc_table_remove(uint64_t n);
/* The connection mapped type: fd (taken, closed on failure or removal) at
 * offset, size bytes. */
void uc_table_add_region(uint64_t n, uint32_t type, int fd, uint64_t offset,
			 uint64_t size, bool read_only);

/* For tree.c: listing (names and idents on ctx; the count or -ENOMEM),
 * existence and attributes of the FS_CONN* kinds. */
ssize_t uc_table_list(void *ctx, const struct fs_ident *dir, char ***names,
		      struct fs_ident **idents);
bool uc_table_exists(const struct fs_ident *ident);
/* Directories: mtime; files: mode, owner and size.  st holds the rest. */
void uc_table_stat(const struct fs_ident *ident, struct stat *st);

/* The files (ops_file.c). */
void uc_table_file_open(fuse_req_t req, const struct fs_ident *ident,
			struct fuse_file_info *fi);
void uc_table_file_read(fuse_req_t req, size_t size, off_t off, struct fuse_file_info *fi);
void uc_table_file_write(fuse_req_t req, const char *buf, size_t size, off_t off,
			 struct fuse_file_info *fi);
void uc_table_file_release(fuse_req_t req, struct fuse_file_info *fi);
/* The release without a request (a handle left when the session ended). */
void uc_table_file_close(struct fs_handle *h);

#endif
