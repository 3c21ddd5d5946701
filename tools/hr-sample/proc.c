// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The sampled processes as hr-sample sees them: threads and their names,
 * memory mappings from /proc/PID/maps and later perf MMAP2/COMM/FORK/EXIT
 * records, the binaries behind them (shared by device and inode, so that a
 * libc mapped by a hundred processes is read once) and JIT symbol maps.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "headroom/alloc.h"
#include "headroom/cli.h"
#include "headroom/error.h"
#include "headroom/progress.h"
#include "headroom/stackmap.h"
#include "ehframe.h"
#include "sample.h"

#define NBUCKETS 1024

/* The nodes of the tables keyed by pid or tid start with the chain and the key. */
struct idnode { struct idnode *next; pid_t id; };
struct pnode { struct idnode h; struct process p; };
struct tnode { struct idnode h; struct thread t; };
struct bnode { struct bnode *next; uint64_t dev, ino; char *key; struct binary b; };

struct world {
	struct idnode *procs[NBUCKETS];
	struct idnode *threads[NBUCKETS];
	struct bnode *bins[NBUCKETS];
	size_t nthreads, nbins;
	struct symcache *syms;
	int vdso_fd;
	struct binary *vdso;
};

struct world *world_new(struct symcache *syms, unsigned symflags)
{
	struct world *w = xcalloc(1, sizeof(*w));

	(void)symflags;
	w->syms = syms;
	w->vdso_fd = -1;
	return w;
}

static void binary_release(struct binary *b)
{
	if (b->data)
		munmap(b->data, b->size);
	ehframe_release(b);
	free(b->path);
	free(b->open_path);
}

static void process_release(struct process *p)
{
	size_t i;

	for (i = 0; i < p->nmaps; i++)
		free(p->maps[i].name);
	free(p->maps);
	jitmap_free(p->jit, p->njit);
	if (p->as)
		unwind_free_space(p->as);
	free(p->root);
	free(p->cgroup);
}

/* The cgroup v2 line "0::/path" of /proc/PID/cgroup; else the first v1 one's path. */
const char *process_cgroup(struct process *p)
{
	char path[64], line[4096];
	FILE *f;

	if (p->cgroup)
		return p->cgroup;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)p->pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *c = strchr(line, ':'), *v = c ? strchr(c + 1, ':') : NULL;

		if (!v)
			continue;
		v[1 + strcspn(v + 1, "\n")] = '\0';
		if (!p->cgroup || !strncmp(line, "0::", 3)) {
			free(p->cgroup);
			p->cgroup = xstrdup(v + 1);
		}
	}
	if (f)
		fclose(f);
	if (!p->cgroup)
		p->cgroup = xstrdup("");
	return p->cgroup;
}

void world_free(struct world *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < NBUCKETS; i++) {
		struct idnode *n, *next;
		struct bnode *bn, *bnext;

		for (n = w->procs[i]; n; n = next) {
			next = n->next;
			process_release(&((struct pnode *)n)->p);
			free(n);
		}
		for (n = w->threads[i]; n; n = next) {
			next = n->next;
			free(n);
		}
		for (bn = w->bins[i]; bn; bn = bnext) {
			bnext = bn->next;
			binary_release(&bn->b);
			free(bn->key);
			free(bn);
		}
	}
	if (w->vdso_fd >= 0)
		close(w->vdso_fd);
	free(w);
}

static struct idnode *id_find(struct idnode *const *table, pid_t id)
{
	struct idnode *n;

	for (n = table[(unsigned)id % NBUCKETS]; n; n = n->next)
		if (n->id == id)
			return n;
	return NULL;
}

/* A new zeroed node of size bytes for id, put in its bucket of table. */
static struct idnode *id_add(struct idnode **table, pid_t id, size_t size)
{
	struct idnode **head = &table[(unsigned)id % NBUCKETS];
	struct idnode *n = xcalloc(1, size);

	n->id = id;
	n->next = *head;
	*head = n;
	return n;
}

struct process *world_process(struct world *w, pid_t pid, bool create)
{
	struct pnode *n = (struct pnode *)id_find(w->procs, pid);

