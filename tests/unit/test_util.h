/* Helpers every unit test program shares: finding the real Mac dumps,
 * reading a whole file, and running a suite. */
#ifndef IOKITFS_TESTS_TEST_UTIL_H
#define IOKITFS_TESTS_TEST_UTIL_H

#include <check.h>
#include <stddef.h>

/* Path of rel under the dumps directory (IOKITFS_DATA_DIR alone when set,
 * as make check sets it, else ../shared/data beside the source tree), on
 * ctx; NULL when absent (the caller prints "SKIP: ..." and passes). */
char *test_data_path(void *ctx, const char *rel);

/* The whole file, NUL-terminated, on ctx; fails the test on error. */
char *test_slurp(void *ctx, const char *path, size_t *len);

/* Runs s with its output on stdout; the process exit status. */
int test_run_suite(Suite *s);

#endif
