/* Unit tests for registry/sources/ioreg_xml.c: the `ioreg -a` loader and
 * writer, on small documents and on the MacBookPro15,1 archive
 * (archive -> ioreg_archive_dict -> XML -> new registry, plane by plane). */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>

#include "leak_check.h"
#include "test_util.h"
#include "registry.h"
#include "sources/ioreg_archive.h"
#include "sources/ioreg_xml.h"
#include "value_xml.h"


static struct registry *load_archive(void)
{
	char *path = test_data_path(test_ctx, "macbookpro15-1/registry.ioreg");
	struct reg_parse_error err = { 0 };
	struct registry *reg;
	size_t len;
	char *buf;

	if (!path)
		return NULL;
	buf = test_slurp(test_ctx, path, &len);
	reg = registry_new(test_ctx);
	ck_assert_ptr_nonnull(reg);
	ck_assert_msg(source_load_ioreg_archive(reg, buf, len, &err) == 0, "%s", err.message);
	talloc_free(buf);
	talloc_free(path);
	return reg;
}

static const char *loc_or_empty(const struct reg_entry *e, int plane)
{
	const char *l = reg_entry_location(e, plane);
	return l ? l : "";
}

/* Compares plane pa of a with plane pb of b entry by entry from Root;
 * returns the number of entries compared. */
static size_t compare_plane(struct registry *a, int pa, struct registry *b, int pb,
			    bool with_properties, bool with_inheritance)
{
	struct reg_entry **queue;
	size_t head = 0, tail = 0, cap = registry_entry_count(a) + 1;
	queue = talloc_array(test_ctx, struct reg_entry *, cap);
	ck_assert_ptr_nonnull(queue);
	queue[tail++] = registry_root(a);
	while (head < tail) {
		struct reg_entry *ea = queue[head++];
		struct reg_entry *eb = registry_entry_by_id(b, ea->id);

		ck_assert_msg(eb, "entry 0x%" PRIx64 " %s missing", ea->id, ea->name);
		ck_assert_msg(reg_entry_in_plane(eb, pb), "0x%" PRIx64 " not in plane", ea->id);
		ck_assert_str_eq(reg_entry_name(ea, pa), reg_entry_name(eb, pb));
		ck_assert_str_eq(loc_or_empty(ea, pa), loc_or_empty(eb, pb));
		ck_assert_str_eq(ea->cls->name, eb->cls->name);
		if (with_inheritance) {
			const struct reg_class *ca = ea->cls, *cb = eb->cls;
			for (; ca && cb; ca = ca->super, cb = cb->super)
				ck_assert_str_eq(ca->name, cb->name);
			ck_assert_msg(!ca && !cb, "class chains of %s differ", ea->name);
		}
		ck_assert_int_eq(ea->is_service, eb->is_service);
		ck_assert_uint_eq(ea->state, eb->state);
		ck_assert_uint_eq(ea->busy, eb->busy);
		ck_assert_uint_eq(ea->busy_time_ns, eb->busy_time_ns);
		ck_assert_uint_eq(ea->retain, eb->retain);
		if (with_properties)
			ck_assert_msg(reg_value_identical(ea->properties, eb->properties),
				      "properties of %s (0x%" PRIx64 ") differ", ea->name, ea->id);
		ck_assert_uint_eq(reg_entry_parent_count(ea, pa), reg_entry_parent_count(eb, pb));
		for (size_t i = 0; i < reg_entry_parent_count(ea, pa); i++)
			ck_assert_uint_eq(reg_entry_parent(ea, pa, i)->id,
					  reg_entry_parent(eb, pb, i)->id);
		ck_assert_uint_eq(reg_entry_child_count(ea, pa), reg_entry_child_count(eb, pb));
		for (size_t i = 0; i < reg_entry_child_count(ea, pa); i++) {
			struct reg_entry *c = reg_entry_child(ea, pa, i);
			ck_assert_uint_eq(c->id, reg_entry_child(eb, pb, i)->id);
			/* Visit an entry once: the first parent (in order) enqueues it. */
			if (reg_entry_parent(c, pa, 0) == ea) {
				ck_assert_uint_lt(tail, cap);
				queue[tail++] = c;
			}
		}
	}
	talloc_free(queue);
	return tail;
}

