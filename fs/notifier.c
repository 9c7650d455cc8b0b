/* The one thread that tells the kernel about registry changes (see
 * notifier.h). */
#define FUSE_USE_VERSION 312
#include "notifier.h"

#include <errno.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <time.h>

#include "inode_table.h"
#include "stats.h"
#include "tree.h"

/* A copy of a registry event; malloc'd, because the listener runs in the
 * writer's thread and talloc is not thread-safe. */
struct queued_event {
	enum reg_event_kind kind;
	uint64_t id, parent;
	int plane;
	char *key;	/* NULL: all keys */
};

/* Events beyond this are dropped (with a message): a storm that large
 * means the writer outruns the kernel anyway. */
#define QUEUE_LIMIT (1u << 20)

struct notifier {
	struct iokitfs *fs;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct queued_event *queue;
	size_t count, cap;
	bool stop, dropped;
	/* Events queued so far, and those whose notifications were sent
	 * (for notifier_sync). */
	uint64_t queued, sent;
	pthread_cond_t sent_cond;
	/* notifier_defer's calls, run after each batch. */
	struct deferred_call *deferred;
	size_t ndeferred, deferred_cap;
};

struct deferred_call {
	void (*fn)(void *data);
	void *data;
};

enum action_kind { ACT_DELETE, ACT_INVAL_ENTRY, ACT_INVAL_ATTR, ACT_INVAL_LISTING };

struct action {
	enum action_kind kind;
	uint64_t parent, ino;
	char *name;
};

struct batch {
	void *ctx;
	struct iokitfs *fs;
	uint64_t *dirs;
	size_t ndirs, dirs_cap;
	struct action *acts;
	size_t nacts, acts_cap;
};

static void listener(void *data, const struct reg_event *ev)
{
	struct notifier *n = data;
	struct queued_event q = {
		.kind = ev->kind, .id = ev->entry_id, .parent = ev->parent_id,
		.plane = ev->plane,
	};

	if (ev->kind == REG_EVENT_MESSAGE)
		return;
	if (ev->kind == REG_EVENT_PROPERTY_CHANGED && ev->key)
		q.key = strdup(ev->key);
	pthread_mutex_lock(&n->lock);
	n->queued++;
	if (n->count == n->cap && n->cap < QUEUE_LIMIT) {
		size_t cap = n->cap ? n->cap * 2 : 64;
		struct queued_event *grown = realloc(n->queue, cap * sizeof(*grown));

		if (grown) {
			n->queue = grown;
			n->cap = cap;
		}
	}
	if (n->count < n->cap) {
		n->queue[n->count++] = q;
		pthread_cond_signal(&n->cond);
	} else {
		n->dropped = true;
		free(q.key);
	}
	pthread_mutex_unlock(&n->lock);
}

static void want_dir(struct batch *b, uint64_t ino)
{
	for (size_t i = 0; i < b->ndirs; i++)
		if (b->dirs[i] == ino)
			return;
	if (b->ndirs == b->dirs_cap) {
		size_t cap = b->dirs_cap ? b->dirs_cap * 2 : 16;
		uint64_t *grown = talloc_realloc(b->ctx, b->dirs, uint64_t, cap);

		if (!grown)
			return;
		b->dirs = grown;
		b->dirs_cap = cap;
	}
	b->dirs[b->ndirs++] = ino;
}

static void want_action(struct batch *b, enum action_kind kind, uint64_t parent,
			uint64_t ino, const char *name)
{
	if (b->nacts == b->acts_cap) {
		size_t cap = b->acts_cap ? b->acts_cap * 2 : 16;
		struct action *grown = talloc_realloc(b->ctx, b->acts, struct action, cap);

		if (!grown)
			return;
		b->acts = grown;
		b->acts_cap = cap;
	}
	b->acts[b->nacts++] = (struct action){
		.kind = kind, .parent = parent, .ino = ino,
		.name = name ? talloc_strdup(b->ctx, name) : NULL,
	};
}

/* .iokit/entries lists every entry: its cached listing goes stale when
 * entries come or go. */
