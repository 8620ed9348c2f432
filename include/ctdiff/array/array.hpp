/// \file
/// Arrays: `forward`, `backward` and `forward_backward` over contiguous
/// ranges, one fused pass, on SIMD batches where xsimd is present.
///
/// \code
/// forward(f, in, out);                                 // out[i] = f(in[i])
/// backward(f, in, grad_out, grad_in);                  // grad_in[i] = f'(in[i]) * grad_out[i]
/// forward_backward(f, in, grad_out, out, grad_in);     // both, in one pass
/// auto g = forward_backward(prelu(x, a), in, gout, out, gin, a = 0.25f);
/// g[a];                                                // sum_i d prelu/d a (in[i]) * gout[i]
/// \endcode
///
/// The ranges are anything contiguous and sized (`std::span`, `std::vector`,
/// `std::array`, C arrays) of one floating-point element type, which is the
/// computation type. The expression has one variable left unbound, the one
/// the arrays run over; the other variables are bound by name after the
/// ranges, and `backward`/`forward_backward` return the gradient with respect
/// to them, summed over the elements (PReLU's weight gradient). Each element
/// is computed on a whole batch, the tail padded to one, and every lane on
/// its own: an element's value and gradient are bit for bit the same at any
/// position and whatever its neighbours. Lanes whose value or derivative
/// falls in the underflow band (below 2^p times the smallest
/// normal number), or whose input lies beyond the batch exp's range, are
/// recomputed on the scalar route (`value_and_derivative`), so that the
/// array route keeps its accuracy where the batch math flushes or loses
/// digits, and so are their terms of the parameter gradients. An
/// output may be the very same range as an input (in-place use); ranges of
/// different lengths, an output that partly overlaps an input, and
/// `forward_backward`'s two outputs given as one range (they would
/// overwrite each other) throw `std::invalid_argument`.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/math/simd.hpp>
#include <ctdiff/number/dual.hpp>

namespace ctdiff {

/// The gradient of a sum over elements with respect to the variables bound by
/// name in an array call: `g[a]`.
template <class T, class... Vs>
struct parameter_gradient {
    static constexpr std::size_t size = sizeof...(Vs);
    T partials[sizeof...(Vs) == 0 ? 1 : sizeof...(Vs)];

