/* IOHIDManager (IOKit/hid/IOHIDManager.h): finds IOHIDDevice entries
 * matching the caller's dictionaries and follows their arrival and
 * removal, as IOHIDFamily's manager does.
 *
 * Each matching dictionary is merged into IOServiceMatching(kIOHIDDevice)
 * and given to the registry's matcher, so IOHIDDevice's matching rules
 * apply as on macOS.  The manager keeps one IOHIDDeviceRef per registry
 * entry (devices, keyed by registry ID), made when the entry is first
 * found: CopyDevices and the callbacks hand out the same object for the
 * same device.  A new device gets the manager's properties, its input
 * report callback (with a buffer of MaxInputReportSize bytes the manager
 * owns), is opened when the manager is open and scheduled on the
 * manager's run loop.
 *
 * The device set is filled when the matching is set.  Unscheduled,
 * IOHIDManagerCopyDevices asks the registry again on each call.
 * Scheduled on a run loop, the manager holds a notification port with a
 * first-match and a terminated notification per dictionary: the devices
 * present then are reported to the matching callback from the run loop
 * (a signalled source), later ones as they come; a removed device gets
 * its own removal callback, then the manager's, then leaves the set.
 * CopyDevices is NULL until the manager has found a device (then a set,
 * possibly empty), as on macOS.
 *
 * CF object (malloc'd); used from one thread (its run loop's).  A port
 * replaced from inside its own callbacks is released after the dispatch
 * returns. */
#include "iokit_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <IOKit/IOKitLinux.h>
#include <IOKit/hid/IOHIDLib.h>

#include "cf_internal.h"
#include "cf_runloop_internal.h"
#include "hid_internal.h"

struct retired {
	IONotificationPortRef port;
	CFRunLoopSourceRef src;
	io_iterator_t *iters;
	size_t niters;
};

struct __IOHIDManager {
	CFRuntimeBase base;
	CFMutableDictionaryRef props;
	CFArrayRef matching;		/* dictionaries; NULL: none set */
	CFMutableDictionaryRef devices;	/* CFNumber(registry ID) -> IOHIDDeviceRef */
	bool have_set;			/* a device was found once: CopyDevices not NULL */
	CFMutableDictionaryRef buffers;	/* device -> CFMutableData (input reports) */
	bool open;
	IOOptionBits open_options;
	CFRunLoopRef rl;		/* retained; NULL: not scheduled */
	CFStringRef mode;
	IONotificationPortRef port;
	CFRunLoopSourceRef port_src;	/* dispatches port, then reaps */
	io_iterator_t *iters;		/* the notifications, 2 per dictionary */
	size_t niters;
	int dispatching;
	struct retired *retired;
	size_t nretired;
	CFRunLoopSourceRef pending_src;	/* delivers the pending matches */
	CFMutableArrayRef pending;	/* devices due a matching callback */
	CFMutableDictionaryRef results;	/* device -> CFNumber: its open result */
	IOHIDDeviceCallback match_cb, remove_cb;
	void *match_ctx, *remove_ctx;
	IOHIDReportCallback input_cb;
	void *input_ctx;
};

/* ---- retiring notification ports ---- */

static void release_notifications(IONotificationPortRef port, CFRunLoopSourceRef src,
				  io_iterator_t *iters, size_t niters)
{
	if (src) {
		CFRunLoopSourceInvalidate(src);
		CFRelease(src);
	}
	for (size_t i = 0; i < niters; i++)
		IOObjectRelease(iters[i]);
	free(iters);
	if (port)
		IONotificationPortDestroy(port);
}

static void reap(IOHIDManagerRef m)
{
	for (size_t i = 0; i < m->nretired; i++)
		release_notifications(m->retired[i].port, m->retired[i].src, m->retired[i].iters,
				      m->retired[i].niters);
	free(m->retired);
	m->retired = NULL;
	m->nretired = 0;
}

