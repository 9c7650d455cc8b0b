/* Talloc leak checks for Check fixtures (in the spirit of SSSD's
 * src/tests/leak_check.c): every test runs between leak_check_setup and
 * leak_check_teardown, which fails the test when blocks allocated on the
 * NULL context (or left on the test's context) survive it. */
#ifndef IOKITFS_TESTS_LEAK_CHECK_H
#define IOKITFS_TESTS_LEAK_CHECK_H

#include <check.h>
#include <talloc.h>

/* A fresh talloc context for the running test; freed by the teardown. */
extern void *test_ctx;

void leak_check_setup(void);
void leak_check_teardown(void);

/* Adds the fixture to a TCase. */
#define LEAK_CHECKED(tcase) \
	tcase_add_checked_fixture((tcase), leak_check_setup, leak_check_teardown)

#endif
