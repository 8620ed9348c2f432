// Gated activations on the two-range array route (#12, #14): glu, swiglu, geglu and geglu_tanh with
// both inputs as ranges, value and both partials against long double references, float and double,
// within the 4-ULP promise where the accuracy suite does not look:
// - the underflow band with gates far from the suite's -3/2 (|b| up to 1000): a subnormal silu(a),
//   Phi(a) or sigma(b) rounded before the product with the other input scaled its rounding (swiglu's
//   double value 3.7e5 ULP, glu's float a-partial 497 ULP) until the two-range pass rescued such
//   lanes as the one-range pass does, and rules of several arguments computed their partials in their
//   precision on the scalar routes the rescue takes;
// - gates chosen so that the product's significand is near 2 where the factor's is near 1, which
//   doubles an error counted in ULPs (swiglu's double value 4.14 ULP, geglu's 5.5 before their
//   double lanes rounded each product with the gate once);
// - the dual and gradient routes at a band point with a large gate.
// Built in both array variants (SIMD batches and plain numbers).

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <ctdiff/array.hpp>
#include <ctdiff/ctdiff.hpp>

namespace {

using real = long double;

real ref_sigmoid(real x) {
    const real e = std::exp(-std::fabs(x));
    return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}
real ref_dsigmoid(real x) {
    const real e = std::exp(-std::fabs(x));
    return e / ((1 + e) * (1 + e));
}
real ref_cdf(real u) { return 0.5L * std::erfc(-u / std::sqrt(2.0L)); }
real ref_pdf(real u) { return std::exp(-u * u / 2) / std::sqrt(2 * 3.14159265358979323846264338327950288L); }
/// gelu_tanh(u) = u sigma(z) and its derivative, z = 2 sqrt(2/pi) (u + 0.044715 u^3).
real ref_tanh_k() { return 2 * std::sqrt(2 / 3.14159265358979323846264338327950288L); }
real ref_gelu_tanh(real u) { return u * ref_sigmoid(ref_tanh_k() * (u + 0.044715L * u * u * u)); }
real ref_dgelu_tanh(real u) {
    const real z = ref_tanh_k() * (u + 0.044715L * u * u * u);
    return ref_sigmoid(z) + u * ref_dsigmoid(z) * ref_tanh_k() * (1 + 3 * 0.044715L * u * u);
}

/// f(a) and f'(a) of a gated activation f(a) b, and the zero of f' (its ULPs counted at the floor
/// |b| / 10 within 1/4 of it, the accuracy suite's window).
struct gate_factor {
    const char* name;
    real (*f)(real);
    real (*df)(real);
    real zero;
};
const gate_factor factors[] = {
    {"swiglu", [](real a) { return a * ref_sigmoid(a); },
     [](real a) { return ref_sigmoid(a) + a * ref_dsigmoid(a); }, -1.2784645L},
    {"geglu", [](real a) { return a * ref_cdf(a); }, [](real a) { return ref_cdf(a) + a * ref_pdf(a); },
     -0.7517915L},
    {"geglu_tanh", ref_gelu_tanh, ref_dgelu_tanh, -0.7517915L},
};

/// |c - r| in ULPs of T at max(|r|, floor), the subnormal spacing below the normal range.
template <class T>
double ulps(T c, real r, real floor = 0) {
    if (std::isnan(c)) return std::isnan(static_cast<double>(r)) ? 0.0 : INFINITY;
    if (std::isinf(c)) return static_cast<real>(c) == r ? 0.0 : INFINITY;
    int e = 0;
    std::frexp(std::max(std::fabs(r), floor), &e);
    const int digits = std::numeric_limits<T>::digits;
    const int lowest = std::numeric_limits<T>::min_exponent - digits;
    return static_cast<double>(std::fabs(static_cast<real>(c) - r) /
                               std::ldexp(1.0L, std::max(e - digits, lowest)));
}

/// The two-range pass of the named gated activation i (0 swiglu, 1 geglu, 2 geglu_tanh, 3 glu).
template <class T>
void pass(int i, const std::vector<T>& a, const std::vector<T>& b, std::vector<T>& out, std::vector<T>& ga,
          std::vector<T>& gb) {
    using namespace ctdiff;
    constexpr auto av = var<"a">;
    constexpr auto bv = var<"b">;
    const std::vector<T> go(a.size(), T(1));
    out.resize(a.size());
    ga.resize(a.size());
    gb.resize(a.size());
    switch (i) {
        case 0:
            forward_backward(swiglu(av, bv), go, out, input(av, a, ga), input(bv, b, gb));
            break;
        case 1:
            forward_backward(geglu(av, bv), go, out, input(av, a, ga), input(bv, b, gb));
            break;
        case 2:
            forward_backward(geglu_tanh(av, bv), go, out, input(av, a, ga), input(bv, b, gb));
            break;
        default:
            forward_backward(glu(av, bv), go, out, input(av, a, ga), input(bv, b, gb));
            break;
    }
}

/// The worst of value, a-partial and b-partial over the points, against f(a) b (i < 3) or
/// a sigma(b) (glu), each checked within 4 ULP.
template <class T>
void check(int i, const char* band, const std::vector<T>& a, const std::vector<T>& b) {
    std::vector<T> out, ga, gb;
    pass(i, a, b, out, ga, gb);
    double worst[3] = {};
    T at[3][2] = {};
    for (std::size_t k = 0; k < a.size(); ++k) {
        const real x = a[k];
        const real y = b[k];
        real r[3];
        real floor[3] = {0, 0, 0};
        if (i < 3) {
            const gate_factor& f = factors[i];
            r[0] = f.f(x) * y;
            r[1] = f.df(x) * y;
            r[2] = f.f(x);
            if (std::fabs(x - f.zero) <= 0.25L) floor[1] = std::fabs(y) / 10;
        } else {
            r[0] = x * ref_sigmoid(y);
            r[1] = ref_sigmoid(y);
            r[2] = x * ref_dsigmoid(y);
        }
        const T c[3] = {out[k], ga[k], gb[k]};
        for (int j = 0; j < 3; ++j) {
            const double e = ulps(c[j], r[j], floor[j]);
            if (e > worst[j]) worst[j] = e, at[j][0] = a[k], at[j][1] = b[k];
        }
    }
    const char* names[] = {"swiglu", "geglu", "geglu_tanh", "glu"};
    const char* what[] = {"value", "a-partial", "b-partial"};
    for (int j = 0; j < 3; ++j) {
        BOOST_TEST(worst[j] <= 4.0, names[i] << (sizeof(T) == 4 ? " float " : " double ") << band << " "
                                             << what[j] << ": " << worst[j] << " ULP at (" << at[j][0] << ", "
                                             << at[j][1] << ")");
    }
}

/// n points: the value input a uniform in [lo, hi] and the gate uniform in [-g, g] (glu: the
/// gate in [lo, hi], the value in [-g, g]).
template <class T>
void band_points(int i, T lo, T hi, T g, std::size_t n) {
    std::mt19937_64 rng(41 + static_cast<unsigned>(i));
    std::uniform_real_distribution<T> in(lo, hi);
    std::uniform_real_distribution<T> other(-g, g);
    std::vector<T> a(n), b(n);
    for (std::size_t k = 0; k < n; ++k) {
        a[k] = in(rng);
        b[k] = other(rng);
        if (i == 3) std::swap(a[k], b[k]);
    }
    check(i, "underflow band", a, b);
}

/// n points with a uniform in [lo, hi] and the gate b = (1 - tiny) / m, m the significand of the
/// factor the gate multiplies (f(a) or f'(a), alternately; glu: sigma(b) or sigma'(b), with the
/// value input so chosen), so that each product's significand is near 2 where the factor's is
/// near 1: the gates at which an error counted in ULPs doubles. Witness points appended.
template <class T>
void adversarial_points(int i, T lo, T hi, std::size_t n, std::vector<std::pair<T, T>> witnesses) {
    std::mt19937_64 rng(7 + static_cast<unsigned>(i));
    std::uniform_real_distribution<T> in(lo, hi);
    std::vector<T> a, b;
    for (std::size_t k = 0; k < n; ++k) {
        const T x = in(rng);
        real factor;
        if (i < 3) {
            factor = (k % 2 == 0) ? factors[i].f(x) : factors[i].df(x);
        } else {
            factor = (k % 2 == 0) ? ref_sigmoid(x) : ref_dsigmoid(x);
        }
        if (factor == 0) continue;
        int e = 0;
        const real m = std::frexp(std::fabs(factor), &e);  // in [1/2, 1)
        const T gate =
            static_cast<T>((1 - 1e-6L * static_cast<real>(1 + k % 5)) / (2 * m) * 2 * ((k % 4 < 2) ? 1 : -1));
        if (i < 3) {
            a.push_back(x);
            b.push_back(gate);
        } else {
            a.push_back(gate);
            b.push_back(x);
        }
    }
    for (const auto& [x, y] : witnesses) {
        a.push_back(x);
        b.push_back(y);
    }
    check(i, "adversarial gates", a, b);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gated_two_ranges)

BOOST_AUTO_TEST_CASE(underflow_band_with_large_gates) {
    // Results below 2^p times the smallest normal number: silu(a) and silu'(a) past -87 (float)
    // and -708 (double), Phi(a) past -13 and -37.5, gelu_tanh's gate past -10 and -21, sigma(b).
    band_points<float>(0, -103.0f, -85.0f, 1000.0f, 20000);
    band_points<double>(0, -744.0, -700.0, 1000.0, 20000);
    band_points<float>(1, -14.0f, -12.0f, 1000.0f, 20000);
    band_points<double>(1, -39.0, -37.0, 1000.0, 20000);
    band_points<float>(2, -11.0f, -9.5f, 1000.0f, 20000);
    band_points<double>(2, -21.6, -21.0, 1000.0, 20000);
    band_points<float>(3, -103.0f, -87.0f, 1000.0f, 20000);
    band_points<double>(3, -744.0, -700.0, 1000.0, 20000);
    // Small gates beside a far from 0 (e b near the bottom of the normal range: swiglu's float
    // kernel would scale e b's rounding by 1 + a + e), and a near the bottom of the normal
    // range beside large gates (silu(a) = a / 2 subnormal).
    band_points<float>(0, -87.0f, -60.0f, 1e-3f, 20000);
    band_points<double>(0, -700.0, -600.0, 1e-20, 20000);
    band_points<float>(0, 1e-38f, 5e-38f, 1e30f, 20000);
    band_points<float>(0, -5e-38f, -1e-38f, 1e30f, 20000);
    band_points<float>(1, -12.0f, -9.0f, 1e-3f, 20000);
    band_points<float>(1, -5e-38f, 5e-38f, 1e30f, 20000);
}

BOOST_AUTO_TEST_CASE(gates_that_double_an_error) {
    adversarial_points<float>(0, -35.0f, 6.0f, 40000, {{-4.13044834f, 1.9f}, {7.11631203f, 7.77f}});
    adversarial_points<double>(0, -35.0, 6.0, 40000, {{-31.876483800531553, 1.9891900081574629}});
    adversarial_points<float>(1, -9.0f, 6.0f, 40000, {});
    adversarial_points<double>(1, -35.0, 6.0, 40000, {{-1.716898664523165, -1.6932003447246475}});
    adversarial_points<float>(2, -9.0f, 6.0f, 40000, {});
    adversarial_points<double>(2, -20.0, 6.0, 40000, {{-3.2000061445493824, 1.0}});
    adversarial_points<float>(3, -60.0f, 20.0f, 40000, {});
    adversarial_points<double>(3, -600.0, 20.0, 40000, {});
}

// The scalar routes the rescued lanes take: the partials of a rule of several arguments in the
// rule's precision (silu'(a) b in double for float, not silu'(a) rounded to a subnormal float
// times b), on the dual and gradient routes.
BOOST_AUTO_TEST_CASE(dual_and_gradient_routes_in_the_band) {
    using namespace ctdiff;
    constexpr auto av = var<"a">;
    constexpr auto bv = var<"b">;
    const float a = -101.077f;
    const float b = -995.807f;
    const real want = factors[0].df(a) * b;  // 1.4e-39, subnormal in float
    BOOST_TEST(ulps(gradient(swiglu(av, bv), av = a, bv = b)[av], want) <= 4.0);
    BOOST_TEST(ulps(value_and_derivative(swiglu(av, bv), wrt(av), av = a, bv = b).derivative, want) <= 4.0);
    const float x = 1000.0f;
    const float g = -98.9437f;
    const real glu_want = static_cast<real>(x) * ref_dsigmoid(g);  // a sigma'(b), subnormal
    BOOST_TEST(ulps(gradient(glu(av, bv), av = x, bv = g)[bv], glu_want) <= 4.0);
    const double ad = -740.764;
    const double bd = 992.002;
    BOOST_TEST(ulps(gradient(swiglu(av, bv), av = ad, bv = bd)[av], factors[0].df(ad) * bd) <= 4.0);
}

// The symbolic and jet routes of the same partials: d(swiglu(a, b), a) is silu'(a) b, which
// evaluated in float rounded silu'(a) to a subnormal first (61 ULP at the first point), and the
// jet pass evaluated the rule's partial on jets of float the same way, hessian's on
// dual<float>. All now compute the partial in the rule's precision (rule_precision_op; jets
// and duals of double), rounded once.
BOOST_AUTO_TEST_CASE(symbolic_and_jet_routes_in_the_band) {
    using namespace ctdiff;
    constexpr auto av = var<"a">;
    constexpr auto bv = var<"b">;
    const auto check = [&](const auto& f, auto a, auto b, real want, const char* what) {
        const auto sym = d(f, av)(av = a, bv = b);
        const auto jet = derivatives<1>(f, wrt(av), av = a, bv = b)[1];
        BOOST_TEST(ulps(sym, want) <= 4.0, what << " symbolic: " << ulps(sym, want) << " ULP");
        BOOST_TEST(ulps(jet, want) <= 4.0, what << " jet: " << ulps(jet, want) << " ULP");
    };
    check(swiglu(av, bv), -101.077f, -995.807f, factors[0].df(-101.077f) * -995.807L, "swiglu");
    check(swiglu(av, bv), -740.764, 992.002, factors[0].df(-740.764) * 992.002L, "swiglu, double");
    check(geglu(av, bv), -13.5f, 1000.0f, factors[1].df(-13.5f) * 1000.0L, "geglu");
    check(geglu_tanh(av, bv), -10.4f, 1000.0f, factors[2].df(-10.4f) * 1000.0L, "geglu_tanh");
    // glu's b-partial a sigma'(b), the gate in the band: with the inputs swapped, d/da.
    check(glu(bv, av), -98.9437f, 1000.0f, 1000.0L * ref_dsigmoid(-98.9437f), "glu");
    // Second order: silu''(a) b on both routes, silu'' = sigma' (2 + a (1 - 2 sigma)).
    const float a = -101.077f;
    const float b = -995.807f;
    const real want2 = ref_dsigmoid(a) * (2 + a * (1 - 2 * ref_sigmoid(a))) * b;
    const float sym2 = d<2>(swiglu(av, bv), av)(av = a, bv = b);
    const float jet2 = derivatives<2>(swiglu(av, bv), wrt(av), av = a, bv = b)[2];
    const float twice = d(d(swiglu(av, bv), av), av)(av = a, bv = b);
    BOOST_TEST(ulps(sym2, want2) <= 4.0, "swiglu d<2>: " << ulps(sym2, want2) << " ULP");
    BOOST_TEST(ulps(jet2, want2) <= 4.0, "swiglu derivatives<2>: " << ulps(jet2, want2) << " ULP");
    BOOST_TEST(ulps(twice, want2) <= 4.0, "swiglu d(d): " << ulps(twice, want2) << " ULP");
    // hessian's hyper-duals evaluate the rule's partials on dual<float>: the same fix there
    // (dual<double>, each component rounded once). Its gradient was 61.5 ULP off, h[a][a] 104.
    const auto h = hessian(swiglu(av, bv), av = a, bv = b);
    const real want1 = factors[0].df(a) * b;
    BOOST_TEST(ulps(h.gradient[av], want1) <= 4.0,
               "hessian gradient: " << ulps(h.gradient[av], want1) << " ULP");
    BOOST_TEST(ulps(h[av][av], want2) <= 4.0, "hessian: " << ulps(h[av][av], want2) << " ULP");
    const double ad = -740.764;
    const double bd = 992.002;
    const real want2d = ref_dsigmoid(ad) * (2 + ad * (1 - 2 * ref_sigmoid(ad))) * bd;
    const double hd = hessian(swiglu(av, bv), av = ad, bv = bd)[av][av];
    BOOST_TEST(ulps(hd, want2d) <= 4.0, "hessian, double: " << ulps(hd, want2d) << " ULP");
}

// gelu_tanh's double value, which geglu_tanh's double lanes multiply by the gate: u g(u) with the
// gate rounded first reached 4.2 ULP (-3.2000061445493824); now one rounding of a double-word
// fraction on double lanes, long double on plain doubles. A dense random sample of [-12, 3].
BOOST_AUTO_TEST_CASE(gelu_tanh_double_value) {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> in(-12.0, 3.0);
    std::vector<double> u(200000);
    for (auto& v : u) v = in(rng);
    u.push_back(-3.2000061445493824);
    u.push_back(-3.5607000000000002);
    std::vector<double> out(u.size()), go(u.size(), 1.0), g(u.size());
    forward_backward(gelu_tanh(x), u, go, out, g);
    double worst_array = 0, worst_scalar = 0;
    for (std::size_t k = 0; k < u.size(); ++k) {
        const real r = ref_gelu_tanh(u[k]);
        worst_array = std::max(worst_array, ulps(out[k], r));
        if (k % 16 == 0 || k + 2 >= u.size())
            worst_scalar = std::max(worst_scalar, ulps(gelu_tanh(x)(x = u[k]), r));
    }
    // The left tail on the scalar route, where plain double leaves its double-word value
    // for long double (below -20: exp(-|z|) nears the subnormal range at z(-21.1) = -708).
    std::uniform_real_distribution<double> tail(-40.0, -12.0);
    std::vector<double> t(20000);
    for (auto& v : t) v = tail(rng);
    for (double v = -20.5; v < -19.5; v += 1.0 / 64) t.push_back(v);
    t.push_back(-21.203567629488468);
    std::vector<double> tout(t.size()), tgo(t.size(), 1.0), tg(t.size());
    forward_backward(gelu_tanh(x), t, tgo, tout, tg);
    for (std::size_t k = 0; k < t.size(); ++k) {
        const real r = ref_gelu_tanh(t[k]);
        worst_scalar = std::max(worst_scalar, ulps(gelu_tanh(x)(x = t[k]), r));
        worst_array = std::max(worst_array, ulps(tout[k], r));
    }
    BOOST_TEST(worst_array <= 4.0, "gelu_tanh double array value: " << worst_array << " ULP");
    BOOST_TEST(worst_scalar <= 4.0, "gelu_tanh double scalar value: " << worst_scalar << " ULP");
}

// Built natively too (arrays.kernels_native), where the float kernels that need a fused fma run:
// (1) gelu_tanh's float batch with a lane past |u| = 9.5 or NaN computed every lane in double
// lanes, so a lane's bits depended on its neighbours (-1.5f, and the sign of zero at -2^-149,
// where the fast kernel's correction turned -0 into +0); (2) the one-pass sparse duals of a
// gated primitive with a NaN gate gave a number as the partial in the gate, where the dual
// pass (and the array pass's NaN rule) gives NaN.
BOOST_AUTO_TEST_CASE(float_lanes_independent_of_neighbours) {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const float far[] = {12.0f, -30.0f, std::numeric_limits<float>::quiet_NaN(),
                         std::numeric_limits<float>::infinity()};
    for (const float t : {-1.5f, -0x1p-149f, -0.0f, 0.0f, 0x1p-149f, -0.7f, 2.5f, -9.0f}) {
        std::vector<float> one{t}, one_go{1.0f}, one_out(1), one_g(1);
        forward_backward(gelu_tanh(x), one, one_go, one_out, one_g);
        BOOST_TEST(std::signbit(one_out[0]) == std::signbit(t), "gelu_tanh's sign at " << t);
        for (const float f : far) {
            for (std::size_t n = 2; n <= 17; ++n) {
                std::vector<float> in(n, t), go(n, 1.0f), out(n), g(n);
                in[n / 2] = f;  // one far neighbour, at varying lanes
                forward_backward(gelu_tanh(x), in, go, out, g);
                for (std::size_t k = 0; k < n; ++k) {
                    if (k == n / 2) continue;
                    BOOST_TEST(
                        (std::bit_cast<std::uint32_t>(out[k]) == std::bit_cast<std::uint32_t>(one_out[0]) &&
                         std::bit_cast<std::uint32_t>(g[k]) == std::bit_cast<std::uint32_t>(one_g[0])),
                        "gelu_tanh at " << t << " beside " << f << ", n = " << n << ", lane " << k << ": "
                                        << out[k] << ", " << g[k] << " alone " << one_out[0] << ", "
                                        << one_g[0]);
                }
            }
        }
    }
}

/// A batch (or a float, without SIMD) from aligned floats, and back.
template <class N>
N load_batch(const float* p) {
    if constexpr (std::is_same_v<N, float>) {
        return p[0];
    } else {
        return N::load_aligned(p);
    }
}
template <class N>
void store_batch(const N& v, float* out) {
    if constexpr (std::is_same_v<N, float>) {
        out[0] = v;
    } else {
        v.store_aligned(out);
    }
}

BOOST_AUTO_TEST_CASE(nan_gate_gives_nan_partials_on_sparse_duals) {
    using namespace ctdiff;
    using S = math::simd_batch_t<float>;
    using N = std::conditional_t<std::is_void_v<S>, float, S>;
    constexpr std::size_t W = math::simd_width_v<float>;
    constexpr auto a = var<"a">;
    constexpr auto b = var<"b">;
    for (std::size_t lane = 0; lane < W; ++lane) {
        alignas(64) float av[W], bv[W], out[W];
        for (std::size_t l = 0; l < W; ++l) {
            av[l] = 5.39841f - static_cast<float>(l);
            bv[l] = l == lane ? std::numeric_limits<float>::quiet_NaN() : 0.75f;
        }
        const N A = load_batch<N>(av), B = load_batch<N>(bv), one(1.0f);
        for (const auto& [name, r] :
             {std::pair{"swiglu",
                        swiglu(a, b)(a = sparse_dual<N, 1>{A, {one}}, b = sparse_dual<N, 2>{B, {one}})},
              std::pair{"geglu",
                        geglu(a, b)(a = sparse_dual<N, 1>{A, {one}}, b = sparse_dual<N, 2>{B, {one}})},
              std::pair{"glu",
                        glu(a, b)(a = sparse_dual<N, 1>{A, {one}}, b = sparse_dual<N, 2>{B, {one}})}}) {
            for (std::size_t d = 0; d < 2; ++d) {
                store_batch(r.d[d], out);
                for (std::size_t l = 0; l < W; ++l)
                    BOOST_TEST(std::isnan(out[l]) == (l == lane), name << "'s partial " << d << ", lane " << l
                                                                       << " (NaN gate in lane " << lane
                                                                       << "): " << out[l]);
            }
        }
    }
}

// Signs of zero where the values and partials underflow, against the scalar routes (value_and_derivative
// in a with b bound as a number, and in b with a bound): a far left of the gated factor's kink, where
// silu, gelu and gelu_tanh are -0 and silu' approaches 0 from below, times gates of both signs and
// zeros; forward and forward_backward alike. Found by a probe: geglu_tanh's float forward gave +0 for
// a = -200 and -1000 (gelu_tanh's double-word value summed -0 and +0) where forward_backward and the
// scalar route give -0, and swiglu's float a-partial at a = -1000 gave the opposite sign of the
// scalar route's on AVX-512 (silu' in double lanes, the same sum).
template <class T>
void check_gated_zero_signs() {
    using namespace ctdiff;
    constexpr auto a = var<"a">;
    constexpr auto b = var<"b">;
    const T as[] = {T(-30),
                    T(-39),
                    T(-100),
                    T(-200),
                    T(-745.5),
                    T(-999),
                    T(-1000),
                    T(-1001),
                    T(-2000),
                    T(-1e30),
                    -std::numeric_limits<T>::infinity(),
                    T(0),
                    T(-0.0)};
    const T bs[] = {T(1), T(-1), T(0.5), T(-2), T(0), T(-0.0)};
    std::vector<T> av, bv;
    for (const T x : as)
        for (const T y : bs) {
            av.push_back(x);
            bv.push_back(y);
        }
    const std::size_t n = av.size();
    const auto check = [&](const char* name, const auto& make) {
        const auto f = make(a, b);
        std::vector<T> go(n, T(1)), fwd(n), out(n), ga(n), gb(n);
        forward(f, fwd, input(a, av), input(b, bv));
        forward_backward(f, go, out, input(a, av, ga), input(b, bv, gb));
        const auto agree = [](T array, T scalar) {
            return !(array == 0 || scalar == 0) ||
                   (array == scalar && std::signbit(array) == std::signbit(scalar));
        };
        std::size_t bad = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto in_a = value_and_derivative(make(a, bv[i]), a = av[i]);
            const auto in_b = value_and_derivative(make(av[i], b), b = bv[i]);
            const bool ok = agree(fwd[i], in_a.value) && agree(out[i], in_a.value) &&
                            agree(ga[i], in_a.derivative) && agree(gb[i], in_b.derivative);
            if (!ok && bad++ < 4)
                BOOST_TEST_MESSAGE(name << "(" << av[i] << ", " << bv[i] << "): forward " << fwd[i]
                                        << ", value " << out[i] << " (scalar " << in_a.value
                                        << "), a-partial " << ga[i] << " (scalar " << in_a.derivative
                                        << "), b-partial " << gb[i] << " (scalar " << in_b.derivative << ")");
        }
        BOOST_TEST(bad == 0u,
                   name << ": " << bad << " of " << n << " points with another zero than the scalar route's");
    };
    check("swiglu", [](auto p, auto q) { return swiglu(p, q); });
    check("geglu", [](auto p, auto q) { return geglu(p, q); });
    check("geglu_tanh", [](auto p, auto q) { return geglu_tanh(p, q); });
    check("glu", [](auto p, auto q) { return glu(p, q); });
    check("reglu", [](auto p, auto q) { return reglu(p, q); });
}

BOOST_AUTO_TEST_CASE(gated_zeros_keep_their_signs) {
    check_gated_zero_signs<float>();
    check_gated_zero_signs<double>();
}

BOOST_AUTO_TEST_SUITE_END()
