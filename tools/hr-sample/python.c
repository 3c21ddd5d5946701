// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A CPython thread's frames, read from outside the process: the thread
 * state of a kernel thread, its frame chain split into C-level activations,
 * code objects' names and lines, and threading.Thread names.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "headroom/alloc.h"
#include "python.h"

/* ---- the remote process, with a block cache for one snapshot ---- */

#define BLOCK 16384
#define MAX_BLOCKS 512

struct py_block {
	uint64_t base;
	size_t valid;
	unsigned char data[BLOCK];
};

void py_remote_init(struct py_remote *r, pid_t pid)
{
	memset(r, 0, sizeof(*r));
	r->pid = pid;
}

void py_remote_release(struct py_remote *r)
{
	free(r->blocks);
	r->blocks = NULL;
}

void py_remote_begin(struct py_remote *r)
{
	r->caching = true;
	r->nblocks = 0;
}

void py_remote_end(struct py_remote *r)
{
	r->caching = false;
	r->nblocks = 0;
}

static int read_direct(struct py_remote *r, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };

	r->syscalls++;
	return process_vm_readv(r->pid, &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

/*
 * Reads the block from the page of addr on, in 4 KiB pieces so that an
 * unmapped page ends the block instead of failing the whole read (16 KiB:
 * larger blocks were slower, the kernel pins every page).
 */
static struct py_block *read_block(struct py_remote *r, uint64_t addr)
{
	struct py_block *b;
	struct iovec local, remote[BLOCK / 4096];
	uint64_t base = addr & ~4095ull;
	ssize_t got;
	size_t k;

	if (!r->blocks)
		r->blocks = xmalloc(sizeof(*r->blocks) * MAX_BLOCKS);
	b = &r->blocks[r->nblocks];
	for (k = 0; k < BLOCK / 4096; k++) {
		remote[k].iov_base = (void *)(uintptr_t)(base + 4096 * k);
		remote[k].iov_len = 4096;
	}
	local.iov_base = b->data;
	local.iov_len = BLOCK;
	r->syscalls++;
	got = process_vm_readv(r->pid, &local, 1, remote, BLOCK / 4096, 0);
	b->base = base;
	b->valid = got > 0 ? (size_t)got : 0;
	r->nblocks++;
	return b;
}

int py_remote_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct py_remote *r = ctx;
	struct py_block *b;
	size_t i;

	if (addr + len < addr)
		return -1;
	if (!r->caching || len > 4096 || r->nblocks == MAX_BLOCKS)
		return read_direct(r, addr, buf, len);
	/* The newest blocks first: a chain is read downwards through them. */
	for (i = r->nblocks; i > 0; i--) {
		b = &r->blocks[i - 1];
		if (addr >= b->base && addr + len <= b->base + b->valid) {
			memcpy(buf, b->data + (addr - b->base), len);
			return 0;
		}
	}
	b = read_block(r, addr);
	if (addr + len <= b->base + b->valid) {
		memcpy(buf, b->data + (addr - b->base), len);
		return 0;
	}
	return -1;
}

/* ---- reading values ---- */

static int rd(const struct py_mem *m, uint64_t addr, void *buf, size_t len)
{
	if (!addr)
		return -1;
	return m->read(m->ctx, addr, buf, len);
}

static int rd64(const struct py_mem *m, uint64_t addr, uint64_t *v)
{
	return rd(m, addr, v, 8);
}

/* A pointer that may be followed: not NULL, aligned, in user space. */
static bool plausible(uint64_t p)
{
	return p >= 4096 && !(p & 7) && p < (1ull << 47);
}

/* ---- thread states ---- */

static bool tstate_matches(const struct py_offsets *o, const struct py_mem *m, uint64_t ts,
			   pid_t tid, uint64_t fs_base)
{
	uint64_t v;

	if (o->ts_native_thread_id >= 0)
		return !rd64(m, ts + (uint64_t)o->ts_native_thread_id, &v) && (pid_t)v == tid;
	return fs_base && !rd64(m, ts + (uint64_t)o->ts_thread_id, &v) && v == fs_base;
}

