/* The generic half of user clients: IOKit's checks and bookkeeping, before
 * and after the driver's own ops run (user_client.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "ioreturn.h"
#include "policy.h"
#include "user_client.h"

static int connection_entry_set_properties(struct registry *reg, struct reg_entry *e,
					   const struct reg_value *props,
					   const struct reg_caller *caller);

/* The driver of every connection entry: its driver_data is the connection,
 * and setProperties on the entry is the connection's (on macOS the user
 * client object is the registry entry). */
static const struct reg_driver connection_entry_driver = {
	.name = "IOUserClient",
	.set_properties = connection_entry_set_properties,
};

static struct reg_connection *connection_of_entry(const struct reg_entry *e)
{
	return e && e->driver == &connection_entry_driver ? e->driver_data : NULL;
}

struct reg_entry *reg_connection_service(const struct reg_connection *conn)
{
	return registry_entry_by_id(conn->registry, conn->service_id);
}

void reg_connection_message(struct reg_connection *conn, uint32_t message,
			    uint64_t argument)
{
	struct reg_entry *service = reg_connection_service(conn);

	if (service)
		registry_entry_message(conn->registry, service, message, argument);
}

size_t reg_service_open_count(const struct reg_entry *service,
			      const struct reg_driver *driver)
{
	int plane = registry_plane_index(service->registry, "IOService");
	size_t n = 0;

	if (plane < 0)
		return 0;
	for (size_t i = 0; i < reg_entry_child_count(service, plane); i++) {
		const struct reg_connection *c =
			connection_of_entry(reg_entry_child(service, plane, i));
		if (c && c->driver == driver && !c->closed)
			n++;
	}
	return n;
}

char *reg_caller_creator_name(void *ctx, pid_t pid)
{
	char path[64], comm[64] = "";
	ssize_t got = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = pid > 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd >= 0) {
		got = read(fd, comm, sizeof(comm) - 1);
		close(fd);
	}
	if (got <= 0)
		snprintf(comm, sizeof(comm), "unknown");
	else
		comm[strcspn(comm, "\n")] = '\0';
	return talloc_asprintf(ctx, "pid %d, %s", (int)pid, comm);
}

/* The connection's registry entry, as is_io_service_open_extended leaves
 * it: a child of the service in the IOService plane with the creator and
 * default-locking properties. */
static int add_connection_entry(struct reg_connection *conn, struct reg_entry *service)
{
	struct registry *reg = conn->registry;
	const char *cls = conn->driver->user_client->user_client_class;
	int plane = registry_plane_index(reg, "IOService");
	struct reg_value *creator, *locking;
	struct reg_entry *e;
	char *text;

	if (!cls)
		cls = "IOUserClient";
	if (plane < 0)
		plane = registry_add_plane(reg, "IOService");
	if (plane < 0)
		return REG_IO_NO_MEMORY;
	if (!registry_class_get(reg, cls)) {
		if (strcmp(cls, "IOUserClient") != 0 &&
		    !registry_class_get(reg, "IOUserClient") &&
		    !registry_class_declare(reg, "IOUserClient", "IOService"))
			return REG_IO_NO_MEMORY;
		if (!registry_class_declare(reg, cls,
					    strcmp(cls, "IOUserClient") ? "IOUserClient"
									: "IOService"))
			return REG_IO_NO_MEMORY;
	}
	e = registry_entry_new(reg, 0, cls, cls);
	if (!e)
		return REG_IO_NO_MEMORY;
	text = reg_caller_creator_name(NULL, conn->caller.pid);
	creator = text ? reg_value_new_string(NULL, text) : NULL;
	talloc_free(text);
	locking = reg_value_new_bool(NULL, true);
	if (!creator || !locking ||
	    registry_set_property(reg, e, "IOUserClientCreator", creator) != 0 ||
	    (creator = NULL, registry_set_property(reg, e, "IOUserClientDefaultLocking",
						   locking) != 0) ||
	    (locking = NULL, registry_attach(reg, e, service, plane) != 0)) {
		talloc_free(creator);
		talloc_free(locking);
		registry_entry_remove(reg, e);
		return REG_IO_NO_MEMORY;
	}
	registry_entry_set_driver(reg, e, &connection_entry_driver, conn);
	conn->client_id = e->id;
	return REG_IO_SUCCESS;
}

