/* Refusing command lines that are surely a mistake, before anything is
 * mounted: a mount point that is missing, not a directory, already a mount
 * or not empty; a PLANE=FILE whose plane macOS never uses; dumps of two
 * different Macs; a /dev/fuse the user cannot open.
 *
 * Each check prints one line to stderr ("iokitfs: ...") that says what to
 * do, and returns 0 (fine) or the exit status to use (CMDLINE_REFUSED for a
 * refusal of the command line, 1 for an environment problem).  Nothing
 * here allocates beyond ctx; nothing keeps state. */
#ifndef IOKITFS_FS_CMDLINE_CHECKS_H
#define IOKITFS_FS_CMDLINE_CHECKS_H

#include <stdbool.h>
#include <stddef.h>

/* Exit status of a refused command line (bad option, bad mount point,
 * unknown plane, mixed machines).  1 is a load or mount failure. */
#define CMDLINE_REFUSED 2

/* The mount point must exist, be a directory, not already be a mount point
 * (unless nonempty) and be empty (unless nonempty).  nspecs is the number
 * of SOURCE arguments before it (to word the hint). */
int cmdline_check_mountpoint(const char *mnt, size_t nspecs, bool nonempty);

/* PLANE=FILE specs must name a plane macOS uses unless any_plane. */
int cmdline_check_planes(const char *const *specs, size_t n, bool any_plane);

/* Two or more sources must come from one machine (equal IOPlatformUUID,
 * where each has one) unless mixed.  Loads each source on its own into a
 * scratch registry on ctx (freed before returning). */
int cmdline_check_one_machine(void *ctx, const char *const *specs, size_t n,
			      const char *sysfs_root, bool mixed);

/* Mounting needs /dev/fuse: explains what is missing when it cannot be
 * opened. */
int cmdline_check_fuse_device(void);

#endif
