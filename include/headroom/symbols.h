/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Symbolisation of addresses in ELF files with elfutils libelf/libdw: ELF
 * symbol tables (.symtab, .dynsym, MiniDebugInfo .gnu_debugdata), separate
 * debug files (build-id, debuglink), DWARF inline frames and source lines,
 * C++ demangling. Files are opened once and cached; every string returned is
 * owned by the cache and stays valid until symcache_free().
 */
#ifndef HEADROOM_SYMBOLS_H
#define HEADROOM_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	SYM_INLINE = 1 << 0,	/* report inlined frames from DWARF */
	SYM_SRCLINE = 1 << 1,	/* fill srcfile/srcline */
	SYM_DEMANGLE = 1 << 2,	/* demangle C++ (and Rust) names */
};

struct symcache;
struct symfile;
struct Elf;		/* libelf's */

struct symframe {
	const char *name;	/* function name, or NULL when no symbol covers the address */
	uint64_t sym_offset;	/* address - start of the function's symbol */
	const char *srcfile;	/* source file (SYM_SRCLINE), or NULL */
	int srcline;		/* its line, 0 when unknown */
	bool inlined;		/* this frame was inlined into the next one */
};

struct symcache *symcache_new(void);
void symcache_free(struct symcache *c);

/*
 * Where separate debug files are looked for, in libdwfl's syntax: absolute
 * directories (searched for .build-id/xx/yyyy.debug and debuglink names),
 * relative ones beside the file, separated by ':'. NULL (the default) is
 * ":.debug:/usr/lib/debug". Affects files opened afterwards.
 */
void symcache_set_debuginfo_path(struct symcache *c, const char *path);

struct dbgfetch;
/*
 * Separate debug files from debuginfod (debuginfod.h) for the files opened
 * afterwards that have a build-id, no .symtab and no local debug file. The
 * fetch never blocks: until it settles such a file is "pending" and names
 * what its .dynsym covers. libdw's own debuginfod client is not used then.
 */
void symcache_set_fetcher(struct symcache *c, struct dbgfetch *fetch);
/*
 * True while f's debug file is being fetched: its names are not final. Looks
 * at the fetcher's answers (at most every 10 ms); when the debug file has
 * come, f is reloaded with it and later lookups use it.
 */
bool symfile_fetch_pending(struct symfile *f);
/* Settles every pending file, after dbgfetch_finish(). */
void symcache_settle(struct symcache *c);
/* Why f's debug file could not be fetched, or NULL (not asked, or found). */
const char *symfile_fetch_error(struct symfile *f);

/*
 * Opens path (or finds it in the cache). root, when not NULL, is prefixed to
 * path for opening (e.g. "/proc/1234/root" for a process in a container).
 * Returns NULL when the file cannot be opened or is not ELF; a failure is
 * cached too, so a missing file costs one open() attempt.
 */
struct symfile *symcache_open(struct symcache *c, const char *path, const char *root);

/*
 * Converts a file offset (as in /proc/PID/maps or a perf MMAP record: the
 * mapping's pgoff plus the distance from the mapping's start) into the ELF
 * virtual address symbols use. Returns 0, or -1 when no loadable segment
 * covers it.
 */
int symfile_offset_to_addr(struct symfile *f, uint64_t offset, uint64_t *addr);

/*
 * Looks up addr (an ELF virtual address). Fills at most max frames, innermost
 * first: with SYM_INLINE, the inlined functions (inlined = true) come before
 * the real function that contains them, which is last. Returns the number of
 * frames filled, 0 when nothing covers addr.
 */
int symfile_lookup(struct symfile *f, uint64_t addr, struct symframe *out, int max,
		   unsigned flags);

/* The file's GNU build-id as lowercase hex, or NULL. */
const char *symfile_build_id(struct symfile *f);
/* True when the file (or its separate debug file) has DWARF line/inline data. */
bool symfile_has_dwarf(struct symfile *f);

/*
 * nm's answer without the cache: the value of the defined symbol called name
 * in elf's .symtab, and in its .dynsym too when dynsym is true (the first
 * found). elf may be NULL (an image libelf could not read). Returns false
 * when no such symbol is there.
 */
bool elf_symbol_value(struct Elf *elf, const char *name, bool dynsym, uint64_t *value);

#endif
