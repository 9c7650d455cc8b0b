/* Unit tests for fs/cmdline_checks.c: which command lines are refused
 * (return codes; the messages are checked by tests/integration/test_cli.sh). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "fs/cmdline_checks.h"
#include "leak_check.h"
#include "test_util.h"

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/iokitfs-unit.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *path(void *ctx, const char *name)
{
	ck_assert_msg(dir[0], "path() before make_dir()");
	return talloc_asprintf(ctx, "%s/%s", dir, name);
}

static void write_file(const char *p, const char *text)
{
	FILE *f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(test_mountpoint)
{
	void *ctx = talloc_new(test_ctx);
	char *empty, *full, *dump, *text;

	make_dir();
	empty = path(ctx, "empty");
	full = path(ctx, "full");
	dump = path(ctx, "IOReg.txt");
	text = path(ctx, "notes");
	ck_assert_int_eq(mkdir(empty, 0755), 0);
	ck_assert_int_eq(mkdir(full, 0755), 0);
	write_file(path(ctx, "full/x"), "x");
	write_file(dump, "+-o Root  <class IORegistryEntry, id 0x100000100, retain 1>\n");
	write_file(text, "hello\n");

	ck_assert_int_eq(cmdline_check_mountpoint(empty, 1, false), 0);
	ck_assert_int_eq(cmdline_check_mountpoint(full, 1, false), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_mountpoint(full, 1, true), 0);
	ck_assert_int_eq(cmdline_check_mountpoint(dump, 0, false), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_mountpoint(dump, 0, true), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_mountpoint(text, 1, false), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_mountpoint(path(ctx, "missing"), 1, false),
			 CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_mountpoint("linux", 0, false), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_mountpoint(talloc_asprintf(ctx, "IODeviceTree=%s", dump),
						  1, false), CMDLINE_REFUSED);
	/* "/" is a mount point of another file system (and not empty) */
	ck_assert_int_eq(cmdline_check_mountpoint("/", 1, false), CMDLINE_REFUSED);
	remove_dir();
	talloc_free(ctx);
}
END_TEST

START_TEST(test_planes)
{
	void *ctx = talloc_new(test_ctx);
	const char *ok[] = { "IOReg.txt", "IODeviceTree=x.txt", "IOPower=y", "IOUSB=z", "linux" };
	const char *typo[] = { "IOReg.txt", "IODevicetree=x.txt" };
	const char *unknown[] = { "Bogus=x.txt" };
	const char *path_with_slash[] = { "dir/a=b.txt" };
	char *existing;

	ck_assert_int_eq(cmdline_check_planes(ok, 5, false), 0);
	ck_assert_int_eq(cmdline_check_planes(typo, 2, false), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_planes(typo, 2, true), 0);
	ck_assert_int_eq(cmdline_check_planes(unknown, 1, false), CMDLINE_REFUSED);
	/* '/' before '=': a path, as the loader reads it */
	ck_assert_int_eq(cmdline_check_planes(path_with_slash, 1, false), 0);
	/* a file whose name holds '=' and exists is a file */
	make_dir();
	ck_assert_int_eq(chdir(dir), 0);
	write_file("Odd=name.txt", "x");
	existing = talloc_strdup(ctx, "Odd=name.txt");
	ck_assert_int_eq(cmdline_check_planes((const char *const *)&existing, 1, false), 0);
	ck_assert_int_eq(chdir("/"), 0);
	remove_dir();
	talloc_free(ctx);
}
END_TEST

START_TEST(test_one_machine)
{
	void *ctx = talloc_new(test_ctx);
	const char *a = "+-o Root  <class IORegistryEntry, id 0x100000100, retain 1>\n"
			"  +-o Mac  <class IOPlatformExpertDevice, id 0x100000101, registered, "
			"matched, active, busy 0 (0 ms), retain 1>\n"
			"      {\n        \"IOPlatformUUID\" = \"AAAA\"\n      }\n";
	char *fa, *fb, *fc;
	char *b = talloc_strdup(ctx, a);
	const char *same[2], *mixed[2];

	make_dir();
	fa = path(ctx, "a.txt");
	fb = path(ctx, "b.txt");
	fc = path(ctx, "c.txt");
	write_file(fa, a);
	memcpy(strstr(b, "AAAA"), "BBBB", 4);
	write_file(fb, b);
	write_file(fc, a);
	same[0] = fa;
	same[1] = fc;
	mixed[0] = fa;
	mixed[1] = fb;
	ck_assert_int_eq(cmdline_check_one_machine(ctx, same, 2, NULL, false), 0);
	ck_assert_int_eq(cmdline_check_one_machine(ctx, mixed, 2, NULL, false), CMDLINE_REFUSED);
	ck_assert_int_eq(cmdline_check_one_machine(ctx, mixed, 2, NULL, true), 0);
	ck_assert_int_eq(cmdline_check_one_machine(ctx, mixed, 1, NULL, false), 0);
	remove_dir();
	talloc_free(ctx);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("cmdline_checks");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_mountpoint);
	tcase_add_test(tc, test_planes);
	tcase_add_test(tc, test_one_machine);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
