// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The unwind tables of a binary, read from its ELF file for libunwind's
 * remote search: .eh_frame_hdr's table, or one synthesized from .eh_frame
 * (static binaries), and .debug_frame rewritten as .eh_frame.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "headroom/alloc.h"
#include "headroom/strbuf.h"
#include "ehframe.h"
#include "sample.h"

/* Reads a DWARF-encoded pointer of .eh_frame_hdr (the forms linkers use). */
static bool read_encoded(const unsigned char *p, const unsigned char *end, unsigned enc,
			 uint64_t at, uint64_t *val, const unsigned char **next)
{
	uint64_t v;

	switch (enc & 0x0f) {
	case 0x03: /* udata4 */
	case 0x0b: /* sdata4 */
		if (end - p < 4)
			return false;
		{
			uint32_t u;
			memcpy(&u, p, 4);
			v = (enc & 0x0f) == 0x0b ? (uint64_t)(int64_t)(int32_t)u : u;
		}
		*next = p + 4;
		break;
	case 0x00: /* absptr */
	case 0x04: /* udata8 */
	case 0x0c: /* sdata8 */
		if (end - p < 8)
			return false;
		memcpy(&v, p, 8);
		*next = p + 8;
		break;
	default:
		return false;
	}
	switch (enc & 0x70) {
	case 0x00:
		break;
	case 0x10: /* pcrel */
		v += at;
		break;
	default:
		return false;
	}
	*val = v;
	return true;
}

static uint64_t read_uleb(const unsigned char **pp, const unsigned char *end)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (*pp < end) {
		unsigned char c = *(*pp)++;

		if (shift < 64)
			v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
		if (!(c & 0x80))
			break;
	}
	return v;
}

static size_t encoded_size(unsigned enc)
{
	switch (enc & 0x0f) {
	case 0x02: case 0x0a: return 2;
	case 0x03: case 0x0b: return 4;
	case 0x00: case 0x04: case 0x0c: return 8;
	default: return 0;
	}
}

struct synth_entry { int32_t start, fde; };

