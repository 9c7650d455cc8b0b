/* IOConnectMapMemory and IOConnectUnmapMemory (docs/iokit-semantics.md §6).
 *
 * The daemon answers a map request with a one-use token; the descriptor
 * itself comes over its abstract UNIX socket (FUSE cannot carry
 * descriptors), which serves only the process that opened the connection.
 * The memory is then mmapped MAP_SHARED here, so stores are seen by the
 * driver and every other mapping at once.  Cache modes are accepted and
 * have no effect: the memory is ordinary shared memory or a device file
 * whose own mapping decides. */
#include "iokit_internal.h"
#include "connect_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <talloc.h>
#include <unistd.h>

#include <IOKit/IOMapTypes.h>

#include "uc_wire.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* The descriptor behind r's token, or -1. */
static int fetch_fd(const struct uc_map_reply *r)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t name_len = strnlen(r->socket_name, sizeof(r->socket_name));
	char cbuf[CMSG_SPACE(sizeof(int))];
	uint8_t status = EIO;
	struct iovec iov = { .iov_base = &status, .iov_len = 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int sock, fd = -1;
	ssize_t n;

	if (name_len == 0 || name_len >= sizeof(addr.sun_path) - 1)
		return -1;
	memcpy(addr.sun_path + 1, r->socket_name, name_len);
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -1;
	if (connect(sock, (struct sockaddr *)&addr,
		    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + name_len)) != 0 ||
	    send(sock, r->token, sizeof(r->token), MSG_NOSIGNAL) != (ssize_t)sizeof(r->token))
		goto out;
	do
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		goto out;
	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
		    cm->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (status != 0 && fd >= 0) {
		close(fd);
		fd = -1;
	}
out:
	close(sock);
	return fd;
}

static kern_return_t map_locked(struct iokit_conn *conn, uint32_t type,
				mach_vm_address_t *atAddress, mach_vm_size_t *ofSize,
				IOOptionBits options)
{
	struct uc_map req = { .type = type, .options = options };
	struct uc_map_reply r;
	struct uc_mapping note = { .type = type };
	struct iokit_mapping *grown;
	uint8_t *out = NULL;
	size_t out_len, page = (size_t)sysconf(_SC_PAGESIZE), skew, length;
	int fd, prot, flags = MAP_SHARED;
	void *hint = NULL, *base;
	kern_return_t kr;

	kr = iokit_conn_request(conn, UC_OP_MAP, &req, sizeof(req), NULL, &out, &out_len);
	if (kr == kIOReturnSuccess && out_len != sizeof(r))
		kr = kIOReturnIPCError;
	if (kr != kIOReturnSuccess) {
		talloc_free(out);
		return kr;
	}
	memcpy(&r, out, sizeof(r));
	talloc_free(out);
	fd = fetch_fd(&r);
	if (fd < 0)
		return kIOReturnNotPermitted;
	/* mmap wants a page-aligned file offset. */
	skew = (size_t)(r.offset % page);
	if (r.size > SIZE_MAX - skew - page) {
		close(fd);
		return kIOReturnNoSpace;
	}
	length = skew + (size_t)r.size;
	prot = PROT_READ | ((r.options & kIOMapReadOnly) ? 0 : PROT_WRITE);
	if (!(options & kIOMapAnywhere)) {
		if (*atAddress % page != skew % page) {
			close(fd);
			return kIOReturnBadArgument;
		}
		hint = (void *)(uintptr_t)(*atAddress - skew);
		flags |= MAP_FIXED_NOREPLACE;
	}
	base = mmap(hint, length, prot, flags, fd, (off_t)(r.offset - skew));
	close(fd);
	if (base == MAP_FAILED)
		return errno == EEXIST ? kIOReturnNoSpace : kIOReturnNoMemory;
	if (hint && base != hint) {	/* kernels before 4.17 take it as a hint */
		munmap(base, length);
		return kIOReturnNoSpace;
	}
	grown = realloc(conn->mappings, (conn->nmappings + 1) * sizeof(*grown));
	if (!grown) {
		munmap(base, length);
		return kIOReturnNoMemory;
	}
	conn->mappings = grown;
	note.address = (uint64_t)(uintptr_t)base + skew;
	note.size = r.size;
	kr = iokit_conn_request(conn, UC_OP_NOTE_MAPPING, &note, sizeof(note), NULL, &out,
				&out_len);
	talloc_free(out);
	if (kr != kIOReturnSuccess) {
		munmap(base, length);
		return kr;
	}
	conn->mappings[conn->nmappings++] = (struct iokit_mapping){
		.type = type, .base = base, .length = length,
		.address = note.address, .size = r.size,
	};
	*atAddress = note.address;
	if (ofSize)
		*ofSize = r.size;
	return kIOReturnSuccess;
}

