// pow with a non-integer exponent.
// expect: ctdiff::pow\(e, n\): n must be an integer
#include <ctdiff/core.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto f = ctdiff::pow(x, 2.5);
#else
    const auto f = ctdiff::pow(x, 2);
#endif
    return f(x = 3.0) == 9.0 ? 0 : 1;
}
