/// \file
/// Arrays: `forward`, `backward` and `forward_backward` over contiguous
/// storage, one fused pass, on SIMD batches where xsimd is present.
///
/// \code
/// forward(f, in, out);                                 // out[i] = f(in[i])
/// backward(f, in, grad_out, grad_in);                  // grad_in[i] = f'(in[i]) * grad_out[i]
/// forward_backward(f, in, grad_out, out, grad_in);     // both, in one pass
/// auto g = forward_backward(prelu(x, a), in, gout, out, gin, a = 0.25f);
/// g[a];                                                // sum_i d prelu/d a (in[i]) * gout[i]
/// forward_backward(silu(a) * b, gout, out, input(a, a_in, grad_a), input(b, b_in, grad_b));
/// forward_backward(a * sigmoid(b), gout, out, halves(a, b, in, grad_in));  // PyTorch's glu layout
/// \endcode
///
/// The ranges are contiguous storage of float or double (storage.hpp: std
/// ranges, Eigen dense objects, `view(p, n)`), all of one element type, which
/// is the computation type. With one input range, the expression has one
/// variable left unbound, the one the arrays run over; with several, each is
/// bound to its variable by name with `input(v, range[, grad])` after the
/// output ranges. The other variables are bound to numbers by name, and
/// `backward`/`forward_backward` return the gradient with respect to them,
/// summed over the elements (PReLU's weight gradient). Each element is
/// computed on a whole batch, the tail padded to one, and every lane on its
/// own: an element's value and gradient are bit for bit the same at any
/// position and whatever its neighbours. Lanes whose value or derivative
/// falls in the underflow band (below 2^p times the smallest normal number),
/// or whose input lies beyond the batch exp's range, are recomputed on the
/// scalar route (`value_and_derivative`), so that the array route keeps its
/// accuracy where the batch math flushes or loses digits, and so are their
/// terms of the parameter gradients. An output may be the very same range as
/// an input (in-place use); ranges of different lengths, an output that
/// partly overlaps an input, and two outputs given as one range (they would
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

#include <ctdiff/array/storage.hpp>
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
    bool value;          // out = f(in)
    bool derivative;     // grad_in = f'(in) * grad_out
    bool parameters;     // sums of d f / d a * grad_out for the bound variables
    bool local = false;  // grad_in = f'(in), no grad_out (forward_save)
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

}  // namespace detail

/// `out[i] = f(in[i])`, the other variables bound by name after the ranges.
template <expression E, detail::array_input In, detail::array_output Out, class... Bs>
void forward(const E& e, In&& in, Out&& out, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::check_storage_type<In>() && detail::check_storage_type<Out>()) {
        static_assert(std::is_same_v<T, detail::array_element_t<Out>>,
                      "ctdiff::forward(f, in, out): in and out must have the same element type");
        detail::check_array_call<E, T, Bs...>();
        constexpr const char* fn = "forward";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto ro = detail::storage_ref(fn, "out", out);
        detail::check_array_pair(fn, ri, ro);
        detail::check_array_overlap(fn, ro, ri);
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            detail::array_pass<detail::array_mode{true, false, false}, V, T>(e, ri.data, nullptr, ro.data,
                                                                             nullptr, ri.size, bs...);
        }
    }
}

/// `grad_in[i] = f'(in[i]) * grad_out[i]`; returns the gradient with respect
/// to the variables bound by name after the ranges, summed over the elements.
template <expression E, detail::array_input In, detail::array_input GradOut, detail::array_output GradIn,
          class... Bs>
