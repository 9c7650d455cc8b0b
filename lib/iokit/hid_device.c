/* IOHIDDevice (IOKit/hid/IOHIDDevice.h): a HID device object over an
 * IOHIDDevice registry entry.
 *
 * Properties: IOHIDDeviceGetProperty reads a key from the entry the first
 * time it is asked for and keeps it in the device's cache, which owns it
 * (the "Get" rule: valid while the device lives); IOHIDDeviceSetProperty
 * writes that cache only.
 *
 * Reports: on a live mount the entry's IOLinuxSysfsPath names the hid bus
 * device; its hidraw/hidrawN child names the node /dev/hidrawN.
 * IOKIT_SYSFS_ROOT (default /sys) and IOKIT_DEV_ROOT (default /dev) move
 * both roots (a mount made with --sysfs-root, and the tests).  Linux
 * hidraw puts the report ID byte first in every report, 0 for a device
 * without report IDs; macOS leaves it out for ID 0, so the calls add or
 * drop that byte.  Input reports are read on the run loop the device is
 * scheduled on, whenever the node is readable; a node that hangs up or
 * fails with ENODEV means the device is gone (its removal callback).
 *
 * Objects are CF objects (malloc'd, see lib/cf/cf_internal.h); a device is
 * used from one thread at a time.  Errors are IOReturn codes. */
#include "iokit_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/hidraw.h>

#include <IOKit/hid/IOHIDLib.h>

#include "cf_internal.h"
#include "cf_runloop_internal.h"
#include "hid_internal.h"

/* Report ioctls newer than some kernels' headers (Linux 5.11). */
#ifndef HIDIOCSINPUT
#define HIDIOCSINPUT(len)	_IOC(_IOC_WRITE | _IOC_READ, 'H', 0x09, len)
#endif
#ifndef HIDIOCGINPUT
#define HIDIOCGINPUT(len)	_IOC(_IOC_WRITE | _IOC_READ, 'H', 0x0A, len)
#endif
#ifndef HIDIOCGOUTPUT
#define HIDIOCGOUTPUT(len)	_IOC(_IOC_WRITE | _IOC_READ, 'H', 0x0C, len)
#endif

/* Largest report read or written (hidraw's own limit is 4096). */
#define HID_MAX_REPORT 4096

struct __IOHIDDevice {
	CFRuntimeBase base;
	io_service_t service;		/* our reference */
	uint64_t entry_id;
	CFMutableDictionaryRef props;	/* cache: key -> value, owned */
	int fd;				/* hidraw node, -1 when closed */
	int report_ids;			/* -1 unknown, 0 no, 1 yes */
	bool removed;
	CFRunLoopRef rl;		/* scheduled on, retained; NULL: none */
	CFStringRef mode;		/* retained */
	CFRunLoopSourceRef source;	/* reads the node while rl && fd >= 0 */
	IOHIDReportCallback input_cb;
	void *input_ctx;
	uint8_t *input_buf;
	CFIndex input_len;
	IOHIDCallback removal_cb;
	void *removal_ctx;
};

static void drop_source(IOHIDDeviceRef d)
{
	if (!d->source)
		return;
	CFRunLoopSourceInvalidate(d->source);
	CFRelease(d->source);
	d->source = NULL;
}

