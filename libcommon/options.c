// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * One options table per tool: parsing over getopt_long, the --help text, the
 * listing for shell completion, and the choice and output-format helpers.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/options.h"
#include "headroom/strbuf.h"
#include "headroom/units.h"

/* getopt_long values of entries without a letter, and of --list-options. */
enum { VAL_BASE = 0x10000, VAL_LIST = 0xffff };

void hr_strlist_push(struct hr_strlist *l, const char *s)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 4;
		l->v = xreallocarray(l->v, l->alloc, sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

void hr_strlist_release(struct hr_strlist *l)
{
	FREE_AND_NULL(l->v);
	l->n = l->alloc = 0;
}

int option_time_cb(const struct hr_option *opt, const char *arg)
{
	const char *why;

	if (parse_timestamp(arg, opt->value) < 0)
		return error("--%s: expected Unix seconds or RFC 3339, got '%s'", opt->long_name, arg);
	why = time_range_error(*(double *)opt->value);
	if (why)
		return error("--%s: '%s' is %s", opt->long_name, arg, why);
	return 0;
}

int parse_choice(const char *arg, const struct opt_choice *choices, int *value)
{
	for (; choices->name; choices++) {
		if (!strcmp(arg, choices->name)) {
			*value = choices->value;
			return 0;
		}
	}
	return -1;
}

const char *choices_text(const struct opt_choice *choices, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, n = 0;

	while (choices[n].name)
		n++;
	for (i = 0; i < n; i++) {
		if (i)
			strbuf_addstr(&sb, i + 1 == n ? " or " : ", ");
		strbuf_addstr(&sb, choices[i].name);
	}
	snprintf(buf, size, "%s", sb.buf);
	strbuf_release(&sb);
	return buf;
}

static const char *const format_names[] = {
	[FORMAT_AUTO] = "auto", [FORMAT_TABLE] = "table", [FORMAT_TSV] = "tsv",
	[FORMAT_CSV] = "csv", [FORMAT_JSON] = "json", [FORMAT_OPENMETRICS] = "openmetrics",
	[FORMAT_PPROF] = "pprof", [FORMAT_FOLDED] = "folded",
};

const struct opt_choice table_formats[] = {
	{ "table", FORMAT_TABLE }, { "tsv", FORMAT_TSV }, { "csv", FORMAT_CSV },
	{ "json", FORMAT_JSON }, { NULL, 0 }
};

const char *output_format_name(enum output_format f)
{
	if ((size_t)f < sizeof(format_names) / sizeof(format_names[0]) && format_names[f])
		return format_names[f];
	return "?";
}

enum output_format output_format_resolve(enum output_format f, FILE *out)
{
	if (f != FORMAT_AUTO)
		return f;
	return isatty(fileno(out)) ? FORMAT_TABLE : FORMAT_TSV;
}

/* ---- help ---------------------------------------------------------------- */

static bool takes_arg(const struct hr_option *o)
{
	switch (o->type) {
	case OPTION_BOOL: case OPTION_SET_INT: case OPTION_COUNTUP:
	case OPTION_HELP: case OPTION_VERSION:
		return false;
	case OPTION_CALLBACK:
		return o->argh != NULL;
	default:
		return true;
	}
}

/* "  -o, --output FILE", the left column of an entry's help. */
static void help_left(struct strbuf *sb, const struct hr_option *o)
{
	strbuf_addstr(sb, "  ");
	if (o->short_name)
		strbuf_addf(sb, "-%c%s", o->short_name, o->long_name ? ", " : "");
	else
		strbuf_addstr(sb, "    ");
	if (o->long_name)
		strbuf_addf(sb, "--%s", o->long_name);
	if (takes_arg(o) && o->argh) {
		if (o->flags & OPTF_OPTARG)
			strbuf_addf(sb, o->long_name ? "[=%s]" : "[%s]", o->argh);
		else
			strbuf_addf(sb, " %s", o->argh);
	}
}

/* Appends text wrapped to width columns, each line after the first indented by col. */
static void add_wrapped(struct strbuf *sb, const char *text, size_t col, size_t width)
{
	size_t room = width > col + 20 ? width - col : 20, used = 0;
	const char *p = text;

	while (*p) {
		size_t w = strcspn(p, " \n");

		if (used && used + 1 + w > room) {
			strbuf_addf(sb, "\n%*s", (int)col, "");
			used = 0;
		} else if (used) {
			strbuf_addch(sb, ' ');
			used++;
		}
		strbuf_add(sb, p, w);
		used += w;
		p += w;
		if (*p == '\n') {
			strbuf_addf(sb, "\n%*s", (int)col, "");
			used = 0;
			p++;
			/* An explicit line break keeps the next line's own indentation. */
			while (*p == ' ') {
				strbuf_addch(sb, ' ');
				used++;
				p++;
			}
		} else if (*p == ' ') {
			p++;
		}
	}
}

void options_print_help(FILE *f, const struct hr_option *opts, const struct hr_usage *usage)
{
	struct strbuf sb = STRBUF_INIT, left = STRBUF_INIT;
	const struct hr_option *o;
	const char *syn = usage->synopsis, *nl;
	size_t col = 0;
	bool first = true;

	for (o = opts; o->type != OPTION_END; o++) {
		if (o->type == OPTION_GROUP || (o->flags & OPTF_HIDDEN))
			continue;
		strbuf_reset(&left);
		help_left(&left, o);
		if (left.len + 2 > col && left.len <= 28)
			col = left.len + 2;
	}
	for (bool one = true; syn; one = false, syn = nl ? nl + 1 : NULL) {
		nl = strchr(syn, '\n');
		strbuf_addf(&sb, "%s%.*s\n", one ? "Usage: " : "   or: ",
			    (int)(nl ? (size_t)(nl - syn) : strlen(syn)), syn);
	}
	if (usage->about)
		strbuf_addf(&sb, "%s%s", usage->about,
			    usage->about[strlen(usage->about) - 1] == '\n' ? "" : "\n");
	for (o = opts; o->type != OPTION_END; o++) {
		if (o->type == OPTION_GROUP) {
			strbuf_addf(&sb, "\n%s\n", o->help);
			first = false;
			continue;
		}
		if (o->flags & OPTF_HIDDEN)
			continue;
		if (first) {
			strbuf_addch(&sb, '\n');
			first = false;
		}
		strbuf_reset(&left);
		help_left(&left, o);
		strbuf_addstr(&sb, left.buf);
		if (left.len + 2 > col)
			strbuf_addf(&sb, "\n%*s", (int)col, "");
		else
			strbuf_addf(&sb, "%*s", (int)(col - left.len), "");
		add_wrapped(&sb, o->help ? o->help : "", col, 80);
		strbuf_addch(&sb, '\n');
	}
	if (usage->footer)
		strbuf_addf(&sb, "\n%s%s", usage->footer,
			    usage->footer[strlen(usage->footer) - 1] == '\n' ? "" : "\n");
	fputs(sb.buf, f);
	strbuf_release(&sb);
	strbuf_release(&left);
}

static const char *option_kind(const struct hr_option *o)
{
	if (!takes_arg(o))
		return "flag";
	if (o->flags & OPTF_FILE)
		return "file";
	if (o->flags & OPTF_DIR)
		return "dir";
	if (o->type == OPTION_CHOICE)
		return "choice";
	return "value";
}

static const struct hr_option *find_long(const struct hr_option *opts, const char *name)
{
	for (; opts->type != OPTION_END; opts++)
		if (opts->long_name && opts->type != OPTION_ALIAS && !strcmp(opts->long_name, name))
			return opts;
	return NULL;
}

void options_print_list(FILE *f, const struct hr_option *opts)
{
	for (const struct hr_option *o = opts; o->type != OPTION_END; o++) {
		const struct hr_option *t = o;

		if (o->type == OPTION_GROUP || (o->flags & OPTF_DEPRECATED))
			continue;
		if (o->type == OPTION_ALIAS && !(t = find_long(opts, o->help)))
			continue;
		if (o->short_name && o->long_name)
			fprintf(f, "-%c|--%s", o->short_name, o->long_name);
		else if (o->short_name)
			fprintf(f, "-%c", o->short_name);
		else
			fprintf(f, "--%s", o->long_name);
		fprintf(f, "\t%s\t%s\t", takes_arg(t) && t->argh ? t->argh : "-", option_kind(t));
		if (t->type == OPTION_CHOICE && t->extra) {
			for (const struct opt_choice *c = t->extra; c->name; c++)
				fprintf(f, "%s%s", c == t->extra ? "" : " ", c->name);
		} else {
			fputc('-', f);
		}
		fputc('\n', f);
	}
}

/* ---- parsing ------------------------------------------------------------- */

struct parse_state {
	const struct hr_option *opts;
	const struct hr_usage *usage;
	struct option *longopts;
	char *optstring;
	size_t nlong;
};

static void build_getopt_tables(struct parse_state *ps, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0, i;

	for (i = 0; ps->opts[i].type != OPTION_END; i++)
		n++;
	ps->longopts = xcalloc(n + 2, sizeof(*ps->longopts));
	/* "+" stops at the first operand; ":" reports a missing argument apart. */
	strbuf_addstr(&sb, flags & PARSE_STOP_AT_OPERAND ? "+:" : ":");
	for (i = 0; i < n; i++) {
		const struct hr_option *o = &ps->opts[i], *t = o;
		int has_arg, val;

		if (o->type == OPTION_GROUP)
			continue;
		if (o->type == OPTION_ALIAS && !(t = find_long(ps->opts, o->help)))
			BUG("alias --%s of unknown option --%s", o->long_name, o->help);
		has_arg = !takes_arg(t) ? no_argument :
			  (t->flags & OPTF_OPTARG) ? optional_argument : required_argument;
		if (o->short_name)
			strbuf_addf(&sb, "%c%s", o->short_name,
				    has_arg == no_argument ? "" :
				    has_arg == optional_argument ? "::" : ":");
		/*
		 * A plain alias answers as its target, so that an abbreviation
		 * both spellings share is not ambiguous; a deprecated one keeps
		 * its own value, to be warned about.
		 */
		if (o->type == OPTION_ALIAS && !(o->flags & OPTF_DEPRECATED))
			val = t->short_name ? t->short_name : VAL_BASE + (int)(t - ps->opts);
		else
			val = o->short_name ? o->short_name : VAL_BASE + (int)i;
		if (o->long_name)
			ps->longopts[ps->nlong++] = (struct option){ o->long_name, has_arg, NULL, val };
	}
	ps->longopts[ps->nlong++] = (struct option){ "list-options", no_argument, NULL, VAL_LIST };
	ps->optstring = strbuf_detach(&sb, NULL);
}

static const struct hr_option *entry_of(const struct parse_state *ps, int val)
{
	if (val >= VAL_BASE)
		return &ps->opts[val - VAL_BASE];
	for (const struct hr_option *o = ps->opts; o->type != OPTION_END; o++)
		if (o->short_name == val && o->type != OPTION_GROUP)
			return o;
	return NULL;
}

/* "--long" or "-s": how messages name an entry. */
static const char *spelling(const struct hr_option *o, char *buf, size_t size)
{
	if (o->long_name)
		snprintf(buf, size, "--%s", o->long_name);
	else
		snprintf(buf, size, "-%c", o->short_name);
	return buf;
}

static int parse_bare_duration(const char *arg, const char *unit, double *v)
{
	double x;
	char *s;
	int rc;

	if (!unit || parse_number(arg, &x) < 0)
		return parse_duration(arg, v);
	s = xasprintf("%s%s", arg, unit);
	rc = parse_duration(s, v);
	free(s);
	return rc;
}

static int parse_ulong(const char *arg, unsigned long *v)
{
	char *end;

	if (!*arg || *arg == '-' || *arg == '+' || *arg == ' ')
		return -1;
	errno = 0;
	*v = strtoul(arg, &end, 10);
	return errno || *end ? -1 : 0;
}

/* Stores arg through the entry; returns NULL, or what was expected. */
static const char *apply(const struct hr_option *o, const char *arg, char *buf, size_t size)
{
	switch (o->type) {
	case OPTION_BOOL:
		*(bool *)o->value = o->defval != 0;
		return NULL;
	case OPTION_SET_INT:
		*(int *)o->value = (int)o->defval;
		return NULL;
	case OPTION_COUNTUP:
		(*(int *)o->value)++;
		return NULL;
	case OPTION_STRING:
		*(const char **)o->value = arg;
		return NULL;
	case OPTION_STRING_LIST:
		hr_strlist_push(o->value, arg);
		return NULL;
	case OPTION_ULONG:
		return parse_ulong(arg, o->value) < 0 ? "a whole number" : NULL;
	case OPTION_NUMBER:
		return parse_number(arg, o->value) < 0 ? "a number" : NULL;
	case OPTION_DURATION:
		return parse_bare_duration(arg, o->extra, o->value) < 0 ?
		       "a duration (500ms, 30s, 15m, 2h, 7d)" : NULL;
	case OPTION_SIZE:
		return parse_size(arg, o->value) < 0 ? "a size (512K, 2G, 1.5GB)" : NULL;
	case OPTION_PERCENT:
		return parse_percent(arg, o->value) < 0 ? "a percentage (80 or 80%)" : NULL;
	case OPTION_CHOICE:
		if (parse_choice(arg, o->extra, o->value) == 0)
			return NULL;
		return choices_text(o->extra, buf, size);
	default:
		BUG("option type %d applied", (int)o->type);
	}
}

static void run_entry(struct parse_state *ps, const struct hr_option *o, const char *arg)
{
	char name[64], buf[512];
	const char *want;

	if (o->type == OPTION_ALIAS) {
		const struct hr_option *t = find_long(ps->opts, o->help);

		if (o->flags & OPTF_DEPRECATED)
			warning("--%s is deprecated; use --%s", o->long_name, t->long_name);
		o = t;
	}
	switch (o->type) {
	case OPTION_HELP:
		options_print_help(stdout, ps->opts, ps->usage);
		exit(finish_stdout());
	case OPTION_VERSION:
		print_version();
		exit(finish_stdout());
	case OPTION_CALLBACK:
		if (o->callback(o, arg) < 0)
			usage_error(NULL);
		return;
	default:
		break;
	}
	want = apply(o, arg, buf, sizeof(buf));
	if (want)
		usage_error("%s: expected %s, got '%s'", spelling(o, name, sizeof(name)), want, arg);
	if (o->type == OPTION_DURATION && (want = duration_range_error(*(double *)o->value)))
		usage_error("%s: '%s' is %s", spelling(o, name, sizeof(name)), arg, want);
}

/* A rejected long option: unknown, ambiguous, or with its argument wrong. */
static noreturn void bad_long_option(const struct parse_state *ps, const char *token)
{
	const char *name = token + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name), matches = 0;
	const struct option *hit = NULL;

	for (size_t i = 0; i < ps->nlong; i++) {
		if (strncmp(ps->longopts[i].name, name, len))
			continue;
		if (strlen(ps->longopts[i].name) == len) {
			hit = &ps->longopts[i];
			matches = 1;
			break;
		}
		hit = &ps->longopts[i];
		matches++;
	}
	if (matches > 1)
		usage_error("option '--%.*s' is ambiguous", (int)len, name);
	if (hit && eq && hit->has_arg == no_argument)
		usage_error("option '--%s' does not take an argument", hit->name);
	usage_error("unrecognized option '%s'", token);
}