auto backward(const E& e, In&& in, GradOut&& grad_out, GradIn&& grad_in, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::check_storage_type<In>() && detail::check_storage_type<GradOut>() &&
                  detail::check_storage_type<GradIn>()) {
        static_assert(
            std::is_same_v<T, detail::array_element_t<GradOut>> &&
                std::is_same_v<T, detail::array_element_t<GradIn>>,
            "ctdiff::backward(f, in, grad_out, grad_in): the ranges must have the same element type");
        detail::check_array_call<E, T, Bs...>();
        constexpr const char* fn = "backward";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_array_pair(fn, ri, rgo);
        detail::check_array_pair(fn, ri, rgi);
        detail::check_array_overlap(fn, rgi, ri);
        detail::check_array_overlap(fn, rgi, rgo);
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            return detail::array_pass<detail::array_mode{false, true, (sizeof...(Bs) > 0)}, V, T>(
                e, ri.data, rgo.data, nullptr, rgi.data, ri.size, bs...);
        } else {
            return parameter_gradient<T, typename Bs::variable_type...>{};
        }
    } else {
        return parameter_gradient<T>{};
    }
}

/// `out = f(in)` and `grad_in = f'(in) * grad_out` in one pass; returns the
/// gradient with respect to the variables bound by name, summed over the elements.
template <expression E, detail::array_input In, detail::array_input GradOut, detail::array_output Out,
          detail::array_output GradIn, class... Bs>
auto forward_backward(const E& e, In&& in, GradOut&& grad_out, Out&& out, GradIn&& grad_in, const Bs&... bs) {
    using T = detail::array_element_t<In>;
    if constexpr (detail::check_storage_type<In>() && detail::check_storage_type<GradOut>() &&
                  detail::check_storage_type<Out>() && detail::check_storage_type<GradIn>()) {
        static_assert(
            std::is_same_v<T, detail::array_element_t<GradOut>> &&
                std::is_same_v<T, detail::array_element_t<Out>> &&
                std::is_same_v<T, detail::array_element_t<GradIn>>,
            "ctdiff::forward_backward(f, in, grad_out, out, grad_in): the ranges must have the same "
            "element type");
        detail::check_array_call<E, T, Bs...>();
        constexpr const char* fn = "forward_backward";
        const auto ri = detail::storage_ref(fn, "in", in);
        const auto rgo = detail::storage_ref(fn, "grad_out", grad_out);
        const auto ro = detail::storage_ref(fn, "out", out);
        const auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_array_pair(fn, ri, rgo);
        detail::check_array_pair(fn, ri, ro);
        detail::check_array_pair(fn, ri, rgi);
        detail::check_array_overlap(fn, ro, ri);
        detail::check_array_overlap(fn, ro, rgo);
        detail::check_array_overlap(fn, rgi, ri);
        detail::check_array_overlap(fn, rgi, rgo);
        detail::check_array_overlap(fn, rgi, ro);
        if (ro.size != 0 && ro.data == rgi.data) detail::array_overlap_error(fn, "grad_in", "out");
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            return detail::array_pass<detail::array_mode{true, true, (sizeof...(Bs) > 0)}, V, T>(
                e, ri.data, rgo.data, ro.data, rgi.data, ri.size, bs...);
        } else {
            return parameter_gradient<T, typename Bs::variable_type...>{};
        }
    } else {
        return parameter_gradient<T>{};
    }
}

// ---------------------------------------------------------------------------
// Several input ranges, bound by variable name (#14).

/// A range bound to a variable by name, for expressions of several variables:
/// `input(a, a_in)`, or with the range its gradient goes to, `input(a, a_in, grad_a)`.
template <class V, class T, bool Grad>
struct range_input {
    using variable_type = V;
    using element_type = T;
    static constexpr bool has_gradient = Grad;
    detail::array_ref<const T> in;
    detail::array_ref<T> grad;
};

/// Two variables bound to the halves of one range of 2n elements (PyTorch's
/// `glu` layout): `halves(a, b, in)`, `halves(a, b, in, grad_in)`.
template <class Va, class Vb, class T, bool Grad>
struct range_halves {
    range_input<Va, T, Grad> first;
    range_input<Vb, T, Grad> second;
};

