/* CFArray: ordered collections of pointers, with the caller's callbacks
 * (kCFTypeArrayCallBacks retains CF objects; NULL callbacks store raw
 * pointers). */
#include <stdlib.h>
#include <string.h>

#include "cf_internal.h"

const CFArrayCallBacks kCFTypeArrayCallBacks = {
	0, cf_callback_retain, cf_callback_release, cf_callback_copy_description,
	cf_callback_equal,
};

struct __CFArray {
	CFRuntimeBase base;
	const void **values;
	CFIndex count;
	CFIndex allocated;
	CFIndex capacity;	/* mutable: 0 = unlimited */
	CFArrayCallBacks callbacks;
};

static void array_finalize(CFTypeRef cf)
{
	struct __CFArray *a = (struct __CFArray *)cf;
	CFIndex i;

	if (a->callbacks.release)
		for (i = 0; i < a->count; i++)
			a->callbacks.release(NULL, a->values[i]);
	free(a->values);
}

static bool values_equal(const CFArrayCallBacks *cb, const void *x, const void *y)
{
	if (x == y)
		return true;
	return cb->equal ? cb->equal(x, y) : false;
}

static Boolean array_equal(CFTypeRef x, CFTypeRef y)
{
	const struct __CFArray *a = x, *b = y;
	CFIndex i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++)
		if (!values_equal(&a->callbacks, a->values[i], b->values[i]))
			return false;
	return true;
}

static CFHashCode array_hash(CFTypeRef cf)
{
	return (CFHashCode)((const struct __CFArray *)cf)->count;
}

static CFStringRef array_copy_debug_desc(CFTypeRef cf)
{
	const struct __CFArray *a = cf;
	struct cf_buf b = { 0 };
	CFIndex i;

	cf_buf_append_prefix(&b, cf, "CFArray");
	cf_buf_printf(&b, "{type = %s, count = %ld, values = (\n",
		      cf_is_mutable(cf) ? "mutable-small" : "immutable", a->count);
	for (i = 0; i < a->count; i++) {
		cf_buf_printf(&b, "\t%ld : ", i);
		cf_buf_append_callback_description(&b, a->values[i], a->callbacks.copyDescription);
		cf_buf_puts(&b, "\n");
	}
	cf_buf_puts(&b, ")}");
	return cf_buf_to_string(&b);
}

const struct cf_class cf_array_class = {
	.name = "CFArray",
	.finalize = array_finalize,
	.equal = array_equal,
	.hash = array_hash,
	.copy_debug_desc = array_copy_debug_desc,
};

CFTypeID CFArrayGetTypeID(void)
{
	return CF_TYPE_ARRAY;
}

static void reserve(struct __CFArray *a, CFIndex count, const char *func)
{
	CFIndex cap;
	const void **p;

	if (a->capacity > 0 && count > a->capacity)
		cf_fatal("%s(): count %ld exceeds the array's capacity %ld", func, count,
			 a->capacity);
	if (count <= a->allocated)
		return;
	if (count > (CFIndex)(SIZE_MAX / sizeof(void *) / 2))
		cf_fatal("%s(): array too large", func);
	cap = a->allocated * 2 > count ? a->allocated * 2 : count;
	if (cap < 4)
		cap = 4;
	p = realloc(a->values, (size_t)cap * sizeof(*p));
	if (p == NULL)
		cf_fatal("out of memory");
	a->values = p;
	a->allocated = cap;
}

static struct __CFArray *array_new(bool mutable_array, CFIndex capacity,
				   const CFArrayCallBacks *callbacks)
{
	struct __CFArray *a = cf_object_alloc(CF_TYPE_ARRAY, sizeof(*a),
					      mutable_array ? CF_INFO_MUTABLE : 0);

	a->capacity = capacity > 0 ? capacity : 0;
	if (callbacks)
		a->callbacks = *callbacks;
	return a;
}

