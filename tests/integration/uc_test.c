/* User clients through libIOKit against a mount whose drivers file adds
 * IOKitFSSimDevice entries (run by test_user_clients.sh, as root): open and
 * close, every IOConnect call with its success and error paths, legacy
 * methods, memory mapping coherence in both directions, concurrent
 * clients, a client killed while connected, and the descriptor socket's
 * refusal of other processes and users.
 *
 * Environment: IOKIT_ROOT (the mount).  The mount has "SimDevice" (regions
 * 4096 and 65536 read-only) and "SimExclusive" (Exclusive). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOMapTypes.h>
#include <mach/mach.h>

#include "uc_wire.h"

#define SEL_RESET 0
#define SEL_DOORBELL 1
#define SEL_READ 2
#define SEL_WRITE 3
#define SEL_ECHO 4
#define SEL_ASYNC_DOORBELL 5

static io_service_t sim_service(const char *name)
{
	CFMutableDictionaryRef m = IOServiceNameMatching(name);
	io_service_t s = IOServiceGetMatchingService(kIOMainPortDefault, m);

	ck_assert_msg(s != IO_OBJECT_NULL, "no %s in the mount", name);
	return s;
}

static io_connect_t open_sim(uint32_t type)
{
	io_service_t s = sim_service("SimDevice");
	io_connect_t c = IO_OBJECT_NULL;

	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), type, &c), kIOReturnSuccess);
	ck_assert_uint_ne(c, IO_OBJECT_NULL);
	IOObjectRelease(s);
	return c;
}

static uint64_t sim_read(io_connect_t c, uint64_t region, uint64_t off, uint64_t width)
{
	uint64_t in[3] = { region, off, width }, out = 0;
	uint32_t n = 1;

	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 3, &out, &n),
			 kIOReturnSuccess);
	ck_assert_uint_eq(n, 1);
	return out;
}

static void sim_write(io_connect_t c, uint64_t region, uint64_t off, uint64_t width,
		      uint64_t value)
{
	uint64_t in[4] = { region, off, width, value };

	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_WRITE, in, 4, NULL, NULL),
			 kIOReturnSuccess);
}

/* Children of the service in the IOService plane of the user-client class. */
static int user_client_count(const char *service_name)
{
	io_service_t s = sim_service(service_name);
	io_iterator_t it;
	io_object_t o;
	int n = 0;

	ck_assert_int_eq(IORegistryEntryGetChildIterator(s, kIOServicePlane, &it),
			 kIOReturnSuccess);
	while ((o = IOIteratorNext(it))) {
		if (IOObjectConformsTo(o, "IOUserClient"))
			n++;
		IOObjectRelease(o);
	}
	IOObjectRelease(it);
	IOObjectRelease(s);
	return n;
}

START_TEST(open_and_close)
{
	io_service_t s = sim_service("SimDevice");
	io_registry_entry_t root = IORegistryGetRootEntry(kIOMainPortDefault);
	io_connect_t c = IO_OBJECT_NULL, c2 = IO_OBJECT_NULL;
	int before = user_client_count("SimDevice");

	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, &c), kIOReturnSuccess);
	ck_assert_int_eq(user_client_count("SimDevice"), before + 1);
	/* root may open type 1; unknown types are refused by the driver */
	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 1, &c2), kIOReturnSuccess);
	ck_assert_int_eq(IOServiceClose(c2), kIOReturnSuccess);
	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 7, &c2), kIOReturnBadArgument);
	ck_assert_uint_eq(c2, IO_OBJECT_NULL);
	/* the root entry has no user client; a dead name is no service */
	ck_assert_int_eq(IOServiceOpen(root, mach_task_self(), 0, &c2), kIOReturnUnsupported);
	ck_assert_int_eq(IOServiceOpen(0x12345678, mach_task_self(), 0, &c2),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOServiceOpen(s, 0x999, 0, &c2), kIOReturnBadArgument);
	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, NULL), kIOReturnBadArgument);

	ck_assert_int_eq(IOServiceClose(c), kIOReturnSuccess);
	ck_assert_int_eq(user_client_count("SimDevice"), before);
	/* the name died with the close */
	ck_assert_int_eq(IOServiceClose(c), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOServiceClose(s), kIOReturnBadArgument);	/* not a connection */
	IOObjectRelease(root);
	IOObjectRelease(s);
}
END_TEST

START_TEST(exclusive_open)
{
	io_service_t s = sim_service("SimExclusive");
	io_connect_t a, b = IO_OBJECT_NULL;

	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, &a), kIOReturnSuccess);
	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, &b), kIOReturnExclusiveAccess);
	ck_assert_int_eq(IOServiceClose(a), kIOReturnSuccess);
	ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, &b), kIOReturnSuccess);
	ck_assert_int_eq(IOServiceClose(b), kIOReturnSuccess);
	IOObjectRelease(s);
}
END_TEST

