/* -o auto_unmount for root, without fusermount3.
 *
 * libfuse hands auto_unmount to fusermount3, whose watcher checks the
 * mount from a private mount namespace it makes with
 * mount("", "/", MS_REC|MS_PRIVATE).  That fails with EINVAL where "/" is
 * not a mount point (a chroot, some containers), and the watcher then
 * leaves the dead mount behind ("Transport endpoint is not connected").
 * As root the daemon mounts by itself, so it watches by itself too: a
 * child process waits for the daemon to end (end of file on a pipe whose
 * write end only the daemon holds) and then lazily unmounts the mount
 * point if the mount the daemon made is still there (same device number in
 * /proc/self/mountinfo: a later mount at the same place is left alone).
 * Other users keep fusermount3's auto_unmount (they cannot unmount).
 *
 * Errors: auto_unmount_start returns 0, or -1 with a message on stderr
 * (the mount then works without auto_unmount). */
#ifndef IOKITFS_FS_AUTO_UNMOUNT_H
#define IOKITFS_FS_AUTO_UNMOUNT_H

/* Starts the watcher for the mount just made at mountpoint (absolute, as
 * libfuse's command-line parsing gives it).  The watcher closes every
 * descriptor it inherits (above all /dev/fuse's) but its end of the pipe;
 * it is reaped by init once the daemon is gone. */
int auto_unmount_start(const char *mountpoint);

#endif
