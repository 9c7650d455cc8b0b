/* CFData: immutable and mutable byte buffers. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cf_internal.h"

struct __CFData {
	CFRuntimeBase base;
	UInt8 *bytes;
	CFIndex length;
	CFIndex capacity;	/* mutable: 0 = unlimited */
	size_t allocated;
	bool owns_bytes;
};

static void data_finalize(CFTypeRef cf)
{
	struct __CFData *d = (struct __CFData *)cf;

	if (d->owns_bytes)
		free(d->bytes);
}

static Boolean data_equal(CFTypeRef a, CFTypeRef b)
{
	const struct __CFData *x = a, *y = b;

	return x->length == y->length &&
	       (x->length == 0 || memcmp(x->bytes, y->bytes, (size_t)x->length) == 0);
}

static CFHashCode data_hash(CFTypeRef cf)
{
	const struct __CFData *d = cf;
	uint64_t h = 0xcbf29ce484222325ULL;
	CFIndex i;

	for (i = 0; i < d->length; i++)
		h = (h ^ d->bytes[i]) * 0x100000001b3ULL;
	return (CFHashCode)h;
}

static void append_hex(struct cf_buf *b, const UInt8 *p, CFIndex n)
{
	CFIndex i;

	for (i = 0; i < n; i++)
		cf_buf_printf(b, "%02x", p[i]);
}

static CFStringRef data_copy_debug_desc(CFTypeRef cf)
{
	const struct __CFData *d = cf;
	struct cf_buf b = { 0 };

	cf_buf_append_prefix(&b, cf, "CFData");
	cf_buf_printf(&b, "{length = %ld, capacity = %ld, bytes = 0x", d->length,
		      d->capacity ? d->capacity : (CFIndex)d->allocated);
	/* Long data shows its first 16 and last 8 bytes, as CF does. */
	if (d->length <= 24) {
		append_hex(&b, d->bytes, d->length);
	} else {
		append_hex(&b, d->bytes, 16);
		cf_buf_puts(&b, " ... ");
		append_hex(&b, d->bytes + d->length - 8, 8);
	}
	cf_buf_puts(&b, "}");
	return cf_buf_to_string(&b);
}

const struct cf_class cf_data_class = {
	.name = "CFData",
	.finalize = data_finalize,
	.equal = data_equal,
	.hash = data_hash,
	.copy_debug_desc = data_copy_debug_desc,
};

CFTypeID CFDataGetTypeID(void)
{
	return CF_TYPE_DATA;
}

static void reserve(struct __CFData *d, CFIndex length, const char *func)
{
	size_t need, cap;
	UInt8 *p;

	if (length < 0)
		cf_fatal("%s(): negative length %ld", func, length);
	if (d->capacity > 0 && length > d->capacity)
		cf_fatal("%s(): length %ld exceeds the capacity %ld", func, length, d->capacity);
	need = (size_t)length;
	if (need <= d->allocated && d->owns_bytes)
		return;
	cap = d->allocated * 2 > need ? d->allocated * 2 : need;
	if (cap < 16)
		cap = 16;
	p = malloc(cap);
	if (p == NULL)
		cf_fatal("%s(): out of memory (%zu bytes)", func, cap);
	if (d->length)
		memcpy(p, d->bytes, (size_t)d->length);
	if (d->owns_bytes)
		free(d->bytes);
	d->bytes = p;
	d->allocated = cap;
	d->owns_bytes = true;
}

static struct __CFData *data_new(const UInt8 *bytes, CFIndex length, bool mutable_data,
				 CFIndex capacity, const char *func)
{
	struct __CFData *d;

	if (length < 0 || (bytes == NULL && length > 0))
		cf_fatal("%s(): invalid bytes/length (%p, %ld)", func, (const void *)bytes, length);
	d = cf_object_alloc(CF_TYPE_DATA, sizeof(*d), mutable_data ? CF_INFO_MUTABLE : 0);
	d->capacity = capacity > 0 ? capacity : 0;
	reserve(d, length, func);
	if (length)
		memcpy(d->bytes, bytes, (size_t)length);
	d->length = length;
	return d;
}

