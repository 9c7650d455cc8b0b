/* The hostile-user half of tests/integration/test_security.sh: each
 * subcommand does one thing the way a local user would, through libIOKit or
 * the raw wire (proto/), and prints its result on one line for the shell
 * to check.  The mount is $IOKIT_ROOT.
 *
 *   setprop PATH KEY STRING         IORegistryEntrySetCFProperty -> 0x<kr>
 *   uc NAME TYPE method SEL         IOServiceOpen, one scalar method -> 0x<kr>
 *   uc NAME TYPE prop KEY true|N    IOConnectSetCFProperties -> 0x<kr>
 *   map NAME                        IOConnectMapMemory64 -> "0x<kr> <ms>"
 *   jam NAME SECONDS                16 threads of hand-over abuse (below)
 *   blowup                          the 2^40-way reference request on
 *                                   .iokit/control -> "0x<kr> <ms>"
 *   conns NAME N                    opens N connections, prints how many
 *                                   were granted and the first refusal
 *   hold NAME                       opens a connection and keeps it until
 *                                   stdin ends; prints "ready <n> denied <k>":
 *                                   n is its own .iokit/connections entry
 *                                   (the info naming our pid), k how many
 *                                   other entries' info refused us (EACCES)
 *   stage BYTES                     write()s BYTES to a control descriptor,
 *                                   prints the errno name or "ok"
 *   writers DIR ITERS               8 threads of set/remove/O_CREAT|O_TRUNC
 *                                   on DIR -> "slow N estale N errors N"
 *   subs N                          N matching notifications on one port ->
 *                                   "<granted> 0x<first refusal>"
 *   bigmatch N                      IOServiceGetMatchingServices and
 *                                   IOServiceAddMatchingNotification with
 *                                   an IONameMatch array of N names ->
 *                                   "0x<kr> 0x<kr> <ms of the first>"
 *   bigsubs N NAMES                 N matching notifications on one port,
 *                                   each an IONameMatch array of NAMES
 *                                   names -> "<granted> 0x<first refusal>"
 *   hello VERSION                   the version handshake as a client of
 *                                   that version -> "0x<kr> <daemon version>"
 *   bytebomb KIB REFS               a request holding one KIB KiB data
 *                                   object and REFS references to it (4
 *                                   bytes each) on .iokit/control ->
 *                                   "0x<kr> <ms> <bytes sent>"
 *   ports FILE N                    opens .iokit/FILE (notify or watch) N
 *                                   times -> "<opened> <first errno name>"
 *   readclose SECONDS               8 threads: open .iokit/control or
 *                                   connect, read(), close() at once,
 *                                   again -> "cycles N"
 *   romap NAME TYPE                 maps memory TYPE through the raw wire,
 *                                   then tries to make the descriptor it
 *                                   received writable (a reopen through
 *                                   /proc/self/fd, a PROT_WRITE mapping) ->
 *                                   "map 0x<kr> reopen <ok|errno> mmap <ok|errno>"
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

#include "rpc_wire.h"
#include "uc_wire.h"
#include "version.h"

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static io_service_t service_named(const char *name)
{
	return IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(name));
}

static int cmd_setprop(const char *path, const char *key, const char *value)
{
	io_registry_entry_t e = IORegistryEntryFromPath(kIOMainPortDefault, path);
	CFStringRef k = CFStringCreateWithCString(NULL, key, kCFStringEncodingUTF8);
	CFStringRef v = CFStringCreateWithCString(NULL, value, kCFStringEncodingUTF8);
	kern_return_t kr;

	if (!e) {
		printf("no-entry\n");
		return 1;
	}
	kr = IORegistryEntrySetCFProperty(e, k, v);
	printf("0x%x\n", (unsigned)kr);
	CFRelease(k);
	CFRelease(v);
	IOObjectRelease(e);
	return 0;
}

static int cmd_uc(int argc, char **argv)
{
	io_service_t s = service_named(argv[0]);
	io_connect_t c;
	kern_return_t kr;

	if (!s) {
		printf("no-service\n");
		return 1;
	}
	kr = IOServiceOpen(s, mach_task_self(), (uint32_t)atoi(argv[1]), &c);
	IOObjectRelease(s);
	if (kr != kIOReturnSuccess) {
		printf("open:0x%x\n", (unsigned)kr);
		return 0;
	}
	if (strcmp(argv[2], "method") == 0 && argc >= 4) {
		uint64_t in[4] = { 0, 8, 4, 0x5a5a };	/* write: region 0, offset 8 */
		uint32_t sel = (uint32_t)atoi(argv[3]);
		uint32_t nin = sel == 3 ? 4 : 0;

		kr = IOConnectCallScalarMethod(c, sel, nin ? in : NULL, nin, NULL, NULL);
	} else if (strcmp(argv[2], "prop") == 0 && argc >= 5) {
		CFStringRef k = CFStringCreateWithCString(NULL, argv[3], kCFStringEncodingUTF8);
		CFTypeRef v;
		CFDictionaryRef d;
		int n = atoi(argv[4]);

		if (strcmp(argv[4], "true") == 0)
			v = CFRetain(kCFBooleanTrue);
		else
			v = CFNumberCreate(NULL, kCFNumberIntType, &n);
		d = CFDictionaryCreate(NULL, (const void **)&k, &v, 1,
				       &kCFTypeDictionaryKeyCallBacks, &kCFTypeDictionaryValueCallBacks);
		kr = IOConnectSetCFProperties(c, d);
		CFRelease(d);
		CFRelease(v);
		CFRelease(k);
	} else {
		kr = kIOReturnBadArgument;
	}
	printf("0x%x\n", (unsigned)kr);
	IOServiceClose(c);
	return 0;
}

