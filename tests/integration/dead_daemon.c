/* What a program waiting on notifications sees when the iokitfs daemon is
 * killed (run by test_dead_daemon.sh, which kill -9s the daemon after
 * "ready"): the run loop's source on the dead port is removed once, so
 * CFRunLoopRun returns (no source left) instead of spinning, and the
 * interest notification hears kIOMessageServiceIsTerminated once.  With
 * "dispatch" as argument the port is on a dispatch queue instead, and the
 * same message arrives there.
 *
 * Prints "ready", then "terminated N" (N interest messages heard) and
 * "finished"; exits 0 when N is 1. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <IOKit/IOMessage.h>
#include <dispatch/dispatch.h>

static int terminated;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

static void interest(void *refcon, io_service_t service, natural_t type, void *arg)
{
	(void)refcon;
	(void)service;
	(void)arg;
	if (type != kIOMessageServiceIsTerminated)
		return;
	pthread_mutex_lock(&lock);
	terminated++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

int main(int argc, char **argv)
{
	int on_queue = argc > 1 && strcmp(argv[1], "dispatch") == 0;
	IONotificationPortRef port = IONotificationPortCreate(kIOMainPortDefault);
	io_service_t root = IORegistryGetRootEntry(kIOMainPortDefault);
	io_object_t note = IO_OBJECT_NULL;
	dispatch_queue_t queue = NULL;

	if (!port || !root) {
		fprintf(stderr, "no mount\n");
		return 2;
	}
	if (IOServiceAddInterestNotification(port, root, kIOGeneralInterest, interest, NULL,
					     &note) != KERN_SUCCESS) {
		fprintf(stderr, "IOServiceAddInterestNotification failed\n");
		return 2;
	}
	if (on_queue) {
		queue = dispatch_queue_create("dead_daemon", NULL);
		IONotificationPortSetDispatchQueue(port, queue);
	} else {
		CFRunLoopAddSource(CFRunLoopGetCurrent(), IONotificationPortGetRunLoopSource(port),
				   kCFRunLoopDefaultMode);
	}
	printf("ready\n");
	fflush(stdout);
	if (on_queue) {
		pthread_mutex_lock(&lock);
		while (terminated == 0)
			pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
		sleep(1);	/* a second message would arrive meanwhile */
	} else {
		CFRunLoopRun();
	}
	pthread_mutex_lock(&lock);
	printf("terminated %d\nfinished\n", terminated);
	pthread_mutex_unlock(&lock);
	IOObjectRelease(note);
	IOObjectRelease(root);
	IONotificationPortDestroy(port);
	if (queue)
		dispatch_release(queue);
	return terminated == 1 ? 0 : 1;
}
