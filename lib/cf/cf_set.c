/* CFSet: unordered collections of distinct values, hashed with the
 * callbacks, iterated in insertion order. */
#include <stdlib.h>

#include "cf_hash_table.h"
#include "cf_internal.h"

const CFSetCallBacks kCFTypeSetCallBacks = {
	0, cf_callback_retain, cf_callback_release, cf_callback_copy_description,
	cf_callback_equal, cf_callback_hash,
};

const CFSetCallBacks kCFCopyStringSetCallBacks = {
	0, cf_callback_copy_string, cf_callback_release, cf_callback_copy_description,
	cf_callback_equal, cf_callback_hash,
};

struct __CFSet {
	CFRuntimeBase base;
	struct cf_hash_table table;
	CFIndex capacity;	/* mutable: 0 = unlimited */
	CFSetCallBacks cb;
};

static void set_finalize(CFTypeRef cf)
{
	struct __CFSet *s = (struct __CFSet *)cf;
	struct cf_hash_entry *e;

	if (s->cb.release)
		cf_hash_table_for_each(&s->table, e)
			s->cb.release(NULL, e->key);
	cf_hash_table_free(&s->table);
}

static Boolean set_equal(CFTypeRef x, CFTypeRef y)
{
	const struct __CFSet *a = x, *b = y;
	struct cf_hash_entry *e;

	if (a->table.count != b->table.count)
		return false;
	cf_hash_table_for_each(&a->table, e)
		if (cf_hash_table_find(&b->table, e->key) == NULL)
			return false;
	return true;
}

static CFHashCode set_hash(CFTypeRef cf)
{
	return (CFHashCode)((const struct __CFSet *)cf)->table.count;
}

static CFStringRef set_copy_debug_desc(CFTypeRef cf)
{
	const struct __CFSet *s = cf;
	struct cf_buf b = { 0 };
	struct cf_hash_entry *e;
	long i = 0;

	cf_buf_append_prefix(&b, cf, "CFBasicHash");
	cf_buf_printf(&b, "{type = %s set, count = %zu,\nentries =>\n",
		      cf_is_mutable(cf) ? "mutable" : "immutable", s->table.count);
	cf_hash_table_for_each(&s->table, e) {
		cf_buf_printf(&b, "\t%ld : ", i++);
		cf_buf_append_callback_description(&b, e->key, s->cb.copyDescription);
		cf_buf_puts(&b, "\n");
	}
	cf_buf_puts(&b, "}");
	return cf_buf_to_string(&b);
}

const struct cf_class cf_set_class = {
	.name = "CFSet",
	.finalize = set_finalize,
	.equal = set_equal,
	.hash = set_hash,
	.copy_debug_desc = set_copy_debug_desc,
};

CFTypeID CFSetGetTypeID(void)
{
	return CF_TYPE_SET;
}

static struct __CFSet *set_new(bool mutable_set, CFIndex capacity, const CFSetCallBacks *cb)
{
	struct __CFSet *s = cf_object_alloc(CF_TYPE_SET, sizeof(*s),
					    mutable_set ? CF_INFO_MUTABLE : 0);

	if (cb)
		s->cb = *cb;
	s->capacity = capacity > 0 ? capacity : 0;
	cf_hash_table_init(&s->table, s->cb.equal, s->cb.hash);
	return s;
}

static const struct __CFSet *set(CFSetRef s, const char *func)
{
	cf_check(s, CF_TYPE_SET, func);
	return s;
}

static struct __CFSet *mutable_set(CFMutableSetRef s, const char *func)
{
	cf_check_mutable(s, CF_TYPE_SET, func);
	return s;
}

enum put_mode { PUT_ADD, PUT_SET, PUT_REPLACE };

static void put(struct __CFSet *s, const void *value, enum put_mode mode, const char *func)
{
	struct cf_hash_entry *e = cf_hash_table_find(&s->table, value);
	const void *old;

	if (e != NULL) {
		if (mode == PUT_ADD)
			return;
		old = e->key;
		e->key = s->cb.retain ? s->cb.retain(NULL, value) : value;
		if (s->cb.release)
			s->cb.release(NULL, old);
		return;
	}
	if (mode == PUT_REPLACE)
		return;
	if (s->capacity > 0 && (CFIndex)s->table.count >= s->capacity)
		cf_fatal("%s(): the set's capacity %ld is reached", func, s->capacity);
	cf_hash_table_add(&s->table, s->cb.retain ? s->cb.retain(NULL, value) : value, NULL);
}

CFSetRef CFSetCreate(CFAllocatorRef allocator, const void **values, CFIndex numValues,
		     const CFSetCallBacks *callBacks)
{
	struct __CFSet *s;
	CFIndex i;

	(void)allocator;
	if (numValues < 0 || (numValues > 0 && values == NULL))
		cf_fatal("CFSetCreate(): invalid values/count");
	s = set_new(false, 0, callBacks);
	for (i = 0; i < numValues; i++)
		put(s, values[i], PUT_ADD, "CFSetCreate");
	return s;
}

