/* Unit tests for the SDK surface that needs no mount (docs/compat.md):
 * CFDate, CFUUID, CFByteOrder/OSByteOrder, OSAtomic, CFDataGetBytes'
 * leniency, run-loop timers and CFRunLoopPerformBlock, CFURL and write
 * streams, IOCFSerialize/IOCFUnserialize, IOCFPlugIn's answer, the
 * IOCatalogue checks, and the Mach calls (mach_task_self as a function,
 * vm_allocate/vm_deallocate, mach_vm_*, mach_port_names, mach_msg,
 * mach_absolute_time).  Uniqued CFUUIDs live for the process, so this file
 * does not count live CF objects. */
#include <check.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOCFPlugIn.h>
#include <IOKit/IOCFSerialize.h>
#include <IOKit/IOCFUnserialize.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOKitServer.h>
#include <IOKit/usb/IOUSBLib.h>
#include <libkern/OSAtomic.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <mach/mach_vm.h>

START_TEST(test_date)
{
	CFAbsoluteTime now = CFAbsoluteTimeGetCurrent();
	CFDateRef a = CFDateCreate(NULL, 0), b = CFDateCreate(NULL, 86400.5), c;
	CFStringRef desc;
	char text[128];

	ck_assert(now > 700000000.0);	/* after 2023 */
	ck_assert(CFGetTypeID(a) == CFDateGetTypeID());
	ck_assert(CFDateGetAbsoluteTime(b) == 86400.5);
	ck_assert(CFDateGetTimeIntervalSinceDate(b, a) == 86400.5);
	ck_assert_int_eq(CFDateCompare(a, b, NULL), kCFCompareLessThan);
	ck_assert_int_eq(CFDateCompare(b, a, NULL), kCFCompareGreaterThan);
	c = CFDateCreate(NULL, 0);
	ck_assert(CFEqual(a, c));
	ck_assert_uint_eq(CFHash(a), CFHash(c));
	desc = CFStringCreateWithFormat(NULL, NULL, CFSTR("%@"), b);
	ck_assert(CFStringGetCString(desc, text, sizeof(text), kCFStringEncodingUTF8));
	ck_assert_str_eq(text, "2001-01-02 00:00:00 +0000");
	ck_assert(kCFAbsoluteTimeIntervalSince1970 == 978307200.0);
	CFRelease(desc);
	CFRelease(a);
	CFRelease(b);
	CFRelease(c);
}
END_TEST

START_TEST(test_uuid)
{
	CFUUIDRef k = kIOCFPlugInInterfaceID, again, parsed, random1, random2;
	CFStringRef s;
	CFUUIDBytes bytes;
	char text[64];

	again = CFUUIDGetConstantUUIDWithBytes(NULL, 0xC2, 0x44, 0xE8, 0x58, 0x10, 0x9C, 0x11, 0xD4,
					       0x91, 0xD4, 0x00, 0x50, 0xE4, 0xC6, 0x42, 0x6F);
	ck_assert_ptr_eq(k, again);	/* uniqued */
	s = CFUUIDCreateString(NULL, k);
	ck_assert(CFStringGetCString(s, text, sizeof(text), kCFStringEncodingASCII));
	ck_assert_str_eq(text, "C244E858-109C-11D4-91D4-0050E4C6426F");
	parsed = CFUUIDCreateFromString(NULL, CFSTR("c244e858-109c-11d4-91d4-0050e4c6426f"));
	ck_assert_ptr_eq(parsed, k);
	bytes = CFUUIDGetUUIDBytes(kIOUSBDeviceUserClientTypeID);
	ck_assert_uint_eq(bytes.byte0, 0x9d);
	ck_assert_uint_eq(bytes.byte15, 0x61);
	ck_assert_ptr_eq(CFUUIDCreateFromUUIDBytes(NULL, bytes), kIOUSBDeviceUserClientTypeID);
	ck_assert_ptr_null(CFUUIDCreateFromString(NULL, CFSTR("C244E858-109C-11D4-91D4-0050E4C6426")));
	ck_assert_ptr_null(CFUUIDCreateFromString(NULL, CFSTR("C244E858x109C-11D4-91D4-0050E4C6426F")));
	random1 = CFUUIDCreate(NULL);
	random2 = CFUUIDCreate(NULL);
	ck_assert_ptr_ne(random1, random2);
	ck_assert_uint_eq(CFUUIDGetUUIDBytes(random1).byte6 >> 4, 4);	/* version 4 */
	ck_assert(CFGetTypeID(k) == CFUUIDGetTypeID());
	CFRelease(s);
	CFRelease(parsed);
	CFRelease(kIOUSBDeviceUserClientTypeID);	/* the CreateFromUUIDBytes reference */
	CFRelease(random1);
	CFRelease(random2);
}
END_TEST

