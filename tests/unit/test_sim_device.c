/* Unit tests for the simulated register device (registry/drivers/sim_device.c):
 * attach parameters, open policy, every method, and the shared memory a
 * client maps. */
#include <check.h>
#include <string.h>
#include <sys/mman.h>
#include <talloc.h>
#include <unistd.h>

#include "driver_config.h"
#include "drivers/sim_device.h"
#include "ioreturn.h"
#include "leak_check.h"
#include "parse_error.h"
#include "registry.h"
#include "test_util.h"
#include "user_client.h"
#include "value_xml.h"

struct fixture {
	struct registry *reg;
	int plane;
	struct reg_entry *dev;
	struct reg_caller user, root;
	uint64_t messages;
	uint32_t last_message;
	uint64_t last_argument;
};

static void listener(void *data, const struct reg_event *ev)
{
	struct fixture *f = data;

	if (ev->kind == REG_EVENT_MESSAGE && ev->entry_id == f->dev->id) {
		f->messages++;
		f->last_message = ev->message;
		f->last_argument = ev->argument;
	}
}

static struct reg_value *xml(const char *text)
{
	struct reg_parse_error err = { .message = "" };
	struct reg_value *v = reg_value_from_xml(test_ctx, text, strlen(text), &err);

	ck_assert_msg(v != NULL, "bad test XML: %s", err.message);
	return v;
}

/* A device with the given parameters (XML, or NULL for the defaults). */
static int make_device(struct fixture *f, const char *params_xml,
		       struct reg_parse_error *err)
{
	struct reg_value *params = params_xml ? xml(params_xml) : NULL;
	int ret;

	memset(f, 0, sizeof(*f));
	f->reg = registry_new(test_ctx);
	registry_wrlock(f->reg);
	f->plane = registry_add_plane(f->reg, "IOService");
	f->dev = registry_entry_new(f->reg, 0, "SimDevice", "IOKitFSSimDevice");
	registry_attach(f->reg, f->dev, registry_root(f->reg), f->plane);
	ret = reg_driver_attach(f->reg, f->dev, reg_driver_lookup(SIM_DEVICE_DRIVER_NAME),
				params, err);
	registry_add_listener(f->reg, listener, f);
	registry_unlock(f->reg);
	talloc_free(params);
	f->user = (struct reg_caller){ .uid = 1000, .gid = 1000, .pid = getpid() };
	f->root = (struct reg_caller){ .uid = 0, .gid = 0, .pid = getpid() };
	return ret;
}

static struct reg_connection *open_ok(struct fixture *f, uint32_t type,
				      const struct reg_caller *who)
{
	struct reg_connection *conn = NULL;

	ck_assert_int_eq(reg_service_open(test_ctx, f->reg, f->dev->id, type, who, &conn),
			 REG_IO_SUCCESS);
	return conn;
}

static void done(struct reg_connection *conn)
{
	reg_connection_close(conn);
	talloc_free(conn);
}

static int read_reg(struct reg_connection *c, uint64_t region, uint64_t offset,
		    uint64_t width, uint64_t *value)
{
	uint64_t in[3] = { region, offset, width };
	uint32_t n = 1;

	return reg_connection_call_method(c, SIM_DEVICE_READ, in, 3, NULL, 0, value, &n,
					  NULL, NULL, NULL);
}

static int write_reg(struct reg_connection *c, uint64_t region, uint64_t offset,
		     uint64_t width, uint64_t value)
{
	uint64_t in[4] = { region, offset, width, value };

	return reg_connection_call_method(c, SIM_DEVICE_WRITE, in, 4, NULL, 0, NULL, NULL,
					  NULL, NULL, NULL);
}

static int64_t number_property(struct fixture *f, const char *key)
{
	const struct reg_value *v;
	int64_t n;

	registry_rdlock(f->reg);
	v = reg_entry_property(f->dev, key);
	ck_assert_msg(v && v->type == REG_NUMBER, "%s missing", key);
	n = v->u.number.value;
	registry_unlock(f->reg);
	return n;
}

