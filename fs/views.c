/* Contents of the generated files of an entry (see views.h). */
#include "views.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <talloc.h>

#include "value_literal.h"
#include "value_xml.h"

static const char *const view_names[] = {
	[FS_VIEW_IOREG] = ".ioreg",
	[FS_VIEW_PLIST] = ".plist",
	[FS_VIEW_CLASS] = ".class",
	[FS_VIEW_SUPERCLASSES] = ".superclasses",
	[FS_VIEW_ID] = ".id",
	[FS_VIEW_STATE] = ".state",
	[FS_VIEW_BUSY] = ".busy",
	[FS_VIEW_RETAIN] = ".retain",
	[FS_VIEW_PATH] = ".path",
};

const char *fs_view_name(int view)
{
	if (view <= 0 || view >= FS_VIEW_COUNT_PLUS_ONE)
		return NULL;
	return view_names[view];
}

int fs_view_by_name(const char *name)
{
	for (int v = 1; v < FS_VIEW_COUNT_PLUS_ONE; v++)
		if (strcmp(view_names[v], name) == 0)
			return v;
	return 0;
}

bool fs_view_size_known(const struct fs_ident *ident)
{
	return ident->kind == FS_PROPFILE ||
	       (ident->kind == FS_VIEW && ident->view != FS_VIEW_IOREG &&
		ident->view != FS_VIEW_PLIST);
}

char *fs_state_words(void *ctx, const struct reg_entry *e)
{
	return talloc_asprintf(ctx, "%sregistered %smatched %sactive",
			       e->state & REG_STATE_REGISTERED ? "" : "!",
			       e->state & REG_STATE_MATCHED ? "" : "!",
			       e->state & REG_STATE_INACTIVE ? "in" : "");
}

/* ioreg's node line without the tree drawing. */
static char *ioreg_header(void *ctx, const struct reg_entry *e, int plane)
{
	char *line = reg_entry_name_with_location(ctx, e, plane);

	if (!line)
		return NULL;
	line = talloc_asprintf_append(line, "  <class %s, id 0x%" PRIx64,
				      e->cls ? e->cls->name : "OSObject", e->id);
	if (line && e->is_service) {
		line = talloc_asprintf_append(line, ", %sregistered, %smatched, %sactive, busy %u",
					      e->state & REG_STATE_REGISTERED ? "" : "!",
					      e->state & REG_STATE_MATCHED ? "" : "!",
					      e->state & REG_STATE_INACTIVE ? "in" : "",
					      e->busy);
		if (line && e->busy_time_ns)
			line = talloc_asprintf_append(line, " (%" PRIu64 " ms)",
						      e->busy_time_ns / 1000000);
	}
	if (line)
		line = talloc_asprintf_append(line, ", retain %u>\n", e->retain);
	return line;
}

static char *render_ioreg(void *ctx, const struct reg_entry *e, int plane)
{
	const struct reg_value *props = e->properties;
	char *out = ioreg_header(ctx, e, plane);

	if (out)
		out = talloc_strdup_append(out, "{\n");
	for (size_t i = 0; out && i < props->u.dict.count; i++) {
		char *lit = reg_value_to_literal(out, props->u.dict.values[i],
						 REG_LITERAL_IOREG);

		if (!lit)
			return NULL;
		out = talloc_asprintf_append(out, "  \"%s\" = %s\n", props->u.dict.keys[i], lit);
		talloc_free(lit);
	}
	if (out)
		out = talloc_strdup_append(out, "}\n");
	return out;
}

static char *render_superclasses(void *ctx, const struct reg_entry *e)
{
	char *out = talloc_strdup(ctx, "");

	for (const struct reg_class *c = e->cls ? e->cls->super : NULL; out && c; c = c->super)
		out = talloc_asprintf_append(out, "%s\n", c->name);
	return out;
}

/* IOKit's getPath in one plane: "<plane>:/a/b" from just below the plane
 * root (Root's child) down to e, through first parents; NULL for Root or an
 * entry not under Root.  Aliases (IODeviceTree's /aliases) are not applied.
 * TODO: use registry_entry_path (registry/path.h) once it exists. */
