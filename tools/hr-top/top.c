// SPDX-License-Identifier: GPL-3.0-or-later
/* hr-top's accounting of self and total samples per function, and the table. */
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/strbuf.h"
#include "top.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

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

int top_add_line(struct top *t, const char *line, size_t len, const char **why)
{
	struct folded_line fl;

	if (folded_parse(line, len, &fl) < 0) {
		*why = "not a folded stack ('STACK COUNT')";
		return -1;
	}
	if (!t->ncounts)
		t->ncounts = fl.ncounts;
	if (t->ncounts == 1 && fl.ncounts == 2) {
		/*
		 * In a one-count profile the count is the last field: a frame
		 * may end in " 2" (a thread name, say), so it goes back into
		 * the stack.
		 */
		size_t end = len;

		while (end > 0 && is_blank(line[end - 1]))
			end--;
		while (end > 0 && !is_blank(line[end - 1]))
			end--;
		while (end > 0 && is_blank(line[end - 1]))
			end--;
		fl.stack_len = end;
		fl.count[0] = fl.count[1];
		fl.count[1] = 0;
	} else if (t->ncounts == 2 && fl.ncounts == 1) {
		*why = "one count in a profile of two ('STACK COUNT1 COUNT2')";
		return -1;
	}
	add_stack(t, fl.stack, fl.stack_len, fl.count);
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

#define MAXCOLS 11

struct row {
	char *cell[MAXCOLS];
};

static char *num_cell(double v)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_num(&sb, v);
	return strbuf_detach(&sb, NULL);
}

static char *pct_cell(double v, bool sign)
{
	/* "-0.00" says nothing that "0.00" does not. */
	if (fabs(v) < 0.005)
		v = 0;
	return xasprintf(sign ? "%+.2f" : "%.2f", v);
}

void top_print(struct top *t, FILE *out, size_t rows, enum sort_key key, bool tsv, int tw)
{
	static const char *const head1[] = { "SELF", "SELF%", "TOTAL", "TOTAL%", "FUNCTION" };
	static const char *const tsv1[] = { "self", "self_pct", "total", "total_pct", "function" };
	static const char *const head2[] = {
		"SELF1", "SELF2", "SELF1%", "SELF2%", "CHANGE", "TOTAL1", "TOTAL2",
		"TOTAL1%", "TOTAL2%", "CHANGE", "FUNCTION"
	};
	static const char *const tsv2[] = {
		"self1", "self2", "self1_pct", "self2_pct", "self_delta_pct", "total1",
		"total2", "total1_pct", "total2_pct", "total_delta_pct", "function"
	};
	size_t nf = stackmap_size(&t->names), nused = 0, i, k;
	size_t *order = xreallocarray(NULL, nf ? nf : 1, sizeof(*order));
	int ncols = t->ncounts == 2 ? 11 : 5;
	const char *const *head = tsv ? (t->ncounts == 2 ? tsv2 : tsv1)
				      : (t->ncounts == 2 ? head2 : head1);
	size_t width[MAXCOLS] = { 0 };
	struct row *rowv;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < nf; i++)
		if (t->funcs[i].last_line)	/* in a kept stack */
			order[nused++] = i;
	sort_top = t;
	sort_by = key;
	qsort(order, nused, sizeof(*order), cmp_func);
	if (rows && rows < nused)
		nused = rows;

	rowv = xcalloc(nused ? nused : 1, sizeof(*rowv));
	for (i = 0; i < nused; i++) {
		const struct func *f = &t->funcs[order[i]];
		const struct stackmap_entry *e = &t->names.entries[order[i]];
		char **c = rowv[i].cell;

		if (t->ncounts == 2) {
			double s1 = pct(f->self[0], t->all[0]), s2 = pct(f->self[1], t->all[1]);
			double t1 = pct(f->total[0], t->all[0]), t2 = pct(f->total[1], t->all[1]);

			c[0] = num_cell(f->self[0]);
			c[1] = num_cell(f->self[1]);
			c[2] = pct_cell(s1, false);
			c[3] = pct_cell(s2, false);
			c[4] = pct_cell(s2 - s1, true);
			c[5] = num_cell(f->total[0]);
			c[6] = num_cell(f->total[1]);
			c[7] = pct_cell(t1, false);
			c[8] = pct_cell(t2, false);
			c[9] = pct_cell(t2 - t1, true);
			c[10] = xstrndup(e->key, e->len);
		} else {
			c[0] = num_cell(f->self[0]);
			c[1] = pct_cell(pct(f->self[0], t->all[0]), false);
			c[2] = num_cell(f->total[0]);
			c[3] = pct_cell(pct(f->total[0], t->all[0]), false);
			c[4] = xstrndup(e->key, e->len);
		}
	}

	if (tsv) {
		for (k = 0; k < (size_t)ncols; k++) {
			strbuf_addstr(&sb, head[k]);
			strbuf_addch(&sb, k + 1 < (size_t)ncols ? '\t' : '\n');
		}
		for (i = 0; i < nused; i++)
			for (k = 0; k < (size_t)ncols; k++) {
				strbuf_addstr(&sb, rowv[i].cell[k]);
				strbuf_addch(&sb, k + 1 < (size_t)ncols ? '\t' : '\n');
			}
	} else {
		size_t used = 0;

		if (t->ncounts == 2)
			strbuf_addf(&sb, "samples: %.15g before, %.15g after in %llu stacks; "
				    "percentages of each profile, CHANGE in points\n",
				    t->all[0], t->all[1], (unsigned long long)t->stacks);
		else
			strbuf_addf(&sb, "samples: %.15g in %llu stacks, %zu functions\n",
				    t->all[0], (unsigned long long)t->stacks, nf);
		if (t->grep)
			strbuf_addf(&sb, "%s: %.15g samples (%.2f%%) in %llu stacks\n",
				    t->invert ? "not matching" : "matching",
				    t->kept[t->ncounts - 1],
				    pct(t->kept[t->ncounts - 1], t->all[t->ncounts - 1]),
				    (unsigned long long)t->kept_stacks);
		for (k = 0; k + 1 < (size_t)ncols; k++) {
			width[k] = strlen(head[k]);
			for (i = 0; i < nused; i++)
				if (strlen(rowv[i].cell[k]) > width[k])
					width[k] = strlen(rowv[i].cell[k]);
			used += width[k] + 2;
		}
		for (i = 0; i <= nused; i++) {
			for (k = 0; k + 1 < (size_t)ncols; k++)
				strbuf_addf(&sb, "%*s  ", (int)width[k],
					    i ? rowv[i - 1].cell[k] : head[k]);
			{
				const char *name = i ? rowv[i - 1].cell[k] : head[k];
				size_t len = strlen(name);

				/* Shorten the name to the line, keeping its start. */
				if (tw > 0 && used + 8 < (size_t)tw && used + len > (size_t)tw) {
					strbuf_add(&sb, name, (size_t)tw - used - 3);
					strbuf_addstr(&sb, "...");
				} else {
					strbuf_addstr(&sb, name);
				}
				strbuf_addch(&sb, '\n');
			}
		}
	}
	if (strbuf_write(&sb, out) < 0)
		die_errno("write error");
	strbuf_release(&sb);
	for (i = 0; i < nused; i++)
		for (k = 0; k < (size_t)ncols; k++)
			free(rowv[i].cell[k]);
	free(rowv);
	free(order);
}
