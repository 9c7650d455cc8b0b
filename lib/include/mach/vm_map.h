/* mach/vm_map.h (subset): allocating and freeing whole pages of the
 * task's address space, as MIG replies and tools that vm_allocate do.
 * Only mach_task_self() is a task here; any other gives
 * MACH_SEND_INVALID_DEST.  Memory is anonymous, zero-filled, page-aligned
 * (mmap underneath). */
#ifndef _MACH_VM_MAP_H_
#define _MACH_VM_MAP_H_

#include <mach/kern_return.h>
#include <mach/mach_types.h>
#include <mach/vm_types.h>
#include <mach/vm_statistics.h>

#ifdef __cplusplus
extern "C" {
#endif

/* flags: VM_FLAGS_ANYWHERE (else *address is where the pages must go,
 * KERN_NO_SPACE if taken).  KERN_INVALID_ARGUMENT for size 0 or no
 * address pointer, KERN_RESOURCE_SHORTAGE when out of memory. */
kern_return_t vm_allocate(vm_map_t target_task, vm_address_t *address, vm_size_t size, int flags);
/* Frees the pages covering [address, address + size); size 0 does nothing. */
kern_return_t vm_deallocate(vm_map_t target_task, vm_address_t address, vm_size_t size);

#ifdef __cplusplus
}
#endif

#endif
