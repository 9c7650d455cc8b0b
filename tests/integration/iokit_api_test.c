/* libIOKit against a mounted MacBookPro15,1 archive (run by
 * test_iokitlib.sh): every IOKitLib call's success and error paths and the
 * reference counts, cross-checked with the mount's own files (.id, .class,
 * .superclasses, .retain, xattrs) and with .iokit/stats (one daemon request
 * per call).
 *
 * Environment: IOKIT_ROOT (the read-only mount), IOKIT_RW_ROOT (a -o rw
 * mount of the same archive; set tests use it), IOKIT_EXPECT_IOSERVICE
 * (distinct entries below the IOService plane, counted by the script). */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOKitLibPrivate.h>
#include <IOKit/IOKitServer.h>
#include <IOKit/IOMessage.h>
#include <mach/mach.h>

#define PLATFORM_DIR "/IOService/MacBookPro15,1"
#define PCI0_PATH "IOService:/AppleACPIPlatformExpert/PCI0@0"
#define PCI0_DIR PLATFORM_DIR "/AppleACPIPlatformExpert/PCI0@0"

static const char *root_dir(void)
{
	return getenv("IOKIT_ROOT");
}

/* The first line of MNT/rel, without its newline. */
static char *read_file(const char *rel, char *buf, size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root_dir(), rel);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "open %s", path);
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static uint64_t file_id(const char *dir)
{
	char rel[4096], buf[64];

	snprintf(rel, sizeof(rel), "%s/.id", dir);
	return strtoull(read_file(rel, buf, sizeof(buf)), NULL, 16);
}

/* The daemon's ioctl count (one per control-file call). */
static unsigned long ioctls(void)
{
	char path[4096], line[256];
	unsigned long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/.iokit/stats", root_dir());
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ioctl %lu", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* The rw mount (IOKIT_RW_ROOT), made this test's IOKIT_ROOT (each test runs
 * in its own process); NULL, after a SKIP line, when none is set. */
static const char *use_rw_mount(void)
{
	const char *rw = getenv("IOKIT_RW_ROOT");

	if (!rw) {
		fprintf(stderr, "SKIP: IOKIT_RW_ROOT not set\n");
		return NULL;
	}
	setenv("IOKIT_ROOT", rw, 1);
	return rw;
}

static io_service_t platform(void)
{
	io_service_t s = IOServiceGetMatchingService(kIOMainPortDefault,
						     IOServiceMatching("IOPlatformExpertDevice"));
	ck_assert_uint_ne(s, 0);
	return s;
}

static uint64_t entry_id(io_registry_entry_t e)
{
	uint64_t id = 0;

	ck_assert_int_eq(IORegistryEntryGetRegistryEntryID(e, &id), KERN_SUCCESS);
	return id;
}

START_TEST(test_main_port)
{
	mach_port_t a = 0, b = 0;
	mach_port_urefs_t refs = 0;
	io_service_t p;
	io_iterator_t it = 1234;

	ck_assert_uint_eq(kIOMainPortDefault, MACH_PORT_NULL);
	ck_assert_uint_eq(kIOMasterPortDefault, MACH_PORT_NULL);
	ck_assert_int_eq(IOMainPort(MACH_PORT_NULL, &a), KERN_SUCCESS);
	ck_assert_int_eq(IOMasterPort(MACH_PORT_NULL, &b), KERN_SUCCESS);
	ck_assert_uint_ne(a, 0);
	ck_assert_uint_eq(a, b);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), a, MACH_PORT_RIGHT_SEND, &refs),
			 KERN_SUCCESS);
	ck_assert_uint_eq(refs, 2);
	/* The main port works where kIOMainPortDefault does. */
	p = IORegistryGetRootEntry(a);
	ck_assert_uint_ne(p, 0);
	IOObjectRelease(p);
	/* A live name that is not the main port: not privileged. */
	p = platform();
	ck_assert_int_eq(IOServiceGetMatchingServices(p, IOServiceMatching("IOService"), &it),
			 kIOReturnNotPrivileged);
	ck_assert_uint_eq(it, 0);
	ck_assert_uint_eq(IORegistryGetRootEntry(p), 0);
	/* An unknown name: the send fails. */
	ck_assert_int_eq(IOServiceGetMatchingServices(0x7777700, IOServiceMatching("IOService"), &it),
			 MACH_SEND_INVALID_DEST);
	IOObjectRelease(p);
	mach_port_deallocate(mach_task_self(), a);
	mach_port_deallocate(mach_task_self(), b);
}
END_TEST

START_TEST(test_root_entry)
{
	io_registry_entry_t root = IORegistryGetRootEntry(kIOMainPortDefault);
	io_name_t name, cls;
	io_string_t path;
	io_registry_entry_t parent = 1;

	ck_assert_uint_ne(root, 0);
	ck_assert_uint_eq(entry_id(root), 0x100000100ULL);
	ck_assert_int_eq(IORegistryEntryGetName(root, name), KERN_SUCCESS);
	ck_assert_str_eq(name, "Root");
	ck_assert_int_eq(IOObjectGetClass(root, cls), KERN_SUCCESS);
	ck_assert_str_eq(cls, "IORegistryEntry");
	/* Root lies above every plane root: no path, no parent, in no plane. */
	ck_assert_int_eq(IORegistryEntryGetPath(root, kIOServicePlane, path), kIOReturnBadArgument);
	ck_assert_ptr_null(IORegistryEntryCopyPath(root, kIOServicePlane));
	ck_assert_int_eq(IORegistryEntryGetParentEntry(root, kIOServicePlane, &parent),
			 kIOReturnNoDevice);
	ck_assert_uint_eq(parent, 0);
	ck_assert(!IORegistryEntryInPlane(root, kIOServicePlane));
	IOObjectRelease(root);
}
END_TEST

