// gradient over P variables in one multi-direction pass, side by side with the
// same expression's value_and_derivative with respect to one variable (the
// other three bound to plain numbers), and with the P-pass way (one dual pass
// per variable, as gradient did before the multi-direction dual). Names:
// gradient/<implementation>/<n>, n points in double.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "activations.hpp"

namespace bench {
namespace {

constexpr auto xv = ctdiff::var<"x">;
constexpr auto av = ctdiff::var<"a">;
constexpr auto bv = ctdiff::var<"b">;
constexpr auto cv = ctdiff::var<"c">;
// A parameterised activation of four variables: softplus with a trainable
// scale and beta, beside elu with a trainable alpha.
constexpr auto four = ctdiff::softplus(xv * av, bv) + ctdiff::elu(xv, cv);

struct points {
    std::vector<double> x, a, b, c, out;
    explicit points(std::size_t n) : x(n), a(n), b(n), c(n), out(n) {
        std::mt19937 gen(7);
        std::uniform_real_distribution<double> in(-6.0, 6.0), p(0.5, 1.5);
        for (std::size_t i = 0; i < n; ++i) {
            x[i] = in(gen);
            a[i] = p(gen);
            b[i] = p(gen);
            c[i] = p(gen);
        }
    }
};

template <class F>
void run(benchmark::State& state, std::size_t n, F f) {
    points d(n);
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) d.out[i] = f(d.x[i], d.a[i], d.b[i], d.c[i]);
        benchmark::DoNotOptimize(d.out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}

}  // namespace

void register_gradient(std::size_t n) {
    using ctdiff::dual;
    const std::string suffix = "/" + std::to_string(n);
    benchmark::RegisterBenchmark(("gradient/value_and_derivative_one" + suffix).c_str(), [n](benchmark::State&
                                                                                                 s) {
        run(s, n, [](double x, double a, double b, double c) {
            const dual<double> r = four(xv = dual<double>{x, 1.0}, av = a, bv = b, cv = c);
            return r.value + r.derivative;
        });
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("gradient/one_pass_four" + suffix).c_str(), [n](benchmark::State& s) {
        run(s, n, [](double x, double a, double b, double c) {
            const auto g = ctdiff::gradient(four, xv = x, av = a, bv = b, cv = c);
            return g.value + g[xv] + g[av] + g[bv] + g[cv];
        });
    })->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("gradient/four_dual_passes" + suffix).c_str(), [n](benchmark::State& s) {
        run(s, n, [](double x, double a, double b, double c) {
            const auto seed = [](double v, bool on) { return dual<double>{v, on ? 1.0 : 0.0}; };
            double sum = 0;
            for (int k = 0; k < 4; ++k) {
                const dual<double> r = four(xv = seed(x, k == 0), av = seed(a, k == 1), bv = seed(b, k == 2),
                                            cv = seed(c, k == 3));
                sum += (k == 0 ? r.value : 0.0) + r.derivative;
            }
            return sum;
        });
    })->Unit(benchmark::kMicrosecond);
}

}  // namespace bench
