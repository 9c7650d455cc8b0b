/* Mapping IOKit results to the errno a file-system caller sees. */
#include "ioreturn.h"

#include <errno.h>

int reg_ioreturn_to_errno(int ioreturn)
{
	switch (ioreturn) {
	case REG_IO_SUCCESS:
		return 0;
	case REG_IO_NO_MEMORY:
	case REG_IO_NO_RESOURCES:
		return ENOMEM;
	case REG_IO_NO_DEVICE:
		return ENODEV;
	case REG_IO_NOT_PRIVILEGED:
		return EACCES;
	case REG_IO_NOT_PERMITTED:
		return EPERM;
	case REG_IO_BAD_ARGUMENT:
		return EINVAL;
	case REG_IO_EXCLUSIVE_ACCESS:
	case REG_IO_BUSY:
		return EBUSY;
	case REG_IO_UNSUPPORTED:
		return ENOTSUP;
	case REG_IO_NOT_WRITABLE:
		return EROFS;
	case REG_IO_NOT_READABLE:
		return EACCES;
	case REG_IO_TIMEOUT:
		return ETIMEDOUT;
	case REG_IO_NOT_FOUND:
		return ENOENT;
	case REG_IO_NO_SPACE:
		return ENOSPC;
	case REG_IO_MESSAGE_TOO_LARGE:
		return E2BIG;
	case REG_IO_NOT_READY:
		return EAGAIN;
	case REG_IO_IO_ERROR:
		return EIO;
	default:
		return EIO;
	}
}
