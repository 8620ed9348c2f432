// A rule that asks for extended precision: its value runs in a wider type and
// is rounded once, where the formula in working precision would cancel.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

//! [precision]
// sigmoid(u) - 1/2, written as the formula reads. Near u = 0 the subtraction
// cancels (about log2(2 / |u|) bits), so the rule asks for extended precision:
// float is computed in double and double in long double, then rounded once.
// extended_where keeps the slower long double work to |u| < 1.
struct centered_sigmoid_rule {
    static constexpr std::string_view name = "centered_sigmoid";
    static constexpr ctdiff::rule_precision precision = ctdiff::rule_precision::extended;
    static constexpr bool extended_where(double u) { return std::fabs(u) < 1; }
    template <class T>
    static constexpr T value(T u) {
        return T(1) / (T(1) + ctdiff::math::exp(-u)) - T(0.5);
    }
    static constexpr auto derivative(auto u, auto) { return ctdiff::dsigmoid(u); }
};
inline constexpr ctdiff::unary_function<centered_sigmoid_rule> centered_sigmoid{};
//! [precision]

// The same rule in working precision, for comparison.
struct centered_sigmoid_working_rule : centered_sigmoid_rule {
    static constexpr ctdiff::rule_precision precision = ctdiff::rule_precision::working;
};
inline constexpr ctdiff::unary_function<centered_sigmoid_working_rule> centered_sigmoid_working{};

namespace {
// |c - r| in units of the last place of r (r: a closed form in long double, tanh(u / 2) / 2).
double ulps(double c, long double r) {
    const double rd = static_cast<double>(r);
    return static_cast<double>(std::fabs(static_cast<long double>(c) - r) /
                               (std::nextafter(std::fabs(rd), INFINITY) - std::fabs(rd)));
}
}  // namespace

int main() {
    //! [precision_use]
    const double u = 1e-3;
    const double y = centered_sigmoid(u);          // tanh(u / 2) / 2 within an ULP
    const double w = centered_sigmoid_working(u);  // off by hundreds of ULP
    //! [precision_use]
    const long double r = std::tanh(static_cast<long double>(u) / 2) / 2;
    std::printf("extended: %.17g (%.2f ULP), working: %.17g (%.2f ULP)\n", y, ulps(y, r), w, ulps(w, r));
    bool ok = ulps(w, r) > 16;  // the cancellation is real
    if (std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits)
        ok = ok && ulps(y, r) <= 1;
    // The derivative is the rule's expression, whatever the precision of the value.
    constexpr auto x = ctdiff::var<"x">;
    ok = ok && ctdiff::d(centered_sigmoid(x), x)(x = u) == ctdiff::dsigmoid(u);
    return ok ? 0 : 1;
}
