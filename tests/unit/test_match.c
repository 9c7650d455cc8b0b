/* Unit tests for registry/match.c, match_family.c and name_match.c. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "leak_check.h"
#include "test_util.h"
#include "match.h"
#include "match_family.h"
#include "name_match.h"
#include "registry.h"

struct fixture {
	struct registry *reg;
	int svc;
	struct reg_entry *pe, *resources, *acpi, *pci0, *gfx, *ctrl, *disk0, *apfs1, *disk0s1,
		*apfs2, *usb, *battery, *inactive, *registering, *plain, *client1;
	void *vctx;	/* values built by tests */
};

static struct reg_entry *add(struct fixture *f, const char *name, const char *cls,
			     struct reg_entry *parent, const char *loc)
{
	struct reg_entry *e = registry_entry_new(f->reg, 0, name, cls);

	ck_assert_ptr_nonnull(e);
	if (loc)
		ck_assert_int_eq(registry_entry_set_location(f->reg, e, REG_NO_PLANE, loc), 0);
	if (parent)
		ck_assert_int_eq(registry_attach(f->reg, e, parent, f->svc), 0);
	return e;
}

static void prop(struct fixture *f, struct reg_entry *e, const char *key, struct reg_value *v)
{
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(registry_set_property(f->reg, e, key, v), 0);
}

#define DATA(f, lit) reg_value_new_data((f)->reg, lit, sizeof(lit) - 1)
#define STR(f, s) reg_value_new_string((f)->reg, s)
#define NUM(f, n) reg_value_new_number((f)->reg, n, 0)

static void build(struct fixture *f)
{
	struct reg_entry *root;
	struct reg_value *a, *d;

	memset(f, 0, sizeof(*f));
	f->reg = registry_new(test_ctx);
	f->vctx = talloc_new(test_ctx);
	registry_wrlock(f->reg);
	root = registry_root(f->reg);
	f->svc = registry_add_plane(f->reg, "IOService");
	f->pe = add(f, "MacBookPro15,1", "IOPlatformExpertDevice", root, NULL);
	prop(f, f->pe, "compatible", DATA(f, "MacBookPro15,1\0"));
	prop(f, f->pe, "model", DATA(f, "MacBookPro15,1\0"));
	f->resources = add(f, "IOResources", "IOResources", f->pe, NULL);
	prop(f, f->resources, "IOKit", STR(f, "IOKit"));
	prop(f, f->resources, "IOBSD", STR(f, "IOBSD"));
	a = reg_value_new_array(f->reg);
	reg_array_append(a, STR(f, "IOConsoleUsers"));
	prop(f, f->resources, "IOResourceMatched", a);
	f->acpi = add(f, "AppleACPIPlatformExpert", "AppleACPIPlatformExpert", f->pe, NULL);
	f->pci0 = add(f, "PCI0", "IOACPIPlatformDevice", f->acpi, "0");
	prop(f, f->pci0, "name", DATA(f, "PNP0A08\0"));
	prop(f, f->pci0, "compatible", DATA(f, "PNP0A08\0PNP0A03\0"));
	f->gfx = add(f, "IGPU", "IOPCIDevice", f->pci0, "2");
	prop(f, f->gfx, "name", DATA(f, "display\0"));
	prop(f, f->gfx, "compatible", DATA(f, "pci8086,3e9b\0pciclass,030000\0"));
	prop(f, f->gfx, "vendor-id", DATA(f, "\x86\x80\0\0"));
	prop(f, f->gfx, "device-id", DATA(f, "\x9b\x3e\0\0"));
	prop(f, f->gfx, "revision-id", DATA(f, "\x02\0\0\0"));
	prop(f, f->gfx, "class-code", DATA(f, "\0\0\x03\0"));
	prop(f, f->gfx, "subsystem-vendor-id", DATA(f, "\x6b\x10\0\0"));
	prop(f, f->gfx, "subsystem-id", DATA(f, "\x2a\x01\0\0"));
	f->ctrl = add(f, "Controller", "IONVMeController", f->gfx, NULL);
	/* IOMedia instances interleaved with a subclass's. */
	f->disk0 = add(f, "disk0", "IOMedia", f->ctrl, NULL);
	prop(f, f->disk0, "BSD Name", STR(f, "disk0"));
	prop(f, f->disk0, "BSD Unit", reg_value_new_number(f->reg, 0, 32));
	prop(f, f->disk0, "Whole", reg_value_new_bool(f->reg, true));
	prop(f, f->disk0, "Size", reg_value_new_number(f->reg, 500107862016, 64));
	d = reg_value_new_dict(f->reg);
	reg_dict_set(d, "Protocol", STR(f, "PCI"));
	reg_dict_set(d, "Physical", STR(f, "Internal"));
	prop(f, f->disk0, "Device Characteristics", d);
	prop(f, f->disk0, "IOMatchCategory", STR(f, "IODefaultMatchCategory"));
	f->apfs1 = add(f, "apfs1", "AppleAPFSMedia", f->disk0, NULL);
	prop(f, f->apfs1, "BSD Name", STR(f, "disk1"));
	prop(f, f->apfs1, "Whole", reg_value_new_bool(f->reg, false));
	f->disk0s1 = add(f, "disk0s1", "IOMedia", f->disk0, NULL);
	prop(f, f->disk0s1, "BSD Name", DATA(f, "disk0s1\0"));
	prop(f, f->disk0s1, "Whole", reg_value_new_bool(f->reg, false));
	f->apfs2 = add(f, "apfs2", "AppleAPFSMedia", f->disk0, NULL);
	prop(f, f->apfs2, "BSD Name", STR(f, "disk1s1"));
	d = reg_value_new_dict(f->reg);
	reg_dict_set(d, "Hidden", reg_value_new_bool(f->reg, true));
	prop(f, f->apfs2, "IOUserServiceProperties", d);
	f->usb = add(f, "Apple Internal Keyboard / Trackpad", "IOUSBHostDevice", f->pe, NULL);
	prop(f, f->usb, "idVendor", reg_value_new_number(f->reg, 0x5ac, 16));
	prop(f, f->usb, "idProduct", reg_value_new_number(f->reg, 0x8233, 16));
	f->battery = add(f, "AppleSmartBattery", "AppleSmartBattery", f->acpi, NULL);
	prop(f, f->battery, "CycleCount", NUM(f, 120));
	/* Filtered out of lookups, still testable one by one. */
	f->inactive = add(f, "gone", "IOMedia", f->disk0, NULL);
	registry_entry_set_state(f->reg, f->inactive,
				 REG_STATE_INACTIVE | REG_STATE_REGISTERED | REG_STATE_MATCHED);
	f->registering = add(f, "late", "IOMedia", f->disk0, NULL);
	registry_entry_set_state(f->reg, f->registering, REG_STATE_REGISTERED);
	f->plain = add(f, "disk0", "IORegistryEntry", NULL, NULL);
	/* Clients of ctrl for IOMatchedServiceCountMatch: disk0 has a match
	 * category; a second client does not count without one. */
	f->client1 = add(f, "client", "IOUserClient", f->ctrl, NULL);
	registry_unlock(f->reg);
	registry_rdlock(f->reg);
}

