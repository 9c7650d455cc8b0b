/* Unit tests for registry/registry.c and setprops.c. */
#include <check.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "ioreturn.h"
#include "leak_check.h"
#include "test_util.h"
#include "registry.h"

START_TEST(test_root_and_planes)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_entry *root = registry_root(reg);

	ck_assert_uint_eq(root->id, REG_ROOT_ID);
	ck_assert_str_eq(root->name, "Root");
	ck_assert(!root->is_service);
	ck_assert_int_eq(registry_add_plane(reg, "IOService"), 0);
	ck_assert_int_eq(registry_add_plane(reg, "IODeviceTree"), 1);
	ck_assert_int_eq(registry_add_plane(reg, "IOService"), 0);
	ck_assert_int_eq(registry_plane_index(reg, "IODeviceTree"), 1);
	ck_assert_int_eq(registry_plane_index(reg, "nope"), -1);
	ck_assert_int_eq(registry_add_plane(reg, ""), -1);
	ck_assert(reg_entry_in_plane(root, 0));
	talloc_free(reg);
}
END_TEST

START_TEST(test_entries_and_topology)
{
	struct registry *reg = registry_new(test_ctx);
	int svc = registry_add_plane(reg, "IOService");
	int dt = registry_add_plane(reg, "IODeviceTree");
	struct reg_entry *p = registry_entry_new(reg, 0, "MacBookPro15,1", "IOPlatformExpertDevice");
	struct reg_entry *a = registry_entry_new(reg, 0, "PCI0", "IOPCIDevice");
	struct reg_entry *b = registry_entry_new(reg, 0, "XHC1", "IOPCIDevice");

	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(p->id, REG_ROOT_ID + 1);
	ck_assert_ptr_null(registry_entry_new(reg, p->id, "dup", "IOService"));
	ck_assert_int_eq(registry_attach(reg, p, registry_root(reg), svc), 0);
	ck_assert_int_eq(registry_attach(reg, a, p, svc), 0);
	ck_assert_int_eq(registry_attach(reg, b, a, svc), 0);
	/* Twice, a cycle, or under a parent not in the plane: refused. */
	ck_assert_int_eq(registry_attach(reg, b, a, svc), -1);
	ck_assert_int_eq(registry_attach(reg, p, b, svc), -1);
	ck_assert_int_eq(registry_attach(reg, a, a, svc), -1);
	ck_assert_int_eq(registry_attach(reg, b, a, dt), -1);
	ck_assert_int_eq(registry_attach_at(reg, p, registry_root(reg), dt, 0), 0);
	ck_assert_int_eq(registry_entry_set_name(reg, p, dt, "/"), 0);
	ck_assert_str_eq(reg_entry_name(p, dt), "/");
	ck_assert_str_eq(reg_entry_name(p, svc), "MacBookPro15,1");
	ck_assert_int_eq(registry_entry_set_location(reg, a, REG_NO_PLANE, "0"), 0);
	char *n = reg_entry_name_with_location(test_ctx, a, svc);
	ck_assert_str_eq(n, "PCI0@0");
	talloc_free(n);
	ck_assert_uint_eq(reg_entry_child_count(p, svc), 1);
	ck_assert_ptr_eq(reg_entry_child(p, svc, 0), a);
	ck_assert_ptr_eq(reg_entry_parent(b, svc, 0), a);
	ck_assert_ptr_null(reg_entry_child(p, svc, 1));
	ck_assert(a->is_service);
	ck_assert_uint_eq(a->state, REG_STATE_REGISTERED | REG_STATE_MATCHED);

	uint64_t gen = registry_generation(reg), aid = a->id;
	ck_assert_ptr_null(registry_terminated_by_id(reg, aid));
	ck_assert_int_eq(registry_set_property(reg, a, "k", reg_value_new_string(reg, "v")), 0);
	registry_entry_remove(reg, a);
	ck_assert_ptr_null(registry_entry_by_id(reg, aid));
	/* ... but its final state still answers, as a terminated object does */
	struct reg_entry *z = registry_terminated_by_id(reg, aid);
	ck_assert_ptr_nonnull(z);
	ck_assert_str_eq(z->name, "PCI0");
	ck_assert_str_eq(z->location, "0");
	ck_assert_str_eq(z->cls->name, "IOPCIDevice");
	ck_assert(z->state & REG_STATE_INACTIVE);
	ck_assert_str_eq(reg_entry_property(z, "k")->u.string.chars, "v");
	ck_assert(!reg_entry_in_plane(z, svc));
	ck_assert_uint_gt(registry_generation(reg), gen);
	ck_assert_uint_eq(reg_entry_child_count(p, svc), 0);
	ck_assert(!reg_entry_in_plane(b, svc));
	ck_assert_ptr_eq(registry_entry_by_id(reg, b->id), b);
	ck_assert_uint_eq(registry_entry_count(reg), 3);
	talloc_free(reg);
}
END_TEST

