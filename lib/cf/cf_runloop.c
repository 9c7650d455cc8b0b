/* CFRunLoop: per-thread run loops that wait with poll(2) (see CFRunLoop.h).
 *
 * One process-wide mutex guards every loop's source list and every
 * source's flags: run loops are few and the lists short, and callouts
 * (perform) always run with it released, on a retained source, so a
 * callout may add, remove or invalidate sources, or stop its loop. */
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cf_internal.h"
#include "cf_runloop_internal.h"

static const struct __CFConstStr default_mode_str = {
	{ __kCFConstStrTypeID | __kCFRuntimeStaticFlag, 0 }, "kCFRunLoopDefaultMode", 21
};
static const struct __CFConstStr common_modes_str = {
	{ __kCFConstStrTypeID | __kCFRuntimeStaticFlag, 0 }, "kCFRunLoopCommonModes", 21
};
const CFRunLoopMode kCFRunLoopDefaultMode = (CFStringRef)&default_mode_str;
const CFRunLoopMode kCFRunLoopCommonModes = (CFStringRef)&common_modes_str;

struct __CFRunLoopSource {
	CFRuntimeBase base;
	CFIndex order;
	bool valid;
	bool signalled;			/* version 0: perform is due */
	int fd;				/* fd sources; -1 for version 0 */
	void (*fd_perform)(void *info);
	void *fd_info;
	CFRunLoopSourceContext context;	/* version 0 */
};

struct schedule {
	CFRunLoopSourceRef source;	/* retained */
	CFStringRef mode;		/* retained */
};

struct __CFRunLoopTimer {
	CFRuntimeBase base;
	bool valid;
	CFIndex order;
	CFAbsoluteTime fire;		/* next fire date (rl_lock) */
	CFTimeInterval interval;	/* <= 0: fires once */
	CFRunLoopTimerCallBack callout;
	CFRunLoopTimerContext context;
};

struct timer_schedule {
	CFRunLoopTimerRef timer;	/* retained */
	CFStringRef mode;		/* retained */
};

/* A block from CFRunLoopPerformBlock: the copied block and its mode. */
struct pending_block {
	void *block;			/* _Block_copy'd when the runtime has it */
	CFStringRef mode;		/* retained; kCFRunLoopCommonModes allowed */
	struct pending_block *next;
};

struct __CFRunLoop {
	CFRuntimeBase base;
	int wake_fd;			/* eventfd: CFRunLoopWakeUp, stop, new sources */
	bool stop;
	bool waiting;
	CFStringRef current_mode;	/* while running; not retained */
	struct schedule *items;
	size_t count, cap;
	struct timer_schedule *timers;
	size_t ntimers, timers_cap;
	struct pending_block *blocks, *blocks_tail;
};

static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t rl_once = PTHREAD_ONCE_INIT;
static pthread_key_t rl_key;
static void remember_loop(CFRunLoopRef rl);
static CFRunLoopRef main_loop;
static CFTypeID runloop_type, source_type;

/* Blocks, without compiler support: a block is an object whose fourth
 * field (after isa, flags, reserved) is its invoke function; a program
 * that makes blocks links the blocks runtime, whose _Block_copy and
 * _Block_release are found at run time. */
struct block_layout {
	void *isa;
	int flags;
	int reserved;
	void (*invoke)(void *block);
};

static void *(*block_copy_fn)(const void *);
static void (*block_release_fn)(const void *);
static pthread_once_t block_once = PTHREAD_ONCE_INIT;

static void block_runtime_init(void)
{
	block_copy_fn = (void *(*)(const void *))dlsym(RTLD_DEFAULT, "_Block_copy");
	block_release_fn = (void (*)(const void *))dlsym(RTLD_DEFAULT, "_Block_release");
}

static void *block_copy(void *block)
{
	pthread_once(&block_once, block_runtime_init);
	return block_copy_fn ? block_copy_fn(block) : block;
}

static void block_release(void *block)
{
	pthread_once(&block_once, block_runtime_init);
	if (block_release_fn && block_copy_fn)
		block_release_fn(block);
}

