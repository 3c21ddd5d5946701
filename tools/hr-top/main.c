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
#include "headroom/linereader.h"
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
	int tsv;		/* 1 TSV, 0 table, -1 by the output */
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
		OPT_SET_INT(0, "tsv", &o->tsv, "tab-separated values with a header line (the "
			    "default when standard output is not a terminal)", 1),
		OPT_SET_INT(0, "table", &o->tsv, "aligned columns (the default on a terminal)", 0),
		OPT_BOOL('w', "wide", &o->wide, "do not shorten long function names to the terminal width"),
		OPT_OUTPUT(&o->out_path),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct top_options){ .rows = 20, .sort_by = SORT_SELF, .tsv = -1 };
	first = options_parse(argc, argv, options, &usage, 0);
	if (o->invert && !o->grep)
		usage_error("--invert-match needs --grep");
	return first;
}

static void read_input(struct top *t, const char *path)
{
	const char *name = path && strcmp(path, "-") ? path : "-";
	struct linereader lr;
	uint64_t invalid = 0;
	char *line;
	ssize_t len;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", name);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		const char *why;

		if (memchr(line, '\0', (size_t)len))
			die("%s:%llu: binary data, expected folded stacks ('STACK COUNT')",
			    name, (unsigned long long)lr.lineno);
		if (len == 0)
			continue;
		if (top_add_line(t, line, (size_t)len, &why) < 0 && invalid++ < 3)
			warning("%s:%llu: %s, skipped: '%.60s'", name,
				(unsigned long long)lr.lineno, why, line);
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", name);
	}
	linereader_close(&lr);
	if (invalid > 3)
		warning("%s: %llu invalid lines skipped", name, (unsigned long long)invalid);
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
	struct top t;
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
	if (first == argc) {
		read_input(&t, NULL);
	} else {
		for (int i = first; i < argc; i++)
			read_input(&t, argv[i]);
	}
	if (!t.stacks)
		die("%s: no folded stacks (expected 'STACK COUNT' lines)",
		    first + 1 == argc ? argv[first] : first == argc ? "-" : "input");
	if ((o.sort_by == SORT_DELTA || o.sort_by == SORT_DELTA_TOTAL) && t.ncounts != 2)
		die("--sort %s needs two counts per line (as hr-diff writes)",
		    o.sort_by == SORT_DELTA ? "delta" : "delta-total");

	out = open_output(o.out_path);
	if (o.tsv < 0)
		o.tsv = !isatty(fileno(out));
	top_print(&t, out, o.rows, o.sort_by, o.tsv, o.wide || o.tsv ? 0 : terminal_width(out));
	close_output(out, o.out_path);
	top_release(&t);
	return finish_stdout();
}
