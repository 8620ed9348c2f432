// The rule contract (ctdiff::primitive_rule): every built-in rule satisfies it,
// and a rule with a misspelt or mistyped optional member does not. The messages
// the function objects give are tested in compile_fail/ (rule_*.cpp).
#include <string_view>
#include <utility>

#include <boost/test/unit_test.hpp>

#include <ctdiff/ctdiff.hpp>

namespace rule_contract_test {

template <class F>
constexpr bool satisfies_contract(const F&) {
    return ctdiff::primitive_rule<typename F::rule_type, F::arity>;
}
static_assert(satisfies_contract(ctdiff::relu) && satisfies_contract(ctdiff::relu6) &&
              satisfies_contract(ctdiff::leaky_relu) && satisfies_contract(ctdiff::prelu) &&
              satisfies_contract(ctdiff::elu) && satisfies_contract(ctdiff::selu) &&
              satisfies_contract(ctdiff::celu) && satisfies_contract(ctdiff::gelu) &&
              satisfies_contract(ctdiff::gelu_tanh) && satisfies_contract(ctdiff::silu) &&
              satisfies_contract(ctdiff::mish) && satisfies_contract(ctdiff::softplus) &&
              satisfies_contract(ctdiff::softsign) && satisfies_contract(ctdiff::hardtanh) &&
              satisfies_contract(ctdiff::hardsigmoid) && satisfies_contract(ctdiff::hardswish) &&
              satisfies_contract(ctdiff::log_sigmoid) && satisfies_contract(ctdiff::sigmoid) &&
              satisfies_contract(ctdiff::tanhshrink) && satisfies_contract(ctdiff::softshrink) &&
              satisfies_contract(ctdiff::hardshrink) && satisfies_contract(ctdiff::threshold) &&
              satisfies_contract(ctdiff::glu) && satisfies_contract(ctdiff::swiglu) &&
              satisfies_contract(ctdiff::geglu) && satisfies_contract(ctdiff::geglu_tanh) &&
              satisfies_contract(ctdiff::reglu) && satisfies_contract(ctdiff::squareplus) &&
              satisfies_contract(ctdiff::sparse_plus) && satisfies_contract(ctdiff::snake) &&
              satisfies_contract(ctdiff::rrelu));
static_assert(ctdiff::primitive_rule<ctdiff::tanh_rule> && ctdiff::primitive_rule<ctdiff::sech2_rule> &&
              ctdiff::primitive_rule<ctdiff::exp_rule> && ctdiff::primitive_rule<ctdiff::softplus_z_rule, 2>);

struct cube_rule {
    static constexpr std::string_view name = "cube";
    template <class T>
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
};
static_assert(ctdiff::primitive_rule<cube_rule>);
static_assert(!ctdiff::primitive_rule<cube_rule, 2>);  // value and derivative of one argument

// Near misses, one of each kind of mistake the table lists, as data members,
// functions and function templates.
struct plural_rule : cube_rule {
    static constexpr auto derivatives(auto u, auto) noexcept { return u; }
};
struct typo_rule : cube_rule {
    static constexpr bool extended_were(double) noexcept { return true; }
};
struct underscore_rule : cube_rule {
    static constexpr ctdiff::rule_precision precision_ = ctdiff::rule_precision::extended;
};
struct capital_rule : cube_rule {
    static constexpr std::string_view Latex = "c";
};
struct fused_typo_rule : cube_rule {
    template <class T>
    static constexpr ctdiff::dual<T> value_and_deriv(T u) noexcept {
        return {u * u * u, 3 * u * u};
    }
};
static_assert(!ctdiff::primitive_rule<plural_rule> && !ctdiff::primitive_rule<typo_rule> &&
              !ctdiff::primitive_rule<underscore_rule> && !ctdiff::primitive_rule<capital_rule> &&
              !ctdiff::primitive_rule<fused_typo_rule>);

// Optional members of the wrong type.
struct latex_int_rule : cube_rule {
    static constexpr int latex = 1;
};
struct precision_int_rule : cube_rule {
    static constexpr int precision = 2;
};
struct where_signature_rule : cube_rule {
    static constexpr ctdiff::rule_precision precision = ctdiff::rule_precision::extended;
    static constexpr bool extended_where(double, double) noexcept { return true; }
};
struct fused_pair_rule : cube_rule {
    template <class T>
    static constexpr std::pair<T, T> value_and_derivative(T u) noexcept {
        return {u, u};
    }
};
static_assert(!ctdiff::primitive_rule<latex_int_rule> && !ctdiff::primitive_rule<precision_int_rule> &&
              !ctdiff::primitive_rule<where_signature_rule> && !ctdiff::primitive_rule<fused_pair_rule>);

// batch_exact: a bool, or a bool variable template over the element type; anything else,
// or a near miss, is rejected. A fused kernel of a rule of two arguments takes both.
struct batch_exact_rule : cube_rule {
    static constexpr bool batch_exact = true;
};
struct batch_exact_template_rule : cube_rule {
    template <class E>
    static constexpr bool batch_exact = sizeof(E) == 4;
};
struct batch_exact_int_rule : cube_rule {
    static constexpr int batch_exact = 1;
};
struct batch_exact_function_rule : cube_rule {
    static constexpr bool batch_exact() noexcept { return true; }
};
struct batch_exact_typo_rule : cube_rule {
    static constexpr bool batches_exact = true;
};
static_assert(ctdiff::primitive_rule<batch_exact_rule> && ctdiff::primitive_rule<batch_exact_template_rule>);
static_assert(!ctdiff::primitive_rule<batch_exact_int_rule> &&
              !ctdiff::primitive_rule<batch_exact_function_rule> &&
              !ctdiff::primitive_rule<batch_exact_typo_rule>);
static_assert(ctdiff::detail::batch_exact_of<batch_exact_template_rule, float>() &&
              !ctdiff::detail::batch_exact_of<batch_exact_template_rule, double>() &&
              ctdiff::detail::batch_exact_of<batch_exact_rule, double>() &&
              !ctdiff::detail::batch_exact_of<cube_rule, float>());
struct times_rule {  // u * w
    static constexpr std::string_view name = "times";
    template <class T>
    static constexpr T value(T u, T w) noexcept {
        return u * w;
    }
    static constexpr auto derivative(auto u, auto w, auto) noexcept { return ctdiff::partials(w, u); }
};
struct times_fused_rule : times_rule {
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u, T w) noexcept {
        return {u * w, w};
    }
};
struct times_fused_one_rule : times_rule {
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u) noexcept {
        return {u, u};
    }
};
static_assert(ctdiff::primitive_rule<times_fused_rule, 2> &&
              !ctdiff::primitive_rule<times_fused_one_rule, 2>);
