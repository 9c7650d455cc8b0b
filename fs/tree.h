/* What each directory of the mount contains, how names resolve, and the
 * attributes of every node.  No FUSE here; callers hold the registry's read
 * lock. */
#ifndef IOKITFS_FS_TREE_H
#define IOKITFS_FS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "fs.h"

struct fs_dirent {
	char *name;
	struct fs_ident ident;	/* key allocated on the listing's ctx */
	bool hidden;		/* lookup only: readdir leaves it out */
};

/* Lists directory dir; the array and its strings on ctx.  Returns the count,
 * or a negative errno (-ENOENT: the entry is gone; -ENOMEM).  Every name
 * that resolves is in the list; those readdir does not show (.properties,
 * the streams and control files of .iokit: tree walkers must not read or
 * descend them) are marked hidden. */
ssize_t fs_tree_list(void *ctx, struct registry *reg, const struct fs_ident *dir,
		     struct fs_dirent **out);

/* Resolves name in dir.  Returns 0 and fills *child (key on ctx), or a
 * negative errno (-ENOENT, -ENOTDIR). */
int fs_tree_lookup(void *ctx, struct registry *reg, const struct fs_ident *dir,
		   const char *name, struct fs_ident *child);

/* Target of an FS_ENTRY_LINK (.iokit/entries/<id>), relative to
 * .iokit/entries: "../../<plane>/<component>/..." through the first parent
 * in the entry's first plane that reaches Root.  On ctx; NULL when the
 * entry is gone or in no plane (then -ENOENT in *err) or out of memory. */
char *fs_tree_link_target(void *ctx, struct registry *reg, uint64_t id, int *err);

/* Whether the thing ident shows still exists (for ESTALE). */
bool fs_tree_exists(struct registry *reg, const struct fs_ident *ident);

/* Fills st for a node (ino left for the caller).  Returns 0 or a negative
 * errno (-ENOENT when gone). */
int fs_tree_stat(const struct iokitfs *fs, const struct fs_ident *ident, struct stat *st);

/* Attributes of a property file whose key is not set (yet: created and
 * not written, or removed while open): an empty 0644 file. */
void fs_tree_stat_unset_property(const struct iokitfs *fs, struct stat *st);

#endif
