/* The IODeviceTree plane, from /sys/firmware/devicetree/base: a directory
 * per node ("name@unit" becomes name and location), a file per property,
 * kept as data exactly as the firmware gave it.  As on macOS, the plane's
 * root is the IOPlatformExpertDevice, named "device-tree" in this plane,
 * and holds the root node's properties.  The device tree does not change
 * at run time (overlays aside), so it is read once. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#define LX_MAX_DT_NODES 100000

char *lx_devicetree_base(void *ctx, const char *root)
{
	char *base = talloc_asprintf(ctx, "%s/firmware/devicetree/base", root);
	struct stat st;

	if (base && stat(base, &st) == 0 && S_ISDIR(st.st_mode))
		return base;
	talloc_free(base);
	return NULL;
}


struct dt_walk {
	struct linux_source *src;
	size_t nodes;
};

/* Sets e's properties from the files of dir; keys already there stay. */
static int read_properties(struct dt_walk *w, struct reg_entry *e, const char *dir,
			   char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *path = talloc_asprintf(NULL, "%s/%s", dir, names[i]);
		struct stat st;
		size_t len = 0;
		char *bytes;
		struct reg_value *v;

		if (!path)
			return -ENOMEM;
		if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
		    reg_entry_property(e, names[i])) {
			talloc_free(path);
			continue;
		}
		/* Binary: a cell ending in 0x0a is not a text line. */
		bytes = lx_read_bytes(path, path, LX_MAX_ATTR_BYTES, &len);
		v = bytes ? reg_value_new_data(NULL, bytes, len) : NULL;
		talloc_free(path);
		if (v && registry_set_property(w->src->reg, e, names[i], v) != 0) {
			talloc_free(v);
			return -ENOMEM;
		}
	}
	return 0;
}

static char **list_dir(void *ctx, const char *dir, size_t *count)
{
	return lx_sorted_names(ctx, opendir(dir), LX_LIST_ALL, count);
}

static int walk_node(struct dt_walk *w, const char *dir, struct reg_entry *parent,
		     unsigned depth);

/* The children of dir under parent (write lock held). */
static int walk_children(struct dt_walk *w, const char *dir, struct reg_entry *parent,
			 char **names, size_t n, unsigned depth)
{
	for (size_t i = 0; i < n; i++) {
		char *path = talloc_asprintf(NULL, "%s/%s", dir, names[i]);
		struct stat st;
		int ret = 0;

		if (!path)
			return -ENOMEM;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			struct reg_entry *e;
			char *at = strchr(names[i], '@');
			char *name = talloc_strndup(path, names[i], at ? (size_t)(at - names[i])
								       : strlen(names[i]));

			if (++w->nodes > LX_MAX_DT_NODES) {
				talloc_free(path);
				return -E2BIG;
			}
			e = name ? registry_entry_new(w->src->reg, 0, name, "IORegistryEntry")
				 : NULL;
			if (!e || (at && registry_entry_set_location(w->src->reg, e,
					REG_NO_PLANE, at + 1) != 0) ||
			    registry_attach(w->src->reg, e, parent, w->src->dt_plane) != 0)
				ret = -ENOMEM;
			if (ret == 0)
				ret = walk_node(w, path, e, depth + 1);
		}
		talloc_free(path);
		if (ret)
			return ret;
	}
	return 0;
}

static int walk_node(struct dt_walk *w, const char *dir, struct reg_entry *e,
		     unsigned depth)
{
	void *tmp = talloc_new(NULL);
	size_t n;
	char **names = list_dir(tmp, dir, &n);
	int ret;

	if (depth > LX_MAX_WALK_DEPTH) {
		talloc_free(tmp);
		return -ELOOP;
	}
	ret = read_properties(w, e, dir, names, n);
	if (ret == 0)
		ret = walk_children(w, dir, e, names, n, depth);
	talloc_free(tmp);
	return ret;
}

int lx_devicetree_load(struct linux_source *src, struct reg_parse_error *err)
{
	char *base = lx_devicetree_base(NULL, src->root);
	struct dt_walk w = { .src = src };
	struct reg_entry *pe;
	int ret = -ENOMEM;

	if (!base)
		return 0;
	registry_wrlock(src->reg);
	src->dt_plane = registry_add_plane(src->reg, "IODeviceTree");
	pe = registry_entry_by_id(src->reg, src->platform_id);
	if (src->dt_plane >= 0 && pe &&
	    registry_attach(src->reg, pe, registry_root(src->reg), src->dt_plane) == 0 &&
	    registry_entry_set_name(src->reg, pe, src->dt_plane, "device-tree") == 0)
		ret = walk_node(&w, base, pe, 0);
	registry_unlock(src->reg);
	if (ret != 0)
		reg_parse_error_set(err, 0, 0, "linux: device tree %s: %s", base,
				    strerror(-ret));
	talloc_free(base);
	return ret;
}
