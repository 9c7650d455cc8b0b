/* Explaining a missing mount (no_mount.h). */
#include "no_mount.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_MOUNT_DIR "/run/iokit"

char *iokit_no_mount_reason(char *buf, unsigned long size)
{
	const char *env = getenv("IOKIT_ROOT");
	char path[4096];
	struct stat st;

	if (env && env[0]) {
		snprintf(path, sizeof(path), "%s/.iokit/control", env);
		if (stat(path, &st) != 0 && errno == EACCES)
			snprintf(buf, size, "IOKIT_ROOT=%s: permission denied (a mount another "
				 "user made needs -o allow_other)", env);
		else
			snprintf(buf, size, "IOKIT_ROOT=%s is not an iokitfs mount (mount one: "
				 "iokitfs [SOURCE] %s)", env, env);
		return buf;
	}
	if (stat(DEFAULT_MOUNT_DIR "/.iokit/control", &st) != 0 && errno == EACCES)
		snprintf(buf, size, DEFAULT_MOUNT_DIR ": permission denied (a mount another user "
			 "made needs -o allow_other)");
	else
		snprintf(buf, size, "no iokitfs mount found: IOKIT_ROOT is not set and "
			 DEFAULT_MOUNT_DIR " is not mounted (mount one: iokitfs " DEFAULT_MOUNT_DIR
			 ", or iokitfs DUMP DIR and IOKIT_ROOT=DIR)");
	return buf;
}

void iokit_explain_no_mount(void)
{
	static int said;
	const char *quiet = getenv("IOKIT_QUIET");
	char reason[4400];

	if (__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED))
		return;
	if (quiet && quiet[0] && strcmp(quiet, "0") != 0)
		return;
	fprintf(stderr, "libIOKit: %s; IOKIT_QUIET=1 silences this\n",
		iokit_no_mount_reason(reason, sizeof(reason)));
}
