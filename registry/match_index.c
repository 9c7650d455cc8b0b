/* Lazily built matching indexes; see match_index.h. */
#include "match_index.h"

#include <pthread.h>
#include <string.h>
#include <talloc.h>

#include "hash_table.h"
#include "match.h"
#include "name_match.h"

static const char *const dt_name_keys[] = { "name", "compatible", "device_type", "model" };
static const char user_props_key[] = "IOUserServiceProperties";

struct key_index {
	char *key;
	bool valid, asked;
	struct hash_table values;	/* value hash -> entry */
};

struct reg_match_index {
	pthread_mutex_t lock;
	/* asked: a lookup found the index stale once since the last change
	 * (see worth_building). */
	bool order_valid, order_asked;
	struct reg_entry **order;	/* on order_ctx */
	size_t norder;
	struct hash_table ranks;	/* hash_u64(id) -> &order[rank] */
	void *order_ctx;
	bool names_valid, names_asked;
	struct hash_table names;	/* hash of a name -> entry */
	bool user_valid;
	struct reg_entry **user;	/* services with IOUserServiceProperties */
	size_t nuser;
	struct key_index *keys;
	size_t nkeys;
};

static int match_index_destructor(struct reg_match_index *mi)
{
	pthread_mutex_destroy(&mi->lock);
	return 0;
}

struct reg_match_index *match_index_new(void *ctx)
{
	struct reg_match_index *mi = talloc_zero(ctx, struct reg_match_index);

	if (!mi)
		return NULL;
	pthread_mutex_init(&mi->lock, NULL);
	talloc_set_destructor(mi, match_index_destructor);
	return mi;
}

void match_index_lock(struct reg_match_index *mi)
{
	pthread_mutex_lock(&mi->lock);
}

void match_index_unlock(struct reg_match_index *mi)
{
	pthread_mutex_unlock(&mi->lock);
}

/* ---- invalidation (write lock held: no reader is inside) ---- */

static void drop_order(struct reg_match_index *mi)
{
	hash_table_clear(&mi->ranks);
	TALLOC_FREE(mi->order_ctx);
	mi->order = NULL;
	mi->norder = 0;
	mi->order_valid = false;
	mi->order_asked = false;
}

static void drop_names(struct reg_match_index *mi)
{
	hash_table_clear(&mi->names);
	mi->names_valid = false;
	mi->names_asked = false;
}

static void drop_user(struct reg_match_index *mi)
{
	TALLOC_FREE(mi->user);
	mi->nuser = 0;
	mi->user_valid = false;
}

static void drop_key(struct key_index *k)
{
	hash_table_clear(&k->values);
	k->valid = false;
	k->asked = false;
}

static void drop_keys(struct reg_match_index *mi, const char *key)
{
	for (size_t i = 0; i < mi->nkeys; i++)
		if (!key || strcmp(mi->keys[i].key, key) == 0)
			drop_key(&mi->keys[i]);
}

void match_index_note(struct reg_match_index *mi, const struct reg_event *ev)
{
	if (!mi)
		return;
	switch (ev->kind) {
	case REG_EVENT_ENTRY_ADDED:
	case REG_EVENT_ENTRY_REMOVED:
		drop_order(mi);
		drop_names(mi);
		drop_user(mi);
		drop_keys(mi, NULL);
		break;
	case REG_EVENT_STATE_CHANGED:	/* class, name, state */
		drop_order(mi);
		drop_names(mi);
		break;
	case REG_EVENT_PROPERTY_CHANGED:
		if (!ev->key) {
			drop_names(mi);
			drop_user(mi);
			drop_keys(mi, NULL);
			break;
		}
		for (size_t i = 0; i < sizeof(dt_name_keys) / sizeof(dt_name_keys[0]); i++)
			if (strcmp(ev->key, dt_name_keys[i]) == 0)
				drop_names(mi);
		if (strcmp(ev->key, user_props_key) == 0)
			drop_user(mi);
		drop_keys(mi, ev->key);
		break;
	default:
		break;
	}
}

