// f(v) on an expression of two variables.
// expect: ctdiff: f\(v\) needs an expression of exactly one variable
#include <ctdiff/core.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
#ifdef CTDIFF_MISUSE
    const double y = (x * a)(2.0);
#else
    const double y = (x * a)(x = 2.0, a = 1.0);
#endif
    return y == 2.0 ? 0 : 1;
}
