// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Debug files from debuginfod servers, asked by a child process so that a
 * slow or dead server never blocks the caller: libdebuginfod's queries are
 * synchronous, take up to DEBUGINFOD_TIMEOUT (90 s by default) each, and
 * read DEBUGINFOD_URLS from the environment, so neither a thread of ours nor
 * libdw's own client (which would query inside the caller's lookups) fits.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/debuginfod.h"
#include "headroom/error.h"
#include "headroom/progress.h"
#include "headroom/strbuf.h"

/* libdebuginfod's API (debuginfod.h, which only its -dev package ships). */
typedef struct debuginfod_client debuginfod_client;

struct dlib {
	debuginfod_client *(*begin)(void);
	int (*find_debuginfo)(debuginfod_client *c, const unsigned char *id, int len,
			      char **path);
	void (*end)(debuginfod_client *c);
};

struct fetch_entry {
	char *build_id;
	enum dbgfetch_state state;
	char *path;		/* FOUND */
	char *error;		/* FAILED */
};

struct dbgfetch {
	pid_t pid;		/* the child, 0 once reaped */
	int req, ans;		/* requests to it, answers from it; -1 when closed */
	struct fetch_entry *v;
	size_t nr, alloc, pending;
	struct strbuf in;	/* a partial answer line */
};

/* ---- the child ---- */

static int child_req = -1;

/* The parent closed its end: it asks no more and waits for nothing. */
static int parent_gone(void)
{
	struct pollfd p = { .fd = child_req, .events = POLLIN };

	return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR));
}

static void child_main(const struct dlib *lib, int req, int ans, pid_t parent)
{
	debuginfod_client *c;
	char line[256];
	FILE *in;
	int down = 0, null;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* Ctrl-C ends the parent's sampling, which then still wants the answers. */
	signal(SIGINT, SIG_IGN);
	/* Not the parent's standard input and output: a pipe reader waits for no child. */
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		close(null);
	}
	child_req = req;
	setenv("DEBUGINFOD_TIMEOUT", "5", 0);
	in = fdopen(req, "r");
	c = in ? lib->begin() : NULL;
	while (c && fgets(line, sizeof(line), in)) {
		char *path = NULL;
		int fd;

		line[strcspn(line, "\n")] = '\0';
		if (parent_gone())
			break;
		/* Length 0: the build-id is given as hex text. */
		fd = down ? down : lib->find_debuginfo(c, (const unsigned char *)line, 0, &path);
		if (fd >= 0) {
			dprintf(ans, "%s 0 %s\n", line, path);
			close(fd);
		} else {
			dprintf(ans, "%s %d\n", line, fd);
			/* Unreachable, timed out, refused: the next build-id would wait as long. */
			if (fd != -ENOENT)
				down = fd;
		}
		free(path);
	}
	_exit(0);
}

/* ---- the parent ---- */

static int load_lib(struct dlib *lib)
{
	void *h = dlopen("libdebuginfod.so.1", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	*(void **)&lib->begin = dlsym(h, "debuginfod_begin");
	*(void **)&lib->find_debuginfo = dlsym(h, "debuginfod_find_debuginfo");
	*(void **)&lib->end = dlsym(h, "debuginfod_end");
	/* The handle stays open: the child uses it until it exits. */
	return lib->begin && lib->find_debuginfo && lib->end ? 0 : -1;
}

struct dbgfetch *dbgfetch_start(void)
{
	const char *urls = getenv("DEBUGINFOD_URLS");
	struct dbgfetch *f;
	struct dlib lib;
	int req[2], ans[2];
	pid_t parent = getpid(), pid;

	if (!urls || !urls[strspn(urls, " \t")])
		return NULL;
	if (load_lib(&lib)) {
		warning("DEBUGINFOD_URLS is set, but libdebuginfod.so.1 cannot be loaded "
			"(Debian: libdebuginfod1): no debug files from debuginfod");
		return NULL;
	}
	/*
	 * Sockets, not pipes: a request is one packet, sent with MSG_NOSIGNAL
	 * (a child gone is an error, not the SIGPIPE that ends a tool quietly),
	 * and closing our end is a hang-up the child polls for.
	 */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, req))
		return NULL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ans)) {
		close(req[0]);
		close(req[1]);
		return NULL;
	}
	pid = fork();
	if (pid == 0) {
		close(req[1]);
		close(ans[0]);
		child_main(&lib, req[0], ans[1], parent);
	}
	close(req[0]);
	close(ans[1]);
	if (pid < 0) {
		warning_errno("cannot start the debuginfod client");
		close(req[1]);
		close(ans[0]);
		return NULL;
	}
	f = xcalloc(1, sizeof(*f));
	f->pid = pid;
	f->req = req[1];
	f->ans = ans[0];
	fcntl(f->ans, F_SETFL, O_NONBLOCK);
	strbuf_init(&f->in, 256);
	return f;
}

static struct fetch_entry *find_entry(struct dbgfetch *f, const char *build_id, size_t len)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		if (strlen(f->v[i].build_id) == len && !memcmp(f->v[i].build_id, build_id, len))
			return &f->v[i];
	return NULL;
}

