/* IOService matching; see match.h. */
#include "match.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "ioreturn.h"
#include "match_family.h"
#include "match_index.h"
#include "name_match.h"
#include "path.h"

/* Guards against pathological tables: provider walks and nested parent
 * tables stop after this many steps. */
#define MATCH_MAX_STEPS 100000
#define MATCH_PATH_CACHE 8
#define MATCH_MAX_CLASS_DEPTH 256

struct match_ctx {
	const struct registry *reg;
	struct reg_name_classes names;
	struct match_family_classes families;
	int service_plane;
	/* IOPathMatch strings resolved once per call. */
	struct {
		const struct reg_value *key;
		const struct reg_entry *entry;
	} paths[MATCH_PATH_CACHE];
	size_t npaths;
};

static void match_ctx_init(struct match_ctx *mc, const struct registry *reg)
{
	memset(mc, 0, sizeof(*mc));
	mc->reg = reg;
	reg_name_classes_init(&mc->names, reg);
	match_family_classes_init(&mc->families, reg);
	mc->service_plane = registry_plane_index(reg, "IOService");
}

/* ---- the kernel's value equality ---- */

uint64_t reg_match_number_value(const struct reg_value *n)
{
	uint64_t v = (uint64_t)n->u.number.value;

	/* OSNumber keeps the value masked to its width, unsigned; the model
	 * keeps it sign-extended (value.h). */
	if (n->u.number.width >= 64 || n->u.number.width == 0)
		return v;
	return v & ((UINT64_C(1) << n->u.number.width) - 1);
}

static bool string_equals_data(const struct reg_value *s, const struct reg_value *d)
{
	size_t len = d->u.data.len;

	if (len == s->u.string.len + 1 && d->u.data.bytes[len - 1] == '\0')
		len--;
	return len == s->u.string.len &&
	       (len == 0 || memcmp(s->u.string.chars, d->u.data.bytes, len) == 0);
}

static bool set_contains(const struct reg_value *set, const struct reg_value *item)
{
	for (size_t i = 0; i < set->u.array.count; i++)
		if (reg_match_value_equal(item, set->u.array.items[i]))
			return true;
	return false;
}

bool reg_match_value_equal(const struct reg_value *a, const struct reg_value *b)
{
	if (a == b)
		return true;
	if (!a || !b)
		return false;
	if (reg_value_is_string(a) && b->type == REG_DATA)
		return string_equals_data(a, b);
	if (a->type == REG_DATA && reg_value_is_string(b))
		return string_equals_data(b, a);
	if (reg_value_is_string(a) && reg_value_is_string(b))
		return a->u.string.len == b->u.string.len &&
		       memcmp(a->u.string.chars, b->u.string.chars, a->u.string.len) == 0;
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case REG_DATA:
		return a->u.data.len == b->u.data.len &&
		       (a->u.data.len == 0 ||
			memcmp(a->u.data.bytes, b->u.data.bytes, a->u.data.len) == 0);
	case REG_NUMBER:
		return reg_match_number_value(a) == reg_match_number_value(b);
	case REG_BOOL:
		return a->u.boolean == b->u.boolean;
	case REG_ARRAY:
		if (a->u.array.count != b->u.array.count)
			return false;
		for (size_t i = 0; i < a->u.array.count; i++)
			if (!reg_match_value_equal(a->u.array.items[i], b->u.array.items[i]))
				return false;
		return true;
	case REG_SET:
		if (a->u.array.count != b->u.array.count)
			return false;
		for (size_t i = 0; i < a->u.array.count; i++)
			if (!set_contains(b, a->u.array.items[i]))
				return false;
		return true;
	case REG_DICT:
		if (a->u.dict.count != b->u.dict.count)
			return false;
		for (size_t i = 0; i < a->u.dict.count; i++)
			if (!reg_match_value_equal(a->u.dict.values[i],
						   reg_dict_get(b, a->u.dict.keys[i])))
				return false;
		return true;
	default:
		return false;
	}
}

/* ---- one service against one table (matchInternal) ---- */

/* dictionaryWithProperties() merged with "IOUserServiceProperties". */
static const struct reg_value *match_property(const struct reg_entry *e, const char *key)
{
	const struct reg_value *user = reg_entry_property(e, "IOUserServiceProperties");
	const struct reg_value *v;

	if (user && user->type == REG_DICT && (v = reg_dict_get(user, key)))
		return v;
	return reg_entry_property(e, key);
}

