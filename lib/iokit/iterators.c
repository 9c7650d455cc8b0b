/* Iterators.  Each is one snapshot from the daemon, walked locally:
 *  - list iterators (matching results, child and parent links) never
 *    become invalid, as the kernel's snapshot copies don't;
 *  - recursive registry iterators hold the daemon's pre-order walk of the
 *    subtree (each entry once, as IORegistryIterator's visited set gives);
 *  - flat registry iterators hold one level of links per entered entry
 *    (IORegistryIteratorEnterEntry costs one request).
 * Registry iterators remember the registry generation of their snapshot:
 * IOIteratorIsValid compares it with the daemon's (one request), and
 * IOIteratorReset after a change takes a new snapshot at the next call. */
#include "iokit_internal.h"

#include <mach/mach.h>
#include <string.h>
#include <talloc.h>

enum iter_type {
	ITER_LIST,
	ITER_RECURSIVE,
	ITER_FLAT,
};

struct iter_item {
	uint64_t id;
	struct reg_value *info;		/* on the iterator; may be NULL; its
					 * properties move to the entry on the
					 * first IOIteratorNext */
	unsigned depth;			/* recursive walks: 1 = first level */
};

struct iter_level {
	struct iter_item *items;
	size_t count, pos;
	void *mem;			/* the reply the items point into */
};

struct iokit_iter {
	pthread_mutex_t lock;
	enum iter_type type;
	char *plane;			/* plane of the items' info */
	/* ITER_LIST and ITER_RECURSIVE */
	struct iter_item *items;
	size_t count, pos;
	void *mem;
	unsigned cur_level;		/* recursive: levels entered */
	/* registry iterators */
	uint64_t start;
	IOOptionBits options;
	uint64_t generation;
	bool invalid;			/* a level came from a newer registry */
	bool refetch;			/* take a new snapshot before the next item */
	/* ITER_FLAT */
	struct iter_level *levels;
	size_t nlevels;
	uint64_t last_id;
	bool have_last;
};

static int iter_destructor(struct iokit_iter *it)
{
	pthread_mutex_destroy(&it->lock);
	return 0;
}

static void iter_destroy(void *state)
{
	talloc_free(state);
}

static struct iokit_iter *iter_new(enum iter_type type, const char *plane)
{
	struct iokit_iter *it = talloc_zero(NULL, struct iokit_iter);

	if (!it)
		return NULL;
	pthread_mutex_init(&it->lock, NULL);
	talloc_set_destructor(it, iter_destructor);
	it->type = type;
	if (plane && !(it->plane = talloc_strdup(it, plane))) {
		talloc_free(it);
		return NULL;
	}
	return it;
}

static kern_return_t iter_publish(struct iokit_iter *it, io_iterator_t *out)
{
	kern_return_t kr = port_table_insert(PORT_KIND_ITERATOR, it, iter_destroy, out);

	if (kr != KERN_SUCCESS) {
		talloc_free(it);
		*out = IO_OBJECT_NULL;
	}
	return kr;
}

/* Items from an ids array and an optional parallel info array (or from
 * infos alone, with their "id" and "depth").  On ctx. */
static struct iter_item *make_items(void *ctx, const struct reg_value *ids,
				    struct reg_value *infos, size_t *count)
{
	size_t n = ids ? ids->u.array.count : infos ? infos->u.array.count : 0;
	struct iter_item *items = talloc_zero_array(ctx, struct iter_item, n ? n : 1);

	*count = 0;
	if (!items)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		struct reg_value *info = infos && i < infos->u.array.count
						 ? infos->u.array.items[i] : NULL;
		uint64_t v = 0;

		if (ids) {
			if (ids->u.array.items[i]->type != REG_NUMBER)
				continue;
			items[*count].id = (uint64_t)ids->u.array.items[i]->u.number.value;
		} else if (!iokit_get_u64(info, "id", &items[*count].id)) {
			continue;
		}
		items[*count].info = info && info->type == REG_DICT ? info : NULL;
		if (iokit_get_u64(info, "depth", &v))
			items[*count].depth = (unsigned)v;
		(*count)++;
	}
	return items;
}

