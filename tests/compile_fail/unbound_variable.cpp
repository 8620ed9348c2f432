// An expression evaluated with one of its variables left unbound; the error
// spells the variable's name.
// expect: ctdiff: expression evaluated with a variable left unbound
// expect: variable_named<'s', 'l', 'o', 'p', 'e'>
#include <ctdiff/activations/prelu.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto slope = ctdiff::var<"slope">;
    constexpr auto f = ctdiff::prelu(x, slope);
#ifdef CTDIFF_MISUSE
    const double y = f(x = -1.0);
#else
    const double y = f(x = -1.0, slope = 0.5);
#endif
    return y == -0.5 ? 0 : 1;
}
