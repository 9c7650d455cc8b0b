/* User clients: what IOServiceOpen creates, and everything done through the
 * connection it returns (reference §5.7, §5.8, §4.6, §4.9).
 *
 * A driver (driver.h) that lets processes open its services fills a
 * struct reg_user_client_ops: who may open which type, a dispatch table of
 * external methods (IOExternalMethodDispatch), the memory types a client can
 * map (clientMemoryForType), and setProperties on the connection
 * (IOConnectSetCFProperties).  The generic code here applies IOKit's checks
 * before any driver code runs, and keeps the registry's bookkeeping: every
 * open connection is an entry of the driver's user-client class, attached
 * under the service in the IOService plane, with "IOUserClientCreator" =
 * "pid N, name" as on macOS.
 *
 * Knows nothing of FUSE, sockets or libIOKit: the daemon maps its handles to
 * struct reg_connection and passes file descriptors on.
 *
 * Locking.  reg_service_open, close, died, map/unmap and set_properties
 * take the registry's write lock themselves and call the driver's ops with
 * it held (the single-threaded IOUserClientDefaultLocking model), so ops may
 * use the registry's mutators and registry_entry_message directly.  An
 * external method runs under the write lock too, unless its dispatch entry
 * says REG_UC_SHARED: then it runs under the read lock (other readers, such
 * as directory listings and other shared methods, go on meanwhile), and
 * may answer REG_UC_NEED_EXCLUSIVE to be run again under the write lock.
 * A connection's own bookkeeping (mappings, async hook) is guarded by its
 * mutex, a leaf lock: reg_connection_note_mapping and
 * reg_connection_set_async_hook take only that.  Callers must not hold the
 * registry lock.  One connection must not be used from two threads at
 * once without the caller's own lock.
 *
 * Policy: before a method runs, policy.h decides with the opener's
 * credentials (conn->caller: a connection is a capability of whoever
 * opened it, as on macOS where privileges are the owning task's): methods
 * without REG_UC_USER are for root and the mount's owner only.
 * reg_connection_set_properties asks REG_CHANGE_CONN_PROPERTIES the same
 * way.  Error convention: IOReturn. */
#ifndef IOKITFS_REGISTRY_USER_CLIENT_H
#define IOKITFS_REGISTRY_USER_CLIENT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"
#include "registry.h"

/* IOKit's limits (IOUserClient.h, IOTypes.h, device.defs). */
#define REG_UC_SCALAR_MAX		16		/* kIOExternalMethodScalar*CountMax */
#define REG_UC_INLINE_STRUCT_MAX	4096		/* sizeof(io_struct_inband_t) */
#define REG_UC_VARIABLE_SIZE		0xffffffffu	/* kIOUCVariableStructureSize */
#define REG_UC_VAR_OUTPUT_SIZE		((size_t)-3)	/* kIOConnectMethodVarOutputSize */
/* Our own cap on one out-of-line structure (macOS allows up to UINT_MAX for
 * output; the daemon copies structures through its memory, so it bounds
 * them).  Larger gives kIOReturnMessageTooLarge. */
#define REG_UC_STRUCT_MAX		(16u * 1024 * 1024)

/* IOMapTypes.h */
#define REG_MAP_ANYWHERE		0x00000001u	/* kIOMapAnywhere */
#define REG_MAP_CACHE_MASK		0x00000f00u	/* kIOMapCacheMask */
#define REG_MAP_CACHE_SHIFT		8
#define REG_MAP_INHIBIT_CACHE		0x00000100u
#define REG_MAP_WRITE_THRU_CACHE	0x00000200u
#define REG_MAP_COPYBACK_CACHE		0x00000300u
#define REG_MAP_WRITE_COMBINE_CACHE	0x00000400u
#define REG_MAP_USER_OPTIONS_MASK	0x00000fffu	/* kIOMapUserOptionsMask */
#define REG_MAP_READ_ONLY		0x00001000u	/* kIOMapReadOnly */

