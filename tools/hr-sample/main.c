// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-sample: on-CPU stack sampling with perf_event_open. User stacks are
 * unwound from the kernel's stack copy with libunwind, symbolised with libdw,
 * and written as sorted folded stacks.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/options.h"
#include "headroom/pprof.h"
#include "headroom/progress.h"
#include "headroom/stackmap.h"
#include "headroom/units.h"
#include "history.h"
#include "offcpu.h"
#include "perf.h"
#include "sample.h"
#include "stacks.h"

static const struct hr_usage usage = {
	"hr-sample [OPTION]... -p PID[,PID...] | -t TID | -a | --cgroup PATH\n"
	"hr-sample [OPTION]... -- COMMAND [ARGS...]",
	"Samples on-CPU stacks and prints them as folded stacks. With -- COMMAND,\n"
	"runs COMMAND and samples it until it exits.",
	NULL,
};

struct sample_options {
	pid_t *pids;
	size_t npids, apids;
	pid_t tid;
	bool all_cpus;
	const char *cgroup;
	double freq, duration;
	const char *event;
	const char *out_path;
	uint64_t stack_size;
	struct stack_opts stack;	/* how samples are folded */
	bool user_only;			/* kernel samples are not allowed */
	bool quiet;
	const char *summary_json;	/* --summary-json FILE, or NULL */
	char **command;
	bool off_cpu, wall;		/* offcpu.c */
	double min_block, max_block;	/* seconds; < 0: no bound */
	int format;			/* FORMAT_AUTO (folded) or FORMAT_PPROF */
	uint64_t offcpu_stack_size;	/* --stack-size, else OFFCPU_STACK_SIZE */
	bool db;			/* --db[=FILE]: store the profile in the history */
	const char *db_path;		/* NULL: the default history */
	double window;			/* --window, seconds */
};

static const struct opt_choice formats[] = {
	{ "folded", FORMAT_AUTO }, { "pprof", FORMAT_PPROF }, { NULL, 0 }
};

/* -p PID[,PID...], repeatable. */
static int opt_pids(const struct hr_option *opt, const char *arg)
{
	struct sample_options *o = opt->value;
	const char *p = arg;

	while (*p) {
		char *end;
		long v;

		errno = 0;
		v = strtol(p, &end, 10);
		if (errno || end == p || v <= 0 || v > 0x7fffffff || (*end && *end != ','))
			return error("-p: not a process ID list: '%s'", arg);
		ALLOC_GROW(o->pids, o->npids + 1, o->apids);
		o->pids[o->npids++] = (pid_t)v;
		p = *end ? end + 1 : end;
	}
	return 0;
}

static int opt_tid(const struct hr_option *opt, const char *arg)
{
	double v;

	if (parse_number(arg, &v) || v <= 0 || v > 0x7fffffff || v != (int)v)
		return error("-t: not a thread ID: '%s'", arg);
	*(pid_t *)opt->value = (pid_t)v;
	return 0;
}

static int opt_frequency(const struct hr_option *opt, const char *arg)
{
	double *freq = opt->value;

	if (parse_number(arg, freq) || *freq < 1 || *freq > 100000)
		return error("-F: expected a frequency in Hz (1-100000), got '%s'", arg);
	return 0;
}

static int opt_duration(const struct hr_option *opt, const char *arg)
{
	double *secs = opt->value;

	if (parse_duration(arg, secs) || *secs <= 0)
		return error("-d: expected a duration such as 30s, got '%s'", arg);
	if (duration_range_error(*secs))
		return error("-d: '%s' is %s", arg, duration_range_error(*secs));
	return 0;
}

static int opt_event(const struct hr_option *opt, const char *arg)
{
	uint32_t type;
	uint64_t config;

	if (perf_event_by_name(arg, &type, &config))
		return error("-e: unknown event '%s'; known: %s", arg, perf_event_names());
	*(const char **)opt->value = arg;
	return 0;
}

static int opt_stack_size(const struct hr_option *opt, const char *arg)
{
	double v;

	if (parse_size(arg, &v) || v < 8 || v > 65528)
		return error("--stack-size: expected 8 to 65528 bytes, got '%s'", arg);
	/* the kernel wants a multiple of 8 */
	*(uint64_t *)opt->value = (uint64_t)v & ~7ull;
	return 0;
}

/* --min-block, --max-block: a blocked period's length. */
static int opt_block(const struct hr_option *opt, const char *arg)
{
	double *secs = opt->value;

	if (parse_duration(arg, secs) || *secs <= 0)
		return error("--%s: expected a duration such as 10us or 5ms, got '%s'",
			     opt->long_name, arg);
	return 0;
}

