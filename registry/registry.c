/* The I/O Registry model: entries, planes, classes, properties, events. */
#include "registry.h"
#include "policy.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "builtin_classes.h"
#include "driver.h"
#include "hash_table.h"
#include "match_index.h"

struct listener {
	reg_listener_fn fn;
	void *data;
};

struct registry {
	pthread_rwlock_t lock;
	uint64_t generation;
	uint64_t next_id;
	char *plane_names[REG_MAX_PLANES];
	size_t nplanes;
	struct reg_entry *root;
	struct hash_table ids;		/* hash_u64(id) -> entry */
	struct hash_table classes_by_name; /* hash_string(name) -> class */
	struct reg_class **classes;	/* declaration order */
	size_t nclasses, classes_cap;
	struct listener *listeners;
	size_t nlisteners;
	enum reg_set_policy default_policy;
	struct reg_access access;	/* policy.h */
	uint64_t walk_epoch;		/* see creates_cycle */
	struct hash_table bsd_index;	/* hash_string(BSD Name) -> entry */
	struct reg_match_index *match_index; /* match_index.h: lazily built */
};

/* ---- ID and class tables ---- */

static struct reg_entry *id_table_get(const struct hash_table *t, uint64_t id)
{
	uint64_t h = hash_u64(id);
	struct reg_entry *e;

	for (size_t pos = HASH_TABLE_START; (e = hash_table_next(t, h, &pos));)
		if (e->id == id)
			return e;
	return NULL;
}

static struct reg_class *class_table_get(const struct hash_table *t, const char *name)
{
	uint64_t h = hash_string(name);
	struct reg_class *c;

	for (size_t pos = HASH_TABLE_START; (c = hash_table_next(t, h, &pos));)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void bsd_index_drop(struct registry *reg, struct reg_entry *e);

/* ---- events ---- */

static void emit(struct registry *reg, const struct reg_event *ev)
{
	match_index_note(reg->match_index, ev);
	for (size_t i = 0; i < reg->nlisteners; i++)
		reg->listeners[i].fn(reg->listeners[i].data, ev);
}

static void emit_simple(struct registry *reg, enum reg_event_kind kind,
			const struct reg_entry *e)
{
	struct reg_event ev = {
		.kind = kind,
		.entry_id = e->id,
		.plane = REG_NO_PLANE,
		.entry_class = e->cls ? e->cls->name : NULL,
	};
	emit(reg, &ev);
}

int registry_add_listener(struct registry *reg, reg_listener_fn fn, void *data)
{
	struct listener *l = talloc_realloc(reg, reg->listeners, struct listener,
					    reg->nlisteners + 1);
	if (!l)
		return -1;
	reg->listeners = l;
	l[reg->nlisteners].fn = fn;
	l[reg->nlisteners].data = data;
	reg->nlisteners++;
	return 0;
}

void registry_remove_listener(struct registry *reg, reg_listener_fn fn, void *data)
{
	for (size_t i = 0; i < reg->nlisteners; i++) {
		if (reg->listeners[i].fn == fn && reg->listeners[i].data == data) {
			memmove(&reg->listeners[i], &reg->listeners[i + 1],
				(reg->nlisteners - i - 1) * sizeof(*reg->listeners));
			reg->nlisteners--;
			return;
		}
	}
}

/* ---- registry ---- */

static int registry_destructor(struct registry *reg)
{
	pthread_rwlock_destroy(&reg->lock);
	return 0;
}

struct registry *registry_new(void *ctx)
{
	struct registry *reg = talloc_zero(ctx, struct registry);

