/* The live Linux source: walking /sys/devices into the IOService plane, in
 * sysfs's own parent/child topology, and keeping it current one device at
 * a time (linux_source_rescan).
 *
 * Sysfs is read without the registry lock; what was read is applied under
 * the write lock through the registry's mutators, so every change reaches
 * the listeners.  A device keeps its registry ID while its devpath exists. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "driver.h"
#include "path.h"

/* ---- the devpath -> node table ---- */

static size_t hash_devpath(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

struct lx_node *lx_node_find(struct linux_source *src, const char *devpath)
{
	size_t h;

	if (!src->nbuckets)
		return NULL;
	h = hash_devpath(devpath);
	for (struct lx_node *n = src->buckets[h % src->nbuckets]; n; n = n->next)
		if (n->hash == h && strcmp(n->devpath, devpath) == 0)
			return n;
	return NULL;
}

static int table_grow(struct linux_source *src)
{
	size_t nb = src->nbuckets ? src->nbuckets * 2 : 256;
	struct lx_node **b = talloc_zero_array(src, struct lx_node *, nb);

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < src->nbuckets; i++) {
		struct lx_node *n = src->buckets[i], *next;

		for (; n; n = next) {
			size_t h = n->hash % nb;

			next = n->next;
			n->next = b[h];
			b[h] = n;
		}
	}
	talloc_free(src->buckets);
	src->buckets = b;
	src->nbuckets = nb;
	return 0;
}

static struct lx_node *node_add(struct linux_source *src, const char *devpath,
				uint64_t id, const char *subsystem, bool glue)
{
	struct lx_node *n;
	size_t h;

	if (src->nnodes >= src->nbuckets && table_grow(src) != 0)
		return NULL;
	n = talloc_zero(src, struct lx_node);
	if (!n)
		return NULL;
	n->devpath = talloc_strdup(n, devpath);
	n->subsystem = subsystem ? talloc_strdup(n, subsystem) : NULL;
	if (!n->devpath || (subsystem && !n->subsystem)) {
		talloc_free(n);
		return NULL;
	}
	n->id = id;
	n->glue = glue;
	n->hash = hash_devpath(devpath);
	h = n->hash % src->nbuckets;
	n->next = src->buckets[h];
	src->buckets[h] = n;
	src->nnodes++;
	return n;
}

static void node_remove(struct linux_source *src, const char *devpath)
{
	struct lx_node **pp;

	if (!src->nbuckets)
		return;
	for (pp = &src->buckets[hash_devpath(devpath) % src->nbuckets]; *pp;
	     pp = &(*pp)->next) {
		if (strcmp((*pp)->devpath, devpath) == 0) {
			struct lx_node *n = *pp;

			*pp = n->next;
			talloc_free(n);
			src->nnodes--;
			return;
		}
	}
}

struct reg_entry *lx_node_entry(struct linux_source *src, const struct lx_node *n)
{
	return n ? registry_entry_by_id(src->reg, n->id) : NULL;
}

uint64_t linux_source_entry_id(struct linux_source *src, const char *devpath)
{
	uint64_t id = 0;

	pthread_mutex_lock(&src->rescan_lock);
	registry_rdlock(src->reg);
	struct lx_node *n = lx_node_find(src, devpath);

	if (n && registry_entry_by_id(src->reg, n->id))
		id = n->id;
	registry_unlock(src->reg);
	pthread_mutex_unlock(&src->rescan_lock);
	return id;
}

/* ---- Root's IORegistryPlanes ---- */

int lx_update_planes_property(struct linux_source *src)
{
	struct registry *reg = src->reg;
	struct reg_entry *root = registry_root(reg);
	struct reg_value *planes = reg_value_new_dict(NULL);
	const struct reg_value *old;

	if (!planes)
		return -ENOMEM;
	for (size_t i = 0; i < registry_plane_count(reg); i++) {
		const char *name = registry_plane_name(reg, (int)i);
		struct reg_value *v = reg_value_new_string(planes, name);

		if (!v || reg_dict_set(planes, name, v) != 0) {
			talloc_free(planes);
			return -ENOMEM;
		}
	}
	old = reg_entry_property(root, "IORegistryPlanes");
	if (old && reg_value_identical(old, planes)) {
		talloc_free(planes);
		return 0;
	}
	return registry_set_property(reg, root, "IORegistryPlanes", planes) == 0 ? 0
									      : -ENOMEM;
}

/* ---- devpaths ---- */

/* "/devices/..." with no empty, "." or ".." component: events and callers
 * cannot make the source read outside the devices tree. */
static bool valid_devpath(const char *devpath)
{
	size_t len = strlen(devpath);
	const char *p;

	if (len > LX_MAX_DEVPATH || strncmp(devpath, "/devices/", 9) != 0)
		return false;
	for (p = devpath + 1; *p;) {
		const char *slash = strchrnul(p, '/');
		size_t n = (size_t)(slash - p);

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		p = *slash ? slash + 1 : slash;
		if (*slash && !*p)
			return false;	/* trailing slash */
	}
	return true;
}

