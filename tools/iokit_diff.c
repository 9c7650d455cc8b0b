/* iokit-diff: compares two registries (dumps, "linux", or iokitfs mount
 * points) entry by entry and prints a unified, ioreg-styled diff, or with
 * --html a side-by-side explorer page.  Exit status as diff(1): 0 same,
 * 1 different, 2 trouble. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "config.h"
#include "htmlpage.h"
#include "regdiff.h"
#include "regload.h"


static const char usage_text[] =
	"usage: iokit-diff [-alq] [-p plane] [-s path] [-c class] [-I key]... [-A spec]... [-B spec]...\n"
	"                  [--html] A B\n"
	"  A, B          a dump (.ioreg archive, ioreg -a XML, ioreg -l text, PLANE=FILE),\n"
	"                `linux` (this machine), or the mount point of an iokitfs\n"
	"  -p PLANE      compare this plane (default IOService)\n"
	"  -s PATH       compare only the subtree at PATH (e.g. IOService:/AppleACPIPlatformExpert/PCI0@0)\n"
	"  -c CLASS      report only entries whose class is or inherits from CLASS\n"
	"  -I KEY        ignore properties named KEY (shell pattern; repeatable; any depth)\n"
	"  -a, --all     also compare registry IDs, retain and busy counts, busy times and\n"
	"                the volatile properties ignored by default\n"
	"  -A SPEC, -B SPEC  also load SPEC into A or B (e.g. -A IODeviceTree=a/IORegDT.txt)\n"
	"  -l            print the properties of added and removed entries\n"
	"  -q, --brief   only say whether the registries differ\n"
	"      --stat    one line per hunk and a summary, instead of the hunks\n"
	"      --color[=WHEN]  colour the diff: auto (a terminal; the default), always, never\n"
	"      --html    write a side-by-side explorer page (HTML) instead of text\n"
	"  -h, --help    this help;  -V, --version  the version\n"
	"Exit status: 0 same, 1 different, 2 trouble.\n";

/* One side's loading, on its own talloc context (talloc is not safe across
 * threads sharing a parent), so that A and B load on two cores. */
struct side_load {
	const char *const *specs;
	size_t n;
	void *ctx;
	struct registry *reg;
	struct reg_parse_error err;
};

static void *load_side(void *data)
{
	struct side_load *s = data;

	s->ctx = talloc_new(NULL);
	if (s->ctx)
		s->reg = regload_open(s->ctx, s->specs, s->n, &s->err);
	else
		snprintf(s->err.message, sizeof(s->err.message), "out of memory");
	return NULL;
}

/* Lines of a hunk body coloured as git does: removed red, added green. */
static void print_colored(const char *body)
{
	while (*body) {
		const char *nl = strchr(body, '\n');
		int len = nl ? (int)(nl - body) : (int)strlen(body);
		const char *c = body[0] == '-' ? "\033[31m" : body[0] == '+' ? "\033[32m" : NULL;
		if (c)
			printf("%s%.*s\033[m\n", c, len, body);
		else
			printf("%.*s\n", len, body);
		body += len + (nl ? 1 : 0);
	}
}

/* Entries listed in a one-sided hunk's body ("+-o" lines). */
static size_t subtree_entries(const char *body)
{
	size_t n = 0;

	for (const char *l = body; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		size_t sp = strspn(l + 1, " ");
		if (strncmp(l + 1 + sp, "+-o ", 4) == 0)
			n++;
	}
	return n;
}

static void print_stat(const struct regdiff_result *res)
{
	size_t changed = 0, added = 0, removed = 0, nadded = 0, nremoved = 0;

	for (size_t i = 0; i < res->nhunks; i++) {
		const struct regdiff_hunk *h = &res->hunks[i];
		size_t n;
		switch (h->kind) {
		case REGDIFF_CHANGED:
			changed++;
			printf("~ %s\n", h->path);
			break;
		case REGDIFF_ADDED:
		case REGDIFF_REMOVED:
			n = subtree_entries(h->body);
			if (h->kind == REGDIFF_ADDED)
				added++, nadded += n;
			else
				removed++, nremoved += n;
			printf("%c %s  (%zu entr%s)\n", h->kind == REGDIFF_ADDED ? '+' : '-', h->path,
			       n, n == 1 ? "y" : "ies");
			break;
		}
	}
	if (res->nhunks)
		printf("%zu entr%s changed, %zu subtree%s added (%zu entr%s), "
		       "%zu subtree%s removed (%zu entr%s)\n",
		       changed, changed == 1 ? "y" : "ies", added, added == 1 ? "" : "s",
		       nadded, nadded == 1 ? "y" : "ies", removed, removed == 1 ? "" : "s",
		       nremoved, nremoved == 1 ? "y" : "ies");
}