START_TEST(scalar_methods)
{
	io_connect_t c = open_sim(0);
	uint64_t in[17] = { 0 }, out[16];
	uint32_t n;

	sim_write(c, 0, 8, 8, 0x1122334455667788ull);
	ck_assert_uint_eq(sim_read(c, 0, 8, 8), 0x1122334455667788ull);
	ck_assert_uint_eq(sim_read(c, 0, 8, 1), 0x88);
	/* bad region, misaligned offset, value too wide */
	in[0] = 9; in[1] = 0; in[2] = 4;
	n = 1;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 3, out, &n),
			 kIOReturnBadArgument);
	in[0] = 0; in[1] = 3;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 3, out, &n),
			 kIOReturnBadArgument);
	in[1] = 0; in[2] = 1; in[3] = 0x100;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_WRITE, in, 4, NULL, NULL),
			 kIOReturnBadArgument);
	/* dispatch checks: counts, selector, too many scalars */
	n = 1;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 2, out, &n),
			 kIOReturnBadArgument);
	n = 2;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 3, out, &n),
			 kIOReturnBadArgument);
	n = 0;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, 99, NULL, 0, NULL, &n),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 17, out, &n),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectCallScalarMethod(0x4242, SEL_READ, in, 3, out, &n),
			 MACH_SEND_INVALID_DEST);
	/* reset zeroes */
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_RESET, NULL, 0, NULL, NULL),
			 kIOReturnSuccess);
	ck_assert_uint_eq(sim_read(c, 0, 8, 8), 0);
	/* after close: not open */
	IOConnectAddRef(c);
	ck_assert_int_eq(IOServiceClose(c), kIOReturnSuccess);
	n = 1;
	in[0] = 0; in[1] = 0; in[2] = 4;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_READ, in, 3, out, &n),
			 kIOReturnNotOpen);
	ck_assert_int_eq(IOConnectRelease(c), KERN_SUCCESS);
	ck_assert_int_eq(IOConnectRelease(c), MACH_SEND_INVALID_DEST);
}
END_TEST

START_TEST(struct_methods)
{
	io_connect_t c = open_sim(0);
	size_t sizes[] = { 0, 1, 80, 4096, 4097, 16000, 100000 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k], got = n + 10;
		unsigned char *in = malloc(n + 1), *out = calloc(1, n + 10);
		void *var = NULL;

		for (size_t i = 0; i < n; i++)
			in[i] = (unsigned char)(i * 7 + k);
		ck_assert_int_eq(IOConnectCallStructMethod(c, SEL_ECHO, in, n, out, &got),
				 kIOReturnSuccess);
		ck_assert_uint_eq(got, n);
		ck_assert(memcmp(in, out, n) == 0);
		got = kIOConnectMethodVarOutputSize;
		ck_assert_int_eq(IOConnectCallStructMethod(c, SEL_ECHO, in, n, &var, &got),
				 kIOReturnSuccess);
		ck_assert_uint_eq(got, n);
		ck_assert(n == 0 || memcmp(in, var, n) == 0);
		free(var);
		if (n) {
			got = n - 1;
			ck_assert_int_eq(IOConnectCallStructMethod(c, SEL_ECHO, in, n, out, &got),
					 kIOReturnNoSpace);
		}
		free(in);
		free(out);
	}
	/* over our 16 MiB cap */
	{
		size_t big = 17u << 20, got = 16;
		char *in = calloc(1, big), out[16];

		ck_assert_int_eq(IOConnectCallStructMethod(c, SEL_ECHO, in, big, out, &got),
				 kIOReturnMessageTooLarge);
		free(in);
	}
	/* IOConnectCallMethod with everything at once: read takes no struct */
	{
		uint64_t in[3] = { 0, 0, 4 }, out = 0;
		uint32_t n = 1;
		char s[4] = "abc", o[8];
		size_t on = sizeof(o);

		ck_assert_int_eq(IOConnectCallMethod(c, SEL_READ, in, 3, s, 4, &out, &n, o, &on),
				 kIOReturnBadArgument);
		ck_assert_int_eq(IOConnectCallMethod(c, SEL_READ, in, 3, NULL, 0, &out, &n, NULL,
						     NULL), kIOReturnSuccess);
	}
	IOServiceClose(c);
}
END_TEST

