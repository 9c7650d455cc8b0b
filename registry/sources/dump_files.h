/* The dump files inside a SOURCE that is not one dump file: a folder (a
 * DarwinDumper report, a "*.ioreg" folder), a .zip (or another archive
 * libarchive reads: tar, tar.gz, 7z...), archives inside those (one level
 * deeper at most twice).  Files are found by content, never by name:
 * IORegistryExplorer archives (binary plists holding RexDataStore), ioreg -a
 * XML (plists with IORegistryEntry keys), ioreg -l text (a "+-o " line near
 * the start, also inside RTF or HTML-escaped).  Everything else (viewers,
 * ACPI tables, macOS's __MACOSX/._* resource forks) is passed over; in a
 * folder, a file is read whole only when its first 64 KiB could start a
 * dump or an archive.
 *
 * The list is allocated on ctx, sorted by name; names are the SOURCE path
 * followed by the path inside it ("r.zip/IORegDump/IOReg.txt").  Limits:
 * SOURCE_MAX_FILE_BYTES per file, DUMP_FILES_MAX_TOTAL bytes read in all,
 * DUMP_FILES_MAX_ENTRIES files looked at. */
#ifndef IOKITFS_SOURCES_DUMP_FILES_H
#define IOKITFS_SOURCES_DUMP_FILES_H

#include <stdbool.h>
#include <stddef.h>

#include "parse_error.h"

#define DUMP_FILES_MAX_TOTAL (2048UL * 1024 * 1024)
#define DUMP_FILES_MAX_ENTRIES 200000

enum dump_kind {
	DUMP_NONE = 0,
	DUMP_ARCHIVE,	/* .ioreg (binary plist) */
	DUMP_XML,	/* ioreg -a */
	DUMP_TEXT,	/* ioreg -l, maybe wrapped in RTF or HTML escapes */
};

struct dump_file {
	char *name;
	char *buf;	/* the file's bytes, NUL-terminated */
	size_t len;
	enum dump_kind kind;
};

/* What a file's bytes are (strict: the kinds a folder scan accepts). */
enum dump_kind dump_kind_of(const char *buf, size_t len);

/* True when the bytes are an archive libarchive can list (zip, tar...). */
bool dump_is_container(const char *buf, size_t len);

/* Collects the dump files of a folder (path is a directory) or of a
 * container file already read into buf.  Returns the number found (0 is no
 * error: the caller says "no dump found"), or -1 with err set (unreadable
 * folder, broken archive, limits). */
long dump_files_collect(void *ctx, const char *path, const char *buf, size_t len,
			struct dump_file **out, struct reg_parse_error *err);

#endif
