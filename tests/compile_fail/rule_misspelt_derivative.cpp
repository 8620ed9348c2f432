// A rule whose derivative is misspelt: named by its spelling, before the missing derivative.
// expect: ctdiff::unary_function<Rule>: Rule::derivatives is misspelt: the member is spelt derivative
#include <ctdiff/core.hpp>

#include <string_view>

struct cube_rule {
    static constexpr std::string_view name = "cube";
    template <class T>
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
#ifdef CTDIFF_MISUSE
    static constexpr auto derivatives(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
#else
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
#endif
};
inline constexpr ctdiff::unary_function<cube_rule> cube{};
#ifndef CTDIFF_MISUSE
static_assert(ctdiff::primitive_rule<cube_rule>);  // the twin satisfies the concept
#endif

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const auto r = ctdiff::value_and_derivative(cube(x), x = 2.0);
    return r.value == 8.0 && r.derivative == 12.0 ? 0 : 1;
}