static void done(struct fixture *f)
{
	registry_unlock(f->reg);
	talloc_free(f->vctx);
	talloc_free(f->reg);
}

/* A matching dictionary from "key", value pairs, ending with NULL. */
static struct reg_value *dict(struct fixture *f, const char *key, ...)
{
	struct reg_value *d = reg_value_new_dict(f->vctx);
	va_list ap;

	va_start(ap, key);
	for (; key; key = va_arg(ap, const char *)) {
		struct reg_value *v = va_arg(ap, struct reg_value *);
		ck_assert_ptr_nonnull(v);
		ck_assert_int_eq(reg_dict_set(d, key, v), 0);
	}
	va_end(ap);
	return d;
}

static struct reg_value *vstr(struct fixture *f, const char *s)
{
	return reg_value_new_string(f->vctx, s);
}

static struct reg_value *vnum(struct fixture *f, int64_t n)
{
	return reg_value_new_number(f->vctx, n, 0);
}

static struct reg_value *varray(struct fixture *f, enum reg_value_type type, ...)
{
	struct reg_value *a = type == REG_SET ? reg_value_new_set(f->vctx)
					      : reg_value_new_array(f->vctx);
	va_list ap;
	struct reg_value *v;

	va_start(ap, type);
	while ((v = va_arg(ap, struct reg_value *)))
		ck_assert_int_eq(reg_array_append(a, v), 0);
	va_end(ap);
	return a;
}

/* Runs the match and compares with the expected entries, in order. */
static void expect_at(int line, struct fixture *f, const struct reg_value *m, ...)
{
	struct reg_entry **found, *want[32];
	size_t n, nwant = 0;
	va_list ap;
	struct reg_entry *e;

	va_start(ap, m);
	while ((e = va_arg(ap, struct reg_entry *)))
		want[nwant++] = e;
	va_end(ap);
	ck_assert_int_eq(registry_match(test_ctx, f->reg, m, false, &found, &n), 0);
	for (size_t i = 0; i < n && i < nwant; i++)
		ck_assert_msg(found[i] == want[i], "line %d: result %zu: got %s, want %s", line,
			      i, found[i]->name, want[i]->name);
	ck_assert_msg(n == nwant, "line %d: %zu results, want %zu", line, n, nwant);
	talloc_free(found);
}

#define expect(...) expect_at(__LINE__, __VA_ARGS__)

