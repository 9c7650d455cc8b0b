/* Notification ports, matching and interest notifications (see
 * docs/notifications.md).
 *
 * An IONotificationPort is one open MNT/.iokit/notify descriptor: the
 * daemon keeps the port's subscriptions and queues the events they hear;
 * this file turns each event into the callback macOS would run.
 *
 *  - A matching notification's io_iterator_t is a PORT_KIND_NOTIFICATION
 *    name.  Its pending set starts with the existing matches; events
 *    append to it, in order.  As on macOS the notification starts
 *    unarmed: it is armed when IOIteratorNext finds the set empty, and an
 *    event that finds it armed disarms it and runs the callback once (so
 *    the caller drains the iterator once after creating it and in every
 *    callback).  Entries come out first in, first out (macOS: last in,
 *    first out), so they arrive in the order they happened.
 *  - Releasing the name removes the daemon's subscription; an event
 *    already read for it is dropped.
 *  - Callbacks run on the thread that dispatches the port (run loop,
 *    dispatch queue or IONotificationPortDispatch), one at a time per port,
 *    with no libIOKit lock held, so they may call any IOKit function. */
#include "iokit_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <talloc.h>
#include <unistd.h>

#include <CoreFoundation/CFRunLoop.h>
#include <IOKit/IOKitLinux.h>
#include <IOKit/IOMessage.h>
#include <dispatch/dispatch.h>
#include <mach/mach.h>

#include "cf_reg_value.h"
#include "cf_runloop_internal.h"
#include "notify_wire.h"
#include "rpc_wire.h"
#include "value_binary.h"

struct IONotificationPort {
	pthread_mutex_t lock;		/* subs, pending sets, refs */
	pthread_mutex_t dispatch_lock;	/* one dispatcher at a time (recursive) */
	unsigned refs;			/* the port, each notification, the watcher */
	int fd;
	mach_port_t main_port;
	mach_port_t wake_port;		/* receive right naming the port */
	CFRunLoopSourceRef source;
	/* IONotificationPortSetDispatchQueue */
	dispatch_queue_t queue;
	pthread_t watcher;
	int stop_fd;			/* eventfd ending the watcher */
	bool watching;
	struct iokit_notif **subs;
	size_t nsubs, subs_cap;
	uint64_t daemon_id;		/* NOTIFY_OP_PORT_ID, 0 until asked */
	bool dead;			/* the daemon is gone (dispatcher only) */
	/* An async completion being assembled from its records (dispatcher
	 * only, under dispatch_lock). */
	struct {
		bool active;
		IOReturn result;
		uint32_t nrefs, nargs, nwords, got;
		uint64_t words[8 + 16];
	} async;
};

struct iokit_notif {
	IONotificationPortRef port;	/* holds a reference */
	uint32_t sub;			/* the daemon's subscription */
	bool interest;
	IOServiceMatchingCallback matching_cb;
	IOServiceInterestCallback interest_cb;
	void *refcon;
	io_service_t service;		/* interest: retained */
	mach_port_name_t name;
	/* Matching: pending entry IDs, first in first out. */
	uint64_t *pending;
	size_t head, count, cap;
	bool armed;
	/* IOServiceAddNotification: nothing is called back; the program
	 * receives on the wake port and then reads the iterator, so
	 * IOIteratorNext reads what the port has queued first. */
	bool reads_port;
};

/* ---- the daemon's notify file ---- */

