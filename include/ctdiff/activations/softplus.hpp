/// \file
/// `softplus(x, beta = 1, threshold = 20)`: \f$\frac{1}{\beta}\log(1 + e^{\beta x})\f$,
/// and x where \f$\beta x >\f$ threshold (PyTorch's linear cut-off).
///
/// With \f$z = \beta x\f$ computed as an unevaluated sum z + zl (`fma`: the rounding of
/// the product would be multiplied by |z| in exp):
/// \f$y = (\max(z, 0) + \log(1 + e^{-|z|}))/\beta\f$, no overflow for any threshold;
/// \f$\partial_x = \sigma(z)\f$ (1 past the threshold, the primitive `softplus_gate`);
/// \f$\partial_\beta = -(|z|\sigma(-|z|) + \log(1 + e^{-|z|}))/\beta^2\f$ (0 past it; the
/// primitive `softplus_dbeta`): two terms of one sign on both sides of 0, where the textbook
/// \f$(x\sigma(\beta x) - y)/\beta\f$ cancels (2.7e6 ULP at x = 15). Past |z| = 1000
/// \f$\partial_\beta\f$ is 0 (its value underflows; |z| e^{-|z|} would be inf * 0 at
/// x = -inf). beta is a number or any expression, of either sign; threshold is a branch
/// point (a number). beta = 0 is outside the domain: the value is inf, as PyTorch computes
/// it and as the limit from above (log 2 / beta). softplus(-inf) = 0, softplus'(-inf) = 0.
#pragma once

#include <limits>

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/dsigmoid.hpp>

namespace ctdiff {

namespace softplus_impl {
/// beta * u as z + zl exactly (zl from `fma`), u clamped to |u| <= max / (2 |beta|),
/// where |z| is far past every threshold already: z never overflows (a constant
/// expression rejects that).
/// The largest finite value, or 1e300 for long double (whose constant evaluation runs
/// in double) and for library floating types (whose limits are not constant expressions).
template <class E, bool = std::is_arithmetic_v<E>>
inline constexpr double softplus_largest_v = 1e300;
template <class E>
inline constexpr double softplus_largest_v<E, true> = static_cast<double>(std::numeric_limits<E>::max()) <
                                                              1e300
                                                          ? static_cast<double>(std::numeric_limits<E>::max())
                                                          : 1e300;

template <class T>
struct softplus_product {
    T z, zl;
};
template <class T>
CTDIFF_HOST_DEVICE constexpr softplus_product<T> softplus_z(T u, T beta) noexcept {
    const T b = math::abs(beta);
    const T one = number_cast<T>(1);
    constexpr double largest = softplus_largest_v<element_type_t<T>>;
    const T lim = number_cast<T>(largest) / (b + b);
    const T uc = math::select(b <= one, u, math::select(u > lim, lim, math::select(u < -lim, -lim, u)));
    const auto [z, zl] = math::two_prod(beta, uc);
    // zl is 0 where z is 0 or not finite (it would be NaN there).
    return {z, math::select(math::abs(z) < number_cast<T>(largest), zl, number_cast<T>(0))};
}

/// Lanes whose float result may lose digits in the general formulas: |z| past 80 (e^{-|z|}
/// near or in the subnormal range, infinities, NaN), or a result below 2^-102, where
/// products and quotients of it round in the subnormal range.
template <class T>
CTDIFF_HOST_DEVICE auto near_underflow(const T& z, const T& r) noexcept {
    const auto far = math::not_lanes<T>(math::abs(z) <= number_cast<T>(80));  // NaN and infinities too
    return far | (math::abs(r) < number_cast<T>(0x1p-102f));
}

/// f(u, beta, th) lane by lane in double (the scalar route's precision for float), each
/// result rounded once to float; out of line, the common batch keeps its registers.
template <class T, class F>
CTDIFF_NOINLINE dual<T> lanes_in_double(const T& u, const T& beta, const T& th, F f) noexcept {
    constexpr std::size_t w = T::size;
    alignas(64) float a[w], b[w], c[w], v[w], d[w];
    u.store_aligned(a);
    beta.store_aligned(b);
    th.store_aligned(c);
    for (std::size_t k = 0; k < w; ++k) {
        const dual<double> r =
            f(static_cast<double>(a[k]), static_cast<double>(b[k]), static_cast<double>(c[k]));
        v[k] = static_cast<float>(r.value);
        d[k] = static_cast<float>(r.derivative);
    }
    return {T::load_aligned(v), T::load_aligned(d)};
}
}  // namespace softplus_impl

/// beta * u, its product never overflowing (see softplus_impl::softplus_z); the rule is the product's.
struct softplus_z_rule {
    static constexpr std::string_view name = "softplus_z";
    static constexpr std::string_view latex = "\\beta x";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta) noexcept {
        return softplus_impl::softplus_z(u, beta).z;
    }
    static constexpr auto derivative(auto u, auto beta, auto) noexcept { return partials(beta, u); }
};
inline constexpr primitive_function<softplus_z_rule, 2> softplus_z{};

