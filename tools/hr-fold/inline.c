// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * --inline: un-inlining frames with libdw through libcommon's symbols module,
 * giving what stackcollapse-perf.pl builds from "addr2line -i -f -s -C" and,
 * when addr2line finds nothing, from "nm" plus the symbol offset perf printed.
 */
#include <fcntl.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "headroom/symbols.h"
#include "inline.h"

struct unwinline {
	bool context;
	struct symcache *cache;
	struct stackmap memo;	/* "mod\0pc" -> offset of the result in results */
	struct strbuf results;	/* NUL-terminated results back to back */
	struct strbuf key;
};

struct unwinline *unwinline_new(bool context)
{
	struct unwinline *u = xcalloc(1, sizeof(*u));

	u->context = context;
	u->cache = symcache_new();
	stackmap_init(&u->memo);
	strbuf_init(&u->results, 0);
	strbuf_init(&u->key, 0);
	return u;
}

void unwinline_free(struct unwinline *u)
{
	if (!u)
		return;
	symcache_free(u->cache);
	stackmap_release(&u->memo);
	strbuf_release(&u->results);
	strbuf_release(&u->key);
	free(u);
}

/* The script leaves m/(perf-\d+.map|kernel\.|\[[^\]]+\])/ modules alone. */
static bool skipped_module(const char *m, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (i + 7 <= n && !memcmp(m + i, "kernel.", 7))
			return true;
		if (m[i] == '[' && i + 1 < n && m[i + 1] != ']' && memchr(m + i + 1, ']', n - i - 1))
			return true;
		if (i + 5 <= n && !memcmp(m + i, "perf-", 5)) {
			for (j = i + 5; j < n && m[j] >= '0' && m[j] <= '9'; j++)
				;
			if (j > i + 5 && j + 4 <= n && !memcmp(m + j + 1, "map", 3))
				return true;
		}
	}
	return false;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * What the script makes of addr2line's answer for addr in path: the frames
 * outermost first, joined by ';', each "name" or "name:file:line"; "??" (or
 * "??:??:0") when nothing covers the address, "" when the file is unreadable.
 */
static void lookup(struct unwinline *u, const char *path, uint64_t addr, struct strbuf *out)
{
	struct symframe fr[64];
	struct symfile *f = symcache_open(u->cache, path, NULL);
	int n, i;

	strbuf_reset(out);
	if (!f)
		return;
	n = symfile_lookup(f, addr, fr, 64, SYM_INLINE | SYM_SRCLINE | SYM_DEMANGLE);
	if (n <= 0) {
		strbuf_addstr(out, u->context ? "??:??:0" : "??");
		return;
	}
	for (i = n - 1; i >= 0; i--) {
		strbuf_addstr(out, fr[i].name ? fr[i].name : "??");
		if (u->context) {
			strbuf_addf(out, ":%s:", fr[i].srcfile ? base_name(fr[i].srcfile) : "??");
			if (fr[i].srcline > 0)
				strbuf_addf(out, "%d", fr[i].srcline);
			else
				strbuf_addch(out, '?');
		}
		if (i)
			strbuf_addch(out, ';');
	}
}

/* nm's answer: the value of the symbol called name in path's .symtab. */
static bool symbol_value(const char *path, const char *name, uint64_t *value)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf *elf;
	bool found;

	if (fd < 0)
		return false;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	found = elf_symbol_value(elf, name, false, value);
	if (elf)
		elf_end(elf);
	close(fd);
	return found;
}

static bool is_nothing(const struct strbuf *r)
{
	return !r->len || !strcmp(r->buf, "??") || !strcmp(r->buf, "??:??:0");
}

const char *unwinline_frame(struct unwinline *u, const char *pc, size_t pc_len,
			    const char *func, size_t func_len, const char *mod, size_t mod_len,
			    size_t *len)
{
	struct stackmap_entry *e;
	struct strbuf r = STRBUF_INIT;
	char *path, *pcs;
	uint64_t addr;
	size_t off;

	if (skipped_module(mod, mod_len))
		return NULL;
	/* the script caches by address and module, whatever the symbol */
	strbuf_reset(&u->key);
	strbuf_add(&u->key, mod, mod_len);
	strbuf_addch(&u->key, '\0');
	strbuf_add(&u->key, pc, pc_len);
	e = stackmap_find(&u->memo, u->key.buf, u->key.len);
	if (!e) {
		path = xstrndup(mod, mod_len);
		pcs = xstrndup(pc, pc_len);
		addr = strtoull(pcs, NULL, 16);
		lookup(u, path, addr, &r);
		if (r.len && !strcmp(r.buf, u->context ? "??:??:0" : "??")) {
			/* "name+0xoff": the symbol's value plus the offset, as with nm */
			const char *plus = NULL;
			size_t i;

			for (i = func_len; i > 0; i--)
				if (func[i - 1] == '+') {
					plus = func + i - 1;
					break;
				}
			if (plus && plus > func && func + func_len - plus > 3 && plus[1] == '0' &&
			    plus[2] == 'x' &&
			    strspn(plus + 3, "0123456789abcdef") >= (size_t)(func + func_len - plus - 3)) {
				char *name = xstrndup(func, (size_t)(plus - func));
				char *hex = xstrndup(plus + 3, (size_t)(func + func_len - plus - 3));
				uint64_t base;

				if (symbol_value(path, name, &base))
					lookup(u, path, base + strtoull(hex, NULL, 16), &r);
				free(name);
				free(hex);
			}
		}
		free(path);
		free(pcs);
		off = u->results.len;
		strbuf_add(&u->results, r.buf, r.len);
		strbuf_addch(&u->results, '\0');
		e = stackmap_add(&u->memo, u->key.buf, u->key.len, (double)off, is_nothing(&r));
		strbuf_release(&r);
	}
	if (e->count[1])
		return NULL;
	off = (size_t)e->count[0];
	*len = strlen(u->results.buf + off);
	return u->results.buf + off;
}
