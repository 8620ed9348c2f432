// The accuracy guide (docs/accuracy.md): why the rules use stable forms.
// Far in the tails the textbook formulas lose every digit; ctdiff's do not.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    int failures = 0;

    //! [sigmoid_tail]
    const double v = 40.0;
    const double s = sigmoid(v);                      // rounds to 1 in double
    const double textbook = s * (1 - s);              // 0: every digit lost
    const double ctdiff_d = d(sigmoid(x), x)(x = v);  // 4.248e-18, exp(-40) to full precision
    //! [sigmoid_tail]
    const double reference = std::exp(-v) / ((1 + std::exp(-v)) * (1 + std::exp(-v)));
    if (textbook != 0.0 || std::fabs(ctdiff_d - reference) > 4 * 1.1e-16 * reference) ++failures;

    //! [tanh_tail]
    const double t = tanh(20.0);                      // rounds to 1
    const double textbook_t = 1 - t * t;              // 0
    const double ctdiff_t = d(tanh(x), x)(x = 20.0);  // 1.70e-17, sech^2(20)
    //! [tanh_tail]
    const double sech = 2.0 / (std::exp(20.0) + std::exp(-20.0));
    if (textbook_t != 0.0 || std::fabs(ctdiff_t - sech * sech) > 4 * 1.1e-16 * sech * sech) ++failures;

    //! [limits]
    const double inf = HUGE_VAL;
    const double s_inf = d(sigmoid(x), x)(x = -inf);          // 0, not NaN
    const double s_nan = d(sigmoid(x), x)(x = std::nan(""));  // NaN in, NaN out
    //! [limits]
    if (s_inf != 0.0 || !std::isnan(s_nan)) ++failures;

    std::printf("sigmoid'(40) = %.17g (textbook %g), tanh'(20) = %.17g: %s\n", ctdiff_d, textbook, ctdiff_t,
                failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
