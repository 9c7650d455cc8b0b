/* A HID report descriptor, parsed for the facts IOHIDDevice publishes:
 * its usage pairs and its largest report of each kind.
 *
 * Pure: bytes in, a fixed-size summary out; no allocation, no I/O, no
 * global state, so it is safe from any thread.  Hostile input is expected
 * (fixtures, fuzzers, a device's firmware): every read is bounds-checked,
 * the Push stack and the collection nesting are bounded, report bit counts
 * are overflow-checked, and any violation is a clear failure (a status and
 * the byte offset of the item at fault), never a partial summary.
 *
 * What is computed, as macOS's IOHIDFamily computes it:
 * - primary: the usage of the first top-level collection (whatever its
 *   type); absent when the descriptor has no collection.
 * - pairs: every Application or Physical collection at any depth, in
 *   descriptor order, duplicates dropped; when there is none, the first
 *   collection's usage alone.  A collection's usage page is the Usage Page
 *   global in effect at its Collection item, and its usage the first Usage
 *   local before it (only the low 16 bits of an extended 4-byte usage:
 *   IOHIDFamily does not take the collection's page from it); 0 when it has
 *   no Usage.
 * - max_input/max_output/max_feature: the largest report of each kind in
 *   bytes, rounded up from bits.  A report's bits are the sum of Report Size
 *   x Report Count over its Main items; a report with an ID starts at 8 bits
 *   for the ID byte, for all three kinds, so a device that uses report IDs
 *   has at least 1 for each (as macOS shows).  Items before any Report ID
 *   count under report 0, which starts at 0 bits.
 * Push/Pop save and restore the whole global state (report ID included).
 * Long items and reserved item types are skipped; unknown Main item tags
 * are ignored (their locals cleared).
 */
#ifndef IOKITFS_SOURCES_HID_DESCRIPTOR_H
#define IOKITFS_SOURCES_HID_DESCRIPTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HID_DESC_MAX_PAIRS	32	/* distinct pairs kept; more sets pairs_truncated */
#define HID_DESC_MAX_PUSH	16	/* Push depth (Linux allows 4) */
#define HID_DESC_MAX_NESTING	32	/* collection depth */

enum hid_desc_status {
	HID_DESC_OK = 0,
	HID_DESC_EMPTY,			/* no bytes (macOS refuses it too) */
	HID_DESC_TRUNCATED,		/* an item runs past the end */
	HID_DESC_UNBALANCED,		/* End Collection without Collection, or unclosed */
	HID_DESC_TOO_DEEP,		/* nesting or Push beyond the bounds above */
	HID_DESC_POP_EMPTY,		/* Pop without Push */
	HID_DESC_BAD_REPORT_ID,		/* Report ID 0 or above 255 */
	HID_DESC_TOO_LARGE,		/* a report beyond 2^32-1 bytes */
};

struct hid_usage_pair {
	uint32_t page, usage;
};

struct hid_desc_info {
	bool has_primary;
	struct hid_usage_pair primary;
	struct hid_usage_pair pairs[HID_DESC_MAX_PAIRS];
	size_t npairs;
	bool pairs_truncated;
	size_t ncollections;
	bool uses_report_ids;
	uint32_t max_input, max_output, max_feature;	/* bytes */
};

/* Parses len bytes.  Returns HID_DESC_OK with *out filled, or another
 * status with *out zeroed and, when err_offset is not NULL, the offset of
 * the item at fault there (len for a problem found at the end). */
enum hid_desc_status hid_descriptor_parse(const uint8_t *bytes, size_t len,
					  struct hid_desc_info *out, size_t *err_offset);

/* A short English description of status ("item runs past the end"). */
const char *hid_descriptor_strerror(enum hid_desc_status status);

#endif
