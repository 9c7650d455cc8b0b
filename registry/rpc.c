/* The registry side of libIOKit's calls (see rpc.h). */
#include "rpc.h"

_Static_assert(RPC_ROOT_ID == REG_ROOT_ID, "the wire's root ID is the model's");

#include <string.h>
#include <talloc.h>

#include "ioreturn.h"
#include "match.h"
#include "path.h"
#include "value_binary.h"

/* ---- arguments ---- */

static bool arg_u64(const struct reg_value *args, const char *key, uint64_t *out)
{
	const struct reg_value *v = reg_dict_get(args, key);

	if (!v || v->type != REG_NUMBER)
		return false;
	*out = (uint64_t)v->u.number.value;
	return true;
}

static const char *arg_string(const struct reg_value *args, const char *key)
{
	const struct reg_value *v = reg_dict_get(args, key);

	return reg_value_is_string(v) ? v->u.string.chars : NULL;
}

static bool arg_bool(const struct reg_value *args, const char *key)
{
	const struct reg_value *v = reg_dict_get(args, key);

	return v && ((v->type == REG_BOOL && v->u.boolean) ||
		     (v->type == REG_NUMBER && v->u.number.value));
}

static struct reg_entry *arg_entry(const struct registry *reg, const struct reg_value *args)
{
	uint64_t id;

	return arg_u64(args, "id", &id) ? registry_entry_by_id(reg, id) : NULL;
}

/* For the reads a terminated object still answers on macOS (name, class,
 * properties): the entry, or its final state once removed. */
static struct reg_entry *arg_entry_or_terminated(const struct registry *reg,
						 const struct reg_value *args)
{
	uint64_t id;
	struct reg_entry *e = arg_entry(reg, args);

	if (!e && arg_u64(args, "id", &id))
		e = registry_terminated_by_id(reg, id);
	return e;
}

/* ---- replies ---- */

static int put_number(struct reg_value *d, const char *key, uint64_t n, unsigned width)
{
	return reg_dict_set(d, key, reg_value_new_number(d, (int64_t)n, width));
}

static int put_string(struct reg_value *d, const char *key, const char *s)
{
	return reg_dict_set(d, key, reg_value_new_string(d, s));
}

static int put_bool(struct reg_value *d, const char *key, bool b)
{
	return reg_dict_set(d, key, reg_value_new_bool(d, b));
}

/* IORegistryEntryInPlane: has parent links in the plane (so never Root);
 * an unknown plane means "in any plane". */
static bool in_plane(const struct reg_entry *e, int plane)
{
	if (e == registry_root(e->registry))
		return false;
	if (plane >= 0)
		return reg_entry_in_plane(e, plane);
	for (size_t i = 0; i < registry_plane_count(e->registry); i++)
		if (reg_entry_in_plane(e, (int)i))
			return true;
	return false;
}

static struct reg_value *entry_info(void *ctx, const struct reg_entry *e, int plane,
				    bool plane_named)
{
	struct reg_value *d = reg_value_new_dict(ctx);
	const char *loc = reg_entry_location(e, plane);
	const char *name = reg_entry_name(e, plane);
	const char *global = reg_entry_name(e, REG_NO_PLANE);
	const struct reg_value *override = reg_entry_property(e, "IOClassNameOverride");
	int bad = 0;

	if (!d)
		return NULL;
	bad |= put_number(d, "id", e->id, 64);
	bad |= put_string(d, "name", name);
	/* So that IORegistryEntryGetName needs no request of its own. */
	if (strcmp(name, global) != 0)
		bad |= put_string(d, "global_name", global);
	if (loc)
		bad |= put_string(d, "location", loc);
	bad |= put_string(d, "class", e->cls->name);
	/* What IOObjectGetClass reports instead of the class (docs/iokit-semantics.md §3). */
	if (reg_value_is_string(override))
		bad |= put_string(d, "class_override", override->u.string.chars);
	bad |= put_bool(d, "service", e->is_service);
	bad |= put_number(d, "state", e->state, 32);
	bad |= put_number(d, "busy", e->busy, 32);
	bad |= put_number(d, "busy_time", e->busy_time_ns, 64);
	bad |= put_number(d, "retain", e->retain, 32);
	if (plane_named)
		bad |= put_bool(d, "in_plane", in_plane(e, plane));
	if (bad) {
		talloc_free(d);
		return NULL;
	}
	return d;
}