static void close_node(IOHIDDeviceRef d)
{
	drop_source(d);
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

static void device_finalize(CFTypeRef cf)
{
	IOHIDDeviceRef d = (IOHIDDeviceRef)cf;

	close_node(d);
	if (d->rl)
		CFRelease(d->rl);
	if (d->mode)
		CFRelease(d->mode);
	if (d->props)
		CFRelease(d->props);
	IOObjectRelease(d->service);
}

static CFStringRef device_copy_desc(CFTypeRef cf)
{
	IOHIDDeviceRef d = (IOHIDDeviceRef)cf;

	return CFStringCreateWithFormat(NULL, NULL, CFSTR("<IOHIDDevice %p [%p]> { id %llu }"),
					(const void *)d, (const void *)kCFAllocatorDefault,
					(unsigned long long)d->entry_id);
}

static const struct cf_class device_class = {
	.name = "IOHIDDevice", .finalize = device_finalize, .copy_debug_desc = device_copy_desc,
};
static pthread_once_t once = PTHREAD_ONCE_INIT;
static CFTypeID device_type;

static void init_type(void)
{
	device_type = cf_register_class(&device_class);
}

CFTypeID IOHIDDeviceGetTypeID(void)
{
	pthread_once(&once, init_type);
	return device_type;
}

IOReturn hid_ioreturn_from_errno(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return kIOReturnNotPermitted;
	case EBUSY:
		return kIOReturnExclusiveAccess;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return kIOReturnNoDevice;
	case ENOTTY:
	case EOPNOTSUPP:
		return kIOReturnUnsupported;
	case EINVAL:
		return kIOReturnBadArgument;
	case ENOMEM:
		return kIOReturnNoMemory;
	case EAGAIN:
		return kIOReturnNotReady;
	case ETIMEDOUT:
		return kIOReturnTimeout;
	case EIO:
	case EPIPE:
		return kIOReturnIOError;
	default:
		return kIOReturnError;
	}
}

bool hid_descriptor_has_report_ids(const uint8_t *d, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint8_t b = d[i];
		size_t size;

		if (b == 0xfe) {	/* long item: size, tag, data */
			if (i + 1 >= len)
				break;
			i += 3 + (size_t)d[i + 1];
			continue;
		}
		size = (b & 3) == 3 ? 4 : (b & 3);
		if ((b & 0xfc) == 0x84)	/* global Report ID */
			return true;
		i += 1 + size;
	}
	return false;
}

IOHIDDeviceRef IOHIDDeviceCreate(CFAllocatorRef allocator, io_service_t service)
{
	IOHIDDeviceRef d;
	uint64_t id;

	(void)allocator;
	if (!service || !IOObjectConformsTo(service, kIOHIDDeviceKey))
		return NULL;
	if (IORegistryEntryGetRegistryEntryID(service, &id) != KERN_SUCCESS)
		return NULL;
	d = cf_object_alloc(IOHIDDeviceGetTypeID(), sizeof(*d), 0);
	if (!d)
		return NULL;
	d->props = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					     &kCFTypeDictionaryValueCallBacks);
	d->fd = -1;
	d->report_ids = -1;
	d->entry_id = id;
	if (!d->props || IOObjectRetain(service) != KERN_SUCCESS) {
		d->service = IO_OBJECT_NULL;
		CFRelease(d);
		return NULL;
	}
	d->service = service;
	return d;
}

io_service_t IOHIDDeviceGetService(IOHIDDeviceRef device)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	return device->service;
}

uint64_t hid_device_entry_id(IOHIDDeviceRef device)
{
	return device->entry_id;
}

CFTypeRef IOHIDDeviceGetProperty(IOHIDDeviceRef device, CFStringRef key)
{
	CFTypeRef v;

	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	if (!key)
		return NULL;
	v = CFDictionaryGetValue(device->props, key);
	if (v)
		return v;
	v = IORegistryEntryCreateCFProperty(device->service, key, NULL, 0);
	if (!v)
		return NULL;
	CFDictionarySetValue(device->props, key, v);
	CFRelease(v);
	return v;	/* the cache holds it */
}

Boolean IOHIDDeviceSetProperty(IOHIDDeviceRef device, CFStringRef key, CFTypeRef property)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	if (!key || !property)
		return false;
	CFDictionarySetValue(device->props, key, property);
	return true;
}

static bool number_is(CFTypeRef v, uint32_t want)
{
	long long n;

	return v && CFGetTypeID(v) == CFNumberGetTypeID() &&
	       CFNumberGetValue(v, kCFNumberLongLongType, &n) && n == (long long)want;
}

