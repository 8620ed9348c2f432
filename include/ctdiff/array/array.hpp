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

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include <ctdiff/array/storage.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/math/simd.hpp>
#include <ctdiff/number/dual.hpp>
#include <ctdiff/number/multi_dual.hpp>
#include <ctdiff/number/sparse_dual.hpp>

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
[[noreturn]] inline void array_alias_error(const char* function, const char* a, const char* b) {
    throw std::invalid_argument(std::string("ctdiff::") + function + ": " + a + " and " + b +
                                " are the same range (two outputs cannot share one)");
}

/// Two ranges may coincide or be apart, never partly overlap.
template <class T, class U>
void check_array_overlap(const char* function, const array_ref<T>& a, const array_ref<U>& b) {
    const T* pa = a.data;
    const T* pb = b.data;
    if (pa == pb || a.size == 0) return;
    // Addresses as integers: one flat address space on every target ctdiff runs on.
    auto ia = reinterpret_cast<std::uintptr_t>(pa);
    auto ib = reinterpret_cast<std::uintptr_t>(pb);
    if (ia < ib + b.size * sizeof(T) && ib < ia + a.size * sizeof(T))
        array_overlap_error(function, a.name, b.name);
}

/// The one run-time check of every array call (one input or several, one thread or
/// several, the layer functions): every range has the length of the first range read;
/// a range written may be the very same range as one read (in place), never partly
/// overlap one, and never share with or overlap another range written. The messages
/// name the function and both ranges. (Null pointers with a length are storage_ref's.)
template <class T>
void check_ranges(const char* function, std::span<const array_ref<const T>> reads,
                  std::span<const array_ref<T>> writes) {
    const array_ref<const T>& first = reads.front();
    for (const auto& r : reads)
        if (r.size != first.size) array_length_error(function, first.name, first.size, r.name, r.size);
    for (const auto& w : writes)
        if (w.size != first.size) array_length_error(function, first.name, first.size, w.name, w.size);
    for (std::size_t o = 0; o < writes.size(); ++o) {
        for (const auto& r : reads) check_array_overlap(function, writes[o], r);
        for (std::size_t p = 0; p < o; ++p) {
            if (writes[o].size != 0 && writes[o].data == writes[p].data)
                array_alias_error(function, writes[p].name, writes[o].name);
            check_array_overlap(function, writes[o], writes[p]);
        }
    }
}
template <class T>
void check_ranges(const char* function, std::initializer_list<array_ref<const T>> reads,
                  std::initializer_list<array_ref<T>> writes) {
    check_ranges<T>(function, std::span<const array_ref<const T>>(reads.begin(), reads.size()),
                    std::span<const array_ref<T>>(writes.begin(), writes.size()));
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

#if CTDIFF_HAS_XSIMD && defined(__SSE2__)
/// One streaming (non-temporal) store of a register of float or double lanes, per x86
/// register type: stream_lanes's instructions.
inline void stream_register(float* p, __m128 r) noexcept { _mm_stream_ps(p, r); }
inline void stream_register(double* p, __m128d r) noexcept { _mm_stream_pd(p, r); }
#if defined(__AVX__)
inline void stream_register(float* p, __m256 r) noexcept { _mm256_stream_ps(p, r); }
inline void stream_register(double* p, __m256d r) noexcept { _mm256_stream_pd(p, r); }
#endif
#if defined(__AVX512F__)
inline void stream_register(float* p, __m512 r) noexcept { _mm512_stream_ps(p, r); }
inline void stream_register(double* p, __m512d r) noexcept { _mm512_stream_pd(p, r); }
#endif
#endif
/// Whether a pass over N writes its outputs with streaming (non-temporal) stores where
/// they are long (array_stream_bytes) and aligned: x86 SIMD batches of float or double.
template <class N, class T>
inline constexpr bool streams_v = false;
#if CTDIFF_HAS_XSIMD && defined(__SSE2__)
template <class N, class T>
requires(!std::is_same_v<N, T>) && requires(T* p, const N& v) {
    stream_register(p, static_cast<typename N::register_type>(v));
}
inline constexpr bool streams_v<N, T> = true;
#endif
/// The length in bytes from which a pass streams its outputs (each output range at least
/// this long): a pass over ranges beyond the core's L2 cache writes its lines without
/// reading them first, and leaves the caches to its inputs. A hand-written AVX2 relu over
/// 2^19, 2^21 and 2^22 floats on an Intel Xeon (Sapphire Rapids class, 2 MiB of L2 per
/// core) took 465, 1970 and 2990 us with streaming stores against 580 to 630, 3050 and 4900
/// to 6800 with plain ones; at 2^18 (1 MiB) 274 against 233 to 275, at 2^16 95 against 25.
inline constexpr std::size_t array_stream_bytes = std::size_t(1) << 21;
/// v at p (aligned to a batch) by a streaming store (streams_v); the pass ends with
/// stream_fence.
template <class N, class T>
[[gnu::always_inline]] inline void stream_lanes([[maybe_unused]] T* p, [[maybe_unused]] const N& v) noexcept {
    if constexpr (streams_v<N, T>) stream_register(p, static_cast<typename N::register_type>(v));
}
/// Orders a pass's streaming stores before what follows it (they are weakly ordered).
template <class N, class T>
inline void stream_fence() noexcept {
#if CTDIFF_HAS_XSIMD && defined(__SSE2__)
    if constexpr (streams_v<N, T>) _mm_sfence();
#endif
}
/// v at p, by a streaming store where `stream` (the pass's choice: array_pass).
template <class N, class T>
[[gnu::always_inline]] inline void put_lanes(T* p, const N& v, bool stream) noexcept {
    if (streams_v<N, T> && stream) {
        stream_lanes(p, v);
    } else {
        store_lanes(p, v);
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

/// A variable's value as a sparse dual of direction P alone, or as it is.
template <bool Seed, unsigned P, class N, class B>
auto seed_direction(const B& b) noexcept {
    if constexpr (Seed) {
        return binding<typename B::variable_type, sparse_dual<N, (std::uint64_t{1} << P)>>{
            sparse_dual<N, (std::uint64_t{1} << P)>{b.value, {convert<N>(1)}}};
    } else {
        return b;
    }
}

/// The partial in direction P of a sparse pass's result: 0 where it does not depend
/// on P (as the dual pass seeded in P gives).
template <unsigned P, class N, class R>
N partial_in_direction(const R& r) noexcept {
    if constexpr (has_direction(directions_of_v<R>, P)) {
        return convert<N>(partial_in<P>(r));
    } else {
        return convert<N>(0);
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

/// Whether E computes a primitive whose rule asks for a wider type than its
/// arguments' (`rule_precision`): the scalar route computes it there, a batch in
/// its own type, so only such expressions need lanes rescued (relu's do not), unless
/// the rule says its batches of element type T are exact in every band (`batch_exact`).
template <class E, class T>
struct has_wide_rule : std::false_type {};
template <class Op, class... Cs, class T>
struct has_wide_rule<node<Op, Cs...>, T> : std::bool_constant<(has_wide_rule<Cs, T>::value || ...)> {};
template <class Rule, class... Cs, class T>
struct has_wide_rule<node<function_op<Rule>, Cs...>, T>
    : std::bool_constant<(precision_of<Rule>() != rule_precision::working && !batch_exact_of<Rule, T>()) ||
                         (has_wide_rule<Cs, T>::value || ...)> {};

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

/// The position of V among Vs (sizeof...(Vs) when absent).
template <class V, class... Vs>
constexpr std::size_t position_of() noexcept {
    constexpr bool hits[] = {std::is_same_v<V, Vs>..., false};
    std::size_t i = 0;
    while (i < sizeof...(Vs) && !hits[i]) ++i;
    return i;
}

/// Whether a pass can take E's value and every partial from one evaluation of its
/// rule: E is a primitive of two or more arguments, each a distinct variable (the
/// gated activations `swiglu(a, b)`, `prelu(x, a)` with a bound by name). The
/// general route evaluates E once per direction (one dual pass per input and per
/// variable bound by name); here the partials of the rule are the directions.
template <class E>
struct direct_primitive : std::false_type {};
template <class Rule, class... Cs>
struct direct_primitive<node<function_op<Rule>, Cs...>>
    : std::bool_constant<(sizeof...(Cs) >= 2) && (is_variable_v<Cs> && ...) && all_distinct_v<Cs...>> {};

/// The number a primitive's argument C takes in a pass: its input's batch, or the
/// number it is bound to.
template <class C, class N, class... Vs, class... Bs>
const N& argument_of(type_list<Vs...>, const N* x, const Bs&... bs) noexcept {
    constexpr std::size_t j = position_of<C, Vs...>();
    if constexpr (j < sizeof...(Vs)) {
        return x[j];
    } else {
        return nth_argument<position_of<C, typename Bs::variable_type...>()>(bs...).value;
    }
}

/// The value of primitive E and its partial in each argument, as the dual pass
/// computes them (the same operations, so the same bits), or from the rule's fused kernel.
template <class N, class Rule, class... Cs, class... Vs, class... Bs>
CTDIFF_KERNEL_INLINE inline multi_dual<N, sizeof...(Cs)> primitive_partials(
    type_list<Vs...> vars, const node<function_op<Rule>, Cs...>&, const N* x, const Bs&... bs) {
    constexpr std::size_t arity = sizeof...(Cs);
    if constexpr (batch_partials_rule<Rule, N,
                                      std::remove_cvref_t<decltype(argument_of<Cs>(vars, x, bs...))>...>) {
        return Rule::value_and_partials(argument_of<Cs>(vars, x, bs...)...);
    } else {
        multi_dual<N, arity> r;
        r.value = convert<N>(apply_rule<Rule>(argument_of<Cs>(vars, x, bs...)...));
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            auto partial = [&]<std::size_t J>(std::integral_constant<std::size_t, J>) {
                if constexpr (rule_partial_is_zero_v<Rule, arity, J>) {
                    return math::select(math::isnan(r.value), r.value, convert<N>(0));
                } else {
                    return nan_where_value_is(r.value, convert<N>(eval_partial<Rule, arity, J, N>(
                                                           argument_of<Cs>(vars, x, bs...)..., r.value)));
                }
            };
            ((r.d[I] = partial(std::integral_constant<std::size_t, I>{})), ...);
        }
        (std::index_sequence_for<Cs...>{});
        return r;
    }
}

/// The partial of a direct primitive in V; 0 where V is not one of its arguments (as the
/// dual pass gives).
template <class V, class N, class Rule, class... Cs>
N direct_partial(const node<function_op<Rule>, Cs...>&, const multi_dual<N, sizeof...(Cs)>& r) noexcept {
    constexpr std::size_t i = position_of<V, Cs...>();
    if constexpr (i < sizeof...(Cs)) {
        return r.d[i];
    } else {
        return convert<N>(0);
    }
}

/// For the inputs x of the variables Vs that E uses: whether a lane of any of them is NaN
/// (a mask: math::unordered of two inputs at a time, one comparison per pair on x86
/// batches) and a value that is NaN in those lanes (their sum; where no input is NaN it is
/// not used, so an inf - inf there does not matter). Which input's NaN a lane carries is
/// not specified. The former guard, a test and a select per input and per partial, cost
/// geglu's pass 3 µs of 60 at 2^16 on AVX-512; this one 1.
template <class E, class... Vs, class N>
[[gnu::always_inline]] inline auto used_inputs_nan(const N* x) {
    constexpr bool used[] = {list_contains_v<variables_t<E>, Vs>...};
    constexpr std::size_t count = (std::size_t{list_contains_v<variables_t<E>, Vs>} + ...);
    using Mask = decltype(math::unordered(x[0], x[0]));
    if constexpr (count == 0) {
        return std::pair<Mask, N>{math::unordered(convert<N>(0), convert<N>(0)), convert<N>(0)};
    } else {
        constexpr std::array<std::size_t, count> at = [&] {
            std::array<std::size_t, count> r{};
            std::size_t j = 0;
            for (std::size_t i = 0; i < sizeof...(Vs); ++i)
                if (used[i]) r[j++] = i;
            return r;
        }();
        Mask mask = math::unordered(x[at[0]], x[at[count > 1 ? 1 : 0]]);
        for (std::size_t j = 2; j < count; j += 2) {
            const Mask m = math::unordered(x[at[j]], x[at[j + 1 < count ? j + 1 : j]]);
            if constexpr (std::is_same_v<Mask, bool>) {
                mask = mask || m;
            } else {
                mask = mask | m;
            }
        }
        N sum = x[at[0]];
        for (std::size_t j = 1; j < count; ++j) sum = sum + x[at[j]];
        return std::pair<Mask, N>{mask, sum};
    }
}

/// With several inputs, whether a lane of an input E uses is NaN and a NaN for those lanes
/// (used_inputs_nan); with one, nothing (0). Once per batch, for input_gradient.
template <class E, class... Vs, class N>
[[gnu::always_inline]] inline auto inputs_nan(type_list<Vs...>, const N* x) {
    if constexpr (sizeof...(Vs) > 1) {
        return used_inputs_nan<E, Vs...>(x);
    } else {
        return 0;
    }
}
/// An input's gradient from a batch's partial d in it: NaN where an input E uses is NaN
/// (nan_in, from inputs_nan: the symbolic d's NaN guard does the same where a partial no
/// longer depends on it; one select per partial), times go (alone for forward_save).
template <array_mode M, class N, class Nan>
[[gnu::always_inline]] inline N input_gradient(const Nan& nan_in, const N& go, const N& d) {
    N v = d;
    if constexpr (!std::is_same_v<Nan, int>) v = math::select(nan_in.first, nan_in.second, d);
    if constexpr (M.local) {
        return v;
    } else {
        return N(v * go);
    }
}

/// The results of one batch of a pass over K inputs Vs from r, the value and partials of E,
/// a direct primitive (array_step's route for it): y, each input's gradient g[k] (times go,
/// or alone for forward_save; NaN where an input E uses is NaN) and the parameter terms.
template <array_mode M, class N, class E, class R, class... Vs, class... Bs>
[[gnu::always_inline]] inline void direct_results(type_list<Vs...> vars, const E& e, const N* x, const N& go,
                                                  N& y, N* g, N* parts, const R& r, const Bs&...) {
    [[maybe_unused]] const auto nan_in = inputs_nan<E>(vars, x);
    y = r.value;
    [&]<std::size_t... J>(std::index_sequence<J...>) {
        if constexpr (M.derivative) ((g[J] = input_gradient<M>(nan_in, go, direct_partial<Vs>(e, r))), ...);
    }
    (std::index_sequence_for<Vs...>{});
    if constexpr (M.parameters) {
        [&]<std::size_t... P>(std::index_sequence<P...>) {
            ((parts[P] = direct_partial<typename Bs::variable_type>(e, r) * go), ...);
        }
        (std::index_sequence_for<Bs...>{});
    }
}

/// Whether a pass's one input is seeded with its gradient batch go, where others seed 1 and
/// multiply the derivative by go at the end: a derivative pass (not forward_save) of one
/// input that occurs once in E, no parameter summed. Its derivative is then a product of
/// the nodes' partials along one path (forward mode is linear in the seed), with go its first
/// factor, multiplied in at the leaf, beside the inner nodes' kernels, and not after the
/// outer node's kernel, at the end of the chain: as many multiplications (the leaf's product
/// by 1 that folded is now the product by go), one fewer after the slowest kernel. A
/// factor of 1 or 0 (relu's step) gives the same bits in either order; two other factors
/// may round differently (within the 4-ULP promise either way; go = 1 gives the same bits).
/// AMD EPYC Zen 5, 2^16 floats, sigmoid(relu(x)) on AVX2: see DESIGN.md, "Arrays".
template <array_mode M, class E, class... Vs>
inline constexpr bool seeds_grad_out_v = [] {
    if constexpr (M.derivative && !M.local && !M.parameters && sizeof...(Vs) == 1) {
        return (occurrences_v<E, Vs> + ...) == 1;
    } else {
        return false;
    }
}();

/// A variable's value as a dual seeded with go (seeds_grad_out_v), or as seed_binding gives it.
template <bool SeedGo, bool Seed, class N, class B>
auto seed_binding_with(const B& b, const N& go) noexcept {
    if constexpr (SeedGo) {
        return binding<typename B::variable_type, dual<N>>{dual<N>{b.value, go}};
    } else {
        return seed_binding<Seed, N>(b);
    }
}

/// One batch (or one element) of a pass over K inputs Vs (K = 1: the one-input
/// functions) and the variables bound by name Bs (bound to N): the value y, the
/// gradient g[k] of each input (times go, or alone for forward_save), and the terms
/// parts[p] of the parameter gradients. The general route evaluates E once per input
/// and per parameter on dual numbers, the variables not seeded as plain numbers (no
/// inf * 0 terms from the product rule); a primitive of distinct variables
/// (direct_primitive) is evaluated once. With several inputs a NaN in any input the
/// expression uses makes every partial NaN. Inlined into the pass's loop
/// (CTDIFF_KERNEL_INLINE): out of line, a batch's inputs and results went through memory.
template <array_mode M, class N, class E, class... Vs, class... Bs>
CTDIFF_KERNEL_INLINE inline void array_step(type_list<Vs...> vars, const E& e, const N* x, const N& go, N& y,
                                            N* g, N* parts, const Bs&... bs) {
    constexpr std::size_t K = sizeof...(Vs);
    // NaN in any input of the expression, NaN in every partial: one mask and one NaN per
    // batch (inputs_nan), one select per partial (input_gradient).
    [[maybe_unused]] const auto nan_in = inputs_nan<E>(vars, x);
    if constexpr ((M.derivative || M.parameters) && direct_primitive<E>::value) {
        direct_results<M>(vars, e, x, go, y, g, parts, primitive_partials<N>(vars, e, x, bs...), bs...);
        return;
    }
    // Several directions (inputs and variables bound by name): one evaluation on sparse
    // duals, each input and variable its own direction (inputs first), each node
    // carrying the partials of the directions it depends on.
    constexpr std::size_t inputs_seeded = M.derivative ? K : 0;
    constexpr std::size_t directions = inputs_seeded + (M.parameters ? sizeof...(Bs) : 0);
    if constexpr (directions >= 2) {
        static_assert(directions <= 64, "ctdiff arrays: at most 64 inputs and variables bound by name");
        auto r = [&]<std::size_t... I, std::size_t... Q>(std::index_sequence<I...>, std::index_sequence<Q...>)
            CTDIFF_KERNEL_INLINE {
            return e.eval(make_environment(seed_direction<M.derivative, I, N>(binding<Vs, N>{x[I]})...,
                                           seed_direction<M.parameters, inputs_seeded + Q, N>(bs)...));
        }
        (std::index_sequence_for<Vs...>{}, std::index_sequence_for<Bs...>{});
        y = convert<N>(primal(r));
        if constexpr (M.derivative) {
            [&]<std::size_t... J>(std::index_sequence<J...>) {
                ((g[J] = input_gradient<M>(nan_in, go, partial_in_direction<J, N>(r))), ...);
            }
            (std::index_sequence_for<Vs...>{});
        }
        if constexpr (M.parameters) {
            [&]<std::size_t... Q>(std::index_sequence<Q...>) {
                ((parts[Q] = partial_in_direction<inputs_seeded + Q, N>(r) * go), ...);
            }
            (std::index_sequence_for<Bs...>{});
        }
        return;
    }
    // At most one direction (one input, or one variable bound by name): one dual pass
    // seeded in it, the rest plain numbers; none: a plain evaluation.
    if constexpr (directions <= 1) {
        constexpr bool seed_go = seeds_grad_out_v<M, E, Vs...>;
        auto r = [&]<std::size_t... I>(std::index_sequence<I...>) CTDIFF_KERNEL_INLINE {
            return e.eval(
                make_environment(seed_binding_with<seed_go, M.derivative, N>(binding<Vs, N>{x[I]}, go)...,
                                 seed_binding<M.parameters, N>(bs)...));
        }
        (std::index_sequence_for<Vs...>{});
        if constexpr (directions == 1) {
            dual<N> rd = as_dual<N>(r);
            y = rd.value;
            if constexpr (seed_go) {
                g[0] = rd.derivative;
            } else if constexpr (M.derivative) {
                g[0] = input_gradient<M>(nan_in, go, rd.derivative);
            }
            if constexpr (M.parameters) parts[0] = rd.derivative * go;
        } else if constexpr (M.value) {
            y = convert<N>(r);
        }
    }
}

/// Grouped evaluation (#12): G batches of one expression evaluated node by node, each
/// node for every batch before the next node, so that the batches' chains of dependent
/// operations interleave (a composition's batch is one long chain, each function waiting
/// for the value of the one inside it; one batch at a time, the chain's latency, not the
/// count of operations, bounds the pass). Every batch takes the same operations as alone:
/// the same bits.
template <class E>
inline constexpr bool is_expr_node_v = false;
template <class Op, class... Cs>
inline constexpr bool is_expr_node_v<node<Op, Cs...>> = true;
template <class E>
inline constexpr bool has_node_child_v = false;
template <class Op, class... Cs>
inline constexpr bool has_node_child_v<node<Op, Cs...>> = (is_expr_node_v<Cs> || ...);

/// G results of one node, one per batch.
template <class R, std::size_t G>
struct group_of {
    R v[G];
};

template <std::size_t I, class R>
struct held {
    R value;
};
template <class Seq, class... R>
struct held_values;
template <std::size_t... I, class... R>
struct held_values<std::index_sequence<I...>, R...> : held<I, R>... {};
template <std::size_t I, class R>
constexpr const R& held_at(const held<I, R>& h) noexcept {
    return h.value;
}

/// Kernels for several batches at once (a rule's `value_and_derivative_batches<G>(u, r)`:
/// mish, sigmoid, silu, gelu_tanh). One batch's kernel is one long chain of dependent operations; G kernels
/// one after the other leave the scheduler's window full of operations waiting on one
/// chain, while the rule's kernel for G batches interleaves their stages. A primitive
/// of one variable whose rule has one takes it on G dual batches (the derivative passes),
/// grouped by 4 (array_group_v), alone or as a leaf of a composition; each batch's value
/// and derivative have the bits of its evaluation alone (number_kind<dual>::apply: the
/// rule's value_and_derivative, times the seed's derivative). A composition's inner nodes
/// keep their node-by-node grouping: taken through the kernels for several batches there,
/// chain10's AVX-512 pass was 4% slower (AMD EPYC Zen 5, 2^16 floats, 154 -> 160 us) and
/// sigmoid(relu(x))'s 3% faster; with only the first such node on each path, sigmoid(relu(x))'s
/// AVX2 pass was 8% slower and x * silu(x / 2)'s 4 to 6% (both instruction sets).
template <class Rule, class N, std::size_t G>
concept rule_batches = rule_view<Rule, 1>::template fused<N> && !widens_lanes<Rule, N> &&
                       std::is_same_v<compute_t<Rule, N>, N> && requires(const N (&u)[G], dual<N> (&r)[G]) {
    Rule::template value_and_derivative_batches<G>(u, r);
};
/// Kernels in two stages (a rule's `value_and_derivative_begin<K>(u, s)`, its first stage for
/// K batches: sigmoid's exps; then `value_and_derivative_end(u, s)` for each, the rest: its
/// quotients), whose composition has the bits of value_and_derivative. The array pass runs them
/// a step apart (array_step_group).
template <class Rule, class N>
concept rule_stages = rule_view<Rule, 1>::template fused<N> && !widens_lanes<Rule, N> &&
                      std::is_same_v<compute_t<Rule, N>, N> && requires(const N (&u)[1], N (&s)[1]) {
    Rule::template value_and_derivative_begin<1>(u, s);
    { Rule::value_and_derivative_end(u[0], s[0]) } -> std::same_as<dual<N>>;
};
template <class E>
struct primitive_rule {};
template <class Rule, class... Cs>
struct primitive_rule<node<function_op<Rule>, Cs...>> {
    using type = Rule;
};
template <class E>
using primitive_rule_t = typename primitive_rule<E>::type;
/// Whether E is a primitive of one argument whose rule has a kernel for 4 batches of N.
template <class E, class N>
inline constexpr bool batches_primitive_v = false;
template <class Rule, class C, class N>
inline constexpr bool batches_primitive_v<node<function_op<Rule>, C>, N> = rule_batches<Rule, N, 4>;
/// G batches of Rule's argument, duals, through its kernel for G batches.
template <class Rule, std::size_t G, class N>
[[gnu::always_inline]] inline group_of<dual<N>, G> apply_rule_batches(const dual<N> (&a)[G]) {
    N u[G];
    dual<N> r[G];
    math::unrolled<G>([&](auto k) { u[k] = a[k].value; });
    Rule::template value_and_derivative_batches<G>(u, r);
    group_of<dual<N>, G> y;
    math::unrolled<G>([&](auto k) {
        y.v[k] = {r[k].value, directional_term(r[k].derivative, a[k].derivative)};
    });
    return y;
}
/// Whether group_eval takes a primitive of one variable, bound to dual batches in Env, through
/// its rule's kernel for G batches.
template <std::size_t G, class E, class Env>
inline constexpr bool batches_leaf_v = false;
template <std::size_t G, class Rule, class X, class Env>
requires is_variable_v<X>
inline constexpr bool batches_leaf_v<G, node<function_op<Rule>, X>, Env> = [] {
    using U = std::remove_cvref_t<decltype(std::declval<const Env&>().lookup(X{}))>;
    if constexpr (is_dual_v<U>) {
        return rule_batches<Rule, typename U::value_type, G>;
    } else {
        return false;
    }
}();

/// The operations a grouped evaluation takes node by node, each as its tag's eval
/// computes it from its children's values (core/operation_tags.hpp, function_op): the
/// arithmetic and the primitives. Other nodes (powers, comparisons, select) evaluate
/// whole, batch by batch.
template <class Op>
struct group_op : std::false_type {};
template <class Rule>
struct group_op<function_op<Rule>> : std::true_type {
    template <class... A>
    [[gnu::always_inline]] static auto apply(const A&... a) {
        return apply_rule<Rule>(a...);
    }
};
template <>
struct group_op<add_op> : std::true_type {
    template <class A, class B>
    [[gnu::always_inline]] static auto apply(const A& a, const B& b) {
        return a + b;
    }
};
template <>
struct group_op<sub_op> : std::true_type {
    template <class A, class B>
    [[gnu::always_inline]] static auto apply(const A& a, const B& b) {
        return a - b;
    }
};
template <>
struct group_op<mul_op> : std::true_type {
    template <class A, class B>
    [[gnu::always_inline]] static auto apply(const A& a, const B& b) {
        return a * b;
    }
};
template <>
struct group_op<div_op> : std::true_type {
    template <class A, class B>
    [[gnu::always_inline]] static auto apply(const A& a, const B& b) {
        return a / b;
    }
};
template <>
struct group_op<neg_op> : std::true_type {
    template <class A>
    [[gnu::always_inline]] static auto apply(const A& a) {
        return math::neg(a);  // as neg_op::eval: -(+0) = -0 on every backend
    }
};

/// Whether a grouped evaluation takes E node by node, and an array pass groups E at all:
/// arithmetic or a primitive with a node among its children (a composition). Below,
/// a primitive of the variables alone evaluates whole per batch (still all batches
/// before the node above); a single primitive gains nothing from grouping.
template <class E>
inline constexpr bool groups_node_v = false;
template <class Op, class... Cs>
inline constexpr bool groups_node_v<node<Op, Cs...>> =
    group_op<Op>::value&& has_node_child_v<node<Op, Cs...>>;

template <std::size_t G, class E, class Env>
[[gnu::always_inline]] inline auto group_eval(const E& e, const Env* env);

/// A node's result, opaque to the optimizer (math::no_contract): no product of one node
/// is contracted with a sum of the node above, which the compiler might do in one copy of
/// a grouped step and not in another (the same bits for every batch, at -march=native).
template <class R>
[[gnu::always_inline]] inline R node_barrier(const R& r) noexcept {
    if constexpr (is_dual_v<R>) {
        return {math::no_contract(r.value), math::no_contract(r.derivative)};
    } else {
        return math::no_contract(r);
    }
}

/// Batch k of a node whose children's groups are kids.
template <std::size_t k, class Op, class Kids, std::size_t... I>
[[gnu::always_inline]] inline auto group_apply_at(const Kids& kids, std::index_sequence<I...>) {
    return node_barrier(group_op<Op>::apply(held_at<I>(kids).v[k]...));
}

template <std::size_t G, class Op, class... Cs, class Env, std::size_t... I>
[[gnu::always_inline]] inline auto group_eval_node(const node<Op, Cs...>& n, const Env* env,
                                                   std::index_sequence<I...> seq) {
    using Kids = held_values<std::index_sequence<I...>, decltype(group_eval<G>(child_at<I>(n), env))...>;
    const Kids kids{{group_eval<G>(child_at<I>(n), env)}...};
    using R = decltype(group_apply_at<0, Op>(kids, seq));
    return [&]<std::size_t... k>(std::index_sequence<k...>) {
        return group_of<R, G>{{group_apply_at<k, Op>(kids, seq)...}};
    }
    (std::make_index_sequence<G>{});
}

template <std::size_t G, class E, class Env>
[[gnu::always_inline]] inline auto group_eval(const E& e, const Env* env) {
    if constexpr (groups_node_v<E>) {
        return group_eval_node<G>(e, env, std::make_index_sequence<E::arity>{});
    } else if constexpr (batches_leaf_v<G, E, Env>) {
        using X = std::remove_cvref_t<decltype(child_at<0>(e))>;
        using U = std::remove_cvref_t<decltype(env[0].lookup(X{}))>;
        U a[G];
        math::unrolled<G>([&](auto k) { a[k] = env[k].lookup(X{}); });
        return apply_rule_batches<primitive_rule_t<E>, G>(a);
    } else {
        using R = decltype(e.eval(env[0]));
        return [&]<std::size_t... k>(std::index_sequence<k...>) {
            return group_of<R, G>{{e.eval(env[k])...}};
        }
        (std::make_index_sequence<G>{});
    }
}

/// The batches grouped per step of an array pass over T: 4 for SIMD batches of
/// compositions (measured on Zen 5 against 2, with AVX2 and AVX-512: chain10's pass 1.75x
/// and 1.6x as fast as one batch at a time, 2 batches 1.4x and 1.2x); 1 for plain numbers.
/// A single primitive takes the grouped route too where a batch is 32 or 64 bytes (AVX2, AVX-512), in
/// groups of 2: the flattened step function keeps the kernel's constants and the pointers
/// out of the loop, where the pass's own loop (16 registers) reloaded them every batch. On
/// an Intel Xeon (Sapphire Rapids class), -march=x86-64-v3, 2^16 floats: tanh 160 -> 128 us,
/// softplus 125 -> 73 to 104, sigmoid 59 -> 52, mish 260 -> 238, gelu_tanh and elu 3 to 4%,
/// silu, hardswish and log_sigmoid unchanged. AVX-512 batches too (64 bytes): with the
/// kernels of the sixteenth round (docs/benchmark_log.md), 2^16 floats, elu 35.3 -> 31.8 us,
/// gelu_tanh 86 -> 83, mish, tanh and gelu 2% faster, silu 1.6% slower; doubles neutral or
/// faster (tanh 180 -> 165 to 170). 16-byte batches (SSE2, NEON) stay at 1. A primitive whose
/// rule has a kernel for several batches at once (rule_batches: mish, sigmoid, silu, gelu_tanh)
/// takes 4, on every backend: its derivative passes interleave the 4 batches' stages (AMD EPYC
/// Zen 5, 2^16 floats, AVX2 / AVX-512: mish 83.4 -> 66.6 / 41.1 -> 31.2 us, gelu_tanh 107.5 ->
/// 89.2 / 52.0 -> 41.6, silu 44.4 -> 40.8 / 21.2 -> 21.1, sigmoid 28.0 -> 26.2 / 15.2 -> 14.3;
/// mish on AVX2 with 2 batches gained 3%, with 3 17%, with 4 20%); its forward passes, batch
/// by batch, take the same time as in groups of 2.
template <class T, class N, class E>
inline constexpr std::size_t array_group_v = std::is_same_v<N, T>                            ? 1
                                             : groups_node_v<E> || batches_primitive_v<E, N> ? 4
                                             : sizeof(N) >= 32                               ? 2
                                                                                             : 1;

/// The range pointers of a flattened pass (array_step_group, array_step_run) copied into its
/// own locals: read through the caller's array (in its frame), each was read again after every
/// store, which may alias it (a SIMD store may alias anything): two to three loads a step.
template <class P, std::size_t K>
[[gnu::always_inline]] inline void copy_ranges(P (&to)[K], P const* from) noexcept {
    for (std::size_t k = 0; k < K; ++k) to[k] = from[k];
}

/// Whether array_step_group pipelines E: a derivative pass of its one input V whose outer node
/// is a primitive of one argument with a kernel in two stages (rule_stages), its argument
/// depending on V (a dual batch there) through no fused kernel (kernel_free_v: arithmetic and
/// rules without one, relu's). With kernels below (chain10), the next step's first stage is
/// most of the work, its batches no longer interleave with the second stage's, and the two
/// copies of it in the loop made the pass slower (AMD EPYC Zen 5, 2^16 floats, chain10: AVX2
/// 675 -> 1151 us, AVX-512 346 -> 410).
template <class E, class N>
inline constexpr bool kernel_free_v = true;
template <class Op, class... Cs, class N>
inline constexpr bool kernel_free_v<node<Op, Cs...>, N> = (kernel_free_v<Cs, N> && ...);
template <class Rule, class... Cs, class N>
inline constexpr bool kernel_free_v<node<function_op<Rule>, Cs...>, N> =
    !rule_view<Rule, sizeof...(Cs)>::template fused<N> &&
    !rule_view<Rule, sizeof...(Cs)>::template fused_first<N> && (kernel_free_v<Cs, N> && ...);
template <array_mode M, class N, class E, class... Vs>
inline constexpr bool pipelines_v = false;
template <array_mode M, class N, class Rule, class C, class V>
inline constexpr bool pipelines_v<M, N, node<function_op<Rule>, C>, V> = [] {
    if constexpr (M.derivative && rule_stages<Rule, N>) {
        return uses_variable_v<C, V> && kernel_free_v<C, N>;
    } else {
        return false;
    }
}();
/// The batches of a pipelined step: 4 where a batch is 64 bytes (AVX-512, 32 registers), else
/// 2: with 4 AVX2 batches (16 registers) the two stages' batches did not fit, and GCC kept a
/// third of them in the frame (sigmoid(relu(x)), 2^16 floats: 28.0 us against 27.3 with 4
/// batches unpipelined, 26.2 with 2 pipelined).
template <class N>
inline constexpr std::size_t pipeline_group_v = sizeof(N) >= 64 ? 4 : 2;

/// `steps` steps of G batches each of array_step's one-direction (or no-direction) route from
/// element `first`, grouped (group_eval): loaded, evaluated, each batch then rescued
/// (array_rescue) and stored as alone. One function, flattened: the batches stay in registers,
/// and the rules' kernels are inlined G times, each node's G copies side by side. The loop over
/// the steps is inside it, so that the kernels' constants are set up once per pass where they
/// were set up once per step (a call per step broadcast them again: 52 of the 325 instructions
/// of a step of sigmoid(relu(x)) on AVX2; its pass went from 45 to 36 instructions per batch,
/// x * tanh(softplus(x))'s from 184 to 166). nb: the variables bound by name, bound to N; bs:
/// bound to T (the rescue's).
template <array_mode M, class T, std::size_t G, class N, class E, class... Vs, class... NBs, class... Bs>
[[gnu::flatten, gnu::noinline]] inline void array_step_group(type_list<Vs...> vars, const E& e,
                                                             const T* const* in_at, const T* gout, T* out,
                                                             T* const* gin_at, std::size_t first,
                                                             std::size_t steps, bool stream,
                                                             const std::tuple<NBs...>& nb, const Bs&... bs) {
    constexpr std::size_t K = sizeof...(Vs);
    constexpr std::size_t W = N::size;
    constexpr bool reads_gout = M.derivative && !M.local;
    constexpr bool seed_go = seeds_grad_out_v<M, E, Vs...>;
    const T* in[K];
    T* gin[K];
    copy_ranges(in, in_at);
    copy_ranges(gin, gin_at);
    auto envs_at = [&](std::size_t i) {
        auto batch_env = [&](std::size_t j) {
            return [&]<std::size_t... I>(std::index_sequence<I...>) {
                return std::apply(
                    [&](const auto&... b) {
                        return make_environment(
                            seed_binding_with<seed_go, M.derivative, N>(
                                binding<Vs, N>{load_lanes<N>(in[I] + i + j * W)},
                                seed_go ? load_lanes<N>(gout + i + j * W) : convert<N>(1))...,
                            b...);
                    },
                    nb);
            }
            (std::index_sequence_for<Vs...>{});
        };
        using Env = decltype(batch_env(0));
        return [&]<std::size_t... j>(std::index_sequence<j...>) {
            return group_of<Env, G>{{batch_env(j)...}};
        }
        (std::make_index_sequence<G>{});
    };
    // The G results r of the step at i: each batch rescued and stored as alone.
    auto finish = [&](std::size_t i, const auto& r) {
        N ys[G];
        N gs[G][K];
        [&]<std::size_t... j>(std::index_sequence<j...>) {
            auto one = [&](std::size_t jj, const auto& rj) {
                N x[K];
                for (std::size_t k = 0; k < K; ++k) x[k] = load_lanes<N>(in[k] + i + jj * W);
                N go = reads_gout ? load_lanes<N>(gout + i + jj * W) : convert<N>(0);
                N& y = ys[jj];
                N* g = gs[jj];
                N parts[1];
                if constexpr (M.derivative) {
                    dual<N> rd = as_dual<N>(rj);
                    y = rd.value;
                    if constexpr (M.local || seed_go) {
                        g[0] = rd.derivative;
                    } else {
                        g[0] = N(rd.derivative * go);
                    }
                } else {
                    y = convert<N>(rj);
                    for (std::size_t k = 0; k < K; ++k) g[k] = convert<N>(0);
                }
                array_rescue<M, T>(vars, e, x, go, y, g, parts, bs...);
            };
            (one(j, r.v[j]), ...);
        }
        (std::make_index_sequence<G>{});
        // Each output's G stores one after the other (whole cache lines; see array_pass).
        if constexpr (M.value)
            for (std::size_t j = 0; j < G; ++j) put_lanes(out + i + j * W, ys[j], stream);
        if constexpr (M.derivative)
            for (std::size_t k = 0; k < K; ++k)
                for (std::size_t j = 0; j < G; ++j) put_lanes(gin[k] + i + j * W, gs[j][k], stream);
    };
    // A pipelined pass whose outer node's argument evaluates to dual batches (any other
    // number, from a rule of another precision, takes the grouped route).
    constexpr bool pipelined = [&] {
        if constexpr (pipelines_v<M, N, E, Vs...>) {
            return std::is_same_v<decltype(group_eval<G>(child_at<0>(e), envs_at(0).v)),
                                  group_of<dual<N>, G>>;
        } else {
            return false;
        }
    }();
    if constexpr (pipelined) {
        // The outer node's kernel in its two stages a step apart: each step runs the first
        // stage (and the nodes below it) of the next step's batches, then the second stage of
        // its own, whose inputs are then ready. In order, the second stage waits on the
        // first's chain (sigmoid's exp), filling the scheduler's window with operations
        // that cannot issue. The same operations per batch: the same bits.
        using Rule = primitive_rule_t<E>;
        struct staged {
            N u[G], d[G], s[G];
        };
        auto begin = [&](std::size_t i, staged& st) {
            auto envs = envs_at(i);
            const group_of<dual<N>, G> a = group_eval<G>(child_at<0>(e), envs.v);
            math::unrolled<G>([&](auto k) {
                st.u[k] = a.v[k].value;
                st.d[k] = a.v[k].derivative;
            });
            Rule::template value_and_derivative_begin<G>(st.u, st.s);
        };
        auto end = [&](std::size_t i, const staged& st) {
            group_of<dual<N>, G> r;
            math::unrolled<G>([&](auto k) {
                const dual<N> d = Rule::value_and_derivative_end(st.u[k], st.s[k]);
                r.v[k] = node_barrier(dual<N>{d.value, directional_term(d.derivative, st.d[k])});
            });
            finish(i, r);
        };
        // Two states, by turns (a copy of one into the other went through the frame).
        staged p, q;
        const auto at = [&](std::size_t s) { return first + s * G * W; };
        std::size_t s = 0;
        if (steps == 0) return;
        begin(at(0), p);
        for (; s + 2 < steps; s += 2) {
            begin(at(s + 1), q);
            end(at(s), p);
            begin(at(s + 2), p);
            end(at(s + 1), q);
        }
        if (s + 1 < steps) {
            begin(at(s + 1), q);
            end(at(s), p);
            end(at(s + 1), q);
        } else {
            end(at(s), p);
        }
    } else {
        for (std::size_t s = 0; s < steps; ++s) {
            const std::size_t i = first + s * G * W;
            auto envs = envs_at(i);
            finish(i, group_eval<G>(e, envs.v));
        }
    }
}

/// Whether U batches of E, a direct primitive whose arguments are all range inputs Vs, take
/// its rule's kernel for several batches at once (`value_and_partials_batches<U>(a..., r)`:
/// swiglu, geglu, whose stages interleave; see rule_batches): each batch's value and partials have
/// the bits of its rule's value_and_partials.
template <std::size_t U, class N, class E, class... Vs>
inline constexpr bool batches_direct_v = false;
template <std::size_t U, class N, class Rule, class... Cs, class... Vs>
inline constexpr bool batches_direct_v<U, N, node<function_op<Rule>, Cs...>, Vs...> = [] {
    if constexpr (direct_primitive<node<function_op<Rule>, Cs...>>::value &&
                  ((position_of<Cs, Vs...>() < sizeof...(Vs)) && ...)) {
        return batch_partials_rule<Rule, N, std::conditional_t<true, N, Cs>...> &&
               requires(multi_dual<N, sizeof...(Cs)>(&r)[U],
                        const std::conditional_t<true, N, Cs>(&... a)[U]) {
            Rule::template value_and_partials_batches<U>(a..., r);
        };
    } else {
        return false;
    }
}();
/// The values and partials rs[u] of U batches of E (batches_direct_v), from the inputs xs[u][k].
template <std::size_t U, class N, class Rule, class... Cs, class... Vs, std::size_t K>
[[gnu::always_inline]] inline void direct_partials_batches(type_list<Vs...>,
                                                           const node<function_op<Rule>, Cs...>&,
                                                           const N (&xs)[U][K],
                                                           multi_dual<N, sizeof...(Cs)> (&rs)[U]) {
    N args[sizeof...(Cs)][U];
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        math::unrolled<U>([&](auto u) { ((args[I][u] = xs[u][position_of<Cs, Vs...>()]), ...); });
        Rule::template value_and_partials_batches<U>(args[I]..., rs);
    }
    (std::index_sequence_for<Cs...>{});
}

/// `steps` steps of U batches each of array_step's route from element `first`, for the passes
/// array_step_group does not take (several inputs seeded: the gated activations, any expression
/// of range inputs) where no parameter terms are summed: loaded, computed, rescued (array_rescue),
/// then stored output by output. One function, flattened, with the loop inside and every batch
/// local to its step, as array_step_group: inside array_pass's loop the inputs and results of a
/// batch lived in the frame (shared with the padded tail), and the range pointers were read
/// again after every store (geglu's AVX-512 pass stored 8 batches a batch to its frame and
/// reloaded 2, and 6 pointers). nb: the variables bound by name, bound to N; bs: bound to T.
template <array_mode M, class T, std::size_t U, class N, class E, class... Vs, class... NBs, class... Bs>
[[gnu::flatten, gnu::noinline]] inline void array_step_run(type_list<Vs...> vars, const E& e,
                                                           const T* const* in_at, const T* gout, T* out,
                                                           T* const* gin_at, std::size_t first,
                                                           std::size_t steps, bool stream,
                                                           const std::tuple<NBs...>& nb, const Bs&... bs) {
    static_assert(!M.parameters, "array_step_run: parameter terms are summed by array_pass's own loop");
    constexpr std::size_t K = sizeof...(Vs);
    constexpr std::size_t W = math::simd_width_v<T>;
    constexpr bool reads_gout = M.derivative && !M.local;
    const T* in[K];
    T* gin[K];
    copy_ranges(in, in_at);
    copy_ranges(gin, gin_at);
    for (std::size_t s = 0; s < steps; ++s) {
        const std::size_t i = first + s * U * W;
        N xs[U][K];
        N gos[U];
        N ys[U];
        N gs[U][K];
        N parts[1];
        // Where the rule's kernel for U batches runs, the gradient is loaded after it: loaded
        // with the inputs, GCC kept the U gradient batches in the frame through the kernel
        // (AMD EPYC Zen 5, 2^16 floats, the mean of 4 alternating runs' minima: swiglu's AVX2
        // pass 55.1 -> 53.8 us, geglu's AVX-512 pass 54.9 -> 53.4).
        constexpr bool batches = U > 1 && batches_direct_v<U, N, E, Vs...>;
        auto load_gout = [&](std::size_t u) {
            return reads_gout ? load_lanes<N>(gout + i + u * W) : convert<N>(0);
        };
        for (std::size_t u = 0; u < U; ++u) {
            for (std::size_t k = 0; k < K; ++k) xs[u][k] = load_lanes<N>(in[k] + i + u * W);
            if constexpr (!batches) gos[u] = load_gout(u);
            ys[u] = convert<N>(0);
            for (std::size_t k = 0; k < K; ++k) gs[u][k] = convert<N>(0);
        }
        if constexpr (batches) {
            // The U batches' values and partials from the rule's kernel for U batches, then
            // each batch's results as array_step's direct route gives them.
            multi_dual<N, E::arity> rs[U];
            direct_partials_batches<U>(vars, e, xs, rs);
            math::unrolled<U>([&](auto u) {
                gos[u] = load_gout(u);
                direct_results<M>(vars, e, xs[u], gos[u], ys[u], gs[u], parts, rs[u]);
                array_rescue<M, T>(vars, e, xs[u], gos[u], ys[u], gs[u], parts, bs...);
            });
        } else {
            for (std::size_t u = 0; u < U; ++u) {
                std::apply(
                    [&](const auto&... b) {
                        array_step<M>(vars, e, xs[u], gos[u], ys[u], gs[u], parts, b...);
                    },
                    nb);
                array_rescue<M, T>(vars, e, xs[u], gos[u], ys[u], gs[u], parts, bs...);
            }
        }
        if constexpr (M.value)
            for (std::size_t u = 0; u < U; ++u) put_lanes(out + i + u * W, ys[u], stream);
        if constexpr (M.derivative)
            for (std::size_t k = 0; k < K; ++k)
                for (std::size_t u = 0; u < U; ++u) put_lanes(gin[k] + i + u * W, gs[u][k], stream);
    }
}

/// Whether array_pass groups its batches for E (array_step_group's route: no parameter
/// gradient, at most one input seeded).
template <array_mode M, class T, class N, class E, std::size_t K>
inline constexpr bool array_grouped_v =
    array_group_v<T, N, E> > 1 && !M.parameters && (!M.derivative || K == 1) && !direct_primitive<E>::value;

/// Lanes of a batch the batch math cannot be trusted with (in expressions with a
/// rule of a wider precision, see has_wide_rule): the value or a derivative in the
/// underflow band (below 2^p times the smallest normal number: x * g(x) with g(x)
/// subnormal, or exp flushed; a zero counts past |x| = 9 in float, 20 in double, in
/// any input), or an input beyond the batch exp's range or not finite. Those lanes
/// are recomputed on the scalar route, lane by lane, so each lane's result depends on
/// that lane alone. Bs: the variables bound by name, bound to T.
///
/// With several inputs (gated activations, any expression of range inputs), a lane with a
/// non-finite input keeps the batch's results: there the scalar dual route would give NaN
/// where a primitive's value is NaN (swiglu(-0, inf) = 0 * inf), where the batch and the
/// symbolic partials give a number (d/db = silu(-0)). The lanes of array_rescue, out of
/// line: the common batch (nothing to rescue) keeps its values in registers.
template <array_mode M, class T, class N, class E, class... Vs, class... Bs>
CTDIFF_NOINLINE void array_rescue_lanes(type_list<Vs...> vars, const E& e, const N* x, const N& go, N& y,
                                        N* g, N* parts, const Bs&... bs) {
#if CTDIFF_HAS_XSIMD
    if constexpr (!std::is_same_v<N, T> && has_wide_rule<E, T>::value) {
        constexpr std::size_t K = sizeof...(Vs);
        constexpr std::size_t P = sizeof...(Bs);
        constexpr T band =
            std::numeric_limits<T>::min() * T(1ULL << (std::numeric_limits<T>::digits - 1)) * T(2);
        const N zero(T(0));
        const N nb(band);
        // Past |x| = 9 (float) or 20 (double) a zero may be a flushed subnormal, or a
        // zero of the wrong sign (exp(-x^2/2), exp(-0.0713 x^3) in the batch's own type);
        // closer in, only piecewise-linear pieces give 0.
        const N tail(std::is_same_v<T, float> ? T(9) : T(20));
        auto far = math::not_lanes<N>(math::abs(x[0]) <= tail);
        for (std::size_t k = 1; k < K; ++k) far = far | math::not_lanes<N>(math::abs(x[k]) <= tail);
        auto in_band = [&](const N& v) {
            N av = math::abs(v);
            return (av < nb) & ((av > zero) | far);
        };
        const N edge(math::backend<N>::exp_edge());
        auto m = math::not_lanes<N>(math::abs(x[0]) <= edge);
        for (std::size_t k = 1; k < K; ++k) m = m | math::not_lanes<N>(math::abs(x[k]) <= edge);
        if constexpr (M.value || M.derivative) m = m | in_band(y);
        if constexpr (M.derivative)
            for (std::size_t k = 0; k < K; ++k) m = m | in_band(g[k]);
        if constexpr (M.parameters)
            for (std::size_t p = 0; p < P; ++p) m = m | in_band(parts[p]);
        if constexpr (K > 1) {
            const N huge(std::numeric_limits<T>::max());
            for (std::size_t k = 0; k < K; ++k) m = m & (math::abs(x[k]) <= huge);
        }
        if (!xsimd::any(m)) return;
        alignas(64) T bx[K][N::size];
        alignas(64) T bgo[N::size];
        alignas(64) T by[N::size];
        alignas(64) T bg[K][N::size];
        alignas(64) T bm[N::size];
        alignas(64) T bp[P == 0 ? 1 : P][N::size];
        for (std::size_t k = 0; k < K; ++k) {
            x[k].store_aligned(bx[k]);
            g[k].store_aligned(bg[k]);
        }
        go.store_aligned(bgo);
        y.store_aligned(by);
        if constexpr (M.parameters)
            for (std::size_t p = 0; p < P; ++p) parts[p].store_aligned(bp[p]);
        xsimd::select(m, N(T(1)), zero).store_aligned(bm);
        for (std::size_t l = 0; l < N::size; ++l) {
            if (bm[l] == T(0)) continue;
            T lx[K];
            T lg[K];
            T lp[P == 0 ? 1 : P] = {};
            for (std::size_t k = 0; k < K; ++k) lx[k] = bx[k][l];
            array_step<M>(vars, e, lx, bgo[l], by[l], lg, lp, bs...);
            if constexpr (M.derivative)
                for (std::size_t k = 0; k < K; ++k) bg[k][l] = lg[k];
            if constexpr (M.parameters)
                for (std::size_t p = 0; p < P; ++p) bp[p][l] = lp[p];
        }
        y = N::load_aligned(by);
        for (std::size_t k = 0; k < K; ++k) g[k] = N::load_aligned(bg[k]);
        if constexpr (M.parameters)
            for (std::size_t p = 0; p < P; ++p) parts[p] = N::load_aligned(bp[p]);
    }
#else
    (void)vars, (void)e, (void)x, (void)go, (void)y, (void)g, (void)parts, ((void)bs, ...);
#endif
}

template <array_mode M, class T, class N, class E, class... Vs, class... Bs>
inline void array_rescue(type_list<Vs...> vars, const E& e, const N* x, const N& go, N& y, N* g, N* parts,
                         const Bs&... bs) {
#if CTDIFF_HAS_XSIMD
    if constexpr (!std::is_same_v<N, T> && has_wide_rule<E, T>::value) {
        constexpr std::size_t K = sizeof...(Vs);
        constexpr T band =
            std::numeric_limits<T>::min() * T(1ULL << (std::numeric_limits<T>::digits - 1)) * T(2);
        const N nb(band);
        // Past |x| = 9 (float) or 20 (double) a zero may be a flushed subnormal, or a
        // zero of the wrong sign (exp(-x^2/2), exp(-0.0713 x^3) in the batch's own type);
        // closer in, only piecewise-linear pieces give 0.
        const N tail(std::is_same_v<T, float> ? T(9) : T(20));
        // The common case first, in few operations: every input within the tail and
        // every result at or above the band (a superset of the lanes below). Two tests
        // of the batch rather than the negated mask !(|x| <= tail) (NaN lanes are not
        // within): on AVX2 xsimd negates a float mask in two 128-bit halves.
        if constexpr (!M.parameters) {
            auto inside = math::abs(x[0]) <= tail;
            for (std::size_t k = 1; k < K; ++k) inside = inside & (math::abs(x[k]) <= tail);
            N small = math::abs(y);
            if constexpr (M.derivative)
                for (std::size_t k = 0; k < K; ++k) small = xsimd::min(small, math::abs(g[k]));
            if (!xsimd::any(small < nb) && xsimd::all(inside)) return;
        }
        // The rescue on copies: the call takes their addresses, and the batches themselves
        // then stay in registers on the common path (not stored every batch).
        constexpr std::size_t P = M.parameters ? sizeof...(Bs) : 0;
        N cx[K], cg[K], cparts[P + 1];
        N cy = y;
        N cgo = go;
        for (std::size_t k = 0; k < K; ++k) {
            cx[k] = x[k];
            cg[k] = g[k];
        }
        for (std::size_t p = 0; p < P; ++p) cparts[p] = parts[p];
        array_rescue_lanes<M, T>(vars, e, cx, cgo, cy, cg, cparts, bs...);
        y = cy;
        for (std::size_t k = 0; k < K; ++k) g[k] = cg[k];
        for (std::size_t p = 0; p < P; ++p) parts[p] = cparts[p];
    }
#else
    (void)vars, (void)e, (void)x, (void)go, (void)y, (void)g, (void)parts, ((void)bs, ...);
#endif
}

/// How many of n elements come before the first one whose address is a multiple of a
/// batch's size (W elements), from p (a pass's first store): 0 where p is aligned so, or
/// not even to T, or W is 1. A pass takes them in a padded batch first, so that its
/// batches' stores do not straddle cache lines where its arrays share one alignment (as
/// std::vector's, whose allocations sit 16 bytes past a page): on an Intel Xeon (Sapphire
/// Rapids class) relu's AVX-512 pass over 2^16 floats took 37.9 us with every store split
/// in two and 14.1 us aligned. An element's bits do not depend on its position.
template <class T, std::size_t W>
inline std::size_t array_head(const T* p, std::size_t n) noexcept {
    constexpr std::size_t bytes = W * sizeof(T);
    if constexpr (W == 1) {
        (void)p;
        (void)n;
        return 0;
    } else {
        const std::size_t off = reinterpret_cast<std::uintptr_t>(p) % bytes;
        if (off == 0 || off % sizeof(T) != 0) return 0;
        const std::size_t h = (bytes - off) / sizeof(T);
        return h < n ? h : n;
    }
}

/// The fused pass over n elements of K inputs (K = 1: the one-input functions):
/// whole batches, then the tail padded to a batch. slots[k] is the input of Vs[k]
/// and where its gradient goes; Bs: the variables bound by name.
template <array_mode M, class T, class... Vs, class E, class... Bs>
parameter_gradient<T, typename Bs::variable_type...> array_pass(type_list<Vs...> vars, const E& e,
                                                                const range_slot<T>* slots, const T* gout,
                                                                T* out, std::size_t n, const Bs&... bs) {
    using S = math::simd_batch_t<T>;
    using N = std::conditional_t<std::is_void_v<S>, T, S>;
    constexpr std::size_t W = math::simd_width_v<T>;
    constexpr std::size_t K = sizeof...(Vs);
    constexpr std::size_t P = sizeof...(Bs);
    using Total = std::conditional_t<std::is_same_v<T, float>, double, T>;
    constexpr std::size_t flush = 256;  // batches summed in N before adding to the wide total
    constexpr bool reads_gout = (M.derivative && !M.local) || M.parameters;

    const T* in[K];
    T* gin[K];
    for (std::size_t k = 0; k < K; ++k) {
        in[k] = slots[k].in.data;
        gin[k] = slots[k].grad.data;
    }
    Total totals[P == 0 ? 1 : P] = {};
    N sums[P == 0 ? 1 : P];
    N parts[P == 0 ? 1 : P];  // one batch's terms, added to sums once rescued
    for (auto& s : sums) s = convert<N>(0);
    for (auto& s : parts) s = convert<N>(0);
    auto add_parts = [&] {
        if constexpr (M.parameters)
            for (std::size_t p = 0; p < P; ++p) sums[p] = sums[p] + parts[p];
    };
    auto flush_sums = [&](std::size_t lanes) {
        for (std::size_t p = 0; p < P; ++p) {
            totals[p] += lane_sum<Total>(sums[p], lanes);
            sums[p] = convert<N>(0);
        }
    };
    // One batch at x (K loaded inputs) and go: computed, rescued, parameter terms summed.
    auto step = [&](const N* x, const N& go, N& y, N* g, const auto&... nb) CTDIFF_KERNEL_INLINE {
        array_step<M>(vars, e, x, go, y, g, parts, nb...);
        array_rescue<M, T>(vars, e, x, go, y, g, parts,
                           binding<typename Bs::variable_type, T>{convert<T>(bs.value)}...);
        add_parts();
    };
    auto run = [&](const auto&... nb) {
        // The pointers and the length as locals of the loop: a SIMD store may alias
        // anything, and would make the compiler reload them through the closure.
        const T* in_k[K];
        T* gin_k[K];
        for (std::size_t k = 0; k < K; ++k) {
            in_k[k] = in[k];
            gin_k[k] = gin[k];
        }
        const T* const g_out = gout;
        T* const y_out = out;
        const std::size_t count = n;
        constexpr std::size_t G = !array_grouped_v<M, T, N, E, K> ? 1
                                  : pipelines_v<M, N, E, Vs...>   ? pipeline_group_v<N>
                                                                  : array_group_v<T, N, E>;
        // Where a batch is half a 64-byte cache line (AVX2), steps of two batches outside
        // the grouped path, each output's two stores one after the other, so that every
        // step fills whole lines: relu's AVX2 pass over 2^16 floats took 27.5 us one batch
        // at a time and 15.0 two (an Intel Xeon, Sapphire Rapids class), and with steps
        // straddling lines (a head to a batch only) 41. Not where parameter terms are summed.
        // Steps of 4 batches where E's rule has a kernel for several batches at once
        // (batches_direct_v: swiglu), whose stages interleave.
        constexpr std::size_t L = batches_direct_v<4, N, E, Vs...> ? 4
                                  : W * sizeof(T) == 32            ? 2
                                                                   : 1;  // batches per 64-byte line
        // The first elements up to where the stores are aligned to a step (array_head), in
        // a padded batch as the tail, then whole batches; none where parameter terms are
        // summed (their lane sums would depend on the address).
        const std::size_t head = M.parameters ? 0 : array_head<T, W * L>(M.value ? y_out : gin_k[0], count);
        // The head's elements before a batch boundary go in a padded batch, the rest of it in
        // whole batches.
        const std::size_t lead = head % W;
        // Streaming stores (stream_lanes) where every output range is long and aligned to a
        // batch from the head on; the padded head and tail store as before.
        bool stream = false;
        if constexpr (streams_v<N, T>) {
            auto aligned = [&](const T* p) {
                return reinterpret_cast<std::uintptr_t>(p + head) % sizeof(N) == 0;
            };
            stream = count * sizeof(T) >= array_stream_bytes;
            if constexpr (M.value) stream = stream && aligned(y_out);
            if constexpr (M.derivative)
                for (std::size_t k = 0; k < K; ++k) stream = stream && aligned(gin_k[k]);
        }
        std::size_t i = 0;
        std::size_t since_flush = 0;
        N zero = convert<N>(0);
        N y = zero;
        N x[K];
        N g[K];
        for (auto& v : g) v = zero;
        if constexpr (G > 1) {
            // G batches per step, evaluated node by node (group_eval), each then rescued and
            // stored as alone; the batches left and the tail (padded) by the same function
            // with G = 1, so that every batch takes the same operations.
            auto group_step = [&]<std::size_t Gs>(std::integral_constant<std::size_t, Gs>,
                                                  const T* const* from, const T* go_from, T* to,
                                                  T* const* grad_to, std::size_t at, std::size_t steps,
                                                  bool streamed) {
                array_step_group<M, T, Gs, N>(
                    vars, e, from, go_from, to, grad_to, at, steps, streamed,
                    std::tuple<std::remove_cvref_t<decltype(nb)>...>(nb...),
                    binding<typename Bs::variable_type, T>{convert<T>(bs.value)}...);
            };
            // rest < W elements from at, in a batch padded with zeros (the head and the tail).
            auto padded = [&](std::size_t at, std::size_t rest) {
                alignas(64) T bx[K][W] = {};
                alignas(64) T bg[W] = {};
                alignas(64) T by[W];
                alignas(64) T bgi[K][W];
                const T* from[K];
                T* grad_to[K];
                for (std::size_t k = 0; k < K; ++k) {
                    for (std::size_t j = 0; j < rest; ++j) bx[k][j] = in_k[k][at + j];
                    from[k] = bx[k];
                    grad_to[k] = bgi[k];
                }
                if (reads_gout)
                    for (std::size_t j = 0; j < rest; ++j) bg[j] = g_out[at + j];
                group_step(std::integral_constant<std::size_t, 1>{}, from, bg, by, grad_to, 0, 1, false);
                if constexpr (M.value)
                    for (std::size_t j = 0; j < rest; ++j) y_out[at + j] = by[j];
                if constexpr (M.derivative)
                    for (std::size_t k = 0; k < K; ++k)
                        for (std::size_t j = 0; j < rest; ++j) gin_k[k][at + j] = bgi[k][j];
            };
            if (lead != 0) padded(0, lead);
            if (head != lead)
                group_step(std::integral_constant<std::size_t, 1>{}, in_k, g_out, y_out, gin_k, lead,
                           (head - lead) / W, stream);
            i = head;
            const std::size_t groups = (count - i) / (G * W);
            if (groups != 0)
                group_step(std::integral_constant<std::size_t, G>{}, in_k, g_out, y_out, gin_k, i, groups,
                           stream);
            i += groups * G * W;
            const std::size_t singles = (count - i) / W;
            if (singles != 0)
                group_step(std::integral_constant<std::size_t, 1>{}, in_k, g_out, y_out, gin_k, i, singles,
                           stream);
            i += singles * W;
            if (count != i) padded(i, count - i);
            if (stream) stream_fence<N, T>();
            return;
        }
        // rest < W elements from at, in a batch padded with zeros (the head and the tail).
        auto padded = [&](std::size_t at, std::size_t rest) {
            alignas(64) T bx[K][W] = {};
            alignas(64) T bg[W] = {};
            alignas(64) T bo[W];
            for (std::size_t k = 0; k < K; ++k) {
                for (std::size_t j = 0; j < rest; ++j) bx[k][j] = in_k[k][at + j];
                x[k] = load_lanes<N>(bx[k]);
            }
            if (reads_gout)
                for (std::size_t j = 0; j < rest; ++j) bg[j] = g_out[at + j];
            step(x, load_lanes<N>(bg), y, g, nb...);
            if constexpr (M.value) {
                store_lanes(bo, y);
                for (std::size_t j = 0; j < rest; ++j) y_out[at + j] = bo[j];
            }
            if constexpr (M.derivative) {
                for (std::size_t k = 0; k < K; ++k) {
                    store_lanes(bo, g[k]);
                    for (std::size_t j = 0; j < rest; ++j) gin_k[k][at + j] = bo[j];
                }
            }
            if constexpr (M.parameters) flush_sums(rest);
        };
        if constexpr (W > 1) {
            if (lead != 0) padded(0, lead);
            i = lead;
        }
        if constexpr (!M.parameters) {
            // Whole batches by array_step_run: one at a time up to the head, then steps of L.
            auto run_steps = [&]<std::size_t Us>(std::integral_constant<std::size_t, Us>, std::size_t steps) {
                array_step_run<M, T, Us, N>(vars, e, in_k, g_out, y_out, gin_k, i, steps, stream,
                                            std::tuple<std::remove_cvref_t<decltype(nb)>...>(nb...),
                                            binding<typename Bs::variable_type, T>{convert<T>(bs.value)}...);
                i += steps * Us * W;
            };
            if (head > i) run_steps(std::integral_constant<std::size_t, 1>{}, (head - i) / W);
            if (count - i >= L * W)
                run_steps(std::integral_constant<std::size_t, L>{}, (count - i) / (L * W));
            if (count - i >= W) run_steps(std::integral_constant<std::size_t, 1>{}, (count - i) / W);
            if constexpr (W > 1) {
                if (count != i) padded(i, count - i);
            }
            if (stream) stream_fence<N, T>();
            return;
        }
        for (; i + W <= count; i += W) {
            for (std::size_t k = 0; k < K; ++k) x[k] = load_lanes<N>(in_k[k] + i);
            N go = reads_gout ? load_lanes<N>(g_out + i) : zero;
            step(x, go, y, g, nb...);
            if constexpr (M.value) put_lanes(y_out + i, y, stream);
            if constexpr (M.derivative)
                for (std::size_t k = 0; k < K; ++k) put_lanes(gin_k[k] + i, g[k], stream);
            if (M.parameters && ++since_flush == flush) {
                flush_sums(W);
                since_flush = 0;
            }
        }
        if constexpr (M.parameters) flush_sums(W);
        if constexpr (W > 1) {
            if (count != i) padded(i, count - i);
        }
        if (stream) stream_fence<N, T>();
    };
    run(binding<typename Bs::variable_type, N>{convert<N>(convert<T>(bs.value))}...);

    parameter_gradient<T, typename Bs::variable_type...> result{};
    for (std::size_t p = 0; p < P; ++p) result.partials[p] = static_cast<T>(totals[p]);
    return result;
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

template <class T, class A>
void put_slots(const A& a, range_slot<T>* slots, std::size_t& k) noexcept {
    if constexpr (range_arg<A>::count == 1) {
        slots[k++] = {a.in, a.grad};
    } else if constexpr (range_arg<A>::count == 2) {
        slots[k++] = {a.first.in, a.first.grad};
        slots[k++] = {a.second.in, a.second.grad};
    }
}

/// Runs a pass over range inputs after checking lengths and aliasing.
template <array_mode M, class E, class T, class... As>
auto range_call(const char* fn, const E& e, array_ref<const T> gout, array_ref<T> out, const As&... as) {
    constexpr std::size_t R = range_count_v<As...>;
    range_slot<T> slots[R];
    std::size_t k = 0;
    (put_slots(as, slots, k), ...);
    constexpr bool reads_gout = (M.derivative && !M.local) || M.parameters;
    // Read: the inputs, grad_out; written: out, the gradients (each batch is read
    // before it is written, so an output may be the very same range as an input).
    array_ref<const T> reads[R + 1];
    array_ref<T> writes[R + 1];
    std::size_t nr = 0;
    std::size_t nw = 0;
    for (const auto& s : slots) reads[nr++] = s.in;
    if constexpr (reads_gout) reads[nr++] = gout;
    if constexpr (M.value) writes[nw++] = out;
    if constexpr (M.derivative)
        for (const auto& s : slots) writes[nw++] = s.grad;
    check_ranges<T>(fn, std::span<const array_ref<const T>>(reads, nr),
                    std::span<const array_ref<T>>(writes, nw));
    return [&]<std::size_t... S>(std::index_sequence<S...>) {
        return array_pass<M, T>(range_variables_t<As...>{}, e, slots, gout.data, out.data, slots[0].in.size,
                                nth_argument<S>(as...)...);
    }
    (argument_sequence<false, As...>());
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
        const detail::array_ref<const T> ri = detail::storage_ref(fn, "in", in);
        auto ro = detail::storage_ref(fn, "out", out);
        detail::check_ranges<T>(fn, {ri}, {ro});
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            const detail::range_slot<T> slot{ri, {nullptr, 0, "grad_in"}};
            detail::array_pass<detail::array_mode{true, false, false}, T>(detail::type_list<V>{}, e, &slot,
                                                                          nullptr, ro.data, ri.size, bs...);
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
        const detail::array_ref<const T> ri = detail::storage_ref(fn, "in", in);
        const detail::array_ref<const T> rgo = detail::storage_ref(fn, "grad_out", grad_out);
        auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {ri, rgo}, {rgi});
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            const detail::range_slot<T> slot{ri, rgi};
            return detail::array_pass<detail::array_mode{false, true, (sizeof...(Bs) > 0)}, T>(
                detail::type_list<V>{}, e, &slot, rgo.data, nullptr, ri.size, bs...);
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
        const detail::array_ref<const T> ri = detail::storage_ref(fn, "in", in);
        const detail::array_ref<const T> rgo = detail::storage_ref(fn, "grad_out", grad_out);
        auto ro = detail::storage_ref(fn, "out", out);
        auto rgi = detail::storage_ref(fn, "grad_in", grad_in);
        detail::check_ranges<T>(fn, {ri, rgo}, {ro, rgi});
        if constexpr (detail::array_variable<E, Bs...>::count == 1) {
            using V = detail::array_variable_t<E, Bs...>;
            const detail::range_slot<T> slot{ri, rgi};
            return detail::array_pass<detail::array_mode{true, true, (sizeof...(Bs) > 0)}, T>(
                detail::type_list<V>{}, e, &slot, rgo.data, ro.data, ri.size, bs...);
        } else {
            return parameter_gradient<T, typename Bs::variable_type...>{};
        }
    } else {
        return parameter_gradient<T>{};
    }
}

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
        auto whole = detail::storage_ref("halves", "in", in);
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
        auto whole = detail::storage_ref("halves", "in", in);
        auto wg = detail::storage_ref("halves", "grad", grad);
        if (whole.size % 2 != 0)
            throw std::invalid_argument("ctdiff::halves: in has " + std::to_string(whole.size) +
                                        " elements, not an even number");
        detail::check_ranges<T>("halves", {whole}, {wg});
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