static void remove_connection_entry(struct reg_connection *conn)
{
	struct reg_entry *e = registry_entry_by_id(conn->registry, conn->client_id);

	if (e && connection_of_entry(e) == conn)
		registry_entry_remove(conn->registry, e);
	conn->client_id = 0;
}

/* Lock held.  clientClose or clientDied, then the bookkeeping. */
static int finish_connection(struct reg_connection *conn, bool died)
{
	const struct reg_user_client_ops *ops = conn->driver->user_client;
	int ret = REG_IO_SUCCESS;

	if (conn->closed)
		return REG_IO_NOT_READY;
	if (died && ops->died)
		ret = ops->died(conn);
	else if (ops->close)
		ret = ops->close(conn);
	conn->closed = true;
	remove_connection_entry(conn);
	return ret;
}

/* Freeing a connection that is still open is its death. */
static int connection_destructor(struct reg_connection *conn)
{
	if (!conn->closed && conn->registry) {
		registry_wrlock(conn->registry);
		finish_connection(conn, true);
		registry_unlock(conn->registry);
	}
	pthread_mutex_destroy(&conn->lock);
	return 0;
}

int reg_service_open(void *ctx, struct registry *reg, uint64_t service_id,
		     uint32_t type, const struct reg_caller *caller,
		     struct reg_connection **out)
{
	struct reg_connection *conn;
	struct reg_entry *service;
	int ret;

	*out = NULL;
	registry_wrlock(reg);
	service = registry_entry_by_id(reg, service_id);
	if (!service) {
		ret = REG_IO_NOT_FOUND;
		goto out;
	}
	if (!service->driver || !service->driver->user_client) {
		ret = REG_IO_UNSUPPORTED;
		goto out;
	}
	conn = talloc_zero(ctx, struct reg_connection);
	if (!conn) {
		ret = REG_IO_NO_MEMORY;
		goto out;
	}
	pthread_mutex_init(&conn->lock, NULL);
	conn->registry = reg;
	conn->driver = service->driver;
	conn->service_id = service_id;
	conn->type = type;
	if (caller)
		conn->caller = *caller;
	/* As IOService::open does before asking the owner. */
	registry_entry_message(reg, service, REG_MESSAGE_SERVICE_IS_ATTEMPTING_OPEN, 0);
	ret = conn->driver->user_client->open
		      ? conn->driver->user_client->open(conn, type)
		      : REG_IO_SUCCESS;
	if (ret != REG_IO_SUCCESS) {
		talloc_free(conn);
		goto out;
	}
	ret = add_connection_entry(conn, service);
	if (ret != REG_IO_SUCCESS) {
		/* The kernel calls clientClose when the steps after open fail. */
		finish_connection(conn, false);
		talloc_free(conn);
		goto out;
	}
	talloc_set_destructor(conn, connection_destructor);
	*out = conn;
out:
	registry_unlock(reg);
	return ret;
}

int reg_connection_close(struct reg_connection *conn)
{
	if (!conn)
		return REG_IO_BAD_ARGUMENT;
	registry_wrlock(conn->registry);
	if (!conn->closed) {
		struct reg_entry *service = reg_connection_service(conn);

		finish_connection(conn, false);
		if (service)
			registry_entry_message(conn->registry, service,
					       REG_MESSAGE_SERVICE_WAS_CLOSED, 0);
	}
	registry_unlock(conn->registry);
	return REG_IO_SUCCESS;
}

int reg_connection_died(struct reg_connection *conn)
{
	int ret;

	if (!conn)
		return REG_IO_BAD_ARGUMENT;
	registry_wrlock(conn->registry);
	ret = finish_connection(conn, true);
	registry_unlock(conn->registry);
	return ret;
}

static bool check_matches(uint32_t check, uint64_t actual)
{
	return check == REG_UC_VARIABLE_SIZE || check == actual;
}

