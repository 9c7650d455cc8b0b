/* The interface a driver implements for a class of entries: the policy for
 * setProperties now; user clients, external methods and memory types are
 * added with the user-client work.  A registry without drivers applies its
 * default policy (registry_set_properties). */
#ifndef IOKITFS_REGISTRY_DRIVER_H
#define IOKITFS_REGISTRY_DRIVER_H

#include <stdbool.h>
#include <sys/types.h>

#include "registry.h"

/* Who is asking, as the daemon learnt it from the kernel. */
struct reg_caller {
	uid_t uid;
	gid_t gid;
	pid_t pid;
};

struct reg_parse_error;
struct reg_user_client_ops;	/* user_client.h */

struct reg_driver {
	const char *name;
	/* setProperties: check and apply props (a REG_DICT in practice, but any
	 * value may arrive, as on macOS).  Called with the write lock held.
	 * Returns an IOReturn (ioreturn.h).  NULL: kIOReturnUnsupported. */
	int (*set_properties)(struct registry *reg, struct reg_entry *e,
			      const struct reg_value *props,
			      const struct reg_caller *caller);
	/* Removing a key (setfattr -x).  macOS has no such call; drivers that
	 * allow it say so here.  NULL: kIOReturnUnsupported. */
	int (*remove_property)(struct registry *reg, struct reg_entry *e,
			       const char *key, const struct reg_caller *caller);
	/* Binds the driver to e: builds e->driver_data from parameters (any
	 * value from a drivers file, or NULL) and calls
	 * registry_entry_set_driver.  Write lock held.  Returns an IOReturn,
	 * with err saying why on failure.  NULL: the driver needs no state. */
	int (*attach)(struct registry *reg, struct reg_entry *e,
		      const struct reg_value *parameters,
		      struct reg_parse_error *err);
	/* IOServiceOpen and what follows it (user_client.h).  NULL: the
	 * service has no user client (kIOReturnUnsupported). */
	const struct reg_user_client_ops *user_client;
	/* What callers that are neither root nor the mount's owner may change
	 * (REG_GRANT_* of policy.h); 0: nothing.  docs/security.md lists each
	 * driver's grants. */
	unsigned user_grants;
};

/* What a registry does with setProperties on entries that have no driver. */
enum reg_set_policy {
	REG_SET_UNSUPPORTED = 0,	/* kIOReturnUnsupported, as IORegistryEntry */
	REG_SET_READ_ONLY,		/* kIOReturnNotWritable (a dump mounted ro) */
	REG_SET_ANY,			/* every key of a dictionary is stored */
};

void registry_set_default_policy(struct registry *reg, enum reg_set_policy policy);
enum reg_set_policy registry_default_policy(const struct registry *reg);

/* Applies props to e through e's driver or the default policy.  Takes the
 * write lock itself.  A dictionary is applied atomically: all keys or none.
 * Returns an IOReturn. */
int registry_set_properties(struct registry *reg, uint64_t entry_id,
			    const struct reg_value *props,
			    const struct reg_caller *caller);
/* Removes key through e's driver or the default policy (REG_SET_ANY allows
 * it).  kIOReturnNotFound when the key is absent.  Takes the write lock. */
int registry_remove_property_checked(struct registry *reg, uint64_t entry_id,
				     const char *key, const struct reg_caller *caller);

#endif