/* IOMessage.h values drivers commonly send. */
#define REG_MESSAGE_SERVICE_IS_ATTEMPTING_OPEN	0xe0000101u
#define REG_MESSAGE_SERVICE_WAS_CLOSED		0xe0000110u

struct reg_connection;

/* IOConnectCallAsync*'s reference (asyncReference): where the completion
 * goes (a notification port the daemon knows by id) and the caller's
 * reference words, returned untouched with the completion. */
#define REG_UC_ASYNC_REF_MAX	8	/* kOSAsyncRef64Count */
#define REG_UC_ASYNC_ARGS_MAX	16	/* kMaxAsyncArgs */
struct reg_uc_async {
	uint64_t port;
	uint64_t reference[REG_UC_ASYNC_REF_MAX];
	uint32_t reference_count;
};

/* Where completions go: installed by whoever owns the connection (the
 * daemon).  Called with whatever lock the driver holds; must not take the
 * registry lock. */
typedef int (*reg_uc_async_hook)(void *data, struct reg_connection *conn,
				 const struct reg_uc_async *ref, int result,
				 const uint64_t *args, uint32_t nargs);

/* One external-method call as the driver sees it (IOExternalMethodArguments,
 * version 2). */
struct reg_uc_args {
	uint32_t selector;
	/* Running under the registry's read lock (a REG_UC_SHARED method). */
	bool shared;
	/* The async reference of IOConnectCallAsync*, NULL for a synchronous
	 * call.  Valid during the call only: a driver that completes later
	 * copies it. */
	const struct reg_uc_async *async;
	const uint64_t *scalar_input;
	uint32_t scalar_input_count;
	/* Inline or out of line, the driver gets the bytes here; *_ool says
	 * which path the caller took (>4096 bytes), as structureInputDescriptor
	 * would on macOS. */
	const void *struct_input;
	size_t struct_input_size;
	bool struct_input_ool;
	/* Zero-filled before the call, scalar_output_count of them (the count
	 * the caller asked for).  The driver may lower the count. */
	uint64_t *scalar_output;
	uint32_t scalar_output_count;
	/* The caller's capacity on entry; the driver sets the bytes it wrote
	 * (at most the capacity).  NULL with size 0 when none was asked for. */
	void *struct_output;
	size_t struct_output_size;
	bool struct_output_ool;
	/* kIOConnectMethodVarOutputSize: the driver allocates its answer on
	 * variable_output_ctx and sets variable_output/variable_output_size
	 * (structureVariableOutputData); leaving it NULL fails the call with
	 * kIOReturnUnderrun. */
	bool variable_output_requested;
	void *variable_output_ctx;
	void *variable_output;
	size_t variable_output_size;
};

typedef int (*reg_uc_method_fn)(struct reg_connection *conn, struct reg_uc_args *args);

/* IOExternalMethodDispatch: each check must equal the call's value unless it
 * is REG_UC_VARIABLE_SIZE.  Structure sizes compare with the byte counts
 * (inline or out of line alike); a variable-output request counts as an
 * output structure of size 0. */
struct reg_uc_method {
	reg_uc_method_fn function;	/* NULL: kIOReturnNoCompletion */
	uint32_t check_scalar_input_count;
	uint32_t check_struct_input_size;
	uint32_t check_scalar_output_count;
	uint32_t check_struct_output_size;
	uint32_t flags;			/* REG_UC_USER, REG_UC_SHARED */
};

/* The driver lets any holder of a connection call the method (policy.h);
 * without it, only root and the mount's owner may. */
#define REG_UC_USER	0x1u
/* The method changes no registry state (it may read the registry and the
 * driver's state, and use atomics on shared memory): it runs under the
 * registry's read lock.  args->shared tells it so; it returns
 * REG_UC_NEED_EXCLUSIVE to be run again under the write lock. */
#define REG_UC_SHARED	0x2u
/* Not an IOReturn that reaches a client: the dispatcher's retry signal. */
#define REG_UC_NEED_EXCLUSIVE	0x7fff0001

/* What a selector past the end of the table gives: IOUserClient2022 says
 * kIOReturnBadArgument; older user clients chose, usually
 * kIOReturnUnsupported (the legacy getTargetAndMethodForIndex path). */
