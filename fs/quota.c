/* Per-uid quotas (quota.h). */
#include "quota.h"

#include <pthread.h>
#include <stdlib.h>
#include <talloc.h>

#define KINDS 5

struct uid_use {
	uid_t uid;
	size_t used[KINDS];
};

struct fs_quota {
	pthread_mutex_t lock;
	struct fs_quota_limits limits;
	struct uid_use *uids;	/* on q; a handful of users in practice */
	size_t nuids;
};

static int quota_destructor(struct fs_quota *q)
{
	pthread_mutex_destroy(&q->lock);
	return 0;
}

struct fs_quota *fs_quota_new(void *ctx, const struct fs_quota_limits *limits)
{
	struct fs_quota *q = talloc_zero(ctx, struct fs_quota);
	struct fs_quota_limits d = {
		.staged = FS_QUOTA_DEFAULT_STAGED,
		.in_flight = FS_QUOTA_DEFAULT_IN_FLIGHT,
		.queue = FS_QUOTA_DEFAULT_QUEUE,
		.subs = FS_QUOTA_DEFAULT_SUBS,
		.conns = FS_QUOTA_DEFAULT_CONNS,
		.ports = FS_QUOTA_DEFAULT_PORTS,
	};

	if (!q)
		return NULL;
	if (limits) {
		if (limits->staged != ~0ul)
			d.staged = limits->staged;
		if (limits->in_flight != ~0ul)
			d.in_flight = limits->in_flight;
		if (limits->queue != ~0ul)
			d.queue = limits->queue;
		if (limits->subs != ~0ul)
			d.subs = limits->subs;
		if (limits->conns != ~0ul)
			d.conns = limits->conns;
		if (limits->ports != ~0ul)
			d.ports = limits->ports;
	}
	q->limits = d;
	pthread_mutex_init(&q->lock, NULL);
	talloc_set_destructor(q, quota_destructor);
	return q;
}

const struct fs_quota_limits *fs_quota_limits(const struct fs_quota *q)
{
	return &q->limits;
}

static unsigned long limit_of(const struct fs_quota *q, enum fs_quota_kind kind)
{
	switch (kind) {
	case FS_QUOTA_STAGED:
		return q->limits.staged;
	case FS_QUOTA_IN_FLIGHT:
		return q->limits.in_flight;
	case FS_QUOTA_SUBS:
		return q->limits.subs;
	case FS_QUOTA_CONNS:
		return q->limits.conns;
	case FS_QUOTA_PORTS:
		return q->limits.ports;
	}
	return 0;
}

/* Lock held.  NULL when out of memory. */
static struct uid_use *use_of(struct fs_quota *q, uid_t uid, bool create)
{
	struct uid_use *grown;

	for (size_t i = 0; i < q->nuids; i++)
		if (q->uids[i].uid == uid)
			return &q->uids[i];
	if (!create)
		return NULL;
	grown = talloc_realloc(q, q->uids, struct uid_use, q->nuids + 1);
	if (!grown)
		return NULL;
	q->uids = grown;
	q->uids[q->nuids] = (struct uid_use){ .uid = uid };
	return &q->uids[q->nuids++];
}

bool fs_quota_take(struct fs_quota *q, uid_t uid, enum fs_quota_kind kind, size_t n)
{
	unsigned long limit;
	struct uid_use *u;
	bool ok = false;

	if (!q || uid == 0)
		return true;
	limit = limit_of(q, kind);
	pthread_mutex_lock(&q->lock);
	u = use_of(q, uid, true);
	if (u && (limit == 0 || (n <= limit && u->used[kind] <= limit - n))) {
		u->used[kind] += n;
		ok = true;
	}
	pthread_mutex_unlock(&q->lock);
	return ok;
}

void fs_quota_give(struct fs_quota *q, uid_t uid, enum fs_quota_kind kind, size_t n)
{
	struct uid_use *u;

	if (!q || uid == 0)
		return;
	pthread_mutex_lock(&q->lock);
	u = use_of(q, uid, false);
	if (u)
		u->used[kind] = u->used[kind] >= n ? u->used[kind] - n : 0;
	pthread_mutex_unlock(&q->lock);
}

size_t fs_quota_used(struct fs_quota *q, uid_t uid, enum fs_quota_kind kind)
{
	struct uid_use *u;
	size_t n = 0;

	if (!q)
		return 0;
	pthread_mutex_lock(&q->lock);
	u = use_of(q, uid, false);
	if (u)
		n = u->used[kind];
	pthread_mutex_unlock(&q->lock);
	return n;
}
