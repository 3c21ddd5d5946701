// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-rightsize: right sizes for CPU and memory per cgroup and per host from
 * recorded history, with verdicts, growth, cost and fleet sizing.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/progress.h"
#include "headroom/units.h"
#include "input.h"
#include "rightsize.h"

static const char usage[] =
"Usage: hr-rightsize [OPTIONS]\n"
"Recommends CPU and memory sizes per cgroup and per host from recorded history,\n"
"judges each as under- or over-provisioned, and sizes a fleet.\n"
"\n"
"Input:\n"
"      --db PATH              the history database (default: $HEADROOM_DB, else the\n"
"                             per-user or system history of hr-record)\n"
"  -i, --input FILE|-         series TSV instead of the database ('-': standard input)\n"
"      --since DURATION       history to size from, back from --until (default 14d;\n"
"                             0: all of it)\n"
"      --until TIME           end of that history (default: the newest sample; for\n"
"                             the database, now)\n"
"      --raw                  database: size from the raw samples instead of hourly\n"
"                             figures (each hour's CPU p95, memory maximum)\n"
"      --cgroup GLOB          only cgroups whose path matches GLOB (repeatable)\n"
"\n"
"Sizing:\n"
"      --strategy vpa|simple  vpa: decaying percentile + margin, growth, OOM bump\n"
"                             (default); simple: plain p95 CPU, peak memory + margin\n"
"      --cpu-percentile PCT   CPU usage percentile to size for (default 95)\n"
"      --half-life DURATION   weight of a sample halves at this age (default 24h; 0: none)\n"
"      --margin PCT           headroom added to usage (default 15)\n"
"      --min-cpu CORES        smallest CPU recommendation (default 25m = 0.025 cores)\n"
"      --min-mem SIZE         smallest memory recommendation (default 32M)\n"
"      --horizon DURATION     size growing usage for this far ahead (default 30d; 0: off)\n"
"\n"
"Verdicts:\n"
"      --slack PCT            over when the recommendation is this far below the\n"
"                             limit (default 30)\n"
"      --max-throttled PCT    under when throttled longer than this share of the time\n"
"                             (default 5)\n"
"\n"
"Cost and fleet:\n"
"      --price-cpu PRICE      price of a core per hour\n"
"      --price-mem PRICE      price of a GiB of memory per hour\n"
"      --host-cpu CORES       cores of a fleet host: how many hosts the load needs\n"
"      --host-mem SIZE        memory of a fleet host\n"
"      --target PCT           fill fleet hosts to this share (default 70)\n"
"\n"
"Output:\n"
"      --table                aligned table (the default on a terminal)\n"
"      --tsv                  tab-separated with a header (the default otherwise)\n"
"      --json                 a JSON array of objects\n"
"  -o, --output FILE          write to FILE instead of standard output\n"
"  -h, --help                 show this help\n"
"      --version              show the version\n"
"\n"
"Exit status: 0 nothing under-provisioned, 1 something is, 2 trouble.\n";

enum {
	OPT_DB = OPT_VERSION + 1, OPT_SINCE, OPT_UNTIL, OPT_RAW, OPT_CGROUP, OPT_STRATEGY,
	OPT_CPU_PERCENTILE, OPT_HALF_LIFE, OPT_MARGIN, OPT_MIN_CPU, OPT_MIN_MEM, OPT_HORIZON,
	OPT_SLACK, OPT_MAX_THROTTLED, OPT_PRICE_CPU, OPT_PRICE_MEM, OPT_HOST_CPU, OPT_HOST_MEM,
	OPT_TARGET, OPT_TABLE, OPT_TSV, OPT_JSON,
};

