/* The AppleSMBIOS service: the firmware's raw SMBIOS table, as macOS's
 * AppleSMBIOS driver publishes it, for tools that parse the structures
 * themselves.  Linux exports the same bytes in /sys/firmware/dmi/tables:
 * "DMI" (the structure table) becomes the "SMBIOS" data property and
 * "smbios_entry_point" (the _SM_ or _SM3_ entry point) "SMBIOS-EPS".
 * Both are readable by root only: a non-root daemon, or a machine without
 * SMBIOS (most ARM boards), gets no AppleSMBIOS entry, as a Mac without the
 * table would.
 *
 * The entry is a child of the platform entry; IOResources publishes
 * "SMBIOS" when it exists.  Read once at load (the table does not change
 * while the machine runs).  Errors: 0 or -errno; absence is not an error. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

/* SMBIOS 3 allows a 4 GiB table; real ones are a few KiB.  Past this the
 * table is not published (and the reason is logged). */
#define SMBIOS_MAX_BYTES (4u << 20)

/* The whole file as bytes, or NULL (errno set; EFBIG when too large). */
static uint8_t *read_binary(void *ctx, const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	size_t cap = 65536, used = 0;
	uint8_t *buf;

	if (fd < 0)
		return NULL;
	buf = talloc_array(ctx, uint8_t, cap);
	while (buf) {
		ssize_t n;

		if (used == cap) {
			if (cap >= SMBIOS_MAX_BYTES) {
				errno = EFBIG;
				goto fail;
			}
			cap *= 2;
			buf = talloc_realloc(ctx, buf, uint8_t, cap);
			if (!buf)
				break;
		}
		n = read(fd, buf + used, cap - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0) {
			close(fd);
			*len = used;
			return buf;
		}
		used += (size_t)n;
	}
	errno = ENOMEM;
fail:
	{
		int saved = errno;

		close(fd);
		talloc_free(buf);
		errno = saved;
	}
	return NULL;
}

/* An entry point is "_SM_" (SMBIOS 2.x, 31 bytes) or "_SM3_" (3.x, 24). */
static bool valid_eps(const uint8_t *b, size_t len)
{
	return (len >= 31 && memcmp(b, "_SM_", 4) == 0) ||
	       (len >= 24 && memcmp(b, "_SM3_", 5) == 0);
}

int lx_smbios_create(struct linux_source *src, struct reg_parse_error *err)
{
	void *tmp = talloc_new(NULL);
	char *dir = tmp ? talloc_asprintf(tmp, "%s/firmware/dmi/tables", src->root) : NULL;
	char *table_path = dir ? talloc_asprintf(tmp, "%s/DMI", dir) : NULL;
	char *eps_path = dir ? talloc_asprintf(tmp, "%s/smbios_entry_point", dir) : NULL;
	size_t table_len = 0, eps_len = 0;
	uint8_t *table, *eps;
	struct reg_value *props, *sources;
	struct reg_entry *pe, *e = NULL;
	int ret = -ENOMEM;

	if (!eps_path)
		goto out;
	table = read_binary(tmp, table_path, &table_len);
	eps = table ? read_binary(tmp, eps_path, &eps_len) : NULL;
	if (!table || !eps || table_len == 0 || !valid_eps(eps, eps_len)) {
		ret = 0;	/* no table, not readable (non-root), or not SMBIOS */
		if (errno == EFBIG)
			fprintf(stderr, "iokitfs: warning: %s is larger than %u bytes; no "
				"AppleSMBIOS entry\n", table_path, SMBIOS_MAX_BYTES);
		goto out;
	}
	props = reg_value_new_dict(tmp);
	sources = props ? reg_value_new_dict(props) : NULL;
	if (!sources)
		goto out;
	reg_dict_set(props, "SMBIOS", reg_value_new_data(props, table, table_len));
	reg_dict_set(props, "SMBIOS-EPS", reg_value_new_data(props, eps, eps_len));
	reg_dict_set(sources, "SMBIOS", reg_value_new_string(sources, table_path));
	reg_dict_set(sources, "SMBIOS-EPS", reg_value_new_string(sources, eps_path));
	reg_dict_set(props, "IOLinuxPlatformSources", sources);
	if (props->u.dict.count != 3)
		goto out;

	registry_wrlock(src->reg);
	pe = registry_entry_by_id(src->reg, src->platform_id);
	if (pe && registry_class_declare(src->reg, "AppleSMBIOS", "IOService"))
		e = registry_entry_new(src->reg, 0, "AppleSMBIOS", "AppleSMBIOS");
	if (e) {
		/* The entry is new and unattached: replacing its table is safe.
		 * On failure the dictionary stays ours (tmp frees it). */
		if (registry_entry_replace_properties(src->reg, e, props) == 0 &&
		    registry_attach(src->reg, e, pe, src->service_plane) == 0) {
			ret = 0;
		} else {
			registry_entry_remove(src->reg, e);
		}
	}
	registry_unlock(src->reg);
out:
	if (ret != 0)
		reg_parse_error_set(err, 0, 0, "linux: cannot create AppleSMBIOS: %s",
				    strerror(-ret));
	talloc_free(tmp);
	return ret;
}