static int opt_db(const struct hr_option *opt, const char *arg)
{
	struct sample_options *o = opt->value;

	if (arg && !*arg)
		return error("--db=: expected a file name");
	o->db = true;
	o->db_path = arg;
	return 0;
}

static int opt_window(const struct hr_option *opt, const char *arg)
{
	double *secs = opt->value;

	if (parse_duration(arg, secs) || *secs < 1 || *secs > 86400 || *secs != (int64_t)*secs)
		return error("--window: expected whole seconds from 1s to 1d (1m, 10m), got '%s'", arg);
	return 0;
}

static const struct opt_choice call_graphs[] = {
	{ "dwarf", 0 }, { "fp", 1 }, { NULL, 0 }
};

static void check_offcpu_options(const struct sample_options *o)
{
	bool off = o->off_cpu || o->wall;

	if (!off && (o->min_block >= 0 || o->max_block >= 0))
		usage_error("--min-block and --max-block apply to --off-cpu and --wall");
	if (o->min_block >= 0 && o->max_block >= 0 && o->min_block > o->max_block)
		usage_error("--min-block is longer than --max-block");
	if (o->wall && strcmp(o->event, "cpu-clock") && strcmp(o->event, "task-clock"))
		usage_error("--wall weighs samples by time: -e must be cpu-clock or task-clock");
	if (o->off_cpu && !o->wall && strcmp(o->event, "cpu-clock"))
		usage_error("--off-cpu takes no -e: it samples context switches (--wall "
			    "samples -e EVENT on the CPU)");
}

