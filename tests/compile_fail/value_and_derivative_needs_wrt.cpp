// value_and_derivative with several bindings and no wrt(x): which variable?
// expect: ctdiff::value_and_derivative\(f, x = v, a = w\): several variables are bound; say which one
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
#ifdef CTDIFF_MISUSE
    const auto r = ctdiff::value_and_derivative(ctdiff::prelu(x, a), x = -2.0, a = 0.25);
#else
    const auto r = ctdiff::value_and_derivative(ctdiff::prelu(x, a), ctdiff::wrt(x), x = -2.0, a = 0.25);
#endif
    return r.derivative == 0.25 ? 0 : 1;
}
