// SPDX-License-Identifier: GPL-3.0-or-later
/* hr-top's accounting of self and total samples per function, and the table. */
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/escape.h"
#include "headroom/folded.h"
#include "headroom/json.h"
#include "headroom/strbuf.h"
#include "headroom/table.h"
#include "top.h"

/* The length of a frame without its _[k] _[j] _[i] _[w] annotation. */
static size_t strip_annotation(const char *f, size_t len)
{
	if (len > 4 && f[len - 4] == '_' && f[len - 3] == '[' && f[len - 1] == ']' &&
	    strchr("kjiw", f[len - 2]) && f[len - 2])
		return len - 4;
	return len;
}

static size_t intern(struct top *t, const char *name, size_t len)
{
	struct stackmap_entry *e = stackmap_add(&t->names, name, len, 0, 0);
	size_t idx = (size_t)(e - t->names.entries);

	if (idx >= t->alloc) {
		size_t old = t->alloc;

		ALLOC_GROW(t->funcs, idx + 1, t->alloc);
		memset(t->funcs + old, 0, (t->alloc - old) * sizeof(*t->funcs));
		for (size_t k = old; k < t->alloc; k++)
			t->funcs[k].match = -1;
	}
	return idx;
}

static bool func_matches(struct top *t, size_t idx)
{
	struct func *f = &t->funcs[idx];

	if (f->match < 0)
		f->match = !regexec(&t->re, t->names.entries[idx].key, 0, NULL, 0);
	return f->match;
}

static void add_stack(struct top *t, const char *stack, size_t len, const double *count)
{
	size_t n = 0, i, start = 0, common = 0;
	const char *prev = t->prev.buf;
	bool keep = true, reuse = true;

	/*
	 * Folded input is usually sorted, so a stack shares its first frames
	 * with the one before: those keep the function indexes already in
	 * frames[], and only the frames after the shared prefix are looked up.
	 */
	while (common < len && common < t->prev.len && stack[common] == prev[common])
		common++;
	for (i = 0; i <= len; i++) {
		if (i < len && stack[i] != ';')
			continue;
		if (reuse && n < t->prev_n &&
		    (i < common || (i == common && (i == t->prev.len || prev[i] == ';')))) {
			n++;
		} else {
			reuse = false;
			ALLOC_GROW(t->frames, n + 1, t->frames_alloc);
			t->frames[n++] = intern(t, stack + start,
						strip_annotation(stack + start, i - start));
		}
		start = i + 1;
	}
	t->prev_n = n;
	strbuf_reset(&t->prev);
	strbuf_add(&t->prev, stack, len);
	t->stacks++;
	t->all[0] += count[0];
	t->all[1] += count[1];
	if (t->grep) {
		bool m = false;

		for (i = 0; i < n && !m; i++)
			m = func_matches(t, t->frames[i]);
		keep = m != t->invert;
	}
	if (!keep)
		return;
	t->kept_stacks++;
	t->kept[0] += count[0];
	t->kept[1] += count[1];
	t->serial++;
	for (i = 0; i < n; i++) {
		struct func *f = &t->funcs[t->frames[i]];

		if (f->last_line == t->serial)
			continue;	/* recursion: once per stack */
		f->last_line = t->serial;
		f->total[0] += count[0];
		f->total[1] += count[1];
	}
	t->funcs[t->frames[n - 1]].self[0] += count[0];
	t->funcs[t->frames[n - 1]].self[1] += count[1];
}

int top_add(struct top *t, const struct folded_line *fl, const char **why)
{
	if (!t->ncounts)
		t->ncounts = fl->ncounts;
	if (fl->ncounts != t->ncounts) {
		*why = t->ncounts == 2 ? "one count in a profile of two ('STACK COUNT1 COUNT2')"
				       : "two counts in a profile of one ('STACK COUNT')";
		return -1;
	}
	add_stack(t, fl->stack, fl->stack_len, fl->count);
	return 0;
}

void top_init(struct top *t)
{
	memset(t, 0, sizeof(*t));
	stackmap_init(&t->names);
	strbuf_init(&t->prev, 0);
}

void top_release(struct top *t)
{
	if (t->grep)
		regfree(&t->re);
	free(t->funcs);
	free(t->frames);
	strbuf_release(&t->prev);
	stackmap_release(&t->names);
	memset(t, 0, sizeof(*t));
}

int top_set_grep(struct top *t, const char *re, bool icase, bool invert, char *err,
		 size_t errsize)
{
	int rc = regcomp(&t->re, re, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));

	if (rc) {
		regerror(rc, &t->re, err, errsize);
		return -1;
	}
	t->grep = true;
	t->invert = invert;
	return 0;
}

