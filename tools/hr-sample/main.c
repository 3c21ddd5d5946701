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
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/options.h"
#include "headroom/progress.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"
#include "perf.h"
#include "sample.h"

static const struct hr_usage usage = {
	"hr-sample [OPTION]... -p PID[,PID...] | -t TID | -a | --cgroup PATH\n"
	"hr-sample [OPTION]... -- COMMAND [ARGS...]",
	"Samples on-CPU stacks and prints them as folded stacks. With -- COMMAND,\n"
	"runs COMMAND and samples it until it exits.",
	NULL,
};

#define MAX_FRAMES 1024
#define PERF_REGS_MASK 0xff01ffull	/* AX..IP and R8..R15 */

struct sample_options {
	pid_t *pids;
	size_t npids, apids;
	pid_t tid;
	bool all_cpus;
	const char *cgroup;
	double freq, duration;
	const char *event;
	const char *out_path;
	int fp;			/* --call-graph fp */
	uint64_t stack_size;
	bool kernel;
	bool suffix_pid, suffix_tid, inline_frames, annotate, addrs, quiet;
	char **command;
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

static const struct opt_choice call_graphs[] = {
	{ "dwarf", 0 }, { "fp", 1 }, { NULL, 0 }
};

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
		OPT_CHOICE(0, "call-graph", &o->fp, "MODE", call_graphs, "dwarf (default: unwind "
			   "the stack copy) or fp (the kernel's frame-pointer chains)"),
		OPT_CALLBACK(0, "stack-size", &o->stack_size, "BYTES",
			     "user stack copied per sample (default 65528, max)", opt_stack_size),
		OPT_BOOL(0, "kernel", &o->kernel, "show kernel frames (default)"),
		OPT_NEGBOOL(0, "no-kernel", &o->kernel, "do not show kernel frames"),
		OPT_GROUP("Output:"),
		OPT_FILENAME('o', "output", &o->out_path, "FILE", "write the folded stacks to FILE"),
		OPT_BOOL(0, "pid", &o->suffix_pid, "root frame NAME-PID"),
		OPT_BOOL(0, "tid", &o->suffix_tid, "root frame NAME-PID/TID"),
		OPT_BOOL(0, "inline", &o->inline_frames, "add inlined functions from DWARF (NAME_[i])"),
		OPT_BOOL(0, "annotate", &o->annotate, "mark kernel frames NAME_[k]"),
		OPT_BOOL(0, "addrs", &o->addrs, "unresolved frames as [module+0xOFFSET]"),
		OPT_BOOL('q', "quiet", &o->quiet, "no summary on standard error"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first, ntargets;

	*o = (struct sample_options){ .freq = 99, .event = "cpu-clock", .stack_size = 65528,
				      .kernel = true, .tid = -1 };
	first = options_parse(argc, argv, options, &usage, PARSE_STOP_AT_OPERAND);
	if (first < argc)
		o->command = argv + first;
	ntargets = (o->npids > 0) + (o->tid > 0) + o->all_cpus + (o->cgroup != NULL) +
		   (o->command != NULL);
	if (ntargets == 0)
		usage_error("nothing to sample: give -p PID, -t TID, -a, --cgroup PATH or a command");
	if (ntargets > 1)
		usage_error("give one target: -p, -t, -a, --cgroup or a command");
}

struct sampler {
	struct sample_options *opt;
	struct world *world;
	struct symcache *syms;
	struct ksyms *ksyms;
	struct stackmap stacks;
	struct strbuf line;
	uint64_t samples, lost, kernel_only;
	uint64_t unwind[UNWIND__COUNT];
	unsigned long kernel_missing;
	uint64_t ips[MAX_FRAMES];
	const char **frames;		/* user frames, innermost first */
	size_t nframes, aframes;
	uint64_t sample_type;
};

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/* ---- turning addresses into frame names ---- */

static void push_frame(struct sampler *s, const char *name)
{
	ALLOC_GROW(s->frames, s->nframes + 1, s->aframes);
	s->frames[s->nframes++] = name;
}

/* Frame names live in this interning map until exit. */
static struct stackmap names;

static const char *intern(const char *str, size_t len)
{
	return stackmap_add(&names, str, len, 0, 0)->key;
}

static const char *internf(const char *fmt, ...) HR_FORMAT(1, 2);
static const char *internf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	return intern(buf, (size_t)n);
}