Boolean IOHIDDeviceConformsTo(IOHIDDeviceRef device, uint32_t usagePage, uint32_t usage)
{
	CFTypeRef pairs = IOHIDDeviceGetProperty(device, CFSTR(kIOHIDDeviceUsagePairsKey));

	if (!pairs || CFGetTypeID(pairs) != CFArrayGetTypeID())
		return false;
	for (CFIndex i = 0; i < CFArrayGetCount(pairs); i++) {
		CFTypeRef pair = CFArrayGetValueAtIndex(pairs, i);

		if (!pair || CFGetTypeID(pair) != CFDictionaryGetTypeID())
			continue;
		if (number_is(CFDictionaryGetValue(pair, CFSTR(kIOHIDDeviceUsagePageKey)), usagePage) &&
		    number_is(CFDictionaryGetValue(pair, CFSTR(kIOHIDDeviceUsageKey)), usage))
			return true;
	}
	return false;
}

/* Whether reports carry an ID byte, from the ReportDescriptor property. */
static bool uses_report_ids(IOHIDDeviceRef d)
{
	if (d->report_ids < 0) {
		CFTypeRef rd = IOHIDDeviceGetProperty(d, CFSTR(kIOHIDReportDescriptorKey));

		d->report_ids = rd && CFGetTypeID(rd) == CFDataGetTypeID() &&
				hid_descriptor_has_report_ids(CFDataGetBytePtr(rd),
							      (size_t)CFDataGetLength(rd));
	}
	return d->report_ids == 1;
}

/* The hidraw node of the device into out: kIOReturnSuccess, or
 * kIOReturnUnsupported when it has none (a dump, a device without
 * hidraw). */
static IOReturn find_node(IOHIDDeviceRef d, char *out, size_t size)
{
	const char *sysroot = getenv("IOKIT_SYSFS_ROOT");
	const char *devroot = getenv("IOKIT_DEV_ROOT");
	CFTypeRef path = IOHIDDeviceGetProperty(d, CFSTR("IOLinuxSysfsPath"));
	char devpath[PATH_MAX], dir[PATH_MAX];
	IOReturn ret = kIOReturnUnsupported;
	struct dirent *de;
	DIR *dp;

	if (!path || CFGetTypeID(path) != CFStringGetTypeID() ||
	    !CFStringGetCString(path, devpath, sizeof(devpath), kCFStringEncodingUTF8) ||
	    devpath[0] != '/' || strstr(devpath, "/../"))
		return kIOReturnUnsupported;
	if (!sysroot || !*sysroot)
		sysroot = "/sys";
	if (!devroot || !*devroot)
		devroot = "/dev";
	if ((size_t)snprintf(dir, sizeof(dir), "%s%s/hidraw", sysroot, devpath) >= sizeof(dir))
		return kIOReturnUnsupported;
	dp = opendir(dir);
	if (!dp)
		return errno == ENOENT || errno == ENOTDIR ? kIOReturnUnsupported
							   : hid_ioreturn_from_errno(errno);
	while ((de = readdir(dp)))
		if (!strncmp(de->d_name, "hidraw", 6) && de->d_name[6] >= '0' && de->d_name[6] <= '9' &&
		    strspn(de->d_name + 6, "0123456789") == strlen(de->d_name + 6)) {
			if ((size_t)snprintf(out, size, "%s/%s", devroot, de->d_name) < size)
				ret = kIOReturnSuccess;
			break;
		}
	closedir(dp);
	return ret;
}

static void gone(IOHIDDeviceRef d)
{
	IOHIDCallback cb = d->removal_cb;

	close_node(d);
	if (d->removed)
		return;
	d->removed = true;
	if (cb)
		cb(d->removal_ctx, kIOReturnSuccess, d);
}

/* The node is readable (or hung up): one report per read, until none is
 * left (at most a few per turn of the loop, so others get their turn). */
