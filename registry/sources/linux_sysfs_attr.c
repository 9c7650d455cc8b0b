/* Reading a sysfs device directory safely: which files are attributes,
 * which must never be read (side effects, hangs, huge binaries), and how a
 * value becomes a string or data.  Nothing here writes to sysfs. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"
#include "utf8_lax.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <talloc.h>
#include <unistd.h>

/* Files that are never read: writing-only triggers, binary windows onto
 * hardware (reading PCI config or a ROM can wake or hang a device, vpd can
 * block for seconds), and uevent, which is parsed separately. */
static const char *const denied_names[] = {
	"bind", "config", "delete", "eeprom", "new_id", "nvmem", "remove",
	"remove_id", "rescan", "reset", "rom", "scan", "unbind", "vpd",
};

bool lx_attr_denied(const char *name)
{
	size_t lo = 0, hi = sizeof(denied_names) / sizeof(denied_names[0]);

	/* resource, resource0, resource0_wc, resource1_resize ... */
	if (strncmp(name, "resource", 8) == 0)
		return true;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, denied_names[mid]);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static bool not_nul(unsigned char c)
{
	return c != 0;
}

/* Text without NUL bytes, lenient UTF-8. */
static bool valid_utf8_text(const unsigned char *s, size_t len)
{
	return reg_utf8_lax_text(s, len, not_nul);
}

/* Reads at most cap bytes of an open file; returns the byte count, or -errno,
 * or cap + 1 when there is more. */
