/* Unit tests for libIOKit's Mach subset: the port name table
 * (lib/mach/port_table.c), the mach_port_* calls and mach_error_string. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include <IOKit/IOReturn.h>
#include <mach/mach.h>

#include "leak_check.h"
#include "port_table.h"

static size_t names_before;

static void names_setup(void)
{
	names_before = port_table_live_names();
}

static void names_teardown(void)
{
	ck_assert_uint_eq(port_table_live_names(), names_before);
}

#define CHECKED(tc) do { \
	LEAK_CHECKED(tc); \
	tcase_add_checked_fixture((tc), names_setup, names_teardown); \
} while (0)

/* State that records its destruction. */
struct probe {
	int destroyed;
};

static void probe_destroy(void *state)
{
	((struct probe *)state)->destroyed++;
}

static mach_port_urefs_t refs(mach_port_name_t name)
{
	mach_port_urefs_t n = 12345;

	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &n),
			 KERN_SUCCESS);
	return n;
}

START_TEST(test_constants)
{
	ck_assert_int_eq(KERN_SUCCESS, 0);
	ck_assert_int_eq(KERN_INVALID_NAME, 15);
	ck_assert_int_eq(KERN_INVALID_RIGHT, 17);
	ck_assert_int_eq(KERN_INVALID_VALUE, 18);
	ck_assert_int_eq(KERN_UREFS_OVERFLOW, 19);
	ck_assert_int_eq(KERN_NOT_FOUND, 56);
	ck_assert_int_eq(MACH_SEND_INVALID_DEST, 0x10000003);
	ck_assert_int_eq(MACH_RCV_PORT_DIED, 0x10004009);
	ck_assert_int_eq(MIG_ARRAY_TOO_LARGE, -307);
	ck_assert_uint_eq(MACH_PORT_DEAD, 0xffffffffu);
	ck_assert(!MACH_PORT_VALID(MACH_PORT_NULL));
	ck_assert(!MACH_PORT_VALID(MACH_PORT_DEAD));
	ck_assert(MACH_PORT_VALID(0x103));
	ck_assert_uint_eq(MACH_PORT_RIGHT_SEND, 0);
	ck_assert_uint_eq(MACH_PORT_RIGHT_DEAD_NAME, 4);
	ck_assert_uint_eq(MACH_PORT_RIGHT_NUMBER, 6);
	ck_assert_uint_eq(sizeof(mach_port_t), 4);
	ck_assert_uint_eq(sizeof(kern_return_t), 4);
	ck_assert_int_eq(kIOReturnNotFound, (int)0xE00002F0);
	ck_assert_int_eq(kIOReturnBadArgument, -536870206);
	ck_assert_int_eq(kIOReturnInvalid, (int)0xE0000001);
	ck_assert_int_eq(sys_iokit, (int)0xE0000000);
	ck_assert_uint_eq(sizeof(mach_msg_header_t), 24);
	ck_assert(MACH_PORT_VALID(mach_task_self()));
}
END_TEST

START_TEST(test_insert_release)
{
	struct probe p_storage = { 0 }, *p = &p_storage;
	mach_port_name_t name = 0;
	struct port_hold hold;

	ck_assert_int_eq(port_table_insert(PORT_KIND_ITERATOR, p, probe_destroy, &name),
			 KERN_SUCCESS);
	ck_assert(MACH_PORT_VALID(name));
	ck_assert_uint_ne(name, PORT_TABLE_TASK_NAME);
	ck_assert_uint_eq(refs(name), 1);
	ck_assert_int_eq(port_table_hold(name, PORT_KIND_ITERATOR, &hold), KERN_SUCCESS);
	ck_assert_ptr_eq(hold.state, p);
	ck_assert_int_eq(hold.kind, PORT_KIND_ITERATOR);
	port_table_unhold(&hold);

	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
	ck_assert_int_eq(p->destroyed, 1);
	/* A released name is invalid everywhere. */
	ck_assert_int_eq(port_table_hold(name, PORT_KINDS_ANY, &hold), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, 1),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND,
					    &(mach_port_urefs_t){ 0 }),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(p->destroyed, 1);
}
END_TEST

