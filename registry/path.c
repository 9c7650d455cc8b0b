/* Registry paths both ways, as IORegistryEntry::getPath and ::fromPath do;
 * see path.h. */
#include "path.h"

#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "name_match.h"

static bool plane_valid(int plane)
{
	return plane >= 0 && plane < REG_MAX_PLANES;
}

static struct reg_entry *plane_root(const struct registry *reg, int plane)
{
	return reg_entry_child(registry_root(reg), plane, 0);
}

static struct reg_entry *first_parent(const struct reg_entry *e, int plane)
{
	return reg_entry_parent(e, plane, 0);
}

/* A location of "" is no location, as the model stores it. */
static const char *location_in_plane(const struct reg_entry *e, int plane)
{
	const char *loc = reg_entry_location(e, plane);

	return loc && loc[0] ? loc : NULL;
}

const char *reg_path_location_matches(const char *cmp, const char *str)
{
	char last_path, last_loc;
	unsigned long long num1, num2;
	char *end;

	if (!str)
		return NULL;
	last_path = cmp[0];
	last_loc = str[0];
	for (;;) {
		if (last_path) {
			num1 = strtoull(cmp, &end, 16);
			cmp = end;
			last_path = *cmp++;
		} else {
			num1 = 0;
		}
		if (last_loc) {
			num2 = strtoull(str, &end, 16);
			str = end;
			last_loc = *str++;
		} else {
			num2 = 0;
		}
		if (num1 != num2)
			return NULL;
		if (!last_path && !last_loc)
			return cmp - 1;
		if (last_path != ',' && last_path != ':')
			last_path = 0;
		if (last_path && last_loc && last_path != last_loc)
			return NULL;
	}
}

/* getChildFromComponent: the first child of parent that the component at
 * *path names; *path moves past the component. */
static struct reg_entry *child_from_component(const struct reg_entry *parent,
					      const char **path, int plane)
{
	size_t n = reg_entry_child_count(parent, plane);

	for (size_t i = 0; i < n; i++) {
		struct reg_entry *child = reg_entry_child(parent, plane, i);
		const char *cmp = *path;

		if (*cmp != '@') {
			const char *name = reg_entry_effective_name(child, plane);
			size_t len = strlen(name);

			if (strncmp(name, cmp, len) != 0)
				continue;
			cmp += len;
			if (*cmp == '\0' || *cmp == '/' || *cmp == ':') {
				*path = cmp;
				return child;
			}
			if (*cmp != '@')
				continue;
		}
		cmp = reg_path_location_matches(cmp + 1, location_in_plane(child, plane));
		if (cmp) {
			*path = cmp;
			return child;
		}
	}
	return NULL;
}

/* The "/aliases" entry of the plane, if any. */
static struct reg_entry *aliases_entry(const struct registry *reg, int plane)
{
	struct reg_entry *root = plane_root(reg, plane);
	const char *path = "aliases";

	return root ? child_from_component(root, &path, plane) : NULL;
}

/* An alias's value as a NUL-terminated path (OSData holds it with its NUL;
 * a string source may give it as a string), malloc'ed: lookups run
 * concurrently under the read lock and must not touch talloc's shared null
 * context.  NULL when absent, of another type, or out of memory. */
static char *alias_value(const struct reg_value *v)
{
	if (!v)
		return NULL;
	if (v->type == REG_DATA)
		return strndup(v->u.data.bytes ? (const char *)v->u.data.bytes : "",
			       v->u.data.len);
	if (reg_value_is_string(v))
		return strdup(v->u.string.chars);
	return NULL;
}

/* dealiasPath: when path does not start with '/', its first component (up
 * to '/', ':' or the end) may be an alias name.  Returns the alias's path
 * and sets *rest to what follows the name, or NULL. */
static char *dealias(const struct registry *reg, const char *path, int plane,
		     const char **rest)
{
	char name[REG_PATH_MAX_PLANE_NAME + 1];
	const char *end = path;
	struct reg_entry *aliases;
	char *value;

	if (path[0] == '/')
		return NULL;
	while (*end && *end != '/' && *end != ':')
		end++;
	if (end - path >= REG_PATH_MAX_PLANE_NAME)
		return NULL;
	memcpy(name, path, (size_t)(end - path));
	name[end - path] = '\0';
	aliases = aliases_entry(reg, plane);
	if (!aliases)
		return NULL;
	value = alias_value(reg_entry_property(aliases, name));
	if (value)
		*rest = end;
	return value;
}

static struct reg_entry *from_path(const struct registry *reg, const char *path,
				   int plane, unsigned depth)
{
	struct reg_entry *where = NULL, *from = NULL, *next;
	const char *rest = NULL;
	char *alias;

	if (depth > REG_PATH_MAX_ALIAS_DEPTH)
		return NULL;
	alias = dealias(reg, path, plane, &rest);
	if (alias) {
		where = from_path(reg, alias, plane, depth + 1);
		free(alias);
		if (where)
			path = rest;
	}
	do {
		if (!where) {
			if (*path != '/')
				return NULL;
			path++;
			from = plane_root(reg, plane);
			where = from;
			if (!where)
				return NULL;
		} else {
			char c = *path++;
			if (c != '/') {
				if (c && c != ':')
					return NULL;	/* not a valid terminator */
				break;
			}
		}
		next = child_from_component(where, &path, plane);
		if (next)
			where = next;
	} while (next);

	/* Step back onto the character that stopped the walk; no text may
	 * remain. */
	if (where != from)
		path--;
	return path[0] ? NULL : where;
}