kern_return_t iokit_list_iterator(struct reg_value *ids, struct reg_value *infos,
				  const char *plane, io_iterator_t *out)
{
	struct iokit_iter *it = iter_new(ITER_LIST, plane);

	*out = IO_OBJECT_NULL;
	if (!it)
		return kIOReturnNoMemory;
	it->mem = talloc_new(it);
	if (it->mem) {
		talloc_steal(it->mem, ids);
		if (infos)
			talloc_steal(it->mem, infos);
	}
	it->items = it->mem ? make_items(it->mem, ids, infos, &it->count) : NULL;
	if (!it->items) {
		talloc_free(it);
		return kIOReturnNoMemory;
	}
	return iter_publish(it, out);
}

/* ---- registry iterators ---- */

/* Takes the recursive snapshot.  Lock held (or it not yet published). */
static kern_return_t fetch_subtree(struct iokit_iter *it)
{
	void *mem = talloc_new(it);
	struct reg_value *args = mem ? iokit_args_id(mem, it->start) : NULL, *reply = NULL;
	struct reg_value *entries;
	struct iter_item *items;
	size_t count;
	kern_return_t kr;

	if (!args || !iokit_put_string(args, "plane", it->plane) ||
	    !iokit_put_u64(args, "options", it->options)) {
		talloc_free(mem);
		return kIOReturnNoMemory;
	}
	kr = iokit_call(mem, RPC_OP_SUBTREE, args, &reply);
	entries = reg_dict_get(reply, "entries");
	if (kr == KERN_SUCCESS && (!entries || entries->type != REG_ARRAY))
		kr = kIOReturnIPCError;
	if (kr != KERN_SUCCESS) {
		talloc_free(mem);
		return kr;
	}
	items = make_items(mem, NULL, entries, &count);
	if (!items) {
		talloc_free(mem);
		return kIOReturnNoMemory;
	}
	talloc_free(it->mem);
	it->mem = mem;
	it->items = items;
	it->count = count;
	it->pos = 0;
	it->cur_level = 1;
	iokit_get_u64(reply, "generation", &it->generation);
	it->invalid = it->refetch = false;
	return KERN_SUCCESS;
}

/* One level of links of id.  Lock held. */
static kern_return_t fetch_level(struct iokit_iter *it, uint64_t id, struct iter_level *level,
				 uint64_t *generation)
{
	void *mem = talloc_new(it);
	struct reg_value *args = mem ? iokit_args_id(mem, id) : NULL, *reply = NULL;
	struct reg_value *ids, *infos;
	kern_return_t kr;

	if (!args || !iokit_put_string(args, "plane", it->plane) ||
	    !iokit_put_bool(args, "info", true) ||
	    ((it->options & kIORegistryIterateParents) && !iokit_put_bool(args, "parents", true))) {
		talloc_free(mem);
		return kIOReturnNoMemory;
	}
	kr = iokit_call(mem, RPC_OP_LINKS, args, &reply);
	ids = reg_dict_get(reply, "ids");
	infos = reg_dict_get(reply, "entries");
	if (kr == KERN_SUCCESS && (!ids || ids->type != REG_ARRAY))
		kr = kIOReturnBadArgument;	/* unknown plane */
	if (kr == KERN_SUCCESS) {
		level->items = make_items(mem, ids, infos && infos->type == REG_ARRAY ? infos : NULL,
					  &level->count);
		if (!level->items)
			kr = kIOReturnNoMemory;
	}
	if (kr != KERN_SUCCESS) {
		talloc_free(mem);
		return kr;
	}
	level->pos = 0;
	level->mem = mem;
	*generation = 0;
	iokit_get_u64(reply, "generation", generation);
	return KERN_SUCCESS;
}

static void drop_levels(struct iokit_iter *it)
{
	for (size_t i = 0; i < it->nlevels; i++)
		talloc_free(it->levels[i].mem);
	it->nlevels = 0;
	it->have_last = false;
}

