/* MNT/.iokit/notify and MNT/.iokit/watch (see notify_file.h and
 * docs/notifications.md).
 *
 * Lock order: registry lock, then the hub's, then a port's.  The listener
 * runs with the registry's write lock held and takes the hub's and each
 * port's; handlers take the registry's read lock (to add a subscription
 * and compute its existing set atomically with respect to changes) and
 * then the port's; the notifier thread's kick takes the hub's and the
 * ports', and talks to the kernel only after dropping them all.
 *
 * Reads never hold a worker thread: an empty port answers EAGAIN to
 * O_NONBLOCK readers and parks the request of blocking ones (one per open
 * file) until an event comes (the kick replies) or the reader is
 * interrupted (FUSE_INTERRUPT: EINTR). */
#include "notify_file.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <time.h>

#include "ioreturn.h"
#include "match.h"
#include "message_file.h"
#include "notifier.h"
#include "policy.h"
#include "quota.h"
#include "notify_filter.h"
#include "notify_wire.h"
#include "stats.h"
#include "user_client.h"
#include "value_binary.h"

/* IDs per reply of the existing set (each costs 12 bytes serialized). */
#define EXISTING_CHUNK 1000

struct queued_note {
	struct iokitfs_note note;
	char *line;		/* watch streams: the text, malloc'd */
	size_t line_len;
};

struct sub_slot {
	uint32_t id;
	struct notify_sub *sub;
	size_t units;		/* of the uid's subscription quota (sub_units) */
	uint64_t *existing;	/* the existing set not fetched yet */
	size_t nexisting;
};

struct notify_port {
	struct msg_file m;	/* first: the tagged handle, requests, quotas */
	struct notify_hub *hub;
	pthread_mutex_t lock;
	bool watch;		/* text stream of every change */
	bool nonblock;
	bool port_charged;	/* holds one of m.opener's FS_QUOTA_PORTS */
	struct sub_slot *slots;	/* on the port */
	size_t nslots;
	uint32_t next_sub;
	/* A ring of queued events, malloc'd (the listener fills it). */
	struct queued_note *ring;
	size_t head, count, cap;
	size_t line_off;	/* watch: bytes of the head line already read */
	uint64_t lost;		/* events dropped since the last overflow note */
	uint64_t seq;
	fuse_req_t parked;	/* a blocking read waiting for events */
	size_t parked_size;
	struct fuse_pollhandle *ph;
	bool wake;		/* the kick should look at this port */
	uint64_t id;		/* for async completions, never 0 */
	bool async_target;	/* named by a user client for async completions */
	pid_t owner;		/* the process that opened the port */
	struct fs_quota *quota;	/* subscriptions are charged to m.opener.uid */
	bool refused;		/* slot_add said no for the quota (port lock) */
};