/* OSDictionary::isEqualTo(sub, sub): every key of sub is a property of e
 * with an equal value. */
static bool properties_contain(const struct reg_entry *e, const struct reg_value *sub)
{
	for (size_t i = 0; i < sub->u.dict.count; i++)
		if (!reg_match_value_equal(sub->u.dict.values[i],
					   match_property(e, sub->u.dict.keys[i])))
			return false;
	return true;
}

static bool property_match(const struct reg_entry *e, const struct reg_value *obj)
{
	if (obj->type == REG_DICT)
		return properties_contain(e, obj);
	if (obj->type != REG_ARRAY && obj->type != REG_SET)
		return false;
	for (size_t i = 0; i < obj->u.array.count; i++) {
		const struct reg_value *d = obj->u.array.items[i];
		if (d->type != REG_DICT)
			return false;	/* the iteration stops at a non-dictionary */
		if (properties_contain(e, d))
			return true;
	}
	return false;
}

static bool property_exists_match(const struct reg_entry *e, const struct reg_value *obj)
{
	if (reg_value_is_string(obj))
		return match_property(e, obj->u.string.chars) != NULL;
	if (obj->type == REG_DICT) {
		for (size_t i = 0; i < obj->u.dict.count; i++)
			if (match_property(e, obj->u.dict.keys[i]))
				return true;
		return false;
	}
	if (obj->type != REG_ARRAY && obj->type != REG_SET)
		return false;
	for (size_t i = 0; i < obj->u.array.count; i++) {
		const struct reg_value *key = obj->u.array.items[i];
		if (!reg_value_is_string(key))
			return false;
		if (match_property(e, key->u.string.chars))
			return true;
	}
	return false;
}

static const struct reg_entry *resolve_path(struct match_ctx *mc,
					    const struct reg_value *str)
{
	const struct reg_entry *e;

	for (size_t i = 0; i < mc->npaths; i++)
		if (mc->paths[i].key == str)
			return mc->paths[i].entry;
	e = registry_lookup_path(mc->reg, str->u.string.chars, REG_NO_PLANE);
	if (mc->npaths < MATCH_PATH_CACHE) {
		mc->paths[mc->npaths].key = str;
		mc->paths[mc->npaths++].entry = e;
	}
	return e;
}

static const struct reg_entry *provider(const struct match_ctx *mc,
					const struct reg_entry *e)
{
	if (mc->service_plane < 0)
		return NULL;
	return reg_entry_parent(e, mc->service_plane, 0);
}

/* Clients that are not inactive and carry IOMatchCategory. */
static uint32_t matched_client_count(const struct match_ctx *mc, const struct reg_entry *e)
{
	uint32_t n = 0;

	if (mc->service_plane < 0)
		return 0;
	for (size_t i = 0; i < reg_entry_child_count(e, mc->service_plane); i++) {
		const struct reg_entry *c = reg_entry_child(e, mc->service_plane, i);
		if (!(c->state & REG_STATE_INACTIVE) && reg_entry_property(c, "IOMatchCategory"))
			n++;
	}
	return n;
}

