// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-rightsize: right sizes for CPU and memory per cgroup and per host from
 * recorded history, with verdicts, growth, cost and fleet sizing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/http.h"
#include "headroom/options.h"
#include "headroom/progress.h"
#include "headroom/units.h"
#include "input.h"
#include "rightsize.h"

static const struct hr_usage usage = {
	"hr-rightsize [OPTION]...",
	"Recommends CPU and memory sizes per cgroup and per host from recorded history,\n"
	"judges each as under- or over-provisioned, and sizes a fleet.",
	"Exit status: 0 nothing under-provisioned, 1 something is, 2 trouble.",
};

enum { STRATEGY_VPA, STRATEGY_SIMPLE };
static const struct opt_choice strategies[] = {
	{ "vpa", STRATEGY_VPA }, { "simple", STRATEGY_SIMPLE }, { NULL, 0 }
};

static const struct opt_choice formats[] = {
	{ "table", FORMAT_TABLE }, { "tsv", FORMAT_TSV }, { "json", FORMAT_JSON }, { NULL, 0 }
};

struct rightsize_options {
	struct config cfg;
	struct prom_input prom;		/* --prometheus and its options */
	const char *input, *db, *out_path;
	struct hr_strlist globs;	/* --cgroup */
	int strategy;
	int format;			/* enum output_format */
};

/* Option values with their own checks, each stored through the entry's value. */
static int duration_option(const struct hr_option *opt, const char *arg)
{
	if (parse_duration(arg, opt->value) < 0)
		return error("--%s: expected a duration such as 24h or 14d, got '%s'",
			     opt->long_name, arg);
	if (duration_range_error(*(double *)opt->value))
		return error("--%s: '%s' is %s", opt->long_name, arg,
			     duration_range_error(*(double *)opt->value));
	return 0;
}

/* A percentage in [lo, hi], stored divided by div. */
struct pct_range {
	double lo, hi, div;
};

static int percent_option(const struct hr_option *opt, const char *arg)
{
	const struct pct_range *r = opt->extra;
	double v;

	if (parse_percent(arg, &v) < 0 || v < r->lo || v > r->hi)
		return error("--%s: expected a percentage from %g to %g, got '%s'",
			     opt->long_name, r->lo, r->hi, arg);
	*(double *)opt->value = v / r->div;
	return 0;
}

/* A size; extra: an example for the message, defval: whether 0 is refused. */
static int size_option(const struct hr_option *opt, const char *arg)
{
	double v;

	if (parse_size(arg, &v) < 0 || (opt->defval && !(v > 0)))
		return error("--%s: expected a size such as %s, got '%s'", opt->long_name,
			     (const char *)opt->extra, arg);
	*(double *)opt->value = v;
	return 0;
}

/* Cores, or millicores with an 'm' as Kubernetes writes them ("250m"); defval: 0 allowed. */
static int cores_option(const struct hr_option *opt, const char *arg)
{
	size_t len = strlen(arg);
	double v;
	int rc;

	if (len > 1 && arg[len - 1] == 'm') {
		char *num = xstrndup(arg, len - 1);

		rc = parse_number(num, &v);
		free(num);
		v /= 1000;
	} else {
		rc = parse_number(arg, &v);
	}
	if (rc < 0 || v < 0 || (!opt->defval && v == 0))
		return error("--%s: expected a number of cores such as 16 or 250m, got '%s'",
			     opt->long_name, arg);
	*(double *)opt->value = v;
	return 0;
}

static int step_option(const struct hr_option *opt, const char *arg)
{
	if (parse_duration(arg, opt->value) < 0 || *(double *)opt->value < 1)
		return error("--step: expected a duration of a second or more (1m, 5m), got '%s'", arg);
	return 0;
}

static int price_option(const struct hr_option *opt, const char *arg)
{
	double v;

	if (parse_number(arg, &v) < 0 || v < 0)
		return error("--%s: expected a price such as 0.031, got '%s'", opt->long_name, arg);
	*(double *)opt->value = v;
	return 0;
}

#define OPT_DUR(l, v, h) \
	{ OPTION_CALLBACK, 0, (l), (v), "DURATION", (h), 0, NULL, 0, duration_option }
