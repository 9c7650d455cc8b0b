/* IOHIDManager (IOKit/hid/IOHIDManager.h): finds IOHIDDevice entries
 * matching the caller's dictionaries and follows their arrival and
 * removal.
 *
 * Each matching dictionary is merged into IOServiceMatching(kIOHIDDevice)
 * and given to the registry's matcher, so IOHIDDevice's matching rules
 * apply as on macOS.  The manager keeps one IOHIDDeviceRef per registry
 * entry (devices, keyed by registry ID), so CopyDevices and the callbacks
 * hand out the same object for the same device.
 *
 * Unscheduled, IOHIDManagerCopyDevices asks the registry each time.
 * Scheduled on a run loop, the manager holds a notification port with a
 * first-match and a terminated notification per dictionary: the devices
 * present then are reported to the matching callback from the run loop
 * (a signalled source, as macOS reports them asynchronously), later ones
 * as they come; removed devices leave the set, get their own removal
 * callback and the manager's.  CopyDevices then returns that set.
 *
 * CF object (malloc'd); used from one thread (its run loop's). */
#include "iokit_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <IOKit/IOKitLinux.h>
#include <IOKit/hid/IOHIDLib.h>

#include "cf_internal.h"
#include "cf_runloop_internal.h"
#include "hid_internal.h"

struct __IOHIDManager {
	CFRuntimeBase base;
	CFMutableDictionaryRef props;
	CFArrayRef matching;		/* dictionaries; NULL: none set */
	CFMutableDictionaryRef devices;	/* CFNumber(registry ID) -> IOHIDDeviceRef */
	bool open;
	IOOptionBits open_options;
	CFRunLoopRef rl;		/* retained; NULL: not scheduled */
	CFStringRef mode;
	IONotificationPortRef port;
	CFRunLoopSourceRef port_src;	/* dispatches port, then reaps */
	io_iterator_t *iters;		/* the notifications, 2 per dictionary */
	size_t niters;
	/* Dropped from inside a callback (a new matching, an unschedule):
	 * released once the port's dispatch has returned. */
	int dispatching;
	struct retired {
		IONotificationPortRef port;
		CFRunLoopSourceRef src;
		io_iterator_t *iters;
		size_t niters;
	} *retired;
	size_t nretired;
	CFRunLoopSourceRef pending_src;	/* delivers the pending matches */
	CFMutableArrayRef pending;	/* devices due a matching callback */
	IOHIDDeviceCallback match_cb, remove_cb;
	void *match_ctx, *remove_ctx;
	IOHIDReportCallback input_cb;
	void *input_ctx;
};

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
	if (m->pending)
		CFArrayRemoveAllValues(m->pending);
}

static void manager_finalize(CFTypeRef cf)
{
	IOHIDManagerRef m = (IOHIDManagerRef)cf;

	stop_notifications(m);
	reap(m);
	if (m->pending_src) {
		CFRunLoopSourceInvalidate(m->pending_src);
		CFRelease(m->pending_src);
	}
	if (m->devices) {
		CFIndex n = CFDictionaryGetCount(m->devices);
		const void **vals = calloc((size_t)n + 1, sizeof(*vals));

		if (vals) {
			CFDictionaryGetKeysAndValues(m->devices, NULL, vals);
			for (CFIndex i = 0; i < n; i++)
				hid_device_set_manager_input((IOHIDDeviceRef)vals[i], NULL, NULL);
			free(vals);
		}
		CFRelease(m->devices);
	}
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
	m->pending = CFArrayCreateMutable(NULL, 0, &kCFTypeArrayCallBacks);
	if (!m->props || !m->devices || !m->pending) {
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
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!key || !value)
		return false;
	CFDictionarySetValue(manager->props, key, value);
	return true;
}

static CFNumberRef id_key(uint64_t id)
{
	long long n = (long long)id;

	return CFNumberCreate(NULL, kCFNumberLongLongType, &n);
}

/* The manager's device for service (made and added when new; *is_new says
 * which).  Not retained for the caller; NULL when it cannot be made. */
