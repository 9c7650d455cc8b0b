/* Typed property values: construction, containers, equality, copy. */
#include "value.h"

#include <string.h>
#include <sys/types.h>
#include <talloc.h>

static struct reg_value *value_new(void *ctx, enum reg_value_type type)
{
	struct reg_value *v = talloc_zero(ctx, struct reg_value);
	if (v)
		v->type = type;
	return v;
}

struct reg_value *reg_value_new_dict(void *ctx)
{
	return value_new(ctx, REG_DICT);
}

struct reg_value *reg_value_new_array(void *ctx)
{
	return value_new(ctx, REG_ARRAY);
}

struct reg_value *reg_value_new_set(void *ctx)
{
	return value_new(ctx, REG_SET);
}

static struct reg_value *string_new(void *ctx, enum reg_value_type type,
				    const char *s, size_t len)
{
	struct reg_value *v = value_new(ctx, type);
	if (!v)
		return NULL;
	v->u.string.chars = talloc_size(v, len + 1);
	if (!v->u.string.chars) {
		talloc_free(v);
		return NULL;
	}
	memcpy(v->u.string.chars, s, len);
	v->u.string.chars[len] = '\0';
	v->u.string.len = len;
	return v;
}

struct reg_value *reg_value_new_string(void *ctx, const char *s)
{
	return string_new(ctx, REG_STRING, s, strlen(s));
}

struct reg_value *reg_value_new_string_len(void *ctx, const char *s, size_t len)
{
	return string_new(ctx, REG_STRING, s, len);
}

struct reg_value *reg_value_new_symbol(void *ctx, const char *s)
{
	return string_new(ctx, REG_SYMBOL, s, strlen(s));
}

struct reg_value *reg_value_new_data(void *ctx, const void *bytes, size_t len)
{
	struct reg_value *v = value_new(ctx, REG_DATA);
	if (!v)
		return NULL;
	/* Always allocate, so that bytes is never NULL, even for empty data. */
	v->u.data.bytes = talloc_size(v, len ? len : 1);
	if (!v->u.data.bytes) {
		talloc_free(v);
		return NULL;
	}
	if (len)
		memcpy(v->u.data.bytes, bytes, len);
	v->u.data.len = len;
	return v;
}

bool reg_number_width_valid(unsigned width)
{
	return width == 8 || width == 16 || width == 32 || width == 64 ||
	       width == REG_NUMBER_FLOAT32 || width == REG_NUMBER_FLOAT64;
}

bool reg_number_is_float(const struct reg_value *v)
{
	return v && v->type == REG_NUMBER && (v->u.number.width == REG_NUMBER_FLOAT32 ||
					      v->u.number.width == REG_NUMBER_FLOAT64);
}

double reg_number_double(const struct reg_value *v)
{
	double d;

	if (!reg_number_is_float(v))
		return (double)v->u.number.value;
	memcpy(&d, &v->u.number.value, sizeof(d));
	return d;
}

struct reg_value *reg_value_new_real(void *ctx, double d, unsigned width)
{
	int64_t bits;

	if (width == REG_NUMBER_FLOAT32)
		d = (float)d;
	else if (width != REG_NUMBER_FLOAT64)
		return NULL;
	if (d != d)
		d = __builtin_nan("");	/* one NaN: text forms keep no payload or sign */
	memcpy(&bits, &d, sizeof(bits));
	return reg_value_new_number(ctx, bits, width);
}

/* CF's numeric equality: floats by value (NaN equals NaN, as CFEqual
 * has it), an integer and a float when they are the same number. */
static bool numbers_equal(const struct reg_value *a, const struct reg_value *b)
{
	double x, y;

	if (!reg_number_is_float(a) && !reg_number_is_float(b))
		return a->u.number.value == b->u.number.value;
	if (reg_number_is_float(a) && reg_number_is_float(b)) {
		x = reg_number_double(a);
		y = reg_number_double(b);
		return x == y || (x != x && y != y);
	}
	if (reg_number_is_float(b)) {
		const struct reg_value *t = a;

		a = b;
		b = t;
	}
	x = reg_number_double(a);	/* a is the float, b the integer */
	return x >= -9223372036854775808.0 && x < 9223372036854775808.0 &&
	       (double)(int64_t)x == x && (int64_t)x == b->u.number.value;
}

unsigned reg_number_default_width(int64_t value)
{
	return (value >= INT32_MIN && value <= INT32_MAX) ? 32 : 64;
}

int64_t reg_number_normalise(int64_t value, unsigned width)
{
	switch (width) {
	case 8:
		return (int8_t)value;
	case 16:
		return (int16_t)value;
	case 32:
		return (int32_t)value;
	default:
		return value;
	}
}

struct reg_value *reg_value_new_number(void *ctx, int64_t value, unsigned width)
{
	struct reg_value *v;

