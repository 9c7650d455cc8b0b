/* IOKitFSSimDevice: memfd-backed register regions behind a user client
 * (sim_device.h). */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <talloc.h>
#include <unistd.h>

#include "ioreturn.h"
#include "parse_error.h"
#include "policy.h"
#include "sim_device.h"
#include "user_client.h"

struct sim_region {
	int fd;
	uint8_t *map;		/* the driver's own shared view */
	size_t size;
	bool read_only;		/* for clients; the driver always writes */
	uint32_t cache_mode;
};

struct sim_device {
	struct sim_region *regions;
	size_t nregions;
	bool exclusive;
	uint64_t resets;
	uint64_t doorbells;
};

static int sim_device_destructor(struct sim_device *dev)
{
	for (size_t i = 0; i < dev->nregions; i++) {
		if (dev->regions[i].map)
			munmap(dev->regions[i].map, dev->regions[i].size);
		if (dev->regions[i].fd >= 0)
			close(dev->regions[i].fd);
	}
	return 0;
}

static bool number_in(const struct reg_value *v, uint64_t lo, uint64_t hi, uint64_t *out)
{
	if (!v || v->type != REG_NUMBER || v->u.number.value < 0 ||
	    (uint64_t)v->u.number.value < lo || (uint64_t)v->u.number.value > hi)
		return false;
	*out = (uint64_t)v->u.number.value;
	return true;
}

static int parse_region(const struct reg_value *item, size_t index, struct sim_region *r,
			struct reg_parse_error *err)
{
	const struct reg_value *size = item, *ro = NULL, *cache = NULL;
	uint64_t n;

	if (item->type == REG_DICT) {
		size = reg_dict_get(item, "Size");
		ro = reg_dict_get(item, "ReadOnly");
		cache = reg_dict_get(item, "CacheMode");
	}
	if (!number_in(size, SIM_DEVICE_MIN_REGION_SIZE, SIM_DEVICE_MAX_REGION_SIZE, &n)) {
		reg_parse_error_set(err, 0, 0, "region %zu: Size must be %u to %u bytes",
				    index, SIM_DEVICE_MIN_REGION_SIZE,
				    SIM_DEVICE_MAX_REGION_SIZE);
		return -1;
	}
	r->size = n;
	if (ro && ro->type != REG_BOOL) {
		reg_parse_error_set(err, 0, 0, "region %zu: ReadOnly must be a boolean", index);
		return -1;
	}
	r->read_only = ro && ro->u.boolean;
	if (cache && !number_in(cache, 0, 9, &n)) {
		reg_parse_error_set(err, 0, 0, "region %zu: CacheMode must be 0 to 9", index);
		return -1;
	}
	r->cache_mode = cache ? (uint32_t)n : 1; /* kIOInhibitCache: device memory */
	return 0;
}

static int create_region_memory(struct sim_region *r, size_t index,
				struct reg_parse_error *err)
{
	r->fd = memfd_create("iokitfs-sim-region", MFD_CLOEXEC);
	if (r->fd < 0 || ftruncate(r->fd, (off_t)r->size) != 0) {
		reg_parse_error_set(err, 0, 0, "region %zu: memfd: %s", index, strerror(errno));
		return -1;
	}
	r->map = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
	if (r->map == MAP_FAILED) {
		r->map = NULL;
		reg_parse_error_set(err, 0, 0, "region %zu: mmap: %s", index, strerror(errno));
		return -1;
	}
	return 0;
}

static struct reg_value *layout_value(void *ctx, const struct sim_device *dev)
{
	struct reg_value *array = reg_value_new_array(ctx);

	for (size_t i = 0; array && i < dev->nregions; i++) {
		struct reg_value *d = reg_value_new_dict(array);
		struct reg_value *size = reg_value_new_number(d, (int64_t)dev->regions[i].size, 64);
		struct reg_value *ro = reg_value_new_bool(d, dev->regions[i].read_only);
		struct reg_value *cm = reg_value_new_number(d, dev->regions[i].cache_mode, 32);

		if (!d || !size || !ro || !cm || reg_dict_set(d, "Size", size) ||
		    reg_dict_set(d, "ReadOnly", ro) || reg_dict_set(d, "CacheMode", cm) ||
		    reg_array_append(array, d)) {
			talloc_free(array);
			return NULL;
		}
	}
	return array;
}

static int set_number_property(struct registry *reg, struct reg_entry *e,
			       const char *key, uint64_t value)
{
	struct reg_value *v = reg_value_new_number(NULL, (int64_t)value, 64);

	if (!v || registry_set_property(reg, e, key, v) != 0) {
		talloc_free(v);
		return REG_IO_NO_MEMORY;
	}
	return REG_IO_SUCCESS;
}

