/* Request counts per FUSE operation (see stats.h). */
#include "stats.h"

#include <inttypes.h>
#include <talloc.h>

#include "rpc.h"

static const char *const op_names[FS_OP_COUNT] = {
	[FS_OP_LOOKUP] = "lookup",
	[FS_OP_READLINK] = "readlink",
	[FS_OP_FORGET] = "forget",
	[FS_OP_GETATTR] = "getattr",
	[FS_OP_SETATTR] = "setattr",
	[FS_OP_OPENDIR] = "opendir",
	[FS_OP_READDIR] = "readdir",
	[FS_OP_READDIRPLUS] = "readdirplus",
	[FS_OP_RELEASEDIR] = "releasedir",
	[FS_OP_OPEN] = "open",
	[FS_OP_READ] = "read",
	[FS_OP_WRITE] = "write",
	[FS_OP_FLUSH] = "flush",
	[FS_OP_RELEASE] = "release",
	[FS_OP_CREATE] = "create",
	[FS_OP_UNLINK] = "unlink",
	[FS_OP_GETXATTR] = "getxattr",
	[FS_OP_LISTXATTR] = "listxattr",
	[FS_OP_SETXATTR] = "setxattr",
	[FS_OP_REMOVEXATTR] = "removexattr",
	[FS_OP_STATFS] = "statfs",
	[FS_OP_ACCESS] = "access",
	[FS_OP_IOCTL] = "ioctl",
	[FS_OP_NOTIFY] = "notify",
};

void fs_stats_count(struct fs_stats *s, enum fs_op op)
{
	__atomic_fetch_add(&s->counts[op], 1, __ATOMIC_RELAXED);
}

void fs_stats_count_rpc(struct fs_stats *s, uint32_t op)
{
	if (op >= FS_STATS_RPC_SLOTS)
		op = FS_STATS_RPC_SLOTS - 1;
	__atomic_fetch_add(&s->rpc_counts[op], 1, __ATOMIC_RELAXED);
}

char *fs_stats_render(void *ctx, struct fs_stats *s)
{
	uint64_t total = 0;
	char *out = talloc_strdup(ctx, "");

	for (int op = 0; out && op < FS_OP_COUNT; op++) {
		uint64_t n = __atomic_load_n(&s->counts[op], __ATOMIC_RELAXED);

		if (op != FS_OP_NOTIFY)
			total += n;
		out = talloc_asprintf_append(out, "%s %" PRIu64 "\n", op_names[op], n);
	}
	if (out)
		out = talloc_asprintf_append(out, "requests %" PRIu64 "\n", total);
	for (uint32_t op = 0; out && op < FS_STATS_RPC_SLOTS; op++) {
		uint64_t n = __atomic_load_n(&s->rpc_counts[op], __ATOMIC_RELAXED);

		if (n)
			out = talloc_asprintf_append(out, "rpc.%s %" PRIu64 "\n",
						     rpc_op_name(op), n);
	}
	return out;
}

void fs_stats_reset(struct fs_stats *s)
{
	for (int op = 0; op < FS_OP_COUNT; op++)
		__atomic_store_n(&s->counts[op], 0, __ATOMIC_RELAXED);
	for (int op = 0; op < FS_STATS_RPC_SLOTS; op++)
		__atomic_store_n(&s->rpc_counts[op], 0, __ATOMIC_RELAXED);
}
