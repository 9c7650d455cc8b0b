/* The per-process name table behind io_object_t and the mach_port_* calls
 * (see port_table.h).
 *
 * Slots are indexed by the name's upper 24 bits; freed slots go to the back
 * of a FIFO free list and their generation (the low 8 bits) moves on, so a
 * released name is not handed out again until 256 other names have reused
 * that slot.  A second index maps (kind, key) to records for registry
 * entries. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <IOKit/IOReturn.h>
#include <mach/message.h>

#include "port_table.h"

#define INDEX_SHIFT	8
#define GEN_MASK	0xffu
#define FIRST_INDEX	2		/* index 1 is the task's own name */
#define MAX_INDEX	0xfffffeu	/* keeps names below MACH_PORT_DEAD */
#define NO_INDEX	0

struct port_record {
	enum port_kind kind;
	bool keyed;
	bool dead;			/* urefs reached 0: the name is gone */
	uint64_t key;
	void *state;
	port_state_destroy_fn destroy;
	mach_port_urefs_t urefs;
	unsigned holds;
	mach_port_name_t name;
	struct port_record *hash_next;
};

struct slot {
	struct port_record *record;	/* NULL when free */
	uint8_t generation;
	uint32_t next_free;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot *slots;
static uint32_t slot_count;		/* slots[0..slot_count) have been used */
static uint32_t slot_cap;
static uint32_t free_head = NO_INDEX, free_tail = NO_INDEX;
static size_t live_names;

static struct port_record **buckets;
static size_t bucket_count;
static size_t keyed_count;

static bool single_kind(enum port_kind kind)
{
	return kind != 0 && (kind & (kind - 1)) == 0 && kind <= PORT_KIND_RECEIVE;
}

static size_t bucket_index(enum port_kind kind, uint64_t key, size_t count)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ULL ^ (uint64_t)kind;

	h ^= h >> 31;
	return (size_t)(h & (count - 1));
}

static size_t bucket_of(enum port_kind kind, uint64_t key)
{
	return bucket_index(kind, key, bucket_count);
}

static bool grow_buckets(void)
{
	size_t n = bucket_count ? bucket_count * 2 : 64, i;
	struct port_record **b = calloc(n, sizeof(*b));

	if (b == NULL)
		return false;
	for (i = 0; i < bucket_count; i++) {
		struct port_record *r = buckets[i], *next;

		for (; r; r = next) {
			size_t j = bucket_index(r->kind, r->key, n);

			next = r->hash_next;
			r->hash_next = b[j];
			b[j] = r;
		}
	}
	free(buckets);
	buckets = b;
	bucket_count = n;
	return true;
}

static struct port_record *find_keyed(enum port_kind kind, uint64_t key)
{
	struct port_record *r;

	if (bucket_count == 0)
		return NULL;
	for (r = buckets[bucket_of(kind, key)]; r; r = r->hash_next)
		if (r->kind == kind && r->key == key)
			return r;
	return NULL;
}

static void unlink_keyed(struct port_record *rec)
{
	struct port_record **p = &buckets[bucket_of(rec->kind, rec->key)];

	while (*p != rec)
		p = &(*p)->hash_next;
	*p = rec->hash_next;
	keyed_count--;
}

/* A free slot index, growing the array if needed; NO_INDEX when full. */
static uint32_t take_slot(void)
{
	uint32_t index;

	if (free_head != NO_INDEX) {
		index = free_head;
		free_head = slots[index].next_free;
		if (free_head == NO_INDEX)
			free_tail = NO_INDEX;
		return index;
	}
	if (slot_count == 0)
		slot_count = FIRST_INDEX;
	if (slot_count > MAX_INDEX)
		return NO_INDEX;
	if (slot_count >= slot_cap) {
		uint32_t cap = slot_cap ? slot_cap * 2 : 64;
		struct slot *s;

		if (cap > MAX_INDEX + 1)
			cap = MAX_INDEX + 1;
		s = realloc(slots, (size_t)cap * sizeof(*s));
		if (s == NULL)
			return NO_INDEX;
		memset(s + slot_cap, 0, (size_t)(cap - slot_cap) * sizeof(*s));
		slots = s;
		slot_cap = cap;
	}
	return slot_count++;
}

static void release_slot(uint32_t index)
{
	slots[index].record = NULL;
	slots[index].generation++;
	slots[index].next_free = NO_INDEX;
	if (free_tail == NO_INDEX)
		free_head = index;
	else
		slots[free_tail].next_free = index;
	free_tail = index;
}

/* The live record for a name, or NULL. */
static struct port_record *lookup(mach_port_name_t name)
{
	uint32_t index = name >> INDEX_SHIFT;
	struct slot *s;