START_TEST(test_archive_round_trip_per_plane)
{
	struct registry *a = load_archive();

	if (!a) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	for (int p = 0; p < (int)registry_plane_count(a); p++) {
		const char *plane = registry_plane_name(a, p);
		struct registry *b = registry_new(test_ctx);
		struct reg_parse_error err = { 0 };
		struct reg_value *dict;
		size_t len, n;
		char *xml;
		int pb;

		dict = ioreg_archive_dict(test_ctx, a, registry_root(a), p, true, true);
		ck_assert_ptr_nonnull(dict);
		xml = reg_value_to_xml(test_ctx, dict, 0, &len);
		ck_assert_ptr_nonnull(xml);
		talloc_free(dict);
		ck_assert_msg(source_load_ioreg_xml(b, xml, len, plane, &err) == 0,
			      "%s: line %zu: %s", plane, err.line, err.message);
		pb = registry_plane_index(b, plane);
		ck_assert_int_ge(pb, 0);
		n = compare_plane(a, p, b, pb, true, true);
		ck_assert_uint_gt(n, 1);
		talloc_free(xml);
		talloc_free(b);
	}
	talloc_free(a);
}
END_TEST

/* All planes of the archive, one XML document each, into one registry. */
START_TEST(test_archive_all_planes_merge)
{
	struct registry *a = load_archive(), *b;

	if (!a) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	b = registry_new(test_ctx);
	for (int p = 0; p < (int)registry_plane_count(a); p++) {
		struct reg_parse_error err = { 0 };
		struct reg_value *dict = ioreg_archive_dict(test_ctx, a, registry_root(a), p,
							    true, true);
		size_t len;
		char *xml = reg_value_to_xml(test_ctx, dict, 0, &len);

		ck_assert_ptr_nonnull(xml);
		ck_assert_msg(source_load_ioreg_xml(b, xml, len, registry_plane_name(a, p),
						    &err) == 0, "%s", err.message);
		talloc_free(dict);
		talloc_free(xml);
	}
	ck_assert_uint_eq(registry_entry_count(b), registry_entry_count(a));
	ck_assert_uint_eq(registry_plane_count(b), registry_plane_count(a));
	for (int p = 0; p < (int)registry_plane_count(a); p++)
		compare_plane(a, p, b, registry_plane_index(b, registry_plane_name(a, p)),
			      true, true);
	talloc_free(b);
	talloc_free(a);
}
END_TEST

/* CF's sorted layout (what macOS ioreg -a prints) keeps everything but
 * property order; the archive's properties were sorted by CF already. */
