/* The registry side of libIOKit's calls: one request in, one reply out,
 * both property values (so they travel in IOKit's binary serialization).
 * The daemon's control file only moves bytes to and from here; the
 * protocol is documented in docs/control-protocol.md.
 *
 * Every request is a dictionary of named arguments; every reply is a
 * dictionary (or NULL) plus an IOReturn.  Entry IDs are 64-bit numbers,
 * planes are given by name. */
#ifndef IOKITFS_REGISTRY_RPC_H
#define IOKITFS_REGISTRY_RPC_H

#include <stdint.h>

#include "driver.h"
#include "registry.h"
#include "rpc_wire.h"
#include "value.h"

/* The op codes (enum rpc_op) and option bits are part of the wire:
 * proto/rpc_wire.h. */

/* Runs one request.  Takes the registry's lock itself.  On success *reply
 * is the answer dictionary in the binary encoding (proto/value_binary.h),
 * *reply_len bytes allocated on ctx, NULL when the op has nothing to say
 * (SET_PROPERTIES); encoded under the lock, so properties go out without
 * being copied.  On failure *reply is NULL.  Returns an IOReturn.
 *
 * The info dictionary of ENTRY_INFO and of each SUBTREE entry holds: id,
 * name (in the plane, else global), location (absent when none), class,
 * service (bool), state, busy, busy_time (ns), retain, in_plane (bool, when
 * a plane was named), and for SUBTREE depth (1 for the first level).
 * Also global_name (when the name in the plane differs from it) and
 * class_override (the IOClassNameOverride string property, if any);
 * ENTRY_INFO adds superclasses (the class chain above class, nearest
 * first). */
int registry_rpc(void *ctx, struct registry *reg, uint32_t op,
		 const struct reg_value *args, const struct reg_caller *caller,
		 uint8_t **reply, size_t *reply_len);

const char *rpc_op_name(uint32_t op);

#endif
