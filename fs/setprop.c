/* Changing properties from text a user wrote (see setprop.h). */
#include "setprop.h"

#include <errno.h>
#include <talloc.h>

#include "ioreturn.h"
#include "value_literal.h"

int fs_set_property_text(struct iokitfs *fs, uint64_t id, const char *key,
			 const char *text, size_t len, int flags,
			 const struct reg_caller *caller)
{
	void *tmp;
	const struct reg_entry *e;
	const struct reg_value *like;
	struct reg_value *copy = NULL, *value, *dict;
	struct reg_parse_error err = { .message = "" };
	int ret = 0;

	if (fs->read_only)
		return -EROFS;
	tmp = talloc_new(NULL);
	if (!tmp)
		return -ENOMEM;
	registry_rdlock(fs->reg);
	e = registry_entry_by_id(fs->reg, id);
	like = e ? reg_entry_property(e, key) : NULL;
	if (!e)
		ret = -ENOENT;
	else if ((flags & FS_SET_CREATE) && like)
		ret = -EEXIST;
	else if ((flags & FS_SET_REPLACE) && !like)
		ret = -ENODATA;
	else if (like && !(copy = reg_value_copy(tmp, like)))
		ret = -ENOMEM;
	registry_unlock(fs->reg);
	if (ret)
		goto out;
	value = reg_value_from_text_as(tmp, text, len, copy, &err);
	if (!value) {
		ret = -EINVAL;
		goto out;
	}
	dict = reg_value_new_dict(tmp);
	if (!dict || reg_dict_set(dict, key, value) != 0) {
		ret = -ENOMEM;
		goto out;
	}
	ret = -reg_ioreturn_to_errno(registry_set_properties(fs->reg, id, dict, caller));
out:
	talloc_free(tmp);
	return ret;
}

int fs_remove_property(struct iokitfs *fs, uint64_t id, const char *key,
		       const struct reg_caller *caller)
{
	int ior;

	if (fs->read_only)
		return -EROFS;
	ior = registry_remove_property_checked(fs->reg, id, key, caller);
	if (ior == REG_IO_NOT_FOUND)
		return -ENODATA;
	return -reg_ioreturn_to_errno(ior);
}
