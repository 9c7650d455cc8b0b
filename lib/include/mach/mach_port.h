/* mach/mach_port.h (subset): user-reference calls on this process's port
 * names.  In libIOKit the names are its own handles (registry entries,
 * iterators, connections, notification ports), so these calls behave for
 * IOKit handles as they do on macOS. */
#ifndef _MACH_MACH_PORT_H_
#define _MACH_MACH_PORT_H_

#include <mach/mach_types.h>
#include <mach/message.h>

#ifdef __cplusplus
extern "C" {
#endif

kern_return_t mach_port_deallocate(ipc_space_t task, mach_port_name_t name);
kern_return_t mach_port_mod_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right, mach_port_delta_t delta);
kern_return_t mach_port_get_refs(ipc_space_t task, mach_port_name_t name,
				 mach_port_right_t right, mach_port_urefs_t *refs);
/* Only MACH_PORT_RIGHT_RECEIVE is supported: a receive right with no
 * messages (IOKit's notification ports are built on it). */
kern_return_t mach_port_allocate(ipc_space_t task, mach_port_right_t right,
				 mach_port_name_t *name);
kern_return_t mach_port_type(ipc_space_t task, mach_port_name_t name,
			     mach_port_type_t *ptype);
/* Every live name of the task and its type, in two arrays the caller
 * frees with vm_deallocate (count * sizeof element bytes). */
kern_return_t mach_port_names(ipc_space_t task, mach_port_name_array_t *names,
			      mach_msg_type_number_t *namesCnt, mach_port_type_array_t *types,
			      mach_msg_type_number_t *typesCnt);
kern_return_t mach_port_destroy(ipc_space_t task, mach_port_name_t name);

#ifdef __cplusplus
}
#endif

#endif
