/* libIOKit's per-process handle table: the Mach port names of this
 * emulation.  Internal to libIOKit, not installed.
 *
 * Every IOKit handle (io_object_t and friends) is a 32-bit name here.  A
 * name has a kind, a pointer to its per-object state, and user references
 * (urefs), exactly like a send right in a Mach IPC space:
 *   - names are never MACH_PORT_NULL (0) or MACH_PORT_DEAD (~0); a name is
 *     index << 8 | generation, and a slot's generation changes when its
 *     name dies, so a released name stays invalid for a long while;
 *   - the same registry entry handed out twice is the same name with one
 *     more uref: port_table_insert_keyed() looks names up by (kind, key),
 *     the key being the 64-bit registry entry ID;
 *   - when the urefs reach 0 the name dies at once; the state's destroy
 *     function runs (outside the lock) when no call holds it any more.
 * Every function is thread-safe (one mutex).
 *
 * The mach_port_* calls (mach/mach_port.h) act on this table.  IOKit calls
 * use port_table_hold(): MACH_SEND_INVALID_DEST for a dead, unknown, NULL
 * or DEAD name, kIOReturnBadArgument for a live name of the wrong kind. */
#ifndef IOKITFS_LIB_MACH_PORT_TABLE_H
#define IOKITFS_LIB_MACH_PORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mach/mach_types.h>

/* Kinds are bits so that calls can accept several (port_table_hold). */
enum port_kind {
	PORT_KIND_REGISTRY_ENTRY	= 1u << 0,	/* io_registry_entry_t, io_service_t */
	PORT_KIND_ITERATOR		= 1u << 1,	/* io_iterator_t */
	PORT_KIND_CONNECTION		= 1u << 2,	/* io_connect_t */
	PORT_KIND_NOTIFICATION		= 1u << 3,	/* matching/interest notification object */
	PORT_KIND_MAIN_PORT		= 1u << 4,	/* the IOKit main port (a send right) */
	PORT_KIND_RECEIVE		= 1u << 5,	/* a receive right (notification wake port) */
};

#define PORT_KINDS_ANY		0xffffffffu
#define PORT_KINDS_IO_OBJECT	(PORT_KIND_REGISTRY_ENTRY | PORT_KIND_ITERATOR | \
				 PORT_KIND_CONNECTION | PORT_KIND_NOTIFICATION)

/* The name mach_task_self() returns; it is in no table slot. */
#define PORT_TABLE_TASK_NAME	((mach_port_name_t)0x103)
/* bootstrap_port's name: a send right in no slot either. */
#define PORT_TABLE_BOOTSTRAP_NAME	((mach_port_name_t)0x107)

/* Frees a name's state; called once, without the table lock held. */
typedef void (*port_state_destroy_fn)(void *state);

struct port_record;

/* A call's temporary hold on a live name: state stays valid until
 * port_table_unhold(), even if another thread releases the name. */
struct port_hold {
	struct port_record *record;
	enum port_kind kind;
	void *state;
	uint64_t key;
	mach_port_name_t name;
};

/* A new name with one uref.  PORT_KIND_RECEIVE names hold a receive right
 * (no urefs: mach_port_mod_refs(RECEIVE, -1) destroys them); every other
 * kind holds a send right.  KERN_NO_SPACE when the table is full,
 * KERN_RESOURCE_SHORTAGE when out of memory, KERN_INVALID_ARGUMENT for a
 * kind that is not exactly one of the bits. */
kern_return_t port_table_insert(enum port_kind kind, void *state, port_state_destroy_fn destroy,
				mach_port_name_t *name);

/* The name for (kind, key) with one more uref if it exists (*inserted =
 * false: the caller still owns `state` and must free it), else a new name
 * owning `state` (*inserted = true).  KERN_UREFS_OVERFLOW if the existing
 * name is at MACH_PORT_UREFS_MAX. */
kern_return_t port_table_insert_keyed(enum port_kind kind, uint64_t key, void *state,
				      port_state_destroy_fn destroy, mach_port_name_t *name,
				      bool *inserted);

/* Like the keyed insert when the name exists (+1 uref); KERN_INVALID_NAME
 * if (kind, key) has no live name.  Lets a caller skip building state. */
kern_return_t port_table_retain_keyed(enum port_kind kind, uint64_t key, mach_port_name_t *name);

/* Holds a live name whose kind is in `kinds`.  MACH_SEND_INVALID_DEST if
 * the name is not live; kIOReturnBadArgument if its kind is not wanted. */
kern_return_t port_table_hold(mach_port_name_t name, unsigned kinds, struct port_hold *hold);
void port_table_unhold(struct port_hold *hold);

/* User references (what mach_port_mod_refs/get_refs use for send rights).
 * KERN_INVALID_NAME for a name that is not live, KERN_INVALID_RIGHT for a
 * receive-right name, KERN_INVALID_VALUE when delta would go below 0,
 * KERN_UREFS_OVERFLOW above MACH_PORT_UREFS_MAX.  Reaching 0 kills the
 * name. */
kern_return_t port_table_mod_urefs(mach_port_name_t name, int delta);
kern_return_t port_table_get_urefs(mach_port_name_t name, mach_port_urefs_t *urefs);

/* Destroys a receive-right name (mach_port_mod_refs(RECEIVE, -1)). */
kern_return_t port_table_destroy_receive(mach_port_name_t name);

/* Gives a live receive-right name that has no state yet (one from
 * mach_port_allocate) `state` and `destroy`.  If the name already has
 * state, nothing changes and *current is that state (the caller still owns
 * `state`); else *current = state.  KERN_INVALID_NAME for a name that is not
 * live, KERN_INVALID_RIGHT for a name that is not a receive right. */
kern_return_t port_table_attach_receive(mach_port_name_t name, void *state,
					port_state_destroy_fn destroy, void **current);

/* KERN_SUCCESS with the kind of a live name, else KERN_INVALID_NAME. */
kern_return_t port_table_kind(mach_port_name_t name, enum port_kind *kind);

/* Every live name and its kind, in slot order, into malloc'd arrays
 * (*names and *kinds, both NULL when there are none).  KERN_SUCCESS or
 * KERN_RESOURCE_SHORTAGE. */
kern_return_t port_table_names(mach_port_name_t **names, enum port_kind **kinds, size_t *count);

/* Number of live names (tests use it as a leak check). */
size_t port_table_live_names(void);

#endif