	if (!reg)
		return NULL;
	/* Writers first: glibc's default lets a steady stream of readers (FUSE
	 * threads) starve a hot-plug writer forever. */
	pthread_rwlockattr_t attr;
	pthread_rwlockattr_init(&attr);
	pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	if (pthread_rwlock_init(&reg->lock, &attr) != 0) {
		pthread_rwlockattr_destroy(&attr);
		talloc_free(reg);
		return NULL;
	}
	pthread_rwlockattr_destroy(&attr);
	talloc_set_destructor(reg, registry_destructor);
	reg->next_id = REG_ROOT_ID;
	reg->ids.min_cap = 1024;
	reg->classes_by_name.min_cap = 256;
	reg->match_index = match_index_new(reg);
	if (!reg->match_index) {
		talloc_free(reg);
		return NULL;
	}
	reg->root = registry_entry_new(reg, REG_ROOT_ID, "Root", "IORegistryEntry");
	if (!reg->root) {
		talloc_free(reg);
		return NULL;
	}
	reg->root->is_service = false;
	reg->root->state = 0;
	return reg;
}

void registry_rdlock(struct registry *reg)
{
	pthread_rwlock_rdlock(&reg->lock);
}

void registry_wrlock(struct registry *reg)
{
	pthread_rwlock_wrlock(&reg->lock);
}

void registry_unlock(struct registry *reg)
{
	pthread_rwlock_unlock(&reg->lock);
}

struct reg_match_index *registry_match_index(const struct registry *reg)
{
	return reg->match_index;
}

uint64_t registry_generation(const struct registry *reg)
{
	return reg->generation;
}

size_t registry_memory_bytes(const struct registry *reg)
{
	return talloc_total_size(reg);
}

void registry_set_access(struct registry *reg, const struct reg_access *access)
{
	reg->access = *access;
}

const struct reg_access *registry_access(const struct registry *reg)
{
	return &reg->access;
}

void registry_set_default_policy(struct registry *reg, enum reg_set_policy policy)
{
	reg->default_policy = policy;
}

enum reg_set_policy registry_default_policy(const struct registry *reg)
{
	return reg->default_policy;
}

/* ---- planes ---- */

static struct reg_plane_links *links_get(struct reg_entry *e, int plane, bool create)
{
	if (plane < 0 || plane >= REG_MAX_PLANES)
		return NULL;
	if (!e->planes[plane] && create)
		e->planes[plane] = talloc_zero(e, struct reg_plane_links);
	return e->planes[plane];
}

int registry_add_plane(struct registry *reg, const char *name)
{
	int i = registry_plane_index(reg, name);

	if (i >= 0)
		return i;
	if (reg->nplanes >= REG_MAX_PLANES || !name[0])
		return -1;
	reg->plane_names[reg->nplanes] = talloc_strdup(reg, name);
	if (!reg->plane_names[reg->nplanes])
		return -1;
	i = (int)reg->nplanes++;
	/* Root is in every plane: a plane is Root's children in that plane. */
	if (!links_get(reg->root, i, true))
		return -1;
	return i;
}

int registry_plane_index(const struct registry *reg, const char *name)
{
	if (!name)
		return -1;
	for (size_t i = 0; i < reg->nplanes; i++)
		if (strcmp(reg->plane_names[i], name) == 0)
			return (int)i;
	return -1;
}

size_t registry_plane_count(const struct registry *reg)
{
	return reg->nplanes;
}

const char *registry_plane_name(const struct registry *reg, int plane)
{
	if (plane < 0 || (size_t)plane >= reg->nplanes)
		return NULL;
	return reg->plane_names[plane];
}

/* ---- classes ---- */

static bool class_is_ancestor(const struct reg_class *maybe_ancestor,
			      const struct reg_class *c)
{
	for (; c; c = c->super)
		if (c == maybe_ancestor)
			return true;
	return false;
}

static void class_unlink_from_super(struct reg_class *c)
{
	struct reg_class *s = c->super;

	if (!s)
		return;
	for (size_t i = 0; i < s->nsubclasses; i++) {
		if (s->subclasses[i] == c) {
			s->subclasses[i] = s->subclasses[--s->nsubclasses];
			break;
		}
	}
	c->super = NULL;
}

static int class_link_to_super(struct reg_class *c, struct reg_class *s)
{
	struct reg_class **subs = talloc_realloc(s, s->subclasses, struct reg_class *,
						 s->nsubclasses + 1);
	if (!subs)
		return -1;
	s->subclasses = subs;
	subs[s->nsubclasses++] = c;
	c->super = s;
	return 0;
}

struct reg_class *registry_class_get(const struct registry *reg, const char *name)
{
	return class_table_get(&reg->classes_by_name, name);
}

static struct reg_class *class_create(struct registry *reg, const char *name)
{
	struct reg_class *c = talloc_zero(reg, struct reg_class);

