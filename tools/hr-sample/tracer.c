// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The tracer process: starting it, its messages, and its life, from
 * attaching the target's threads to detaching them without leaving a
 * SIGTRAP behind. What it does at each stop is in tracestop.c.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <poll.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "tracer_int.h"

/* ---- hr-sample's end ---- */

static noreturn void tracer_run(int fd, pid_t parent, const struct tracer_config *cfg);

int tracer_start(struct tracer *t, const struct tracer_config *cfg)
{
	int sv[2], size = 4 << 20;
	pid_t parent = getpid();

	memset(t, 0, sizeof(*t));
	t->pid = -1;
	t->fd = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return error("cannot start the tracer: socketpair: %s", strerror(errno));
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	fflush(NULL);
	t->pid = fork();
	if (t->pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return error("cannot start the tracer: fork: %s", strerror(errno));
	}
	if (t->pid == 0) {
		close(sv[0]);
		tracer_run(sv[1], parent, cfg);
	}
	close(sv[1]);
	t->fd = sv[0];
	return 0;
}

int tracer_send(struct tracer *t, uint32_t type, const void *body, size_t len)
{
	struct tmsg h = { type, (uint32_t)len };
	struct iovec iov[2] = { { &h, sizeof(h) }, { (void *)(uintptr_t)body, len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2 };

	if (t->fd < 0 || t->eof)
		return -1;
	return sendmsg(t->fd, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int tracer_receive(struct tracer *t, bool wait, uint32_t *type, const void **body, size_t *len)
{
	struct tmsg h;
	ssize_t n;

	if (t->fd < 0 || t->eof)
		return -1;
	if (!t->buf) {
		t->alloc = 1 << 20;
		t->buf = xmalloc(t->alloc);
	}
	do
		n = recv(t->fd, t->buf, t->alloc, wait ? 0 : MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	if (n < 0 && errno == EAGAIN)
		return 0;
	if (n <= 0) {
		t->eof = true;
		return -1;
	}
	if ((size_t)n < sizeof(h))
		return 0;
	memcpy(&h, t->buf, sizeof(h));
	if (h.len > (size_t)n - sizeof(h))
		return 0;
	*type = h.type;
	*body = t->buf + sizeof(h);
	*len = h.len;
	return 1;
}

void tracer_release(struct tracer *t)
{
	if (t->fd >= 0)
		close(t->fd);
	if (t->pid > 0)
		while (waitpid(t->pid, NULL, 0) < 0 && errno == EINTR)
			;
	free(t->buf);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->pid = -1;
}

/* ---- the tracer's messages to hr-sample ---- */

void tr_send(struct tr *tr, uint32_t type, const void *body, size_t len,
	     const void *extra, size_t extra_len)
{
	struct tmsg h = { type, (uint32_t)(len + extra_len) };
	struct iovec iov[3] = { { &h, sizeof(h) }, { (void *)(uintptr_t)body, len },
				{ (void *)(uintptr_t)extra, extra_len } };
	struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 3 };
	struct tpacket *q;

	if (tr->parent_gone)
		return;
	/*
	 * Never blocking: a stopped or slow hr-sample must not stall the
	 * target's threads, which wait in their stops while the tracer
	 * does. A stack that does not fit is dropped (its samples count as
	 * without a stop); anything else waits in memory.
	 */
	if (!tr->nqueue) {
		ssize_t n;

		do
			n = sendmsg(tr->fd, &mh, MSG_NOSIGNAL | MSG_DONTWAIT);
		while (n < 0 && errno == EINTR);
		if (n >= 0)
			return;
		if (errno != EAGAIN) {
			tr->parent_gone = true;
			return;
		}
	}
	if (type == TM_STACK) {
		tr->dropped++;
		return;
	}
	ALLOC_GROW(tr->queue, tr->nqueue + 1, tr->aqueue);
	q = &tr->queue[tr->nqueue++];
	q->len = sizeof(h) + len + extra_len;
	q->data = xmalloc(q->len);
	memcpy(q->data, &h, sizeof(h));
	if (len)
		memcpy(q->data + sizeof(h), body, len);
	if (extra_len)
		memcpy(q->data + sizeof(h) + len, extra, extra_len);
}

/* Sends what waits in memory, as far as the socket takes it (all of it when block). */
void tr_flush(struct tr *tr, bool block)
{
	size_t i = 0;

	while (i < tr->nqueue && !tr->parent_gone) {
		ssize_t n = send(tr->fd, tr->queue[i].data, tr->queue[i].len,
				 MSG_NOSIGNAL | (block ? 0 : MSG_DONTWAIT));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0)
			tr->parent_gone = true;
		free(tr->queue[i++].data);
	}
	if (i == 0)
		return;	/* the queue may not even be allocated yet */
	memmove(tr->queue, tr->queue + i, (tr->nqueue - i) * sizeof(*tr->queue));
	tr->nqueue -= i;
}

void tr_send_process(struct tr *tr, pid_t pid, pid_t ppid, uint32_t flags)
{
	struct tm_process m = { pid, ppid, flags };

	tr_send(tr, TM_PROCESS, &m, sizeof(m), NULL, 0);
}

/* ---- threads and processes ---- */

struct tthread *tr_thread(struct tr *tr, pid_t tid)
{
	size_t i;

	for (i = 0; i < tr->nthreads; i++)
		if (tr->threads[i]->tid == tid)
			return tr->threads[i];
	return NULL;
}

struct tproc *tr_proc(struct tr *tr, pid_t pid)
{
	size_t i;

	for (i = 0; i < tr->nprocs; i++)
		if (tr->procs[i]->pid == pid)
			return tr->procs[i];
	return NULL;
}

struct tproc *tr_add_proc(struct tr *tr, pid_t pid, pid_t ppid)
{
	struct tproc *p = tr_proc(tr, pid);

	if (p)
		return p;
	p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	p->ppid = ppid;
	py_remote_init(&p->mem, pid);
	ALLOC_GROW(tr->procs, tr->nprocs + 1, tr->aprocs);
	tr->procs[tr->nprocs++] = p;
	return p;
}

struct tthread *tr_add_thread(struct tr *tr, pid_t tid, pid_t pid)
{
	struct tthread *t = tr_thread(tr, tid);

	if (t)
		return t;
	t = xcalloc(1, sizeof(*t));
	ALLOC_GROW(tr->threads, tr->nthreads + 1, tr->athreads);
	tr->threads[tr->nthreads++] = t;
	t->tid = tid;
	t->pid = pid;
	return t;
}

void tr_drop_thread(struct tr *tr, pid_t tid)
{
	size_t i;

	for (i = 0; i < tr->nthreads; i++)
		if (tr->threads[i]->tid == tid) {
			free(tr->threads[i]);
			tr->threads[i] = tr->threads[--tr->nthreads];
			return;
		}
}

/* The process of a thread, from /proc/TID/status; -1 when it is gone. */
pid_t tr_tgid_of(pid_t tid)
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

/* A status line's hexadecimal mask ("SigPnd:"), or a number ("TracerPid:"). */
static unsigned long long status_field(pid_t tid, const char *field, int base)
{
	char path[64], line[256];
	unsigned long long v = 0, x;
	size_t n = strlen(field);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n)) {
			x = strtoull(line + n, NULL, base);
			v |= x;
		}
	fclose(f);
	return v;
}