START_TEST(test_byte_order_and_atomics)
{
	volatile int32_t n = 5;
	volatile int64_t w = 1;
	volatile uint32_t bits = 0;
	volatile uint8_t flags[2] = { 0, 0 };
	OSSpinLock lock = OS_SPINLOCK_INIT;
	void *volatile ptr = NULL;
	uint8_t buf[8] = { 0 };

	ck_assert_uint_eq(OSSwapInt32(0x11223344), 0x44332211);
	ck_assert_uint_eq(OSSwapInt16(0x1122), 0x2211);
	ck_assert_uint_eq(CFSwapInt32BigToHost(0x11223344), 0x44332211);	/* little-endian host */
	ck_assert_uint_eq(CFSwapInt64HostToLittle(7), 7);
	ck_assert_int_eq(CFByteOrderGetCurrent(), CFByteOrderLittleEndian);
	OSWriteBigInt32(buf, 1, 0x01020304);
	ck_assert_uint_eq(buf[1], 1);
	ck_assert_uint_eq(OSReadBigInt32(buf, 1), 0x01020304);
	ck_assert_uint_eq(OSReadLittleInt16(buf, 1), 0x0201);
	ck_assert(CFConvertFloat64SwappedToHost(CFConvertFloat64HostToSwapped(2.5)) == 2.5);

	ck_assert_int_eq(OSAtomicIncrement32(&n), 6);
	ck_assert_int_eq(OSAtomicAdd32Barrier(-6, &n), 0);
	ck_assert_int_eq(OSAtomicAdd64(1LL << 40, &w), (1LL << 40) + 1);
	ck_assert(OSAtomicCompareAndSwap32(0, 9, &n));
	ck_assert(!OSAtomicCompareAndSwap32(0, 10, &n));
	ck_assert_int_eq(n, 9);
	ck_assert(OSAtomicCompareAndSwapPtr(NULL, (void *)&n, &ptr));
	ck_assert_int_eq(OSAtomicOr32Orig(0x3, &bits), 0);
	ck_assert_int_eq(OSAtomicAnd32(0x2, &bits), 2);
	ck_assert(!OSAtomicTestAndSet(0, flags));
	ck_assert_uint_eq(flags[0], 0x80);	/* bit 0 is the first byte's top bit */
	ck_assert(OSAtomicTestAndClear(0, flags));
	ck_assert(!OSAtomicTestAndSet(9, flags));
	ck_assert_uint_eq(flags[1], 0x40);
	ck_assert(OSSpinLockTry(&lock));
	ck_assert(!OSSpinLockTry(&lock));
	OSSpinLockUnlock(&lock);
	OSSpinLockLock(&lock);
	OSSpinLockUnlock(&lock);
	OSMemoryBarrier();
}
END_TEST

/* Apple's release CF does not trap a CFDataGetBytes range past the end;
 * here the missing bytes read as 0. */