uint64_t py_find_thread(const struct py_interp *in, const struct py_mem *m, pid_t tid,
			uint64_t fs_base)
{
	const struct py_offsets *o = &in->off;
	uint64_t ts;
	int n = 0;

	if (rd64(m, in->interp + (uint64_t)o->is_threads_head, &ts))
		return 0;
	while (plausible(ts) && n++ < 100000) {
		if (tstate_matches(o, m, ts, tid, fs_base))
			return ts;
		if (rd64(m, ts + (uint64_t)o->ts_next, &ts))
			return 0;
	}
	return 0;
}

bool py_thread_is(const struct py_interp *in, const struct py_mem *m, uint64_t tstate,
		  pid_t tid, uint64_t fs_base)
{
	uint64_t interp;

	return plausible(tstate) && !rd64(m, tstate + (uint64_t)in->off.ts_interp, &interp) &&
	       interp == in->interp && tstate_matches(&in->off, m, tstate, tid, fs_base);
}

/* ---- the frame chain ---- */

/* The innermost frame and, for 3.11, the innermost _PyCFrame. */
static int first_frame(const struct py_offsets *o, const struct py_mem *m, uint64_t tstate,
		       uint64_t *frame, uint64_t *cframe)
{
	uint64_t v;

	*cframe = 0;
	if (rd64(m, tstate + (uint64_t)o->ts_frame, &v))
		return -1;
	if (o->cf_current_frame < 0) {
		*frame = v;
		return 0;
	}
	if (!v) {
		*frame = 0;
		return 0;
	}
	*cframe = v;
	return rd64(m, v + (uint64_t)o->cf_current_frame, frame);
}

/* Reads the fields of one frame that the walk needs. */
static int read_frame(const struct py_offsets *o, const struct py_mem *m, uint64_t fr,
		      struct py_rawframe *f, uint64_t *back, int *owner, bool *is_entry)
{
	unsigned char buf[128];
	int32_t lasti;
	int32_t top = o->fr_back > o->fr_code ? o->fr_back : o->fr_code;

	/* Only as far as the fields go: a frame may end its mapping. */
	top = top > o->fr_lasti ? top : o->fr_lasti;
	top = top > o->fr_owner ? top : o->fr_owner;
	if (top + 8 > (int32_t)sizeof(buf) || rd(m, fr, buf, (size_t)top + 8))
		return -1;
	memcpy(back, buf + o->fr_back, 8);
	memcpy(&f->code, buf + o->fr_code, 8);
	if (o->frames == PY_FRAME_OBJECTS) {
		memcpy(&lasti, buf + o->fr_lasti, 4);
		f->lasti = (uint64_t)(int64_t)lasti;
	} else {
		memcpy(&f->lasti, buf + o->fr_lasti, 8);
	}
	*owner = o->fr_owner >= 0 ? buf[o->fr_owner] : -1;
	*is_entry = o->fr_is_entry >= 0 ? buf[o->fr_is_entry] != 0 : false;
	f->anchor = 0;
	f->flags = *owner >= 0 && *owner == o->owner_generator ? PY_GENERATOR : 0;
	return 0;
}

/*
 * Walks from the innermost frame outwards. Each C-level evaluation is an
 * activation: its outermost frame gets PY_ENTRY and, from 3.11, the address
 * of something the evaluation keeps in its own C stack frame: the
 * _PyCFrame (3.11) or the entry frame of owner CSTACK (3.12+), which tells
 * where among the native frames the activation belongs.
 */
enum py_read_result py_read_stack(const struct py_interp *in, const struct py_mem *m,
				  uint64_t tstate, struct py_rawframe *out, size_t max,
				  size_t *n, uint64_t *self_of_root)
{
	const struct py_offsets *o = &in->off;
	uint64_t fr, cframe, back, last = 0;
	size_t k = 0, steps = 0;
	int owner;
	bool entry;

	*n = 0;
	*self_of_root = 0;
	if (first_frame(o, m, tstate, &fr, &cframe))
		return PY_READ_ERROR;
	while (fr) {
		struct py_rawframe f;

		if (!plausible(fr) || ++steps > 4 * max + 16 ||
		    read_frame(o, m, fr, &f, &back, &owner, &entry))
			return PY_READ_ERROR;
		if (owner >= 0 && owner == o->owner_cstack) {
			/* 3.12+: the entry frame closes the activation of the frames above it. */
			if (k) {
				out[k - 1].flags |= PY_ENTRY;
				out[k - 1].anchor = fr;
			}
			fr = back;
			continue;
		}
		if (k == max) {
			*n = k;
			return PY_READ_TRUNCATED;
		}
		if (o->frames == PY_FRAME_OBJECTS) {
			f.flags |= PY_ENTRY;
		} else if (entry) {
			f.flags |= PY_ENTRY;
			f.anchor = cframe;
			if (!plausible(cframe) || rd64(m, cframe + (uint64_t)o->cf_previous, &cframe))
				return PY_READ_ERROR;
		}
		out[k++] = f;
		last = fr;
		fr = back;
	}
	*n = k;
	if (last && o->fr_localsplus >= 0)
		rd64(m, last + (uint64_t)o->fr_localsplus, self_of_root);
	return PY_READ_OK;
}

