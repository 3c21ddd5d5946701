// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the options table: parsing, errors, --help, the completion list. */
#include <stdlib.h>
#include <string.h>

#include "headroom/error.h"
#include "headroom/options.h"
#include "child.h"
#include "tap.h"

enum { SORT_SELF, SORT_TOTAL };
static const struct opt_choice sort_keys[] = { { "self", SORT_SELF }, { "total", SORT_TOTAL }, { NULL, 0 } };

struct opts {
	bool wide, kernel;
	int sort, verbose, mode;
	unsigned long rows;
	double num, dur, dur_ms, size, pct;
	const char *out;
	struct hr_strlist cgroups;
	const char *seen_cb;
};
static struct opts o;

static int note_cb(const struct hr_option *opt, const char *arg)
{
	(void)opt;
	if (!strcmp(arg, "bad"))
		return error("--note: 'bad' is not a note");
	o.seen_cb = arg;
	return 0;
}

static const struct hr_option table[] = {
	OPT_GROUP("Output:"),
	OPT_ULONG('n', "rows", &o.rows, "N", "show the N hottest functions (default 20; 0: all)"),
	OPT_CHOICE('s', "sort", &o.sort, "KEY", sort_keys, "order by KEY: self or total"),
	OPT_BOOL('w', "wide", &o.wide, "do not shorten long names"),
	OPT_BOOL(0, "kernel", &o.kernel, "show kernel frames"),
	OPT_NEGBOOL(0, "no-kernel", &o.kernel, "hide kernel frames"),
	OPT_COUNTUP('v', "verbose", &o.verbose, "say more, repeatable"),
	OPT_SET_INT(0, "fast", &o.mode, "the fast mode", 7),
	OPT_NUMBER(0, "factor", &o.num, "X", "multiply by X"),
	OPT_DURATION('d', "duration", &o.dur, "DURATION", "stop after this long"),
	OPT_DURATION_UNIT(0, "apdex", &o.dur_ms, "T", "Apdex target; a bare number is in ms", "ms"),
	OPT_SIZE(0, "min-mem", &o.size, "SIZE", "smallest memory"),
	OPT_PERCENT(0, "margin", &o.pct, "PCT", "headroom added to usage, a long help text that "
		    "wraps onto a second line because it does not fit"),
	OPT_STRING_LIST(0, "cgroup", &o.cgroups, "GLOB", "only these cgroups (repeatable)"),
	OPT_CALLBACK(0, "note", NULL, "TEXT", "a note\n  (checked by a callback)", note_cb),
	OPT_DEPRECATED("tsv-old", "wide"),
	OPT_ALIAS(0, "rows-alias", "rows"),
	OPT_OUTPUT(&o.out),
	OPT_HELP_VERSION(),
	OPT_END()
};
static const struct hr_usage usage = {
	"hr-x [OPTION]... [FILE]...\nhr-x --other",
	"Does things to FILEs.",
	"Exit status: 0 good, 2 trouble.",
};

static char *args_copy[32];
static char prog_name[] = "hr-x";

static int parse(const char *line)
{
	static char s[256];
	char *tok;
	int argc = 0;

	snprintf(s, sizeof(s), "%s", line);
	args_copy[argc++] = prog_name;
	for (tok = strtok(s, " "); tok && argc < 31; tok = strtok(NULL, " "))
		args_copy[argc++] = tok;
	args_copy[argc] = NULL;
	return options_parse(argc, args_copy, table, &usage, 0) - argc;
}

static const char *child_line;
static void do_parse(void *arg)
{
	(void)arg;
	set_progname("hr-x");
	parse(child_line);
	printf("rows=%lu sort=%d\n", o.rows, o.sort);
}

static struct child_result r;
static int run(const char *line)
{
	child_line = line;
	return run_child(do_parse, NULL, &r);
}

