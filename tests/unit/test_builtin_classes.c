/* Unit tests for registry/builtin_classes.c: the table is sorted, every
 * chain ends at OSObject, and the well-known chains are macOS's. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "builtin_classes.h"
#include "leak_check.h"
#include "test_util.h"
#include "registry.h"

START_TEST(test_table_sorted_and_rooted)
{
	size_t n = reg_builtin_class_count();

	ck_assert_uint_ge(n, 60);
	ck_assert_uint_le(n, 150);
	for (size_t i = 0; i < n; i++) {
		const char *name = reg_builtin_class_at(i);
		const char *c = name;
		size_t depth = 0;

		if (i > 0)
			ck_assert_msg(strcmp(reg_builtin_class_at(i - 1), name) < 0,
				      "table out of order at %s", name);
		ck_assert_str_eq(reg_builtin_superclass(name) ? name : "", name);
		while (c && strcmp(c, "OSObject") != 0 && depth++ < 32)
			c = reg_builtin_superclass(c);
		ck_assert_msg(c && strcmp(c, "OSObject") == 0, "%s does not reach OSObject",
			      name);
	}
	ck_assert_ptr_null(reg_builtin_class_at(n));
}
END_TEST

START_TEST(test_known_chains)
{
	ck_assert_str_eq(reg_builtin_superclass("IOService"), "IORegistryEntry");
	ck_assert_str_eq(reg_builtin_superclass("IORegistryEntry"), "OSObject");
	ck_assert_str_eq(reg_builtin_superclass("AppleSmartBattery"), "IOPMPowerSource");
	ck_assert_str_eq(reg_builtin_superclass("IOPMPowerSource"), "IOService");
	ck_assert_str_eq(reg_builtin_superclass("IOMedia"), "IOStorage");
	ck_assert_str_eq(reg_builtin_superclass("IOEthernetInterface"), "IONetworkInterface");
	ck_assert_str_eq(reg_builtin_superclass("IOEthernetController"), "IONetworkController");
	ck_assert_str_eq(reg_builtin_superclass("IOACPIPlatformDevice"), "IOPlatformDevice");
	ck_assert_str_eq(reg_builtin_superclass("AppleACPIPlatformExpert"),
			 "IOACPIPlatformExpert");
	ck_assert_str_eq(reg_builtin_superclass("IOUSBHostDevice"), "IOService");
	ck_assert_str_eq(reg_builtin_superclass("IOUSBDevice"), "IOUSBNub");
	ck_assert_str_eq(reg_builtin_superclass("IOPCI2PCIBridge"), "IOPCIBridge");
	ck_assert_ptr_null(reg_builtin_superclass("OSObject"));
	ck_assert_ptr_null(reg_builtin_superclass("NoSuchClass"));
	ck_assert_ptr_null(reg_builtin_superclass(""));
	ck_assert_ptr_null(reg_builtin_superclass(NULL));
}
END_TEST

START_TEST(test_registry_uses_table)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_class *c = registry_class_declare(reg, "AppleSmartBattery", NULL);

	ck_assert_ptr_nonnull(c);
	ck_assert(reg_class_conforms_to(c, "IOPMPowerSource"));
	ck_assert(reg_class_conforms_to(c, "IOService"));
	ck_assert(reg_class_conforms_to(c, "OSObject"));
	talloc_free(reg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("builtin_classes");
	TCase *tc = tcase_create("builtin_classes");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_table_sorted_and_rooted);
	tcase_add_test(tc, test_known_chains);
	tcase_add_test(tc, test_registry_uses_table);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
