// The cost of the accuracy fixes of #15 (parameters at any value), side by side in
// this one binary on the same data: ctdiff's scalar routes (value_and_derivative,
// gradient with the parameter's partial) against the previous rules' formulas written
// out by hand (the rounded product beta * x or quotient x / alpha fed to exp, and
// softplus's partial (x sigma(beta x) - y) / beta). Names: params/<case>/<implementation>.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto b = var<"b">;

template <class T>
const std::vector<T>& points() {
    static const std::vector<T> v = [] {
        std::mt19937 gen(15);
        std::uniform_real_distribution<T> d(T(-30), T(30));
        std::vector<T> r(4096);
        for (auto& p : r) p = d(gen);
        return r;
    }();
    return v;
}

template <class T>
T sigmoid_of(T z) {
    const T e = std::exp(-std::fabs(z));
    return z >= 0 ? T(1) / (T(1) + e) : e / (T(1) + e);
}

// softplus(x, 1.7): value and x-derivative.
template <class T>
void softplus_ctdiff(benchmark::State& s) {
    const auto f = softplus(x, T(1.7));
    for (auto _ : s) {
        T acc = 0;
        for (const T v : points<T>()) {
            const auto r = value_and_derivative(f, x = v);
            acc += r.value + r.derivative;
        }
        benchmark::DoNotOptimize(acc);
    }
}
template <class T>
void softplus_previous(benchmark::State& s) {
    const T beta = T(1.7);
    for (auto _ : s) {
        T acc = 0;
        for (const T v : points<T>()) {
            const T z = beta * v;
            const T y = z > 20 ? v : (std::fmax(z, T(0)) + std::log1p(std::exp(-std::fabs(z)))) / beta;
            acc += y + (z > 20 ? T(1) : sigmoid_of(z));
        }
        benchmark::DoNotOptimize(acc);
    }
}

// gradient of softplus(x, b) in x and b at b = 1.7.
template <class T>
void softplus_gradient_ctdiff(benchmark::State& s) {
    const auto f = softplus(x, b);
    for (auto _ : s) {
        T acc = 0;
        for (const T v : points<T>()) {
            const auto g = gradient(f, x = v, b = T(1.7));
            acc += g.value + g[x] + g[b];
        }
        benchmark::DoNotOptimize(acc);
    }
}
template <class T>
void softplus_gradient_previous(benchmark::State& s) {
    const T beta = T(1.7);
    for (auto _ : s) {
        T acc = 0;
        for (const T v : points<T>()) {
            const T z = beta * v;
            const T y = z > 20 ? v : (std::fmax(z, T(0)) + std::log1p(std::exp(-std::fabs(z)))) / beta;
            const T sg = sigmoid_of(z);
            acc += y + (z > 20 ? T(1) : sg) + (z > 20 ? T(0) : (v * sg - y) / beta);
        }
        benchmark::DoNotOptimize(acc);
    }
}

// celu(x, 0.7): value and x-derivative.
template <class T>
void celu_ctdiff(benchmark::State& s) {
    const auto f = celu(x, T(0.7));
    for (auto _ : s) {
        T acc = 0;
        for (const T v : points<T>()) {
            const auto r = value_and_derivative(f, x = v);
            acc += r.value + r.derivative;
        }
        benchmark::DoNotOptimize(acc);
    }
}
template <class T>
void celu_previous(benchmark::State& s) {
    const T alpha = T(0.7);
    for (auto _ : s) {
        T acc = 0;
        for (const T v : points<T>()) {
            const T t = v / alpha;
            acc += (v > 0 ? v : alpha * std::expm1(t)) + (v > 0 ? T(1) : std::exp(t));
        }
        benchmark::DoNotOptimize(acc);
    }
}

BENCHMARK(softplus_ctdiff<double>)->Name("params/softplus(x,1.7) double/ctdiff");
BENCHMARK(softplus_previous<double>)->Name("params/softplus(x,1.7) double/previous");
BENCHMARK(softplus_ctdiff<float>)->Name("params/softplus(x,1.7) float/ctdiff");
BENCHMARK(softplus_previous<float>)->Name("params/softplus(x,1.7) float/previous");
BENCHMARK(softplus_gradient_ctdiff<double>)->Name("params/softplus gradient double/ctdiff");
BENCHMARK(softplus_gradient_previous<double>)->Name("params/softplus gradient double/previous");
BENCHMARK(celu_ctdiff<double>)->Name("params/celu(x,0.7) double/ctdiff");
BENCHMARK(celu_previous<double>)->Name("params/celu(x,0.7) double/previous");
BENCHMARK(celu_ctdiff<float>)->Name("params/celu(x,0.7) float/ctdiff");
BENCHMARK(celu_previous<float>)->Name("params/celu(x,0.7) float/previous");

}  // namespace
