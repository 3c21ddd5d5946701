// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Python stacks on hr-sample's side. Every sample of a traced Python
 * process stops its thread; the tracer reads the thread's Python frames
 * there and reports them with the time of the stop. The sample's record is
 * in the ring before the stop happens, so the stack of a sample taken at
 * time t is the first stop of its thread at or after t. Samples whose stack
 * has not come yet wait, with their native frames already named.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/stats.h"
#include "pymerge.h"
#include "pysample.h"
#include "python.h"
#include "tracer.h"

struct pycode {
	char *name, *file;
	int firstlineno;
	bool root;		/* <module>, or a thread's _bootstrap: the bottom of a stack */
};

struct rstack {
	struct tm_stack h;
	struct tm_frame *frames;
};

struct pending {
	pid_t pid, tid;
	uint64_t time;
	const char *comm;
	const char **user, **kernel;
	uint64_t *sp;
	size_t nuser, nkernel;
	bool native_complete;
};

struct pyside {
	struct pyside_opts opt;
	struct sampler *s;
	struct pycode *codes;		/* by id - 1 */
	size_t ncodes, acodes;
	struct { pid_t tid; char *name; } *names;
	size_t nnames, anames;
	pid_t *pids;
	size_t npids, apids;
	struct rstack *round;		/* the stacks received since the last drain */
	size_t nround, around;
	struct pending *pend;
	size_t npend, apend;
	/* work space */
	const char **texts, **merged;
	uint32_t *flags;
	uint64_t *anchors;
	size_t awork, amerged;
	/* counts */
	uint64_t samples, with_python, complete, no_stop, untraced_eval;
	uint64_t status[TS__COUNT];
	uint64_t misplaced, at_root, eval_left;
	double *stops;			/* µs from sample to resume */
	size_t nstops, astops;
};

struct pyside *pyside_new(const struct pyside_opts *opt, struct sampler *s)
{
	struct pyside *py = xcalloc(1, sizeof(*py));

	py->opt = *opt;
	py->s = s;
	return py;
}

static void free_pending(struct pending *p)
{
	free(p->user);
	free(p->kernel);
	free(p->sp);
}

void pyside_end_round(struct pyside *py)
{
	size_t i;

	for (i = 0; i < py->nround; i++)
		free(py->round[i].frames);
	py->nround = 0;
}

void pyside_free(struct pyside *py)
{
	size_t i;

	if (!py)
		return;
	pyside_end_round(py);
	for (i = 0; i < py->ncodes; i++) {
		free(py->codes[i].name);
		free(py->codes[i].file);
	}
	for (i = 0; i < py->nnames; i++)
		free(py->names[i].name);
	for (i = 0; i < py->npend; i++)
		free_pending(&py->pend[i]);
	free(py->codes);
	free(py->names);
	free(py->pids);
	free(py->round);
	free(py->pend);
	free(py->texts);
	free(py->merged);
	free(py->flags);
	free(py->anchors);
	free(py->stops);
	free(py);
}

void pyside_add_process(struct pyside *py, pid_t pid)
{
	if (!py || pyside_has_process(py, pid))
		return;
	ALLOC_GROW(py->pids, py->npids + 1, py->apids);
	py->pids[py->npids++] = pid;
}

void pyside_drop_process(struct pyside *py, pid_t pid)
{
	size_t i;

	for (i = 0; py && i < py->npids; i++)
		if (py->pids[i] == pid) {
			py->pids[i] = py->pids[--py->npids];
			return;
		}
}

bool pyside_has_process(const struct pyside *py, pid_t pid)
{
	size_t i;

	for (i = 0; py && i < py->npids; i++)
		if (py->pids[i] == pid)
			return true;
	return false;
}

const char *pyside_thread_name(const struct pyside *py, pid_t tid)
{
	size_t i;

	for (i = 0; i < py->nnames; i++)
		if (py->names[i].tid == tid)
			return py->names[i].name;
	return NULL;
}

void pyside_count_untraced(struct pyside *py)
{
	py->untraced_eval++;
}

/* ---- frame names ---- */

/*
 * The standard library and installed packages by their path below their
 * directory on sys.path (json/encoder.py, requests/api.py), as a traceback
 * is read; anything else as the code object names it.
 */
