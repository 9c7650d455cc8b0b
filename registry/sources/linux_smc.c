/* The AppleSMC user client on an Intel Mac running Linux: the key table
 * comes from the applesmc driver's sysfs files, so tools written for
 * macOS's AppleSMC (smc_tool, smcFanControl, iStats) read the real SMC.
 *
 * The applesmc interface (drivers/hwmon/applesmc.c) is a cursor:
 * key_count is the number of keys; writing an index to key_at_index
 * selects a key, whose key_at_index_name, key_at_index_type,
 * key_at_index_data_length and key_at_index_data (raw bytes) then read.
 * The table is read whole at attach (names, types, sizes); a read of a
 * key's bytes through the user client selects it again and reads fresh
 * data, so fans and temperatures are live.  The cursor is global kernel
 * state: one mutex per table serialises select+read.  Keys are readable
 * only: applesmc offers no generic key write, so writes answer
 * kSMCKeyNotWritable (0x86) as a Mac does for a read-only key.
 *
 * The entry keeps its class from the class map (AppleSMC) and gets the
 * apple_smc driver instead of the sysfs driver.  The I/O goes through
 * struct lx_smc_io so tests can stand in for the kernel.  Errors: 0 or
 * -errno. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_smc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

#include "drivers/apple_smc.h"

struct smc_backend {
	struct lx_smc_io io;
	pthread_mutex_t lock;
	uint32_t *sysfs_index;		/* table position -> applesmc index */
	size_t count;
};

static int backend_destructor(struct smc_backend *b)
{
	pthread_mutex_destroy(&b->lock);
	return 0;
}

