// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Reading folded stacks and merging them into frames. The layout follows
 * flamegraph.pl step by step (sorted stacks merged with their neighbours,
 * widths in proportion to counts), so that both draw the same picture.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "flame.h"

void flame_opts_init(struct flame_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fonttype = "Verdana";
	o->countname = "samples";
	o->nametype = "Function:";
	o->width = 1200;
	o->frameheight = 16;
	o->fontsize = 12;
	o->fontwidth = 0.59;
	o->minwidth = 0.1;
	o->factor = 1;
	o->palette = PAL_HOT;
}

const struct opt_choice flame_palettes[] = {
	{ "hot", PAL_HOT }, { "mem", PAL_MEM }, { "io", PAL_IO }, { "wakeup", PAL_WAKEUP },
	{ "chain", PAL_CHAIN }, { "java", PAL_JAVA }, { "js", PAL_JS }, { "perl", PAL_PERL },
	{ "red", PAL_RED }, { "green", PAL_GREEN }, { "blue", PAL_BLUE }, { "aqua", PAL_AQUA },
	{ "yellow", PAL_YELLOW }, { "purple", PAL_PURPLE }, { "orange", PAL_ORANGE },
	{ NULL, 0 }
};

void flame_init(struct flame *f, const struct flame_opts *opts)
{
	memset(f, 0, sizeof(*f));
	f->opts = opts;
	stackmap_init(&f->map);
	strbuf_init(&f->seq_keys, 0);
	strbuf_init(&f->scratch, 0);
	f->maxdelta = 1;
}

void flame_release(struct flame *f)
{
	stackmap_release(&f->map);
	strbuf_release(&f->seq_keys);
	strbuf_release(&f->scratch);
	free(f->seq);
	free(f->fields);
	memset(f, 0, sizeof(*f));
}

/*
 * Perl's split(";", $stack): fields between semicolons, trailing empty ones
 * dropped. Returns the number of fields.
 */

static size_t split_frames(const char *s, size_t len, struct flame_field **fields, size_t *alloc,
			   size_t n)
{
	size_t keep = n;
	const char *p = s, *end = s + len;

	for (;;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *fe = semi ? semi : end;

		ALLOC_GROW(*fields, n + 1, *alloc);
		(*fields)[n].s = p;
		(*fields)[n].len = (size_t)(fe - p);
		n++;
		if (fe > p)
			keep = n;
		if (!semi)
			break;
		p = semi + 1;
	}
	return keep;
}

void flame_add(struct flame *f, const struct folded_line *fl)
{
	const char *key;
	size_t klen;
	double width, before;

	/*
	 * With two counts the second (after) sets the width and the difference
	 * the colour; a one-count line in differential input has no difference.
	 */
	if (fl->ncounts == 2) {
		before = fl->count[0];
		width = fl->count[1];
		f->differential = true;
		if (fabs(width - before) > f->maxdelta)
			f->maxdelta = fabs(width - before);
	} else {
		before = width = fl->count[0];
	}
	key = fl->stack;
	klen = fl->stack_len;
	if (f->opts->reverse) {
		size_t n = split_frames(key, klen, &f->fields, &f->fields_alloc, 0), i;

		strbuf_reset(&f->scratch);
		for (i = n; i-- > 0; ) {
			strbuf_add(&f->scratch, f->fields[i].s, f->fields[i].len);
			if (i)
				strbuf_addch(&f->scratch, ';');
		}
		key = f->scratch.buf;
		klen = f->scratch.len;
	}
	f->time += width;
	if (f->opts->flamechart) {
		struct flame_seq *last = f->seq_nr ? &f->seq[f->seq_nr - 1] : NULL;

		/* Adjacent repeats merge anyway; keep one entry for them. */
		if (last && last->len == klen &&
		    !memcmp(f->seq_keys.buf + last->off, key, klen)) {
			last->c[0] += width;
			last->c[1] += before;
			return;
		}
		ALLOC_GROW(f->seq, f->seq_nr + 1, f->seq_alloc);
		f->seq[f->seq_nr].off = f->seq_keys.len;
		f->seq[f->seq_nr].len = klen;
		f->seq[f->seq_nr].c[0] = width;
		f->seq[f->seq_nr].c[1] = before;
		f->seq_nr++;
		strbuf_add(&f->seq_keys, key, klen);
		strbuf_addch(&f->seq_keys, '\0');
		return;
	}
	stackmap_add(&f->map, key, klen, width, before);
}

