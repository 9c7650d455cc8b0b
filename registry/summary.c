/* Summaries of a registry for people: `iokitfs --check`. */
#include "summary.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "hash_table.h"

/* An entry with several parents is counted once: walks mark what they saw
 * in a set on the shared hash table.  Returns true when e is new, false
 * when seen (or when memory runs out: the walk then ends early). */
static bool seen_add(void *ctx, struct hash_table *seen, const struct reg_entry *e)
{
	const struct reg_entry *s;

	for (size_t pos = HASH_TABLE_START; (s = hash_table_next(seen, hash_u64(e->id), &pos));)
		if (s == e)
			return false;
	return hash_table_insert(ctx, seen, hash_u64(e->id), (void *)e) == 0;
}

size_t registry_plane_entry_count(const struct registry *reg, int plane)
{
	size_t count = 0, top = 0;
	const struct reg_entry **stack;
	struct hash_table seen = { .min_cap = 64 };
	void *tmp = talloc_new(NULL);

	stack = talloc_array(tmp, const struct reg_entry *, registry_entry_count(reg) + 1);
	if (!stack) {
		talloc_free(tmp);
		return 0;
	}
	stack[top++] = registry_root(reg);
	seen_add(tmp, &seen, registry_root(reg));
	while (top) {
		const struct reg_entry *e = stack[--top];
		count++;
		for (size_t i = 0; i < reg_entry_child_count(e, plane); i++) {
			const struct reg_entry *c = reg_entry_child(e, plane, i);
			if (seen_add(tmp, &seen, c))
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