START_TEST(test_provider_class)
{
	struct fixture f;
	struct reg_entry **found;
	size_t n;

	build(&f);
	/* Subclass instances nest where their first instance was created. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"), NULL),
	       f.disk0, f.apfs1, f.apfs2, f.disk0s1, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "AppleAPFSMedia"), NULL),
	       f.apfs1, f.apfs2, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPMPowerSource"), NULL),
	       f.battery, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "NoSuchClass"), NULL), NULL);
	/* Every active, registered and matched service. */
	ck_assert_int_eq(registry_match(test_ctx, f.reg,
					dict(&f, "IOProviderClass", vstr(&f, "IOService"), NULL),
					false, &found, &n), 0);
	ck_assert_uint_eq(n, 13);
	for (size_t i = 0; i < n; i++) {
		ck_assert(found[i] != f.inactive && found[i] != f.registering &&
			  found[i] != f.plain);
		for (size_t j = 0; j < i; j++)
			ck_assert(found[i] != found[j]);
	}
	talloc_free(found);
	/* An empty table tests every service; IOProviderClass of another type
	 * is no class test. */
	ck_assert_int_eq(registry_match(test_ctx, f.reg, dict(&f, NULL), false, &found, &n), 0);
	ck_assert_uint_eq(n, 13);
	talloc_free(found);
	ck_assert_int_eq(registry_match(test_ctx, f.reg,
					dict(&f, "IOProviderClass",
					     varray(&f, REG_ARRAY, vstr(&f, "IOMedia"), NULL), NULL),
					false, &found, &n), 0);
	ck_assert_uint_eq(n, 13);
	talloc_free(found);
	/* First only. */
	ck_assert_int_eq(registry_match(test_ctx, f.reg,
					dict(&f, "IOProviderClass", vstr(&f, "IOMedia"), NULL),
					true, &found, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_ptr_eq(found[0], f.disk0);
	talloc_free(found);
	/* Bad input. */
	ck_assert_int_eq(registry_match(test_ctx, f.reg, vstr(&f, "IOMedia"), false, &found,
					&n), -1);
	ck_assert_int_eq(registry_match(test_ctx, f.reg, NULL, false, &found, &n), -1);
	done(&f);
}
END_TEST

START_TEST(test_state_and_passive)
{
	struct fixture f;
	struct reg_value *m;

	build(&f);
	m = dict(&f, "IOProviderClass", vstr(&f, "IOMedia"), NULL);
	/* Left out of lookups, but passiveMatch has no state check. */
	ck_assert(registry_entry_matches(f.reg, f.inactive, m));
	ck_assert(registry_entry_matches(f.reg, f.registering, m));
	ck_assert(!registry_entry_matches(f.reg, f.battery, m));
	ck_assert(!registry_entry_matches(f.reg, f.plain, m));
	ck_assert(registry_entry_matches(f.reg, f.plain, dict(&f, "IONameMatch",
							       vstr(&f, "disk0"), NULL)));
	ck_assert(!registry_entry_matches(f.reg, f.disk0, vstr(&f, "x")));
	ck_assert(!registry_entry_matches(f.reg, NULL, m));
	done(&f);
}
END_TEST

START_TEST(test_name_match)
{
	struct fixture f;

	build(&f);
	/* The global name, for ordinary services. */
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "disk0s1"), NULL), f.disk0s1, NULL);
	expect(&f, dict(&f, "IONameMatch", varray(&f, REG_ARRAY, vstr(&f, "nope"),
						 vstr(&f, "apfs2"), vstr(&f, "disk0s1"), NULL),
			NULL), f.apfs2, f.disk0s1, NULL);
	expect(&f, dict(&f, "IONameMatch", varray(&f, REG_SET, vstr(&f, "apfs1"), NULL),
			NULL), f.apfs1, NULL);
	/* A dictionary offers its keys. */
	expect(&f, dict(&f, "IONameMatch", dict(&f, "apfs1", vnum(&f, 1), NULL), NULL),
	       f.apfs1, NULL);
	/* Iteration stops at the first item that is not a string. */
	expect(&f, dict(&f, "IONameMatch", varray(&f, REG_ARRAY, vnum(&f, 1),
						 vstr(&f, "apfs1"), NULL), NULL), NULL);
	expect(&f, dict(&f, "IONameMatch", vnum(&f, 1), NULL), NULL);
	/* Device-tree style nubs: name, compatible, device_type, model; a
	 * trailing '*' is a prefix; their global name does not count. */
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "PNP0A03"), NULL), f.pci0, NULL);
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "PNP0A*"), NULL), f.pci0, NULL);
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "PNP0A0"), NULL), NULL);
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "PCI0"), NULL), NULL);
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "pciclass,030000"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "display"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IONameMatch", vstr(&f, "MacBookPro15,1"), NULL), f.pe, NULL);
	ck_assert(reg_dt_compare_key("a*", reg_value_new_string(f.vctx, "abc")));
	ck_assert(reg_dt_compare_key("*", reg_value_new_data(f.vctx, "", 0)) == false);
	ck_assert(reg_dt_compare_key("x", reg_value_new_data(f.vctx, "y\0x", 3)));
	ck_assert(!reg_dt_compare_key("x", vnum(&f, 1)));
	done(&f);
}
END_TEST

