/* Reading whole input files (see read_file.h). */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

char *reg_read_file(void *ctx, const char *path, size_t max, size_t *len,
		    struct reg_parse_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf = NULL;
	size_t got = 0;

	if (fd < 0) {
		reg_parse_error_set(err, 0, 0, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		reg_parse_error_set(err, 0, 0, "%s: not a regular file", path);
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		reg_parse_error_set(err, 0, 0, "%s: %lld bytes is more than the %zu accepted",
				    path, (long long)st.st_size, max);
		goto out;
	}
	buf = talloc_size(ctx, (size_t)st.st_size + 1);
	if (!buf) {
		reg_parse_error_set(err, 0, 0, "%s: out of memory", path);
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			reg_parse_error_set(err, 0, got, "%s: read failed: %s", path,
					    r < 0 ? strerror(errno) : "file shrank");
			TALLOC_FREE(buf);
			goto out;
		}
		got += (size_t)r;
	}
	buf[got] = '\0';
	*len = got;
out:
	close(fd);
	return buf;
}
