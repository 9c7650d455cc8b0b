/* Property values in ioreg's literal syntax: "text", 42, Yes/No, <0a0b>,
 * <"str">, {"k"=v}, (a,b), [a,b].
 *
 * Three printing styles:
 *
 * REG_LITERAL_IOREG  what macOS ioreg prints (ioreg.c's cfshow), byte for
 *                    byte: strings unescaped, numbers as the unsigned
 *                    decimal of their 64-bit value, data as <"a","b"> when
 *                    ioreg's string test passes, else lowercase hex.  Loses
 *                    number widths, string/symbol kind, and whether string
 *                    data ends in a NUL.
 * REG_LITERAL_EXACT  parses back (with REG_LITERAL_EXACT) to a value
 *                    reg_value_identical to the original, except that
 *                    symbols come back as strings.  Differences from IOREG:
 *                    - strings escape \" \\ \n \t \r and other control
 *                      bytes as \xHH;
 *                    - a number whose width is not
 *                      reg_number_default_width(value) carries a ":N"
 *                      suffix and is printed as the unsigned value of its
 *                      N bits, e.g. an 8-bit -1 is 255:8 and a 64-bit 5
 *                      is 5:64;
 *                    - data prints as <"a","b"> only when it is exactly
 *                      "a\0b\0" (every string NUL-terminated, which is what
 *                      the parser makes of that form), else as hex; bytes
 *                      above 0x7e inside such strings print as \xHH.
 * REG_LITERAL_HEX    ioreg -x: numbers as 0x%llx, data always hex.  May be
 *                    combined with REG_LITERAL_EXACT.
 *
 * Parsing accepts every style.  Without REG_LITERAL_EXACT strings are raw (as
 * ioreg prints them; a string ends at the first '"' that is followed by what
 * may follow a string at that place: '=' for a dictionary key, ',' or the
 * closing bracket inside a container, the end of the text at top level), and
 * with it backslash escapes are decoded.  Numbers are decimal (up to
 * 18446744073709551615, wrapping to int64 as CF does), 0x hex, with an
 * optional leading '-' and optional ":N" width suffix (8, 16, 32, 64; the
 * value must fit in N bits, signed or unsigned); without a suffix the width
 * is reg_number_default_width.  <"a","b"> is the bytes "a\0b\0": each string
 * followed by a NUL, because ioreg prints NUL-terminated string lists (the
 * device tree's "compatible", "name"...) that way, and ioreg prints both "a"
 * and "a\0" as <"a">.  ioreg's "<unknown object>" (a CF type it cannot show)
 * becomes the string "<unknown object>" so that dumps containing it load.
 * Blanks (space, tab, CR, LF) are allowed around tokens. */
#ifndef IOKITFS_REGISTRY_VALUE_LITERAL_H
#define IOKITFS_REGISTRY_VALUE_LITERAL_H

#include <stdbool.h>
#include <stddef.h>

#include "parse_error.h"
#include "value.h"

enum {
	REG_LITERAL_IOREG = 0,	/* byte-for-byte what macOS ioreg prints (cfshow) */
	REG_LITERAL_EXACT = 1,	/* unambiguous form that parses back identically */
	REG_LITERAL_HEX = 2,	/* ioreg -x: numbers as 0x%llx, data always hex */
};

/* The literal text of v, NUL-terminated, allocated on ctx.  NULL when out of
 * memory or when v nests deeper than REG_VALUE_MAX_DEPTH (such a value could
 * not be parsed back). */
char *reg_value_to_literal(void *ctx, const struct reg_value *v, unsigned flags);

/* Parses one whole value (leading/trailing blanks allowed, anything else
 * left over fails).  On failure returns NULL and sets err (if not NULL) with
 * the byte offset into text; err->line is left 0. */
struct reg_value *reg_value_from_literal(void *ctx, const char *text, size_t len,
					 unsigned flags, struct reg_parse_error *err);

/* For loaders of ioreg text: parses the value at the start of text (leading
 * spaces/tabs allowed) that ends its line.  The value may span lines, since
 * ioreg prints strings with raw newlines; a top-level string then ends at
 * the first '"' that ends a line.  *used is set to the offset of the '\n'
 * that ends the value (or len).  Errors as reg_value_from_literal. */
struct reg_value *reg_value_from_literal_line(void *ctx, const char *text, size_t len,
					      unsigned flags, size_t *used,
					      struct reg_parse_error *err);

/* Lenient parsing of dump text: what ioreg itself prints oddly and what
 * people did to dumps before sharing them (docs/dumps.md):
 * - a missing value ("k"=, in a container; nothing at the end of the line)
 *   is a string ioreg could not print or a non-integral float (ioreg prints
 *   neither): the unknown string (value.h);
 * - <"..."> data holding quotes: when the value does not parse otherwise,
 *   it is parsed again with such data ending at the first '">' after which
 *   the value's context goes on (the last '">' of the value);
 * - "XXXXXXXX"-like strings are marked redacted;
 * - with macroman, string bytes (values and keys, not data) are MacRoman,
 *   as ioreg prints them, and become UTF-8.
 * Redacted data (<--->, <xxxx>, <0*3>, <PRIVATE>) is recognised by every
 * parse: data
 * with no bytes, marked redacted, its text in raw.  warn (may be NULL) is
 * called for each oddity once the value parsed, with its offset. */
struct reg_literal_lenient {
	bool macroman;
	void (*warn)(void *arg, size_t offset, const char *what);
	void *arg;
};

struct reg_value *reg_value_from_literal_line_lenient(void *ctx, const char *text, size_t len,
						      unsigned flags,
						      const struct reg_literal_lenient *lenient,
						      size_t *used, struct reg_parse_error *err);

/* A "bare" value a user wrote for an existing property `like`.  One trailing
 * newline ("\n" or "\r\n", as echo adds) is ignored.  Then:
 * - text starting (after blanks) with one of  " { ( [ <  is a full literal,
 *   parsed with REG_LITERAL_EXACT, and may change the property's type; for a
 *   string property, text that fails to parse that way is taken raw;
 * - like NULL (a new property): a literal if the text is one (a number,
 *   Yes/No...), else the raw text as a string;
 * - like a container (dictionary, array, set): a full literal, which may
 *   also be a number or Yes/No;
 * - like a number: a number literal (decimal, 0x hex, '-'), keeping like's
 *   width unless a ":N" suffix says otherwise; it must fit the width;
 * - like a boolean: Yes/No/true/false/1/0, any case;
 * - like a string or symbol: the raw text is the string (a symbol stays a
 *   symbol);
 * - like data: hex digits, optionally prefixed with 0x and separated by
 *   blanks (so "0a0b" and "0a 0b" are two bytes).  Raw bytes are not
 *   accepted bare, because "cafe" would be ambiguous; write <"text"> (which
 *   adds a NUL) or hex.
 * Returns NULL and sets err on bad text. */
struct reg_value *reg_value_from_text_as(void *ctx, const char *text, size_t len,
					 const struct reg_value *like,
					 struct reg_parse_error *err);

/* ioreg's test for printing data as <"strings">: printable ASCII runs
 * (bytes 128-254 allowed but at most a fifth of them) separated by single
 * NULs, optionally ending with one NUL, not a single byte. */
bool reg_data_looks_like_strings(const uint8_t *bytes, size_t len);

#endif
