// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * User stacks unwound after the fact with libunwind's remote API: the
 * "remote" process is the sample itself, registers and a copy of the stack
 * taken by the kernel, plus the binaries' files for everything else (unwind
 * tables, and the rare CFI expression that reads memory outside the stack).
 * The unwind tables are .eh_frame_hdr's binary search tables, handed to
 * libunwind's dwarf_search_unwind_table as a remote table, as perf does.
 */
#include <libunwind.h>
#include <string.h>

#include "sample.h"

/* libunwind's callbacks take more than this unwinder needs (perf: __maybe_unused). */
#define UNUSED __attribute__((unused))

/* Not declared in libunwind.h, but exported by every libunwind build. */
#define dwarf_search_unwind_table UNW_OBJ(dwarf_search_unwind_table)
extern int dwarf_search_unwind_table(unw_addr_space_t as, unw_word_t ip, unw_dyn_info_t *di,
				     unw_proc_info_t *pi, int need_unwind_info, void *arg);

const char *const unwind_result_names[UNWIND__COUNT] = {
	[UNWIND_COMPLETE] = "complete",
	[UNWIND_NO_REGS] = "no user registers",
	[UNWIND_STACK_SHORT] = "stack copy too short",
	[UNWIND_NO_MAP] = "address outside every mapping",
	[UNWIND_NO_INFO] = "no unwind information",
	[UNWIND_BAD_FRAME] = "unwinder error",
	[UNWIND_DEPTH] = "too many frames",
};

/* perf's x86-64 register numbers (asm/perf_regs.h). */
enum {
	PR_AX, PR_BX, PR_CX, PR_DX, PR_SI, PR_DI, PR_BP, PR_SP, PR_IP, PR_FLAGS,
	PR_CS, PR_SS, PR_DS, PR_ES, PR_FS, PR_GS,
	PR_R8, PR_R9, PR_R10, PR_R11, PR_R12, PR_R13, PR_R14, PR_R15,
};

struct unwind_ctx {
	struct world *w;
	struct process *p;
	const struct user_sample *s;
	uint64_t sp;
	/* the binary whose table find_proc_info gave libunwind, and its bias */
	struct binary *bin;
	uint64_t bias;
	enum unwind_result why;	/* the first problem met, for the summary */
};

static void note(struct unwind_ctx *c, enum unwind_result why)
{
	if (c->why == UNWIND_COMPLETE)
		c->why = why;
}

/* Reads 8 bytes at addr from the file of a mapping covering it. */
static bool read_file_word(struct unwind_ctx *c, uint64_t addr, unw_word_t *val)
{
	struct mapping *m = process_find_map(c->p, addr);
	uint64_t off;

	size_t i;

	if (m && m->bin && binary_load(c->w, m->bin)) {
		off = addr - m->start + m->pgoff;
		if (off + 8 <= m->bin->size) {
			memcpy(val, m->bin->data + off, 8);
			return true;
		}
	}
	/*
	 * Perf reports executable mappings only, and .eh_frame_hdr usually
	 * sits in a read-only one: read it from the binary being searched.
	 */
	if (c->bin && c->bin->data) {
		uint64_t vaddr = addr - c->bias;

		for (i = 0; i < c->bin->nsegs; i++) {
			if (vaddr >= c->bin->segs[i].vaddr &&
			    vaddr - c->bin->segs[i].vaddr + 8 <= c->bin->segs[i].filesz) {
				off = c->bin->segs[i].offset + (vaddr - c->bin->segs[i].vaddr);
				if (off + 8 <= c->bin->size) {
					memcpy(val, c->bin->data + off, 8);
					return true;
				}
			}
		}
	}
	return false;
}

static int find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi,
			  int need_unwind_info, void *arg)
{
	struct unwind_ctx *c = arg;
	struct mapping *m = process_find_map(c->p, ip);
	struct binary *b;
	unw_dyn_info_t di;
	uint64_t elf_ip, bias;
	int ret;

	if (!m) {
		note(c, UNWIND_NO_MAP);
		return -UNW_ENOINFO;
	}
	b = m->bin;
	if (!b || !binary_load(c->w, b) || (!b->has_hdr && !b->dsynth) ||
	    !mapping_elf_addr(m, ip, &elf_ip)) {
		note(c, UNWIND_NO_INFO);
		return -UNW_ENOINFO;
	}
	bias = ip - elf_ip;
	c->bin = b;
	c->bias = bias;
	ret = -UNW_ENOINFO;
	memset(&di, 0, sizeof(di));
	di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
	di.start_ip = m->start;
	di.end_ip = m->end;
	if (b->has_hdr) {
		di.u.rti.segbase = bias + b->hdr_vaddr;
		di.u.rti.table_data = b->synth ? b->synth_addr : bias + b->table_vaddr;
		/* In words: each entry is two 4-byte offsets, i.e. one 8-byte word. */
		di.u.rti.table_len = b->fde_count * 8 / sizeof(unw_word_t);
		ret = dwarf_search_unwind_table(as, ip, &di, pi, need_unwind_info, arg);
	}
	/* Code built without unwind tables has only .debug_frame. */
	if (ret < 0 && b->dsynth) {
		di.u.rti.segbase = bias + b->dframe_vaddr;
		di.u.rti.table_data = b->dsynth_addr;
		di.u.rti.table_len = b->dfde_count * 8 / sizeof(unw_word_t);
		ret = dwarf_search_unwind_table(as, ip, &di, pi, need_unwind_info, arg);
	}
	if (ret < 0)
		note(c, UNWIND_NO_INFO);
	return ret;
}