int options_parse(int argc, char **argv, const struct hr_option *opts,
		  const struct hr_usage *usage, unsigned flags)
{
	/* Static, so that what an exit on bad usage leaves is still reachable. */
	static struct parse_state ps;
	int c;

	ps = (struct parse_state){ .opts = opts, .usage = usage };

	build_getopt_tables(&ps, flags);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ps.optstring, ps.longopts, NULL)) != -1) {
		const struct hr_option *o;
		char name[64];

		if (c == VAL_LIST) {
			options_print_list(stdout, opts);
			exit(finish_stdout());
		}
		if (c == ':') {
			o = entry_of(&ps, optopt);
			usage_error("option '%s' requires an argument",
				    o ? spelling(o, name, sizeof(name)) : argv[optind - 1]);
		}
		if (c == '?') {
			/* A long option's error sets optopt to its value, or to 0. */
			if (!strncmp(argv[optind - 1], "--", 2))
				bad_long_option(&ps, argv[optind - 1]);
			usage_error("invalid option -- '%c'", optopt);
		}
		o = entry_of(&ps, c);
		if (!o)
			BUG("getopt_long returned %d", c);
		run_entry(&ps, o, optarg);
	}
	free(ps.longopts);
	free(ps.optstring);
	ps.longopts = NULL;
	ps.optstring = NULL;
	return optind;
}
