/* Unit tests for the FUSE-free parts of fs/: the per-uid quotas (quota.c),
 * the inode table (inode_table.c) and the core of the message files
 * (message_file.c: staging, kept replies, their quota). */
#include <check.h>
#include <pthread.h>
#include <string.h>
#include <talloc.h>

#include "fs/inode_table.h"
#include "fs/message_file.h"
#include "ioreturn.h"
#include "fs/quota.h"
#include "leak_check.h"
#include "test_util.h"

START_TEST(test_quota_defaults_and_options)
{
	struct fs_quota_limits none = { ~0ul, ~0ul, ~0ul, ~0ul, ~0ul, ~0ul };
	struct fs_quota_limits some = { 100, ~0ul, 0, ~0ul, 2, 3 };
	struct fs_quota *d = fs_quota_new(test_ctx, &none);
	struct fs_quota *q = fs_quota_new(test_ctx, &some);

	ck_assert_uint_eq(fs_quota_limits(d)->staged, FS_QUOTA_DEFAULT_STAGED);
	ck_assert_uint_eq(fs_quota_limits(d)->in_flight, FS_QUOTA_DEFAULT_IN_FLIGHT);
	ck_assert_uint_eq(fs_quota_limits(d)->queue, FS_QUOTA_DEFAULT_QUEUE);
	ck_assert_uint_eq(fs_quota_limits(d)->subs, FS_QUOTA_DEFAULT_SUBS);
	ck_assert_uint_eq(fs_quota_limits(d)->conns, FS_QUOTA_DEFAULT_CONNS);
	ck_assert_uint_eq(fs_quota_limits(d)->ports, FS_QUOTA_DEFAULT_PORTS);
	ck_assert_uint_eq(fs_quota_limits(q)->staged, 100);
	ck_assert_uint_eq(fs_quota_limits(q)->in_flight, FS_QUOTA_DEFAULT_IN_FLIGHT);
	ck_assert_uint_eq(fs_quota_limits(q)->queue, 0);
	ck_assert_uint_eq(fs_quota_limits(q)->conns, 2);
	ck_assert_uint_eq(fs_quota_limits(q)->ports, 3);
	ck_assert(fs_quota_take(q, 1000, FS_QUOTA_PORTS, 3));
	ck_assert(!fs_quota_take(q, 1000, FS_QUOTA_PORTS, 1));
	talloc_free(d);
	talloc_free(q);
}
END_TEST

START_TEST(test_quota_per_uid)
{
	struct fs_quota_limits l = { 100, ~0ul, ~0ul, 0, 2, ~0ul };
	struct fs_quota *q = fs_quota_new(test_ctx, &l);

	/* Up to the limit, never past it; what is refused is not taken. */
	ck_assert(fs_quota_take(q, 1000, FS_QUOTA_STAGED, 60));
	ck_assert(fs_quota_take(q, 1000, FS_QUOTA_STAGED, 40));
	ck_assert(!fs_quota_take(q, 1000, FS_QUOTA_STAGED, 1));
	ck_assert(!fs_quota_take(q, 1000, FS_QUOTA_STAGED, (size_t)-1));
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 100);
	/* Another uid has its own. */
	ck_assert(fs_quota_take(q, 1001, FS_QUOTA_STAGED, 100));
	/* Giving back makes room again. */
	fs_quota_give(q, 1000, FS_QUOTA_STAGED, 50);
	ck_assert(fs_quota_take(q, 1000, FS_QUOTA_STAGED, 50));
	/* Kinds are separate; 0 is no limit. */
	ck_assert(fs_quota_take(q, 1000, FS_QUOTA_CONNS, 2));
	ck_assert(!fs_quota_take(q, 1000, FS_QUOTA_CONNS, 1));
	ck_assert(fs_quota_take(q, 1000, FS_QUOTA_SUBS, 1000000));
	/* Root is not limited, and nothing is counted for it. */
	ck_assert(fs_quota_take(q, 0, FS_QUOTA_CONNS, 1000));
	ck_assert_uint_eq(fs_quota_used(q, 0, FS_QUOTA_CONNS), 0);
	/* Giving back more than held floors at 0; NULL grants all. */
	fs_quota_give(q, 1001, FS_QUOTA_STAGED, 1000);
	ck_assert_uint_eq(fs_quota_used(q, 1001, FS_QUOTA_STAGED), 0);
	ck_assert(fs_quota_take(NULL, 5, FS_QUOTA_STAGED, 1u << 30));
	talloc_free(q);
}
END_TEST