START_TEST(test_reference_counts)
{
	io_service_t a = platform(), b = platform();
	mach_port_urefs_t refs = 0;
	char buf[64];
	io_name_t cls;

	/* The same entry twice: the same name with two user references. */
	ck_assert_uint_eq(a, b);
	ck_assert(IOObjectIsEqualTo(a, b));
	ck_assert_uint_eq(IOObjectGetUserRetainCount(a), 2);
	ck_assert_int_eq(mach_port_get_refs(mach_task_self(), a, MACH_PORT_RIGHT_SEND, &refs),
			 KERN_SUCCESS);
	ck_assert_uint_eq(refs, 2);
	ck_assert_int_eq(IOObjectRetain(a), KERN_SUCCESS);
	ck_assert_uint_eq(IOObjectGetUserRetainCount(a), 3);
	/* The registry object's own count is the .retain file's. */
	ck_assert_uint_eq(IOObjectGetRetainCount(a),
			  strtoul(read_file(PLATFORM_DIR "/.retain", buf, sizeof(buf)), NULL, 10));
	ck_assert_uint_eq(IOObjectGetKernelRetainCount(a), IOObjectGetRetainCount(a));
	ck_assert_int_eq(IOObjectRelease(a), KERN_SUCCESS);
	ck_assert_int_eq(IOObjectRelease(a), KERN_SUCCESS);
	ck_assert_uint_eq(IOObjectGetUserRetainCount(a), 1);
	ck_assert_int_eq(IOObjectRelease(a), KERN_SUCCESS);
	/* Released: the name is dead. */
	ck_assert_uint_eq(IOObjectGetUserRetainCount(a), 0);
	ck_assert_uint_eq(IOObjectGetRetainCount(a), 0);
	ck_assert_int_eq(IOObjectGetClass(a, cls), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOObjectRelease(a), KERN_INVALID_NAME);
	ck_assert_int_eq(IOObjectRelease(IO_OBJECT_NULL), KERN_SUCCESS);
	ck_assert_int_eq(IORegistryEntryGetName(0x5555500, cls), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IORegistryEntryGetName(IO_OBJECT_NULL, cls), MACH_SEND_INVALID_DEST);
}
END_TEST

START_TEST(test_classes)
{
	io_service_t p = platform();
	io_name_t cls;
	char buf[256];
	CFStringRef s;

	ck_assert_int_eq(IOObjectGetClass(p, cls), KERN_SUCCESS);
	ck_assert_str_eq(cls, read_file(PLATFORM_DIR "/.class", buf, sizeof(buf)));
	s = IOObjectCopyClass(p);
	ck_assert(CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingUTF8));
	ck_assert_str_eq(buf, cls);
	CFRelease(s);
	ck_assert_ptr_null(IOObjectCopyClass(IO_OBJECT_NULL));
	ck_assert(IOObjectConformsTo(p, "IOPlatformExpertDevice"));
	ck_assert(IOObjectConformsTo(p, "IOService"));
	ck_assert(IOObjectConformsTo(p, "OSObject"));
	ck_assert(!IOObjectConformsTo(p, "IOUSBDevice"));
	ck_assert(!IOObjectConformsTo(0x4444400, "OSObject"));
	/* The superclass chain is the .superclasses file's. */
	s = IOObjectCopySuperclassForClass(CFSTR("IOPlatformExpertDevice"));
	ck_assert_ptr_nonnull(s);
	ck_assert(CFStringGetCString(s, cls, sizeof(cls), kCFStringEncodingUTF8));
	ck_assert_str_eq(cls, read_file(PLATFORM_DIR "/.superclasses", buf, sizeof(buf)));
	CFRelease(s);
	ck_assert_ptr_null(IOObjectCopySuperclassForClass(CFSTR("OSObject")));
	ck_assert_ptr_null(IOObjectCopySuperclassForClass(CFSTR("NoSuchClass")));
	ck_assert_ptr_null(IOObjectCopyBundleIdentifierForClass(CFSTR("NoSuchClass")));
	s = IOObjectCopyBundleIdentifierForClass(CFSTR("AppleSmartBattery"));
	ck_assert_ptr_nonnull(s);
	CFRelease(s);
	IOObjectRelease(p);
}
END_TEST

/* Entries whose class or a superclass is cls, registered and matched, as
 * the mount's .iokit/entries says. */
static size_t count_conforming(const char *cls)
{
	char path[4096], line[256], rel[512];
	size_t n = 0;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/.iokit/entries", root_dir());
	dir = opendir(path);
	ck_assert_ptr_nonnull(dir);
	while ((d = readdir(dir))) {
		bool conforms = false;
		FILE *f;

		if (d->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "/.iokit/entries/%s/.state", d->d_name);
		if (!strstr(read_file(rel, line, sizeof(line)), "registered matched active") ||
		    strstr(line, "!"))
			continue;
		snprintf(rel, sizeof(rel), "/.iokit/entries/%s/.class", d->d_name);
		conforms = strcmp(read_file(rel, line, sizeof(line)), cls) == 0;
		snprintf(path, sizeof(path), "%s/.iokit/entries/%s/.superclasses", root_dir(),
			 d->d_name);
		f = fopen(path, "r");
		while (!conforms && f && fgets(line, sizeof(line), f))
			conforms = strcmp(strtok(line, "\n"), cls) == 0;
		if (f)
			fclose(f);
		n += conforms;
	}
	closedir(dir);
	return n;
}

