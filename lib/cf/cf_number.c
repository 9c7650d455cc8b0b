/* CFNumber: an integer (8, 16, 32 or 64 bits) or a float (32 or 64 bits),
 * kept in its canonical type with CF's conversion rules. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cf_internal.h"

struct __CFNumber {
	CFRuntimeBase base;
	CFNumberType type;	/* canonical: SInt8..SInt64, Float32, Float64 */
	union {
		int64_t i;
		double d;	/* Float32 values too (exactly representable) */
	} v;
};

/* The canonical type a CFNumberType is stored as; 0 if invalid. */
static CFNumberType canonical_type(CFNumberType t)
{
	switch (t) {
	case kCFNumberSInt8Type:
	case kCFNumberCharType:
		return kCFNumberSInt8Type;
	case kCFNumberSInt16Type:
	case kCFNumberShortType:
		return kCFNumberSInt16Type;
	case kCFNumberSInt32Type:
	case kCFNumberIntType:
		return kCFNumberSInt32Type;
	case kCFNumberSInt64Type:
	case kCFNumberLongLongType:
	case kCFNumberCFIndexType:
	case kCFNumberNSIntegerType:
		return kCFNumberSInt64Type;
	case kCFNumberLongType:
		return sizeof(long) == 8 ? kCFNumberSInt64Type : kCFNumberSInt32Type;
	case kCFNumberFloat32Type:
	case kCFNumberFloatType:
		return kCFNumberFloat32Type;
	case kCFNumberFloat64Type:
	case kCFNumberDoubleType:
	case kCFNumberCGFloatType:
		return kCFNumberFloat64Type;
	default:
		return 0;
	}
}

static bool is_float_type(CFNumberType canonical)
{
	return canonical == kCFNumberFloat32Type || canonical == kCFNumberFloat64Type;
}

static CFIndex canonical_size(CFNumberType canonical)
{
	switch (canonical) {
	case kCFNumberSInt8Type:
		return 1;
	case kCFNumberSInt16Type:
		return 2;
	case kCFNumberSInt32Type:
	case kCFNumberFloat32Type:
		return 4;
	default:
		return 8;
	}
}

static const char *type_name(CFNumberType canonical)
{
	switch (canonical) {
	case kCFNumberSInt8Type:
		return "kCFNumberSInt8Type";
	case kCFNumberSInt16Type:
		return "kCFNumberSInt16Type";
	case kCFNumberSInt32Type:
		return "kCFNumberSInt32Type";
	case kCFNumberSInt64Type:
		return "kCFNumberSInt64Type";
	case kCFNumberFloat32Type:
		return "kCFNumberFloat32Type";
	default:
		return "kCFNumberFloat64Type";
	}
}

#define STATIC_DOUBLE(var, value) \
	static const struct __CFNumber var = { \
		{ CF_TYPE_NUMBER | CF_INFO_STATIC, 0 }, kCFNumberFloat64Type, { .d = (value) } }

STATIC_DOUBLE(positive_infinity, HUGE_VAL);
STATIC_DOUBLE(negative_infinity, -HUGE_VAL);
STATIC_DOUBLE(not_a_number, NAN);

const CFNumberRef kCFNumberPositiveInfinity = &positive_infinity;
const CFNumberRef kCFNumberNegativeInfinity = &negative_infinity;
const CFNumberRef kCFNumberNaN = &not_a_number;

/* Total order used by CFNumberCompare and CFEqual: NaN equals NaN and sorts
 * below everything; integers and floats compare by exact value (long
 * double holds every int64_t). */
static CFComparisonResult compare(const struct __CFNumber *a, const struct __CFNumber *b)
{
	long double x, y;
	bool nan_a, nan_b;

	if (!is_float_type(a->type) && !is_float_type(b->type)) {
		if (a->v.i == b->v.i)
			return kCFCompareEqualTo;
		return a->v.i < b->v.i ? kCFCompareLessThan : kCFCompareGreaterThan;
	}
	nan_a = is_float_type(a->type) && isnan(a->v.d);
	nan_b = is_float_type(b->type) && isnan(b->v.d);
	if (nan_a || nan_b) {
		if (nan_a && nan_b)
			return kCFCompareEqualTo;
		return nan_a ? kCFCompareLessThan : kCFCompareGreaterThan;
	}
	x = is_float_type(a->type) ? (long double)a->v.d : (long double)a->v.i;
	y = is_float_type(b->type) ? (long double)b->v.d : (long double)b->v.i;
	if (x == y)
		return kCFCompareEqualTo;
	return x < y ? kCFCompareLessThan : kCFCompareGreaterThan;
}