	if (n || !create)
		return n ? &n->p : NULL;
	n = (struct pnode *)id_add(w->procs, pid, sizeof(*n));
	n->p.pid = pid;
	n->p.root = xasprintf("/proc/%d/root", (int)pid);
	n->p.as = unwind_new_space();
	return &n->p;
}

static struct thread *add_thread(struct world *w, pid_t tid)
{
	struct tnode *n = (struct tnode *)id_add(w->threads, tid, sizeof(*n));

	n->t.tid = tid;
	w->nthreads++;
	return &n->t;
}

static void read_comm(pid_t pid, pid_t tid, char *comm)
{
	char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	f = fopen(path, "r");
	comm[0] = '\0';
	if (f) {
		if (fgets(comm, 17, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
}

struct thread *world_thread(struct world *w, pid_t pid, pid_t tid)
{
	struct tnode *n = (struct tnode *)id_find(w->threads, tid);
	struct thread *t;

	if (n)
		return &n->t;
	t = add_thread(w, tid);
	t->pid = pid;
	/* A thread first met in a sample: ask /proc, else name it by number. */
	read_comm(pid, tid, t->comm);
	if (!t->comm[0])
		snprintf(t->comm, sizeof(t->comm), ":%d", (int)tid);
	return t;
}

size_t world_nthreads(const struct world *w)
{
	return w->nthreads;
}

size_t world_nbinaries(const struct world *w)
{
	return w->nbins;
}

void world_for_each_binary(struct world *w, void (*fn)(struct binary *, void *), void *data)
{
	size_t i;
	struct bnode *n;

	for (i = 0; i < NBUCKETS; i++)
		for (n = w->bins[i]; n; n = n->next)
			fn(&n->b, data);
}

/*
 * Opens the binary's file. Its path usually goes through /proc/PID (the
 * process's root, or map_files), which is gone once the process has exited;
 * and a binary is opened at the first sample that needs it, which a sampler
 * that falls behind (a loaded machine) may read after a short-lived process
 * has ended. Then the path as this process sees it serves, when it is the
 * same file: the inode that find_file() checked.
 */
static int open_binary(struct binary *b, struct stat *st)
{
	int fd = open(b->open_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 && !b->deleted && b->path[0] == '/' &&
	    strcmp(b->open_path, b->path)) {
		fd = open(b->path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 && (fstat(fd, st) || (b->ino && st->st_ino != b->ino))) {
			close(fd);
			return -1;
		}
		if (fd >= 0) {
			free(b->open_path);
			b->open_path = xstrdup(b->path);
		}
	}
	if (fd >= 0 && fstat(fd, st)) {
		close(fd);
		return -1;
	}
	return fd;
}

bool binary_load(struct world *w, struct binary *b)
{
	struct stat st;
	void *m;
	int fd;

	if (b->tried)
		return b->data != NULL;
	b->tried = true;
	fd = open_binary(b, &st);
	if (fd < 0)
		return false;
	if (st.st_size <= 0) {
		close(fd);
		return false;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return false;
	b->data = m;
	b->size = (size_t)st.st_size;
	ehframe_load(b);
	b->sym = symcache_open(w->syms, b->open_path, NULL);
	return true;
}

bool mapping_elf_addr(const struct mapping *m, uint64_t addr, uint64_t *elf_addr)
{
	const struct binary *b = m->bin;
	uint64_t off = addr - m->start + m->pgoff;
	size_t i;

	if (!b)
		return false;
	for (i = 0; i < b->nsegs; i++) {
		if (off >= b->segs[i].offset && off - b->segs[i].offset < b->segs[i].filesz) {
			*elf_addr = b->segs[i].vaddr + (off - b->segs[i].offset);
			return true;
		}
	}
	return false;
}

/*
 * The vDSO is not a file: dump this process's copy (the kernel maps the same
 * image into every process) into a memfd that libdw and the unwinder read.
 */
static struct binary *vdso_binary(struct world *w)
{
	struct bnode *n;
	uint64_t base = getauxval(AT_SYSINFO_EHDR);
	FILE *f;
	char line[512];
	uint64_t start = 0, end = 0;

	if (w->vdso)
		return w->vdso;
	n = xcalloc(1, sizeof(*n));
	n->key = xstrdup("[vdso]");
	n->b.path = xstrdup("[vdso]");
	n->b.name = "[vdso]";
	n->next = w->bins[0];
	w->bins[0] = n;
	n->b.id = ++w->nbins;
	w->vdso = &n->b;
	n->b.tried = true;
	f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (strstr(line, "[vdso]") &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64, &start, &end) == 2)
			break;
		start = end = 0;
	}
	if (f)
		fclose(f);
	if (!base || start != base || end <= start)
		return w->vdso;
	w->vdso_fd = memfd_create("vdso", MFD_CLOEXEC);
	if (w->vdso_fd < 0 || write(w->vdso_fd, (const void *)(uintptr_t)start, end - start) !=
	    (ssize_t)(end - start))
		return w->vdso;
	n->b.open_path = xasprintf("/proc/self/fd/%d", w->vdso_fd);
	n->b.tried = false;
	binary_load(w, &n->b);
	return w->vdso;
}

/*
 * Where to open a mapped file. /proc/PID/maps names it as the reader sees
 * it when the reader can reach it (a chroot shows the host path), else as
 * the process sees it (a container's mount namespace): so the process's
 * root and the plain path are both tried, and the right one is the one with
 * the mapping's inode. A deleted or replaced file, or one reachable by
 * neither, is still there through /proc/PID/map_files.
 */
static char *find_file(struct process *p, uint64_t start, uint64_t end, uint64_t dev,
		       uint64_t ino, const char *path, bool deleted)
{
	char *cand[3];
	struct stat st;
	size_t i, n = 0;
	char *found = NULL;

	(void)dev;	/* device numbers of overlay mounts differ; the inode decides */
	if (!deleted) {
		cand[n++] = xasprintf("%s%s", p->root, path);
		cand[n++] = xstrdup(path);
	}
	cand[n++] = xasprintf("/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)p->pid, start, end);
	for (i = 0; i < n && !found; i++) {
		if (stat(cand[i], &st))
			continue;
		if (!ino || st.st_ino == ino)
			found = cand[i];
	}
	for (i = 0; i < n; i++)
		if (cand[i] != found)
			free(cand[i]);
	/* Nothing matches: the process's view, for the error counts. */
	return found ? found : xasprintf("%s%s", p->root, path);
}

static struct binary *get_binary(struct world *w, struct process *p, uint64_t start,
				 uint64_t end, uint64_t dev, uint64_t ino, const char *path)
{
	struct bnode *n, **head;
	size_t len = strlen(path);
	bool deleted = len > 10 && !strcmp(path + len - 10, " (deleted)");
	char *key;

	if (!strcmp(path, "[vdso]"))
		return vdso_binary(w);
	/* Anonymous executable memory (JIT code): "//anon", memfds, /dev/zero. */
	if (path[0] != '/' || !strcmp(path, "//anon") || !strncmp(path, "/memfd:", 7) ||
	    !strncmp(path, "/dev/zero", 9) || !strncmp(path, "/SYSV", 5))
		return NULL;
	/*
	 * Same device and inode is the same file, whatever the process calls
	 * it; without them (dev 0) the path in the process's root decides.
	 */
	if (ino)
		key = xasprintf("%" PRIx64 ":%" PRIu64, dev, ino);
	else
		key = xasprintf("%s%s", p->root, path);
	head = &w->bins[hr_hash(key, strlen(key)) % NBUCKETS];
	for (n = *head; n; n = n->next) {
		if (!strcmp(n->key, key)) {
			free(key);
			return &n->b;
		}
	}
	n = xcalloc(1, sizeof(*n));
	n->key = key;
	n->dev = dev;
	n->ino = ino;
	n->b.path = deleted ? xstrndup(path, len - 10) : xstrdup(path);
	n->b.name = strrchr(n->b.path, '/') + 1;
	n->b.open_path = find_file(p, start, end, dev, ino, n->b.path, deleted);
	n->b.ino = ino;
	n->b.deleted = deleted;
	n->b.id = ++w->nbins;
	n->next = *head;
	*head = n;
	return &n->b;
}

static int map_cmp(const void *a, const void *b)
{
	const struct mapping *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void add_mapping(struct world *w, struct process *p, uint64_t start, uint64_t end,
			uint64_t pgoff, bool exec, uint64_t dev, uint64_t ino, const char *path)
{
	struct mapping m = { .start = start, .end = end, .pgoff = pgoff, .exec = exec };
	struct mapping *old = p->maps;
	size_t i, nold = p->nmaps;

	if (end <= start)
		return;
	if (path && *path) {
		m.bin = get_binary(w, p, start, end, dev, ino, path);
		if (!m.bin)
			m.name = xstrdup(path);
	}
	/* The new mapping replaces whatever it overlaps, as mmap(MAP_FIXED) does. */
	p->maps = NULL;
	p->nmaps = p->amaps = 0;
	ALLOC_GROW(p->maps, nold + 2, p->amaps);
	for (i = 0; i < nold; i++) {
		struct mapping o = old[i];

		if (o.end <= start || o.start >= end) {
			p->maps[p->nmaps++] = o;
			continue;
		}
		if (o.start < start) {
			struct mapping head = o;

			head.end = start;
			head.name = o.name ? xstrdup(o.name) : NULL;
			ALLOC_GROW(p->maps, p->nmaps + 2, p->amaps);
			p->maps[p->nmaps++] = head;
		}
		if (o.end > end) {
			struct mapping tail = o;

			tail.pgoff += end - o.start;
			tail.start = end;
			tail.name = o.name ? xstrdup(o.name) : NULL;
			ALLOC_GROW(p->maps, p->nmaps + 2, p->amaps);
			p->maps[p->nmaps++] = tail;
		}
		free(o.name);
	}
	free(old);
	ALLOC_GROW(p->maps, p->nmaps + 1, p->amaps);
	p->maps[p->nmaps++] = m;
	qsort(p->maps, p->nmaps, sizeof(*p->maps), map_cmp);
}

struct mapping *process_find_map(struct process *p, uint64_t addr)
{
	size_t lo = 0, hi = p->nmaps;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (addr < p->maps[mid].start)
			hi = mid;
		else if (addr >= p->maps[mid].end)
			lo = mid + 1;
		else
			return &p->maps[mid];
	}
	return NULL;
}

void world_load_process(struct world *w, pid_t pid)
{
	struct process *p = world_process(w, pid, true);
	char path[64], line[4096];
	FILE *f;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		uint64_t start, end, pgoff, ino;
		unsigned maj, min;
		char perms[8];
		int off = 0;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %x:%x %" SCNu64 " %n",
			   &start, &end, perms, &pgoff, &maj, &min, &ino, &off) < 7)
			continue;
		add_mapping(w, p, start, end, pgoff, perms[2] == 'x',
			    ((uint64_t)maj << 32) | min, ino, off ? line + off : "");
	}
	if (f)
		fclose(f);
}