CFDataRef CFDataCreate(CFAllocatorRef allocator, const UInt8 *bytes, CFIndex length)
{
	(void)allocator;
	return data_new(bytes, length, false, 0, "CFDataCreate");
}

CFDataRef CFDataCreateWithBytesNoCopy(CFAllocatorRef allocator, const UInt8 *bytes,
				      CFIndex length, CFAllocatorRef bytesDeallocator)
{
	struct __CFData *d;

	(void)allocator;
	if (length < 0 || (bytes == NULL && length > 0))
		cf_fatal("CFDataCreateWithBytesNoCopy(): invalid bytes/length");
	d = cf_object_alloc(CF_TYPE_DATA, sizeof(*d), 0);
	d->bytes = (UInt8 *)bytes;
	d->length = length;
	d->allocated = (size_t)length;
	d->owns_bytes = !cf_allocator_is_null(bytesDeallocator);
	return d;
}

static const struct __CFData *data(CFDataRef d, const char *func)
{
	cf_check(d, CF_TYPE_DATA, func);
	return d;
}

CFDataRef CFDataCreateCopy(CFAllocatorRef allocator, CFDataRef theData)
{
	const struct __CFData *d = data(theData, "CFDataCreateCopy");

	(void)allocator;
	if (!cf_is_mutable(d))
		return CFRetain(d);
	return data_new(d->bytes, d->length, false, 0, "CFDataCreateCopy");
}

CFMutableDataRef CFDataCreateMutable(CFAllocatorRef allocator, CFIndex capacity)
{
	(void)allocator;
	return data_new(NULL, 0, true, capacity, "CFDataCreateMutable");
}

CFMutableDataRef CFDataCreateMutableCopy(CFAllocatorRef allocator, CFIndex capacity,
					 CFDataRef theData)
{
	const struct __CFData *d = data(theData, "CFDataCreateMutableCopy");

	(void)allocator;
	if (capacity > 0 && d->length > capacity)
		cf_fatal("CFDataCreateMutableCopy(): data longer than capacity %ld", capacity);
	return data_new(d->bytes, d->length, true, capacity, "CFDataCreateMutableCopy");
}

CFIndex CFDataGetLength(CFDataRef theData)
{
	return data(theData, "CFDataGetLength")->length;
}

const UInt8 *CFDataGetBytePtr(CFDataRef theData)
{
	return data(theData, "CFDataGetBytePtr")->bytes;
}

UInt8 *CFDataGetMutableBytePtr(CFMutableDataRef theData)
{
	cf_check_mutable(theData, CF_TYPE_DATA, "CFDataGetMutableBytePtr");
	return theData->bytes;
}

/* Apple's release CoreFoundation checks this range only in debug builds
 * and copies whatever lies past the end; tools rely on that (a dmidecode
 * port reads 0x20 bytes of a 31-byte SMBIOS property).  Here a range that
 * starts inside the data (or at its end) but runs past it copies the bytes
 * there are and zeroes the rest, with one warning per process on stderr; a
 * negative range or one starting past the end is still fatal
 * (docs/compat.md). */
void CFDataGetBytes(CFDataRef theData, CFRange range, UInt8 *buffer)
{
	const struct __CFData *d = data(theData, "CFDataGetBytes");
	static bool warned;
	CFIndex have;

	if (range.location < 0 || range.length < 0 || range.location > d->length)
		cf_check_range(range, d->length, "CFDataGetBytes");	/* fatal */
	have = d->length - range.location;
	if (range.length <= have) {
		if (range.length)
			memcpy(buffer, d->bytes + range.location, (size_t)range.length);
		return;
	}
	if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
		fprintf(stderr, "CoreFoundation (libIOKit): CFDataGetBytes(): range {%ld, %ld} runs "
				"past the end of %ld bytes; the bytes past the end read as 0\n",
			(long)range.location, (long)range.length, (long)d->length);
	if (have)
		memcpy(buffer, d->bytes + range.location, (size_t)have);
	memset(buffer + have, 0, (size_t)(range.length - have));
}