namespace detail {

/// The names a range input's errors use: the variable's (`a`) and its gradient's (`grad_a`).
template <class V>
struct range_labels {
    struct text {
        char chars[V::name.size() + 6];
    };
    static constexpr text make(const char* prefix, std::size_t np) noexcept {
        text t{};
        for (std::size_t i = 0; i < np; ++i) t.chars[i] = prefix[i];
        for (std::size_t i = 0; i < V::name.size(); ++i) t.chars[np + i] = V::name.chars[i];
        return t;
    }
    static constexpr text input = make("", 0);
    static constexpr text gradient = make("grad_", 5);
};

template <class A>
struct range_arg {
    static constexpr std::size_t count = 0;
    static constexpr bool has_gradient = false;
    using variables = type_list<>;
    using element_type = void;
};
template <class V, class T, bool G>
struct range_arg<range_input<V, T, G>> {
    static constexpr std::size_t count = 1;
    static constexpr bool has_gradient = G;
    using variables = type_list<V>;
    using element_type = T;
};
template <class Va, class Vb, class T, bool G>
struct range_arg<range_halves<Va, Vb, T, G>> {
    static constexpr std::size_t count = 2;
    static constexpr bool has_gradient = G;
    using variables = type_list<Va, Vb>;
    using element_type = T;
};

template <class... Ls>
struct list_concat {
    using type = type_list<>;
};
template <class... As>
struct list_concat<type_list<As...>> {
    using type = type_list<As...>;
};
template <class... As, class... Bs, class... Ls>
struct list_concat<type_list<As...>, type_list<Bs...>, Ls...> : list_concat<type_list<As..., Bs...>, Ls...> {
};

template <class... As>
inline constexpr std::size_t range_count_v = (std::size_t{0} + ... + range_arg<As>::count);

/// The variables the range arguments bind, in the order of the arguments.
template <class... As>
using range_variables_t = typename list_concat<typename range_arg<As>::variables...>::type;

template <class L>
struct list_distinct;
template <class... Vs>
struct list_distinct<type_list<Vs...>> {
    static constexpr bool value = all_distinct_v<Vs...>;
};

/// The positions of the arguments that are (Range) or are not (!Range) range arguments.
template <bool Range, class... As>
constexpr auto argument_positions() noexcept {
    struct positions {
        std::size_t at[sizeof...(As) + 1];
        std::size_t count;
    };
    constexpr bool is_range[] = {(range_arg<As>::count > 0)..., false};
    positions p{};
    for (std::size_t i = 0; i < sizeof...(As); ++i)
        if (is_range[i] == Range) p.at[p.count++] = i;
    return p;
}
template <bool Range, class... As>
constexpr auto argument_sequence() noexcept {
    constexpr auto p = argument_positions<Range, As...>();
    return [&]<std::size_t... K>(std::index_sequence<K...>) { return std::index_sequence<p.at[K]...>{}; }
    (std::make_index_sequence<p.count>{});
}

template <std::size_t I, class A, class... As>
constexpr const auto& nth_argument(const A& a, const As&... as) noexcept {
    if constexpr (I == 0) {
        return a;
    } else {
        return nth_argument<I - 1>(as...);
    }
}

/// One input range of a pass and where its gradient goes.
template <class T>
struct range_slot {
    array_ref<const T> in;
    array_ref<T> grad;
};
template <class T, class A>
void put_slots(const A& a, range_slot<T>* slots, std::size_t& k) noexcept {
    if constexpr (range_arg<A>::count == 1) {
        slots[k++] = {a.in, a.grad};
    } else if constexpr (range_arg<A>::count == 2) {
        slots[k++] = {a.first.in, a.first.grad};
        slots[k++] = {a.second.in, a.second.grad};
    }
}

/// One batch (or one element) of a pass over several inputs: the value, and
/// one dual evaluation per input variable (the first gives the value too). The
/// other inputs are plain numbers (no inf * 0 terms); a NaN in any input
/// makes every partial NaN.
template <array_mode M, class N, class E, class Acc, class... Vs, class... Bs>
inline void array_step_n(type_list<Vs...>, const E& e, const N* x, const N& go, N& y, N* g, Acc* sums,
                         const Bs&... bs) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        if constexpr (M.derivative) {
            const auto one = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
                const dual<N> r = as_dual<N>(
                    e.eval(make_environment(seed_binding<I == J, N>(binding<Vs, N>{x[I]})..., bs...)));
                if constexpr (J == 0) y = r.value;
                // NaN in any input of the expression, NaN in every partial (the symbolic
                // d's NaN guard does the same where a partial no longer depends on it).
                N d = r.derivative;
                ((d = list_contains_v<variables_t<E>, Vs> ? math::select(math::isnan(x[I]), x[I], d) : d),
                 ...);
                if constexpr (M.local) {
                    g[J] = d;
                } else {
                    g[J] = d * go;
                }
            };
            (one(std::integral_constant<std::size_t, I>{}), ...);
        } else if constexpr (M.value) {
            y = convert<N>(e.eval(make_environment(binding<Vs, N>{x[I]}..., bs...)));
        }
        if constexpr (M.parameters && sizeof...(Bs) > 0) {
            const auto one = [&]<std::size_t K>(std::integral_constant<std::size_t, K>) {
                const auto r = as_dual<N>([&]<std::size_t... P>(std::index_sequence<P...>) {
                    return e.eval(make_environment(binding<Vs, N>{x[I]}..., seed_binding<P == K, N>(bs)...));
                }(std::index_sequence_for<Bs...>{}));
                sums[K] = sums[K] + r.derivative * go;
            };
            [&]<std::size_t... K>(std::index_sequence<K...>) {
                (one(std::integral_constant<std::size_t, K>{}), ...);
            }
            (std::index_sequence_for<Bs...>{});
        }
    }
    (std::index_sequence_for<Vs...>{});
}

