/* Unit tests for registry/rpc.c: libIOKit's calls on the registry side,
 * through the same binary serialization the control file carries. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "ioreturn.h"
#include "leak_check.h"
#include "match.h"
#include "test_util.h"
#include "registry.h"
#include "rpc.h"
#include "value_binary.h"

static struct registry *reg;
static struct reg_entry *platform, *pci, *usb, *disk;
static int svc, dt;

/* Root -> MacBookPro15,1 -> PCI0@0 -> {XHC1@14, SSD0@1}, and the platform
 * also in IODeviceTree as "/". */
static void build(void)
{
	reg = registry_new(test_ctx);
	svc = registry_add_plane(reg, "IOService");
	dt = registry_add_plane(reg, "IODeviceTree");
	platform = registry_entry_new(reg, 0, "MacBookPro15,1", "IOPlatformExpertDevice");
	pci = registry_entry_new(reg, 0, "PCI0", "IOPCIBridge");
	usb = registry_entry_new(reg, 0, "XHC1", "IOPCIDevice");
	disk = registry_entry_new(reg, 0, "SSD0", "IOMedia");
	registry_attach(reg, platform, registry_root(reg), svc);
	registry_attach(reg, platform, registry_root(reg), dt);
	registry_entry_set_name(reg, platform, dt, "/");
	registry_attach(reg, pci, platform, svc);
	registry_attach(reg, usb, pci, svc);
	registry_attach(reg, disk, pci, svc);
	registry_entry_set_location(reg, pci, REG_NO_PLANE, "0");
	registry_entry_set_location(reg, usb, REG_NO_PLANE, "14");
	registry_entry_set_location(reg, disk, REG_NO_PLANE, "1");
	registry_set_property(reg, platform, "IOPlatformUUID",
			      reg_value_new_string(reg, "1234-5678"));
	registry_set_property(reg, disk, "BSD Name", reg_value_new_string(reg, "disk0"));
	registry_set_property(reg, usb, "vendor-id", reg_value_new_data(reg, "\x86\x80\0\0", 4));
}

static struct reg_value *args(void)
{
	return reg_value_new_dict(test_ctx);
}

static void set_id(struct reg_value *a, const struct reg_entry *e)
{
	reg_dict_set(a, "id", reg_value_new_number(a, (int64_t)e->id, 64));
}

/* Runs a request after a trip through the wire format, as the daemon does. */
static int call(uint32_t op, struct reg_value *a, struct reg_value **reply)
{
	struct reg_caller caller = { 0, 0, 1 };
	struct reg_value *wire_args = NULL;
	uint8_t *bin_reply = NULL;
	size_t len, reply_len = 0;
	int ret;

	if (a) {
		uint8_t *bin = reg_value_to_binary(test_ctx, a, &len);
		wire_args = reg_value_from_binary(test_ctx, bin, len, NULL);
		ck_assert_ptr_nonnull(wire_args);
		talloc_free(bin);
		talloc_free(a);
	}
	ret = registry_rpc(test_ctx, reg, op, wire_args, &caller, &bin_reply, &reply_len);
	talloc_free(wire_args);
	*reply = NULL;
	if (ret == REG_IO_SUCCESS) {
		ck_assert(op == RPC_OP_SET_PROPERTIES || bin_reply != NULL);
	} else {
		ck_assert_ptr_null(bin_reply);
	}
	if (bin_reply) {
		*reply = reg_value_from_binary(test_ctx, bin_reply, reply_len, NULL);
		ck_assert_ptr_nonnull(*reply);
		talloc_free(bin_reply);
	}
	return ret;
}

