// A user's rule without its name.
// expect: ctdiff::unary_function<Rule>: Rule must define static constexpr std::string_view name
#include <ctdiff/core.hpp>

#include <string_view>

struct twice_rule {
#ifndef CTDIFF_MISUSE
    static constexpr std::string_view name = "twice";
#endif
    template <class T>
    static constexpr T value(T u) noexcept {
        return u + u;
    }
    static constexpr auto derivative(auto, auto) noexcept { return ctdiff::int_c<2>; }
};
inline constexpr ctdiff::unary_function<twice_rule> twice{};

int main() {
    constexpr auto x = ctdiff::var<"x">;
    return twice(x)(x = 2.0) == 4.0 ? 0 : 1;
}
