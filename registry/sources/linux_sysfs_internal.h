/* What the live Linux source's files share: the source's state, a device
 * as read from sysfs, and the class map's interface.  Not for other
 * modules: they use linux_sysfs.h. */
#ifndef IOKITFS_SOURCES_LINUX_SYSFS_INTERNAL_H
#define IOKITFS_SOURCES_LINUX_SYSFS_INTERNAL_H

#include <pthread.h>
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linux_sysfs.h"
#include "registry.h"

/* Limits that keep a hostile or odd sysfs (or fixture) from costing more
 * than it should.  Text attributes are at most a page; binary ones may be
 * larger, and are cut off (and listed as skipped) beyond this. */
#define LX_MAX_ATTR_BYTES	65536
#define LX_MAX_ATTRS_PER_DEVICE	4096
#define LX_MAX_GROUP_DEPTH	2	/* power/, queue/iosched/ */
#define LX_MAX_GROUP_PREFIX	(LX_MAX_GROUP_DEPTH * 256 + 1)	/* "queue/iosched/" */
#define LX_MAX_WALK_DEPTH	64
#define LX_MAX_DEVPATH		3000	/* fits an event line in PIPE_BUF */

/* One entry the source made, by sysfs devpath. */
struct lx_node {
	char *devpath;		/* "/devices/..." */
	uint64_t id;		/* registry ID */
	char *subsystem;	/* NULL for a glue directory */
	bool glue;		/* a directory with no uevent, kept for shape */
	size_t hash;		/* of devpath */
	struct lx_node *next;	/* hash chain */
};

struct linux_source {
	struct registry *reg;
	char *root;			/* sysfs root, no trailing '/' */
	bool real_sys;			/* root is the running kernel's /sys */
	bool hotplug;
	char *machine_id_path;		/* NULL: no such fallback (see options) */
	char *dbus_machine_id_path;
	char *state_dir;		/* NULL: no kept UUID */
	char *sessions_dir, *utmp_path;	/* NULL: no console users source */
	char *platform_uuid;		/* as published, for IOResources */
	uint64_t resources_id;		/* the IOResources entry, or 0 */
	uint32_t console_seed;		/* IOConsoleUsersSeed */
	size_t class_count_seen;	/* nnodes when IOKitDiagnostics was made */
	bool loading;			/* linux_source_load is running */
	uint64_t primary_eth_id;	/* the IOPrimaryInterface, or 0 */
	int64_t primary_ifindex;
	int service_plane;
	int dt_plane;			/* -1 when there is no device tree */
	int acpi_plane;			/* -1 until an ACPI device appears */
	uint64_t platform_id;		/* the IOPlatformExpertDevice */

	/* /devices is on sysfs, tmpfs or ramfs with nothing mounted below it:
	 * there a getdents64 that left room for one more record, and a read
	 * that returned less than asked, reached the end (those file systems
	 * fill the buffer until the end), so the call that would return 0
	 * is not made. */
	bool short_is_end;

	struct lx_node **buckets;
	size_t nbuckets, nnodes;
	pthread_mutex_t rescan_lock;	/* one load or rescan at a time */

	/* hot-plug (linux_hotplug.c) */
	bool running;
	pthread_t thread;
	int event_pipe[2];		/* [0] read by the thread, [1] injected */
	int stop_pipe[2];
	struct udev *udev;
	struct udev_monitor *monitor;
	int netlink_fd;			/* rtnetlink link changes, or -1 */
	int inotify_fd;			/* console users files, or -1 */
	unsigned long events_handled;	/* under rescan_lock */
};

/* One name of a directory listing, with its type as getdents gave it
 * (DT_UNKNOWN when the file system does not say) and, for a
 * subdirectory once asked (lx_dirent_uevent), what its uevent is. */
