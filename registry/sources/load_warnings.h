/* Oddities a dump loader recovered from: each is a warning "FILE:LINE:
 * what", counted, the first LOAD_WARNINGS_KEEP kept as text.  In strict mode
 * the first oddity fails the load instead (the caller reports it as the
 * error).
 *
 * The structure is a talloc object owned by the caller; the texts are
 * allocated on it (talloc).  Not thread-safe: one load at a time.  file is
 * set by the dispatcher for each dump file it hands a loader. */
#ifndef IOKITFS_SOURCES_LOAD_WARNINGS_H
#define IOKITFS_SOURCES_LOAD_WARNINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "parse_error.h"

#define LOAD_WARNINGS_KEEP 20

struct load_warnings {
	bool strict;		/* the first oddity is an error */
	size_t count;		/* every oddity recorded */
	size_t kept;		/* texts in first[] */
	char *first[LOAD_WARNINGS_KEEP];
	const char *file;	/* the dump file being read (for messages) */
};

/* Records an oddity at line (1-based; 0: none) of the current file.  w may
 * be NULL (lenient, nothing recorded).  Returns 0 to go on, or -1 when w is
 * strict, with err set to the oddity (the caller stops the load). */
int load_warn(struct load_warnings *w, struct reg_parse_error *err, size_t line,
	      size_t offset, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* True when oddities are errors. */
static inline bool load_strict(const struct load_warnings *w)
{
	return w && w->strict;
}

#endif