/* Layout ------------------------------------------------------------------ */

struct flame_open_frame {
	const char *name;
	size_t len;
	double stime, delta;
	bool has_delta;
};

static void close_frame(struct flame_layout *l, size_t depth, double etime)
{
	const struct flame_open_frame *o = &l->open[depth];
	struct flame_node *n;

	if (etime - o->stime < l->minwidth_time)
		return;
	ALLOC_GROW(l->nodes, l->nr + 1, l->alloc);
	n = &l->nodes[l->nr++];
	n->name = o->name;
	n->len = o->len;
	n->depth = (unsigned)depth;
	n->stime = o->stime;
	n->etime = etime;
	n->delta = o->delta;
	n->has_delta = o->has_delta;
	if (depth > l->depthmax)
		l->depthmax = (unsigned)depth;
}

/*
 * flamegraph.pl's flow(): closes the frames of the previous stack that this
 * one does not share, then opens this stack's new frames at time v. Only the
 * leaf of a differential line carries its delta; the others carry zero.
 */
static void flow(struct flame_layout *l, const struct flame_field *fr, size_t n, double v,
		 bool has_delta, double delta, size_t same)
{
	size_t i;

	while (same < l->nopen && same < n && l->open[same].len == fr[same].len &&
	       !memcmp(l->open[same].name, fr[same].s, fr[same].len))
		same++;
	for (i = l->nopen; i-- > same; )
		close_frame(l, i, v);
	ALLOC_GROW(l->open, n + 1, l->open_alloc);
	for (i = same; i < n; i++) {
		l->open[i].name = fr[i].s;
		l->open[i].len = fr[i].len;
		l->open[i].stime = v;
		l->open[i].has_delta = has_delta;
		l->open[i].delta = has_delta && i == n - 1 ? delta : 0;
	}
	l->nopen = n;
}

/*
 * --colors chain marks the frames after a ";--;" separator as wakers, as
 * flamegraph.pl does, including its habit of appending a "--" frame to
 * stacks that have no separator.
 */
static const char *chain_rewrite(struct flame_layout *l, const char *key, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = key, *end = key + *len;
	const char *sep = memmem(p, *len, ";--;", 4);

	strbuf_add(&sb, p, (size_t)((sep ? sep : end) - p));
	strbuf_addstr(&sb, ";--;");
	if (sep) {
		p = sep + 4;
		for (;;) {
			const char *next = memmem(p, (size_t)(end - p), ";--;", 4);
			const char *pe = next ? next : end;
			const char *q;

			for (q = p; q < pe; q++) {
				if (*q == ';')
					strbuf_addstr(&sb, "_[w]");
				strbuf_addch(&sb, *q);
			}
			strbuf_addstr(&sb, "_[w]");
			if (!next)
				break;
			strbuf_addstr(&sb, ";--;");
			p = next + 4;
		}
	}
	ALLOC_GROW(l->keep, l->nkeep + 1, l->keep_alloc);
	*len = sb.len;
	l->keep[l->nkeep++] = strbuf_detach(&sb, NULL);
	return l->keep[l->nkeep - 1];
}

/*
 * Sorted neighbours share long prefixes: the frames inside the common prefix
 * of this key and the previous one are the previous key's, so only the rest
 * is split, and flow() starts comparing after them.
 */
static void add_stack(struct flame_layout *l, const char *key, size_t len, double v,
		      bool has_delta, double delta)
{
	size_t n, k = 0, start = 0;

	if (l->opts->palette == PAL_CHAIN)
		key = chain_rewrite(l, key, &len);
	if (l->prev) {
		size_t lcp = 0, max = len < l->prev_len ? len : l->prev_len, i;

		while (lcp + 8 <= max && !memcmp(key + lcp, l->prev + lcp, 8))
			lcp += 8;
		while (lcp < max && key[lcp] == l->prev[lcp])
			lcp++;
		for (i = 1; i < l->nfields; i++) {
			size_t e = (size_t)(l->fields[i].s - l->prev) + l->fields[i].len;

			if (e > lcp || (e == lcp && e < len && key[e] != ';'))
				break;
			k = i;
			start = e + 1;
		}
	}
	/* The root frame, named "", is shared by every stack. */
	ALLOC_GROW(l->fields, 1, l->fields_alloc);
	l->fields[0].s = "";
	l->fields[0].len = 0;
	if (start <= len)
		n = split_frames(key + start, len - start, &l->fields, &l->fields_alloc, k + 1);
	else
		n = k + 1;
	l->prev = key;
	l->prev_len = len;
	l->nfields = n;
	flow(l, l->fields, n, v, has_delta, delta, l->nopen ? k + 1 : 0);
}

