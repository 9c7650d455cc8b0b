/* IOConnectMapMemory and IOConnectUnmapMemory.
 *
 * FUSE cannot carry descriptors: each map request names a fresh abstract
 * UNIX socket this process listens on, and the daemon sends the memory's
 * descriptor there (proto/uc_wire.h) before it answers, only if the
 * listener is the process that opened the connection.
 * The memory is then mmapped MAP_SHARED here, so stores are seen by the
 * driver and every other mapping at once.  Cache modes are accepted and
 * have no effect: the memory is ordinary shared memory or a device file
 * whose own mapping decides. */
#include "iokit_internal.h"
#include "connect_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <talloc.h>
#include <unistd.h>

#include <IOKit/IOMapTypes.h>

#include "uc_wire.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

/* How long the client waits for the descriptor after the daemon said it
 * sent it (it is queued before the reply, so this bounds only a broken
 * peer). */
#define HANDOVER_TIMEOUT_MS 2000

/* A listening abstract socket of this process with a random name (in
 * name, without the leading NUL), or -1. */
static int open_listener(char name[UC_SOCKET_NAME_MAX])
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	uint8_t rnd[12];
	size_t len;
	int s;

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -1;
	snprintf(name, UC_SOCKET_NAME_MAX, "iokit-map-%d-", (int)getpid());
	len = strlen(name);
	for (size_t i = 0; i < sizeof(rnd); i++)
		len += (size_t)snprintf(name + len, UC_SOCKET_NAME_MAX - len, "%02x", rnd[i]);
	memcpy(addr.sun_path + 1, name, len);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s < 0)
		return -1;
	if (bind(s, (struct sockaddr *)&addr,
		 (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) != 0 ||
	    listen(s, 16) != 0) {
		close(s);
		return -1;
	}
	return s;
}

static int remaining_ms(const struct timespec *deadline)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

/* The uid the daemon serves the mount as (its files' owner), or -1. */
static uid_t daemon_uid(void)
{
	char mnt[PATH_MAX], path[PATH_MAX + 32];
	struct stat st;

	if (iokit_find_mount(mnt, sizeof(mnt)) != 0)
		return (uid_t)-1;
	snprintf(path, sizeof(path), "%s/.iokit/" IOKITFS_CONNECT_NAME, mnt);
	return stat(path, &st) == 0 ? st.st_uid : (uid_t)-1;
}

/* The descriptor the daemon sent to listener: accepts connections until one
 * comes from the daemon's uid (others are dropped unread), then takes the
 * descriptor.  Bounded by HANDOVER_TIMEOUT_MS.  -1 on failure. */
static int receive_fd(int listener)
{
	struct timespec deadline;
	uid_t want = daemon_uid();
	int fd = -1;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += HANDOVER_TIMEOUT_MS / 1000;
	deadline.tv_nsec += (HANDOVER_TIMEOUT_MS % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	while (fd < 0) {
		struct pollfd p = { .fd = listener, .events = POLLIN };
		struct ucred cred;
		socklen_t cred_len = sizeof(cred);
		char cbuf[CMSG_SPACE(sizeof(int))];
		uint8_t status = 0xff;
		struct iovec iov = { .iov_base = &status, .iov_len = 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm;
		int peer, got = -1;
		ssize_t n;

		if (poll(&p, 1, remaining_ms(&deadline)) <= 0)
			return -1;
		peer = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
		if (peer < 0) {
			if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED)
				continue;
			return -1;
		}
		if (getsockopt(peer, SOL_SOCKET, SO_PEERCRED, &cred, &cred_len) != 0 ||
		    cred.uid != want) {
			close(peer);	/* not the daemon */
			continue;
		}
		p = (struct pollfd){ .fd = peer, .events = POLLIN };
		if (poll(&p, 1, remaining_ms(&deadline)) > 0) {
			n = recvmsg(peer, &mh, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
			for (cm = n == 1 ? CMSG_FIRSTHDR(&mh) : NULL; cm; cm = CMSG_NXTHDR(&mh, cm))
				if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
				    cm->cmsg_len == CMSG_LEN(sizeof(int)))
					memcpy(&got, CMSG_DATA(cm), sizeof(int));
			if (got >= 0 && status != 0) {
				close(got);
				got = -1;
			}
		}
		close(peer);
		if (got < 0)
			return -1;	/* the daemon's own message was bad */
		fd = got;
	}
	return fd;
}

static kern_return_t map_locked(struct iokit_conn *conn, uint32_t type,
				mach_vm_address_t *atAddress, mach_vm_size_t *ofSize,
				IOOptionBits options)
{
	struct uc_map req = { .type = type, .options = options };
	struct uc_map_reply r;
	int listener;
	struct uc_mapping note = { .type = type };
	struct iokit_mapping *grown;
	uint8_t *out = NULL;
	size_t out_len, page = (size_t)sysconf(_SC_PAGESIZE), skew, length;
	int fd, prot, flags = MAP_SHARED;
	void *hint = NULL, *base;
	kern_return_t kr;

	listener = open_listener(req.socket_name);
	if (listener < 0)
		return kIOReturnNoResources;
	kr = iokit_conn_request(conn, UC_OP_MAP, &req, sizeof(req), NULL, &out, &out_len);
	if (kr == kIOReturnSuccess && out_len != sizeof(r))
		kr = kIOReturnIPCError;
	if (kr != kIOReturnSuccess) {
		close(listener);
		talloc_free(out);
		return kr;
	}
	memcpy(&r, out, sizeof(r));
	talloc_free(out);
	fd = receive_fd(listener);
	close(listener);
	if (fd < 0)
		return kIOReturnIPCError;
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
