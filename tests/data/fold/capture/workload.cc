// SPDX-License-Identifier: GPL-3.0-or-later
// A small program to profile for hr-fold's fixtures: two worker threads and
// the main thread spin in C++ code with templates, a namespace, an operator,
// inlined helpers and a system call, so that perf records user frames with
// spaces in their names, (inlined) frames and kernel frames.
#include <pthread.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace shapes {
template <typename T> struct Accumulator {
	std::vector<T> values;
	// always_inline: the (inlined) frames of perf script
	__attribute__((always_inline)) inline T mix(T x) const { return x * 31 + 7; }
	__attribute__((noinline)) T operator()(unsigned n)
	{
		T sum = 0;
		for (unsigned i = 0; i < n; i++)
			sum += mix(values[i % values.size()] + (T)i);
		return sum;
	}
};
} // namespace shapes

static volatile unsigned long sink;

__attribute__((noinline)) static void spin_long(unsigned rounds)
{
	shapes::Accumulator<unsigned long> acc;
	acc.values.assign(64, 3);
	for (unsigned r = 0; r < rounds; r++)
		sink = sink + acc(100000);
}

__attribute__((noinline)) static void spin_double(unsigned rounds)
{
	shapes::Accumulator<double> acc;
	acc.values.assign(64, 1.5);
	for (unsigned r = 0; r < rounds; r++)
		sink = sink + (unsigned long)acc(100000);
}

__attribute__((noinline)) static void syscalls(unsigned rounds)
{
	for (unsigned r = 0; r < rounds; r++)
		sink = sink + (unsigned long)getppid();
}

static void *worker(void *arg)
{
	unsigned rounds = (unsigned)(unsigned long)arg;
	spin_double(rounds);
	return nullptr;
}

int main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 300;
	pthread_t t1, t2;

	pthread_create(&t1, nullptr, worker, (void *)(unsigned long)rounds);
	pthread_create(&t2, nullptr, worker, (void *)(unsigned long)rounds);
	spin_long(rounds);
	syscalls(rounds * 2000);
	pthread_join(t1, nullptr);
	pthread_join(t2, nullptr);
	printf("%lu\n", (unsigned long)sink);
	return 0;
}
