/* Loading an IORegistryExplorer ".ioreg" archive (an NSKeyedArchiver binary
 * plist; docs/iokit-semantics.md §8 gives its layout) into a registry.
 *
 * What each RexRegistryEntry gives and where it goes:
 * - entryTag: the registry ID is REG_ROOT_ID + entryTag - 1.  The archive
 *   holds no kernel registry IDs (no entry's property table has
 *   "IORegistryEntryID" in the archives we have), and entryTag is
 *   IORegistryExplorer's discovery counter starting at 1 for Root, so this
 *   gives Root its usual 0x100000100 and every entry a stable ID.  Entries
 *   are created in entryTag order (the kernel's creation order, roughly),
 *   which is the order class instances are listed in for matching.
 * - isRegistryRoot: that entry is the registry's existing Root
 *   (registry_root), updated rather than created.
 * - name, location: the global name and location; namesInPlanes and
 *   locationsInPlanes: per-plane values, stored only for planes the entry is
 *   in and only where they differ from the global ones (a plane without a
 *   location where there is a global one gets "").
 * - parentsInPlanes, childrenInPlanes: the topology.  Children are attached
 *   breadth-first from Root, each parent's children in their stored order;
 *   the parent and child lists must describe the same links, every linked
 *   entry must hang from Root, and no link may repeat or form a cycle.
 *   (Parents of an entry with several are thereby attached in breadth-first
 *   order, which is the stored order in every archive we have.)
 * - inheritance (most derived first) -> registry_class_declare_chain;
 *   bundleID -> the class's bundle_id (the first one seen).
 * - kernelRetainCount -> retain; busyCount -> busy; conformsToIOService ->
 *   is_service; for services isActive/isRegistered/isMatched -> the
 *   REG_STATE_INACTIVE/REGISTERED/MATCHED bits (other entries keep state 0:
 *   IORegistryExplorer reports them all inactive, which only means "not an
 *   IOService").
 * - properties: NSData holding CF's XML plist of the property table, read
 *   with reg_value_from_xml (full types: integers come back with
 *   reg_number_default_width, as CF's XML has no widths).
 * - registryPlanes: registry_add_plane, in the stored order.
 * Dates, isNew, terminationAcknowledged and the archive's host name are
 * not kept.
 *
 * Untrusted input: UIDs out of range, objects of the wrong type, UIDs that
 * lead to UIDs (never followed), repeated entries or links, cycles,
 * unreachable linked entries and absurd sizes are errors, not crashes or
 * hangs.  The binary plist itself is read by libplist (plist_from_bin).
 *
 * The caller holds the registry's write lock.  On error, entries loaded so
 * far stay in reg.  Returns 0, or -1 with err set (line 0; the offset is 0
 * as libplist gives no positions, so messages name the entry). */
#ifndef IOKITFS_REGISTRY_SOURCES_IOREG_ARCHIVE_H
#define IOKITFS_REGISTRY_SOURCES_IOREG_ARCHIVE_H

#include <stddef.h>

#include "load_warnings.h"
#include "parse_error.h"
#include "registry.h"

int source_load_ioreg_archive(struct registry *reg, const void *buf, size_t len,
			      struct reg_parse_error *err);

/* The same, lenient when warn is given and not strict: links of a plane
 * that do not reach Root (archives saved while the registry changed, seen
 * in 10.5-era saves of the IOPower plane) are left out with a warning. */
int source_load_ioreg_archive_warn(struct registry *reg, const void *buf, size_t len,
				   struct load_warnings *warn, struct reg_parse_error *err);

#endif