/* Lock held: the read lock when args->shared (then a method without
 * REG_UC_SHARED gives REG_UC_NEED_EXCLUSIVE before anything runs), else
 * the write lock. */
static int dispatch_locked(struct reg_connection *conn, struct reg_uc_args *args)
{
	const struct reg_user_client_ops *ops = conn->driver->user_client;
	const struct reg_uc_method *m;
	uint64_t out_struct_size;
	int ret;

	if (conn->closed)
		return REG_IO_NOT_OPEN;
	if (!reg_connection_service(conn))
		return REG_IO_NO_DEVICE;
	if (args->scalar_input_count > REG_UC_SCALAR_MAX ||
	    args->scalar_output_count > REG_UC_SCALAR_MAX ||
	    (args->scalar_input_count && !args->scalar_input) ||
	    (args->scalar_output_count && !args->scalar_output) ||
	    (args->struct_input_size && !args->struct_input) ||
	    (args->struct_output_size && !args->struct_output))
		return REG_IO_BAD_ARGUMENT;
	if (args->struct_input_size > REG_UC_STRUCT_MAX ||
	    args->struct_output_size > REG_UC_STRUCT_MAX)
		return REG_IO_MESSAGE_TOO_LARGE;
	/* The kernel refuses an out-of-line structure that would fit inline. */
	if ((args->struct_input_ool && args->struct_input_size <= REG_UC_INLINE_STRUCT_MAX) ||
	    (args->struct_output_ool && args->struct_output_size <= REG_UC_INLINE_STRUCT_MAX))
		return REG_IO_IPC_ERROR;
	if (args->selector >= ops->method_count)
		return ops->selector_policy == REG_UC_SELECTOR_UNSUPPORTED
			       ? REG_IO_UNSUPPORTED
			       : REG_IO_BAD_ARGUMENT;
	m = &ops->methods[args->selector];
	out_struct_size = args->variable_output_requested ? 0 : args->struct_output_size;
	if (!check_matches(m->check_scalar_input_count, args->scalar_input_count) ||
	    !check_matches(m->check_struct_input_size, args->struct_input_size) ||
	    !check_matches(m->check_scalar_output_count, args->scalar_output_count) ||
	    !check_matches(m->check_struct_output_size, out_struct_size))
		return REG_IO_BAD_ARGUMENT;
	if (!m->function)
		return REG_IO_NO_COMPLETION;
	ret = reg_policy_check(conn->registry, reg_connection_service(conn), REG_CHANGE_METHOD,
			       &conn->caller, m->flags, 0);
	if (ret != REG_IO_SUCCESS)
		return ret;
	if (args->shared && !(m->flags & REG_UC_SHARED))
		return REG_UC_NEED_EXCLUSIVE;
	if (args->scalar_output_count)
		memset(args->scalar_output, 0,
		       args->scalar_output_count * sizeof(*args->scalar_output));
	return m->function(conn, args);
}

int reg_connection_dispatch(struct reg_connection *conn, struct reg_uc_args *args)
{
	int ret;

	if (!conn || !args)
		return REG_IO_BAD_ARGUMENT;
	/* First as a reader: methods that change nothing run beside listings
	 * and each other; the rest say so before running and go again as the
	 * writer.  The outputs are zero-filled again by the second try. */
	registry_rdlock(conn->registry);
	args->shared = true;
	ret = dispatch_locked(conn, args);
	registry_unlock(conn->registry);
	if (ret != REG_UC_NEED_EXCLUSIVE)
		return ret;
	registry_wrlock(conn->registry);
	args->shared = false;
	ret = dispatch_locked(conn, args);
	registry_unlock(conn->registry);
	return ret == REG_UC_NEED_EXCLUSIVE ? REG_IO_INTERNAL_ERROR : ret;
}

void reg_connection_set_async_hook(struct reg_connection *conn, reg_uc_async_hook hook,
				   void *data)
{
	pthread_mutex_lock(&conn->lock);
	conn->async_hook = hook;
	conn->async_hook_data = data;
	pthread_mutex_unlock(&conn->lock);
}

