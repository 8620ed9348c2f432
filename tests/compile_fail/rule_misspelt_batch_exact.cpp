// A misspelt batch_exact would be ignored: the array pass would keep checking its lanes.
// expect: ctdiff::unary_function<Rule>: Rule::exact_batches is misspelt: the member is spelt batch_exact
#include <ctdiff/core.hpp>

#include <string_view>

struct cube_rule {
    static constexpr std::string_view name = "cube";
#ifdef CTDIFF_MISUSE
    static constexpr bool exact_batches = true;
#else
    static constexpr bool batch_exact = true;
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
