/* iokitfs: mounts an I/O Registry as a file system.
 *
 *   iokitfs [-f] [-d] [-s] [-o OPTIONS] [SOURCE...] MOUNTPOINT
 *   iokitfs --check [--list] [-o OPTIONS] SOURCE...
 *
 * Command lines that are surely a mistake are refused before anything
 * loads or forks (cmdline_checks.h); exit status 2 then, 1 when loading or
 * mounting fails, 0 when mounted.
 *
 * Lifecycle: without -f the process forks before anything else starts a
 * thread (sources such as "linux" may); the child loads, mounts and reports
 * success or the error through a pipe, so the parent's exit status says
 * whether the mount exists.  SIGTERM, SIGINT and SIGHUP end the session and
 * unmount. */
#include "ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <talloc.h>
#include <unistd.h>

#include "open_handles.h"
#include "auto_unmount.h"
#include "driver.h"
#include "cmdline_checks.h"
#include "driver_config.h"
#include "last_error.h"
#include "drivers/apple_smc.h"
#include "listing.h"
#include "notifier.h"
#include "policy.h"
#include "quota.h"
#include "notify_file.h"
#include "rpc_file.h"
#include "sources/source.h"
#include "stats.h"
#include "summary.h"
#include "uc_file.h"

#define DEFAULT_TIMEOUT 3600.0

/* --strict (a dump's first oddity is an error), and where load() prints
 * the dumps' warnings: --check without --list prints them on stdout. */
static bool strict_load;
static unsigned warnings_mode;	/* 1: --check seen, 2: --list seen */

struct cmdline {
	const char **positional;
	size_t npositional;
	char *notify_pipe;
	char *sysfs;
	char *drivers;		/* -o drivers=FILE (docs/drivers.md) */
	char *smc;		/* -o smc=FILE: AppleSMC keys */
	char *state_dir;	/* -o state_dir=DIR: the kept IOPlatformUUID */
	char *machine_id;	/* -o machine_id=FILE|none */
	double timeout;
	struct fs_quota_limits quota;	/* -o max_*= (quota.h); ~0ul: default */
	int check, list, ro, rw;
	int nonempty, anyplane, mixed;	/* overrides of the refusals */
	int auto_unmount;	/* root: the daemon's own watcher (auto_unmount.h) */
	void *ctx;
};

enum { KEY_RO, KEY_RW, KEY_CHECK, KEY_LIST, KEY_HELP, KEY_VERSION, KEY_STRICT, KEY_NONEMPTY,
       KEY_AUTO_UNMOUNT };

#define OPT(t, field) { t, offsetof(struct cmdline, field), 0 }
static const struct fuse_opt option_spec[] = {
	FUSE_OPT_KEY("--strict", KEY_STRICT),
	OPT("notify_pipe=%s", notify_pipe),
	OPT("sysfs=%s", sysfs),
	OPT("--sysfs-root=%s", sysfs),
	OPT("--sysfs-root %s", sysfs),
	OPT("timeout=%lf", timeout),
	OPT("drivers=%s", drivers),
	OPT("smc=%s", smc),
	OPT("max_staged=%lu", quota.staged),
	OPT("max_inflight=%lu", quota.in_flight),
	OPT("max_queue=%lu", quota.queue),
	OPT("max_subscriptions=%lu", quota.subs),
	OPT("max_connections=%lu", quota.conns),
	OPT("max_ports=%lu", quota.ports),
	{ "anyplane", offsetof(struct cmdline, anyplane), 1 },
	{ "mixed", offsetof(struct cmdline, mixed), 1 },
	FUSE_OPT_KEY("nonempty", KEY_NONEMPTY),
	OPT("state_dir=%s", state_dir),
	OPT("machine_id=%s", machine_id),
	FUSE_OPT_KEY("ro", KEY_RO),
	FUSE_OPT_KEY("rw", KEY_RW),
	FUSE_OPT_KEY("--check", KEY_CHECK),
	FUSE_OPT_KEY("--list", KEY_LIST),
	FUSE_OPT_KEY("auto_unmount", KEY_AUTO_UNMOUNT),
	FUSE_OPT_END
};

