/* Notifications against a live-source mount of a fixture sysfs tree (run
 * by test_notifications.sh, as root): matching notifications through a run
 * loop while devices come and go, interest messages, the release rule,
 * busy state and IOServiceWaitQuiet, dispatch queues, and a port that is
 * never read.
 *
 * Environment: IOKIT_ROOT (the mount), NOTIFY_SYSFS (the fixture's root). */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOKitLinux.h>
#include <IOKit/IOMessage.h>
#include <dispatch/dispatch.h>
#include <mach/mach.h>
#include <talloc.h>

#include "notify_wire.h"
#include "value.h"
#include "value_binary.h"

#define DEVPATH "/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2.4"

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	ck_assert_msg(system(cmd) == 0, "command failed: %s", cmd);
}

static void plug(const char *product)
{
	const char *sys = getenv("NOTIFY_SYSFS"), *mnt = getenv("IOKIT_ROOT");

	sh("d='%s%s'; mkdir -p \"$d\" && printf 'DEVTYPE=usb_device\\nPRODUCT=781/5567/100\\n' >\"$d/uevent\" &&"
	   " printf '0781\\n' >\"$d/idVendor\" && printf '5567\\n' >\"$d/idProduct\" &&"
	   " printf '%s\\n' >\"$d/product\" && ln -sfn '%s/bus/usb' \"$d/subsystem\" &&"
	   " echo 'add %s' >'%s/.iokit/uevent'", sys, DEVPATH, product, sys, DEVPATH, mnt);
}

static void change(const char *product)
{
	sh("printf '%s\\n' >'%s%s/product' && echo 'change %s' >'%s/.iokit/uevent'", product,
	   getenv("NOTIFY_SYSFS"), DEVPATH, DEVPATH, getenv("IOKIT_ROOT"));
}

static void unplug(void)
{
	sh("rm -rf '%s%s' && echo 'remove %s' >'%s/.iokit/uevent'", getenv("NOTIFY_SYSFS"),
	   DEVPATH, DEVPATH, getenv("IOKIT_ROOT"));
}

static CFMutableDictionaryRef cruzer_matching(void)
{
	CFMutableDictionaryRef m = IOServiceMatching("IOUSBHostDevice");
	CFMutableDictionaryRef props = CFDictionaryCreateMutable(NULL, 0,
		&kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
	int vid = 0x781;
	CFNumberRef n = CFNumberCreate(NULL, kCFNumberIntType, &vid);

	CFDictionarySetValue(props, CFSTR("idVendor"), n);
	CFDictionarySetValue(m, CFSTR(kIOPropertyMatchKey), props);
	CFRelease(n);
	CFRelease(props);
	return m;
}

/* ---- matching notifications ---- */

#define MAX_SEEN 64
struct seen {
	const char *tag;
	uint64_t ids[MAX_SEEN];
	int count;
	int callbacks;
	/* What the last object answered inside the callback (a terminated
	 * service answers from its final state, as on macOS). */
	kern_return_t name_kr, class_kr, props_kr;
	io_name_t name, class_name;
	bool has_vendor;
};

static struct seen *order[3 * MAX_SEEN];
static int norder;

static void drain(struct seen *s, io_iterator_t it)
{
	io_object_t o;

	while ((o = IOIteratorNext(it))) {
		uint64_t id = 0;

		ck_assert_int_eq(IORegistryEntryGetRegistryEntryID(o, &id), KERN_SUCCESS);
		{
			CFMutableDictionaryRef props = NULL;

			s->name_kr = IORegistryEntryGetName(o, s->name);
			s->class_kr = IOObjectGetClass(o, s->class_name);
			s->props_kr = IORegistryEntryCreateCFProperties(o, &props, NULL, 0);
			s->has_vendor = props && CFDictionaryContainsKey(props, CFSTR("idVendor"));
			if (props)
				CFRelease(props);
		}
		if (s->count < MAX_SEEN)
			s->ids[s->count++] = id;
		if (norder < (int)(sizeof(order) / sizeof(order[0])))
			order[norder++] = s;
		IOObjectRelease(o);
	}
}

static void matched(void *refcon, io_iterator_t it)
{
	struct seen *s = refcon;

	s->callbacks++;
	drain(s, it);
}

/* Runs the current run loop until pred holds or seconds pass. */
static bool run_until(bool (*pred)(void *), void *arg, double seconds)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (pred(arg))
			return true;
		clock_gettime(CLOCK_MONOTONIC, &t);
		double left = seconds - (double)(t.tv_sec - t0.tv_sec) -
			      (double)(t.tv_nsec - t0.tv_nsec) / 1e9;
		if (left <= 0)
			return pred(arg);
		CFRunLoopRunInMode(kCFRunLoopDefaultMode, left, true);
	}
}

