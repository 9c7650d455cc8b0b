/* AppleSMC's user client over a key table (apple_smc.h). */
#include <stddef.h>
#include <string.h>
#include <talloc.h>

#include "apple_smc.h"
#include "ioreturn.h"
#include "policy.h"
#include "user_client.h"

_Static_assert(offsetof(struct smc_param, vers) == 4, "vers at 4");
_Static_assert(offsetof(struct smc_param, plimit) == 12, "pLimitData at 12");
_Static_assert(offsetof(struct smc_param, key_info) == 28, "keyInfo at 28");
_Static_assert(offsetof(struct smc_param, result) == 40, "result at 40");
_Static_assert(offsetof(struct smc_param, data8) == 42, "data8 at 42");
_Static_assert(offsetof(struct smc_param, data32) == 44, "data32 at 44");
_Static_assert(offsetof(struct smc_param, bytes) == 48, "bytes at 48");

struct apple_smc {
	struct smc_key_table *table;
	/* The connection holding kSMCUserClientOpen, or NULL. */
	const struct reg_connection *owner;
};

struct smc_key_table *apple_smc_table(const struct reg_entry *e)
{
	return e && e->driver == &apple_smc_driver && e->driver_data
		       ? ((struct apple_smc *)e->driver_data)->table
		       : NULL;
}

static struct apple_smc *conn_smc(struct reg_connection *conn)
{
	struct reg_entry *service = reg_connection_service(conn);

	return service && service->driver == &apple_smc_driver ? service->driver_data : NULL;
}

static int apply_writable_keys(struct smc_key_table *t, const struct reg_value *names,
			       struct reg_parse_error *err)
{
	if (names->type != REG_ARRAY) {
		reg_parse_error_set(err, 0, 0, "WritableKeys must be an array of key names");
		return -1;
	}
	for (size_t i = 0; i < names->u.array.count; i++) {
		const struct reg_value *n = names->u.array.items[i];
		struct smc_key *k;

		if (!reg_value_is_string(n) || n->u.string.len != 4) {
			reg_parse_error_set(err, 0, 0,
					    "WritableKeys[%zu] must be a 4-character key", i);
			return -1;
		}
		k = smc_keys_find(t, smc_fourcc(n->u.string.chars));
		if (k)
			k->attributes |= SMC_ATTR_WRITE;
	}
	return 0;
}

/* Binds a table (reparented onto the registry) to e. */
static int bind_table(struct registry *reg, struct reg_entry *e, struct smc_key_table *t)
{
	struct apple_smc *smc = talloc_zero(reg, struct apple_smc);

	if (!smc || smc_keys_ensure_count_key(t) != 0) {
		talloc_free(smc);
		return REG_IO_NO_MEMORY;
	}
	if (!reg_entry_property(e, "IOUserClientClass")) {
		struct reg_value *ucc = reg_value_new_string(NULL, APPLE_SMC_USER_CLIENT_CLASS);

		if (!ucc || registry_set_property(reg, e, "IOUserClientClass", ucc) != 0) {
			talloc_free(ucc);
			talloc_free(smc);
			return REG_IO_NO_MEMORY;
		}
	}
	/* Only now, so that the caller still owns t on failure. */
	smc->table = talloc_steal(smc, t);
	if (e->driver == &apple_smc_driver)
		talloc_free(e->driver_data);
	registry_entry_set_driver(reg, e, &apple_smc_driver, smc);
	return REG_IO_SUCCESS;
}

static int smc_driver_attach(struct registry *reg, struct reg_entry *e,
			     const struct reg_value *params, struct reg_parse_error *err)
{
	const struct reg_value *file = NULL, *writable = NULL;
	struct smc_key_table *t;
	int ret;

	if (params && params->type != REG_DICT) {
		reg_parse_error_set(err, 0, 0, "parameters must be a dictionary");
		return REG_IO_BAD_ARGUMENT;
	}
	if (params) {
		file = reg_dict_get(params, "KeysFile");
		writable = reg_dict_get(params, "WritableKeys");
	}
	if (file && !reg_value_is_string(file)) {
		reg_parse_error_set(err, 0, 0, "KeysFile must be a string");
		return REG_IO_BAD_ARGUMENT;
	}
	t = file ? smc_keys_load_file(NULL, file->u.string.chars, err)
		 : smc_keys_new_empty(NULL);
	if (!t)
		return file ? REG_IO_BAD_ARGUMENT : REG_IO_NO_MEMORY;
	if (writable && apply_writable_keys(t, writable, err) != 0) {
		talloc_free(t);
		return REG_IO_BAD_ARGUMENT;
	}
	ret = bind_table(reg, e, t);
	if (ret != REG_IO_SUCCESS)
		talloc_free(t);
	return ret;
}

