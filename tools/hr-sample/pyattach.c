// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Finding CPython in a process: the file that holds the interpreter
 * (libpython3.X or the executable), its _PyRuntime, its version and its
 * main interpreter state.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "python.h"

struct elf_syms {
	uint64_t runtime, version, code_type;	/* ELF virtual addresses, 0 if absent */
	uint64_t first_load;			/* vaddr of the first PT_LOAD, page aligned */
	bool needs_libpython;
};

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static void scan_symbols(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, struct elf_syms *out)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, n;

	if (!d || !sh->sh_entsize)
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Sym s;
		const char *name;

		if (!gelf_getsym(d, (int)i, &s) || s.st_shndx == SHN_UNDEF || !s.st_value)
			continue;
		name = elf_strptr(e, sh->sh_link, s.st_name);
		if (!name || (name[0] != '_' && name[0] != 'P'))
			continue;
		if (!out->runtime && !strcmp(name, "_PyRuntime"))
			out->runtime = s.st_value;
		else if (!out->version && !strcmp(name, "Py_Version"))
			out->version = s.st_value;
		else if (!out->code_type && !strcmp(name, "PyCode_Type"))
			out->code_type = s.st_value;
	}
}

static void scan_dynamic(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh, struct elf_syms *out)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, n;

	if (!d || !sh->sh_entsize)
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Dyn dyn;
		const char *name;

		if (!gelf_getdyn(d, (int)i, &dyn) || dyn.d_tag != DT_NEEDED)
			continue;
		name = elf_strptr(e, sh->sh_link, dyn.d_un.d_val);
		if (name && has_prefix(name, "libpython3."))
			out->needs_libpython = true;
	}
}

/* The symbols and load address of the ELF file at path; -1 if unreadable. */
static int read_elf(const char *path, struct elf_syms *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	Elf_Scn *scn = NULL;
	size_t i, phnum;
	Elf *e;

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF || elf_getphdrnum(e, &phnum)) {
		if (e)
			elf_end(e);
		close(fd);
		return -1;
	}
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD) {
			out->first_load = ph.p_vaddr - ph.p_offset;
			break;
		}
	}
	/* .dynsym first: it survives stripping; .symtab may add the rest. */
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;

		if (!gelf_getshdr(scn, &sh))
			continue;
		if (sh.sh_type == SHT_DYNSYM)
			scan_symbols(e, scn, &sh, out);
		else if (sh.sh_type == SHT_DYNAMIC)
			scan_dynamic(e, scn, &sh, out);
	}
	while (!(out->runtime && out->code_type) && (scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
			scan_symbols(e, scn, &sh, out);
	}
	elf_end(e);
	close(fd);
	return 0;
}

bool py_binary_is_python(const char *path)
{
	struct elf_syms s;

	return !read_elf(path, &s) && (s.runtime || s.needs_libpython);
}

/* 3.N from a file name: libpython3.N.so... or python3.N; 0 if neither. */
static int minor_from_name(const char *path)
{
	const char *b = strrchr(path, '/');
	int major, minor;

	b = b ? b + 1 : path;
	if ((sscanf(b, "libpython%d.%d", &major, &minor) == 2 ||
	     sscanf(b, "python%d.%d", &major, &minor) == 2) && major == 3)
		return minor;
	return 0;
}

/*
 * The mapping that holds the interpreter: the lowest offset-0 mapping of
 * libpython3.X, else of the executable. Returns its start, 0 if none.
 */
static uint64_t find_mapping(pid_t pid, char *path, size_t len)
{
	char maps[64], exe[64], exe_path[4096], line[4096 + 128];
	uint64_t best = 0;
	bool best_lib = false;
	ssize_t n;
	FILE *f;

	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
	n = readlink(exe, exe_path, sizeof(exe_path) - 1);
	exe_path[n > 0 ? n : 0] = '\0';
	snprintf(maps, sizeof(maps), "/proc/%d/maps", (int)pid);
	f = fopen(maps, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, off;
		char file[4096];
		const char *b;
		bool lib;

		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %4095[^\n]", &start, &end, &off,
			   file) != 4 || off != 0 || file[0] != '/')
			continue;
		b = strrchr(file, '/') + 1;
		lib = has_prefix(b, "libpython3.");
		if (!lib && strcmp(file, exe_path))
			continue;
		if (!best || (lib && !best_lib) || (lib == best_lib && start < best)) {
			best = start;
			best_lib = lib;
			snprintf(path, len, "%s", file);
		}
	}
	fclose(f);
	return best;
}

static int read_u32(pid_t pid, uint64_t addr, uint32_t *v)
{
	struct py_remote r;
	int ret;

	py_remote_init(&r, pid);
	ret = py_remote_read(&r, addr, v, sizeof(*v));
	py_remote_release(&r);
	return ret;
}

