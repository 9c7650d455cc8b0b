/* CFDictionary: key/value maps hashed with the key callbacks, iterated in
 * insertion order (see CFDictionary.h). */
#include <stdlib.h>
#include <string.h>

#include "cf_hash_table.h"
#include "cf_internal.h"

const CFDictionaryKeyCallBacks kCFTypeDictionaryKeyCallBacks = {
	0, cf_callback_retain, cf_callback_release, cf_callback_copy_description,
	cf_callback_equal, cf_callback_hash,
};

const CFDictionaryKeyCallBacks kCFCopyStringDictionaryKeyCallBacks = {
	0, cf_callback_copy_string, cf_callback_release, cf_callback_copy_description,
	cf_callback_equal, cf_callback_hash,
};

const CFDictionaryValueCallBacks kCFTypeDictionaryValueCallBacks = {
	0, cf_callback_retain, cf_callback_release, cf_callback_copy_description,
	cf_callback_equal,
};

struct __CFDictionary {
	CFRuntimeBase base;
	struct cf_hash_table table;
	CFIndex capacity;	/* mutable: 0 = unlimited */
	CFDictionaryKeyCallBacks key_cb;
	CFDictionaryValueCallBacks value_cb;
};

static void release_entry(struct __CFDictionary *d, struct cf_hash_entry *e)
{
	if (d->key_cb.release)
		d->key_cb.release(NULL, e->key);
	if (d->value_cb.release)
		d->value_cb.release(NULL, e->value);
}

static void dictionary_finalize(CFTypeRef cf)
{
	struct __CFDictionary *d = (struct __CFDictionary *)cf;
	struct cf_hash_entry *e;

	cf_hash_table_for_each(&d->table, e)
		release_entry(d, e);
	cf_hash_table_free(&d->table);
}

static bool values_equal(const CFDictionaryValueCallBacks *cb, const void *x, const void *y)
{
	if (x == y)
		return true;
	return cb->equal ? cb->equal(x, y) : false;
}

static Boolean dictionary_equal(CFTypeRef x, CFTypeRef y)
{
	const struct __CFDictionary *a = x, *b = y;
	struct cf_hash_entry *e, *other;

	if (a->table.count != b->table.count)
		return false;
	cf_hash_table_for_each(&a->table, e) {
		other = cf_hash_table_find(&b->table, e->key);
		if (other == NULL || !values_equal(&a->value_cb, e->value, other->value))
			return false;
	}
	return true;
}

static CFHashCode dictionary_hash(CFTypeRef cf)
{
	return (CFHashCode)((const struct __CFDictionary *)cf)->table.count;
}

static CFStringRef dictionary_copy_debug_desc(CFTypeRef cf)
{
	const struct __CFDictionary *d = cf;
	struct cf_buf b = { 0 };
	struct cf_hash_entry *e;
	long i = 0;

	cf_buf_append_prefix(&b, cf, "CFBasicHash");
	cf_buf_printf(&b, "{type = %s dict, count = %zu,\nentries =>\n",
		      cf_is_mutable(cf) ? "mutable" : "immutable", d->table.count);
	cf_hash_table_for_each(&d->table, e) {
		cf_buf_printf(&b, "\t%ld : ", i++);
		cf_buf_append_callback_description(&b, e->key, d->key_cb.copyDescription);
		cf_buf_puts(&b, " = ");
		cf_buf_append_callback_description(&b, e->value, d->value_cb.copyDescription);
		cf_buf_puts(&b, "\n");
	}
	cf_buf_puts(&b, "}");
	return cf_buf_to_string(&b);
}

const struct cf_class cf_dictionary_class = {
	.name = "CFDictionary",
	.finalize = dictionary_finalize,
	.equal = dictionary_equal,
	.hash = dictionary_hash,
	.copy_debug_desc = dictionary_copy_debug_desc,
};

CFTypeID CFDictionaryGetTypeID(void)
{
	return CF_TYPE_DICTIONARY;
}

static struct __CFDictionary *dictionary_new(bool mutable_dict, CFIndex capacity,
					     const CFDictionaryKeyCallBacks *kcb,
					     const CFDictionaryValueCallBacks *vcb)
{
	struct __CFDictionary *d = cf_object_alloc(CF_TYPE_DICTIONARY, sizeof(*d),
						   mutable_dict ? CF_INFO_MUTABLE : 0);

	if (kcb)
		d->key_cb = *kcb;
	if (vcb)
		d->value_cb = *vcb;
	d->capacity = capacity > 0 ? capacity : 0;
	cf_hash_table_init(&d->table, d->key_cb.equal, d->key_cb.hash);
	return d;
}

