/* The topmost mount at a path, from /proc/self/mountinfo (see mountinfo.h). */
#include "mountinfo.h"

#include <stdio.h>
#include <string.h>

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

bool mountinfo_find(const char *path, struct mountinfo_mount *m)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[8192];
	bool found = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		/* id parent major:minor root mountpoint opts... - fstype source */
		char *save = NULL, *fields[5], *dash;
		int n = 0;

		for (char *t = strtok_r(line, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			fields[n++] = t;
			if (n == 5)
				break;
		}
		if (n < 5)
			continue;
		unescape(fields[4]);
		if (strcmp(fields[4], path) != 0)
			continue;
		found = true;
		snprintf(m->dev, sizeof(m->dev), "%s", fields[2]);
		snprintf(m->fstype, sizeof(m->fstype), "%s", "another file system");
		dash = save ? strstr(save, " - ") : NULL;
		if (dash) {
			char *t = dash + 3, *end = strchr(t, ' ');

			if (end)
				*end = '\0';
			snprintf(m->fstype, sizeof(m->fstype), "%s", t);
		}
		/* keep looking: later lines are mounted on top */
	}
	fclose(f);
	return found;
}
