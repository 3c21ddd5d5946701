// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-sample's perf records into folded stacks: the side-band records keep
 * the processes up to date, each sample's user stack is unwound and its
 * frames named (ELF and JIT symbols, the kernel's), and its line counted.
 */
#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "headroom/alloc.h"
#include "headroom/debuginfod.h"
#include "headroom/error.h"
#include "headroom/modules.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "stacks.h"

/* Frame names live in this interning map until sampler_release(). */
static struct stackmap names;

/*
 * A frame waiting for its binary's debug file: "\001dbg:ID:ADDR" (the
 * binary's id, the ELF address), in names with the count of frames it stands
 * for, replaced by sampler_finish_symbols().
 */
#define DEFER_MARK "\001dbg:"

/* HEADROOM_DEBUGINFOD_WAIT: seconds, 2 unless set. */
static double fetch_wait(void)
{
	const char *v = getenv("HEADROOM_DEBUGINFOD_WAIT");
	char *end;
	double d;

	if (!v || !*v)
		return 2;
	errno = 0;
	d = strtod(v, &end);
	if (errno || *end || d < 0 || d > 3600)
		die("HEADROOM_DEBUGINFOD_WAIT: expected seconds from 0 to 3600, got '%s'", v);
	return d;
}

void sampler_init(struct sampler *s, const struct stack_opts *opt, uint64_t sample_type)
{
	memset(s, 0, sizeof(*s));
	s->opt = *opt;
	s->sample_type = sample_type;
	s->weight = 1;
	s->syms = symcache_new();
	/* Before anything else: the fetcher forks. */
	s->fetch_wait = fetch_wait();
	s->fetch = dbgfetch_start();
	if (s->fetch)
		symcache_set_fetcher(s->syms, s->fetch);
	s->world = world_new(s->syms, 0);
	stackmap_init(&s->stacks);
	frame_modules_init(&s->modules);
	stackmap_init(&names);
	strbuf_init(&s->line, 256);
	if (opt->python) {
		s->py = py_reader_new(s->world);
		s->py_cpu = s->py_pinned = -1;
		s->pyframes = xcalloc(MAX_PY_FRAMES, sizeof(*s->pyframes));
		s->readframes = xcalloc(MAX_PY_FRAMES, sizeof(*s->readframes));
		s->words = xcalloc(32 + 65536 / 8, sizeof(*s->words));
		s->saved = xcalloc(MAX_FRAMES, sizeof(*s->saved));
		s->levels = xcalloc(MAX_PY_FRAMES, sizeof(*s->levels));
	}
}

void sampler_release(struct sampler *s)
{
	world_free(s->world);
	symcache_free(s->syms);
	dbgfetch_free(s->fetch);
	ksyms_free(s->ksyms);
	stackmap_release(&s->stacks);
	frame_modules_release(&s->modules);
	stackmap_release(&names);
	strbuf_release(&s->line);
	py_reader_free(s->py);
	FREE_ALL(s->frames, s->pyframes, s->readframes, s->merged, s->words, s->saved,
		 s->levels, s->py_cpus);
}

/* ---- turning addresses into frame names ---- */

static void push_frame(struct sampler *s, const char *name)
{
	ALLOC_GROW(s->frames, s->nframes + 1, s->aframes);
	s->frames[s->nframes++] = name;
}

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
 * A frame in a known binary that its symbols do not cover: "[libc.so.6]", or
 * "[libc.so.6+0xOFFSET]" with --addrs. Pseudo-files such as the vDSO are
 * already named in brackets ("[vdso]") and keep their one pair: a kernel may
 * place vDSO code outside its exported symbols' ranges.
 */
static const char *unnamed_frame(const struct sampler *s, const char *name, uint64_t off)
{
	size_t len = strlen(name);

	if (len >= 2 && name[0] == '[' && name[len - 1] == ']') {
		name++;
		len -= 2;
	}
	return s->opt.addrs ? internf("[%.*s+0x%" PRIx64 "]", (int)len, name, off) :
		internf("[%.*s]", (int)len, name);
}

/* With opt.modules: that the frame name came from binary b. */
static void note_module(struct sampler *s, const char *name, struct binary *b)
{
	size_t len = strlen(name);

	if (!frame_modules_has(&s->modules, name, len))
		frame_modules_note(&s->modules, name, len, b->path,
				   b->sym ? symfile_build_id(b->sym) : NULL);
}

static void push_module_frame(struct sampler *s, const char *name, struct binary *b)
{
	push_frame(s, name);
	if (s->opt.modules)
		note_module(s, name, b);
}

/*
 * A frame that no symbol names yet in a binary whose debug file is on its
 * way: a placeholder, named by sampler_finish_symbols(). What .dynsym names
 * is taken at once (it is a real symbol, and the interpreter's are what the
 * Python frames are merged by).
 */
static void defer_frame(struct sampler *s, struct binary *b, uint64_t elf_addr)
{
	char buf[64];
	int n;

	n = snprintf(buf, sizeof(buf), DEFER_MARK "%" PRIu64 ":%" PRIx64, b->id, elf_addr);
	push_frame(s, stackmap_add(&names, buf, (size_t)n, 1, 0)->key);
	s->ndeferred++;
}

/*
 * Names the user frame at ip: the ELF symbol (and inlined functions), a JIT
 * symbol, or [module]. A return address is looked up at ip - 1, inside the
 * call instruction, as perf does, so that a call at the very end of a
 * function is not credited to the next one.
 */
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
			unsigned flags = SYM_DEMANGLE | (s->opt.inline_frames ? SYM_INLINE : 0);
			/* Before the lookup: a debug file that has come is used by it. */
			bool pending = s->fetch && symfile_fetch_pending(b->sym);

			n = symfile_lookup(b->sym, elf_addr, fr, 16, flags);
			if ((n <= 0 || !fr[n - 1].name) && pending) {
				defer_frame(s, b, elf_addr);
				return;
			}
			if (n > 0 && fr[n - 1].name) {
				for (i = 0; i < n; i++)
					push_module_frame(s, fr[i].inlined ?
							  internf("%s_[i]", fr[i].name) : fr[i].name, b);
				return;
			}
		} else if (!mapping_elf_addr(m, addr, &elf_addr)) {
			elf_addr = addr - m->start + m->pgoff;
		}
		b->missing++;
		push_module_frame(s, unnamed_frame(s, b->name, elf_addr), b);
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

		push_frame(s, s->opt.addrs ? internf("%.*s+0x%" PRIx64 "]", (int)strlen(mn) - 1, mn,
						      addr - m->start) : mn);
		return;
	}
	push_frame(s, s->opt.addrs ? internf("[unknown+0x%" PRIx64 "]", addr) : "[unknown]");
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
		push_frame(s, s->opt.addrs ? internf("[kernel.kallsyms+0x%" PRIx64 "]", ip) :
			   "[kernel.kallsyms]");
		return;
	}
	push_frame(s, s->opt.annotate ? internf("%s_[k]", name) : name);
}