START_TEST(legacy_methods)
{
	io_connect_t c = open_sim(0);
	int value = -1;
	char in[40] = "legacy structure", out[40] = { 0 };
	IOByteCount osize = sizeof(out);

	ck_assert_int_eq(IOConnectMethodScalarIScalarO(c, SEL_WRITE, 4, 0, 0, 16, 4, 0x5a5a),
			 kIOReturnSuccess);
	ck_assert_int_eq(IOConnectMethodScalarIScalarO(c, SEL_READ, 3, 1, 0, 16, 4, &value),
			 kIOReturnSuccess);
	ck_assert_int_eq(value, 0x5a5a);
	ck_assert_int_eq(IOConnectMethodScalarIScalarO(c, SEL_READ, 2, 1, 0, 16, &value),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectMethodStructureIStructureO(c, SEL_ECHO, sizeof(in), &osize,
							     in, out), kIOReturnSuccess);
	ck_assert_uint_eq(osize, sizeof(in));
	ck_assert_str_eq(out, "legacy structure");
	/* struct in, no room out: the echo says no space */
	ck_assert_int_eq(IOConnectMethodScalarIStructureI(c, SEL_ECHO, 0, sizeof(in), in),
			 kIOReturnNoSpace);
	osize = sizeof(out);
	ck_assert_int_eq(IOConnectMethodScalarIStructureO(c, SEL_ECHO, 0, &osize, out),
			 kIOReturnSuccess);
	ck_assert_uint_eq(osize, 0);
	IOServiceClose(c);
}
END_TEST

START_TEST(map_memory)
{
	io_connect_t c = open_sim(0);
	mach_vm_address_t addr = 0, addr2 = 0;
	mach_vm_size_t size = 0;
	vm_address_t a32 = 0;
	vm_size_t s32 = 0;
	volatile uint32_t *p;
	uint64_t out;
	uint32_t n = 1;

	ck_assert_int_eq(IOConnectMapMemory64(c, 0, mach_task_self(), &addr, &size,
					      kIOMapAnywhere), kIOReturnSuccess);
	ck_assert_uint_eq(size, 4096);
	p = (volatile uint32_t *)(uintptr_t)addr;
	/* store through the mapping, seen by the driver */
	p[4] = 0xdeadbeef;
	ck_assert_uint_eq(sim_read(c, 0, 16, 4), 0xdeadbeef);
	/* driver store, seen through the mapping */
	sim_write(c, 0, 20, 4, 0xcafe);
	ck_assert_uint_eq(p[5], 0xcafe);
	/* the doorbell counter at offset 0 */
	p[0] = 41;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_DOORBELL, NULL, 0, &out, &n),
			 kIOReturnSuccess);
	ck_assert_uint_eq(out, 42);
	ck_assert_uint_eq(p[0], 42);
	/* a second mapping of the same type is the same memory */
	ck_assert_int_eq(IOConnectMapMemory(c, 0, mach_task_self(), &a32, &s32, kIOMapAnywhere |
					    kIOMapWriteCombineCache), kIOReturnSuccess);
	ck_assert_uint_ne(a32, addr);
	ck_assert_uint_eq(((volatile uint32_t *)a32)[4], 0xdeadbeef);
	ck_assert_int_eq(IOConnectUnmapMemory(c, 0, mach_task_self(), a32), kIOReturnSuccess);
	/* at a fixed address */
	{
		void *hole = mmap(NULL, 65536, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		ck_assert(hole != MAP_FAILED);
		munmap(hole, 65536);
		addr2 = (mach_vm_address_t)(uintptr_t)hole;
		ck_assert_int_eq(IOConnectMapMemory64(c, 1, mach_task_self(), &addr2, &size, 0),
				 kIOReturnSuccess);
		ck_assert_uint_eq(addr2, (uintptr_t)hole);
		ck_assert_uint_eq(size, 65536);
		/* occupied now: a second fixed mapping there fails */
		ck_assert_int_ne(IOConnectMapMemory64(c, 0, mach_task_self(), &addr2, &size, 0),
				 kIOReturnSuccess);
		/* read-only region: the mapping refuses stores (mprotect probe) */
		ck_assert_int_ne(mprotect(hole, 65536, PROT_READ | PROT_WRITE), 0);
		ck_assert_int_eq(IOConnectUnmapMemory64(c, 1, mach_task_self(), addr2),
				 kIOReturnSuccess);
	}
	/* errors: unknown type, wrong task, unmap of what is not mapped */
	addr2 = 0;
	ck_assert_int_eq(IOConnectMapMemory64(c, 5, mach_task_self(), &addr2, &size,
					      kIOMapAnywhere), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectMapMemory64(c, 0, 0x999, &addr2, &size, kIOMapAnywhere),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectUnmapMemory64(c, 0, mach_task_self(), addr + 4096),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectUnmapMemory64(c, 5, mach_task_self(), addr),
			 kIOReturnUnsupported);
	ck_assert_int_eq(IOConnectUnmapMemory64(c, 0, mach_task_self(), addr), kIOReturnSuccess);
	ck_assert_int_eq(IOConnectUnmapMemory64(c, 0, mach_task_self(), addr),
			 kIOReturnBadArgument);
	IOServiceClose(c);
}
END_TEST

