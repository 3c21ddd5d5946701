// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Symbolisation with elfutils: one offline Dwfl per file, so that libdwfl does
 * the work of finding .symtab, .dynsym, MiniDebugInfo and separate debug files
 * (build-id and debuglink), and a per-file address cache so that the hot
 * addresses of a profile cost one hash probe after their first lookup.
 */
#include <dlfcn.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <dwarf.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/debuginfod.h"
#include "headroom/progress.h"
#include "headroom/stackmap.h"
#include "headroom/strbuf.h"
#include "headroom/symbols.h"

struct load_seg {
	uint64_t offset, filesz, vaddr;
};

/* One cached lookup: the frames of addr under flags. */
struct addr_entry {
	uint64_t addr;
	unsigned flags;
	bool used;
	int nframes;
	struct symframe *frames;
};

struct symfile {
	struct symfile *next;	/* hash chain */
	char *key;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	struct symcache *cache;
	struct load_seg *segs;
	size_t nsegs;
	const char *build_id;
	int has_dwarf;		/* -1 unknown */
	bool has_symtab;	/* the file itself has .symtab */
	bool fetch_pending;	/* its debug file is being fetched */
	bool fetched;		/* ... was asked for */
	bool debug_fetched;	/* the debug file in use came from debuginfod */
	int fd;			/* kept open to reload it once fetched, else -1 */
	unsigned seen_gen;	/* the cache's gen when last looked at */
	struct addr_entry *addrs;
	size_t naddrs, addr_slots;
};

struct symcache {
	struct symfile **buckets;
	size_t nbuckets, nfiles;
	struct stackmap strings;	/* interned names, stable pointers */
	char *(*demangle)(const char *, char *, size_t *, int *);
	bool demangle_tried;
	char *debuginfo_path;
	Dwfl_Callbacks callbacks;
	struct dbgfetch *fetch;		/* borrowed; NULL without debuginfod */
	double next_poll;		/* monotonic time of the next look at it */
	unsigned gen;			/* bumped when answers arrive */
};

static const char *intern(struct symcache *c, const char *s)
{
	if (!s)
		return NULL;
	return stackmap_add(&c->strings, s, strlen(s), 0, 0)->key;
}

/*
 * libdwfl asks for the separate debug file lazily. With a fetcher, libdw's
 * own debuginfod client is kept out of it: that one queries the servers
 * inside the lookup, and would block the caller for up to DEBUGINFOD_TIMEOUT.
 * The local build-id directories come first, then what the fetcher has;
 * while it fetches, the module makes do with .dynsym and the file is marked
 * pending, so that the caller can name its frames later. (The .gnu_debuglink
 * search of libdw's standard callback is what is given up then.)
 */
static int find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			  GElf_Addr base, const char *file_name, const char *debuglink_file,
			  GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	struct symfile *f = *userdata;
	const char *path;
	int fd;

	if (!f || !f->cache->fetch || !f->build_id)
		return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name,
						    debuglink_file, debuglink_crc,
						    debuginfo_file_name);
	fd = dwfl_build_id_find_debuginfo(mod, userdata, modname, base, file_name,
					  debuglink_file, debuglink_crc, debuginfo_file_name);
	/* A call after the fetched file is in use is for its dwz file: local only. */
	if (fd >= 0 || f->has_symtab || f->debug_fetched)
		return fd;
	f->fetched = true;
	switch (dbgfetch_get(f->cache->fetch, f->build_id, &path)) {
	case DBGFETCH_FOUND:
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			*debuginfo_file_name = xstrdup(path);	/* libdwfl frees it */
			f->debug_fetched = true;
		}
		return fd;
	case DBGFETCH_PENDING:
		f->fetch_pending = true;
		break;
	case DBGFETCH_FAILED:
		break;
	}
	return -1;
}

struct symcache *symcache_new(void)
{
	struct symcache *c = xcalloc(1, sizeof(*c));

	/*
	 * libdwfl's standard callbacks: the debug file is looked for by
	 * build-id under /usr/lib/debug/.build-id and by .gnu_debuglink beside
	 * the file and under /usr/lib/debug, as gdb and perf do.
	 */
	c->callbacks.find_elf = dwfl_build_id_find_elf;
	c->callbacks.find_debuginfo = find_debuginfo;
	c->callbacks.section_address = dwfl_offline_section_address;
	c->callbacks.debuginfo_path = &c->debuginfo_path;
	c->nbuckets = 256;
	c->buckets = xcalloc(c->nbuckets, sizeof(*c->buckets));
	stackmap_init(&c->strings);
	return c;
}