START_TEST(test_id_table_survives_many_removals)
{
	struct registry *reg = registry_new(test_ctx);
	enum { N = 5000 };
	uint64_t ids[N];

	for (int i = 0; i < N; i++)
		ids[i] = registry_entry_new(reg, 0, "e", "IOService")->id;
	for (int i = 0; i < N; i += 2)
		registry_entry_remove(reg, registry_entry_by_id(reg, ids[i]));
	for (int i = 0; i < N; i++) {
		struct reg_entry *e = registry_entry_by_id(reg, ids[i]);
		if (i % 2)
			ck_assert_ptr_nonnull(e);
		else
			ck_assert_ptr_null(e);
	}
	ck_assert_uint_eq(registry_entry_count(reg), N / 2 + 1);
	/* only the last REG_TERMINATED_KEEP removed entries are kept */
	ck_assert_ptr_nonnull(registry_terminated_by_id(reg, ids[N - 2]));
	ck_assert_ptr_null(registry_terminated_by_id(reg, ids[0]));
	ck_assert_ptr_null(registry_terminated_by_id(reg, ids[1]));
	talloc_free(reg);
}
END_TEST

START_TEST(test_classes)
{
	struct registry *reg = registry_new(test_ctx);
	const char *chain[] = { "AppleFoo", "IOPCIDevice", "IOService", "IORegistryEntry", "OSObject" };
	struct reg_class *c = registry_class_declare_chain(reg, chain, 5);

	ck_assert_str_eq(c->name, "AppleFoo");
	ck_assert(reg_class_conforms_to(c, "IOService"));
	ck_assert(!reg_class_conforms_to(c, "IOMedia"));
	ck_assert_str_eq(c->super->name, "IOPCIDevice");
	/* An unknown class with no source chain hangs under OSObject. */
	c = registry_class_declare(reg, "SomethingNew", NULL);
	ck_assert_str_eq(c->super->name, "OSObject");
	/* A later explicit superclass re-parents it. */
	c = registry_class_declare(reg, "SomethingNew", "IOService");
	ck_assert_str_eq(c->super->name, "IOService");
	ck_assert(registry_class_get(reg, "IOService")->nsubclasses >= 2);
	/* A cycle is refused. */
	c = registry_class_declare(reg, "IOService", "SomethingNew");
	ck_assert_str_ne(c->super->name, "SomethingNew");
	struct reg_entry *e = registry_entry_new(reg, 0, "x", "SomethingNew");
	ck_assert(e->is_service);
	ck_assert_uint_eq(e->cls->ninstances, 1);
	ck_assert_int_eq(registry_entry_set_class(reg, e, "AppleFoo"), 0);
	ck_assert_uint_eq(registry_class_get(reg, "SomethingNew")->ninstances, 0);
	ck_assert_uint_eq(registry_class_get(reg, "AppleFoo")->ninstances, 1);
	talloc_free(reg);
}
END_TEST

static bool count_one(void *data, struct reg_entry *e)
{
	(void)e;
	(*(int *)data)++;
	return true;
}

static int bsd_count(struct registry *reg, const char *name)
{
	int n = 0;
	registry_foreach_bsd_name(reg, name, count_one, &n);
	return n;
}

START_TEST(test_bsd_name_index)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_entry *a = registry_entry_new(reg, 0, "a", "IOMedia");
	struct reg_entry *b = registry_entry_new(reg, 0, "b", "IOMedia");
	struct reg_value *props;

	registry_set_property(reg, a, "BSD Name", reg_value_new_string(reg, "disk0"));
	registry_set_property(reg, b, "BSD Name", reg_value_new_data(reg, "disk0\0", 6));
	ck_assert_int_eq(bsd_count(reg, "disk0"), 2);
	registry_set_property(reg, a, "BSD Name", reg_value_new_string(reg, "disk1"));
	ck_assert_int_eq(bsd_count(reg, "disk0"), 1);
	ck_assert_int_eq(bsd_count(reg, "disk1"), 1);
	registry_remove_property(reg, b, "BSD Name");
	ck_assert_int_eq(bsd_count(reg, "disk0"), 0);
	props = reg_value_new_dict(reg);
	reg_dict_set(props, "BSD Name", reg_value_new_string(props, "en0"));
	ck_assert_int_eq(registry_entry_replace_properties(reg, b, props), 0);
	ck_assert_int_eq(bsd_count(reg, "en0"), 1);
	registry_entry_remove(reg, b);
	ck_assert_int_eq(bsd_count(reg, "en0"), 0);
	talloc_free(reg);
}
END_TEST

struct recorded {
	int kinds[16];
	int n;
};

static void record(void *data, const struct reg_event *ev)
{
	struct recorded *r = data;
	if (r->n < 16)
		r->kinds[r->n++] = ev->kind;
}