/* Takes the flat iterator's first level again.  Lock held. */
static kern_return_t fetch_top(struct iokit_iter *it)
{
	struct iter_level level;
	uint64_t generation;
	kern_return_t kr;

	if (!it->levels && !(it->levels = talloc_array(it, struct iter_level, 8)))
		return kIOReturnNoMemory;
	kr = fetch_level(it, it->start, &level, &generation);
	if (kr != KERN_SUCCESS)
		return kr;
	drop_levels(it);
	it->levels[0] = level;
	it->nlevels = 1;
	it->generation = generation;
	it->invalid = it->refetch = false;
	return KERN_SUCCESS;
}

static kern_return_t create_registry_iterator(uint64_t start, const char *plane,
					      IOOptionBits options, io_iterator_t *out)
{
	struct iokit_iter *it;
	kern_return_t kr;

	*out = IO_OBJECT_NULL;
	if (!plane)
		return kIOReturnBadArgument;
	it = iter_new(options & kIORegistryIterateRecursively ? ITER_RECURSIVE : ITER_FLAT, plane);
	if (!it)
		return kIOReturnNoMemory;
	it->start = start;
	it->options = options;
	kr = it->type == ITER_RECURSIVE ? fetch_subtree(it) : fetch_top(it);
	if (kr != KERN_SUCCESS) {
		talloc_free(it);
		return kr;
	}
	return iter_publish(it, out);
}

kern_return_t IORegistryCreateIterator(mach_port_t mainPort, const char *plane,
				       IOOptionBits options, io_iterator_t *iterator)
{
	kern_return_t kr = iokit_check_main_port(mainPort);

	if (!iterator)
		return kIOReturnBadArgument;
	*iterator = IO_OBJECT_NULL;
	if (kr != KERN_SUCCESS)
		return kr;
	return create_registry_iterator(RPC_ROOT_ID, plane, options, iterator);
}

kern_return_t IORegistryEntryCreateIterator(io_registry_entry_t entry, const char *plane,
					    IOOptionBits options, io_iterator_t *iterator)
{
	struct port_hold hold;
	struct iokit_entry *e;
	kern_return_t kr;

	if (!iterator)
		return kIOReturnBadArgument;
	*iterator = IO_OBJECT_NULL;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	kr = create_registry_iterator(e->id, plane, options, iterator);
	port_table_unhold(&hold);
	return kr;
}

/* Holds an iterator handle. */
static kern_return_t iter_hold(io_iterator_t iterator, struct port_hold *hold,
			       struct iokit_iter **it)
{
	kern_return_t kr = port_table_hold(iterator, PORT_KIND_ITERATOR, hold);

	*it = kr == KERN_SUCCESS ? hold->state : NULL;
	return kr;
}

/* The next item, or NULL.  Lock held. */
static const struct iter_item *next_item(struct iokit_iter *it)
{
	struct iter_level *top;
	const struct iter_item *item;

	if (it->refetch) {
		kern_return_t kr = it->type == ITER_RECURSIVE ? fetch_subtree(it)
			      : it->type == ITER_FLAT ? fetch_top(it) : KERN_SUCCESS;
		if (kr != KERN_SUCCESS)
			return NULL;
	}
	switch (it->type) {
	case ITER_LIST:
		return it->pos < it->count ? &it->items[it->pos++] : NULL;
	case ITER_RECURSIVE:
		if (it->pos >= it->count)
			return NULL;
		item = &it->items[it->pos++];
		it->cur_level = item->depth + 1;	/* entered automatically */
		return item;
	case ITER_FLAT:
		if (!it->nlevels)
			return NULL;
		top = &it->levels[it->nlevels - 1];
		if (top->pos >= top->count)
			return NULL;
		item = &top->items[top->pos++];
		it->last_id = item->id;
		it->have_last = true;
		return item;
	}
	return NULL;
}

