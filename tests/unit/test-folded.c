// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of folded-stack parsing, reading and printing. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/escape.h"
#include "headroom/folded.h"
#include "headroom/stackmap.h"
#include "child.h"
#include "tap.h"
#include "tmpfile.h"

static int parse(const char *line, struct folded_line *fl)
{
	return folded_parse(line, strlen(line), fl);
}

static void check(const char *line, const char *stack, double c0, double c1, int n)
{
	struct folded_line fl;
	int rc = parse(line, &fl);

	ok(rc == 0 && fl.stack_len == strlen(stack) && !memcmp(fl.stack, stack, fl.stack_len) &&
	   fl.count[0] == c0 && fl.count[1] == c1 && fl.ncounts == n,
	   "'%s' -> '%s' %g %g (%d)", line, stack, c0, c1, n);
}

static void is_invalid(const char *line)
{
	struct folded_line fl;

	is_int(parse(line, &fl), -1, "'%s' is invalid", line);
}


static void check_canonical(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	bool changed = folded_canonical(&sb, in, strlen(in));

	if (want)
		is_str(changed ? sb.buf : "(unchanged)", want, "canonical form of '%s'", in);
	else
		ok(!changed, "'%s' is canonical", in);
	strbuf_release(&sb);
}

/* A stack built from names, written, read back: the same names. */
static void round_trip_names(void)
{
	static const char *const names[] = {
		"#comm\tx", "a;b", "\xff\xfe", "worker 12", "back\\slash\\x41", "ev\x1b[1mil", "ok",
	};
	struct strbuf stack = STRBUF_INIT, line = STRBUF_INIT, raw = STRBUF_INIT;
	struct folded_line fl;
	size_t i, n = sizeof(names) / sizeof(names[0]);
	const char *p, *end;
	int same = 1;

	for (i = 0; i < n; i++)
		folded_add_frame(&stack, names[i], strlen(names[i]), i == 0, i == n - 1);
	strbuf_addf(&line, "%s 7", stack.buf);
	ok(!strchr(line.buf, '\t') && line.buf[0] != '#', "the written line has no TAB, no leading #");
	ok(folded_parse(line.buf, line.len, &fl) == 0 && fl.ncounts == 1 && fl.count[0] == 7 &&
	   fl.stack_len == stack.len, "it parses back with its one count");
	p = fl.stack;
	end = fl.stack + fl.stack_len;
	for (i = 0; i < n && same; i++) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *fe = semi ? semi : end;

		strbuf_reset(&raw);
		unescape_add(&raw, p, (size_t)(fe - p), 0);
		same = raw.len == strlen(names[i]) && !memcmp(raw.buf, names[i], raw.len);
		p = fe + 1;
	}
	ok(same, "every name comes back as it was");
	check_canonical(stack.buf, NULL);
	strbuf_release(&stack);
	strbuf_release(&line);
	strbuf_release(&raw);
}

static void headers(void)
{
	char *c = folded_header_countname("# countname: ns", 15);
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	is_str(c, "ns", "'# countname: ns' names the counts");
	free(c);
	c = folded_header_countname("#countname:\tus  ", 16);
	is_str(c, "us", "blanks around the name do not matter");
	free(c);
	ok(!folded_header_countname("# just a comment", 16), "other comments name nothing");
	ok(!folded_header_countname("# countname:", 12), "an empty name is none");
	c = folded_header_countname("# countname: \x1b[2J", 17);
	is_str(c, "\\x1b[2J", "a control character in the name is made visible");
	free(c);

	f = open_memstream(&buf, &len);
	folded_write_header(f, "ns");
	folded_write_header(f, "samples");
	folded_write_header(f, NULL);
	fclose(f);
	is_str(buf, "# countname: ns\n", "the header is written for units other than samples");
	free(buf);
}

static void check_count(double v, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct folded_line fl;
	char *line;

	folded_add_count(&sb, v);
	is_str(sb.buf, want, "the count %g is written '%s'", v, want);
	line = xasprintf("a %s", sb.buf);
	ok(folded_parse(line, strlen(line), &fl) == 0, "and reads back");
	free(line);
	strbuf_release(&sb);
}

static char tmpdir[] = "/tmp/hr-test-folded-XXXXXX";

static void read_bad(void *arg)
{
	struct stackmap m;
	size_t invalid = 0;
	int nc = 1;

	stackmap_init(&m);
	printf("rc %d", folded_read(arg, &m, &invalid, &nc, NULL));
	printf(" invalid %zu ncounts %d size %zu\n", invalid, nc, stackmap_size(&m));
	stackmap_release(&m);
}

