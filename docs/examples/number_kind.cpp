// A number kind of one's own (docs/examples/tangent.hpp) through ctdiff's
// evaluation: every primitive and expression computes on it with no change to
// ctdiff, and it agrees with ctdiff's own dual.
#include "tangent.hpp"

#include <cstdio>

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    int failures = 0;
    //! [number_kind_use]
    const auto f = sigmoid(relu(x)) * x + elu(x, 0.5) / 2;
    const user::tangent<double> r = f(x = user::tangent<double>{0.75, 1.0});  // seeded: x' = 1
    const auto [v, dv] = value_and_derivative(f, x = 0.75);                   // ctdiff's dual
    //! [number_kind_use]
    std::printf("tangent: %.17g %.17g\ndual:    %.17g %.17g\n", r.v, r.t, v, dv);
    failures += !(r.v == v && r.t == dv);
    // Also at compile time, and in float.
    constexpr auto c = gelu(x)(x = user::tangent<double>{-1.5, 1.0});
    static_assert(c.t == value_and_derivative(gelu(x), x = -1.5).derivative);
    const auto g = tanh(x)(x = user::tangent<float>{0.25f, 1.0f});
    failures += !(g.t == value_and_derivative(tanh(x), x = 0.25f).derivative);
    return failures;
}
