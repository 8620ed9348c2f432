/// \file
/// Arrays for layer-by-layer backprop: a forward pass that also saves the
/// local derivative, a backward pass that only multiplies by it, and RReLU's
/// training mode (random slopes drawn from a seed).
///
/// \code
/// forward_save(f, in, out, saved);          // out[i] = f(in[i]), saved[i] = f'(in[i])
/// forward_save(g, out, input(a, a_in, saved_a), input(b, b_in, saved_b));  // each partial
/// backward_saved(saved, grad_out, grad_in); // grad_in[i] = saved[i] * grad_out[i]
/// const rrelu_training r(1.0 / 8, 1.0 / 3, seed);
/// forward_save(r, in, out, saved);          // slopes drawn per element, saved for backward
/// \endcode
///
/// The saved path reads and writes one more array than the recompute path
/// (`forward`, then `backward(f, in, grad_out, grad_in)`), and evaluates f
/// and f' once instead of f twice and f' once: it pays where f is expensive
/// and the arrays fit in cache. docs/arrays.md has the measured trade-off.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <ctdiff/array/array.hpp>
#include <ctdiff/array/storage.hpp>
#include <ctdiff/math/simd.hpp>

namespace ctdiff {

/// `out[i] = f(in[i])` and `saved[i] = f'(in[i])`, the derivative with respect
/// to the one unbound variable, in one pass; the other variables bound by name.
template <expression E, detail::array_input In, detail::array_output Out, detail::array_output Saved,
          class... Bs>
void forward_save(const E& e, In&& in, Out&& out, Saved&& saved, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::check_storage_type<In>() && detail::check_storage_type<Out>() &&
                  detail::check_storage_type<Saved>()) {
        static_assert(std::is_same_v<T, detail::array_element_t<Out>> &&
                          std::is_same_v<T, detail::array_element_t<Saved>>,
                      "ctdiff::forward_save(f, in, out, saved): the ranges must have the same element type");
        detail::check_array_call<E, T, Bs...>();
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            constexpr const char* fn = "forward_save";
            const range_input<V, T, true> slot{detail::storage_ref(fn, "in", in),
                                               detail::storage_ref(fn, "saved", saved)};
            detail::range_call<detail::array_mode{true, true, false, true}, E, T>(
                fn, e, detail::array_ref<const T>{nullptr, 0, "grad_out"},
                detail::storage_ref(fn, "out", out), slot, bs...);
        }
    }
}

/// Several inputs bound by name: `forward_save(f, out, input(a, a_in, saved_a),
/// input(b, b_in, saved_b))` writes `out = f(a_in, b_in)` and each partial
/// `saved_a = d f / d a`, for backward_saved on each input.
template <expression E, detail::array_output Out, class... As>
requires(detail::range_count_v<As...> > 0) void forward_save(const E& e, Out&& out, const As&... as) {
    using T = detail::array_element_t<Out>;
    if constexpr (detail::check_storage_type<Out>() && detail::check_range_call<true, E, T, As...>()) {
        constexpr const char* fn = "forward_save";
        detail::range_call<detail::array_mode{true, true, false, true}, E, T>(
            fn, e, detail::array_ref<const T>{nullptr, 0, "grad_out"}, detail::storage_ref(fn, "out", out),
            as...);
    }
}

/// `grad_in[i] = saved[i] * grad_out[i]`: the backward pass of a layer whose
/// forward pass saved its local derivative (`forward_save`). grad_in may be
/// the very range saved or grad_out (in place).
template <detail::array_input Saved, detail::array_input GradOut, detail::array_output GradIn>
void backward_saved(Saved&& saved, GradOut&& grad_out, GradIn&& grad_in) {
    using T = detail::array_element_t<Saved>;
    if constexpr (detail::check_storage_type<Saved>() && detail::check_storage_type<GradOut>() &&
                  detail::check_storage_type<GradIn>()) {
        static_assert(
            std::is_same_v<T, detail::array_element_t<GradOut>> &&
                std::is_same_v<T, detail::array_element_t<GradIn>>,
            "ctdiff::backward_saved(saved, grad_out, grad_in): the ranges must have the same element "
            "type");
        constexpr const char* fn = "backward_saved";
        const auto rs = detail::storage_ref(fn, "saved", saved);
        const auto rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {rs, rgo}, {rgi});
        using S = math::simd_batch_t<T>;
        using N = std::conditional_t<std::is_void_v<S>, T, S>;
        constexpr std::size_t W = math::simd_width_v<T>;
        const std::size_t n = rs.size;
        std::size_t i = 0;
        for (; i + W <= n; i += W) {
            const N s = detail::load_lanes<N>(rs.data + i);
            const N g = detail::load_lanes<N>(rgo.data + i);
            detail::store_lanes(rgi.data + i, N(s * g));
        }
        for (; i < n; ++i) rgi.data[i] = rs.data[i] * rgo.data[i];
    }
}