START_TEST(test_property_match)
{
	struct fixture f;

	build(&f);
	/* Subset test; numbers by value whatever their width; a string equals
	 * data with the same bytes and an optional NUL. */
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "Whole", reg_value_new_bool(f.vctx, true),
						     "BSD Unit", vnum(&f, 0), NULL), NULL),
	       f.disk0, NULL);
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "Size",
						     reg_value_new_number(f.vctx, 500107862016, 64),
						     NULL), NULL), f.disk0, NULL);
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "BSD Name", vstr(&f, "disk0s1"), NULL),
			NULL), f.disk0s1, NULL);
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "compatible",
						     vstr(&f, "MacBookPro15,1"), NULL), NULL),
	       f.pe, NULL);
	/* A collection of dictionaries is an OR. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"IOPropertyMatch",
			varray(&f, REG_ARRAY, dict(&f, "BSD Name", vstr(&f, "disk1"), NULL),
			       dict(&f, "BSD Name", vstr(&f, "disk0"), NULL), NULL), NULL),
	       f.disk0, f.apfs1, NULL);
	/* Nested dictionaries must be equal, not a subset. */
	expect(&f, dict(&f, "IOPropertyMatch",
			dict(&f, "Device Characteristics",
			     dict(&f, "Protocol", vstr(&f, "PCI"), NULL), NULL), NULL), NULL);
	expect(&f, dict(&f, "IOPropertyMatch",
			dict(&f, "Device Characteristics",
			     dict(&f, "Physical", vstr(&f, "Internal"),
				  "Protocol", vstr(&f, "PCI"), NULL), NULL), NULL), f.disk0, NULL);
	/* A missing key, a wrong value, a value that is no dictionary. */
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "Nope", vnum(&f, 1), NULL), NULL), NULL);
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "Whole", vnum(&f, 1), NULL), NULL), NULL);
	expect(&f, dict(&f, "IOPropertyMatch", vstr(&f, "Whole"), NULL), NULL);
	/* IOUserServiceProperties count as properties. */
	expect(&f, dict(&f, "IOPropertyMatch", dict(&f, "Hidden",
						     reg_value_new_bool(f.vctx, true), NULL), NULL),
	       f.apfs2, NULL);
	/* IOPropertyExistsMatch: one key, or any of several. */
	expect(&f, dict(&f, "IOPropertyExistsMatch", vstr(&f, "CycleCount"), NULL),
	       f.battery, NULL);
	expect(&f, dict(&f, "IOPropertyExistsMatch",
			varray(&f, REG_ARRAY, vstr(&f, "CycleCount"), vstr(&f, "idVendor"), NULL),
			NULL), f.usb, f.battery, NULL);
	expect(&f, dict(&f, "IOPropertyExistsMatch", vstr(&f, "Hidden"), NULL), f.apfs2, NULL);
	expect(&f, dict(&f, "IOPropertyExistsMatch", vnum(&f, 3), NULL), NULL);
	done(&f);
}
END_TEST

START_TEST(test_other_keys)
{
	struct fixture f;

	build(&f);
	expect(&f, dict(&f, "IOLocationMatch", vstr(&f, "2"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOLocationMatch", vstr(&f, "02"), NULL), NULL);
	expect(&f, dict(&f, "IOPathMatch",
			vstr(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/IGPU@2"), NULL),
	       f.gfx, NULL);
	expect(&f, dict(&f, "IOPathMatch", vstr(&f, "/AppleACPIPlatformExpert"), NULL), NULL);
	expect(&f, dict(&f, "IORegistryEntryID", reg_value_new_number(f.vctx, (int64_t)f.usb->id,
								      64), NULL), f.usb, NULL);
	expect(&f, dict(&f, "IORegistryEntryID", vnum(&f, 12345), NULL), NULL);
	/* One named entry still has to pass the class, state and other keys. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"), "IORegistryEntryID",
			reg_value_new_number(f.vctx, (int64_t)f.usb->id, 64), NULL), NULL);
	expect(&f, dict(&f, "IORegistryEntryID",
			reg_value_new_number(f.vctx, (int64_t)f.inactive->id, 64), NULL), NULL);
	expect(&f, dict(&f, "IORegistryEntryID",
			reg_value_new_number(f.vctx, (int64_t)f.disk0->id, 64),
			"BSD Name", vstr(&f, "disk1"), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"), "IOPathMatch",
			vstr(&f, "IOService:/AppleACPIPlatformExpert/PCI0@0/IGPU@2"), NULL), NULL);
	expect(&f, dict(&f, "BSD Name", vstr(&f, "disk1s1"), NULL), f.apfs2, NULL);
	expect(&f, dict(&f, "BSD Name", vstr(&f, "disk0s1"), NULL), f.disk0s1, NULL);
	expect(&f, dict(&f, "BSD Unit", vnum(&f, 0), NULL), f.disk0, NULL);
	expect(&f, dict(&f, "BSD Name", vstr(&f, "disk9"), NULL), NULL);
	/* Clients that are active and carry IOMatchCategory. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IONVMeController"),
			"IOMatchedServiceCountMatch", vnum(&f, 1), NULL), f.ctrl, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IONVMeController"),
			"IOMatchedServiceCountMatch", vnum(&f, 2), NULL), NULL);
	/* Keys no one handles are ignored (IOService::matchPropertyTable). */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "AppleAPFSMedia"),
			"SomethingElse", vnum(&f, 7), "IOProbeScore", vnum(&f, 1000), NULL),
	       f.apfs1, f.apfs2, NULL);
	/* All keys AND. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"BSD Name", vstr(&f, "disk1"), "IONameMatch", vstr(&f, "apfs1"), NULL),
	       f.apfs1, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"BSD Name", vstr(&f, "disk1"), "IONameMatch", vstr(&f, "disk0"), NULL),
	       NULL);
	done(&f);
}
END_TEST

START_TEST(test_parent_and_location_tables)
{
	struct fixture f;
	struct reg_value *deep;

	build(&f);
	/* IOParentMatch: any provider up to the root. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"IOParentMatch", dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"), NULL),
			NULL), f.disk0, f.apfs1, f.apfs2, f.disk0s1, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"IOParentMatch", dict(&f, "BSD Name", vstr(&f, "disk0"), NULL), NULL),
	       f.apfs1, f.apfs2, f.disk0s1, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"IOParentMatch", dict(&f, "IOProviderClass", vstr(&f, "IOUSBHostDevice"),
					      NULL), NULL), NULL);
	/* Nested: a parent that itself has a matching parent. */
	expect(&f, dict(&f, "BSD Name", vstr(&f, "disk1"),
			"IOParentMatch", dict(&f, "IONameMatch", vstr(&f, "disk0"),
					      "IOParentMatch", dict(&f, "IONameMatch",
								    vstr(&f, "PNP0A08"), NULL),
					      NULL), NULL), f.apfs1, NULL);
	/* IOLocationMatch as a table: tried on the nearest location-bearing
	 * provider (IOPCIDevice, IOPlatformDevice). */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IONVMeController"),
			"IOLocationMatch", dict(&f, "IOLocationMatch", vstr(&f, "2"), NULL), NULL),
	       f.ctrl, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOMedia"),
			"IOLocationMatch", dict(&f, "IONameMatch", vstr(&f, "display"), NULL),
			NULL), f.disk0, f.apfs1, f.apfs2, f.disk0s1, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IONVMeController"),
			"IOLocationMatch", dict(&f, "IOLocationMatch", vstr(&f, "0"), NULL), NULL),
	       NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "AppleSmartBattery"),
			"IOLocationMatch", dict(&f, NULL), NULL), NULL);
	/* A deep chain of parent tables ends without trouble. */
	deep = dict(&f, "IOProviderClass", vstr(&f, "IOService"), NULL);
	for (int i = 0; i < 2000; i++)
		deep = dict(&f, "IOParentMatch", deep, NULL);
	expect(&f, deep, NULL);
	done(&f);
}
END_TEST

