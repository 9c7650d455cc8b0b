/* Which registry changes a notification subscription hears of, and what it
 * is told: the registry half of IOServiceAddMatchingNotification and
 * IOServiceAddInterestNotification, with no FUSE and no threads in it.
 *
 * A subscription is either a matching notification (a kind and a matching
 * dictionary) or an interest notification (a kind and one entry).  The
 * daemon keeps one per request of a notification port and passes every
 * registry event through notify_filter() from its listener, that is with
 * the registry's write lock held (registry.h), so the entry named by the
 * event can still be read, even an entry about to be freed.
 *
 * What each kind hears (docs/notifications.md):
 *   publish, matched          a service attached to the IOService plane (it
 *                             had no parent there before) that matches;
 *   first publish, first match the same, only once per entry per
 *                             subscription (the existing set counts);
 *   terminated                a matching service being removed;
 *   general interest          kIOMessageServicePropertyChange for a property
 *                             change, a driver's messages (REG_EVENT_MESSAGE)
 *                             and kIOMessageServiceIsTerminated at removal;
 *   busy interest             kIOMessageServiceBusyStateChange when the
 *                             entry's busy state goes from quiet to busy
 *                             (argument 1) or back (argument 0); its busy
 *                             state counts busy descendants in the IOService
 *                             plane, as IOService's does. */
#ifndef IOKITFS_REGISTRY_NOTIFY_FILTER_H
#define IOKITFS_REGISTRY_NOTIFY_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "registry.h"
#include "value.h"

enum notify_kind {
	NOTIFY_PUBLISH = 1,		/* kIOPublishNotification */
	NOTIFY_FIRST_PUBLISH,		/* kIOFirstPublishNotification */
	NOTIFY_MATCHED,			/* kIOMatchedNotification */
	NOTIFY_FIRST_MATCH,		/* kIOFirstMatchNotification */
	NOTIFY_TERMINATED,		/* kIOTerminatedNotification */
	NOTIFY_GENERAL_INTEREST,	/* kIOGeneralInterest */
	NOTIFY_BUSY_INTEREST,		/* kIOBusyInterest */
};

/* IOMessage values (IOMessage.h). */
#define NOTIFY_MSG_SERVICE_IS_TERMINATED	0xE0000010u
#define NOTIFY_MSG_BUSY_STATE_CHANGE		0xE0000120u
#define NOTIFY_MSG_PROPERTY_CHANGE		0xE0000130u

/* User message types of matching notifications (OSMessageNotification.h). */
#define NOTIFY_TYPE_PUBLISH	100u
#define NOTIFY_TYPE_MATCHED	101u
#define NOTIFY_TYPE_TERMINATED	102u

/* The kind for an IOKit notification type string ("IOServicePublish"...)
 * or, with interest, an interest type ("IOGeneralInterest"...); 0 when
 * unknown or not modelled (the caller answers kIOReturnUnsupported). */
enum notify_kind notify_kind_from_name(const char *name, bool interest);
bool notify_kind_is_interest(enum notify_kind kind);
/* 100, 101 or 102 for matching kinds, 160 for interest kinds. */
uint32_t notify_kind_message_type(enum notify_kind kind);
const char *notify_kind_name(enum notify_kind kind);

struct notify_sub;

/* A matching subscription; the dictionary is copied.  NULL when out of
 * memory or when matching is not a dictionary. */
struct notify_sub *notify_sub_new_matching(void *ctx, enum notify_kind kind,
					   const struct reg_value *matching);
/* An interest subscription on entry e.  Caller holds the registry lock
 * (the busy state at subscription time is remembered). */
struct notify_sub *notify_sub_new_interest(void *ctx, const struct registry *reg,
					   enum notify_kind kind, const struct reg_entry *e);

enum notify_kind notify_sub_kind(const struct notify_sub *sub);
uint64_t notify_sub_entry(const struct notify_sub *sub); /* interest; 0 otherwise */

/* The services a new matching subscription reports at once (macOS fills
 * the notification's set with them for every kind but terminated): their
 * IDs on ctx, in matching order.  First-kinds remember them as delivered.
 * Caller holds the registry lock.  Returns 0 or -1 (out of memory). */
int notify_sub_existing(void *ctx, const struct registry *reg, struct notify_sub *sub,
			uint64_t **ids, size_t *count);

struct notify_delivery {
	uint64_t entry_id;
	uint32_t message;	/* matching: 100/101/102; interest: the IOMessage */
	uint64_t argument;	/* interest: the message's argument */
	bool final;		/* the entry is gone: nothing more will come */
};

/* Whether ev means something to sub, and what.  Caller holds the registry
 * lock (the listener's write lock).  May update sub's own memory (first
 * sets, busy state), so one subscription is filtered by one thread at a
 * time. */
bool notify_filter(struct notify_sub *sub, const struct registry *reg,
		   const struct reg_event *ev, struct notify_delivery *out);

/* IOService's busy count: the entry's own, plus one for each child in the
 * IOService plane that is busy itself (so a busy leaf makes every provider
 * above it busy).  Caller holds the registry lock. */
uint32_t notify_busy_state(const struct registry *reg, const struct reg_entry *e);

#endif
