/* Typed property values, mirroring what IOKit carries in a property table
 * (OSDictionary, OSArray, OSSet, OSString, OSSymbol, OSData, OSNumber,
 * OSBoolean).
 *
 * Values are talloc trees: a container owns its children.  Once a value has
 * been stored in a registry it is never modified in place; a property change
 * replaces the value, so readers holding the registry's read lock may walk
 * values freely (see registry.h for the locking rules).
 *
 * Numbers keep IOKit's bit width (8, 16, 32 or 64).  The value itself is held
 * as CoreFoundation sees it: a signed 64-bit integer, sign-extended from its
 * width (a 32-bit 0xffffffff is -1, which ioreg prints as
 * 18446744073709551615).
 *
 * Dictionaries keep the order in which their keys were added, because ioreg
 * prints properties in the order the source gave them. */
#ifndef IOKITFS_REGISTRY_VALUE_H
#define IOKITFS_REGISTRY_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum reg_value_type {
	REG_DICT = 1,
	REG_ARRAY,
	REG_SET,
	REG_STRING,
	REG_SYMBOL,
	REG_DATA,
	REG_NUMBER,
	REG_BOOL,
};

struct reg_value {
	enum reg_value_type type;
	union {
		struct {
			char *chars;	/* NUL-terminated UTF-8 */
			size_t len;	/* bytes, without the NUL */
		} string;		/* REG_STRING and REG_SYMBOL */
		struct {
			uint8_t *bytes;
			size_t len;
		} data;
		struct {
			int64_t value;	/* sign-extended from width */
			unsigned width;	/* 8, 16, 32 or 64; floats below */
		} number;
		bool boolean;
		struct {
			struct reg_value **items;
			size_t count;
			size_t capacity;
		} array;		/* REG_ARRAY and REG_SET */
		struct {
			char **keys;
			struct reg_value **values;
			size_t count;
			size_t capacity;
		} dict;
	} u;
	/* What a dump said about the value beyond its type (REG_MARK_*), and
	 * for a redacted value the text the dump showed instead of it. */
	unsigned mark;
	char *raw;
};

/* Marks a dump loader puts on values it recovered (see docs/dumps.md).
 * REG_MARK_UNKNOWN: a string whose characters are unknown because ioreg
 * printed nothing for it (it cannot print a string with a character that
 * MacRoman lacks); it holds the one character U+FFFD, which MacRoman lacks
 * too, so it prints as nothing again.  REG_MARK_REDACTED: a value the
 * dump's publisher hid ("XXXX", <--->); raw keeps what the dump showed and
 * a data value's bytes are unknown (empty). */
enum {
	REG_MARK_NONE = 0,
	REG_MARK_UNKNOWN = 1,
	REG_MARK_REDACTED = 2,
};
/* The text of an unknown string: U+FFFD REPLACEMENT CHARACTER in UTF-8. */
#define REG_UNKNOWN_STRING "\xef\xbf\xbd"

/* Constructors.  All allocate on ctx and return NULL only when out of memory. */
struct reg_value *reg_value_new_dict(void *ctx);
struct reg_value *reg_value_new_array(void *ctx);
struct reg_value *reg_value_new_set(void *ctx);
struct reg_value *reg_value_new_string(void *ctx, const char *s);
struct reg_value *reg_value_new_string_len(void *ctx, const char *s, size_t len);
struct reg_value *reg_value_new_symbol(void *ctx, const char *s);
struct reg_value *reg_value_new_data(void *ctx, const void *bytes, size_t len);
/* width 0 picks the default width (reg_number_default_width). */
struct reg_value *reg_value_new_number(void *ctx, int64_t value, unsigned width);
struct reg_value *reg_value_new_bool(void *ctx, bool b);

/* 32 when value fits in a signed 32-bit integer, else 64: the width a number
 * gets when its source (ioreg text, a plain XML plist) does not say. */
unsigned reg_number_default_width(int64_t value);
/* Truncate value to width bits and sign-extend it back, as CF would. */
int64_t reg_number_normalise(int64_t value, unsigned width);
bool reg_number_width_valid(unsigned width);

/* Floats, as IOKit's binary serialization carries them: width 31 is a
 * float (Float32), 63 a double (Float64), and value holds the IEEE-754
 * bits of the double (a float widened exactly).  They compare with integers
 * by numeric value (1.0 equals 1, as CFEqual has it). */
#define REG_NUMBER_FLOAT32	31u
#define REG_NUMBER_FLOAT64	63u
struct reg_value *reg_value_new_real(void *ctx, double d, unsigned width);
bool reg_number_is_float(const struct reg_value *v);
/* The number as a double (an integer converted, a float as it is). */
double reg_number_double(const struct reg_value *v);

/* Containers.  The item is reparented (talloc_steal) onto the container.
 * Return 0, or -1 when out of memory. */
int reg_array_append(struct reg_value *array_or_set, struct reg_value *item);
/* Adds or replaces; a replaced value is freed.  Keys keep first-insertion
 * order. */
int reg_dict_set(struct reg_value *dict, const char *key, struct reg_value *value);
/* Appends key, which the caller knows dict does not hold yet, without
 * looking for it (reg_dict_set looks: building an n-key dictionary with it
 * costs n^2/2 comparisons).  0, or -1 when out of memory. */
int reg_dict_append_new(struct reg_value *dict, const char *key, struct reg_value *value);
struct reg_value *reg_dict_get(const struct reg_value *dict, const char *key);
/* Removes key; returns true if it was present. */
bool reg_dict_remove(struct reg_value *dict, const char *key);
/* Removes key and returns its value, reparented onto ctx (NULL when key is
 * absent): a move, where reg_value_copy + reg_dict_remove would copy. */
struct reg_value *reg_dict_take(struct reg_value *dict, const char *key, void *ctx);

/* Deep equality with CoreFoundation's rules: dictionaries compare as key
 * sets (order ignored), sets compare as sets, arrays in order; a string
 * equals a symbol with the same characters; numbers compare by value only.
 * reg_value_identical also requires the same dictionary order, the same
 * number widths and the same string/symbol kind. */
bool reg_value_equal(const struct reg_value *a, const struct reg_value *b);
bool reg_value_identical(const struct reg_value *a, const struct reg_value *b);

struct reg_value *reg_value_copy(void *ctx, const struct reg_value *v);

/* A header on ctx sharing v's contents without owning them: freeing it
 * frees only itself.  Read-only, and valid only while v lives unchanged: the
 * registry puts properties into a reply this way and encodes the reply
 * before it lets go of its lock (registry/rpc.c), instead of copying them.
 * Never pass an alias to a mutator. */
struct reg_value *reg_value_alias(void *ctx, const struct reg_value *v);

const char *reg_value_type_name(enum reg_value_type type);

/* True for REG_STRING and REG_SYMBOL. */
static inline bool reg_value_is_string(const struct reg_value *v)
{
	return v && (v->type == REG_STRING || v->type == REG_SYMBOL);
}

/* Limits every parser enforces on untrusted input. */
#define REG_VALUE_MAX_DEPTH 64

#endif
