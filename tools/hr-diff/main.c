// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-diff: two folded-stack profiles into one differential profile,
 * "stack before after", the input of a differential flame graph.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "diff.h"

static const char usage[] =
	"Usage: hr-diff [options] BEFORE AFTER\n"
	"Compare two folded-stack profiles; print 'stack before after' for every stack\n"
	"of either (0 where a stack is absent), sorted by stack. '-' reads standard input.\n"
	"\n"
	"  -n, --normalize     scale BEFORE's counts to AFTER's total sample count\n"
	"  -s, --strip-hex     replace hex numbers (0x7f3a...) in frames by '0x...'\n"
	"  -o, --output FILE   write to FILE instead of standard output\n"
	"  -h, --help          show this help and exit\n"
	"      --version       show the version and exit\n"
	"\n"
	"Example: hr-diff before.folded after.folded | hr-flame > diff.svg\n";

static const struct option longopts[] = {
	{ "normalize", no_argument, NULL, 'n' },
	{ "strip-hex", no_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

struct input {
	const char *path;
	const char *name;	/* for messages */
	double total;
	uint64_t stacks, invalid;
};

/* Adds one profile into column col of map; dies naming file and line on bad input. */
static void read_profile(struct input *in, int col, struct stackmap *map, bool strip)
{
	struct linereader lr;
	struct strbuf sb = STRBUF_INIT;
	uint64_t nonblank = 0;
	char *line;
	ssize_t len;

	if (linereader_open(&lr, in->path) < 0)
		die_errno("cannot open '%s'", in->name);
	lr.name = in->name;
	while ((len = linereader_next(&lr, &line)) >= 0) {
		ssize_t slen;
		double c;

		if (memchr(line, '\0', (size_t)len))
			die("%s:%llu: binary data, expected folded stacks ('STACK COUNT')",
			    in->name, (unsigned long long)lr.lineno);
		if (len == 0)
			continue;
		nonblank++;
		slen = diff_parse_line(line, (size_t)len, &c);
		if (slen < 0) {
			if (in->invalid++ < 3)
				warning("%s:%llu: not a folded stack ('STACK COUNT'), skipped: '%.60s'",
					in->name, (unsigned long long)lr.lineno, line);
			continue;
		}
		if (strip) {
			diff_strip_hex(&sb, line, (size_t)slen);
			stackmap_add(map, sb.buf, sb.len, col ? 0 : c, col ? c : 0);
		} else {
			stackmap_add(map, line, (size_t)slen, col ? 0 : c, col ? c : 0);
		}
		in->total += c;
		in->stacks++;
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", in->name);
	}
	linereader_close(&lr);
	strbuf_release(&sb);
	if (!in->stacks)
		die("%s: no folded stacks in %llu line%s (expected 'STACK COUNT')", in->name,
		    (unsigned long long)nonblank, nonblank == 1 ? "" : "s");
	if (in->invalid > 3)
		warning("%s: %llu invalid lines skipped", in->name,
			(unsigned long long)in->invalid);
}

int main(int argc, char **argv)
{
	struct input in[2];
	struct stackmap map;
	const char *out_path = NULL;
	bool normalize = false, strip = false;
	FILE *out;
	int c, i;

	cli_init(argv[0]);
	while ((c = getopt_long(argc, argv, "hnso:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		case 'n':
			normalize = true;
			break;
		case 's':
			strip = true;
			break;
		case 'o':
			out_path = optarg;
			break;
		default:
			usage_error(NULL);
		}
	}
	if (argc - optind != 2)
		usage_error("expected two folded files, BEFORE and AFTER, got %d", argc - optind);
	if (!strcmp(argv[optind], "-") && !strcmp(argv[optind + 1], "-"))
		usage_error("only one of BEFORE and AFTER can be standard input");

	memset(in, 0, sizeof(in));
	stackmap_init(&map);
	for (i = 0; i < 2; i++) {
		in[i].path = argv[optind + i];
		in[i].name = argv[optind + i];
		read_profile(&in[i], i, &map, strip);
	}

	/*
	 * As difffolded.pl: BEFORE's counts become int(count * total2 / total1),
	 * so the two columns sum to about the same total.
	 */
	if (normalize && in[0].total != in[1].total) {
		size_t k;

		if (in[0].total == 0)
			die("cannot normalize: '%s' has no samples", in[0].name);
		for (k = 0; k < map.nr; k++)
			map.entries[k].count[0] =
				trunc(map.entries[k].count[0] * in[1].total / in[0].total);
	}

	out = open_output(out_path);
	if (stackmap_write(&map, out, 2) < 0)
		die_errno("cannot write '%s'", out_path ? out_path : "-");
	close_output(out, out_path);
	stackmap_release(&map);
	return finish_stdout();
}
