/* The handles the kernel holds: every fi->fh the daemon handed out at open
 * and has not taken back at release.
 *
 * The kernel sends RELEASE after the last close, asynchronously; when the
 * session ends first (a client closes as the daemon is told to stop), no
 * RELEASE ever comes and the handle would be lost with whatever it holds
 * (a quota charge, a user-client connection, a notification port).  The
 * daemon closes what is left here once its loop's threads are gone
 * (fs_handles_close_all, ops_file.c).
 *
 * A handle is tracked from just before the open is answered (so a RELEASE
 * racing the answer finds it) until its release.  The links live in the
 * struct fs_handle every handle starts with (handle.h).  Thread-safe: one
 * mutex; nothing else is done under it. */
#ifndef IOKITFS_FS_OPEN_HANDLES_H
#define IOKITFS_FS_OPEN_HANDLES_H

#include <stddef.h>

#include "handle.h"

struct open_handles;

/* On ctx; NULL when out of memory. */
struct open_handles *open_handles_new(void *ctx);
void open_handles_add(struct open_handles *hs, struct fs_handle *h);
void open_handles_remove(struct open_handles *hs, struct fs_handle *h);
/* Unlinks and returns one handle still held, or NULL. */
struct fs_handle *open_handles_take(struct open_handles *hs);

#endif