/* The parent directory's devpath, or NULL at /devices. */
static char *parent_devpath(void *ctx, const char *devpath)
{
	const char *slash = strrchr(devpath, '/');

	if (!slash || slash == devpath)
		return NULL;
	char *p = talloc_strndup(ctx, devpath, (size_t)(slash - devpath));

	if (p && strcmp(p, "/devices") == 0) {
		talloc_free(p);
		return NULL;
	}
	return p;
}

/* Cuts path (a devpath copy) to its parent directory's devpath; false at
 * /devices (or above), as parent_devpath gives NULL there. */
static bool cut_to_parent(char *path)
{
	char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return false;
	*slash = '\0';
	return strcmp(path, "/devices") != 0;
}

/* ":pci:usb:" for the devices above devpath, nearest first. */
static char *ancestors_of(void *ctx, struct linux_source *src, const char *devpath)
{
	char *result = talloc_strdup(ctx, ":");
	char buf[LX_MAX_DEVPATH + 1];
	char *p = strlen(devpath) < sizeof(buf) ? strcpy(buf, devpath)
						 : talloc_strdup(ctx, devpath);

	while (p && result && cut_to_parent(p)) {
		struct lx_node *n = lx_node_find(src, p);

		if (n && n->subsystem)
			result = talloc_asprintf_append(result, "%s:", n->subsystem);
	}
	if (p != buf)
		talloc_free(p);
	return result;
}

static bool has_device_ancestor(void *ctx, struct linux_source *src, const char *devpath)
{
	char *p = parent_devpath(ctx, devpath);
	bool found = false;

	while (p && !found) {
		char *up;

		found = lx_is_device_dir(src->root, p);
		up = parent_devpath(ctx, p);
		talloc_free(p);
		p = up;
	}
	talloc_free(p);
	return found;
}

/* ---- applying a spec to the registry (write lock held) ---- */

static struct reg_entry *parent_entry(struct linux_source *src, const char *devpath)
{
	struct reg_entry *e = NULL;
	char buf[LX_MAX_DEVPATH + 1];
	char *p = strlen(devpath) < sizeof(buf) ? strcpy(buf, devpath)
						 : talloc_strdup(NULL, devpath);

	while (p && !e && cut_to_parent(p))
		e = lx_node_entry(src, lx_node_find(src, p));
	if (p != buf)
		talloc_free(p);
	return e ? e : registry_entry_by_id(src->reg, src->platform_id);
}

/* Keys another device decides (a battery's ExternalConnected comes from the
 * AC adapter): a re-read of this device must not drop them. */
static bool key_set_elsewhere(const struct reg_entry *e, const char *key)
{
	return (strcmp(key, "ExternalConnected") == 0 &&
		reg_class_conforms_to(e->cls, "AppleSmartBattery")) ||
	       (strcmp(key, "IOPrimaryInterface") == 0 &&
		reg_class_conforms_to(e->cls, "IOEthernetInterface"));
}

static void set_primary_flag(struct linux_source *src, struct reg_entry *e, bool want)
{
	const struct reg_value *old = reg_entry_property(e, "IOPrimaryInterface");
	struct reg_value *v;

	if (old && old->type == REG_BOOL && old->u.boolean == want)
		return;
	v = reg_value_new_bool(NULL, want);
	if (v && registry_set_property(src->reg, e, "IOPrimaryInterface", v) != 0)
		talloc_free(v);
}

static bool has_controller(struct linux_source *src, const struct reg_entry *e)
{
	struct reg_entry *p = reg_entry_parent_count(e, src->service_plane)
				      ? reg_entry_parent(e, src->service_plane, 0)
				      : NULL;

	return p && reg_class_conforms_to(p->cls, "IOEthernetController");
}

static void refresh_primary_interface(struct linux_source *src);

/* One interface applied: O(1) unless the primary changes hands or is gone
 * (then every interface is looked at).  Write lock held. */
static void note_interface(struct linux_source *src, struct reg_entry *e)
{
	const struct reg_value *idx = reg_entry_property(e, "IOLinuxInterfaceIndex");
	struct reg_entry *primary = src->primary_eth_id
					    ? registry_entry_by_id(src->reg, src->primary_eth_id)
					    : NULL;

	if (src->loading || !has_controller(src, e))
		return;	/* a load decides once at its end */
	if ((!idx || idx->type != REG_NUMBER) && primary != e) {
		set_primary_flag(src, e, false);	/* unnumbered: never first */
		return;
	}
	if (primary == e && idx && idx->type == REG_NUMBER &&
	    idx->u.number.value == src->primary_ifindex)
		return;		/* still the first */
	if (!primary || primary == e || !idx || idx->type != REG_NUMBER) {
		refresh_primary_interface(src);
		return;
	}
	if (idx->u.number.value < src->primary_ifindex) {
		set_primary_flag(src, primary, false);
		set_primary_flag(src, e, true);
		src->primary_eth_id = e->id;
		src->primary_ifindex = idx->u.number.value;
	} else {
		set_primary_flag(src, e, false);
	}
}

