/* Load benchmark: N client processes hammer a mounted iokitfs (IOKIT_ROOT)
 * through libIOKit for T seconds: each loop matches every IOService, then
 * reads the properties and path of the first 16 matches.  Prints the
 * calls and errors (any kern_return_t but success), the throughput, and
 * the daemon's RSS and open descriptors at start and end (from
 * /proc/PID), so that leaks and slowdowns under load show.
 * Usage: bench_clients DAEMON_PID [CLIENTS=32] [SECONDS=60] */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

struct tally {
	unsigned long calls, errors;
};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

static long fd_count(pid_t pid)
{
	char path[64];
	struct dirent *d;
	long n = 0;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

static void client(struct tally *t, double until)
{
	while (now_s() < until) {
		io_iterator_t it = 0;
		io_object_t o;
		kern_return_t kr;
		int n = 0;

		kr = IOServiceGetMatchingServices(kIOMainPortDefault, IOServiceMatching("IOService"),
						  &it);
		t->calls++;
		if (kr != KERN_SUCCESS) {
			t->errors++;
			continue;
		}
		while ((o = IOIteratorNext(it))) {
			if (n++ < 16) {
				CFMutableDictionaryRef props = NULL;
				io_string_t path;

				kr = IORegistryEntryCreateCFProperties(o, &props, NULL, 0);
				t->calls++;
				if (kr != KERN_SUCCESS)
					t->errors++;
				else
					CFRelease(props);
				kr = IORegistryEntryGetPath(o, kIOServicePlane, path);
				t->calls++;
				if (kr != KERN_SUCCESS)
					t->errors++;
			}
			IOObjectRelease(o);
		}
		IOObjectRelease(it);
	}
}

int main(int argc, char **argv)
{
	pid_t daemon, *kids;
	int clients = argc > 2 ? atoi(argv[2]) : 32;
	double seconds = argc > 3 ? atof(argv[3]) : 60, t0, until;
	struct tally *tallies, sum = { 0 };
	long rss0, rss1, fds0, fds1;

	if (argc < 2 || clients < 1 || seconds <= 0) {
		fprintf(stderr, "usage: bench_clients DAEMON_PID [CLIENTS] [SECONDS]\n");
		return 2;
	}
	daemon = (pid_t)atoi(argv[1]);
	tallies = mmap(NULL, (size_t)clients * sizeof(*tallies), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	kids = calloc((size_t)clients, sizeof(*kids));
	if (tallies == MAP_FAILED || !kids)
		return 1;
	rss0 = rss_kib(daemon);
	fds0 = fd_count(daemon);
	t0 = now_s();
	until = t0 + seconds;
	for (int i = 0; i < clients; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			client(&tallies[i], until);
			_exit(0);
		}
	}
	for (int i = 0; i < clients; i++)
		waitpid(kids[i], NULL, 0);
	t0 = now_s() - t0;
	for (int i = 0; i < clients; i++) {
		sum.calls += tallies[i].calls;
		sum.errors += tallies[i].errors;
	}
	/* The daemon frees a client's state when its descriptors close:
	 * give the last releases a moment before looking. */
	usleep(300000);
	rss1 = rss_kib(daemon);
	fds1 = fd_count(daemon);
	printf("clients %d, %.1f s: %lu calls, %lu errors, %.0f calls/s\n", clients, t0,
	       sum.calls, sum.errors, (double)sum.calls / t0);
	printf("daemon RSS %ld -> %ld KiB, open descriptors %ld -> %ld\n", rss0, rss1, fds0,
	       fds1);
	return sum.errors ? 1 : 0;
}
