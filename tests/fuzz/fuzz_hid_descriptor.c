/* Fuzz target for registry/sources/hid_descriptor.c and hid_properties.c:
 * any input either parses into a summary whose invariants hold (pairs
 * within bounds and distinct, a primary usage exactly when there is a
 * collection, at least 1 byte per report kind when report IDs are used) or
 * fails with a known status and an offset inside the input; the same
 * input always gives the same answer, and publishing it as properties puts
 * the keys the summary says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "hid_descriptor.h"
#include "hid_properties.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hid_desc_info a, b;
	size_t at = (size_t)-1;
	enum hid_desc_status st = hid_descriptor_parse(data, size, &a, &at);
	void *ctx;
	struct reg_value *props;

	if (hid_descriptor_parse(data, size, &b, NULL) != st || memcmp(&a, &b, sizeof(a)))
		abort();
	if (st != HID_DESC_OK) {
		if (st > HID_DESC_TOO_LARGE || at > size || a.npairs || a.has_primary)
			abort();
	} else {
		if (a.npairs > HID_DESC_MAX_PAIRS || a.has_primary != (a.ncollections > 0) ||
		    (a.npairs > 0) != (a.ncollections > 0))
			abort();
		for (size_t i = 0; i < a.npairs; i++)
			for (size_t j = i + 1; j < a.npairs; j++)
				if (a.pairs[i].page == a.pairs[j].page &&
				    a.pairs[i].usage == a.pairs[j].usage)
					abort();
		if (a.uses_report_ids && (!a.max_input || !a.max_output || !a.max_feature))
			abort();
	}
	ctx = talloc_new(NULL);
	props = reg_value_new_dict(ctx);
	if (!props || hid_put_descriptor_properties(props, data, size) != st)
		abort();
	if ((st == HID_DESC_OK) != (reg_dict_get(props, "MaxInputReportSize") != NULL))
		abort();
	if (st == HID_DESC_OK && a.npairs) {
		const struct reg_value *pairs = reg_dict_get(props, "DeviceUsagePairs");

		if (!pairs || pairs->u.array.count != a.npairs)
			abort();
	}
	talloc_free(ctx);
	return 0;
}