#define OPT_PCT(l, v, range, h) \
	{ OPTION_CALLBACK, 0, (l), (v), "PCT", (h), 0, (range), 0, percent_option }
#define OPT_BYTES(l, v, example, positive, h) \
	{ OPTION_CALLBACK, 0, (l), (v), "SIZE", (h), 0, (example), (positive), size_option }
#define OPT_CORES(l, v, zero_ok, h) \
	{ OPTION_CALLBACK, 0, (l), (v), "CORES", (h), 0, NULL, (zero_ok), cores_option }
#define OPT_PRICE(l, v, h) \
	{ OPTION_CALLBACK, 0, (l), (v), "PRICE", (h), 0, NULL, 0, price_option }

static const struct pct_range cpu_q_range = { 1, 100, 100 }, margin_range = { 0, 1000, 100 },
			      slack_range = { 0, 99, 100 }, throttled_range = { 0, 100, 1 },
			      target_range = { 1, 100, 100 };

/* The choices of a run that reads a query API. */
static void check_prom_usage(const struct rightsize_options *o)
{
	const struct prom_input *p = &o->prom;
	const char *why;

	if (!p->url) {
		if (p->step || p->by_owner || p->timeout || p->verbose || p->http.bearer_token_file ||
		    p->http.basic_auth_file || p->http.ca_file || p->http.cert_file || p->http.key_file)
			usage_error("--step, --by-owner, --timeout, --verbose and the HTTP options go "
				    "with --prometheus");
		return;
	}
	if (o->input || o->db)
		usage_error("--prometheus, --input and --db are alternatives");
	if (http_url_check(p->url, &why) < 0)
		usage_error("--prometheus: %s, got '%s'", why, p->url);
	if (!(o->cfg.since > 0))
		usage_error("--prometheus needs a window: --since 0 reads all history only from a database");
}