static int sim_attach(struct registry *reg, struct reg_entry *e,
		      const struct reg_value *params, struct reg_parse_error *err)
{
	const struct reg_value *regions = NULL, *exclusive = NULL;
	struct reg_value *layout, *ucc;
	struct sim_device *dev;
	size_t n = 1;

	if (params && params->type != REG_DICT) {
		reg_parse_error_set(err, 0, 0, "parameters must be a dictionary");
		return REG_IO_BAD_ARGUMENT;
	}
	if (params) {
		regions = reg_dict_get(params, "Regions");
		exclusive = reg_dict_get(params, "Exclusive");
	}
	if (regions && (regions->type != REG_ARRAY || regions->u.array.count == 0 ||
			regions->u.array.count > SIM_DEVICE_MAX_REGIONS)) {
		reg_parse_error_set(err, 0, 0, "Regions must be an array of 1 to %d items",
				    SIM_DEVICE_MAX_REGIONS);
		return REG_IO_BAD_ARGUMENT;
	}
	if (exclusive && exclusive->type != REG_BOOL) {
		reg_parse_error_set(err, 0, 0, "Exclusive must be a boolean");
		return REG_IO_BAD_ARGUMENT;
	}
	if (regions)
		n = regions->u.array.count;
	dev = talloc_zero(reg, struct sim_device);
	if (!dev || !(dev->regions = talloc_zero_array(dev, struct sim_region, n))) {
		talloc_free(dev);
		return REG_IO_NO_MEMORY;
	}
	for (size_t i = 0; i < n; i++)
		dev->regions[i].fd = -1;
	dev->nregions = n;
	talloc_set_destructor(dev, sim_device_destructor);
	dev->exclusive = exclusive && exclusive->u.boolean;
	for (size_t i = 0; i < n; i++) {
		struct sim_region *r = &dev->regions[i];

		if (regions && parse_region(regions->u.array.items[i], i, r, err) != 0)
			goto bad;
		if (!regions) {
			r->size = 4096;
			r->cache_mode = 1;
		}
		if (create_region_memory(r, i, err) != 0) {
			talloc_free(dev);
			return REG_IO_NO_RESOURCES;
		}
	}
	layout = layout_value(NULL, dev);
	ucc = reg_value_new_string(NULL, SIM_DEVICE_USER_CLIENT_CLASS);
	if (!layout || !ucc || registry_set_property(reg, e, "IOUserClientClass", ucc) ||
	    (ucc = NULL, registry_set_property(reg, e, "SimRegions", layout)) ||
	    (layout = NULL, set_number_property(reg, e, "SimResets", 0)) ||
	    set_number_property(reg, e, "SimDoorbells", 0)) {
		talloc_free(layout);
		talloc_free(ucc);
		talloc_free(dev);
		return REG_IO_NO_MEMORY;
	}
	if (e->driver == &sim_device_driver)
		talloc_free(e->driver_data);	/* attached again: new regions */
	registry_entry_set_driver(reg, e, &sim_device_driver, dev);
	return REG_IO_SUCCESS;
bad:
	talloc_free(dev);
	return REG_IO_BAD_ARGUMENT;
}

static struct sim_device *conn_device(struct reg_connection *conn)
{
	struct reg_entry *service = reg_connection_service(conn);

	return service && service->driver == &sim_device_driver ? service->driver_data : NULL;
}

static int sim_reset(struct registry *reg, struct reg_entry *e, struct sim_device *dev)
{
	for (size_t i = 0; i < dev->nregions; i++)
		memset(dev->regions[i].map, 0, dev->regions[i].size);
	dev->resets++;
	return set_number_property(reg, e, "SimResets", dev->resets);
}