/// The fused pass over n elements of several inputs: whole batches, then the tail padded to a batch.
template <array_mode M, class T, class... Vs, class E, class... Bs>
parameter_gradient<T, typename Bs::variable_type...> array_pass_n(type_list<Vs...> vars, const E& e,
                                                                  const range_slot<T>* slots, const T* gout,
                                                                  T* out, std::size_t n, const Bs&... bs) {
    using S = math::simd_batch_t<T>;
    using N = std::conditional_t<std::is_void_v<S>, T, S>;
    constexpr std::size_t W = math::simd_width_v<T>;
    constexpr std::size_t K = sizeof...(Vs);
    constexpr std::size_t P = sizeof...(Bs);
    using Total = std::conditional_t<std::is_same_v<T, float>, double, T>;
    constexpr std::size_t flush = 256;  // batches summed in N before adding to the wide total

    Total totals[P == 0 ? 1 : P] = {};
    N sums[P == 0 ? 1 : P];
    for (auto& s : sums) s = convert<N>(0);
    const auto flush_sums = [&](std::size_t lanes) {
        for (std::size_t k = 0; k < P; ++k) {
            totals[k] += lane_sum<Total>(sums[k], lanes);
            sums[k] = convert<N>(0);
        }
    };
    constexpr bool reads_gout = (M.derivative && !M.local) || M.parameters;
    const auto run = [&](const auto&... nb) {
        std::size_t i = 0;
        std::size_t since_flush = 0;
        const N zero = convert<N>(0);
        N y = zero;
        N x[K];
        N g[K];
        for (auto& v : g) v = zero;
        for (; i + W <= n; i += W) {
            for (std::size_t k = 0; k < K; ++k) x[k] = load_lanes<N>(slots[k].in.data + i);
            const N go = reads_gout ? load_lanes<N>(gout + i) : zero;
            array_step_n<M>(vars, e, x, go, y, g, sums, nb...);
            if constexpr (M.value) store_lanes(out + i, y);
            if constexpr (M.derivative)
                for (std::size_t k = 0; k < K; ++k) store_lanes(slots[k].grad.data + i, g[k]);
            if (M.parameters && ++since_flush == flush) {
                flush_sums(W);
                since_flush = 0;
            }
        }
        if constexpr (M.parameters) flush_sums(W);
        if constexpr (W > 1) {
            const std::size_t rest = n - i;
            if (rest != 0) {
                alignas(64) T bx[K][W] = {};
                alignas(64) T bg[W] = {};
                alignas(64) T bo[W];
                for (std::size_t k = 0; k < K; ++k) {
                    for (std::size_t j = 0; j < rest; ++j) bx[k][j] = slots[k].in.data[i + j];
                    x[k] = load_lanes<N>(bx[k]);
                }
                if (reads_gout)
                    for (std::size_t j = 0; j < rest; ++j) bg[j] = gout[i + j];
                array_step_n<M>(vars, e, x, load_lanes<N>(bg), y, g, sums, nb...);
                if constexpr (M.value) {
                    store_lanes(bo, y);
                    for (std::size_t j = 0; j < rest; ++j) out[i + j] = bo[j];
                }
                if constexpr (M.derivative) {
                    for (std::size_t k = 0; k < K; ++k) {
                        store_lanes(bo, g[k]);
                        for (std::size_t j = 0; j < rest; ++j) slots[k].grad.data[i + j] = bo[j];
                    }
                }
                if constexpr (M.parameters) flush_sums(rest);
            }
        }
    };
    run(binding<typename Bs::variable_type, N>{convert<N>(convert<T>(bs.value))}...);

    parameter_gradient<T, typename Bs::variable_type...> result{};
    for (std::size_t k = 0; k < P; ++k) result.partials[k] = static_cast<T>(totals[k]);
    return result;
}

