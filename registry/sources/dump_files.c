/* Finding the dump files in a folder or an archive (see dump_files.h). */
#include "dump_files.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "read_file.h"
#include "source.h"
#include "unwrap.h"

#define MAX_DEPTH 16		/* folder levels */
#define MAX_NESTING 2		/* archives inside archives */

struct collector {
	void *ctx;
	struct dump_file *files;
	size_t count, cap;
	size_t total, entries;
	struct reg_parse_error *err;
};

/* A "+-o " line among the first 200 lines (after a title or a prompt). */
static bool has_header_line(const char *buf, size_t len)
{
	size_t pos = 0;

	for (int n = 0; n < 200 && pos < len; n++) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t p = pos;

		while (p < end && (buf[p] == ' ' || buf[p] == '|'))
			p++;
		if (end - p >= 4 && memcmp(buf + p, "+-o ", 4) == 0)
			return true;
		pos = end + 1;
	}
	return false;
}

enum dump_kind dump_kind_of(const char *buf, size_t len)
{
	size_t i = 0;

	if (len >= 8 && memcmp(buf, "bplist00", 8) == 0)
		return memmem(buf, len, "RexDataStore", 12) ? DUMP_ARCHIVE : DUMP_NONE;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
		i++;
	if (len - i >= 5 && (memcmp(buf + i, "<?xml", 5) == 0 || memcmp(buf + i, "<plis", 5) == 0 ||
			     memcmp(buf + i, "<!DOC", 5) == 0))
		return memmem(buf, len, "<key>IORegistryEntry", 20) ? DUMP_XML : DUMP_NONE;
	if (memchr(buf, '\0', len))
		return DUMP_NONE;
	if (unwrap_is_rtf(buf, len) || unwrap_is_html_escaped(buf, len))
		return memmem(buf, len, "+-o ", 4) ? DUMP_TEXT : DUMP_NONE;
	return has_header_line(buf, len) ? DUMP_TEXT : DUMP_NONE;
}

bool dump_is_container(const char *buf, size_t len)
{
	static const struct { const char *magic; size_t n; size_t at; } m[] = {
		{ "PK\x03\x04", 4, 0 }, { "PK\x05\x06", 4, 0 }, { "\x1f\x8b", 2, 0 },
		{ "BZh", 3, 0 }, { "\xfd" "7zXZ", 5, 0 }, { "7z\xbc\xaf\x27\x1c", 6, 0 },
		{ "ustar", 5, 257 },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (len >= m[i].at + m[i].n && memcmp(buf + m[i].at, m[i].magic, m[i].n) == 0)
			return true;
	return false;
}

static int collect_buffer(struct collector *c, const char *name, char *buf, size_t len,
			  int nesting);

static int add(struct collector *c, const char *name, char *buf, size_t len,
	       enum dump_kind kind)
{
	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct dump_file *f = talloc_realloc(c->ctx, c->files, struct dump_file, cap);
		if (!f)
			goto oom;
		c->files = f;
		c->cap = cap;
	}
	c->files[c->count].name = talloc_strdup(c->ctx, name);
	if (!c->files[c->count].name)
		goto oom;
	c->files[c->count].buf = talloc_steal(c->ctx, buf);
	c->files[c->count].len = len;
	c->files[c->count].kind = kind;
	c->count++;
	return 0;
oom:
	reg_parse_error_set(c->err, 0, 0, "out of memory");
	return -1;
}

/* Resource forks macOS puts in zips; never dumps. */
static bool apple_double(const char *name)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	return strncmp(base, "._", 2) == 0 || strstr(name, "__MACOSX/") != NULL;
}

static int collect_archive(struct collector *c, const char *name, const char *buf, size_t len,
			   int nesting)
{
	struct archive *a = archive_read_new();
	struct archive_entry *ent;
	int r, ret = -1;

	if (!a) {
		reg_parse_error_set(c->err, 0, 0, "out of memory");
		return -1;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_memory(a, buf, len) != ARCHIVE_OK) {
		reg_parse_error_set(c->err, 0, 0, "%s: not an archive libarchive can read: %s",
				    name, archive_error_string(a));
		goto out;
	}
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK ||
	       r == ARCHIVE_WARN) {
		const char *path = archive_entry_pathname(ent);
		la_int64_t size = archive_entry_size(ent);
		char *inner, *data;
		la_ssize_t got;

		if (++c->entries > DUMP_FILES_MAX_ENTRIES) {
			reg_parse_error_set(c->err, 0, 0, "%s: more than %d files", name,
					    DUMP_FILES_MAX_ENTRIES);
			goto out;
		}
		if (!path || archive_entry_filetype(ent) != AE_IFREG || apple_double(path) ||
		    size <= 0)
			continue;
		if ((unsigned long long)size > SOURCE_MAX_FILE_BYTES ||
		    c->total + (size_t)size > DUMP_FILES_MAX_TOTAL)
			continue;	/* no dump is that big; a disk image is */
		data = talloc_size(NULL, (size_t)size + 1);
		inner = talloc_asprintf(data, "%s/%s", name, path);
		if (!data || !inner) {
			talloc_free(data);
			reg_parse_error_set(c->err, 0, 0, "out of memory");
			goto out;
		}
		got = archive_read_data(a, data, (size_t)size);
		if (got != (la_ssize_t)size) {
			reg_parse_error_set(c->err, 0, 0, "%s: cannot read: %s", inner,
					    got < 0 ? archive_error_string(a) : "short read");
			talloc_free(data);
			goto out;
		}
		data[size] = '\0';
		c->total += (size_t)size;
		if (collect_buffer(c, inner, data, (size_t)size, nesting) != 0) {
			talloc_free(data);
			goto out;
		}
		talloc_free(data);
	}
	if (r != ARCHIVE_EOF) {
		reg_parse_error_set(c->err, 0, 0, "%s: broken archive: %s", name,
				    archive_error_string(a));
		goto out;
	}
	ret = 0;
