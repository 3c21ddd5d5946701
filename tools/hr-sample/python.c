// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The Python frames of a sampled thread, read out of a running CPython with
 * process_vm_readv: the interpreter found by its _PyRuntime symbol, the
 * thread by its thread state, then the frame chain and each frame's code
 * object, whose names and line tables are cached.
 */
#include <ctype.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "headroom/alloc.h"
#include "headroom/error.h"
#include "headroom/stackmap.h"
#include "headroom/symbols.h"
#include "python.h"
#include "sample.h"

#define MAX_THREADS 4096
#define MAX_STR 256
#define MAX_LINETABLE 65536
#define MAX_BYTECODE (1u << 24)
#define OB_TYPE 8	/* where an object keeps its type */
#define MAX_LEVELS 256	/* evaluation-loop calls of a stack rebuilt */
#define CODE_SLOTS 4096
/* glibc's struct pthread keeps the kernel's thread ID here on x86-64. */
#define PTHREAD_TID_OFFSET 0x2d0
/* 3.12+: the frame an evaluation-loop call pushes on the C stack. */
#define FRAME_OWNED_BY_CSTACK 3

/* What is known of one process's interpreter. */
struct py_proc {
	pid_t pid;
	bool found, failed, warned, read_once;
	unsigned fails;			/* reads failed before one worked */
	size_t nmaps_seen;		/* the mappings looked through */
	struct binary *bin;		/* holds _PyRuntime */
	uint64_t bin_start;		/* where a mapping of it starts */
	uint64_t runtime;
	struct py_offsets off;
	/* base: the thread's first frame, as most whole reads found it (a
	 * majority vote: votes, those for it less those against it; a read
	 * that raced a switch of coroutines ends early) */
	struct { pid_t tid; uint32_t votes; uint64_t tstate, base; } *threads;
	size_t nthreads, athreads;
	/* Per register of the samples (in their order): how often it held a
	 * pointer into the bytecode of the frame read (py_check_leaf()). */
	uint32_t reg_confirms[32];
	/* Per callee-saved register (unwind_saved's order): how often it held
	 * the frame an evaluation-loop call ran, and for the innermost call [0]
	 * and its callers [1], a pointer into that frame's bytecode. */
	uint32_t frame_confirms[UNWIND_SAVED], instr_confirms[2][UNWIND_SAVED];
	uint64_t code_type;		/* PyCode_Type's address; 0 if unknown */
};

/* A code object's names and line table, checked once a sample. */
struct py_code {
	pid_t pid;
	uint64_t addr, filename, name, linetable;
	uint64_t instr_start, instr_end;	/* the bytecode */
	uint64_t checked;		/* the sample it was last checked in */
	const char *func, *file;
	int firstlineno;
	unsigned char *table;
	size_t table_len;
	/* From 3.11: how far after one of its frames the frame it calls
	 * without leaving the loop lies, as most confirmed samples showed (a
	 * majority vote: votes, those for it less those against it); none
	 * holds for a generator's frame, which lies in its object. */
	uint64_t framesize;
	uint32_t votes;
};

struct py_reader {
	struct world *world;
	struct py_proc *procs;
	size_t nprocs, aprocs;
	struct py_code codes[CODE_SLOTS];
	uint64_t stamp;
	struct stackmap strings;	/* interned names */
	unsigned char *buf;		/* a read's scratch space */
	size_t abuf;
	struct py_code **index;		/* py_check_leaf(): one process's codes by instr_start */
	size_t nindex, aindex;
	pid_t index_pid;
	uint64_t index_gen, code_gen;	/* code_gen: changes of the code cache */
	/* A block of the process's memory read for one sample's frames. */
	uint64_t block_addr;
	size_t block_len;
	unsigned char block[16384];
};

struct py_reader *py_reader_new(struct world *w)
{
	struct py_reader *r = xcalloc(1, sizeof(*r));

	r->world = w;
	stackmap_init(&r->strings);
	elf_version(EV_CURRENT);
	return r;
}

void py_reader_free(struct py_reader *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nprocs; i++)
		free(r->procs[i].threads);
	for (i = 0; i < CODE_SLOTS; i++)
		free(r->codes[i].table);
	FREE_ALL(r->procs, r->buf, r->index);
	stackmap_release(&r->strings);
	free(r);
}

static bool rd(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };

	return addr && process_vm_readv(pid, &local, 1, &remote, 1, 0) == (ssize_t)len;
}

static uint64_t u64_at(const unsigned char *b, uint64_t off)
{
	uint64_t v;

	memcpy(&v, b + off, 8);
	return v;
}

static int32_t i32_at(const unsigned char *b, uint64_t off)
{
	int32_t v;

	memcpy(&v, b + off, 4);
	return v;
}

/* ---- finding the interpreter ---- */

