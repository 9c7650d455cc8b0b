/* Reading a whole input file (a dump, a key table, a drivers file) with a
 * size cap, so that a wrong path (a disk image, a FIFO) fails fast. */
#ifndef IOKITFS_REGISTRY_READ_FILE_H
#define IOKITFS_REGISTRY_READ_FILE_H

#include <stddef.h>

#include "parse_error.h"

/* The file's bytes plus a terminating NUL, on ctx, and *len without the
 * NUL; NULL with err set ("PATH: reason") when it is not a regular file of
 * at most max bytes or cannot be read. */
char *reg_read_file(void *ctx, const char *path, size_t max, size_t *len,
		    struct reg_parse_error *err);

#endif