void world_mmap(struct world *w, pid_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		uint32_t prot, const char *filename)
{
	struct process *p = world_process(w, pid, true);

	(void)prot;
	add_mapping(w, p, start, start + len, pgoff, true, 0, 0, filename);
	unwind_flush(p->as);
}

void world_mmap2(struct world *w, pid_t pid, uint64_t start, uint64_t len, uint64_t pgoff,
		 uint32_t maj, uint32_t min, uint64_t ino, uint32_t prot, const char *filename)
{
	struct process *p = world_process(w, pid, true);

	add_mapping(w, p, start, start + len, pgoff, prot & PROT_EXEC,
		    ((uint64_t)maj << 32) | min, ino, filename);
	unwind_flush(p->as);
}

void world_comm(struct world *w, pid_t pid, pid_t tid, const char *comm, bool exec)
{
	struct thread *t = world_thread(w, pid, tid);

	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	if (exec) {
		/* A new program image: the old mappings are gone. */
		struct process *p = world_process(w, pid, true);
		size_t i;

		for (i = 0; i < p->nmaps; i++)
			free(p->maps[i].name);
		p->nmaps = 0;
		unwind_flush(p->as);
	}
}

void world_fork(struct world *w, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid)
{
	struct thread *parent = world_thread(w, ppid, ptid), *t;
	struct tnode *n;
	char comm[17];

	memcpy(comm, parent->comm, sizeof(comm));
	n = (struct tnode *)id_find(w->threads, tid);
	t = n ? &n->t : add_thread(w, tid);
	t->pid = pid;
	memcpy(t->comm, comm, sizeof(comm));
	if (pid != ppid) {
		/* A new process starts with a copy of its parent's mappings. */
		struct process *pp = world_process(w, ppid, false);
		struct process *p = world_process(w, pid, true);
		size_t i;

		for (i = 0; i < p->nmaps; i++)
			free(p->maps[i].name);
		p->nmaps = 0;
		if (pp) {
			ALLOC_GROW(p->maps, pp->nmaps, p->amaps);
			for (i = 0; i < pp->nmaps; i++) {
				p->maps[i] = pp->maps[i];
				p->maps[i].name = pp->maps[i].name ? xstrdup(pp->maps[i].name) : NULL;
			}
			p->nmaps = pp->nmaps;
		} else {
			world_load_process(w, pid);
		}
	}
}

