/* Unit tests for the FUSE-free parts of fs/: the per-uid quotas (quota.c),
 * the inode table (inode_table.c) and the core of the message files
 * (message_file.c: staging, kept replies, their quota, replies reserved
 * before they are built). */
#include <check.h>
#include <pthread.h>
#include <string.h>
#include <talloc.h>

#include "fs/inode_table.h"
#include "fs/message_file.h"
#include "ioreturn.h"
#include "fs/quota.h"
#include "leak_check.h"
#include "rpc_wire.h"
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

/* A handler as the connection file's: it knows how long its reply can be,
 * reserves that (when reserve is set), then builds the reply.  It notes
 * what the uid held while it ran, and has another file of the same uid
 * try to stage meanwhile. */
struct fake_call {
	struct fs_quota *q;
	bool reserve;
	size_t reserve_len;		/* what it reserves */
	size_t reply_len;		/* what it then builds */
	int result;			/* what it returns once built */
	struct test_file *other;	/* stages other_len meanwhile */
	size_t other_len;
	int other_stage;
	int built;
	size_t used_inside;
};
static struct fake_call *fake_now;

static int fake_handler(struct msg_file *m, struct msg_call *call)
{
	struct fake_call *fk = fake_now;
	int ret;

	if (fk->reserve) {
		ret = msg_call_reserve_reply(m, fk->reserve_len);
		if (ret != REG_IO_SUCCESS)
			return ret;
	}
	fk->used_inside = fs_quota_used(fk->q, 1000, FS_QUOTA_STAGED);
	if (fk->other) {
		uint8_t *junk = talloc_zero_size(call->ctx, fk->other_len);

		fk->other_stage = msg_file_stage(&fk->other->m, junk, fk->other_len);
		msg_file_drop_staged(&fk->other->m);
	}
	call->out = talloc_zero_size(call->ctx, fk->reply_len);
	ck_assert_ptr_nonnull(call->out);
	call->out_len = fk->reply_len;
	fk->built++;
	return fk->result;
}

/* Runs one request of staged_len bytes (staged first when > 0) on a. */
static int fake_run(struct test_file *a, struct fake_call *fk, size_t staged_len,
		    struct iokitfs_msg *msg)
{
	struct reg_caller who = { .uid = 1000, .gid = 1000, .pid = 1 };
	void *ctx = talloc_new(test_ctx);

	memset(msg, 0, sizeof(*msg));
	msg->op = 1;
	if (staged_len) {
		uint8_t *req = talloc_zero_size(ctx, staged_len);

		ck_assert_int_eq(msg_file_stage(&a->m, req, staged_len), REG_IO_SUCCESS);
		msg->total = (uint32_t)staged_len;
	}
	fake_now = fk;
	msg_file_run(&a->m, NULL, &who, msg, ctx, fake_handler, true);
	talloc_free(ctx);
	return msg->result;
}

START_TEST(test_message_file_reply_reserved_before_built)
{
	const size_t M = IOKITFS_MSG_DATA;
	struct fs_quota_limits l = { 3 * M, ~0ul, ~0ul, ~0ul, ~0ul, ~0ul };
	struct fs_quota *q = fs_quota_new(test_ctx, &l);
	struct test_file *a = test_file_new(q, 1000, 4 * M), *b = test_file_new(q, 1000, 4 * M);
	struct iokitfs_msg *msg = talloc(test_ctx, struct iokitfs_msg);
	struct fake_call fk;

	/* A reply whose rest (beyond the first message) is past the quota is
	 * refused before it is built, and nothing stays charged. */
	fk = (struct fake_call){ .q = q, .reserve = true, .reserve_len = M + 4 * M,
				 .reply_len = M + 4 * M };
	ck_assert_int_eq(fake_run(a, &fk, 0, msg), REG_IO_NO_RESOURCES);
	ck_assert_int_eq(fk.built, 0);
	ck_assert_uint_eq(msg->length, 0);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);

	/* While the handler builds, the uid holds its staged request and the
	 * reserved reply: another file of the same uid cannot take that room,
	 * so the uid never holds more than its quota. */
	fk = (struct fake_call){ .q = q, .reserve = true, .reserve_len = M + 2 * M,
				 .reply_len = M + 2 * M, .other = b, .other_len = M };
	ck_assert_int_eq(fake_run(a, &fk, 1000, msg), REG_IO_SUCCESS);
	ck_assert_int_eq(fk.built, 1);
	ck_assert_uint_eq(fk.used_inside, 1000 + 2 * M);
	ck_assert_int_eq(fk.other_stage, REG_IO_NO_RESOURCES);
	/* The reservation became the kept reply's charge. */
	ck_assert_uint_eq(msg->total, 3 * M);
	ck_assert_uint_eq(msg->length, M);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 2 * M);
	msg_file_drop_reply(&a->m);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);

	/* A reply shorter than reserved keeps only what it holds. */
	fk = (struct fake_call){ .q = q, .reserve = true, .reserve_len = 3 * M,
				 .reply_len = M + 10 };
	ck_assert_int_eq(fake_run(a, &fk, 0, msg), REG_IO_SUCCESS);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 10);
	msg_file_drop_reply(&a->m);

	/* A failed request gives its reservation back. */
	fk = (struct fake_call){ .q = q, .reserve = true, .reserve_len = 3 * M,
				 .reply_len = 3 * M, .result = REG_IO_NO_DEVICE };
	ck_assert_int_eq(fake_run(a, &fk, 500, msg), REG_IO_NO_DEVICE);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	ck_assert_ptr_null(a->m.reply);

	/* A reply whose length is not known beforehand is charged once built,
	 * and refused past the quota before it is kept. */
	fk = (struct fake_call){ .q = q, .reply_len = M + 4 * M };
	ck_assert_int_eq(fake_run(a, &fk, 0, msg), REG_IO_NO_RESOURCES);
	ck_assert_int_eq(fk.built, 1);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	ck_assert_ptr_null(a->m.reply);

	/* A reply that fits the message reserves nothing. */
	ck_assert_int_eq(msg_call_reserve_reply(&a->m, M), REG_IO_SUCCESS);
	ck_assert_uint_eq(fs_quota_used(q, 1000, FS_QUOTA_STAGED), 0);
	talloc_free(a);
	talloc_free(b);
	talloc_free(msg);
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
	tcase_add_test(tc, test_message_file_reply_reserved_before_built);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(fs_parts_suite());
}
