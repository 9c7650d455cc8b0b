/* Fuzz target for SOURCEs that are not one dump file: the input written as
 * a file inside a folder, then loaded as the file (a .zip or other archive
 * goes through libarchive) and as the folder (found by content), leniently
 * and with --strict.  A failure must say why; nothing may crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "registry.h"
#include "sources/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/iokitfs-fuzz-XXXXXX";
static char sub[64], file[96];

static void cleanup(void)
{
	unlink(file);
	rmdir(sub);
	rmdir(dir);
}

static void load(const char *spec, bool strict)
{
	struct registry *reg = registry_new(NULL);
	struct source_options opts = { 0 };
	struct reg_parse_error err = { 0 };

	if (!reg)
		return;
	opts.warnings = talloc_zero(reg, struct load_warnings);
	if (!opts.warnings) {
		talloc_free(reg);
		return;
	}
	opts.warnings->strict = strict;
	if (source_load(reg, reg, &spec, 1, &opts, NULL, &err) != 0 && !err.message[0])
		abort();
	talloc_free(reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f;

	if (!sub[0]) {
		if (!mkdtemp(dir))
			abort();
		snprintf(sub, sizeof(sub), "%s/report.ioreg", dir);
		snprintf(file, sizeof(file), "%s/contents", sub);
		if (mkdir(sub, 0700) != 0)
			abort();
		atexit(cleanup);
	}
	f = fopen(file, "wb");
	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	load(file, false);
	load(dir, false);
	load(dir, true);
	return 0;
}