/* ---- attaching at the start ---- */

#define TRACE_OPTIONS (PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | \
		       PTRACE_O_TRACEEXEC)

/* Seizes every thread of pid, again until no new one shows up; the number seized. */
static size_t seize_all(struct tr *tr, pid_t pid, int *err)
{
	size_t seized = 0;
	bool more = true;

	*err = 0;
	while (more) {
		char path[64];
		struct dirent *e;
		DIR *d;

		more = false;
		snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
		d = opendir(path);
		if (!d) {
			*err = errno;
			break;
		}
		while ((e = readdir(d))) {
			pid_t tid = (pid_t)atoi(e->d_name);

			if (tid <= 0 || tr_thread(tr, tid))
				continue;
			if (ptrace(PTRACE_SEIZE, tid, 0, TRACE_OPTIONS)) {
				if (errno != ESRCH && !seized)
					*err = errno;
				continue;
			}
			tr_add_thread(tr, tid, pid);
			seized++;
			more = true;
		}
		closedir(d);
		if (*err)
			break;
	}
	return seized;
}

/*
 * -p: a process is traced when it runs a CPython the reader knows. Any
 * other gets no tracer at all, and is sampled as it always was.
 */
static void attach_process(struct tr *tr, pid_t pid)
{
	struct py_interp in;
	char why[512];
	enum py_attach_result r = py_attach(pid, &in, why, sizeof(why));
	unsigned long long tracer;
	struct tproc *p;
	int err;

	if (r == PY_UNSUPPORTED || r == PY_FAILED)
		warning("process %d: %s; its profile has no Python frames", (int)pid, why);
	if (r != PY_ATTACHED && r != PY_NOT_READY) {
		tr_send_process(tr, pid, 0, 0);
		return;
	}
	tracer = status_field(pid, "TracerPid:", 10);
	if (tracer) {
		warning("process %d is already traced by process %llu (a debugger?); its profile "
			"has no Python frames", (int)pid, tracer);
		tr_send_process(tr, pid, 0, 0);
		return;
	}
	p = tr_add_proc(tr, pid, 0);
	p->python = true;
	if (r == PY_ATTACHED) {
		p->in = in;
		p->attached = true;
	}
	if (!seize_all(tr, pid, &err)) {
		warning("cannot trace process %d: %s; its profile has no Python frames (reading "
			"them needs ptrace: the same user, or root)", (int)pid, strerror(err));
		p->python = false;
		tr_send_process(tr, pid, 0, 0);
		return;
	}
	tr_send_process(tr, pid, 0, TP_TRACED | TP_PYTHON);
}

