// Arrays: forward, backward, forward_backward. Built twice: with the SIMD
// backend (when xsimd is present) and with CTDIFF_NO_XSIMD (the scalar path).
// Every element is compared with the scalar path (value_and_derivative on
// one number, std:: math) at every tail length, and with a long double reference.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <ctdiff/array.hpp>
#include <ctdiff/ctdiff.hpp>
#include "support.hpp"
#if __has_include(<ctdiff/activations/gelu.hpp>) && __has_include(<ctdiff/activations/mish.hpp>) && \
    __has_include(<ctdiff/activations/silu.hpp>) && __has_include(<ctdiff/activations/softplus.hpp>)
#include <ctdiff/activations/gelu.hpp>
#include <ctdiff/activations/mish.hpp>
#include <ctdiff/activations/silu.hpp>
#include <ctdiff/activations/softplus.hpp>
#define CTDIFF_TEST_FULL_SET 1
#endif

namespace {

using namespace ctdiff;
using namespace ctdiff_arrays_test;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

struct worst_t {
    double value = 0, derivative = 0;
};

/// Runs forward, backward and forward_backward at every length 0..n_max and
/// compares each element with the scalar path and with a long double pass.
template <class T, class E>
worst_t check_expression(const char* name, const E& e, std::size_t n_max) {
    worst_t worst;
    for (std::size_t n = 0; n <= n_max; ++n) {
        for (unsigned seed : {2u * static_cast<unsigned>(n), 2u * static_cast<unsigned>(n) + 1}) {
            const std::vector<T> in = inputs<T>(n, seed);
            std::vector<T> gout = inputs<T>(n, 1000 + 2 * seed + 1);
            for (auto& g : gout) g = std::fabs(g) + T(0.5);  // finite, nonzero weights
            std::vector<T> out(n, T(-7)), gin(n, T(-7)), out2(n, T(-7)), gin2(n, T(-7));
            forward_backward(e, in, gout, out, gin);
            // forward and backward on ranges one element off the allocation's alignment
            std::vector<T> in1(n + 1), gout1(n + 1), out1(n + 1), gin1(n + 1);
            std::copy(in.begin(), in.end(), in1.begin() + 1);
            std::copy(gout.begin(), gout.end(), gout1.begin() + 1);
            forward(e, std::span<const T>(in1).subspan(1), std::span<T>(out1).subspan(1));
            backward(e, std::span<const T>(in1).subspan(1), std::span<const T>(gout1).subspan(1),
                     std::span<T>(gin1).subspan(1));
            std::copy(out1.begin() + 1, out1.end(), out2.begin());
            std::copy(gin1.begin() + 1, gin1.end(), gin2.begin());
            for (std::size_t i = 0; i < n; ++i) {
                const auto [v, dv] = value_and_derivative(e, x = in[i]);
                const auto [vl, dvl] = value_and_derivative(e, x = static_cast<long double>(in[i]));
                const T ref_v = static_cast<T>(vl);
                const T ref_g = static_cast<T>(dvl * static_cast<long double>(gout[i]));
                const T scalar_g = dv * gout[i];
                BOOST_TEST(agree(out[i], v), name << " value at n=" << n << " i=" << i << " x=" << in[i]
                                                  << ": " << out[i] << " vs scalar " << v);
                BOOST_TEST(agree(gin[i], scalar_g, gout[i]), name << " derivative at n=" << n << " i=" << i
                                                                  << " x=" << in[i] << ": " << gin[i]
                                                                  << " vs scalar " << scalar_g);
                BOOST_TEST(agree(out[i], ref_v), name << " value vs long double at x=" << in[i]);
                BOOST_TEST(agree(gin[i], ref_g, gout[i]),
                           name << " derivative vs long double at x=" << in[i]);
                // forward and backward alone compute exactly what the fused pass does.
                BOOST_TEST((out2[i] == out[i] || (std::isnan(out2[i]) && std::isnan(out[i]))),
                           name << " forward differs from forward_backward at x=" << in[i]);
                BOOST_TEST((gin2[i] == gin[i] || (std::isnan(gin2[i]) && std::isnan(gin[i]))),
                           name << " backward differs from forward_backward at x=" << in[i]);
                worst.value = std::max(worst.value, ulps_apart(out[i], v));
                if (std::fabs(scalar_g) > std::numeric_limits<T>::epsilon())
                    worst.derivative = std::max(worst.derivative, ulps_apart(gin[i], scalar_g));
            }
        }
    }
    BOOST_TEST_MESSAGE(name << " (" << sizeof(T) * 8 << "-bit, width "
                            << math::simd_width_v<T> << "): worst ulp vs scalar path: value " << worst.value
                            << ", derivative " << worst.derivative);
    return worst;
}

template <class T>
void check_all() {
    const std::size_t n_max = 3 * math::simd_width_v<T> + 2;  // every lane and tail length, three batches
    check_expression<T>("relu", relu(x), n_max);
    check_expression<T>("sigmoid", sigmoid(x), n_max);
    check_expression<T>("tanh", tanh(x), n_max);
    check_expression<T>("sigmoid(relu(x))", sigmoid(relu(x)), n_max);
    check_expression<T>("x * sigmoid(x)", x * sigmoid(x), n_max);
    check_expression<T>("prelu(x, 0.25)", prelu(x, 0.25), n_max);
    check_expression<T>("exp(x) / 4", exp(x) / int_c<4>, n_max);
    check_expression<T>("log1p(exp(x))", log1p(exp(x)), n_max);
    check_expression<T>("erf(x)", erf(x), n_max);
    check_expression<T>("x * tanh(log1p(exp(x)))", x * tanh(log1p(exp(x))), n_max);
    check_expression<T>("sin(x) * cos(x)", sin(x) * cos(x), n_max);
    check_expression<T>("pow(x, 3) - abs(x)", pow(x, 3) - abs(x), n_max);
    check_expression<T>("tanh(sigmoid(tanh(relu(x))))", tanh(sigmoid(tanh(relu(x)))), n_max);
#ifdef CTDIFF_TEST_FULL_SET
    check_expression<T>("gelu", gelu(x), n_max);
    check_expression<T>("silu", silu(x), n_max);
    check_expression<T>("mish", mish(x), n_max);
    check_expression<T>("x * tanh(softplus(x))", x * tanh(softplus(x)), n_max);
#endif
}

/// Bit for bit equal, or both NaN.
template <class T>
bool same_bits(T a, T b) {
    if (std::isnan(a) && std::isnan(b)) return true;
    return std::memcmp(&a, &b, sizeof(T)) == 0;
}

/// Neighbours from the whole range of T: random bit patterns (every exponent, subnormals,
/// ±inf and NaN among them) and the specials, one in four.
template <class T>
T random_neighbour(std::mt19937_64& gen) {
    using U = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;
    const T special[] = {std::numeric_limits<T>::infinity(),
                         -std::numeric_limits<T>::infinity(),
                         std::numeric_limits<T>::quiet_NaN(),
                         T(-100),
                         T(-800),
                         T(0),
                         -T(0),
                         T(1e30)};
    if (gen() % 4 == 0) return special[gen() % std::size(special)];
    const U bits = static_cast<U>(gen());
    T v;
    std::memcpy(&v, &bits, sizeof(T));
    return v;
}

/// Each target's value and gradient are the same bits at every lane position and tail
/// length, whatever its neighbours, as when it is processed alone (#15).
template <class T, class E>
void check_position_independent(const char* name, const E& e, std::span<const T> targets) {
    std::mt19937_64 gen(1515);
    const std::size_t w = math::simd_width_v<T>;
    for (const T t : targets) {
        std::vector<T> one_in{t}, one_go{T(1)}, one_out(1), one_gin(1);
        forward_backward(e, one_in, one_go, one_out, one_gin);
        for (std::size_t n = 1; n <= 2 * w + 1; ++n) {
            for (std::size_t pos = 0; pos < n; ++pos) {
                std::vector<T> in(n), go(n, T(1)), out(n), gin(n);
                for (auto& v : in) v = random_neighbour<T>(gen);
                in[pos] = t;
                forward_backward(e, in, go, out, gin);
                BOOST_TEST((same_bits(out[pos], one_out[0]) && same_bits(gin[pos], one_gin[0])),
                           name << " at x = " << t << ", n = " << n << ", position " << pos << ": "
                                << out[pos] << ", " << gin[pos] << " but alone " << one_out[0] << ", "
                                << one_gin[0]);
            }
        }
    }
}

/// The sign of zero (and every bit) as on the scalar route, at ±0 and where results underflow.
template <class T, class E>
void check_zero_signs(const char* name, const E& e, std::span<const T> targets) {
    std::vector<T> in(targets.begin(), targets.end()), go(in.size(), T(1)), out(in.size()), gin(in.size());
    forward_backward(e, in, go, out, gin);
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto r = value_and_derivative(e, x = in[i]);
        if (out[i] == 0 || r.value == 0)
            BOOST_TEST((out[i] == r.value && std::signbit(out[i]) == std::signbit(r.value)),
                       name << " value at x = " << in[i] << ": array " << out[i] << ", scalar " << r.value);
        if (gin[i] == 0 || r.derivative == 0)
            BOOST_TEST((gin[i] == r.derivative && std::signbit(gin[i]) == std::signbit(r.derivative)),
                       name << " derivative at x = " << in[i] << ": array " << gin[i] << ", scalar "
                            << r.derivative);
    }
}

