// The benchmarked activations, each three ways: the ctdiff expression, the
// hand-written closed form (what a C++ programmer writes with <cmath>), and
// a generic formula for the scalar AD peers (Boost fvar, Ceres Jet, ADOL-C).
#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include <ctdiff/ctdiff.hpp>

#if __has_include(<ctdiff/activations/gelu.hpp>) && __has_include(<ctdiff/activations/mish.hpp>) && \
    __has_include(<ctdiff/activations/silu.hpp>) && __has_include(<ctdiff/activations/softplus.hpp>)
#include <ctdiff/activations/gelu.hpp>
#include <ctdiff/activations/mish.hpp>
#include <ctdiff/activations/silu.hpp>
#include <ctdiff/activations/softplus.hpp>
#define CTDIFF_BENCH_LIBRARY_SET 1
#endif

namespace bench {

inline constexpr auto x = ctdiff::var<"x">;

#ifdef CTDIFF_BENCH_LIBRARY_SET
inline constexpr auto e_gelu = ctdiff::gelu(x);
inline constexpr auto e_silu = ctdiff::silu(x);
inline constexpr auto e_mish = ctdiff::mish(x);
inline constexpr auto e_x_tanh_softplus = x * ctdiff::tanh(ctdiff::softplus(x));
constexpr auto silu_of(auto e) { return ctdiff::silu(e); }
#else  // the activation set is not there: the same functions composed from primitives
inline constexpr auto e_gelu =
    x * (ctdiff::int_c<1> + ctdiff::erf(x * 0.7071067811865476)) / ctdiff::int_c<2>;
inline constexpr auto e_silu = x * ctdiff::sigmoid(x);
inline constexpr auto e_mish = x * ctdiff::tanh(ctdiff::log1p(ctdiff::exp(x)));
inline constexpr auto e_x_tanh_softplus = e_mish;
constexpr auto silu_of(auto e) { return e * ctdiff::sigmoid(e); }
#endif

/// The 10-deep chain, innermost first: tanh sigmoid relu silu tanh sigmoid relu silu tanh sigmoid.
inline constexpr auto e_chain10 = ctdiff::sigmoid(ctdiff::tanh(silu_of(
    ctdiff::relu(ctdiff::sigmoid(ctdiff::tanh(silu_of(ctdiff::relu(ctdiff::sigmoid(ctdiff::tanh(x))))))))));

enum class act {
    relu,
    sigmoid,
    tanh,
    gelu,
    silu,
    mish,
    gelu_tanh,
    elu,
    softplus,
    hardswish,
    log_sigmoid,
    sigmoid_relu,
    x_tanh_softplus,
    chain10
};
inline constexpr act all_acts[] = {act::relu,
                                   act::sigmoid,
                                   act::tanh,
                                   act::gelu,
                                   act::silu,
                                   act::mish,
                                   act::gelu_tanh,
                                   act::elu,
                                   act::softplus,
                                   act::hardswish,
                                   act::log_sigmoid,
                                   act::sigmoid_relu,
                                   act::x_tanh_softplus,
                                   act::chain10};
/// The activations the scalar AD peers (fvar, Jet, ADOL-C) run: the set of issue #4.
inline constexpr act scalar_peer_acts[] = {act::relu,   act::sigmoid, act::tanh,         act::gelu,
                                           act::silu,   act::mish,    act::sigmoid_relu, act::x_tanh_softplus,
                                           act::chain10};

inline const char* name(act a) {
    switch (a) {
        case act::relu:
            return "relu";
        case act::sigmoid:
            return "sigmoid";
        case act::tanh:
            return "tanh";
        case act::gelu:
            return "gelu";
        case act::silu:
            return "silu";
        case act::mish:
            return "mish";
        case act::gelu_tanh:
            return "gelu_tanh";
        case act::elu:
            return "elu";
        case act::softplus:
            return "softplus";
        case act::hardswish:
            return "hardswish";
        case act::log_sigmoid:
            return "log_sigmoid";
        case act::sigmoid_relu:
            return "sigmoid(relu(x))";
        case act::x_tanh_softplus:
            return "x*tanh(softplus(x))";
        case act::chain10:
            return "chain10";
    }
    return "?";
}

/// Calls f with the ctdiff expression of a.
template <class F>
decltype(auto) with_expression(act a, F&& f) {
    switch (a) {
        case act::relu:
            return f(ctdiff::relu(x));
        case act::sigmoid:
            return f(ctdiff::sigmoid(x));
        case act::tanh:
            return f(ctdiff::tanh(x));
        case act::gelu:
            return f(e_gelu);
        case act::silu:
            return f(e_silu);
        case act::mish:
            return f(e_mish);
        case act::gelu_tanh:
            return f(ctdiff::gelu_tanh(x));
        case act::elu:
            return f(ctdiff::elu(x));
        case act::softplus:
            return f(ctdiff::softplus(x));
        case act::hardswish:
            return f(ctdiff::hardswish(x));
        case act::log_sigmoid:
            return f(ctdiff::log_sigmoid(x));
        case act::sigmoid_relu:
            return f(ctdiff::sigmoid(ctdiff::relu(x)));
        case act::x_tanh_softplus:
            return f(e_x_tanh_softplus);
        case act::chain10:
            break;
    }
    return f(e_chain10);
}

/// Arrays of the benchmarks, each on a cache line of its own (64 bytes), as libtorch and
/// oneDNN allocate their tensors. std::vector's own allocations can give the arrays of one
/// pass different offsets within a line: from glibc's heap (once the mmap threshold has
/// grown, as it had in this binary after libtorch's initialization) consecutive arrays of
/// 2^16 floats sat 16 bytes apart mod 64, and a pass can align only one of its two store
/// streams (array_head); on an Intel Xeon (Sapphire Rapids class) relu's pass over 2^16
/// floats took 34 to 39 us there against 15 to 19 with every array on a line. The
/// `ctdiff_misaligned` rows (bench.cpp) keep that layout measured beside the aligned one.
template <class T>
struct line_allocator {
    using value_type = T;
    static constexpr std::align_val_t alignment{64};
    line_allocator() = default;
    template <class U>
    constexpr line_allocator(const line_allocator<U>&) noexcept {}
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), alignment)); }
    void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, alignment); }
    template <class U>
    bool operator==(const line_allocator<U>&) const noexcept {
        return true;
    }
};
using floats = std::vector<float, line_allocator<float>>;