int reg_connection_complete_async(struct reg_connection *conn, const struct reg_uc_async *ref,
				  int result, const uint64_t *args, uint32_t nargs)
{
	if (!conn || !ref || nargs > REG_UC_ASYNC_ARGS_MAX || (nargs && !args) ||
	    ref->reference_count > REG_UC_ASYNC_REF_MAX)
		return REG_IO_BAD_ARGUMENT;
	reg_uc_async_hook hook;
	void *data;

	pthread_mutex_lock(&conn->lock);
	hook = conn->async_hook;
	data = conn->async_hook_data;
	pthread_mutex_unlock(&conn->lock);
	if (!hook || conn->closed)
		return REG_IO_NOT_READY;
	return hook(data, conn, ref, result, args, nargs);
}

int reg_connection_call_method(struct reg_connection *conn, uint32_t selector,
			       const uint64_t *input, uint32_t input_count,
			       const void *input_struct, size_t input_struct_size,
			       uint64_t *output, uint32_t *output_count,
			       void *output_struct, size_t *output_struct_size,
			       void *var_ctx)
{
	return reg_connection_call_method_async(conn, selector, NULL, input, input_count,
						input_struct, input_struct_size, output,
						output_count, output_struct, output_struct_size,
						var_ctx);
}

int reg_connection_call_method_async(struct reg_connection *conn, uint32_t selector,
				     const struct reg_uc_async *async,
				     const uint64_t *input, uint32_t input_count,
				     const void *input_struct, size_t input_struct_size,
				     uint64_t *output, uint32_t *output_count,
				     void *output_struct, size_t *output_struct_size,
				     void *var_ctx)
{
	struct reg_uc_args args = {
		.selector = selector,
		.async = async,
		.scalar_input = input,
		.scalar_input_count = input_count,
		.struct_input = input_struct,
		.struct_input_size = input_struct_size,
		.struct_input_ool = input_struct_size > REG_UC_INLINE_STRUCT_MAX,
		.scalar_output = output,
		.scalar_output_count = output_count ? *output_count : 0,
	};
	void *tmp = NULL;
	int ret;

	if (output_struct_size && *output_struct_size == REG_UC_VAR_OUTPUT_SIZE) {
		if (!output_struct)
			return REG_IO_BAD_ARGUMENT;
		tmp = talloc_new(NULL);
		if (!tmp)
			return REG_IO_NO_MEMORY;
		args.variable_output_requested = true;
		args.variable_output_ctx = tmp;
	} else if (output_struct_size) {
		args.struct_output = output_struct;
		args.struct_output_size = *output_struct_size;
		args.struct_output_ool = *output_struct_size > REG_UC_INLINE_STRUCT_MAX;
	}
	ret = reg_connection_dispatch(conn, &args);
	if (ret == REG_IO_SUCCESS && args.variable_output_requested && !args.variable_output)
		ret = REG_IO_UNDERRUN;
	if (ret == REG_IO_SUCCESS && args.variable_output_requested) {
		*(void **)output_struct = talloc_steal(var_ctx, args.variable_output);
		*output_struct_size = args.variable_output_size;
	} else if (ret == REG_IO_SUCCESS && output_struct_size) {
		/* A driver may not claim more than the caller's buffer. */
		if (args.struct_output_size > *output_struct_size)
			args.struct_output_size = *output_struct_size;
		*output_struct_size = args.struct_output_size;
	}
	if (output_count) {
		if (ret == REG_IO_SUCCESS && args.scalar_output_count < *output_count)
			*output_count = args.scalar_output_count;
	}
	talloc_free(tmp);
	return ret;
}