START_TEST(properties_and_service)
{
	io_service_t s = sim_service("SimDevice"), got = IO_OBJECT_NULL;
	io_connect_t c = open_sim(0);
	int v = 1234;
	CFNumberRef num = CFNumberCreate(NULL, kCFNumberIntType, &v);
	CFStringRef key = CFSTR("SimScratch"), bad = CFSTR("NoSuchKey");
	CFTypeRef back;

	ck_assert_int_eq(IOConnectSetCFProperty(c, key, num), kIOReturnSuccess);
	back = IORegistryEntryCreateCFProperty(s, key, NULL, 0);
	ck_assert_ptr_nonnull(back);
	ck_assert(CFEqual(back, num));
	CFRelease(back);
	ck_assert_int_eq(IOConnectSetCFProperty(c, bad, num), kIOReturnUnsupported);
	ck_assert_int_eq(IOConnectSetCFProperty(c, key, CFSTR("text")), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectSetCFProperties(c, NULL), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectGetService(c, &got), kIOReturnSuccess);
	ck_assert_uint_eq(got, s);	/* the same entry is the same name */
	IOObjectRelease(got);
	ck_assert_int_eq(IOConnectGetService(c, NULL), kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectGetService(s, &got), kIOReturnBadArgument);
	CFRelease(num);
	IOServiceClose(c);
	IOObjectRelease(s);
}
END_TEST

START_TEST(unsupported_calls)
{
	io_connect_t c = open_sim(0), d = open_sim(0);
	uint64_t ref[8] = { 0 };

	ck_assert_int_eq(IOConnectCallAsyncMethod(0x4242, 0, 0, ref, 8, NULL, 0, NULL, 0, NULL,
						  NULL, NULL, NULL), MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOConnectAddClient(c, d), kIOReturnUnsupported);
	ck_assert_int_eq(IOConnectAddClient(c, 0x4242), MACH_SEND_INVALID_DEST);
	IOServiceClose(c);
	IOServiceClose(d);
}
END_TEST

/* What the async callbacks saw. */
struct async_seen {
	int calls;
	IOReturn result;
	void *refcon;
	uint32_t nargs;
	uint64_t args[16];
};

static void async_cb0(void *refcon, IOReturn result)
{
	struct async_seen *s = refcon;

	s->calls++;
	s->result = result;
	s->refcon = refcon;
	s->nargs = 0;
}

static void async_cb1(void *refcon, IOReturn result, void *arg0)
{
	struct async_seen *s = refcon;

	async_cb0(refcon, result);
	s->nargs = 1;
	s->args[0] = (uint64_t)(uintptr_t)arg0;
}

static void async_cb2(void *refcon, IOReturn result, void *arg0, void *arg1)
{
	struct async_seen *s = refcon;

	async_cb0(refcon, result);
	s->nargs = 2;
	s->args[0] = (uint64_t)(uintptr_t)arg0;
	s->args[1] = (uint64_t)(uintptr_t)arg1;
}

static void async_cbn(void *refcon, IOReturn result, void **args, uint32_t nargs)
{
	struct async_seen *s = refcon;

	async_cb0(refcon, result);
	s->nargs = nargs;
	for (uint32_t i = 0; i < nargs && i < 16; i++)
		s->args[i] = (uint64_t)(uintptr_t)args[i];
}

static void run_until_calls(struct async_seen *s, int calls)
{
	for (int i = 0; i < 200 && s->calls < calls; i++)
		CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.01, true);
}

/* One async doorbell with nargs scalar inputs, completing through cb. */
static void async_round(io_connect_t c, mach_port_t wake, void *cb, uint32_t nargs)
{
	struct async_seen seen = { 0 };
	uint64_t ref[3] = { 0, (uint64_t)(uintptr_t)cb, (uint64_t)(uintptr_t)&seen };
	uint64_t in[16], out[1] = { 0 };
	uint32_t n = 1;

	for (uint32_t i = 0; i < nargs; i++)
		in[i] = 0x1000 + i * 7;
	ck_assert_int_eq(IOConnectCallAsyncScalarMethod(c, SEL_ASYNC_DOORBELL, wake, ref, 3,
							in, nargs, out, &n), kIOReturnSuccess);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_gt(out[0], 0);
	ck_assert_int_eq(seen.calls, 0);	/* only the port's dispatcher calls back */
	run_until_calls(&seen, 1);
	ck_assert_int_eq(seen.calls, 1);
	ck_assert_int_eq(seen.result, kIOReturnSuccess);
	ck_assert_ptr_eq(seen.refcon, &seen);
	ck_assert_uint_eq(seen.nargs, nargs);
	for (uint32_t i = 0; i < nargs; i++)
		ck_assert_uint_eq(seen.args[i], 0x1000 + i * 7);
}

/* IOConnectCallAsync* completing through an IONotificationPort on the run
 * loop: IOAsyncCallback0/1/2/N by argument count (reference §5.6). */
