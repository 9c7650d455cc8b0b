/* The one thread that tells the kernel about registry changes.
 *
 * A registry listener (called under the registry's write lock) only copies
 * the event into a queue.  The notifier thread drains the queue, works out
 * which cached names and attributes went stale (under the read lock), drops
 * every lock, and only then calls fuse_lowlevel_notify_*: never from inside
 * a request handler, never with a lock held (fuse-notes §2.5). */
#ifndef IOKITFS_FS_NOTIFIER_H
#define IOKITFS_FS_NOTIFIER_H

#include "fs.h"

/* Registers the listener and starts the thread.  NULL on failure. */
struct notifier *notifier_start(void *ctx, struct iokitfs *fs);
/* Waits until the notifications for every change made so far have been
 * sent (at most 2 s), so a change made through the mount is visible in
 * every cached listing when the call that made it returns.  For handlers
 * whose caller holds no lock the notifier may need: setxattr and
 * removexattr (the kernel holds the entry directory's, which the notifier
 * never takes for a property change) and flush; never write (the kernel
 * holds the property file's inode lock, which notify_delete of that file
 * takes: write()s are synced at close), unlink or create (their
 * directory's, which notify_delete takes).  Safe with NULL. */
void notifier_sync(struct notifier *n);
/* Asks the notifier thread to call fn(data) soon, with no lock held
 * (after the cache notifications of the changes queued so far), so that
 * code running under the registry lock or in a handler can have poll
 * wakeups and deferred replies sent (notify_file.c).  A pending (fn, data)
 * pair is not queued twice.  Callable from any thread, under any lock but
 * the notifier's.  Returns false (nothing will run) with NULL or when out
 * of memory. */
bool notifier_defer(struct notifier *n, void (*fn)(void *data), void *data);
/* Unregisters, drains and joins.  Safe with NULL. */
void notifier_stop(struct notifier *n);

#endif
