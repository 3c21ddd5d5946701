// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * A C++ workload for hr-sample's demangling tests: a class template, a
 * namespace, a member function and std::sort with a lambda. Usage:
 * cxx-workload [SECONDS]
 */
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace app {

template <typename T> class Matrix {
public:
	explicit Matrix(int n) : n_(n), v_(static_cast<size_t>(n) * n, T(1)) {}
	__attribute__((noinline)) T multiply_row(const Matrix &o, int row) const
	{
		T sum = 0;
		for (int j = 0; j < n_; j++)
			for (int k = 0; k < n_; k++)
				sum += v_[row * n_ + k] * o.v_[k * n_ + j];
		return sum;
	}
	int size() const { return n_; }

private:
	int n_;
	std::vector<T> v_;
};

class Engine {
public:
	__attribute__((noinline)) void step();
	__attribute__((noinline)) void shuffle_and_sort();
	double total = 0;

private:
	Matrix<double> m_{64};
	std::vector<long> data_ = std::vector<long>(20000);
	unsigned seed_ = 1;
};

void Engine::shuffle_and_sort()
{
	for (auto &x : data_) {
		seed_ = seed_ * 1103515245u + 12345u;
		x = seed_ >> 4;
	}
	std::sort(data_.begin(), data_.end(), [](long a, long b) { return a % 1000 < b % 1000; });
	total += static_cast<double>(data_[0]);
}

void Engine::step()
{
	for (int r = 0; r < m_.size(); r++)
		total += m_.multiply_row(m_, r);
	shuffle_and_sort();
}

} // namespace app

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
	app::Engine e;

	while (std::chrono::steady_clock::now() < end)
		e.step();
	std::printf("%d\n", e.total > 0);
	return 0;
}
