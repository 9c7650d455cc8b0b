/* `iokitfs --check --list`: every entry directory the mount would show,
 * one path per line relative to the mount point, plane by plane, in the
 * mount's own naming.  Tests compare it with what find sees. */
#ifndef IOKITFS_FS_LISTING_H
#define IOKITFS_FS_LISTING_H

#include <stdio.h>

#include "registry.h"

/* Caller holds the registry's read lock. */
void fs_print_listing(FILE *out, struct registry *reg);

#endif
