// The exhaustive test (label `exhaustive`, opt-in: ctest -L exhaustive):
// every finite float, the value and the first derivative (plain call and dual
// pass, and the array route: forward_backward over blocks of the same floats)
// of each activation, against the same activation evaluated in double.
// Same conventions as the accuracy suite: within max(1, |z|)/4 of a zero
// crossing z the error is measured against the magnitude at the window's
// edges, and results below 2^24 times the smallest normal float (the underflow
// band, in units of the subnormal spacing there) are reported apart; both must
// be within 4 ULP. Usage: ctdiff_exhaustive [--derivative] [stride [name...]]: stride 1
// checks every float; names (e.g. `gelu silu`) restrict the run to those
// activations, and an unknown name is an error. The list is the registry's
// (CTDIFF_ACTIVATIONS), each activation applied as `typical_call` does, with
// the parameters its header documents; the gated activations run along their
// value input, the gate fixed at -1.5 (a float, so that the float run stays in
// float). --derivative checks d(f, x) instead: f' and f'' on every route, the
// derivative primitives' own batch kernels included.
#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <ctdiff/array.hpp>
#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;

struct crossing {
    double z, w, floor;
};

// Quantities measured: 0, 1 the scalar value and derivative; 2, 3 the array route's.
constexpr int measured = 4;

struct result {
    double max_ulp[measured] = {};
    float worst[measured] = {};
    double max_band[measured] = {};
    std::uint64_t over[measured] = {};
    std::uint64_t count = 0;
};

double ulps(float c, double r, double floor) {
    if (std::isnan(r)) return std::isnan(c) ? 0.0 : INFINITY;
    if (std::isnan(c)) return INFINITY;
    const double rf = static_cast<double>(static_cast<float>(r));
    if (std::isinf(rf) || std::isinf(c)) return static_cast<double>(c) == rf ? 0.0 : INFINITY;
    const double m = std::max(std::fabs(r), floor);
    int e = 0;
    std::frexp(m, &e);
    e = std::max(e, std::numeric_limits<float>::min_exponent);
    return std::fabs(static_cast<double>(c) - r) / std::ldexp(1.0, e - std::numeric_limits<float>::digits);
}

template <class F>
std::vector<crossing> crossings(F f) {
    std::vector<crossing> out;
    for (int k = -30 * 64; k < 30 * 64; ++k) {
        double a = k / 64.0, b = (k + 1) / 64.0;
        const double fa = f(a), fb = f(b);
        if (fa == 0 || fb == 0 || (fa > 0) == (fb > 0)) continue;
        for (int i = 0; i < 60; ++i) {
            const double m = (a + b) / 2;
            if ((f(m) > 0) == (fa > 0))
                a = m;
            else
                b = m;
        }
        const double z = (a + b) / 2, w = std::max(1.0, std::fabs(z)) / 4;
        out.push_back({z, w, std::max(std::fabs(f(z - w)), std::fabs(f(z + w)))});
    }
    return out;
}

double floor_at(const std::vector<crossing>& cs, double v) {
    double f = 0;
    for (const auto& c : cs)
        if (std::fabs(v - c.z) <= c.w) f = std::max(f, c.floor);
    return f;
}