static bool has_one(void *arg)
{
	return ((struct seen *)arg)->count >= 1;
}

static bool has_two(void *arg)
{
	return ((struct seen *)arg)->count >= 2;
}

START_TEST(matching_through_run_loop)
{
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	struct seen first = { .tag = "first" }, pub = { .tag = "publish" },
		    term = { .tag = "terminated" }, all = { .tag = "all" };
	io_iterator_t it_first, it_pub, it_term, it_all;

	ck_assert_ptr_nonnull(port);
	CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
			   kCFRunLoopDefaultMode);
	ck_assert_int_eq(IOServiceAddMatchingNotification(port, kIOFirstMatchNotification,
		cruzer_matching(), matched, &first, &it_first), KERN_SUCCESS);
	ck_assert_int_eq(IOServiceAddMatchingNotification(port, kIOPublishNotification,
		cruzer_matching(), matched, &pub, &it_pub), KERN_SUCCESS);
	ck_assert_int_eq(IOServiceAddMatchingNotification(port, kIOTerminatedNotification,
		cruzer_matching(), matched, &term, &it_term), KERN_SUCCESS);
	ck_assert_int_eq(IOServiceAddMatchingNotification(port, kIOMatchedNotification,
		IOServiceMatching("IOUSBHostDevice"), matched, &all, &it_all), KERN_SUCCESS);
	/* Arm: the existing set first (the fixture has USB devices, no Cruzer). */
	drain(&first, it_first);
	drain(&pub, it_pub);
	drain(&term, it_term);
	drain(&all, it_all);
	ck_assert_int_eq(first.count, 0);
	ck_assert_int_eq(pub.count, 0);
	ck_assert_int_eq(term.count, 0);
	ck_assert_int_gt(all.count, 0);
	int existing = all.count;

	norder = 0;
	plug("Cruzer Blade");
	ck_assert(run_until(has_one, &first, 5));
	ck_assert(run_until(has_one, &pub, 5));
	ck_assert_int_eq(first.count, 1);
	ck_assert_int_eq(pub.count, 1);
	ck_assert_uint_eq(first.ids[0], pub.ids[0]);
	ck_assert_int_eq(all.count, existing + 1);
	ck_assert_uint_eq(all.ids[existing], first.ids[0]);
	ck_assert_int_eq(term.count, 0);

	/* The new entry is the one the mount shows. */
	io_service_t dev = IOServiceGetMatchingService(kIOMainPortDefault, cruzer_matching());
	uint64_t id = 0;
	ck_assert_uint_ne(dev, 0);
	IORegistryEntryGetRegistryEntryID(dev, &id);
	ck_assert_uint_eq(id, first.ids[0]);
	IOObjectRelease(dev);

	unplug();
	ck_assert(run_until(has_one, &term, 5));
	ck_assert_int_eq(term.count, 1);
	ck_assert_uint_eq(term.ids[0], first.ids[0]);
	/* The terminated service still answers inside the callback. */
	ck_assert_int_eq(term.name_kr, KERN_SUCCESS);
	ck_assert_str_eq(term.name, first.name);
	ck_assert_int_eq(term.class_kr, KERN_SUCCESS);
	ck_assert_str_eq(term.class_name, "IOUSBHostDevice");
	ck_assert_int_eq(term.props_kr, KERN_SUCCESS);
	ck_assert(term.has_vendor);
	/* In order: matched/published before terminated. */
	ck_assert_ptr_eq(order[norder - 1], &term);

	/* Exactly once each: nothing more comes. */
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.3, false);
	ck_assert_int_eq(first.count, 1);
	ck_assert_int_eq(pub.count, 1);
	ck_assert_int_eq(term.count, 1);
	ck_assert_int_eq(first.callbacks, 1);

	/* Plugged again: a new entry (new ID): first-match reports it too. */
	plug("Cruzer Blade");
	ck_assert(run_until(has_two, &first, 5));
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.3, false);
	ck_assert_int_eq(first.count, 2);
	ck_assert_uint_ne(first.ids[1], first.ids[0]);

	/* Releasing the iterator stops delivery. */
	IOObjectRelease(it_pub);
	int pub_before = pub.count;
	unplug();
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 2, true);
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.3, false);
	ck_assert_int_eq(term.count, 2);
	plug("Cruzer Blade");
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 2, true);
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.3, false);
	ck_assert_int_eq(pub.count, pub_before);
	ck_assert_int_eq(first.count, 3);
	unplug();
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 2, true);

	IOObjectRelease(it_first);
	IOObjectRelease(it_term);
	IOObjectRelease(it_all);
	CFRunLoopRemoveSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
			      kCFRunLoopDefaultMode);
	IONotificationPortDestroy(port);
}
END_TEST

