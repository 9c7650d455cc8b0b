/* The user client of the live source's IOPCIDevice entries: configuration
 * space through sysfs "config" and BARs through "resourceN" (memory type N),
 * root only, as raw device access is on Linux.  Method 0 reads and method 1
 * writes a configuration register of 1, 2 or 4 bytes (little-endian, as
 * PCI is).  The mapping is the kernel's own resource file, so loads and
 * stores reach the device. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "ioreturn.h"
#include "user_client.h"

#define PCI_BAR_COUNT 6

/* The sysfs directory of the connection's device (lock held). */
static const char *device_dir(struct reg_connection *conn)
{
	struct reg_entry *e = reg_connection_service(conn);
	const struct lx_driver_data *dd = e ? e->driver_data : NULL;

	return dd ? dd->syspath : NULL;
}

static int pci_open(struct reg_connection *conn, uint32_t type)
{
	if (conn->caller.uid != 0)
		return REG_IO_NOT_PRIVILEGED;
	if (type != 0)
		return REG_IO_BAD_ARGUMENT;
	return device_dir(conn) ? REG_IO_SUCCESS : REG_IO_NO_DEVICE;
}

/* Opens the device's config file and checks that [offset, offset+width)
 * lies inside it. */
static int open_config(struct reg_connection *conn, uint64_t offset, uint64_t width,
		       int flags, int *fd_out)
{
	const char *dir = device_dir(conn);
	char path[4096];
	struct stat st;
	int fd;

	if (width != 1 && width != 2 && width != 4)
		return REG_IO_BAD_ARGUMENT;
	if (!dir || snprintf(path, sizeof(path), "%s/config", dir) >= (int)sizeof(path))
		return REG_IO_NO_DEVICE;
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return errno == EACCES || errno == EPERM ? REG_IO_NOT_PRIVILEGED : REG_IO_NO_DEVICE;
	if (fstat(fd, &st) != 0 || offset > (uint64_t)st.st_size ||
	    width > (uint64_t)st.st_size - offset) {
		close(fd);
		return REG_IO_BAD_ARGUMENT;
	}
	*fd_out = fd;
	return REG_IO_SUCCESS;
}

static int config_read(struct reg_connection *conn, struct reg_uc_args *args)
{
	uint64_t offset = args->scalar_input[0], width = args->scalar_input[1];
	uint8_t bytes[4] = { 0 };
	uint64_t value = 0;
	int fd, ret = open_config(conn, offset, width, O_RDONLY, &fd);

	if (ret != REG_IO_SUCCESS)
		return ret;
	if (pread(fd, bytes, width, (off_t)offset) != (ssize_t)width)
		ret = REG_IO_IO_ERROR;
	close(fd);
	for (uint64_t i = width; i-- > 0;)
		value = value << 8 | bytes[i];
	args->scalar_output[0] = value;
	return ret;
}

static int config_write(struct reg_connection *conn, struct reg_uc_args *args)
{
	uint64_t offset = args->scalar_input[0], width = args->scalar_input[1];
	uint64_t value = args->scalar_input[2];
	uint8_t bytes[4];
	int fd, ret = open_config(conn, offset, width, O_WRONLY, &fd);

	if (ret != REG_IO_SUCCESS)
		return ret;
	for (uint64_t i = 0; i < width; i++)
		bytes[i] = (uint8_t)(value >> (8 * i));
	if (pwrite(fd, bytes, width, (off_t)offset) != (ssize_t)width)
		ret = REG_IO_IO_ERROR;
	close(fd);
	return ret;
}

/* Memory type N is BAR N, when the kernel offers it as resourceN. */
static int pci_memory_for_type(struct reg_connection *conn, uint32_t type,
			       struct reg_uc_memory *memory)
{
	const char *dir = device_dir(conn);
	char *path;
	struct stat st;

	if (type >= PCI_BAR_COUNT || !dir)
		return REG_IO_BAD_ARGUMENT;
	path = talloc_asprintf(conn, "%s/resource%u", dir, type);
	if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		talloc_free(path);
		return REG_IO_BAD_ARGUMENT;	/* no such BAR, or an I/O-port BAR */
	}
	memory->path = path;
	memory->fd = -1;
	memory->offset = 0;
	memory->size = (uint64_t)st.st_size;
	memory->options = REG_MAP_INHIBIT_CACHE;	/* registers: uncached */
	return REG_IO_SUCCESS;
}

static const struct reg_uc_method pci_methods[] = {
	/* 0: read config (offset, width) -> value */
	{ config_read, 2, 0, 1, 0, 0 },
	/* 1: write config (offset, width, value) */
	{ config_write, 3, 0, 0, 0, 0 },
};

const struct reg_user_client_ops lx_pci_user_client = {
	.user_client_class = "IOLinuxPCIUserClient",
	.open = pci_open,
	.methods = pci_methods,
	.method_count = sizeof(pci_methods) / sizeof(pci_methods[0]),
	.selector_policy = REG_UC_SELECTOR_BAD_ARGUMENT,
	.memory_for_type = pci_memory_for_type,
};