	if (width == 0)
		width = reg_number_default_width(value);
	if (!reg_number_width_valid(width))
		return NULL;
	v = value_new(ctx, REG_NUMBER);
	if (!v)
		return NULL;
	v->u.number.width = width;
	v->u.number.value = reg_number_normalise(value, width);
	return v;
}

struct reg_value *reg_value_new_bool(void *ctx, bool b)
{
	struct reg_value *v = value_new(ctx, REG_BOOL);
	if (v)
		v->u.boolean = b;
	return v;
}

int reg_array_append(struct reg_value *a, struct reg_value *item)
{
	if (a->u.array.count == a->u.array.capacity) {
		size_t cap = a->u.array.capacity ? a->u.array.capacity * 2 : 4;
		struct reg_value **items = talloc_realloc(a, a->u.array.items,
							  struct reg_value *, cap);
		if (!items)
			return -1;
		a->u.array.items = items;
		a->u.array.capacity = cap;
	}
	a->u.array.items[a->u.array.count++] = talloc_steal(a, item);
	return 0;
}

static ssize_t dict_index(const struct reg_value *d, const char *key)
{
	for (size_t i = 0; i < d->u.dict.count; i++)
		if (strcmp(d->u.dict.keys[i], key) == 0)
			return (ssize_t)i;
	return -1;
}

int reg_dict_set(struct reg_value *d, const char *key, struct reg_value *value)
{
	ssize_t i = dict_index(d, key);

	if (i >= 0) {
		if (d->u.dict.values[i] != value)
			talloc_free(d->u.dict.values[i]);
		d->u.dict.values[i] = talloc_steal(d, value);
		return 0;
	}
	return reg_dict_append_new(d, key, value);
}

int reg_dict_append_new(struct reg_value *d, const char *key, struct reg_value *value)
{
	if (d->u.dict.count == d->u.dict.capacity) {
		size_t cap = d->u.dict.capacity ? d->u.dict.capacity * 2 : 8;
		char **keys = talloc_realloc(d, d->u.dict.keys, char *, cap);
		if (!keys)
			return -1;
		d->u.dict.keys = keys;
		struct reg_value **values = talloc_realloc(d, d->u.dict.values,
							   struct reg_value *, cap);
		if (!values)
			return -1;
		d->u.dict.values = values;
		d->u.dict.capacity = cap;
	}
	char *k = talloc_strdup(d, key);
	if (!k)
		return -1;
	d->u.dict.keys[d->u.dict.count] = k;
	d->u.dict.values[d->u.dict.count] = talloc_steal(d, value);
	d->u.dict.count++;
	return 0;
}

struct reg_value *reg_dict_get(const struct reg_value *d, const char *key)
{
	ssize_t i;

	if (!d || d->type != REG_DICT)
		return NULL;
	i = dict_index(d, key);
	return i >= 0 ? d->u.dict.values[i] : NULL;
}

/* Drops slot i (its key freed, its value left to the caller). */
static void dict_drop_slot(struct reg_value *d, size_t i)
{
	size_t rest = d->u.dict.count - i - 1;

	talloc_free(d->u.dict.keys[i]);
	memmove(&d->u.dict.keys[i], &d->u.dict.keys[i + 1], rest * sizeof(char *));
	memmove(&d->u.dict.values[i], &d->u.dict.values[i + 1],
		rest * sizeof(struct reg_value *));
	d->u.dict.count--;
}

bool reg_dict_remove(struct reg_value *d, const char *key)
{
	ssize_t i = dict_index(d, key);

	if (i < 0)
		return false;
	talloc_free(d->u.dict.values[i]);
	dict_drop_slot(d, (size_t)i);
	return true;
}

struct reg_value *reg_dict_take(struct reg_value *d, const char *key, void *ctx)
{
	ssize_t i = dict_index(d, key);
	struct reg_value *v;

	if (i < 0)
		return NULL;
	v = talloc_steal(ctx, d->u.dict.values[i]);
	dict_drop_slot(d, (size_t)i);
	return v;
}

static bool values_compare(const struct reg_value *a, const struct reg_value *b,
			   bool identical);

/* Every item of a has an equal item in b (sets are small in practice). */
static bool set_contained(const struct reg_value *a, const struct reg_value *b,
			  bool identical)
{
	for (size_t i = 0; i < a->u.array.count; i++) {
		bool found = false;
		for (size_t j = 0; j < b->u.array.count && !found; j++)
			found = values_compare(a->u.array.items[i],
					       b->u.array.items[j], identical);
		if (!found)
			return false;
	}
	return true;
}

