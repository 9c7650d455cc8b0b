/* The files of /.iokit about the daemon (see control.h). */
#include "control.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

#include "inode_table.h"
#include "ioreturn.h"
#include "policy.h"
#include "sources/source.h"
#include "stats.h"

char *fs_control_render(void *ctx, struct iokitfs *fs, enum fs_kind kind, size_t *len)
{
	char *out = NULL;

	if (kind == FS_UEVENT) {
		out = talloc_strdup(ctx, "");	/* write-only: reads see nothing */
	} else if (kind == FS_STATS) {
		out = fs_stats_render(ctx, fs->stats);
	} else if (kind == FS_VERSION) {
		size_t entries, planes, bytes;

		registry_rdlock(fs->reg);
		entries = registry_entry_count(fs->reg);
		planes = registry_plane_count(fs->reg);
		bytes = registry_memory_bytes(fs->reg);
		registry_unlock(fs->reg);
		out = talloc_asprintf(ctx,
				      "iokitfs %s\n"
				      "fuse-protocol %u.%u\n"
				      "sources %s\n"
				      "mode %s\n"
				      "entries %zu\n"
				      "planes %zu\n"
				      "registry-bytes %zu\n"
				      "inodes %zu\n",
				      IOKITFS_VERSION_STRING, fs->proto_major, fs->proto_minor,
				      fs->sources ? fs->sources : "", fs->read_only ? "ro" : "rw",
				      entries, planes, bytes, inode_table_count(fs->inodes));
	}
	*len = out ? strlen(out) : 0;
	return out;
}

int fs_control_write(struct iokitfs *fs, enum fs_kind kind, const char *buf, size_t len,
		     const struct reg_caller *caller)
{
	if (kind == FS_UEVENT) {
		int ior = reg_policy_check(fs->reg, NULL, REG_CHANGE_DEVICE_EVENT, caller, 0, 0);

		if (ior != REG_IO_SUCCESS)
			return -reg_ioreturn_to_errno(ior);
		return source_inject_event(fs->live, buf, len);
	}
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (kind != FS_STATS)
		return -EACCES;
	if (len != 1 || buf[0] != '0')
		return -EINVAL;
	fs_stats_reset(fs->stats);
	return 0;
}
