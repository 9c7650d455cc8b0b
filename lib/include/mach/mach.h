/* mach/mach.h for libIOKit on Linux: the Mach subset IOKit programs use
 * (types, return codes, mach_task_self(), port user references, error
 * strings, vm_allocate/vm_deallocate, mach_msg receive on notification
 * ports).  There is no Mach IPC underneath: port names are libIOKit's
 * per-process handles. */
#ifndef _MACH_H_
#define _MACH_H_

#include <mach/boolean.h>
#include <mach/error.h>
#include <mach/kern_return.h>
#include <mach/mach_error.h>
#include <mach/mach_init.h>
#include <mach/mach_port.h>
#include <mach/mach_types.h>
#include <mach/message.h>
#include <mach/mig_errors.h>
#include <mach/port.h>
#include <mach/vm_types.h>
#include <mach/vm_map.h>
#include <mach/vm_statistics.h>

#endif
