/* setProperties: a change reaches an entry only through its driver's
 * policy, or the registry's default policy when it has no driver. */
#include <string.h>
#include <talloc.h>

#include "driver.h"
#include "ioreturn.h"
#include "policy.h"

static int default_policy_refusal(const struct registry *reg)
{
	switch (registry_default_policy(reg)) {
	case REG_SET_ANY:
		return REG_IO_SUCCESS;
	case REG_SET_READ_ONLY:
		return REG_IO_NOT_WRITABLE;
	default:
		return REG_IO_UNSUPPORTED;
	}
}

/* Stores every key of a dictionary, or none: values are copied first so
 * that only the final, cheap step touches the entry. */
static int set_all_keys(struct registry *reg, struct reg_entry *e,
			const struct reg_value *props)
{
	void *tmp = talloc_new(NULL);
	struct reg_value **copies;
	size_t n;

	if (!tmp)
		return REG_IO_NO_MEMORY;
	if (!props || props->type != REG_DICT) {
		talloc_free(tmp);
		return REG_IO_BAD_ARGUMENT;
	}
	n = props->u.dict.count;
	copies = talloc_array(tmp, struct reg_value *, n ? n : 1);
	if (!copies)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		copies[i] = reg_value_copy(tmp, props->u.dict.values[i]);
		if (!copies[i])
			goto oom;
	}
	for (size_t i = 0; i < n; i++)
		if (registry_set_property(reg, e, props->u.dict.keys[i], copies[i]) != 0)
			goto oom;
	talloc_free(tmp);
	return REG_IO_SUCCESS;
oom:
	talloc_free(tmp);
	return REG_IO_NO_MEMORY;
}

/* An entry may list the keys it lets anyone set
 * (IORegistryEntryAllowableSetProperties); everything else is refused
 * before the driver is asked, as the kernel does. */
static int check_allowable(const struct reg_entry *e, const struct reg_value *props)
{
	const struct reg_value *allowed =
		reg_entry_property(e, "IORegistryEntryAllowableSetProperties");

	if (!allowed || allowed->type != REG_ARRAY)
		return REG_IO_SUCCESS;
	if (!props || props->type != REG_DICT)
		return REG_IO_NOT_PERMITTED;
	for (size_t i = 0; i < props->u.dict.count; i++) {
		bool found = false;
		for (size_t j = 0; j < allowed->u.array.count && !found; j++) {
			const struct reg_value *a = allowed->u.array.items[j];
			found = reg_value_is_string(a) &&
				strcmp(a->u.string.chars, props->u.dict.keys[i]) == 0;
		}
		if (!found)
			return REG_IO_BAD_ARGUMENT;
	}
	return REG_IO_SUCCESS;
}

int registry_set_properties(struct registry *reg, uint64_t entry_id,
			    const struct reg_value *props,
			    const struct reg_caller *caller)
{
	struct reg_entry *e;
	int ret;

	registry_wrlock(reg);
	e = registry_entry_by_id(reg, entry_id);
	if (!e)
		ret = REG_IO_NOT_FOUND;
	else if ((ret = reg_policy_check(reg, e, REG_CHANGE_PROPERTIES, caller, 0, 0)) !=
		 REG_IO_SUCCESS)
		;
	else if ((ret = check_allowable(e, props)) != REG_IO_SUCCESS)
		;
	else if (e->driver)
		ret = e->driver->set_properties
			      ? e->driver->set_properties(reg, e, props, caller)
			      : REG_IO_UNSUPPORTED;
	else if ((ret = default_policy_refusal(reg)) == REG_IO_SUCCESS)
		ret = set_all_keys(reg, e, props);
	registry_unlock(reg);
	return ret;
}

int registry_remove_property_checked(struct registry *reg, uint64_t entry_id,
				     const char *key, const struct reg_caller *caller)
{
	struct reg_entry *e;
	int ret;

	registry_wrlock(reg);
	e = registry_entry_by_id(reg, entry_id);
	if (!e)
		ret = REG_IO_NOT_FOUND;
	else if ((ret = reg_policy_check(reg, e, REG_CHANGE_PROPERTIES, caller, 0, 0)) !=
		 REG_IO_SUCCESS)
		;
	else if (e->driver)
		ret = e->driver->remove_property
			      ? e->driver->remove_property(reg, e, key, caller)
			      : REG_IO_UNSUPPORTED;
	else if ((ret = default_policy_refusal(reg)) == REG_IO_SUCCESS)
		ret = registry_remove_property(reg, e, key) ? REG_IO_SUCCESS
							    : REG_IO_NOT_FOUND;
	registry_unlock(reg);
	return ret;
}