START_TEST(test_resources)
{
	struct fixture f;

	build(&f);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"), NULL), f.resources, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"),
			"IOResourceMatch", vstr(&f, "IOKit"), NULL), f.resources, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"),
			"IOResourceMatch", vstr(&f, "IOFirmware"), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"),
			"IOResourceMatch", varray(&f, REG_SET, vstr(&f, "IOKit"),
						  vstr(&f, "IOBSD"), NULL), NULL), f.resources, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"),
			"IOResourceMatch", varray(&f, REG_SET, vstr(&f, "IOKit"),
						  vstr(&f, "Nope"), NULL), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"),
			"IOResourceMatched", vstr(&f, "IOConsoleUsers"), NULL), f.resources, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOResources"),
			"IOResourceMatched", vstr(&f, "Other"), NULL), NULL);
	done(&f);
}
END_TEST

START_TEST(test_families)
{
	struct fixture f;

	build(&f);
	/* Without a class, other families ignore PCI keys (IOService's default
	 * matchPropertyTable), as on macOS. */
	expect(&f, dict(&f, "IOPCIMatch", vstr(&f, "0x3e9b8086"), "IONameMatch",
			vstr(&f, "disk0"), NULL), f.disk0, NULL);
	/* PCI: vendor/device, subsystem, class with masks. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIMatch", vstr(&f, "0x3e9b8086"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIMatch", vstr(&f, "0x12345678 0x3e9b8086"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIMatch", vstr(&f, "0x00008086&0x0000ffff"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIMatch", vstr(&f, "0x012a106b"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIPrimaryMatch", vstr(&f, "0x012a106b"), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCISecondaryMatch", vstr(&f, "0x012a106b"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIClassMatch", vstr(&f, "0x03000000&0xff000000"), NULL), f.gfx,
	       NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIClassMatch", vstr(&f, "0x03000000"), NULL), f.gfx, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIClassMatch", vstr(&f, "0x02000000"), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIMatch", vstr(&f, "nothex"), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOPCIDevice"),
			"IOPCIMatch", vnum(&f, 0x3e9b8086), NULL), NULL);
	ck_assert(match_pci_keys("0x1&0xf", 0x11, 0xffffffff));
	ck_assert(!match_pci_keys("0x1", 0x11, 0xffffffff));
	ck_assert(match_pci_keys("0x5 0x7  &0xff 0x9", 0x107, 0xffffffff));
	ck_assert(!match_pci_keys("", 0, 0));
	/* An empty mask reads as 0, which accepts anything (strtoul's rule). */
	ck_assert(match_pci_keys("0x1&", 0x11, 0xffffffff));
	/* USB. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOUSBHostDevice"),
			"idVendor", vnum(&f, 0x5ac), "idProduct", vnum(&f, 0x8233), NULL), f.usb,
	       NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOUSBHostDevice"),
			"idVendor", vnum(&f, 0x5ac), "idProduct", vnum(&f, 0x8234), NULL), NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOUSBHostDevice"),
			"idProduct", vnum(&f, 0x8200), "idProductMask", vnum(&f, 0xff00), NULL),
	       f.usb, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOUSBHostDevice"),
			"idProductArray", varray(&f, REG_ARRAY, vnum(&f, 1), vnum(&f, 0x8233), NULL),
			NULL), f.usb, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOUSBHostDevice"),
			"idProductArray", varray(&f, REG_ARRAY, vnum(&f, 1), NULL), NULL), NULL);
	/* USB keys mean nothing to other families. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "AppleSmartBattery"),
			"idVendor", vnum(&f, 1), NULL), f.battery, NULL);
	done(&f);
}
END_TEST

static struct reg_value *usage_pair(struct fixture *f, void *ctx, int64_t page, int64_t usage)
{
	struct reg_value *d = reg_value_new_dict(ctx);

	ck_assert_int_eq(reg_dict_set(d, "DeviceUsagePage", reg_value_new_number(ctx, page, 32)),
			 0);
	ck_assert_int_eq(reg_dict_set(d, "DeviceUsage", reg_value_new_number(ctx, usage, 32)), 0);
	(void)f;
	return d;
}

static void hid_props(struct fixture *f, struct reg_entry *e, int64_t page, int64_t usage,
		      int64_t product)
{
	prop(f, e, "PrimaryUsagePage", reg_value_new_number(f->reg, page, 32));
	prop(f, e, "PrimaryUsage", reg_value_new_number(f->reg, usage, 32));
	prop(f, e, "VendorID", reg_value_new_number(f->reg, 0x5ac, 32));
	prop(f, e, "ProductID", reg_value_new_number(f->reg, product, 32));
}

START_TEST(test_hid_usage)
{
	struct fixture f;
	struct reg_entry *kbd, *mouse, *lkbd, *bare, *events;
	struct reg_value *pairs;

	build(&f);
	registry_unlock(f.reg);
	registry_wrlock(f.reg);
	/* A keyboard with a consumer-control collection, a mouse, a Linux
	 * keyboard publishing only its primary usage, a Linux HID device with
	 * no usage at all, and a vendor event service. */
	ck_assert_ptr_nonnull(registry_class_declare(f.reg, "AppleHIDKeyboard", "IOHIDDevice"));
	kbd = add(&f, "Keyboard", "AppleHIDKeyboard", f.pe, NULL);
	mouse = add(&f, "Mouse", "IOHIDDevice", f.pe, NULL);
	lkbd = add(&f, "LinuxKeyboard", "IOHIDDevice", f.pe, NULL);
	bare = add(&f, "LinuxHID", "IOHIDDevice", f.pe, NULL);
	events = add(&f, "Events", "IOHIDEventService", f.pe, NULL);
	hid_props(&f, kbd, 1, 6, 0x27e);
	prop(&f, kbd, "Transport", STR(&f, "SPI"));
	pairs = reg_value_new_array(f.reg);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 1, 6)), 0);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 12, 1)), 0);
	prop(&f, kbd, "DeviceUsagePairs", pairs);
	hid_props(&f, mouse, 1, 2, 0x30d);
	pairs = reg_value_new_array(f.reg);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 1, 2)), 0);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 1, 1)), 0);
	prop(&f, mouse, "DeviceUsagePairs", pairs);
	hid_props(&f, lkbd, 1, 6, 0x1);
	prop(&f, bare, "VendorID", reg_value_new_number(f.reg, 0x5ac, 32));
	pairs = reg_value_new_array(f.reg);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 0xff00, 3)), 0);
	prop(&f, events, "DeviceUsagePairs", pairs);
	registry_unlock(f.reg);
	registry_rdlock(f.reg);

	/* A keyboard query finds keyboards only (no mice). */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePage",
			vnum(&f, 1), "DeviceUsage", vnum(&f, 6), NULL), kbd, lkbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePage",
			vnum(&f, 1), "DeviceUsage", vnum(&f, 2), NULL), mouse, NULL);
	/* Any pair counts, not only the primary one; a page alone matches
	 * every usage of it. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePage",
			vnum(&f, 12), NULL), kbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePage",
			vnum(&f, 1), NULL), kbd, mouse, lkbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePage",
			vnum(&f, 7), NULL), NULL);
	/* macOS: a usage without a page constrains nothing (bare has no
	 * usage at all, so no usage key matches it). */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsage",
			vnum(&f, 99), NULL), kbd, mouse, lkbd, NULL);
	/* DeviceUsagePairs in the table: any of its pairs. */
	pairs = reg_value_new_array(f.vctx);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 1, 2)), 0);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 12, 1)), 0);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePairs",
			pairs, NULL), kbd, mouse, NULL);
	pairs = reg_value_new_array(f.vctx);
	ck_assert_int_eq(reg_array_append(pairs, usage_pair(&f, pairs, 7, 0)), 0);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "DeviceUsagePairs",
			pairs, NULL), NULL);
	/* Primary usage and the other HID keys compare with the property. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "PrimaryUsagePage",
			vnum(&f, 1), "PrimaryUsage", vnum(&f, 6), NULL), kbd, lkbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "Transport",
			vstr(&f, "SPI"), NULL), kbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "VendorID",
			vnum(&f, 0x5ac), NULL), kbd, mouse, lkbd, bare, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "ProductID",
			vnum(&f, 0x27e), NULL), kbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "ProductID",
			vnum(&f, 0x200), "ProductIDMask", vnum(&f, 0xff00), NULL), kbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "ProductIDArray",
			varray(&f, REG_ARRAY, vnum(&f, 0x30d), vnum(&f, 1), NULL), NULL),
	       mouse, lkbd, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDDevice"), "ProductIDArray",
			varray(&f, REG_ARRAY, vnum(&f, 0x300), NULL), "ProductIDMask",
			vnum(&f, 0xff00), NULL), mouse, NULL);
	/* IOHIDEventService matches the same way. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDEventService"), "DeviceUsagePage",
			vnum(&f, 0xff00), "DeviceUsage", vnum(&f, 3), NULL), events, NULL);
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "IOHIDEventService"), "DeviceUsagePage",
			vnum(&f, 1), NULL), NULL);
	/* HID keys mean nothing to other families. */
	expect(&f, dict(&f, "IOProviderClass", vstr(&f, "AppleSmartBattery"), "DeviceUsagePage",
			vnum(&f, 1), NULL), f.battery, NULL);
	done(&f);
}
END_TEST