/* Drops the port and its subscriptions: at once, or after the dispatch
 * running now (a port must not be destroyed under its own dispatch). */
static void stop_notifications(IOHIDManagerRef m)
{
	struct retired *grown;

	if (m->dispatching && (m->port || m->niters) &&
	    (grown = realloc(m->retired, (m->nretired + 1) * sizeof(*grown)))) {
		m->retired = grown;
		m->retired[m->nretired++] = (struct retired){ m->port, m->port_src, m->iters,
							      m->niters };
		if (m->port_src && m->rl)
			CFRunLoopRemoveSource(m->rl, m->port_src, m->mode);
	} else {
		release_notifications(m->port, m->port_src, m->iters, m->niters);
	}
	m->port = NULL;
	m->port_src = NULL;
	m->iters = NULL;
	m->niters = 0;
}

/* ---- the device set ---- */

/* Snapshot of the devices, each retained; *n their number.  free() the
 * array after releasing them.  NULL when there are none. */
static IOHIDDeviceRef *snapshot(IOHIDManagerRef m, CFIndex *n)
{
	IOHIDDeviceRef *vals;

	*n = CFDictionaryGetCount(m->devices);
	if (*n == 0 || !(vals = calloc((size_t)*n, sizeof(*vals)))) {
		*n = 0;
		return NULL;
	}
	CFDictionaryGetKeysAndValues(m->devices, NULL, (const void **)vals);
	for (CFIndex i = 0; i < *n; i++)
		CFRetain(vals[i]);
	return vals;
}

static void drop_snapshot(IOHIDDeviceRef *vals, CFIndex n)
{
	for (CFIndex i = 0; i < n; i++)
		CFRelease(vals[i]);
	free(vals);
}

/* The device stops using the manager's buffer (it may outlive the
 * manager's hold on it), which is then freed. */
static void drop_buffer(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	CFDataRef buf = CFDictionaryGetValue(m->buffers, d);

	if (!buf)
		return;
	if (hid_device_input_buffer(d) == CFDataGetBytePtr(buf))
		IOHIDDeviceRegisterInputReportCallback(d, NULL, 0, NULL, NULL);
	CFDictionaryRemoveValue(m->buffers, d);
}

/* Gives the device the manager's input report callback. */
static void set_input(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	CFMutableDataRef buf;

	if (!m->input_cb) {
		drop_buffer(m, d);
		return;
	}
	buf = (CFMutableDataRef)CFDictionaryGetValue(m->buffers, d);
	if (!buf) {
		CFTypeRef max = IOHIDDeviceGetProperty(d, CFSTR(kIOHIDMaxInputReportSizeKey));
		CFIndex len = 64;

		if (max && CFGetTypeID(max) == CFNumberGetTypeID())
			CFNumberGetValue(max, kCFNumberCFIndexType, &len);
		if (len <= 0 || len > 65536)
			len = 64;
		buf = CFDataCreateMutable(NULL, len);
		if (!buf)
			return;
		CFDataSetLength(buf, len);
		CFDictionarySetValue(m->buffers, d, buf);
		CFRelease(buf);
	}
	IOHIDDeviceRegisterInputReportCallback(d, CFDataGetMutableBytePtr(buf), CFDataGetLength(buf),
					       m->input_cb, m->input_ctx);
}

static void forget_device(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	long long id = (long long)hid_device_entry_id(d);
	CFNumberRef key = CFNumberCreate(NULL, kCFNumberLongLongType, &id);

	drop_buffer(m, d);
	if (m->results)
		CFDictionaryRemoveValue(m->results, d);
	for (CFIndex i = CFArrayGetCount(m->pending) - 1; i >= 0; i--)
		if (CFArrayGetValueAtIndex(m->pending, i) == d)
			CFArrayRemoveValueAtIndex(m->pending, i);
	if (key) {
		CFDictionaryRemoveValue(m->devices, key);
		CFRelease(key);
	}
}

