// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-fold: collapses `perf script` output into folded stacks, with the
 * results of FlameGraph's stackcollapse-perf.pl. A perf.data file is run
 * through `perf script` first.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/strbuf.h"
#include "perfscript.h"

static const char usage[] =
	"Usage: hr-fold [OPTION]... [FILE]...\n"
	"Collapse `perf script` output (or a perf.data file) into folded stacks.\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"  -o, --output=FILE     write the folded stacks to FILE\n"
	"      --pid             include the PID with process names\n"
	"      --tid             include the PID and TID with process names\n"
	"      --kernel          annotate kernel functions with _[k]\n"
	"      --jit             annotate JIT functions (perf-PID.map) with _[j]\n"
	"      --all             all annotations (--kernel --jit)\n"
	"      --addrs           include raw addresses where symbols are unknown\n"
	"      --inline          un-inline frames with DWARF debugging information\n"
	"      --context         add source file and line to --inline frames\n"
	"      --srcline         read the source lines of 'perf script -F+srcline'\n"
	"      --event-filter=EVENT  fold only samples of EVENT (default: the first seen)\n"
	"      --samples         count samples instead of summing sample periods\n"
	"  -h, --help            show this help and exit\n"
	"      --version         show the version and exit\n";

enum {
	OPT_PID = OPT_VERSION + 1, OPT_TID, OPT_KERNEL, OPT_JIT, OPT_ALL, OPT_ADDRS,
	OPT_INLINE, OPT_CONTEXT, OPT_SRCLINE, OPT_EVENT, OPT_SAMPLES,
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "pid", no_argument, NULL, OPT_PID },
	{ "tid", no_argument, NULL, OPT_TID },
	{ "kernel", no_argument, NULL, OPT_KERNEL },
	{ "jit", no_argument, NULL, OPT_JIT },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "addrs", no_argument, NULL, OPT_ADDRS },
	{ "inline", no_argument, NULL, OPT_INLINE },
	{ "context", no_argument, NULL, OPT_CONTEXT },
	{ "srcline", no_argument, NULL, OPT_SRCLINE },
	{ "event-filter", required_argument, NULL, OPT_EVENT },
	{ "samples", no_argument, NULL, OPT_SAMPLES },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

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

int main(int argc, char **argv)
{
	struct perfscript_opts opt = { 0 };
	struct perfscript ps;
	const char *out_path = NULL;
	FILE *out;
	int c, i;

	cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return 0;
		case OPT_VERSION: print_version(); return 0;
		case 'o': out_path = optarg; break;
		case OPT_PID: opt.pid = true; break;
		case OPT_TID: opt.tid = true; break;
		case OPT_KERNEL: opt.kernel = true; break;
		case OPT_JIT: opt.jit = true; break;
		case OPT_ALL: opt.kernel = opt.jit = true; break;
		case OPT_ADDRS: opt.addrs = true; break;
		case OPT_INLINE: opt.inline_frames = true; break;
		case OPT_CONTEXT: opt.context = true; break;
		case OPT_SRCLINE: opt.srcline = true; break;
		case OPT_EVENT: opt.event_filter = optarg; break;
		case OPT_SAMPLES: opt.samples = true; break;
		default: usage_error(NULL);
		}
	}
	if (opt.context && !opt.inline_frames)
		usage_error("--context adds source lines to --inline; use it with --inline");

	perfscript_init(&ps, &opt);
	if (optind == argc)
		fold_file(&ps, "-");
	for (i = optind; i < argc; i++)
		fold_file(&ps, argv[i]);

	if (ps.badlines)
		report_bad_lines(&ps);
	if (!ps.samples) {
		if (ps.filtered && !ps.event_defaulted)
			die("no samples of event '%s' (the input has '%s'; see --event-filter)",
			    ps.event, ps.other_event);
		die("no samples found; expected the output of 'perf script': a header line "
		    "such as 'comm 1234 [000] 10.5: 250000 cycles:' followed by stack lines "
		    "such as '\\tffffffff81 func+0x1f (/lib/x.so)'");
	}
	if (ps.filtered && ps.event_defaulted)
		warning("folded only the first event seen, '%s'; skipped %llu sample%s of "
			"other events such as '%s' (choose one with --event-filter)",
			ps.event, (unsigned long long)ps.filtered, ps.filtered == 1 ? "" : "s",
			ps.other_event);

	out = open_output(out_path);
	if (perfscript_write(&ps, out) < 0 && out != stdout)
		die_errno("cannot write '%s'", out_path);
	close_output(out, out_path);
	perfscript_release(&ps);
	return finish_stdout();
}
