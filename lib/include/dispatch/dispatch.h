/* dispatch/dispatch.h for libIOKit on Linux: the small part of libdispatch
 * that IONotificationPortSetDispatchQueue needs.
 *
 * Queues are serial (work items run one at a time, in order), each with
 * its own thread, started at dispatch_queue_create and ended once the last
 * reference is released and the queued work has run.  There are no
 * blocks (GCC has none: use the _f functions), no concurrent queues, no
 * main queue, no sources, groups or semaphores. */
#ifndef __DISPATCH_PUBLIC__
#define __DISPATCH_PUBLIC__

#ifdef __cplusplus
extern "C" {
#endif

typedef struct dispatch_queue_s *dispatch_queue_t;
typedef struct dispatch_queue_attr_s *dispatch_queue_attr_t;
typedef void (*dispatch_function_t)(void *context);

#define DISPATCH_QUEUE_SERIAL ((dispatch_queue_attr_t)0)

/* attr must be DISPATCH_QUEUE_SERIAL.  NULL when no thread can start. */
dispatch_queue_t dispatch_queue_create(const char *label, dispatch_queue_attr_t attr);
const char *dispatch_queue_get_label(dispatch_queue_t queue);
void dispatch_retain(dispatch_queue_t queue);
void dispatch_release(dispatch_queue_t queue);
/* Runs work(context) on the queue's thread, after what was queued before. */
void dispatch_async_f(dispatch_queue_t queue, void *context, dispatch_function_t work);
/* The same, and waits until it has run.  Calling it from the queue's own
 * thread deadlocks, as with libdispatch. */
void dispatch_sync_f(dispatch_queue_t queue, void *context, dispatch_function_t work);

#ifdef __cplusplus
}
#endif

#endif