/// Past -1000 the rules take their limits (where u * 0 would be inf * 0): a zero there has the
/// sign that the underflow gives before -1000 (value and derivative, scalar route; the array
/// route is held to the scalar one by check_zero_signs).
template <class T, class E>
void check_limit_signs(const char* name, const E& e) {
    const auto before = value_and_derivative(e, x = T(-999));
    for (const T u : {T(-1001), T(-1e30), -std::numeric_limits<T>::infinity()}) {
        const auto r = value_and_derivative(e, x = u);
        if (before.value == 0 && r.value == 0)
            BOOST_TEST(std::signbit(r.value) == std::signbit(before.value),
                       name << " value at " << u << ": " << r.value << ", at -999 " << before.value);
        if (before.derivative == 0 && r.derivative == 0)
            BOOST_TEST(
                std::signbit(r.derivative) == std::signbit(before.derivative),
                name << " derivative at " << u << ": " << r.derivative << ", at -999 " << before.derivative);
    }
}

template <class T>
void check_every_activation_positions() {
    const T targets[] = {T(0),
                         -T(0),
                         std::numeric_limits<T>::denorm_min(),
                         -std::numeric_limits<T>::denorm_min(),
                         T(-12.3384314),
                         T(-8.32433891),
                         T(-13.09),
                         T(-21.35),
                         T(-30),
                         T(-39),
                         T(-100),
                         std::is_same_v<T, float> ? T(-88) : T(-745.2),
                         std::is_same_v<T, float> ? T(-104) : T(-750),
                         T(-200),
                         T(-1000),
                         T(-1001),
                         T(1.5),
                         T(-1.5),
                         T(25)};
    const std::span<const T> ts(targets);
    const auto positions = [&](const char* name, const auto& e) {
        check_position_independent<T>(name, e, ts);
        check_zero_signs<T>(name, e, ts);
    };
    const auto both = [&](const char* name, const auto& e) {
        positions(name, e);
        check_limit_signs<T>(name, e);
    };
    both("relu", relu(x));
    both("relu6", relu6(x));
    both("leaky_relu", leaky_relu(x));
    both("prelu", prelu(x, 0.25));
    both("elu", elu(x));
    both("selu", selu(x));
    both("celu", celu(x));
    both("celu(x, 0.7)", celu(x, 0.7));
    both("softsign", softsign(x));
    both("hardtanh", hardtanh(x));
    both("hardsigmoid", hardsigmoid(x));
    both("hardswish", hardswish(x));
    both("log_sigmoid", log_sigmoid(x));
    both("sigmoid", sigmoid(x));
    both("tanh", tanh(x));
    both("tanhshrink", tanhshrink(x));
    both("softshrink", softshrink(x));
    both("hardshrink", hardshrink(x));
    both("threshold", threshold(x, 0.5, -2.0));
#ifdef CTDIFF_TEST_FULL_SET
    both("gelu", gelu(x));
    both("gelu_tanh", gelu_tanh(x));
    both("silu", silu(x));
    both("mish", mish(x));
    both("softplus", softplus(x));
    both("softplus(x, 2)", softplus(x, 2.0));
    // Their derivatives are < 0 on the far left: where they underflow and past their limits, -0
    // (gelu''s two parts underflow from about -38.6 and summed to +0 there and past -40).
    const auto negative_far_left = [](const char* name, const auto& e) {
        for (const T u : {T(-38.7), T(-39), T(-39.9), T(-40.5), T(-200), T(-999), T(-1001),
                          -std::numeric_limits<T>::infinity()}) {
            const T slope = value_and_derivative(e, x = u).derivative;
            BOOST_TEST(std::signbit(slope), name << "' at " << u << ": " << slope);
        }
    };
    negative_far_left("gelu", gelu(x));
    negative_far_left("gelu_tanh", gelu_tanh(x));
    negative_far_left("silu", silu(x));
    negative_far_left("mish", mish(x));
    // Derivative primitives whose float batches compute in double lanes (their
    // batch_precision), and gelu's.
    // (Their own derivatives, the second ones, are not held to check_limit_signs: past -1000 they
    // are +0.)
    positions("d(gelu_tanh)", d(gelu_tanh(x), x));
    positions("d(gelu)", d(gelu(x), x));
    positions("d(mish)", d(mish(x), x));
    positions("d(silu)", d(silu(x), x));
#endif
    // Not an activation, but a primitive whose batch kernel chose its argument reduction
    // for the whole batch: a lane beside one past 20 pi took another.
    check_position_independent<T>("sin(x) * cos(x)", sin(x) * cos(x), ts);
}

