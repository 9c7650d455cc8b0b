/* `ioreg -a` XML: loader and writer (see ioreg_xml.h). */
#include "ioreg_xml.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>

#include "macroman.h"
#include "value_xml.h"

#define KEY_NAME	"IORegistryEntryName"
#define KEY_LOCATION	"IORegistryEntryLocation"
#define KEY_ID		"IORegistryEntryID"
#define KEY_CLASS	"IOObjectClass"
#define KEY_INHERITANCE	"IOObjectInheritance"
#define KEY_RETAIN	"IOObjectRetainCount"
#define KEY_STATE	"IOServiceState"
#define KEY_BUSY	"IOServiceBusyState"
#define KEY_BUSY_TIME	"IOServiceBusyTime"
#define KEY_CHILDREN	"IORegistryEntryChildren"

/* Longest class chain accepted from IOObjectInheritance. */
#define MAX_CHAIN 64

/* ==== Writer ==== */

static bool put(struct reg_value *d, const char *key, struct reg_value *v)
{
	return v && reg_dict_set(d, key, v) == 0;
}

static bool put_inheritance(struct reg_value *d, const struct reg_entry *e)
{
	const struct reg_class *chain[MAX_CHAIN];
	struct reg_value *a = reg_value_new_array(d);
	size_t n = 0;

	if (!a)
		return false;
	for (const struct reg_class *c = e->cls; c && n < MAX_CHAIN; c = c->super)
		if (strcmp(c->name, "OSObject") != 0)
			chain[n++] = c;
	/* Base class first, as ioreg -i builds it. */
	while (n-- > 0) {
		struct reg_value *s = reg_value_new_string(a, chain[n]->name);
		if (!s || reg_array_append(a, s) != 0)
			return false;
	}
	return put(d, KEY_INHERITANCE, a);
}

/* Names are kept as a dump gave their bytes; XML needs UTF-8, so bytes
 * that are not read as MacRoman (ioreg's encoding). */
static struct reg_value *utf8_string(void *ctx, const char *s)
{
	size_t n = strlen(s), len;
	char *u;
	struct reg_value *v;

	if (macroman_is_utf8(s, n))
		return reg_value_new_string(ctx, s);
	u = macroman_to_utf8(NULL, s, n, &len);
	v = u ? reg_value_new_string_len(ctx, u, len) : NULL;
	talloc_free(u);
	return v;
}

static struct reg_value *entry_dict(void *ctx, struct registry *reg, struct reg_entry *e,
				    int plane, bool with_properties, bool with_inheritance,
				    unsigned depth)
{
	struct reg_value *d;
	const char *location = reg_entry_location(e, plane);
	size_t nchildren = reg_entry_child_count(e, plane);

	/* The registry is acyclic, but guard the recursion anyway. */
	if (depth > REG_XML_MAX_DEPTH_LIMIT / 2)
		return NULL;
	d = with_properties ? reg_value_copy(ctx, e->properties) : reg_value_new_dict(ctx);
	if (!d)
		return NULL;
	if (!put(d, KEY_NAME, utf8_string(d, reg_entry_name(e, plane))) ||
	    (location && location[0] && !put(d, KEY_LOCATION, utf8_string(d, location))) ||
	    !put(d, KEY_ID, reg_value_new_number(d, (int64_t)e->id, 0)) ||
	    !put(d, KEY_CLASS, reg_value_new_string(d, e->cls ? e->cls->name
								: "IORegistryEntry")) ||
	    (with_inheritance && !put_inheritance(d, e)) ||
	    !put(d, KEY_RETAIN, reg_value_new_number(d, e->retain, 0)))
		goto fail;
	if (e->is_service &&
	    (!put(d, KEY_STATE, reg_value_new_number(d, e->state, 0)) ||
	     !put(d, KEY_BUSY, reg_value_new_number(d, e->busy, 0)) ||
	     !put(d, KEY_BUSY_TIME, reg_value_new_number(d, (int64_t)e->busy_time_ns, 0))))
		goto fail;
	if (nchildren) {
		struct reg_value *kids = reg_value_new_array(d);
		if (!kids)
			goto fail;
		for (size_t i = 0; i < nchildren; i++) {
			struct reg_value *kd = entry_dict(kids, reg, reg_entry_child(e, plane, i),
							  plane, with_properties,
							  with_inheritance, depth + 1);
			if (!kd || reg_array_append(kids, kd) != 0) {
				talloc_free(kids);
				goto fail;
			}
		}
		if (!put(d, KEY_CHILDREN, kids))
			goto fail;
	}
	return d;
fail:
	talloc_free(d);
	return NULL;
}

