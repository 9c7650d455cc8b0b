/* mach/vm_types.h: Mach's machine-sized integer and address types (LP64
 * user space). */
#ifndef _MACH_VM_TYPES_H_
#define _MACH_VM_TYPES_H_

#include <stdint.h>

typedef unsigned int	natural_t;
typedef int		integer_t;

typedef uintptr_t	vm_offset_t;
typedef uintptr_t	vm_size_t;
typedef uintptr_t	vm_address_t;
typedef uint64_t	mach_vm_address_t;
typedef uint64_t	mach_vm_offset_t;
typedef uint64_t	mach_vm_size_t;
typedef uint64_t	vm_map_offset_t;
typedef uint64_t	vm_map_address_t;
typedef uint64_t	vm_map_size_t;
typedef uint32_t	vm32_offset_t;
typedef uint32_t	vm32_address_t;
typedef uint32_t	vm32_size_t;
typedef natural_t	pointer_t_natural;
typedef vm_offset_t	pointer_t;

#endif
