/* Summaries of a registry for people: `iokitfs --check`. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

/* An entry with several parents is counted once: walks mark what they saw
 * by ID in a small open-addressing set. */
struct seen_set {
	uint64_t *slots;
	size_t cap;
};

static bool seen_add(struct seen_set *s, uint64_t id)
{
	size_t i = (size_t)(id * 0x9e3779b97f4a7c15ULL) & (s->cap - 1);

	while (s->slots[i]) {
		if (s->slots[i] == id)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slots[i] = id;
	return true;
}

size_t registry_plane_entry_count(const struct registry *reg, int plane)
{
	size_t cap = 16, count = 0, top = 0;
	const struct reg_entry **stack;
	struct seen_set seen;
	void *tmp = talloc_new(NULL);

	while (cap < 2 * (registry_entry_count(reg) + 1))
		cap *= 2;
	seen.cap = cap;
	seen.slots = talloc_zero_array(tmp, uint64_t, cap);
	stack = talloc_array(tmp, const struct reg_entry *, registry_entry_count(reg) + 1);
	if (!seen.slots || !stack) {
		talloc_free(tmp);
		return 0;
	}
	stack[top++] = registry_root(reg);
	seen_add(&seen, registry_root(reg)->id);
	while (top) {
		const struct reg_entry *e = stack[--top];
		count++;
		for (size_t i = 0; i < reg_entry_child_count(e, plane); i++) {
			const struct reg_entry *c = reg_entry_child(e, plane, i);
			if (seen_add(&seen, c->id))
				stack[top++] = c;
		}
	}
	talloc_free(tmp);
	return count;
}

static int by_instances_desc(const void *a, const void *b)
{
	const struct reg_class *x = *(const struct reg_class *const *)a;
	const struct reg_class *y = *(const struct reg_class *const *)b;

	if (x->ninstances != y->ninstances)
		return x->ninstances < y->ninstances ? 1 : -1;
	return strcmp(x->name, y->name);
}

void registry_print_summary(FILE *out, const struct registry *reg)
{
	size_t nclasses = registry_class_count(reg), used = 0;
	const struct reg_class **classes = calloc(nclasses ? nclasses : 1, sizeof(*classes));

	fprintf(out, "entries: %zu\n", registry_entry_count(reg));
	fprintf(out, "planes: %zu\n", registry_plane_count(reg));
	for (size_t p = 0; p < registry_plane_count(reg); p++)
		fprintf(out, "  %-20s %zu entries\n", registry_plane_name(reg, (int)p),
			registry_plane_entry_count(reg, (int)p));
	if (!classes)
		return;
	for (size_t i = 0; i < nclasses; i++) {
		const struct reg_class *c = registry_class_at(reg, i);
		if (c->ninstances)
			classes[used++] = c;
	}
	qsort(classes, used, sizeof(*classes), by_instances_desc);
	fprintf(out, "classes with entries: %zu (of %zu known)\n", used, nclasses);
	for (size_t i = 0; i < used; i++)
		fprintf(out, "  %-40s %zu\n", classes[i]->name, classes[i]->ninstances);
	free(classes);
}