static Boolean number_equal(CFTypeRef a, CFTypeRef b)
{
	return compare(a, b) == kCFCompareEqualTo;
}

static CFHashCode number_hash(CFTypeRef cf)
{
	const struct __CFNumber *n = cf;
	uint64_t bits;
	double d;

	if (!is_float_type(n->type))
		return cf_hash_mix((CFHashCode)n->v.i);
	d = n->v.d;
	/* Equal values must hash alike: integral floats hash as integers. */
	if (d == floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
		return cf_hash_mix((CFHashCode)(int64_t)d);
	if (isnan(d))
		return 0x7ff8000000000000ULL;
	memcpy(&bits, &d, sizeof(bits));
	return cf_hash_mix(bits);
}

/* The shortest %g text that reads back as the same double. */
static void append_double(struct cf_buf *b, double d, bool plus)
{
	char text[64];
	int precision;

	for (precision = 15; precision <= 17; precision++) {
		snprintf(text, sizeof(text), plus ? "%+.*g" : "%.*g", precision, d);
		if (isnan(d) || strtod(text, NULL) == d)
			break;
	}
	cf_buf_puts(b, text);
}

static CFStringRef number_copy_debug_desc(CFTypeRef cf)
{
	const struct __CFNumber *n = cf;
	struct cf_buf b = { 0 };

	cf_buf_append_prefix(&b, cf, "CFNumber");
	cf_buf_puts(&b, "{value = ");
	if (is_float_type(n->type))
		append_double(&b, n->v.d, true);
	else
		cf_buf_printf(&b, "%+lld", (long long)n->v.i);
	cf_buf_printf(&b, ", type = %s}", type_name(n->type));
	return cf_buf_to_string(&b);
}

static CFStringRef number_copy_format_desc(CFTypeRef cf)
{
	const struct __CFNumber *n = cf;
	struct cf_buf b = { 0 };

	if (is_float_type(n->type))
		append_double(&b, n->v.d, false);
	else
		cf_buf_printf(&b, "%lld", (long long)n->v.i);
	return cf_buf_to_string(&b);
}

const struct cf_class cf_number_class = {
	.name = "CFNumber",
	.equal = number_equal,
	.hash = number_hash,
	.copy_debug_desc = number_copy_debug_desc,
	.copy_format_desc = number_copy_format_desc,
};

CFTypeID CFNumberGetTypeID(void)
{
	return CF_TYPE_NUMBER;
}

CFNumberRef CFNumberCreate(CFAllocatorRef allocator, CFNumberType theType, const void *valuePtr)
{
	CFNumberType canonical = canonical_type(theType);
	struct __CFNumber *n;

	(void)allocator;
	if (canonical == 0 || valuePtr == NULL)
		return NULL;
	n = cf_object_alloc(CF_TYPE_NUMBER, sizeof(*n), 0);
	n->type = canonical;
	switch (theType) {
	case kCFNumberSInt8Type:
		n->v.i = *(const int8_t *)valuePtr;
		break;
	case kCFNumberCharType:
		n->v.i = *(const signed char *)valuePtr;
		break;
	case kCFNumberSInt16Type:
		n->v.i = *(const int16_t *)valuePtr;
		break;
	case kCFNumberShortType:
		n->v.i = *(const short *)valuePtr;
		break;
	case kCFNumberSInt32Type:
		n->v.i = *(const int32_t *)valuePtr;
		break;
	case kCFNumberIntType:
		n->v.i = *(const int *)valuePtr;
		break;
	case kCFNumberSInt64Type:
		n->v.i = *(const int64_t *)valuePtr;
		break;
	case kCFNumberLongType:
	case kCFNumberNSIntegerType:
		n->v.i = *(const long *)valuePtr;
		break;
	case kCFNumberLongLongType:
		n->v.i = *(const long long *)valuePtr;
		break;
	case kCFNumberCFIndexType:
		n->v.i = *(const CFIndex *)valuePtr;
		break;
	case kCFNumberFloat32Type:
	case kCFNumberFloatType:
		n->v.d = *(const float *)valuePtr;
		break;
	default:
		n->v.d = *(const double *)valuePtr;
		break;
	}
	return n;
}

static const struct __CFNumber *number(CFNumberRef number, const char *func)
{
	cf_check(number, CF_TYPE_NUMBER, func);
	return number;
}

CFNumberType CFNumberGetType(CFNumberRef n)
{
	return number(n, "CFNumberGetType")->type;
}

CFIndex CFNumberGetByteSize(CFNumberRef n)
{
	return canonical_size(number(n, "CFNumberGetByteSize")->type);
}

Boolean CFNumberIsFloatType(CFNumberRef n)
{
	return is_float_type(number(n, "CFNumberIsFloatType")->type);
}

/* An integer of `bits` bits from any number; *exact tells whether nothing
 * was lost.  Out-of-range values are truncated like a C cast for integer
 * sources (CF's approximate value) and saturated for floats. */
static int64_t to_int(const struct __CFNumber *n, unsigned bits, bool *exact)
{
	int64_t min = bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1));
	int64_t max = bits == 64 ? INT64_MAX : ((int64_t)1 << (bits - 1)) - 1;

	if (!is_float_type(n->type)) {
		*exact = n->v.i >= min && n->v.i <= max;
		return n->v.i;
	}
	if (isnan(n->v.d)) {
		*exact = false;
		return 0;
	}
	if (n->v.d < (double)min) {
		*exact = false;
		return min;
	}
	if (n->v.d >= -(double)min) {	/* 2^(bits-1): one past max */
		*exact = false;
		return max;
	}
	*exact = n->v.d == trunc(n->v.d);
	return (int64_t)n->v.d;
}

