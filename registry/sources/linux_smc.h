/* The applesmc key table as an SMC key table (linux_smc.c), and the I/O it
 * needs, so tests can stand in for the kernel's cursor interface. */
#ifndef IOKITFS_SOURCES_LINUX_SMC_H
#define IOKITFS_SOURCES_LINUX_SMC_H

#include <stdint.h>
#include <sys/types.h>

#include "drivers/smc_keys.h"
#include "linux_sysfs_internal.h"

struct lx_smc_io {
	/* Writes index to key_at_index.  0 or -errno. */
	int (*select)(void *data, uint32_t index);
	/* Reads attribute attr ("key_count", "key_at_index_name" ...) into
	 * buf: bytes read, or -errno. */
	ssize_t (*read)(void *data, const char *attr, void *buf, size_t cap);
	void *data;
};

/* Reads every key through io.  The table's reads of key bytes refresh
 * through io (io and io->data must outlive the table).  NULL with *why set
 * on failure. */
struct smc_key_table *lx_smc_load_table(void *ctx, const struct lx_smc_io *io,
					const char **why);

#endif