START_TEST(async_completion)
{
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	io_connect_t c = open_sim(0);
	mach_port_t wake;
	uint64_t ref[9] = { 0 }, out[1];
	uint32_t n = 1;
	size_t sz = 0;

	ck_assert_ptr_nonnull(port);
	wake = IONotificationPortGetMachPort(port);
	CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
			   kCFRunLoopDefaultMode);
	async_round(c, wake, (void *)async_cb0, 0);
	async_round(c, wake, (void *)async_cb1, 1);
	async_round(c, wake, (void *)async_cb2, 2);
	async_round(c, wake, (void *)async_cbn, 3);
	async_round(c, wake, (void *)async_cbn, 15);

	/* No reference at all: IOKitLib sends one zero word (no callback). */
	n = 1;
	ck_assert_int_eq(IOConnectCallAsyncMethod(c, SEL_ASYNC_DOORBELL, wake, NULL, 0, NULL, 0,
						  NULL, 0, out, &n, NULL, NULL),
			 kIOReturnSuccess);
	CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.05, true);
	/* Bad references and ports. */
	ck_assert_int_eq(IOConnectCallAsyncMethod(c, SEL_ASYNC_DOORBELL, wake, ref, 0, NULL, 0,
						  NULL, 0, out, &n, NULL, NULL),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectCallAsyncMethod(c, SEL_ASYNC_DOORBELL, wake, ref, 9, NULL, 0,
						  NULL, 0, out, &n, NULL, NULL),
			 kIOReturnBadArgument);
	ck_assert_int_eq(IOConnectCallAsyncScalarMethod(c, SEL_ASYNC_DOORBELL, MACH_PORT_NULL,
							ref, 8, NULL, 0, out, &n),
			 MACH_SEND_INVALID_DEST);
	ck_assert_int_eq(IOConnectCallAsyncStructMethod(c, SEL_ECHO, c, ref, 8, NULL, 0, NULL,
							&sz), kIOReturnBadArgument);
	/* The async selector refuses a synchronous call. */
	n = 1;
	ck_assert_int_eq(IOConnectCallScalarMethod(c, SEL_ASYNC_DOORBELL, NULL, 0, out, &n),
			 kIOReturnBadArgument);
	/* A synchronous selector called async completes nothing but works. */
	n = 1;
	ck_assert_int_eq(IOConnectCallAsyncScalarMethod(c, SEL_DOORBELL, wake, ref, 8, NULL, 0,
							out, &n), kIOReturnSuccess);

	ck_assert_int_eq(IOConnectSetNotificationPort(c, 0, wake, 7), kIOReturnSuccess);
	ck_assert_int_eq(IOConnectSetNotificationPort(c, 0, MACH_PORT_NULL, 0), kIOReturnSuccess);
	ck_assert_int_eq(IOConnectSetNotificationPort(c, 0, 0x4242, 0), MACH_SEND_INVALID_DEST);
	IOServiceClose(c);
	ck_assert_int_eq(IOConnectSetNotificationPort(c, 0, wake, 0), MACH_SEND_INVALID_DEST);
	CFRunLoopRemoveSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
			      kCFRunLoopDefaultMode);
	IONotificationPortDestroy(port);
}
END_TEST

/* The last reference closes, as IOServiceClose would. */
START_TEST(release_closes)
{
	int before = user_client_count("SimDevice");
	io_connect_t c = open_sim(0);

	ck_assert_int_eq(IOConnectAddRef(c), KERN_SUCCESS);
	ck_assert_int_eq(IOConnectRelease(c), KERN_SUCCESS);
	ck_assert_int_eq(user_client_count("SimDevice"), before + 1);
	ck_assert_int_eq(IOConnectRelease(c), KERN_SUCCESS);
	/* the daemon hears the release asynchronously */
	for (int i = 0; i < 100 && user_client_count("SimDevice") != before; i++)
		usleep(10000);
	ck_assert_int_eq(user_client_count("SimDevice"), before);
}
END_TEST

#define THREADS 4
#define RINGS 500

static void *ring(void *arg)
{
	io_connect_t c = open_sim(0);
	uint64_t out;
	uint32_t n;

	(void)arg;
	for (int i = 0; i < RINGS; i++) {
		n = 1;
		if (IOConnectCallScalarMethod(c, SEL_DOORBELL, NULL, 0, &out, &n) != 0)
			return (void *)1;
	}
	IOServiceClose(c);
	return NULL;
}

START_TEST(concurrent_clients)
{
	io_connect_t c = open_sim(0);
	pthread_t t[THREADS];
	uint64_t start;
	void *r;

	start = sim_read(c, 0, 0, 4);
	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, ring, NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		ck_assert_int_eq(pthread_join(t[i], &r), 0);
		ck_assert_ptr_null(r);
	}
	ck_assert_uint_eq(sim_read(c, 0, 0, 4), (start + THREADS * RINGS) & 0xffffffffu);
	IOServiceClose(c);
}
END_TEST