static bool match_internal(struct match_ctx *mc, const struct reg_entry *e,
			   const struct reg_value *table, bool class_done, size_t *did)
{
	static const char *const bsd_keys[] = { "BSD Name", "BSD Major", "BSD Minor",
						"BSD Unit" };
	const size_t count = table->u.dict.count;
	const struct reg_value *obj;
	size_t done = 0;
	bool match = true;

/* After each handled key: stop on failure, or when every key is handled. */
#define HANDLED(result)						\
	do {							\
		done++;						\
		match = (result);				\
		if (!match || done == count)			\
			goto out;				\
	} while (0)

	if (reg_dict_get(table, "IOServiceNotificationUser"))
		HANDLED(true);	/* no service is user-invisible here */

	obj = reg_dict_get(table, "IOProviderClass");
	if (reg_value_is_string(obj))
		HANDLED(class_done || reg_class_conforms_to(e->cls, obj->u.string.chars));

	obj = reg_dict_get(table, "IONameMatch");
	if (obj)
		HANDLED(reg_entry_compare_names_nc(&mc->names, e, obj));

	obj = reg_dict_get(table, "IOLocationMatch");
	if (reg_value_is_string(obj))
		HANDLED(e->location && strcmp(e->location, obj->u.string.chars) == 0);

	obj = reg_dict_get(table, "IOPropertyMatch");
	if (obj)
		HANDLED(property_match(e, obj));

	obj = reg_dict_get(table, "IOPropertyExistsMatch");
	if (obj)
		HANDLED(property_exists_match(e, obj));

	obj = reg_dict_get(table, "IOPathMatch");
	if (reg_value_is_string(obj))
		HANDLED(resolve_path(mc, obj) == e);

	obj = reg_dict_get(table, "IORegistryEntryID");
	if (obj && obj->type == REG_NUMBER)
		HANDLED(reg_match_number_value(obj) == e->id);

	obj = reg_dict_get(table, "IOMatchedServiceCountMatch");
	if (obj && obj->type == REG_NUMBER)
		HANDLED(matched_client_count(mc, e) == (uint32_t)reg_match_number_value(obj));

	for (size_t i = 0; i < sizeof(bsd_keys) / sizeof(bsd_keys[0]); i++) {
		obj = reg_dict_get(table, bsd_keys[i]);
		if (obj)
			HANDLED(reg_match_value_equal(obj, reg_entry_property(e, bsd_keys[i])));
	}
#undef HANDLED
out:
	*did = done;
	return match;
}

/* matchLocation: the nearest of e and its providers that is a
 * location-bearing nub (IOPlatformDevice and IOPCIDevice answer "this";
 * IOService asks its own provider, and the root answers nothing). */
static const struct reg_entry *match_location(const struct match_ctx *mc,
					      const struct reg_entry *e)
{
	for (size_t steps = 0; e && steps < MATCH_MAX_STEPS; steps++) {
		if (reg_class_is_a(e->cls, mc->names.platform_device) ||
		    reg_class_is_a(e->cls, mc->names.pci_device))
			return e;
		e = provider(mc, e);
	}
	return NULL;
}

/* matchPassive. */
static bool match_passive(struct match_ctx *mc, const struct reg_entry *e,
			  const struct reg_value *table, bool class_done)
{
	const struct reg_entry *where = e;
	bool match = true, match_parent = false;
	size_t steps = 0;

	do {
		for (;;) {
			const struct reg_value *next;
			size_t done;

			if (++steps > MATCH_MAX_STEPS)
				return false;
			match = match_internal(mc, where, table, class_done, &done);
			if (!match || done == table->u.dict.count)
				break;
			match = match_family_property_table(&mc->families, where, table);
			if (!match)
				break;
			class_done = false;
			match_parent = false;

			next = reg_dict_get(table, "IOParentMatch");
			if (next && next->type == REG_DICT) {
				/* look for a match anywhere up to the root */
				match = false;
				match_parent = true;
				table = next;
				break;
			}
			next = reg_dict_get(table, "IOLocationMatch");
			if (next && next->type == REG_DICT) {
				match = false;
				table = next;
				where = provider(mc, where);
				if (where && (where = match_location(mc, where)))
					continue;
			}
			break;
		}
		if (match || !match_parent)
			break;
		where = provider(mc, where);
	} while (where);
	return match;
}

bool registry_entry_matches(const struct registry *reg, const struct reg_entry *e,
			    const struct reg_value *matching)
{
	struct match_ctx mc;

	if (!reg || !e || !matching || matching->type != REG_DICT)
		return false;
	match_ctx_init(&mc, reg);
	return match_passive(&mc, e, matching, false);
}

/* ---- candidates, in the order of IOKit's instance sets ----
 *
 * On macOS each class keeps an ordered set of its live instances, and the
 * first time a subclass gets an instance its own set is appended to its
 * superclass's set; walking a class visits these nested sets in order.  The
 * registry ID (handed out in creation order) stands in for creation time:
 * a class's members come in ID order, and a subclass's block sits where its
 * earliest instance (of it or its own subclasses) would. */

struct class_node {
	uint64_t min_id;		/* UINT64_MAX: no instance below */
	size_t total;			/* instances in the subtree */
	struct reg_entry **inst;	/* this class's own, in ID order */
	size_t ninst;
	struct class_node **subs;	/* non-empty subclasses, by min_id */
	size_t nsubs;
};

