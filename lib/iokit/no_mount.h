/* Explaining a missing mount to whoever ported a macOS tool: libIOKit finds
 * the registry through an iokitfs mount (IOKIT_ROOT, else /run/iokit, else
 * the first iokitfs mount), and every call fails as on a Mac without
 * IOKit's kernel side when none is found.  That failure says nothing by
 * itself, so the first one in a process prints one line to stderr saying
 * what was looked for and how to mount, unless IOKIT_QUIET is set to
 * anything but "0".  Thread-safe (the line is printed once). */
#ifndef IOKITFS_LIB_NO_MOUNT_H
#define IOKITFS_LIB_NO_MOUNT_H

/* Called when no mount was found; prints the line the first time only. */
void iokit_explain_no_mount(void);

/* The same explanation into buf (for tools such as ioreg that print their
 * own message).  Returns buf. */
char *iokit_no_mount_reason(char *buf, unsigned long size);

#endif
