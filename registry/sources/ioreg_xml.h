/* `ioreg -a` XML archives: loading them into a registry, and building them
 * from one (for our ioreg -a and the daemon's plist view).
 *
 * The archive (docs/iokit-semantics.md §7) is one dictionary per entry, nested
 * through IORegistryEntryChildren, holding the entry's properties (when
 * ioreg was given -l) alongside these keys:
 *   IORegistryEntryName      string   name in the plane
 *   IORegistryEntryLocation  string   location in the plane (absent: none)
 *   IORegistryEntryID        integer  registry ID
 *   IOObjectClass            string   class
 *   IOObjectInheritance      array    class chain, base first, without
 *                                     OSObject (ioreg -i); the class itself
 *                                     is its last member
 *   IOObjectRetainCount      integer  retain count
 *   IOServiceState           integer  state bits (IOService objects only)
 *   IOServiceBusyState       integer  busy count (IOService only)
 *   IOServiceBusyTime        integer  accumulated busy nanoseconds (IOService)
 *   IORegistryEntryChildren  array    the children's dictionaries
 * A property whose key is one of these cannot be told from them and is
 * taken as the entry's own field (ioreg itself overwrites such properties).
 *
 * Loading.  The top-level object is Root's dictionary, or (ioreg -r) an
 * array of subtree dictionaries: each is attached under Root, except one
 * whose IORegistryEntryID is Root's (ioreg -r -t wraps each subtree in its
 * ancestors, starting from Root), which is merged into Root.  Entries are
 * matched by registry ID with entries already in reg, so the planes of one
 * machine load into one registry: an entry seen again is attached in the new
 * plane, with a per-plane name or location where it differs from its global
 * one ("" for no location in this plane); its properties are kept, or filled
 * if it had none.  An entry without IORegistryEntryID gets a new ID.  An
 * entry with several parents appears under each of them (as ioreg prints
 * it); it is one entry attached to each, its children taken from all its
 * appearances.  Links are attached breadth-first from Root, each parent's
 * children in document order, which puts the parents of a multi-parent
 * entry in breadth-first order (the order .ioreg archives store them in).
 * Integer widths follow the size attribute when present (our own writer's
 * extension), otherwise reg_number_default_width; nesting may be up to
 * REG_XML_MAX_DEPTH_LIMIT levels (two per registry level).  The caller holds
 * the registry's write lock; on error entries loaded so far stay in reg.
 *
 * Writing.  ioreg_archive_dict builds the dictionary of the subtree at e in
 * plane, as `ioreg -a [-l] [-i]` does: properties (when with_properties) in
 * the model's order, then the keys above (numbers with the default width,
 * as CF's XML has none); an entry with several parents appears under each.
 * reg_value_to_xml(ctx, dict, 0, ...) (dictionary order kept) reads back
 * with source_load_ioreg_xml into the same model for that plane: IDs, names
 * and locations in the plane, classes (with with_inheritance: the chains),
 * state, busy count and time, retain count, the topology including the
 * order of children and of parents, and properties identical in order and
 * number widths (symbols become strings).  With REG_XML_SORT_KEYS (CF's
 * layout, what macOS ioreg -a prints) property order is lost. */
#ifndef IOKITFS_REGISTRY_SOURCES_IOREG_XML_H
#define IOKITFS_REGISTRY_SOURCES_IOREG_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "parse_error.h"
#include "registry.h"

/* plane NULL: told from the content (IODeviceTree when Root's first child
 * is "/" or "device-tree", else IOService).  The plane is created if needed.  Returns 0, or -1
 * with err set (line and byte offset for XML errors). */
int source_load_ioreg_xml(struct registry *reg, const char *buf, size_t len,
			  const char *plane, struct reg_parse_error *err);

/* The ioreg -a archive of the subtree at e in plane (with properties when
 * with_properties, IOObjectInheritance when with_inheritance), allocated
 * on ctx; NULL when out of memory or e is not in plane.  Caller holds at
 * least the read lock. */
struct reg_value *ioreg_archive_dict(void *ctx, struct registry *reg, struct reg_entry *e,
				     int plane, bool with_properties, bool with_inheritance);

#endif