START_TEST(test_matching)
{
	io_iterator_t it = 0;
	io_service_t s, first = 0;
	size_t n = 0, again = 0;
	unsigned long before;
	char rel[256];

	before = ioctls();
	ck_assert_int_eq(IOServiceGetMatchingServices(kIOMainPortDefault,
						      IOServiceMatching("IOUSBDevice"), &it),
			 KERN_SUCCESS);
	ck_assert_uint_ne(it, 0);
	while ((s = IOIteratorNext(it))) {
		io_name_t cls;

		/* Each result is an entry of the mount that conforms. */
		snprintf(rel, sizeof(rel), "/.iokit/entries/0x%llx",
			 (unsigned long long)entry_id(s));
		ck_assert_uint_eq(file_id(rel), entry_id(s));
		ck_assert(IOObjectConformsTo(s, "IOUSBDevice"));
		ck_assert_int_eq(IOObjectGetClass(s, cls), KERN_SUCCESS);
		if (!first)
			first = s;
		else
			IOObjectRelease(s);
		n++;
	}
	ck_assert_uint_eq(n, count_conforming("IOUSBDevice"));
	ck_assert(IOIteratorIsValid(it));
	IOIteratorReset(it);
	while ((s = IOIteratorNext(it))) {
		CFMutableDictionaryRef props = NULL;

		/* The first pass moved the carried properties into the objects;
		 * the second still answers with all of them. */
		ck_assert_int_eq(IORegistryEntryCreateCFProperties(s, &props, kCFAllocatorDefault, 0),
				 KERN_SUCCESS);
		ck_assert_int_gt(CFDictionaryGetCount(props), 3);
		CFRelease(props);
		again++;
		IOObjectRelease(s);
	}
	ck_assert_uint_eq(again, n);
	IOObjectRelease(it);
	IOObjectRelease(first);
	(void)before;

	/* Nothing matches: success and no iterator. */
	it = 99;
	ck_assert_int_eq(IOServiceGetMatchingServices(kIOMainPortDefault,
						      IOServiceMatching("NoSuchClass"), &it),
			 KERN_SUCCESS);
	ck_assert_uint_eq(it, 0);
	ck_assert_int_eq(IOServiceGetMatchingServices(kIOMainPortDefault, NULL, &it),
			 kIOReturnBadArgument);
	ck_assert_uint_eq(IOServiceGetMatchingService(kIOMainPortDefault, NULL), 0);
	ck_assert_uint_eq(IOServiceGetMatchingService(kIOMainPortDefault,
						      IOServiceMatching("NoSuchClass")), 0);
}
END_TEST

START_TEST(test_matching_helpers)
{
	io_service_t p = platform(), s;
	CFMutableDictionaryRef d;
	boolean_t matches = true;
	io_iterator_t it;

	/* By ID. */
	s = IOServiceGetMatchingService(kIOMainPortDefault, IORegistryEntryIDMatching(entry_id(p)));
	ck_assert_uint_eq(s, p);
	IOObjectRelease(s);
	/* By BSD name: the entry has that property. */
	s = IOServiceGetMatchingService(kIOMainPortDefault,
					IOBSDNameMatching(kIOMainPortDefault, 0, "disk0"));
	ck_assert_uint_ne(s, 0);
	{
		CFTypeRef v = IORegistryEntryCreateCFProperty(s, CFSTR("BSD Name"), NULL, 0);
		ck_assert_ptr_nonnull(v);
		ck_assert(CFEqual(v, CFSTR("disk0")));
		CFRelease(v);
	}
	IOObjectRelease(s);
	ck_assert_ptr_null(IOBSDNameMatching(kIOMainPortDefault, 0, NULL));
	ck_assert_ptr_null(IOServiceMatching(NULL));
	/* By name. */
	s = IOServiceGetMatchingService(kIOMainPortDefault,
					IOServiceNameMatching("AppleACPIPlatformExpert"));
	ck_assert_uint_ne(s, 0);
	IOObjectRelease(s);
	d = IOServiceMatching("IOService");
	ck_assert_int_eq(IOServiceMatchPropertyTable(p, d, &matches), KERN_SUCCESS);
	ck_assert(matches);
	CFRelease(d);	/* MatchPropertyTable does not consume it */
	d = IOServiceMatching("IOUSBDevice");
	ck_assert_int_eq(IOServiceMatchPropertyTable(p, d, &matches), KERN_SUCCESS);
	ck_assert(!matches);
	ck_assert_int_eq(IOServiceGetMatchingServices(kIOMainPortDefault,
						      IOServiceMatching("IOPCIDevice"), &it),
			 KERN_SUCCESS);
	ck_assert_int_eq(IOServiceMatchPropertyTable(it, d, &matches), kIOReturnBadArgument);
	ck_assert_int_eq(IOServiceMatchPropertyTable(0x3333300, d, &matches),
			 MACH_SEND_INVALID_DEST);
	CFRelease(d);
	IOObjectRelease(it);
	IOObjectRelease(p);
}
END_TEST

/* A matching dictionary larger than one message is staged. */
START_TEST(test_large_request)
{
	static uint8_t bytes[100000];
	CFMutableDictionaryRef d = IOServiceMatching("IOService"), prop;
	CFDataRef data;
	io_iterator_t it = 5;

	prop = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					 &kCFTypeDictionaryValueCallBacks);
	data = CFDataCreate(NULL, bytes, sizeof(bytes));
	CFDictionarySetValue(prop, CFSTR("NoSuchKey"), data);
	CFDictionarySetValue(d, CFSTR("IOPropertyMatch"), prop);
	CFRelease(data);
	CFRelease(prop);
	ck_assert_int_eq(IOServiceGetMatchingServices(kIOMainPortDefault, d, &it), KERN_SUCCESS);
	ck_assert_uint_eq(it, 0);
}
END_TEST