/* The ELF value of the symbol name in an ELF image, from .symtab or .dynsym. */
static bool elf_symbol(const unsigned char *data, size_t size, const char *name, uint64_t *value)
{
	Elf *e = elf_memory((char *)(uintptr_t)data, size);
	bool found = elf_symbol_value(e, name, true, value);

	if (e)
		elf_end(e);
	return found;
}

/* The runtime address of ELF address vaddr of the binary that m maps. */
static bool runtime_addr(const struct mapping *m, uint64_t vaddr, uint64_t *addr)
{
	const struct binary *b = m->bin;
	size_t i;

	for (i = 0; i < b->nsegs; i++)
		if (m->pgoff >= b->segs[i].offset &&
		    m->pgoff - b->segs[i].offset < b->segs[i].filesz) {
			*addr = vaddr + m->start - (b->segs[i].vaddr + m->pgoff - b->segs[i].offset);
			return true;
		}
	return false;
}

/* 3.9 and 3.10 have no Py_Version: "python3.10", "libpython3.9.so.1.0". */
static unsigned version_from_name(const char *name)
{
	const char *p = strstr(name, "python3.");
	unsigned minor;

	if (!p || !isdigit((unsigned char)p[8]))
		return 0;
	minor = (unsigned)strtoul(p + 8, NULL, 10);
	return minor < 256 ? 0x0300 | minor : 0;
}

static bool candidate(const struct binary *b)
{
	return b && b->name && (!strncmp(b->name, "python", 6) || !strncmp(b->name, "libpython", 9));
}

/* The version and offsets of the interpreter whose _PyRuntime is at pp->runtime. */
static bool setup_offsets(struct py_proc *pp, unsigned version)
{
	const struct py_offsets *o = py_offsets_for(version);
	unsigned char dbg[PY_DEBUG_OFFSETS_SIZE];

	if (!o) {
		if (!pp->warned)
			warning("process %d runs Python %u.%u, which is not supported (3.9 to "
				"3.13 are): its profile has native frames only", (int)pp->pid,
				version >> 8, version & 0xff);
		pp->warned = true;
		return false;
	}
	pp->off = *o;
	if (version >= 0x030d && rd(pp->pid, pp->runtime, dbg, sizeof(dbg)) &&
	    !py_offsets_from_debug(dbg, sizeof(dbg), version, &pp->off))
		pp->off = *o;
	return true;
}

/* Looks through p's mappings for a binary that defines _PyRuntime. */
static void find_interpreter(struct py_reader *r, struct py_proc *pp, struct process *p)
{
	size_t i;

	pp->nmaps_seen = p->nmaps;
	for (i = 0; i < p->nmaps && !pp->found; i++) {
		struct mapping *m = &p->maps[i];
		uint64_t rt, ver, type;
		uint32_t hex;
		unsigned version = 0;

		if (!candidate(m->bin) || !binary_load(r->world, m->bin) || !m->bin->data ||
		    !elf_symbol(m->bin->data, m->bin->size, "_PyRuntime", &rt) ||
		    !runtime_addr(m, rt, &pp->runtime))
			continue;
		if (elf_symbol(m->bin->data, m->bin->size, "Py_Version", &ver) &&
		    runtime_addr(m, ver, &ver) && rd(p->pid, ver, &hex, 4))
			version = hex >> 16;
		else
			version = version_from_name(m->bin->name);
		if (elf_symbol(m->bin->data, m->bin->size, "PyCode_Type", &type) &&
		    runtime_addr(m, type, &type))
			pp->code_type = type;
		pp->bin = m->bin;
		pp->bin_start = m->start;
		pp->found = true;
		pp->failed = !setup_offsets(pp, version);
	}
}

/* The process's interpreter, once found; NULL otherwise. */
static struct py_proc *found_proc(struct py_reader *r, const struct process *p)
{
	for (size_t i = 0; i < r->nprocs; i++)
		if (r->procs[i].pid == p->pid && r->procs[i].found)
			return &r->procs[i];
	return NULL;
}

static struct py_proc *py_proc_of(struct py_reader *r, struct process *p)
{
	struct py_proc *pp;
	size_t i;

	for (i = 0; i < r->nprocs; i++)
		if (r->procs[i].pid == p->pid)
			break;
	if (i == r->nprocs) {
		ALLOC_GROW(r->procs, r->nprocs + 1, r->aprocs);
		pp = &r->procs[r->nprocs++];
		memset(pp, 0, sizeof(*pp));
		pp->pid = p->pid;
	}
	pp = &r->procs[i];
	/* A new program image (exec) has other mappings. */
	if (pp->found) {
		struct mapping *m = process_find_map(p, pp->bin_start);

		if (!m || m->bin != pp->bin) {
			pp->found = pp->failed = false;
			pp->nthreads = 0;
			pp->nmaps_seen = 0;
		}
	}
	if (!pp->found && pp->nmaps_seen != p->nmaps)
		find_interpreter(r, pp, p);
	return pp;
}