	if (!MACH_PORT_VALID(name) || index < FIRST_INDEX || index >= slot_count)
		return NULL;
	s = &slots[index];
	if (s->record == NULL || s->generation != (name & GEN_MASK))
		return NULL;
	return s->record;
}

/* Kills a name whose urefs reached 0.  Returns the record if its state
 * must be destroyed now (no holds left); the caller does that unlocked. */
static struct port_record *kill_name(struct port_record *rec)
{
	rec->dead = true;
	if (rec->keyed)
		unlink_keyed(rec);
	release_slot(rec->name >> INDEX_SHIFT);
	live_names--;
	return rec->holds == 0 ? rec : NULL;
}

static void destroy_record(struct port_record *rec)
{
	if (rec == NULL)
		return;
	if (rec->destroy)
		rec->destroy(rec->state);
	free(rec);
}

static kern_return_t insert_locked(enum port_kind kind, bool keyed, uint64_t key, void *state,
				   port_state_destroy_fn destroy, mach_port_name_t *name)
{
	struct port_record *rec;
	uint32_t index;

	if (keyed && (keyed_count + 1) * 2 > bucket_count && !grow_buckets())
		return KERN_RESOURCE_SHORTAGE;
	rec = calloc(1, sizeof(*rec));
	if (rec == NULL)
		return KERN_RESOURCE_SHORTAGE;
	index = take_slot();
	if (index == NO_INDEX) {
		free(rec);
		return KERN_NO_SPACE;
	}
	rec->kind = kind;
	rec->keyed = keyed;
	rec->key = key;
	rec->state = state;
	rec->destroy = destroy;
	rec->urefs = 1;
	rec->name = index << INDEX_SHIFT | slots[index].generation;
	slots[index].record = rec;
	if (keyed) {
		size_t b = bucket_of(kind, key);

		rec->hash_next = buckets[b];
		buckets[b] = rec;
		keyed_count++;
	}
	live_names++;
	*name = rec->name;
	return KERN_SUCCESS;
}

kern_return_t port_table_insert(enum port_kind kind, void *state, port_state_destroy_fn destroy,
				mach_port_name_t *name)
{
	kern_return_t kr;

	if (!single_kind(kind) || name == NULL)
		return KERN_INVALID_ARGUMENT;
	pthread_mutex_lock(&lock);
	kr = insert_locked(kind, false, 0, state, destroy, name);
	pthread_mutex_unlock(&lock);
	return kr;
}

static kern_return_t retain_keyed_locked(enum port_kind kind, uint64_t key, mach_port_name_t *name)
{
	struct port_record *rec = find_keyed(kind, key);

	if (rec == NULL)
		return KERN_INVALID_NAME;
	if (rec->urefs >= MACH_PORT_UREFS_MAX)
		return KERN_UREFS_OVERFLOW;
	rec->urefs++;
	*name = rec->name;
	return KERN_SUCCESS;
}

kern_return_t port_table_insert_keyed(enum port_kind kind, uint64_t key, void *state,
				      port_state_destroy_fn destroy, mach_port_name_t *name,
				      bool *inserted)
{
	kern_return_t kr;

	if (!single_kind(kind) || kind == PORT_KIND_RECEIVE || name == NULL || inserted == NULL)
		return KERN_INVALID_ARGUMENT;
	*inserted = false;
	pthread_mutex_lock(&lock);
	kr = retain_keyed_locked(kind, key, name);
	if (kr == KERN_INVALID_NAME) {
		kr = insert_locked(kind, true, key, state, destroy, name);
		*inserted = kr == KERN_SUCCESS;
	}
	pthread_mutex_unlock(&lock);
	return kr;
}

kern_return_t port_table_retain_keyed(enum port_kind kind, uint64_t key, mach_port_name_t *name)
{
	kern_return_t kr;

	if (name == NULL)
		return KERN_INVALID_ARGUMENT;
	pthread_mutex_lock(&lock);
	kr = retain_keyed_locked(kind, key, name);
	pthread_mutex_unlock(&lock);
	return kr;
}

kern_return_t port_table_hold(mach_port_name_t name, unsigned kinds, struct port_hold *hold)
{
	struct port_record *rec;
	kern_return_t kr = KERN_SUCCESS;

	memset(hold, 0, sizeof(*hold));
	pthread_mutex_lock(&lock);
	rec = lookup(name);
	if (rec == NULL) {
		kr = MACH_SEND_INVALID_DEST;
	} else if (!(rec->kind & kinds)) {
		kr = kIOReturnBadArgument;
	} else {
		rec->holds++;
		hold->record = rec;
		hold->kind = rec->kind;
		hold->state = rec->state;
		hold->key = rec->key;
		hold->name = rec->name;
	}
	pthread_mutex_unlock(&lock);
	return kr;
}

