/* Fuzz target: IOKit binary serialization reader; what it accepts must
 * serialise back and parse to an identical value. */
#include <stdint.h>
#include <stdlib.h>
#include <talloc.h>

#include "value_binary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	struct reg_parse_error err = { .message = "" };
	struct reg_value *v = reg_value_from_binary(ctx, data, size, &err);

	if (v) {
		size_t len;
		uint8_t *bin = reg_value_to_binary(ctx, v, &len);
		struct reg_value *back = bin ? reg_value_from_binary(ctx, bin, len, NULL) : NULL;
		if (bin && (!back || !reg_value_identical(v, back)))
			abort();
	}
	talloc_free(ctx);
	return 0;
}
