/* Dispatching SOURCE arguments to the loaders. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "ioreg_archive.h"
#include "read_file.h"
#include "ioreg_text.h"
#include "ioreg_xml.h"
#include "linux_sysfs.h"

struct source_live {
	struct linux_source *linux_src;
};

bool source_is_linux(const char *spec)
{
	return strcmp(spec, "linux") == 0;
}

const char *source_format_name(enum source_format f)
{
	switch (f) {
	case SOURCE_IOREG_ARCHIVE: return ".ioreg archive";
	case SOURCE_IOREG_XML: return "ioreg -a XML";
	case SOURCE_IOREG_TEXT: return "ioreg -l text";
	default: return "unknown";
	}
}

enum source_format source_detect_format(const void *buf, size_t len)
{
	const char *p = buf, *end = p + len;

	if (len >= 8 && memcmp(p, "bplist00", 8) == 0)
		return SOURCE_IOREG_ARCHIVE;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;	/* UTF-8 byte-order mark */
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (end - p >= 5 && (memcmp(p, "<?xml", 5) == 0 || memcmp(p, "<plis", 5) == 0 ||
			     memcmp(p, "<!DOC", 5) == 0))
		return SOURCE_IOREG_XML;
	if (end - p >= 4 && memcmp(p, "+-o ", 4) == 0)
		return SOURCE_IOREG_TEXT;
	return SOURCE_UNKNOWN;
}


/* "IODeviceTree=IORegDT.txt" names the plane; a path that exists as given
 * is always a path, so files with '=' in their names still load. */
static void split_plane(void *ctx, const char *spec, char **plane, const char **path)
{
	const char *eq = strchr(spec, '=');
	struct stat st;

	*plane = NULL;
	*path = spec;
	if (!eq || eq == spec || memchr(spec, '/', (size_t)(eq - spec)) || stat(spec, &st) == 0)
		return;
	*plane = talloc_strndup(ctx, spec, (size_t)(eq - spec));
	*path = eq + 1;
}

static int load_file(void *ctx, struct registry *reg, const char *spec,
		     struct reg_parse_error *err)
{
	void *tmp = talloc_new(ctx);
	struct reg_parse_error inner = { .message = "" };
	const char *path;
	char *plane, *buf;
	size_t len = 0;
	int ret = -1;

	split_plane(tmp, spec, &plane, &path);
	buf = reg_read_file(tmp, path, SOURCE_MAX_FILE_BYTES, &len, err);
	if (!buf)
		goto out;
	registry_wrlock(reg);
	switch (source_detect_format(buf, len)) {
	case SOURCE_IOREG_ARCHIVE:
		ret = source_load_ioreg_archive(reg, buf, len, &inner);
		break;
	case SOURCE_IOREG_XML:
		ret = source_load_ioreg_xml(reg, buf, len, plane, &inner);
		break;
	case SOURCE_IOREG_TEXT:
		ret = source_load_ioreg_text(reg, buf, len, plane, &inner);
		break;
	default:
		reg_parse_error_set(&inner, 0, 0,
				    "not a registry dump (expected a .ioreg archive, "
				    "ioreg -a XML or ioreg -l text)");
		ret = -1;
	}
	registry_unlock(reg);
	if (ret != 0) {
		if (!inner.message[0])
			snprintf(inner.message, sizeof(inner.message), "could not be loaded");
		if (inner.line)
			reg_parse_error_set(err, inner.line, inner.offset, "%s:%zu: %s", path,
					    inner.line, inner.message);
		else
			reg_parse_error_set(err, 0, inner.offset, "%s: byte %zu: %s", path,
					    inner.offset, inner.message);
	}
out:
	talloc_free(tmp);
	return ret;
}

int source_load(void *ctx, struct registry *reg, const char *const *specs, size_t n,
		const struct source_options *opts, struct source_live **live,
		struct reg_parse_error *err)
{
	struct source_live *lv = NULL;

	if (live)
		*live = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!source_is_linux(specs[i])) {
			if (load_file(ctx, reg, specs[i], err) != 0)
				goto fail;
			continue;
		}
		if (lv) {
			reg_parse_error_set(err, 0, 0, "linux: given twice");
			goto fail;
		}
		lv = talloc_zero(ctx, struct source_live);
		const char *machine_id = opts ? opts->machine_id : NULL;

		if (machine_id && strcmp(machine_id, "none") == 0)
			machine_id = "";
		struct linux_source_options lo = {
			.sysfs_root = opts ? opts->sysfs_root : NULL,
			.hotplug = opts ? opts->hotplug : false,
			.state_dir = opts ? opts->state_dir : NULL,
			.machine_id_path = machine_id,
			.dbus_machine_id_path = machine_id,
		};
		if (!lv || !(lv->linux_src = linux_source_load(lv, reg, &lo, err)))
			goto fail;
	}
	if (live)
		*live = lv;
	else if (lv)
		source_stop(lv);
	return 0;
fail:
	if (lv)
		source_stop(lv);
	return -1;
}

int source_start(struct source_live *live)
{
	if (!live || !live->linux_src)
		return 0;
	return linux_source_start(live->linux_src);
}

void source_stop(struct source_live *live)
{
	if (!live)
		return;
	if (live->linux_src)
		linux_source_stop(live->linux_src);
	talloc_free(live);
}

int source_inject_event(struct source_live *live, const char *text, size_t len)
{
	char line[4096], *words[4], *save = NULL, *w;
	size_t n = 0;

	if (!live || !live->linux_src)
		return -ENODEV;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len == 0 || len >= sizeof(line) || memchr(text, '\0', len))
		return -EINVAL;
	memcpy(line, text, len);
	line[len] = '\0';
	for (w = strtok_r(line, " \t", &save); w && n < 4; w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	if (w || n < 2 || n > 3 || words[1][0] != '/')
		return -EINVAL;
	if (strcmp(words[0], "add") && strcmp(words[0], "change") &&
	    strcmp(words[0], "remove") && strcmp(words[0], "move"))
		return -EINVAL;
	if ((strcmp(words[0], "move") == 0) != (n == 3))
		return -EINVAL;
	/* Refuse at once what the source would only refuse later, in its
	 * thread: paths outside /devices or climbing out of it. */
	for (size_t i = 1; i < n; i++)
		if (strncmp(words[i], "/devices/", 9) != 0 || strstr(words[i], "/../") ||
		    strstr(words[i], "/./") || strcmp(words[i] + strlen(words[i]) - 3, "/..") == 0)
			return -EINVAL;
	return linux_source_inject_event(live->linux_src, words[0], words[1],
					 n == 3 ? words[2] : NULL);
}
