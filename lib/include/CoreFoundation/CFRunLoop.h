/* CoreFoundation/CFRunLoop.h for libIOKit on Linux: the run-loop subset
 * IOKit programs use (IONotificationPortGetRunLoopSource).
 *
 * Each thread has its own run loop, made at the first CFRunLoopGetCurrent;
 * CFRunLoopGetMain is the process's main thread's.  A run loop waits with
 * poll(2): sources are file descriptors underneath (a notification port's
 * is its MNT/.iokit/notify descriptor) or version-0 sources that another
 * thread signals.  Modes work as on macOS: a source added to
 * kCFRunLoopCommonModes is active in every common mode, and the only
 * common mode is kCFRunLoopDefaultMode.  Timers fire on the loop that
 * runs in their mode (a repeating timer that fell behind skips the missed
 * fires, as CF's do), and CFRunLoopPerformBlock runs blocks there at the
 * start of the next turn.  There are no observers. */
#ifndef __COREFOUNDATION_CFRUNLOOP__
#define __COREFOUNDATION_CFRUNLOOP__

#include <CoreFoundation/CFBase.h>
#include <CoreFoundation/CFArray.h>
#include <CoreFoundation/CFDate.h>
#include <CoreFoundation/CFString.h>
#include <mach/port.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __CFRunLoop *CFRunLoopRef;
typedef struct __CFRunLoopSource *CFRunLoopSourceRef;
typedef CFStringRef CFRunLoopMode;

/* CFRunLoopRunInMode's answers. */
typedef enum {
	kCFRunLoopRunFinished = 1,	/* no source in the mode */
	kCFRunLoopRunStopped = 2,	/* CFRunLoopStop */
	kCFRunLoopRunTimedOut = 3,	/* the time given passed */
	kCFRunLoopRunHandledSource = 4	/* one source ran (returnAfterSourceHandled) */
} CFRunLoopRunResult;

CF_EXPORT const CFRunLoopMode kCFRunLoopDefaultMode;
CF_EXPORT const CFRunLoopMode kCFRunLoopCommonModes;

CF_EXPORT CFTypeID CFRunLoopGetTypeID(void);
CF_EXPORT CFRunLoopRef CFRunLoopGetCurrent(void);
CF_EXPORT CFRunLoopRef CFRunLoopGetMain(void);
CF_EXPORT CFRunLoopMode CFRunLoopCopyCurrentMode(CFRunLoopRef rl);

/* Runs the current thread's loop in the default mode until it is stopped
 * or has no sources left. */
CF_EXPORT void CFRunLoopRun(void);
CF_EXPORT CFRunLoopRunResult CFRunLoopRunInMode(CFRunLoopMode mode, CFTimeInterval seconds,
						Boolean returnAfterSourceHandled);
CF_EXPORT void CFRunLoopStop(CFRunLoopRef rl);
CF_EXPORT void CFRunLoopWakeUp(CFRunLoopRef rl);
CF_EXPORT Boolean CFRunLoopIsWaiting(CFRunLoopRef rl);

CF_EXPORT void CFRunLoopAddSource(CFRunLoopRef rl, CFRunLoopSourceRef source, CFRunLoopMode mode);
CF_EXPORT void CFRunLoopRemoveSource(CFRunLoopRef rl, CFRunLoopSourceRef source,
				     CFRunLoopMode mode);
CF_EXPORT Boolean CFRunLoopContainsSource(CFRunLoopRef rl, CFRunLoopSourceRef source,
					  CFRunLoopMode mode);

/* Version-0 sources: perform runs on the loop after CFRunLoopSourceSignal. */
typedef struct {
	CFIndex version;	/* 0 */
	void *info;
	const void *(*retain)(const void *info);
	void (*release)(const void *info);
	CFStringRef (*copyDescription)(const void *info);
	Boolean (*equal)(const void *info1, const void *info2);
	CFHashCode (*hash)(const void *info);
	void (*schedule)(void *info, CFRunLoopRef rl, CFRunLoopMode mode);
	void (*cancel)(void *info, CFRunLoopRef rl, CFRunLoopMode mode);
	void (*perform)(void *info);
} CFRunLoopSourceContext;

