/* Inode numbers for the mount's nodes (see inode_table.h).
 *
 * Three indexes on the shared hash table (by inode, by parent + identity,
 * by entry ID) and a child list per node.  Nodes are talloc children of
 * the table; only this file touches them, under t->lock. */
#include "inode_table.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "hash_table.h"

struct node {
	uint64_t ino;
	struct node *parent;
	struct fs_ident ident;	/* ident.key points at key below */
	char *key;
	char *name;
	uint64_t nlookup;
	bool removed;
	struct node *children, *next_sibling, *prev_sibling;
};

struct inode_table {
	pthread_mutex_t lock;
	struct hash_table by_ino;	/* hash_u64(ino) -> node */
	struct hash_table by_ident;	/* hash_ident(parent, ident) -> node (not removed) */
	struct hash_table by_entry;	/* hash_u64(entry ID) -> node */
	size_t count;
	uint64_t next_ino;
};

static uint64_t hash_ident(uint64_t parent, const struct fs_ident *id)
{
	uint64_t h = hash_u64(parent) ^
		     hash_u64(id->id + 0x9e3779b97f4a7c15ULL * (uint64_t)id->kind);

	h ^= hash_u64((uint64_t)(id->plane + 7) << 8 | (uint64_t)id->view);
	if (id->key)
		h ^= hash_string(id->key);
	return hash_u64(h);
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

static uint64_t ident_hash_of(const struct node *n)
{
	return hash_ident(n->parent ? n->parent->ino : 0, &n->ident);
}

static struct node *find_ino(struct inode_table *t, uint64_t ino)
{
	struct node *n;

	for (size_t pos = HASH_TABLE_START; (n = hash_table_next(&t->by_ino, hash_u64(ino), &pos));)
		if (n->ino == ino)
			return n;
	return NULL;
}

static struct node *find_ident(struct inode_table *t, uint64_t parent,
			       const struct fs_ident *ident)
{
	uint64_t h = hash_ident(parent, ident);
	struct node *n;

	for (size_t pos = HASH_TABLE_START; (n = hash_table_next(&t->by_ident, h, &pos));)
		if (n->parent && n->parent->ino == parent && ident_equal(&n->ident, ident))
			return n;
	return NULL;
}

static struct node *node_new(struct inode_table *t, struct node *parent,
			     const struct fs_ident *ident, const char *name)
{
	struct node *n;

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
	n->ino = t->next_ino;
	n->parent = parent;
	if (hash_table_insert(t, &t->by_ino, hash_u64(n->ino), n) != 0)
		goto fail;
	if (hash_table_insert(t, &t->by_ident, ident_hash_of(n), n) != 0) {
		hash_table_remove(&t->by_ino, hash_u64(n->ino), n);
		goto fail;
	}
	if (hash_table_insert(t, &t->by_entry, hash_u64(n->ident.id), n) != 0) {
		hash_table_remove(&t->by_ino, hash_u64(n->ino), n);
		hash_table_remove(&t->by_ident, ident_hash_of(n), n);
		goto fail;
	}
	t->next_ino++;
	if (parent) {
		n->next_sibling = parent->children;
		if (parent->children)
			parent->children->prev_sibling = n;
		parent->children = n;
	}
	t->count++;
	return n;
fail:
	talloc_free(n);
	return NULL;
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
	hash_table_remove(&t->by_ino, hash_u64(n->ino), n);
	hash_table_remove(&t->by_entry, hash_u64(n->ident.id), n);
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
	t->by_ino.min_cap = t->by_ident.min_cap = t->by_entry.min_cap = 256;
	if (!node_new(t, NULL, &root, "")) {
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
	for (size_t pos = HASH_TABLE_START;
	     (n = hash_table_next(&t->by_entry, hash_u64(id), &pos));) {
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
		hash_table_remove(&t->by_ident, ident_hash_of(n), n);
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
