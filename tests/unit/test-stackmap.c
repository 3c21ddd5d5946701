// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of the stack table: counting, growth, byte-order sorting, output. */
#include <stdbool.h>
#include <stdlib.h>

#include "headroom/alloc.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "tap.h"

static char *write_to_string(const struct stackmap *m, int ncounts)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	stackmap_write(m, f, ncounts);
	fclose(f);
	return buf;
}

int main(void)
{
	struct stackmap m;
	struct stackmap_entry *e, **v;
	char key[64], *s;
	size_t i;
	bool all = true, sorted = true;

	stackmap_init(&m);
	ok(stackmap_find(&m, "a", 1) == NULL, "an empty map finds nothing");
	is_int(stackmap_size(&m), 0, "and has size 0");
	e = stackmap_add(&m, "a;b", 3, 2, 0);
	ok(e && !strcmp(e->key, "a;b") && e->len == 3 && e->count[0] == 2, "add inserts");
	stackmap_add(&m, "a;b", 3, 3, 1.5);
	e = stackmap_find(&m, "a;b", 3);
	ok(e && e->count[0] == 5 && e->count[1] == 1.5, "add adds to both counts");
	is_int(stackmap_size(&m), 1, "a repeated key is one entry");
	stackmap_add(&m, "a;b;c", 5, 1, 0);
	ok(stackmap_find(&m, "a;b;c", 3) == e, "find uses the length, not the NUL");
	stackmap_add(&m, "x\0y", 3, 7, 0);
	e = stackmap_find(&m, "x\0y", 3);
	ok(e && e->count[0] == 7 && stackmap_find(&m, "x", 1) == NULL,
	   "keys may contain NUL bytes");
	stackmap_add(&m, "", 0, 4, 0);
	e = stackmap_find(&m, "", 0);
	ok(e && e->count[0] == 4, "the empty key is a key");
	stackmap_release(&m);
	is_int(stackmap_size(&m), 0, "release empties the map");

	/* Growth: many keys, every count still right after rehashing. */
	for (i = 0; i < 200000; i++) {
		int n = snprintf(key, sizeof(key), "p;main;f%zu", i);

		stackmap_add(&m, key, (size_t)n, (double)i, 0);
	}
	for (i = 0; i < 200000; i += 7) {
		int n = snprintf(key, sizeof(key), "p;main;f%zu", i);

		e = stackmap_find(&m, key, (size_t)n);
		all &= e && e->count[0] == (double)i;
	}
	ok(all, "200000 keys survive rehashing with their counts");
	is_int(stackmap_size(&m), 200000, "and are all there");
	v = stackmap_sorted(&m);
	for (i = 1; i < stackmap_size(&m); i++)
		sorted &= strcmp(v[i - 1]->key, v[i]->key) < 0;
	ok(sorted, "sorted returns them in order");
	free(v);
	stackmap_release(&m);

	/* Byte order: a prefix first, ' ' before ';', high bytes last (unsigned). */
	stackmap_add(&m, "a;b;c", 5, 1, 2);
	stackmap_add(&m, "a;\xc3\xa9", 4, 1, 0);
	stackmap_add(&m, "a;b", 3, 1, 0);
	stackmap_add(&m, "a;b c", 5, 1, 0);
	stackmap_add(&m, "B", 1, 0.5, 0);
	stackmap_add(&m, "a;B", 3, 1e20, 0);
	s = write_to_string(&m, 1);
	is_str(s, "B 0.5\na;B 1e+20\na;b 1\na;b c 1\na;b;c 1\na;\xc3\xa9 1\n",
	       "write sorts in byte order, one count");
	free(s);
	s = write_to_string(&m, 2);
	is_str(s, "B 0.5 0\na;B 1e+20 0\na;b 1 0\na;b c 1 0\na;b;c 1 2\na;\xc3\xa9 1 0\n",
	       "write with two counts");
	free(s);
	stackmap_release(&m);
	v = stackmap_sorted(&m);
	ok(v != NULL, "sorting an empty map gives an array to free");
	free(v);

	ok(hr_hash("abc", 3) == hr_hash("abc", 3), "the hash is deterministic");
	ok(hr_hash("abc", 3) != hr_hash("abd", 3) && hr_hash("", 0) != hr_hash("\0", 1),
	   "and tells near keys apart");
	{
		/* Every length around the 8/16-byte word steps hashes without reading past the end. */
		char *buf = xmalloc(40);
		uint64_t prev = 0;
		bool differ = true;

		memset(buf, 'k', 40);
		for (i = 0; i <= 40; i++) {
			char *p = xmemdup(buf, i);
			uint64_t h = hr_hash(p, i);

			differ &= i == 0 || h != prev;
			prev = h;
			free(p);
		}
		ok(differ, "lengths 0..40 hash apart");
		free(buf);
	}
	return done_testing();
}