struct reg_value *ioreg_archive_dict(void *ctx, struct registry *reg, struct reg_entry *e,
				     int plane, bool with_properties, bool with_inheritance)
{
	if (!e || !reg_entry_in_plane(e, plane))
		return NULL;
	return entry_dict(ctx, reg, e, plane, with_properties, with_inheritance, 0);
}

/* ==== Loader ==== */

/* One entry met in the document, and the children its appearances list. */
struct node {
	struct reg_entry *e;
	bool existed;			/* in reg before this document */
	struct node **kids;
	size_t nkids, kids_cap;
	bool queued;
	struct node *stamp;		/* last parent that listed it */
};

struct loader {
	struct registry *reg;
	struct reg_parse_error *err;
	void *tmp;
	int plane;
	struct node *root;
	/* Open-addressed map from registry ID to node. */
	struct node **slots;
	size_t cap, count;
	uint64_t next_free_id;		/* for entries without IORegistryEntryID */
	const char *context;
	bool failed;
};

static void load_fail(struct loader *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void load_fail(struct loader *l, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (l->failed)
		return;
	l->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (l->context)
		reg_parse_error_set(l->err, 0, 0, "%s: %s", l->context, msg);
	else
		reg_parse_error_set(l->err, 0, 0, "%s", msg);
}

static size_t id_hash(uint64_t id)
{
	id ^= id >> 33;
	id *= 0xff51afd7ed558ccdULL;
	id ^= id >> 33;
	return (size_t)id;
}

static struct node *node_find(struct loader *l, uint64_t id)
{
	if (!l->cap)
		return NULL;
	for (size_t j = id_hash(id) & (l->cap - 1); l->slots[j]; j = (j + 1) & (l->cap - 1))
		if (l->slots[j]->e->id == id)
			return l->slots[j];
	return NULL;
}

static struct node *node_add(struct loader *l, struct reg_entry *e, bool existed)
{
	struct node *n;

	if (2 * (l->count + 1) > l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct node **slots = talloc_zero_array(l->tmp, struct node *, cap);
		if (!slots)
			return NULL;
		for (size_t i = 0; i < l->cap; i++) {
			if (!l->slots[i])
				continue;
			size_t j = id_hash(l->slots[i]->e->id) & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = l->slots[i];
		}
		talloc_free(l->slots);
		l->slots = slots;
		l->cap = cap;
	}
	n = talloc_zero(l->tmp, struct node);
	if (!n)
		return NULL;
	n->e = e;
	n->existed = existed;
	size_t j = id_hash(e->id) & (l->cap - 1);
	while (l->slots[j])
		j = (j + 1) & (l->cap - 1);
	l->slots[j] = n;
	l->count++;
	return n;
}

static bool node_add_kid(struct loader *l, struct node *n, struct node *kid, bool dedupe)
{
	if (dedupe)
		for (size_t i = 0; i < n->nkids; i++)
			if (n->kids[i] == kid)
				return true;
	if (n->nkids == n->kids_cap) {
		size_t cap = n->kids_cap ? n->kids_cap * 2 : 4;
		struct node **kids = talloc_realloc(l->tmp, n->kids, struct node *, cap);
		if (!kids)
			return false;
		n->kids = kids;
		n->kids_cap = cap;
	}
	n->kids[n->nkids++] = kid;
	return true;
}

/* The metadata of one entry dictionary. */
struct meta {
	const char *name, *location, *class_name;
	struct reg_value *inheritance, *children;
	bool have_id, have_retain, have_state, have_busy, have_busy_time;
	int64_t id, retain, state, busy, busy_time;
};

static bool meta_string(struct loader *l, const char *key, struct reg_value *v,
			const char **out)
{
	if (!reg_value_is_string(v)) {
		load_fail(l, "%s is a %s, not a string", key, reg_value_type_name(v->type));
		return false;
	}
	*out = v->u.string.chars;
	return true;
}

static bool meta_number(struct loader *l, const char *key, struct reg_value *v,
			int64_t min, int64_t max, bool *have, int64_t *out)
{
	if (v->type != REG_NUMBER) {
		load_fail(l, "%s is a %s, not a number", key, reg_value_type_name(v->type));
		return false;
	}
	/* Unsigned kernel values above INT64_MAX do not occur here; 32-bit
	 * counts may have been written as their sign-extended selves. */
	*out = v->u.number.value;
	if (*out < min || *out > max) {
		load_fail(l, "%s = %" PRId64 " is out of range", key, *out);
		return false;
	}
	*have = true;
	return true;
}

/* Takes the metadata keys out of d (keeping their values alive on the
 * loader's tmp context) and leaves only properties, in order. */
static bool split_meta(struct loader *l, struct reg_value *d, struct meta *m)
{
	size_t kept = 0;
	bool ok = true;

	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < d->u.dict.count; i++) {
		const char *k = d->u.dict.keys[i];
		struct reg_value *v = d->u.dict.values[i];
		bool meta = true;

		if (strncmp(k, "IO", 2) != 0)
			meta = false;
		else if (strcmp(k, KEY_NAME) == 0)
			ok = ok && meta_string(l, k, v, &m->name);
		else if (strcmp(k, KEY_LOCATION) == 0)
			ok = ok && meta_string(l, k, v, &m->location);
		else if (strcmp(k, KEY_CLASS) == 0)
			ok = ok && meta_string(l, k, v, &m->class_name);
		else if (strcmp(k, KEY_ID) == 0)
			ok = ok && meta_number(l, k, v, INT64_MIN, INT64_MAX, &m->have_id, &m->id);
		else if (strcmp(k, KEY_RETAIN) == 0)
			ok = ok && meta_number(l, k, v, INT32_MIN, UINT32_MAX, &m->have_retain,
					       &m->retain);
		else if (strcmp(k, KEY_STATE) == 0)
			ok = ok && meta_number(l, k, v, INT32_MIN, UINT32_MAX, &m->have_state,
					       &m->state);
		else if (strcmp(k, KEY_BUSY) == 0)
			ok = ok && meta_number(l, k, v, INT32_MIN, UINT32_MAX, &m->have_busy,
					       &m->busy);
		else if (strcmp(k, KEY_BUSY_TIME) == 0)
			ok = ok && meta_number(l, k, v, 0, INT64_MAX, &m->have_busy_time,
					       &m->busy_time);
		else if (strcmp(k, KEY_INHERITANCE) == 0)
			m->inheritance = v;
		else if (strcmp(k, KEY_CHILDREN) == 0)
			m->children = v;
		else
			meta = false;
		if (meta) {
			talloc_steal(l->tmp, v);
			talloc_free(d->u.dict.keys[i]);
		} else {
			d->u.dict.keys[kept] = d->u.dict.keys[i];
			d->u.dict.values[kept] = v;
			kept++;
		}
	}
	d->u.dict.count = kept;
	if (!ok)
		return false;
	if (m->children && m->children->type != REG_ARRAY) {
		load_fail(l, "%s is not an array", KEY_CHILDREN);
		return false;
	}
	if (m->inheritance && m->inheritance->type != REG_ARRAY) {
		load_fail(l, "%s is not an array", KEY_INHERITANCE);
		return false;
	}
	if (!m->name) {
		load_fail(l, "an entry without %s", KEY_NAME);
		return false;
	}
	return true;
}

