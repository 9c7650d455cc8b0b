/* SMC key tables: the keys, types, sizes, attributes and bytes an AppleSMC
 * answers with, loaded from a key dump.
 *
 * Dump format (the output of the common `smc -l`-style tools, as in
 * SMC-keys.txt), one key a line:
 *     "  KEY  [type]  value (bytes xx xx ...)"
 * KEY is the 4 characters after the indentation (trailing spaces count:
 * "FS! "), type the 1 to 4 characters in brackets (padded with spaces), the
 * value text is ignored (tools print it lossily), and the hex pairs after the
 * last "(bytes" are the key's data, 0 to 32 bytes.  Lines starting with
 * "Num:" (a tool's debug output) or "#" in the first column, and blank
 * lines, are skipped.  The dump has no attribute column; this project adds
 * an optional one: " attr=XX" (hex) after the closing parenthesis.  Keys
 * without it get SMC_ATTR_READ, plus SMC_ATTR_WRITE when the name is one
 * real SMCs let root write (smc_key_default_writable).  Duplicate keys, bad
 * hex, more than 32 bytes, NUL bytes and over SMC_KEYS_MAX keys are errors
 * with the line number. */
#ifndef IOKITFS_REGISTRY_DRIVERS_SMC_KEYS_H
#define IOKITFS_REGISTRY_DRIVERS_SMC_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse_error.h"

#define SMC_KEY_DATA_MAX	32	/* SMCBytes_t */
#define SMC_KEYS_MAX		65536

/* Key attribute bits (the SMC's key-info attribute byte). */
#define SMC_ATTR_PRIVATE_WRITE	0x01
#define SMC_ATTR_PRIVATE_READ	0x02
#define SMC_ATTR_ATOMIC		0x04
#define SMC_ATTR_CONST		0x08
#define SMC_ATTR_FUNCTION	0x10
#define SMC_ATTR_WRITE		0x40
#define SMC_ATTR_READ		0x80

/* A FourCC as the SMC protocol carries it: 'TC0P' = 0x54433050. */
static inline uint32_t smc_fourcc(const char s[4])
{
	return (uint32_t)(uint8_t)s[0] << 24 | (uint32_t)(uint8_t)s[1] << 16 |
	       (uint32_t)(uint8_t)s[2] << 8 | (uint32_t)(uint8_t)s[3];
}

static inline void smc_fourcc_text(uint32_t code, char out[5])
{
	out[0] = (char)(code >> 24);
	out[1] = (char)(code >> 16);
	out[2] = (char)(code >> 8);
	out[3] = (char)code;
	out[4] = '\0';
}

struct smc_key {
	uint32_t key;		/* FourCC */
	uint32_t type;		/* FourCC: 'ui8 ', 'flt ', '{rev' ... */
	uint8_t attributes;	/* SMC_ATTR_* */
	uint8_t size;		/* bytes of data, 0..32 */
	uint8_t data[SMC_KEY_DATA_MAX];
};

struct smc_key_table {
	struct smc_key *keys;	/* in the dump's order: the SMC's key index */
	size_t count;
	uint32_t *sorted;	/* indexes into keys, by key, for lookup */
	/* The count the dump's own #KEY says, or -1 without one. */
	int64_t declared_count;
	/* A live backend (the Linux applesmc key table): when set, a read of
	 * key i asks it for fresh bytes first (into keys[i].data; 0 or -errno,
	 * on failure the last bytes are answered).  It serialises itself. */
	int (*refresh)(void *data, size_t index, struct smc_key *k);
	void *refresh_data;
};

/* Parses a dump.  Returns the table on ctx, or NULL with err set. */
struct smc_key_table *smc_keys_parse(void *ctx, const char *buf, size_t len,
				     struct reg_parse_error *err);
/* Reads and parses a file (at most 16 MiB). */
struct smc_key_table *smc_keys_load_file(void *ctx, const char *path,
					 struct reg_parse_error *err);
/* An empty table (an AppleSMC with no dump). */
struct smc_key_table *smc_keys_new_empty(void *ctx);

/* Adds "#KEY" (ui32, read-only) at index 0 when the table lacks it: every
 * SMC has it, and the AppleSMC driver answers it with the key count.
 * Returns 0 or -1 (out of memory). */
int smc_keys_ensure_count_key(struct smc_key_table *t);

struct smc_key *smc_keys_find(const struct smc_key_table *t, uint32_t key);

/* Rebuilds the lookup index after keys[] was filled or changed by hand
 * (a live backend).  0 or -1 (out of memory). */
int smc_keys_reindex(struct smc_key_table *t);

/* Names real SMCs let root write: F<n>Mn, F<n>Mx, F<n>Tg, F<n>Md (fan
 * minimum, maximum, target, mode) and "FS! " (forced fans). */
bool smc_key_default_writable(uint32_t key);

#endif
