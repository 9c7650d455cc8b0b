/* Unit tests for registry/sources/ioreg_archive.c: the MacBookPro15,1
 * .ioreg archive checked against an independent reading of the same file
 * through libplist, the property round trip through XML, and hostile
 * archives built here with libplist. */
#include <check.h>
#include <inttypes.h>
#include <plist/plist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>

#include "leak_check.h"
#include "test_util.h"
#include "registry.h"
#include "sources/ioreg_archive.h"
#include "value_literal.h"
#include "value_xml.h"


/* ---- an independent reading of the archive, with libplist only ---- */

struct indep {
	plist_t top;
	plist_t *objects;
	uint32_t nobjects;
};

static plist_t array_item(plist_t arr, uint32_t i)
{
	return plist_array_get_item(arr, i);
}

static plist_t deref(struct indep *x, plist_t node)
{
	uint64_t uid;

	if (!node || plist_get_node_type(node) != PLIST_UID)
		return node;
	plist_get_uid_val(node, &uid);
	ck_assert_uint_lt(uid, x->nobjects);
	return x->objects[uid];
}

static plist_t field(struct indep *x, plist_t dict, const char *key)
{
	return deref(x, plist_dict_get_item(dict, key));
}

static const char *str(plist_t node)
{
	uint64_t len;

	if (plist_get_node_type(node) != PLIST_STRING)
		return NULL;	/* $null is a string too; callers handle it */
	return plist_get_string_ptr(node, &len);
}

static uint64_t uint_field(struct indep *x, plist_t dict, const char *key)
{
	uint64_t v = 0;

	plist_get_uint_val(field(x, dict, key), &v);
	return v;
}

static bool bool_field(struct indep *x, plist_t dict, const char *key)
{
	uint8_t b = 0;

	plist_get_bool_val(field(x, dict, key), &b);
	return b;
}

static void indep_open(struct indep *x, const char *buf, size_t len)
{
	plist_t objs;
	plist_array_iter it = NULL;

	x->top = NULL;
	plist_from_bin(buf, (uint32_t)len, &x->top);
	ck_assert_ptr_nonnull(x->top);
	objs = plist_dict_get_item(x->top, "$objects");
	x->nobjects = plist_array_get_size(objs);
	x->objects = malloc(x->nobjects * sizeof(plist_t));
	ck_assert_ptr_nonnull(x->objects);
	plist_array_new_iter(objs, &it);
	for (uint32_t i = 0; i < x->nobjects; i++)
		plist_array_next_item(objs, it, &x->objects[i]);
	free(it);
}

static void indep_close(struct indep *x)
{
	free(x->objects);
	plist_free(x->top);
}

/* The NS.objects of the value stored under plane in an NSDictionary. */
static plist_t plane_value(struct indep *x, plist_t nsdict, const char *plane)
{
	plist_t keys = plist_dict_get_item(nsdict, "NS.keys");
	plist_t objs = plist_dict_get_item(nsdict, "NS.objects");

	for (uint32_t i = 0; i < plist_array_get_size(keys); i++)
		if (strcmp(str(deref(x, array_item(keys, i))), plane) == 0)
			return deref(x, array_item(objs, i));
	return NULL;
}