static int compare_entry_id(const void *a, const void *b)
{
	const struct reg_entry *x = *(struct reg_entry *const *)a;
	const struct reg_entry *y = *(struct reg_entry *const *)b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int compare_node_min(const void *a, const void *b)
{
	const struct class_node *x = *(struct class_node *const *)a;
	const struct class_node *y = *(struct class_node *const *)b;

	return x->min_id < y->min_id ? -1 : x->min_id > y->min_id;
}

static struct class_node *class_node_build(void *ctx, const struct reg_class *c,
					   unsigned depth)
{
	struct class_node *n = talloc_zero(ctx, struct class_node);
	bool sorted = true;

	if (!n)
		return NULL;
	n->min_id = UINT64_MAX;
	n->inst = c->instances;
	n->ninst = c->ninstances;
	for (size_t i = 1; i < n->ninst && sorted; i++)
		sorted = n->inst[i - 1]->id < n->inst[i]->id;
	if (!sorted) {
		n->inst = talloc_memdup(n, c->instances, c->ninstances * sizeof(*n->inst));
		if (!n->inst)
			return NULL;
		qsort(n->inst, n->ninst, sizeof(*n->inst), compare_entry_id);
	}
	if (n->ninst)
		n->min_id = n->inst[0]->id;
	n->total = n->ninst;
	if (c->nsubclasses && depth < MATCH_MAX_CLASS_DEPTH) {
		n->subs = talloc_array(n, struct class_node *, c->nsubclasses);
		if (!n->subs)
			return NULL;
		for (size_t i = 0; i < c->nsubclasses; i++) {
			struct class_node *s = class_node_build(n, c->subclasses[i], depth + 1);
			if (!s)
				return NULL;
			if (s->min_id == UINT64_MAX) {
				talloc_free(s);
				continue;
			}
			n->subs[n->nsubs++] = s;
			n->total += s->total;
			if (s->min_id < n->min_id)
				n->min_id = s->min_id;
		}
		qsort(n->subs, n->nsubs, sizeof(*n->subs), compare_node_min);
	}
	return n;
}

struct collector {
	void *ctx;
	struct match_ctx *mc;
	const struct reg_value *table;
	bool class_done;
	bool first_only;
	struct reg_entry **found;
	size_t count, cap;
	bool failed;
};

/* Tests one candidate; false stops the walk (first found, or no memory). */
static bool collect(struct collector *col, struct reg_entry *e)
{
	const uint32_t want = REG_STATE_REGISTERED | REG_STATE_MATCHED;

	if ((e->state & want) != want || (e->state & REG_STATE_INACTIVE) || !e->is_service)
		return true;
	/* A table that is only the class test needs no further look. */
	if (!(col->class_done && col->table->u.dict.count == 1) &&
	    !match_passive(col->mc, e, col->table, col->class_done))
		return true;
	if (col->count == col->cap) {
		size_t cap = col->cap ? col->cap * 2 : 16;
		struct reg_entry **f = talloc_realloc(col->ctx, col->found,
						      struct reg_entry *, cap);
		if (!f) {
			col->failed = true;
			return false;
		}
		col->found = f;
		col->cap = cap;
	}
	col->found[col->count++] = e;
	return !col->first_only;
}

static bool walk_node(struct collector *col, const struct class_node *n)
{
	size_t i = 0, j = 0;

	while (i < n->ninst || j < n->nsubs) {
		if (j == n->nsubs || (i < n->ninst && n->inst[i]->id < n->subs[j]->min_id)) {
			if (!collect(col, n->inst[i++]))
				return false;
		} else if (!walk_node(col, n->subs[j++])) {
			return false;
		}
	}
	return true;
}

/* Entries of a BSD name that are instances of the wanted class. */
struct bsd_candidates {
	const struct reg_class *cls;
	struct reg_entry *found[64];
	size_t n;
};

static bool gather_bsd(void *data, struct reg_entry *e)
{
	struct bsd_candidates *bc = data;

	if (reg_class_is_a(e->cls, bc->cls))
		bc->found[bc->n++] = e;
	return bc->n < sizeof(bc->found) / sizeof(bc->found[0]);
}

/* ---- indexed candidates ----
 *
 * IONameMatch and IOPropertyMatch narrow the candidates to the services the
 * indexes name (match_index.h); those are put in the order the walk of
 * IOService's nested instance sets would visit them.  That order restricted
 * to any class is the class's own walk order (a subclass's block is visited
 * in one piece), so one ranking serves every IOProviderClass. */

static bool build_walk_collect(struct collector *col, const struct class_node *n);

static int build_service_order(void *ctx, const struct registry *reg,
			       struct reg_entry ***out, size_t *n)
{
	const struct reg_class *service = registry_class_get(reg, "IOService");
	struct class_node *root;
	struct collector col;

	*out = NULL;
	*n = 0;
	if (!service)
		return 0;
	root = class_node_build(ctx, service, 0);
	if (!root)
		return -1;
	memset(&col, 0, sizeof(col));
	col.ctx = ctx;
	col.found = talloc_array(ctx, struct reg_entry *, root->total ? root->total : 1);
	if (!col.found)
		return -1;
	col.cap = root->total ? root->total : 1;
	build_walk_collect(&col, root);
	*out = col.found;
	*n = col.count;
	return 0;
}

/* The walk without tests: every candidate (a service registered, matched
 * and active), in order. */
static bool build_walk_collect(struct collector *col, const struct class_node *n)
{
	size_t i = 0, j = 0;

	while (i < n->ninst || j < n->nsubs) {
		if (j == n->nsubs || (i < n->ninst && n->inst[i]->id < n->subs[j]->min_id)) {
			const uint32_t want = REG_STATE_REGISTERED | REG_STATE_MATCHED;
			struct reg_entry *e = n->inst[i++];

			/* Only candidates: any state change rebuilds the order. */
			if (e->is_service && (e->state & want) == want &&
			    !(e->state & REG_STATE_INACTIVE) && col->count < col->cap)
				col->found[col->count++] = e;
		} else {
			build_walk_collect(col, n->subs[j++]);
		}
	}
	return true;
}

struct candidates {
	void *ctx;
	const struct reg_match_index *mi;
	const struct reg_class *cls;
	struct ranked { size_t rank; struct reg_entry *e; } *items;
	size_t n, cap;
	bool failed;
};

static void add_candidate(void *data, struct reg_entry *e)
{
	struct candidates *c = data;

	if (c->failed || !e->is_service || !reg_class_is_a(e->cls, c->cls))
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct ranked *grown = talloc_realloc(c->ctx, c->items, struct ranked, cap);

		if (!grown) {
			c->failed = true;
			return;
		}
		c->items = grown;
		c->cap = cap;
	}
	c->items[c->n].e = e;
	c->items[c->n++].rank = match_index_rank(c->mi, e);
}