START_TEST(test_defaults_and_layout)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	const struct reg_value *regions, *ucc;

	ck_assert_int_eq(make_device(&f, NULL, &err), REG_IO_SUCCESS);
	registry_rdlock(f.reg);
	ck_assert_ptr_eq(f.dev->driver, &sim_device_driver);
	ucc = reg_entry_property(f.dev, "IOUserClientClass");
	ck_assert_str_eq(ucc->u.string.chars, SIM_DEVICE_USER_CLIENT_CLASS);
	regions = reg_entry_property(f.dev, "SimRegions");
	ck_assert_uint_eq(regions->u.array.count, 1);
	ck_assert_int_eq(reg_dict_get(regions->u.array.items[0], "Size")->u.number.value, 4096);
	ck_assert(!reg_dict_get(regions->u.array.items[0], "ReadOnly")->u.boolean);
	ck_assert_int_eq(reg_dict_get(regions->u.array.items[0], "CacheMode")->u.number.value, 1);
	registry_unlock(f.reg);
	ck_assert_int_eq(number_property(&f, "SimResets"), 0);
	talloc_free(f.reg);
}
END_TEST

START_TEST(test_bad_parameters)
{
	static const char *const bad[] = {
		"<array/>",
		"<dict><key>Regions</key><array/></dict>",
		"<dict><key>Regions</key><string>x</string></dict>",
		"<dict><key>Regions</key><array><integer>4</integer></array></dict>",
		"<dict><key>Regions</key><array><integer>-1</integer></array></dict>",
		"<dict><key>Regions</key><array><integer>67108865</integer></array></dict>",
		"<dict><key>Regions</key><array><dict><key>Size</key><integer>64</integer>"
		"<key>ReadOnly</key><integer>1</integer></dict></array></dict>",
		"<dict><key>Regions</key><array><dict><key>Size</key><integer>64</integer>"
		"<key>CacheMode</key><integer>10</integer></dict></array></dict>",
		"<dict><key>Exclusive</key><string>yes</string></dict>",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fixture f;
		struct reg_parse_error err = { .message = "" };

		ck_assert_int_eq(make_device(&f, bad[i], &err), REG_IO_BAD_ARGUMENT);
		ck_assert_msg(err.message[0], "no message for %s", bad[i]);
		ck_assert_ptr_null(f.dev->driver);
		talloc_free(f.reg);
	}
}
END_TEST

START_TEST(test_open_policy)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *a, *b, *c = NULL;

	ck_assert_int_eq(make_device(&f, "<dict><key>Exclusive</key><true/></dict>", &err), 0);
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.dev->id, 1, &f.user, &c),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.dev->id, 2, &f.root, &c),
			 REG_IO_BAD_ARGUMENT);
	a = open_ok(&f, 0, &f.user);
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.dev->id, 0, &f.root, &c),
			 REG_IO_EXCLUSIVE_ACCESS);
	ck_assert_ptr_null(c);
	/* Death frees the device for the next client. */
	ck_assert_int_eq(reg_connection_died(a), REG_IO_SUCCESS);
	b = open_ok(&f, 1, &f.root);
	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_entry_child_count(f.dev, f.plane), 1);
	ck_assert_str_eq(reg_entry_child(f.dev, f.plane, 0)->cls->name,
			 SIM_DEVICE_USER_CLIENT_CLASS);
	registry_unlock(f.reg);
	done(b);
	b = open_ok(&f, 0, &f.user);
	done(b);
	talloc_free(a);
	talloc_free(f.reg);
}
END_TEST

