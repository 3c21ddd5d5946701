/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fast line reader over a file descriptor: large read()s and memchr(), no
 * limit on line length, lines handed out in place (no copy).
 *
 *	struct linereader lr;
 *	char *line;
 *	ssize_t len;
 *
 *	if (linereader_open(&lr, path) < 0)
 *		die_errno("cannot open '%s'", path);
 *	while ((len = linereader_next(&lr, &line)) >= 0)
 *		... line[0..len) without its '\n' (nor a '\r' before it), NUL-terminated,
 *		    writable, valid until the next call; lr.lineno is its number ...
 *	linereader_close(&lr);
 */
#ifndef HEADROOM_LINEREADER_H
#define HEADROOM_LINEREADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct linereader {
	int fd;
	bool own_fd;
	bool eof;
	bool error;		/* a read() failed; errno kept in err */
	int err;
	char *buf;
	size_t alloc, start, end;
	uint64_t lineno;	/* number of the line last returned, from 1 */
	uint64_t bytes;		/* bytes consumed so far */
	const char *name;	/* for messages: the path, or "-" for stdin; borrowed */
	bool last_unterminated;	/* the last line returned had no '\n' */
};

/*
 * Opens path for reading; NULL or "-" means standard input. Returns 0, or -1
 * with errno set.
 */
int linereader_open(struct linereader *lr, const char *path);
/* Reads from an open descriptor, which the reader does not close. */
void linereader_init_fd(struct linereader *lr, int fd, const char *name);
/*
 * The next line: returns its length and points *line at it, or returns -1 at
 * end of input or on a read error (then lr->error is set and errno holds the
 * cause). A final line without '\n' is returned too.
 */
ssize_t linereader_next(struct linereader *lr, char **line);
/*
 * Looks at up to want bytes at the start of the unread input without
 * consuming them (for sniffing a file's format). Returns the number available.
 */
size_t linereader_peek(struct linereader *lr, const char **data, size_t want);
/* Frees the buffer and closes the descriptor when the reader opened it. */
void linereader_close(struct linereader *lr);

/*
 * Splits line into at most max fields separated by runs of the bytes in
 * seps (leading and trailing ones skipped): field[i] points at the i-th
 * field in line, len[i] is its length. line is not changed. Returns the
 * number of fields.
 */
size_t split_fields(char *line, const char *seps, char **field, size_t *len, size_t max);

#endif
