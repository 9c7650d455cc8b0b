/* What every Mac registry holds besides the hardware: Root's keys
 * (IOKitBuildVersion, OSKernelCPUType/Subtype, IOKitDiagnostics,
 * IOConsoleUsers) and the IOResources service (a child of the platform
 * entry, as on macOS), with the resources this machine can back: "IOKit",
 * "IOPlatformUUID", "SMBIOS" (when the AppleSMBIOS service exists) and the
 * console users.
 *
 * Every key's Linux origin is in IOLinuxPlatformSources on the entry that
 * has it.  Nothing is invented: a machine whose architecture has no Mach
 * CPU type gets no OSKernelCPUType; no session source, no IOConsoleUsers.
 *
 * Console users come from systemd-logind's session files
 * (/run/systemd/sessions/<id>: UID=, USER=, SEAT=, TTY=, ACTIVE=, STATE=),
 * else from utmp's USER_PROCESS records; the hot-plug thread watches both
 * with inotify and calls lx_resources_refresh_users.
 *
 * Locking: lx_resources_create and lx_resources_refresh_users take the
 * write lock themselves; lx_resources_refresh_diagnostics runs with it
 * held.  Errors: 0 or -errno. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <talloc.h>
#include <unistd.h>
#include <utmpx.h>

/* Mach's cpu_type_t / cpu_subtype_t for the architectures that have one
 * (mach/machine.h): CPU_ARCH_ABI64 = 0x01000000. */
static bool mach_cpu_type(const char *machine, int64_t *type, int64_t *subtype)
{
	static const struct {
		const char *machine;
		int64_t type, subtype;
	} table[] = {
		{ "x86_64", 0x01000007, 3 },	/* CPU_TYPE_X86_64, _X86_64_ALL */
		{ "i386", 7, 3 },		/* CPU_TYPE_X86, _I386_ALL */
		{ "i486", 7, 3 },
		{ "i586", 7, 3 },
		{ "i686", 7, 3 },
		{ "aarch64", 0x0100000c, 0 },	/* CPU_TYPE_ARM64, _ARM64_ALL */
		{ "arm64", 0x0100000c, 0 },
		{ "armv6l", 12, 6 },		/* CPU_TYPE_ARM, _ARM_V6 */
		{ "armv7l", 12, 9 },		/* _ARM_V7 */
		{ "armv8l", 12, 9 },
	};

	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(machine, table[i].machine) == 0) {
			*type = table[i].type;
			*subtype = table[i].subtype;
			return true;
		}
	}
	return false;
}

/* ---- console users ---- */

struct session {
	char *user;
	long uid;
	bool uid_known, active, on_seat;
	char *id, *tty, *seat;
};

static bool parse_long(const char *s, long *out)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && *end == '\0';
}

/* One logind session file: KEY=VALUE lines. */
static bool read_logind_session(void *ctx, const char *dir, const char *name,
				struct session *s)
{
	char *path = talloc_asprintf(ctx, "%s/%s", dir, name);
	char *text = path ? lx_read_file(ctx, path, 16384, NULL) : NULL;
	char *line, *save = NULL;
	char *state = NULL;

	memset(s, 0, sizeof(*s));
	if (!text)
		return false;
	s->id = talloc_strdup(ctx, name);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (!eq)
			continue;
		*eq = '\0';
		const char *v = eq + 1;

		if (strcmp(line, "UID") == 0)
			s->uid_known = parse_long(v, &s->uid);
		else if (strcmp(line, "USER") == 0)
			s->user = talloc_strdup(ctx, v);
		else if (strcmp(line, "SEAT") == 0 && *v)
			s->seat = talloc_strdup(ctx, v);
		else if (strcmp(line, "TTY") == 0 && *v)
			s->tty = talloc_strdup(ctx, v);
		else if (strcmp(line, "ACTIVE") == 0)
			s->active = strcmp(v, "1") == 0;
		else if (strcmp(line, "STATE") == 0)
			state = talloc_strdup(ctx, v);
	}
	/* A session that is closing has logged out. */
	if (state && strcmp(state, "closing") == 0)
		return false;
	s->on_seat = s->seat != NULL && s->active;
	return s->user && s->uid_known;
}

/* "tty1".."tty63" (virtual consoles) and X displays are the console. */
static bool console_line(const char *line)
{
	if (strncmp(line, "tty", 3) == 0 && line[3] >= '0' && line[3] <= '9')
		return true;
	return line[0] == ':';
}

