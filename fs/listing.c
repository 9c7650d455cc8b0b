/* `iokitfs --check --list` (see listing.h). */
#include "listing.h"

#include <string.h>
#include <talloc.h>

#include "tree.h"

/* Paths nest as deep as the registry; a path longer than PATH_MAX could
 * not be opened through the mount either, so the walk stops there. */
#define LISTING_MAX_PATH 4096

static void walk(FILE *out, struct registry *reg, const struct fs_ident *dir,
		 const char *path)
{
	void *tmp = talloc_new(NULL);
	struct fs_dirent *items = NULL;
	ssize_t n = fs_tree_list(tmp, reg, dir, &items);

	for (ssize_t i = 0; i < n; i++) {
		char *child;

		if (items[i].ident.kind != FS_ENTRY)
			continue;
		child = talloc_asprintf(tmp, "%s/%s", path, items[i].name);
		if (!child || strlen(child) >= LISTING_MAX_PATH)
			continue;
		fprintf(out, "%s\n", child);
		walk(out, reg, &items[i].ident, child);
	}
	talloc_free(tmp);
}

void fs_print_listing(FILE *out, struct registry *reg)
{
	void *tmp = talloc_new(NULL);
	struct fs_ident root = { .kind = FS_MOUNT_ROOT, .id = REG_ROOT_ID,
				 .plane = REG_NO_PLANE };
	struct fs_dirent *planes = NULL;
	ssize_t n = fs_tree_list(tmp, reg, &root, &planes);

	for (ssize_t i = 0; i < n; i++) {
		if (planes[i].ident.kind != FS_ENTRY)
			continue;
		fprintf(out, "%s\n", planes[i].name);
		walk(out, reg, &planes[i].ident, planes[i].name);
	}
	talloc_free(tmp);
}
