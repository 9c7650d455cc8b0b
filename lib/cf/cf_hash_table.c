/* Insertion-ordered open-addressing hash table (see cf_hash_table.h).
 * Entries are appended to an array, so iteration follows insertion order;
 * removals leave dead entries that the next rebuild compacts. */
#include <stdlib.h>
#include <string.h>

#include "cf_hash_table.h"
#include "cf_internal.h"

#define SLOT_EMPTY	(-1)
#define SLOT_DELETED	(-2)

void cf_hash_table_init(struct cf_hash_table *t, Boolean (*equal)(const void *, const void *),
			CFHashCode (*hash)(const void *))
{
	memset(t, 0, sizeof(*t));
	t->equal = equal;
	t->hash = hash;
}

void cf_hash_table_free(struct cf_hash_table *t)
{
	free(t->entries);
	free(t->index);
	t->entries = NULL;
	t->index = NULL;
	t->used = t->entries_cap = t->count = t->index_cap = 0;
}

static CFHashCode hash_of(const struct cf_hash_table *t, const void *key)
{
	CFHashCode h = t->hash ? t->hash(key) : (CFHashCode)(uintptr_t)key;

	return cf_hash_mix(h);
}

static bool keys_equal(const struct cf_hash_table *t, const void *a, const void *b)
{
	if (a == b)
		return true;
	return t->equal ? t->equal(a, b) : false;
}

static void place(struct cf_hash_table *t, size_t entry)
{
	size_t mask = t->index_cap - 1;
	size_t slot = t->entries[entry].hash & mask;

	while (t->index[slot] >= 0)
		slot = (slot + 1) & mask;
	t->index[slot] = (int32_t)entry;
}

/* Compacts the entries and rebuilds the index for at least `want` live
 * entries. */
static void rebuild(struct cf_hash_table *t, size_t want)
{
	size_t cap = 8, i, n = 0;

	while (cap < want * 2)
		cap *= 2;
	if (cap > (size_t)INT32_MAX)
		cf_fatal("CF collection too large (%zu entries)", want);
	for (i = 0; i < t->used; i++)
		if (t->entries[i].live)
			t->entries[n++] = t->entries[i];
	t->used = n;
	free(t->index);
	t->index = malloc(cap * sizeof(*t->index));
	if (t->index == NULL)
		cf_fatal("out of memory");
	for (i = 0; i < cap; i++)
		t->index[i] = SLOT_EMPTY;
	t->index_cap = cap;
	for (i = 0; i < n; i++)
		place(t, i);
}

struct cf_hash_entry *cf_hash_table_find(const struct cf_hash_table *t, const void *key)
{
	CFHashCode h;
	size_t mask, slot, probes;

	if (t->count == 0)
		return NULL;
	h = hash_of(t, key);
	mask = t->index_cap - 1;
	slot = h & mask;
	for (probes = 0; probes < t->index_cap; probes++, slot = (slot + 1) & mask) {
		int32_t e = t->index[slot];

		if (e == SLOT_EMPTY)
			return NULL;
		if (e == SLOT_DELETED)
			continue;
		if (t->entries[e].hash == h && keys_equal(t, key, t->entries[e].key))
			return &t->entries[e];
	}
	return NULL;
}

struct cf_hash_entry *cf_hash_table_add(struct cf_hash_table *t, const void *key,
					const void *value)
{
	struct cf_hash_entry *e;

	/* Keep the index at most 3/4 full, counting dead entries. */
	if ((t->used + 1) * 4 > t->index_cap * 3)
		rebuild(t, t->count + 1);
	if (t->used == t->entries_cap) {
		size_t cap = t->entries_cap ? t->entries_cap * 2 : 8;
		struct cf_hash_entry *p = realloc(t->entries, cap * sizeof(*p));

		if (p == NULL)
			cf_fatal("out of memory");
		t->entries = p;
		t->entries_cap = cap;
	}
	e = &t->entries[t->used];
	e->key = key;
	e->value = value;
	e->hash = hash_of(t, key);
	e->live = true;
	place(t, t->used);
	t->used++;
	t->count++;
	return e;
}

void cf_hash_table_remove(struct cf_hash_table *t, struct cf_hash_entry *e)
{
	size_t entry = (size_t)(e - t->entries);
	size_t mask = t->index_cap - 1;
	size_t slot = e->hash & mask;

	while (t->index[slot] != (int32_t)entry)
		slot = (slot + 1) & mask;
	t->index[slot] = SLOT_DELETED;
	e->live = false;
	t->count--;
}

void cf_hash_table_clear(struct cf_hash_table *t)
{
	size_t i;

	t->used = 0;
	t->count = 0;
	for (i = 0; i < t->index_cap; i++)
		t->index[i] = SLOT_EMPTY;
}
