/* File URLs and file write streams (CoreFoundation/CFURL.h, CFStream.h):
 * a URL is its absolute path (plus the "file://" text); a write stream is
 * a FILE opened at CFWriteStreamOpen.  URLs are immutable; a stream
 * belongs to one thread at a time, as in CF. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CoreFoundation/CFStream.h>
#include <CoreFoundation/CFURL.h>

#include "cf_internal.h"

struct __CFURL {
	CFRuntimeBase base;
	char *path;		/* absolute */
	bool directory;
	CFStringRef string;	/* file:// form */
};

struct __CFWriteStream {
	CFRuntimeBase base;
	char *path;
	FILE *file;
	CFStreamStatus status;
};

static void url_finalize(CFTypeRef cf)
{
	struct __CFURL *u = (struct __CFURL *)cf;

	free(u->path);
	if (u->string)
		CFRelease(u->string);
}

static Boolean url_equal(CFTypeRef a, CFTypeRef b)
{
	return strcmp(((CFURLRef)a)->path, ((CFURLRef)b)->path) == 0;
}

static CFStringRef url_copy_format(CFTypeRef cf)
{
	return CFStringCreateCopy(NULL, ((CFURLRef)cf)->string);
}

static void stream_finalize(CFTypeRef cf)
{
	struct __CFWriteStream *s = (struct __CFWriteStream *)cf;

	if (s->file)
		fclose(s->file);
	free(s->path);
}

static const struct cf_class url_class = {
	.name = "CFURL", .finalize = url_finalize, .equal = url_equal,
	.copy_format_desc = url_copy_format,
};
static const struct cf_class stream_class = { .name = "CFWriteStream", .finalize = stream_finalize };
static pthread_once_t once = PTHREAD_ONCE_INIT;
static CFTypeID url_type, stream_type;

static void init_types(void)
{
	url_type = cf_register_class(&url_class);
	stream_type = cf_register_class(&stream_class);
}

CFTypeID CFURLGetTypeID(void)
{
	pthread_once(&once, init_types);
	return url_type;
}

CFTypeID CFWriteStreamGetTypeID(void)
{
	pthread_once(&once, init_types);
	return stream_type;
}

static CFURLRef url_from_path(const char *p, size_t len, bool directory)
{
	struct __CFURL *u;
	char cwd[PATH_MAX];
	char *abs;
	size_t n;

	if (len && p[0] == '/') {
		abs = strndup(p, len);
	} else {
		if (!getcwd(cwd, sizeof(cwd)))
			return NULL;
		n = strlen(cwd) + 1 + len + 1;
		abs = malloc(n);
		if (abs)
			snprintf(abs, n, "%s/%.*s", cwd, (int)len, p);
	}
	if (!abs)
		return NULL;
	u = cf_object_alloc(CFURLGetTypeID(), sizeof(*u), 0);
	if (!u) {
		free(abs);
		return NULL;
	}
	u->path = abs;
	u->directory = directory;
	u->string = CFStringCreateWithFormat(NULL, NULL, CFSTR("file://%s%s"), abs,
					     directory && abs[strlen(abs) - 1] != '/' ? "/" : "");
	return u;
}

CFURLRef CFURLCreateWithFileSystemPath(CFAllocatorRef allocator, CFStringRef filePath,
				       CFURLPathStyle pathStyle, Boolean isDirectory)
{
	const char *p;
	size_t len;

	(void)allocator;
	if (!filePath || pathStyle != kCFURLPOSIXPathStyle)
		return NULL;
	cf_check(filePath, CFStringGetTypeID(), __func__);
	p = cf_string_utf8(filePath, &len);
	return url_from_path(p, len, isDirectory);
}

CFURLRef CFURLCreateFromFileSystemRepresentation(CFAllocatorRef allocator, const UInt8 *buffer,
						 CFIndex bufLen, Boolean isDirectory)
{
	(void)allocator;
	if (!buffer || bufLen < 0)
		return NULL;
	return url_from_path((const char *)buffer, strnlen((const char *)buffer, (size_t)bufLen),
			     isDirectory);
}