START_TEST(test_wrong_kind)
{
	mach_port_name_t name;
	struct port_hold hold;

	ck_assert_int_eq(port_table_insert(PORT_KIND_CONNECTION, NULL, NULL, &name), KERN_SUCCESS);
	ck_assert_int_eq(port_table_hold(name, PORT_KIND_ITERATOR | PORT_KIND_REGISTRY_ENTRY,
					 &hold),
			 kIOReturnBadArgument);
	ck_assert_ptr_null(hold.record);
	port_table_unhold(&hold);	/* harmless on a failed hold */
	ck_assert_int_eq(port_table_hold(name, PORT_KINDS_IO_OBJECT, &hold), KERN_SUCCESS);
	port_table_unhold(&hold);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
	ck_assert_int_eq(port_table_insert(0, NULL, NULL, &name), KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(port_table_insert(PORT_KIND_ITERATOR | PORT_KIND_CONNECTION, NULL, NULL,
					   &name),
			 KERN_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_null_and_dead)
{
	mach_port_urefs_t n = 0;
	struct port_hold hold;

	/* xnu: deallocating NULL or DEAD succeeds, get_refs reports 1. */
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), MACH_PORT_NULL), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), MACH_PORT_DEAD), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), MACH_PORT_NULL,
					    MACH_PORT_RIGHT_SEND, 1), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), MACH_PORT_DEAD,
					    MACH_PORT_RIGHT_SEND, -1), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), MACH_PORT_NULL,
					    MACH_PORT_RIGHT_RECEIVE, -1), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), MACH_PORT_NULL,
					    MACH_PORT_RIGHT_SEND, &n), KERN_SUCCESS);
	ck_assert_uint_eq(n, 1);
	n = 0;
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), MACH_PORT_DEAD,
					    MACH_PORT_RIGHT_SEND, &n), KERN_SUCCESS);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), MACH_PORT_DEAD,
					    MACH_PORT_RIGHT_RECEIVE, &n), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), 0x1234,
					    MACH_PORT_RIGHT_NUMBER, &n), KERN_INVALID_VALUE);
	/* IOKit calls on NULL/DEAD fail like MIG calls. */
	ck_assert_int_eq(port_table_hold(MACH_PORT_NULL, PORT_KINDS_ANY, &hold),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(port_table_hold(MACH_PORT_DEAD, PORT_KINDS_ANY, &hold),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(port_table_hold(0x7777707, PORT_KINDS_ANY, &hold),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), 0x7777707), KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_mod_refs)
{
	struct probe p_storage = { 0 }, *p = &p_storage;
	mach_port_name_t name;

	ck_assert_int_eq(port_table_insert(PORT_KIND_REGISTRY_ENTRY, p, probe_destroy, &name),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, 2),
			 KERN_SUCCESS);
	ck_assert_uint_eq(refs(name), 3);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, 0),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, -4),
			 KERN_INVALID_VALUE);
	ck_assert_uint_eq(refs(name), 3);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND,
					    MACH_PORT_UREFS_MAX), KERN_UREFS_OVERFLOW);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_DEAD_NAME, 1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, 99, 1), KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
	ck_assert_uint_eq(refs(name), 2);
	ck_assert_int_eq(p->destroyed, 0);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, -2),
			 KERN_SUCCESS);
	ck_assert_int_eq(p->destroyed, 1);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND,
					    &(mach_port_urefs_t){ 0 }), KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_keyed_same_name)
{
	struct probe p1_storage = { 0 }, *p1 = &p1_storage;
	struct probe p2_storage = { 0 }, *p2 = &p2_storage;
	mach_port_name_t a, b, c, other;
	bool inserted;
	struct port_hold hold;

	ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000100ULL, p1,
						 probe_destroy, &a, &inserted), KERN_SUCCESS);
	ck_assert(inserted);
	ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000100ULL, p2,
						 probe_destroy, &b, &inserted), KERN_SUCCESS);
	ck_assert(!inserted);	/* p2 stays the caller's */
	ck_assert_uint_eq(a, b);
	ck_assert_uint_eq(refs(a), 2);
	ck_assert_int_eq(port_table_retain_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000100ULL, &c),
			 KERN_SUCCESS);
	ck_assert_uint_eq(c, a);
	ck_assert_uint_eq(refs(a), 3);
	ck_assert_int_eq(port_table_hold(a, PORT_KIND_REGISTRY_ENTRY, &hold), KERN_SUCCESS);
	ck_assert_uint_eq(hold.key, 0x100000100ULL);
	ck_assert_ptr_eq(hold.state, p1);
	port_table_unhold(&hold);
	/* Another key, or the same key of another kind, is another name. */
	ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000101ULL, NULL,
						 NULL, &other, &inserted), KERN_SUCCESS);
	ck_assert(inserted);
	ck_assert_uint_ne(other, a);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), other), KERN_SUCCESS);
	ck_assert_int_eq(port_table_retain_keyed(PORT_KIND_ITERATOR, 0x100000100ULL, &c),
			 KERN_INVALID_NAME);

	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), a, MACH_PORT_RIGHT_SEND, -3),
			 KERN_SUCCESS);
	ck_assert_int_eq(p1->destroyed, 1);
	ck_assert_int_eq(p2->destroyed, 0);
	/* Once dead, the key gets a new name. */
	ck_assert_int_eq(port_table_retain_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000100ULL, &c),
			 KERN_INVALID_NAME);
	ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000100ULL, p2,
						 probe_destroy, &c, &inserted), KERN_SUCCESS);
	ck_assert(inserted);
	ck_assert_uint_ne(c, a);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), c), KERN_SUCCESS);
	ck_assert_int_eq(p2->destroyed, 1);
}
END_TEST