static void want_entries_dir(struct batch *b)
{
	struct fs_ident iokit = { .kind = FS_IOKIT, .plane = REG_NO_PLANE };
	struct fs_ident entries = { .kind = FS_ENTRIES, .plane = REG_NO_PLANE };
	uint64_t ino = inode_table_get(b->fs->inodes, INODE_ROOT, &iokit, ".iokit", 0);

	if (ino)
		ino = inode_table_get(b->fs->inodes, ino, &entries, "entries", 0);
	if (ino)
		want_dir(b, ino);
}

/* What an event makes stale, as far as the inode table knows it. */
static void collect(struct batch *b, const struct queued_event *ev)
{
	struct inode_table *t = b->fs->inodes;
	struct inode_info *nodes;
	size_t n;

	switch (ev->kind) {
	case REG_EVENT_ATTACHED:
	case REG_EVENT_DETACHED:
		n = inode_table_nodes_of_entry(t, ev->parent, b->ctx, &nodes);
		for (size_t i = 0; i < n; i++)
			if (nodes[i].ident.kind == FS_ENTRY && nodes[i].ident.plane == ev->plane)
				want_dir(b, nodes[i].ino);
		/* .iokit/entries/<id> is a symlink while the entry is in a
		 * plane's tree, a directory otherwise. */
		n = inode_table_nodes_of_entry(t, ev->id, b->ctx, &nodes);
		for (size_t i = 0; i < n; i++)
			if (nodes[i].ident.kind == FS_ENTRY_LINK ||
			    (nodes[i].ident.kind == FS_ENTRY && nodes[i].ident.plane == REG_NO_PLANE)) {
				want_entries_dir(b);
				break;
			}
		break;
	case REG_EVENT_STATE_CHANGED:
		/* Names may have changed: the parents' listings tell. */
		n = inode_table_nodes_of_entry(t, ev->id, b->ctx, &nodes);
		for (size_t i = 0; i < n; i++) {
			if (nodes[i].ident.kind == FS_ENTRY && nodes[i].ident.plane != REG_NO_PLANE)
				want_dir(b, nodes[i].parent);
			else if (nodes[i].ident.kind == FS_VIEW)
				want_action(b, ACT_INVAL_ATTR, 0, nodes[i].ino, NULL);
		}
		break;
	case REG_EVENT_PROPERTY_CHANGED:
		n = inode_table_nodes_of_entry(t, ev->id, b->ctx, &nodes);
		for (size_t i = 0; i < n; i++) {
			const struct fs_ident *id = &nodes[i].ident;

			if (id->kind == FS_PROPDIR)
				want_dir(b, nodes[i].ino);
			else if (id->kind == FS_PROPFILE &&
				 (!ev->key || strcmp(ev->key, id->key) == 0))
				want_action(b, ACT_INVAL_ATTR, 0, nodes[i].ino, NULL);
		}
		break;
	case REG_EVENT_ENTRY_ADDED:
		want_entries_dir(b);
		break;
	case REG_EVENT_ENTRY_REMOVED:
		want_entries_dir(b);
		n = inode_table_nodes_of_entry(t, ev->id, b->ctx, &nodes);
		for (size_t i = 0; i < n; i++)
			if (nodes[i].ident.kind == FS_ENTRY ||
			    nodes[i].ident.kind == FS_ENTRY_LINK) {
				want_action(b, ACT_DELETE, nodes[i].parent, nodes[i].ino,
					    nodes[i].name);
				inode_table_remove(t, nodes[i].ino);
			}
		break;
	default:
		break;
	}
}

static int compare_ident(const struct fs_ident *a, const struct fs_ident *b)
{
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	if (a->plane != b->plane)
		return a->plane < b->plane ? -1 : 1;
	if (a->view != b->view)
		return a->view < b->view ? -1 : 1;
	if (!a->key || !b->key)
		return (a->key != NULL) - (b->key != NULL);
	return strcmp(a->key, b->key);
}

static int compare_dirent(const void *x, const void *y)
{
	return compare_ident(&((const struct fs_dirent *)x)->ident,
			     &((const struct fs_dirent *)y)->ident);
}

