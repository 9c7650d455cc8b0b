/* Where and why a parser rejected its input, for messages such as
 * "IOReg.txt:1234: unterminated string". */
#ifndef IOKITFS_REGISTRY_PARSE_ERROR_H
#define IOKITFS_REGISTRY_PARSE_ERROR_H

#include <stdarg.h>
#include <stddef.h>

struct reg_parse_error {
	char message[256];
	size_t line;	/* 1-based; 0 when the format has no lines */
	size_t offset;	/* byte offset into the input */
};

/* Records the first error only; later calls keep the first. */
void reg_parse_error_set(struct reg_parse_error *err, size_t line, size_t offset,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Puts the file name in front of a recorded error: "path:line: why", or
 * "path: why" when it has no line.  Nothing when no error is recorded. */
void reg_parse_error_prefix_file(struct reg_parse_error *err, const char *path);

#endif
