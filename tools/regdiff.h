/* Structural comparison of two registries, for iokit-diff (text and HTML).
 *
 * Entries are matched by their place in one plane, not by registry ID: the
 * two plane roots (IOService:/) always match, and below them children match
 * by their component "name@location" in the plane.  Siblings sharing a
 * component (duplicates) are paired first with a sibling of identical class
 * and properties, then in order with one of the same class, then in order.
 * A duplicate's component is shown with the suffix "~0x<registry ID>" of its
 * own registry, as the iokitfs mount names it.
 *
 * What counts as a change: the class, the state (registered, matched,
 * active), the plane name, and the properties (CoreFoundation equality:
 * dictionary order and number widths do not count).  Registry IDs, retain
 * counts, busy counts and busy times count only with `all`; so do the
 * properties in regdiff_volatile_keys (kernel counters and pointers).
 *
 * Ownership: everything in a result is allocated on the ctx given to
 * regdiff_run, which may reference entries of both registries (the caller
 * keeps them alive and read-locked while it uses the result). */
#ifndef IOKITFS_TOOLS_REGDIFF_H
#define IOKITFS_TOOLS_REGDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

struct regdiff_options {
	const char *plane;		/* default "IOService" */
	const char *subtree;		/* a path ("IOService:/a/b" or "/a/b"); NULL: all */
	const char *cls;		/* report only entries conforming to this class */
	const char *const *ignore;	/* fnmatch patterns of property keys (any depth) */
	size_t nignore;
	bool all;			/* compare IDs, retain/busy counts, volatile keys */
	bool long_subtrees;		/* print properties of added/removed entries */
};

enum regdiff_kind {
	REGDIFF_CHANGED = 1,
	REGDIFF_ADDED,		/* a subtree only in B */
	REGDIFF_REMOVED,	/* a subtree only in A */
};

/* One hunk: a header line ("@@ PATH @@ ...") and body lines, each ending in
 * '\n' and starting with '-', '+' or ' '. */
struct regdiff_hunk {
	enum regdiff_kind kind;
	const struct reg_entry *a, *b;	/* NULL on the missing side */
	char *path;			/* plane path (A's, or B's when added) */
	char *header;
	char *body;
};

struct regdiff_pair {
	const struct reg_entry *a, *b;
};

struct regdiff_result {
	const char *plane;		/* the plane compared */
	struct regdiff_hunk *hunks;
	size_t nhunks;
	struct regdiff_pair *pairs;	/* every matched entry pair, walk order */
	size_t npairs;
};

/* Keys ignored unless `all`: NULL-terminated. */
extern const char *const regdiff_volatile_keys[];

/* Compares a and b (both read-locked by the caller).  Returns NULL with a
 * message in err (size errlen) when the plane or subtree is in neither. */
struct regdiff_result *regdiff_run(void *ctx, const struct registry *a,
				   const struct registry *b,
				   const struct regdiff_options *opts,
				   char *err, size_t errlen);

#endif