/* The table. */
/* qsort() has no context argument. */
static struct top *sort_top;
static enum sort_key sort_by;

static double pct(double v, double total)
{
	return total > 0 ? 100.0 * v / total : 0;
}

static double sort_value(size_t i)
{
	const struct func *f = &sort_top->funcs[i];
	int c = sort_top->ncounts - 1;	/* the after profile when there are two */

	switch (sort_by) {
	case SORT_TOTAL:
		return f->total[c];
	case SORT_DELTA:
		return fabs(pct(f->self[1], sort_top->all[1]) - pct(f->self[0], sort_top->all[0]));
	case SORT_DELTA_TOTAL:
		return fabs(pct(f->total[1], sort_top->all[1]) -
			    pct(f->total[0], sort_top->all[0]));
	default:
		return f->self[c];
	}
}

static int cmp_func(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct func *fx = &sort_top->funcs[x], *fy = &sort_top->funcs[y];
	const struct stackmap_entry *ex = &sort_top->names.entries[x];
	const struct stackmap_entry *ey = &sort_top->names.entries[y];
	int c = sort_top->ncounts - 1;
	double vx = sort_value(x), vy = sort_value(y);
	size_t n;
	int r;

	if (vx != vy)
		return vx < vy ? 1 : -1;
	if (fx->self[c] != fy->self[c])
		return fx->self[c] < fy->self[c] ? 1 : -1;
	if (fx->total[c] != fy->total[c])
		return fx->total[c] < fy->total[c] ? 1 : -1;
	n = ex->len < ey->len ? ex->len : ey->len;
	r = memcmp(ex->key, ey->key, n);
	return r ? r : (ex->len > ey->len) - (ex->len < ey->len);
}

static const struct table_column cols1[] = {
	{ "self", "SELF", TABLE_RIGHT }, { "self_pct", "SELF%", TABLE_RIGHT },
	{ "total", "TOTAL", TABLE_RIGHT }, { "total_pct", "TOTAL%", TABLE_RIGHT },
	{ "function", "FUNCTION", TABLE_LEFT },
};
static const struct table_column cols2[] = {
	{ "self1", "SELF1", TABLE_RIGHT }, { "self2", "SELF2", TABLE_RIGHT },
	{ "self1_pct", "SELF1%", TABLE_RIGHT }, { "self2_pct", "SELF2%", TABLE_RIGHT },
	{ "self_delta_pct", "CHANGE", TABLE_RIGHT }, { "total1", "TOTAL1", TABLE_RIGHT },
	{ "total2", "TOTAL2", TABLE_RIGHT }, { "total1_pct", "TOTAL1%", TABLE_RIGHT },
	{ "total2_pct", "TOTAL2%", TABLE_RIGHT }, { "total_delta_pct", "CHANGE", TABLE_RIGHT },
	{ "function", "FUNCTION", TABLE_LEFT },
};

/* "-0.00" says nothing that "0.00" does not. */
static double pct2(double v)
{
	return fabs(v) < 0.005 ? 0 : v;
}

/* The functions of kept stacks, hottest first, at most rows of them. */
static size_t *hottest(struct top *t, size_t rows, enum sort_key key, size_t *n)
{
	size_t nf = stackmap_size(&t->names), i;
	size_t *order = xreallocarray(NULL, nf ? nf : 1, sizeof(*order));

	*n = 0;
	for (i = 0; i < nf; i++)
		if (t->funcs[i].last_line)	/* in a kept stack */
			order[(*n)++] = i;
	sort_top = t;
	sort_by = key;
	if (*n)
		qsort(order, *n, sizeof(*order), cmp_func);
	if (rows && rows < *n)
		*n = rows;
	return order;
}

/* The numbers of a row: counts, percentages and changes, as the columns go. */
struct row_values {
	double v[10];
	int decimals[10];	/* -1: a count, shortest exact form */
	size_t n;
};

static void row_values(const struct top *t, const struct func *f, struct row_values *r)
{
	if (t->ncounts == 2) {
		double s1 = pct(f->self[0], t->all[0]), s2 = pct(f->self[1], t->all[1]);
		double t1 = pct(f->total[0], t->all[0]), t2 = pct(f->total[1], t->all[1]);
		const double v[10] = { f->self[0], f->self[1], s1, s2, s2 - s1,
				       f->total[0], f->total[1], t1, t2, t2 - t1 };
		const int d[10] = { -1, -1, 2, 2, 2, -1, -1, 2, 2, 2 };

		memcpy(r->v, v, sizeof(v));
		memcpy(r->decimals, d, sizeof(d));
		r->n = 10;
	} else {
		const double v[4] = { f->self[0], pct(f->self[0], t->all[0]), f->total[0],
				      pct(f->total[0], t->all[0]) };
		const int d[4] = { -1, 2, -1, 2 };

		memcpy(r->v, v, sizeof(v));
		memcpy(r->decimals, d, sizeof(d));
		r->n = 4;
	}
}

