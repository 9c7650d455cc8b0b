/* Registry paths, formed and parsed as IOKit's IORegistryEntry::getPath and
 * IORegistryEntry::fromPath do (docs/iokit-semantics.md §2).
 *
 * A path is "<plane>:" followed by "/component" for each entry from just
 * below the plane root (Root's first child in the plane) down to the entry;
 * a component is "name" or "name@location" in that plane.  The plane root is
 * "<plane>:/".  When the entry or one of its ancestors has an alias (a
 * property of the plane's "/aliases" entry whose value, read as a path, leads
 * back to it; the shortest name wins), the path restarts at the alias:
 * "<plane>:alias/rest".
 *
 * The caller holds the registry's read lock. */
#ifndef IOKITFS_REGISTRY_PATH_H
#define IOKITFS_REGISTRY_PATH_H

#include <stdbool.h>

#include "registry.h"

/* Longest plane name a path prefix may carry (kIOMaxPlaneName is 32, and the
 * name must be shorter). */
#define REG_PATH_MAX_PLANE_NAME 32
/* Name and location are each cut to this many characters in a component
 * (IOKit's getPathComponent uses strnlen(…, sizeof(io_name_t))). */
#define REG_PATH_MAX_COMPONENT_PART 128
/* Aliases that point at aliases are followed this deep, then fail. */
#define REG_PATH_MAX_ALIAS_DEPTH 8

/* The entry's path in plane, allocated on ctx.  NULL when the plane is
 * invalid, when e is Root (it lies above the plane root, and IOKit's getPath
 * fails for it), when e is not attached in the plane, or when its first
 * parents do not lead to the plane root (e.g. below a second root child).
 * IOKit's length limits (512 bytes for IORegistryEntryGetPath, 16384 for
 * IORegistryEntryCopyPath) are the caller's to apply. */
char *registry_entry_path(void *ctx, const struct reg_entry *e, int plane);

/* IORegistryEntry::fromPath.  The plane comes from the prefix before the
 * first ':' (shorter than 32 characters, case-sensitive); when there is no
 * such prefix naming a known plane, default_plane is used for the whole text,
 * and with default_plane REG_NO_PLANE the lookup fails.  Then:
 * "/" is the plane root, each "/component" picks the first child whose name
 * in the plane is a prefix of the component followed by end, '/', ':' or '@'
 * and, with "@loc", whose location matches as hex numbers separated by ',' or
 * ':' (reg_path_location_matches); text that does not start with '/' starts
 * with an alias name from "/aliases".  Text left over makes the lookup fail.
 * Returns NULL when nothing is found. */
struct reg_entry *registry_lookup_path(const struct registry *reg, const char *path,
				       int default_plane);

/* fromPath with the plane already known: path has no plane prefix. */
struct reg_entry *registry_lookup_path_in_plane(const struct registry *reg,
						const char *path, int plane);

/* IOKit's matchPathLocation: cmp (the text after '@' in a path component)
 * against location.  Returns a pointer just past the location text in cmp
 * (at the '/', ':' or end that follows it), or NULL when they differ. */
const char *reg_path_location_matches(const char *cmp, const char *location);

#endif