/// sigma'(beta u), beta u known beyond working precision:
/// sigma'(z + zl) = sigma'(z) (1 - tanh(z / 2) zl); its rule sigma'' = -sigma' tanh(z / 2).
struct softplus_dgate_rule {
    static constexpr std::string_view name = "softplus_dgate";
    static constexpr std::string_view latex = "\\sigma_\\beta'";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta) noexcept {
        const auto [z, zl] = softplus_impl::softplus_z(u, beta);
        const T s = dsigmoid_rule::value(z);
        return s - s * math::tanh(z / number_cast<T>(2)) * zl;
    }
    static constexpr auto derivative(auto u, auto beta, auto y) noexcept {
        const auto t = y * tanh(softplus_z(u, beta) / int_c<2>);
        return partials(-(beta * t), -(u * t));
    }
};
inline constexpr primitive_function<softplus_dgate_rule, 2> softplus_dgate{};

/// beta sigma'(beta u), softplus's second derivative in x, a primitive so that beta
/// multiplies sigma' before it is rounded (sigma' may be subnormal where beta sigma' is
/// not); in long double for double arguments, where the product's roundings would add
/// up to 4.8 ULP. Rule: partials -beta y tanh(z / 2) and sigma'(z) - u y tanh(z / 2).
struct softplus_d2_rule {
    static constexpr std::string_view name = "softplus_d2";
    static constexpr std::string_view latex = "\\beta\\sigma_\\beta'";
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta) noexcept {
        return beta * softplus_dgate_rule::value(u, beta);
    }
    static constexpr auto derivative(auto u, auto beta, auto y) noexcept {
        const auto t = y * tanh(softplus_z(u, beta) / int_c<2>);
        return partials(-(beta * t), softplus_dgate(u, beta) - u * t);
    }
};
inline constexpr primitive_function<softplus_d2_rule, 2> softplus_d2{};

/// sigma(beta u), beta u known beyond working precision: sigma(z + zl) = sigma(z) + sigma'(z) zl.
struct softplus_gate_rule {
    static constexpr std::string_view name = "softplus_gate";
    static constexpr std::string_view latex = "\\sigma_\\beta";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta) noexcept {
        const auto [z, zl] = softplus_impl::softplus_z(u, beta);
        const T g = sigmoid_rule::value(z) + dsigmoid_rule::value(z) * zl;
        if constexpr (math::has_softplus_unit<T>) {  // softplus's batch_exact
            const auto risky = softplus_impl::near_underflow(z, g);
            if (math::any_lanes<T>(risky)) {
                const auto r = softplus_impl::lanes_in_double(u, beta, beta, [](double v, double b, double) {
                    return dual<double>{value(v, b), 0.0};
                });
                return math::select(risky, r.value, g);
            }
        }
        return g;
    }
    static constexpr auto derivative(auto u, auto beta, auto) noexcept {
        return partials(softplus_d2(u, beta), u * softplus_dgate(u, beta));
    }
};
inline constexpr primitive_function<softplus_gate_rule, 2> softplus_gate{};