START_TEST(test_registry_iterators)
{
	io_iterator_t it = 0, children = 0;
	io_registry_entry_t e, first, child;
	const char *expect = getenv("IOKIT_EXPECT_IOSERVICE");
	size_t n = 0;
	unsigned long before;

	before = ioctls();
	ck_assert_int_eq(IORegistryCreateIterator(kIOMainPortDefault, kIOServicePlane,
						  kIORegistryIterateRecursively, &it),
			 KERN_SUCCESS);
	while ((e = IOIteratorNext(it))) {
		io_name_t name, cls;

		ck_assert_int_eq(IORegistryEntryGetNameInPlane(e, kIOServicePlane, name),
				 KERN_SUCCESS);
		ck_assert_int_eq(IOObjectGetClass(e, cls), KERN_SUCCESS);
		IOObjectRelease(e);
		n++;
	}
	/* One request for the walk, names and classes included. */
	ck_assert_uint_eq(ioctls() - before, 1);
	if (expect)
		ck_assert_uint_eq(n, strtoul(expect, NULL, 10));
	ck_assert(IOIteratorIsValid(it));
	ck_assert_int_eq(IORegistryIteratorExitEntry(it), KERN_SUCCESS);
	IOObjectRelease(it);

	/* Flat: the platform, then (entered) its first child. */
	ck_assert_int_eq(IORegistryCreateIterator(kIOMainPortDefault, kIOServicePlane, 0, &it),
			 KERN_SUCCESS);
	first = IOIteratorNext(it);
	ck_assert_uint_eq(entry_id(first), file_id(PLATFORM_DIR));
	ck_assert_int_eq(IORegistryIteratorEnterEntry(it), KERN_SUCCESS);
	e = IOIteratorNext(it);
	ck_assert_int_eq(IORegistryEntryGetChildEntry(first, kIOServicePlane, &child),
			 KERN_SUCCESS);
	ck_assert_uint_eq(e, child);
	ck_assert_uint_eq(IOObjectGetUserRetainCount(child), 2);
	IOObjectRelease(child);
	IOObjectRelease(e);
	ck_assert_int_eq(IORegistryIteratorExitEntry(it), KERN_SUCCESS);
	ck_assert_int_eq(IORegistryIteratorExitEntry(it), kIOReturnNoDevice);
	IOObjectRelease(it);

	/* Child iterator: as many children as the platform directory. */
	ck_assert_int_eq(IORegistryEntryGetChildIterator(first, kIOServicePlane, &children),
			 KERN_SUCCESS);
	n = 0;
	while ((e = IOIteratorNext(children))) {
		io_registry_entry_t parent = 0;

		ck_assert_int_eq(IORegistryEntryGetParentEntry(e, kIOServicePlane, &parent),
				 KERN_SUCCESS);
		ck_assert_uint_eq(parent, first);
		IOObjectRelease(parent);
		IOObjectRelease(e);
		n++;
	}
	{
		char path[4096];
		struct dirent *d;
		DIR *dir;
		size_t dirs = 0;

		snprintf(path, sizeof(path), "%s%s", root_dir(), PLATFORM_DIR);
		dir = opendir(path);
		while ((d = readdir(dir)))
			dirs += d->d_name[0] != '.' && d->d_type == DT_DIR;
		closedir(dir);
		ck_assert_uint_eq(n, dirs);
	}
	ck_assert(IOIteratorIsValid(children));
	ck_assert_int_eq(IORegistryIteratorEnterEntry(children), kIOReturnBadArgument);
	ck_assert_int_eq(IORegistryIteratorExitEntry(children), kIOReturnBadArgument);
	IOObjectRelease(children);
	/* Unknown planes. */
	children = 7;
	ck_assert_int_eq(IORegistryEntryGetChildIterator(first, "NoSuchPlane", &children),
			 KERN_SUCCESS);
	ck_assert_uint_eq(children, 0);
	ck_assert_int_eq(IORegistryCreateIterator(kIOMainPortDefault, "NoSuchPlane", 0, &it),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IORegistryEntryCreateIterator(first, "NoSuchPlane",
						       kIORegistryIterateRecursively, &it),
			 kIOReturnBadArgument);
	/* Wrong kinds. */
	ck_assert_uint_eq(IOIteratorNext(first), 0);
	ck_assert(!IOIteratorIsValid(first));
	ck_assert_int_eq(IORegistryIteratorEnterEntry(first), kIOReturnBadArgument);
	ck_assert_int_eq(IORegistryEntryCreateIterator(0x2222200, kIOServicePlane, 0, &it),
			 MACH_SEND_INVALID_DEST);

	/* Parents, recursively, from PCI0: up to the platform (Root is never
	 * returned: the walk stops below it? no: Root is PCI0's ancestor). */
	e = IORegistryEntryFromPath(kIOMainPortDefault, PCI0_PATH);
	ck_assert_int_eq(IORegistryEntryCreateIterator(e, kIOServicePlane,
						       kIORegistryIterateRecursively |
						       kIORegistryIterateParents, &it),
			 KERN_SUCCESS);
	n = 0;
	while ((child = IOIteratorNext(it))) {
		n++;
		IOObjectRelease(child);
	}
	ck_assert_uint_eq(n, 3);	/* AppleACPIPlatformExpert, platform, Root */
	IOObjectRelease(it);
	IOObjectRelease(e);
	IOObjectRelease(first);
}
END_TEST