int iokit_notify_open(void)
{
	char mnt[PATH_MAX], path[PATH_MAX + 32];

	if (iokit_check_daemon() != kIOReturnSuccess || iokit_find_mount(mnt, sizeof(mnt)) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s/.iokit/%s", mnt, IOKITFS_NOTIFY_NAME);
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

kern_return_t iokit_notify_call(int fd, void *ctx, uint32_t op, const struct reg_value *args,
				struct reg_value **reply)
{
	struct iokitfs_msg *msg = calloc(1, sizeof(*msg));	/* no undefined bytes in the ioctl */
	uint8_t *encoded = NULL;
	size_t len = 0;
	kern_return_t kr;

	*reply = NULL;
	if (!msg)
		return kIOReturnNoMemory;
	memset(msg, 0, IOKITFS_MSG_HEADER);
	msg->op = op;
	if (args) {
		encoded = reg_value_to_binary(ctx, args, &len);
		if (!encoded || len > IOKITFS_MSG_DATA) {
			free(msg);
			return encoded ? kIOReturnMessageTooLarge : kIOReturnNoMemory;
		}
		memcpy(msg->data, encoded, len);
		talloc_free(encoded);
	}
	msg->length = msg->total = (uint32_t)len;
	if (ioctl(fd, IOKITFS_IOC_CALL, msg) != 0) {
		free(msg);
		return errno == ENOMEM ? kIOReturnNoMemory : kIOReturnIPCError;
	}
	kr = msg->result;
	if (kr == KERN_SUCCESS && msg->length) {
		struct reg_parse_error err;

		if (msg->length > IOKITFS_MSG_DATA ||
		    !(*reply = reg_value_from_binary(ctx, msg->data, msg->length, &err)))
			kr = kIOReturnIPCError;
	}
	free(msg);
	return kr;
}

/* ---- the port ---- */

static void port_unref(IONotificationPortRef port)
{
	bool last;

	pthread_mutex_lock(&port->lock);
	last = --port->refs == 0;
	pthread_mutex_unlock(&port->lock);
	if (!last)
		return;
	close(port->fd);
	if (port->stop_fd >= 0)
		close(port->stop_fd);
	if (port->main_port != MACH_PORT_NULL)
		mach_port_deallocate(mach_task_self(), port->main_port);
	free(port->subs);
	pthread_mutex_destroy(&port->lock);
	pthread_mutex_destroy(&port->dispatch_lock);
	free(port);
}

/* A port over a new notify descriptor, or NULL. */
static IONotificationPortRef port_new(void)
{
	IONotificationPortRef port;
	pthread_mutexattr_t attr;

	port = calloc(1, sizeof(*port));
	if (!port)
		return NULL;
	port->fd = iokit_notify_open();
	if (port->fd < 0) {
		free(port);
		return NULL;
	}
	port->stop_fd = -1;
	port->refs = 1;
	pthread_mutex_init(&port->lock, NULL);
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&port->dispatch_lock, &attr);
	pthread_mutexattr_destroy(&attr);
	return port;
}

IONotificationPortRef IONotificationPortCreate(mach_port_t mainPort)
{
	IONotificationPortRef port;

	if (iokit_check_main_port(mainPort) != KERN_SUCCESS)
		return NULL;
	port = port_new();
	if (!port)
		return NULL;
	if (port_table_insert(PORT_KIND_RECEIVE, port, NULL, &port->wake_port) != KERN_SUCCESS) {
		port_unref(port);
		return NULL;
	}
	if (mainPort != MACH_PORT_NULL && IOObjectRetain(mainPort) == KERN_SUCCESS)
		port->main_port = mainPort;
	return port;
}

/* A plain receive right (mach_port_allocate, IOCreateReceivePort) used as
 * a wake port gets a notify descriptor of its own the first time; it lives
 * until the right is destroyed. */
static void attached_port_destroy(void *state);

static IONotificationPortRef receive_right_port(mach_port_t name, const struct port_hold *hold)
{
	IONotificationPortRef port = hold->state, fresh;
	void *current = NULL;

	if (port)
		return port;
	fresh = port_new();
	if (!fresh)
		return NULL;
	fresh->wake_port = name;
	if (port_table_attach_receive(name, fresh, attached_port_destroy, &current) != KERN_SUCCESS)
		current = NULL;
	if (current != fresh)
		port_unref(fresh);	/* another thread attached one first */
	return current;
}

static void stop_watcher(IONotificationPortRef port);

void IONotificationPortDestroy(IONotificationPortRef notify)
{
	CFRunLoopSourceRef source;

	if (!notify)
		return;
	stop_watcher(notify);
	pthread_mutex_lock(&notify->lock);
	source = notify->source;
	notify->source = NULL;
	pthread_mutex_unlock(&notify->lock);
	if (source) {
		CFRunLoopSourceInvalidate(source);
		CFRelease(source);
	}
	port_table_destroy_receive(notify->wake_port);
	/* Notifications not yet released keep the descriptor until they are. */
	port_unref(notify);
}

/* The receive right of an attached port is gone (its destroy function). */
static void attached_port_destroy(void *state)
{
	IONotificationPortRef port = state;
	CFRunLoopSourceRef source;

	stop_watcher(port);
	pthread_mutex_lock(&port->lock);
	source = port->source;
	port->source = NULL;
	port->wake_port = MACH_PORT_NULL;
	pthread_mutex_unlock(&port->lock);
	if (source) {
		CFRunLoopSourceInvalidate(source);
		CFRelease(source);
	}
	port_unref(port);
}

int IONotificationPortGetFileDescriptor(IONotificationPortRef notify)
{
	return notify ? notify->fd : -1;
}

mach_port_t IONotificationPortGetMachPort(IONotificationPortRef notify)
{
	return notify ? notify->wake_port : MACH_PORT_NULL;
}

kern_return_t IONotificationPortSetImportanceReceiver(IONotificationPortRef notify)
{
	/* Importance donation has no Linux counterpart: nothing to change. */
	return notify ? KERN_SUCCESS : kIOReturnBadArgument;
}

kern_return_t IOCreateReceivePort(uint32_t msgType, mach_port_t *recvPort)
{
	if (msgType != kOSNotificationMessageID && msgType != kOSAsyncCompleteMessageID)
		return kIOReturnBadArgument;
	return mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, recvPort);
}