CF_EXPORT CFTypeID CFRunLoopSourceGetTypeID(void);
CF_EXPORT CFRunLoopSourceRef CFRunLoopSourceCreate(CFAllocatorRef allocator, CFIndex order,
						   CFRunLoopSourceContext *context);
CF_EXPORT CFIndex CFRunLoopSourceGetOrder(CFRunLoopSourceRef source);
/* Removes the source from every run loop; it never fires again. */
CF_EXPORT void CFRunLoopSourceInvalidate(CFRunLoopSourceRef source);
CF_EXPORT Boolean CFRunLoopSourceIsValid(CFRunLoopSourceRef source);
CF_EXPORT void CFRunLoopSourceSignal(CFRunLoopSourceRef source);

/* Timers.  fireDate is an absolute time (CFAbsoluteTimeGetCurrent);
 * interval > 0 repeats. */
typedef struct __CFRunLoopTimer *CFRunLoopTimerRef;
typedef void (*CFRunLoopTimerCallBack)(CFRunLoopTimerRef timer, void *info);
typedef struct {
	CFIndex version;	/* 0 */
	void *info;
	const void *(*retain)(const void *info);
	void (*release)(const void *info);
	CFStringRef (*copyDescription)(const void *info);
} CFRunLoopTimerContext;

CF_EXPORT CFTypeID CFRunLoopTimerGetTypeID(void);
CF_EXPORT CFRunLoopTimerRef CFRunLoopTimerCreate(CFAllocatorRef allocator, CFAbsoluteTime fireDate,
						 CFTimeInterval interval, CFOptionFlags flags,
						 CFIndex order, CFRunLoopTimerCallBack callout,
						 CFRunLoopTimerContext *context);
CF_EXPORT void CFRunLoopAddTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFRunLoopMode mode);
CF_EXPORT void CFRunLoopRemoveTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer,
				    CFRunLoopMode mode);
CF_EXPORT Boolean CFRunLoopContainsTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer,
					 CFRunLoopMode mode);
/* Removes the timer from every loop; it never fires again. */
CF_EXPORT void CFRunLoopTimerInvalidate(CFRunLoopTimerRef timer);
CF_EXPORT Boolean CFRunLoopTimerIsValid(CFRunLoopTimerRef timer);
CF_EXPORT CFAbsoluteTime CFRunLoopTimerGetNextFireDate(CFRunLoopTimerRef timer);
CF_EXPORT void CFRunLoopTimerSetNextFireDate(CFRunLoopTimerRef timer, CFAbsoluteTime fireDate);
CF_EXPORT CFTimeInterval CFRunLoopTimerGetInterval(CFRunLoopTimerRef timer);
CF_EXPORT Boolean CFRunLoopTimerDoesRepeat(CFRunLoopTimerRef timer);
CF_EXPORT CFIndex CFRunLoopTimerGetOrder(CFRunLoopTimerRef timer);
CF_EXPORT void CFRunLoopTimerGetContext(CFRunLoopTimerRef timer, CFRunLoopTimerContext *context);

/* Runs block on rl's thread at the start of its next turn in mode (a mode,
 * kCFRunLoopCommonModes, or an array of modes whose first is used).  The
 * block is copied with the blocks runtime (_Block_copy) when the program
 * has one.  CFRunLoopWakeUp makes a waiting loop run it. */
#if defined(__BLOCKS__)
CF_EXPORT void CFRunLoopPerformBlock(CFRunLoopRef rl, CFTypeRef mode, void (^block)(void));
#else
CF_EXPORT void CFRunLoopPerformBlock(CFRunLoopRef rl, CFTypeRef mode, void *block);
#endif

#ifdef __cplusplus
}
#endif

#endif
