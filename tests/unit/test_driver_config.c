/* Unit tests for the driver table and drivers files (registry/driver_config.c). */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "driver_config.h"
#include "drivers/apple_smc.h"
#include "drivers/sim_device.h"
#include "ioreturn.h"
#include "leak_check.h"
#include "path.h"
#include "registry.h"
#include "test_util.h"
#include "user_client.h"

#define PLIST_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\">\n"
#define PLIST_TAIL "</plist>\n"

struct fixture {
	struct registry *reg;
	int plane;
	struct reg_entry *platform, *smc, *pci1, *pci2;
};

static struct fixture make_registry(void)
{
	struct fixture f;
	struct reg_value *v;

	f.reg = registry_new(test_ctx);
	registry_wrlock(f.reg);
	f.plane = registry_add_plane(f.reg, "IOService");
	f.platform = registry_entry_new(f.reg, 0, "J680AP", "IOPlatformExpertDevice");
	f.smc = registry_entry_new(f.reg, 0, "AppleSMC", "AppleSMC");
	f.pci1 = registry_entry_new(f.reg, 0, "pci8086,1", "IOPCIDevice");
	f.pci2 = registry_entry_new(f.reg, 0, "pci8086,2", "IOPCIDevice");
	registry_attach(f.reg, f.platform, registry_root(f.reg), f.plane);
	registry_attach(f.reg, f.smc, f.platform, f.plane);
	registry_attach(f.reg, f.pci1, f.platform, f.plane);
	registry_attach(f.reg, f.pci2, f.platform, f.plane);
	v = reg_value_new_string(NULL, "yes");
	registry_set_property(f.reg, f.pci2, "Simulate", v);
	registry_unlock(f.reg);
	return f;
}

static int load(struct fixture *f, const char *body, struct reg_parse_error *err)
{
	char *text = talloc_asprintf(test_ctx, PLIST_HEAD "%s" PLIST_TAIL, body);
	int ret;

	memset(err, 0, sizeof(*err));
	registry_wrlock(f->reg);
	ret = driver_config_load(f->reg, text, strlen(text), err);
	registry_unlock(f->reg);
	talloc_free(text);
	return ret;
}

START_TEST(test_lookup)
{
	ck_assert_ptr_eq(reg_driver_lookup("IOKitFSSimDevice"), &sim_device_driver);
	ck_assert_ptr_eq(reg_driver_lookup("AppleSMC"), &apple_smc_driver);
	ck_assert_ptr_null(reg_driver_lookup("AppleSMCClient"));
	ck_assert_ptr_null(reg_driver_lookup(""));
	ck_assert_ptr_null(reg_driver_lookup(NULL));
}
END_TEST

START_TEST(test_match_and_create)
{
	struct fixture f = make_registry();
	struct reg_parse_error err;
	struct reg_entry *created;
	struct reg_connection *conn = NULL;
	struct reg_caller me = { .uid = 1, .gid = 1, .pid = getpid() };
	char *path;

	ck_assert_msg(load(&f,
		"<array>\n"
		" <dict><key>match</key><dict><key>IOProviderClass</key><string>IOPCIDevice</string>"
		"  <key>IOPropertyMatch</key><dict><key>Simulate</key><string>yes</string></dict></dict>\n"
		"  <key>driver</key><string>IOKitFSSimDevice</string>\n"
		"  <key>parameters</key><dict><key>Regions</key><array><integer>256</integer></array></dict></dict>\n"
		" <dict><key>create</key><dict><key>name</key><string>SimDevice</string>"
		"  <key>class</key><string>IOKitFSSimDevice</string>"
		"  <key>parent</key><string>IOService:/</string>"
		"  <key>location</key><string>2a</string></dict>\n"
		"  <key>driver</key><string>IOKitFSSimDevice</string></dict>\n"
		" <dict><key>match</key><dict><key>IOProviderClass</key><string>IOUSBDevice</string></dict>"
		"  <key>driver</key><string>AppleSMC</string><key>optional</key><true/></dict>\n"
		"</array>\n", &err) == 0, "%s", err.message);
	registry_rdlock(f.reg);
	ck_assert_ptr_null(f.pci1->driver);
	ck_assert_ptr_eq(f.pci2->driver, &sim_device_driver);
	ck_assert_uint_eq(reg_entry_child_count(f.platform, f.plane), 4);
	created = reg_entry_child(f.platform, f.plane, 3);
	ck_assert_str_eq(created->cls->name, "IOKitFSSimDevice");
	ck_assert(reg_class_conforms_to(created->cls, "IOService"));
	ck_assert_ptr_eq(created->driver, &sim_device_driver);
	path = registry_entry_path(test_ctx, created, f.plane);
	ck_assert_str_eq(path, "IOService:/SimDevice@2a");
	talloc_free(path);
	registry_unlock(f.reg);
	/* The created device works. */
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, created->id, 0, &me, &conn), 0);
	reg_connection_close(conn);
	talloc_free(conn);
	talloc_free(f.reg);
}
END_TEST