static void forget_all(IOHIDManagerRef m)
{
	CFIndex n;
	IOHIDDeviceRef *vals = snapshot(m, &n);

	for (CFIndex i = 0; i < n; i++)
		forget_device(m, vals[i]);
	drop_snapshot(vals, n);
	CFArrayRemoveAllValues(m->pending);
}

static void apply_property(const void *key, const void *value, void *device)
{
	IOHIDDeviceSetProperty(device, key, value);
}

/* The manager's device for service (made and set up when new; *is_new
 * says which, *result the open's result).  Not retained for the caller. */
static IOHIDDeviceRef device_for(IOHIDManagerRef m, io_service_t service, bool *is_new,
				 IOReturn *result)
{
	uint64_t id;
	long long n;
	CFNumberRef key;
	IOHIDDeviceRef d;

	*is_new = false;
	*result = kIOReturnSuccess;
	if (IORegistryEntryGetRegistryEntryID(service, &id) != KERN_SUCCESS)
		return NULL;
	n = (long long)id;
	key = CFNumberCreate(NULL, kCFNumberLongLongType, &n);
	if (!key)
		return NULL;
	d = (IOHIDDeviceRef)CFDictionaryGetValue(m->devices, key);
	if (!d && (d = IOHIDDeviceCreate(NULL, service))) {
		CFDictionarySetValue(m->devices, key, d);
		CFRelease(d);
		*is_new = true;
		m->have_set = true;
		CFDictionaryApplyFunction(m->props, apply_property, d);
		if (m->input_cb)
			set_input(m, d);
		if (m->open)
			*result = IOHIDDeviceOpen(d, m->open_options);
		if (m->rl)
			IOHIDDeviceScheduleWithRunLoop(d, m->rl, m->mode);
	}
	CFRelease(key);
	return d;
}

static void remember_result(IOHIDManagerRef m, IOHIDDeviceRef d, IOReturn r)
{
	int v = (int)r;
	CFNumberRef n;

	if (!m->open || !m->results || !(n = CFNumberCreate(NULL, kCFNumberIntType, &v)))
		return;
	CFDictionarySetValue(m->results, d, n);
	CFRelease(n);
}

/* IOServiceMatching(kIOHIDDevice) with the caller's keys.  +1. */
static CFMutableDictionaryRef merged_matching(CFDictionaryRef user)
{
	CFMutableDictionaryRef d = IOServiceMatching(kIOHIDDeviceKey);
	CFIndex n;
	const void **keys, **vals;

	if (!d || !user || CFGetTypeID(user) != CFDictionaryGetTypeID())
		return d;
	n = CFDictionaryGetCount(user);
	keys = calloc((size_t)n + 1, sizeof(*keys));
	vals = calloc((size_t)n + 1, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		CFRelease(d);
		return NULL;
	}
	CFDictionaryGetKeysAndValues(user, keys, vals);
	for (CFIndex i = 0; i < n; i++)
		CFDictionarySetValue(d, keys[i], vals[i]);
	free(keys);
	free(vals);
	return d;
}

/* The manager's devices for the services matching now (made for the new
 * ones).  +1. */
static CFMutableSetRef enumerate(IOHIDManagerRef m)
{
	CFMutableSetRef found = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);

	if (!found)
		return NULL;
	for (CFIndex i = 0; m->matching && i < CFArrayGetCount(m->matching); i++) {
		CFMutableDictionaryRef match = merged_matching(CFArrayGetValueAtIndex(m->matching, i));
		io_iterator_t it;
		io_service_t s;

		if (!match || IOServiceGetMatchingServices(kIOMainPortDefault, match, &it) != KERN_SUCCESS)
			continue;
		while ((s = IOIteratorNext(it))) {
			bool is_new;
			IOReturn r;
			IOHIDDeviceRef d = device_for(m, s, &is_new, &r);

			if (d)
				CFSetAddValue(found, d);
			IOObjectRelease(s);
		}
		IOObjectRelease(it);
	}
	return found;
}

