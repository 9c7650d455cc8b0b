/* Benchmark of the live Linux source: load time and memory for this
 * machine's /sys and for a synthetic sysfs tree of N devices (default
 * 10,000: PCI functions, network interfaces, disks and plain platform
 * devices), and the cost of one hot-plug rescan.
 *
 *   bench_linux [N]
 *
 * The synthetic tree is written to a temporary directory and removed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>
#include "bench_stats.h"

#include "linux_sysfs.h"
#include "registry.h"

/* CPU time of this process: on a machine shared with other jobs the wall
 * clock measures the queue for the CPU; both are printed. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int mkdirs(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static void put(const char *dir, const char *file, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
}

static void subsystem(const char *root, const char *dir, const char *kind,
		      const char *name)
{
	char target[4096], link[4096];

	snprintf(target, sizeof(target), "%s/%s/%s", root, kind, name);
	mkdirs(target);
	snprintf(link, sizeof(link), "%s/subsystem", dir);
	if (symlink(target, link) != 0) {
		perror(link);
		exit(1);
	}
}

/* n devices: per group of 4, a PCI function with a network interface and
 * a disk below it, and a platform device. */
static void make_tree(const char *root, int n)
{
	char dir[2048], sub[4096], text[256];

	for (int i = 0; i < n; i += 4) {
		int bus = i / 4 / 32, slot = i / 4 % 32;

		snprintf(dir, sizeof(dir), "%s/devices/pci0000:%02x/0000:%02x:%02x.0", root,
			 bus & 0xff, bus & 0xff, slot);
		mkdirs(dir);
		put(dir, "uevent", "PCI_CLASS=20000\n");
		put(dir, "vendor", "0x8086\n");
		put(dir, "device", "0x15b7\n");
		put(dir, "class", "0x020000\n");
		put(dir, "revision", "0x01\n");
		put(dir, "subsystem_vendor", "0x17aa\n");
		put(dir, "subsystem_device", "0x2233\n");
		subsystem(root, dir, "bus", "pci");
		snprintf(sub, sizeof(sub), "%s/net/eth%d", dir, i);
		mkdirs(sub);
		snprintf(text, sizeof(text), "INTERFACE=eth%d\nIFINDEX=%d\n", i, i + 2);
		put(sub, "uevent", text);
		snprintf(text, sizeof(text), "02:00:00:%02x:%02x:%02x\n", (i >> 16) & 0xff,
			 (i >> 8) & 0xff, i & 0xff);
		put(sub, "address", text);
		put(sub, "type", "1\n");
		put(sub, "mtu", "1500\n");
		put(sub, "operstate", "up\n");
		subsystem(root, sub, "class", "net");
		snprintf(sub, sizeof(sub), "%s/block/sd%d", dir, i);
		mkdirs(sub);
		snprintf(text, sizeof(text), "MAJOR=8\nMINOR=%d\nDEVNAME=sd%d\nDEVTYPE=disk\n",
			 i, i);
		put(sub, "uevent", text);
		put(sub, "size", "1953525168\n");
		put(sub, "ro", "0\n");
		put(sub, "removable", "0\n");
		subsystem(root, sub, "class", "block");
		snprintf(dir, sizeof(dir), "%s/devices/platform/dev%d", root, i);
		mkdirs(dir);
		put(dir, "uevent", "MODALIAS=platform:bench\n");
		put(dir, "driver_override", "(null)\n");
		subsystem(root, dir, "bus", "platform");
	}
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* The floor: what reading the same files costs with no registry at all.
 * Every directory below dirfd is listed (opendir/readdir, which give the
 * type of each name), every regular file opened and read once into a
 * stack buffer, every link read; symlinked directories are not followed.
 * Returns the number of files read. */
static size_t bare_walk(int dirfd, unsigned depth)
{
	DIR *d = fdopendir(dirfd);
	struct dirent *de;
	size_t files = 0;
	char buf[4097];

	if (!d) {
		close(dirfd);
		return 0;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;

		if (name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2])))
			continue;
		if (de->d_type == DT_DIR && depth < 64) {
			int sub = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

			if (sub >= 0)
				files += bare_walk(sub, depth + 1);
		} else if (de->d_type == DT_REG) {
			int fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);

			if (fd >= 0) {
				if (read(fd, buf, sizeof(buf)) >= 0)
					files++;
				close(fd);
			}
		} else if (de->d_type == DT_LNK) {
			if (readlinkat(dirfd, name, buf, sizeof(buf)) >= 0)
				files++;
		}
	}
	closedir(d);
	return files;
}

/* The bare walk of root/devices: CPU seconds (median of 5 runs). */
static double bare_walk_cpu(const char *root, size_t *files)
{
	char path[4096];
	double t[5];

	snprintf(path, sizeof(path), "%s/devices", root);
	for (int i = 0; i < 5; i++) {
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		double c0 = cpu_now();

		*files = fd >= 0 ? bare_walk(fd, 0) : 0;
		t[i] = cpu_now() - c0;
	}
	return bench_median(t, 5);
}

#define RUNS 5

/* Loads root (RUNS times when targets, else once) and rescans
 * rescan_devpath; with targets, prints the "target:" lines that
 * bench/run.sh collects, with the bare walk of the same files (the
 * kernel's floor for reading them) measured in the same run. */
