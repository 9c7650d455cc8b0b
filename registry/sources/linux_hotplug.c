/* Hot-plug: a thread that turns device events into linux_source_rescan
 * calls.  Events come from a libudev monitor on the real /sys ("udev"
 * events once udevd has processed them, or the kernel's own when no udevd
 * runs, as in containers), and from a pipe that linux_source_inject_event
 * writes, for fixture trees, which have no udev.
 *
 * Two more sources keep live values fresh where the kernel sends no
 * uevent: an rtnetlink socket (RTMGRP_LINK) for network links, whose
 * carrier and operstate change with `ip link set DEV up` and cable
 * events (the interface is re-read: IOLinkStatus, IOLinuxOperState ...),
 * and inotify on the console users' sources (logind's session directory,
 * utmp), which re-reads IOConsoleUsers. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "linux_sysfs_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libudev.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <stdio.h>
#include <string.h>
#include <talloc.h>
#include <unistd.h>

/* IFNAMSIZ without net/if.h (which clashes with linux/if.h). */
#define IFNAMSIZ_MAX 16

static void handle_event(struct linux_source *src, const char *action,
			 const char *devpath, const char *old_devpath)
{
	if (action && strcmp(action, "move") == 0 && old_devpath)
		linux_source_rescan(src, old_devpath);
	if (devpath)
		linux_source_rescan(src, devpath);
	__atomic_add_fetch(&src->events_handled, 1, __ATOMIC_SEQ_CST);
}

static void handle_udev(struct linux_source *src)
{
	struct udev_device *dev = udev_monitor_receive_device(src->monitor);

	if (!dev)
		return;
	handle_event(src, udev_device_get_action(dev), udev_device_get_devpath(dev),
		     udev_device_get_property_value(dev, "DEVPATH_OLD"));
	udev_device_unref(dev);
}

/* Lines "action\tdevpath[\told]\n" from the injection pipe. */
static void handle_injected(struct linux_source *src, char *buf, size_t *used)
{
	char *line = buf, *nl;

	while ((nl = memchr(line, '\n', *used - (size_t)(line - buf)))) {
		char *fields[3] = { NULL, NULL, NULL };
		char *p = line;

		*nl = '\0';
		for (int i = 0; i < 3 && p; i++) {
			char *tab = strchr(p, '\t');

			fields[i] = p;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
		}
		handle_event(src, fields[0], fields[1], fields[2]);
		line = nl + 1;
	}
	*used -= (size_t)(line - buf);
	memmove(buf, line, *used);
}

/* A link's devpath: /sys/class/net/NAME resolved below the root. */
static void rescan_link(struct linux_source *src, const char *ifname)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;
	const char *dev;

	if (!*ifname || strchr(ifname, '/') ||
	    snprintf(path, sizeof(path), "%s/class/net/%s", src->root, ifname) >=
		    (int)sizeof(path))
		return;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	dev = strstr(target, "/devices/");
	if (dev)
		linux_source_rescan(src, dev);
}

/* RTM_NEWLINK messages: re-read each link named. */
static void handle_netlink(struct linux_source *src)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	ssize_t len = recv(src->netlink_fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (len <= 0)
		return;
	for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)len);
	     h = NLMSG_NEXT(h, len)) {
		struct ifinfomsg *ifi;
		int alen;

		if (h->nlmsg_type != RTM_NEWLINK ||
		    h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
			continue;
		ifi = NLMSG_DATA(h);
		alen = (int)(h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi)));
		for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
			if (a->rta_type == IFLA_IFNAME) {
				char name[IFNAMSIZ_MAX + 1];
				size_t nlen = RTA_PAYLOAD(a) < IFNAMSIZ_MAX ? RTA_PAYLOAD(a)
									    : IFNAMSIZ_MAX;

				memcpy(name, RTA_DATA(a), nlen);
				name[nlen] = '\0';
				rescan_link(src, name);
				__atomic_add_fetch(&src->events_handled, 1, __ATOMIC_SEQ_CST);
			}
		}
	}
}

static void open_netlink(struct linux_source *src)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);

	if (fd < 0)
		return;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return;
	}
	src->netlink_fd = fd;
}

static void open_inotify(struct linux_source *src)
{
	int fd, watches = 0;

	if (!src->sessions_dir && !src->utmp_path)
		return;
	fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (fd < 0)
		return;
	if (src->sessions_dir &&
	    inotify_add_watch(fd, src->sessions_dir,
			      IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_CLOSE_WRITE) >= 0)
		watches++;
	if (src->utmp_path && inotify_add_watch(fd, src->utmp_path, IN_MODIFY | IN_CLOSE_WRITE) >= 0)
		watches++;
	if (!watches) {
		close(fd);
		return;
	}
	src->inotify_fd = fd;
}

