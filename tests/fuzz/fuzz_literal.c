/* Fuzz target for registry/value_literal.c: every input is parsed in each
 * style, as a line and as a bare value; whatever parses is printed in EXACT
 * style and must parse back identical (the printer/parser contract). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "value.h"
#include "value_literal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_exact_round_trip(void *ctx, const struct reg_value *v)
{
	for (unsigned flags = REG_LITERAL_EXACT; flags <= 3; flags += 2) {
		struct reg_parse_error err = { 0 };
		char *text = reg_value_to_literal(ctx, v, flags);
		struct reg_value *back;

		if (!text)
			abort();	/* parsed values are never too deep to print */
		back = reg_value_from_literal(ctx, text, strlen(text), flags, &err);
		if (!back)
			abort();
		/* Symbols never come out of the parser, so identity must hold. */
		if (!reg_value_identical(v, back))
			abort();
	}
	/* The ioreg style always prints something. */
	if (!reg_value_to_literal(ctx, v, REG_LITERAL_IOREG))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	const char *text = (const char *)data;
	struct reg_value *like[5];
	size_t used;

	if (!ctx)
		return 0;
	for (unsigned flags = 0; flags <= 3; flags++) {
		struct reg_parse_error err = { 0 };
		struct reg_value *v = reg_value_from_literal(ctx, text, size, flags, &err);
		if (v)
			check_exact_round_trip(ctx, v);
		else if (!err.message[0] || err.offset > size)
			abort();	/* every failure says where and why */
	}
	{
		struct reg_parse_error err = { 0 };
		struct reg_value *v = reg_value_from_literal_line(ctx, text, size, 0, &used, &err);
		if (v && (used > size || (used < size && text[used] != '\n')))
			abort();
		if (v)
			check_exact_round_trip(ctx, v);
	}
	like[0] = reg_value_new_number(ctx, 1, 8);
	like[1] = reg_value_new_string(ctx, "s");
	like[2] = reg_value_new_bool(ctx, true);
	like[3] = reg_value_new_data(ctx, "d", 1);
	like[4] = reg_value_new_dict(ctx);
	for (size_t i = 0; i < 5; i++) {
		struct reg_parse_error err = { 0 };
		struct reg_value *v = reg_value_from_text_as(ctx, text, size, like[i], &err);
		if (v && v->type != REG_SYMBOL)
			check_exact_round_trip(ctx, v);
	}
	talloc_free(ctx);
	return 0;
}