static const char *short_file(const char *path)
{
	static const char *const dirs[] = { "/site-packages/", "/dist-packages/" };
	const char *best = NULL, *p;
	size_t i;

	for (i = 0; i < 2; i++)
		for (p = strstr(path, dirs[i]); p; p = strstr(p + 1, dirs[i]))
			best = p + strlen(dirs[i]);
	if (best)
		return best;
	for (p = strstr(path, "/lib/python3"); p; p = strstr(p + 1, "/lib/python3")) {
		const char *q = p + strlen("/lib/python3");

		while (*q == '.' || (*q >= '0' && *q <= '9'))
			q++;
		if (*q == '/')
			best = q + 1;
	}
	return best ? best : path;
}

/* A folded frame may hold anything but the separator and line ends. */
static char *clean_dup(const char *s, size_t len)
{
	char *d = xmalloc(len + 1);
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = s[i] == ';' ? ':' : (s[i] == '\n' || s[i] == '\r') ? ' ' : s[i];
	d[len] = '\0';
	return d;
}

static void add_code(struct pyside *py, const unsigned char *body, size_t len)
{
	struct tm_code m;
	struct pycode *c;
	char *file;

	if (len < sizeof(m))
		return;
	memcpy(&m, body, sizeof(m));
	/* The tracer numbers code objects 1, 2, ... as it reads them. */
	if (!m.id || m.id > py->ncodes + 1 || (size_t)m.name_len + m.file_len > len - sizeof(m))
		return;
	ALLOC_GROW(py->codes, m.id, py->acodes);
	while (py->ncodes < m.id)
		memset(&py->codes[py->ncodes++], 0, sizeof(*c));
	c = &py->codes[m.id - 1];
	free(c->name);
	free(c->file);
	c->name = clean_dup((const char *)body + sizeof(m), m.name_len);
	file = clean_dup((const char *)body + sizeof(m) + m.name_len, m.file_len);
	c->file = xstrdup(short_file(file));
	free(file);
	c->firstlineno = m.firstlineno;
	c->root = !strcmp(c->name, "<module>") || !strcmp(c->name, "_bootstrap") ||
		  !strcmp(c->name, "Thread._bootstrap");
}

static const struct pycode *code_of(const struct pyside *py, uint32_t id)
{
	return id && id <= py->ncodes && py->codes[id - 1].name ? &py->codes[id - 1] : NULL;
}