static double to_double(const struct __CFNumber *n, bool *exact)
{
	double d;

	if (is_float_type(n->type)) {
		*exact = true;
		return n->v.d;
	}
	d = (double)n->v.i;
	*exact = (long double)d == (long double)n->v.i;
	return d;
}

static float to_float(const struct __CFNumber *n, bool *exact)
{
	bool exact_double;
	double d = to_double(n, &exact_double);
	float f = (float)d;

	if (is_float_type(n->type))
		*exact = isnan(d) || (double)f == d;
	else
		*exact = (long double)f == (long double)n->v.i;
	return f;
}

Boolean CFNumberGetValue(CFNumberRef num, CFNumberType theType, void *valuePtr)
{
	const struct __CFNumber *n = number(num, "CFNumberGetValue");
	bool exact = false;
	int64_t i;

	if (canonical_type(theType) == 0 || valuePtr == NULL)
		return false;
	switch (theType) {
	case kCFNumberSInt8Type:
		i = to_int(n, 8, &exact);
		*(int8_t *)valuePtr = (int8_t)i;
		break;
	case kCFNumberCharType:
		i = to_int(n, 8, &exact);
		*(signed char *)valuePtr = (signed char)i;
		break;
	case kCFNumberSInt16Type:
		i = to_int(n, 16, &exact);
		*(int16_t *)valuePtr = (int16_t)i;
		break;
	case kCFNumberShortType:
		i = to_int(n, 16, &exact);
		*(short *)valuePtr = (short)i;
		break;
	case kCFNumberSInt32Type:
		i = to_int(n, 32, &exact);
		*(int32_t *)valuePtr = (int32_t)i;
		break;
	case kCFNumberIntType:
		i = to_int(n, 32, &exact);
		*(int *)valuePtr = (int)i;
		break;
	case kCFNumberSInt64Type:
		*(int64_t *)valuePtr = to_int(n, 64, &exact);
		break;
	case kCFNumberLongType:
	case kCFNumberNSIntegerType:
		i = to_int(n, sizeof(long) * 8, &exact);
		*(long *)valuePtr = (long)i;
		break;
	case kCFNumberLongLongType:
		*(long long *)valuePtr = to_int(n, 64, &exact);
		break;
	case kCFNumberCFIndexType:
		i = to_int(n, sizeof(CFIndex) * 8, &exact);
		*(CFIndex *)valuePtr = (CFIndex)i;
		break;
	case kCFNumberFloat32Type:
	case kCFNumberFloatType:
		*(float *)valuePtr = to_float(n, &exact);
		break;
	default:
		*(double *)valuePtr = to_double(n, &exact);
		break;
	}
	return exact;
}

CFComparisonResult CFNumberCompare(CFNumberRef a, CFNumberRef b, void *context)
{
	(void)context;
	return compare(number(a, "CFNumberCompare"), number(b, "CFNumberCompare"));
}