static bool values_compare(const struct reg_value *a, const struct reg_value *b,
			   bool identical)
{
	if (a == b)
		return true;
	if (!a || !b)
		return false;
	if (a->type != b->type &&
	    (identical || !reg_value_is_string(a) || !reg_value_is_string(b)))
		return false;

	switch (a->type) {
	case REG_STRING:
	case REG_SYMBOL:
		return a->u.string.len == b->u.string.len &&
		       memcmp(a->u.string.chars, b->u.string.chars, a->u.string.len) == 0;
	case REG_DATA:
		return a->u.data.len == b->u.data.len &&
		       memcmp(a->u.data.bytes, b->u.data.bytes, a->u.data.len) == 0;
	case REG_NUMBER:
		if (identical)	/* same width, same bits */
			return a->u.number.value == b->u.number.value &&
			       a->u.number.width == b->u.number.width;
		return numbers_equal(a, b);
	case REG_BOOL:
		return a->u.boolean == b->u.boolean;
	case REG_ARRAY:
		if (a->u.array.count != b->u.array.count)
			return false;
		for (size_t i = 0; i < a->u.array.count; i++)
			if (!values_compare(a->u.array.items[i], b->u.array.items[i], identical))
				return false;
		return true;
	case REG_SET:
		if (a->u.array.count != b->u.array.count)
			return false;
		if (identical) {
			for (size_t i = 0; i < a->u.array.count; i++)
				if (!values_compare(a->u.array.items[i],
						    b->u.array.items[i], true))
					return false;
			return true;
		}
		return set_contained(a, b, false) && set_contained(b, a, false);
	case REG_DICT:
		if (a->u.dict.count != b->u.dict.count)
			return false;
		for (size_t i = 0; i < a->u.dict.count; i++) {
			const struct reg_value *bv;
			if (identical) {
				if (strcmp(a->u.dict.keys[i], b->u.dict.keys[i]) != 0)
					return false;
				bv = b->u.dict.values[i];
			} else {
				bv = reg_dict_get(b, a->u.dict.keys[i]);
			}
			if (!values_compare(a->u.dict.values[i], bv, identical))
				return false;
		}
		return true;
	}
	return false;
}

bool reg_value_equal(const struct reg_value *a, const struct reg_value *b)
{
	return values_compare(a, b, false);
}

bool reg_value_identical(const struct reg_value *a, const struct reg_value *b)
{
	return values_compare(a, b, true);
}

static struct reg_value *copy_plain(void *ctx, const struct reg_value *v);

struct reg_value *reg_value_alias(void *ctx, const struct reg_value *v)
{
	struct reg_value *a = talloc(ctx, struct reg_value);

	if (a)
		*a = *v;
	return a;
}

/* A copy keeps the marks a dump loader set (value.h). */
struct reg_value *reg_value_copy(void *ctx, const struct reg_value *v)
{
	struct reg_value *c = copy_plain(ctx, v);

	if (c && v->mark) {
		c->mark = v->mark;
		if (v->raw && !(c->raw = talloc_strdup(c, v->raw))) {
			talloc_free(c);
			return NULL;
		}
	}
	return c;
}

static struct reg_value *copy_plain(void *ctx, const struct reg_value *v)
{
	struct reg_value *c = NULL;

	switch (v->type) {
	case REG_STRING:
	case REG_SYMBOL:
		return string_new(ctx, v->type, v->u.string.chars, v->u.string.len);
	case REG_DATA:
		return reg_value_new_data(ctx, v->u.data.bytes, v->u.data.len);
	case REG_NUMBER:
		return reg_value_new_number(ctx, v->u.number.value, v->u.number.width);
	case REG_BOOL:
		return reg_value_new_bool(ctx, v->u.boolean);
	case REG_ARRAY:
	case REG_SET:
		c = value_new(ctx, v->type);
		if (!c)
			return NULL;
		for (size_t i = 0; i < v->u.array.count; i++) {
			struct reg_value *item = reg_value_copy(c, v->u.array.items[i]);
			if (!item || reg_array_append(c, item) != 0)
				goto fail;
		}
		return c;
	case REG_DICT:
		c = value_new(ctx, REG_DICT);
		if (!c)
			return NULL;
		for (size_t i = 0; i < v->u.dict.count; i++) {
			struct reg_value *item = reg_value_copy(c, v->u.dict.values[i]);
			/* v's keys are distinct already. */
			if (!item || reg_dict_append_new(c, v->u.dict.keys[i], item) != 0)
				goto fail;
		}
		return c;
	}
	return NULL;
fail:
	talloc_free(c);
	return NULL;
}

const char *reg_value_type_name(enum reg_value_type type)
{
	switch (type) {
	case REG_DICT: return "dictionary";
	case REG_ARRAY: return "array";
	case REG_SET: return "set";
	case REG_STRING: return "string";
	case REG_SYMBOL: return "symbol";
	case REG_DATA: return "data";
	case REG_NUMBER: return "number";
	case REG_BOOL: return "boolean";
	}
	return "unknown";
}
