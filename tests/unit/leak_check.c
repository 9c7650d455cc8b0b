/* Talloc leak-check fixture shared by all unit tests. */
#include "leak_check.h"

void *test_ctx;
static size_t blocks_before;

void leak_check_setup(void)
{
	talloc_enable_null_tracking();
	blocks_before = talloc_total_blocks(NULL);
	test_ctx = talloc_new(NULL);
	ck_assert_ptr_nonnull(test_ctx);
}

void leak_check_teardown(void)
{
	size_t left = talloc_total_blocks(test_ctx);
	size_t now;

	if (left != 1)
		talloc_report_full(test_ctx, stderr);
	ck_assert_msg(left == 1, "test left %zu talloc blocks on test_ctx", left - 1);
	talloc_free(test_ctx);
	test_ctx = NULL;
	now = talloc_total_blocks(NULL);
	if (now != blocks_before)
		talloc_report_full(NULL, stderr);
	/* Frees the tracking context itself, so LeakSanitizer stays quiet. */
	talloc_disable_null_tracking();
	ck_assert_msg(now == blocks_before, "leaked %zd talloc blocks on the NULL context",
		      (ssize_t)(now - blocks_before));
}