/* ---- dispatching ---- */

static struct iokit_notif *find_sub(IONotificationPortRef port, uint32_t sub)
{
	for (size_t i = 0; i < port->nsubs; i++)
		if (port->subs[i]->sub == sub)
			return port->subs[i];
	return NULL;
}

/* Lock held. */
static bool pending_push(struct iokit_notif *n, uint64_t id)
{
	if (n->count == n->cap) {
		size_t cap = n->cap ? n->cap * 2 : 16;
		uint64_t *grown = malloc(cap * sizeof(*grown));

		if (!grown)
			return false;
		for (size_t i = 0; i < n->count; i++)
			grown[i] = n->pending[(n->head + i) % n->cap];
		free(n->pending);
		n->pending = grown;
		n->head = 0;
		n->cap = cap;
	}
	n->pending[(n->head + n->count) % n->cap] = id;
	n->count++;
	return true;
}

kern_return_t iokit_notify_port_id(mach_port_t wake_port, uint64_t *id)
{
	struct port_hold hold;
	IONotificationPortRef port;
	kern_return_t kr = port_table_hold(wake_port, PORT_KIND_RECEIVE, &hold);

	if (kr != KERN_SUCCESS)
		return kr;
	port = receive_right_port(wake_port, &hold);
	if (!port) {
		port_table_unhold(&hold);
		return kIOReturnNoDevice;	/* no mount to open a notify file on */
	}
	pthread_mutex_lock(&port->lock);
	*id = port->daemon_id;
	pthread_mutex_unlock(&port->lock);
	if (*id == 0) {
		void *tmp = talloc_new(NULL);
		struct reg_value *reply = NULL;
		uint64_t got = 0;

		kr = tmp ? iokit_notify_call(port->fd, tmp, NOTIFY_OP_PORT_ID, NULL, &reply)
			 : kIOReturnNoMemory;
		if (kr == KERN_SUCCESS && (!reply || !iokit_get_u64(reply, "port", &got) || !got))
			kr = kIOReturnIPCError;
		talloc_free(tmp);
		if (kr == KERN_SUCCESS) {
			pthread_mutex_lock(&port->lock);
			port->daemon_id = got;
			pthread_mutex_unlock(&port->lock);
			*id = got;
		}
	}
	port_table_unhold(&hold);
	return kr;
}

