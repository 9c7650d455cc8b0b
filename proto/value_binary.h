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
 * with err set on malformed input (and on inputs that would expand beyond
 * REG_BINARY_MAX_OBJECTS through references). */
struct reg_value *reg_value_from_binary(void *ctx, const void *buf, size_t len,
					struct reg_parse_error *err);

#define REG_BINARY_MAX_OBJECTS (1u << 20)

#endif
