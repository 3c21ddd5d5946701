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

/*
 * The binary search table that .eh_frame_hdr would hold, built from
 * .eh_frame itself: (start of function, FDE) pairs relative to segbase, the
 * section's address. Linkers leave the header out of static binaries.
 */
static void synth_eh_table(struct binary *b, const unsigned char *sec, size_t size,
			   uint64_t vaddr, uint64_t id)
{
	const unsigned char *p = sec, *end = sec + size;
	struct synth_entry *e = NULL;
	size_t n = 0, alloc = 0;
	/* CIE offset -> FDE pointer encoding, for the last few CIEs */
	uint64_t cie_off[8] = { 0 };
	unsigned cie_enc[8] = { 0 };
	size_t ncie = 0;

	while ((size_t)(end - p) >= 8) {
		const unsigned char *rec = p, *body, *rend;
		uint32_t len32, id32;
		uint64_t len;

		memcpy(&len32, p, 4);
		p += 4;
		if (!len32)
			break;
		len = len32;
		if (len32 == 0xffffffff) {
			if (end - p < 8)
				break;
			memcpy(&len, p, 8);
			p += 8;
		}
		if (len > (uint64_t)(end - p) || len < 4)
			break;
		body = p;
		rend = p + len;
		memcpy(&id32, body, 4);
		if (id32 == 0) {
			/* CIE: version, augmentation, alignments, return register, 'z' data */
			const unsigned char *q = body + 4;
			const char *aug;
			unsigned enc = 0;
			unsigned char version;

			if (q >= rend)
				break;
			version = *q++;
			aug = (const char *)q;
			q = memchr(q, 0, (size_t)(rend - q));
			if (!q)
				break;
			q++;
			read_uleb(&q, rend);
			read_uleb(&q, rend);
			if (version == 1) {
				q++;
			} else {
				read_uleb(&q, rend);
			}
			if (aug[0] == 'z') {
				const unsigned char *data;

				read_uleb(&q, rend);
				data = q;
				for (const char *a = aug + 1; *a && data < rend; a++) {
					if (*a == 'R') {
						enc = *data++;
					} else if (*a == 'P') {
						unsigned penc = *data++;

						data += encoded_size(penc);
					} else if (*a == 'L') {
						data++;
					}
				}
			}
			cie_off[ncie % 8] = (uint64_t)(rec - sec);
			cie_enc[ncie % 8] = enc;
			ncie++;
		} else {
			uint64_t cie = (uint64_t)(body - sec) - id32, start;
			const unsigned char *q = body + 4;
			unsigned enc = 0xff;
			size_t i, sz;

			for (i = 0; i < 8 && i < ncie; i++)
				if (cie_off[i] == cie)
					enc = cie_enc[i];
			sz = enc == 0xff ? 0 : encoded_size(enc);
			if (sz && (size_t)(rend - q) >= sz) {
				uint64_t v = 0;

				memcpy(&v, q, sz);
				if ((enc & 0x0f) == 0x0b)
					v = (uint64_t)(int64_t)(int32_t)v;
				else if ((enc & 0x0f) == 0x0a)
					v = (uint64_t)(int64_t)(int16_t)v;
				start = v;
				if ((enc & 0x70) == 0x10)
					start += vaddr + (uint64_t)(q - sec);
				if ((enc & 0x70) <= 0x10 && !(enc & 0x80)) {
					ALLOC_GROW(e, n + 1, alloc);
					e[n].start = (int32_t)(start - vaddr);
					e[n].fde = (int32_t)(rec - sec);
					n++;
				}
			}
		}
		p = rend;
	}
	if (!n) {
		free(e);
		return;
	}
	qsort(e, n, sizeof(*e), synth_cmp);
	b->synth = (int32_t *)(void *)e;
	b->synth_addr = (1ull << 63) | (id << 32);
	b->has_hdr = true;
	b->hdr_vaddr = vaddr;
	b->table_vaddr = b->synth_addr;
	b->fde_count = n;
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
	struct strbuf out = STRBUF_INIT;
	struct synth_entry *e = NULL;
	size_t n = 0, alloc = 0, ncie = 0, acie = 0, i;
	struct { uint64_t in, out; } *cies = NULL;

	while ((size_t)(end - p) >= 8) {
		const unsigned char *body, *rend, *q;
		uint32_t len, id;

		memcpy(&len, p, 4);
		if (len == 0xffffffff || len < 4 || len > (size_t)(end - p) - 4)
			break;
		body = p + 4;
		rend = body + len;
		memcpy(&id, body, 4);
		q = body + 4;
		if (id == 0xffffffff) {
			unsigned char version;
			uint64_t caf, ra;
			int64_t daf;
			size_t start = out.len;

			if (q >= rend)
				break;
			version = *q++;
			if (q >= rend || *q) {	/* an augmentation we do not know */
				p = rend;
				continue;
			}
			q++;
			if (version >= 4)
				q += 2;	/* address_size, segment_selector_size */
			caf = read_uleb(&q, rend);
			daf = read_sleb(&q, rend);
			ra = version == 1 ? (q < rend ? *q++ : 0) : read_uleb(&q, rend);
			if (q > rend || ra > 255) {
				p = rend;
				continue;
			}
			put_u32(&out, 0);	/* length, below */
			put_u32(&out, 0);
			strbuf_addch(&out, 1);
			strbuf_add(&out, "zR", 3);
			put_uleb(&out, caf);
			put_sleb(&out, daf);
			strbuf_addch(&out, (char)ra);
			put_uleb(&out, 1);
			strbuf_addch(&out, 0x1c);	/* DW_EH_PE_pcrel | DW_EH_PE_sdata8 */
			strbuf_add(&out, q, (size_t)(rend - q));
			len = (uint32_t)(out.len - start - 4);
			memcpy(out.buf + start, &len, 4);
			ALLOC_GROW(cies, ncie + 1, acie);
			cies[ncie].in = (uint64_t)(p - sec);
			cies[ncie].out = start;
			ncie++;
		} else if ((size_t)(rend - q) >= 16) {
			uint64_t loc, range, cie_out = UINT64_MAX;
			size_t start = out.len, field;

			for (i = ncie; i > 0; i--)
				if (cies[i - 1].in == id) {
					cie_out = cies[i - 1].out;
					break;
				}
			if (cie_out == UINT64_MAX) {
				p = rend;
				continue;
			}
			memcpy(&loc, q, 8);
			memcpy(&range, q + 8, 8);
			q += 16;
			put_u32(&out, 0);
			field = out.len;
			put_u32(&out, (uint32_t)(field - cie_out));
			put_u64(&out, loc - (fake + out.len));
			put_u64(&out, range);
			put_uleb(&out, 0);
			strbuf_add(&out, q, (size_t)(rend - q));
			len = (uint32_t)(out.len - start - 4);
			memcpy(out.buf + start, &len, 4);
			ALLOC_GROW(e, n + 1, alloc);
			e[n].start = (int32_t)(int64_t)(loc - fake);
			e[n].fde = (int32_t)start;
			n++;
		}
		p = rend;
	}
	free(cies);
	if (!n) {
		free(e);
		strbuf_release(&out);
		return;
	}
	put_u32(&out, 0);
	strbuf_grow(&out, 16);	/* reads of 8 bytes near the end */
	memset(out.buf + out.len, 0, 16);
	qsort(e, n, sizeof(*e), synth_cmp);
	b->dframe_len = out.len;
	b->dframe = (unsigned char *)strbuf_detach(&out, NULL);
	b->dframe_vaddr = fake;
	b->dsynth = (int32_t *)(void *)e;
	b->dsynth_addr = (1ull << 63) | (b->id << 32) | (1ull << 31);
	b->dfde_count = n;
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
		if (!strcmp(name, ".eh_frame") && !b->has_hdr)
			synth_eh_table(b, b->data + sh.sh_offset, sh.sh_size, sh.sh_addr, id);
		if (!strcmp(name, ".debug_frame")) {
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
