// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the symbols module against build/tests/symtest (built from
 * tests/workloads/symtest.cc) in its plain, debuglink, MiniDebugInfo, build-id
 * and stripped forms, with the real libdw.
 */
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/symbols.h"
#include "tap.h"

#define PROG "build/tests/symtest"
#define SOURCE "tests/workloads/symtest.cc"

/* Address and size of a .symtab symbol, read with libelf. */
static int elf_symbol(const char *path, const char *want, uint64_t *addr, uint64_t *size)
{
	Elf *elf;
	Elf_Scn *scn = NULL;
	int fd, found = -1;

	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while (elf && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t i;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		data = elf_getdata(scn, NULL);
		for (i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			const char *name;

			gelf_getsym(data, (int)i, &sym);
			name = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (name && !strcmp(name, want)) {
				*addr = sym.st_value;
				*size = sym.st_size;
				found = 0;
			}
		}
	}
	elf_end(elf);
	close(fd);
	return found;
}

/* elf_symbol_value() on the file at path. */
static bool value_in(const char *path, const char *name, bool dynsym, uint64_t *value)
{
	int fd = open(path, O_RDONLY);
	Elf *elf = fd < 0 ? NULL : elf_begin(fd, ELF_C_READ, NULL);
	bool found = elf_symbol_value(elf, name, dynsym, value);

	if (elf)
		elf_end(elf);
	if (fd >= 0)
		close(fd);
	return found;
}

/* The line of SOURCE holding marker. */
static int marker_line(const char *marker)
{
	FILE *f = fopen(SOURCE, "r");
	char buf[512];
	int n = 0;

	while (f && fgets(buf, sizeof(buf), f)) {
		n++;
		if (strstr(buf, marker)) {
			fclose(f);
			return n;
		}
	}
	if (f)
		fclose(f);
	return -1;
}

static const char *name_at(struct symcache *c, const char *path, uint64_t addr)
{
	struct symframe fr[4];
	struct symfile *f = symcache_open(c, path, NULL);

	if (!f || symfile_lookup(f, addr, fr, 4, SYM_DEMANGLE) < 1)
		return NULL;
	return fr[0].name;
}

/* The inlined helper: some address inside plain_c_function is in it. */
static void inlined_frames(struct symfile *f, uint64_t a_plain, uint64_t s_plain, int inner_line,
			   int call_line)
{
	struct symframe fr[8];
	int n, found_inline = 0;
	uint64_t a;

	for (a = a_plain; a < a_plain + s_plain; a++) {
		n = symfile_lookup(f, a, fr, 8, SYM_INLINE | SYM_SRCLINE | SYM_DEMANGLE);
		if (n == 2 && fr[0].inlined && fr[0].name && !strcmp(fr[0].name, "inner_helper")) {
			found_inline = 1;
			break;
		}
	}
	ok(found_inline, "an inlined frame inside plain_c_function");
	if (found_inline) {
		is_str(fr[1].name, "plain_c_function", "the real function comes last");
		ok(!fr[1].inlined, "and is not marked inlined");
		ok(fr[0].srcfile && strstr(fr[0].srcfile, "symtest.cc"), "source file of the inline");
		is_int(fr[0].srcline, inner_line, "line inside the inlined function");
		is_int(fr[1].srcline, call_line, "call site line in the caller");
		n = symfile_lookup(f, a, fr, 1, SYM_INLINE);
		is_int(n, 1, "max 1 keeps only the real function");
		is_str(fr[0].name, "plain_c_function", "... which is the real one");
		n = symfile_lookup(f, a, fr, 8, 0);
		is_int(n, 1, "without SYM_INLINE one frame");
		ok(fr[0].srcfile == NULL && fr[0].srcline == 0, "without SYM_SRCLINE no source");
	}
}

/* Build-id: a debug directory with .build-id/xx/rest.debug. */
static void build_id_tree(const char *id, uint64_t a_local)
{
	char tmpl[] = "/tmp/hr-symbols-XXXXXX";
	char *dir, *link;

	dir = mkdtemp(tmpl);
	if (dir && id) {
		struct symcache *c2 = symcache_new();
		char *sub = xasprintf("%s/.build-id/%.2s", dir, id);
		char *target = realpath(PROG "-debuglink.debug", NULL);
		char *bdir = xasprintf("%s/.build-id", dir);

		link = xasprintf("%s/%s.debug", sub, id + 2);
		mkdir(bdir, 0700);
		mkdir(sub, 0700);
		ok(target && symlink(target, link) == 0, "build-id tree made");
		symcache_set_debuginfo_path(c2, dir);
		is_str(name_at(c2, PROG "-stripped", a_local), "local_static(int)",
		       "stripped binary: symbols found by build-id");
		symcache_free(c2);
		unlink(link);
		rmdir(sub);
		rmdir(bdir);
		rmdir(dir);
		free(link);
		free(sub);
		free(bdir);
		free(target);
	}
}

