/* Matching speed in a synthetic 100,000-entry registry (target: at most
 * 2 ms per match for class, IONameMatch incl. compatible, IOPropertyMatch
 * and class IOService = everything).
 *
 * The registry has a few hundred classes three levels below IOService and
 * a service tree five levels deep; one class ("BenchTarget") has 50
 * instances, one entry in 1,000 is an IOPCIDevice with "name" and
 * "compatible" data.  Each case runs repeatedly and reports the median time
 * per match and its ratio to the 2 ms target, and the first run's time
 * (which builds the index it uses, lazily); the last cases time the first
 * match after a change, which rebuilds the index.
 *
 * Usage: bench_match [ENTRIES] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <time.h>
#include "bench_stats.h"

#include "match.h"
#include "registry.h"

#define TARGET_MS 2.0
#define FAMILIES 20
#define SUBS 10
#define LEAVES 2

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void declare_classes(struct registry *reg)
{
	char fam[64], sub[64], leaf[64];

	registry_class_declare(reg, "BenchTarget", "IOService");
	for (int f = 0; f < FAMILIES; f++) {
		snprintf(fam, sizeof(fam), "BenchFamily%d", f);
		registry_class_declare(reg, fam, "IOService");
		for (int s = 0; s < SUBS; s++) {
			snprintf(sub, sizeof(sub), "BenchFamily%d_Sub%d", f, s);
			registry_class_declare(reg, sub, fam);
			for (int l = 0; l < LEAVES; l++) {
				snprintf(leaf, sizeof(leaf), "BenchFamily%d_Sub%d_Leaf%d", f, s, l);
				registry_class_declare(reg, leaf, sub);
			}
		}
	}
}

/* A class for entry i: mostly leaves, some intermediate classes. */
static void class_for(size_t i, char *buf, size_t len)
{
	unsigned f = (unsigned)(i * 2654435761u >> 7) % FAMILIES;
	unsigned s = (unsigned)(i / 7) % SUBS, l = (unsigned)i % LEAVES;

	switch (i % 10) {
	case 0:
		snprintf(buf, len, "BenchFamily%u", f);
		break;
	case 1:
	case 2:
		snprintf(buf, len, "BenchFamily%u_Sub%u", f, s);
		break;
	default:
		snprintf(buf, len, "BenchFamily%u_Sub%u_Leaf%u", f, s, l);
	}
}

static struct registry *build(void *ctx, size_t want, size_t *n_out, uint64_t *some_id)
{
	struct registry *reg = registry_new(ctx);
	int svc = registry_add_plane(reg, "IOService");
	size_t fanout[] = { 20, 20, 15, 0 };	/* last level takes the rest */
	struct reg_entry **level, **next;
	size_t nlevel = 1, n = 1, target_every;
	char cls[96], name[64];

	registry_wrlock(reg);
	declare_classes(reg);
	level = talloc_array(ctx, struct reg_entry *, 1);
	level[0] = registry_entry_new(reg, 0, "BenchMac", "IOPlatformExpertDevice");
	registry_attach(reg, level[0], registry_root(reg), svc);
	fanout[3] = (want - 1 - 20 - 400 - 6000) / 6000 + 1;
	target_every = want / 50;
	for (int depth = 0; depth < 4; depth++) {
		size_t cap = nlevel * fanout[depth], k = 0;

		next = talloc_array(ctx, struct reg_entry *, cap);
		for (size_t p = 0; p < nlevel; p++) {
			for (size_t c = 0; c < fanout[depth] && n < want; c++, n++) {
				struct reg_entry *e;

				if (n % target_every == 0)
					snprintf(cls, sizeof(cls), "BenchTarget");
				else if (n % 1000 == 7)
					snprintf(cls, sizeof(cls), "IOPCIDevice");
				else
					class_for(n, cls, sizeof(cls));
				snprintf(name, sizeof(name), "dev%zu", n);
				e = registry_entry_new(reg, 0, name, cls);
				registry_attach(reg, e, level[p], svc);
				registry_set_property(reg, e, "Index",
						      reg_value_new_number(reg, (int64_t)n, 32));
				if (n % 1000 == 7) {
					char compat[64];
					int len = snprintf(compat, sizeof(compat),
							   "pci8086,%zx%cpciclass,0c0330", n, 0);

					registry_set_property(reg, e, "compatible",
							      reg_value_new_data(reg, compat,
										 (size_t)len + 1));
					registry_set_property(reg, e, "name",
							      reg_value_new_data(reg, "pci-bridge",
										 11));
				}
				if (n % 10 == 5) {
					snprintf(name, sizeof(name), "disk%zu", n);
					registry_set_property(reg, e, "BSD Name",
							      reg_value_new_string(reg, name));
				}
				if (n == want / 2)
					*some_id = e->id;
				next[k++] = e;
			}
		}
		talloc_free(level);
		level = next;
		nlevel = k;
	}
	talloc_free(level);
	registry_unlock(reg);
	*n_out = registry_entry_count(reg);
	return reg;
}

