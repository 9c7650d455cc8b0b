/* CFUUID (CoreFoundation/CFUUID.h).  UUIDs are uniqued in a process-wide
 * table under one mutex: equal bytes give the same object.  Uniqued UUIDs
 * are never freed (CF keeps them too; constant UUIDs must outlive every
 * reference), so retain and release on them are harmless. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "cf_internal.h"
#include "hex_digit.h"

struct __CFUUID {
	CFRuntimeBase base;
	CFUUIDBytes bytes;
	struct __CFUUID *next;
};

static pthread_mutex_t uuid_lock = PTHREAD_MUTEX_INITIALIZER;
static struct __CFUUID *uuids;		/* every UUID made, uniqued */

static CFStringRef uuid_copy_format(CFTypeRef cf)
{
	return CFUUIDCreateString(NULL, (CFUUIDRef)cf);
}

static CFStringRef uuid_copy_desc(CFTypeRef cf)
{
	struct cf_buf b = { 0 };
	CFStringRef s = CFUUIDCreateString(NULL, (CFUUIDRef)cf);

	cf_buf_append_prefix(&b, cf, "CFUUID");
	cf_buf_puts(&b, " ");
	cf_buf_append_string(&b, s);
	CFRelease(s);
	return cf_buf_to_string(&b);
}

static const struct cf_class uuid_class = {
	.name = "CFUUID",
	.copy_debug_desc = uuid_copy_desc,
	.copy_format_desc = uuid_copy_format,
};

static pthread_once_t uuid_once = PTHREAD_ONCE_INIT;
static CFTypeID uuid_type;

static void uuid_init(void)
{
	uuid_type = cf_register_class(&uuid_class);
}

CFTypeID CFUUIDGetTypeID(void)
{
	pthread_once(&uuid_once, uuid_init);
	return uuid_type;
}

/* The uniqued UUID with these bytes; the table keeps one reference the
 * objects never lose, and the caller gets one more. */
static CFUUIDRef unique(const CFUUIDBytes *bytes, bool retained)
{
	struct __CFUUID *u;
	CFTypeID type = CFUUIDGetTypeID();

	pthread_mutex_lock(&uuid_lock);
	for (u = uuids; u; u = u->next)
		if (memcmp(&u->bytes, bytes, sizeof(*bytes)) == 0)
			break;
	if (!u) {
		u = cf_object_alloc(type, sizeof(*u), 0);
		if (!u)
			cf_fatal("CFUUID: out of memory");
		u->bytes = *bytes;
		u->next = uuids;
		uuids = u;
	}
	pthread_mutex_unlock(&uuid_lock);
	if (retained)
		CFRetain(u);
	return u;
}

CFUUIDRef CFUUIDCreateFromUUIDBytes(CFAllocatorRef alloc, CFUUIDBytes bytes)
{
	(void)alloc;
	return unique(&bytes, true);
}

CFUUIDRef CFUUIDCreateWithBytes(CFAllocatorRef alloc, UInt8 b0, UInt8 b1, UInt8 b2, UInt8 b3,
				UInt8 b4, UInt8 b5, UInt8 b6, UInt8 b7, UInt8 b8, UInt8 b9,
				UInt8 b10, UInt8 b11, UInt8 b12, UInt8 b13, UInt8 b14, UInt8 b15)
{
	CFUUIDBytes bytes = { b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15 };

	(void)alloc;
	return unique(&bytes, true);
}

CFUUIDRef CFUUIDGetConstantUUIDWithBytes(CFAllocatorRef alloc, UInt8 b0, UInt8 b1, UInt8 b2,
					 UInt8 b3, UInt8 b4, UInt8 b5, UInt8 b6, UInt8 b7,
					 UInt8 b8, UInt8 b9, UInt8 b10, UInt8 b11, UInt8 b12,
					 UInt8 b13, UInt8 b14, UInt8 b15)
{
	CFUUIDBytes bytes = { b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15 };

	(void)alloc;
	return unique(&bytes, false);
}

CFUUIDRef CFUUIDCreate(CFAllocatorRef alloc)
{
	CFUUIDBytes bytes;
	uint8_t *p = (uint8_t *)&bytes;

	(void)alloc;
	if (getrandom(p, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
		for (size_t i = 0; i < sizeof(bytes); i++)
			p[i] = (uint8_t)random();
	}
	p[6] = (uint8_t)((p[6] & 0x0f) | 0x40);	/* version 4 */
	p[8] = (uint8_t)((p[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	return unique(&bytes, true);
}

CFUUIDBytes CFUUIDGetUUIDBytes(CFUUIDRef uuid)
{
	cf_check(uuid, CFUUIDGetTypeID(), __func__);
	return uuid->bytes;
}

CFStringRef CFUUIDCreateString(CFAllocatorRef alloc, CFUUIDRef uuid)
{
	const uint8_t *p;
	char text[37];

	(void)alloc;
	cf_check(uuid, CFUUIDGetTypeID(), __func__);
	p = (const uint8_t *)&uuid->bytes;
	snprintf(text, sizeof(text),
		 "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X",
		 p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12],
		 p[13], p[14], p[15]);
	return CFStringCreateWithCString(NULL, text, kCFStringEncodingASCII);
}

CFUUIDRef CFUUIDCreateFromString(CFAllocatorRef alloc, CFStringRef uuidStr)
{
	CFUUIDBytes bytes;
	uint8_t *p = (uint8_t *)&bytes;
	size_t len, n = 0;
	const char *s;

	(void)alloc;
	if (!uuidStr)
		return NULL;
	cf_check(uuidStr, CFStringGetTypeID(), __func__);
	s = cf_string_utf8(uuidStr, &len);
	/* 8-4-4-4-12 hex digits, dashes exactly there. */
	if (len != 36)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return NULL;
			continue;
		}
		hi = reg_hex_digit(s[i]);
		lo = i + 1 < len ? reg_hex_digit(s[i + 1]) : -1;
		if (hi < 0 || lo < 0)
			return NULL;
		p[n++] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return n == 16 ? unique(&bytes, true) : NULL;
}
