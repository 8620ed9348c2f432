// select with a condition that is not a comparison.
// expect: ctdiff::select\(cond, a, b\): cond must be a comparison of expressions
#include <ctdiff/core.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto f = ctdiff::select(x, x, 0.0);
#else
    const auto f = ctdiff::select(x > 0.0, x, 0.0);
#endif
    return f(x = 3.0) == 3.0 ? 0 : 1;
}