enum { LX_UEVENT_UNKNOWN = -1, LX_UEVENT_ABSENT, LX_UEVENT_OTHER, LX_UEVENT_FILE };
struct lx_subdir;
struct lx_dirent {
	const char *name;
	unsigned char type;		/* DT_* */
	signed char uevent;		/* LX_UEVENT_* */
	/* A subdirectory the attribute reader opened and listed (a group
	 * such as power/), kept for the walk, which goes into every
	 * subdirectory; NULL when not opened.  Owned by the listing. */
	struct lx_subdir *sub;
};

/* A directory's names, "." and ".." left out, sorted (sysfs lists in hash
 * order; sorted names give every load of a tree the same order). */
struct lx_listing {
	struct lx_dirent *ents;
	size_t count;
	/* The directory is on a file system where a short read or listing is
	 * the end (see linux_source.short_is_end); its subdirectories too. */
	bool short_is_end;
};

/* An open subdirectory and its listing; freeing it closes fd. */
struct lx_subdir {
	int fd;
	struct lx_listing ls;
};

/* A device directory as read from sysfs, before it becomes an entry. */
struct lx_device {
	const char *root;
	char *devpath;
	char *syspath;			/* root + devpath */
	char *kernel_name;		/* last path component */
	char *subsystem;		/* NULL when there is no subsystem link */
	char *driver;
	char *devtype;			/* uevent DEVTYPE */
	char *of_path;			/* device-tree node path, or NULL */
	char *acpi_path;		/* firmware_node/path, or NULL */
	const char *ancestors;		/* ":pci:usb:" subsystems above it */
	struct reg_value *uevent;	/* dict KEY -> string */
	struct reg_value *attrs;	/* dict file -> string|data|dict */
	struct reg_value *skipped;	/* dict file -> reason */
	/* The directory's names, and its parent directory's when the walk
	 * knows them (else NULL): a path that starts with a name missing
	 * there cannot be opened, so it is not tried.  Not owned. */
	const struct lx_listing *listing, *parent_listing;
};

/* What a device becomes. */
struct lx_entry_spec {
	char *name;
	char *location;				/* or NULL */
	const char *const *classes;		/* most derived first */
	size_t nclasses;
	struct reg_value *props;		/* REG_DICT */
	char *acpi_name;			/* name in IOACPIPlane, or NULL */
	char *acpi_location;
};

/* linux_sysfs_attr.c: safe reading. */
bool lx_attr_denied(const char *name);
struct lx_device *lx_device_read(void *ctx, const char *root, const char *devpath,
				 const char *ancestors, bool short_is_end);
/* The same for a directory the caller has open and listed (the walk);
 * ls must outlive the device (read_dir notes uevent states in it). */
struct lx_device *lx_device_read_at(void *ctx, const char *root, const char *devpath,
				    const char *ancestors, int dirfd, struct lx_listing *ls);
/* Lists dirfd (freshly opened, read from offset 0) on ctx.  0 or -1. */
int lx_list_dir(void *ctx, int dirfd, struct lx_listing *out, bool short_is_end);
/* The entry for name, or NULL (binary search). */
struct lx_dirent *lx_listing_find(const struct lx_listing *ls, const char *name);
/* Opens name below dirfd and lists it (on ctx; freeing it closes the
 * descriptor).  NULL with errno set on failure. */
struct lx_subdir *lx_subdir_open(void *ctx, int dirfd, const char *name, bool short_is_end);
/* Whether root/devices is a tree where short_is_end holds. */
bool lx_short_is_end(const char *root);
/* LX_UEVENT_* for the subdirectory ent of dirfd (listed in ls), found
 * once and remembered in ent.  The subdirectory may be opened and kept
 * in ent->sub for the walk. */
int lx_dirent_uevent(const struct lx_listing *ls, int dirfd, struct lx_dirent *ent);
/* Text of an attribute: "queue/logical_block_size" (read earlier),
 * "uevent:KEY", "@name" (the kernel name), or a path through a link such
 * as "device/model" (read now, safely).  NULL when absent.  Allocated on
 * dev when read now. */
