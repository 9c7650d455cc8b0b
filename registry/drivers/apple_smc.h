/* AppleSMC: the user client SMC tools (smcFanControl's smc.c, iStats,
 * SMCKit...) talk to, answering from a key table (smc_keys.h).
 *
 * Selectors: 0 kSMCUserClientOpen and 1 kSMCUserClientClose (no arguments;
 * a second connection's open while one holds it gives
 * kIOReturnExclusiveAccess; close without open kIOReturnNotOpen), 2
 * kSMCHandleYPCEvent: an 80-byte struct smc_param in, one out.  The command
 * is data8: 5 read bytes, 6 write bytes, 8 key at index (data32), 9 key
 * info.  Errors the SMC reports go in the output's result byte with
 * kIOReturnSuccess (0x84 not found, 0x85 not readable, 0x86 not writable,
 * 0x87 size mismatch, 0xb8 index out of range, 0x82 unknown command), as on
 * a Mac; writes by a non-root caller fail the call itself with
 * kIOReturnNotPrivileged.  "#KEY" always reads as the table's key count.
 * Writes change the table in memory, for the registry's lifetime. */
#ifndef IOKITFS_REGISTRY_DRIVERS_APPLE_SMC_H
#define IOKITFS_REGISTRY_DRIVERS_APPLE_SMC_H

#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "parse_error.h"
#include "registry.h"
#include "smc_keys.h"

#define APPLE_SMC_DRIVER_NAME		"AppleSMC"
#define APPLE_SMC_USER_CLIENT_CLASS	"AppleSMCClient"

enum apple_smc_selector {
	SMC_USER_CLIENT_OPEN = 0,	/* kSMCUserClientOpen */
	SMC_USER_CLIENT_CLOSE = 1,	/* kSMCUserClientClose */
	SMC_HANDLE_YPC_EVENT = 2,	/* kSMCHandleYPCEvent */
	SMC_SELECTOR_COUNT
};

enum apple_smc_command {
	SMC_CMD_READ_BYTES = 5,
	SMC_CMD_WRITE_BYTES = 6,
	SMC_CMD_READ_INDEX = 8,
	SMC_CMD_READ_KEYINFO = 9,
};

enum apple_smc_result {
	SMC_RESULT_SUCCESS = 0x00,
	SMC_RESULT_ERROR = 0x01,
	SMC_RESULT_BAD_COMMAND = 0x82,
	SMC_RESULT_NOT_FOUND = 0x84,
	SMC_RESULT_NOT_READABLE = 0x85,
	SMC_RESULT_NOT_WRITABLE = 0x86,
	SMC_RESULT_KEY_SIZE_MISMATCH = 0x87,
	SMC_RESULT_INDEX_RANGE = 0xb8,
};

/* SMCKeyData_t, in the tools' natural (C default) alignment: 80 bytes.
 * key and data_type are FourCCs as host-order integers ('TC0P'). */
struct smc_param {
	uint32_t key;				/* 0 */
	struct {
		uint8_t major, minor, build, reserved;
		uint16_t release;
	} vers;					/* 4 */
	struct {
		uint16_t version, length;
		uint32_t cpu_plimit, gpu_plimit, mem_plimit;
	} plimit;				/* 12 */
	struct {
		uint32_t data_size;
		uint32_t data_type;
		uint8_t data_attributes;
	} key_info;				/* 28 */
	uint8_t result;				/* 40 */
	uint8_t status;				/* 41 */
	uint8_t data8;				/* 42: the command */
	uint32_t data32;			/* 44: the index for command 8 */
	uint8_t bytes[SMC_KEY_DATA_MAX];	/* 48 */
};

_Static_assert(sizeof(struct smc_param) == 80, "SMCKeyData_t is 80 bytes");

/* The driver (for drivers files: driver "AppleSMC", parameters
 * {"KeysFile": path, "WritableKeys": [names]}, both optional). */
extern const struct reg_driver apple_smc_driver;

/* Binds the driver to the first AppleSMC entry, creating one (named
 * "AppleSMC", under the platform entry: Root's first child in the IOService
 * plane) if there is none, with keys from keys_file (an SMC key dump) or no
 * keys when keys_file is NULL.  The caller holds the write lock, as for the
 * source loaders.  Returns 0, or -1 with err set. */
int apple_smc_attach(struct registry *reg, const char *keys_file,
		     struct reg_parse_error *err);

/* Binds the driver to e with table t (reparented onto the registry on
 * success; the caller keeps it on failure).  Write lock held.  0 or -1. */
int apple_smc_bind(struct registry *reg, struct reg_entry *e, struct smc_key_table *t);

/* The key table behind an entry that has the driver, or NULL (lock held). */
struct smc_key_table *apple_smc_table(const struct reg_entry *e);

#endif
