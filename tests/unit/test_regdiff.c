/* Unit tests for tools/regdiff.c (matching two registries by plane path)
 * and tools/htmlpage.c (the page's embedded JSON). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "htmlpage.h"
#include "leak_check.h"
#include "regdiff.h"
#include "registry.h"
#include "test_util.h"

static struct reg_entry *add(struct registry *reg, const char *name, const char *cls,
			     struct reg_entry *parent, const char *loc)
{
	struct reg_entry *e = registry_entry_new(reg, 0, name, cls);

	ck_assert_ptr_nonnull(e);
	if (loc)
		ck_assert_int_eq(registry_entry_set_location(reg, e, REG_NO_PLANE, loc), 0);
	ck_assert_int_eq(registry_attach(reg, e, parent, registry_plane_index(reg, "IOService")),
			 0);
	return e;
}

static void set_num(struct registry *reg, struct reg_entry *e, const char *key, int64_t v)
{
	ck_assert_int_eq(registry_set_property(reg, e, key, reg_value_new_number(reg, v, 32)), 0);
}

static void set_str(struct registry *reg, struct reg_entry *e, const char *key, const char *v)
{
	ck_assert_int_eq(registry_set_property(reg, e, key, reg_value_new_string(reg, v)), 0);
}

/* A small machine; `variant` changes it:
 * 0 base; 1 the duplicate ports in the other order; 2 one port changed;
 * 3 a third port; 4 another plane-root name and a nested volatile change. */
static struct registry *machine(int variant, struct reg_entry **gfx)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_entry *pe, *pci, *xhc, *p[2];

	ck_assert_ptr_nonnull(reg);
	registry_wrlock(reg);
	ck_assert_int_ge(registry_add_plane(reg, "IOService"), 0);
	pe = add(reg, variant == 4 ? "OtherMac1,1" : "TestMac1,1", "IOPlatformExpertDevice",
		 registry_root(reg), NULL);
	pci = add(reg, "PCI0", "IOPCIBridge", pe, "0");
	*gfx = add(reg, "GFX0", "IOPCIDevice", pci, "2");
	set_str(reg, *gfx, "model", "Graphics");
	struct reg_value *pm = reg_value_new_dict(reg);
	reg_dict_set(pm, "CurrentPowerState", reg_value_new_number(reg, 2, 32));
	reg_dict_set(pm, "DriverID", reg_value_new_number(reg, variant == 4 ? 99 : 98, 64));
	ck_assert_int_eq(registry_set_property(reg, *gfx, "IOPowerManagement", pm), 0);
	xhc = add(reg, "XHC1", "IOPCIDevice", pci, "14");
	for (int i = 0; i < 2; i++) {
		int k = variant == 1 ? 1 - i : i;
		p[i] = add(reg, "Port", "IOUSBHostDevice", xhc, NULL);
		set_num(reg, p[i], "port", k + 1);
		set_str(reg, p[i], "USB Product Name", k ? "Mouse" : "Keyboard");
	}
	if (variant == 2)
		set_str(reg, p[1], "USB Product Name", "Trackpad");
	if (variant == 3)
		add(reg, "Port", "IOUSBHostDevice", xhc, NULL);
	registry_unlock(reg);
	return reg;
}

static struct regdiff_result *run(struct registry *a, struct registry *b,
				  const struct regdiff_options *o)
{
	char err[256] = "";
	struct regdiff_result *r;

	registry_rdlock(a);
	registry_rdlock(b);
	r = regdiff_run(test_ctx, a, b, o, err, sizeof(err));
	registry_unlock(b);
	registry_unlock(a);
	ck_assert_msg(r != NULL, "%s", err);
	return r;
}

START_TEST(test_same)
{
	struct reg_entry *g;
	struct registry *a = machine(0, &g), *b = machine(0, &g);
	struct regdiff_options o = { 0 };
	struct regdiff_result *r = run(a, b, &o);

	ck_assert_uint_eq(r->nhunks, 0);
	/* Root, and every entry of the plane */
	ck_assert_uint_eq(r->npairs, registry_entry_count(a));
	talloc_free(r);
	talloc_free(a);
	talloc_free(b);
}
END_TEST

