/* CFDate and absolute time (CoreFoundation/CFDate.h).  A date is an
 * immutable double; no locking needed.  Debug descriptions print the UTC
 * date as CF does ("2001-01-01 00:00:00 +0000"). */
#include <pthread.h>
#include <time.h>

#include "cf_internal.h"

const CFTimeInterval kCFAbsoluteTimeIntervalSince1970 = 978307200.0;
const CFTimeInterval kCFAbsoluteTimeIntervalSince1904 = 3061152000.0;

struct __CFDate {
	CFRuntimeBase base;
	CFAbsoluteTime time;
};

CFAbsoluteTime CFAbsoluteTimeGetCurrent(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec - kCFAbsoluteTimeIntervalSince1970 + (double)ts.tv_nsec / 1e9;
}

static Boolean date_equal(CFTypeRef a, CFTypeRef b)
{
	return ((CFDateRef)a)->time == ((CFDateRef)b)->time;
}

static CFHashCode date_hash(CFTypeRef cf)
{
	double t = ((CFDateRef)cf)->time;

	return (CFHashCode)(long long)t;
}

/* The date as UTC text, "2001-01-01 00:00:00 +0000" (seconds floored, also
 * before 1970), into text. */
static void date_text(CFDateRef date, char text[64])
{
	double t = date->time + kCFAbsoluteTimeIntervalSince1970;
	time_t secs = (time_t)t;
	struct tm tm;

	if ((double)secs > t)
		secs--;		/* floor for dates before 1970 */
	gmtime_r(&secs, &tm);
	strftime(text, 64, "%Y-%m-%d %H:%M:%S +0000", &tm);
}

static CFStringRef date_copy_desc(CFTypeRef cf)
{
	struct cf_buf b = { 0 };
	char text[64];

	date_text((CFDateRef)cf, text);
	cf_buf_append_prefix(&b, cf, "CFDate");
	cf_buf_printf(&b, "{time = %s}", text);
	return cf_buf_to_string(&b);
}

static CFStringRef date_copy_format(CFTypeRef cf)
{
	struct cf_buf b = { 0 };
	char text[64];

	date_text((CFDateRef)cf, text);
	cf_buf_puts(&b, text);
	return cf_buf_to_string(&b);
}

static const struct cf_class date_class = {
	.name = "CFDate",
	.equal = date_equal,
	.hash = date_hash,
	.copy_debug_desc = date_copy_desc,
	.copy_format_desc = date_copy_format,
};

static pthread_once_t date_once = PTHREAD_ONCE_INIT;
static CFTypeID date_type;

static void date_init(void)
{
	date_type = cf_register_class(&date_class);
}

CFTypeID CFDateGetTypeID(void)
{
	pthread_once(&date_once, date_init);
	return date_type;
}

CFDateRef CFDateCreate(CFAllocatorRef allocator, CFAbsoluteTime at)
{
	struct __CFDate *d;

	(void)allocator;
	d = cf_object_alloc(CFDateGetTypeID(), sizeof(*d), 0);
	if (d)
		d->time = at;
	return d;
}

CFAbsoluteTime CFDateGetAbsoluteTime(CFDateRef theDate)
{
	cf_check(theDate, CFDateGetTypeID(), __func__);
	return theDate->time;
}

CFTimeInterval CFDateGetTimeIntervalSinceDate(CFDateRef theDate, CFDateRef otherDate)
{
	cf_check(theDate, CFDateGetTypeID(), __func__);
	cf_check(otherDate, CFDateGetTypeID(), __func__);
	return theDate->time - otherDate->time;
}

CFComparisonResult CFDateCompare(CFDateRef theDate, CFDateRef otherDate, void *context)
{
	(void)context;
	cf_check(theDate, CFDateGetTypeID(), __func__);
	cf_check(otherDate, CFDateGetTypeID(), __func__);
	if (theDate->time < otherDate->time)
		return kCFCompareLessThan;
	return theDate->time > otherDate->time ? kCFCompareGreaterThan : kCFCompareEqualTo;
}