/// The partial of softplus in beta: h(z) / beta^2, h(z) = z sigma(z) - log(1 + e^z)
/// = -(|z| sigma(-|z|) + log1p(e^{-|z|})) (even in z, no cancellation), with
/// h'(z) = z sigma'(z) correcting z's rounding.
struct softplus_dbeta_rule {
    static constexpr std::string_view name = "softplus_dbeta";
    static constexpr std::string_view latex = "\\operatorname{softplus}_\\beta";
    /// Float in double; double in long double where e^{-|z|} is subnormal in double
    /// (|z| would multiply its rounding).
    static constexpr rule_precision precision = rule_precision::extended;
    static constexpr bool extended_where(double u, double beta) noexcept {
        return !(u * beta <= 700 && u * beta >= -700);
    }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta) noexcept {
        const auto [z, zl] = softplus_impl::softplus_z(u, beta);
        const T one = number_cast<T>(1);
        const T a = math::abs(z);
        const T big = number_cast<T>(1000);
        const T ac = math::select(a > big, big, a);  // |z| e^{-|z|} is inf * 0 at inf
        const T e = math::exp(-ac);
        const T q = one + e;
        // Where e^{-|z|} is subnormal or flushed in T (a batch has no wider type), |z| e^{-|z|}
        // is exp(log|z| - |z|), which is not.
        const T edge = number_cast<T>(std::is_same_v<element_type_t<T>, float> ? 80.0 : 700.0);
        const T ze = math::select(ac > edge, math::exp(math::log(ac) - ac), ac * e) / q;
        const T h = -(ze + math::log1p(e)) + z * (e / q) * (one / q) * zl;
        const T r = math::select(a > big, number_cast<T>(0), (h / beta) / beta);
        if constexpr (math::has_softplus_unit<T>) {  // softplus's batch_exact
            const auto risky = softplus_impl::near_underflow(z, r);
            if (math::any_lanes<T>(risky)) {
                const auto d = softplus_impl::lanes_in_double(u, beta, beta, [](double v, double b, double) {
                    return dual<double>{value(v, b), 0.0};
                });
                return math::select(risky, d.value, r);
            }
        }
        return r;
    }
    static constexpr auto derivative(auto u, auto beta, auto y) noexcept {
        // u^2 sigma'(beta u) is 0 where sigma' is (at u = -inf for beta > 0 the product
        // would be inf * 0; its limit is 0).
        const auto g = softplus_dgate(u, beta);
        const auto u2g = select(g <= int_c<0>, int_c<0>, u * u * g);
        return partials(select(g <= int_c<0>, int_c<0>, u * g), (u2g - int_c<2> * y) / beta);
    }
};
inline constexpr primitive_function<softplus_dbeta_rule, 2> softplus_dbeta{};

struct softplus_rule {
    static constexpr std::string_view name = "softplus";
    static constexpr std::string_view latex = "\\operatorname{softplus}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    /// Float batches are within the promise in every band, subnormal results, infinities and
    /// NaN included: beta = 1 by math::backend's softplus_unit, other lanes by the formulas
    /// below with those near the underflow band (|beta x| > 80, results below 2^-102) in
    /// double; softplus_gate and softplus_dbeta (the partials a pass with beta bound takes)
    /// likewise. The array pass skips its lane-rescue check for them (tests/arrays,
    /// ctdiff_exhaustive, the accuracy suite's array rows).
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta, T th) noexcept {
        if constexpr (math::has_softplus_unit<T>) {
            if (math::all_lanes<T>(beta == number_cast<T>(1)))
                return math::select(u > th, u, math::backend<T>::softplus_unit(u).value);
        }
        const auto [z, zl] = softplus_impl::softplus_z(u, beta);
        const T zero = number_cast<T>(0);
        // log(1 + e^{-|z + zl|}) = log1p(e) - e / (1 + e) sign(z) zl, e = e^{-|z|}.
        const T e = math::exp(zero - math::abs(z));  // 0 - |z|: a NaN keeps its sign
        const T sl = math::select(z > zero, zl, -zl);
        const T l = math::log1p_unit(e) - e / (number_cast<T>(1) + e) * sl;
        const T soft = (math::select(z > zero, z + zl, zero) + l) / beta;
        const T y = math::select(z > th, u, soft);
        if constexpr (math::has_softplus_unit<T>) {  // batch_exact: as value_and_derivative
            const auto risky = softplus_impl::near_underflow(z, soft);
            if (math::any_lanes<T>(risky))
                return math::select(risky, general_in_double(u, beta, th).value, y);
        }
        return y;
    }
    /// The lanes of a float batch in double (the scalar route's precision), rounded once:
    /// value and partial in u.
    template <class T>
    static dual<T> general_in_double(const T& u, const T& beta, const T& th) noexcept {
        return softplus_impl::lanes_in_double(
            u, beta, th, [](double v, double b, double t) { return value_and_derivative(v, b, t); });
    }
    static constexpr auto derivative(auto u, auto beta, auto th, auto) noexcept {
        return partials(select(softplus_z(u, beta) > th, int_c<1>, softplus_gate(u, beta)),
                        select(softplus_z(u, beta) > th, int_c<0>, softplus_dbeta(u, beta)), int_c<0>);
    }
    /// The value and the partial in u (beta and the threshold constants of the pass): the
    /// value's formula and softplus_gate's, sharing z + zl and e = e^{-|z|} (one exp where
    /// the two took three). The gate's correction sigma'(z) zl takes sigma'(z) as w (1 - w),
    /// w = e / (1 + e), the value's quotient (its rounding stays far below the gate's last
    /// bit: |zl| <= 2^-24 |z|). Where beta is 1 in every lane (PyTorch's default), zl is 0
    /// and the division by beta exact: both are left out, the same bits; float batches then
    /// take math::backend's softplus_unit (one division where exp, log1p_unit and the
    /// sigmoid's quotient took two; value() takes it too, so forward and forward_backward
    /// agree bit for bit).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u, T beta,
                                                                                          T th) noexcept {
        const T zero = number_cast<T>(0);
        const T one = number_cast<T>(1);
        if (math::all_lanes<T>(beta == one)) {
            if constexpr (math::has_softplus_unit<T>) {
                const auto p = math::backend<T>::softplus_unit(u);  // as value() takes it
                const auto linear = u > th;
                return {math::select(linear, u, p.value), math::select(linear, one, p.slope)};
            } else {
                const T e = math::exp(zero - math::abs(u));
                const T soft = math::select(u > zero, u, zero) + math::log1p_unit(e);
                const auto linear = u > th;
                return {math::select(linear, u, soft),
                        math::select(linear, one, sigmoid_rule::from_exp(u, e))};
            }
        }
        if constexpr (math::has_softplus_unit<T>) {
            return general_batch(u, beta, th);  // out of line: the beta = 1 loop keeps its registers
        } else {
            return general(u, beta, th);
        }
    }
    /// value_and_derivative's general path, float batches out of line.
    template <class T>
    CTDIFF_NOINLINE static dual<T> general_batch(T u, T beta, T th) noexcept {
        return general(u, beta, th);
    }
    /// value_and_derivative where beta may differ from 1.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr dual<T> general(T u, T beta, T th) noexcept {
        const T zero = number_cast<T>(0);
        const T one = number_cast<T>(1);
        const auto [z, zl] = softplus_impl::softplus_z(u, beta);
        const T e = math::exp(zero - math::abs(z));  // 0 - |z|: a NaN keeps its sign
        const T w = e / (one + e);  // as value() has it: forward and forward_backward agree bit for bit
        const T sl = math::select(z > zero, zl, -zl);
        const T l = math::log1p_unit(e) - w * sl;
        const T soft = (math::select(z > zero, z + zl, zero) + l) / beta;
        const T gate = sigmoid_rule::from_exp(z, e) + (w - w * w) * zl;
        const auto linear = z > th;
        const T y = math::select(linear, u, soft);
        const T dy = math::select(linear, one, gate);
        if constexpr (math::has_softplus_unit<T>) {  // batch_exact
            const auto risky =
                softplus_impl::near_underflow(z, soft) | (math::abs(gate) < number_cast<T>(0x1p-102f));
            if (math::any_lanes<T>(risky)) {
                const dual<T> r = general_in_double(u, beta, th);
                return {math::select(risky, r.value, y), math::select(risky, r.derivative, dy)};
            }
        }
        return {y, dy};
    }
};