/// Compositions take the grouped route (several batches evaluated node by node, #12) on
/// whole groups of batches: every element the same bits as when processed alone (the
/// one-batch route), value and gradient, forward alone too, over a length that has whole
/// groups, single batches and a tail.
template <class T, class E>
void check_grouped_as_alone(const char* name, const E& e, std::size_t odd_every = 7) {
    std::mt19937_64 gen(1212);
    const std::size_t w = math::simd_width_v<T>;
    const std::size_t n = 4 * w * 3 + w + 3;
    std::vector<T> in(n), go(n), out(n), gin(n), fwd(n);
    std::uniform_real_distribution<T> u(T(-8), T(8));
    for (std::size_t i = 0; i < n; ++i) {
        in[i] = odd_every != 0 && i % odd_every == 3 ? random_neighbour<T>(gen) : u(gen);
        go[i] = T(0.5) + T(i % 5) / T(4);
    }
    forward_backward(e, in, go, out, gin);
    forward(e, in, fwd);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<T> one_in{in[i]}, one_go{go[i]}, one_out(1), one_gin(1);
        forward_backward(e, one_in, one_go, one_out, one_gin);
        BOOST_TEST(
            (same_bits(out[i], one_out[0]) && same_bits(gin[i], one_gin[0]) && same_bits(fwd[i], out[i])),
            name << " at x = " << in[i] << ", element " << i << " of " << n << ": " << out[i] << ", "
                 << gin[i] << " (forward " << fwd[i] << ") but alone " << one_out[0] << ", " << one_gin[0]);
    }
}

template <class T>
void check_grouped_compositions() {
    check_grouped_as_alone<T>("sigmoid(tanh(x))", sigmoid(tanh(x)));
    check_grouped_as_alone<T>("sigmoid(relu(x))", sigmoid(relu(x)));
    check_grouped_as_alone<T>("x * tanh(2 x) + sigmoid(-x) / 3", x * tanh(2 * x) + sigmoid(-x) / 3);
    check_grouped_as_alone<T>("tanh(sigmoid(relu(tanh(x))))", tanh(sigmoid(relu(tanh(x)))));
#ifdef CTDIFF_TEST_FULL_SET
    check_grouped_as_alone<T>("x * tanh(softplus(x))", x * tanh(softplus(x)));
    check_grouped_as_alone<T>("chain10",
                              sigmoid(tanh(silu(relu(sigmoid(tanh(silu(relu(sigmoid(tanh(x)))))))))));
    check_grouped_as_alone<T>("gelu(mish(x)) - elu(x)", gelu(mish(x)) - elu(x));
#endif
}