    template <class V>
    constexpr T operator[](const V&) const noexcept {
        constexpr std::size_t i = index_of<V>();
        static_assert(i < sizeof...(Vs),
                      "ctdiff array gradient: g[v] asks for a variable that was not bound by name");
        return partials[i < sizeof...(Vs) ? i : 0];
    }
    template <class V>
    static constexpr std::size_t index_of() noexcept {
        constexpr bool hits[] = {std::is_same_v<V, Vs>..., false};
        std::size_t i = 0;
        while (i < sizeof...(Vs) && !hits[i]) ++i;
        return i;
    }
};

namespace detail {

/// What std::data gives for a contiguous range: a pointer.
template <class P>
concept pointer_result = std::is_pointer_v<P>;

/// A range the array functions read: contiguous and sized, as std::data and
/// std::size see it (containers with data(), std::span, C arrays). Spelled
/// without <ranges>, whose parse alone costs more than the rest of ctdiff.
template <class R>
concept array_input = requires(R& r) {
    { std::data(r) } -> pointer_result;
    { std::size(r) } -> std::convertible_to<std::size_t>;
};

/// The element type a contiguous range points to (const for a read-only range).
template <class R>
using array_pointee_t = std::remove_pointer_t<decltype(std::data(std::declval<R&>()))>;

/// A range the array functions write: contiguous, sized and not const.
template <class R>
concept array_output = array_input<R> && !std::is_const_v<array_pointee_t<R>>;

template <class R>
using array_element_t = std::remove_cv_t<array_pointee_t<R>>;

/// The variables of E not bound by Bs: exactly one, the variable the arrays run over.
template <class E, class... Bs>
struct array_variable {
    using unbound = typename list_difference<variables_t<E>, type_list<typename Bs::variable_type...>>::type;
    static constexpr std::size_t count = unbound::size;
};
template <class E, class... Bs>
using array_variable_t = typename list_front<typename array_variable<E, Bs...>::unbound>::type;

[[noreturn]] inline void array_length_error(const char* function, const char* a, std::size_t na,
                                            const char* b, std::size_t nb) {
    throw std::invalid_argument(std::string("ctdiff::") + function + ": " + a + " has " + std::to_string(na) +
                                " elements but " + b + " has " + std::to_string(nb));
}
[[noreturn]] inline void array_overlap_error(const char* function, const char* a, const char* b) {
    throw std::invalid_argument(std::string("ctdiff::") + function + ": " + a + " overlaps " + b +
                                " (an output may be the very same range as an input, nothing else)");
}

template <class T>
struct array_ref {
    T* data;
    std::size_t size;
    const char* name;
};

template <class T, class U>
void check_array_pair(const char* function, const array_ref<T>& a, const array_ref<U>& b) {
    if (a.size != b.size) array_length_error(function, a.name, a.size, b.name, b.size);
}

/// Two ranges may coincide or be apart, never partly overlap (forward_backward also
/// rejects its two outputs as one range).
template <class T, class U>
void check_array_overlap(const char* function, const array_ref<T>& a, const array_ref<U>& b) {
    const T* pa = a.data;
    const T* pb = b.data;
    if (pa == pb || a.size == 0) return;
    // Addresses as integers: one flat address space on every target ctdiff runs on.
    const auto ia = reinterpret_cast<std::uintptr_t>(pa);
    const auto ib = reinterpret_cast<std::uintptr_t>(pb);
    if (ia < ib + b.size * sizeof(T) && ib < ia + a.size * sizeof(T))
        array_overlap_error(function, a.name, b.name);
}

template <class N, class T>
N load_lanes(const T* p) noexcept {
    if constexpr (std::is_same_v<N, T>) {
        return *p;
    } else {
        return N::load_unaligned(p);
    }
}
template <class N, class T>
void store_lanes(T* p, const N& v) noexcept {
    if constexpr (std::is_same_v<N, T>) {
        *p = v;
    } else {
        v.store_unaligned(p);
    }
}

/// The sum of a batch's lanes (a plain number is its own sum).
template <class Acc, class N>
Acc lane_sum(const N& v, std::size_t lanes) noexcept {
    if constexpr (math::is_plain_v<N> && !std::is_floating_point_v<N>) {
        alignas(64) typename math::backend<N>::element_type buf[N::size];
        v.store_aligned(buf);
        Acc s = 0;
        for (std::size_t k = 0; k < lanes; ++k) s += static_cast<Acc>(buf[k]);
        return s;
    } else {
        return lanes == 0 ? Acc(0) : static_cast<Acc>(v);
    }
}

/// A variable's value as a dual seeded for its own derivative, or as it is.
template <bool Seed, class N, class B>
auto seed_binding(const B& b) noexcept {
    if constexpr (Seed) {
        return binding<typename B::variable_type, dual<N>>{dual<N>{b.value, convert<N>(1)}};
    } else {
        return b;
    }
}

template <class N, class R>
dual<N> as_dual(const R& r) noexcept {
    if constexpr (is_dual_v<R>) {
        return {convert<N>(r.value), convert<N>(r.derivative)};
    } else {
        return {convert<N>(r), convert<N>(0)};  // constant in the seeded variable
    }
}

/// What one array call computes.
struct array_mode {
    bool value;       // out = f(in)
    bool derivative;  // grad_in = f'(in) * grad_out
    bool parameters;  // sums of d f / d a * grad_out for the bound variables
};

/// One batch (or one element) of an array call. Bs: the other variables, bound to N.
template <array_mode M, class V, class N, class E, class Acc, class... Bs>
inline void array_step(const E& e, const N& xv, const N& go, N& y, N& gx, Acc* parts, const Bs&... bs) {
    if constexpr (M.derivative) {
        const dual<N> r =
            as_dual<N>(e.eval(make_environment(binding<V, dual<N>>{dual<N>{xv, convert<N>(1)}}, bs...)));
        y = r.value;
        gx = r.derivative * go;
    } else if constexpr (M.value) {
        y = convert<N>(e.eval(make_environment(binding<V, N>{xv}, bs...)));
    }
    if constexpr (M.parameters && sizeof...(Bs) > 0) {
        [&]<std::size_t... J>(std::index_sequence<J...>) {
            const auto one = [&]<std::size_t K>(std::integral_constant<std::size_t, K>) {
                const auto r = as_dual<N>([&]<std::size_t... I>(std::index_sequence<I...>) {
                    return e.eval(make_environment(binding<V, N>{xv}, seed_binding<I == K, N>(bs)...));
                }(std::index_sequence_for<Bs...>{}));
                parts[K] = r.derivative * go;
            };
            (one(std::integral_constant<std::size_t, J>{}), ...);
        }
        (std::index_sequence_for<Bs...>{});
    }
}

/// Lanes of a batch the batch math cannot be trusted with (in expressions with a
/// rule of a wider precision, see has_wide_rule): the value or the
/// derivative in the underflow band (below 2^p times the smallest normal
/// number: x * g(x) with g(x) subnormal, or exp flushed; a zero counts past
/// |x| = 9 in float, 20 in double), or the input beyond the batch exp's
/// range or not finite. Those
/// lanes are recomputed on the scalar route, lane by lane, so each lane's
/// result depends on that lane alone.
/// Whether E computes a primitive whose rule asks for a wider type than its
/// arguments' (`rule_precision`): the scalar route computes it there, a batch in
/// its own type, so only such expressions need lanes rescued (relu's do not).
template <class E>
struct has_wide_rule : std::false_type {};
template <class Op, class... Cs>
struct has_wide_rule<node<Op, Cs...>> : std::bool_constant<(has_wide_rule<Cs>::value || ...)> {};
template <class Rule, class... Cs>
struct has_wide_rule<node<function_op<Rule>, Cs...>>
    : std::bool_constant<precision_of<Rule>() != rule_precision::working ||
                         (has_wide_rule<Cs>::value || ...)> {};

template <array_mode M, class V, class T, class N, class E, class... Bs>
inline void array_rescue(const E& e, const N& xv, const N& go, N& y, N& gx, N* parts, const Bs&... bs) {
#if CTDIFF_HAS_XSIMD
    if constexpr (!std::is_same_v<N, T> && has_wide_rule<E>::value) {
        constexpr std::size_t P = sizeof...(Bs);
        constexpr T band =
            std::numeric_limits<T>::min() * T(1ULL << (std::numeric_limits<T>::digits - 1)) * T(2);
        const N zero(T(0));
        const N nb(band);
        // Past |x| = 9 (float) or 20 (double) a zero may be a flushed subnormal, or a
        // zero of the wrong sign (exp(-x^2/2), exp(-0.0713 x^3) in the batch's own type);
        // closer in, only piecewise-linear pieces give 0.
        const N ax = math::abs(xv);
        const N tail(std::is_same_v<T, float> ? T(9) : T(20));
        // The common case first, in few operations: every input within the tail and
        // every result at or above the band (a superset of the lanes below).
        if constexpr (!M.parameters) {
            const N small = M.derivative ? xsimd::min(math::abs(y), math::abs(gx)) : math::abs(y);
            if (!xsimd::any((small < nb) | !(ax <= tail))) return;
        }
        const auto zero_band = ax > tail;
        const auto in_band = [&](const N& v) {
            const N av = math::abs(v);
            return (av < nb) & ((av > zero) | zero_band);
        };
        auto m = !(ax <= N(math::backend<N>::exp_edge()));
        if constexpr (M.value || M.derivative) m = m | in_band(y);
        if constexpr (M.derivative) m = m | in_band(gx);
        if constexpr (M.parameters)
            for (std::size_t k = 0; k < P; ++k) m = m | in_band(parts[k]);
        if (!xsimd::any(m)) return;
        alignas(64) T bx[N::size];
        alignas(64) T bgo[N::size];
        alignas(64) T by[N::size];
        alignas(64) T bgx[N::size];
        alignas(64) T bm[N::size];
        alignas(64) T bp[P == 0 ? 1 : P][N::size];
        xv.store_aligned(bx);
        go.store_aligned(bgo);
        y.store_aligned(by);
        gx.store_aligned(bgx);
        if constexpr (M.parameters)
            for (std::size_t k = 0; k < P; ++k) parts[k].store_aligned(bp[k]);
        xsimd::select(m, N(T(1)), zero).store_aligned(bm);
        for (std::size_t l = 0; l < N::size; ++l) {
            if (bm[l] == T(0)) continue;
            T sp[P == 0 ? 1 : P] = {};
            array_step<M, V>(e, bx[l], bgo[l], by[l], bgx[l], sp, bs...);
            if constexpr (M.parameters)
                for (std::size_t k = 0; k < P; ++k) bp[k][l] = sp[k];
        }
        y = N::load_aligned(by);
        gx = N::load_aligned(bgx);
        if constexpr (M.parameters)
            for (std::size_t k = 0; k < P; ++k) parts[k] = N::load_aligned(bp[k]);
    }
#else
    (void)e, (void)xv, (void)go, (void)y, (void)gx, (void)parts, ((void)bs, ...);
#endif
}

/// The fused pass over n elements: whole batches, then the tail padded to a batch.
template <array_mode M, class V, class T, class E, class... Bs>
parameter_gradient<T, typename Bs::variable_type...> array_pass(const E& e, const T* in, const T* gout,
                                                                T* out, T* gin, std::size_t n,
                                                                const Bs&... bs) {
    using S = math::simd_batch_t<T>;
    using N = std::conditional_t<std::is_void_v<S>, T, S>;
    constexpr std::size_t W = math::simd_width_v<T>;
    constexpr std::size_t P = sizeof...(Bs);
    using Total = std::conditional_t<std::is_same_v<T, float>, double, T>;
    constexpr std::size_t flush = 256;  // batches summed in N before adding to the wide total

    Total totals[P == 0 ? 1 : P] = {};
    N sums[P == 0 ? 1 : P];
    N parts[P == 0 ? 1 : P];  // one batch's terms, added to sums once rescued
    for (auto& s : sums) s = convert<N>(0);
    for (auto& s : parts) s = convert<N>(0);
    const auto add_parts = [&] {
        if constexpr (M.parameters)
            for (std::size_t k = 0; k < P; ++k) sums[k] = sums[k] + parts[k];
    };
    const auto flush_sums = [&](std::size_t lanes) {
        for (std::size_t k = 0; k < P; ++k) {
            totals[k] += lane_sum<Total>(sums[k], lanes);
            sums[k] = convert<N>(0);
        }
    };
    const auto run = [&](const auto&... nb) {
        std::size_t i = 0;
        std::size_t since_flush = 0;
        const N zero = convert<N>(0);
        N y = zero;
        N gx = zero;
        for (; i + W <= n; i += W) {
            const N xv = detail::load_lanes<N>(in + i);
            const N go = M.derivative || M.parameters ? detail::load_lanes<N>(gout + i) : zero;
            array_step<M, V>(e, xv, go, y, gx, parts, nb...);
            array_rescue<M, V, T>(e, xv, go, y, gx, parts,
                                  binding<typename Bs::variable_type, T>{convert<T>(bs.value)}...);
            add_parts();
            if constexpr (M.value) detail::store_lanes(out + i, y);
            if constexpr (M.derivative) detail::store_lanes(gin + i, gx);
            if (M.parameters && ++since_flush == flush) {
                flush_sums(W);
                since_flush = 0;
            }
        }
        if constexpr (M.parameters) flush_sums(W);
        if constexpr (W > 1) {
            const std::size_t rest = n - i;
            if (rest != 0) {
                alignas(64) T bx[W] = {};
                alignas(64) T bg[W] = {};
                alignas(64) T by[W];
                alignas(64) T bd[W];
                for (std::size_t k = 0; k < rest; ++k) bx[k] = in[i + k];
                if (M.derivative || M.parameters)
                    for (std::size_t k = 0; k < rest; ++k) bg[k] = gout[i + k];
                const N xt = detail::load_lanes<N>(bx);
                const N gt = detail::load_lanes<N>(bg);
                array_step<M, V>(e, xt, gt, y, gx, parts, nb...);
                array_rescue<M, V, T>(e, xt, gt, y, gx, parts,
                                      binding<typename Bs::variable_type, T>{convert<T>(bs.value)}...);
                add_parts();
                detail::store_lanes(by, y);
                detail::store_lanes(bd, gx);
                if constexpr (M.value)
                    for (std::size_t k = 0; k < rest; ++k) out[i + k] = by[k];
                if constexpr (M.derivative)
                    for (std::size_t k = 0; k < rest; ++k) gin[i + k] = bd[k];
                if constexpr (M.parameters) flush_sums(rest);
            }
        }
    };
    run(binding<typename Bs::variable_type, N>{convert<N>(convert<T>(bs.value))}...);

    parameter_gradient<T, typename Bs::variable_type...> g{};
    for (std::size_t k = 0; k < P; ++k) g.partials[k] = static_cast<T>(totals[k]);
    return g;
}

template <class E, class T, class... Bs>
constexpr void check_array_call() {
    static_assert(
        std::is_floating_point_v<T>,
        "ctdiff array functions: the ranges' elements must be float or double (a floating-point type)");
    static_assert((is_binding_v<Bs> && ...),
                  "ctdiff array functions: bind the other variables by name after the ranges, as in "
                  "forward(prelu(x, a), in, out, a = 0.25)");
    if constexpr ((is_binding_v<Bs> && ...)) {
        static_assert((std::is_arithmetic_v<typename Bs::value_type> && ...),
                      "ctdiff array functions: the other variables are bound to plain numbers");
        static_assert(array_variable<E, Bs...>::count == 1,
                      "ctdiff array functions: the expression must have exactly one variable left unbound "
                      "(the one the arrays run over); bind the others by name after the ranges");
    }
}

template <class R>
auto array_span(R&& r) noexcept {
    return std::span<array_pointee_t<R>>(std::data(r), std::size(r));
}

}  // namespace detail

/// `out[i] = f(in[i])`, the other variables bound by name after the ranges.
template <expression E, detail::array_input In, detail::array_output Out, class... Bs>
void forward(const E& e, In&& in, Out&& out, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    static_assert(std::is_same_v<T, detail::array_element_t<Out>>,
                  "ctdiff::forward(f, in, out): in and out must have the same element type");
    detail::check_array_call<E, T, Bs...>();
    const auto i = detail::array_span(in);
    const auto o = detail::array_span(out);
    constexpr const char* fn = "forward";
    const detail::array_ref<const T> ri{i.data(), i.size(), "in"};
    const detail::array_ref<T> ro{o.data(), o.size(), "out"};
    detail::check_array_pair(fn, ri, ro);
    detail::check_array_overlap(fn, ro, ri);
    if constexpr (detail::array_variable<E, Bs...>::count == 1) {
        using V = detail::array_variable_t<E, Bs...>;
        detail::array_pass<detail::array_mode{true, false, false}, V, T>(e, i.data(), nullptr, o.data(),
                                                                         nullptr, i.size(), bs...);
    }
}

/// `grad_in[i] = f'(in[i]) * grad_out[i]`; returns the gradient with respect
/// to the variables bound by name after the ranges, summed over the elements.
template <expression E, detail::array_input In, detail::array_input GradOut, detail::array_output GradIn,
          class... Bs>
auto backward(const E& e, In&& in, GradOut&& grad_out, GradIn&& grad_in, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    static_assert(std::is_same_v<T, detail::array_element_t<GradOut>> &&
                      std::is_same_v<T, detail::array_element_t<GradIn>>,
                  "ctdiff::backward(f, in, grad_out, grad_in): the ranges must have the same element type");
    detail::check_array_call<E, T, Bs...>();
    const auto i = detail::array_span(in);
    const auto go = detail::array_span(grad_out);
    const auto gi = detail::array_span(grad_in);
    constexpr const char* fn = "backward";
    const detail::array_ref<const T> ri{i.data(), i.size(), "in"};
    const detail::array_ref<const T> rgo{go.data(), go.size(), "grad_out"};
    const detail::array_ref<T> rgi{gi.data(), gi.size(), "grad_in"};
    detail::check_array_pair(fn, ri, rgo);
    detail::check_array_pair(fn, ri, rgi);
    detail::check_array_overlap(fn, rgi, ri);
    detail::check_array_overlap(fn, rgi, rgo);
    if constexpr (detail::array_variable<E, Bs...>::count == 1) {
        using V = detail::array_variable_t<E, Bs...>;
        return detail::array_pass<detail::array_mode{false, true, (sizeof...(Bs) > 0)}, V, T>(
            e, i.data(), go.data(), nullptr, gi.data(), i.size(), bs...);
    } else {
        return parameter_gradient<T, typename Bs::variable_type...>{};
    }
}

/// `out = f(in)` and `grad_in = f'(in) * grad_out` in one pass; returns the
/// gradient with respect to the variables bound by name, summed over the elements.
template <expression E, detail::array_input In, detail::array_input GradOut, detail::array_output Out,
          detail::array_output GradIn, class... Bs>
auto forward_backward(const E& e, In&& in, GradOut&& grad_out, Out&& out, GradIn&& grad_in, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    static_assert(std::is_same_v<T, detail::array_element_t<GradOut>> &&
                      std::is_same_v<T, detail::array_element_t<Out>> &&
                      std::is_same_v<T, detail::array_element_t<GradIn>>,
                  "ctdiff::forward_backward(f, in, grad_out, out, grad_in): the ranges must have the same "
                  "element type");
    detail::check_array_call<E, T, Bs...>();
    const auto i = detail::array_span(in);
    const auto go = detail::array_span(grad_out);
    const auto o = detail::array_span(out);
    const auto gi = detail::array_span(grad_in);
    constexpr const char* fn = "forward_backward";
    const detail::array_ref<const T> ri{i.data(), i.size(), "in"};
    const detail::array_ref<const T> rgo{go.data(), go.size(), "grad_out"};
    const detail::array_ref<T> ro{o.data(), o.size(), "out"};
    const detail::array_ref<T> rgi{gi.data(), gi.size(), "grad_in"};
    detail::check_array_pair(fn, ri, rgo);
    detail::check_array_pair(fn, ri, ro);
    detail::check_array_pair(fn, ri, rgi);
    detail::check_array_overlap(fn, ro, ri);
    detail::check_array_overlap(fn, ro, rgo);
    detail::check_array_overlap(fn, rgi, ri);
    detail::check_array_overlap(fn, rgi, rgo);
    detail::check_array_overlap(fn, rgi, ro);
    if (o.size() != 0 && o.data() == gi.data()) detail::array_overlap_error(fn, "grad_in", "out");
    if constexpr (detail::array_variable<E, Bs...>::count == 1) {
        using V = detail::array_variable_t<E, Bs...>;
        return detail::array_pass<detail::array_mode{true, true, (sizeof...(Bs) > 0)}, V, T>(
            e, i.data(), go.data(), o.data(), gi.data(), i.size(), bs...);
    } else {
        return parameter_gradient<T, typename Bs::variable_type...>{};
    }
}

}  // namespace ctdiff
