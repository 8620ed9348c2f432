// Parameters at any value (#15): each smooth parameter over a grid (tiny, small,
// default, large, negative where the domain allows it) times the suite's x grid and
// specials, orders 0 to 2 in x on every route and the partial in the parameter.
#include "harness.hpp"

namespace accuracy {

#define ACCURACY_PARAMETER(id, activation_, parameter_, smooth_, build, values_, ...)               \
    struct id {                                                                                     \
        static constexpr const char* name = activation_;                                            \
        static constexpr const char* parameter = parameter_;                                        \
        static constexpr bool smooth = smooth_;                                                     \
        static constexpr double values[] = values_;                                                 \
        static constexpr auto make(auto e, auto p) { return build; }                                \
        static tay reference([[maybe_unused]] const tay& X, [[maybe_unused]] double xb,             \
                             [[maybe_unused]] const tay& P, [[maybe_unused]] double pb) __VA_ARGS__ \
    };
#define ACCURACY_VALUES(...) \
    { __VA_ARGS__ }

ACCURACY_PARAMETER(leaky_relu_slope, "leaky_relu", "slope", false, ctdiff::leaky_relu(e, p),
                   ACCURACY_VALUES(-0.5, 1e-4, 0.01, 0.3, 2.0), { return xb > 0 ? X : X * P; })
ACCURACY_PARAMETER(prelu_weight, "prelu", "weight", false, ctdiff::prelu(e, p),
                   ACCURACY_VALUES(-0.5, 1e-4, 0.25, 1.0, 3.0), { return xb > 0 ? X : X * P; })
ACCURACY_PARAMETER(elu_alpha, "elu", "alpha", true, ctdiff::elu(e, p),
                   ACCURACY_VALUES(1e-3, 0.25, 1.0, 2.5, 100.0), { return xb > 0 ? X : P * expm1(X); })
ACCURACY_PARAMETER(celu_alpha, "celu", "alpha", true, ctdiff::celu(e, p),
                   ACCURACY_VALUES(1e-3, 0.25, 0.7, 1.0, 2.5, 100.0), {
                       if (xb > 0) return X;
                       // |x / alpha| tiny: the series, where the partial in alpha, expm1(t) - t e^t,
                       // would cancel beyond the reference's 50 digits.
                       if (std::fabs(xb / pb) < 1e-12)
                           return X + X * X / (P * real(2)) + X * X * X / (P * P * real(6)) +
                                  X * X * X * X / (P * P * P * real(24)) +
                                  X * X * X * X * X / (P * P * P * P * real(120)) +
                                  X * X * X * X * X * X / (P * P * P * P * P * real(720));
                       return P * expm1(X / P);
                   })
ACCURACY_PARAMETER(softplus_beta, "softplus", "beta", true, ctdiff::softplus(e, p),
                   ACCURACY_VALUES(-1.7, -1.0, 1e-3, 0.25, 1.0, 1.7, 1000.0), {
                       // PyTorch's cut-off on the product as the library rounds it (exact for float).
                       if (xb * pb > 20) return X;
                       const tay Z = X * P;
                       return (Z.c[0] < 0 ? log1p(exp(Z)) : Z + log1p(exp(-Z))) / P;
                   })

#undef ACCURACY_VALUES
#undef ACCURACY_PARAMETER

/// snake over alpha, where alpha x is rounded (alpha = 1 is in the registered rows).
/// Its promise holds below |x| = 1e6 (finite_where: sin's argument reduction); its
/// derivatives oscillate at +-inf, only the value has a limit.
struct snake_alpha_grid {
    static constexpr const char* name = "snake";
    static constexpr const char* parameter = "alpha";
    static constexpr bool smooth = true;
    static constexpr double max_abs_x = 1e6;
    static constexpr double values[] = {-0.75, 1e-3, 0.75, 3.0};
    static constexpr auto make(auto e, auto p) { return ctdiff::snake(e, p); }
    static tay reference(const tay& X, double, const tay& P, double) {
        const tay s = sin(X * P);
        return X + s * s / P;
    }
};
template <>
inline constexpr std::size_t orders_with_limits<at_parameter<snake_alpha_grid>> = 1;

}  // namespace accuracy

BOOST_AUTO_TEST_SUITE(accuracy_parameters)
BOOST_AUTO_TEST_CASE(leaky_relu_slope) { accuracy::measure_parameters<accuracy::leaky_relu_slope>(); }
BOOST_AUTO_TEST_CASE(prelu_weight) { accuracy::measure_parameters<accuracy::prelu_weight>(); }
BOOST_AUTO_TEST_CASE(elu_alpha) { accuracy::measure_parameters<accuracy::elu_alpha>(); }
BOOST_AUTO_TEST_CASE(celu_alpha) { accuracy::measure_parameters<accuracy::celu_alpha>(); }
BOOST_AUTO_TEST_CASE(softplus_beta) { accuracy::measure_parameters<accuracy::softplus_beta>(); }
BOOST_AUTO_TEST_CASE(snake_alpha) { accuracy::measure_parameters<accuracy::snake_alpha_grid>(); }
BOOST_AUTO_TEST_SUITE_END()
