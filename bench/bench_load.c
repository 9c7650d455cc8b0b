/* Benchmark of the dump loaders: for each dump in the data directory, load
 * it N times (default 10) into a new registry and print the best and median
 * load time, the entry count and the memory per entry (registry_memory_bytes,
 * i.e. talloc_total_size of the registry, divided by entries).
 *
 *   bench_load [N] [DATA_DIR]
 *
 * DATA_DIR defaults to $IOKITFS_DATA_DIR, else ../shared/data (from the
 * repository's root, where bench/run.sh passes it explicitly).  Dumps: the MacBookPro15,1 .ioreg archive; the same
 * registry written as `ioreg -a` XML (IOService plane, with properties) by
 * our own writer; the MacBookPro12,1 and MacBook8,1 `ioreg -l` text dumps
 * (IOService and IODeviceTree into one registry).  Missing files are
 * skipped with a note. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <time.h>
#include "bench_stats.h"

#include "registry.h"
#include "sources/ioreg_archive.h"
#include "sources/ioreg_text.h"
#include "sources/ioreg_xml.h"
#include "value_xml.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *slurp(void *ctx, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0) {
		fclose(f);
		return NULL;
	}
	rewind(f);
	buf = talloc_size(ctx, (size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n)
		TALLOC_FREE(buf);
	fclose(f);
	if (buf) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	return buf;
}

enum kind { ARCHIVE, XML, TEXT };

struct input {
	enum kind kind;
	const char *plane;	/* TEXT, XML */
	const char *buf;
	size_t len;
};

static int load_one(struct registry *reg, const struct input *in, size_t n,
		    struct reg_parse_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int r;
		switch (in[i].kind) {
		case ARCHIVE:
			r = source_load_ioreg_archive(reg, in[i].buf, in[i].len, err);
			break;
		case XML:
			r = source_load_ioreg_xml(reg, in[i].buf, in[i].len, in[i].plane, err);
			break;
		default:
			r = source_load_ioreg_text(reg, in[i].buf, in[i].len, in[i].plane, err);
			break;
		}
		if (r != 0)
			return r;
	}
	return 0;
}

static void bench(const char *label, const struct input *in, size_t n, int runs)
{
	double *t = malloc(sizeof(double) * (size_t)runs);
	size_t entries = 0, bytes = 0, input_bytes = 0;

	if (!t)
		return;
	for (size_t i = 0; i < n; i++)
		input_bytes += in[i].len;
	for (int r = 0; r < runs; r++) {
		struct registry *reg = registry_new(NULL);
		struct reg_parse_error err = { .message = "" };
		double t0 = now_ms();
		int rc;

		registry_wrlock(reg);
		rc = load_one(reg, in, n, &err);
		registry_unlock(reg);
		t[r] = now_ms() - t0;
		if (rc != 0) {
			printf("%-34s FAILED: line %zu offset %zu: %s\n", label, err.line,
			       err.offset, err.message);
			talloc_free(reg);
			free(t);
			return;
		}
		entries = registry_entry_count(reg);
		bytes = registry_memory_bytes(reg);
		talloc_free(reg);
	}
	qsort(t, (size_t)runs, sizeof(double), bench_compare_double);
	printf("%-34s %9.1f %9.1f %8zu %10zu %8zu %9.1f\n", label, t[0], t[runs / 2], entries,
	       bytes, entries ? bytes / entries : 0, (double)input_bytes / 1e6);
	free(t);
}

static const char *data_dir(const char *arg)
{
	if (arg)
		return arg;
	if (getenv("IOKITFS_DATA_DIR"))
		return getenv("IOKITFS_DATA_DIR");
	return "../shared/data";
}

int main(int argc, char **argv)
{
	void *ctx = talloc_new(NULL);
	int runs = argc > 1 ? atoi(argv[1]) : 10;
	const char *dir = data_dir(argc > 2 ? argv[2] : NULL);
	static const char *const text_machines[] = { "macbookpro12-1", "macbook8-1" };
	char *path;
	struct input in[2];
	size_t len;
	char *archive;

	if (runs < 1)
		runs = 1;
	printf("%d runs each; data in %s\n", runs, dir);
	printf("%-34s %9s %9s %8s %10s %8s %9s\n", "dump", "best ms", "median ms", "entries",
	       "bytes", "B/entry", "input MB");

	path = talloc_asprintf(ctx, "%s/macbookpro15-1/registry.ioreg", dir);
	archive = slurp(ctx, path, &len);
	if (!archive) {
		printf("SKIP: %s absent\n", path);
	} else {
		struct registry *reg = registry_new(ctx);
		struct reg_parse_error err = { .message = "" };
		struct reg_value *dict;
		char *xml = NULL;
		size_t xml_len = 0;

		in[0] = (struct input){ ARCHIVE, NULL, archive, len };
		bench("MacBookPro15,1 .ioreg archive", in, 1, runs);

		/* The same registry as ioreg -a XML (our writer), IOService. */
		if (source_load_ioreg_archive(reg, archive, len, &err) == 0) {
			dict = ioreg_archive_dict(ctx, reg, registry_root(reg),
						  registry_plane_index(reg, "IOService"), true, true);
			xml = dict ? reg_value_to_xml(ctx, dict, 0, &xml_len) : NULL;
		}
		if (xml) {
			in[0] = (struct input){ XML, "IOService", xml, xml_len };
			bench("MacBookPro15,1 ioreg -a IOService", in, 1, runs);
		} else {
			printf("SKIP: could not build the ioreg -a XML: %s\n", err.message);
		}
	}

	for (size_t m = 0; m < 2; m++) {
		char *service, *dt, *label;
		size_t service_len, dt_len;

		path = talloc_asprintf(ctx, "%s/%s/IOReg.txt", dir, text_machines[m]);
		service = slurp(ctx, path, &service_len);
		path = talloc_asprintf(ctx, "%s/%s/IORegDT.txt", dir, text_machines[m]);
		dt = slurp(ctx, path, &dt_len);
		if (!service || !dt) {
			printf("SKIP: %s/%s text dumps absent\n", dir, text_machines[m]);
			continue;
		}
		in[0] = (struct input){ TEXT, "IOService", service, service_len };
		in[1] = (struct input){ TEXT, "IODeviceTree", dt, dt_len };
		label = talloc_asprintf(ctx, "%s ioreg -l (2 planes)", text_machines[m]);
		bench(label, in, 2, runs);
	}
	talloc_free(ctx);
	return 0;
}
