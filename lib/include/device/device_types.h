/* device/device_types.h: the fixed-size buffers of IOKit's MIG interface
 * (LP64 user-space sizes). */
#ifndef DEVICE_TYPES_H
#define DEVICE_TYPES_H

#include <stdint.h>
#include <mach/port.h>
#include <mach/vm_types.h>

typedef char			io_name_t[128];
typedef char			io_string_t[512];
typedef char			io_string_inband_t[4096];
typedef char			io_struct_inband_t[4096];
typedef char			*io_buf_ptr_t;

#if defined(__LP64__) || defined(_LP64)
typedef uint64_t		io_user_scalar_t;
typedef uint64_t		io_user_reference_t;
typedef io_user_scalar_t	io_scalar_inband_t[16];
typedef io_user_reference_t	io_async_ref_t[8];
#else
typedef int			io_user_scalar_t;
typedef natural_t		io_user_reference_t;
typedef io_user_scalar_t	io_scalar_inband_t[16];
typedef natural_t		io_async_ref_t[8];
#endif
typedef uint64_t		io_scalar_inband64_t[16];
typedef uint64_t		io_async_ref64_t[8];

typedef mach_port_t		io_object_t;

#endif
