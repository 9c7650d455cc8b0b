/* The iokitfs daemon's shared state and the kinds of nodes it presents.
 *
 * Every file or directory of the mount is a node: a view of one registry
 * entry (or of the daemon itself) reached through one parent.  The kind and
 * the identity below say what it shows; the inode table (inode_table.h)
 * gives each (parent, identity) pair a stable inode number. */
#ifndef IOKITFS_FS_FS_H
#define IOKITFS_FS_FS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "config.h"
#include "registry.h"

enum fs_kind {
	FS_MOUNT_ROOT = 1,	/* Root entry, no plane: plane dirs, .iokit */
	FS_ENTRY,		/* entry in plane (REG_NO_PLANE: .iokit/entries/<id>) */
	FS_PROPDIR,		/* .properties of entry */
	FS_PROPFILE,		/* .properties/<key> */
	FS_VIEW,		/* generated file of an entry (enum fs_view) */
	FS_IOKIT,		/* .iokit */
	FS_ENTRIES,		/* .iokit/entries */
	FS_STATS,		/* .iokit/stats */
	FS_VERSION,		/* .iokit/version */
	FS_CONTROL,		/* .iokit/control: libIOKit's calls (rpc_file.c) */
	FS_UEVENT,		/* .iokit/uevent: device events for the live source */
	FS_NOTIFY,		/* .iokit/notify: a notification port per open */
	FS_WATCH,		/* .iokit/watch: every change as a line of text */
	FS_CONNECT,		/* .iokit/connect: a user-client connection per open */
	FS_CONNECTIONS,		/* .iokit/connections: the open connections (uc_table.h) */
	FS_CONN_DIR,		/* .iokit/connections/<id> */
	FS_CONN_INFO,		/* .iokit/connections/<id>/info */
	FS_CONN_MEMDIR,		/* .iokit/connections/<id>/memory */
	FS_CONN_MEM,		/* .iokit/connections/<id>/memory/<view: type> */
	FS_LASTERROR,		/* .iokit/lasterror: the reader's last refused change */
	FS_ENTRY_LINK,		/* .iokit/entries/<id>: symlink to the entry in its first plane */
};

enum fs_view {
	FS_VIEW_IOREG = 1,
	FS_VIEW_PLIST,
	FS_VIEW_CLASS,
	FS_VIEW_SUPERCLASSES,
	FS_VIEW_ID,
	FS_VIEW_STATE,
	FS_VIEW_BUSY,
	FS_VIEW_RETAIN,
	FS_VIEW_PATH,
	FS_VIEW_COUNT_PLUS_ONE,
};

/* What a node shows.  key is set for FS_PROPFILE only. */
struct fs_ident {
	enum fs_kind kind;
	uint64_t id;		/* registry ID of the entry shown */
	int plane;		/* plane of the view, or REG_NO_PLANE */
	int view;		/* enum fs_view for FS_VIEW, else 0 */
	const char *key;	/* property key for FS_PROPFILE, else NULL */
};

static inline bool fs_kind_is_dir(enum fs_kind kind)
{
	return kind == FS_MOUNT_ROOT || kind == FS_ENTRY || kind == FS_PROPDIR ||
	       kind == FS_IOKIT || kind == FS_ENTRIES || kind == FS_CONNECTIONS ||
	       kind == FS_CONN_DIR || kind == FS_CONN_MEMDIR;
}

/* Nodes that show a registry entry (their id must still exist). */
static inline bool fs_kind_has_entry(enum fs_kind kind)
{
	return kind == FS_MOUNT_ROOT || kind == FS_ENTRY || kind == FS_PROPDIR ||
	       kind == FS_PROPFILE || kind == FS_VIEW || kind == FS_ENTRY_LINK;
}

struct inode_table;
struct fs_stats;
struct notifier;
struct open_handles;
struct fuse_session;
struct source_live;
struct notify_hub;
struct fs_quota;
struct fs_last_errors;

struct iokitfs {
	struct registry *reg;
	struct inode_table *inodes;
	struct fs_stats *stats;
	struct notifier *notifier;
	struct open_handles *handles;	/* what the kernel holds (open_handles.h) */
	struct fuse_session *se;
	bool read_only;		/* -o ro: the mount refuses every change */
	bool no_opendir;	/* the kernel takes ENOSYS from opendir (ops_dir.c) */
	uid_t uid;		/* owner of every node */
	gid_t gid;
	double timeout;		/* entry and attribute cache lifetime, seconds */
	struct timespec mount_time;
	size_t max_write;	/* negotiated at init */
	unsigned proto_major, proto_minor;
	const char *sources;	/* for .iokit/version: what was loaded */
	struct source_live *live; /* the linux source, kept current; or NULL */
	struct notify_hub *notify; /* notification ports (notify_file.h) */
	struct fs_quota *quota;	/* per-uid bounds (quota.h); NULL: none */
	struct fs_last_errors *last_errors; /* per-uid refusals (last_error.h) */
};

#define IOKITFS_VERSION_STRING PACKAGE_VERSION	/* config.h, from configure.ac */

#endif