	if (!c)
		return NULL;
	c->name = talloc_strdup(c, name);
	if (!c->name || hash_table_insert(reg, &reg->classes_by_name, hash_string(c->name), c) != 0) {
		talloc_free(c);
		return NULL;
	}
	if (reg->nclasses == reg->classes_cap) {
		size_t cap = reg->classes_cap ? reg->classes_cap * 2 : 64;
		struct reg_class **all = talloc_realloc(reg, reg->classes,
							struct reg_class *, cap);
		if (!all)
			return NULL; /* stays findable by name; only the list misses it */
		reg->classes = all;
		reg->classes_cap = cap;
	}
	reg->classes[reg->nclasses++] = c;
	return c;
}

/* depth guards against a cyclic built-in or source-given chain. */
static struct reg_class *class_declare(struct registry *reg, const char *name,
				       const char *superclass, unsigned depth)
{
	struct reg_class *c = registry_class_get(reg, name), *s;
	bool explicit_super = superclass != NULL;

	if (depth > 64 || !name[0])
		return NULL;
	if (c && !explicit_super)
		return c;
	if (!c) {
		c = class_create(reg, name);
		if (!c)
			return NULL;
	}
	if (strcmp(name, "OSObject") == 0)
		return c;
	if (!superclass)
		superclass = reg_builtin_superclass(name);
	if (!superclass)
		superclass = "OSObject";
	if (c->super && strcmp(c->super->name, superclass) == 0)
		return c;
	s = class_declare(reg, superclass, NULL, depth + 1);
	if (!s || class_is_ancestor(c, s))
		return c;	/* keep what we had rather than make a cycle */
	class_unlink_from_super(c);
	if (class_link_to_super(c, s) != 0)
		return NULL;
	return c;
}

struct reg_class *registry_class_declare(struct registry *reg, const char *name,
					 const char *superclass)
{
	return class_declare(reg, name, superclass, 0);
}

struct reg_class *registry_class_declare_chain(struct registry *reg,
					       const char *const *chain, size_t n)
{
	struct reg_class *most_derived = NULL;

	if (n == 0)
		return NULL;
	/* Declare from the base up, so each class gets its real superclass. */
	for (size_t i = n; i-- > 0;) {
		const char *super = i + 1 < n ? chain[i + 1] : NULL;
		struct reg_class *c = class_declare(reg, chain[i], super, 0);
		if (!c)
			return NULL;
		most_derived = c;
	}
	return most_derived;
}

bool reg_class_conforms_to(const struct reg_class *cls, const char *name)
{
	for (; cls; cls = cls->super)
		if (strcmp(cls->name, name) == 0)
			return true;
	return false;
}

size_t registry_class_count(const struct registry *reg)
{
	return reg->nclasses;
}

struct reg_class *registry_class_at(const struct registry *reg, size_t i)
{
	return i < reg->nclasses ? reg->classes[i] : NULL;
}

static int class_add_instance(struct reg_class *c, struct reg_entry *e)
{
	if (c->ninstances == c->instances_cap) {
		size_t cap = c->instances_cap ? c->instances_cap * 2 : 4;
		struct reg_entry **inst = talloc_realloc(c, c->instances,
							 struct reg_entry *, cap);
		if (!inst)
			return -1;
		c->instances = inst;
		c->instances_cap = cap;
	}
	e->class_slot = c->ninstances;
	c->instances[c->ninstances++] = e;
	e->cls = c;
	return 0;
}

/* Removal keeps the others in creation order, which is IOKit's candidate
 * order for matching. */
static void class_remove_instance(struct reg_entry *e)
{
	struct reg_class *c = e->cls;

	if (!c)
		return;
	memmove(&c->instances[e->class_slot], &c->instances[e->class_slot + 1],
		(c->ninstances - e->class_slot - 1) * sizeof(*c->instances));
	c->ninstances--;
	for (size_t i = e->class_slot; i < c->ninstances; i++)
		c->instances[i]->class_slot = i;
	e->cls = NULL;
}

/* ---- entries ---- */

struct reg_entry *registry_root(const struct registry *reg)
{
	return reg->root;
}

struct reg_entry *registry_entry_by_id(const struct registry *reg, uint64_t id)
{
	return id_table_get(&reg->ids, id);
}

size_t registry_entry_count(const struct registry *reg)
{
	return reg->ids.count;
}

void registry_foreach_entry(const struct registry *reg,
			    bool (*fn)(void *data, struct reg_entry *e), void *data)
{
	for (size_t i = 0; i < reg->ids.cap; i++)
		if (reg->ids.slots[i].item && !fn(data, reg->ids.slots[i].item))
			return;
}

struct reg_entry *registry_entry_new(struct registry *reg, uint64_t id,
				     const char *name, const char *class_name)
{
	struct reg_entry *e;
	struct reg_class *c;

	if (id == 0) {
		while (id_table_get(&reg->ids, reg->next_id))
			reg->next_id++;
		id = reg->next_id++;
	} else if (id_table_get(&reg->ids, id)) {
		return NULL;
	}
	c = registry_class_declare(reg, class_name && class_name[0] ? class_name
							     : "IORegistryEntry", NULL);
	if (!c)
		return NULL;
	e = talloc_zero(reg, struct reg_entry);
	if (!e)
		return NULL;
	e->registry = reg;
	e->id = id;
	e->name = talloc_strdup(e, name ? name : "");
	e->properties = reg_value_new_dict(e);
	if (!e->name || !e->properties || class_add_instance(c, e) != 0)
		goto fail;
	if (hash_table_insert(reg, &reg->ids, hash_u64(e->id), e) != 0) {
		class_remove_instance(e);
		goto fail;
	}
	e->is_service = reg_class_conforms_to(c, "IOService");
	e->state = e->is_service ? (REG_STATE_REGISTERED | REG_STATE_MATCHED) : 0;
	e->retain = 1;
	if (id >= reg->next_id)
		reg->next_id = id + 1;
	reg->generation++;
	emit_simple(reg, REG_EVENT_ENTRY_ADDED, e);
	return e;
fail:
	talloc_free(e);
	return NULL;
}

int registry_entry_set_class(struct registry *reg, struct reg_entry *e,
			     const char *class_name)
{
	struct reg_class *c = registry_class_declare(reg, class_name, NULL);
	struct reg_class *old = e->cls;
	size_t old_slot = e->class_slot;

	if (!c)
		return -1;
	if (c == old)
		return 0;
	class_remove_instance(e);
	if (class_add_instance(c, e) != 0) {
		/* Put it back where it was; the slot array still has room. */
		memmove(&old->instances[old_slot + 1], &old->instances[old_slot],
			(old->ninstances - old_slot) * sizeof(*old->instances));
		old->instances[old_slot] = e;
		old->ninstances++;
		for (size_t i = old_slot; i < old->ninstances; i++)
			old->instances[i]->class_slot = i;
		e->cls = old;
		return -1;
	}
	e->is_service = reg_class_conforms_to(c, "IOService");
	emit_simple(reg, REG_EVENT_STATE_CHANGED, e);
	return 0;
}

void registry_entry_set_driver(struct registry *reg, struct reg_entry *e,
			       const struct reg_driver *driver, void *driver_data)
{
	(void)reg;
	e->driver = driver;
	e->driver_data = driver_data;
}

static void remove_link(struct reg_entry ***arr, size_t *n, struct reg_entry *e)
{
	for (size_t i = 0; i < *n; i++) {
		if ((*arr)[i] == e) {
			memmove(&(*arr)[i], &(*arr)[i + 1], (*n - i - 1) * sizeof(**arr));
			(*n)--;
			return;
		}
	}
}

static void emit_link(struct registry *reg, enum reg_event_kind kind,
		      const struct reg_entry *child, const struct reg_entry *parent,
		      int plane)
{
	struct reg_event ev = {
		.kind = kind,
		.entry_id = child->id,
		.parent_id = parent->id,
		.plane = plane,
		.entry_class = child->cls ? child->cls->name : NULL,
	};
	emit(reg, &ev);
}

void registry_entry_remove(struct registry *reg, struct reg_entry *e)
{
	if (e == reg->root)
		return;
	for (int p = 0; p < REG_MAX_PLANES; p++) {
		struct reg_plane_links *l = e->planes[p];
		if (!l)
			continue;
		while (l->nparents)
			registry_detach(reg, e, l->parents[0], p);
		while (l->nchildren)
			registry_detach(reg, l->children[0], e, p);
	}
	e->state |= REG_STATE_INACTIVE;
	e->state &= ~(REG_STATE_REGISTERED | REG_STATE_MATCHED);
	bsd_index_drop(reg, e);
	emit_simple(reg, REG_EVENT_ENTRY_REMOVED, e);
	class_remove_instance(e);
	hash_table_remove(&reg->ids, hash_u64(e->id), e);
	reg->generation++;
	talloc_free(e);
}

int registry_entry_set_name(struct registry *reg, struct reg_entry *e, int plane,
			    const char *name)
{
	char **slot;
	void *owner;
	char *copy;

	if (plane == REG_NO_PLANE) {
		if (!name)
			return -1;	/* the global name is never NULL */
		slot = &e->name;
		owner = e;
	} else {
		struct reg_plane_links *l = links_get(e, plane, true);
		if (!l)
			return -1;
		slot = &l->name;
		owner = l;
	}
	copy = name ? talloc_strdup(owner, name) : NULL;
	if (name && !copy)
		return -1;
	talloc_free(*slot);
	*slot = copy;
	reg->generation++;
	emit_simple(reg, REG_EVENT_STATE_CHANGED, e);
	return 0;
}

int registry_entry_set_location(struct registry *reg, struct reg_entry *e, int plane,
				const char *location)
{
	char **slot;
	void *owner;
	char *copy;

	if (plane == REG_NO_PLANE) {
		slot = &e->location;
		owner = e;
	} else {
		struct reg_plane_links *l = links_get(e, plane, true);
		if (!l)
			return -1;
		slot = &l->location;
		owner = l;
	}
	copy = location ? talloc_strdup(owner, location) : NULL;
	if (location && !copy)
		return -1;
	talloc_free(*slot);
	*slot = copy;
	reg->generation++;
	emit_simple(reg, REG_EVENT_STATE_CHANGED, e);
	return 0;
}

const char *reg_entry_name(const struct reg_entry *e, int plane)
{
	if (plane >= 0 && plane < REG_MAX_PLANES && e->planes[plane] &&
	    e->planes[plane]->name)
		return e->planes[plane]->name;
	return e->name;
}

const char *reg_entry_location(const struct reg_entry *e, int plane)
{
	if (plane >= 0 && plane < REG_MAX_PLANES && e->planes[plane] &&
	    e->planes[plane]->location)
		return e->planes[plane]->location;
	return e->location;
}

char *reg_entry_name_with_location(void *ctx, const struct reg_entry *e, int plane)
{
	const char *loc = reg_entry_location(e, plane);

	if (loc && loc[0])
		return talloc_asprintf(ctx, "%s@%s", reg_entry_name(e, plane), loc);
	return talloc_strdup(ctx, reg_entry_name(e, plane));
}

/* ---- topology ---- */

static int links_append(void *owner, struct reg_entry ***arr, size_t *n, size_t *cap,
			struct reg_entry *e, ssize_t index)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		struct reg_entry **a = talloc_realloc(owner, *arr, struct reg_entry *, c);
		if (!a)
			return -1;
		*arr = a;
		*cap = c;
	}
	if (index < 0 || (size_t)index > *n)
		index = (ssize_t)*n;
	memmove(&(*arr)[index + 1], &(*arr)[index], (*n - (size_t)index) * sizeof(**arr));
	(*arr)[index] = e;
	(*n)++;
	return 0;
}