START_TEST(test_registers)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *c;
	uint64_t v = 0;

	ck_assert_int_eq(make_device(&f, "<dict><key>Regions</key><array><integer>64</integer>"
				     "<integer>4096</integer></array></dict>", &err), 0);
	c = open_ok(&f, 0, &f.user);
	ck_assert_int_eq(write_reg(c, 1, 8, 8, 0x1122334455667788ull), REG_IO_SUCCESS);
	ck_assert_int_eq(read_reg(c, 1, 8, 8, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0x1122334455667788ull);
	ck_assert_int_eq(read_reg(c, 1, 8, 4, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0x55667788);	/* host order (little-endian) */
	ck_assert_int_eq(read_reg(c, 1, 14, 2, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0x1122);
	ck_assert_int_eq(read_reg(c, 1, 15, 1, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0x11);
	ck_assert_int_eq(write_reg(c, 0, 60, 4, 0xffffffff), REG_IO_SUCCESS);
	ck_assert_int_eq(read_reg(c, 0, 60, 4, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0xffffffff);
	/* Bad region, offset, alignment, width, value. */
	ck_assert_int_eq(read_reg(c, 2, 0, 4, &v), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(read_reg(c, 0, 64, 1, &v), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(read_reg(c, 0, 60, 8, &v), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(read_reg(c, 0, 2, 4, &v), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(read_reg(c, 0, 0, 3, &v), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(read_reg(c, 0, UINT64_MAX - 3, 4, &v), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(write_reg(c, 0, 0, 1, 0x100), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(write_reg(c, 0, 0, 2, 0x10000), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(write_reg(c, 0, 0, 0, 0), REG_IO_BAD_ARGUMENT);
	/* Wrong scalar counts are the dispatcher's. */
	{
		uint64_t in[3] = { 0, 0, 4 };
		ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_WRITE, in, 3, NULL, 0,
							    NULL, NULL, NULL, NULL, NULL),
				 REG_IO_BAD_ARGUMENT);
		ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_METHOD_COUNT, NULL, 0,
							    NULL, 0, NULL, NULL, NULL, NULL,
							    NULL), REG_IO_BAD_ARGUMENT);
	}
	done(c);
	talloc_free(f.reg);
}
END_TEST

START_TEST(test_shared_memory)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *c;
	struct reg_uc_map_result map;
	volatile uint32_t *p;
	uint64_t v = 0, count = 0;
	uint32_t n = 1;

	ck_assert_int_eq(make_device(&f, "<dict><key>Regions</key><array>"
				     "<integer>4096</integer>"
				     "<dict><key>Size</key><integer>8192</integer>"
				     "<key>ReadOnly</key><true/>"
				     "<key>CacheMode</key><integer>4</integer></dict>"
				     "</array></dict>", &err), 0);
	c = open_ok(&f, 0, &f.user);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, c, 0, REG_MAP_ANYWHERE, &map),
			 REG_IO_SUCCESS);
	ck_assert_uint_eq(map.size, 4096);
	ck_assert_uint_eq(map.options, REG_MAP_ANYWHERE | REG_MAP_INHIBIT_CACHE);
	p = mmap(NULL, map.size, PROT_READ | PROT_WRITE, MAP_SHARED, map.fd, 0);
	ck_assert_ptr_ne((void *)p, MAP_FAILED);
	close(map.fd);
	/* The driver's writes appear in the mapping... */
	ck_assert_int_eq(write_reg(c, 0, 16, 4, 0xcafef00d), REG_IO_SUCCESS);
	ck_assert_uint_eq(p[4], 0xcafef00d);
	/* ...and the client's in the driver's registers. */
	p[5] = 0x12345678;
	ck_assert_int_eq(read_reg(c, 0, 20, 4, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0x12345678);
	/* Doorbell: counter at offset 0 of region 0, a message, a property. */
	p[0] = 41;
	ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_DOORBELL, NULL, 0, NULL, 0,
						    &count, &n, NULL, NULL, NULL),
			 REG_IO_SUCCESS);
	ck_assert_uint_eq(count, 42);
	ck_assert_uint_eq(p[0], 42);
	ck_assert_uint_eq(f.messages, 2);	/* attempting-open, then the doorbell */
	ck_assert_uint_eq(f.last_message, SIM_DEVICE_MESSAGE_DOORBELL);
	ck_assert_uint_eq(f.last_argument, 42);
	ck_assert_int_eq(number_property(&f, "SimDoorbells"), 1);
	/* Reset clears what every client holds: not for a plain user
	 * (nothing changes)... */
	ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_RESET, NULL, 0, NULL, 0,
						    NULL, NULL, NULL, NULL, NULL),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_uint_eq(p[0], 42);
	ck_assert_int_eq(number_property(&f, "SimResets"), 0);
	/* ...root's reset zeroes everything, including the client's view. */
	{
		struct reg_connection *rc = open_ok(&f, 1, &f.root);

		ck_assert_int_eq(reg_connection_call_method(rc, SIM_DEVICE_RESET, NULL, 0, NULL,
							    0, NULL, NULL, NULL, NULL, NULL),
				 REG_IO_SUCCESS);
		done(rc);
	}
	ck_assert_uint_eq(p[0], 0);
	ck_assert_uint_eq(p[4], 0);
	ck_assert_uint_eq(p[5], 0);
	ck_assert_int_eq(number_property(&f, "SimResets"), 1);
	munmap((void *)p, 4096);
	/* The read-only region says so, with its cache mode. */
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, c, 1, 0, &map), REG_IO_SUCCESS);
	ck_assert_uint_eq(map.size, 8192);
	ck_assert_uint_eq(map.options, REG_MAP_READ_ONLY | REG_MAP_WRITE_COMBINE_CACHE);
	close(map.fd);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, c, 2, 0, &map),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_unmap_memory(c, 2, 0), REG_IO_UNSUPPORTED);
	done(c);
	talloc_free(f.reg);
}
END_TEST