/* What open_module() fills; the key, the cache and the kept fd stay. */
static void symfile_clear(struct symfile *f)
{
	size_t i;

	if (f->dwfl)
		dwfl_end(f->dwfl);
	f->dwfl = NULL;
	f->mod = NULL;
	for (i = 0; i < f->addr_slots; i++)
		free(f->addrs[i].frames);
	free(f->addrs);
	f->addrs = NULL;
	f->naddrs = f->addr_slots = 0;
	free(f->segs);
	f->segs = NULL;
	f->nsegs = 0;
	f->has_dwarf = -1;
}

static void symfile_free(struct symfile *f)
{
	symfile_clear(f);
	if (f->fd >= 0)
		close(f->fd);
	free(f->key);
	free(f);
}

void symcache_free(struct symcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nbuckets; i++) {
		struct symfile *f = c->buckets[i], *next;

		for (; f; f = next) {
			next = f->next;
			symfile_free(f);
		}
	}
	free(c->buckets);
	stackmap_release(&c->strings);
	free(c->debuginfo_path);
	free(c);
}

void symcache_set_fetcher(struct symcache *c, struct dbgfetch *fetch)
{
	c->fetch = fetch;
}

void symcache_set_debuginfo_path(struct symcache *c, const char *path)
{
	free(c->debuginfo_path);
	c->debuginfo_path = path ? xstrdup(path) : NULL;
}

static void load_segments(struct symfile *f)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(f->mod, &bias);
	size_t n, i;

	if (!elf || elf_getphdrnum(elf, &n))
		return;
	f->segs = xcalloc(n ? n : 1, sizeof(*f->segs));
	for (i = 0; i < n; i++) {
		GElf_Phdr mem, *ph = gelf_getphdr(elf, (int)i, &mem);

		if (!ph || ph->p_type != PT_LOAD)
			continue;
		f->segs[f->nsegs].offset = ph->p_offset;
		f->segs[f->nsegs].filesz = ph->p_filesz;
		f->segs[f->nsegs].vaddr = ph->p_vaddr;
		f->nsegs++;
	}
	f->has_symtab = false;
	{
		Elf_Scn *scn = NULL;

		while (!f->has_symtab && (scn = elf_nextscn(elf, scn))) {
			GElf_Shdr shmem, *sh = gelf_getshdr(scn, &shmem);

			f->has_symtab = sh && sh->sh_type == SHT_SYMTAB;
		}
	}
}

/* Reports the file open at fd (which dwfl then owns) as f's module. */
static int open_module(struct symfile *f, int fd)
{
	const char *path = f->key;
	const unsigned char *id;
	GElf_Addr vaddr;
	void **userdata;
	int len;

	f->dwfl = dwfl_begin(&f->cache->callbacks);
	if (!f->dwfl) {
		close(fd);
		return -1;
	}
	dwfl_report_begin(f->dwfl);
	/*
	 * Base 0 with add_p_vaddr: the module sits at the file's own virtual
	 * addresses (bias 0), so callers pass ELF addresses straight through.
	 * dwfl owns fd from here on.
	 */
	f->mod = dwfl_report_elf(f->dwfl, path, path, fd, 0, true);
	dwfl_report_end(f->dwfl, NULL, NULL);
	if (!f->mod) {
		dwfl_end(f->dwfl);
		f->dwfl = NULL;
		return -1;
	}
	dwfl_module_info(f->mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL);
	*userdata = f;
	len = dwfl_module_build_id(f->mod, &id, &vaddr);
	if (len > 0) {
		struct strbuf sb = STRBUF_INIT;
		int i;

		for (i = 0; i < len; i++)
			strbuf_addf(&sb, "%02x", id[i]);
		f->build_id = intern(f->cache, sb.buf);
		strbuf_release(&sb);
	}
	load_segments(f);
	/* Ask for the debug file now: the sooner it comes, the fewer names wait. */
	if (f->cache->fetch && f->build_id && !f->has_symtab)
		dwfl_module_getsymtab(f->mod);
	return 0;
}

static size_t key_hash(const char *key, size_t nbuckets)
{
	return hr_hash(key, strlen(key)) & (nbuckets - 1);
}

struct symfile *symcache_open(struct symcache *c, const char *path, const char *root)
{
	struct strbuf key = STRBUF_INIT;
	struct symfile *f;
	size_t h;
	int fd;

