// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-diff: two folded-stack profiles into one differential profile,
 * "stack before after", the input of a differential flame graph.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/options.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "diff.h"

static const struct hr_usage usage = {
	"hr-diff [OPTION]... BEFORE AFTER",
	"Compare two folded-stack profiles; print 'stack before after' for every stack\n"
	"of either (0 where a stack is absent), sorted by stack. '-' reads standard input.",
	"Example: hr-diff before.folded after.folded | hr-flame > diff.svg",
};

struct diff_options {
	bool normalize, strip;
	const char *out_path;
};

/* Returns the index in argv of BEFORE; AFTER follows it. */
static int parse_options(int argc, char **argv, struct diff_options *o)
{
	const struct hr_option options[] = {
		OPT_BOOL('n', "normalize", &o->normalize,
			 "scale BEFORE's counts to AFTER's total sample count"),
		OPT_BOOL('s', "strip-hex", &o->strip,
			 "replace hex numbers (0x7f3a...) in frames by '0x...'"),
		OPT_OUTPUT(&o->out_path),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct diff_options){ 0 };
	first = options_parse(argc, argv, options, &usage, 0);
	if (argc - first != 2)
		usage_error("expected two folded files, BEFORE and AFTER, got %d", argc - first);
	if (!strcmp(argv[first], "-") && !strcmp(argv[first + 1], "-"))
		usage_error("only one of BEFORE and AFTER can be standard input");
	return first;
}

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

/*
 * As difffolded.pl: BEFORE's counts become int(count * total2 / total1), so
 * the two columns sum to about the same total.
 */
static void normalize(struct stackmap *map, const struct input in[2])
{
	size_t k;

	if (in[0].total == in[1].total)
		return;
	if (in[0].total == 0)
		die("cannot normalize: '%s' has no samples", in[0].name);
	for (k = 0; k < map->nr; k++)
		map->entries[k].count[0] =
			trunc(map->entries[k].count[0] * in[1].total / in[0].total);
}

int main(int argc, char **argv)
{
	struct diff_options o;
	struct input in[2];
	struct stackmap map;
	FILE *out;
	int first, i;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	memset(in, 0, sizeof(in));
	stackmap_init(&map);
	for (i = 0; i < 2; i++) {
		in[i].path = argv[first + i];
		in[i].name = argv[first + i];
		read_profile(&in[i], i, &map, o.strip);
	}
	if (o.normalize)
		normalize(&map, in);

	out = open_output(o.out_path);
	if (stackmap_write(&map, out, 2) < 0)
		die_errno("cannot write '%s'", o.out_path ? o.out_path : "-");
	close_output(out, o.out_path);
	stackmap_release(&map);
	return finish_stdout();
}