int main(void)
{
	struct symcache *c = symcache_new();
	struct symfile *f, *f2;
	struct symframe fr[8];
	uint64_t a_plain, s_plain, a_twice, s_twice, a_local, s_local, a;
	int n, i;
	const char *id;

	if (elf_symbol(PROG, "plain_c_function", &a_plain, &s_plain) ||
	    elf_symbol(PROG, "_ZN4demo5twiceEi", &a_twice, &s_twice) ||
	    elf_symbol(PROG, "_ZL12local_statici", &a_local, &s_local)) {
		printf("Bail out! %s lacks its symbols (make it first)\n", PROG);
		return 1;
	}
	ok(symcache_open(c, "build/tests/no-such-file", NULL) == NULL, "a missing file gives NULL");
	ok(symcache_open(c, "build/tests/no-such-file", NULL) == NULL, "and so does its cached failure");
	ok(symcache_open(c, SOURCE, NULL) == NULL, "a file that is not ELF gives NULL");

	f = symcache_open(c, PROG, NULL);
	ok(f != NULL, "opens the test program");
	f2 = symcache_open(c, PROG, "");
	ok(f == f2, "a second open returns the cached file");
	f2 = symcache_open(c, "symtest", "build/tests/");
	ok(f2 == f, "root is prefixed to the path (the same file, the same entry)");

	n = symfile_lookup(f, a_plain, fr, 8, 0);
	ok(n >= 1, "looks up a C function");
	is_str(fr[n - 1].name, "plain_c_function", ".symtab name of a C function");
	is_int(fr[n - 1].sym_offset, 0, "offset 0 at the start of the symbol");
	n = symfile_lookup(f, a_twice + 2, fr, 8, 0);
	is_str(fr[n - 1].name, "_ZN4demo5twiceEi", "mangled without SYM_DEMANGLE");
	is_int(fr[n - 1].sym_offset, 2, "offset within the function");
	n = symfile_lookup(f, a_twice + 2, fr, 8, SYM_DEMANGLE);
	is_str(fr[n - 1].name, "demo::twice(int)", "C++ name demangled");
	is_str(name_at(c, PROG, a_local), "local_static(int)", "a static C++ function");
	n = symfile_lookup(f, 1, fr, 8, 0);
	is_int(n, 0, "an address no symbol covers gives no frame");

	ok(symfile_has_dwarf(f), "the -g build has DWARF");
	id = symfile_build_id(f);
	ok(id && strlen(id) == 40 && strspn(id, "0123456789abcdef") == 40, "build-id as hex: %s",
	   id ? id : "(null)");

	inlined_frames(f, a_plain, s_plain, marker_line("INNER_LINE"), marker_line("CALL_LINE"));
	n = symfile_lookup(f, a_twice, fr, 8, SYM_SRCLINE);
	ok(n == 1 && fr[0].srcline > 0, "source line without inlines");

	ok(symfile_offset_to_addr(f, 0, &a) == 0 && a == 0, "offset 0 is address 0 (PIE)");
	ok(symfile_offset_to_addr(f, 1ull << 40, &a) == -1, "an offset past the file fails");

	/* Separate debug file by .gnu_debuglink. */
	is_str(name_at(c, PROG "-debuglink", a_twice), "demo::twice(int)",
	       "stripped binary: symbols from its debuglink file");
	f2 = symcache_open(c, PROG "-debuglink", NULL);
	ok(f2 && symfile_has_dwarf(f2), "and DWARF from it");
	/* MiniDebugInfo. */
	is_str(name_at(c, PROG "-minidebug", a_local), "local_static(int)",
	       "MiniDebugInfo gives a static function");
	/* Fully stripped: nothing but .dynsym. */
	is_str(name_at(c, PROG "-stripped", a_local), NULL, "a stripped binary has no local names");
	f2 = symcache_open(c, PROG "-stripped", NULL);
	ok(f2 && !symfile_has_dwarf(f2), "and no DWARF");
	n = f2 ? symfile_lookup(f2, a_plain, fr, 8, SYM_INLINE) : -1;
	ok(n == 0 || (n == 1 && strcmp(fr[0].name ? fr[0].name : "", "plain_c_function")),
	   "no guess for a stripped function");

	build_id_tree(id, a_local);

	a = 0;
	ok(value_in(PROG, "_ZL12local_statici", false, &a) && a == a_local,
	   "elf_symbol_value: a static function's value from .symtab");
	ok(!value_in(PROG, "no_such_symbol", true, &a), "elf_symbol_value: an unknown name");
	ok(!value_in(PROG "-stripped", "plain_c_function", true, &a),
	   "elf_symbol_value: nothing from a stripped binary's .symtab");
	ok(!value_in(PROG "-stripped", "printf", true, &a),
	   "elf_symbol_value: .dynsym's undefined printf has no value");
	ok(!elf_symbol_value(NULL, "main", true, &a), "elf_symbol_value: no image, no symbol");

	/* The cache returns the same strings for repeated lookups. */
	{
		const char *p1, *p2;

		symfile_lookup(f, a_twice, fr, 8, SYM_DEMANGLE);
		p1 = fr[0].name;
		for (i = 0; i < 1000; i++)
			symfile_lookup(f, a_plain + (uint64_t)(i % 7), fr, 8, SYM_DEMANGLE);
		symfile_lookup(f, a_twice, fr, 8, SYM_DEMANGLE);
		p2 = fr[0].name;
		ok(p1 == p2, "cached names are stable");
	}
	symcache_free(c);
	symcache_free(NULL);
	return done_testing();
}
