/* Unit tests for what real dumps do to the loaders (docs/dumps.md), on the
 * small synthetic dumps in tests/dumps/ (written for these tests, one quirk
 * each): the values they load as, their marks, the warnings (file:line),
 * --strict refusing the first oddity, and the literal printers giving
 * ioreg's text back.  Also the plane told from content for `ioreg -a -p
 * IODeviceTree` XML and Apple Silicon text, and old `retain count` headers. */
#include <archive.h>
#include <archive_entry.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "leak_check.h"
#include "test_util.h"
#include "registry.h"
#include "sources/source.h"
#include "value_literal.h"

#define UNKNOWN REG_UNKNOWN_STRING

static char *dump_path(void *ctx, const char *name)
{
	const char *top = getenv("abs_top_srcdir");

	return talloc_asprintf(ctx, "%s/tests/dumps/%s", top ? top : SRCDIR, name);
}

/* Loads tests/dumps/name leniently; the warnings in *w. */
static struct registry *load(const char *name, struct load_warnings **w)
{
	struct registry *reg = registry_new(test_ctx);
	struct source_options opts = { 0 };
	struct reg_parse_error err = { .message = "" };
	const char *spec = dump_path(reg, name);

	ck_assert_ptr_nonnull(reg);
	opts.warnings = talloc_zero(reg, struct load_warnings);
	ck_assert_msg(source_load(reg, reg, &spec, 1, &opts, NULL, &err) == 0, "%s: %s", name,
		      err.message);
	*w = opts.warnings;
	return reg;
}

/* The same with --strict: must fail, the message naming where. */
static void strict_fails(const char *name, const char *where, const char *what)
{
	struct registry *reg = registry_new(test_ctx);
	struct source_options opts = { 0 };
	struct reg_parse_error err = { .message = "" };
	const char *spec = dump_path(reg, name);

	opts.warnings = talloc_zero(reg, struct load_warnings);
	opts.warnings->strict = true;
	ck_assert_int_eq(source_load(reg, reg, &spec, 1, &opts, NULL, &err), -1);
	ck_assert_msg(strstr(err.message, where) && strstr(err.message, what) &&
			      strstr(err.message, "--strict"),
		      "strict error \"%s\" should name %s and %s", err.message, where, what);
	talloc_free(reg);
}

/* "PLANE:/name[@location]/...", names and locations compared exactly. */
static struct reg_entry *entry(struct registry *reg, const char *path)
{
	char *copy = talloc_strdup(test_ctx, path), *colon = strchr(copy, ':'), *save = NULL;
	int plane;
	struct reg_entry *e = registry_root(reg);

	ck_assert_ptr_nonnull(colon);
	*colon = '\0';
	plane = registry_plane_index(reg, copy);
	ck_assert_msg(plane >= 0, "no plane %s", copy);
	for (char *c = strtok_r(colon + 1, "/", &save); c && e; c = strtok_r(NULL, "/", &save)) {
		char *at = strchr(c, '@');
		struct reg_entry *found = NULL;

		if (at)
			*at++ = '\0';
		for (size_t i = 0; i < reg_entry_child_count(e, plane) && !found; i++) {
			struct reg_entry *k = reg_entry_child(e, plane, i);
			const char *loc = reg_entry_location(k, plane);
			if (strcmp(reg_entry_name(k, plane), c) == 0 &&
			    (!at || (loc && strcmp(loc, at) == 0)))
				found = k;
		}
		e = found;
	}
	ck_assert_msg(e != NULL, "no entry %s", path);
	talloc_free(copy);
	return e;
}

static const struct reg_value *prop(const struct reg_entry *e, const char *key)
{
	const struct reg_value *v = reg_entry_property(e, key);

	ck_assert_msg(v != NULL, "no property %s", key);
	return v;
}

static void assert_unknown(const struct reg_value *v)
{
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, UNKNOWN);
	ck_assert_uint_eq(v->mark, REG_MARK_UNKNOWN);
}

