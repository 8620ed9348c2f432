// wrt takes a variable, not a number.
// expect: ctdiff::wrt\(x\): x must be a ctdiff variable
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto w = ctdiff::wrt(2.0);
#else
    const auto w = ctdiff::wrt(x);
#endif
    const auto r = ctdiff::value_and_derivative(ctdiff::sigmoid(x), ctdiff::wrt(x), x = 0.0);
    static_cast<void>(w);
    return r.derivative == 0.25 ? 0 : 1;
}
