// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-record: takes snapshots of system, disk, network, pressure, cgroup and
 * process usage into the SQLite history, or imports series TSV into it.
 */
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/db.h"
#include "headroom/error.h"
#include "headroom/http.h"
#include "headroom/options.h"
#include "headroom/progress.h"
#include "headroom/units.h"
#include "record.h"

static const struct hr_usage usage = {
	"hr-record [OPTION]...\n"
	"hr-record --import FILE|- [--db FILE]",
	"Take a snapshot of this host's resource usage into the SQLite history,\n"
	"and push what a remote-write endpoint lacks of it with --remote-write.",
	"Exit status: 0 when the snapshots (or the import) were written, also when a\n"
	"push failed (a warning gives the backlog, which the next run pushes); 2 on\n"
	"any error.\n"
	"Example (a crontab line, one snapshot a minute):\n"
	"  * * * * *  hr-record -q --db /var/lib/headroom/history.db",
};

/* Samples are stamped in whole seconds: one snapshot a second at most. */
static int interval_arg(const struct hr_option *opt, const char *arg)
{
	double *v = opt->value;

	if (parse_duration(arg, v) < 0 || *v < 1)
		return error("--interval: expected a duration of at least 1s (10s, 1m), got '%s'", arg);
	if (duration_range_error(*v))
		return error("--interval: '%s' is %s", arg, duration_range_error(*v));
	return 0;
}

static void check_remote_options(struct record_options *o)
{
	const char *why;
	bool any = o->push_every > 0 || o->push_batch != 10000 || o->push_budget != 20 ||
		o->remote.http.bearer_token_file || o->remote.http.basic_auth_file ||
		o->remote.http.ca_file || o->remote.http.cert_file || o->remote.http.key_file;

	if (!o->remote.url) {
		if (any)
			usage_error("the remote-write options need --remote-write URL");
		return;
	}
	if (http_url_check(o->remote.url, &why) < 0)
		usage_error("--remote-write: %s, got '%s'", why, o->remote.url);
	if (o->import)
		usage_error("--import takes no --remote-write (backfill with hr-query --remote-write)");
	if (o->push_batch < 1 || o->push_batch > 100000)
		usage_error("--remote-write-batch: expected 1 to 100000 samples, got %lu", o->push_batch);
	if (o->push_budget <= 0)
		usage_error("--remote-write-timeout: expected a duration above 0");
	o->remote.batch = o->push_batch;
	/* A recorder that runs on writes each push's mark with its next snapshot. */
	o->remote.mark_later = o->interval > 0;
}