static struct reg_value *session_dict(void *ctx, const struct session *s)
{
	struct reg_value *d = reg_value_new_dict(ctx);
	struct passwd pw, *found = NULL;
	char buf[4096];
	long sid;

	if (!d)
		return NULL;
	reg_dict_set(d, "kCGSSessionUserNameKey", reg_value_new_string(d, s->user));
	reg_dict_set(d, "kCGSSessionUserIDKey", reg_value_new_number(d, s->uid, 32));
	if (getpwuid_r((uid_t)s->uid, &pw, buf, sizeof(buf), &found) == 0 && found) {
		char *gecos = talloc_strndup(d, pw.pw_gecos, strcspn(pw.pw_gecos, ","));

		reg_dict_set(d, "kCGSSessionGroupIDKey", reg_value_new_number(d, pw.pw_gid, 32));
		if (gecos && *gecos)
			reg_dict_set(d, "kCGSessionLongUserNameKey", reg_value_new_string(d, gecos));
		talloc_free(gecos);
	}
	reg_dict_set(d, "kCGSSessionOnConsoleKey", reg_value_new_bool(d, s->on_seat));
	reg_dict_set(d, "kCGSessionLoginDoneKey", reg_value_new_bool(d, true));
	if (s->id && parse_long(s->id, &sid))
		reg_dict_set(d, "kCGSSessionIDKey", reg_value_new_number(d, sid, 32));
	if (s->id)
		reg_dict_set(d, "IOLinuxSessionID", reg_value_new_string(d, s->id));
	if (s->tty)
		reg_dict_set(d, "IOLinuxSessionTTY", reg_value_new_string(d, s->tty));
	if (s->seat)
		reg_dict_set(d, "IOLinuxSessionSeat", reg_value_new_string(d, s->seat));
	return d;
}

static void append(struct reg_value *array, struct reg_value *v)
{
	if (v && reg_array_append(array, v) != 0)
		talloc_free(v);
}

/* The IOConsoleUsers array, or NULL when no source is readable; *from
 * names the source. */
static struct reg_value *console_users(void *ctx, struct linux_source *src,
				       const char **from)
{
	struct reg_value *users = NULL;
	struct session s;
	DIR *d = src->sessions_dir ? opendir(src->sessions_dir) : NULL;

	if (d) {
		size_t n = 0;
		char **names = lx_sorted_names(ctx, d, LX_LIST_ALL, &n);

		users = reg_value_new_array(ctx);	/* names come sorted */
		for (size_t i = 0; users && i < n; i++) {
			if (names[i][0] == '.' || !read_logind_session(ctx, src->sessions_dir,
								       names[i], &s))
				continue;
			append(users, session_dict(users, &s));
		}
		*from = talloc_asprintf(ctx, "logind sessions (%s)", src->sessions_dir);
		return users;
	}
	if (!src->utmp_path || access(src->utmp_path, R_OK) != 0)
		return NULL;
	/* utmpx's reader is not thread-safe: one reader at a time. */
	static pthread_mutex_t utmp_lock = PTHREAD_MUTEX_INITIALIZER;
	struct utmpx *u;

	pthread_mutex_lock(&utmp_lock);
	if (utmpxname(src->utmp_path) == 0) {
		users = reg_value_new_array(ctx);
		setutxent();
		while (users && (u = getutxent())) {
			struct passwd pw, *found = NULL;
			char buf[4096];
			char user[sizeof(u->ut_user) + 1], line[sizeof(u->ut_line) + 1];

			if (u->ut_type != USER_PROCESS)
				continue;
			memcpy(user, u->ut_user, sizeof(u->ut_user));
			user[sizeof(u->ut_user)] = '\0';
			memcpy(line, u->ut_line, sizeof(u->ut_line));
			line[sizeof(u->ut_line)] = '\0';
			if (!user[0] || getpwnam_r(user, &pw, buf, sizeof(buf), &found) != 0 ||
			    !found)
				continue;	/* no uid: not a user this machine knows */
			memset(&s, 0, sizeof(s));
			s.user = user;
			s.uid = (long)pw.pw_uid;
			s.uid_known = true;
			s.tty = line[0] ? line : NULL;
			s.on_seat = console_line(line);
			char sid[32];

			if (u->ut_session > 0) {
				snprintf(sid, sizeof(sid), "%ld", (long)u->ut_session);
				s.id = sid;
			}
			append(users, session_dict(users, &s));
		}
		endutxent();
		*from = talloc_asprintf(ctx, "utmp USER_PROCESS records (%s)", src->utmp_path);
	}
	pthread_mutex_unlock(&utmp_lock);
	return users;
}

