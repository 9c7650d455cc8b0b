/* Report I/O and hot-unplug through IOHIDManager/IOHIDDevice on a live
 * mount of a fixture sysfs tree, with a pseudo-terminal standing in for
 * the hidraw node (this machine has no uhid): the device's sysfs
 * directory gets a hidraw/hidraw0 child and IOKIT_DEV_ROOT/hidraw0 is a
 * link to the pty's slave, in raw mode, so what the "device" (the master)
 * writes is an input report and what the library writes is read back on
 * the master.  Feature and input report ioctls on a pty fail with ENOTTY,
 * which the library reports as kIOReturnUnsupported.
 *
 *   IOKIT_ROOT=MNT IOKIT_SYSFS_ROOT=SYS IOKIT_DEV_ROOT=DEV hid_io DEVPATH
 *
 * DEVPATH: the HID device's path below SYS (a keyboard with report IDs,
 * PrimaryUsagePage 1 / PrimaryUsage 6).  Prints one "step value" line per
 * step, checked by test_live_hid.sh; exit 0, or 2 on a setup error. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/hid/IOHIDLib.h>

static int matched, removed_mgr, removed_dev, inputs, mgr_inputs;
static IOHIDManagerRef g_mgr;
static uint8_t mgr_report[64];
static CFIndex mgr_len;
static CFDictionaryRef g_match;
static IOHIDDeviceRef matched_dev, removed_dev_ref;
static uint32_t input_id;
static CFIndex input_len;
static uint8_t input_buf[64];

static void on_match(void *ctx, IOReturn r, void *sender, IOHIDDeviceRef dev)
{
	(void)ctx;
	(void)sender;
	if (r == kIOReturnSuccess) {
		matched++;
		matched_dev = dev;
	}
}

static void on_remove(void *ctx, IOReturn r, void *sender, IOHIDDeviceRef dev)
{
	(void)ctx;
	(void)r;
	(void)sender;
	removed_mgr++;
	removed_dev_ref = dev;
	/* A new matching from inside the manager's own callback (its
	 * notification port is replaced under its dispatch). */
	IOHIDManagerSetDeviceMatching(g_mgr, g_match);
}

static void on_mgr_input(void *ctx, IOReturn r, void *sender, IOHIDReportType type, uint32_t id,
			 uint8_t *report, CFIndex len)
{
	(void)ctx;
	if (r == kIOReturnSuccess && type == kIOHIDReportTypeInput && id == 1 && len == 9 &&
	    sender == matched_dev) {
		mgr_inputs++;
		memcpy(mgr_report, report, (size_t)len);
		mgr_len = len;
	}
}

static void on_dev_remove(void *ctx, IOReturn r, void *sender)
{
	(void)ctx;
	(void)r;
	(void)sender;
	removed_dev++;
}

static void on_input(void *ctx, IOReturn r, void *sender, IOHIDReportType type, uint32_t id,
		     uint8_t *report, CFIndex len)
{
	(void)ctx;
	(void)sender;
	(void)report;
	if (r == kIOReturnSuccess && type == kIOHIDReportTypeInput) {
		inputs++;
		input_id = id;
		input_len = len;
	}
}

/* Turns the run loop until *counter reaches want (at most ~10 s). */
static void run_until(int *counter, int want)
{
	for (int i = 0; i < 100 && *counter < want; i++)
		CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.1, true);
}