static void parse_options(int argc, char **argv, struct sample_options *o)
{
	const struct hr_option options[] = {
		OPT_GROUP("Targets:"),
		OPT_CALLBACK('p', "process", o, "PID[,PID...]", "every thread of these processes, "
			     "and the threads and children they create while sampled", opt_pids),
		OPT_CALLBACK('t', "thread", &o->tid, "TID", "one thread", opt_tid),
		OPT_BOOL('a', "all-cpus", &o->all_cpus, "the whole system"),
		OPT_DIRNAME(0, "cgroup", &o->cgroup, "PATH",
			    "every task in this cgroup (perf_event controller)"),
		OPT_GROUP("Sampling:"),
		OPT_CALLBACK('F', "frequency", &o->freq, "HZ",
			     "samples a second per thread (default 99)", opt_frequency),
		OPT_CALLBACK('d', "duration", &o->duration, "DURATION", "stop after this long "
			     "(500ms, 30s, 5m); default: until the target exits or Ctrl-C",
			     opt_duration),
		OPT_CALLBACK('e', "event", &o->event, "NAME", "cpu-clock (default), task-clock, "
			     "page-faults, context-switches, cycles, instructions, ...", opt_event),
		OPT_CHOICE(0, "call-graph", &o->stack.fp, "MODE", call_graphs, "dwarf (default: unwind "
			   "the stack copy) or fp (the kernel's frame-pointer chains)"),
		OPT_CALLBACK(0, "stack-size", &o->stack_size, "BYTES",
			     "user stack copied per sample (default 65528, max; 16384 at "
			     "switch-outs)", opt_stack_size),
		OPT_BOOL(0, "off-cpu", &o->off_cpu, "time threads spend switched out (blocked or "
			 "waiting for a CPU), in microseconds, by their stack at the switch"),
		OPT_BOOL(0, "wall", &o->wall, "on-CPU samples and off-CPU time in one profile, in "
			 "microseconds; waiting stacks end in " OFFCPU_FRAME),
		OPT_CALLBACK(0, "min-block", &o->min_block, "DURATION",
			     "off-CPU: count only periods at least this long", opt_block),
		OPT_CALLBACK(0, "max-block", &o->max_block, "DURATION",
			     "off-CPU: count only periods at most this long", opt_block),
		OPT_BOOL(0, "kernel", &o->stack.kernel, "show kernel frames (default)"),
		OPT_NEGBOOL(0, "no-kernel", &o->stack.kernel, "do not show kernel frames"),
		OPT_GROUP("Output:"),
		OPT_FILENAME('o', "output", &o->out_path, "FILE", "write the folded stacks to FILE"),
		OPT_CHOICE('f', "format", &o->format, "FORMAT", formats,
			   "folded (the default) or pprof (gzipped profile.proto)"),
		OPT_BOOL(0, "pid", &o->stack.suffix_pid, "root frame NAME-PID"),
		OPT_BOOL(0, "tid", &o->stack.suffix_tid, "root frame NAME-PID/TID"),
		OPT_BOOL(0, "inline", &o->stack.inline_frames, "add inlined functions from DWARF (NAME_[i])"),
		OPT_BOOL(0, "annotate", &o->stack.annotate, "mark kernel frames NAME_[k]"),
		OPT_BOOL(0, "addrs", &o->stack.addrs, "unresolved frames as [module+0xOFFSET]"),
		OPT_NEGBOOL(0, "no-python", &o->stack.python,
			    "keep CPython's evaluation-loop frames, not the Python frames they ran"),
		OPT_BOOL(0, "python-only", &o->stack.python_only,
			 "only the Python frames of samples that have some"),
		OPT_BOOL(0, "no-lineno", &o->stack.no_lineno, "Python frames without line numbers"),
		OPT_BOOL('q', "quiet", &o->quiet, "no summary on standard error"),
		OPT_FILENAME(0, "summary-json", &o->summary_json, "FILE",
			     "also write the summary to FILE as JSON"),
		OPT_GROUP("History:"),
		OPT_CALLBACK_F(0, "db", o, "FILE", "store the profile in the history database "
			       "FILE (default: $HEADROOM_DB, else hr-record's), one per --window; "
			       "no standard output without -o", OPTF_OPTARG | OPTF_FILE, opt_db),
		OPT_CALLBACK(0, "window", &o->window, "DURATION",
			     "with --db: one stored profile per DURATION of the clock (default 1m)",
			     opt_window),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first, ntargets;

	*o = (struct sample_options){ .freq = 99, .event = "cpu-clock", .stack_size = 0,
				      .stack.kernel = true, .stack.python = true, .tid = -1,
				      .min_block = -1, .max_block = -1 };
	first = options_parse(argc, argv, options, &usage, PARSE_STOP_AT_OPERAND);
	check_offcpu_options(o);
	o->offcpu_stack_size = o->stack_size ? o->stack_size : OFFCPU_STACK_SIZE;
	if (!o->stack_size)
		o->stack_size = 65528;
	if (first < argc)
		o->command = argv + first;
	if (o->command && o->db && !o->db_path && !strcmp(argv[first - 1], "--db"))
		usage_error("'%s' follows --db: give the database as --db=FILE", o->command[0]);
	if (o->window > 0 && !o->db)
		usage_error("--window goes with --db");
	if (!o->window)
		o->window = 60;
	/* "--pid 1234": --pid shapes frames, so 1234 would be run as a command. */
	if (o->command && strcmp(argv[first - 1], "--") &&
	    strspn(o->command[0], "0123456789") == strlen(o->command[0]))
		usage_error("'%s' is not a command%s; did you mean -p %s?", o->command[0],
			    o->stack.suffix_pid ? " (--pid only adds the PID to frames)" : "",
			    o->command[0]);
	ntargets = (o->npids > 0) + (o->tid > 0) + o->all_cpus + (o->cgroup != NULL) +
		   (o->command != NULL);
	if (ntargets == 0)
		usage_error("nothing to sample: give -p PID, -t TID, -a, --cgroup PATH or a command");
	if (ntargets > 1)
		usage_error("give one target: -p, -t, -a, --cgroup or a command");
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* ---- setup ---- */

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (int)n : 1;
}

/* Whether the process pid runs as another user than we do. */
static bool other_user(pid_t pid)
{
	char path[32];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	return pid > 0 && stat(path, &st) == 0 && st.st_uid != getuid();
}

/*
 * Dies with what the refusal to sample pid (0: no one process) asks for:
 * another user's process needs CAP_SYS_PTRACE whatever perf_event_paranoid says.
 */
static noreturn void open_failed(const struct sample_options *o, pid_t pid, const char *what,
				 int err)
{
	int paranoid = perf_paranoid(), enough = pid > 0 ? 1 : 0;

	if ((err == EACCES || err == EPERM) && other_user(pid))
		die("permission denied sampling %s, which runs as another user: run as root "
		    "or with CAP_SYS_PTRACE", what);
	/* A process may be sampled at paranoid 1, every CPU (-a, --cgroup) at 0. */
	if (err == EACCES || err == EPERM)
		die("permission denied opening perf events for %s "
		    "(kernel.perf_event_paranoid is %d): run as root or with CAP_PERFMON, "
		    "or lower it with 'sysctl kernel.perf_event_paranoid=%d'",
		    what, paranoid, paranoid > enough ? enough : -1);
	if (err == ESRCH)
		die("no such process: %s", what);
	if (err == ENOENT || err == EOPNOTSUPP || err == ENODEV)
		die("the event '%s' is not supported on this machine (hardware counters are "
		    "usually missing in virtual machines); the default cpu-clock works everywhere",
		    o->event);
	if (err == EMFILE || err == ENFILE)
		die("too many open files sampling %s: raise 'ulimit -n'", what);
	errno = err;
	die_errno("cannot open perf events for %s", what);
}

static bool process_alive(pid_t pid)
{
	char path[64], buf[512];
	FILE *f;
	bool alive = false;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	/* A zombie has stopped running: for us it has exited. */
	if (fgets(buf, sizeof(buf), f)) {
		char *rp = strrchr(buf, ')');

		alive = rp && rp[1] == ' ' && rp[2] != 'Z' && rp[2] != 'X';
	}
	fclose(f);
	return alive;
}

static pid_t tgid_of(pid_t tid)
{
	char path[64], line[256];
	FILE *f;
	pid_t tgid = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

/* Opens the event on every thread of pid not yet opened; returns how many. */
static size_t open_threads(struct perf_set *set, const struct sample_options *o, pid_t pid,
			   pid_t **done, size_t *ndone, size_t *adone)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	size_t added = 0, i;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		pid_t tid = (pid_t)atoi(e->d_name);
		int err_cpu = 0;
		char what[64];

		if (tid <= 0)
			continue;
		for (i = 0; i < *ndone && (*done)[i] != tid; i++)
			;
		if (i < *ndone)
			continue;
		if (perf_set_add(set, tid, 0, &err_cpu) < 0) {
			if (errno == ESRCH)
				continue;	/* the thread has just exited */
			snprintf(what, sizeof(what), "process %d", (int)pid);
			closedir(d);
			open_failed(o, pid, what, errno);
		}
		ALLOC_GROW(*done, *ndone + 1, *adone);
		(*done)[(*ndone)++] = tid;
		added++;
	}
	closedir(d);
	return added;
}

