/* mach_error_string and friends: the texts macOS's libsystem gives for
 * kern, IPC, MIG and IOKit common codes (the strings are the interface;
 * the tables are written out here). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <IOKit/IOReturn.h>
#include <mach/mach_error.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NO_SUCH_ERROR "unknown error code"

static const char *const kern_codes[] = {
	"(os/kern) successful",
	"(os/kern) invalid address",
	"(os/kern) protection failure",
	"(os/kern) no space available",
	"(os/kern) invalid argument",
	"(os/kern) failure",
	"(os/kern) resource shortage",
	"(os/kern) not receiver",
	"(os/kern) no access",
	"(os/kern) memory failure",
	"(os/kern) memory error",
	"(os/kern) already in set",
	"(os/kern) not in set",
	"(os/kern) name exists",
	"(os/kern) aborted",
	"(os/kern) invalid name",
	"(os/kern) invalid task",
	"(os/kern) invalid right",
	"(os/kern) invalid value",
	"(os/kern) urefs overflow",
	"(os/kern) invalid capability",
	"(os/kern) right exists",
	"(os/kern) invalid host",
	"(os/kern) memory present",
	"(os/kern) memory data moved",
	"(os/kern) memory restart copy",
	"(os/kern) invalid processor set",
	"(os/kern) policy limit",
	"(os/kern) invalid policy",
	"(os/kern) invalid object",
	"(os/kern) already waiting",
	"(os/kern) default set",
	"(os/kern) exception protected",
	"(os/kern) invalid ledger",
	"(os/kern) invalid memory control",
	"(os/kern) invalid security",
	"(os/kern) not depressed",
	"(os/kern) object terminated",
	"(os/kern) lock set destroyed",
	"(os/kern) lock unstable",
	"(os/kern) lock owned by another",
	"(os/kern) lock owned by self",
	"(os/kern) semaphore destroyed",
	"(os/kern) RPC terminated",
	"(os/kern) terminate orphan",
	"(os/kern) let orphan continue",
	"(os/kern) service not supported",
	"(os/kern) remote node down",
};

static const char *const send_codes[] = {
	"(ipc/send) no error",
	"(ipc/send) send in progress",
	"(ipc/send) invalid data",
	"(ipc/send) invalid destination port",
	"(ipc/send) timed out",
	"(ipc/send) will notify",
	"(ipc/send) notify in progress",
	"(ipc/send) interrupted",
	"(ipc/send) msg too small",
	"(ipc/send) invalid reply port",
	"(ipc/send) invalid port right",
	"(ipc/send) invalid notify port",
	"(ipc/send) invalid memory",
	"(ipc/send) no msg buffer",
	"(ipc/send) no notify possible",
	"(ipc/send) invalid msg-type",
	"(ipc/send) invalid msg-header",
	"(ipc/send) invalid msg-trailer",
	"(ipc/send) DIPC transport failure",
	"(ipc/send) DIPC port migrated",
	"(ipc/send) DIPC resend failed",
	"(ipc/send) out-of-line buffer too large",
};

static const char *const rcv_codes[] = {
	"(ipc/rcv) no error",
	"(ipc/rcv) receive in progress",
	"(ipc/rcv) invalid name",
	"(ipc/rcv) timed out",
	"(ipc/rcv) msg too large",
	"(ipc/rcv) interrupted",
	"(ipc/rcv) port changed",
	"(ipc/rcv) invalid notify port",
	"(ipc/rcv) invalid data",
	"(ipc/rcv) port died",
	"(ipc/rcv) port in set",
	"(ipc/rcv) header error",
	"(ipc/rcv) body error",
	"(ipc/rcv) invalid scatter list entry",
	"(ipc/rcv) overwrite region too small",
	"(ipc/rcv) invalid msg-trailer",
	"(ipc/rcv) DIPC transport error",
};

static const char *const mig_codes[] = {
	"(ipc/mig) client type check failure",
	"(ipc/mig) wrong reply message ID",
	"(ipc/mig) server detected error",
	"(ipc/mig) bad request message ID",
	"(ipc/mig) server type check failure",
	"(ipc/mig) no reply should be sent",
	"(ipc/mig) server raised exception",
	"(ipc/mig) array not large enough",
	"(ipc/mig) server died",
	"(ipc/mig) unknown trailer format",
};

/* IOKit common codes run from 0x2bc; 0x001 is kIOReturnInvalid. */
static const char *const iokit_common_codes[] = {
	"(iokit/common) general error",
	"(iokit/common) can't allocate memory",
	"(iokit/common) resource shortage",
	"(iokit/common) error during IPC",
	"(iokit/common) no such device",
	"(iokit/common) privilege violation",
	"(iokit/common) invalid argument",
	"(iokit/common) device read locked",
	"(iokit/common) device write locked",
	"(iokit/common) exclusive access and device already open",
	"(iokit/common) sent/received messages had different msg_id",
	"(iokit/common) unsupported function",
	"(iokit/common) misc. VM failure",
	"(iokit/common) internal error",
	"(iokit/common) General I/O error",
	"(iokit/common) ???",
	"(iokit/common) can't acquire lock",
	"(iokit/common) device not open",
	"(iokit/common) read not supported",
	"(iokit/common) write not supported",
	"(iokit/common) alignment error",
	"(iokit/common) Media Error",
	"(iokit/common) device(s) still open",
	"(iokit/common) rld failure",
	"(iokit/common) DMA failure",
	"(iokit/common) Device Busy",
	"(iokit/common) I/O Timeout",
	"(iokit/common) device offline",
	"(iokit/common) not ready",
	"(iokit/common) device not attached",
	"(iokit/common) no DMA channels left",
	"(iokit/common) no space for data",
	"(iokit/common) ???",
	"(iokit/common) port already exists",
	"(iokit/common) can't wire down physical memory",
	"(iokit/common) no interrupt attached",
	"(iokit/common) no DMA frames enqueued",
	"(iokit/common) oversized msg received on interrupt port",
	"(iokit/common) not permitted",
	"(iokit/common) no power to device",
	"(iokit/common) media not present",
	"(iokit/common) media not formatted",
	"(iokit/common) no such mode",
	"(iokit/common) data underrun",
	"(iokit/common) data overrun",
	"(iokit/common) the device is not working properly!",
	"(iokit/common) a completion routine is required",
	"(iokit/common) operation aborted",
	"(iokit/common) bus bandwidth would be exceeded",
	"(iokit/common) device not responding",
	"(iokit/common) isochronous I/O request for distant past!",
	"(iokit/common) isochronous I/O request for distant future",
	"(iokit/common) data was not found",
};

