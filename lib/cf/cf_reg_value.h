/* Converting between CF objects and the registry's value model
 * (struct reg_value).  Internal to libIOKit: its property calls and the
 * CFPropertyList functions use exactly these.
 *
 * Numbers keep their width both ways, so a round trip is lossless:
 *   CF -> reg: SInt8 -> 8, SInt16 -> 16, SInt32 -> 32, SInt64 (and long,
 *              CFIndex) -> 64, Float32/Float64 -> 64 truncated towards
 *              zero (saturated; NaN -> 0), as IOKit's serializer does;
 *   reg -> CF: 8 -> SInt8, 16 -> SInt16, 32 -> SInt32, 64 -> SInt64.
 * (IOKitLib's own unserializer turns every width <= 32 into SInt32; keeping
 * 8 and 16 distinct is what lets a value read from the registry be written
 * back unchanged.  CFNumberGetValue converts either way.)
 * Strings and symbols both become CFStrings; data, booleans, arrays, sets
 * and dictionaries map one to one.  Dictionary keys must be strings. */
#ifndef IOKITFS_LIB_CF_REG_VALUE_H
#define IOKITFS_LIB_CF_REG_VALUE_H

#include <CoreFoundation/CoreFoundation.h>

#include "value.h"

/* A new CF object (+1) for v, or NULL if v is NULL.  mutability is a
 * CFPropertyListMutabilityOptions value: kCFPropertyListImmutable,
 * kCFPropertyListMutableContainers (dictionaries, arrays and sets are
 * mutable, as IOKitLib's unserializer returns them) or
 * kCFPropertyListMutableContainersAndLeaves (strings and data too). */
CFTypeRef cf_from_reg_value(const struct reg_value *v, CFOptionFlags mutability);

/* A new reg_value on ctx for obj, or NULL when obj (or anything in it) is
 * of a type the registry cannot hold (CFNull, CFError, a non-string
 * dictionary key, a key with a NUL in it), nests deeper than
 * CF_REG_VALUE_MAX_DEPTH (which also stops cycles), or memory ran out.
 * Nothing is left on ctx on failure. */
#define CF_REG_VALUE_MAX_DEPTH 1024
struct reg_value *cf_to_reg_value(void *ctx, CFTypeRef obj);
struct reg_value *cf_to_reg_value_depth(void *ctx, CFTypeRef obj, unsigned max_depth);

#endif