/* The class chain above e's class, nearest first (for IOObjectConformsTo). */
static int put_superclasses(struct reg_value *info, const struct reg_entry *e)
{
	struct reg_value *a = reg_value_new_array(info);

	for (const struct reg_class *c = e->cls->super; a && c; c = c->super) {
		struct reg_value *name = reg_value_new_string(a, c->name);

		if (!name || reg_array_append(a, name) != 0)
			return -1;
	}
	return a ? reg_dict_set(info, "superclasses", a) : -1;
}

static struct reg_value *id_array(void *ctx, struct reg_entry *const *entries, size_t n)
{
	struct reg_value *a = reg_value_new_array(ctx);

	for (size_t i = 0; a && i < n; i++) {
		if (reg_array_append(a, reg_value_new_number(a, (int64_t)entries[i]->id, 64)) != 0) {
			talloc_free(a);
			return NULL;
		}
	}
	return a;
}

/* ---- walks ---- */

/* A depth-first, pre-order walk over children (or parents) in one plane
 * that visits every entry once, as IORegistryIterator does.  The visited
 * set is a sorted-on-demand list of IDs kept in a small hash. */
struct walk {
	void *ctx;
	int plane;
	bool parents;
	uint64_t *seen;
	size_t seen_cap, seen_count;
};

static bool walk_mark(struct walk *w, uint64_t id)
{
	if ((w->seen_count + 1) * 2 > w->seen_cap) {
		size_t cap = w->seen_cap ? w->seen_cap * 2 : 256;
		uint64_t *s = talloc_zero_array(w->ctx, uint64_t, cap);
		if (!s)
			return false;
		for (size_t i = 0; i < w->seen_cap; i++) {
			if (!w->seen[i])
				continue;
			size_t j = (size_t)(w->seen[i] * 0x9e3779b97f4a7c15ULL) & (cap - 1);
			while (s[j])
				j = (j + 1) & (cap - 1);
			s[j] = w->seen[i];
		}
		talloc_free(w->seen);
		w->seen = s;
		w->seen_cap = cap;
	}
	size_t j = (size_t)(id * 0x9e3779b97f4a7c15ULL) & (w->seen_cap - 1);
	while (w->seen[j]) {
		if (w->seen[j] == id)
			return false;
		j = (j + 1) & (w->seen_cap - 1);
	}
	w->seen[j] = id;
	w->seen_count++;
	return true;
}

static size_t link_count(const struct walk *w, const struct reg_entry *e)
{
	return w->parents ? reg_entry_parent_count(e, w->plane) : reg_entry_child_count(e, w->plane);
}

static struct reg_entry *link_at(const struct walk *w, const struct reg_entry *e, size_t i)
{
	return w->parents ? reg_entry_parent(e, w->plane, i) : reg_entry_child(e, w->plane, i);
}

/* Calls visit for each entry below start (start excluded) in pre-order;
 * stops when visit returns false.  Uses an explicit stack so a deep tree
 * cannot overflow ours. */
static bool walk_tree(struct walk *w, const struct reg_entry *start,
		      bool (*visit)(void *data, const struct reg_entry *e, unsigned depth),
		      void *data)
{
	struct frame { const struct reg_entry *e; size_t next; } *stack;
	size_t top = 0, cap = 64;

	stack = talloc_array(w->ctx, struct frame, cap);
	if (!stack || !walk_mark(w, start->id))
		return false;
	stack[top++] = (struct frame){ start, 0 };
	while (top) {
		struct frame *f = &stack[top - 1];
		if (f->next >= link_count(w, f->e)) {
			top--;
			continue;
		}
		const struct reg_entry *c = link_at(w, f->e, f->next++);
		if (!walk_mark(w, c->id))
			continue;
		if (!visit(data, c, (unsigned)top))
			return true;
		if (top == cap) {
			cap *= 2;
			struct frame *s = talloc_realloc(w->ctx, stack, struct frame, cap);
			if (!s)
				return false;
			stack = s;
		}
		stack[top++] = (struct frame){ c, 0 };
	}
	return true;
}

/* ---- ops ---- */

struct subtree_state {
	struct reg_value *entries;
	int plane;
	bool failed;
};

static bool subtree_visit(void *data, const struct reg_entry *e, unsigned depth)
{
	struct subtree_state *s = data;
	struct reg_value *info = entry_info(s->entries, e, s->plane, false);

	/* With the class chain, IOObjectConformsTo on what an iterator gave
	 * needs no further request. */
	if (info && put_superclasses(info, e) != 0)
		info = NULL;

	if (!info || put_number(info, "depth", depth, 32) != 0 ||
	    reg_array_append(s->entries, info) != 0) {
		s->failed = true;
		return false;
	}
	return true;
}

