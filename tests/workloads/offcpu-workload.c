// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Threads that block for designed shares of their time, for hr-sample
 * --off-cpu and --wall (built -O2 -g -fomit-frame-pointer: DWARF unwinding).
 * In periods of PERIOD_MS:
 *
 *   "oc-sleep"  works 3 ms, sleeps 12 ms in sleep_wait (nanosleep): 80 %
 *   "oc-pipe"   works 8 ms, waits ~12 ms in pipe_wait (read), for "oc-feed"
 *               which writes a byte at the start of each period: 60 %
 *   "oc-lock"   naps 1 ms into the period, then waits ~7 ms in lock_wait (a
 *               contended pthread mutex: futex) while "oc-hold" holds the
 *               mutex for the first 8 ms, then works 3 ms: 35 %
 *
 * so that sleep_wait, pipe_wait and lock_wait hold 80, 60 and 35 parts (46,
 * 34 and 20 %) of the time blocked in them. Each wait is also timed here,
 * since a busy machine stretches them: at the end the program prints
 * "wait NAME SECONDS" per wait function and "thread NAME TID SECONDS" (the
 * thread's lifetime) per thread. Usage: offcpu-workload [SECONDS]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PERIOD_MS 20

static double seconds = 2;
static double t_start;
static volatile uint64_t sink;
static int pipefd[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

enum { W_SLEEP, W_PIPE, W_LOCK, NWAITS };
static const char *const wait_names[NWAITS] = { "sleep_wait", "pipe_wait", "lock_wait" };
static double waited[NWAITS];

struct life { const char *name; pid_t tid; double secs; };
static struct life lives[5];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((noipa)) static void work(double ms)
{
	double end = cpu_ms() + ms;

	while (cpu_ms() < end)
		for (int i = 0; i < 2000; i++)
			sink = sink * 6364136223846793005ull + 1;
}

/* The start of period n, on CLOCK_MONOTONIC, for clock_nanosleep. */
static struct timespec period_start(long n)
{
	double t = t_start + n * PERIOD_MS / 1e3;
	struct timespec ts = { (time_t)t, (long)((t - (double)(time_t)t) * 1e9) };

	return ts;
}

static long periods(void)
{
	return (long)(seconds * 1e3 / PERIOD_MS);
}

__attribute__((noipa)) static void sleep_wait(double ms)
{
	struct timespec ts = { 0, (long)(ms * 1e6) };
	double t = now_s();

	nanosleep(&ts, NULL);
	waited[W_SLEEP] += now_s() - t;
}

__attribute__((noipa)) static int pipe_wait(void)
{
	char c;
	double t = now_s();
	ssize_t n = read(pipefd[0], &c, 1);

	waited[W_PIPE] += now_s() - t;
	return n == 1;
}

__attribute__((noipa)) static void lock_wait(void)
{
	double t = now_s();

	pthread_mutex_lock(&lock);
	waited[W_LOCK] += now_s() - t;
	pthread_mutex_unlock(&lock);
}

static void begin(int k, const char *name)
{
	pthread_setname_np(pthread_self(), name);
	lives[k].name = name;
	lives[k].tid = (pid_t)syscall(SYS_gettid);
	lives[k].secs = now_s();
}

static void end(int k)
{
	lives[k].secs = now_s() - lives[k].secs;
}

static void *sleeper(void *arg)
{
	double stop = t_start + seconds;

	(void)arg;
	begin(0, "oc-sleep");
	while (now_s() < stop) {
		work(3);
		sleep_wait(12);
	}
	end(0);
	return NULL;
}

static void *feeder(void *arg)
{
	(void)arg;
	begin(1, "oc-feed");
	for (long n = 1; n <= periods(); n++) {
		struct timespec ts = period_start(n);

		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (write(pipefd[1], "x", 1) != 1)
			break;
	}
	close(pipefd[1]);
	end(1);
	return NULL;
}

static void *piper(void *arg)
{
	(void)arg;
	begin(2, "oc-pipe");
	while (pipe_wait())
		work(8);
	end(2);
	return NULL;
}

/* Holds the mutex for the first 8 ms of each period, asleep. */
static void *holder(void *arg)
{
	(void)arg;
	begin(3, "oc-hold");
	for (long n = 1; n <= periods(); n++) {
		struct timespec ts = period_start(n), hold = { 0, 8000000 };

		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		pthread_mutex_lock(&lock);
		nanosleep(&hold, NULL);
		pthread_mutex_unlock(&lock);
	}
	end(3);
	return NULL;
}

/* Waits for the mutex the holder has taken, then works a little. */
static void *locker(void *arg)
{
	(void)arg;
	begin(4, "oc-lock");
	for (long n = 1; n <= periods(); n++) {
		struct timespec ts = period_start(n);

		ts.tv_nsec += 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		lock_wait();
		work(3);
	}
	end(4);
	return NULL;
}

int main(int argc, char **argv)
{
	void *(*const fns[])(void *) = { sleeper, feeder, piper, holder, locker };
	pthread_t th[5];
	int i;

	if (argc > 1)
		seconds = atof(argv[1]);
	if (seconds <= 0 || pipe(pipefd)) {
		fprintf(stderr, "usage: offcpu-workload [SECONDS]\n");
		return 2;
	}
	t_start = now_s();
	for (i = 0; i < 5; i++)
		pthread_create(&th[i], NULL, fns[i], NULL);
	for (i = 0; i < 5; i++)
		pthread_join(th[i], NULL);
	for (i = 0; i < NWAITS; i++)
		printf("wait %s %.6f\n", wait_names[i], waited[i]);
	for (i = 0; i < 5; i++)
		printf("thread %s %d %.6f\n", lives[i].name, (int)lives[i].tid, lives[i].secs);
	printf("thread offcpu-workload %d %.6f\n", (int)getpid(), now_s() - t_start);
	return 0;
}
