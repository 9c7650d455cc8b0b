/* The shared hash table; see hash_table.h. */
#include "hash_table.h"

#include <talloc.h>

static int grow(void *ctx, struct hash_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : t->min_cap ? t->min_cap : 64;
	struct hash_slot *slots = talloc_zero_array(ctx, struct hash_slot, cap);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		size_t j;

		if (!t->slots[i].item)
			continue;
		for (j = t->slots[i].hash & (cap - 1); slots[j].item; j = (j + 1) & (cap - 1))
			;
		slots[j] = t->slots[i];
	}
	talloc_free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

int hash_table_insert(void *ctx, struct hash_table *t, uint64_t hash, void *item)
{
	size_t j;

	if (!item)
		return -1;
	if ((t->count + 1) * 4 > t->cap * 3 && grow(ctx, t) != 0)
		return -1;
	for (j = hash & (t->cap - 1); t->slots[j].item; j = (j + 1) & (t->cap - 1))
		;
	t->slots[j].hash = hash;
	t->slots[j].item = item;
	t->count++;
	return 0;
}

void *hash_table_next(const struct hash_table *t, uint64_t hash, size_t *pos)
{
	size_t j;

	if (!t->cap)
		return NULL;
	j = *pos == HASH_TABLE_START ? hash & (t->cap - 1) : (*pos + 1) & (t->cap - 1);
	for (; t->slots[j].item; j = (j + 1) & (t->cap - 1))
		if (t->slots[j].hash == hash) {
			*pos = j;
			return t->slots[j].item;
		}
	return NULL;
}

bool hash_table_remove(struct hash_table *t, uint64_t hash, const void *item)
{
	size_t mask = t->cap - 1, i;

	if (!t->cap || !item)
		return false;
	for (i = hash & mask; t->slots[i].item; i = (i + 1) & mask)
		if (t->slots[i].item == item && t->slots[i].hash == hash)
			break;
	if (!t->slots[i].item)
		return false;
	t->slots[i].item = NULL;
	t->count--;
	/* Shift back the members of the probe run that follow the hole and
	 * may live in it (their home slot is not between the hole and them). */
	for (size_t j = (i + 1) & mask; t->slots[j].item; j = (j + 1) & mask) {
		size_t home = t->slots[j].hash & mask;
		bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);

		if (movable) {
			t->slots[i] = t->slots[j];
			t->slots[j].item = NULL;
			i = j;
		}
	}
	return true;
}

void hash_table_clear(struct hash_table *t)
{
	talloc_free(t->slots);
	t->slots = NULL;
	t->cap = 0;
	t->count = 0;
}