/*
 * Names the user frame at ip: the ELF symbol (and inlined functions), a JIT
 * symbol, or [module]. A return address is looked up at ip - 1, inside the
 * call instruction, as perf does, so that a call at the very end of a
 * function is not credited to the next one.
 */
/*
 * A frame in a known binary that its symbols do not cover: "[libc.so.6]", or
 * "[libc.so.6+0xOFFSET]" with --addrs. Pseudo-files such as the vDSO are
 * already named in brackets ("[vdso]") and keep their one pair: a kernel may
 * place vDSO code outside its exported symbols' ranges.
 */
static void push_unnamed_frame(struct sampler *s, const char *name, uint64_t off)
{
	size_t len = strlen(name);

	if (len >= 2 && name[0] == '[' && name[len - 1] == ']') {
		name++;
		len -= 2;
	}
	push_frame(s, s->opt->addrs ? internf("[%.*s+0x%" PRIx64 "]", (int)len, name, off) :
		   internf("[%.*s]", (int)len, name));
}

static void name_user_frame(struct sampler *s, struct process *p, uint64_t ip, bool is_return)
{
	uint64_t addr = is_return ? ip - 1 : ip;
	struct mapping *m = process_find_map(p, addr);
	struct symframe fr[16];
	uint64_t elf_addr;
	int n, i;

	if (m && m->bin) {
		struct binary *b = m->bin;

		b->frames++;
		if (binary_load(s->world, b) && b->sym && mapping_elf_addr(m, addr, &elf_addr)) {
			unsigned flags = SYM_DEMANGLE | (s->opt->inline_frames ? SYM_INLINE : 0);

			n = symfile_lookup(b->sym, elf_addr, fr, 16, flags);
			if (n > 0 && fr[n - 1].name) {
				for (i = 0; i < n; i++)
					push_frame(s, fr[i].inlined ? internf("%s_[i]", fr[i].name) :
						   fr[i].name);
				return;
			}
		} else if (!mapping_elf_addr(m, addr, &elf_addr)) {
			elf_addr = addr - m->start + m->pgoff;
		}
		b->missing++;
		push_unnamed_frame(s, b->name, elf_addr);
		return;
	}
	if (!m || !m->name || m->name[0] != '[' || !strncmp(m->name, "[anon", 5)) {
		const char *jit = process_jit_symbol(s->world, p, addr);

		if (jit) {
			push_frame(s, internf("%s_[j]", jit));
			return;
		}
	}
	if (m && m->name) {
		const char *mn = m->name[0] == '[' ? m->name : "[anon]";

		push_frame(s, s->opt->addrs ? internf("%.*s+0x%" PRIx64 "]", (int)strlen(mn) - 1, mn,
						      addr - m->start) : mn);
		return;
	}
	push_frame(s, s->opt->addrs ? internf("[unknown+0x%" PRIx64 "]", addr) : "[unknown]");
}

static void name_kernel_frame(struct sampler *s, uint64_t ip, bool is_return)
{
	uint64_t off;
	const char *name;

	/* Read on first use: /proc/kallsyms takes a noticeable time to generate. */
	if (!s->ksyms)
		s->ksyms = ksyms_load("/proc/kallsyms");
	name = ksyms_lookup(s->ksyms, is_return ? ip - 1 : ip, &off);

	if (!name) {
		s->kernel_missing++;
		push_frame(s, s->opt->addrs ? internf("[kernel.kallsyms+0x%" PRIx64 "]", ip) :
			   "[kernel.kallsyms]");
		return;
	}
	push_frame(s, s->opt->annotate ? internf("%s_[k]", name) : name);
}

/* ---- records ---- */

struct sample_fields {
	uint64_t ip;
	uint32_t pid, tid;
	uint64_t nr;
	const uint64_t *chain;
	struct user_sample user;
};

static bool parse_sample(const struct perf_event_header *h, uint64_t type,
			 struct sample_fields *f)
{
	const unsigned char *p = (const unsigned char *)(h + 1);
	const unsigned char *end = (const unsigned char *)h + h->size;
	uint64_t v;

