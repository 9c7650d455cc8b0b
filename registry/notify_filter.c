/* Which registry changes a notification subscription hears of (see
 * notify_filter.h). */
#include "notify_filter.h"

#include <string.h>
#include <talloc.h>

#include "match.h"

/* Deeper than any real registry; keeps hostile cycles finite. */
#define MAX_DEPTH 128

struct notify_sub {
	enum notify_kind kind;
	struct reg_value *matching;	/* matching kinds */
	uint64_t entry_id;		/* interest kinds */
	bool busy;			/* busy interest: last busy state seen */
	bool gone;			/* interest: the entry was removed */
	/* First-kinds: entries already delivered, sorted. */
	uint64_t *seen;
	size_t nseen;
};

static const struct {
	const char *name;
	enum notify_kind kind;
	bool interest;
} kind_names[] = {
	{ "IOServicePublish", NOTIFY_PUBLISH, false },
	{ "IOServiceFirstPublish", NOTIFY_FIRST_PUBLISH, false },
	{ "IOServiceMatched", NOTIFY_MATCHED, false },
	{ "IOServiceFirstMatch", NOTIFY_FIRST_MATCH, false },
	{ "IOServiceTerminate", NOTIFY_TERMINATED, false },
	{ "IOGeneralInterest", NOTIFY_GENERAL_INTEREST, true },
	{ "IOBusyInterest", NOTIFY_BUSY_INTEREST, true },
};

enum notify_kind notify_kind_from_name(const char *name, bool interest)
{
	for (size_t i = 0; name && i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (kind_names[i].interest == interest && strcmp(kind_names[i].name, name) == 0)
			return kind_names[i].kind;
	return 0;
}

const char *notify_kind_name(enum notify_kind kind)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (kind_names[i].kind == kind)
			return kind_names[i].name;
	return "?";
}

bool notify_kind_is_interest(enum notify_kind kind)
{
	return kind == NOTIFY_GENERAL_INTEREST || kind == NOTIFY_BUSY_INTEREST;
}

static bool kind_is_first(enum notify_kind kind)
{
	return kind == NOTIFY_FIRST_PUBLISH || kind == NOTIFY_FIRST_MATCH;
}

uint32_t notify_kind_message_type(enum notify_kind kind)
{
	switch (kind) {
	case NOTIFY_PUBLISH:
	case NOTIFY_FIRST_PUBLISH:
		return NOTIFY_TYPE_PUBLISH;
	case NOTIFY_MATCHED:
	case NOTIFY_FIRST_MATCH:
		return NOTIFY_TYPE_MATCHED;
	case NOTIFY_TERMINATED:
		return NOTIFY_TYPE_TERMINATED;
	default:
		return 160;	/* kIOServiceMessageNotificationType */
	}
}

struct notify_sub *notify_sub_new_matching(void *ctx, enum notify_kind kind,
					   const struct reg_value *matching)
{
	struct notify_sub *sub;

	if (notify_kind_is_interest(kind) || kind < NOTIFY_PUBLISH || !matching ||
	    matching->type != REG_DICT)
		return NULL;
	sub = talloc_zero(ctx, struct notify_sub);
	if (!sub)
		return NULL;
	sub->kind = kind;
	sub->matching = reg_value_copy(sub, matching);
	if (!sub->matching) {
		talloc_free(sub);
		return NULL;
	}
	return sub;
}

struct notify_sub *notify_sub_new_interest(void *ctx, const struct registry *reg,
					   enum notify_kind kind, const struct reg_entry *e)
{
	struct notify_sub *sub;

	if (!notify_kind_is_interest(kind) || !e)
		return NULL;
	sub = talloc_zero(ctx, struct notify_sub);
	if (!sub)
		return NULL;
	sub->kind = kind;
	sub->entry_id = e->id;
	sub->busy = notify_busy_state(reg, e) > 0;
	return sub;
}