/* -t: one thread, and none of those it creates. */
static void attach_thread(struct tr *tr, pid_t tid)
{
	pid_t pid = tr_tgid_of(tid);
	struct py_interp in;
	char why[512];
	enum py_attach_result r = pid > 0 ? py_attach(pid, &in, why, sizeof(why)) : PY_NOT_PYTHON;
	struct tproc *p;

	if (r == PY_UNSUPPORTED || r == PY_FAILED)
		warning("thread %d: %s; its profile has no Python frames", (int)tid, why);
	if ((r != PY_ATTACHED && r != PY_NOT_READY) || status_field(pid, "TracerPid:", 10) ||
	    ptrace(PTRACE_SEIZE, tid, 0, 0)) {
		if (r == PY_ATTACHED || r == PY_NOT_READY)
			warning("cannot trace thread %d; its profile has no Python frames", (int)tid);
		tr_send_process(tr, tid, 0, 0);
		return;
	}
	p = tr_add_proc(tr, pid, 0);
	p->python = true;
	p->in = in;
	p->attached = r == PY_ATTACHED;
	tr_add_thread(tr, tid, pid);
	tr_send_process(tr, tid, 0, TP_TRACED | TP_PYTHON);
}

/* -- COMMAND: the child, still waiting to exec; traced from its first instruction. */
static void attach_command(struct tr *tr, pid_t pid)
{
	struct tproc *p;

	if (ptrace(PTRACE_SEIZE, pid, 0, TRACE_OPTIONS)) {
		warning("cannot trace the command: %s; the profile has no Python frames",
			strerror(errno));
		tr_send_process(tr, pid, 0, 0);
		tr_send(tr, TM_READY, NULL, 0, NULL, 0);
		return;
	}
	p = tr_add_proc(tr, pid, 0);
	p->python = false;
	tr_add_thread(tr, pid, pid);
	tr_send_process(tr, pid, 0, TP_TRACED);
	tr_send(tr, TM_READY, NULL, 0, NULL, 0);
}

/* ---- the end: no SIGTRAP left behind ---- */

static bool sigtrap_pending(pid_t tid)
{
	unsigned long long m = status_field(tid, "SigPnd:", 16) | status_field(tid, "ShdPnd:", 16);

	return (m >> (SIGTRAP - 1)) & 1;
}

/*
 * Detaches a thread once it has no SIGTRAP queued. The events are closed,
 * so every SIGTRAP that will ever be is already queued; a thread that
 * still has one takes it in a stop of ours. A thread that blocks SIGTRAP
 * would keep it pending and die of it once it unblocked: it is unblocked
 * for that one delivery. While such a signal is pending, no new interrupt
 * is asked: its trap would be taken first and the signal never.
 */
static void detach_thread(struct tthread *t, struct tm_done *done)
{
	uint64_t saved = 0, mask;
	bool restore = false;
	int st, rounds = 0;
	siginfo_t si;

	if (!t->parked && ptrace(PTRACE_INTERRUPT, t->tid, 0, 0))
		return;
	for (;;) {
		int sig, ev;

		if (!t->parked) {
			if (waitpid(t->tid, &st, __WALL) != t->tid || WIFEXITED(st) || WIFSIGNALED(st))
				return;
		} else {
			st = (PTRACE_EVENT_STOP << 16) | (SIGTRAP << 8) | 0x7f;
			t->parked = false;
		}
		sig = WSTOPSIG(st);
		ev = st >> 16;
		if (ev == PTRACE_EVENT_STOP) {
			if (sigtrap_pending(t->tid) && rounds++ < 100) {
				if (!restore && !ptrace(PTRACE_GETSIGMASK, t->tid, sizeof(mask), &mask) &&
				    (mask >> (SIGTRAP - 1)) & 1) {
					saved = mask;
					restore = true;
					mask &= ~(1ull << (SIGTRAP - 1));
					ptrace(PTRACE_SETSIGMASK, t->tid, sizeof(mask), &mask);
					done->unblocked++;
				}
				ptrace(PTRACE_CONT, t->tid, 0, 0);
				continue;
			}
			if (restore)
				ptrace(PTRACE_SETSIGMASK, t->tid, sizeof(saved), &saved);
			ptrace(PTRACE_DETACH, t->tid, 0, 0);
			return;
		}
		if (ev) {
			/* a clone, fork or exec on the way out: let it finish, then stop again */
			ptrace(PTRACE_CONT, t->tid, 0, 0);
			ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
		} else if (sig == SIGTRAP && !ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si) &&
			   tr_is_our_trap(&si)) {
			done->drained++;
			ptrace(PTRACE_CONT, t->tid, 0, 0);
			ptrace(PTRACE_INTERRUPT, t->tid, 0, 0);
		} else {
			ptrace(PTRACE_CONT, t->tid, 0, sig);
		}
	}
}