enum reg_uc_selector_policy {
	REG_UC_SELECTOR_BAD_ARGUMENT = 0,
	REG_UC_SELECTOR_UNSUPPORTED,
};

/* What backs a memory type (clientMemoryForType's descriptor).  Exactly one
 * of fd >= 0 or path is set.  The driver keeps ownership of fd; the generic
 * code hands callers a dup. */
struct reg_uc_memory {
	uint64_t size;
	uint32_t options;	/* driver options: REG_MAP_READ_ONLY, cache mode */
	int fd;			/* shared memory (memfd), or -1 */
	const char *path;	/* or a file to map (PCI resourceN, /dev/uioN) */
	uint64_t offset;	/* where the type starts in fd or path */
};

struct reg_user_client_ops {
	/* Class of the connection entries ("AppleSMCClient"); declared as a
	 * subclass of IOUserClient when the registry does not know it. */
	const char *user_client_class;
	/* newUserClient + initWithTask: decide whether conn->caller may open
	 * this type (kIOReturnNotPrivileged, kIOReturnExclusiveAccess,
	 * kIOReturnBadArgument for a type the driver does not know), and set
	 * conn->driver_data (allocate it on conn).  NULL: anyone, any type. */
	int (*open)(struct reg_connection *conn, uint32_t type);
	/* clientClose, at most once per connection. */
	int (*close)(struct reg_connection *conn);
	/* clientDied: the process went away without closing.  NULL: close. */
	int (*died)(struct reg_connection *conn);
	const struct reg_uc_method *methods;
	uint32_t method_count;
	enum reg_uc_selector_policy selector_policy;
	/* clientMemoryForType.  NULL, or an error: see reg_connection_map_memory. */
	int (*memory_for_type)(struct reg_connection *conn, uint32_t type,
			       struct reg_uc_memory *memory);
	/* IOConnectSetCFProperties.  NULL: kIOReturnUnsupported. */
	int (*set_properties)(struct reg_connection *conn, const struct reg_value *props);
};

/* A mapping the client reported (for IOConnectUnmapMemory). */
struct reg_uc_mapping {
	uint32_t type;
	uint64_t address;
	uint64_t size;
};

/* An open connection (io_connect_t).  Fields are read-only outside
 * user_client.c, except driver_data, which belongs to the driver. */
struct reg_connection {
	struct registry *registry;
	const struct reg_driver *driver;
	uint64_t service_id;
	uint64_t client_id;	/* the user-client entry; 0 once closed */
	uint32_t type;
	struct reg_caller caller;
	void *driver_data;
	bool closed;
	struct reg_uc_mapping *mappings;
	size_t nmappings;
	reg_uc_async_hook async_hook;	/* mappings and the hook: under lock */
	void *async_hook_data;
	pthread_mutex_t lock;
};

/* IOServiceOpen.  Creates the connection on ctx (talloc_free it after
 * reg_connection_close or reg_connection_died).  kIOReturnNotFound for an
 * unknown service, kIOReturnUnsupported when its driver has no user client,
 * else what the driver's open says. */
int reg_service_open(void *ctx, struct registry *reg, uint64_t service_id,
		     uint32_t type, const struct reg_caller *caller,
		     struct reg_connection **out);

/* IOServiceClose: clientClose once, removes the connection's entry.
 * Returns success even when the driver's close fails, as the kernel does;
 * a second close does nothing. */
int reg_connection_close(struct reg_connection *conn);

/* The no-senders path: clientDied (or close) if the connection is still
 * open; kIOReturnNotReady if it was closed already. */
int reg_connection_died(struct reg_connection *conn);

/* IOConnectCallMethod, with IOKitLib's conventions: output_count NULL is no
 * scalar output; output_struct_size NULL is no structure output; when
 * *output_struct_size is REG_UC_VAR_OUTPUT_SIZE, the driver's variable
 * answer is allocated on var_ctx and stored through *(void **)output_struct,
 * its length in *output_struct_size.  Checks, in order: connection closed
 * (kIOReturnNotOpen), service gone (kIOReturnNoDevice), counts over 16
 * (kIOReturnBadArgument), structures over REG_UC_STRUCT_MAX
 * (kIOReturnMessageTooLarge), selector out of range (the driver's policy),
 * the dispatch checks (kIOReturnBadArgument), NULL function
 * (kIOReturnNoCompletion); then the function's own result. */
