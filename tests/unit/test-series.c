// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of series TSV reading and writing. */
#include <stdlib.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/series.h"
#include "tap.h"
#include "tmpfile.h"

static char tmpdir[] = "/tmp/hr-test-series-XXXXXX";

/* Reads the file, returning "ts value series|..." or "ERR message". */
static char *read_all(const char *name, const char *data, size_t len)
{
	char *path = write_tmp(tmpdir, name, data, len);
	struct series_reader r;
	struct series_point p;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	if (series_reader_open(&r, path) < 0)
		return xstrdup("cannot open");
	while ((rc = series_reader_next(&r, &p)) == 1)
		strbuf_addf(&sb, "%.15g %.15g %s|", p.ts, p.value, p.series);
	if (rc < 0) {
		/* The message names the file; keep it from the file's base name on. */
		const char *at = strstr(r.err.buf, name);

		strbuf_addf(&sb, "ERR %s", at ? at : r.err.buf);
	}
	series_reader_close(&r);
	unlink(path);
	free(path);
	return strbuf_detach(&sb, NULL);
}

#define READS(data, want, desc) do { \
	char *got_ = read_all("s.tsv", data, sizeof(data) - 1); \
	is_str(got_, want, desc); \
	free(got_); \
} while (0)

int main(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct series_reader r;

	if (!mkdtemp(tmpdir))
		return 1;
	READS("100\t1.5\n200\t2\n", "100 1.5 |200 2 |", "two columns, unnamed");
	READS("# series: cpu.util\n100\t50\n# a comment\n\n160\t70 \n",
	      "100 50 cpu.util|160 70 cpu.util|", "a '# series:' comment names the series");
	READS("100\tdisk.read_bps{dev=sda}\t1e6\n100\tcpu.util\t3\n",
	      "100 1000000 disk.read_bps{dev=sda}|100 3 cpu.util|", "three columns");
	READS("100   7\n  200 8\n", "100 7 |200 8 |", "blank-separated fields");
	READS("2026-11-22T14:00:00Z\t1\n", "1795356000 1 |", "RFC 3339 timestamps");
	READS("100\t1\r\n", "100 1 |", "CR-LF");
	READS("", "", "an empty file has no points");
	READS("100\t1\nabc\t2\n", "100 1 |ERR s.tsv:2: expected a timestamp (Unix seconds or RFC 3339), got 'abc'",
	      "a bad timestamp names file and line");
	READS("100\tn/a\n", "ERR s.tsv:1: expected a number, got 'n/a'", "a bad value");
	READS("100\n", "ERR s.tsv:1: expected 'TIMESTAMP<TAB>VALUE' or 'TIMESTAMP<TAB>SERIES<TAB>VALUE', got '100'",
	      "one field");
	READS("1\t2\t3\t4\n", "ERR s.tsv:1: expected 'TIMESTAMP<TAB>VALUE' or 'TIMESTAMP<TAB>SERIES<TAB>VALUE', got '1'",
	      "four fields");
	READS("100\t\t5\n", "ERR s.tsv:1: expected a series name, got ''", "an empty series name");
	READS("100\t5\n1\0\t7\n", "100 5 |ERR s.tsv:2: binary data where series TSV was expected, got '\\0'",
	      "binary data");
	READS("2026-02-29T00:00:00Z\t1\n", "ERR s.tsv:1: expected a timestamp (Unix seconds or RFC 3339), got '2026-02-29T00:00:00Z'",
	      "a day that does not exist");
	READS("100\tinf\n", "ERR s.tsv:1: expected a number, got 'inf'", "infinity is not a value");

	ok(series_reader_open(&r, "/nonexistent/s.tsv") == -1, "a missing file fails to open");
	ok(series_reader_open(&r, tmpdir) == 0, "a directory opens");
	{
		struct series_point p;

		ok(series_reader_next(&r, &p) == -1 && strstr(r.err.buf, "cannot read") != NULL,
		   "and reading it is an error: %s", r.err.buf);
	}
	series_reader_close(&r);
	rmdir(tmpdir);

	series_format(&sb, 1795356000, NULL, 42.5, false);
	series_format(&sb, 1795356000.25, "cpu.util", 3, false);
	series_format(&sb, 1795356000, "mem.used_bytes", 1e9, true);
	is_str(sb.buf, "1795356000\t42.5\n1795356000.25\tcpu.util\t3\n"
	       "2026-11-22T14:00:00Z\tmem.used_bytes\t1000000000\n", "series_format");
	strbuf_release(&sb);
	return done_testing();
}
