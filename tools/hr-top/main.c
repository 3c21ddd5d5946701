// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-top: the hot-function table of a folded-stack profile, for a terminal
 * during an incident: self and total samples per function, hottest first.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/options.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "top.h"

static const struct hr_usage usage = {
	"hr-top [OPTION]... [FILE]...",
	"Show the hottest functions of folded stacks (standard input when no FILE, or\n"
	"'-'): samples in the function itself (self) and in it or its callees (total,\n"
	"recursion counted once per stack). Lines with two counts (hr-diff output)\n"
	"show both profiles and the change.",
	"Example: hr-top -n 10 --grep '^ext4_' perf.folded",
};

static const struct opt_choice sort_keys[] = {
	{ "self", SORT_SELF }, { "total", SORT_TOTAL }, { "delta", SORT_DELTA },
	{ "delta-total", SORT_DELTA_TOTAL }, { NULL, 0 }
};

struct top_options {
	unsigned long rows;
	int sort_by;
	const char *grep, *out_path;
	bool invert, icase, wide;
	int format;		/* enum output_format; FORMAT_AUTO by the output */
};

static int parse_options(int argc, char **argv, struct top_options *o)
{
	const struct hr_option options[] = {
		OPT_ULONG('n', "rows", &o->rows, "N",
			  "show the N hottest functions (default 20; 0: all)"),
		OPT_CHOICE('s', "sort", &o->sort_by, "KEY", sort_keys,
			   "order by self (default), total, delta (change of self%) or "
			   "delta-total (change of total%); deltas need two counts"),
		OPT_STRING('g', "grep", &o->grep, "REGEX",
			   "keep only stacks with a frame matching REGEX (POSIX ERE)"),
		OPT_BOOL('v', "invert-match", &o->invert, "keep only stacks with no frame matching --grep"),
		OPT_BOOL('i', "ignore-case", &o->icase, "match --grep without regard to case"),
		OPT_CHOICE('f', "format", &o->format, "FMT", table_formats,
			   "table (the default on a terminal), tsv (the default otherwise), "
			   "csv or json"),
		OPT_FORMAT_ALIAS(&o->format, "json", FORMAT_JSON),
		OPT_FORMAT_ALIAS(&o->format, "tsv", FORMAT_TSV),
		OPT_FORMAT_ALIAS(&o->format, "table", FORMAT_TABLE),
		OPT_BOOL('w', "wide", &o->wide, "do not shorten long function names to the terminal width"),
		OPT_OUTPUT(&o->out_path),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct top_options){ .rows = 20, .sort_by = SORT_SELF, .format = FORMAT_AUTO };
	first = options_parse(argc, argv, options, &usage, 0);
	if (o->invert && !o->grep)
		usage_error("--invert-match needs --grep");
	return first;
}

/* Adds one input to t; its count name joins *countname. */
static void read_input(struct top *t, const char *path, char **countname)
{
	struct folded_reader r;
	struct folded_line fl;
	int rc;

	if (folded_reader_open(&r, path, FOLDED_AS_FIRST) < 0)
		exit(EXIT_TROUBLE);
	/* A second input must have as many counts as the first. */
	r.ncounts = t->ncounts;
	while ((rc = folded_reader_next(&r, &fl)) > 0) {
		const char *why;

		if (top_add(t, &fl, &why) < 0 && r.invalid++ < 3)
			warning("%s:%llu: %s, skipped", r.name, (unsigned long long)r.lr.lineno, why);
	}
	if (rc < 0 || folded_merge_countname(countname, r.name, r.countname) < 0)
		exit(EXIT_TROUBLE);
	folded_reader_close(&r);
}

static int terminal_width(FILE *out)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	return 0;
}

int main(int argc, char **argv)
{
	struct top_options o;
	struct top_output to;
	struct top t;
	char *countname = NULL;
	FILE *out;
	int first;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	top_init(&t);
	if (o.grep) {
		char msg[256];

		if (top_set_grep(&t, o.grep, o.icase, o.invert, msg, sizeof(msg)) < 0)
			usage_error("--grep: invalid regular expression '%s': %s", o.grep, msg);
	}
	if (first == argc)
		read_input(&t, NULL, &countname);
	for (int i = first; i < argc; i++)
		read_input(&t, argv[i], &countname);
	if (!t.stacks)
		die("%s: no folded stacks (expected 'STACK COUNT' lines)",
		    first + 1 == argc ? argv[first] : first == argc ? "-" : "input");
	if ((o.sort_by == SORT_DELTA || o.sort_by == SORT_DELTA_TOTAL) && t.ncounts != 2)
		die("--sort %s needs two counts per line (as hr-diff writes)",
		    o.sort_by == SORT_DELTA ? "delta" : "delta-total");

	out = open_output(o.out_path);
	to = (struct top_output){ .rows = o.rows, .key = (enum sort_key)o.sort_by,
				  .format = (enum output_format)o.format, .countname = countname };
	if (output_format_resolve(to.format, out) == FORMAT_TABLE && !o.wide)
		to.width = terminal_width(out);
	if (top_print(&t, out, &to) < 0)
		die_errno("write error");
	close_output(out, o.out_path);
	top_release(&t);
	free(countname);
	return finish_stdout();
}