/* What a sample record holds. */
struct sample_fields {
	uint64_t ip;
	uint32_t pid, tid;
	uint64_t time;
	uint64_t nr;
	const uint64_t *chain;
	struct user_sample user;
};

/* ---- Python frames in place of the interpreter's ---- */

/* The evaluation loop's C function (and its .cold part), one call per run of Python frames. */
static bool is_eval_frame(const char *name)
{
	return !strncmp(name, "_PyEval_EvalFrameDefault", 24) && (!name[24] || name[24] == '.');
}

static const char *python_frame_name(struct sampler *s, const struct py_frame *f)
{
	if (s->opt.no_lineno || !f->line)
		return internf("%s (%s)", f->func, f->file);
	return internf("%s (%s:%d)", f->func, f->file, f->line);
}

static void push_merged(struct sampler *s, size_t *n, const char *name)
{
	ALLOC_GROW(s->merged, *n + 1, s->amerged);
	s->merged[(*n)++] = name;
}

/*
 * How long after the sample its Python frames are read: the sample's time
 * is CLOCK_MONOTONIC (the events' clockid), kept as a histogram of powers
 * of two microseconds.
 */
static void note_lag(struct sampler *s, uint64_t sample_ns)
{
	struct timespec ts;
	uint64_t now, us;
	int b = 0;

	if (!sample_ns || clock_gettime(CLOCK_MONOTONIC, &ts))
		return;
	now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	us = now > sample_ns ? (now - sample_ns) / 1000 : 0;
	while (us >> b && b < 39)
		b++;
	s->py_lag[b]++;
}

