// A fused kernel returns ctdiff::dual<T>; a pair would be ignored by the dual pass.
// expect: ctdiff::unary_function<Rule>: Rule::value_and_derivative\(u\) must return ctdiff::dual<T>
#include <ctdiff/core.hpp>

#include <string_view>
#include <utility>

struct cube_rule {
    static constexpr std::string_view name = "cube";
    template <class T>
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
#ifdef CTDIFF_MISUSE
    template <class T>
    static constexpr std::pair<T, T> value_and_derivative(T u) noexcept {
        return {u * u * u, 3 * u * u};
    }
#else
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u) noexcept {
        return {u * u * u, 3 * u * u};
    }
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