static struct fs_quota *shared;

static void *taker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 10000; i++)
		if (fs_quota_take(shared, 7, FS_QUOTA_IN_FLIGHT, 1))
			fs_quota_give(shared, 7, FS_QUOTA_IN_FLIGHT, 1);
	return NULL;
}

START_TEST(test_quota_threads)
{
	struct fs_quota_limits l = { ~0ul, 3, ~0ul, ~0ul, ~0ul, ~0ul };
	pthread_t t[4];

	shared = fs_quota_new(test_ctx, &l);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, taker, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	ck_assert_uint_eq(fs_quota_used(shared, 7, FS_QUOTA_IN_FLIGHT), 0);
	talloc_free(shared);
}
END_TEST

START_TEST(test_inode_table_stable)
{
	struct inode_table *t = inode_table_new(test_ctx);
	struct fs_ident e = { .kind = FS_ENTRY, .id = 0x100000200, .plane = 0 };
	struct fs_ident p = { .kind = FS_PROPFILE, .id = 0x100000200, .plane = 0, .key = "K" };
	struct inode_info info;
	uint64_t a, b, k;
	void *ctx = talloc_new(test_ctx);

	a = inode_table_get(t, INODE_ROOT, &e, "Dev", 1);
	ck_assert_uint_gt(a, INODE_ROOT);
	/* The same (parent, identity) is the same inode, renamed if need be. */
	b = inode_table_get(t, INODE_ROOT, &e, "Dev@1", 1);
	ck_assert_uint_eq(a, b);
	ck_assert(inode_table_info(t, a, ctx, &info));
	ck_assert_str_eq(info.name, "Dev@1");
	ck_assert_uint_eq(info.nlookup, 2);
	k = inode_table_get(t, a, &p, "K", 1);
	{
		struct inode_info *kids;

		ck_assert_uint_eq(inode_table_children(t, a, ctx, &kids), 1);
		ck_assert_uint_eq(kids[0].ino, k);
	}
	/* Removal marks the subtree; the numbers are never reused. */
	inode_table_remove(t, a);
	ck_assert(inode_table_info(t, k, ctx, &info));
	ck_assert(info.removed);
	b = inode_table_get(t, INODE_ROOT, &e, "Dev", 1);
	ck_assert_uint_ne(a, b);
	ck_assert_uint_gt(b, k);
	/* Forgotten by the kernel, a removed node goes. */
	inode_table_forget(t, k, 1);
	ck_assert(!inode_table_info(t, k, ctx, &info));
	ck_assert(inode_table_get(t, 999999, &e, "x", 1) == 0);	/* unknown parent */
	talloc_free(ctx);
	talloc_free(t);
}
END_TEST

/* A message file as the FUSE layer would embed it. */
struct test_file {
	struct msg_file m;
};

static int test_file_destructor(struct test_file *f)
{
	msg_file_fini(&f->m);
	return 0;
}

static struct test_file *test_file_new(struct fs_quota *q, uid_t uid, size_t cap)
{
	struct test_file *f = talloc_zero(test_ctx, struct test_file);
	struct reg_caller who = { .uid = uid, .gid = uid, .pid = 1 };

	msg_file_setup(&f->m, FS_HANDLE_CONTROL, &who, q, cap);
	talloc_set_destructor(f, test_file_destructor);
	return f;
}

