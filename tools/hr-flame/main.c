// SPDX-License-Identifier: GPL-3.0-or-later
/* hr-flame: draws folded stacks as an interactive flame graph SVG, as flamegraph.pl does. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "flame.h"

static const struct hr_usage usage = {
	"hr-flame [OPTION]... [FILE]...",
	"Draw folded stacks (FILE, or standard input) as an interactive flame graph SVG.",
	NULL,
};

struct flame_options {
	struct flame_opts flame;
	int palette;			/* enum flame_palette, for OPT_CHOICE */
	const char *out_path, *nameattr_path, *countname;
	bool cp;
};

/* A number for the option: finite, and positive unless zero_ok. */
static int number_arg(const struct hr_option *opt, const char *arg, bool zero_ok, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (end == arg || *end || errno || !isfinite(*v) || *v < 0 || (!zero_ok && *v == 0))
		return error("--%s: expected a %s number, got '%s'", opt->long_name,
			     zero_ok ? "non-negative" : "positive", arg);
	return 0;
}

/*
 * Sizes in pixels (or a font's width relative to its size): positive, and
 * below a bound that keeps every coordinate a short number.
 */
static int opt_positive(const struct hr_option *opt, const char *arg)
{
	const double max = 1e6;

	if (number_arg(opt, arg, false, opt->value) < 0)
		return -1;
	if (*(double *)opt->value > max)
		return error("--%s: %s is too large (at most %.0f)", opt->long_name, arg, max);
	return 0;
}

static int opt_factor(const struct hr_option *opt, const char *arg)
{
	return number_arg(opt, arg, false, opt->value);
}

static int opt_non_negative(const struct hr_option *opt, const char *arg)
{
	return number_arg(opt, arg, true, opt->value);
}

static int opt_width(const struct hr_option *opt, const char *arg)
{
	if (opt_positive(opt, arg) < 0)
		return -1;
	if (*(double *)opt->value <= 20)
		return error("--width: the image must be wider than 20 pixels");
	return 0;
}

/* --minwidth NUM, or NUM% of the total. */
static int opt_minwidth(const struct hr_option *opt, const char *arg)
{
	struct flame_opts *o = opt->value;
	char *num = xstrdup(arg);
	size_t n = strlen(num);
	int rc;

	if (n && num[n - 1] == '%') {
		num[n - 1] = '\0';
		o->minwidth_pct = true;
	}
	rc = number_arg(opt, num, true, &o->minwidth);
	free(num);
	return rc;
}

static const struct opt_choice bgcolor_names[] = {
	{ "yellow", 0 }, { "blue", 0 }, { "green", 0 }, { "grey", 0 }, { "gray", 0 },
	{ NULL, 0 }
};

/* --bgcolors: a named background, or #rrggbb. */
static int opt_bgcolors(const struct hr_option *opt, const char *arg)
{
	int unused;

	if (parse_choice(arg, bgcolor_names, &unused) < 0 &&
	    (strlen(arg) != 7 || arg[0] != '#' || strspn(arg + 1, "0123456789abcdefABCDEF") != 6))
		return error("--bgcolors: expected yellow, blue, green, grey or #rrggbb, got '%s'",
			     arg);
	*(const char **)opt->value = arg;
	return 0;
}

/* --notes becomes an XML comment, which cannot hold "--" nor end in "-". */
static int opt_notes(const struct hr_option *opt, const char *arg)
{
	size_t n = strlen(arg);

	if (strpbrk(arg, "<>") || strstr(arg, "--") || (n && arg[n - 1] == '-'))
		return error("--notes: the text cannot contain '<', '>' or '--', nor end in '-'");
	*(const char **)opt->value = arg;
	return 0;
}

/* --encoding goes into the XML declaration: [A-Za-z][A-Za-z0-9._-]*, as XML 1.0 says. */
static int opt_encoding(const struct hr_option *opt, const char *arg)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	if (!*arg || !strchr(alpha, arg[0]) ||
	    strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") !=
	    strlen(arg))
		return error("--encoding: not an encoding name: '%s'", arg);
	*(const char **)opt->value = arg;
	return 0;
}