/* The lag at quantile q of note_lag()'s histogram, in microseconds (an upper bound). */
static uint64_t lag_quantile(const struct sampler *s, double q)
{
	uint64_t total = 0, sum = 0;
	int b;

	for (b = 0; b < 40; b++)
		total += s->py_lag[b];
	for (b = 0; b < 40; b++) {
		sum += s->py_lag[b];
		if (total && sum >= q * (double)total)
			return b ? 1ull << b : 1;
	}
	return 0;
}

/*
 * Whether the Python frames read fit the native stack: one run of them
 * (ending with an entry frame) for each call of the evaluation loop. More
 * runs than calls fit too when unwinding stopped short of the outermost
 * frame: those runs are the outer ones.
 */
static bool python_fits(const struct sampler *s, size_t neval, size_t npy)
{
	size_t i, runs = 0;

	for (i = 0; i < npy; i++)
		runs += s->pyframes[i].entry;
	return runs == neval || (runs > neval && s->last_unwind != UNWIND_COMPLETE);
}

/*
 * Checks the innermost Python frame read against the sample's registers and
 * stack copy: false when they show that the sample ran code on none of the
 * frames read, which are then not the sample's. An unconfirmed frame is
 * kept.
 */
static bool check_leaf(struct sampler *s, struct process *p, const struct user_sample *u,
		       size_t npy)
{
	size_t n = 0, i, nregs;
	enum py_leaf leaf;

	s->last_leaf = PY_LEAF_UNKNOWN;
	if (!u->stack || !u->has_regs)
		return true;	/* --call-graph fp: nothing to check against */
	for (i = 0; i < 32; i++)
		if (u->regs_mask & (1ull << i))
			s->words[n++] = u->regs[i];
	nregs = n;
	for (i = 0; i + 8 <= u->stack_size && n < 32 + 65536 / 8; i += 8)
		memcpy(&s->words[n++], u->stack + i, 8);
	/* python_fits() has matched the loop's calls to the runs read: with the
	 * whole native stack, the depth is the sample's. */
	leaf = py_check_leaf(s->py, p, s->words, nregs, n, s->pyframes, npy,
			     s->last_unwind == UNWIND_COMPLETE);
	s->last_leaf = leaf;
	return leaf != PY_LEAF_FIXED;
}

/* Keeps the registers of the user frame at ips[i] when it named an evaluation-loop call. */
static void note_level(struct sampler *s, size_t before, size_t i)
{
	for (size_t k = before; k < s->nframes; k++)
		if (is_eval_frame(s->frames[k]) && s->nlevels < MAX_PY_FRAMES)
			memcpy(s->levels[s->nlevels++], s->saved[i], sizeof(*s->levels));
}

/*
 * The sample's Python frames rebuilt from its evaluation-loop calls'
 * registers (py_rebuild_stack()) into s->pyframes, *npy of them: true when
 * they fit the native stack and its registers do not contradict them.
 */
