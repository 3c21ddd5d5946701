/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Series names, labels and selectors: the text forms every tool that names
 * a series shares (hr-record writes them, hr-query selects by them,
 * hr-rightsize reads them). Pure string work, without the database.
 *
 * A series is a name ("cgroup.cpu.cores") and labels in canonical form:
 * "key=value" pairs sorted by key and joined by ',' ("cgroup=/a,host=h").
 * A value is quoted "like this" when it is empty or holds one of , { } =, a
 * blank, or anything the escaping rule of escape.h escapes; inside the
 * quotes it is escaped by that rule (escape_add() with ESCAPE_QUOTE, the
 * rule of frame names too): \" \\ \t \n \r, and \xHH for other control
 * characters, the C1 controls and bytes that are not UTF-8
 * (headroom-series(5)). So a full name never holds a TAB, a newline or
 * anything a terminal acts on, and parsing undoes every escape: a value goes
 * through labels_add() and back unchanged. The full name is
 * NAME or NAME{LABELS}. The names headroom records are in names.h.
 *
 * Functions that can fail return 0, or -1 with a reason in *why (a static
 * string), and print nothing: the caller says which input was wrong.
 */
#ifndef HEADROOM_LABELS_H
#define HEADROOM_LABELS_H

#include <stdbool.h>
#include <stddef.h>

#include "headroom/strbuf.h"

/*
 * Splits a full series name "NAME{k=v,...}" into its name and canonical
 * labels (sorted, quoted where needed), replacing what name and labels held.
 * Glob characters are allowed in the name; a repeated label is an error.
 */
int series_name_parse(const char *full, struct strbuf *name, struct strbuf *labels,
		      const char **why);
/*
 * Whether s[0..len) can be a series name: printable UTF-8 without blanks,
 * braces, quotes, commas or '=' (headroom-series(5)).
 */
bool series_name_ok(const char *s, size_t len);
/* Whether key can be a label name: as a series name, and no '!' or '\\'. */
bool label_name_ok(const char *key);
/* Appends NAME, or NAME{LABELS} when labels is neither NULL nor empty. */
void series_name_format(struct strbuf *out, const char *name, const char *labels);

/*
 * Appends ",key=value" (or "key=value" when labels is empty), quoting and
 * escaping the value when needed. Add keys in sorted order to keep labels
 * canonical.
 */
void labels_add(struct strbuf *labels, const char *key, const char *value);
/*
 * Sets out to the canonical labels with key=value added in its sorted place
 * (key must not be among them already): "a=1,z=2" + host -> "a=1,host=h,z=2".
 * Walks the keys only, so it costs little more than a copy.
 */
void labels_insert(struct strbuf *out, const char *labels, const char *key, const char *value);
/* Looks key up in canonical labels: 1 with its (unquoted) value in *value,
 * 0 when absent or when labels do not parse. */
int labels_get(const char *labels, const char *key, struct strbuf *value);
/* Calls fn with each key and (unquoted) value of canonical labels, in order;
 * nothing when they do not parse. */
void labels_each(const char *labels,
		 void (*fn)(const char *key, const char *value, void *arg), void *arg);

/*
 * A selector: a name glob and label globs, "cgroup.cpu.*{cgroup=/system.slice/x*}".
 * A name without glob characters also matches the names below it
 * ("cgroup" matches "cgroup.cpu.cores"). Unmentioned labels match anything;
 * "k!=glob" excludes.
 */
struct selector {
	char *name;
	size_t nr;
	struct label_match {
		char *key, *glob;
		bool negate;
	} *labels;
};
/* Parses text into sel (which needs no initialising; released on failure). */
int selector_parse(struct selector *sel, const char *text, const char **why);
bool selector_match(const struct selector *sel, const char *name, const char *labels);
void selector_release(struct selector *sel);

/*
 * Names on Prometheus-compatible engines (remote write, OpenMetrics, the
 * query API), one reversible rule (headroom-series(5)): "headroom_" and the
 * name with each '.' written '_' and each '_' written "__"; a character
 * other than a letter or digit, and a '.' or '_' at either end or next to
 * another one, is written ":HH" (its byte in upper-case hex). So
 * "cgroup.cpu.cores" is "headroom_cgroup_cpu_cores" and
 * "cgroup.mem.peak_bytes" "headroom_cgroup_mem_peak__bytes".
 */
void prom_name_encode(struct strbuf *out, const char *name);
/*
 * The headroom name of an engine's metric name: 1 with the decoded name in
 * out when metric is prom_name_encode()'s spelling of one, else 0 with
 * metric itself in out ("node_cpu_seconds_total" stays what it is).
 */
int prom_name_decode(struct strbuf *out, const char *metric);
/* Whether key can be a label name there: [a-zA-Z_][a-zA-Z0-9_]*, not "__...". */
bool prom_label_name_ok(const char *key);
/*
 * Appends value as the engines take it, valid UTF-8: each byte that is not
 * part of a UTF-8 sequence becomes U+FFFD. Returns how many were replaced.
 */
size_t prom_label_value(struct strbuf *out, const char *value);
/*
 * Appends a PromQL series selector that matches at least what sel matches
 * among series named by that rule: {__name__=~"headroom_...",key=~"..."}.
 * Globs are not regular expressions, and ':HH' spellings vary, so it may
 * match more: filter what comes back with selector_match(). Negated and
 * unsendable labels are left to that filter. With metric, the name is
 * that engine name exactly: {__name__="headroom_cpu_util",...}.
 */
void selector_to_promql(struct strbuf *out, const struct selector *sel, const char *metric);

#endif