/* The class to give the entry: declares IOObjectInheritance's chain. */
static const char *declare_class(struct loader *l, const struct meta *m)
{
	const char *chain[MAX_CHAIN + 1];
	size_t n = 0;
	const struct reg_value *inh = m->inheritance;

	if (!inh || inh->u.array.count == 0)
		return m->class_name;
	if (inh->u.array.count > MAX_CHAIN) {
		load_fail(l, "a class chain of %zu classes is absurd", inh->u.array.count);
		return NULL;
	}
	/* Most derived first for registry_class_declare_chain. */
	for (size_t i = inh->u.array.count; i-- > 0;) {
		const struct reg_value *s = inh->u.array.items[i];
		if (!reg_value_is_string(s) || !s->u.string.chars[0]) {
			load_fail(l, "%s holds a %s", KEY_INHERITANCE,
				  s ? reg_value_type_name(s->type) : "missing value");
			return NULL;
		}
		chain[n++] = s->u.string.chars;
	}
	if (m->class_name && strcmp(chain[0], m->class_name) != 0) {
		memmove(chain + 1, chain, n * sizeof(*chain));
		chain[0] = m->class_name;
		n++;
	}
	if (!registry_class_declare_chain(l->reg, chain, n)) {
		load_fail(l, "cannot declare class %.60s", chain[0]);
		return NULL;
	}
	return chain[0];
}

