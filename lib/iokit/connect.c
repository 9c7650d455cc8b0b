/* IOServiceOpen and the IOConnect calls (reference §5.7, §5.8, §4.9).
 *
 * An io_connect_t is a name of kind PORT_KIND_CONNECTION whose state holds
 * one open of MNT/.iokit/connect (proto/uc_wire.h): every external-method
 * call is one ioctl on it, so one daemon request.  The name's last
 * reference closes the file; the daemon then closes the connection, or
 * reports the client's death if IOServiceClose never came, as the kernel
 * does when a task's last send right goes.
 *
 * Async methods name an IONotificationPort's wake port: the daemon queues
 * the completion on that port's notify file (its id from NOTIFY_OP_PORT_ID)
 * and the port's dispatcher runs the callback (notifications.c). */
#include "iokit_internal.h"
#include "connect_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <talloc.h>
#include <unistd.h>

#include <CoreFoundation/CoreFoundation.h>

#include "cf_reg_value.h"
#include "uc_wire.h"
#include "value_binary.h"

#define CONNECT_PATH "/.iokit/" IOKITFS_CONNECT_NAME
#define SCALAR_MAX 16		/* kIOExternalMethodScalarInputCountMax */

/* Every live connection, so that a forked child can drop them: a task's
 * send rights are not inherited, and the child's copy of a descriptor
 * would keep the parent's connection open after the parent died. */
static pthread_mutex_t conns_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t conns_atfork_once = PTHREAD_ONCE_INIT;
static struct iokit_conn *conns;	/* guarded by conns_lock */

static void conns_before_fork(void)
{
	pthread_mutex_lock(&conns_lock);
}

static void conns_after_fork_parent(void)
{
	pthread_mutex_unlock(&conns_lock);
}

static void conns_after_fork_child(void)
{
	for (struct iokit_conn *c = conns; c; c = c->next) {
		/* Only this thread exists now: a lock another thread held at
		 * the fork would never be released. */
		pthread_mutex_init(&c->lock, NULL);
		if (c->fd >= 0)
			close(c->fd);
		c->fd = -1;
	}
	pthread_mutex_unlock(&conns_lock);
}

static void conns_install_atfork(void)
{
	pthread_atfork(conns_before_fork, conns_after_fork_parent, conns_after_fork_child);
}

static void conns_link(struct iokit_conn *conn)
{
	pthread_once(&conns_atfork_once, conns_install_atfork);
	pthread_mutex_lock(&conns_lock);
	conn->next = conns;
	conn->prev = NULL;
	if (conns)
		conns->prev = conn;
	conns = conn;
	conn->linked = true;
	pthread_mutex_unlock(&conns_lock);
}

static void conns_unlink(struct iokit_conn *conn)
{
	pthread_mutex_lock(&conns_lock);
	if (conn->linked) {
		if (conn->prev)
			conn->prev->next = conn->next;
		else
			conns = conn->next;
		if (conn->next)
			conn->next->prev = conn->prev;
		conn->linked = false;
	}
	pthread_mutex_unlock(&conns_lock);
}

static void conn_destroy(void *state)
{
	struct iokit_conn *conn = state;

	conns_unlink(conn);
	iokit_conn_unmap_all(conn);
	if (conn->fd >= 0)
		close(conn->fd);	/* the daemon's release: close or died */
	pthread_mutex_destroy(&conn->lock);
	free(conn->msg);
	free(conn->mappings);
	free(conn);
}

kern_return_t iokit_conn_hold(io_connect_t connect, struct port_hold *hold,
			      struct iokit_conn **conn)
{
	kern_return_t kr = port_table_hold(connect, PORT_KIND_CONNECTION, hold);

	*conn = kr == KERN_SUCCESS ? hold->state : NULL;
	return kr;
}

static int do_ioctl(int fd, struct iokitfs_msg *msg)
{
	int ret;

	do
		ret = ioctl(fd, IOKITFS_IOC_UC, msg);
	while (ret < 0 && errno == EINTR);
	return ret;
}

