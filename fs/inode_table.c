/* Inode numbers for the mount's nodes (see inode_table.h).
 *
 * Three chained hash indexes (by inode, by parent + identity, by entry ID)
 * and a child list per node.  Nodes are talloc children of the table; only
 * this file touches them, under t->lock. */
#include "inode_table.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

struct node {
	uint64_t ino;
	struct node *parent;
	struct fs_ident ident;	/* ident.key points at key below */
	char *key;
	char *name;
	uint64_t nlookup;
	bool removed;
	struct node *next_ino, *next_ident, *next_entry;
	struct node *children, *next_sibling, *prev_sibling;
};

struct index {
	struct node **buckets;
	size_t nbuckets;	/* power of two */
};

struct inode_table {
	pthread_mutex_t lock;
	struct index by_ino, by_ident, by_entry;
	size_t count;
	uint64_t next_ino;
};

enum index_kind { BY_INO, BY_IDENT, BY_ENTRY };

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t hash_ident(uint64_t parent, const struct fs_ident *id)
{
	uint64_t h = mix64(parent) ^ mix64(id->id + 0x9e3779b97f4a7c15ULL * (uint64_t)id->kind);

	h ^= mix64((uint64_t)(id->plane + 7) << 8 | (uint64_t)id->view);
	if (id->key)
		for (const char *s = id->key; *s; s++)
			h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return mix64(h);
}

static bool ident_equal(const struct fs_ident *a, const struct fs_ident *b)
{
	if (a->kind != b->kind || a->id != b->id || a->plane != b->plane ||
	    a->view != b->view)
		return false;
	if (!a->key || !b->key)
		return a->key == b->key;
	return strcmp(a->key, b->key) == 0;
}

static struct node **next_link(struct node *n, enum index_kind k)
{
	switch (k) {
	case BY_INO:
		return &n->next_ino;
	case BY_IDENT:
		return &n->next_ident;
	default:
		return &n->next_entry;
	}
}

static uint64_t node_hash(const struct node *n, enum index_kind k)
{
	switch (k) {
	case BY_INO:
		return mix64(n->ino);
	case BY_IDENT:
		return hash_ident(n->parent ? n->parent->ino : 0, &n->ident);
	default:
		return mix64(n->ident.id);
	}
}

static struct index *index_of(struct inode_table *t, enum index_kind k)
{
	return k == BY_INO ? &t->by_ino : k == BY_IDENT ? &t->by_ident : &t->by_entry;
}

static int index_grow(struct inode_table *t, enum index_kind k)
{
	struct index *ix = index_of(t, k);
	size_t nb = ix->nbuckets ? ix->nbuckets * 2 : 256;
	struct node **b = talloc_zero_array(t, struct node *, nb);

	if (!b)
		return -1;
	for (size_t i = 0; i < ix->nbuckets; i++) {
		struct node *n = ix->buckets[i], *next;

		for (; n; n = next) {
			uint64_t h = node_hash(n, k) & (nb - 1);

			next = *next_link(n, k);
			*next_link(n, k) = b[h];
			b[h] = n;
		}
	}
	talloc_free(ix->buckets);
	ix->buckets = b;
	ix->nbuckets = nb;
	return 0;
}

static void index_add(struct inode_table *t, enum index_kind k, struct node *n)
{
	struct index *ix = index_of(t, k);
	uint64_t h = node_hash(n, k) & (ix->nbuckets - 1);

	*next_link(n, k) = ix->buckets[h];
	ix->buckets[h] = n;
}

static void index_del(struct inode_table *t, enum index_kind k, struct node *n)
{
	struct index *ix = index_of(t, k);
	struct node **p = &ix->buckets[node_hash(n, k) & (ix->nbuckets - 1)];

	for (; *p; p = next_link(*p, k))
		if (*p == n) {
			*p = *next_link(n, k);
			*next_link(n, k) = NULL;
			return;
		}
}

static struct node *find_ino(struct inode_table *t, uint64_t ino)
{
	struct node *n = t->by_ino.buckets[mix64(ino) & (t->by_ino.nbuckets - 1)];

	while (n && n->ino != ino)
		n = n->next_ino;
	return n;
}