static void measure(const char *label, const char *root, int rescans,
		    const char *rescan_devpath, bool targets)
{
	int runs = targets ? RUNS : 1;
	double wall[RUNS], cpu[RUNS];
	struct registry *reg = NULL;
	struct linux_source *src = NULL;

	for (int r = 0; r < runs; r++) {
		struct reg_parse_error err = { 0 };
		struct linux_source_options o = { .sysfs_root = root };
		double c0, t0, t1, c1;

		talloc_free(reg);
		reg = registry_new(NULL);
		c0 = cpu_now();
		t0 = now();
		src = linux_source_load(reg, reg, &o, &err);
		t1 = now();
		c1 = cpu_now();
		if (!src) {
			fprintf(stderr, "%s: %s\n", label, err.message);
			exit(1);
		}
		wall[r] = t1 - t0;
		cpu[r] = c1 - c0;
	}
	double w = bench_median(wall, runs), c = bench_median(cpu, runs);
	size_t entries = registry_entry_count(reg);
	size_t bytes = registry_memory_bytes(reg);

	printf("%-22s %8zu entries  load %8.1f ms  %6.1f us/entry  registry %7.1f MiB"
	       "  %6zu bytes/entry\n", label, entries, w * 1e3,
	       w * 1e6 / (double)entries, (double)bytes / (1 << 20),
	       bytes / entries);
	if (targets) {
		size_t files;
		double floor = bare_walk_cpu(root, &files);

		printf("%-22s load: %.0f ms wall, %.0f ms CPU (median of %d; CPU min %.0f, max %.0f)\n",
		       label, w * 1e3, c * 1e3, runs, cpu[0] * 1e3, cpu[runs - 1] * 1e3);
		printf("%-22s bare walk of the same tree (readdir, open+read+close of %zu files and"
		       " links): %.0f ms CPU; load / bare walk: %.2fx\n",
		       label, files, floor * 1e3, c / floor);
		printf("target: live load, 10,000-device sysfs tree (CPU, median of %d; bare-walk"
		       " floor %.0f ms, %.2fx it) | %.0f ms | <= 500 ms | %s\n", runs, floor * 1e3,
		       c / floor, c * 1e3, c <= 0.5 ? "ok" : "MISSED");
	}
	if (rescans && rescan_devpath) {
		double rw[RUNS], rc[RUNS], bare[RUNS];
		char dir[4096];

		snprintf(dir, sizeof(dir), "%s%s", root, rescan_devpath);
		for (int r = 0; r < runs; r++) {
			double c0 = cpu_now(), t0 = now();

			for (int i = 0; i < rescans; i++)
				if (linux_source_rescan(src, rescan_devpath) != 0) {
					fprintf(stderr, "rescan failed\n");
					exit(1);
				}
			rw[r] = (now() - t0) / rescans;
			rc[r] = (cpu_now() - c0) / rescans;
			c0 = cpu_now();
			for (int i = 0; i < rescans; i++) {
				int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

				if (fd >= 0)
					bare_walk(fd, 0);
			}
			bare[r] = (cpu_now() - c0) / rescans;
		}
		double mw = bench_median(rw, runs), mc = bench_median(rc, runs), mb = bench_median(bare, runs);

		printf("%-22s rescan of one device (change): %.1f us wall, %.1f us CPU; "
		       "bare read of its directory %.1f us CPU (%.2fx)\n", label, mw * 1e6,
		       mc * 1e6, mb * 1e6, mc / mb);
		if (targets)
			printf("target: live rescan of one device (CPU, median of %d x %d; bare-read"
			       " floor %.1f us, %.2fx it) | %.1f us | <= 50 us | %s\n", runs,
			       rescans, mb * 1e6, mc / mb, mc * 1e6, mc <= 50e-6 ? "ok" : "MISSED");
	}
	talloc_free(reg);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	/* tmpfs when there is one: sysfs lives in memory, and a disk-backed
	 * /tmp measures the disk (and other jobs' I/O) instead. */
	char tmpl[64];

	snprintf(tmpl, sizeof(tmpl), "%s/iokitfs-bench-sysfs.XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	double t0, t1;
	char label[64];

	if (n < 4)
		n = 4;
	if (access("/sys/devices", F_OK) == 0)
		measure("this machine (/sys)", "/sys", 0, NULL, false);
	/* BENCH_LINUX_KEEP=DIR: write the tree there once and keep it (later
	 * runs load it as is), so profilers and syscall counters see the load
	 * alone. */
	const char *keep = getenv("BENCH_LINUX_KEEP");
	struct stat kst;

	if (keep && stat(keep, &kst) == 0) {
		snprintf(label, sizeof(label), "synthetic (%d)", n);
		measure(label, keep, 1000, "/devices/pci0000:00/0000:00:00.0/net/eth0", n == 10000);
		return 0;
	}
	if (keep)
		snprintf(tmpl, sizeof(tmpl), "%s", keep);
	if (keep ? mkdir(tmpl, 0755) != 0 : !mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 1;
	}
	t0 = now();
	make_tree(tmpl, n);
	t1 = now();
	printf("synthetic tree of %d devices written in %.1f ms\n", n, (t1 - t0) * 1e3);

	snprintf(label, sizeof(label), "synthetic (%d)", n);
	measure(label, tmpl, 1000, "/devices/pci0000:00/0000:00:00.0/net/eth0", n == 10000);
	if (!keep)
		nftw(tmpl, remove_one, 32, FTW_DEPTH | FTW_PHYS);
	return 0;
}
