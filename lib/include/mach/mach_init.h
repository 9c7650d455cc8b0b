/* mach/mach_init.h (subset): the task's own port name.  As on macOS,
 * mach_task_self() reads the mach_task_self_ variable; the function of the
 * same name exists too (for bindings that look it up by name, and for
 * (mach_task_self)() calls).  bootstrap_port is a send right IOKit calls
 * accept and ignore, as IOMasterPort does on macOS. */
#ifndef _MACH_INIT_H_
#define _MACH_INIT_H_

#include <mach/mach_types.h>
#include <mach/vm_types.h>

#ifdef __cplusplus
extern "C" {
#endif

extern mach_port_t mach_task_self_;
extern mach_port_t mach_task_self(void);
#define mach_task_self()	mach_task_self_
extern mach_port_t bootstrap_port;
extern vm_size_t vm_page_size;
extern vm_size_t vm_page_mask;
extern int vm_page_shift;
#define current_task()		mach_task_self()

#ifdef __cplusplus
}
#endif

#endif
