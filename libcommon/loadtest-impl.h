/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Private to the load-test readers (libcommon/loadtest*.c): the state every
 * reader shares, one entry point per format, and the helpers they use.
 */
#ifndef HEADROOM_LOADTEST_IMPL_H
#define HEADROOM_LOADTEST_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "headroom/csv.h"
#include "headroom/error.h"
#include "headroom/loadtest.h"

struct lt_reader {
	struct lt_input *in;
	struct linereader *lr;
	const struct lt_options *o;
	const struct lt_sink *sink;
	struct lt_info *info;
};

/* error() as "FILE:LINE: message"; returns -1. */
int lt_bad(const struct lt_reader *r, uint64_t line, const char *fmt, ...) HR_FORMAT(3, 4);

/* Hands a request to the sink. */
void lt_emit(const struct lt_reader *r, const struct lt_request *req);

/* The index of the column called name in a header record, or -1. */
int lt_column(const struct csv_reader *hdr, const char *name);
/*
 * Reads r's input as CSV records separated by sep: the first record that is
 * not blank goes to header, which returns 0 (a header), 1 (data: it goes to
 * record too) or -1; every later one that is not blank to record, which
 * returns 0 or -1. Returns 0, or -1 after a message.
 */
typedef int (*lt_csv_fn)(struct lt_reader *r, struct csv_reader *cr, void *arg);
int lt_csv_read(struct lt_reader *r, char sep, lt_csv_fn header, lt_csv_fn record, void *arg);
/*
 * lt_csv_read() with a fast path: every line after the header goes first to
 * line_fn (line[0..len) as linereader_next() returned it, writable), which
 * returns 1 when it has read the line as a record, 0 to leave it to the CSV
 * reader and record (a line with a quote, a blank line...), or -1 after a
 * message. line_fn NULL: lt_csv_read().
 */
typedef int (*lt_line_fn)(struct lt_reader *r, char *line, size_t len, void *arg);
int lt_csv_read_lines(struct lt_reader *r, char sep, lt_csv_fn header, lt_csv_fn record,
		      lt_line_fn line_fn, void *arg);

/*
 * The readers, one a format: X(FORMAT, name) stands for the format LT_FORMAT,
 * read by lt_read_name() (wrk2's output is wrk's, read by lt_read_wrk()).
 */
#define LT_READERS(X) \
	X(JTL, jtl) X(JTL_XML, jtl_xml) X(K6_JSON, k6_json) X(K6_CSV, k6_csv) \
	X(VEGETA_JSON, vegeta_json) X(VEGETA_CSV, vegeta_csv) X(AB_GNUPLOT, ab_gnuplot) \
	X(AB_CSV, ab_csv) X(LOCUST_STATS, locust_stats) X(LOCUST_HISTORY, locust_history) \
	X(WRK, wrk) X(HLOG, hlog)
#define LT_DECLARE_READER(format, name) int lt_read_##name(struct lt_reader *r);
LT_READERS(LT_DECLARE_READER)

/*
 * --- A small JSON scanner for one-object-per-line results ---
 * Values are views into the line; nothing is allocated.
 */
enum ljson_type { LJ_STRING, LJ_NUMBER, LJ_OBJECT, LJ_ARRAY, LJ_TRUE, LJ_FALSE, LJ_NULL };

struct ljson_value {
	enum ljson_type type;
	const char *s;		/* the text: inside the quotes for a string, else whole */
	size_t len;
	bool escaped;		/* a string with backslash escapes */
};

/*
 * Calls fn for each member of the object at s[0..len) (which must start with
 * '{' after blanks). fn returns 0 to go on, 1 to stop early, -1 to fail.
 * Returns 0, or -1 on malformed JSON (or fn's -1) with *why set.
 */
typedef int (*ljson_member_fn)(void *arg, const char *key, size_t klen,
			       const struct ljson_value *v);
int ljson_object(const char *s, size_t len, ljson_member_fn fn, void *arg, const char **why);
/*
 * A member ljson_fields() picks: its key (NULL: none), where its value goes,
 * and a flag set when the object has it (NULL: not wanted).
 */
struct ljson_field {
	const char *key;
	struct ljson_value *value;
	bool *found;
};
/*
 * ljson_object() keeping the value of each member whose key one of the n
 * fields names (every field that names it; of repeated keys, the last).
 */
int ljson_fields(const char *s, size_t len, const struct ljson_field *f, size_t n,
		 const char **why);
/* The string value v unescaped into sb (replacing its content). */
void ljson_unescape(const struct ljson_value *v, struct strbuf *sb);
/* Whether key[0..klen) is name. */
bool ljson_key_is(const char *key, size_t klen, const char *name);

#endif
