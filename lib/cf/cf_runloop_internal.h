/* What libIOKit needs of the run loop beyond CFRunLoop.h.  Not installed. */
#ifndef IOKITFS_LIB_CF_RUNLOOP_INTERNAL_H
#define IOKITFS_LIB_CF_RUNLOOP_INTERNAL_H

#include <CoreFoundation/CFRunLoop.h>

/* A source that runs perform(info) on its run loop whenever fd is
 * readable (a notification port's descriptor).  The source does not own
 * fd or info.  +1, NULL when out of memory. */
CFRunLoopSourceRef cf_runloop_fd_source_create(int fd, CFIndex order, void (*perform)(void *info),
					       void *info);

#endif