static void usage(FILE *out, const char *prog)
{
	fprintf(out,
		"usage: %s [options] [SOURCE...] MOUNTPOINT\n"
		"       %s --check [--list] SOURCE...\n"
		"\n"
		"SOURCE is \"linux\" (this machine, the default), a .ioreg archive, an\n"
		"ioreg -l text dump or an ioreg -a XML dump, optionally PLANE=FILE, or\n"
		"a folder or .zip holding one machine's dump files (found by content).\n"
		"Dumps load leniently, each oddity a warning (--check lists them);\n"
		"--strict refuses the first instead (docs/dumps.md).\n"
		"\n"
		"iokitfs options:\n"
		"    -o ro / -o rw          refuse / accept changes (ro is the default for dumps)\n"
		"    -o timeout=SECONDS     kernel cache lifetime of names and attributes (%g)\n"
		"    -o notify_pipe=FIFO    write 's' (mounted) or 'f' (failed) to FIFO\n"
		"    -o sysfs=DIR, --sysfs-root DIR\n"
		"                           sysfs root for the linux source (/sys)\n"
		"    -o drivers=FILE        bind drivers to entries (docs/drivers.md)\n"
		"    -o smc=FILE            an AppleSMC user client answering from an SMC key dump\n"
		"    -o nonempty            mount on a non-empty directory or on another mount\n"
		"    -o anyplane            accept PLANE=FILE with a plane name macOS does not use\n"
		"    -o mixed               merge dumps of different Macs (IOPlatformUUID)\n"
		"    -o state_dir=DIR       linux: where a generated IOPlatformUUID is kept\n"
		"                           (/var/lib/iokitfs)\n"
		"    -o machine_id=FILE     linux: IOPlatformUUID fallback instead of\n"
		"                           /etc/machine-id (\"none\": skip machine-id files)\n"
		"    --check                load the sources and check every option, print a\n"
		"                           summary, don't mount\n"
		"    --list                 with --check: print every directory path per plane\n"
		"    --strict               refuse a dump's first oddity instead of recovering\n"
		"                           it with a warning (docs/dumps.md)\n"
		"    -V, --version          print the version\n"
		"\n"
		"Exit status: 0 mounted (or checked), 1 the sources, a driver file or the\n"
		"mount failed, 2 the command line was refused (bad option or mount point).\n"
		"\n",
		prog, prog, DEFAULT_TIMEOUT);
}

static void usage_hint(const char *prog)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", prog);
}

static int opt_proc(void *data, const char *arg, int key, struct fuse_args *outargs)
{
	struct cmdline *c = data;

	(void)outargs;
	if (key == KEY_STRICT) {
		strict_load = true;
		return 0;
	}
	if (key == KEY_CHECK || key == KEY_LIST)
		warnings_mode |= key == KEY_CHECK ? 1u : 2u;
	switch (key) {
	case FUSE_OPT_KEY_NONOPT: {
		const char **grown = talloc_realloc(c->ctx, c->positional, const char *,
						    c->npositional + 1);
		if (!grown)
			return -1;
		c->positional = grown;
		c->positional[c->npositional++] = arg;
		return 0;
	}
	case KEY_RO:
		c->ro = 1;
		return 1;	/* the kernel mount is read-only too */
	case KEY_RW:
		c->rw = 1;
		return 1;
	case KEY_CHECK:
		c->check = 1;
		return 0;
	case KEY_LIST:
		c->list = 1;
		return 0;
	case KEY_NONEMPTY:
		c->nonempty = 1;	/* libfuse 3 has no such option: ours */
		return 0;
	case KEY_AUTO_UNMOUNT:
		/* Root mounts directly and watches by itself; others need
		 * fusermount3's watcher. */
		if (getuid() != 0)
			return 1;
		c->auto_unmount = 1;
		return 0;
	default:
		return 1;
	}
}

static bool any_dump(const char *const *specs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!source_is_linux(specs[i]))
			return true;
	return false;
}

/* The oddities recovered from dumps: with --check the count and the first
 * ones on stdout, else (mounting, --check --list) a note on stderr. */
static void print_warnings(const struct load_warnings *w)
{
	bool check = warnings_mode == 1;
	size_t shown = check ? 10 : 3;

	if (check)
		printf("warnings: %zu\n", w->count);
	else if (w->count)
		fprintf(stderr, "iokitfs: %zu oddit%s in the dump recovered (iokitfs --check "
			"SOURCE lists them; --strict refuses them):\n", w->count,
			w->count == 1 ? "y" : "ies");
	for (size_t i = 0; i < w->kept && i < shown; i++)
		fprintf(check ? stdout : stderr, "  %s\n", w->first[i]);
	if (w->count > shown && (check || w->kept))
		fprintf(check ? stdout : stderr, "  ... and %zu more\n", w->count - shown);
}

