/* Contents of the generated files of an entry: .ioreg, .plist, the metadata
 * files and .properties/<key>.  No FUSE here.  Callers hold the registry's
 * read lock. */
#ifndef IOKITFS_FS_VIEWS_H
#define IOKITFS_FS_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "fs.h"

/* File name of a view (".ioreg"...), or NULL for an unknown one. */
const char *fs_view_name(int view);
/* The view called name, or 0. */
int fs_view_by_name(const char *name);

/* Renders an FS_VIEW or FS_PROPFILE node into a new buffer on ctx (*len
 * bytes, NUL-terminated for convenience).  Returns NULL with *err set to a
 * positive errno (ENOENT: the entry or key is gone; ENOMEM). */
char *fs_view_render(void *ctx, struct registry *reg, const struct fs_ident *ident,
		     size_t *len, int *err);

/* Whether st_size of this node is its real length (cheap to compute) or
 * reported as 0 (generated on read, like /proc). */
bool fs_view_size_known(const struct fs_ident *ident);

/* The "registered matched active" words of an entry's state. */
char *fs_state_words(void *ctx, const struct reg_entry *e);

#endif