/// Ranges at every alignment: the pass takes the elements before its first store's batch
/// alignment in a padded batch (array_head), so each range of forward_backward, forward
/// and backward starts at every element offset from a 64-byte boundary, the four of a
/// call at the same offset and at four different ones, over lengths with no whole batch,
/// one, and whole groups. Every element the same bits as when processed alone.
template <class T, class E>
void check_alignments(const char* name, const E& e) {
    std::mt19937_64 gen(64);
    const std::size_t w = math::simd_width_v<T>;
    const std::size_t per_line = 64 / sizeof(T);
    std::size_t failures = 0;
    for (const std::size_t n : {std::size_t(0), std::size_t(1), w - 1 + (w == 1), w + 3, 4 * w * 2 + w + 5}) {
        std::vector<T> vin(n), vgo(n), one_out(n), one_gin(n);
        std::uniform_real_distribution<T> u(T(-8), T(8));
        for (std::size_t i = 0; i < n; ++i) {
            vin[i] = i % 5 == 2 ? random_neighbour<T>(gen) : u(gen);
            vgo[i] = T(0.5) + T(i % 3) / T(4);
        }
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<T> a{vin[i]}, g{vgo[i]}, o(1), gi(1);
            forward_backward(e, a, g, o, gi);
            one_out[i] = o[0];
            one_gin[i] = gi[0];
        }
        for (std::size_t off = 0; off < per_line; ++off) {
            for (const bool spread : {false, true}) {
                // Four ranges in one buffer aligned to 64 bytes, each at its own offset.
                const std::size_t stride = (n + 2 * per_line) / per_line * per_line;
                std::vector<T> buffer(4 * stride + per_line, T(-7));
                T* base = buffer.data();
                while (reinterpret_cast<std::uintptr_t>(base) % 64 != 0) ++base;
                std::size_t at[4];
                for (std::size_t k = 0; k < 4; ++k)
                    at[k] = k * stride + (spread ? (off + 3 * k) % per_line : off);
                std::copy(vin.begin(), vin.end(), base + at[0]);
                std::copy(vgo.begin(), vgo.end(), base + at[1]);
                const std::span<const T> in(base + at[0], n), go(base + at[1], n);
                const std::span<T> out(base + at[2], n), gin(base + at[3], n);
                forward_backward(e, in, go, out, gin);
                for (std::size_t i = 0; i < n; ++i)
                    failures += !same_bits(out[i], one_out[i]) || !same_bits(gin[i], one_gin[i]);
                std::fill(out.begin(), out.end(), T(-7));
                std::fill(gin.begin(), gin.end(), T(-7));
                forward(e, in, out);
                backward(e, in, go, gin);
                for (std::size_t i = 0; i < n; ++i)
                    failures += !same_bits(out[i], one_out[i]) || !same_bits(gin[i], one_gin[i]);
                // Nothing written outside the ranges.
                for (std::size_t k = 2; k < 4; ++k) {
                    failures += at[k] > 0 && base[at[k] - 1] != T(-7);
                    failures += base[at[k] + n] != T(-7);
                }
            }
        }
    }
    BOOST_TEST(failures == 0u, name << " (" << sizeof(T) * 8 << "-bit): " << failures
                                    << " elements differ from the one-element pass at some alignment");
}

/// Long ranges (each at least detail::array_stream_bytes, 2 MiB) are written with streaming
/// stores where every output is aligned to a batch from the pass's head on: the same bits as
/// the same elements passed in short pieces (plain stores), with the outputs at the same
/// offset (streamed) and at two different offsets (not), by forward_backward, forward and
/// backward, and nothing written outside the ranges.
template <class T, class E>
void check_long_ranges(const char* name, const E& e) {
    const std::size_t n = detail::array_stream_bytes / sizeof(T) + 37;
    const std::size_t piece = 1000;
    std::mt19937_64 gen(19);
    std::uniform_real_distribution<T> u(T(-8), T(8));
    std::vector<T> vin(n), vgo(n), ref_out(n), ref_gin(n);
    for (std::size_t i = 0; i < n; ++i) {
        vin[i] = i % 97 == 5 ? random_neighbour<T>(gen) : u(gen);
        vgo[i] = T(0.5) + T(i % 3) / T(4);
    }
    for (std::size_t at = 0; at < n; at += piece) {
        const std::size_t m = std::min(piece, n - at);
        forward_backward(e, std::span<const T>(vin).subspan(at, m), std::span<const T>(vgo).subspan(at, m),
                         std::span<T>(ref_out).subspan(at, m), std::span<T>(ref_gin).subspan(at, m));
    }
    std::size_t failures = 0;
    for (const std::size_t gin_shift : {std::size_t(0), std::size_t(3)}) {
        for (const std::size_t off : {std::size_t(0), std::size_t(5)}) {
            const std::size_t pad = 64 / sizeof(T);
            std::vector<T> buffer(2 * (n + 2 * pad) + pad, T(-7));
            T* base = buffer.data();
            while (reinterpret_cast<std::uintptr_t>(base) % 64 != 0) ++base;
            const std::span<T> out(base + off, n);
            const std::span<T> gin(base + n + 2 * pad + off + gin_shift, n);
            const auto compare = [&] {
                for (std::size_t i = 0; i < n; ++i)
                    failures += !same_bits(out[i], ref_out[i]) || !same_bits(gin[i], ref_gin[i]);
                failures += (off > 0 && out.data()[-1] != T(-7)) || out.data()[n] != T(-7);
                failures += gin.data()[-1] != T(-7) || gin.data()[n] != T(-7);
            };
            forward_backward(e, vin, vgo, out, gin);
            compare();
            std::fill(out.begin(), out.end(), T(-7));
            std::fill(gin.begin(), gin.end(), T(-7));
            forward(e, vin, out);
            backward(e, vin, vgo, gin);
            compare();
        }
    }
    BOOST_TEST(failures == 0u, name << " (" << sizeof(T) * 8 << "-bit, " << n << " elements): " << failures
                                    << " elements differ from the pass in short pieces");
}

template <class T>
void check_every_long_range() {
    check_long_ranges<T>("relu", relu(x));
    check_long_ranges<T>("sigmoid(relu(x))", sigmoid(relu(x)));
    check_long_ranges<T>("x * tanh(2 x) + sigmoid(-x) / 3", x * tanh(2 * x) + sigmoid(-x) / 3);
}