START_TEST(test_data_get_bytes_past_end)
{
	const UInt8 bytes[31] = { 1, 2, 3 };
	CFDataRef d = CFDataCreate(NULL, bytes, sizeof(bytes));
	UInt8 out[0x20];

	memset(out, 0xee, sizeof(out));
	CFDataGetBytes(d, CFRangeMake(0, 0x20), out);
	ck_assert_uint_eq(out[0], 1);
	ck_assert_uint_eq(out[30], 0);
	ck_assert_uint_eq(out[31], 0);
	memset(out, 0xee, sizeof(out));
	CFDataGetBytes(d, CFRangeMake(31, 2), out);
	ck_assert_uint_eq(out[0], 0);
	ck_assert_uint_eq(out[2], 0xee);
	CFRelease(d);
}
END_TEST

START_TEST(test_data_get_bytes_negative_is_fatal)
{
	const UInt8 bytes[4] = { 0 };
	CFDataRef d = CFDataCreate(NULL, bytes, sizeof(bytes));
	UInt8 out[4];

	CFDataGetBytes(d, CFRangeMake(-1, 2), out);
}
END_TEST

static void timer_fired(CFRunLoopTimerRef timer, void *info)
{
	int *count = info;

	if (++*count == 3)
		CFRunLoopTimerInvalidate(timer);
}

static int one_shot_count;

static void one_shot(CFRunLoopTimerRef timer, void *info)
{
	(void)timer;
	(void)info;
	one_shot_count++;
}

/* A block as the blocks ABI lays it out (isa, flags, reserved, invoke),
 * made by hand so that this test needs no compiler support for blocks. */
struct test_block {
	void *isa;
	int flags;
	int reserved;
	void (*invoke)(struct test_block *self);
	int *counter;
};

static void block_invoke(struct test_block *self)
{
	(*self->counter)++;
}

START_TEST(test_timers_and_blocks)
{
	int count = 0, blocks = 0;
	CFRunLoopTimerContext ctx = { 0, &count, NULL, NULL, NULL };
	CFRunLoopTimerRef repeating, once;
	struct test_block block = { NULL, 1 << 28, 0, block_invoke, &blocks };
	CFRunLoopRunResult r;

	repeating = CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent() + 0.01, 0.01, 0, 0,
					 timer_fired, &ctx);
	once = CFRunLoopTimerCreate(NULL, CFAbsoluteTimeGetCurrent(), 0, 0, 0, one_shot, NULL);
	ck_assert(CFRunLoopTimerDoesRepeat(repeating));
	ck_assert(!CFRunLoopTimerDoesRepeat(once));
	CFRunLoopAddTimer(CFRunLoopGetCurrent(), repeating, kCFRunLoopDefaultMode);
	CFRunLoopAddTimer(CFRunLoopGetCurrent(), once, kCFRunLoopCommonModes);
	ck_assert(CFRunLoopContainsTimer(CFRunLoopGetCurrent(), repeating, kCFRunLoopDefaultMode));
	CFRunLoopPerformBlock(CFRunLoopGetCurrent(), kCFRunLoopDefaultMode, (void *)&block);
	/* With only timers, the loop runs until they are all invalidated. */
	r = CFRunLoopRunInMode(kCFRunLoopDefaultMode, 30, false);
	ck_assert_int_eq(r, kCFRunLoopRunFinished);
	ck_assert_int_eq(count, 3);
	ck_assert_int_eq(one_shot_count, 1);
	ck_assert_int_eq(blocks, 1);
	ck_assert(!CFRunLoopTimerIsValid(repeating));
	ck_assert(!CFRunLoopTimerIsValid(once));
	CFRelease(repeating);
	CFRelease(once);
	/* A block for another mode waits for that mode. */
	CFRunLoopPerformBlock(CFRunLoopGetCurrent(), CFSTR("other"), (void *)&block);
	ck_assert_int_eq(CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0, false),
			 kCFRunLoopRunFinished);
	ck_assert_int_eq(blocks, 1);
	CFRunLoopRunInMode(CFSTR("other"), 0, false);
	ck_assert_int_eq(blocks, 2);
}
END_TEST

