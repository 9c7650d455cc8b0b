/* mach/vm_statistics.h (subset): the vm_allocate flags. */
#ifndef _MACH_VM_STATISTICS_H_
#define _MACH_VM_STATISTICS_H_

#define VM_FLAGS_FIXED		0x0000
#define VM_FLAGS_ANYWHERE	0x0001
#define VM_FLAGS_PURGABLE	0x0002
#define VM_FLAGS_OVERWRITE	0x4000

#endif
