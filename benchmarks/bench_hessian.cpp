// hessian(f, x = v, a = w) on hyper-duals (n(n + 1)/2 passes of dual<dual<double>>)
// against evaluating the nested symbolic derivatives it stands for (f, d(f, x),
// d(f, a), d(d(f, x), x), d(d(f, x), a), d(d(f, a), a)), on the same points.
// Names: hessian/<route>/<expression>. Built with the other benchmarks
// (CTDIFF_BUILD_BENCHMARKS): build/bench/benchmarks/ctdiff_bench_hessian.
#include <ctdiff/ctdiff.hpp>

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <string>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

/// 256 points: x in [-3, 3), a in [0.5, 2.25].
struct points {
    std::array<double, 256> xs{}, as{};
    points() {
        for (std::size_t i = 0; i < xs.size(); ++i) {
            xs[i] = -3.0 + 6.0 * static_cast<double>(i) / static_cast<double>(xs.size());
            as[i] = 0.5 + 0.25 * static_cast<double>(i % 8);
        }
    }
};
const points grid;

template <class F>
void hyper_dual(benchmark::State& state, const F& f) {
    for (auto _ : state) {
        for (std::size_t i = 0; i < grid.xs.size(); ++i) {
            const auto h = hessian(f, x = grid.xs[i], a = grid.as[i]);
            benchmark::DoNotOptimize(h);
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<long long>(grid.xs.size()));
}

template <class F>
void nested_symbolic(benchmark::State& state, const F& f) {
    const auto fx = d(f, x);
    const auto fa = d(f, a);
    const auto fxx = d(fx, x);
    const auto fxa = d(fx, a);
    const auto faa = d(fa, a);
    for (auto _ : state) {
        for (std::size_t i = 0; i < grid.xs.size(); ++i) {
            const double v = grid.xs[i], w = grid.as[i];
            const std::array<double, 6> h{f(x = v, a = w),   fx(x = v, a = w),  fa(x = v, a = w),
                                          fxx(x = v, a = w), fxa(x = v, a = w), faa(x = v, a = w)};
            benchmark::DoNotOptimize(h);
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<long long>(grid.xs.size()));
}

template <class F>
void both(const char* name, const F& f) {
    benchmark::RegisterBenchmark((std::string("hessian/hyper_dual/") + name).c_str(),
                                 [f](benchmark::State& s) { hyper_dual(s, f); });
    benchmark::RegisterBenchmark((std::string("hessian/nested_symbolic/") + name).c_str(),
                                 [f](benchmark::State& s) { nested_symbolic(s, f); });
}

}  // namespace

int main(int argc, char** argv) {
    both("prelu(x,a)*x", prelu(x, a) * x);
    both("elu(x,a)", elu(x, a));
    both("softplus(x,a)", softplus(x, a));
    both("elu(x,a)*sigmoid(a*x)", elu(x, a) * sigmoid(a * x));
    both("silu(a*x)+tanh(x)*a", silu(a * x) + tanh(x) * a);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
