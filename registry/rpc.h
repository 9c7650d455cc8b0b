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
#include "value.h"

enum rpc_op {
	RPC_OP_ROOT = 1,	/* -> {id} */
	RPC_OP_GENERATION,	/* -> {generation} */
	RPC_OP_PLANES,		/* -> {planes: (names)} */
	RPC_OP_MATCH,		/* {matching, first?} -> {ids} */
	RPC_OP_MATCH_ENTRY,	/* {id, matching} -> {matches} */
	RPC_OP_ENTRY_INFO,	/* {id, plane?} -> info dictionary (below) */
	RPC_OP_PROPERTIES,	/* {id} -> {properties} */
	RPC_OP_PROPERTY,	/* {id, key, plane?, options?} -> {value} */
	RPC_OP_SET_PROPERTIES,	/* {id, value} -> {} */
	RPC_OP_PATH,		/* {id, plane} -> {path} */
	RPC_OP_LOOKUP_PATH,	/* {path} -> {id} */
	RPC_OP_LINKS,		/* {id, plane, parents?, info?} -> {ids, entries?, generation}
				 * (no ids: unknown plane; entries: info dicts) */
	RPC_OP_SUBTREE,		/* {id, plane, options?} -> {generation, entries} */
	RPC_OP_CLASS_INFO,	/* {class} -> {superclass?, bundle?} */
	RPC_OP_MAX
};

/* Option bits shared with IOKitLib (kIORegistryIterate*). */
#define RPC_ITERATE_RECURSIVELY 0x1u
#define RPC_ITERATE_PARENTS 0x2u

/* Runs one request.  Takes the registry's lock itself.  *reply is
 * allocated on ctx (NULL when the op has nothing to say).  Returns an
 * IOReturn.
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
		 struct reg_value **reply);

const char *rpc_op_name(uint32_t op);

#endif