static const struct option longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "input", required_argument, NULL, 'i' },
	{ "since", required_argument, NULL, OPT_SINCE },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "strategy", required_argument, NULL, OPT_STRATEGY },
	{ "cpu-percentile", required_argument, NULL, OPT_CPU_PERCENTILE },
	{ "half-life", required_argument, NULL, OPT_HALF_LIFE },
	{ "margin", required_argument, NULL, OPT_MARGIN },
	{ "min-cpu", required_argument, NULL, OPT_MIN_CPU },
	{ "min-mem", required_argument, NULL, OPT_MIN_MEM },
	{ "horizon", required_argument, NULL, OPT_HORIZON },
	{ "slack", required_argument, NULL, OPT_SLACK },
	{ "max-throttled", required_argument, NULL, OPT_MAX_THROTTLED },
	{ "price-cpu", required_argument, NULL, OPT_PRICE_CPU },
	{ "price-mem", required_argument, NULL, OPT_PRICE_MEM },
	{ "host-cpu", required_argument, NULL, OPT_HOST_CPU },
	{ "host-mem", required_argument, NULL, OPT_HOST_MEM },
	{ "target", required_argument, NULL, OPT_TARGET },
	{ "table", no_argument, NULL, OPT_TABLE },
	{ "tsv", no_argument, NULL, OPT_TSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static double opt_duration(const char *opt, const char *arg)
{
	double v;

	if (parse_duration(arg, &v) < 0)
		usage_error("--%s: expected a duration such as 24h or 14d, got '%s'", opt, arg);
	return v;
}

/* A percentage in [lo, hi]. */
static double opt_percent(const char *opt, const char *arg, double lo, double hi)
{
	double v;

	if (parse_percent(arg, &v) < 0 || v < lo || v > hi)
		usage_error("--%s: expected a percentage from %g to %g, got '%s'", opt, lo, hi, arg);
	return v;
}

static double opt_size(const char *opt, const char *arg)
{
	double v;

	if (parse_size(arg, &v) < 0 || !(v > 0))
		usage_error("--%s: expected a size such as 512M or 64G, got '%s'", opt, arg);
	return v;
}

/* Cores, or millicores with an 'm' as Kubernetes writes them ("250m"). */
static double opt_cores(const char *opt, const char *arg, bool zero_ok)
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
	if (rc < 0 || v < 0 || (!zero_ok && v == 0))
		usage_error("--%s: expected a number of cores such as 16 or 250m, got '%s'", opt, arg);
	return v;
}

