// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A stand-in for a JIT compiler: copies a spin loop into anonymous
 * executable memory, describes it in /tmp/perf-PID.map as JITs do for perf,
 * and runs it for SECONDS (default 2). Like real JITs it leaves the map in
 * place when it ends normally, since a profiler may read it after the
 * program has exited; $JIT_PID_FILE names a file that receives the PID, so
 * that the caller can remove the map. It removes the map when killed.
 * $JIT_MAP_EXTRA names a file copied into the map first.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static char map_path[64];

static void cleanup(int sig)
{
	unlink(map_path);
	if (sig)
		_exit(0);
}

int main(int argc, char **argv)
{
	/* mov ecx, 20000000; 1: dec ecx; jnz 1b; ret */
	static const unsigned char code[] = {
		0xb9, 0x00, 0x2d, 0x31, 0x01, 0xff, 0xc9, 0x75, 0xfc, 0xc3,
	};
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	struct timespec start, now;
	void (*fn)(void);
	unsigned char *mem;
	FILE *f;

	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memcpy(mem + 64, code, sizeof(code));
	snprintf(map_path, sizeof(map_path), "/tmp/perf-%d.map", (int)getpid());
	f = fopen(map_path, "w");
	if (!f) {
		perror(map_path);
		return 1;
	}
	/* $JIT_MAP_EXTRA: a file whose bytes go first (tests of bad maps). */
	if (getenv("JIT_MAP_EXTRA")) {
		FILE *x = fopen(getenv("JIT_MAP_EXTRA"), "r");
		static char buf[65536];	/* static: a 64 KiB frame would outgrow the stack copy */
		size_t n;

		while (x && (n = fread(buf, 1, sizeof(buf), x)) > 0)
			fwrite(buf, 1, n, f);
		if (x)
			fclose(x);
		fputc('\n', f);
	}
	fprintf(f, "%lx %zx jit_spin_loop\n", (unsigned long)(mem + 64), sizeof(code));
	fclose(f);
	if (getenv("JIT_PID_FILE")) {
		FILE *p = fopen(getenv("JIT_PID_FILE"), "w");

		if (p) {
			fprintf(p, "%d\n", (int)getpid());
			fclose(p);
		}
	}
	signal(SIGTERM, cleanup);
	signal(SIGINT, cleanup);
	fn = (void (*)(void))(void *)(mem + 64);
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		fn();
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (now.tv_sec - start.tv_sec + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
	return 0;
}