static int cmd_map(const char *name)
{
	io_service_t s = service_named(name);
	io_connect_t c;
	mach_vm_address_t a = 0;
	mach_vm_size_t n = 0;
	kern_return_t kr;
	double t0, ms;

	if (!s || IOServiceOpen(s, mach_task_self(), 0, &c) != kIOReturnSuccess) {
		printf("no-connection\n");
		return 1;
	}
	IOObjectRelease(s);
	t0 = now_ms();
	kr = IOConnectMapMemory64(c, 0, mach_task_self(), &a, &n, kIOMapAnywhere);
	ms = now_ms() - t0;
	printf("0x%x %.3f\n", (unsigned)kr, ms);
	if (kr == kIOReturnSuccess)
		IOConnectUnmapMemory64(c, 0, mach_task_self(), a);
	IOServiceClose(c);
	return 0;
}

/* ---- jam: what used to stall everyone's mapping ---- */

static uint64_t jam_service;
static volatile int jam_stop;
static unsigned long jam_requests;

static int raw_open_connection(void)
{
	char path[PATH_MAX];
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct uc_open o = { .service_id = jam_service, .type = 0 };
	int fd;

	snprintf(path, sizeof(path), "%s/.iokit/" IOKITFS_CONNECT_NAME, getenv("IOKIT_ROOT"));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !msg) {
		free(msg);
		return -1;
	}
	msg->op = UC_OP_OPEN;
	msg->length = msg->total = sizeof(o);
	memcpy(msg->data, &o, sizeof(o));
	if (ioctl(fd, IOKITFS_IOC_UC, msg) != 0 || msg->result != 0) {
		close(fd);
		fd = -1;
	}
	free(msg);
	return fd;
}

/* Each thread: a listener that never accepts, its backlog filled with idle
 * connections of our own, named in map request after map request (the old
 * design's equivalents: idle connections to the daemon's socket and a
 * token table filled with unclaimed tokens). */