/* IODispatchCalloutFromMessage's async case: the callback by arg count. */
static void complete_async(IONotificationPortRef port)
{
	const uint64_t *refs = port->async.words, *args = refs + port->async.nrefs;
	uint32_t nargs = port->async.nargs;
	void *callback = (void *)(uintptr_t)(port->async.nrefs > 1 ? refs[1] : 0);
	void *refcon = (void *)(uintptr_t)(port->async.nrefs > 2 ? refs[2] : 0);
	void *argv[16];

	port->async.active = false;
	if (!callback)
		return;
	for (uint32_t i = 0; i < nargs; i++)
		argv[i] = (void *)(uintptr_t)args[i];
	switch (nargs) {
	case 0:
		((IOAsyncCallback0)callback)(refcon, port->async.result);
		break;
	case 1:
		((IOAsyncCallback1)callback)(refcon, port->async.result, argv[0]);
		break;
	case 2:
		((IOAsyncCallback2)callback)(refcon, port->async.result, argv[0], argv[1]);
		break;
	default:
		((IOAsyncCallback)callback)(refcon, port->async.result, argv, nargs);
		break;
	}
}

/* Assembles IOKITFS_NOTE_ASYNC and its data records (notify_wire.h). */
static void handle_async(IONotificationPortRef port, const struct iokitfs_note *note)
{
	if (note->kind == IOKITFS_NOTE_ASYNC) {
		if (note->flags > 8 || note->argument > 16 ||
		    note->sub != note->flags + note->argument) {
			port->async.active = false;	/* not ours to decode */
			return;
		}
		port->async.active = true;
		port->async.result = (IOReturn)note->message;
		port->async.nrefs = note->flags;
		port->async.nargs = (uint32_t)note->argument;
		port->async.nwords = note->sub;
		port->async.got = 0;
		memset(port->async.words, 0, sizeof(port->async.words));
	} else {
		uint64_t w[3] = { note->entry_id, note->argument, note->time_ns };

		if (!port->async.active || note->message != port->async.got)
			return;
		for (uint32_t i = 0; i < 3 && port->async.got < port->async.nwords; i++)
			port->async.words[port->async.got++] = w[i];
	}
	if (port->async.active && port->async.got == port->async.nwords)
		complete_async(port);
}

static void handle(IONotificationPortRef port, const struct iokitfs_note *note)
{
	struct iokit_notif *n;
	struct port_hold hold;
	bool fire = false;

	if (note->kind == IOKITFS_NOTE_ASYNC || note->kind == IOKITFS_NOTE_ASYNC_DATA) {
		handle_async(port, note);
		return;
	}

	if (note->kind == IOKITFS_NOTE_OVERFLOW) {
		fprintf(stderr, "libIOKit: notification port overflowed: %llu events lost "
				"(the program did not read its port in time)\n",
			(unsigned long long)note->argument);
		return;
	}
	pthread_mutex_lock(&port->lock);
	n = find_sub(port, note->sub);
	/* A released notification gets nothing more (macOS's check that the
	 * iterator still has its user reference). */
	if (!n || port_table_hold(n->name, PORT_KIND_NOTIFICATION, &hold) != KERN_SUCCESS) {
		pthread_mutex_unlock(&port->lock);
		return;
	}
	if (note->kind == IOKITFS_NOTE_MATCHING && !n->interest) {
		if (pending_push(n, note->entry_id) && n->armed) {
			n->armed = false;
			fire = true;
		}
	} else if (note->kind == IOKITFS_NOTE_INTEREST && n->interest) {
		fire = true;
	}
	pthread_mutex_unlock(&port->lock);
	if (fire && n->interest)
		n->interest_cb(n->refcon, n->service, note->message,
			       (void *)(uintptr_t)note->argument);
	else if (fire)
		n->matching_cb(n->refcon, n->name);
	port_table_unhold(&hold);
}

/* The daemon is gone (end of file or an error other than "nothing
 * queued"): once, every interest notification still held hears
 * kIOMessageServiceIsTerminated, since none of its services can be reached
 * any more, and stderr says why.  Run-loop and dispatch sources drop the
 * descriptor themselves.  dispatch_lock held. */
