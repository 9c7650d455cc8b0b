/* Structural comparison of two registries.  See regdiff.h. */
#include "regdiff.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <talloc.h>

#include "path.h"
#include "value_literal.h"

/* Properties holding registry IDs, kernel pointers, process IDs or counters
 * that differ between two boots of the same machine. */
const char *const regdiff_volatile_keys[] = {
	"IOKitDiagnostics",		/* Root: allocation counters */
	"IOUserClientCreator",		/* "pid 123, WindowServer" */
	"DriverID",			/* IOReport: a driver's registry ID */
	"RegistryEntryID",
	"IOServiceLegacyMatchingRegistryID",
	"AppleUSBAlternateServiceRegistryID",
	"Thunderbolt Entry ID",
	"PCI Entry ID",
	"IOPCITunnelID",
	"IOPCITunnelControllerID",
	"IOFBDependentID",
	"IOI2CInterfaceID",
	"IOCPUID",
	/* the live Linux source's sysfs counters (IOLinuxAttributes) */
	"runtime_active_time",
	"runtime_suspended_time",
	"meminfo",
	"numastat",
	"vmstat",
	"stat",
	"max_bytes",
	NULL,
};

/* A growable text buffer; out of memory sticks and is reported at the end. */
struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void sb_putn(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *ns = talloc_realloc(NULL, b->s, char, cap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void __attribute__((format(printf, 2, 3))) sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[512], *big = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		sb_putn(b, small, (size_t)n);
		return;
	}
	va_start(ap, fmt);
	n = vasprintf(&big, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	sb_putn(b, big, (size_t)n);
	free(big);
}

static void sb_indent(struct sbuf *b, char mark, unsigned depth)
{
	sb_putn(b, &mark, 1);
	for (unsigned i = 0; i < depth; i++)
		sb_putn(b, "  ", 2);
}

struct differ {
	void *ctx;
	const struct regdiff_options *o;
	const char *const *volatile_keys;
	int pa, pb;			/* the plane in A and in B */
	struct regdiff_result *res;
	size_t hunks_cap, pairs_cap;
	bool oom;
	/* -s with a path as iokit-diff prints it (duplicates' ~0x<ID>): the
	 * whole plane is matched and only this subtree reported. */
	const char *scope;
	bool scope_seen;
};

/* p is the scope or lies below it. */
static bool in_scope(struct differ *d, const char *p)
{
	size_t n;

	if (!d->scope)
		return true;
	n = strlen(d->scope);
	if (strncmp(p, d->scope, n) == 0 &&
	    (p[n] == '\0' || p[n] == '/' || d->scope[n - 1] == '/')) {
		d->scope_seen = true;
		return true;
	}
	return false;
}

/* p is an ancestor of the scope. */
static bool above_scope(const struct differ *d, const char *p)
{
	size_t n = strlen(p);

	return d->scope && n && strncmp(d->scope, p, n) == 0 &&
	       (p[n - 1] == '/' || d->scope[n] == '/');
}

static bool key_ignored(const struct differ *d, const char *key)
{
	for (size_t i = 0; i < d->o->nignore; i++)
		if (fnmatch(d->o->ignore[i], key, 0) == 0)
			return true;
	for (const char *const *k = d->volatile_keys; k && *k; k++)
		if (strcmp(*k, key) == 0)
			return true;
	return false;
}

static bool any_ignores(const struct differ *d)
{
	return d->o->nignore || d->volatile_keys;
}

/* CF equality, leaving out ignored keys of dictionaries at any depth. */
static bool val_equal(const struct differ *d, const struct reg_value *a,
		      const struct reg_value *b)
{
	if (!any_ignores(d) || a->type != b->type ||
	    (a->type != REG_DICT && a->type != REG_ARRAY))
		return reg_value_equal(a, b);
	if (a->type == REG_ARRAY) {
		if (a->u.array.count != b->u.array.count)
			return false;
		for (size_t i = 0; i < a->u.array.count; i++)
			if (!val_equal(d, a->u.array.items[i], b->u.array.items[i]))
				return false;
		return true;
	}
	size_t seen = 0;
	for (size_t i = 0; i < a->u.dict.count; i++) {
		const char *k = a->u.dict.keys[i];
		if (key_ignored(d, k))
			continue;
		const struct reg_value *vb = reg_dict_get(b, k);
		if (!vb || !val_equal(d, a->u.dict.values[i], vb))
			return false;
		seen++;
	}
	for (size_t i = 0; i < b->u.dict.count; i++)
		if (!key_ignored(d, b->u.dict.keys[i]))
			seen--;
	return seen == 0;
}

/* ioreg's literal, or the escaped one when ioreg's would span lines. */
static char *literal(void *ctx, const struct reg_value *v)
{
	char *s = reg_value_to_literal(ctx, v, REG_LITERAL_IOREG);

	if (s && strpbrk(s, "\n\r"))
		s = reg_value_to_literal(ctx, v, REG_LITERAL_EXACT);
	return s ? s : talloc_strdup(ctx, "<value too deep>");
}

static void value_line(struct differ *d, struct sbuf *b, char mark, unsigned depth,
		       const char *label, const struct reg_value *v)
{
	char *lit = literal(d->ctx, v);

	sb_indent(b, mark, depth);
	sb_printf(b, "%s = %s\n", label, lit);
	talloc_free(lit);
}

static char *key_label(void *ctx, const char *key)
{
	return talloc_asprintf(ctx, "\"%s\"", key);
}

/* Prints how the value labelled `label` changed from va to vb (both
 * present and unequal).  Containers of the same kind are opened and their
 * changed members printed between context lines. */
static void diff_value(struct differ *d, struct sbuf *b, unsigned depth, const char *label,
		       const struct reg_value *va, const struct reg_value *vb)
{
	void *tmp = talloc_new(d->ctx);

	if (va->type == REG_DICT && vb->type == REG_DICT && depth < REG_VALUE_MAX_DEPTH) {
		sb_indent(b, ' ', depth);
		sb_printf(b, "%s = {\n", label);
		for (size_t i = 0; i < va->u.dict.count; i++) {
			const char *k = va->u.dict.keys[i];
			const struct reg_value *x = va->u.dict.values[i], *y;
			if (key_ignored(d, k))
				continue;
			char *kl = key_label(tmp, k);
			if (!(y = reg_dict_get(vb, k)))
				value_line(d, b, '-', depth + 1, kl, x);
			else if (!val_equal(d, x, y))
				diff_value(d, b, depth + 1, kl, x, y);
		}
		for (size_t i = 0; i < vb->u.dict.count; i++) {
			const char *k = vb->u.dict.keys[i];
			if (!key_ignored(d, k) && !reg_dict_get(va, k))
				value_line(d, b, '+', depth + 1, key_label(tmp, k),
					   vb->u.dict.values[i]);
		}
		sb_indent(b, ' ', depth);
		sb_puts(b, "}\n");
	} else if (va->type == REG_ARRAY && vb->type == REG_ARRAY &&
		   depth < REG_VALUE_MAX_DEPTH) {
		size_t na = va->u.array.count, nb = vb->u.array.count;
		sb_indent(b, ' ', depth);
		sb_printf(b, "%s = (\n", label);
		for (size_t i = 0; i < na || i < nb; i++) {
			char *il = talloc_asprintf(tmp, "[%zu]", i);
			if (i >= nb)
				value_line(d, b, '-', depth + 1, il, va->u.array.items[i]);
			else if (i >= na)
				value_line(d, b, '+', depth + 1, il, vb->u.array.items[i]);
			else if (!val_equal(d, va->u.array.items[i], vb->u.array.items[i]))
				diff_value(d, b, depth + 1, il, va->u.array.items[i],
					   vb->u.array.items[i]);
		}
		sb_indent(b, ' ', depth);
		sb_puts(b, ")\n");
	} else if (va->type == REG_SET && vb->type == REG_SET) {
		sb_indent(b, ' ', depth);
		sb_printf(b, "%s = [\n", label);
		for (int side = 0; side < 2; side++) {
			const struct reg_value *x = side ? vb : va, *y = side ? va : vb;
			for (size_t i = 0; i < x->u.array.count; i++) {
				bool found = false;
				for (size_t j = 0; j < y->u.array.count && !found; j++)
					found = reg_value_equal(x->u.array.items[i],
								y->u.array.items[j]);
				if (!found) {
					char *lit = literal(tmp, x->u.array.items[i]);
					sb_indent(b, side ? '+' : '-', depth + 1);
					sb_printf(b, "%s\n", lit);
				}
			}
		}
		sb_indent(b, ' ', depth);
		sb_puts(b, "]\n");
	} else {
		value_line(d, b, '-', depth, label, va);
		value_line(d, b, '+', depth, label, vb);
	}
	talloc_free(tmp);
}

/* "<class C, registered, matched, active>" and, with all, the counters. */
static void meta_text(const struct differ *d, struct sbuf *b, const struct reg_entry *e)
{
	sb_printf(b, "<class %s", e->cls ? e->cls->name : "?");
	if (d->o->all)
		sb_printf(b, ", id 0x%" PRIx64, e->id);
	if (e->is_service) {
		sb_printf(b, ", %sregistered, %smatched, %sactive",
			  e->state & REG_STATE_REGISTERED ? "" : "!",
			  e->state & REG_STATE_MATCHED ? "" : "!",
			  e->state & REG_STATE_INACTIVE ? "in" : "");
		if (d->o->all)
			sb_printf(b, ", busy %u (%" PRIu64 " ms)", e->busy,
				  e->busy_time_ns / 1000000);
	}
	if (d->o->all)
		sb_printf(b, ", retain %u", e->retain);
	sb_puts(b, ">");
}

static char *entry_line(struct differ *d, const struct reg_entry *e, int plane)
{
	struct sbuf b = { 0 };
	char *nl = reg_entry_name_with_location(d->ctx, e, plane), *out;

	sb_printf(&b, "+-o %s  ", nl ? nl : "?");
	meta_text(d, &b, e);
	talloc_free(nl);
	out = b.oom ? NULL : talloc_strdup(d->ctx, b.s ? b.s : "");
	talloc_free(b.s);
	return out;
}

static bool wanted(const struct differ *d, const struct reg_entry *a, const struct reg_entry *b)
{
	if (!d->o->cls)
		return true;
	return (a && reg_class_conforms_to(a->cls, d->o->cls)) ||
	       (b && reg_class_conforms_to(b->cls, d->o->cls));
}

static void add_hunk(struct differ *d, enum regdiff_kind kind, const struct reg_entry *a,
		     const struct reg_entry *b, const char *pa, const char *pb,
		     struct sbuf *body)
{
	struct regdiff_result *r = d->res;
	struct regdiff_hunk *h;

	if (body->oom) {
		d->oom = true;
		return;
	}
	if (r->nhunks == d->hunks_cap) {
		size_t cap = d->hunks_cap ? d->hunks_cap * 2 : 16;
		struct regdiff_hunk *nh = talloc_realloc(r, r->hunks, struct regdiff_hunk, cap);
		if (!nh) {
			d->oom = true;
			return;
		}
		r->hunks = nh;
		d->hunks_cap = cap;
	}
	h = &r->hunks[r->nhunks++];
	h->kind = kind;
	h->a = a;
	h->b = b;
	h->path = talloc_strdup(r, kind == REGDIFF_ADDED ? pb : pa);
	if (kind == REGDIFF_CHANGED && strcmp(pa, pb) != 0)
		h->header = talloc_asprintf(r, "@@ -%s +%s @@", pa, pb);
	else
		h->header = talloc_asprintf(r, "@@ %s @@%s", h->path,
					    kind == REGDIFF_ADDED ? " added" :
					    kind == REGDIFF_REMOVED ? " removed" : "");
	h->body = talloc_strdup(r, body->s ? body->s : "");
	if (!h->path || !h->header || !h->body)
		d->oom = true;
}

static void add_pair(struct differ *d, const struct reg_entry *a, const struct reg_entry *b)
{
	struct regdiff_result *r = d->res;

	if (r->npairs == d->pairs_cap) {
		size_t cap = d->pairs_cap ? d->pairs_cap * 2 : 256;
		struct regdiff_pair *np = talloc_realloc(r, r->pairs, struct regdiff_pair, cap);
		if (!np) {
			d->oom = true;
			return;
		}
		r->pairs = np;
		d->pairs_cap = cap;
	}
	r->pairs[r->npairs++] = (struct regdiff_pair){ a, b };
}

/* Properties of an added/removed entry, ioreg's { } block. */
static void props_block(struct differ *d, struct sbuf *b, char mark, unsigned depth,
			const struct reg_entry *e)
{
	const struct reg_value *p = e->properties;

	sb_indent(b, mark, depth + 1);
	sb_puts(b, "{\n");
	for (size_t i = 0; i < p->u.dict.count; i++)
		if (!key_ignored(d, p->u.dict.keys[i])) {
			char *kl = key_label(d->ctx, p->u.dict.keys[i]);
			value_line(d, b, mark, depth + 2, kl, p->u.dict.values[i]);
			talloc_free(kl);
		}
	sb_indent(b, mark, depth + 1);
	sb_puts(b, "}\n");
}

static void subtree_lines(struct differ *d, struct sbuf *b, char mark, unsigned depth,
			  const struct reg_entry *e, int plane, unsigned guard)
{
	char *line = entry_line(d, e, plane);

	sb_indent(b, mark, depth);
	sb_printf(b, "%s\n", line ? line : "?");
	talloc_free(line);
	if (d->o->long_subtrees)
		props_block(d, b, mark, depth, e);
	if (guard > 512)
		return;
	for (size_t i = 0; i < reg_entry_child_count(e, plane); i++)
		subtree_lines(d, b, mark, depth + 1, reg_entry_child(e, plane, i), plane,
			      guard + 1);
}

/* A subtree present on one side only: one hunk at its top, or, with a class
 * filter its top does not pass, one hunk per highest passing descendant. */
static void one_sided(struct differ *d, enum regdiff_kind kind, const struct reg_entry *e,
		      int plane, const char *path, unsigned guard)
{
	bool inside = in_scope(d, path);

	if (!inside && !above_scope(d, path))
		return;
	if (inside && wanted(d, e, NULL)) {
		struct sbuf b = { 0 };
		subtree_lines(d, &b, kind == REGDIFF_ADDED ? '+' : '-', 0, e, plane, 0);
		add_hunk(d, kind, kind == REGDIFF_REMOVED ? e : NULL,
			 kind == REGDIFF_ADDED ? e : NULL, path, path, &b);
		talloc_free(b.s);
		return;
	}
	if (guard > 512)
		return;
	for (size_t i = 0; i < reg_entry_child_count(e, plane); i++) {
		const struct reg_entry *c = reg_entry_child(e, plane, i);
		char *nl = reg_entry_name_with_location(d->ctx, c, plane);
		char *p = talloc_asprintf(d->ctx, "%s%s%s", path,
					  path[strlen(path) - 1] == '/' ? "" : "/", nl);
		one_sided(d, kind, c, plane, p, guard + 1);
		talloc_free(p);
		talloc_free(nl);
	}
}

static void compare_entries(struct differ *d, const struct reg_entry *a,
			    const struct reg_entry *b, const char *pa, const char *pb,
			    unsigned guard);

struct child {
	const struct reg_entry *e;
	char *comp;		/* name@location, with ~0xID when duplicated */
	const char *key;	/* name@location */
	size_t idx;
	struct child *partner;
};

static int cmp_child(const void *x, const void *y)
{
	const struct child *const *a = x, *const *b = y;
	int c = strcmp((*a)->key, (*b)->key);

	if (c)
		return c;
	return (*a)->idx < (*b)->idx ? -1 : (*a)->idx > (*b)->idx;
}

/* The matching key of a child: "name@location", with a location made only
 * of hex numbers separated by ',' or ':' written canonically (lowercase, no
 * leading zeros), since IOKit compares locations as numbers ("1B" = "1b",
 * "0" = "00"). */
static char *match_key(void *ctx, const struct reg_entry *e, int plane)
{
	const char *name = reg_entry_name(e, plane), *loc = reg_entry_location(e, plane);
	char *key;

	if (!loc || !loc[0])
		return talloc_strdup(ctx, name);
	key = talloc_asprintf(ctx, "%s@", name);
	for (const char *p = loc; key && *p;) {
		size_t n = strspn(p, "0123456789abcdefABCDEF");
		if (n == 0 || n > 16 || (p[n] && p[n] != ',' && p[n] != ':'))
			return talloc_asprintf(ctx, "%s@%s", name, loc);
		char part[17];
		memcpy(part, p, n);
		part[n] = '\0';
		key = talloc_asprintf_append(key, "%llx%s", strtoull(part, NULL, 16),
					     p[n] == ',' ? "," : p[n] == ':' ? ":" : "");
		p += n + (p[n] ? 1 : 0);
	}
	return key;
}

static struct child *children_of(struct differ *d, void *ctx, const struct reg_entry *e,
				 int plane, size_t *np, struct child ***sorted)
{
	size_t n = e ? reg_entry_child_count(e, plane) : 0;
	struct child *c = talloc_zero_array(ctx, struct child, n ? n : 1);
	struct child **s = talloc_array(ctx, struct child *, n ? n : 1);

	if (!c || !s) {
		d->oom = true;
		*np = 0;
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		c[i].e = reg_entry_child(e, plane, i);
		c[i].comp = reg_entry_name_with_location(c, c[i].e, plane);
		c[i].key = match_key(c, c[i].e, plane);
		if (!c[i].comp || !c[i].key) {
			d->oom = true;
			*np = 0;
			return NULL;
		}
		c[i].idx = i;
		s[i] = &c[i];
	}
	qsort(s, n, sizeof(*s), cmp_child);
	for (size_t i = 0; i < n; i++) {
		bool dup = (i > 0 && strcmp(s[i]->key, s[i - 1]->key) == 0) ||
			   (i + 1 < n && strcmp(s[i]->key, s[i + 1]->key) == 0);
		if (dup)
			s[i]->comp = talloc_asprintf(c, "%s~0x%" PRIx64, s[i]->comp, s[i]->e->id);
	}
	*np = n;
	*sorted = s;
	return c;
}

static bool same_content(const struct differ *d, const struct reg_entry *a,
			 const struct reg_entry *b)
{
	return strcmp(a->cls->name, b->cls->name) == 0 &&
	       val_equal(d, a->properties, b->properties);
}

/* Pairs a group of same-named siblings: identical ones first, then by
 * class in order, then in order. */
static void pair_group(const struct differ *d, struct child **ga, size_t na,
		       struct child **gb, size_t nb)
{
	if (na == 1 && nb == 1) {
		ga[0]->partner = gb[0];
		gb[0]->partner = ga[0];
		return;
	}
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < na; i++) {
			if (ga[i]->partner)
				continue;
			for (size_t j = 0; j < nb; j++) {
				if (gb[j]->partner)
					continue;
				if ((pass == 0 && !same_content(d, ga[i]->e, gb[j]->e)) ||
				    (pass == 1 && strcmp(ga[i]->e->cls->name,
							 gb[j]->e->cls->name) != 0))
					continue;
				ga[i]->partner = gb[j];
				gb[j]->partner = ga[i];
				break;
			}
		}
}