START_TEST(test_message_file_staging)
{
	struct fs_quota_limits l = { 100, ~0ul, ~0ul, ~0ul, ~0ul, ~0ul };
	struct fs_quota *q = fs_quota_new(test_ctx, &l);
	struct test_file *a = test_file_new(q, 1000, 64), *b = test_file_new(q, 1000, 64);
	uint8_t buf[64] = { 1, 2, 3 };

	ck_assert_int_eq(a->m.h.kind, FS_HANDLE_CONTROL);
	ck_assert_int_eq(msg_file_stage(&a->m, buf, 40), REG_IO_SUCCESS);
	ck_assert_int_eq(msg_file_stage(&a->m, buf, 20), REG_IO_SUCCESS);
	ck_assert_uint_eq(a->m.staged_len, 60);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 60);
	/* Past the per-open cap: refused, and the refusal sticks. */
	ck_assert_int_eq(msg_file_stage(&a->m, buf, 5), REG_IO_MESSAGE_TOO_LARGE);
	ck_assert_int_eq(msg_file_stage(&a->m, buf, 1), REG_IO_MESSAGE_TOO_LARGE);
	ck_assert_uint_eq(a->m.staged_len, 0);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	msg_file_drop_staged(&a->m);
	/* The uid's quota spans its files. */
	ck_assert_int_eq(msg_file_stage(&a->m, buf, 60), REG_IO_SUCCESS);
	ck_assert_int_eq(msg_file_stage(&b->m, buf, 50), REG_IO_NO_RESOURCES);
	ck_assert_int_eq(msg_file_stage(&b->m, buf, 1), REG_IO_NO_RESOURCES);
	msg_file_drop_staged(&b->m);
	ck_assert_int_eq(msg_file_stage(&b->m, buf, 40), REG_IO_SUCCESS);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 100);
	/* Freeing the files gives everything back. */
	talloc_free(a);
	talloc_free(b);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	talloc_free(q);
}
END_TEST

START_TEST(test_message_file_replies)
{
	struct fs_quota_limits l = { 100, ~0ul, ~0ul, ~0ul, ~0ul, ~0ul };
	struct fs_quota *q = fs_quota_new(test_ctx, &l);
	struct test_file *a = test_file_new(q, 1000, 64);
	uint8_t *out = talloc_size(test_ctx, 150);
	const uint8_t *p;
	size_t n;

	for (int i = 0; i < 150; i++)
		out[i] = (uint8_t)i;
	/* 30 went out with the message; 120 stay, too many for the quota. */
	ck_assert_int_eq(msg_file_keep_reply(&a->m, out, 150, 30), REG_IO_NO_RESOURCES);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	/* 60 went out: the 90 left are kept, read back in order. */
	ck_assert_int_eq(msg_file_keep_reply(&a->m, out, 150, 60), REG_IO_SUCCESS);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 90);
	n = msg_file_reply_rest(&a->m, 50, &p);
	ck_assert_uint_eq(n, 50);
	ck_assert_uint_eq(p[0], 60);
	msg_file_reply_consumed(&a->m, n);
	n = msg_file_reply_rest(&a->m, 1000, &p);
	ck_assert_uint_eq(n, 40);
	ck_assert_uint_eq(p[39], 149);
	msg_file_reply_consumed(&a->m, n);
	/* Read to the end: dropped, quota back. */
	ck_assert_ptr_null(a->m.reply);
	ck_assert_uint_eq(msg_file_reply_rest(&a->m, 10, &p), 0);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	/* A reply that fits the message keeps nothing. */
	ck_assert_int_eq(msg_file_keep_reply(&a->m, NULL, 10, 10), REG_IO_SUCCESS);
	ck_assert_ptr_null(a->m.reply);
	/* A kept reply not read is given back when the file goes. */
	out = talloc_size(test_ctx, 80);
	ck_assert_int_eq(msg_file_keep_reply(&a->m, out, 80, 10), REG_IO_SUCCESS);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 70);
	talloc_free(a);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	talloc_free(q);
}
END_TEST

static Suite *fs_parts_suite(void)
{
	Suite *s = suite_create("fs_parts");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_quota_defaults_and_options);
	tcase_add_test(tc, test_quota_per_uid);
	tcase_add_test(tc, test_quota_threads);
	tcase_add_test(tc, test_inode_table_stable);
	tcase_add_test(tc, test_message_file_staging);
	tcase_add_test(tc, test_message_file_replies);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(fs_parts_suite());
}