static int parse_options(int argc, char **argv, struct rightsize_options *o)
{
	struct config *cfg = &o->cfg;
	const struct hr_option options[] = {
		OPT_GROUP("Input:"),
		OPT_FILENAME(0, "db", &o->db, "PATH", "the history database (default: "
			     "$HEADROOM_DB, else the per-user or system history of hr-record)"),
		OPT_FILENAME('i', "input", &o->input, "FILE|-",
			     "series TSV instead of the database ('-': standard input)"),
		OPT_DUR("since", &cfg->since, "history to size from, back from --until "
			"(default 14d; 0: all of it)"),
		OPT_TIME(0, "until", &cfg->until, "TIME", "end of that history (default: the "
			 "newest sample; for the database, now)"),
		OPT_BOOL(0, "raw", &cfg->raw, "database: size from the raw samples instead of "
			 "hourly figures (each hour's CPU p95, memory maximum)"),
		OPT_STRING_LIST(0, "cgroup", &o->globs, "GLOB",
				"only cgroups (containers: NAMESPACE/POD/CONTAINER) whose path matches "
				"GLOB (repeatable)"),
		OPT_GROUP("Prometheus-compatible engines:"),
		OPT_STRING(0, "prometheus", &o->prom.url, "URL",
			   "read cAdvisor, kube-state-metrics, node_exporter and headroom series "
			   "from the query API at URL (http://HOST:9090) instead of the database"),
		OPT_CALLBACK(0, "step", &o->prom.step, "DURATION", "with --prometheus: the "
			     "resolution of rates and gauges (default 1m, longer for long windows)",
			     step_option),
		OPT_BOOL(0, "by-owner", &o->prom.by_owner, "with --prometheus: size Kubernetes "
			 "containers per workload (kube_pod_owner) rather than per pod"),
		OPT_PROM_TIMEOUT(&o->prom.timeout),
		OPT_HTTP(&o->prom.http),
		OPT_BOOL('v', "verbose", &o->prom.verbose,
			 "with --prometheus: show each query on standard error"),
		OPT_GROUP("Sizing:"),
		OPT_CHOICE(0, "strategy", &o->strategy, "vpa|simple", strategies,
			   "vpa: decaying percentile + margin, growth, OOM bump (default); "
			   "simple: KRR's: CPU request the p95, no CPU limit, memory request and "
			   "limit the peak + margin"),
		OPT_PCT("cpu-percentile", &cfg->cpu_q, &cpu_q_range,
			"CPU usage percentile to size for (default 95)"),
		OPT_DUR("half-life", &cfg->half_life,
			"weight of a sample halves at this age (default 24h; 0: none)"),
		OPT_PCT("margin", &cfg->margin, &margin_range, "headroom added to usage (default 15)"),
		OPT_CORES("min-cpu", &cfg->min_cpu, 1,
			  "smallest CPU recommendation (default 25m = 0.025 cores; simple: 10m)"),
		OPT_BYTES("min-mem", &cfg->min_mem, "32M", 0,
			  "smallest memory recommendation (default 32M; simple: 100MB)"),
		OPT_DUR("horizon", &cfg->horizon,
			"size growing usage for this far ahead (default 30d; 0: off)"),
		OPT_GROUP("Verdicts:"),
		OPT_PCT("slack", &cfg->slack, &slack_range,
			"over when the recommendation is this far below the limit (default 30)"),
		OPT_PCT("max-throttled", &cfg->max_throttled, &throttled_range,
			"under when throttled longer than this share of the time (default 5)"),
		OPT_GROUP("Cost and fleet:"),
		OPT_PRICE("price-cpu", &cfg->price_cpu, "price of a core per hour"),
		OPT_PRICE("price-mem", &cfg->price_mem, "price of a GiB of memory per hour"),
		OPT_CORES("host-cpu", &cfg->host_cpu, 0,
			  "cores of a fleet host: how many hosts the load needs"),
		OPT_BYTES("host-mem", &cfg->host_mem, "512M or 64G", 1, "memory of a fleet host"),
		OPT_PCT("target", &cfg->target, &target_range,
			"fill fleet hosts to this share (default 70)"),
		OPT_GROUP("Output:"),
		OPT_CHOICE('f', "format", &o->format, "FMT", formats,
			   "table (the default on a terminal), tsv (otherwise) or json"),
		OPT_SET_INT(0, "table", &o->format, "the same as --format table",
			    FORMAT_TABLE),
		OPT_SET_INT(0, "tsv", &o->format,
			    "the same as --format tsv", FORMAT_TSV),
		OPT_SET_INT(0, "json", &o->format, "the same as --format json: an array of objects",
			    FORMAT_JSON),
		OPT_OUTPUT(&o->out_path),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct rightsize_options){ .strategy = STRATEGY_VPA, .format = FORMAT_AUTO };
	config_init(&o->cfg);
	first = options_parse(argc, argv, options, &usage, 0);
	o->cfg.simple = o->strategy == STRATEGY_SIMPLE;
	config_finish(&o->cfg);
	if (first < argc)
		usage_error("unexpected argument '%s'", argv[first]);
	if (o->input && o->db)
		usage_error("--input and --db are alternatives");
	check_prom_usage(o);
	return first;
}

/* What the messages call the history. */
static const char *source_name(const struct rightsize_options *o)
{
	return o->input ? o->input : o->db ? o->db : o->prom.url ? o->prom.url : "history";
}

/* Reads the history from --input or the database, and the window [*start, *end] to size. */
static void read_history(struct history *h, struct rightsize_options *o, double *start,
			 double *end)
{
	if (o->input) {
		struct strbuf err = STRBUF_INIT;

		if (history_read_tsv(h, o->input, &err) < 0)
			die("%s", err.buf);
		strbuf_release(&err);
		*end = !isnan(o->cfg.until) ? o->cfg.until : h->latest;
		*start = o->cfg.since > 0 ? *end - o->cfg.since : -INFINITY;
	} else {
		/* A database or a server is read up to now (which $HEADROOM_NOW pins). */
		if (isnan(o->cfg.until))
			o->cfg.until = (double)db_now();
		if (o->prom.url)
			history_read_prom(h, &o->prom, &o->cfg);
		else
			history_read_db(h, o->db, &o->cfg);
		*start = h->win_start;
		*end = h->win_end;
	}
	history_finish(h);
}

/*
 * Nothing to size in the window: say which window, and where the history
 * holds data, so that a history older than --since (an import, a test's
 * file) points at --until rather than looking empty.
 */