static struct node *find_ident(struct inode_table *t, uint64_t parent,
			       const struct fs_ident *ident)
{
	struct node *n = t->by_ident.buckets[hash_ident(parent, ident) &
					     (t->by_ident.nbuckets - 1)];

	for (; n; n = n->next_ident)
		if (n->parent && n->parent->ino == parent && ident_equal(&n->ident, ident))
			return n;
	return NULL;
}

static struct node *node_new(struct inode_table *t, struct node *parent,
			     const struct fs_ident *ident, const char *name)
{
	struct node *n;

	/* Keep chains short: grow every index at a load factor of 1. */
	if (t->count + 1 > t->by_ino.nbuckets &&
	    (index_grow(t, BY_INO) || index_grow(t, BY_IDENT) || index_grow(t, BY_ENTRY)))
		return NULL;
	n = talloc_zero(t, struct node);
	if (!n)
		return NULL;
	n->name = talloc_strdup(n, name);
	if (ident->key)
		n->key = talloc_strdup(n, ident->key);
	if (!n->name || (ident->key && !n->key)) {
		talloc_free(n);
		return NULL;
	}
	n->ident = *ident;
	n->ident.key = n->key;
	n->ino = t->next_ino++;
	n->parent = parent;
	if (parent) {
		n->next_sibling = parent->children;
		if (parent->children)
			parent->children->prev_sibling = n;
		parent->children = n;
	}
	index_add(t, BY_INO, n);
	index_add(t, BY_IDENT, n);
	index_add(t, BY_ENTRY, n);
	t->count++;
	return n;
}

static bool node_unused(const struct node *n)
{
	return n->removed && n->nlookup == 0 && !n->children && n->ino != INODE_ROOT;
}

static void node_free(struct inode_table *t, struct node *n)
{
	if (n->prev_sibling)
		n->prev_sibling->next_sibling = n->next_sibling;
	else if (n->parent)
		n->parent->children = n->next_sibling;
	if (n->next_sibling)
		n->next_sibling->prev_sibling = n->prev_sibling;
	index_del(t, BY_INO, n);
	index_del(t, BY_ENTRY, n);
	talloc_free(n);
	t->count--;
}

/* Frees n if nothing refers to it any more, then its parent likewise. */
static void node_reap(struct inode_table *t, struct node *n)
{
	while (n && node_unused(n)) {
		struct node *parent = n->parent;

		node_free(t, n);
		n = parent;
	}
}

struct inode_table *inode_table_new(void *ctx)
{
	struct inode_table *t = talloc_zero(ctx, struct inode_table);
	struct fs_ident root = {
		.kind = FS_MOUNT_ROOT, .id = REG_ROOT_ID, .plane = REG_NO_PLANE,
	};

	if (!t)
		return NULL;
	pthread_mutex_init(&t->lock, NULL);
	t->next_ino = INODE_ROOT;
	if (index_grow(t, BY_INO) || index_grow(t, BY_IDENT) || index_grow(t, BY_ENTRY) ||
	    !node_new(t, NULL, &root, "")) {
		talloc_free(t);
		return NULL;
	}
	return t;
}

uint64_t inode_table_get(struct inode_table *t, uint64_t parent,
			 const struct fs_ident *ident, const char *name,
			 uint64_t lookups)
{
	struct node *p, *n;
	uint64_t ino = 0;

	pthread_mutex_lock(&t->lock);
	p = find_ino(t, parent);
	if (!p)
		goto out;
	n = find_ident(t, parent, ident);
	if (!n)
		n = node_new(t, p, ident, name);
	else if (strcmp(n->name, name) != 0) {
		char *renamed = talloc_strdup(n, name);

		if (renamed) {
			talloc_free(n->name);
			n->name = renamed;
		}
	}
	if (n) {
		n->nlookup += lookups;
		ino = n->ino;
	}
out:
	pthread_mutex_unlock(&t->lock);
	return ino;
}