static int compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->e->id < y->e->id ? -1 : x->e->id > y->e->id;
}

static bool is_wild(const char *name)
{
	size_t len = strlen(name);

	return len && name[len - 1] == '*';
}

/* Candidates from IONameMatch: every string of it (OR), up to the first
 * item that is not a string (compareNames stops there).  false: no index
 * applies (a wildcard, an empty collection, no memory). */
static bool name_candidates(struct reg_match_index *mi, const struct registry *reg,
			    const struct reg_value *names, struct candidates *c)
{
	if (reg_value_is_string(names))
		return !is_wild(names->u.string.chars) &&
		       match_index_names(mi, reg, names->u.string.chars, add_candidate, c) == 0;
	if (names->type == REG_ARRAY || names->type == REG_SET) {
		for (size_t i = 0; i < names->u.array.count; i++) {
			const struct reg_value *s = names->u.array.items[i];

			if (!reg_value_is_string(s))
				break;
			if (is_wild(s->u.string.chars) ||
			    match_index_names(mi, reg, s->u.string.chars, add_candidate, c) != 0)
				return false;
		}
		return true;
	}
	if (names->type == REG_DICT) {
		for (size_t i = 0; i < names->u.dict.count; i++)
			if (is_wild(names->u.dict.keys[i]) ||
			    match_index_names(mi, reg, names->u.dict.keys[i], add_candidate, c) != 0)
				return false;
		return true;
	}
	return true;	/* compareNames of anything else is false: no candidate */
}

/* Candidates from IOPropertyMatch: for each dictionary (OR) the services
 * whose value of its first key may be equal; an empty dictionary matches
 * every service, so no index applies. */
