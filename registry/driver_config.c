/* The driver table and drivers files (driver_config.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "driver_config.h"
#include "drivers/apple_smc.h"
#include "drivers/sim_device.h"
#include "ioreturn.h"
#include "match.h"
#include "path.h"
#include "value_xml.h"
#include "read_file.h"

#define DRIVER_CONFIG_FILE_MAX (4u * 1024 * 1024)

static const struct reg_driver *const known_drivers[] = {
	&sim_device_driver,
	&apple_smc_driver,
};

const struct reg_driver *reg_driver_lookup(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(known_drivers) / sizeof(known_drivers[0]); i++)
		if (strcmp(known_drivers[i]->name, name) == 0)
			return known_drivers[i];
	return NULL;
}

int reg_driver_attach(struct registry *reg, struct reg_entry *e,
		      const struct reg_driver *driver,
		      const struct reg_value *parameters, struct reg_parse_error *err)
{
	if (driver->attach)
		return driver->attach(reg, e, parameters, err);
	registry_entry_set_driver(reg, e, driver, NULL);
	return REG_IO_SUCCESS;
}

/* One item, checked. */
struct config_item {
	const struct reg_driver *driver;
	const struct reg_value *parameters;
	const struct reg_value *match;		/* or */
	const char *create_name, *create_class, *create_location;
	struct reg_entry *create_parent;
	bool optional;
};

static const char *string_of(const struct reg_value *dict, const char *key, bool *bad)
{
	const struct reg_value *v = reg_dict_get(dict, key);

	if (!v)
		return NULL;
	if (!reg_value_is_string(v) || v->u.string.len == 0 ||
	    strlen(v->u.string.chars) != v->u.string.len) {
		*bad = true;
		return NULL;
	}
	return v->u.string.chars;
}

static int check_item(struct registry *reg, const struct reg_value *v, size_t i,
		      struct config_item *item, struct reg_parse_error *err)
{
	const struct reg_value *create, *optional;
	const char *name, *parent;
	bool bad = false;

	memset(item, 0, sizeof(*item));
	if (v->type != REG_DICT) {
		reg_parse_error_set(err, 0, 0, "item %zu: not a dictionary", i);
		return -1;
	}
	for (size_t k = 0; k < v->u.dict.count; k++) {
		const char *key = v->u.dict.keys[k];

		if (strcmp(key, "driver") && strcmp(key, "parameters") && strcmp(key, "match") &&
		    strcmp(key, "create") && strcmp(key, "optional")) {
			reg_parse_error_set(err, 0, 0, "item %zu: unknown key \"%s\"", i, key);
			return -1;
		}
	}
	name = string_of(v, "driver", &bad);
	if (!name || bad) {
		reg_parse_error_set(err, 0, 0, "item %zu: \"driver\" must name a driver", i);
		return -1;
	}
	item->driver = reg_driver_lookup(name);
	if (!item->driver) {
		reg_parse_error_set(err, 0, 0, "item %zu: unknown driver \"%s\"", i, name);
		return -1;
	}
	item->parameters = reg_dict_get(v, "parameters");
	optional = reg_dict_get(v, "optional");
	if (optional && optional->type != REG_BOOL) {
		reg_parse_error_set(err, 0, 0, "item %zu: \"optional\" must be a boolean", i);
		return -1;
	}
	item->optional = optional && optional->u.boolean;
	item->match = reg_dict_get(v, "match");
	create = reg_dict_get(v, "create");
	if (!item->match == !create) {
		reg_parse_error_set(err, 0, 0, "item %zu: needs exactly one of \"match\" and \"create\"", i);
		return -1;
	}
	if (item->match) {
		if (item->match->type != REG_DICT) {
			reg_parse_error_set(err, 0, 0, "item %zu: \"match\" must be a dictionary", i);
			return -1;
		}
		return 0;
	}
	if (create->type != REG_DICT) {
		reg_parse_error_set(err, 0, 0, "item %zu: \"create\" must be a dictionary", i);
		return -1;
	}
	item->create_name = string_of(create, "name", &bad);
	item->create_class = string_of(create, "class", &bad);
	item->create_location = string_of(create, "location", &bad);
	parent = string_of(create, "parent", &bad);
	if (bad || !item->create_name || !item->create_class || !parent) {
		reg_parse_error_set(err, 0, 0,
				    "item %zu: \"create\" needs strings \"name\", \"class\" and \"parent\"",
				    i);
		return -1;
	}
	item->create_parent = registry_lookup_path(reg, parent,
						   registry_plane_index(reg, "IOService"));
	if (!item->create_parent) {
		reg_parse_error_set(err, 0, 0, "item %zu: no parent entry \"%s\"", i, parent);
		return -1;
	}
	return 0;
}

