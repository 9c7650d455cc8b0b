/* Busy state: IOServiceGetBusyState, IOServiceWaitQuiet and the
 * registry-wide IOKitGetBusyState / IOKitWaitQuiet, plus
 * IOServiceRequestProbe.
 *
 * A service's busy state counts its busy descendants in the IOService
 * plane, as IOService's does (the daemon computes it).  Waiting subscribes
 * to the service's kIOBusyInterest on a private notify descriptor first
 * and reads the state second, so a change between the two is never
 * missed; then it sleeps in poll(2) until a busy-state message or the
 * deadline. */
#include "iokit_internal.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

#include <mach/mach.h>

#include "notify_wire.h"

static pthread_mutex_t query_lock = PTHREAD_MUTEX_INITIALIZER;
static int query_fd = -1;	/* a notify descriptor for BUSY_STATE calls */
static pid_t query_pid;

static kern_return_t busy_of_id(uint64_t id, uint32_t *busy)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *args = tmp ? iokit_args_id(tmp, id) : NULL, *reply = NULL;
	uint64_t v = 0;
	kern_return_t kr;

	if (!args) {
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	pthread_mutex_lock(&query_lock);
	if (query_fd >= 0 && query_pid != getpid()) {
		close(query_fd);	/* a forked child opens its own */
		query_fd = -1;
	}
	if (query_fd < 0) {
		query_fd = iokit_notify_open();
		query_pid = getpid();
	}
	kr = query_fd < 0 ? kIOReturnNoDevice
			  : iokit_notify_call(query_fd, tmp, NOTIFY_OP_BUSY_STATE, args, &reply);
	pthread_mutex_unlock(&query_lock);
	if (kr == KERN_SUCCESS && !iokit_get_u64(reply, "busy", &v))
		kr = kIOReturnIPCError;
	*busy = kr == KERN_SUCCESS ? (uint32_t)v : 0;
	talloc_free(tmp);
	return kr;
}

static kern_return_t service_id(io_service_t service, uint64_t *id)
{
	struct port_hold hold;
	struct iokit_entry *e;
	kern_return_t kr = iokit_entry_hold(service, &hold, &e);

	if (kr != KERN_SUCCESS)
		return kr;
	*id = e->id;
	port_table_unhold(&hold);
	return KERN_SUCCESS;
}

kern_return_t IOServiceGetBusyState(io_service_t service, uint32_t *busyState)
{
	uint64_t id;
	kern_return_t kr;

	if (!busyState)
		return kIOReturnBadArgument;
	*busyState = 0;
	kr = service_id(service, &id);
	return kr == KERN_SUCCESS ? busy_of_id(id, busyState) : kr;
}

/* The IOService plane's root ("IOService:/"). */
static kern_return_t service_root(mach_port_t mainPort, uint64_t *id)
{
	void *tmp;
	struct reg_value *args, *reply = NULL;
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (kr != KERN_SUCCESS)
		return kr;
	tmp = talloc_new(NULL);
	args = tmp ? reg_value_new_dict(tmp) : NULL;
	if (!args || !iokit_put_string(args, "path", "IOService:/")) {
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	kr = iokit_call(tmp, RPC_OP_LOOKUP_PATH, args, &reply);
	if (kr == KERN_SUCCESS && !iokit_get_u64(reply, "id", id))
		kr = kIOReturnNotFound;
	talloc_free(tmp);
	return kr;
}

kern_return_t IOKitGetBusyState(mach_port_t mainPort, uint32_t *busyState)
{
	uint64_t id;
	kern_return_t kr;

	if (!busyState)
		return kIOReturnBadArgument;
	*busyState = 0;
	kr = service_root(mainPort, &id);
	return kr == KERN_SUCCESS ? busy_of_id(id, busyState) : kr;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static kern_return_t wait_quiet(uint64_t id, const mach_timespec_t *waitTime)
{
	/* NULL is {0, -1}; the kernel's sec * 1e9 + nsec then wraps to
	 * "forever" (docs/iokit-semantics.md §3), and so does it here. */
	uint64_t timeout = waitTime ? (uint64_t)waitTime->tv_sec * 1000000000u +
					      (uint64_t)(int64_t)waitTime->tv_nsec
				    : UINT64_MAX;
	uint64_t start = now_ns();
	int fd = iokit_notify_open();
	void *tmp = talloc_new(NULL);
	struct reg_value *args = tmp ? iokit_args_id(tmp, id) : NULL, *reply = NULL;
	kern_return_t kr;

	if (fd < 0 || !args || !iokit_put_string(args, "type", "IOBusyInterest")) {
		kr = fd < 0 ? kIOReturnNoDevice : kIOReturnNoMemory;
		goto out;
	}
	kr = iokit_notify_call(fd, tmp, NOTIFY_OP_ADD_INTEREST, args, &reply);
	while (kr == KERN_SUCCESS) {
		struct iokitfs_note notes[32];
		struct pollfd p = { .fd = fd, .events = POLLIN };
		uint64_t elapsed;
		uint32_t busy;
		int ms;

		kr = busy_of_id(id, &busy);
		if (kr != KERN_SUCCESS || busy == 0)
			break;
		elapsed = now_ns() - start;
		if (elapsed >= timeout) {
			kr = kIOReturnTimeout;
			break;
		}
		ms = timeout - elapsed > (uint64_t)INT32_MAX * 1000000u
			     ? -1 : (int)((timeout - elapsed + 999999) / 1000000);
		if (poll(&p, 1, ms) < 0 && errno != EINTR)
			kr = kIOReturnIPCError;
		while (read(fd, notes, sizeof(notes)) > 0)
			;	/* any message means: look again */
	}
out:
	if (fd >= 0)
		close(fd);	/* drops the subscription */
	talloc_free(tmp);
	return kr;
}

kern_return_t IOServiceWaitQuiet(io_service_t service, mach_timespec_t *waitTime)
{
	uint64_t id;
	kern_return_t kr = service_id(service, &id);

	return kr == KERN_SUCCESS ? wait_quiet(id, waitTime) : kr;
}

kern_return_t IOKitWaitQuiet(mach_port_t mainPort, mach_timespec_t *waitTime)
{
	uint64_t id;
	kern_return_t kr = service_root(mainPort, &id);

	return kr == KERN_SUCCESS ? wait_quiet(id, waitTime) : kr;
}

/* macOS 13's SPI: options only ask the kernel to panic on a timeout, which
 * nothing here does; the wait is IOKitWaitQuiet's. */
kern_return_t IOKitWaitQuietWithOptions(mach_port_t mainPort, mach_timespec_t *waitTime,
					IOOptionBits options)
{
	(void)options;
	return IOKitWaitQuiet(mainPort, waitTime);
}

kern_return_t IOServiceRequestProbe(io_service_t service, uint32_t options)
{
	uint64_t id;
	kern_return_t kr = service_id(service, &id);

	(void)options;
	/* IOService::requestProbe's answer; no modelled family rescans its
	 * bus on request (the live source follows hot-plug by itself). */
	return kr == KERN_SUCCESS ? kIOReturnUnsupported : kr;
}
