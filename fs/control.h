/* The files of /.iokit that are about the daemon, not an entry: stats
 * (request counts; writing "0" resets them) and version. */
#ifndef IOKITFS_FS_CONTROL_H
#define IOKITFS_FS_CONTROL_H

#include <stddef.h>

#include "driver.h"
#include "fs.h"

/* Contents of an FS_STATS or FS_VERSION node, on ctx. */
char *fs_control_render(void *ctx, struct iokitfs *fs, enum fs_kind kind, size_t *len);
/* A write to a control file: "0" to stats resets the counters; a line
 * "ACTION DEVPATH" to uevent feeds the live source a device event (root
 * only).  Returns 0 or a negative errno. */
int fs_control_write(struct iokitfs *fs, enum fs_kind kind, const char *buf, size_t len,
		     const struct reg_caller *caller);

#endif
