/* Unit tests for libIOKit's HID manager and device objects
 * (lib/iokit/hid_manager.c, hid_device.c) without a mount: the report-ID
 * scan of a descriptor, the errno -> IOReturn map, the CF behaviour of
 * managers (type ID, retain/release, properties, CopyDevices NULL) and
 * IOHIDDeviceCreate's refusals.  Every test checks that the live CF
 * object count returns to where it was. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/hid/IOHIDLib.h>

#include "cf_internal.h"
#include "hid_internal.h"
#include "leak_check.h"

static long objects_before;

static void objects_setup(void)
{
	/* No mount: the registry calls fail as on a Mac without IOKit. */
	setenv("IOKIT_ROOT", "/nonexistent/iokitfs-test", 1);
	setenv("IOKIT_QUIET", "1", 1);
	/* The thread's run loop lives as long as the thread: made first. */
	CFRunLoopGetCurrent();
	objects_before = cf_live_objects();
}

static void objects_teardown(void)
{
	ck_assert_int_eq(cf_live_objects(), objects_before);
}

/* The fixture receiver's keyboard collection, report ID 1 (trimmed). */
static const uint8_t with_ids[] = {
	0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x85, 0x01, 0x05, 0x07, 0x19, 0xe0,
	0x29, 0xe7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xc0,
};
/* A mouse without report IDs; a 2-byte Usage Minimum whose data is 0x85. */
static const uint8_t without_ids[] = {
	0x05, 0x01, 0x09, 0x02, 0xa1, 0x01, 0x0a, 0x85, 0x00, 0x19, 0x85, 0x29, 0x03,
	0x81, 0x02, 0xc0,
};

START_TEST(test_report_ids)
{
	/* A long item (0xfe, size 2, tag) whose data holds 0x85 0x01. */
	static const uint8_t long_item[] = { 0xfe, 0x02, 0x10, 0x85, 0x01, 0x09, 0x01 };
	static const uint8_t truncated[] = { 0x05, 0x01, 0x27 };	/* 4-byte item cut short */

	ck_assert(hid_descriptor_has_report_ids(with_ids, sizeof(with_ids)));
	ck_assert(!hid_descriptor_has_report_ids(without_ids, sizeof(without_ids)));
	ck_assert(!hid_descriptor_has_report_ids(long_item, sizeof(long_item)));
	ck_assert(!hid_descriptor_has_report_ids(truncated, sizeof(truncated)));
	ck_assert(!hid_descriptor_has_report_ids(long_item, 1));
	ck_assert(!hid_descriptor_has_report_ids(NULL, 0));
}
END_TEST

START_TEST(test_errno_map)
{
	ck_assert_int_eq(hid_ioreturn_from_errno(EACCES), kIOReturnNotPermitted);
	ck_assert_int_eq(hid_ioreturn_from_errno(EPERM), kIOReturnNotPermitted);
	ck_assert_int_eq(hid_ioreturn_from_errno(EBUSY), kIOReturnExclusiveAccess);
	ck_assert_int_eq(hid_ioreturn_from_errno(ENOENT), kIOReturnNoDevice);
	ck_assert_int_eq(hid_ioreturn_from_errno(ENODEV), kIOReturnNoDevice);
	ck_assert_int_eq(hid_ioreturn_from_errno(ENOTTY), kIOReturnUnsupported);
	ck_assert_int_eq(hid_ioreturn_from_errno(EPIPE), kIOReturnIOError);
	ck_assert_int_eq(hid_ioreturn_from_errno(EINVAL), kIOReturnBadArgument);
	ck_assert_int_eq(hid_ioreturn_from_errno(ELOOP), kIOReturnError);
}
END_TEST

START_TEST(test_manager_cf)
{
	IOHIDManagerRef m = IOHIDManagerCreate(kCFAllocatorDefault, kIOHIDOptionsTypeNone);
	CFStringRef key = CFSTR("Key");
	CFNumberRef v;
	int n = 7;

	ck_assert_ptr_nonnull(m);
	ck_assert(IOHIDManagerGetTypeID() != IOHIDDeviceGetTypeID());
	ck_assert_uint_eq(CFGetTypeID(m), IOHIDManagerGetTypeID());
	ck_assert_ptr_eq(CFRetain(m), m);
	ck_assert_int_eq(CFGetRetainCount(m), 2);
	CFRelease(m);
	ck_assert(CFEqual(m, m));
	/* No matching set yet: NULL, as macOS. */
	ck_assert_ptr_null(IOHIDManagerCopyDevices(m));
	ck_assert_ptr_null(IOHIDManagerGetProperty(m, key));
	v = CFNumberCreate(NULL, kCFNumberIntType, &n);
	ck_assert(IOHIDManagerSetProperty(m, key, v));
	ck_assert_ptr_eq(IOHIDManagerGetProperty(m, key), v);
	ck_assert(!IOHIDManagerSetProperty(m, key, NULL));
	CFRelease(v);
	/* No mount: nothing matches, CopyDevices is NULL. */
	IOHIDManagerSetDeviceMatching(m, NULL);
	ck_assert_ptr_null(IOHIDManagerCopyDevices(m));
	IOHIDManagerSetDeviceMatchingMultiple(m, NULL);
	ck_assert_ptr_null(IOHIDManagerCopyDevices(m));
	ck_assert_int_eq(IOHIDManagerClose(m, 0), kIOReturnNotOpen);
	ck_assert_int_eq(IOHIDManagerOpen(m, 0), kIOReturnSuccess);
	ck_assert_int_eq(IOHIDManagerClose(m, 0), kIOReturnSuccess);
	/* Scheduled and unscheduled without a daemon: no crash, no devices. */
	IOHIDManagerScheduleWithRunLoop(m, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	ck_assert_ptr_null(IOHIDManagerCopyDevices(m));
	IOHIDManagerUnscheduleFromRunLoop(m, CFRunLoopGetCurrent(), kCFRunLoopDefaultMode);
	CFRelease(m);
}
END_TEST

START_TEST(test_device_create_refused)
{
	ck_assert_ptr_null(IOHIDDeviceCreate(kCFAllocatorDefault, IO_OBJECT_NULL));
	ck_assert_ptr_null(IOHIDDeviceCreate(kCFAllocatorDefault, 0x1234));
}
END_TEST

static Suite *hid_suite(void)
{
	Suite *s = suite_create("hid_lib");
	TCase *tc = tcase_create("hid_lib");

	LEAK_CHECKED(tc);
	tcase_add_checked_fixture(tc, objects_setup, objects_teardown);
	tcase_add_test(tc, test_report_ids);
	tcase_add_test(tc, test_errno_map);
	tcase_add_test(tc, test_manager_cf);
	tcase_add_test(tc, test_device_create_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(hid_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
