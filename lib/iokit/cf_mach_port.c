/* CFMachPort (CoreFoundation/CFMachPort.h) over libIOKit's receive rights:
 * the run-loop source is the right's notify descriptor; when it is
 * readable the callout gets a header naming the right, as mach_msg would
 * give it.  A CFMachPort is used from one run loop; the port table keeps
 * the right's descriptor alive until the right is destroyed. */
#include "iokit_internal.h"

#include <pthread.h>
#include <string.h>

#include <CoreFoundation/CFMachPort.h>
#include <IOKit/OSMessageNotification.h>
#include <mach/mach.h>

#include "cf_internal.h"
#include "cf_runloop_internal.h"

struct __CFMachPort {
	CFRuntimeBase base;
	mach_port_t name;
	bool owns_right;		/* CFMachPortCreate made it */
	bool valid;
	int fd;
	CFMachPortCallBack callout;
	CFMachPortContext context;
	CFRunLoopSourceRef source;	/* made once, owned */
};

static void mach_port_finalize(CFTypeRef cf)
{
	struct __CFMachPort *p = (struct __CFMachPort *)cf;

	if (p->source) {
		CFRunLoopSourceInvalidate(p->source);
		CFRelease(p->source);
	}
	if (p->context.release && p->context.info)
		p->context.release(p->context.info);
	if (p->owns_right)
		mach_port_mod_refs(mach_task_self(), p->name, MACH_PORT_RIGHT_RECEIVE, -1);
}

static const struct cf_class mach_port_class = {
	.name = "CFMachPort", .finalize = mach_port_finalize,
};
static pthread_once_t once = PTHREAD_ONCE_INIT;
static CFTypeID cf_mach_port_type;

static void init_type(void)
{
	cf_mach_port_type = cf_register_class(&mach_port_class);
}

CFTypeID CFMachPortGetTypeID(void)
{
	pthread_once(&once, init_type);
	return cf_mach_port_type;
}

CFMachPortRef CFMachPortCreateWithPort(CFAllocatorRef allocator, mach_port_t portNum,
				       CFMachPortCallBack callout, CFMachPortContext *context,
				       Boolean *shouldFreeInfo)
{
	struct __CFMachPort *p;
	int fd;

	(void)allocator;
	if (shouldFreeInfo)
		*shouldFreeInfo = true;
	fd = iokit_receive_right_fd(portNum);
	if (fd < 0)
		return NULL;
	p = cf_object_alloc(CFMachPortGetTypeID(), sizeof(*p), 0);
	if (!p)
		return NULL;
	p->name = portNum;
	p->fd = fd;
	p->valid = true;
	p->callout = callout;
	if (context) {
		p->context = *context;
		if (p->context.retain && p->context.info)
			p->context.info = (void *)p->context.retain(p->context.info);
	}
	if (shouldFreeInfo)
		*shouldFreeInfo = false;
	return p;
}

CFMachPortRef CFMachPortCreate(CFAllocatorRef allocator, CFMachPortCallBack callout,
			       CFMachPortContext *context, Boolean *shouldFreeInfo)
{
	mach_port_t name = MACH_PORT_NULL;
	struct __CFMachPort *p;

	if (shouldFreeInfo)
		*shouldFreeInfo = true;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &name) != KERN_SUCCESS)
		return NULL;
	p = (struct __CFMachPort *)CFMachPortCreateWithPort(allocator, name, callout, context,
							    shouldFreeInfo);
	if (!p) {
		mach_port_mod_refs(mach_task_self(), name, MACH_PORT_RIGHT_RECEIVE, -1);
		return NULL;
	}
	p->owns_right = true;
	return p;
}

mach_port_t CFMachPortGetPort(CFMachPortRef port)
{
	cf_check(port, CFMachPortGetTypeID(), __func__);
	return port->name;
}

void CFMachPortGetContext(CFMachPortRef port, CFMachPortContext *context)
{
	cf_check(port, CFMachPortGetTypeID(), __func__);
	if (context)
		*context = port->context;
}

void CFMachPortInvalidate(CFMachPortRef port)
{
	cf_check(port, CFMachPortGetTypeID(), __func__);
	port->valid = false;
	if (port->source)
		CFRunLoopSourceInvalidate(port->source);
}

Boolean CFMachPortIsValid(CFMachPortRef port)
{
	cf_check(port, CFMachPortGetTypeID(), __func__);
	return port->valid;
}

static void source_perform(void *info)
{
	struct __CFMachPort *p = info;
	mach_msg_header_t h;

	if (!p->valid)
		return;
	memset(&h, 0, sizeof(h));
	h.msgh_size = sizeof(h);
	h.msgh_local_port = p->name;
	h.msgh_id = kOSNotificationMessageID;
	if (p->callout)
		p->callout(p, &h, sizeof(h), p->context.info);
}

CFRunLoopSourceRef CFMachPortCreateRunLoopSource(CFAllocatorRef allocator, CFMachPortRef port,
						 CFIndex order)
{
	(void)allocator;
	cf_check(port, CFMachPortGetTypeID(), __func__);
	if (!port->valid)
		return NULL;
	if (!port->source)
		port->source = cf_runloop_fd_source_create(port->fd, order, source_perform, port);
	return port->source ? (CFRunLoopSourceRef)CFRetain(port->source) : NULL;
}