static void port_died(IONotificationPortRef port)
{
	struct iokit_notif **subs;
	struct port_hold *holds;
	size_t n;

	if (port->dead)
		return;
	port->dead = true;
	fprintf(stderr, "libIOKit: the iokitfs daemon has gone away: no more notifications "
			"on this port\n");
	/* Held under the port's lock, as handle() does, so a notification
	 * released meanwhile is skipped and none is freed under us. */
	pthread_mutex_lock(&port->lock);
	n = port->nsubs;
	subs = n ? malloc(n * sizeof(*subs)) : NULL;
	holds = n ? calloc(n, sizeof(*holds)) : NULL;
	for (size_t i = 0; subs && holds && i < n; i++) {
		subs[i] = port->subs[i];
		if (!subs[i]->interest ||
		    port_table_hold(subs[i]->name, PORT_KIND_NOTIFICATION, &holds[i]) != KERN_SUCCESS)
			subs[i] = NULL;
	}
	pthread_mutex_unlock(&port->lock);
	for (size_t i = 0; subs && holds && i < n; i++) {
		if (!subs[i])
			continue;
		subs[i]->interest_cb(subs[i]->refcon, subs[i]->service,
				     kIOMessageServiceIsTerminated, NULL);
		port_table_unhold(&holds[i]);
	}
	free(holds);
	free(subs);
}

void IONotificationPortDispatch(IONotificationPortRef notify)
{
	struct iokitfs_note notes[64];
	ssize_t got;

	if (!notify)
		return;
	pthread_mutex_lock(&notify->dispatch_lock);
	while ((got = read(notify->fd, notes, sizeof(notes))) > 0)
		for (size_t i = 0; i < (size_t)got / sizeof(notes[0]); i++)
			handle(notify, &notes[i]);
	if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
		port_died(notify);
	pthread_mutex_unlock(&notify->dispatch_lock);
}

void IODispatchCalloutFromMessage(void *unused, mach_msg_header_t *msg, void *reference)
{
	struct port_hold hold;

	(void)unused;
	(void)reference;
	if (!msg || port_table_hold(msg->msgh_local_port, PORT_KIND_RECEIVE, &hold) != KERN_SUCCESS)
		return;
	if (hold.state)
		IONotificationPortDispatch(hold.state);
	port_table_unhold(&hold);
}

int iokit_receive_right_fd(mach_port_t name)
{
	struct port_hold hold;
	IONotificationPortRef port;
	int fd = -1;

	if (port_table_hold(name, PORT_KIND_RECEIVE, &hold) != KERN_SUCCESS)
		return -1;
	port = receive_right_port(name, &hold);
	if (port)
		fd = port->fd;
	port_table_unhold(&hold);
	return fd;
}

kern_return_t iokit_receive_wait(mach_port_t name, int timeout_ms)
{
	struct port_hold hold;
	IONotificationPortRef port;
	struct pollfd p = { .fd = -1, .events = POLLIN };
	kern_return_t kr = port_table_hold(name, PORT_KIND_RECEIVE, &hold);
	int n;

	if (kr != KERN_SUCCESS)
		return MACH_RCV_INVALID_NAME;
	port = hold.state;
	if (port)
		p.fd = port->fd;
	/* With no descriptor nothing can arrive: poll just waits. */
	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	port_table_unhold(&hold);
	if (n == 0)
		return MACH_RCV_TIMED_OUT;
	if (n < 0)
		return MACH_RCV_INTERRUPTED;
	if (p.revents & POLLIN)
		return KERN_SUCCESS;
	return MACH_RCV_PORT_DIED;	/* the daemon is gone */
}

static void runloop_perform(void *info)
{
	IONotificationPortDispatch(info);
}

CFRunLoopSourceRef IONotificationPortGetRunLoopSource(IONotificationPortRef notify)
{
	CFRunLoopSourceRef source;

	if (!notify)
		return NULL;
	pthread_mutex_lock(&notify->lock);
	if (!notify->source)
		notify->source = cf_runloop_fd_source_create(notify->fd, 0, runloop_perform, notify);
	source = notify->source;
	pthread_mutex_unlock(&notify->lock);
	return source;
}

/* ---- dispatch queues: a thread polls, the queue runs the callbacks ---- */

static void queue_perform(void *info)
{
	IONotificationPortDispatch(info);
}

