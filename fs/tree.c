/* What each directory of the mount contains (see tree.h).
 *
 *   /                      Root: one directory per plane, .iokit, Root's views
 *   /<plane>/              Root in <plane>: Root's children in <plane>
 *   .../<entry>/           children in the plane, then the views
 *   .../.properties/<key>  one file per property (the directory is lookup
 *                          only: xattrs are the interface, and a walker
 *                          would otherwise see every property twice)
 *   /.iokit/entries/<id>   a symlink to the entry in its first plane, as
 *                          /sys/bus/STAR/devices; an entry in no plane is a
 *                          directory of views (no children)
 *   /.iokit/stats, /.iokit/version
 *   /.iokit/{control,uevent,notify,watch,connect,connections}: lookup only,
 *                          so tree walkers (cp -a, tar, grep -r) never open
 *                          a stream or a control file */
#include "tree.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "names.h"
#include "uc_table.h"
#include "views.h"

struct listing {
	void *ctx;
	struct fs_dirent *items;
	size_t count, cap;
};

static int add_maybe_hidden(struct listing *l, char *name, const struct fs_ident *ident,
			    bool hidden)
{
	if (!name)
		return -ENOMEM;
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct fs_dirent *grown = talloc_realloc(l->ctx, l->items, struct fs_dirent, cap);

		if (!grown)
			return -ENOMEM;
		l->items = grown;
		l->cap = cap;
	}
	l->items[l->count].name = name;
	l->items[l->count].ident = *ident;
	l->items[l->count].hidden = hidden;
	l->count++;
	return 0;
}

static int add(struct listing *l, char *name, const struct fs_ident *ident)
{
	return add_maybe_hidden(l, name, ident, false);
}

static int add_views(struct listing *l, uint64_t id, int plane)
{
	struct fs_ident props = { .kind = FS_PROPDIR, .id = id, .plane = plane };
	int ret;

	for (int v = 1; v < FS_VIEW_COUNT_PLUS_ONE; v++) {
		struct fs_ident ident = { .kind = FS_VIEW, .id = id, .plane = plane, .view = v };

		if ((ret = add(l, (char *)fs_view_name(v), &ident)) != 0)
			return ret;
		/* .properties sorts after .plist, as ls shows it. */
		if (v == FS_VIEW_PLIST &&
		    (ret = add_maybe_hidden(l, ".properties", &props, true)) != 0)
			return ret;
	}
	return 0;
}

/* The final components of e's children in plane, in child order: an
 * array on ctx (n entries; finals on ctx too), or NULL. */
static struct fs_named *name_children(void *ctx, const struct reg_entry *e, int plane,
				      size_t *n)
{
	struct fs_named *named;

	*n = reg_entry_child_count(e, plane);
	named = talloc_zero_array(ctx, struct fs_named, *n ? *n : 1);
	if (!named)
		return NULL;
	for (size_t i = 0; i < *n; i++) {
		const struct reg_entry *c = reg_entry_child(e, plane, i);

		named[i].id = c->id;
		named[i].base = fs_entry_component(named, reg_entry_name(c, plane),
						   reg_entry_location(c, plane));
		if (!named[i].base)
			return NULL;
	}
	return fs_names_assign(ctx, named, *n) == 0 ? named : NULL;
}

static int add_children(struct listing *l, const struct reg_entry *e, int plane)
{
	void *tmp = talloc_new(NULL);
	size_t n = 0;
	struct fs_named *named = tmp ? name_children(tmp, e, plane, &n) : NULL;
	int ret = named ? 0 : -ENOMEM;

	for (size_t i = 0; !ret && i < n; i++) {
		struct fs_ident ident = { .kind = FS_ENTRY, .id = named[i].id, .plane = plane };
		char *final = talloc_steal(l->ctx, named[i].final);

		ret = add(l, final, &ident);
	}
	talloc_free(tmp);
	return ret;
}

static int list_mount_root(struct listing *l, struct registry *reg)
{
	struct fs_ident iokit = { .kind = FS_IOKIT, .plane = REG_NO_PLANE };
	int ret;

	for (int p = 0; p < (int)registry_plane_count(reg); p++) {
		struct fs_ident ident = { .kind = FS_ENTRY, .id = REG_ROOT_ID, .plane = p };

		ret = add(l, fs_name_escape(l->ctx, registry_plane_name(reg, p), false, true),
			  &ident);
		if (ret)
			return ret;
	}
	if ((ret = add(l, ".iokit", &iokit)) != 0)
		return ret;
	return add_views(l, REG_ROOT_ID, REG_NO_PLANE);
}