/* kill -9 of a child holding a connection: the died path removes its user
 * client; the parent's own connection carries on. */
START_TEST(client_death)
{
	io_connect_t mine = open_sim(0);
	int before = user_client_count("SimDevice"), p[2];
	pid_t child;
	char b;

	ck_assert_int_eq(pipe(p), 0);
	child = fork();
	ck_assert_int_ge(child, 0);
	if (child == 0) {
		io_service_t s = IOServiceGetMatchingService(kIOMainPortDefault,
							     IOServiceNameMatching("SimExclusive"));
		io_connect_t c;

		if (IOServiceOpen(s, mach_task_self(), 0, &c) != 0)
			_exit(1);
		if (write(p[1], "o", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &b, 1), 1);
	close(p[0]);
	{
		/* the child holds the exclusive device */
		io_service_t s = sim_service("SimExclusive");
		io_connect_t c;

		ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, &c),
				 kIOReturnExclusiveAccess);
		ck_assert_int_eq(user_client_count("SimExclusive"), 1);
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		for (int i = 0; i < 200 && user_client_count("SimExclusive") != 0; i++)
			usleep(10000);
		ck_assert_int_eq(user_client_count("SimExclusive"), 0);
		ck_assert_int_eq(IOServiceOpen(s, mach_task_self(), 0, &c), kIOReturnSuccess);
		IOServiceClose(c);
		IOObjectRelease(s);
	}
	ck_assert_int_eq(user_client_count("SimDevice"), before);
	ck_assert_uint_eq(sim_read(mine, 0, 0, 4), sim_read(mine, 0, 0, 4));
	IOServiceClose(mine);
}
END_TEST

static int raw_call(int fd, struct iokitfs_msg *msg, uint32_t op, const void *data,
		    uint32_t len)
{
	msg->op = op;
	msg->length = msg->total = len;
	if (len)
		memcpy(msg->data, data, len);
	if (ioctl(fd, IOKITFS_IOC_UC, msg) != 0)
		return -1;
	return msg->result;
}

/* Malformed requests on the connection file get clean errors. */
START_TEST(hostile_requests)
{
	char path[4096];
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct uc_open o = { .type = 0 };
	struct uc_call h = { .selector = SEL_ECHO, .flags = UC_CALL_STRUCT_OUTPUT };
	io_service_t s = sim_service("SimDevice");
	uint64_t id;
	int fd;

	ck_assert_int_eq(IORegistryEntryGetRegistryEntryID(s, &id), kIOReturnSuccess);
	IOObjectRelease(s);
	snprintf(path, sizeof(path), "%s/.iokit/connect", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	/* anything before the open */
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_CALL, &h, sizeof(h)), kIOReturnNotOpen);
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_GET_SERVICE, NULL, 0), kIOReturnNotOpen);
	/* a short open, an unknown service */
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_OPEN, &o, 4), kIOReturnBadArgument);
	o.service_id = ~0ull;
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_OPEN, &o, sizeof(o)), kIOReturnNotFound);
	o.service_id = id;
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_OPEN, &o, sizeof(o)), kIOReturnSuccess);
	/* one connection per open file */
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_OPEN, &o, sizeof(o)),
			 kIOReturnExclusiveAccess);
	/* sizes that disagree with the payload, counts over 16, huge sizes */
	h.struct_input_size = 100;
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_CALL, &h, sizeof(h)), kIOReturnBadArgument);
	h.struct_input_size = 0;
	h.scalar_input_count = 1000;
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_CALL, &h, sizeof(h)), kIOReturnBadArgument);
	h.scalar_input_count = 0;
	h.struct_output_size = ~0ull;
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_CALL, &h, sizeof(h)),
			 kIOReturnMessageTooLarge);
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_CALL, &h, 3), kIOReturnBadArgument);
	/* a length past the message, a staged total that was never staged */
	msg->op = UC_OP_CALL;
	msg->length = 0xffffffffu;
	ck_assert_int_eq(ioctl(fd, IOKITFS_IOC_UC, msg), 0);
	ck_assert_int_eq(msg->result, kIOReturnBadArgument);
	msg->length = 0;
	msg->total = 5000;
	ck_assert_int_eq(ioctl(fd, IOKITFS_IOC_UC, msg), 0);
	ck_assert_int_eq(msg->result, kIOReturnBadArgument);
	/* bad property bytes, unknown ops, short map and mapping requests */
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_SET_PROPERTIES, "garbage", 7),
			 kIOReturnBadArgument);
	ck_assert_int_eq(raw_call(fd, msg, 999, NULL, 0), kIOReturnUnsupported);
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_MAP, "x", 1), kIOReturnBadArgument);
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_UNMAP, "x", 1), kIOReturnBadArgument);
	/* the wrong ioctl */
	ck_assert_int_ne(ioctl(fd, IOKITFS_IOC_CALL, msg), 0);
	/* still serving */
	ck_assert_int_eq(raw_call(fd, msg, UC_OP_GET_SERVICE, NULL, 0), kIOReturnSuccess);
	ck_assert_uint_eq(msg->length, sizeof(uint64_t));
	close(fd);
	free(msg);
}
END_TEST