START_TEST(test_hold_outlives_release)
{
	struct probe p_storage = { 0 }, *p = &p_storage;
	mach_port_name_t name;
	struct port_hold hold;

	ck_assert_int_eq(port_table_insert(PORT_KIND_CONNECTION, p, probe_destroy, &name),
			 KERN_SUCCESS);
	ck_assert_int_eq(port_table_hold(name, PORT_KIND_CONNECTION, &hold), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
	/* The name is gone at once, the state only when the hold ends. */
	ck_assert_int_eq(port_table_hold(name, PORT_KINDS_ANY, &(struct port_hold){ 0 }),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(p->destroyed, 0);
	port_table_unhold(&hold);
	ck_assert_int_eq(p->destroyed, 1);
}
END_TEST

START_TEST(test_names_not_reused_soon)
{
	mach_port_name_t first, name;
	int i;

	ck_assert_int_eq(port_table_insert(PORT_KIND_ITERATOR, NULL, NULL, &first), KERN_SUCCESS);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), first), KERN_SUCCESS);
	for (i = 0; i < 200; i++) {
		ck_assert_int_eq(port_table_insert(PORT_KIND_ITERATOR, NULL, NULL, &name),
				 KERN_SUCCESS);
		ck_assert_uint_ne(name, first);
		ck_assert(MACH_PORT_VALID(name));
		ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_SUCCESS);
	}
}
END_TEST

START_TEST(test_many_names)
{
	enum { N = 5000 };
	mach_port_name_t *names = talloc_array(test_ctx, mach_port_name_t, N);
	mach_port_name_t again;
	bool inserted;
	int i, j;

	for (i = 0; i < N; i++)
		ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY,
							 0x100000000ULL + (uint64_t)i, NULL, NULL,
							 &names[i], &inserted), KERN_SUCCESS);
	for (i = 0; i < N; i += 7) {
		ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY,
							 0x100000000ULL + (uint64_t)i, NULL, NULL,
							 &again, &inserted), KERN_SUCCESS);
		ck_assert(!inserted);
		ck_assert_uint_eq(again, names[i]);
		ck_assert_int_eq(mach_port_deallocate(mach_task_self(), again), KERN_SUCCESS);
	}
	for (i = 0; i < N; i++)
		for (j = i + 1; j < N && j < i + 3; j++)
			ck_assert_uint_ne(names[i], names[j]);
	for (i = 0; i < N; i++)
		ck_assert_int_eq(mach_port_deallocate(mach_task_self(), names[i]), KERN_SUCCESS);
	talloc_free(names);
}
END_TEST

