/* Root's auto_unmount watcher; see auto_unmount.h. */
#include "auto_unmount.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

/* Undoes mountinfo's octal escapes (\040 for a space, \011, \012, \134)
 * in place. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* The device ("major:minor") of the topmost mount at mountpoint, into dev;
 * false when there is none. */
static bool mount_device(const char *mountpoint, char *dev, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192];
	bool found = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *fields[5];
		int n = 0;

		for (char *t = strtok_r(line, " ", &save); t && n < 5; t = strtok_r(NULL, " ", &save))
			fields[n++] = t;
		if (n < 5)
			continue;
		unescape(fields[4]);
		if (strcmp(fields[4], mountpoint) == 0 && strlen(fields[2]) < len) {
			strcpy(dev, fields[2]);	/* later lines are mounted on top */
			found = true;
		}
	}
	fclose(f);
	return found;
}

static void watch(int rfd, const char *mountpoint, const char *dev)
{
	char buf[16], now[64];
	sigset_t all;
	ssize_t n;

	/* Not in the daemon's session or process group, deaf to signals but
	 * SIGKILL: only the daemon's end ends the wait. */
	(void)setsid();
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	if (chdir("/") != 0)
		_exit(1);
	do
		n = read(rfd, buf, sizeof(buf));
	while (n > 0 || (n < 0 && errno == EINTR));
	if (mount_device(mountpoint, now, sizeof(now)) && strcmp(now, dev) == 0)
		(void)umount2(mountpoint, MNT_DETACH);
	_exit(0);
}

int auto_unmount_start(const char *mountpoint)
{
	char dev[64];
	int fds[2];
	pid_t pid;

	if (!mount_device(mountpoint, dev, sizeof(dev))) {
		fprintf(stderr, "iokitfs: auto_unmount: %s is not in /proc/self/mountinfo\n",
			mountpoint);
		return -1;
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		perror("iokitfs: auto_unmount: pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("iokitfs: auto_unmount: fork");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		/* Nothing of the daemon's stays open here: above all not the
		 * /dev/fuse descriptor, or the mount would never die. */
		long max = sysconf(_SC_OPEN_MAX);

		for (int fd = 0; fd < (max > 0 ? max : 1024); fd++)
			if (fd != fds[0])
				close(fd);
		watch(fds[0], mountpoint, dev);
	}
	close(fds[0]);
	/* fds[1] stays open (close-on-exec) for the daemon's lifetime. */
	return 0;
}
