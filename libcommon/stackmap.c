// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Open-addressing hash table of folded stacks. Keys live in a bump arena so
 * that a million distinct stacks cost a million small copies and no per-key
 * malloc; the slot array keeps the hash beside the index so that probing
 * rarely touches the keys.
 */
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"

struct stackmap_arena {
	struct stackmap_arena *next;
	size_t used, size;
	char data[];
};

#define ARENA_CHUNK (1u << 20)

static char *arena_alloc(struct stackmap *m, size_t n)
{
	struct stackmap_arena *a = m->arena;

	if (!a || a->size - a->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;

		a = xmalloc(sizeof(*a) + size);
		a->size = size;
		a->used = 0;
		a->next = m->arena;
		m->arena = a;
	}
	a->used += n;
	return a->data + a->used - n;
}

/*
 * A fast 64-bit hash reading 8 bytes at a time (the multiply-xorshift mixing
 * of wyhash/rapidhash, simplified). Quality matters less than speed here:
 * the table compares full keys on hash equality.
 */
static inline uint64_t mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint64_t hr_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
	uint64_t w;

	while (len >= 16) {
		uint64_t w2;

		memcpy(&w, p, 8);
		memcpy(&w2, p + 8, 8);
		h = mix(w ^ 0xa0761d6478bd642full, w2 ^ h);
		p += 16;
		len -= 16;
	}
	if (len >= 8) {
		memcpy(&w, p, 8);
		h = mix(w ^ 0xe7037ed1a0b428dbull, h ^ 0x8ebc6af09c88c6e3ull);
		p += 8;
		len -= 8;
	}
	w = 0;
	if (len)
		memcpy(&w, p, len);
	return mix(w ^ 0x589965cc75374cc3ull, h ^ 0x1d8e4e27c47d124full);
}

void stackmap_init(struct stackmap *m)
{
	memset(m, 0, sizeof(*m));
}

void stackmap_release(struct stackmap *m)
{
	struct stackmap_arena *a = m->arena;

	while (a) {
		struct stackmap_arena *next = a->next;

		free(a);
		a = next;
	}
	free(m->slots);
	free(m->hashes);
	free(m->entries);
	stackmap_init(m);
}

static void rehash(struct stackmap *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 1024, i;
	uint32_t *slots = xcalloc(n, sizeof(*slots));
	uint32_t *hashes = xcalloc(n, sizeof(*hashes));

	for (i = 0; i < m->nslots; i++) {
		size_t j;

		if (!m->slots[i])
			continue;
		j = m->hashes[i] & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = m->slots[i];
		hashes[j] = m->hashes[i];
	}
	free(m->slots);
	free(m->hashes);
	m->slots = slots;
	m->hashes = hashes;
	m->nslots = n;
}

static size_t probe(const struct stackmap *m, const char *key, size_t len, uint32_t h)
{
	size_t j = h & (m->nslots - 1);

	for (;;) {
		uint32_t s = m->slots[j];

		if (!s)
			return j;
		if (m->hashes[j] == h) {
			const struct stackmap_entry *e = &m->entries[s - 1];

			if (e->len == len && !memcmp(e->key, key, len))
				return j;
		}
		j = (j + 1) & (m->nslots - 1);
	}
}

struct stackmap_entry *stackmap_find(const struct stackmap *m, const char *key, size_t len)
{
	size_t j;

	if (!m->nslots)
		return NULL;
	j = probe(m, key, len, (uint32_t)hr_hash(key, len));
	return m->slots[j] ? &m->entries[m->slots[j] - 1] : NULL;
}

struct stackmap_entry *stackmap_add(struct stackmap *m, const char *key, size_t len,
				    double c0, double c1)
{
	uint32_t h = (uint32_t)hr_hash(key, len);
	struct stackmap_entry *e;
	size_t j;
	char *copy;

	if (!m->nslots)
		rehash(m);
	j = probe(m, key, len, h);
	if (m->slots[j]) {
		e = &m->entries[m->slots[j] - 1];
		e->count[0] += c0;
		e->count[1] += c1;
		return e;
	}
	if (m->nr >= UINT32_MAX - 1)
		die("too many distinct stacks");
	ALLOC_GROW(m->entries, m->nr + 1, m->alloc);
	copy = arena_alloc(m, len + 1);
	memcpy(copy, key, len);
	copy[len] = '\0';
	e = &m->entries[m->nr++];
	e->key = copy;
	e->len = len;
	e->count[0] = c0;
	e->count[1] = c1;
	m->slots[j] = (uint32_t)m->nr;
	m->hashes[j] = h;
	/* Keep the load factor under 1/2 so that probes stay short. */
	if (m->nr * 2 > m->nslots)
		rehash(m);
	return e;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct stackmap_entry *x = *(struct stackmap_entry *const *)a;
	const struct stackmap_entry *y = *(struct stackmap_entry *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);

	if (c)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

struct stackmap_entry **stackmap_sorted(const struct stackmap *m)
{
	struct stackmap_entry **v = xreallocarray(NULL, m->nr ? m->nr : 1, sizeof(*v));
	size_t i;

	for (i = 0; i < m->nr; i++)
		v[i] = &m->entries[i];
	qsort(v, m->nr, sizeof(*v), cmp_entry);
	return v;
}

int stackmap_write_entries(FILE *out, struct stackmap_entry *const *v, size_t n, int ncounts,
			   void (*add_count)(struct strbuf *sb, double v))
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret = 0;

	for (i = 0; i < n; i++) {
		strbuf_add(&sb, v[i]->key, v[i]->len);
		strbuf_addch(&sb, ' ');
		add_count(&sb, v[i]->count[0]);
		if (ncounts > 1) {
			strbuf_addch(&sb, ' ');
			add_count(&sb, v[i]->count[1]);
		}
		strbuf_addch(&sb, '\n');
		if (sb.len > 65536 || i + 1 == n) {
			if (strbuf_write(&sb, out) < 0)
				ret = -1;
			strbuf_reset(&sb);
		}
	}
	strbuf_release(&sb);
	return ret;
}

int stackmap_write(const struct stackmap *m, FILE *out, int ncounts)
{
	struct stackmap_entry **v = stackmap_sorted(m);
	int ret = stackmap_write_entries(out, v, m->nr, ncounts, strbuf_add_num);

	free(v);
	return ret;
}
