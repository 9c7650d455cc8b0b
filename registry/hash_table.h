/* One hash table for the whole daemon: an open-addressing multimap from a
 * 64-bit hash to non-NULL item pointers, and the hash functions that feed
 * it.
 *
 * The table stores (hash, item) pairs and never looks inside an item: a
 * lookup visits every item stored under the same hash, and the caller tells
 * equal keys apart (hashes of different keys may collide).  Several items
 * may share a hash (BSD names, the entries of one property value).
 * Linear probing, at most 3/4 full, removal by backward shift (no
 * tombstones), so lookups stay short however many removals happen.
 *
 * Ownership: the slot array is allocated on the ctx given to insert; items
 * belong to the caller.  No locking: the owner of the table serializes
 * access (readers may look up concurrently while nobody inserts/removes).
 * Errors: insert returns 0 or -1 when memory runs out (the table is then
 * unchanged). */
#ifndef IOKITFS_REGISTRY_HASH_TABLE_H
#define IOKITFS_REGISTRY_HASH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hash_slot {
	uint64_t hash;
	void *item;		/* NULL: empty */
};

struct hash_table {
	struct hash_slot *slots;
	size_t cap;		/* 0 or a power of two */
	size_t count;
	size_t min_cap;		/* first allocation (power of two; 0: 64) */
};

/* Adds item (non-NULL) under hash; duplicates are kept. */
int hash_table_insert(void *ctx, struct hash_table *t, uint64_t hash, void *item);

/* The items stored under hash, one per call: pos starts at
 * HASH_TABLE_START, NULL ends the run.  The table must not change while a
 * run is under way. */
#define HASH_TABLE_START ((size_t)-1)
void *hash_table_next(const struct hash_table *t, uint64_t hash, size_t *pos);

/* Removes the pair (hash, item).  Returns whether it was there. */
bool hash_table_remove(struct hash_table *t, uint64_t hash, const void *item);

/* Empties the table and frees its slots. */
void hash_table_clear(struct hash_table *t);

/* ---- hash functions ---- */

/* A 64-bit integer (splitmix64's finalizer): for IDs and inode numbers. */
static inline uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/* FNV-1a, 64 bits, over n bytes / a NUL-terminated string. */
static inline uint64_t hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

static inline uint64_t hash_string(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

/* FNV-1a, 32 bits: where a short, stable digest is shown to users (cut
 * property-file names). */
static inline uint32_t hash_string32(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#endif
