/* The IOPlatformExpertDevice: the IOService plane's root, named after the
 * machine's model, with the keys macOS tools read (IOPlatformUUID,
 * IOPlatformSerialNumber, model, manufacturer ...).  Facts come from DMI
 * (/sys/class/dmi/id), else the device tree's root, else fallbacks that
 * IOLinuxPlatformSources names, so a reader can tell a DMI serial from a
 * guess. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <talloc.h>
#include <unistd.h>

/* Values firmware writes when it has nothing to say. */
static bool placeholder(const char *s)
{
	static const char *const junk[] = {
		"", "None", "Not Specified", "Not Applicable", "Default string",
		"To Be Filled By O.E.M.", "To be filled by O.E.M.", "System Product Name",
		"System Serial Number", "System manufacturer", "System Version",
		"0123456789", "123456789", "0", "Unknown", "N/A",
		"00000000-0000-0000-0000-000000000000",
		"03000200-0400-0500-0006-000700080009",
		"FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
	};

	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		if (strcasecmp(s, junk[i]) == 0)
			return true;
	return false;
}

static char *trimmed(void *ctx, const char *s)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return talloc_strndup(ctx, s, len);
}

static char *dmi_field(void *ctx, const char *root, const char *field)
{
	char *path = talloc_asprintf(ctx, "%s/class/dmi/id/%s", root, field);
	char *text = path ? lx_read_file(ctx, path, 4096, NULL) : NULL;
	char *t = text ? trimmed(ctx, text) : NULL;

	talloc_free(path);
	talloc_free(text);
	if (t && placeholder(t)) {
		talloc_free(t);
		return NULL;
	}
	return t;
}

/* A device-tree property: its raw bytes, and the first string in it. */
static char *dt_property(void *ctx, const char *base, const char *name, size_t *len)
{
	char *path, *bytes;

	if (!base)
		return NULL;
	path = talloc_asprintf(ctx, "%s/%s", base, name);
	bytes = path ? lx_read_file(ctx, path, 4096, len) : NULL;
	talloc_free(path);
	if (bytes && (!bytes[0] || placeholder(bytes))) {
		talloc_free(bytes);
		return NULL;
	}
	return bytes;
}

