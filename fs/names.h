/* File names for registry entries, planes and property keys.
 *
 * No FUSE and no registry here: plain strings in, file-name components out,
 * so the scheme is unit-testable and the README can describe it exactly.
 *
 * Escaping (reversible, fs_name_unescape undoes it):
 *   '%' -> %25, '/' -> %2F, '~' -> %7E, bytes 0x01-0x1f and 0x7f -> %XX;
 *   in the name part of an entry component also '@' -> %40 (so the first
 *   '@' of a component always starts the location);
 *   a leading '.' of a component -> %2E (dot-names belong to iokitfs's views,
 *   and "." / ".." are not names);
 *   an empty component -> %00.
 * Disambiguation (stable): when siblings would share a component, or a
 * component is longer than NAME_MAX, every member of that group gets the
 * suffix "~0x<registry ID in hex>" (an over-long component is first cut on
 * an escape boundary).  A literal '~' never survives escaping, so the suffix
 * is unambiguous, and it depends only on the entry and the members of its
 * own group, never on unrelated siblings. */
#ifndef IOKITFS_FS_NAMES_H
#define IOKITFS_FS_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FS_NAME_MAX 255

/* Escapes raw for use inside a component.  in_name: escape '@' too.
 * at_start: the text begins a component (a leading '.' is escaped). */
char *fs_name_escape(void *ctx, const char *raw, bool in_name, bool at_start);

/* "name" or "name@location", escaped, before disambiguation.  location may
 * be NULL; an empty location counts as none.  A component longer than FS_NAME_MAX is returned as is; the
 * disambiguation step shortens it. */
char *fs_entry_component(void *ctx, const char *name, const char *location);

/* Decodes %XX escapes.  Returns NULL on a malformed escape. */
char *fs_name_unescape(void *ctx, const char *text);

/* Splits a final component back into name, location (NULL when none) and
 * the disambiguation ID (0 when none).  Returns false if text is not a
 * component this scheme produces. */
bool fs_entry_component_parse(void *ctx, const char *text, char **name,
			      char **location, uint64_t *id);

/* One sibling to be named: in base (from fs_entry_component) and id; out
 * final (allocated on the ctx given to fs_names_assign). */
struct fs_named {
	const char *base;
	uint64_t id;
	char *final;
};

/* Gives every sibling its final, unique component.  Returns 0, or -1 when
 * out of memory. */
int fs_names_assign(void *ctx, struct fs_named *items, size_t n);

/* File name of a property key under .properties/: escaped like a component
 * (no '@' rule); an over-long key is cut and gets "~<8 hex digits>" from a
 * hash of the whole key.  Keys are unique within a dictionary and escaping
 * is injective, so no other disambiguation is needed. */
char *fs_key_file_name(void *ctx, const char *key);

#endif