static int list_properties(struct listing *l, const struct reg_entry *e, int plane)
{
	const struct reg_value *props = e->properties;

	for (size_t i = 0; i < props->u.dict.count; i++) {
		char *key = talloc_strdup(l->ctx, props->u.dict.keys[i]);
		struct fs_ident ident = {
			.kind = FS_PROPFILE, .id = e->id, .plane = plane, .key = key,
		};
		int ret = key ? add(l, fs_key_file_name(l->ctx, key), &ident) : -ENOMEM;

		if (ret)
			return ret;
	}
	return 0;
}

struct entries_walk {
	struct listing *l;
	struct registry *reg;
	int ret;
};

/* Paths deeper than this cannot be opened (PATH_MAX) anyway. */
#define FS_LINK_MAX_DEPTH 2048

/* The plane whose tree shows e (the first one where its first parents lead
 * to Root), or REG_NO_PLANE. */
static int first_plane(struct registry *reg, const struct reg_entry *e)
{
	for (int p = 0; p < (int)registry_plane_count(reg); p++) {
		const struct reg_entry *c = e;
		size_t depth = 0;

		while (c && c->id != REG_ROOT_ID && depth++ < FS_LINK_MAX_DEPTH)
			c = reg_entry_parent_count(c, p) ? reg_entry_parent(c, p, 0) : NULL;
		if (c && c->id == REG_ROOT_ID)
			return p;
	}
	return REG_NO_PLANE;
}

static enum fs_kind by_id_kind(struct registry *reg, const struct reg_entry *e)
{
	return first_plane(reg, e) == REG_NO_PLANE ? FS_ENTRY : FS_ENTRY_LINK;
}

/* The final component of child among parent's children in plane. */
static char *component_in(void *ctx, const struct reg_entry *parent,
			  const struct reg_entry *child, int plane)
{
	void *tmp = talloc_new(NULL);
	size_t n = 0;
	struct fs_named *named = tmp ? name_children(tmp, parent, plane, &n) : NULL;
	char *out = NULL;

	for (size_t i = 0; named && i < n; i++)
		if (named[i].id == child->id) {
			out = talloc_strdup(ctx, named[i].final);
			break;
		}
	talloc_free(tmp);
	return out;
}

char *fs_tree_link_target(void *ctx, struct registry *reg, uint64_t id, int *err)
{
	const struct reg_entry *e = registry_entry_by_id(reg, id);
	int plane = e ? first_plane(reg, e) : REG_NO_PLANE;
	char *path;

	*err = ENOENT;
	if (plane == REG_NO_PLANE)
		return NULL;
	*err = ENOMEM;
	path = talloc_strdup(ctx, "");
	while (path && e->id != REG_ROOT_ID) {
		const struct reg_entry *parent = reg_entry_parent(e, plane, 0);
		char *comp = component_in(ctx, parent, e, plane);

		if (!comp)
			return NULL;
		path = talloc_asprintf(ctx, "/%s%s", comp, path);
		e = parent;
	}
	if (!path)
		return NULL;
	return talloc_asprintf(ctx, "../../%s%s",
			       fs_name_escape(ctx, registry_plane_name(reg, plane), false, true),
			       path);
}

static bool add_by_id(void *data, struct reg_entry *e)
{
	struct entries_walk *w = data;
	struct fs_ident ident = { .kind = by_id_kind(w->reg, e), .id = e->id,
				  .plane = REG_NO_PLANE };

	w->ret = add(w->l, talloc_asprintf(w->l->ctx, "0x%" PRIx64, e->id), &ident);
	return w->ret == 0;
}

ssize_t fs_tree_list(void *ctx, struct registry *reg, const struct fs_ident *dir,
		     struct fs_dirent **out)
{
	struct listing l = { .ctx = ctx };
	const struct reg_entry *e = NULL;
	int ret = 0;

