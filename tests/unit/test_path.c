/* Unit tests for registry/path.c: IOKit registry paths both ways. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "leak_check.h"
#include "test_util.h"
#include "path.h"
#include "registry.h"

struct fixture {
	struct registry *reg;
	int svc, dt;
	struct reg_entry *pe, *acpi, *pci0, *rp_c4, *rp_c, *xhc, *orphan, *second_root,
		*below_second, *aliases, *gfx, *hdau, *nameless, *longname;
};

static struct reg_entry *add(struct fixture *f, const char *name, const char *cls,
			     struct reg_entry *parent, int plane, const char *loc)
{
	struct reg_entry *e = registry_entry_new(f->reg, 0, name, cls);

	ck_assert_ptr_nonnull(e);
	if (loc)
		ck_assert_int_eq(registry_entry_set_location(f->reg, e, REG_NO_PLANE, loc), 0);
	if (parent)
		ck_assert_int_eq(registry_attach(f->reg, e, parent, plane), 0);
	return e;
}

static void set_data(struct fixture *f, struct reg_entry *e, const char *key,
		     const char *bytes, size_t len)
{
	ck_assert_int_eq(registry_set_property(f->reg, e, key,
					       reg_value_new_data(f->reg, bytes, len)), 0);
}

static void build(struct fixture *f)
{
	struct reg_entry *root;
	char longname[201];

	memset(f, 0, sizeof(*f));
	f->reg = registry_new(test_ctx);
	ck_assert_ptr_nonnull(f->reg);
	registry_wrlock(f->reg);
	root = registry_root(f->reg);
	f->svc = registry_add_plane(f->reg, "IOService");
	f->dt = registry_add_plane(f->reg, "IODeviceTree");

	f->pe = add(f, "MacBookPro15,1", "IOPlatformExpertDevice", root, f->svc, NULL);
	f->acpi = add(f, "AppleACPIPlatformExpert", "AppleACPIPlatformExpert", f->pe, f->svc,
		      NULL);
	f->pci0 = add(f, "PCI0", "IOACPIPlatformDevice", f->acpi, f->svc, "0");
	/* Same name, the one with the longer location first. */
	f->rp_c4 = add(f, "RP01", "IOPCIDevice", f->pci0, f->svc, "1C,4");
	f->rp_c = add(f, "RP01", "IOPCIDevice", f->pci0, f->svc, "1C");
	f->xhc = add(f, "XHC1", "IOPCIDevice", f->pci0, f->svc, "14");
	f->nameless = add(f, "", "AppleSMC", f->acpi, f->svc, NULL);
	memset(longname, 'n', 200);
	longname[200] = '\0';
	f->longname = add(f, longname, "IOService", f->acpi, f->svc, NULL);
	f->orphan = add(f, "Orphan", "IOService", NULL, f->svc, NULL);
	/* A second root child, as the IOUSB plane has. */
	f->second_root = add(f, "Second", "IOService", root, f->svc, NULL);
	f->below_second = add(f, "Below", "IOService", f->second_root, f->svc, NULL);

	/* IODeviceTree: the platform entry is "device-tree", with /aliases. */
	ck_assert_int_eq(registry_attach(f->reg, f->pe, root, f->dt), 0);
	ck_assert_int_eq(registry_entry_set_name(f->reg, f->pe, f->dt, "device-tree"), 0);
	f->aliases = add(f, "aliases", "IORegistryEntry", f->pe, f->dt, NULL);
	ck_assert_int_eq(registry_attach(f->reg, f->pci0, f->pe, f->dt), 0);
	f->gfx = add(f, "GFX0", "IOPCIDevice", f->pci0, f->dt, "2");
	f->hdau = add(f, "HDAU", "IOPCIDevice", f->gfx, f->dt, "1");
	ck_assert_int_eq(registry_entry_set_location(f->reg, f->hdau, f->dt, "1,0"), 0);
	set_data(f, f->aliases, "name", "aliases", 8);
	set_data(f, f->aliases, "pci", "/PCI0@0", 8);
	set_data(f, f->aliases, "graphics", "/PCI0@0/GFX0@2", 15);
	set_data(f, f->aliases, "gfx", "/PCI0@0/GFX0@2", 14);	/* no NUL */
	set_data(f, f->aliases, "bogus", "/nope", 6);
	set_data(f, f->aliases, "loop", "loop", 5);
	registry_unlock(f->reg);
	registry_rdlock(f->reg);
}

static void done(struct fixture *f)
{
	registry_unlock(f->reg);
	talloc_free(f->reg);
}

static void assert_path(struct fixture *f, struct reg_entry *e, int plane, const char *want)
{
	char *p = registry_entry_path(test_ctx, e, plane);

	if (!want) {
		ck_assert_ptr_null(p);
		return;
	}
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p, want);
	/* And back. */
	ck_assert_ptr_eq(registry_lookup_path(f->reg, p, REG_NO_PLANE), e);
	talloc_free(p);
}