/* ---- CF class ---- */

static void manager_finalize(CFTypeRef cf)
{
	IOHIDManagerRef m = (IOHIDManagerRef)cf;

	stop_notifications(m);
	reap(m);
	if (m->pending_src) {
		CFRunLoopSourceInvalidate(m->pending_src);
		CFRelease(m->pending_src);
	}
	if (m->devices && m->buffers && m->pending)
		forget_all(m);
	if (m->devices)
		CFRelease(m->devices);
	if (m->buffers)
		CFRelease(m->buffers);
	if (m->results)
		CFRelease(m->results);
	if (m->pending)
		CFRelease(m->pending);
	if (m->matching)
		CFRelease(m->matching);
	if (m->props)
		CFRelease(m->props);
	if (m->rl)
		CFRelease(m->rl);
	if (m->mode)
		CFRelease(m->mode);
}

static const struct cf_class manager_class = {
	.name = "IOHIDManager", .finalize = manager_finalize,
};
static pthread_once_t once = PTHREAD_ONCE_INIT;
static CFTypeID manager_type;

static void init_type(void)
{
	manager_type = cf_register_class(&manager_class);
}

CFTypeID IOHIDManagerGetTypeID(void)
{
	pthread_once(&once, init_type);
	return manager_type;
}

IOHIDManagerRef IOHIDManagerCreate(CFAllocatorRef allocator, IOOptionBits options)
{
	IOHIDManagerRef m;

	(void)allocator;
	(void)options;
	m = cf_object_alloc(IOHIDManagerGetTypeID(), sizeof(*m), 0);
	if (!m)
		return NULL;
	m->props = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					     &kCFTypeDictionaryValueCallBacks);
	m->devices = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					       &kCFTypeDictionaryValueCallBacks);
	m->buffers = CFDictionaryCreateMutable(NULL, 0, NULL, &kCFTypeDictionaryValueCallBacks);
	m->results = CFDictionaryCreateMutable(NULL, 0, NULL, &kCFTypeDictionaryValueCallBacks);
	m->pending = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	if (!m->props || !m->devices || !m->buffers || !m->results || !m->pending) {
		CFRelease(m);
		return NULL;
	}
	return m;
}

CFTypeRef IOHIDManagerGetProperty(IOHIDManagerRef manager, CFStringRef key)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	return key ? CFDictionaryGetValue(manager->props, key) : NULL;
}

Boolean IOHIDManagerSetProperty(IOHIDManagerRef manager, CFStringRef key, CFTypeRef value)
{
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!key || !value)
		return false;
	CFDictionarySetValue(manager->props, key, value);
	/* As on macOS, the manager's properties go to its devices. */
	vals = snapshot(manager, &n);
	for (CFIndex i = 0; i < n; i++)
		IOHIDDeviceSetProperty(vals[i], key, value);
	drop_snapshot(vals, n);
	return true;
}

/* ---- notifications ---- */

static void matched(void *refcon, io_iterator_t it)
{
	IOHIDManagerRef m = refcon;
	io_service_t s;

	CFRetain(m);
	while ((s = IOIteratorNext(it))) {
		bool is_new;
		IOReturn r;
		IOHIDDeviceRef d = device_for(m, s, &is_new, &r);

		IOObjectRelease(s);
		if (d && is_new && m->match_cb)
			m->match_cb(m->match_ctx, r, m, d);
	}
	CFRelease(m);
}

