/* Indexes that let matching test a few candidates instead of every service
 * (match.c uses them; the registry keeps one set, registry_match_index).
 *
 *   order:  every service that is a candidate now (registered, matched,
 *           active) in IOService's candidate order (the nested
 *           instance sets, see match.c), with each one's rank, so a small
 *           candidate set can be put in the order a full walk would give;
 *   names:  every string compareName could compare an entry's name with
 *           (its global name; each NUL-separated piece of its "name",
 *           "compatible", "device_type" and "model") -> the entry;
 *   keys:   per property key that a matching dictionary used, the hash of
 *           each service's value under the key (hashed so that values equal
 *           for matching hash alike) -> the entry;
 *   user:   the services with IOUserServiceProperties (their values for
 *           any key may come from there: always candidates).
 * Every index is a superset: the caller still runs the full test on each
 * candidate, so a hash collision costs time, never a wrong answer.
 *
 * Built lazily, at the second lookup after a change (the first one gets
 * -1 and walks, so registries that change between every two matches never
 * pay for builds): the registry reports every
 * change event (match_index_note, write lock held), which drops what the
 * change may make stale (an entry added or removed: everything; a state,
 * class or name change: order and names; a property: that key's index, and
 * names for the device-tree name keys).  Callers of the lookups hold the
 * registry's read lock and the index's mutex (match_index_lock), as several
 * readers may build at once.  Memory belongs to the index (on the registry).
 * Errors: -1 when the index is not built (yet) or memory runs out: the
 * caller then walks every candidate. */
#ifndef IOKITFS_REGISTRY_MATCH_INDEX_H
#define IOKITFS_REGISTRY_MATCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "registry.h"

struct reg_match_index;

struct reg_match_index *match_index_new(void *ctx);
void match_index_note(struct reg_match_index *mi, const struct reg_event *ev);

void match_index_lock(struct reg_match_index *mi);
void match_index_unlock(struct reg_match_index *mi);

/* Builds the IOService candidate order: fills *out (on ctx) with every
 * candidate service in order; 0 or -1. */
typedef int (*match_order_fn)(void *ctx, const struct registry *reg, struct reg_entry ***out,
			      size_t *n);

/* The candidate services in order (the index's array: valid until the
 * next change).  0 or -1. */
int match_index_order(struct reg_match_index *mi, const struct registry *reg,
		      match_order_fn build, struct reg_entry *const **order, size_t *n);

/* e's position in that order, or SIZE_MAX (not a candidate, or no order). */
size_t match_index_rank(const struct reg_match_index *mi, const struct reg_entry *e);

typedef void (*match_candidate_fn)(void *data, struct reg_entry *e);

/* Services whose names compareName may find equal to name (exact; a name
 * ending in '*' cannot be looked up).  Calls fn per candidate (perhaps more
 * than once).  0 or -1. */
int match_index_names(struct reg_match_index *mi, const struct registry *reg,
		      const char *name, match_candidate_fn fn, void *data);

/* Services whose own property key may equal value for matching, plus every
 * service with IOUserServiceProperties.  0 or -1. */
int match_index_property(struct reg_match_index *mi, const struct registry *reg,
			 const char *key, const struct reg_value *value,
			 match_candidate_fn fn, void *data);

#endif