static bool rebuild_python(struct sampler *s, struct process *p, const struct sample_fields *f,
			   size_t neval, size_t *npy)
{
	size_t nread = *npy;

	if (s->last_unwind != UNWIND_COMPLETE || s->nlevels != neval || !neval)
		return false;
	memcpy(s->readframes, s->pyframes, nread * sizeof(*s->pyframes));
	if (py_rebuild_stack(s->py, p, (pid_t)f->tid, s->levels, neval, s->readframes, nread,
			     s->pyframes, MAX_PY_FRAMES, npy) != PY_READ_OK)
		return false;
	return python_fits(s, neval, *npy) && check_leaf(s, p, &f->user, *npy);
}

/*
 * Whether the Python frames read are the sample's: they fit the native
 * stack and its registers do not contradict them. With the whole native
 * stack, they teach the reader where the evaluation loop keeps its frame.
 */
static bool python_read_fits(struct sampler *s, struct process *p,
			     const struct sample_fields *f, enum py_read_result res,
			     size_t neval, size_t npy)
{
	bool fits;

	if (res != PY_READ_OK || !npy)
		return false;
	fits = python_fits(s, neval, npy);
	if (fits) {
		fits = check_leaf(s, p, &f->user, npy);
		s->py_leaf[s->last_leaf]++;
	}
	if (s->last_unwind == UNWIND_COMPLETE && s->nlevels == neval)
		py_learn_regs(s->py, p, s->levels, neval, s->pyframes, npy,
			      fits && s->last_leaf == PY_LEAF_SAME);
	return fits;
}

/* The CPUs the sampler was allowed at the start, without cpu when it is not -1. */
static bool allowed_cpus(struct sampler *s, int cpu, cpu_set_t *set)
{
	if (!s->py_cpus) {
		s->py_cpus = xcalloc(1, sizeof(cpu_set_t));
		if (sched_getaffinity(0, sizeof(cpu_set_t), s->py_cpus))
			CPU_ZERO((cpu_set_t *)s->py_cpus);
	}
	*set = *(cpu_set_t *)s->py_cpus;
	if (cpu >= 0)
		CPU_CLR(cpu, set);
	return CPU_COUNT(set) > 0;
}

/*
 * Keeps the sampler on the CPU of the sample at hand, cpu, while it waits
 * for the next. On another CPU it reads a Python stack some hundred
 * microseconds after the sample, and a coroutine switching at each await
 * has moved on by then: measured on 2 CPUs with an asyncio service, 94 of
 * 393 samples kept their Python frames with the sampler on the other CPU,
 * 363 of 368 on the same one. There its wake-up (at nice -20) preempts the
 * target, which waits while its frames are read; sampler_leave_cpu() then
 * lets it run on. Only CPUs the sampler was allowed at the start are taken.
 */
static void follow_cpu(struct sampler *s, int cpu)
{
	cpu_set_t allowed;

	if (cpu < 0 || cpu >= CPU_SETSIZE || !allowed_cpus(s, -1, &allowed) ||
	    !CPU_ISSET(cpu, &allowed))
		return;
	s->py_cpu = cpu;
}

void sampler_leave_cpu(struct sampler *s)
{
	cpu_set_t others;

	if (s->py_cpu >= 0 && !s->py_away && allowed_cpus(s, s->py_cpu, &others) &&
	    !sched_setaffinity(0, sizeof(others), &others))
		s->py_away = true;
}

void sampler_wait_on_cpu(struct sampler *s)
{
	cpu_set_t one;

	if (s->py_cpu < 0 || (s->py_pinned == s->py_cpu && !s->py_away))
		return;
	CPU_ZERO(&one);
	CPU_SET(s->py_cpu, &one);
	if (!sched_setaffinity(0, sizeof(one), &one)) {
		s->py_pinned = s->py_cpu;
		s->py_away = false;
	}
}

/*
 * Reads the sample's Python frames into s->pyframes, first thing: every
 * microsecond until then lets the process run on.
 */
