// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * What the tracer does at each stop of a traced thread: at a sample's
 * SIGTRAP it reads the thread's Python frames before letting it go on; at
 * a clone, fork or exec it keeps track of the processes; other signals go
 * through to the program.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "tracer_int.h"

#ifndef TRAP_PERF
#define TRAP_PERF 6
#endif
#define TRAP_PERF_FLAG_ASYNC 1u

uint64_t tr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * si_perf_data and si_perf_flags, which glibc 2.36 does not name: the
 * kernel's _sigfault._perf, after si_addr (asm-generic/siginfo.h).
 */
static uint64_t perf_data(const siginfo_t *si)
{
	uint64_t v;

	memcpy(&v, (const char *)si + 24, 8);
	return v;
}

static uint32_t perf_flags(const siginfo_t *si)
{
	uint32_t v;

	memcpy(&v, (const char *)si + 36, 4);
	return v;
}

bool tr_is_our_trap(const siginfo_t *si)
{
	return si->si_signo == SIGTRAP && si->si_code == TRAP_PERF &&
	       perf_data(si) == TRACER_SIG_DATA;
}

/* ---- code objects ---- */

static uint64_t slot_hash(pid_t pid, unsigned gen, uint64_t addr)
{
	uint64_t h = addr ^ ((uint64_t)(uint32_t)pid << 32) ^ gen;

	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	return h ^ (h >> 32);
}

static uint32_t *code_slot(struct tr *tr, pid_t pid, unsigned gen, uint64_t addr)
{
	size_t i = slot_hash(pid, gen, addr) & (tr->nslots - 1);

	for (;; i = (i + 1) & (tr->nslots - 1)) {
		struct tcode *c;

		if (!tr->code_slots[i])
			return &tr->code_slots[i];
		c = tr->codes[tr->code_slots[i] - 1];
		if (c->pid == pid && c->gen == gen && c->c.addr == addr)
			return &tr->code_slots[i];
	}
}

static void grow_slots(struct tr *tr)
{
	size_t i;

	free(tr->code_slots);
	tr->nslots = tr->nslots ? tr->nslots * 2 : 1024;
	tr->code_slots = xcalloc(tr->nslots, sizeof(*tr->code_slots));
	for (i = 0; i < tr->ncodes; i++) {
		struct tcode *c = tr->codes[i];

		*code_slot(tr, c->pid, c->gen, c->c.addr) = (uint32_t)(i + 1);
	}
}

/* Reads a code object and tells hr-sample its names; its id, 0 if it is none. */
static uint32_t new_code(struct tr *tr, struct tproc *p, const struct py_mem *m, uint64_t addr)
{
	struct tcode *c = xcalloc(1, sizeof(*c));
	struct tm_code msg;

	if (py_read_code(&p->in, m, addr, &c->c)) {
		free(c);
		return 0;
	}
	c->pid = p->pid;
	c->gen = p->gen;
	ALLOC_GROW(tr->codes, tr->ncodes + 1, tr->acodes);
	tr->codes[tr->ncodes++] = c;
	c->c.id = (uint32_t)tr->ncodes;
	if (2 * tr->ncodes > tr->nslots)
		grow_slots(tr);
	*code_slot(tr, p->pid, p->gen, addr) = c->c.id;
	msg.id = c->c.id;
	msg.firstlineno = c->c.firstlineno;
	msg.name_len = (uint32_t)strlen(c->c.name);
	msg.file_len = (uint32_t)strlen(c->c.file);
	{
		char *both = xmalloc(msg.name_len + msg.file_len + 1);

		memcpy(both, c->c.name, msg.name_len);
		memcpy(both + msg.name_len, c->c.file, msg.file_len + 1);
		tr_send(tr, TM_CODE, &msg, sizeof(msg), both, msg.name_len + msg.file_len);
		free(both);
	}
	return c->c.id;
}

/*
 * The code object at addr, checked once a stop: an address may be freed and
 * given to another code object, whose names the reader reads anew.
 */