/* Sets what the dictionary says about an entry met for the first time in
 * this document. */
static bool apply_meta(struct loader *l, struct node *n, const struct meta *m,
		       const char *class_name)
{
	struct reg_entry *e = n->e;
	const char *loc = m->location ? m->location : "";

	if (n->existed) {
		/* Known from another plane: record what differs in this one. */
		const char *global = e->location ? e->location : "";
		if (strcmp(m->name, e->name) != 0 &&
		    registry_entry_set_name(l->reg, e, l->plane, m->name) != 0)
			goto oom;
		if (strcmp(loc, global) != 0 &&
		    registry_entry_set_location(l->reg, e, l->plane, loc) != 0)
			goto oom;
		return true;
	}
	if (e == registry_root(l->reg) &&
	    (registry_entry_set_name(l->reg, e, REG_NO_PLANE, m->name) != 0 ||
	     (class_name && registry_entry_set_class(l->reg, e, class_name) != 0)))
		goto oom;
	if (m->location && registry_entry_set_location(l->reg, e, REG_NO_PLANE,
						       m->location) != 0)
		goto oom;
	/* retain, is_service and busy time have no mutators in registry.h:
	 * they are what the source says. */
	if (m->have_retain)
		e->retain = (uint32_t)m->retain;
	e->is_service = m->have_state;
	registry_entry_set_state(l->reg, e, m->have_state ? (uint32_t)m->state : 0);
	registry_entry_set_busy(l->reg, e, m->have_busy ? (uint32_t)m->busy : 0);
	e->busy_time_ns = m->have_busy_time ? (uint64_t)m->busy_time : 0;
	return true;
oom:
	load_fail(l, "out of memory");
	return false;
}

static struct node *load_dict(struct loader *l, struct reg_value *d, unsigned depth);

/* Root always exists; it counts as known (its fields kept, differences
 * recorded per plane) once another source has filled it. */
static bool root_existed(struct loader *l)
{
	struct reg_entry *root = registry_root(l->reg);

	if (root->properties->u.dict.count)
		return true;
	for (int p = 0; p < (int)registry_plane_count(l->reg); p++)
		if (p != l->plane && reg_entry_child_count(root, p))
			return true;
	return false;
}

static bool load_children(struct loader *l, struct node *n, const struct meta *m,
			  bool again, unsigned depth)
{
	if (!m->children)
		return true;
	for (size_t i = 0; i < m->children->u.array.count; i++) {
		struct reg_value *cd = m->children->u.array.items[i];
		struct node *kid;

		if (cd->type != REG_DICT) {
			load_fail(l, "%s holds a %s", KEY_CHILDREN, reg_value_type_name(cd->type));
			return false;
		}
		kid = load_dict(l, cd, depth + 1);
		if (!kid)
			return false;
		if (!node_add_kid(l, n, kid, again)) {
			load_fail(l, "out of memory");
			return false;
		}
	}
	return true;
}

/* Creates or finds the entry a dictionary describes, and walks its
 * children.  Returns its node. */
static struct node *load_dict(struct loader *l, struct reg_value *d, unsigned depth)
{
	struct reg_entry *e;
	struct node *n;
	struct meta m;
	const char *class_name;
	bool again = false;

