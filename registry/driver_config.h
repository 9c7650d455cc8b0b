/* Drivers: the table of drivers the project has, and the drivers file
 * (`-o drivers=FILE`, docs/drivers.md) that binds them to entries.
 *
 * A drivers file is an XML plist: an array of dictionaries, each
 *   {"driver": "IOKitFSSimDevice", "parameters": {...},
 *    "match": {a matching dictionary}}        bind to every matching service
 * or
 *   {"driver": ..., "parameters": ...,
 *    "create": {"name": "SimDevice", "class": "IOKitFSSimDevice",
 *               "parent": "IOService:/", "location": "1"}}
 *                                            add an entry, then bind to it
 * "parameters" is optional and passed to the driver's attach as is.  With
 * "match", "optional": true lets a dictionary that matches nothing pass;
 * otherwise that is an error.  "create" declares an unknown class as a
 * subclass of IOService and attaches the entry in the IOService plane; the
 * parent is a registry path (IOService plane when it has no prefix); a
 * missing "location" leaves the entry without one.
 *
 * The whole file is checked (types, driver names, parents) before any item
 * is applied; a driver refusing its parameters stops the load there, with
 * earlier items left applied (the daemon refuses the mount anyway). */
#ifndef IOKITFS_REGISTRY_DRIVER_CONFIG_H
#define IOKITFS_REGISTRY_DRIVER_CONFIG_H

#include <stddef.h>

#include "driver.h"
#include "parse_error.h"
#include "registry.h"

/* A driver by name ("IOKitFSSimDevice", "AppleSMC"), or NULL. */
const struct reg_driver *reg_driver_lookup(const char *name);

/* Binds driver to e through its attach op (or with no state when it has
 * none).  Write lock held.  Returns an IOReturn. */
int reg_driver_attach(struct registry *reg, struct reg_entry *e,
		      const struct reg_driver *driver,
		      const struct reg_value *parameters, struct reg_parse_error *err);

/* Applies a parsed drivers file.  The caller holds the write lock.
 * Returns 0, or -1 with err set ("item N: ..."). */
int driver_config_apply(struct registry *reg, const struct reg_value *config,
			struct reg_parse_error *err);
/* Parses (XML plist) and applies. */
int driver_config_load(struct registry *reg, const char *buf, size_t len,
		       struct reg_parse_error *err);
/* Reads a file (at most 4 MiB), parses and applies. */
int driver_config_load_file(struct registry *reg, const char *path,
			    struct reg_parse_error *err);

#endif