static const struct __CFDictionary *dictionary(CFDictionaryRef d, const char *func)
{
	cf_check(d, CF_TYPE_DICTIONARY, func);
	return d;
}

static struct __CFDictionary *mutable_dictionary(CFMutableDictionaryRef d, const char *func)
{
	cf_check_mutable(d, CF_TYPE_DICTIONARY, func);
	return d;
}

enum put_mode { PUT_ADD, PUT_SET, PUT_REPLACE };

static void put(struct __CFDictionary *d, const void *key, const void *value, enum put_mode mode,
		const char *func)
{
	struct cf_hash_entry *e = cf_hash_table_find(&d->table, key);
	const void *old;

	if (e != NULL) {
		if (mode == PUT_ADD)
			return;
		/* Retain the new value before releasing the old: they may be one. */
		old = e->value;
		e->value = d->value_cb.retain ? d->value_cb.retain(NULL, value) : value;
		if (d->value_cb.release)
			d->value_cb.release(NULL, old);
		return;
	}
	if (mode == PUT_REPLACE)
		return;
	if (d->capacity > 0 && (CFIndex)d->table.count >= d->capacity)
		cf_fatal("%s(): the dictionary's capacity %ld is reached", func, d->capacity);
	key = d->key_cb.retain ? d->key_cb.retain(NULL, key) : key;
	value = d->value_cb.retain ? d->value_cb.retain(NULL, value) : value;
	cf_hash_table_add(&d->table, key, value);
}

static void copy_entries(struct __CFDictionary *to, const struct __CFDictionary *from)
{
	struct cf_hash_entry *e;

	cf_hash_table_for_each(&from->table, e)
		put(to, e->key, e->value, PUT_SET, "CFDictionaryCreateCopy");
}

CFDictionaryRef CFDictionaryCreate(CFAllocatorRef allocator, const void **keys,
				   const void **values, CFIndex numValues,
				   const CFDictionaryKeyCallBacks *keyCallBacks,
				   const CFDictionaryValueCallBacks *valueCallBacks)
{
	struct __CFDictionary *d;
	CFIndex i;

	(void)allocator;
	if (numValues < 0 || (numValues > 0 && (keys == NULL || values == NULL)))
		cf_fatal("CFDictionaryCreate(): invalid keys/values/count");
	d = dictionary_new(false, 0, keyCallBacks, valueCallBacks);
	for (i = 0; i < numValues; i++)
		put(d, keys[i], values[i], PUT_SET, "CFDictionaryCreate");
	return d;
}

CFDictionaryRef CFDictionaryCreateCopy(CFAllocatorRef allocator, CFDictionaryRef theDict)
{
	const struct __CFDictionary *src = dictionary(theDict, "CFDictionaryCreateCopy");
	struct __CFDictionary *d;

	(void)allocator;
	d = dictionary_new(false, 0, &src->key_cb, &src->value_cb);
	copy_entries(d, src);
	return d;
}

CFMutableDictionaryRef CFDictionaryCreateMutable(CFAllocatorRef allocator, CFIndex capacity,
						 const CFDictionaryKeyCallBacks *keyCallBacks,
						 const CFDictionaryValueCallBacks *valueCallBacks)
{
	(void)allocator;
	if (capacity < 0)
		cf_fatal("CFDictionaryCreateMutable(): negative capacity %ld", capacity);
	return dictionary_new(true, capacity, keyCallBacks, valueCallBacks);
}

CFMutableDictionaryRef CFDictionaryCreateMutableCopy(CFAllocatorRef allocator, CFIndex capacity,
						     CFDictionaryRef theDict)
{
	const struct __CFDictionary *src = dictionary(theDict, "CFDictionaryCreateMutableCopy");
	struct __CFDictionary *d;

	(void)allocator;
	if (capacity < 0 || (capacity > 0 && (CFIndex)src->table.count > capacity))
		cf_fatal("CFDictionaryCreateMutableCopy(): capacity %ld too small", capacity);
	d = dictionary_new(true, capacity, &src->key_cb, &src->value_cb);
	copy_entries(d, src);
	return d;
}

CFIndex CFDictionaryGetCount(CFDictionaryRef theDict)
{
	return (CFIndex)dictionary(theDict, "CFDictionaryGetCount")->table.count;
}