kern_return_t IOConnectMapMemory64(io_connect_t connect, uint32_t memoryType,
				   task_port_t intoTask, mach_vm_address_t *atAddress,
				   mach_vm_size_t *ofSize, IOOptionBits options)
{
	struct port_hold hold;
	struct iokit_conn *conn;
	kern_return_t kr;

	if (!atAddress)
		return kIOReturnBadArgument;
	if (intoTask != mach_task_self())
		return kIOReturnBadArgument;	/* other tasks are out of reach */
	kr = iokit_conn_hold(connect, &hold, &conn);
	if (kr != KERN_SUCCESS)
		return kr;
	pthread_mutex_lock(&conn->lock);
	kr = map_locked(conn, memoryType, atAddress, ofSize, options);
	pthread_mutex_unlock(&conn->lock);
	port_table_unhold(&hold);
	return kr;
}

kern_return_t IOConnectMapMemory(io_connect_t connect, uint32_t memoryType,
				 task_port_t intoTask, vm_address_t *atAddress,
				 vm_size_t *ofSize, IOOptionBits options)
{
	mach_vm_address_t address;
	mach_vm_size_t size = 0;
	kern_return_t kr;

	if (!atAddress)
		return kIOReturnBadArgument;
	address = *atAddress;
	kr = IOConnectMapMemory64(connect, memoryType, intoTask, &address, &size, options);
	if (kr == kIOReturnSuccess) {
		*atAddress = (vm_address_t)address;
		if (ofSize)
			*ofSize = (vm_size_t)size;
	}
	return kr;
}

kern_return_t IOConnectUnmapMemory64(io_connect_t connect, uint32_t memoryType,
				     task_port_t fromTask, mach_vm_address_t atAddress)
{
	struct uc_mapping req = { .type = memoryType, .address = atAddress };
	struct port_hold hold;
	struct iokit_conn *conn;
	uint8_t *out = NULL;
	size_t out_len;
	kern_return_t kr;

	if (fromTask != mach_task_self())
		return kIOReturnBadArgument;
	kr = iokit_conn_hold(connect, &hold, &conn);
	if (kr != KERN_SUCCESS)
		return kr;
	pthread_mutex_lock(&conn->lock);
	kr = iokit_conn_request(conn, UC_OP_UNMAP, &req, sizeof(req), NULL, &out, &out_len);
	talloc_free(out);
	if (kr == kIOReturnSuccess) {
		for (size_t i = 0; i < conn->nmappings; i++) {
			struct iokit_mapping *m = &conn->mappings[i];

			if (m->type != memoryType || m->address != atAddress)
				continue;
			munmap(m->base, m->length);
			*m = conn->mappings[--conn->nmappings];
			break;
		}
	}
	pthread_mutex_unlock(&conn->lock);
	port_table_unhold(&hold);
	return kr;
}

kern_return_t IOConnectUnmapMemory(io_connect_t connect, uint32_t memoryType,
				   task_port_t fromTask, vm_address_t atAddress)
{
	return IOConnectUnmapMemory64(connect, memoryType, fromTask, atAddress);
}

void iokit_conn_unmap_all(struct iokit_conn *conn)
{
	/* A connection's mappings go with it, as the kernel removes them
	 * from the task when the user client is released. */
	for (size_t i = 0; i < conn->nmappings; i++)
		munmap(conn->mappings[i].base, conn->mappings[i].length);
	conn->nmappings = 0;
}