static void copy_info(const struct node *n, void *ctx, struct inode_info *out)
{
	out->ino = n->ino;
	out->parent = n->parent ? n->parent->ino : 0;
	out->ident = n->ident;
	out->ident.key = n->key ? talloc_strdup(ctx, n->key) : NULL;
	out->name = talloc_strdup(ctx, n->name);
	out->nlookup = n->nlookup;
	out->removed = n->removed;
}

bool inode_table_info(struct inode_table *t, uint64_t ino, void *ctx,
		      struct inode_info *out)
{
	struct node *n;

	pthread_mutex_lock(&t->lock);
	n = find_ino(t, ino);
	if (n)
		copy_info(n, ctx, out);
	pthread_mutex_unlock(&t->lock);
	if (n && (!out->name || (n->ident.key && !out->ident.key)))
		return false;
	return n != NULL;
}

void inode_table_forget(struct inode_table *t, uint64_t ino, uint64_t count)
{
	struct node *n;

	pthread_mutex_lock(&t->lock);
	n = find_ino(t, ino);
	if (n) {
		n->nlookup = count >= n->nlookup ? 0 : n->nlookup - count;
		node_reap(t, n);
	}
	pthread_mutex_unlock(&t->lock);
}

size_t inode_table_nodes_of_entry(struct inode_table *t, uint64_t id, void *ctx,
				  struct inode_info **out)
{
	size_t count = 0, cap = 8;
	struct node *n;

	*out = talloc_array(ctx, struct inode_info, cap);
	if (!*out)
		return 0;
	pthread_mutex_lock(&t->lock);
	n = t->by_entry.buckets[mix64(id) & (t->by_entry.nbuckets - 1)];
	for (; n; n = n->next_entry) {
		if (n->ident.id != id || n->removed || !fs_kind_has_entry(n->ident.kind))
			continue;
		if (count == cap) {
			struct inode_info *grown = talloc_realloc(ctx, *out, struct inode_info,
								  cap * 2);
			if (!grown)
				break;
			*out = grown;
			cap *= 2;
		}
		copy_info(n, *out, &(*out)[count++]);
	}
	pthread_mutex_unlock(&t->lock);
	return count;
}

size_t inode_table_children(struct inode_table *t, uint64_t parent, void *ctx,
			    struct inode_info **out)
{
	size_t count = 0, i = 0;
	struct node *p, *c;

	*out = NULL;
	pthread_mutex_lock(&t->lock);
	p = find_ino(t, parent);
	for (c = p ? p->children : NULL; c; c = c->next_sibling)
		if (!c->removed)
			count++;
	if (count)
		*out = talloc_array(ctx, struct inode_info, count);
	for (c = p && *out ? p->children : NULL; c; c = c->next_sibling)
		if (!c->removed)
			copy_info(c, *out, &(*out)[i++]);
	pthread_mutex_unlock(&t->lock);
	return *out ? count : 0;
}

/* Marks n's subtree removed and frees the parts the kernel has forgotten. */
static void mark_removed(struct inode_table *t, struct node *n)
{
	struct node *c, *next;

	if (!n->removed) {
		n->removed = true;
		index_del(t, BY_IDENT, n);
	}
	for (c = n->children; c; c = next) {
		next = c->next_sibling;
		mark_removed(t, c);
		if (node_unused(c))
			node_free(t, c);
	}
}

void inode_table_remove(struct inode_table *t, uint64_t ino)
{
	struct node *n;

	pthread_mutex_lock(&t->lock);
	n = find_ino(t, ino);
	if (n && n->ino != INODE_ROOT) {
		mark_removed(t, n);
		node_reap(t, n);
	}
	pthread_mutex_unlock(&t->lock);
}

void inode_table_rename(struct inode_table *t, uint64_t ino, const char *name)
{
	struct node *n;

	pthread_mutex_lock(&t->lock);
	n = find_ino(t, ino);
	if (n) {
		char *renamed = talloc_strdup(n, name);

		if (renamed) {
			talloc_free(n->name);
			n->name = renamed;
		}
	}
	pthread_mutex_unlock(&t->lock);
}

size_t inode_table_count(struct inode_table *t)
{
	size_t count;

	pthread_mutex_lock(&t->lock);
	count = t->count;
	pthread_mutex_unlock(&t->lock);
	return count;
}