io_object_t IOIteratorNext(io_iterator_t iterator)
{
	struct port_hold hold;
	struct iokit_iter *it;
	const struct iter_item *item;
	io_object_t o = IO_OBJECT_NULL;

	if (iokit_notification_is(iterator))
		return iokit_notification_next(iterator);
	if (iter_hold(iterator, &hold, &it) != KERN_SUCCESS)
		return IO_OBJECT_NULL;
	pthread_mutex_lock(&it->lock);
	item = next_item(it);
	if (item)
		iokit_entry_name(item->id, item->info, it->plane, &o);
	pthread_mutex_unlock(&it->lock);
	port_table_unhold(&hold);
	return o;
}

void IOIteratorReset(io_iterator_t iterator)
{
	struct port_hold hold;
	struct iokit_iter *it;

	if (iter_hold(iterator, &hold, &it) != KERN_SUCCESS)
		return;
	pthread_mutex_lock(&it->lock);
	switch (it->type) {
	case ITER_LIST:
		it->pos = 0;
		break;
	case ITER_RECURSIVE:
		/* Nothing read since the snapshot: it is still the current one. */
		if (it->pos > 0 || it->invalid)
			it->refetch = true;
		it->pos = 0;
		it->cur_level = 1;
		break;
	case ITER_FLAT:
		if (it->nlevels > 1 || it->have_last || it->invalid ||
		    (it->nlevels && it->levels[0].pos > 0))
			it->refetch = true;
		while (it->nlevels > 1)
			talloc_free(it->levels[--it->nlevels].mem);
		if (it->nlevels)
			it->levels[0].pos = 0;
		it->have_last = false;
		break;
	}
	pthread_mutex_unlock(&it->lock);
	port_table_unhold(&hold);
}

boolean_t IOIteratorIsValid(io_iterator_t iterator)
{
	struct port_hold hold;
	struct iokit_iter *it;
	struct reg_value *reply = NULL;
	uint64_t generation = 0;
	boolean_t valid = false;
	void *tmp;

	if (iokit_notification_is(iterator))
		return true;	/* a notification's set never goes stale */
	if (iter_hold(iterator, &hold, &it) != KERN_SUCCESS)
		return false;
	pthread_mutex_lock(&it->lock);
	if (it->type == ITER_LIST) {
		valid = true;
	} else if (!it->invalid) {
		tmp = talloc_new(NULL);
		if (tmp && iokit_call(tmp, RPC_OP_GENERATION, NULL, &reply) == KERN_SUCCESS &&
		    iokit_get_u64(reply, "generation", &generation))
			valid = generation == it->generation;
		talloc_free(tmp);
	}
	pthread_mutex_unlock(&it->lock);
	port_table_unhold(&hold);
	return valid;
}

kern_return_t IORegistryIteratorEnterEntry(io_iterator_t iterator)
{
	struct port_hold hold;
	struct iokit_iter *it;
	struct iter_level level;
	uint64_t generation;
	kern_return_t kr;

	kr = iter_hold(iterator, &hold, &it);
	if (kr != KERN_SUCCESS)
		return kr;
	if (it->type == ITER_LIST) {
		port_table_unhold(&hold);
		return kIOReturnBadArgument;
	}
	pthread_mutex_lock(&it->lock);
	kr = KERN_SUCCESS;
	/* Recursive iterators enter every entry themselves; entering before
	 * any entry was returned enters nothing, as in the kernel. */
	if (it->type == ITER_FLAT && it->have_last) {
		struct iter_level *grown = it->levels;

		if (it->nlevels == talloc_array_length(it->levels))
			grown = talloc_realloc(it, it->levels, struct iter_level, it->nlevels * 2);
		if (!grown) {
			kr = kIOReturnNoMemory;
		} else {
			it->levels = grown;
			kr = fetch_level(it, it->last_id, &level, &generation);
		}
		if (kr == KERN_SUCCESS) {
			it->levels[it->nlevels++] = level;
			it->have_last = false;
			if (generation != it->generation)
				it->invalid = true;
		}
	}
	pthread_mutex_unlock(&it->lock);
	port_table_unhold(&hold);
	return kr;
}