	if (root && *root)
		strbuf_addstr(&key, root);
	strbuf_addstr(&key, path);
	h = key_hash(key.buf, c->nbuckets);
	for (f = c->buckets[h]; f; f = f->next) {
		if (!strcmp(f->key, key.buf)) {
			strbuf_release(&key);
			return f->mod ? f : NULL;
		}
	}
	f = xcalloc(1, sizeof(*f));
	f->cache = c;
	f->has_dwarf = -1;
	f->fd = -1;
	f->key = strbuf_detach(&key, NULL);
	fd = open(f->key, O_RDONLY | O_CLOEXEC);
	/* Kept while its debug file is fetched: the path may be gone by then. */
	if (fd >= 0 && c->fetch)
		f->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0 || open_module(f, fd) < 0)
		f->mod = NULL;
	if (!f->fetch_pending && f->fd >= 0) {
		close(f->fd);
		f->fd = -1;
	}
	f->next = c->buckets[h];
	c->buckets[h] = f;
	c->nfiles++;
	return f->mod ? f : NULL;
}

int symfile_offset_to_addr(struct symfile *f, uint64_t offset, uint64_t *addr)
{
	size_t i;

	for (i = 0; i < f->nsegs; i++) {
		const struct load_seg *s = &f->segs[i];

		if (offset >= s->offset && offset - s->offset < s->filesz) {
			*addr = s->vaddr + (offset - s->offset);
			return 0;
		}
	}
	/* Past the file part of the last segment (.bss): still that segment. */
	if (f->nsegs) {
		const struct load_seg *s = &f->segs[f->nsegs - 1];

		if (offset >= s->offset && offset - s->offset < s->filesz + 4096) {
			*addr = s->vaddr + (offset - s->offset);
			return 0;
		}
	}
	return -1;
}

/*
 * The fetch settled: with the debug file, the module is reported anew and
 * its cached lookups, made with .dynsym alone, are dropped.
 */
static void symfile_settle(struct symfile *f)
{
	enum dbgfetch_state st = dbgfetch_get(f->cache->fetch, f->build_id, NULL);
	int fd;

	if (st == DBGFETCH_PENDING)
		return;
	f->fetch_pending = false;
	if (st == DBGFETCH_FOUND && f->fd >= 0) {
		symfile_clear(f);
		fd = fcntl(f->fd, F_DUPFD_CLOEXEC, 0);
		if (fd < 0 || open_module(f, fd) < 0)
			f->mod = NULL;
	}
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
}

bool symfile_fetch_pending(struct symfile *f)
{
	struct symcache *c = f->cache;
	double now;

	if (!f->fetch_pending)
		return false;
	now = monotonic_seconds();
	if (now >= c->next_poll) {
		c->next_poll = now + 0.01;
		if (dbgfetch_poll(c->fetch))
			c->gen++;
	}
	if (f->seen_gen != c->gen) {
		f->seen_gen = c->gen;
		symfile_settle(f);
	}
	return f->fetch_pending;
}

void symcache_settle(struct symcache *c)
{
	size_t i;

	for (i = 0; i < c->nbuckets; i++) {
		struct symfile *f;

		for (f = c->buckets[i]; f; f = f->next)
			if (f->fetch_pending)
				symfile_settle(f);
	}
}

const char *symfile_fetch_error(struct symfile *f)
{
	if (!f->fetched || f->debug_fetched || !f->cache->fetch || !f->build_id)
		return NULL;
	return dbgfetch_error(f->cache->fetch, f->build_id);
}

const char *symfile_build_id(struct symfile *f)
{
	return f->build_id;
}

bool symfile_has_dwarf(struct symfile *f)
{
	if (!f->mod)
		return false;
	if (f->has_dwarf < 0) {
		Dwarf_Addr bias;
		Dwarf_Off next;
		size_t hsize;
		Dwarf *dw = dwfl_module_getdwarf(f->mod, &bias);

		f->has_dwarf = dw && dwarf_nextcu(dw, 0, &next, &hsize, NULL, NULL, NULL) == 0;
	}
	return f->has_dwarf;
}

/*
 * C++ (and Rust's legacy, C++-like) mangling. libstdc++'s __cxa_demangle is
 * looked up at run time so that libheadroom does not link the C++ runtime for
 * the tools that never demangle.
 */