static double opt_price(const char *opt, const char *arg)
{
	double v;

	if (parse_number(arg, &v) < 0 || v < 0)
		usage_error("--%s: expected a price such as 0.031, got '%s'", opt, arg);
	return v;
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
	struct config cfg = {
		.cpu_q = 0.95, .half_life = 86400, .margin = 0.15, .min_cpu = 0.025,
		.min_mem = 32.0 * 1024 * 1024, .horizon = 30 * 86400.0, .slack = 0.30,
		.max_throttled = 5, .since = 14 * 86400.0, .until = NAN,
		.price_cpu = NAN, .price_mem = NAN, .host_cpu = NAN, .host_mem = NAN,
		.target = 0.70,
	};
	const char *input = NULL, *db = NULL, *out_path = NULL;
	const char **globs = NULL;
	size_t nglobs = 0, globs_alloc = 0, i, nres = 0;
	enum format fmt = F_AUTO;
	struct history h;
	struct result *res;
	struct fleet fleet;
	struct progress prog;
	double start, end;
	bool under = false;
	FILE *out;
	int c, rc;

	cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hi:o:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		case 'i':
			input = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_SINCE:
			cfg.since = opt_duration("since", optarg);
			break;
		case OPT_UNTIL:
			if (parse_timestamp(optarg, &cfg.until) < 0)
				usage_error("--until: expected Unix seconds or RFC 3339, got '%s'", optarg);
			break;
		case OPT_RAW:
			cfg.raw = true;
			break;
		case OPT_CGROUP:
			ALLOC_GROW(globs, nglobs + 1, globs_alloc);
			globs[nglobs++] = optarg;
			break;
		case OPT_STRATEGY:
			if (!strcmp(optarg, "simple"))
				cfg.simple = true;
			else if (!strcmp(optarg, "vpa"))
				cfg.simple = false;
			else
				usage_error("--strategy: expected 'vpa' or 'simple', got '%s'", optarg);
			break;
		case OPT_CPU_PERCENTILE:
			cfg.cpu_q = opt_percent("cpu-percentile", optarg, 1, 100) / 100;
			break;
		case OPT_HALF_LIFE:
			cfg.half_life = opt_duration("half-life", optarg);
			break;
		case OPT_MARGIN:
			cfg.margin = opt_percent("margin", optarg, 0, 1000) / 100;
			break;
		case OPT_MIN_CPU:
			cfg.min_cpu = opt_cores("min-cpu", optarg, true);
			break;
		case OPT_MIN_MEM:
			if (parse_size(optarg, &cfg.min_mem) < 0)
				usage_error("--min-mem: expected a size such as 32M, got '%s'", optarg);
			break;
		case OPT_HORIZON:
			cfg.horizon = opt_duration("horizon", optarg);
			break;
		case OPT_SLACK:
			cfg.slack = opt_percent("slack", optarg, 0, 99) / 100;
			break;
		case OPT_MAX_THROTTLED:
			cfg.max_throttled = opt_percent("max-throttled", optarg, 0, 100);
			break;
		case OPT_PRICE_CPU:
			cfg.price_cpu = opt_price("price-cpu", optarg);
			break;
		case OPT_PRICE_MEM:
			cfg.price_mem = opt_price("price-mem", optarg);
			break;
		case OPT_HOST_CPU:
			cfg.host_cpu = opt_cores("host-cpu", optarg, false);
			break;
		case OPT_HOST_MEM:
			cfg.host_mem = opt_size("host-mem", optarg);
			break;
		case OPT_TARGET:
			cfg.target = opt_percent("target", optarg, 1, 100) / 100;
			break;
		case OPT_TABLE:
			fmt = F_TABLE;
			break;
		case OPT_TSV:
			fmt = F_TSV;
			break;
		case OPT_JSON:
			fmt = F_JSON;
			break;
		default:
			usage_error(NULL);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (input && db)
		usage_error("--input and --db are alternatives");

	history_init(&h, globs, nglobs);
	if (input) {
		struct strbuf err = STRBUF_INIT;

		if (history_read_tsv(&h, input, &err) < 0)
			die("%s", err.buf);
		strbuf_release(&err);
		end = !isnan(cfg.until) ? cfg.until : h.latest;
		start = cfg.since > 0 ? end - cfg.since : -INFINITY;
	} else {
		/* A database is read up to now (which $HEADROOM_NOW pins). */
		if (isnan(cfg.until))
			cfg.until = (double)db_now();
		history_read_db(&h, db, &cfg);
		start = h.win_start;
		end = h.win_end;
	}
	history_finish(&h);
	res = xcalloc(h.n ? h.n : 1, sizeof(*res));
	progress_start(&prog);
	for (i = 0; i < h.n; i++) {
		progress_update(&prog, false, "sizing %zu of %zu", i + 1, h.n);
		history_load(&h, i);
		analyse_entity(&cfg, &h.e[i], start, end, &res[nres]);
		history_unload(&h, i);
		if (res[nres].have_cpu || res[nres].have_mem)
			nres++;
	}
	progress_end(&prog);
	if (!nres) {
		if (!h.n)
			die("%s: no cgroup.* or system series to size", input ? input : db ? db : "history");
		die("%s: no samples in the %s", input ? input : db ? db : "history",
		    cfg.since > 0 ? "window of --since" : "history");
	}
	qsort(res, nres, sizeof(*res), cmp_result);
	for (i = 0; i < nres; i++)
		under |= res[i].verdict == V_UNDER;
	size_fleet(&cfg, res, nres, &fleet);

	out = open_output(out_path);
	write_results(out, fmt, &cfg, res, nres, &fleet);
	close_output(out, out_path);

	free(res);
	history_release(&h);
	free(globs);
	rc = finish_stdout();
	return rc ? rc : under ? EXIT_VERDICT : 0;
}
