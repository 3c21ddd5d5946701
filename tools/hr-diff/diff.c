// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * hr-diff's hex stripping, as difffolded.pl does it, and its output: folded
 * lines with two counts, or a table of the stacks that changed most.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/escape.h"
#include "headroom/folded.h"
#include "headroom/json.h"
#include "headroom/table.h"
#include "diff.h"

/* s/0x[0-9a-fA-F]+/0x.../g into sb. */
void diff_strip_hex(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0;

	strbuf_reset(sb);
	while (i < len) {
		const char *p = memmem(s + i, len - i, "0x", 2);
		size_t j;

		if (!p) {
			strbuf_add(sb, s + i, len - i);
			break;
		}
		j = (size_t)(p - s) + 2;
		strbuf_add(sb, s + i, j - i);
		if (j < len && strchr("0123456789abcdefABCDEF", s[j]) && s[j]) {
			while (j < len && s[j] && strchr("0123456789abcdefABCDEF", s[j]))
				j++;
			strbuf_addstr(sb, "...");
		}
		i = j;
	}
}

/* Largest change first, then by stack: the order of the tables. */
static int cmp_change(const void *a, const void *b)
{
	const struct stackmap_entry *x = *(const struct stackmap_entry *const *)a;
	const struct stackmap_entry *y = *(const struct stackmap_entry *const *)b;
	double dx = fabs(x->count[1] - x->count[0]), dy = fabs(y->count[1] - y->count[0]);
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (dx != dy)
		return dx < dy ? 1 : -1;
	c = memcmp(x->key, y->key, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

static const struct table_column columns[] = {
	{ "before", "BEFORE", TABLE_RIGHT }, { "after", "AFTER", TABLE_RIGHT },
	{ "delta", "DELTA", TABLE_RIGHT }, { "stack", "STACK", TABLE_LEFT },
};

static int write_table(struct stackmap_entry **v, size_t n, FILE *out, const struct diff_output *o)
{
	struct table t;
	size_t i;
	int rc;

	table_init(&t, columns, 4);
	for (i = 0; i < n; i++) {
		table_num(&t, v[i]->count[0], -1);
		table_num(&t, v[i]->count[1], -1);
		table_num(&t, v[i]->count[1] - v[i]->count[0], -1);
		table_cell(&t, v[i]->key);
	}
	rc = table_write(&t, out, (enum output_format)o->format, o->width);
	table_release(&t);
	return rc;
}

/* A stack as a JSON array of its frames, the escapes undone. */
static void json_frames(struct json *j, const char *stack, size_t len)
{
	struct strbuf raw = STRBUF_INIT;
	const char *p = stack, *end = stack + len;

	json_array_begin(j, "frames");
	for (;;) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *fe = semi ? semi : end;

		strbuf_reset(&raw);
		unescape_add(&raw, p, (size_t)(fe - p), 0);
		json_strn(j, NULL, raw.buf, raw.len);
		if (!semi)
			break;
		p = semi + 1;
	}
	json_array_end(j);
	strbuf_release(&raw);
}

static void json_input(struct json *j, const char *key, const struct diff_input *in)
{
	json_object_begin(j, key);
	json_str(j, "file", in->name);
	json_num(j, "total", in->total);
	json_uint(j, "stacks", in->stacks);
	json_object_end(j);
}

static int write_json(struct stackmap_entry **v, size_t n, const struct diff_input in[2],
		      FILE *out, const struct diff_output *o)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	size_t i;
	int rc;

	json_init(&j, &sb);
	json_object_begin(&j, NULL);
	json_str(&j, "countname", o->countname ? o->countname : "samples");
	json_input(&j, "before", &in[0]);
	json_input(&j, "after", &in[1]);
	json_array_begin(&j, "stacks");
	for (i = 0; i < n; i++) {
		json_object_begin(&j, NULL);
		json_frames(&j, v[i]->key, v[i]->len);
		json_num(&j, "before", v[i]->count[0]);
		json_num(&j, "after", v[i]->count[1]);
		json_num(&j, "delta", v[i]->count[1] - v[i]->count[0]);
		json_object_end(&j);
	}
	rc = json_finish(&j, out);
	strbuf_release(&sb);
	return rc;
}

int diff_write(const struct stackmap *map, const struct diff_input in[2], FILE *out,
	       const struct diff_output *o)
{
	struct stackmap_entry **v = stackmap_sorted(map);
	size_t n = stackmap_size(map);
	int rc = 0;

	if (o->format != DIFF_FOLDED && n)
		qsort(v, n, sizeof(*v), cmp_change);
	if (o->rows && o->rows < n)
		n = o->rows;
	if (o->format == DIFF_FOLDED) {
		folded_write_header(out, o->countname);
		rc = folded_write(out, v, n, 2);
	} else if (output_format_resolve((enum output_format)o->format, out) == FORMAT_JSON) {
		rc = write_json(v, n, in, out, o);
	} else {
		rc = write_table(v, n, out, o);
	}
	free(v);
	return rc;
}
