// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-top: the hot-function table of a folded-stack profile, for a terminal
 * during an incident: self and total samples per function, hottest first.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "top.h"

static const char usage[] =
	"Usage: hr-top [options] [FILE...]\n"
	"Show the hottest functions of folded stacks (standard input when no FILE, or\n"
	"'-'): samples in the function itself (self) and in it or its callees (total,\n"
	"recursion counted once per stack). Lines with two counts (hr-diff output)\n"
	"show both profiles and the change.\n"
	"\n"
	"  -n, --rows N          show the N hottest functions (default 20; 0: all)\n"
	"  -s, --sort KEY        order by self (default), total, delta (change of self%)\n"
	"                        or delta-total (change of total%); deltas need two counts\n"
	"  -g, --grep REGEX      keep only stacks with a frame matching REGEX (POSIX ERE)\n"
	"  -v, --invert-match    keep only stacks with no frame matching --grep\n"
	"  -i, --ignore-case     match --grep without regard to case\n"
	"      --tsv             tab-separated values with a header line (the default\n"
	"                        when standard output is not a terminal)\n"
	"      --table           aligned columns (the default on a terminal)\n"
	"  -w, --wide            do not shorten long function names to the terminal width\n"
	"  -o, --output FILE     write to FILE instead of standard output\n"
	"  -h, --help            show this help and exit\n"
	"      --version         show the version and exit\n"
	"\n"
	"Example: hr-top -n 10 --grep '^ext4_' perf.folded\n";

enum { OPT_TSV = OPT_VERSION + 1, OPT_TABLE };

static const struct option longopts[] = {
	{ "rows", required_argument, NULL, 'n' },
	{ "sort", required_argument, NULL, 's' },
	{ "grep", required_argument, NULL, 'g' },
	{ "invert-match", no_argument, NULL, 'v' },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "tsv", no_argument, NULL, OPT_TSV },
	{ "table", no_argument, NULL, OPT_TABLE },
	{ "wide", no_argument, NULL, 'w' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

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
	struct top t;
	enum sort_key sort_by = SORT_SELF;
	const char *out_path = NULL, *grep = NULL;
	int tsv = -1, wide = 0, icase = 0, invert = 0, c;
	unsigned long rows = 20;
	FILE *out;

	cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hn:s:g:viwo:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		case 'n': {
			char *end;

			errno = 0;
			rows = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || optarg[0] == '-')
				usage_error("--rows: expected a number of rows, got '%s'", optarg);
			break;
		}
		case 's':
			if (!strcmp(optarg, "self"))
				sort_by = SORT_SELF;
			else if (!strcmp(optarg, "total"))
				sort_by = SORT_TOTAL;
			else if (!strcmp(optarg, "delta"))
				sort_by = SORT_DELTA;
			else if (!strcmp(optarg, "delta-total"))
				sort_by = SORT_DELTA_TOTAL;
			else
				usage_error("--sort: expected self, total, delta or delta-total, got '%s'",
					    optarg);
			break;
		case 'g':
			grep = optarg;
			break;
		case 'v':
			invert = 1;
			break;
		case 'i':
			icase = 1;
			break;
		case OPT_TSV:
			tsv = 1;
			break;
		case OPT_TABLE:
			tsv = 0;
			break;
		case 'w':
			wide = 1;
			break;
		case 'o':
			out_path = optarg;
			break;
		default:
			usage_error(NULL);
		}
	}
	if (invert && !grep)
		usage_error("--invert-match needs --grep");
	top_init(&t);
	if (grep) {
		char msg[256];

		if (top_set_grep(&t, grep, icase, invert, msg, sizeof(msg)) < 0)
			usage_error("--grep: invalid regular expression '%s': %s", grep, msg);
	}
	if (optind == argc) {
		read_input(&t, NULL);
	} else {
		for (int i = optind; i < argc; i++)
			read_input(&t, argv[i]);
	}
	if (!t.stacks)
		die("%s: no folded stacks (expected 'STACK COUNT' lines)",
		    optind + 1 == argc ? argv[optind] : optind == argc ? "-" : "input");
	if ((sort_by == SORT_DELTA || sort_by == SORT_DELTA_TOTAL) && t.ncounts != 2)
		die("--sort %s needs two counts per line (as hr-diff writes)",
		    sort_by == SORT_DELTA ? "delta" : "delta-total");

	out = open_output(out_path);
	if (tsv < 0)
		tsv = !isatty(fileno(out));
	top_print(&t, out, rows, sort_by, tsv, wide || tsv ? 0 : terminal_width(out));
	close_output(out, out_path);
	top_release(&t);
	return finish_stdout();
}
