/* CF objects <-> registry values (see cf_reg_value.h). */
#include <string.h>
#include <talloc.h>

#include "cf_internal.h"
#include "cf_reg_value.h"

static CFTypeRef string_from_reg(const struct reg_value *v, bool mutable_leaf)
{
	struct cf_buf b = { 0 };
	CFStringRef s;

	/* Registry text should be UTF-8; anything else is repaired, not lost. */
	s = cf_string_create_utf8(v->u.string.chars, v->u.string.len, mutable_leaf);
	if (s != NULL)
		return s;
	cf_buf_append(&b, v->u.string.chars, v->u.string.len);
	s = cf_buf_to_string(&b);
	if (mutable_leaf) {
		CFMutableStringRef m = CFStringCreateMutableCopy(NULL, 0, s);

		CFRelease(s);
		return m;
	}
	return s;
}

static CFTypeRef number_from_reg(const struct reg_value *v)
{
	int8_t i8;
	int16_t i16;
	int32_t i32;
	int64_t i64 = v->u.number.value;
	float f;
	double d;

	switch (v->u.number.width) {
	case REG_NUMBER_FLOAT32:	/* IOKit's binary width 31 */
		f = (float)reg_number_double(v);
		return CFNumberCreate(NULL, kCFNumberFloat32Type, &f);
	case REG_NUMBER_FLOAT64:	/* 63 */
		d = reg_number_double(v);
		return CFNumberCreate(NULL, kCFNumberFloat64Type, &d);
	case 8:
		i8 = (int8_t)i64;
		return CFNumberCreate(NULL, kCFNumberSInt8Type, &i8);
	case 16:
		i16 = (int16_t)i64;
		return CFNumberCreate(NULL, kCFNumberSInt16Type, &i16);
	case 32:
		i32 = (int32_t)i64;
		return CFNumberCreate(NULL, kCFNumberSInt32Type, &i32);
	default:
		return CFNumberCreate(NULL, kCFNumberSInt64Type, &i64);
	}
}

/* Containers are built mutable and frozen afterwards when immutability
 * was asked for: the object is new and nobody else holds it yet. */
static void freeze(CFTypeRef cf)
{
	((CFRuntimeBase *)cf)->_cfinfo &= ~CF_INFO_MUTABLE;
}

CFTypeRef cf_from_reg_value(const struct reg_value *v, CFOptionFlags mutability)
{
	bool mutable_containers = mutability & (kCFPropertyListMutableContainers |
						kCFPropertyListMutableContainersAndLeaves);
	bool mutable_leaves = mutability & kCFPropertyListMutableContainersAndLeaves;
	CFTypeRef result = NULL;
	size_t i;

	if (v == NULL)
		return NULL;
	switch (v->type) {
	case REG_STRING:
	case REG_SYMBOL:
		return string_from_reg(v, mutable_leaves);
	case REG_DATA:
		if (mutable_leaves) {
			CFMutableDataRef d = CFDataCreateMutable(NULL, 0);

			CFDataAppendBytes(d, v->u.data.bytes, (CFIndex)v->u.data.len);
			return d;
		}
		return CFDataCreate(NULL, v->u.data.bytes, (CFIndex)v->u.data.len);
	case REG_NUMBER:
		return number_from_reg(v);
	case REG_BOOL:
		return v->u.boolean ? kCFBooleanTrue : kCFBooleanFalse;
	case REG_ARRAY: {
		CFMutableArrayRef a = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);

		for (i = 0; i < v->u.array.count; i++) {
			CFTypeRef item = cf_from_reg_value(v->u.array.items[i], mutability);

			if (item == NULL)
				continue;
			CFArrayAppendValue(a, item);
			CFRelease(item);
		}
		result = a;
		break;
	}
	case REG_SET: {
		CFMutableSetRef s = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);

		for (i = 0; i < v->u.array.count; i++) {
			CFTypeRef item = cf_from_reg_value(v->u.array.items[i], mutability);

			if (item == NULL)
				continue;
			CFSetAddValue(s, item);
			CFRelease(item);
		}
		result = s;
		break;
	}
	case REG_DICT: {
		CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0,
								     &kCFTypeDictionaryKeyCallBacks,
								     &kCFTypeDictionaryValueCallBacks);

		for (i = 0; i < v->u.dict.count; i++) {
			struct reg_value key = { .type = REG_STRING };
			CFTypeRef k, item;

			key.u.string.chars = v->u.dict.keys[i];
			key.u.string.len = strlen(v->u.dict.keys[i]);
			item = cf_from_reg_value(v->u.dict.values[i], mutability);
			if (item == NULL)
				continue;
			k = string_from_reg(&key, false);
			CFDictionarySetValue(d, k, item);
			CFRelease(k);
			CFRelease(item);
		}
		result = d;
		break;
	}
	default:
		return NULL;
	}
	if (!mutable_containers)
		freeze(result);
	return result;
}

/* The UTF-8 of a CF string as a registry string (CFSTR text with invalid
 * bytes comes out repaired through CFStringGetBytes). */
static struct reg_value *string_to_reg(void *ctx, CFStringRef s)
{
	const char *p = CFStringGetCStringPtr(s, kCFStringEncodingUTF8);
	CFIndex len = CFStringGetLength(s), used = 0;
	struct reg_value *v;
	char *buf;