int main(void)
{
	struct stackmap m;
	struct stackmap_entry *e;
	struct folded_line fl;
	struct child_result r;
	char *path, *buf = NULL, *longline;
	size_t invalid = 0, len = 0;
	int nc = 1;
	FILE *f;

	check("api;main;parse_json 57", "api;main;parse_json", 57, 0, 1);
	check("a;b 2.5", "a;b", 2.5, 0, 1);
	check("a;b 7.", "a;b", 7, 0, 1);
	check("a;b  12 \t ", "a;b", 12, 0, 1);
	check("a;b\t3", "a;b", 3, 0, 1);
	check("a;b 1 2", "a;b", 1, 2, 2);
	check("a;b 0 0.5", "a;b", 0, 0.5, 2);
	check("x;std::vector<int, std::allocator<int> >::push_back(int const&) 4",
	      "x;std::vector<int, std::allocator<int> >::push_back(int const&)", 4, 0, 1);
	check("main 0", "main", 0, 0, 1);
	check("a;f1 3", "a;f1", 3, 0, 1);
	check("1 2", "1", 2, 0, 1);
	check("a 1 2 3", "a 1", 2, 3, 2);
	is_invalid("");
	is_invalid("a;b");
	is_invalid("57");
	is_invalid(" 57");
	is_invalid("a;b 1.2.3");
	is_invalid("a;b .5");
	is_invalid("a;b -5");
	is_invalid("a;b 1e5");
	is_invalid("a;b12");
	is_invalid("a;b 0x10");
	is_invalid("   ");
	check("a;b 1234567890123456789012345678901234567890123456789012345678901234567890",
	      "a;b", 1234567890123456789012345678901234567890123456789012345678901234567890.0, 0, 1);

	/* A number too long for any double is rejected; a long stack is fine. */
	longline = xmalloc(200001);
	memset(longline, '9', 200000);
	memcpy(longline, "a;b ", 4);
	longline[4 + 401] = '\0';
	ok(parse(longline, &fl) < 0, "a count of 401 digits is invalid");
	memset(longline, 'f', 200000);
	memcpy(longline + 199997, " 9", 3);
	ok(parse(longline, &fl) == 0 && fl.stack_len == 199997 && fl.count[0] == 9,
	   "a 200 KB stack parses");
	free(longline);


	/* The last field only, as difffolded.pl reads it. */
	ok(folded_parse_counts("a;b 1 2", 7, 1, &fl) == 0 && fl.stack_len == 5 &&
	   fl.count[0] == 2 && fl.ncounts == 1, "with one count, a number before it is stack");

	check_canonical("api;main;parse_json", NULL);
	check_canonical("caf\xc3\xa9;\xe6\x97\xa5", NULL);
	check_canonical("a\tb;c", "a\\x09b;c");
	check_canonical("ev\x1b[1mil\xff;x", "ev\\x1b[1mil\\xff;x");
	check_canonical("a;\\x41\\x3b\\x09", "a;A\\x3b\\x09");
	check_canonical("C:\\dir;RegExp:[\\\\]", NULL);
	check_canonical("a;b\\x2012", NULL);
	check_canonical("\\x23c;\\x01 12", "\\x23c;\\x01\\x2012");
	round_trip_names();
	headers();
	check_count(57, "57");
	check_count(2.5, "2.5");
	check_count(0.1 + 0.2, "0.3");
	check_count(1234.5678, "1234.5678");
	check_count(1e20, "100000000000000000000");
	check_count(1e-42, "0");
	check_count(0.000125, "0.000125");

	if (!mkdtemp(tmpdir))
		return 1;
	path = write_tmp_str(tmpdir, "p.folded", "a;b 1\n\na;b 2\nbroken\na;c 1 3\r\na;b 0.5\n");
	stackmap_init(&m);
	ok(folded_read(path, &m, &invalid, &nc, NULL) == 0, "folded_read reads a file");
	e = stackmap_find(&m, "a;b", 3);
	ok(e && e->count[0] == 3.5, "repeated stacks add up");
	e = stackmap_find(&m, "a;c", 3);
	ok(e && e->count[0] == 1 && e->count[1] == 3, "two counts go into both columns");
	is_int(invalid, 1, "the invalid line is counted");
	is_int(nc, 2, "a two-count line sets ncounts");
	is_int(stackmap_size(&m), 2, "blank lines are skipped");
	stackmap_release(&m);

	run_child(read_bad, path, &r);
	ok(strstr(r.err, "p.folded:4: not a folded stack") != NULL,
	   "the warning names file and line: %s", r.err);
	unlink(path);
	free(path);

	path = write_tmp_str(tmpdir, "junk", "1\n2\n3\n4\n5\nx 1\n");
	run_child(read_bad, path, &r);
	is_str(r.out, "rc 0 invalid 5 ncounts 1 size 1\n", "all invalid lines counted");
	ok(strstr(r.err, ":3:") && !strstr(r.err, ":4:"), "only the first three are named");
	unlink(path);
	free(path);

	run_child(read_bad, (char *)(uintptr_t)"/nonexistent/p.folded", &r);
	is_str(r.out, "rc -1 invalid 0 ncounts 1 size 0\n", "a missing file returns -1");
	ok(strstr(r.err, "cannot open '/nonexistent/p.folded'") != NULL, "and says which");
	run_child(read_bad, tmpdir, &r);
	ok(!strncmp(r.out, "rc -1", 5) && strstr(r.err, "cannot read") != NULL,
	   "a read error returns -1 and says so");
	rmdir(tmpdir);

	f = open_memstream(&buf, &len);
	folded_print(f, "a;b;junk", 3, (double[]){ 57, 0 }, 1);
	folded_print(f, "a;c", 3, (double[]){ 1.25, 3 }, 2);
	fclose(f);
	is_str(buf, "a;b 57\na;c 1.25 3\n", "folded_print writes one or two counts");
	free(buf);
	return done_testing();
}