static const char *demangle(struct symcache *c, const char *name)
{
	char *d;
	const char *r;
	int status;
	size_t len;

	if (!name || name[0] != '_' || name[1] != 'Z')
		return name;
	if (!c->demangle_tried) {
		void *h = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);

		c->demangle_tried = true;
		if (h)
			*(void **)&c->demangle = dlsym(h, "__cxa_demangle");
		/* The handle stays open: the function is used until exit. */
	}
	if (!c->demangle)
		return name;
	d = c->demangle(name, NULL, NULL, &status);
	if (!d || status)
		return name;
	/* Rust legacy symbols end in "::h" and 16 hex digits of hash. */
	len = strlen(d);
	if (len > 19 && !strncmp(d + len - 19, "::h", 3) &&
	    strspn(d + len - 16, "0123456789abcdef") == 16)
		d[len - 19] = '\0';
	r = intern(c, d);
	free(d);
	return r;
}

static const char *die_name(Dwarf_Die *die, bool want_linkage)
{
	Dwarf_Attribute attr;
	const char *name = NULL;

	if (want_linkage) {
		if (dwarf_attr_integrate(die, DW_AT_linkage_name, &attr) ||
		    dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &attr))
			name = dwarf_formstring(&attr);
	}
	if (!name)
		name = dwarf_diename(die);
	if (!name && dwarf_attr_integrate(die, DW_AT_name, &attr))
		name = dwarf_formstring(&attr);
	return name;
}

static const char *call_file(Dwarf_Die *cudie, Dwarf_Die *die, int *line)
{
	Dwarf_Attribute attr;
	Dwarf_Word idx, ln;
	Dwarf_Files *files;
	size_t nfiles;

	*line = 0;
	if (dwarf_attr(die, DW_AT_call_line, &attr) && !dwarf_formudata(&attr, &ln))
		*line = (int)ln;
	if (!dwarf_attr(die, DW_AT_call_file, &attr) || dwarf_formudata(&attr, &idx))
		return NULL;
	if (dwarf_getsrcfiles(cudie, &files, &nfiles) || idx >= nfiles)
		return NULL;
	return dwarf_filesrc(files, idx, NULL, NULL);
}

static void src_of(struct symfile *f, uint64_t addr, const char **file, int *line)
{
	Dwfl_Line *l = dwfl_module_getsrc(f->mod, addr);
	const char *s;

	*file = NULL;
	*line = 0;
	if (!l)
		return;
	s = dwfl_lineinfo(l, NULL, line, NULL, NULL, NULL);
	*file = intern(f->cache, s);
}

static int lookup_uncached(struct symfile *f, uint64_t addr, struct symframe *out, int max,
			   unsigned flags)
{
	GElf_Off off = 0;
	GElf_Sym sym;
	const char *name;
	int nr = 0, i;

	if (max <= 0)
		return 0;
	name = dwfl_module_addrinfo(f->mod, addr, &off, &sym, NULL, NULL, NULL);
	if (flags & SYM_INLINE) {
		const char *cfile[64];
		int cline[64];
		int lim = max < 64 ? max : 64;

		/*
		 * Each inlined_subroutine scope gives its call site in the caller;
		 * frame i's line is the line table's for the innermost and the
		 * call site of scope i-1 for the others, as addr2line -i prints.
		 */
		{
			Dwarf_Addr bias;
			Dwarf_Die *cudie = dwfl_module_addrdie(f->mod, addr, &bias);
			Dwarf_Die *scopes = NULL;
			int n = cudie ? dwarf_getscopes(cudie, addr - bias, &scopes) : 0;

			for (i = 0; i < n && nr < lim - 1; i++) {
				Dwarf_Die origin, *d = &scopes[i];
				Dwarf_Attribute attr;

				if (dwarf_tag(d) == DW_TAG_subprogram)
					break;
				if (dwarf_tag(d) != DW_TAG_inlined_subroutine)
					continue;
				if (dwarf_attr(d, DW_AT_abstract_origin, &attr) &&
				    dwarf_formref_die(&attr, &origin))
					d = &origin;
				out[nr].name = die_name(d, flags & SYM_DEMANGLE);
				if (flags & SYM_DEMANGLE)
					out[nr].name = demangle(f->cache, out[nr].name);
				out[nr].name = intern(f->cache, out[nr].name ? out[nr].name : "??");
				out[nr].sym_offset = 0;
				out[nr].inlined = true;
				cfile[nr] = call_file(cudie, &scopes[i], &cline[nr]);
				if (cfile[nr])
					cfile[nr] = intern(f->cache, cfile[nr]);
				nr++;
			}
			free(scopes);
		}
		if (flags & SYM_SRCLINE) {
			const char *file;
			int line;

			src_of(f, addr, &file, &line);
			for (i = 0; i < nr; i++) {
				out[i].srcfile = i ? cfile[i - 1] : file;
				out[i].srcline = i ? cline[i - 1] : line;
			}
			out[nr].srcfile = nr ? cfile[nr - 1] : file;
			out[nr].srcline = nr ? cline[nr - 1] : line;
		} else {
			for (i = 0; i <= nr; i++) {
				out[i].srcfile = NULL;
				out[i].srcline = 0;
			}
		}
	} else {
		out[0].srcfile = NULL;
		out[0].srcline = 0;
		if (flags & SYM_SRCLINE)
			src_of(f, addr, &out[0].srcfile, &out[0].srcline);
	}
	if (!name && !nr)
		return 0;
	/* "memcpy@@GLIBC_2.14": the symbol version is no part of the name. */
	if (name && strchr(name, '@')) {
		char *plain = xstrndup(name, strcspn(name, "@"));

		name = intern(f->cache, plain);
		free(plain);
	}
	if (name && (flags & SYM_DEMANGLE))
		name = demangle(f->cache, name);
	out[nr].name = name ? intern(f->cache, name) : NULL;
	out[nr].sym_offset = name ? off : 0;
	out[nr].inlined = false;
	return nr + 1;
}