/* The summary lines above the aligned table. */
static void print_summary(const struct top *t, FILE *out, const char *unit)
{
	int c = t->ncounts - 1;

	if (t->ncounts == 2)
		fprintf(out, "%s: %.15g before, %.15g after in %llu stacks; "
			"percentages of each profile, CHANGE in points\n", unit,
			t->all[0], t->all[1], (unsigned long long)t->stacks);
	else
		fprintf(out, "%s: %.15g in %llu stacks, %zu functions\n", unit, t->all[0],
			(unsigned long long)t->stacks, stackmap_size(&t->names));
	if (t->grep)
		fprintf(out, "%s: %.15g %s (%.2f%%) in %llu stacks\n",
			t->invert ? "not matching" : "matching", t->kept[c], unit,
			pct(t->kept[c], t->all[c]), (unsigned long long)t->kept_stacks);
}

static int print_table(struct top *t, FILE *out, const struct top_output *o,
		       enum output_format fmt)
{
	struct table tab;
	struct row_values rv;
	size_t n, i, k, *order = hottest(t, o->rows, o->key, &n);
	int rc;

	table_init(&tab, t->ncounts == 2 ? cols2 : cols1, t->ncounts == 2 ? 11 : 5);
	for (i = 0; i < n; i++) {
		const struct stackmap_entry *e = &t->names.entries[order[i]];

		row_values(t, &t->funcs[order[i]], &rv);
		for (k = 0; k < rv.n; k++) {
			if (rv.decimals[k] < 0)
				table_num(&tab, rv.v[k], -1);
			else if (k == 4 || k == 9)
				table_cellf(&tab, "%+.2f", pct2(rv.v[k]));
			else
				table_num(&tab, pct2(rv.v[k]), 2);
		}
		table_cell(&tab, e->key);
	}
	if (fmt == FORMAT_TABLE)
		print_summary(t, out, o->countname ? o->countname : "samples");
	rc = table_write(&tab, out, fmt, o->width);
	table_release(&tab);
	free(order);
	return rc;
}

/* A function's name for JSON: the escapes undone, since JSON can carry any text. */
static void json_name(struct json *j, const char *key, const char *name, size_t len)
{
	struct strbuf raw = STRBUF_INIT;

	unescape_add(&raw, name, len, 0);
	json_strn(j, key, raw.buf, raw.len);
	strbuf_release(&raw);
}

static int print_json(struct top *t, FILE *out, const struct top_output *o)
{
	const struct table_column *cols = t->ncounts == 2 ? cols2 : cols1;
	struct strbuf sb = STRBUF_INIT;
	struct row_values rv;
	struct json j;
	size_t n, i, k, *order = hottest(t, o->rows, o->key, &n);
	int c = t->ncounts - 1, rc;

	json_init(&j, &sb);
	json_object_begin(&j, NULL);
	json_str(&j, "countname", o->countname ? o->countname : "samples");
	if (t->ncounts == 2) {
		json_num(&j, "total1", t->all[0]);
		json_num(&j, "total2", t->all[1]);
	} else {
		json_num(&j, "total", t->all[0]);
	}
	json_uint(&j, "stacks", t->stacks);
	json_uint(&j, "functions", stackmap_size(&t->names));
	if (t->grep) {
		json_object_begin(&j, t->invert ? "not_matching" : "matching");
		json_num(&j, "total", t->kept[c]);
		json_uint(&j, "stacks", t->kept_stacks);
		json_object_end(&j);
	}
	json_array_begin(&j, "rows");
	for (i = 0; i < n; i++) {
		const struct stackmap_entry *e = &t->names.entries[order[i]];

		row_values(t, &t->funcs[order[i]], &rv);
		json_object_begin(&j, NULL);
		for (k = 0; k < rv.n; k++)
			json_num(&j, cols[k].name, rv.decimals[k] < 0 ? rv.v[k]
					  : round(pct2(rv.v[k]) * 100) / 100);
		json_name(&j, "function", e->key, e->len);
		json_object_end(&j);
	}
	rc = json_finish(&j, out);
	strbuf_release(&sb);
	free(order);
	return rc;
}

int top_print(struct top *t, FILE *out, const struct top_output *o)
{
	enum output_format fmt = output_format_resolve(o->format, out);

	if (fmt == FORMAT_JSON)
		return print_json(t, out, o);
	return print_table(t, out, o, fmt);
}
