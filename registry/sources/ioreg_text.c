/* The `ioreg -l -w0` text loader (see ioreg_text.h for what is kept how). */
#include "ioreg_text.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "macroman.h"
#include "value_literal.h"

struct loader {
	struct registry *reg;
	const char *buf;
	size_t len;
	int plane;
	struct reg_parse_error *err;
	struct ioreg_text_stats *stats;
	void *tmp;		/* freed at the end of the load */
	struct load_warnings *warn;	/* NULL: strict, the old way */
	struct reg_literal_lenient lenient;
	size_t value_start;	/* of the value being parsed (for warnings) */
	size_t value_line;
	int warn_failed;	/* a --strict refusal inside a callback */
	bool utf8_noted;	/* the UTF-8 text warning was given */

	/* The path from the top to the last header: stack[d] is at depth d. */
	struct reg_entry **stack;
	size_t nstack, stack_cap;

	struct reg_entry *current;	/* entry of the last header */
	bool block_allowed;		/* a '{' may follow (just after a header) */
	bool in_block;
	bool fill;			/* store the block's properties */

	/* The line being read. */
	size_t lineno;
	size_t line_start, line_end;	/* line_end excludes "\r\n" */
};

#define TRUNCATED_MSG "line truncated by ioreg -w; re-run with -w0"

static bool line_truncated(const struct loader *l)
{
	return l->line_end > l->line_start && l->buf[l->line_end - 1] == '$';
}

/* Fails the load at offset in the current line; a clipped line explains
 * itself better than whatever looked wrong in it. */
static int fail_line(struct loader *l, size_t offset, const char *what)
{
	if (line_truncated(l))
		reg_parse_error_set(l->err, l->lineno, l->line_end - 1, TRUNCATED_MSG);
	else
		reg_parse_error_set(l->err, l->lineno, offset, "%s", what);
	return -1;
}

static int fail_oom(struct loader *l)
{
	reg_parse_error_set(l->err, l->lineno, l->line_start, "out of memory");
	return -1;
}

/* An oddity at line; -1 when it must stop the load (--strict). */
static int oddity(struct loader *l, size_t line, size_t offset, const char *what)
{
	if (!l->warn) {
		reg_parse_error_set(l->err, line, offset, "%s", what);
		return -1;
	}
	return load_warn(l->warn, l->err, line, offset, "%s", what);
}

/* The literal parser's oddities, at their line inside a multi-line value. */
static void literal_warn(void *arg, size_t offset, const char *what)
{
	struct loader *l = arg;
	size_t line = l->value_line, at = l->value_start + offset;

	if (strncmp(what, "non-ASCII", 9) == 0) {
		if (l->utf8_noted)
			return;	/* once per file */
		l->utf8_noted = true;
	}


	for (size_t i = l->value_start; i < at && i < l->len; i++)
		line += l->buf[i] == '\n';
	if (oddity(l, line, at, what) != 0)
		l->warn_failed = 1;
}