START_TEST(test_value_equality)
{
	void *c = test_ctx;
	struct reg_value *s = reg_value_new_string(c, "abc");
	struct reg_value *d3 = reg_value_new_data(c, "abc", 3);
	struct reg_value *d4 = reg_value_new_data(c, "abc", 4);
	struct reg_value *d5 = reg_value_new_data(c, "abc\0\0", 5);
	struct reg_value *dx = reg_value_new_data(c, "abcd", 4);
	struct reg_value *n8 = reg_value_new_number(c, 5, 8);
	struct reg_value *n64 = reg_value_new_number(c, 5, 64);
	struct reg_value *a1 = reg_value_new_array(c), *a2 = reg_value_new_array(c);
	struct reg_value *s1 = reg_value_new_set(c), *s2 = reg_value_new_set(c);

	ck_assert(reg_match_value_equal(s, d3));
	ck_assert(reg_match_value_equal(d4, s));
	ck_assert(!reg_match_value_equal(s, d5));
	ck_assert(!reg_match_value_equal(s, dx));
	ck_assert(reg_match_value_equal(n8, n64));
	{
		/* OSNumber's unsigned, width-masked values. */
		struct reg_value *w16 = reg_value_new_number(c, 0x8233, 16);
		struct reg_value *w32 = reg_value_new_number(c, 0x8233, 32);
		struct reg_value *m32 = reg_value_new_number(c, -1, 32);
		struct reg_value *m64 = reg_value_new_number(c, -1, 64);
		ck_assert(reg_match_value_equal(w16, w32));
		ck_assert(!reg_match_value_equal(m32, m64));
		ck_assert_uint_eq(reg_match_number_value(m32), 0xffffffffu);
		talloc_free(w16);
		talloc_free(w32);
		talloc_free(m32);
		talloc_free(m64);
	}
	ck_assert(!reg_match_value_equal(s, n8));
	ck_assert(!reg_match_value_equal(s, NULL));
	reg_array_append(a1, reg_value_new_string(a1, "x"));
	reg_array_append(a1, reg_value_new_string(a1, "y"));
	reg_array_append(a2, reg_value_new_data(a2, "x", 2));
	reg_array_append(a2, reg_value_new_string(a2, "y"));
	ck_assert(reg_match_value_equal(a1, a2));
	reg_array_append(s1, reg_value_new_string(s1, "x"));
	reg_array_append(s1, reg_value_new_string(s1, "y"));
	reg_array_append(s2, reg_value_new_string(s2, "y"));
	reg_array_append(s2, reg_value_new_string(s2, "x"));
	ck_assert(reg_match_value_equal(s1, s2));
	ck_assert(!reg_match_value_equal(a1, s1));
	talloc_free(s);
	talloc_free(d3);
	talloc_free(d4);
	talloc_free(d5);
	talloc_free(dx);
	talloc_free(n8);
	talloc_free(n64);
	talloc_free(a1);
	talloc_free(a2);
	talloc_free(s1);
	talloc_free(s2);
}
END_TEST

