// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record: takes snapshots of system, disk, network, pressure, cgroup and
 * process usage into the SQLite history, or imports series TSV into it.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/labels.h"
#include "headroom/names.h"
#include "headroom/progress.h"
#include "headroom/series.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "record.h"

static const char usage[] =
"Usage: hr-record [OPTION...]\n"
"       hr-record --import FILE|- [--db FILE]\n"
"Take a snapshot of this host's resource usage into the SQLite history.\n"
"\n"
"  --db FILE              history database (default: $HEADROOM_DB, else\n"
"                         /var/lib/headroom/history.db for root, else\n"
"                         $XDG_STATE_HOME/headroom/history.db)\n"
"  -i, --interval DURATION  take a snapshot every DURATION (10s, 1m) instead of once\n"
"  -n, --count N          with --interval, stop after N snapshots (default: until stopped)\n"
"      --top N            record the top N processes by CPU and by memory (default 10, 0: none)\n"
"      --cgroup GLOB      record the cgroups whose path matches GLOB (repeatable; default:\n"
"                         systemd services, slices and container scopes to depth 3)\n"
"      --no-cgroups       record no cgroups\n"
"      --per-cpu          also record the utilisation of each CPU\n"
"      --all-disks        also record loop, ram, zram, floppy and optical devices\n"
"      --reset-peaks      reset cgroup v1 memory peaks after reading them (exact\n"
"                         per-interval peaks; changes the cgroups' max_usage_in_bytes)\n"
"      --retain DURATION  keep raw samples this long (default 35d; 0: forever)\n"
"      --retain-rollups DURATION  keep hourly roll-ups this long (default 3y; 0: forever)\n"
"      --host NAME        the host label of recorded series (default: the host name)\n"
"      --proc-root DIR    read /proc from DIR (default /proc)\n"
"      --sys-root DIR     read /sys from DIR (default /sys)\n"
"      --import FILE      load series TSV from FILE ('-': standard input), idempotently\n"
"  -q, --quiet            no message about baselines and reboots\n"
"  -v, --verbose          print each snapshot as series TSV on standard output\n"
"  -h, --help             show this help and exit\n"
"      --version          show the version and exit\n";

enum {
	OPT_TOP = OPT_VERSION + 1, OPT_CGROUP, OPT_NO_CGROUPS, OPT_PER_CPU, OPT_ALL_DISKS,
	OPT_RESET_PEAKS, OPT_RETAIN, OPT_RETAIN_ROLLUPS, OPT_HOST, OPT_PROC_ROOT,
	OPT_SYS_ROOT, OPT_IMPORT, OPT_DB,
};

static const struct option longopts[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "interval", required_argument, NULL, 'i' },
	{ "count", required_argument, NULL, 'n' },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "cgroup", required_argument, NULL, OPT_CGROUP },
	{ "no-cgroups", no_argument, NULL, OPT_NO_CGROUPS },
	{ "per-cpu", no_argument, NULL, OPT_PER_CPU },
	{ "all-disks", no_argument, NULL, OPT_ALL_DISKS },
	{ "reset-peaks", no_argument, NULL, OPT_RESET_PEAKS },
	{ "retain", required_argument, NULL, OPT_RETAIN },
	{ "retain-rollups", required_argument, NULL, OPT_RETAIN_ROLLUPS },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "proc-root", required_argument, NULL, OPT_PROC_ROOT },
	{ "sys-root", required_argument, NULL, OPT_SYS_ROOT },
	{ "import", required_argument, NULL, OPT_IMPORT },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static bool quiet, verbose;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* --- the snapshot ---------------------------------------------------------- */

void snap_init(struct snapshot *s, const struct options *opt)
{
	memset(s, 0, sizeof(*s));
	s->opt = opt;
	stackmap_init(&s->prev);
	strbuf_init(&s->tmp, 0);
}

static void snap_clear(struct snapshot *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++) {
		free(s->m[i].name);
		free(s->m[i].labels);
	}
	for (i = 0; i < s->nc; i++)
		free(s->c[i].key);
	s->nr = s->nc = 0;
	stackmap_release(&s->prev);
	stackmap_init(&s->prev);
	s->have_prev = false;
}

void snap_release(struct snapshot *s)
{
	snap_clear(s);
	stackmap_release(&s->prev);
	free(s->m);
	free(s->c);
	strbuf_release(&s->tmp);
}

