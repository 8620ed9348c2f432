// A rule of two arguments whose fused kernel takes one: the dual pass could not call it
// with the parameter, so the contract rejects it.
// expect: ctdiff::binary_function<Rule>: Rule::value_and_derivative\(u\) must return ctdiff::dual<T>
// expect: several arguments: value_and_derivative\(u, p\.\.\.\)
#include <ctdiff/core.hpp>

#include <string_view>

struct scaled_rule {  // u * w
    static constexpr std::string_view name = "scaled";
    template <class T>
    static constexpr T value(T u, T w) noexcept {
        return u * w;
    }
#ifdef CTDIFF_MISUSE
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u) noexcept {
        return {u, T(1)};
    }
#else
    template <class T>
    static constexpr ctdiff::dual<T> value_and_derivative(T u, T w) noexcept {
        return {u * w, w};
    }
#endif
    static constexpr auto derivative(auto u, auto w, auto) noexcept { return ctdiff::partials(w, u); }
};
inline constexpr ctdiff::binary_function<scaled_rule> scaled{};
#ifndef CTDIFF_MISUSE
static_assert(ctdiff::primitive_rule<scaled_rule, 2>);
static_assert(ctdiff::rule_view<scaled_rule, 2>::fused_first<double>);  // the dual pass uses it
#endif

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    const auto r = ctdiff::value_and_derivative(scaled(x, 3.0), x = 2.0);  // the fused kernel
    const auto g = ctdiff::gradient(scaled(x, a), x = 2.0, a = 3.0);       // the partials
    return r.value == 6.0 && r.derivative == 3.0 && g[x] == 3.0 && g[a] == 2.0 ? 0 : 1;
}