struct softplus_t : primitive_function<softplus_rule, 3> {
    /// `softplus(x)`: beta = 1, threshold = 20, as in PyTorch.
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return primitive_function::operator()(e, default_parameter<E, 1>(), default_parameter<E, 20>());
    }
    template <class E, class B>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const B& beta) const {
        return primitive_function::operator()(e, adapt_parameter<E>(beta), default_parameter<E, 20>());
    }
    template <class E, class B, class H>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const B& beta, const H& threshold) const {
        static_assert(is_branch_point_v<H>,
                      "ctdiff::softplus(e, beta, threshold): threshold must be a number");
        return primitive_function::operator()(e, adapt_parameter<E>(beta), adapt_parameter<E>(threshold));
    }
};

/// `softplus(x)`, `softplus(x, 2.0)`, `softplus(x, b, 30.0)`.
inline constexpr softplus_t softplus{};

/// softplus's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"softplus">{
    .definition = R"(\frac{1}{\beta}\log(1 + e^{\beta x}),\quad \beta = 1)",
    .conventions =
        "Returns x (derivative 1) where beta x > threshold = 20, PyTorch's linear cut-off (beyond the "
        "plotted range; the derivative jumps there by about 2e-9).",
    .parameters = {{.name = "beta", .value = 1.0, .smooth = true}, {.name = "threshold", .value = 20.0}},
    // beta 1e-100 from 0, and below 1e6.
    .finite_where = [](double, double p) { return (p > 1e-100 || p < -1e-100) && p < 1e6 && p > -1e6; },
};

/// softplus's reference, the accuracy suite's oracle: log(1 + exp(x)), x past the threshold 20 (beta = 1)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"softplus"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb > 20) return x;  // PyTorch's linear cut-off beta x > threshold
        return xb < 0 ? log1p(exp(x)) : x + log1p(exp(-x));
    }
};

}  // namespace ctdiff
