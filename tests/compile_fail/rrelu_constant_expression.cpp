// rrelu with number bounds in the wrong order, in a constant expression: the
// std::invalid_argument it throws at run time is a compile error here.
// expect: (throw|constant expression)
#include <ctdiff/activations/rrelu.hpp>

#ifdef CTDIFF_MISUSE
constexpr double y = ctdiff::rrelu(-1.0, 0.5, 0.25);
#else
constexpr double y = ctdiff::rrelu(-1.0, 0.25, 0.5);
#endif

int main() { return y == -0.375 ? 0 : 1; }