static char *join(void *ctx, const char *path, const char *comp)
{
	return talloc_asprintf(ctx, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/",
			       comp);
}

static void compare_children(struct differ *d, const struct reg_entry *a,
			     const struct reg_entry *b, const char *pa, const char *pb,
			     unsigned guard)
{
	void *tmp = talloc_new(d->ctx);
	struct child *ca, *cb, **sa = NULL, **sb = NULL;
	size_t na, nb, i = 0, j = 0;

	ca = children_of(d, tmp, a, d->pa, &na, &sa);
	cb = children_of(d, tmp, b, d->pb, &nb, &sb);
	if (!ca || !cb)
		goto out;
	while (i < na && j < nb) {
		int c = strcmp(sa[i]->key, sb[j]->key);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			size_t ei = i, ej = j;
			while (ei < na && strcmp(sa[ei]->key, sa[i]->key) == 0)
				ei++;
			while (ej < nb && strcmp(sb[ej]->key, sb[j]->key) == 0)
				ej++;
			pair_group(d, sa + i, ei - i, sb + j, ej - j);
			i = ei;
			j = ej;
		}
	}
	for (i = 0; i < na && !d->oom; i++) {
		char *p = join(tmp, pa, ca[i].comp);
		if (!p) {
			d->oom = true;
			break;
		}
		if (ca[i].partner) {
			char *q = join(tmp, pb, ca[i].partner->comp);
			if (q)
				compare_entries(d, ca[i].e, ca[i].partner->e, p, q, guard + 1);
		} else {
			one_sided(d, REGDIFF_REMOVED, ca[i].e, d->pa, p, guard + 1);
		}
	}
	for (j = 0; j < nb && !d->oom; j++)
		if (!cb[j].partner) {
			char *q = join(tmp, pb, cb[j].comp);
			if (q)
				one_sided(d, REGDIFF_ADDED, cb[j].e, d->pb, q, guard + 1);
		}
