// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-fold: collapses `perf script` output into folded stacks, with the
 * results of FlameGraph's stackcollapse-perf.pl. A perf.data file is run
 * through `perf script` first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "perfscript.h"

static const struct hr_usage usage = {
	"hr-fold [OPTION]... [FILE]...",
	"Collapse `perf script` output (or a perf.data file) into folded stacks.\n"
	"With no FILE, or when FILE is -, read standard input.",
	NULL,
};

struct fold_options {
	struct perfscript_opts fold;
	const char *out_path;
};

/* --all: every annotation. */
static int opt_all(const struct hr_option *opt, const char *arg)
{
	struct perfscript_opts *o = opt->value;

	(void)arg;
	o->kernel = o->jit = true;
	return 0;
}

/* Returns the index in argv of the first FILE. */
static int parse_options(int argc, char **argv, struct fold_options *o)
{
	struct perfscript_opts *f = &o->fold;
	const struct hr_option options[] = {
		OPT_FILENAME('o', "output", &o->out_path, "FILE", "write the folded stacks to FILE"),
		OPT_BOOL(0, "pid", &f->pid, "include the PID with process names"),
		OPT_BOOL(0, "tid", &f->tid, "include the PID and TID with process names"),
		OPT_BOOL(0, "kernel", &f->kernel, "annotate kernel functions with _[k]"),
		OPT_BOOL(0, "jit", &f->jit, "annotate JIT functions (perf-PID.map) with _[j]"),
		OPT_CALLBACK(0, "all", f, NULL, "all annotations (--kernel --jit)", opt_all),
		OPT_BOOL(0, "addrs", &f->addrs, "include raw addresses where symbols are unknown"),
		OPT_BOOL(0, "inline", &f->inline_frames,
			 "un-inline frames with DWARF debugging information"),
		OPT_BOOL(0, "context", &f->context, "add source file and line to --inline frames"),
		OPT_BOOL(0, "srcline", &f->srcline,
			 "read the source lines of 'perf script -F+srcline'"),
		OPT_STRING(0, "event-filter", &f->event_filter, "EVENT",
			   "fold only samples of EVENT (default: the first seen)"),
		OPT_BOOL(0, "samples", &f->samples, "count samples instead of summing sample periods"),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct fold_options){ 0 };
	first = options_parse(argc, argv, options, &usage, 0);
	if (f->context && !f->inline_frames)
		usage_error("--context adds source lines to --inline; use it with --inline");
	return first;
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
 * Runs `perf script` on a perf.data file and returns the read end of its
 * output. Under --srcline, perf is asked for the source lines the option reads.
 */
static int run_perf_script(const char *path, const struct perfscript_opts *opt, pid_t *pid)
{
	char perf[] = "perf", script[] = "script", dash_i[] = "-i", dash_f[] = "-F";
	char f_pid[] = "+pid", f_pid_src[] = "+pid,+srcline", f_src[] = "+srcline";
	char dev_stdin[] = "/dev/stdin";
	char *input = xstrdup(path);
	char *argv[10];
	int n = 0, fds[2], in = -1;

	argv[n++] = perf;
	argv[n++] = script;
	argv[n++] = dash_i;
	/* standard input holding perf.data is read through its descriptor */
	argv[n++] = strcmp(path, "-") ? input : dev_stdin;
	if (opt->pid || opt->tid) {
		argv[n++] = dash_f;
		argv[n++] = opt->srcline ? f_pid_src : f_pid;
	} else if (opt->srcline) {
		argv[n++] = dash_f;
		argv[n++] = f_src;
	}
	argv[n] = NULL;

	if (!strcmp(path, "-")) {
		struct stat st;

		if (fstat(0, &st) < 0 || !S_ISREG(st.st_mode))
			die("standard input is a perf.data stream; perf needs a file: "
			    "give its path, or pipe 'perf script' output instead");
		in = 0;
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
		if (in < 0) {
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
	free(input);
	return fds[0];
}

static void wait_perf(pid_t pid, const char *path)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die_errno("cannot wait for perf");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		exit(EXIT_TROUBLE);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		die("'perf script -i %s' failed", path);
}

static void fold_file(struct perfscript *ps, const char *path)
{
	struct linereader lr;
	const char *head;
	size_t n;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", path);
	n = linereader_peek(&lr, &head, 4096);
	if (lr.error)
		die("cannot read '%s': %s", lr.name, strerror(lr.err));
	if (is_perf_data(head, n)) {
		pid_t pid;
		int fd;

		/* the child reads the file itself */
		linereader_close(&lr);
		fd = run_perf_script(path, &ps->opt, &pid);
		linereader_init_fd(&lr, fd, path);
		if (perfscript_read(ps, &lr) < 0)
			exit(EXIT_TROUBLE);
		linereader_close(&lr);
		close(fd);
		wait_perf(pid, path);
		return;
	}
	if (is_binary(head, n))
		die("'%s' is binary data; expected the text output of 'perf script' "
		    "or a perf.data file", lr.name);
	if (perfscript_read(ps, &lr) < 0)
		exit(EXIT_TROUBLE);
	linereader_close(&lr);
}

static void report_bad_lines(const struct perfscript *ps)
{
	struct strbuf sb = STRBUF_INIT;
	uint64_t i, shown = ps->badlines < PERFSCRIPT_MAX_BADLINES ? ps->badlines
								 : PERFSCRIPT_MAX_BADLINES;

	for (i = 0; i < shown; i++) {
		if (i)
			strbuf_addstr(&sb, ", ");
		if (!i || strcmp(ps->badline_file[i], ps->badline_file[i - 1]))
			strbuf_addf(&sb, "%s:", ps->badline_file[i]);
		strbuf_addf(&sb, "%llu", (unsigned long long)ps->badline_no[i]);
	}
	if (ps->badlines > shown)
		strbuf_addstr(&sb, ", ...");
	warning("skipped %llu line%s that %s neither a sample header nor a stack frame (%s)",
		(unsigned long long)ps->badlines, ps->badlines == 1 ? "" : "s",
		ps->badlines == 1 ? "is" : "are", sb.buf);
	strbuf_release(&sb);
}

/* Dies when nothing was folded; warns of what was left out. */
static void check_result(const struct perfscript *ps)
{
	if (ps->badlines)
		report_bad_lines(ps);
	if (!ps->samples) {
		if (ps->filtered && !ps->event_defaulted)
			die("no samples of event '%s' (the input has '%s'; see --event-filter)",
			    ps->event, ps->other_event);
		die("no samples found; expected the output of 'perf script' for a recording "
		    "with call graphs (perf record -g): a header line such as "
		    "'comm 1234 [000] 10.5: 250000 cycles:' followed by stack lines such as "
		    "'\\tffffffff81 func+0x1f (/lib/x.so)'");
	}
	if (ps->bare == ps->samples)
		warning("the samples have no stack frames: record call graphs with "
			"'perf record -g' (or --call-graph dwarf)");
	if (ps->filtered && ps->event_defaulted)
		warning("folded only the first event seen, '%s'; skipped %llu sample%s of "
			"other events such as '%s' (choose one with --event-filter)",
			ps->event, (unsigned long long)ps->filtered, ps->filtered == 1 ? "" : "s",
			ps->other_event);
}

int main(int argc, char **argv)
{
	struct fold_options o;
	struct perfscript ps;
	FILE *out;
	int first, i;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	perfscript_init(&ps, &o.fold);
	if (first == argc)
		fold_file(&ps, "-");
	for (i = first; i < argc; i++)
		fold_file(&ps, argv[i]);
	check_result(&ps);

	out = open_output(o.out_path);
	if (perfscript_write(&ps, out) < 0 && out != stdout)
		die_errno("cannot write '%s'", o.out_path);
	close_output(out, o.out_path);
	perfscript_release(&ps);
	return finish_stdout();
}