struct reg_entry *registry_lookup_path_in_plane(const struct registry *reg,
						const char *path, int plane)
{
	if (!reg || !path || !plane_valid(plane) ||
	    (size_t)plane >= registry_plane_count(reg))
		return NULL;
	return from_path(reg, path, plane, 0);
}

struct reg_entry *registry_lookup_path(const struct registry *reg, const char *path,
				       int default_plane)
{
	const char *colon;

	if (!reg || !path)
		return NULL;
	colon = strchr(path, ':');
	if (colon && colon - path < REG_PATH_MAX_PLANE_NAME) {
		char name[REG_PATH_MAX_PLANE_NAME];
		int plane;

		memcpy(name, path, (size_t)(colon - path));
		name[colon - path] = '\0';
		plane = registry_plane_index(reg, name);
		if (plane >= 0)
			return registry_lookup_path_in_plane(reg, colon + 1, plane);
	}
	if (default_plane == REG_NO_PLANE)
		return NULL;
	return registry_lookup_path_in_plane(reg, path, default_plane);
}

/* Every alias in the plane resolved once: entry -> shortest alias name
 * (the first one listed among equally short names). */
struct alias_map {
	const struct reg_entry **entries;
	const char **names;
	size_t count;
};

static int alias_map_build(void *ctx, const struct registry *reg, int plane,
			   struct alias_map *map)
{
	struct reg_entry *aliases = aliases_entry(reg, plane);
	const struct reg_value *props;

	memset(map, 0, sizeof(*map));
	if (!aliases)
		return 0;
	props = aliases->properties;
	map->entries = talloc_array(ctx, const struct reg_entry *, props->u.dict.count);
	map->names = talloc_array(ctx, const char *, props->u.dict.count);
	if (!map->entries || !map->names)
		return -1;
	for (size_t i = 0; i < props->u.dict.count; i++) {
		const char *key = props->u.dict.keys[i];
		char *target = alias_value(props->u.dict.values[i]);
		const struct reg_entry *e;
		size_t j;

		if (!target)
			continue;
		e = from_path(reg, target, plane, 1);
		free(target);
		if (!e)
			continue;
		for (j = 0; j < map->count && map->entries[j] != e; j++)
			;
		if (j == map->count) {
			map->entries[map->count] = e;
			map->names[map->count++] = key;
		} else if (strlen(map->names[j]) > strlen(key)) {
			map->names[j] = key;
		}
	}
	return 0;
}

static const char *alias_of(const struct alias_map *map, const struct reg_entry *e)
{
	for (size_t i = 0; i < map->count; i++)
		if (map->entries[i] == e)
			return map->names[i];
	return NULL;
}

static char *append_component(char *path, const struct reg_entry *e, int plane)
{
	const char *name = reg_entry_effective_name(e, plane);
	const char *loc = location_in_plane(e, plane);
	int name_len = (int)strnlen(name, REG_PATH_MAX_COMPONENT_PART);

	if (loc)
		return talloc_asprintf_append_buffer(path, "/%.*s@%.*s", name_len, name,
						     (int)strnlen(loc, REG_PATH_MAX_COMPONENT_PART),
						     loc);
	if (name_len == 0)
		return path;	/* IOKit adds no '/' for an empty component */
	return talloc_asprintf_append_buffer(path, "/%.*s", name_len, name);
}

char *registry_entry_path(void *ctx, const struct reg_entry *e, int plane)
{
	const struct registry *reg;
	const struct reg_entry *root, *entry, *parent;
	const struct reg_entry **stack = NULL;
	size_t depth = 0, cap = 0;
	struct alias_map aliases;
	const char *plane_name, *alias;
	void *tmp_ctx;
	char *path = NULL;

	if (!e || !plane_valid(plane))
		return NULL;
	reg = e->registry;
	plane_name = registry_plane_name(reg, plane);
	if (!plane_name)
		return NULL;
	tmp_ctx = talloc_new(ctx);
	if (!tmp_ctx)
		return NULL;
	if (alias_map_build(tmp_ctx, reg, plane, &aliases) != 0)
		goto out;

	alias = alias_of(&aliases, e);
	if (alias) {
		path = talloc_asprintf(ctx, "%s:%s", plane_name, alias);
		goto out;
	}

	/* Collect e and its first parents up to, not including, the plane
	 * root; failing to reach it means e is not below it. */
	root = plane_root(reg, plane);
	parent = e;
	while (parent && parent != root) {
		entry = parent;
		parent = first_parent(entry, plane);
		if (depth == cap) {
			cap = cap ? cap * 2 : 16;
			stack = talloc_realloc(tmp_ctx, stack, const struct reg_entry *, cap);
			if (!stack)
				goto out;
		}
		stack[depth++] = entry;
	}
	if (!parent)
		goto out;

	path = talloc_asprintf(tmp_ctx, "%s:", plane_name);
	if (depth == 0)
		path = talloc_strdup_append_buffer(path, "/");
	while (path && depth-- > 0) {
		entry = stack[depth];
		alias = alias_of(&aliases, entry);
		if (alias) {
			talloc_free(path);
			path = talloc_asprintf(tmp_ctx, "%s:%s", plane_name, alias);
		} else {
			path = append_component(path, entry, plane);
		}
	}
	if (path)
		talloc_steal(ctx, path);
out:
	talloc_free(tmp_ctx);
	return path;
}