/* A forked child does not inherit connections (send rights are not
 * inherited); the parent's carries on. */
START_TEST(fork_does_not_inherit)
{
	io_connect_t c = open_sim(0);
	int before = user_client_count("SimDevice"), status;
	pid_t child = fork();

	ck_assert_int_ge(child, 0);
	if (child == 0) {
		uint64_t in[3] = { 0, 0, 4 }, out;
		uint32_t n = 1;

		_exit(IOConnectCallScalarMethod(c, SEL_READ, in, 3, &out, &n) == kIOReturnNotOpen
		      ? 0 : 1);
	}
	waitpid(child, &status, 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	sim_write(c, 0, 40, 4, 7);
	ck_assert_uint_eq(sim_read(c, 0, 40, 4), 7);
	ck_assert_int_eq(user_client_count("SimDevice"), before);
	IOServiceClose(c);
}
END_TEST

/* The hand-over (proto/uc_wire.h): the daemon sends memory only to a
 * socket the connection's opener listens on, and waits for nobody. */
static int raw_listen(const char *name)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);

	memcpy(addr.sun_path + 1, name, len);
	if (bind(s, (struct sockaddr *)&addr,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0 ||
	    listen(s, 4) != 0)
		return -1;
	return s;
}

static int raw_map(int fd, struct iokitfs_msg *msg, const char *name)
{
	struct uc_map m = { .type = 0, .options = kIOMapAnywhere };

	snprintf(m.socket_name, sizeof(m.socket_name), "%s", name);
	msg->op = UC_OP_MAP;
	msg->length = msg->total = sizeof(m);
	memcpy(msg->data, &m, sizeof(m));
	ck_assert_int_eq(ioctl(fd, IOKITFS_IOC_UC, msg), 0);
	return msg->result;
}

