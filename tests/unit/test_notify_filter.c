/* registry/notify_filter.c without FUSE: subscriptions fed the events of a
 * real registry through a listener. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "leak_check.h"
#include "notify_filter.h"
#include "registry.h"

struct recorder {
	struct registry *reg;
	struct notify_sub *sub;
	struct notify_delivery got[32];
	int count;
};

static void listen(void *data, const struct reg_event *ev)
{
	struct recorder *r = data;
	struct notify_delivery d;

	if (notify_filter(r->sub, r->reg, ev, &d) && r->count < 32)
		r->got[r->count++] = d;
}

static struct registry *reg;
static int plane;
static struct reg_entry *root_service;

static void setup_reg(void)
{
	reg = registry_new(test_ctx);
	registry_wrlock(reg);
	plane = registry_add_plane(reg, "IOService");
	root_service = registry_entry_new(reg, 0, "Platform", "IOPlatformExpertDevice");
	registry_attach(reg, root_service, registry_root(reg), plane);
	registry_unlock(reg);
}

static struct reg_value *class_matching(void *ctx, const char *cls)
{
	struct reg_value *d = reg_value_new_dict(ctx);

	reg_dict_set(d, "IOProviderClass", reg_value_new_string(d, cls));
	return d;
}

static struct reg_entry *add_device(const char *name, struct reg_entry *parent)
{
	struct reg_entry *e = registry_entry_new(reg, 0, name, "IOUSBHostDevice");

	registry_set_property(reg, e, "idVendor", reg_value_new_number(NULL, 0x781, 16));
	registry_attach(reg, e, parent, plane);
	return e;
}

static struct recorder *subscribe_matching(enum notify_kind kind, const char *cls)
{
	struct recorder *r = talloc_zero(test_ctx, struct recorder);

	r->reg = reg;
	r->sub = notify_sub_new_matching(r, kind, class_matching(r, cls));
	ck_assert_ptr_nonnull(r->sub);
	registry_wrlock(reg);
	registry_add_listener(reg, listen, r);
	registry_unlock(reg);
	return r;
}

static void unsubscribe(struct recorder *r)
{
	registry_wrlock(reg);
	registry_remove_listener(reg, listen, r);
	registry_unlock(reg);
	talloc_free(r);
}

START_TEST(kind_names)
{
	ck_assert_int_eq(notify_kind_from_name("IOServiceFirstMatch", false), NOTIFY_FIRST_MATCH);
	ck_assert_int_eq(notify_kind_from_name("IOServiceTerminate", false), NOTIFY_TERMINATED);
	ck_assert_int_eq(notify_kind_from_name("IOGeneralInterest", true), NOTIFY_GENERAL_INTEREST);
	ck_assert_int_eq(notify_kind_from_name("IOGeneralInterest", false), 0);
	ck_assert_int_eq(notify_kind_from_name("IOServiceWillTerminate", false), 0);
	ck_assert_int_eq(notify_kind_from_name(NULL, false), 0);
	ck_assert_uint_eq(notify_kind_message_type(NOTIFY_FIRST_PUBLISH), 100);
	ck_assert_uint_eq(notify_kind_message_type(NOTIFY_MATCHED), 101);
	ck_assert_uint_eq(notify_kind_message_type(NOTIFY_TERMINATED), 102);
	ck_assert_ptr_null(notify_sub_new_matching(test_ctx, NOTIFY_PUBLISH, NULL));
}
END_TEST

START_TEST(publish_and_terminate)
{
	setup_reg();
	struct recorder *pub = subscribe_matching(NOTIFY_PUBLISH, "IOUSBHostDevice");
	struct recorder *term = subscribe_matching(NOTIFY_TERMINATED, "IOUSBHostDevice");
	struct recorder *other = subscribe_matching(NOTIFY_PUBLISH, "IOPCIDevice");

	registry_wrlock(reg);
	struct reg_entry *a = add_device("a", root_service);
	uint64_t a_id = a->id;
	/* Property changes and a second plane's attach are no publish. */
	registry_set_property(reg, a, "x", reg_value_new_bool(NULL, true));
	registry_entry_remove(reg, a);
	registry_unlock(reg);
	ck_assert_int_eq(pub->count, 1);
	ck_assert_uint_eq(pub->got[0].entry_id, a_id);
	ck_assert_uint_eq(pub->got[0].message, 100);
	ck_assert(!pub->got[0].final);
	ck_assert_int_eq(term->count, 1);
	ck_assert_uint_eq(term->got[0].entry_id, a_id);
	ck_assert(term->got[0].final);
	ck_assert_int_eq(other->count, 0);
	unsubscribe(pub);
	unsubscribe(term);
	unsubscribe(other);
	talloc_free(reg);
}
END_TEST