/* Compares what the kernel may have cached in dir with its listing now.
 * Called with the registry read lock held. */
static void refresh_dir(struct batch *b, uint64_t dir)
{
	struct inode_info info, *known = NULL;
	struct fs_dirent *items = NULL;
	void *tmp = talloc_new(b->ctx);
	ssize_t n;
	size_t nknown;

	if (!inode_table_info(b->fs->inodes, dir, tmp, &info) || info.removed)
		goto out;
	/* Its cached listing (cache_readdir) is stale in any case. */
	want_action(b, ACT_INVAL_LISTING, 0, dir, NULL);
	nknown = inode_table_children(b->fs->inodes, dir, tmp, &known);
	if (nknown == 0)
		goto out;
	n = fs_tree_list(tmp, b->fs->reg, &info.ident, &items);
	if (n < 0)
		n = 0;	/* the entry is gone: every child goes */
	qsort(items, (size_t)n, sizeof(*items), compare_dirent);
	for (size_t i = 0; i < nknown; i++) {
		struct fs_dirent probe = { .ident = known[i].ident };
		const struct fs_dirent *now =
			n ? bsearch(&probe, items, (size_t)n, sizeof(*items), compare_dirent)
			  : NULL;

		if (!now) {
			want_action(b, ACT_DELETE, dir, known[i].ino, known[i].name);
			inode_table_remove(b->fs->inodes, known[i].ino);
		} else if (strcmp(now->name, known[i].name) != 0) {
			want_action(b, ACT_INVAL_ENTRY, dir, known[i].ino, known[i].name);
			inode_table_rename(b->fs->inodes, known[i].ino, now->name);
		}
	}
out:
	talloc_free(tmp);
}

/* Returns false once the kernel connection is gone. */
static bool send_actions(struct batch *b)
{
	struct fuse_session *se = b->fs->se;

	for (size_t i = 0; i < b->nacts; i++) {
		const struct action *a = &b->acts[i];
		int ret;

		switch (a->kind) {
		case ACT_DELETE:
			ret = fuse_lowlevel_notify_delete(se, a->parent, a->ino, a->name,
							  strlen(a->name));
			break;
		case ACT_INVAL_ENTRY:
			ret = fuse_lowlevel_notify_inval_entry(se, a->parent, a->name,
							       strlen(a->name));
			break;
		case ACT_INVAL_LISTING:
			ret = fuse_lowlevel_notify_inval_inode(se, a->ino, 0, 0);
			break;
		default:
			ret = fuse_lowlevel_notify_inval_inode(se, a->ino, -1, 0);
		}
		fs_stats_count(b->fs->stats, FS_OP_NOTIFY);
		if (ret == -ENOTCONN || ret == -ENODEV || ret == -EBADF)
			return false;
	}
	return true;
}

static void *notifier_main(void *data)
{
	struct notifier *n = data;
	bool connected = true;

	pthread_mutex_lock(&n->lock);
	for (;;) {
		struct queued_event *events;
		size_t count;
		uint64_t upto;
		struct batch b = { .fs = n->fs };

		struct deferred_call *calls;
		size_t ncalls;

		while (!n->stop && n->count == 0 && n->ndeferred == 0)
			pthread_cond_wait(&n->cond, &n->lock);
		if (n->count == 0 && n->ndeferred == 0 && n->stop)
			break;
		events = n->queue;
		count = n->count;
		upto = n->queued;
		n->queue = NULL;
		n->count = n->cap = 0;
		calls = n->deferred;
		ncalls = n->ndeferred;
		n->deferred = NULL;
		n->ndeferred = n->deferred_cap = 0;
		if (n->dropped) {
			fprintf(stderr, "iokitfs: notifier queue full, some cached names may "
					"stay stale until their timeout\n");
			n->dropped = false;
		}
		pthread_mutex_unlock(&n->lock);

		b.ctx = talloc_new(NULL);
		if (b.ctx && connected && n->fs->se) {
			registry_rdlock(n->fs->reg);
			for (size_t i = 0; i < count; i++)
				collect(&b, &events[i]);
			for (size_t i = 0; i < b.ndirs; i++)
				refresh_dir(&b, b.dirs[i]);
			registry_unlock(n->fs->reg);
			/* No lock held from here on. */
			connected = send_actions(&b);
		}
		talloc_free(b.ctx);
		for (size_t i = 0; i < count; i++)
			free(events[i].key);
		free(events);
		for (size_t i = 0; i < ncalls; i++)
			calls[i].fn(calls[i].data);
		free(calls);
		pthread_mutex_lock(&n->lock);
		n->sent = upto;
		pthread_cond_broadcast(&n->sent_cond);
	}
	/* Nothing more will be sent: release every waiter. */
	n->sent = n->queued;
	pthread_cond_broadcast(&n->sent_cond);
	pthread_mutex_unlock(&n->lock);
	return NULL;
}