enum notify_kind notify_sub_kind(const struct notify_sub *sub)
{
	return sub->kind;
}

uint64_t notify_sub_entry(const struct notify_sub *sub)
{
	return sub->entry_id;
}

/* ---- first-kinds: the delivered set ---- */

static size_t seen_slot(const struct notify_sub *sub, uint64_t id)
{
	size_t lo = 0, hi = sub->nseen;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (sub->seen[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Records id; false if it was there already (or memory ran out: then the
 * entry is reported, never lost). */
static bool seen_add(struct notify_sub *sub, uint64_t id)
{
	size_t i = seen_slot(sub, id);

	if (i < sub->nseen && sub->seen[i] == id)
		return false;
	if (sub->nseen == talloc_array_length(sub->seen)) {
		size_t cap = sub->nseen ? sub->nseen * 2 : 16;
		uint64_t *grown = talloc_realloc(sub, sub->seen, uint64_t, cap);

		if (!grown)
			return true;
		sub->seen = grown;
	}
	memmove(sub->seen + i + 1, sub->seen + i, (sub->nseen - i) * sizeof(*sub->seen));
	sub->seen[i] = id;
	sub->nseen++;
	return true;
}

/* IDs are never reused, so a removed entry's mark is dead weight. */
static void seen_drop(struct notify_sub *sub, uint64_t id)
{
	size_t i = seen_slot(sub, id);

	if (i < sub->nseen && sub->seen[i] == id) {
		memmove(sub->seen + i, sub->seen + i + 1,
			(sub->nseen - i - 1) * sizeof(*sub->seen));
		sub->nseen--;
	}
}

int notify_sub_existing(void *ctx, const struct registry *reg, struct notify_sub *sub,
			uint64_t **ids, size_t *count)
{
	struct reg_entry **found = NULL;
	size_t n = 0;
	void *tmp;

	*ids = NULL;
	*count = 0;
	if (notify_kind_is_interest(sub->kind) || sub->kind == NOTIFY_TERMINATED)
		return 0;
	tmp = talloc_new(NULL);
	if (!tmp || registry_match(tmp, reg, sub->matching, false, &found, &n) != 0) {
		talloc_free(tmp);
		return -1;
	}
	*ids = talloc_array(ctx, uint64_t, n ? n : 1);
	if (!*ids) {
		talloc_free(tmp);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (kind_is_first(sub->kind))
			seen_add(sub, found[i]->id);
		(*ids)[(*count)++] = found[i]->id;
	}
	talloc_free(tmp);
	return 0;
}

/* ---- busy state ---- */

static int service_plane(const struct registry *reg)
{
	return registry_plane_index(reg, "IOService");
}

static bool any_busy(const struct reg_entry *e, int plane, unsigned depth)
{
	if (e->busy)
		return true;
	if (plane < 0 || depth >= MAX_DEPTH)
		return false;
	for (size_t i = 0; i < reg_entry_child_count(e, plane); i++)
		if (any_busy(reg_entry_child(e, plane, i), plane, depth + 1))
			return true;
	return false;
}

uint32_t notify_busy_state(const struct registry *reg, const struct reg_entry *e)
{
	int plane = service_plane(reg);
	uint32_t busy = e->busy;

	if (plane < 0)
		return busy;
	for (size_t i = 0; i < reg_entry_child_count(e, plane); i++)
		if (any_busy(reg_entry_child(e, plane, i), plane, 1) && busy < UINT32_MAX)
			busy++;
	return busy;
}

/* Whether e is the entry `id` or below it in the plane. */
static bool within(const struct reg_entry *e, uint64_t id, int plane, unsigned depth)
{
	if (e->id == id)
		return true;
	if (plane < 0 || depth >= MAX_DEPTH)
		return false;
	for (size_t i = 0; i < reg_entry_parent_count(e, plane); i++)
		if (within(reg_entry_parent(e, plane, i), id, plane, depth + 1))
			return true;
	return false;
}

static bool filter_busy(struct notify_sub *sub, const struct registry *reg,
			const struct reg_event *ev, struct notify_delivery *out)
{
	int plane = service_plane(reg);
	const struct reg_entry *e, *changed;
	bool busy;

	switch (ev->kind) {
	case REG_EVENT_STATE_CHANGED:
	case REG_EVENT_ENTRY_REMOVED:
		changed = registry_entry_by_id(reg, ev->entry_id);
		break;
	case REG_EVENT_ATTACHED:
	case REG_EVENT_DETACHED:
		changed = ev->plane == plane ? registry_entry_by_id(reg, ev->parent_id) : NULL;
		break;
	default:
		return false;
	}
	if (ev->kind == REG_EVENT_ENTRY_REMOVED && ev->entry_id == sub->entry_id) {
		sub->gone = true;
		return false;
	}
	e = registry_entry_by_id(reg, sub->entry_id);
	if (!e || !changed || !within(changed, sub->entry_id, plane, 0))
		return false;
	busy = notify_busy_state(reg, e) > 0;
	if (busy == sub->busy)
		return false;
	sub->busy = busy;
	*out = (struct notify_delivery){
		.entry_id = sub->entry_id, .message = NOTIFY_MSG_BUSY_STATE_CHANGE,
		.argument = busy,
	};
	return true;
}

static bool filter_general(struct notify_sub *sub, const struct reg_event *ev,
			   struct notify_delivery *out)
{
	if (ev->entry_id != sub->entry_id || sub->gone)
		return false;
	*out = (struct notify_delivery){ .entry_id = sub->entry_id };
	switch (ev->kind) {
	case REG_EVENT_PROPERTY_CHANGED:
		out->message = NOTIFY_MSG_PROPERTY_CHANGE;
		return true;
	case REG_EVENT_MESSAGE:
		out->message = ev->message;
		out->argument = ev->argument;
		return true;
	case REG_EVENT_ENTRY_REMOVED:
		sub->gone = true;
		out->message = NOTIFY_MSG_SERVICE_IS_TERMINATED;
		out->final = true;
		return true;
	default:
		return false;
	}
}

static bool filter_matching(struct notify_sub *sub, const struct registry *reg,
			    const struct reg_event *ev, struct notify_delivery *out)
{
	const struct reg_entry *e;

	if (ev->kind == REG_EVENT_ENTRY_REMOVED && kind_is_first(sub->kind))
		seen_drop(sub, ev->entry_id);
	if (sub->kind == NOTIFY_TERMINATED) {
		if (ev->kind != REG_EVENT_ENTRY_REMOVED)
			return false;
	} else if (ev->kind != REG_EVENT_ATTACHED || ev->plane != service_plane(reg)) {
		return false;
	}
	e = registry_entry_by_id(reg, ev->entry_id);
	if (!e || !e->is_service)
		return false;
	/* Published once: when it gets its first provider. */
	if (sub->kind != NOTIFY_TERMINATED &&
	    (reg_entry_parent_count(e, ev->plane) != 1 || (e->state & REG_STATE_INACTIVE)))
		return false;
	if (!registry_entry_matches(reg, e, sub->matching))
		return false;
	if (kind_is_first(sub->kind) && !seen_add(sub, e->id))
		return false;
	*out = (struct notify_delivery){
		.entry_id = e->id, .message = notify_kind_message_type(sub->kind),
		.final = sub->kind == NOTIFY_TERMINATED,
	};
	return true;
}

bool notify_filter(struct notify_sub *sub, const struct registry *reg,
		   const struct reg_event *ev, struct notify_delivery *out)
{
	switch (sub->kind) {
	case NOTIFY_GENERAL_INTEREST:
		return filter_general(sub, ev, out);
	case NOTIFY_BUSY_INTEREST:
		return filter_busy(sub, reg, ev, out);
	default:
		return filter_matching(sub, reg, ev, out);
	}
}
