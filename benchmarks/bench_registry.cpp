// Every registered activation (CTDIFF_ACTIVATIONS, activations/registry.hpp):
// ctdiff's fused forward_backward pass over one float array, one thread, each
// activation applied as the registry's consumers apply it (typical_call: its
// parameters at their defaults or documented values; a gated activation with
// the array as both inputs). Names: <activation>/registry/<n>. A new
// activation is benchmarked here without a line of its own.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "activations.hpp"

namespace bench {
namespace {

struct registry_data {
    floats in, g, out, gin;
    explicit registry_data(std::size_t n) : in(n), g(n), out(n), gin(n) {
        std::mt19937 gen(7);
        std::uniform_real_distribution<float> x_of(-6.0f, 6.0f), g_of(0.5f, 1.5f);
        for (std::size_t i = 0; i < n; ++i) {
            in[i] = x_of(gen);
            g[i] = g_of(gen);
        }
    }
};

template <class E>
void add_registered(const char* name, std::size_t n, const E& e) {
    const std::string full = std::string(name) + "/registry/" + std::to_string(n);
    benchmark::RegisterBenchmark(full.c_str(), [n, e](benchmark::State& state) {
        registry_data d(n);
        for (auto _ : state) {
            ctdiff::forward_backward(e, d.in, d.g, d.out, d.gin);
            benchmark::DoNotOptimize(d.out.data());
            benchmark::DoNotOptimize(d.gin.data());
            benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    })->Unit(benchmark::kMicrosecond);
}

}  // namespace

void register_registry(const std::vector<std::size_t>& sizes) {
#ifdef CTDIFF_ACTIVATIONS  // a ctdiff with the registry
    for (const std::size_t n : sizes) {
#define BENCH_REGISTERED(name) add_registered(#name, n, CTDIFF_TYPICAL_CALL(name, x, x));
        CTDIFF_ACTIVATIONS(BENCH_REGISTERED)
#undef BENCH_REGISTERED
    }
#else
    static_cast<void>(sizes);
#endif
}

}  // namespace bench