static void hex(const uint8_t *p, CFIndex n)
{
	for (CFIndex i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

/* Reads what the library wrote to the node (waits up to ~5 s). */
static ssize_t read_master(int fd, uint8_t *buf, size_t size)
{
	for (int i = 0; i < 500; i++) {
		ssize_t n = read(fd, buf, size);

		if (n > 0 || (n < 0 && errno != EAGAIN))
			return n;
		usleep(10000);
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *sys = getenv("IOKIT_SYSFS_ROOT"), *dev = getenv("IOKIT_DEV_ROOT");
	const char *mnt = getenv("IOKIT_ROOT");
	char dir[PATH_MAX], node[PATH_MAX], cmd[PATH_MAX * 2];
	uint8_t report[64], got[64];
	CFMutableDictionaryRef match;
	IOHIDManagerRef mgr;
	CFSetRef set;
	IOHIDDeviceRef d;
	CFIndex len;
	int master, slave, one = 1, six = 6;
	struct termios tio;
	ssize_t n;
	FILE *ev;

	if (argc != 2 || !sys || !dev || !mnt) {
		fprintf(stderr, "usage: IOKIT_ROOT=MNT IOKIT_SYSFS_ROOT=SYS IOKIT_DEV_ROOT=DEV hid_io DEVPATH\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) || !ptsname(master)) {
		perror("posix_openpt");
		return 2;
	}
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0 || tcgetattr(slave, &tio)) {
		perror("pty slave");
		return 2;
	}
	cfmakeraw(&tio);
	tcsetattr(slave, TCSANOW, &tio);
	fcntl(master, F_SETFL, O_NONBLOCK);

	mgr = IOHIDManagerCreate(kCFAllocatorDefault, kIOHIDOptionsTypeNone);
	match = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					  &kCFTypeDictionaryValueCallBacks);
	CFNumberRef page = CFNumberCreate(NULL, kCFNumberIntType, &one);
	CFNumberRef usage = CFNumberCreate(NULL, kCFNumberIntType, &six);
	CFDictionarySetValue(match, CFSTR(kIOHIDPrimaryUsagePageKey), page);
	CFDictionarySetValue(match, CFSTR(kIOHIDPrimaryUsageKey), usage);
	CFRelease(page);
	CFRelease(usage);
	IOHIDManagerSetDeviceMatching(mgr, match);
	g_mgr = mgr;
	g_match = match;
	IOHIDManagerRegisterDeviceMatchingCallback(mgr, on_match, NULL);
	IOHIDManagerRegisterDeviceRemovalCallback(mgr, on_remove, NULL);
	IOHIDManagerScheduleWithRunLoop(mgr, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	printf("matched-before-run %d\n", matched);
	run_until(&matched, 1);
	printf("matched %d\n", matched);
	if (!matched_dev)
		return 0;
	d = matched_dev;
	set = IOHIDManagerCopyDevices(mgr);
	printf("copy %ld %s\n", set ? (long)CFSetGetCount(set) : 0L,
	       set && CFSetContainsValue(set, d) ? "same" : "other");
	if (set)
		CFRelease(set);
	/* The manager's properties go to its devices. */
	IOHIDManagerSetProperty(mgr, CFSTR("HIDIOTestKey"), kCFBooleanTrue);
	printf("manager-property %s %s\n",
	       IOHIDManagerGetProperty(mgr, CFSTR("HIDIOTestKey")) == kCFBooleanTrue ? "set" : "unset",
	       IOHIDDeviceGetProperty(d, CFSTR("HIDIOTestKey")) == kCFBooleanTrue ? "on-device" : "absent");
	printf("conforms-keyboard %d\n", IOHIDDeviceConformsTo(d, 1, 6));
	printf("conforms-consumer %d\n", IOHIDDeviceConformsTo(d, 12, 1));
	printf("conforms-mouse %d\n", IOHIDDeviceConformsTo(d, 1, 2));

	/* No hidraw child yet: no node. */
	printf("open-no-node 0x%x\n", IOHIDDeviceOpen(d, kIOHIDOptionsTypeNone));
	report[0] = 1;
	report[1] = 3;
	printf("set-not-open 0x%x\n", IOHIDDeviceSetReport(d, kIOHIDReportTypeOutput, 1, report, 2));
	printf("close-not-open 0x%x\n", IOHIDDeviceClose(d, 0));

	snprintf(dir, sizeof(dir), "%s%s/hidraw/hidraw0", sys, argv[1]);
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
	snprintf(node, sizeof(node), "%s/hidraw0", dev);
	if (system(cmd) != 0 || symlink("/nonexistent/hidraw-gone", node)) {
		perror("fixture");
		return 2;
	}
	printf("open-dangling 0x%x\n", IOHIDDeviceOpen(d, kIOHIDOptionsTypeNone));
	unlink(node);
	if (symlink(ptsname(master), node)) {
		perror("symlink");
		return 2;
	}
	printf("open 0x%x\n", IOHIDDeviceOpen(d, kIOHIDOptionsTypeSeizeDevice));

	IOHIDDeviceRegisterRemovalCallback(d, on_dev_remove, NULL);
	IOHIDDeviceRegisterInputReportCallback(d, input_buf, sizeof(input_buf), on_input, NULL);
	IOHIDDeviceScheduleWithRunLoop(d, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	{
		static const uint8_t key_a[9] = { 1, 0x02, 0, 0x04, 0, 0, 0, 0, 0 };

		if (write(master, key_a, sizeof(key_a)) != sizeof(key_a)) {
			perror("write master");
			return 2;
		}
	}
	run_until(&inputs, 1);
	printf("input %d id=%u len=%ld ", inputs, input_id, (long)input_len);
	hex(input_buf, input_len);

	/* The manager, opened, hands the device's reports to its callback too. */
	IOHIDManagerRegisterInputReportCallback(mgr, on_mgr_input, NULL);
	printf("manager-open 0x%x\n", IOHIDManagerOpen(mgr, kIOHIDOptionsTypeNone));
	{
		static const uint8_t key_b[9] = { 1, 0, 0, 0x05, 0, 0, 0, 0, 0 };

		if (write(master, key_b, sizeof(key_b)) != sizeof(key_b)) {
			perror("write master");
			return 2;
		}
	}
	run_until(&mgr_inputs, 1);
	printf("manager-input %d device-input %d ", mgr_inputs, inputs);
	hex(mgr_report, mgr_len);

	printf("set-output-id1 0x%x\n", IOHIDDeviceSetReport(d, kIOHIDReportTypeOutput, 1, report, 2));
	n = read_master(master, got, sizeof(got));
	printf("node-got ");
	hex(got, n > 0 ? n : 0);
	report[0] = 0x55;
	printf("set-output-id0 0x%x\n", IOHIDDeviceSetReport(d, kIOHIDReportTypeOutput, 0, report, 1));
	n = read_master(master, got, sizeof(got));
	printf("node-got ");
	hex(got, n > 0 ? n : 0);
	printf("set-bad-type 0x%x\n", IOHIDDeviceSetReport(d, (IOHIDReportType)7, 0, report, 1));
	len = sizeof(got);
	printf("get-feature 0x%x\n", IOHIDDeviceGetReport(d, kIOHIDReportTypeFeature, 1, got, &len));
	len = sizeof(got);
	printf("get-input 0x%x\n", IOHIDDeviceGetReport(d, kIOHIDReportTypeInput, 1, got, &len));
	{
		static uint8_t big[10000];

		len = sizeof(big);	/* more than any report: accepted */
		printf("get-feature-big 0x%x\n",
		       IOHIDDeviceGetReport(d, kIOHIDReportTypeFeature, 1, big, &len));
		len = -1;
		printf("get-negative 0x%x\n",
		       IOHIDDeviceGetReport(d, kIOHIDReportTypeFeature, 1, big, &len));
	}

	/* Several dictionaries: a device matching any of them. */
	{
		IOHIDManagerRef m2 = IOHIDManagerCreate(kCFAllocatorDefault, 0);
		CFMutableDictionaryRef ps2 = CFDictionaryCreateMutable(NULL, 0,
			&kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
		const void *both[2] = { match, ps2 };
		CFArrayRef multiple;
		CFSetRef s2;

		CFDictionarySetValue(ps2, CFSTR(kIOHIDTransportKey), CFSTR("PS2"));
		multiple = CFArrayCreate(NULL, both, 2, &kCFTypeArrayCallBacks);
		IOHIDManagerSetDeviceMatchingMultiple(m2, multiple);
		s2 = IOHIDManagerCopyDevices(m2);
		printf("multiple %ld %s\n", s2 ? (long)CFSetGetCount(s2) : 0L,
		       s2 && !CFSetContainsValue(s2, d) ? "own-objects" : "shared");
		if (s2)
			CFRelease(s2);
		CFRelease(multiple);
		CFRelease(ps2);
		CFRelease(m2);
	}

	/* A device without report IDs (the PS/2 keyboard, made with
	 * IOHIDDeviceCreate): reports come with ID 0 and as the node gives them. */
	{
		CFMutableDictionaryRef ps2 = IOServiceMatching(kIOHIDDeviceKey);
		io_service_t svc;
		IOHIDDeviceRef kbd;
		CFTypeRef path;
		char devpath[PATH_MAX], node1[PATH_MAX];
		int master1 = posix_openpt(O_RDWR | O_NOCTTY), slave1;
		static const uint8_t boot[3] = { 0x00, 0x2a, 0x00 };

		CFDictionarySetValue(ps2, CFSTR(kIOHIDTransportKey), CFSTR("PS2"));
		svc = IOServiceGetMatchingService(kIOMainPortDefault, ps2);
		kbd = IOHIDDeviceCreate(kCFAllocatorDefault, svc);
		printf("create %s service-same %d\n", kbd ? "ok" : "NULL",
		       kbd && IOObjectIsEqualTo(IOHIDDeviceGetService(kbd), svc));
		if (!kbd || master1 < 0 || grantpt(master1) || unlockpt(master1))
			return 2;
		IOObjectRelease(svc);	/* the device holds its own reference */
		path = IOHIDDeviceGetProperty(kbd, CFSTR("IOLinuxSysfsPath"));
		if (!path || !CFStringGetCString(path, devpath, sizeof(devpath), kCFStringEncodingUTF8))
			return 2;
		slave1 = open(ptsname(master1), O_RDWR | O_NOCTTY);
		tcgetattr(slave1, &tio);
		cfmakeraw(&tio);
		tcsetattr(slave1, TCSANOW, &tio);
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s%s/hidraw/hidraw1'", sys, devpath);
		snprintf(node1, sizeof(node1), "%s/hidraw1", dev);
		if (system(cmd) != 0 || symlink(ptsname(master1), node1))
			return 2;
		printf("ps2-open 0x%x\n", IOHIDDeviceOpen(kbd, 0));
		inputs = 0;
		IOHIDDeviceRegisterInputReportCallback(kbd, input_buf, 2, on_input, NULL);
		IOHIDDeviceScheduleWithRunLoop(kbd, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
		if (write(master1, boot, sizeof(boot)) != sizeof(boot))
			return 2;
		run_until(&inputs, 1);
		printf("ps2-input %d id=%u len=%ld ", inputs, input_id, (long)input_len);
		hex(input_buf, input_len);
		/* The node hangs up (the pty's master closes): the device is gone. */
		removed_dev = 0;
		IOHIDDeviceRegisterRemovalCallback(kbd, on_dev_remove, NULL);
		close(master1);
		run_until(&removed_dev, 1);
		printf("ps2-hangup %d\n", removed_dev);
		removed_dev = 0;
		printf("ps2-close 0x%x\n", IOHIDDeviceClose(kbd, 0));
		printf("ps2-reopen 0x%x\n", IOHIDDeviceOpen(kbd, 0));
		IOHIDDeviceRegisterRemovalCallback(kbd, NULL, NULL);
		CFRelease(kbd);
		unlink(node1);
		close(slave1);
	}

	/* Unplug: the hid device's directory goes, then its remove event. */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s%s'", sys, argv[1]);
	snprintf(dir, sizeof(dir), "%s/.iokit/uevent", mnt);
	if (system(cmd) != 0 || !(ev = fopen(dir, "w")) || fprintf(ev, "remove %s\n", argv[1]) < 0 ||
	    fclose(ev)) {
		perror("remove");
		return 2;
	}
	CFRetain(d);
	run_until(&removed_mgr, 1);
	printf("removed manager=%d device=%d same=%s\n", removed_mgr, removed_dev,
	       removed_dev_ref == d ? "yes" : "no");
	set = IOHIDManagerCopyDevices(mgr);
	printf("copy-after %s %ld\n", set ? "set" : "NULL", set ? (long)CFSetGetCount(set) : 0L);
	if (set)
		CFRelease(set);
	printf("open-after 0x%x\n", IOHIDDeviceOpen(d, 0));
	printf("set-after 0x%x\n", IOHIDDeviceSetReport(d, kIOHIDReportTypeOutput, 1, report, 2));
	IOHIDDeviceUnscheduleFromRunLoop(d, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	CFRelease(d);
	{
		IOReturn first = IOHIDManagerClose(mgr, 0);

		printf("manager-close 0x%x 0x%x\n", first, IOHIDManagerClose(mgr, 0));
	}
	IOHIDManagerUnscheduleFromRunLoop(mgr, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	CFRelease(mgr);
	CFRelease(match);
	unlink(node);
	close(slave);
	close(master);
	return 0;
}