START_TEST(test_root_planes_generation)
{
	struct reg_value *r;

	build();
	ck_assert_int_eq(call(RPC_OP_ROOT, NULL, &r), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_dict_get(r, "id")->u.number.value, (int64_t)REG_ROOT_ID);
	talloc_free(r);
	ck_assert_int_eq(call(RPC_OP_PLANES, NULL, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq(reg_dict_get(r, "planes")->u.array.count, 2);
	talloc_free(r);
	ck_assert_int_eq(call(RPC_OP_GENERATION, NULL, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq((uint64_t)reg_dict_get(r, "generation")->u.number.value,
			  registry_generation(reg));
	talloc_free(r);
	ck_assert_int_eq(call(999, NULL, &r), REG_IO_UNSUPPORTED);
	ck_assert_ptr_null(r);
	talloc_free(reg);
}
END_TEST

START_TEST(test_entry_info_and_properties)
{
	struct reg_value *a = args(), *r, *info;

	build();
	set_id(a, platform);
	reg_dict_set(a, "plane", reg_value_new_string(a, "IODeviceTree"));
	ck_assert_int_eq(call(RPC_OP_ENTRY_INFO, a, &r), REG_IO_SUCCESS);
	info = reg_dict_get(r, "info");
	ck_assert_str_eq(reg_dict_get(info, "name")->u.string.chars, "/");
	ck_assert_str_eq(reg_dict_get(info, "class")->u.string.chars, "IOPlatformExpertDevice");
	ck_assert(reg_dict_get(info, "in_plane")->u.boolean);
	ck_assert_ptr_null(reg_dict_get(info, "location"));
	talloc_free(r);

	/* An unknown plane gives the global name. */
	a = args();
	set_id(a, platform);
	reg_dict_set(a, "plane", reg_value_new_string(a, "NoSuchPlane"));
	ck_assert_int_eq(call(RPC_OP_ENTRY_INFO, a, &r), REG_IO_SUCCESS);
	ck_assert_str_eq(reg_dict_get(reg_dict_get(r, "info"), "name")->u.string.chars,
			 "MacBookPro15,1");
	talloc_free(r);

	a = args();
	set_id(a, usb);
	ck_assert_int_eq(call(RPC_OP_PROPERTIES, a, &r), REG_IO_SUCCESS);
	ck_assert(reg_value_identical(reg_dict_get(r, "properties"), usb->properties));
	talloc_free(r);

	a = args();
	reg_dict_set(a, "id", reg_value_new_number(a, 42, 64));
	ck_assert_int_eq(call(RPC_OP_PROPERTIES, a, &r), REG_IO_BAD_ARGUMENT);
	talloc_free(reg);
}
END_TEST

START_TEST(test_property_search)
{
	struct reg_value *a = args(), *r;

	build();
	/* Not on the entry, not recursive: not found. */
	set_id(a, disk);
	reg_dict_set(a, "key", reg_value_new_string(a, "IOPlatformUUID"));
	ck_assert_int_eq(call(RPC_OP_PROPERTY, a, &r), REG_IO_NOT_FOUND);
	/* Recursively through the parents in IOService: found on the platform. */
	a = args();
	set_id(a, disk);
	reg_dict_set(a, "key", reg_value_new_string(a, "IOPlatformUUID"));
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	reg_dict_set(a, "options", reg_value_new_number(a, RPC_ITERATE_RECURSIVELY |
							   RPC_ITERATE_PARENTS, 32));
	ck_assert_int_eq(call(RPC_OP_PROPERTY, a, &r), REG_IO_SUCCESS);
	ck_assert_str_eq(reg_dict_get(r, "value")->u.string.chars, "1234-5678");
	talloc_free(r);
	/* Recursively down from the platform: the first in pre-order. */
	a = args();
	set_id(a, platform);
	reg_dict_set(a, "key", reg_value_new_string(a, "BSD Name"));
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	reg_dict_set(a, "options", reg_value_new_number(a, RPC_ITERATE_RECURSIVELY, 32));
	ck_assert_int_eq(call(RPC_OP_PROPERTY, a, &r), REG_IO_SUCCESS);
	ck_assert_str_eq(reg_dict_get(r, "value")->u.string.chars, "disk0");
	talloc_free(r);
	/* The property-keys pseudo property. */
	a = args();
	set_id(a, disk);
	reg_dict_set(a, "key", reg_value_new_string(a, "IORegistryEntryPropertyKeys"));
	ck_assert_int_eq(call(RPC_OP_PROPERTY, a, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq(reg_dict_get(r, "value")->u.array.count, 1);
	talloc_free(r);
	talloc_free(reg);
}
END_TEST

START_TEST(test_links_subtree_paths)
{
	struct reg_value *a = args(), *r, *entries;

	build();
	set_id(a, pci);
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	ck_assert_int_eq(call(RPC_OP_LINKS, a, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq(reg_dict_get(r, "ids")->u.array.count, 2);
	ck_assert_int_eq(reg_dict_get(r, "ids")->u.array.items[0]->u.number.value, (int64_t)usb->id);
	talloc_free(r);
	/* Unknown plane: success, no ids (IOKit returns a null iterator). */
	a = args();
	set_id(a, pci);
	reg_dict_set(a, "plane", reg_value_new_string(a, "Nope"));
	ck_assert_int_eq(call(RPC_OP_LINKS, a, &r), REG_IO_SUCCESS);
	ck_assert_ptr_null(reg_dict_get(r, "ids"));
	talloc_free(r);

	a = args();
	reg_dict_set(a, "id", reg_value_new_number(a, (int64_t)REG_ROOT_ID, 64));
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	ck_assert_int_eq(call(RPC_OP_SUBTREE, a, &r), REG_IO_SUCCESS);
	entries = reg_dict_get(r, "entries");
	ck_assert_uint_eq(entries->u.array.count, 4);
	ck_assert_str_eq(reg_dict_get(entries->u.array.items[0], "name")->u.string.chars,
			 "MacBookPro15,1");
	ck_assert_int_eq(reg_dict_get(entries->u.array.items[0], "depth")->u.number.value, 1);
	ck_assert_int_eq(reg_dict_get(entries->u.array.items[3], "depth")->u.number.value, 3);
	ck_assert_str_eq(reg_dict_get(entries->u.array.items[3], "location")->u.string.chars, "1");
	talloc_free(r);

	a = args();
	set_id(a, disk);
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	ck_assert_int_eq(call(RPC_OP_PATH, a, &r), REG_IO_SUCCESS);
	ck_assert_str_eq(reg_dict_get(r, "path")->u.string.chars, "IOService:/PCI0@0/SSD0@1");
	talloc_free(r);
	a = args();
	reg_dict_set(a, "path", reg_value_new_string(a, "IOService:/PCI0@0/SSD0@1"));
	ck_assert_int_eq(call(RPC_OP_LOOKUP_PATH, a, &r), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_dict_get(r, "id")->u.number.value, (int64_t)disk->id);
	talloc_free(r);
	a = args();
	reg_dict_set(a, "path", reg_value_new_string(a, "IOService:/PCI0@0/Nothing"));
	ck_assert_int_eq(call(RPC_OP_LOOKUP_PATH, a, &r), REG_IO_NOT_FOUND);
	talloc_free(reg);
}
END_TEST

START_TEST(test_match_and_set)
{
	struct reg_value *a = args(), *m, *r;

	build();
	m = reg_value_new_dict(a);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "IOPCIDevice"));
	reg_dict_set(a, "matching", m);
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_SUCCESS);
	/* IOPCIBridge derives from IOService, not IOPCIDevice: XHC1 only. */
	ck_assert_uint_eq(reg_dict_get(r, "ids")->u.array.count, 1);
	ck_assert_int_eq(reg_dict_get(r, "ids")->u.array.items[0]->u.number.value, (int64_t)usb->id);
	ck_assert_ptr_null(reg_dict_get(r, "infos"));	/* not asked for */
	talloc_free(r);

	/* Asked for: each result's info and properties, in one reply. */
	a = args();
	m = reg_value_new_dict(a);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "IOPCIDevice"));
	reg_dict_set(a, "matching", m);
	reg_dict_set(a, "with_properties", reg_value_new_bool(a, true));
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_SUCCESS);
	{
		const struct reg_value *infos = reg_dict_get(r, "infos"), *props, *vid;

		ck_assert_ptr_nonnull(infos);
		ck_assert_uint_eq(infos->u.array.count, 1);
		ck_assert_int_eq(reg_dict_get(infos->u.array.items[0], "id")->u.number.value,
				 (int64_t)usb->id);
		props = reg_dict_get(infos->u.array.items[0], "properties");
		ck_assert_ptr_nonnull(props);
		vid = reg_dict_get(props, "vendor-id");
		ck_assert_ptr_nonnull(vid);
		ck_assert_uint_eq(vid->u.data.len, 4);
		ck_assert_int_eq(memcmp(vid->u.data.bytes, "\x86\x80", 2), 0);
	}
	talloc_free(r);

	a = args();
	m = reg_value_new_dict(a);
	reg_dict_set(m, "BSD Name", reg_value_new_string(m, "disk0"));
	reg_dict_set(a, "matching", m);
	reg_dict_set(a, "first", reg_value_new_bool(a, true));
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq(reg_dict_get(r, "ids")->u.array.count, 1);
	ck_assert_int_eq(reg_dict_get(r, "ids")->u.array.items[0]->u.number.value, (int64_t)disk->id);
	talloc_free(r);

	/* IOServiceMatchPropertyTable on one entry. */
	a = args();
	set_id(a, usb);
	m = reg_value_new_dict(a);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "IOService"));
	reg_dict_set(a, "matching", m);
	ck_assert_int_eq(call(RPC_OP_MATCH_ENTRY, a, &r), REG_IO_SUCCESS);
	ck_assert(reg_dict_get(r, "matches")->u.boolean);
	talloc_free(r);

	a = args();
	set_id(a, disk);
	m = reg_value_new_dict(a);
	reg_dict_set(m, "Mine", reg_value_new_number(m, 5, 16));
	reg_dict_set(a, "value", m);
	ck_assert_int_eq(call(RPC_OP_SET_PROPERTIES, a, &r), REG_IO_UNSUPPORTED);
	registry_set_default_policy(reg, REG_SET_ANY);
	a = args();
	set_id(a, disk);
	m = reg_value_new_dict(a);
	reg_dict_set(m, "Mine", reg_value_new_number(m, 5, 16));
	reg_dict_set(a, "value", m);
	ck_assert_int_eq(call(RPC_OP_SET_PROPERTIES, a, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq(reg_entry_property(disk, "Mine")->u.number.width, 16);
	talloc_free(reg);
}
END_TEST

/* What libIOKit caches from one request: the class chain and class-name
 * override (IOObjectConformsTo, IOObjectGetClass), the global name beside
 * the plane's, and the infos of linked entries. */
START_TEST(test_info_for_libiokit)
{
	struct reg_value *a = args(), *r, *info, *supers, *entries;

	build();
	registry_set_property(reg, usb, "IOClassNameOverride",
			      reg_value_new_string(reg, "IOUSBHostDevice"));
	set_id(a, platform);
	reg_dict_set(a, "plane", reg_value_new_string(a, "IODeviceTree"));
	ck_assert_int_eq(call(RPC_OP_ENTRY_INFO, a, &r), REG_IO_SUCCESS);
	info = reg_dict_get(r, "info");
	ck_assert_str_eq(reg_dict_get(info, "name")->u.string.chars, "/");
	ck_assert_str_eq(reg_dict_get(info, "global_name")->u.string.chars, "MacBookPro15,1");
	ck_assert_ptr_null(reg_dict_get(info, "class_override"));
	supers = reg_dict_get(info, "superclasses");
	ck_assert_ptr_nonnull(supers);
	ck_assert_uint_ge(supers->u.array.count, 2);
	ck_assert_str_eq(supers->u.array.items[supers->u.array.count - 1]->u.string.chars,
			 "OSObject");
	for (size_t i = 0; i < supers->u.array.count; i++)
		ck_assert_str_ne(supers->u.array.items[i]->u.string.chars,
				 "IOPlatformExpertDevice");
	talloc_free(r);

	a = args();
	set_id(a, pci);
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	reg_dict_set(a, "info", reg_value_new_bool(a, true));
	ck_assert_int_eq(call(RPC_OP_LINKS, a, &r), REG_IO_SUCCESS);
	entries = reg_dict_get(r, "entries");
	ck_assert_ptr_nonnull(entries);
	ck_assert_uint_eq(entries->u.array.count, 2);
	info = entries->u.array.items[0];
	ck_assert_int_eq(reg_dict_get(info, "id")->u.number.value, (int64_t)usb->id);
	ck_assert_str_eq(reg_dict_get(info, "name")->u.string.chars, "XHC1");
	ck_assert_str_eq(reg_dict_get(info, "location")->u.string.chars, "14");
	ck_assert_ptr_null(reg_dict_get(info, "global_name"));
	ck_assert_str_eq(reg_dict_get(info, "class_override")->u.string.chars,
			 "IOUSBHostDevice");
	/* Listings carry the class chain too, so IOObjectConformsTo on an
	 * iterator's entry needs no request of its own. */
	ck_assert_str_eq(reg_dict_get(info, "superclasses")->u.array.items[0]->u.string.chars,
			 "IOService");
	talloc_free(r);

	/* Without info: ids only, as before. */
	a = args();
	set_id(a, pci);
	reg_dict_set(a, "plane", reg_value_new_string(a, "IOService"));
	ck_assert_int_eq(call(RPC_OP_LINKS, a, &r), REG_IO_SUCCESS);
	ck_assert_ptr_null(reg_dict_get(r, "entries"));
	talloc_free(r);
	talloc_free(reg);
}
END_TEST

/* A matching dictionary of n strings under key (an array), plus the name
 * of a real entry; optionally nested under IOParentMatch. */
static struct reg_value *names_matching(struct reg_value *a, const char *key, size_t n,
					bool in_parent)
{
	struct reg_value *m = reg_value_new_dict(a), *arr = reg_value_new_array(m);

	for (size_t i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "name%zu", i);
		ck_assert_int_eq(reg_array_append(arr, reg_value_new_string(arr, name)), 0);
	}
	ck_assert_int_eq(reg_array_append(arr, reg_value_new_string(arr, "SSD0")), 0);
	reg_dict_set(m, key, arr);
	if (in_parent) {
		struct reg_value *outer = reg_value_new_dict(a);

		reg_dict_set(outer, "IOParentMatch", m);
		return outer;
	}
	return m;
}

START_TEST(test_match_bounds)
{
	struct reg_value *a, *r, *m, *arr;

	build();
	/* REG_MATCH_COLLECTION_MAX items (n + the real name) are matched. */
	a = args();
	reg_dict_set(a, "matching",
		     names_matching(a, "IONameMatch", REG_MATCH_COLLECTION_MAX - 1, false));
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_SUCCESS);
	ck_assert_uint_eq(reg_dict_get(r, "ids")->u.array.count, 1);
	talloc_free(r);
	/* One more is kIOReturnBadArgument, before any matching. */
	a = args();
	reg_dict_set(a, "matching",
		     names_matching(a, "IONameMatch", REG_MATCH_COLLECTION_MAX, false));
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_BAD_ARGUMENT);
	a = args();
	reg_dict_set(a, "matching", names_matching(a, "IOProviderClass", 20000, false));
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_BAD_ARGUMENT);
	/* At any depth, and for IOServiceMatchPropertyTable too. */
	a = args();
	reg_dict_set(a, "matching", names_matching(a, "IONameMatch", 5000, true));
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_BAD_ARGUMENT);
	a = args();
	set_id(a, usb);
	reg_dict_set(a, "matching", names_matching(a, "IOPropertyExistsMatch", 2000, false));
	ck_assert_int_eq(call(RPC_OP_MATCH_ENTRY, a, &r), REG_IO_BAD_ARGUMENT);
	a = args();
	set_id(a, disk);
	reg_dict_set(a, "matching", names_matching(a, "IONameMatch", 10, false));
	ck_assert_int_eq(call(RPC_OP_MATCH_ENTRY, a, &r), REG_IO_SUCCESS);
	ck_assert(reg_dict_get(r, "matches")->u.boolean);
	talloc_free(r);

	/* The whole dictionary: 5 property dictionaries of 1000 keys each
	 * stay under the per-collection bound, but not under the total. */
	a = args();
	m = reg_value_new_dict(a);
	arr = reg_value_new_array(m);
	for (int d = 0; d < 5; d++) {
		struct reg_value *pd = reg_value_new_dict(arr);

		for (int k = 0; k < 1000; k++) {
			char key[32];

			snprintf(key, sizeof(key), "k%d", k);
			reg_dict_set(pd, key, reg_value_new_number(pd, k, 32));
		}
		ck_assert_int_eq(reg_array_append(arr, pd), 0);
	}
	reg_dict_set(m, "IOPropertyMatch", arr);
	ck_assert_int_eq(registry_match_check(m), REG_IO_BAD_ARGUMENT);
	reg_dict_set(a, "matching", m);
	ck_assert_int_eq(call(RPC_OP_MATCH, a, &r), REG_IO_BAD_ARGUMENT);
	/* Exactly REG_MATCH_VALUES_MAX values pass: 4 arrays of 1023 strings
	 * plus the arrays themselves are 4096. */
	m = reg_value_new_dict(test_ctx);
	for (int d = 0; d < 4; d++) {
		char key[16];

		arr = reg_value_new_array(m);
		for (int i = 0; i < 1023; i++)
			ck_assert_int_eq(reg_array_append(arr, reg_value_new_string(arr, "x")), 0);
		snprintf(key, sizeof(key), "K%d", d);
		reg_dict_set(m, key, arr);
	}
	ck_assert_int_eq(registry_match_check(m), REG_IO_SUCCESS);
	/* what a notification subscription is weighed by (fs/notify_file.c) */
	ck_assert_uint_eq(registry_match_values(m), REG_MATCH_VALUES_MAX);
	ck_assert_int_eq(reg_array_append(arr, reg_value_new_string(arr, "x")), 0);
	ck_assert_int_eq(registry_match_check(m), REG_IO_BAD_ARGUMENT);
	talloc_free(m);
	ck_assert_int_eq(registry_match_check(NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_uint_eq(registry_match_values(NULL), 0);
	m = reg_value_new_dict(test_ctx);
	ck_assert_uint_eq(registry_match_values(m), 0);
	reg_dict_set(m, "IOProviderClass", reg_value_new_string(m, "IOService"));
	ck_assert_uint_eq(registry_match_values(m), 1);
	talloc_free(m);
	talloc_free(reg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rpc");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_root_planes_generation);
	tcase_add_test(tc, test_entry_info_and_properties);
	tcase_add_test(tc, test_property_search);
	tcase_add_test(tc, test_links_subtree_paths);
	tcase_add_test(tc, test_match_and_set);
	tcase_add_test(tc, test_match_bounds);
	tcase_add_test(tc, test_info_for_libiokit);
	suite_add_tcase(s, tc);
	return test_run_suite(s);
}