Boolean CFURLGetFileSystemRepresentation(CFURLRef url, Boolean resolveAgainstBase, UInt8 *buffer,
					 CFIndex maxBufLen)
{
	size_t len;

	(void)resolveAgainstBase;
	cf_check(url, CFURLGetTypeID(), __func__);
	len = strlen(url->path);
	if (!buffer || maxBufLen < 0 || len + 1 > (size_t)maxBufLen)
		return false;
	memcpy(buffer, url->path, len + 1);
	return true;
}

CFStringRef CFURLCopyFileSystemPath(CFURLRef anURL, CFURLPathStyle pathStyle)
{
	cf_check(anURL, CFURLGetTypeID(), __func__);
	if (pathStyle != kCFURLPOSIXPathStyle)
		return NULL;
	return CFStringCreateWithCString(NULL, anURL->path, kCFStringEncodingUTF8);
}

CFStringRef CFURLGetString(CFURLRef anURL)
{
	cf_check(anURL, CFURLGetTypeID(), __func__);
	return anURL->string;
}

Boolean CFURLHasDirectoryPath(CFURLRef anURL)
{
	cf_check(anURL, CFURLGetTypeID(), __func__);
	return anURL->directory;
}

CFWriteStreamRef CFWriteStreamCreateWithFile(CFAllocatorRef alloc, CFURLRef fileURL)
{
	struct __CFWriteStream *s;

	(void)alloc;
	if (!fileURL)
		return NULL;
	cf_check(fileURL, CFURLGetTypeID(), __func__);
	s = cf_object_alloc(CFWriteStreamGetTypeID(), sizeof(*s), 0);
	if (!s)
		return NULL;
	s->path = strdup(fileURL->path);
	if (!s->path) {
		CFRelease(s);
		return NULL;
	}
	s->status = kCFStreamStatusNotOpen;
	return s;
}

Boolean CFWriteStreamOpen(CFWriteStreamRef stream)
{
	cf_check(stream, CFWriteStreamGetTypeID(), __func__);
	if (stream->status != kCFStreamStatusNotOpen)
		return false;
	stream->file = fopen(stream->path, "we");
	stream->status = stream->file ? kCFStreamStatusOpen : kCFStreamStatusError;
	return stream->file != NULL;
}

CFIndex CFWriteStreamWrite(CFWriteStreamRef stream, const UInt8 *buffer, CFIndex bufferLength)
{
	cf_check(stream, CFWriteStreamGetTypeID(), __func__);
	if (stream->status != kCFStreamStatusOpen || !buffer || bufferLength < 0)
		return -1;
	if (bufferLength && fwrite(buffer, 1, (size_t)bufferLength, stream->file) !=
			    (size_t)bufferLength) {
		stream->status = kCFStreamStatusError;
		return -1;
	}
	return bufferLength;
}

void CFWriteStreamClose(CFWriteStreamRef stream)
{
	cf_check(stream, CFWriteStreamGetTypeID(), __func__);
	if (stream->file) {
		if (fclose(stream->file) != 0)
			stream->status = kCFStreamStatusError;
		stream->file = NULL;
	}
	if (stream->status != kCFStreamStatusError)
		stream->status = kCFStreamStatusClosed;
}

CFStreamStatus CFWriteStreamGetStatus(CFWriteStreamRef stream)
{
	cf_check(stream, CFWriteStreamGetTypeID(), __func__);
	return stream->status;
}

CFIndex CFPropertyListWrite(CFPropertyListRef propertyList, CFWriteStreamRef stream,
			    CFPropertyListFormat format, CFOptionFlags options, CFErrorRef *error)
{
	CFDataRef data;
	CFIndex written;

	if (error)
		*error = NULL;
	cf_check(stream, CFWriteStreamGetTypeID(), __func__);
	data = CFPropertyListCreateData(NULL, propertyList, format, options, error);
	if (!data)
		return 0;
	written = CFWriteStreamWrite(stream, CFDataGetBytePtr(data), CFDataGetLength(data));
	CFRelease(data);
	if (written < 0) {
		if (error)
			*error = CFErrorCreate(NULL, kCFErrorDomainCocoa,
					       kCFPropertyListWriteStreamError, NULL);
		return 0;
	}
	return written;
}
