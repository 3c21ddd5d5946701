// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A run of hr-latency: the records of every file, whatever its format, into
 * the accumulators of all requests, the --by groups, the windows and the
 * --hlog histograms, in the report's unit. --expected-interval adds its
 * synthetic values here, as HdrHistogram's recordValueWithExpectedInterval.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "plain.h"
#include "run.h"

void run_init(struct run *r, const struct run_config *cfg)
{
	memset(r, 0, sizeof(*r));
	r->cfg = cfg;
	r->has_errors = true;
	r->hlog_ratio = NAN;
	r->first_t = NAN;
	lt_windows_init(&r->win, cfg->window > 0 ? cfg->window : 1);
}

static void free_summary(struct tool_summary *t)
{
	if (!t)
		return;
	FREE_ALL(t->label, t->q, t->v);
}

static void free_hlog(struct hdrh *h)
{
	if (h) {
		hdrh_release(h);
		free(h);
	}
}

void run_release(struct run *r)
{
	size_t i;

	for (i = 0; i < r->win.n; i++) {
		struct window_acc *w = run_window(r, i);

		if (!w)
			continue;
		acc_release(&w->acc);
		groups_release(&w->gs);
		free_hlog(w->hlog);
		free_summary(w->row);
		free(w->row);
		free(w);
	}
	lt_windows_release(&r->win);
	if (r->started) {
		acc_release(&r->all);
		groups_release(&r->gs);
	}
	free_hlog(r->hlog);
	for (i = 0; i < r->nsums; i++)
		free_summary(&r->sums[i]);
	free(r->sums);
	free_summary(r->last_row);
	free(r->last_row);
}

/* The first file sets what the run holds: its kind, unit and accumulators. */
static void start(struct run *r, enum lt_format format)
{
	const struct run_config *cfg = r->cfg;
	enum lt_kind kind = lt_format_kind(format);

	if (r->started) {
		if ((kind == LT_KIND_SUMMARY || r->kind == LT_KIND_SUMMARY) ||
		    ((kind == LT_KIND_HISTOGRAMS) != (r->kind == LT_KIND_HISTOGRAMS)))
			die("cannot add %s to %s: give files of one kind (requests, histograms, or "
			    "one tool summary)", lt_format_name(format), lt_format_name(r->format));
		return;
	}
	r->started = true;
	r->kind = kind;
	r->format = format;
	r->unit_out = cfg->unit_out > 0 ? cfg->unit_out :
		      kind == LT_KIND_PLAIN || kind == LT_KIND_HISTOGRAMS ? cfg->unit_in : 1e-3;
	r->setup.mode = kind == LT_KIND_HISTOGRAMS ? ACC_HDRH : cfg->hdr ? ACC_HDR : ACC_EXACT;
	r->setup.apdex_t = cfg->apdex_s / r->unit_out;
	r->setup.scale = cfg->unit_in / r->unit_out;
	acc_init(&r->all, &r->setup);
	groups_init(&r->gs, &r->setup);
}

static struct window_acc *window_at(struct run *r, double t)
{
	struct lt_window *w;
	struct window_acc *wa;

	if (r->cfg->window <= 0 || !isfinite(t))
		return NULL;
	w = lt_windows_at(&r->win, t);
	if (!w)
		die("the times span more than 10 million windows of --window: a larger window?");
	if (!w->user) {
		wa = xcalloc(1, sizeof(*wa));
		acc_init(&wa->acc, &r->setup);
		groups_init(&wa->gs, &r->setup);
		w->user = wa;
	}
	return w->user;
}

/* The histogram --hlog writes a value at time t to, set up the first time. */
static struct hdrh *hlog_for(struct run *r, struct window_acc *wa)
{
	struct hdrh **h = wa ? &wa->hlog : &r->hlog;

	if (!r->cfg->hlog_unit)
		return NULL;
	if (!r->cfg->window_series)
		wa = NULL;	/* one interval for the run */
	if (!*h) {
		*h = xmalloc(sizeof(**h));
		hdrh_init(*h, 1, 2, 3);
	}
	return *h;
}

/*
 * The accumulators a request goes into: the run's, then its group's, its
 * window's and its group's in the window, each where there is one.
 */
struct accs {
	struct acc *v[4];
	size_t n;
};

static void accs_push(struct accs *s, struct acc *a)
{
	if (a)
		s->v[s->n++] = a;
}

