// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Two threads passing a byte back and forth through two pipes, each round
 * trip two context switches, with fixed CPU work between: the target of
 * bench-offcpu.sh.
 *
 *   pingpong calibrate RATE   prints the work (spin iterations a round) for
 *                             RATE context switches a second, unsampled
 *   pingpong run WORK ROUNDS  prints "seconds S cpu C switches_per_s R": the
 *                             wall and CPU seconds (user and system, both
 *                             threads) of the rounds
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int ping[2], pong[2];
static volatile uint64_t sink;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noipa)) static void spin(long n)
{
	for (long i = 0; i < n; i++)
		sink = sink * 6364136223846793005ull + 1;
}

static void *ponger(void *arg)
{
	char c;

	(void)arg;
	while (read(ping[0], &c, 1) == 1)
		if (write(pong[1], &c, 1) != 1)
			break;
	return NULL;
}

/* Seconds for rounds round trips with work spins each. */
static double run(long work, long rounds)
{
	pthread_t th;
	double t;
	char c = 'x';

	if (pipe(ping) || pipe(pong))
		exit(2);
	pthread_create(&th, NULL, ponger, NULL);
	t = now_s();
	for (long i = 0; i < rounds; i++) {
		spin(work);
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
			exit(2);
	}
	t = now_s() - t;
	close(ping[1]);
	pthread_join(th, NULL);
	close(ping[0]);
	close(pong[0]);
	close(pong[1]);
	return t;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "calibrate")) {
		double rate = atof(argv[2]), round = 2 / rate, base, per_spin;

		/* a round with no work, and the time of a spin */
		base = run(0, 20000) / 20000;
		per_spin = run(1000000, 20) / 20 / 1000000 - base / 1000000;
		if (per_spin <= 0)
			per_spin = 1e-9;
		long work = round > base ? (long)((round - base) / per_spin) : 0;

		/* then correct by trial: a spin's time depends on the machine's load */
		for (int k = 0; k < 4 && work > 0; k++) {
			long rounds = (long)(0.3 / round) + 1;
			double got = run(work, rounds) / rounds;

			if (got > base)
				work = (long)(work * (round - base) / (got - base));
		}
		printf("%ld\n", work);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "run")) {
		long rounds = atol(argv[3]);
		double t = run(atol(argv[2]), rounds);
		struct rusage ru;

		getrusage(RUSAGE_SELF, &ru);
		printf("seconds %.6f cpu %.6f switches_per_s %.0f\n", t,
		       ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, 2 * rounds / t);
		return 0;
	}
	fprintf(stderr, "usage: pingpong calibrate RATE | pingpong run WORK ROUNDS\n");
	return 2;
}