/* IOPrimaryInterface, as macOS marks en0: Yes on the built-in Ethernet
 * interface the kernel numbered first (the lowest ifindex among those
 * with a controller, i.e. a device below them), No on the others.
 * Write lock held. */
static void refresh_primary_interface(struct linux_source *src)
{
	struct reg_class *cls = registry_class_get(src->reg, "IOEthernetInterface");
	struct reg_entry *primary = NULL;
	int64_t best = INT64_MAX;

	for (size_t i = 0; cls && i < cls->ninstances; i++) {
		struct reg_entry *e = cls->instances[i], *p;
		const struct reg_value *idx = reg_entry_property(e, "IOLinuxInterfaceIndex");

		p = reg_entry_parent_count(e, src->service_plane)
			    ? reg_entry_parent(e, src->service_plane, 0)
			    : NULL;
		if (!p || !reg_class_conforms_to(p->cls, "IOEthernetController") || !idx ||
		    idx->type != REG_NUMBER)
			continue;
		if (idx->u.number.value < best) {
			best = idx->u.number.value;
			primary = e;
		}
	}
	for (size_t i = 0; cls && i < cls->ninstances; i++) {
		struct reg_entry *e = cls->instances[i];

		if (has_controller(src, e))
			set_primary_flag(src, e, e == primary);
	}
	src->primary_eth_id = primary ? primary->id : 0;
	src->primary_ifindex = best;
}

static int apply_properties(struct linux_source *src, struct reg_entry *e,
			    const struct reg_value *props)
{
	struct registry *reg = src->reg;
	const struct reg_value *cur = e->properties;

	/* Removals first, collected before the dictionary changes under us. */
	for (size_t i = cur->u.dict.count; i-- > 0;) {
		const char *key = cur->u.dict.keys[i];

		if (!reg_dict_get(props, key) && !key_set_elsewhere(e, key)) {
			char *copy = talloc_strdup(NULL, key);

			if (!copy)
				return -ENOMEM;
			registry_remove_property(reg, e, copy);
			talloc_free(copy);
		}
	}
	for (size_t i = 0; i < props->u.dict.count; i++) {
		const char *key = props->u.dict.keys[i];
		const struct reg_value *old = reg_entry_property(e, key);
		struct reg_value *v;

		if (old && reg_value_identical(old, props->u.dict.values[i]))
			continue;
		v = reg_value_copy(NULL, props->u.dict.values[i]);
		if (!v || registry_set_property(reg, e, key, v) != 0) {
			talloc_free(v);
			return -ENOMEM;
		}
	}
	return 0;
}

/* A new entry's properties: the values are moved from props (which is
 * left empty), not copied; the same keys and events as apply_properties
 * on an empty entry. */
static int move_properties(struct linux_source *src, struct reg_entry *e,
			   struct reg_value *props)
{
	size_t n = props->u.dict.count;
	int ret = 0;