static int synth_cmp(const void *a, const void *b)
{
	const struct synth_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* A growing search table of (function start, FDE offset) pairs. */
struct synth_table {
	struct synth_entry *e;
	size_t n, alloc;
};

static void synth_add(struct synth_table *t, int32_t start, int32_t fde)
{
	ALLOC_GROW(t->e, t->n + 1, t->alloc);
	t->e[t->n].start = start;
	t->e[t->n].fde = fde;
	t->n++;
}

/* Sorts the table and hands it over; NULL (and freed) when it is empty. */
static int32_t *synth_finish(struct synth_table *t)
{
	if (!t->n) {
		free(t->e);
		return NULL;
	}
	qsort(t->e, t->n, sizeof(*t->e), synth_cmp);
	return (int32_t *)(void *)t->e;
}

/* A record of .eh_frame: where it starts, its body (after the length), its end. */
struct cfi_record {
	const unsigned char *rec, *body, *end;
};

/* The record at *p, which then moves past it; false at the terminator or a bad length. */
static bool next_eh_record(const unsigned char **p, const unsigned char *end,
			   struct cfi_record *r)
{
	const unsigned char *q = *p;
	uint32_t len32;
	uint64_t len;

	if ((size_t)(end - q) < 8)
		return false;
	r->rec = q;
	memcpy(&len32, q, 4);
	q += 4;
	if (!len32)
		return false;
	len = len32;
	if (len32 == 0xffffffff) {
		if (end - q < 8)
			return false;
		memcpy(&len, q, 8);
		q += 8;
	}
	if (len > (uint64_t)(end - q) || len < 4)
		return false;
	r->body = q;
	r->end = q + len;
	*p = r->end;
	return true;
}

/*
 * The pointer encoding of the FDEs of a CIE (its augmentation's 'R', 0 when
 * none): after the version, augmentation string, alignments and return
 * register comes the 'z' data. False when the CIE is cut short.
 */
static bool cie_fde_encoding(const struct cfi_record *r, unsigned *enc)
{
	const unsigned char *q = r->body + 4, *rend = r->end, *data;
	const char *aug;
	unsigned char version;

	*enc = 0;
	if (q >= rend)
		return false;
	version = *q++;
	aug = (const char *)q;
	q = memchr(q, 0, (size_t)(rend - q));
	if (!q)
		return false;
	q++;
	read_uleb(&q, rend);
	read_uleb(&q, rend);
	if (version == 1)
		q++;
	else
		read_uleb(&q, rend);
	if (aug[0] != 'z')
		return true;
	read_uleb(&q, rend);
	data = q;
	for (const char *a = aug + 1; *a && data < rend; a++) {
		if (*a == 'R') {
			*enc = *data++;
		} else if (*a == 'P') {
			unsigned penc = *data++;

			data += encoded_size(penc);
		} else if (*a == 'L') {
			data++;
		}
	}
	return true;
}

/* The CIEs seen last (offset in the section -> FDE pointer encoding). */
struct cie_cache {
	uint64_t off[8];
	unsigned enc[8];
	size_t n;
};

/* The encoding of the CIE at offset off; 0xff when it is not remembered. */
static unsigned cie_cache_find(const struct cie_cache *c, uint64_t off)
{
	unsigned enc = 0xff;
	size_t i;

	for (i = 0; i < 8 && i < c->n; i++)
		if (c->off[i] == off)
			enc = c->enc[i];
	return enc;
}

/*
 * The start of the function an FDE describes, as an address of the section
 * loaded at vaddr, from its initial location in encoding enc (absolute or
 * pc-relative). False for an encoding the table cannot use.
 */
static bool fde_start(const struct cfi_record *r, const unsigned char *sec, uint64_t vaddr,
		      unsigned enc, uint64_t *start)
{
	const unsigned char *q = r->body + 4;
	size_t sz = enc == 0xff ? 0 : encoded_size(enc);
	uint64_t v = 0;

	if (!sz || (size_t)(r->end - q) < sz)
		return false;
	memcpy(&v, q, sz);
	if ((enc & 0x0f) == 0x0b)
		v = (uint64_t)(int64_t)(int32_t)v;
	else if ((enc & 0x0f) == 0x0a)
		v = (uint64_t)(int64_t)(int16_t)v;
	*start = v;
	if ((enc & 0x70) == 0x10)
		*start += vaddr + (uint64_t)(q - sec);
	return (enc & 0x70) <= 0x10 && !(enc & 0x80);
}

/*
 * The binary search table that .eh_frame_hdr would hold, built from
 * .eh_frame itself: (start of function, FDE) pairs relative to segbase, the
 * section's address. Linkers leave the header out of static binaries.
 */
static void synth_eh_table(struct binary *b, const unsigned char *sec, size_t size,
			   uint64_t vaddr, uint64_t id)
{
	const unsigned char *p = sec, *end = sec + size;
	struct synth_table t = { 0 };
	struct cie_cache cies = { 0 };
	struct cfi_record r;

	while (next_eh_record(&p, end, &r)) {
		uint32_t id32;
		uint64_t start;
		unsigned enc;

		memcpy(&id32, r.body, 4);
		if (id32 == 0) {
			if (!cie_fde_encoding(&r, &enc))
				break;
			cies.off[cies.n % 8] = (uint64_t)(r.rec - sec);
			cies.enc[cies.n % 8] = enc;
			cies.n++;
		} else {
			enc = cie_cache_find(&cies, (uint64_t)(r.body - sec) - id32);
			if (fde_start(&r, sec, vaddr, enc, &start))
				synth_add(&t, (int32_t)(start - vaddr), (int32_t)(r.rec - sec));
		}
	}
	b->synth = synth_finish(&t);
	if (!b->synth)
		return;
	b->synth_addr = (1ull << 63) | (id << 32);
	b->has_hdr = true;
	b->hdr_vaddr = vaddr;
	b->table_vaddr = b->synth_addr;
	b->fde_count = t.n;
}

static int64_t read_sleb(const unsigned char **pp, const unsigned char *end)
{
	int64_t v = 0;
	unsigned shift = 0;
	unsigned char c = 0;

	while (*pp < end) {
		c = *(*pp)++;
		if (shift < 64)
			v |= (int64_t)((uint64_t)(c & 0x7f) << shift);
		shift += 7;
		if (!(c & 0x80))
			break;
	}
	if (shift < 64 && (c & 0x40))
		v |= -(int64_t)((uint64_t)1 << shift);
	return v;
}

static void put_uleb(struct strbuf *sb, uint64_t v)
{
	do {
		unsigned char c = v & 0x7f;

		v >>= 7;
		strbuf_addch(sb, (char)(c | (v ? 0x80 : 0)));
	} while (v);
}

static void put_sleb(struct strbuf *sb, int64_t v)
{
	for (;;) {
		unsigned char c = v & 0x7f;

		v >>= 7;
		if ((v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40))) {
			strbuf_addch(sb, (char)c);
			return;
		}
		strbuf_addch(sb, (char)(c | 0x80));
	}
}

static void put_u32(struct strbuf *sb, uint32_t v) { strbuf_add(sb, &v, 4); }
static void put_u64(struct strbuf *sb, uint64_t v) { strbuf_add(sb, &v, 8); }

