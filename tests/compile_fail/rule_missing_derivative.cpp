// A user's rule without its derivative.
// expect: ctdiff::unary_function<Rule>: Rule must define static derivative\(u, y\)
#include <ctdiff/core.hpp>

#include <string_view>

struct cube_rule {
    static constexpr std::string_view name = "cube";
    template <class T>
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
#ifndef CTDIFF_MISUSE
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
#endif
};
inline constexpr ctdiff::unary_function<cube_rule> cube{};

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const auto r = ctdiff::value_and_derivative(cube(x), x = 2.0);
    return r.derivative == 12.0 ? 0 : 1;
}