static struct __CFSet *copy(const struct __CFSet *src, bool mutable_set, CFIndex capacity,
			    const char *func)
{
	struct __CFSet *s;
	struct cf_hash_entry *e;

	if (capacity < 0 || (capacity > 0 && (CFIndex)src->table.count > capacity))
		cf_fatal("%s(): capacity %ld too small", func, capacity);
	s = set_new(mutable_set, capacity, &src->cb);
	cf_hash_table_for_each(&src->table, e)
		put(s, e->key, PUT_ADD, func);
	return s;
}

CFSetRef CFSetCreateCopy(CFAllocatorRef allocator, CFSetRef theSet)
{
	(void)allocator;
	return copy(set(theSet, "CFSetCreateCopy"), false, 0, "CFSetCreateCopy");
}

CFMutableSetRef CFSetCreateMutable(CFAllocatorRef allocator, CFIndex capacity,
				   const CFSetCallBacks *callBacks)
{
	(void)allocator;
	if (capacity < 0)
		cf_fatal("CFSetCreateMutable(): negative capacity %ld", capacity);
	return set_new(true, capacity, callBacks);
}

CFMutableSetRef CFSetCreateMutableCopy(CFAllocatorRef allocator, CFIndex capacity,
				       CFSetRef theSet)
{
	(void)allocator;
	return copy(set(theSet, "CFSetCreateMutableCopy"), true, capacity,
		    "CFSetCreateMutableCopy");
}

CFIndex CFSetGetCount(CFSetRef theSet)
{
	return (CFIndex)set(theSet, "CFSetGetCount")->table.count;
}

CFIndex CFSetGetCountOfValue(CFSetRef theSet, const void *value)
{
	return CFSetContainsValue(theSet, value) ? 1 : 0;
}

Boolean CFSetContainsValue(CFSetRef theSet, const void *value)
{
	return cf_hash_table_find(&set(theSet, "CFSetContainsValue")->table, value) != NULL;
}

const void *CFSetGetValue(CFSetRef theSet, const void *value)
{
	struct cf_hash_entry *e = cf_hash_table_find(&set(theSet, "CFSetGetValue")->table, value);

	return e ? e->key : NULL;
}

Boolean CFSetGetValueIfPresent(CFSetRef theSet, const void *candidate, const void **value)
{
	struct cf_hash_entry *e =
		cf_hash_table_find(&set(theSet, "CFSetGetValueIfPresent")->table, candidate);

	if (e == NULL)
		return false;
	if (value)
		*value = e->key;
	return true;
}

void CFSetGetValues(CFSetRef theSet, const void **values)
{
	const struct __CFSet *s = set(theSet, "CFSetGetValues");
	struct cf_hash_entry *e;
	size_t i = 0;

	cf_hash_table_for_each(&s->table, e)
		values[i++] = e->key;
}

void CFSetApplyFunction(CFSetRef theSet, CFSetApplierFunction applier, void *context)
{
	const struct __CFSet *s = set(theSet, "CFSetApplyFunction");
	size_t i;

	for (i = 0; i < s->table.used; i++)
		if (s->table.entries[i].live)
			applier(s->table.entries[i].key, context);
}

void CFSetAddValue(CFMutableSetRef theSet, const void *value)
{
	put(mutable_set(theSet, "CFSetAddValue"), value, PUT_ADD, "CFSetAddValue");
}

void CFSetReplaceValue(CFMutableSetRef theSet, const void *value)
{
	put(mutable_set(theSet, "CFSetReplaceValue"), value, PUT_REPLACE, "CFSetReplaceValue");
}

void CFSetSetValue(CFMutableSetRef theSet, const void *value)
{
	put(mutable_set(theSet, "CFSetSetValue"), value, PUT_SET, "CFSetSetValue");
}

void CFSetRemoveValue(CFMutableSetRef theSet, const void *value)
{
	struct __CFSet *s = mutable_set(theSet, "CFSetRemoveValue");
	struct cf_hash_entry *e = cf_hash_table_find(&s->table, value);
	const void *gone;

	if (e == NULL)
		return;
	gone = e->key;
	cf_hash_table_remove(&s->table, e);
	if (s->cb.release)
		s->cb.release(NULL, gone);
}

void CFSetRemoveAllValues(CFMutableSetRef theSet)
{
	struct __CFSet *s = mutable_set(theSet, "CFSetRemoveAllValues");
	struct cf_hash_table old = s->table;
	struct cf_hash_entry *e;

	cf_hash_table_init(&s->table, s->cb.equal, s->cb.hash);
	if (s->cb.release)
		cf_hash_table_for_each(&old, e)
			s->cb.release(NULL, e->key);
	cf_hash_table_free(&old);
}