/* Text of a cursor attribute, one trailing newline cut. */
static int read_text(const struct lx_smc_io *io, const char *attr, char *buf, size_t cap)
{
	ssize_t n = io->read(io->data, attr, buf, cap - 1);

	if (n < 0)
		return (int)n;
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

/* Selects index and reads the key there. */
static int read_key(const struct lx_smc_io *io, uint32_t index, struct smc_key *k,
		    bool with_name)
{
	char text[64], type[5];
	uint8_t data[SMC_KEY_DATA_MAX + 1];
	ssize_t n;
	int ret;
	long len;

	if ((ret = io->select(io->data, index)) != 0)
		return ret;
	if (with_name) {
		if ((ret = read_text(io, "key_at_index_name", text, sizeof(text))) != 0)
			return ret;
		if (strlen(text) != 4)
			return -EPROTO;
		k->key = smc_fourcc(text);
		if ((ret = read_text(io, "key_at_index_type", text, sizeof(text))) != 0)
			return ret;
		/* "ui8 ": 1 to 4 characters, padded with spaces as the SMC has it. */
		if (!text[0] || strlen(text) > 4)
			return -EPROTO;
		memset(type, ' ', 4);
		memcpy(type, text, strlen(text));
		k->type = smc_fourcc(type);
		if ((ret = read_text(io, "key_at_index_data_length", text, sizeof(text))) != 0)
			return ret;
		char *end;

		len = strtol(text, &end, 10);
		if (*end || len < 0 || len > SMC_KEY_DATA_MAX)
			return -EPROTO;
		k->size = (uint8_t)len;
		k->attributes = SMC_ATTR_READ;
	}
	n = io->read(io->data, "key_at_index_data", data, sizeof(data));
	if (n < 0)
		return (int)n;
	if ((size_t)n != k->size)
		return -EPROTO;
	memcpy(k->data, data, k->size);
	return 0;
}

static int refresh_key(void *data, size_t pos, struct smc_key *k)
{
	struct smc_backend *b = data;
	struct smc_key fresh = *k;
	int ret;

	if (pos >= b->count || b->sysfs_index[pos] == UINT32_MAX)
		return 0;	/* #KEY, which the driver computes */
	pthread_mutex_lock(&b->lock);
	ret = read_key(&b->io, b->sysfs_index[pos], &fresh, true);
	/* The table may have been re-ordered by a firmware change: only bytes
	 * of the same key, type and size are taken. */
	if (ret == 0 && fresh.key == k->key && fresh.type == k->type && fresh.size == k->size)
		memcpy(k->data, fresh.data, k->size);
	pthread_mutex_unlock(&b->lock);
	return ret;
}

struct smc_key_table *lx_smc_load_table(void *ctx, const struct lx_smc_io *io,
					const char **why)
{
	struct smc_key_table *t = smc_keys_new_empty(ctx);
	struct smc_backend *b = t ? talloc_zero(t, struct smc_backend) : NULL;
	char text[64];
	long count;
	char *end;
	int ret;

	*why = "out of memory";
	if (!b)
		goto fail;
	b->io = *io;
	pthread_mutex_init(&b->lock, NULL);
	talloc_set_destructor(b, backend_destructor);
	if ((ret = read_text(io, "key_count", text, sizeof(text))) != 0) {
		*why = "key_count is not readable";
		goto fail;
	}
	count = strtol(text, &end, 10);
	if (*end || count < 0 || count >= SMC_KEYS_MAX) {
		*why = "key_count is not a count";
		goto fail;
	}
	t->keys = talloc_zero_array(t, struct smc_key, (size_t)count + 1);
	b->sysfs_index = talloc_array(b, uint32_t, (size_t)count + 1);
	if (!t->keys || !b->sysfs_index)
		goto fail;
	for (long i = 0; i < count; i++) {
		if (read_key(io, (uint32_t)i, &t->keys[i], true) != 0) {
			*why = "a key could not be read (applesmc index)";
			goto fail;
		}
		b->sysfs_index[i] = (uint32_t)i;
	}
	t->count = (size_t)count;
	if (smc_keys_reindex(t) != 0)
		goto fail;
	/* A key listed twice would make lookups ambiguous. */
	for (size_t i = 1; i < t->count; i++) {
		if (t->keys[t->sorted[i - 1]].key == t->keys[t->sorted[i]].key) {
			*why = "key_at_index_name lists a key twice";
			goto fail;
		}
	}
	{
		size_t before = t->count;

		if (smc_keys_ensure_count_key(t) != 0)
			goto fail;
		if (t->count != before) {
			/* #KEY went in at position 0. */
			memmove(b->sysfs_index + 1, b->sysfs_index, before * sizeof(uint32_t));
			b->sysfs_index[0] = UINT32_MAX;
		}
	}
	b->count = t->count;
	t->declared_count = count;
	t->refresh = refresh_key;
	t->refresh_data = b;
	return t;
fail:
	talloc_free(t);
	return NULL;
}

/* ---- the sysfs cursor ---- */

struct sysfs_cursor {
	char *dir;
};

static int sysfs_select(void *data, uint32_t index)
{
	struct sysfs_cursor *c = data;
	char path[4096], text[16];
	int fd, len = snprintf(text, sizeof(text), "%u", index);
	int ret = 0;

	if (snprintf(path, sizeof(path), "%s/key_at_index", c->dir) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, (size_t)len) != len)
		ret = errno ? -errno : -EIO;
	close(fd);
	return ret;
}

static ssize_t sysfs_read(void *data, const char *attr, void *buf, size_t cap)
{
	struct sysfs_cursor *c = data;
	char path[4096];
	size_t used = 0;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", c->dir, attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (used < cap) {
		ssize_t n = read(fd, (char *)buf + used, cap - used);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			close(fd);
			return -e;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	return (ssize_t)used;
}

int lx_smc_attach(struct linux_source *src, struct reg_entry *e, const char *syspath)
{
	struct sysfs_cursor *c = talloc_zero(NULL, struct sysfs_cursor);
	struct lx_smc_io io = { .select = sysfs_select, .read = sysfs_read, .data = c };
	struct smc_key_table *t;
	const char *why = "out of memory";

	(void)src;
	if (!c || !(c->dir = talloc_strdup(c, syspath))) {
		talloc_free(c);
		return -ENOMEM;
	}
	t = lx_smc_load_table(NULL, &io, &why);
	if (!t) {
		fprintf(stderr, "iokitfs: %s: no AppleSMC keys: %s\n", syspath, why);
		talloc_free(c);
		return -EIO;
	}
	talloc_steal(t, c);
	if (apple_smc_bind(e->registry, e, t) != 0) {
		talloc_free(t);
		return -ENOMEM;
	}
	return 0;
}
