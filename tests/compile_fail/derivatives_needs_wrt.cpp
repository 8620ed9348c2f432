// derivatives<n> with several bindings and no wrt(x): which variable?
// expect: ctdiff::derivatives<n>\(f, x = v, a = w\): several variables are bound; say which one
#include <ctdiff/activations/elu.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
#ifdef CTDIFF_MISUSE
    const auto t = ctdiff::derivatives<2>(ctdiff::elu(x, a), a = 3.0, x = -1.0);
#else
    const auto t = ctdiff::derivatives<2>(ctdiff::elu(x, a), ctdiff::wrt(a), a = 3.0, x = -1.0);
#endif
    return t[2] == 0.0 ? 0 : 1;
}