/* ---- Root and IOResources ---- */

static struct reg_value *diagnostics(void *ctx, struct registry *reg)
{
	struct reg_value *d = reg_value_new_dict(ctx);
	struct reg_value *classes = d ? reg_value_new_dict(d) : NULL;

	if (!classes)
		return NULL;
	for (size_t i = 0; i < registry_class_count(reg); i++) {
		const struct reg_class *c = registry_class_at(reg, i);

		if (reg_dict_set(classes, c->name,
				 reg_value_new_number(classes, (int64_t)c->ninstances, 32)) != 0)
			return NULL;
	}
	reg_dict_set(d, "Classes", classes);
	return d;
}

/* Sets key on e unless it already holds an identical value.  Takes
 * ownership of v in every case. */
static void set_if_changed(struct registry *reg, struct reg_entry *e, const char *key,
			   struct reg_value *v)
{
	const struct reg_value *old = reg_entry_property(e, key);

	if (!v)
		return;
	if (old && reg_value_identical(old, v)) {
		talloc_free(v);
		return;
	}
	if (registry_set_property(reg, e, key, v) != 0)
		talloc_free(v);
}

void lx_resources_refresh_diagnostics(struct linux_source *src)
{
	struct reg_value *d = diagnostics(NULL, src->reg);

	set_if_changed(src->reg, registry_root(src->reg), "IOKitDiagnostics", d);
	src->class_count_seen = src->nnodes;
}

/* Puts IOConsoleUsers (and the seed) on Root and IOResources (lock held). */
static void put_users(struct linux_source *src, struct reg_value *users, const char *from)
{
	struct registry *reg = src->reg;
	struct reg_entry *root = registry_root(reg);
	struct reg_entry *res = registry_entry_by_id(reg, src->resources_id);
	const struct reg_value *old = reg_entry_property(root, "IOConsoleUsers");
	uint8_t seed[4];

	if (!users) {
		if (old) {
			registry_remove_property(reg, root, "IOConsoleUsers");
			if (res)
				registry_remove_property(reg, res, "IOConsoleUsers");
		}
		return;
	}
	if (old && reg_value_identical(old, users))
		return;
	src->console_seed++;
	seed[0] = (uint8_t)src->console_seed;
	seed[1] = (uint8_t)(src->console_seed >> 8);
	seed[2] = (uint8_t)(src->console_seed >> 16);
	seed[3] = (uint8_t)(src->console_seed >> 24);
	set_if_changed(reg, root, "IOConsoleUsers", reg_value_copy(NULL, users));
	{
		const struct reg_value *had = reg_entry_property(root, "IOLinuxPlatformSources");
		struct reg_value *sources = had ? reg_value_copy(NULL, had) : NULL;

		if (sources && sources->type == REG_DICT && from) {
			reg_dict_set(sources, "IOConsoleUsers", reg_value_new_string(sources, from));
			set_if_changed(reg, root, "IOLinuxPlatformSources", sources);
		} else {
			talloc_free(sources);
		}
	}
	if (res) {
		const struct reg_value *had = reg_entry_property(res, "IOLinuxPlatformSources");
		struct reg_value *sources = had ? reg_value_copy(NULL, had) : NULL;

		set_if_changed(reg, res, "IOConsoleUsers", reg_value_copy(NULL, users));
		set_if_changed(reg, res, "IOConsoleUsersSeed", reg_value_new_data(NULL, seed, 4));
		if (sources && sources->type == REG_DICT && from) {
			reg_dict_set(sources, "IOConsoleUsers", reg_value_new_string(sources, from));
			set_if_changed(reg, res, "IOLinuxPlatformSources", sources);
		} else {
			talloc_free(sources);
		}
	}
}

void lx_resources_refresh_users(struct linux_source *src)
{
	void *tmp = talloc_new(NULL);
	const char *from = NULL;
	struct reg_value *users = tmp ? console_users(tmp, src, &from) : NULL;

	registry_wrlock(src->reg);
	put_users(src, users, from);
	registry_unlock(src->reg);
	talloc_free(tmp);
}

static void put(struct reg_value *props, struct reg_value *sources, const char *key,
		struct reg_value *v, const char *from)
{
	if (!v)
		return;
	reg_dict_set(props, key, v);
	if (from)
		reg_dict_set(sources, key, reg_value_new_string(sources, from));
}