struct search_state {
	const char *key;
	const struct reg_value *found;
};

static bool search_visit(void *data, const struct reg_entry *e, unsigned depth)
{
	struct search_state *s = data;

	s->found = reg_entry_property(e, s->key);
	return s->found == NULL;
}

static int op_property(void *ctx, struct registry *reg, const struct reg_value *args,
		       struct reg_value *out)
{
	struct reg_entry *e = arg_entry_or_terminated(reg, args);
	const char *key = arg_string(args, "key");
	const char *plane_name = arg_string(args, "plane");
	uint64_t options = 0;
	const struct reg_value *found;

	arg_u64(args, "options", &options);
	if (!e || !key)
		return REG_IO_BAD_ARGUMENT;
	if (strcmp(key, "IORegistryEntryPropertyKeys") == 0) {
		struct reg_value *keys = reg_value_new_array(out);
		for (size_t i = 0; keys && i < e->properties->u.dict.count; i++)
			if (reg_array_append(keys, reg_value_new_string(keys,
						e->properties->u.dict.keys[i])) != 0)
				return REG_IO_NO_MEMORY;
		return keys && reg_dict_set(out, "value", keys) == 0 ? REG_IO_SUCCESS
								     : REG_IO_NO_MEMORY;
	}
	found = reg_entry_property(e, key);
	if (!found && (options & RPC_ITERATE_RECURSIVELY) && plane_name && plane_name[0]) {
		struct walk w = { .ctx = ctx, .plane = registry_plane_index(reg, plane_name),
				  .parents = options & RPC_ITERATE_PARENTS };
		struct search_state s = { .key = key };
		if (w.plane >= 0) {
			if (!walk_tree(&w, e, search_visit, &s))
				return REG_IO_NO_MEMORY;
			found = s.found;
		}
	}
	if (!found)
		return REG_IO_NOT_FOUND;
	struct reg_value *alias = reg_value_alias(out, found);
	return alias && reg_dict_set(out, "value", alias) == 0 ? REG_IO_SUCCESS
							       : REG_IO_NO_MEMORY;
}

static int op_links(struct registry *reg, const struct reg_value *args, struct reg_value *out)
{
	struct reg_entry *e = arg_entry(reg, args);
	int plane = registry_plane_index(reg, arg_string(args, "plane"));
	bool parents = arg_bool(args, "parents");
	bool with_info = arg_bool(args, "info");
	struct reg_value *ids, *infos = NULL;
	size_t n;

	if (!e)
		return REG_IO_BAD_ARGUMENT;
	if (plane < 0)
		return REG_IO_SUCCESS;	/* IOKit: success with no iterator */
	ids = reg_value_new_array(out);
	n = parents ? reg_entry_parent_count(e, plane) : reg_entry_child_count(e, plane);
	for (size_t i = 0; ids && i < n; i++) {
		struct reg_entry *l = parents ? reg_entry_parent(e, plane, i)
					      : reg_entry_child(e, plane, i);
		if (reg_array_append(ids, reg_value_new_number(ids, (int64_t)l->id, 64)) != 0)
			return REG_IO_NO_MEMORY;
		/* With info, each link's names come along (as in SUBTREE). */
		if (with_info) {
			struct reg_value *info;

			if (!infos && !(infos = reg_value_new_array(out)))
				return REG_IO_NO_MEMORY;
			info = entry_info(infos, l, plane, false);
			if (!info || put_superclasses(info, l) != 0 ||
			    reg_array_append(infos, info) != 0)
				return REG_IO_NO_MEMORY;
		}
	}
	if (infos && reg_dict_set(out, "entries", infos) != 0)
		return REG_IO_NO_MEMORY;
	if (put_number(out, "generation", registry_generation(reg), 64) != 0)
		return REG_IO_NO_MEMORY;
	return ids && reg_dict_set(out, "ids", ids) == 0 ? REG_IO_SUCCESS : REG_IO_NO_MEMORY;
}

static int op_subtree(void *ctx, struct registry *reg, const struct reg_value *args,
		      struct reg_value *out)
{
	struct reg_entry *e = arg_entry(reg, args);
	int plane = registry_plane_index(reg, arg_string(args, "plane"));
	uint64_t options = 0;
	struct subtree_state s = { .plane = plane };
	struct walk w = { .ctx = ctx, .plane = plane };