static void assert_ioreg_text(const struct reg_value *v, const char *text)
{
	char *s = reg_value_to_literal(test_ctx, v, REG_LITERAL_IOREG);

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, text);
	talloc_free(s);
}

static void assert_data(const struct reg_value *v, const char *bytes, size_t len)
{
	ck_assert_int_eq(v->type, REG_DATA);
	ck_assert_uint_eq(v->u.data.len, len);
	ck_assert_int_eq(memcmp(v->u.data.bytes, bytes, len), 0);
}

static bool warned(const struct load_warnings *w, const char *where, const char *what)
{
	for (size_t i = 0; i < w->kept; i++)
		if (strstr(w->first[i], where) && strstr(w->first[i], what))
			return true;
	return false;
}

/* The values of unprintable.txt, also reached through RTF and HTML. */
static void check_unprintable(struct registry *reg)
{
	struct reg_entry *root = registry_root(reg), *pe, *kb;
	const struct reg_value *users, *info, *names;

	users = prop(root, "IOConsoleUsers");
	ck_assert_int_eq(users->type, REG_ARRAY);
	ck_assert_str_eq(reg_dict_get(users->u.array.items[0], "kCGSSessionUserNameKey")
				 ->u.string.chars, "ann");
	assert_unknown(reg_dict_get(users->u.array.items[0], "kCGSessionLongUserNameKey"));
	ck_assert_int_eq(reg_dict_get(users->u.array.items[0], "kCGSSessionUserIDKey")
				 ->u.number.value, 501);
	assert_ioreg_text(users, "({\"kCGSSessionUserNameKey\"=\"ann\","
				 "\"kCGSessionLongUserNameKey\"=,\"kCGSSessionUserIDKey\"=501})");
	pe = entry(reg, "IOService:/TestMac1,1");
	assert_unknown(prop(pe, "image-type"));
	assert_ioreg_text(prop(pe, "image-type"), "");
	kb = entry(reg, "IOService:/TestMac1,1/Keyboard@1");
	assert_unknown(prop(kb, "Product"));
	info = prop(kb, "DeviceInfo");
	assert_unknown(reg_dict_get(info, "Product"));
	assert_unknown(reg_dict_get(info, "Country"));
	ck_assert_int_eq(reg_dict_get(info, "VendorID")->u.number.value, 1452);
	names = prop(kb, "Names");
	ck_assert_uint_eq(names->u.array.count, 3);
	assert_unknown(names->u.array.items[1]);
	ck_assert_str_eq(names->u.array.items[2]->u.string.chars, "three");
	/* xattrs and .plist show U+FFFD; EXACT text parses back as unknown. */
	char *exact = reg_value_to_literal(test_ctx, names, REG_LITERAL_EXACT);
	struct reg_value *back = reg_value_from_literal(test_ctx, exact, strlen(exact),
							REG_LITERAL_EXACT, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert(reg_value_identical(back, names));
	talloc_free(back);
	talloc_free(exact);
}

START_TEST(test_unprintable)
{
	struct load_warnings *w;
	struct registry *reg = load("unprintable.txt", &w);

	check_unprintable(reg);
	ck_assert_uint_eq(w->count, 6);
	ck_assert(warned(w, "unprintable.txt:3:", "could not print"));
	ck_assert(warned(w, "unprintable.txt:10:", "unknown string"));
	ck_assert(warned(w, "unprintable.txt:19:", "unknown string"));
	talloc_free(reg);
	strict_fails("unprintable.txt", "unprintable.txt:3:", "could not print");
}
END_TEST

START_TEST(test_wrapped)
{
	struct load_warnings *w;
	struct registry *reg = load("wrapped.rtf", &w);

	check_unprintable(reg);
	ck_assert(warned(w, "wrapped.rtf", "RTF"));
	ck_assert(warned(w, "wrapped.rtf:6:", "before the first entry"));
	/* Lines keep their numbers through the unwrapping. */
	ck_assert(warned(w, "wrapped.rtf:9:", "could not print"));
	talloc_free(reg);
	strict_fails("wrapped.rtf", "wrapped.rtf", "RTF");

	reg = load("escaped.html", &w);
	check_unprintable(reg);
	ck_assert(warned(w, "escaped.html", "HTML-escaped"));
	ck_assert(warned(w, "escaped.html:3:", "could not print"));
	talloc_free(reg);
}
END_TEST

START_TEST(test_quoted_data)
{
	static const char efi[] = "<array><dict><key>MemoryType</key><integer size=\"64\">"
				  "0xb</integer></dict></array>";
	static const char battery[] = "<dict ID=\"0\"><key>CT</key><integer size=\"16\" "
				      "ID=\"1\">0x1</integer></dict>";
	struct load_warnings *w;
	struct registry *reg = load("quoted-data.txt", &w);
	struct reg_entry *pe = entry(reg, "IOService:/TestMac1,1");
	struct reg_entry *bat = entry(reg, "IOService:/TestMac1,1/AppleSmartBattery");
	const struct reg_value *v;

	/* The exact bytes, the string's NUL as for every <"..."> string. */
	assert_data(prop(pe, "efi-boot-device"), efi, sizeof(efi));
	assert_data(prop(pe, "compatible"), "TestMac1,1\0ACPI", 16);
	assert_data(prop(bat, "Battery"), battery, sizeof(battery));
	v = reg_dict_get(prop(bat, "Info"), "Log");
	assert_data(v, "<a href=\"x\">", 13);
	ck_assert_int_eq(reg_dict_get(prop(bat, "Info"), "Count")->u.number.value, 2);
	assert_data(prop(bat, "Plain"), "abc", 4);
	assert_ioreg_text(prop(pe, "efi-boot-device"),
			  "<\"<array><dict><key>MemoryType</key><integer size=\"64\">0xb</integer>"
			  "</dict></array>\">");
	ck_assert_uint_eq(w->count, 3);
	ck_assert(warned(w, "quoted-data.txt:8:", "contains quotes"));
	ck_assert(warned(w, "quoted-data.txt:15:", "contains quotes"));
	talloc_free(reg);
	strict_fails("quoted-data.txt", "quoted-data.txt:8:", "contains quotes");
}
END_TEST

START_TEST(test_redacted)
{
	struct load_warnings *w;
	struct registry *reg = load("redacted.txt", &w);
	struct reg_entry *pe = entry(reg, "IOService:/TestMac1,1");
	struct reg_entry *en = entry(reg, "IOService:/TestMac1,1/en0");
	const struct reg_value *v;
	struct reg_value *back;
	char *exact;

	v = prop(pe, "IOPlatformSerialNumber");
	ck_assert_int_eq(v->type, REG_STRING);
	ck_assert_str_eq(v->u.string.chars, "XXXXXXXXXXXX");
	ck_assert_uint_eq(v->mark, REG_MARK_REDACTED);
	ck_assert_uint_eq(prop(pe, "IOPlatformUUID")->mark, REG_MARK_REDACTED);
	ck_assert_uint_eq(prop(pe, "model")->mark, REG_MARK_NONE);
	v = prop(pe, "serial-number");
	assert_data(v, "", 0);
	ck_assert_uint_eq(v->mark, REG_MARK_REDACTED);
	ck_assert_str_eq(v->raw, "<--->");
	assert_ioreg_text(v, "<--->");
	ck_assert_str_eq(prop(en, "IOMACAddress")->raw, "<xxxx>");
	ck_assert_str_eq(prop(en, "board-id")->raw, "<0*3>");
	ck_assert_str_eq(prop(en, "platform-feature")->raw, "<320**********000>");
	ck_assert_uint_eq(prop(en, "BSD Name")->mark, REG_MARK_NONE);
	/* The xattr text is the dump's; it reads back as redacted data. */
	exact = reg_value_to_literal(test_ctx, prop(en, "board-id"), REG_LITERAL_EXACT);
	ck_assert_str_eq(exact, "<0*3>");
	back = reg_value_from_literal(test_ctx, exact, strlen(exact), REG_LITERAL_EXACT, NULL);
	ck_assert_ptr_nonnull(back);
	ck_assert(reg_value_identical(back, prop(en, "board-id")));
	ck_assert_str_eq(back->raw, "<0*3>");
	talloc_free(back);
	talloc_free(exact);
	ck_assert_uint_eq(w->count, 6);
	ck_assert(warned(w, "redacted.txt:9:", "redacted data"));
	ck_assert(warned(w, "redacted.txt:8:", "redacted string"));
	talloc_free(reg);
	strict_fails("redacted.txt", "redacted.txt:8:", "redacted");
}
END_TEST

START_TEST(test_macroman)
{
	struct load_warnings *w;
	struct registry *reg = load("macroman.txt", &w);
	struct reg_entry *pe = entry(reg, "IOService:/TestMac1,1");
	struct reg_entry *mouse = NULL;
	const struct reg_value *v;

	for (size_t i = 0; i < reg_entry_child_count(pe, 0); i++)
		if (strncmp(reg_entry_child(pe, 0, i)->name, "Ann", 3) == 0)
			mouse = reg_entry_child(pe, 0, i);
	ck_assert_ptr_nonnull(mouse);
	/* Names are the kernel's bytes: kept as they are. */
	ck_assert_str_eq(mouse->name, "Ann\xd5s Mouse");
	/* Strings are MacRoman in ioreg's output: decoded to UTF-8 ... */
	v = prop(mouse, "Name");
	ck_assert_str_eq(v->u.string.chars, "Ann\xe2\x80\x99s Mouse \xc2\xa0\xe2\x80\x94 Caf\xc3\xa9");
	/* ... and printed in MacRoman again, byte for byte. */
	assert_ioreg_text(v, "\"Ann\xd5s Mouse \xca\xd1 Caf\x8e\"");
	v = prop(mouse, "Caf\xc3\xa9");
	ck_assert_str_eq(reg_dict_get(v, "Nom")->u.string.chars,
			 "Cr\xc3\xa8me br\xc3\xbcl\xc3\xa9" "e");
	assert_ioreg_text(v, "{\"Nom\"=\"Cr\x8fme br\x9fl\x8e" "e\",\"n\"=1}");
	/* Data is bytes: never converted. */
	assert_data(prop(mouse, "Raw"), "Caf\x8e au lait", 13);
	/* Once per file, at the first string read as MacRoman. */
	ck_assert_uint_eq(w->count, 1);
	ck_assert(warned(w, "macroman.txt:13:", "MacRoman"));
	talloc_free(reg);
	strict_fails("macroman.txt", "macroman.txt:13:", "MacRoman");
}
END_TEST

START_TEST(test_truncated)
{
	struct load_warnings *w;
	struct registry *reg = load("truncated.txt", &w);
	struct reg_entry *root = registry_root(reg), *pe, *acpi, *cut;

	assert_unknown(prop(root, "IORegistryPlanes"));
	ck_assert_str_eq(prop(root, "OS Build Version")->u.string.chars, "9J61");
	pe = entry(reg, "IOService:/MacBookPro5,2");
	ck_assert_str_eq(pe->cls->name, "IOPlatformExpertDevice");
	ck_assert_uint_eq(pe->id, 0x100000110);
	assert_unknown(prop(pe, "IOPlatformUUID"));
	assert_data(prop(pe, "model"), "MacBookPro5,2", 14);
	acpi = entry(reg, "IOService:/MacBookPro5,2/AppleACPIPlatformExpert");
	ck_assert_str_eq(prop(acpi, "IOClass")->u.string.chars, "AppleACPIPlatformExpert");
	cut = entry(reg, "IOService:/MacBookPro5,2/AppleACPIPlatformExpert/"
			 "AVeryLongEntryNameThatIoregClippedBeforeTheClassWasPrinted");
	ck_assert_str_eq(cut->cls->name, "IORegistryEntry");
	entry(reg, "IOService:/MacBookPro5,2/IOResources");
	ck_assert_uint_eq(w->count, 6);
	ck_assert(warned(w, "truncated.txt:7:", "header truncated"));
	ck_assert(warned(w, "truncated.txt:9:", "value truncated"));
	talloc_free(reg);
	strict_fails("truncated.txt", "truncated.txt:3:", "truncated");
}
END_TEST

START_TEST(test_old_header)
{
	struct load_warnings *w;
	struct registry *reg = load("old-10.4.txt", &w);
	struct reg_entry *pe = entry(reg, "IOService:/PowerMac7,2");

	ck_assert_uint_eq(w->count, 0);
	ck_assert_uint_eq(registry_root(reg)->retain, 11);
	ck_assert_uint_eq(pe->retain, 19);
	ck_assert(pe->is_service);
	ck_assert_uint_ne(pe->id, 0);
	ck_assert_str_eq(entry(reg, "IOService:/PowerMac7,2/AppleMacRISC4PE")->cls->name,
			 "AppleMacRISC4PE");
	talloc_free(reg);
}
END_TEST

START_TEST(test_apple_silicon)
{
	struct load_warnings *w;
	struct registry *reg = load("arm-devicetree.txt", &w);
	int dt = registry_plane_index(reg, "IODeviceTree");
	struct reg_entry *wdt;

	ck_assert_int_ge(dt, 0);
	ck_assert_int_lt(registry_plane_index(reg, "IOService"), 0);
	wdt = entry(reg, "IODeviceTree:/device-tree/arm-io@10F00000/wdt@2E2C4000");
	ck_assert_str_eq(wdt->cls->name, "AppleARMIODevice");
	assert_data(prop(wdt, "compatible"), "wdt,t8101\0wdt,s5l8960x", 23);
	ck_assert_uint_eq(w->count, 0);
	talloc_free(reg);

	/* ioreg -a -p IODeviceTree: its plane, not IOService. */
	reg = load("arm-devicetree.xml", &w);
	ck_assert_int_ge(registry_plane_index(reg, "IODeviceTree"), 0);
	ck_assert_int_lt(registry_plane_index(reg, "IOService"), 0);
	ck_assert_str_eq(entry(reg, "IODeviceTree:/device-tree/arm-io@10F00000")->cls->name,
			 "AppleARMIODevice");
	talloc_free(reg);
}
END_TEST

START_TEST(test_planes_in_one_file)
{
	struct load_warnings *w;
	struct registry *reg = load("planes-in-one.txt", &w);
	const struct reg_value *v;

	v = prop(entry(reg, "IOService:/Macmini1,1"), "serial-number");
	ck_assert_uint_eq(v->mark, REG_MARK_REDACTED);
	ck_assert_str_eq(v->raw, "<PRIVATE>");
	{
		int dt = registry_plane_index(reg, "IODeviceTree");
		struct reg_entry *slash = reg_entry_child(registry_root(reg), dt, 0);
		ck_assert_str_eq(reg_entry_name(slash, dt), "/");
		ck_assert_str_eq(reg_entry_name(reg_entry_child(slash, dt, 0), dt), "cpus");
	}
	ck_assert_uint_eq(reg_entry_child_count(registry_root(reg),
						registry_plane_index(reg, "IOService")), 1);
	ck_assert_uint_eq(w->count, 2);
	ck_assert(warned(w, "planes-in-one.txt:9:", "redacted data"));
	ck_assert(warned(w, "planes-in-one.txt:13:", "several planes"));
	talloc_free(reg);
}
END_TEST

/* Adds a file to a zip being written. */
static void zip_add(struct archive *a, const char *name, const char *bytes, size_t len)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)len);
	ck_assert_int_eq(archive_write_header(a, e), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_data(a, bytes, len), (la_ssize_t)len);
	archive_entry_free(e);
}

