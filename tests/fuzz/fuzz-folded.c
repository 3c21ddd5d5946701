// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * libFuzzer target for folded stacks: folded_parse on every line of the input
 * (with the parse's invariants checked), the canonical form of each stack
 * (stable, and each frame's escapes undone and redone give it back), the
 * escaping rule's round trip on the raw bytes, the stack table with its
 * sorted output (which parses back), and folded_read over the same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/escape.h"
#include "headroom/folded.h"
#include "headroom/stackmap.h"
#include "check.h"
#include "memfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The canonical form is canonical: a second pass changes nothing. */
static void check_canonical(const char *stack, size_t len, struct strbuf *c1, struct strbuf *c2)
{
	const char *s = stack;
	size_t n = len;

	if (folded_canonical(c1, stack, len)) {
		s = c1->buf;
		n = c1->len;
	}
	if (folded_canonical(c2, s, n) || !check_text(s, n, ""))
		abort();
}

/* unescape(escape(s)) == s under every set of flags. */
static void check_round_trip(const char *s, size_t len)
{
	struct strbuf e = STRBUF_INIT, u = STRBUF_INIT;
	unsigned flags;

	for (flags = 0; flags < 16; flags++) {
		strbuf_reset(&e);
		strbuf_reset(&u);
		escape_add(&e, s, len, flags);
		unescape_add(&u, e.buf, e.len, flags);
		if (u.len != len || memcmp(u.buf, s, len) || !check_text(e.buf, e.len, "") ||
		    escape_needed(s, len, flags) != (e.len != len || memcmp(e.buf, s, len)))
			abort();
	}
	strbuf_release(&e);
	strbuf_release(&u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stackmap m, m2;
	struct stackmap_entry **v;
	struct strbuf c1 = STRBUF_INIT, c2 = STRBUF_INIT;
	const char *p = (const char *)data, *end = p + size;
	size_t invalid = 0, i, outlen = 0;
	int nc = 1, fd;
	char path[FUZZ_PATH_MAX], *out = NULL, *countname = NULL;
	FILE *f;

	check_round_trip((const char *)data, size);
	stackmap_init(&m);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* An exact-size copy, so that ASan sees any read past the line. */
		char *line = xmemdup(p, len);
		struct folded_line fl;

		if (folded_parse(line, len, &fl) == 0) {
			if (fl.stack != line || fl.stack_len == 0 || fl.stack_len > len ||
			    fl.ncounts < 1 || fl.ncounts > 2 || !(fl.count[0] >= 0) ||
			    !(fl.count[1] >= 0) || !isfinite(fl.count[0]) || !isfinite(fl.count[1]))
				abort();
			if (!memchr(line, '\0', len))
				check_canonical(fl.stack, fl.stack_len, &c1, &c2);
			stackmap_add(&m, fl.stack, fl.stack_len, fl.count[0], fl.count[1]);
		}
		free(countname);
		countname = folded_header_countname(line, len);
		if (countname && !check_text(countname, strlen(countname), ""))
			abort();
		free(line);
		p += len + 1;
	}
	v = stackmap_sorted(&m);
	for (i = 1; i < stackmap_size(&m); i++)
		if (v[i - 1] == v[i])
			abort();
	/* What is written parses back, line by line, to as many stacks. */
	f = open_memstream(&out, &outlen);
	folded_write(f, v, stackmap_size(&m), 2);
	fclose(f);
	free(v);
	for (p = out, i = 0; p < out + outlen; i++) {
		const char *nl = memchr(p, '\n', (size_t)(out + outlen - p));
		struct folded_line fl;

		if (!nl || folded_parse(p, (size_t)(nl - p), &fl) < 0)
			abort();
		p = nl + 1;
	}
	free(out);

	/* The same bytes through folded_read. */
	fd = fuzz_memfile(data, size, path);
	if (fd >= 0) {
		stackmap_init(&m2);
		folded_read(path, &m2, &invalid, &nc, NULL);
		if (stackmap_size(&m2) > stackmap_size(&m) + 1)
			abort();
		stackmap_release(&m2);
		close(fd);
	}
	stackmap_release(&m);
	strbuf_release(&c1);
	strbuf_release(&c2);
	free(countname);
	return 0;
}