static_assert(ctdiff::rule_view<times_fused_rule, 2>::fused_first<double> &&
              !ctdiff::rule_view<times_rule, 2>::fused_first<double> &&
              !ctdiff::rule_view<times_fused_rule, 2>::fused<double>);

// The right spellings pass.
struct full_rule : cube_rule {
    static constexpr std::string_view latex = "\\operatorname{cube}";
    static constexpr ctdiff::rule_precision precision = ctdiff::rule_precision::extended;
    static constexpr bool extended_where(double u) noexcept { return u < 0; }
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u) noexcept {
        return {u * u * u, 3 * u * u};
    }
};
static_assert(ctdiff::primitive_rule<full_rule>);
inline constexpr ctdiff::unary_function<full_rule> cube{};

}  // namespace rule_contract_test

BOOST_AUTO_TEST_SUITE(rule_contract)

BOOST_AUTO_TEST_CASE(a_rule_with_every_optional_member_computes) {
    constexpr auto x = ctdiff::var<"x">;
    const auto r = ctdiff::value_and_derivative(rule_contract_test::cube(x), x = -2.0);
    BOOST_TEST(r.value == -8.0);
    BOOST_TEST(r.derivative == 12.0);
    BOOST_TEST(ctdiff::to_latex(rule_contract_test::cube(x)) == "\\operatorname{cube}\\left(x\\right)");
}

BOOST_AUTO_TEST_SUITE_END()
