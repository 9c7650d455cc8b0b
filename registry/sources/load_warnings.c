/* Recording the oddities a lenient dump loader recovered (see
 * load_warnings.h). */
#include "load_warnings.h"

#include <stdarg.h>
#include <stdio.h>
#include <talloc.h>

int load_warn(struct load_warnings *w, struct reg_parse_error *err, size_t line,
	      size_t offset, const char *fmt, ...)
{
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (!w)
		return 0;
	if (w->strict) {
		reg_parse_error_set(err, line, offset, "%s (refused by --strict)", what);
		return -1;
	}
	if (w->kept < LOAD_WARNINGS_KEEP) {
		const char *file = w->file ? w->file : "dump";
		char *t = line ? talloc_asprintf(w, "%s:%zu: %s", file, line, what)
			       : talloc_asprintf(w, "%s: %s", file, what);
		if (t)
			w->first[w->kept++] = t;
	}
	w->count++;
	return 0;
}
