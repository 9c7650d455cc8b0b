/* Unit tests for the generic user-client layer (registry/user_client.c):
 * open/close/died bookkeeping and every check of the dispatch path, with a
 * test driver whose methods record what they saw. */
#include <check.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <talloc.h>
#include <unistd.h>

#include "ioreturn.h"
#include "leak_check.h"
#include "policy.h"
#include "registry.h"
#include "test_util.h"
#include "user_client.h"

#define V REG_UC_VARIABLE_SIZE

/* What the test driver saw; one per test (the suite forks per test). */
static struct {
	int opens, closes, deaths, calls;
	uint32_t last_type;
	struct reg_uc_args last;
	bool outputs_were_zero;
	int open_result;
	int memfd;
	uint64_t messages;
	uint32_t last_message;
} seen;

static int t_open(struct reg_connection *conn, uint32_t type)
{
	seen.opens++;
	seen.last_type = type;
	if (seen.open_result == REG_IO_SUCCESS)
		conn->driver_data = talloc_strdup(conn, "per-connection state");
	return seen.open_result;
}

static int t_close(struct reg_connection *conn)
{
	(void)conn;
	seen.closes++;
	return REG_IO_ERROR;	/* ignored by IOServiceClose */
}

static int t_died(struct reg_connection *conn)
{
	(void)conn;
	seen.deaths++;
	return REG_IO_SUCCESS;
}

/* Records the call and answers: scalar outputs = inputs + 1, struct output
 * = struct input reversed (as far as it fits). */
static int t_method(struct reg_connection *conn, struct reg_uc_args *args)
{
	(void)conn;
	seen.calls++;
	seen.last = *args;
	seen.outputs_were_zero = true;
	for (uint32_t i = 0; i < args->scalar_output_count; i++) {
		if (args->scalar_output[i] != 0)
			seen.outputs_were_zero = false;
		args->scalar_output[i] = i < args->scalar_input_count
						 ? args->scalar_input[i] + 1 : 100 + i;
	}
	if (args->struct_output) {
		size_t n = args->struct_input_size < args->struct_output_size
				   ? args->struct_input_size : args->struct_output_size;
		for (size_t i = 0; i < n; i++)
			((uint8_t *)args->struct_output)[i] =
				((const uint8_t *)args->struct_input)[args->struct_input_size - 1 - i];
		args->struct_output_size = n;
	}
	return REG_IO_SUCCESS;
}

/* Claims fewer scalars and more struct bytes than it may. */
static int t_shrink(struct reg_connection *conn, struct reg_uc_args *args)
{
	(void)conn;
	args->scalar_output_count = 1;
	args->struct_output_size = args->struct_output_size + 100;
	return REG_IO_SUCCESS;
}

static int t_var(struct reg_connection *conn, struct reg_uc_args *args)
{
	(void)conn;
	if (!args->variable_output_requested)
		return REG_IO_BAD_ARGUMENT;
	if (args->struct_input_size == 0)
		return REG_IO_SUCCESS;	/* leaves no answer: underrun */
	args->variable_output = talloc_strdup(args->variable_output_ctx, "variable answer");
	args->variable_output_size = strlen("variable answer") + 1;
	return REG_IO_SUCCESS;
}

static int t_fail(struct reg_connection *conn, struct reg_uc_args *args)
{
	(void)conn;
	(void)args;
	return REG_IO_NOT_READY;
}

static int t_message(struct reg_connection *conn, struct reg_uc_args *args)
{
	reg_connection_message(conn, 0xe3ff8042u, args->scalar_input[0]);
	return REG_IO_SUCCESS;
}

static const struct reg_uc_method t_methods[] = {
	{ t_method, 2, 0, 1, 0, REG_UC_USER },	/* 0: 2 scalars in, 1 out; anyone */
	{ t_method, 0, 8, 0, 8, 0 },		/* 1: 8-byte structs */
	{ t_method, V, V, V, V, 0 },		/* 2: anything */
	{ NULL, 0, 0, 0, 0, 0 },			/* 3: no function */
	{ t_shrink, 0, 0, 4, V, 0 },		/* 4 */
	{ t_var, 0, V, 0, V, 0 },			/* 5: variable output */
	{ t_fail, 0, 0, 0, 0, 0 },			/* 6: the method's own error */
	{ t_message, 1, 0, 0, 0, 0 },		/* 7: message to interested clients */
	{ t_var, 0, V, 0, 0, 0 },			/* 8: var output counts as size 0 */
};

