/* Unit tests for SMC key dumps (registry/drivers/smc_keys.c) and the AppleSMC
 * user client (registry/drivers/apple_smc.c): every key of the real dumps,
 * and the SMCKeyData_t protocol byte for byte. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "drivers/apple_smc.h"
#include "drivers/smc_keys.h"
#include "ioreg_archive.h"
#include "ioreg_text.h"
#include "ioreturn.h"
#include "leak_check.h"
#include "registry.h"
#include "test_util.h"
#include "user_client.h"

static const char *const dumps[] = {
	"macbookpro12-1/SMC-keys.txt",
	"macbook8-1/SMC-keys.txt",
	"macbookpro15-1/SMC-keys.txt",	/* absent today: skipped */
};

/* The file read independently of smc_keys.c: one entry per key line. */
struct expected_key {
	char key[5], type[5];
	uint8_t bytes[32];
	size_t size;
};

static struct expected_key *read_expected(void *ctx, const char *text, size_t *count)
{
	struct expected_key *keys = talloc_array(ctx, struct expected_key, 2000);
	const char *line = text;

	*count = 0;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		const char *open = strchr(line, '[');

		if (strncmp(line, "  ", 2) == 0 && open && (!nl || open < nl)) {
			struct expected_key *k = &keys[(*count)++];
			const char *b = strstr(line, "(bytes ");
			char *end;

			ck_assert_uint_lt(*count, 2000);
			memcpy(k->key, line + 2, 4);
			k->key[4] = '\0';
			memcpy(k->type, open + 1, 4);
			k->type[4] = '\0';
			ck_assert_ptr_nonnull(b);
			b += strlen("(bytes ");
			k->size = 0;
			while (*b != ')') {
				k->bytes[k->size++] = (uint8_t)strtoul(b, &end, 16);
				ck_assert_ptr_ne(end, b);
				b = end;
				while (*b == ' ')
					b++;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return keys;
}

static uint32_t fourcc(const char *s)
{
	return (uint32_t)(uint8_t)s[0] << 24 | (uint32_t)(uint8_t)s[1] << 16 |
	       (uint32_t)(uint8_t)s[2] << 8 | (uint8_t)s[3];
}

START_TEST(test_parse_real_dumps)
{
	const char *rel = dumps[_i];
	char *path = test_data_path(test_ctx, rel);
	struct reg_parse_error err = { .message = "" };
	struct smc_key_table *t;
	struct expected_key *want;
	size_t len, n;
	char *text;

	if (!path) {
		printf("SKIP: %s absent\n", rel);
		return;
	}
	text = test_slurp(test_ctx, path, &len);
	want = read_expected(test_ctx, text, &n);
	t = smc_keys_parse(test_ctx, text, len, &err);
	ck_assert_msg(t != NULL, "%s: line %zu: %s", rel, err.line, err.message);
	ck_assert_uint_eq(t->count, n);
	ck_assert_int_eq(t->declared_count, (int64_t)n);	/* #KEY agrees */
	for (size_t i = 0; i < n; i++) {
		const struct smc_key *k = &t->keys[i];
		char key[5], type[5];

		smc_fourcc_text(k->key, key);
		smc_fourcc_text(k->type, type);
		ck_assert_str_eq(key, want[i].key);
		ck_assert_str_eq(type, want[i].type);
		ck_assert_uint_eq(k->size, want[i].size);
		ck_assert(memcmp(k->data, want[i].bytes, k->size) == 0);
		ck_assert_ptr_eq(smc_keys_find(t, fourcc(want[i].key)), k);
		ck_assert(k->attributes & SMC_ATTR_READ);
	}
	talloc_free(t);
	talloc_free(want);
	talloc_free(text);
	talloc_free(path);
}
END_TEST

START_TEST(test_parse_errors)
{
	static const struct {
		const char *text;
		size_t line;
	} bad[] = {
		{ "  ABCD  [ui8 ]  1 (bytes 01)\n  AB\n", 2 },
		{ "  ABCD  ui8   1 (bytes 01)\n", 1 },
		{ "  ABCD  [ui8 ]  1\n", 1 },
		{ "  ABCD  [ui8 ]  1 (bytes 0g)\n", 1 },
		{ "  ABCD  [ui8 ]  1 (bytes 012)\n", 1 },
		{ "  ABCD  [ui8 ]  1 (bytes 01\n", 1 },
		{ "  ABCD  [ui8 ]  1 (bytes 01) junk\n", 1 },
		{ "  ABCD  [ui8 ]  1 (bytes 01) attr=zz\n", 1 },
		{ "  ABCD  [ui8xx]  1 (bytes 01)\n", 1 },
		{ "  ABCD  []  1 (bytes 01)\n", 1 },
		{ "\n\n  AB\tD  [ui8 ]  (bytes 01)\n", 3 },
		{ "  ABCD  [ch8*]  (bytes 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"
		  " 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f 20)\n", 1 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct reg_parse_error err = { .message = "" };

		ck_assert_msg(!smc_keys_parse(test_ctx, bad[i].text, strlen(bad[i].text), &err),
			      "accepted %s", bad[i].text);
		ck_assert_msg(err.message[0], "no message for %s", bad[i].text);
		ck_assert_uint_eq(err.line, bad[i].line);
	}
	{
		const char dup[] = "  ABCD  [ui8 ]  (bytes 01)\n  ABCD  [ui8 ]  (bytes 02)\n";
		const char nul[] = "  ABCD  [ui8 ]  (bytes 01)\0\n";
		struct reg_parse_error err = { .message = "" };

		ck_assert_ptr_null(smc_keys_parse(test_ctx, dup, strlen(dup), &err));
		ck_assert_ptr_nonnull(strstr(err.message, "duplicate key 'ABCD'"));
		ck_assert_ptr_nonnull(strstr(err.message, "first on line 1"));
		ck_assert_uint_eq(err.line, 2);
		memset(&err, 0, sizeof(err));
		ck_assert_ptr_null(smc_keys_parse(test_ctx, nul, sizeof(nul) - 1, &err));
		ck_assert_uint_eq(err.offset, 26);
		ck_assert_uint_eq(err.line, 1);
	}
}
END_TEST

START_TEST(test_parse_details)
{
	const char text[] =
		"Num: b0=0 b1=0 b2=0 b3=4 size=4\r\n"
		"# a comment\n"
		"  #KEY  [ui32]  4 (bytes 00 00 00 04)\n"
		"  FS!   [ui16]  0 (bytes 00 00)\n"
		"\n"
		"  F1Tg  [fpe]  (bytes 12 34)\r\n"
		"  Zero  [hex_]  (bytes )\n"
		"  MyKy  [ui8 ]  (bytes 7f) attr=d0";
	struct reg_parse_error err = { .message = "" };
	struct smc_key_table *t = smc_keys_parse(test_ctx, text, sizeof(text) - 1, &err);
	char type[5];

	ck_assert_msg(t != NULL, "%s", err.message);
	ck_assert_uint_eq(t->count, 5);
	ck_assert_int_eq(t->declared_count, 4);
	ck_assert_uint_eq(t->keys[1].key, fourcc("FS! "));
	ck_assert_uint_eq(t->keys[1].attributes, SMC_ATTR_READ | SMC_ATTR_WRITE);
	ck_assert_uint_eq(t->keys[2].attributes, SMC_ATTR_READ | SMC_ATTR_WRITE);
	smc_fourcc_text(t->keys[2].type, type);
	ck_assert_str_eq(type, "fpe ");
	ck_assert_uint_eq(t->keys[3].size, 0);
	ck_assert_uint_eq(t->keys[0].attributes, SMC_ATTR_READ);
	ck_assert_uint_eq(t->keys[4].attributes, 0xd0);
	ck_assert_ptr_null(smc_keys_find(t, fourcc("NONE")));
	ck_assert(smc_key_default_writable(fourcc("F9Md")));
	ck_assert(!smc_key_default_writable(fourcc("FNum")));
	ck_assert(!smc_key_default_writable(fourcc("FAMn")));
	/* #KEY is added when missing, at index 0. */
	ck_assert_int_eq(smc_keys_ensure_count_key(t), 0);
	ck_assert_uint_eq(t->count, 5);
	talloc_free(t);
	t = smc_keys_parse(test_ctx, "  ABCD  [ui8 ]  (bytes 01)\n", 27, &err);
	ck_assert_int_eq(t->declared_count, -1);
	ck_assert_int_eq(smc_keys_ensure_count_key(t), 0);
	ck_assert_uint_eq(t->count, 2);
	ck_assert_uint_eq(t->keys[0].key, fourcc("#KEY"));
	ck_assert_ptr_eq(smc_keys_find(t, fourcc("ABCD")), &t->keys[1]);
	talloc_free(t);
}
END_TEST

/* ---- the protocol ---- */

struct smc_fixture {
	struct registry *reg;
	struct reg_entry *smc;
	struct reg_connection *conn;
	struct reg_caller user, root;
	struct expected_key *want;
	size_t nwant;
};

static bool setup_smc(struct smc_fixture *f, const char *rel)
{
	char *keys = test_data_path(test_ctx, rel);
	struct reg_parse_error err = { .message = "" };
	size_t len;
	char *text;
	int plane;

	memset(f, 0, sizeof(*f));
	if (!keys) {
		printf("SKIP: %s absent\n", rel);
		return false;
	}
	text = test_slurp(test_ctx, keys, &len);
	f->want = read_expected(test_ctx, text, &f->nwant);
	talloc_free(text);
	f->reg = registry_new(test_ctx);
	registry_wrlock(f->reg);
	plane = registry_add_plane(f->reg, "IOService");
	registry_attach(f->reg, registry_entry_new(f->reg, 0, "MacBookPro12,1",
						   "IOPlatformExpertDevice"),
			registry_root(f->reg), plane);
	ck_assert_msg(apple_smc_attach(f->reg, keys, &err) == 0, "%s", err.message);
	f->smc = reg_entry_child(reg_entry_child(registry_root(f->reg), plane, 0), plane, 0);
	ck_assert_str_eq(f->smc->cls->name, "AppleSMC");
	ck_assert_ptr_eq(f->smc->driver, &apple_smc_driver);
	registry_unlock(f->reg);
	talloc_free(keys);
	f->user = (struct reg_caller){ .uid = 501, .gid = 20, .pid = getpid() };
	f->root = (struct reg_caller){ .uid = 0, .gid = 0, .pid = getpid() };
	ck_assert_int_eq(reg_service_open(test_ctx, f->reg, f->smc->id, 0, &f->user, &f->conn),
			 REG_IO_SUCCESS);
	return true;
}

static void teardown_smc(struct smc_fixture *f)
{
	reg_connection_close(f->conn);
	talloc_free(f->conn);
	talloc_free(f->want);
	talloc_free(f->reg);
}

/* Builds the 80 input bytes by offset, as a tool compiled on macOS lays
 * them out, calls selector 2, and returns the 80 output bytes. */
static int ypc(struct reg_connection *conn, uint32_t key, uint8_t cmd, uint32_t size,
	       uint32_t index, const uint8_t *bytes, uint8_t out[80])
{
	uint8_t in[80] = { 0 };
	size_t out_size = 80;
	int ret;

	memcpy(in + 0, &key, 4);
	memcpy(in + 28, &size, 4);
	in[42] = cmd;
	memcpy(in + 44, &index, 4);
	if (bytes)
		memcpy(in + 48, bytes, size < 32 ? size : 32);
	memset(out, 0xee, 80);
	ret = reg_connection_call_method(conn, SMC_HANDLE_YPC_EVENT, NULL, 0, in, 80, NULL,
					 NULL, out, &out_size, NULL);
	if (ret == REG_IO_SUCCESS)
		ck_assert_uint_eq(out_size, 80);
	return ret;
}

static uint32_t u32_at(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

START_TEST(test_protocol_every_key)
{
	struct smc_fixture f;
	uint8_t out[80];

	if (!setup_smc(&f, "macbookpro12-1/SMC-keys.txt"))
		return;
	for (size_t i = 0; i < f.nwant; i++) {
		uint32_t key = fourcc(f.want[i].key);

		/* key at index */
		ck_assert_int_eq(ypc(f.conn, 0, SMC_CMD_READ_INDEX, 0, (uint32_t)i, NULL, out), 0);
		ck_assert_uint_eq(out[40], 0);
		ck_assert_uint_eq(u32_at(out), key);
		/* key info */
		ck_assert_int_eq(ypc(f.conn, key, SMC_CMD_READ_KEYINFO, 0, 0, NULL, out), 0);
		ck_assert_uint_eq(out[40], 0);
		ck_assert_uint_eq(u32_at(out + 28), f.want[i].size);
		ck_assert_uint_eq(u32_at(out + 32), fourcc(f.want[i].type));
		ck_assert(out[36] & SMC_ATTR_READ);
		/* read bytes */
		ck_assert_int_eq(ypc(f.conn, key, SMC_CMD_READ_BYTES, (uint32_t)f.want[i].size, 0,
				     NULL, out), 0);
		ck_assert_uint_eq(out[40], 0);
		ck_assert(memcmp(out + 48, f.want[i].bytes, f.want[i].size) == 0);
		for (size_t k = f.want[i].size; k < 32; k++)
			ck_assert_uint_eq(out[48 + k], 0);
	}
	teardown_smc(&f);
}
END_TEST

START_TEST(test_protocol_bytes)
{
	struct smc_fixture f;
	uint8_t out[80], expect[80] = { 0 };
	uint32_t key = fourcc("#KEY"), size = 4, type = fourcc("ui32");

	if (!setup_smc(&f, "macbookpro12-1/SMC-keys.txt"))
		return;
	/* #KEY, whole output compared: 670 keys = 00 00 02 9e. */
	ck_assert_int_eq(ypc(f.conn, key, SMC_CMD_READ_BYTES, 4, 0, NULL, out), 0);
	memcpy(expect, &key, 4);
	memcpy(expect + 28, &size, 4);
	expect[42] = SMC_CMD_READ_BYTES;
	expect[48 + 2] = 0x02;
	expect[48 + 3] = 0x9e;
	ck_assert(memcmp(out, expect, 80) == 0);
	ck_assert_uint_eq(f.nwant, 0x29e);
	/* Key info of FS!  (trailing space in the key). */
	key = fourcc("FS! ");
	ck_assert_int_eq(ypc(f.conn, key, SMC_CMD_READ_KEYINFO, 0, 0, NULL, out), 0);
	memset(expect, 0, 80);
	memcpy(expect, &key, 4);
	size = 2;
	type = fourcc("ui16");
	memcpy(expect + 28, &size, 4);
	memcpy(expect + 32, &type, 4);
	expect[36] = SMC_ATTR_READ | SMC_ATTR_WRITE;
	expect[42] = SMC_CMD_READ_KEYINFO;
	ck_assert(memcmp(out, expect, 80) == 0);
	/* Index 0 is #KEY; past the end is 0xb8. */
	ck_assert_int_eq(ypc(f.conn, 0, SMC_CMD_READ_INDEX, 0, 0, NULL, out), 0);
	ck_assert_uint_eq(u32_at(out), fourcc("#KEY"));
	ck_assert_uint_eq(u32_at(out + 44), 0);
	ck_assert_int_eq(ypc(f.conn, 0, SMC_CMD_READ_INDEX, 0, 0x29e, NULL, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_INDEX_RANGE);
	ck_assert_uint_eq(u32_at(out + 44), 0x29e);
	/* Errors in the result byte. */
	ck_assert_int_eq(ypc(f.conn, fourcc("NONE"), SMC_CMD_READ_BYTES, 1, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_NOT_FOUND);
	ck_assert_int_eq(ypc(f.conn, fourcc("NONE"), SMC_CMD_READ_KEYINFO, 0, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_NOT_FOUND);
	ck_assert_int_eq(ypc(f.conn, fourcc("F0Mn"), SMC_CMD_READ_BYTES, 4, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_KEY_SIZE_MISMATCH);
	ck_assert_int_eq(ypc(f.conn, fourcc("F0Mn"), 11, 0, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_BAD_COMMAND);
	/* Wrong struct sizes and selectors are the dispatcher's. */
	{
		uint8_t in[81] = { 0 };
		size_t n = 80;

		ck_assert_int_eq(reg_connection_call_method(f.conn, 2, NULL, 0, in, 79, NULL,
							    NULL, out, &n, NULL),
				 REG_IO_BAD_ARGUMENT);
		n = 81;
		ck_assert_int_eq(reg_connection_call_method(f.conn, 2, NULL, 0, in, 80, NULL,
							    NULL, in, &n, NULL),
				 REG_IO_BAD_ARGUMENT);
		ck_assert_int_eq(reg_connection_call_method(f.conn, 3, NULL, 0, NULL, 0, NULL,
							    NULL, NULL, NULL, NULL),
				 REG_IO_UNSUPPORTED);
	}
	teardown_smc(&f);
}
END_TEST

START_TEST(test_protocol_writes)
{
	struct smc_fixture f;
	struct reg_connection *root_conn = NULL;
	uint8_t out[80], value[32] = { 0x25, 0x80 };

	if (!setup_smc(&f, "macbookpro12-1/SMC-keys.txt"))
		return;
	/* Non-root: the call itself fails. */
	ck_assert_int_eq(ypc(f.conn, fourcc("F0Mn"), SMC_CMD_WRITE_BYTES, 2, 0, value, out),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.smc->id, 0, &f.root, &root_conn),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(ypc(root_conn, fourcc("F0Mn"), SMC_CMD_WRITE_BYTES, 2, 0, value, out),
			 REG_IO_SUCCESS);
	ck_assert_uint_eq(out[40], SMC_RESULT_SUCCESS);
	/* Everyone reads the new value. */
	ck_assert_int_eq(ypc(f.conn, fourcc("F0Mn"), SMC_CMD_READ_BYTES, 2, 0, NULL, out), 0);
	ck_assert_uint_eq(out[48], 0x25);
	ck_assert_uint_eq(out[49], 0x80);
	/* Read-only keys, wrong sizes, unknown keys. */
	ck_assert_int_eq(ypc(root_conn, fourcc("ACID"), SMC_CMD_WRITE_BYTES, 8, 0, value, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_NOT_WRITABLE);
	ck_assert_int_eq(ypc(root_conn, fourcc("#KEY"), SMC_CMD_WRITE_BYTES, 4, 0, value, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_NOT_WRITABLE);
	ck_assert_int_eq(ypc(root_conn, fourcc("F0Tg"), SMC_CMD_WRITE_BYTES, 1, 0, value, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_KEY_SIZE_MISMATCH);
	ck_assert_int_eq(ypc(root_conn, fourcc("NONE"), SMC_CMD_WRITE_BYTES, 1, 0, value, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_NOT_FOUND);
	ck_assert_int_eq(ypc(f.conn, fourcc("ACID"), SMC_CMD_READ_BYTES, 8, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], 0);
	ck_assert_uint_eq(out[48], 0);
	reg_connection_close(root_conn);
	talloc_free(root_conn);
	teardown_smc(&f);
}
END_TEST

START_TEST(test_user_client_open_close)
{
	struct smc_fixture f;
	struct reg_connection *other = NULL;

	if (!setup_smc(&f, "macbook8-1/SMC-keys.txt"))
		return;
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.smc->id, 0, &f.user, &other), 0);
	ck_assert_int_eq(reg_connection_call_method(f.conn, SMC_USER_CLIENT_CLOSE, NULL, 0, NULL,
						    0, NULL, NULL, NULL, NULL, NULL),
			 REG_IO_NOT_OPEN);
	ck_assert_int_eq(reg_connection_call_method(f.conn, SMC_USER_CLIENT_OPEN, NULL, 0, NULL,
						    0, NULL, NULL, NULL, NULL, NULL), 0);
	ck_assert_int_eq(reg_connection_call_method(other, SMC_USER_CLIENT_OPEN, NULL, 0, NULL,
						    0, NULL, NULL, NULL, NULL, NULL),
			 REG_IO_EXCLUSIVE_ACCESS);
	ck_assert_int_eq(reg_connection_call_method(f.conn, SMC_USER_CLIENT_CLOSE, NULL, 0, NULL,
						    0, NULL, NULL, NULL, NULL, NULL), 0);
	ck_assert_int_eq(reg_connection_call_method(other, SMC_USER_CLIENT_OPEN, NULL, 0, NULL,
						    0, NULL, NULL, NULL, NULL, NULL), 0);
	/* The holder dying releases it. */
	ck_assert_int_eq(reg_connection_died(other), 0);
	ck_assert_int_eq(reg_connection_call_method(f.conn, SMC_USER_CLIENT_OPEN, NULL, 0, NULL,
						    0, NULL, NULL, NULL, NULL, NULL), 0);
	talloc_free(other);
	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_entry_child_count(f.smc, 0), 1);
	ck_assert_str_eq(reg_entry_child(f.smc, 0, 0)->cls->name, "AppleSMCClient");
	registry_unlock(f.reg);
	teardown_smc(&f);
}
END_TEST

/* The dump's own AppleSMC gets the driver (text dump + keys). */
START_TEST(test_attach_text_dump)
{
	char *ioreg = test_data_path(test_ctx, "macbookpro12-1/IOReg.txt");
	char *keys = test_data_path(test_ctx, "macbookpro12-1/SMC-keys.txt");
	struct reg_parse_error err = { .message = "" };
	struct registry *reg;
	struct reg_entry *smc = NULL;
	struct reg_class *cls;
	size_t len;
	char *text;

	if (!ioreg || !keys) {
		printf("SKIP: macbookpro12-1 dumps absent\n");
		talloc_free(ioreg);
		talloc_free(keys);
		return;
	}
	text = test_slurp(test_ctx, ioreg, &len);
	reg = registry_new(test_ctx);
	registry_wrlock(reg);
	ck_assert_int_eq(source_load_ioreg_text(reg, text, len, NULL, &err), 0);
	cls = registry_class_get(reg, "AppleSMC");
	ck_assert_ptr_nonnull(cls);
	ck_assert_uint_eq(cls->ninstances, 1);
	ck_assert_int_eq(apple_smc_attach(reg, keys, &err), 0);
	smc = cls->instances[0];
	ck_assert_uint_eq(cls->ninstances, 1);	/* none created */
	ck_assert_ptr_eq(smc->driver, &apple_smc_driver);
	ck_assert_uint_eq(apple_smc_table(smc)->count, 0x29e);
	ck_assert_str_eq(reg_entry_property(smc, "IOUserClientClass")->u.string.chars,
			 "AppleSMCClient");
	/* A bad keys file fails cleanly. */
	ck_assert_int_eq(apple_smc_attach(reg, "/nonexistent/SMC-keys.txt", &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "/nonexistent"));
	registry_unlock(reg);
	talloc_free(reg);
	talloc_free(text);
	talloc_free(ioreg);
	talloc_free(keys);
}
END_TEST

/* The archive's AppleSMC, with no key dump: #KEY alone. */
START_TEST(test_attach_archive_no_keys)
{
	char *path = test_data_path(test_ctx, "macbookpro15-1/registry.ioreg");
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *conn = NULL;
	struct reg_caller me = { .uid = 501, .gid = 20, .pid = getpid() };
	struct registry *reg;
	struct reg_class *cls;
	uint8_t out[80];
	size_t len;
	char *data;

	if (!path) {
		printf("SKIP: macbookpro15-1/registry.ioreg absent\n");
		return;
	}
	data = test_slurp(test_ctx, path, &len);
	reg = registry_new(test_ctx);
	registry_wrlock(reg);
	ck_assert_int_eq(source_load_ioreg_archive(reg, data, len, &err), 0);
	cls = registry_class_get(reg, "AppleSMC");
	ck_assert_uint_eq(cls->ninstances, 1);
	ck_assert_int_eq(apple_smc_attach(reg, NULL, &err), 0);
	ck_assert_uint_eq(cls->ninstances, 1);
	ck_assert_ptr_eq(cls->instances[0]->driver, &apple_smc_driver);
	registry_unlock(reg);
	ck_assert_int_eq(reg_service_open(test_ctx, reg, cls->instances[0]->id, 0, &me, &conn), 0);
	ck_assert_int_eq(ypc(conn, fourcc("#KEY"), SMC_CMD_READ_BYTES, 4, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], 0);
	ck_assert_uint_eq(out[51], 1);
	ck_assert_int_eq(ypc(conn, fourcc("TC0P"), SMC_CMD_READ_BYTES, 2, 0, NULL, out), 0);
	ck_assert_uint_eq(out[40], SMC_RESULT_NOT_FOUND);
	reg_connection_close(conn);
	talloc_free(conn);
	talloc_free(reg);
	talloc_free(data);
	talloc_free(path);
}
END_TEST

/* No AppleSMC anywhere: one is created under the platform entry. */
START_TEST(test_attach_creates_entry)
{
	struct registry *reg = registry_new(test_ctx);
	struct reg_parse_error err = { .message = "" };
	struct reg_entry *platform, *smc;
	int plane;

	registry_wrlock(reg);
	plane = registry_add_plane(reg, "IOService");
	platform = registry_entry_new(reg, 0, "Linux", "IOPlatformExpertDevice");
	registry_attach(reg, platform, registry_root(reg), plane);
	ck_assert_int_eq(apple_smc_attach(reg, NULL, &err), 0);
	ck_assert_uint_eq(reg_entry_child_count(platform, plane), 1);
	smc = reg_entry_child(platform, plane, 0);
	ck_assert_str_eq(smc->cls->name, "AppleSMC");
	ck_assert_str_eq(reg_entry_name(smc, plane), "AppleSMC");
	ck_assert(smc->is_service);
	/* Attaching again reuses it. */
	ck_assert_int_eq(apple_smc_attach(reg, NULL, &err), 0);
	ck_assert_uint_eq(reg_entry_child_count(platform, plane), 1);
	registry_unlock(reg);
	talloc_free(reg);
}
END_TEST

static Suite *apple_smc_suite(void)
{
	Suite *s = suite_create("apple_smc");
	TCase *tc = tcase_create("keys");
	TCase *proto = tcase_create("protocol");

	LEAK_CHECKED(tc);
	tcase_add_loop_test(tc, test_parse_real_dumps, 0, sizeof(dumps) / sizeof(dumps[0]));
	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_parse_details);
	suite_add_tcase(s, tc);
	LEAK_CHECKED(proto);
	tcase_set_timeout(proto, 30);
	tcase_add_test(proto, test_protocol_every_key);
	tcase_add_test(proto, test_protocol_bytes);
	tcase_add_test(proto, test_protocol_writes);
	tcase_add_test(proto, test_user_client_open_close);
	tcase_add_test(proto, test_attach_text_dump);
	tcase_add_test(proto, test_attach_archive_no_keys);
	tcase_add_test(proto, test_attach_creates_entry);
	suite_add_tcase(s, proto);
	return s;
}

int main(void)
{
	return test_run_suite(apple_smc_suite());
}