static void parse_options(int argc, char **argv, struct record_options *o)
{
	const struct hr_option options[] = {
		OPT_DB(&o->db_path),
		OPT_CALLBACK('i', "interval", &o->interval, "DURATION",
			     "take a snapshot every DURATION (10s, 1m) instead of once", interval_arg),
		OPT_ULONG('n', "count", &o->count, "N",
			  "with --interval, stop after N snapshots (default: until stopped)"),
		OPT_ULONG(0, "top", &o->collect.top, "N",
			  "record the top N processes by CPU and by memory (default 10, 0: none)"),
		OPT_STRING_LIST(0, "cgroup", &o->cgroups, "GLOB",
				"record the cgroups whose path matches GLOB (repeatable; default: "
				"systemd services, slices and container scopes to depth 3)"),
		OPT_BOOL(0, "no-cgroups", &o->collect.no_cgroups, "record no cgroups"),
		OPT_BOOL(0, "per-cpu", &o->collect.per_cpu, "also record the utilisation of each CPU"),
		OPT_BOOL(0, "all-disks", &o->collect.all_disks,
			 "also record loop, ram, zram, floppy and optical devices"),
		OPT_BOOL(0, "reset-peaks", &o->collect.reset_peaks,
			 "reset cgroup v1 memory peaks after reading them (exact per-interval "
			 "peaks; changes the cgroups' max_usage_in_bytes)"),
		OPT_DURATION(0, "retain", &o->retain, "DURATION",
			     "keep raw samples this long (default 35d; 0: forever)"),
		OPT_DURATION(0, "retain-rollups", &o->retain_rollups, "DURATION",
			     "keep hourly roll-ups this long (default 3y; 0: forever)"),
		OPT_STRING(0, "host", &o->host, "NAME",
			   "the host label of recorded series (default: the host name)"),
		OPT_DIRNAME(0, "proc-root", &o->collect.proc_root, "DIR",
			    "read /proc from DIR (default /proc)"),
		OPT_DIRNAME(0, "sys-root", &o->collect.sys_root, "DIR",
			    "read /sys from DIR (default /sys)"),
		OPT_FILENAME(0, "import", &o->import, "FILE",
			     "load series TSV from FILE ('-': standard input), idempotently"),
		OPT_GROUP("Remote write:"),
		OPT_STRING(0, "remote-write", &o->remote.url, "URL",
			   "after each snapshot, push what the remote-write endpoint URL lacks "
			   "(Prometheus and VictoriaMetrics: http://HOST:PORT/api/v1/write)"),
		OPT_DURATION(0, "remote-write-timeout", &o->push_budget, "DURATION",
			     "time one push may take (default 20s; with --interval, at most "
			     "until the next snapshot)"),
		OPT_DURATION(0, "remote-write-every", &o->push_every, "DURATION",
			     "push only when the last push is DURATION old (default: every run)"),
		OPT_ULONG(0, "remote-write-batch", &o->push_batch, "N",
			  "samples per request (default 10000)"),
		OPT_HTTP(&o->remote.http),
		OPT_GROUP("Other:"),
		OPT_BOOL('q', "quiet", &o->quiet, "no message about baselines and reboots"),
		OPT_BOOL('v', "verbose", &o->verbose,
			 "print each snapshot as series TSV on standard output"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;
	size_t i;

	*o = (struct record_options){
		.collect = { .proc_root = "/proc", .sys_root = "/sys", .top = 10 },
		.count = ULONG_MAX, .retain = 35 * 86400.0, .retain_rollups = 3 * 365 * 86400.0,
		.push_budget = 20, .push_batch = 10000,
	};
	first = options_parse(argc, argv, options, &usage, 0);
	if (first < argc)
		usage_error("unexpected argument '%s'", argv[first]);
	for (i = 0; i < o->cgroups.n; i++)
		if (o->cgroups.v[i][0] != '/')
			usage_error("--cgroup: expected a path glob starting with '/', got '%s'",
				    o->cgroups.v[i]);
	o->collect.cgroups = o->cgroups.v;
	o->collect.ncgroups = o->cgroups.n;
	if (o->host && !*o->host)
		usage_error("--host: expected a name");
	if (o->count != ULONG_MAX && o->interval <= 0)
		usage_error("--count needs --interval");
	if (o->count == 0)
		usage_error("--count: expected at least 1 snapshot (without --interval, one is taken)");
	check_remote_options(o);
	if (o->import && o->interval > 0)
		usage_error("--import takes no --interval");
	if (o->retain > 0 && o->retain_rollups > 0 && o->retain_rollups < o->retain)
		usage_error("--retain-rollups must be at least --retain");
	if (!o->host)
		o->host = o->host_alloc = watched_host_name(&o->collect);
}

/* A long --interval run on a terminal says how far it is. */
static void show_progress(struct progress *p, const struct record_options *o, unsigned long taken,
			  int64_t ts)
{
	char when[64], every[32];

	format_timestamp_iso(when, sizeof(when), (double)ts);
	format_duration(every, sizeof(every), o->interval);
	if (o->count != ULONG_MAX)
		progress_update(p, true, "%lu of %lu snapshots, one every %s; the last at %s", taken,
				o->count, every, when);
	else
		progress_update(p, true, "%lu snapshots, one every %s; the last at %s (Ctrl-C stops)",
				taken, every, when);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
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

/* The time a push after a snapshot may take: with --interval, it must not
 * delay the next snapshot. */
static double push_budget(const struct record_options *o, double next)
{
	double left;

	if (o->interval <= 0)
		return o->push_budget;
	left = next - monotonic_seconds() - 0.2;
	return fmax(0.1, fmin(o->push_budget, left));
}

/* One snapshot, or one every --interval until --count or a signal. */
static int record(struct db *db, const struct record_options *o)
{
	struct pusher_state ps = { NULL };
	struct snapshot s;
	struct progress prog;
	double start = monotonic_seconds();
	unsigned long taken = 0;
	int ret = 0;

	if (o->interval > 0) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	snap_init(&s, &o->collect);
	progress_start(&prog);
	do {
		double next = start + (double)(taken + 1) * o->interval;

		/* A warning of the snapshot starts a line of its own, not after the progress. */
		progress_end(&prog);
		if (take_snapshot(db, o, &s, &ps) < 0 || push_snapshot(db, o, &ps, s.ts, push_budget(o, next)) < 0) {
			ret = -1;
			break;
		}
		fflush(stdout);
		taken++;
		if (o->interval <= 0 || (o->count != ULONG_MAX && taken >= o->count))
			break;
		show_progress(&prog, o, taken, s.ts);
		/* Keep to the schedule: the next snapshot at start + k * interval. */
		sleep_until(next);
	} while (!stop);
	progress_end(&prog);
	push_release(&ps);
	snap_release(&s);
	return ret;
}

int main(int argc, char **argv)
{
	struct record_options o;
	struct db db;
	int ret = EXIT_TROUBLE;

	cli_init(argv[0]);
	parse_options(argc, argv, &o);
	if (db_open(&db, o.db_path, DB_CREATE) == 0) {
		if (o.import)
			ret = import_series(&db, o.import, o.quiet) < 0 ? EXIT_TROUBLE : 0;
		else
			ret = record(&db, &o) < 0 ? EXIT_TROUBLE : 0;
		db_close(&db);
	}
	free(o.host_alloc);
	hr_strlist_release(&o.cgroups);
	return ret ? ret : finish_stdout();
}