int reg_connection_call_method(struct reg_connection *conn, uint32_t selector,
			       const uint64_t *input, uint32_t input_count,
			       const void *input_struct, size_t input_struct_size,
			       uint64_t *output, uint32_t *output_count,
			       void *output_struct, size_t *output_struct_size,
			       void *var_ctx);

/* The same with an async reference (IOConnectCallAsyncMethod); async NULL
 * is a synchronous call. */
int reg_connection_call_method_async(struct reg_connection *conn, uint32_t selector,
				     const struct reg_uc_async *async,
				     const uint64_t *input, uint32_t input_count,
				     const void *input_struct, size_t input_struct_size,
				     uint64_t *output, uint32_t *output_count,
				     void *output_struct, size_t *output_struct_size,
				     void *var_ctx);

/* Installs where this connection's async completions go (hook NULL: none). */
void reg_connection_set_async_hook(struct reg_connection *conn, reg_uc_async_hook hook,
				   void *data);

/* sendAsyncResult64: a driver completes an async call, now or later, with
 * result and up to REG_UC_ASYNC_ARGS_MAX arguments.  kIOReturnBadArgument
 * for a NULL ref or too many args, kIOReturnNotReady when nothing receives
 * completions (no hook, or the connection is closed), else the hook's. */
int reg_connection_complete_async(struct reg_connection *conn, const struct reg_uc_async *ref,
				  int result, const uint64_t *args, uint32_t nargs);

/* Lower-level entry: args already filled in (selector, inputs, outputs and
 * their capacities).  Does the dispatch checks and the zero-fill. */
int reg_connection_dispatch(struct reg_connection *conn, struct reg_uc_args *args);

/* IOConnectMapMemory's daemon half: asks the driver for the memory of type
 * and gives back what to map: *fd_out a new descriptor (dup, the caller
 * closes it) or -1 with *path_out allocated on ctx, the offset and size, and
 * the options to map with ((driver & ~0xfff) | (caller & 0xfff), and the
 * driver's cache mode when the caller asks for kIOMapDefaultCache).  Every
 * failure is kIOReturnBadArgument, as mapClientMemory64 reports it. */
struct reg_uc_map_result {
	int fd;
	char *path;
	uint64_t offset;
	uint64_t size;
	uint32_t options;
};
int reg_connection_map_memory(void *ctx, struct reg_connection *conn, uint32_t type,
			      uint32_t caller_options, struct reg_uc_map_result *out);
/* The client reports where the mapping landed, so that unmap can find it. */
int reg_connection_note_mapping(struct reg_connection *conn, uint32_t type,
				uint64_t address, uint64_t size);
/* IOConnectUnmapMemory: the driver's error for type passes through
 * unchanged; no mapping of type at address is kIOReturnBadArgument. */
int reg_connection_unmap_memory(struct reg_connection *conn, uint32_t type,
				uint64_t address);

/* IOConnectSetCFProperties. */
int reg_connection_set_properties(struct reg_connection *conn,
				  const struct reg_value *props);

/* For ops (lock held): the service entry, or NULL when it is gone. */
struct reg_entry *reg_connection_service(const struct reg_connection *conn);
/* For ops (lock held): a message to the service's interested clients. */
void reg_connection_message(struct reg_connection *conn, uint32_t message,
			    uint64_t argument);

/* How many connections of the driver are open on a service right now (its
 * user-client children in the IOService plane).  Lock held. */
size_t reg_service_open_count(const struct reg_entry *service,
			      const struct reg_driver *driver);

/* "pid N, name", the IOUserClientCreator text, allocated on ctx (the name
 * from /proc/N/comm, "unknown" when unreadable). */
char *reg_caller_creator_name(void *ctx, pid_t pid);

#endif
