// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-diff: two folded-stack profiles into one differential profile,
 * "stack before after", the input of a differential flame graph.
 */
#include <math.h>
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
#include "diff.h"

static const struct hr_usage usage = {
	"hr-diff [OPTION]... BEFORE AFTER",
	"Compare two folded-stack profiles; print 'stack before after' for every stack\n"
	"of either (0 where a stack is absent), sorted by stack. '-' reads standard input.",
	"Example: hr-diff before.folded after.folded | hr-flame > diff.svg",
};

static const struct opt_choice formats[] = {
	{ "folded", DIFF_FOLDED }, { "table", FORMAT_TABLE }, { "tsv", FORMAT_TSV },
	{ "csv", FORMAT_CSV }, { "json", FORMAT_JSON }, { NULL, 0 }
};

struct diff_options {
	bool normalize, strip;
	unsigned long rows;
	int format;
	const char *out_path;
};

static bool is_count(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/*
 * -n was --normalize, as difffolded.pl spells it, and now means --rows, as
 * in every tool. An -n without a number after it is the old spelling: it
 * still normalizes, with a warning, and is taken out of argv.
 */
static bool old_dash_n(int argc, char **argv)
{
	static char normalize[] = "--normalize";
	bool found = false;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		char *p, *a = argv[i];

		if (a[0] != '-' || a[1] == '-' || !a[1])
			continue;
		for (p = a + 1; *p; p++) {
			const char *arg;

			if (*p == 'o' || *p == 'f') {
				i += !p[1];	/* the next word is the argument */
				break;
			}
			if (*p != 'n')
				continue;
			arg = p[1] ? p + 1 : i + 1 < argc ? argv[i + 1] : "";
			if (is_count(arg)) {
				i += !p[1];
				break;
			}
			found = true;
			memmove(p, p + 1, strlen(p));
			if (!a[1])
				argv[i] = normalize;
			p--;
		}
	}
	if (found)
		warning("-n for --normalize is deprecated (-n N now means --rows N, as in "
			"every headroom tool); use --normalize");
	return found;
}

/* Returns the index in argv of BEFORE; AFTER follows it. */
static int parse_options(int argc, char **argv, struct diff_options *o)
{
	const struct hr_option options[] = {
		OPT_BOOL(0, "normalize", &o->normalize,
			 "scale BEFORE's counts to AFTER's total sample count"),
		OPT_BOOL('s', "strip-hex", &o->strip,
			 "replace hex numbers (0x7f3a...) in frames by '0x...'"),
		OPT_CHOICE('f', "format", &o->format, "FMT", formats,
			   "folded (the default: 'stack before after' lines), or a table of the "
			   "stacks that changed most: table, tsv, csv or json"),
		OPT_FORMAT_ALIAS(&o->format, "json", FORMAT_JSON),
		OPT_ULONG('n', "rows", &o->rows, "N", "write at most N stacks (default 0: all)"),
		OPT_OUTPUT(&o->out_path),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct diff_options){ .format = DIFF_FOLDED };
	o->normalize = old_dash_n(argc, argv);
	first = options_parse(argc, argv, options, &usage, 0);
	if (argc - first != 2)
		usage_error("expected two folded files, BEFORE and AFTER, got %d", argc - first);
	if (!strcmp(argv[first], "-") && !strcmp(argv[first + 1], "-"))
		usage_error("only one of BEFORE and AFTER can be standard input");
	return first;
}

/*
 * Adds one profile into column col of map; dies naming file and line on
 * bad input. Returns the profile's count name (NULL: samples).
 */
static char *read_profile(struct diff_input *in, const char *path, int col,
			  struct stackmap *map, bool strip)
{
	struct folded_reader r;
	struct folded_line fl;
	struct strbuf sb = STRBUF_INIT;
	char *countname;
	int rc;

	if (folded_reader_open(&r, path, FOLDED_ONE) < 0)
		exit(EXIT_TROUBLE);
	in->name = r.name;
	while ((rc = folded_reader_next(&r, &fl)) > 0) {
		double c = fl.count[0];

		if (strip) {
			diff_strip_hex(&sb, fl.stack, fl.stack_len);
			stackmap_add(map, sb.buf, sb.len, col ? 0 : c, col ? c : 0);
		} else {
			stackmap_add(map, fl.stack, fl.stack_len, col ? 0 : c, col ? c : 0);
		}
		in->total += c;
	}
	if (rc < 0)
		exit(EXIT_TROUBLE);
	in->stacks = r.stacks;
	if (!in->stacks)
		die("%s: no folded stacks in %llu line%s (expected 'STACK COUNT')", in->name,
		    (unsigned long long)r.lr.lineno, r.lr.lineno == 1 ? "" : "s");
	countname = r.countname;
	r.countname = NULL;
	folded_reader_close(&r);
	strbuf_release(&sb);
	return countname;
}

/*
 * As difffolded.pl: BEFORE's counts become int(count * total2 / total1), so
 * the two columns sum to about the same total.
 */
static void normalize(struct stackmap *map, const struct diff_input in[2])
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

/* The count name of the output: AFTER's, with a warning when BEFORE's differs. */
static char *output_countname(char *names[2], const struct diff_input in[2])
{
	const char *a = names[0] ? names[0] : "samples", *b = names[1] ? names[1] : "samples";

	if (strcmp(a, b))
		warning("'%s' counts %s but '%s' counts %s: the columns are in different units",
			in[0].name, a, in[1].name, b);
	free(names[0]);
	return names[1];
}

static int terminal_width(FILE *out)
{
	struct winsize ws;

	return ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
}

int main(int argc, char **argv)
{
	struct diff_options o;
	struct diff_input in[2];
	struct diff_output dout;
	struct stackmap map;
	char *names[2];
	FILE *out;
	int first, i;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	memset(in, 0, sizeof(in));
	stackmap_init(&map);
	for (i = 0; i < 2; i++)
		names[i] = read_profile(&in[i], argv[first + i], i, &map, o.strip);
	if (o.normalize)
		normalize(&map, in);

	out = open_output(o.out_path);
	dout = (struct diff_output){ .format = o.format, .rows = o.rows,
				     .countname = output_countname(names, in) };
	if (o.format != DIFF_FOLDED &&
	    output_format_resolve((enum output_format)o.format, out) == FORMAT_TABLE)
		dout.width = terminal_width(out);
	if (diff_write(&map, in, out, &dout) < 0)
		die_errno("cannot write '%s'", o.out_path ? o.out_path : "-");
	close_output(out, o.out_path);
	free(names[1]);
	stackmap_release(&map);
	return finish_stdout();
}