/* The byte at d of e's key, or -1 past its end (shorter keys sort first). */
static inline int key_at(const struct stackmap_entry *e, size_t d)
{
	return d < e->len ? (unsigned char)e->key[d] : -1;
}

/* Byte order of two keys known to agree on their first d bytes. */
static int key_cmp(const struct stackmap_entry *x, const struct stackmap_entry *y, size_t d)
{
	size_t n = (x->len < y->len ? x->len : y->len);
	int c = n > d ? memcmp(x->key + d, y->key + d, n - d) : 0;

	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static void swap_entries(struct stackmap_entry **a, size_t i, size_t j)
{
	struct stackmap_entry *t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/*
 * Multikey quicksort (Bentley and Sedgewick): stacks share long prefixes, and
 * comparing them from the first byte each time was most of the sorting cost.
 */
static void sort_keys(struct stackmap_entry **a, size_t n, size_t d)
{
	while (n > 1) {
		size_t lt = 0, i = 1, gt = n - 1, j;
		int v;

		if (n < 12) {
			for (i = 1; i < n; i++)
				for (j = i; j > 0 && key_cmp(a[j - 1], a[j], d) > 0; j--)
					swap_entries(a, j - 1, j);
			return;
		}
		/* The median of three as pivot, moved to a[0]. */
		{
			size_t m = n / 2;
			int x = key_at(a[0], d), y = key_at(a[m], d), z = key_at(a[n - 1], d);

			if ((x <= y && y <= z) || (z <= y && y <= x))
				swap_entries(a, 0, m);
			else if ((x <= z && z <= y) || (y <= z && z <= x))
				swap_entries(a, 0, n - 1);
		}
		v = key_at(a[0], d);
		while (i <= gt) {
			int c = key_at(a[i], d);

			if (c < v)
				swap_entries(a, lt++, i++);
			else if (c > v)
				swap_entries(a, i, gt--);
			else
				i++;
		}
		/* a[0..lt) < v, a[lt..gt] == v, a(gt..n) > v */
		sort_keys(a, lt, d);
		sort_keys(a + gt + 1, n - gt - 1, d);
		if (v < 0)
			return;		/* equal keys: all ended here */
		a += lt;
		n = gt + 1 - lt;
		d++;
	}
}

static int cmp_node(const void *a, const void *b)
{
	const struct flame_node *x = a, *y = b;

	if (x->stime != y->stime)
		return x->stime < y->stime ? -1 : 1;
	return (x->depth > y->depth) - (x->depth < y->depth);
}

void flame_layout_build(struct flame_layout *l, struct flame *f, double minwidth_time)
{
	double time = 0;
	size_t i;

	memset(l, 0, sizeof(*l));
	l->opts = f->opts;
	l->minwidth_time = minwidth_time;

	if (f->opts->flamechart) {
		for (i = 0; i < f->seq_nr; i++) {
			const struct flame_seq *s = &f->seq[i];

			add_stack(l, f->seq_keys.buf + s->off, s->len, time, f->differential,
				  s->c[0] - s->c[1]);
			time += s->c[0];
		}
	} else {
		struct stackmap_entry **sorted;

		sorted = xreallocarray(NULL, stackmap_size(&f->map) + 1, sizeof(*sorted));
		for (i = 0; i < stackmap_size(&f->map); i++)
			sorted[i] = &f->map.entries[i];
		sort_keys(sorted, stackmap_size(&f->map), 0);

		for (i = 0; i < stackmap_size(&f->map); i++) {
			const struct stackmap_entry *e = sorted[i];

			add_stack(l, e->key, e->len, time, f->differential,
				  e->count[0] - e->count[1]);
			time += e->count[0];
		}
		free(sorted);
	}
	flow(l, NULL, 0, time, false, 0, 0);
	/* Parents before their children, left to right: the order people read. */
	if (l->nr)
		qsort(l->nodes, l->nr, sizeof(*l->nodes), cmp_node);
}

void flame_layout_release(struct flame_layout *l)
{
	free_strings(l->keep, l->nkeep);
	FREE_ALL(l->open, l->nodes, l->fields);
}