START_TEST(test_echo_sizes)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *c;
	size_t sizes[] = { 0, 1, 80, 4096, 4097, 100000 };

	ck_assert_int_eq(make_device(&f, NULL, &err), 0);
	c = open_ok(&f, 0, &f.user);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i], out_size = n + 10;
		uint8_t *in = talloc_size(test_ctx, n + 1), *out = talloc_size(test_ctx, n + 10);
		void *var = NULL;

		for (size_t k = 0; k < n; k++)
			in[k] = (uint8_t)(k * 7 + 3);
		ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_ECHO, NULL, 0, in, n,
							    NULL, NULL, out, &out_size, NULL),
				 REG_IO_SUCCESS);
		ck_assert_uint_eq(out_size, n);
		ck_assert(memcmp(in, out, n) == 0);
		out_size = REG_UC_VAR_OUTPUT_SIZE;
		ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_ECHO, NULL, 0, in, n,
							    NULL, NULL, &var, &out_size,
							    test_ctx), REG_IO_SUCCESS);
		ck_assert_uint_eq(out_size, n);
		ck_assert(memcmp(in, var, n) == 0);
		talloc_free(var);
		if (n > 0) {
			out_size = n - 1;
			ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_ECHO, NULL, 0,
								    in, n, NULL, NULL, out,
								    &out_size, NULL),
					 REG_IO_NO_SPACE);
		}
		talloc_free(in);
		talloc_free(out);
	}
	done(c);
	talloc_free(f.reg);
}
END_TEST