static void append_values(struct __CFArray *a, const void **values, CFIndex n, const char *func)
{
	CFIndex i;

	if (n < 0 || (values == NULL && n > 0))
		cf_fatal("%s(): invalid values/count", func);
	reserve(a, a->count + n, func);
	for (i = 0; i < n; i++)
		a->values[a->count++] = a->callbacks.retain ?
					a->callbacks.retain(NULL, values[i]) : values[i];
}

static const struct __CFArray *array(CFArrayRef a, const char *func)
{
	cf_check(a, CF_TYPE_ARRAY, func);
	return a;
}

static struct __CFArray *mutable_array(CFMutableArrayRef a, const char *func)
{
	cf_check_mutable(a, CF_TYPE_ARRAY, func);
	return a;
}

CFArrayRef CFArrayCreate(CFAllocatorRef allocator, const void **values, CFIndex numValues,
			 const CFArrayCallBacks *callBacks)
{
	struct __CFArray *a;

	(void)allocator;
	a = array_new(false, 0, callBacks);
	append_values(a, values, numValues, "CFArrayCreate");
	return a;
}

CFArrayRef CFArrayCreateCopy(CFAllocatorRef allocator, CFArrayRef theArray)
{
	const struct __CFArray *src = array(theArray, "CFArrayCreateCopy");
	struct __CFArray *a;

	(void)allocator;
	a = array_new(false, 0, &src->callbacks);
	append_values(a, src->values, src->count, "CFArrayCreateCopy");
	return a;
}

CFMutableArrayRef CFArrayCreateMutable(CFAllocatorRef allocator, CFIndex capacity,
				       const CFArrayCallBacks *callBacks)
{
	(void)allocator;
	if (capacity < 0)
		cf_fatal("CFArrayCreateMutable(): negative capacity %ld", capacity);
	return array_new(true, capacity, callBacks);
}

CFMutableArrayRef CFArrayCreateMutableCopy(CFAllocatorRef allocator, CFIndex capacity,
					   CFArrayRef theArray)
{
	const struct __CFArray *src = array(theArray, "CFArrayCreateMutableCopy");
	struct __CFArray *a;

	(void)allocator;
	if (capacity < 0 || (capacity > 0 && src->count > capacity))
		cf_fatal("CFArrayCreateMutableCopy(): capacity %ld too small", capacity);
	a = array_new(true, capacity, &src->callbacks);
	append_values(a, src->values, src->count, "CFArrayCreateMutableCopy");
	return a;
}

CFIndex CFArrayGetCount(CFArrayRef theArray)
{
	return array(theArray, "CFArrayGetCount")->count;
}

CFIndex CFArrayGetCountOfValue(CFArrayRef theArray, CFRange range, const void *value)
{
	const struct __CFArray *a = array(theArray, "CFArrayGetCountOfValue");
	CFIndex i, n = 0;

	cf_check_range(range, a->count, "CFArrayGetCountOfValue");
	for (i = range.location; i < range.location + range.length; i++)
		if (values_equal(&a->callbacks, value, a->values[i]))
			n++;
	return n;
}

CFIndex CFArrayGetFirstIndexOfValue(CFArrayRef theArray, CFRange range, const void *value)
{
	const struct __CFArray *a = array(theArray, "CFArrayGetFirstIndexOfValue");
	CFIndex i;

	cf_check_range(range, a->count, "CFArrayGetFirstIndexOfValue");
	for (i = range.location; i < range.location + range.length; i++)
		if (values_equal(&a->callbacks, value, a->values[i]))
			return i;
	return kCFNotFound;
}

CFIndex CFArrayGetLastIndexOfValue(CFArrayRef theArray, CFRange range, const void *value)
{
	const struct __CFArray *a = array(theArray, "CFArrayGetLastIndexOfValue");
	CFIndex i;

	cf_check_range(range, a->count, "CFArrayGetLastIndexOfValue");
	for (i = range.location + range.length - 1; i >= range.location; i--)
		if (values_equal(&a->callbacks, value, a->values[i]))
			return i;
	return kCFNotFound;
}