START_TEST(test_duplicates)
{
	struct reg_entry *g;
	struct registry *a = machine(0, &g), *b1 = machine(1, &g), *b2 = machine(2, &g),
			*b3 = machine(3, &g);
	struct regdiff_options o = { 0 };
	struct regdiff_result *r;

	r = run(a, b1, &o);
	ck_assert_uint_eq(r->nhunks, 0);	/* reordered duplicates pair by content */
	talloc_free(r);

	r = run(a, b2, &o);
	ck_assert_uint_eq(r->nhunks, 1);
	ck_assert_int_eq(r->hunks[0].kind, REGDIFF_CHANGED);
	ck_assert_msg(strstr(r->hunks[0].path, "/XHC1@14/Port~0x"), "%s", r->hunks[0].path);
	ck_assert_str_eq(r->hunks[0].body,
			 "-  \"USB Product Name\" = \"Mouse\"\n"
			 "+  \"USB Product Name\" = \"Trackpad\"\n");
	talloc_free(r);

	r = run(a, b3, &o);
	ck_assert_uint_eq(r->nhunks, 1);
	ck_assert_int_eq(r->hunks[0].kind, REGDIFF_ADDED);
	ck_assert_ptr_null(r->hunks[0].a);
	ck_assert_ptr_nonnull(r->hunks[0].b);
	talloc_free(r);
	talloc_free(a);
	talloc_free(b1);
	talloc_free(b2);
	talloc_free(b3);
}
END_TEST

START_TEST(test_plane_root_and_volatile)
{
	struct reg_entry *g;
	struct registry *a = machine(0, &g), *b = machine(4, &g);
	struct regdiff_options o = { 0 };
	const char *ign[] = { "CurrentPowerState" };
	struct regdiff_result *r = run(a, b, &o);

	/* the plane roots match whatever their names; DriverID is volatile */
	ck_assert_uint_eq(r->nhunks, 1);
	ck_assert_str_eq(r->hunks[0].header, "@@ IOService:/ @@");
	ck_assert_str_eq(r->hunks[0].body,
			 "-+-o TestMac1,1  <class IOPlatformExpertDevice, registered, matched, active>\n"
			 "++-o OtherMac1,1  <class IOPlatformExpertDevice, registered, matched, active>\n");
	talloc_free(r);

	o.all = true;
	r = run(a, b, &o);
	ck_assert_uint_ge(r->nhunks, 2);
	ck_assert_ptr_nonnull(strstr(r->hunks[1].body, "   \"IOPowerManagement\" = {\n"
						     "-    \"DriverID\" = 98\n"
						     "+    \"DriverID\" = 99\n"
						     "   }\n"));
	talloc_free(r);

	o.all = false;
	o.ignore = ign;
	o.nignore = 1;
	o.cls = "IOPCIDevice";	/* the plane root is not one */
	r = run(a, b, &o);
	ck_assert_uint_eq(r->nhunks, 0);
	talloc_free(r);
	talloc_free(a);
	talloc_free(b);
}
END_TEST

START_TEST(test_page_json_escapes)
{
	struct reg_entry *g;
	struct registry *a = machine(0, &g);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const char *json;

	registry_wrlock(a);
	set_str(a, g, "evil", "</script><!--\xe9\xe2\x80\xa8");
	registry_unlock(a);
	registry_rdlock(a);
	struct htmlpage_view v = { a, "t<i>tle" };
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(htmlpage_write(f, "t<i>tle", &v, 1, NULL), 0);
	registry_unlock(a);
	fclose(f);
	json = strstr(buf, "id=\"iokit-data\">");
	ck_assert_ptr_nonnull(json);
	ck_assert_ptr_nonnull(strstr(json, "\"\\u003c/script\\u003e\\u003c!--\\u00e9\\u2028\""));
	ck_assert_ptr_nonnull(strstr(json, "{\"title\":\"t\\u003ci\\u003etle\""));
	/* no '<' between the opening tag and the first </script>, which ends it */
	const char *data = json + strlen("id=\"iokit-data\">"), *end = strstr(data, "</script>");
	ck_assert_ptr_nonnull(end);
	ck_assert_ptr_null(memchr(data, '<', (size_t)(end - data)));
	ck_assert_ptr_nonnull(strstr(end, "JSON.parse"));
	free(buf);
	talloc_free(a);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("regdiff");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_same);
	tcase_add_test(tc, test_duplicates);
	tcase_add_test(tc, test_plane_root_and_volatile);
	tcase_add_test(tc, test_page_json_escapes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(suite());
}
