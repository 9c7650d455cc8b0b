/* The summary `iokitfs --check` prints: entries per plane and per class. */
#ifndef IOKITFS_REGISTRY_SUMMARY_H
#define IOKITFS_REGISTRY_SUMMARY_H

#include <stdio.h>

#include "registry.h"

/* Entries reachable from Root in plane (Root included). Caller holds a lock. */
size_t registry_plane_entry_count(const struct registry *reg, int plane);
void registry_print_summary(FILE *out, const struct registry *reg);

#endif