static bool property_candidates(struct reg_match_index *mi, const struct registry *reg,
				const struct reg_value *obj, struct candidates *c)
{
	if (obj->type == REG_DICT) {
		if (!obj->u.dict.count)
			return false;
		return match_index_property(mi, reg, obj->u.dict.keys[0], obj->u.dict.values[0],
					    add_candidate, c) == 0;
	}
	if (obj->type != REG_ARRAY && obj->type != REG_SET)
		return true;	/* property_match is false */
	for (size_t i = 0; i < obj->u.array.count; i++) {
		const struct reg_value *d = obj->u.array.items[i];

		if (d->type != REG_DICT)
			break;
		if (!d->u.dict.count ||
		    match_index_property(mi, reg, d->u.dict.keys[0], d->u.dict.values[0],
					 add_candidate, c) != 0)
			return false;
	}
	return true;
}

/* Runs the match on indexed candidates.  Returns false when no index
 * applies (the caller walks every instance). */
static bool match_indexed(void *ctx, const struct registry *reg, const struct reg_value *matching,
			  const struct reg_class *cls, struct collector *col)
{
	struct reg_match_index *mi = registry_match_index(reg);
	const struct reg_value *names = reg_dict_get(matching, "IONameMatch");
	const struct reg_value *props = reg_dict_get(matching, "IOPropertyMatch");
	struct reg_entry *const *order;
	struct candidates c = { .mi = mi, .cls = cls };
	size_t norder;
	bool ok = false;

	if (!mi || (!names && !props))
		return false;
	c.ctx = talloc_new(ctx);
	if (!c.ctx)
		return false;
	match_index_lock(mi);
	if (match_index_order(mi, reg, build_service_order, &order, &norder) != 0)
		goto out;
	if (names)
		ok = name_candidates(mi, reg, names, &c);
	if (!ok && props) {
		c.n = 0;
		ok = property_candidates(mi, reg, props, &c);
	}
	ok = ok && !c.failed;
out:
	match_index_unlock(mi);
	if (ok) {
		if (c.n)
			qsort(c.items, c.n, sizeof(*c.items), compare_ranked);
		for (size_t i = 0; i < c.n; i++) {
			if (i && c.items[i].e == c.items[i - 1].e)
				continue;	/* found under two names */
			if (!collect(col, c.items[i].e))
				break;
		}
	}
	talloc_free(c.ctx);
	return ok;
}

/* A table that is only IOProviderClass = IOService: every service, in the
 * index's order, no class walk. */
static bool match_all_services(const struct registry *reg, struct collector *col)
{
	struct reg_match_index *mi = registry_match_index(reg);
	struct reg_entry *const *order;
	size_t n;
	bool ok;

	if (!mi)
		return false;
	match_index_lock(mi);
	ok = match_index_order(mi, reg, build_service_order, &order, &n) == 0;
	if (ok && n && col->first_only) {
		collect(col, order[0]);
	} else if (ok && n) {
		/* The order holds exactly the candidates (state included). */
		col->found = talloc_memdup(col->ctx, order, n * sizeof(*order));
		ok = col->found != NULL;
		col->count = col->cap = ok ? n : 0;
	}
	match_index_unlock(mi);
	if (ok && col->count == 0)
		TALLOC_FREE(col->found);
	return ok;
}

/* Counts v and what it holds into *left; false at the first collection
 * past REG_MATCH_COLLECTION_MAX or when *left runs out.  The recursion is
 * as deep as the nesting, which the count bounds. */
static bool within_bounds(const struct reg_value *v, size_t *left)
{
	if (*left == 0)
		return false;
	(*left)--;
	switch (v->type) {
	case REG_DICT:
		if (v->u.dict.count > REG_MATCH_COLLECTION_MAX)
			return false;
		for (size_t i = 0; i < v->u.dict.count; i++)
			if (!within_bounds(v->u.dict.values[i], left))
				return false;
		return true;
	case REG_ARRAY:
	case REG_SET:
		if (v->u.array.count > REG_MATCH_COLLECTION_MAX)
			return false;
		for (size_t i = 0; i < v->u.array.count; i++)
			if (!within_bounds(v->u.array.items[i], left))
				return false;
		return true;
	default:
		return true;
	}
}

int registry_match_check(const struct reg_value *matching)
{
	/* the dictionary itself is not one of the values counted */
	size_t left = REG_MATCH_VALUES_MAX + 1;

	if (!matching || matching->type != REG_DICT)
		return REG_IO_BAD_ARGUMENT;
	return within_bounds(matching, &left) ? REG_IO_SUCCESS : REG_IO_BAD_ARGUMENT;
}