	props->u.dict.count = 0;
	for (size_t i = 0; i < n; i++) {
		struct reg_value *v = props->u.dict.values[i];

		if (ret == 0 && registry_set_property(src->reg, e, props->u.dict.keys[i], v) != 0)
			ret = -ENOMEM;
	}
	return ret;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Gives a new entry its driver; an entry that has one keeps it, and
 * nothing is allocated for it (a rescan must not grow the entry). */
static void attach_driver(struct linux_source *src, struct reg_entry *e,
			  const char *devpath, const char *subsystem)
{
	struct lx_driver_data *dd;
	const char *base = strrchr(devpath, '/');

	/* Every device gets the driver, settable keys or not, so that a
	 * refused key is kIOReturnNotPermitted (EPERM) everywhere. */
	if (e->driver)
		return;
	if (subsystem && strcmp(subsystem, "platform") == 0 && base &&
	    strncmp(base + 1, "applesmc", 8) == 0) {
		char *syspath = talloc_asprintf(NULL, "%s%s", src->root, devpath);

		/* The Intel Mac SMC: the AppleSMC user client on its key table. */
		if (syspath && lx_smc_attach(src, e, syspath) == 0) {
			talloc_free(syspath);
			return;
		}
		talloc_free(syspath);
	}
	dd = talloc_zero(e, struct lx_driver_data);
	if (!dd)
		return;
	dd->syspath = talloc_asprintf(dd, "%s%s", src->root, devpath);
	dd->subsystem = subsystem ? talloc_strdup(dd, subsystem) : NULL;
	registry_entry_set_driver(e->registry, e,
				  subsystem && strcmp(subsystem, "pci") == 0 ? &lx_pci_driver
									     : &lx_sysfs_driver,
				  dd);
}

static void refresh_power_sources(struct linux_source *src);

/* The network controller of an Ethernet interface, as macOS has it: an
 * IOEthernetController between the device (a PCI function, a USB
 * interface) and its IOEthernetInterface, carrying the interface's
 * IOMACAddress (Apple's GetPrimaryMACAddress reads it from the
 * interface's parent).  Its devpath is the device's "net" directory, so it
 * goes with the device, and interfaces attach below it through the node
 * table.  Interfaces with no device above them (virtual/net) get none.
 * Write lock held.  Returns 0 or -ENOMEM. */
static int ensure_controller(struct linux_source *src, const char *devpath,
			     const struct lx_entry_spec *spec)
{
	static const char *const chain[] = {
		"IOEthernetController", "IONetworkController", "IOService"
	};
	struct registry *reg = src->reg;
	char *net = parent_devpath(NULL, devpath), *dev;
	const struct reg_value *mac = reg_dict_get(spec->props, "IOMACAddress");
	struct lx_node *devnode, *n;
	struct reg_entry *e, *parent;
	int ret = 0;

	if (!net)
		return -ENOMEM;
	dev = parent_devpath(net, net);
	devnode = dev ? lx_node_find(src, dev) : NULL;
	if (strcmp(strrchr(net, '/'), "/net") != 0 || !devnode || devnode->glue ||
	    !(parent = lx_node_entry(src, devnode)))
		goto out;	/* not below a device */
	n = lx_node_find(src, net);
	e = lx_node_entry(src, n);
	if (!e) {
		const struct reg_value *drv = reg_entry_property(parent, "IOLinuxDriver");
		struct reg_value *path = reg_value_new_string(NULL, net);

		if (n)
			node_remove(src, net);
		ret = -ENOMEM;
		if (!path || !registry_class_declare_chain(reg, chain, 3))
			goto fail_path;
		e = registry_entry_new(reg, 0, reg_value_is_string(drv) ? drv->u.string.chars
									: "IOEthernetController",
				       chain[0]);
		if (!e)
			goto fail_path;
		if (registry_set_property(reg, e, "IOLinuxSysfsPath", path) != 0) {
			registry_entry_remove(reg, e);
			goto fail_path;
		}
		path = NULL;
		if (registry_attach(reg, e, parent, src->service_plane) != 0 ||
		    !node_add(src, net, e->id, NULL, true)) {
			registry_entry_remove(reg, e);
			goto out;
		}
		ret = 0;
fail_path:
		talloc_free(path);
		if (ret)
			goto out;
	}
	if (mac) {
		const struct reg_value *old = reg_entry_property(e, "IOMACAddress");

		if (!old || !reg_value_identical(old, mac)) {
			struct reg_value *v = reg_value_copy(NULL, mac);

			if (!v || registry_set_property(reg, e, "IOMACAddress", v) != 0) {
				talloc_free(v);
				ret = -ENOMEM;
			}
		}
	}
out:
	talloc_free(net);
	return ret;
}

/* On a machine with a device tree, the CPU's node gets logical-cpu-id
 * (4-byte little-endian data, as Apple Silicon's device tree has it): the
 * kernel's number for the CPU whose of_node the node is.  Write lock held. */
static void cpu_devicetree_id(struct linux_source *src, struct reg_entry *cpu)
{
	const struct reg_value *of = reg_entry_property(cpu, "IOLinuxDeviceTreePath");
	const struct reg_value *num = reg_entry_property(cpu, "IOCPUNumber");
	struct reg_entry *node;
	uint8_t le[4];

	if (src->dt_plane < 0 || !reg_value_is_string(of) || !num || num->type != REG_NUMBER)
		return;
	node = registry_lookup_path_in_plane(src->reg, of->u.string.chars, src->dt_plane);
	if (!node || node == cpu)
		return;
	for (int i = 0; i < 4; i++)
		le[i] = (uint8_t)((uint64_t)num->u.number.value >> (8 * i));
	struct reg_value *v = reg_value_new_data(NULL, le, 4);
	const struct reg_value *old = reg_entry_property(node, "logical-cpu-id");

	if (v && old && reg_value_identical(old, v)) {
		talloc_free(v);
		return;
	}
	if (v && registry_set_property(src->reg, node, "logical-cpu-id", v) != 0)
		talloc_free(v);
}

/* Creates or updates the entry for devpath (write lock held). */
static int apply_spec(struct linux_source *src, const char *devpath,
		      const char *subsystem, bool glue, struct lx_entry_spec *spec)
{
	struct registry *reg = src->reg;
	struct lx_node *n = lx_node_find(src, devpath);
	struct reg_entry *e = lx_node_entry(src, n);
	int ret;

	if (!registry_class_declare_chain(reg, spec->classes, spec->nclasses))
		return -ENOMEM;
	if (n && !e) {
		node_remove(src, devpath);	/* removed behind our back */
		n = NULL;
	}
	if (strcmp(spec->classes[0], "IOEthernetInterface") == 0 &&
	    (ret = ensure_controller(src, devpath, spec)) != 0)
		return ret;
	if (!e) {
		struct reg_entry *parent = parent_entry(src, devpath);

		e = registry_entry_new(reg, 0, spec->name, spec->classes[0]);
		if (!e)
			return -ENOMEM;
		if ((spec->location &&
		     registry_entry_set_location(reg, e, REG_NO_PLANE, spec->location) != 0) ||
		    move_properties(src, e, spec->props) != 0 ||
		    !parent || registry_attach(reg, e, parent, src->service_plane) != 0 ||
		    !(n = node_add(src, devpath, e->id, subsystem, glue))) {
			registry_entry_remove(reg, e);
			return -ENOMEM;
		}
	} else {
		if (strcmp(e->cls->name, spec->classes[0]) &&
		    registry_entry_set_class(reg, e, spec->classes[0]) != 0)
			return -ENOMEM;
		if (strcmp(e->name, spec->name) &&
		    registry_entry_set_name(reg, e, REG_NO_PLANE, spec->name) != 0)
			return -ENOMEM;
		if (!same_text(e->location, spec->location) &&
		    registry_entry_set_location(reg, e, REG_NO_PLANE, spec->location) != 0)
			return -ENOMEM;
		if ((ret = apply_properties(src, e, spec->props)) != 0)
			return ret;
		if (!same_text(n->subsystem, subsystem)) {
			talloc_free(n->subsystem);
			n->subsystem = subsystem ? talloc_strdup(n, subsystem) : NULL;
		}
	}
	if (glue)
		return 0;
	attach_driver(src, e, devpath, subsystem);
	if (subsystem && strcmp(subsystem, "acpi") == 0 &&
	    (ret = lx_acpi_attach(src, e, devpath, spec)) != 0)
		return ret;
	if (subsystem && strcmp(subsystem, "power_supply") == 0)
		refresh_power_sources(src);
	if (strcmp(spec->classes[0], "IOEthernetInterface") == 0)
		note_interface(src, e);
	if (subsystem && strcmp(subsystem, "cpu") == 0)
		cpu_devicetree_id(src, e);
	if (src->resources_id && src->nnodes != src->class_count_seen)
		lx_resources_refresh_diagnostics(src);
	return 0;
}

/* A battery's ExternalConnected is whether any other supply is online. */
static void refresh_power_sources(struct linux_source *src)
{
	struct reg_class *ps = registry_class_get(src->reg, "IOPMPowerSource");
	bool have_adapter = false, online = false;

	if (!ps)
		return;
	for (size_t i = 0; i < ps->ninstances; i++) {
		const struct reg_value *v =
			reg_entry_property(ps->instances[i], "ExternalConnected");

		have_adapter = true;
		if (v && v->type == REG_BOOL && v->u.boolean)
			online = true;
	}
	struct reg_class *bat = registry_class_get(src->reg, "AppleSmartBattery");

	for (size_t i = 0; bat && i < bat->ninstances; i++) {
		struct reg_entry *e = bat->instances[i];
		const struct reg_value *v = reg_entry_property(e, "ExternalConnected");

		if (!have_adapter) {
			if (v)
				registry_remove_property(src->reg, e, "ExternalConnected");
			continue;
		}
		if (v && v->type == REG_BOOL && v->u.boolean == online)
			continue;
		struct reg_value *nv = reg_value_new_bool(NULL, online);

		if (nv && registry_set_property(src->reg, e, "ExternalConnected", nv) != 0)
			talloc_free(nv);
	}
}

/* ---- adding, updating, removing ---- */

static int add_device(struct linux_source *src, const char *devpath);
static int ensure_parents(struct linux_source *src, const char *devpath, unsigned depth);

static int add_glue(struct linux_source *src, const char *devpath)
{
	void *tmp = talloc_new(NULL);
	struct lx_entry_spec spec;
	int ret = -ENOMEM;

	if (tmp && lx_build_glue(tmp, devpath, &spec) == 0) {
		registry_wrlock(src->reg);
		ret = apply_spec(src, devpath, NULL, true, &spec);
		registry_unlock(src->reg);
	}
	talloc_free(tmp);
	return ret;
}

/* Makes sure the directories from p up that should be entries are:
 * devices (missed events) and glue directories with no device above them
 * ("virtual", "virtual/net"), which keep the top level readable. */
static int ensure_from(struct linux_source *src, const char *start, unsigned depth)
{
	void *tmp = talloc_new(NULL);
	char *p = tmp ? talloc_strdup(tmp, start) : NULL;
	int ret = 0;

	if (!p) {
		talloc_free(tmp);
		return -ENOMEM;
	}
	if (depth > LX_MAX_WALK_DEPTH) {
		talloc_free(tmp);
		return -ELOOP;
	}
	while (p) {
		if (lx_node_find(src, p))
			break;
		if (lx_is_device_dir(src->root, p)) {
			ret = ensure_parents(src, p, depth + 1);
			if (ret == 0)
				ret = add_device(src, p);
			break;
		}
		if (!has_device_ancestor(tmp, src, p)) {
			ret = ensure_parents(src, p, depth + 1);
			if (ret == 0)
				ret = add_glue(src, p);
			break;
		}
		p = parent_devpath(tmp, p);
	}
	talloc_free(tmp);
	return ret;
}

/* The same for the directories above devpath. */
static int ensure_parents(struct linux_source *src, const char *devpath, unsigned depth)
{
	char *p = parent_devpath(NULL, devpath);
	int ret;

	if (depth > LX_MAX_WALK_DEPTH) {
		talloc_free(p);
		return -ELOOP;
	}
	ret = p ? ensure_from(src, p, depth) : 0;
	talloc_free(p);
	return ret;
}

/* Creates or updates devpath's entry from dev as read (NULL: the read
 * failed, errno says why), then frees tmp, which holds dev. */
static int install_device(struct linux_source *src, const char *devpath, void *tmp,
			  struct lx_device *dev)
{
	struct lx_entry_spec spec;
	int ret;

