/* IOKit's binary serialization (OSSerializeBinary, signature D3 00 00 00):
 * the compact, width-preserving form in which property values cross
 * between the daemon and libIOKit, as they cross the user/kernel boundary
 * on macOS.  Layout: 32-bit little-endian words; each object is a key word
 * (type in bits 24-30, length or count in bits 0-23, bit 31 on the last
 * member of its collection) followed by its payload padded to 4 bytes. */
#ifndef IOKITFS_REGISTRY_VALUE_BINARY_H
#define IOKITFS_REGISTRY_VALUE_BINARY_H

#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"
#include "value.h"

#define REG_BINARY_SIGNATURE 0x000000d3u

/* Serialises v; returns the buffer (on ctx) and its length, or NULL when
 * out of memory or when a string, data or container is too large for the
 * format's 24-bit lengths. */
uint8_t *reg_value_to_binary(void *ctx, const struct reg_value *v, size_t *len);

/* Parses a whole buffer; references to earlier objects are copied.  NULL
 * with err set on malformed input, and on inputs whose references would
 * expand them beyond reg_binary_node_budget(len) values or copy more than
 * reg_binary_byte_budget(len) bytes: the work and
 * memory of a decode stay linear in its input (a few hundred bytes of
 * objects referring to each other 2^40 ways are refused after a few
 * thousand values). */
struct reg_value *reg_value_from_binary(void *ctx, const void *buf, size_t len,
					struct reg_parse_error *err);

#define REG_BINARY_MAX_OBJECTS (1u << 20)
/* Values a decode of len bytes may create, references included: 4096 +
 * 4 per input byte, at most REG_BINARY_MAX_OBJECTS.  An input without
 * references creates at most one value per 4 bytes. */
size_t reg_binary_node_budget(size_t len);
/* Bytes of strings, data and dictionary keys that references in a decode
 * of len bytes may copy: 64 KiB + 4 per input byte.  A reference is 4
 * bytes of input whatever it names; without this bound one large object
 * named again and again would cost memory out of all proportion. */
size_t reg_binary_byte_budget(size_t len);

#endif