/* .debug_frame rewritten as .eh_frame, with the table of its FDEs. */
struct dframe_rewrite {
	struct strbuf out;
	struct synth_table table;
	struct { uint64_t in, out; } *cies;	/* CIE offsets, .debug_frame -> out */
	size_t ncie, acie;
	uint64_t fake;				/* the address out is read at */
};

/* Sets the length field of the record that starts at start in out. */
static void end_record(struct strbuf *out, size_t start)
{
	uint32_t len = (uint32_t)(out->len - start - 4);

	memcpy(out->buf + start, &len, 4);
}

/*
 * Rewrites the CIE at rec whose fields start at q (after the id). Returns
 * -1 when it is cut short (the rewriting ends), 0 for a CIE left out (an
 * augmentation we do not know, a bad return register), 1 when written.
 */
static int rewrite_cie(struct dframe_rewrite *d, const unsigned char *sec,
		       const unsigned char *rec, const unsigned char *q, const unsigned char *rend)
{
	struct strbuf *out = &d->out;
	size_t start = out->len;
	unsigned char version;
	uint64_t caf, ra;
	int64_t daf;

	if (q >= rend)
		return -1;
	version = *q++;
	if (q >= rend || *q)
		return 0;
	q++;
	if (version >= 4)
		q += 2;	/* address_size, segment_selector_size */
	caf = read_uleb(&q, rend);
	daf = read_sleb(&q, rend);
	ra = version == 1 ? (q < rend ? *q++ : 0) : read_uleb(&q, rend);
	if (q > rend || ra > 255)
		return 0;
	put_u32(out, 0);	/* length, below */
	put_u32(out, 0);
	strbuf_addch(out, 1);
	strbuf_add(out, "zR", 3);
	put_uleb(out, caf);
	put_sleb(out, daf);
	strbuf_addch(out, (char)ra);
	put_uleb(out, 1);
	strbuf_addch(out, 0x1c);	/* DW_EH_PE_pcrel | DW_EH_PE_sdata8 */
	strbuf_add(out, q, (size_t)(rend - q));
	end_record(out, start);
	ALLOC_GROW(d->cies, d->ncie + 1, d->acie);
	d->cies[d->ncie].in = (uint64_t)(rec - sec);
	d->cies[d->ncie].out = start;
	d->ncie++;
	return 1;
}

/*
 * Rewrites the FDE of the CIE at offset cie whose fields start at q: its
 * CIE pointer relative to the field, its 8-byte location pc-relative, an
 * empty augmentation. An FDE of a CIE left out is left out.
 */
static void rewrite_fde(struct dframe_rewrite *d, uint32_t cie, const unsigned char *q,
			const unsigned char *rend)
{
	struct strbuf *out = &d->out;
	uint64_t loc, range, cie_out = UINT64_MAX;
	size_t start = out->len, field, i;

	for (i = d->ncie; i > 0; i--)
		if (d->cies[i - 1].in == cie) {
			cie_out = d->cies[i - 1].out;
			break;
		}
	if (cie_out == UINT64_MAX)
		return;
	memcpy(&loc, q, 8);
	memcpy(&range, q + 8, 8);
	q += 16;
	put_u32(out, 0);
	field = out->len;
	put_u32(out, (uint32_t)(field - cie_out));
	put_u64(out, loc - (d->fake + out->len));
	put_u64(out, range);
	put_uleb(out, 0);
	strbuf_add(out, q, (size_t)(rend - q));
	end_record(out, start);
	synth_add(&d->table, (int32_t)(int64_t)(loc - d->fake), (int32_t)start);
}

/*
 * Rewrites .debug_frame as .eh_frame, which is what libunwind's remote
 * search reads: CIE id 0 instead of ~0, augmentation "zR" with pc-relative
 * 8-byte pointers (so that the bytes do not depend on where a PIE is
 * loaded), CIE pointers relative to the field. 32-bit DWARF only.
 */
static void synth_debug_frame(struct binary *b, const unsigned char *sec, size_t size,
			      uint64_t fake)
{
	const unsigned char *p = sec, *end = sec + size;
	struct dframe_rewrite d = { .out = STRBUF_INIT, .fake = fake };

	while ((size_t)(end - p) >= 8) {
		const unsigned char *body, *rend;
		uint32_t len, id;

		memcpy(&len, p, 4);
		if (len == 0xffffffff || len < 4 || len > (size_t)(end - p) - 4)
			break;
		body = p + 4;
		rend = body + len;
		memcpy(&id, body, 4);
		if (id == 0xffffffff) {
			if (rewrite_cie(&d, sec, p, body + 4, rend) < 0)
				break;
		} else if ((size_t)(rend - (body + 4)) >= 16) {
			rewrite_fde(&d, id, body + 4, rend);
		}
		p = rend;
	}
	free(d.cies);
	b->dsynth = synth_finish(&d.table);
	if (!b->dsynth) {
		strbuf_release(&d.out);
		return;
	}
	put_u32(&d.out, 0);
	strbuf_grow(&d.out, 16);	/* reads of 8 bytes near the end */
	memset(d.out.buf + d.out.len, 0, 16);
	b->dframe_len = d.out.len;
	b->dframe = (unsigned char *)strbuf_detach(&d.out, NULL);
	b->dframe_vaddr = fake;
	b->dsynth_addr = (1ull << 63) | (b->id << 32) | (1ull << 31);
	b->dfde_count = d.table.n;
}