/* ---- threads ---- */

static unsigned char *scratch(struct py_reader *r, size_t len)
{
	ALLOC_GROW(r->buf, len, r->abuf);
	return r->buf;
}

static size_t tstate_size(const struct py_offsets *o)
{
	uint64_t m = o->tstate_frame;

	if (o->tstate_thread_id > m)
		m = o->tstate_thread_id;
	if (o->tstate_native_thread_id != PYOFF_NONE && o->tstate_native_thread_id > m)
		m = o->tstate_native_thread_id;
	if (o->tstate_next > m)
		m = o->tstate_next;
	return (size_t)m + 8;
}

/* Whether the thread state read into ts belongs to thread tid. */
static bool tstate_is(const struct py_proc *pp, const unsigned char *ts, pid_t tid)
{
	const struct py_offsets *o = &pp->off;
	int32_t t;

	if (o->tstate_native_thread_id != PYOFF_NONE)
		return (pid_t)u64_at(ts, o->tstate_native_thread_id) == tid;
	/* Before 3.11, the pthread_t, which points at glibc's thread descriptor. */
	return rd(pp->pid, u64_at(ts, o->tstate_thread_id) + PTHREAD_TID_OFFSET, &t, 4) &&
	       t == tid;
}

/* Whether fr, a frame read, is 3.12+'s shim below an evaluation-loop call's first frame. */
static bool is_shim(const struct py_offsets *o, const unsigned char *fr)
{
	return o->frame_owner != PYOFF_NONE && o->frame_is_entry == PYOFF_NONE &&
	       fr[o->frame_owner] == FRAME_OWNED_BY_CSTACK;
}

/*
 * One observation v in a majority vote for *value: *votes counts those for
 * it less those against it, and a value with none left gives way to v.
 */
static void vote(uint64_t *value, uint32_t *votes, uint64_t v)
{
	if (*value == v)
		*votes += *votes < 1000;
	else if (*votes)
		(*votes)--;
	else
		*value = v;
}

/* The index of thread tid in the table, nthreads if not there. */
static size_t thread_index(const struct py_proc *pp, pid_t tid)
{
	size_t i;

	for (i = 0; i < pp->nthreads && pp->threads[i].tid != tid; i++)
		;
	return i;
}

/* Reads tid's thread state into ts (tstate_size bytes); false when it has none. */
static bool find_tstate(struct py_reader *r, struct py_proc *pp, pid_t tid, unsigned char *ts)
{
	const struct py_offsets *o = &pp->off;
	size_t size = tstate_size(o), i, n = 0;
	uint64_t interp, t;

	if ((i = thread_index(pp, tid)) < pp->nthreads) {
		if (rd(pp->pid, pp->threads[i].tstate, ts, size) && tstate_is(pp, ts, tid))
			return true;
		pp->threads[i] = pp->threads[--pp->nthreads];
	}
	if (!rd(pp->pid, pp->runtime + o->runtime_interp_head, &interp, 8) ||
	    !rd(pp->pid, interp + o->interp_tstate_head, &t, 8))
		return false;
	for (; t && n < MAX_THREADS; n++) {
		if (!rd(pp->pid, t, ts, size))
			return false;
		if (tstate_is(pp, ts, tid)) {
			ALLOC_GROW(pp->threads, pp->nthreads + 1, pp->athreads);
			pp->threads[pp->nthreads].tid = tid;
			pp->threads[pp->nthreads].base = 0;
			pp->threads[pp->nthreads].votes = 0;
			pp->threads[pp->nthreads++].tstate = t;
			(void)r;
			return true;
		}
		t = u64_at(ts, o->tstate_next);
	}
	return false;
}

/* ---- code objects ---- */

static const char *intern(struct py_reader *r, const char *s, size_t len)
{
	return stackmap_add(&r->strings, s, len, 0, 0)->key;
}