int reg_connection_map_memory(void *ctx, struct reg_connection *conn, uint32_t type,
			      uint32_t caller_options, struct reg_uc_map_result *out)
{
	struct reg_uc_memory mem = { .fd = -1 };
	int ret = REG_IO_BAD_ARGUMENT;

	if (!conn || !out)
		return REG_IO_BAD_ARGUMENT;
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	registry_wrlock(conn->registry);
	if (conn->closed || !reg_connection_service(conn) ||
	    !conn->driver->user_client->memory_for_type ||
	    conn->driver->user_client->memory_for_type(conn, type, &mem) != REG_IO_SUCCESS ||
	    mem.size == 0 || (mem.fd < 0) == !mem.path)
		goto out;
	if (mem.fd >= 0) {
		out->fd = fcntl(mem.fd, F_DUPFD_CLOEXEC, 0);
		if (out->fd < 0)
			goto out;
	} else {
		out->path = talloc_strdup(ctx, mem.path);
		if (!out->path)
			goto out;
	}
	out->offset = mem.offset;
	out->size = mem.size;
	out->options = (mem.options & ~REG_MAP_USER_OPTIONS_MASK) |
		       (caller_options & REG_MAP_USER_OPTIONS_MASK);
	/* kIOMapDefaultCache means the memory's own mode. */
	if (!(caller_options & REG_MAP_CACHE_MASK))
		out->options |= mem.options & REG_MAP_CACHE_MASK;
	ret = REG_IO_SUCCESS;
out:
	registry_unlock(conn->registry);
	return ret;
}

int reg_connection_note_mapping(struct reg_connection *conn, uint32_t type,
				uint64_t address, uint64_t size)
{
	struct reg_uc_mapping *more;

	if (!conn || conn->closed)
		return REG_IO_BAD_ARGUMENT;
	pthread_mutex_lock(&conn->lock);
	more = talloc_realloc(conn, conn->mappings, struct reg_uc_mapping,
			      conn->nmappings + 1);
	if (more) {
		more[conn->nmappings++] = (struct reg_uc_mapping){ type, address, size };
		conn->mappings = more;
	}
	pthread_mutex_unlock(&conn->lock);
	return more ? REG_IO_SUCCESS : REG_IO_NO_MEMORY;
}

int reg_connection_unmap_memory(struct reg_connection *conn, uint32_t type,
				uint64_t address)
{
	struct reg_uc_memory mem = { .fd = -1 };
	int ret;

	if (!conn)
		return REG_IO_BAD_ARGUMENT;
	registry_wrlock(conn->registry);
	if (conn->closed || !conn->driver->user_client->memory_for_type) {
		ret = REG_IO_UNSUPPORTED;
		goto out;
	}
	ret = conn->driver->user_client->memory_for_type(conn, type, &mem);
	if (ret != REG_IO_SUCCESS)
		goto out;
	ret = REG_IO_BAD_ARGUMENT;
	pthread_mutex_lock(&conn->lock);
	for (size_t i = 0; i < conn->nmappings; i++) {
		if (conn->mappings[i].type != type || conn->mappings[i].address != address)
			continue;
		conn->mappings[i] = conn->mappings[--conn->nmappings];
		ret = REG_IO_SUCCESS;
		break;
	}
	pthread_mutex_unlock(&conn->lock);
out:
	registry_unlock(conn->registry);
	return ret;
}

/* caller: who asks (the opener through the connection itself, or whoever
 * set properties on the connection's entry). */
static int set_properties_locked(struct reg_connection *conn, const struct reg_value *props,
				 const struct reg_caller *caller)
{
	int ret;

	if (conn->closed)
		return REG_IO_NOT_OPEN;
	if (!conn->driver->user_client->set_properties)
		return REG_IO_UNSUPPORTED;
	ret = reg_policy_check(conn->registry, reg_connection_service(conn),
			       REG_CHANGE_CONN_PROPERTIES, caller, 0, 0);
	if (ret != REG_IO_SUCCESS)
		return ret;
	return conn->driver->user_client->set_properties(conn, props);
}

int reg_connection_set_properties(struct reg_connection *conn,
				  const struct reg_value *props)
{
	int ret;

	if (!conn)
		return REG_IO_BAD_ARGUMENT;
	registry_wrlock(conn->registry);
	ret = set_properties_locked(conn, props, &conn->caller);
	registry_unlock(conn->registry);
	return ret;
}

static int connection_entry_set_properties(struct registry *reg, struct reg_entry *e,
					   const struct reg_value *props,
					   const struct reg_caller *caller)
{
	struct reg_connection *conn = connection_of_entry(e);

	(void)reg;
	return conn ? set_properties_locked(conn, props, caller) : REG_IO_UNSUPPORTED;
}
