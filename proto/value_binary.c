/* IOKit binary serialization of property values (see value_binary.h). */
#include "value_binary.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <talloc.h>

#define KIND_DICT	0x01000000u
#define KIND_ARRAY	0x02000000u
#define KIND_SET	0x03000000u
#define KIND_NUMBER	0x04000000u
#define KIND_SYMBOL	0x08000000u
#define KIND_STRING	0x09000000u
#define KIND_DATA	0x0a000000u
#define KIND_BOOLEAN	0x0b000000u
#define KIND_OBJECT	0x0c000000u
#define KIND_MASK	0x7f000000u
#define LENGTH_MASK	0x00ffffffu
#define END_OF_COLLECTION 0x80000000u

/* ---- writing ---- */

struct writer {
	void *ctx;
	uint8_t *buf;
	size_t len, cap;
	bool failed;
};

static void put_bytes(struct writer *w, const void *p, size_t n)
{
	size_t padded = (n + 3) & ~(size_t)3;

	if (w->failed)
		return;
	if (w->len + padded > w->cap) {
		size_t cap = w->cap ? w->cap : 256;
		while (cap < w->len + padded)
			cap *= 2;
		uint8_t *b = talloc_realloc(w->ctx, w->buf, uint8_t, cap);
		if (!b) {
			w->failed = true;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, p, n);
	memset(w->buf + w->len + n, 0, padded - n);
	w->len += padded;
}

static void put_word(struct writer *w, uint32_t word)
{
	uint8_t le[4] = { word, word >> 8, word >> 16, word >> 24 };
	put_bytes(w, le, 4);
}

static void put_key(struct writer *w, uint32_t kind, size_t length, bool last)
{
	if (length > LENGTH_MASK) {
		w->failed = true;
		return;
	}
	put_word(w, kind | (uint32_t)length | (last ? END_OF_COLLECTION : 0));
}

static void write_value(struct writer *w, const struct reg_value *v, bool last)
{
	switch (v->type) {
	case REG_DICT:
		put_key(w, KIND_DICT, v->u.dict.count, last);
		for (size_t i = 0; i < v->u.dict.count; i++) {
			size_t klen = strlen(v->u.dict.keys[i]) + 1;
			put_key(w, KIND_SYMBOL, klen, false);
			put_bytes(w, v->u.dict.keys[i], klen);
			write_value(w, v->u.dict.values[i], i + 1 == v->u.dict.count);
		}
		break;
	case REG_ARRAY:
	case REG_SET:
		put_key(w, v->type == REG_SET ? KIND_SET : KIND_ARRAY, v->u.array.count, last);
		for (size_t i = 0; i < v->u.array.count; i++)
			write_value(w, v->u.array.items[i], i + 1 == v->u.array.count);
		break;
	case REG_STRING:
	case REG_SYMBOL:
		put_key(w, KIND_STRING, v->u.string.len, last);
		put_bytes(w, v->u.string.chars, v->u.string.len);
		break;
	case REG_DATA:
		put_key(w, KIND_DATA, v->u.data.len, last);
		put_bytes(w, v->u.data.bytes, v->u.data.len);
		break;
	case REG_NUMBER: {
		uint64_t n = (uint64_t)v->u.number.value;
		uint8_t le[8];
		for (int i = 0; i < 8; i++)
			le[i] = (uint8_t)(n >> (8 * i));
		put_key(w, KIND_NUMBER, v->u.number.width, last);
		put_bytes(w, le, 8);
		break;
	}
	case REG_BOOL:
		put_key(w, KIND_BOOLEAN, v->u.boolean ? 1 : 0, last);
		break;
	}
}

uint8_t *reg_value_to_binary(void *ctx, const struct reg_value *v, size_t *len)
{
	struct writer w = { .ctx = ctx };

	put_word(&w, REG_BINARY_SIGNATURE);
	write_value(&w, v, true);
	if (w.failed) {
		talloc_free(w.buf);
		return NULL;
	}
	*len = w.len;
	return w.buf;
}

/* ---- reading ---- */

struct reader {
	const uint8_t *buf;
	size_t len, pos;
	/* Every object in order of appearance, for KIND_OBJECT references;
	 * NULL while a container is still being read (a reference to it would
	 * be a cycle). */
	struct reg_value **objects;
	size_t nobjects, objects_cap;
	size_t produced;	/* values created, references included */
	size_t budget;		/* reg_binary_node_budget(len) */
	/* String, data and key bytes that references copied: a reference
	 * is 4 bytes of input whatever it names, so the nodes alone do not
	 * bound the memory (one 1 MiB data object referred to 750,000 times
	 * is 3.75 MiB of input and 750 GB of copies). */
	size_t copied;
	size_t byte_budget;	/* reg_binary_byte_budget(len) */
	struct reg_parse_error *err;
	void *tmp;
};

static bool fail(struct reader *r, const char *what)
{
	reg_parse_error_set(r->err, 0, r->pos, "%s", what);
	return false;
}

static bool take(struct reader *r, size_t n, const uint8_t **p)
{
	size_t padded = (n + 3) & ~(size_t)3;

	if (padded < n || r->len - r->pos < padded)
		return fail(r, "truncated binary serialization");
	*p = r->buf + r->pos;
	r->pos += padded;
	return true;
}

static bool take_word(struct reader *r, uint32_t *word)
{
	const uint8_t *p;

	if (!take(r, 4, &p))
		return false;
	*word = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	return true;
}

static size_t remember(struct reader *r, struct reg_value *v)
{
	if (r->nobjects == r->objects_cap) {
		size_t cap = r->objects_cap ? r->objects_cap * 2 : 64;
		struct reg_value **o = talloc_realloc(r->tmp, r->objects, struct reg_value *, cap);
		if (!o)
			return SIZE_MAX;
		r->objects = o;
		r->objects_cap = cap;
	}
	r->objects[r->nobjects] = v;
	return r->nobjects++;
}

/* The values in v, adding the bytes of its strings, data and keys to
 * *bytes. */
static size_t count_nodes(const struct reg_value *v, size_t *bytes)
{
	size_t n = 1;

	if (v->type == REG_DICT) {
		for (size_t i = 0; i < v->u.dict.count; i++) {
			*bytes += strlen(v->u.dict.keys[i]) + 1;
			n += 1 + count_nodes(v->u.dict.values[i], bytes);
		}
	} else if (v->type == REG_ARRAY || v->type == REG_SET) {
		for (size_t i = 0; i < v->u.array.count; i++)
			n += count_nodes(v->u.array.items[i], bytes);
	} else if (v->type == REG_DATA) {
		*bytes += v->u.data.len;
	} else if (reg_value_is_string(v)) {
		*bytes += v->u.string.len;
	}
	return n;
}

/* Charges a reference's copy of v.  false (err set) past the budgets. */
static bool charge_copy(struct reader *r, const struct reg_value *v)
{
	r->produced += count_nodes(v, &r->copied);
	if (r->produced > r->budget) {
		fail(r, "references expand to too many objects");
		return false;
	}
	if (r->copied > r->byte_budget) {
		fail(r, "references expand to too many bytes");
		return false;
	}
	return true;
}

static struct reg_value *read_value(struct reader *r, void *ctx, unsigned depth);

/* Reads a dictionary key: a symbol (length with its NUL) or a string. */
static char *read_key(struct reader *r, void *ctx)
{
	uint32_t word, kind, length;
	const uint8_t *p;
	char *key;

	if (!take_word(r, &word))
		return NULL;
	kind = word & KIND_MASK;
	length = word & LENGTH_MASK;
	if (kind == KIND_OBJECT) {
		struct reg_value *v = length < r->nobjects ? r->objects[length] : NULL;
		if (!v || !reg_value_is_string(v)) {
			fail(r, "dictionary key refers to a non-string object");
			return NULL;
		}
		if (!charge_copy(r, v))
			return NULL;
		return talloc_strdup(ctx, v->u.string.chars);
	}
	if (kind != KIND_SYMBOL && kind != KIND_STRING) {
		fail(r, "dictionary key is not a string");
		return NULL;
	}
	if (!take(r, length, &p))
		return NULL;
	if (kind == KIND_SYMBOL) {
		if (length == 0 || p[length - 1] != '\0') {
			fail(r, "symbol without its terminating NUL");
			return NULL;
		}
		length--;
	}
	if (memchr(p, '\0', length)) {
		fail(r, "dictionary key contains a NUL byte");
		return NULL;
	}
	key = talloc_strndup(ctx, (const char *)p, length);
	if (!key)
		return NULL;
	/* Keys are objects too, for the references' numbering. */
	struct reg_value *kv = reg_value_new_string(r->tmp, key);
	if (!kv || remember(r, kv) == SIZE_MAX)
		return NULL;
	return key;
}

/* The keys of the dictionary being read, by hash: looking each new key
 * up among the earlier ones one by one cost n^2/2 comparisons (a 640 KB
 * request of 40,000 distinct keys took the daemon 21 s).  Slots hold an
 * index into the dictionary's keys plus one; 0 is empty.  The hash is
 * seeded per process, so that a client cannot choose colliding keys in
 * advance. */
struct key_index {
	uint32_t *slots;
	size_t cap;	/* a power of two, or 0 */
};

static uint64_t key_seed;

static uint64_t key_hash(const char *key)
{
	uint64_t h = key_seed ^ 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

/* Lock-free is enough: a racing first use sets one of two random seeds. */
static void seed_once(void)
{
	uint64_t s = 0;

	if (__atomic_load_n(&key_seed, __ATOMIC_RELAXED))
		return;
	if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != (ssize_t)sizeof(s))
		s = (uint64_t)(uintptr_t)&s ^ (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull;
	__atomic_store_n(&key_seed, s | 1, __ATOMIC_RELAXED);
}

/* Where key is, or the empty slot where it would go. */
static size_t key_slot(const struct key_index *ix, const struct reg_value *d, const char *key)
{
	size_t s = (size_t)key_hash(key) & (ix->cap - 1);

	while (ix->slots[s] && strcmp(d->u.dict.keys[ix->slots[s] - 1], key) != 0)
		s = (s + 1) & (ix->cap - 1);
	return s;
}

/* Room for one more key at a load of at most a half. */
static bool key_index_grow(struct reader *r, struct key_index *ix, const struct reg_value *d)
{
	size_t cap;
	uint32_t *old = ix->slots;

	if (ix->cap && (d->u.dict.count + 1) * 2 <= ix->cap)
		return true;
	cap = ix->cap ? ix->cap * 2 : 16;
	ix->slots = talloc_zero_array(r->tmp, uint32_t, cap);
	if (!ix->slots) {
		ix->slots = old;
		return false;
	}
	ix->cap = cap;
	for (size_t i = 0; i < d->u.dict.count; i++)
		ix->slots[key_slot(ix, d, d->u.dict.keys[i])] = (uint32_t)(i + 1);
	talloc_free(old);
	return true;
}

/* Sets key in the dictionary being read.  A repeated key's later value
 * wins, as in OSDictionary, but the earlier value must outlive the decode:
 * the object table still names it and a later reference may copy it
 * (reg_dict_set would free it: a use after free any user could trigger
 * through .iokit/control). */
static bool dict_put(struct reader *r, struct key_index *ix, struct reg_value *d,
		     const char *key, struct reg_value *item)
{
	size_t s;

	if (!key_index_grow(r, ix, d))
		return false;
	s = key_slot(ix, d, key);
	if (ix->slots[s]) {
		size_t i = ix->slots[s] - 1;

		talloc_steal(r->tmp, d->u.dict.values[i]);
		d->u.dict.values[i] = talloc_steal(d, item);
		return true;
	}
	if (reg_dict_append_new(d, key, item) != 0)
		return false;
	ix->slots[s] = (uint32_t)d->u.dict.count;
	return true;
}

static struct reg_value *read_collection(struct reader *r, void *ctx, unsigned depth,
					 enum reg_value_type type, uint32_t count)
{
	struct reg_value *c = type == REG_DICT ? reg_value_new_dict(ctx)
			    : type == REG_SET ? reg_value_new_set(ctx)
					      : reg_value_new_array(ctx);
	struct key_index ix = { NULL, 0 };
	size_t slot;

	if (!c || (slot = remember(r, NULL)) == SIZE_MAX)
		goto fail;
	for (uint32_t i = 0; i < count; i++) {
		struct reg_value *item;
		char *key = NULL;

		if (type == REG_DICT && !(key = read_key(r, r->tmp)))
			goto fail;
		item = read_value(r, c, depth + 1);
		if (!item)
			goto fail;
		if (type == REG_DICT) {
			if (!dict_put(r, &ix, c, key, item))
				goto fail;
			talloc_free(key);
		} else if (reg_array_append(c, item) != 0) {
			goto fail;
		}
	}
	talloc_free(ix.slots);
	r->objects[slot] = c;
	return c;
fail:
	talloc_free(ix.slots);
	talloc_free(c);
	return NULL;
}

static struct reg_value *read_value(struct reader *r, void *ctx, unsigned depth)
{
	uint32_t word, kind, length;
	const uint8_t *p;
	struct reg_value *v = NULL;

	if (depth > REG_VALUE_MAX_DEPTH) {
		fail(r, "nesting deeper than the limit");
		return NULL;
	}
	if (++r->produced > REG_BINARY_MAX_OBJECTS) {
		fail(r, "too many objects");
		return NULL;
	}
	if (!take_word(r, &word))
		return NULL;
	kind = word & KIND_MASK;
	length = word & LENGTH_MASK;
	switch (kind) {
	case KIND_DICT:
		return read_collection(r, ctx, depth, REG_DICT, length);
	case KIND_ARRAY:
		return read_collection(r, ctx, depth, REG_ARRAY, length);
	case KIND_SET:
		return read_collection(r, ctx, depth, REG_SET, length);
	case KIND_NUMBER: {
		uint64_t n = 0;
		if (!take(r, 8, &p))
			return NULL;
		for (int i = 7; i >= 0; i--)
			n = n << 8 | p[i];
		if (!reg_number_width_valid(length)) {
			fail(r, "number width is not 8, 16, 32, 64, 31 (float) or 63 (double)");
			return NULL;
		}
		v = reg_value_new_number(ctx, (int64_t)n, length);
		break;
	}
	case KIND_SYMBOL:
		if (!take(r, length, &p))
			return NULL;
		if (length == 0 || p[length - 1] != '\0') {
			fail(r, "symbol without its terminating NUL");
			return NULL;
		}
		v = reg_value_new_string_len(ctx, (const char *)p, length - 1);
		break;
	case KIND_STRING:
		if (!take(r, length, &p))
			return NULL;
		v = reg_value_new_string_len(ctx, (const char *)p, length);
		break;
	case KIND_DATA:
		if (!take(r, length, &p))
			return NULL;
		v = reg_value_new_data(ctx, p, length);
		break;
	case KIND_BOOLEAN:
		v = reg_value_new_bool(ctx, length & 1);
		break;
	case KIND_OBJECT:
		if (length >= r->nobjects || !r->objects[length]) {
			fail(r, "reference to an unknown or enclosing object");
			return NULL;
		}
		/* Objects are trees no larger than the budget, so counting
		 * costs no more than the copy would. */
		if (!charge_copy(r, r->objects[length]))
			return NULL;
		return reg_value_copy(ctx, r->objects[length]);
	default:
		fail(r, "unknown object type");
		return NULL;
	}
	if (!v || remember(r, v) == SIZE_MAX) {
		talloc_free(v);
		return NULL;
	}
	return v;
}

size_t reg_binary_byte_budget(size_t len)
{
	if (len > (SIZE_MAX - 65536) / 4)
		return SIZE_MAX;
	return 65536 + 4 * len;
}

size_t reg_binary_node_budget(size_t len)
{
	if (len > (REG_BINARY_MAX_OBJECTS - 4096) / 4)
		return REG_BINARY_MAX_OBJECTS;
	return 4096 + 4 * len;
}

struct reg_value *reg_value_from_binary(void *ctx, const void *buf, size_t len,
					struct reg_parse_error *err)
{
	struct reader r = { .buf = buf, .len = len, .err = err,
			    .budget = reg_binary_node_budget(len),
			    .byte_budget = reg_binary_byte_budget(len) };
	struct reg_value *v = NULL;
	uint32_t sig;

	seed_once();
	/* The decode's scratch (object table, key indexes, key objects) comes
	 * from one pool: a reply of 64 entries' properties made a few thousand
	 * small mallocs of it. */
	r.tmp = talloc_pool(NULL, len < 64 * 1024 ? 4 * len + 1024 : 256 * 1024);
	if (!r.tmp)
		return NULL;
	if (!take_word(&r, &sig) || sig != REG_BINARY_SIGNATURE) {
		fail(&r, "not an IOKit binary serialization (bad signature)");
		goto out;
	}
	v = read_value(&r, ctx, 0);
	if (v && r.pos != r.len) {
		fail(&r, "trailing bytes after the serialized object");
		TALLOC_FREE(v);
	}
out:
	talloc_free(r.tmp);
	return v;
}
