/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Interned strings (folded stacks) with one or two counts each: the table every
 * folded-stack tool accumulates into. Keys are copied into an arena owned by
 * the map; memory grows with distinct keys, not with the number of additions.
 */
#ifndef HEADROOM_STACKMAP_H
#define HEADROOM_STACKMAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct strbuf;

struct stackmap_entry {
	const char *key;	/* NUL-terminated, owned by the map */
	size_t len;
	double count[2];
};

struct stackmap {
	uint32_t *slots;	/* 0 = empty, else entry index + 1 */
	uint32_t *hashes;	/* hash per slot, to skip most key compares */
	size_t nslots;		/* power of two */
	struct stackmap_entry *entries;
	size_t nr, alloc;
	struct stackmap_arena *arena;
};

/* An empty map; a zeroed struct stackmap is one too. */
void stackmap_init(struct stackmap *m);
void stackmap_release(struct stackmap *m);

/*
 * Adds c0 and c1 to the counts of key[0..len), inserting it with zero counts
 * first when it is new. Returns the entry (valid until the next insertion).
 */
struct stackmap_entry *stackmap_add(struct stackmap *m, const char *key, size_t len,
				    double c0, double c1);
/* The entry for key, or NULL. */
struct stackmap_entry *stackmap_find(const struct stackmap *m, const char *key, size_t len);
static inline size_t stackmap_size(const struct stackmap *m) { return m->nr; }

/*
 * An array of the entries sorted by key in byte order (as Perl's sort and
 * LC_ALL=C sort do); the caller frees the array, not the entries.
 */
struct stackmap_entry **stackmap_sorted(const struct stackmap *m);

/*
 * Writes "key count" lines ("key count0 count1" when ncounts is 2), sorted by
 * key. Returns 0, or -1 on a write error.
 */
int stackmap_write(const struct stackmap *m, FILE *out, int ncounts);
/*
 * Writes the lines of entries v[0..n) in that order, each count as
 * add_count() appends it (strbuf_add_num() for stackmap_write()). Returns 0,
 * or -1 on a write error.
 */
int stackmap_write_entries(FILE *out, struct stackmap_entry *const *v, size_t n, int ncounts,
			   void (*add_count)(struct strbuf *sb, double v));

/* The 64-bit hash used by the map, exposed for other interning tables. */
uint64_t hr_hash(const void *data, size_t len);

#endif