[[noreturn]] inline void array_alias_error(const char* function, const char* a, const char* b) {
    throw std::invalid_argument(std::string("ctdiff::") + function + ": " + a + " and " + b +
                                " are the same range (two outputs cannot share one)");
}

template <class A>
struct scalar_arg {
    static constexpr bool plain = true;
    using variables = type_list<>;
};
template <class V, class U>
struct scalar_arg<binding<V, U>> {
    static constexpr bool plain = std::is_arithmetic_v<U>;
    using variables = type_list<V>;
};

/// The checks on a call with range inputs, made on the types: one line each.
template <bool Gradients, class E, class T, class... As>
constexpr bool check_range_call() {
    constexpr bool kinds = ((range_arg<As>::count > 0 || is_binding_v<As>)&&...);
    static_assert(kinds,
                  "ctdiff array functions: after the output ranges come input(v, range[, grad]), "
                  "halves(a, b, range[, grad]) and variables bound by name to numbers (a = 0.25)");
    if constexpr (kinds) {
        static_assert(
            ((range_arg<As>::count == 0 || std::is_same_v<typename range_arg<As>::element_type, T>)&&...),
            "ctdiff array functions: every input range must have the element type of the other "
            "ranges");
        static_assert(((range_arg<As>::count == 0 || range_arg<As>::has_gradient || !Gradients) && ...),
                      "ctdiff::backward and ctdiff::forward_backward: every range input needs the range its "
                      "gradient goes to: input(a, a_in, grad_a), halves(a, b, in, grad_in)");
        static_assert((scalar_arg<As>::plain && ...),
                      "ctdiff array functions: the variables bound by name are bound to plain numbers");
        using bound = typename list_concat<typename range_arg<As>::variables...,
                                           typename scalar_arg<As>::variables...>::type;
        static_assert(list_distinct<bound>::value,
                      "ctdiff array functions: a variable is bound twice (to two ranges, or to a range and a "
                      "number)");
        static_assert(list_difference<variables_t<E>, bound>::type::size == 0,
                      "ctdiff array functions: every variable of the expression must be bound, to a range "
                      "with input(v, range) or to a number with v = 0.25");
        return true;
    }
    return false;
}