static void run(const char *label, struct registry *reg, struct reg_value *m, int reps)
{
	double *t = calloc((size_t)reps, sizeof(*t)), first;
	size_t count = 0;

	registry_rdlock(reg);
	for (int r = 0; r < reps; r++) {
		struct reg_entry **found;
		double t0 = now_ms();

		if (registry_match(NULL, reg, m, false, &found, &count) != 0) {
			fprintf(stderr, "%s: match failed\n", label);
			exit(1);
		}
		t[r] = now_ms() - t0;
		talloc_free(found);
	}
	registry_unlock(reg);
	first = t[0];
	qsort(t, (size_t)reps, sizeof(*t), bench_compare_double);
	printf("%-38s %7zu results %8.3f ms/match (min %.3f, first %.2f)  %5.2fx of 2 ms target\n",
	       label, count, t[reps / 2], t[0], first, t[reps / 2] / TARGET_MS);
	free(t);
}

/* The matching dictionary {IOPropertyMatch = {Index = 4242}}. */
static struct reg_value *property_match_index_4242(void *ctx)
{
	struct reg_value *m = reg_value_new_dict(ctx);
	struct reg_value *p = reg_value_new_dict(m);

	reg_dict_set(p, "Index", reg_value_new_number(p, 4242, 32));
	reg_dict_set(m, "IOPropertyMatch", p);
	return m;
}

int main(int argc, char **argv)
{
	size_t want = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000, n;
	void *ctx = talloc_new(NULL);
	uint64_t some_id = 0;
	struct registry *reg;
	struct reg_value *m;
	double t0;

	if (want < 10000) {
		fprintf(stderr, "bench_match: at least 10000 entries\n");
		return 1;
	}
	t0 = now_ms();
	reg = build(ctx, want, &n, &some_id);
	printf("registry: %zu entries, %zu classes, built in %.0f ms\n", n,
	       registry_class_count(reg), now_ms() - t0);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "BenchTarget"));
	run("class BenchTarget (~50 instances)", reg, m, 501);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "BenchFamily3"));
	run("class BenchFamily3 (with subclasses)", reg, m, 101);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "IOService"));
	run("class IOService (everything)", reg, m, 51);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IONameMatch", reg_value_new_string(m, "dev4242"));
	run("IONameMatch dev4242", reg, m, 51);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IONameMatch", reg_value_new_string(m, "pci8086,1b5f"));
	run("IONameMatch pci8086,1b5f (compatible)", reg, m, 51);
	talloc_free(m);

	m = property_match_index_4242(ctx);
	run("IOPropertyMatch {Index=4242}", reg, m, 51);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "BSD Name", reg_value_new_string(m, "disk4245"));
	run("BSD Name disk4245", reg, m, 51);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IORegistryEntryID", reg_value_new_number(m, (int64_t)some_id, 64));
	run("IORegistryEntryID", reg, m, 51);
	talloc_free(m);

	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "BenchTarget"));
	reg_dict_set(m, "IONameMatch", reg_value_new_string(m, "dev50000"));
	run("class BenchTarget + IONameMatch", reg, m, 501);
	talloc_free(m);

	/* After a change the index it touches is rebuilt by the next match:
	 * that one match costs a pass over the registry. */
	registry_wrlock(reg);
	registry_set_property(reg, registry_entry_by_id(reg, some_id), "Index",
			      reg_value_new_number(reg, 7, 32));
	registry_unlock(reg);
	m = property_match_index_4242(ctx);
	run("IOPropertyMatch, 1st after a change", reg, m, 1);
	talloc_free(m);
	registry_wrlock(reg);
	registry_entry_set_name(reg, registry_entry_by_id(reg, some_id), REG_NO_PLANE, "renamed");
	registry_unlock(reg);
	m = reg_value_new_dict(ctx);
	reg_dict_set(m, "IONameMatch", reg_value_new_string(m, "dev4242"));
	run("IONameMatch, 1st after a rename", reg, m, 1);
	talloc_free(m);

	talloc_free(ctx);
	return 0;
}