static void load_all_processes(struct world *w)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);

		if (pid > 0)
			world_load_process(w, pid);
	}
	if (d)
		closedir(d);
}

static void load_cgroup_processes(struct world *w, const char *dir)
{
	char *path = xasprintf("%s/cgroup.procs", dir);
	FILE *f = fopen(path, "r");
	int pid;

	while (f && fscanf(f, "%d", &pid) == 1)
		world_load_process(w, pid);
	if (f)
		fclose(f);
	free(path);
}

/* One descriptor per thread and CPU: a busy server needs many. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The event as the options ask for it, with the records that follow the processes. */
static void event_attr(const struct sample_options *o, struct perf_event_attr *attr)
{
	uint32_t type;
	uint64_t config;

	perf_event_by_name(o->event, &type, &config);
	*attr = (struct perf_event_attr){
		.size = sizeof(*attr), .type = type, .config = config,
		.freq = 1, .sample_freq = (uint64_t)o->freq,
		.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME,
		/* what tells the processes' mappings, names and lives */
		.mmap = 1, .mmap2 = 1, .comm = 1, .comm_exec = 1, .task = 1, .sample_id_all = 1,
		.disabled = 1, .exclude_hv = 1, .watermark = 1,
	};
	if (o->stack.fp || o->stack.kernel)
		attr->sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (!o->stack.fp) {
		attr->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		attr->sample_regs_user = PERF_REGS_MASK;
		attr->sample_stack_user = (uint32_t)o->stack_size;
		attr->exclude_callchain_user = 1;
	}
	if (!o->stack.kernel)
		attr->exclude_callchain_kernel = 1;
	/*
	 * Python frames are read from the process when the sample is handled:
	 * the sooner, the likelier they are still the sample's. Wake up for
	 * each sample of one process tree rather than for a full eighth of a
	 * ring.
	 */
	if (o->stack.python && !o->all_cpus && !o->cgroup) {
		attr->watermark = 0;
		attr->wakeup_events = 1;
	}
	/* Sample times on the clock the reading of Python frames is timed with. */
	attr->use_clockid = 1;
	attr->clockid = CLOCK_MONOTONIC;
	attr->exclude_kernel = o->user_only;
	if (o->command) {
		attr->inherit = 1;
		attr->enable_on_exec = 1;
	} else if (o->npids) {
		attr->inherit = 1;
	}
}

/* What is sampled, and what sampling it holds open. */
struct session {
	struct sample_options *o;
	struct sampler *s;
	struct perf_set set;
	pid_t child;			/* -- COMMAND until it is reaped, else -1 */
	int child_status;
	int go_pipe[2], err_pipe[2];
	int cgroup_fd;
	pid_t *opened;			/* -p: the threads with events open */
	size_t nopened, aopened;
	/* --off-cpu: set is the switch event's; --wall: oset is, after set */
	struct offcpu *oc;
	struct perf_set oset;
	uint64_t stop_ns;		/* CLOCK_MONOTONIC when sampling stopped */
	struct history *hist;		/* --db, else NULL */
};