/* ---- interest ---- */

struct messages {
	uint32_t types[256];
	int count;		/* kept in types */
	int total;		/* every message */
	pthread_t thread;
};

static void interest(void *refcon, io_service_t service, uint32_t type, void *arg)
{
	struct messages *m = refcon;

	(void)service;
	(void)arg;
	m->thread = pthread_self();
	__atomic_add_fetch(&m->total, 1, __ATOMIC_SEQ_CST);
	if (m->count < 256)
		m->types[m->count++] = type;
}

static bool has_message(struct messages *m, uint32_t type)
{
	for (int i = 0; i < m->count; i++)
		if (m->types[i] == type)
			return true;
	return false;
}

static bool got_terminated(void *arg)
{
	return has_message(arg, kIOMessageServiceIsTerminated);
}

static bool got_property(void *arg)
{
	return has_message(arg, kIOMessageServicePropertyChange);
}

START_TEST(interest_property_and_termination)
{
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	struct messages m = { .count = 0 };
	io_object_t note;
	io_service_t dev;

	plug("Cruzer Blade");
	for (int i = 0; i < 50 && !(dev = IOServiceGetMatchingService(kIOMainPortDefault,
								      cruzer_matching())); i++)
		usleep(100000);
	ck_assert_uint_ne(dev, 0);
	CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
			   kCFRunLoopCommonModes);
	ck_assert_int_eq(IOServiceAddInterestNotification(port, dev, "NoSuchInterest", interest,
							   &m, &note), kIOReturnUnsupported);
	ck_assert_int_eq(IOServiceAddInterestNotification(port, dev, kIOGeneralInterest, interest,
							   &m, &note), KERN_SUCCESS);
	change("Cruzer Ultra");
	ck_assert(run_until(got_property, &m, 5));
	ck_assert(!got_terminated(&m));
	unplug();
	ck_assert(run_until(got_terminated, &m, 5));
	ck_assert_uint_eq(m.types[m.count - 1], kIOMessageServiceIsTerminated);
	IOObjectRelease(note);
	IOObjectRelease(dev);
	IONotificationPortDestroy(port);
}
END_TEST

/* ---- busy state (the daemon's root-only adjust op stands for a driver) ---- */

