// One binary, the same data: ctdiff's fused forward_backward, a hand-written
// fused loop, the scalar path (value_and_derivative in a loop), a streaming
// copy of the same bytes, and (bench_torch.cpp, bench_peers.cpp) libtorch,
// Boost.Math fvar, Ceres Jet and ADOL-C; bench_registry.cpp: the fused pass of
// every registered activation. Names: <activation>/<implementation>/<n>;
// scripts/bench_table.py turns the JSON into ratios.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "activations.hpp"

#include <ctdiff/array/parallel.hpp>

namespace bench {

data& data_of(std::size_t n) {
    static std::map<std::size_t, std::unique_ptr<data>> cache;
    auto& d = cache[n];
    if (!d) {
        d = std::make_unique<data>();
        std::mt19937 gen(42);
        std::uniform_real_distribution<float> in(-6.0f, 6.0f), g(0.5f, 1.5f);
        d->in.resize(n);
        d->gout.resize(n);
        for (auto& v : d->in) v = in(gen);
        for (auto& v : d->gout) v = g(gen);
        d->out.assign(n, 0.0f);
        d->gin.assign(n, 0.0f);
    }
    return *d;
}

struct remembered {
    std::string name;
    std::size_t n;
    std::function<void(data&)> f;
};
std::vector<remembered>& registry() {
    static std::vector<remembered> r;
    return r;
}
void remember(const std::string& name, std::size_t n, std::function<void(data&)> f) {
    registry().push_back({name, n, std::move(f)});
}

namespace {

// The hand-written closed forms: value y and derivative dy at v.
inline float sigm(float v) { return 1.0f / (1.0f + std::exp(-v)); }

struct hand_relu {
    static void at(float v, float& y, float& dy) {
        y = v > 0.0f ? v : 0.0f;
        dy = v > 0.0f ? 1.0f : 0.0f;
    }
};
struct hand_sigmoid {
    static void at(float v, float& y, float& dy) {
        const float s = sigm(v);
        y = s;
        dy = s * (1.0f - s);
    }
};
struct hand_tanh {
    static void at(float v, float& y, float& dy) {
        const float t = std::tanh(v);
        y = t;
        dy = 1.0f - t * t;
    }
};
struct hand_gelu {
    static void at(float v, float& y, float& dy) {
        const float c = 0.5f * (1.0f + std::erf(v * 0.70710678f));
        y = v * c;
        dy = c + v * 0.39894228f * std::exp(-0.5f * v * v);
    }
};
struct hand_silu {
    static void at(float v, float& y, float& dy) {
        const float s = sigm(v);
        y = v * s;
        dy = s * (1.0f + v * (1.0f - s));
    }
};
struct hand_mish {
    static void at(float v, float& y, float& dy) {
        const float sp = v > 20.0f ? v : std::log1p(std::exp(v));
        const float t = std::tanh(sp);
        y = v * t;
        dy = t + v * (1.0f - t * t) * sigm(v);
    }
};
struct hand_gelu_tanh {
    static void at(float v, float& y, float& dy) {
        const float k = 0.7978845608f, c = 0.044715f;
        const float t = std::tanh(k * (v + c * v * v * v));
        y = 0.5f * v * (1.0f + t);
        dy = 0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * k * (1.0f + 3.0f * c * v * v);
    }
};
struct hand_elu {
    static void at(float v, float& y, float& dy) {
        y = v > 0.0f ? v : std::expm1(v);
        dy = v > 0.0f ? 1.0f : std::exp(v);
    }
};
struct hand_softplus {
    static void at(float v, float& y, float& dy) {
        y = v > 20.0f ? v : std::log1p(std::exp(v));
        dy = v > 20.0f ? 1.0f : sigm(v);
    }
};
struct hand_hardswish {
    static void at(float v, float& y, float& dy) {
        y = v <= -3.0f ? 0.0f : v >= 3.0f ? v : v * (v + 3.0f) / 6.0f;
        dy = v <= -3.0f ? 0.0f : v >= 3.0f ? 1.0f : (2.0f * v + 3.0f) / 6.0f;
    }
};
struct hand_log_sigmoid {
    static void at(float v, float& y, float& dy) {
        y = std::fmin(v, 0.0f) - std::log1p(std::exp(-std::fabs(v)));
        dy = sigm(-v);
    }
};
struct hand_sigmoid_relu {
    static void at(float v, float& y, float& dy) {
        const float r = v > 0.0f ? v : 0.0f;
        const float s = sigm(r);
        y = s;
        dy = v > 0.0f ? s * (1.0f - s) : 0.0f;
    }
};
struct hand_chain10 {
    static void at(float v, float& y, float& dy) {
        float d = 1.0f;
        const auto t = [&] {
            const float w = std::tanh(v);
            d *= 1.0f - w * w;
            v = w;
        };
        const auto s = [&] {
            const float w = sigm(v);
            d *= w * (1.0f - w);
            v = w;
        };
        const auto r = [&] {
            d = v > 0.0f ? d : 0.0f;
            v = v > 0.0f ? v : 0.0f;
        };
        const auto si = [&] {
            const float w = sigm(v);
            d *= w * (1.0f + v * (1.0f - w));
            v = v * w;
        };
        t();
        s();
        r();
        si();
        t();
        s();
        r();
        si();
        t();
        s();
        y = v;
        dy = d;
    }
};

template <class H>
void hand_loop(const float* in, const float* g, float* out, float* gin, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        float y, dy;
        H::at(in[i], y, dy);
        out[i] = y;
        gin[i] = dy * g[i];
    }
}

void hand(act a, data& d) {
    const std::size_t n = d.in.size();
    const float* in = d.in.data();
    const float* g = d.gout.data();
    float* out = d.out.data();
    float* gin = d.gin.data();
    switch (a) {
        case act::relu:
            return hand_loop<hand_relu>(in, g, out, gin, n);
        case act::sigmoid:
            return hand_loop<hand_sigmoid>(in, g, out, gin, n);
        case act::tanh:
            return hand_loop<hand_tanh>(in, g, out, gin, n);
        case act::gelu:
            return hand_loop<hand_gelu>(in, g, out, gin, n);
        case act::silu:
            return hand_loop<hand_silu>(in, g, out, gin, n);
        case act::mish:
        case act::x_tanh_softplus:
            return hand_loop<hand_mish>(in, g, out, gin, n);
        case act::gelu_tanh:
            return hand_loop<hand_gelu_tanh>(in, g, out, gin, n);
        case act::elu:
            return hand_loop<hand_elu>(in, g, out, gin, n);
        case act::softplus:
            return hand_loop<hand_softplus>(in, g, out, gin, n);
        case act::hardswish:
            return hand_loop<hand_hardswish>(in, g, out, gin, n);
        case act::log_sigmoid:
            return hand_loop<hand_log_sigmoid>(in, g, out, gin, n);
        case act::sigmoid_relu:
            return hand_loop<hand_sigmoid_relu>(in, g, out, gin, n);
        case act::chain10:
            return hand_loop<hand_chain10>(in, g, out, gin, n);
    }
}

template <class E>
void scalar_loop(const E& e, data& d) {
    const std::size_t n = d.in.size();
    const float* in = d.in.data();
    const float* g = d.gout.data();
    float* out = d.out.data();
    float* gin = d.gin.data();
    for (std::size_t i = 0; i < n; ++i) {
        const auto [y, dy] = ctdiff::value_and_derivative(e, x = in[i]);
        out[i] = y;
        gin[i] = dy * g[i];
    }
}

void finish(benchmark::State& state, std::size_t n) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n) *
                            16);
}