/* "function (file.py:LINE)", or "function (file.py)" with --no-lineno. */
static const char *frame_text(struct pyside *py, const struct tm_frame *f)
{
	const struct pycode *c = code_of(py, f->code);
	char buf[1024];
	int n;

	if (!c)
		return sampler_intern("[unknown Python frame]", 22);
	if (py->opt.no_lineno || f->line <= 0)
		n = snprintf(buf, sizeof(buf), "%s (%s)", c->name, c->file);
	else
		n = snprintf(buf, sizeof(buf), "%s (%s:%d)", c->name, c->file, f->line);
	if (n < 0)
		n = 0;
	return sampler_intern(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* ---- merging a sample with its stack ---- */

static void grow_work(struct pyside *py, size_t npy, size_t nmerged)
{
	if (npy > py->awork) {
		py->awork = npy;
		py->texts = xrealloc(py->texts, npy * sizeof(*py->texts));
		py->flags = xrealloc(py->flags, npy * sizeof(*py->flags));
		py->anchors = xrealloc(py->anchors, npy * sizeof(*py->anchors));
	}
	if (nmerged > py->amerged) {
		py->amerged = nmerged;
		py->merged = xrealloc(py->merged, nmerged * sizeof(*py->merged));
	}
}

static void count_stop(struct pyside *py, const struct py_sample *ps, const struct rstack *r)
{
	if (r->h.resume_ns < ps->time || py->nstops >= (1u << 22))
		return;
	ALLOC_GROW(py->stops, py->nstops + 1, py->astops);
	py->stops[py->nstops++] = (double)(r->h.resume_ns - ps->time) / 1e3;
}

/* The sample's line: merged with its Python frames when it has them, native otherwise. */
static void emit(struct pyside *py, const struct py_sample *ps, const struct rstack *r)
{
	struct merge_input in = { .native = ps->user, .sp = ps->sp, .nnative = ps->nuser,
				  .native_complete = ps->native_complete };
	struct merge_stats st;
	size_t i, n, npy = r && (r->h.status == TS_OK || r->h.status == TS_TRUNCATED) ?
			   r->h.nframes : 0;

	py->samples++;
	if (!r)
		py->no_stop++;
	else
		py->status[r->h.status < TS__COUNT ? r->h.status : TS_READ_ERROR]++;
	if (r)
		count_stop(py, ps, r);
	if (!npy) {
		sampler_add_stack(py->s, ps->comm, ps->pid, ps->tid, ps->user,
				  py->opt.python_only ? 0 : ps->nuser, ps->kernel,
				  py->opt.python_only ? 0 : ps->nkernel);
		return;
	}
	grow_work(py, npy, npy + ps->nuser);
	for (i = 0; i < npy; i++) {
		py->texts[i] = frame_text(py, &r->frames[i]);
		py->flags[i] = r->frames[i].flags;
		py->anchors[i] = r->frames[i].anchor;
	}
	in.py = py->texts;
	in.flags = py->flags;
	in.anchor = py->anchors;
	in.npy = npy;
	in.anchored = r->h.minor >= 11;
	in.python_only = py->opt.python_only;
	n = py_merge(&in, py->merged, npy + ps->nuser, &st);
	py->with_python++;
	if (r->h.status == TS_OK && code_of(py, r->frames[npy - 1].code) &&
	    code_of(py, r->frames[npy - 1].code)->root)
		py->complete++;
	py->misplaced += st.misplaced;
	py->at_root += st.at_root;
	py->eval_left += st.eval_left;
	sampler_add_stack(py->s, ps->comm, ps->pid, ps->tid, py->merged, n, ps->kernel,
			  py->opt.python_only ? 0 : ps->nkernel);
}

static void emit_pending(struct pyside *py, struct pending *p, const struct rstack *r)
{
	struct py_sample ps = { p->pid, p->tid, p->time, p->comm,
				(const char *const *)p->user, p->sp, p->nuser,
				(const char *const *)p->kernel, p->nkernel, p->native_complete };

	emit(py, &ps, r);
	free_pending(p);
}

static void *dup_array(const void *v, size_t n, size_t size)
{
	void *d;

	if (!n)
		return NULL;
	d = xmalloc(n * size);
	memcpy(d, v, n * size);
	return d;
}

/* Waits for its stack. At most a million wait: the oldest goes without. */
static void keep(struct pyside *py, const struct py_sample *ps)
{
	struct pending *p;

	if (py->npend >= 1000000) {
		emit_pending(py, &py->pend[0], NULL);
		memmove(py->pend, py->pend + 1, --py->npend * sizeof(*py->pend));
	}
	ALLOC_GROW(py->pend, py->npend + 1, py->apend);
	p = &py->pend[py->npend++];
	p->pid = ps->pid;
	p->tid = ps->tid;
	p->time = ps->time;
	p->comm = ps->comm;
	p->user = dup_array(ps->user, ps->nuser, sizeof(*p->user));
	p->sp = ps->sp ? dup_array(ps->sp, ps->nuser, sizeof(*p->sp)) : NULL;
	p->kernel = dup_array(ps->kernel, ps->nkernel, sizeof(*p->kernel));
	p->nuser = ps->nuser;
	p->nkernel = ps->nkernel;
	p->native_complete = ps->native_complete;
}

void pyside_sample(struct pyside *py, const struct py_sample *ps)
{
	const struct rstack *best = NULL;
	size_t i;

	for (i = 0; i < py->nround; i++) {
		const struct rstack *r = &py->round[i];

		if (r->h.tid == ps->tid && r->h.stop_ns >= ps->time &&
		    (!best || r->h.stop_ns < best->h.stop_ns))
			best = r;
	}
	if (best)
		emit(py, ps, best);
	else
		keep(py, ps);
}

/* A stack has come: the samples of its thread taken before its stop are its. */
static void add_stack(struct pyside *py, const unsigned char *body, size_t len)
{
	struct rstack *r;
	struct tm_stack h;
	size_t i, j;

	if (len < sizeof(h))
		return;
	memcpy(&h, body, sizeof(h));
	if (h.nframes > (len - sizeof(h)) / sizeof(struct tm_frame))
		return;
	ALLOC_GROW(py->round, py->nround + 1, py->around);
	r = &py->round[py->nround++];
	r->h = h;
	r->frames = dup_array(body + sizeof(h), h.nframes, sizeof(*r->frames));
	for (i = j = 0; i < py->npend; i++) {
		if (py->pend[i].tid == h.tid && py->pend[i].time <= h.stop_ns)
			emit_pending(py, &py->pend[i], r);
		else
			py->pend[j++] = py->pend[i];
	}
	py->npend = j;
}

static void add_thread_name(struct pyside *py, const unsigned char *body, size_t len)
{
	struct tm_thread m;
	size_t i;

	if (len < sizeof(m) || len - sizeof(m) > 255)
		return;
	memcpy(&m, body, sizeof(m));
	for (i = 0; i < py->nnames && py->names[i].tid != m.tid; i++)
		;
	if (i == py->nnames) {
		ALLOC_GROW(py->names, py->nnames + 1, py->anames);
		py->names[py->nnames++].name = NULL;
	}
	free(py->names[i].name);
	py->names[i].tid = m.tid;
	py->names[i].name = clean_dup((const char *)body + sizeof(m), len - sizeof(m));
}

void pyside_message(struct pyside *py, uint32_t type, const void *body, size_t len)
{
	if (type == TM_CODE)
		add_code(py, body, len);
	else if (type == TM_STACK)
		add_stack(py, body, len);
	else if (type == TM_THREAD)
		add_thread_name(py, body, len);
}

void pyside_finish(struct pyside *py)
{
	size_t i;

	for (i = 0; i < py->npend; i++)
		emit_pending(py, &py->pend[i], NULL);
	py->npend = 0;
}

/* ---- the summary ---- */

static void add_reason(struct strbuf *sb, bool *first, uint64_t n, const char *what)
{
	if (!n)
		return;
	strbuf_addf(sb, "%s%" PRIu64 " %s", *first ? ": " : ", ", n, what);
	*first = false;
}

void pyside_summary(const struct pyside *py, struct strbuf *sb, uint64_t samples,
		    double tracer_cpu, double cpu_other, bool traced)
{
	uint64_t unread = py->no_stop + py->status[TS_NOT_READY] + py->status[TS_READ_ERROR] +
			  py->status[TS_LATE];
	bool first = true;

	if (!traced) {
		if (py->untraced_eval)
			strbuf_addf(sb, "hr-sample: %" PRIu64 " samples ran a Python interpreter: "
				    "its Python frames need -p or a command, they show its native "
				    "frames\n", py->untraced_eval);
		return;
	}
	strbuf_addf(sb, "hr-sample: Python: %" PRIu64 " samples, %" PRIu64 " with Python frames "
		    "(%" PRIu64 " down to <module>), %" PRIu64 " unread", py->samples,
		    py->with_python, py->complete, unread);
	add_reason(sb, &first, py->no_stop, "without a stop");
	add_reason(sb, &first, py->status[TS_NOT_READY], "before the interpreter was found");
	add_reason(sb, &first, py->status[TS_READ_ERROR], "read errors");
	add_reason(sb, &first, py->status[TS_LATE], "late (SIGTRAP blocked)");
	strbuf_addch(sb, '\n');
	if (py->status[TS_NO_THREAD] || py->status[TS_TRUNCATED] || py->at_root || py->misplaced)
		strbuf_addf(sb, "  %" PRIu64 " in threads without Python, %" PRIu64 " deeper than "
			    "read, %" PRIu64 " with Python frames above a cut native stack, %" PRIu64
			    " with an activation out of place\n", py->status[TS_NO_THREAD],
			    py->status[TS_TRUNCATED], py->at_root, py->misplaced);
	if (py->nstops) {
		double *v = dup_array(py->stops, py->nstops, sizeof(*v));

		sort_doubles(v, py->nstops);
		strbuf_addf(sb, "hr-sample: Python: a sampled thread stopped %.0f us (median), "
			    "%.0f us (p99)", quantile_sorted(v, py->nstops, 0.5),
			    quantile_sorted(v, py->nstops, 0.99));
		free(v);
	} else {
		strbuf_addstr(sb, "hr-sample: Python: no thread stopped");
	}
	if (samples)
		strbuf_addf(sb, "; hr-sample's CPU: %.0f us a sample (%.0f us in its tracer)\n",
			    1e6 * (tracer_cpu + cpu_other) / (double)samples,
			    1e6 * tracer_cpu / (double)samples);
	else
		strbuf_addch(sb, '\n');
}
