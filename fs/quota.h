/* Per-uid quotas: what one local user may make the daemon hold.
 *
 * The daemon serves every user of an allow_other mount from one process;
 * these bounds keep one user from exhausting its memory, its worker
 * threads or its tables for everyone else (docs/security.md).  Root is not
 * limited (it owns the daemon anyway).  Per uid:
 *   staged     bytes of requests written but not yet run and of replies
 *              not yet read back, over all the uid's open message files;
 *   in_flight  message-file requests running at once (each holds one of
 *              the daemon's worker threads);
 *   subs       notification subscriptions;
 *   conns      open user-client connections;
 *   ports      open notification ports and watch streams (each holds a
 *              queue of up to `queue` events, and its ring is one
 *              allocation of the daemon's address space).
 * Per open notification port: queue, the events it holds before it drops
 * them with an overflow record.
 *
 * Defaults below; mount options max_staged=, max_inflight=, max_queue=,
 * max_subscriptions=, max_connections=, max_ports= change them (0 is "no limit").
 *
 * Locking: its own mutex, a leaf lock.  Error convention: take returns
 * true when granted. */
#ifndef IOKITFS_FS_QUOTA_H
#define IOKITFS_FS_QUOTA_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fs_quota_limits {
	unsigned long staged;
	unsigned long in_flight;
	unsigned long queue;
	unsigned long subs;
	unsigned long conns;
	unsigned long ports;
};

#define FS_QUOTA_DEFAULT_STAGED (64ul * 1024 * 1024)
#define FS_QUOTA_DEFAULT_IN_FLIGHT 8ul
#define FS_QUOTA_DEFAULT_QUEUE 4096ul
#define FS_QUOTA_DEFAULT_SUBS 4096ul
#define FS_QUOTA_DEFAULT_CONNS 64ul
#define FS_QUOTA_DEFAULT_PORTS 256ul

enum fs_quota_kind {
	FS_QUOTA_STAGED,
	FS_QUOTA_IN_FLIGHT,
	FS_QUOTA_SUBS,
	FS_QUOTA_CONNS,
	FS_QUOTA_PORTS,
};

struct fs_quota;

/* The defaults, with every field of limits that is not ~0ul taken instead
 * (~0ul: option not given). */
struct fs_quota *fs_quota_new(void *ctx, const struct fs_quota_limits *limits);
const struct fs_quota_limits *fs_quota_limits(const struct fs_quota *q);
/* Takes n units of kind for uid; false (nothing taken) past the limit.
 * q NULL grants everything. */
bool fs_quota_take(struct fs_quota *q, uid_t uid, enum fs_quota_kind kind, size_t n);
/* Gives back what take granted. */
void fs_quota_give(struct fs_quota *q, uid_t uid, enum fs_quota_kind kind, size_t n);
/* What uid holds now (tests, .iokit/stats). */
size_t fs_quota_used(struct fs_quota *q, uid_t uid, enum fs_quota_kind kind);

#endif