/* Does a libplist value (from libplist's own XML parser) equal ours? */
static bool plist_matches(plist_t p, const struct reg_value *v)
{
	uint64_t u = 0, len = 0;
	uint8_t b = 0;
	const char *s;

	switch (plist_get_node_type(p)) {
	case PLIST_DICT:
		if (v->type != REG_DICT || plist_dict_get_size(p) != v->u.dict.count)
			return false;
		for (size_t i = 0; i < v->u.dict.count; i++) {
			plist_t item = plist_dict_get_item(p, v->u.dict.keys[i]);
			if (!item || !plist_matches(item, v->u.dict.values[i]))
				return false;
		}
		return true;
	case PLIST_ARRAY:
		if (v->type != REG_ARRAY || plist_array_get_size(p) != v->u.array.count)
			return false;
		for (uint32_t i = 0; i < v->u.array.count; i++)
			if (!plist_matches(plist_array_get_item(p, i), v->u.array.items[i]))
				return false;
		return true;
	case PLIST_STRING:
		s = plist_get_string_ptr(p, &len);
		return v->type == REG_STRING && v->u.string.len == len &&
		       memcmp(v->u.string.chars, s, len) == 0;
	case PLIST_UINT:
		plist_get_uint_val(p, &u);
		return v->type == REG_NUMBER && (uint64_t)v->u.number.value == u &&
		       v->u.number.width == reg_number_default_width(v->u.number.value);
	case PLIST_BOOLEAN:
		plist_get_bool_val(p, &b);
		return v->type == REG_BOOL && v->u.boolean == (b != 0);
	case PLIST_DATA:
		s = plist_get_data_ptr(p, &len);
		return v->type == REG_DATA && v->u.data.len == len &&
		       (len == 0 || memcmp(v->u.data.bytes, s, len) == 0);
	default:
		return false;
	}
}

static const char *loc_or_empty(const char *l)
{
	return l ? l : "";
}