START_TEST(first_match_once_and_existing)
{
	setup_reg();
	registry_wrlock(reg);
	struct reg_entry *old = add_device("old", root_service);
	registry_unlock(reg);

	struct recorder *first = subscribe_matching(NOTIFY_FIRST_MATCH, "IOUSBHostDevice");
	struct recorder *matched = subscribe_matching(NOTIFY_MATCHED, "IOUSBHostDevice");
	uint64_t *ids;
	size_t n;

	registry_rdlock(reg);
	ck_assert_int_eq(notify_sub_existing(test_ctx, reg, first->sub, &ids, &n), 0);
	registry_unlock(reg);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], old->id);

	registry_wrlock(reg);
	/* Detached and attached again: matched hears it twice, first-match
	 * once, and never the existing entry again. */
	registry_detach(reg, old, root_service, plane);
	registry_attach(reg, old, root_service, plane);
	struct reg_entry *b = add_device("b", root_service);
	registry_detach(reg, b, root_service, plane);
	registry_attach(reg, b, root_service, plane);
	registry_unlock(reg);
	ck_assert_int_eq(first->count, 1);
	ck_assert_uint_eq(first->got[0].entry_id, b->id);
	ck_assert_int_eq(matched->count, 3);
	unsubscribe(first);
	unsubscribe(matched);
	talloc_free(ids);
	talloc_free(reg);
}
END_TEST

START_TEST(general_interest)
{
	setup_reg();
	registry_wrlock(reg);
	struct reg_entry *a = add_device("a", root_service);
	struct reg_entry *b = add_device("b", root_service);
	registry_unlock(reg);
	struct recorder *r = talloc_zero(test_ctx, struct recorder);

	r->reg = reg;
	registry_rdlock(reg);
	r->sub = notify_sub_new_interest(r, reg, NOTIFY_GENERAL_INTEREST, a);
	registry_unlock(reg);
	registry_wrlock(reg);
	registry_add_listener(reg, listen, r);
	registry_set_property(reg, b, "k", reg_value_new_bool(NULL, true));	/* not a */
	registry_set_property(reg, a, "k", reg_value_new_bool(NULL, true));
	registry_entry_message(reg, a, 0xE0000020, 7);
	registry_entry_remove(reg, a);
	registry_unlock(reg);
	ck_assert_int_eq(r->count, 3);
	ck_assert_uint_eq(r->got[0].message, NOTIFY_MSG_PROPERTY_CHANGE);
	ck_assert_uint_eq(r->got[1].message, 0xE0000020);
	ck_assert_uint_eq(r->got[1].argument, 7);
	ck_assert_uint_eq(r->got[2].message, NOTIFY_MSG_SERVICE_IS_TERMINATED);
	ck_assert(r->got[2].final);
	unsubscribe(r);
	talloc_free(reg);
}
END_TEST

START_TEST(busy_interest_propagates)
{
	setup_reg();
	registry_wrlock(reg);
	struct reg_entry *hub = add_device("hub", root_service);
	struct reg_entry *leaf = add_device("leaf", hub);
	registry_unlock(reg);
	struct recorder *r = talloc_zero(test_ctx, struct recorder);

	r->reg = reg;
	registry_rdlock(reg);
	r->sub = notify_sub_new_interest(r, reg, NOTIFY_BUSY_INTEREST, root_service);
	ck_assert_uint_eq(notify_busy_state(reg, root_service), 0);
	registry_unlock(reg);
	registry_wrlock(reg);
	registry_add_listener(reg, listen, r);
	registry_entry_set_busy(reg, leaf, 2);
	ck_assert_uint_eq(notify_busy_state(reg, hub), 1);	/* one busy child */
	ck_assert_uint_eq(notify_busy_state(reg, leaf), 2);
	registry_entry_set_busy(reg, hub, 1);	/* still busy: no message */
	registry_entry_set_busy(reg, leaf, 0);
	registry_entry_set_busy(reg, hub, 0);
	registry_unlock(reg);
	ck_assert_int_eq(r->count, 2);
	ck_assert_uint_eq(r->got[0].message, NOTIFY_MSG_BUSY_STATE_CHANGE);
	ck_assert_uint_eq(r->got[0].argument, 1);
	ck_assert_uint_eq(r->got[1].argument, 0);
	unsubscribe(r);
	talloc_free(reg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notify_filter");
	TCase *tc = tcase_create("filter");
	SRunner *sr;
	int failed;

	LEAK_CHECKED(tc);
	tcase_add_test(tc, kind_names);
	tcase_add_test(tc, publish_and_terminate);
	tcase_add_test(tc, first_match_once_and_existing);
	tcase_add_test(tc, general_interest);
	tcase_add_test(tc, busy_interest_propagates);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