void port_table_unhold(struct port_hold *hold)
{
	struct port_record *rec = hold->record, *doomed = NULL;

	if (rec == NULL)
		return;
	pthread_mutex_lock(&lock);
	if (--rec->holds == 0 && rec->dead)
		doomed = rec;
	pthread_mutex_unlock(&lock);
	destroy_record(doomed);
	hold->record = NULL;
	hold->state = NULL;
}

kern_return_t port_table_mod_urefs(mach_port_name_t name, int delta)
{
	struct port_record *rec, *doomed = NULL;
	kern_return_t kr = KERN_SUCCESS;
	long urefs;

	pthread_mutex_lock(&lock);
	rec = lookup(name);
	if (rec == NULL) {
		kr = KERN_INVALID_NAME;
	} else if (rec->kind == PORT_KIND_RECEIVE) {
		kr = KERN_INVALID_RIGHT;
	} else {
		urefs = (long)rec->urefs + delta;
		if (urefs < 0)
			kr = KERN_INVALID_VALUE;
		else if (urefs > MACH_PORT_UREFS_MAX)
			kr = KERN_UREFS_OVERFLOW;
		else
			rec->urefs = (mach_port_urefs_t)urefs;
		if (kr == KERN_SUCCESS && urefs == 0)
			doomed = kill_name(rec);
	}
	pthread_mutex_unlock(&lock);
	destroy_record(doomed);
	return kr;
}

kern_return_t port_table_get_urefs(mach_port_name_t name, mach_port_urefs_t *urefs)
{
	struct port_record *rec;
	kern_return_t kr = KERN_SUCCESS;

	pthread_mutex_lock(&lock);
	rec = lookup(name);
	if (rec == NULL)
		kr = KERN_INVALID_NAME;
	else if (rec->kind == PORT_KIND_RECEIVE)
		kr = KERN_INVALID_RIGHT;
	else
		*urefs = rec->urefs;
	pthread_mutex_unlock(&lock);
	return kr;
}

kern_return_t port_table_destroy_receive(mach_port_name_t name)
{
	struct port_record *rec, *doomed = NULL;
	kern_return_t kr = KERN_SUCCESS;

	pthread_mutex_lock(&lock);
	rec = lookup(name);
	if (rec == NULL)
		kr = KERN_INVALID_NAME;
	else if (rec->kind != PORT_KIND_RECEIVE)
		kr = KERN_INVALID_RIGHT;
	else
		doomed = kill_name(rec);
	pthread_mutex_unlock(&lock);
	destroy_record(doomed);
	return kr;
}

kern_return_t port_table_attach_receive(mach_port_name_t name, void *state,
					port_state_destroy_fn destroy, void **current)
{
	struct port_record *rec;
	kern_return_t kr = KERN_SUCCESS;

	pthread_mutex_lock(&lock);
	rec = lookup(name);
	if (rec == NULL) {
		kr = KERN_INVALID_NAME;
	} else if (rec->kind != PORT_KIND_RECEIVE) {
		kr = KERN_INVALID_RIGHT;
	} else {
		if (rec->state == NULL) {
			rec->state = state;
			rec->destroy = destroy;
		}
		*current = rec->state;
	}
	pthread_mutex_unlock(&lock);
	return kr;
}

kern_return_t port_table_kind(mach_port_name_t name, enum port_kind *kind)
{
	struct port_record *rec;
	kern_return_t kr = KERN_SUCCESS;

	pthread_mutex_lock(&lock);
	rec = lookup(name);
	if (rec == NULL)
		kr = KERN_INVALID_NAME;
	else
		*kind = rec->kind;
	pthread_mutex_unlock(&lock);
	return kr;
}

kern_return_t port_table_names(mach_port_name_t **names, enum port_kind **kinds, size_t *count)
{
	size_t n = 0;

	*names = NULL;
	*kinds = NULL;
	*count = 0;
	pthread_mutex_lock(&lock);
	if (live_names) {
		*names = malloc(live_names * sizeof(**names));
		*kinds = malloc(live_names * sizeof(**kinds));
		if (!*names || !*kinds) {
			pthread_mutex_unlock(&lock);
			free(*names);
			free(*kinds);
			*names = NULL;
			*kinds = NULL;
			return KERN_RESOURCE_SHORTAGE;
		}
		for (uint32_t i = FIRST_INDEX; i < slot_count && n < live_names; i++) {
			if (!slots[i].record)
				continue;
			(*names)[n] = slots[i].record->name;
			(*kinds)[n] = slots[i].record->kind;
			n++;
		}
	}
	pthread_mutex_unlock(&lock);
	*count = n;
	return KERN_SUCCESS;
}

size_t port_table_live_names(void)
{
	size_t n;

	pthread_mutex_lock(&lock);
	n = live_names;
	pthread_mutex_unlock(&lock);
	return n;
}