START_TEST(test_archive_against_libplist)
{
	char *path = test_data_path(test_ctx, "macbookpro15-1/registry.ioreg");
	struct reg_parse_error err = { 0 };
	struct registry *reg;
	struct indep x;
	plist_t root, entries, planes;
	size_t len, props_checked = 0;
	char *buf;

	if (!path) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	buf = test_slurp(test_ctx, path, &len);
	reg = registry_new(test_ctx);
	ck_assert_msg(source_load_ioreg_archive(reg, buf, len, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(registry_entry_count(reg), 1859);
	ck_assert_uint_eq(registry_plane_count(reg), 7);

	indep_open(&x, buf, len);
	root = deref(&x, plist_dict_get_item(plist_dict_get_item(x.top, "$top"), "root"));
	entries = field(&x, root, "registryEntries");
	entries = plist_dict_get_item(entries, "NS.objects");
	planes = plist_dict_get_item(field(&x, root, "registryPlanes"), "NS.objects");
	ck_assert_uint_eq(plist_array_get_size(entries), 1859);

	/* Entries per plane, as the archive's parent links say. */
	for (uint32_t p = 0; p < plist_array_get_size(planes); p++) {
		const char *pname = str(deref(&x, array_item(planes, p)));
		int plane = registry_plane_index(reg, pname);
		size_t in_archive = 1, in_model = 0;	/* Root has no parents */

		ck_assert_int_eq(plane, (int)p);
		for (uint32_t i = 0; i < 1859; i++) {
			plist_t e = deref(&x, array_item(entries, i));
			plist_t pars = plane_value(&x, field(&x, e, "parentsInPlanes"), pname);
			if (pars && plist_array_get_size(plist_dict_get_item(pars, "NS.objects")))
				in_archive++;
			struct reg_entry *re = registry_entry_by_id(
				reg, REG_ROOT_ID + uint_field(&x, e, "entryTag") - 1);
			in_model += reg_entry_in_plane(re, plane);
		}
		ck_assert_msg(in_archive == in_model, "plane %s: %zu entries in the archive, "
			      "%zu in the model", pname, in_archive, in_model);
	}

	/* Every entry, field by field, children in order, properties. */
	for (uint32_t i = 0; i < 1859; i++) {
		plist_t e = deref(&x, array_item(entries, i));
		uint64_t tag = uint_field(&x, e, "entryTag");
		struct reg_entry *re = registry_entry_by_id(reg, REG_ROOT_ID + tag - 1);
		plist_t inh = plist_dict_get_item(field(&x, e, "inheritance"), "NS.objects");
		const char *loc = str(field(&x, e, "location"));
		plist_t props_xml = field(&x, e, "properties"), props = NULL;
		const char *bytes;
		uint64_t blen;

		ck_assert_ptr_nonnull(re);
		if (bool_field(&x, e, "isRegistryRoot"))
			ck_assert_ptr_eq(re, registry_root(reg));
		ck_assert_str_eq(re->name, str(field(&x, e, "name")));
		if (loc && strcmp(loc, "$null") == 0)
			loc = NULL;
		ck_assert_str_eq(loc_or_empty(re->location), loc_or_empty(loc));
		ck_assert_str_eq(re->cls->name, str(deref(&x, array_item(inh, 0))));
		if (plist_array_get_size(inh) > 1)
			ck_assert_str_eq(re->cls->super->name, str(deref(&x, array_item(inh, 1))));
		ck_assert_uint_eq(re->retain, uint_field(&x, e, "kernelRetainCount"));
		ck_assert_uint_eq(re->busy, uint_field(&x, e, "busyCount"));
		ck_assert_int_eq(re->is_service, bool_field(&x, e, "conformsToIOService"));
		if (re->is_service) {
			ck_assert_int_eq(!(re->state & REG_STATE_INACTIVE),
					 bool_field(&x, e, "isActive"));
			ck_assert_int_eq(!!(re->state & REG_STATE_MATCHED),
					 bool_field(&x, e, "isMatched"));
			ck_assert_int_eq(!!(re->state & REG_STATE_REGISTERED),
					 bool_field(&x, e, "isRegistered"));
		}
		for (uint32_t p = 0; p < plist_array_get_size(planes); p++) {
			const char *pname = str(deref(&x, array_item(planes, p)));
			plist_t kids = plane_value(&x, field(&x, e, "childrenInPlanes"), pname);
			plist_t names = field(&x, e, "namesInPlanes");
			uint32_t n = kids ? plist_array_get_size(
				plist_dict_get_item(kids, "NS.objects")) : 0;

			ck_assert_uint_eq(reg_entry_child_count(re, (int)p), n);
			for (uint32_t k = 0; k < n; k++) {
				plist_t kid = deref(&x, array_item(
					plist_dict_get_item(kids, "NS.objects"), k));
				ck_assert_uint_eq(reg_entry_child(re, (int)p, k)->id,
						  REG_ROOT_ID + uint_field(&x, kid, "entryTag") - 1);
			}
			if (reg_entry_in_plane(re, (int)p))
				ck_assert_str_eq(reg_entry_name(re, (int)p),
						 str(plane_value(&x, names, pname)));
		}
		/* Properties, against libplist's own XML parser. */
		bytes = plist_get_data_ptr(props_xml, &blen);
		plist_from_xml(bytes, (uint32_t)blen, &props);
		ck_assert_ptr_nonnull(props);
		ck_assert_msg(plist_matches(props, re->properties),
			      "properties of %s (tag %" PRIu64 ") differ from libplist's reading",
			      re->name, tag);
		plist_free(props);
		props_checked++;
	}
	ck_assert_uint_eq(props_checked, 1859);
	indep_close(&x);
	talloc_free(buf);
	talloc_free(path);
	talloc_free(reg);
}
END_TEST

static struct registry *load_real(void)
{
	char *path = test_data_path(test_ctx, "macbookpro15-1/registry.ioreg");
	struct reg_parse_error err = { 0 };
	struct registry *reg;
	size_t len;
	char *buf;

	if (!path)
		return NULL;
	buf = test_slurp(test_ctx, path, &len);
	reg = registry_new(test_ctx);
	ck_assert_msg(source_load_ioreg_archive(reg, buf, len, &err) == 0, "%s", err.message);
	talloc_free(buf);
	talloc_free(path);
	return reg;
}

static struct reg_entry *only_instance(struct registry *reg, const char *cls)
{
	struct reg_class *c = registry_class_get(reg, cls);

	ck_assert_ptr_nonnull(c);
	ck_assert_uint_eq(c->ninstances, 1);
	return c->instances[0];
}

static int64_t num(struct reg_entry *e, const char *key)
{
	struct reg_value *v = reg_entry_property(e, key);

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, REG_NUMBER);
	return v->u.number.value;
}

START_TEST(test_known_entries)
{
	struct registry *reg = load_real();
	struct reg_entry *root, *smc, *batt;
	const char *planes[] = { "IOService", "CoreCapture", "IO80211Plane", "IOACPIPlane",
				 "IODeviceTree", "IOPower", "IOUSB" };

	if (!reg) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	for (int p = 0; p < 7; p++)
		ck_assert_str_eq(registry_plane_name(reg, p), planes[p]);
	root = registry_root(reg);
	ck_assert_uint_eq(root->id, REG_ROOT_ID);
	ck_assert_str_eq(root->name, "Root");
	ck_assert_uint_eq(root->retain, 21);
	ck_assert(!root->is_service);
	ck_assert_str_eq(root->cls->bundle_id, "com.apple.kernel");
	ck_assert_uint_eq(reg_entry_child_count(root, 1), 10);	/* CoreCapture */

	smc = only_instance(reg, "AppleSMC");
	ck_assert_uint_eq(smc->id, REG_ROOT_ID + 359 - 1);
	ck_assert_uint_eq(smc->retain, 18);
	ck_assert(smc->is_service);
	ck_assert_uint_eq(smc->state, REG_STATE_REGISTERED | REG_STATE_MATCHED);
	ck_assert_str_eq(smc->cls->super->name, "AppleSMCFamily");
	ck_assert_str_eq(smc->cls->bundle_id, "com.apple.driver.AppleSMC");
	ck_assert_int_eq(num(smc, "IOPlatformPanicAction"), 89000);
	ck_assert_int_eq(num(smc, "IOPlatformSleepAction"), -1);
	ck_assert_str_eq(reg_entry_property(smc, "IONameMatched")->u.string.chars, "APP0001");

	batt = only_instance(reg, "AppleSmartBattery");
	ck_assert_int_eq(num(batt, "DesignCapacity"), 7336);
	ck_assert_int_eq(num(batt, "CycleCount"), 4);
	ck_assert_int_eq(num(batt, "Voltage"), 12849);
	ck_assert_int_eq(num(batt, "MaxCapacity"), 7280);
	ck_assert_int_eq(num(batt, "Temperature"), 3038);
	ck_assert(reg_entry_property(batt, "ExternalConnected")->u.boolean);
	ck_assert_int_eq(reg_entry_property(batt, "ManufacturerData")->type, REG_DATA);
	talloc_free(reg);
}
END_TEST

/* The acceptance check: every property of every entry survives
 * model -> XML -> model identical, in our order and in CF's sorted one. */
static bool round_trip(void *data, struct reg_entry *e)
{
	size_t *count = data, len;
	struct reg_parse_error err = { 0 };
	unsigned flags[] = { 0, REG_XML_SORT_KEYS, REG_XML_FRAGMENT };

	for (size_t i = 0; i < 3; i++) {
		char *xml = reg_value_to_xml(test_ctx, e->properties, flags[i], &len);
		struct reg_value *back;

		ck_assert_ptr_nonnull(xml);
		back = reg_value_from_xml(test_ctx, xml, len, &err);
		ck_assert_msg(back, "%s: %s", e->name, err.message);
		/* CF sorted the archive's tables already, so even the sorted
		 * output keeps their order. */
		ck_assert_msg(reg_value_identical(back, e->properties),
			      "properties of %s (0x%" PRIx64 ") changed", e->name, e->id);
		talloc_free(back);
		talloc_free(xml);
	}
	/* And through the ioreg literal syntax the file system shows, one
	 * property at a time as getfattr/setfattr carry them. */
	for (size_t i = 0; i < e->properties->u.dict.count; i++) {
		const struct reg_value *v = e->properties->u.dict.values[i];
		char *lit = reg_value_to_literal(test_ctx, v, REG_LITERAL_EXACT);
		struct reg_value *back;

		ck_assert_ptr_nonnull(lit);
		back = reg_value_from_literal(test_ctx, lit, strlen(lit), REG_LITERAL_EXACT, &err);
		ck_assert_msg(back, "%s: %s: %s", e->name, e->properties->u.dict.keys[i], err.message);
		ck_assert_msg(reg_value_identical(back, v), "literal of %s.%s changed", e->name,
			      e->properties->u.dict.keys[i]);
		talloc_free(back);
		talloc_free(lit);
	}
	*count += e->properties->u.dict.count;
	return true;
}

START_TEST(test_every_property_round_trips)
{
	struct registry *reg = load_real();
	size_t count = 0;

	if (!reg) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	registry_foreach_entry(reg, round_trip, &count);
	ck_assert_uint_gt(count, 10000);	/* top-level keys; 155,709 in all */
	talloc_free(reg);
}
END_TEST

START_TEST(test_plane_locations)
{
	struct registry *reg = load_real();
	struct reg_class *c;
	int dt;
	bool found = false;

	if (!reg) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	dt = registry_plane_index(reg, "IODeviceTree");
	/* "APPLE SSD AP0512M Media" has no location but "1:0" in IODeviceTree. */
	c = registry_class_get(reg, "IOMedia");
	ck_assert_ptr_nonnull(c);
	for (size_t i = 0; i < c->ninstances; i++) {
		struct reg_entry *e = c->instances[i];
		if (strcmp(e->name, "APPLE SSD AP0512M Media") != 0)
			continue;
		found = true;
		ck_assert_ptr_null(e->location);
		ck_assert_str_eq(reg_entry_location(e, dt), "1:0");
		ck_assert_ptr_null(reg_entry_location(e, 0));
	}
	ck_assert(found);
	talloc_free(reg);
}
END_TEST

/* ---- hostile archives, built with libplist ---- */

enum mutation {
	M_NONE, M_UID_RANGE, M_NAME_TYPE, M_PARENT_CYCLE, M_DUP_TAG, M_NO_ROOT,
	M_ONE_SIDED_LINK, M_BAD_PROPERTIES, M_UID_CHAIN, M_ENTRY_NOT_DICT, M_DUP_CHILD,
	M_CHILDREN_NOT_ARRAY, M_NOT_KEYED,
};

#define NENT 4

/* Root (tag 1) -> e1 -> e2 -> e3 in plane "P", each entry e<i>. */
static char *build_archive(void *ctx, enum mutation m, size_t *len)
{
	plist_t objs[64], top, arr;
	uint32_t n = 0, ent0, links[NENT][2];
	char *bin = NULL, *out;
	uint32_t blen = 0;

#define ADD(node) (objs[n] = (node), n++)
	ADD(plist_new_string("$null"));				/* 0 */
	ADD(plist_new_dict());					/* 1: RexDataStore */
	ADD(plist_new_string("P"));				/* 2 */
	ADD(plist_new_dict());					/* 3: planes */
	ADD(plist_new_dict());					/* 4: entries */
	ent0 = n;
	for (int i = 0; i < NENT; i++)
		ADD(plist_new_dict());
	/* Link containers: children and parents NSDictionary per entry. */
	for (int i = 0; i < NENT; i++) {
		for (int dir = 0; dir < 2; dir++) {
			plist_t nsdict = plist_new_dict(), keys = plist_new_array();
			plist_t values = plist_new_array(), list = plist_new_dict();
			plist_t members = plist_new_array();
			int other = dir == 0 ? i + 1 : i - 1;	/* child / parent */

			if (m == M_PARENT_CYCLE && i == 3 && dir == 0)
				other = 2;	/* e3's child is e2, e2's parent e3 too */
			if (m == M_PARENT_CYCLE && i == 2 && dir == 1)
				other = 3;
			if (m == M_PARENT_CYCLE && i == 1 && dir == 0)
				other = NENT;	/* e1 no longer lists e2 */
			if (m == M_ONE_SIDED_LINK && i == 2 && dir == 1)
				other = -1;
			if (other >= 0 && other < NENT) {
				plist_array_append_item(members, plist_new_uid(ent0 + other));
				if (m == M_DUP_CHILD && dir == 0 && i == 0)
					plist_array_append_item(members,
								plist_new_uid(ent0 + other));
				if (m == M_UID_RANGE && dir == 0 && i == 1)
					plist_array_append_item(members, plist_new_uid(9999));
			}
			plist_dict_set_item(list, "NS.objects", members);
			links[i][dir] = n + 1;
			if (m == M_CHILDREN_NOT_ARRAY && dir == 0 && i == 0) {
				plist_free(list);
				list = plist_new_string("nope");
			}
			plist_array_append_item(keys, plist_new_uid(2));
			plist_array_append_item(values, plist_new_uid(n + 1));
			plist_dict_set_item(nsdict, "NS.keys", keys);
			plist_dict_set_item(nsdict, "NS.objects", values);
			ADD(nsdict);
			ADD(list);
		}
	}
	for (int i = 0; i < NENT; i++) {
		plist_t e = objs[ent0 + i];
		char name[16];

		snprintf(name, sizeof(name), "e%d", i);
		plist_dict_set_item(e, "name", m == M_NAME_TYPE && i == 2 ? plist_new_uint(5)
								       : plist_new_string(name));
		plist_dict_set_item(e, "entryTag",
				    plist_new_uint(m == M_DUP_TAG && i == 3 ? 3 : (uint64_t)i + 1));
		plist_dict_set_item(e, "isRegistryRoot", plist_new_bool(i == 0 && m != M_NO_ROOT));
		plist_dict_set_item(e, "kernelRetainCount", plist_new_uint(7));
		plist_dict_set_item(e, "childrenInPlanes", plist_new_uid(links[i][0] - 1));
		plist_dict_set_item(e, "parentsInPlanes", plist_new_uid(links[i][1] - 1));
		plist_dict_set_item(e, "location", plist_new_uid(0));
		plist_dict_set_item(e, "properties",
				    m == M_BAD_PROPERTIES && i == 1
				    ? plist_new_data("<dict><key>a</key></dict>", 25)
				    : plist_new_data("<dict><key>k</key><integer>1</integer></dict>", 45));
	}
	arr = plist_new_array();
	plist_array_append_item(arr, plist_new_uid(2));
	plist_dict_set_item(objs[3], "NS.objects", arr);
	arr = plist_new_array();
	for (int i = 0; i < NENT; i++)
		plist_array_append_item(arr, plist_new_uid(m == M_ENTRY_NOT_DICT && i == 2 ? 2
								     : ent0 + i));
	plist_dict_set_item(objs[4], "NS.objects", arr);
	plist_dict_set_item(objs[1], "registryPlanes", plist_new_uid(3));
	plist_dict_set_item(objs[1], "registryEntries", plist_new_uid(4));
	if (m == M_UID_CHAIN) {
		plist_free(objs[0]);
		objs[0] = plist_new_uid(0);
		plist_dict_set_item(objs[ent0 + 1], "bundleID", plist_new_uid(0));
	}
	top = plist_new_dict();
	arr = plist_new_array();
	for (uint32_t i = 0; i < n; i++)
		plist_array_append_item(arr, objs[i]);
	plist_dict_set_item(top, "$objects", arr);
	plist_dict_set_item(top, "$archiver",
			    plist_new_string(m == M_NOT_KEYED ? "Other" : "NSKeyedArchiver"));
	arr = plist_new_dict();
	plist_dict_set_item(arr, "root", plist_new_uid(1));
	plist_dict_set_item(top, "$top", arr);
	plist_to_bin(top, &bin, &blen);
	plist_free(top);
	ck_assert_ptr_nonnull(bin);
	out = talloc_memdup(ctx, bin, blen);
	free(bin);
	*len = blen;
	return out;
#undef ADD
}

START_TEST(test_built_archive)
{
	size_t len;
	char *buf = build_archive(test_ctx, M_NONE, &len);
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct reg_entry *e3;
	int p;

	ck_assert_msg(source_load_ioreg_archive(reg, buf, len, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(registry_entry_count(reg), NENT);
	p = registry_plane_index(reg, "P");
	e3 = registry_entry_by_id(reg, REG_ROOT_ID + 3);
	ck_assert_ptr_nonnull(e3);
	ck_assert_str_eq(reg_entry_parent(e3, p, 0)->name, "e2");
	ck_assert_uint_eq(e3->retain, 7);
	ck_assert_int_eq(reg_entry_property(e3, "k")->u.number.value, 1);
	talloc_free(buf);
	talloc_free(reg);
}
END_TEST

static const struct {
	enum mutation m;
	const char *message;
} hostile[] = {
	{ M_UID_RANGE, "not a registry entry" },
	{ M_NAME_TYPE, "not a string" },
	{ M_PARENT_CYCLE, "do not reach Root" },
	{ M_DUP_TAG, "used twice" },
	{ M_NO_ROOT, "registry root" },
	{ M_ONE_SIDED_LINK, "does not list it as a parent" },
	{ M_BAD_PROPERTIES, "properties: line 1" },
	{ M_UID_CHAIN, "names no object" },
	{ M_ENTRY_NOT_DICT, "not an entry" },
	{ M_DUP_CHILD, "repeated link" },
	{ M_CHILDREN_NOT_ARRAY, "not an array" },
	{ M_NOT_KEYED, "NSKeyedArchiver" },
};

START_TEST(test_hostile_archive)
{
	size_t len;
	char *buf = build_archive(test_ctx, hostile[_i].m, &len);
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };

	ck_assert_int_ne(source_load_ioreg_archive(reg, buf, len, &err), 0);
	ck_assert_msg(strstr(err.message, hostile[_i].message),
		      "case %d: message '%s' lacks '%s'", _i, err.message, hostile[_i].message);
	talloc_free(buf);
	talloc_free(reg);
}
END_TEST

START_TEST(test_not_an_archive)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	static const char junk[] = "bplist00 this is not one";
	size_t len;
	char *buf = build_archive(test_ctx, M_NONE, &len);

	ck_assert_int_ne(source_load_ioreg_archive(reg, "hello", 5, &err), 0);
	ck_assert_str_eq(err.message, "not a binary property list");
	memset(&err, 0, sizeof(err));
	ck_assert_int_ne(source_load_ioreg_archive(reg, junk, sizeof(junk) - 1, &err), 0);
	/* Every truncation of a good archive fails cleanly. */
	for (size_t cut = 0; cut < len; cut += 7) {
		struct registry *r2 = registry_new(test_ctx);
		memset(&err, 0, sizeof(err));
		ck_assert_int_ne(source_load_ioreg_archive(r2, buf, cut, &err), 0);
		ck_assert(err.message[0]);
		talloc_free(r2);
	}
	talloc_free(buf);
	talloc_free(reg);
}
END_TEST

static Suite *ioreg_archive_suite(void)
{
	Suite *s = suite_create("ioreg_archive");
	TCase *real = tcase_create("real");
	TCase *built = tcase_create("built");

	LEAK_CHECKED(real);
	tcase_set_timeout(real, 120);
	tcase_add_test(real, test_archive_against_libplist);
	tcase_add_test(real, test_known_entries);
	tcase_add_test(real, test_every_property_round_trips);
	tcase_add_test(real, test_plane_locations);
	suite_add_tcase(s, real);
	LEAK_CHECKED(built);
	tcase_add_test(built, test_built_archive);
	tcase_add_loop_test(built, test_hostile_archive, 0,
			    (int)(sizeof(hostile) / sizeof(hostile[0])));
	tcase_add_test(built, test_not_an_archive);
	suite_add_tcase(s, built);
	return s;
}

int main(void)
{
	return test_run_suite(ioreg_archive_suite());
}