static IOHIDDeviceRef device_for(IOHIDManagerRef m, io_service_t service, bool *is_new)
{
	uint64_t id;
	CFNumberRef key;
	IOHIDDeviceRef d;

	*is_new = false;
	if (IORegistryEntryGetRegistryEntryID(service, &id) != KERN_SUCCESS)
		return NULL;
	key = id_key(id);
	if (!key)
		return NULL;
	d = (IOHIDDeviceRef)CFDictionaryGetValue(m->devices, key);
	if (!d) {
		d = IOHIDDeviceCreate(NULL, service);
		if (d) {
			CFDictionarySetValue(m->devices, key, d);
			CFRelease(d);
			*is_new = true;
			if (m->open) {
				IOHIDDeviceOpen(d, m->open_options);
				hid_device_set_manager_input(d, m->input_cb, m->input_ctx);
				if (m->rl)
					IOHIDDeviceScheduleWithRunLoop(d, m->rl, m->mode);
			}
		}
	}
	CFRelease(key);
	return d;
}

static void forget_device(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	CFNumberRef key = id_key(hid_device_entry_id(d));

	if (!key)
		return;
	hid_device_set_manager_input(d, NULL, NULL);
	CFDictionaryRemoveValue(m->devices, key);
	CFRelease(key);
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

static void set_matching(IOHIDManagerRef m, CFArrayRef dicts);

void IOHIDManagerSetDeviceMatching(IOHIDManagerRef manager, CFDictionaryRef matching)
{
	CFArrayRef one;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (matching)
		one = CFArrayCreate(NULL, (const void **)&matching, 1, &kCFTypeArrayCallBacks);
	else {
		CFDictionaryRef all = CFDictionaryCreate(NULL, NULL, NULL, 0,
							 &kCFTypeDictionaryKeyCallBacks,
							 &kCFTypeDictionaryValueCallBacks);

		one = all ? CFArrayCreate(NULL, (const void **)&all, 1, &kCFTypeArrayCallBacks) : NULL;
		if (all)
			CFRelease(all);
	}
	if (!one)
		return;
	set_matching(manager, one);
	CFRelease(one);
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

/* The manager's devices for the services matching now (made for the new
 * ones).  +1. */
static CFMutableSetRef enumerate(IOHIDManagerRef m)
{
	CFMutableSetRef found = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);

	if (!found)
		return NULL;
	for (CFIndex i = 0; i < CFArrayGetCount(m->matching); i++) {
		CFMutableDictionaryRef match = merged_matching(CFArrayGetValueAtIndex(m->matching, i));
		io_iterator_t it;
		io_service_t s;

		if (!match || IOServiceGetMatchingServices(kIOMainPortDefault, match, &it) != KERN_SUCCESS)
			continue;
		while ((s = IOIteratorNext(it))) {
			bool is_new;
			IOHIDDeviceRef d = device_for(m, s, &is_new);

			if (d)
				CFSetAddValue(found, d);
			IOObjectRelease(s);
		}
		IOObjectRelease(it);
	}
	return found;
}

CFSetRef IOHIDManagerCopyDevices(IOHIDManagerRef manager)
{
	CFMutableSetRef set;
	CFIndex n;
	const void **vals;

	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!manager->matching)
		return NULL;
	if (!manager->port) {
		/* Not following the registry: ask it now (which adds the new
		 * devices), and drop the devices it no longer lists. */
		set = enumerate(manager);
		if (!set)
			return NULL;
		n = CFDictionaryGetCount(manager->devices);
		vals = calloc((size_t)n + 1, sizeof(*vals));
		if (vals) {
			CFDictionaryGetKeysAndValues(manager->devices, NULL, vals);
			for (CFIndex i = 0; i < n; i++)
				if (!CFSetContainsValue(set, vals[i]))
					forget_device(manager, (IOHIDDeviceRef)vals[i]);
			free(vals);
		}
	} else {
		n = CFDictionaryGetCount(manager->devices);
		set = CFSetCreateMutable(NULL, 0, &kCFTypeSetCallBacks);
		vals = calloc((size_t)n + 1, sizeof(*vals));
		if (!set || !vals) {
			if (set)
				CFRelease(set);
			free(vals);
			return NULL;
		}
		CFDictionaryGetKeysAndValues(manager->devices, NULL, vals);
		for (CFIndex i = 0; i < n; i++)
			CFSetAddValue(set, vals[i]);
		free(vals);
	}
	if (CFSetGetCount(set) == 0) {
		CFRelease(set);
		return NULL;
	}
	return set;
}

