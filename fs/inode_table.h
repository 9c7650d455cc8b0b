/* Inode numbers for the mount's nodes.
 *
 * A node is identified by its parent's inode and what it shows (struct
 * fs_ident); the same pair always gets the same inode number for the
 * mount's lifetime, whether or not the kernel still remembers it.  Numbers
 * are never reused (a 64-bit counter), so every generation is 1.  A node
 * whose view disappears (entry removed, detached from that parent, property
 * gone) is marked removed: it is no longer found by identity, requests on
 * its inode get ESTALE, and it is freed once the kernel has forgotten it.
 *
 * Thread-safe: one mutex inside; callers get copies, never node pointers. */
#ifndef IOKITFS_FS_INODE_TABLE_H
#define IOKITFS_FS_INODE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs.h"

#define INODE_ROOT 1
#define INODE_GENERATION 1

struct inode_table;

/* What the table knows of one node, copied out. */
struct inode_info {
	uint64_t ino;
	uint64_t parent;
	struct fs_ident ident;	/* key allocated on the caller's ctx */
	char *name;		/* name under parent, on the caller's ctx */
	uint64_t nlookup;
	bool removed;
};

/* The table holds the mount root (INODE_ROOT, FS_MOUNT_ROOT of Root). */
struct inode_table *inode_table_new(void *ctx);

/* The inode of ident under parent, created if needed, remembered under name
 * (renamed if it was known by another name); its lookup count grows by
 * lookups.  Returns 0 when out of memory or when parent is unknown. */
uint64_t inode_table_get(struct inode_table *t, uint64_t parent,
			 const struct fs_ident *ident, const char *name,
			 uint64_t lookups);

/* Copies node ino into *out (strings on ctx).  False when unknown. */
bool inode_table_info(struct inode_table *t, uint64_t ino, void *ctx,
		      struct inode_info *out);

/* The kernel dropped n lookups of ino. */
void inode_table_forget(struct inode_table *t, uint64_t ino, uint64_t n);

/* Live (not removed) nodes that show entry id, and live children of a node;
 * arrays on ctx.  Return the count. */
size_t inode_table_nodes_of_entry(struct inode_table *t, uint64_t id, void *ctx,
				  struct inode_info **out);
size_t inode_table_children(struct inode_table *t, uint64_t parent, void *ctx,
			    struct inode_info **out);

/* Marks ino and everything below it removed. */
void inode_table_remove(struct inode_table *t, uint64_t ino);
/* Records a node's new name under its parent. */
void inode_table_rename(struct inode_table *t, uint64_t ino, const char *name);

/* Nodes held (live or waiting for forget), for statistics. */
size_t inode_table_count(struct inode_table *t);

#endif