START_TEST(test_paths_and_names)
{
	io_registry_entry_t pci, p = platform(), e;
	io_string_t path;
	io_name_t name;
	CFStringRef s;
	char buf[1024];
	unsigned long before;

	before = ioctls();
	pci = IORegistryEntryFromPath(kIOMainPortDefault, PCI0_PATH);
	ck_assert_uint_eq(ioctls() - before, 1);
	ck_assert_uint_ne(pci, 0);
	ck_assert_uint_eq(entry_id(pci), file_id(PCI0_DIR));
	before = ioctls();
	ck_assert_int_eq(IORegistryEntryGetPath(pci, kIOServicePlane, path), KERN_SUCCESS);
	ck_assert_uint_eq(ioctls() - before, 1);
	ck_assert_str_eq(path, PCI0_PATH);
	s = IORegistryEntryCopyPath(pci, kIOServicePlane);
	ck_assert(CFStringGetCString(s, buf, sizeof(buf), kCFStringEncodingUTF8));
	ck_assert_str_eq(buf, PCI0_PATH);
	CFRelease(s);
	e = IORegistryEntryCopyFromPath(kIOMainPortDefault, CFSTR(PCI0_PATH));
	ck_assert_uint_eq(e, pci);
	IOObjectRelease(e);
	ck_assert_int_eq(IORegistryEntryGetPath(pci, "NoSuchPlane", path), kIOReturnBadArgument);
	ck_assert_uint_eq(IORegistryEntryFromPath(kIOMainPortDefault, "IOService:/NoSuch"), 0);
	ck_assert_uint_eq(IORegistryEntryFromPath(kIOMainPortDefault, "no plane"), 0);
	e = IORegistryEntryFromPath(kIOMainPortDefault, "IOService:/");
	ck_assert_uint_eq(e, p);
	IOObjectRelease(e);

	ck_assert_int_eq(IORegistryEntryGetName(p, name), KERN_SUCCESS);
	ck_assert_str_eq(name, "MacBookPro15,1");
	ck_assert_int_eq(IORegistryEntryGetNameInPlane(p, kIODeviceTreePlane, name), KERN_SUCCESS);
	ck_assert_str_eq(name, "/");
	ck_assert_int_eq(IORegistryEntryGetNameInPlane(p, NULL, name), KERN_SUCCESS);
	ck_assert_str_eq(name, "MacBookPro15,1");
	ck_assert_int_eq(IORegistryEntryGetLocationInPlane(pci, kIOServicePlane, name),
			 KERN_SUCCESS);
	ck_assert_str_eq(name, "0");
	ck_assert_int_eq(IORegistryEntryGetLocationInPlane(p, kIOServicePlane, name),
			 kIOReturnNotFound);
	ck_assert(IORegistryEntryInPlane(pci, kIOServicePlane));
	ck_assert(IORegistryEntryInPlane(pci, NULL));
	ck_assert(!IORegistryEntryInPlane(pci, "IOUSB"));
	ck_assert(!IORegistryEntryInPlane(0x1111100, kIOServicePlane));
	IOObjectRelease(pci);
	IOObjectRelease(p);
}
END_TEST

