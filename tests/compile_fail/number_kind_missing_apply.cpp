// A number kind that lacks the operation applying a primitive to its numbers.
// expect: ctdiff::number_kind<N>: a number kind must define static N apply
#include <ctdiff/ctdiff.hpp>

#include <cstddef>

namespace user {
struct counted {
    double v;
};
}  // namespace user

template <>
struct ctdiff::number_kind<user::counted> {
    using value_type = double;
    template <class U>
    using rebind = user::counted;
    static constexpr const double& primal(const user::counted& a) { return a.v; }
    static constexpr user::counted constant(const double& c) { return {c}; }
    template <class U, class F, class... X>
    static constexpr user::counted transform(const F& f, const X&... x) {
        return {f(x.v...)};
    }
#ifndef CTDIFF_MISUSE
    template <class R, class... A>
    static constexpr user::counted apply(R, const A&... a) {
        return {R::template value<double>(a.v...)};
    }
#endif
};

int main() {
    const user::counted y = ctdiff::sigmoid(user::counted{0.0});
    return y.v == 0.5 ? 0 : 1;
}