START_TEST(test_url_and_stream)
{
	char path[] = "/tmp/iokitfs-test-sdk-XXXXXX";
	int fd = mkstemp(path);
	CFStringRef s = CFStringCreateWithCString(NULL, path, kCFStringEncodingUTF8);
	CFURLRef url = CFURLCreateWithFileSystemPath(NULL, s, kCFURLPOSIXPathStyle, false);
	CFWriteStreamRef stream = CFWriteStreamCreateWithFile(NULL, url);
	CFErrorRef error = NULL;
	UInt8 back[PATH_MAX];
	char text[256] = "";
	FILE *f;

	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert(CFURLGetFileSystemRepresentation(url, true, back, sizeof(back)));
	ck_assert_str_eq((char *)back, path);
	ck_assert(CFWriteStreamOpen(stream));
	ck_assert_int_gt(CFPropertyListWrite(CFSTR("hello"), stream, kCFPropertyListXMLFormat_v1_0,
					     0, &error), 0);
	ck_assert_ptr_null(error);
	CFWriteStreamClose(stream);
	ck_assert_int_eq(CFWriteStreamGetStatus(stream), kCFStreamStatusClosed);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_gt(fread(text, 1, sizeof(text) - 1, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(text, "<string>hello</string>"));
	unlink(path);
	CFRelease(stream);
	CFRelease(url);
	CFRelease(s);
}
END_TEST

/* IOCFSerialize writes IOKit's XML (IDs on shared objects, sizes on
 * integers, floats as integers, a NUL at the end); IOCFUnserialize reads
 * it and the kernel's forms back. */
START_TEST(test_cf_serialize)
{
	CFMutableDictionaryRef d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
							     &kCFTypeDictionaryValueCallBacks);
	CFStringRef shared = CFStringCreateWithCString(NULL, "a<b", kCFStringEncodingUTF8);
	SInt8 small = -1;
	double real = 2.75;
	CFNumberRef n8 = CFNumberCreate(NULL, kCFNumberSInt8Type, &small);
	CFNumberRef fl = CFNumberCreate(NULL, kCFNumberDoubleType, &real);
	CFDataRef xml, bin;
	CFTypeRef back;
	CFStringRef err = NULL;
	const char *text;

	CFDictionarySetValue(d, CFSTR("one"), shared);
	CFDictionarySetValue(d, CFSTR("two"), shared);
	CFDictionarySetValue(d, CFSTR("n"), n8);
	CFDictionarySetValue(d, CFSTR("f"), fl);
	CFDictionarySetValue(d, CFSTR("t"), kCFBooleanTrue);
	xml = IOCFSerialize(d, 0);
	ck_assert_ptr_nonnull(xml);
	text = (const char *)CFDataGetBytePtr(xml);
	ck_assert_uint_eq(text[CFDataGetLength(xml) - 1], 0);
	ck_assert_ptr_nonnull(strstr(text, "<string ID=\"0\">a&lt;b</string>"));
	ck_assert_ptr_nonnull(strstr(text, "<string IDREF=\"0\"/>"));
	ck_assert_ptr_nonnull(strstr(text, "<integer size=\"8\">0xffffffffffffffff</integer>"));
	ck_assert_ptr_nonnull(strstr(text, "<integer size=\"64\">0x2</integer>"));
	ck_assert_ptr_nonnull(strstr(text, "<true/>"));
	back = IOCFUnserialize(text, NULL, 0, &err);
	ck_assert_ptr_nonnull(back);
	ck_assert_ptr_null(err);
	ck_assert(CFEqual(CFDictionaryGetValue(back, CFSTR("two")), shared));
	/* containers come back mutable */
	CFDictionarySetValue((CFMutableDictionaryRef)back, CFSTR("added"), kCFBooleanFalse);
	CFRelease(back);
	/* the binary form keeps the float */
	bin = IOCFSerialize(d, kIOCFSerializeToBinary);
	ck_assert_ptr_nonnull(bin);
	ck_assert_uint_eq(CFDataGetBytePtr(bin)[0], 0xd3);
	back = IOCFUnserializeWithSize((const char *)CFDataGetBytePtr(bin),
				       (size_t)CFDataGetLength(bin), NULL, 0, NULL);
	ck_assert(CFEqual(CFDictionaryGetValue(back, CFSTR("f")), fl));
	CFRelease(back);
	/* the kernel's XML: IDs everywhere, <reference IDREF/> */
	back = IOCFUnserialize("<array ID=\"0\"><string ID=\"1\">x</string><reference IDREF=\"1\"/>"
			       "</array>", NULL, 0, NULL);
	ck_assert_int_eq(CFArrayGetCount(back), 2);
	ck_assert(CFEqual(CFArrayGetValueAtIndex(back, 1), CFSTR("x")));
	CFRelease(back);
	ck_assert_ptr_null(IOCFUnserialize("<dict><key>a</key>", NULL, 0, &err));
	ck_assert_ptr_nonnull(err);
	CFRelease(err);
	ck_assert_ptr_null(IOCFUnserializeBinary(text, strlen(text), NULL, 0, &err));
	ck_assert_ptr_nonnull(err);	/* XML is not the binary format */
	CFRelease(err);
	back = IOCFUnserializeBinary((const char *)CFDataGetBytePtr(bin), (size_t)CFDataGetLength(bin),
				     NULL, 0, NULL);
	ck_assert(CFEqual(CFDictionaryGetValue(back, CFSTR("n")), n8));
	CFRelease(back);
	ck_assert_ptr_null(IOCFSerialize(d, 2));
	ck_assert_ptr_null(IOCFSerialize(NULL, 0));
	CFRelease(xml);
	CFRelease(bin);
	CFRelease(n8);
	CFRelease(fl);
	CFRelease(shared);
	CFRelease(d);
}
END_TEST

