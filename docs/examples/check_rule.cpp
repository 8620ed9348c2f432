// check_rule on a user's rule: every route compiles (a SIMD-like batch
// included) and the derivatives agree with finite differences of the value.
#include <ctdiff/check_rule.hpp>
#include <ctdiff/ctdiff.hpp>

#include <cstdio>

//! [check_rule]
// hypot1(u) = sqrt(u^2 + 1), hypot1'(u) = u / hypot1(u).
struct hypot1_rule {
    static constexpr std::string_view name = "hypot1";
    template <class T>
    static constexpr T value(T u) {
        return ctdiff::math::sqrt(u * u + T(1));  // std::sqrt here: a compile error naming the fix
    }
    static constexpr auto derivative(auto u, auto y) { return u / y; }
};

int main() {
    const ctdiff::rule_report r = ctdiff::check_rule<hypot1_rule>(-8.0, 8.0, 161);
    std::printf("f' worst %.1e at %g, f'' worst %.1e at %g, batch %.1e\n", r.first_error, r.first_at,
                r.second_error, r.second_at, r.batch_error);
    return r.within(1e-9) ? 0 : 1;
}
//! [check_rule]