out:
	talloc_free(tmp);
}

/* Changed, removed and added properties of one entry, at depth 1. */
static void props_diff(struct differ *d, struct sbuf *body, const struct reg_value *x,
		       const struct reg_value *y)
{
	if (val_equal(d, x, y))
		return;
	for (size_t i = 0; i < x->u.dict.count; i++) {
		const char *k = x->u.dict.keys[i];
		const struct reg_value *vb;
		if (key_ignored(d, k))
			continue;
		char *kl = key_label(d->ctx, k);
		if (!(vb = reg_dict_get(y, k)))
			value_line(d, body, '-', 1, kl, x->u.dict.values[i]);
		else if (!val_equal(d, x->u.dict.values[i], vb))
			diff_value(d, body, 1, kl, x->u.dict.values[i], vb);
		talloc_free(kl);
	}
	for (size_t i = 0; i < y->u.dict.count; i++) {
		const char *k = y->u.dict.keys[i];
		if (key_ignored(d, k) || reg_dict_get(x, k))
			continue;
		char *kl = key_label(d->ctx, k);
		value_line(d, body, '+', 1, kl, y->u.dict.values[i]);
		talloc_free(kl);
	}
}

static void compare_entries(struct differ *d, const struct reg_entry *a,
			    const struct reg_entry *b, const char *pa, const char *pb,
			    unsigned guard)
{
	struct sbuf body = { 0 };
	bool inside = in_scope(d, pa) || in_scope(d, pb);

	add_pair(d, a, b);
	if (!inside && !above_scope(d, pa) && !above_scope(d, pb))
		return;
	if (inside && wanted(d, a, b)) {
		char *la = entry_line(d, a, d->pa), *lb = entry_line(d, b, d->pb);
		if (la && lb && strcmp(la, lb) != 0)
			sb_printf(&body, "-%s\n+%s\n", la, lb);
		talloc_free(la);
		talloc_free(lb);
		props_diff(d, &body, a->properties, b->properties);
		if (body.len || body.oom)
			add_hunk(d, REGDIFF_CHANGED, a, b, pa, pb, &body);
		talloc_free(body.s);
	}
	if (guard < 512)
		compare_children(d, a, b, pa, pb, guard);
}