	*out = NULL;
	if (fs_kind_has_entry(dir->kind)) {
		e = registry_entry_by_id(reg, dir->id);
		if (!e)
			return -ENOENT;
	}
	switch (dir->kind) {
	case FS_MOUNT_ROOT:
		ret = list_mount_root(&l, reg);
		break;
	case FS_ENTRY:
		if (dir->plane != REG_NO_PLANE)
			ret = add_children(&l, e, dir->plane);
		if (!ret)
			ret = add_views(&l, dir->id, dir->plane);
		break;
	case FS_PROPDIR:
		ret = list_properties(&l, e, dir->plane);
		break;
	case FS_IOKIT: {
		struct fs_ident entries = { .kind = FS_ENTRIES, .plane = REG_NO_PLANE };
		struct fs_ident stats = { .kind = FS_STATS, .plane = REG_NO_PLANE };
		struct fs_ident version = { .kind = FS_VERSION, .plane = REG_NO_PLANE };
		struct fs_ident control = { .kind = FS_CONTROL, .plane = REG_NO_PLANE };
		struct fs_ident uevent = { .kind = FS_UEVENT, .plane = REG_NO_PLANE };
		struct fs_ident notify = { .kind = FS_NOTIFY, .plane = REG_NO_PLANE };
		struct fs_ident watch = { .kind = FS_WATCH, .plane = REG_NO_PLANE };
		struct fs_ident connect = { .kind = FS_CONNECT, .plane = REG_NO_PLANE };
		struct fs_ident connections = { .kind = FS_CONNECTIONS, .plane = REG_NO_PLANE };
		struct fs_ident lasterror = { .kind = FS_LASTERROR, .plane = REG_NO_PLANE };

		ret = add(&l, "entries", &entries);
		if (!ret)
			ret = add(&l, "stats", &stats);
		if (!ret)
			ret = add(&l, "version", &version);
		if (!ret)
			ret = add_maybe_hidden(&l, "control", &control, true);
		if (!ret)
			ret = add_maybe_hidden(&l, "uevent", &uevent, true);
		if (!ret)
			ret = add_maybe_hidden(&l, "notify", &notify, true);
		if (!ret)
			ret = add_maybe_hidden(&l, "watch", &watch, true);
		if (!ret)
			ret = add_maybe_hidden(&l, "connect", &connect, true);
		if (!ret)
			ret = add_maybe_hidden(&l, "connections", &connections, true);
		if (!ret)
			ret = add_maybe_hidden(&l, "lasterror", &lasterror, true);
		break;
	}
	case FS_CONNECTIONS:
	case FS_CONN_DIR:
	case FS_CONN_MEMDIR: {
		char **names;
		struct fs_ident *idents;
		ssize_t n = uc_table_list(l.ctx, dir, &names, &idents);

		ret = n < 0 ? (int)n : 0;
		for (ssize_t i = 0; !ret && i < n; i++)
			ret = add(&l, names[i], &idents[i]);
		break;
	}
	case FS_ENTRIES: {
		struct entries_walk w = { .l = &l, .reg = reg };

		registry_foreach_entry(reg, add_by_id, &w);
		ret = w.ret;
		break;
	}
	default:
		ret = -ENOTDIR;
	}
	if (ret) {
		talloc_free(l.items);
		return ret;
	}
	*out = l.items;
	return (ssize_t)l.count;
}

/* Names that need no listing: views, and entries by ID. */
static int lookup_direct(void *ctx, struct registry *reg, const struct fs_ident *dir,
			 const char *name, struct fs_ident *child)
{
	if ((dir->kind == FS_ENTRY || dir->kind == FS_MOUNT_ROOT) && name[0] == '.') {
		int v = fs_view_by_name(name);

		memset(child, 0, sizeof(*child));
		child->id = dir->id;
		child->plane = dir->plane;
		if (v) {
			child->kind = FS_VIEW;
			child->view = v;
			return 0;
		}
		if (strcmp(name, ".properties") == 0) {
			child->kind = FS_PROPDIR;
			return 0;
		}
		if (dir->kind == FS_MOUNT_ROOT && strcmp(name, ".iokit") == 0) {
			child->kind = FS_IOKIT;
			child->id = 0;
			return 0;
		}
		return -ENOENT;
	}
	if (dir->kind == FS_ENTRIES) {
		char canonical[24], *end = NULL;
		uint64_t id;

		if (strncmp(name, "0x", 2) != 0)
			return -ENOENT;
		id = strtoull(name + 2, &end, 16);
		snprintf(canonical, sizeof(canonical), "0x%" PRIx64, id);
		const struct reg_entry *e;

		if (*end || strcmp(canonical, name) != 0 || !(e = registry_entry_by_id(reg, id)))
			return -ENOENT;
		*child = (struct fs_ident){ .kind = by_id_kind(reg, e), .id = id,
					    .plane = REG_NO_PLANE };
		return 0;
	}
	if (dir->kind == FS_PROPDIR) {
		/* Short keys decode directly; cut ones need the listing. */
		char *key = strchr(name, '~') ? NULL : fs_name_unescape(ctx, name);
		const struct reg_entry *e = registry_entry_by_id(reg, dir->id);

		if (!e)
			return -ENOENT;
		if (key && reg_entry_property(e, key)) {
			char *back = fs_key_file_name(ctx, key);
			bool same = back && strcmp(back, name) == 0;

			talloc_free(back);
			if (same) {
				*child = (struct fs_ident){ .kind = FS_PROPFILE, .id = dir->id,
							    .plane = dir->plane, .key = key };
				return 0;
			}
		}
		talloc_free(key);
		return strchr(name, '~') ? 1 : -ENOENT;
	}
	return 1;
}