static int open_notify(void)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/.iokit/notify", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDONLY | O_NONBLOCK);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/* One root-only driver operation through an open notify file. */
static void driver_op_on(int fd, uint32_t op, uint64_t id, const char *key, int64_t value)
{
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct reg_value *args = reg_value_new_dict(NULL);
	uint8_t *enc;
	size_t len;

	reg_dict_set(args, "id", reg_value_new_number(args, (int64_t)id, 64));
	reg_dict_set(args, key, reg_value_new_number(args, value, 64));
	enc = reg_value_to_binary(args, args, &len);
	memcpy(msg->data, enc, len);
	msg->op = op;
	msg->length = msg->total = (uint32_t)len;
	ck_assert_int_eq(ioctl(fd, IOKITFS_IOC_CALL, msg), 0);
	ck_assert_int_eq(msg->result, 0);
	free(msg);
	talloc_free(args);
}

static void driver_op(uint32_t op, uint64_t id, const char *key, int64_t value)
{
	int fd = open_notify();

	driver_op_on(fd, op, id, key, value);
	close(fd);
}

struct later {
	uint64_t id;
	int64_t delta;
	useconds_t delay;
};

static void *adjust_later(void *arg)
{
	struct later *l = arg;

	usleep(l->delay);
	driver_op(NOTIFY_OP_ADJUST_BUSY, l->id, "delta", l->delta);
	return NULL;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

START_TEST(busy_and_wait_quiet)
{
	io_service_t hub = IOServiceGetMatchingService(kIOMainPortDefault,
						       IOServiceMatching("IOUSBHostDevice"));
	mach_timespec_t short_wait = { 0, 200 * 1000 * 1000 }, long_wait = { 5, 0 };
	uint32_t busy = 99, all = 0;
	uint64_t id;
	struct timespec t0;
	pthread_t thread;

	ck_assert_uint_ne(hub, 0);
	IORegistryEntryGetRegistryEntryID(hub, &id);
	ck_assert_int_eq(IOServiceGetBusyState(hub, &busy), KERN_SUCCESS);
	ck_assert_uint_eq(busy, 0);
	ck_assert_int_eq(IOServiceWaitQuiet(hub, &short_wait), KERN_SUCCESS);

	driver_op(NOTIFY_OP_ADJUST_BUSY, id, "delta", 1);
	ck_assert_int_eq(IOServiceGetBusyState(hub, &busy), KERN_SUCCESS);
	ck_assert_uint_eq(busy, 1);
	/* Providers above count it: the registry is busy. */
	ck_assert_int_eq(IOKitGetBusyState(kIOMainPortDefault, &all), KERN_SUCCESS);
	ck_assert_uint_ge(all, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(IOServiceWaitQuiet(hub, &short_wait), kIOReturnTimeout);
	ck_assert(since(&t0) >= 0.19);
	ck_assert_int_eq(IOKitWaitQuiet(kIOMainPortDefault, &short_wait), kIOReturnTimeout);

	struct later l = { .id = id, .delta = -1, .delay = 300000 };
	pthread_create(&thread, NULL, adjust_later, &l);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(IOKitWaitQuiet(kIOMainPortDefault, &long_wait), KERN_SUCCESS);
	double waited = since(&t0);
	ck_assert_msg(waited >= 0.25 && waited < 4, "waited %f s", waited);
	pthread_join(thread, NULL);
	ck_assert_int_eq(IOServiceGetBusyState(hub, &busy), KERN_SUCCESS);
	ck_assert_uint_eq(busy, 0);
	ck_assert_int_eq(IOServiceRequestProbe(hub, 0), kIOReturnUnsupported);
	IOObjectRelease(hub);
}
END_TEST

/* ---- dispatch queues, driver messages, a port nobody reads ---- */

static bool count_at_least(struct messages *m, int n, double seconds)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (__atomic_load_n(&m->total, __ATOMIC_SEQ_CST) < n && since(&t0) < seconds)
		usleep(1000);
	return m->total >= n;
}

START_TEST(dispatch_queue_and_slow_client)
{
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	IONotificationPortRef idle = IONotificationPortCreate(kIOMainPortDefault);
	dispatch_queue_t q = dispatch_queue_create("notify-test", DISPATCH_QUEUE_SERIAL);
	io_service_t hub = IOServiceGetMatchingService(kIOMainPortDefault,
						       IOServiceMatching("IOUSBHostDevice"));
	struct messages m = { .count = 0 }, never = { .count = 0 };
	io_object_t note, idle_note;
	uint64_t id;

	ck_assert_ptr_nonnull(q);
	IORegistryEntryGetRegistryEntryID(hub, &id);
	IONotificationPortSetDispatchQueue(port, q);
	ck_assert_int_eq(IOServiceAddInterestNotification(port, hub, kIOGeneralInterest, interest,
							   &m, &note), KERN_SUCCESS);
	ck_assert_int_eq(IOServiceAddInterestNotification(idle, hub, kIOGeneralInterest, interest,
							   &never, &idle_note), KERN_SUCCESS);
	driver_op(NOTIFY_OP_MESSAGE, id, "message", (int64_t)kIOMessageServiceIsSuspended);
	ck_assert(count_at_least(&m, 1, 5));
	ck_assert_uint_eq(m.types[0], kIOMessageServiceIsSuspended);
	ck_assert(!pthread_equal(m.thread, pthread_self()));

	/* The idle port overflows; the other keeps up, the daemon keeps going. */
	int n = IOKITFS_NOTIFY_QUEUE + 100, ops = open_notify();
	for (int i = 0; i < n; i++)
		driver_op_on(ops, NOTIFY_OP_MESSAGE, id, "message", 0xE0003000 + (i & 0xff));
	close(ops);
	ck_assert_msg(count_at_least(&m, 1 + n, 60), "got %d of %d", m.total, 1 + n);
	ck_assert_int_eq(never.total, 0);

	/* The idle port's queue: full, then the overflow note. */
	int fd = IONotificationPortGetFileDescriptor(idle);
	struct iokitfs_note note_buf[512];
	ssize_t got;
	long total = 0;
	bool overflow = false;
	while ((got = read(fd, note_buf, sizeof(note_buf))) > 0)
		for (size_t i = 0; i < (size_t)got / sizeof(note_buf[0]); i++) {
			total++;
			if (note_buf[i].kind == IOKITFS_NOTE_OVERFLOW) {
				overflow = true;
				ck_assert_uint_gt(note_buf[i].argument, 0);
			}
		}
	ck_assert(overflow);
	ck_assert_int_ge(total, IOKITFS_NOTIFY_QUEUE - 2);

	IONotificationPortSetDispatchQueue(port, NULL);
	IOObjectRelease(note);
	IOObjectRelease(idle_note);
	IOObjectRelease(hub);
	IONotificationPortDestroy(port);
	IONotificationPortDestroy(idle);
	dispatch_release(q);
}
END_TEST

START_TEST(run_loop_basics)
{
	CFRunLoopRef rl = CFRunLoopGetCurrent();
	struct timespec t0;

	ck_assert_ptr_eq(rl, CFRunLoopGetCurrent());
	/* No source: finished at once. */
	ck_assert_int_eq(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1, false),
			 kCFRunLoopRunFinished);
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	CFRunLoopSourceRef src = IONotificationPortGetRunLoopSource(port);
	ck_assert_ptr_eq(src, IONotificationPortGetRunLoopSource(port));
	CFRunLoopAddSource(rl, src, kCFRunLoopCommonModes);
	ck_assert(CFRunLoopContainsSource(rl, src, kCFRunLoopDefaultMode));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.2, false),
			 kCFRunLoopRunTimedOut);
	ck_assert(since(&t0) >= 0.19);
	CFRunLoopStop(rl);
	ck_assert_int_eq(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 5, false),
			 kCFRunLoopRunStopped);
	/* Another mode has no source. */
	ck_assert_int_eq(CFRunLoopRunInMode(CFSTR("other"), 1, false), kCFRunLoopRunFinished);
	ck_assert(IONotificationPortGetMachPort(port) != MACH_PORT_NULL);
	ck_assert_int_ge(IONotificationPortGetFileDescriptor(port), 0);
	mach_port_t rp;
	ck_assert_int_eq(IOCreateReceivePort(99, &rp), kIOReturnBadArgument);
	ck_assert_int_eq(IOCreateReceivePort(kOSNotificationMessageID, &rp), KERN_SUCCESS);
	mach_port_mod_refs(mach_task_self(), rp, MACH_PORT_RIGHT_RECEIVE, -1);
	IONotificationPortDestroy(port);	/* invalidates the source */
	ck_assert_int_eq(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1, false),
			 kCFRunLoopRunFinished);
}
END_TEST