/* Waits until hr-sample has died, so that its events are closed with it. */
static void wait_parent_gone(struct tr *tr)
{
	int i;

	/*
	 * The parent's files close before its children are given a new
	 * parent: a changed getppid() means its events are released.
	 */
	for (i = 0; i < 10000 && getppid() == tr->parent; i++)
		usleep(1000);
}

static noreturn void shut_down(struct tr *tr)
{
	struct tm_done done = { 0 };
	struct rusage ru;
	size_t i;

	if (tr->parent_gone)
		wait_parent_gone(tr);
	for (i = 0; i < tr->nthreads; i++)
		detach_thread(tr->threads[i], &done);
	for (i = 0; i < tr->nprocs; i++)
		done.syscalls += tr->procs[i]->mem.syscalls;
	done.stops = tr->stops;
	done.dropped = tr->dropped;
	getrusage(RUSAGE_SELF, &ru);
	done.cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		   (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	tr_flush(tr, true);
	tr_send(tr, TM_DONE, &done, sizeof(done), NULL, 0);
	tr_flush(tr, true);
	_exit(0);
}

/* ---- the loop ---- */

/* A message from hr-sample; false when it has gone. */
static bool from_parent(struct tr *tr)
{
	unsigned char buf[256];
	struct tmsg h;
	struct tr_pid m;
	ssize_t n = recv(tr->fd, buf, sizeof(buf), MSG_DONTWAIT);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR;
	if (n == 0)
		return false;
	if ((size_t)n < sizeof(h))
		return true;
	memcpy(&h, buf, sizeof(h));
	if (h.type == TR_STOP)
		shut_down(tr);
	if ((size_t)n < sizeof(h) + sizeof(m))
		return true;
	memcpy(&m, buf + sizeof(h), sizeof(m));
	if (h.type == TR_COMMAND)
		attach_command(tr, m.pid);
	else if (h.type == TR_RESUME)
		tr_resume_process(tr, m.pid);
	return true;
}

/* Signals come through a signalfd: SIGCHLD for stops, the rest ask the session to end. */
static int setup_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/* Reads the signalfd: true when the session is asked to end. */
static bool signals_say_quit(int sfd)
{
	struct signalfd_siginfo si;
	bool quit = false;

	while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		if (si.ssi_signo != SIGCHLD)
			quit = true;
	return quit;
}

static void close_other_fds(int keep, int sfd)
{
	int fd, max = (int)sysconf(_SC_OPEN_MAX);

	for (fd = 3; fd < max && fd < 65536; fd++)
		if (fd != keep && fd != sfd)
			close(fd);
}

static void attach_targets(struct tr *tr, const struct tracer_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->npids; i++)
		attach_process(tr, cfg->pids[i]);
	if (cfg->tid > 0)
		attach_thread(tr, cfg->tid);
	tr_send(tr, TM_READY, NULL, 0, NULL, 0);
}

static noreturn void tracer_run(int fd, pid_t parent, const struct tracer_config *cfg)
{
	struct tr tr = { .fd = fd, .parent = parent };
	struct pollfd pfd[2];
	int sfd;

	/* Its own process group: a kill of hr-sample's group leaves it to clean up. */
	setpgid(0, 0);
	prctl(PR_SET_NAME, "hr-sample-trace", 0, 0, 0);
	sfd = setup_signals();
	prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	close_other_fds(fd, sfd);
	tr.max_frames = cfg->max_frames > 0 ? (size_t)cfg->max_frames : 4096;
	tr.frames = xmalloc(tr.max_frames * sizeof(*tr.frames));
	if (getppid() != parent || sfd < 0) {
		tr.parent_gone = true;
		shut_down(&tr);
	}
	attach_targets(&tr, cfg);
	pfd[0].fd = fd;
	pfd[1].fd = sfd;
	for (;;) {
		pfd[0].events = POLLIN | (tr.nqueue ? POLLOUT : 0);
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, tr_poll_timeout(&tr)) < 0 && errno != EINTR)
			break;
		if (signals_say_quit(sfd)) {
			if (getppid() != parent)
				break;
			tr_send(&tr, TM_QUIT, NULL, 0, NULL, 0);
		}
		tr_reap(&tr);
		if (!from_parent(&tr))
			break;
		tr_retry_attach(&tr);
		tr_flush(&tr, false);
	}
	tr.parent_gone = true;
	shut_down(&tr);
}
