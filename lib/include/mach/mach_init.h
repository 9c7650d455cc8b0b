/* mach/mach_init.h (subset): the task's own port name.  As on macOS,
 * mach_task_self() reads the mach_task_self_ variable. */
#ifndef _MACH_INIT_H_
#define _MACH_INIT_H_

#include <mach/mach_types.h>

#ifdef __cplusplus
extern "C" {
#endif

extern mach_port_t mach_task_self_;
#define mach_task_self()	mach_task_self_
#define current_task()		mach_task_self()

#ifdef __cplusplus
}
#endif

#endif
