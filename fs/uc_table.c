/* MNT/.iokit/connections (see uc_table.h). */
#include "uc_table.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include <time.h>
#include <unistd.h>

#include "open_handles.h"
#include "ioreturn.h"
#include "handle.h"
#include "policy.h"
#include "stats.h"
#include "user_client.h"

#define UC_TABLE_REGIONS 16	/* regions recorded per connection */

struct uc_region {
	uint32_t type;
	int fd;
	uint64_t offset;
	uint64_t size;
	bool read_only;
};

struct uc_row {
	uint64_t n;
	struct reg_caller caller;
	uint64_t service_id;
	uint32_t type;
	char driver[64];
	char user_client_class[64];
	struct uc_region regions[UC_TABLE_REGIONS];
	size_t nregions;
};

/* The daemon's connections; rows is a talloc array, NULL when empty. */
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct uc_row *rows;
static size_t nrows;
static uint64_t next_n = 1;
/* When the table last changed: the directories' mtime, which tells the
 * kernel to drop its cached listings (readdir is cached when the kernel
 * skips opendir). */
static struct timespec changed;

/* table_lock held. */
static void touch(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	if (now.tv_sec < changed.tv_sec ||
	    (now.tv_sec == changed.tv_sec && now.tv_nsec <= changed.tv_nsec)) {
		now = changed;
		if (++now.tv_nsec == 1000000000) {
			now.tv_nsec = 0;
			now.tv_sec++;
		}
	}
	changed = now;
}

static struct uc_row *row_of(uint64_t n)
{
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].n == n)
			return &rows[i];
	return NULL;
}

static struct uc_region *region_of(struct uc_row *r, uint32_t type)
{
	for (size_t i = 0; r && i < r->nregions; i++)
		if (r->regions[i].type == type)
			return &r->regions[i];
	return NULL;
}

uint64_t uc_table_add(const struct reg_connection *conn)
{
	struct uc_row *grown, *r;
	uint64_t n = 0;

	pthread_mutex_lock(&table_lock);
	grown = talloc_realloc(NULL, rows, struct uc_row, nrows + 1);
	if (grown) {
		rows = grown;
		r = &rows[nrows++];
		memset(r, 0, sizeof(*r));
		n = r->n = next_n++;
		touch();
		r->caller = conn->caller;
		r->service_id = conn->service_id;
		r->type = conn->type;
		snprintf(r->driver, sizeof(r->driver), "%s",
			 conn->driver && conn->driver->name ? conn->driver->name : "");
		snprintf(r->user_client_class, sizeof(r->user_client_class), "%s",
			 conn->driver && conn->driver->user_client &&
					 conn->driver->user_client->user_client_class
				 ? conn->driver->user_client->user_client_class
				 : "IOUserClient");
	}
	pthread_mutex_unlock(&table_lock);
	return n;
}

void uc_table_remove(uint64_t n)
{
	pthread_mutex_lock(&table_lock);
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].n != n)
			continue;
		for (size_t j = 0; j < rows[i].nregions; j++)
			close(rows[i].regions[j].fd);
		rows[i] = rows[--nrows];
		touch();
		break;
	}
	if (nrows == 0)
		TALLOC_FREE(rows);
	pthread_mutex_unlock(&table_lock);
}

void uc_table_add_region(uint64_t n, uint32_t type, int fd, uint64_t offset,
			 uint64_t size, bool read_only)
{
	struct uc_row *r;
	struct uc_region *g;

	pthread_mutex_lock(&table_lock);
	r = row_of(n);
	g = region_of(r, type);
	if (g) {
		close(fd);	/* mapped before: the same memory */
	} else if (!r || r->nregions == UC_TABLE_REGIONS) {
		close(fd);
	} else {
		g = &r->regions[r->nregions++];
		g->type = type;
		g->fd = fd;
		g->offset = offset;
		g->size = size;
		g->read_only = read_only;
		touch();
	}
	pthread_mutex_unlock(&table_lock);
}

static int add_name(void *ctx, char ***names, struct fs_ident **idents, size_t *count,
		    char *name, const struct fs_ident *ident)
{
	char **nn = talloc_realloc(ctx, *names, char *, *count + 1);
	struct fs_ident *ii;

	if (!nn)
		return -ENOMEM;
	*names = nn;
	ii = talloc_realloc(ctx, *idents, struct fs_ident, *count + 1);
	if (!ii || !name)
		return -ENOMEM;
	*idents = ii;
	nn[*count] = name;
	ii[*count] = *ident;
	(*count)++;
	return 0;
}

ssize_t uc_table_list(void *ctx, const struct fs_ident *dir, char ***names,
		      struct fs_ident **idents)
{
	struct fs_ident child = { .plane = REG_NO_PLANE };
	size_t count = 0;
	int ret = 0;

