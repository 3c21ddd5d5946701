/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Series names, labels and selectors: the text forms every tool that names
 * a series shares (hr-record writes them, hr-query selects by them,
 * hr-rightsize reads them). Pure string work, without the database.
 *
 * A series is a name ("cgroup.cpu.cores") and labels in canonical form:
 * "key=value" pairs sorted by key and joined by ',' ("cgroup=/a,host=h"),
 * a value quoted "like this" (with \" and \\) when it holds one of , { } = " \
 * or blanks, or is empty. The full name is NAME or NAME{LABELS}. The names
 * headroom records are in names.h.
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
/* Appends NAME, or NAME{LABELS} when labels is neither NULL nor empty. */
void series_name_format(struct strbuf *out, const char *name, const char *labels);

/*
 * Appends ",key=value" (or "key=value" when labels is empty), quoting the
 * value when needed; a newline in it becomes a blank. Add keys in sorted
 * order to keep labels canonical.
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

#endif