/// Runs a pass over range inputs after checking lengths and aliasing.
template <array_mode M, class E, class T, class... As>
auto range_call(const char* fn, const E& e, array_ref<const T> gout, array_ref<T> out, const As&... as) {
    constexpr std::size_t R = range_count_v<As...>;
    range_slot<T> slots[R];
    std::size_t k = 0;
    (put_slots(as, slots, k), ...);
    const auto& first = slots[0].in;
    constexpr bool reads_gout = (M.derivative && !M.local) || M.parameters;
    for (std::size_t r = 1; r < R; ++r) check_array_pair(fn, first, slots[r].in);
    if constexpr (reads_gout) check_array_pair(fn, first, gout);
    if constexpr (M.value) check_array_pair(fn, first, out);
    if constexpr (M.derivative)
        for (std::size_t r = 0; r < R; ++r) check_array_pair(fn, first, slots[r].grad);
    // Outputs may be the very same range as an input (each batch is read before
    // it is written), never partly overlap one, and never share with another output.
    array_ref<T> outputs[R + 1];
    std::size_t m = 0;
    if constexpr (M.value) outputs[m++] = out;
    if constexpr (M.derivative)
        for (std::size_t r = 0; r < R; ++r) outputs[m++] = slots[r].grad;
    for (std::size_t o = 0; o < m; ++o) {
        for (std::size_t r = 0; r < R; ++r) check_array_overlap(fn, outputs[o], slots[r].in);
        if constexpr (reads_gout) check_array_overlap(fn, outputs[o], gout);
        for (std::size_t p = 0; p < o; ++p) {
            if (outputs[o].size != 0 && outputs[o].data == outputs[p].data)
                array_alias_error(fn, outputs[p].name, outputs[o].name);
            check_array_overlap(fn, outputs[o], outputs[p]);
        }
    }
    return [&]<std::size_t... S>(std::index_sequence<S...>) {
        return array_pass_n<M, T>(range_variables_t<As...>{}, e, slots, gout.data, out.data, first.size,
                                  nth_argument<S>(as...)...);
    }
    (argument_sequence<false, As...>());
}

}  // namespace detail

/// `input(a, a_in)`: the range a_in bound to the variable a, for an expression
/// of several variables; `input(a, a_in, grad_a)` also names where the
/// gradient with respect to a goes (backward, forward_backward).
template <class V, detail::array_input R>
requires detail::is_variable_v<V>
auto input(const V&, R&& in) {
    using T = detail::array_element_t<R>;
    if constexpr (detail::check_storage_type<R>()) {
        return range_input<V, T, false>{
            detail::storage_ref("input", detail::range_labels<V>::input.chars, in),
            {nullptr, 0, detail::range_labels<V>::gradient.chars}};
    }
}
template <class V, detail::array_input R, detail::array_input G>
requires detail::is_variable_v<V>
auto input(const V&, R&& in, G&& grad) {
    using T = detail::array_element_t<R>;
    if constexpr (detail::check_storage_type<R>() && detail::check_storage_type<G>()) {
        static_assert(
            !std::is_const_v<detail::array_pointee_t<G>>,
            "ctdiff::input(v, in, grad): grad is where the gradient is written; it cannot be const");
        static_assert(std::is_same_v<T, detail::array_element_t<G>>,
                      "ctdiff::input(v, in, grad): in and grad must have the same element type");
        return range_input<V, T, true>{
            detail::storage_ref("input", detail::range_labels<V>::input.chars, in),
            detail::storage_ref("input", detail::range_labels<V>::gradient.chars, grad)};
    }
}

/// `halves(a, b, in)`: PyTorch's glu layout, one range of 2n elements whose
/// first half binds a and second half binds b; `halves(a, b, in, grad_in)`
/// writes both gradients back into one range of 2n elements the same way.
template <class Va, class Vb, detail::array_input R>
requires(detail::is_variable_v<Va>&& detail::is_variable_v<Vb>) auto halves(const Va& a, const Vb& b,
                                                                            R&& in) {
    using T = detail::array_element_t<R>;
    if constexpr (detail::check_storage_type<R>()) {
        const auto whole = detail::storage_ref("halves", "in", in);
        if (whole.size % 2 != 0)
            throw std::invalid_argument("ctdiff::halves: in has " + std::to_string(whole.size) +
                                        " elements, not an even number");
        const std::size_t h = whole.size / 2;
        return range_halves<Va, Vb, T, false>{input(a, view(whole.data, h)),
                                              input(b, view(whole.data + h, h))};
    }
}
template <class Va, class Vb, detail::array_input R, detail::array_output G>
requires(detail::is_variable_v<Va>&& detail::is_variable_v<Vb>) auto halves(const Va& a, const Vb& b, R&& in,
                                                                            G&& grad) {
    using T = detail::array_element_t<R>;
    if constexpr (detail::check_storage_type<R>() && detail::check_storage_type<G>()) {
        static_assert(std::is_same_v<T, detail::array_element_t<G>>,
                      "ctdiff::halves(a, b, in, grad): in and grad must have the same element type");
        const auto whole = detail::storage_ref("halves", "in", in);
        const auto wg = detail::storage_ref("halves", "grad", grad);
        if (whole.size % 2 != 0)
            throw std::invalid_argument("ctdiff::halves: in has " + std::to_string(whole.size) +
                                        " elements, not an even number");
        detail::check_array_pair("halves", whole, wg);
        const std::size_t h = whole.size / 2;
        return range_halves<Va, Vb, T, true>{input(a, view(whole.data, h), view(wg.data, h)),
                                             input(b, view(whole.data + h, h), view(wg.data + h, h))};
    }
}