static char *entry_path(void *ctx, const struct reg_entry *e, int plane)
{
	const struct registry *reg = e->registry;
	const struct reg_entry *root = registry_root(reg);
	char *path = talloc_strdup(ctx, ""), *full;
	size_t depth = 0;

	if (e == root || !path) {
		talloc_free(path);
		return NULL;
	}
	while (path && reg_entry_parent_count(e, plane) > 0) {
		const struct reg_entry *parent = reg_entry_parent(e, plane, 0);
		const char *loc = reg_entry_location(e, plane);
		char *longer;

		if (parent == root)
			break;	/* e is the plane root */
		if (loc && loc[0])
			longer = talloc_asprintf(ctx, "/%.128s@%.128s%s", reg_entry_name(e, plane),
						 loc, path);
		else
			longer = talloc_asprintf(ctx, "/%.128s%s", reg_entry_name(e, plane), path);
		talloc_free(path);
		path = longer;
		e = parent;
		if (++depth > registry_entry_count(reg)) {
			talloc_free(path);
			return NULL;	/* not a tree: give up rather than loop */
		}
	}
	if (!path || reg_entry_parent_count(e, plane) == 0) {
		talloc_free(path);
		return NULL;
	}
	full = talloc_asprintf(ctx, "%s:%s", registry_plane_name(reg, plane),
			       path[0] ? path : "/");
	talloc_free(path);
	return full;
}

static char *render_path(void *ctx, const struct reg_entry *e, int plane)
{
	const struct registry *reg = e->registry;
	char *out = talloc_strdup(ctx, "");

	for (int p = 0; out && p < (int)registry_plane_count(reg); p++) {
		char *path;

		if ((plane != REG_NO_PLANE && p != plane) || !reg_entry_in_plane(e, p))
			continue;
		path = entry_path(out, e, p);
		if (path)
			out = talloc_asprintf_append(out, "%s\n", path);
	}
	return out;
}

static char *render_view(void *ctx, const struct reg_entry *e, int plane, int view,
			 size_t *len)
{
	char *out = NULL;

	switch (view) {
	case FS_VIEW_IOREG:
		out = render_ioreg(ctx, e, plane);
		break;
	case FS_VIEW_PLIST:
		return reg_value_to_xml(ctx, e->properties, 0, len);
	case FS_VIEW_CLASS:
		out = talloc_asprintf(ctx, "%s\n", e->cls ? e->cls->name : "OSObject");
		break;
	case FS_VIEW_SUPERCLASSES:
		out = render_superclasses(ctx, e);
		break;
	case FS_VIEW_ID:
		out = talloc_asprintf(ctx, "0x%" PRIx64 "\n", e->id);
		break;
	case FS_VIEW_STATE:
		out = fs_state_words(ctx, e);
		if (out)
			out = talloc_strdup_append(out, "\n");
		break;
	case FS_VIEW_BUSY:
		out = talloc_asprintf(ctx, "%u\n", e->busy);
		break;
	case FS_VIEW_RETAIN:
		out = talloc_asprintf(ctx, "%u\n", e->retain);
		break;
	case FS_VIEW_PATH:
		out = render_path(ctx, e, plane);
		break;
	default:
		return NULL;
	}
	if (out)
		*len = strlen(out);
	return out;
}

char *fs_view_render(void *ctx, struct registry *reg, const struct fs_ident *ident,
		     size_t *len, int *err)
{
	const struct reg_entry *e = registry_entry_by_id(reg, ident->id);
	char *out = NULL;

	*err = 0;
	*len = 0;
	if (!e) {
		*err = ENOENT;
		return NULL;
	}
	if (ident->kind == FS_PROPFILE) {
		const struct reg_value *v = reg_entry_property(e, ident->key);

		if (!v) {
			*err = ENOENT;
			return NULL;
		}
		out = reg_value_to_literal(ctx, v, REG_LITERAL_EXACT);
		if (out)
			out = talloc_strdup_append(out, "\n");
		if (out)
			*len = strlen(out);
	} else if (ident->kind == FS_VIEW) {
		out = render_view(ctx, e, ident->plane, ident->view, len);
	} else {
		*err = EINVAL;
		return NULL;
	}
	if (!out)
		*err = ENOMEM;
	return out;
}
