/* The I/O Registry model: entries, planes, classes, properties, events. */
#include "registry.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "builtin_classes.h"
#include "driver.h"

struct listener {
	reg_listener_fn fn;
	void *data;
};

/* Open-addressing hash tables with linear probing; deletion shifts later
 * members back so that no tombstones are needed. */
struct id_table {
	struct reg_entry **slots;
	size_t cap;	/* power of two */
	size_t count;
};

struct class_table {
	struct reg_class **slots;
	size_t cap;
	size_t count;
};

/* "BSD Name" → entries: a chained hash of (name, entry) pairs. */
#define BSD_BUCKETS 1024
struct bsd_node {
	struct bsd_node *next;
	struct reg_entry *entry;
	char name[];
};

struct registry {
	pthread_rwlock_t lock;
	uint64_t generation;
	uint64_t next_id;
	char *plane_names[REG_MAX_PLANES];
	size_t nplanes;
	struct reg_entry *root;
	struct id_table ids;
	struct class_table classes_by_name;
	struct reg_class **classes;	/* declaration order */
	size_t nclasses, classes_cap;
	struct listener *listeners;
	size_t nlisteners;
	enum reg_set_policy default_policy;
	uint64_t walk_epoch;		/* see creates_cycle */
	struct bsd_node *bsd_index[BSD_BUCKETS];
	/* The last REG_TERMINATED_KEEP removed entries' final state, oldest
	 * overwritten first (registry_terminated_by_id). */
	struct reg_entry *terminated[REG_TERMINATED_KEEP];
	size_t terminated_next;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t hash_string(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 0x100000001b3ULL;
	return h;
}

/* ---- ID table ---- */

static int id_table_grow(void *ctx, struct id_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	struct reg_entry **slots = talloc_zero_array(ctx, struct reg_entry *, cap);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		struct reg_entry *e = t->slots[i];
		if (!e)
			continue;
		size_t j = mix64(e->id) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = e;
	}
	talloc_free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

static struct reg_entry *id_table_get(const struct id_table *t, uint64_t id)
{
	if (!t->cap)
		return NULL;
	for (size_t j = mix64(id) & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
		struct reg_entry *e = t->slots[j];
		if (!e)
			return NULL;
		if (e->id == id)
			return e;
	}
}

static int id_table_put(void *ctx, struct id_table *t, struct reg_entry *e)
{
	if ((t->count + 1) * 4 > t->cap * 3 && id_table_grow(ctx, t) != 0)
		return -1;
	size_t j = mix64(e->id) & (t->cap - 1);
	while (t->slots[j])
		j = (j + 1) & (t->cap - 1);
	t->slots[j] = e;
	t->count++;
	return 0;
}

static void id_table_delete(struct id_table *t, uint64_t id)
{
	size_t mask = t->cap - 1, i;

	if (!t->cap)
		return;
	for (i = mix64(id) & mask; t->slots[i]; i = (i + 1) & mask)
		if (t->slots[i]->id == id)
			break;
	if (!t->slots[i])
		return;
	t->slots[i] = NULL;
	t->count--;
	/* Shift back members of the probe run that follow the hole. */
	for (size_t j = (i + 1) & mask; t->slots[j]; j = (j + 1) & mask) {
		size_t home = mix64(t->slots[j]->id) & mask;
		bool movable = (j > i) ? (home <= i || home > j) : (home <= i && home > j);
		if (movable) {
			t->slots[i] = t->slots[j];
			t->slots[j] = NULL;
			i = j;
		}
	}
}

/* ---- class table ---- */

static int class_table_grow(void *ctx, struct class_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	struct reg_class **slots = talloc_zero_array(ctx, struct reg_class *, cap);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->cap; i++) {
		struct reg_class *c = t->slots[i];
		if (!c)
			continue;
		size_t j = hash_string(c->name) & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = c;
	}
	talloc_free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return 0;
}

static struct reg_class *class_table_get(const struct class_table *t, const char *name)
{
	if (!t->cap)
		return NULL;
	for (size_t j = hash_string(name) & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
		struct reg_class *c = t->slots[j];
		if (!c)
			return NULL;
		if (strcmp(c->name, name) == 0)
			return c;
	}
}