static void terminated(void *refcon, io_iterator_t it)
{
	IOHIDManagerRef m = refcon;
	io_service_t s;

	CFRetain(m);
	while ((s = IOIteratorNext(it))) {
		uint64_t id;
		long long n;
		CFNumberRef key = NULL;
		IOHIDDeviceRef d = NULL;

		if (IORegistryEntryGetRegistryEntryID(s, &id) == KERN_SUCCESS) {
			n = (long long)id;
			key = CFNumberCreate(NULL, kCFNumberLongLongType, &n);
		}
		if (key)
			d = (IOHIDDeviceRef)CFDictionaryGetValue(m->devices, key);
		IOObjectRelease(s);
		if (key)
			CFRelease(key);
		if (!d)
			continue;
		CFRetain(d);
		hid_device_removed(d);	/* the device's own removal callback */
		if (m->remove_cb)
			m->remove_cb(m->remove_ctx, kIOReturnSuccess, m, d);
		forget_device(m, d);
		CFRelease(d);
	}
	CFRelease(m);
}

/* The port is readable: its callbacks run, then what they dropped goes. */
static void port_perform(void *info)
{
	IOHIDManagerRef m = info;

	CFRetain(m);
	m->dispatching++;
	if (m->port)
		IONotificationPortDispatch(m->port);
	if (--m->dispatching == 0)
		reap(m);
	CFRelease(m);
}

static void pending_perform(void *info)
{
	IOHIDManagerRef m = info;

	CFRetain(m);
	while (CFArrayGetCount(m->pending) > 0) {
		IOHIDDeviceRef d = (IOHIDDeviceRef)CFRetain(CFArrayGetValueAtIndex(m->pending, 0));
		CFNumberRef r = CFDictionaryGetValue(m->results, d);
		int result = kIOReturnSuccess;

		if (r)
			CFNumberGetValue(r, kCFNumberIntType, &result);
		CFDictionaryRemoveValue(m->results, d);
		CFArrayRemoveValueAtIndex(m->pending, 0);
		if (m->match_cb)
			m->match_cb(m->match_ctx, (IOReturn)result, m, d);
		CFRelease(d);
	}
	CFRelease(m);
}

/* Queues every current device for the matching callback (the initial
 * enumeration). */
static void queue_all(IOHIDManagerRef m)
{
	CFIndex n;
	IOHIDDeviceRef *vals;

	if (!m->pending_src)
		return;
	vals = snapshot(m, &n);
	for (CFIndex i = 0; i < n; i++)
		if (!CFArrayContainsValue(m->pending, CFRangeMake(0, CFArrayGetCount(m->pending)),
					  vals[i]))
			CFArrayAppendValue(m->pending, vals[i]);
	drop_snapshot(vals, n);
	if (CFArrayGetCount(m->pending) > 0) {
		CFRunLoopSourceSignal(m->pending_src);
		CFRunLoopWakeUp(m->rl);
	}
}

static bool add_iter(IOHIDManagerRef m, io_iterator_t it)
{
	io_iterator_t *grown = realloc(m->iters, (m->niters + 1) * sizeof(*grown));

	if (!grown) {
		IOObjectRelease(it);
		return false;
	}
	m->iters = grown;
	m->iters[m->niters++] = it;
	return true;
}

/* Subscribes on a new port to the current dictionaries; the devices
 * present are added and queued for the matching callback. */
static void start_notifications(IOHIDManagerRef m)
{
	if (!m->rl || !m->matching)
		return;
	m->port = IONotificationPortCreate(kIOMainPortDefault);
	if (!m->port)
		return;
	m->port_src = cf_runloop_fd_source_create(IONotificationPortGetFileDescriptor(m->port), 0,
						  port_perform, m);
	if (!m->port_src) {
		IONotificationPortDestroy(m->port);
		m->port = NULL;
		return;
	}
	CFRunLoopAddSource(m->rl, m->port_src, m->mode);
	for (CFIndex i = 0; i < CFArrayGetCount(m->matching); i++) {
		CFDictionaryRef user = CFArrayGetValueAtIndex(m->matching, i);
		CFMutableDictionaryRef first = merged_matching(user), term = merged_matching(user);
		io_iterator_t it;
		io_service_t s;

		/* Each call consumes its dictionary. */
		if (first && IOServiceAddMatchingNotification(m->port, kIOFirstMatchNotification, first,
							      matched, m, &it) == KERN_SUCCESS) {
			while ((s = IOIteratorNext(it))) {	/* present now; arms it */
				bool is_new;
				IOReturn r;
				IOHIDDeviceRef d = device_for(m, s, &is_new, &r);

				if (d && is_new)
					remember_result(m, d, r);
				IOObjectRelease(s);
			}
			add_iter(m, it);
		}
		if (term && IOServiceAddMatchingNotification(m->port, kIOTerminatedNotification, term,
							     terminated, m, &it) == KERN_SUCCESS) {
			while ((s = IOIteratorNext(it)))
				IOObjectRelease(s);
			add_iter(m, it);
		}
	}
	queue_all(m);
}