static void *watcher_main(void *data)
{
	IONotificationPortRef port = data;
	struct pollfd fds[2] = {
		{ .fd = port->fd, .events = POLLIN }, { .fd = port->stop_fd, .events = POLLIN },
	};

	for (;;) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents)
			break;
		/* Synchronous, so the same readiness is not reported twice. */
		if (fds[0].revents & (POLLIN | POLLERR | POLLHUP))
			dispatch_sync_f(port->queue, port, queue_perform);
		if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL))
			break;
	}
	return NULL;
}

static void stop_watcher(IONotificationPortRef port)
{
	uint64_t one = 1;

	if (!port->watching)
		return;
	(void)!write(port->stop_fd, &one, sizeof(one));
	pthread_join(port->watcher, NULL);
	close(port->stop_fd);
	port->stop_fd = -1;
	port->watching = false;
	dispatch_release(port->queue);
	port->queue = NULL;
}

void IONotificationPortSetDispatchQueue(IONotificationPortRef notify, dispatch_queue_t queue)
{
	if (!notify)
		return;
	stop_watcher(notify);
	if (!queue)
		return;
	notify->stop_fd = eventfd(0, EFD_CLOEXEC);
	if (notify->stop_fd < 0)
		return;
	dispatch_retain(queue);
	notify->queue = queue;
	if (pthread_create(&notify->watcher, NULL, watcher_main, notify) != 0) {
		dispatch_release(queue);
		notify->queue = NULL;
		close(notify->stop_fd);
		notify->stop_fd = -1;
		return;
	}
	notify->watching = true;
}

/* ---- notification objects ---- */

static void notif_destroy(void *state)
{
	struct iokit_notif *n = state;
	IONotificationPortRef port = n->port;
	void *tmp = talloc_new(NULL);
	struct reg_value *args = tmp ? reg_value_new_dict(tmp) : NULL, *reply;

	pthread_mutex_lock(&port->lock);
	for (size_t i = 0; i < port->nsubs; i++)
		if (port->subs[i] == n) {
			port->subs[i] = port->subs[--port->nsubs];
			break;
		}
	pthread_mutex_unlock(&port->lock);
	if (args && iokit_put_u64(args, "sub", n->sub))
		(void)iokit_notify_call(port->fd, tmp, NOTIFY_OP_REMOVE, args, &reply);
	talloc_free(tmp);
	if (n->service)
		IOObjectRelease(n->service);
	free(n->pending);
	free(n);
	port_unref(port);
}

/* Publishes n (its sub and the pending set filled) under a new name. */
static kern_return_t notif_publish(IONotificationPortRef port, struct iokit_notif *n,
				   io_object_t *out)
{
	kern_return_t kr;

	pthread_mutex_lock(&port->lock);
	if (port->nsubs == port->subs_cap) {
		size_t cap = port->subs_cap ? port->subs_cap * 2 : 8;
		struct iokit_notif **grown = realloc(port->subs, cap * sizeof(*grown));

		if (!grown) {
			pthread_mutex_unlock(&port->lock);
			return kIOReturnNoMemory;
		}
		port->subs = grown;
		port->subs_cap = cap;
	}
	kr = port_table_insert(PORT_KIND_NOTIFICATION, n, notif_destroy, &n->name);
	if (kr == KERN_SUCCESS) {
		port->subs[port->nsubs++] = n;
		port->refs++;
		n->port = port;
		*out = n->name;
	}
	pthread_mutex_unlock(&port->lock);
	return kr;
}

static kern_return_t take_ids(struct iokit_notif *n, const struct reg_value *reply,
			      uint64_t *more)
{
	const struct reg_value *ids = reg_dict_get(reply, "ids");

	*more = 0;
	iokit_get_u64(reply, "more", more);
	if (!ids || ids->type != REG_ARRAY)
		return kIOReturnIPCError;
	for (size_t i = 0; i < ids->u.array.count; i++) {
		const struct reg_value *v = ids->u.array.items[i];

		if (v->type == REG_NUMBER && !pending_push(n, (uint64_t)v->u.number.value))
			return kIOReturnNoMemory;
	}
	return KERN_SUCCESS;
}