/* ---- strings and code objects ---- */

/* Appends code point c as UTF-8 if it fits in buf[*j..len-1). */
static bool put_utf8(char *buf, size_t len, size_t *j, uint32_t c)
{
	unsigned char u[4];
	size_t k, n;

	if (c < 0x80) {
		u[0] = (unsigned char)c, n = 1;
	} else if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | c >> 6), u[1] = (unsigned char)(0x80 | (c & 0x3f)), n = 2;
	} else if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | c >> 12), u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f)), n = 3;
	} else if (c < 0x110000) {
		u[0] = (unsigned char)(0xf0 | c >> 18), u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f)), u[3] = (unsigned char)(0x80 | (c & 0x3f));
		n = 4;
	} else {
		return false;
	}
	if (*j + n >= len)
		return false;
	for (k = 0; k < n; k++)
		buf[(*j)++] = (char)u[k];
	return true;
}

/*
 * PyASCIIObject.state: kind in bits 2-4, compact bit 5, ascii bit 6, the
 * same in 3.9 to 3.13. The characters follow the object: after
 * PyASCIIObject when ASCII, after PyCompactUnicodeObject otherwise.
 */
int py_read_string(const struct py_interp *in, const struct py_mem *m, uint64_t addr,
		   char *buf, size_t len)
{
	const struct py_offsets *o = &in->off;
	unsigned char hdr[64], data[1024];
	uint32_t state;
	int64_t n;
	unsigned kind;
	size_t i, j = 0, want;
	uint64_t at;

	if (!len || !plausible(addr) || rd(m, addr, hdr, sizeof(hdr)))
		return -1;
	memcpy(&n, hdr + o->uni_length, 8);
	memcpy(&state, hdr + o->uni_state, 4);
	kind = (state >> 2) & 7;
	if (n < 0 || n > 4096 || !(state & 0x20) || (kind != 1 && kind != 2 && kind != 4))
		return -1;
	at = addr + (uint64_t)((state & 0x40) ? o->uni_ascii_size : o->uni_compact_size);
	want = (size_t)n * kind;
	for (i = 0; i < (size_t)n; i++) {
		size_t off = (i * kind) % sizeof(data);
		uint32_t c;
		uint16_t c16;

		if (off == 0 && rd(m, at + i * kind, data,
				   want - i * kind < sizeof(data) ? want - i * kind : sizeof(data)))
			return -1;
		if (kind == 1) {
			c = data[off];
		} else if (kind == 2) {
			memcpy(&c16, data + off, 2);
			c = c16;
		} else {
			memcpy(&c, data + off, 4);
		}
		if (!put_utf8(buf, len, &j, c))
			break;
	}
	buf[j] = '\0';
	return 0;
}

static char *read_string_dup(const struct py_interp *in, const struct py_mem *m, uint64_t addr)
{
	char buf[4 * 1024 + 1];

	if (py_read_string(in, m, addr, buf, sizeof(buf)))
		return NULL;
	return xstrdup(buf);
}

/* The four pointers that identify a code object's text, and its header. */
static int code_header(const struct py_interp *in, const struct py_mem *m, uint64_t addr,
		       unsigned char *co, size_t len, uint64_t ptrs[4])
{
	const struct py_offsets *o = &in->off;
	uint64_t type;

	if (!plausible(addr) || rd(m, addr, co, len))
		return -1;
	memcpy(&type, co + o->ob_type, 8);
	if (in->code_type && type != in->code_type)
		return -1;
	memcpy(&ptrs[0], co + o->co_filename, 8);
	memcpy(&ptrs[1], co + o->co_name, 8);
	ptrs[2] = 0;
	if (o->co_qualname >= 0)
		memcpy(&ptrs[2], co + o->co_qualname, 8);
	memcpy(&ptrs[3], co + o->co_linetable, 8);
	return 0;
}