START_TEST(test_set_properties)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *c;
	struct reg_value *p;
	uint64_t v = 0;

	ck_assert_int_eq(make_device(&f, NULL, &err), 0);
	/* A plain user changes nothing, either way (policy.h). */
	c = open_ok(&f, 0, &f.user);
	p = xml("<dict><key>SimScratch</key><integer>7</integer></dict>");
	ck_assert_int_eq(registry_set_properties(f.reg, f.dev->id, p, &f.user),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(reg_connection_set_properties(c, p), REG_IO_NOT_PRIVILEGED);
	registry_rdlock(f.reg);
	ck_assert_ptr_null(reg_entry_property(f.dev, "SimScratch"));
	registry_unlock(f.reg);
	done(c);
	/* Root does. */
	c = open_ok(&f, 0, &f.root);
	ck_assert_int_eq(registry_set_properties(f.reg, f.dev->id, p, &f.root), REG_IO_SUCCESS);
	ck_assert_int_eq(number_property(&f, "SimScratch"), 7);
	talloc_free(p);
	p = xml("<dict><key>SimScratch</key><integer>8</integer></dict>");
	ck_assert_int_eq(reg_connection_set_properties(c, p), REG_IO_SUCCESS);
	ck_assert_int_eq(number_property(&f, "SimScratch"), 8);
	talloc_free(p);
	/* All or nothing: an unknown key stops the known one. */
	p = xml("<dict><key>SimScratch</key><integer>9</integer>"
		"<key>Other</key><integer>1</integer></dict>");
	ck_assert_int_eq(reg_connection_set_properties(c, p), REG_IO_UNSUPPORTED);
	ck_assert_int_eq(number_property(&f, "SimScratch"), 8);
	talloc_free(p);
	p = xml("<dict><key>SimScratch</key><string>9</string></dict>");
	ck_assert_int_eq(reg_connection_set_properties(c, p), REG_IO_BAD_ARGUMENT);
	talloc_free(p);
	p = xml("<dict><key>SimReset</key><false/></dict>");
	ck_assert_int_eq(reg_connection_set_properties(c, p), REG_IO_BAD_ARGUMENT);
	talloc_free(p);
	p = xml("<array/>");
	ck_assert_int_eq(registry_set_properties(f.reg, f.dev->id, p, &f.root),
			 REG_IO_BAD_ARGUMENT);
	talloc_free(p);
	ck_assert_int_eq(write_reg(c, 0, 8, 4, 5), REG_IO_SUCCESS);
	p = xml("<dict><key>SimReset</key><true/></dict>");
	ck_assert_int_eq(reg_connection_set_properties(c, p), REG_IO_SUCCESS);
	talloc_free(p);
	ck_assert_int_eq(read_reg(c, 0, 8, 4, &v), REG_IO_SUCCESS);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(number_property(&f, "SimResets"), 1);
	done(c);
	talloc_free(f.reg);
}
END_TEST

/* A connection whose service no longer carries the driver (detached while
 * the connection stays open) gets kIOReturnNoDevice from every method. */
START_TEST(test_driver_detached)
{
	struct fixture f;
	struct reg_parse_error err = { .message = "" };
	struct reg_connection *c;
	const struct reg_driver *driver;
	void *data;
	uint64_t v = 0, out = 0;
	uint32_t n = 1;

	ck_assert_int_eq(make_device(&f, NULL, &err), 0);
	c = open_ok(&f, 0, &f.root);
	registry_wrlock(f.reg);
	driver = f.dev->driver;
	data = f.dev->driver_data;
	registry_entry_set_driver(f.reg, f.dev, NULL, NULL);
	registry_unlock(f.reg);
	ck_assert_int_eq(read_reg(c, 0, 0, 4, &v), REG_IO_NO_DEVICE);
	ck_assert_int_eq(write_reg(c, 0, 0, 4, 1), REG_IO_NO_DEVICE);
	ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_RESET, NULL, 0, NULL, 0,
						    NULL, NULL, NULL, NULL, NULL),
			 REG_IO_NO_DEVICE);
	ck_assert_int_eq(reg_connection_call_method(c, SIM_DEVICE_DOORBELL, NULL, 0, NULL, 0,
						    &out, &n, NULL, NULL, NULL),
			 REG_IO_NO_DEVICE);
	registry_wrlock(f.reg);
	registry_entry_set_driver(f.reg, f.dev, driver, data);
	registry_unlock(f.reg);
	ck_assert_int_eq(read_reg(c, 0, 0, 4, &v), REG_IO_SUCCESS);
	done(c);
	talloc_free(f.reg);
}
END_TEST

static Suite *sim_device_suite(void)
{
	Suite *s = suite_create("sim_device");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_defaults_and_layout);
	tcase_add_test(tc, test_bad_parameters);
	tcase_add_test(tc, test_open_policy);
	tcase_add_test(tc, test_registers);
	tcase_add_test(tc, test_shared_memory);
	tcase_add_test(tc, test_echo_sizes);
	tcase_add_test(tc, test_set_properties);
	tcase_add_test(tc, test_driver_detached);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(sim_device_suite());
}
