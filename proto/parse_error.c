/* Recording parser errors. */
#include "parse_error.h"

#include <stdio.h>

void reg_parse_error_set(struct reg_parse_error *err, size_t line, size_t offset,
			 const char *fmt, ...)
{
	va_list ap;

	if (!err || err->message[0])
		return;
	err->line = line;
	err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

void reg_parse_error_prefix_file(struct reg_parse_error *err, const char *path)
{
	struct reg_parse_error out = { .message = "" };

	if (!err || !err->message[0])
		return;
	if (err->line)
		reg_parse_error_set(&out, err->line, err->offset, "%s:%zu: %s", path, err->line,
				    err->message);
	else
		reg_parse_error_set(&out, 0, err->offset, "%s: %s", path, err->message);
	*err = out;
}