static void handle_inotify(struct linux_source *src)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));

	while (read(src->inotify_fd, buf, sizeof(buf)) > 0)
		;	/* drain: one re-read covers every change so far */
	lx_resources_refresh_users(src);
	__atomic_add_fetch(&src->events_handled, 1, __ATOMIC_SEQ_CST);
}

static void *hotplug_thread(void *arg)
{
	struct linux_source *src = arg;
	char buf[2 * 4096];
	size_t used = 0;

	for (;;) {
		struct pollfd fds[5] = {
			{ .fd = src->stop_pipe[0], .events = POLLIN },
			{ .fd = src->event_pipe[0], .events = POLLIN },
			{ .fd = src->monitor ? udev_monitor_get_fd(src->monitor) : -1,
			  .events = POLLIN },
			{ .fd = src->netlink_fd, .events = POLLIN },
			{ .fd = src->inotify_fd, .events = POLLIN },
		};

		if (poll(fds, 5, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents)
			break;
		if (fds[1].revents & POLLIN) {
			ssize_t n = read(src->event_pipe[0], buf + used, sizeof(buf) - used);

			if (n > 0) {
				used += (size_t)n;
				handle_injected(src, buf, &used);
				if (used == sizeof(buf))
					used = 0;	/* a line too long: drop it */
			}
		}
		if (fds[2].revents & POLLIN)
			handle_udev(src);
		if (fds[3].revents & POLLIN)
			handle_netlink(src);
		if (fds[4].revents & POLLIN)
			handle_inotify(src);
	}
	return NULL;
}

static void close_fds(struct linux_source *src)
{
	for (int i = 0; i < 2; i++) {
		if (src->event_pipe[i] >= 0)
			close(src->event_pipe[i]);
		if (src->stop_pipe[i] >= 0)
			close(src->stop_pipe[i]);
		src->event_pipe[i] = src->stop_pipe[i] = -1;
	}
	if (src->netlink_fd >= 0)
		close(src->netlink_fd);
	if (src->inotify_fd >= 0)
		close(src->inotify_fd);
	src->netlink_fd = src->inotify_fd = -1;
	if (src->monitor)
		udev_monitor_unref(src->monitor);
	if (src->udev)
		udev_unref(src->udev);
	src->monitor = NULL;
	src->udev = NULL;
}

int linux_source_start(struct linux_source *src)
{
	int ret;

	if (!src || !src->hotplug || src->running)
		return 0;
	if (pipe2(src->event_pipe, O_CLOEXEC | O_NONBLOCK) != 0 ||
	    pipe2(src->stop_pipe, O_CLOEXEC) != 0) {
		ret = -errno;
		goto fail;
	}
	if (src->real_sys) {
		/* Without udevd nobody relays "udev" events: listen to the kernel. */
		const char *group = access("/run/udev/control", F_OK) == 0 ? "udev" : "kernel";

		src->udev = udev_new();
		src->monitor = src->udev ? udev_monitor_new_from_netlink(src->udev, group)
					 : NULL;
		if (!src->monitor || udev_monitor_enable_receiving(src->monitor) < 0) {
			ret = -EIO;
			goto fail;
		}
	}
	if (src->real_sys)
		open_netlink(src);	/* without it, links are as of their last uevent */
	open_inotify(src);
	ret = -pthread_create(&src->thread, NULL, hotplug_thread, src);
	if (ret)
		goto fail;
	src->running = true;
	return 0;
fail:
	close_fds(src);
	return ret;
}

void lx_hotplug_stop(struct linux_source *src)
{
	if (!src->running)
		return;
	if (write(src->stop_pipe[1], "x", 1) != 1) {
		/* The pipe is empty and ours: this cannot fail short of EBADF. */
	}
	pthread_join(src->thread, NULL);
	src->running = false;
	close_fds(src);
}

void linux_source_stop(struct linux_source *src)
{
	if (src)
		lx_hotplug_stop(src);
}

int linux_source_inject_event(struct linux_source *src, const char *action,
			      const char *devpath, const char *old_devpath)
{
	char line[4096];
	int len;

	if (!src || !action || !devpath)
		return -EINVAL;
	if (!src->running)
		return -ENOTCONN;
	if (strpbrk(action, "\t\n") || strpbrk(devpath, "\t\n") ||
	    (old_devpath && strpbrk(old_devpath, "\t\n")))
		return -EINVAL;
	len = old_devpath ? snprintf(line, sizeof(line), "%s\t%s\t%s\n", action, devpath,
				     old_devpath)
			  : snprintf(line, sizeof(line), "%s\t%s\n", action, devpath);
	/* A line within PIPE_BUF is written whole or not at all. */
	if (len < 0 || (size_t)len >= sizeof(line))
		return -ENAMETOOLONG;
	if (write(src->event_pipe[1], line, (size_t)len) != len)
		return errno ? -errno : -EIO;
	return 0;
}

unsigned long linux_source_events_handled(struct linux_source *src)
{
	return __atomic_load_n(&src->events_handled, __ATOMIC_SEQ_CST);
}