START_TEST(test_entry_path)
{
	struct fixture f;
	char want[300];

	build(&f);
	assert_path(&f, registry_root(f.reg), f.svc, NULL);
	assert_path(&f, f.pe, f.svc, "IOService:/");
	assert_path(&f, f.acpi, f.svc, "IOService:/AppleACPIPlatformExpert");
	assert_path(&f, f.pci0, f.svc, "IOService:/AppleACPIPlatformExpert/PCI0@0");
	assert_path(&f, f.rp_c4, f.svc, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@1C,4");
	assert_path(&f, f.rp_c, f.svc, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@1C");
	/* No name: the class name stands in. */
	assert_path(&f, f.nameless, f.svc, "IOService:/AppleACPIPlatformExpert/AppleSMC");
	/* Not attached, below a second root child, or no such plane. */
	assert_path(&f, f.orphan, f.svc, NULL);
	assert_path(&f, f.below_second, f.svc, NULL);
	assert_path(&f, f.second_root, f.svc, NULL);
	assert_path(&f, f.acpi, f.dt, NULL);
	assert_path(&f, f.acpi, 7, NULL);
	assert_path(&f, f.acpi, -1, NULL);
	assert_path(&f, f.acpi, REG_MAX_PLANES, NULL);
	/* Components are cut at 128 characters. */
	{
		char *p = registry_entry_path(test_ctx, f.longname, f.svc);
		snprintf(want, sizeof(want), "IOService:/AppleACPIPlatformExpert/%.128s",
			 f.longname->name);
		ck_assert_str_eq(p, want);
		talloc_free(p);
	}
	done(&f);
}
END_TEST

START_TEST(test_entry_path_aliases)
{
	struct fixture f;

	build(&f);
	/* The plane's own names and locations; the shortest alias wins and the
	 * path restarts at it. */
	assert_path(&f, f.pe, f.dt, "IODeviceTree:/");
	assert_path(&f, f.aliases, f.dt, "IODeviceTree:/aliases");
	assert_path(&f, f.pci0, f.dt, "IODeviceTree:pci");
	assert_path(&f, f.gfx, f.dt, "IODeviceTree:gfx");
	assert_path(&f, f.hdau, f.dt, "IODeviceTree:gfx/HDAU@1,0");
	done(&f);
}
END_TEST

static void assert_lookup(struct fixture *f, const char *path, int def, struct reg_entry *want)
{
	struct reg_entry *got = registry_lookup_path(f->reg, path, def);

	ck_assert_msg(got == want, "lookup \"%s\": got %s, want %s", path,
		      got ? got->name : "NULL", want ? want->name : "NULL");
}

START_TEST(test_lookup_components)
{
	struct fixture f;

	build(&f);
	assert_lookup(&f, "IOService:/", REG_NO_PLANE, f.pe);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0", REG_NO_PLANE, f.pci0);
	/* Locations compare as hex numbers, case and leading zeros aside;
	 * missing trailing fields are 0. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@1c", REG_NO_PLANE,
		      f.rp_c);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@01C,4", REG_NO_PLANE,
		      f.rp_c4);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@1c,0", REG_NO_PLANE,
		      f.rp_c);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@1c:0", REG_NO_PLANE,
		      f.rp_c);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/RP01@1d", REG_NO_PLANE,
		      NULL);
	/* No location: the first child of that name. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0/RP01", REG_NO_PLANE,
		      f.rp_c4);
	/* Location only. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/@14", REG_NO_PLANE, f.xhc);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/@0014", REG_NO_PLANE,
		      f.xhc);
	/* Class-name stand-in for a nameless entry. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/AppleSMC", REG_NO_PLANE,
		      f.nameless);
	/* The name must be followed by end, '/', ':' or '@'. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpertX", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IOService:/AppleACPI", REG_NO_PLANE, NULL);
	/* Any text left over fails: a trailing '/', ':...', an unknown child. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert:x", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/Nope", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IOService://", REG_NO_PLANE, NULL);
	/* A second root child is not reachable ("/" is the first one). */
	assert_lookup(&f, "IOService:/Second", REG_NO_PLANE, NULL);
	done(&f);
}
END_TEST

START_TEST(test_lookup_planes)
{
	struct fixture f;
	char big[64];

	build(&f);
	/* The plane prefix is required, exact and case-sensitive. */
	assert_lookup(&f, "IOService:", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IOService", REG_NO_PLANE, NULL);
	assert_lookup(&f, "/AppleACPIPlatformExpert", REG_NO_PLANE, NULL);
	assert_lookup(&f, "ioservice:/", REG_NO_PLANE, NULL);
	assert_lookup(&f, "Nope:/", REG_NO_PLANE, NULL);
	assert_lookup(&f, "", REG_NO_PLANE, NULL);
	assert_lookup(&f, ":/", REG_NO_PLANE, NULL);
	memset(big, 'P', 40);
	strcpy(big + 40, ":/");
	assert_lookup(&f, big, REG_NO_PLANE, NULL);
	/* A default plane serves paths without a prefix. */
	assert_lookup(&f, "/AppleACPIPlatformExpert", f.svc, f.acpi);
	assert_lookup(&f, "/", f.dt, f.pe);
	assert_lookup(&f, "IODeviceTree:/PCI0@0", f.svc, f.pci0);
	assert_lookup(&f, "/PCI0@0", f.dt, f.pci0);
	assert_lookup(&f, "/PCI0@0", 17, NULL);
	assert_lookup(&f, "IOService:/PCI0@0", f.dt, NULL);
	/* Per-plane names. */
	assert_lookup(&f, "IODeviceTree:/aliases", REG_NO_PLANE, f.aliases);
	assert_lookup(&f, "IODeviceTree:/PCI0@0/GFX0@2/HDAU@1", REG_NO_PLANE, f.hdau);
	assert_lookup(&f, "IODeviceTree:/PCI0@0/GFX0@2/HDAU@1,1", REG_NO_PLANE, NULL);
	ck_assert_ptr_null(registry_lookup_path(f.reg, NULL, REG_NO_PLANE));
	ck_assert_ptr_null(registry_lookup_path(NULL, "IOService:/", REG_NO_PLANE));
	done(&f);
}
END_TEST

START_TEST(test_lookup_aliases)
{
	struct fixture f;

	build(&f);
	assert_lookup(&f, "IODeviceTree:pci", REG_NO_PLANE, f.pci0);
	assert_lookup(&f, "IODeviceTree:gfx", REG_NO_PLANE, f.gfx);
	assert_lookup(&f, "IODeviceTree:graphics", REG_NO_PLANE, f.gfx);
	assert_lookup(&f, "IODeviceTree:pci/GFX0@2", REG_NO_PLANE, f.gfx);
	assert_lookup(&f, "IODeviceTree:gfx/HDAU", REG_NO_PLANE, f.hdau);
	assert_lookup(&f, "IODeviceTree:pci:x", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IODeviceTree:pcix", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IODeviceTree:bogus", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IODeviceTree:nosuch", REG_NO_PLANE, NULL);
	/* An alias naming itself ends, unresolved. */
	assert_lookup(&f, "IODeviceTree:loop", REG_NO_PLANE, NULL);
	/* Aliases live in the IODeviceTree plane only here. */
	assert_lookup(&f, "IOService:pci", REG_NO_PLANE, NULL);
	done(&f);
}
END_TEST

START_TEST(test_location_rule)
{
	const char *s = "1c/rest";

	ck_assert_ptr_nonnull(reg_path_location_matches("1c", "1C"));
	ck_assert_ptr_nonnull(reg_path_location_matches("001C", "1c"));
	ck_assert_ptr_null(reg_path_location_matches("1c", "1C,4"));
	ck_assert_ptr_nonnull(reg_path_location_matches("1c,0", "1C"));
	ck_assert_ptr_nonnull(reg_path_location_matches("1c", "1C,0"));
	ck_assert_ptr_null(reg_path_location_matches("1,2", "1:2"));
	ck_assert_ptr_nonnull(reg_path_location_matches("1:2", "1:2"));
	ck_assert_ptr_null(reg_path_location_matches("1c", NULL));
	ck_assert_ptr_eq(reg_path_location_matches(s, "1c"), s + 2);
	/* A field that is not hex reads as 0 and stays as residual text. */
	ck_assert_str_eq(reg_path_location_matches("ff000000:x", "FF000000"), "x");
	ck_assert_ptr_null(reg_path_location_matches("fe", "FF"));
}
END_TEST

START_TEST(test_lookup_hostile)
{
	struct fixture f;
	size_t n = 1 << 16;
	char *p = talloc_array(test_ctx, char, n + 16);

	build(&f);
	/* Long runs of separators and '@'s end without reading past the end. */
	strcpy(p, "IOService:");
	memset(p + 10, '/', n);
	p[10 + n] = '\0';
	assert_lookup(&f, p, REG_NO_PLANE, NULL);
	memset(p + 11, '@', n - 1);
	assert_lookup(&f, p, REG_NO_PLANE, NULL);
	memset(p + 11, ',', n - 1);
	assert_lookup(&f, p, REG_NO_PLANE, NULL);
	talloc_free(p);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@", REG_NO_PLANE, NULL);
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0,", REG_NO_PLANE, f.pci0);
	/* Empty fields read as 0, as strtouq makes them. */
	assert_lookup(&f, "IOService:/AppleACPIPlatformExpert/PCI0@,,,:", REG_NO_PLANE, f.pci0);
	done(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("path");
	TCase *tc = tcase_create("path");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_entry_path);
	tcase_add_test(tc, test_entry_path_aliases);
	tcase_add_test(tc, test_lookup_components);
	tcase_add_test(tc, test_lookup_planes);
	tcase_add_test(tc, test_lookup_aliases);
	tcase_add_test(tc, test_location_rule);
	tcase_add_test(tc, test_lookup_hostile);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
