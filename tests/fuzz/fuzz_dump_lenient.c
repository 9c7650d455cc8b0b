/* Fuzz target for the lenient dump paths: the input as ioreg text loaded
 * leniently (warnings recorded) and with --strict, as RTF and HTML-escaped
 * text unwrapped first, and as one lenient literal value.  A failure must
 * say where; a success must leave values that print in both styles, the
 * exact style parsing back to an identical value (what xattrs rely on). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "registry.h"
#include "sources/ioreg_text.h"
#include "sources/unwrap.h"
#include "value_literal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool print_properties(void *ctx, struct reg_entry *e)
{
	const struct reg_value *p = e->properties;

	for (size_t i = 0; i < p->u.dict.count; i++) {
		char *io = reg_value_to_literal(ctx, p->u.dict.values[i], REG_LITERAL_IOREG);
		char *ex = reg_value_to_literal(ctx, p->u.dict.values[i], REG_LITERAL_EXACT);
		struct reg_value *back;

		if (!io || !ex)
			abort();
		back = reg_value_from_literal(ctx, ex, strlen(ex), REG_LITERAL_EXACT, NULL);
		/* Symbols come back as strings; the text loader makes none. */
		if (!back || !reg_value_identical(back, p->u.dict.values[i])) {
			fprintf(stderr, "exact text does not read back: %s\n", ex);
			abort();
		}
		talloc_free(back);
		talloc_free(io);
		talloc_free(ex);
	}
	return true;
}

static void load(const char *text, size_t size, bool strict)
{
	struct registry *reg = registry_new(NULL);
	struct load_warnings *w = talloc_zero(reg, struct load_warnings);
	struct reg_parse_error err = { 0 };
	int r;

	if (!reg || !w) {
		talloc_free(reg);
		return;
	}
	w->strict = strict;
	w->file = "fuzz";
	registry_wrlock(reg);
	r = source_load_ioreg_text_warn(reg, text, size, NULL, NULL, w, &err);
	if (r != 0 && (!err.message[0] || err.offset > size))
		abort();
	if (w->kept > LOAD_WARNINGS_KEEP || w->kept > w->count)
		abort();
	for (size_t i = 0; i < w->kept; i++)
		if (strncmp(w->first[i], "fuzz", 4) != 0)
			abort();
	registry_foreach_entry(reg, print_properties, reg);
	registry_unlock(reg);
	talloc_free(reg);
}

static void ignore(void *arg, size_t offset, const char *what)
{
	size_t *size = arg;

	if (offset > *size || !what)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	void *ctx = talloc_new(NULL);
	struct reg_literal_lenient len = { .macroman = true, .warn = ignore, .arg = &size };
	struct reg_parse_error err = { 0 };
	struct reg_value *v;
	size_t used = 0, n;
	char *plain;

	load(text, size, false);
	load(text, size, true);
	plain = unwrap_rtf(ctx, text, size, &n);
	if (!plain || n > size)
		abort();
	load(plain, n, false);
	plain = unwrap_html(ctx, text, size, &n);
	if (!plain || n > size)
		abort();
	load(plain, n, false);
	v = reg_value_from_literal_line_lenient(ctx, text, size, REG_LITERAL_IOREG, &len, &used,
						&err);
	if (v && used > size)
		abort();
	if (!v && !err.message[0])
		abort();
	talloc_free(ctx);
	return 0;
}
