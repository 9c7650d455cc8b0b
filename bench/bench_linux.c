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
#include <errno.h>
#include <stdbool.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

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

static void measure(const char *label, const char *root, int rescans,
		    const char *rescan_devpath, bool targets)
{
	struct registry *reg = registry_new(NULL);
	struct reg_parse_error err = { 0 };
	struct linux_source_options o = { .sysfs_root = root };
	double c0 = cpu_now(), t0 = now();
	struct linux_source *src = linux_source_load(reg, reg, &o, &err);
	double t1 = now(), c1 = cpu_now();

	if (!src) {
		fprintf(stderr, "%s: %s\n", label, err.message);
		exit(1);
	}
	size_t entries = registry_entry_count(reg);
	size_t bytes = registry_memory_bytes(reg);

	printf("%-22s %8zu entries  load %8.1f ms  %6.1f us/entry  registry %7.1f MiB"
	       "  %6zu bytes/entry\n", label, entries, (t1 - t0) * 1e3,
	       (t1 - t0) * 1e6 / (double)entries, (double)bytes / (1 << 20),
	       bytes / entries);
	if (targets)
		printf("%-22s load: %.0f ms wall, %.0f ms CPU; target <= 500 ms: %.2fx (CPU)\n",
		       label, (t1 - t0) * 1e3, (c1 - c0) * 1e3, (c1 - c0) / 0.5);
	if (rescans && rescan_devpath) {
		c0 = cpu_now();
		t0 = now();
		for (int i = 0; i < rescans; i++)
			if (linux_source_rescan(src, rescan_devpath) != 0) {
				fprintf(stderr, "rescan failed\n");
				exit(1);
			}
		t1 = now();
		c1 = cpu_now();
		printf("%-22s rescan of one device (change): %.1f us wall, %.1f us CPU; "
		       "target <= 50 us: %.2fx (CPU)\n", label, (t1 - t0) * 1e6 / rescans,
		       (c1 - c0) * 1e6 / rescans, (c1 - c0) * 1e6 / rescans / 50.0);
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