/// The same bytes for every implementation: inputs in [-6, 6], upstream gradients in [0.5, 1.5].
struct data {
    floats in, gout, out, gin;
};
data& data_of(std::size_t n);  // bench.cpp: one set per size, shared by all

/// Every benchmarked computation is also kept by name, for `ctdiff_bench --verify`
/// (each implementation's results compared with ctdiff's before any timing is trusted).
void remember(const std::string& name, std::size_t n, std::function<void(data&)> f);  // bench.cpp

// Generic formulas for the scalar AD peers (the hand-written closed forms are in bench.cpp).
namespace generic {
using std::erf;
using std::exp;
using std::log;
using std::tanh;
template <class T>
T sigmoid(const T& v) {
    return 1.0f / (1.0f + exp(-v));
}
template <class T>
T silu(const T& v) {
    return v * sigmoid(v);
}
template <class T>
T softplus(const T& v) {
    return log(1.0f + exp(v));
}
template <class T>
T gelu(const T& v) {
    return 0.5f * v * (1.0f + erf(v * 0.70710678f));
}
template <class T>
T mish(const T& v) {
    return v * tanh(softplus(v));
}
/// Relu is passed in: a branch on the value for fvar and Jet, fmax for ADOL-C's tapes.
template <class T, class Relu>
T apply(act a, const T& v, Relu relu) {
    switch (a) {
        case act::relu:
            return relu(v);
        case act::sigmoid:
            return sigmoid(v);
        case act::tanh:
            return tanh(v);
        case act::gelu:
            return gelu(v);
        case act::silu:
            return silu(v);
        case act::mish:
        case act::x_tanh_softplus:
            return mish(v);
        case act::sigmoid_relu:
            return sigmoid(relu(v));
        case act::gelu_tanh:  // not in scalar_peer_acts
        case act::elu:
        case act::softplus:
        case act::hardswish:
        case act::log_sigmoid:
        case act::chain10:
            break;
    }
    return sigmoid(tanh(silu(relu(sigmoid(tanh(silu(relu(sigmoid(tanh(v))))))))));
}
}  // namespace generic

void register_torch(const std::vector<std::size_t>& sizes);      // bench_torch.cpp (or a stub)
void register_gradient(std::size_t n);                           // bench_gradient.cpp
void register_gated(const std::vector<std::size_t>& sizes);      // bench_gated.cpp
void register_registry(const std::vector<std::size_t>& sizes);   // bench_registry.cpp
void register_peers(const std::vector<std::size_t>& sizes);      // bench_peers.cpp (or a stub)
void register_dnnl(const std::vector<std::size_t>& sizes);       // bench_dnnl.cpp (or a stub)
void register_catalogue(const std::vector<std::size_t>& sizes);  // bench_catalogue.cpp

}  // namespace bench
