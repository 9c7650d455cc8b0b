/* MacRoman, the 8-bit text encoding macOS ioreg prints strings in (it
 * converts every CFString to MacRoman for output and prints nothing for a
 * string with a character MacRoman lacks).  Dump loaders decode ioreg's
 * bytes with it; the ioreg-style printer encodes with it.
 *
 * Pure functions; results are allocated on ctx; NULL only when out of
 * memory. */
#ifndef IOKITFS_REGISTRY_MACROMAN_H
#define IOKITFS_REGISTRY_MACROMAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The UTF-8 text of n MacRoman bytes (ASCII stays as is), NUL-terminated;
 * *out_len (if not NULL) gets its length. */
char *macroman_to_utf8(void *ctx, const char *s, size_t n, size_t *out_len);

/* The MacRoman bytes of n bytes of UTF-8, NUL-terminated, or NULL with
 * *unmappable set when a character has no MacRoman byte (or the text is not
 * UTF-8). */
char *macroman_from_utf8(void *ctx, const char *s, size_t n, size_t *out_len,
			 bool *unmappable);

/* True when the n bytes are valid UTF-8. */
bool macroman_is_utf8(const char *s, size_t n);

/* Decodes the UTF-8 character at s (n > 0 bytes left) into *cp: its length
 * (1..4), or 0 on a bad, overlong, surrogate or truncated sequence. */
size_t macroman_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* True when a byte >= 0x80 occurs. */
bool macroman_has_high(const char *s, size_t n);

#endif
