/* Notification benchmark against a mounted iokitfs (IOKIT_ROOT; root, and
 * a read-write mount such as the live source, since driver messages are
 * injected through the notify file's root-only NOTIFY_OP_MESSAGE):
 *   latency   registry change -> interest callback on a run loop, one
 *             change at a time (median, p99, max);
 *   events/s  callbacks one client receives while another thread makes
 *             changes as fast as it can.
 * Usage: bench_notify [ROUNDS] */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <talloc.h>

#include "notify_wire.h"
#include "value.h"
#include "value_binary.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int notify_fd;
static struct iokitfs_msg *msg;

static int send_message(uint64_t id, uint32_t message)
{
	struct reg_value *args = reg_value_new_dict(NULL);
	uint8_t *enc;
	size_t len;

	reg_dict_set(args, "id", reg_value_new_number(args, (int64_t)id, 64));
	reg_dict_set(args, "message", reg_value_new_number(args, message, 32));
	enc = reg_value_to_binary(args, args, &len);
	memset(msg, 0, IOKITFS_MSG_HEADER);
	memcpy(msg->data, enc, len);
	msg->op = NOTIFY_OP_MESSAGE;
	msg->length = msg->total = (uint32_t)len;
	talloc_free(args);
	return ioctl(notify_fd, IOKITFS_IOC_CALL, msg) == 0 ? msg->result : -1;
}

static volatile long received;
static uint64_t received_at;

static void callback(void *refcon, io_service_t s, uint32_t type, void *arg)
{
	(void)refcon;
	(void)s;
	(void)type;
	(void)arg;
	received++;
	received_at = now_ns();
	CFRunLoopStop(CFRunLoopGetCurrent());
}

static void counting(void *refcon, io_service_t s, uint32_t type, void *arg)
{
	(void)refcon;
	(void)s;
	(void)type;
	(void)arg;
	received++;
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

struct flood {
	uint64_t id;
	long count;
};

static void *flood_main(void *arg)
{
	struct flood *f = arg;

	for (long i = 0; i < f->count; i++)
		send_message(f->id, 0xE0003000);
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 2000;
	char path[4096];
	io_service_t s = IOServiceGetMatchingService(kIOMainPortDefault,
						     IOServiceMatching("IOService"));
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	io_object_t note;
	uint64_t id, *lat = calloc((size_t)rounds, sizeof(*lat));

	if (!getenv("IOKIT_ROOT") || !s || !port || !lat) {
		fprintf(stderr, "bench_notify: needs IOKIT_ROOT pointing at a mount\n");
		return 77;
	}
	snprintf(path, sizeof(path), "%s/.iokit/notify", getenv("IOKIT_ROOT"));
	notify_fd = open(path, O_RDONLY);
	msg = malloc(sizeof(*msg));
	IORegistryEntryGetRegistryEntryID(s, &id);
	if (notify_fd < 0 || send_message(id, 0xE0003000) != 0) {
		fprintf(stderr, "bench_notify: cannot inject messages (root and -o rw needed)\n");
		return 77;
	}
	CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
			   kCFRunLoopDefaultMode);
	IOServiceAddInterestNotification(port, s, kIOGeneralInterest, callback, NULL, &note);
	for (int i = 0; i < rounds; i++) {
		uint64_t t0 = now_ns();

		send_message(id, 0xE0003000);
		while (received == i)
			CFRunLoopRunInMode(kCFRunLoopDefaultMode, 5, false);
		lat[i] = received_at - t0;
	}
	qsort(lat, (size_t)rounds, sizeof(*lat), cmp);
	printf("latency change->callback: median %.1f us, p99 %.1f us, max %.1f us (%d rounds)\n",
	       lat[rounds / 2] / 1e3, lat[rounds * 99 / 100] / 1e3, lat[rounds - 1] / 1e3, rounds);
	IOObjectRelease(note);

	/* Throughput. */
	struct flood f = { .id = id, .count = rounds * 25L };
	pthread_t t;

	received = 0;
	IOServiceAddInterestNotification(port, s, kIOGeneralInterest, counting, NULL, &note);
	uint64_t t0 = now_ns();
	pthread_create(&t, NULL, flood_main, &f);
	while (received < f.count)
		CFRunLoopRunInMode(kCFRunLoopDefaultMode, 0.05, true);
	uint64_t dt = now_ns() - t0;
	pthread_join(t, NULL);
	printf("events/s one client receives: %.0f (%ld events in %.2f s)\n",
	       (double)received / (dt / 1e9), received, dt / 1e9);
	IOObjectRelease(note);
	IONotificationPortDestroy(port);
	IOObjectRelease(s);
	close(notify_fd);
	free(msg);
	free(lat);
	return 0;
}
