// The layer API's trade-off (#13), side by side on the same data: a training
// step's activation work when grad_out arrives only after the forward pass.
//   recompute: forward(f, in, out), later backward(f, in, grad_out, grad_in):
//              f evaluated twice (once alone, once with f'), 2 + 3 arrays moved;
//   saved:     forward_save(f, in, out, saved), later backward_saved(saved,
//              grad_out, grad_in): f and f' once, 3 + 3 arrays moved;
//   fused:     forward_backward(f, in, grad_out, out, grad_in), the lower bound
//              when grad_out is known before the forward pass (not a layer's case).
// Names: <activation>/<route>/<n>. Floats, 2^16 (in cache) and 2^22 (in memory).

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "activations.hpp"

namespace {

struct buffers {
    std::vector<float> in, gout, out, gin, saved;
    explicit buffers(std::size_t n) : in(n), gout(n), out(n), gin(n), saved(n) {
        std::mt19937 gen(42);
        std::uniform_real_distribution<float> u(-6.0f, 6.0f), g(0.5f, 1.5f);
        for (auto& v : in) v = u(gen);
        for (auto& v : gout) v = g(gen);
    }
};

template <class F>
void add(const std::string& name, std::size_t n, F f) {
    benchmark::RegisterBenchmark(name.c_str(), [n, f](benchmark::State& state) {
        buffers b(n);
        for (auto _ : state) {
            f(b);
            benchmark::DoNotOptimize(b.out.data());
            benchmark::DoNotOptimize(b.gin.data());
            benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    })->Unit(benchmark::kMicrosecond);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace bench;
    const act acts[] = {act::relu, act::silu, act::gelu, act::mish, act::chain10};
    for (const std::size_t n : {std::size_t{1} << 16, std::size_t{1} << 22}) {
        const std::string suffix = "/" + std::to_string(n);
        for (const act a : acts) {
            const std::string base = std::string(name(a)) + "/";
            add(base + "recompute" + suffix, n, [a](buffers& b) {
                with_expression(a, [&](const auto& e) {
                    ctdiff::forward(e, b.in, b.out);
                    ctdiff::backward(e, b.in, b.gout, b.gin);
                });
            });
            add(base + "saved" + suffix, n, [a](buffers& b) {
                with_expression(a, [&](const auto& e) {
                    ctdiff::forward_save(e, b.in, b.out, b.saved);
                    ctdiff::backward_saved(b.saved, b.gout, b.gin);
                });
            });
            add(base + "fused" + suffix, n, [a](buffers& b) {
                with_expression(
                    a, [&](const auto& e) { ctdiff::forward_backward(e, b.in, b.gout, b.out, b.gin); });
            });
        }
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