	if (!dev) {
		ret = errno == ENOENT ? -ENOENT : -EIO;
	} else {
		ret = lx_build_entry(tmp, dev, &spec);
		if (ret == 0) {
			registry_wrlock(src->reg);
			ret = apply_spec(src, devpath, dev->subsystem, false, &spec);
			registry_unlock(src->reg);
		}
	}
	talloc_free(tmp);
	return ret;
}

/* Reads devpath and creates or updates its entry.  Its parents exist. */
static int add_device(struct linux_source *src, const char *devpath)
{
	void *tmp = talloc_new(NULL);
	struct lx_device *dev;

	if (!tmp)
		return -ENOMEM;
	dev = lx_device_read(tmp, src->root, devpath, ancestors_of(tmp, src, devpath),
			     src->short_is_end);
	return install_device(src, devpath, tmp, dev);
}

/* Removes e and everything below it in the IOService plane. */
static void remove_subtree(struct linux_source *src, struct reg_entry *e, unsigned depth)
{
	const struct reg_value *path;

	while (depth < LX_MAX_WALK_DEPTH * 2 &&
	       reg_entry_child_count(e, src->service_plane))
		remove_subtree(src, reg_entry_child(e, src->service_plane, 0), depth + 1);
	path = reg_entry_property(e, "IOLinuxSysfsPath");
	if (reg_value_is_string(path))
		node_remove(src, path->u.string.chars);
	registry_entry_remove(src->reg, e);
}

static void remove_device(struct linux_source *src, const char *devpath)
{
	struct reg_entry *e;
	bool was_power;

	registry_wrlock(src->reg);
	struct lx_node *n = lx_node_find(src, devpath);

	e = lx_node_entry(src, n);
	was_power = n && n->subsystem && strcmp(n->subsystem, "power_supply") == 0;
	if (e)
		remove_subtree(src, e, 0);
	else if (n)
		node_remove(src, devpath);
	if (was_power)
		refresh_power_sources(src);
	if (src->primary_eth_id && !registry_entry_by_id(src->reg, src->primary_eth_id))
		refresh_primary_interface(src);
	if (src->resources_id && src->nnodes != src->class_count_seen)
		lx_resources_refresh_diagnostics(src);
	registry_unlock(src->reg);
}


/* A directory on the walk's way down: what the walk learnt of it, so that
 * finding a device's parents needs no stat of the directories above. */
struct walk_frame {
	const char *devpath;
	bool is_device;			/* has a regular uevent file */
	bool device_above;		/* some directory above it (below /devices) is */
	bool stat_above;		/* the top frame of a walk below /devices: the
					 * directories above it were not seen */
	const struct walk_frame *up;	/* NULL at the top */
};

/* ensure_parents for a device found by the walk in directory f: the same
 * decisions, taken from the frames instead of stat'ing each directory
 * above (every frame's directory was seen on the way down). */
static int ensure_parents_walk(struct linux_source *src, const struct walk_frame *f)
{
	for (; f; f = f->up) {
		if (!f->up)
			return f->stat_above ? ensure_from(src, f->devpath, 0) : 0;
		if (lx_node_find(src, f->devpath))
			return 0;
		if (f->is_device) {
			int ret = ensure_parents_walk(src, f->up);

			return ret == 0 ? add_device(src, f->devpath) : ret;
		}
		if (!f->device_above) {
			int ret = ensure_parents_walk(src, f->up);

			return ret == 0 ? add_glue(src, f->devpath) : ret;
		}
	}
	return 0;
}

/* Reads a device the walk has open (dirfd) and listed, and creates or
 * updates its entry.  Its parents exist. */
static int add_device_at(struct linux_source *src, const char *devpath, int dirfd,
			 struct lx_listing *ls, const struct lx_listing *parent_ls)
{
	void *tmp = talloc_new(NULL);
	struct lx_device *dev;