/* The tables are remote ones: nothing to free, and no dynamic unwind info. */
static void put_unwind_info(unw_addr_space_t as UNUSED, unw_proc_info_t *pi UNUSED,
			    void *arg UNUSED)
{
}

static int get_dyn_info_list_addr(unw_addr_space_t as UNUSED, unw_word_t *dil_addr UNUSED,
				  void *arg UNUSED)
{
	return -UNW_ENOINFO;
}

static int access_mem(unw_addr_space_t as UNUSED, unw_word_t addr, unw_word_t *valp, int write,
		      void *arg)
{
	struct unwind_ctx *c = arg;
	const struct user_sample *s = c->s;

	if (write)
		return -UNW_EINVAL;
	/* A table built from .eh_frame, at its fake address. */
	if (c->bin && c->bin->synth && addr >= c->bin->synth_addr &&
	    addr - c->bin->synth_addr + 8 <= c->bin->fde_count * 8) {
		memcpy(valp, (const char *)c->bin->synth + (addr - c->bin->synth_addr), 8);
		return 0;
	}
	if (c->bin && c->bin->dsynth) {
		const struct binary *b = c->bin;

		if (addr >= b->dsynth_addr && addr - b->dsynth_addr + 8 <= b->dfde_count * 8) {
			memcpy(valp, (const char *)b->dsynth + (addr - b->dsynth_addr), 8);
			return 0;
		}
		if (addr - c->bias >= b->dframe_vaddr &&
		    addr - c->bias - b->dframe_vaddr < b->dframe_len) {
			memcpy(valp, b->dframe + (addr - c->bias - b->dframe_vaddr), 8);
			return 0;
		}
	}
	if (addr >= c->sp && addr - c->sp + 8 <= s->stack_size) {
		memcpy(valp, s->stack + (addr - c->sp), 8);
		return 0;
	}
	if (read_file_word(c, addr, valp))
		return 0;
	/* Above the copy but in the stack mapping: the copy was too short. */
	if (addr >= c->sp) {
		struct mapping *m = process_find_map(c->p, c->sp);

		if (!m || (addr < m->end && addr >= m->start) || addr - c->sp < (1u << 24))
			note(c, UNWIND_STACK_SHORT);
	}
	*valp = 0;
	return -UNW_EINVAL;
}

static int regnum_to_perf(unw_regnum_t regnum)
{
	switch (regnum) {
	case UNW_X86_64_RAX: return PR_AX;
	case UNW_X86_64_RDX: return PR_DX;
	case UNW_X86_64_RCX: return PR_CX;
	case UNW_X86_64_RBX: return PR_BX;
	case UNW_X86_64_RSI: return PR_SI;
	case UNW_X86_64_RDI: return PR_DI;
	case UNW_X86_64_RBP: return PR_BP;
	case UNW_X86_64_RSP: return PR_SP;
	case UNW_X86_64_R8: return PR_R8;
	case UNW_X86_64_R9: return PR_R9;
	case UNW_X86_64_R10: return PR_R10;
	case UNW_X86_64_R11: return PR_R11;
	case UNW_X86_64_R12: return PR_R12;
	case UNW_X86_64_R13: return PR_R13;
	case UNW_X86_64_R14: return PR_R14;
	case UNW_X86_64_R15: return PR_R15;
	case UNW_X86_64_RIP: return PR_IP;
	default: return -1;
	}
}

static int access_reg(unw_addr_space_t as UNUSED, unw_regnum_t regnum, unw_word_t *valp,
		      int write, void *arg)
{
	struct unwind_ctx *c = arg;
	int r = regnum_to_perf(regnum);

	if (write || r < 0 || !(c->s->regs_mask & (1ull << r)))
		return -UNW_EBADREG;
	*valp = c->s->regs[r];
	return 0;
}

/*
 * Not for a sample: the user registers perf copies hold no floating point,
 * and the stack is never resumed nor its procedures named through libunwind.
 */
static int access_fpreg(unw_addr_space_t as UNUSED, unw_regnum_t num UNUSED,
			unw_fpreg_t *val UNUSED, int write UNUSED, void *arg UNUSED)
{
	return -UNW_EINVAL;
}

static int resume(unw_addr_space_t as UNUSED, unw_cursor_t *cu UNUSED, void *arg UNUSED)
{
	return -UNW_EINVAL;
}

static int get_proc_name(unw_addr_space_t as UNUSED, unw_word_t addr UNUSED,
			 char *bufp UNUSED, size_t buf_len UNUSED, unw_word_t *offp UNUSED,
			 void *arg UNUSED)
{
	return -UNW_EINVAL;
}

