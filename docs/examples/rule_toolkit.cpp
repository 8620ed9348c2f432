// A user's activations written with the public rule toolkit, the way the
// built-in elu and hardtanh are: a smooth parameter with a default, a branch
// point, constants in the computation type, and the rule contract stated.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>

//! [toolkit_parameter]
// my_elu(u, alpha = 1) = u for u > 0, alpha (e^u - 1) otherwise. alpha is smooth:
// a number or any expression, with its partial derivative.
struct my_elu_rule {
    static constexpr std::string_view name = "my_elu";
    template <class T>  // float, double, dual, jet, SIMD batch, Boost.Multiprecision ...
    static constexpr T value(T u, T alpha) {
        return ctdiff::math::select(u > ctdiff::number_cast<T>(0), u, alpha * ctdiff::math::expm1(u));
    }
    static constexpr auto derivative(auto u, auto alpha, auto) {
        using namespace ctdiff;
        return partials(select(u > int_c<0>, int_c<1>, alpha * exp(u)),  // d/du
                        select(u > int_c<0>, int_c<0>, expm1(u)));       // d/dalpha
    }
};
static_assert(ctdiff::primitive_rule<my_elu_rule, 2>);  // the contract, stated beside the rule

// my_elu(x) takes alpha = 1/1 (a compile-time constant beside an expression, a
// number of the input's type beside a number); my_elu(x, a) adapts a.
inline constexpr ctdiff::defaulted_parameter_function<my_elu_rule, 1> my_elu{};
//! [toolkit_parameter]

//! [toolkit_branch_point]
// clip(u, bound) = u clamped to [-bound, bound]. The bound is a branch point: a
// number (or a ctdiff::constant), never an expression; its partial is 0.
struct clip_rule {
    static constexpr std::string_view name = "clip";
    template <class T>
    static constexpr T value(T u, T b) {
        return ctdiff::math::select(u < -b, -b, ctdiff::math::select(u > b, b, u));
    }
    static constexpr auto derivative(auto u, auto b, auto) {
        using namespace ctdiff;
        return partials(select(u <= -b, int_c<0>, select(u >= b, int_c<0>, int_c<1>)), int_c<0>);
    }
};
struct clip_t : ctdiff::binary_function<clip_rule> {
    template <class E, class B>
    constexpr auto operator()(const E& e, const B& bound) const {
        static_assert(ctdiff::is_branch_point_v<B>, "clip(e, bound): the bound must be a number");
        return binary_function::operator()(e, ctdiff::adapt_parameter<E>(bound));
    }
};
inline constexpr clip_t clip{};
//! [toolkit_branch_point]

//! [toolkit_fused_parameter]
// softsign_k(u, k) = u / (k + |u|): d/du = k / (k + |u|)^2, d/dk = -u / (k + |u|)^2.
// value_and_derivative(u, k) gives the value and d/du from one k + |u|; the dual pass
// uses it where k is a constant (softsign_k(x, 2.0)), the partials' expressions otherwise.
struct softsign_k_rule {
    static constexpr std::string_view name = "softsign_k";
    template <class T>
    static constexpr T value(T u, T k) {
        return u / (k + ctdiff::math::abs(u));
    }
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u, T k) {
        const T q = k + ctdiff::math::abs(u);
        return {u / q, k / (q * q)};
    }
    static constexpr auto derivative(auto u, auto k, auto) {
        using namespace ctdiff;
        return partials(k / pow(k + abs(u), 2), -u / pow(k + abs(u), 2));
    }
};
static_assert(ctdiff::primitive_rule<softsign_k_rule, 2>);
inline constexpr ctdiff::binary_function<softsign_k_rule> softsign_k{};
//! [toolkit_fused_parameter]

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    constexpr auto a = var<"a">;
    bool ok = true;
    //! [toolkit_use]
    const auto g = gradient(my_elu(x, a), x = -0.5, a = 2.0);  // g[x] = 2 e^-0.5, g[a] = e^-0.5 - 1
    const float yf = my_elu(-0.5f);                            // alpha = 1 as a float
    const double c = clip(x, 2.0)(x = 3.0);                    // 2
    //! [toolkit_use]
    ok = ok && std::fabs(g.value - 2.0 * std::expm1(-0.5)) < 1e-15;
    ok = ok && std::fabs(g[x] - 2.0 * std::exp(-0.5)) < 1e-15;
    ok = ok && std::fabs(g[a] - std::expm1(-0.5)) < 1e-15;
    ok = ok && yf == elu(-0.5f) && c == 2.0;
    // The same numbers as the built-in elu, on every route.
    for (double v : {-3.0, -0.25, 0.0, 0.75, 4.0}) {
        ok = ok && my_elu(x, 0.5)(x = v) == elu(x, 0.5)(x = v);
        ok = ok && d(my_elu(x), x)(x = v) == d(elu(x), x)(x = v);
        ok = ok && derivatives<2>(my_elu(x), x = v)[2] == derivatives<2>(elu(x), x = v)[2];
        ok = ok && value_and_derivative(clip(x, 1.0), x = v).derivative == (std::fabs(v) < 1.0 ? 1.0 : 0.0);
    }
    // The fused kernel (k a number) and the partials' expressions (k a variable) agree.
    static_assert(rule_view<softsign_k_rule, 2>::fused_first<double>);
    for (double v : {-3.0, -0.25, 0.0, 0.75, 4.0}) {
        const auto fused = value_and_derivative(softsign_k(x, 2.0), x = v);
        const auto by_rule = gradient(softsign_k(x, a), x = v, a = 2.0);
        ok = ok && fused.value == v / (2.0 + std::fabs(v)) && fused.value == by_rule.value;
        ok = ok && std::fabs(fused.derivative - by_rule[x]) <= 1e-15 * fused.derivative;
        ok = ok && std::fabs(fused.derivative - 2.0 / ((2.0 + std::fabs(v)) * (2.0 + std::fabs(v)))) <= 1e-15;
    }
    static_assert(!is_branch_point_v<decltype(x)>);  // clip(x, a) would not compile
    static_assert(is_branch_point_v<constant<1, 2>> && is_constant_v<constant<1, 2>>);
    std::printf("my_elu gradient at x = -0.5, a = 2: %g %g %g; clip(3, 2) = %g\n", g.value, g[x], g[a], c);
    return ok ? 0 : 1;
}