/* Returns the index in argv of the first FILE. */
static int parse_options(int argc, char **argv, struct flame_options *o)
{
	struct flame_opts *f = &o->flame;
	const struct hr_option options[] = {
		OPT_FILENAME('o', "output", &o->out_path, "FILE",
			     "write the SVG to FILE instead of standard output"),
		OPT_STRING(0, "title", &f->title, "TEXT", "the heading (default \"Flame Graph\")"),
		OPT_STRING(0, "subtitle", &f->subtitle, "TEXT", "a second heading line"),
		OPT_CALLBACK(0, "width", &f->width, "NUM",
			     "width of the image in pixels (default 1200)", opt_width),
		OPT_CALLBACK(0, "height", &f->frameheight, "NUM",
			     "height of each frame in pixels (default 16)", opt_positive),
		OPT_CALLBACK(0, "minwidth", f, "NUM", "omit frames narrower than NUM pixels, or "
			     "NUM% of the total when it ends in % (default 0.1)", opt_minwidth),
		OPT_STRING(0, "fonttype", &f->fonttype, "FONT", "font family (default Verdana)"),
		OPT_CALLBACK(0, "fontsize", &f->fontsize, "NUM", "font size (default 12)",
			     opt_positive),
		OPT_CALLBACK(0, "fontwidth", &f->fontwidth, "NUM", "average character width "
			     "relative to the font size (0.59)", opt_positive),
		OPT_STRING(0, "countname", &o->countname, "TEXT",
			   "what the counts are (default: the input's '# countname:', else "
			   "\"samples\")"),
		OPT_STRING(0, "nametype", &f->nametype, "TEXT",
			   "what the names are (default \"Function:\")"),
		OPT_CHOICE(0, "colors", &o->palette, "PALETTE", flame_palettes,
			   "hot (default), mem, io, wakeup, chain, java, js, perl, red, green, "
			   "blue, aqua, yellow, purple, orange"),
		OPT_CALLBACK(0, "bgcolors", &f->bgcolors, "COLOR",
			     "background: yellow, blue, green, grey, or #rrggbb", opt_bgcolors),
		OPT_BOOL(0, "hash", &f->hash, "colours keyed by a hash of the function name"),
		OPT_BOOL(0, "random", &f->random, "random colours"),
		OPT_BOOL(0, "cp", &o->cp, "consistent palette: reuse and update palette.map"),
		OPT_BOOL(0, "reverse", &f->reverse, "reverse each stack (merge from the leaves)"),
		OPT_BOOL(0, "inverted", &f->inverted, "icicle graph: roots at the top"),
		OPT_BOOL(0, "flamechart", &f->flamechart, "flame chart: input order, stacks not sorted"),
		OPT_BOOL(0, "negate", &f->negate,
			 "swap the differential colours (blue grew, red shrank)"),
		OPT_CALLBACK(0, "factor", &f->factor, "NUM", "multiply the counts shown by NUM",
			     opt_factor),
		OPT_CALLBACK(0, "total", &f->total, "NUM",
			     "draw against this total instead of the sum of counts", opt_non_negative),
		OPT_CALLBACK(0, "notes", &f->notes, "TEXT",
			     "a note embedded in the SVG as a comment", opt_notes),
		OPT_FILENAME(0, "nameattr", &o->nameattr_path, "FILE",
			     "per-function attributes (FUNC<TAB>NAME=VALUE...)"),
		OPT_CALLBACK(0, "encoding", &f->encoding, "NAME",
			     "the encoding declared in the XML header", opt_encoding),
		OPT_HELP_VERSION(),
		OPT_END()
	};
	int first;

	*o = (struct flame_options){ 0 };
	flame_opts_init(f);
	o->palette = f->palette;
	first = options_parse(argc, argv, options, &usage, 0);
	f->palette = (enum flame_palette)o->palette;
	return first;
}

/* Reads one input into f; its count name joins *countname. */
static void read_input(struct flame *f, const char *path, char **countname, uint64_t *invalid)
{
	struct folded_reader r;
	struct folded_line fl;
	int rc;

	if (folded_reader_open(&r, path, FOLDED_ONE_OR_TWO) < 0)
		exit(EXIT_TROUBLE);
	while ((rc = folded_reader_next(&r, &fl)) > 0)
		flame_add(f, &fl);
	if (rc < 0 || folded_merge_countname(countname, r.name, r.countname) < 0)
		exit(EXIT_TROUBLE);
	*invalid += r.invalid;
	folded_reader_close(&r);
}

/*
 * Reads every input (standard input when there is no FILE) into f. Returns
 * the inputs' count name (NULL: samples), for the caller to free.
 */
static char *read_inputs(struct flame *f, int nfiles, char **files)
{
	char *countname = NULL;
	uint64_t invalid = 0;
	int i;

	if (!nfiles)
		read_input(f, NULL, &countname, &invalid);
	for (i = 0; i < nfiles; i++)
		read_input(f, files[i], &countname, &invalid);
	if (invalid)
		warning("ignored %llu line%s with invalid format", (unsigned long long)invalid,
			invalid == 1 ? "" : "s");
	return countname;
}

/* Dies saying why there is nothing to draw. */
static noreturn void nothing_to_draw(const struct flame *f, int nfiles, char **files)
{
	const char *what = !nfiles ? "standard input" : nfiles == 1 ? files[0] : "the input";

	if (!stackmap_size(&f->map) && !f->seq_nr)
		die("%s: no folded stacks found (expected 'FRAME;FRAME COUNT' lines)", what);
	die("%s: no samples: every count is zero", what);
}

int main(int argc, char **argv)
{
	struct flame_options o;
	struct flame f;
	struct strbuf svg = STRBUF_INIT;
	char *js, *css, *countname;
	size_t jslen, csslen;
	int first;

	cli_init(argv[0]);
	first = parse_options(argc, argv, &o);
	/* The script and style are read before the input, so a broken install fails fast. */
	js = read_share_file("flame.js", &jslen);
	css = read_share_file("flame.css", &csslen);
	if (o.nameattr_path)
		o.flame.nameattr = flame_nameattr_read(o.nameattr_path);
	if (o.cp)
		o.flame.cp = flame_colormap_read("palette.map");

	flame_init(&f, &o.flame);
	countname = read_inputs(&f, argc - first, argv + first);
	if (o.countname)
		o.flame.countname = o.countname;
	else if (countname)
		o.flame.countname = countname;
	if (flame_render(&f, &svg, js, jslen, css, csslen) < 0)
		nothing_to_draw(&f, argc - first, argv + first);

	write_output_file(o.out_path, &svg);
	if (o.flame.cp && flame_colormap_write(o.flame.cp) < 0)
		return 2;
	strbuf_release(&svg);
	flame_release(&f);
	flame_colormap_free(o.flame.cp);
	flame_nameattr_free(o.flame.nameattr);
	free(js);
	free(css);
	free(countname);
	return finish_stdout();
}
