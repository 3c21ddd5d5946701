// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Threads that block for designed shares of their time, for hr-sample
 * --off-cpu and --wall (built -O2 -g -fomit-frame-pointer: DWARF unwinding).
 *
 *   "oc-sleep"  works 2 ms, sleeps 14 ms in sleep_wait (nanosleep): 87.5 %
 *   "oc-pipe"   works 8 ms, asks "oc-feed" for a byte and waits in pipe_wait
 *               (read) while the feeder sleeps 12 ms before it writes: 60 %
 *   "oc-lock"   works 6 ms, wakes "oc-hold", which takes a mutex and sleeps
 *               4 ms holding it, and waits in lock_wait (a contended pthread
 *               mutex: futex) for those 4 ms: 40 %
 *
 * so that sleep_wait, pipe_wait and lock_wait hold 87.5, 60 and 40 parts
 * (46, 32 and 21 %) of the time blocked in them. The helpers answer
 * requests rather than keep time, so that a busy machine, which stretches
 * the work, does not shorten the waits. Each wait is also timed here: at
 * the end the program prints "wait NAME SECONDS" per wait function and
 * "thread NAME TID SECONDS" (the thread's lifetime) per thread. Usage: offcpu-workload [SECONDS]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double seconds = 2;
static double t_stop;
static volatile uint64_t sink;
static int req_pipe[2], ans_pipe[2], go_pipe[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned held;		/* the holder's turns with the mutex */

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

static void sleep_ms(double ms)
{
	struct timespec ts = { 0, (long)(ms * 1e6) };

	nanosleep(&ts, NULL);
}

__attribute__((noipa)) static void sleep_wait(double ms)
{
	double t = now_s();

	sleep_ms(ms);
	waited[W_SLEEP] += now_s() - t;
}

__attribute__((noipa)) static int pipe_wait(void)
{
	char c;
	double t = now_s();
	ssize_t n = read(ans_pipe[0], &c, 1);

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
	(void)arg;
	begin(0, "oc-sleep");
	while (now_s() < t_stop) {
		work(2);
		sleep_wait(14);
	}
	end(0);
	return NULL;
}

/* Answers each request 12 ms later. */
static void *feeder(void *arg)
{
	char c;

	(void)arg;
	begin(1, "oc-feed");
	while (read(req_pipe[0], &c, 1) == 1) {
		sleep_ms(12);
		if (write(ans_pipe[1], "x", 1) != 1)
			break;
	}
	end(1);
	return NULL;
}

static void *piper(void *arg)
{
	(void)arg;
	begin(2, "oc-pipe");
	while (now_s() < t_stop) {
		work(8);
		if (write(req_pipe[1], "x", 1) != 1 || !pipe_wait())
			break;
	}
	close(req_pipe[1]);
	end(2);
	return NULL;
}

/* At each request, holds the mutex for 4 ms, asleep. */
static void *holder(void *arg)
{
	char c;

	(void)arg;
	begin(3, "oc-hold");
	while (read(go_pipe[0], &c, 1) == 1) {
		pthread_mutex_lock(&lock);
		__atomic_add_fetch(&held, 1, __ATOMIC_SEQ_CST);
		sleep_ms(4);
		pthread_mutex_unlock(&lock);
	}
	end(3);
	return NULL;
}

/* Works, then waits for the mutex once the holder has it. */
static void *locker(void *arg)
{
	unsigned turns = 0;

	(void)arg;
	begin(4, "oc-lock");
	while (now_s() < t_stop) {
		work(6);
		if (write(go_pipe[1], "x", 1) != 1)
			break;
		turns++;
		while (__atomic_load_n(&held, __ATOMIC_SEQ_CST) != turns)
			work(0.02);
		lock_wait();
	}
	close(go_pipe[1]);
	end(4);
	return NULL;
}

int main(int argc, char **argv)
{
	void *(*const fns[])(void *) = { sleeper, feeder, piper, holder, locker };
	pthread_t th[5];
	double t_start;
	int i;

	if (argc > 1)
		seconds = atof(argv[1]);
	if (seconds <= 0 || pipe(req_pipe) || pipe(ans_pipe) || pipe(go_pipe)) {
		fprintf(stderr, "usage: offcpu-workload [SECONDS]\n");
		return 2;
	}
	t_start = now_s();
	t_stop = t_start + seconds;
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
