// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A workload with a known call tree for hr-sample's fidelity tests, built
 * -O2 -g -fomit-frame-pointer so that only DWARF unwinding finds its stacks:
 *
 *   main -> run_phases -> phase_sort -> qsort (libc) -> compare_ints
 *                      -> phase_hash -> hash_block
 *   worker thread "wl-worker": worker_main -> spin_work -> spin_leaf
 *
 * The main thread alternates the two phases by its own CPU time, SORT_MS of
 * sorting then HASH_MS of hashing, so that 30% of its samples are in
 * phase_sort and 70% in phase_hash. Usage: sample-workload [SECONDS] [DEPTH]
 * (DEPTH > 0 adds that many frames of recursion above the phases);
 * SECONDS written "wN" does N rounds of fixed work instead (benchmarks);
 * "vS" spends S seconds calling clock_gettime through the vDSO, one thread.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define SORT_MS 3
#define HASH_MS 7
#define N 2048

static volatile uint64_t sink;
static volatile int stop;
static int values[N];

static double thread_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double wall_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noipa)) static int compare_ints(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	sink += (uint64_t)x;
	return (x > y) - (x < y);
}

__attribute__((noipa)) static void phase_sort(double ms)
{
	double end = thread_cpu_ms() + ms;
	uint32_t seed = 12345;
	int i;

	while (thread_cpu_ms() < end) {
		for (i = 0; i < N; i++) {
			seed = seed * 1103515245u + 12345u;
			values[i] = (int)(seed >> 8);
		}
		qsort(values, N, sizeof(values[0]), compare_ints);
	}
	sink += (uint64_t)values[0];
}

/* Inlined into hash_block: what hr-sample --inline shows as mix_[i]. */
static inline __attribute__((always_inline)) uint64_t mix(uint64_t h, int i)
{
	h = (h ^ (uint64_t)i) * 0x100000001b3ull;
	h ^= h >> 29;
	return h * 0xbf58476d1ce4e5b9ull;
}

__attribute__((noipa)) static uint64_t hash_block(uint64_t h, int rounds)
{
	int i;

	for (i = 0; i < rounds; i++)
		h = mix(h, i);
	return h;
}

__attribute__((noipa)) static void phase_hash(double ms)
{
	double end = thread_cpu_ms() + ms;
	uint64_t h = 0xcbf29ce484222325ull;

	while (thread_cpu_ms() < end)
		h = hash_block(h, 20000);
	sink += h;
}

static long fixed_rounds;	/* > 0: a fixed amount of work instead of a time */

__attribute__((noipa)) static void run_phases(double seconds)
{
	double end = wall_s() + seconds;
	long r;

	if (fixed_rounds > 0) {
		/* The same work whatever the machine's load: for overhead figures. */
		for (r = 0; r < fixed_rounds; r++) {
			uint64_t h = 1;
			int i;

			qsort(values, N, sizeof(values[0]), compare_ints);
			for (i = 0; i < N; i++)
				values[i] = (int)((uint32_t)(r * 2654435761u + (uint32_t)i * 40503u) >> 4);
			for (i = 0; i < 10; i++)
				h = hash_block(h, 20000);
			sink += h;
		}
		return;
	}
	while (wall_s() < end) {
		phase_sort(SORT_MS);
		phase_hash(HASH_MS);
	}
	sink += 1;
}

/* Recursion to make deep stacks: each level holds a 512-byte frame. */
__attribute__((noipa)) static void deep(int depth, double seconds)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth > 0)
		deep(depth - 1, seconds);
	else
		run_phases(seconds);
	sink += (uint64_t)pad[0];
}

__attribute__((noipa)) static uint64_t spin_leaf(uint64_t x)
{
	int i;

	for (i = 0; i < 50000; i++)
		x = x * 6364136223846793005ull + 1442695040888963407ull;
	return x;
}

__attribute__((noipa)) static void spin_work(void)
{
	uint64_t x = 1;

	while (!stop)
		x = spin_leaf(x);
	sink += x;
}

static void *worker_main(void *arg)
{
	(void)arg;
	spin_work();
	return NULL;
}

/* Time spent in the vDSO: clock_gettime(CLOCK_MONOTONIC) makes no syscall. */
__attribute__((noipa)) static void vdso_loop(double seconds)
{
	double end = wall_s() + seconds;

	while (wall_s() < end)
		sink++;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	int depth = argc > 2 ? atoi(argv[2]) : 0;
	pthread_t t;

	if (argc > 1 && argv[1][0] == 'w')
		fixed_rounds = atol(argv[1] + 1);
	if (argc > 1 && argv[1][0] == 'v') {
		vdso_loop(atof(argv[1] + 1));
		return 0;
	}

	if (pthread_create(&t, NULL, worker_main, NULL)) {
		perror("pthread_create");
		return 1;
	}
	pthread_setname_np(t, "wl-worker");
	if (depth > 0)
		deep(depth, seconds);
	else
		run_phases(seconds);
	if (fixed_rounds > 0) {
		/* The main thread's CPU time, user and system: what sampling costs it. */
		struct rusage ru;

		getrusage(RUSAGE_THREAD, &ru);
		fprintf(stderr, "main-thread-cpu %.6f\n",
			ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
			ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
	}
	stop = 1;
	pthread_join(t, NULL);
	printf("%llu\n", (unsigned long long)(sink & 1));
	return 0;
}
