// d of a plain number instead of an expression.
// expect: the first argument of ctdiff::d must be an expression
#include <ctdiff/core.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto df = ctdiff::d(3.0, x);
#else
    const auto df = ctdiff::d(3.0 * x, x);
#endif
    return df(x = 0.0) == 3.0 ? 0 : 1;
}