/* Validates a whole dictionary before changing anything. */
static int sim_apply_properties(struct registry *reg, struct reg_entry *e,
				struct sim_device *dev, const struct reg_value *props,
				const struct reg_caller *caller)
{
	const struct reg_value *scratch, *reset;
	int ret = REG_IO_SUCCESS;

	if (!props || props->type != REG_DICT)
		return REG_IO_BAD_ARGUMENT;
	for (size_t i = 0; i < props->u.dict.count; i++) {
		const char *key = props->u.dict.keys[i];

		if (strcmp(key, "SimScratch") != 0 && strcmp(key, "SimReset") != 0)
			return REG_IO_UNSUPPORTED;
	}
	scratch = reg_dict_get(props, "SimScratch");
	reset = reg_dict_get(props, "SimReset");
	if ((scratch && scratch->type != REG_NUMBER) ||
	    (reset && (reset->type != REG_BOOL || !reset->u.boolean)))
		return REG_IO_BAD_ARGUMENT;
	/* A reset clears what every client of the device holds. */
	if (reset && (ret = reg_policy_check(reg, e, REG_CHANGE_SHARED_STATE, caller, 0, 0)) !=
			     REG_IO_SUCCESS)
		return ret;
	if (scratch) {
		struct reg_value *copy = reg_value_copy(NULL, scratch);

		if (!copy || registry_set_property(reg, e, "SimScratch", copy) != 0) {
			talloc_free(copy);
			return REG_IO_NO_MEMORY;
		}
	}
	if (reset)
		ret = sim_reset(reg, e, dev);
	return ret;
}

static int sim_set_properties(struct registry *reg, struct reg_entry *e,
			      const struct reg_value *props, const struct reg_caller *caller)
{
	return sim_apply_properties(reg, e, e->driver_data, props, caller);
}

static int sim_open(struct reg_connection *conn, uint32_t type)
{
	struct reg_entry *service = reg_connection_service(conn);
	struct sim_device *dev = conn_device(conn);

	if (!dev)
		return REG_IO_NO_DEVICE;
	if (type > 1)
		return REG_IO_BAD_ARGUMENT;
	if (type == 1 && conn->caller.uid != 0)
		return REG_IO_NOT_PRIVILEGED;
	if (dev->exclusive && reg_service_open_count(service, conn->driver) > 0)
		return REG_IO_EXCLUSIVE_ACCESS;
	return REG_IO_SUCCESS;
}

static int m_reset(struct reg_connection *conn, struct reg_uc_args *args)
{
	struct sim_device *dev = conn_device(conn);

	(void)args;
	return sim_reset(conn->registry, reg_connection_service(conn), dev);
}

static int m_doorbell(struct reg_connection *conn, struct reg_uc_args *args)
{
	struct sim_device *dev = conn_device(conn);
	/* Clients may be writing the same word through their mappings. */
	uint32_t count = __atomic_add_fetch((uint32_t *)dev->regions[0].map, 1,
					    __ATOMIC_SEQ_CST);

	dev->doorbells++;
	args->scalar_output[0] = count;
	reg_connection_message(conn, SIM_DEVICE_MESSAGE_DOORBELL, count);
	return set_number_property(conn->registry, reg_connection_service(conn),
				   "SimDoorbells", dev->doorbells);
}

/* The doorbell as an async method: rings it, answers the count, and
 * completes through the caller's notification port with its scalar inputs
 * as the completion's arguments (sendAsyncResult64). */
static int m_async_doorbell(struct reg_connection *conn, struct reg_uc_args *args)
{
	int ret;

	if (!args->async)
		return REG_IO_BAD_ARGUMENT;	/* a synchronous call has no reference */
	ret = m_doorbell(conn, args);
	if (ret != REG_IO_SUCCESS)
		return ret;
	return reg_connection_complete_async(conn, args->async, REG_IO_SUCCESS,
					     args->scalar_input, args->scalar_input_count);
}

/* The register at (region, offset, width), or NULL when out of bounds. */
static void *register_at(struct sim_device *dev, uint64_t region, uint64_t offset,
			 uint64_t width)
{
	if (region >= dev->nregions)
		return NULL;
	if (width != 1 && width != 2 && width != 4 && width != 8)
		return NULL;
	if (offset % width || offset >= dev->regions[region].size ||
	    width > dev->regions[region].size - offset)
		return NULL;
	return dev->regions[region].map + offset;
}

static int m_read(struct reg_connection *conn, struct reg_uc_args *args)
{
	const uint64_t *in = args->scalar_input;
	void *p = register_at(conn_device(conn), in[0], in[1], in[2]);

	if (!p)
		return REG_IO_BAD_ARGUMENT;
	switch (in[2]) {
	case 1:
		args->scalar_output[0] = __atomic_load_n((uint8_t *)p, __ATOMIC_SEQ_CST);
		break;
	case 2:
		args->scalar_output[0] = __atomic_load_n((uint16_t *)p, __ATOMIC_SEQ_CST);
		break;
	case 4:
		args->scalar_output[0] = __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST);
		break;
	default:
		args->scalar_output[0] = __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
		break;
	}
	return REG_IO_SUCCESS;
}