	memset(f, 0, sizeof(*f));
#define NEED(n) do { if ((size_t)(end - p) < (size_t)(n)) return false; } while (0)
	if (type & PERF_SAMPLE_IP) {
		NEED(8);
		memcpy(&f->ip, p, 8);
		p += 8;
	}
	if (type & PERF_SAMPLE_TID) {
		NEED(8);
		memcpy(&f->pid, p, 4);
		memcpy(&f->tid, p + 4, 4);
		p += 8;
	}
	if (type & PERF_SAMPLE_TIME) {
		NEED(8);
		p += 8;
	}
	if (type & PERF_SAMPLE_CALLCHAIN) {
		NEED(8);
		memcpy(&f->nr, p, 8);
		p += 8;
		if (f->nr > (uint64_t)(end - p) / 8)
			return false;
		f->chain = (const uint64_t *)(const void *)p;
		p += f->nr * 8;
	}
	if (type & PERF_SAMPLE_REGS_USER) {
		NEED(8);
		memcpy(&v, p, 8);	/* abi: 0 = no user registers (kernel thread) */
		p += 8;
		if (v) {
			int i, k = 0;

			f->user.regs_mask = PERF_REGS_MASK;
			for (i = 0; i < 32; i++) {
				if (!(PERF_REGS_MASK & (1ull << i)))
					continue;
				NEED(8);
				memcpy(&f->user.regs[i], p, 8);
				p += 8;
				k++;
			}
			f->user.has_regs = true;
		}
	}
	if (type & PERF_SAMPLE_STACK_USER) {
		uint64_t size, dyn;

		NEED(8);
		memcpy(&size, p, 8);
		p += 8;
		if (size) {
			NEED(size + 8);
			f->user.stack = p;
			memcpy(&dyn, p + size, 8);
			f->user.stack_size = dyn < size ? dyn : size;
		}
	}
#undef NEED
	return true;
}

/* The process of a sample; a process first met in a sample (system-wide) is read now. */
static struct process *sample_process(struct sampler *s, pid_t pid)
{
	struct process *p;

	if (!pid)
		return NULL;
	p = world_process(s->world, pid, false);
	if (!p) {
		world_load_process(s->world, pid);
		p = world_process(s->world, pid, true);
	}
	return p;
}

/*
 * The callchain: context markers (PERF_CONTEXT_KERNEL, _USER) followed by
 * addresses, innermost first; the first address of each context is where
 * the thread was, the others are return addresses. Puts the kernel's in
 * kips and, with --call-graph fp, the user's in s->ips; returns how many of
 * the latter.
 */
static size_t split_callchain(struct sampler *s, const struct sample_fields *f, uint64_t *kips,
			      size_t *nk)
{
	uint64_t ctx = 0;
	size_t i, nu = 0;

	*nk = 0;
	for (i = 0; i < f->nr; i++) {
		uint64_t ip = f->chain[i];

		if (ip >= (uint64_t)PERF_CONTEXT_MAX) {
			ctx = ip;
			continue;
		}
		if (ctx == (uint64_t)PERF_CONTEXT_KERNEL && *nk < MAX_FRAMES)
			kips[(*nk)++] = ip;
		else if (ctx == (uint64_t)PERF_CONTEXT_USER && s->opt->fp && nu < MAX_FRAMES)
			s->ips[nu++] = ip;
	}
	return nu;
}

/* Unwinds the user stack (unless --call-graph fp gave it) and counts how it ended. */
static size_t user_stack(struct sampler *s, struct process *p, const struct sample_fields *f,
			 size_t nu)
{
	enum unwind_result why;

	if (s->opt->fp) {
		if (nu)
			s->unwind[UNWIND_COMPLETE]++;
		else
			s->kernel_only++;
		return nu;
	}
	if (!p)
		return nu;
	nu = unwind_user(s->world, p, &f->user, s->ips, MAX_FRAMES, &why);
	if (why == UNWIND_NO_REGS)
		s->kernel_only++;
	else
		s->unwind[why]++;
	return nu;
}

/* The folded line: the root, user frames outermost first, then the kernel's on top. */
static void fold_line(struct sampler *s, const struct thread *t, const struct sample_fields *f,
		      size_t nuser_frames)
{
	size_t i;

	strbuf_reset(&s->line);
	strbuf_addstr(&s->line, f->tid == 0 ? "swapper" : t->comm);
	if (s->opt->suffix_tid)
		strbuf_addf(&s->line, "-%u/%u", f->pid, f->tid);
	else if (s->opt->suffix_pid)
		strbuf_addf(&s->line, "-%u", f->pid);
	for (i = nuser_frames; i > 0; i--) {
		strbuf_addch(&s->line, ';');
		strbuf_addstr(&s->line, s->frames[i - 1]);
	}
	for (i = s->nframes; i > nuser_frames; i--) {
		strbuf_addch(&s->line, ';');
		strbuf_addstr(&s->line, s->frames[i - 1]);
	}
}