static void *jam_thread(void *arg)
{
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct uc_map m = { .type = 0 };
	int fd = raw_open_connection(), l, idle[64];
	size_t len;

	snprintf(m.socket_name, sizeof(m.socket_name), "sec-jam-%d-%ld", (int)getpid(),
		 (long)(intptr_t)arg);
	len = strlen(m.socket_name);
	memcpy(addr.sun_path + 1, m.socket_name, len);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || !msg || l < 0 ||
	    bind(l, (struct sockaddr *)&addr,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0 ||
	    listen(l, 1) != 0)
		return NULL;
	for (int i = 0; i < 64; i++) {
		idle[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(idle[i], (struct sockaddr *)&addr,
			(socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len));
	}
	while (!jam_stop) {
		msg->op = UC_OP_MAP;
		msg->length = msg->total = sizeof(m);
		memcpy(msg->data, &m, sizeof(m));
		if (ioctl(fd, IOKITFS_IOC_UC, msg) != 0)
			break;
		__atomic_add_fetch(&jam_requests, 1, __ATOMIC_RELAXED);
	}
	for (int i = 0; i < 64; i++)
		close(idle[i]);
	close(l);
	close(fd);
	free(msg);
	return NULL;
}

static int cmd_jam(const char *name, int seconds)
{
	io_service_t s = service_named(name);
	pthread_t t[16];

	if (!s || IORegistryEntryGetRegistryEntryID(s, &jam_service) != kIOReturnSuccess) {
		printf("no-service\n");
		return 1;
	}
	IOObjectRelease(s);
	for (long i = 0; i < 16; i++)
		pthread_create(&t[i], NULL, jam_thread, (void *)(intptr_t)i);
	sleep((unsigned)seconds);
	jam_stop = 1;
	for (int i = 0; i < 16; i++)
		pthread_join(t[i], NULL);
	printf("jam requests %lu\n", jam_requests);
	return 0;
}

/* ---- the reference blow-up ---- */

static void w32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* One timed control call (op 6, RPC_OP_ENTRY_INFO: any op decodes its
 * arguments first) of TOTAL request bytes, LENGTH of them in msg->data and
 * the rest already written to FD; prints "RESULT MS BYTES".  Closes FD. */
static int timed_decode_call(int fd, struct iokitfs_msg *msg, size_t length, size_t total)
{
	double t0, ms;

	msg->op = 6;
	msg->length = (uint32_t)length;
	msg->total = (uint32_t)total;
	t0 = now_ms();
	if (ioctl(fd, IOKITFS_IOC_CALL, msg) != 0) {
		printf("ioctl-failed\n");
		return 1;
	}
	ms = now_ms() - t0;
	printf("0x%x %.3f %zu\n", (unsigned)msg->result, ms, total);
	close(fd);
	return 0;
}

static int cmd_blowup(void)
{
	enum { LEVELS = 40 };
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	char path[PATH_MAX];
	size_t pos = 0;
	int ret;
	int fd;

	snprintf(path, sizeof(path), "%s/.iokit/control", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDONLY);
	if (fd < 0 || !msg)
		return 1;
	/* {"id": array of arrays, each holding two references to the last} */
	w32(msg->data + pos, 0xd3); pos += 4;
	w32(msg->data + pos, 0x81000002); pos += 4;	/* dict, 2 (key, value) */
	w32(msg->data + pos, 0x08000003); pos += 4;	/* symbol "id" */
	memcpy(msg->data + pos, "id\0\0", 4); pos += 4;
	w32(msg->data + pos, 0x82000000 | (LEVELS + 1)); pos += 4;
	w32(msg->data + pos, 0x0b000001); pos += 4;	/* true */
	for (int i = 0; i < LEVELS; i++) {
		bool last = i == LEVELS - 1;

		w32(msg->data + pos, 0x02000002 | (last ? 0x80000000u : 0)); pos += 4;
		w32(msg->data + pos, 0x0c000000 | (uint32_t)(i + 3)); pos += 4;
		w32(msg->data + pos, 0x8c000000 | (uint32_t)(i + 3)); pos += 4;
	}
	ret = timed_decode_call(fd, msg, pos, pos);
	free(msg);
	return ret;
}

/* ---- bytebomb: references to one large object ---- */

static int cmd_bytebomb(size_t kib, size_t refs)
{
	size_t data = kib * 1024, len = 4 * 6 + data + 4 * refs, pos = 0;
	uint8_t *buf = calloc(1, len);
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	char path[PATH_MAX];
	int ret;
	int fd;

	snprintf(path, sizeof(path), "%s/.iokit/control", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDWR);
	if (fd < 0 || !msg || !buf)
		return 1;
	/* {"id": [data, ref 3, ref 3, ...]}: objects 0 dict, 1 "id", 2 array,
	 * 3 data */
	w32(buf + pos, 0xd3); pos += 4;
	w32(buf + pos, 0x81000001); pos += 4;
	w32(buf + pos, 0x08000003); pos += 4;
	memcpy(buf + pos, "id\0\0", 4); pos += 4;
	w32(buf + pos, 0x82000000 | (uint32_t)(refs + 1)); pos += 4;
	w32(buf + pos, 0x0a000000 | (uint32_t)data | (refs ? 0 : 0x80000000u)); pos += 4;
	memset(buf + pos, 'A', data); pos += data;
	for (size_t i = 0; i < refs; i++) {
		w32(buf + pos, 0x0c000003 | (i == refs - 1 ? 0x80000000u : 0));
		pos += 4;
	}
	for (size_t off = 0; off < pos;) {
		ssize_t w = write(fd, buf + off, pos - off);

		if (w <= 0) {
			printf("write:%s\n", strerror(errno));
			return 0;
		}
		off += (size_t)w;
	}
	ret = timed_decode_call(fd, msg, 0, pos);
	free(msg);
	free(buf);
	return ret;
}

/* ---- ports: notification opens ---- */

static int cmd_ports(const char *file, int n)
{
	char path[PATH_MAX];
	int *fds = calloc((size_t)n + 1, sizeof(int)), got = 0, first = 0;

	snprintf(path, sizeof(path), "%s/.iokit/%s", getenv("IOKIT_ROOT"), file);
	for (int i = 0; fds && i < n; i++) {
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

		if (fd >= 0)
			fds[got++] = fd;
		else if (!first)
			first = errno;
	}
	printf("%d %s\n", got, !first ? "0" : first == EDQUOT ? "EDQUOT" : strerror(first));
	for (int i = 0; i < got; i++)
		close(fds[i]);
	free(fds);
	return 0;
}

/* ---- readclose: a read's reply, then the release at once ---- */

static volatile int rc_stop;
static unsigned long rc_cycles;

static void *rc_thread(void *arg)
{
	char path[PATH_MAX], buf[256];

	snprintf(path, sizeof(path), "%s/.iokit/%s", getenv("IOKIT_ROOT"),
		 (intptr_t)arg % 2 ? "control" : IOKITFS_CONNECT_NAME);
	while (!rc_stop) {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			continue;
		if (read(fd, buf, sizeof(buf)) < 0)
			break;
		close(fd);
		__atomic_add_fetch(&rc_cycles, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

static int cmd_readclose(int seconds)
{
	pthread_t t[8];

	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, rc_thread, (void *)(intptr_t)i);
	sleep((unsigned)seconds);
	rc_stop = 1;
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	printf("cycles %lu\n", rc_cycles);
	return 0;
}

static int cmd_conns(const char *name, int n)
{
	io_service_t s = service_named(name);
	io_connect_t *c = calloc((size_t)n, sizeof(*c));
	kern_return_t first = 0;
	int got = 0;

	if (!s || !c)
		return 1;
	for (int i = 0; i < n; i++) {
		kern_return_t kr = IOServiceOpen(s, mach_task_self(), 0, &c[got]);

		if (kr == kIOReturnSuccess)
			got++;
		else if (!first)
			first = kr;
	}
	printf("%d 0x%x\n", got, (unsigned)first);
	for (int i = 0; i < got; i++)
		IOServiceClose(c[i]);
	IOObjectRelease(s);
	return 0;
}

static int cmd_hold(const char *name)
{
	io_service_t s = service_named(name);
	io_connect_t c = 0;
	kern_return_t kr;
	char dir[PATH_MAX], path[PATH_MAX + 300], text[4096], mine[64], line[64];
	const char *own = "none";
	char own_n[256] = "";
	int denied = 0;
	struct dirent *d;
	DIR *dp;

	if (!s)
		return 1;
	kr = IOServiceOpen(s, mach_task_self(), 0, &c);
	IOObjectRelease(s);
	if (kr != kIOReturnSuccess) {
		printf("open 0x%x\n", (unsigned)kr);
		return 1;
	}
	snprintf(mine, sizeof(mine), "\npid %d\n", (int)getpid());
	snprintf(dir, sizeof(dir), "%s/.iokit/connections", getenv("IOKIT_ROOT"));
	dp = opendir(dir);
	while (dp && (d = readdir(dp))) {
		ssize_t n;
		int fd;

		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/info", dir, d->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			if (errno == EACCES)
				denied++;
			continue;
		}
		n = read(fd, text, sizeof(text) - 1);
		close(fd);
		text[n > 0 ? n : 0] = '\0';
		if (strstr(text, mine)) {
			snprintf(own_n, sizeof(own_n), "%s", d->d_name);
			own = own_n;
		}
	}
	if (dp)
		closedir(dp);
	printf("ready %s denied %d\n", own, denied);
	while (fgets(line, sizeof(line), stdin))
		;
	IOServiceClose(c);
	return 0;
}

static int cmd_stage(size_t bytes)
{
	char path[PATH_MAX], buf[65536] = { 0 };
	int fd;

	snprintf(path, sizeof(path), "%s/.iokit/control", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDWR);
	if (fd < 0) {
		printf("open:%s\n", strerror(errno));
		return 0;
	}
	while (bytes) {
		size_t n = bytes < sizeof(buf) ? bytes : sizeof(buf);
		ssize_t w = write(fd, buf, n);

		if (w < 0) {
			printf("%s\n", errno == EDQUOT ? "EDQUOT" : errno == EFBIG ? "EFBIG"
								  : strerror(errno));
			close(fd);
			return 0;
		}
		bytes -= (size_t)w;
	}
	printf("ok\n");
	close(fd);
	return 0;
}

/* ---- concurrent writers ---- */

static const char *w_dir;
static int w_iters, w_slow, w_estale, w_errors;
static pthread_mutex_t w_lock = PTHREAD_MUTEX_INITIALIZER;

static void *writer(void *arg)
{
	long id = (long)(intptr_t)arg;
	char key[64], path[PATH_MAX], val[32];

	for (int i = 0; i < w_iters; i++) {
		double t0 = now_ms();
		int r, err = 0;

		snprintf(key, sizeof(key), "user.SecW%ld", id % 4);
		snprintf(val, sizeof(val), "%d", i);
		if (i % 3 == 0) {
			r = setxattr(w_dir, key, val, strlen(val), 0);
		} else if (i % 3 == 1) {
			r = removexattr(w_dir, key);
		} else {
			int fd;

			snprintf(path, sizeof(path), "%s/.properties/SecW%ld", w_dir, id % 4);
			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
			r = fd < 0 ? -1 : write(fd, "7\n", 2) == 2 ? 0 : -1;
			if (fd >= 0)
				close(fd);
		}
		if (r < 0)
			err = errno;
		pthread_mutex_lock(&w_lock);
		if (now_ms() - t0 > 500)
			w_slow++;
		if (err == ESTALE)
			w_estale++;
		else if (err && err != ENODATA && err != ENOENT)
			w_errors++;
		pthread_mutex_unlock(&w_lock);
	}
	return NULL;
}

static int cmd_writers(const char *dir, int iters)
{
	pthread_t t[8];

	w_dir = dir;
	w_iters = iters;
	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, writer, (void *)(intptr_t)i);
	for (int i = 0; i < 8; i++)
		pthread_join(t[i], NULL);
	printf("slow %d estale %d errors %d\n", w_slow, w_estale, w_errors);
	return 0;
}

static void ignore_matches(void *refcon, io_iterator_t it)
{
	io_object_t o;

	(void)refcon;
	while ((o = IOIteratorNext(it)))
		IOObjectRelease(o);
}

static CFMutableDictionaryRef names_matching(int n)
{
	CFMutableDictionaryRef m = IOServiceMatching("IOService");
	CFMutableArrayRef names = CFArrayCreateMutable(NULL, n, &kCFTypeArrayCallBacks);

	for (int i = 0; i < n; i++) {
		char name[32];
		CFStringRef s;

		snprintf(name, sizeof(name), "%x", (unsigned)i);	/* short: more fit */
		s = CFStringCreateWithCString(NULL, name, kCFStringEncodingUTF8);
		CFArrayAppendValue(names, s);
		CFRelease(s);
	}
	CFDictionarySetValue(m, CFSTR("IONameMatch"), names);
	CFRelease(names);
	return m;
}

/* n matching subscriptions on one port, each on the simulated device's
 * class (names 0) or of names IONameMatch names: how many the uid's
 * max_subscriptions takes, and the first refusal. */
static int cmd_subs(int n, int names)
{
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	kern_return_t first = 0;
	int got = 0;

	if (!port)
		return 1;
	for (int i = 0; i < n; i++) {
		io_iterator_t it = 0;
		CFMutableDictionaryRef m = names ? names_matching(names)
						 : IOServiceMatching("IOKitFSSimDevice");
		kern_return_t kr = IOServiceAddMatchingNotification(
			port, kIOFirstMatchNotification, m, ignore_matches, NULL, &it);

		if (kr == kIOReturnSuccess) {
			got++;
			ignore_matches(NULL, it);
		} else if (!first) {
			first = kr;
		}
	}
	printf("%d 0x%x\n", got, (unsigned)first);
	IONotificationPortDestroy(port);
	return 0;
}

static int cmd_bigmatch(int n)
{
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	io_iterator_t it = 0;
	kern_return_t kr, kr2;
	double t0, ms;

	if (!port)
		return 1;
	t0 = now_ms();
	kr = IOServiceGetMatchingServices(kIOMainPortDefault, names_matching(n), &it);
	ms = now_ms() - t0;
	if (it)
		IOObjectRelease(it);
	it = 0;
	kr2 = IOServiceAddMatchingNotification(port, kIOFirstMatchNotification, names_matching(n),
					       ignore_matches, NULL, &it);
	if (kr2 == kIOReturnSuccess)
		ignore_matches(NULL, it);
	printf("0x%x 0x%x %.1f\n", (unsigned)kr, (unsigned)kr2, ms);
	IONotificationPortDestroy(port);
	return 0;
}

static int cmd_hello(unsigned version)
{
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct iokitfs_hello h = { .magic = IOKITFS_HELLO_MAGIC, .version = version,
				   .min_version = version };
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/.iokit/control", getenv("IOKIT_ROOT"));
	fd = open(path, O_RDONLY);
	if (fd < 0 || !msg)
		return 1;
	msg->op = IOKITFS_OP_HELLO;
	msg->length = msg->total = sizeof(h);
	memcpy(msg->data, &h, sizeof(h));
	if (ioctl(fd, IOKITFS_IOC_CALL, msg) != 0 || msg->length != sizeof(h)) {
		printf("bad-reply\n");
		return 1;
	}
	memcpy(&h, msg->data, sizeof(h));
	printf("0x%x %u\n", (unsigned)msg->result, h.version);
	close(fd);
	free(msg);
	return 0;
}

/* ---- romap: can a read-only hand-over be made writable? ---- */

static int cmd_romap(const char *name, uint32_t type)
{
	io_service_t s = service_named(name);
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct uc_map m = { .type = type };
	char cbuf[CMSG_SPACE(sizeof(int))], path[64];
	uint8_t status;
	struct iovec iov = { .iov_base = &status, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	const char *reopen = "none", *map = "none";
	int fd, l, peer, got = -1, rw;
	size_t len;
	void *p;

	if (!s || !msg || IORegistryEntryGetRegistryEntryID(s, &jam_service) != kIOReturnSuccess) {
		printf("no-service\n");
		return 1;
	}
	IOObjectRelease(s);
	fd = raw_open_connection();
	snprintf(m.socket_name, sizeof(m.socket_name), "sec-romap-%d", (int)getpid());
	len = strlen(m.socket_name);
	memcpy(addr.sun_path + 1, m.socket_name, len);
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || l < 0 ||
	    bind(l, (struct sockaddr *)&addr,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0 ||
	    listen(l, 1) != 0) {
		printf("setup-failed\n");
		return 1;
	}
	msg->op = UC_OP_MAP;
	msg->length = msg->total = sizeof(m);
	memcpy(msg->data, &m, sizeof(m));
	if (ioctl(fd, IOKITFS_IOC_UC, msg) != 0 || msg->result != 0) {
		printf("map 0x%x\n", (unsigned)msg->result);
		free(msg);
		return 0;
	}
	peer = accept(l, NULL, NULL);
	if (peer >= 0 && recvmsg(peer, &mh, 0) == 1)
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
			if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
				memcpy(&got, CMSG_DATA(cm), sizeof(int));
	if (got < 0) {
		printf("map 0x0 no-descriptor\n");
		return 1;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", got);
	rw = open(path, O_RDWR);
	reopen = rw >= 0 && pwrite(rw, "X", 1, 0) == 1 ? "ok" : strerror(errno);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, got, 0);
	map = p != MAP_FAILED ? "ok" : strerror(errno);
	printf("map 0x0 reopen %s mmap %s\n", reopen, map);
	free(msg);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 5 && strcmp(argv[1], "setprop") == 0)
		return cmd_setprop(argv[2], argv[3], argv[4]);
	if (argc >= 5 && strcmp(argv[1], "uc") == 0)
		return cmd_uc(argc - 2, argv + 2);
	if (argc >= 3 && strcmp(argv[1], "map") == 0)
		return cmd_map(argv[2]);
	if (argc >= 4 && strcmp(argv[1], "jam") == 0)
		return cmd_jam(argv[2], atoi(argv[3]));
	if (argc >= 2 && strcmp(argv[1], "blowup") == 0)
		return cmd_blowup();
	if (argc >= 4 && strcmp(argv[1], "conns") == 0)
		return cmd_conns(argv[2], atoi(argv[3]));
	if (argc >= 3 && strcmp(argv[1], "hold") == 0)
		return cmd_hold(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "stage") == 0)
		return cmd_stage((size_t)strtoull(argv[2], NULL, 0));
	if (argc >= 3 && strcmp(argv[1], "subs") == 0)
		return cmd_subs(atoi(argv[2]), 0);
	if (argc >= 4 && strcmp(argv[1], "bytebomb") == 0)
		return cmd_bytebomb((size_t)atol(argv[2]), (size_t)atol(argv[3]));
	if (argc >= 4 && strcmp(argv[1], "ports") == 0)
		return cmd_ports(argv[2], atoi(argv[3]));
	if (argc >= 3 && strcmp(argv[1], "readclose") == 0)
		return cmd_readclose(atoi(argv[2]));
	if (argc >= 4 && strcmp(argv[1], "romap") == 0)
		return cmd_romap(argv[2], (uint32_t)atoi(argv[3]));
	if (argc >= 3 && strcmp(argv[1], "bigmatch") == 0)
		return cmd_bigmatch(atoi(argv[2]));
	if (argc >= 4 && strcmp(argv[1], "bigsubs") == 0)
		return cmd_subs(atoi(argv[2]), atoi(argv[3]));
	if (argc >= 3 && strcmp(argv[1], "hello") == 0)
		return cmd_hello((unsigned)atoi(argv[2]));
	if (argc >= 4 && strcmp(argv[1], "writers") == 0)
		return cmd_writers(argv[2], atoi(argv[3]));
	fprintf(stderr, "usage: see the comment at the top of sec_test.c\n");
	return 2;
}
