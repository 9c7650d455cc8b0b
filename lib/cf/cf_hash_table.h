/* An insertion-ordered hash table of (key, value) pointers, shared by
 * CFDictionary and CFSet.  It does no retaining: the callers apply their
 * callbacks.  Not thread-safe (like CF's mutable collections). */
#ifndef IOKITFS_LIB_CF_HASH_TABLE_H
#define IOKITFS_LIB_CF_HASH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <CoreFoundation/CFBase.h>

struct cf_hash_entry {
	const void *key;
	const void *value;
	CFHashCode hash;
	bool live;
};

struct cf_hash_table {
	struct cf_hash_entry *entries;	/* insertion order, with dead holes */
	size_t used;			/* entries[0..used) */
	size_t entries_cap;
	size_t count;			/* live entries */
	int32_t *index;			/* open addressing into entries */
	size_t index_cap;		/* power of two */
	Boolean (*equal)(const void *a, const void *b);	/* NULL: pointer equality */
	CFHashCode (*hash)(const void *key);		/* NULL: pointer hash */
};

void cf_hash_table_init(struct cf_hash_table *t, Boolean (*equal)(const void *, const void *),
			CFHashCode (*hash)(const void *));
void cf_hash_table_free(struct cf_hash_table *t);

/* The entry holding key, or NULL. */
struct cf_hash_entry *cf_hash_table_find(const struct cf_hash_table *t, const void *key);
/* Appends a new entry (the key must not be present).  Returns it. */
struct cf_hash_entry *cf_hash_table_add(struct cf_hash_table *t, const void *key,
					const void *value);
void cf_hash_table_remove(struct cf_hash_table *t, struct cf_hash_entry *e);
void cf_hash_table_clear(struct cf_hash_table *t);

#define cf_hash_table_for_each(t, e) \
	for ((e) = (t)->entries; (e) < (t)->entries + (t)->used; (e)++) \
		if ((e)->live)

#endif