int fs_tree_lookup(void *ctx, struct registry *reg, const struct fs_ident *dir,
		   const char *name, struct fs_ident *child)
{
	struct fs_dirent *items = NULL;
	ssize_t n;
	int ret;

	if (!fs_kind_is_dir(dir->kind))
		return -ENOTDIR;
	ret = lookup_direct(ctx, reg, dir, name, child);
	if (ret <= 0)
		return ret;
	n = fs_tree_list(ctx, reg, dir, &items);
	if (n < 0)
		return (int)n;
	ret = -ENOENT;
	for (ssize_t i = 0; i < n; i++)
		if (strcmp(items[i].name, name) == 0) {
			*child = items[i].ident;
			if (child->key)
				child->key = talloc_strdup(ctx, child->key);
			ret = 0;
			break;
		}
	talloc_free(items);
	return ret;
}

bool fs_tree_exists(struct registry *reg, const struct fs_ident *ident)
{
	const struct reg_entry *e;

	if (ident->kind >= FS_CONNECTIONS && ident->kind <= FS_CONN_MEM)
		return uc_table_exists(ident);
	if (!fs_kind_has_entry(ident->kind))
		return true;
	e = registry_entry_by_id(reg, ident->id);
	if (!e)
		return false;
	if (ident->plane != REG_NO_PLANE && e->id != REG_ROOT_ID &&
	    !reg_entry_in_plane(e, ident->plane))
		return false;
	if (ident->kind == FS_PROPFILE)
		return reg_entry_property(e, ident->key) != NULL;
	return true;
}

static void common_attrs(const struct iokitfs *fs, struct stat *st)
{
	st->st_uid = fs->uid;
	st->st_gid = fs->gid;
	st->st_atim = st->st_mtim = st->st_ctim = fs->mount_time;
	st->st_blksize = 4096;
	st->st_nlink = 1;
}

void fs_tree_stat_unset_property(const struct iokitfs *fs, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	common_attrs(fs, st);
	st->st_mode = S_IFREG | 0644;
}

int fs_tree_stat(const struct iokitfs *fs, const struct fs_ident *ident, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	if (!fs_tree_exists(fs->reg, ident))
		return -ENOENT;
	common_attrs(fs, st);
	if (fs_kind_is_dir(ident->kind)) {
		/* Link counts of directories are not tracked: 1 says "unknown" to
		 * find and fts, as on btrfs. */
		st->st_mode = S_IFDIR | 0755;
		if (ident->kind >= FS_CONNECTIONS && ident->kind <= FS_CONN_MEM)
			uc_table_stat(ident, st);	/* mtime: the table's */
		return 0;
	}
	switch (ident->kind) {
	case FS_ENTRY_LINK: {
		void *tmp = talloc_new(NULL);
		int err;
		char *target = fs_tree_link_target(tmp, fs->reg, ident->id, &err);

		st->st_mode = S_IFLNK | 0777;
		st->st_size = target ? (off_t)strlen(target) : 0;
		talloc_free(tmp);
		if (!target)
			return -err;
		return 0;
	}
	case FS_PROPFILE:
	case FS_STATS:
		st->st_mode = S_IFREG | 0644;
		break;
	case FS_CONTROL:
	case FS_CONNECT:
		st->st_mode = S_IFREG | 0666;	/* every user may call */
		break;
	case FS_UEVENT:
		st->st_mode = S_IFREG | 0200;	/* root feeds device events */
		break;
	case FS_NOTIFY:
		st->st_mode = S_IFREG | 0444;	/* every user may subscribe */
		break;
	case FS_CONN_INFO:
	case FS_CONN_MEM:
		uc_table_stat(ident, st);	/* the opener owns its memory */
		break;
	default:
		st->st_mode = S_IFREG | 0444;
	}
	if (fs_view_size_known(ident)) {
		void *tmp = talloc_new(NULL);
		size_t len = 0;
		int err = 0;

		if (!fs_view_render(tmp, fs->reg, ident, &len, &err) && err) {
			talloc_free(tmp);
			return -err;
		}
		talloc_free(tmp);
		st->st_size = (off_t)len;
		st->st_blocks = (blkcnt_t)((len + 511) / 512);
	}
	return 0;
}