Boolean CFArrayContainsValue(CFArrayRef theArray, CFRange range, const void *value)
{
	return CFArrayGetFirstIndexOfValue(theArray, range, value) != kCFNotFound;
}

const void *CFArrayGetValueAtIndex(CFArrayRef theArray, CFIndex idx)
{
	const struct __CFArray *a = array(theArray, "CFArrayGetValueAtIndex");

	if (idx < 0 || idx >= a->count)
		cf_fatal("CFArrayGetValueAtIndex(): index %ld out of bounds (count %ld)", idx,
			 a->count);
	return a->values[idx];
}

void CFArrayGetValues(CFArrayRef theArray, CFRange range, const void **values)
{
	const struct __CFArray *a = array(theArray, "CFArrayGetValues");

	cf_check_range(range, a->count, "CFArrayGetValues");
	if (range.length)
		memcpy(values, a->values + range.location, (size_t)range.length * sizeof(void *));
}

void CFArrayApplyFunction(CFArrayRef theArray, CFRange range, CFArrayApplierFunction applier,
			  void *context)
{
	const struct __CFArray *a = array(theArray, "CFArrayApplyFunction");
	CFIndex i;

	cf_check_range(range, a->count, "CFArrayApplyFunction");
	for (i = range.location; i < range.location + range.length; i++)
		applier(a->values[i], context);
}

CFIndex CFArrayBSearchValues(CFArrayRef theArray, CFRange range, const void *value,
			     CFComparatorFunction comparator, void *context)
{
	const struct __CFArray *a = array(theArray, "CFArrayBSearchValues");
	CFIndex lo, hi;

	cf_check_range(range, a->count, "CFArrayBSearchValues");
	/* CF's contract: the index where value is or would be inserted. */
	lo = range.location;
	hi = range.location + range.length;
	while (lo < hi) {
		CFIndex mid = lo + (hi - lo) / 2;

		if (comparator(a->values[mid], value, context) == kCFCompareLessThan)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void CFArrayReplaceValues(CFMutableArrayRef theArray, CFRange range, const void **newValues,
			  CFIndex newCount)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayReplaceValues");
	const void **added;
	CFIndex i;

	cf_check_range(range, a->count, "CFArrayReplaceValues");
	if (newCount < 0 || (newValues == NULL && newCount > 0))
		cf_fatal("CFArrayReplaceValues(): invalid new values");
	/* Retain the new values before releasing the old (they may overlap). */
	added = malloc(((size_t)newCount + 1) * sizeof(void *));
	if (added == NULL)
		cf_fatal("out of memory");
	for (i = 0; i < newCount; i++)
		added[i] = a->callbacks.retain ? a->callbacks.retain(NULL, newValues[i]) :
						 newValues[i];
	if (a->callbacks.release)
		for (i = range.location; i < range.location + range.length; i++)
			a->callbacks.release(NULL, a->values[i]);
	reserve(a, a->count - range.length + newCount, "CFArrayReplaceValues");
	if (a->count > range.location + range.length)	/* values is NULL while empty */
		memmove(a->values + range.location + newCount,
			a->values + range.location + range.length,
			(size_t)(a->count - range.location - range.length) * sizeof(void *));
	if (newCount)
		memcpy(a->values + range.location, added, (size_t)newCount * sizeof(void *));
	a->count += newCount - range.length;
	free(added);
}

void CFArrayAppendValue(CFMutableArrayRef theArray, const void *value)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayAppendValue");

	CFArrayReplaceValues(a, CFRangeMake(a->count, 0), &value, 1);
}