void snap_add(struct snapshot *s, const char *name, const char *labels, const char *unit,
	      const char *kind, double value)
{
	struct metric *m;

	if (!isfinite(value))
		return;
	ALLOC_GROW(s->m, s->nr + 1, s->alloc);
	m = &s->m[s->nr++];
	m->name = xstrdup(name);
	m->labels = xstrdup(labels);
	m->unit = unit;
	m->kind = kind;
	m->value = value;
}

double snap_delta(struct snapshot *s, const char *key, double cur, double *dt)
{
	struct stackmap_entry *e = stackmap_find(&s->prev, key, strlen(key));

	ALLOC_GROW(s->c, s->nc + 1, s->calloc_);
	s->c[s->nc].key = xstrdup(key);
	s->c[s->nc].value = cur;
	s->nc++;
	*dt = NAN;
	if (!e)
		return NAN;
	*dt = s->uptime - e->count[1];
	/* A counter that went backwards was reset (a restart) or wrapped: no rate. */
	if (!(*dt > 0) || cur < e->count[0])
		return NAN;
	return cur - e->count[0];
}

double snap_rate(struct snapshot *s, const char *key, double cur, double scale)
{
	double dt, d = snap_delta(s, key, cur, &dt);

	return dt > 0 ? d / dt * scale : NAN;
}

/* --- writing ---------------------------------------------------------------- */

static char *first_line(const char *path)
{
	char *t = read_file(path, NULL), *nl;

	if (t && (nl = strchr(t, '\n')))
		*nl = '\0';
	return t;
}

/* The boot's identity: boot_id when the kernel has it, else btime from /proc/stat. */
static char *boot_identity(const struct options *opt)
{
	char *p = xasprintf("%s/sys/kernel/random/boot_id", opt->proc_root);
	char *id = first_line(p);
	char *stat, *b;

	free(p);
	if (id && *id)
		return id;
	free(id);
	p = xasprintf("%s/stat", opt->proc_root);
	stat = read_file(p, NULL);
	free(p);
	b = stat ? strstr(stat, "\nbtime ") : NULL;
	id = b ? xasprintf("btime %lld", strtoll(b + 7, NULL, 10)) : xstrdup("");
	free(stat);
	return id;
}

/*
 * The previous snapshot's counters, one meta blob: "UPTIME\n" then
 * "KEY\tVALUE\n" per counter (one row written per snapshot, not one per counter).
 */
static int load_counters(struct db *db, struct snapshot *s)
{
	struct strbuf blob = STRBUF_INIT;
	char *line, *save = NULL, *tab;
	double up = NAN;

	if (db_meta_get_blob(db, "counters", &blob) < 0)
		return -1;
	for (line = strtok_r(blob.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (isnan(up)) {
			up = strtod(line, NULL);
			continue;
		}
		tab = strrchr(line, '\t');
		if (!tab)
			continue;
		stackmap_add(&s->prev, line, (size_t)(tab - line), strtod(tab + 1, NULL), up);
		s->have_prev = true;
	}
	strbuf_release(&blob);
	return 0;
}

static int store_counters(struct db *db, struct snapshot *s)
{
	struct strbuf blob = STRBUF_INIT;
	size_t i;
	int ret;

	strbuf_addf(&blob, "%.2f\n", s->uptime);
	for (i = 0; i < s->nc; i++) {
		double v = s->c[i].value;

		strbuf_addstr(&blob, s->c[i].key);
		strbuf_addch(&blob, '\t');
		/* Counters are whole numbers: digits by hand, not printf's %.17g
		 * (a tenth of a run's formatting cost); strtod reads both back. */
		if (v >= 0 && v < 9007199254740992.0 && v == (double)(uint64_t)v) {
			char num[24], *p = num + sizeof(num);
			uint64_t u = (uint64_t)v;

			do
				*--p = (char)('0' + u % 10);
			while (u /= 10);
			strbuf_add(&blob, p, (size_t)(num + sizeof(num) - p));
		} else {
			strbuf_addf(&blob, "%.17g", v);
		}
		strbuf_addch(&blob, '\n');
	}
	ret = db_meta_set_blob(db, "counters", blob.buf, blob.len);
	strbuf_release(&blob);
	return ret;
}

struct settings {
	struct options opt;
	const char *host;
	double retain, retain_rollups;
};

static int store_metrics(struct db *db, struct snapshot *s, const struct settings *set, int64_t ts)
{
	struct strbuf full = STRBUF_INIT, labels = STRBUF_INIT, out = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < s->nr && !ret; i++) {
		struct metric *m = &s->m[i];
		int64_t id;
		double v = m->value;

		/* The host label joins the others in canonical order. */
		labels_insert(&labels, m->labels, LABEL_HOST, set->host);
		/* Whole bytes, thousandths of a percent and six digits otherwise are
		 * all the precision there is; rounding lets SQLite store many values
		 * as small integers, and keeps the output short. */
		if (!strcmp(m->unit, "bytes") || !strcmp(m->unit, "bytes/s")) {
			v = round(v);
		} else if (!strcmp(m->unit, "percent")) {
			v = round(v * 1000) / 1000;
		} else {
			char num[32];

			snprintf(num, sizeof(num), "%.6g", v);
			v = strtod(num, NULL);
		}
		id = db_series_id(db, m->name, labels.buf, m->unit, m->kind);
		if (id < 0 || db_add_sample(db, id, ts, v) < 0)
			ret = -1;
		if (verbose) {
			strbuf_reset(&full);
			series_name_format(&full, m->name, labels.buf);
			strbuf_reset(&out);
			series_format(&out, (double)ts, full.buf, v, false);
			fputs(out.buf, stdout);
		}
	}
	strbuf_release(&full);
	strbuf_release(&labels);
	strbuf_release(&out);
	return ret;
}