/* Would making parent a parent of child close a loop in this plane?  True
 * when child is parent itself or one of parent's ancestors.  Each ancestor
 * is visited once (entries with several parents would otherwise make the
 * walk exponential). */
static bool creates_cycle(struct registry *reg, struct reg_entry *child,
			  struct reg_entry *parent, int plane)
{
	uint64_t epoch = ++reg->walk_epoch;
	size_t top = 0, cap = 64;
	struct reg_entry **stack = talloc_array(NULL, struct reg_entry *, cap);
	bool cycle = false;

	if (!stack)
		return true;	/* cannot tell: refuse */
	parent->walk_mark = epoch;
	stack[top++] = parent;
	while (top && !cycle) {
		struct reg_entry *e = stack[--top];
		struct reg_plane_links *l = e->planes[plane];

		if (e == child) {
			cycle = true;
			break;
		}
		for (size_t i = 0; l && i < l->nparents; i++) {
			struct reg_entry *p = l->parents[i];
			if (p->walk_mark == epoch)
				continue;
			p->walk_mark = epoch;
			if (top == cap) {
				struct reg_entry **s = talloc_realloc(NULL, stack, struct reg_entry *,
								      cap * 2);
				if (!s) {
					cycle = true;
					break;
				}
				stack = s;
				cap *= 2;
			}
			stack[top++] = p;
		}
	}
	talloc_free(stack);
	return cycle;
}