/* ---- matching ---- */

static void set_matching(IOHIDManagerRef m, CFArrayRef dicts)
{
	CFMutableArrayRef copy = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);

	if (!copy)
		return;
	for (CFIndex i = 0; i < CFArrayGetCount(dicts); i++) {
		CFTypeRef v = CFArrayGetValueAtIndex(dicts, i);

		if (v && CFGetTypeID(v) == CFDictionaryGetTypeID())
			CFArrayAppendValue(copy, v);
	}
	if (m->matching)
		CFRelease(m->matching);
	m->matching = copy;
	/* New matching, new device set (as macOS: the old devices go). */
	stop_notifications(m);
	forget_all(m);
	if (m->rl) {
		start_notifications(m);
	} else {
		CFMutableSetRef found = enumerate(m);

		if (found)
			CFRelease(found);
	}
}

void IOHIDManagerSetDeviceMatchingMultiple(IOHIDManagerRef manager, CFArrayRef multiple)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!multiple) {
		IOHIDManagerSetDeviceMatching(manager, NULL);
		return;
	}
	set_matching(manager, multiple);
}

void IOHIDManagerSetDeviceMatching(IOHIDManagerRef manager, CFDictionaryRef matching)
{
	CFDictionaryRef all = NULL;
	CFArrayRef one;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!matching)	/* every HID device */
		matching = all = CFDictionaryCreate(NULL, NULL, NULL, 0, &kCFTypeDictionaryKeyCallBacks,
						    &kCFTypeDictionaryValueCallBacks);
	one = matching ? CFArrayCreate(NULL, (const void **)&matching, 1, &kCFTypeArrayCallBacks)
		       : NULL;
	if (all)
		CFRelease(all);
	if (!one)
		return;
	set_matching(manager, one);
	CFRelease(one);
}

CFSetRef IOHIDManagerCopyDevices(IOHIDManagerRef manager)
{
	CFMutableSetRef set;
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!manager->matching)
		return NULL;
	if (!manager->port) {
		/* Not following the registry: ask it now (which adds the new
		 * devices), and drop the devices it no longer lists. */
		set = enumerate(manager);
		if (!set)
			return NULL;
		vals = snapshot(manager, &n);
		for (CFIndex i = 0; i < n; i++)
			if (!CFSetContainsValue(set, vals[i]))
				forget_device(manager, vals[i]);
		drop_snapshot(vals, n);
	} else {
		set = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);
		if (!set)
			return NULL;
		vals = snapshot(manager, &n);
		for (CFIndex i = 0; i < n; i++)
			CFSetAddValue(set, vals[i]);
		drop_snapshot(vals, n);
	}
	if (!manager->have_set) {	/* no device found yet: NULL, as macOS */
		CFRelease(set);
		return NULL;
	}
	return set;
}

/* ---- callbacks, open, run loop ---- */

void IOHIDManagerRegisterDeviceMatchingCallback(IOHIDManagerRef manager,
						IOHIDDeviceCallback callback, void *context)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->match_cb = callback;
	manager->match_ctx = context;
}

void IOHIDManagerRegisterDeviceRemovalCallback(IOHIDManagerRef manager,
					       IOHIDDeviceCallback callback, void *context)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->remove_cb = callback;
	manager->remove_ctx = context;
}