static int read_uptime(const struct options *opt, double *up)
{
	char *p = xasprintf("%s/uptime", opt->proc_root);
	char *t = read_file(p, NULL);
	int ret = 0;

	if (!t || parse_number(strtok(t, " \n") ? t : "", up) < 0)
		ret = error("cannot read the uptime from '%s'", p);
	free(t);
	free(p);
	return ret;
}

static int take_snapshot(struct db *db, const struct settings *set, struct snapshot *s)
{
	struct strbuf blob = STRBUF_INIT, nblob = STRBUF_INIT;
	char *boot = NULL, *oldboot = NULL;
	int64_t now;

	snap_clear(s);
	/* Everything happens inside the write lock, so that two overlapping runs
	 * take their turns and each computes its rates from the other's counters. */
	if (db_begin(db) < 0)
		return -1;
	now = db_now();
	if (read_uptime(&set->opt, &s->uptime) < 0 || load_counters(db, s) < 0)
		goto fail;
	boot = boot_identity(&set->opt);
	oldboot = db_meta_get(db, "boot");
	if (s->have_prev && oldboot && strcmp(oldboot, boot)) {
		if (!quiet)
			fprintf(stderr, "%s: the host rebooted since the last snapshot; storing a new baseline\n",
				progname());
		stackmap_release(&s->prev);
		stackmap_init(&s->prev);
		s->have_prev = false;
		strbuf_reset(&blob);
	} else if (!s->have_prev) {
		if (!quiet)
			fprintf(stderr, "%s: first snapshot: storing a baseline; rates start with the next one\n",
				progname());
	}
	if (s->have_prev)
		db_meta_get_blob(db, "procs", &blob);
	if (collect_system(s) < 0)
		goto fail;
	collect_pressure(s);
	collect_disks(s);
	collect_filesystems(s);
	collect_network(s);
	collect_cgroups(s);
	collect_processes(s, blob.buf, blob.len, &nblob);

	if (store_metrics(db, s, set, now) < 0 || store_counters(db, s) < 0 ||
	    db_meta_set(db, "boot", boot) < 0 || db_meta_set_blob(db, "procs", nblob.buf, nblob.len) < 0)
		goto fail;
	if (db_rollup(db, now) < 0)
		goto fail;
	if (db_retain(db, set->retain > 0 ? now - (int64_t)set->retain : 0,
		      set->retain_rollups > 0 ? now - (int64_t)set->retain_rollups : 0) < 0)
		goto fail;
	if (db_commit(db) < 0)
		goto fail_nocommit;
	free(boot);
	free(oldboot);
	strbuf_release(&blob);
	strbuf_release(&nblob);
	return 0;
fail:
	db_rollback(db);
fail_nocommit:
	free(boot);
	free(oldboot);
	strbuf_release(&blob);
	strbuf_release(&nblob);
	return -1;
}

/* --- import ------------------------------------------------------------------ */