/* 32 hex digits as an uppercase UUID. */
static char *machine_id_uuid(void *ctx, const char *path)
{
	char *id = path ? lx_read_file(ctx, path, 256, NULL) : NULL;
	char *t = id ? trimmed(ctx, id) : NULL;
	char *uuid = NULL;

	if (t && strlen(t) == 32 && strspn(t, "0123456789abcdefABCDEF") == 32) {
		for (char *p = t; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		uuid = talloc_asprintf(ctx, "%.8s-%.4s-%.4s-%.4s-%.12s", t, t + 8, t + 12,
				       t + 16, t + 20);
	}
	talloc_free(id);
	talloc_free(t);
	return uuid;
}

/* Publishes tmp as path: replacing a bad one, else only when path does not
 * exist yet (another daemon's UUID wins).  Returns 0 or -1 with errno. */
static int publish_file(const char *tmp, const char *path, bool replace)
{
	if (replace)
		return rename(tmp, path);
	if (link(tmp, path) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* A fresh random (version 4) UUID, upper case. */
static char *random_uuid(void *ctx)
{
	uint8_t b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		got += (size_t)n;
	}
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	return talloc_asprintf(ctx, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
			       "%02X%02X%02X%02X%02X%02X", b[0], b[1], b[2], b[3], b[4], b[5],
			       b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static bool is_uuid_text(const char *s)
{
	static const char shape[] = "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX";

	if (strlen(s) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == '-' ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The UUID kept in state_dir/platform-uuid: read it, or generate and store
 * it (created atomically: a temporary file renamed into place, so two
 * daemons starting together agree on the first one written).  When there is
 * no state directory or it cannot be written, a UUID for this load only,
 * and a warning.  *from says which. */
static char *kept_uuid(void *ctx, const char *state_dir, const char **from)
{
	char *path, *tmpl, *text, *uuid;
	int fd, saved;

	if (!state_dir) {
		*from = "generated (this load only: no state directory)";
		return random_uuid(ctx);
	}
	path = talloc_asprintf(ctx, "%s/platform-uuid", state_dir);
	if (!path)
		return NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		text = lx_read_file(ctx, path, 256, NULL);
		uuid = text ? trimmed(ctx, text) : NULL;
		if (uuid && is_uuid_text(uuid)) {
			for (char *p = uuid; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			*from = talloc_asprintf(ctx, "generated once, kept in %s", path);
			return uuid;
		}
		bool bad = text != NULL;

		if (bad)
			fprintf(stderr, "iokitfs: warning: %s is not a UUID; replacing it\n", path);
		if (attempt == 1)
			break;
		uuid = random_uuid(ctx);
		tmpl = talloc_asprintf(ctx, "%s/.platform-uuid.XXXXXX", state_dir);
		if (!uuid || !tmpl)
			return NULL;
		if (mkdir(state_dir, 0755) != 0 && errno != EEXIST)
			goto unwritable;
		fd = mkstemp(tmpl);
		if (fd < 0)
			goto unwritable;
		char *line = talloc_asprintf(ctx, "%s\n", uuid);

		if (!line || write(fd, line, strlen(line)) != (ssize_t)strlen(line) ||
		    fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
			saved = errno;
			close(fd);
			unlink(tmpl);
			errno = saved;
			goto unwritable;
		}
		close(fd);
		/* link() fails when another daemon stored one first: read that. */
		if (publish_file(tmpl, path, bad) != 0) {
			saved = errno;
			unlink(tmpl);
			errno = saved;
			goto unwritable;
		}
		unlink(tmpl);
	}
	errno = EIO;
unwritable:
	saved = errno;
	fprintf(stderr, "iokitfs: warning: cannot keep the platform UUID in %s (%s); "
		"using one for this mount only, IOPlatformUUID will change at the next "
		"mount (set -o state_dir=DIR)\n", state_dir, strerror(saved));
	*from = talloc_asprintf(ctx, "generated (this load only: %s not writable: %s)",
				state_dir, strerror(saved));
	return random_uuid(ctx);
}

struct platform_props {
	struct reg_value *props;
	struct reg_value *sources;	/* key -> where it came from */
};

static void put_value(struct platform_props *pp, const char *key, struct reg_value *v,
		      const char *from)
{
	if (!v)
		return;
	reg_dict_set(pp->props, key, v);
	reg_dict_set(pp->sources, key, reg_value_new_string(pp->sources, from));
}

static void put_data_string(struct platform_props *pp, const char *key, const char *s,
			    const char *from)
{
	if (s)
		put_value(pp, key, reg_value_new_data(pp->props, s, strlen(s) + 1), from);
}

static void put_string(struct platform_props *pp, const char *key, const char *s,
		       const char *from)
{
	if (s)
		put_value(pp, key, reg_value_new_string(pp->props, s), from);
}

int lx_platform_create(struct linux_source *src, struct reg_parse_error *err)
{
	void *tmp = talloc_new(NULL);
	const char *root = src->root;
	struct platform_props pp;
	struct utsname uts;
	char *dt, *model, *compat, *serial, *uuid, *machine;
	const char *model_from, *serial_from = NULL, *uuid_from = NULL;
	size_t compat_len = 0;
	struct reg_entry *pe;
	int ret = -ENOMEM;

	if (!tmp)
		goto out;
	pp.props = reg_value_new_dict(tmp);
	pp.sources = reg_value_new_dict(tmp);
	if (!pp.props || !pp.sources)
		goto out;
	dt = lx_devicetree_base(tmp, root);
	machine = talloc_strdup(tmp, uname(&uts) == 0 ? uts.machine : "unknown");

	char *product = dmi_field(tmp, root, "product_name");
	char *dt_model = dt_property(tmp, dt, "model", NULL);

	if (product) {
		model = product;
		model_from = "DMI product_name";
	} else if (dt_model) {
		model = dt_model;
		model_from = "device tree model";
	} else {
		model = talloc_asprintf(tmp, "Linux,%s", machine);
		model_from = "uname machine";
	}
	put_data_string(&pp, "model", model, model_from);
	put_data_string(&pp, "product-name", product ? product : dt_model,
			product ? "DMI product_name" : "device tree model");
	put_data_string(&pp, "manufacturer", dmi_field(tmp, root, "sys_vendor"),
			"DMI sys_vendor");
	put_data_string(&pp, "board-id", dmi_field(tmp, root, "board_name"),
			"DMI board_name");
	put_data_string(&pp, "version", dmi_field(tmp, root, "product_version"),
			"DMI product_version");
	put_data_string(&pp, "IOLinuxProductFamily", dmi_field(tmp, root, "product_family"),
			"DMI product_family");
	put_data_string(&pp, "IOLinuxBIOSVersion", dmi_field(tmp, root, "bios_version"),
			"DMI bios_version");

	compat = dt_property(tmp, dt, "compatible", &compat_len);
	if (compat)
		put_value(&pp, "compatible", reg_value_new_data(pp.props, compat, compat_len),
			  "device tree compatible");
	else
		put_data_string(&pp, "compatible", model, model_from);

	static const char *const serial_fields[] = {
		"product_serial", "board_serial", "chassis_serial"
	};
	serial = NULL;
	for (size_t i = 0; i < 3 && !serial; i++) {
		serial = dmi_field(tmp, root, serial_fields[i]);
		serial_from = serial_fields[i];
	}
	if (serial)
		serial_from = talloc_asprintf(tmp, "DMI %s", serial_from);
	else if ((serial = dt_property(tmp, dt, "serial-number", NULL)))
		serial_from = "device tree serial-number";
	put_string(&pp, "IOPlatformSerialNumber", serial, serial_from);

	uuid = dmi_field(tmp, root, "product_uuid");
	if (uuid) {
		for (char *p = uuid; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		uuid_from = "DMI product_uuid";
	} else if ((uuid = machine_id_uuid(tmp, src->machine_id_path))) {
		uuid_from = talloc_asprintf(tmp, "machine-id (%s)", src->machine_id_path);
	} else if ((uuid = machine_id_uuid(tmp, src->dbus_machine_id_path))) {
		uuid_from = talloc_asprintf(tmp, "machine-id (%s)", src->dbus_machine_id_path);
	} else {
		uuid = kept_uuid(tmp, src->state_dir, &uuid_from);
	}
	put_string(&pp, "IOPlatformUUID", uuid, uuid_from);
	src->platform_uuid = uuid ? talloc_strdup(src, uuid) : NULL;
	put_string(&pp, "IOLinuxMachine", machine, "uname machine");
	reg_dict_set(pp.props, "IOLinuxPlatformSources", pp.sources);

	registry_wrlock(src->reg);
	pe = NULL;
	if (registry_class_declare(src->reg, "IOPlatformExpertDevice", "IOService"))
		pe = registry_entry_new(src->reg, 0, model, "IOPlatformExpertDevice");
	if (pe) {
		ret = 0;
		for (size_t i = 0; i < pp.props->u.dict.count && ret == 0; i++) {
			struct reg_value *v = reg_value_copy(NULL, pp.props->u.dict.values[i]);

			if (!v || registry_set_property(src->reg, pe, pp.props->u.dict.keys[i],
							v) != 0) {
				talloc_free(v);
				ret = -ENOMEM;
			}
		}
		if (ret == 0 && registry_attach(src->reg, pe, registry_root(src->reg),
						src->service_plane) != 0)
			ret = -ENOMEM;
		if (ret == 0)
			src->platform_id = pe->id;
		else
			registry_entry_remove(src->reg, pe);
	}
	registry_unlock(src->reg);
out:
	if (ret != 0)
		reg_parse_error_set(err, 0, 0, "linux: cannot create the platform entry: %s",
				    strerror(-ret));
	talloc_free(tmp);
	return ret;
}