const char *lx_device_text(struct lx_device *dev, const char *source);
/* Reads a small file whole (NUL-terminated, trailing newline cut); NULL
 * on any error.  *len gets the length before the cut when not NULL. */
char *lx_read_file(void *ctx, const char *path, size_t cap, size_t *len);
/* The same, bytes as they are (no newline cut): binary files. */
char *lx_read_bytes(void *ctx, const char *path, size_t cap, size_t *len);
bool lx_is_device_dir(const char *root, const char *devpath);
char *lx_link_basename(void *ctx, const char *dir, const char *link);

/* linux_class_map.c: sysfs to IOKit. */
int lx_build_entry(void *ctx, struct lx_device *dev, struct lx_entry_spec *out);
/* The entry of a glue directory ("virtual", "system"). */
int lx_build_glue(void *ctx, const char *devpath, struct lx_entry_spec *out);
/* A property's value for a settable key, parsed from text as the class map
 * does; used by the driver after a write. */

/* linux_sysfs.c: the node table and apply step, for the other files. */
struct lx_node *lx_node_find(struct linux_source *src, const char *devpath);
struct reg_entry *lx_node_entry(struct linux_source *src, const struct lx_node *n);
/* Sets IORegistryPlanes on Root (write lock held). */
int lx_update_planes_property(struct linux_source *src);

/* linux_platform.c */
int lx_platform_create(struct linux_source *src, struct reg_parse_error *err);

/* linux_resources.c: the IOResources service and Root's keys (write lock
 * NOT held: they take it).  lx_resources_create runs after the walk;
 * lx_resources_refresh_users re-reads the console users,
 * lx_resources_refresh_diagnostics the class counts (write lock held). */
int lx_resources_create(struct linux_source *src, struct reg_parse_error *err);
void lx_resources_refresh_users(struct linux_source *src);
void lx_resources_refresh_diagnostics(struct linux_source *src);

/* linux_smbios.c: the AppleSMBIOS service from /sys/firmware/dmi/tables
 * (write lock NOT held); 0 also when there are no tables. */
int lx_smbios_create(struct linux_source *src, struct reg_parse_error *err);

/* linux_smc.c: binds the AppleSMC driver with the applesmc sysfs key
 * table to e (write lock held).  Returns 0 or -errno. */
int lx_smc_attach(struct linux_source *src, struct reg_entry *e, const char *syspath);

/* linux_devicetree.c: adds the IODeviceTree plane when the device tree
 * exists; 0 also when it does not. */
int lx_devicetree_load(struct linux_source *src, struct reg_parse_error *err);
/* The device-tree root's directory, or NULL when absent. */
char *lx_devicetree_base(void *ctx, const char *root);

/* linux_acpi.c: puts an ACPI device entry in IOACPIPlane (write lock). */
int lx_acpi_attach(struct linux_source *src, struct reg_entry *e,
		   const char *devpath, const struct lx_entry_spec *spec);

/* linux_driver.c: the setProperties policy for writable attributes. */
extern const struct reg_driver lx_sysfs_driver;
struct lx_driver_data {
	char *syspath;		/* sysfs directory of the device */
	char *subsystem;
};
/* PCI devices get lx_pci_driver: the same policy plus their user client
 * (linux_pci_client.c: config space and BARs, root only). */
extern const struct reg_driver lx_pci_driver;
struct reg_user_client_ops;
extern const struct reg_user_client_ops lx_pci_user_client;

/* Whether an entry built from spec gets the driver. */
bool lx_entry_has_settable(const char *subsystem, const struct reg_value *props);

/* linux_hotplug.c */
void lx_hotplug_stop(struct linux_source *src);

/* The names in d (which is closed), sorted; "." and ".." left out, and
 * with LX_LIST_SUBDIRS every dot-name and non-directory too. */
enum lx_list_filter { LX_LIST_ALL, LX_LIST_SUBDIRS };
char **lx_sorted_names(void *ctx, DIR *d, enum lx_list_filter filter, size_t *count);

#endif