static struct reg_entry *create_entry(struct registry *reg, const struct config_item *item)
{
	int plane = registry_plane_index(reg, "IOService");
	struct reg_entry *e;

	if (plane < 0)
		plane = registry_add_plane(reg, "IOService");
	if (plane < 0)
		return NULL;
	if (!registry_class_get(reg, item->create_class) &&
	    !registry_class_declare(reg, item->create_class, "IOService"))
		return NULL;
	e = registry_entry_new(reg, 0, item->create_name, item->create_class);
	if (!e)
		return NULL;
	if ((item->create_location &&
	     registry_entry_set_location(reg, e, REG_NO_PLANE, item->create_location) != 0) ||
	    registry_attach(reg, e, item->create_parent, plane) != 0) {
		registry_entry_remove(reg, e);
		return NULL;
	}
	return e;
}

static int attach_reporting(struct registry *reg, struct reg_entry *e,
			    const struct config_item *item, size_t i,
			    struct reg_parse_error *err)
{
	struct reg_parse_error why = { .message = "" };

	if (reg_driver_attach(reg, e, item->driver, item->parameters, &why) == REG_IO_SUCCESS)
		return 0;
	reg_parse_error_set(err, 0, 0, "item %zu: driver %s: %s", i, item->driver->name,
			    why.message[0] ? why.message : "refused");
	return -1;
}

static int apply_item(struct registry *reg, const struct config_item *item, size_t i,
		      struct reg_parse_error *err)
{
	struct reg_entry **found = NULL;
	size_t n = 0;
	void *tmp;
	int ret = 0;

	if (!item->match) {
		struct reg_entry *e = create_entry(reg, item);

		if (!e) {
			reg_parse_error_set(err, 0, 0, "item %zu: cannot create \"%s\"", i,
					    item->create_name);
			return -1;
		}
		if (attach_reporting(reg, e, item, i, err) != 0) {
			registry_entry_remove(reg, e);
			return -1;
		}
		return 0;
	}
	tmp = talloc_new(NULL);
	if (!tmp || registry_match(tmp, reg, item->match, false, &found, &n) != 0) {
		reg_parse_error_set(err, 0, 0, "item %zu: matching failed", i);
		talloc_free(tmp);
		return -1;
	}
	if (n == 0 && !item->optional) {
		reg_parse_error_set(err, 0, 0, "item %zu: no service matches", i);
		ret = -1;
	}
	for (size_t k = 0; k < n && ret == 0; k++) {
		ret = attach_reporting(reg, found[k], item, i, err);
	}
	talloc_free(tmp);
	return ret;
}

int driver_config_apply(struct registry *reg, const struct reg_value *config,
			struct reg_parse_error *err)
{
	struct config_item *items;
	size_t n;
	int ret = 0;

	if (!config || config->type != REG_ARRAY) {
		reg_parse_error_set(err, 0, 0, "a drivers file is an array of dictionaries");
		return -1;
	}
	n = config->u.array.count;
	items = talloc_array(NULL, struct config_item, n ? n : 1);
	if (!items) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = check_item(reg, config->u.array.items[i], i, &items[i], err);
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = apply_item(reg, &items[i], i, err);
	talloc_free(items);
	return ret;
}

int driver_config_load(struct registry *reg, const char *buf, size_t len,
		       struct reg_parse_error *err)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *config;
	int ret = -1;

	if (!tmp) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	config = reg_value_from_xml(tmp, buf, len, err);
	if (config)
		ret = driver_config_apply(reg, config, err);
	talloc_free(tmp);
	return ret;
}

int driver_config_load_file(struct registry *reg, const char *path,
			    struct reg_parse_error *err)
{
	size_t len = 0;
	char *buf = reg_read_file(NULL, path, DRIVER_CONFIG_FILE_MAX, &len, err);
	int ret;

	if (!buf)
		return -1;
	ret = driver_config_load(reg, buf, len, err);
	talloc_free(buf);
	if (ret != 0)	/* "file:line: why" for syntax errors, "file: item N: why" after */
		reg_parse_error_prefix_file(err, path);
	return ret;
}
