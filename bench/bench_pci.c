/* Enumerating PCI devices and reading their vendor IDs: libIOKit (over an
 * iokitfs mount of this machine) against libudev (straight from sysfs), in
 * the same run.  docs/design-goals.md §2: libIOKit should be no slower than libudev.
 *
 *   IOKIT_ROOT=MNT bench_pci [ROUNDS]
 *
 * Prints the time per enumeration for each, their ratio, and the daemon
 * requests one libIOKit enumeration costs (from MNT/.iokit/stats).  The two
 * run in alternation, round by round, and the figures are medians: load
 * from elsewhere on the machine then falls on both alike instead of on
 * whichever ran during it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>
#include <libudev.h>

#include "bench_stats.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Returns the number of devices seen, and adds their vendor IDs to *sum. */
static int iokit_round(unsigned long *sum)
{
	io_iterator_t it = 0;
	io_service_t s;
	int n = 0;

	if (IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOPCIDevice"),
					 &it) != KERN_SUCCESS)
		return -1;
	while ((s = IOIteratorNext(it))) {
		CFTypeRef v = IORegistryEntryCreateCFProperty(s, CFSTR("vendor-id"),
							      kCFAllocatorDefault, 0);
		if (v && CFGetTypeID(v) == CFDataGetTypeID() && CFDataGetLength(v) >= 2) {
			const UInt8 *b = CFDataGetBytePtr(v);
			*sum += (unsigned long)(b[0] | b[1] << 8);
		}
		if (v)
			CFRelease(v);
		IOObjectRelease(s);
		n++;
	}
	IOObjectRelease(it);
	return n;
}

static int udev_round(struct udev *udev, unsigned long *sum)
{
	struct udev_enumerate *en = udev_enumerate_new(udev);
	struct udev_list_entry *e;
	int n = 0;

	udev_enumerate_add_match_subsystem(en, "pci");
	udev_enumerate_scan_devices(en);
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en)) {
		struct udev_device *d = udev_device_new_from_syspath(udev,
								     udev_list_entry_get_name(e));
		const char *vendor = d ? udev_device_get_sysattr_value(d, "vendor") : NULL;
		if (vendor)
			*sum += strtoul(vendor, NULL, 16);
		if (d)
			udev_device_unref(d);
		n++;
	}
	udev_enumerate_unref(en);
	return n;
}

static unsigned long requests(void)
{
	const char *root = getenv("IOKIT_ROOT");
	char path[4096], line[256];
	unsigned long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/.iokit/stats", root ? root : "/run/iokit");
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "ioctl %lu", &n) == 1)
			break;
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	struct udev *udev = udev_new();
	unsigned long sum_iokit = 0, sum_udev = 0, before;
	double t0, t_iokit, t_udev, *times_iokit, *times_udev;
	int n_iokit = 0, n_udev = 0;

	if (!udev || rounds < 1)
		return 1;
	times_iokit = calloc((size_t)rounds, sizeof(double));
	times_udev = calloc((size_t)rounds, sizeof(double));
	if (!times_iokit || !times_udev)
		return 1;
	/* Warm both paths (page cache, dentries, the daemon's caches). */
	if (iokit_round(&sum_iokit) < 0) {
		fprintf(stderr, "bench_pci: no iokitfs mount (set IOKIT_ROOT)\n");
		return 1;
	}
	udev_round(udev, &sum_udev);
	sum_iokit = sum_udev = 0;

	before = requests();
	n_iokit = iokit_round(&sum_iokit);
	unsigned long per_round = requests() - before;

	for (int i = 0; i < rounds; i++) {
		t0 = now_us();
		iokit_round(&sum_iokit);
		times_iokit[i] = now_us() - t0;
		t0 = now_us();
		n_udev = udev_round(udev, &sum_udev);
		times_udev[i] = now_us() - t0;
	}
	t_iokit = bench_median(times_iokit, rounds);
	t_udev = bench_median(times_udev, rounds);
	free(times_iokit);
	free(times_udev);

	printf("PCI devices: libIOKit %d, libudev %d%s\n", n_iokit, n_udev,
	       n_iokit == n_udev ? "" : "  (MISMATCH)");
	printf("vendor-id sums agree: %s\n",
	       sum_iokit / (rounds + 1) == sum_udev / rounds ? "yes" : "NO");
	printf("libIOKit: %8.1f us per enumeration + vendor reads, median (%lu daemon requests)\n",
	       t_iokit, per_round);
	printf("libudev:  %8.1f us per enumeration + vendor reads, median\n", t_udev);
	printf("ratio libIOKit/libudev: %.2f (target <= 1.00)\n", t_iokit / t_udev);
	udev_unref(udev);
	return n_iokit == n_udev ? 0 : 1;
}
