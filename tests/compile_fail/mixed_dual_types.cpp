// Arithmetic on duals of different value types, without a conversion.
// expect: ctdiff::dual: arithmetic on duals of different value types
#include <ctdiff/dual.hpp>

int main() {
    const ctdiff::dual<float> a{2.0f, 1.0f};
    const ctdiff::dual<double> b{3.0, 0.0};
#ifdef CTDIFF_MISUSE
    const auto c = a * b;
#else
    const auto c = ctdiff::dual<double>{a.value, a.derivative} * b;
#endif
    return c.derivative == 3.0 ? 0 : 1;
}
