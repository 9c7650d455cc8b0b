/* A property value from text a user wrote with setfattr or into a
 * .properties/<key> file, with the user's mistakes in mind.
 *
 * The text is parsed as reg_value_from_text_as does (a bare value takes the
 * existing property's type; a literal sets any type), plus what setfattr(1)
 * does to its -v argument before we see it: it decodes "..." (quotes
 * removed, escapes undone), 0x... (hex into raw bytes) and 0s... (base64
 * into raw bytes).  Forms that stay unambiguous after that are taken:
 *   - raw bytes that are not text (a control byte or invalid UTF-8) become
 *     data, for an existing data property or a new one;
 *   - bare words become strings (existing string, or a new property that is
 *     not a number or Yes/No) - so -v '"text"' works as users expect.
 * Refused (EINVAL): a negative number for a number property (it would
 * read back as 2^N-1: numbers in the registry print unsigned), and any
 * text the expected type cannot take.  why gets one line naming the
 * expected type and, where setfattr's decoding is the likely cause, how to
 * write it instead.  Allocations on ctx; no locks. */
#ifndef IOKITFS_FS_USER_VALUE_H
#define IOKITFS_FS_USER_VALUE_H

#include <stddef.h>

#include "value.h"

/* Returns the value, or NULL with why (size bytes) filled. */
struct reg_value *fs_value_from_user_text(void *ctx, const char *text, size_t len,
					  const struct reg_value *like, char *why,
					  size_t size);

#endif