static int load(void *ctx, struct registry *reg, const char *const *specs, size_t n,
		const struct cmdline *c, struct source_live **live)
{
	struct source_options opts = { .sysfs_root = c->sysfs, .hotplug = live != NULL,
				       .state_dir = c->state_dir, .machine_id = c->machine_id };
	struct reg_parse_error err = { .message = "" };
	bool dump = false;

	opts.warnings = talloc_zero(ctx, struct load_warnings);
	if (!opts.warnings)
		return -1;
	opts.warnings->strict = strict_load;
	for (size_t i = 0; i < n; i++)
		dump = dump || !source_is_linux(specs[i]);
	if (source_load(ctx, reg, specs, n, &opts, live, &err) != 0) {
		fprintf(stderr, "iokitfs: %s\n", err.message[0] ? err.message : "cannot load");
		return -1;
	}
	if (dump)
		print_warnings(opts.warnings);
	return 0;
}

/* -o smc= and -o drivers=.  Write lock held.  Returns 0 or -1 (said). */
static int attach_drivers(struct registry *reg, const struct cmdline *c)
{
	struct reg_parse_error err = { .message = "" };

	if (c->smc && apple_smc_attach(reg, c->smc, &err) != 0) {
		fprintf(stderr, "iokitfs: -o smc: %s\n", err.message);
		return -1;
	}
	if (c->drivers && driver_config_load_file(reg, c->drivers, &err) != 0) {
		fprintf(stderr, "iokitfs: -o drivers: %s\n", err.message);
		return -1;
	}
	return 0;
}

/* Whether libfuse accepts the options left over (allow_other, max_read...):
 * a session is created and destroyed, nothing is mounted. */
static int check_fuse_options(struct fuse_args *args, const char *prog)
{
	struct fuse_args copy = FUSE_ARGS_INIT(0, NULL);
	struct fuse_cmdline_opts fo = { 0 };
	struct fuse_session *se = NULL;
	int ret = 0;

	for (int i = 0; i < args->argc; i++)
		if (fuse_opt_add_arg(&copy, args->argv[i]) != 0) {
			fuse_opt_free_args(&copy);
			return 1;
		}
	/* -f, -d, -s and the like first, as a mount takes them */
	if (fuse_parse_cmdline(&copy, &fo) == 0) {
		free(fo.mountpoint);
		se = fuse_session_new(&copy, &iokitfs_ops, sizeof(iokitfs_ops), NULL);
	}
	if (se) {
		fuse_session_destroy(se);
	} else {
		usage_hint(prog);
		ret = CMDLINE_REFUSED;
	}
	fuse_opt_free_args(&copy);
	return ret;
}

/* --check: everything a mount would do short of mounting. */
static int run_check(void *ctx, struct cmdline *c, struct fuse_args *args, const char *prog)
{
	struct registry *reg = registry_new(ctx);
	int ret;

	if (c->npositional == 0) {
		fprintf(stderr, "iokitfs: --check needs a SOURCE (iokitfs --check FILE...)\n");
		return CMDLINE_REFUSED;
	}
	if ((ret = check_fuse_options(args, prog)) != 0)
		return ret;
	if ((ret = cmdline_check_planes(c->positional, c->npositional, c->anyplane)) != 0 ||
	    (ret = cmdline_check_one_machine(ctx, c->positional, c->npositional, c->sysfs,
					     c->mixed)) != 0)
		return ret;
	if (!reg || load(ctx, reg, c->positional, c->npositional, c, NULL) != 0)
		return 1;
	registry_wrlock(reg);
	ret = attach_drivers(reg, c);
	registry_unlock(reg);
	if (ret != 0)
		return 1;
	registry_rdlock(reg);
	if (c->list)
		fs_print_listing(stdout, reg);
	else
		registry_print_summary(stdout, reg);
	registry_unlock(reg);
	return 0;
}

/* Where the mount's readiness goes: the daemon parent's pipe, the
 * notify_pipe FIFO, or both. */
struct readiness {
	int parent_fd;		/* -1 when foreground */
	const char *fifo;
};