/* A unit guessed from the naming scheme of headroom-series(5). */
static const char *unit_of(const char *name)
{
	static const struct { const char *suffix, *unit; } u[] = {
		{ "_bytes", "bytes" }, { ".bytes", "bytes" }, { "_bps", "bytes/s" },
		{ "_kills", "count" }, { SERIES_CPU_ONLINE_CPUS, "cores" }, { "_inodes", "inodes" },
		{ ".inodes_size", "inodes" }, { ".inodes_used", "inodes" }, { SERIES_LOAD_1M, "tasks" },
		{ SERIES_LOAD_5M, "tasks" }, { SERIES_LOAD_15M, "tasks" }, { "_pct", "percent" },
		{ ".util", "percent" }, { "_per_second", "1/s" }, { "_iops", "1/s" },
		{ "_pps", "1/s" }, { ".cores", "cores" }, { "_cores", "cores" },
		{ "_seconds", "seconds" },
	};
	size_t n = strlen(name), i;

	for (i = 0; i < sizeof(u) / sizeof(*u); i++) {
		size_t k = strlen(u[i].suffix);

		if (n >= k && !strcmp(name + n - k, u[i].suffix))
			return u[i].unit;
	}
	return "";
}

static int do_import(struct db *db, const char *path)
{
	struct series_reader r;
	struct series_point p;
	struct strbuf name = STRBUF_INIT, labels = STRBUF_INIT, last = STRBUF_INIT;
	struct progress prog;
	const char *why;
	int64_t id = -1, lo = INT64_MAX, hi = INT64_MIN;
	uint64_t n = 0;
	int rc;

	if (series_reader_open(&r, path) < 0)
		return error_errno("cannot open '%s'", path);
	if (db_begin(db) < 0) {
		series_reader_close(&r);
		return -1;
	}
	progress_start(&prog);
	while ((rc = series_reader_next(&r, &p)) > 0) {
		int64_t ts = (int64_t)llround(p.ts);

		if (!*p.series) {
			error("%s:%llu: no series name: give three columns or a '# series: NAME' line first",
			      r.display, (unsigned long long)r.lr.lineno);
			goto fail;
		}
		if (id < 0 || strcmp(last.buf, p.series)) {
			if (series_name_parse(p.series, &name, &labels, &why) < 0 ||
			    strpbrk(name.buf, "*?[")) {
				error("%s:%llu: bad series name '%s': %s", r.display,
				      (unsigned long long)r.lr.lineno, p.series,
				      strpbrk(name.buf, "*?[") ? "no glob characters in a name" : why);
				goto fail;
			}
			strbuf_reset(&last);
			strbuf_addstr(&last, p.series);
			id = db_series_id(db, name.buf, labels.buf, unit_of(name.buf), "gauge");
			if (id < 0)
				goto fail;
		}
		if (db_add_sample(db, id, ts, p.value) < 0)
			goto fail;
		if (ts < lo)
			lo = ts;
		if (ts > hi)
			hi = ts;
		if (!(++n & 0xffff))
			progress_update(&prog, false, "importing: %llu points", (unsigned long long)n);
	}
	progress_end(&prog);
	if (rc < 0) {
		error("%s", r.err.buf);
		goto fail;
	}
	/* Hours already rolled up that the import touched are summed again. */
	if (n && (db_rollup_redo(db, lo, hi) < 0 || db_rollup(db, db_now()) < 0))
		goto fail;
	if (db_commit(db) < 0)
		goto fail_nocommit;
	if (!quiet)
		fprintf(stderr, "%s: imported %llu points from '%s'\n", progname(),
			(unsigned long long)n, r.display);
	series_reader_close(&r);
	strbuf_release(&name);
	strbuf_release(&labels);
	strbuf_release(&last);
	return 0;
fail:
	db_rollback(db);
fail_nocommit:
	progress_end(&prog);
	series_reader_close(&r);
	strbuf_release(&name);
	strbuf_release(&labels);
	strbuf_release(&last);
	error("nothing was imported from '%s'", path);
	return -1;
}

/* --- main ---------------------------------------------------------------------- */

static double parse_dur_opt(const char *opt, const char *arg, bool zero_ok)
{
	double v;

	if (parse_duration(arg, &v) < 0 || (!zero_ok && v <= 0))
		usage_error("%s: expected a duration such as 30s, 15m, 35d, 3y, got '%s'", opt, arg);
	return v;
}

static long parse_count(const char *opt, const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 0 || v > 1000000000)
		usage_error("%s: expected a whole number, got '%s'", opt, arg);
	return v;
}

static char *default_host(const struct options *opt)
{
	char buf[256];
	char *p, *h;

	if (strcmp(opt->proc_root, "/proc")) {
		p = xasprintf("%s/sys/kernel/hostname", opt->proc_root);
		h = first_line(p);
		free(p);
		if (h && *h)
			return h;
		free(h);
	}
	if (gethostname(buf, sizeof(buf)) < 0)
		return xstrdup("localhost");
	buf[sizeof(buf) - 1] = '\0';
	return xstrdup(buf);
}