	if (!tmp)
		return -ENOMEM;
	errno = 0;
	dev = lx_device_read_at(tmp, src->root, devpath, ancestors_of(tmp, src, devpath),
				dirfd, ls);
	if (dev)
		dev->parent_listing = parent_ls;
	return install_device(src, devpath, tmp, dev);
}

/* Every device directory below the directory of frame f (open on dfd,
 * listed in ls), parents first.  Each directory is opened relative to its
 * parent and listed once: the listing gives the device's attributes and
 * the subdirectories to walk into. */
static int walk_dir(struct linux_source *src, const struct walk_frame *f, int dfd,
		    struct lx_listing *ls, unsigned depth)
{
	size_t plen = strlen(f->devpath);
	int ret = 0;

	if (depth > LX_MAX_WALK_DEPTH)
		return 0;
	for (size_t i = 0; i < ls->count && ret == 0; i++) {
		struct lx_dirent *ent = &ls->ents[i];
		const char *name = ent->name;
		size_t nlen = strlen(name);
		struct stat st;

		if (name[0] == '.' || (ent->type != DT_DIR && ent->type != DT_UNKNOWN))
			continue;
		if (plen + 1 + nlen > LX_MAX_DEVPATH)
			continue;
		if (ent->type == DT_UNKNOWN &&
		    (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode)))
			continue;
		char child[LX_MAX_DEVPATH + 1];