int registry_attach_at(struct registry *reg, struct reg_entry *child,
		       struct reg_entry *parent, int plane, ssize_t index)
{
	struct reg_plane_links *cl, *pl;

	if (plane < 0 || (size_t)plane >= reg->nplanes || child == reg->root)
		return -1;
	pl = links_get(parent, plane, false);
	/* A parent must itself be in the plane (Root always is). */
	if (!pl || (parent != reg->root && pl->nparents == 0))
		return -1;
	cl = links_get(child, plane, true);
	if (!cl)
		return -1;
	for (size_t i = 0; i < cl->nparents; i++)
		if (cl->parents[i] == parent)
			return -1;
	if (creates_cycle(reg, child, parent, plane))
		return -1;
	if (links_append(pl, &pl->children, &pl->nchildren, &pl->children_cap, child,
			 index) != 0)
		return -1;
	if (links_append(cl, &cl->parents, &cl->nparents, &cl->parents_cap, parent, -1) != 0) {
		remove_link(&pl->children, &pl->nchildren, child);
		return -1;
	}
	reg->generation++;
	emit_link(reg, REG_EVENT_ATTACHED, child, parent, plane);
	return 0;
}

int registry_attach(struct registry *reg, struct reg_entry *child,
		    struct reg_entry *parent, int plane)
{
	return registry_attach_at(reg, child, parent, plane, -1);
}