static int t_memory(struct reg_connection *conn, uint32_t type, struct reg_uc_memory *mem)
{
	(void)conn;
	switch (type) {
	case 0:
		mem->fd = seen.memfd;
		mem->size = 4096;
		mem->options = REG_MAP_READ_ONLY | REG_MAP_INHIBIT_CACHE | 0x10000000u;
		return REG_IO_SUCCESS;
	case 1:
		mem->fd = -1;
		mem->path = "/sys/bus/pci/devices/0000:00:00.0/resource0";
		mem->offset = 0x1000;
		mem->size = 0x100;
		return REG_IO_SUCCESS;
	case 2:	/* neither fd nor path: a broken driver */
		mem->fd = -1;
		mem->size = 16;
		return REG_IO_SUCCESS;
	default:
		return REG_IO_UNSUPPORTED;
	}
}

static int t_set_properties(struct reg_connection *conn, const struct reg_value *props)
{
	struct reg_entry *e = registry_entry_by_id(conn->registry, conn->client_id);

	if (!props || props->type != REG_DICT || !reg_dict_get(props, "Knob"))
		return REG_IO_BAD_ARGUMENT;
	return registry_set_property(conn->registry, e, "Knob",
				     reg_value_copy(NULL, reg_dict_get(props, "Knob")))
		       ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
}

static const struct reg_user_client_ops t_ops = {
	.user_client_class = "TestUserClient",
	.open = t_open,
	.close = t_close,
	.died = t_died,
	.methods = t_methods,
	.method_count = sizeof(t_methods) / sizeof(t_methods[0]),
	.selector_policy = REG_UC_SELECTOR_BAD_ARGUMENT,
	.memory_for_type = t_memory,
	.set_properties = t_set_properties,
};

static const struct reg_driver t_driver = {
	.name = "TestDriver",
	.user_client = &t_ops,
};

/* The same client with the legacy selector policy and no optional ops. */
static const struct reg_user_client_ops t_ops_legacy = {
	.methods = t_methods,
	.method_count = 1,
	.selector_policy = REG_UC_SELECTOR_UNSUPPORTED,
};

static const struct reg_driver t_driver_legacy = {
	.name = "TestLegacy",
	.user_client = &t_ops_legacy,
};

static const struct reg_driver t_driver_no_uc = {
	.name = "NoUserClient",
};

struct fixture {
	struct registry *reg;
	int plane;
	struct reg_entry *service, *plain, *no_uc, *legacy;
	struct reg_caller caller;
};

static void listener(void *data, const struct reg_event *ev)
{
	(void)data;
	if (ev->kind == REG_EVENT_MESSAGE) {
		seen.messages++;
		seen.last_message = ev->message;
	}
}

static struct fixture make_fixture(void)
{
	struct fixture f = { 0 };
	struct reg_entry *platform;

	memset(&seen, 0, sizeof(seen));
	seen.memfd = memfd_create("test", MFD_CLOEXEC);
	ck_assert_int_ge(seen.memfd, 0);
	ck_assert_int_eq(ftruncate(seen.memfd, 4096), 0);
	f.reg = registry_new(test_ctx);
	ck_assert_ptr_nonnull(f.reg);
	registry_wrlock(f.reg);
	f.plane = registry_add_plane(f.reg, "IOService");
	platform = registry_entry_new(f.reg, 0, "Platform", "IOPlatformExpertDevice");
	ck_assert_int_eq(registry_attach(f.reg, platform, registry_root(f.reg), f.plane), 0);
	f.service = registry_entry_new(f.reg, 0, "TestService", "IOService");
	f.plain = registry_entry_new(f.reg, 0, "Plain", "IOService");
	f.no_uc = registry_entry_new(f.reg, 0, "NoUC", "IOService");
	f.legacy = registry_entry_new(f.reg, 0, "Legacy", "IOService");
	registry_attach(f.reg, f.service, platform, f.plane);
	registry_attach(f.reg, f.plain, platform, f.plane);
	registry_attach(f.reg, f.no_uc, platform, f.plane);
	registry_attach(f.reg, f.legacy, platform, f.plane);
	registry_entry_set_driver(f.reg, f.service, &t_driver, NULL);
	registry_entry_set_driver(f.reg, f.no_uc, &t_driver_no_uc, NULL);
	registry_entry_set_driver(f.reg, f.legacy, &t_driver_legacy, NULL);
	registry_add_listener(f.reg, listener, NULL);
	registry_unlock(f.reg);
	f.caller = (struct reg_caller){ .uid = 501, .gid = 20, .pid = getpid() };
	/* 501 owns the mount: privileged, as the daemon's user would be. */
	registry_set_access(f.reg, &(struct reg_access){ .owner = 501 });
	return f;
}

static void free_fixture(struct fixture *f)
{
	talloc_free(f->reg);
	close(seen.memfd);
}

static struct reg_connection *open_ok(struct fixture *f, uint64_t id)
{
	struct reg_connection *conn = NULL;