/* The plane root (Root's first child in the plane), or NULL. */
static const struct reg_entry *plane_root(const struct registry *reg, int plane)
{
	const struct reg_entry *root = registry_root(reg);

	if (plane < 0 || reg_entry_child_count(root, plane) == 0)
		return NULL;
	return reg_entry_child(root, plane, 0);
}

struct regdiff_result *regdiff_run(void *ctx, const struct registry *a,
				   const struct registry *b,
				   const struct regdiff_options *opts,
				   char *err, size_t errlen)
{
	const char *plane = opts->plane ? opts->plane : "IOService";
	struct differ d = {
		.o = opts,
		.volatile_keys = opts->all ? NULL : regdiff_volatile_keys,
	};
	const struct reg_entry *ea, *eb;
	char *pa, *pb;

	d.res = talloc_zero(ctx, struct regdiff_result);
	d.ctx = talloc_new(d.res);
	if (!d.res || !d.ctx) {
		snprintf(err, errlen, "out of memory");
		talloc_free(d.res);
		return NULL;
	}
	if (opts->subtree) {
		const char *colon = strchr(opts->subtree, ':');
		const char *slash = strchr(opts->subtree, '/');
		if (colon && (!slash || colon < slash))
			plane = talloc_strndup(d.ctx, opts->subtree,
					       (size_t)(colon - opts->subtree));
	}
	d.res->plane = talloc_strdup(d.res, plane);
	d.pa = registry_plane_index(a, plane);
	d.pb = registry_plane_index(b, plane);
	if (d.pa < 0 && d.pb < 0) {
		snprintf(err, errlen, "no plane %s in either registry", plane);
		talloc_free(d.res);
		return NULL;
	}
	if (opts->subtree && strstr(opts->subtree, "~0x")) {
		d.scope = opts->subtree[0] == '/' ?
			talloc_asprintf(d.ctx, "%s:%s", plane, opts->subtree) : opts->subtree;
		ea = plane_root(a, d.pa);
		eb = plane_root(b, d.pb);
		pa = pb = talloc_asprintf(d.ctx, "%s:/", plane);
	} else if (opts->subtree) {
		ea = d.pa < 0 ? NULL : registry_lookup_path(a, opts->subtree, d.pa);
		eb = d.pb < 0 ? NULL : registry_lookup_path(b, opts->subtree, d.pb);
		if (!ea && !eb) {
			snprintf(err, errlen, "%s: in neither registry", opts->subtree);
			talloc_free(d.res);
			return NULL;
		}
		pa = ea ? registry_entry_path(d.ctx, ea, d.pa) : NULL;
		pb = eb ? registry_entry_path(d.ctx, eb, d.pb) : NULL;
	} else {
		ea = plane_root(a, d.pa);
		eb = plane_root(b, d.pb);
		pa = pb = talloc_asprintf(d.ctx, "%s:/", plane);
		/* Root lies above the plane: its properties are compared too. */
		if (!opts->cls) {
			const struct reg_entry *ra = registry_root(a), *rb = registry_root(b);
			struct sbuf body = { 0 };
			add_pair(&d, ra, rb);
			props_diff(&d, &body, ra->properties, rb->properties);
			if (body.len || body.oom)
				add_hunk(&d, REGDIFF_CHANGED, ra, rb, "Root", "Root", &body);
			talloc_free(body.s);
		}
	}
	if (!pa)
		pa = pb;
	if (!pb)
		pb = pa;
	if (!pa) {
		snprintf(err, errlen, "out of memory");
		talloc_free(d.res);
		return NULL;
	}
	if (ea && eb)
		compare_entries(&d, ea, eb, pa, pb, 0);
	else if (ea)
		one_sided(&d, REGDIFF_REMOVED, ea, d.pa, pa, 0);
	else if (eb)
		one_sided(&d, REGDIFF_ADDED, eb, d.pb, pb, 0);
	if (d.oom) {
		snprintf(err, errlen, "out of memory");
		talloc_free(d.res);
		return NULL;
	}
	if (d.scope && !d.scope_seen) {
		snprintf(err, errlen, "%s: in neither registry", opts->subtree);
		talloc_free(d.res);
		return NULL;
	}
	talloc_free(d.ctx);
	return d.res;
}