static void report(struct readiness *r, bool ok)
{
	char c = ok ? 's' : 'f';

	if (r->parent_fd >= 0) {
		if (write(r->parent_fd, &c, 1) != 1)
			perror("iokitfs: reporting to parent");
		close(r->parent_fd);
		r->parent_fd = -1;
	}
	if (r->fifo) {
		int fd = open(r->fifo, O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, &c, 1) != 1)
			fprintf(stderr, "iokitfs: notify_pipe %s: %s\n", r->fifo, strerror(errno));
		if (fd >= 0)
			close(fd);
		r->fifo = NULL;
	}
}

/* The parent side of daemon mode: exits with the child's verdict. */
static void wait_for_child(int fd, pid_t child)
{
	char c = 'f';
	int status;

	if (read(fd, &c, 1) == 1 && c == 's')
		_exit(0);
	waitpid(child, &status, 0);
	_exit(1);
}

static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	if (fd > 2)
		close(fd);
}

static void init(void *userdata, struct fuse_conn_info *conn)
{
	struct iokitfs *fs = userdata;

	fs->proto_major = conn->proto_major;
	fs->proto_minor = conn->proto_minor;
	fs->max_write = conn->max_write;
	/* Always readdirplus: every listing comes with attributes, so browsing
	 * needs no LOOKUP per entry. */
	if (conn->capable & FUSE_CAP_READDIRPLUS)
		conn->want |= FUSE_CAP_READDIRPLUS;
	conn->want &= ~FUSE_CAP_READDIRPLUS_AUTO;
	/* No OPENDIR/RELEASEDIR round trips: directories need no handle, and
	 * the kernel then caches every listing (ops_dir.c). */
	fs->no_opendir = (conn->capable & FUSE_CAP_NO_OPENDIR_SUPPORT) != 0;
	/* Lets the kernel cache "no ACL" per inode: ls -l asks for ACLs of
	 * every file, and the answer (ENODATA) never changes. */
	if (conn->capable & FUSE_CAP_POSIX_ACL)
		conn->want |= FUSE_CAP_POSIX_ACL;
	/* No page cache for generated content, so nothing to revalidate. */
	conn->want &= ~FUSE_CAP_AUTO_INVAL_DATA;
	conn->want &= ~FUSE_CAP_WRITEBACK_CACHE;
}

const struct fuse_lowlevel_ops iokitfs_ops = {
	.init = init,
	.lookup = fs_op_lookup,
	.readlink = fs_op_readlink,
	.forget = fs_op_forget,
	.forget_multi = fs_op_forget_multi,
	.getattr = fs_op_getattr,
	.setattr = fs_op_setattr,
	.opendir = fs_op_opendir,
	.readdir = fs_op_readdir,
	.readdirplus = fs_op_readdirplus,
	.releasedir = fs_op_releasedir,
	.statfs = fs_op_statfs,
	.open = fs_op_open,
	.read = fs_op_read,
	.write = fs_op_write,
	.flush = fs_op_flush,
	.release = fs_op_release,
	.create = fs_op_create,
	.unlink = fs_op_unlink,
	.getxattr = fs_op_getxattr,
	.listxattr = fs_op_listxattr,
	.setxattr = fs_op_setxattr,
	.removexattr = fs_op_removexattr,
	.ioctl = fs_op_ioctl,
	.poll = fs_op_poll,
};

static char *join_sources(void *ctx, const char *const *specs, size_t n)
{
	char *out = talloc_strdup(ctx, "");

	for (size_t i = 0; out && i < n; i++)
		out = talloc_asprintf_append(out, "%s%s", i ? " " : "", specs[i]);
	return out;
}

