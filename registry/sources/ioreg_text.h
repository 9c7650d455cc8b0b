/* Loading `ioreg -l -w0` text (one plane per file) into a registry.
 *
 * What the text gives and how it is kept:
 * - header "+-o name@location  <class C, id 0x..., registered, matched,
 *   active, busy N (T ms), retain R>": name and location split at the LAST
 *   '@' (locations are driver-made hex/comma strings, names come from
 *   IOName and may hold anything, including '@' and '/'); the class (or,
 *   from `ioreg -i`, the chain "Base:...:Class"); state; busy count; busy
 *   time (T ms as T * 1,000,000 ns; "(0 ms)", a non-zero time under a
 *   millisecond, as 1 ns so that it prints again as "(0 ms)"); retain.
 *   Entries whose header has the state fields are IOService objects: if
 *   their class is not known to derive from IOService it is declared as a
 *   direct subclass of IOService.  "retain count N" (old ioreg) is accepted.
 * - the tree, from the column of "+-o" (two columns per level).  An entry
 *   printed twice (several parents in one plane, as ioreg shows them) is one
 *   entry attached to each parent; its properties come from its first
 *   appearance.
 * - property blocks, parsed in REG_LITERAL_IOREG style, in file order.  A
 *   value may span lines (strings hold raw newlines).  A value that does not
 *   parse but contains "**" is taken as redacted by whoever published the
 *   dump (serial numbers and MAC addresses often are) and kept as a string
 *   of its raw text; it is counted in stats->redacted.
 * Text loses number widths (reg_number_default_width applies) and the
 * difference between "a" and "a\0" in <"a"> data (NUL-terminated wins).
 * `ioreg -x` output loads (hex numbers parse); `ioreg -f` output (hex dumps
 * and decoded "reg"/"ranges" lines) does not, and fails with an error.
 *
 * Merging: entries are matched by registry ID with entries already in reg,
 * so the files of one machine (one per plane) load into one registry.  An
 * entry seen again gets attached in the new plane, with a per-plane name or
 * location where it differs from the global one (an entry with a location
 * in one plane and none in another gets "" in that plane); its properties
 * are kept, or filled if it had none.  Root's header and block update the
 * registry's Root (registry_root).  Depth-0 entries other than Root (from
 * `ioreg -r`) are attached under Root.
 *
 * Errors (set in err, with 1-based line and byte offset, the load stops;
 * entries loaded up to there stay in reg): not ioreg text, malformed header,
 * bad indentation, bad value, lines clipped by `ioreg -w` ("line truncated
 * by ioreg -w; re-run with -w0"). */
#ifndef IOKITFS_REGISTRY_SOURCES_IOREG_TEXT_H
#define IOKITFS_REGISTRY_SOURCES_IOREG_TEXT_H

#include <stddef.h>

#include "load_warnings.h"
#include "parse_error.h"
#include "registry.h"

struct ioreg_text_stats {
	size_t headers;		/* "+-o" lines */
	size_t new_entries;	/* entries created */
	size_t merged_entries;	/* headers that named an entry already in reg */
	size_t properties;	/* property lines parsed */
	size_t redacted;	/* of which kept as raw text */
	int plane;		/* index of the plane loaded */
};

/* Loads one plane's tree from ioreg text into reg (which already has Root).
 * plane NULL: infer it (a tree whose Root child is named "/" is IODeviceTree;
 * otherwise IOService).  The plane is created if needed.  The caller holds
 * the registry's write lock.  Returns 0 or -1. */
int source_load_ioreg_text(struct registry *reg, const char *buf, size_t len,
			   const char *plane, struct reg_parse_error *err);

/* The same, filling stats (which may be NULL). */
int source_load_ioreg_text_stats(struct registry *reg, const char *buf, size_t len,
				 const char *plane, struct ioreg_text_stats *stats,
				 struct reg_parse_error *err);

/* The plane a text dump shows when none is named: IODeviceTree when Root's
 * first child is "/" (Intel) or "device-tree" (Apple Silicon), else
 * IOService. */
const char *source_ioreg_text_plane(const char *buf, size_t len);

/* The same, lenient when warn is not NULL (docs/dumps.md): each oddity
 * recovered is recorded in warn (or, when warn->strict, fails the load):
 * strings ioreg could not print, <"..."> data holding quotes, redacted
 * values, MacRoman text (decoded; a file of valid UTF-8 is read as UTF-8),
 * lines clipped by ioreg -w (values unknown, headers cut), text before the
 * first or after the last entry, and any line that does not parse (skipped;
 * an entry whose header fails is skipped with its block, its children go to
 * its parent).  Without warn: as source_load_ioreg_text_stats, which
 * refuses all of these. */
int source_load_ioreg_text_warn(struct registry *reg, const char *buf, size_t len,
				const char *plane, struct ioreg_text_stats *stats,
				struct load_warnings *warn, struct reg_parse_error *err);

#endif