/* The properties in dict, one by one, onto e (a reg_value_copy each). */
static int set_all(struct registry *reg, struct reg_entry *e, const struct reg_value *dict)
{
	for (size_t i = 0; i < dict->u.dict.count; i++) {
		struct reg_value *v = reg_value_copy(NULL, dict->u.dict.values[i]);

		if (!v || registry_set_property(reg, e, dict->u.dict.keys[i], v) != 0) {
			talloc_free(v);
			return -ENOMEM;
		}
	}
	return 0;
}

int lx_resources_create(struct linux_source *src, struct reg_parse_error *err)
{
	struct registry *reg = src->reg;
	void *tmp = talloc_new(NULL);
	struct reg_value *root_props, *root_src, *res_props, *res_src, *matched;
	struct utsname uts;
	int64_t type, subtype;
	const char *users_from = NULL;
	struct reg_value *users;
	struct reg_entry *pe, *res;
	bool have_smbios;
	int ret = -ENOMEM;

	if (!tmp)
		goto out;
	root_props = reg_value_new_dict(tmp);
	root_src = reg_value_new_dict(tmp);
	res_props = reg_value_new_dict(tmp);
	res_src = reg_value_new_dict(tmp);
	matched = reg_value_new_array(tmp);
	if (!root_props || !root_src || !res_props || !res_src || !matched)
		goto out;
	if (uname(&uts) == 0) {
		char *build = talloc_asprintf(tmp, "Linux Kernel Version %s: %s; %s", uts.release,
					      uts.version, uts.machine);

		put(root_props, root_src, "IOKitBuildVersion",
		    build ? reg_value_new_string(root_props, build) : NULL,
		    "uname release, version, machine");
		if (mach_cpu_type(uts.machine, &type, &subtype)) {
			put(root_props, root_src, "OSKernelCPUType",
			    reg_value_new_number(root_props, type, 32),
			    "uname machine (Mach cpu_type_t)");
			put(root_props, root_src, "OSKernelCPUSubtype",
			    reg_value_new_number(root_props, subtype, 32),
			    "uname machine (Mach cpu_subtype_t, the architecture's ALL)");
		}
	}
	users = console_users(tmp, src, &users_from);

	registry_wrlock(reg);
	pe = registry_entry_by_id(reg, src->platform_id);
	have_smbios = registry_class_get(reg, "AppleSMBIOS") &&
		      registry_class_get(reg, "AppleSMBIOS")->ninstances > 0;
	put(res_props, res_src, "IOKit", reg_value_new_string(res_props, "IOService"),
	    "iokitfs itself");
	append(matched, reg_value_new_string(matched, "IOKit"));
	if (src->platform_uuid) {
		const struct reg_value *why = pe ? reg_dict_get(reg_entry_property(pe,
					"IOLinuxPlatformSources"), "IOPlatformUUID") : NULL;

		put(res_props, res_src, "IOPlatformUUID",
		    reg_value_new_string(res_props, src->platform_uuid),
		    reg_value_is_string(why) ? why->u.string.chars : "the platform entry");
		append(matched, reg_value_new_string(matched, "IOPlatformUUID"));
	}
	if (have_smbios) {
		put(res_props, res_src, "SMBIOS", reg_value_new_string(res_props, "IOService"),
		    "/sys/firmware/dmi/tables (the AppleSMBIOS service)");
		append(matched, reg_value_new_string(matched, "SMBIOS"));
	}
	put(res_props, res_src, "IOResourceMatched", matched, NULL);
	reg_dict_set(res_props, "IOLinuxPlatformSources", res_src);
	reg_dict_set(root_props, "IOLinuxPlatformSources", root_src);
	ret = set_all(reg, registry_root(reg), root_props);
	res = NULL;
	if (ret == 0 && pe && registry_class_declare(reg, "IOResources", "IOService"))
		res = registry_entry_new(reg, 0, "IOResources", "IOResources");
	if (ret == 0 && (!res || set_all(reg, res, res_props) != 0 ||
			 registry_attach(reg, res, pe, src->service_plane) != 0)) {
		if (res)
			registry_entry_remove(reg, res);
		ret = -ENOMEM;
	}
	if (ret == 0) {
		src->resources_id = res->id;
		put_users(src, users, users_from);
		lx_resources_refresh_diagnostics(src);
	}
	registry_unlock(reg);
out:
	if (ret != 0)
		reg_parse_error_set(err, 0, 0, "linux: cannot create IOResources: %s",
				    strerror(-ret));
	talloc_free(tmp);
	return ret;
}