void CFArrayInsertValueAtIndex(CFMutableArrayRef theArray, CFIndex idx, const void *value)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayInsertValueAtIndex");

	if (idx < 0 || idx > a->count)
		cf_fatal("CFArrayInsertValueAtIndex(): index %ld out of bounds (count %ld)", idx,
			 a->count);
	CFArrayReplaceValues(a, CFRangeMake(idx, 0), &value, 1);
}

void CFArraySetValueAtIndex(CFMutableArrayRef theArray, CFIndex idx, const void *value)
{
	struct __CFArray *a = mutable_array(theArray, "CFArraySetValueAtIndex");

	/* As in CF, idx == count appends. */
	if (idx < 0 || idx > a->count)
		cf_fatal("CFArraySetValueAtIndex(): index %ld out of bounds (count %ld)", idx,
			 a->count);
	CFArrayReplaceValues(a, CFRangeMake(idx, idx < a->count ? 1 : 0), &value, 1);
}

void CFArrayRemoveValueAtIndex(CFMutableArrayRef theArray, CFIndex idx)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayRemoveValueAtIndex");

	if (idx < 0 || idx >= a->count)
		cf_fatal("CFArrayRemoveValueAtIndex(): index %ld out of bounds (count %ld)", idx,
			 a->count);
	CFArrayReplaceValues(a, CFRangeMake(idx, 1), NULL, 0);
}

void CFArrayRemoveAllValues(CFMutableArrayRef theArray)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayRemoveAllValues");

	CFArrayReplaceValues(a, CFRangeMake(0, a->count), NULL, 0);
}

void CFArrayExchangeValuesAtIndices(CFMutableArrayRef theArray, CFIndex idx1, CFIndex idx2)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayExchangeValuesAtIndices");
	const void *tmp;

	if (idx1 < 0 || idx1 >= a->count || idx2 < 0 || idx2 >= a->count)
		cf_fatal("CFArrayExchangeValuesAtIndices(): index out of bounds");
	tmp = a->values[idx1];
	a->values[idx1] = a->values[idx2];
	a->values[idx2] = tmp;
}

/* A stable merge sort, so equal values keep their order (CF's sort is
 * stable too). */
static void merge_sort(const void **v, const void **tmp, CFIndex n, CFComparatorFunction cmp,
		       void *context)
{
	CFIndex mid = n / 2, i = 0, j = mid, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, mid, cmp, context);
	merge_sort(v + mid, tmp, n - mid, cmp, context);
	while (i < mid && j < n)
		tmp[k++] = cmp(v[j], v[i], context) == kCFCompareLessThan ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, (size_t)n * sizeof(*v));
}

void CFArraySortValues(CFMutableArrayRef theArray, CFRange range, CFComparatorFunction comparator,
		       void *context)
{
	struct __CFArray *a = mutable_array(theArray, "CFArraySortValues");
	const void **tmp;

	cf_check_range(range, a->count, "CFArraySortValues");
	if (range.length < 2)
		return;
	tmp = malloc((size_t)range.length * sizeof(void *));
	if (tmp == NULL)
		cf_fatal("out of memory");
	merge_sort(a->values + range.location, tmp, range.length, comparator, context);
	free(tmp);
}

void CFArrayAppendArray(CFMutableArrayRef theArray, CFArrayRef otherArray, CFRange otherRange)
{
	struct __CFArray *a = mutable_array(theArray, "CFArrayAppendArray");
	const struct __CFArray *o = array(otherArray, "CFArrayAppendArray");
	const void **copy;

	cf_check_range(otherRange, o->count, "CFArrayAppendArray");
	/* otherArray may be theArray itself. */
	copy = malloc(((size_t)otherRange.length + 1) * sizeof(void *));
	if (copy == NULL)
		cf_fatal("out of memory");
	if (otherRange.length)
		memcpy(copy, o->values + otherRange.location,
		       (size_t)otherRange.length * sizeof(void *));
	CFArrayReplaceValues(a, CFRangeMake(a->count, 0), copy, otherRange.length);
	free(copy);
}