/* .eh_frame by name, from the section headers. */
static void find_eh_frame(struct binary *b, uint64_t id)
{
	const Elf64_Ehdr *eh = (const void *)b->data;
	Elf64_Shdr strs;
	size_t i;

	if (!eh->e_shoff || eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shstrndx >= eh->e_shnum ||
	    eh->e_shoff > b->size || (b->size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
		return;
	memcpy(&strs, b->data + eh->e_shoff + eh->e_shstrndx * sizeof(strs), sizeof(strs));
	if (strs.sh_offset > b->size || strs.sh_size > b->size - strs.sh_offset)
		return;
	for (i = 0; i < eh->e_shnum; i++) {
		Elf64_Shdr sh;
		const char *name;

		memcpy(&sh, b->data + eh->e_shoff + i * sizeof(sh), sizeof(sh));
		if (sh.sh_name >= strs.sh_size || sh.sh_type != SHT_PROGBITS)
			continue;
		name = (const char *)b->data + strs.sh_offset + sh.sh_name;
		if (strnlen(name, strs.sh_size - sh.sh_name) == strs.sh_size - sh.sh_name)
			continue;
		if (sh.sh_offset > b->size || sh.sh_size > b->size - sh.sh_offset)
			continue;
		/* The first section of each name: a second would replace the table. */
		if (!strcmp(name, ".eh_frame") && !b->has_hdr)
			synth_eh_table(b, b->data + sh.sh_offset, sh.sh_size, sh.sh_addr, id);
		if (!strcmp(name, ".debug_frame") && !b->dsynth) {
			uint64_t top = 0;
			size_t j;

			for (j = 0; j < b->nsegs; j++)
				if (b->segs[j].vaddr + b->segs[j].filesz > top)
					top = b->segs[j].vaddr + b->segs[j].filesz;
			/* 16 MiB past the last segment, in reach of 32-bit offsets */
			top = (top + (16u << 20)) & ~0xfffull;
			synth_debug_frame(b, b->data + sh.sh_offset, sh.sh_size, top);
		}
	}
}

/* Program headers and .eh_frame_hdr from the mapped file. */
void ehframe_load(struct binary *b)
{
	const Elf64_Ehdr *eh = (const void *)b->data;
	size_t i;

	if (b->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff > b->size || (b->size - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum)
		return;
	b->segs = xcalloc(eh->e_phnum + 1, sizeof(*b->segs));
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, b->data + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_LOAD) {
			b->segs[b->nsegs].offset = ph.p_offset;
			b->segs[b->nsegs].filesz = ph.p_filesz;
			b->segs[b->nsegs].vaddr = ph.p_vaddr;
			b->nsegs++;
		} else if (ph.p_type == PT_GNU_EH_FRAME && ph.p_offset < b->size &&
			   b->size - ph.p_offset >= 4 && ph.p_filesz >= 4) {
			const unsigned char *p = b->data + ph.p_offset;
			const unsigned char *end = p + (ph.p_filesz < b->size - ph.p_offset ?
							ph.p_filesz : b->size - ph.p_offset);
			const unsigned char *q;
			uint64_t eh_frame, count;

			/* version 1; the table must be datarel sdata4 for libunwind */
			if (p[0] != 1 || p[3] != 0x3b)
				continue;
			if (!read_encoded(p + 4, end, p[1], ph.p_vaddr + 4, &eh_frame, &q) ||
			    !read_encoded(q, end, p[2], ph.p_vaddr + (uint64_t)(q - p), &count, &q))
				continue;
			if ((uint64_t)(end - q) / 8 < count)
				continue;
			b->has_hdr = true;
			b->hdr_vaddr = ph.p_vaddr;
			b->table_vaddr = ph.p_vaddr + (uint64_t)(q - p);
			b->fde_count = count;
		}
	}
	find_eh_frame(b, b->id);
}

void ehframe_release(struct binary *b)
{
	free(b->synth);
	free(b->dframe);
	free(b->dsynth);
	free(b->segs);
}