/* The version: Py_Version (3.11+), else the file's name. */
static void find_version(pid_t pid, const struct elf_syms *s, uint64_t bias, const char *path,
			 struct py_interp *in)
{
	uint32_t v;

	in->major = 3;
	in->minor = minor_from_name(path);
	if (s->version && !read_u32(pid, bias + s->version, &v) && (v >> 24) == 3) {
		in->minor = (int)((v >> 16) & 0xff);
		in->micro = (int)((v >> 8) & 0xff);
	}
}

/* 3.13+: the layout from the interpreter's _Py_DebugOffsets. */
static enum py_attach_result use_debug_offsets(pid_t pid, struct py_interp *in, char *why,
					       size_t whylen)
{
	unsigned char d[8 + 8 * 80];
	struct py_remote r;
	const char *reason;
	uint32_t version;
	int ret;

	py_remote_init(&r, pid);
	ret = py_remote_read(&r, in->runtime, d, sizeof(d));
	py_remote_release(&r);
	if (ret) {
		snprintf(why, whylen, "cannot read _PyRuntime of Python 3.%d", in->minor);
		return PY_FAILED;
	}
	if (py_offsets_from_debug(&in->off, py_offsets_for(in->minor), d, sizeof(d), &version,
				  &reason)) {
		snprintf(why, whylen, "Python 3.%d: %s", in->minor, reason);
		return PY_FAILED;
	}
	in->micro = (int)((version >> 8) & 0xff);
	return PY_ATTACHED;
}

/* The main interpreter, checked: its first thread state points back to it. */
static enum py_attach_result find_interp(pid_t pid, struct py_interp *in, char *why,
					 size_t whylen)
{
	const struct py_offsets *o = &in->off;
	struct py_remote r;
	struct py_mem m = { py_remote_read, &r };
	uint64_t ts, back;
	enum py_attach_result res = PY_ATTACHED;

	py_remote_init(&r, pid);
	if (py_remote_read(&r, in->runtime + (uint64_t)o->rt_interp_head, &in->interp, 8)) {
		snprintf(why, whylen, "cannot read _PyRuntime");
		res = PY_FAILED;
	} else if (!in->interp) {
		snprintf(why, whylen, "the interpreter is not initialised yet");
		res = PY_NOT_READY;
	} else if (py_remote_read(&r, in->interp + (uint64_t)o->is_threads_head, &ts, 8) ||
		   (ts && (m.read(m.ctx, ts + (uint64_t)o->ts_interp, &back, 8) || back != in->interp))) {
		snprintf(why, whylen, "Python 3.%d: its interpreter state does not read as expected",
			 in->minor);
		res = PY_FAILED;
	}
	py_remote_release(&r);
	return res;
}

enum py_attach_result py_attach(pid_t pid, struct py_interp *in, char *why, size_t whylen)
{
	char path[4096], open_path[4200];
	const struct py_offsets *row;
	struct elf_syms s;
	uint64_t start, bias;
	int lo, hi;

	memset(in, 0, sizeof(*in));
	start = find_mapping(pid, path, sizeof(path));
	if (!start) {
		snprintf(why, whylen, "no Python interpreter in the process");
		return PY_NOT_PYTHON;
	}
	snprintf(in->binary, sizeof(in->binary), "%.*s", (int)sizeof(in->binary) - 1, path);
	/* Through the process's root, as it sees its files (containers). */
	snprintf(open_path, sizeof(open_path), "/proc/%d/root%s", (int)pid, path);
	if (read_elf(open_path, &s) && read_elf(path, &s)) {
		snprintf(why, whylen, "cannot read '%s'", path);
		return PY_FAILED;
	}
	if (!s.runtime) {
		snprintf(why, whylen, "no Python interpreter in the process");
		return s.needs_libpython ? PY_NOT_READY : PY_NOT_PYTHON;
	}
	bias = start - s.first_load;
	in->runtime = bias + s.runtime;
	in->code_type = s.code_type ? bias + s.code_type : 0;
	find_version(pid, &s, bias, path, in);
	row = py_offsets_for(in->minor);
	if (!in->minor || !row) {
		py_offsets_range(&lo, &hi);
		if (in->minor)
			snprintf(why, whylen, "Python 3.%d is not supported (3.%d to 3.%d are)",
				 in->minor, lo, hi);
		else
			snprintf(why, whylen, "cannot tell the version of the Python in '%s'", path);
		return PY_UNSUPPORTED;
	}
	in->off = *row;
	if (in->minor >= 13) {
		enum py_attach_result r = use_debug_offsets(pid, in, why, whylen);

		if (r != PY_ATTACHED)
			return r;
	}
	return find_interp(pid, in, why, whylen);
}