/* The indexed paths (IONameMatch, IOPropertyMatch, IOService alone) give
 * what testing every candidate gives, in the same order, before and after
 * changes that make the indexes stale. */
static void expect_same_as_walk(int line, struct fixture *f, const struct reg_value *m)
{
	struct reg_value *all = dict(f, "IOProviderClass", vstr(f, "IORegistryEntry"), NULL);
	struct reg_entry **found, **every;
	size_t n, nevery, k = 0;

	/* IORegistryEntry is not indexed: a walk of every instance. */
	ck_assert_int_eq(registry_match(test_ctx, f->reg, all, false, &every, &nevery), 0);
	ck_assert_int_eq(registry_match(test_ctx, f->reg, m, false, &found, &n), 0);
	for (size_t i = 0; i < nevery; i++) {
		if (!every[i]->is_service || !registry_entry_matches(f->reg, every[i], m))
			continue;
		ck_assert_msg(k < n, "line %d: missing %s", line, every[i]->name);
		ck_assert_msg(found[k] == every[i], "line %d: result %zu: got %s, want %s",
			      line, k, found[k]->name, every[i]->name);
		k++;
	}
	ck_assert_msg(k == n, "line %d: %zu results, want %zu", line, n, k);
	talloc_free(found);
	talloc_free(every);
}