	ck_assert_int_eq(reg_service_open(test_ctx, f->reg, id, 7, &f->caller, &conn),
			 REG_IO_SUCCESS);
	ck_assert_ptr_nonnull(conn);
	return conn;
}

START_TEST(test_open_errors)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = (void *)1;

	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, 0x7777, 0, &f.caller, &conn),
			 REG_IO_NOT_FOUND);
	ck_assert_ptr_null(conn);
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.plain->id, 0, &f.caller, &conn),
			 REG_IO_UNSUPPORTED);
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.no_uc->id, 0, &f.caller, &conn),
			 REG_IO_UNSUPPORTED);
	seen.open_result = REG_IO_NOT_PRIVILEGED;
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.service->id, 3, &f.caller, &conn),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_ptr_null(conn);
	ck_assert_int_eq(seen.opens, 1);
	ck_assert_uint_eq(seen.last_type, 3);
	/* A refused open leaves no entry behind. */
	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_entry_child_count(f.service, f.plane), 0);
	ck_assert_ptr_null(registry_class_get(f.reg, "TestUserClient"));
	registry_unlock(f.reg);
	free_fixture(&f);
}
END_TEST

START_TEST(test_open_creates_entry)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	const struct reg_value *creator, *locking;
	struct reg_entry *client;
	char *expected;

	ck_assert_uint_eq(conn->type, 7);
	ck_assert_uint_eq(conn->caller.uid, 501);
	ck_assert_str_eq(conn->driver_data, "per-connection state");
	ck_assert_uint_eq(seen.messages, 1);	/* kIOMessageServiceIsAttemptingOpen */
	ck_assert_uint_eq(seen.last_message, 0xe0000101u);
	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_entry_child_count(f.service, f.plane), 1);
	client = reg_entry_child(f.service, f.plane, 0);
	ck_assert_uint_eq(client->id, conn->client_id);
	ck_assert_str_eq(client->cls->name, "TestUserClient");
	ck_assert_str_eq(client->cls->super->name, "IOUserClient");
	ck_assert(reg_class_conforms_to(client->cls, "IOService"));
	ck_assert_str_eq(reg_entry_name(client, f.plane), "TestUserClient");
	creator = reg_entry_property(client, "IOUserClientCreator");
	ck_assert_ptr_nonnull(creator);
	expected = reg_caller_creator_name(test_ctx, getpid());
	ck_assert_str_eq(creator->u.string.chars, expected);
	ck_assert(strncmp(expected, "pid ", 4) == 0);
	ck_assert_ptr_null(strstr(expected, "unknown"));
	talloc_free(expected);
	locking = reg_entry_property(client, "IOUserClientDefaultLocking");
	ck_assert(locking && locking->type == REG_BOOL && locking->u.boolean);
	ck_assert_uint_eq(reg_service_open_count(f.service, &t_driver), 1);
	registry_unlock(f.reg);

	/* Close: clientClose once, the entry goes, success despite the op. */
	ck_assert_int_eq(reg_connection_close(conn), REG_IO_SUCCESS);
	ck_assert_int_eq(seen.closes, 1);
	ck_assert_uint_eq(seen.last_message, 0xe0000110u);	/* WasClosed */
	ck_assert_int_eq(reg_connection_close(conn), REG_IO_SUCCESS);
	ck_assert_int_eq(seen.closes, 1);
	ck_assert_int_eq(reg_connection_died(conn), REG_IO_NOT_READY);
	ck_assert_int_eq(seen.deaths, 0);
	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_entry_child_count(f.service, f.plane), 0);
	ck_assert_uint_eq(reg_service_open_count(f.service, &t_driver), 0);
	registry_unlock(f.reg);
	talloc_free(conn);
	free_fixture(&f);
}
END_TEST

START_TEST(test_died)
{
	struct fixture f = make_fixture();
	struct reg_connection *a = open_ok(&f, f.service->id);
	struct reg_connection *b = open_ok(&f, f.service->id);

	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_service_open_count(f.service, &t_driver), 2);
	registry_unlock(f.reg);
	ck_assert_int_eq(reg_connection_died(a), REG_IO_SUCCESS);
	ck_assert_int_eq(seen.deaths, 1);
	ck_assert_int_eq(seen.closes, 0);
	ck_assert_int_eq(reg_connection_died(a), REG_IO_NOT_READY);
	ck_assert_int_eq(reg_connection_close(a), REG_IO_SUCCESS);
	ck_assert_int_eq(seen.closes, 0);
	/* Freeing an open connection is its death. */
	talloc_free(b);
	ck_assert_int_eq(seen.deaths, 2);
	registry_rdlock(f.reg);
	ck_assert_uint_eq(reg_entry_child_count(f.service, f.plane), 0);
	registry_unlock(f.reg);
	talloc_free(a);
	/* No died op: close is called instead. */
	a = open_ok(&f, f.legacy->id);
	ck_assert_int_eq(reg_connection_died(a), REG_IO_SUCCESS);
	talloc_free(a);
	free_fixture(&f);
}
END_TEST

