/* Fuzz target: the ioreg -a loader; what it loads must write back (per
 * plane) into XML that loads again. */
#include <stdint.h>
#include <stdlib.h>
#include <talloc.h>

#include "registry.h"
#include "sources/ioreg_xml.h"
#include "value_xml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *ctx = talloc_new(NULL);
	struct registry *reg = registry_new(ctx);
	struct reg_parse_error err = { .message = "" };

	if (!reg)
		goto out;
	if (source_load_ioreg_xml(reg, (const char *)data, size, NULL, &err) != 0) {
		if (!err.message[0])
			abort();	/* every failure must say why */
		goto out;
	}
	for (int p = 0; p < (int)registry_plane_count(reg); p++) {
		struct reg_value *d = ioreg_archive_dict(ctx, reg, registry_root(reg), p,
							 true, true);
		struct registry *again = registry_new(ctx);
		size_t len;
		char *xml;

		if (!d || !again)
			abort();
		xml = reg_value_to_xml(ctx, d, 0, &len);
		if (!xml)
			abort();
		if (source_load_ioreg_xml(again, xml, len, registry_plane_name(reg, p),
					  &err) != 0)
			abort();
		if (registry_entry_count(again) > registry_entry_count(reg))
			abort();
	}
out:
	talloc_free(ctx);
	return 0;
}
