/* mach/mach_types.h (subset): the port-typed handles (task_t and friends)
 * that IOKit's API names in its signatures. */
#ifndef _MACH_MACH_TYPES_H_
#define _MACH_MACH_TYPES_H_

#include <mach/boolean.h>
#include <mach/clock_types.h>
#include <mach/kern_return.h>
#include <mach/port.h>
#include <mach/vm_types.h>

typedef mach_port_t	task_t;
typedef mach_port_t	task_name_t;
typedef mach_port_t	task_port_t;
typedef mach_port_t	thread_t;
typedef mach_port_t	thread_act_t;
typedef mach_port_t	ipc_space_t;
typedef mach_port_t	host_t;
typedef mach_port_t	host_priv_t;
typedef mach_port_t	host_name_t;
typedef mach_port_t	vm_map_t;
typedef mach_port_t	clock_serv_t;
typedef mach_port_t	semaphore_t;
typedef mach_port_t	io_main_t;
typedef mach_port_t	io_master_t;

#define TASK_NULL	((task_t) 0)
#define THREAD_NULL	((thread_t) 0)
#define HOST_NULL	((host_t) 0)
#define VM_MAP_NULL	((vm_map_t) 0)

#endif
