// A rule of two arguments with a misspelt `latex`: the message names the binary API.
// expect: ctdiff::binary_function<Rule>: Rule::Latex is misspelt: the member is spelt latex
#include <ctdiff/core.hpp>

#include <string_view>

struct scaled_rule {  // u * w
    static constexpr std::string_view name = "scaled";
#ifdef CTDIFF_MISUSE
    static constexpr std::string_view Latex = "\\operatorname{scaled}";
#else
    static constexpr std::string_view latex = "\\operatorname{scaled}";
#endif
    template <class T>
    static constexpr T value(T u, T w) noexcept {
        return u * w;
    }
    static constexpr auto derivative(auto u, auto w, auto) noexcept { return ctdiff::partials(w, u); }
};
inline constexpr ctdiff::binary_function<scaled_rule> scaled{};
#ifndef CTDIFF_MISUSE
static_assert(ctdiff::primitive_rule<scaled_rule, 2>);
#endif

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    const auto g = ctdiff::gradient(scaled(x, a), x = 2.0, a = 3.0);
    return g[x] == 3.0 && g[a] == 2.0 ? 0 : 1;
}