static bool find_first_smc(void *data, struct reg_entry *e)
{
	struct reg_entry **found = data;

	if (e->cls && strcmp(e->cls->name, "AppleSMC") == 0 &&
	    (!*found || e->id < (*found)->id))
		*found = e;
	return true;
}

static struct reg_entry *create_smc_entry(struct registry *reg)
{
	int plane = registry_plane_index(reg, "IOService");
	struct reg_entry *root = registry_root(reg), *parent = root, *e;

	if (plane < 0)
		plane = registry_add_plane(reg, "IOService");
	if (plane < 0)
		return NULL;
	if (reg_entry_child_count(root, plane) > 0)
		parent = reg_entry_child(root, plane, 0);
	if (!registry_class_get(reg, "AppleSMC") &&
	    !registry_class_declare(reg, "AppleSMC", "IOService"))
		return NULL;
	e = registry_entry_new(reg, 0, "AppleSMC", "AppleSMC");
	if (!e)
		return NULL;
	if (registry_attach(reg, e, parent, plane) != 0) {
		registry_entry_remove(reg, e);
		return NULL;
	}
	return e;
}

int apple_smc_attach(struct registry *reg, const char *keys_file,
		     struct reg_parse_error *err)
{
	struct smc_key_table *t;
	struct reg_entry *e = NULL;

	t = keys_file ? smc_keys_load_file(NULL, keys_file, err) : smc_keys_new_empty(NULL);
	if (!t) {
		if (!keys_file)
			reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	registry_foreach_entry(reg, find_first_smc, &e);
	if (!e)
		e = create_smc_entry(reg);
	if (!e || bind_table(reg, e, t) != REG_IO_SUCCESS) {
		reg_parse_error_set(err, 0, 0, "cannot attach the AppleSMC driver");
		talloc_free(t);
		return -1;
	}
	return 0;
}

static int smc_open(struct reg_connection *conn, uint32_t type)
{
	(void)type;	/* AppleSMC ignores the type */
	return conn_smc(conn) ? REG_IO_SUCCESS : REG_IO_NO_DEVICE;
}

static int smc_release(struct reg_connection *conn)
{
	struct apple_smc *smc = conn_smc(conn);

	if (smc && smc->owner == conn)
		smc->owner = NULL;
	return REG_IO_SUCCESS;
}

static int m_user_client_open(struct reg_connection *conn, struct reg_uc_args *args)
{
	struct apple_smc *smc = conn_smc(conn);

	(void)args;
	if (smc->owner && smc->owner != conn)
		return REG_IO_EXCLUSIVE_ACCESS;
	smc->owner = conn;
	return REG_IO_SUCCESS;
}

static int m_user_client_close(struct reg_connection *conn, struct reg_uc_args *args)
{
	struct apple_smc *smc = conn_smc(conn);

	(void)args;
	if (smc->owner != conn)
		return REG_IO_NOT_OPEN;
	smc->owner = NULL;
	return REG_IO_SUCCESS;
}

/* #KEY is computed, so that it always agrees with the table. */
static void key_bytes(const struct smc_key_table *t, const struct smc_key *k,
		      uint8_t out[SMC_KEY_DATA_MAX])
{
	memcpy(out, k->data, k->size);
	if (k->key == smc_fourcc("#KEY") && k->size == 4) {
		uint32_t n = (uint32_t)t->count;

		out[0] = (uint8_t)(n >> 24);
		out[1] = (uint8_t)(n >> 16);
		out[2] = (uint8_t)(n >> 8);
		out[3] = (uint8_t)n;
	}
}

static int smc_command(struct reg_connection *conn, const struct smc_param *in,
		       struct smc_param *out, bool shared)
{
	struct smc_key_table *t = conn_smc(conn)->table;
	struct smc_key *k = NULL;

