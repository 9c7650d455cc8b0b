/* vm_allocate / vm_deallocate and their mach_vm_ forms over mmap/munmap
 * (mach/vm_map.h, mach/mach_vm.h).  Stateless and thread-safe; only
 * mach_task_self() is a task (MACH_SEND_INVALID_DEST otherwise). */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include <mach/mach.h>
#include <mach/mach_vm.h>

#include "port_table.h"

vm_size_t vm_page_size = 4096;
vm_size_t vm_page_mask = 4095;
int vm_page_shift = 12;

__attribute__((constructor)) static void vm_page_init(void)
{
	long size = sysconf(_SC_PAGESIZE);

	if (size > 0 && (size & (size - 1)) == 0) {
		vm_page_size = (vm_size_t)size;
		vm_page_mask = (vm_size_t)size - 1;
		vm_page_shift = __builtin_ctzl((unsigned long)size);
	}
}

static kern_return_t allocate(vm_map_t task, uint64_t *address, uint64_t size, int flags)
{
	void *want, *got;

	if (task != PORT_TABLE_TASK_NAME)
		return MACH_SEND_INVALID_DEST;
	if (!address || size == 0 || size > SIZE_MAX - vm_page_mask)
		return KERN_INVALID_ARGUMENT;
	size = (size + vm_page_mask) & ~(uint64_t)vm_page_mask;
	if (flags & VM_FLAGS_ANYWHERE) {
		want = NULL;
	} else {
		if (*address & vm_page_mask)
			return KERN_INVALID_ADDRESS;
		want = (void *)(uintptr_t)*address;
	}
	got = mmap(want, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		   (want ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (got == MAP_FAILED)
		return want ? KERN_NO_SPACE : KERN_RESOURCE_SHORTAGE;
	if (want && got != want) {	/* kernels without MAP_FIXED_NOREPLACE */
		munmap(got, (size_t)size);
		return KERN_NO_SPACE;
	}
	*address = (uint64_t)(uintptr_t)got;
	return KERN_SUCCESS;
}

static kern_return_t deallocate(vm_map_t task, uint64_t address, uint64_t size)
{
	uint64_t start, end;

	if (task != PORT_TABLE_TASK_NAME)
		return MACH_SEND_INVALID_DEST;
	if (size == 0)
		return KERN_SUCCESS;
	start = address & ~(uint64_t)vm_page_mask;
	if (address + size < address)
		return KERN_INVALID_ARGUMENT;
	end = (address + size + vm_page_mask) & ~(uint64_t)vm_page_mask;
	if (munmap((void *)(uintptr_t)start, (size_t)(end - start)) != 0)
		return KERN_INVALID_ADDRESS;
	return KERN_SUCCESS;
}

kern_return_t vm_allocate(vm_map_t target_task, vm_address_t *address, vm_size_t size, int flags)
{
	uint64_t a = address ? *address : 0;
	kern_return_t kr;

	if (!address)
		return KERN_INVALID_ARGUMENT;
	kr = allocate(target_task, &a, size, flags);
	if (kr == KERN_SUCCESS)
		*address = (vm_address_t)a;
	return kr;
}

kern_return_t vm_deallocate(vm_map_t target_task, vm_address_t address, vm_size_t size)
{
	return deallocate(target_task, address, size);
}

kern_return_t mach_vm_allocate(vm_map_t target, mach_vm_address_t *address, mach_vm_size_t size,
			       int flags)
{
	return allocate(target, address, size, flags);
}

kern_return_t mach_vm_deallocate(vm_map_t target, mach_vm_address_t address, mach_vm_size_t size)
{
	return deallocate(target, address, size);
}