template <class T>
void check_every_alignment() {
    check_alignments<T>("relu", relu(x));
    check_alignments<T>("sigmoid(relu(x))", sigmoid(relu(x)));
    check_alignments<T>("x * tanh(2 x) + sigmoid(-x) / 3", x * tanh(2 * x) + sigmoid(-x) / 3);
    check_alignments<T>("sin(x) * cos(x)", sin(x) * cos(x));
#ifdef CTDIFF_TEST_FULL_SET
    check_alignments<T>("gelu", gelu(x));
    check_alignments<T>("silu", silu(x));
#endif
}

}  // namespace

BOOST_AUTO_TEST_SUITE(arrays)

BOOST_AUTO_TEST_CASE(every_alignment_float) { check_every_alignment<float>(); }
BOOST_AUTO_TEST_CASE(every_alignment_double) { check_every_alignment<double>(); }
BOOST_AUTO_TEST_CASE(long_ranges_float) { check_every_long_range<float>(); }
BOOST_AUTO_TEST_CASE(long_ranges_double) { check_every_long_range<double>(); }

BOOST_AUTO_TEST_CASE(independent_of_position_and_neighbours_float) {
    check_every_activation_positions<float>();
}
BOOST_AUTO_TEST_CASE(independent_of_position_and_neighbours_double) {
    check_every_activation_positions<double>();
}

/// Primitives whose rule has a kernel for several batches at once (mish, sigmoid, silu,
/// gelu_tanh: their stages interleaved across 4 batches), alone and inside compositions: every
/// element the same bits as alone, on groups whose lanes are all within the kernel's common path
/// (no odd neighbours) and on groups with a lane past it (every 29th element odd: some groups
/// have one, some none).
template <class T>
void check_rule_batches() {
    if constexpr (!std::is_void_v<math::simd_batch_t<T>> && !std::is_arithmetic_v<math::simd_batch_t<T>>) {
        if constexpr (math::backend<math::simd_batch_t<T>>::has_fused_fma() || std::is_same_v<T, double>)
            static_assert(detail::batches_primitive_v<decltype(mish(x)), math::simd_batch_t<T>>,
                          "mish's array pass takes its kernel for several batches");
        static_assert(detail::batches_primitive_v<decltype(sigmoid(x)), math::simd_batch_t<T>>);
        if constexpr (std::is_same_v<T, float>)
            static_assert(detail::batches_primitive_v<decltype(silu(x)), math::simd_batch_t<T>>);
        if constexpr (std::is_same_v<T, float> && math::backend<math::simd_batch_t<T>>::has_fused_fma())
            static_assert(detail::batches_primitive_v<decltype(gelu_tanh(x)), math::simd_batch_t<T>>);
    }
    for (const std::size_t odd : {std::size_t(0), std::size_t(29)}) {
        check_grouped_as_alone<T>("mish(x)", mish(x), odd);
        check_grouped_as_alone<T>("tanh(mish(x))", tanh(mish(x)), odd);
        check_grouped_as_alone<T>("mish(2 x - 1) * x", mish(2 * x - 1) * x, odd);
        check_grouped_as_alone<T>("sigmoid(x)", sigmoid(x), odd);
        check_grouped_as_alone<T>("sigmoid(relu(x))", sigmoid(relu(x)), odd);
        check_grouped_as_alone<T>("silu(x)", silu(x), odd);
        check_grouped_as_alone<T>("x * silu(x / 2)", x * silu(x / 2), odd);
        check_grouped_as_alone<T>("gelu_tanh(x)", gelu_tanh(x), odd);
        check_grouped_as_alone<T>("gelu_tanh(x) * tanh(x)", gelu_tanh(x) * tanh(x), odd);
    }
}