START_TEST(test_archive_sorted_without_properties)
{
	struct registry *a = load_archive(), *b;
	struct reg_parse_error err = { 0 };
	struct reg_value *dict;
	size_t len;
	char *xml;
	int p;

	if (!a) {
		printf("SKIP: ../shared/data/macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	p = registry_plane_index(a, "IOService");
	ck_assert_int_ge(p, 0);
	dict = ioreg_archive_dict(test_ctx, a, registry_root(a), p, false, false);
	xml = reg_value_to_xml(test_ctx, dict, REG_XML_SORT_KEYS, &len);
	ck_assert_ptr_nonnull(xml);
	ck_assert_msg(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0,
		      "no XML header");
	b = registry_new(test_ctx);
	ck_assert_msg(source_load_ioreg_xml(b, xml, len, NULL, &err) == 0, "%s", err.message);
	ck_assert_int_eq(registry_plane_index(b, "IOService"), 0);
	ck_assert_uint_eq(compare_plane(a, p, b, 0, false, false), 1156);
	talloc_free(dict);
	talloc_free(xml);
	talloc_free(b);
	talloc_free(a);
}
END_TEST

static const char small_doc[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
	"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
	"<plist version=\"1.0\">\n"
	"<dict>\n"
	"\t<key>IOKitBuildVersion</key>\n"
	"\t<string>Darwin</string>\n"
	"\t<key>IOObjectClass</key>\n"
	"\t<string>IORegistryEntry</string>\n"
	"\t<key>IOObjectRetainCount</key>\n"
	"\t<integer>30</integer>\n"
	"\t<key>IORegistryEntryChildren</key>\n"
	"\t<array>\n"
	"\t\t<dict>\n"
	"\t\t\t<key>IOObjectClass</key>\n"
	"\t\t\t<string>IOPlatformExpertDevice</string>\n"
	"\t\t\t<key>IOObjectInheritance</key>\n"
	"\t\t\t<array><string>IORegistryEntry</string><string>IOService</string>"
	"<string>IOPlatformDevice</string><string>IOPlatformExpertDevice</string></array>\n"
	"\t\t\t<key>IOObjectRetainCount</key>\n"
	"\t\t\t<integer>41</integer>\n"
	"\t\t\t<key>IORegistryEntryChildren</key>\n"
	"\t\t\t<array>\n"
	"\t\t\t\t<dict>\n"
	"\t\t\t\t\t<key>IOObjectClass</key><string>A</string>\n"
	"\t\t\t\t\t<key>IORegistryEntryID</key><integer>4294967808</integer>\n"
	"\t\t\t\t\t<key>IORegistryEntryName</key><string>a</string>\n"
	"\t\t\t\t\t<key>IORegistryEntryChildren</key><array>\n"
	"\t\t\t\t\t\t<dict><key>IOObjectClass</key><string>S</string>"
	"<key>IORegistryEntryID</key><integer>4294968064</integer>"
	"<key>IORegistryEntryName</key><string>shared</string>"
	"<key>p</key><integer size=\"8\">-1</integer></dict>\n"
	"\t\t\t\t\t</array>\n"
	"\t\t\t\t</dict>\n"
	"\t\t\t\t<dict>\n"
	"\t\t\t\t\t<key>IOObjectClass</key><string>B</string>\n"
	"\t\t\t\t\t<key>IORegistryEntryID</key><integer>4294967824</integer>\n"
	"\t\t\t\t\t<key>IORegistryEntryLocation</key><string>1f</string>\n"
	"\t\t\t\t\t<key>IORegistryEntryName</key><string>b</string>\n"
	"\t\t\t\t\t<key>IORegistryEntryChildren</key><array>\n"
	"\t\t\t\t\t\t<dict><key>IOObjectClass</key><string>S</string>"
	"<key>IORegistryEntryID</key><integer>4294968064</integer>"
	"<key>IORegistryEntryName</key><string>shared</string>"
	"<key>p</key><integer size=\"8\">-1</integer></dict>\n"
	"\t\t\t\t\t</array>\n"
	"\t\t\t\t</dict>\n"
	"\t\t\t</array>\n"
	"\t\t\t<key>IORegistryEntryID</key>\n"
	"\t\t\t<integer>4294967568</integer>\n"
	"\t\t\t<key>IORegistryEntryName</key>\n"
	"\t\t\t<string>MacBook8,1</string>\n"
	"\t\t\t<key>IOServiceBusyState</key>\n"
	"\t\t\t<integer>2</integer>\n"
	"\t\t\t<key>IOServiceBusyTime</key>\n"
	"\t\t\t<integer>7785000000</integer>\n"
	"\t\t\t<key>IOServiceState</key>\n"
	"\t\t\t<integer>30</integer>\n"
	"\t\t\t<key>model</key>\n"
	"\t\t\t<data>\n"
	"\t\t\tTWFjQm9vazgsMQA=\n"
	"\t\t\t</data>\n"
	"\t\t</dict>\n"
	"\t</array>\n"
	"\t<key>IORegistryEntryID</key>\n"
	"\t<integer>4294967552</integer>\n"
	"\t<key>IORegistryEntryName</key>\n"
	"\t<string>Root</string>\n"
	"</dict>\n"
	"</plist>\n";

START_TEST(test_small_document)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct reg_entry *root, *mac, *a, *b, *s;
	struct reg_value *v;

	ck_assert_msg(source_load_ioreg_xml(reg, small_doc, strlen(small_doc), NULL, &err) == 0,
		      "%s", err.message);
	ck_assert_uint_eq(registry_entry_count(reg), 5);
	root = registry_root(reg);
	ck_assert_uint_eq(root->retain, 30);
	ck_assert_uint_eq(root->properties->u.dict.count, 1);
	ck_assert_str_eq(reg_entry_property(root, "IOKitBuildVersion")->u.string.chars, "Darwin");
	mac = registry_entry_by_id(reg, 0x100000110);
	ck_assert_ptr_nonnull(mac);
	ck_assert_ptr_eq(reg_entry_parent(mac, 0, 0), root);
	ck_assert_str_eq(mac->name, "MacBook8,1");
	ck_assert_str_eq(mac->cls->name, "IOPlatformExpertDevice");
	ck_assert_str_eq(mac->cls->super->name, "IOPlatformDevice");
	ck_assert(reg_class_conforms_to(mac->cls, "IOService"));
	ck_assert(mac->is_service);
	ck_assert_uint_eq(mac->state, 30);
	ck_assert_uint_eq(mac->busy, 2);
	ck_assert_uint_eq(mac->busy_time_ns, 7785000000ULL);
	ck_assert_uint_eq(mac->retain, 41);
	ck_assert_uint_eq(mac->properties->u.dict.count, 1);
	v = reg_entry_property(mac, "model");
	ck_assert_int_eq(v->type, REG_DATA);
	ck_assert_uint_eq(v->u.data.len, 11);
	ck_assert_mem_eq(v->u.data.bytes, "MacBook8,1", 11);
	a = registry_entry_by_id(reg, 0x100000200);
	b = registry_entry_by_id(reg, 0x100000210);
	s = registry_entry_by_id(reg, 0x100000300);
	ck_assert(a && b && s);
	ck_assert(!a->is_service);
	ck_assert_str_eq(reg_entry_location(b, 0), "1f");
	ck_assert_ptr_null(reg_entry_location(a, 0));
	/* The entry shown under two parents is one entry with two parents. */
	ck_assert_uint_eq(reg_entry_parent_count(s, 0), 2);
	ck_assert_ptr_eq(reg_entry_parent(s, 0, 0), a);
	ck_assert_ptr_eq(reg_entry_parent(s, 0, 1), b);
	v = reg_entry_property(s, "p");
	ck_assert_int_eq(v->u.number.width, 8);
	ck_assert_int_eq(v->u.number.value, -1);
	talloc_free(reg);
}
END_TEST

/* What ioreg_archive_dict writes, in CF's layout, byte for byte. */
START_TEST(test_writer_layout)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_entry *root = registry_root(reg), *e;
	struct reg_value *dict;
	int p = registry_add_plane(reg, "IOService");
	size_t len;
	char *xml;
	static const char expected[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
		"\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
		"<plist version=\"1.0\">\n"
		"<dict>\n"
		"\t<key>IOObjectClass</key>\n"
		"\t<string>IORegistryEntry</string>\n"
		"\t<key>IOObjectRetainCount</key>\n"
		"\t<integer>7</integer>\n"
		"\t<key>IORegistryEntryChildren</key>\n"
		"\t<array>\n"
		"\t\t<dict>\n"
		"\t\t\t<key>IOObjectClass</key>\n"
		"\t\t\t<string>IOService</string>\n"
		"\t\t\t<key>IOObjectRetainCount</key>\n"
		"\t\t\t<integer>1</integer>\n"
		"\t\t\t<key>IORegistryEntryID</key>\n"
		"\t\t\t<integer>4294967568</integer>\n"
		"\t\t\t<key>IORegistryEntryLocation</key>\n"
		"\t\t\t<string>0</string>\n"
		"\t\t\t<key>IORegistryEntryName</key>\n"
		"\t\t\t<string>a&lt;b&gt;</string>\n"
		"\t\t\t<key>IOServiceBusyState</key>\n"
		"\t\t\t<integer>0</integer>\n"
		"\t\t\t<key>IOServiceBusyTime</key>\n"
		"\t\t\t<integer>0</integer>\n"
		"\t\t\t<key>IOServiceState</key>\n"
		"\t\t\t<integer>6</integer>\n"
		"\t\t\t<key>empty</key>\n"
		"\t\t\t<dict/>\n"
		"\t\t</dict>\n"
		"\t</array>\n"
		"\t<key>IORegistryEntryID</key>\n"
		"\t<integer>4294967552</integer>\n"
		"\t<key>IORegistryEntryName</key>\n"
		"\t<string>Root</string>\n"
		"</dict>\n"
		"</plist>\n";

	ck_assert_int_eq(p, 0);
	root->retain = 7;
	e = registry_entry_new(reg, 0x100000110, "a<b>", "IOService");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(registry_entry_set_location(reg, e, REG_NO_PLANE, "0"), 0);
	ck_assert_int_eq(registry_attach(reg, e, root, p), 0);
	ck_assert_int_eq(registry_set_property(reg, e, "empty", reg_value_new_dict(test_ctx)), 0);
	dict = ioreg_archive_dict(test_ctx, reg, root, p, true, false);
	ck_assert_ptr_nonnull(dict);
	xml = reg_value_to_xml(test_ctx, dict, REG_XML_SORT_KEYS, &len);
	ck_assert_str_eq(xml, expected);
	ck_assert_uint_eq(len, strlen(expected));
	ck_assert_ptr_null(ioreg_archive_dict(test_ctx, reg, root, 3, true, false));
	talloc_free(xml);
	talloc_free(dict);
	talloc_free(reg);
}
END_TEST

/* ioreg -r: an array of subtrees, attached under Root. */
START_TEST(test_subtree_array)
{
	static const char doc[] =
		"<plist version=\"1.0\"><array>"
		"<dict><key>IORegistryEntryName</key><string>x</string>"
		"<key>IORegistryEntryID</key><integer>4294967600</integer>"
		"<key>IOObjectClass</key><string>X</string>"
		"<key>IORegistryEntryChildren</key><array>"
		"<dict><key>IORegistryEntryName</key><string>y</string>"
		"<key>IOObjectClass</key><string>Y</string></dict></array></dict>"
		"<dict><key>IORegistryEntryName</key><string>z</string>"
		"<key>IORegistryEntryID</key><integer>4294967601</integer>"
		"<key>IOObjectClass</key><string>Z</string></dict>"
		"</array></plist>";
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	struct reg_entry *root, *x, *y;
	int p;

	ck_assert_msg(source_load_ioreg_xml(reg, doc, strlen(doc), "IODeviceTree", &err) == 0,
		      "%s", err.message);
	p = registry_plane_index(reg, "IODeviceTree");
	root = registry_root(reg);
	ck_assert_uint_eq(reg_entry_child_count(root, p), 2);
	x = reg_entry_child(root, p, 0);
	ck_assert_str_eq(x->name, "x");
	ck_assert_str_eq(reg_entry_child(root, p, 1)->name, "z");
	/* No IORegistryEntryID: a fresh one. */
	y = reg_entry_child(x, p, 0);
	ck_assert_str_eq(y->name, "y");
	ck_assert_uint_ne(y->id, 0);
	talloc_free(reg);
}
END_TEST

static void load_fails(const char *doc, const char *what)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };

	ck_assert_msg(source_load_ioreg_xml(reg, doc, strlen(doc), NULL, &err) != 0,
		      "%s should fail", doc);
	ck_assert_msg(strstr(err.message, what), "message '%s' lacks '%s'", err.message, what);
	talloc_free(reg);
}