/*
 * 16 MiB a CPU holds a quarter second of 64 KiB stack copies from two
 * threads at 999 Hz; smaller when the locked-memory limit says so.
 */
static void session_init(struct session *ss, struct sample_options *o, struct sampler *s,
			 struct perf_event_attr *attr)
{
	size_t pages = o->stack.fp ? 256 : 4096;

	*ss = (struct session){ .o = o, .s = s, .child = -1, .cgroup_fd = -1,
				.go_pipe = { -1, -1 }, .err_pipe = { -1, -1 } };
	perf_set_init(&ss->set, attr, online_cpus(), pages);
}

/*
 * The pages of an off-CPU ring (a CPU's): 1 MiB, some sixty switch-outs
 * with 16 KiB stacks. The kernel writes each switch-out into the ring in
 * the switching thread: in a ring of 16 MiB those writes missed the caches
 * and slowed a ping-pong at 10,000 switches a second by 7 % of its wall
 * time, in one of 1 MiB by 1-4 % (tests/bench/bench-offcpu.sh).
 */
#define OFFCPU_RING_PAGES 256

/* The off-CPU event: alone with --off-cpu, beside the on-CPU one with --wall. */
static void session_offcpu(struct session *ss, struct offcpu *oc, struct perf_event_attr *attr)
{
	const struct sample_options *o = ss->o;
	struct perf_event_attr oattr;

	if (!o->off_cpu && !o->wall)
		return;
	offcpu_init(oc, ss->s, o->wall, !o->wall);
	oc->min_ns = o->min_block >= 0 ? (uint64_t)(o->min_block * 1e9 + 0.5) : 0;
	oc->max_ns = o->max_block >= 0 ? (uint64_t)(o->max_block * 1e9 + 0.5) : UINT64_MAX;
	ss->oc = oc;
	/* Read now, not at the first switch: every switch-out has kernel
	 * frames, and the rings fill while /proc/kallsyms is read. */
	if (o->stack.kernel && !ss->s->ksyms)
		ss->s->ksyms = ksyms_load("/proc/kallsyms");
	offcpu_attr(attr, !o->wall, &oattr);
	if (!o->stack.fp)
		oattr.sample_stack_user = (uint32_t)o->offcpu_stack_size;
	if (!o->wall) {
		perf_set_release(&ss->set);
		perf_set_init(&ss->set, &oattr, online_cpus(), OFFCPU_RING_PAGES);
		return;
	}
	/* on-CPU samples count the microseconds they stand for */
	ss->s->weight = 1e6 / o->freq;
	perf_set_init(&ss->oset, &oattr, online_cpus(), OFFCPU_RING_PAGES);
	ss->set.next = &ss->oset;
}

static void session_drain(struct session *ss)
{
	if (ss->oc && !ss->oc->wall) {
		perf_set_drain(&ss->set, offcpu_handle_record, ss->oc);
	} else {
		perf_set_drain(&ss->set, sampler_handle_record, ss->s);
		if (ss->oc)
			perf_set_drain(&ss->oset, offcpu_handle_record, ss->oc);
	}
	if (ss->oc)
		offcpu_flush(ss->oc);
}

/* Says when the rings are smaller than asked for, since samples may be lost. */
static void warn_small_rings(const struct session *ss)
{
	const struct perf_set *set = &ss->set;
	size_t kib = (size_t)sysconf(_SC_PAGESIZE) / 1024;

	if (ss->o->quiet || set->ring_pages >= set->want_pages)
		return;
	warning("ring buffers of %zu KiB a CPU, not %zu KiB, within the locked-memory limit "
		"(ulimit -l, kernel.perf_event_mlock_kb): busy threads may lose samples "
		"(CAP_IPC_LOCK lifts the limit)", set->ring_pages * kib, set->want_pages * kib);
}

static bool profile_on_stdout(const struct sample_options *o)
{
	return !o->out_path || !strcmp(o->out_path, "-");
}

/*
 * Forks the command and opens the events on it before it runs: the child
 * waits for go_pipe until the events are open; err_pipe closes on a
 * successful exec (O_CLOEXEC) or brings back errno.
 */