/// The pipelined passes (detail::pipelines_v: sigmoid's kernel in two stages a step apart)
/// at every count of steps, 0 to 5 (the two states by turns: an even and an odd count, and
/// the batches left after the steps), each element with the bits it has alone, at the exp's
/// edges (|u| past 87 in float), infinities, NaN and zeros as well as random values; and
/// which passes pipeline.
template <class T>
void check_pipelined_steps() {
    using X = std::remove_cvref_t<decltype(x)>;
    using N = math::simd_batch_t<T>;
    constexpr std::size_t w = math::simd_width_v<T>;
    constexpr std::size_t group = [] {
        if constexpr (w > 1) {
            return detail::pipeline_group_v<N>;
        } else {
            return std::size_t(1);
        }
    }();
    if constexpr (w > 1 && !std::is_arithmetic_v<N>) {
        constexpr detail::array_mode both{true, true, false, false};
        constexpr detail::array_mode values{true, false, false, false};
        static_assert(detail::pipelines_v<both, N, decltype(sigmoid(x)), X>);
        static_assert(detail::pipelines_v<both, N, decltype(sigmoid(relu(x))), X>);
        static_assert(detail::pipelines_v<both, N, decltype(sigmoid(2 * x - 1)), X>);
        // A forward pass has no derivative stage to split; a kernel below the outer node
        // (tanh's) keeps the grouping node by node; nor does an outer node without stages.
        static_assert(!detail::pipelines_v<values, N, decltype(sigmoid(relu(x))), X>);
        static_assert(!detail::pipelines_v<both, N, decltype(sigmoid(tanh(x))), X>);
        static_assert(!detail::pipelines_v<both, N, decltype(tanh(relu(x))), X>);
    }
    const T inf = std::numeric_limits<T>::infinity();
    const T specials[] = {T(0),
                          T(-0.0),
                          T(86.5),
                          T(-86.5),
                          T(87.5),
                          T(-87.5),
                          T(104),
                          T(-104),
                          T(700),
                          T(-745),
                          inf,
                          -inf,
                          std::numeric_limits<T>::quiet_NaN(),
                          T(1e-30)};
    std::mt19937_64 gen(2612);
    std::uniform_real_distribution<T> u(T(-12), T(12));
    std::size_t bad = 0;
    const auto check = [&](const char* name, const auto& e) {
        for (std::size_t steps = 0; steps <= 5; ++steps) {
            for (const std::size_t extra : {std::size_t(0), w, w + 3}) {
                const std::size_t n = steps * group * w + extra;
                std::vector<T> in(n), go(n), out(n), gin(n);
                for (std::size_t i = 0; i < n; ++i) {
                    in[i] = i % 5 == 1 ? specials[(i / 5) % std::size(specials)] : u(gen);
                    go[i] = T(0.25) + T(i % 7) / T(3);
                }
                forward_backward(e, in, go, out, gin);
                for (std::size_t i = 0; i < n; ++i) {
                    std::vector<T> one_in{in[i]}, one_go{go[i]}, one_out(1), one_gin(1);
                    forward_backward(e, one_in, one_go, one_out, one_gin);
                    if (!same_bits(out[i], one_out[0]) || !same_bits(gin[i], one_gin[0])) {
                        ++bad;
                        BOOST_TEST_MESSAGE(name << " at x = " << in[i] << ", element " << i << " of " << n
                                                << ": " << out[i] << ", " << gin[i] << " but alone "
                                                << one_out[0] << ", " << one_gin[0]);
                    }
                }
            }
        }
    };
    check("sigmoid(x)", sigmoid(x));
    check("sigmoid(relu(x))", sigmoid(relu(x)));
    check("sigmoid(2 x - 1)", sigmoid(2 * x - 1));
    BOOST_TEST(bad == 0u, bad << " elements of pipelined passes with other bits than alone");
}

/// A one-input derivative pass whose input occurs once seeds its dual with the gradient
/// (detail::seeds_grad_out_v): the gradient is the path's product with go as its first factor.
/// Against the same pass with go = 1 times go: within 2 ULP (the same factors, each product
/// rounded once, in another order); the same bits where the other factor is 1 or 0 (relu's
/// step); an input that occurs twice keeps the seed 1 and the product by go at the end, the
/// same bits too. A go multiplied twice or dropped is far off.
template <class T>
void check_gradient_seed() {
    using X = std::remove_cvref_t<decltype(x)>;
    constexpr detail::array_mode both{true, true, false, false};
    constexpr detail::array_mode save{true, true, true, false};
    static_assert(detail::seeds_grad_out_v<both, decltype(sigmoid(tanh(x))), X>);
    static_assert(detail::seeds_grad_out_v<both, decltype(sigmoid(relu(2 * x))), X>);
    static_assert(!detail::seeds_grad_out_v<both, decltype(x * tanh(x)), X>);
    static_assert(!detail::seeds_grad_out_v<save, decltype(sigmoid(tanh(x))), X>);
    std::mt19937_64 gen(77);
    std::uniform_real_distribution<T> u(T(-6), T(6)), g(T(-3), T(3));
    const std::size_t n = 8 * math::simd_width_v<T> * 4 + 5;
    std::vector<T> in(n), ones(n, T(1)), go(n), out(n), gin(n), gin1(n);
    for (std::size_t i = 0; i < n; ++i) {
        in[i] = u(gen);
        go[i] = g(gen);
    }
    const auto check = [&](const char* name, const auto& e, double tolerance) {
        std::size_t bad = 0;
        double worst = 0;
        forward_backward(e, in, ones, out, gin1);
        forward_backward(e, in, go, out, gin);
        for (std::size_t i = 0; i < n; ++i) {
            const T expect = gin1[i] * go[i];
            const double apart = same_bits(gin[i], expect) ? 0.0 : ulps_apart(gin[i], expect);
            worst = std::max(worst, apart);
            bad += !(apart <= tolerance);
        }
        BOOST_TEST(bad == 0u, name << ": " << bad << " gradients off (worst " << worst << " ULP, tolerance "
                                   << tolerance << ")");
    };
    check("sigmoid(tanh(x))", sigmoid(tanh(x)), 2.0);
    check("tanh(3 x - 1)", tanh(3 * x - 1), 2.0);
    check("sigmoid(relu(x))", sigmoid(relu(x)), 0.0);
    check("x * tanh(x)", x * tanh(x), 0.0);
}

BOOST_AUTO_TEST_CASE(pipelined_steps_as_alone_float) { check_pipelined_steps<float>(); }
BOOST_AUTO_TEST_CASE(pipelined_steps_as_alone_double) { check_pipelined_steps<double>(); }
BOOST_AUTO_TEST_CASE(gradient_seed_float) { check_gradient_seed<float>(); }
BOOST_AUTO_TEST_CASE(gradient_seed_double) { check_gradient_seed<double>(); }
BOOST_AUTO_TEST_CASE(rule_batches_as_alone_float) { check_rule_batches<float>(); }
BOOST_AUTO_TEST_CASE(rule_batches_as_alone_double) { check_rule_batches<double>(); }
BOOST_AUTO_TEST_CASE(grouped_compositions_as_alone_float) { check_grouped_compositions<float>(); }
BOOST_AUTO_TEST_CASE(grouped_compositions_as_alone_double) { check_grouped_compositions<double>(); }
BOOST_AUTO_TEST_CASE(simd_agrees_with_scalar_float) { check_all<float>(); }
BOOST_AUTO_TEST_CASE(simd_agrees_with_scalar_double) { check_all<double>(); }

