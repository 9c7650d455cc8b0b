/* Fuzz target: the .ioreg archive loader (libplist underneath). */
#include <stdint.h>
#include <stdlib.h>
#include <talloc.h>

#include "registry.h"
#include "sources/ioreg_archive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct registry *reg = registry_new(NULL);
	struct reg_parse_error err = { .message = "" };

	if (!reg)
		return 0;
	if (source_load_ioreg_archive(reg, data, size, &err) != 0 && !err.message[0])
		abort();	/* every failure must say why */
	talloc_free(reg);
	return 0;
}
