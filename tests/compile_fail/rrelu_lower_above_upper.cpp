// rrelu with compile-time bounds in the wrong order.
// expect: ctdiff::rrelu\(e, lower, upper\): lower must not exceed upper
#include <ctdiff/activations/rrelu.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto e = ctdiff::rrelu(x, ctdiff::constant<1, 2>{}, ctdiff::constant<1, 4>{});
#else
    const auto e = ctdiff::rrelu(x, ctdiff::constant<1, 4>{}, ctdiff::constant<1, 2>{});
#endif
    return e(x = -1.0) == -0.375 ? 0 : 1;
}