static ssize_t read_capped(int fd, char *buf, size_t cap)
{
	size_t got = 0;

	while (got <= cap) {
		ssize_t n = read(fd, buf + got, cap + 1 - got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static char *read_file(void *ctx, const char *path, size_t cap, size_t *len, bool cut);

char *lx_read_file(void *ctx, const char *path, size_t cap, size_t *len)
{
	return read_file(ctx, path, cap, len, true);
}

char *lx_read_bytes(void *ctx, const char *path, size_t cap, size_t *len)
{
	return read_file(ctx, path, cap, len, false);
}

static char *read_file(void *ctx, const char *path, size_t cap, size_t *len, bool cut)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char *buf;
	ssize_t n;

	if (fd < 0)
		return NULL;
	buf = talloc_array(ctx, char, cap + 2);
	if (!buf) {
		close(fd);
		return NULL;
	}
	n = read_capped(fd, buf, cap);
	close(fd);
	if (n < 0 || (size_t)n > cap) {
		talloc_free(buf);
		return NULL;
	}
	buf[n] = '\0';
	if (len)
		*len = (size_t)n;
	if (cut && n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

/* One attribute file, open on fd (its stat in st), as a value: text (one
 * trailing newline cut) or, when it is not UTF-8 text, its bytes.  NULL
 * with *reason set when skipped.  fd stays open. */
static struct reg_value *read_attr(void *ctx, int fd, const struct stat *st,
				   const char **reason)
{
	struct reg_value *v;
	char *buf;
	ssize_t n;

	/* One read into a page-sized buffer answers almost every attribute: a
	 * sysfs text attribute (st_size is the page size) returns its whole
	 * text at once, and a short read that reached st_size is the end of a
	 * regular file.  Anything else reads on, up to the cap. */
	char page[4096 + 1];

	do
		n = read(fd, page, sizeof(page));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		*reason = strerror(errno);
		return NULL;
	}
	if ((size_t)n < sizeof(page) &&
	    (st->st_size == 4096 || (st->st_size > 0 && n >= st->st_size))) {
		buf = page;
	} else {
		ssize_t more;

		buf = talloc_size(NULL, LX_MAX_ATTR_BYTES + 1);
		if (!buf) {
			*reason = "out of memory";
			return NULL;
		}
		memcpy(buf, page, (size_t)n);
		more = read_capped(fd, buf + n, LX_MAX_ATTR_BYTES - (size_t)n);
		n = more < 0 ? more : n + more;
	}
	if (n < 0) {
		*reason = strerror((int)-n);
		if (buf != page)
			talloc_free(buf);
		return NULL;
	}
	if ((size_t)n > LX_MAX_ATTR_BYTES) {
		*reason = "larger than 65536 bytes";
		if (buf != page)
			talloc_free(buf);
		return NULL;
	}
	if (valid_utf8_text((unsigned char *)buf, (size_t)n)) {
		if (n > 0 && buf[n - 1] == '\n')
			n--;
		v = reg_value_new_string_len(ctx, buf, (size_t)n);
	} else {
		v = reg_value_new_data(ctx, buf, (size_t)n);
	}
	if (buf != page)
		talloc_free(buf);
	if (!v)
		*reason = "out of memory";
	return v;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sysfs lists in hash order; sorted names make every load of the same tree
 * give the same entry and property order. */
char **lx_sorted_names(void *ctx, DIR *d, enum lx_list_filter filter, size_t *count)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	*count = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		bool dot_or_dotdot = de->d_name[0] == '.' &&
			(!de->d_name[1] || (de->d_name[1] == '.' && !de->d_name[2]));
		if (dot_or_dotdot)
			continue;
		if (filter == LX_LIST_SUBDIRS &&
		    (de->d_name[0] == '.' || (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **grown = talloc_realloc(ctx, names, char *, cap);
			if (!grown)
				break;
			names = grown;
		}
		names[n] = talloc_strdup(names, de->d_name);
		if (!names[n])
			break;
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), cmp_names);
	*count = n;
	return names;
}

/* The longest linux_dirent64 record: header, a 255-byte name and its NUL,
 * rounded up to 8. */
#define LX_MAX_DIRENT64 280

/* The linux_dirent64 records getdents64 fills. */
struct lx_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Mount points in /proc/self/mountinfo (field 5, octal escapes kept: a
 * path with a space never equals one without) strictly below dir. */
static bool mount_below(const char *dir)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192];
	size_t len = strlen(dir);
	bool below = false;

	if (!f || strpbrk(dir, " \t\n\\")) {
		if (f)
			fclose(f);
		return true;	/* cannot tell: assume the worst */
	}
	while (!below && fgets(line, sizeof(line), f)) {
		char *p = line;

		for (int field = 0; field < 4 && p; field++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (!p)
			continue;
		p[strcspn(p, " ")] = '\0';
		below = strncmp(p, dir, len) == 0 && p[len] == '/' && p[len + 1];
	}
	fclose(f);
	return below;
}

bool lx_short_is_end(const char *root)
{
	char path[PATH_MAX], real[PATH_MAX];
	struct statfs sfs;

	if (snprintf(path, sizeof(path), "%s/devices", root) >= (int)sizeof(path) ||
	    !realpath(path, real) || statfs(real, &sfs) != 0)
		return false;
	if (sfs.f_type != SYSFS_MAGIC && sfs.f_type != TMPFS_MAGIC && sfs.f_type != RAMFS_MAGIC)
		return false;
	return !mount_below(real);
}

static int cmp_dirents(const void *a, const void *b)
{
	return strcmp(((const struct lx_dirent *)a)->name, ((const struct lx_dirent *)b)->name);
}

int lx_list_dir(void *ctx, int dirfd, struct lx_listing *out, bool short_is_end)
{
	/* Names gathered on the stack (a device directory has a few dozen),
	 * then one allocation of the exact size: the entries followed by
	 * their names.  Spills to the heap for a larger directory. */
	char buf[16384] __attribute__((aligned(8)));
	struct { uint32_t off; unsigned char type; } stack_ents[256], *ents = stack_ents;
	char stack_pool[4096], *pool = stack_pool;
	size_t n = 0, cap = 256, used = 0, pool_cap = sizeof(stack_pool);
	long got;
	int ret = -1;

	out->ents = NULL;
	out->count = 0;
	out->short_is_end = short_is_end;
	/* A read error ends the listing with what was read, as readdir does. */
	while ((got = syscall(SYS_getdents64, dirfd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < got;) {
			struct lx_dirent64 *de = (struct lx_dirent64 *)(buf + off);
			const char *name = de->d_name;
			size_t len = strlen(name) + 1;

			off += de->d_reclen;
			if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
				continue;
			if (n == cap || used + len > pool_cap) {
				if (n == cap) {
					void *grown = ents == stack_ents ? malloc(2 * cap * sizeof(*ents))
									 : realloc(ents, 2 * cap * sizeof(*ents));
					if (!grown)
						goto out;
					if (ents == stack_ents)
						memcpy(grown, stack_ents, sizeof(stack_ents));
					ents = grown;
					cap *= 2;
				}
				if (used + len > pool_cap) {
					size_t want = (used + len) * 2;
					char *grown = pool == stack_pool ? malloc(want) : realloc(pool, want);

					if (!grown)
						goto out;
					if (pool == stack_pool)
						memcpy(grown, stack_pool, used);
					pool = grown;
					pool_cap = want;
				}
			}
			memcpy(pool + used, name, len);
			ents[n].off = (uint32_t)used;
			ents[n].type = de->d_type;
			used += len;
			n++;
		}
		/* Room was left for the longest record: the end. */
		if (short_is_end && (size_t)got + LX_MAX_DIRENT64 <= sizeof(buf))
			break;
	}
	char *block = talloc_size(ctx, n * sizeof(struct lx_dirent) + used + 1);
	if (!block)
		goto out;
	struct lx_dirent *le = (struct lx_dirent *)block;
	char *names = block + n * sizeof(struct lx_dirent);

	memcpy(names, pool, used);
	for (size_t i = 0; i < n; i++) {
		le[i].name = names + ents[i].off;
		le[i].type = ents[i].type;
		le[i].uevent = LX_UEVENT_UNKNOWN;
		le[i].sub = NULL;
	}
	if (n)
		qsort(le, n, sizeof(*le), cmp_dirents);
	talloc_set_name_const(block, "struct lx_dirent");
	out->ents = le;
	out->count = n;
	out->short_is_end = short_is_end;
	ret = 0;
out:
	if (ents != stack_ents)
		free(ents);
	if (pool != stack_pool)
		free(pool);
	return ret;
}

struct lx_dirent *lx_listing_find(const struct lx_listing *ls, const char *name)
{
	size_t lo = 0, hi = ls ? ls->count : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, ls->ents[mid].name);

		if (c == 0)
			return &ls->ents[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Subdirectories open at once, process-wide: the walk keeps the ones it
 * will go into, and a wide, deep tree must not run out of descriptors.
 * Beyond the budget a subdirectory is stat'ed, not opened ahead. */
#define LX_MAX_OPEN_SUBDIRS 256
static unsigned open_subdirs;

static int subdir_destructor(struct lx_subdir *sub)
{
	if (sub->fd >= 0) {
		close(sub->fd);
		__atomic_sub_fetch(&open_subdirs, 1, __ATOMIC_RELAXED);
	}
	return 0;
}

struct lx_subdir *lx_subdir_open(void *ctx, int dirfd, const char *name, bool short_is_end)
{
	struct lx_subdir *sub = talloc_zero(ctx, struct lx_subdir);

	if (!sub)
		return NULL;
	sub->fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (sub->fd >= 0)
		__atomic_add_fetch(&open_subdirs, 1, __ATOMIC_RELAXED);
	talloc_set_destructor(sub, subdir_destructor);
	if (sub->fd < 0 || lx_list_dir(sub, sub->fd, &sub->ls, short_is_end) != 0) {
		int e = sub->fd < 0 ? errno : ENOMEM;

		talloc_free(sub);
		errno = e;
		return NULL;
	}
	return sub;
}

/* Root may search every directory: for root, a subdirectory's listing
 * says what fstatat of name/uevent would. */
static bool searches_everything(void)
{
	static int root = -1;

	if (root < 0)
		root = geteuid() == 0;
	return root;
}

int lx_dirent_uevent(const struct lx_listing *ls, int dirfd, struct lx_dirent *ent)
{
	if (ent->uevent != LX_UEVENT_UNKNOWN)
		return ent->uevent;
	/* The walk goes into every subdirectory: open and list it now, keep
	 * it for the walk, and read the answer from its listing. */
	if (searches_everything() && !ent->sub &&
	    __atomic_load_n(&open_subdirs, __ATOMIC_RELAXED) < LX_MAX_OPEN_SUBDIRS)
		ent->sub = lx_subdir_open(ls->ents, dirfd, ent->name, ls->short_is_end);
	if (ent->sub && searches_everything()) {
		const struct lx_dirent *u = lx_listing_find(&ent->sub->ls, "uevent");

		if (!u) {
			ent->uevent = LX_UEVENT_ABSENT;
			return ent->uevent;
		}
		if (u->type != DT_UNKNOWN) {
			ent->uevent = u->type == DT_REG ? LX_UEVENT_FILE : LX_UEVENT_OTHER;
			return ent->uevent;
		}
	}
	char path[NAME_MAX + 16];
	struct stat st;

	snprintf(path, sizeof(path), "%s/uevent", ent->name);
	if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0)
		ent->uevent = LX_UEVENT_ABSENT;
	else
		ent->uevent = S_ISREG(st.st_mode) ? LX_UEVENT_FILE : LX_UEVENT_OTHER;
	return ent->uevent;
}

static void parse_uevent(struct lx_device *dev, const char *text)
{
	const char *line = text;

	while (*line) {
		const char *end = strchrnul(line, '\n');
		const char *eq = memchr(line, '=', (size_t)(end - line));

		if (eq && eq > line) {
			char stack_key[128];
			size_t klen = (size_t)(eq - line);
			char *key = klen < sizeof(stack_key) ? stack_key
							     : talloc_strndup(dev, line, klen);
			struct reg_value *v = reg_value_new_string_len(
				dev->uevent, eq + 1, (size_t)(end - eq - 1));

			if (key == stack_key) {
				memcpy(stack_key, line, klen);
				stack_key[klen] = '\0';
			}
			if (key && v)
				reg_dict_set(dev->uevent, key, v);
			else
				talloc_free(v);
			if (key != stack_key)
				talloc_free(key);
		}
		line = *end ? end + 1 : end;
	}
}

static void skip(struct lx_device *dev, const char *prefix, const char *name,
		 const char *reason)
{
	char *key = talloc_asprintf(dev, "%s%s", prefix, name);
	struct reg_value *v = reg_value_new_string(dev->skipped, reason);

	if (key && v)
		reg_dict_set(dev->skipped, key, v);
	talloc_free(key);
}

static char *link_target(void *ctx, int dirfd, const char *name)
{
	char buf[4096];
	ssize_t n = readlinkat(dirfd, name, buf, sizeof(buf) - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return talloc_strdup(ctx, buf);
}

static const char *last_component(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Links of the top directory that carry facts about the device. */
static void read_link_fact(struct lx_device *dev, int dirfd, const char *name)
{
	char *target;

	if (strcmp(name, "subsystem") && strcmp(name, "driver") &&
	    strcmp(name, "of_node"))
		return;
	target = link_target(dev, dirfd, name);
	if (!target)
		return;
	if (strcmp(name, "subsystem") == 0) {
		dev->subsystem = talloc_strdup(dev, last_component(target));
	} else if (strcmp(name, "driver") == 0) {
		dev->driver = talloc_strdup(dev, last_component(target));
	} else {
		const char *base = strstr(target, "devicetree/base");

		if (base)
			dev->of_path = talloc_strdup(dev, base[15] ? base + 15 : "/");
	}
	talloc_free(target);
}

struct read_state {
	struct lx_device *dev;
	size_t nattrs;
};

/* A regular attribute file, opened by name: one lookup (open, then fstat
 * on the descriptor) instead of a stat by name and an open by name.  An
 * open that fails is stat'ed by name to tell "write-only" from the
 * error, as when the mode was checked first.  NULL with *reason set
 * when skipped; NULL with *reason NULL when the file vanished. */
static struct reg_value *open_read_attr(void *ctx, int dirfd, const char *name,
					const char **reason)
{
	struct reg_value *v;
	struct stat st;
	int fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);

	*reason = NULL;
	if (fd < 0) {
		int e = errno;

		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			return NULL;	/* gone, or no longer a file */
		*reason = !(st.st_mode & 0444) ? "write-only" : strerror(e);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	if (!(st.st_mode & 0444)) {
		close(fd);
		*reason = "write-only";
		return NULL;
	}
	v = read_attr(ctx, fd, &st, reason);
	close(fd);
	return v;
}

/* uevent, parsed into dev->uevent. */
static void read_uevent(struct lx_device *dev, int dirfd, bool short_is_end)
{
	int fd = openat(dirfd, "uevent", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char buf[8192];
	ssize_t got;

	if (fd < 0)
		return;
	if (short_is_end) {
		/* One read asking one byte more than is kept, as read_capped
		 * does: shorter is the whole file; as long, too long. */
		do
			got = read(fd, buf, sizeof(buf) - 1);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			got = -errno;
	} else {
		got = read_capped(fd, buf, sizeof(buf) - 2);
	}
	close(fd);
	if (got >= 0 && (size_t)got <= sizeof(buf) - 2) {
		buf[got] = '\0';
		parse_uevent(dev, buf);
	}
}

/* Reads the regular files of dirfd (listed in ls) into dict;
 * subdirectories that are not devices become nested dictionaries down to
 * LX_MAX_GROUP_DEPTH.  Types come from the listing (getdents' d_type);
 * only a name of unknown type is stat'ed. */
static void read_dir(struct read_state *rs, int dirfd, struct lx_listing *ls,
		     struct reg_value *dict, const char *prefix, unsigned depth)
{
	struct lx_device *dev = rs->dev;

	for (size_t i = 0; i < ls->count; i++) {
		struct lx_dirent *ent = &ls->ents[i];
		const char *name = ent->name;
		const char *reason = NULL;
		unsigned char type = ent->type;

		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR
				: S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
			ent->type = type;
		}
		if (type == DT_LNK) {
			if (depth == 0)
				read_link_fact(dev, dirfd, name);
			continue;
		}
		if (type == DT_DIR) {
			/* A child device, not a group of ours. */
			if (lx_dirent_uevent(ls, dirfd, ent) != LX_UEVENT_ABSENT)
				continue;
			if (depth + 1 > LX_MAX_GROUP_DEPTH)
				continue;
			struct lx_subdir *sub = ent->sub ? ent->sub : lx_subdir_open(ls->ents, dirfd, name,
										    ls->short_is_end);

			if (!sub)
				continue;
			ent->sub = sub;
			char pfx[LX_MAX_GROUP_PREFIX];
			struct reg_value *group = reg_value_new_dict(dict);

			if (group && (size_t)snprintf(pfx, sizeof(pfx), "%s%s/", prefix, name) < sizeof(pfx))
				read_dir(rs, sub->fd, &sub->ls, group, pfx, depth + 1);
			if (group && group->u.dict.count)
				reg_dict_set(dict, name, group);
			else
				talloc_free(group);
			/* Kept for the walk while the budget allows. */
			if (__atomic_load_n(&open_subdirs, __ATOMIC_RELAXED) > LX_MAX_OPEN_SUBDIRS) {
				talloc_free(sub);
				ent->sub = NULL;
			}
			continue;
		}
		if (type != DT_REG)
			continue;
		if (depth == 0 && strcmp(name, "uevent") == 0) {
			read_uevent(dev, dirfd, ls->short_is_end);
			continue;
		}
		if (lx_attr_denied(name)) {
			skip(dev, prefix, name, "never read (side effects or binary)");
			continue;
		}
		if (rs->nattrs >= LX_MAX_ATTRS_PER_DEVICE) {
			skip(dev, prefix, name, "too many attributes");
			continue;
		}
		struct reg_value *v = open_read_attr(dict, dirfd, name, &reason);

		if (!v) {
			if (reason)
				skip(dev, prefix, name, reason);
			continue;
		}
		rs->nattrs++;
		/* Names in a listing are distinct: no search for an old value. */
		reg_dict_append_new(dict, name, v);
	}
}

struct lx_device *lx_device_read_at(void *ctx, const char *root, const char *devpath,
				    const char *ancestors, int dirfd, struct lx_listing *ls)
{
	struct lx_device *dev = talloc_zero(ctx, struct lx_device);
	struct read_state rs = { .dev = dev };

	if (!dev)
		return NULL;
	dev->root = root;
	dev->devpath = talloc_strdup(dev, devpath);
	dev->syspath = talloc_asprintf(dev, "%s%s", root, devpath);
	dev->ancestors = talloc_strdup(dev, ancestors ? ancestors : ":");
	dev->uevent = reg_value_new_dict(dev);
	dev->attrs = reg_value_new_dict(dev);
	dev->skipped = reg_value_new_dict(dev);
	if (!dev->devpath || !dev->syspath || !dev->ancestors || !dev->uevent ||
	    !dev->attrs || !dev->skipped)
		goto fail;
	dev->kernel_name = talloc_strdup(dev, last_component(devpath));
	if (!dev->kernel_name)
		goto fail;
	dev->listing = ls;
	read_dir(&rs, dirfd, ls, dev->attrs, "", 0);
	/* Relative to the open directory: a full sysfs path is a long walk.
	 * No firmware_node in the listing: nothing to open. */
	int fw = lx_listing_find(ls, "firmware_node")
			 ? openat(dirfd, "firmware_node/path", O_RDONLY | O_NONBLOCK | O_CLOEXEC)
			 : -1;

	if (fw >= 0) {
		char path[4096];
		ssize_t got = read_capped(fw, path, sizeof(path) - 2);

		close(fw);
		if (got >= 0 && (size_t)got <= sizeof(path) - 2) {
			path[got] = '\0';
			if (got > 0 && path[got - 1] == '\n')
				path[got - 1] = '\0';
			dev->acpi_path = talloc_strdup(dev, path);
		}
	}
	struct reg_value *t = reg_dict_get(dev->uevent, "DEVTYPE");
	if (reg_value_is_string(t))
		dev->devtype = t->u.string.chars;
	return dev;
fail:
	talloc_free(dev);
	return NULL;
}

struct lx_device *lx_device_read(void *ctx, const char *root, const char *devpath,
				 const char *ancestors, bool short_is_end)
{
	char *syspath = talloc_asprintf(NULL, "%s%s", root, devpath);
	int dirfd = syspath ? open(syspath, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
			    : -1;
	struct lx_listing *ls;
	struct lx_device *dev = NULL;

	talloc_free(syspath);
	if (dirfd < 0)
		return NULL;
	ls = talloc_zero(NULL, struct lx_listing);
	if (ls && lx_list_dir(ls, dirfd, ls, short_is_end) == 0) {
		dev = lx_device_read_at(ctx, root, devpath, ancestors, dirfd, ls);
		if (dev)
			talloc_steal(dev, ls);
	}
	if (!dev)
		talloc_free(ls);
	close(dirfd);
	return dev;
}

/* Whether the first component of path (up to '/') is in ls. */
static bool listing_has_first(const struct lx_listing *ls, const char *path)
{
	char comp[NAME_MAX + 1];
	size_t len = strcspn(path, "/");

	if (len == 0 || len > NAME_MAX || (path[0] == '.' && (len == 1 || (len == 2 && path[1] == '.'))))
		return true;	/* not a name a listing holds: let open decide */
	memcpy(comp, path, len);
	comp[len] = '\0';
	return lx_listing_find(ls, comp) != NULL;
}

const char *lx_device_text(struct lx_device *dev, const char *source)
{
	const struct reg_value *v;

	if (strcmp(source, "@name") == 0)
		return dev->kernel_name;
	if (strncmp(source, "uevent:", 7) == 0) {
		v = reg_dict_get(dev->uevent, source + 7);
		return reg_value_is_string(v) ? v->u.string.chars : NULL;
	}
	/* Attributes read with the device, nested groups included. */
	const struct reg_value *dict = dev->attrs;
	const char *p = source;
	const char *slash;

	while ((slash = strchr(p, '/'))) {
		char comp[256];
		size_t len = (size_t)(slash - p);

		if (len >= sizeof(comp))
			return NULL;
		memcpy(comp, p, len);
		comp[len] = '\0';
		v = reg_dict_get(dict, comp);
		if (!v || v->type != REG_DICT)
			break;
		dict = v;
		p = slash + 1;
	}
	if (!slash) {
		v = reg_dict_get(dict, p);
		return reg_value_is_string(v) ? v->u.string.chars : NULL;
	}
	/* A first name the directory (or, after one "../", its parent) does
	 * not have: nothing to open. */
	if (strncmp(source, "../", 3) == 0 ? dev->parent_listing && strncmp(source + 3, "../", 3) &&
					      !listing_has_first(dev->parent_listing, source + 3)
					    : dev->listing && !listing_has_first(dev->listing, source))
		return NULL;
	/* Through a link ("device/model"): read now, with the same care. */
	/* Leading "../" reach a parent device (a real directory); ".." is
	 * refused anywhere else. */
	const char *rest = source;

	while (strncmp(rest, "../", 3) == 0)
		rest += 3;
	if (strstr(rest, "..") || lx_attr_denied(last_component(source)))
		return NULL;
	char *path = talloc_asprintf(dev, "%s/%s", dev->syspath, source);
	const char *text = path ? lx_read_file(dev, path, 4096, NULL) : NULL;

	talloc_free(path);
	return text;
}

bool lx_is_device_dir(const char *root, const char *devpath)
{
	char path[LX_MAX_DEVPATH + 4200];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s%s", root, devpath) >= (int)sizeof(path))
		return false;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	if (strlen(path) + 8 >= sizeof(path))
		return false;
	strcat(path, "/uevent");
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *lx_link_basename(void *ctx, const char *dir, const char *link)
{
	char *path = talloc_asprintf(ctx, "%s/%s", dir, link);
	char buf[4096];
	ssize_t n;

	if (!path)
		return NULL;
	n = readlink(path, buf, sizeof(buf) - 1);
	talloc_free(path);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return talloc_strdup(ctx, last_component(buf));
}
