// A rule of two arguments without its derivative.
// expect: ctdiff::binary_function<Rule>: Rule must define static derivative\(args\.\.\., y\) returning
// ctdiff::partials
#include <ctdiff/core.hpp>

#include <string_view>

struct scaled_rule {  // u * w
    static constexpr std::string_view name = "scaled";
    template <class T>
    static constexpr T value(T u, T w) noexcept {
        return u * w;
    }
#ifndef CTDIFF_MISUSE
    static constexpr auto derivative(auto u, auto w, auto) noexcept { return ctdiff::partials(w, u); }
#endif
};
inline constexpr ctdiff::binary_function<scaled_rule> scaled{};

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    const auto g = ctdiff::gradient(scaled(x, a), x = 2.0, a = 3.0);
    return g[x] == 3.0 && g[a] == 2.0 ? 0 : 1;
}