CFRange CFDataFind(CFDataRef theData, CFDataRef dataToFind, CFRange searchRange,
		   CFDataSearchFlags compareOptions)
{
	const struct __CFData *d = data(theData, "CFDataFind");
	const struct __CFData *f = data(dataToFind, "CFDataFind");
	bool backwards = compareOptions & kCFDataSearchBackwards;
	bool anchored = compareOptions & kCFDataSearchAnchored;
	CFIndex first, last, pos;

	cf_check_range(searchRange, d->length, "CFDataFind");
	if (f->length == 0 || f->length > searchRange.length)
		return CFRangeMake(kCFNotFound, 0);
	first = searchRange.location;
	last = searchRange.location + searchRange.length - f->length;
	if (anchored) {
		if (backwards)
			first = last;
		else
			last = first;
	}
	for (pos = backwards ? last : first; pos >= first && pos <= last; pos += backwards ? -1 : 1)
		if (memcmp(d->bytes + pos, f->bytes, (size_t)f->length) == 0)
			return CFRangeMake(pos, f->length);
	return CFRangeMake(kCFNotFound, 0);
}

void CFDataSetLength(CFMutableDataRef theData, CFIndex length)
{
	cf_check_mutable(theData, CF_TYPE_DATA, "CFDataSetLength");
	reserve(theData, length, "CFDataSetLength");
	if (length > theData->length)
		memset(theData->bytes + theData->length, 0, (size_t)(length - theData->length));
	theData->length = length;
}

void CFDataIncreaseLength(CFMutableDataRef theData, CFIndex extraLength)
{
	cf_check_mutable(theData, CF_TYPE_DATA, "CFDataIncreaseLength");
	if (extraLength < 0 || extraLength > LONG_MAX / 2 - theData->length)
		cf_fatal("CFDataIncreaseLength(): invalid extra length %ld", extraLength);
	CFDataSetLength(theData, theData->length + extraLength);
}

void CFDataReplaceBytes(CFMutableDataRef theData, CFRange range, const UInt8 *newBytes,
			CFIndex newLength)
{
	CFIndex tail, new_total;

	cf_check_mutable(theData, CF_TYPE_DATA, "CFDataReplaceBytes");
	cf_check_range(range, theData->length, "CFDataReplaceBytes");
	if (newLength < 0 || (newBytes == NULL && newLength > 0) ||
	    newLength > LONG_MAX / 2 - theData->length)
		cf_fatal("CFDataReplaceBytes(): invalid new bytes");
	tail = theData->length - range.location - range.length;
	new_total = theData->length - range.length + newLength;
	/* newBytes may point into the data itself: copy it first. */
	if (newLength > 0 && newBytes >= theData->bytes &&
	    newBytes < theData->bytes + theData->length) {
		UInt8 *copy = malloc((size_t)newLength);

		if (copy == NULL)
			cf_fatal("out of memory");
		memcpy(copy, newBytes, (size_t)newLength);
		CFDataReplaceBytes(theData, range, copy, newLength);
		free(copy);
		return;
	}
	reserve(theData, new_total, "CFDataReplaceBytes");
	memmove(theData->bytes + range.location + newLength,
		theData->bytes + range.location + range.length, (size_t)tail);
	if (newLength)
		memcpy(theData->bytes + range.location, newBytes, (size_t)newLength);
	theData->length = new_total;
}

void CFDataAppendBytes(CFMutableDataRef theData, const UInt8 *bytes, CFIndex length)
{
	cf_check_mutable(theData, CF_TYPE_DATA, "CFDataAppendBytes");
	CFDataReplaceBytes(theData, CFRangeMake(theData->length, 0), bytes, length);
}

void CFDataDeleteBytes(CFMutableDataRef theData, CFRange range)
{
	CFDataReplaceBytes(theData, range, NULL, 0);
}