START_TEST(test_errors)
{
	static const struct {
		const char *body;
		const char *message;
	} bad[] = {
		{ "<dict/>", "array of dictionaries" },
		{ "<array><string>x</string></array>", "item 0: not a dictionary" },
		{ "<array><dict><key>driver</key><string>Nope</string>"
		  "<key>match</key><dict/></dict></array>", "unknown driver \"Nope\"" },
		{ "<array><dict><key>match</key><dict/></dict></array>", "\"driver\" must name" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string></dict></array>",
		  "exactly one of" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string><key>match</key><dict/>"
		  "<key>create</key><dict/></dict></array>", "exactly one of" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string>"
		  "<key>match</key><string>x</string></dict></array>", "\"match\" must be" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string>"
		  "<key>create</key><dict><key>name</key><string>X</string></dict></dict></array>",
		  "needs strings" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string>"
		  "<key>create</key><dict><key>name</key><string>X</string><key>class</key>"
		  "<string>C</string><key>parent</key><string>IOService:/Nowhere</string></dict>"
		  "</dict></array>", "no parent entry" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string>"
		  "<key>match</key><dict><key>IOProviderClass</key><string>IOUSBDevice</string>"
		  "</dict></dict></array>", "item 0: no service matches" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string><key>match</key><dict/>"
		  "<key>optional</key><string>yes</string></dict></array>", "\"optional\" must" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string><key>match</key><dict/>"
		  "<key>colour</key><string>red</string></dict></array>", "unknown key \"colour\"" },
		{ "<array><dict><key>driver</key><string>IOKitFSSimDevice</string>"
		  "<key>match</key><dict><key>IOProviderClass</key><string>AppleSMC</string></dict>"
		  "<key>parameters</key><dict><key>Regions</key><array><integer>1</integer>"
		  "</array></dict></dict></array>", "item 0: driver IOKitFSSimDevice: region 0" },
		{ "<array><dict><key>driver</key><string>AppleSMC</string>"
		  "<key>match</key><dict><key>IOProviderClass</key><string>AppleSMC</string></dict>"
		  "<key>parameters</key><dict><key>KeysFile</key><string>/nonexistent</string>"
		  "</dict></dict></array>", "/nonexistent" },
		{ "<array><dict><key>driver</key>", NULL },	/* XML error: a line */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fixture f = make_registry();
		struct reg_parse_error err;

		ck_assert_int_eq(load(&f, bad[i].body, &err), -1);
		if (bad[i].message)
			ck_assert_msg(strstr(err.message, bad[i].message),
				      "case %zu: \"%s\" lacks \"%s\"", i, err.message,
				      bad[i].message);
		else
			ck_assert(err.message[0] && err.line > 0);
		/* Checked before applying: nothing bound. */
		if (i < 12) {
			ck_assert_ptr_null(f.smc->driver);
			ck_assert_uint_eq(reg_entry_child_count(f.platform, f.plane), 3);
		}
		talloc_free(f.reg);
	}
}
END_TEST

START_TEST(test_smc_from_file)
{
	char *keys = test_data_path(test_ctx, "macbook8-1/SMC-keys.txt");
	struct fixture f = make_registry();
	struct reg_parse_error err;
	char *body, *file;
	FILE *out;
	int fd;

	if (!keys) {
		printf("SKIP: macbook8-1/SMC-keys.txt absent\n");
		talloc_free(f.reg);
		return;
	}
	body = talloc_asprintf(test_ctx,
		PLIST_HEAD "<array><dict><key>match</key><dict><key>IOProviderClass</key>"
		"<string>AppleSMC</string></dict><key>driver</key><string>AppleSMC</string>"
		"<key>parameters</key><dict><key>KeysFile</key><string>%s</string>"
		"<key>WritableKeys</key><array><string>ACEN</string></array></dict>"
		"</dict></array>" PLIST_TAIL, keys);
	file = talloc_strdup(test_ctx, "/tmp/iokitfs-drivers-XXXXXX");
	fd = mkstemp(file);
	ck_assert_int_ge(fd, 0);
	out = fdopen(fd, "w");
	fputs(body, out);
	fclose(out);
	memset(&err, 0, sizeof(err));
	registry_wrlock(f.reg);
	ck_assert_msg(driver_config_load_file(f.reg, file, &err) == 0, "%s", err.message);
	ck_assert_ptr_eq(f.smc->driver, &apple_smc_driver);
	ck_assert_uint_eq(apple_smc_table(f.smc)->count, 0x26c);
	{
		const struct smc_key *k = smc_keys_find(apple_smc_table(f.smc), smc_fourcc("ACEN"));
		ck_assert_ptr_nonnull(k);
		ck_assert_uint_eq(k->attributes, SMC_ATTR_READ | SMC_ATTR_WRITE);
	}
	ck_assert_int_eq(driver_config_load_file(f.reg, "/nonexistent.plist", &err), -1);
	registry_unlock(f.reg);
	unlink(file);
	talloc_free(file);
	talloc_free(body);
	talloc_free(keys);
	talloc_free(f.reg);
}
END_TEST

static Suite *driver_config_suite(void)
{
	Suite *s = suite_create("driver_config");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_lookup);
	tcase_add_test(tc, test_match_and_create);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_smc_from_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(driver_config_suite());
}
