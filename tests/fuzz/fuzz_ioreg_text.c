/* Fuzz target for registry/sources/ioreg_text.c: loads the input as ioreg
 * text (plane inferred), then once more into the same registry as another
 * plane, the way a machine's several files merge.  A failure must say
 * where; a success must leave a tree whose every entry's properties print. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "registry.h"
#include "sources/ioreg_text.h"
#include "value_literal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool print_properties(void *ctx, struct reg_entry *e)
{
	char *text = reg_value_to_literal(ctx, e->properties, REG_LITERAL_IOREG);

	if (!text)
		abort();
	talloc_free(text);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry *reg = registry_new(NULL);
	const char *text = (const char *)data;

	if (!reg)
		return 0;
	registry_wrlock(reg);
	for (int pass = 0; pass < 2; pass++) {
		struct reg_parse_error err = { 0 };
		int r = source_load_ioreg_text(reg, text, size, pass ? "IOPower" : NULL, &err);
		if (r != 0 && (!err.message[0] || err.offset > size))
			abort();
	}
	registry_foreach_entry(reg, print_properties, reg);
	registry_unlock(reg);
	talloc_free(reg);
	return 0;
}