int registry_detach(struct registry *reg, struct reg_entry *child,
		    struct reg_entry *parent, int plane)
{
	struct reg_plane_links *cl = links_get(child, plane, false);
	struct reg_plane_links *pl = links_get(parent, plane, false);
	size_t before;

	if (!cl || !pl)
		return -1;
	before = cl->nparents;
	remove_link(&cl->parents, &cl->nparents, parent);
	if (cl->nparents == before)
		return -1;
	remove_link(&pl->children, &pl->nchildren, child);
	reg->generation++;
	emit_link(reg, REG_EVENT_DETACHED, child, parent, plane);
	return 0;
}

bool reg_entry_in_plane(const struct reg_entry *e, int plane)
{
	const struct reg_plane_links *l;

	if (plane < 0 || plane >= REG_MAX_PLANES)
		return false;
	l = e->planes[plane];
	if (!l)
		return false;
	return l->nparents > 0 || e->registry->root == e;
}

size_t reg_entry_child_count(const struct reg_entry *e, int plane)
{
	if (plane < 0 || plane >= REG_MAX_PLANES || !e->planes[plane])
		return 0;
	return e->planes[plane]->nchildren;
}

struct reg_entry *reg_entry_child(const struct reg_entry *e, int plane, size_t i)
{
	if (i >= reg_entry_child_count(e, plane))
		return NULL;
	return e->planes[plane]->children[i];
}

size_t reg_entry_parent_count(const struct reg_entry *e, int plane)
{
	if (plane < 0 || plane >= REG_MAX_PLANES || !e->planes[plane])
		return 0;
	return e->planes[plane]->nparents;
}

struct reg_entry *reg_entry_parent(const struct reg_entry *e, int plane, size_t i)
{
	if (i >= reg_entry_parent_count(e, plane))
		return NULL;
	return e->planes[plane]->parents[i];
}

/* ---- the BSD Name index ---- */

static const char bsd_name_key[] = "BSD Name";

/* The name an entry is indexed under: its "BSD Name" string, or data with
 * the same bytes (and perhaps a NUL after them), which matching treats as
 * equal.  NULL when there is none. */
static char *bsd_index_name(void *ctx, const struct reg_entry *e)
{
	const struct reg_value *v = reg_dict_get(e->properties, bsd_name_key);
	size_t len;

	if (reg_value_is_string(v))
		return talloc_strndup(ctx, v->u.string.chars, v->u.string.len);
	if (!v || v->type != REG_DATA)
		return NULL;
	len = v->u.data.len;
	if (len && v->u.data.bytes[len - 1] == '\0')
		len--;
	if (memchr(v->u.data.bytes, '\0', len))
		return NULL;
	return talloc_strndup(ctx, (const char *)v->u.data.bytes, len);
}