/* One latency (report unit) into every accumulator it belongs to. */
static void add_value(struct run *r, struct window_acc *wa, const struct accs *s, double v,
		      bool synthetic)
{
	struct hdrh *h = hlog_for(r, wa);
	void (*add)(struct acc *, double) = synthetic ? acc_add_synthetic : acc_add_value;
	size_t i;

	for (i = 0; i < s->n; i++)
		add(s->v[i], v);
	if (h)
		hdrh_record(h, llround(v * r->unit_out / r->cfg->hlog_unit), 1);
}

/* --expected-interval: the values a closed-loop generator failed to send. */
static void add_corrected(struct run *r, struct window_acc *wa, const struct accs *s, double v)
{
	double interval = r->cfg->expected / r->unit_out, m;

	for (m = v - interval; m >= interval; m -= interval) {
		add_value(r, wa, s, m, true);
		if (r->all.synthetic > 100 * r->requests + 1000000)
			die("--expected-interval adds over 100 values per request: it is far "
			    "below the latencies (see hr-latency(1) on when to use it)");
	}
}

void run_request(struct run *r, double t, double v, bool error, const char *label,
		 size_t label_len)
{
	struct window_acc *wa = window_at(r, t);
	struct acc *group = NULL, *wgroup = NULL;
	struct accs s = { .n = 0 };
	size_t i;

	r->requests++;
	if (r->cfg->by && label) {
		group = groups_acc(&r->gs, label, label_len);
		if (wa)
			wgroup = groups_acc(&wa->gs, label, label_len);
	}
	accs_push(&s, &r->all);
	accs_push(&s, group);
	accs_push(&s, wa ? &wa->acc : NULL);
	accs_push(&s, wgroup);
	if (isfinite(t)) {
		for (i = 0; i < s.n; i++)
			acc_add_time(s.v[i], t);
	}
	if (wa) {
		struct lt_window *w = lt_windows_at(&r->win, t);

		w->requests++;
		w->errors += error;
	}
	if (error) {
		for (i = 0; i < s.n; i++)
			acc_add_error(s.v[i]);
		return;
	}
	add_value(r, wa, &s, v, false);
	if (r->cfg->expected > 0)
		add_corrected(r, wa, &s, v);
}

/* --- the sinks of the format readers --- */

struct file_ctx {
	struct run *r;
	const struct lt_info *info;	/* the reader's: its unit is known before a record */
};

/* Report units per unit of the reader. */
static double factor_of(const struct file_ctx *f)
{
	return f->info->unit / f->r->unit_out;
}

static void on_request(void *ctx, const struct lt_request *q)
{
	struct file_ctx *f = ctx;
	double factor = factor_of(f);

	run_request(f->r, q->t, factor == 1 ? q->latency : q->latency * factor, q->error,
		    q->label, q->label_len);
	if (!isnan(q->conc) && f->r->cfg->window > 0 && isfinite(q->t))
		lt_window_conc(lt_windows_at(&f->r->win, q->t), q->conc);
}

static void on_gauge(void *ctx, double t, double conc)
{
	struct file_ctx *f = ctx;

	if (f->r->cfg->window > 0 && window_at(f->r, t))
		lt_window_conc(lt_windows_at(&f->r->win, t), conc);
}

/* A deep copy of s with its latencies scaled by factor. */
static void copy_summary(struct tool_summary *t, const struct lt_summary *s, double factor)
{
	size_t i;

	t->s = *s;
	t->label = s->label ? xstrndup(s->label, s->label_len) : NULL;
	t->q = xcalloc(s->n + 1, sizeof(double));
	t->v = xcalloc(s->n + 1, sizeof(double));
	for (i = 0; i < s->n; i++) {
		t->q[i] = s->q[i];
		t->v[i] = s->v[i] * factor;
	}
	t->s.min *= factor;
	t->s.mean *= factor;
	t->s.stdev *= factor;
	t->s.max *= factor;
	t->s.label = t->label;
	t->s.q = t->q;
	t->s.v = t->v;
}

