/* Looking a mount point up in /proc/self/mountinfo (the daemon's own mount
 * namespace): the mount-point checks of the command line and root's
 * auto_unmount watcher both need the topmost mount at a path.
 *
 * No allocation, no locking (reads the file afresh each call).  Errors:
 * false when the file cannot be read or no mount has that mount point. */
#ifndef IOKITFS_FS_MOUNTINFO_H
#define IOKITFS_FS_MOUNTINFO_H

#include <stdbool.h>

struct mountinfo_mount {
	char dev[64];		/* "major:minor" */
	char fstype[256];	/* e.g. "fuse.iokitfs"; "another file system" when
				 * the line names none */
};

/* The topmost (last listed) mount whose mount point, octal escapes undone,
 * is exactly path, into *m. */
bool mountinfo_find(const char *path, struct mountinfo_mount *m);

#endif
