/* Fuzz target: the XML plist reader; whatever it accepts must survive our
 * writer and read back identical (both layouts). */
#include <stdint.h>
#include <stdlib.h>
#include <talloc.h>

#include "value_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	struct reg_parse_error err = { .message = "" };
	struct reg_value *v = reg_value_from_xml(ctx, (const char *)data, size, &err);

	if (v) {
		unsigned flags[] = { 0, REG_XML_FRAGMENT | REG_XML_SORT_KEYS };
		for (size_t i = 0; i < 2; i++) {
			size_t len;
			char *xml = reg_value_to_xml(ctx, v, flags[i], &len);
			struct reg_value *back;

			if (!xml)
				abort();
			back = reg_value_from_xml(ctx, xml, len, &err);
			if (!back)
				abort();
			if (i == 0 ? !reg_value_identical(back, v) : !reg_value_equal(back, v))
				abort();
		}
	} else if (!err.message[0]) {
		abort();	/* every failure must say why */
	}
	talloc_free(ctx);
	return 0;
}