/* ---- notifications ---- */

static void matched(void *refcon, io_iterator_t it)
{
	IOHIDManagerRef m = refcon;
	io_service_t s;

	CFRetain(m);
	while ((s = IOIteratorNext(it))) {
		bool is_new;
		IOHIDDeviceRef d = device_for(m, s, &is_new);

		IOObjectRelease(s);
		if (d && is_new && m->match_cb)
			m->match_cb(m->match_ctx, kIOReturnSuccess, m, d);
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
		CFNumberRef key = NULL;
		IOHIDDeviceRef d = NULL;

		if (IORegistryEntryGetRegistryEntryID(s, &id) == KERN_SUCCESS && (key = id_key(id)))
			d = (IOHIDDeviceRef)CFDictionaryGetValue(m->devices, key);
		IOObjectRelease(s);
		if (key)
			CFRelease(key);
		if (!d)
			continue;
		CFRetain(d);
		forget_device(m, d);
		for (CFIndex i = CFArrayGetCount(m->pending) - 1; i >= 0; i--)
			if (CFArrayGetValueAtIndex(m->pending, i) == d)
				CFArrayRemoveValueAtIndex(m->pending, i);
		hid_device_removed(d);
		if (m->remove_cb)
			m->remove_cb(m->remove_ctx, kIOReturnSuccess, m, d);
		CFRelease(d);
	}
	CFRelease(m);
}

static void pending_perform(void *info)
{
	IOHIDManagerRef m = info;

	CFRetain(m);
	while (CFArrayGetCount(m->pending) > 0) {
		IOHIDDeviceRef d = (IOHIDDeviceRef)CFRetain(CFArrayGetValueAtIndex(m->pending, 0));

		CFArrayRemoveValueAtIndex(m->pending, 0);
		if (m->match_cb)
			m->match_cb(m->match_ctx, kIOReturnSuccess, m, d);
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

/* Queues every current device for the matching callback. */
static void queue_all(IOHIDManagerRef m)
{
	CFIndex n = CFDictionaryGetCount(m->devices);
	const void **vals;

	if (!m->pending_src || n == 0)
		return;
	vals = calloc((size_t)n, sizeof(*vals));
	if (!vals)
		return;
	CFDictionaryGetKeysAndValues(m->devices, NULL, vals);
	for (CFIndex i = 0; i < n; i++)
		if (!CFArrayContainsValue(m->pending, CFRangeMake(0, CFArrayGetCount(m->pending)), vals[i]))
			CFArrayAppendValue(m->pending, vals[i]);
	free(vals);
	CFRunLoopSourceSignal(m->pending_src);
	CFRunLoopWakeUp(m->rl);
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

/* Subscribes on the manager's port (made if needed) to the current
 * dictionaries; the devices present are queued for the matching
 * callback. */
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

		if (first && IOServiceAddMatchingNotification(m->port, kIOFirstMatchNotification, first,
							      matched, m, &it) == KERN_SUCCESS) {
			while ((s = IOIteratorNext(it))) {	/* present now; arms it */
				bool is_new;

				device_for(m, s, &is_new);
				IOObjectRelease(s);
			}
			add_iter(m, it);
		}
		first = NULL;
		if (term && IOServiceAddMatchingNotification(m->port, kIOTerminatedNotification, term,
							     terminated, m, &it) == KERN_SUCCESS) {
			while ((s = IOIteratorNext(it)))
				IOObjectRelease(s);
			add_iter(m, it);
		}
	}
	queue_all(m);
}

static void set_matching(IOHIDManagerRef m, CFArrayRef dicts)
{
	CFArrayRef copy = CFArrayCreateCopy(NULL, dicts);
	CFIndex n = CFDictionaryGetCount(m->devices);
	const void **vals;

	if (!copy)
		return;
	if (m->matching)
		CFRelease(m->matching);
	m->matching = copy;
	/* New matching, new device set (as macOS: the old devices go). */
	stop_notifications(m);
	vals = calloc((size_t)n + 1, sizeof(*vals));
	if (vals) {
		CFDictionaryGetKeysAndValues(m->devices, NULL, vals);
		for (CFIndex i = 0; i < n; i++)
			hid_device_set_manager_input((IOHIDDeviceRef)vals[i], NULL, NULL);
		free(vals);
	}
	CFDictionaryRemoveAllValues(m->devices);
	start_notifications(m);
}

void IOHIDManagerRegisterDeviceMatchingCallback(IOHIDManagerRef manager,
						IOHIDDeviceCallback callback, void *context)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->match_cb = callback;
	manager->match_ctx = context;
	if (callback && manager->port)
		queue_all(manager);
}