void world_exit(struct world *w, pid_t pid, pid_t tid)
{
	struct process *p = world_process(w, pid, false);

	if (p && pid == tid)
		p->exited = true;
}

/*
 * /tmp/perf-PID.map, written by JITs (V8, the JVM with perf-map-agent,
 * LuaJIT, Python 3.12's perf trampoline): "START SIZE name" in hex. It grows
 * while the program runs, so it is read again at most once a second. /tmp
 * is world-writable: the file must be a regular file (no symlink) owned by
 * root or by the process's own user, as perf requires.
 */
static void jit_load(struct process *p)
{
	char path[128];
	struct stat st, pst;
	char *buf;
	size_t len, bad, first_bad;
	double now = monotonic_seconds();
	int fd;

	/*
	 * Looked at every 50 ms at most, read again only when it changed: a
	 * sampler that handles each sample at once meets the map while the
	 * JIT is still writing it.
	 */
	if (p->jit_loaded && now - p->jit_mtime < 0.05)
		return;
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)p->pid);
	p->jit_loaded = true;
	p->jit_mtime = now;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	if (!fstat(fd, &st) && (uint64_t)st.st_size == p->jit_size &&
	    st.st_mtim.tv_sec == p->jit_file_mtime.tv_sec &&
	    st.st_mtim.tv_nsec == p->jit_file_mtime.tv_nsec) {
		close(fd);
		return;
	}
	p->jit_size = (uint64_t)st.st_size;
	p->jit_file_mtime = st.st_mtim;
	snprintf(path + 64, 64, "/proc/%d", (int)p->pid);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || stat(path + 64, &pst) ||
	    (st.st_uid != 0 && st.st_uid != pst.st_uid)) {
		close(fd);
		if (!p->jit_warned) {
			p->jit_warned = true;
			warning("%s: not a regular file owned by the process's user; ignored", path);
		}
		return;
	}
	close(fd);
	buf = read_file(path, &len);
	if (!buf)
		return;
	jitmap_free(p->jit, p->njit);
	p->jit = NULL;
	p->njit = p->ajit = 0;
	bad = jitmap_parse(buf, len, &p->jit, &p->njit, &p->ajit, &first_bad);
	if (bad && !p->jit_warned) {
		p->jit_warned = true;
		warning("%s:%zu: expected 'START SIZE name' in hex; %zu such lines ignored",
			path, first_bad, bad);
	}
	free(buf);
}

const char *process_jit_symbol(struct world *w, struct process *p, uint64_t addr)
{
	size_t lo;
	const char *found = NULL;

	(void)w;
	jit_load(p);
	/* Later entries win over earlier ones for the same address (re-JIT). */
	lo = addr_upper_bound(p->jit, p->njit, sizeof(*p->jit), offsetof(struct jit_sym, start),
			      addr);
	while (lo > 0) {
		lo--;
		if (addr < p->jit[lo].end) {
			found = p->jit[lo].name;
			break;
		}
		if (p->jit[lo].end + (1u << 20) < addr)
			break;
	}
	return found;
}