START_TEST(test_properties)
{
	io_registry_entry_t p = platform(), pci;
	CFMutableDictionaryRef props = NULL;
	CFTypeRef v;
	char xattr[256], buf[256];
	io_struct_inband_t raw;
	uint32_t size;
	ssize_t n;
	unsigned long before;

	snprintf(buf, sizeof(buf), "%s%s", root_dir(), PLATFORM_DIR);
	n = getxattr(buf, "user.IOPlatformUUID", xattr, sizeof(xattr) - 1);
	ck_assert_int_gt(n, 2);
	xattr[n] = '\0';
	before = ioctls();
	ck_assert_int_eq(IORegistryEntryCreateCFProperties(p, &props, kCFAllocatorDefault, 0),
			 KERN_SUCCESS);
	ck_assert_uint_eq(ioctls() - before, 1);
	v = CFDictionaryGetValue(props, CFSTR("IOPlatformUUID"));
	ck_assert_ptr_nonnull(v);
	ck_assert(CFStringGetCString(v, buf, sizeof(buf), kCFStringEncodingUTF8));
	/* The xattr is ioreg literal syntax: the string in quotes. */
	ck_assert_uint_eq(strlen(buf) + 2, strlen(xattr));
	ck_assert(strncmp(xattr + 1, buf, strlen(buf)) == 0);
	CFDictionarySetValue(props, CFSTR("mutable"), kCFBooleanTrue);	/* a mutable copy */
	CFRelease(props);

	before = ioctls();
	v = IORegistryEntryCreateCFProperty(p, CFSTR("IOPlatformUUID"), NULL, 0);
	ck_assert_uint_eq(ioctls() - before, 1);
	ck_assert(CFStringGetCString(v, xattr, sizeof(xattr), kCFStringEncodingUTF8));
	ck_assert_str_eq(xattr, buf);
	CFRelease(v);
	ck_assert_ptr_null(IORegistryEntryCreateCFProperty(p, CFSTR("NoSuchKey"), NULL, 0));

	/* Raw bytes: a string with its NUL; too small; missing. */
	size = sizeof(raw);
	ck_assert_int_eq(IORegistryEntryGetProperty(p, "IOPlatformUUID", raw, &size), KERN_SUCCESS);
	ck_assert_uint_eq(size, strlen(buf) + 1);
	ck_assert_str_eq(raw, buf);
	size = 4;
	ck_assert_int_eq(IORegistryEntryGetProperty(p, "IOPlatformUUID", raw, &size),
			 kIOReturnIPCError);
	size = sizeof(raw);
	ck_assert_int_eq(IORegistryEntryGetProperty(p, "NoSuchKey", raw, &size),
			 kIOReturnNoResources);

	/* Search: only recursively does it reach the platform from PCI0. */
	pci = IORegistryEntryFromPath(kIOMainPortDefault, PCI0_PATH);
	ck_assert_ptr_null(IORegistryEntrySearchCFProperty(pci, kIOServicePlane,
							   CFSTR("IOPlatformUUID"), NULL, 0));
	v = IORegistryEntrySearchCFProperty(pci, kIOServicePlane, CFSTR("IOPlatformUUID"), NULL,
					    kIORegistryIterateRecursively |
					    kIORegistryIterateParents);
	ck_assert_ptr_nonnull(v);
	CFRelease(v);
	ck_assert_ptr_null(IORegistryEntrySearchCFProperty(pci, "NoSuchPlane",
							   CFSTR("IOPlatformUUID"), NULL,
							   kIORegistryIterateRecursively |
							   kIORegistryIterateParents));
	/* The keys pseudo-property. */
	v = IORegistryEntryCreateCFProperty(p, CFSTR("IORegistryEntryPropertyKeys"), NULL, 0);
	ck_assert_ptr_nonnull(v);
	ck_assert(CFGetTypeID(v) == CFArrayGetTypeID());
	CFRelease(v);
	/* A read-only mount refuses changes. */
	ck_assert_int_eq(IORegistryEntrySetCFProperty(p, CFSTR("Mine"), CFSTR("x")),
			 kIOReturnNotWritable);
	ck_assert_int_eq(IORegistryEntrySetCFProperty(0x1111100, CFSTR("Mine"), CFSTR("x")),
			 MACH_SEND_INVALID_DEST);
	IOObjectRelease(pci);
	IOObjectRelease(p);
}
END_TEST

START_TEST(test_set_properties_rw)
{
	const char *rw = use_rw_mount();
	io_registry_entry_t p;
	CFMutableDictionaryRef d;
	CFTypeRef v;
	char path[4096], xattr[256];
	int32_t n32 = 42;
	CFNumberRef num;
	ssize_t n;

	if (!rw)
		return;
	p = platform();
	ck_assert_int_eq(IORegistryEntrySetCFProperty(p, CFSTR("LibIOKitTest"), CFSTR("hello")),
			 KERN_SUCCESS);
	snprintf(path, sizeof(path), "%s%s", rw, PLATFORM_DIR);
	n = getxattr(path, "user.LibIOKitTest", xattr, sizeof(xattr) - 1);
	ck_assert_int_gt(n, 0);
	xattr[n] = '\0';
	ck_assert_str_eq(xattr, "\"hello\"");
	num = CFNumberCreate(NULL, kCFNumberSInt32Type, &n32);
	d = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
				      &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(d, CFSTR("LibIOKitNumber"), num);
	ck_assert_int_eq(IORegistryEntrySetCFProperties(p, d), KERN_SUCCESS);
	CFRelease(d);
	v = IORegistryEntryCreateCFProperty(p, CFSTR("LibIOKitNumber"), NULL, 0);
	ck_assert(CFEqual(v, num));
	CFRelease(v);
	CFRelease(num);
	/* What binary serialization cannot carry. */
	ck_assert_int_eq(IORegistryEntrySetCFProperties(p, kCFNull), kIOReturnUnsupported);
	IOObjectRelease(p);
}
END_TEST

/* Parent iterators: every parent of an entry in a plane, in the file
 * surface's order; the child iterator of a plane that does not exist is
 * success with IO_OBJECT_NULL, as xnu answers. */
START_TEST(test_parent_iterators)
{
	io_service_t p = platform();
	io_registry_entry_t pci = IORegistryEntryFromPath(kIOMainPortDefault,
							  "IOService:/AppleACPIPlatformExpert/PCI0@0");
	io_iterator_t it = 123;
	io_registry_entry_t parent;
	size_t n = 0;

	ck_assert_uint_ne(pci, 0);
	ck_assert_int_eq(IORegistryEntryGetParentIterator(pci, kIOServicePlane, &it), KERN_SUCCESS);
	ck_assert_uint_ne(it, 0);
	while ((parent = IOIteratorNext(it))) {
		ck_assert_uint_eq(entry_id(parent), file_id(PLATFORM_DIR "/AppleACPIPlatformExpert"));
		IOObjectRelease(parent);
		n++;
	}
	ck_assert_uint_eq(n, 1);
	IOObjectRelease(it);
	/* The root has no parent: an empty iterator. */
	parent = IORegistryGetRootEntry(kIOMainPortDefault);
	ck_assert_int_eq(IORegistryEntryGetParentIterator(parent, kIOServicePlane, &it),
			 KERN_SUCCESS);
	ck_assert_uint_ne(it, 0);
	ck_assert_uint_eq(IOIteratorNext(it), 0);
	IOObjectRelease(it);
	IOObjectRelease(parent);
	/* No such plane: success, no iterator. */
	it = 123;
	ck_assert_int_eq(IORegistryEntryGetChildIterator(p, "NoSuchPlane", &it), KERN_SUCCESS);
	ck_assert_uint_eq(it, IO_OBJECT_NULL);
	it = 123;
	ck_assert_int_eq(IORegistryEntryGetParentIterator(pci, "NoSuchPlane", &it), KERN_SUCCESS);
	ck_assert_uint_eq(it, IO_OBJECT_NULL);
	ck_assert_int_eq(IORegistryEntryGetParentIterator(0x4242, kIOServicePlane, &it),
			 MACH_SEND_INVALID_DEST);
	IOObjectRelease(pci);
	IOObjectRelease(p);
}
END_TEST

