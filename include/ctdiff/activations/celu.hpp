/// \file
/// `celu(x, alpha = 1)`: x for x > 0, else alpha * (exp(x / alpha) - 1).
///
/// With t = x / alpha: \f$\partial_x = 1\f$ for x > 0, else \f$e^t\f$;
/// \f$\partial_\alpha = 0\f$ for x > 0, else \f$g(t) = e^t - 1 - t e^t\f$, the
/// primitive `dcelu_dalpha` (rule \f$g'(t) = -t e^t\f$), which sums g's series
/// for |t| < 1, where the closed form cancels. Kink: celu'(0) = 1 (both pieces
/// agree: celu is C1). Past t = -1000 (x = -inf, or x / alpha beyond exp's
/// range for a tiny or subnormal alpha) the partials are their limits 0 and
/// -1, constants: t e^t would be inf * 0 there, and a higher order would
/// multiply 0 by an overflowed dt/dalpha. celu(-inf) = -alpha. alpha is a
/// number or any expression, not 0 (as in PyTorch); a negative alpha gives
/// t > 0, where the partials overflow to their infinite limits, not NaN.
/// For a subnormal alpha with t within exp's range, the second partials scale
/// as 1/alpha and overflow: each is then inf, but a jet in x and alpha together
/// sums them with opposite signs and gives NaN, where the true value (which
/// overflows too) would be inf.
#pragma once

#include <ctdiff/activations/parameters.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>

namespace ctdiff {

/// The partial of celu in alpha as a function of t = x / alpha:
/// g(t) = expm1(t) - t e^t, with the rule g'(t) = -t e^t.
struct dcelu_dalpha_rule {
    static constexpr std::string_view name = "dcelu_dalpha";
    static constexpr std::string_view latex = "\\operatorname{celu}_\\alpha";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T t) noexcept {
        const T one = detail::convert<T>(1);
        // |t| < 1: g(t) = t^2 * sum_k c_k t^k, c_k = -(k + 1) / (k + 2)!, where
        // both closed forms below lose a digit per decade of t to cancellation.
        constexpr double c[] = {-1.0 / 2,
                                -1.0 / 3,
                                -1.0 / 8,
                                -1.0 / 30,
                                -1.0 / 144,
                                -1.0 / 840,
                                -1.0 / 5760,
                                -1.0 / 45360,
                                -1.0 / 403200,
                                -1.0 / 3991680,
                                -1.0 / 43545600,
                                -1.0 / 518918400,
                                -1.0 / 6706022400.0,
                                -1.0 / 93405312000.0,
                                -1.0 / 1394852659200.0,
                                -1.0 / 22230464256000.0,
                                -1.0 / 376610217984000.0,
                                -1.0 / 6758061133824000.0,
                                -1.0 / 128047474114560000.0,
                                -1.0 / 2554547108585472000.0};
        T p = detail::convert<T>(c[19]);
        for (int k = 18; k >= 0; --k) p = p * t + detail::convert<T>(c[k]);
        const T series = t * t * p;
        // t <= -1: expm1(t) - t e^t (no cancellation); t >= 1 (alpha < 0):
        // expm1(t) (1 - t) - t, which overflows to -inf, not inf - inf.
        const T m = math::expm1(t);
        const T negative = m - t * math::exp(t);
        const T positive = m * (one - t) - t;
        const T closed = math::select(t > detail::convert<T>(0), positive, negative);
        const T inside = math::select(math::abs(t) < one, series, closed);
        // Past -1000 the limit -1, where t e^t would be inf * 0 at t = -inf.
        return math::select(t < detail::convert<T>(-1000), -one, inside);
    }
    static constexpr auto derivative(auto t, auto) noexcept {
        return select(t < int_c<-1000>, int_c<0>, -t * exp(t));
    }
};

/// celu's partial in alpha, as a function of t = x / alpha.
inline constexpr unary_function<dcelu_dalpha_rule> dcelu_dalpha{};

struct celu_rule {
    static constexpr std::string_view name = "celu";
    static constexpr std::string_view latex = "\\operatorname{celu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        return math::select(u > detail::convert<T>(0), u, alpha * math::expm1(u / alpha));
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        // Past t = -1000 the limits, as constants: they carry no overflowed
        // dt/dalpha (alpha subnormal) into higher orders, where 0 * inf = NaN.
        const auto past = u / alpha < int_c<-1000>;
        return partials(select(u > int_c<0>, int_c<1>, select(past, int_c<0>, exp(u / alpha))),
                        select(u > int_c<0>, int_c<0>, select(past, int_c<-1>, dcelu_dalpha(u / alpha))));
    }
};

/// `celu(x)`: alpha defaults to 1, as in PyTorch.
struct celu_t : detail::defaulted_parameter_function<celu_rule, 1> {};

/// The continuously differentiable ELU: `celu(x)`, `celu(x, 2.0)`, `celu(x, a)`.
inline constexpr celu_t celu{};

}  // namespace ctdiff