	*names = NULL;
	*idents = NULL;
	pthread_mutex_lock(&table_lock);
	switch (dir->kind) {
	case FS_CONNECTIONS:
		child.kind = FS_CONN_DIR;
		for (size_t i = 0; !ret && i < nrows; i++) {
			child.id = rows[i].n;
			ret = add_name(ctx, names, idents, &count,
				       talloc_asprintf(ctx, "%" PRIu64, rows[i].n), &child);
		}
		break;
	case FS_CONN_DIR:
		if (!row_of(dir->id)) {
			ret = -ENOENT;
			break;
		}
		child.id = dir->id;
		child.kind = FS_CONN_INFO;
		ret = add_name(ctx, names, idents, &count, talloc_strdup(ctx, "info"), &child);
		child.kind = FS_CONN_MEMDIR;
		if (!ret)
			ret = add_name(ctx, names, idents, &count, talloc_strdup(ctx, "memory"),
				       &child);
		break;
	case FS_CONN_MEMDIR: {
		struct uc_row *r = row_of(dir->id);

		if (!r) {
			ret = -ENOENT;
			break;
		}
		child.id = dir->id;
		child.kind = FS_CONN_MEM;
		for (size_t i = 0; !ret && i < r->nregions; i++) {
			child.view = (int)r->regions[i].type;
			ret = add_name(ctx, names, idents, &count,
				       talloc_asprintf(ctx, "%" PRIu32, r->regions[i].type),
				       &child);
		}
		break;
	}
	default:
		ret = -ENOTDIR;
	}
	pthread_mutex_unlock(&table_lock);
	if (ret) {
		TALLOC_FREE(*names);
		TALLOC_FREE(*idents);
		return ret;
	}
	return (ssize_t)count;
}

bool uc_table_exists(const struct fs_ident *ident)
{
	bool found;

	if (ident->kind == FS_CONNECTIONS)
		return true;
	pthread_mutex_lock(&table_lock);
	found = row_of(ident->id) != NULL;
	if (found && ident->kind == FS_CONN_MEM)
		found = region_of(row_of(ident->id), (uint32_t)ident->view) != NULL;
	pthread_mutex_unlock(&table_lock);
	return found;
}

/* st already holds the common attributes. */
void uc_table_stat(const struct fs_ident *ident, struct stat *st)
{
	struct uc_row *r;
	struct uc_region *g;

	if (fs_kind_is_dir(ident->kind)) {
		pthread_mutex_lock(&table_lock);
		st->st_mtim = st->st_ctim = changed;
		pthread_mutex_unlock(&table_lock);
		return;
	}
	pthread_mutex_lock(&table_lock);
	r = row_of(ident->id);
	g = ident->kind == FS_CONN_MEM ? region_of(r, (uint32_t)ident->view) : NULL;
	/* info names the opener's pid, uid and gid: its own and root's only */
	if (ident->kind != FS_CONN_MEM)
		st->st_mode = S_IFREG | 0400;
	else
		st->st_mode = S_IFREG | (g && g->read_only ? 0400 : 0600);
	if (r) {
		st->st_uid = r->caller.uid;
		st->st_gid = r->caller.gid;
	}
	if (g) {
		st->st_size = (off_t)g->size;
		st->st_blocks = (blkcnt_t)((g->size + 511) / 512);
	}
	pthread_mutex_unlock(&table_lock);
}

/* ---- the files ---- */

struct uc_table_file {
	struct fs_handle h;	/* first: FS_HANDLE_CONN_TABLE */
	struct fs_ident ident;
	char *info;		/* FS_CONN_INFO: the text, made at open */
	size_t info_len;
};

/* Root may look at any connection's memory and info, as it could through
 * /proc; otherwise only its opener (policy.h, REG_CHANGE_CONN_MEMORY: the
 * same rule for reads as for writes). */
static bool may_reach(const struct uc_row *r, uid_t uid)
{
	struct reg_caller who = { .uid = uid };

	return reg_policy_check(NULL, NULL, REG_CHANGE_CONN_MEMORY, &who, 0, r->caller.uid) ==
	       REG_IO_SUCCESS;
}

static char *info_text(void *ctx, const struct uc_row *r)
{
	char *s = talloc_asprintf(ctx,
				  "connection %" PRIu64 "\n"
				  "service 0x%" PRIx64 "\n"
				  "type %" PRIu32 "\n"
				  "driver %s\n"
				  "class %s\n"
				  "pid %d\nuid %u\ngid %u\n",
				  r->n, r->service_id, r->type, r->driver,
				  r->user_client_class, (int)r->caller.pid,
				  (unsigned)r->caller.uid, (unsigned)r->caller.gid);

	for (size_t i = 0; s && i < r->nregions; i++)
		s = talloc_asprintf_append(s, "memory %" PRIu32 " size %" PRIu64 "%s\n",
					   r->regions[i].type, r->regions[i].size,
					   r->regions[i].read_only ? " read-only" : "");
	return s;
}

void uc_table_file_open(fuse_req_t req, const struct fs_ident *ident,
			struct fuse_file_info *fi)
{
	const struct fuse_ctx *c = fuse_req_ctx(req);
	bool writing = (fi->flags & O_ACCMODE) != O_RDONLY;
	struct uc_table_file *f;
	struct uc_row *r;
	struct uc_region *g = NULL;
	int err = 0;