static bool has_linux(const char *const *specs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(specs[i], "linux") == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "brief", no_argument, NULL, 'q' },
		{ "stat", no_argument, NULL, 'S' },
		{ "color", optional_argument, NULL, 'C' },
		{ "colour", optional_argument, NULL, 'C' },
		{ "html", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "plane", required_argument, NULL, 'p' },
		{ "subtree", required_argument, NULL, 's' },
		{ "class", required_argument, NULL, 'c' },
		{ "ignore", required_argument, NULL, 'I' },
		{ NULL, 0, NULL, 0 },
	};
	void *ctx = talloc_new(NULL);
	struct regdiff_options o = { 0 };
	const char **ignore = NULL, **side[2] = { NULL, NULL };
	size_t nside[2] = { 1, 1 };
	bool brief = false, html = false, stat = false;
	int color = -1;	/* -1 auto */
	struct registry *ra, *rb;
	struct regdiff_result *res;
	char msg[512];
	int c, status = 2;

	side[0] = talloc_array(ctx, const char *, 1);
	side[1] = talloc_array(ctx, const char *, 1);
	if (!side[0] || !side[1])
		goto out;
	while ((c = getopt_long(argc, argv, "alqp:s:c:I:A:B:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'A':
		case 'B': {
			int k = c == 'B';
			side[k] = talloc_realloc(ctx, side[k], const char *, nside[k] + 1);
			if (!side[k])
				goto out;
			side[k][nside[k]++] = optarg;
			break;
		}
		case 'a': o.all = true; break;
		case 'l': o.long_subtrees = true; break;
		case 'q': brief = true; break;
		case 'S': stat = true; break;
		case 'C':
			if (!optarg || strcmp(optarg, "always") == 0) {
				color = 1;
			} else if (strcmp(optarg, "never") == 0) {
				color = 0;
			} else if (strcmp(optarg, "auto") == 0) {
				color = -1;
			} else {
				fprintf(stderr, "iokit-diff: --color takes auto, always or never\n");
				goto out;
			}
			break;
		case 'H': html = true; break;
		case 'p': o.plane = optarg; break;
		case 's': o.subtree = optarg; break;
		case 'c': o.cls = optarg; break;
		case 'I':
			ignore = talloc_realloc(ctx, ignore, const char *, o.nignore + 1);
			if (!ignore)
				goto out;
			ignore[o.nignore++] = optarg;
			o.ignore = ignore;
			break;
		case 'h':
			fputs(usage_text, stdout);
			status = 0;
			goto out;
		case 'V':
			printf("iokit-diff (iokitfs) %s\n", PACKAGE_VERSION);
			status = 0;
			goto out;
		default:
			fputs(usage_text, stderr);
			goto out;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "iokit-diff: give two registries, A and B\n%s", usage_text);
		goto out;
	}
	side[0][0] = argv[optind];
	side[1][0] = argv[optind + 1];
	struct side_load ld[2] = {
		{ .specs = side[0], .n = nside[0], .err = { .message = "" } },
		{ .specs = side[1], .n = nside[1], .err = { .message = "" } },
	};
	pthread_t th;
	/* The live source is loaded alone: it walks sysfs with udev. */
	bool parallel = !has_linux(side[0], nside[0]) && !has_linux(side[1], nside[1]) &&
			pthread_create(&th, NULL, load_side, &ld[1]) == 0;
	load_side(&ld[0]);
	if (parallel)
		pthread_join(th, NULL);
	else
		load_side(&ld[1]);
	for (int k = 0; k < 2; k++)
		if (ld[k].ctx)
			talloc_steal(ctx, ld[k].ctx);
	for (int k = 0; k < 2; k++)
		if (!ld[k].reg) {
			fprintf(stderr, "iokit-diff: %s\n", ld[k].err.message);
			goto out;
		}
	ra = ld[0].reg;
	rb = ld[1].reg;
	registry_rdlock(ra);
	registry_rdlock(rb);
	res = regdiff_run(ctx, ra, rb, &o, msg, sizeof(msg));
	if (!res) {
		fprintf(stderr, "iokit-diff: %s\n", msg);
	} else if (html) {
		struct htmlpage_view v[2] = {
			{ ra, argv[optind] }, { rb, argv[optind + 1] },
		};
		char *title = talloc_asprintf(ctx, "iokit-diff %s %s", argv[optind],
					      argv[optind + 1]);
		if (htmlpage_write(stdout, title, v, 2, res) != 0 || fflush(stdout) != 0)
			fprintf(stderr, "iokit-diff: writing the page: %s\n", strerror(errno));
		else
			status = res->nhunks ? 1 : 0;
	} else if (brief) {
		if (res->nhunks)
			printf("Registries %s and %s differ\n", argv[optind], argv[optind + 1]);
		status = fflush(stdout) == 0 ? (res->nhunks ? 1 : 0) : 2;
	} else if (stat) {
		print_stat(res);
		if (fflush(stdout) != 0 || ferror(stdout))
			fprintf(stderr, "iokit-diff: writing: %s\n", strerror(errno));
		else
			status = res->nhunks ? 1 : 0;
	} else {
		if (color < 0)
			color = isatty(STDOUT_FILENO) && getenv("TERM") && strcmp(getenv("TERM"), "dumb");
		if (res->nhunks)
			printf(color ? "\033[1m--- %s\n+++ %s\033[m\n" : "--- %s\n+++ %s\n",
			       argv[optind], argv[optind + 1]);
		for (size_t i = 0; i < res->nhunks; i++) {
			if (!color) {
				printf("%s\n%s", res->hunks[i].header, res->hunks[i].body);
				continue;
			}
			printf("\033[36m%s\033[m\n", res->hunks[i].header);
			print_colored(res->hunks[i].body);
		}
		if (fflush(stdout) != 0 || ferror(stdout))
			fprintf(stderr, "iokit-diff: writing: %s\n", strerror(errno));
		else
			status = res->nhunks ? 1 : 0;
	}
	registry_unlock(rb);
	registry_unlock(ra);
out:
	talloc_free(ctx);
	return status;
}