/* Mounts and serves until unmounted or signalled.  Returns the exit code. */
static int serve(void *ctx, struct cmdline *c, struct fuse_args *args,
		 struct fuse_cmdline_opts *fo, const char *const *specs, size_t nspecs,
		 bool read_only, struct readiness *ready)
{
	struct iokitfs *fs = talloc_zero(ctx, struct iokitfs);
	struct source_live *live = NULL;
	struct fuse_session *se = NULL;
	struct fuse_loop_config *cfg = NULL;
	bool is_linux = !any_dump(specs, nspecs) || nspecs == 0;
	int ret = 1;

	if (!fs || !(fs->reg = registry_new(fs)) || !(fs->inodes = inode_table_new(fs)) ||
	    !(fs->stats = talloc_zero(fs, struct fs_stats)) ||
	    !(fs->quota = fs_quota_new(fs, &c->quota)) ||
	    !(fs->handles = open_handles_new(fs)) ||
	    !(fs->last_errors = fs_last_errors_new(fs))) {
		fprintf(stderr, "iokitfs: out of memory\n");
		goto fail;
	}
	fs->read_only = read_only;
	fs->uid = getuid();
	fs->gid = getgid();
	fs->timeout = c->timeout;
	fs->sources = join_sources(fs, specs, nspecs);
	clock_gettime(CLOCK_REALTIME, &fs->mount_time);
	if (load(fs, fs->reg, specs, nspecs, c, is_linux ? &live : NULL) != 0)
		goto fail;
	fs->live = live;
	registry_wrlock(fs->reg);
	registry_set_access(fs->reg, &(struct reg_access){ .read_only = read_only, .owner = fs->uid });
	if (read_only)
		registry_set_default_policy(fs->reg, REG_SET_READ_ONLY);
	else if (!is_linux)
		registry_set_default_policy(fs->reg, REG_SET_ANY);
	if (attach_drivers(fs->reg, c) != 0) {
		registry_unlock(fs->reg);
		goto fail;
	}
	registry_unlock(fs->reg);

	se = fuse_session_new(args, &iokitfs_ops, sizeof(iokitfs_ops), fs);
	if (!se)
		goto fail;
	fs->se = se;
	if (fuse_set_signal_handlers(se) != 0)
		goto fail;
	if (fuse_session_mount(se, fo->mountpoint) != 0) {
		fuse_remove_signal_handlers(se);
		goto fail;
	}
	if (c->auto_unmount)
		(void)auto_unmount_start(fo->mountpoint);
	/* Mounted: from here on threads may start. */
	report(ready, true);
	if (!fo->foreground) {
		if (chdir("/") != 0)
			perror("iokitfs: chdir /");
		detach_stdio();
	}
	fs->notifier = notifier_start(fs, fs);
	if (!fs->notifier)
		fprintf(stderr, "iokitfs: no notifier thread; changes show after the cache "
				"timeout\n");
	fs->notify = notify_hub_start(fs, fs);
	if (!fs->notify)
		fprintf(stderr, "iokitfs: no notification ports\n");
	if (live && source_start(live) != 0)
		fprintf(stderr, "iokitfs: cannot follow hot-plug events\n");
	if (fo->singlethread) {
		ret = fuse_session_loop(se);
	} else {
		cfg = fuse_loop_cfg_create();
		fuse_loop_cfg_set_clone_fd(cfg, (unsigned)fo->clone_fd);
		fuse_loop_cfg_set_max_threads(cfg, fo->max_threads);
		ret = fuse_session_loop_mt(se, cfg);
		fuse_loop_cfg_destroy(cfg);
	}
	/* Files closed as the session ended were never released by the kernel:
	 * close them while everything they hold on to still runs. */
	fs_handles_close_all(fs);
	fs->live = NULL;	/* the loop's threads are gone: no handler uses it */
	if (live)
		source_stop(live);
	live = NULL;
	notifier_stop(fs->notifier);	/* runs the hub's pending kicks first */
	fs->notifier = NULL;
	notify_hub_stop(fs->notify);
	fs->notify = NULL;
	/* Connections still open die with the session's files. */
	fuse_session_unmount(se);
	fuse_remove_signal_handlers(se);
	fuse_session_destroy(se);
	/* libfuse's loops return the signal that ended them: a requested stop
	 * (systemctl stop, kill, ^C) is a clean exit, not a failure. */
	return ret == 0 || ret == SIGTERM || ret == SIGINT || ret == SIGHUP ? 0 : 1;
fail:
	report(ready, false);
	fs->live = NULL;
	if (live)
		source_stop(live);
	if (se)
		fuse_session_destroy(se);
	return 1;
}

