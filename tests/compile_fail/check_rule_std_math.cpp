// A rule whose value() calls a std:: function works on double and fails on a
// SIMD batch; check_rule finds it at compile time with the fix.
// expect: converts its argument to a built-in number, as std::sqrt
#include <ctdiff/check_rule.hpp>

#include <cmath>
#include <string_view>

struct hypot1_rule {  // sqrt(u^2 + 1)
    static constexpr std::string_view name = "hypot1";
    template <class T>
    static T value(T u) noexcept {
#ifdef CTDIFF_MISUSE
        return std::sqrt(u * u + 1.0);
#else
        return ctdiff::math::sqrt(u * u + 1.0);
#endif
    }
    static constexpr auto derivative(auto u, auto y) noexcept { return u / y; }
};

int main() { return ctdiff::check_rule<hypot1_rule>().within(1e-9) ? 0 : 1; }