static void handle_sample(struct sampler *s, const struct perf_event_header *h)
{
	struct sample_fields f;
	struct process *p;
	struct thread *t;
	uint64_t kips[MAX_FRAMES];
	size_t i, nk, nu, nuser_frames;

	if (!parse_sample(h, s->sample_type, &f))
		return;
	s->samples++;
	p = sample_process(s, (pid_t)f.pid);
	t = world_thread(s->world, (pid_t)f.pid, (pid_t)f.tid);
	nu = split_callchain(s, &f, kips, &nk);
	s->nframes = 0;
	nu = user_stack(s, p, &f, nu);
	for (i = 0; i < nu && p; i++)
		name_user_frame(s, p, s->ips[i], i > 0);
	nuser_frames = s->nframes;
	if (s->opt->kernel)
		for (i = 0; i < nk; i++)
			name_kernel_frame(s, kips[i], i > 0);
	fold_line(s, t, &f, nuser_frames);
	stackmap_add(&s->stacks, s->line.buf, s->line.len, 1, 0);
}

/*
 * The file name that follows the fixed part (fixed bytes) of an MMAP or
 * MMAP2 record's body; false when the record has none.
 */
static bool mmap_filename(const unsigned char *body, size_t len, size_t fixed, char *name,
			  size_t size)
{
	size_t n;

	if (len < fixed + 1)
		return false;
	n = len - fixed < size - 1 ? len - fixed : size - 1;
	memcpy(name, body + fixed, n);
	name[n] = '\0';
	return true;
}

static void handle_mmap2(struct sampler *s, const struct perf_event_header *h,
			 const unsigned char *body, size_t len)
{
	struct { uint32_t pid, tid; uint64_t addr, len, pgoff; uint32_t maj, min;
		 uint64_t ino, ino_gen; uint32_t prot, flags; } r;
	char name[4096];

	if (!mmap_filename(body, len, sizeof(r), name, sizeof(name)))
		return;
	memcpy(&r, body, sizeof(r));
	if (h->misc & PERF_RECORD_MISC_MMAP_BUILD_ID)
		r.maj = r.min = 0, r.ino = 0;
	world_mmap2(s->world, (pid_t)r.pid, r.addr, r.len, r.pgoff, r.maj, r.min, r.ino, r.prot,
		    name);
}

static void handle_mmap(struct sampler *s, const unsigned char *body, size_t len)
{
	struct { uint32_t pid, tid; uint64_t addr, len, pgoff; } r;
	char name[4096];

	if (!mmap_filename(body, len, sizeof(r), name, sizeof(name)))
		return;
	memcpy(&r, body, sizeof(r));
	world_mmap(s->world, (pid_t)r.pid, r.addr, r.len, r.pgoff, 0, name);
}

static void handle_comm(struct sampler *s, const struct perf_event_header *h,
			const unsigned char *body, size_t len)
{
	uint32_t pid, tid;
	char comm[17];
	size_t n;

	if (len < 9)
		return;
	memcpy(&pid, body, 4);
	memcpy(&tid, body + 4, 4);
	n = len - 8 < 16 ? len - 8 : 16;
	memcpy(comm, body + 8, n);
	comm[n] = '\0';
	world_comm(s->world, (pid_t)pid, (pid_t)tid, comm, h->misc & PERF_RECORD_MISC_COMM_EXEC);
}

/* FORK and EXIT: pid, ppid, tid, ptid. */
static void handle_task(struct sampler *s, const struct perf_event_header *h,
			const unsigned char *body, size_t len)
{
	uint32_t r[4];

	if (len < sizeof(r))
		return;
	memcpy(r, body, sizeof(r));
	if (h->type == PERF_RECORD_FORK)
		world_fork(s->world, (pid_t)r[0], (pid_t)r[1], (pid_t)r[2], (pid_t)r[3]);
	else
		world_exit(s->world, (pid_t)r[0], (pid_t)r[2]);
}