int main(int argc, char *argv[])
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	struct fuse_cmdline_opts fo = { 0 };
	struct cmdline c = { .timeout = DEFAULT_TIMEOUT,
			     .quota = { ~0ul, ~0ul, ~0ul, ~0ul, ~0ul, ~0ul } };
	struct readiness ready = { .parent_fd = -1 };
	const char *const *specs;
	const char *linux_only[] = { "linux" };
	char *escaped = NULL, *fsname = NULL;
	size_t nspecs;
	bool read_only;
	void *ctx;
	int ret = 1;

	talloc_disable_null_tracking();
	ctx = talloc_new(NULL);
	c.ctx = ctx;
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout, argv[0]);
		fuse_cmdline_help();
		fuse_lowlevel_help();
		talloc_free(ctx);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version"))) {
		printf("iokitfs %s (libfuse %s)\n", IOKITFS_VERSION_STRING, fuse_pkgversion());
		talloc_free(ctx);
		return 0;
	}
	ret = CMDLINE_REFUSED;
	if (fuse_opt_parse(&args, &c, option_spec, opt_proc) != 0) {
		usage_hint(argv[0]);
		goto out;
	}
	if (c.ro && c.rw) {
		fprintf(stderr, "iokitfs: -o ro and -o rw contradict each other: give one\n");
		goto out;
	}
	if (c.timeout < 0) {
		fprintf(stderr, "iokitfs: -o timeout=%g: must not be negative\n", c.timeout);
		goto out;
	}
	if (c.list && !c.check) {
		fprintf(stderr, "iokitfs: --list only goes with --check (iokitfs --check --list "
				"SOURCE...)\n");
		goto out;
	}
	if (c.check) {
		ret = run_check(ctx, &c, &args, argv[0]);
		goto out;
	}
	if (c.npositional == 0) {
		fprintf(stderr, "iokitfs: no mount point given (iokitfs [SOURCE...] DIR)\n");
		usage_hint(argv[0]);
		goto out;
	}
	/* The last positional argument is the mount point. */
	specs = c.positional;
	nspecs = c.npositional - 1;
	if ((ret = cmdline_check_mountpoint(c.positional[nspecs], nspecs, c.nonempty)) != 0)
		goto out;
	if (nspecs == 0) {
		specs = linux_only;
		nspecs = 1;
	}
	if ((ret = cmdline_check_planes(specs, nspecs, c.anyplane)) != 0 ||
	    (ret = check_fuse_options(&args, argv[0])) != 0 ||
	    (ret = cmdline_check_fuse_device()) != 0 ||
	    (ret = cmdline_check_one_machine(ctx, specs, nspecs, c.sysfs, c.mixed)) != 0)
		goto out;
	ret = 1;
	read_only = c.ro || (!c.rw && any_dump(specs, nspecs));
	if (fuse_opt_add_arg(&args, c.positional[c.npositional - 1]) != 0 ||
	    fuse_opt_add_arg(&args, "-odefault_permissions,subtype=iokitfs") != 0 ||
	    (read_only && !c.ro && fuse_opt_add_arg(&args, "-oro") != 0) ||
	    fuse_opt_add_opt_escaped(&escaped, specs[0]) != 0 ||
	    !(fsname = talloc_asprintf(ctx, "-ofsname=%s", escaped)) ||
	    fuse_opt_add_arg(&args, fsname) != 0)
		goto out;
	if (fuse_parse_cmdline(&args, &fo) != 0) {
		usage_hint(argv[0]);
		ret = CMDLINE_REFUSED;
		goto out;
	}
	if (fo.show_help || fo.show_version || !fo.mountpoint) {
		usage(stderr, argv[0]);
		ret = CMDLINE_REFUSED;
		goto out;
	}
	ready.fifo = c.notify_pipe;
	if (!fo.foreground) {
		int p[2];
		pid_t pid;

		if (pipe(p) != 0) {
			perror("iokitfs: pipe");
			goto out;
		}
		pid = fork();
		if (pid < 0) {
			perror("iokitfs: fork");
			goto out;
		}
		if (pid > 0) {
			close(p[1]);
			wait_for_child(p[0], pid);
		}
		close(p[0]);
		ready.parent_fd = p[1];
		setsid();
	}
	ret = serve(ctx, &c, &args, &fo, specs, nspecs, read_only, &ready);
out:
	free(c.notify_pipe);
	free(c.sysfs);
	free(c.drivers);
	free(c.smc);
	free(c.state_dir);
	free(c.machine_id);
	free(escaped);
	free(fo.mountpoint);
	fuse_opt_free_args(&args);
	talloc_free(ctx);
	return ret;
}
