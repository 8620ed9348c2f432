// batch_exact is a bool (or a bool variable template over the lanes' element type); a
// string would be ignored by the array pass.
// expect: ctdiff::unary_function<Rule>: Rule::batch_exact must be a static constexpr bool
#include <ctdiff/core.hpp>

#include <string_view>
#include <type_traits>

struct cube_rule {
    static constexpr std::string_view name = "cube";
    static constexpr ctdiff::rule_precision precision = ctdiff::rule_precision::float_in_double;
#ifdef CTDIFF_MISUSE
    static constexpr std::string_view batch_exact = "float";
#else
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
#endif
    template <class T>
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
};
inline constexpr ctdiff::unary_function<cube_rule> cube{};
#ifndef CTDIFF_MISUSE
static_assert(ctdiff::primitive_rule<cube_rule>);
#endif

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const auto r = ctdiff::value_and_derivative(cube(x), x = 2.0);
    return r.value == 8.0 && r.derivative == 12.0 ? 0 : 1;
}