/* IOKit subsystem names by err_sub number. */
static const struct {
	int sub;
	const char *name;
} iokit_subs[] = {
	{ 0, "(iokit/common)" },	{ 1, "(iokit/usb)" },
	{ 2, "(iokit/firewire)" },	{ 4, "(iokit/blkstorage)" },
	{ 5, "(iokit/graphics)" },	{ 8, "(iokit/bluetooth)" },
	{ 9, "(iokit/pmu)" },		{ 0xffe, "(iokit/vendor)" },
	{ 0xfff, "(iokit/reserved)" },
};

/* Old-style negative codes, as libsystem maps them. */
static mach_error_t modernise(mach_error_t err)
{
	if (err > -200 && err <= -100)
		return err_mach_ipc | err_sub(0) | -(err + 100);
	if (err > -300 && err <= -200)
		return err_mach_ipc | err_sub(1) | -(err + 200);
	if (err > -400 && err <= -300)
		return err_mach_ipc | err_sub(2) | -(err + 300);
	return err;
}

/* The text for err; *known is false for the generic "unknown" answers. */
static const char *describe(mach_error_t err, const char **type, bool *known)
{
	unsigned system, sub, code;
	size_t i;

	err = modernise(err);
	system = (unsigned)err_get_system(err);
	sub = (unsigned)err_get_sub(err);
	code = (unsigned)err_get_code(err);
	*known = false;
	*type = "(?/?)";

	switch (system) {
	case 0:
		if (sub == 0) {
			*type = "(os/kern)";
			if (code < COUNT(kern_codes)) {
				*known = true;
				return kern_codes[code];
			}
			return NO_SUCH_ERROR;
		}
		if (sub == 3) {
			*type = "(os/unix)";
			return NO_SUCH_ERROR;
		}
		*type = "(os/?)";
		return "(operating system/?) unknown subsystem error";
	case 4:
		if (sub == 0) {
			*type = "(ipc/send)";
			if (code < COUNT(send_codes)) {
				*known = true;
				return send_codes[code];
			}
			return NO_SUCH_ERROR;
		}
		if (sub == 1) {
			*type = "(ipc/rcv)";
			if (code < COUNT(rcv_codes)) {
				*known = true;
				return rcv_codes[code];
			}
			return NO_SUCH_ERROR;
		}
		if (sub == 2) {
			*type = "(ipc/mig)";
			if (code < COUNT(mig_codes)) {
				*known = true;
				return mig_codes[code];
			}
			return NO_SUCH_ERROR;
		}
		return "(ipc/?) unknown subsystem error";
	case 0x38:
		for (i = 0; i < COUNT(iokit_subs); i++)
			if ((unsigned)iokit_subs[i].sub == sub)
				*type = iokit_subs[i].name;
		if (sub == 0) {
			if (code == 1) {
				*known = true;
				return "(iokit/common) invalid - should never be seen";
			}
			if (code >= 0x2bc && code - 0x2bc < COUNT(iokit_common_codes)) {
				*known = true;
				return iokit_common_codes[code - 0x2bc];
			}
			return NO_SUCH_ERROR;
		}
		if (strcmp(*type, "(?/?)") != 0)
			return NO_SUCH_ERROR;
		*type = "(iokit/?)";
		return "(iokit/?) unknown subsystem error";
	default:
		return "(?/?) unknown error system";
	}
}

char *mach_error_string(mach_error_t error_value)
{
	const char *type;
	bool known;

	return (char *)describe(error_value, &type, &known);
}

char *mach_error_type(mach_error_t error_value)
{
	const char *type;
	bool known;

	describe(error_value, &type, &known);
	return (char *)type;
}

void mach_error(const char *str, mach_error_t error_value)
{
	const char *type;
	bool known;
	const char *text = describe(error_value, &type, &known);

	if (known)
		fprintf(stderr, "%s %s\n", str, text);
	else
		fprintf(stderr, "%s %s %s (%x)\n", str, type, text, (unsigned)error_value);
}