// Negation flips the sign bit on every route: -(+0) = -0 on arrays as on plain numbers (xsimd 8.1's
// AVX-512 negation is 0 - x, which gave +0 there; math::neg). In every lane of several batches and a
// tail, at zeros of both signs and the values around them: the piecewise-polynomial expressions bit for
// bit against the scalar dual route (value, derivative and forward's value); and for any f, -f's array
// results the bits of f's with the sign bit flipped (tanh, sigmoid: kernels whose bits are the array
// route's own).
template <class T>
void check_negation_signs() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const T inf = std::numeric_limits<T>::infinity();
    const T base[] = {T(0), T(-0.0), T(1), T(-1), T(2.5), T(-2.5), inf, -inf, T(0), T(3)};
    std::vector<T> in;
    for (int k = 0; k < 7; ++k)
        in.insert(in.end(), std::begin(base), std::end(base));  // 70: batches and a tail
    const std::size_t n = in.size();
    const std::vector<T> g(n, T(1));
    const auto same_bits = [](T a, T b) { return std::memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b); };
    struct results {
        std::vector<T> fwd, out, gin;
    };
    const auto run = [&](const auto& f) {
        results r{std::vector<T>(n), std::vector<T>(n), std::vector<T>(n)};
        forward(f, in, r.fwd);
        forward_backward(f, in, g, r.out, r.gin);
        return r;
    };
    const auto against_scalar = [&](const char* name, const auto& f) {
        const results r = run(f);
        std::size_t bad = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto s = value_and_derivative(f, x = in[i]);
            bad += !same_bits(r.fwd[i], s.value) || !same_bits(r.out[i], s.value) ||
                   !same_bits(r.gin[i], s.derivative);
        }
        BOOST_TEST(bad == 0u, name << ": " << bad << " elements with other bits than the scalar route");
    };
    against_scalar("-x", -x);
    against_scalar("-relu(x)", -relu(x));
    against_scalar("-(x * x)", -(x * x));
    against_scalar("2 - relu(x)", T(2) - relu(x));
    const auto flipped = [&](const char* name, const auto& f) {
        const results a = run(f), b = run(-f);
        std::size_t bad = 0;
        for (std::size_t i = 0; i < n; ++i)
            bad += !same_bits(b.fwd[i], -a.fwd[i]) || !same_bits(b.out[i], -a.out[i]) ||
                   !same_bits(b.gin[i], -a.gin[i]);
        BOOST_TEST(bad == 0u, name << ": " << bad << " elements of -f not f's with the sign bit flipped");
    };
    flipped("x", x);
    flipped("relu(x)", relu(x));
    flipped("tanh(x)", tanh(x));
    flipped("sigmoid(x) * x", sigmoid(x) * x);
}

BOOST_AUTO_TEST_CASE(negation_keeps_the_sign_of_zero_float) { check_negation_signs<float>(); }
BOOST_AUTO_TEST_CASE(negation_keeps_the_sign_of_zero_double) { check_negation_signs<double>(); }

BOOST_AUTO_TEST_CASE(in_place) {
    for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{37}, std::size_t{64}}) {
        const std::vector<float> in = inputs<float>(n, 11);
        const std::vector<float> g(n, 0.75f);
        std::vector<float> out(n), gin(n);
        forward_backward(sigmoid(relu(x)), in, g, out, gin);

        std::vector<float> v = in;
        forward(sigmoid(relu(x)), v, v);
        BOOST_TEST(v == out, boost::test_tools::per_element());

        std::vector<float> v2 = in, g2 = g;
        forward_backward(sigmoid(relu(x)), v2, g2, v2, g2);  // out aliases in, grad_in aliases grad_out
        BOOST_TEST(v2 == out, boost::test_tools::per_element());
        BOOST_TEST(g2 == gin, boost::test_tools::per_element());

        std::vector<float> v3 = in, g3 = g;
        backward(sigmoid(relu(x)), v3, g3, g3);  // grad_in aliases grad_out
        BOOST_TEST(g3 == gin, boost::test_tools::per_element());
        std::vector<float> v4 = in;
        backward(sigmoid(relu(x)), v4, g, v4);  // grad_in aliases in
        BOOST_TEST(v4 == gin, boost::test_tools::per_element());
    }
}

namespace {
template <class F>
std::string message_of(F f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "no exception";
}
}  // namespace

BOOST_AUTO_TEST_CASE(length_mismatch_throws) {
    std::vector<double> in(5), out(4), g(5), gin(6);
    BOOST_TEST(message_of([&] { forward(relu(x), in, out); }) ==
               "ctdiff::forward: in has 5 elements but out has 4");
    BOOST_TEST(message_of([&] { backward(relu(x), in, g, gin); }) ==
               "ctdiff::backward: in has 5 elements but grad_in has 6");
    BOOST_TEST(message_of([&] { backward(relu(x), in, out, g); }) ==
               "ctdiff::backward: in has 5 elements but grad_out has 4");
    BOOST_TEST(message_of([&] { forward_backward(relu(x), in, g, out, gin); }) ==
               "ctdiff::forward_backward: in has 5 elements but out has 4");
    std::vector<double> out5(5);
    BOOST_TEST(message_of([&] { forward_backward(relu(x), in, g, out5, gin); }) ==
               "ctdiff::forward_backward: in has 5 elements but grad_in has 6");
    BOOST_TEST(message_of([&] { forward(relu(x), in, out5); }) == "no exception");
}