static enum py_read_result read_python(struct sampler *s, struct process *p,
				       const struct sample_fields *f, size_t *npy)
{
	enum py_read_result res = py_read_stack(s->py, p, (pid_t)f->tid, s->pyframes,
						MAX_PY_FRAMES, npy);

	if (res == PY_NOT_PYTHON)
		return res;
	/*
	 * On a busy machine the sampler waits for a CPU for milliseconds, and
	 * the Python stack moves on meanwhile: measured with the workload of
	 * tests/data/python-phases.py at load 12 on 2 CPUs, nice -20 took
	 * the median lag from 4 ms to 1 ms. Asked once, when the first
	 * interpreter is met (the command has been started by then and does
	 * not inherit it); without the privilege the priority stays.
	 */
	if (!s->py_niced) {
		s->py_niced = true;
		if (setpriority(PRIO_PROCESS, 0, -20))
			errno = 0;
	}
	follow_cpu(s, perf_drain_cpu());
	note_lag(s, f->time);
	return res;
}

/*
 * Replaces each evaluation-loop frame among the nuser user frames (innermost
 * first) with the Python frames it was running (npy of them, as read_python()
 * returned res): the sample's own stack when the runs fit the native stack's
 * calls. Returns the number of user frames now.
 */
static size_t merge_python(struct sampler *s, struct process *p, const struct sample_fields *f,
			   enum py_read_result res, size_t npy, size_t nuser)
{
	size_t neval = 0, i, g = 0, n = 0;

	for (i = 0; i < nuser; i++)
		neval += is_eval_frame(s->frames[i]);
	if (res == PY_NOT_PYTHON || (!neval && !npy))
		return nuser;
	if (!python_read_fits(s, p, f, res, neval, npy)) {
		if (!rebuild_python(s, p, f, neval, &npy)) {
			s->py_missing++;
			s->py_changed += res == PY_READ_OK || res == PY_READ_CHANGED;
			return nuser;
		}
		s->py_rebuilt++;
	}
	s->py_stacks++;
	for (i = 0; i < nuser; i++) {
		if (!is_eval_frame(s->frames[i])) {
			if (!s->opt.python_only)
				push_merged(s, &n, s->frames[i]);
			continue;
		}
		do
			push_merged(s, &n, python_frame_name(s, &s->pyframes[g]));
		while (!s->pyframes[g++].entry);
	}
	while (g < npy)
		push_merged(s, &n, python_frame_name(s, &s->pyframes[g++]));
	s->nframes = 0;
	for (i = 0; i < n; i++)
		push_frame(s, s->merged[i]);
	return n;
}

/* ---- records ---- */

/* A record's body, read in order: take() copies n bytes, or fails at the end. */
struct body {
	const unsigned char *p, *end;
};

static bool take(struct body *b, void *dst, size_t n)
{
	if ((size_t)(b->end - b->p) < n)
		return false;
	memcpy(dst, b->p, n);
	b->p += n;
	return true;
}

/* The user registers (abi 0: none, a kernel thread) and the copy of the user stack. */
static bool parse_user(struct body *b, uint64_t type, struct sample_fields *f)
{
	uint64_t abi, size, dyn;
	int i;

	if (type & PERF_SAMPLE_REGS_USER) {
		if (!take(b, &abi, 8))
			return false;
		for (i = 0; abi && i < 32; i++)
			if ((PERF_REGS_MASK & (1ull << i)) && !take(b, &f->user.regs[i], 8))
				return false;
		if (abi) {
			f->user.regs_mask = PERF_REGS_MASK;
			f->user.has_regs = true;
		}
	}
	if (!(type & PERF_SAMPLE_STACK_USER))
		return true;
	if (!take(b, &size, 8))
		return false;
	if (!size)
		return true;
	if (size > (size_t)(b->end - b->p) || (size_t)(b->end - b->p) - size < 8)
		return false;
	f->user.stack = b->p;
	memcpy(&dyn, b->p + size, 8);
	f->user.stack_size = dyn < size ? dyn : size;
	return true;
}

