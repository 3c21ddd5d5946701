// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-top: the hot-function table of a folded-stack profile, for a terminal
 * during an incident: self and total samples per function, hottest first.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <regex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/folded.h"
#include "headroom/linereader.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

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

enum sort_key { SORT_SELF, SORT_TOTAL, SORT_DELTA, SORT_DELTA_TOTAL };

/* Per function, indexed like the interning map's entries. */
struct func {
	double self[2], total[2];
	uint64_t last_line;	/* serial of the last stack that counted it in total */
	signed char match;	/* --grep: -1 not yet tested, 0 no, 1 yes */
};

struct top {
	struct stackmap names;	/* function name -> index of funcs[] */
	struct func *funcs;
	size_t alloc;
	int ncounts;		/* 0 until the first valid line decides 1 or 2 */
	double all[2];		/* samples of every valid stack */
	double kept[2];		/* samples of the stacks --grep kept */
	uint64_t serial;	/* stacks seen, for counting recursion once */
	uint64_t stacks, kept_stacks;
	regex_t re;
	bool grep, invert;
	size_t *frames;		/* the current stack's function indexes */
	size_t frames_alloc;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The length of a frame without its _[k] _[j] _[i] _[w] annotation. */
static size_t strip_annotation(const char *f, size_t len)
{
	if (len > 4 && f[len - 4] == '_' && f[len - 3] == '[' && f[len - 1] == ']' &&
	    strchr("kjiw", f[len - 2]) && f[len - 2])
		return len - 4;
	return len;
}

static size_t intern(struct top *t, const char *name, size_t len)
{
	struct stackmap_entry *e = stackmap_add(&t->names, name, len, 0, 0);
	size_t idx = (size_t)(e - t->names.entries);

	if (idx >= t->alloc) {
		size_t old = t->alloc;

		ALLOC_GROW(t->funcs, idx + 1, t->alloc);
		memset(t->funcs + old, 0, (t->alloc - old) * sizeof(*t->funcs));
		for (size_t k = old; k < t->alloc; k++)
			t->funcs[k].match = -1;
	}
	return idx;
}

static bool func_matches(struct top *t, size_t idx)
{
	struct func *f = &t->funcs[idx];

	if (f->match < 0)
		f->match = !regexec(&t->re, t->names.entries[idx].key, 0, NULL, 0);
	return f->match;
}

static void add_stack(struct top *t, const char *stack, size_t len, const double *count)
{
	size_t n = 0, i, start = 0;
	bool keep = true;

	for (i = 0; i <= len; i++) {
		if (i < len && stack[i] != ';')
			continue;
		ALLOC_GROW(t->frames, n + 1, t->frames_alloc);
		t->frames[n++] = intern(t, stack + start, strip_annotation(stack + start, i - start));
		start = i + 1;
	}
	t->stacks++;
	t->all[0] += count[0];
	t->all[1] += count[1];
	if (t->grep) {
		bool m = false;

		for (i = 0; i < n && !m; i++)
			m = func_matches(t, t->frames[i]);
		keep = m != t->invert;
	}
	if (!keep)
		return;
	t->kept_stacks++;
	t->kept[0] += count[0];
	t->kept[1] += count[1];
	t->serial++;
	for (i = 0; i < n; i++) {
		struct func *f = &t->funcs[t->frames[i]];

		if (f->last_line == t->serial)
			continue;	/* recursion: once per stack */
		f->last_line = t->serial;
		f->total[0] += count[0];
		f->total[1] += count[1];
	}
	t->funcs[t->frames[n - 1]].self[0] += count[0];
	t->funcs[t->frames[n - 1]].self[1] += count[1];
}

static void warn_invalid(uint64_t *invalid, const char *name, uint64_t lineno,
			 const char *what, const char *line)
{
	if ((*invalid)++ < 3)
		warning("%s:%llu: %s, skipped: '%.60s'", name, (unsigned long long)lineno,
			what, line);
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
		struct folded_line fl;

		if (memchr(line, '\0', (size_t)len))
			die("%s:%llu: binary data, expected folded stacks ('STACK COUNT')",
			    name, (unsigned long long)lr.lineno);
		if (len == 0)
			continue;
		if (folded_parse(line, (size_t)len, &fl) < 0) {
			warn_invalid(&invalid, name, lr.lineno,
				     "not a folded stack ('STACK COUNT')", line);
			continue;
		}
		if (!t->ncounts)
			t->ncounts = fl.ncounts;
		if (t->ncounts == 1 && fl.ncounts == 2) {
			/*
			 * In a one-count profile the count is the last field: a frame
			 * may end in " 2" (a thread name, say), so it goes back into
			 * the stack.
			 */
			size_t end = (size_t)len;

			while (end > 0 && is_blank(line[end - 1]))
				end--;
			while (end > 0 && !is_blank(line[end - 1]))
				end--;
			while (end > 0 && is_blank(line[end - 1]))
				end--;
			fl.stack_len = end;
			fl.count[0] = fl.count[1];
			fl.count[1] = 0;
		} else if (t->ncounts == 2 && fl.ncounts == 1) {
			warn_invalid(&invalid, name, lr.lineno,
				     "one count in a profile of two ('STACK COUNT1 COUNT2')", line);
			continue;
		}
		add_stack(t, fl.stack, fl.stack_len, fl.count);
	}
	if (lr.error) {
		errno = lr.err;
		die_errno("cannot read '%s'", name);
	}
	linereader_close(&lr);
	if (invalid > 3)
		warning("%s: %llu invalid lines skipped", name, (unsigned long long)invalid);
}

