// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the line reader: line ends, long lines, peeking, pipes, errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/linereader.h"
#include "tap.h"
#include "tmpfile.h"

static char tmpdir[] = "/tmp/hr-test-linereader-XXXXXX";

/* Lines longer than the reader's buffer, and many of them across refills. */
static void test_long_lines(void)
{
	struct linereader lr;
	char *path, *line, *big;
	ssize_t len;
	size_t n, i, nlines = 0;
	bool same = true;

	n = 3 * 1024 * 1024 + 17;
	big = xmalloc(n + 2 + 600000);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	big[n] = '\n';
	for (i = 0; i < 100000; i++)
		memcpy(big + n + 1 + i * 6, "12345\n", 6);
	path = write_tmp(tmpdir, "big", big, n + 1 + 600000);
	linereader_open(&lr, path);
	len = linereader_next(&lr, &line);
	ok(len == (ssize_t)n && !memcmp(line, big, n), "a 3 MB line comes whole");
	while ((len = linereader_next(&lr, &line)) >= 0) {
		same &= len == 5 && !strcmp(line, "12345");
		nlines++;
	}
	ok(same && nlines == 100000, "then 100000 short lines across refills (%zu)", nlines);
	is_int(lr.lineno, 100001, "numbered to the end");
	linereader_close(&lr);
	unlink(path);
	free(path);
	free(big);
}

static void test_split_fields(void)
{
	char text[] = "  12, 3.5\t,x ,", *f[3];
	size_t flen[3], nf = split_fields(text, " ,\t", f, flen, 3);

	ok(nf == 3 && f[0] == text + 2 && flen[0] == 2 && f[1] == text + 6 &&
	   flen[1] == 3 && f[2] == text + 11 && flen[2] == 1,
	   "split_fields: runs of separators between fields, none around them");
	ok(!strcmp(text, "  12, 3.5\t,x ,"), "and the line is left as it was");
	is_int(split_fields(text, " ,\t", f, flen, 2), 2, "at most max fields");
	is_int(split_fields(text + 13, " ,\t", f, flen, 3), 0, "only separators: none");
}

int main(void)
{
	struct linereader lr;
	char *path, *line;
	const char *peek;
	ssize_t len;
	size_t n;
	int fds[2];

	if (!mkdtemp(tmpdir))
		return 1;

	path = write_tmp(tmpdir, "a", "one\ntwo\r\n\nlast", 14);
	ok(linereader_open(&lr, path) == 0, "opens a file");
	len = linereader_next(&lr, &line);
	ok(len == 3 && !strcmp(line, "one") && lr.lineno == 1, "first line, number 1");
	len = linereader_next(&lr, &line);
	ok(len == 3 && !strcmp(line, "two"), "a CR before the LF is dropped");
	len = linereader_next(&lr, &line);
	ok(len == 0 && !strcmp(line, "") && lr.lineno == 3, "an empty line is a line");
	ok(!lr.last_unterminated, "terminated lines say so");
	len = linereader_next(&lr, &line);
	ok(len == 4 && !strcmp(line, "last") && lr.last_unterminated,
	   "a last line without newline is returned and flagged");
	is_int(lr.bytes, 14, "bytes counts everything consumed");
	is_int(linereader_next(&lr, &line), -1, "then end of input");
	ok(!lr.error, "which is not an error");
	is_int(linereader_next(&lr, &line), -1, "and stays so");
	linereader_close(&lr);
	unlink(path);
	free(path);

	path = write_tmp(tmpdir, "empty", "", 0);
	linereader_open(&lr, path);
	is_int(linereader_next(&lr, &line), -1, "an empty file has no line");
	is_int(lr.lineno, 0, "and line number 0");
	linereader_close(&lr);
	unlink(path);
	free(path);

	path = write_tmp(tmpdir, "nl", "\n", 1);
	linereader_open(&lr, path);
	ok(linereader_next(&lr, &line) == 0 && linereader_next(&lr, &line) == -1,
	   "a lone newline is one empty line");
	linereader_close(&lr);
	unlink(path);
	free(path);

	test_long_lines();

	path = write_tmp(tmpdir, "peek", "\x7f" "ELF rest\nsecond\n", 17);
	linereader_open(&lr, path);
	n = linereader_peek(&lr, &peek, 4);
	ok(n == 4 && !memcmp(peek, "\x7f" "ELF", 4), "peek shows the first bytes");
	n = linereader_peek(&lr, &peek, 1000);
	is_int(n, 17, "peek past the end gives what there is");
	len = linereader_next(&lr, &line);
	ok(len == 9 && !strcmp(line, "\x7f" "ELF rest"), "peek consumed nothing");
	linereader_close(&lr);
	unlink(path);
	free(path);

	/* A pipe delivers in pieces; lines split across writes are joined. */
	if (pipe(fds) == 0) {
		if (write(fds[1], "par", 3) != 3 || write(fds[1], "tial\nx", 6) != 6)
			return 1;
		close(fds[1]);
		linereader_init_fd(&lr, fds[0], "pipe");
		len = linereader_next(&lr, &line);
		ok(len == 7 && !strcmp(line, "partial"), "a line split across writes");
		len = linereader_next(&lr, &line);
		ok(len == 1 && !strcmp(line, "x"), "the rest after the writer closed");
		is_str(lr.name, "pipe", "the name given is kept");
		linereader_close(&lr);
		ok(close(fds[0]) == 0, "a borrowed descriptor is left open for its owner to close");
	}

	errno = 0;
	ok(linereader_open(&lr, "/nonexistent/file") == -1 && errno == ENOENT,
	   "a missing file fails with ENOENT");
	ok(linereader_open(&lr, tmpdir) == 0, "a directory opens");
	ok(linereader_next(&lr, &line) == -1 && lr.error && lr.err == EISDIR,
	   "and reading it is an error with errno kept");
	linereader_close(&lr);
	ok(linereader_open(&lr, "-") == 0 && lr.fd == 0 && !strcmp(lr.name, "-"),
	   "\"-\" is standard input");
	linereader_close(&lr);
	rmdir(tmpdir);

	test_split_fields();
	return done_testing();
}