/* The rest of IOKitLib's calls, each with the answer macOS gives where
 * Linux has no counterpart (docs/compat.md). */
START_TEST(test_remaining_calls)
{
	io_service_t p = platform();
	io_name_t bsd = "";
	uint32_t state32 = 0;
	uint64_t state = 0, busy_time = 0;
	uint32_t busy = 99;
	mach_timespec_t wait = { 0, 1000000 };
	io_iterator_t it = 123;
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	CFMutableDictionaryRef m;
	char *buffer = NULL;
	uint32_t size = 0;
	io_name_t module = "x";

	ck_assert_int_eq(IOServiceGetState(p, &state), KERN_SUCCESS);
	ck_assert(state & kIOServiceRegisteredState);
	ck_assert(state & kIOServiceMatchedState);
	(void)state32;
	ck_assert_int_eq(IOServiceGetBusyStateAndTime(p, &state, &busy, &busy_time), KERN_SUCCESS);
	ck_assert_uint_eq(busy, 0);
	ck_assert_int_eq(IOKitWaitQuietWithOptions(kIOMainPortDefault, &wait, 0), KERN_SUCCESS);
	ck_assert_int_eq(IONotificationPortSetImportanceReceiver(port), KERN_SUCCESS);
	IONotificationPortDestroy(port);
	m = IOOpenFirmwarePathMatching(kIOMainPortDefault, 0, "/PCI0@0");
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_nonnull(CFDictionaryGetValue(m, CFSTR(kIOPathMatchKey)));
	CFRelease(m);
	/* The device tree's NVMe controller has a disk below it. */
	ck_assert_int_eq(IOServiceOFPathToBSDName(kIOMainPortDefault, "/NoSuchNode@99", bsd),
			 kIOReturnNoDevice);
	ck_assert_int_eq(IOServiceOFPathToBSDName(kIOMainPortDefault, NULL, bsd),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOServiceAuthorize(p, 0), kIOReturnUnsupported);
	ck_assert_int_eq(IOServiceOpenAsFileDescriptor(p, 0), -1);
	ck_assert_int_eq(IOServiceAddNotification(kIOMainPortDefault, kIOFirstMatchNotification,
						  IOServiceMatching("IOService"), MACH_PORT_NULL, 0,
						  &it), kIOReturnBadArgument);
	ck_assert_uint_eq(it, IO_OBJECT_NULL);
	/* No trap on any user client here. */
	ck_assert_int_eq(IOConnectTrap0(IO_OBJECT_NULL, 0), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap1(IO_OBJECT_NULL, 0, 1), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap2(IO_OBJECT_NULL, 0, 1, 2), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap3(IO_OBJECT_NULL, 0, 1, 2, 3), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap4(IO_OBJECT_NULL, 0, 1, 2, 3, 4), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap5(IO_OBJECT_NULL, 0, 1, 2, 3, 4, 5), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectTrap6(IO_OBJECT_NULL, 0, 1, 2, 3, 4, 5, 6), kIOReturnBadArgument);
	/* The catalogue calls check their arguments first. */
	ck_assert_int_eq(IOCatalogueGetData(kIOMainPortDefault, 0, &buffer, &size),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOCatalogueTerminate(kIOMainPortDefault, 0, module), kIOReturnBadArgument);
	ck_assert_int_eq(IOCatalogueModuleLoaded(0x4242, module), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOCatalogueModuleLoaded(kIOMainPortDefault, module),
			 geteuid() == 0 ? kIOReturnUnsupported : kIOReturnNotPrivileged);
	IOObjectRelease(p);
}
END_TEST

static int interest_calls;
static natural_t interest_type;

static void interest_cb(void *refcon, io_service_t service, natural_t type, void *arg)
{
	(void)refcon;
	(void)service;
	(void)arg;
	interest_calls++;
	interest_type = type;
}

/* A macOS receive loop: mach_msg on the notification port's Mach port,
 * then IODispatchCalloutFromMessage runs the callbacks. */
START_TEST(test_dispatch_callout_rw)
{
	const char *rw = use_rw_mount();
	IONotificationPortRef port;
	io_object_t note = IO_OBJECT_NULL;
	io_service_t p;
	struct {
		mach_msg_header_t header;
		uint8_t body[512];
	} msg;
	mach_msg_return_t mr = MACH_RCV_TIMED_OUT;

	if (!rw)
		return;
	p = platform();
	port = IONotificationPortCreate(kIOMainPortDefault);
	ck_assert_ptr_nonnull(port);
	ck_assert_int_eq(IOServiceAddInterestNotification(port, p, kIOGeneralInterest, interest_cb,
							  NULL, &note), KERN_SUCCESS);
	ck_assert_int_eq(mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg),
				  IONotificationPortGetMachPort(port), 10, MACH_PORT_NULL),
			 MACH_RCV_TIMED_OUT);
	ck_assert_int_eq(IORegistryEntrySetCFProperty(p, CFSTR("LibIOKitDispatch"), kCFBooleanTrue),
			 KERN_SUCCESS);
	for (int i = 0; i < 100 && interest_calls == 0; i++) {
		mr = mach_msg(&msg.header, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(msg),
			      IONotificationPortGetMachPort(port), 100, MACH_PORT_NULL);
		if (mr == MACH_MSG_SUCCESS)
			IODispatchCalloutFromMessage(NULL, &msg.header, NULL);
	}
	ck_assert_int_eq(mr, MACH_MSG_SUCCESS);
	ck_assert_int_eq(interest_calls, 1);
	ck_assert_uint_eq(interest_type, kIOMessageServicePropertyChange);
	/* A header for a name that is not a receive right does nothing. */
	msg.header.msgh_local_port = 0x4242;
	IODispatchCalloutFromMessage(NULL, &msg.header, NULL);
	IODispatchCalloutFromMessage(NULL, NULL, NULL);
	ck_assert_int_eq(interest_calls, 1);
	IOObjectRelease(note);
	IONotificationPortDestroy(port);
	IOObjectRelease(p);
}
END_TEST