static void history_row(struct run *r, const struct lt_summary *s, double factor)
{
	struct window_acc *wa = window_at(r, s->t);
	struct lt_window *w;

	if (!s->label) {
		if (isnan(r->first_t)) {
			r->first_t = s->t;
			r->first_total = s->total_count;
		}
		if (!r->last_row)
			r->last_row = xcalloc(1, sizeof(*r->last_row));
		free_summary(r->last_row);
		copy_summary(r->last_row, s, factor);
	}
	if (!wa || s->label)
		return;
	w = lt_windows_at(&r->win, s->t);
	w->requests += isnan(s->count) ? 0 : (uint64_t)s->count;
	w->errors += isnan(s->errors) ? 0 : (uint64_t)s->errors;
	lt_window_conc(w, s->conc);
	if (!wa->row)
		wa->row = xcalloc(1, sizeof(*wa->row));
	free_summary(wa->row);
	copy_summary(wa->row, s, factor);
}

static void on_summary(void *ctx, const struct lt_summary *s)
{
	struct file_ctx *f = ctx;
	struct run *r = f->r;

	if (r->format == LT_LOCUST_HISTORY) {
		history_row(r, s, factor_of(f));
		return;
	}
	ALLOC_GROW(r->sums, r->nsums + 1, r->alloc_sums);
	copy_summary(&r->sums[r->nsums++], s, factor_of(f));
}

static void on_interval(void *ctx, const struct lt_interval *iv)
{
	struct file_ctx *f = ctx;
	struct run *r = f->r;
	struct window_acc *wa = window_at(r, iv->start);
	struct acc *group = r->cfg->by && iv->tag ? groups_acc(&r->gs, iv->tag, iv->tag_len) : NULL;
	struct hdrh corrected, *h = iv->h, *out = hlog_for(r, wa);
	int64_t interval = llround(r->cfg->expected / r->cfg->unit_in);

	if (interval > 0) {
		uint64_t added;

		hdrh_init(&corrected, iv->h->lowest, 2 * iv->h->lowest, iv->h->sig);
		added = hdrh_add_corrected(&corrected, iv->h, interval, 100 * iv->h->total + 1000000);
		if (added == UINT64_MAX)
			die("--expected-interval adds over 100 values per request: it is far below "
			    "the latencies (see hr-latency(1) on when to use it)");
		r->all.synthetic += added;
		h = &corrected;
	}
	r->requests += iv->h->total;
	acc_add_hist(&r->all, h);
	acc_add_span(&r->all, iv->start, iv->start + iv->length);
	if (group) {
		acc_add_hist(group, h);
		acc_add_span(group, iv->start, iv->start + iv->length);
	}
	if (wa) {
		acc_add_hist(&wa->acc, h);
		lt_windows_at(&r->win, iv->start)->requests += iv->h->total;
	}
	if (out && r->cfg->hlog_unit == r->cfg->unit_in)
		hdrh_add(out, h);
	else if (out)
		for (int32_t i = 0; i < h->len; i++)
			if (h->counts[i])
				hdrh_record(out, llround((double)hdrh_value_from_index(h, i) *
							 r->cfg->unit_in / r->cfg->hlog_unit),
					    h->counts[i]);
	if (h == &corrected)
		hdrh_release(&corrected);
}

static void read_format(struct run *r, struct lt_input *in)
{
	const struct run_config *cfg = r->cfg;
	struct lt_info info;
	struct file_ctx f = { r, &info };
	struct lt_sink sink = { &f, on_request, on_gauge, on_summary, on_interval };
	struct lt_options o = cfg->lt;

	o.hlog_unit = cfg->unit_in;
	if (lt_input_read(in, &o, &sink, &info) < 0)
		exit(EXIT_TROUBLE);
	r->has_errors &= info.has_errors;
	r->has_conc |= info.has_conc;
	if (info.time_step > r->time_step)
		r->time_step = info.time_step;
	if (isnan(r->hlog_ratio))
		r->hlog_ratio = info.hlog_max_ratio;
}

/* Options that only make sense for one kind of input. */
static void check_options(const struct run_config *cfg, const struct lt_input *in)
{
	const struct field_ref *f = cfg->fields;

	if (in->format == LT_PLAIN) {
		if (cfg->parser.ok && !f[F_STATUS].num && !f[F_STATUS].name)
			die("--ok needs --status-field for plain input");
		return;
	}
	if (f[F_LATENCY].num > 1 || f[F_TIME].num || f[F_STATUS].num || f[F_GROUP].num)
		die("%s is %s: name its columns (-f elapsed), fields by number are for plain input",
		    in->name, lt_format_name(in->format));
	if (cfg->parser.error_re)
		die("%s is %s: --error-regex is for plain input (the format says what failed)",
		    in->name, lt_format_name(in->format));
}