	memset(out, 0, sizeof(*out));
	out->key = in->key;
	out->data8 = in->data8;
	switch (in->data8) {
	case SMC_CMD_READ_INDEX:
		out->data32 = in->data32;
		if (in->data32 >= t->count) {
			out->result = SMC_RESULT_INDEX_RANGE;
			return REG_IO_SUCCESS;
		}
		out->key = t->keys[in->data32].key;
		return REG_IO_SUCCESS;
	case SMC_CMD_READ_KEYINFO:
	case SMC_CMD_READ_BYTES:
	case SMC_CMD_WRITE_BYTES:
		break;
	default:
		out->result = SMC_RESULT_BAD_COMMAND;
		return REG_IO_SUCCESS;
	}
	if (in->data8 == SMC_CMD_WRITE_BYTES) {
		/* Writing a key changes the machine for everyone: root and
		 * the mount's owner only (policy.h), under the write lock. */
		int ret = reg_policy_check(conn->registry, reg_connection_service(conn),
					   REG_CHANGE_METHOD, &conn->caller, 0, 0);

		if (ret != REG_IO_SUCCESS)
			return ret;
		if (shared)
			return REG_UC_NEED_EXCLUSIVE;
	}
	k = smc_keys_find(t, in->key);
	if (!k) {
		out->result = SMC_RESULT_NOT_FOUND;
		return REG_IO_SUCCESS;
	}
	switch (in->data8) {
	case SMC_CMD_READ_KEYINFO:
		out->key_info.data_size = k->size;
		out->key_info.data_type = k->type;
		out->key_info.data_attributes = k->attributes;
		break;
	case SMC_CMD_READ_BYTES:
		if (!(k->attributes & SMC_ATTR_READ))
			out->result = SMC_RESULT_NOT_READABLE;
		else if (in->key_info.data_size != k->size)
			out->result = SMC_RESULT_KEY_SIZE_MISMATCH;
		else
			key_bytes(t, k, out->bytes);
		out->key_info.data_size = in->key_info.data_size;
		break;
	default: /* SMC_CMD_WRITE_BYTES */
		if (!(k->attributes & SMC_ATTR_WRITE))
			out->result = SMC_RESULT_NOT_WRITABLE;
		else if (in->key_info.data_size != k->size)
			out->result = SMC_RESULT_KEY_SIZE_MISMATCH;
		else
			memcpy(k->data, in->bytes, k->size);
		out->key_info.data_size = in->key_info.data_size;
		break;
	}
	return REG_IO_SUCCESS;
}

static int m_handle_ypc_event(struct reg_connection *conn, struct reg_uc_args *args)
{
	struct smc_param in, out;
	int ret;

	/* The dispatch checks guarantee 80 bytes each way. */
	memcpy(&in, args->struct_input, sizeof(in));
	ret = smc_command(conn, &in, &out, args->shared);
	if (ret == REG_IO_SUCCESS) {
		memcpy(args->struct_output, &out, sizeof(out));
		args->struct_output_size = sizeof(out);
	}
	return ret;
}

static const struct reg_uc_method smc_methods[SMC_SELECTOR_COUNT] = {
	/* Every holder may call them; writing a key checks for privilege
	 * itself.  Reads run beside other readers (a tool polling the SMC
	 * does not stall listings); a write asks for the write lock. */
	[SMC_USER_CLIENT_OPEN] = { m_user_client_open, 0, 0, 0, 0, REG_UC_USER },
	[SMC_USER_CLIENT_CLOSE] = { m_user_client_close, 0, 0, 0, 0, REG_UC_USER },
	[SMC_HANDLE_YPC_EVENT] = { m_handle_ypc_event, 0, sizeof(struct smc_param), 0,
				   sizeof(struct smc_param), REG_UC_USER | REG_UC_SHARED },
};

static const struct reg_user_client_ops smc_user_client = {
	.user_client_class = APPLE_SMC_USER_CLIENT_CLASS,
	.open = smc_open,
	.close = smc_release,
	.died = smc_release,
	.methods = smc_methods,
	.method_count = SMC_SELECTOR_COUNT,
	.selector_policy = REG_UC_SELECTOR_UNSUPPORTED,
};

const struct reg_driver apple_smc_driver = {
	.name = APPLE_SMC_DRIVER_NAME,
	.attach = smc_driver_attach,
	.user_client = &smc_user_client,
};