static void settle(struct dbgfetch *f, struct fetch_entry *e, const char *path,
		   const char *error)
{
	if (e->state != DBGFETCH_PENDING)
		return;
	e->state = path ? DBGFETCH_FOUND : DBGFETCH_FAILED;
	e->path = path ? xstrdup(path) : NULL;
	e->error = error ? xstrdup(error) : NULL;
	f->pending--;
}

/* "BUILDID 0 PATH" or "BUILDID -ERRNO". */
static void parse_answer(struct dbgfetch *f, const char *line)
{
	size_t n = strcspn(line, " ");
	struct fetch_entry *e = find_entry(f, line, n);
	char *end;
	long rc;

	if (!e || !line[n])
		return;
	rc = strtol(line + n + 1, &end, 10);
	if (rc == 0 && *end == ' ')
		settle(f, e, end + 1, NULL);
	else if (rc == -ENOENT)
		settle(f, e, NULL, "not found");
	else if (rc == -ETIME || rc == -ETIMEDOUT)
		settle(f, e, NULL, "timed out");
	else
		settle(f, e, NULL, strerror((int)-rc));
}

/* Reads what has arrived; returns 0 at end of file, else 1. */
static int read_answers(struct dbgfetch *f, size_t *settled)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(f->ans, buf, sizeof(buf))) != 0) {
		char *nl, *line;
		size_t before = f->pending, rest;

		if (n < 0)
			return errno == EINTR || errno == EAGAIN ? 1 : 0;
		strbuf_add(&f->in, buf, (size_t)n);
		line = f->in.buf;
		while ((nl = memchr(line, '\n', f->in.len - (size_t)(line - f->in.buf)))) {
			*nl = '\0';
			parse_answer(f, line);
			line = nl + 1;
		}
		rest = f->in.len - (size_t)(line - f->in.buf);
		memmove(f->in.buf, line, rest);
		strbuf_setlen(&f->in, rest);
		*settled += before - f->pending;
	}
	return 0;
}

static void close_answers(struct dbgfetch *f)
{
	if (f->ans >= 0)
		close(f->ans);
	f->ans = -1;
}

size_t dbgfetch_poll(struct dbgfetch *f)
{
	size_t settled = 0;

	if (f->ans >= 0 && !read_answers(f, &settled))
		close_answers(f);
	return settled;
}

enum dbgfetch_state dbgfetch_get(struct dbgfetch *f, const char *build_id, const char **path)
{
	struct fetch_entry *e = find_entry(f, build_id, strlen(build_id));

	if (!e) {
		struct strbuf sb = STRBUF_INIT;

		ALLOC_GROW(f->v, f->nr + 1, f->alloc);
		e = &f->v[f->nr++];
		memset(e, 0, sizeof(*e));
		e->build_id = xstrdup(build_id);
		e->state = DBGFETCH_PENDING;
		f->pending++;
		strbuf_addf(&sb, "%s\n", build_id);
		if (f->req < 0 || send(f->req, sb.buf, sb.len, MSG_NOSIGNAL | MSG_DONTWAIT) !=
				  (ssize_t)sb.len)
			settle(f, e, NULL, f->req < 0 ? "out of time" : "too many questions");
		strbuf_release(&sb);
	}
	if (e->state == DBGFETCH_FOUND && path)
		*path = e->path;
	return e->state;
}

/*
 * Killed, not asked to abort: a query that libdebuginfod's progress callback
 * aborts ends as "not found", which it then keeps in its cache as a miss for
 * cache_miss_s (10 minutes), and the next run would not ask again. A killed
 * download leaves at most its temporary file, which the cache's cleaning
 * removes.
 */
static void stop_child(struct dbgfetch *f)
{
	int status;

	if (f->req >= 0)
		close(f->req);
	f->req = -1;
	if (!f->pid)
		return;
	kill(f->pid, SIGKILL);
	while (waitpid(f->pid, &status, 0) < 0 && errno == EINTR)
		;
	f->pid = 0;
}

size_t dbgfetch_finish(struct dbgfetch *f, double seconds)
{
	double end = monotonic_seconds() + seconds;
	size_t settled = 0, i;

	while (f->pending && f->ans >= 0) {
		double left = end - monotonic_seconds();
		struct pollfd p = { .fd = f->ans, .events = POLLIN };

		if (left <= 0)
			break;
		if (poll(&p, 1, (int)(left * 1000) + 1) < 0 && errno != EINTR)
			break;
		if (!read_answers(f, &settled))
			close_answers(f);
	}
	stop_child(f);
	if (f->ans >= 0 && !read_answers(f, &settled))
		close_answers(f);
	for (i = 0; i < f->nr; i++)
		settle(f, &f->v[i], NULL, "timed out");
	return settled;
}

const char *dbgfetch_error(struct dbgfetch *f, const char *build_id)
{
	struct fetch_entry *e = find_entry(f, build_id, strlen(build_id));

	return e && e->state == DBGFETCH_FAILED ? e->error : NULL;
}

void dbgfetch_free(struct dbgfetch *f)
{
	size_t i;

	if (!f)
		return;
	stop_child(f);
	close_answers(f);
	for (i = 0; i < f->nr; i++) {
		free(f->v[i].build_id);
		free(f->v[i].path);
		free(f->v[i].error);
	}
	free(f->v);
	strbuf_release(&f->in);
	free(f);
}