#define same_as_walk(f, m) expect_same_as_walk(__LINE__, f, m)

static void indexed_cases(struct fixture *f)
{
	struct reg_value *both = reg_value_new_dict(f->vctx);

	same_as_walk(f, dict(f, "IOProviderClass", vstr(f, "IOService"), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vstr(f, "disk0"), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vstr(f, "PNP0A03"), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vstr(f, "pci8086,3e9b"), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vstr(f, "pci8086,*"), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vstr(f, "display"), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vstr(f, "MacBookPro15,1"), NULL));
	same_as_walk(f, dict(f, "IONameMatch",
			     varray(f, REG_ARRAY, vstr(f, "apfs2"), vstr(f, "disk0"),
				    vstr(f, "PNP0A08"), NULL), NULL));
	same_as_walk(f, dict(f, "IONameMatch", vnum(f, 3), NULL));
	same_as_walk(f, dict(f, "IOProviderClass", vstr(f, "IOMedia"),
			     "IONameMatch", vstr(f, "disk0s1"), NULL));
	same_as_walk(f, dict(f, "IOPropertyMatch",
			     dict(f, "BSD Name", vstr(f, "disk0s1"), NULL), NULL));
	same_as_walk(f, dict(f, "IOPropertyMatch", dict(f, "Whole",
			     reg_value_new_bool(f->vctx, false), NULL), NULL));
	same_as_walk(f, dict(f, "IOPropertyMatch", dict(f, "idProduct", vnum(f, 0x8233), NULL),
			     NULL));
	same_as_walk(f, dict(f, "IOPropertyMatch", dict(f, "Hidden",
			     reg_value_new_bool(f->vctx, true), NULL), NULL));
	same_as_walk(f, dict(f, "IOPropertyMatch",
			     varray(f, REG_ARRAY, dict(f, "CycleCount", vnum(f, 120), NULL),
				    dict(f, "Whole", reg_value_new_bool(f->vctx, true), NULL),
				    NULL), NULL));
	same_as_walk(f, dict(f, "IOPropertyMatch", reg_value_new_dict(f->vctx), NULL));
	reg_dict_set(both, "Protocol", vstr(f, "PCI"));
	same_as_walk(f, dict(f, "IOPropertyMatch", dict(f, "Device Characteristics", both, NULL),
			     NULL));
}

START_TEST(test_indexed_matching)
{
	struct fixture f;
	struct reg_entry *extra;

	build(&f);
	indexed_cases(&f);
	/* Changes: a name, a property, a class, a state, new and removed
	 * entries; each must reach the indexes. */
	registry_unlock(f.reg);
	registry_wrlock(f.reg);
	ck_assert_int_eq(registry_entry_set_name(f.reg, f.apfs1, REG_NO_PLANE, "disk0s1"), 0);
	prop(&f, f.disk0, "Whole", reg_value_new_bool(f.reg, false));
	prop(&f, f.gfx, "compatible", DATA(&f, "pci8086,3e9c\0"));
	ck_assert_int_eq(registry_entry_set_class(f.reg, f.battery, "IOMedia"), 0);
	registry_entry_set_state(f.reg, f.registering,
				 REG_STATE_REGISTERED | REG_STATE_MATCHED);
	extra = add(&f, "disk0", "IOMedia", f.ctrl, NULL);
	prop(&f, extra, "CycleCount", NUM(&f, 120));
	registry_entry_remove(f.reg, f.apfs2);
	registry_unlock(f.reg);
	registry_rdlock(f.reg);
	indexed_cases(&f);
	same_as_walk(&f, dict(&f, "IONameMatch", vstr(&f, "pci8086,3e9c"), NULL));
	same_as_walk(&f, dict(&f, "IONameMatch", vstr(&f, "late"), NULL));
	done(&f);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("match");
	TCase *tc = tcase_create("match");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_provider_class);
	tcase_add_test(tc, test_state_and_passive);
	tcase_add_test(tc, test_name_match);
	tcase_add_test(tc, test_property_match);
	tcase_add_test(tc, test_other_keys);
	tcase_add_test(tc, test_parent_and_location_tables);
	tcase_add_test(tc, test_resources);
	tcase_add_test(tc, test_families);
	tcase_add_test(tc, test_hid_usage);
	tcase_add_test(tc, test_value_equality);
	tcase_add_test(tc, test_indexed_matching);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
