/* The IOACPIPlane: the ACPI namespace as sysfs shows it (the acpi bus's
 * devices under /sys/devices/LNXSYSTM:00).  The same entries are in the
 * IOService plane; in this plane they carry their ACPI names ("_SB",
 * "PCI0", padding cut as macOS shows them) and their _ADR as location.  As
 * on macOS, the plane's root is the IOPlatformExpertDevice, named "acpi"
 * here, and the namespace root "\" is that entry rather than one of its
 * own.  The plane is created with its first device, never empty. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <errno.h>
#include <string.h>
#include <talloc.h>

static int ensure_plane(struct linux_source *src)
{
	struct registry *reg = src->reg;
	struct reg_entry *pe;

	if (src->acpi_plane >= 0)
		return 0;
	pe = registry_entry_by_id(reg, src->platform_id);
	if (!pe)
		return -ENOENT;
	src->acpi_plane = registry_add_plane(reg, "IOACPIPlane");
	if (src->acpi_plane < 0)
		return -ENOMEM;
	if (registry_attach(reg, pe, registry_root(reg), src->acpi_plane) != 0 ||
	    registry_entry_set_name(reg, pe, src->acpi_plane, "acpi") != 0)
		return -ENOMEM;
	return lx_update_planes_property(src);
}

/* The nearest ACPI device above devpath that is in the plane. */
static struct reg_entry *acpi_parent(struct linux_source *src, const char *devpath)
{
	char *p = talloc_strdup(NULL, devpath);
	struct reg_entry *found = NULL;

	while (p && !found) {
		char *slash = strrchr(p, '/');

		if (!slash || slash == p)
			break;
		*slash = '\0';
		struct lx_node *n = lx_node_find(src, p);
		struct reg_entry *e = lx_node_entry(src, n);

		if (e && n->subsystem && strcmp(n->subsystem, "acpi") == 0 &&
		    reg_entry_in_plane(e, src->acpi_plane) && e->id != src->platform_id)
			found = e;
	}
	talloc_free(p);
	return found ? found : registry_entry_by_id(src->reg, src->platform_id);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int lx_acpi_attach(struct linux_source *src, struct reg_entry *e, const char *devpath,
		   const struct lx_entry_spec *spec)
{
	struct registry *reg = src->reg;
	int ret;

	if (!spec->acpi_name)
		return 0;
	if ((ret = ensure_plane(src)) != 0)
		return ret;
	if (!reg_entry_in_plane(e, src->acpi_plane) ||
	    reg_entry_parent_count(e, src->acpi_plane) == 0) {
		struct reg_entry *parent = acpi_parent(src, devpath);

		if (!parent || registry_attach(reg, e, parent, src->acpi_plane) != 0)
			return -ENOMEM;
	}
	if (!same(e->planes[src->acpi_plane]->name, spec->acpi_name) &&
	    registry_entry_set_name(reg, e, src->acpi_plane, spec->acpi_name) != 0)
		return -ENOMEM;
	if (!same(e->planes[src->acpi_plane]->location, spec->acpi_location) &&
	    registry_entry_set_location(reg, e, src->acpi_plane, spec->acpi_location) != 0)
		return -ENOMEM;
	return 0;
}