CFIndex CFDictionaryGetCountOfKey(CFDictionaryRef theDict, const void *key)
{
	return CFDictionaryContainsKey(theDict, key) ? 1 : 0;
}

CFIndex CFDictionaryGetCountOfValue(CFDictionaryRef theDict, const void *value)
{
	const struct __CFDictionary *d = dictionary(theDict, "CFDictionaryGetCountOfValue");
	struct cf_hash_entry *e;
	CFIndex n = 0;

	cf_hash_table_for_each(&d->table, e)
		if (values_equal(&d->value_cb, value, e->value))
			n++;
	return n;
}

Boolean CFDictionaryContainsKey(CFDictionaryRef theDict, const void *key)
{
	return cf_hash_table_find(&dictionary(theDict, "CFDictionaryContainsKey")->table, key) != NULL;
}

Boolean CFDictionaryContainsValue(CFDictionaryRef theDict, const void *value)
{
	return CFDictionaryGetCountOfValue(theDict, value) > 0;
}

const void *CFDictionaryGetValue(CFDictionaryRef theDict, const void *key)
{
	struct cf_hash_entry *e =
		cf_hash_table_find(&dictionary(theDict, "CFDictionaryGetValue")->table, key);

	return e ? e->value : NULL;
}

Boolean CFDictionaryGetValueIfPresent(CFDictionaryRef theDict, const void *key,
				      const void **value)
{
	struct cf_hash_entry *e =
		cf_hash_table_find(&dictionary(theDict, "CFDictionaryGetValueIfPresent")->table, key);

	if (e == NULL)
		return false;
	if (value)
		*value = e->value;
	return true;
}

void CFDictionaryGetKeysAndValues(CFDictionaryRef theDict, const void **keys, const void **values)
{
	const struct __CFDictionary *d = dictionary(theDict, "CFDictionaryGetKeysAndValues");
	struct cf_hash_entry *e;
	size_t i = 0;

	cf_hash_table_for_each(&d->table, e) {
		if (keys)
			keys[i] = e->key;
		if (values)
			values[i] = e->value;
		i++;
	}
}

void CFDictionaryApplyFunction(CFDictionaryRef theDict, CFDictionaryApplierFunction applier,
			       void *context)
{
	const struct __CFDictionary *d = dictionary(theDict, "CFDictionaryApplyFunction");
	size_t i;

	/* By index: the applier may not mutate, but be robust if it reads. */
	for (i = 0; i < d->table.used; i++)
		if (d->table.entries[i].live)
			applier(d->table.entries[i].key, d->table.entries[i].value, context);
}

void CFDictionaryAddValue(CFMutableDictionaryRef theDict, const void *key, const void *value)
{
	put(mutable_dictionary(theDict, "CFDictionaryAddValue"), key, value, PUT_ADD,
	    "CFDictionaryAddValue");
}

void CFDictionarySetValue(CFMutableDictionaryRef theDict, const void *key, const void *value)
{
	put(mutable_dictionary(theDict, "CFDictionarySetValue"), key, value, PUT_SET,
	    "CFDictionarySetValue");
}

void CFDictionaryReplaceValue(CFMutableDictionaryRef theDict, const void *key, const void *value)
{
	put(mutable_dictionary(theDict, "CFDictionaryReplaceValue"), key, value, PUT_REPLACE,
	    "CFDictionaryReplaceValue");
}

void CFDictionaryRemoveValue(CFMutableDictionaryRef theDict, const void *key)
{
	struct __CFDictionary *d = mutable_dictionary(theDict, "CFDictionaryRemoveValue");
	struct cf_hash_entry *e = cf_hash_table_find(&d->table, key);
	struct cf_hash_entry gone;

	if (e == NULL)
		return;
	/* Unlink first: releasing may free the very key we were given. */
	gone = *e;
	cf_hash_table_remove(&d->table, e);
	release_entry(d, &gone);
}

void CFDictionaryRemoveAllValues(CFMutableDictionaryRef theDict)
{
	struct __CFDictionary *d = mutable_dictionary(theDict, "CFDictionaryRemoveAllValues");
	struct cf_hash_table old = d->table;
	struct cf_hash_entry *e;

	cf_hash_table_init(&d->table, d->key_cb.equal, d->key_cb.hash);
	cf_hash_table_for_each(&old, e)
		release_entry(d, e);
	cf_hash_table_free(&old);
}