static void open_command(struct session *ss)
{
	char **command = ss->o->command;
	int err_cpu = 0;
	pid_t parent = getpid();

	if (pipe2(ss->go_pipe, O_CLOEXEC) || pipe2(ss->err_pipe, O_CLOEXEC))
		die_errno("pipe");
	ss->child = fork();
	if (ss->child < 0)
		die_errno("fork");
	if (ss->child == 0) {
		char b;
		int e;

		/* The command ends with the sampler, even one killed by SIGKILL,
		 * as it does on SIGINT and SIGTERM. A parent that died before
		 * the prctl() left us to another: then give up at once. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
			_exit(127);
		close(ss->go_pipe[1]);
		close(ss->err_pipe[0]);
		signal(SIGPIPE, SIG_DFL);
		/* The profile owns standard output: the command's output
		 * goes to standard error, not into the folded stacks. */
		if (profile_on_stdout(ss->o) && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(127);
		if (read(ss->go_pipe[0], &b, 1) != 1)
			_exit(127);
		execvp(command[0], command);
		e = errno;
		if (write(ss->err_pipe[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(ss->go_pipe[0]);
	close(ss->err_pipe[1]);
	if (perf_set_add(&ss->set, ss->child, 0, &err_cpu) < 0) {
		int e = errno;

		kill(ss->child, SIGKILL);
		waitpid(ss->child, NULL, 0);
		open_failed(ss->o, ss->child, command[0], e);
	}
	ALLOC_GROW(ss->o->pids, 1, ss->o->apids);
	ss->o->pids[ss->o->npids++] = ss->child;
	world_load_process(ss->s->world, ss->child);
}

/* -p: every thread of each process. */
static void open_processes(struct session *ss)
{
	const struct sample_options *o = ss->o;
	size_t i;

	for (i = 0; i < o->npids; i++) {
		char what[32];

		snprintf(what, sizeof(what), "%d", (int)o->pids[i]);
		if (!process_alive(o->pids[i]))
			die("no such process: %s", what);
		world_load_process(ss->s->world, o->pids[i]);
		if (!open_threads(&ss->set, o, o->pids[i], &ss->opened, &ss->nopened, &ss->aopened))
			die("no such process: %s", what);
		/* Threads started while we opened the first ones. */
		open_threads(&ss->set, o, o->pids[i], &ss->opened, &ss->nopened, &ss->aopened);
	}
}

/* -t: one thread; its process counts as the target. */
static void open_thread(struct session *ss)
{
	pid_t pid = tgid_of(ss->o->tid);
	char what[32];
	int err_cpu = 0;

	snprintf(what, sizeof(what), "%d", (int)ss->o->tid);
	if (pid <= 0)
		die("no such thread: %s", what);
	world_load_process(ss->s->world, pid);
	if (perf_set_add(&ss->set, ss->o->tid, 0, &err_cpu) < 0)
		open_failed(ss->o, ss->o->tid, what, errno == ESRCH ? ESRCH : errno);
	ALLOC_GROW(ss->o->pids, 1, ss->o->apids);
	ss->o->pids[ss->o->npids++] = pid;
}

/* --cgroup PATH: a directory, or a name under the v1 perf_event hierarchy. */
static void open_cgroup(struct session *ss)
{
	const char *cgroup = ss->o->cgroup;
	char *path = xstrdup(cgroup);
	struct stat st;
	int err_cpu = 0;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		free(path);
		path = xasprintf("/sys/fs/cgroup/perf_event/%s", cgroup);
		if (stat(path, &st) || !S_ISDIR(st.st_mode))
			die("no such cgroup: '%s'", cgroup);
	}
	ss->cgroup_fd = open(path, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
	if (ss->cgroup_fd < 0)
		die_errno("cannot open cgroup '%s'", path);
	if (perf_set_add(&ss->set, ss->cgroup_fd, PERF_FLAG_PID_CGROUP, &err_cpu) < 0) {
		if (errno == EBADF || errno == EINVAL)
			die("cannot sample cgroup '%s': it is not in a perf_event cgroup "
			    "hierarchy (mount one with 'mount -t cgroup -o perf_event none "
			    "/sys/fs/cgroup/perf_event', or use cgroup v2)", path);
		open_failed(ss->o, 0, path, errno);
	}
	load_cgroup_processes(ss->s->world, path);
	free(path);
}

static void open_target(struct session *ss)
{
	int err_cpu = 0;

	if (ss->o->command) {
		open_command(ss);
	} else if (ss->o->npids) {
		open_processes(ss);
	} else if (ss->o->tid > 0) {
		open_thread(ss);
	} else if (ss->o->all_cpus) {
		if (perf_set_add(&ss->set, -1, 0, &err_cpu) < 0)
			open_failed(ss->o, 0, "the whole system", errno);
		load_all_processes(ss->s->world);
	} else {
		open_cgroup(ss);
	}
}

/* Lets the command exec, now that its events are open; dies when it cannot run. */
static void start_command(struct session *ss)
{
	const char *name = ss->o->command[0];
	int e;

	if (write(ss->go_pipe[1], "x", 1) != 1)
		die_errno("cannot start '%s'", name);
	close(ss->go_pipe[1]);
	if (read(ss->err_pipe[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		waitpid(ss->child, NULL, 0);
		errno = e;
		die_errno("cannot run '%s'", name);
	}
	close(ss->err_pipe[0]);
}

/* Whether the target has ended: the command reaped, or every process gone. */
static bool target_ended(struct session *ss)
{
	const struct sample_options *o = ss->o;
	size_t i, alive = 0;

	if (ss->child > 0) {
		if (waitpid(ss->child, &ss->child_status, WNOHANG) != ss->child)
			return false;
		ss->child = -1;
		return true;
	}
	if (!o->npids)
		return false;
	for (i = 0; i < o->npids; i++)
		alive += o->tid > 0 ? process_alive(o->tid) : process_alive(o->pids[i]);
	return !alive;
}

static void show_progress(struct progress *prog, const struct session *ss, double elapsed)
{
	double d = ss->o->duration;

	if (d > 0)
		progress_update(prog, false, "sampling: %.1fs of %.1fs, %.1fs left, %" PRIu64
				" samples", elapsed, d, d - elapsed, ss->s->samples);
	else
		progress_update(prog, false, "sampling: %.1fs, %" PRIu64 " samples (Ctrl-C "
				"to stop)", elapsed, ss->s->samples);
}

/*
 * How long the sampling loop may wait for a ring's wake-up: 100 ms, or 2 ms
 * where switch-outs (which wake no one, offcpu.c) have Python frames to be
 * read before their threads run on.
 */
static int poll_ms(const struct session *ss)
{
	const struct sampler *s = ss->s;

	return ss->oc && s->py && (s->py_stacks || s->py_missing) ? 2 : 100;
}

/*
 * Reads the rings until the duration is over, a signal comes or the
 * target ends; returns when sampling started.
 */
static double sample_until_done(struct session *ss)
{
	struct perf_set *set = &ss->set;
	struct progress prog;
	double start;

	progress_start(&prog);
	start = monotonic_seconds();
	for (;;) {
		struct pollfd pfd[256];
		int i, np = 0;
		double now;

		for (const struct perf_set *ps = set; ps; ps = ps->next)
			for (i = 0; i < ps->ncpus && np < 256; i++)
				if (ps->rings[i].fd >= 0) {
					pfd[np].fd = ps->rings[i].fd;
					pfd[np].events = POLLIN;
					np++;
				}
		if (ss->s->py)
			sampler_wait_on_cpu(ss->s);
		poll(pfd, (nfds_t)np, poll_ms(ss));
		session_drain(ss);
		if (ss->hist && history_window_over(ss->hist)) {
			sampler_name_frames_now(ss->s);
			history_flush(ss->hist, &ss->s->stacks);
		}
		now = monotonic_seconds();
		if (stop_signal || (ss->o->duration > 0 && now - start >= ss->o->duration) ||
		    target_ended(ss))
			break;
		show_progress(&prog, ss, now - start);
	}
	ss->stop_ns = (uint64_t)(monotonic_seconds() * 1e9);
	perf_set_enable(set, false);
	session_drain(ss);
	progress_end(&prog);
	if (ss->child > 0) {
		/* Sampling ended first (-d or a signal): the command ends with it. */
		kill(ss->child, SIGTERM);
		waitpid(ss->child, &ss->child_status, 0);
	}
	return start;
}

static void session_release(struct session *ss)
{
	perf_set_release(&ss->set);
	perf_set_release(&ss->oset);
	if (ss->cgroup_fd >= 0)
		close(ss->cgroup_fd);
	free(ss->opened);
}

/*
 * Folded stacks or pprof; off-CPU time in whole microseconds, which the
 * header names. Returns 0, or -1 with errno set (folded) or after error().
 */
static int write_profile(const struct session *ss, FILE *out, double start)
{
	const struct sample_options *o = ss->o;
	struct pprof_profile_info info = { "samples", "count", o->event, o->freq, 0, 0,
					   pprof_frame_mapping, &ss->s->modules };
	double now = monotonic_seconds();
	struct stackmap us;
	struct timespec ts;
	int rc;

	stackmap_init(&us);
	if (ss->oc)
		offcpu_round(&ss->s->stacks, &us);
	if (o->format == FORMAT_PPROF) {
		if (ss->oc) {
			info.type = o->wall ? "wall" : "off-cpu";
			info.unit = "microseconds";
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		info.duration_ns = (int64_t)((double)ss->stop_ns - start * 1e9);
		info.start_ns = (int64_t)((double)ts.tv_sec * 1e9 + (double)ts.tv_nsec -
					  (now - start) * 1e9);
		rc = pprof_write_stackmap(ss->oc ? &us : &ss->s->stacks, &info, out,
					  o->out_path ? o->out_path : "standard output");
	} else if (ss->oc) {
		folded_write_header(out, "us");
		rc = stackmap_write(&us, out, 1);
	} else {
		rc = stackmap_write(&ss->s->stacks, out, 1);
	}
	stackmap_release(&us);
	return rc;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Without CAP_PERFMON (or CAP_SYS_ADMIN), perf_event_paranoid 2 allows only
 * samples taken in user space: take those, without kernel frames, rather
 * than fail, and say that time in the kernel goes unseen.
 */
static void check_kernel_allowed(struct sample_options *o)
{
	if (perf_paranoid() <= 1 || perf_capable())
		return;
	if (o->off_cpu || o->wall)
		die("--%s needs kernel.perf_event_paranoid 1 or less (it is %d), or CAP_PERFMON: "
		    "context switches happen in the kernel", o->wall ? "wall" : "off-cpu",
		    perf_paranoid());
	o->user_only = true;
	o->stack.kernel = false;
	warning("kernel.perf_event_paranoid is %d: sampling user space only, time in the "
		"kernel is not seen (run as root or with CAP_PERFMON for kernel frames)",
		perf_paranoid());
}

static void write_summary_json(struct sampler *s, double secs, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = open_output(path);

	sampler_summary_json(s, secs, &sb);
	strbuf_write(&sb, f);
	close_output(f, path);
	strbuf_release(&sb);
}

int main(int argc, char **argv)
{
	struct sample_options o;
	struct sampler s;
	struct perf_event_attr attr;
	struct session ss;
	struct offcpu oc;
	struct history hist;
	double start, secs;
	FILE *out;

	cli_init(argv[0]);
	parse_options(argc, argv, &o);
	/* A bad -o fails now, not after the whole sampling; the command and
	 * its children do not inherit the file. With --db, no -o: no output. */
	out = o.db && !o.out_path ? NULL : open_output(o.out_path);
	if (out && out != stdout)
		fcntl(fileno(out), F_SETFD, FD_CLOEXEC);
	if (out && o.format == FORMAT_PPROF && isatty(fileno(out)))
		die("pprof's format is binary: write it to a file (-o FILE) or a pipe");
	/* A database that cannot be written fails now too. */
	if (o.db) {
		history_open(&hist, o.db_path, (int64_t)o.window,
			     o.off_cpu || o.wall ? "us" : "samples");
		o.stack.cgroup_key = true;
	}
	/* each user frame's binary, for pprof's mappings, here or from the history */
	o.stack.modules = o.format == FORMAT_PPROF || o.db;
	raise_fd_limit();
	check_kernel_allowed(&o);
	event_attr(&o, &attr);
	sampler_init(&s, &o.stack, attr.sample_type);
	hist.modules = &s.modules;
	session_init(&ss, &o, &s, &attr);
	session_offcpu(&ss, &oc, &attr);
	ss.hist = o.db ? &hist : NULL;
	open_target(&ss);
	warn_small_rings(&ss);
	catch_signals();

	perf_set_enable(&ss.set, true);
	if (ss.child > 0)
		start_command(&ss);
	start = sample_until_done(&ss);
	if (ss.oc)
		offcpu_finish(ss.oc, ss.stop_ns);
	sampler_finish_symbols(&s);
	if (ss.hist) {
		/* The last window; then the whole profile, for -o, without cgroups. */
		history_flush(&hist, &s.stacks);
		stackmap_release(&s.stacks);
		s.stacks = hist.whole;
		stackmap_init(&hist.whole);
	}

	if (out && write_profile(&ss, out, start)) {
		if (o.format == FORMAT_PPROF)
			exit(2);	/* error() has said why */
		die_errno("cannot write '%s'", o.out_path ? o.out_path : "standard output");
	}
	if (out)
		close_output(out, o.out_path);
	secs = monotonic_seconds() - start;
	if (!o.quiet) {
		sampler_print_summary(&s, secs);
		if (ss.oc)
			offcpu_print_summary(ss.oc);
	}
	if (o.summary_json)
		write_summary_json(&s, secs, o.summary_json);
	if (ss.oc)
		offcpu_release(ss.oc);

	session_release(&ss);
	sampler_release(&s);
	free(o.pids);
	if (o.db) {
		history_close(&hist);
		if (hist.failed)
			die("%lu of %lu profile windows could not be stored", hist.failed,
			    hist.failed + hist.windows);
	}
	return finish_stdout();
}