#define ADDR_CACHE_MAX_FRAMES 64

static struct addr_entry *addr_slot(struct symfile *f, uint64_t addr, unsigned flags)
{
	size_t mask, i;

	if (f->naddrs * 2 >= f->addr_slots) {
		struct addr_entry *old = f->addrs;
		size_t n = f->addr_slots, j;

		f->addr_slots = n ? n * 2 : 256;
		f->addrs = xcalloc(f->addr_slots, sizeof(*f->addrs));
		mask = f->addr_slots - 1;
		for (j = 0; j < n; j++) {
			if (!old[j].used)
				continue;
			i = (size_t)hr_hash(&old[j].addr, sizeof(old[j].addr)) & mask;
			while (f->addrs[i].used)
				i = (i + 1) & mask;
			f->addrs[i] = old[j];
		}
		free(old);
	}
	mask = f->addr_slots - 1;
	i = (size_t)hr_hash(&addr, sizeof(addr)) & mask;
	while (f->addrs[i].used && !(f->addrs[i].addr == addr && f->addrs[i].flags == flags))
		i = (i + 1) & mask;
	return &f->addrs[i];
}

int symfile_lookup(struct symfile *f, uint64_t addr, struct symframe *out, int max,
		   unsigned flags)
{
	struct symframe tmp[ADDR_CACHE_MAX_FRAMES];
	struct addr_entry *e;
	int n;

	if (max <= 0 || !f->mod)
		return 0;
	e = addr_slot(f, addr, flags);
	if (!e->used) {
		n = lookup_uncached(f, addr, tmp, ADDR_CACHE_MAX_FRAMES, flags);
		e->used = true;
		e->addr = addr;
		e->flags = flags;
		e->nframes = n;
		e->frames = n ? xmemdup(tmp, n * sizeof(*tmp)) : NULL;
		f->naddrs++;
	}
	n = e->nframes;
	if (n > max) {
		/* Keep the real function, which is last, and the innermost inlines. */
		memcpy(out, e->frames, (max - 1) * sizeof(*out));
		out[max - 1] = e->frames[n - 1];
		return max;
	}
	if (n)
		memcpy(out, e->frames, n * sizeof(*out));
	return n;
}

bool elf_symbol_value(struct Elf *elf, const char *name, bool dynsym, uint64_t *value)
{
	Elf_Scn *scn = NULL;

	while (elf && (scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;
		size_t i, count;

		if (!gelf_getshdr(scn, &sh) || !sh.sh_entsize ||
		    (sh.sh_type != SHT_SYMTAB && !(dynsym && sh.sh_type == SHT_DYNSYM)))
			continue;
		data = elf_getdata(scn, NULL);
		count = sh.sh_size / sh.sh_entsize;
		for (i = 0; data && i < count; i++) {
			GElf_Sym sym;
			const char *s;

			if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
				continue;
			s = elf_strptr(elf, sh.sh_link, sym.st_name);
			if (s && !strcmp(s, name)) {
				*value = sym.st_value;
				return true;
			}
		}
	}
	return false;
}