static bool parse_sample(const struct perf_event_header *h, uint64_t type,
			 struct sample_fields *f)
{
	struct body b = { (const unsigned char *)(h + 1), (const unsigned char *)h + h->size };

	memset(f, 0, sizeof(*f));
	if ((type & PERF_SAMPLE_IP) && !take(&b, &f->ip, 8))
		return false;
	if ((type & PERF_SAMPLE_TID) && !(take(&b, &f->pid, 4) && take(&b, &f->tid, 4)))
		return false;
	if ((type & PERF_SAMPLE_TIME) && !take(&b, &f->time, 8))
		return false;
	if (type & PERF_SAMPLE_CALLCHAIN) {
		if (!take(&b, &f->nr, 8) || f->nr > (uint64_t)(b.end - b.p) / 8)
			return false;
		f->chain = (const uint64_t *)(const void *)b.p;
		b.p += f->nr * 8;
	}
	return parse_user(&b, type, f);
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
		else if (ctx == (uint64_t)PERF_CONTEXT_USER && s->opt.fp && nu < MAX_FRAMES)
			s->ips[nu++] = ip;
	}
	return nu;
}

/* Unwinds the user stack (unless --call-graph fp gave it) and counts how it ended. */
static size_t user_stack(struct sampler *s, struct process *p, const struct sample_fields *f,
			 size_t nu, bool python)
{
	enum unwind_result why;

	s->last_unwind = UNWIND_COMPLETE;
	if (s->opt.fp) {
		if (nu)
			s->unwind[UNWIND_COMPLETE]++;
		else
			s->kernel_only++;
		return nu;
	}
	if (!p)
		return nu;
	nu = unwind_user(s->world, p, &f->user, s->ips, python ? s->saved : NULL, MAX_FRAMES,
			 &why);
	s->last_unwind = why;
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
	if (s->opt.cgroup_key) {
		struct process *p = f->pid ? world_process(s->world, (pid_t)f->pid, false) : NULL;

		strbuf_addstr(&s->line, p ? process_cgroup(p) : f->tid == 0 ? "/" : "");
		strbuf_addch(&s->line, STACKS_CGROUP_SEP);
	}
	strbuf_addstr(&s->line, f->tid == 0 ? "swapper" : t->comm);
	if (s->opt.suffix_tid)
		strbuf_addf(&s->line, "-%u/%u", f->pid, f->tid);
	else if (s->opt.suffix_pid)
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

bool sampler_fold_sample(struct sampler *s, const struct perf_event_header *h,
			 struct sample_id *id)
{
	struct sample_fields f;
	struct process *p;
	struct thread *t;
	uint64_t kips[MAX_FRAMES];
	size_t i, nk, nu, nuser_frames, npy = 0;
	enum py_read_result py = PY_NOT_PYTHON;

	if (!parse_sample(h, s->sample_type, &f))
		return false;
	s->samples++;
	p = sample_process(s, (pid_t)f.pid);
	if (s->py && p)
		py = read_python(s, p, &f, &npy);
	if (py != PY_NOT_PYTHON)
		sampler_leave_cpu(s);
	t = world_thread(s->world, (pid_t)f.pid, (pid_t)f.tid);
	nu = split_callchain(s, &f, kips, &nk);
	s->nframes = 0;
	nu = user_stack(s, p, &f, nu, py != PY_NOT_PYTHON);
	s->nlevels = 0;
	for (i = 0; i < nu && p; i++) {
		size_t before = s->nframes;

		name_user_frame(s, p, s->ips[i], i > 0);
		if (py != PY_NOT_PYTHON && !s->opt.fp)
			note_level(s, before, i);
	}
	nuser_frames = s->nframes;
	if (s->py && p) {
		uint64_t before = s->py_stacks;

		nuser_frames = merge_python(s, p, &f, py, npy, nuser_frames);
		if (s->opt.python_only && s->py_stacks > before)
			nk = 0;
	}
	if (s->opt.kernel)
		for (i = 0; i < nk; i++)
			name_kernel_frame(s, kips[i], i > 0);
	fold_line(s, t, &f, nuser_frames);
	id->pid = f.pid;
	id->tid = f.tid;
	id->time = f.time;
	return true;
}

static void handle_sample(struct sampler *s, const struct perf_event_header *h)
{
	struct sample_id id;

	if (sampler_fold_sample(s, h, &id))
		stackmap_add(&s->stacks, s->line.buf, s->line.len, s->weight, 0);
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

void sampler_handle_record(const struct perf_event_header *h, void *data)
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

/* ---- frames that waited for debuginfod ---- */

struct bin_index {
	struct binary **v;
	size_t n;
};

static void index_binary(struct binary *b, void *data)
{
	struct bin_index *ix = data;

	if (b->id < ix->n)
		ix->v[b->id] = b;
}

/* The frames, root first, that the placeholder key stood for count times. */
static const char *name_deferred(struct sampler *s, const struct bin_index *ix, const char *key,
				 double count, struct strbuf *sb)
{
	unsigned flags = SYM_DEMANGLE | (s->opt.inline_frames ? SYM_INLINE : 0);
	struct symframe fr[16];
	struct binary *b = NULL;
	uint64_t id, addr;
	int n, i;

	if (sscanf(key + strlen(DEFER_MARK), "%" SCNu64 ":%" SCNx64, &id, &addr) == 2 &&
	    id < ix->n)
		b = ix->v[id];
	if (!b)
		return "[unknown]";
	n = b->sym ? symfile_lookup(b->sym, addr, fr, 16, flags) : 0;
	if (n <= 0 || !fr[n - 1].name) {
		const char *u = unnamed_frame(s, b->name, addr);

		b->missing += (unsigned long)count;
		if (s->opt.modules)
			note_module(s, u, b);
		return u;
	}
	strbuf_reset(sb);
	for (i = n - 1; i >= 0; i--) {
		const char *f = fr[i].inlined ? internf("%s_[i]", fr[i].name) : fr[i].name;

		strbuf_addstr(sb, f);
		if (s->opt.modules)
			note_module(s, f, b);
		if (i)
			strbuf_addch(sb, ';');
	}
	return intern(sb->buf, sb->len);
}

/* Rewrites the folded lines with the placeholders' names. */
static void rename_deferred(struct sampler *s)
{
	size_t nnames = names.nr, i;
	const char **repl = xcalloc(nnames ? nnames : 1, sizeof(*repl));
	struct bin_index ix;
	struct stackmap out;
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;

	ix.n = world_nbinaries(s->world) + 1;
	ix.v = xcalloc(ix.n, sizeof(*ix.v));
	world_for_each_binary(s->world, index_binary, &ix);
	/* names grows meanwhile; the keys stay where they are. */
	for (i = 0; i < nnames; i++) {
		const char *key = names.entries[i].key;

		if (!strncmp(key, DEFER_MARK, strlen(DEFER_MARK)))
			repl[i] = name_deferred(s, &ix, key, names.entries[i].count[0], &sb);
	}
	stackmap_init(&out);
	for (i = 0; i < s->stacks.nr; i++) {
		const struct stackmap_entry *e = &s->stacks.entries[i];
		const char *p = e->key, *end = e->key + e->len;

		if (!memchr(p, DEFER_MARK[0], e->len)) {
			stackmap_add(&out, e->key, e->len, e->count[0], e->count[1]);
			continue;
		}
		strbuf_reset(&line);
		while (p < end) {
			const char *semi = memchr(p, ';', (size_t)(end - p));
			size_t len = semi ? (size_t)(semi - p) : (size_t)(end - p);
			const struct stackmap_entry *n = NULL;

			if (p != e->key)
				strbuf_addch(&line, ';');
			if (*p == DEFER_MARK[0])
				n = stackmap_find(&names, p, len);
			if (n && (size_t)(n - names.entries) < nnames && repl[n - names.entries])
				strbuf_addstr(&line, repl[n - names.entries]);
			else
				strbuf_add(&line, p, len);
			p += len + 1;
		}
		stackmap_add(&out, line.buf, line.len, e->count[0], e->count[1]);
	}
	stackmap_release(&s->stacks);
	s->stacks = out;
	strbuf_release(&sb);
	strbuf_release(&line);
	free(ix.v);
	free(repl);
}

static void unnamed_binary(struct binary *b, void *data)
{
	struct strbuf *sb = data;
	const char *why;

	if (!b->missing || !b->sym || !(why = symfile_fetch_error(b->sym)))
		return;
	strbuf_addf(sb, "%s%s (%s)", sb->len ? ", " : "", b->path, why);
}

void sampler_name_frames_now(struct sampler *s)
{
	if (!s->fetch || !s->ndeferred)
		return;
	symcache_settle(s->syms);
	rename_deferred(s);
}

void sampler_finish_symbols(struct sampler *s)
{
	struct strbuf sb = STRBUF_INIT;

	if (!s->fetch)
		return;
	dbgfetch_finish(s->fetch, s->fetch_wait);
	symcache_settle(s->syms);
	if (s->ndeferred)
		rename_deferred(s);
	world_for_each_binary(s->world, unnamed_binary, &sb);
	if (sb.len)
		warning("debuginfod gave no debug file, so frames stay unnamed in: %s", sb.buf);
	strbuf_release(&sb);
}

static void count_binary(struct binary *b, void *data)
{
	if (b->frames)
		++*(size_t *)data;
}

static void missing_line(struct binary *b, void *data)
{
	struct strbuf *sb = data;

	if (!b->missing)
		return;
	strbuf_addf(sb, "  %s: %lu of %lu frames\n", b->path, b->missing, b->frames);
	/* Mostly without names: the binary is stripped, and its symbols are elsewhere. */
	if (b->missing * 2 >= b->frames) {
		const char *id = b->sym ? symfile_build_id(b->sym) : NULL;

		strbuf_addf(sb, "    hint: install its debug symbols, the -dbgsym package of the "
			    "package that ships it ('dpkg -S %s' names that), or set "
			    "DEBUGINFOD_URLS to fetch them from debuginfod", b->path);
		if (id)
			strbuf_addf(sb, " (build ID %s)", id);
		strbuf_addch(sb, '\n');
	}
}

void sampler_print_summary(struct sampler *s, double secs)
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
	if (!s->opt.fp)
		strbuf_addf(&sb, "hr-sample: user stacks: %" PRIu64 " complete, %" PRIu64
			    " incomplete, %" PRIu64 " without user registers (kernel threads)\n",
			    s->unwind[UNWIND_COMPLETE], failed, s->kernel_only);
	if (s->py && (s->py_stacks || s->py_missing))
		strbuf_addf(&sb, "hr-sample: python: %" PRIu64 " samples with Python frames (%"
			    PRIu64 " rebuilt from the frames their registers held), %" PRIu64
			    " without (%" PRIu64 " whose stack changed while read); "
			    "innermost frame read confirmed by the sample's registers and stack in %"
			    PRIu64 ", corrected by them in %" PRIu64 ", contradicted in %" PRIu64 "\n",
			    s->py_stacks, s->py_rebuilt, s->py_missing, s->py_changed,
			    s->py_leaf[PY_LEAF_SAME], s->py_leaf[PY_LEAF_SLOT],
			    s->py_leaf[PY_LEAF_FIXED]);
	if (s->py && (s->py_stacks || s->py_missing))
		strbuf_addf(&sb, "hr-sample: python: frames read within %" PRIu64 " us of the "
			    "sample (median), %" PRIu64 " us (90th percentile)\n",
			    lag_quantile(s, 0.5), lag_quantile(s, 0.9));
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