static int class_table_put(void *ctx, struct class_table *t, struct reg_class *c)
{
	if ((t->count + 1) * 4 > t->cap * 3 && class_table_grow(ctx, t) != 0)
		return -1;
	size_t j = hash_string(c->name) & (t->cap - 1);
	while (t->slots[j])
		j = (j + 1) & (t->cap - 1);
	t->slots[j] = c;
	t->count++;
	return 0;
}

static void bsd_index_drop(struct registry *reg, struct reg_entry *e);

/* ---- events ---- */

static void emit(struct registry *reg, const struct reg_event *ev)
{
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

uint64_t registry_generation(const struct registry *reg)
{
	return reg->generation;
}

size_t registry_memory_bytes(const struct registry *reg)
{
	return talloc_total_size(reg);
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
	if (!c->name || class_table_put(reg, &reg->classes_by_name, c) != 0) {
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
		if (reg->ids.slots[i] && !fn(data, reg->ids.slots[i]))
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
	if (id_table_put(reg, &reg->ids, e) != 0) {
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

static void keep_terminated(struct registry *reg, struct reg_entry *e);

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
	keep_terminated(reg, e);	/* before the class forgets e */
	class_remove_instance(e);
	id_table_delete(&reg->ids, e->id);
	reg->generation++;
	talloc_free(e);
}

/* Keeps what a client may still ask of a removed entry: its names, class,
 * state and properties (taken from e, which is freed next), in no plane and
 * with no driver. */
static void keep_terminated(struct registry *reg, struct reg_entry *e)
{
	struct reg_entry *z = talloc_zero(reg, struct reg_entry);
	struct reg_entry **slot = &reg->terminated[reg->terminated_next];

	if (!z)
		return;		/* out of memory: the entry is simply gone */
	z->registry = reg;
	z->id = e->id;
	z->name = talloc_steal(z, e->name);
	z->location = talloc_steal(z, e->location);
	z->cls = e->cls;
	z->is_service = e->is_service;
	z->state = e->state;
	z->retain = e->retain;
	z->properties = talloc_steal(z, e->properties);
	e->name = NULL;
	e->location = NULL;
	e->properties = NULL;
	talloc_free(*slot);
	*slot = z;
	reg->terminated_next = (reg->terminated_next + 1) % REG_TERMINATED_KEEP;
}

struct reg_entry *registry_terminated_by_id(const struct registry *reg, uint64_t id)
{
	/* newest first, should an ID ever come and go twice */
	for (size_t i = 0; i < REG_TERMINATED_KEEP; i++) {
		size_t k = (reg->terminated_next + REG_TERMINATED_KEEP - 1 - i) %
			   REG_TERMINATED_KEEP;

		if (reg->terminated[k] && reg->terminated[k]->id == id)
			return reg->terminated[k];
	}
	return NULL;
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

static size_t bsd_bucket(const char *name)
{
	return (size_t)(hash_string(name) % BSD_BUCKETS);
}

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
	struct bsd_node **pp;

	if (!name)
		return;
	pp = &reg->bsd_index[bsd_bucket(name)];
	talloc_free(name);
	for (; *pp; pp = &(*pp)->next) {
		if ((*pp)->entry == e) {
			struct bsd_node *gone = *pp;
			*pp = gone->next;
			talloc_free(gone);
			return;
		}
	}
}

static void bsd_index_add(struct registry *reg, struct reg_entry *e)
{
	char *name = bsd_index_name(NULL, e);
	struct bsd_node *n;
	size_t len, b;

	if (!name)
		return;
	len = strlen(name);
	n = talloc_size(reg, sizeof(*n) + len + 1);
	if (!n) {
		talloc_free(name);
		return;
	}
	talloc_set_name_const(n, "struct bsd_node");
	memcpy(n->name, name, len + 1);
	talloc_free(name);
	n->entry = e;
	b = bsd_bucket(n->name);
	n->next = reg->bsd_index[b];
	reg->bsd_index[b] = n;
}

void registry_foreach_bsd_name(const struct registry *reg, const char *name,
			       bool (*fn)(void *data, struct reg_entry *e), void *data)
{
	for (const struct bsd_node *n = reg->bsd_index[bsd_bucket(name)]; n; n = n->next)
		if (strcmp(n->name, name) == 0 && !fn(data, n->entry))
			return;
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
	if (e->busy == busy)
		return;
	e->busy = busy;
	emit_simple(reg, REG_EVENT_STATE_CHANGED, e);
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