START_TEST(test_plugin_and_catalogue)
{
	IOCFPlugInInterface **plugin = (IOCFPlugInInterface **)0x1;
	SInt32 score = 7;
	const char data[] = "<array/>";

	/* No plug-in bundles here: what macOS answers for a missing one. */
	ck_assert_int_eq(IOCreatePlugInInterfaceForService(IO_OBJECT_NULL,
							   kIOUSBDeviceUserClientTypeID,
							   kIOCFPlugInInterfaceID, &plugin, &score),
			 kIOReturnUnsupported);
	ck_assert_ptr_eq(plugin, (IOCFPlugInInterface **)0x1);
	ck_assert_int_eq(IODestroyPlugInInterface(NULL), kIOReturnSuccess);
	/* The catalogue: argument checks, then privilege, then unsupported. */
	ck_assert_int_eq(IOCatalogueSendData(kIOMainPortDefault, kIOCatalogAddDrivers, NULL, 0),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOCatalogueSendData(kIOMainPortDefault, 99, data, sizeof(data)),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOCatalogueSendData(kIOMainPortDefault, kIOCatalogAddDrivers, data,
					     sizeof(data)),
			 geteuid() == 0 ? kIOReturnUnsupported : kIOReturnNotPrivileged);
	ck_assert_int_eq(IOCatalogueSendData(0x4242, kIOCatalogAddDrivers, data, sizeof(data)),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOCatalogueReset(kIOMainPortDefault, 5), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap0(IO_OBJECT_NULL, 0), kIOReturnBadArgument);
	/* libIOKit's receive headers carry no notification body. */
	{
		mach_msg_header_t h = { 0 };
		uint32_t type = 0;
		uintptr_t ref = 0;
		void *content = NULL;
		vm_size_t size = 0;

		ck_assert_int_eq(OSGetNotificationFromMessage(&h, 0, &type, &ref, &content, &size),
				 kIOReturnBadArgument);
	}
}
END_TEST

