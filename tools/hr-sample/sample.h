/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hr-sample's own modules: the processes and their mappings (proc.c), the
 * binaries' unwind tables (ehframe.c, ehframe.h), the user-stack unwinder
 * over libunwind's remote API (unwind.c), kernel symbols (ksyms.c) and the
 * perf event set with its ring buffers (perf.c, perf.h).
 */
#ifndef HR_SAMPLE_H
#define HR_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "headroom/symbols.h"
#include "jitmap.h"

/* ---- proc.c: processes, threads, mappings ---- */

/* A binary's data for unwinding and symbolising, shared by every mapping of it. */
struct binary {
	char *path;		/* as the process names it */
	char *open_path;	/* what to open (through /proc/PID/root, map_files) */
	uint64_t ino;		/* the mapping's inode (0: unknown) */
	bool deleted;		/* the process maps a file since deleted */
	const char *name;	/* basename, for [module] frames */
	unsigned char *data;	/* the whole file, mapped read-only */
	size_t size;
	struct symfile *sym;	/* NULL when libdw cannot read it */
	bool tried;
	/* .eh_frame_hdr, as ELF virtual address and its binary search table */
	bool has_hdr;
	uint64_t hdr_vaddr, table_vaddr, fde_count;
	/*
	 * Without .eh_frame_hdr (static binaries): a search table built from
	 * .eh_frame, in this process, which the unwinder reads at the fake
	 * address synth_addr (bit 63 set: never a user address).
	 */
	int32_t *synth;
	uint64_t synth_addr;
	/*
	 * .debug_frame (code built without unwind tables) rewritten as
	 * .eh_frame at the fake virtual address dframe_vaddr, just past the
	 * binary's last segment so that the table's 32-bit offsets reach it,
	 * with its own search table at dsynth_addr.
	 */
	unsigned char *dframe;
	size_t dframe_len;
	uint64_t dframe_vaddr;
	int32_t *dsynth;
	uint64_t dsynth_addr, dfde_count;
	/* loadable segments: file offset -> virtual address */
	struct { uint64_t offset, filesz, vaddr; } *segs;
	size_t nsegs;
	uint64_t id;		/* 1, 2, ... in the order seen */
	unsigned long missing;	/* frames in it without a symbol */
	unsigned long frames;
};

struct mapping {
	uint64_t start, end, pgoff;
	struct binary *bin;	/* NULL for anonymous memory */
	char *name;		/* "[vdso]", "[stack]", "//anon"... or NULL */
	bool exec;
};


struct process {
	pid_t pid;
	struct mapping *maps;	/* sorted by start, no overlaps */
	size_t nmaps, amaps;
	void *as;		/* libunwind address space (unw_addr_space_t) */
	struct jit_sym *jit;	/* /tmp/perf-PID.map */
	size_t njit, ajit;
	double jit_mtime;		/* when the map was last looked at */
	uint64_t jit_size;		/* and what it was when last read */
	struct timespec jit_file_mtime;
	bool jit_loaded, jit_warned;
	bool exited;
	char *root;		/* "/proc/PID/root" */
	char *cgroup;		/* its cgroup v2 path, read at need (process_cgroup) */
};

struct thread {
	pid_t tid, pid;
	char comm[17];
};

struct world;

struct world *world_new(struct symcache *syms, unsigned symflags);
void world_free(struct world *w);
/* Reads /proc/PID/maps and the comm of each thread of pid. */
void world_load_process(struct world *w, pid_t pid);
struct process *world_process(struct world *w, pid_t pid, bool create);
struct thread *world_thread(struct world *w, pid_t pid, pid_t tid);
void world_mmap(struct world *w, pid_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		uint32_t prot, const char *filename);
void world_mmap2(struct world *w, pid_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		 uint32_t maj, uint32_t min, uint64_t ino, uint32_t prot, const char *filename);
void world_comm(struct world *w, pid_t pid, pid_t tid, const char *comm, bool exec);
void world_fork(struct world *w, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid);
void world_exit(struct world *w, pid_t pid, pid_t tid);
struct mapping *process_find_map(struct process *p, uint64_t addr);
/* The process's cgroup ("/system.slice/x.service"; "" when unknown), read once. */
const char *process_cgroup(struct process *p);
/* The JIT symbol covering addr in /tmp/perf-PID.map, or NULL. */
const char *process_jit_symbol(struct world *w, struct process *p, uint64_t addr);
size_t world_nthreads(const struct world *w);
size_t world_nbinaries(const struct world *w);
/* Calls fn for each binary seen. */
void world_for_each_binary(struct world *w, void (*fn)(struct binary *, void *), void *data);
/* Opens the binary's file (once); false when it cannot be read. */
bool binary_load(struct world *w, struct binary *b);
/* The ELF virtual address of a runtime address in mapping m; false if none. */
bool mapping_elf_addr(const struct mapping *m, uint64_t addr, uint64_t *elf_addr);

/* ---- unwind.c: user stacks with libunwind's remote API ---- */

enum unwind_result {
	UNWIND_COMPLETE,	/* reached the outermost frame */
	UNWIND_NO_REGS,		/* no user registers (kernel thread) */
	UNWIND_STACK_SHORT,	/* needed stack beyond the copied part */
	UNWIND_NO_MAP,		/* an address outside every known mapping */
	UNWIND_NO_INFO,		/* no unwind table covers a frame's address */
	UNWIND_BAD_FRAME,	/* libunwind reported an error */
	UNWIND_DEPTH,		/* too many frames */
	UNWIND__COUNT
};
extern const char *const unwind_result_names[UNWIND__COUNT];

/* What the kernel copied: user registers (perf order) and the stack. */
struct user_sample {
	uint64_t regs[32];
	uint64_t regs_mask;
	bool has_regs;
	const unsigned char *stack;
	uint64_t stack_size;	/* bytes valid (dyn_size) */
};

int unwind_init(void);
void *unwind_new_space(void);
void unwind_free_space(void *as);
void unwind_flush(void *as);
/*
 * The callee-saved registers (rbx, rbp, r12 to r15) of each frame: the
 * sample's own for the innermost, those unwinding recovered for its callers.
 */
#define UNWIND_SAVED 6
typedef uint64_t unwind_saved[UNWIND_SAVED];
/*
 * Unwinds one sample's user stack into ips (innermost first, the first being
 * the sampled IP itself), and into saved (unless NULL, as many) each frame's
 * callee-saved registers. Returns the number of frames, *result why it ended.
 */
size_t unwind_user(struct world *w, struct process *p, const struct user_sample *s,
		   uint64_t *ips, unwind_saved *saved, size_t max, enum unwind_result *result);

/* ---- ksyms.c: /proc/kallsyms, and the search of address-sorted tables ---- */

struct ksyms;
struct ksyms *ksyms_load(const char *path);
void ksyms_free(struct ksyms *k);
/* The kernel function at addr, or NULL; *off its offset. Borrowed. */
const char *ksyms_lookup(const struct ksyms *k, uint64_t addr, uint64_t *off);
/*
 * The search ksyms_lookup() and process_jit_symbol() share: in a table of n
 * entries of size bytes, sorted by the uint64_t address at offset off in
 * each, the number of entries whose address is at most addr. The entry just
 * before that index is the last one to start at or below addr.
 */
size_t addr_upper_bound(const void *table, size_t n, size_t size, size_t off, uint64_t addr);

#endif