static int notifier_destructor(struct notifier *n)
{
	pthread_mutex_destroy(&n->lock);
	pthread_cond_destroy(&n->cond);
	pthread_cond_destroy(&n->sent_cond);
	for (size_t i = 0; i < n->count; i++)
		free(n->queue[i].key);
	free(n->queue);
	free(n->deferred);
	return 0;
}

struct notifier *notifier_start(void *ctx, struct iokitfs *fs)
{
	struct notifier *n = talloc_zero(ctx, struct notifier);

	if (!n)
		return NULL;
	n->fs = fs;
	pthread_mutex_init(&n->lock, NULL);
	pthread_cond_init(&n->cond, NULL);
	pthread_cond_init(&n->sent_cond, NULL);
	talloc_set_destructor(n, notifier_destructor);
	if (pthread_create(&n->thread, NULL, notifier_main, n) != 0) {
		talloc_free(n);
		return NULL;
	}
	registry_wrlock(fs->reg);
	if (registry_add_listener(fs->reg, listener, n) != 0) {
		registry_unlock(fs->reg);
		pthread_mutex_lock(&n->lock);
		n->stop = true;
		pthread_cond_signal(&n->cond);
		pthread_mutex_unlock(&n->lock);
		pthread_join(n->thread, NULL);
		talloc_free(n);
		return NULL;
	}
	registry_unlock(fs->reg);
	return n;
}

bool notifier_defer(struct notifier *n, void (*fn)(void *data), void *data)
{
	bool ok = true;

	if (!n)
		return false;
	pthread_mutex_lock(&n->lock);
	for (size_t i = 0; i < n->ndeferred; i++)
		if (n->deferred[i].fn == fn && n->deferred[i].data == data)
			goto out;
	if (n->ndeferred == n->deferred_cap) {
		size_t cap = n->deferred_cap ? n->deferred_cap * 2 : 8;
		struct deferred_call *grown = realloc(n->deferred, cap * sizeof(*grown));

		if (!grown) {
			ok = false;
			goto out;
		}
		n->deferred = grown;
		n->deferred_cap = cap;
	}
	n->deferred[n->ndeferred++] = (struct deferred_call){ .fn = fn, .data = data };
	pthread_cond_signal(&n->cond);
out:
	pthread_mutex_unlock(&n->lock);
	return ok;
}

/* Bounded, so that a kernel lock the notifier waits for can never hold a
 * handler forever: after the limit the change shows when the notifier
 * gets through. */
#define SYNC_LIMIT_NS 2000000000LL

void notifier_sync(struct notifier *n)
{
	struct timespec until;
	uint64_t target;

	if (!n)
		return;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SYNC_LIMIT_NS / 1000000000LL;
	pthread_mutex_lock(&n->lock);
	target = n->queued;
	while (n->sent < target && !n->stop)
		if (pthread_cond_timedwait(&n->sent_cond, &n->lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&n->lock);
}

void notifier_stop(struct notifier *n)
{
	if (!n)
		return;
	registry_wrlock(n->fs->reg);
	registry_remove_listener(n->fs->reg, listener, n);
	registry_unlock(n->fs->reg);
	pthread_mutex_lock(&n->lock);
	n->stop = true;
	pthread_cond_signal(&n->cond);
	pthread_mutex_unlock(&n->lock);
	pthread_join(n->thread, NULL);
	talloc_free(n);
}
