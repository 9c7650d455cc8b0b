/* The last refused property change of each user, for `cat
 * MNT/.iokit/lasterror`: setfattr and write(2) only get EINVAL back, so the
 * daemon keeps the one-line reason (which entry, which key, what type was
 * expected) per uid.  A reader sees only the errors of its own uid, so one
 * user cannot read what another tried.  The table holds the most recent
 * FS_LAST_ERROR_USERS users; the oldest is dropped.  Thread-safe (one
 * mutex).  Owned by ctx. */
#ifndef IOKITFS_FS_LAST_ERROR_H
#define IOKITFS_FS_LAST_ERROR_H

#include <stddef.h>
#include <sys/types.h>

#define FS_LAST_ERROR_USERS 64

struct fs_last_errors;

struct fs_last_errors *fs_last_errors_new(void *ctx);
/* Records message (one line, no newline) as uid's last error. */
void fs_last_error_set(struct fs_last_errors *t, uid_t uid, const char *message);
/* uid's last error as "message\n", or "" when there is none; on ctx. */
char *fs_last_error_render(void *ctx, struct fs_last_errors *t, uid_t uid);

#endif