kern_return_t IORegistryIteratorExitEntry(io_iterator_t iterator)
{
	struct port_hold hold;
	struct iokit_iter *it;
	kern_return_t kr;

	kr = iter_hold(iterator, &hold, &it);
	if (kr != KERN_SUCCESS)
		return kr;
	if (it->type == ITER_LIST) {
		port_table_unhold(&hold);
		return kIOReturnBadArgument;
	}
	pthread_mutex_lock(&it->lock);
	kr = KERN_SUCCESS;
	if (it->type == ITER_FLAT) {
		if (it->nlevels <= 1) {
			kr = kIOReturnNoDevice;
		} else {
			talloc_free(it->levels[--it->nlevels].mem);
			it->have_last = false;
		}
	} else if (it->cur_level <= 1) {
		kr = kIOReturnNoDevice;
	} else {
		/* Leave the innermost entered entry: skip the rest of its subtree. */
		it->cur_level--;
		while (it->pos < it->count && it->items[it->pos].depth > it->cur_level)
			it->pos++;
	}
	pthread_mutex_unlock(&it->lock);
	port_table_unhold(&hold);
	return kr;
}

/* ---- child and parent iterators: snapshots of one entry's links ---- */

static kern_return_t links_iterator(io_registry_entry_t entry, const char *plane,
				    bool parents, io_iterator_t *iterator)
{
	struct port_hold hold;
	struct iokit_entry *e;
	struct reg_value *args, *reply = NULL;
	struct reg_value *ids, *infos;
	void *tmp;
	kern_return_t kr;

	if (!iterator)
		return kIOReturnBadArgument;
	*iterator = IO_OBJECT_NULL;
	kr = iokit_entry_hold(entry, &hold, &e);
	if (kr != KERN_SUCCESS)
		return kr;
	tmp = talloc_new(NULL);
	args = tmp ? iokit_args_id(tmp, e->id) : NULL;
	if (!args || !iokit_put_string(args, "plane", plane ? plane : "") ||
	    !iokit_put_bool(args, "info", true) ||
	    (parents && !iokit_put_bool(args, "parents", true)))
		kr = kIOReturnNoMemory;
	else
		kr = iokit_call(tmp, RPC_OP_LINKS, args, &reply);
	ids = reg_dict_get(reply, "ids");
	infos = reg_dict_get(reply, "entries");
	/* An unknown plane: success with no iterator, as the kernel does. */
	if (kr == KERN_SUCCESS && ids && ids->type == REG_ARRAY)
		kr = iokit_list_iterator(ids, infos && infos->type == REG_ARRAY ? infos : NULL,
					 plane, iterator);
	talloc_free(tmp);
	port_table_unhold(&hold);
	return kr;
}

kern_return_t IORegistryEntryGetChildIterator(io_registry_entry_t entry, const char *plane,
					      io_iterator_t *iterator)
{
	return links_iterator(entry, plane, false, iterator);
}

kern_return_t IORegistryEntryGetParentIterator(io_registry_entry_t entry,
					       const char *plane, io_iterator_t *iterator)
{
	return links_iterator(entry, plane, true, iterator);
}

/* The first link: create the iterator, take one, release the iterator. */
static kern_return_t first_link(io_registry_entry_t entry, const char *plane, bool parents,
				io_registry_entry_t *out)
{
	io_iterator_t it = IO_OBJECT_NULL;
	kern_return_t kr;

	if (!out)
		return kIOReturnBadArgument;
	*out = IO_OBJECT_NULL;
	kr = links_iterator(entry, plane, parents, &it);
	if (kr != KERN_SUCCESS)
		return kr;
	if (it) {
		*out = IOIteratorNext(it);
		IOObjectRelease(it);
	}
	return *out ? KERN_SUCCESS : kIOReturnNoDevice;
}

kern_return_t IORegistryEntryGetChildEntry(io_registry_entry_t entry, const char *plane,
					   io_registry_entry_t *child)
{
	return first_link(entry, plane, false, child);
}

kern_return_t IORegistryEntryGetParentEntry(io_registry_entry_t entry, const char *plane,
					    io_registry_entry_t *parent)
{
	return first_link(entry, plane, true, parent);
}
