/* XML property lists for reg_value: a reader for Apple plists and IOKit's
 * XML dialect, and a writer with CoreFoundation's exact layout.
 *
 * Why not libplist: IOKit's XML carries things libplist drops (integer
 * size="8|16|32|64" attributes, <set>, ID/IDREF sharing, bare fragments
 * without <plist>), and `ioreg -a` must reproduce CF's output byte for byte.
 *
 * Writer (CFPropertyList.c's layout): the <?xml?> header, the DOCTYPE and
 * <plist version="1.0">; one tab per nesting level; <dict/> and <array/> when
 * empty; <data> base64 in lines of at most 76 - 8 * min(indent, 8) characters,
 * each line indented by min(indent, 8) tabs; `<`, `>` and `&` escaped;
 * integers in signed decimal.  Two extensions, written only when plain CF
 * XML would lose information, so that our own output reads back identical
 * (reg_value_identical), except that symbols come back as strings:
 *   - a number whose width is not reg_number_default_width(value) gets
 *     size="N" on <integer> (IOKit's own attribute; CF ignores it);
 *   - a set is written as <set> (IOKit reads it; CF's plist parser does not;
 *     `ioreg -a` on macOS turns sets into arrays before writing).
 *
 * Reader: plist documents and IOKit fragments (the bare element IOKitLib's
 * IOCFSerialize and the kernel's OSSerialize write).  Tags dict, array,
 * set, key, string, integer (decimal with optional sign, or 0x hex; the size
 * attribute sets the width, otherwise reg_number_default_width), real
 * (truncated towards zero to an integer: IOKit has no floating point), date
 * (kept as its ISO 8601 string), data (base64, whitespace anywhere), true,
 * false; empty forms such as <dict/>; ID on any start tag and IDREF on any
 * empty tag, <reference IDREF="n"/> included (a reference yields a copy of
 * the earlier object); the entities &lt; &gt; &amp; &quot; &apos; &#NN;
 * &#xNN;, CDATA sections, comments, <?...?> and DOCTYPE.  Duplicate
 * dictionary keys: the last value wins, at the first key's position (as
 * CFDictionarySetValue and OSDictionary::setObject do).  Nesting is limited
 * to REG_VALUE_MAX_DEPTH and the memory that IDREF copies may expand to is
 * bounded by the input's size. */
#ifndef IOKITFS_REGISTRY_VALUE_XML_H
#define IOKITFS_REGISTRY_VALUE_XML_H

#include <stddef.h>

#include "parse_error.h"
#include "value.h"

enum {
	REG_XML_SORT_KEYS = 1,	/* CF's writer sorts dictionary keys (ioreg -a on macOS) */
	REG_XML_FRAGMENT = 2,	/* no <?xml?>/DOCTYPE/<plist> wrapper */
	REG_XML_NO_WIDTHS = 4,	/* CF's own output: no size="N" on integers
				 * (widths are then lost on reading back) */
};

/* The XML text of v, NUL-terminated, allocated on ctx; *len (if len is not
 * NULL) gets its length without the NUL.  Without REG_XML_SORT_KEYS
 * dictionaries keep their own order.  NULL when out of memory. */
char *reg_value_to_xml(void *ctx, const struct reg_value *v, unsigned flags, size_t *len);

/* Parses one plist document or IOKit fragment.  Returns the value allocated
 * on ctx, or NULL with err set (line and byte offset of the problem). */
struct reg_value *reg_value_from_xml(void *ctx, const char *buf, size_t len,
				     struct reg_parse_error *err);

/* The same with another nesting limit, for documents that nest deeper than
 * a property table does (an `ioreg -a` archive nests two levels per
 * registry entry).  max_depth is capped at REG_XML_MAX_DEPTH_LIMIT. */
#define REG_XML_MAX_DEPTH_LIMIT 1024
struct reg_value *reg_value_from_xml_depth(void *ctx, const char *buf, size_t len,
					   unsigned max_depth,
					   struct reg_parse_error *err);

#endif