int py_read_code(const struct py_interp *in, const struct py_mem *m, uint64_t addr,
		 struct py_code *c)
{
	const struct py_offsets *o = &in->off;
	unsigned char co[256];
	int64_t size;
	int32_t v;

	memset(c, 0, sizeof(*c));
	if (code_header(in, m, addr, co, sizeof(co), c->ptrs))
		return -1;
	c->addr = addr;
	memcpy(&v, co + o->co_firstlineno, 4);
	c->firstlineno = v;
	if (o->co_firsttraceable >= 0) {
		memcpy(&v, co + o->co_firsttraceable, 4);
		c->firsttraceable = v;
	}
	c->file = read_string_dup(in, m, c->ptrs[0]);
	c->name = read_string_dup(in, m, c->ptrs[2] ? c->ptrs[2] : c->ptrs[1]);
	if (!c->file || !c->name) {
		py_code_release(c);
		return -1;
	}
	/* Line tables over 1 MiB are left out: the frame shows its first line. */
	if (!rd(m, c->ptrs[3] + (uint64_t)o->bytes_size, &size, 8) && size > 0 && size <= (1 << 20)) {
		c->lines = xmalloc((size_t)size);
		if (rd(m, c->ptrs[3] + (uint64_t)o->bytes_sval, c->lines, (size_t)size)) {
			free(c->lines);
			c->lines = NULL;
		} else {
			c->nlines = (size_t)size;
		}
	}
	return 0;
}

bool py_code_unchanged(const struct py_interp *in, const struct py_mem *m,
		       const struct py_code *c)
{
	unsigned char co[256];
	uint64_t ptrs[4];

	return !code_header(in, m, c->addr, co, sizeof(co), ptrs) &&
	       !memcmp(ptrs, c->ptrs, sizeof(ptrs));
}

void py_code_release(struct py_code *c)
{
	free(c->name);
	free(c->file);
	free(c->lines);
	c->name = c->file = NULL;
	c->lines = NULL;
}

int py_frame_line(const struct py_interp *in, const struct py_code *c,
		  const struct py_rawframe *f)
{
	const struct py_offsets *o = &in->off;
	int64_t addr;

	if (o->frames == PY_FRAME_OBJECTS) {
		addr = (int64_t)f->lasti * o->lasti_scale;
	} else {
		addr = (int64_t)(f->lasti - (c->addr + (uint64_t)o->co_code_adaptive));
		/* Pushed but not started yet (_PyFrame_IsIncomplete): its first line. */
		if (!(f->flags & PY_GENERATOR) && addr / 2 < c->firsttraceable)
			return c->firstlineno;
		addr &= ~(int64_t)1;
	}
	if (addr > INT32_MAX || !c->lines)
		return c->firstlineno;
	return py_addr2line(o->linetable, c->lines, c->nlines, c->firstlineno, (int)addr);
}

/* ---- thread names: threading.Thread._name ---- */

/*
 * The index of the key "_name" among the entries of a dict keys object,
 * and where that entry's value is (0 for split keys, whose values are kept
 * apart). -1 if absent.
 */
