/* Loading one registry for the offline tools (iokit-diff, iokit-html).
 *
 * A source is what iokitfs accepts (source_load: "linux", .ioreg archives,
 * ioreg -a XML, ioreg -l text, PLANE=FILE, and whatever source_load learns
 * later), or the mount point of a running iokitfs, read through its files:
 * every plane directory is walked, and each entry directory's .id, .class,
 * .superclasses, .state, .busy, .retain and .plist give the entry (entries
 * seen in several places are joined by their .id).
 *
 * Ownership: the registry is allocated on ctx.  No locking is needed: the
 * registry is private to the caller.  Errors: NULL, with a one-line message
 * ("PATH: reason", "FILE:LINE: reason") in err. */
#ifndef IOKITFS_TOOLS_REGLOAD_H
#define IOKITFS_TOOLS_REGLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "parse_error.h"
#include "registry.h"

/* True when path is the root of a mounted iokitfs (it has .iokit/version). */
bool regload_is_mount(const char *path);

/* Loads specs (one mount point, or one or more source specs) into a new
 * registry on ctx. */
struct registry *regload_open(void *ctx, const char *const *specs, size_t n,
			      struct reg_parse_error *err);

#endif