static void timer_finalize(CFTypeRef cf)
{
	CFRunLoopTimerRef t = (CFRunLoopTimerRef)cf;

	if (t->context.release && t->context.info)
		t->context.release(t->context.info);
}

static void runloop_finalize(CFTypeRef cf)
{
	CFRunLoopRef rl = (CFRunLoopRef)cf;

	for (size_t i = 0; i < rl->count; i++) {
		CFRelease(rl->items[i].source);
		CFRelease(rl->items[i].mode);
	}
	free(rl->items);
	for (size_t i = 0; i < rl->ntimers; i++) {
		CFRelease(rl->timers[i].timer);
		CFRelease(rl->timers[i].mode);
	}
	free(rl->timers);
	while (rl->blocks) {
		struct pending_block *b = rl->blocks;

		rl->blocks = b->next;
		block_release(b->block);
		CFRelease(b->mode);
		free(b);
	}
	if (rl->wake_fd >= 0)
		close(rl->wake_fd);
}

static void source_finalize(CFTypeRef cf)
{
	CFRunLoopSourceRef s = (CFRunLoopSourceRef)cf;

	if (s->context.release && s->context.info)
		s->context.release(s->context.info);
}

static const struct cf_class runloop_class = { .name = "CFRunLoop", .finalize = runloop_finalize };
static const struct cf_class timer_class = {
	.name = "CFRunLoopTimer", .finalize = timer_finalize,
};
static CFTypeID timer_type;
static const struct cf_class source_class = {
	.name = "CFRunLoopSource", .finalize = source_finalize,
};

static void forget_loop(CFRunLoopRef rl);

static void thread_loop_gone(void *data)
{
	if (data && data != main_loop) {
		forget_loop(data);
		CFRelease(data);
	}
}

static void rl_init(void)
{
	runloop_type = cf_register_class(&runloop_class);
	source_type = cf_register_class(&source_class);
	timer_type = cf_register_class(&timer_class);
	pthread_key_create(&rl_key, thread_loop_gone);
}

CFTypeID CFRunLoopGetTypeID(void)
{
	pthread_once(&rl_once, rl_init);
	return runloop_type;
}

CFTypeID CFRunLoopSourceGetTypeID(void)
{
	pthread_once(&rl_once, rl_init);
	return source_type;
}

static CFRunLoopRef runloop_new(void)
{
	CFRunLoopRef rl = cf_object_alloc(CFRunLoopGetTypeID(), sizeof(*rl), 0);

	if (!rl)
		cf_fatal("CFRunLoop: out of memory");
	rl->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (rl->wake_fd < 0)
		cf_fatal("CFRunLoop: eventfd: %s", strerror(errno));
	return rl;
}

static bool is_main_thread(void)
{
	return (pid_t)syscall(SYS_gettid) == getpid();
}

CFRunLoopRef CFRunLoopGetMain(void)
{
	pthread_once(&rl_once, rl_init);
	pthread_mutex_lock(&rl_lock);
	if (!main_loop)
		main_loop = runloop_new();
	pthread_mutex_unlock(&rl_lock);
	return main_loop;
}

CFRunLoopRef CFRunLoopGetCurrent(void)
{
	CFRunLoopRef rl;

	pthread_once(&rl_once, rl_init);
	rl = pthread_getspecific(rl_key);
	if (rl)
		return rl;
	rl = is_main_thread() ? CFRunLoopGetMain() : runloop_new();
	pthread_setspecific(rl_key, rl);
	return rl;
}

CFRunLoopMode CFRunLoopCopyCurrentMode(CFRunLoopRef rl)
{
	CFStringRef mode;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	mode = rl->current_mode ? CFRetain(rl->current_mode) : NULL;
	pthread_mutex_unlock(&rl_lock);
	return mode;
}