struct notify_hub {
	struct iokitfs *fs;
	pthread_mutex_t lock;
	struct notify_port **ports;	/* malloc'd */
	size_t nports, cap;
	bool kick_pending;
	int service_plane;
	uint64_t next_port_id;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- the queue (port lock held) ---- */

static bool push_raw(struct notify_port *p, const struct iokitfs_note *note, char *line)
{
	struct queued_note *q;

	if (p->count == p->cap)
		return false;
	q = &p->ring[(p->head + p->count) % p->cap];
	q->note = *note;
	q->note.seq = ++p->seq;
	q->line = line;
	q->line_len = line ? strlen(line) : 0;
	p->count++;
	return true;
}

static char *overflow_line(uint64_t seq, uint64_t lost)
{
	char *line = NULL;

	if (asprintf(&line, "%" PRIu64 " overflow %" PRIu64 " events lost\n", seq, lost) < 0)
		return NULL;
	return line;
}

/* Reports lost events before anything newer, once there is room. */
static void push_overflow(struct notify_port *p)
{
	struct iokitfs_note note = {
		.kind = IOKITFS_NOTE_OVERFLOW, .argument = p->lost, .time_ns = now_ns(),
	};
	char *line = NULL;

	if (!p->lost || p->count == p->cap)
		return;
	if (p->watch && !(line = overflow_line(p->seq + 1, p->lost)))
		return;
	if (push_raw(p, &note, line))
		p->lost = 0;
	else
		free(line);
}

/* Takes line.  Keeps one slot for the overflow note. */
static bool push(struct notify_port *p, const struct iokitfs_note *note, char *line)
{
	push_overflow(p);
	if (p->lost || p->count + 1 >= p->cap) {
		p->lost++;
		free(line);
		return false;
	}
	return push_raw(p, note, line);
}

static void pop(struct notify_port *p)
{
	free(p->ring[p->head].line);
	p->ring[p->head].line = NULL;
	p->head = (p->head + 1) % p->cap;
	p->count--;
	p->line_off = 0;
}

/* Moves what fits in size bytes out of the queue into a new malloc'd
 * buffer.  *len 0 with a non-empty queue: size is too small. */
static char *take(struct notify_port *p, size_t size, size_t *len)
{
	size_t used = 0;
	char *buf;

	push_overflow(p);
	buf = malloc(size ? size : 1);
	*len = 0;
	if (!buf)
		return NULL;
	while (p->count) {
		struct queued_note *q = &p->ring[p->head];

		if (!p->watch) {
			if (size - used < sizeof(q->note))
				break;
			memcpy(buf + used, &q->note, sizeof(q->note));
			used += sizeof(q->note);
		} else {
			size_t rest = q->line_len - p->line_off, n = rest < size - used ? rest
										   : size - used;

			if (n == 0)
				break;
			memcpy(buf + used, q->line + p->line_off, n);
			used += n;
			p->line_off += n;
			if (p->line_off < q->line_len)
				break;
		}
		pop(p);
		push_overflow(p);
	}
	*len = used;
	return buf;
}

/* ---- watch lines ---- */

static bool attached(const struct registry *reg, const struct reg_entry *e)
{
	for (size_t p = 0; p < registry_plane_count(reg); p++)
		if (reg_entry_parent_count(e, (int)p))
			return true;
	return false;
}

static char *watch_line(const struct registry *reg, const struct reg_event *ev, uint64_t seq,
			int service_plane)
{
	const struct reg_entry *e = registry_entry_by_id(reg, ev->entry_id);
	const char *cls = e ? e->cls->name : ev->entry_class ? ev->entry_class : "?";
	const char *name = e ? e->name : "";
	char head[64], *line = NULL;
	int n = -1;

	/* A new entry's properties, before it is attached, are part of its
	 * arrival (the publish line). */
	if ((ev->kind == REG_EVENT_PROPERTY_CHANGED || ev->kind == REG_EVENT_STATE_CHANGED) &&
	    e && !attached(reg, e))
		return NULL;
	snprintf(head, sizeof(head), "%" PRIu64, seq);
	switch (ev->kind) {
	case REG_EVENT_ATTACHED:
	case REG_EVENT_DETACHED: {
		bool attach = ev->kind == REG_EVENT_ATTACHED;

		if (attach && ev->plane == service_plane && e && reg_entry_parent_count(e, ev->plane) == 1)
			n = asprintf(&line, "%s publish 0x%" PRIx64 " %s \"%s\" parent=0x%" PRIx64 "\n",
				     head, ev->entry_id, cls, name, ev->parent_id);
		else
			n = asprintf(&line, "%s %s 0x%" PRIx64 " %s \"%s\" plane=%s parent=0x%" PRIx64 "\n",
				     head, attach ? "attach" : "detach", ev->entry_id, cls, name,
				     registry_plane_name(reg, ev->plane), ev->parent_id);
		break;
	}
	case REG_EVENT_ENTRY_REMOVED:
		n = asprintf(&line, "%s terminate 0x%" PRIx64 " %s \"%s\"\n", head, ev->entry_id,
			     cls, name);
		break;
	case REG_EVENT_PROPERTY_CHANGED:
		n = asprintf(&line, "%s property 0x%" PRIx64 " %s \"%s\" key=%s\n", head,
			     ev->entry_id, cls, name, ev->key ? ev->key : "*");
		break;
	case REG_EVENT_STATE_CHANGED:
		n = asprintf(&line, "%s state 0x%" PRIx64 " %s \"%s\" state=0x%" PRIx32
			     " busy=%" PRIu32 "\n", head, ev->entry_id, cls, name,
			     e ? e->state : 0, e ? notify_busy_state(reg, e) : 0);
		break;
	case REG_EVENT_MESSAGE:
		n = asprintf(&line, "%s message 0x%" PRIx64 " %s \"%s\" message=0x%08" PRIx32
			     " argument=0x%" PRIx64 "\n", head, ev->entry_id, cls, name,
			     ev->message, ev->argument);
		break;
	default:
		return NULL;	/* ENTRY_ADDED: it shows when it is attached */
	}
	return n < 0 ? NULL : line;
}

/* ---- the listener and the kick ---- */

static void hub_kick(void *data);

static bool port_hears(struct notify_port *p, const struct registry *reg,
		       const struct reg_event *ev, uint64_t t, int service_plane)
{
	bool pushed = false;

	if (p->watch) {
		struct iokitfs_note note = { .entry_id = ev->entry_id, .time_ns = t };
		char *line;

		if (ev->kind == REG_EVENT_ENTRY_ADDED)
			return false;
		line = watch_line(reg, ev, p->seq + 1 + (p->lost ? 1 : 0), service_plane);
		return line && push(p, &note, line);
	}
	for (size_t i = 0; i < p->nslots; i++) {
		struct notify_delivery d;
		struct iokitfs_note note;

		if (!notify_filter(p->slots[i].sub, reg, ev, &d))
			continue;
		note = (struct iokitfs_note){
			.kind = notify_kind_is_interest(notify_sub_kind(p->slots[i].sub))
					? IOKITFS_NOTE_INTEREST : IOKITFS_NOTE_MATCHING,
			.sub = p->slots[i].id,
			.entry_id = d.entry_id,
			.message = d.message,
			.flags = d.final ? IOKITFS_NOTE_FINAL : 0,
			.argument = d.argument,
			.time_ns = t,
		};
		push(p, &note, NULL);
		pushed = true;	/* a loss is news too (the overflow note) */
	}
	return pushed;
}

static void listener(void *data, const struct reg_event *ev)
{
	struct notify_hub *hub = data;
	const struct registry *reg = hub->fs->reg;
	uint64_t t = now_ns();
	bool defer = false;

	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->nports; i++) {
		struct notify_port *p = hub->ports[i];

		pthread_mutex_lock(&p->lock);
		if (port_hears(p, reg, ev, t, hub->service_plane) && (p->parked || p->ph)) {
			p->wake = true;
			if (!hub->kick_pending)
				defer = hub->kick_pending = true;
		}
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_unlock(&hub->lock);
	if (defer && !notifier_defer(hub->fs->notifier, hub_kick, hub)) {
		pthread_mutex_lock(&hub->lock);
		hub->kick_pending = false;	/* the next event tries again */
		pthread_mutex_unlock(&hub->lock);
	}
}

struct wakeup {
	fuse_req_t req;
	char *buf;
	size_t len;
	struct fuse_pollhandle *ph;
};

/* On the notifier thread: answers parked reads and wakes pollers. */
static void hub_kick(void *data)
{
	struct notify_hub *hub = data;
	struct wakeup *w;
	size_t n = 0;

	pthread_mutex_lock(&hub->lock);
	hub->kick_pending = false;
	w = calloc(hub->nports ? hub->nports : 1, sizeof(*w));
	for (size_t i = 0; w && i < hub->nports; i++) {
		struct notify_port *p = hub->ports[i];

		pthread_mutex_lock(&p->lock);
		if (p->wake && (p->count || p->lost)) {
			p->wake = false;
			if (p->parked) {
				w[n].buf = take(p, p->parked_size, &w[n].len);
				if (w[n].buf) {
					w[n].req = p->parked;
					p->parked = NULL;
				}
			}
			w[n].ph = p->ph;
			p->ph = NULL;
			n++;
		}
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_unlock(&hub->lock);
	/* No lock held from here on. */
	for (size_t i = 0; i < n; i++) {
		if (w[i].req)
			fuse_reply_buf(w[i].req, w[i].buf, w[i].len);
		free(w[i].buf);
		if (w[i].ph) {
			fuse_lowlevel_notify_poll(w[i].ph);
			fuse_pollhandle_destroy(w[i].ph);
		}
		fs_stats_count(hub->fs->stats, FS_OP_NOTIFY);
	}
	free(w);
}

struct notify_hub *notify_hub_start(void *ctx, struct iokitfs *fs)
{
	struct notify_hub *hub = talloc_zero(ctx, struct notify_hub);

	if (!hub)
		return NULL;
	hub->fs = fs;
	pthread_mutex_init(&hub->lock, NULL);
	registry_wrlock(fs->reg);
	hub->service_plane = registry_plane_index(fs->reg, "IOService");
	if (registry_add_listener(fs->reg, listener, hub) != 0) {
		registry_unlock(fs->reg);
		pthread_mutex_destroy(&hub->lock);
		talloc_free(hub);
		return NULL;
	}
	registry_unlock(fs->reg);
	return hub;
}

void notify_hub_stop(struct notify_hub *hub)
{
	if (!hub)
		return;
	registry_wrlock(hub->fs->reg);
	registry_remove_listener(hub->fs->reg, listener, hub);
	registry_unlock(hub->fs->reg);
	/* Ports still open belong to their files (released by the session's
	 * end); parked reads are answered with end of file. */
	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->nports; i++) {
		struct notify_port *p = hub->ports[i];
		fuse_req_t req;

		pthread_mutex_lock(&p->lock);
		req = p->parked;
		p->parked = NULL;
		p->hub = NULL;
		pthread_mutex_unlock(&p->lock);
		if (req)
			fuse_reply_buf(req, NULL, 0);
	}
	free(hub->ports);
	hub->ports = NULL;
	hub->nports = hub->cap = 0;
	pthread_mutex_unlock(&hub->lock);
	pthread_mutex_destroy(&hub->lock);
	talloc_free(hub);
}

/* ---- async completions ---- */

/* The kernel names the calling thread; ports belong to processes. */
/* hub->lock held. */
static struct notify_port *port_by_id(struct notify_hub *hub, uint64_t id, pid_t pid)
{
	for (size_t i = 0; i < hub->nports; i++)
		if (hub->ports[i]->id == id && !hub->ports[i]->watch &&
		    hub->ports[i]->owner == pid)
			return hub->ports[i];
	return NULL;
}

bool notify_hub_port_valid(struct notify_hub *hub, uint64_t port_id, pid_t pid)
{
	bool found;

	struct notify_port *p;

	if (!hub)
		return false;
	pthread_mutex_lock(&hub->lock);
	p = port_by_id(hub, port_id, pid);
	found = p != NULL;
	if (p) {
		pthread_mutex_lock(&p->lock);
		p->async_target = true;
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_unlock(&hub->lock);
	return found;
}

int notify_hub_post_async(struct notify_hub *hub, pid_t pid, const struct reg_uc_async *ref,
			  int result, const uint64_t *args, uint32_t nargs)
{
	uint64_t words[REG_UC_ASYNC_REF_MAX + REG_UC_ASYNC_ARGS_MAX] = { 0 };
	uint32_t nwords = ref->reference_count + nargs;
	size_t nrecords = 1 + (nwords + 2) / 3;
	struct notify_port *p;
	bool defer = false;
	int ret = REG_IO_SUCCESS;

	if (!hub)
		return REG_IO_NOT_FOUND;
	memcpy(words, ref->reference, ref->reference_count * sizeof(words[0]));
	if (nargs)
		memcpy(words + ref->reference_count, args, nargs * sizeof(words[0]));
	pthread_mutex_lock(&hub->lock);
	p = port_by_id(hub, ref->port, pid);
	if (!p) {
		pthread_mutex_unlock(&hub->lock);
		return REG_IO_NOT_FOUND;
	}
	pthread_mutex_lock(&p->lock);
	push_overflow(p);
	/* All records or none, keeping the overflow note's slot. */
	if (p->lost || p->count + nrecords >= p->cap) {
		ret = REG_IO_NO_SPACE;
	} else {
		struct iokitfs_note note = {
			.kind = IOKITFS_NOTE_ASYNC, .sub = nwords, .message = (uint32_t)result,
			.flags = ref->reference_count, .argument = nargs, .time_ns = now_ns(),
		};

		push_raw(p, &note, NULL);
		for (uint32_t w = 0; w < nwords; w += 3) {
			note = (struct iokitfs_note){
				.kind = IOKITFS_NOTE_ASYNC_DATA, .message = w,
				.entry_id = words[w], .argument = words[w + 1],
				.time_ns = words[w + 2],
			};
			push_raw(p, &note, NULL);
		}
		if (p->parked || p->ph) {
			p->wake = true;
			if (!hub->kick_pending)
				defer = hub->kick_pending = true;
		}
	}
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_unlock(&hub->lock);
	if (defer && !notifier_defer(hub->fs->notifier, hub_kick, hub)) {
		pthread_mutex_lock(&hub->lock);
		hub->kick_pending = false;
		pthread_mutex_unlock(&hub->lock);
	}
	return ret;
}

/* ---- open, read, release ---- */

static struct notify_port *port_of(const struct fuse_file_info *fi)
{
	return (struct notify_port *)(uintptr_t)fi->fh;
}

static int port_destructor(struct notify_port *p)
{
	while (p->count)
		pop(p);
	free(p->ring);
	for (size_t i = 0; i < p->nslots; i++)
		fs_quota_give(p->quota, p->m.opener.uid, FS_QUOTA_SUBS, p->slots[i].units);
	if (p->port_charged)
		fs_quota_give(p->quota, p->m.opener.uid, FS_QUOTA_PORTS, 1);
	pthread_mutex_destroy(&p->lock);
	msg_file_fini(&p->m);
	return 0;
}

void notify_file_open(fuse_req_t req, enum fs_kind kind, struct fuse_file_info *fi)
{
	struct iokitfs *fs = fs_of(req);
	struct notify_hub *hub = fs->notify;
	struct notify_port *p;
	/* Root's ports hold the protocol's most; everyone else's the
	 * max_queue quota. */
	size_t queue = fuse_req_ctx(req)->uid != 0 && fs->quota &&
				       fs_quota_limits(fs->quota)->queue
			       ? fs_quota_limits(fs->quota)->queue
			       : IOKITFS_NOTIFY_QUEUE;

	if (!hub) {
		fuse_reply_err(req, ENODEV);
		return;
	}
	/* Every open holds a ring of `queue` events (256 KiB at the default
	 * max_queue, a mapping of its own) and is on every change's path:
	 * without a bound, one user's 19,000 opens from one process grew
	 * the daemon by 800 MB, and a few such processes exhaust its
	 * mappings (vm.max_map_count) for everyone. */
	if (!fs_quota_take(fs->quota, fuse_req_ctx(req)->uid, FS_QUOTA_PORTS, 1)) {
		fuse_reply_err(req, EDQUOT);
		return;
	}
	p = talloc_zero(NULL, struct notify_port);
	if (!p) {
		fs_quota_give(fs->quota, fuse_req_ctx(req)->uid, FS_QUOTA_PORTS, 1);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	if (!(p->ring = calloc(queue, sizeof(*p->ring)))) {
		fs_quota_give(fs->quota, fuse_req_ctx(req)->uid, FS_QUOTA_PORTS, 1);
		talloc_free(p);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	/* Requests are inline or staged up to the control file's cap; replies
	 * fit one message (read() is for events). */
	msg_file_init(&p->m, FS_HANDLE_NOTIFY, req, fs->quota, IOKITFS_MAX_PAYLOAD);
	pthread_mutex_init(&p->lock, NULL);
	talloc_set_destructor(p, port_destructor);
	p->quota = fs->quota;
	p->port_charged = true;	/* m.opener is the uid charged above */
	p->cap = queue;
	p->hub = hub;
	p->watch = kind == FS_WATCH;
	p->nonblock = (fi->flags & O_NONBLOCK) != 0;
	p->next_sub = 1;
	p->owner = p->m.opener.pid;
	pthread_mutex_lock(&hub->lock);
	p->id = ++hub->next_port_id;
	if (hub->nports == hub->cap) {
		size_t cap = hub->cap ? hub->cap * 2 : 8;
		struct notify_port **grown = realloc(hub->ports, cap * sizeof(*grown));

		if (!grown) {
			pthread_mutex_unlock(&hub->lock);
			talloc_free(p);
			fuse_reply_err(req, ENOMEM);
			return;
		}
		hub->ports = grown;
		hub->cap = cap;
	}
	hub->ports[hub->nports++] = p;
	pthread_mutex_unlock(&hub->lock);
	if (!msg_file_reply_open(req, fi, p)) {
		/* The kernel will send no release: undo. */
		pthread_mutex_lock(&hub->lock);
		for (size_t i = 0; i < hub->nports; i++)
			if (hub->ports[i] == p)
				hub->ports[i] = hub->ports[--hub->nports];
		pthread_mutex_unlock(&hub->lock);
		talloc_free(p);
	}
}

/* FUSE_INTERRUPT of a parked read: the reader got a signal. */
static void read_interrupted(fuse_req_t req, void *data)
{
	struct notify_hub *hub = fs_of(req)->notify;
	bool answer = false;

	if (!hub)
		return;
	pthread_mutex_lock(&hub->lock);
	for (size_t i = 0; i < hub->nports; i++) {
		struct notify_port *p = hub->ports[i];

		if (p != data)
			continue;
		pthread_mutex_lock(&p->lock);
		if (p->parked == req) {
			p->parked = NULL;
			answer = true;
		}
		pthread_mutex_unlock(&p->lock);
	}
	pthread_mutex_unlock(&hub->lock);
	if (answer)
		fuse_reply_err(req, EINTR);
}

void notify_file_read(fuse_req_t req, size_t size, struct fuse_file_info *fi)
{
	struct notify_port *p = port_of(fi);
	char *buf = NULL;
	size_t len = 0;
	int err = 0;

	fs_stats_count(fs_of(req)->stats, FS_OP_READ);
	if (!p->watch && size < sizeof(struct iokitfs_note)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	/* Before the lock: it runs read_interrupted at once if the reader
	 * was already interrupted. */
	fuse_req_interrupt_func(req, read_interrupted, p);
	pthread_mutex_lock(&p->lock);
	if (p->count || p->lost) {
		buf = take(p, size, &len);
		if (!buf)
			err = ENOMEM;
	} else if (!p->hub) {
		err = 0;	/* unmounting: end of file */
	} else if (!p->watch && p->nslots == 0 && !p->async_target) {
		/* Nothing subscribed, so nothing can ever come: end of file, so
		 * that `cp` or `cat` of the port by name never hangs. */
		err = 0;
	} else if (p->nonblock || (fi->flags & O_NONBLOCK)) {
		err = EAGAIN;
	} else if (p->parked) {
		err = EBUSY;	/* one waiting reader per open file */
	} else if (fuse_req_interrupted(req)) {
		err = EINTR;
	} else {
		p->parked = req;
		p->parked_size = size;
		pthread_mutex_unlock(&p->lock);
		return;
	}
	pthread_mutex_unlock(&p->lock);
	if (err)
		fuse_reply_err(req, err);
	else
		fuse_reply_buf(req, buf, len);
	free(buf);
}

void notify_file_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASE);
	notify_file_close(fs_of(req), (struct fs_handle *)port_of(fi));
	fuse_reply_err(req, 0);
}

void notify_file_close(struct iokitfs *fs, struct fs_handle *h)
{
	struct notify_port *p = (struct notify_port *)h;
	struct notify_hub *hub = fs->notify;
	struct fuse_pollhandle *ph;

	if (hub) {
		pthread_mutex_lock(&hub->lock);
		for (size_t i = 0; i < hub->nports; i++)
			if (hub->ports[i] == p) {
				hub->ports[i] = hub->ports[--hub->nports];
				break;
			}
		pthread_mutex_unlock(&hub->lock);
	}
	pthread_mutex_lock(&p->lock);
	ph = p->ph;
	p->ph = NULL;
	pthread_mutex_unlock(&p->lock);
	if (ph)
		fuse_pollhandle_destroy(ph);
	talloc_free(p);
}

void fs_op_poll(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
		struct fuse_pollhandle *ph)
{
	struct notify_port *p;
	struct fuse_pollhandle *old;
	unsigned revents;

	(void)ino;
	if (fs_handle_kind(fi) != FS_HANDLE_NOTIFY) {
		if (ph)
			fuse_pollhandle_destroy(ph);
		fuse_reply_poll(req, POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
		return;
	}
	p = port_of(fi);
	pthread_mutex_lock(&p->lock);
	old = ph ? p->ph : NULL;
	if (ph)
		p->ph = ph;
	revents = p->count || p->lost || !p->hub ? POLLIN | POLLRDNORM : 0;
	pthread_mutex_unlock(&p->lock);
	if (old)
		fuse_pollhandle_destroy(old);
	fuse_reply_poll(req, revents);
}

/* ---- requests ---- */

static bool arg_u64(const struct reg_value *args, const char *key, uint64_t *out)
{
	const struct reg_value *v = reg_dict_get(args, key);

	if (!v || v->type != REG_NUMBER)
		return false;
	*out = (uint64_t)v->u.number.value;
	return true;
}

static const char *arg_string(const struct reg_value *args, const char *key)
{
	const struct reg_value *v = reg_dict_get(args, key);

	return reg_value_is_string(v) ? v->u.string.chars : NULL;
}

static int put_u64(struct reg_value *d, const char *key, uint64_t n)
{
	return reg_dict_set(d, key, reg_value_new_number(d, (int64_t)n, 64));
}

static struct sub_slot *slot_find(struct notify_port *p, uint64_t id)
{
	for (size_t i = 0; i < p->nslots; i++)
		if (p->slots[i].id == id)
			return &p->slots[i];
	return NULL;
}

/* What a subscription takes of its uid's max_subscriptions: one, and one
 * more per SUB_VALUES_PER_UNIT values of its matching dictionary past the
 * first ones.  Every new service is tested against every matching
 * subscription under the registry's write lock, and the dictionaries stay
 * in the daemon's memory: counted one each, 4096 subscriptions of 4096
 * values let one user stall every IOServiceOpen and hot-plug for seconds
 * and hold gigabytes.  Ordinary dictionaries (a class, a name, a few
 * properties) count one, as before. */
#define SUB_VALUES_PER_UNIT 16

static size_t sub_units(const struct reg_value *matching)
{
	size_t values = matching ? registry_match_values(matching) : 0;

	return values <= SUB_VALUES_PER_UNIT ? 1
					    : (values + SUB_VALUES_PER_UNIT - 1) / SUB_VALUES_PER_UNIT;
}

/* Port lock held.  A new slot owning sub, taking units of the quota, or
 * NULL. */
static struct sub_slot *slot_add(struct notify_port *p, struct notify_sub *sub, size_t units)
{
	struct sub_slot *grown;

	if (p->nslots == talloc_array_length(p->slots)) {
		grown = talloc_realloc(p, p->slots, struct sub_slot, p->nslots ? p->nslots * 2 : 4);
		if (!grown)
			return NULL;
		p->slots = grown;
	}
	if (!fs_quota_take(p->quota, p->m.opener.uid, FS_QUOTA_SUBS, units)) {
		p->refused = true;
		return NULL;
	}
	p->slots[p->nslots] = (struct sub_slot){ .id = p->next_sub++, .sub = sub, .units = units };
	return &p->slots[p->nslots++];
}

/* Port lock held.  Puts up to EXISTING_CHUNK ids of slot's existing set
 * into reply and forgets them. */
static int put_existing(struct sub_slot *slot, struct reg_value *reply)
{
	struct reg_value *a = reg_value_new_array(reply);
	size_t n = slot->nexisting < EXISTING_CHUNK ? slot->nexisting : EXISTING_CHUNK;

	if (!a)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (reg_array_append(a, reg_value_new_number(a, (int64_t)slot->existing[i], 64)))
			return -1;
	if (slot->nexisting > n)
		memmove(slot->existing, slot->existing + n,
			(slot->nexisting - n) * sizeof(uint64_t));
	slot->nexisting -= n;
	if (!slot->nexisting)
		TALLOC_FREE(slot->existing);
	return reg_dict_set(reply, "ids", a) || put_u64(reply, "more", slot->nexisting);
}

static int add_matching(struct iokitfs *fs, struct notify_port *p,
			const struct reg_value *args, struct reg_value *reply)
{
	enum notify_kind kind = notify_kind_from_name(arg_string(args, "type"), false);
	const struct reg_value *matching = reg_dict_get(args, "matching");
	struct notify_sub *sub;
	struct sub_slot *slot;
	int ret = REG_IO_NO_MEMORY;

	if (!kind)
		return REG_IO_UNSUPPORTED;
	/* bounded: the subscription is matched against every new service */
	if (registry_match_check(matching) != REG_IO_SUCCESS)
		return REG_IO_BAD_ARGUMENT;
	registry_rdlock(fs->reg);
	pthread_mutex_lock(&p->lock);
	sub = notify_sub_new_matching(p, kind, matching);
	p->refused = false;
	slot = sub ? slot_add(p, sub, sub_units(matching)) : NULL;
	if (!slot) {
		talloc_free(sub);
		if (p->refused)
			ret = REG_IO_NO_RESOURCES;	/* the uid's subscription quota */
		goto out;
	}
	if (notify_sub_existing(p, fs->reg, sub, &slot->existing, &slot->nexisting) != 0 ||
	    put_u64(reply, "sub", slot->id) || put_existing(slot, reply)) {
		talloc_free(slot->existing);
		talloc_free(sub);
		p->nslots--;
		fs_quota_give(p->quota, p->m.opener.uid, FS_QUOTA_SUBS, slot->units);
		goto out;
	}
	ret = REG_IO_SUCCESS;
out:
	pthread_mutex_unlock(&p->lock);
	registry_unlock(fs->reg);
	return ret;
}

static int more_existing(struct notify_port *p, const struct reg_value *args,
			 struct reg_value *reply)
{
	struct sub_slot *slot;
	uint64_t id;
	int ret = REG_IO_BAD_ARGUMENT;

	pthread_mutex_lock(&p->lock);
	if (arg_u64(args, "sub", &id) && (slot = slot_find(p, id)))
		ret = put_existing(slot, reply) ? REG_IO_NO_MEMORY : REG_IO_SUCCESS;
	pthread_mutex_unlock(&p->lock);
	return ret;
}

static int add_interest(struct iokitfs *fs, struct notify_port *p,
			const struct reg_value *args, struct reg_value *reply)
{
	enum notify_kind kind = notify_kind_from_name(arg_string(args, "type"), true);
	struct notify_sub *sub = NULL;
	struct sub_slot *slot = NULL;
	const struct reg_entry *e;
	uint64_t id;
	int ret;

	if (!arg_u64(args, "id", &id))
		return REG_IO_BAD_ARGUMENT;
	if (!kind)
		return REG_IO_UNSUPPORTED;
	registry_rdlock(fs->reg);
	pthread_mutex_lock(&p->lock);
	e = registry_entry_by_id(fs->reg, id);
	if (!e || (e->state & REG_STATE_INACTIVE)) {
		ret = REG_IO_UNSUPPORTED;	/* as for an inactive service */
		goto out;
	}
	ret = REG_IO_NO_MEMORY;
	sub = notify_sub_new_interest(p, fs->reg, kind, e);
	p->refused = false;
	slot = sub ? slot_add(p, sub, 1) : NULL;
	if (!slot) {
		talloc_free(sub);
		if (p->refused)
			ret = REG_IO_NO_RESOURCES;	/* the uid's subscription quota */
		goto out;
	}
	if (put_u64(reply, "sub", slot->id)) {
		talloc_free(sub);
		p->nslots--;
		fs_quota_give(p->quota, p->m.opener.uid, FS_QUOTA_SUBS, 1);
		goto out;
	}
	ret = REG_IO_SUCCESS;
out:
	pthread_mutex_unlock(&p->lock);
	registry_unlock(fs->reg);
	return ret;
}

static int remove_sub(struct notify_port *p, const struct reg_value *args)
{
	struct sub_slot *slot;
	uint64_t id;
	int ret = REG_IO_BAD_ARGUMENT;

	pthread_mutex_lock(&p->lock);
	if (arg_u64(args, "sub", &id) && (slot = slot_find(p, id))) {
		size_t units = slot->units;

		talloc_free(slot->sub);
		talloc_free(slot->existing);
		*slot = p->slots[--p->nslots];
		fs_quota_give(p->quota, p->m.opener.uid, FS_QUOTA_SUBS, units);
		ret = REG_IO_SUCCESS;
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/* The driver-side changes tests and tools may make (root, rw mounts). */
static int driver_change(fuse_req_t req, uint32_t op, const struct reg_value *args,
			 struct reg_value *reply)
{
	struct iokitfs *fs = fs_of(req);
	struct reg_entry *e;
	uint64_t id, v = 0, arg = 0;
	int ret = REG_IO_SUCCESS;

	const struct fuse_ctx *c = fuse_req_ctx(req);
	struct reg_caller caller = { .uid = c->uid, .gid = c->gid, .pid = c->pid };

	/* Driver-side events: what a device event is (policy.h). */
	ret = reg_policy_check(fs->reg, NULL, REG_CHANGE_DEVICE_EVENT, &caller, 0, 0);
	if (ret != REG_IO_SUCCESS)
		return ret;
	if (!arg_u64(args, "id", &id))
		return REG_IO_BAD_ARGUMENT;
	registry_wrlock(fs->reg);
	e = registry_entry_by_id(fs->reg, id);
	if (!e) {
		ret = REG_IO_NOT_FOUND;
	} else if (op == NOTIFY_OP_ADJUST_BUSY) {
		int64_t busy = (int64_t)e->busy;

		arg_u64(args, "delta", &v);
		busy += (int64_t)v;
		if (busy < 0 || busy > UINT32_MAX)
			ret = REG_IO_BAD_ARGUMENT;
		else
			registry_entry_set_busy(fs->reg, e, (uint32_t)busy);
		if (!ret && put_u64(reply, "busy", notify_busy_state(fs->reg, e)))
			ret = REG_IO_NO_MEMORY;
	} else {
		if (!arg_u64(args, "message", &v))
			ret = REG_IO_BAD_ARGUMENT;
		else {
			arg_u64(args, "argument", &arg);
			registry_entry_message(fs->reg, e, (uint32_t)v, arg);
		}
	}
	registry_unlock(fs->reg);
	return ret;
}

static int busy_state(struct iokitfs *fs, const struct reg_value *args, struct reg_value *reply)
{
	const struct reg_entry *e;
	uint64_t id;
	int ret = REG_IO_SUCCESS;

	if (!arg_u64(args, "id", &id))
		return REG_IO_BAD_ARGUMENT;
	registry_rdlock(fs->reg);
	e = registry_entry_by_id(fs->reg, id);
	if (!e)
		ret = REG_IO_NOT_FOUND;
	else if (put_u64(reply, "busy", notify_busy_state(fs->reg, e)) ||
		 put_u64(reply, "busy_time", e->busy_time_ns) || put_u64(reply, "state", e->state))
		ret = REG_IO_NO_MEMORY;
	registry_unlock(fs->reg);
	return ret;
}

/* The message file's handler: one request on a port. */
static int handle(struct msg_file *m, struct msg_call *call)
{
	struct notify_port *p = (struct notify_port *)m;
	fuse_req_t req = call->req;
	struct iokitfs *fs = fs_of(req);
	struct reg_value *args = NULL, *reply = reg_value_new_dict(call->ctx);
	int ret;

	if (!reply)
		return REG_IO_NO_MEMORY;
	if (call->in_len) {
		struct reg_parse_error perr;

		args = reg_value_from_binary(call->ctx, call->in, call->in_len, &perr);
		if (!args || args->type != REG_DICT)
			return REG_IO_BAD_ARGUMENT;
	}
	if (p->watch && call->op != NOTIFY_OP_BUSY_STATE)
		return REG_IO_UNSUPPORTED;	/* a watch stream has no subscriptions */
	switch (call->op) {
	case NOTIFY_OP_ADD_MATCHING:
		ret = add_matching(fs, p, args, reply);
		break;
	case NOTIFY_OP_ADD_INTEREST:
		ret = add_interest(fs, p, args, reply);
		break;
	case NOTIFY_OP_REMOVE:
		ret = remove_sub(p, args);
		break;
	case NOTIFY_OP_ADJUST_BUSY:
	case NOTIFY_OP_MESSAGE:
		ret = driver_change(req, call->op, args, reply);
		break;
	case NOTIFY_OP_BUSY_STATE:
		ret = busy_state(fs, args, reply);
		break;
	case NOTIFY_OP_EXISTING:
		ret = more_existing(p, args, reply);
		break;
	case NOTIFY_OP_PORT_ID:
		ret = put_u64(reply, "port", p->id);
		break;
	default:
		ret = REG_IO_UNSUPPORTED;
		break;
	}
	if (ret == REG_IO_SUCCESS)
		call->out = reg_value_to_binary(call->ctx, reply, &call->out_len);
	return ret == REG_IO_SUCCESS && !call->out ? REG_IO_NO_MEMORY : ret;
}

void notify_file_ioctl(fuse_req_t req, unsigned int cmd, struct fuse_file_info *fi,
		       unsigned flags, const void *in_buf, size_t in_bufsz, size_t out_bufsz)
{
	msg_file_ioctl(req, &port_of(fi)->m, cmd, (unsigned int)IOKITFS_IOC_CALL, flags, in_buf,
		       in_bufsz, out_bufsz, handle, false);
}
