// A user's own primitive: one rule gives the symbolic derivative, the dual and
// jet passes and printing. The README shows the whole program (custom_primitive_program).
//! [custom_primitive_program]
#include <ctdiff/ctdiff.hpp>

#include <cstdio>

//! [custom_primitive]
// softclip(u) = u / (1 + |u|), with softclip'(u) = 1 / (1 + |u|)^2 = (1 - |y|)^2.
struct softclip_rule {
    static constexpr std::string_view name = "softclip";
    template <class T>
    static constexpr T value(T u) {
        return u / (T(1) + ctdiff::math::abs(u));
    }
    static constexpr auto derivative(auto u, auto) { return ctdiff::pow(1 / (1 + ctdiff::abs(u)), 2); }
};
inline constexpr ctdiff::unary_function<softclip_rule> softclip{};
//! [custom_primitive]

int main() {
    //! [custom_primitive_use]
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto f = softclip(x);
    const auto df = ctdiff::d(f, x);                                // (1 / (1 + abs(x)))^2
    const auto [v, dv] = ctdiff::value_and_derivative(f, x = 3.0);  // 0.75, 0.0625
    //! [custom_primitive_use]
    std::printf("%s: %g %g %g\n", ctdiff::to_string(df).c_str(), v, dv, df(x = 3.0));
    const bool ok = v == 0.75 && dv == 0.0625 && df(x = 3.0) == 0.0625 &&
                    ctdiff::to_string(df) == "(1 / (1 + abs(x)))^2" && softclip(-1.0) == -0.5;
    return ok ? 0 : 1;
}
//! [custom_primitive_program]