/// `out[i] = f(a_in[i], b_in[i], ...)` for ranges bound by name with input(),
/// other variables bound to numbers: `forward(silu(a) * b, out, input(a, a_in), input(b, b_in))`.
template <expression E, detail::array_output Out, class... As>
requires(detail::range_count_v<As...> > 0) void forward(const E& e, Out&& out, const As&... as) {
    using T = detail::array_element_t<Out>;
    if constexpr (detail::check_storage_type<Out>() && detail::check_range_call<false, E, T, As...>()) {
        constexpr const char* fn = "forward";
        detail::range_call<detail::array_mode{true, false, false}, E, T>(
            fn, e, detail::array_ref<const T>{nullptr, 0, "grad_out"}, detail::storage_ref(fn, "out", out),
            as...);
    }
}

/// `grad_a[i] = d f / d a (a_in[i], ...) * grad_out[i]` for every range bound
/// with input(a, a_in, grad_a); returns the gradient with respect to the
/// variables bound to numbers, summed over the elements.
template <expression E, detail::array_input GradOut, class... As>
requires(detail::range_count_v<As...> > 0) auto backward(const E& e, GradOut&& grad_out, const As&... as) {
    using T = detail::array_element_t<GradOut>;
    if constexpr (detail::check_storage_type<GradOut>() && detail::check_range_call<true, E, T, As...>()) {
        constexpr const char* fn = "backward";
        return detail::range_call<
            detail::array_mode{false, true, (detail::argument_positions<false, As...>().count > 0)}, E, T>(
            fn, e, detail::storage_ref(fn, "grad_out", grad_out), detail::array_ref<T>{nullptr, 0, "out"},
            as...);
    } else {
        return parameter_gradient<T>{};
    }
}

/// `out` and every `grad_a` in one pass: `forward_backward(silu(a) * b, grad_out,
/// out, input(a, a_in, grad_a), input(b, b_in, grad_b))`; returns the gradient with
/// respect to the variables bound to numbers, summed over the elements.
template <expression E, detail::array_input GradOut, detail::array_output Out, class... As>
requires(detail::range_count_v<As...> > 0) auto forward_backward(const E& e, GradOut&& grad_out, Out&& out,
                                                                 const As&... as) {
    using T = detail::array_element_t<Out>;
    if constexpr (detail::check_storage_type<GradOut>() && detail::check_storage_type<Out>() &&
                  detail::check_range_call<true, E, T, As...>()) {
        static_assert(std::is_same_v<T, detail::array_element_t<GradOut>>,
                      "ctdiff::forward_backward(f, grad_out, out, inputs...): the ranges must have the same "
                      "element type");
        constexpr const char* fn = "forward_backward";
        return detail::range_call<
            detail::array_mode{true, true, (detail::argument_positions<false, As...>().count > 0)}, E, T>(
            fn, e, detail::storage_ref(fn, "grad_out", grad_out), detail::storage_ref(fn, "out", out), as...);
    } else {
        return parameter_gradient<T>{};
    }
}

}  // namespace ctdiff