/* A zip as DarwinDumper reports travel: found by content, planes told from
 * content, resource forks and viewers passed over, a second file of a
 * plane skipped with a warning; --strict refuses. */
START_TEST(test_zip_source)
{
	char dir[] = "/tmp/iokitfs-unit-XXXXXX";
	char *zip, *svc, *dt, *other;
	size_t lsvc, ldt, lother;
	struct archive *a;
	struct registry *reg;
	struct source_options opts = { 0 };
	struct reg_parse_error err = { .message = "" };
	const char *spec;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	zip = talloc_asprintf(test_ctx, "%s/report.zip", dir);
	svc = test_slurp(test_ctx, dump_path(zip, "quoted-data.txt"), &lsvc);
	dt = test_slurp(test_ctx, dump_path(zip, "arm-devicetree.txt"), &ldt);
	other = test_slurp(test_ctx, dump_path(zip, "unprintable.txt"), &lother);
	a = archive_write_new();
	ck_assert_int_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
	ck_assert_int_eq(archive_write_open_filename(a, zip), ARCHIVE_OK);
	zip_add(a, "DD/IORegistry/a.log", svc, lsvc);
	zip_add(a, "DD/IORegistry/b.log", dt, ldt);
	zip_add(a, "DD/IORegistry/c.log", other, lother);
	zip_add(a, "__MACOSX/DD/IORegistry/._a.log", "\0\5\26\7+-o ", 8);
	zip_add(a, "DD/viewer.html", "<html>+-o x</html>", 18);
	ck_assert_int_eq(archive_write_free(a), ARCHIVE_OK);

	reg = registry_new(test_ctx);
	opts.warnings = talloc_zero(reg, struct load_warnings);
	spec = zip;
	ck_assert_msg(source_load(reg, reg, &spec, 1, &opts, NULL, &err) == 0, "%s", err.message);
	entry(reg, "IOService:/TestMac1,1/AppleSmartBattery");
	ck_assert_str_eq(entry(reg, "IODeviceTree:/device-tree/arm-io@10F00000")->cls->name,
			 "AppleARMIODevice");
	ck_assert(warned(opts.warnings, "report.zip/DD/IORegistry/a.log:8:", "contains quotes"));
	ck_assert(warned(opts.warnings, "report.zip/DD/IORegistry/c.log", "skipped"));
	ck_assert_uint_eq(opts.warnings->count, 4);
	talloc_free(reg);

	reg = registry_new(test_ctx);
	opts.warnings = talloc_zero(reg, struct load_warnings);
	opts.warnings->strict = true;
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(source_load(reg, reg, &spec, 1, &opts, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "a.log:8:"));
	talloc_free(reg);

	/* The same files in a folder; one with no dump at all is refused. */
	reg = registry_new(test_ctx);
	opts.warnings = talloc_zero(reg, struct load_warnings);
	spec = dir;
	ck_assert_msg(source_load(reg, reg, &spec, 1, &opts, NULL, &err) == 0, "%s", err.message);
	entry(reg, "IOService:/TestMac1,1");
	talloc_free(reg);
	unlink(zip);
	reg = registry_new(test_ctx);
	memset(&err, 0, sizeof(err));
	ck_assert_int_eq(source_load(reg, reg, &spec, 1, NULL, NULL, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "no registry dump"));
	talloc_free(reg);
	rmdir(dir);
	talloc_free(zip);
	talloc_free(svc);
	talloc_free(dt);
	talloc_free(other);
}
END_TEST

static Suite *dump_quirks_suite(void)
{
	Suite *s = suite_create("dump_quirks");
	TCase *tc = tcase_create("quirks");

	tcase_add_checked_fixture(tc, leak_check_setup, leak_check_teardown);
	tcase_add_test(tc, test_unprintable);
	tcase_add_test(tc, test_wrapped);
	tcase_add_test(tc, test_quoted_data);
	tcase_add_test(tc, test_redacted);
	tcase_add_test(tc, test_macroman);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_old_header);
	tcase_add_test(tc, test_apple_silicon);
	tcase_add_test(tc, test_planes_in_one_file);
	tcase_add_test(tc, test_zip_source);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(dump_quirks_suite());
}
