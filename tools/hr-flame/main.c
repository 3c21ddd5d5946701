// SPDX-License-Identifier: GPL-3.0-or-later
/* hr-flame: draws folded stacks as an interactive flame graph SVG, as flamegraph.pl does. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/linereader.h"
#include "headroom/strbuf.h"
#include "flame.h"

static const char usage[] =
	"Usage: hr-flame [OPTION]... [FILE]...\n"
	"Draw folded stacks (FILE, or standard input) as an interactive flame graph SVG.\n"
	"\n"
	"  -o, --output FILE    write the SVG to FILE instead of standard output\n"
	"      --title TEXT     the heading (default \"Flame Graph\")\n"
	"      --subtitle TEXT  a second heading line\n"
	"      --width NUM      width of the image in pixels (default 1200)\n"
	"      --height NUM     height of each frame in pixels (default 16)\n"
	"      --minwidth NUM   omit frames narrower than NUM pixels, or NUM% of the\n"
	"                       total when it ends in % (default 0.1)\n"
	"      --fonttype FONT  font family (default Verdana)\n"
	"      --fontsize NUM   font size (default 12)\n"
	"      --fontwidth NUM  average character width relative to the font size (0.59)\n"
	"      --countname TEXT what the counts are (default \"samples\")\n"
	"      --nametype TEXT  what the names are (default \"Function:\")\n"
	"      --colors PALETTE hot (default), mem, io, wakeup, chain, java, js, perl,\n"
	"                       red, green, blue, aqua, yellow, purple, orange\n"
	"      --bgcolors COLOR background: yellow, blue, green, grey, or #rrggbb\n"
	"      --hash           colours keyed by a hash of the function name\n"
	"      --random         random colours\n"
	"      --cp             consistent palette: reuse and update palette.map\n"
	"      --reverse        reverse each stack (merge from the leaves)\n"
	"      --inverted       icicle graph: roots at the top\n"
	"      --flamechart     flame chart: input order, stacks not sorted\n"
	"      --negate         swap the differential colours (blue grew, red shrank)\n"
	"      --factor NUM     multiply the counts shown by NUM\n"
	"      --total NUM      draw against this total instead of the sum of counts\n"
	"      --notes TEXT     a note embedded in the SVG as a comment\n"
	"      --nameattr FILE  per-function attributes (FUNC<TAB>NAME=VALUE...)\n"
	"      --encoding NAME  the encoding declared in the XML header\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n";

enum {
	OPT_TITLE = OPT_VERSION + 1, OPT_SUBTITLE, OPT_WIDTH, OPT_HEIGHT, OPT_MINWIDTH,
	OPT_FONTTYPE, OPT_FONTSIZE, OPT_FONTWIDTH, OPT_COUNTNAME, OPT_NAMETYPE, OPT_COLORS,
	OPT_BGCOLORS, OPT_HASH, OPT_RANDOM, OPT_CP, OPT_REVERSE, OPT_INVERTED,
	OPT_FLAMECHART, OPT_NEGATE, OPT_FACTOR, OPT_TOTAL, OPT_NOTES, OPT_NAMEATTR,
	OPT_ENCODING,
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
	{ "width", required_argument, NULL, OPT_WIDTH },
	{ "height", required_argument, NULL, OPT_HEIGHT },
	{ "minwidth", required_argument, NULL, OPT_MINWIDTH },
	{ "fonttype", required_argument, NULL, OPT_FONTTYPE },
	{ "fontsize", required_argument, NULL, OPT_FONTSIZE },
	{ "fontwidth", required_argument, NULL, OPT_FONTWIDTH },
	{ "countname", required_argument, NULL, OPT_COUNTNAME },
	{ "nametype", required_argument, NULL, OPT_NAMETYPE },
	{ "colors", required_argument, NULL, OPT_COLORS },
	{ "bgcolors", required_argument, NULL, OPT_BGCOLORS },
	{ "hash", no_argument, NULL, OPT_HASH },
	{ "random", no_argument, NULL, OPT_RANDOM },
	{ "cp", no_argument, NULL, OPT_CP },
	{ "reverse", no_argument, NULL, OPT_REVERSE },
	{ "inverted", no_argument, NULL, OPT_INVERTED },
	{ "flamechart", no_argument, NULL, OPT_FLAMECHART },
	{ "negate", no_argument, NULL, OPT_NEGATE },
	{ "factor", required_argument, NULL, OPT_FACTOR },
	{ "total", required_argument, NULL, OPT_TOTAL },
	{ "notes", required_argument, NULL, OPT_NOTES },
	{ "nameattr", required_argument, NULL, OPT_NAMEATTR },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

/* A number for option opt: finite, and positive unless zero_ok. */
static double number_arg(const char *opt, const char *arg, bool zero_ok)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end || errno || !isfinite(v) || v < 0 || (!zero_ok && v == 0))
		usage_error("--%s: expected a %s number, got '%s'", opt,
			    zero_ok ? "non-negative" : "positive", arg);
	return v;
}