#define ENTRY(id, name) "<key>IORegistryEntryName</key><string>" name "</string>" \
	"<key>IOObjectClass</key><string>C</string>" \
	"<key>IORegistryEntryID</key><integer>" id "</integer>"

START_TEST(test_errors)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { 0 };
	static const char bad_xml[] = "<plist>\n<dict>\n<key>a</key>\n<strin>x</string>";

	ck_assert_int_ne(source_load_ioreg_xml(reg, bad_xml, strlen(bad_xml), NULL, &err), 0);
	ck_assert_uint_eq(err.line, 4);
	talloc_free(reg);
	load_fails("<string>x</string>", "not a dictionary or an array");
	load_fails("<dict><key>IOObjectClass</key><string>C</string></dict>",
		   "without IORegistryEntryName");
	load_fails("<dict>" ENTRY("4294967552", "Root")
		   "<key>IORegistryEntryChildren</key><string>x</string></dict>", "not an array");
	load_fails("<dict>" ENTRY("4294967552", "Root")
		   "<key>IORegistryEntryChildren</key><array><true/></array></dict>", "boolean");
	load_fails("<dict>" ENTRY("4294967552", "Root")
		   "<key>IORegistryEntryName</key><integer>1</integer></dict>", "not a string");
	load_fails("<dict>" ENTRY("4294967552", "Root")
		   "<key>IOObjectRetainCount</key><integer>99999999999</integer></dict>",
		   "out of range");
	/* The same child twice under one parent, and an entry under itself. */
	load_fails("<dict>" ENTRY("4294967552", "Root")
		   "<key>IORegistryEntryChildren</key><array>"
		   "<dict>" ENTRY("4294967600", "a") "</dict>"
		   "<dict>" ENTRY("4294967600", "a") "</dict></array></dict>", "listed twice");
	load_fails("<dict>" ENTRY("4294967552", "Root")
		   "<key>IORegistryEntryChildren</key><array>"
		   "<dict>" ENTRY("4294967600", "a")
		   "<key>IORegistryEntryChildren</key><array>"
		   "<dict>" ENTRY("4294967600", "a") "</dict></array></dict>"
		   "</array></dict>", "own ancestor");
}
END_TEST

static Suite *ioreg_xml_suite(void)
{
	Suite *s = suite_create("ioreg_xml");
	TCase *tc = tcase_create("small");
	TCase *real = tcase_create("real");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_small_document);
	tcase_add_test(tc, test_writer_layout);
	tcase_add_test(tc, test_subtree_array);
	tcase_add_test(tc, test_errors);
	suite_add_tcase(s, tc);
	LEAK_CHECKED(real);
	tcase_set_timeout(real, 120);
	tcase_add_test(real, test_archive_round_trip_per_plane);
	tcase_add_test(real, test_archive_all_planes_merge);
	tcase_add_test(real, test_archive_sorted_without_properties);
	suite_add_tcase(s, real);
	return s;
}

int main(void)
{
	return test_run_suite(ioreg_xml_suite());
}
