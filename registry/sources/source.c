/* Dispatching SOURCE arguments to the loaders. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "dump_files.h"
#include "ioreg_archive.h"
#include "read_file.h"
#include "ioreg_text.h"
#include "ioreg_xml.h"
#include "linux_sysfs.h"
#include "unwrap.h"

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

/* Prefixes a loader's error with the file name and line. */
static void report(struct reg_parse_error *err, const char *name, struct reg_parse_error *inner)
{
	if (!inner->message[0])
		snprintf(inner->message, sizeof(inner->message), "could not be loaded");
	if (inner->line)
		reg_parse_error_set(err, inner->line, inner->offset, "%s:%zu: %s", name,
				    inner->line, inner->message);
	else
		reg_parse_error_set(err, 0, inner->offset, "%s: byte %zu: %s", name,
				    inner->offset, inner->message);
}

/* Loads one dump file's bytes (a text dump may be wrapped in RTF or HTML
 * escapes). */
static int load_buffer(void *ctx, struct registry *reg, const char *name, const char *plane,
		       const char *buf, size_t len, struct load_warnings *w,
		       struct reg_parse_error *err)
{
	void *tmp = talloc_new(ctx);
	struct reg_parse_error inner = { .message = "" };
	const char *what = NULL;
	size_t n = len;
	int ret = -1;

	if (!tmp) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	w->file = name;
	if (unwrap_is_rtf(buf, len)) {
		buf = unwrap_rtf(tmp, buf, len, &n);
		what = "ioreg text inside an RTF document (pasted into TextEdit?): unwrapped";
	} else if (unwrap_is_html_escaped(buf, len)) {
		buf = unwrap_html(tmp, buf, len, &n);
		what = "HTML-escaped ioreg text (copied from a web page?): unescaped";
	}
	if (!buf) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		goto out;
	}
	len = n;
	if (what && load_warn(w, &inner, 0, 0, "%s", what) != 0)
		goto fail;
	registry_wrlock(reg);
	switch (source_detect_format(buf, len)) {
	case SOURCE_IOREG_ARCHIVE:
		ret = source_load_ioreg_archive_warn(reg, buf, len, w, &inner);
		break;
	case SOURCE_IOREG_XML:
		ret = source_load_ioreg_xml(reg, buf, len, plane, &inner);
		break;
	case SOURCE_IOREG_TEXT:
		ret = source_load_ioreg_text_warn(reg, buf, len, plane, NULL, w, &inner);
		break;
	default:
		if (dump_kind_of(buf, len) == DUMP_TEXT) {
			/* ioreg text after a title or a shell prompt. */
			ret = source_load_ioreg_text_warn(reg, buf, len, plane, NULL, w, &inner);
			break;
		}
		reg_parse_error_set(&inner, 0, 0,
				    "not a registry dump (expected a .ioreg archive, "
				    "ioreg -a XML or ioreg -l text, or a folder or .zip "
				    "holding them)");
		ret = -1;
	}
	registry_unlock(reg);
fail:
	if (ret != 0)
		report(err, name, &inner);
out:
	talloc_free(tmp);
	return ret;
}

/* The plane a text or XML dump file shows, as its loader infers it. */
static const char *plane_of(const struct dump_file *f)
{
	const char *plane = "IOService";

	if (f->kind == DUMP_XML) {
		/* "/" or "device-tree" as Root's first child's name. */
		const char *k = memmem(f->buf, f->len, "<key>IORegistryEntryChildren</key>", 34);
		const char *nm = k ? memmem(k, f->len - (size_t)(k - f->buf),
					    "<key>IORegistryEntryName</key>", 30) : NULL;
		if (nm) {
			const char *v = nm + 30, *end = f->buf + f->len;
			while (v < end && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
				v++;
			if ((size_t)(end - v) >= 18 && (memcmp(v, "<string>/</string>", 18) == 0 ||
							memcmp(v, "<string>device-tree<", 20) == 0))
				plane = "IODeviceTree";
		}
		return plane;
	}
	return source_ioreg_text_plane(f->buf, f->len);
}

/* A folder or an archive: one machine's dump files. */
static int load_container(void *ctx, struct registry *reg, const char *path, const char *buf,
			  size_t len, struct load_warnings *w, struct reg_parse_error *err)
{
	void *tmp = talloc_new(ctx);
	struct dump_file *files = NULL;
	const char *planes[16];
	size_t nplanes = 0, loaded = 0;
	long n;
	int archive = -1, ret = -1;

	if (!tmp) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	n = dump_files_collect(tmp, path, buf, len, &files, err);
	if (n < 0)
		goto out;
	if (n == 0) {
		reg_parse_error_set(err, 0, 0, "%s: no registry dump in it (looked for .ioreg "
				    "archives, ioreg -a XML and ioreg -l text by content)", path);
		goto out;
	}
	for (long i = 0; i < n && archive < 0; i++)
		if (files[i].kind == DUMP_ARCHIVE)
			archive = (int)i;
	for (long i = 0; i < n; i++) {
		const char *plane = NULL, *why = NULL;
		bool take;

		if (archive >= 0) {
			take = i == archive;
			why = "an IORegistryExplorer archive of the machine is loaded";
		} else {
			plane = plane_of(&files[i]);
			take = true;
			for (size_t k = 0; k < nplanes; k++)
				take = take && strcmp(planes[k], plane) != 0;
			why = "another file of this plane is loaded";
		}
		if (!take) {
			w->file = files[i].name;
			if (load_warn(w, err, 0, 0, "skipped (%s: %s)", why,
				      archive >= 0 ? files[archive].name : plane) != 0)
				goto out;
			continue;
		}
		if (plane && nplanes < sizeof(planes) / sizeof(planes[0]))
			planes[nplanes++] = plane;
		if (load_buffer(tmp, reg, files[i].name, plane, files[i].buf, files[i].len, w,
				err) != 0)
			goto out;
		loaded++;
	}
	ret = loaded ? 0 : -1;
out:
	talloc_free(tmp);
	return ret;
}

static int load_file(void *ctx, struct registry *reg, const char *spec,
		     struct load_warnings *w, struct reg_parse_error *err)
{
	void *tmp = talloc_new(ctx);
	const char *path;
	char *plane, *buf;
	size_t len = 0;
	struct stat st;
	int ret = -1;

	split_plane(tmp, spec, &plane, &path);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		ret = load_container(tmp, reg, path, NULL, 0, w, err);
		goto out;
	}
	buf = reg_read_file(tmp, path, SOURCE_MAX_FILE_BYTES, &len, err);
	if (!buf)
		goto out;
	if (source_detect_format(buf, len) == SOURCE_UNKNOWN && dump_is_container(buf, len))
		ret = load_container(tmp, reg, path, buf, len, w, err);
	else
		ret = load_buffer(tmp, reg, path, plane, buf, len, w, err);
out:
	talloc_free(tmp);
	return ret;
}

int source_load(void *ctx, struct registry *reg, const char *const *specs, size_t n,
		const struct source_options *opts, struct source_live **live,
		struct reg_parse_error *err)
{
	struct source_live *lv = NULL;
	struct load_warnings *w = opts ? opts->warnings : NULL;

	if (live)
		*live = NULL;
	if (!w && !(w = talloc_zero(ctx, struct load_warnings))) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!source_is_linux(specs[i])) {
			if (load_file(ctx, reg, specs[i], w, err) != 0)
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