START_TEST(socket_refuses_others)
{
	char path[4096], name[64];
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct uc_open o = { 0 };
	io_service_t s = sim_service("SimDevice");
	uint64_t id;
	int fd, status, l, up[2], down[2];
	pid_t child;

	ck_assert_int_eq(IORegistryEntryGetRegistryEntryID(s, &id), kIOReturnSuccess);
	IOObjectRelease(s);
	snprintf(path, sizeof(path), "%s/.iokit/connect", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	o.service_id = id;
	msg->op = UC_OP_OPEN;
	msg->length = msg->total = sizeof(o);
	memcpy(msg->data, &o, sizeof(o));
	ck_assert_int_eq(ioctl(fd, IOKITFS_IOC_UC, msg), 0);
	ck_assert_int_eq(msg->result, 0);
	/* nobody listens there: an IPC error, at once */
	snprintf(name, sizeof(name), "uc-test-none-%d", (int)getpid());
	ck_assert_int_eq(raw_map(fd, msg, name), kIOReturnIPCError);
	/* another process of the same user listens: refused */
	ck_assert_int_eq(pipe(up), 0);
	ck_assert_int_eq(pipe(down), 0);
	snprintf(name, sizeof(name), "uc-test-other-%d", (int)getpid());
	child = fork();
	if (child == 0) {
		char c = 0;

		l = raw_listen(name);
		if (write(up[1], "x", 1) != 1 || read(down[0], &c, 1) < 0)
			_exit(1);
		_exit(l >= 0 ? 0 : 2);
	}
	{
		char c;

		ck_assert_int_eq(read(up[0], &c, 1), 1);
	}
	ck_assert_int_eq(raw_map(fd, msg, name), kIOReturnNotPermitted);
	ck_assert_int_eq(write(down[1], "y", 1), 1);
	waitpid(child, &status, 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	/* a name too long for the field: bad argument */
	{
		struct uc_map m = { .type = 0 };

		memset(m.socket_name, 'a', sizeof(m.socket_name));
		msg->op = UC_OP_MAP;
		msg->length = msg->total = sizeof(m);
		memcpy(msg->data, &m, sizeof(m));
		ck_assert_int_eq(ioctl(fd, IOKITFS_IOC_UC, msg), 0);
		ck_assert_int_eq(msg->result, kIOReturnBadArgument);
	}
	/* the opener's own socket gets the descriptor before the reply */
	snprintf(name, sizeof(name), "uc-test-mine-%d", (int)getpid());
	l = raw_listen(name);
	ck_assert_int_ge(l, 0);
	ck_assert_int_eq(raw_map(fd, msg, name), kIOReturnSuccess);
	ck_assert_uint_eq(msg->length, sizeof(struct uc_map_reply));
	{
		int peer = accept(l, NULL, NULL);
		char cbuf[CMSG_SPACE(sizeof(int))];
		uint8_t st = 0xff;
		struct iovec iov = { .iov_base = &st, .iov_len = 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm;
		int got = -1;

		ck_assert_int_ge(peer, 0);
		ck_assert_int_eq(recvmsg(peer, &mh, MSG_DONTWAIT), 1);
		ck_assert_uint_eq(st, 0);
		cm = CMSG_FIRSTHDR(&mh);
		ck_assert_ptr_nonnull(cm);
		memcpy(&got, CMSG_DATA(cm), sizeof(int));
		ck_assert_int_ge(got, 0);
		close(got);
		close(peer);
	}
	close(l);
	close(fd);
	free(msg);
}
END_TEST

/* An unprivileged user may open type 0 only, and sees the same device. */
START_TEST(unprivileged_user)
{
	pid_t child = fork();
	int status;

	ck_assert_int_ge(child, 0);
	if (child == 0) {
		io_service_t s;
		io_connect_t c;
		mach_vm_address_t a = 0;
		mach_vm_size_t n;

		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(10);
		s = IOServiceGetMatchingService(kIOMainPortDefault,
						IOServiceNameMatching("SimDevice"));
		if (IOServiceOpen(s, mach_task_self(), 1, &c) != kIOReturnNotPrivileged)
			_exit(11);
		if (IOServiceOpen(s, mach_task_self(), 0, &c) != kIOReturnSuccess)
			_exit(12);
		if (IOConnectMapMemory64(c, 0, mach_task_self(), &a, &n, kIOMapAnywhere) != 0)
			_exit(13);
		((volatile uint32_t *)(uintptr_t)a)[8] = 0x77;
		IOServiceClose(c);
		_exit(0);
	}
	waitpid(child, &status, 0);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	{
		io_connect_t c = open_sim(0);

		ck_assert_uint_eq(sim_read(c, 0, 32, 4), 0x77);
		IOServiceClose(c);
	}
}
END_TEST

/* "uc_test hold": for the shell side of test_user_clients.sh.  Maps SimDevice's
 * region 0, stores 0x11223344 at offset 8 through the mapping, says "ready";
 * after a line on stdin prints the word at offset 12 as the mapping sees it
 * and what the doorbell (which increments the word at 0) returns, then exits
 * with the connection still open (the daemon closes it). */
static int hold(void)
{
	io_service_t s = IOServiceGetMatchingService(kIOMainPortDefault,
						     IOServiceNameMatching("SimDevice"));
	io_connect_t c = IO_OBJECT_NULL;
	mach_vm_address_t addr = 0;
	mach_vm_size_t size = 0;
	uint64_t out = 0;
	uint32_t n = 1;
	char line[16];

	if (!s || IOServiceOpen(s, mach_task_self(), 0, &c) != kIOReturnSuccess ||
	    IOConnectMapMemory64(c, 0, mach_task_self(), &addr, &size, kIOMapAnywhere) !=
		    kIOReturnSuccess || size < 16)
		return 1;
	((volatile uint32_t *)(uintptr_t)addr)[2] = 0x11223344;
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 1;
	if (IOConnectCallScalarMethod(c, SEL_DOORBELL, NULL, 0, &out, &n) != kIOReturnSuccess)
		return 1;
	printf("%08x %" PRIu64 "\n", ((volatile uint32_t *)(uintptr_t)addr)[3], out);
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	Suite *s = suite_create("user_clients");
	TCase *tc = tcase_create("connect");
	SRunner *sr;
	int failed;

	if (!getenv("IOKIT_ROOT")) {
		fprintf(stderr, "SKIP: IOKIT_ROOT not set\n");
		return 77;
	}
	if (argc == 2 && strcmp(argv[1], "hold") == 0)
		return hold();
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, open_and_close);
	tcase_add_test(tc, exclusive_open);
	tcase_add_test(tc, scalar_methods);
	tcase_add_test(tc, struct_methods);
	tcase_add_test(tc, legacy_methods);
	tcase_add_test(tc, map_memory);
	tcase_add_test(tc, properties_and_service);
	tcase_add_test(tc, unsupported_calls);
	tcase_add_test(tc, async_completion);
	tcase_add_test(tc, release_closes);
	tcase_add_test(tc, concurrent_clients);
	tcase_add_test(tc, client_death);
	tcase_add_test(tc, fork_does_not_inherit);
	tcase_add_test(tc, hostile_requests);
	tcase_add_test(tc, socket_refuses_others);
	tcase_add_test(tc, unprivileged_user);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