/* A stale index is rebuilt at the second lookup after a change, not the
 * first: the first one walks every candidate, as matching without indexes
 * does (a build costs a few such walks).  So a registry that changes
 * between every two matches (hot-plug churn) never pays for builds, and a
 * quiet one builds once.  Returns whether to build now. */
static bool worth_building(bool *asked)
{
	if (*asked)
		return true;
	*asked = true;
	return false;
}

/* ---- order ---- */

int match_index_order(struct reg_match_index *mi, const struct registry *reg,
		      match_order_fn build, struct reg_entry *const **order, size_t *n)
{
	if (!mi->order_valid) {
		void *ctx;

		if (!worth_building(&mi->order_asked))
			return -1;
		ctx = talloc_new(mi);

		if (!ctx || build(ctx, reg, &mi->order, &mi->norder) != 0) {
			talloc_free(ctx);
			mi->order = NULL;
			mi->norder = 0;
			return -1;
		}
		mi->order_ctx = ctx;
		mi->ranks.min_cap = 1024;
		for (size_t i = 0; i < mi->norder; i++)
			if (hash_table_insert(ctx, &mi->ranks, hash_u64(mi->order[i]->id),
					      &mi->order[i]) != 0) {
				drop_order(mi);
				return -1;
			}
		mi->order_valid = true;
	}
	*order = mi->order;
	*n = mi->norder;
	return 0;
}

size_t match_index_rank(const struct reg_match_index *mi, const struct reg_entry *e)
{
	struct reg_entry **slot;

	if (!mi->order_valid)
		return SIZE_MAX;
	for (size_t pos = HASH_TABLE_START;
	     (slot = hash_table_next(&mi->ranks, hash_u64(e->id), &pos));)
		if (*slot == e)
			return (size_t)(slot - mi->order);
	return SIZE_MAX;
}

/* ---- names ---- */

struct build_walk {
	struct reg_match_index *mi;
	struct hash_table *table;
	const char *key;
	int ret;
};

/* Each NUL-separated piece of a name property, as reg_dt_compare_key
 * splits it. */
static int add_pieces(struct build_walk *w, struct reg_entry *e, const struct reg_value *prop)
{
	const char *names, *last;

	if (prop->type == REG_DATA) {
		names = (const char *)prop->u.data.bytes;
		last = names ? names + prop->u.data.len : NULL;
	} else if (reg_value_is_string(prop)) {
		names = prop->u.string.chars;
		last = names + prop->u.string.len + 1;
	} else {
		return 0;
	}
	while (names && names < last) {
		const char *nul = memchr(names, '\0', (size_t)(last - names));
		size_t len = nul ? (size_t)(nul - names) : (size_t)(last - names);

		if (hash_table_insert(w->mi, w->table, hash_bytes(names, len), e) != 0)
			return -1;
		names += len + 1;
	}
	return 0;
}

static bool add_names(void *data, struct reg_entry *e)
{
	struct build_walk *w = data;
	const char *global;

	if (!e->is_service)
		return true;
	global = reg_entry_effective_name(e, REG_NO_PLANE);
	if (hash_table_insert(w->mi, w->table, hash_string(global), e) != 0)
		goto fail;
	for (size_t i = 0; i < sizeof(dt_name_keys) / sizeof(dt_name_keys[0]); i++) {
		const struct reg_value *v = reg_entry_property(e, dt_name_keys[i]);

		if (v && add_pieces(w, e, v) != 0)
			goto fail;
	}
	return true;
fail:
	w->ret = -1;
	return false;
}

int match_index_names(struct reg_match_index *mi, const struct registry *reg,
		      const char *name, match_candidate_fn fn, void *data)
{
	uint64_t h = hash_string(name);
	struct reg_entry *e;

	if (!mi->names_valid) {
		struct build_walk w = { .mi = mi, .table = &mi->names };

		if (!worth_building(&mi->names_asked))
			return -1;
		mi->names.min_cap = 1024;
		registry_foreach_entry(reg, add_names, &w);
		if (w.ret) {
			drop_names(mi);
			return -1;
		}
		mi->names_valid = true;
	}
	for (size_t pos = HASH_TABLE_START; (e = hash_table_next(&mi->names, h, &pos));)
		fn(data, e);
	return 0;
}