START_TEST(test_scalar_checks)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	uint64_t in[17] = { 10, 20, 30 };
	uint64_t out[17];
	uint32_t out_count;

	/* Exact counts pass; outputs are zeroed before the call. */
	memset(out, 0xaa, sizeof(out));
	out_count = 1;
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &out_count,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert(seen.outputs_were_zero);
	ck_assert_uint_eq(out_count, 1);
	ck_assert_uint_eq(out[0], 11);
	ck_assert_uint_eq(out[1], 0xaaaaaaaaaaaaaaaaull);	/* untouched past the count */
	/* Each mismatch. */
	out_count = 1;
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 3, NULL, 0, out, &out_count,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	out_count = 2;
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &out_count,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_uint_eq(out_count, 2);	/* unchanged on failure */
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(seen.calls, 1);
	/* 16 is the limit either way. */
	out_count = 16;
	ck_assert_int_eq(reg_connection_call_method(conn, 2, in, 16, NULL, 0, out, &out_count,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert_uint_eq(out[2], 31);
	ck_assert_uint_eq(out[15], 1);
	ck_assert(seen.outputs_were_zero);
	ck_assert_int_eq(reg_connection_call_method(conn, 2, in, 17, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	out_count = 17;
	ck_assert_int_eq(reg_connection_call_method(conn, 2, NULL, 0, NULL, 0, out, &out_count,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	/* A count with no array. */
	ck_assert_int_eq(reg_connection_call_method(conn, 2, NULL, 2, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	/* The driver may report fewer outputs, never more. */
	out_count = 4;
	ck_assert_int_eq(reg_connection_call_method(conn, 4, NULL, 0, NULL, 0, out, &out_count,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert_uint_eq(out_count, 1);
	ck_assert_int_eq(reg_connection_close(conn), REG_IO_SUCCESS);
	talloc_free(conn);
	free_fixture(&f);
}
END_TEST

START_TEST(test_selector_and_function)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	struct reg_connection *legacy = open_ok(&f, f.legacy->id);
	uint64_t in[2] = { 1, 2 }, out[1];
	uint32_t n = 1;

	ck_assert_int_eq(reg_connection_call_method(conn, 9, NULL, 0, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_call_method(conn, 0xffffffffu, NULL, 0, NULL, 0, NULL,
						    NULL, NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_call_method(legacy, 1, NULL, 0, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_UNSUPPORTED);
	ck_assert_int_eq(reg_connection_call_method(legacy, 0, in, 2, NULL, 0, out, &n,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_call_method(conn, 3, NULL, 0, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_NO_COMPLETION);
	/* Checks come before the NULL function. */
	ck_assert_int_eq(reg_connection_call_method(conn, 3, in, 1, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_call_method(conn, 6, NULL, 0, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_NOT_READY);
	/* A message to the service's interested clients. */
	seen.messages = 0;
	ck_assert_int_eq(reg_connection_call_method(conn, 7, in, 1, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_SUCCESS);
	ck_assert_uint_eq(seen.messages, 1);
	ck_assert_uint_eq(seen.last_message, 0xe3ff8042u);
	reg_connection_close(conn);
	reg_connection_close(legacy);
	talloc_free(conn);
	talloc_free(legacy);
	free_fixture(&f);
}
END_TEST

START_TEST(test_struct_checks)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	uint8_t in[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, out[16];
	size_t out_size = 8;
	uint8_t *big_in, *big_out;

	ck_assert_int_eq(reg_connection_call_method(conn, 1, NULL, 0, in, 8, NULL, NULL,
						    out, &out_size, NULL), REG_IO_SUCCESS);
	ck_assert_uint_eq(out_size, 8);
	ck_assert_uint_eq(out[0], 8);
	ck_assert_uint_eq(out[7], 1);
	ck_assert(!seen.last.struct_input_ool && !seen.last.struct_output_ool);
	out_size = 8;
	ck_assert_int_eq(reg_connection_call_method(conn, 1, NULL, 0, in, 7, NULL, NULL,
						    out, &out_size, NULL), REG_IO_BAD_ARGUMENT);
	out_size = 9;
	ck_assert_int_eq(reg_connection_call_method(conn, 1, NULL, 0, in, 8, NULL, NULL,
						    out, &out_size, NULL), REG_IO_BAD_ARGUMENT);
	ck_assert_uint_eq(out_size, 9);
	/* No struct output at all is size 0, which the check refuses. */
	ck_assert_int_eq(reg_connection_call_method(conn, 1, NULL, 0, in, 8, NULL, NULL,
						    NULL, NULL, NULL), REG_IO_BAD_ARGUMENT);
	/* A size with no buffer. */
	out_size = 8;
	ck_assert_int_eq(reg_connection_call_method(conn, 1, NULL, 0, NULL, 8, NULL, NULL,
						    out, &out_size, NULL), REG_IO_BAD_ARGUMENT);
	/* A driver claiming more than the buffer is cut to the buffer. */
	out_size = 16;
	ck_assert_int_eq(reg_connection_call_method(conn, 4, NULL, 0, NULL, 0, NULL, NULL,
						    out, &out_size, NULL), REG_IO_BAD_ARGUMENT);
	{
		uint64_t s[4];
		uint32_t n = 4;

		out_size = 16;
		ck_assert_int_eq(reg_connection_call_method(conn, 4, NULL, 0, NULL, 0, s, &n,
							    out, &out_size, NULL), REG_IO_SUCCESS);
		ck_assert_uint_eq(out_size, 16);
	}
	/* Out of line: over 4096 bytes either way, up to our cap. */
	big_in = talloc_size(test_ctx, 5000);
	big_out = talloc_size(test_ctx, 6000);
	memset(big_in, 0x5a, 5000);
	big_in[0] = 1;
	out_size = 6000;
	ck_assert_int_eq(reg_connection_call_method(conn, 2, NULL, 0, big_in, 5000, NULL, NULL,
						    big_out, &out_size, NULL), REG_IO_SUCCESS);
	ck_assert(seen.last.struct_input_ool && seen.last.struct_output_ool);
	ck_assert_uint_eq(out_size, 5000);
	ck_assert_uint_eq(big_out[4999], 1);
	out_size = 4096;
	ck_assert_int_eq(reg_connection_call_method(conn, 2, NULL, 0, big_in, 4096, NULL, NULL,
						    big_out, &out_size, NULL), REG_IO_SUCCESS);
	ck_assert(!seen.last.struct_input_ool && !seen.last.struct_output_ool);
	out_size = 8;
	ck_assert_int_eq(reg_connection_call_method(conn, 2, NULL, 0, big_in,
						    (size_t)REG_UC_STRUCT_MAX + 1, NULL, NULL,
						    big_out, &out_size, NULL),
			 REG_IO_MESSAGE_TOO_LARGE);
	out_size = (size_t)REG_UC_STRUCT_MAX + 1;
	ck_assert_int_eq(reg_connection_call_method(conn, 2, NULL, 0, big_in, 8, NULL, NULL,
						    big_out, &out_size, NULL),
			 REG_IO_MESSAGE_TOO_LARGE);
	/* An out-of-line descriptor for 4096 bytes or less is an IPC error. */
	{
		struct reg_uc_args args = {
			.selector = 2, .struct_input = big_in, .struct_input_size = 4096,
			.struct_input_ool = true,
		};
		ck_assert_int_eq(reg_connection_dispatch(conn, &args), REG_IO_IPC_ERROR);
		args.struct_input_ool = false;
		args.struct_output = big_out;
		args.struct_output_size = 100;
		args.struct_output_ool = true;
		ck_assert_int_eq(reg_connection_dispatch(conn, &args), REG_IO_IPC_ERROR);
		args.struct_output_ool = false;
		ck_assert_int_eq(reg_connection_dispatch(conn, &args), REG_IO_SUCCESS);
	}
	talloc_free(big_in);
	talloc_free(big_out);
	reg_connection_close(conn);
	talloc_free(conn);
	free_fixture(&f);
}
END_TEST

START_TEST(test_variable_output)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	size_t size = REG_UC_VAR_OUTPUT_SIZE;
	void *answer = NULL;
	uint8_t out[4];

	ck_assert_int_eq(reg_connection_call_method(conn, 5, NULL, 0, "x", 1, NULL, NULL,
						    &answer, &size, test_ctx), REG_IO_SUCCESS);
	ck_assert_uint_eq(size, strlen("variable answer") + 1);
	ck_assert_str_eq(answer, "variable answer");
	ck_assert_ptr_eq(talloc_parent(answer), test_ctx);
	talloc_free(answer);
	/* No answer from the driver: underrun, and nothing is left allocated. */
	size = REG_UC_VAR_OUTPUT_SIZE;
	answer = NULL;
	ck_assert_int_eq(reg_connection_call_method(conn, 5, NULL, 0, NULL, 0, NULL, NULL,
						    &answer, &size, test_ctx), REG_IO_UNDERRUN);
	ck_assert_ptr_null(answer);
	/* Var output counts as a 0-byte output for the checks. */
	size = REG_UC_VAR_OUTPUT_SIZE;
	ck_assert_int_eq(reg_connection_call_method(conn, 8, NULL, 0, "x", 1, NULL, NULL,
						    &answer, &size, test_ctx), REG_IO_SUCCESS);
	talloc_free(answer);
	size = REG_UC_VAR_OUTPUT_SIZE;
	ck_assert_int_eq(reg_connection_call_method(conn, 1, NULL, 0, "12345678", 8, NULL, NULL,
						    &answer, &size, test_ctx), REG_IO_BAD_ARGUMENT);
	/* A plain output to a var-only method is refused by the driver. */
	size = sizeof(out);
	ck_assert_int_eq(reg_connection_call_method(conn, 5, NULL, 0, "x", 1, NULL, NULL,
						    out, &size, test_ctx), REG_IO_BAD_ARGUMENT);
	size = REG_UC_VAR_OUTPUT_SIZE;
	ck_assert_int_eq(reg_connection_call_method(conn, 5, NULL, 0, "x", 1, NULL, NULL,
						    NULL, &size, test_ctx), REG_IO_BAD_ARGUMENT);
	reg_connection_close(conn);
	talloc_free(conn);
	free_fixture(&f);
}
END_TEST

/* What the async hook received. */
struct hook_seen {
	int calls;
	int result;
	uint32_t nargs;
	uint64_t args[REG_UC_ASYNC_ARGS_MAX];
	uint64_t ref1;
};

static int t_async_hook(void *data, struct reg_connection *conn,
			const struct reg_uc_async *ref, int result,
			const uint64_t *args, uint32_t nargs)
{
	struct hook_seen *h = data;

	(void)conn;
	h->calls++;
	h->result = result;
	h->nargs = nargs;
	memcpy(h->args, args, nargs * sizeof(*args));
	h->ref1 = ref->reference[1];
	return REG_IO_SUCCESS;
}

START_TEST(test_complete_async)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	struct reg_uc_async ref = { .port = 3, .reference = { 0, 0xcafe }, .reference_count = 2 };
	uint64_t args[REG_UC_ASYNC_ARGS_MAX + 1] = { 5, 6, 7 };
	struct hook_seen h = { 0 };

	/* Nobody receives completions yet. */
	ck_assert_int_eq(reg_connection_complete_async(conn, &ref, 0, args, 1), REG_IO_NOT_READY);
	reg_connection_set_async_hook(conn, t_async_hook, &h);
	ck_assert_int_eq(reg_connection_complete_async(conn, NULL, 0, args, 1),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_complete_async(conn, &ref, 0, args,
						       REG_UC_ASYNC_ARGS_MAX + 1),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_complete_async(conn, &ref, 0, NULL, 2),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(h.calls, 0);
	ck_assert_int_eq(reg_connection_complete_async(conn, &ref, REG_IO_NO_DEVICE, args, 3),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(h.calls, 1);
	ck_assert_int_eq(h.result, REG_IO_NO_DEVICE);
	ck_assert_uint_eq(h.nargs, 3);
	ck_assert_uint_eq(h.args[2], 7);
	ck_assert_uint_eq(h.ref1, 0xcafe);
	reg_connection_close(conn);
	ck_assert_int_eq(reg_connection_complete_async(conn, &ref, 0, args, 1), REG_IO_NOT_READY);
	ck_assert_int_eq(h.calls, 1);
	talloc_free(conn);
	free_fixture(&f);
}
END_TEST

START_TEST(test_closed_and_gone)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	struct reg_connection *other = open_ok(&f, f.service->id);
	struct reg_uc_map_result map;
	uint64_t in[2] = { 0, 0 }, out[1];
	uint32_t n = 1;

	reg_connection_close(conn);
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &n, NULL,
						    NULL, NULL), REG_IO_NOT_OPEN);
	ck_assert_int_eq(reg_connection_set_properties(conn, NULL), REG_IO_NOT_OPEN);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 0, 0, &map),
			 REG_IO_BAD_ARGUMENT);
	/* The service goes away under an open connection. */
	registry_wrlock(f.reg);
	registry_entry_remove(f.reg, f.service);
	registry_unlock(f.reg);
	ck_assert_int_eq(reg_connection_call_method(other, 0, in, 2, NULL, 0, out, &n, NULL,
						    NULL, NULL), REG_IO_NO_DEVICE);
	ck_assert_int_eq(reg_connection_close(other), REG_IO_SUCCESS);
	talloc_free(conn);
	talloc_free(other);
	free_fixture(&f);
}
END_TEST

START_TEST(test_memory)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	struct reg_connection *legacy = open_ok(&f, f.legacy->id);
	struct reg_uc_map_result map;

	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 0,
						   REG_MAP_ANYWHERE | REG_MAP_WRITE_COMBINE_CACHE |
						   0x20000000u, &map),
			 REG_IO_SUCCESS);
	ck_assert_int_ge(map.fd, 0);
	ck_assert_int_ne(map.fd, seen.memfd);	/* a dup the caller owns */
	ck_assert_ptr_null(map.path);
	ck_assert_uint_eq(map.size, 4096);
	/* Read-only and the high bits from the driver; anywhere and the cache
	 * mode from the caller; the caller's high bits dropped. */
	ck_assert_uint_eq(map.options, REG_MAP_READ_ONLY | 0x10000000u | REG_MAP_ANYWHERE |
				       REG_MAP_WRITE_COMBINE_CACHE);
	{
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, map.fd, 0);
		ck_assert_ptr_ne(p, MAP_FAILED);
		munmap(p, 4096);
	}
	close(map.fd);
	/* kIOMapDefaultCache keeps the driver's cache mode. */
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 0, 0, &map), REG_IO_SUCCESS);
	ck_assert_uint_eq(map.options, REG_MAP_READ_ONLY | 0x10000000u | REG_MAP_INHIBIT_CACHE);
	close(map.fd);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 1, 0, &map), REG_IO_SUCCESS);
	ck_assert_int_eq(map.fd, -1);
	ck_assert_str_eq(map.path, "/sys/bus/pci/devices/0000:00:00.0/resource0");
	ck_assert_uint_eq(map.offset, 0x1000);
	ck_assert_uint_eq(map.size, 0x100);
	ck_assert_ptr_eq(talloc_parent(map.path), test_ctx);
	talloc_free(map.path);
	/* Any failure is kIOReturnBadArgument. */
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 2, 0, &map),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, conn, 9, 0, &map),
			 REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(map.fd, -1);
	ck_assert_int_eq(reg_connection_map_memory(test_ctx, legacy, 0, 0, &map),
			 REG_IO_BAD_ARGUMENT);
	/* Unmap: the driver's error passes through; no mapping is BadArgument. */
	ck_assert_int_eq(reg_connection_unmap_memory(conn, 9, 0x1000), REG_IO_UNSUPPORTED);
	ck_assert_int_eq(reg_connection_unmap_memory(conn, 0, 0x1000), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_note_mapping(conn, 0, 0x1000, 4096), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_note_mapping(conn, 1, 0x9000, 256), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_unmap_memory(conn, 1, 0x1000), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_unmap_memory(conn, 0, 0x1000), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_unmap_memory(conn, 0, 0x1000), REG_IO_BAD_ARGUMENT);
	ck_assert_int_eq(reg_connection_unmap_memory(conn, 1, 0x9000), REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_unmap_memory(legacy, 0, 0x1000), REG_IO_UNSUPPORTED);
	reg_connection_close(conn);
	reg_connection_close(legacy);
	ck_assert_int_eq(reg_connection_note_mapping(conn, 0, 0x1000, 4096),
			 REG_IO_BAD_ARGUMENT);
	talloc_free(conn);
	talloc_free(legacy);
	free_fixture(&f);
}
END_TEST

/* The policy point (policy.h) as the generic layer applies it: a caller
 * that is neither root nor the mount's owner calls only what the driver
 * grants, changes no properties, and a read-only mount refuses every
 * property change (methods are not property changes). */
START_TEST(test_policy)
{
	struct fixture f = make_fixture();
	struct reg_caller other = { .uid = 502, .gid = 20, .pid = getpid() };
	struct reg_caller root = { .uid = 0, .gid = 0, .pid = getpid() };
	struct reg_connection *conn = NULL, *rconn = NULL;
	struct reg_value *props = reg_value_new_dict(test_ctx);
	uint64_t in[2] = { 1, 2 }, out[1];
	uint32_t nout = 1;

	reg_dict_set(props, "Knob", reg_value_new_number(NULL, 7, 32));
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.service->id, 0, &other, &conn),
			 REG_IO_SUCCESS);
	/* Granted method: yes.  Others: kIOReturnNotPrivileged. */
	ck_assert_int_eq(reg_connection_call_method(conn, 0, in, 2, NULL, 0, out, &nout, NULL,
						    NULL, NULL),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_call_method(conn, 6, NULL, 0, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(reg_connection_set_properties(conn, props), REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(registry_set_properties(f.reg, conn->client_id, props, &other),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(registry_set_properties(f.reg, f.plain->id, props, &other),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(registry_remove_property_checked(f.reg, f.plain->id, "IOClass", &other),
			 REG_IO_NOT_PRIVILEGED);
	/* Root may set properties on another's connection entry. */
	ck_assert_int_eq(registry_set_properties(f.reg, conn->client_id, props, &root),
			 REG_IO_SUCCESS);
	/* Read-only: no property change for anyone; methods still run. */
	registry_set_access(f.reg, &(struct reg_access){ .read_only = true, .owner = 501 });
	ck_assert_int_eq(reg_service_open(test_ctx, f.reg, f.service->id, 0, &root, &rconn),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(reg_connection_set_properties(rconn, props), REG_IO_NOT_WRITABLE);
	ck_assert_int_eq(registry_set_properties(f.reg, f.plain->id, props, &root),
			 REG_IO_NOT_WRITABLE);
	ck_assert_int_eq(reg_connection_call_method(rconn, 6, NULL, 0, NULL, 0, NULL, NULL,
						    NULL, NULL, NULL),
			 REG_IO_NOT_READY);
	/* The one rule for connection memory files: opener or root. */
	ck_assert_int_eq(reg_policy_check(NULL, NULL, REG_CHANGE_CONN_MEMORY, &other, 0, 502),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(reg_policy_check(NULL, NULL, REG_CHANGE_CONN_MEMORY, &other, 0, 503),
			 REG_IO_NOT_PRIVILEGED);
	ck_assert_int_eq(reg_policy_check(NULL, NULL, REG_CHANGE_CONN_MEMORY, &root, 0, 503),
			 REG_IO_SUCCESS);
	ck_assert_int_eq(reg_policy_check(f.reg, NULL, REG_CHANGE_DEVICE_EVENT, &root, 0, 0),
			 REG_IO_NOT_WRITABLE);
	talloc_free(props);
	reg_connection_close(conn);
	reg_connection_close(rconn);
	talloc_free(conn);
	talloc_free(rconn);
	free_fixture(&f);
}
END_TEST

START_TEST(test_connection_properties)
{
	struct fixture f = make_fixture();
	struct reg_connection *conn = open_ok(&f, f.service->id);
	struct reg_connection *legacy = open_ok(&f, f.legacy->id);
	struct reg_value *props = reg_value_new_dict(test_ctx);
	const struct reg_value *knob;

	ck_assert_int_eq(reg_connection_set_properties(conn, props), REG_IO_BAD_ARGUMENT);
	reg_dict_set(props, "Knob", reg_value_new_number(NULL, 42, 32));
	ck_assert_int_eq(reg_connection_set_properties(conn, props), REG_IO_SUCCESS);
	registry_rdlock(f.reg);
	knob = reg_entry_property(registry_entry_by_id(f.reg, conn->client_id), "Knob");
	ck_assert(knob && knob->u.number.value == 42);
	registry_unlock(f.reg);
	/* setProperties on the user-client entry is the connection's. */
	reg_dict_set(props, "Knob", reg_value_new_number(NULL, 43, 32));
	ck_assert_int_eq(registry_set_properties(f.reg, conn->client_id, props, &f.caller),
			 REG_IO_SUCCESS);
	registry_rdlock(f.reg);
	knob = reg_entry_property(registry_entry_by_id(f.reg, conn->client_id), "Knob");
	ck_assert(knob && knob->u.number.value == 43);
	registry_unlock(f.reg);
	ck_assert_int_eq(reg_connection_set_properties(legacy, props), REG_IO_UNSUPPORTED);
	talloc_free(props);
	reg_connection_close(conn);
	reg_connection_close(legacy);
	talloc_free(conn);
	talloc_free(legacy);
	free_fixture(&f);
}
END_TEST

START_TEST(test_creator_name)
{
	char *s = reg_caller_creator_name(test_ctx, 0);

	ck_assert_str_eq(s, "pid 0, unknown");
	talloc_free(s);
	s = reg_caller_creator_name(test_ctx, 1);
	ck_assert(strncmp(s, "pid 1, ", 7) == 0);
	ck_assert_ptr_null(strchr(s, '\n'));
	talloc_free(s);
}
END_TEST

static Suite *user_client_suite(void)
{
	Suite *s = suite_create("user_client");
	TCase *tc = tcase_create("core");

	LEAK_CHECKED(tc);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_open_creates_entry);
	tcase_add_test(tc, test_died);
	tcase_add_test(tc, test_scalar_checks);
	tcase_add_test(tc, test_selector_and_function);
	tcase_add_test(tc, test_struct_checks);
	tcase_add_test(tc, test_variable_output);
	tcase_add_test(tc, test_closed_and_gone);
	tcase_add_test(tc, test_complete_async);
	tcase_add_test(tc, test_memory);
	tcase_add_test(tc, test_connection_properties);
	tcase_add_test(tc, test_policy);
	tcase_add_test(tc, test_creator_name);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return test_run_suite(user_client_suite());
}