static unw_accessors_t accessors = {
	.find_proc_info = find_proc_info,
	.put_unwind_info = put_unwind_info,
	.get_dyn_info_list_addr = get_dyn_info_list_addr,
	.access_mem = access_mem,
	.access_reg = access_reg,
	.access_fpreg = access_fpreg,
	.resume = resume,
	.get_proc_name = get_proc_name,
};

int unwind_init(void)
{
	return 0;
}

void *unwind_new_space(void)
{
	unw_addr_space_t as = unw_create_addr_space(&accessors, 0);

	/*
	 * The global cache keeps parsed CIEs/FDEs between samples: the
	 * difference between microseconds and tens of microseconds a sample.
	 */
	if (as)
		unw_set_caching_policy(as, UNW_CACHE_GLOBAL);
	return as;
}

void unwind_free_space(void *as)
{
	if (as)
		unw_destroy_addr_space(as);
}

void unwind_flush(void *as)
{
	if (as)
		unw_flush_cache(as, 0, 0);
}

static const int saved_perf[UNWIND_SAVED] = { PR_BX, PR_BP, PR_R12, PR_R13, PR_R14, PR_R15 };
static const unw_regnum_t saved_unw[UNWIND_SAVED] = {
	UNW_X86_64_RBX, UNW_X86_64_RBP, UNW_X86_64_R12,
	UNW_X86_64_R13, UNW_X86_64_R14, UNW_X86_64_R15,
};

static void sample_saved(const struct user_sample *s, unwind_saved *saved)
{
	if (!saved)
		return;
	for (int k = 0; k < UNWIND_SAVED; k++)
		(*saved)[k] = s->regs[saved_perf[k]];
}

/* The caller's registers as libunwind recovered them: 0 where it could not. */
static void step_saved(unw_cursor_t *cursor, unwind_saved *saved)
{
	for (int k = 0; k < UNWIND_SAVED; k++) {
		unw_word_t v;

		(*saved)[k] = unw_get_reg(cursor, saved_unw[k], &v) < 0 ? 0 : v;
	}
}

static size_t unwind_from(struct world *w, struct process *p, const struct user_sample *s,
			  uint64_t *ips, unwind_saved *saved, size_t max,
			  enum unwind_result *result)
{
	struct unwind_ctx c = { .w = w, .p = p, .s = s, .why = UNWIND_COMPLETE };
	unw_cursor_t cursor;
	size_t n = 0;
	int ret;

	c.sp = s->regs[PR_SP];
	sample_saved(s, saved);
	ips[n++] = s->regs[PR_IP];
	if (!p->as || unw_init_remote(&cursor, p->as, &c) < 0) {
		*result = UNWIND_BAD_FRAME;
		return n;
	}
	for (;;) {
		unw_word_t ip;

		ret = unw_step(&cursor);
		if (ret <= 0)
			break;
		if (n == max) {
			*result = UNWIND_DEPTH;
			return n;
		}
		if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0 || !ip)
			break;
		if (saved)
			step_saved(&cursor, &saved[n]);
		ips[n++] = ip;
	}
	if (ret < 0)
		*result = c.why != UNWIND_COMPLETE ? c.why : UNWIND_BAD_FRAME;
	else if (c.why == UNWIND_STACK_SHORT || c.why == UNWIND_NO_MAP)
		/* libunwind stops quietly when a read fails: it was not the end. */
		*result = c.why;
	else
		*result = UNWIND_COMPLETE;
	return n;
}

size_t unwind_user(struct world *w, struct process *p, const struct user_sample *s,
		   uint64_t *ips, unwind_saved *saved, size_t max, enum unwind_result *result)
{
	struct mapping *m;

	if (!s->has_regs || !(s->regs_mask & (1ull << PR_IP)) || max < 2) {
		*result = UNWIND_NO_REGS;
		return 0;
	}
	/*
	 * Code without unwind tables outside any file (JIT code) stops
	 * libunwind at once, or sends it down a guessed frame-pointer chain.
	 * When the word on top of the stack is a return address into a mapped
	 * binary, the sample was taken in a leaf that has not touched the
	 * stack (a JIT'd loop, a trampoline): unwind from the caller instead.
	 */
	m = process_find_map(p, s->regs[PR_IP]);
	if ((!m || !m->bin) && s->stack_size >= 8) {
		struct user_sample caller = *s;
		struct mapping *rm;
		uint64_t ret;

		memcpy(&ret, s->stack, 8);
		rm = process_find_map(p, ret - 1);
		if (rm && rm->bin && rm->exec) {
			caller.regs[PR_IP] = ret;
			caller.regs[PR_SP] += 8;
			caller.stack += 8;
			caller.stack_size -= 8;
			ips[0] = s->regs[PR_IP];
			sample_saved(s, saved);
			return 1 + unwind_from(w, p, &caller, ips + 1, saved ? saved + 1 : NULL,
					       max - 1, result);
		}
	}
	return unwind_from(w, p, s, ips, saved, max, result);
}