static int keys_find(const struct py_interp *in, const struct py_mem *m, uint64_t keys,
		     const char *want, uint64_t *value_at)
{
	const struct py_offsets *o = &in->off;
	uint64_t entries, size, nentries, j;
	size_t esize = 24, koff = 8, voff = 16;
	unsigned char hdr[48];

	if (!plausible(keys) || rd(m, keys, hdr, sizeof(hdr)))
		return -1;
	memcpy(&nentries, hdr + o->dk_nentries, 8);
	if (o->dk_kind < 0) {
		unsigned ix;

		memcpy(&size, hdr + o->dk_size, 8);
		if (size > (1u << 20))
			return -1;
		ix = size <= 0xff ? 1 : size <= 0xffff ? 2 : 4;
		entries = keys + (uint64_t)o->dk_indices + size * ix;
	} else {
		unsigned log2_index = hdr[o->dk_log2_index_bytes];

		if (log2_index > 24)
			return -1;
		entries = keys + (uint64_t)o->dk_indices + (1ull << log2_index);
		if (hdr[o->dk_kind] != 0)
			esize = 16, koff = 0, voff = 8;
	}
	for (j = 0; j < nentries && j < 1024; j++) {
		uint64_t key;
		char name[16];

		if (rd64(m, entries + j * esize + koff, &key))
			return -1;
		if (key && !py_read_string(in, m, key, name, sizeof(name)) && !strcmp(name, want)) {
			*value_at = entries + j * esize + voff;
			return (int)j;
		}
	}
	return -1;
}

/* The value of key want in the dict object at dict. */
static int dict_get(const struct py_interp *in, const struct py_mem *m, uint64_t dict,
		    const char *want, uint64_t *value)
{
	const struct py_offsets *o = &in->off;
	uint64_t keys, values, at;
	int i;

	if (!plausible(dict) || rd64(m, dict + (uint64_t)o->dict_keys, &keys) ||
	    rd64(m, dict + (uint64_t)o->dict_values, &values))
		return -1;
	i = keys_find(in, m, keys, want, &at);
	if (i < 0)
		return -1;
	if (values)
		return rd64(m, values + (uint64_t)o->values_values + 8 * (uint64_t)i, value);
	return rd64(m, at, value);
}

/* An attribute from an instance's values kept apart from a dict (3.11+). */
static int values_get(const struct py_interp *in, const struct py_mem *m, uint64_t type,
		      uint64_t values, const char *want, uint64_t *value)
{
	uint64_t keys, at;
	int i;

	if (rd64(m, type + (uint64_t)in->off.ht_cached_keys, &keys))
		return -1;
	i = keys_find(in, m, keys, want, &at);
	if (i < 0)
		return -1;
	return rd64(m, values + (uint64_t)in->off.values_values + 8 * (uint64_t)i, value);
}

/* An attribute of an instance, from wherever its version keeps them. */
static int attr_get(const struct py_interp *in, const struct py_mem *m, uint64_t obj,
		    const char *want, uint64_t *value)
{
	const struct py_offsets *o = &in->off;
	uint64_t type, flags, p;
	int64_t dictoffset, basicsize;

	if (!plausible(obj) || rd64(m, obj + (uint64_t)o->ob_type, &type) || !plausible(type) ||
	    rd64(m, type + (uint64_t)o->tp_flags, &flags))
		return -1;
	if (o->tpflags_inline_values && (flags & o->tpflags_inline_values)) {
		unsigned char valid;

		if (rd(m, type + (uint64_t)o->tp_basicsize, &basicsize, 8) || basicsize <= 0 ||
		    basicsize > 4096 || rd(m, obj + (uint64_t)basicsize + 3, &valid, 1))
			return -1;
		if (valid)
			return values_get(in, m, type, obj + (uint64_t)basicsize, want, value);
	}
	if (o->tpflags_managed_dict && (flags & o->tpflags_managed_dict)) {
		if (o->managed_values) {
			if (rd64(m, obj + (uint64_t)(int64_t)o->managed_values, &p))
				return -1;
			if (p)
				return values_get(in, m, type, p, want, value);
		}
		if (rd64(m, obj + (uint64_t)(int64_t)o->managed_dict, &p))
			return -1;
		/* 3.12 tags a pointer to values kept apart with bit 0. */
		if (in->minor == 12 && (p & 1))
			return values_get(in, m, type, p + 1, want, value);
		return dict_get(in, m, p, want, value);
	}
	if (rd(m, type + (uint64_t)o->tp_dictoffset, &dictoffset, 8) || dictoffset <= 0 ||
	    dictoffset > 4096 || rd64(m, obj + (uint64_t)dictoffset, &p))
		return -1;
	return dict_get(in, m, p, want, value);
}

int py_thread_name(const struct py_interp *in, const struct py_mem *m, uint64_t self,
		   char *buf, size_t len)
{
	uint64_t name;

	if (attr_get(in, m, self, "_name", &name))
		return -1;
	return py_read_string(in, m, name, buf, len);
}