	f = talloc_zero(NULL, struct uc_table_file);
	if (!f) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	f->h.kind = FS_HANDLE_CONN_TABLE;
	f->ident = *ident;
	f->ident.key = NULL;
	pthread_mutex_lock(&table_lock);
	r = row_of(ident->id);
	if (r && ident->kind == FS_CONN_MEM)
		g = region_of(r, (uint32_t)ident->view);
	if (!r || (ident->kind == FS_CONN_MEM && !g)) {
		err = ENOENT;
	} else if (ident->kind == FS_CONN_INFO) {
		/* the opener's pid/uid/gid: for the opener and root only, whatever
		 * the mount's permission checking */
		if (writing || !may_reach(r, c->uid))
			err = EACCES;
		else if (!(f->info = info_text(f, r)))
			err = ENOMEM;
		else
			f->info_len = strlen(f->info);
	} else if (!may_reach(r, c->uid) || (writing && g->read_only)) {
		err = EACCES;
	}
	pthread_mutex_unlock(&table_lock);
	if (err) {
		talloc_free(f);
		fuse_reply_err(req, err);
		return;
	}
	fi->fh = (uint64_t)(uintptr_t)f;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	open_handles_add(fs_of(req)->handles, &f->h);
	if (fuse_reply_open(req, fi) != 0) {
		open_handles_remove(fs_of(req)->handles, &f->h);
		talloc_free(f);
	}
}

/* pread/pwrite on the region, clipped to its size.  Returns bytes or -errno. */
static ssize_t region_io(const struct fs_ident *ident, uid_t uid, void *buf, size_t size,
			 off_t off, bool writing)
{
	struct uc_row *r;
	struct uc_region *g;
	ssize_t n;
	int fd;
	uint64_t base;

	if (off < 0)
		return -EINVAL;
	pthread_mutex_lock(&table_lock);
	r = row_of(ident->id);
	g = region_of(r, (uint32_t)ident->view);
	if (!g) {
		pthread_mutex_unlock(&table_lock);
		return -ENOENT;	/* the connection went */
	}
	if (!may_reach(r, uid) || (writing && g->read_only)) {
		pthread_mutex_unlock(&table_lock);
		return -EACCES;
	}
	if ((uint64_t)off >= g->size) {
		pthread_mutex_unlock(&table_lock);
		return writing && size ? -ENOSPC : 0;
	}
	if (size > g->size - (uint64_t)off)
		size = (size_t)(g->size - (uint64_t)off);
	fd = dup(g->fd);	/* the row may go while we copy */
	base = g->offset;
	pthread_mutex_unlock(&table_lock);
	if (fd < 0)
		return -errno;
	n = writing ? pwrite(fd, buf, size, (off_t)(base + (uint64_t)off))
		    : pread(fd, buf, size, (off_t)(base + (uint64_t)off));
	if (n < 0)
		n = -errno;
	close(fd);
	return n;
}

void uc_table_file_read(fuse_req_t req, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct uc_table_file *f = (struct uc_table_file *)(uintptr_t)fi->fh;
	void *buf;
	ssize_t n;

	fs_stats_count(fs_of(req)->stats, FS_OP_READ);
	if (f->ident.kind == FS_CONN_INFO) {
		if (off < 0 || (size_t)off >= f->info_len)
			fuse_reply_buf(req, NULL, 0);
		else
			fuse_reply_buf(req, f->info + off,
				       size < f->info_len - (size_t)off ? size
								: f->info_len - (size_t)off);
		return;
	}
	buf = talloc_size(NULL, size ? size : 1);
	if (!buf) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	n = region_io(&f->ident, fuse_req_ctx(req)->uid, buf, size, off, false);
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_buf(req, buf, (size_t)n);
	talloc_free(buf);
}

void uc_table_file_write(fuse_req_t req, const char *buf, size_t size, off_t off,
			 struct fuse_file_info *fi)
{
	struct uc_table_file *f = (struct uc_table_file *)(uintptr_t)fi->fh;
	ssize_t n;

	fs_stats_count(fs_of(req)->stats, FS_OP_WRITE);
	if (f->ident.kind != FS_CONN_MEM) {
		fuse_reply_err(req, EBADF);
		return;
	}
	n = region_io(&f->ident, fuse_req_ctx(req)->uid, (void *)buf, size, off, true);
	if (n < 0)
		fuse_reply_err(req, (int)-n);
	else
		fuse_reply_write(req, (size_t)n);
}

void uc_table_file_close(struct fs_handle *h)
{
	talloc_free(h);
}

void uc_table_file_release(fuse_req_t req, struct fuse_file_info *fi)
{
	fs_stats_count(fs_of(req)->stats, FS_OP_RELEASE);
	uc_table_file_close((struct fs_handle *)(uintptr_t)fi->fh);
	fuse_reply_err(req, 0);
}