/* Floats set through IOKit come back as floats (IOKit's binary widths 31
 * and 63), and the file surface shows them in the exact literal syntax. */
START_TEST(test_float_properties_rw)
{
	const char *rw = use_rw_mount();
	io_service_t p;
	double d = 1234.5678, got = 0;
	float f = 0.1f, gotf = 0;
	CFNumberRef dn, fn;
	CFMutableDictionaryRef dict;
	CFTypeRef v;
	char path[4096], xattr[64];
	ssize_t n;

	if (!rw)
		return;
	p = platform();
	dn = CFNumberCreate(NULL, kCFNumberDoubleType, &d);
	fn = CFNumberCreate(NULL, kCFNumberFloatType, &f);
	dict = CFDictionaryCreateMutable(NULL, 0, &kCFTypeDictionaryKeyCallBacks,
					 &kCFTypeDictionaryValueCallBacks);
	CFDictionarySetValue(dict, CFSTR("LibIOKitDouble"), dn);
	CFDictionarySetValue(dict, CFSTR("LibIOKitFloat"), fn);
	ck_assert_int_eq(IORegistryEntrySetCFProperties(p, dict), KERN_SUCCESS);
	v = IORegistryEntryCreateCFProperty(p, CFSTR("LibIOKitDouble"), NULL, 0);
	ck_assert(CFNumberIsFloatType(v));
	ck_assert(CFNumberGetValue(v, kCFNumberDoubleType, &got));
	ck_assert(got == 1234.5678);
	CFRelease(v);
	v = IORegistryEntryCreateCFProperty(p, CFSTR("LibIOKitFloat"), NULL, 0);
	ck_assert_int_eq(CFNumberGetType(v), kCFNumberFloat32Type);
	ck_assert(CFNumberGetValue(v, kCFNumberFloatType, &gotf));
	ck_assert(gotf == 0.1f);
	CFRelease(v);
	snprintf(path, sizeof(path), "%s%s", rw, PLATFORM_DIR);
	n = getxattr(path, "user.LibIOKitDouble", xattr, sizeof(xattr) - 1);
	ck_assert_int_gt(n, 0);
	xattr[n] = '\0';
	ck_assert_str_eq(xattr, "1234.5678");
	n = getxattr(path, "user.LibIOKitFloat", xattr, sizeof(xattr) - 1);
	ck_assert_int_gt(n, 0);
	xattr[n] = '\0';
	ck_assert_str_eq(xattr, "0.1:32");
	CFRelease(dict);
	CFRelease(dn);
	CFRelease(fn);
	IOObjectRelease(p);
}
END_TEST

START_TEST(test_request_counts)
{
	unsigned long before = ioctls();
	io_service_t s = IOServiceGetMatchingService(kIOMainPortDefault,
						     IOServiceMatching("AppleSmartBattery"));

	ck_assert_uint_ne(s, 0);
	ck_assert_uint_eq(ioctls() - before, 1);
	IOObjectRelease(s);
}
END_TEST

/* A forked child opens its own control file and works. */
START_TEST(test_fork)
{
	io_service_t p = platform();
	pid_t pid;
	int status;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		io_service_t q = platform();
		io_name_t cls;

		_exit(q == p && IOObjectGetClass(q, cls) == KERN_SUCCESS &&
		      IORegistryGetRootEntry(kIOMainPortDefault) ? 0 : 1);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_uint_ne(IORegistryGetRootEntry(kIOMainPortDefault), 0);
	IOObjectRelease(p);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("iokitlib");
	TCase *tc = tcase_create("api");
	SRunner *sr;
	int failed;

	if (!root_dir()) {
		printf("SKIP: IOKIT_ROOT not set\n");
		return 77;
	}
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_main_port);
	tcase_add_test(tc, test_root_entry);
	tcase_add_test(tc, test_reference_counts);
	tcase_add_test(tc, test_classes);
	tcase_add_test(tc, test_matching);
	tcase_add_test(tc, test_matching_helpers);
	tcase_add_test(tc, test_large_request);
	tcase_add_test(tc, test_registry_iterators);
	tcase_add_test(tc, test_paths_and_names);
	tcase_add_test(tc, test_properties);
	tcase_add_test(tc, test_set_properties_rw);
	tcase_add_test(tc, test_parent_iterators);
	tcase_add_test(tc, test_remaining_calls);
	tcase_add_test(tc, test_dispatch_callout_rw);
	tcase_add_test(tc, test_float_properties_rw);
	tcase_add_test(tc, test_request_counts);
	tcase_add_test(tc, test_fork);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