static bool valid_bgcolors(const char *s)
{
	size_t i;

	if (!strcmp(s, "yellow") || !strcmp(s, "blue") || !strcmp(s, "green") ||
	    !strcmp(s, "grey") || !strcmp(s, "gray"))
		return true;
	if (strlen(s) != 7 || s[0] != '#')
		return false;
	for (i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return true;
}

/* Reads one input into f; invalid lines are counted, the first few named. */
static void read_input(struct flame *f, const char *path, size_t *reported)
{
	struct linereader lr;
	const char *name = path && strcmp(path, "-") ? path : "-";
	char *line;
	ssize_t len;

	if (linereader_open(&lr, path) < 0)
		die_errno("cannot open '%s'", name);
	while ((len = linereader_next(&lr, &line)) >= 0) {
		if (flame_add_line(f, line, (size_t)len) < 0 && (*reported)++ < 3)
			warning("%s:%llu: not a folded stack ('FRAME;FRAME COUNT'): '%.60s'",
				name, (unsigned long long)lr.lineno, line);
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", name);
	}
	linereader_close(&lr);
}

int main(int argc, char **argv)
{
	struct flame_opts o;
	struct flame f;
	struct strbuf svg = STRBUF_INIT;
	const char *out_path = NULL, *nameattr_path = NULL;
	char *js, *css;
	size_t jslen, csslen, reported = 0;
	bool cp = false;
	int c, i;

	cli_init(argv[0]);
	flame_opts_init(&o);
	while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return finish_stdout();
		case OPT_VERSION:
			print_version();
			return finish_stdout();
		case 'o': out_path = optarg; break;
		case OPT_TITLE: o.title = optarg; break;
		case OPT_SUBTITLE: o.subtitle = optarg; break;
		case OPT_WIDTH:
			o.width = number_arg("width", optarg, false);
			if (o.width <= 20)
				usage_error("--width: the image must be wider than 20 pixels");
			break;
		case OPT_HEIGHT:
			o.frameheight = number_arg("height", optarg, false);
			break;
		case OPT_MINWIDTH: {
			char *arg = xstrdup(optarg);
			size_t n = strlen(arg);

			if (n && arg[n - 1] == '%') {
				arg[n - 1] = '\0';
				o.minwidth_pct = true;
			}
			o.minwidth = number_arg("minwidth", arg, true);
			free(arg);
			break;
		}
		case OPT_FONTTYPE: o.fonttype = optarg; break;
		case OPT_FONTSIZE: o.fontsize = number_arg("fontsize", optarg, false); break;
		case OPT_FONTWIDTH: o.fontwidth = number_arg("fontwidth", optarg, false); break;
		case OPT_COUNTNAME: o.countname = optarg; break;
		case OPT_NAMETYPE: o.nametype = optarg; break;
		case OPT_COLORS:
			if (flame_palette_parse(optarg, &o.palette) < 0)
				usage_error("--colors: unknown palette '%s' (hot, mem, io, wakeup, "
					    "chain, java, js, perl, red, green, blue, aqua, yellow, "
					    "purple, orange)", optarg);
			break;
		case OPT_BGCOLORS:
			if (!valid_bgcolors(optarg))
				usage_error("--bgcolors: expected yellow, blue, green, grey or "
					    "#rrggbb, got '%s'", optarg);
			o.bgcolors = optarg;
			break;
		case OPT_HASH: o.hash = true; break;
		case OPT_RANDOM: o.random = true; break;
		case OPT_CP: cp = true; break;
		case OPT_REVERSE: o.reverse = true; break;
		case OPT_INVERTED: o.inverted = true; break;
		case OPT_FLAMECHART: o.flamechart = true; break;
		case OPT_NEGATE: o.negate = true; break;
		case OPT_FACTOR: o.factor = number_arg("factor", optarg, false); break;
		case OPT_TOTAL: o.total = number_arg("total", optarg, true); break;
		case OPT_NOTES:
			if (strpbrk(optarg, "<>") || strstr(optarg, "--"))
				usage_error("--notes: the text cannot contain '<', '>' or '--'");
			o.notes = optarg;
			break;
		case OPT_NAMEATTR: nameattr_path = optarg; break;
		case OPT_ENCODING:
			if (strpbrk(optarg, "\"<>&"))
				usage_error("--encoding: not an encoding name: '%s'", optarg);
			o.encoding = optarg;
			break;
		default:
			usage_error(NULL);
		}
	}

	/* The script and style are read before the input, so a broken install fails fast. */
	js = read_share_file("flame.js", &jslen);
	css = read_share_file("flame.css", &csslen);
	if (nameattr_path)
		o.nameattr = flame_nameattr_read(nameattr_path);
	if (cp)
		o.cp = flame_colormap_read("palette.map");

	flame_init(&f, &o);
	if (optind >= argc)
		read_input(&f, NULL, &reported);
	for (i = optind; i < argc; i++)
		read_input(&f, argv[i], &reported);
	if (f.invalid)
		warning("ignored %zu line%s with invalid format", f.invalid,
			f.invalid == 1 ? "" : "s");
	if (flame_render(&f, &svg, js, jslen, css, csslen) < 0) {
		const char *what = optind + 1 == argc ? argv[optind] : "the input";

		if (!stackmap_size(&f.map) && !f.seq_nr)
			die("%s: no folded stacks found (expected 'FRAME;FRAME COUNT' lines)",
			    optind < argc ? what : "standard input");
		die("%s: no samples: every count is zero", optind < argc ? what : "standard input");
	}

	{
		FILE *out = open_output(out_path);

		if (strbuf_write(&svg, out) < 0)
			die_errno("cannot write '%s'", out_path ? out_path : "standard output");
		close_output(out, out_path);
	}
	if (o.cp && flame_colormap_write(o.cp) < 0)
		return 2;
	strbuf_release(&svg);
	flame_release(&f);
	flame_colormap_free(o.cp);
	flame_nameattr_free(o.nameattr);
	free(js);
	free(css);
	return finish_stdout();
}