static struct tcode *code_for(struct tr *tr, struct tproc *p, const struct py_mem *m,
			      uint64_t addr)
{
	uint32_t *slot;
	uint32_t id;
	struct tcode *c;

	if (!tr->nslots)
		grow_slots(tr);
	slot = code_slot(tr, p->pid, p->gen, addr);
	id = *slot;
	if (id) {
		c = tr->codes[id - 1];
		if (c->checked == tr->stops || py_code_unchanged(&p->in, m, &c->c)) {
			c->checked = tr->stops;
			return c;
		}
		/* A new code object at an old address: it gets a new id and this slot. */
		free(c->c.name);
		free(c->c.file);
		free(c->c.lines);
		c->c.name = c->c.file = NULL;
		c->c.lines = NULL;
	}
	id = new_code(tr, p, m, addr);
	if (!id)
		return NULL;
	c = tr->codes[id - 1];
	c->checked = tr->stops;
	return c;
}

/* ---- a sample's stop ---- */

static enum tm_status read_thread(struct tr *tr, struct tproc *p, struct tthread *t,
				  const struct py_mem *m, size_t *n, uint64_t *self)
{
	enum py_read_result r;

	if (p->in.off.ts_native_thread_id < 0 && !t->fs_base) {
		struct user_regs_struct regs;

		if (!ptrace(PTRACE_GETREGS, t->tid, 0, &regs))
			t->fs_base = regs.fs_base;
	}
	if (!t->tstate || !py_thread_is(&p->in, m, t->tstate, t->tid, t->fs_base))
		t->tstate = py_find_thread(&p->in, m, t->tid, t->fs_base);
	if (!t->tstate)
		return TS_NO_THREAD;
	r = py_read_stack(&p->in, m, t->tstate, tr->frames, tr->max_frames, n, self);
	if (r == PY_READ_TRUNCATED)
		return TS_TRUNCATED;
	return r == PY_READ_OK ? TS_OK : TS_READ_ERROR;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* A threading.Thread's name, from self of its outermost frame, Thread._bootstrap. */
static void send_thread_name(struct tr *tr, struct tproc *p, struct tthread *t,
			     const struct py_mem *m, const struct tcode *root, uint64_t self)
{
	struct tm_thread msg = { p->pid, t->tid };
	char name[256];

	if (!root || !ends_with(root->c.name, "_bootstrap"))
		return;
	t->named = true;
	if (self && !py_thread_name(&p->in, m, self, name, sizeof(name)))
		tr_send(tr, TM_THREAD, &msg, sizeof(msg), name, strlen(name));
}

/* Names the frames read at the stop (the thread runs again) and sends the stack. */
static void send_stack(struct tr *tr, struct tproc *p, struct tthread *t, struct tm_stack *msg,
		       size_t n, uint64_t self)
{
	struct py_mem m = { py_remote_read, &p->mem };
	struct tcode *c = NULL;
	size_t i;

	if (!tr->out)
		tr->out = xmalloc(tr->max_frames * sizeof(*tr->out));
	py_remote_begin(&p->mem);
	for (i = 0; i < n; i++) {
		const struct py_rawframe *f = &tr->frames[i];
		struct tm_frame *o = &tr->out[i];

		c = code_for(tr, p, &m, f->code);
		o->code = c ? c->c.id : 0;
		o->line = c ? py_frame_line(&p->in, &c->c, f) : 0;
		o->anchor = f->anchor;
		o->flags = f->flags;
		o->pad = 0;
	}
	if (!t->named && n && msg->status == TS_OK)
		send_thread_name(tr, p, t, &m, c, self);
	py_remote_end(&p->mem);
	msg->nframes = (uint32_t)n;
	msg->minor = (uint32_t)p->in.minor;
	tr_send(tr, TM_STACK, msg, sizeof(*msg), tr->out, n * sizeof(*tr->out));
}

/*
 * The thread stopped at the SIGTRAP of its sample, with nothing run since:
 * its Python frames are those it had when sampled. They are read, then it
 * goes on, and only then are they named.
 */
static void sample_stop(struct tr *tr, pid_t tid, uint64_t stop_ns, const siginfo_t *si)
{
	struct tthread *t = tr_thread(tr, tid);
	struct tproc *p = t ? tr_proc(tr, t->pid) : NULL;
	struct tm_stack msg = { .tid = tid, .stop_ns = stop_ns };
	uint64_t self = 0;
	size_t n = 0;

	tr->stops++;
	msg.pid = p ? p->pid : tid;
	if (perf_flags(si) & TRAP_PERF_FLAG_ASYNC) {
		/* SIGTRAP was blocked: the thread ran on after its sample. */
		msg.status = TS_LATE;
	} else if (!p || !p->attached) {
		msg.status = TS_NOT_READY;
	} else {
		struct py_mem m = { py_remote_read, &p->mem };

		py_remote_begin(&p->mem);
		msg.status = read_thread(tr, p, t, &m, &n, &self);
		py_remote_end(&p->mem);
	}
	ptrace(PTRACE_CONT, tid, 0, 0);
	msg.resume_ns = tr_now();
	if (msg.status != TS_OK && msg.status != TS_TRUNCATED)
		n = 0;
	if (p)
		send_stack(tr, p, t, &msg, n, self);
	else
		tr_send(tr, TM_STACK, &msg, sizeof(msg), NULL, 0);
}

/* ---- processes and threads coming and going ---- */

/* A clone, fork or vfork: the new thread, or the new process, held until it has events. */
static void new_task(struct tr *tr, pid_t tid, int ev)
{
	struct tthread *t = tr_thread(tr, tid);
	struct tproc *p = t ? tr_proc(tr, t->pid) : NULL;
	unsigned long id = 0;
	pid_t child, tgid;

	ptrace(PTRACE_GETEVENTMSG, tid, 0, &id);
	child = (pid_t)id;
	tgid = ev == PTRACE_EVENT_CLONE ? tr_tgid_of(child) : child;
	if (child > 0 && tgid == child && t) {
		struct tproc *np = tr_add_proc(tr, child, t->pid);
		struct tthread *nt;

		/* A fork runs the same program, at the same addresses. */
		np->python = p && p->python;
		if (p && p->attached) {
			np->in = p->in;
			np->attached = true;
		}
		np->held = true;
		np->held_since = tr_now();
		nt = tr_add_thread(tr, child, child);
		nt->pid = child;
		tr_send_process(tr, child, t->pid,
				TP_TRACED | TP_HELD | (np->python ? TP_PYTHON : 0));
	} else if (child > 0 && t) {
		struct tthread *nt = tr_add_thread(tr, child, t->pid);

		/* Its first stop may have come before this event. */
		if (nt->parked) {
			nt->parked = false;
			ptrace(PTRACE_CONT, child, 0, 0);
		}
	}
	ptrace(PTRACE_CONT, tid, 0, 0);
}

static void drop_threads_of(struct tr *tr, pid_t pid, pid_t keep)
{
	size_t i = 0;

	while (i < tr->nthreads) {
		if (tr->threads[i]->pid == pid && tr->threads[i]->tid != keep)
			tr_drop_thread(tr, tr->threads[i]->tid);
		else
			i++;
	}
}

/* An exec: another program, its events gone with the old one; held until reopened. */
static void new_program(struct tr *tr, pid_t tid)
{
	pid_t pid = tr_tgid_of(tid);
	struct tproc *p;
	struct tthread *t;
	char exe[64];

	if (pid <= 0)
		pid = tid;
	p = tr_add_proc(tr, pid, 0);
	drop_threads_of(tr, pid, tid);
	t = tr_add_thread(tr, tid, pid);
	memset(t, 0, sizeof(*t));
	t->tid = tid;
	t->pid = pid;
	t->parked = true;
	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
	p->python = py_binary_is_python(exe);
	p->attached = false;
	p->gave_up = false;
	p->tries = 0;
	p->next_try = 0;
	p->gen++;
	p->held = true;
	p->held_since = tr_now();
	py_remote_release(&p->mem);
	py_remote_init(&p->mem, pid);
	tr_send_process(tr, pid, p->ppid, TP_TRACED | TP_HELD | (p->python ? TP_PYTHON : 0));
}

void tr_resume_process(struct tr *tr, pid_t pid)
{
	struct tproc *p = tr_proc(tr, pid);
	size_t i;

	if (p)
		p->held = false;
	for (i = 0; i < tr->nthreads; i++) {
		struct tthread *t = tr->threads[i];

		if (t->pid == pid && t->parked) {
			t->parked = false;
			ptrace(PTRACE_CONT, t->tid, 0, 0);
		}
	}
}

static void task_exited(struct tr *tr, pid_t tid)
{
	size_t i;

	tr_drop_thread(tr, tid);
	for (i = 0; i < tr->nprocs; i++) {
		struct tproc *p = tr->procs[i];

		if (p->pid == tid) {
			py_remote_release(&p->mem);
			free(p);
			tr->procs[i] = tr->procs[--tr->nprocs];
			return;
		}
	}
}

/*
 * An event stop: a new traced task's first stop (held with its process,
 * when that waits for its events), or a group stop, which must look like
 * one to the program's parent (PTRACE_LISTEN).
 */
static void event_stop(struct tr *tr, pid_t tid, int sig)
{
	struct tthread *t = tr_thread(tr, tid);
	struct tproc *p;

	if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
		ptrace(PTRACE_LISTEN, tid, 0, 0);
		return;
	}
	if (!t) {
		/* before the clone or fork event that tells whose it is */
		t = tr_add_thread(tr, tid, tr_tgid_of(tid));
		t->parked = true;
		return;
	}
	p = tr_proc(tr, t->pid);
	if (p && p->held) {
		t->parked = true;
		return;
	}
	ptrace(PTRACE_CONT, tid, 0, 0);
}