/* Asks the daemon to remove sub (the notification was not published). */
static void forget_sub(IONotificationPortRef port, uint32_t sub)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *args = tmp ? reg_value_new_dict(tmp) : NULL, *reply;

	if (args && iokit_put_u64(args, "sub", sub))
		(void)iokit_notify_call(port->fd, tmp, NOTIFY_OP_REMOVE, args, &reply);
	talloc_free(tmp);
}

/* IOServiceAddMatchingNotification and IOServiceAddNotification; consumes
 * matching. */
static kern_return_t add_matching(IONotificationPortRef notifyPort, const char *notificationType,
				  CFDictionaryRef matching, IOServiceMatchingCallback callback,
				  void *refCon, bool reads_port, io_iterator_t *notification)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *args = tmp ? reg_value_new_dict(tmp) : NULL, *reply = NULL, *m;
	struct iokit_notif *n = NULL;
	uint64_t sub = 0, more = 0;
	kern_return_t kr;

	if (notification)
		*notification = IO_OBJECT_NULL;
	if (!notifyPort || !notificationType || !matching || !callback || !notification) {
		kr = kIOReturnBadArgument;
		goto out;
	}
	m = args ? cf_to_reg_value(args, matching) : NULL;
	if (!m || !iokit_put_string(args, "type", notificationType) ||
	    reg_dict_set(args, "matching", m) != 0) {
		kr = m || !args ? kIOReturnNoMemory : kIOReturnBadArgument;
		goto out;
	}
	n = calloc(1, sizeof(*n));
	if (!n) {
		kr = kIOReturnNoMemory;
		goto out;
	}
	n->matching_cb = callback;
	n->refcon = refCon;
	n->reads_port = reads_port;
	/* No dispatcher may read this subscription's first events before it
	 * is known. */
	pthread_mutex_lock(&notifyPort->dispatch_lock);
	kr = iokit_notify_call(notifyPort->fd, tmp, NOTIFY_OP_ADD_MATCHING, args, &reply);
	if (kr == KERN_SUCCESS && !iokit_get_u64(reply, "sub", &sub))
		kr = kIOReturnIPCError;
	n->sub = (uint32_t)sub;
	if (kr == KERN_SUCCESS)
		kr = take_ids(n, reply, &more);
	while (kr == KERN_SUCCESS && more) {
		struct reg_value *a = reg_value_new_dict(tmp);

		if (!a || !iokit_put_u64(a, "sub", sub)) {
			kr = kIOReturnNoMemory;
			break;
		}
		kr = iokit_notify_call(notifyPort->fd, tmp, NOTIFY_OP_EXISTING, a, &reply);
		if (kr == KERN_SUCCESS)
			kr = take_ids(n, reply, &more);
	}
	if (kr == KERN_SUCCESS)
		kr = notif_publish(notifyPort, n, notification);
	else if (sub)
		forget_sub(notifyPort, (uint32_t)sub);
	pthread_mutex_unlock(&notifyPort->dispatch_lock);
	if (kr == KERN_SUCCESS)
		n = NULL;
out:
	if (n) {
		free(n->pending);
		free(n);
	}
	talloc_free(tmp);
	if (matching)
		CFRelease(matching);
	return kr;
}

kern_return_t IOServiceAddMatchingNotification(IONotificationPortRef notifyPort,
					       const char *notificationType,
					       CFDictionaryRef matching,
					       IOServiceMatchingCallback callback,
					       void *refCon, io_iterator_t *notification)
{
	return add_matching(notifyPort, notificationType, matching, callback, refCon, false,
			    notification);
}