static void die_no_samples(const struct rightsize_options *o, const struct history *h,
			   double start, double end)
{
	char a[64] = "the beginning", b[64], c[64], d[64];
	double first = h->earliest, last = h->latest;
	bool span = !o->input ? history_db_span(h, &first, &last) : first <= last;

	if (isfinite(start))
		format_timestamp_iso(a, sizeof(a), start);
	format_timestamp_iso(b, sizeof(b), end);
	if (!span)
		die("%s: no samples from %s to %s%s", source_name(o), a, b,
		    o->prom.url ? "" : ", nor at any other time");
	format_timestamp_iso(c, sizeof(c), first);
	format_timestamp_iso(d, sizeof(d), last);
	die("%s: no samples from %s to %s (see --since and --until); the history holds data "
	    "from %s to %s", source_name(o), a, b, c, d);
}

/* Sizes every entity, one loaded at a time; returns the results with samples, *nres of them. */
static struct result *size_entities(const struct config *cfg, struct history *h, double start,
				    double end, size_t *nres)
{
	struct result *res = xcalloc(h->n ? h->n : 1, sizeof(*res));
	struct progress prog;
	size_t i, n = 0;

	progress_start(&prog);
	for (i = 0; i < h->n; i++) {
		progress_update(&prog, false, "sizing %zu of %zu", i + 1, h->n);
		history_load(h, i);
		analyse_entity(cfg, &h->e[i], start, end, &res[n]);
		history_unload(h, i);
		if (res[n].have_cpu || res[n].have_mem)
			n++;
	}
	progress_end(&prog);
	*nres = n;
	return res;
}

/*
 * A fleet whose hosts node_exporter reports: its load is theirs, system and
 * all, rather than the containers' sum; and without --host-cpu and
 * --host-mem, its fleet rows count hosts the size of its largest (CPU
 * count, MemTotal).
 */
static void fleet_host_size(struct config *cfg, const struct result *r, size_t n)
{
	double cpu = NAN, mem = NAN;
	size_t i;

	cfg->fleet_hosts = true;
	if (!isnan(cfg->host_cpu) || !isnan(cfg->host_mem))
		return;
	for (i = 0; i < n; i++) {
		if (!r[i].host)
			continue;
		if (r[i].cpu_limit > 0 && !(r[i].cpu_limit <= cpu))
			cpu = r[i].cpu_limit;
		if (r[i].mem_limit > 0 && !(r[i].mem_limit <= mem))
			mem = r[i].mem_limit;
	}
	cfg->host_cpu = cpu;
	cfg->host_mem = mem;
}

/* Cgroups by path, then the hosts. */
static int cmp_result(const void *a, const void *b)
{
	const struct result *x = a, *y = b;

	if (x->host != y->host)
		return x->host ? 1 : -1;
	return strcmp(x->name, y->name);
}

int main(int argc, char **argv)
{
	struct rightsize_options o;
	struct history h;
	struct result *res;
	struct fleet fleet;
	double start, end;
	size_t i, nres;
	bool under = false;
	FILE *out;
	int rc;

	cli_init(argv[0]);
	parse_options(argc, argv, &o);
	history_init(&h, o.globs.v, o.globs.n);
	read_history(&h, &o, &start, &end);
	res = size_entities(&o.cfg, &h, start, end, &nres);
	if (!nres && !h.n)
		die("%s: no %s series to size", source_name(&o),
		    o.prom.url ? "container, node or headroom" : "cgroup.* or system");
	if (!nres) {
		free(res);
		die_no_samples(&o, &h, start, end);
	}
	qsort(res, nres, sizeof(*res), cmp_result);
	for (i = 0; i < nres; i++)
		under |= res[i].verdict == V_UNDER;
	if (h.nodes)
		fleet_host_size(&o.cfg, res, nres);
	size_fleet(&o.cfg, res, nres, &fleet);

	out = open_output(o.out_path);
	write_results(out, o.format, &o.cfg, res, nres, &fleet);
	close_output(out, o.out_path);

	free(res);
	history_release(&h);
	hr_strlist_release(&o.globs);
	rc = finish_stdout();
	return rc ? rc : under ? EXIT_VERDICT : 0;
}