		memcpy(child, f->devpath, plen);
		child[plen] = '/';
		memcpy(child + plen + 1, name, nlen + 1);
		struct walk_frame cf = {
			.devpath = child,
			.is_device = lx_dirent_uevent(ls, dfd, ent) == LX_UEVENT_FILE,
			.device_above = f->is_device || f->device_above,
			.up = f,
		};
		/* Opened and listed already when the device above read it as a
		 * group of attributes. */
		struct lx_subdir *sub = ent->sub;
		int open_errno = 0;

		ent->sub = NULL;
		if (!sub && !(sub = lx_subdir_open(NULL, dfd, name, ls->short_is_end))) {
			if (errno == ENOMEM)
				return -ENOMEM;
			open_errno = errno;
		}
		if (cf.is_device && !lx_node_find(src, child)) {
			ret = ensure_parents_walk(src, f);
			if (ret == 0)
				ret = sub ? add_device_at(src, child, sub->fd, &sub->ls, ls)
					  : open_errno == ENOENT ? -ENOENT : -EIO;
			/* A device that vanished mid-walk is no error. */
			if (ret == -ENOENT)
				ret = 0;
		}
		if (ret == 0 && sub)
			ret = walk_dir(src, &cf, sub->fd, &sub->ls, depth + 1);
		talloc_free(sub);
	}
	return ret;
}

/* Every device directory below devpath, parents first. */
static int walk(struct linux_source *src, const char *devpath, unsigned depth)
{
	char *path = talloc_asprintf(NULL, "%s%s", src->root, devpath);
	struct walk_frame top = { .devpath = devpath };
	struct lx_listing ls;
	int ret = 0, dfd;

	if (!path)
		return -ENOMEM;
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	talloc_free(path);
	if (dfd < 0)
		return 0;	/* gone: nothing below */
	/* The frames above devpath, as the stat'ing ensure_parents sees them. */
	if (strcmp(devpath, "/devices") != 0) {
		void *tmp = talloc_new(NULL);

		top.is_device = lx_is_device_dir(src->root, devpath);
		top.device_above = tmp && has_device_ancestor(tmp, src, devpath);
		top.stat_above = true;
		talloc_free(tmp);
	}
	if (lx_list_dir(NULL, dfd, &ls, src->short_is_end) == 0) {
		ret = walk_dir(src, &top, dfd, &ls, depth);
		talloc_free(ls.ents);
	} else {
		ret = -ENOMEM;
	}
	close(dfd);
	return ret;
}

int linux_source_rescan(struct linux_source *src, const char *devpath)
{
	int ret = 0;
	bool known;

	if (!src || !devpath || !valid_devpath(devpath))
		return -EINVAL;
	pthread_mutex_lock(&src->rescan_lock);
	registry_rdlock(src->reg);
	known = lx_node_find(src, devpath) != NULL;
	registry_unlock(src->reg);
	if (lx_is_device_dir(src->root, devpath)) {
		ret = ensure_parents(src, devpath, 0);
		if (ret == 0)
			ret = add_device(src, devpath);
		/* Devices that came with it and were not announced. */
		if (ret == 0 && !known)
			ret = walk(src, devpath, 0);
	} else {
		char *path = talloc_asprintf(NULL, "%s%s", src->root, devpath);
		struct stat st;
		bool glue_dir = path && lstat(path, &st) == 0 && S_ISDIR(st.st_mode);

		talloc_free(path);
		registry_rdlock(src->reg);
		struct lx_node *n = lx_node_find(src, devpath);
		bool keep = n && n->glue && glue_dir;

		registry_unlock(src->reg);
		if (!keep)
			remove_device(src, devpath);
	}
	if (ret == -ENOENT) {
		remove_device(src, devpath);
		ret = 0;
	}
	pthread_mutex_unlock(&src->rescan_lock);
	return ret;
}