	if (depth > REG_XML_MAX_DEPTH_LIMIT) {
		load_fail(l, "registry nested too deeply");
		return NULL;
	}
	l->context = NULL;
	if (!split_meta(l, d, &m))
		return NULL;
	l->context = talloc_asprintf(l->tmp, "entry \"%.60s\"", m.name);
	class_name = declare_class(l, &m);
	if (l->failed)
		return NULL;

	if (m.have_id && m.id == 0)
		m.have_id = false;	/* no registry ID is 0: take it as none */
	n = m.have_id ? node_find(l, (uint64_t)m.id) : NULL;
	if (n) {
		again = true;
		e = n->e;
	} else {
		bool existed;

		e = m.have_id ? registry_entry_by_id(l->reg, (uint64_t)m.id) : NULL;
		existed = e != NULL;
		if (e == registry_root(l->reg))
			existed = root_existed(l);
		if (!e) {
			uint64_t id = (uint64_t)m.id;
			if (!m.have_id) {
				while (registry_entry_by_id(l->reg, l->next_free_id))
					l->next_free_id++;
				id = l->next_free_id++;
			}
			e = registry_entry_new(l->reg, id, m.name, class_name);
			if (!e) {
				load_fail(l, "cannot create registry entry 0x%" PRIx64, id);
				return NULL;
			}
		}
		n = node_add(l, e, existed);
		if (!n) {
			load_fail(l, "out of memory");
			return NULL;
		}
		if (!apply_meta(l, n, &m, class_name))
			return NULL;
	}
	/* Properties come with the first appearance that has any. */
	if (d->u.dict.count && e->properties->u.dict.count == 0)
		registry_entry_replace_properties(e->registry, e, d);
	return load_children(l, n, &m, again, depth) ? n : NULL;
}

/* Attaches the collected links breadth-first from Root. */
static bool attach_all(struct loader *l)
{
	struct node **queue = talloc_array(l->tmp, struct node *, l->count + 1);
	size_t head = 0, tail = 0;

	if (!queue) {
		load_fail(l, "out of memory");
		return false;
	}
	l->context = NULL;
	l->root->queued = true;
	queue[tail++] = l->root;
	while (head < tail) {
		struct node *x = queue[head++];

		for (size_t i = 0; i < x->nkids; i++) {
			struct node *c = x->kids[i];
			bool linked = false;

			if (c->stamp == x) {
				load_fail(l, "\"%.60s\" (0x%" PRIx64 ") is listed twice under "
					  "\"%.60s\"", c->e->name, c->e->id, x->e->name);
				return false;
			}
			c->stamp = x;
			for (size_t j = 0; j < reg_entry_parent_count(c->e, l->plane); j++)
				linked = linked || reg_entry_parent(c->e, l->plane, j) == x->e;
			if (!linked && registry_attach(l->reg, c->e, x->e, l->plane) != 0) {
				load_fail(l, "cannot attach \"%.60s\" (0x%" PRIx64 ") under "
					  "\"%.60s\" (0x%" PRIx64 "): it is listed twice there "
					  "or is its own ancestor", c->e->name, c->e->id,
					  x->e->name, x->e->id);
				return false;
			}
			if (!c->queued) {
				c->queued = true;
				queue[tail++] = c;
			}
		}
	}
	return true;
}

/* The largest IORegistryEntryID in the document, so that entries without
 * one get IDs that no later entry claims. */
static uint64_t max_id(const struct reg_value *d, unsigned depth)
{
	const struct reg_value *id = reg_dict_get(d, KEY_ID);
	const struct reg_value *kids = reg_dict_get(d, KEY_CHILDREN);
	uint64_t max = id && id->type == REG_NUMBER ? (uint64_t)id->u.number.value : 0;

	if (!kids || kids->type != REG_ARRAY || depth > REG_XML_MAX_DEPTH_LIMIT)
		return max;
	for (size_t i = 0; i < kids->u.array.count; i++) {
		const struct reg_value *k = kids->u.array.items[i];
		uint64_t m = k->type == REG_DICT ? max_id(k, depth + 1) : 0;
		if (m > max)
			max = m;
	}
	return max;
}

