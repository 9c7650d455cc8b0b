/* Refusing command lines that are surely a mistake (see cmdline_checks.h). */
#include "cmdline_checks.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "mountinfo.h"
#include "registry.h"
#include "sources/source.h"

/* Whether the first bytes of a file look like a registry dump: then a
 * missing mount point is the likely mistake. */
static bool looks_like_dump(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 && source_detect_format(buf, (size_t)n) != SOURCE_UNKNOWN;
}

int cmdline_check_mountpoint(const char *mnt, size_t nspecs, bool nonempty)
{
	struct stat st;
	struct mountinfo_mount m;
	char real[PATH_MAX];
	DIR *d;

	if (stat(mnt, &st) != 0) {
		const char *eq = strchr(mnt, '=');
		int saved = errno;

		/* "linux" or "PLANE=FILE" last: the mount point was forgotten */
		if (source_is_linux(mnt) || (eq && eq != mnt && stat(eq + 1, &st) == 0)) {
			fprintf(stderr, "iokitfs: %s is a source, not a mount point: give the "
					"mount point last (iokitfs [SOURCE...] DIR)\n", mnt);
			return CMDLINE_REFUSED;
		}
		errno = saved;
		if (errno == ENOTCONN)
			fprintf(stderr, "iokitfs: %s is a FUSE mount whose daemon died: unmount it "
					"first (fusermount3 -u %s)\n", mnt, mnt);
		else if (errno == ENOENT)
			fprintf(stderr, "iokitfs: mount point %s does not exist: create it "
					"first (mkdir -p %s)\n", mnt, mnt);
		else
			fprintf(stderr, "iokitfs: mount point %s: %s\n", mnt, strerror(errno));
		return CMDLINE_REFUSED;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (looks_like_dump(mnt))
			fprintf(stderr, "iokitfs: %s is a registry dump, not a mount point: give "
					"the mount point last (iokitfs %s%s DIR), or check it "
					"with iokitfs --check %s\n",
				mnt, nspecs ? "SOURCE... " : "", mnt, mnt);
		else
			fprintf(stderr, "iokitfs: mount point %s is not a directory: the last "
					"argument must be an empty directory (iokitfs [SOURCE...] "
					"DIR)\n", mnt);
		return CMDLINE_REFUSED;
	}
	if (realpath(mnt, real) && mountinfo_find(real, &m)) {
		if (strcmp(m.fstype, "fuse.iokitfs") == 0) {
			fprintf(stderr, "iokitfs: %s is already an iokitfs mount: unmount it first "
					"(fusermount3 -u %s)\n", mnt, mnt);
			return CMDLINE_REFUSED;
		}
		if (!nonempty) {
			fprintf(stderr, "iokitfs: %s is already a mount point (%s): unmount it, "
					"or add -o nonempty to mount on top of it\n", mnt, m.fstype);
			return CMDLINE_REFUSED;
		}
	}
	if (nonempty)
		return 0;
	d = opendir(mnt);
	if (!d) {
		fprintf(stderr, "iokitfs: mount point %s: %s\n", mnt, strerror(errno));
		return CMDLINE_REFUSED;
	}
	for (struct dirent *de; (de = readdir(d));) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			fprintf(stderr, "iokitfs: mount point %s is not empty (it holds %s): use an "
					"empty directory, or add -o nonempty to hide its files\n",
				mnt, de->d_name);
			closedir(d);
			return CMDLINE_REFUSED;
		}
	}
	closedir(d);
	return 0;
}

/* The planes macOS's kernel and its families register (IORegistryExplorer
 * lists them), so a typo does not silently make a new plane. */
static const char *const known_planes[] = {
	"IOService", "IOPower", "IODeviceTree", "IOUSB", "IOACPIPlane", "IO80211Plane",
	"CoreCapture", "IOFireWire", "IOAudio", "IOHIDSystem", "IOThunderbolt",
	"IOPort", "IOSkywalk", "IOAVB", NULL,
};

