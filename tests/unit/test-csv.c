// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the CSV reader: RFC 4180 quoting, records over several lines, errors. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/csv.h"
#include "tap.h"
#include "tmpfile.h"

static char tmpdir[] = "/tmp/hr-test-csv-XXXXXX";

/* Reads every record of text; their fields joined by '|', records by '/', into out. */
static int read_all(const char *text, char sep, bool trim, struct strbuf *out, struct strbuf *err,
		    unsigned long long *lines)
{
	char *path = write_tmp_str(tmpdir, "in.csv", text);
	struct linereader lr;
	struct csv_reader r;
	int rc;
	size_t i;

	strbuf_reset(out);
	linereader_open(&lr, path);
	csv_reader_init(&r, &lr, sep);
	r.trim = trim;
	while ((rc = csv_reader_next(&r)) > 0) {
		if (out->len)
			strbuf_addch(out, '/');
		for (i = 0; i < r.nfields; i++) {
			if (i)
				strbuf_addch(out, '|');
			strbuf_add(out, r.field[i], r.len[i]);
			if (strlen(r.field[i]) != r.len[i])
				strbuf_addstr(out, "<NOT TERMINATED>");
		}
		strbuf_addf(out, "@%llu", (unsigned long long)r.lineno);
	}
	if (err)
		strbuf_addstr(err, r.err.buf);
	*lines = lr.lineno;
	csv_reader_release(&r);
	linereader_close(&lr);
	unlink(path);
	free(path);
	return rc;
}

/*
 * csv_split_first() against csv_split() on quote-free lines of every length
 * up to 40 (separators at every offset of an eight-byte word): the same
 * leading fields, NUL-terminated, and the same count when there are fewer.
 */
static void check_split_first(void)
{
	static const char seps[] = ",;\t", alphabet[] = "ab,;\t 7\r";
	unsigned seed = 1, bad = 0, runs = 0;
	size_t k, len, want, i;

	for (k = 0; k < 3; k++) {
		for (len = 0; len <= 40; len++) {
			for (want = 1; want <= 12; want++, runs++) {
				char line[48], copy[48], *g[64];
				size_t fl[64], n, m;
				struct csv_reader r;
				struct linereader lr = { 0 };

				for (i = 0; i < len; i++) {
					seed = seed * 1103515245 + 12345;
					line[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
				}
				line[len] = '\0';
				memcpy(copy, line, len + 1);
				csv_reader_init(&r, &lr, seps[k]);
				n = csv_split(&r, copy, len);
				m = csv_split_first(line, len, seps[k], want, g, fl);
				if (m != (n < want ? n : want))
					bad++;
				for (i = 0; i < m && i < n; i++) {
					if (fl[i] != r.len[i] || memcmp(g[i], r.field[i], fl[i]) ||
					    g[i][fl[i]] != '\0')
						bad++;
				}
				csv_reader_release(&r);
			}
		}
	}
	is_int(bad, 0, "csv_split_first agrees with csv_split in %u lines", runs);

	{
		char line[] = "1,22,333,4444,55555,666666,7777777,88888888,9";
		char *g[4];
		size_t fl[4];

		is_int(csv_split_first(line, strlen(line), ',', 3, g, fl), 3, "three of nine fields");
		is_str(g[2], "333", "the third, terminated");
		is_str(line + 9, "4444,55555,666666,7777777,88888888,9", "the rest left as it was");
	}
}

int main(void)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	unsigned long long lines;
	int rc;

	if (!mkdtemp(tmpdir))
		return 1;

	rc = read_all("a,b,c\n1,,3\n,\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "a|b|c@1/1||3@2/|@3", "plain fields, empty fields, line numbers");
	ok(rc == 0, "ends with 0");

	read_all("\"a,b\",\"say \"\"hi\"\"\",x\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "a,b|say \"hi\"|x@1", "a separator and doubled quotes inside quotes");

	read_all("1,\"two\nlines\",3\n4,5,6\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "1|two\nlines|3@1/4|5|6@3", "a quoted field spans lines; the next record's line number");

	read_all("1,\"a\n\n\"\"b\"\",\nc\",\"\"\nz\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "1|a\n\n\"b\",\nc|@1/z@5", "blank lines, quotes and separators inside a long field");

	read_all("x,\"\"\"\"\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "x|\"@1", "a field of one quote");

	read_all("a\"b,c\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "a\"b|c@1", "a quote inside an unquoted field is text");

	read_all("\"ab\"cd,e\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "abcd|e@1", "text after the closing quote is kept");

	read_all(" a , \"b c\" ,d\n", ',', true, &out, NULL, &lines);
	is_str(out.buf, "a|b c|d@1", "trim: blanks around fields and quotes dropped");

	read_all(" a , \"b c\" ,d\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, " a | \"b c\" |d@1", "without trim, blanks are data and the quote is text");

	read_all("a\tb c\t\"d\te\"\n", '\t', true, &out, NULL, &lines);
	is_str(out.buf, "a|b c|d\te@1", "tab-separated, a tab inside quotes");

	read_all("a,b\r\n\"c\r\nd\",e\r\n", ',', false, &out, NULL, &lines);
	is_str(out.buf, "a|b@1/c\nd|e@2", "CRLF line ends, also inside a quoted field");

	read_all("a,b", ',', false, &out, NULL, &lines);
	is_str(out.buf, "a|b@1", "a last record without a newline");

	strbuf_reset(&err);
	rc = read_all("1,2\n3,\"open\n4,5\n", ',', false, &out, &err, &lines);
	ok(rc == -1, "an unclosed quote at the end of the input is an error");
	is_str(err.buf, "the quoted field opened on line 2 is not closed at the end of the input",
	       "which names the line where it opened");
	is_str(out.buf, "1|2@1", "the records before it were read");

	{
		struct csv_reader r;
		char rec[] = "p,\"q\"\"r\",s";
		struct linereader lr = { 0 };

		csv_reader_init(&r, &lr, ',');
		is_int(csv_split(&r, rec, sizeof(rec) - 1), 3, "csv_split of a record in memory");
		is_str(r.field[1], "q\"r", "unescaped in place");
		csv_reader_release(&r);
	}
	ok(csv_ends_quoted("a,\"b", 4, ',', false, false), "ends quoted: an open field");
	ok(!csv_ends_quoted("a,\"b\"", 5, ',', false, false), "a closed field");
	ok(!csv_ends_quoted("x\",c", 4, ',', false, true), "a continuation that closes");
	ok(csv_ends_quoted("x\"\"", 3, ',', false, true), "a continuation with a doubled quote stays open");
	is_int(csv_guess_sep("a\tb\tc", 5), '\t', "tab-separated header");
	is_int(csv_guess_sep("a;b", 3), ';', "semicolons");
	is_int(csv_guess_sep("a,b\tc", 5), ',', "commas win");
	check_split_first();

	strbuf_release(&out);
	strbuf_release(&err);
	rmdir(tmpdir);
	return done_testing();
}