out:
	archive_read_free(a);
	return ret;
}

/* buf is a talloc buffer the collector may keep (stealing it). */
static int collect_buffer(struct collector *c, const char *name, char *buf, size_t len,
			  int nesting)
{
	enum dump_kind kind = dump_kind_of(buf, len);

	if (kind != DUMP_NONE) {
		char *copy = talloc_memdup(NULL, buf, len + 1);
		if (!copy) {
			reg_parse_error_set(c->err, 0, 0, "out of memory");
			return -1;
		}
		return add(c, name, copy, len, kind);
	}
	if (nesting < MAX_NESTING && dump_is_container(buf, len)) {
		struct reg_parse_error inner = { .line = 0 };
		struct reg_parse_error *outer = c->err;
		int r;

		c->err = &inner;
		r = collect_archive(c, name, buf, len, nesting + 1);
		c->err = outer;
		if (r != 0 && strcmp(inner.message, "out of memory") == 0) {
			reg_parse_error_set(outer, 0, 0, "out of memory");
			return -1;
		}
		/* A broken archive inside is passed over like any non-dump. */
	}
	return 0;
}

/* A file whose first 64 KiB could start a dump or an archive: read whole
 * only those (a report's images, tables and viewers are passed over). */
static bool worth_reading(const char *path)
{
	char head[65536];
	ssize_t n;
	size_t i = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return false;
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n <= 0)
		return false;
	if (dump_is_container(head, (size_t)n) || (n >= 8 && memcmp(head, "bplist00", 8) == 0))
		return true;
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < (size_t)n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
				 head[i] == '\n'))
		i++;
	if ((size_t)n - i >= 5 && (memcmp(head + i, "<?xml", 5) == 0 ||
				   memcmp(head + i, "<plis", 5) == 0 ||
				   memcmp(head + i, "<!DOC", 5) == 0 ||
				   memcmp(head + i, "{\\rtf", 5) == 0))
		return true;
	return memmem(head, (size_t)n, "+-o ", 4) != NULL;
}

static int collect_dir(struct collector *c, const char *path, int depth)
{
	struct dirent **list = NULL;
	int n = scandir(path, &list, NULL, alphasort), ret = 0;

	if (n < 0) {
		reg_parse_error_set(c->err, 0, 0, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const char *nm = list[i]->d_name;
		char *child;
		struct stat st;

		if (ret != 0 || nm[0] == '.' || strcmp(nm, "__MACOSX") == 0)
			continue;
		if (++c->entries > DUMP_FILES_MAX_ENTRIES) {
			reg_parse_error_set(c->err, 0, 0, "%s: more than %d files", path,
					    DUMP_FILES_MAX_ENTRIES);
			ret = -1;
			continue;
		}
		child = talloc_asprintf(NULL, "%s/%s", path, nm);
		if (!child) {
			reg_parse_error_set(c->err, 0, 0, "out of memory");
			ret = -1;
			continue;
		}
		if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < MAX_DEPTH)
				ret = collect_dir(c, child, depth + 1);
		} else if (lstat(child, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
			   (unsigned long long)st.st_size <= SOURCE_MAX_FILE_BYTES &&
			   c->total + (size_t)st.st_size <= DUMP_FILES_MAX_TOTAL &&
			   worth_reading(child)) {
			struct reg_parse_error rerr = { .line = 0 };
			size_t len = 0;
			char *buf = reg_read_file(NULL, child, SOURCE_MAX_FILE_BYTES, &len, &rerr);
			if (buf) {
				c->total += len;
				ret = collect_buffer(c, child, buf, len, 0);
				talloc_free(buf);
			}
			/* An unreadable file among many is passed over. */
		}
		talloc_free(child);
	}
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return ret;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct dump_file *)a)->name, ((const struct dump_file *)b)->name);
}

long dump_files_collect(void *ctx, const char *path, const char *buf, size_t len,
			struct dump_file **out, struct reg_parse_error *err)
{
	struct collector c = { .ctx = ctx, .err = err };
	int r;

	if (buf)
		r = collect_archive(&c, path, buf, len, 0);
	else
		r = collect_dir(&c, path, 0);
	if (r != 0)
		return -1;
	if (c.count)
		qsort(c.files, c.count, sizeof(*c.files), by_name);
	*out = c.files;
	return (long)c.count;
}