int main(void)
{
	int left;

	left = parse("-n 5 --sort=total -w -vv --fast --factor 2.5 -d 1m --apdex 300 "
		     "--min-mem 2G --margin 15% --cgroup /a --cgroup /b -o out.svg --note hi file1");
	is_int(left, -1, "one operand left");
	is_int(o.rows, 5, "-n 5");
	is_int(o.sort, SORT_TOTAL, "--sort=total");
	ok(o.wide, "-w");
	is_int(o.verbose, 2, "-vv counts up");
	is_int(o.mode, 7, "--fast sets its value");
	is_num(o.num, 2.5, 0, "--factor 2.5");
	is_num(o.dur, 60, 0, "-d 1m");
	is_num(o.dur_ms, 0.3, 1e-12, "--apdex 300: a bare number in the option's unit (ms)");
	is_num(o.size, 2.0 * 1024 * 1024 * 1024, 0, "--min-mem 2G");
	is_num(o.pct, 15, 0, "--margin 15%%");
	ok(o.cgroups.n == 2 && !strcmp(o.cgroups.v[0], "/a") && !strcmp(o.cgroups.v[1], "/b"),
	   "--cgroup twice: both, in order");
	is_str(o.out, "out.svg", "-o");
	is_str(o.seen_cb, "hi", "a callback gets its argument");
	parse("--apdex 2s --kernel --no-kernel --rows-alias 9 --ro=3");
	is_num(o.dur_ms, 2, 0, "a duration with a unit keeps it");
	ok(!o.kernel, "--no-kernel after --kernel: the last wins");
	is_int(o.rows, 3, "an alias, then a unique abbreviation (--ro=3)");
	hr_strlist_release(&o.cgroups);

	ok(run("--sort=bogus") == 2 && strstr(r.err, "hr-x: --sort: expected self or total, got 'bogus'") &&
	   strstr(r.err, "Try 'hr-x --help'."), "a bad choice lists the choices: %s", r.err);
	ok(run("-n -3") == 2 && strstr(r.err, "--rows: expected a whole number, got '-3'"),
	   "a negative count: %s", r.err);
	ok(run("-d 5x") == 2 && strstr(r.err, "--duration: expected a duration"),
	   "a bad duration: %s", r.err);
	ok(run("--min-mem lots") == 2 && strstr(r.err, "--min-mem: expected a size"),
	   "a bad size: %s", r.err);
	ok(run("--no-such") == 2 && strstr(r.err, "hr-x: unrecognized option '--no-such'"),
	   "an unknown long option: %s", r.err);
	ok(run("-Z") == 2 && strstr(r.err, "hr-x: invalid option -- 'Z'"), "an unknown letter: %s", r.err);
	ok(run("--rows") == 2 && strstr(r.err, "option '--rows' requires an argument"),
	   "a missing argument: %s", r.err);
	ok(run("-n") == 2 && strstr(r.err, "option '--rows' requires an argument"),
	   "a missing argument of a letter: %s", r.err);
	ok(run("--wide=yes") == 2 && strstr(r.err, "option '--wide' does not take an argument"),
	   "an argument to a flag: %s", r.err);
	ok(run("--m 3") == 2 && strstr(r.err, "option '--m' is ambiguous"),
	   "an ambiguous abbreviation: %s", r.err);
	ok(run("--note bad") == 2 && strstr(r.err, "hr-x: --note: 'bad' is not a note") &&
	   strstr(r.err, "Try 'hr-x --help'."), "a callback's refusal: %s", r.err);
	ok(run("--tsv-old") == 0 && strstr(r.err, "hr-x: warning: --tsv-old is deprecated; use --wide"),
	   "a deprecated spelling works and warns: %s", r.err);

	ok(run("--help") == 0, "--help exits 0");
	ok(strstr(r.out, "Usage: hr-x [OPTION]... [FILE]...\n   or: hr-x --other\nDoes things to FILEs.\n") != NULL,
	   "--help: synopsis lines and description: %s", r.out);
	ok(strstr(r.out, "\nOutput:\n  -n, --rows N") != NULL, "--help: group heading, then the entries");
	ok(strstr(r.out, "      --apdex T ") != NULL, "--help: a long-only option is indented past the letter");
	ok(strstr(r.out, "  -o, --output FILE") != NULL && strstr(r.out, "  -h, --help") != NULL,
	   "--help: the common options");
	ok(strstr(r.out, "(checked by a callback)") && strstr(r.out, "a note\n"),
	   "--help: an explicit line break is kept");
	ok(!strstr(r.out, "tsv-old") && !strstr(r.out, "rows-alias"), "--help: aliases are hidden");
	ok(strstr(r.out, "\nExit status: 0 good, 2 trouble.\n") != NULL, "--help: the footer");
	{
		const char *p;
		int longest = 0;

		for (p = r.out; *p;) {
			int len = (int)strcspn(p, "\n");

			if (len > longest)
				longest = len;
			p += len + (p[len] == '\n');
		}
		ok(longest <= 80, "--help: long help wraps within 80 columns (longest %d)", longest);
	}
	ok(run("--version") == 0 && !strncmp(r.out, "hr-x (headroom) ", 16), "--version");
	ok(run("--list-options") == 0, "--list-options exits 0");
	ok(strstr(r.out, "-s|--sort\tKEY\tchoice\tself total\n") != NULL, "choices are listed: %s", r.out);
	ok(strstr(r.out, "-o|--output\tFILE\tfile\t-\n") != NULL, "a file argument is marked");
	ok(strstr(r.out, "-w|--wide\t-\tflag\t-\n") != NULL, "a flag");
	ok(strstr(r.out, "--rows-alias\tN\tvalue\t-\n") && !strstr(r.out, "tsv-old"),
	   "an alias is listed as its target, a deprecated spelling is not");
	return done_testing();
}
