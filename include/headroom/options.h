/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Command-line options from one table, as git's parse-options: the table
 * parses argv (with getopt_long underneath, so GNU permutation, "--" and
 * unique abbreviations of long names work), prints --help, handles --version,
 * and can be listed for shell completion. Each tool describes its options
 * once:
 *
 *	static const struct hr_option options[] = {
 *		OPT_GROUP("Output:"),
 *		OPT_ULONG('n', "rows", &o.rows, "N", "show the N hottest functions"),
 *		OPT_CHOICE('s', "sort", &o.sort, "KEY", sort_keys, "order by KEY"),
 *		OPT_OUTPUT(&o.output),
 *		OPT_HELP_VERSION(),
 *		OPT_END()
 *	};
 *	int first = options_parse(argc, argv, options, &usage, 0);
 *
 * Values are stored through the entry's pointer as they are parsed, so a
 * later option overrides an earlier one. Bad usage (an unknown option, a
 * missing or malformed argument) prints "hr-x: MESSAGE" and "Try 'hr-x
 * --help'." and exits 2; --help and --version print to standard output and
 * exit 0.
 */
#ifndef HEADROOM_OPTIONS_H
#define HEADROOM_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum hr_option_type {
	OPTION_END = 0,
	OPTION_GROUP,		/* a heading line in --help (help is the heading) */
	OPTION_BOOL,		/* bool *: set to defval (true, or false for --no-X) */
	OPTION_SET_INT,		/* int *: set to defval */
	OPTION_COUNTUP,		/* int *: incremented (-v -v) */
	OPTION_STRING,		/* const char **: the argument, borrowed from argv */
	OPTION_STRING_LIST,	/* struct hr_strlist *: each argument appended */
	OPTION_ULONG,		/* unsigned long *: a whole number >= 0 */
	OPTION_NUMBER,		/* double *: a finite decimal number */
	OPTION_DURATION,	/* double *: seconds (parse_duration; extra: bare unit) */
	OPTION_SIZE,		/* double *: bytes (parse_size) */
	OPTION_PERCENT,		/* double *: 80 or 80% (parse_percent) */
	OPTION_CHOICE,		/* int *: the value of the named choice (extra) */
	OPTION_CALLBACK,	/* callback(opt, arg) */
	OPTION_ALIAS,		/* another spelling of the entry named by help */
	OPTION_HELP,
	OPTION_VERSION,
};

/* Flags of an entry. */
enum {
	OPTF_OPTARG = 1 << 0,	  /* the argument is optional: --color[=WHEN] */
	OPTF_HIDDEN = 1 << 1,	  /* parsed, but not shown in --help */
	OPTF_DEPRECATED = 1 << 2, /* with OPTION_ALIAS: warn that the spelling is old */
	OPTF_FILE = 1 << 3,	  /* the argument names a file (for completion) */
	OPTF_DIR = 1 << 4,	  /* the argument names a directory */
};

/* One named choice of an OPTION_CHOICE, in a table ended by { NULL, 0 }. */
struct opt_choice {
	const char *name;
	int value;
};

/* The arguments of a repeatable option, in order; borrowed from argv. */
struct hr_strlist {
	const char **v;
	size_t n, alloc;
};
void hr_strlist_push(struct hr_strlist *l, const char *s);
void hr_strlist_release(struct hr_strlist *l);

struct hr_option;
/*
 * A callback gets its entry and the argument (NULL for an option without
 * one). It returns 0, or -1 after reporting the problem with error(); the
 * parser then adds the hint to --help and exits 2.
 */
typedef int (*hr_option_cb)(const struct hr_option *opt, const char *arg);

struct hr_option {
	enum hr_option_type type;
	int short_name;		/* a letter, or 0 */
	const char *long_name;	/* without "--", or NULL */
	void *value;
	const char *argh;	/* the argument's name in --help ("FILE"); NULL: none */
	const char *help;	/* may hold '\n' for more lines */
	int flags;
	/*
	 * OPTION_CHOICE: const struct opt_choice *; OPTION_DURATION: the unit of
	 * a bare number as a string ("s" when NULL, "ms"...).
	 */
	const void *extra;
	intptr_t defval;
	hr_option_cb callback;
};

#define OPT_END()			{ .type = OPTION_END }
#define OPT_GROUP(h)			{ .type = OPTION_GROUP, .help = (h) }
#define OPT_BOOL(s, l, v, h)		{ OPTION_BOOL, (s), (l), (v), NULL, (h), 0, NULL, 1, NULL }
#define OPT_NEGBOOL(s, l, v, h)		{ OPTION_BOOL, (s), (l), (v), NULL, (h), 0, NULL, 0, NULL }
#define OPT_SET_INT(s, l, v, h, i)	{ OPTION_SET_INT, (s), (l), (v), NULL, (h), 0, NULL, (i), NULL }
#define OPT_COUNTUP(s, l, v, h)		{ OPTION_COUNTUP, (s), (l), (v), NULL, (h), 0, NULL, 0, NULL }
#define OPT_STRING(s, l, v, a, h)	{ OPTION_STRING, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_FILENAME(s, l, v, a, h)	{ OPTION_STRING, (s), (l), (v), (a), (h), OPTF_FILE, NULL, 0, NULL }
#define OPT_DIRNAME(s, l, v, a, h)	{ OPTION_STRING, (s), (l), (v), (a), (h), OPTF_DIR, NULL, 0, NULL }
#define OPT_STRING_LIST(s, l, v, a, h)	{ OPTION_STRING_LIST, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_ULONG(s, l, v, a, h)	{ OPTION_ULONG, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_NUMBER(s, l, v, a, h)	{ OPTION_NUMBER, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_DURATION(s, l, v, a, h)	{ OPTION_DURATION, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_DURATION_UNIT(s, l, v, a, h, unit) \
	{ OPTION_DURATION, (s), (l), (v), (a), (h), 0, (unit), 0, NULL }