START_TEST(test_receive_rights)
{
	mach_port_name_t name;
	mach_port_urefs_t n = 99;
	mach_port_type_t type;

	ck_assert_int_eq(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &name),
			 KERN_SUCCESS);
	ck_assert(MACH_PORT_VALID(name));
	ck_assert_int_eq(mach_port_type(mach_task_self(), name, &type), KERN_SUCCESS);
	ck_assert_uint_eq(type, MACH_PORT_TYPE_RECEIVE);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, &n),
			 KERN_SUCCESS);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), name), KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_SEND, -1),
			 KERN_INVALID_RIGHT);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, 1),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, -1),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_type(mach_task_self(), name, &type), KERN_INVALID_NAME);
	ck_assert_int_eq(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_SEND, &name),
			 KERN_INVALID_VALUE);
	ck_assert_int_eq(mach_port_type(mach_task_self(), MACH_PORT_DEAD, &type), KERN_SUCCESS);
	ck_assert_uint_eq(type, MACH_PORT_TYPE_DEAD_NAME);
	ck_assert_int_eq(mach_port_type(mach_task_self(), MACH_PORT_NULL, &type),
			 KERN_INVALID_NAME);
}
END_TEST

START_TEST(test_task_port)
{
	mach_port_name_t name;

	/* Only our own task is reachable. */
	ck_assert_int_eq(mach_port_deallocate(MACH_PORT_NULL, MACH_PORT_NULL),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(mach_port_allocate(0x4242, MACH_PORT_RIGHT_RECEIVE, &name),
			 MACH_SEND_INVALID_DEST);
	ck_assert_uint_eq(refs(mach_task_self()), 1);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), mach_task_self()), KERN_SUCCESS);
	ck_assert_uint_eq(refs(mach_task_self()), 1);
}
END_TEST

struct thread_arg {
	mach_port_name_t shared;
	int failures;
};

static void *hammer(void *p)
{
	struct thread_arg *arg = p;
	int i;

	for (i = 0; i < 2000; i++) {
		mach_port_name_t mine, same;
		bool inserted;
		struct port_hold hold;

		if (port_table_insert(PORT_KIND_ITERATOR, NULL, NULL, &mine) != KERN_SUCCESS)
			arg->failures++;
		if (port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000777ULL, NULL, NULL,
					    &same, &inserted) != KERN_SUCCESS || same != arg->shared)
			arg->failures++;
		if (port_table_hold(same, PORT_KIND_REGISTRY_ENTRY, &hold) != KERN_SUCCESS)
			arg->failures++;
		port_table_unhold(&hold);
		if (mach_port_deallocate(mach_task_self(), same) != KERN_SUCCESS)
			arg->failures++;
		if (mach_port_deallocate(mach_task_self(), mine) != KERN_SUCCESS)
			arg->failures++;
	}
	return NULL;
}

START_TEST(test_threads)
{
	enum { THREADS = 4 };
	pthread_t t[THREADS];
	struct thread_arg args[THREADS];
	mach_port_name_t shared;
	bool inserted;
	int i;

	ck_assert_int_eq(port_table_insert_keyed(PORT_KIND_REGISTRY_ENTRY, 0x100000777ULL, NULL,
						 NULL, &shared, &inserted), KERN_SUCCESS);
	for (i = 0; i < THREADS; i++) {
		args[i].shared = shared;
		args[i].failures = 0;
		ck_assert_int_eq(pthread_create(&t[i], NULL, hammer, &args[i]), 0);
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		ck_assert_int_eq(args[i].failures, 0);
	}
	ck_assert_uint_eq(refs(shared), 1);
	ck_assert_int_eq(mach_port_deallocate(mach_task_self(), shared), KERN_SUCCESS);
}
END_TEST

