/* Building the daemon's request dictionaries and reading its replies. */
#include "iokit_internal.h"

#include <string.h>
#include <talloc.h>

bool iokit_put_u64(struct reg_value *d, const char *key, uint64_t n)
{
	struct reg_value *v = reg_value_new_number(d, (int64_t)n, 64);

	return v && reg_dict_set(d, key, v) == 0;
}

bool iokit_put_string(struct reg_value *d, const char *key, const char *s)
{
	struct reg_value *v = reg_value_new_string(d, s);

	return v && reg_dict_set(d, key, v) == 0;
}

bool iokit_put_bool(struct reg_value *d, const char *key, bool b)
{
	struct reg_value *v = reg_value_new_bool(d, b);

	return v && reg_dict_set(d, key, v) == 0;
}

struct reg_value *iokit_args_id(void *ctx, uint64_t id)
{
	struct reg_value *d = reg_value_new_dict(ctx);

	if (d && !iokit_put_u64(d, "id", id)) {
		talloc_free(d);
		return NULL;
	}
	return d;
}

bool iokit_get_u64(const struct reg_value *d, const char *key, uint64_t *out)
{
	const struct reg_value *v = d && d->type == REG_DICT ? reg_dict_get(d, key) : NULL;

	if (!v || v->type != REG_NUMBER)
		return false;
	*out = (uint64_t)v->u.number.value;
	return true;
}

const char *iokit_get_string(const struct reg_value *d, const char *key)
{
	const struct reg_value *v = d && d->type == REG_DICT ? reg_dict_get(d, key) : NULL;

	return reg_value_is_string(v) ? v->u.string.chars : NULL;
}

bool iokit_get_bool(const struct reg_value *d, const char *key)
{
	const struct reg_value *v = d && d->type == REG_DICT ? reg_dict_get(d, key) : NULL;

	return v && ((v->type == REG_BOOL && v->u.boolean) ||
		     (v->type == REG_NUMBER && v->u.number.value));
}

void iokit_copy_name(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}
