// A rule whose value takes the wrong number of arguments (or is missing).
// expect: ctdiff::unary_function<Rule>: Rule must define static value\(u\.\.\.\) taking one number per
// argument
#include <ctdiff/core.hpp>

#include <string_view>

struct cube_rule {
    static constexpr std::string_view name = "cube";
    template <class T>
#ifdef CTDIFF_MISUSE
    static constexpr T value(T u, T w) noexcept {
        return u * u * w;
    }
#else
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
#endif
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<3> * u * u; }
};
inline constexpr ctdiff::unary_function<cube_rule> cube{};

int main() {
    constexpr auto x = ctdiff::var<"x">;
    return cube(x)(x = 2.0) == 8.0 ? 0 : 1;
}