START_TEST(test_events_and_set_policy)
{
	struct registry *reg = registry_new(test_ctx);
	struct recorded rec = { .n = 0 };
	int svc = registry_add_plane(reg, "IOService");
	struct reg_caller me = { 0, 0, 1 };
	struct reg_entry *e;
	struct reg_value *props;

	registry_add_listener(reg, record, &rec);
	e = registry_entry_new(reg, 0, "dev", "IOService");
	registry_attach(reg, e, registry_root(reg), svc);
	ck_assert_int_eq(rec.n, 2);
	ck_assert_int_eq(rec.kinds[0], REG_EVENT_ENTRY_ADDED);
	ck_assert_int_eq(rec.kinds[1], REG_EVENT_ATTACHED);

	props = reg_value_new_dict(test_ctx);
	reg_dict_set(props, "k", reg_value_new_number(test_ctx, 3, 8));
	reg_dict_set(props, "s", reg_value_new_string(test_ctx, "v"));
	ck_assert_int_eq(registry_set_properties(reg, e->id, props, &me), REG_IO_UNSUPPORTED);
	registry_set_default_policy(reg, REG_SET_READ_ONLY);
	ck_assert_int_eq(registry_set_properties(reg, e->id, props, &me), REG_IO_NOT_WRITABLE);
	ck_assert_uint_eq(e->properties->u.dict.count, 0);
	registry_set_default_policy(reg, REG_SET_ANY);
	ck_assert_int_eq(registry_set_properties(reg, e->id, props, &me), REG_IO_SUCCESS);
	ck_assert_uint_eq(e->properties->u.dict.count, 2);
	ck_assert_uint_eq(reg_entry_property(e, "k")->u.number.width, 8);
	ck_assert_int_eq(registry_set_properties(reg, e->id, reg_dict_get(props, "s"), &me),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(registry_set_properties(reg, 42, props, &me), REG_IO_NOT_FOUND);
	ck_assert_int_eq(registry_remove_property_checked(reg, e->id, "k", &me), REG_IO_SUCCESS);
	ck_assert_int_eq(registry_remove_property_checked(reg, e->id, "k", &me), REG_IO_NOT_FOUND);
	ck_assert_int_eq(rec.kinds[rec.n - 1], REG_EVENT_PROPERTY_CHANGED);
	registry_remove_listener(reg, record, &rec);
	talloc_free(props);
	talloc_free(reg);
}
END_TEST

/* Readers walk the tree under the read lock while a writer adds and
 * removes entries: nothing may crash and every walk sees a whole tree. */
struct walk_state {
	struct registry *reg;
	int plane;
	volatile int stop;
	long walks;
	long torn;	/* walks that saw a tree and a count that disagree */
};

static size_t count_tree(const struct reg_entry *e, int plane)
{
	size_t n = 1;
	for (size_t i = 0; i < reg_entry_child_count(e, plane); i++)
		n += count_tree(reg_entry_child(e, plane, i), plane);
	return n;
}

static void *reader(void *arg)
{
	struct walk_state *w = arg;
	while (!w->stop) {
		registry_rdlock(w->reg);
		size_t n = count_tree(registry_root(w->reg), w->plane);
		size_t total = registry_entry_count(w->reg);
		registry_unlock(w->reg);
		if (n != total)
			__atomic_add_fetch(&w->torn, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&w->walks, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

START_TEST(test_concurrent_readers_and_writer)
{
	struct walk_state w = { .reg = registry_new(test_ctx) };
	pthread_t t[3];
	uint64_t ids[64] = { 0 };

	w.plane = registry_add_plane(w.reg, "IOService");
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, reader, &w);
	for (int round = 0; round < 2000; round++) {
		int slot = round % 64;
		/* Let the readers in between bursts of writes, so that walks
		 * really interleave with changes. */
		if (round % 100 == 0) {
			long seen = __atomic_load_n(&w.walks, __ATOMIC_RELAXED);
			while (__atomic_load_n(&w.walks, __ATOMIC_RELAXED) < seen + 3)
				sched_yield();
		}
		registry_wrlock(w.reg);
		if (ids[slot]) {
			registry_entry_remove(w.reg, registry_entry_by_id(w.reg, ids[slot]));
			ids[slot] = 0;
		} else {
			struct reg_entry *e = registry_entry_new(w.reg, 0, "e", "IOService");
			registry_attach(w.reg, e, registry_root(w.reg), w.plane);
			registry_set_property(w.reg, e, "n", reg_value_new_number(w.reg, round, 0));
			ids[slot] = e->id;
		}
		registry_unlock(w.reg);
	}
	w.stop = 1;
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	ck_assert_int_gt(w.walks, 0);
	ck_assert_int_eq(w.torn, 0);
	talloc_free(w.reg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("registry");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_root_and_planes);
	tcase_add_test(tc, test_entries_and_topology);
	tcase_add_test(tc, test_id_table_survives_many_removals);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_bsd_name_index);
	tcase_add_test(tc, test_events_and_set_policy);
	tcase_add_test(tc, test_concurrent_readers_and_writer);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