	arg_u64(args, "options", &options);
	w.parents = options & RPC_ITERATE_PARENTS;
	if (!e || plane < 0)
		return REG_IO_BAD_ARGUMENT;
	s.entries = reg_value_new_array(out);
	if (!s.entries || !walk_tree(&w, e, subtree_visit, &s) || s.failed)
		return REG_IO_NO_MEMORY;
	if (reg_dict_set(out, "entries", s.entries) != 0 ||
	    put_number(out, "generation", registry_generation(reg), 64) != 0)
		return REG_IO_NO_MEMORY;
	return REG_IO_SUCCESS;
}

/* Matches with at most this many results carry their properties when
 * asked ("with_properties"). */
#define RPC_MATCH_PROPERTIES_MAX 64

static int op_match(void *ctx, struct registry *reg, const struct reg_value *args,
		    struct reg_value *out)
{
	const struct reg_value *matching = reg_dict_get(args, "matching");
	struct reg_entry **found = NULL;
	size_t n = 0;
	struct reg_value *ids;

	if (registry_match_check(matching) != REG_IO_SUCCESS)
		return REG_IO_BAD_ARGUMENT;
	if (registry_match(ctx, reg, matching, arg_bool(args, "first"), &found, &n) != 0)
		return REG_IO_NO_MEMORY;
	ids = id_array(out, found, n);
	if (!ids || reg_dict_set(out, "ids", ids) != 0) {
		talloc_free(found);
		return REG_IO_NO_MEMORY;
	}
	/* A small result comes with each entry's info and properties, so a
	 * client that enumerates and reads (PCI vendor IDs, USB names) needs
	 * no request per entry: libIOKit answers the first property question
	 * on each handle from it (lib/iokit/properties.c). */
	if (arg_bool(args, "with_properties") && n > 0 && n <= RPC_MATCH_PROPERTIES_MAX) {
		struct reg_value *infos = reg_value_new_array(out);
		bool bad = !infos;

		for (size_t i = 0; !bad && i < n; i++) {
			struct reg_value *info = entry_info(infos, found[i], REG_NO_PLANE, false);
			struct reg_value *props = info ? reg_value_alias(info, found[i]->properties)
						       : NULL;

			bad = !props || reg_dict_set(info, "properties", props) != 0 ||
			      reg_array_append(infos, info) != 0;
		}
		if (bad || reg_dict_set(out, "infos", infos) != 0) {
			talloc_free(found);
			return REG_IO_NO_MEMORY;
		}
	}
	talloc_free(found);
	return REG_IO_SUCCESS;
}

static int op_class_info(struct registry *reg, const struct reg_value *args,
			 struct reg_value *out)
{
	const char *name = arg_string(args, "class");
	const struct reg_class *c = name ? registry_class_get(reg, name) : NULL;

	if (!c)
		return REG_IO_NOT_FOUND;
	if (c->super && put_string(out, "superclass", c->super->name) != 0)
		return REG_IO_NO_MEMORY;
	if (c->bundle_id && put_string(out, "bundle", c->bundle_id) != 0)
		return REG_IO_NO_MEMORY;
	return REG_IO_SUCCESS;
}

