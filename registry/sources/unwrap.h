/* Dump text that travelled wrapped: ioreg output pasted into a TextEdit
 * document (RTF) or copied from a web page (HTML-escaped, "&lt;class").
 * Unwrapping gives back the text, with the same number of lines so that
 * warnings and errors keep the file's line numbers.
 *
 * Pure functions; results are allocated on ctx (NUL-terminated, *out_len
 * without the NUL); NULL only when out of memory. */
#ifndef IOKITFS_SOURCES_UNWRAP_H
#define IOKITFS_SOURCES_UNWRAP_H

#include <stdbool.h>
#include <stddef.h>

/* "{\rtf" at the start (after blanks). */
bool unwrap_is_rtf(const char *buf, size_t len);
/* HTML-escaped ioreg text: "&lt;class " before any "<class ". */
bool unwrap_is_html_escaped(const char *buf, size_t len);

/* The plain text of an RTF document: groups of destinations (font and
 * colour tables, {\*...}) dropped, control words dropped except \tab,
 * escapes \\ \{ \} \'hh decoded (hh kept as the byte), every newline of the
 * document kept as one newline. */
char *unwrap_rtf(void *ctx, const char *buf, size_t len, size_t *out_len);

/* &lt; &gt; &amp; &quot; &apos; &#N; &#xN; (N < 256) decoded. */
char *unwrap_html(void *ctx, const char *buf, size_t len, size_t *out_len);

#endif