static void stopped(struct tr *tr, pid_t tid, int st, uint64_t stop_ns)
{
	int sig = WSTOPSIG(st), ev = st >> 16;
	siginfo_t si;

	switch (ev) {
	case 0:
		break;
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		new_task(tr, tid, ev);
		return;
	case PTRACE_EVENT_EXEC:
		new_program(tr, tid);
		return;
	case PTRACE_EVENT_STOP:
		event_stop(tr, tid, sig);
		return;
	default:
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	if (sig == SIGTRAP && !ptrace(PTRACE_GETSIGINFO, tid, 0, &si) && tr_is_our_trap(&si)) {
		sample_stop(tr, tid, stop_ns, &si);
		return;
	}
	/* The program's own signal: deliver it. */
	ptrace(PTRACE_CONT, tid, 0, sig);
}

void tr_reap(struct tr *tr)
{
	int st;
	pid_t tid;

	while ((tid = waitpid(-1, &st, __WALL | WNOHANG)) > 0) {
		uint64_t t = tr_now();

		if (WIFEXITED(st) || WIFSIGNALED(st))
			task_exited(tr, tid);
		else if (WIFSTOPPED(st))
			stopped(tr, tid, st, t);
	}
}

/* ---- finding the interpreter of a process that had none yet ---- */

static bool warned_before(struct tr *tr, const char *binary)
{
	size_t i;

	for (i = 0; i < tr->nwarned; i++)
		if (!strcmp(tr->warned[i], binary))
			return true;
	ALLOC_GROW(tr->warned, tr->nwarned + 1, tr->awarned);
	tr->warned[tr->nwarned++] = xstrdup(binary);
	return false;
}

/*
 * Right after an exec the interpreter is not there yet (ld.so has not
 * mapped libpython, or _PyRuntime has no interpreter): tried again every
 * 20 ms, for ten seconds at most.
 */
void tr_retry_attach(struct tr *tr)
{
	uint64_t now = tr_now();
	size_t i;

	for (i = 0; i < tr->nprocs; i++) {
		struct tproc *p = tr->procs[i];
		enum py_attach_result r;
		char why[512];

		/* hr-sample did not answer in a second (stopped?): the process goes on. */
		if (p->held && now - p->held_since > 1000000000ull)
			tr_resume_process(tr, p->pid);
		if (!p->python || p->attached || p->gave_up || p->held || now < p->next_try)
			continue;
		r = py_attach(p->pid, &p->in, why, sizeof(why));
		p->next_try = now + 20000000ull;
		if (r == PY_ATTACHED) {
			p->attached = true;
		} else if ((r != PY_NOT_READY && r != PY_NOT_PYTHON) || ++p->tries >= 500) {
			p->gave_up = true;
			if (!warned_before(tr, p->in.binary[0] ? p->in.binary : why))
				warning("process %d: %s; its profile has no Python frames", (int)p->pid,
					why);
		}
	}
}

int tr_poll_timeout(const struct tr *tr)
{
	size_t i;

	for (i = 0; i < tr->nprocs; i++) {
		const struct tproc *p = tr->procs[i];

		if (p->held)
			return 100;
		if (p->python && !p->attached && !p->gave_up)
			return 20;
	}
	return -1;
}
