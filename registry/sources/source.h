/* Filling a registry from the command line's SOURCE arguments: "linux"
 * (this machine, kept live), a .ioreg archive, ioreg -l text or ioreg -a
 * XML (told apart by content), each optionally "PLANE=FILE" to name the
 * plane a text or XML dump holds; or a folder or an archive (.zip...)
 * holding dump files (dump_files.h), of which one machine's are loaded: the
 * first IORegistryExplorer archive if there is one, else the first text or
 * XML file of each plane (planes told from content); the others are
 * skipped with a warning.  Dumps load leniently (docs/dumps.md): each
 * oddity recovered is a warning in opts->warnings; with
 * opts->warnings->strict the first one fails the load. */
#ifndef IOKITFS_SOURCES_SOURCE_H
#define IOKITFS_SOURCES_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "load_warnings.h"
#include "parse_error.h"
#include "registry.h"

struct source_options {
	struct load_warnings *warnings;	/* dumps' oddities; NULL: lenient, not recorded */
	const char *sysfs_root;	/* NULL: /sys */
	bool hotplug;		/* follow udev events (linux source) */
	/* linux source: where the generated IOPlatformUUID is kept (NULL:
	 * /var/lib/iokitfs), and the machine-id file to read instead of
	 * /etc/machine-id and /var/lib/dbus/machine-id ("" or "none": none).
	 * See linux_sysfs.h. */
	const char *state_dir;
	const char *machine_id;
};

enum source_format {
	SOURCE_UNKNOWN = 0,
	SOURCE_IOREG_ARCHIVE,	/* IORegistryExplorer .ioreg (binary plist) */
	SOURCE_IOREG_XML,	/* ioreg -a */
	SOURCE_IOREG_TEXT,	/* ioreg -l */
};

struct source_live;

/* Largest dump file accepted, so a wrong path (a disk image) fails fast. */
#define SOURCE_MAX_FILE_BYTES (1024UL * 1024 * 1024)

enum source_format source_detect_format(const void *buf, size_t len);
const char *source_format_name(enum source_format f);

/* Loads every spec into reg (which must be new: only Root).  Returns 0, or
 * -1 with err->message naming the file and the line or byte offset.  When a
 * spec is "linux" and live is not NULL, *live keeps the registry current
 * until source_stop(). */
int source_load(void *ctx, struct registry *reg, const char *const *specs, size_t n,
		const struct source_options *opts, struct source_live **live,
		struct reg_parse_error *err);
/* Begins following changes (udev) once the consumer (the mount) is ready. */
int source_start(struct source_live *live);
void source_stop(struct source_live *live);

/* Feeds one device event to a live source, as udev would: text is
 * "ACTION DEVPATH" or "move DEVPATH OLD_DEVPATH" (ACTION add, change,
 * remove, move), e.g. "add /devices/pci0000:00/0000:00:1f.0".  For fixture
 * trees and machines without udev.  Returns 0 or -errno (-EINVAL for a
 * malformed line, -ENODEV when no live source runs). */
int source_inject_event(struct source_live *live, const char *text, size_t len);

/* True when a spec names the live Linux source. */
bool source_is_linux(const char *spec);

#endif