/* ---- property values ---- */

/* Values equal for matching (reg_match_value_equal) hash alike: a string
 * and data with its bytes (and perhaps one NUL after them) hash as those
 * bytes; numbers by their masked value; collections by kind and size. */
static uint64_t value_hash(const struct reg_value *v)
{
	size_t len;

	if (reg_value_is_string(v))
		return hash_bytes(v->u.string.chars, v->u.string.len);
	switch (v->type) {
	case REG_DATA:
		len = v->u.data.len;
		if (len && v->u.data.bytes[len - 1] == '\0')
			len--;
		return hash_bytes(v->u.data.bytes, len);
	case REG_NUMBER:
		return hash_u64(reg_match_number_value(v) ^ 0x4e554d42ULL);
	case REG_BOOL:
		return hash_u64(v->u.boolean ? 0xb001 : 0xb000);
	case REG_ARRAY:
	case REG_SET:
		return hash_u64(0xa77a ^ ((uint64_t)v->type << 32) ^ v->u.array.count);
	case REG_DICT:
		return hash_u64(0xd1c7 ^ v->u.dict.count);
	default:
		return hash_u64((uint64_t)v->type << 48);
	}
}

static bool add_values(void *data, struct reg_entry *e)
{
	struct build_walk *w = data;
	const struct reg_value *v;

	if (!e->is_service || !(v = reg_entry_property(e, w->key)))
		return true;
	if (hash_table_insert(w->mi, w->table, value_hash(v), e) != 0) {
		w->ret = -1;
		return false;
	}
	return true;
}

static bool add_user(void *data, struct reg_entry *e)
{
	struct build_walk *w = data;
	struct reg_match_index *mi = w->mi;
	struct reg_entry **grown;

	if (!e->is_service || !reg_entry_property(e, user_props_key))
		return true;
	grown = talloc_realloc(mi, mi->user, struct reg_entry *, mi->nuser + 1);
	if (!grown) {
		w->ret = -1;
		return false;
	}
	mi->user = grown;
	mi->user[mi->nuser++] = e;
	return true;
}

static struct key_index *key_index_of(struct reg_match_index *mi, const char *key)
{
	struct key_index *grown;

	for (size_t i = 0; i < mi->nkeys; i++)
		if (strcmp(mi->keys[i].key, key) == 0)
			return &mi->keys[i];
	grown = talloc_realloc(mi, mi->keys, struct key_index, mi->nkeys + 1);
	if (!grown)
		return NULL;
	mi->keys = grown;
	/* The tables' slots hang on mi, so moving the array is harmless. */
	memset(&grown[mi->nkeys], 0, sizeof(*grown));
	grown[mi->nkeys].key = talloc_strdup(mi, key);
	if (!grown[mi->nkeys].key)
		return NULL;
	return &mi->keys[mi->nkeys++];
}

int match_index_property(struct reg_match_index *mi, const struct registry *reg,
			 const char *key, const struct reg_value *value,
			 match_candidate_fn fn, void *data)
{
	struct key_index *k = key_index_of(mi, key);
	struct reg_entry *e;
	uint64_t h;

	if (!k)
		return -1;
	if (!mi->user_valid) {
		struct build_walk w = { .mi = mi };

		registry_foreach_entry(reg, add_user, &w);
		if (w.ret) {
			drop_user(mi);
			return -1;
		}
		mi->user_valid = true;
	}
	if (!k->valid) {
		struct build_walk w = { .mi = mi, .table = &k->values, .key = key };

		if (!worth_building(&k->asked))
			return -1;
		k->values.min_cap = 64;
		registry_foreach_entry(reg, add_values, &w);
		if (w.ret) {
			drop_key(k);
			return -1;
		}
		k->valid = true;
	}
	h = value_hash(value);
	for (size_t pos = HASH_TABLE_START; (e = hash_table_next(&k->values, h, &pos));)
		fn(data, e);
	for (size_t i = 0; i < mi->nuser; i++)
		fn(data, mi->user[i]);
	return 0;
}