static int m_write(struct reg_connection *conn, struct reg_uc_args *args)
{
	const uint64_t *in = args->scalar_input;
	void *p = register_at(conn_device(conn), in[0], in[1], in[2]);
	uint64_t value = in[3];

	if (!p || (in[2] < 8 && value >> (in[2] * 8)))
		return REG_IO_BAD_ARGUMENT;
	switch (in[2]) {
	case 1:
		__atomic_store_n((uint8_t *)p, (uint8_t)value, __ATOMIC_SEQ_CST);
		break;
	case 2:
		__atomic_store_n((uint16_t *)p, (uint16_t)value, __ATOMIC_SEQ_CST);
		break;
	case 4:
		__atomic_store_n((uint32_t *)p, (uint32_t)value, __ATOMIC_SEQ_CST);
		break;
	default:
		__atomic_store_n((uint64_t *)p, value, __ATOMIC_SEQ_CST);
		break;
	}
	return REG_IO_SUCCESS;
}

static int m_echo(struct reg_connection *conn, struct reg_uc_args *args)
{
	(void)conn;
	if (args->variable_output_requested) {
		/* Never empty (talloc), and nothing to copy from an empty input. */
		args->variable_output = talloc_zero_size(args->variable_output_ctx,
							 args->struct_input_size ?
							 args->struct_input_size : 1);
		if (!args->variable_output)
			return REG_IO_NO_MEMORY;
		if (args->struct_input_size)
			memcpy(args->variable_output, args->struct_input,
			       args->struct_input_size);
		args->variable_output_size = args->struct_input_size;
		return REG_IO_SUCCESS;
	}
	if (args->struct_output_size < args->struct_input_size)
		return REG_IO_NO_SPACE;
	if (args->struct_input_size)
		memcpy(args->struct_output, args->struct_input, args->struct_input_size);
	args->struct_output_size = args->struct_input_size;
	return REG_IO_SUCCESS;
}

static int sim_memory_for_type(struct reg_connection *conn, uint32_t type,
			       struct reg_uc_memory *mem)
{
	struct sim_device *dev = conn_device(conn);

	if (!dev || type >= dev->nregions)
		return REG_IO_UNSUPPORTED;
	mem->fd = dev->regions[type].fd;
	mem->path = NULL;
	mem->offset = 0;
	mem->size = dev->regions[type].size;
	mem->options = (dev->regions[type].cache_mode << REG_MAP_CACHE_SHIFT) |
		       (dev->regions[type].read_only ? REG_MAP_READ_ONLY : 0);
	return REG_IO_SUCCESS;
}

static int sim_conn_set_properties(struct reg_connection *conn, const struct reg_value *props)
{
	struct sim_device *dev = conn_device(conn);

	if (!dev)
		return REG_IO_NO_DEVICE;
	return sim_apply_properties(conn->registry, reg_connection_service(conn), dev, props,
				    &conn->caller);
}

#define V REG_UC_VARIABLE_SIZE
static const struct reg_uc_method sim_methods[SIM_DEVICE_METHOD_COUNT] = {
	/* Reset clears what every client holds: root and the mount's owner
	 * only.  The rest act on registers any opener may also map and write:
	 * granted to every holder of a connection.  Read and write use
	 * atomics only, so they run beside readers. */
	[SIM_DEVICE_RESET] = { m_reset, 0, 0, 0, 0, 0 },
	[SIM_DEVICE_DOORBELL] = { m_doorbell, 0, 0, 1, 0, REG_UC_USER },
	[SIM_DEVICE_READ] = { m_read, 3, 0, 1, 0, REG_UC_USER | REG_UC_SHARED },
	[SIM_DEVICE_WRITE] = { m_write, 4, 0, 0, 0, REG_UC_USER | REG_UC_SHARED },
	[SIM_DEVICE_ECHO] = { m_echo, 0, V, 0, V, REG_UC_USER | REG_UC_SHARED },
	[SIM_DEVICE_ASYNC_DOORBELL] = { m_async_doorbell, V, 0, 1, 0, REG_UC_USER },
};
#undef V

static const struct reg_user_client_ops sim_user_client = {
	.user_client_class = SIM_DEVICE_USER_CLIENT_CLASS,
	.open = sim_open,
	.methods = sim_methods,
	.method_count = SIM_DEVICE_METHOD_COUNT,
	.selector_policy = REG_UC_SELECTOR_BAD_ARGUMENT,
	.memory_for_type = sim_memory_for_type,
	.set_properties = sim_conn_set_properties,
};

const struct reg_driver sim_device_driver = {
	.name = SIM_DEVICE_DRIVER_NAME,
	.set_properties = sim_set_properties,
	.attach = sim_attach,
	.user_client = &sim_user_client,
};