START_TEST(test_error_strings)
{
	ck_assert_str_eq(mach_error_string(KERN_SUCCESS), "(os/kern) successful");
	ck_assert_str_eq(mach_error_string(KERN_INVALID_NAME), "(os/kern) invalid name");
	ck_assert_str_eq(mach_error_string(KERN_INVALID_RIGHT), "(os/kern) invalid right");
	ck_assert_str_eq(mach_error_string(MACH_SEND_INVALID_DEST),
			 "(ipc/send) invalid destination port");
	ck_assert_str_eq(mach_error_string(MACH_RCV_TIMED_OUT), "(ipc/rcv) timed out");
	ck_assert_str_eq(mach_error_string(MIG_ARRAY_TOO_LARGE),
			 "(ipc/mig) array not large enough");
	ck_assert_str_eq(mach_error_string(MIG_TYPE_ERROR), "(ipc/mig) client type check failure");
	ck_assert_str_eq(mach_error_string(kIOReturnError), "(iokit/common) general error");
	ck_assert_str_eq(mach_error_string(kIOReturnNotFound), "(iokit/common) data was not found");
	ck_assert_str_eq(mach_error_string(kIOReturnBadArgument), "(iokit/common) invalid argument");
	ck_assert_str_eq(mach_error_string(kIOReturnNotPrivileged),
			 "(iokit/common) privilege violation");
	ck_assert_str_eq(mach_error_string(kIOReturnInvalid),
			 "(iokit/common) invalid - should never be seen");
	ck_assert_str_eq(mach_error_string(iokit_common_err(0x2f1)), "unknown error code");
	ck_assert_str_eq(mach_error_string(KERN_NOT_FOUND), "unknown error code");
	ck_assert_str_eq(mach_error_type(kIOReturnNotFound), "(iokit/common)");
	ck_assert_str_eq(mach_error_type(KERN_FAILURE), "(os/kern)");
	ck_assert_str_eq(mach_error_type(iokit_family_err(sub_iokit_usb, 0x61)), "(iokit/usb)");
	ck_assert_str_eq(mach_error_string(iokit_family_err(sub_iokit_usb, 0x61)),
			 "unknown error code");
	ck_assert_str_eq(mach_error_string(iokit_family_err(err_sub(77), 1)),
			 "(iokit/?) unknown subsystem error");
	ck_assert_str_eq(mach_error_string(err_system(0x20) | 5), "(?/?) unknown error system");
}
END_TEST

START_TEST(test_mach_error_output)
{
	char buf[512] = "";
	FILE *saved = stderr;
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	stderr = f;
	mach_error("open:", kIOReturnNotFound);
	mach_error("odd:", iokit_common_err(0x2ff));
	stderr = saved;
	rewind(f);
	ck_assert_uint_gt(fread(buf, 1, sizeof(buf) - 1, f), 0);
	fclose(f);
	ck_assert_str_eq(buf, "open: (iokit/common) data was not found\n"
			      "odd: (iokit/common) unknown error code (e00002ff)\n");
}
END_TEST

static Suite *mach_suite(void)
{
	Suite *s = suite_create("mach");
	TCase *tc = tcase_create("port_table");

	CHECKED(tc);
	tcase_add_test(tc, test_constants);
	tcase_add_test(tc, test_insert_release);
	tcase_add_test(tc, test_wrong_kind);
	tcase_add_test(tc, test_null_and_dead);
	tcase_add_test(tc, test_mod_refs);
	tcase_add_test(tc, test_keyed_same_name);
	tcase_add_test(tc, test_hold_outlives_release);
	tcase_add_test(tc, test_names_not_reused_soon);
	tcase_add_test(tc, test_many_names);
	tcase_add_test(tc, test_receive_rights);
	tcase_add_test(tc, test_task_port);
	tcase_add_test(tc, test_threads);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	CHECKED(tc);
	tcase_add_test(tc, test_error_strings);
	tcase_add_test(tc, test_mach_error_output);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(mach_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