/* LOST (id, lost) and LOST_SAMPLES (lost): what the kernel could not write. */
static void handle_lost(struct sampler *s, const struct perf_event_header *h,
			const unsigned char *body, size_t len)
{
	size_t at = h->type == PERF_RECORD_LOST ? 8 : 0;
	uint64_t lost;

	if (len >= at + sizeof(lost)) {
		memcpy(&lost, body + at, sizeof(lost));
		s->lost += lost;
	}
}

static void handle_record(const struct perf_event_header *h, void *data)
{
	struct sampler *s = data;
	const unsigned char *body = (const unsigned char *)(h + 1);
	size_t len = h->size - sizeof(*h);

	switch (h->type) {
	case PERF_RECORD_SAMPLE:
		handle_sample(s, h);
		break;
	case PERF_RECORD_MMAP2:
		handle_mmap2(s, h, body, len);
		break;
	case PERF_RECORD_MMAP:
		handle_mmap(s, body, len);
		break;
	case PERF_RECORD_COMM:
		handle_comm(s, h, body, len);
		break;
	case PERF_RECORD_FORK:
	case PERF_RECORD_EXIT:
		handle_task(s, h, body, len);
		break;
	case PERF_RECORD_LOST:
	case PERF_RECORD_LOST_SAMPLES:
		handle_lost(s, h, body, len);
		break;
	default:
		break;
	}
}

/* ---- setup ---- */

static int online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);

	return n > 0 ? (int)n : 1;
}

static noreturn void open_failed(const struct sample_options *o, const char *what, int err)
{
	int paranoid = perf_paranoid();

	if (err == EACCES || err == EPERM)
		die("permission denied opening perf events for %s "
		    "(kernel.perf_event_paranoid is %d): run as root or with CAP_PERFMON, "
		    "or lower it with 'sysctl kernel.perf_event_paranoid=%d'",
		    what, paranoid, paranoid > 1 ? 1 : -1);
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
			open_failed(o, what, errno);
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

static void count_binary(struct binary *b, void *data)
{
	if (b->frames)
		++*(size_t *)data;
}

static void missing_line(struct binary *b, void *data)
{
	struct strbuf *sb = data;

	if (b->missing)
		strbuf_addf(sb, "  %s: %lu of %lu frames\n", b->path, b->missing, b->frames);
}

static void print_summary(struct sampler *s, double secs)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t user = 0, failed = 0;
	size_t nbins = 0;
	int i;

	/* The binaries that appear in stacks, not every one mapped. */
	world_for_each_binary(s->world, count_binary, &nbins);
	for (i = 0; i < UNWIND__COUNT; i++)
		user += s->unwind[i];
	failed = user - s->unwind[UNWIND_COMPLETE];
	strbuf_addf(&sb, "hr-sample: %" PRIu64 " samples in %.1fs, %" PRIu64 " lost; "
		    "%zu threads, %zu binaries, %zu distinct stacks\n",
		    s->samples, secs, s->lost, world_nthreads(s->world), nbins,
		    stackmap_size(&s->stacks));
	if (!s->opt->fp)
		strbuf_addf(&sb, "hr-sample: user stacks: %" PRIu64 " complete, %" PRIu64
			    " incomplete, %" PRIu64 " without user registers (kernel threads)\n",
			    s->unwind[UNWIND_COMPLETE], failed, s->kernel_only);
	for (i = 1; i < UNWIND__COUNT; i++)
		if (s->unwind[i])
			strbuf_addf(&sb, "  unwinding stopped: %s: %" PRIu64 "\n",
				    unwind_result_names[i], s->unwind[i]);
	{
		struct strbuf miss = STRBUF_INIT;

		world_for_each_binary(s->world, missing_line, &miss);
		if (s->kernel_missing)
			strbuf_addf(&miss, "  [kernel.kallsyms]: %lu frames\n", s->kernel_missing);
		if (miss.len) {
			strbuf_addstr(&sb, "hr-sample: frames without a symbol:\n");
			strbuf_add(&sb, miss.buf, miss.len);
		}
		strbuf_release(&miss);
	}
	fputs(sb.buf, stderr);
	strbuf_release(&sb);
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
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = type;
	attr->config = config;
	attr->freq = 1;
	attr->sample_freq = (uint64_t)o->freq;
	attr->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	if (o->fp || o->kernel)
		attr->sample_type |= PERF_SAMPLE_CALLCHAIN;
	if (!o->fp) {
		attr->sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
		attr->sample_regs_user = PERF_REGS_MASK;
		attr->sample_stack_user = (uint32_t)o->stack_size;
		attr->exclude_callchain_user = 1;
	}
	if (!o->kernel)
		attr->exclude_callchain_kernel = 1;
	attr->mmap = 1;
	attr->mmap2 = 1;
	attr->comm = 1;
	attr->comm_exec = 1;
	attr->task = 1;
	attr->sample_id_all = 1;
	attr->disabled = 1;
	attr->exclude_hv = 1;
	attr->watermark = 1;
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
};