/* The table. */
static struct top *sort_top;
static enum sort_key sort_by;

static double pct(double v, double total)
{
	return total > 0 ? 100.0 * v / total : 0;
}

static double sort_value(size_t i)
{
	const struct func *f = &sort_top->funcs[i];
	int c = sort_top->ncounts - 1;	/* the after profile when there are two */

	switch (sort_by) {
	case SORT_TOTAL:
		return f->total[c];
	case SORT_DELTA:
		return fabs(pct(f->self[1], sort_top->all[1]) - pct(f->self[0], sort_top->all[0]));
	case SORT_DELTA_TOTAL:
		return fabs(pct(f->total[1], sort_top->all[1]) -
			    pct(f->total[0], sort_top->all[0]));
	default:
		return f->self[c];
	}
}

static int cmp_func(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct func *fx = &sort_top->funcs[x], *fy = &sort_top->funcs[y];
	const struct stackmap_entry *ex = &sort_top->names.entries[x];
	const struct stackmap_entry *ey = &sort_top->names.entries[y];
	int c = sort_top->ncounts - 1;
	double vx = sort_value(x), vy = sort_value(y);
	size_t n;
	int r;

	if (vx != vy)
		return vx < vy ? 1 : -1;
	if (fx->self[c] != fy->self[c])
		return fx->self[c] < fy->self[c] ? 1 : -1;
	if (fx->total[c] != fy->total[c])
		return fx->total[c] < fy->total[c] ? 1 : -1;
	n = ex->len < ey->len ? ex->len : ey->len;
	r = memcmp(ex->key, ey->key, n);
	return r ? r : (ex->len > ey->len) - (ex->len < ey->len);
}

#define MAXCOLS 11

struct row {
	char *cell[MAXCOLS];
};

static char *num_cell(double v)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_num(&sb, v);
	return strbuf_detach(&sb, NULL);
}

