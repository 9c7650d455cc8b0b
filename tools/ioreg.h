/* ioreg: what its files share.  The tool is macOS's ioreg (IOKitTools,
 * ioreg.8) written again over libIOKit: the same options, the same text
 * and the same XML archive.
 *
 *   ioreg.c          options, the tree walk (scan, search), node lines
 *   ioreg_print.c    the output line: -w clipping, tree columns, bold
 *   ioreg_format.c   property values (cfshow) and -f hex dumps
 *   ioreg_devtree.c  -f formatters of device-tree properties
 *   ioreg_archive.c  -a: the registry as an XML property list
 *   ioreg_spi.c      IOKitLib's private calls, with fallbacks */
#ifndef IOKITFS_TOOLS_IOREG_H
#define IOKITFS_TOOLS_IOREG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <CoreFoundation/CoreFoundation.h>
#include <IOKit/IOKitLib.h>

struct ioreg_options {
	bool archive;		/* -a */
	bool bold;		/* -b */
	bool format;		/* -f */
	bool hex;		/* -x */
	bool inheritance;	/* -i */
	bool list;		/* -l */
	bool root;		/* -r */
	bool tree;		/* -t */
	bool no_user_classes;	/* -y */
	const char *class_name;	/* -c */
	CFStringRef class_cf;	/* -c, for IOUserClasses */
	uint32_t depth;		/* -d, 0: no limit */
	const char *key;	/* -k */
	const char *name;	/* -n */
	const char *plane;	/* -p */
	uint32_t width;		/* -w, 0: no limit */
};

/* ---- ioreg_print.c ---- */

/* Prints an error as ioreg does ("ioreg: error: %s.") */
void ioreg_error(const char *message);
/* ... and exits 1. */
void ioreg_fatal(const char *message) __attribute__((noreturn));

/* One output line at a time, clipped to width columns as ioreg does: a
 * clipped line ends in '$', and newlines inside a clipped line's values
 * become spaces. */
struct ioreg_printer {
	FILE *out;
	uint32_t width;		/* 0: no clipping */
	uint32_t left;		/* columns left on this line (never 0) */
	bool clipped;
	const char *bold_on;	/* terminal strings, "" without -b */
	const char *bold_off;
};

void ioreg_printer_init(struct ioreg_printer *p, FILE *out, uint32_t width);
/* Looks up the terminal's bold strings (termcap md/me of $TERM). */
void ioreg_printer_init_bold(struct ioreg_printer *p);
void ioreg_print(struct ioreg_printer *p, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
void ioreg_println(struct ioreg_printer *p, const char *format, ...)
	__attribute__((format(printf, 2, 3)));
void ioreg_print_bold(struct ioreg_printer *p, bool on);

/* The tree's columns: bit i set means the node at depth i on the current
 * path has more siblings below it; bit d+1, that the node at depth d has
 * children shown below it.  Grows as deep as the tree goes. */
struct ioreg_bits {
	uint8_t *bits;
	size_t size;
};

void ioreg_bits_set(struct ioreg_bits *b, uint32_t index, bool value);
bool ioreg_bits_get(const struct ioreg_bits *b, uint32_t index);
void ioreg_bits_free(struct ioreg_bits *b);

/* The columns in front of a node line ("| " or "  " per level, then
 * "+-o "), or in front of a property line (depth + 2 columns). */
void ioreg_indent(struct ioreg_printer *p, bool is_node, uint32_t depth,
		  const struct ioreg_bits *bits);

/* ---- ioreg_format.c ---- */

/* What a property line needs to know about where it is. */
struct ioreg_node {
	io_registry_entry_t service;
	uint32_t depth;
	const struct ioreg_bits *bits;
	const struct ioreg_options *options;
	struct ioreg_printer *p;
};

/* A value as ioreg's cfshow prints it (strings unescaped, numbers
 * unsigned decimal or 0x hex, data as <hex> or <"strings">...). */
void ioreg_show_value(struct ioreg_printer *p, CFTypeRef value, bool hex);

/* Whether data is shown as strings: printable (with few high-bit
 * symbols), NUL-separated, not one byte, not -x.  trailing_nuls: -f's
 * variant, which accepts a run of NULs at the end, not only one. */
bool ioreg_data_is_strings(const uint8_t *bytes, size_t length, bool hex, bool trailing_nuls);

/* One "key = value" property line (or lines, with -f). */
void ioreg_show_property(const struct ioreg_node *node, CFStringRef key, CFTypeRef value);

/* -f: data longer than 8 bytes that is not a string, as a hex dump. */
void ioreg_show_data_dump(const struct ioreg_node *node, CFDataRef data);

/* ---- ioreg_devtree.c ---- */

/* -f: prints key's value with its device-tree formatter, if it has one
 * (reg, assigned-addresses, slot-names, ranges, interrupt-map,
 * interrupts, interrupt-parent).  False: no formatter, nothing printed. */
bool ioreg_show_devtree_property(const struct ioreg_node *node, CFStringRef key,
				 CFTypeRef value);

/* ---- ioreg.c ---- */

/* Whether service matches -c, -k and -n (all that are given; false when
 * none is). */
bool ioreg_compare(io_registry_entry_t service, const struct ioreg_options *options);

/* ---- ioreg_archive.c ---- */

/* -a: the plane from root as an XML plist on out (with -r, the array of
 * matching subtrees).  Returns the exit status. */
int ioreg_archive(FILE *out, io_registry_entry_t root, const struct ioreg_options *options);

#endif
