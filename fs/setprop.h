/* Changing properties from text a user wrote (setfattr, a write to a
 * property file), through the entry's driver policy.  No FUSE here. */
#ifndef IOKITFS_FS_SETPROP_H
#define IOKITFS_FS_SETPROP_H

#include <stddef.h>

#include "driver.h"
#include "fs.h"

/* Flags, with the values of XATTR_CREATE / XATTR_REPLACE. */
#define FS_SET_CREATE 1
#define FS_SET_REPLACE 2

/* Parses text as the existing value's type (or any literal) and applies
 * {key = value} with registry_set_properties.  Returns 0 or a negative
 * errno: -EROFS (read-only mount), -ENOENT (entry gone), -EEXIST /
 * -ENODATA (flags), -EINVAL (bad text), or what the policy's or driver's
 * IOReturn maps to (reg_ioreturn_to_errno: -EACCES for
 * kIOReturnNotPrivileged, -EROFS for kIOReturnNotWritable). */
int fs_set_property_text(struct iokitfs *fs, uint64_t id, const char *key,
			 const char *text, size_t len, int flags,
			 const struct reg_caller *caller);

/* Removes key through the policy point and the driver.  0 or a negative
 * errno; -ENODATA when it is absent. */
int fs_remove_property(struct iokitfs *fs, uint64_t id, const char *key,
		       const struct reg_caller *caller);

#endif