static void put_utf8(char *out, size_t *n, uint32_t c)
{
	if (c < 0x80) {
		out[(*n)++] = (char)c;
	} else if (c < 0x800) {
		out[(*n)++] = (char)(0xc0 | c >> 6);
		out[(*n)++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		out[(*n)++] = (char)(0xe0 | c >> 12);
		out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[(*n)++] = (char)(0x80 | (c & 0x3f));
	} else {
		out[(*n)++] = (char)(0xf0 | c >> 18);
		out[(*n)++] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[(*n)++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[(*n)++] = (char)(0x80 | (c & 0x3f));
	}
}

/* A str object (compact, as names and file names are), as interned UTF-8. */
static const char *read_str(struct py_reader *r, pid_t pid, const struct py_offsets *o,
			    uint64_t addr)
{
	unsigned char head[128], data[MAX_STR * 4];
	char out[MAX_STR * 4 + 1];
	uint32_t state;
	unsigned kind;
	int64_t len;
	size_t n = 0, i;

	if (o->compact_size > sizeof(head) || !rd(pid, addr, head, (size_t)o->compact_size))
		return NULL;
	memcpy(&state, head + o->unicode_state, 4);
	memcpy(&len, head + o->unicode_length, 8);
	kind = (state >> 2) & 7;
	if (!(state & (1u << 5)) || len < 0 || (kind != 1 && kind != 2 && kind != 4))
		return NULL;	/* not compact */
	if (len > MAX_STR)
		len = MAX_STR;
	if (!rd(pid, addr + ((state & (1u << 6)) ? o->ascii_size : o->compact_size), data,
		(size_t)len * kind))
		return NULL;
	for (i = 0; i < (size_t)len; i++) {
		uint32_t c = kind == 1 ? data[i] : kind == 2 ? (uint32_t)data[2 * i] |
			     (uint32_t)data[2 * i + 1] << 8 : (uint32_t)i32_at(data, 4 * i);

		put_utf8(out, &n, c > 0x10ffff || c == ';' || c < 0x20 ? '?' : c);
	}
	return intern(r, out, n);
}

/* Fills c from the code object at addr, whose first code_size bytes are in co. */
static bool fill_code(struct py_reader *r, struct py_proc *pp, struct py_code *c, uint64_t addr,
		      const unsigned char *co)
{
	const struct py_offsets *o = &pp->off;
	unsigned char bh[64];
	const char *slash;
	int64_t blen;

	r->code_gen++;
	c->pid = pp->pid;
	c->addr = addr;
	c->instr_start = c->instr_end = 0;
	if (o->code_units != PYOFF_NONE) {
		c->instr_start = addr + o->code_adaptive;
		c->instr_end = c->instr_start + 2 * u64_at(co, o->code_units);
	} else if (rd(pp->pid, u64_at(co, o->code_code), bh, (size_t)o->bytes_data)) {
		memcpy(&blen, bh + o->bytes_size, 8);
		c->instr_start = u64_at(co, o->code_code) + o->bytes_data;
		c->instr_end = c->instr_start + (uint64_t)(blen > 0 ? blen : 0);
	}
	/* Not a code object's: its bytecode would claim every pointer near it. */
	if (c->instr_end - c->instr_start > MAX_BYTECODE)
		return false;
	c->filename = u64_at(co, o->code_filename);
	c->name = u64_at(co, o->code_name);
	c->linetable = u64_at(co, o->code_linetable);
	c->firstlineno = i32_at(co, o->code_firstlineno);
	c->func = read_str(r, pp->pid, o, c->name);
	c->file = read_str(r, pp->pid, o, c->filename);
	c->table_len = 0;
	c->framesize = 0;
	c->votes = 0;
	if (!c->func || !c->file)
		return false;
	slash = strrchr(c->file, '/');
	if (slash)
		c->file = intern(r, slash + 1, strlen(slash + 1));
	if (!rd(pp->pid, c->linetable, bh, (size_t)o->bytes_data))
		return true;
	memcpy(&blen, bh + o->bytes_size, 8);
	if (blen <= 0 || blen > MAX_LINETABLE)
		return true;
	c->table = xrealloc(c->table, (size_t)blen);
	if (rd(pp->pid, c->linetable + o->bytes_data, c->table, (size_t)blen))
		c->table_len = (size_t)blen;
	return true;
}

/* The code object at addr, read again when the sample is a new one. */
static struct py_code *code_of(struct py_reader *r, struct py_proc *pp, uint64_t addr)
{
	struct py_code *c = &r->codes[((addr >> 4) ^ (uint64_t)pp->pid) % CODE_SLOTS];
	const struct py_offsets *o = &pp->off;
	unsigned char *co;

	if (c->pid != pp->pid)
		c->addr = 0;
	if (c->addr == addr && c->checked == r->stamp)
		return c->func ? c : NULL;
	co = scratch(r, (size_t)o->code_size);
	if (!rd(pp->pid, addr, co, (size_t)o->code_size))
		return NULL;
	/* A frame read as the stack changes, or rebuilt from the past, may
	 * name memory freed since: only a code object passes for one. */
	if (pp->code_type && u64_at(co, OB_TYPE) != pp->code_type)
		return NULL;
	c->checked = r->stamp;
	if (c->addr == addr && c->func && c->filename == u64_at(co, o->code_filename) &&
	    c->name == u64_at(co, o->code_name) && c->linetable == u64_at(co, o->code_linetable))
		return c;
	if (!fill_code(r, pp, c, addr, co)) {
		c->func = NULL;
		return NULL;
	}
	return c;
}

/* ---- frames ---- */

/*
 * Reads a frame through the block of memory last read: from 3.11 frames lie
 * one after the other in the thread's data stack, callers below callees,
 * so one read of the block below a frame brings the next ones too; a deep
 * recursion costs a few reads, not one a frame.
 */
static bool read_frame(struct py_reader *r, pid_t pid, uint64_t addr, void *buf, size_t len)
{
	uint64_t start;

	if (addr >= r->block_addr && addr + len <= r->block_addr + r->block_len) {
		memcpy(buf, r->block + (addr - r->block_addr), len);
		return true;
	}
	start = addr + len > sizeof(r->block) ? addr + len - sizeof(r->block) : 0;
	/* The block must not cross into the page below the frame's own pages: that one
	 * may be unmapped. */
	if (start < ((addr - 8192) & ~4095ull))
		start = (addr - 8192) & ~4095ull;
	r->block_len = 0;
	if (!rd(pid, start, r->block, (size_t)(addr + len - start)))
		return rd(pid, addr, buf, len);
	r->block_addr = start;
	r->block_len = (size_t)(addr + len - start);
	memcpy(buf, r->block + (addr - start), len);
	return true;
}

/* The innermost frame's address, from the thread state ts. */
static uint64_t first_frame(const struct py_proc *pp, const unsigned char *ts)
{
	const struct py_offsets *o = &pp->off;
	uint64_t f = u64_at(ts, o->tstate_frame);

	if (o->frames == PY_CFRAME && (!f || !rd(pp->pid, f + o->cframe_current_frame, &f, 8)))
		return 0;
	return f;
}

static bool add_frame(struct py_reader *r, struct py_proc *pp, const unsigned char *fr,
		      struct py_frame *out)
{
	const struct py_offsets *o = &pp->off;
	uint64_t code = u64_at(fr, o->frame_code);
	struct py_code *c = code_of(r, pp, code);
	int64_t lasti;

	if (!c)
		return false;
	if (o->frames == PY_FRAMEOBJECT)
		lasti = i32_at(fr, o->frame_lasti);
	else
		lasti = ((int64_t)u64_at(fr, o->frame_lasti) - (int64_t)(code + o->code_adaptive)) / 2;
	out->func = c->func;
	out->file = c->file;
	out->instr_start = c->instr_start;
	out->instr_end = c->instr_end;
	out->code = c;
	out->line = py_line_of(o->lines, c->table, c->table_len, c->firstlineno, lasti);
	if (out->line < 0)
		out->line = 0;
	out->entry = o->frames == PY_FRAMEOBJECT ||
		     (o->frame_is_entry != PYOFF_NONE && fr[o->frame_is_entry]);
	return true;
}

static enum py_read_result read_stack(struct py_reader *r, struct py_proc *pp, pid_t tid,
				      struct py_frame *frames, size_t max, size_t *n);

enum py_read_result py_read_stack(struct py_reader *r, struct process *p, pid_t tid,
				  struct py_frame *frames, size_t max, size_t *n)
{
	struct py_proc *pp = py_proc_of(r, p);
	enum py_read_result res;

	*n = 0;
	if (!pp->found)
		return PY_NOT_PYTHON;
	if (pp->failed)
		return PY_READ_FAILED;
	res = read_stack(r, pp, tid, frames, max, n);
	if (res == PY_READ_OK) {
		size_t t = thread_index(pp, tid);

		pp->read_once = true;
		if (t < pp->nthreads && *n) {
			bool known = pp->threads[t].votes >= 2;
			uint64_t base = pp->threads[t].base;

			vote(&pp->threads[t].base, &pp->threads[t].votes, frames[*n - 1].addr);
			/* A read that raced a switch of coroutines, ending early. */
			if (known && frames[*n - 1].addr != base)
				return PY_READ_CHANGED;
		}
	}
	/* An interpreter that is starting up is not readable yet: some tries first. */
	if (res == PY_READ_FAILED && !pp->read_once && ++pp->fails == 20 && !pp->warned) {
		warning("cannot read the Python frames of process %d (Python %u.%u): its "
			"samples keep their native frames", (int)pp->pid, pp->off.version >> 8,
			pp->off.version & 0xff);
		pp->warned = true;
	}
	return res;
}

static enum py_read_result read_stack(struct py_reader *r, struct py_proc *pp, pid_t tid,
				      struct py_frame *frames, size_t max, size_t *n)
{
	unsigned char ts[1024], fr[256];
	uint64_t f;
	size_t guard = 0;

	r->stamp++;
	r->block_len = 0;
	if (tstate_size(&pp->off) > sizeof(ts) || pp->off.frame_size > sizeof(fr))
		return PY_READ_FAILED;
	if (!find_tstate(r, pp, tid, ts))
		return PY_READ_NO_THREAD;
	for (f = first_frame(pp, ts); f && guard < 4 * max; guard++) {
		if (!read_frame(r, pp->pid, f, fr, (size_t)pp->off.frame_size))
			return PY_READ_FAILED;
		if (is_shim(&pp->off, fr)) {
			/* 3.12+: the frame below this shim began an evaluation-loop call. */
			if (*n)
				frames[*n - 1].entry = true;
		} else if (*n < max) {
			if (!add_frame(r, pp, fr, &frames[*n]))
				return PY_READ_FAILED;
			frames[(*n)++].addr = f;
		}
		f = u64_at(fr, pp->off.frame_back);
	}
	if (f)
		return PY_READ_FAILED;
	if (*n)
		frames[*n - 1].entry = true;
	return PY_READ_OK;
}

/* ---- the sample's own word on its innermost frame ---- */

/*
 * The line of the instruction that pointer w (the loop's next instruction)
 * of code c follows.
 */
static int line_at(const struct py_proc *pp, const struct py_code *c, uint64_t w)
{
	int64_t at = (int64_t)(w - c->instr_start);
	int line;

	at = pp->off.lines == PY_LNOTAB ? at - 2 : at / 2 - 1;
	line = py_line_of(pp->off.lines, c->table, c->table_len, c->firstlineno, at);
	return line > 0 ? line : 0;
}

static int by_instr_start(const void *a, const void *b)
{
	const struct py_code *x = *(struct py_code *const *)a, *y = *(struct py_code *const *)b;

	return x->instr_start < y->instr_start ? -1 : x->instr_start > y->instr_start;
}

/* The code of process pid met so far whose bytecode holds w, from the index of n. */
static struct py_code *code_holding(struct py_code **index, size_t n, uint64_t w)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (index[mid]->instr_start <= w)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && w <= index[lo - 1]->instr_end ? index[lo - 1] : NULL;
}

/*
 * The index of process pid's codes met so far, by where their bytecode
 * starts; built again only when the codes have changed.
 */
static size_t index_codes(struct py_reader *r, pid_t pid)
{
	size_t i, n = 0;

	if (r->index_pid == pid && r->index_gen == r->code_gen)
		return r->nindex;
	for (i = 0; i < CODE_SLOTS; i++) {
		struct py_code *k = &r->codes[i];

		if (k->pid == pid && k->func && k->instr_end > k->instr_start) {
			ALLOC_GROW(r->index, n + 1, r->aindex);
			r->index[n++] = k;
		}
	}
	qsort(r->index, n, sizeof(*r->index), by_instr_start);
	r->index_pid = pid;
	r->index_gen = r->code_gen;
	r->nindex = n;
	return n;
}

/*
 * The registers that hold what the evaluation loop keeps in a register,
 * most confirmed first, into regs: those of the n whose confirmations
 * (confirms) reach 32 and a quarter of all. The loop keeps a value in more
 * than one: a register that a call from it (to C code, say) uses for its
 * own ends takes turns with one that the call preserves. Returns their
 * number.
 */
static size_t trusted_regs(const uint32_t *confirms, size_t nconfirms, int regs[4])
{
	uint64_t all = 0;
	size_t i, n = 0, k;

	for (i = 0; i < nconfirms; i++)
		all += confirms[i];
	for (i = 0; i < nconfirms; i++) {
		uint32_t c = confirms[i];

		if (c < 32 || 4 * (uint64_t)c < all)
			continue;
		for (k = n; k > 0 && confirms[regs[k - 1]] < c; k--)
			regs[k] = regs[k - 1];
		regs[k] = (int)i;
		n++;
	}
	return n;
}

/*
 * The code the loop's instruction pointer points into, when it is not any
 * frame read and the words hold frames[0]'s address (the same slot); NULL
 * otherwise.
 */
static struct py_code *slot_code(const struct py_proc *pp, struct py_code **index, size_t n,
				 const uint64_t *words, size_t nregs, size_t nwords,
				 const struct py_frame *frames, size_t nframes, bool depth_known,
				 uint64_t *at)
{
	int regs[4];
	size_t nip = trusted_regs(pp->reg_confirms, 32, regs), j;
	struct py_code *c = NULL;

	if (!nip)
		return NULL;
	/* The loop's registers, or in a function the loop called, the
	 * innermost pointer the stack keeps (a register saved there). */
	for (j = 0; j < nip && !c; j++)
		if ((size_t)regs[j] < nregs && (c = code_holding(index, n, words[regs[j]])))
			*at = words[regs[j]];
	for (j = nregs; j < nwords && !c; j++)
		if ((c = code_holding(index, n, words[j])))
			*at = words[j];
	if (!c)
		return NULL;
	for (j = 0; j < nframes; j++)
		if (frames[j].code == c)
			return NULL;
	/* Before 3.11 each Python call is a call of the loop: the native
	 * stack's count of them says the depth is the same. */
	if (pp->off.frames == PY_FRAMEOBJECT)
		return depth_known ? c : NULL;
	for (j = 0; j < nwords; j++)
		if (words[j] == frames[0].addr)
			return c;
	return NULL;
}

enum py_leaf py_check_leaf(struct py_reader *r, struct process *p, const uint64_t *words,
			   size_t nregs, size_t nwords, struct py_frame *frames, size_t nframes,
			   bool depth_known)
{
	struct py_frame *leaf = &frames[0];
	struct py_proc *pp = found_proc(r, p);
	struct py_code *c = NULL;
	size_t i, j, n;
	uint64_t w;

	if (!pp)
		return PY_LEAF_UNKNOWN;
	n = index_codes(r, p->pid);
	/* The registers, then the stack from its top: the innermost pointer first. */
	for (i = 0; i < nwords && !c; i++)
		c = code_holding(r->index, n, words[i]);
	if (!c)
		return PY_LEAF_UNKNOWN;
	if (c == leaf->code) {
		if (i - 1 < nregs && i - 1 < 32)
			pp->reg_confirms[i - 1]++;
		leaf->line = line_at(pp, c, words[i - 1]);
		return PY_LEAF_SAME;
	}
	/* An outer frame's code: a pointer it left on the stack, or a stack
	 * changed in a way this cannot tell. */
	for (j = 1; j < nframes; j++)
		if (frames[j].code == c)
			return PY_LEAF_UNKNOWN;
	if (!(c = slot_code(pp, r->index, n, words, nregs, nwords, frames, nframes, depth_known,
			    &w)))
		return PY_LEAF_FIXED;
	leaf->func = c->func;
	leaf->file = c->file;
	leaf->line = line_at(pp, c, w);
	leaf->instr_start = c->instr_start;
	leaf->instr_end = c->instr_end;
	leaf->code = c;
	/* The caller has called another function since: its line is not the
	 * sample's, and the sample does not say which it was. */
	if (nframes > 1)
		frames[1].line = 0;
	return PY_LEAF_SLOT;
}

/* ---- the frames the sample's registers held ---- */

/* Learns from frames confirmed where the frames each code calls lie. */
static void learn_sizes(struct py_reader *r, const struct py_frame *frames, size_t nframes)
{
	for (size_t i = 1; i < nframes; i++) {
		struct py_code *c;

		if (frames[i - 1].entry || !frames[i].code)
			continue;
		c = &r->codes[frames[i].code - r->codes];	/* the reader's own */
		vote(&c->framesize, &c->votes, frames[i - 1].addr - frames[i].addr);
	}
}

void py_learn_regs(struct py_reader *r, struct process *p, const unwind_saved *levels,
		   size_t nlevels, const struct py_frame *frames, size_t nframes, bool confirmed)
{
	struct py_proc *pp = found_proc(r, p);
	size_t g, q, runs = 0;

	if (!pp)
		return;
	if (confirmed && pp->off.frames != PY_FRAMEOBJECT)
		learn_sizes(r, frames, nframes);
	for (g = 0; g < nframes; g++)
		runs += frames[g].entry;
	/* Run q (from the innermost) of the frames read began in call j of the
	 * loop, paired from the outermost: a stack that moved on since the
	 * sample has changed at its inner end. */
	for (g = 0, q = 0; g < nframes; q++) {
		const struct py_frame *f = &frames[g];
		size_t j = q + nlevels - runs;

		if (q + nlevels >= runs && j < nlevels)
			for (int k = 0; k < UNWIND_SAVED; k++) {
				uint64_t v = levels[j][k];

				pp->frame_confirms[k] += v == f->addr;
				pp->instr_confirms[j > 0][k] += v >= f->instr_start &&
								v < f->instr_end;
			}
		while (g < nframes && !frames[g++].entry)
			;
	}
}

/*
 * Reads the frames of one evaluation-loop call from its innermost, at
 * addr, to the one it began with, after frames[*n]; *outer: the frame they
 * lead to (the caller's, 0 for none). False when they cannot be read (*n as
 * it was).
 */
static bool read_level(struct py_reader *r, struct py_proc *pp, uint64_t addr,
		       struct py_frame *frames, size_t max, size_t *n, uint64_t *outer)
{
	const struct py_offsets *o = &pp->off;
	unsigned char fr[256];
	size_t start = *n, guard;

	*outer = 0;
	for (guard = 0; guard < max && addr; guard++) {
		if (!read_frame(r, pp->pid, addr, fr, (size_t)o->frame_size))
			goto fail;
		if (is_shim(o, fr)) {
			*outer = u64_at(fr, o->frame_back);
			break;
		}
		if (*n == max || !add_frame(r, pp, fr, &frames[*n]))
			goto fail;
		frames[(*n)++].addr = addr;
		addr = u64_at(fr, o->frame_back);
		if (frames[*n - 1].entry) {
			*outer = addr;
			return true;
		}
	}
	if (guard < max && *n > start) {
		frames[*n - 1].entry = true;
		return true;
	}
fail:
	*n = start;
	return false;
}

/*
 * The line of frame f, the first of an evaluation-loop call rebuilt, from
 * the loop's instruction pointer as the call's registers held it (cls: 0
 * for the innermost call, 1 for its callers): false when the innermost
 * call's pointer is into another code met, and the frame is not the one
 * the call ran.
 */
static bool level_line(struct py_reader *r, const struct py_proc *pp, const unwind_saved regs,
		       int cls, struct py_frame *f)
{
	size_t n = index_codes(r, pp->pid), k, nt;
	int trusted[4];

	nt = trusted_regs(pp->instr_confirms[cls], UNWIND_SAVED, trusted);
	for (k = 0; k < nt; k++) {
		uint64_t v = regs[trusted[k]];

		if (v >= f->instr_start && v < f->instr_end) {
			f->line = line_at(pp, f->code, v);
			return true;
		}
	}
	/* The callers' registers hold pointers into other frames' code too. */
	for (k = 0; k < nt && cls == 0; k++)
		if (code_holding(r->index, n, regs[trusted[k]]))
			return false;
	return true;
}

/*
 * Whether frames[i], a caller within one evaluation-loop call (from 3.11)
 * read after the sample, is the one that called frames[i - 1] at the
 * sample: its callee lies where that code's callees do, or where the frames
 * read (before the rebuilding) hold the same frame calling one. *line: the
 * line read when those hold it calling the same code still, 0 otherwise
 * (it has called another since).
 */
static bool vouched(const struct py_frame *read, size_t nread, const struct py_frame *frames,
		    size_t i, int *line)
{
	const struct py_frame *f = &frames[i], *callee = &frames[i - 1];
	bool placed = f->code->votes >= 2 && callee->addr - f->addr == f->code->framesize;

	*line = 0;
	for (size_t k = 1; k < nread; k++)
		if (read[k].addr == f->addr) {
			if (read[k].code != f->code || read[k - 1].addr != callee->addr)
				return placed;
			if (read[k - 1].code == callee->code)
				*line = read[k].line;
			return true;
		}
	return placed;
}

/*
 * Whether the frames of the evaluation-loop calls rebuilt hang together:
 * each call's first frame led, when read, to the frame its caller ran (or
 * to none: a generator's frame, suspended since); the outermost is the
 * thread's first frame (base).
 */
static bool levels_join(const struct py_frame *frames, size_t n, const size_t *starts,
			const uint64_t *outers, size_t nlevels, uint64_t base)
{
	for (size_t j = 0; j + 1 < nlevels; j++)
		if (outers[j] && outers[j] != frames[starts[j + 1]].addr)
			return false;
	return base && n && frames[n - 1].addr == base && !outers[nlevels - 1];
}

enum py_read_result py_rebuild_stack(struct py_reader *r, struct process *p, pid_t tid,
				     const unwind_saved *levels, size_t nlevels,
				     const struct py_frame *read, size_t nread,
				     struct py_frame *frames, size_t max, size_t *n)
{
	struct py_proc *pp = found_proc(r, p);
	size_t j, k, start, starts[MAX_LEVELS], t, nt;
	uint64_t outers[MAX_LEVELS];
	int trusted[4];

	*n = 0;
	if (!pp || pp->failed || !pp->code_type || pp->off.frame_size > 256 ||
	    nlevels > MAX_LEVELS || (t = thread_index(pp, tid)) == pp->nthreads)
		return PY_READ_FAILED;
	nt = trusted_regs(pp->frame_confirms, UNWIND_SAVED, trusted);
	r->stamp++;
	r->block_len = 0;
	for (j = 0; j < nlevels; j++) {
		int cls = j > 0;

		starts[j] = start = *n;
		for (k = 0; k < nt; k++) {
			if (read_level(r, pp, levels[j][trusted[k]], frames, max, n, &outers[j]) &&
			    level_line(r, pp, levels[j], cls, &frames[start]))
				break;
			*n = start;
		}
		if (k == nt)
			return PY_READ_FAILED;
		for (k = start + 1; k < *n; k++)
			if (!vouched(read, nread, frames, k, &frames[k].line))
				return PY_READ_FAILED;
	}
	if (pp->threads[t].votes < 2 ||
	    !levels_join(frames, *n, starts, outers, nlevels, pp->threads[t].base))
		return PY_READ_FAILED;
	return *n ? PY_READ_OK : PY_READ_FAILED;
}