START_TEST(test_mach_calls)
{
	mach_port_t (*fn)(void) = (mach_port_t (*)(void))dlsym(RTLD_DEFAULT, "mach_task_self");
	vm_address_t a = 0;
	mach_vm_address_t b = 0;
	mach_port_name_array_t names = NULL;
	mach_port_type_array_t types = NULL;
	mach_msg_type_number_t nnames = 0, ntypes = 0;
	mach_port_t recv = MACH_PORT_NULL;
	mach_timebase_info_data_t tb;
	mach_msg_header_t msg;
	bool found = false;
	uint64_t t0, t1;

	/* The function exists (bindings look it up by name) and agrees with
	 * the macro. */
	ck_assert_ptr_nonnull(fn);
	ck_assert_uint_eq(fn(), mach_task_self());
	ck_assert_uint_eq((mach_task_self)(), mach_task_self_);
	ck_assert_uint_ne(bootstrap_port, MACH_PORT_NULL);

	ck_assert_int_eq(vm_allocate(mach_task_self(), &a, 10000, VM_FLAGS_ANYWHERE), KERN_SUCCESS);
	ck_assert_uint_eq(a % vm_page_size, 0);
	memset((void *)a, 1, 10000);
	ck_assert_int_eq(vm_deallocate(mach_task_self(), a, 10000), KERN_SUCCESS);
	ck_assert_int_eq(vm_deallocate(mach_task_self(), 0, 0), KERN_SUCCESS);
	ck_assert_int_eq(vm_allocate(mach_task_self(), &a, 0, VM_FLAGS_ANYWHERE),
			 KERN_INVALID_ARGUMENT);
	ck_assert_int_eq(vm_allocate(0x4242, &a, 4096, VM_FLAGS_ANYWHERE), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(mach_vm_allocate(mach_task_self(), &b, 4096, VM_FLAGS_ANYWHERE),
			 KERN_SUCCESS);
	*(volatile char *)(uintptr_t)b = 1;
	ck_assert_int_eq(mach_vm_deallocate(mach_task_self(), b, 4096), KERN_SUCCESS);

	ck_assert_int_eq(mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &recv),
			 KERN_SUCCESS);
	ck_assert_int_eq(mach_port_names(mach_task_self(), &names, &nnames, &types, &ntypes),
			 KERN_SUCCESS);
	ck_assert_uint_eq(nnames, ntypes);
	for (mach_msg_type_number_t i = 0; i < nnames; i++)
		if (names[i] == recv)
			found = types[i] == MACH_PORT_TYPE_RECEIVE;
	ck_assert(found);
	ck_assert_uint_eq(names[0], mach_task_self());
	vm_deallocate(mach_task_self(), (vm_address_t)names, nnames * sizeof(*names));
	vm_deallocate(mach_task_self(), (vm_address_t)types, ntypes * sizeof(*types));
	/* Nothing is ever queued on a bare receive right. */
	ck_assert_int_eq(mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg), recv, 1,
				  MACH_PORT_NULL), MACH_RCV_TIMED_OUT);
	ck_assert_int_eq(mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, 4, recv, 1,
				  MACH_PORT_NULL), MACH_RCV_TOO_LARGE);
	ck_assert_int_eq(mach_port_destroy(mach_task_self(), recv), KERN_SUCCESS);
	ck_assert_int_eq(mach_msg(&msg, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg), recv, 1,
				  MACH_PORT_NULL), MACH_RCV_INVALID_NAME);

	ck_assert_int_eq(mach_timebase_info(&tb), KERN_SUCCESS);
	ck_assert_uint_eq(tb.numer, 1);
	t0 = mach_absolute_time();
	usleep(1000);
	t1 = mach_absolute_time();
	ck_assert_uint_ge(t1 - t0, 1000000);
}
END_TEST

static Suite *sdk_suite(void)
{
	Suite *s = suite_create("sdk");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_date);
	tcase_add_test(tc, test_uuid);
	tcase_add_test(tc, test_byte_order_and_atomics);
	tcase_add_test(tc, test_data_get_bytes_past_end);
	tcase_add_test_raise_signal(tc, test_data_get_bytes_negative_is_fatal, SIGABRT);
	tcase_add_test(tc, test_timers_and_blocks);
	tcase_add_test(tc, test_url_and_stream);
	tcase_add_test(tc, test_cf_serialize);
	tcase_add_test(tc, test_plugin_and_catalogue);
	tcase_add_test(tc, test_mach_calls);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sdk_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
