/* Finding the iokitfs mount and calling the registry through its control
 * file (docs/control-protocol.md).  One descriptor per process, opened at
 * the first call; calls are serialised on it because a long reply is read
 * back from the descriptor after its ioctl.  A forked child reopens the
 * file, so parent and child never share a reply in progress. */
#include "iokit_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <talloc.h>
#include <unistd.h>

#include "no_mount.h"
#include "rpc_wire.h"
#include "value_binary.h"
#include "version.h"

#define DEFAULT_MOUNT "/run/iokit"
#define CONTROL_PATH "/.iokit/" IOKITFS_CONTROL_NAME

static pthread_mutex_t transport_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t atfork_once = PTHREAD_ONCE_INIT;
static int control_fd = -1;		/* guarded by transport_lock */
/* The handshake's verdict on the daemon last seen: 0 until one was made,
 * else kIOReturnSuccess or kIOReturnUnsupported (mismatched daemon). */
static int daemon_verdict;		/* guarded by transport_lock */
static struct iokitfs_msg *wire_msg;	/* guarded by transport_lock */

static void before_fork(void)
{
	pthread_mutex_lock(&transport_lock);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&transport_lock);
}

static void after_fork_child(void)
{
	/* The inherited descriptor shares its open file (and so any reply in
	 * progress) with the parent: the child opens its own at its next
	 * call. */
	if (control_fd >= 0)
		close(control_fd);
	control_fd = -1;
	pthread_mutex_unlock(&transport_lock);
}

static void install_atfork(void)
{
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
}

static bool has_control_file(const char *mnt)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s%s", mnt, CONTROL_PATH) >= (int)sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* /proc/self/mounts escapes space, tab, newline and backslash as \ooo. */
static void unescape_mount_field(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* The first fuse.iokitfs mount this process can see, or false. */
static bool first_iokitfs_mount(char *out, size_t size)
{
	FILE *f = fopen("/proc/self/mounts", "re");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		char *save = NULL;
		char *dev = strtok_r(line, " ", &save);
		char *dir = dev ? strtok_r(NULL, " ", &save) : NULL;
		char *type = dir ? strtok_r(NULL, " ", &save) : NULL;

		if (!type || strcmp(type, "fuse.iokitfs") != 0)
			continue;
		unescape_mount_field(dir);
		if (strlen(dir) < size && has_control_file(dir)) {
			strcpy(out, dir);
			found = true;
		}
	}
	fclose(f);
	return found;
}

int iokit_find_mount(char *out, size_t size)
{
	const char *env = getenv("IOKIT_ROOT");

	/* An explicit IOKIT_ROOT is the only place looked at. */
	if (env && env[0]) {
		if (strlen(env) >= size || !has_control_file(env))
			return -1;
		strcpy(out, env);
		return 0;
	}
	if (has_control_file(DEFAULT_MOUNT)) {
		snprintf(out, size, "%s", DEFAULT_MOUNT);
		return 0;
	}
	return first_iokitfs_mount(out, size) ? 0 : -1;
}

static int do_ioctl(int fd, struct iokitfs_msg *msg);

/* The version handshake on a freshly opened control file (proto/version.h).
 * Lock held.  Returns kIOReturnSuccess, kIOReturnUnsupported for a daemon
 * that speaks another protocol (said once on stderr), or
 * kIOReturnIPCError. */
static int hello(int fd, const char *mnt)
{
	static bool said;
	struct iokitfs_hello mine = {
		.magic = IOKITFS_HELLO_MAGIC,
		.version = IOKITFS_PROTO_VERSION,
		.min_version = IOKITFS_PROTO_MIN_VERSION,
	}, theirs = { 0 };

	memset(wire_msg, 0, IOKITFS_MSG_HEADER + sizeof(mine));
	wire_msg->op = IOKITFS_OP_HELLO;
	wire_msg->length = wire_msg->total = sizeof(mine);
	memcpy(wire_msg->data, &mine, sizeof(mine));
	if (do_ioctl(fd, wire_msg) != 0)
		return kIOReturnIPCError;
	if (wire_msg->length == sizeof(theirs))
		memcpy(&theirs, wire_msg->data, sizeof(theirs));
	if (wire_msg->result == kIOReturnSuccess && theirs.magic == IOKITFS_HELLO_MAGIC)
		return kIOReturnSuccess;
	if (!said) {
		said = true;
		if (theirs.magic == IOKITFS_HELLO_MAGIC)
			fprintf(stderr,
				"libIOKit: the iokitfs daemon at %s speaks protocol %u (oldest "
				"client %u); this libIOKit speaks %u: install matching versions "
				"of iokitfs and libIOKit\n",
				mnt, theirs.version, theirs.min_version, IOKITFS_PROTO_VERSION);
		else
			fprintf(stderr,
				"libIOKit: the iokitfs daemon at %s predates protocol versions "
				"(protocol 1); this libIOKit speaks %u: install matching versions "
				"of iokitfs and libIOKit\n",
				mnt, IOKITFS_PROTO_VERSION);
	}
	return kIOReturnUnsupported;
}

/* Called with transport_lock held.  Returns the descriptor or -1 (then
 * daemon_verdict says kIOReturnUnsupported for a mismatched daemon). */
