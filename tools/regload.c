/* Loading one registry for the offline tools: a mount point read through its
 * files, or anything source_load accepts.  See regload.h. */
#include "regload.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "fs/names.h"
#include "source.h"
#include "value_xml.h"

/* Deeper than any real plane; stops a runaway walk of a strange mount. */
#define REGLOAD_MAX_DEPTH 256
#define REGLOAD_MAX_VIEW_BYTES (256UL * 1024 * 1024)

bool regload_is_mount(const char *path)
{
	struct stat st;
	char *p;
	bool ok;

	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	if (asprintf(&p, "%s/.iokit/version", path) < 0)
		return false;
	ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

/* Generated files report no useful size (direct_io): read to the end. */
static char *read_view(void *ctx, const char *dir, const char *name, size_t *lenp,
		       struct reg_parse_error *err)
{
	char *path = talloc_asprintf(ctx, "%s/%s", dir, name), *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = path ? open(path, O_RDONLY | O_CLOEXEC) : -1;

	if (fd < 0) {
		reg_parse_error_set(err, 0, 0, "%s: %s", path ? path : dir, strerror(errno));
		talloc_free(path);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4096) {
			if (cap >= REGLOAD_MAX_VIEW_BYTES) {
				reg_parse_error_set(err, 0, 0, "%s: too large", path);
				goto fail;
			}
			cap = cap ? cap * 2 : 8192;
			char *nb = talloc_realloc(ctx, buf, char, cap + 1);
			if (!nb) {
				reg_parse_error_set(err, 0, 0, "%s: out of memory", path);
				goto fail;
			}
			buf = nb;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			reg_parse_error_set(err, 0, 0, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	talloc_free(path);
	return buf;
fail:
	close(fd);
	talloc_free(buf);
	talloc_free(path);
	return NULL;
}

/* One-line view without its newline. */
static char *read_line_view(void *ctx, const char *dir, const char *name,
			    struct reg_parse_error *err)
{
	size_t len;
	char *s = read_view(ctx, dir, name, &len, err);

	if (s && len && s[len - 1] == '\n')
		s[len - 1] = '\0';
	return s;
}

struct mount_walk {
	struct registry *reg;
	struct reg_parse_error *err;
};

static int load_properties(void *tmp, struct mount_walk *w, struct reg_entry *e,
			   const char *dir)
{
	size_t len;
	char *xml = read_view(tmp, dir, ".plist", &len, w->err);
	struct reg_parse_error perr = { .message = "" };
	struct reg_value *props;

	if (!xml)
		return -1;
	props = reg_value_from_xml(tmp, xml, len, &perr);
	if (!props || props->type != REG_DICT) {
		reg_parse_error_set(w->err, 0, 0, "%s/.plist:%zu: %s", dir, perr.line,
				    props ? "not a dictionary" : perr.message);
		return -1;
	}
	return registry_entry_replace_properties(w->reg, e, props);
}

static struct reg_entry *create_entry(void *tmp, struct mount_walk *w, const char *dir,
				      uint64_t id, const char *name, const char *location)
{
	char *cls = read_line_view(tmp, dir, ".class", w->err);
	char *supers = read_line_view(tmp, dir, ".superclasses", w->err);
	char *state = read_line_view(tmp, dir, ".state", w->err);
	char *busy = read_line_view(tmp, dir, ".busy", w->err);
	char *retain = read_line_view(tmp, dir, ".retain", w->err);
	const char *chain[REGLOAD_MAX_DEPTH];
	size_t n = 0;
	struct reg_entry *e;
	uint32_t st = 0;

	if (!cls || !supers || !state || !busy || !retain)
		return NULL;
	chain[n++] = cls;
	for (char *save = NULL, *s = strtok_r(supers, "\n", &save); s && n < REGLOAD_MAX_DEPTH;
	     s = strtok_r(NULL, "\n", &save))
		chain[n++] = s;
	if (!registry_class_declare_chain(w->reg, chain, n)) {
		reg_parse_error_set(w->err, 0, 0, "%s: bad class chain", dir);
		return NULL;
	}
	e = registry_entry_new(w->reg, id, name, cls);
	if (!e) {
		reg_parse_error_set(w->err, 0, 0, "%s: cannot create entry 0x%" PRIx64, dir, id);
		return NULL;
	}
	if (location && registry_entry_set_location(w->reg, e, REG_NO_PLANE, location) != 0)
		return NULL;
	if (!strstr(state, "!registered"))
		st |= REG_STATE_REGISTERED;
	if (!strstr(state, "!matched"))
		st |= REG_STATE_MATCHED;
	if (strstr(state, "inactive"))
		st |= REG_STATE_INACTIVE;
	registry_entry_set_state(w->reg, e, st);
	registry_entry_set_busy(w->reg, e, (uint32_t)strtoul(busy, NULL, 10));
	e->retain = (uint32_t)strtoul(retain, NULL, 10);
	if (load_properties(tmp, w, e, dir) != 0)
		return NULL;
	return e;
}

static int walk_dir(struct mount_walk *w, const char *dir, struct reg_entry *parent,
		    int plane, unsigned depth)
{
	void *tmp = talloc_new(NULL);
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = -1;

	if (!d) {
		reg_parse_error_set(w->err, 0, 0, "%s: %s", dir, strerror(errno));
		goto out;
	}
	if (depth > REGLOAD_MAX_DEPTH) {
		reg_parse_error_set(w->err, 0, 0, "%s: nested too deep", dir);
		goto out;
	}
	while ((errno = 0, de = readdir(d))) {
		char *name, *loc, *sub, *idtext;
		uint64_t dupid, id;
		struct reg_entry *e;
		bool seen;

		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		if (!fs_entry_component_parse(tmp, de->d_name, &name, &loc, &dupid)) {
			reg_parse_error_set(w->err, 0, 0, "%s/%s: not an entry name", dir,
					    de->d_name);
			goto out;
		}
		sub = talloc_asprintf(tmp, "%s/%s", dir, de->d_name);
		idtext = sub ? read_line_view(tmp, sub, ".id", w->err) : NULL;
		if (!idtext)
			goto out;
		id = strtoull(idtext, NULL, 16);
		e = registry_entry_by_id(w->reg, id);
		seen = e && reg_entry_in_plane(e, plane);
		if (!e && !(e = create_entry(tmp, w, sub, id, name, loc)))
			goto out;
		if (registry_attach(w->reg, e, parent, plane) != 0) {
			reg_parse_error_set(w->err, 0, 0, "%s: cannot attach", sub);
			goto out;
		}
		/* The first plane walked gave the global name and location; other
		 * planes keep their own where they differ ("" for no location). */
		const char *gl = reg_entry_location(e, REG_NO_PLANE);
		if ((strcmp(reg_entry_name(e, REG_NO_PLANE), name) != 0 &&
		     registry_entry_set_name(w->reg, e, plane, name) != 0) ||
		    (loc && (!gl || strcmp(gl, loc) != 0) &&
		     registry_entry_set_location(w->reg, e, plane, loc) != 0) ||
		    (!loc && gl && gl[0] &&
		     registry_entry_set_location(w->reg, e, plane, "") != 0)) {
			reg_parse_error_set(w->err, 0, 0, "%s: out of memory", sub);
			goto out;
		}
		/* An entry with several parents shows its subtree under each. */
		if (!seen && walk_dir(w, sub, e, plane, depth + 1) != 0)
			goto out;
		talloc_free_children(tmp);
	}
	if (errno) {
		reg_parse_error_set(w->err, 0, 0, "%s: %s", dir, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (d)
		closedir(d);
	talloc_free(tmp);
	return ret;
}

/* IOService first (entries take their global name and location from the
 * first plane walked, and IOService is the plane ioreg shows), then by name. */
static int cmp_str(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int xs = strcmp(x, "IOService") == 0, ys = strcmp(y, "IOService") == 0;

	if (xs != ys)
		return ys - xs;
	return strcmp(x, y);
}

static int load_mount(struct registry *reg, const char *mnt, struct reg_parse_error *err)
{
	void *tmp = talloc_new(NULL);
	struct mount_walk w = { .reg = reg, .err = err };
	char **planes = NULL;
	size_t n = 0;
	struct dirent *de;
	DIR *d;
	int ret = -1;

	if (load_properties(tmp, &w, registry_root(reg), mnt) != 0)
		goto out;
	if (!(d = opendir(mnt))) {
		reg_parse_error_set(err, 0, 0, "%s: %s", mnt, strerror(errno));
		goto out;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		planes = talloc_realloc(tmp, planes, char *, n + 1);
		if (!planes || !(planes[n++] = talloc_strdup(planes, de->d_name))) {
			closedir(d);
			goto out;
		}
	}
	closedir(d);
	if (n)
		qsort(planes, n, sizeof(*planes), cmp_str);
	for (size_t i = 0; i < n; i++) {
		char *pname = fs_name_unescape(tmp, planes[i]);
		int plane = pname ? registry_add_plane(reg, pname) : -1;
		char *dir = talloc_asprintf(tmp, "%s/%s", mnt, planes[i]);

		if (plane < 0 || !dir) {
			reg_parse_error_set(err, 0, 0, "%s/%s: cannot add plane", mnt, planes[i]);
			goto out;
		}
		if (walk_dir(&w, dir, registry_root(reg), plane, 0) != 0)
			goto out;
	}
	ret = 0;
out:
	talloc_free(tmp);
	return ret;
}

struct registry *regload_open(void *ctx, const char *const *specs, size_t n,
			      struct reg_parse_error *err)
{
	struct registry *reg;
	int ret;

	if (n == 0) {
		reg_parse_error_set(err, 0, 0, "no source given");
		return NULL;
	}
	reg = registry_new(ctx);
	if (!reg) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return NULL;
	}
	if (regload_is_mount(specs[0])) {
		if (n > 1) {
			reg_parse_error_set(err, 0, 0,
					    "%s: a mount point is a whole registry; "
					    "give it alone", specs[0]);
			talloc_free(reg);
			return NULL;
		}
		registry_wrlock(reg);
		ret = load_mount(reg, specs[0], err);
		registry_unlock(reg);
	} else {
		for (size_t i = 0; i < n; i++)
			if (regload_is_mount(specs[i])) {
				reg_parse_error_set(err, 0, 0,
						    "%s: a mount point is a whole registry; "
						    "give it alone", specs[i]);
				talloc_free(reg);
				return NULL;
			}
		ret = source_load(reg, reg, specs, n, NULL, NULL, err);
	}
	if (ret != 0) {
		talloc_free(reg);
		return NULL;
	}
	return reg;
}