kern_return_t IOServiceAddInterestNotification(IONotificationPortRef notifyPort,
					       io_service_t service, const char *interestType,
					       IOServiceInterestCallback callback, void *refCon,
					       io_object_t *notification)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *args = tmp ? reg_value_new_dict(tmp) : NULL, *reply = NULL;
	struct iokit_entry *e;
	struct port_hold hold;
	struct iokit_notif *n;
	uint64_t sub = 0;
	kern_return_t kr;

	if (notification)
		*notification = IO_OBJECT_NULL;
	if (!notifyPort || !interestType || !callback || !notification) {
		talloc_free(tmp);
		return kIOReturnBadArgument;
	}
	kr = iokit_entry_hold(service, &hold, &e);
	if (kr != KERN_SUCCESS) {
		talloc_free(tmp);
		return kr;
	}
	if (!args || !iokit_put_u64(args, "id", e->id) ||
	    !iokit_put_string(args, "type", interestType)) {
		port_table_unhold(&hold);
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	port_table_unhold(&hold);
	n = calloc(1, sizeof(*n));
	if (!n) {
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	n->interest = true;
	n->interest_cb = callback;
	n->refcon = refCon;
	pthread_mutex_lock(&notifyPort->dispatch_lock);
	kr = iokit_notify_call(notifyPort->fd, tmp, NOTIFY_OP_ADD_INTEREST, args, &reply);
	if (kr == KERN_SUCCESS && !iokit_get_u64(reply, "sub", &sub))
		kr = kIOReturnIPCError;
	n->sub = (uint32_t)sub;
	if (kr == KERN_SUCCESS && (kr = IOObjectRetain(service)) == KERN_SUCCESS) {
		n->service = service;
		kr = notif_publish(notifyPort, n, notification);
	}
	if (kr != KERN_SUCCESS && sub)
		forget_sub(notifyPort, (uint32_t)sub);
	pthread_mutex_unlock(&notifyPort->dispatch_lock);
	if (kr != KERN_SUCCESS) {
		if (n->service)
			IOObjectRelease(n->service);
		free(n);
	}
	talloc_free(tmp);
	return kr;
}

static void wake_port_only(void *refcon, io_iterator_t iterator)
{
	(void)refcon;
	(void)iterator;
}

/* Deprecated since 10.0, and older than notification ports: events wake
 * wakePort (a receive right: mach_port_allocate, IOCreateReceivePort, or a
 * notification port's IONotificationPortGetMachPort), the program receives
 * on it with mach_msg and reads the iterator.  reference rode in the
 * kernel's message, which ours does not carry (mach_msg.c). */
kern_return_t IOServiceAddNotification(mach_port_t mainPort, const char *notificationType,
				       CFDictionaryRef matching, mach_port_t wakePort,
				       uintptr_t reference, io_iterator_t *notification)
{
	struct port_hold hold;
	IONotificationPortRef port;
	kern_return_t kr;

	(void)reference;
	if (notification)
		*notification = IO_OBJECT_NULL;
	if (iokit_check_main_port(mainPort) != KERN_SUCCESS || !notificationType || !matching ||
	    !notification || port_table_hold(wakePort, PORT_KIND_RECEIVE, &hold) != KERN_SUCCESS) {
		if (matching)
			CFRelease(matching);	/* consumed, as every matching call does */
		return kIOReturnBadArgument;
	}
	port = receive_right_port(wakePort, &hold);
	if (port) {
		kr = add_matching(port, notificationType, matching, wake_port_only, NULL, true,
				  notification);
	} else {
		CFRelease(matching);
		kr = kIOReturnNoDevice;		/* no mount to open a notify file on */
	}
	port_table_unhold(&hold);
	return kr;
}

/* ---- the iterator side (iterators.c) ---- */

bool iokit_notification_is(io_object_t o)
{
	enum port_kind kind;

	return port_table_kind(o, &kind) == KERN_SUCCESS && kind == PORT_KIND_NOTIFICATION;
}

io_object_t iokit_notification_next(io_object_t o)
{
	struct port_hold hold;
	struct iokit_notif *n;
	io_object_t out = IO_OBJECT_NULL;
	uint64_t id = 0;
	bool have = false;

	if (port_table_hold(o, PORT_KIND_NOTIFICATION, &hold) != KERN_SUCCESS)
		return IO_OBJECT_NULL;
	n = hold.state;
	if (n->reads_port)
		IONotificationPortDispatch(n->port);
	pthread_mutex_lock(&n->port->lock);
	if (n->interest) {
		/* not an iterator */
	} else if (n->count) {
		id = n->pending[n->head];
		n->head = (n->head + 1) % n->cap;
		n->count--;
		have = true;
	} else {
		n->armed = true;
	}
	pthread_mutex_unlock(&n->port->lock);
	port_table_unhold(&hold);
	if (have)
		iokit_entry_name(id, NULL, NULL, &out);
	return out;
}
