/* IORegistryExplorer .ioreg archives (NSKeyedArchiver binary plists). */
#include "ioreg_archive.h"

#include <inttypes.h>
#include <plist/plist.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "value_xml.h"

/* Longest class chain accepted (IOKit's deepest are about 10). */
#define ARCHIVE_MAX_CHAIN 64

/* One direction of one entry's links in one plane: entry indices. */
struct link_list {
	uint32_t *items;
	uint32_t n;
};

struct plane_links {
	struct link_list *children;	/* per entry, NULL until the plane is seen */
	struct link_list *parents;
};

struct arc_entry {
	plist_t dict;
	uint64_t tag;
	bool is_root;
	struct reg_entry *e;
};

struct archive {
	struct registry *reg;
	struct reg_parse_error *err;
	void *tmp;
	plist_t *objects;		/* $objects, flattened */
	uint32_t nobjects;
	int32_t *entry_of_object;	/* object index -> entry index, or -1 */
	struct arc_entry *ents;
	uint32_t nents;
	uint32_t root;			/* entry index of Root */
	struct plane_links planes[REG_MAX_PLANES];
	const char *context;		/* what is being read, for messages */
	bool failed;
	struct load_warnings *warn;	/* NULL: strict */
};

static void arc_fail(struct archive *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An array's members.  libplist 2.2 keeps arrays as linked lists, where
 * plist_array_get_item walks from the start, so arrays are flattened once
 * (with its iterator) into a table allocated on the archive's tmp context. */
struct items {
	plist_t *v;
	uint32_t n;
};

static bool arc_items(struct archive *a, plist_t arr, struct items *out)
{
	plist_array_iter it = NULL;
	uint32_t n = plist_array_get_size(arr), i = 0;

	out->n = 0;
	out->v = talloc_array(a->tmp, plist_t, n ? n : 1);
	if (!out->v) {
		arc_fail(a, "out of memory");
		return false;
	}
	plist_array_new_iter(arr, &it);
	if (!it) {
		arc_fail(a, "out of memory");
		return false;
	}
	for (; i < n; i++) {
		plist_t item = NULL;
		plist_array_next_item(arr, it, &item);
		if (!item)
			break;
		out->v[i] = item;
	}
	free(it);
	out->n = i;
	return true;
}

static void arc_fail(struct archive *a, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (a->failed)
		return;
	a->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (a->context)
		reg_parse_error_set(a->err, 0, 0, "%s: %s", a->context, msg);
	else
		reg_parse_error_set(a->err, 0, 0, "%s", msg);
}

/* The object a node stands for: a UID is looked up in $objects (once: an
 * object that is itself a UID is refused, so UID chains cannot loop). */
static plist_t arc_object(struct archive *a, plist_t node, const char *what)
{
	uint64_t uid = 0;
	plist_t obj;

	if (!node) {
		arc_fail(a, "%s is missing", what);
		return NULL;
	}
	if (plist_get_node_type(node) != PLIST_UID)
		return node;
	plist_get_uid_val(node, &uid);
	if (uid >= a->nobjects) {
		arc_fail(a, "%s: UID %" PRIu64 " is out of range (%u objects)", what, uid,
			 a->nobjects);
		return NULL;
	}
	obj = a->objects[uid];
	if (!obj || plist_get_node_type(obj) == PLIST_UID) {
		arc_fail(a, "%s: UID %" PRIu64 " names no object", what, uid);
		return NULL;
	}
	return obj;
}

static bool arc_is_null(plist_t obj)
{
	uint64_t len = 0;
	const char *s;

	if (plist_get_node_type(obj) != PLIST_STRING)
		return false;
	s = plist_get_string_ptr(obj, &len);
	return s && len == 5 && memcmp(s, "$null", 5) == 0;
}

/* A string (NSString is stored as a plain string, NSMutableString as a
 * dictionary with NS.string).  Absent or $null: NULL, an error unless
 * optional. */
static const char *arc_string(struct archive *a, plist_t node, const char *what,
			      bool optional)
{
	plist_t obj;
	uint64_t len = 0;
	const char *s;

	if (!node && optional)
		return NULL;
	obj = arc_object(a, node, what);
	if (!obj)
		return NULL;
	if (arc_is_null(obj)) {
		if (!optional)
			arc_fail(a, "%s is missing", what);
		return NULL;
	}
	if (plist_get_node_type(obj) == PLIST_DICT) {
		plist_t inner = plist_dict_get_item(obj, "NS.string");
		if (inner && plist_get_node_type(inner) == PLIST_STRING)
			obj = inner;
	}
	if (plist_get_node_type(obj) != PLIST_STRING) {
		arc_fail(a, "%s is not a string", what);
		return NULL;
	}
	s = plist_get_string_ptr(obj, &len);
	if (!s || strlen(s) != len) {
		arc_fail(a, "%s holds a NUL character", what);
		return NULL;
	}
	return s;
}

/* The members of an NSArray/NSSet (NS.objects) or of a plain array.
 * Absent or $null gives no members. */
static bool arc_array(struct archive *a, plist_t node, const char *what, struct items *out)
{
	plist_t obj;

	out->v = NULL;
	out->n = 0;
	if (!node)
		return true;
	obj = arc_object(a, node, what);
	if (!obj)
		return false;
	if (arc_is_null(obj))
		return true;
	if (plist_get_node_type(obj) == PLIST_DICT)
		obj = plist_dict_get_item(obj, "NS.objects");
	if (!obj || plist_get_node_type(obj) != PLIST_ARRAY) {
		arc_fail(a, "%s is not an array", what);
		return false;
	}
	return arc_items(a, obj, out);
}

/* NS.keys and NS.objects of an NSDictionary; absent: no members. */
static bool arc_dict(struct archive *a, plist_t node, const char *what,
		     struct items *keys, struct items *objs)
{
	plist_t obj, k = NULL, o = NULL;

	keys->n = objs->n = 0;
	keys->v = objs->v = NULL;
	if (!node)
		return true;
	obj = arc_object(a, node, what);
	if (!obj)
		return false;
	if (arc_is_null(obj))
		return true;
	if (plist_get_node_type(obj) == PLIST_DICT) {
		k = plist_dict_get_item(obj, "NS.keys");
		o = plist_dict_get_item(obj, "NS.objects");
	}
	if (!k || !o || plist_get_node_type(k) != PLIST_ARRAY ||
	    plist_get_node_type(o) != PLIST_ARRAY ||
	    plist_array_get_size(k) != plist_array_get_size(o)) {
		arc_fail(a, "%s is not a dictionary", what);
		return false;
	}
	return arc_items(a, k, keys) && arc_items(a, o, objs) && keys->n == objs->n;
}

static void items_free(struct items *it)
{
	TALLOC_FREE(it->v);
	it->n = 0;
}

static bool arc_uint(struct archive *a, plist_t dict, const char *key, uint64_t max,
		     bool optional, uint64_t *out)
{
	plist_t node = plist_dict_get_item(dict, key);

	*out = 0;
	if (!node) {
		if (!optional)
			arc_fail(a, "%s is missing", key);
		return optional;
	}
	node = arc_object(a, node, key);
	if (!node)
		return false;
	if (plist_get_node_type(node) != PLIST_UINT) {
		arc_fail(a, "%s is not an integer", key);
		return false;
	}
	plist_get_uint_val(node, out);
	if (*out > max) {
		arc_fail(a, "%s = %" PRIu64 " is out of range", key, *out);
		return false;
	}
	return true;
}

static bool arc_bool(struct archive *a, plist_t dict, const char *key, bool dflt)
{
	plist_t node = plist_dict_get_item(dict, key);
	uint8_t b = 0;
	uint64_t u = 0;

	if (!node)
		return dflt;
	node = arc_object(a, node, key);
	if (!node)
		return dflt;
	switch (plist_get_node_type(node)) {
	case PLIST_BOOLEAN:
		plist_get_bool_val(node, &b);
		return b != 0;
	case PLIST_UINT:
		plist_get_uint_val(node, &u);
		return u != 0;
	default:
		arc_fail(a, "%s is not a boolean", key);
		return dflt;
	}
}

/* The entry index a node (a UID of a RexRegistryEntry) stands for, or -1. */
static int64_t arc_entry_ref(struct archive *a, plist_t node, const char *what)
{
	uint64_t uid = 0;

	if (!node || plist_get_node_type(node) != PLIST_UID) {
		arc_fail(a, "%s: expected a reference to an entry", what);
		return -1;
	}
	plist_get_uid_val(node, &uid);
	if (uid >= a->nobjects || a->entry_of_object[uid] < 0) {
		arc_fail(a, "%s: UID %" PRIu64 " is not a registry entry", what, uid);
		return -1;
	}
	return a->entry_of_object[uid];
}

static int arc_plane(struct archive *a, plist_t key_node, const char *what)
{
	const char *name = arc_string(a, key_node, what, false);
	int plane;

	if (!name)
		return -1;
	plane = registry_add_plane(a->reg, name);
	if (plane < 0)
		arc_fail(a, "%s: cannot add plane \"%.60s\" (more than %d planes?)", what,
			 name, REG_MAX_PLANES);
	return plane;
}

struct tag_order {
	uint64_t tag;
	uint32_t index;
};

static int compare_tags(const void *pa, const void *pb)
{
	const struct tag_order *a = pa, *b = pb;

	return a->tag < b->tag ? -1 : a->tag > b->tag;
}

static void set_context(struct archive *a, const struct arc_entry *ae, const char *name)
{
	a->context = talloc_asprintf(a->tmp, "entry %" PRIu64 " \"%.60s\"", ae->tag,
				     name ? name : "?");
}

static bool load_properties(struct archive *a, struct arc_entry *ae)
{
	plist_t node = plist_dict_get_item(ae->dict, "properties");
	struct reg_parse_error xerr = { .message = "" };
	struct reg_value *props;
	const char *bytes;
	uint64_t len = 0;

	if (!node)
		return true;
	node = arc_object(a, node, "properties");
	if (!node)
		return false;
	if (arc_is_null(node))
		return true;
	if (plist_get_node_type(node) == PLIST_DICT) {
		plist_t inner = plist_dict_get_item(node, "NS.data");
		if (inner)
			node = inner;
	}
	if (plist_get_node_type(node) != PLIST_DATA) {
		arc_fail(a, "properties are not data");
		return false;
	}
	bytes = plist_get_data_ptr(node, &len);
	if (!bytes || len == 0)
		return true;
	props = reg_value_from_xml(ae->e, bytes, (size_t)len, &xerr);
	if (!props) {
		arc_fail(a, "properties: line %zu (byte %zu): %s", xerr.line, xerr.offset,
			 xerr.message);
		return false;
	}
	if (props->type != REG_DICT) {
		talloc_free(props);
		arc_fail(a, "properties are a %s, not a dictionary",
			 reg_value_type_name(props->type));
		return false;
	}
	registry_entry_replace_properties(ae->e->registry, ae->e, props);
	return true;
}

static bool create_entry(struct archive *a, struct arc_entry *ae)
{
	const char *chain[ARCHIVE_MAX_CHAIN];
	const char *name, *location, *bundle;
	struct items inheritance;
	struct reg_class *cls = NULL;
	struct reg_entry *e;
	uint32_t nchain = 0;
	uint64_t retain, busy;
	bool service;

	name = arc_string(a, plist_dict_get_item(ae->dict, "name"), "name", false);
	if (!name)
		return false;
	set_context(a, ae, name);
	if (!arc_array(a, plist_dict_get_item(ae->dict, "inheritance"), "inheritance",
		       &inheritance))
		return false;
	nchain = inheritance.n;
	if (nchain > ARCHIVE_MAX_CHAIN) {
		arc_fail(a, "a class chain of %u classes is absurd", nchain);
		return false;
	}
	for (uint32_t i = 0; i < nchain; i++) {
		chain[i] = arc_string(a, inheritance.v[i], "inheritance", false);
		if (!chain[i])
			return false;
	}
	items_free(&inheritance);
	if (nchain) {
		cls = registry_class_declare_chain(a->reg, chain, nchain);
		if (!cls) {
			arc_fail(a, "cannot declare class %.60s", chain[0]);
			return false;
		}
	}

	if (ae->is_root) {
		e = registry_root(a->reg);
		if (registry_entry_set_name(a->reg, e, REG_NO_PLANE, name) != 0 ||
		    (cls && registry_entry_set_class(a->reg, e, cls->name) != 0)) {
			arc_fail(a, "out of memory");
			return false;
		}
	} else {
		/* IDs follow entryTag: see ioreg_archive.h. */
		uint64_t id = REG_ROOT_ID + ae->tag - 1;
		e = registry_entry_new(a->reg, id, name, cls ? cls->name : NULL);
		if (!e) {
			arc_fail(a, "registry ID 0x%" PRIx64 " cannot be created "
				 "(taken by another entry?)", id);
			return false;
		}
	}
	ae->e = e;

	location = arc_string(a, plist_dict_get_item(ae->dict, "location"), "location", true);
	if (a->failed)
		return false;
	if (location && registry_entry_set_location(a->reg, e, REG_NO_PLANE, location) != 0) {
		arc_fail(a, "out of memory");
		return false;
	}
	bundle = arc_string(a, plist_dict_get_item(ae->dict, "bundleID"), "bundleID", true);
	if (a->failed)
		return false;
	if (bundle && e->cls && !e->cls->bundle_id) {
		e->cls->bundle_id = talloc_strdup(e->cls, bundle);
		if (!e->cls->bundle_id) {
			arc_fail(a, "out of memory");
			return false;
		}
	}
	if (!arc_uint(a, ae->dict, "kernelRetainCount", UINT32_MAX, true, &retain) ||
	    !arc_uint(a, ae->dict, "busyCount", UINT32_MAX, true, &busy))
		return false;
	/* retain has no mutator in registry.h: it is what the source says. */
	e->retain = (uint32_t)retain;
	registry_entry_set_busy(a->reg, e, (uint32_t)busy);
	service = arc_bool(a, ae->dict, "conformsToIOService", e->is_service);
	e->is_service = service;
	if (service) {
		uint32_t state = 0;
		if (!arc_bool(a, ae->dict, "isActive", true))
			state |= REG_STATE_INACTIVE;
		if (arc_bool(a, ae->dict, "isRegistered", false))
			state |= REG_STATE_REGISTERED;
		if (arc_bool(a, ae->dict, "isMatched", false))
			state |= REG_STATE_MATCHED;
		registry_entry_set_state(a->reg, e, state);
	} else {
		registry_entry_set_state(a->reg, e, 0);
	}
	if (a->failed)
		return false;
	return load_properties(a, ae);
}

/* Reads one entry's parentsInPlanes or childrenInPlanes into the per-plane
 * link lists. */
static bool read_links(struct archive *a, uint32_t index, bool children)
{
	const char *what = children ? "childrenInPlanes" : "parentsInPlanes";
	struct items keys, objs;
	bool ok = false;

	if (!arc_dict(a, plist_dict_get_item(a->ents[index].dict, what), what, &keys, &objs))
		return false;
	for (uint32_t i = 0; i < keys.n; i++) {
		int plane = arc_plane(a, keys.v[i], what);
		struct plane_links *pl;
		struct link_list *list, **lists;
		struct items arr;
		plist_t value;
		uint32_t count;

		if (plane < 0)
			goto out;
		pl = &a->planes[plane];
		lists = children ? &pl->children : &pl->parents;
		if (!*lists) {
			*lists = talloc_zero_array(a->tmp, struct link_list, a->nents);
			if (!*lists) {
				arc_fail(a, "out of memory");
				goto out;
			}
		}
		list = &(*lists)[index];
		if (list->items) {
			arc_fail(a, "%s names plane %s twice", what,
				 registry_plane_name(a->reg, plane));
			goto out;
		}
		value = objs.v[i];
		/* A single entry, or an array of them. */
		if (value && plist_get_node_type(value) == PLIST_UID) {
			uint64_t uid = 0;
			plist_get_uid_val(value, &uid);
			if (uid < a->nobjects && a->entry_of_object[uid] >= 0) {
				list->items = talloc_array(a->tmp, uint32_t, 1);
				if (!list->items) {
					arc_fail(a, "out of memory");
					goto out;
				}
				list->items[0] = (uint32_t)a->entry_of_object[uid];
				list->n = 1;
				continue;
			}
		}
		if (!arc_array(a, value, what, &arr))
			goto out;
		count = arr.n;
		if (count > a->nents) {
			arc_fail(a, "%s: %u links in plane %s, more than there are entries",
				 what, count, registry_plane_name(a->reg, plane));
			items_free(&arr);
			goto out;
		}
		list->items = talloc_array(a->tmp, uint32_t, count ? count : 1);
		if (!list->items) {
			arc_fail(a, "out of memory");
			items_free(&arr);
			goto out;
		}
		for (uint32_t k = 0; k < count; k++) {
			int64_t ref = arc_entry_ref(a, arr.v[k], what);
			if (ref < 0) {
				items_free(&arr);
				goto out;
			}
			list->items[k] = (uint32_t)ref;
		}
		list->n = count;
		items_free(&arr);
	}
	ok = true;
out:
	items_free(&keys);
	items_free(&objs);
	return ok;
}

static const char *entry_label(struct archive *a, uint32_t i)
{
	return talloc_asprintf(a->tmp, "entry %" PRIu64 " \"%.60s\"", a->ents[i].tag,
			       a->ents[i].e ? a->ents[i].e->name : "?");
}

/* Attaches the plane's tree breadth-first from Root, each parent's
 * children in stored order, checking the links against the parent lists. */
static bool attach_plane(struct archive *a, int plane)
{
	struct plane_links *pl = &a->planes[plane];
	const char *pname = registry_plane_name(a->reg, plane);
	uint32_t *queue, *attached, head = 0, tail = 0;
	bool *in_plane;

	a->context = NULL;
	if (!pl->children && !pl->parents)
		return true;
	if (!pl->children || !pl->parents) {
		arc_fail(a, "plane %s: children and parents disagree", pname);
		return false;
	}
	queue = talloc_array(a->tmp, uint32_t, a->nents);
	attached = talloc_zero_array(a->tmp, uint32_t, a->nents);
	in_plane = talloc_zero_array(a->tmp, bool, a->nents);
	if (!queue || !attached || !in_plane) {
		arc_fail(a, "out of memory");
		return false;
	}
	if (pl->parents[a->root].n) {
		arc_fail(a, "plane %s: Root has parents", pname);
		return false;
	}
	in_plane[a->root] = true;
	queue[tail++] = a->root;
	while (head < tail) {
		uint32_t x = queue[head++];
		const struct link_list *kids = &pl->children[x];

		for (uint32_t k = 0; k < kids->n; k++) {
			uint32_t c = kids->items[k];
			const struct link_list *pars = &pl->parents[c];
			bool listed = attached[c] < pars->n && pars->items[attached[c]] == x;

			for (uint32_t j = 0; !listed && j < pars->n; j++)
				listed = pars->items[j] == x;
			if (!listed) {
				arc_fail(a, "plane %s: %s lists %s as a child, which does "
					 "not list it as a parent", pname, entry_label(a, x),
					 entry_label(a, c));
				return false;
			}
			if (registry_attach(a->reg, a->ents[c].e, a->ents[x].e, plane) != 0) {
				arc_fail(a, "plane %s: cannot attach %s under %s (repeated "
					 "link or cycle)", pname, entry_label(a, c),
					 entry_label(a, x));
				return false;
			}
			attached[c]++;
			if (!in_plane[c]) {
				in_plane[c] = true;
				queue[tail++] = c;
			}
		}
	}
	for (uint32_t i = 0; i < a->nents; i++) {
		/* Lenient: links that do not reach Root (the registry changed
		 * while IORegistryExplorer saved it) are left out, with a warning. */
		if (pl->parents[i].n != attached[i]) {
			if (a->warn && !a->warn->strict) {
				load_warn(a->warn, a->err, 0, 0, "plane %s: %s has parents that do "
					  "not reach Root: those links left out", pname,
					  entry_label(a, i));
				continue;
			}
			arc_fail(a, "plane %s: %s has parents that do not reach Root, "
				 "or that do not list it as a child", pname, entry_label(a, i));
			return false;
		}
		if (!in_plane[i] && pl->children[i].n) {
			if (a->warn && !a->warn->strict) {
				load_warn(a->warn, a->err, 0, 0, "plane %s: %s has children but is "
					  "not in the plane: its links left out", pname,
					  entry_label(a, i));
				continue;
			}
			arc_fail(a, "plane %s: %s has children but is not in the plane",
				 pname, entry_label(a, i));
			return false;
		}
	}
	return true;
}

/* Per-plane names and locations, where the entry is in the plane and they
 * differ from the global ones. */
static bool plane_names(struct archive *a, struct arc_entry *ae)
{
	struct reg_entry *e = ae->e;
	struct items keys, objs;
	const char *locs[REG_MAX_PLANES] = { 0 };
	bool ok = false;

	set_context(a, ae, e->name);
	if (!arc_dict(a, plist_dict_get_item(ae->dict, "namesInPlanes"), "namesInPlanes",
		      &keys, &objs))
		return false;
	for (uint32_t i = 0; i < keys.n; i++) {
		const char *pn = arc_string(a, keys.v[i], "namesInPlanes", false);
		const char *name;
		int plane;

		if (!pn)
			goto out;
		plane = registry_plane_index(a->reg, pn);
		if (plane < 0 || !reg_entry_in_plane(e, plane))
			continue;
		name = arc_string(a, objs.v[i], "namesInPlanes", false);
		if (!name)
			goto out;
		if (strcmp(name, e->name) != 0 &&
		    registry_entry_set_name(a->reg, e, plane, name) != 0) {
			arc_fail(a, "out of memory");
			goto out;
		}
	}
	items_free(&keys);
	items_free(&objs);
	if (!arc_dict(a, plist_dict_get_item(ae->dict, "locationsInPlanes"),
		      "locationsInPlanes", &keys, &objs))
		return false;
	for (uint32_t i = 0; i < keys.n; i++) {
		const char *pn = arc_string(a, keys.v[i], "locationsInPlanes", false);
		int plane;

		if (!pn)
			goto out;
		plane = registry_plane_index(a->reg, pn);
		if (plane < 0 || !reg_entry_in_plane(e, plane))
			continue;
		locs[plane] = arc_string(a, objs.v[i], "locationsInPlanes", true);
		if (a->failed)
			goto out;
	}
	for (int plane = 0; plane < (int)registry_plane_count(a->reg); plane++) {
		const char *loc = locs[plane] ? locs[plane] : "";
		const char *global = e->location ? e->location : "";

		if (!reg_entry_in_plane(e, plane) || strcmp(loc, global) == 0)
			continue;
		if (registry_entry_set_location(a->reg, e, plane, loc) != 0) {
			arc_fail(a, "out of memory");
			goto out;
		}
	}
	ok = true;
out:
	items_free(&keys);
	items_free(&objs);
	return ok;
}

static bool load(struct archive *a, plist_t top)
{
	plist_t archiver, top_dict, root_obj, objects;
	struct items planes, entries, all;
	struct tag_order *order;
	uint64_t alen = 0;
	bool have_root = false;

	archiver = plist_dict_get_item(top, "$archiver");
	if (!archiver || plist_get_node_type(archiver) != PLIST_STRING ||
	    !plist_get_string_ptr(archiver, &alen) ||
	    strcmp(plist_get_string_ptr(archiver, &alen), "NSKeyedArchiver") != 0) {
		arc_fail(a, "not an NSKeyedArchiver archive");
		return false;
	}
	objects = plist_dict_get_item(top, "$objects");
	top_dict = plist_dict_get_item(top, "$top");
	if (!objects || plist_get_node_type(objects) != PLIST_ARRAY ||
	    !top_dict || plist_get_node_type(top_dict) != PLIST_DICT) {
		arc_fail(a, "archive without $objects or $top");
		return false;
	}
	if (!arc_items(a, objects, &all))
		return false;
	a->objects = all.v;
	a->nobjects = all.n;
	root_obj = arc_object(a, plist_dict_get_item(top_dict, "root"), "$top.root");
	if (!root_obj)
		return false;
	if (plist_get_node_type(root_obj) != PLIST_DICT) {
		arc_fail(a, "the root object is not a RexDataStore");
		return false;
	}

	if (!arc_array(a, plist_dict_get_item(root_obj, "registryPlanes"), "registryPlanes",
		       &planes))
		return false;
	for (uint32_t i = 0; i < planes.n; i++)
		if (arc_plane(a, planes.v[i], "registryPlanes") < 0)
			return false;

	if (!arc_array(a, plist_dict_get_item(root_obj, "registryEntries"), "registryEntries",
		       &entries))
		return false;
	a->nents = entries.n;
	if (a->nents == 0) {
		arc_fail(a, "the archive holds no registry entries");
		return false;
	}
	if (a->nents > a->nobjects) {
		arc_fail(a, "more entries than objects");
		return false;
	}
	a->ents = talloc_zero_array(a->tmp, struct arc_entry, a->nents);
	a->entry_of_object = talloc_array(a->tmp, int32_t, a->nobjects);
	order = talloc_array(a->tmp, struct tag_order, a->nents);
	if (!a->ents || !a->entry_of_object || !order) {
		arc_fail(a, "out of memory");
		return false;
	}
	memset(a->entry_of_object, 0xff, a->nobjects * sizeof(int32_t));
	for (uint32_t i = 0; i < a->nents; i++) {
		plist_t ref = entries.v[i];
		struct arc_entry *ae = &a->ents[i];
		uint64_t uid = 0;

		if (!ref || plist_get_node_type(ref) != PLIST_UID) {
			arc_fail(a, "registryEntries[%u] is not a reference", i);
			return false;
		}
		plist_get_uid_val(ref, &uid);
		if (uid >= a->nobjects) {
			arc_fail(a, "registryEntries[%u]: UID %" PRIu64 " is out of range", i,
				 uid);
			return false;
		}
		if (a->entry_of_object[uid] >= 0) {
			arc_fail(a, "registryEntries lists UID %" PRIu64 " twice", uid);
			return false;
		}
		a->entry_of_object[uid] = (int32_t)i;
		ae->dict = arc_object(a, ref, "registryEntries");
		if (!ae->dict)
			return false;
		if (plist_get_node_type(ae->dict) != PLIST_DICT) {
			arc_fail(a, "registryEntries[%u] is not an entry", i);
			return false;
		}
		/* Bounded so that REG_ROOT_ID + tag stays far from overflow. */
		if (!arc_uint(a, ae->dict, "entryTag", UINT32_MAX, false, &ae->tag))
			return false;
		if (ae->tag == 0) {
			arc_fail(a, "registryEntries[%u]: entryTag 0", i);
			return false;
		}
		ae->is_root = arc_bool(a, ae->dict, "isRegistryRoot", false);
		if (ae->is_root) {
			if (have_root) {
				arc_fail(a, "more than one registry root");
				return false;
			}
			have_root = true;
			a->root = i;
		}
		order[i].tag = ae->tag;
		order[i].index = i;
	}
	if (a->failed)
		return false;
	if (!have_root) {
		arc_fail(a, "no entry is the registry root");
		return false;
	}
	qsort(order, a->nents, sizeof(*order), compare_tags);
	for (uint32_t i = 1; i < a->nents; i++) {
		if (order[i].tag == order[i - 1].tag) {
			arc_fail(a, "entryTag %" PRIu64 " is used twice", order[i].tag);
			return false;
		}
	}
	/* Root first: another entry's ID could otherwise collide with it. */
	if (!create_entry(a, &a->ents[a->root]))
		return false;
	for (uint32_t i = 0; i < a->nents; i++)
		if (order[i].index != a->root && !create_entry(a, &a->ents[order[i].index]))
			return false;

	for (uint32_t i = 0; i < a->nents; i++) {
		set_context(a, &a->ents[i], a->ents[i].e->name);
		if (!read_links(a, i, true) || !read_links(a, i, false))
			return false;
	}
	for (int plane = 0; plane < (int)registry_plane_count(a->reg); plane++)
		if (!attach_plane(a, plane))
			return false;
	for (uint32_t i = 0; i < a->nents; i++)
		if (!plane_names(a, &a->ents[order[i].index]))
			return false;
	return true;
}

int source_load_ioreg_archive(struct registry *reg, const void *buf, size_t len,
			      struct reg_parse_error *err)
{
	return source_load_ioreg_archive_warn(reg, buf, len, NULL, err);
}

int source_load_ioreg_archive_warn(struct registry *reg, const void *buf, size_t len,
				   struct load_warnings *warn, struct reg_parse_error *err)
{
	struct archive a = { .reg = reg, .err = err, .warn = warn };
	plist_t top = NULL;
	bool ok;

	if (!buf || len < 8 || memcmp(buf, "bplist00", 8) != 0) {
		reg_parse_error_set(err, 0, 0, "not a binary property list");
		return -1;
	}
	if (len > UINT32_MAX) {
		reg_parse_error_set(err, 0, 0, "archive too large");
		return -1;
	}
	plist_from_bin(buf, (uint32_t)len, &top);
	if (!top || plist_get_node_type(top) != PLIST_DICT) {
		if (top)
			plist_free(top);
		reg_parse_error_set(err, 0, 0, "not a valid binary property list archive");
		return -1;
	}
	a.tmp = talloc_new(NULL);
	if (!a.tmp) {
		plist_free(top);
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	ok = load(&a, top);
	talloc_free(a.tmp);
	plist_free(top);
	return ok ? 0 : -1;
}
