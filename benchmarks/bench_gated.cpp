// Gated activations of two arrays (#14): ctdiff's fused two-input pass
// (forward_backward over input(a, ...) and input(b, ...)) against a hand-written
// fused loop (the zero-overhead reference) and, when libtorch is found,
// PyTorch eager: silu(a) * b forward (silu, mul, keeping silu(a) as autograd
// does) and its backward (mul, mul, silu_backward). Names:
// <swiglu|geglu>/<ctdiff|hand|torch>/<n>, float, one thread. Also expressions
// written out, which take the general route (one pass on multi-direction duals
// for every gradient asked for): swiglu_written/ctdiff (silu(a) * b, against
// swiglu/hand), and swish_beta/<ctdiff|hand> (x sigmoid(beta x) with a trainable
// beta: the input's gradient and beta's summed gradient).

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "activations.hpp"

#ifdef CTDIFF_BENCH_TORCH
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#endif

namespace bench {
namespace {

constexpr auto av = ctdiff::var<"a">;
constexpr auto bv = ctdiff::var<"b">;

struct gated_data {
    floats a, b, g, out, ga, gb;
    explicit gated_data(std::size_t n) : a(n), b(n), g(n), out(n), ga(n), gb(n) {
        std::mt19937 gen(11);
        std::uniform_real_distribution<float> in(-6.0f, 6.0f), gr(0.5f, 1.5f);
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = in(gen);
            b[i] = in(gen);
            g[i] = gr(gen);
        }
    }
};

template <class F>
void timed(benchmark::State& state, std::size_t n, F f) {
    gated_data d(n);
    for (auto _ : state) {
        f(d);
        benchmark::DoNotOptimize(d.out.data());
        benchmark::DoNotOptimize(d.ga.data());
        benchmark::DoNotOptimize(d.gb.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}

template <class E>
void ctdiff_pass(const E& e, gated_data& d) {
    ctdiff::forward_backward(e, d.g, d.out, ctdiff::input(av, d.a, d.ga), ctdiff::input(bv, d.b, d.gb));
}

// The hand-written fused loop for swiglu: out = silu(a) b, ga = g b silu'(a), gb = g silu(a).
void hand_swiglu(gated_data& d) {
    const std::size_t n = d.a.size();
    const float* a = d.a.data();
    const float* b = d.b.data();
    const float* g = d.g.data();
    float* out = d.out.data();
    float* ga = d.ga.data();
    float* gb = d.gb.data();
    for (std::size_t i = 0; i < n; ++i) {
        const float s = 1.0f / (1.0f + std::exp(-a[i]));
        const float silu = a[i] * s;
        out[i] = silu * b[i];
        ga[i] = g[i] * b[i] * (s + silu * (1.0f - s));
        gb[i] = g[i] * silu;
    }
}

// gelu(a) = a Phi(a): out = gelu(a) b, ga = g b (Phi(a) + a phi(a)), gb = g gelu(a).
void hand_geglu(gated_data& d) {
    const std::size_t n = d.a.size();
    for (std::size_t i = 0; i < n; ++i) {
        const float x = d.a[i];
        const float cdf = 0.5f * std::erfc(-x * 0.70710678f);
        const float pdf = 0.39894228f * std::exp(-0.5f * x * x);
        const float gelu = x * cdf;
        d.out[i] = gelu * d.b[i];
        d.ga[i] = d.g[i] * d.b[i] * (cdf + x * pdf);
        d.gb[i] = d.g[i] * gelu;
    }
}

// x sigmoid(beta x), beta bound by name: out, gx = g (s + beta x s (1 - s)), and
// the sum of g x^2 s (1 - s) (beta's gradient), with s = sigmoid(beta x).
constexpr auto xv = ctdiff::var<"x">;
constexpr auto betav = ctdiff::var<"beta">;
constexpr float beta_value = 1.25f;
float swish_beta_sum = 0;

void ctdiff_swish_beta(gated_data& d) {
    swish_beta_sum = ctdiff::forward_backward(xv * ctdiff::sigmoid(betav * xv), d.g, d.out,
                                              ctdiff::input(xv, d.a, d.ga), betav = beta_value)[betav];
}

void hand_swish_beta(gated_data& d) {
    const std::size_t n = d.a.size();
    const float* x = d.a.data();
    const float* g = d.g.data();
    float* out = d.out.data();
    float* gx = d.ga.data();
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float s = 1.0f / (1.0f + std::exp(-beta_value * x[i]));
        const float ds = s * (1.0f - s);
        out[i] = x[i] * s;
        gx[i] = g[i] * (s + beta_value * x[i] * ds);
        sum += static_cast<double>(g[i] * x[i] * x[i] * ds);
    }
    swish_beta_sum = static_cast<float>(sum);
}

#ifdef CTDIFF_BENCH_TORCH
at::Tensor wrap(floats& v) {
    return at::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, at::kFloat);
}
// PyTorch eager, as autograd runs silu(a) * b or gelu(a) * b: forward saves the
// activation's output; backward multiplies and calls the activation's backward.
void torch_gated(benchmark::State& state, std::size_t n, bool gelu) {
    at::set_num_threads(1);
    gated_data d(n);
    at::Tensor a = wrap(d.a), b = wrap(d.b), g = wrap(d.g), out = wrap(d.out), ga = wrap(d.ga),
               gb = wrap(d.gb);
    at::Tensor s = at::empty_like(a), gs = at::empty_like(a);
    for (auto _ : state) {
        if (gelu) {
            at::gelu_out(s, a);
        } else {
            at::silu_out(s, a);
        }
        at::mul_out(out, s, b);
        at::mul_out(gb, g, s);
        at::mul_out(gs, g, b);
        if (gelu) {
            at::gelu_backward_out(ga, gs, a);
        } else {
            at::silu_backward_out(ga, gs, a);
        }
        benchmark::DoNotOptimize(d.out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}
#endif

}  // namespace

void register_gated(const std::vector<std::size_t>& sizes) {
    for (const std::size_t n : sizes) {
        const std::string suffix = "/" + std::to_string(n);
        benchmark::RegisterBenchmark(("swiglu/ctdiff" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, [](gated_data& d) { ctdiff_pass(ctdiff::swiglu(av, bv), d); });
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("swiglu/hand" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, hand_swiglu);
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("geglu/ctdiff" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, [](gated_data& d) { ctdiff_pass(ctdiff::geglu(av, bv), d); });
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("geglu/hand" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, hand_geglu);
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("swiglu_written/ctdiff" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, [](gated_data& d) { ctdiff_pass(ctdiff::silu(av) * bv, d); });
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("swish_beta/ctdiff" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, ctdiff_swish_beta);
            benchmark::DoNotOptimize(swish_beta_sum);
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("swish_beta/hand" + suffix).c_str(), [n](benchmark::State& s) {
            timed(s, n, hand_swish_beta);
            benchmark::DoNotOptimize(swish_beta_sum);
        })->Unit(benchmark::kMicrosecond);
#ifdef CTDIFF_BENCH_TORCH
        benchmark::RegisterBenchmark(("swiglu/torch" + suffix).c_str(), [n](benchmark::State& s) {
            torch_gated(s, n, false);
        })->Unit(benchmark::kMicrosecond);
        benchmark::RegisterBenchmark(("geglu/torch" + suffix).c_str(), [n](benchmark::State& s) {
            torch_gated(s, n, true);
        })->Unit(benchmark::kMicrosecond);
#endif
    }
}

}  // namespace bench