/// RReLU in training mode (PyTorch's `rrelu(x, lower, upper, training=True)`):
/// element i of a call takes the slope s_i drawn from U(lower, upper), and
/// gives `x` for `x > 0`, `s_i * x` otherwise, with derivative 1 or s_i (s_i at
/// 0, as PyTorch; NaN for NaN). s_i is the (offset + i)-th output of SplitMix64
/// seeded with `seed`, scaled to [lower, upper]: the same seed gives the same
/// slopes, in forward and backward, on every machine, however the work is split.
struct rrelu_training {
    double lower = 1.0 / 8;
    double upper = 1.0 / 3;
    std::uint64_t seed = 0;
    std::uint64_t offset = 0;  // the counter of element 0: a call on elements [k, n) of a tensor passes k

    rrelu_training(double lower_, double upper_, std::uint64_t seed_, std::uint64_t offset_ = 0)
        : lower(lower_), upper(upper_), seed(seed_), offset(offset_) {
        if (!(lower <= upper))
            throw std::invalid_argument("ctdiff::rrelu_training: lower (" + std::to_string(lower) +
                                        ") must not exceed upper (" + std::to_string(upper) + ")");
    }

    /// The slope of element i, in T.
    template <class T = double>
    T slope(std::size_t i) const noexcept {
        std::uint64_t z = seed + (offset + static_cast<std::uint64_t>(i) + 1) * 0x9E3779B97F4A7C15ull;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        constexpr int bits = std::is_same_v<T, float> ? 24 : 53;
        const T u = static_cast<T>(z >> (64 - bits)) * (T(1) / static_cast<T>(std::uint64_t{1} << bits));
        return static_cast<T>(lower) + (static_cast<T>(upper) - static_cast<T>(lower)) * u;
    }
};

namespace detail {

/// One pass of rrelu in training mode: any of out, the local derivative
/// (saved), grad_in = derivative * grad_out may be null (not computed).
template <class T>
void rrelu_pass(const rrelu_training& r, const T* in, const T* gout, T* out, T* saved, T* gin,
                std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
        const T x = in[i];
        const T s = r.slope<T>(i);
        const T d = x > T(0) ? T(1) : x <= T(0) ? s : x;  // x: NaN for NaN
        if (out) out[i] = x > T(0) ? x : s * x;
        if (saved) saved[i] = d;
        if (gin) gin[i] = d * gout[i];
    }
}

template <class T, class... Rs>
constexpr bool rrelu_ranges_ok() {
    if constexpr ((check_storage_type<Rs>() && ...)) {
        static_assert((std::is_same_v<T, array_element_t<Rs>> && ...),
                      "ctdiff rrelu_training arrays: the ranges must have the same element type");
        return true;
    }
    return false;
}

}  // namespace detail

/// `out[i] = rrelu(in[i])` with the slopes of r.
template <detail::array_input In, detail::array_output Out>
void forward(const rrelu_training& r, In&& in, Out&& out) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::rrelu_ranges_ok<T, In, Out>()) {
        constexpr const char* fn = "forward";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto ro = detail::storage_ref(fn, "out", out);
        detail::check_ranges<T>(fn, {ri}, {ro});
        detail::rrelu_pass<T>(r, ri.data, nullptr, ro.data, nullptr, nullptr, ri.size);
    }
}

/// `grad_in[i] = rrelu'(in[i]) * grad_out[i]` with the same slopes as forward.
template <detail::array_input In, detail::array_input GradOut, detail::array_output GradIn>
void backward(const rrelu_training& r, In&& in, GradOut&& grad_out, GradIn&& grad_in) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::rrelu_ranges_ok<T, In, GradOut, GradIn>()) {
        constexpr const char* fn = "backward";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {ri, rgo}, {rgi});
        detail::rrelu_pass<T>(r, ri.data, rgo.data, nullptr, nullptr, rgi.data, ri.size);
    }
}

/// Both, in one pass.
template <detail::array_input In, detail::array_input GradOut, detail::array_output Out,
          detail::array_output GradIn>
void forward_backward(const rrelu_training& r, In&& in, GradOut&& grad_out, Out&& out, GradIn&& grad_in) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::rrelu_ranges_ok<T, In, GradOut, Out, GradIn>()) {
        constexpr const char* fn = "forward_backward";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto ro = detail::storage_ref(fn, "out", out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {ri, rgo}, {ro, rgi});
        detail::rrelu_pass<T>(r, ri.data, rgo.data, ro.data, nullptr, rgi.data, ri.size);
    }
}

/// `out` and the local derivative (1 or the element's slope) for backward_saved.
template <detail::array_input In, detail::array_output Out, detail::array_output Saved>
void forward_save(const rrelu_training& r, In&& in, Out&& out, Saved&& saved) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::rrelu_ranges_ok<T, In, Out, Saved>()) {
        constexpr const char* fn = "forward_save";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto ro = detail::storage_ref(fn, "out", out);
        const auto rs = detail::storage_ref(fn, "saved", saved);
        detail::check_ranges<T>(fn, {ri}, {ro, rs});
        detail::rrelu_pass<T>(r, ri.data, nullptr, ro.data, rs.data, nullptr, ri.size);
    }
}

}  // namespace ctdiff