void IOHIDManagerRegisterInputReportCallback(IOHIDManagerRef manager,
					     IOHIDReportCallback callback, void *context)
{
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->input_cb = callback;
	manager->input_ctx = context;
	if (!manager->open)
		return;
	vals = snapshot(manager, &n);
	for (CFIndex i = 0; i < n; i++)
		set_input(manager, vals[i]);
	drop_snapshot(vals, n);
}

IOReturn IOHIDManagerOpen(IOHIDManagerRef manager, IOOptionBits options)
{
	IOReturn ret = kIOReturnSuccess;
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (manager->open)
		return kIOReturnSuccess;
	manager->open = true;
	manager->open_options = options;
	/* Every device is opened; the first failure is the answer (a device
	 * that could not be opened stays in the set, closed). */
	vals = snapshot(manager, &n);
	for (CFIndex i = 0; i < n; i++) {
		IOReturn r = IOHIDDeviceOpen(vals[i], options);

		if (manager->input_cb)
			set_input(manager, vals[i]);
		if (ret == kIOReturnSuccess)
			ret = r;
	}
	drop_snapshot(vals, n);
	return ret;
}

IOReturn IOHIDManagerClose(IOHIDManagerRef manager, IOOptionBits options)
{
	IOReturn ret = kIOReturnSuccess;
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	/* As on macOS, closing also unschedules the manager. */
	if (manager->rl)
		IOHIDManagerUnscheduleFromRunLoop(manager, manager->rl, manager->mode);
	if (!manager->open)
		return kIOReturnNotOpen;
	manager->open = false;
	vals = snapshot(manager, &n);
	for (CFIndex i = 0; i < n; i++) {
		IOReturn r = IOHIDDeviceClose(vals[i], options);

		/* a device that never opened is no failure of the manager */
		if (ret == kIOReturnSuccess && r != kIOReturnNotOpen)
			ret = r;
	}
	drop_snapshot(vals, n);
	return ret;
}

void IOHIDManagerScheduleWithRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				     CFStringRef runLoopMode)
{
	CFRunLoopSourceContext ctx = { .version = 0, .info = manager, .perform = pending_perform };
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!runLoop || !runLoopMode)
		return;
	if (manager->rl)
		IOHIDManagerUnscheduleFromRunLoop(manager, manager->rl, manager->mode);
	manager->rl = (CFRunLoopRef)CFRetain(runLoop);
	manager->mode = CFStringCreateCopy(NULL, runLoopMode);
	manager->pending_src = CFRunLoopSourceCreate(NULL, 0, &ctx);
	if (manager->pending_src)
		CFRunLoopAddSource(runLoop, manager->pending_src, runLoopMode);
	vals = snapshot(manager, &n);
	for (CFIndex i = 0; i < n; i++)
		IOHIDDeviceScheduleWithRunLoop(vals[i], runLoop, runLoopMode);
	drop_snapshot(vals, n);
	start_notifications(manager);
}

void IOHIDManagerUnscheduleFromRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				       CFStringRef runLoopMode)
{
	CFIndex n;
	IOHIDDeviceRef *vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!manager->rl || runLoop != manager->rl || !runLoopMode ||
	    !CFEqual(runLoopMode, manager->mode))
		return;
	stop_notifications(manager);
	CFArrayRemoveAllValues(manager->pending);
	vals = snapshot(manager, &n);
	for (CFIndex i = 0; i < n; i++)
		IOHIDDeviceUnscheduleFromRunLoop(vals[i], manager->rl, manager->mode);
	drop_snapshot(vals, n);
	if (manager->pending_src) {
		CFRunLoopSourceInvalidate(manager->pending_src);
		CFRelease(manager->pending_src);
		manager->pending_src = NULL;
	}
	CFRelease(manager->rl);
	CFRelease(manager->mode);
	manager->rl = NULL;
	manager->mode = NULL;
}
