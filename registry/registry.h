/* The I/O Registry model: entries, planes, classes, properties, change events.
 *
 * Knows nothing of FUSE, sysfs or any file format.
 *
 * Locking.  A registry has one reader/writer lock.  Every function here that
 * reads the tree must be called with the read (or write) lock held; every
 * function that changes it needs the write lock.  Pointers to entries and
 * values are valid only while the lock is held: code that must remember an
 * entry across unlocks keeps its registry ID and looks it up again
 * (registry_entry_by_id), which is O(1).  Values stored in the registry are
 * never modified in place (a property change replaces the value), and readers
 * must not talloc-allocate on registry-owned memory: they copy what they need
 * onto their own context.
 *
 * Structures are public so that readers can walk them cheaply; only
 * registry.c (and the mutators declared here) write to them, except that a
 * loader filling a registry nobody else sees yet may set an entry's plain
 * counters (is_service, retain, busy_time_ns) and a class's bundle_id.
 *
 * Error convention of registry/ (one per room, docs/architecture.md):
 * operations a client can see (setProperties, user clients, the control
 * file's ops, the policy point) return an IOReturn (ioreturn.h); the
 * model's own mutators here return 0 or -1 (out of memory or a refused
 * link), and their contracts say who owns a value on failure.  Lookups
 * return the object or NULL. */
#ifndef IOKITFS_REGISTRY_REGISTRY_H
#define IOKITFS_REGISTRY_REGISTRY_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "value.h"

#define REG_MAX_PLANES 32
#define REG_NO_PLANE (-1)		/* "global": the entry's own name/location */
#define REG_ROOT_ID 0x100000100ULL	/* kIORegistryIDReserved + 1 */

/* kIOService*State bits (IOService.h), as ioreg and IOServiceGetState show. */
#define REG_STATE_INACTIVE		0x00000001u
#define REG_STATE_REGISTERED		0x00000002u
#define REG_STATE_MATCHED		0x00000004u
#define REG_STATE_FIRST_PUBLISH		0x00000008u
#define REG_STATE_FIRST_MATCH		0x00000010u

struct registry;
struct reg_entry;

struct reg_class {
	char *name;
	struct reg_class *super;	/* NULL only for OSObject */
	char *bundle_id;		/* may be NULL */
	struct reg_class **subclasses;
	size_t nsubclasses;
	struct reg_entry **instances;	/* entries whose class is exactly this */
	size_t ninstances, instances_cap;
};

/* An entry's presence in one plane. */
struct reg_plane_links {
	char *name;		/* name in this plane; NULL: use the global name */
	char *location;		/* location in this plane; NULL: the global one */
	struct reg_entry **parents;
	size_t nparents, parents_cap;
	struct reg_entry **children;
	size_t nchildren, children_cap;
};

struct reg_entry {
	struct registry *registry;
	uint64_t id;
	char *name;			/* global name ("IOName") */
	char *location;			/* global location, or NULL */
	struct reg_class *cls;
	size_t class_slot;		/* index in cls->instances */
	bool is_service;		/* conforms to IOService: shows state in ioreg */
	uint32_t state;			/* REG_STATE_* */
	uint32_t busy;			/* busy count */
	uint64_t busy_time_ns;		/* accumulated busy time */
	uint32_t retain;		/* kernel retain count, as the source says */
	struct reg_value *properties;	/* REG_DICT, never NULL */
	uint64_t properties_generation;	/* bumped on every property change */
	struct reg_plane_links *planes[REG_MAX_PLANES]; /* NULL: not in plane */
	/* The driver attached to the entry (driver.h), and its private state. */
	const struct reg_driver *driver;
	void *driver_data;
	uint64_t walk_mark;		/* registry.c's visited marker for walks */
};

/* Change events, delivered synchronously to listeners while the writer
 * still holds the write lock.  A listener must be quick, must not call back
 * into the registry's locking functions, and copies what it needs. */
enum reg_event_kind {
	REG_EVENT_ENTRY_ADDED = 1,	/* entry created (not yet attached) */
	REG_EVENT_ENTRY_REMOVED,	/* entry about to be freed */
	REG_EVENT_ATTACHED,		/* entry attached under parent in plane */
	REG_EVENT_DETACHED,		/* entry detached from parent in plane */
	REG_EVENT_PROPERTY_CHANGED,	/* key set or removed (key NULL: many) */
	REG_EVENT_STATE_CHANGED,	/* state, busy or name changed */
	REG_EVENT_MESSAGE,		/* a driver's message to interested clients */
};

struct reg_event {
	enum reg_event_kind kind;
	uint64_t entry_id;
	uint64_t parent_id;	/* ATTACHED/DETACHED */
	int plane;		/* ATTACHED/DETACHED */
	const char *key;	/* PROPERTY_CHANGED; may be NULL */
	uint32_t message;	/* MESSAGE: the IOMessage */
	uint64_t argument;	/* MESSAGE: its argument */
	const char *entry_class; /* class name of the entry */
};

typedef void (*reg_listener_fn)(void *data, const struct reg_event *event);

/* Creating and freeing.  A new registry has a Root entry (class
 * IORegistryEntry, ID REG_ROOT_ID) and no planes.  The returned registry is
 * a talloc context; talloc_free releases everything. */
struct registry *registry_new(void *ctx);

void registry_rdlock(struct registry *reg);
void registry_wrlock(struct registry *reg);
void registry_unlock(struct registry *reg);

/* Incremented on every change of the tree's shape (entries added, removed,
 * attached, detached).  Registry iterators compare it to stay valid. */
uint64_t registry_generation(const struct registry *reg);

/* The matching indexes kept for this registry (match_index.h). */
struct reg_match_index *registry_match_index(const struct registry *reg);

