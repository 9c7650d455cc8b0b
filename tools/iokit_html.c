/* iokit-html: writes one self-contained HTML page (inline CSS and
 * JavaScript, no network) for exploring a registry the way
 * IORegistryExplorer does.  The sources are loaded as iokitfs loads them. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include "config.h"
#include "htmlpage.h"
#include "regload.h"


static const char usage_text[] =
	"usage: iokit-html [-t title] [-o file] SOURCE... > explorer.html\n"
	"  SOURCE        a dump (.ioreg archive, ioreg -a XML, ioreg -l text, PLANE=FILE;\n"
	"                several files make one registry, as iokitfs loads them), `linux`\n"
	"                (this machine), or the mount point of an iokitfs\n"
	"  -t TITLE      the page's title (default: the sources)\n"
	"  -o FILE       write to FILE instead of standard output\n"
	"  -h, --help    this help;  -V, --version  the version\n";

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	void *ctx = talloc_new(NULL);
	const char *title = NULL, *outpath = NULL;
	struct reg_parse_error err = { .message = "" };
	struct registry *reg;
	FILE *out = stdout;
	int c, status = 1;

	while ((c = getopt_long(argc, argv, "t:o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 't': title = optarg; break;
		case 'o': outpath = optarg; break;
		case 'h':
			fputs(usage_text, stdout);
			status = 0;
			goto out;
		case 'V':
			printf("iokit-html (iokitfs) %s\n", PACKAGE_VERSION);
			status = 0;
			goto out;
		default:
			fputs(usage_text, stderr);
			status = 2;
			goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "iokit-html: give at least one SOURCE\n%s", usage_text);
		status = 2;
		goto out;
	}
	if (!title) {
		char *t = talloc_strdup(ctx, argv[optind]);
		for (int i = optind + 1; t && i < argc; i++)
			t = talloc_asprintf_append(t, " %s", argv[i]);
		title = t ? t : "registry";
	}
	reg = regload_open(ctx, (const char *const *)&argv[optind], (size_t)(argc - optind),
			   &err);
	if (!reg) {
		fprintf(stderr, "iokit-html: %s\n", err.message);
		goto out;
	}
	if (outpath && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "iokit-html: %s: %s\n", outpath, strerror(errno));
		goto out;
	}
	registry_rdlock(reg);
	struct htmlpage_view v = { reg, title };
	if (htmlpage_write(out, title, &v, 1, NULL) != 0 || fflush(out) != 0)
		fprintf(stderr, "iokit-html: writing %s: %s\n", outpath ? outpath : "the page",
			strerror(errno));
	else
		status = 0;
	registry_unlock(reg);
	if (outpath && fclose(out) != 0 && status == 0) {
		fprintf(stderr, "iokit-html: %s: %s\n", outpath, strerror(errno));
		status = 1;
	}
out:
	talloc_free(ctx);
	return status;
}
