/* The one policy point: who may change what.
 *
 * Every way into the daemon that changes registry or device state asks
 * reg_policy_check first, with the caller's credentials as the kernel gave
 * them to the daemon (the FUSE request's uid/gid/pid), the mount's ro/rw
 * (struct reg_access, set once at start-up) and the entry's driver:
 *
 *   what                          read-only mount   root / mount owner   other users
 *   entry properties (xattrs,     NotWritable       yes                  only if the driver
 *     property files, control                                            grants
 *     setProperties, removes)                                            REG_GRANT_PROPERTIES
 *   connection setProperties      NotWritable       yes                  only if the driver
 *                                                                        grants
 *                                                                        REG_GRANT_CONN_PROPERTIES
 *   external method               (not a registry   yes                  only methods the driver
 *                                 change: allowed)                       marks REG_UC_USER
 *   state other users hold        (as its path)     root only            never
 *     (a reset of the device)
 *   device events (.iokit/uevent) NotWritable       root only            never
 *   connection memory files       (mapping rules)   root, or the connection's opener
 *
 * Errors: kIOReturnNotWritable on a read-only mount, kIOReturnNotPrivileged
 * for a caller the rule refuses; the file side converts them to EROFS and
 * EACCES (reg_ioreturn_to_errno).  docs/security.md lists per driver what
 * it grants.
 *
 * Locking: none of its own.  reg_access is written once before the
 * daemon serves requests and only read afterwards.  Error convention:
 * IOReturn, like the rest of registry/. */
#ifndef IOKITFS_REGISTRY_POLICY_H
#define IOKITFS_REGISTRY_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "driver.h"
#include "registry.h"

/* The mount's side of the policy. */
struct reg_access {
	bool read_only;		/* -o ro: no change to the registry's properties */
	uid_t owner;		/* the mount's owner (the daemon's user): privileged */
};

/* The registry's access settings (zero: rw, owner root). */
void registry_set_access(struct registry *reg, const struct reg_access *access);
const struct reg_access *registry_access(const struct registry *reg);

enum reg_change {
	REG_CHANGE_PROPERTIES = 1,	/* setProperties / remove on an entry */
	REG_CHANGE_CONN_PROPERTIES,	/* IOConnectSetCFProperties */
	REG_CHANGE_METHOD,		/* an external method of a connection */
	REG_CHANGE_SHARED_STATE,	/* state every client of a device holds (reset) */
	REG_CHANGE_DEVICE_EVENT,	/* a device event fed to the live source */
	REG_CHANGE_CONN_MEMORY,		/* a write to a connection's memory file */
};

/* Grants a driver gives callers that are neither root nor the mount's
 * owner (struct reg_driver.user_grants). */
#define REG_GRANT_PROPERTIES		0x1u
#define REG_GRANT_CONN_PROPERTIES	0x2u

/* Is the caller root or the mount's owner? */
bool reg_policy_privileged(const struct registry *reg, const struct reg_caller *caller);

/* The decision.  e is the entry changed (the service for connection
 * changes; NULL for device events and memory files).  method_flags: the
 * method's REG_UC_* flags for REG_CHANGE_METHOD, else 0.  conn_uid: the
 * connection opener's uid for REG_CHANGE_CONN_MEMORY, else ignored.
 * Returns kIOReturnSuccess, kIOReturnNotWritable or
 * kIOReturnNotPrivileged.  Takes no lock; e's driver is read, so the
 * caller holds the registry lock when e is not NULL.  reg may be NULL for
 * REG_CHANGE_CONN_MEMORY (the daemon's connection table has no registry at
 * hand; the rule needs none). */
int reg_policy_check(const struct registry *reg, const struct reg_entry *e,
		     enum reg_change what, const struct reg_caller *caller,
		     uint32_t method_flags, uid_t conn_uid);

#endif