/* Ops that only read run under the read lock. */
static int run_read_op(void *ctx, struct registry *reg, uint32_t op,
		       const struct reg_value *args, struct reg_value *out)
{
	struct reg_entry *e;
	const char *plane_name;
	int plane;

	switch (op) {
	case RPC_OP_ROOT:
		return put_number(out, "id", registry_root(reg)->id, 64) ? REG_IO_NO_MEMORY
									: REG_IO_SUCCESS;
	case RPC_OP_GENERATION:
		return put_number(out, "generation", registry_generation(reg), 64)
			       ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
	case RPC_OP_PLANES: {
		struct reg_value *a = reg_value_new_array(out);
		for (size_t i = 0; a && i < registry_plane_count(reg); i++)
			if (reg_array_append(a, reg_value_new_string(a,
						registry_plane_name(reg, (int)i))) != 0)
				return REG_IO_NO_MEMORY;
		return a && reg_dict_set(out, "planes", a) == 0 ? REG_IO_SUCCESS : REG_IO_NO_MEMORY;
	}
	case RPC_OP_MATCH:
		return op_match(ctx, reg, args, out);
	case RPC_OP_MATCH_ENTRY: {
		const struct reg_value *m = reg_dict_get(args, "matching");
		e = arg_entry(reg, args);
		if (!e || registry_match_check(m) != REG_IO_SUCCESS)
			return REG_IO_BAD_ARGUMENT;
		return put_bool(out, "matches", registry_entry_matches(reg, e, m))
			       ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
	}
	case RPC_OP_ENTRY_INFO: {
		struct reg_value *info;
		e = arg_entry_or_terminated(reg, args);
		if (!e)
			return REG_IO_BAD_ARGUMENT;
		plane_name = arg_string(args, "plane");
		/* An unknown plane gives the global name, as the kernel does. */
		plane = registry_plane_index(reg, plane_name);
		info = entry_info(out, e, plane, plane_name != NULL);
		if (!info || reg_dict_set(out, "info", info) != 0)
			return REG_IO_NO_MEMORY;
		return put_superclasses(info, e) ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
	}
	case RPC_OP_PROPERTIES: {
		struct reg_value *alias;
		e = arg_entry_or_terminated(reg, args);
		if (!e)
			return REG_IO_BAD_ARGUMENT;
		alias = reg_value_alias(out, e->properties);
		return alias && reg_dict_set(out, "properties", alias) == 0 ? REG_IO_SUCCESS
									     : REG_IO_NO_MEMORY;
	}
	case RPC_OP_PROPERTY:
		return op_property(ctx, reg, args, out);
	case RPC_OP_PATH: {
		char *path;
		e = arg_entry(reg, args);
		plane = registry_plane_index(reg, arg_string(args, "plane"));
		if (!e || plane < 0)
			return REG_IO_BAD_ARGUMENT;
		path = registry_entry_path(ctx, e, plane);
		if (!path)
			return REG_IO_BAD_ARGUMENT;	/* not attached in the plane */
		return put_string(out, "path", path) ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
	}
	case RPC_OP_LOOKUP_PATH: {
		const char *path = arg_string(args, "path");
		if (!path)
			return REG_IO_BAD_ARGUMENT;
		e = registry_lookup_path(reg, path, REG_NO_PLANE);
		if (!e)
			return REG_IO_NOT_FOUND;
		return put_number(out, "id", e->id, 64) ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
	}
	case RPC_OP_LINKS:
		return op_links(reg, args, out);
	case RPC_OP_SUBTREE:
		return op_subtree(ctx, reg, args, out);
	case RPC_OP_CLASS_INFO:
		return op_class_info(reg, args, out);
	default:
		return REG_IO_UNSUPPORTED;
	}
}

int registry_rpc(void *ctx, struct registry *reg, uint32_t op,
		 const struct reg_value *args, const struct reg_caller *caller,
		 uint8_t **reply, size_t *reply_len)
{
	void *tmp;
	struct reg_value *out;
	int ret;

	*reply = NULL;
	*reply_len = 0;
	if (args && args->type != REG_DICT)
		return REG_IO_BAD_ARGUMENT;
	if (op == RPC_OP_SET_PROPERTIES) {
		const struct reg_value *value = reg_dict_get(args, "value");
		uint64_t id;
		if (!value || !arg_u64(args, "id", &id))
			return REG_IO_BAD_ARGUMENT;
		return registry_set_properties(reg, id, value, caller);
	}
	tmp = talloc_new(NULL);
	out = tmp ? reg_value_new_dict(tmp) : NULL;
	if (!out) {
		talloc_free(tmp);
		return REG_IO_NO_MEMORY;
	}
	/* The reply may alias the registry's own values (reg_value_alias):
	 * it is encoded before the lock is let go. */
	registry_rdlock(reg);
	ret = run_read_op(tmp, reg, op, args, out);
	if (ret == REG_IO_SUCCESS && !(*reply = reg_value_to_binary(ctx, out, reply_len)))
		ret = REG_IO_NO_MEMORY;
	registry_unlock(reg);
	talloc_free(tmp);
	return ret;
}

const char *rpc_op_name(uint32_t op)
{
	static const char *const names[RPC_OP_MAX] = {
		[RPC_OP_ROOT] = "root",
		[RPC_OP_GENERATION] = "generation",
		[RPC_OP_PLANES] = "planes",
		[RPC_OP_MATCH] = "match",
		[RPC_OP_MATCH_ENTRY] = "match_entry",
		[RPC_OP_ENTRY_INFO] = "entry_info",
		[RPC_OP_PROPERTIES] = "properties",
		[RPC_OP_PROPERTY] = "property",
		[RPC_OP_SET_PROPERTIES] = "set_properties",
		[RPC_OP_PATH] = "path",
		[RPC_OP_LOOKUP_PATH] = "lookup_path",
		[RPC_OP_LINKS] = "links",
		[RPC_OP_SUBTREE] = "subtree",
		[RPC_OP_CLASS_INFO] = "class_info",
	};
	return op < RPC_OP_MAX && names[op] ? names[op] : "unknown";
}