template <class Make>
result run(const char* name, Make make, std::uint32_t stride) {
    const auto e = make(x);
    const auto value = [&](double v) { return static_cast<double>(make(v)); };
    const auto slope = [&](double v) {
        return static_cast<double>(value_and_derivative(e, x = v).derivative);
    };
    const std::vector<crossing> cross[2] = {crossings(value), crossings(slope)};
    const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
    std::vector<result> parts(workers);
    std::vector<std::thread> threads;
    const double band = static_cast<double>(std::numeric_limits<float>::min()) * 16777216.0;
    constexpr std::size_t block = 4096;  // floats per forward_backward call
    for (unsigned t = 0; t < workers; ++t) {
        threads.emplace_back([&, t] {
            result& r = parts[t];
            const auto record = [&](int k, float v, float got, double want) {
                const double u = ulps(got, want, floor_at(cross[k % 2], v));
                if (std::fabs(want) < band && want != 0) {
                    r.max_band[k] = std::max(r.max_band[k], u);
                    if (u > 4) ++r.over[k];
                    return;
                }
                if (u > r.max_ulp[k]) {
                    r.max_ulp[k] = u;
                    r.worst[k] = v;
                }
                if (u > 4) ++r.over[k];
            };
            std::vector<float> in, out(block), grad(block);
            const std::vector<float> ones(block, 1.0f);
            std::vector<double> want_v, want_g;
            const auto array_block = [&] {
                const std::size_t m = in.size();
                forward_backward(e, std::span<const float>(in), std::span<const float>(ones.data(), m),
                                 std::span<float>(out.data(), m), std::span<float>(grad.data(), m));
                for (std::size_t i = 0; i < m; ++i) {
                    record(2, in[i], out[i], want_v[i]);
                    record(3, in[i], grad[i], want_g[i]);
                }
                in.clear();
                want_v.clear();
                want_g.clear();
            };
            for (std::uint64_t bits = std::uint64_t{t} * stride; bits < (std::uint64_t{1} << 32);
                 bits += std::uint64_t{workers} * stride) {
                const float v = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
                if (!std::isfinite(v)) continue;
                const float got[2] = {static_cast<float>(make(v)), value_and_derivative(e, x = v).derivative};
                const auto want_d = value_and_derivative(e, x = static_cast<double>(v));
                const double want[2] = {value(v), static_cast<double>(want_d.derivative)};
                ++r.count;
                for (int k = 0; k < 2; ++k) record(k, v, got[k], want[k]);
                in.push_back(v);
                want_v.push_back(want[0]);
                want_g.push_back(want[1]);
                if (in.size() == block) array_block();
            }
            if (!in.empty()) array_block();
        });
    }
    for (auto& th : threads) th.join();
    result all;
    for (const auto& p : parts) {
        all.count += p.count;
        for (int k = 0; k < measured; ++k) {
            if (p.max_ulp[k] > all.max_ulp[k]) {
                all.max_ulp[k] = p.max_ulp[k];
                all.worst[k] = p.worst[k];
            }
            all.max_band[k] = std::max(all.max_band[k], p.max_band[k]);
            all.over[k] += p.over[k];
        }
    }
    const char* what[measured] = {"value", "derivative", "array value", "array derivative"};
    std::printf("%-12s %11llu floats", name, static_cast<unsigned long long>(all.count));
    for (int k = 0; k < measured; ++k)
        std::printf(" | %s max %8.3f ULP at %-14.9g over 4: %-8llu band %-10.3g", what[k], all.max_ulp[k],
                    all.worst[k], static_cast<unsigned long long>(all.over[k]), all.max_band[k]);
    std::printf("\n");
    std::fflush(stdout);
    return all;
}

}  // namespace

int main(int argc, char** argv) {
    // --derivative: each activation's d(f, x) instead of f (its value f' and its derivative f'', on
    // every route; the d route's primitives have float-lane kernels of their own).
    const bool derivative = argc > 1 && std::string(argv[1]) == "--derivative";
    if (derivative) {
        --argc;
        ++argv;
    }
    const std::uint32_t stride =
        argc > 1 ? static_cast<std::uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 1;
    if (stride == 0) {
        std::fprintf(stderr, "ctdiff_exhaustive: the stride must be a positive integer, not '%s'\n", argv[1]);
        return 2;
    }
    const std::set<std::string> wanted(argv + std::min(argc, 2), argv + argc);
#define NAME(name) #name,
    const std::set<std::string> known{CTDIFF_ACTIVATIONS(NAME)};
#undef NAME
    for (const auto& name : wanted) {
        if (!known.contains(name)) {
            std::fprintf(stderr, "ctdiff_exhaustive: no activation named '%s'\n", name.c_str());
            return 2;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    std::uint64_t failures = 0;
#define EXHAUSTIVE(name)                                                                                 \
    if (wanted.empty() || wanted.contains(#name)) {                                                      \
        const result r =                                                                                 \
            derivative                                                                                   \
                ? run(                                                                                   \
                      #name,                                                                             \
                      [](const auto& v) {                                                                \
                          const auto de = d(CTDIFF_TYPICAL_CALL(name, x, -1.5f), x);                     \
                          if constexpr (expression<std::decay_t<decltype(v)>>) {                         \
                              return de;                                                                 \
                          } else {                                                                       \
                              return de(x = v);                                                          \
                          }                                                                              \
                      },                                                                                 \
                      stride)                                                                            \
                : run(                                                                                   \
                      #name, [](const auto& v) { return CTDIFF_TYPICAL_CALL(name, v, -1.5f); }, stride); \
        for (const auto o : r.over) failures += o;                                                       \
    }
    CTDIFF_ACTIVATIONS(EXHAUSTIVE)
#undef EXHAUSTIVE
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("stride %u, %.1f s, %llu results over 4 ULP\n", stride, seconds,
                static_cast<unsigned long long>(failures));
    return failures == 0 ? 0 : 1;
}
