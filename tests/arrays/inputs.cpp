// Arrays over users' storage and over several inputs (#13, #14): ranges bound
// by name with input() and halves(), compared element by element with the
// scalar route (gradient() on one number per variable) at every lane position
// and tail length; pointer + length; Eigen objects when Eigen is installed;
// forward_save/backward_saved; rrelu_training.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <ctdiff/ctdiff.hpp>

#include "support.hpp"

#ifdef CTDIFF_TEST_EIGEN
#include <Eigen/Core>
#endif

namespace {

using namespace ctdiff;
using namespace ctdiff_arrays_test;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr auto c = var<"c">;

template <class F>
std::string message_of(F f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no exception";
}

bool same(double p, double q) { return p == q || (std::isnan(p) && std::isnan(q)); }

/// forward, backward and forward_backward of an expression of a and b (and a
/// scalar c, when Scalar), at every length 0..n_max, on ranges one element off
/// their allocation, against gradient() element by element.
template <class T, bool Scalar, class E>
void check_two_inputs(const char* name, const E& e, std::size_t n_max) {
    const T cv = T(0.75);
    for (std::size_t n = 0; n <= n_max; ++n) {
        for (unsigned seed : {2u * static_cast<unsigned>(n), 2u * static_cast<unsigned>(n) + 1}) {
            // One element of padding in front: the ranges start off the allocation's alignment.
            std::vector<T> av = inputs<T>(n + 1, seed), bv = inputs<T>(n + 1, 500 + seed);
            std::rotate(bv.begin(), bv.begin() + static_cast<std::ptrdiff_t>(bv.size() / 2), bv.end());
            std::vector<T> gv = inputs<T>(n + 1, 1001 + 2 * seed);
            for (auto& g : gv) g = std::fabs(g) + T(0.5);
            std::vector<T> out(n + 1, T(-7)), ga(n + 1, T(-7)), gb(n + 1, T(-7));
            std::vector<T> out2(n + 1, T(-7)), ga2(n + 1, T(-7)), gb2(n + 1, T(-7));
            const auto sub = [](auto& v) { return std::span(v).subspan(1); };
            T gc = 0, gc2 = 0;
            if constexpr (Scalar) {
                gc = forward_backward(e, sub(gv), sub(out), input(a, sub(av), sub(ga)), c = cv,
                                      input(b, sub(bv), sub(gb)))[c];
                forward(e, sub(out2), input(b, sub(bv)), input(a, sub(av)), c = cv);
                gc2 =
                    backward(e, sub(gv), c = cv, input(a, sub(av), sub(ga2)), input(b, sub(bv), sub(gb2)))[c];
            } else {
                forward_backward(e, sub(gv), sub(out), input(a, sub(av), sub(ga)),
                                 input(b, sub(bv), sub(gb)));
                forward(e, sub(out2), input(b, sub(bv)), input(a, sub(av)));
                backward(e, sub(gv), input(a, sub(av), sub(ga2)), input(b, sub(bv), sub(gb2)));
            }
            BOOST_TEST(out[0] == T(-7));  // the padding is not written
            BOOST_TEST(ga[0] == T(-7));
            long double sum_c = 0;
            for (std::size_t i = 1; i <= n; ++i) {
                // Two scalar routes: gradient() (duals, one pass per variable) and the
                // symbolic partials d(e, a), d(e, b) evaluated on plain numbers.
                const auto at = [&](const auto& f) {
                    if constexpr (Scalar) {
                        return f(a = av[i], b = bv[i], c = cv);
                    } else {
                        return f(a = av[i], b = bv[i]);
                    }
                };
                const auto g = at([&](const auto&... bs) { return gradient(e, bs...); });
                const T da = at([&](const auto&... bs) { return d(e, a)(bs...); });
                const T db = at([&](const auto&... bs) { return d(e, b)(bs...); });
                const T ref_a = da * gv[i];
                const T ref_b = db * gv[i];
                // The absolute floor beside zeros of a partial (4 ULP of its scale, as in
                // arrays.cpp) scales with the other factor: d/da of gelu(a) * b is
                // gelu'(a) * b, near gelu''s zero at a = -0.75 times b.
                const T scale = gv[i] * std::max({T(1), std::isfinite(av[i]) ? std::fabs(av[i]) : T(1),
                                                  std::isfinite(bv[i]) ? std::fabs(bv[i]) : T(1)});
                // gradient()'s product rule makes inf * 0 = NaN terms (relu(a) * b at a = inf);
                // where it is finite it must agree too.
                if (std::isfinite(g[a]))
                    BOOST_TEST(agree(ga[i], T(g[a] * gv[i]), scale), name << " d/da vs gradient()");
                if (std::isfinite(g[b]))
                    BOOST_TEST(agree(gb[i], T(g[b] * gv[i]), scale), name << " d/db vs gradient()");
                BOOST_TEST(agree(out[i], g.value), name << " value at n=" << n << " i=" << i << " a=" << av[i]
                                                        << " b=" << bv[i] << ": " << out[i] << " vs "
                                                        << g.value);
                BOOST_TEST(agree(ga[i], ref_a, scale), name << " d/da at n=" << n << " i=" << i
                                                            << " a=" << av[i] << " b=" << bv[i] << ": "
                                                            << ga[i] << " vs " << ref_a);
                BOOST_TEST(agree(gb[i], ref_b, scale), name << " d/db at n=" << n << " i=" << i
                                                            << " a=" << av[i] << " b=" << bv[i] << ": "
                                                            << gb[i] << " vs " << ref_b);
                // forward and backward alone compute exactly what the fused pass does.
                BOOST_TEST(same(out2[i], out[i]), name << " forward differs from forward_backward");
                BOOST_TEST(same(ga2[i], ga[i]), name << " backward d/da differs from forward_backward");
                BOOST_TEST(same(gb2[i], gb[i]), name << " backward d/db differs from forward_backward");
                if constexpr (Scalar) {
                    if (std::isfinite(g[c])) sum_c += static_cast<long double>(g[c]) * gv[i];
                }
            }
            if constexpr (Scalar) {
                BOOST_TEST(same(gc, gc2));
                if (std::isfinite(gc)) {
                    const long double tol = 1e-5L * (1 + std::fabs(sum_c));
                    BOOST_TEST(std::fabs(gc - sum_c) <= tol,
                               name << " d/dc summed: " << gc << " vs " << double(sum_c));
                }
            }
        }
    }
}

template <class T>
void check_all_two_inputs() {
    const std::size_t n_max = 3 * math::simd_width_v<T> + 2;  // every lane and tail length, three batches
    check_two_inputs<T, false>("a * sigmoid(b)", a * sigmoid(b), n_max);
    check_two_inputs<T, false>("silu(a) * b", silu(a) * b, n_max);
    check_two_inputs<T, false>("gelu(a) * b", gelu(a) * b, n_max);
    check_two_inputs<T, false>("relu(a) * b", relu(a) * b, n_max);
    check_two_inputs<T, false>("tanh(a) - exp(b) / 4", tanh(a) - exp(b) / int_c<4>, n_max);
    check_two_inputs<T, true>("prelu(a, c) * sigmoid(b)", prelu(a, c) * sigmoid(b), n_max);
    // The gated primitives: one evaluation of the rule (and its fused kernel) for both partials.
    check_two_inputs<T, false>("swiglu(a, b)", swiglu(a, b), n_max);
    check_two_inputs<T, false>("geglu(a, b)", geglu(a, b), n_max);
    check_two_inputs<T, false>("glu(a, b)", glu(a, b), n_max);
    check_two_inputs<T, false>("geglu_tanh(a, b)", geglu_tanh(a, b), n_max);
    check_two_inputs<T, false>("reglu(a, b)", reglu(a, b), n_max);
    check_two_inputs<T, true>("swiglu(a, c) * b", swiglu(a, c) * b, n_max);
    check_two_inputs<T, true>("prelu(a, c)", prelu(a, c) + b * int_c<0>, n_max);
}

/// The lanes of a batch (or the one number of the scalar fallback).
template <class N, class T>
std::vector<T> lanes_of(const N& v) {
    if constexpr (std::is_same_v<N, T>) {
        return {v};
    } else {
        std::vector<T> out(N::size);
        v.store_unaligned(out.data());
        return out;
    }
}

/// The same bits, the sign of zero included; a NaN matches any NaN. IEEE 754 leaves the
/// sign of a NaN result open, and x86 gives it by instruction (an operation on two NaNs
/// returns its first operand's, a NaN it makes is negative, a negation folded into an
/// fma does not flip it): with contraction (GCC's default, and fma with -march=x86-64-v3)
/// the two passes' instructions differ, and silu(a) * b + c with a and b NaN, and
/// snake(a, b) * c at a = b = inf, gave NaNs of opposite signs.
bool same_bits(float p, float q) {
    return std::bit_cast<std::uint32_t>(p) == std::bit_cast<std::uint32_t>(q) ||
           (std::isnan(p) && std::isnan(q));
}
bool same_bits(double p, double q) {
    return std::bit_cast<std::uint64_t>(p) == std::bit_cast<std::uint64_t>(q) ||
           (std::isnan(p) && std::isnan(q));
}

/// The array pass's one evaluation on sparse duals (each variable its own direction)
/// against one dual pass per variable (the other variables plain numbers): the same
/// bits in the value and in every partial (where no primitive has directions in several
/// arguments and a fused kernel of its first argument, which the dual pass of one
/// direction would take and the sparse pass does not), the sign of zero included (a NaN
/// matches any NaN), on the batches the pass uses, at special values and random ones in
/// every lane.
template <class T, class E>
void check_one_pass(const char* name, const E& e) {
    using S = math::simd_batch_t<T>;
    using N = std::conditional_t<std::is_void_v<S>, T, S>;
    constexpr std::size_t W = math::simd_width_v<T>;
    for (unsigned seed = 0; seed < 8; ++seed) {
        const std::vector<T> av = inputs<T>(W, 11 * seed), bv = inputs<T>(W, 11 * seed + 2),
                             cv = inputs<T>(W, 11 * seed + 5);
        const auto load = [](const std::vector<T>& v) {
            if constexpr (std::is_same_v<N, T>) {
                return v[0];
            } else {
                return N::load_unaligned(v.data());
            }
        };
        const N A = load(av), B = load(bv), C = load(cv);
        const N one(T(1));
        const auto r = e(a = sparse_dual<N, 1>{A, {one}}, b = sparse_dual<N, 2>{B, {one}},
                         c = sparse_dual<N, 4>{C, {one}});
        const auto pa = e(a = dual<N>{A, one}, b = B, c = C);
        const auto pb = e(a = A, b = dual<N>{B, one}, c = C);
        const auto pc = e(a = A, b = B, c = dual<N>{C, one});
        using R = std::remove_cvref_t<decltype(r)>;
        const auto partial = [&](std::size_t k) -> N {
            const std::size_t slot = static_cast<std::size_t>(std::popcount(R::directions & ((1u << k) - 1)));
            return ((R::directions >> k) & 1u) ? r.d[slot] : N(T(0));
        };
        const auto derivative = [](const auto& p) -> N {
            if constexpr (requires { p.derivative; }) {
                return p.derivative;
            } else {
                return N(T(0));  // the expression does not depend on the seeded variable
            }
        };
        const N expect[] = {pa.value, derivative(pa), derivative(pb), derivative(pc)};
        const N got[] = {r.value, partial(0), partial(1), partial(2)};
        for (std::size_t k = 0; k < 4; ++k) {
            const auto g = lanes_of<N, T>(got[k]), w = lanes_of<N, T>(expect[k]);
            for (std::size_t l = 0; l < g.size(); ++l)
                BOOST_TEST(same_bits(g[l], w[l]), name << (k == 0 ? " value" : " partial ") << k << " lane "
                                                       << l << " at a=" << av[l] << " b=" << bv[l]
                                                       << " c=" << cv[l] << ": " << g[l] << " vs " << w[l]);
        }
    }
}

template <class T>
void check_all_one_pass() {
    check_one_pass<T>("silu(a) * b + c", silu(a) * b + c);
    check_one_pass<T>("a * sigmoid(b * a) - c", a * sigmoid(b * a) - c);
    check_one_pass<T>("relu(a) * b / c", relu(a) * b / c);
    check_one_pass<T>("(a - b) / (a + c)", (a - b) / (a + c));
    check_one_pass<T>("prelu(a, b) * c", prelu(a, b) * c);
    check_one_pass<T>("gelu(a) * b", gelu(a) * b + int_c<0> * c);
    check_one_pass<T>("swiglu(a, c) * tanh(b)", swiglu(a, c) * tanh(b));
    // First-argument fused kernels (elu's, softplus's) where only the first argument has
    // directions, as in the dual pass; where several have (elu(a, b)) both passes take the
    // rule's value and partials alike only when the dual pass sees several duals too, so
    // that case is left to the 4-ULP checks above.
    check_one_pass<T>("elu(a, 0.5) * b - softplus(c, 1.5)", elu(a, 0.5) * b - softplus(c, 1.5));
    check_one_pass<T>("-hardtanh(a) * pow(b, 3) + exp(c)", -hardtanh(a) * pow(b, int_c<3>) + exp(c));
    check_one_pass<T>("snake(a, b) * c", snake(a, b) * c);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(arrays_inputs)

BOOST_AUTO_TEST_CASE(one_pass_same_bits_as_dual_passes_float) { check_all_one_pass<float>(); }
BOOST_AUTO_TEST_CASE(one_pass_same_bits_as_dual_passes_double) { check_all_one_pass<double>(); }

/// Two inputs over long ranges (each at least detail::array_stream_bytes: streaming stores
/// where every output is aligned from the head on), against the same elements in short
/// pieces (plain stores): the same bits, with the gradients at the outputs' offset
/// (streamed) and one element off (not).
template <class T, class E>
void check_long_two_inputs(const char* name, const E& e) {
    const std::size_t n = detail::array_stream_bytes / sizeof(T) + 29;
    const std::size_t piece = 1000;
    const std::vector<T> av = inputs<T>(n, 7), bv = inputs<T>(n, 8);
    std::vector<T> gv = inputs<T>(n, 9);
    for (auto& g : gv) g = std::fabs(g) + T(0.5);
    std::vector<T> ro(n), ra(n), rb(n);
    for (std::size_t at = 0; at < n; at += piece) {
        const std::size_t m = std::min(piece, n - at);
        const auto cut = [&](auto& v) { return std::span(v).subspan(at, m); };
        forward_backward(e, cut(gv), cut(ro), input(a, cut(av), cut(ra)), input(b, cut(bv), cut(rb)));
    }
    std::size_t failures = 0;
    for (const std::size_t shift : {std::size_t(0), std::size_t(1)}) {
        std::vector<T> out(n), ga(n + 1, T(-7)), gb(n + 1, T(-7));
        const std::span<T> gas = std::span(ga).subspan(shift, n), gbs = std::span(gb).subspan(shift, n);
        forward_backward(e, std::span<const T>(gv), std::span(out), input(a, std::span<const T>(av), gas),
                         input(b, std::span<const T>(bv), gbs));
        const auto differ = [](T p, T q) { return !same(p, q) || std::signbit(p) != std::signbit(q); };
        for (std::size_t i = 0; i < n; ++i)
            failures += differ(out[i], ro[i]) || differ(gas[i], ra[i]) || differ(gbs[i], rb[i]);
    }
    BOOST_TEST(failures == 0u, name << " (" << sizeof(T) * 8 << "-bit, " << n << " elements): " << failures
                                    << " elements differ from the pass in short pieces");
}

BOOST_AUTO_TEST_CASE(long_two_inputs) {
    check_long_two_inputs<float>("swiglu", swiglu(a, b));
    check_long_two_inputs<double>("a * sigmoid(b)", a * sigmoid(b));
}

/// Two-input passes whose rule has a kernel for several batches at once (swiglu, geglu: the
/// pass's steps of 4 batches, their stages interleaved): every element the same bits as when
/// processed alone (value and both gradients), over lengths with whole steps, single batches and
/// a tail, with every input within the kernels' common path and with an odd element (NaN, inf,
/// zero, subnormal, far out) every 29th (groups with one, groups without).
template <class T, class E>
void check_two_input_batches(const char* name, const E& e) {
    std::mt19937_64 gen(4242);
    std::uniform_real_distribution<T> u(T(-9), T(9));
    const std::vector<T> odd = inputs<T>(64, 77);
    const std::size_t w = math::simd_width_v<T>;
    std::size_t failures = 0;
    for (const std::size_t every : {std::size_t(0), std::size_t(29)}) {
        for (const std::size_t n : {4 * w * 5 + 3 * w + 5, 4 * w - 1, 8 * w}) {
            std::vector<T> av(n), bv(n), gv(n), out(n), ga(n), gb(n);
            for (std::size_t i = 0; i < n; ++i) {
                av[i] = every != 0 && i % every == 5 ? odd[i % odd.size()] : u(gen);
                bv[i] = every != 0 && i % every == 11 ? odd[(3 * i) % odd.size()] : u(gen);
                gv[i] = T(0.5) + T(i % 7) / T(8);
            }
            forward_backward(e, gv, out, input(a, av, ga), input(b, bv, gb));
            for (std::size_t i = 0; i < n; ++i) {
                std::vector<T> a1{av[i]}, b1{bv[i]}, g1{gv[i]}, o1(1), ga1(1), gb1(1);
                forward_backward(e, g1, o1, input(a, a1, ga1), input(b, b1, gb1));
                const auto differ = [](T p, T q) {
                    return !same(p, q) || std::signbit(p) != std::signbit(q);
                };
                const bool bad = differ(out[i], o1[0]) || differ(ga[i], ga1[0]) || differ(gb[i], gb1[0]);
                failures += bad;
                if (bad && failures <= 5)
                    BOOST_TEST_MESSAGE(name << " at a = " << av[i] << ", b = " << bv[i] << ": " << out[i]
                                            << ", " << ga[i] << ", " << gb[i] << " but alone " << o1[0]
                                            << ", " << ga1[0] << ", " << gb1[0]);
            }
        }
    }
    BOOST_TEST(failures == 0u, name << " (" << sizeof(T) * 8 << "-bit): " << failures
                                    << " elements differ from the one-element pass");
}

/// Where float arrays run on SIMD batches, swiglu's two-input pass takes its kernel for several
/// batches at once.
template <class N>
constexpr bool swiglu_takes_batches() {
    if constexpr (!std::is_void_v<N> && !std::is_arithmetic_v<N>) {
        return detail::batches_direct_v<4, N, decltype(swiglu(a, b)), std::remove_cvref_t<decltype(a)>,
                                        std::remove_cvref_t<decltype(b)>>;
    } else {
        return true;
    }
}

BOOST_AUTO_TEST_CASE(two_input_batches_as_alone) {
    static_assert(swiglu_takes_batches<math::simd_batch_t<float>>(),
                  "swiglu's two-input pass takes its kernel for several batches");
    check_two_input_batches<float>("swiglu", swiglu(a, b));
    check_two_input_batches<float>("geglu", geglu(a, b));
    check_two_input_batches<double>("swiglu", swiglu(a, b));
    check_two_input_batches<double>("geglu", geglu(a, b));
}

BOOST_AUTO_TEST_CASE(two_inputs_float) { check_all_two_inputs<float>(); }
BOOST_AUTO_TEST_CASE(two_inputs_double) { check_all_two_inputs<double>(); }

BOOST_AUTO_TEST_CASE(three_inputs_and_a_parameter) {
    constexpr auto d = var<"d">;
    const std::size_t n = 4 * math::simd_width_v<double> + 3;
    const auto e = a * sigmoid(b) + sin(c) * d;  // c and d are ranges too
    std::vector<double> av = inputs<double>(n, 7), bv = inputs<double>(n, 9), cv = inputs<double>(n, 13);
    std::vector<double> go(n, 1.5), out(n), ga(n), gb(n), gc(n);
    const auto g =
        forward_backward(e, go, out, input(a, av, ga), input(b, bv, gb), input(c, cv, gc), d = 2.0);
    double sum_d = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = gradient(e, a = av[i], b = bv[i], c = cv[i], d = 2.0);
        BOOST_TEST(agree(out[i], r.value));
        BOOST_TEST(agree(ga[i], r[a] * 1.5, 1.5));
        BOOST_TEST(agree(gb[i], r[b] * 1.5, 1.5));
        BOOST_TEST(agree(gc[i], r[c] * 1.5, 1.5));
        if (std::isfinite(r[d])) sum_d += r[d] * 1.5;
    }
    if (std::isfinite(g[d])) BOOST_TEST(g[d] == sum_d, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(glu_layout) {
    // PyTorch's glu: the first half of the last dimension is the value, the second the gate.
    for (std::size_t n = 0; n <= 2 * math::simd_width_v<float> + 3; ++n) {
        std::vector<float> in = inputs<float>(2 * n, static_cast<unsigned>(n) + 40);
        std::vector<float> go = inputs<float>(n, static_cast<unsigned>(n) + 80);
        std::vector<float> out(n), gin(2 * n, -7.0f), out2(n), ga(n), gb(n);
        const auto e = a * sigmoid(b);
        forward_backward(e, go, out, halves(a, b, in, gin));
        const std::span<const float> s(in);
        forward_backward(e, go, out2, input(a, s.first(n), ga), input(b, s.last(n), gb));
        for (std::size_t i = 0; i < n; ++i) {
            BOOST_TEST(same(out[i], out2[i]));
            BOOST_TEST(same(gin[i], ga[i]));
            BOOST_TEST(same(gin[n + i], gb[i]));
        }
        std::vector<float> in_place = in;  // the gradient written over its input
        forward_backward(e, go, out2, halves(a, b, in_place, in_place));
        for (std::size_t i = 0; i < 2 * n; ++i) BOOST_TEST(same(in_place[i], gin[i]));
        std::vector<float> out3(n);
        forward(e, out3, halves(a, b, in));
        for (std::size_t i = 0; i < n; ++i) BOOST_TEST(same(out3[i], out[i]));
    }
    std::vector<float> odd(5), out(2), g(2);
    BOOST_TEST(message_of([&] { forward(a * sigmoid(b), out, halves(a, b, odd)); }) ==
               "ctdiff::halves: in has 5 elements, not an even number");
    std::vector<float> in(6), gin(4), out3(3), g3(3);
    BOOST_TEST(message_of([&] { forward_backward(a * sigmoid(b), g3, out3, halves(a, b, in, gin)); }) ==
               "ctdiff::halves: in has 6 elements but grad has 4");
}

BOOST_AUTO_TEST_CASE(inputs_bad_input) {
    std::vector<double> a5(5), b4(4), o5(5), g5(5), ga(5), gb(5), gb4(4);
    const auto e = a * sigmoid(b);
    BOOST_TEST(message_of([&] { forward(e, o5, input(a, a5), input(b, b4)); }) ==
               "ctdiff::forward: a has 5 elements but b has 4");
    BOOST_TEST(message_of([&] { forward_backward(e, g5, o5, input(a, a5, ga), input(b, a5, gb4)); }) ==
               "ctdiff::forward_backward: a has 5 elements but grad_b has 4");
    std::vector<double> o4(4);
    BOOST_TEST(message_of([&] { forward(e, o4, input(a, a5), input(b, a5)); }) ==
               "ctdiff::forward: a has 5 elements but out has 4");
    BOOST_TEST(message_of([&] { backward(e, b4, input(a, a5, ga), input(b, a5, gb)); }) ==
               "ctdiff::backward: a has 5 elements but grad_out has 4");
    // Two gradients into one range, an output into the other's gradient.
    BOOST_TEST(message_of([&] { backward(e, g5, input(a, a5, ga), input(b, a5, ga)); }) ==
               "ctdiff::backward: grad_a and grad_b are the same range (two outputs cannot share one)");
    BOOST_TEST(message_of([&] { forward_backward(e, g5, ga, input(a, a5, ga), input(b, a5, gb)); }) ==
               "ctdiff::forward_backward: out and grad_a are the same range (two outputs cannot share one)");
    // Partial overlap of an output and an input.
    std::vector<double> buf(10);
    const std::span<double> s(buf);
    const std::string m =
        message_of([&] { forward(e, s.subspan(2, 5), input(a, s.first(5)), input(b, b4)); });
    BOOST_TEST(m.find("ctdiff::forward: ") == 0, m);
    const std::string m2 =
        message_of([&] { forward(e, s.subspan(2, 4), input(a, s.subspan(0, 4)), input(b, b4)); });
    BOOST_TEST(
        m2 ==
        "ctdiff::forward: out overlaps a (an output may be the very same range as an input, nothing else)");
    // In place is allowed: each gradient over its own input, the value over grad_out.
    std::vector<double> av = inputs<double>(5, 3), bv = inputs<double>(5, 4), go(5, 1.0), out(5), ra(5),
                        rb(5);
    forward_backward(e, go, out, input(a, av, ra), input(b, bv, rb));
    std::vector<double> av2 = av, bv2 = bv, go2 = go;
    forward_backward(e, go2, go2, input(a, av2, av2), input(b, bv2, bv2));
    for (std::size_t i = 0; i < 5; ++i) {
        BOOST_TEST(same(go2[i], out[i]));
        BOOST_TEST(same(av2[i], ra[i]));
        BOOST_TEST(same(bv2[i], rb[i]));
    }
}

BOOST_AUTO_TEST_CASE(pointer_and_length) {
    std::vector<float> in = inputs<float>(37, 5), out(37), ref(37);
    forward(sigmoid(x), in, ref);
    const float* p = in.data();
    float* q = out.data();
    forward(sigmoid(x), view(p, in.size()), view(q, out.size()));
    for (std::size_t i = 0; i < in.size(); ++i) BOOST_TEST(same(out[i], ref[i]));
    float* null = nullptr;
    forward(sigmoid(x), view(null, 0), view(null, 0));  // empty is fine
    BOOST_TEST(message_of([&] { forward(sigmoid(x), view(null, 3), view(q, 3)); }) ==
               "ctdiff::forward: in is a null pointer with 3 elements");
    BOOST_TEST(message_of([&] { backward(sigmoid(x), view(p, 3), view(null, 3), view(q, 3)); }) ==
               "ctdiff::backward: grad_out is a null pointer with 3 elements");
    BOOST_TEST(message_of([&] {
                   forward(a * b, view(q, 3), input(a, view(null, 3)), input(b, view(p, 3)));
               }) == "ctdiff::input: a is a null pointer with 3 elements");
    static_assert(std::is_same_v<decltype(view(p, 1)), array_view<const float>>);
}

namespace {
template <class... A>
constexpr bool can_forward = requires(A&&... args) {
    forward(std::forward<A>(args)...);
};
using relu_t = decltype(relu(x));
using two_t = decltype(a * b);
using in_a = decltype(input(a, std::declval<std::vector<float>&>()));
using in_b = decltype(input(b, std::declval<std::vector<float>&>()));
static_assert(can_forward<two_t, std::vector<float>&, in_a, in_b>);
static_assert(!can_forward<two_t, const std::vector<float>&, in_a, in_b>);  // const output
static_assert(can_forward<relu_t, array_view<float>, array_view<float>>);
static_assert(!can_forward<relu_t, array_view<float>, array_view<const float>>);
// Structural detection: a strided storage type is recognised by its InnerStrideAtCompileTime.
struct strided_storage {
    enum { InnerStrideAtCompileTime = 2 };
    float* data() const;
    long size() const;
};
static_assert(!detail::storage_has_unit_inner_stride_v<strided_storage>);
static_assert(detail::storage_has_unit_inner_stride_v<std::vector<float>>);
}  // namespace

BOOST_AUTO_TEST_CASE(layer_saved_derivative) {
    // forward_save + backward_saved give exactly what forward_backward gives.
    const auto check = [](const auto& e, auto tag) {
        using T = decltype(tag);
        for (std::size_t n = 0; n <= 3 * math::simd_width_v<T> + 2; ++n) {
            const std::vector<T> in = inputs<T>(n, static_cast<unsigned>(n));
            std::vector<T> go = inputs<T>(n, 99 + static_cast<unsigned>(n));
            for (auto& g : go) g = std::fabs(g) + T(0.5);
            std::vector<T> out(n), gin(n), out2(n), saved(n), gin2(n);
            forward_backward(e, in, go, out, gin, a = T(1.5));
            forward_save(e, in, out2, saved, a = T(1.5));
            backward_saved(saved, go, gin2);
            for (std::size_t i = 0; i < n; ++i) {
                BOOST_TEST(same(out2[i], out[i]));
                BOOST_TEST(same(gin2[i], gin[i]),
                           "n=" << n << " x=" << in[i] << ": " << gin2[i] << " vs " << gin[i]);
                const auto [v, dv] = value_and_derivative(e, wrt(x), x = in[i], a = T(1.5));
                BOOST_TEST(agree(saved[i], dv));
            }
            backward_saved(saved, go, saved);  // in place
            for (std::size_t i = 0; i < n; ++i) BOOST_TEST(same(saved[i], gin[i]));
        }
    };
    check(x * sigmoid(a * x), 0.0f);
    check(x * sigmoid(a * x), 0.0);
    check(tanh(relu(x)) + a, 0.0f);
    std::vector<float> s3(3), g4(4), o3(3), i3(3);
    BOOST_TEST(message_of([&] { backward_saved(s3, g4, o3); }) ==
               "ctdiff::backward_saved: saved has 3 elements but grad_out has 4");
    BOOST_TEST(message_of([&] { forward_save(sigmoid(x), i3, o3, o3); }) ==
               "ctdiff::forward_save: out and saved are the same range (two outputs cannot share one)");
}

BOOST_AUTO_TEST_CASE(layer_saved_partials_of_several_inputs) {
    for (std::size_t n = 0; n <= 2 * math::simd_width_v<float> + 3; ++n) {
        const std::vector<float> av = inputs<float>(n, 60 + static_cast<unsigned>(n));
        const std::vector<float> bv = inputs<float>(n, 61 + static_cast<unsigned>(n));
        const std::vector<float> go(n, 0.75f);
        std::vector<float> out(n), ga(n), gb(n), out2(n), sa(n), sb(n), ga2(n), gb2(n);
        const auto e = silu(a) * b;
        forward_backward(e, go, out, input(a, av, ga), input(b, bv, gb));
        forward_save(e, out2, input(a, av, sa), input(b, bv, sb));
        backward_saved(sa, go, ga2);
        backward_saved(sb, go, gb2);
        for (std::size_t i = 0; i < n; ++i) {
            BOOST_TEST(same(out2[i], out[i]));
            BOOST_TEST(same(ga2[i], ga[i]));
            BOOST_TEST(same(gb2[i], gb[i]));
        }
    }
}

BOOST_AUTO_TEST_CASE(rrelu_training_mode) {
    BOOST_TEST(message_of([] { rrelu_training(0.5, 0.25, 1); }) ==
               "ctdiff::rrelu_training: lower (0.500000) must not exceed upper (0.250000)");
    const std::size_t n = 100003;
    std::vector<float> in(n), go(n), out(n), gin(n), saved(n), out2(n), gin2(n);
    for (std::size_t i = 0; i < n; ++i) {
        in[i] = (i % 3 == 0 ? 1.0f : -1.0f) * (0.5f + static_cast<float>(i % 17));
        go[i] = 0.25f + static_cast<float>(i % 5);
    }
    in[1] = 0.0f;
    in[2] = std::numeric_limits<float>::quiet_NaN();
    const double lower = 1.0 / 8, upper = 1.0 / 3;
    const rrelu_training r(lower, upper, 2024);
    forward_backward(r, in, go, out, gin);
    forward_save(r, in, out2, saved);
    backward_saved(saved, go, gin2);
    double sum = 0, sum2 = 0;
    std::size_t drawn = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const float s = r.slope<float>(i);
        BOOST_TEST((s >= float(lower) && s <= float(upper)));
        if (i == 2) {
            BOOST_TEST(std::isnan(out[i]));
            BOOST_TEST(std::isnan(gin[i]));
        } else if (in[i] > 0) {
            BOOST_TEST(out[i] == in[i]);
            BOOST_TEST(gin[i] == go[i]);
        } else {
            BOOST_TEST(out[i] == s * in[i]);
            BOOST_TEST(gin[i] == s * go[i]);  // backward uses the forward's slope
            sum += s;
            sum2 += double(s) * s;
            ++drawn;
        }
        BOOST_TEST(same(out2[i], out[i]));
        BOOST_TEST(same(gin2[i], gin[i]));
    }
    // The slopes are U(lower, upper): mean and variance within 5 standard errors.
    const double mean = sum / drawn, var = sum2 / drawn - mean * mean;
    const double width = upper - lower;
    BOOST_TEST(std::fabs(mean - (lower + upper) / 2) <= 5 * width / std::sqrt(12.0 * drawn));
    BOOST_TEST(std::fabs(var - width * width / 12) <= 5 * width * width / std::sqrt(180.0 * drawn));
    // Reproducible from the seed, and split work with an offset draws the same slopes.
    std::vector<float> again(n), tail(n - 1000), other(n);
    forward(rrelu_training(lower, upper, 2024), in, again);
    forward(rrelu_training(lower, upper, 2024, 1000), std::span<const float>(in).subspan(1000), tail);
    forward(rrelu_training(lower, upper, 2025), in, other);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < n; ++i) {
        BOOST_TEST(same(again[i], out[i]));
        if (i >= 1000) BOOST_TEST(same(tail[i - 1000], out[i]));
        if (in[i] < 0 && other[i] != out[i]) ++differ;
    }
    BOOST_TEST(differ > drawn * 9 / 10);  // another seed, other slopes
    std::vector<float> gin3(n);
    backward(r, in, go, gin3);
    for (std::size_t i = 0; i < n; ++i) BOOST_TEST(same(gin3[i], gin[i]));
    // lower == upper is leaky_relu with that slope.
    std::vector<double> din{-2.0, 3.0}, dout(2);
    forward(rrelu_training(0.25, 0.25, 9), din, dout);
    BOOST_TEST(dout[0] == -0.5);
    BOOST_TEST(dout[1] == 3.0);
}

#ifdef CTDIFF_TEST_EIGEN
BOOST_AUTO_TEST_CASE(eigen_storage) {
    const Eigen::Index n = 19;
    Eigen::ArrayXf in = Eigen::ArrayXf::LinSpaced(n, -4.0f, 4.0f);
    Eigen::ArrayXf go = Eigen::ArrayXf::Constant(n, 0.5f);
    Eigen::ArrayXf out(n), gin(n);
    std::vector<float> vin(in.data(), in.data() + n), vgo(n, 0.5f), vout(n), vgin(n);
    forward_backward(silu(x), vin, vgo, vout, vgin);
    forward_backward(silu(x), in, go, out, gin);  // Eigen arrays
    for (Eigen::Index i = 0; i < n; ++i) {
        BOOST_TEST(out[i] == vout[static_cast<std::size_t>(i)]);
        BOOST_TEST(gin[i] == vgin[static_cast<std::size_t>(i)]);
    }
    Eigen::VectorXf vec = in.matrix();  // vectors, Maps, matrices as flat storage
    Eigen::VectorXf vout2(n);
    forward(silu(x), vec, vout2);
    BOOST_TEST((vout2.array() == out).all());
    Eigen::Map<const Eigen::VectorXf> map(vin.data(), n);
    Eigen::Map<Eigen::VectorXf> map_out(vout.data(), n);
    forward(silu(x), map, map_out);
    for (Eigen::Index i = 0; i < n; ++i) BOOST_TEST(vout[static_cast<std::size_t>(i)] == out[i]);
    Eigen::MatrixXd m = Eigen::MatrixXd::Random(4, 5), mo(4, 5), gm(4, 5);
    const Eigen::MatrixXd ones = Eigen::MatrixXd::Ones(4, 5);
    const auto g = backward(prelu(x, a), m, ones, gm, a = 0.25);
    forward(prelu(x, a), m, mo, a = 0.25);
    double expect = 0;
    for (Eigen::Index j = 0; j < m.size(); ++j) {
        const double v = m.data()[j];
        BOOST_TEST(mo.data()[j] == (v > 0 ? v : 0.25 * v));
        BOOST_TEST(gm.data()[j] == (v > 0 ? 1.0 : 0.25));
        if (!(v > 0)) expect += v;
    }
    BOOST_TEST(g[a] == expect, boost::test_tools::tolerance(1e-12));
    // A column of a column-major matrix and a row of a row-major one are contiguous.
    Eigen::VectorXd col(4);
    forward(relu(x), m.col(2), col);
    for (Eigen::Index i = 0; i < 4; ++i) BOOST_TEST(col[i] == std::max(m(i, 2), 0.0));
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rm = m;
    Eigen::RowVectorXd row(5);
    forward(relu(x), rm.row(1), row);
    for (Eigen::Index j = 0; j < 5; ++j) BOOST_TEST(row[j] == std::max(m(1, j), 0.0));
    // Strided storage is refused at compile time (compile_fail/array_strided.cpp shows the message).
    using strided = Eigen::Map<Eigen::VectorXf, 0, Eigen::InnerStride<2>>;
    static_assert(!detail::storage_has_unit_inner_stride_v<strided>);
    static_assert(!detail::storage_has_unit_inner_stride_v<decltype(m.row(0))>);
    static_assert(detail::storage_has_unit_inner_stride_v<decltype(m.col(0))>);
    // A block whose columns are not adjacent is refused at run time.
    Eigen::MatrixXd block_out(2, 5);
    BOOST_TEST(message_of([&] { forward(relu(x), m.topRows(2), block_out); }) ==
               "ctdiff::forward: in is not contiguous (a block of a matrix: outer stride 4, inner size 2); "
               "pass a copy or the whole matrix");
    // Several inputs from Eigen objects.
    Eigen::ArrayXf bin = Eigen::ArrayXf::LinSpaced(n, 2.0f, -2.0f), ga(n), gb(n), o2(n);
    forward_backward(a * sigmoid(b), go, o2, input(a, in, ga), input(b, bin, gb));
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto r = gradient(a * sigmoid(b), a = in[i], b = bin[i]);
        BOOST_TEST(agree(o2[i], r.value));
        BOOST_TEST(agree(ga[i], r[a] * 0.5f, 0.5f));
        BOOST_TEST(agree(gb[i], r[b] * 0.5f, 0.5f));
    }
}
#endif

BOOST_AUTO_TEST_SUITE_END()
