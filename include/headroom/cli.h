/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every tool's main() does the same way: start-up, --version, output, exit. */
#ifndef HEADROOM_CLI_H
#define HEADROOM_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "headroom/strbuf.h"

/* Long-option values shared by the tools, above the range of single characters. */
enum { OPT_VERSION = 0x1000 };

/* set_progname(argv0) and SIGPIPE restored to default, so "| head" ends quietly. */
void cli_init(const char *argv0);
/* Prints "hr-x (headroom) VERSION" to stdout. */
void print_version(void);
/*
 * Opens path for writing ("-" or NULL: stdout); dies with exit 2 when it
 * cannot. The caller closes it with close_output().
 */
FILE *open_output(const char *path);
/* Closes f (not stdout), dying on a write error. */
void close_output(FILE *f, const char *path);
/*
 * Writes the whole of sb to path as open_output() opens it, and closes it;
 * dies with exit 2 on an error (naming NULL "standard output").
 */
void write_output_file(const char *path, const struct strbuf *sb);
/*
 * Whether to colour what goes to out: it is a terminal and NO_COLOR is unset
 * or empty (no-color.org).
 */
bool cli_color(FILE *out);
/* The escape sequences of a coloured verdict: green, red, yellow, and the reset. */
#define COLOR_GOOD "\033[32m"
#define COLOR_BAD "\033[31m"
#define COLOR_WARN "\033[33m"
#define COLOR_RESET "\033[0m"
struct strbuf;
/*
 * Appends word to sb, between code and COLOR_RESET when color is true (from
 * cli_color() of the stream sb goes to), else plain. A caller aligning
 * columns pads after it, by strlen(word).
 */
void add_colored(struct strbuf *sb, bool color, const char *code, const char *word);
/*
 * Flushes and checks standard output; returns 0, or reports the write error
 * and returns 2. The usual end of main(): return finish_stdout();
 */
int finish_stdout(void);
/*
 * The directory of the tool's data (flame graph script, example history):
 * $HEADROOM_SHARE; else, from the running binary's directory, the data
 * directory make install used (DATADIR/headroom relative to BINDIR), which
 * serves an installation wherever it was staged or moved; else
 * ../share/headroom beside the binary (the build tree); else DATADIR/headroom
 * as configured at build time. Borrowed.
 */
const char *share_dir(void);
/* Reads the whole file share_dir()/name into a new string; dies if missing. */
char *read_share_file(const char *name, size_t *len);
/* Reads a whole file into a new NUL-terminated string; NULL with errno on failure. */
char *read_file(const char *path, size_t *len);

#endif