static void bsd_index_drop(struct registry *reg, struct reg_entry *e)
{
	char *name = bsd_index_name(NULL, e);

	if (!name)
		return;
	hash_table_remove(&reg->bsd_index, hash_string(name), e);
	talloc_free(name);
}

static void bsd_index_add(struct registry *reg, struct reg_entry *e)
{
	char *name = bsd_index_name(NULL, e);

	if (!name)
		return;
	(void)hash_table_insert(reg, &reg->bsd_index, hash_string(name), e);
	talloc_free(name);
}

void registry_foreach_bsd_name(const struct registry *reg, const char *name,
			       bool (*fn)(void *data, struct reg_entry *e), void *data)
{
	uint64_t h = hash_string(name);
	struct reg_entry *e;

	/* The entry's property is the truth: hashes may collide. */
	for (size_t pos = HASH_TABLE_START; (e = hash_table_next(&reg->bsd_index, h, &pos));) {
		char *now = bsd_index_name(NULL, e);
		bool same = now && strcmp(now, name) == 0;

		talloc_free(now);
		if (same && !fn(data, e))
			return;
	}
}

/* ---- properties and state ---- */

static void emit_property(struct registry *reg, struct reg_entry *e, const char *key)
{
	struct reg_event ev = {
		.kind = REG_EVENT_PROPERTY_CHANGED,
		.entry_id = e->id,
		.plane = REG_NO_PLANE,
		.key = key,
		.entry_class = e->cls ? e->cls->name : NULL,
	};
	e->properties_generation++;
	emit(reg, &ev);
}

int registry_set_property(struct registry *reg, struct reg_entry *e,
			  const char *key, struct reg_value *value)
{
	bool indexed = strcmp(key, bsd_name_key) == 0;
	int ret;

	if (!value)
		return -1;
	if (indexed)
		bsd_index_drop(reg, e);
	ret = reg_dict_set(e->properties, key, value);
	if (indexed)
		bsd_index_add(reg, e);
	if (ret != 0)
		return -1;
	emit_property(reg, e, key);
	return 0;
}

bool registry_remove_property(struct registry *reg, struct reg_entry *e,
			      const char *key)
{
	if (strcmp(key, bsd_name_key) == 0)
		bsd_index_drop(reg, e);
	if (!reg_dict_remove(e->properties, key))
		return false;
	emit_property(reg, e, key);
	return true;
}

int registry_entry_replace_properties(struct registry *reg, struct reg_entry *e,
				      struct reg_value *dict)
{
	if (!dict || dict->type != REG_DICT)
		return -1;
	bsd_index_drop(reg, e);
	talloc_free(e->properties);
	e->properties = talloc_steal(e, dict);
	bsd_index_add(reg, e);
	emit_property(reg, e, NULL);
	return 0;
}

void registry_entry_set_state(struct registry *reg, struct reg_entry *e,
			      uint32_t state)
{
	if (e->state == state)
		return;
	e->state = state;
	emit_simple(reg, REG_EVENT_STATE_CHANGED, e);
}

void registry_entry_set_busy(struct registry *reg, struct reg_entry *e,
			     uint32_t busy)
{
	struct reg_event ev = {
		.kind = REG_EVENT_STATE_CHANGED,
		.entry_id = e->id,
		.plane = REG_NO_PLANE,
		.entry_class = e->cls ? e->cls->name : NULL,
	};

	if (e->busy == busy)
		return;
	e->busy = busy;
	/* Busy counts play no part in matching: the indexes stay. */
	for (size_t i = 0; i < reg->nlisteners; i++)
		reg->listeners[i].fn(reg->listeners[i].data, &ev);
}

void registry_entry_message(struct registry *reg, struct reg_entry *e,
			    uint32_t message, uint64_t argument)
{
	struct reg_event ev = {
		.kind = REG_EVENT_MESSAGE,
		.entry_id = e->id,
		.plane = REG_NO_PLANE,
		.message = message,
		.argument = argument,
		.entry_class = e->cls ? e->cls->name : NULL,
	};
	emit(reg, &ev);
}