static const char *find_last(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

static const char *find_first(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* ---- headers ---- */

struct header {
	char *name;
	char *location;		/* NULL: none */
	char *cls;		/* most derived class */
	char **chain;		/* -i: base first; NULL otherwise */
	size_t nchain;
	bool has_id, has_state, has_retain;
	uint64_t id;
	bool registered, matched, inactive;
	uint32_t busy;
	bool has_busy_time;
	uint64_t busy_ms;
	uint32_t retain;
};

static bool parse_u64(const char *s, int base, uint64_t *out, const char **end)
{
	char *e;

	if (!(base == 16 ? (s[0] && strchr("0123456789abcdefABCDEF", s[0]))
			 : (s[0] >= '0' && s[0] <= '9')))
		return false;
	errno = 0;
	*out = strtoull(s, &e, base);
	if (errno)
		return false;
	*end = e;
	return true;
}

static bool parse_u32(const char *s, uint32_t *out, const char **end)
{
	uint64_t v;

	if (!parse_u64(s, 10, &v, end) || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* One ", "-separated field after the class. */
static bool parse_header_field(struct header *h, const char *f)
{
	const char *end = NULL;

	if (strncmp(f, "id 0x", 5) == 0) {
		h->has_id = parse_u64(f + 5, 16, &h->id, &end) && !*end;
		return h->has_id;
	}
	if (!strcmp(f, "registered") || !strcmp(f, "!registered")) {
		h->registered = f[0] != '!';
		h->has_state = true;
		return true;
	}
	if (!strcmp(f, "matched") || !strcmp(f, "!matched")) {
		h->matched = f[0] != '!';
		h->has_state = true;
		return true;
	}
	if (!strcmp(f, "active") || !strcmp(f, "inactive")) {
		h->inactive = f[0] == 'i';
		h->has_state = true;
		return true;
	}
	if (strncmp(f, "busy ", 5) == 0) {
		if (!parse_u32(f + 5, &h->busy, &end))
			return false;
		h->has_state = true;
		if (!*end)
			return true;
		if (strncmp(end, " (", 2) != 0 || !parse_u64(end + 2, 10, &h->busy_ms, &end) ||
		    strcmp(end, " ms)") != 0)
			return false;
		h->has_busy_time = true;
		return true;
	}
	if (strncmp(f, "retain ", 7) == 0) {
		f += 7;
		if (strncmp(f, "count ", 6) == 0)
			f += 6;		/* old ioreg: "retain count N" */
		h->has_retain = parse_u32(f, &h->retain, &end) && !*end;
		return h->has_retain;
	}
	return false;
}

/* The header's text after "+-o " up to the end of the line. */
static int parse_header(struct loader *l, void *ctx, const char *s, size_t n,
			struct header *h)
{
	const char *cls;
	const char *at;
	char *inner, *field, *next;
	size_t name_len;
	bool cut = l->warn && n && s + n == l->buf + l->line_end && line_truncated(l);

	memset(h, 0, sizeof(*h));
	if (cut) {
		/* ioreg without -w0 clipped the line: keep what is there. */
		n--;
		if (oddity(l, l->lineno, l->line_end - 1,
			   "entry header truncated by ioreg -w: the fields cut off are unknown") != 0)
			return -1;
	}
	cls = find_last(s, n, "  <class ");
	if (!cls && cut) {
		const char *lt = find_last(s, n, "  <");
		h->name = talloc_strndup(ctx, s, lt ? (size_t)(lt - s) : n);
		h->cls = talloc_strdup(ctx, "IORegistryEntry");
		return h->name && h->cls ? 0 : fail_oom(l);
	}
	if (!cls)
		return fail_line(l, (size_t)(s - l->buf), "malformed entry header (no \"  <class\")");
	if (!cut && (n == 0 || s[n - 1] != '>'))
		return fail_line(l, (size_t)(s - l->buf) + n, "entry header does not end with '>'");
	name_len = (size_t)(cls - s);
	at = NULL;
	for (size_t i = name_len; i-- > 0;) {
		if (s[i] == '@') {
			at = s + i;
			break;
		}
	}
	if (at) {
		h->name = talloc_strndup(ctx, s, (size_t)(at - s));
		h->location = talloc_strndup(ctx, at + 1, (size_t)(cls - at - 1));
		if (!h->location)
			return fail_oom(l);
	} else {
		h->name = talloc_strndup(ctx, s, name_len);
	}
	inner = talloc_strndup(ctx, cls + 9, (size_t)(s + n - (cut ? 0 : 1) - (cls + 9)));
	if (!h->name || !inner)
		return fail_oom(l);

	field = inner;
	next = strstr(field, ", ");
	if (next)
		*next = '\0';
	if (!field[0])
		return fail_line(l, (size_t)(cls - l->buf), "entry header has no class name");
	h->cls = field;
	if (strchr(field, ':')) {
		/* ioreg -i: "IORegistryEntry:IOService:Class". */
		for (char *c = field; c; c = strchr(c, ':')) {
			if (*c == ':')
				c++;
			h->nchain++;
		}
		h->chain = talloc_array(ctx, char *, h->nchain);
		if (!h->chain)
			return fail_oom(l);
		size_t i = 0;
		for (char *c = field, *colon; c; c = colon ? colon + 1 : NULL) {
			colon = strchr(c, ':');
			if (colon)
				*colon = '\0';
			if (!*c)
				return fail_line(l, (size_t)(cls - l->buf),
						 "empty class name in inheritance chain");
			h->chain[i++] = c;
		}
		h->cls = h->chain[h->nchain - 1];
	}
	while (next) {
		field = next + 2;
		next = strstr(field, ", ");
		if (next)
			*next = '\0';
		if (!parse_header_field(h, field)) {
			size_t off = (size_t)(cls - l->buf) + 9 + (size_t)(field - inner);
			if (cut && !next)
				break;	/* the field the clip cut in two */
			if (!l->warn)
				return fail_line(l, off, "unknown or malformed field in entry header");
			if (oddity(l, l->lineno, off,
				   "unknown or malformed field in entry header: ignored") != 0)
				return -1;
		}
	}
	return 0;
}

static bool has_parent(const struct reg_entry *e, const struct reg_entry *parent, int plane)
{
	size_t n = reg_entry_parent_count(e, plane);

	for (size_t i = 0; i < n; i++)
		if (reg_entry_parent(e, plane, i) == parent)
			return true;
	return false;
}

static int declare_class(struct loader *l, const struct header *h)
{
	if (h->chain) {
		/* registry_class_declare_chain wants the most derived first. */
		const char **chain = talloc_array(l->tmp, const char *, h->nchain);
		if (!chain)
			return fail_oom(l);
		for (size_t i = 0; i < h->nchain; i++)
			chain[i] = h->chain[h->nchain - 1 - i];
		if (!registry_class_declare_chain(l->reg, chain, h->nchain))
			return fail_oom(l);
		talloc_free(chain);
	} else if (!registry_class_declare(l->reg, h->cls, NULL)) {
		return fail_oom(l);
	}
	if (h->has_state && !reg_class_conforms_to(registry_class_get(l->reg, h->cls),
						   "IOService")) {
		/* ioreg shows state only for IOService objects. */
		if (!registry_class_declare(l->reg, h->cls, "IOService"))
			return fail_oom(l);
	}
	return 0;
}

static void apply_header_state(struct loader *l, struct reg_entry *e, const struct header *h)
{
	if (h->has_state) {
		uint32_t state = (h->registered ? REG_STATE_REGISTERED : 0) |
				 (h->matched ? REG_STATE_MATCHED : 0) |
				 (h->inactive ? REG_STATE_INACTIVE : 0);
		e->is_service = true;
		registry_entry_set_state(l->reg, e, state);
		registry_entry_set_busy(l->reg, e, h->busy);
		if (h->has_busy_time)
			e->busy_time_ns = h->busy_ms ? h->busy_ms * 1000000u : 1;
		else
			e->busy_time_ns = 0;
	} else {
		e->is_service = false;
		registry_entry_set_state(l->reg, e, 0);
	}
	if (h->has_retain)
		e->retain = h->retain;
}

/* Names and locations an entry has in this plane, where they differ from
 * the global ones it got in the plane that created it. */
static int apply_plane_names(struct loader *l, struct reg_entry *e, const struct header *h)
{
	const char *global_loc = e->location;

	if (strcmp(h->name, e->name) != 0 &&
	    registry_entry_set_name(l->reg, e, l->plane, h->name) != 0)
		return fail_oom(l);
	if (h->location && (!global_loc || strcmp(h->location, global_loc) != 0)) {
		if (registry_entry_set_location(l->reg, e, l->plane, h->location) != 0)
			return fail_oom(l);
	} else if (!h->location && global_loc) {
		if (registry_entry_set_location(l->reg, e, l->plane, "") != 0)
			return fail_oom(l);
	}
	return 0;
}

static int handle_header(struct loader *l, size_t column, const char *s, size_t n)
{
	struct registry *reg = l->reg;
	struct reg_entry *root = registry_root(reg);
	struct reg_entry *e = NULL, *parent = NULL;
	void *hctx = talloc_new(l->tmp);
	struct header h;
	size_t depth;
	int ret = -1;

	if (!hctx)
		return fail_oom(l);
	if (column % 2) {
		fail_line(l, l->line_start + column, "'+-o' at an odd column");
		goto out;
	}
	depth = column / 2;
	if (depth > l->nstack) {
		fail_line(l, l->line_start + column,
			  "entry indented deeper than the entry above allows");
		goto out;
	}
	if (parse_header(l, hctx, s, n, &h) != 0)
		goto out;
	if (l->stats)
		l->stats->headers++;

	if (depth == 0 && ((h.has_id && h.id == REG_ROOT_ID) ||
			   (!h.has_state && strcmp(h.name, "Root") == 0))) {
		e = root;
		l->fill = root->properties->u.dict.count == 0;
		if (l->fill && h.has_retain)
			root->retain = h.retain;
	} else {
		if (h.has_id && h.id == REG_ROOT_ID) {
			fail_line(l, (size_t)(s - l->buf), "Root's ID on an entry below Root");
			goto out;
		}
		parent = depth ? l->stack[depth - 1] : root;
		if (h.has_id)
			e = registry_entry_by_id(reg, h.id);
		if (e) {
			if (l->stats)
				l->stats->merged_entries++;
			l->fill = e->properties->u.dict.count == 0;
			if (apply_plane_names(l, e, &h) != 0)
				goto out;
		} else {
			if (declare_class(l, &h) != 0)
				goto out;
			e = registry_entry_new(reg, h.has_id ? h.id : 0, h.name, h.cls);
			if (!e) {
				fail_oom(l);
				goto out;
			}
			if (h.location &&
			    registry_entry_set_location(reg, e, REG_NO_PLANE, h.location) != 0) {
				fail_oom(l);
				goto out;
			}
			apply_header_state(l, e, &h);
			l->fill = true;
			if (l->stats)
				l->stats->new_entries++;
		}
		if (!has_parent(e, parent, l->plane) &&
		    registry_attach(reg, e, parent, l->plane) != 0) {
			fail_line(l, (size_t)(s - l->buf),
				  "cannot attach entry here (it would be its own ancestor)");
			goto out;
		}
	}

	if (depth >= l->stack_cap) {
		size_t cap = l->stack_cap ? l->stack_cap * 2 : 32;
		struct reg_entry **st = talloc_realloc(l->tmp, l->stack, struct reg_entry *, cap);
		if (!st) {
			fail_oom(l);
			goto out;
		}
		l->stack = st;
		l->stack_cap = cap;
	}
	l->stack[depth] = e;
	l->nstack = depth + 1;
	l->current = e;
	l->block_allowed = true;
	ret = 0;
out:
	talloc_free(hctx);
	return ret;
}

/* ---- property blocks ---- */

static bool contains(const char *s, size_t n, const char *needle)
{
	return find_first(s, n, needle) != NULL;
}

/* A property line starting at the key's quote (offset p); the value may run
 * over further lines, so *next is moved past its end. */
static int handle_property(struct loader *l, size_t p, size_t *next)
{
	const char *line = l->buf + p;
	size_t n = l->line_end - p;
	const char *sep = find_first(line + 1, n - 1, "\" = ");
	struct reg_parse_error verr = { 0 };
	struct reg_value *v;
	size_t vstart, used = 0;
	char *key;

	if (!sep)
		return fail_line(l, p, "expected \"key\" = value");
	if (l->lenient.macroman && macroman_has_high(line + 1, (size_t)(sep - line - 1))) {
		key = macroman_to_utf8(l->tmp, line + 1, (size_t)(sep - line - 1), NULL);
		l->value_start = p;
		l->value_line = l->lineno;
		literal_warn(l, 0, "non-ASCII text in a string: read as the MacRoman ioreg "
				   "writes");
		if (l->warn_failed)
			return -1;
	} else
		key = talloc_strndup(l->tmp, line + 1, (size_t)(sep - line - 1));
	if (!key)
		return fail_oom(l);
	vstart = (size_t)(sep - l->buf) + 4;
	l->value_start = vstart;
	l->value_line = l->lineno;
	l->warn_failed = 0;
	if (l->warn)
		v = reg_value_from_literal_line_lenient(l->tmp, l->buf + vstart, l->len - vstart,
							REG_LITERAL_IOREG, &l->lenient, &used,
							&verr);
	else
		v = reg_value_from_literal_line(l->tmp, l->buf + vstart, l->len - vstart,
						REG_LITERAL_IOREG, &used, &verr);
	if (l->warn_failed) {
		talloc_free(key);
		return -1;
	}
	if (l->warn && line_truncated(l) && (!v || vstart + used > l->line_end + 1)) {
		/* Clipped by ioreg -w: the value's end is lost. */
		talloc_free(v);
		if (oddity(l, l->lineno, l->line_end - 1,
			   "value truncated by ioreg -w: loaded as an unknown string") != 0) {
			talloc_free(key);
			return -1;
		}
		v = reg_value_new_string(l->tmp, REG_UNKNOWN_STRING);
		if (!v)
			return fail_oom(l);
		v->mark = REG_MARK_UNKNOWN;
		const char *nl = memchr(l->buf + l->line_end, '\n', l->len - l->line_end);
		used = (nl ? (size_t)(nl - l->buf) : l->len) - vstart;
	}
	if (v && vstart + used > l->line_end + 1 && line_truncated(l)) {
		/* A clipped string that found a closing quote lines later. */
		talloc_free(v);
		talloc_free(key);
		return fail_line(l, l->line_end - 1, TRUNCATED_MSG);
	}
	if (v) {
		size_t end = vstart + used;
		/* Lines the value ran over. */
		for (const char *c = l->buf + l->line_end;
		     (c = memchr(c, '\n', (size_t)(l->buf + end - c))) != NULL; c++)
			l->lineno++;
		*next = end < l->len ? end + 1 : l->len;
	} else if (line_truncated(l)) {
		return fail_line(l, l->line_end - 1, TRUNCATED_MSG);
	} else if (contains(l->buf + vstart, l->line_end - vstart, "**") ||
		   (l->warn && (contains(l->buf + vstart, l->line_end - vstart, "XXX") ||
				contains(l->buf + vstart, l->line_end - vstart, "xxx")))) {
		v = reg_value_new_string_len(l->tmp, l->buf + vstart, l->line_end - vstart);
		if (!v)
			return fail_oom(l);
		v->mark = REG_MARK_REDACTED;
		if (!(v->raw = talloc_strndup(v, l->buf + vstart, l->line_end - vstart)))
			return fail_oom(l);
		if (l->stats)
			l->stats->redacted++;
		if (l->warn && oddity(l, l->lineno, vstart,
				      "redacted value that is no value ioreg prints: loaded as "
				      "a string of its text, marked redacted") != 0) {
			talloc_free(key);
			return -1;
		}
	} else {
		size_t at = vstart + verr.offset, lineno = l->lineno;
		for (size_t i = vstart; i < at && i < l->len; i++)
			lineno += l->buf[i] == '\n';
		reg_parse_error_set(l->err, lineno, at, "property \"%s\": %s", key,
				    verr.message);
		talloc_free(key);
		return -1;
	}
	if (l->stats)
		l->stats->properties++;
	if (l->stats && v->mark == REG_MARK_REDACTED && v->raw && v->type == REG_DATA)
		l->stats->redacted++;
	if (l->fill) {
		if (registry_set_property(l->reg, l->current, key, v) != 0) {
			talloc_free(key);
			return fail_oom(l);
		}
	} else {
		talloc_free(v);
	}
	talloc_free(key);
	return 0;
}

/* ---- the plane ---- */

/* IODeviceTree when Root's first child is "/", else IOService. */
const char *source_ioreg_text_plane(const char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		const char *s = buf + pos;
		size_t n = end - pos;

		pos = end + 1;
		if (n > 6 && memcmp(s, "  +-o ", 6) == 0) {
			const char *cls = find_last(s, n, "  <class ");
			if (cls && cls - s == 7 && s[6] == '/')
				return "IODeviceTree";
			if (cls && cls - s > 7 && s[6] == '/' && s[7] == '@')
				return "IODeviceTree";
			if (cls && cls - s == 17 && memcmp(s + 6, "device-tree", 11) == 0)
				return "IODeviceTree";	/* Apple Silicon */
			return "IOService";
		}
	}
	return "IOService";
}

/* "IOService:", "IODeviceTree:" (a plane's name: IO..., CoreCapture,
 * IO80211Plane...) alone on a line. */
static bool plane_title(const char *s, size_t n)
{
	if (n < 3 || n > 40 || s[n - 1] != ':')
		return false;
	for (size_t i = 0; i + 1 < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return (s[0] == 'I' && s[1] == 'O') || strncmp(s, "CoreCapture", 11) == 0;
}

/* A failed line in a lenient load: the error becomes a warning and the
 * line is skipped.  Returns 0 to go on, -1 to stop (strict, out of memory,
 * a --strict refusal already set). */
static int recover(struct loader *l)
{
	char what[sizeof(l->err->message) + 32];
	size_t line = l->err->line, offset = l->err->offset;

	if (!l->warn || l->warn->strict || l->warn_failed ||
	    strcmp(l->err->message, "out of memory") == 0)
		return -1;
	snprintf(what, sizeof(what), "line skipped: %s", l->err->message);
	memset(l->err, 0, sizeof(*l->err));
	return oddity(l, line ? line : l->lineno, offset, what);
}

int source_load_ioreg_text_warn(struct registry *reg, const char *buf, size_t len,
				const char *plane, struct ioreg_text_stats *stats,
				struct load_warnings *warn, struct reg_parse_error *err)
{
	struct loader l = { .reg = reg, .buf = buf, .len = len, .err = err,
			    .stats = stats, .warn = warn };
	size_t pos = 0, junk = 0;
	bool seen_header = false;
	int ret = -1;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (memchr(buf, '\0', len)) {
		reg_parse_error_set(err, 0, (size_t)((const char *)memchr(buf, '\0', len) - buf),
				    "not ioreg text (NUL byte)");
		return -1;
	}
	l.lenient.warn = literal_warn;
	l.lenient.arg = &l;
	if (warn && macroman_has_high(buf, len)) {
		/* ioreg prints strings in MacRoman; a file that is all valid
		 * UTF-8 was most likely converted on its way. */
		l.lenient.macroman = !macroman_is_utf8(buf, len);
	}
	if (!plane)
		plane = source_ioreg_text_plane(buf, len);
	l.plane = registry_plane_index(reg, plane);
	if (l.plane < 0)
		l.plane = registry_add_plane(reg, plane);
	if (l.plane < 0) {
		reg_parse_error_set(err, 0, 0, "cannot add plane %s", plane);
		return -1;
	}
	if (stats)
		stats->plane = l.plane;
	l.tmp = talloc_new(NULL);
	if (!l.tmp) {
		reg_parse_error_set(err, 0, 0, "out of memory");
		return -1;
	}

	while (pos < len) {
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t le = nl ? (size_t)(nl - buf) : len;
		size_t next = nl ? le + 1 : len;
		size_t p;
		int r = 0;

		l.lineno++;
		l.line_start = pos;
		if (le > pos && buf[le - 1] == '\r')
			le--;
		l.line_end = le;
		for (p = pos; p < le && (buf[p] == ' ' || buf[p] == '|'); p++)
			;
		if (le - p >= 4 && memcmp(buf + p, "+-o ", 4) == 0) {
			if (junk && oddity(&l, l.lineno - junk, pos, "text before the first "
					   "entry line skipped (a title, a shell prompt?)") != 0)
				goto out;
			junk = 0;
			r = handle_header(&l, p - pos, buf + p + 4, le - p - 4);
			if (r != 0) {
				/* Its children go to its parent; its block is skipped. */
				size_t depth = (p - pos) / 2;
				if (depth > l.nstack)
					depth = l.nstack;
				if (depth < l.stack_cap) {
					l.stack[depth] = depth ? l.stack[depth - 1] : registry_root(reg);
					l.nstack = depth + 1;
				}
				l.current = NULL;
				l.fill = false;
				l.block_allowed = true;
			}
			seen_header = true;
			l.in_block = false;
		} else if (p == le) {
			/* Blank, or the column-keeping line after a block. */
		} else if (warn && !l.in_block && plane_title(buf + p, le - p)) {
			/* "IODeviceTree:" before a plane's tree: scripts that
			 * print several planes into one file. */
			char name[64];
			int np;
			snprintf(name, sizeof(name), "%.*s", (int)(le - p - 1), buf + p);
			np = registry_plane_index(reg, name);
			if (np < 0)
				np = registry_add_plane(reg, name);
			if (np >= 0 && np != l.plane) {
				if (seen_header &&
				    oddity(&l, l.lineno, p, "several planes in one file: the "
					   "tree after this title loads into the plane it names") != 0)
					goto out;
				l.plane = np;
				l.nstack = 0;
				l.in_block = false;
				l.block_allowed = false;
			}
		} else if (!seen_header && warn) {
			junk++;
		} else if (!seen_header) {
			fail_line(&l, p, "not ioreg text: expected a '+-o' entry line");
			goto out;
		} else if (buf[p] == '{' && p + 1 == le) {
			if (!l.block_allowed) {
				r = fail_line(&l, p, "unexpected '{'");
			} else {
				l.block_allowed = false;
				l.in_block = true;
			}
		} else if (buf[p] == '}' && p + 1 == le) {
			if (!l.in_block)
				r = fail_line(&l, p, "unexpected '}'");
			l.in_block = false;
		} else if (buf[p] == '"' && l.in_block) {
			r = handle_property(&l, p, &next);
		} else {
			r = fail_line(&l, p, l.in_block ? "expected a property line or '}'"
					     : "unexpected text outside a property block");
		}
		if (r != 0 && recover(&l) != 0)
			goto out;
		pos = next;
	}
	if (!seen_header) {
		reg_parse_error_set(err, 0, 0, "not ioreg text: no '+-o' entry line");
		goto out;
	}
	if (junk && oddity(&l, l.lineno - junk + 1, len,
			   "text after the last entry skipped") != 0)
		goto out;
	if (l.in_block && oddity(&l, l.lineno, len, "unterminated property block at end of text") != 0)
		goto out;
	ret = 0;
out:
	talloc_free(l.tmp);
	return ret;
}

int source_load_ioreg_text_stats(struct registry *reg, const char *buf, size_t len,
				 const char *plane, struct ioreg_text_stats *stats,
				 struct reg_parse_error *err)
{
	return source_load_ioreg_text_warn(reg, buf, len, plane, stats, NULL, err);
}

int source_load_ioreg_text(struct registry *reg, const char *buf, size_t len,
			   const char *plane, struct reg_parse_error *err)
{
	return source_load_ioreg_text_stats(reg, buf, len, plane, NULL, err);
}