int cmdline_check_planes(const char *const *specs, size_t n, bool any_plane)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(specs[i], '=');
		struct stat st;
		size_t len;
		const char *near = NULL;
		bool known = false;

		/* the same rule as the loader: a path that exists is a path */
		if (!eq || eq == specs[i] || memchr(specs[i], '/', (size_t)(eq - specs[i])) ||
		    stat(specs[i], &st) == 0)
			continue;
		len = (size_t)(eq - specs[i]);
		for (const char *const *p = known_planes; *p; p++) {
			if (strlen(*p) != len)
				continue;
			if (strncmp(*p, specs[i], len) == 0)
				known = true;
			else if (strncasecmp(*p, specs[i], len) == 0)
				near = *p;
		}
		if (known || any_plane)
			continue;
		if (near)
			fprintf(stderr, "iokitfs: %s: unknown plane \"%.*s\": did you mean %s? "
					"(-o anyplane accepts a new plane name)\n",
				specs[i], (int)len, specs[i], near);
		else
			fprintf(stderr, "iokitfs: %s: unknown plane \"%.*s\": macOS's planes are "
					"IOService, IODeviceTree, IOPower, IOUSB, IOACPIPlane, ... "
					"(-o anyplane accepts a new plane name)\n",
				specs[i], (int)len, specs[i]);
		return CMDLINE_REFUSED;
	}
	return 0;
}

struct uuid_search {
	const char *uuid;
};

static bool find_uuid(void *data, struct reg_entry *e)
{
	struct uuid_search *s = data;
	struct reg_value *v = reg_entry_property(e, "IOPlatformUUID");

	if (v && v->type == REG_STRING) {
		s->uuid = v->u.string.chars;
		return false;
	}
	return true;
}

int cmdline_check_one_machine(void *ctx, const char *const *specs, size_t n,
			      const char *sysfs_root, bool mixed)
{
	void *tmp;
	char *first_uuid = NULL;
	const char *first_spec = NULL;
	int ret = 0;

	if (n < 2 || mixed)
		return 0;
	tmp = talloc_new(ctx);
	for (size_t i = 0; tmp && i < n && ret == 0; i++) {
		struct registry *reg = registry_new(tmp);
		struct source_options opts = { .sysfs_root = sysfs_root, .hotplug = false };
		struct reg_parse_error err = { .message = "" };
		struct uuid_search s = { NULL };

		/* a source that does not load is reported by the real load */
		if (!reg || source_load(tmp, reg, &specs[i], 1, &opts, NULL, &err) != 0) {
			talloc_free(reg);
			continue;
		}
		registry_rdlock(reg);
		registry_foreach_entry(reg, find_uuid, &s);
		if (s.uuid && !first_uuid) {
			first_uuid = talloc_strdup(tmp, s.uuid);
			first_spec = specs[i];
		} else if (s.uuid && strcmp(s.uuid, first_uuid) != 0) {
			fprintf(stderr, "iokitfs: %s and %s come from different machines "
					"(IOPlatformUUID %s and %s): mount them separately, or "
					"add -o mixed to merge them anyway\n",
				first_spec, specs[i], first_uuid, s.uuid);
			ret = CMDLINE_REFUSED;
		}
		registry_unlock(reg);
		talloc_free(reg);
	}
	talloc_free(tmp);
	return ret;
}

int cmdline_check_fuse_device(void)
{
	int fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	if (errno == ENOENT)
		fprintf(stderr, "iokitfs: /dev/fuse does not exist: load the fuse module "
				"(modprobe fuse, as root) or, in a container, pass the device in\n");
	else if (errno == EACCES || errno == EPERM)
		fprintf(stderr, "iokitfs: cannot open /dev/fuse (%s): mount as root, or ask "
				"root to let you use FUSE (chmod 0666 /dev/fuse, as Debian ships it, "
				"and fusermount3 installed setuid root)\n", strerror(errno));
	else
		fprintf(stderr, "iokitfs: cannot open /dev/fuse: %s\n", strerror(errno));
	return 1;
}