/* ---- loading ---- */

static int source_destructor(struct linux_source *src)
{
	lx_hotplug_stop(src);
	pthread_mutex_destroy(&src->rescan_lock);
	return 0;
}

/* An option's path: given ("" = none), else the default for the real /sys
 * only.  Returns 0 or -ENOMEM. */
static int option_path(struct linux_source *src, char **out, const char *given,
		       const char *def)
{
	const char *v = given ? (given[0] ? given : NULL) : (src->real_sys ? def : NULL);

	*out = v ? talloc_strdup(src, v) : NULL;
	return v && !*out ? -ENOMEM : 0;
}

struct linux_source *linux_source_load(void *ctx, struct registry *reg,
				       const struct linux_source_options *opts,
				       struct reg_parse_error *err)
{
	const char *root = opts && opts->sysfs_root ? opts->sysfs_root : "/sys";
	struct linux_source *src;
	struct stat st;
	int ret;

	src = talloc_zero(ctx, struct linux_source);
	if (!src) {
		reg_parse_error_set(err, 0, 0, "linux: out of memory");
		return NULL;
	}
	src->reg = reg;
	src->event_pipe[0] = src->event_pipe[1] = -1;
	src->stop_pipe[0] = src->stop_pipe[1] = -1;
	src->dt_plane = src->acpi_plane = -1;
	pthread_mutex_init(&src->rescan_lock, NULL);
	talloc_set_destructor(src, source_destructor);
	src->root = talloc_strdup(src, root);
	if (!src->root)
		goto nomem;
	while (strlen(src->root) > 1 && src->root[strlen(src->root) - 1] == '/')
		src->root[strlen(src->root) - 1] = '\0';
	src->real_sys = strcmp(src->root, "/sys") == 0;
	src->hotplug = opts && opts->hotplug;
	src->netlink_fd = src->inotify_fd = -1;
	if (option_path(src, &src->machine_id_path, opts ? opts->machine_id_path : NULL,
			"/etc/machine-id") != 0 ||
	    option_path(src, &src->dbus_machine_id_path,
			opts ? opts->dbus_machine_id_path : NULL,
			"/var/lib/dbus/machine-id") != 0 ||
	    option_path(src, &src->state_dir, opts ? opts->state_dir : NULL,
			LINUX_SOURCE_DEFAULT_STATE_DIR) != 0 ||
	    option_path(src, &src->sessions_dir, opts ? opts->sessions_dir : NULL,
			"/run/systemd/sessions") != 0 ||
	    option_path(src, &src->utmp_path, opts ? opts->utmp_path : NULL,
			"/var/run/utmp") != 0)
		goto nomem;

	char *devices = talloc_asprintf(src, "%s/devices", src->root);

	if (!devices)
		goto nomem;
	if (stat(devices, &st) != 0 || !S_ISDIR(st.st_mode)) {
		reg_parse_error_set(err, 0, 0, "linux: %s is not a sysfs tree (no devices "
				    "directory)", src->root);
		goto fail;
	}
	talloc_free(devices);

	src->short_is_end = lx_short_is_end(src->root);
	registry_wrlock(reg);
	src->service_plane = registry_add_plane(reg, "IOService");
	registry_unlock(reg);
	if (src->service_plane < 0)
		goto nomem;
	pthread_mutex_lock(&src->rescan_lock);
	src->loading = true;
	ret = lx_platform_create(src, err);
	if (ret == 0)
		ret = lx_devicetree_load(src, err);
	if (ret == 0) {
		ret = walk(src, "/devices", 0);
		if (ret != 0)
			reg_parse_error_set(err, 0, 0, "linux: reading %s/devices: %s",
					    src->root, strerror(-ret));
	}
	if (ret == 0)
		ret = lx_smbios_create(src, err);
	if (ret == 0)
		ret = lx_resources_create(src, err);
	src->loading = false;
	if (ret == 0) {
		registry_wrlock(reg);
		refresh_primary_interface(src);
		ret = lx_update_planes_property(src);
		registry_unlock(reg);
	}
	pthread_mutex_unlock(&src->rescan_lock);
	if (ret != 0) {
		reg_parse_error_set(err, 0, 0, "linux: %s", strerror(-ret));
		goto fail;
	}
	return src;
nomem:
	reg_parse_error_set(err, 0, 0, "linux: out of memory");
fail:
	talloc_free(src);
	return NULL;
}