static void node_perform(void *info)
{
	IOHIDDeviceRef d = info;
	uint8_t buf[HID_MAX_REPORT];

	CFRetain(d);	/* a callback may release the last reference */
	for (int i = 0; i < 16 && d->fd >= 0; i++) {
		ssize_t n = read(d->fd, buf, sizeof(buf));
		uint32_t id;

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			gone(d);
			break;
		}
		id = uses_report_ids(d) ? buf[0] : 0;
		if (d->input_cb && d->input_buf && d->input_len > 0) {
			CFIndex len = n < d->input_len ? (CFIndex)n : d->input_len;

			memcpy(d->input_buf, buf, (size_t)len);
			d->input_cb(d->input_ctx, kIOReturnSuccess, d, kIOHIDReportTypeInput, id,
				    d->input_buf, len);
		}
	}
	CFRelease(d);
}

/* The source exists exactly while the device is open and scheduled. */
static void update_source(IOHIDDeviceRef d)
{
	if (d->fd < 0 || !d->rl) {
		drop_source(d);
		return;
	}
	if (d->source)
		return;
	d->source = cf_runloop_fd_source_create(d->fd, 0, node_perform, d);
	if (d->source)
		CFRunLoopAddSource(d->rl, d->source, d->mode);
}

IOReturn IOHIDDeviceOpen(IOHIDDeviceRef device, IOOptionBits options)
{
	char node[PATH_MAX];
	IOReturn ret;
	int fd;

	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	(void)options;	/* kIOHIDOptionsTypeSeizeDevice: hidraw has no exclusive open */
	if (device->removed)
		return kIOReturnNoDevice;
	if (device->fd >= 0)
		return kIOReturnSuccess;
	ret = find_node(device, node, sizeof(node));
	if (ret != kIOReturnSuccess)
		return ret;
	fd = open(node, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return hid_ioreturn_from_errno(errno);
	device->fd = fd;
	update_source(device);
	return kIOReturnSuccess;
}

IOReturn IOHIDDeviceClose(IOHIDDeviceRef device, IOOptionBits options)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	(void)options;
	if (device->fd < 0)
		return kIOReturnNotOpen;
	close_node(device);
	return kIOReturnSuccess;
}

void IOHIDDeviceScheduleWithRunLoop(IOHIDDeviceRef device, CFRunLoopRef runLoop,
				    CFStringRef runLoopMode)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	if (!runLoop || !runLoopMode)
		return;
	drop_source(device);
	if (device->rl)
		CFRelease(device->rl);
	if (device->mode)
		CFRelease(device->mode);
	device->rl = (CFRunLoopRef)CFRetain(runLoop);
	device->mode = CFStringCreateCopy(NULL, runLoopMode);
	update_source(device);
}

void IOHIDDeviceUnscheduleFromRunLoop(IOHIDDeviceRef device, CFRunLoopRef runLoop,
				      CFStringRef runLoopMode)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	if (!device->rl || runLoop != device->rl || !runLoopMode ||
	    !CFEqual(runLoopMode, device->mode))
		return;
	drop_source(device);
	CFRelease(device->rl);
	CFRelease(device->mode);
	device->rl = NULL;
	device->mode = NULL;
}

void IOHIDDeviceRegisterRemovalCallback(IOHIDDeviceRef device, IOHIDCallback callback,
					void *context)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	device->removal_cb = callback;
	device->removal_ctx = context;
}

void IOHIDDeviceRegisterInputReportCallback(IOHIDDeviceRef device, uint8_t *report,
					    CFIndex reportLength, IOHIDReportCallback callback,
					    void *context)
{
	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	if (callback && (!report || reportLength <= 0))
		return;
	device->input_cb = callback;
	device->input_ctx = context;
	device->input_buf = callback ? report : NULL;
	device->input_len = callback ? reportLength : 0;
}