static void sleep_until(double t)
{
	for (;;) {
		double now = monotonic_seconds();
		struct timespec ts;

		if (stop || now >= t)
			return;
		ts.tv_sec = (time_t)(t - now);
		ts.tv_nsec = (long)((t - now - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
}

int main(int argc, char **argv)
{
	struct settings set = { .retain = 35 * 86400.0, .retain_rollups = 3 * 365 * 86400.0 };
	const char *db_path = NULL, *import = NULL;
	char *path, *host = NULL;
	double interval = 0;
	long count = -1;
	struct db db;
	struct snapshot s;
	int c, ret = 0;
	long taken = 0;

	cli_init(argv[0]);
	set.opt.proc_root = "/proc";
	set.opt.sys_root = "/sys";
	set.opt.top = 10;
	while ((c = getopt_long(argc, argv, "hi:n:qv", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return finish_stdout();
		case OPT_VERSION: print_version(); return finish_stdout();
		case OPT_DB: db_path = optarg; break;
		case 'i':
			interval = parse_dur_opt("--interval", optarg, false);
			/* Samples are stamped in whole seconds: one snapshot a second at most. */
			if (interval < 1)
				usage_error("--interval: at least 1s, got '%s'", optarg);
			break;
		case 'n': count = parse_count("--count", optarg); break;
		case OPT_TOP: set.opt.top = (int)parse_count("--top", optarg); break;
		case OPT_CGROUP:
			if (optarg[0] != '/')
				usage_error("--cgroup: expected a path glob starting with '/', got '%s'", optarg);
			set.opt.cgroups = xreallocarray(set.opt.cgroups, set.opt.ncgroups + 1,
							sizeof(*set.opt.cgroups));
			set.opt.cgroups[set.opt.ncgroups++] = optarg;
			break;
		case OPT_NO_CGROUPS: set.opt.no_cgroups = true; break;
		case OPT_PER_CPU: set.opt.per_cpu = true; break;
		case OPT_ALL_DISKS: set.opt.all_disks = true; break;
		case OPT_RESET_PEAKS: set.opt.reset_peaks = true; break;
		case OPT_RETAIN: set.retain = parse_dur_opt("--retain", optarg, true); break;
		case OPT_RETAIN_ROLLUPS:
			set.retain_rollups = parse_dur_opt("--retain-rollups", optarg, true);
			break;
		case OPT_HOST:
			if (!*optarg)
				usage_error("--host: expected a name");
			set.host = optarg;
			break;
		case OPT_PROC_ROOT: set.opt.proc_root = optarg; break;
		case OPT_SYS_ROOT: set.opt.sys_root = optarg; break;
		case OPT_IMPORT: import = optarg; break;
		case 'q': quiet = true; break;
		case 'v': verbose = true; break;
		default: usage_error(NULL);
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (count >= 0 && interval <= 0)
		usage_error("--count needs --interval");
	if (import && interval > 0)
		usage_error("--import takes no --interval");
	if (set.retain > 0 && set.retain_rollups > 0 && set.retain_rollups < set.retain)
		usage_error("--retain-rollups must be at least --retain");
	if (!set.host)
		set.host = host = default_host(&set.opt);

	path = db_path ? xstrdup(db_path) : db_default_path();
	if (db_open(&db, path, DB_CREATE) < 0) {
		free(path);
		free(host);
		free(set.opt.cgroups);
		return EXIT_TROUBLE;
	}
	if (import) {
		ret = do_import(&db, import) < 0 ? EXIT_TROUBLE : 0;
		goto out;
	}
	if (interval > 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	snap_init(&s, &set.opt);
	{
		double start = monotonic_seconds();

		do {
			if (take_snapshot(&db, &set, &s) < 0) {
				ret = EXIT_TROUBLE;
				break;
			}
			fflush(stdout);
			taken++;
			if (interval <= 0 || (count >= 0 && taken >= count))
				break;
			/* Keep to the schedule: the next snapshot at start + k * interval. */
			sleep_until(start + (double)taken * interval);
		} while (!stop);
	}
	snap_release(&s);
out:
	db_close(&db);
	free(path);
	free(host);
	free(set.opt.cgroups);
	if (ret)
		return ret;
	return finish_stdout();
}