static struct node *root_node(struct loader *l)
{
	struct reg_entry *root = registry_root(l->reg);
	struct node *n = node_find(l, root->id);

	if (!n)
		n = node_add(l, root, true);
	if (!n)
		load_fail(l, "out of memory");
	return n;
}

static bool load_top(struct loader *l, struct reg_value *top)
{
	struct node **subtrees;
	size_t count;

	if (top->type == REG_DICT)
		l->next_free_id = max_id(top, 0) + 1;
	for (size_t i = 0; top->type == REG_ARRAY && i < top->u.array.count; i++) {
		const struct reg_value *d = top->u.array.items[i];
		uint64_t m = d->type == REG_DICT ? max_id(d, 1) : 0;
		if (m >= l->next_free_id)
			l->next_free_id = m + 1;
	}
	if (l->next_free_id < REG_ROOT_ID + 1)
		l->next_free_id = REG_ROOT_ID + 1;
	if (top->type == REG_DICT) {
		struct node *n = load_dict(l, top, 0);
		if (!n)
			return false;
		l->root = root_node(l);
		if (!l->root)
			return false;
		/* A lone subtree that is not Root's hangs under Root. */
		if (n != l->root && !node_add_kid(l, l->root, n, true)) {
			load_fail(l, "out of memory");
			return false;
		}
		return true;
	}
	if (top->type != REG_ARRAY) {
		load_fail(l, "the archive is a %s, not a dictionary or an array",
			  reg_value_type_name(top->type));
		return false;
	}
	/* ioreg -r: subtrees, attached under Root once all are read (one of
	 * them may be Root itself, with ioreg -r -t). */
	count = top->u.array.count;
	subtrees = talloc_array(l->tmp, struct node *, count ? count : 1);
	if (!subtrees) {
		load_fail(l, "out of memory");
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		struct reg_value *d = top->u.array.items[i];

		if (d->type != REG_DICT) {
			load_fail(l, "the archive's array holds a %s",
				  reg_value_type_name(d->type));
			return false;
		}
		subtrees[i] = load_dict(l, d, 1);
		if (!subtrees[i])
			return false;
	}
	l->root = root_node(l);
	if (!l->root)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (subtrees[i] != l->root && !node_add_kid(l, l->root, subtrees[i], true)) {
			load_fail(l, "out of memory");
			return false;
		}
	}
	return true;
}

/* The plane an `ioreg -a` dump shows, from its content (the text loader's
 * rule): IODeviceTree when Root's first child is the device tree's root
 * ("/" on Intel Macs, "device-tree" on Apple Silicon), else IOService. */
static const char *infer_plane(const struct reg_value *top)
{
	const struct reg_value *kids, *first, *name;

	if (!top || top->type != REG_DICT)
		return "IOService";
	kids = reg_dict_get(top, "IORegistryEntryChildren");
	if (!kids || kids->type != REG_ARRAY || !kids->u.array.count)
		return "IOService";
	first = kids->u.array.items[0];
	name = first->type == REG_DICT ? reg_dict_get(first, "IORegistryEntryName") : NULL;
	if (name && reg_value_is_string(name) &&
	    (strcmp(name->u.string.chars, "/") == 0 ||
	     strcmp(name->u.string.chars, "device-tree") == 0))
		return "IODeviceTree";
	return "IOService";
}

int source_load_ioreg_xml(struct registry *reg, const char *buf, size_t len,
			  const char *plane, struct reg_parse_error *err)
{
	struct loader l = { .reg = reg, .err = err };
	struct reg_value *top;
	bool ok = false;

	l.tmp = talloc_new(NULL);
	if (!l.tmp) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	top = reg_value_from_xml_depth(l.tmp, buf, len, REG_XML_MAX_DEPTH_LIMIT, err);
	if (!top)
		goto out;
	if (!plane)
		plane = infer_plane(top);
	l.plane = registry_add_plane(reg, plane);
	if (l.plane < 0) {
		reg_parse_error_set(err, 0, 0, "cannot add plane %s", plane);
		goto out;
	}
	ok = load_top(&l, top) && attach_all(&l);
out:
	talloc_free(l.tmp);
	return ok ? 0 : -1;
}
