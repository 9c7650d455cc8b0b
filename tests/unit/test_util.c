/* Helpers shared by the unit test programs. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <talloc.h>

char *test_data_path(void *ctx, const char *rel)
{
	const char *env = getenv("IOKITFS_DATA_DIR");
	const char *dirs[] = { env, SRCDIR "/../shared/data" };
	size_t ndirs = env ? 1 : sizeof(dirs) / sizeof(dirs[0]);
	struct stat st;

	for (size_t i = 0; i < ndirs; i++) {
		char *p;
		if (!dirs[i])
			continue;
		p = talloc_asprintf(ctx, "%s/%s", dirs[i], rel);
		if (p && stat(p, &st) == 0)
			return p;
		talloc_free(p);
	}
	return NULL;
}

char *test_slurp(void *ctx, const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	ck_assert_int_ge(n, 0);
	rewind(f);
	buf = talloc_size(ctx, (size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

int test_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