/// The timed loop of a fused pass over n elements that writes out and gin.
template <class F>
void time_pass(benchmark::State& state, std::size_t n, const float* out, const float* gin, F pass) {
    for (auto _ : state) {
        pass();
        benchmark::DoNotOptimize(out);
        benchmark::DoNotOptimize(gin);
        benchmark::ClobberMemory();
    }
    finish(state, n);
}

template <class F>
void add(const std::string& name, std::size_t n, F f) {
    remember(name, n, f);
    benchmark::RegisterBenchmark(name.c_str(), [n, f](benchmark::State& state) {
        data& d = data_of(n);
        time_pass(state, n, d.out.data(), d.gin.data(), [&] { f(d); });
    })->Unit(benchmark::kMicrosecond);
}

/// Runs every remembered computation at the smallest size and compares value and
/// gradient with ctdiff's: the largest difference relative to max(1, |ctdiff|).
int verify(std::size_t n) {
    int bad = 0;
    // Every benchmarked name with a ctdiff run: <name>/ctdiff/<n>.
    std::vector<std::string> prefixes;
    for (const auto& r : registry()) {
        const auto at = r.name.find("/ctdiff/");
        if (r.n == n && at != std::string::npos) prefixes.push_back(r.name.substr(0, at + 1));
    }
    for (const std::string& prefix : prefixes) {
        data& d = data_of(n);
        floats ref_out, ref_gin;
        for (const auto& r : registry()) {
            if (r.n == n && r.name == prefix + "ctdiff/" + std::to_string(n)) {
                std::fill(d.out.begin(), d.out.end(), -1.0f);  // as below: glu writes half of out
                std::fill(d.gin.begin(), d.gin.end(), -1.0f);
                r.f(d);
                ref_out = d.out;
                ref_gin = d.gin;
            }
        }
        for (const auto& r : registry()) {
            if (r.n != n || r.name.rfind(prefix, 0) != 0) continue;
            std::fill(d.out.begin(), d.out.end(), -1.0f);
            std::fill(d.gin.begin(), d.gin.end(), -1.0f);
            r.f(d);
            double worst = 0;
            for (std::size_t i = 0; i < n; ++i) {
                worst = std::max(worst, std::fabs(double(d.out[i]) - ref_out[i]) /
                                            std::max(1.0, std::fabs(double(ref_out[i]))));
                worst = std::max(worst, std::fabs(double(d.gin[i]) - ref_gin[i]) /
                                            std::max(1.0, std::fabs(double(ref_gin[i]))));
            }
            const bool ok = worst <= 1e-4;
            bad += ok ? 0 : 1;
            std::printf("%-40s max relative difference from ctdiff %.2e%s\n", r.name.c_str(), worst,
                        ok ? "" : "  <-- differs");
        }
    }
    return bad == 0 ? 0 : 1;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
    using namespace bench;
    const std::vector<std::size_t> sizes{std::size_t{1} << 16, std::size_t{1} << 22};
    for (const std::size_t n : sizes) {
        const std::string suffix = "/" + std::to_string(n);
        // The bandwidth bound: the same bytes moved (two arrays read, two written).
        add(std::string("copy/copy") + suffix, n, [](data& d) {
            std::memcpy(d.out.data(), d.in.data(), d.in.size() * sizeof(float));
            std::memcpy(d.gin.data(), d.gout.data(), d.in.size() * sizeof(float));
        });
        for (const act a : all_acts) {
            const std::string base = std::string(name(a)) + "/";
            add(base + "ctdiff" + suffix, n, [a](data& d) {
                with_expression(
                    a, [&](const auto& e) { ctdiff::forward_backward(e, d.in, d.gout, d.out, d.gin); });
            });
            add(base + "hand" + suffix, n, [a](data& d) { hand(a, d); });
            add(base + "scalar" + suffix, n,
                [a](data& d) { with_expression(a, [&](const auto& e) { scalar_loop(e, d); }); });
        }
    }
    // The arrays at the offsets within a cache line that std::vector's heap allocations gave
    // this binary (in 16 bytes past a line, gout 32, out 48, gin 0): a pass aligns one
    // store stream (out), so gin's stores straddle two lines. Beside the aligned rows.
    for (const std::size_t n : sizes) {
        for (const act a : {act::relu, act::sigmoid}) {
            const std::string name_ = std::string(name(a)) + "/ctdiff_misaligned/" + std::to_string(n);
            benchmark::RegisterBenchmark(name_.c_str(), [n, a](benchmark::State& state) {
                const data& d = data_of(n);
                floats in(n + 16), gout(n + 16), out(n + 16), gin(n + 16);
                const std::span<const float> x_(in.data() + 4, n), g_(gout.data() + 8, n);
                const std::span<float> y_(out.data() + 12, n), gi_(gin.data(), n);
                std::copy(d.in.begin(), d.in.end(), in.begin() + 4);
                std::copy(d.gout.begin(), d.gout.end(), gout.begin() + 8);
                time_pass(state, n, out.data(), gin.data(), [&] {
                    with_expression(a, [&](const auto& e) { ctdiff::forward_backward(e, x_, g_, y_, gi_); });
                });
            })->Unit(benchmark::kMicrosecond);
        }
    }
    // ctdiff::parallel (#12): 1 vs 2 threads on long arrays, wall-clock time.
    for (const std::size_t n : {std::size_t{1} << 22, std::size_t{1} << 24}) {
        for (const act a : {act::relu, act::gelu, act::mish, act::chain10}) {
            for (const int threads : {1, 2}) {
                const std::string name_ = std::string(name(a)) + "/ctdiff_threads" + std::to_string(threads) +
                                          "/" + std::to_string(n);
                const auto f = [a, threads](data& d) {
                    with_expression(a, [&](const auto& e) {
                        ctdiff::forward_backward(ctdiff::parallel{threads}, e, d.in, d.gout, d.out, d.gin);
                    });
                };
                remember(name_, n, f);
                benchmark::RegisterBenchmark(name_.c_str(),
                                             [n, f](benchmark::State& state) {
                                                 data& d = data_of(n);
                                                 for (auto _ : state) {
                                                     f(d);
                                                     benchmark::ClobberMemory();
                                                 }
                                                 finish(state, n);
                                             })
                    ->Unit(benchmark::kMicrosecond)
                    ->UseRealTime();
            }
        }
    }
    register_torch(sizes);
    register_peers(sizes);
    register_gradient(std::size_t{1} << 12);
    register_gated(sizes);
    register_registry(sizes);
    register_dnnl(sizes);
    register_catalogue(sizes);
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--verify") return verify(sizes.front());
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
