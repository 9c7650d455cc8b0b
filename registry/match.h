/* IOService matching with IOKit's semantics (docs/iokit-semantics.md §1): the candidate
 * set of IOServiceGetMatchingService(s) and the per-service test of
 * IOServiceMatchPropertyTable (IOService::matchPassive/matchInternal).
 *
 * Keys, in the order IOKit tests them (all must hold):
 *   IOProviderClass (a string; the class or a superclass has that name),
 *   IONameMatch (string or collection, OR; see name_match.h),
 *   IOLocationMatch as a string (the global location),
 *   IOPropertyMatch (a dictionary, or a collection of them, OR; each one a
 *     subset test with the kernel's value equality),
 *   IOPropertyExistsMatch (string or collection, OR),
 *   IOPathMatch (fromPath of the string is the service),
 *   IORegistryEntryID, IOMatchedServiceCountMatch,
 *   "BSD Name", "BSD Major", "BSD Minor", "BSD Unit" (equal to the property);
 * when keys remain, the family's matchPropertyTable runs (match_family.h:
 * IOResources, PCI and USB have rules; every other class accepts, so other
 * keys are ignored, as IOService's default does); then IOParentMatch (a
 * dictionary tried on each provider up to the root) and IOLocationMatch as a
 * dictionary (tried on the nearest location-bearing provider).
 *
 * Matching never changes the registry (IONameMatched and IOProbeScore are
 * written only during driver matching, which is not modelled).  The caller
 * holds the registry's read lock. */
#ifndef IOKITFS_REGISTRY_MATCH_H
#define IOKITFS_REGISTRY_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "registry.h"

/* Bounds on a matching dictionary that comes from a client (libIOKit's
 * requests and notification subscriptions), far above what programs use (a
 * handful of keys; name, class or property arrays of a few items): no
 * collection anywhere in it (an IONameMatch, IOProviderClass or
 * IOPropertyMatch array, a property dictionary, a value compared inside
 * one) holds more than REG_MATCH_COLLECTION_MAX items, and the whole
 * dictionary holds at most REG_MATCH_VALUES_MAX values (every key's value
 * and everything inside collections, counted once each).  Matching costs
 * about the registry's candidates times these, so they bound the CPU one
 * request can take (docs/matching.md). */
#define REG_MATCH_COLLECTION_MAX 1024
#define REG_MATCH_VALUES_MAX 4096

/* kIOReturnSuccess, or kIOReturnBadArgument when matching is not a
 * dictionary or is past the bounds above: the answer IOKit gives for a
 * matching argument it cannot use.  Stops counting at the first excess. */
int registry_match_check(const struct reg_value *matching);

/* The values registry_match_check counts in matching (a dictionary within
 * the bounds): what one test of an entry against it may cost. */
size_t registry_match_values(const struct reg_value *matching);

/* Entries matching the dictionary, in IOKit's candidate order; *out is
 * allocated on ctx (NULL when nothing matches).  Candidates are services
 * that are registered and matched and not inactive.  With first_only, at
 * most one (IOServiceGetMatchingService).  Returns 0, or -1 when matching is
 * not a dictionary or memory runs out. */
int registry_match(void *ctx, const struct registry *reg, const struct reg_value *matching,
		   bool first_only, struct reg_entry ***out, size_t *count);

/* passiveMatch of one entry (IOServiceMatchPropertyTable): no state check. */
bool registry_entry_matches(const struct registry *reg, const struct reg_entry *e,
			    const struct reg_value *matching);

/* The kernel's isEqualTo for property values, which matching uses: like
 * reg_value_equal, but a string also equals data holding the same bytes,
 * with or without one trailing NUL (OSString/OSData), at any depth. */
bool reg_match_value_equal(const struct reg_value *a, const struct reg_value *b);

/* A number as OSNumber holds it: unsigned, masked to its width (a 16-bit
 * 0x8233 is 0x8233, not the model's sign-extended -32205).  Numbers compare
 * by this value; the width itself is ignored. */
uint64_t reg_match_number_value(const struct reg_value *number);

#endif