void CFRunLoopWakeUp(CFRunLoopRef rl)
{
	uint64_t one = 1;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	if (write(rl->wake_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		cf_fatal("CFRunLoopWakeUp: %s", strerror(errno));
}

void CFRunLoopStop(CFRunLoopRef rl)
{
	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	rl->stop = true;
	pthread_mutex_unlock(&rl_lock);
	CFRunLoopWakeUp(rl);
}

Boolean CFRunLoopIsWaiting(CFRunLoopRef rl)
{
	bool waiting;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	waiting = rl->waiting;
	pthread_mutex_unlock(&rl_lock);
	return waiting;
}

/* ---- scheduling (rl_lock held) ---- */

static bool is_common(CFStringRef mode)
{
	return CFEqual(mode, kCFRunLoopCommonModes);
}

/* Whether a source scheduled in `scheduled` runs when the loop runs in
 * `running`. */
static bool mode_active(CFStringRef scheduled, CFStringRef running)
{
	if (CFEqual(scheduled, running))
		return true;
	return is_common(scheduled) &&
	       (CFEqual(running, kCFRunLoopDefaultMode) || is_common(running));
}

static ssize_t find(CFRunLoopRef rl, CFRunLoopSourceRef s, CFStringRef mode)
{
	for (size_t i = 0; i < rl->count; i++)
		if (rl->items[i].source == s && CFEqual(rl->items[i].mode, mode))
			return (ssize_t)i;
	return -1;
}

void CFRunLoopAddSource(CFRunLoopRef rl, CFRunLoopSourceRef source, CFRunLoopMode mode)
{
	void (*schedule)(void *, CFRunLoopRef, CFRunLoopMode) = NULL;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	cf_check(source, CFRunLoopSourceGetTypeID(), __func__);
	cf_check(mode, CFStringGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	if (!source->valid || find(rl, source, mode) >= 0) {
		pthread_mutex_unlock(&rl_lock);
		return;
	}
	if (rl->count == rl->cap) {
		size_t cap = rl->cap ? rl->cap * 2 : 8;
		struct schedule *grown = realloc(rl->items, cap * sizeof(*grown));

		if (!grown)
			cf_fatal("CFRunLoopAddSource: out of memory");
		rl->items = grown;
		rl->cap = cap;
	}
	rl->items[rl->count++] = (struct schedule){
		.source = (CFRunLoopSourceRef)CFRetain(source), .mode = CFStringCreateCopy(NULL, mode),
	};
	remember_loop(rl);
	schedule = source->fd < 0 ? source->context.schedule : NULL;
	pthread_mutex_unlock(&rl_lock);
	if (schedule)
		schedule(source->context.info, rl, mode);
	CFRunLoopWakeUp(rl);	/* a waiting loop polls the new source too */
}

/* Takes item i out of rl.  rl_lock held; the caller releases *out. */
static void unschedule(CFRunLoopRef rl, size_t i, struct schedule *out)
{
	*out = rl->items[i];
	memmove(rl->items + i, rl->items + i + 1, (rl->count - i - 1) * sizeof(*rl->items));
	rl->count--;
}

static void cancelled(CFRunLoopRef rl, struct schedule *item)
{
	CFRunLoopSourceRef s = item->source;

	if (s->fd < 0 && s->context.cancel)
		s->context.cancel(s->context.info, rl, item->mode);
	CFRelease(item->mode);
	CFRelease(s);
}

void CFRunLoopRemoveSource(CFRunLoopRef rl, CFRunLoopSourceRef source, CFRunLoopMode mode)
{
	struct schedule item;
	ssize_t i;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	cf_check(source, CFRunLoopSourceGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	i = find(rl, source, mode);
	if (i < 0) {
		pthread_mutex_unlock(&rl_lock);
		return;
	}
	unschedule(rl, (size_t)i, &item);
	pthread_mutex_unlock(&rl_lock);
	cancelled(rl, &item);
}

Boolean CFRunLoopContainsSource(CFRunLoopRef rl, CFRunLoopSourceRef source, CFRunLoopMode mode)
{
	bool found = false;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	for (size_t i = 0; i < rl->count && !found; i++)
		found = rl->items[i].source == source && mode_active(rl->items[i].mode, mode);
	pthread_mutex_unlock(&rl_lock);
	return found;
}

/* ---- sources ---- */

static CFRunLoopSourceRef source_new(CFIndex order)
{
	CFRunLoopSourceRef s = cf_object_alloc(CFRunLoopSourceGetTypeID(), sizeof(*s), 0);

	if (!s)
		return NULL;
	s->order = order;
	s->valid = true;
	s->fd = -1;
	return s;
}

CFRunLoopSourceRef CFRunLoopSourceCreate(CFAllocatorRef allocator, CFIndex order,
					 CFRunLoopSourceContext *context)
{
	CFRunLoopSourceRef s;

	(void)allocator;
	if (!context || context->version != 0)
		return NULL;	/* version-1 (Mach port) sources do not exist here */
	s = source_new(order);
	if (!s)
		return NULL;
	s->context = *context;
	if (s->context.retain && s->context.info)
		s->context.info = (void *)s->context.retain(s->context.info);
	return s;
}

CFRunLoopSourceRef cf_runloop_fd_source_create(int fd, CFIndex order, void (*perform)(void *info),
					       void *info)
{
	CFRunLoopSourceRef s = source_new(order);

	if (!s)
		return NULL;
	s->fd = fd;
	s->fd_perform = perform;
	s->fd_info = info;
	return s;
}

CFIndex CFRunLoopSourceGetOrder(CFRunLoopSourceRef source)
{
	cf_check(source, CFRunLoopSourceGetTypeID(), __func__);
	return source->order;
}

Boolean CFRunLoopSourceIsValid(CFRunLoopSourceRef source)
{
	bool valid;

	cf_check(source, CFRunLoopSourceGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	valid = source->valid;
	pthread_mutex_unlock(&rl_lock);
	return valid;
}

/* Every loop the source is scheduled in: the main loop and the loops of
 * threads are not listed anywhere, so sources remember nothing and the
 * loops are searched through the registry of live loops below. */
static CFRunLoopRef *loops;
static size_t nloops, loops_cap;

static void remember_loop(CFRunLoopRef rl)
{
	for (size_t i = 0; i < nloops; i++)
		if (loops[i] == rl)
			return;
	if (nloops == loops_cap) {
		size_t cap = loops_cap ? loops_cap * 2 : 8;
		CFRunLoopRef *grown = realloc(loops, cap * sizeof(*grown));

		if (!grown)
			cf_fatal("CFRunLoop: out of memory");
		loops = grown;
		loops_cap = cap;
	}
	loops[nloops++] = rl;
}

static void forget_loop(CFRunLoopRef rl)
{
	pthread_mutex_lock(&rl_lock);
	for (size_t i = 0; i < nloops; i++)
		if (loops[i] == rl)
			loops[i] = loops[--nloops];
	pthread_mutex_unlock(&rl_lock);
}

void CFRunLoopSourceInvalidate(CFRunLoopSourceRef source)
{
	cf_check(source, CFRunLoopSourceGetTypeID(), __func__);
	CFRetain(source);
	pthread_mutex_lock(&rl_lock);
	source->valid = false;
	for (size_t l = 0; l < nloops; l++) {
		CFRunLoopRef rl = loops[l];

		for (size_t i = rl->count; i-- > 0;) {
			struct schedule item;

			if (rl->items[i].source != source)
				continue;
			unschedule(rl, i, &item);
			pthread_mutex_unlock(&rl_lock);
			cancelled(rl, &item);
			pthread_mutex_lock(&rl_lock);
			i = rl->count < i ? rl->count : i;
		}
	}
	pthread_mutex_unlock(&rl_lock);
	CFRelease(source);
}

void CFRunLoopSourceSignal(CFRunLoopSourceRef source)
{
	cf_check(source, CFRunLoopSourceGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	source->signalled = true;
	pthread_mutex_unlock(&rl_lock);
}

/* ---- timers ---- */

CFTypeID CFRunLoopTimerGetTypeID(void)
{
	pthread_once(&rl_once, rl_init);
	return timer_type;
}

CFRunLoopTimerRef CFRunLoopTimerCreate(CFAllocatorRef allocator, CFAbsoluteTime fireDate,
				       CFTimeInterval interval, CFOptionFlags flags, CFIndex order,
				       CFRunLoopTimerCallBack callout,
				       CFRunLoopTimerContext *context)
{
	CFRunLoopTimerRef t;

	(void)allocator;
	(void)flags;
	t = cf_object_alloc(CFRunLoopTimerGetTypeID(), sizeof(*t), 0);
	if (!t)
		return NULL;
	t->valid = true;
	t->order = order;
	t->fire = fireDate;
	t->interval = interval > 0 ? interval : 0;
	t->callout = callout;
	if (context) {
		t->context = *context;
		if (t->context.retain && t->context.info)
			t->context.info = (void *)t->context.retain(t->context.info);
	}
	return t;
}

static ssize_t find_timer(CFRunLoopRef rl, CFRunLoopTimerRef t, CFStringRef mode)
{
	for (size_t i = 0; i < rl->ntimers; i++)
		if (rl->timers[i].timer == t && CFEqual(rl->timers[i].mode, mode))
			return (ssize_t)i;
	return -1;
}

void CFRunLoopAddTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFRunLoopMode mode)
{
	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	cf_check(mode, CFStringGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	if (timer->valid && find_timer(rl, timer, mode) < 0) {
		if (rl->ntimers == rl->timers_cap) {
			size_t cap = rl->timers_cap ? rl->timers_cap * 2 : 4;
			struct timer_schedule *grown = realloc(rl->timers, cap * sizeof(*grown));

			if (!grown)
				cf_fatal("CFRunLoop: out of memory");
			rl->timers = grown;
			rl->timers_cap = cap;
		}
		rl->timers[rl->ntimers].timer = (CFRunLoopTimerRef)CFRetain(timer);
		rl->timers[rl->ntimers].mode = CFStringCreateCopy(NULL, mode);
		rl->ntimers++;
		remember_loop(rl);
	}
	pthread_mutex_unlock(&rl_lock);
	CFRunLoopWakeUp(rl);
}

/* Removes entry i (rl_lock held); the caller releases *out unlocked. */
static void unschedule_timer(CFRunLoopRef rl, size_t i, struct timer_schedule *out)
{
	*out = rl->timers[i];
	rl->timers[i] = rl->timers[--rl->ntimers];
}

void CFRunLoopRemoveTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFRunLoopMode mode)
{
	struct timer_schedule item = { 0 };
	ssize_t i;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	i = find_timer(rl, timer, mode);
	if (i >= 0)
		unschedule_timer(rl, (size_t)i, &item);
	pthread_mutex_unlock(&rl_lock);
	if (item.timer) {
		CFRelease(item.timer);
		CFRelease(item.mode);
	}
}

Boolean CFRunLoopContainsTimer(CFRunLoopRef rl, CFRunLoopTimerRef timer, CFRunLoopMode mode)
{
	bool found;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	found = find_timer(rl, timer, mode) >= 0;
	pthread_mutex_unlock(&rl_lock);
	return found;
}

void CFRunLoopTimerInvalidate(CFRunLoopTimerRef timer)
{
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	CFRetain(timer);
	pthread_mutex_lock(&rl_lock);
	timer->valid = false;
	for (size_t l = 0; l < nloops; l++) {
		CFRunLoopRef rl = loops[l];

		for (size_t i = rl->ntimers; i-- > 0;) {
			struct timer_schedule item;

			if (rl->timers[i].timer != timer)
				continue;
			unschedule_timer(rl, i, &item);
			pthread_mutex_unlock(&rl_lock);
			CFRelease(item.timer);
			CFRelease(item.mode);
			pthread_mutex_lock(&rl_lock);
			i = rl->ntimers < i ? rl->ntimers : i;
		}
	}
	pthread_mutex_unlock(&rl_lock);
	CFRelease(timer);
}

Boolean CFRunLoopTimerIsValid(CFRunLoopTimerRef timer)
{
	bool valid;

	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	valid = timer->valid;
	pthread_mutex_unlock(&rl_lock);
	return valid;
}

CFAbsoluteTime CFRunLoopTimerGetNextFireDate(CFRunLoopTimerRef timer)
{
	CFAbsoluteTime t;

	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	t = timer->fire;
	pthread_mutex_unlock(&rl_lock);
	return t;
}

void CFRunLoopTimerSetNextFireDate(CFRunLoopTimerRef timer, CFAbsoluteTime fireDate)
{
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	timer->fire = fireDate;
	for (size_t l = 0; l < nloops; l++)
		for (size_t i = 0; i < loops[l]->ntimers; i++)
			if (loops[l]->timers[i].timer == timer)
				(void)!write(loops[l]->wake_fd, &(uint64_t){ 1 }, sizeof(uint64_t));
	pthread_mutex_unlock(&rl_lock);
}

CFTimeInterval CFRunLoopTimerGetInterval(CFRunLoopTimerRef timer)
{
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	return timer->interval;
}

Boolean CFRunLoopTimerDoesRepeat(CFRunLoopTimerRef timer)
{
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	return timer->interval > 0;
}

CFIndex CFRunLoopTimerGetOrder(CFRunLoopTimerRef timer)
{
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	return timer->order;
}

void CFRunLoopTimerGetContext(CFRunLoopTimerRef timer, CFRunLoopTimerContext *context)
{
	cf_check(timer, CFRunLoopTimerGetTypeID(), __func__);
	if (context)
		*context = timer->context;
}

/* The earliest fire date of the valid timers active in mode (rl_lock
 * held), or HUGE_VAL. */
static CFAbsoluteTime next_timer(CFRunLoopRef rl, CFStringRef mode, size_t *active)
{
	CFAbsoluteTime first = HUGE_VAL;

	*active = 0;
	for (size_t i = 0; i < rl->ntimers; i++) {
		CFRunLoopTimerRef t = rl->timers[i].timer;

		if (!t->valid || !mode_active(rl->timers[i].mode, mode))
			continue;
		(*active)++;
		if (t->fire < first)
			first = t->fire;
	}
	return first;
}

/* Fires every due timer active in mode once, in order; a repeating one
 * moves to its next date after now (missed ones are skipped, as CF does),
 * a one-shot one is invalidated.  Returns how many fired. */
static size_t fire_timers(CFRunLoopRef rl, CFStringRef mode)
{
	CFAbsoluteTime now = CFAbsoluteTimeGetCurrent();
	CFRunLoopTimerRef due[16];
	size_t n = 0, fired = 0;

	pthread_mutex_lock(&rl_lock);
	for (size_t i = 0; i < rl->ntimers && n < 16; i++) {
		CFRunLoopTimerRef t = rl->timers[i].timer;
		bool dup = false;

		if (!t->valid || !mode_active(rl->timers[i].mode, mode) || t->fire > now)
			continue;
		for (size_t j = 0; j < n && !dup; j++)
			dup = due[j] == t;
		if (dup)
			continue;
		due[n++] = (CFRunLoopTimerRef)CFRetain(t);
		if (t->interval > 0) {
			double missed = (now - t->fire) / t->interval;

			t->fire += ((double)(long long)missed + 1) * t->interval;
		}
	}
	pthread_mutex_unlock(&rl_lock);
	for (size_t i = 0; i < n; i++) {
		CFRunLoopTimerRef t = due[i];

		if (CFRunLoopTimerIsValid(t)) {
			if (t->callout)
				t->callout(t, t->context.info);
			fired++;
			if (t->interval <= 0)
				CFRunLoopTimerInvalidate(t);
		}
		CFRelease(t);
	}
	return fired;
}

/* ---- blocks ---- */

void CFRunLoopPerformBlock(CFRunLoopRef rl, CFTypeRef mode, void *block)
{
	struct pending_block *b;

	cf_check(rl, CFRunLoopGetTypeID(), __func__);
	if (!block || !mode)
		return;
	b = calloc(1, sizeof(*b));
	if (!b)
		cf_fatal("CFRunLoopPerformBlock: out of memory");
	b->block = block_copy(block);
	/* A mode or an array of modes: the first one names it here. */
	if (CFGetTypeID(mode) == CFArrayGetTypeID() && CFArrayGetCount(mode) > 0)
		mode = CFArrayGetValueAtIndex(mode, 0);
	b->mode = CFStringCreateCopy(NULL, mode);
	pthread_mutex_lock(&rl_lock);
	if (rl->blocks_tail)
		rl->blocks_tail->next = b;
	else
		rl->blocks = b;
	rl->blocks_tail = b;
	pthread_mutex_unlock(&rl_lock);
}

static bool blocks_pending(CFRunLoopRef rl, CFStringRef mode)
{
	for (struct pending_block *b = rl->blocks; b; b = b->next)
		if (mode_active(b->mode, mode))
			return true;
	return false;
}

/* Runs the blocks queued for mode (those queued meanwhile wait for the
 * next turn), in order. */
static size_t perform_blocks(CFRunLoopRef rl, CFStringRef mode)
{
	struct pending_block *mine = NULL, **tail = &mine, **p;
	size_t ran = 0;

	pthread_mutex_lock(&rl_lock);
	for (p = &rl->blocks; *p;) {
		struct pending_block *b = *p;

		if (mode_active(b->mode, mode)) {
			*p = b->next;
			b->next = NULL;
			*tail = b;
			tail = &b->next;
		} else {
			p = &b->next;
		}
	}
	rl->blocks_tail = NULL;
	for (struct pending_block *b = rl->blocks; b; b = b->next)
		rl->blocks_tail = b;
	pthread_mutex_unlock(&rl_lock);
	while (mine) {
		struct pending_block *b = mine;

		mine = b->next;
		((struct block_layout *)b->block)->invoke(b->block);
		block_release(b->block);
		CFRelease(b->mode);
		free(b);
		ran++;
	}
	return ran;
}

/* ---- running ---- */

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int compare_order(const void *a, const void *b)
{
	CFIndex x = (*(CFRunLoopSourceRef const *)a)->order;
	CFIndex y = (*(CFRunLoopSourceRef const *)b)->order;

	return (x > y) - (x < y);
}

/* The sources active in mode, retained, by order.  rl_lock held. */
static size_t active_sources(CFRunLoopRef rl, CFStringRef mode, CFRunLoopSourceRef **out)
{
	CFRunLoopSourceRef *list = malloc((rl->count ? rl->count : 1) * sizeof(*list));
	size_t n = 0;

	if (!list)
		cf_fatal("CFRunLoop: out of memory");
	for (size_t i = 0; i < rl->count; i++) {
		CFRunLoopSourceRef s = rl->items[i].source;
		bool dup = false;

		if (!s->valid || !mode_active(rl->items[i].mode, mode))
			continue;
		for (size_t j = 0; j < n && !dup; j++)
			dup = list[j] == s;
		if (!dup)
			list[n++] = (CFRunLoopSourceRef)CFRetain(s);
	}
	qsort(list, n, sizeof(*list), compare_order);
	*out = list;
	return n;
}

static void release_all(CFRunLoopSourceRef *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		CFRelease(list[i]);
	free(list);
}

/* Runs what is due: signalled version-0 sources, and fd sources whose
 * descriptor poll found readable (ready[i], parallel to list).  An fd
 * source whose descriptor poll found dead (dead[i]: POLLERR, POLLHUP or
 * POLLNVAL, the daemon is gone) performs once more, so its owner reads the
 * end and tells its client, and is then invalidated: it leaves every run
 * loop instead of being found ready again at once forever.  Returns how
 * many ran. */
static size_t perform_due(CFRunLoopSourceRef *list, size_t n, const bool *ready,
			  const bool *dead)
{
	size_t ran = 0;

	for (size_t i = 0; i < n; i++) {
		CFRunLoopSourceRef s = list[i];
		bool due;

		pthread_mutex_lock(&rl_lock);
		due = s->valid && (s->fd < 0 ? s->signalled : ready && ready[i]);
		if (s->fd < 0)
			s->signalled = false;
		pthread_mutex_unlock(&rl_lock);
		if (!due)
			continue;
		if (s->fd >= 0)
			s->fd_perform(s->fd_info);
		else if (s->context.perform)
			s->context.perform(s->context.info);
		if (dead && dead[i])
			CFRunLoopSourceInvalidate(s);
		ran++;
	}
	return ran;
}

CFRunLoopRunResult CFRunLoopRunInMode(CFRunLoopMode mode, CFTimeInterval seconds,
				      Boolean returnAfterSourceHandled)
{
	CFRunLoopRef rl = CFRunLoopGetCurrent();
	double deadline = now_seconds() + (seconds > 0 ? seconds : 0);
	CFStringRef outer_mode;
	CFRunLoopRunResult result;

	cf_check(mode, CFStringGetTypeID(), __func__);
	pthread_mutex_lock(&rl_lock);
	remember_loop(rl);
	outer_mode = rl->current_mode;
	rl->current_mode = mode;
	pthread_mutex_unlock(&rl_lock);
	for (;;) {
		CFRunLoopSourceRef *list;
		struct pollfd *fds;
		bool *ready, *dead, signalled = false;
		size_t n, ran;
		double left, first_fire;
		size_t ntimers;
		int timeout;
		uint64_t drained;
		bool blocks;

		/* Blocks and due timers first, as CF's loop does each turn. */
		perform_blocks(rl, mode);
		fire_timers(rl, mode);
		pthread_mutex_lock(&rl_lock);
		if (rl->stop) {
			rl->stop = false;
			pthread_mutex_unlock(&rl_lock);
			result = kCFRunLoopRunStopped;
			break;
		}
		n = active_sources(rl, mode, &list);
		for (size_t i = 0; i < n; i++)
			signalled |= list[i]->fd < 0 && list[i]->signalled;
		first_fire = next_timer(rl, mode, &ntimers);
		blocks = blocks_pending(rl, mode);
		pthread_mutex_unlock(&rl_lock);
		if (n == 0 && ntimers == 0 && !blocks) {
			free(list);
			result = kCFRunLoopRunFinished;
			break;
		}
		if (signalled) {
			ran = perform_due(list, n, NULL, NULL);
			release_all(list, n);
			if (ran && returnAfterSourceHandled) {
				result = kCFRunLoopRunHandledSource;
				break;
			}
			continue;
		}
		fds = calloc(n + 1, sizeof(*fds));
		ready = calloc(n, sizeof(*ready));
		dead = calloc(n, sizeof(*dead));
		if (!fds || !ready || !dead)
			cf_fatal("CFRunLoop: out of memory");
		for (size_t i = 0; i < n; i++) {
			fds[i].fd = list[i]->fd;	/* -1: poll ignores it */
			fds[i].events = POLLIN;
		}
		fds[n].fd = rl->wake_fd;
		fds[n].events = POLLIN;
		left = deadline - now_seconds();
		if (ntimers && first_fire - CFAbsoluteTimeGetCurrent() < left)
			left = first_fire - CFAbsoluteTimeGetCurrent();
		if (blocks)
			left = 0;
		timeout = left <= 0 ? 0 : left > 2e6 ? 2000000000 : (int)(left * 1000.0 + 0.999);
		pthread_mutex_lock(&rl_lock);
		rl->waiting = true;
		pthread_mutex_unlock(&rl_lock);
		if (poll(fds, n + 1, timeout) < 0 && errno != EINTR)
			cf_fatal("CFRunLoop: poll: %s", strerror(errno));
		pthread_mutex_lock(&rl_lock);
		rl->waiting = false;
		pthread_mutex_unlock(&rl_lock);
		if (fds[n].revents & POLLIN)
			(void)!read(rl->wake_fd, &drained, sizeof(drained));
		for (size_t i = 0; i < n; i++) {
			dead[i] = list[i]->fd >= 0 &&
				  (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL));
			ready[i] = dead[i] || (list[i]->fd >= 0 && (fds[i].revents & POLLIN));
		}
		ran = perform_due(list, n, ready, dead);
		free(fds);
		free(ready);
		free(dead);
		release_all(list, n);
		if (ran && returnAfterSourceHandled) {
			result = kCFRunLoopRunHandledSource;
			break;
		}
		if (now_seconds() >= deadline) {
			result = kCFRunLoopRunTimedOut;
			break;
		}
	}
	pthread_mutex_lock(&rl_lock);
	rl->current_mode = outer_mode;
	pthread_mutex_unlock(&rl_lock);
	return result;
}

void CFRunLoopRun(void)
{
	CFRunLoopRunResult r;

	do
		r = CFRunLoopRunInMode(kCFRunLoopDefaultMode, 1e10, false);
	while (r != kCFRunLoopRunStopped && r != kCFRunLoopRunFinished);
}