const uint8_t *hid_device_input_buffer(IOHIDDeviceRef device)
{
	return device->input_cb ? device->input_buf : NULL;
}

void hid_device_removed(IOHIDDeviceRef device)
{
	CFRetain(device);
	gone(device);
	CFRelease(device);
}

/* Checks shared by the report calls. */
static IOReturn report_check(IOHIDDeviceRef d, IOHIDReportType type, CFIndex id,
			     const void *report, CFIndex len)
{
	if (d->removed)
		return kIOReturnNoDevice;
	if (d->fd < 0)
		return kIOReturnNotOpen;
	if (type >= kIOHIDReportTypeCount || id < 0 || id > 255 || !report || len < 0 ||
	    len > HID_MAX_REPORT - 1)
		return kIOReturnBadArgument;
	return kIOReturnSuccess;
}

IOReturn IOHIDDeviceSetReport(IOHIDDeviceRef device, IOHIDReportType reportType,
			      CFIndex reportID, const uint8_t *report, CFIndex reportLength)
{
	uint8_t buf[HID_MAX_REPORT];
	size_t n = 0;
	ssize_t r;
	IOReturn ret;

	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	ret = report_check(device, reportType, reportID, report, reportLength);
	if (ret != kIOReturnSuccess)
		return ret;
	if (reportID == 0)	/* hidraw wants the ID byte even when it is 0 */
		buf[n++] = 0;
	memcpy(buf + n, report, (size_t)reportLength);
	n += (size_t)reportLength;
	if (n == 0)
		return kIOReturnBadArgument;
	switch (reportType) {
	case kIOHIDReportTypeOutput:
		r = write(device->fd, buf, n);
		break;
	case kIOHIDReportTypeFeature:
		r = ioctl(device->fd, HIDIOCSFEATURE(n), buf);
		break;
	default:
		r = ioctl(device->fd, HIDIOCSINPUT(n), buf);
		break;
	}
	if (r < 0)
		return hid_ioreturn_from_errno(errno);
	return (size_t)r == n ? kIOReturnSuccess : kIOReturnIOError;
}

IOReturn IOHIDDeviceGetReport(IOHIDDeviceRef device, IOHIDReportType reportType,
			      CFIndex reportID, uint8_t *report, CFIndex *pReportLength)
{
	uint8_t buf[HID_MAX_REPORT];
	size_t want, skip = reportID == 0;
	int r;
	IOReturn ret;

	cf_check(device, IOHIDDeviceGetTypeID(), __func__);
	if (!pReportLength)
		return kIOReturnBadArgument;
	/* A larger buffer than any report is fine: read at most the most. */
	ret = report_check(device, reportType, reportID, report,
			   *pReportLength > HID_MAX_REPORT - 1 ? HID_MAX_REPORT - 1 : *pReportLength);
	if (ret != kIOReturnSuccess)
		return ret;
	want = (size_t)(*pReportLength > HID_MAX_REPORT - 1 ? HID_MAX_REPORT - 1 : *pReportLength) +
	       skip;
	if (want == 0)
		return kIOReturnBadArgument;
	memset(buf, 0, want);
	buf[0] = (uint8_t)reportID;
	switch (reportType) {
	case kIOHIDReportTypeFeature:
		r = ioctl(device->fd, HIDIOCGFEATURE(want), buf);
		break;
	case kIOHIDReportTypeOutput:
		r = ioctl(device->fd, HIDIOCGOUTPUT(want), buf);
		break;
	default:
		r = ioctl(device->fd, HIDIOCGINPUT(want), buf);
		break;
	}
	if (r < 0)
		return hid_ioreturn_from_errno(errno);
	if ((size_t)r > want)
		r = (int)want;
	if ((size_t)r < skip) {
		*pReportLength = 0;
		return kIOReturnSuccess;
	}
	memcpy(report, buf + skip, (size_t)r - skip);
	*pReportLength = (CFIndex)((size_t)r - skip);
	return kIOReturnSuccess;
}
