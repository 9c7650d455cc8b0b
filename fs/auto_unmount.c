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

#include "mountinfo.h"

static void watch(int rfd, const char *mountpoint, const char *dev)
{
	struct mountinfo_mount now;
	char buf[16];
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
	if (mountinfo_find(mountpoint, &now) && strcmp(now.dev, dev) == 0)
		(void)umount2(mountpoint, MNT_DETACH);
	_exit(0);
}

int auto_unmount_start(const char *mountpoint)
{
	struct mountinfo_mount m;
	int fds[2];
	pid_t pid;

	if (!mountinfo_find(mountpoint, &m)) {
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
		watch(fds[0], mountpoint, m.dev);
	}
	close(fds[0]);
	/* fds[1] stays open (close-on-exec) for the daemon's lifetime. */
	return 0;
}
