/* mach/mach_vm.h (subset): the 64-bit forms of vm_allocate and
 * vm_deallocate (mach/vm_map.h), with the same semantics. */
#ifndef _MACH_MACH_VM_H_
#define _MACH_MACH_VM_H_

#include <mach/vm_map.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
			       int flags);
kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size);

#ifdef __cplusplus
}
#endif

#endif