void run_read(struct run *r, const char *path)
{
	struct lt_input in;

	if (lt_input_open(&in, path, r->cfg->format) < 0)
		exit(EXIT_TROUBLE);
	check_options(r->cfg, &in);
	start(r, in.format);
	if (in.format == LT_PLAIN)
		plain_read(r, &in.lr);
	else
		read_format(r, &in);
	lt_input_close(&in);
}

const struct tool_summary *run_tool_summary(const struct run *r)
{
	size_t i;

	if (r->kind != LT_KIND_SUMMARY)
		return NULL;
	if (r->format == LT_LOCUST_HISTORY)
		return r->last_row;
	for (i = 0; i < r->nsums; i++)
		if (!r->sums[i].s.label)
			return &r->sums[i];
	return NULL;
}

static const char *unit_name(double u)
{
	return u == 1 ? "s" : u == 1e-3 ? "ms" : u == 1e-6 ? "us" : u == 1e-9 ? "ns" : "?";
}

/*
 * curl -w '%{time_total}' and most scripts print seconds with fractional
 * digits ("0.023118"); read as the default ms they make a median of tens of
 * microseconds, fast but not impossible, so the shape of the numbers decides:
 * every value a bare decimal below 10, the median below 0.05.
 */
static bool seconds_as_ms(const struct run *r, const struct result *res)
{
	return !r->cfg->unit_given && r->cfg->unit_in == 1e-3 && r->plain_values &&
	       r->plain_fractions == r->plain_values &&
	       res->max * r->unit_out < 10e-3 && res->pct[0] * r->unit_out < 0.05e-3;
}

/*
 * Plain values whose median is not a plausible latency in the unit they are
 * read in, but is in another: seconds read as ms (curl's %{time_total}), or
 * us or ns read as ms.
 */
static void unit_hint(struct run *r)
{
	static const double units[] = { 1, 1e-3, 1e-6, 1e-9 };
	struct result res;
	double p50_s, x;
	size_t i;

	acc_summarise(&r->all, &res);
	p50_s = res.pct[0] * r->unit_out;
	x = p50_s / r->cfg->unit_in;
	if (seconds_as_ms(r, &res)) {
		warning("the values look like seconds read as ms (all below 10, with "
			"fractional digits, median %g ms): if they are seconds, as curl's "
			"%%{time_total} prints them, pass -u s", x);
		return;
	}
	if (!(p50_s > 0) || (p50_s >= 1e-5 && p50_s <= 60))
		return;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (x * units[i] >= 1e-5 && x * units[i] <= 60) {
			warning("the median latency, %g %s, is %s for a request: if the values "
				"are in %s, pass -u %s", x, unit_name(r->cfg->unit_in),
				p50_s < 1e-5 ? "implausibly short" : "implausibly long",
				unit_name(units[i]), unit_name(units[i]));
			return;
		}
}

/*
 * .hlog files do not say their unit; writers give Interval_Max in ms, so the
 * ratio of a histogram's maximum to it tells the values' unit.
 */
static void hlog_hint(struct run *r)
{
	static const struct { double ratio, unit; } known[] = { { 1, 1e-3 }, { 1e3, 1e-6 }, { 1e6, 1e-9 } };
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (fabs(r->hlog_ratio / known[i].ratio - 1) < 0.02 && known[i].unit != r->cfg->unit_in)
			warning("the histograms' maxima are %g times the Interval_Max column "
				"(which writers give in ms): the values look like %s; pass -u %s",
				known[i].ratio, unit_name(known[i].unit), unit_name(known[i].unit));
}

void run_finish(struct run *r)
{
	if (r->cfg->quiet || !r->started)
		return;
	if (r->kind == LT_KIND_PLAIN && r->all.count)
		unit_hint(r);
	if (r->kind == LT_KIND_HISTOGRAMS && !r->cfg->unit_given && !isnan(r->hlog_ratio))
		hlog_hint(r);
	if (r->cfg->window > 0 && r->time_step > r->cfg->window)
		warning("the times are in whole seconds: windows shorter than %g s are not meaningful",
			r->time_step);
}
