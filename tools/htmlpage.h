/* The self-contained registry explorer page shared by iokit-html and
 * iokit-diff --html: the page's HTML, CSS and JavaScript (htmlpage_asset.h,
 * generated from tools/iokit-html.html) with the registries embedded as
 * JSON in a <script type="application/json"> element.
 *
 * JSON layout (the page's script reads it):
 *   { "title": T, "views": [VIEW...], "diff": null | DIFF }
 *   VIEW = { "title": T, "planes": [NAME...],
 *            "entries": [[id "0x..", name, location|null, class,
 *                         state bits|-1 (not a service), busy, retain,
 *                         [superclass...], PROPS,
 *                         {plane index: [[parent indexes], [child indexes],
 *                                        plane name|null, plane location|null]}],
 *                        ...] }      (entry 0 is Root)
 *   values: ["s", text] string, ["y", text] symbol, ["n", decimal, width],
 *           ["b", 0|1], ["d", hex], ["D", [key, value, key, value...]],
 *           ["A", [value...]], ["S", [value...]]
 *   DIFF = { "plane": NAME, "hunks": [[kind, a index|-1, b index|-1, header,
 *            body]...], "pairs": [a index, b index, ...] }   (kind: "changed",
 *            "added", "removed")
 * Text that is not valid UTF-8 is read as Latin-1.  Every '<', '>' and '&'
 * is written as a \u escape, so no data can end the script element.
 *
 * The registries must be read-locked by the caller.  Returns 0, or -1 when
 * writing fails (errno set). */
#ifndef IOKITFS_TOOLS_HTMLPAGE_H
#define IOKITFS_TOOLS_HTMLPAGE_H

#include <stddef.h>
#include <stdio.h>

#include "regdiff.h"
#include "registry.h"

struct htmlpage_view {
	const struct registry *reg;
	const char *title;
};

int htmlpage_write(FILE *out, const char *title, const struct htmlpage_view *views,
		   size_t nviews, const struct regdiff_result *diff);

#endif
