// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-fold's inputs: `perf script` text, perf.data files (run through perf,
 * whose build-id list is read too when pprof wants it), and folded stacks,
 * which are taken as they are so that hr-fold converts them to pprof.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/linereader.h"
#include "fold.h"

void fold_init(struct fold *f, const struct perfscript_opts *opt)
{
	*f = (struct fold){ .ids = STRBUF_INIT };	/* a zeroed stackmap is empty */
	perfscript_init(&f->ps, opt);
}

void fold_release(struct fold *f)
{
	perfscript_release(&f->ps);
	stackmap_release(&f->buildids);
	strbuf_release(&f->ids);
}

/* perf.data starts with "PERFILE2" (and old files with "PERFFILE"). */
static bool is_perf_data(const char *p, size_t n)
{
	return n >= 8 && (!memcmp(p, "PERFILE2", 8) || !memcmp(p, "PERFFILE", 8));
}

/* Text has no NUL bytes; perf script output never does. */
static bool is_binary(const char *p, size_t n)
{
	return memchr(p, '\0', n) != NULL;
}

/*
 * Whether the first lines are folded stacks rather than `perf script` text,
 * whose samples start with a header line ending in the event ("cycles:") and
 * whose frames are indented. Comments and blank lines say nothing.
 */
static bool looks_folded(const char *p, size_t n)
{
	const char *end = p + n;
	int seen = 0;

	while (p < end && seen < 20) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		struct folded_line fl;

		if (le > p && le[-1] == '\r')
			le--;
		if (le > p && *p != '#') {
			if (*p == ' ' || *p == '\t')
				return false;
			/* a line the window cuts short is judged by its start alone */
			if (nl && folded_parse(p, (size_t)(le - p), &fl) < 0)
				return false;
			seen++;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return seen > 0;
}

/*
 * Runs perf with argv (argv[3] is the input, "-i FILE") and returns the read
 * end of its output. Standard input holding a perf.data file is read
 * through /dev/stdin, which perf can open by name.
 */
static int run_perf(char **argv, const char *path, pid_t *pid)
{
	int fds[2];

	if (!strcmp(path, "-")) {
		struct stat st;

		if (fstat(0, &st) < 0 || !S_ISREG(st.st_mode))
			die("standard input is a perf.data stream; perf needs a file: "
			    "give its path, or pipe 'perf script' output instead");
	}
	if (pipe(fds) < 0)
		die_errno("cannot create a pipe");
	*pid = fork();
	if (*pid < 0)
		die_errno("cannot fork");
	if (*pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		if (strcmp(path, "-")) {
			int devnull = open("/dev/null", O_RDONLY);

			if (devnull >= 0) {
				dup2(devnull, 0);
				close(devnull);
			}
		}
		execvp("perf", argv);
		fprintf(stderr, "%s: '%s' is a perf.data file, and perf cannot be run to read it: %s\n",
			progname(), path, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	return fds[0];
}

/* Waits for perf; returns its exit status, or -1 when it did not exit. */
static int wait_perf(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die_errno("cannot wait for perf");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* `perf script` of a perf.data file, folded; under --srcline perf prints source lines. */
static void fold_perf_data(struct fold *f, const char *path)
{
	char perf[] = "perf", script[] = "script", dash_i[] = "-i", dash_f[] = "-F";
	char f_pid[] = "+pid", f_pid_src[] = "+pid,+srcline", f_src[] = "+srcline";
	char dev_stdin[] = "/dev/stdin";
	char *input = xstrdup(path), *argv[10];
	const struct perfscript_opts *opt = &f->ps.opt;
	struct linereader lr;
	int n = 0, fd, rc;
	pid_t pid;

	argv[n++] = perf;
	argv[n++] = script;
	argv[n++] = dash_i;
	argv[n++] = strcmp(path, "-") ? input : dev_stdin;
	if (opt->pid || opt->tid) {
		argv[n++] = dash_f;
		argv[n++] = opt->srcline ? f_pid_src : f_pid;
	} else if (opt->srcline) {
		argv[n++] = dash_f;
		argv[n++] = f_src;
	}
	argv[n] = NULL;
	fd = run_perf(argv, path, &pid);
	linereader_init_fd(&lr, fd, path);
	if (perfscript_read(&f->ps, &lr) < 0)
		exit(EXIT_TROUBLE);
	linereader_close(&lr);
	close(fd);
	free(input);
	rc = wait_perf(pid);
	if (rc == 127)
		exit(EXIT_TROUBLE);
	if (rc)
		die("'perf script -i %s' failed", path);
}

/* The "BUILDID PATH" lines of `perf buildid-list`, for pprof's mappings. */
static void read_buildids(struct fold *f, const char *path)
{
	char perf[] = "perf", list[] = "buildid-list", dash_i[] = "-i", dev_stdin[] = "/dev/stdin";
	char *input = xstrdup(path), *argv[] = { perf, list, dash_i, input, NULL };
	struct linereader lr;
	char *line;
	ssize_t len;
	pid_t pid;
	int fd;

	if (!strcmp(path, "-"))
		argv[3] = dev_stdin;
	fd = run_perf(argv, path, &pid);
	linereader_init_fd(&lr, fd, path);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		const char *sp = memchr(line, ' ', (size_t)len);
		size_t idlen = sp ? (size_t)(sp - line) : 0;

		if (!idlen || idlen != strspn(line, "0123456789abcdef") ||
		    stackmap_find(&f->buildids, sp + 1, (size_t)(line + len - sp - 1)))
			continue;
		stackmap_add(&f->buildids, sp + 1, (size_t)(line + len - sp - 1),
			     (double)f->ids.len, 0);
		strbuf_add(&f->ids, line, idlen);
		strbuf_addch(&f->ids, '\0');
	}
	linereader_close(&lr);
	close(fd);
	free(input);
	/* without build-ids the profile is still whole: perf's complaint is enough */
	wait_perf(pid);
}

const char *fold_buildid(const struct fold *f, const char *path, size_t len)
{
	const struct stackmap_entry *e = stackmap_find(&f->buildids, path, len);

	return e ? f->ids.buf + (size_t)e->count[0] : NULL;
}

/* Folded stacks, added as they are; their count name must agree with the others'. */
static void fold_folded(struct fold *f, struct linereader *lr)
{
	struct folded_reader r;
	struct folded_line fl;
	int rc;

	folded_reader_from(&r, lr, FOLDED_ONE_OR_TWO);
	while ((rc = folded_reader_next(&r, &fl)) > 0) {
		if (fl.ncounts == 2)
			die("%s:%llu: two counts (a differential profile); hr-fold takes "
			    "profiles of one count", r.name, (unsigned long long)r.lr.lineno);
		stackmap_add(&f->ps.map, fl.stack, fl.stack_len, fl.count[0], 0);
		f->folded_lines++;
	}
	if (rc < 0)
		exit(EXIT_TROUBLE);
	if (!r.stacks)
		die("%s: no folded stacks ('STACK COUNT' lines)", r.name);
	if (folded_merge_countname(&f->ps.countname, r.name, r.countname) < 0)
		exit(EXIT_TROUBLE);
	folded_reader_close(&r);
}

void fold_file(struct fold *f, const char *path)
{
	struct linereader lr;
	const char *head;
	size_t n;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", path);
	n = linereader_peek(&lr, &head, 65536);
	if (lr.error)
		die("cannot read '%s': %s", lr.name, strerror(lr.err));
	if (is_perf_data(head, n)) {
		/* perf reads the file itself */
		linereader_close(&lr);
		f->perf_inputs++;
		fold_perf_data(f, path);
		if (f->buildids_wanted)
			read_buildids(f, path);
		return;
	}
	if (is_binary(head, n))
		die("'%s' is binary data; expected the text output of 'perf script', "
		    "folded stacks or a perf.data file", lr.name);
	if (looks_folded(head, n)) {
		fold_folded(f, &lr);
		return;
	}
	f->perf_inputs++;
	if (perfscript_read(&f->ps, &lr) < 0)
		exit(EXIT_TROUBLE);
	linereader_close(&lr);
}