BOOST_AUTO_TEST_CASE(overlap_throws) {
    std::vector<float> buf(20, 1.0f);
    const std::span<float> all(buf);
    const std::string m = message_of([&] { forward(relu(x), all.subspan(0, 10), all.subspan(5, 10)); });
    BOOST_TEST(m.find("ctdiff::forward: out overlaps in") == 0, m);
    std::vector<float> in(10, 1.0f), g(10, 1.0f), out(10);
    const std::string m2 = message_of([&] { forward_backward(relu(x), in, g, out, out); });
    BOOST_TEST(
        m2 == "ctdiff::forward_backward: out and grad_in are the same range (two outputs cannot share one)",
        m2);
    std::vector<float> empty;
    forward(relu(x), empty, empty);  // empty ranges are fine
}

BOOST_AUTO_TEST_CASE(containers_and_spans) {
    const std::array<double, 5> in{-2.0, -0.5, 0.0, 0.5, 2.0};
    double out[5] = {};
    forward(relu(x), in, out);
    BOOST_TEST(out[0] == 0.0);
    BOOST_TEST(out[4] == 2.0);
    std::vector<double> gin(5);
    const std::span<const double> sin_(in);
    const std::vector<double> ones(5, 1.0);
    backward(relu(x), sin_, std::span<const double>(ones), std::span<double>(gin));
    BOOST_TEST(gin[0] == 0.0);
    BOOST_TEST(gin[2] == 0.0);  // relu'(0) = 0
    BOOST_TEST(gin[3] == 1.0);
}

BOOST_AUTO_TEST_CASE(other_variables_and_parameter_gradient) {
    for (std::size_t n :
         {std::size_t{0}, std::size_t{3}, std::size_t{16}, std::size_t{1000}, std::size_t{4099}}) {
        std::vector<float> in = inputs<float>(n, 3);
        for (auto& v : in) v = std::isfinite(v) ? v : 1.5f;
        std::vector<float> g(n), out(n), gin(n), gin2(n);
        for (std::size_t i = 0; i < n; ++i) g[i] = 0.25f + static_cast<float>(i % 7) / 8;
        const auto ga = forward_backward(prelu(x, a), in, g, out, gin, a = 0.25);
        const auto gb = backward(prelu(x, a), in, g, gin2, a = 0.25f);
        double expect = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const float xi = in[i];
            BOOST_TEST(out[i] == (xi > 0 ? xi : 0.25f * xi));
            BOOST_TEST(gin[i] == (xi > 0 ? 1.0f : 0.25f) * g[i]);
            BOOST_TEST(gin2[i] == gin[i]);
            if (!(xi > 0)) expect += static_cast<double>(xi) * g[i];
        }
        BOOST_TEST(std::fabs(ga[a] - expect) <= 1e-6 * (1 + std::fabs(expect)), ga[a] << " vs " << expect);
        BOOST_TEST(gb[a] == ga[a]);
        static_assert(decltype(ga)::size == 1);
    }
    // Two bound variables, and an expression in them: sum of d/da and d/db.
    std::vector<double> in{-1.0, 0.5, 2.0}, g{1.0, 2.0, 3.0}, out(3), gin(3);
    constexpr auto b = var<"b">;
    const auto grad = forward_backward(b * sigmoid(a * x), in, g, out, gin, a = 2.0, b = 3.0);
    double ea = 0, eb = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const double s = 1 / (1 + std::exp(-2.0 * in[i]));
        BOOST_TEST(out[i] == 3.0 * s, boost::test_tools::tolerance(1e-14));
        BOOST_TEST(gin[i] == 3.0 * s * (1 - s) * 2.0 * g[i], boost::test_tools::tolerance(1e-14));
        ea += 3.0 * s * (1 - s) * in[i] * g[i];
        eb += s * g[i];
    }
    BOOST_TEST(grad[a] == ea, boost::test_tools::tolerance(1e-14));
    BOOST_TEST(grad[b] == eb, boost::test_tools::tolerance(1e-14));
    // forward takes the other bindings too; a float computation stays float.
    std::vector<float> fin{-2.0f, 3.0f}, fout(2);
    forward(prelu(x, a), fin, fout, a = 0.5);
    BOOST_TEST(fout[0] == -1.0f);
    BOOST_TEST(fout[1] == 3.0f);
}

namespace {
template <class... A>
constexpr bool can_forward = requires(A&&... args) {
    forward(std::forward<A>(args)...);
};
using relu_t = decltype(relu(x));
// Misuse is rejected by the signatures' concepts, not deep inside.
static_assert(can_forward<relu_t, std::vector<float>&, std::vector<float>&>);
static_assert(can_forward<relu_t, const std::vector<float>&, std::span<float>>);
static_assert(!can_forward<relu_t, std::vector<float>&, const std::vector<float>&>);  // const output
static_assert(!can_forward<relu_t, std::vector<float>&, float>);                      // not a range
static_assert(!can_forward<double, std::vector<float>&, std::vector<float>&>);        // not an expression
}  // namespace

#if CTDIFF_HAS_XSIMD
BOOST_AUTO_TEST_CASE(batches_are_numbers) {
    using B = xsimd::batch<double>;
    const B v(0.5);
    const B s = sigmoid(v);
    const auto [y, dy] = value_and_derivative(sigmoid(relu(x)), x = v);
    const double ref = 1 / (1 + std::exp(-0.5));
    for (std::size_t k = 0; k < B::size; ++k) {
        BOOST_TEST(s.get(k) == sigmoid(0.5));
        BOOST_TEST(y.get(k) == ref, boost::test_tools::tolerance(1e-15));
        BOOST_TEST(dy.get(k) == ref * (1 - ref), boost::test_tools::tolerance(1e-14));
    }
    static_assert(number<B> && number<dual<B>>);
    const B r = (x * tanh(x))(x = v);
    BOOST_TEST(r.get(0) == 0.5 * std::tanh(0.5), boost::test_tools::tolerance(1e-15));
}
#endif

BOOST_AUTO_TEST_SUITE_END()
