/* The live Linux source: this machine's hardware, read from sysfs, in the
 * shape of an I/O Registry (docs/linux-source.md), kept current by a udev
 * monitor thread.
 *
 * Devices keep their registry IDs for as long as their sysfs directory
 * exists; every change goes through the registry's mutators under its
 * write lock, so listeners (the FUSE layer) hear of it. */
#ifndef IOKITFS_SOURCES_LINUX_SYSFS_H
#define IOKITFS_SOURCES_LINUX_SYSFS_H

#include <stdbool.h>

#include "parse_error.h"
#include "registry.h"

struct linux_source;

struct linux_source_options {
	const char *sysfs_root;	/* NULL = "/sys" */
	bool hotplug;		/* linux_source_start follows udev events */
	/* IOPlatformUUID when DMI has none: the first of machine_id_path,
	 * dbus_machine_id_path, a UUID kept in state_dir/platform-uuid
	 * (generated once), a UUID generated for this load (with a warning on
	 * stderr).  NULL = the defaults (/etc/machine-id,
	 * /var/lib/dbus/machine-id, /var/lib/iokitfs) for the real /sys, none
	 * for another sysfs_root (a fixture says its own); "" = none. */
	const char *machine_id_path;
	const char *dbus_machine_id_path;
	const char *state_dir;
	/* IOConsoleUsers: logind's session files, else utmp.  NULL = the
	 * defaults (/run/systemd/sessions, /var/run/utmp) for the real /sys,
	 * none for another root; "" = none. */
	const char *sessions_dir;
	const char *utmp_path;
};

/* Where the real /sys's defaults keep the generated platform UUID. */
#define LINUX_SOURCE_DEFAULT_STATE_DIR "/var/lib/iokitfs"

/* Fills reg (which already has Root) with this machine; returns NULL with
 * err set on failure.  The source is allocated on ctx; freeing it (or ctx)
 * stops its thread. */
struct linux_source *linux_source_load(void *ctx, struct registry *reg,
				       const struct linux_source_options *opts,
				       struct reg_parse_error *err);

/* Starts the hot-plug thread: a libudev monitor ("udev" events, or
 * "kernel" events when no udevd runs) for the real /sys, and for every
 * root a queue fed by linux_source_inject_event.  Does nothing unless
 * opts->hotplug was set.  Returns 0 or -errno. */
int linux_source_start(struct linux_source *src);
void linux_source_stop(struct linux_source *src);

/* Re-reads one device directory (devpath as udev gives it, relative to the
 * sysfs root: "/devices/pci0000:00/0000:00:02.0") and adds, changes or
 * removes its entry (with its descendants when it is gone).  Synchronous.
 * Returns 0, or -errno (-EINVAL for a devpath outside /devices). */
int linux_source_rescan(struct linux_source *src, const char *devpath);

/* Queues an event ("add", "change", "remove", "move" with old_devpath) for
 * the hot-plug thread, as udev would deliver it; for fixture roots, which
 * have no udev.  old_devpath may be NULL except for "move".  Returns 0 or
 * -errno (-ENOTCONN when the thread is not running). */
int linux_source_inject_event(struct linux_source *src, const char *action,
			      const char *devpath, const char *old_devpath);

/* Events handled by the hot-plug thread so far (tests wait on it). */
unsigned long linux_source_events_handled(struct linux_source *src);

/* The registry ID of the entry for devpath, or 0.  Takes the read lock. */
uint64_t linux_source_entry_id(struct linux_source *src, const char *devpath);

#endif