/* Planes. */
int registry_add_plane(struct registry *reg, const char *name); /* index or -1 */
int registry_plane_index(const struct registry *reg, const char *name); /* or -1 */
size_t registry_plane_count(const struct registry *reg);
const char *registry_plane_name(const struct registry *reg, int plane);

/* Classes.  registry_class_get returns NULL for an unknown class.
 * registry_class_declare creates the class if needed; superclass may be NULL
 * (then the built-in table of IOKit classes is asked, then OSObject).  If
 * the class exists with another superclass, an explicit superclass given
 * here wins (sources such as .ioreg archives know the real chain). */
struct reg_class *registry_class_get(const struct registry *reg, const char *name);
struct reg_class *registry_class_declare(struct registry *reg, const char *name,
					 const char *superclass);
/* Declares a whole chain, most derived first (as .ioreg "inheritance" and
 * ioreg -i give it); returns the most derived class. */
struct reg_class *registry_class_declare_chain(struct registry *reg,
					       const char *const *chain, size_t n);
bool reg_class_conforms_to(const struct reg_class *cls, const char *name);
size_t registry_class_count(const struct registry *reg);
/* All classes in declaration order, for --check summaries. */
struct reg_class *registry_class_at(const struct registry *reg, size_t i);

/* Entries. */
struct reg_entry *registry_root(const struct registry *reg);
/* id 0 allocates the next free ID.  A taken id fails (NULL).  The entry
 * starts unattached, with empty properties, is_service set when the class
 * conforms to IOService, and state registered|matched for services. */
struct reg_entry *registry_entry_new(struct registry *reg, uint64_t id,
				     const char *name, const char *class_name);
struct reg_entry *registry_entry_by_id(const struct registry *reg, uint64_t id);
size_t registry_entry_count(const struct registry *reg);
/* Visit every entry (in ID-table order); stop early when fn returns false. */
void registry_foreach_entry(const struct registry *reg,
			    bool (*fn)(void *data, struct reg_entry *e), void *data);
int registry_entry_set_class(struct registry *reg, struct reg_entry *e,
			     const char *class_name);
/* Detach from every plane, mark inactive, notify, and free.  Children that
 * are left with no parent in a plane are not removed (callers decide). */
void registry_entry_remove(struct registry *reg, struct reg_entry *e);

/* Attaches a driver (driver.h) and its private state to an entry. */
void registry_entry_set_driver(struct registry *reg, struct reg_entry *e,
			       const struct reg_driver *driver, void *driver_data);

/* Names and locations.  plane REG_NO_PLANE sets the global one. */
int registry_entry_set_name(struct registry *reg, struct reg_entry *e, int plane,
			    const char *name);
int registry_entry_set_location(struct registry *reg, struct reg_entry *e, int plane,
				const char *location);
const char *reg_entry_name(const struct reg_entry *e, int plane);
const char *reg_entry_location(const struct reg_entry *e, int plane); /* or NULL */
/* "name" or "name@location", allocated on ctx. */
char *reg_entry_name_with_location(void *ctx, const struct reg_entry *e, int plane);

/* Topology.  Attaching appends child at the end of parent's children in the
 * plane (index -1) or inserts it at index.  Attaching twice fails. */
int registry_attach(struct registry *reg, struct reg_entry *child,
		    struct reg_entry *parent, int plane);
int registry_attach_at(struct registry *reg, struct reg_entry *child,
		       struct reg_entry *parent, int plane, ssize_t index);
int registry_detach(struct registry *reg, struct reg_entry *child,
		    struct reg_entry *parent, int plane);
bool reg_entry_in_plane(const struct reg_entry *e, int plane);
size_t reg_entry_child_count(const struct reg_entry *e, int plane);
struct reg_entry *reg_entry_child(const struct reg_entry *e, int plane, size_t i);
size_t reg_entry_parent_count(const struct reg_entry *e, int plane);
struct reg_entry *reg_entry_parent(const struct reg_entry *e, int plane, size_t i);

/* Properties.  registry_set_property takes ownership of value (it is
 * reparented).  Both send REG_EVENT_PROPERTY_CHANGED. */
int registry_set_property(struct registry *reg, struct reg_entry *e,
			  const char *key, struct reg_value *value);
bool registry_remove_property(struct registry *reg, struct reg_entry *e,
			      const char *key);
/* Replaces the whole property table (a REG_DICT, reparented). */
int registry_entry_replace_properties(struct registry *reg, struct reg_entry *e,
				      struct reg_value *dict);
/* Entries whose "BSD Name" property is the string name (an index kept by
 * the mutators above, so IOBSDNameMatching does not test every service). */
void registry_foreach_bsd_name(const struct registry *reg, const char *name,
			       bool (*fn)(void *data, struct reg_entry *e), void *data);

static inline struct reg_value *reg_entry_property(const struct reg_entry *e,
						   const char *key)
{
	return reg_dict_get(e->properties, key);
}

/* State changes (busy, registered...) that listeners must hear of. */
void registry_entry_set_state(struct registry *reg, struct reg_entry *e,
			      uint32_t state);
void registry_entry_set_busy(struct registry *reg, struct reg_entry *e,
			     uint32_t busy);
/* A driver message to the entry's interested clients. */
void registry_entry_message(struct registry *reg, struct reg_entry *e,
			    uint32_t message, uint64_t argument);

/* Change listeners. */
int registry_add_listener(struct registry *reg, reg_listener_fn fn, void *data);
void registry_remove_listener(struct registry *reg, reg_listener_fn fn, void *data);

/* Memory accounting for benchmarks: talloc bytes under the registry. */
size_t registry_memory_bytes(const struct registry *reg);

#endif