kern_return_t iokit_conn_request(struct iokit_conn *conn, uint32_t op, const void *in,
				 size_t in_len, void *ctx, uint8_t **out, size_t *out_len)
{
	struct iokitfs_msg *msg = conn->msg;
	const uint8_t *bytes = in;
	size_t got;

	*out = NULL;
	*out_len = 0;
	if (conn->fd < 0)
		return kIOReturnNotOpen;	/* inherited across fork */
	if (in_len > IOKITFS_MSG_DATA) {
		/* Staged with ioctls: the descriptor may be read-only. */
		for (size_t off = 0; off < in_len; off += IOKITFS_MSG_DATA) {
			size_t n = in_len - off < IOKITFS_MSG_DATA ? in_len - off
								   : IOKITFS_MSG_DATA;

			msg->op = IOKITFS_OP_STAGE;
			msg->length = (uint32_t)n;
			msg->total = 0;
			memcpy(msg->data, bytes + off, n);
			if (do_ioctl(conn->fd, msg) != 0)
				return kIOReturnIPCError;
			if (msg->result != kIOReturnSuccess)
				return msg->result;
		}
		msg->length = 0;
		msg->total = (uint32_t)in_len;
	} else {
		msg->length = (uint32_t)in_len;
		msg->total = (uint32_t)in_len;
		if (in_len)
			memcpy(msg->data, bytes, in_len);
	}
	msg->op = op;
	msg->result = 0;
	if (do_ioctl(conn->fd, msg) != 0)
		return kIOReturnIPCError;
	if (msg->result != kIOReturnSuccess || msg->total == 0)
		return msg->result;
	if (msg->length > msg->total || msg->length > IOKITFS_MSG_DATA)
		return kIOReturnIPCError;
	*out = talloc_size(ctx, msg->total);
	if (!*out)
		return kIOReturnNoMemory;
	memcpy(*out, msg->data, msg->length);
	for (got = msg->length; got < msg->total;) {
		ssize_t n = read(conn->fd, *out + got, msg->total - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return kIOReturnIPCError;
		got += (size_t)n;
	}
	*out_len = msg->total;
	return kIOReturnSuccess;
}

/* A request on connect with the lock taken here. */
static kern_return_t conn_call(io_connect_t connect, uint32_t op, const void *in, size_t in_len,
			       void *ctx, uint8_t **out, size_t *out_len)
{
	struct port_hold hold;
	struct iokit_conn *conn;
	kern_return_t kr = iokit_conn_hold(connect, &hold, &conn);

	*out = NULL;
	*out_len = 0;
	if (kr != KERN_SUCCESS)
		return kr;
	pthread_mutex_lock(&conn->lock);
	kr = iokit_conn_request(conn, op, in, in_len, ctx, out, out_len);
	pthread_mutex_unlock(&conn->lock);
	port_table_unhold(&hold);
	return kr;
}

static int open_connect_file(void)
{
	char mnt[PATH_MAX], path[PATH_MAX + sizeof(CONNECT_PATH)];
	int fd;

	if (iokit_check_daemon() != kIOReturnSuccess || iokit_find_mount(mnt, sizeof(mnt)) != 0)
		return -1;
	snprintf(path, sizeof(path), "%s%s", mnt, CONNECT_PATH);
	/* Read-only is enough: requests travel by ioctl, replies by read. */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd;
}

kern_return_t IOServiceOpen(io_service_t service, task_port_t owningTask, uint32_t type,
			    io_connect_t *connect)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct iokit_conn *conn;
	struct uc_open o = { .type = type };
	uint8_t *out;
	size_t out_len;
	kern_return_t kr;

	if (!connect)
		return kIOReturnBadArgument;
	*connect = IO_OBJECT_NULL;
	if (owningTask != mach_task_self())
		return kIOReturnBadArgument;
	kr = iokit_entry_hold(service, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	o.service_id = e->id;
	port_table_unhold(&hold);

	conn = calloc(1, sizeof(*conn));
	if (!conn || !(conn->msg = malloc(sizeof(*conn->msg)))) {
		free(conn);
		return kIOReturnNoMemory;
	}
	pthread_mutex_init(&conn->lock, NULL);
	conn->service_id = o.service_id;
	conn->fd = open_connect_file();
	if (conn->fd < 0) {
		conn_destroy(conn);
		return kIOReturnNoDevice;
	}
	kr = iokit_conn_request(conn, UC_OP_OPEN, &o, sizeof(o), NULL, &out, &out_len);
	talloc_free(out);
	if (kr != kIOReturnSuccess) {
		conn_destroy(conn);
		return kr;
	}
	conns_link(conn);
	kr = port_table_insert(PORT_KIND_CONNECTION, conn, conn_destroy, connect);
	if (kr != KERN_SUCCESS)
		conn_destroy(conn);
	return kr;
}

kern_return_t IOServiceClose(io_connect_t connect)
{
	uint8_t *out;
	size_t out_len;
	kern_return_t kr = conn_call(connect, UC_OP_CLOSE, NULL, 0, NULL, &out, &out_len);

	talloc_free(out);
	if (kr == MACH_SEND_INVALID_DEST || kr == kIOReturnBadArgument)
		return kr;	/* not a live connection: nothing to release */
	/* IOKitLib releases the caller's reference whatever close said. */
	(void)port_table_mod_urefs(connect, -1);
	return kr;
}

kern_return_t IOConnectAddRef(io_connect_t connect)
{
	enum port_kind kind;

	if (port_table_kind(connect, &kind) != KERN_SUCCESS || kind != PORT_KIND_CONNECTION)
		return MACH_SEND_INVALID_DEST;
	return port_table_mod_urefs(connect, 1);
}

kern_return_t IOConnectRelease(io_connect_t connect)
{
	enum port_kind kind;

	if (port_table_kind(connect, &kind) != KERN_SUCCESS || kind != PORT_KIND_CONNECTION)
		return MACH_SEND_INVALID_DEST;
	return port_table_mod_urefs(connect, -1);
}

kern_return_t IOConnectGetService(io_connect_t connect, io_service_t *service)
{
	void *tmp = talloc_new(NULL);
	uint8_t *out = NULL;
	size_t out_len = 0;
	uint64_t id;
	kern_return_t kr;

	if (!service) {
		talloc_free(tmp);
		return kIOReturnBadArgument;
	}
	*service = IO_OBJECT_NULL;
	kr = conn_call(connect, UC_OP_GET_SERVICE, NULL, 0, tmp, &out, &out_len);
	if (kr == kIOReturnSuccess && out_len != sizeof(id))
		kr = kIOReturnIPCError;
	if (kr == kIOReturnSuccess) {
		memcpy(&id, out, sizeof(id));
		kr = iokit_entry_name(id, NULL, NULL, service);
	}
	talloc_free(tmp);
	return kr;
}

kern_return_t IOConnectSetNotificationPort(io_connect_t connect, uint32_t type,
					   mach_port_t port, uintptr_t reference)
{
	struct uc_notification_port np = { .type = type, .reference = reference };
	uint8_t *out;
	size_t out_len;
	kern_return_t kr;

	if (port != MACH_PORT_NULL) {
		kr = iokit_notify_port_id(port, &np.port);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	kr = conn_call(connect, UC_OP_SET_NOTIFICATION_PORT, &np, sizeof(np), NULL, &out,
		       &out_len);
	talloc_free(out);
	return kr;
}

kern_return_t IOConnectAddClient(io_connect_t connect, io_connect_t client)
{
	struct port_hold a, b;
	struct iokit_conn *ca, *cb;
	kern_return_t kr = iokit_conn_hold(connect, &a, &ca);

	if (kr != KERN_SUCCESS)
		return kr;
	kr = iokit_conn_hold(client, &b, &cb);
	port_table_unhold(&a);
	if (kr != KERN_SUCCESS)
		return kr;
	port_table_unhold(&b);
	/* connectClient: the model's drivers accept no client-to-client
	 * links, which is IOUserClient's default answer. */
	return kIOReturnUnsupported;
}

kern_return_t IOConnectSetCFProperties(io_connect_t connect, CFTypeRef properties)
{
	void *tmp = talloc_new(NULL);
	struct reg_value *v;
	uint8_t *bytes, *out = NULL;
	size_t len = 0, out_len;
	kern_return_t kr;

	if (!tmp)
		return kIOReturnNoMemory;
	if (!properties) {
		kr = kIOReturnBadArgument;
		goto out;
	}
	v = cf_to_reg_value(tmp, properties);
	bytes = v ? reg_value_to_binary(tmp, v, &len) : NULL;
	if (!bytes) {
		kr = kIOReturnBadArgument;
		goto out;
	}
	kr = conn_call(connect, UC_OP_SET_PROPERTIES, bytes, len, tmp, &out, &out_len);
out:
	talloc_free(tmp);
	return kr;
}

kern_return_t IOConnectSetCFProperty(io_connect_t connect, CFStringRef propertyName,
				     CFTypeRef property)
{
	CFDictionaryRef dict;
	kern_return_t kr;

	if (!propertyName || !property || CFGetTypeID(propertyName) != CFStringGetTypeID())
		return kIOReturnBadArgument;
	dict = CFDictionaryCreate(kCFAllocatorDefault, (const void **)&propertyName,
				  (const void **)&property, 1, &kCFTypeDictionaryKeyCallBacks,
				  &kCFTypeDictionaryValueCallBacks);
	if (!dict)
		return kIOReturnNoMemory;
	kr = IOConnectSetCFProperties(connect, dict);
	CFRelease(dict);
	return kr;
}

/* IOConnectCallMethod, or an async call when ref is not NULL (its
 * reference words follow the header). */
static kern_return_t call_method(mach_port_t connection, uint32_t selector,
				 const struct uc_async_ref *ref,
				 const uint64_t *input, uint32_t inputCnt,
				 const void *inputStruct, size_t inputStructCnt,
				 uint64_t *output, uint32_t *outputCnt,
				 void *outputStruct, size_t *outputStructCnt)
{
	struct uc_call h = { .selector = selector, .scalar_input_count = inputCnt };
	void *tmp;
	uint8_t *req, *out = NULL;
	size_t req_len, out_len = 0, scalars_len, ref_len = ref ? sizeof(*ref) : 0;
	bool var_output = outputStructCnt &&
			  *outputStructCnt == (size_t)kIOConnectMethodVarOutputSize;
	kern_return_t kr;

	/* What MIG would refuse before the kernel saw anything. */
	if (inputCnt > SCALAR_MAX || (outputCnt && *outputCnt > SCALAR_MAX) ||
	    (inputCnt && !input) || (inputStructCnt && !inputStruct) ||
	    (outputCnt && *outputCnt && !output) ||
	    (outputStructCnt && *outputStructCnt && !outputStruct))
		return kIOReturnBadArgument;
	if (inputStructCnt > UINT32_MAX)
		return kIOReturnMessageTooLarge;
	if (outputCnt) {
		h.flags |= UC_CALL_SCALAR_OUTPUT;
		h.scalar_output_count = *outputCnt;
	}
	if (var_output) {
		h.flags |= UC_CALL_VAR_OUTPUT;
	} else if (outputStructCnt) {
		h.flags |= UC_CALL_STRUCT_OUTPUT;
		h.struct_output_size = *outputStructCnt;
	}
	if (ref)
		h.flags |= UC_CALL_ASYNC;
	h.struct_input_size = inputStructCnt;
	scalars_len = (size_t)inputCnt * sizeof(uint64_t);
	req_len = sizeof(h) + ref_len + scalars_len + inputStructCnt;
	tmp = talloc_new(NULL);
	req = tmp ? talloc_size(tmp, req_len) : NULL;
	if (!req) {
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	memcpy(req, &h, sizeof(h));
	if (ref)
		memcpy(req + sizeof(h), ref, ref_len);
	if (scalars_len)
		memcpy(req + sizeof(h) + ref_len, input, scalars_len);
	if (inputStructCnt)
		memcpy(req + sizeof(h) + ref_len + scalars_len, inputStruct, inputStructCnt);
	kr = conn_call(connection, UC_OP_CALL, req, req_len, tmp, &out, &out_len);
	if (kr == kIOReturnSuccess) {
		struct uc_call r;
		size_t n_scalars;

		if (out_len < sizeof(r)) {
			kr = kIOReturnIPCError;
			goto out;
		}
		memcpy(&r, out, sizeof(r));
		n_scalars = (size_t)r.scalar_output_count * sizeof(uint64_t);
		if (r.scalar_output_count > h.scalar_output_count ||
		    out_len != sizeof(r) + n_scalars + r.struct_output_size ||
		    (!var_output && r.struct_output_size > h.struct_output_size)) {
			kr = kIOReturnIPCError;
			goto out;
		}
		if (outputCnt) {
			memcpy(output, out + sizeof(r), n_scalars);
			*outputCnt = r.scalar_output_count;
		}
		if (var_output) {
			/* The caller frees the answer (vm_deallocate on macOS). */
			void *copy = malloc(r.struct_output_size ? r.struct_output_size : 1);

			if (!copy) {
				kr = kIOReturnNoMemory;
				goto out;
			}
			memcpy(copy, out + sizeof(r) + n_scalars, r.struct_output_size);
			*(void **)outputStruct = copy;
			*outputStructCnt = r.struct_output_size;
		} else if (outputStructCnt) {
			memcpy(outputStruct, out + sizeof(r) + n_scalars, r.struct_output_size);
			*outputStructCnt = r.struct_output_size;
		}
	}
out:
	talloc_free(tmp);
	return kr;
}

kern_return_t IOConnectCallMethod(mach_port_t connection, uint32_t selector,
				  const uint64_t *input, uint32_t inputCnt,
				  const void *inputStruct, size_t inputStructCnt,
				  uint64_t *output, uint32_t *outputCnt,
				  void *outputStruct, size_t *outputStructCnt)
{
	return call_method(connection, selector, NULL, input, inputCnt, inputStruct,
			   inputStructCnt, output, outputCnt, outputStruct, outputStructCnt);
}

kern_return_t IOConnectCallScalarMethod(mach_port_t connection, uint32_t selector,
					const uint64_t *input, uint32_t inputCnt,
					uint64_t *output, uint32_t *outputCnt)
{
	return IOConnectCallMethod(connection, selector, input, inputCnt, NULL, 0,
				   output, outputCnt, NULL, NULL);
}

kern_return_t IOConnectCallStructMethod(mach_port_t connection, uint32_t selector,
					const void *inputStruct, size_t inputStructCnt,
					void *outputStruct, size_t *outputStructCnt)
{
	return IOConnectCallMethod(connection, selector, NULL, 0, inputStruct, inputStructCnt,
				   NULL, NULL, outputStruct, outputStructCnt);
}

/* The completion goes to wake_port's IONotificationPort: the daemon queues
 * it there and the port's dispatcher calls reference[1] (an
 * IOAsyncCallback*) with refcon reference[2]. */
kern_return_t IOConnectCallAsyncMethod(mach_port_t connection, uint32_t selector,
				       mach_port_t wake_port, uint64_t *reference,
				       uint32_t referenceCnt, const uint64_t *input,
				       uint32_t inputCnt, const void *inputStruct,
				       size_t inputStructCnt, uint64_t *output,
				       uint32_t *outputCnt, void *outputStruct,
				       size_t *outputStructCnt)
{
	struct uc_async_ref ref = { .reference_count = referenceCnt };
	struct port_hold hold;
	struct iokit_conn *conn;
	kern_return_t kr = iokit_conn_hold(connection, &hold, &conn);

	if (kr != KERN_SUCCESS)
		return kr;
	port_table_unhold(&hold);
	/* IOKitLib's own substitute for no reference at all. */
	if (!reference && referenceCnt == 0)
		ref.reference_count = 1;
	else if (referenceCnt < 1 || referenceCnt > 8 || !reference)
		return kIOReturnBadArgument;
	else
		memcpy(ref.reference, reference, referenceCnt * sizeof(reference[0]));
	kr = iokit_notify_port_id(wake_port, &ref.port);
	if (kr != KERN_SUCCESS)
		return kr;
	return call_method(connection, selector, &ref, input, inputCnt, inputStruct,
			   inputStructCnt, output, outputCnt, outputStruct, outputStructCnt);
}

kern_return_t IOConnectCallAsyncStructMethod(mach_port_t connection, uint32_t selector,
					     mach_port_t wake_port, uint64_t *reference,
					     uint32_t referenceCnt, const void *inputStruct,
					     size_t inputStructCnt, void *outputStruct,
					     size_t *outputStructCnt)
{
	return IOConnectCallAsyncMethod(connection, selector, wake_port, reference,
					referenceCnt, NULL, 0, inputStruct, inputStructCnt,
					NULL, NULL, outputStruct, outputStructCnt);
}

kern_return_t IOConnectCallAsyncScalarMethod(mach_port_t connection, uint32_t selector,
					     mach_port_t wake_port, uint64_t *reference,
					     uint32_t referenceCnt, const uint64_t *input,
					     uint32_t inputCnt, uint64_t *output,
					     uint32_t *outputCnt)
{
	return IOConnectCallAsyncMethod(connection, selector, wake_port, reference,
					referenceCnt, input, inputCnt, NULL, 0, output,
					outputCnt, NULL, NULL);
}

/* ---- the pre-10.5 calls: int scalars through varargs ---- */

kern_return_t IOConnectMethodScalarIScalarO(io_connect_t connect, uint32_t index,
					    IOItemCount scalarInputCount,
					    IOItemCount scalarOutputCount, ...)
{
	uint64_t in[SCALAR_MAX], out[SCALAR_MAX];
	uint32_t out_count = scalarOutputCount;
	int *dest[SCALAR_MAX];
	kern_return_t kr;
	va_list ap;

	if (scalarInputCount > SCALAR_MAX || scalarOutputCount > SCALAR_MAX)
		return kIOReturnBadArgument;
	va_start(ap, scalarOutputCount);
	for (IOItemCount i = 0; i < scalarInputCount; i++)
		in[i] = (uint64_t)(int64_t)va_arg(ap, int);
	for (IOItemCount i = 0; i < scalarOutputCount; i++)
		dest[i] = va_arg(ap, int *);
	va_end(ap);
	kr = IOConnectCallScalarMethod(connect, index, in, scalarInputCount, out, &out_count);
	if (kr == kIOReturnSuccess)
		for (uint32_t i = 0; i < out_count; i++)
			*dest[i] = (int)out[i];
	return kr;
}

kern_return_t IOConnectMethodScalarIStructureO(io_connect_t connect, uint32_t index,
					       IOItemCount scalarInputCount,
					       IOByteCount *structureSize, ...)
{
	uint64_t in[SCALAR_MAX];
	size_t size = structureSize ? *structureSize : 0;
	void *structure;
	kern_return_t kr;
	va_list ap;

	if (scalarInputCount > SCALAR_MAX)
		return kIOReturnBadArgument;
	va_start(ap, structureSize);
	for (IOItemCount i = 0; i < scalarInputCount; i++)
		in[i] = (uint64_t)(int64_t)va_arg(ap, int);
	structure = va_arg(ap, void *);
	va_end(ap);
	kr = IOConnectCallMethod(connect, index, in, scalarInputCount, NULL, 0, NULL, NULL,
				 structure, structureSize ? &size : NULL);
	if (kr == kIOReturnSuccess && structureSize)
		*structureSize = (IOByteCount)size;
	return kr;
}

kern_return_t IOConnectMethodScalarIStructureI(io_connect_t connect, uint32_t index,
					       IOItemCount scalarInputCount,
					       IOByteCount structureSize, ...)
{
	uint64_t in[SCALAR_MAX];
	void *structure;
	va_list ap;

	if (scalarInputCount > SCALAR_MAX)
		return kIOReturnBadArgument;
	va_start(ap, structureSize);
	for (IOItemCount i = 0; i < scalarInputCount; i++)
		in[i] = (uint64_t)(int64_t)va_arg(ap, int);
	structure = va_arg(ap, void *);
	va_end(ap);
	return IOConnectCallMethod(connect, index, in, scalarInputCount, structure,
				   structureSize, NULL, NULL, NULL, NULL);
}

kern_return_t IOConnectMethodStructureIStructureO(io_connect_t connect, uint32_t index,
						  IOItemCount structureInputSize,
						  IOByteCount *structureOutputSize,
						  void *inputStructure, void *ouputStructure)
{
	size_t size = structureOutputSize ? *structureOutputSize : 0;
	kern_return_t kr;

	kr = IOConnectCallStructMethod(connect, index, inputStructure, structureInputSize,
				       ouputStructure, structureOutputSize ? &size : NULL);
	if (kr == kIOReturnSuccess && structureOutputSize)
		*structureOutputSize = (IOByteCount)size;
	return kr;
}