void IOHIDManagerRegisterDeviceRemovalCallback(IOHIDManagerRef manager,
					       IOHIDDeviceCallback callback, void *context)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->remove_cb = callback;
	manager->remove_ctx = context;
}

/* Applies fn to every device of the manager. */
static void each_device(IOHIDManagerRef m, void (*fn)(IOHIDManagerRef m, IOHIDDeviceRef d))
{
	CFIndex n = CFDictionaryGetCount(m->devices);
	const void **vals = calloc((size_t)n + 1, sizeof(*vals));

	if (!vals)
		return;
	CFDictionaryGetKeysAndValues(m->devices, NULL, vals);
	for (CFIndex i = 0; i < n; i++)
		CFRetain(vals[i]);
	for (CFIndex i = 0; i < n; i++) {
		fn(m, (IOHIDDeviceRef)vals[i]);
		CFRelease(vals[i]);
	}
	free(vals);
}

static void set_input(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	hid_device_set_manager_input(d, m->open ? m->input_cb : NULL, m->input_ctx);
}

void IOHIDManagerRegisterInputReportCallback(IOHIDManagerRef manager,
					     IOHIDReportCallback callback, void *context)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->input_cb = callback;
	manager->input_ctx = context;
	each_device(manager, set_input);
}

static void open_one(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	IOHIDDeviceOpen(d, m->open_options);
	set_input(m, d);
	if (m->rl)
		IOHIDDeviceScheduleWithRunLoop(d, m->rl, m->mode);
}

static void close_one(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	set_input(m, d);
	if (m->rl)
		IOHIDDeviceUnscheduleFromRunLoop(d, m->rl, m->mode);
	IOHIDDeviceClose(d, 0);
}

static void unschedule_one(IOHIDManagerRef m, IOHIDDeviceRef d)
{
	IOHIDDeviceUnscheduleFromRunLoop(d, m->rl, m->mode);
}

IOReturn IOHIDManagerOpen(IOHIDManagerRef manager, IOOptionBits options)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	manager->open = true;
	manager->open_options = options;
	/* A device that cannot be opened (no node, no permission) stays in
	 * the set, closed, as macOS keeps devices it could not open. */
	each_device(manager, open_one);
	return kIOReturnSuccess;
}

IOReturn IOHIDManagerClose(IOHIDManagerRef manager, IOOptionBits options)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	(void)options;
	if (!manager->open)
		return kIOReturnNotOpen;
	manager->open = false;
	each_device(manager, close_one);
	return kIOReturnSuccess;
}

void IOHIDManagerScheduleWithRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				     CFStringRef runLoopMode)
{
	CFRunLoopSourceContext ctx = { .version = 0, .info = manager, .perform = pending_perform };

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
	start_notifications(manager);
	if (manager->open)
		each_device(manager, open_one);
}

void IOHIDManagerUnscheduleFromRunLoop(IOHIDManagerRef manager, CFRunLoopRef runLoop,
				       CFStringRef runLoopMode)
{
	cf_check(manager, IOHIDManagerGetTypeID(), __func__);
	if (!manager->rl || runLoop != manager->rl || !runLoopMode ||
	    !CFEqual(runLoopMode, manager->mode))
		return;
	stop_notifications(manager);
	if (manager->open)
		each_device(manager, unschedule_one);
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