	if (p != NULL)
		return reg_value_new_string(ctx, p);
	CFStringGetBytes(s, CFRangeMake(0, len), kCFStringEncodingUTF8, 0, false, NULL, 0, &used);
	buf = talloc_size(ctx, (size_t)used + 1);
	if (buf == NULL)
		return NULL;
	CFStringGetBytes(s, CFRangeMake(0, len), kCFStringEncodingUTF8, 0, false, (UInt8 *)buf,
			 used, &used);
	buf[used] = '\0';
	v = reg_value_new_string_len(ctx, buf, (size_t)used);
	talloc_free(buf);
	return v;
}

static struct reg_value *number_to_reg(void *ctx, CFNumberRef n)
{
	int64_t value = 0;
	unsigned width;
	double d = 0;

	/* Floats go as IOKitUser's serializer sends them: the double, with
	 * width 31 for a float and 63 for a double. */
	if (CFNumberIsFloatType(n)) {
		CFNumberGetValue(n, kCFNumberFloat64Type, &d);
		return reg_value_new_real(ctx, d, CFNumberGetType(n) == kCFNumberFloat32Type
						  ? REG_NUMBER_FLOAT32 : REG_NUMBER_FLOAT64);
	}
	switch (CFNumberGetType(n)) {
	case kCFNumberSInt8Type:
		width = 8;
		break;
	case kCFNumberSInt16Type:
		width = 16;
		break;
	case kCFNumberSInt32Type:
		width = 32;
		break;
	default:
		width = 64;
		break;
	}
	CFNumberGetValue(n, kCFNumberSInt64Type, &value);
	return reg_value_new_number(ctx, value, width);
}

struct collect {
	void *ctx;
	struct reg_value *container;
	unsigned depth_left;
	bool failed;
};

static struct reg_value *to_reg(void *ctx, CFTypeRef obj, unsigned depth_left);

static void collect_item(const void *value, void *context)
{
	struct collect *c = context;
	struct reg_value *item;

	if (c->failed)
		return;
	item = to_reg(c->container, value, c->depth_left);
	if (item == NULL || reg_array_append(c->container, item) != 0)
		c->failed = true;
}

static void collect_entry(const void *key, const void *value, void *context)
{
	struct collect *c = context;
	struct reg_value *item;
	const char *k;
	size_t klen;
	CFIndex units;

	if (c->failed)
		return;
	if (key == NULL || CFGetTypeID(key) != CFStringGetTypeID()) {
		c->failed = true;
		return;
	}
	k = CFStringGetCStringPtr(key, kCFStringEncodingUTF8);
	units = CFStringGetLength(key);
	klen = k ? strlen(k) : 0;
	/* A key with an embedded NUL cannot be a registry key. */
	if (k == NULL || (klen == 0 && units != 0)) {
		struct reg_value *tmp = string_to_reg(c->container, key);

		if (tmp == NULL || strlen(tmp->u.string.chars) != tmp->u.string.len) {
			talloc_free(tmp);
			c->failed = true;
			return;
		}
		item = to_reg(c->container, value, c->depth_left);
		if (item == NULL || reg_dict_set(c->container, tmp->u.string.chars, item) != 0)
			c->failed = true;
		talloc_free(tmp);
		return;
	}
	item = to_reg(c->container, value, c->depth_left);
	if (item == NULL || reg_dict_set(c->container, k, item) != 0)
		c->failed = true;
}

static struct reg_value *to_reg(void *ctx, CFTypeRef obj, unsigned depth_left)
{
	struct collect c = { .ctx = ctx, .failed = false };
	CFTypeID type;

	if (obj == NULL)
		return NULL;
	type = CFGetTypeID(obj);
	if (type == CFStringGetTypeID())
		return string_to_reg(ctx, obj);
	if (type == CFNumberGetTypeID())
		return number_to_reg(ctx, obj);
	if (type == CFBooleanGetTypeID())
		return reg_value_new_bool(ctx, CFBooleanGetValue(obj));
	if (type == CFDataGetTypeID())
		return reg_value_new_data(ctx, CFDataGetBytePtr(obj), (size_t)CFDataGetLength(obj));
	if (depth_left == 0)
		return NULL;
	c.depth_left = depth_left - 1;
	if (type == CFArrayGetTypeID()) {
		c.container = reg_value_new_array(ctx);
		if (c.container)
			CFArrayApplyFunction(obj, CFRangeMake(0, CFArrayGetCount(obj)),
					     collect_item, &c);
	} else if (type == CFSetGetTypeID()) {
		c.container = reg_value_new_set(ctx);
		if (c.container)
			CFSetApplyFunction(obj, collect_item, &c);
	} else if (type == CFDictionaryGetTypeID()) {
		c.container = reg_value_new_dict(ctx);
		if (c.container)
			CFDictionaryApplyFunction(obj, collect_entry, &c);
	} else {
		return NULL;
	}
	if (c.container == NULL || c.failed) {
		talloc_free(c.container);
		return NULL;
	}
	return c.container;
}

struct reg_value *cf_to_reg_value_depth(void *ctx, CFTypeRef obj, unsigned max_depth)
{
	return to_reg(ctx, obj, max_depth);
}

struct reg_value *cf_to_reg_value(void *ctx, CFTypeRef obj)
{
	return to_reg(ctx, obj, CF_REG_VALUE_MAX_DEPTH);
}
