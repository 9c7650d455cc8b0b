/* The IOKit main port.  There is one per process, a name of its own kind;
 * every call that takes a main port also takes MACH_PORT_NULL (what
 * kIOMainPortDefault is) to mean it. */
#include "iokit_internal.h"

#include <mach/mach.h>

const mach_port_t kIOMainPortDefault = MACH_PORT_NULL;
const mach_port_t kIOMasterPortDefault = MACH_PORT_NULL;

/* The state of the main port's name: nothing, but the table wants a
 * pointer. */
static char main_port_state;

static void main_port_destroy(void *state)
{
	(void)state;
}

kern_return_t IOMainPort(mach_port_t bootstrapPort, mach_port_t *mainPort)
{
	bool inserted;
	kern_return_t kr;

	(void)bootstrapPort;	/* ignored outside the simulator, as on macOS */
	if (!mainPort)
		return kIOReturnBadArgument;
	kr = port_table_insert_keyed(PORT_KIND_MAIN_PORT, 0, &main_port_state,
				     main_port_destroy, mainPort, &inserted);
	if (kr != KERN_SUCCESS)
		*mainPort = MACH_PORT_NULL;
	return kr;
}

kern_return_t IOMasterPort(mach_port_t bootstrapPort, mach_port_t *mainPort)
{
	return IOMainPort(bootstrapPort, mainPort);
}

kern_return_t iokit_check_main_port(mach_port_t port)
{
	struct port_hold hold;
	kern_return_t kr;

	if (port == MACH_PORT_NULL)
		return KERN_SUCCESS;
	kr = port_table_hold(port, PORT_KINDS_ANY, &hold);
	if (kr != KERN_SUCCESS)
		return MACH_SEND_INVALID_DEST;
	kr = hold.kind == PORT_KIND_MAIN_PORT ? KERN_SUCCESS : kIOReturnNotPrivileged;
	port_table_unhold(&hold);
	return kr;
}
