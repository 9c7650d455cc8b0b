/* Request counts per FUSE operation, for benchmarks and .iokit/stats.
 * Lock-free: relaxed atomic counters. */
#ifndef IOKITFS_FS_STATS_H
#define IOKITFS_FS_STATS_H

#include <stddef.h>
#include <stdint.h>

enum fs_op {
	FS_OP_LOOKUP,
	FS_OP_READLINK,
	FS_OP_FORGET,
	FS_OP_GETATTR,
	FS_OP_SETATTR,
	FS_OP_OPENDIR,
	FS_OP_READDIR,
	FS_OP_READDIRPLUS,
	FS_OP_RELEASEDIR,
	FS_OP_OPEN,
	FS_OP_READ,
	FS_OP_WRITE,
	FS_OP_FLUSH,
	FS_OP_RELEASE,
	FS_OP_CREATE,
	FS_OP_UNLINK,
	FS_OP_GETXATTR,
	FS_OP_LISTXATTR,
	FS_OP_SETXATTR,
	FS_OP_REMOVEXATTR,
	FS_OP_STATFS,
	FS_OP_ACCESS,
	FS_OP_IOCTL,		/* .iokit/control calls (libIOKit) */
	FS_OP_NOTIFY,		/* notifications sent to the kernel */
	FS_OP_COUNT,
};

/* Control-file calls are also counted per registry operation (enum
 * rpc_op); unknown ops share the last slot. */
#define FS_STATS_RPC_SLOTS 32

struct fs_stats {
	uint64_t counts[FS_OP_COUNT];
	uint64_t rpc_counts[FS_STATS_RPC_SLOTS];
};

void fs_stats_count(struct fs_stats *s, enum fs_op op);
/* One control-file call of registry operation op (rendered "rpc.<name> N"
 * for the ops that were called; not part of "requests", which counts the
 * ioctl itself). */
void fs_stats_count_rpc(struct fs_stats *s, uint32_t op);
/* "lookup 12\n..." and "requests N\n" (all but notify), on ctx. */
char *fs_stats_render(void *ctx, struct fs_stats *s);
void fs_stats_reset(struct fs_stats *s);

#endif