static int control_file(void)
{
	char mnt[PATH_MAX], path[PATH_MAX + sizeof(CONTROL_PATH)];

	if (control_fd >= 0)
		return control_fd;
	if (!wire_msg && !(wire_msg = calloc(1, sizeof(*wire_msg))))	/* ioctl copies it whole */
		return -1;
	if (iokit_find_mount(mnt, sizeof(mnt)) != 0) {
		iokit_explain_no_mount();
		return -1;
	}
	snprintf(path, sizeof(path), "%s%s", mnt, CONTROL_PATH);
	/* A read-only mount refuses write opens; calls only need ioctl and
	 * read (large requests are staged with IOKITFS_OP_STAGE). */
	control_fd = open(path, O_RDWR | O_CLOEXEC);
	if (control_fd < 0)
		control_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (control_fd < 0)
		return -1;
	daemon_verdict = hello(control_fd, mnt);
	if (daemon_verdict != kIOReturnSuccess) {
		close(control_fd);
		control_fd = -1;
	}
	return control_fd;
}

int iokit_check_daemon(void)
{
	int ret;

	pthread_once(&atfork_once, install_atfork);
	pthread_mutex_lock(&transport_lock);
	daemon_verdict = 0;
	ret = control_file() >= 0 ? kIOReturnSuccess
	      : daemon_verdict ? daemon_verdict
	      : wire_msg	  ? kIOReturnNoDevice
			  : kIOReturnNoMemory;
	pthread_mutex_unlock(&transport_lock);
	return ret;
}

static int do_ioctl(int fd, struct iokitfs_msg *msg)
{
	int ret;

	do
		ret = ioctl(fd, IOKITFS_IOC_CALL, msg);
	while (ret < 0 && errno == EINTR);
	return ret;
}

/* Sends a request too large for one message in pieces.  Lock held. */
static int stage_request(int fd, const uint8_t *bytes, size_t len)
{
	for (size_t off = 0; off < len;) {
		size_t n = len - off < IOKITFS_MSG_DATA ? len - off : IOKITFS_MSG_DATA;

		memset(wire_msg, 0, IOKITFS_MSG_HEADER);
		wire_msg->op = IOKITFS_OP_STAGE;
		wire_msg->length = (uint32_t)n;
		memcpy(wire_msg->data, bytes + off, n);
		if (do_ioctl(fd, wire_msg) != 0)
			return kIOReturnIPCError;
		if (wire_msg->result != kIOReturnSuccess)
			return wire_msg->result;
		off += n;
	}
	return kIOReturnSuccess;
}

/* Reads the rest of a long reply.  Lock held. */
static int read_rest(int fd, uint8_t *buf, size_t have, size_t total)
{
	while (have < total) {
		ssize_t n = read(fd, buf + have, total - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return kIOReturnIPCError;
		have += (size_t)n;
	}
	return kIOReturnSuccess;
}

/* The exchange itself: lock held, request encoded.  The reply payload in
 * *out: when it came whole in one message, wire_msg->data itself (valid
 * while the lock is held), else a copy on ctx. */
static int exchange(void *ctx, uint32_t op, const uint8_t *req, size_t req_len,
		    uint8_t **out, size_t *out_len)
{
	int fd;
	uint8_t *reply;
	int ret;

	daemon_verdict = 0;
	fd = control_file();
	if (fd < 0)
		return daemon_verdict ? daemon_verdict : wire_msg ? kIOReturnNoDevice : kIOReturnNoMemory;
	if (req_len > IOKITFS_MSG_DATA) {
		ret = stage_request(fd, req, req_len);
		if (ret != kIOReturnSuccess)
			return ret;
		memset(wire_msg, 0, IOKITFS_MSG_HEADER);
		wire_msg->total = (uint32_t)req_len;
	} else {
		memset(wire_msg, 0, IOKITFS_MSG_HEADER);
		wire_msg->length = wire_msg->total = (uint32_t)req_len;
		if (req_len)
			memcpy(wire_msg->data, req, req_len);
	}
	wire_msg->op = op;
	if (do_ioctl(fd, wire_msg) != 0)
		return kIOReturnIPCError;
	if (wire_msg->length > IOKITFS_MSG_DATA || wire_msg->total < wire_msg->length)
		return kIOReturnIPCError;
	*out_len = wire_msg->total;
	if (!wire_msg->total) {
		*out = NULL;
		return wire_msg->result;
	}
	if (wire_msg->length == wire_msg->total) {
		*out = wire_msg->data;
		return wire_msg->result;
	}
	reply = talloc_size(ctx, wire_msg->total);
	if (!reply)
		return kIOReturnNoMemory;
	memcpy(reply, wire_msg->data, wire_msg->length);
	ret = read_rest(fd, reply, wire_msg->length, wire_msg->total);
	if (ret != kIOReturnSuccess) {
		talloc_free(reply);
		return ret;
	}
	*out = reply;
	return wire_msg->result;
}

int iokit_call(void *ctx, uint32_t op, const struct reg_value *args, struct reg_value **reply)
{
	void *tmp = talloc_new(NULL);
	uint8_t *req = NULL, *rep = NULL;
	size_t req_len = 0, rep_len = 0;
	int ret;

	if (reply)
		*reply = NULL;
	if (!tmp)
		return kIOReturnNoMemory;
	if (args && !(req = reg_value_to_binary(tmp, args, &req_len))) {
		talloc_free(tmp);
		return kIOReturnNoMemory;
	}
	if (req_len > IOKITFS_MAX_PAYLOAD) {
		talloc_free(tmp);
		return kIOReturnMessageTooLarge;
	}
	pthread_once(&atfork_once, install_atfork);
	pthread_mutex_lock(&transport_lock);
	ret = exchange(tmp, op, req, req_len, &rep, &rep_len);
	/* Decoded before the lock goes: rep may be the message buffer. */
	if (rep && reply) {
		struct reg_value *v = reg_value_from_binary(ctx, rep, rep_len, NULL);

		if (!v && ret == kIOReturnSuccess)
			ret = kIOReturnIPCError;
		*reply = v;
	}
	pthread_mutex_unlock(&transport_lock);
	talloc_free(tmp);
	return ret;
}