static char *pct_cell(double v, bool sign)
{
	/* "-0.00" says nothing that "0.00" does not. */
	if (fabs(v) < 0.005)
		v = 0;
	return xasprintf(sign ? "%+.2f" : "%.2f", v);
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

static void print_table(struct top *t, FILE *out, size_t rows, bool tsv, bool wide)
{
	static const char *const head1[] = { "SELF", "SELF%", "TOTAL", "TOTAL%", "FUNCTION" };
	static const char *const tsv1[] = { "self", "self_pct", "total", "total_pct", "function" };
	static const char *const head2[] = {
		"SELF1", "SELF2", "SELF1%", "SELF2%", "CHANGE", "TOTAL1", "TOTAL2",
		"TOTAL1%", "TOTAL2%", "CHANGE", "FUNCTION"
	};
	static const char *const tsv2[] = {
		"self1", "self2", "self1_pct", "self2_pct", "self_delta_pct", "total1",
		"total2", "total1_pct", "total2_pct", "total_delta_pct", "function"
	};
	size_t nf = stackmap_size(&t->names), nused = 0, i, k;
	size_t *order = xreallocarray(NULL, nf ? nf : 1, sizeof(*order));
	int ncols = t->ncounts == 2 ? 11 : 5;
	const char *const *head = tsv ? (t->ncounts == 2 ? tsv2 : tsv1)
				      : (t->ncounts == 2 ? head2 : head1);
	size_t width[MAXCOLS] = { 0 };
	struct row *rowv;
	struct strbuf sb = STRBUF_INIT;

	for (i = 0; i < nf; i++)
		if (t->funcs[i].last_line)	/* in a kept stack */
			order[nused++] = i;
	sort_top = t;
	qsort(order, nused, sizeof(*order), cmp_func);
	if (rows && rows < nused)
		nused = rows;

	rowv = xcalloc(nused ? nused : 1, sizeof(*rowv));
	for (i = 0; i < nused; i++) {
		const struct func *f = &t->funcs[order[i]];
		const struct stackmap_entry *e = &t->names.entries[order[i]];
		char **c = rowv[i].cell;

		if (t->ncounts == 2) {
			double s1 = pct(f->self[0], t->all[0]), s2 = pct(f->self[1], t->all[1]);
			double t1 = pct(f->total[0], t->all[0]), t2 = pct(f->total[1], t->all[1]);

			c[0] = num_cell(f->self[0]);
			c[1] = num_cell(f->self[1]);
			c[2] = pct_cell(s1, false);
			c[3] = pct_cell(s2, false);
			c[4] = pct_cell(s2 - s1, true);
			c[5] = num_cell(f->total[0]);
			c[6] = num_cell(f->total[1]);
			c[7] = pct_cell(t1, false);
			c[8] = pct_cell(t2, false);
			c[9] = pct_cell(t2 - t1, true);
			c[10] = xstrndup(e->key, e->len);
		} else {
			c[0] = num_cell(f->self[0]);
			c[1] = pct_cell(pct(f->self[0], t->all[0]), false);
			c[2] = num_cell(f->total[0]);
			c[3] = pct_cell(pct(f->total[0], t->all[0]), false);
			c[4] = xstrndup(e->key, e->len);
		}
	}

	if (tsv) {
		for (k = 0; k < (size_t)ncols; k++) {
			strbuf_addstr(&sb, head[k]);
			strbuf_addch(&sb, k + 1 < (size_t)ncols ? '\t' : '\n');
		}
		for (i = 0; i < nused; i++)
			for (k = 0; k < (size_t)ncols; k++) {
				strbuf_addstr(&sb, rowv[i].cell[k]);
				strbuf_addch(&sb, k + 1 < (size_t)ncols ? '\t' : '\n');
			}
	} else {
		int tw = wide ? 0 : terminal_width(out);
		size_t used = 0;

		if (t->ncounts == 2)
			strbuf_addf(&sb, "samples: %.15g before, %.15g after in %llu stacks; "
				    "percentages of each profile, CHANGE in points\n",
				    t->all[0], t->all[1], (unsigned long long)t->stacks);
		else
			strbuf_addf(&sb, "samples: %.15g in %llu stacks, %zu functions\n",
				    t->all[0], (unsigned long long)t->stacks, nf);
		if (t->grep)
			strbuf_addf(&sb, "%s: %.15g samples (%.2f%%) in %llu stacks\n",
				    t->invert ? "not matching" : "matching",
				    t->kept[t->ncounts - 1],
				    pct(t->kept[t->ncounts - 1], t->all[t->ncounts - 1]),
				    (unsigned long long)t->kept_stacks);
		for (k = 0; k + 1 < (size_t)ncols; k++) {
			width[k] = strlen(head[k]);
			for (i = 0; i < nused; i++)
				if (strlen(rowv[i].cell[k]) > width[k])
					width[k] = strlen(rowv[i].cell[k]);
			used += width[k] + 2;
		}
		for (i = 0; i <= nused; i++) {
			for (k = 0; k + 1 < (size_t)ncols; k++)
				strbuf_addf(&sb, "%*s  ", (int)width[k],
					    i ? rowv[i - 1].cell[k] : head[k]);
			{
				const char *name = i ? rowv[i - 1].cell[k] : head[k];
				size_t len = strlen(name);

				/* Shorten the name to the line, keeping its start. */
				if (tw > 0 && used + 8 < (size_t)tw && used + len > (size_t)tw) {
					strbuf_add(&sb, name, (size_t)tw - used - 3);
					strbuf_addstr(&sb, "...");
				} else {
					strbuf_addstr(&sb, name);
				}
				strbuf_addch(&sb, '\n');
			}
		}
	}
	if (strbuf_write(&sb, out) < 0)
		die_errno("write error");
	strbuf_release(&sb);
	for (i = 0; i < nused; i++)
		for (k = 0; k < (size_t)ncols; k++)
			free(rowv[i].cell[k]);
	free(rowv);
	free(order);
}

int main(int argc, char **argv)
{
	struct top t;
	const char *out_path = NULL, *grep = NULL;
	int tsv = -1, wide = 0, icase = 0, c;
	unsigned long rows = 20;
	FILE *out;

	cli_init(argv[0]);
	memset(&t, 0, sizeof(t));
	sort_by = SORT_SELF;
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
			t.invert = true;
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
	if (t.invert && !grep)
		usage_error("--invert-match needs --grep");
	if (grep) {
		int rc = regcomp(&t.re, grep, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));

		if (rc) {
			char msg[256];

			regerror(rc, &t.re, msg, sizeof(msg));
			usage_error("--grep: invalid regular expression '%s': %s", grep, msg);
		}
		t.grep = true;
	}

	stackmap_init(&t.names);
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
	print_table(&t, out, rows, tsv, wide);
	close_output(out, out_path);

	if (t.grep)
		regfree(&t.re);
	free(t.funcs);
	free(t.frames);
	stackmap_release(&t.names);
	return finish_stdout();
}