#define OPT_SIZE(s, l, v, a, h)		{ OPTION_SIZE, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_PERCENT(s, l, v, a, h)	{ OPTION_PERCENT, (s), (l), (v), (a), (h), 0, NULL, 0, NULL }
#define OPT_CHOICE(s, l, v, a, c, h)	{ OPTION_CHOICE, (s), (l), (v), (a), (h), 0, (c), 0, NULL }
#define OPT_CALLBACK(s, l, v, a, h, cb)	{ OPTION_CALLBACK, (s), (l), (v), (a), (h), 0, NULL, 0, (cb) }
#define OPT_CALLBACK_F(s, l, v, a, h, f, cb) \
	{ OPTION_CALLBACK, (s), (l), (v), (a), (h), (f), NULL, 0, (cb) }
/* --old works as --new does, hidden from --help. */
#define OPT_ALIAS(s, old, new)		{ OPTION_ALIAS, (s), (old), NULL, NULL, (new), OPTF_HIDDEN, NULL, 0, NULL }
/* --old works as --new does, with a warning that it is deprecated. */
#define OPT_DEPRECATED(old, new) \
	{ OPTION_ALIAS, 0, (old), NULL, NULL, (new), OPTF_HIDDEN | OPTF_DEPRECATED, NULL, 0, NULL }

/* The options every tool spells the same way (headroom(7)). */
#define OPT_OUTPUT(v) \
	OPT_FILENAME('o', "output", (v), "FILE", "write to FILE instead of standard output")
#define OPT_QUIET(v)	OPT_BOOL('q', "quiet", (v), "no summary or notes on standard error")
#define OPT_HELP()	{ OPTION_HELP, 'h', "help", NULL, NULL, "show this help and exit", 0, NULL, 0, NULL }
#define OPT_VERSION()	{ OPTION_VERSION, 0, "version", NULL, NULL, "show the version and exit", 0, NULL, 0, NULL }
#define OPT_HELP_VERSION()	OPT_HELP(), OPT_VERSION()
/*
 * A point in time, Unix seconds or RFC 3339, into a double, checked against
 * the range of times every tool accepts (units.h).
 */
int option_time_cb(const struct hr_option *opt, const char *arg);
#define OPT_TIME(s, l, v, a, h)		OPT_CALLBACK((s), (l), (v), (a), (h), option_time_cb)
/* --NAME, a short spelling of --format NAME. */
#define OPT_FORMAT_ALIAS(v, name, fmt) \
	OPT_SET_INT(0, name, (v), "the same as --format " name, (fmt))
/*
 * The tools whose output is a report (hr-latency, hr-usl): --json makes it
 * one JSON object, --format FMT writes rows (as h says) in one of
 * table_formats instead.
 */
#define OPT_REPORT_JSON(v)	OPT_BOOL(0, "json", (v), "one JSON object instead of the report")
#define OPT_REPORT_FORMAT(v, h)	OPT_CHOICE(0, "format", (v), "FMT", table_formats, (h))

/*
 * What --help prints around the options: the synopsis (one line per form,
 * without "Usage: "), a description, and a closing text (exit status, an
 * example), each optional but the synopsis.
 */
struct hr_usage {
	const char *synopsis;
	const char *about;
	const char *footer;
};

/* options_parse() flags. */
enum {
	/* Stop at the first operand, for "hr-x [OPTION]... -- COMMAND ARGS". */
	PARSE_STOP_AT_OPERAND = 1 << 0,
};

/*
 * Parses the options of argv by the table; returns the index in argv of the
 * first operand (argc when there is none). Exits as the top of this file
 * says on bad usage, --help and --version.
 */
int options_parse(int argc, char **argv, const struct hr_option *opts,
		  const struct hr_usage *usage, unsigned flags);

/* Prints the help of the table to f, as --help does. */
void options_print_help(FILE *f, const struct hr_option *opts, const struct hr_usage *usage);

/*
 * Prints the table for shell completion, as the hidden option
 * --list-options does: one line an option, TAB-separated:
 *	-s|--long	ARG	KIND	CHOICES
 * with "-" for an empty field; KIND is flag, file, dir, choice or value, and
 * CHOICES the choices' names joined by spaces.
 */
void options_print_list(FILE *f, const struct hr_option *opts);

/*
 * Looks arg up in the choices; returns 0 and stores the value, or -1.
 * choices_text() writes "a, b or c" into buf for a message.
 */
int parse_choice(const char *arg, const struct opt_choice *choices, int *value);
const char *choices_text(const struct opt_choice *choices, char *buf, size_t size);

/*
 * Output formats, one spelling for every tool: --format table|tsv|csv|json
 * (and the tool's own extras). FORMAT_AUTO is a table when the output is a
 * terminal and TSV otherwise.
 */
enum output_format {
	FORMAT_AUTO = 0,
	FORMAT_TABLE,
	FORMAT_TSV,
	FORMAT_CSV,
	FORMAT_JSON,
	FORMAT_OPENMETRICS,
	FORMAT_PPROF,
	FORMAT_FOLDED,		/* folded stacks (hr-query --profile) */
};
/* The choices table, tsv, csv and json: what every table_write() writes. */
extern const struct opt_choice table_formats[];
/* The name of a format ("table", "tsv"...). */
const char *output_format_name(enum output_format f);
/* FORMAT_AUTO resolved for the stream out; other formats unchanged. */
enum output_format output_format_resolve(enum output_format f, FILE *out);

#endif
