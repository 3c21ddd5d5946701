// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-fold: collapses `perf script` output into folded stacks, with the
 * results of FlameGraph's stackcollapse-perf.pl, and writes them as folded
 * stacks or pprof. A perf.data file is run through `perf script` first.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "fold.h"

static const struct hr_usage usage = {
	"hr-fold [OPTION]... [FILE]...",
	"Collapse `perf script` output (or a perf.data file) into folded stacks, or\n"
	"convert folded stacks to pprof. With no FILE, or when FILE is -, read\n"
	"standard input.",
	"Example: perf script | hr-fold --format pprof -o cpu.pb.gz",
};

static const struct opt_choice formats[] = {
	{ "folded", FORMAT_AUTO }, { "pprof", FORMAT_PPROF }, { NULL, 0 }
};

struct fold_options {
	struct perfscript_opts fold;
	const char *out_path;
	int format;		/* FORMAT_AUTO (folded) or FORMAT_PPROF */
	bool quiet;
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
		OPT_CHOICE('f', "format", &o->format, "FMT", formats,
			   "folded (the default) or pprof (gzipped profile.proto)"),
		OPT_QUIET(&o->quiet),
		OPT_BOOL(0, "pid", &f->pid, "include the PID with process names"),
		OPT_BOOL(0, "tid", &f->tid, "include the PID and TID with process names"),
		OPT_BOOL(0, "annotate", &f->kernel, "mark kernel frames NAME_[k], as hr-sample does"),
		/* stackcollapse-perf.pl's spelling; hr-sample's --kernel keeps kernel frames. */
		OPT_BOOL(0, "kernel", &f->kernel, "the same as --annotate (stackcollapse-perf.pl's "
			 "spelling)"),
		OPT_BOOL(0, "jit", &f->jit, "annotate JIT functions (perf-PID.map) with _[j]"),
		OPT_CALLBACK(0, "all", f, NULL, "all annotations (--annotate --jit)", opt_all),
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
	f->modules = o->format == FORMAT_PPROF;
	return first;
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

/*
 * Says which files perf could not name frames in, and how to get their
 * symbols; perf prints such a frame as "[unknown] (/path/file)".
 */
static void hint_symbols(const struct perfscript *ps)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = stackmap_size(&ps->nosym), shown = 0;
	bool kernel = false;

	for (i = 0; i < n; i++) {
		const struct stackmap_entry *e = &ps->nosym.entries[i];

		if (e->key[0] != '/') {
			kernel |= !strcmp(e->key, "[kernel.kallsyms]");
			continue;
		}
		if (shown++ < 5)
			strbuf_addf(&sb, "%s%s", shown > 1 ? ", " : "", e->key);
	}
	if (shown > 5)
		strbuf_addf(&sb, " and %zu more", shown - 5);
	if (shown)
		warning("frames without a symbol in %s: install the debug symbols (on Debian, "
			"the -dbgsym package of the file's package, from the debian-debug "
			"archive), or set DEBUGINFOD_URLS for perf to fetch them, and run "
			"perf script again", sb.buf);
	if (kernel)
		warning("kernel frames without a symbol: run perf script as root, or with "
			"kernel.kptr_restrict=0, to read the kernel's symbols");
	strbuf_release(&sb);
}

/* Dies when nothing was folded; warns of what was left out. */
static void check_result(const struct fold *f, bool quiet)
{
	const struct perfscript *ps = &f->ps;

	if (ps->badlines)
		report_bad_lines(ps);
	if (!ps->samples && !f->folded_lines) {
		if (ps->filtered && !ps->event_defaulted)
			die("no samples of event '%s' (the input has '%s'; see --event-filter)",
			    ps->event, ps->other_event);
		die("no samples found; expected the output of 'perf script' for a recording "
		    "with call graphs (perf record -g): a header line such as "
		    "'comm 1234 [000] 10.5: 250000 cycles:' followed by stack lines such as "
		    "'\\tffffffff81 func+0x1f (/lib/x.so)', or folded stacks");
	}
	if (ps->samples && ps->bare == ps->samples)
		warning("the samples have no stack frames: record call graphs with "
			"'perf record -g' (or --call-graph dwarf)");
	if (ps->filtered && ps->event_defaulted)
		warning("folded only the first event seen, '%s'; skipped %llu sample%s of "
			"other events such as '%s' (choose one with --event-filter)",
			ps->event, (unsigned long long)ps->filtered, ps->filtered == 1 ? "" : "s",
			ps->other_event);
	if (!quiet)
		hint_symbols(ps);
}

/*
 * Folded inputs keep their count name in ps.countname; perf's inputs count
 * what their event says. Mixed, the two must agree.
 */
static void check_countname(struct fold *f)
{
	char *perf;

	if (!f->perf_inputs || !f->folded_lines)
		return;
	perf = perfscript_countname(&f->ps);
	if (strcmp(perf ? perf : "samples", f->ps.countname))
		die("the folded input counts %s but the perf input counts %s: "
		    "profiles of different units do not add up", f->ps.countname,
		    perf ? perf : "samples");
	free(perf);
}

static void write_output(const struct fold *f, const struct fold_options *o)
{
	const char *name = o->out_path ? o->out_path : "standard output";
	FILE *out = open_output(o->out_path);

	if (o->format == FORMAT_PPROF) {
		if (isatty(fileno(out)))
			die("pprof's format is binary: write it to a file (-o FILE) or a pipe");
		if (fold_write_pprof(f, out, name) < 0)
			exit(EXIT_TROUBLE);
	} else if (perfscript_write(&f->ps, out) < 0 && out != stdout) {
		die_errno("cannot write '%s'", o->out_path);
	}
	close_output(out, o->out_path);
}

int main(int argc, char **argv)
{
	struct fold_options o;
	struct fold f;
	int first, i;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	fold_init(&f, &o.fold);
	f.buildids_wanted = o.format == FORMAT_PPROF;
	if (first == argc)
		fold_file(&f, "-");
	for (i = first; i < argc; i++)
		fold_file(&f, argv[i]);
	check_result(&f, o.quiet);
	check_countname(&f);
	write_output(&f, &o);
	fold_release(&f);
	return finish_stdout();
}