/*
 * 16 MiB a CPU holds a quarter second of 64 KiB stack copies from two
 * threads at 999 Hz; smaller when the locked-memory limit says so.
 */
static void session_init(struct session *ss, struct sampler *s, struct perf_event_attr *attr)
{
	size_t pages = s->opt->fp ? 256 : 4096;

	*ss = (struct session){ .o = s->opt, .s = s, .child = -1, .cgroup_fd = -1,
				.go_pipe = { -1, -1 }, .err_pipe = { -1, -1 } };
	attr->wakeup_watermark = (uint32_t)(pages * 4096 / 8);
	perf_set_init(&ss->set, attr, online_cpus(), pages);
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

	if (pipe2(ss->go_pipe, O_CLOEXEC) || pipe2(ss->err_pipe, O_CLOEXEC))
		die_errno("pipe");
	ss->child = fork();
	if (ss->child < 0)
		die_errno("fork");
	if (ss->child == 0) {
		char b;
		int e;

		close(ss->go_pipe[1]);
		close(ss->err_pipe[0]);
		signal(SIGPIPE, SIG_DFL);
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
		open_failed(ss->o, command[0], e);
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
		open_failed(ss->o, what, errno == ESRCH ? ESRCH : errno);
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
		open_failed(ss->o, path, errno);
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
			open_failed(ss->o, "the whole system", errno);
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

		for (i = 0; i < set->ncpus && np < 256; i++)
			if (set->rings[i].fd >= 0) {
				pfd[np].fd = set->rings[i].fd;
				pfd[np].events = POLLIN;
				np++;
			}
		poll(pfd, (nfds_t)np, 100);
		perf_set_drain(set, handle_record, ss->s);
		now = monotonic_seconds();
		if (stop_signal || (ss->o->duration > 0 && now - start >= ss->o->duration) ||
		    target_ended(ss))
			break;
		show_progress(&prog, ss, now - start);
	}
	perf_set_enable(set, false);
	perf_set_drain(set, handle_record, ss->s);
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
	if (ss->cgroup_fd >= 0)
		close(ss->cgroup_fd);
	free(ss->opened);
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int main(int argc, char **argv)
{
	struct sample_options o;
	struct sampler s = { 0 };
	struct perf_event_attr attr;
	struct session ss;
	double start;
	FILE *out;

	cli_init(argv[0]);
	parse_options(argc, argv, &o);
	s.opt = &o;
	raise_fd_limit();
	event_attr(&o, &attr);
	s.sample_type = attr.sample_type;
	s.syms = symcache_new();
	s.world = world_new(s.syms, 0);
	stackmap_init(&s.stacks);
	stackmap_init(&names);
	session_init(&ss, &s, &attr);
	open_target(&ss);
	catch_signals();
	strbuf_init(&s.line, 256);

	perf_set_enable(&ss.set, true);
	if (ss.child > 0)
		start_command(&ss);
	start = sample_until_done(&ss);

	out = open_output(o.out_path);
	if (stackmap_write(&s.stacks, out, 1))
		die_errno("cannot write '%s'", o.out_path ? o.out_path : "standard output");
	close_output(out, o.out_path);
	if (!o.quiet)
		print_summary(&s, monotonic_seconds() - start);

	session_release(&ss);
	world_free(s.world);
	symcache_free(s.syms);
	ksyms_free(s.ksyms);
	stackmap_release(&s.stacks);
	stackmap_release(&names);
	strbuf_release(&s.line);
	free(s.frames);
	free(o.pids);
	return finish_stdout();
}