/* The deprecated call: a plain receive right is woken, the iterator read. */
START_TEST(add_notification_on_receive_right)
{
	struct {
		mach_msg_header_t header;
		char body[256];
	} msg;
	mach_port_t rp;
	io_iterator_t it, none;
	io_service_t s;
	int existing = 0, fresh = 0;

	ck_assert_int_eq(IOCreateReceivePort(kOSNotificationMessageID, &rp), KERN_SUCCESS);
	ck_assert_int_eq(IOServiceAddNotification(kIOMainPortDefault, kIOPublishNotification,
						  cruzer_matching(), rp, 7, &it), KERN_SUCCESS);
	ck_assert_uint_ne(it, 0);
	while ((s = IOIteratorNext(it))) {	/* arms it */
		existing++;
		IOObjectRelease(s);
	}
	ck_assert_int_eq(existing, 0);
	ck_assert_int_eq(mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg), rp,
				  200, MACH_PORT_NULL), MACH_RCV_TIMED_OUT);
	plug("Cruzer Blade");
	ck_assert_int_eq(mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg), rp,
				  5000, MACH_PORT_NULL), MACH_MSG_SUCCESS);
	ck_assert_uint_eq(msg.header.msgh_local_port, rp);
	while ((s = IOIteratorNext(it))) {
		io_name_t cls;

		ck_assert_int_eq(IOObjectGetClass(s, cls), KERN_SUCCESS);
		ck_assert_str_eq(cls, "IOUSBHostDevice");
		fresh++;
		IOObjectRelease(s);
	}
	ck_assert_int_eq(fresh, 1);
	/* Read: the port is quiet again. */
	ck_assert_int_eq(mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg), rp,
				  200, MACH_PORT_NULL), MACH_RCV_TIMED_OUT);
	unplug();
	ck_assert_int_eq(IOServiceAddNotification(kIOMainPortDefault, kIOPublishNotification,
						  cruzer_matching(), MACH_PORT_NULL, 0, &none),
			 kIOReturnBadArgument);
	ck_assert_uint_eq(none, 0);
	ck_assert_int_eq(IOServiceAddNotification(kIOMainPortDefault, kIOPublishNotification,
						  NULL, rp, 0, &none), kIOReturnBadArgument);
	IOObjectRelease(it);
	mach_port_mod_refs(mach_task_self(), rp, MACH_PORT_RIGHT_RECEIVE, -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("notifications");
	TCase *tc = tcase_create("live");
	SRunner *sr;
	int failed;

	if (!getenv("IOKIT_ROOT") || !getenv("NOTIFY_SYSFS")) {
		printf("SKIP: IOKIT_ROOT and NOTIFY_SYSFS not set\n");
		return 77;
	}
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, run_loop_basics);
	tcase_add_test(tc, matching_through_run_loop);
	tcase_add_test(tc, add_notification_on_receive_right);
	tcase_add_test(tc, interest_property_and_termination);
	tcase_add_test(tc, busy_and_wait_quiet);
	tcase_add_test(tc, dispatch_queue_and_slow_client);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