size_t registry_match_values(const struct reg_value *matching)
{
	size_t left = SIZE_MAX;

	if (!matching || matching->type != REG_DICT || !within_bounds(matching, &left))
		return 0;
	return SIZE_MAX - left - 1;	/* the dictionary itself is not counted */
}

int registry_match(void *ctx, const struct registry *reg, const struct reg_value *matching,
		   bool first_only, struct reg_entry ***out, size_t *count)
{
	struct match_ctx mc;
	struct collector col;
	const struct reg_value *provider_class;
	const struct reg_class *cls = NULL;
	void *tmp_ctx;

	*out = NULL;
	*count = 0;
	if (!reg || !matching || matching->type != REG_DICT)
		return -1;
	match_ctx_init(&mc, reg);
	memset(&col, 0, sizeof(col));
	col.ctx = ctx;
	col.mc = &mc;
	col.table = matching;
	col.first_only = first_only;

	provider_class = reg_dict_get(matching, "IOProviderClass");
	if (reg_value_is_string(provider_class) &&
	    strcmp(provider_class->u.string.chars, "IOResources") == 0) {
		/* Only the IOResources singleton is tested. */
		cls = mc.families.resources;
		if (cls && cls->ninstances)
			collect(&col, cls->instances[0]);
		goto done;
	}
	if (reg_value_is_string(provider_class)) {
		cls = registry_class_get(reg, provider_class->u.string.chars);
		col.class_done = true;
	} else {
		cls = registry_class_get(reg, "IOService");
	}
	if (!cls)
		goto done;	/* no such class: nothing can match */

	/* A table naming one entry (by ID or path) can only match that entry,
	 * so test it alone rather than every instance: same result. */
	{
		const struct reg_value *id = reg_dict_get(matching, "IORegistryEntryID");
		const struct reg_value *path = reg_dict_get(matching, "IOPathMatch");
		struct reg_entry *only = NULL;
		bool single = false;

		if (id && id->type == REG_NUMBER) {
			single = true;
			only = registry_entry_by_id(reg, reg_match_number_value(id));
		} else if (reg_value_is_string(path)) {
			single = true;
			only = (struct reg_entry *)resolve_path(&mc, path);
		}
		if (single) {
			if (only && reg_class_is_a(only->cls, cls))
				collect(&col, only);
			goto done;
		}
	}

	/* A BSD name (IOBSDNameMatching) is looked up in the registry's index
	 * instead of testing every service; the rest of the table is then
	 * tested on those few, in creation (ID) order. */
	{
		const struct reg_value *bsd = reg_dict_get(matching, "BSD Name");
		if (reg_value_is_string(bsd)) {
			struct bsd_candidates bc = { .cls = cls };
			registry_foreach_bsd_name(reg, bsd->u.string.chars, gather_bsd, &bc);
			qsort(bc.found, bc.n, sizeof(bc.found[0]), compare_entry_id);
			for (size_t i = 0; i < bc.n && collect(&col, bc.found[i]); i++)
				;
			goto done;
		}
	}

	if (match_indexed(ctx, reg, matching, cls, &col))
		goto done;
	if (col.class_done && matching->u.dict.count == 1 &&
	    strcmp(cls->name, "IOService") == 0 && match_all_services(reg, &col))
		goto done;

	tmp_ctx = talloc_new(ctx);
	if (!tmp_ctx)
		return -1;
	{
		struct class_node *root = class_node_build(tmp_ctx, cls, 0);
		if (!root) {
			talloc_free(tmp_ctx);
			return -1;
		}
		/* Room for every candidate up front: no copying as results grow. */
		if (!first_only && root->total) {
			col.found = talloc_array(ctx, struct reg_entry *, root->total);
			if (!col.found) {
				talloc_free(tmp_ctx);
				return -1;
			}
			col.cap = root->total;
		}
		walk_node(&col, root);
		if (col.count == 0)
			TALLOC_FREE(col.found);
	}
	talloc_free(tmp_ctx);
done:
	if (col.failed) {
		talloc_free(col.found);
		return -1;
	}
	*out = col.found;
	*count = col.count;
	return 0;
}
